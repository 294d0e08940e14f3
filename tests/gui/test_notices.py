"""Notification texts: category, where and what was done, never the value."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Category, Finding
from dlpguard.guard.decisions import RESTORE_NOT_ALLOWED, RestoreRules
from dlpguard.gui.clipboard_guard import ClipboardAction, ClipboardDecision
from dlpguard.gui.focus import FocusedApp
from dlpguard.gui.notices import (
    NOTICE_RESTORE,
    describe_findings,
    entity_label,
    notice_for_clipboard,
    notice_for_pause,
)
from tests.gui.conftest import RAW_VALUES


@pytest.mark.parametrize(
    "entity, label",
    [
        ("AWS_ACCESS_KEY", "AWS access key"),
        ("EMAIL_ADDRESS", "email address"),
        ("US_SSN", "US SSN"),
        ("GITHUB_TOKEN", "GitHub token"),
    ],
)
def test_entity_types_are_spelled_for_people(entity, label):
    assert entity_label(entity) == label


def test_findings_are_summed_up_by_category():
    text = describe_findings(
        [("secret", "AWS_ACCESS_KEY"), ("contact", "EMAIL_ADDRESS"), ("contact", "EMAIL_ADDRESS")]
    )
    assert text == "Contact details (2× email address); Secret (AWS access key)"


FINDINGS = (
    Finding("AWS_ACCESS_KEY", Category.SECRET, 0, 20, 0.9, "aws"),
    Finding("CREDIT_CARD", Category.FINANCIAL, 30, 49, 0.9, "card"),
)


@pytest.mark.parametrize(
    "action, restore_seconds, title, has_restore",
    [
        (ClipboardAction.MASK, 60, "Clipboard masked", True),
        (ClipboardAction.MASK, 0, "Clipboard masked", False),
        (ClipboardAction.NOTIFY, 60, "Sensitive data on the clipboard", False),
    ],
)
def test_clipboard_notices_say_what_where_and_what_was_done(action, restore_seconds, title, has_restore):
    decision = ClipboardDecision(
        action,
        None,
        FINDINGS,
        masked_text="[AWS_ACCESS_KEY]",
        app=FocusedApp("Claude"),
        restore=RestoreRules(True) if action is ClipboardAction.MASK else None,
    )
    notice = notice_for_clipboard(decision, restore_seconds)
    assert notice is not None and notice.title == title
    assert "Secret (AWS access key)" in notice.body and "Financial data (credit card)" in notice.body
    assert "copied in Claude" in notice.body
    assert ([a.key for a in notice.actions] == [NOTICE_RESTORE]) is has_restore
    assert not any(value in notice.body for value in RAW_VALUES)


@pytest.mark.parametrize(
    ("rules", "button", "says"),
    [
        (RestoreRules(True), "Restore original", "within 60 s here or from the DLP Guard menu"),
        (RestoreRules(True, True, 10), "Restore original…", "You will be asked why."),
        (RestoreRules(False, reason=RESTORE_NOT_ALLOWED), None, f"cannot be restored: {RESTORE_NOT_ALLOWED}"),
    ],
    ids=["allowed", "justification", "not-allowed"],
)
def test_the_mask_notice_offers_a_restore_only_where_the_policy_allows_it(rules, button, says):
    decision = ClipboardDecision(ClipboardAction.MASK, None, FINDINGS, masked_text="x", restore=rules)
    notice = notice_for_clipboard(decision, 60)
    assert says in notice.body
    assert [a.label for a in notice.actions] == ([button] if button else [])
    if button is None:
        assert "Restore the original" not in notice.body


def test_nothing_to_tell_is_no_notice():
    assert notice_for_clipboard(ClipboardDecision(ClipboardAction.ARM, None, FINDINGS), 60) is None


def test_a_huge_copy_says_only_its_start_was_checked():
    decision = ClipboardDecision(
        ClipboardAction.MASK, None, FINDINGS, masked_text="x", truncated_from=3_000_000
    )
    assert "3,000,000 characters" in notice_for_clipboard(decision, 60).body


def test_the_pause_notice_says_it_is_recorded():
    assert "recorded" in notice_for_pause(15).body
