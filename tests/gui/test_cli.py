"""`dlpguard` with no subcommand (and `dlpguard gui`) starts the tray app; headless, it still serves."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from dlpguard.cli import main
from dlpguard.gui.app import headless_platform
from dlpguard.gui.instance import ask_running_app
from tests.gui.x11 import stop

TIMEOUT = 60_000


def test_gui_is_a_registered_command():
    result = CliRunner().invoke(main, ["gui", "--help"])
    assert result.exit_code == 0 and "--review" in result.output and "--check-text" in result.output
    assert "--show-review" in result.output  # the way to the review window without a tray icon
    assert "gui" in CliRunner().invoke(main, ["--help"]).output


def test_show_review_and_check_text_open_one_window_each():
    result = CliRunner().invoke(main, ["gui", "--show-review", "--check-text"])
    assert result.exit_code == 2 and "give one of them" in result.output


def test_a_session_without_a_display_runs_headless(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert headless_platform() == ("offscreen" if sys.platform.startswith("linux") else None)
    monkeypatch.setenv("DISPLAY", ":0")
    assert headless_platform() is None


def test_dlpguard_without_arguments_starts_the_app_headless_and_says_so(qtbot, gui_env):
    env = {
        k: v
        for k, v in gui_env.environ().items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "dlpguard"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    status: dict = {}

    def up() -> bool:
        assert proc.poll() is None, stop(proc)
        reply = ask_running_app("status", timeout=2)
        if reply and reply.get("engine") != "loading":
            status.update(reply)
        return bool(status)

    try:
        qtbot.waitUntil(up, timeout=TIMEOUT)
        assert status["platform"] == "offscreen" and status["tray_available"] is False
        assert status["bridge"] == str(gui_env.runtime_dir / "bridge.sock") and status["clipboard"] is None
    finally:
        stderr = stop(proc)
    assert proc.returncode == 0, stderr  # SIGTERM ends it cleanly
    log = (gui_env.data_dir / "logs" / "gui.log").read_text(encoding="utf-8")
    assert "no system tray" in log and "running headless" in log
    # What runs and how to get on: the bridge serving, and what to use without windows.
    assert f"the browser bridge is serving at {gui_env.runtime_dir / 'bridge.sock'}" in log
    assert "no display: no windows can open here" in log and "dlpguard incidents list" in log
    assert oct((gui_env.data_dir / "logs" / "gui.log").stat().st_mode & 0o777) == "0o600"
    assert ask_running_app("ping") is None  # the instance socket went with it
