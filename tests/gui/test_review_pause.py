"""A pause is shown as a pause: its own row style and text, not `detection app – allow`, also for pauses
an older DLP Guard recorded as app detections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dlpguard.gui.review_model import COLUMNS, SEVERITY_COLUMN
from dlpguard.gui.review_window import explain
from tests.gui.review_fixtures import add_pauses, open_window

TITLES = [c.title for c in COLUMNS]


@pytest.fixture
def window(qtbot, small_log, background):
    ids = add_pauses()
    for win in open_window(qtbot, background):
        win.pause_ids = ids
        yield win


def row_of(window, incident_id: str) -> int:
    return next(i for i, row in enumerate(window.model.rows) if row.id == incident_id)


def cells(window, row: int, role=Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [window.model.data(window.model.index(row, c), role) for c in range(len(COLUMNS))]


def test_a_pause_row_says_what_it_is(window):
    resume_id, pause_id, _ = window.pause_ids
    shown = dict(zip(TITLES, cells(window, row_of(window, pause_id)), strict=True))
    assert shown["Categories"] == "Protection paused · 15 min"
    assert (shown["Source"], shown["Action"], shown["Decision"], shown["Outcome"]) == ("App", "—", "—", "—")
    assert shown["Severity"] == "Medium"
    assert "detection" not in " ".join(map(str, shown.values())).lower()
    assert cells(window, row_of(window, resume_id))[3] == "Protection resumed"


def test_a_pause_an_older_version_recorded_as_a_detection_gets_the_pause_row_too(window):
    legacy = window.pause_ids[2]
    assert window.source.store.get(legacy).record.kind.value == "detection"
    row = row_of(window, legacy)
    assert cells(window, row)[3] == "Protection paused · 60 min"
    assert window.model.rows[row].is_pause


def test_pause_rows_have_their_own_style(window):
    pause_row = row_of(window, window.pause_ids[1])
    detection_row = next(i for i, r in enumerate(window.model.rows) if r.kind == "detection")
    index = window.model.index(pause_row, 3)
    background = window.model.data(index, Qt.ItemDataRole.BackgroundRole)
    font = window.model.data(index, Qt.ItemDataRole.FontRole)
    assert background is not None and background.color() == window.theme.pause_background
    assert font is not None and font.italic()
    assert window.model.data(window.model.index(detection_row, 3), Qt.ItemDataRole.BackgroundRole) is None
    assert window.model.data(
        window.model.index(pause_row, SEVERITY_COLUMN), Qt.ItemDataRole.FontRole
    ).italic()


def test_the_pause_detail_explains_who_paused_for_how_long_under_which_policy(window):
    window.show_incident(window.pause_ids[1])
    text = window.detail.toPlainText()
    assert "Protection paused · 15 min" in text
    assert "Why: jdoe paused protection for 15 minutes; policy v7 allows users to pause" in text
    assert "detection" not in text.lower()
    resume = window.source.store.get(window.pause_ids[0])
    assert explain(resume).startswith("jdoe resumed protection")


def test_the_record_type_filter_lists_pauses_apart_from_detections(window):
    from dlpguard.gui.saved_filters import RecordType

    window.record_type.setCurrentIndex(window.record_type.findData(RecordType.PAUSE))
    assert {row.id for row in window.model.rows} == set(window.pause_ids[:2])  # the `pause` kind
    window.record_type.setCurrentIndex(window.record_type.findData(RecordType.DETECTION))
    assert window.model.total == 301  # the 300 detections and the old-style pause, shown as a pause
    assert sum(row.is_pause for row in window.model.rows) == 1
    assert window.filter_state().record_type is RecordType.DETECTION
