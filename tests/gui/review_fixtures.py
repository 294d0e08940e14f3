"""Shared set-up for the review window's tests: a window over the user's own log, with pauses in it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from dlpguard.engine.types import Action, Source
from dlpguard.gui.review_data import own_log
from dlpguard.gui.review_window import ReviewWindow
from dlpguard.gui.saved_filters import SavedFilters
from dlpguard.incidents.build import build_pause, new_incident_id
from dlpguard.incidents.model import Incident
from dlpguard.incidents.store import Store, default_path
from tests.gui.data import END

TIMEOUT = 30_000


def add_pauses() -> list[str]:
    """A pause, a resume, and a pause as an older DLP Guard recorded it (an app "detection"); newest first."""
    legacy = Incident(
        id=new_incident_id(), source=Source.APP, event="pause", action=Action.ALLOW, actor="jdoe",
        note="protection paused by the user for 60 minutes", policy_version="6",
        time=END + timedelta(hours=1),
    )  # fmt: skip
    with Store(default_path()) as store:
        resume = store.append(
            build_pause("resume", "protection resumed", actor="jdoe", now=END + timedelta(hours=3))
        )
        pause = store.append(
            build_pause(
                "pause", "protection paused by the user for 15 minutes", actor="jdoe", policy_version="7",
                now=END + timedelta(hours=2),
            )
        )  # fmt: skip
        old = store.append(legacy)
    return [resume.id, pause.id, old.id]


def open_window(qtbot, background, *, saved: SavedFilters | None = None) -> Iterator[ReviewWindow]:
    source = own_log()
    win = ReviewWindow(source, background, saved_filters=saved)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.chart.loading, timeout=TIMEOUT)
    try:
        yield win
    finally:
        win.close()
        background.wait()
        source.close()


def select(qtbot, win: ReviewWindow, row: int) -> str:
    win.table.selectRow(row)
    incident = win.model.incident_id(row)
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == incident, timeout=TIMEOUT)
    return incident
