""" "Check text…": findings highlighted in place (UTF-16 positions) and the masked result, nothing logged."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import ScanContext
from dlpguard.guard.pipeline import assess
from dlpguard.gui.check_text import CheckTextWindow, highlights
from tests.gui.conftest import AWS_KEY, EMAIL, RAW_VALUES, SECRET_TEXT

TIMEOUT = 20_000


@pytest.fixture
def window(qtbot, services, background):
    win = CheckTextWindow(services, background)
    qtbot.addWidget(win)
    win.show()
    return win


def check(qtbot, win: CheckTextWindow, text: str):
    with qtbot.waitSignal(win.checked, timeout=TIMEOUT) as done:
        win.input.setPlainText(text)  # the debounce timer starts the check
    return done.args[0]


def test_findings_are_highlighted_where_they_are_and_the_masked_text_shown(qtbot, window):
    check(qtbot, window, SECRET_TEXT)
    selections = window.input.extraSelections()
    marked = sorted(s.cursor.selectedText() for s in selections)
    assert marked == sorted(v for v in RAW_VALUES[:3])
    assert window.findings.topLevelItemCount() == 3
    masked = window.masked.toPlainText()
    assert "[AWS_ACCESS_KEY]" in masked and not any(v in masked for v in RAW_VALUES)
    assert "blocked" in window.verdict.text()


def test_emoji_before_a_finding_do_not_shift_the_highlight(qtbot, window):
    text = f"🔥🚀 ship it 🎉 key {AWS_KEY} 👍 mail {EMAIL}"
    check(qtbot, window, text)
    assert sorted(s.cursor.selectedText() for s in window.input.extraSelections()) == sorted([AWS_KEY, EMAIL])


def test_highlights_count_utf16_positions(services):
    text = f"😀 {AWS_KEY}"
    (mark,) = highlights(assess(services, text, ScanContext(source="check")))
    assert (mark.start, mark.end) == (3, 3 + len(AWS_KEY))  # the emoji is two UTF-16 units


def test_clean_text_says_it_would_go_through_and_nothing_is_logged(qtbot, window, services):
    check(qtbot, window, "the build is green")
    assert window.input.extraSelections() == [] and window.masked.toPlainText() == ""
    assert "Nothing sensitive" in window.verdict.text()
    check(qtbot, window, SECRET_TEXT)
    log = services.incident_log()
    assert log is None or log.store.count() == 0


def test_clearing_the_text_clears_the_results(qtbot, window):
    check(qtbot, window, SECRET_TEXT)
    window.input.setPlainText("")
    window.check_now()
    assert window.findings.topLevelItemCount() == 0 and window.verdict.text() == ""
