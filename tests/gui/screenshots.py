"""Renders the product's screenshots on a real X display (run by test_screenshots.py under Xvfb).

`python screenshots.py OUT_DIR` with DLPGUARD_* pointing at a private home: it fills the incident log
with generated incidents, opens the windows as a user would see them and saves PNGs. Data and sizes
are fixed, so a picture changes only when the UI does.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from dlpguard.engine.types import Category, Finding
from dlpguard.guard.decisions import RestoreRules
from dlpguard.gui.check_text import CheckTextWindow
from dlpguard.gui.clipboard_guard import ClipboardAction, ClipboardDecision
from dlpguard.gui.focus import FocusedApp
from dlpguard.gui.notices import notice_for_clipboard
from dlpguard.gui.notifications import Toast
from dlpguard.gui.state import EngineLoaded, EngineMode, Facts, PolicyChanged, reduce
from dlpguard.gui.tray import Tray
from dlpguard.gui.worker import Background

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NOW = 1_743_440_000.0  # fixed, so the pause line and times never change between runs
CHECK_TEXT = (
    "Hi team, the staging deploy fails. Config below:\n\n"
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ\n"
    "billing contact: maria.keller@northwind-traders.net, +44 20 7183 0958\n"
    "test card 4539 1488 0343 6467 was declined.\n\n"
    "Can you tell me what is wrong?"
)


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: object, timeout_ms: int = 30_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:  # type: ignore[operator]
        settle(20)
        waited += 20
    if not condition():  # type: ignore[operator]
        raise SystemExit("screenshots: timed out waiting for the UI")


def save(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / name), "PNG")


REFUSAL = (
    "/etc/dlpguard/policy.yaml:12: rules.categories.secrett: unknown key (expected one of secret, "
    "financial, government_id, contact, person, location, network, health, custom)"
)
#: The tray menu in the states an employee should tell apart at a glance.
TRAY_MENUS = {
    "tray-menu.png": PolicyChanged("admin", 7, allows_pause=True, allows_quit=True),
    "tray-menu-audit-only.png": PolicyChanged("admin", 7, allows_pause=True, simulation=True),
    "tray-menu-policy-refused.png": PolicyChanged(
        "rejected", 7, REFUSAL, allows_pause=True, kept="the last good signed policy v7 from 2025-03-31 09:00"
    ),
}


def tray_menu(out: Path) -> None:
    for name, policy in TRAY_MENUS.items():
        tray = Tray(available=False, clock=lambda: NOW)
        facts = reduce(reduce(Facts(), policy), EngineLoaded(EngineMode.NER))
        restore = name == "tray-menu.png"
        tray.render(facts, restore_available=restore, restore_seconds_left=42 if restore else None)
        tray.menu.popup(QGuiApplication.primaryScreen().availableGeometry().center())
        settle()
        save(tray.menu, out, name)
        tray.menu.hide()


def notification(out: Path) -> None:
    findings = (
        Finding("CREDIT_CARD", Category.FINANCIAL, 0, 19, 0.95, "card"),
        Finding("EMAIL_ADDRESS", Category.CONTACT, 30, 60, 0.9, "email"),
    )
    decision = ClipboardDecision(
        ClipboardAction.MASK,
        None,
        findings,
        masked_text="x",
        app=FocusedApp("Terminal"),
        restore=RestoreRules(True, True, 10),  # the default rules: restore with a justification
    )
    notice = notice_for_clipboard(decision, 60)
    assert notice is not None
    toast = Toast(notice.__class__(notice.title, notice.body, notice.level, notice.actions, timeout_ms=0))
    toast.place()
    toast.show()
    settle()
    save(toast, out, "notification.png")
    toast.close()


def review(out: Path, background: Background) -> None:
    """The review window in light and dark, drawn by docs/screenshots/make_screenshots.py (one source)."""
    spec = importlib.util.spec_from_file_location("make_screenshots", DOCS_SHOTS / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    shots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shots)
    shots.build_demo_log()
    for dark in (False, True):
        shots.render(out, dark=dark)


def check_text(out: Path, background: Background) -> None:
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.watcher import PolicyStore

    store = PolicyStore()
    services = GuardServices(lambda: store.loaded)
    window = CheckTextWindow(services, background)
    window.resize(1100, 560)
    window.show()
    window.input.setPlainText(CHECK_TEXT)
    window.check_now()
    wait_for(lambda: window.assessment is not None)
    window.input.moveCursor(window.input.textCursor().MoveOperation.End)
    settle()
    save(window, out, "check-text.png")
    window.close()
    services.close()


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    background = Background()
    tray_menu(out)
    notification(out)
    review(out, background)
    check_text(out, background)
    background.wait()
    app.processEvents()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The PNGs are written: skip tearing down dozens of parentless widgets in interpreter order.
    os._exit(code)
