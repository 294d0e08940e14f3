"""Exported logs for reviewers: what opens, and what is refused with a clear error."""

from __future__ import annotations

import pytest

from dlpguard.errors import IncidentLogError
from dlpguard.gui.review_data import open_exported, own_log


@pytest.mark.parametrize(
    "content, message",
    [("not json\n", "desktop.jsonl:1: not an exported incident"), ('{"id": 1}\n', "desktop.jsonl:1")],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path, content, message):
    path = tmp_path / "desktop.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IncidentLogError, match=message):
        open_exported([path])


def test_nothing_to_open_is_an_error():
    with pytest.raises(IncidentLogError):
        open_exported([])


def test_the_own_log_is_writable(small_log):
    source = own_log()
    try:
        assert not source.read_only and source.store.count() == 300
    finally:
        source.close()
