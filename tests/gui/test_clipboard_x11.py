"""The clipboard guard against a real X server: the tray app in its own process, xclip as another app.

Xvfb is started by the test (a free display), the app runs as `dlpguard gui` would at login, and
xclip writes and reads the clipboard as any other program does. The system tray is unavailable under
Xvfb, so nothing here depends on it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlpguard.gui.instance import ask_running_app
from dlpguard.incidents.store import Store, default_path
from tests.gui.conftest import CARD, EMAIL, RAW_VALUES, SECRET_TEXT
from tests.gui.x11 import app_environ, start_app, stop, x11_tools_missing, xclip_copy, xclip_paste, xvfb

pytestmark = pytest.mark.skipif(bool(x11_tools_missing()), reason=f"needs {x11_tools_missing()}")

TIMEOUT = 60_000
HERE = Path(__file__).resolve().parent
#: A card (blocked, overridable) and an email (masked): the default rules let the user restore it with a
#: justification (a secret they do not).
RESTORABLE = f"bill card {CARD}, and mail {EMAIL} when done"
WHY = "ticket 4711: the vendor needs the real card"


@pytest.fixture
def display():
    with xvfb() as name:
        yield name


@pytest.fixture
def running_app(qtbot, gui_env, display):
    env = app_environ(gui_env.environ(), display)
    proc = start_app(env)
    status: dict = {}

    def ready() -> bool:
        assert proc.poll() is None, f"the app exited: {stop(proc)}"
        reply = ask_running_app("status", timeout=2)
        if reply and reply.get("engine") not in (None, "loading"):
            status.update(reply)
            return True
        return False

    qtbot.waitUntil(ready, timeout=TIMEOUT)
    yield proc, env, status
    stderr = stop(proc)
    assert "Traceback" not in stderr, stderr


def clipboard_status() -> dict:
    reply = ask_running_app("status", timeout=5)
    assert reply is not None, "the app stopped answering"
    return reply["clipboard"] | {"pending": reply["background_pending"]}


def settled(expect_changes: int):
    """True once the app has handled `expect_changes` clipboard changes and has no work left."""

    def check() -> bool:
        s = clipboard_status()
        return s["changes"] == expect_changes and s["handled"] == expect_changes and s["pending"] == 0

    return check


def test_another_apps_copy_is_masked_restored_and_never_loops(qtbot, running_app, display, gui_env):
    _, _, status = running_app
    assert status["platform"] == "xcb" and status["tray_available"] is False
    assert "status" in status["windows"]  # no tray under Xvfb: the status window stands in

    xclip_copy(display, RESTORABLE)
    qtbot.waitUntil(settled(2), timeout=TIMEOUT)  # the copy, and our own masked write
    masked = xclip_paste(display)
    assert masked.startswith("bill card ") and CARD not in masked and EMAIL not in masked
    state = clipboard_status()
    assert state["writes"] == 1 and state["restore_available"] and state["last_latency_ms"] < 5000
    assert 0 < state["restore_seconds_left"] <= 60

    refused = ask_running_app("restore-clipboard")
    assert refused["ok"] is False and "at least 10 characters" in refused["error"]  # the policy wants why
    assert ask_running_app(f"restore-clipboard {WHY}") == {"ok": True}
    qtbot.waitUntil(settled(3), timeout=TIMEOUT)
    assert xclip_paste(display) == RESTORABLE
    state = clipboard_status()
    assert state["writes"] == 2 and not state["restore_available"]  # no loop: it did not mask its restore

    def recorded() -> bool:
        with Store(default_path()) as store:
            (incident,) = store.page().items
        return incident.decision.value == "restored"

    qtbot.waitUntil(recorded, timeout=TIMEOUT)
    with Store(default_path()) as store:
        (incident,) = store.page().items
    assert (incident.record.source.value, incident.record.action.value, incident.decision.value) == (
        "clipboard",
        "mask",
        "restored",  # its own kind, never "send anyway"
    )
    assert incident.justification == WHY


def test_a_secret_is_masked_with_no_restore_under_the_default_rules(qtbot, running_app, display):
    xclip_copy(display, SECRET_TEXT)
    qtbot.waitUntil(settled(2), timeout=TIMEOUT)
    masked = xclip_paste(display)
    assert "[AWS_ACCESS_KEY]" in masked and not any(value in masked for value in RAW_VALUES)
    state = clipboard_status()
    assert not state["restore_available"] and state["restore_seconds_left"] is None
    assert ask_running_app(f"restore-clipboard {WHY}")["ok"] is False
    assert xclip_paste(display) == masked


def test_a_password_managers_copy_is_left_alone_and_not_logged(qtbot, running_app, display):
    _, env, _ = running_app
    manager = subprocess.Popen(
        [sys.executable, str(HERE / "password_manager.py"), SECRET_TEXT],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert manager.stdout is not None and manager.stdout.readline().strip() == b"copied"
        qtbot.waitUntil(settled(1), timeout=TIMEOUT)
        assert xclip_paste(display) == SECRET_TEXT
        assert clipboard_status()["writes"] == 0
    finally:
        manager.terminate()
        manager.wait(10)
        if manager.stdout:
            manager.stdout.close()
    assert not default_path().exists() or Store(default_path()).count() == 0


def test_a_second_start_hands_over_and_exits(qtbot, running_app):
    proc, env, status = running_app
    second = subprocess.run(
        [sys.executable, "-m", "dlpguard", "gui"], env=env, capture_output=True, timeout=60, check=False
    )
    assert second.returncode == 0, second.stderr.decode()
    assert "status" in ask_running_app("status")["windows"]  # no tray: a plain start shows the status window
    review = subprocess.run(
        [sys.executable, "-m", "dlpguard", "gui", "--show-review"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert review.returncode == 0, review.stderr.decode()
    qtbot.waitUntil(lambda: "review" in ask_running_app("status")["windows"], timeout=TIMEOUT)
    assert proc.poll() is None and ask_running_app("status")["pid"] == status["pid"]
