"""The clipboard guard's Qt shell on Qt's in-process clipboard: mask in place, restore, no loops.

The same behaviour against a real X server and another process (xclip) is proved in
test_clipboard_x11.py; here the edge cases run fast.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from dlpguard.engine.types import UserDecision
from dlpguard.gui.clipboard_guard import ClipboardAction, Skip
from dlpguard.gui.clipboard_shell import ClipboardGuard
from dlpguard.gui.focus import NullFocusProbe
from dlpguard.gui.notices import Notice
from dlpguard.incidents.model import Outcome
from tests.gui.conftest import AWS_KEY, CARD, EMAIL, POLICY, RAW_VALUES, SECRET_TEXT

#: The test policy's override rules are the defaults: allowed, with a justification of 10 characters.
WHY = "ticket 4711: the vendor needs the real card"
#: A card (blocked, overridable) and an email (masked): what the default rules let the user restore. A
#: secret they do not (`secret: {action: block, allow_override: false}`).
RESTORABLE = f"bill card {CARD}, and mail {EMAIL} when done"

TIMEOUT = 20_000


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def guard(services, clipboard, background, qtbot):
    notices: list[Notice] = []
    g = ClipboardGuard(services, clipboard, background, notify=notices.append, focus=NullFocusProbe())
    g.notices = notices  # type: ignore[attr-defined]
    g.start()
    yield g
    g.stop()


def copy(qtbot, guard, clipboard, text: str | None = None, *, html: str | None = None, formats=()) -> object:
    """Another app copies; returns the guard's outcome for that change."""
    data = QMimeData()
    if text is not None:
        data.setText(text)
    if html is not None:
        data.setHtml(html)
    for fmt, value in formats:
        data.setData(fmt, value)
    outcomes: list = []
    guard.handled.connect(outcomes.append)
    try:
        clipboard.setMimeData(data)  # Qt's in-process clipboard reports the change at once
        generation = guard.generation
        qtbot.waitUntil(lambda: any(o.generation == generation for o in outcomes), timeout=TIMEOUT)
    finally:
        guard.handled.disconnect(outcomes.append)
    return next(o for o in outcomes if o.generation == generation)


def test_a_copied_secret_is_masked_in_place_and_logged(qtbot, guard, clipboard, services):
    with qtbot.waitSignal(guard.recorded, timeout=TIMEOUT) as recorded:
        outcome = copy(qtbot, guard, clipboard, SECRET_TEXT)
    assert outcome.decision.action is ClipboardAction.MASK
    masked = clipboard.text()
    assert "[AWS_ACCESS_KEY]" in masked and not any(v in masked for v in RAW_VALUES)
    assert guard.writes == 1 and not guard.restore_available  # a secret allows no override: no restore
    incident = services.incident_log().store.get(recorded.args[0])
    assert (incident.record.source.value, incident.record.event, incident.record.action.value) == (
        "clipboard",
        "copy",
        "mask",
    )
    assert [n.title for n in guard.notices] == ["Clipboard masked"]
    assert not any(v in guard.notices[0].body for v in RAW_VALUES)


def test_the_guard_never_loops_on_its_own_write(qtbot, guard, clipboard):
    copy(qtbot, guard, clipboard, SECRET_TEXT)
    # The masked write itself was one more change, handled as our own.
    qtbot.waitUntil(lambda: guard.outcomes == 2, timeout=TIMEOUT)
    assert guard.generation == 2 and guard.writes == 1
    assert guard.background.pending <= 1  # at most the incident write


def test_restore_needs_the_policys_justification_and_is_recorded_as_restored(
    qtbot, guard, clipboard, services
):
    with qtbot.waitSignal(guard.recorded, timeout=TIMEOUT) as recorded:
        copy(qtbot, guard, clipboard, RESTORABLE)
    assert guard.restore_rules.justification_required and guard.restore_rules.min_justification_chars == 10
    assert "at least 10 characters" in guard.restore_refusal("because")
    assert not guard.restore("because") and guard.restore_available  # too short: nothing happens
    with qtbot.waitSignal(guard.handled, timeout=TIMEOUT) as restored:
        assert guard.restore(WHY)
    assert restored.args[0].skipped is Skip.OWN_WRITE
    assert clipboard.text() == RESTORABLE and not guard.restore_available
    assert not guard.restore(WHY)  # the original is gone from memory
    store = services.incident_log().store
    qtbot.waitUntil(lambda: store.get(recorded.args[0]).decision is UserDecision.RESTORED, timeout=TIMEOUT)
    incident = store.get(recorded.args[0])
    # The user's own words, never a sentence the system wrote; not "send anyway", not "sent".
    assert (incident.justification, incident.outcome) == (WHY, Outcome.UNKNOWN)
    (note,) = store.annotations(recorded.args[0])
    assert (note.decision, note.justification) == (UserDecision.RESTORED, WHY)


def test_a_restore_before_the_incident_is_written_is_recorded_once_it_is(qtbot, guard, clipboard, services):
    done: list[bool] = []

    def restore_at_once(outcome) -> None:  # runs before the incident write can call back
        if outcome.decision is not None and outcome.decision.action is ClipboardAction.MASK:
            assert guard._restore.incident_id is None  # the incident write has not called back yet
            done.append(guard.restore(WHY))

    guard.handled.connect(restore_at_once)
    with qtbot.waitSignal(guard.recorded, timeout=TIMEOUT) as recorded:
        clipboard.setText(RESTORABLE)
    guard.handled.disconnect(restore_at_once)
    assert done == [True] and clipboard.text() == RESTORABLE
    store = services.incident_log().store
    qtbot.waitUntil(lambda: store.get(recorded.args[0]).decision is UserDecision.RESTORED, timeout=TIMEOUT)
    assert store.get(recorded.args[0]).justification == WHY


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ("override: {allow: false}", RESTORABLE),  # examples/policies/strict.yaml: no overrides at all
        ("", SECRET_TEXT),  # the default rules: a secret allows no override
        ("rules: {categories: {financial: {action: block, allow_override: false}}}", RESTORABLE),
    ],
    ids=["strict", "secret-default", "card-rule"],
)
def test_where_overrides_are_not_allowed_there_is_no_restore_and_the_notice_says_why(
    qtbot, guard, clipboard, services, gui_env, policy_store, extra, text
):
    gui_env.write_policy(POLICY.replace("version: 7", "version: 8") + extra + "\n")
    policy_store.reload()
    with qtbot.waitSignal(guard.recorded, timeout=TIMEOUT) as recorded:
        outcome = copy(qtbot, guard, clipboard, text)
    assert outcome.decision.action is ClipboardAction.MASK and CARD not in clipboard.text()
    assert not guard.restore_available and guard._restore is None  # the original is not even kept
    assert not guard.restore(WHY) and CARD not in clipboard.text()
    assert "nothing to restore" in guard.restore_refusal(WHY)
    (notice,) = guard.notices
    assert "cannot be restored" in notice.body and "policy does not allow" in notice.body
    assert notice.actions == ()
    assert services.incident_log().store.get(recorded.args[0]).decision is UserDecision.NONE


def test_without_a_required_justification_restore_is_immediate_and_records_none(
    qtbot, guard, clipboard, services, gui_env, policy_store
):
    gui_env.write_policy(
        POLICY.replace("version: 7", "version: 8") + "override: {require_justification: false}\n"
    )
    policy_store.reload()
    with qtbot.waitSignal(guard.recorded, timeout=TIMEOUT) as recorded:
        copy(qtbot, guard, clipboard, RESTORABLE)
    assert not guard.restore_rules.justification_required
    assert guard.restore() and clipboard.text() == RESTORABLE
    store = services.incident_log().store
    qtbot.waitUntil(lambda: store.get(recorded.args[0]).decision is UserDecision.RESTORED, timeout=TIMEOUT)
    assert store.get(recorded.args[0]).justification is None


def test_the_restore_window_counts_down_on_the_guards_clock(qtbot, services, clipboard, background):
    now = [1_000.0]
    g = ClipboardGuard(services, clipboard, background, focus=NullFocusProbe(), clock=lambda: now[0])
    g.start()
    try:
        assert g.restore_seconds_left() is None
        copy(qtbot, g, clipboard, RESTORABLE)
        assert g.restore_seconds_left() == 60
        now[0] += 15.2
        assert g.restore_seconds_left() == 45  # rounded up: never shows 0 while still possible
        g.forget_original()
        assert g.restore_seconds_left() is None
    finally:
        g.stop()


def test_a_newer_copy_drops_the_original(qtbot, guard, clipboard):
    copy(qtbot, guard, clipboard, RESTORABLE)
    assert guard.restore_available
    copy(qtbot, guard, clipboard, "lunch at noon?")
    assert not guard.restore_available and not guard.restore()
    assert clipboard.text() == "lunch at noon?"


def test_the_original_is_forgotten_when_the_restore_window_closes(
    qtbot, guard, clipboard, gui_env, policy_store
):
    copy(qtbot, guard, clipboard, RESTORABLE)
    with qtbot.waitSignal(guard.restoreAvailable, timeout=TIMEOUT) as gone:
        guard._expiry.setInterval(1)  # the policy's 60 s, shortened: the timer is what is tested
        guard._expiry.start()
    assert gone.args == [False] and not guard.restore()


def test_password_manager_entries_are_left_alone_and_not_logged(qtbot, guard, clipboard, services):
    outcome = copy(qtbot, guard, clipboard, SECRET_TEXT, formats=[("x-kde-passwordManagerHint", b"secret")])
    assert outcome.skipped is Skip.CONCEALED
    assert clipboard.text() == SECRET_TEXT and guard.writes == 0 and guard.notices == []
    log = services.incident_log()
    assert log.store.count() == 0


def test_rich_text_is_masked_consistently(qtbot, guard, clipboard):
    copy(qtbot, guard, clipboard, SECRET_TEXT, html=f"<p>deploy with <b>{AWS_KEY}</b>, bill card {CARD}</p>")
    data = clipboard.mimeData()
    assert "<b>[AWS_ACCESS_KEY]</b>" in data.html()
    assert not any(v in data.html() for v in RAW_VALUES) and not any(v in data.text() for v in RAW_VALUES)


def test_a_huge_copy_is_handled_off_the_ui_thread_within_its_bound(qtbot, guard, clipboard):
    filler = "lorem ipsum dolor sit amet " * 100_000  # 2.7 MB
    outcome = copy(qtbot, guard, clipboard, f"{AWS_KEY} {filler}")
    assert outcome.decision.action is ClipboardAction.MASK and outcome.decision.truncated_from is not None
    assert clipboard.text().startswith("[AWS_ACCESS_KEY] lorem")


def test_a_change_during_a_scan_makes_the_old_result_stale(qtbot, guard, clipboard):
    outcomes = []
    guard.handled.connect(outcomes.append)
    first, second = QMimeData(), QMimeData()
    first.setText(SECRET_TEXT)
    second.setText("nothing to see")
    clipboard.setMimeData(first)
    clipboard.setMimeData(second)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=TIMEOUT)
    by_generation = {o.generation: o for o in outcomes}
    assert by_generation[1].stale and guard.writes == 0
    assert clipboard.text() == "nothing to see"


def test_nothing_is_done_while_paused(qtbot, services, clipboard, background):
    guard = ClipboardGuard(services, clipboard, background, paused=lambda: True, focus=NullFocusProbe())
    guard.start()
    try:
        assert copy(qtbot, guard, clipboard, SECRET_TEXT).skipped is Skip.PAUSED
        assert clipboard.text() == SECRET_TEXT
    finally:
        guard.stop()
