"""`dlpguard doctor`'s tray check: running or not, and whether the desktop has a system tray."""

from __future__ import annotations

import threading

from dlpguard.guard.doctor import DoctorContext, Status
from dlpguard.gui.doctor_check import check_tray, probe_tray
from dlpguard.gui.instance import InstanceServer


def test_not_running_without_a_display_is_degraded_and_says_why(gui_env, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = check_tray(DoctorContext())
    assert result.status is Status.DEGRADED
    assert "not running" in result.summary and "no display" in result.summary


def test_the_probe_asks_qt_in_a_child_process(gui_env, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")  # the child inherits QT_QPA_PLATFORM=offscreen: no tray there
    assert probe_tray() == {"platform": "offscreen", "tray": False}


def test_a_running_app_reports_its_own_state(qtbot, gui_env):
    status = {"ok": True, "pid": 4242, "state": "protected", "headline": "Protected", "tray_available": False}
    server = InstanceServer(lambda command: status if command == "status" else {"ok": True})
    assert server.listen()
    results = []
    thread = threading.Thread(target=lambda: results.append(check_tray(DoctorContext())))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20_000)
    server.close()
    (result,) = results
    assert result.status is Status.OK
    assert "without a system tray" in result.summary and "Protected" in result.summary
    assert result.details["app"]["pid"] == 4242
