"""The tray state machine, without Qt: events -> facts -> what the icon, tooltip and menu show."""

from __future__ import annotations

import pytest

from dlpguard.gui.state import (
    AUDIT_ONLY_SENTENCE,
    POLICY_DETAILS_LINE,
    BridgeStatus,
    EngineFailed,
    EngineLoaded,
    EngineMode,
    Facts,
    IncidentLogStatus,
    MenuAction,
    Paused,
    PolicyChanged,
    Resumed,
    TrayState,
    facts_for_policy,
    is_paused,
    menu_items,
    reduce,
    tray_status,
)
from dlpguard.policy.layers import build_effective

NOW = 1_750_000_000.0


def run(*events, start: Facts | None = None) -> Facts:
    facts = start or Facts()
    for event in events:
        facts = reduce(facts, event)
    return facts


ALLOWING = PolicyChanged("admin", 7, allows_pause=True, allows_quit=True)
AUDITING = PolicyChanged("admin", 7, allows_pause=True, simulation=True)
NO_KEYRING = (
    "incident log unavailable: no usable OS keyring for the incident fingerprint key (fail Keyring); install "
    "or unlock a keyring, or have the admin policy set incidents.keyring_fallback: file"
)


@pytest.mark.parametrize(
    "events, state",
    [
        ((), TrayState.STARTING),
        ((EngineLoaded(EngineMode.NER),), TrayState.PROTECTED),
        ((EngineLoaded(EngineMode.PATTERN_ONLY, "model missing"),), TrayState.DEGRADED),
        ((EngineFailed("no memory"),), TrayState.FAILED),
        ((EngineLoaded(EngineMode.NER), PolicyChanged("rejected", 7, "bad key")), TrayState.POLICY_ERROR),
        ((EngineLoaded(EngineMode.NER), PolicyChanged("missing", 7)), TrayState.POLICY_ERROR),
        ((PolicyChanged("rejected", 7, "bad key"),), TrayState.POLICY_ERROR),  # even while loading
        ((ALLOWING, EngineLoaded(EngineMode.NER), Paused(NOW + 900)), TrayState.PAUSED),
        ((ALLOWING, EngineFailed("x"), Paused(NOW + 900)), TrayState.PAUSED),  # the pause is what matters
        ((ALLOWING, EngineLoaded(EngineMode.NER), Paused(NOW + 900), Resumed()), TrayState.PROTECTED),
        ((ALLOWING, EngineLoaded(EngineMode.NER), Paused(NOW - 1)), TrayState.PROTECTED),  # expired
        ((EngineLoaded(EngineMode.NER), Paused(NOW + 900)), TrayState.PROTECTED),  # policy forbids pausing
        (
            (ALLOWING, EngineLoaded(EngineMode.NER), Paused(NOW + 900), PolicyChanged("admin", 8)),
            TrayState.PROTECTED,  # a new policy that forbids pausing ends the pause
        ),
        (
            (EngineLoaded(EngineMode.NER), PolicyChanged("rejected", 7, "x"), PolicyChanged("admin", 8)),
            TrayState.PROTECTED,
        ),
        ((EngineLoaded(EngineMode.NER), IncidentLogStatus(NO_KEYRING)), TrayState.NOT_RECORDING),
        ((IncidentLogStatus(NO_KEYRING),), TrayState.NOT_RECORDING),  # even while loading
        (
            (EngineLoaded(EngineMode.NER), PolicyChanged("rejected", 7, "x"), IncidentLogStatus(NO_KEYRING)),
            TrayState.NOT_RECORDING,  # a lost audit trail outranks a refused policy
        ),
        ((EngineFailed("x"), IncidentLogStatus(NO_KEYRING)), TrayState.FAILED),
        (
            (EngineLoaded(EngineMode.NER), IncidentLogStatus(NO_KEYRING), IncidentLogStatus(None)),
            TrayState.PROTECTED,
        ),
        ((AUDITING, EngineLoaded(EngineMode.NER)), TrayState.AUDIT_ONLY),
        ((AUDITING, EngineLoaded(EngineMode.PATTERN_ONLY, "model missing")), TrayState.AUDIT_ONLY),
        ((AUDITING,), TrayState.STARTING),
        ((AUDITING, EngineLoaded(EngineMode.NER), PolicyChanged("admin", 8)), TrayState.PROTECTED),
        ((AUDITING, EngineLoaded(EngineMode.NER), Paused(NOW + 900)), TrayState.PAUSED),
        ((AUDITING, EngineLoaded(EngineMode.NER), IncidentLogStatus(NO_KEYRING)), TrayState.NOT_RECORDING),
        (
            (EngineLoaded(EngineMode.NER), PolicyChanged("rejected", 7, "x", simulation=True)),
            TrayState.POLICY_ERROR,
        ),
    ],
)
def test_events_lead_to_the_state_the_tray_shows(events, state):
    assert tray_status(run(*events), NOW).state is state


def test_the_tooltip_names_the_policy_the_reason_and_a_missing_bridge():
    facts = run(
        PolicyChanged("rejected", 7, "rules.categories.secrett: unknown key\nsecond line"),
        EngineLoaded(EngineMode.PATTERN_ONLY, "model files missing"),
        BridgeStatus(False, "bridge not served here: address in use"),
    )
    tooltip = tray_status(facts, NOW).tooltip
    assert "version 7" in tooltip
    assert "secrett: unknown key" in tooltip and "second line" not in tooltip
    assert "address in use" in tooltip


def test_not_recording_says_so_plainly_with_the_fix_first_and_the_reason_after():
    status = tray_status(run(EngineLoaded(EngineMode.NER), IncidentLogStatus(NO_KEYRING)), NOW)
    assert status.headline == "Not recording incidents (pastes are still checked)"
    assert status.protecting
    lines = status.tooltip.splitlines()
    assert lines[1].startswith("Pastes are still checked, but nothing is written to the incident log")
    assert (
        lines[2].startswith("Fix: unlock or install the desktop keyring")
        and "keyring_fallback: file" in lines[2]
    )
    assert lines[-1] == f"incidents: {NO_KEYRING}"
    other = tray_status(run(IncidentLogStatus("incident log unavailable: disk I/O error")), NOW)
    assert (
        other.tooltip.splitlines()[2]
        == "Fix: run `dlpguard doctor` and show the result to your administrator."
    )


@pytest.mark.parametrize(
    "kept, using",
    [
        (
            "the last good signed policy v8 from 2025-03-01 09:00",
            "Using the last good signed policy v8 from 2025-03-01 09:00",
        ),
        ("the built-in default policy", "Using the built-in default policy"),
        (None, "Using version 8"),
    ],
)
def test_a_refused_policy_says_what_is_used_instead(kept, using):
    status = tray_status(
        run(EngineLoaded(EngineMode.NER), PolicyChanged("rejected", 8, "bad signature", kept=kept)), NOW
    )
    assert status.headline == "Admin policy refused"
    assert status.menu_lines == (using, POLICY_DETAILS_LINE)
    assert status.tooltip.splitlines()[1] == f"in force: {kept or 'version 8'}"


def test_audit_only_says_nothing_is_blocked_and_is_not_shown_as_protected():
    status = tray_status(run(AUDITING, EngineLoaded(EngineMode.NER)), NOW)
    assert status.headline == "Audit only — nothing is blocked"
    assert not status.protecting
    assert status.menu_lines == (AUDIT_ONLY_SENTENCE, "admin policy, version 7")
    first = menu_items(run(AUDITING, EngineLoaded(EngineMode.NER)), NOW)[0]
    assert first.label == "Audit only — nothing is blocked"
    patterns = tray_status(run(AUDITING, EngineLoaded(EngineMode.PATTERN_ONLY, "model missing")), NOW)
    assert patterns.headline == status.headline and "engine: model missing" in patterns.tooltip


LONG_ERROR = (
    "/etc/dlpguard/policy.yaml: rules.categories.secrett: unknown key (expected one of secret, financial, "
    "government_id, contact, person, location, network, health, custom); the last good policy stays in force"
)


REFUSED = PolicyChanged("rejected", 8, LONG_ERROR, allows_pause=True, kept="the built-in default policy")


@pytest.mark.parametrize(
    "events",
    [
        (EngineLoaded(EngineMode.NER), REFUSED),
        (EngineLoaded(EngineMode.NER), REFUSED, Paused(NOW + 900)),  # paused: the menu still stays narrow
    ],
)
def test_a_refused_policy_keeps_the_admin_error_out_of_the_menu(events):
    status = tray_status(run(*events), NOW)
    assert not any("secrett" in line for line in status.menu_lines)
    assert all(len(line) <= 80 for line in status.menu_lines)
    if status.state is TrayState.POLICY_ERROR:
        assert status.menu_lines == ("Using the built-in default policy", POLICY_DETAILS_LINE)
    policy_line = next(line for line in status.tooltip.splitlines() if line.startswith("policy: "))
    assert "secrett: unknown key" in policy_line and len(policy_line) <= len("policy: ") + 100
    assert policy_line.endswith("…")


def test_the_pause_line_says_until_when():
    facts = run(ALLOWING, EngineLoaded(EngineMode.NER), Paused(NOW + 3600))
    assert tray_status(facts, NOW).headline.startswith("Protection paused until ")
    assert is_paused(facts, NOW) and not is_paused(facts, NOW + 3600)


def actions(facts: Facts, **kw) -> list[MenuAction | None]:
    return [item.action for item in menu_items(facts, NOW, **kw)]


@pytest.mark.parametrize(
    "policy_events, present, absent",
    [
        (
            (),
            {MenuAction.REVIEW, MenuAction.CHECK_TEXT, MenuAction.POLICY, MenuAction.ABOUT},
            {MenuAction.PAUSE_15, MenuAction.PAUSE_60, MenuAction.QUIT, MenuAction.RESUME},
        ),
        ((ALLOWING,), {MenuAction.PAUSE_15, MenuAction.PAUSE_60, MenuAction.QUIT}, {MenuAction.RESUME}),
        ((ALLOWING, Paused(NOW + 60)), {MenuAction.RESUME}, {MenuAction.PAUSE_15, MenuAction.PAUSE_60}),
        ((PolicyChanged("admin", 3, allows_quit=True),), {MenuAction.QUIT}, {MenuAction.PAUSE_15}),
    ],
)
def test_pause_and_quit_are_offered_only_when_the_policy_allows(policy_events, present, absent):
    shown = set(actions(run(*policy_events)))
    assert present <= shown
    assert not absent & shown


def test_the_menu_starts_with_a_status_line_that_cannot_be_clicked():
    first = menu_items(run(EngineLoaded(EngineMode.NER)), NOW)[0]
    assert (first.action, first.enabled, first.label) == (None, False, "Protected")


def test_restore_appears_while_the_original_clipboard_is_kept():
    facts = run(EngineLoaded(EngineMode.NER))
    assert MenuAction.RESTORE_CLIPBOARD in actions(facts, restore_available=True)
    assert MenuAction.RESTORE_CLIPBOARD not in actions(facts)


def test_the_restore_entry_says_how_many_seconds_are_left():
    facts = run(EngineLoaded(EngineMode.NER))
    items = menu_items(facts, NOW, restore_available=True, restore_seconds_left=42)
    (entry,) = [i for i in items if i.action is MenuAction.RESTORE_CLIPBOARD]
    assert entry.label == "Restore original clipboard (42 s left)" and entry.enabled


def test_facts_for_policy_reads_the_pause_and_quit_permissions_and_simulation():
    policy = build_effective().policy.model_copy(update={"user_may_pause": True, "version": 12})
    event = facts_for_policy(policy, "admin")
    assert (event.version, event.allows_pause, event.allows_quit) == (12, True, False)
    assert not event.simulation
    auditing = facts_for_policy(policy.model_copy(update={"simulation": True}), "admin")
    assert auditing.simulation and run(auditing).simulation


def test_an_unknown_event_is_a_type_error():
    with pytest.raises(TypeError):
        reduce(Facts(), "engine loaded")  # type: ignore[arg-type]
