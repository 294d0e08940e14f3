"""The committed files made from Python (protocol schema, extension constants) are what Python makes now."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpguard.bridge import regenerate
from dlpguard.bridge.regenerate import GENERATED_FILES, REPO_ROOT, stale_files, write_generated

COMMAND = ".venv/bin/python -m dlpguard.bridge.regenerate"


@pytest.mark.parametrize("relative", list(GENERATED_FILES))
def test_committed_generated_file_is_up_to_date(relative):
    committed = (REPO_ROOT / relative).read_text(encoding="utf-8")
    assert committed == GENERATED_FILES[relative](), (
        f"{relative} is out of date with the Python sources it is made from: "
        f"regenerate it with `{COMMAND}` and commit the result"
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for folder in ("docs", "extension/src/common"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


def test_writing_makes_every_file_and_a_second_run_changes_nothing(checkout):
    assert stale_files(checkout) == list(GENERATED_FILES)
    assert write_generated(checkout) == list(GENERATED_FILES)
    assert stale_files(checkout) == []
    assert write_generated(checkout) == []


def test_a_hand_edit_is_stale_and_overwritten(checkout):
    write_generated(checkout)
    edited = checkout / "extension/src/common/generated.js"
    edited.write_text(edited.read_text(encoding="utf-8").replace("'closed'", "'open'"), encoding="utf-8")
    assert stale_files(checkout) == ["extension/src/common/generated.js"]
    write_generated(checkout)
    assert stale_files(checkout) == []


def test_outside_a_source_checkout_nothing_is_written(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a DLP Guard source checkout"):
        write_generated(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_command_says_what_it_did(checkout, tmp_path, capsys):
    assert regenerate.main(checkout) == 0
    assert capsys.readouterr().out.splitlines() == [f"rewrote: {r}" for r in GENERATED_FILES]
    assert regenerate.main(checkout) == 0
    assert capsys.readouterr().out.splitlines() == [f"up to date: {r}" for r in GENERATED_FILES]
    assert regenerate.main(tmp_path / "elsewhere") == 2
    assert "not a DLP Guard source checkout" in capsys.readouterr().err
