""" "Check text…": findings highlighted in place (UTF-16 positions) and the masked result, nothing logged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication

from dlpguard.engine.types import ScanContext
from dlpguard.guard.pipeline import assess
from dlpguard.gui.check_text import CheckTextWindow, highlights
from tests.gui.conftest import AWS_KEY, EMAIL, POLICY, RAW_VALUES, SECRET_TEXT

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


def test_a_known_test_value_is_named_as_ignored_without_showing_it(qtbot, window):
    check(qtbot, window, "pay with 4111 1111 1111 1111 and send it to DE89 3704 0044 0532 0130 00")
    line = window.ignored.text()
    assert line == "Ignored: 2 known test values (e.g. card test number)"
    assert window.ignored.isVisibleTo(window) and "4111" not in line
    assert window.findings.topLevelItemCount() == 0 and "Nothing sensitive" in window.verdict.text()
    check(qtbot, window, SECRET_TEXT)
    assert window.ignored.text() == "" and not window.ignored.isVisibleTo(window)


def test_the_verdict_is_at_the_top_above_the_findings(qtbot, window):
    check(qtbot, window, SECRET_TEXT)
    verdict_y = window.verdict.mapTo(window, QPoint(0, 0)).y()
    assert verdict_y < window.findings.mapTo(window, QPoint(0, 0)).y()
    assert verdict_y < window.input.mapTo(window, QPoint(0, 0)).y()


def test_copy_masked_text_is_offered_only_for_a_masked_text_and_copies_it(qtbot, window):
    assert not window.copy_masked.isEnabled()
    check(qtbot, window, "the build is green")
    assert not window.copy_masked.isEnabled() and not window.copy_masked_text()
    check(qtbot, window, SECRET_TEXT)
    assert window.copy_masked.isEnabled()
    window.copy_masked.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == window.masked.toPlainText() and "[AWS_ACCESS_KEY]" in copied
    assert not any(v in copied for v in RAW_VALUES)
    window.input.setPlainText("")
    window.check_now()
    assert not window.copy_masked.isEnabled()
    QGuiApplication.clipboard().clear()


FILLER = "The quarterly plan moves the release by one week and the team agrees. "


def test_a_text_past_200000_characters_is_checked_whole(qtbot, window):
    text = FILLER * 3_500 + f"\nkey {AWS_KEY}\n"  # ~250,000 characters, the key at the very end
    assert len(text) > 200_000
    assessment = check(qtbot, window, text)
    assert assessment.truncated_from is None and assessment.text == text
    assert [s.cursor.selectedText() for s in window.input.extraSelections()] == [AWS_KEY]
    assert "blocked" in window.verdict.text() and "only the first" not in window.verdict.text()
    # The test policy has no name model: the window says names and places were not checked.
    assert window.coverage.isVisible() and "Names and places were not checked" in window.coverage.text()


def test_a_large_text_says_how_much_was_read_for_names(qtbot, gui_env, policy_store, services, background):
    gui_env.write_policy(POLICY.replace("detection: {ner: false}", "detection: {ner: true}"))
    policy_store.reload()
    win = CheckTextWindow(services, background)
    qtbot.addWidget(win)
    win.show()
    text = FILLER * 3_500 + f"\nkey {AWS_KEY}\n"
    assessment = check(qtbot, win, text)
    stats = assessment.result.stats
    assert assessment.result.model.mode == "ner" and stats.ner_chars > 0 and stats.ner_skipped_chars > 0
    assert not stats.ner_gated  # Check text lists every finding: the gate lets NER run
    coverage = win.coverage.text()
    assert win.coverage.isVisible() and f"{stats.ner_chars:,} characters" in coverage
    assert (
        f"{stats.ner_skipped_chars:,} of the {len(text):,} characters were checked by patterns only"
        in coverage
    )
    assert [s.cursor.selectedText() for s in win.input.extraSelections()] == [AWS_KEY]


def test_past_the_policys_scan_limit_all_of_it_is_pattern_checked_and_said(
    qtbot, gui_env, policy_store, services, background
):
    policy = POLICY.replace("detection: {ner: false}", "detection: {ner: true}")
    gui_env.write_policy(policy + "limits: {max_scan_chars: 1000}\n")
    policy_store.reload()
    win = CheckTextWindow(services, background)
    qtbot.addWidget(win)
    win.show()
    text = FILLER * 40 + f"\nkey {AWS_KEY}\n"  # ~2,800 characters: over the limit of 1,000
    assessment = check(qtbot, win, text)
    assert assessment.text == text and [s.cursor.selectedText() for s in win.input.extraSelections()] == [
        AWS_KEY
    ]
    assert "names and places were not looked for" in win.coverage.text()
    assert f"all {len(text):,} characters" in win.coverage.text()


def test_typing_during_a_check_runs_one_more_check_for_the_newest_text(qtbot, window):
    with qtbot.waitSignal(window.checked, timeout=TIMEOUT):
        window.input.setPlainText("the build is green")
        window.check_now()
        window.input.setPlainText(SECRET_TEXT)  # while the first check runs
        window.check_now()  # waits for the running one instead of starting a second scan
        assert window._again
    qtbot.waitUntil(
        lambda: window.assessment is not None and window.assessment.text == SECRET_TEXT, timeout=TIMEOUT
    )
    assert "blocked" in window.verdict.text() and not window._running
