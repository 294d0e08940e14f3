"""Renders the incident review window in light and dark for the docs (Qt offscreen, no display needed).

    .venv/bin/python docs/screenshots/make_screenshots.py [OUT_DIR]   # default: this folder

Writes review-window.png (the light palette) and review-window-dark.png (a dark desktop palette). The
log is realistic and fake: 240 generated incidents over 45 days on five AI sites and three desktop
apps (tests/gui/data.py: planted values that look real and are not), two pauses, a few reviewed. It
lives in a private temporary folder; nothing of the user's own is read or written. Data, sizes and
the clock are fixed, so a picture changes only when the UI does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
INCIDENTS = 240
SELECTED_ROW = 3  # a block with a value seen before; the pause two rows above keeps its own style


def _private_environment(home: Path) -> None:
    """Everything DLP Guard touches points into `home` (before any dlpguard import reads it)."""
    for name, sub in (
        ("DLPGUARD_DATA_DIR", "data"),
        ("DLPGUARD_CONFIG_DIR", "config"),
        ("DLPGUARD_RUNTIME_DIR", "run"),
        ("DLPGUARD_MACHINE_DIR", "machine"),
    ):
        os.environ[name] = str(home / sub)
    os.environ["DLPGUARD_POLICY"] = str(home / "machine" / "policy.yaml")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    os.environ["TZ"] = "UTC"


def build_demo_log() -> None:
    """The generated incidents, two pauses (one resumed early) and a few reviews, in the user's log."""
    from dlpguard.incidents.build import build_pause
    from dlpguard.incidents.store import Store, default_path
    from tests.gui.data import END, build_log, incident_id

    build_log(default_path(), INCIDENTS, base=INCIDENTS)
    with Store(default_path()) as store:
        store.append(
            build_pause(
                "pause",
                "protection paused by the user for 15 minutes",
                actor="jdoe",
                policy_version="7",
                now=END - timedelta(hours=2),
            )
        )
        store.append(
            build_pause(
                "pause",
                "protection paused by the user for 60 minutes",
                actor="jdoe",
                policy_version="7",
                now=END - timedelta(days=3, hours=4),
            )
        )
        store.append(
            build_pause(
                "resume",
                "protection resumed by the user",
                actor="jdoe",
                policy_version="7",
                now=END - timedelta(days=3, hours=3, minutes=20),
            )
        )
        for i in (4, 9, 14, 21):
            store.mark_reviewed(incident_id(i), "test data from the staging runbook", reviewer="security")


def render(out: Path, *, dark: bool) -> Path:
    """One picture of the review window with the given palette; returns its path."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from dlpguard.engine.types import Action, UserDecision
    from dlpguard.gui.review_data import own_log
    from dlpguard.gui.review_theme import dark_palette
    from dlpguard.gui.review_window import ReviewWindow
    from dlpguard.gui.saved_filters import FilterState, SavedFilters
    from dlpguard.gui.worker import Background
    from tests.gui.data import END

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setPalette(dark_palette() if dark else app.style().standardPalette())

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
            raise SystemExit("make_screenshots: timed out waiting for the review window")

    saved = SavedFilters()
    saved.save("Unreviewed blocks", FilterState(action=Action.BLOCK, reviewed=False))
    saved.save("Sent anyway this month", FilterState(period_days=30, decision=UserDecision.SEND_ANYWAY))
    background = Background()
    source = own_log()
    window = ReviewWindow(source, background, clock=lambda: END)
    window.resize(1280, 800)
    window.show()
    wait_for(lambda: not window.chart.loading)
    window.table.selectRow(SELECTED_ROW)
    wait_for(
        lambda: (
            window.current is not None
            and (window.recurrences is not None or not window.current.record.findings)
        )
    )
    window.table.setFocus()
    settle()
    name = "review-window-dark.png" if dark else "review-window.png"
    path = out / name
    window.grab().save(str(path), "PNG")
    window.close()
    background.wait()
    source.close()
    app.setPalette(app.style().standardPalette())  # what is drawn next is not left dark
    return path


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlpguard-shots-") as home:
        _private_environment(Path(home))
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])
        app.setStyle("Fusion")
        build_demo_log()
        for dark in (False, True):
            print(render(out, dark=dark))
        app.processEvents()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # the PNGs are written: skip tearing down parentless widgets in interpreter order
