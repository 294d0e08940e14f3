"""Keyboard use of the review window: arrows move, Enter opens the detail, Ctrl+Enter marks reviewed,
Ctrl+F goes to the search, Esc goes back to the list. Real key events through Qt, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.review_fixtures import TIMEOUT, open_window, select


@pytest.fixture
def window(qtbot, small_log, background):
    for win in open_window(qtbot, background):
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=TIMEOUT)
        win.table.setFocus()
        yield win


def test_arrow_keys_move_through_incidents_and_the_detail_follows(window, qtbot):
    first = select(qtbot, window, 0)
    window.table.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    second = window.model.incident_id(1)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == second, timeout=TIMEOUT)
    assert second != first and second[:8] in window.detail.toPlainText()
    qtbot.keyClick(window.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.current.id == first, timeout=TIMEOUT)


def test_enter_opens_the_detail_and_escape_goes_back_to_the_list(window, qtbot):
    select(qtbot, window, 2)
    window.table.setCurrentIndex(window.model.index(2, 0))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(window.detail.hasFocus, timeout=TIMEOUT)
    assert window.current.id == window.model.incident_id(2)
    qtbot.keyClick(window.detail, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.table.hasFocus, timeout=TIMEOUT)


def test_ctrl_enter_marks_the_selected_incident_reviewed(window, qtbot):
    incident = select(qtbot, window, 4)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.source.store.get(incident).reviewed_at is not None, timeout=TIMEOUT)
    assert window.model.rows[4].reviewed


def test_ctrl_enter_in_the_note_marks_reviewed_with_that_note(window, qtbot):
    incident = select(qtbot, window, 6)
    window.note.setFocus()
    qtbot.keyClicks(window.note, "known test card")
    qtbot.keyClick(window.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.source.store.get(incident).reviewed_at is not None, timeout=TIMEOUT)
    assert window.source.store.get(incident).review_note == "known test card"


def test_ctrl_f_goes_to_the_search_and_escape_back(window, qtbot):
    window.site.setText("old text")
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.site.hasFocus, timeout=TIMEOUT)
    assert window.site.selectedText() == "old text"  # typing replaces it
    qtbot.keyClicks(window.site, "claude")
    qtbot.keyClick(window.site, Qt.Key.Key_Return)
    assert {row.site for row in window.model.rows} == {"claude.ai"}
    qtbot.keyClick(window.site, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.table.hasFocus, timeout=TIMEOUT)
