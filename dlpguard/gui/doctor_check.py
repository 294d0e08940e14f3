"""`dlpguard doctor`: is the tray app running, and does this desktop have a system tray?

`check_tray` follows the doctor's contract. A running app answers on its single-instance socket with
its state, so the doctor reports what the app itself sees (a running app without a tray is fine: the
bridge and clipboard guard work, there is just no icon). When no app runs, a short child process asks
Qt whether a tray exists, so the doctor itself never loads a GUI toolkit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dlpguard.guard.doctor import CheckResult, DoctorContext, Status

PROBE_TIMEOUT_SECONDS = 15.0
_PROBE = (
    "import json\n"
    "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
    "app = QApplication([])\n"
    "print(json.dumps({'platform': app.platformName(), 'tray': QSystemTrayIcon.isSystemTrayAvailable()}))\n"
)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def probe_tray() -> dict[str, object]:
    """{'platform': ..., 'tray': bool} from a child process, or {'error': ...}."""
    if not has_display():
        return {"error": "no display (DISPLAY / WAYLAND_DISPLAY unset)"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": f"tray probe failed: {type(exc).__name__}"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": f"Qt could not start here (exit {done.returncode})"}
    try:
        found = json.loads(lines[-1])
    except ValueError:
        return {"error": "tray probe gave no answer"}
    return found if isinstance(found, dict) else {"error": "tray probe gave no answer"}


def check_tray(context: DoctorContext) -> CheckResult:
    from dlpguard.gui.instance import ask_running_app, instance_address

    details: dict[str, object] = {"instance_socket": instance_address()}
    status = ask_running_app("status")
    if status is not None:
        details["app"] = status
        state = status.get("headline") or status.get("state")
        if status.get("tray_available"):
            return CheckResult(
                "tray", Status.OK, f"tray app running (pid {status.get('pid')}): {state}", details
            )
        return CheckResult(
            "tray",
            Status.OK,
            f"tray app running without a system tray (no icon; bridge and clipboard guard active): {state}",
            details,
        )
    probe = probe_tray()
    details["probe"] = probe
    if "error" in probe:
        where = f"no system tray: {probe['error']}"
    else:
        where = "a system tray is available" if probe.get("tray") else "this desktop has no system tray"
    return CheckResult(
        "tray",
        Status.DEGRADED,
        f"tray app not running (no clipboard guard; browsers use the in-process engine); {where}",
        details,
    )
