"""The installed `dlpguard` console script, run as a real process: large streamed inputs, the missing-model
warning, and JSON Lines answered while the input is still open."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from pathlib import Path

import pytest

from dlpguard.engine.chunking import DEFAULT_WINDOW
from tests.test_cli import CLEAN, KEY, planted_text

DLPGUARD = Path(sys.executable).with_name("dlpguard")
pytestmark = pytest.mark.skipif(not DLPGUARD.exists(), reason="console script not installed in this venv")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A clean environment: our dirs point into tmp, nothing from the developer's shell leaks in."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
    for name in ("DATA", "CONFIG", "RUNTIME", "MACHINE"):
        base[f"DLPGUARD_{name}_DIR"] = str(tmp_path / name.lower())
    return base


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(DLPGUARD), *args], env=env, capture_output=True, timeout=240, check=False, **kwargs
    )


@pytest.mark.slow
def test_ten_megabyte_file_is_streamed_and_masked_window_by_window(tmp_path, env):
    w = DEFAULT_WINDOW
    # Keys ending exactly at a window boundary, crossing one, starting at one, just after one, far on.
    positions = [0, w - 20, 2 * w - 10, 3 * w, 10 * w + 1, 40 * w - 20]
    length = 40 * w + 100_000  # 10.6 MB
    text, keys = planted_text(length, positions)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")

    proc = run(["scan", "--no-model", "--mask", str(path)], env)

    assert proc.returncode == 1, proc.stderr
    expected = text
    for key in keys:
        expected = expected.replace(key, "[AWS_ACCESS_KEY]")
    masked = proc.stdout.decode("utf-8")
    assert len(masked) == len(expected)
    assert masked == expected
    assert b"dlpguard: 6 findings in 10,585,760 characters" in proc.stderr


@pytest.fixture
def no_model_env(env, tmp_path) -> dict[str, str]:
    empty = tmp_path / "no-models"
    empty.mkdir()
    return {**env, "DLPGUARD_MODELS_DIR": str(empty)}


@pytest.mark.parametrize("text, code", [(f"key {KEY}\n", 1), (CLEAN, 0)])
def test_missing_model_warns_loudly_and_still_scans(no_model_env, text, code):
    proc = run(["scan", "--format", "json"], no_model_env, input=text.encode())
    assert proc.returncode == code
    warning = proc.stderr.decode().splitlines()
    assert len(warning) == 1
    assert warning[0].startswith("dlpguard: warning: NER model unavailable (model manifest not found at ")
    assert warning[0].endswith("): names and places are not detected")
    assert json.loads(proc.stdout)["model"]["mode"] == "pattern-only"


def test_no_model_on_purpose_does_not_warn(no_model_env):
    proc = run(["scan", "--no-model"], no_model_env, input=f"key {KEY}\n".encode())
    assert proc.returncode == 1
    assert proc.stderr == b""


def test_errors_exit_2_with_one_line(env):
    proc = run(["scan", "--no-model", "-"], env, input=b"\x00")
    assert (proc.returncode, proc.stderr) == (2, b"dlpguard: error: binary input (NUL byte at offset 0)\n")


def test_jsonl_answers_each_line_before_the_input_ends(env):
    proc = subprocess.Popen(
        [str(DLPGUARD), "scan", "--no-model", "--jsonl"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        answers = []
        for i, text in enumerate([f"key {KEY}", "{broken", CLEAN]):
            line = text if text.startswith("{") else json.dumps({"id": i, "text": text})
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            assert selector.select(timeout=120), "no answer while the input is still open"
            answers.append(json.loads(proc.stdout.readline()))
        proc.stdin.close()
        assert proc.wait(timeout=60) == 2  # a line errored
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        selector.close()
    assert [a["id"] for a in answers] == [0, None, 2]
    assert len(answers[0]["findings"]) == 1 and "error" in answers[1] and answers[2]["findings"] == []


def test_python_dash_m_runs_the_same_cli(env):
    proc = subprocess.run(
        [sys.executable, "-m", "dlpguard", "--version"],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and b"0.1.0" in proc.stdout
