"""What the user chose and what came of it: a refused "send anyway" is recorded as refused, not as sent.

Real engine (pattern-only policy from the bridge fixtures), real SQLite incident log with a key file.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dlpguard.engine.types import ScanContext, Source, UserDecision
from dlpguard.guard.decisions import RESTORE_NOT_ALLOWED, decide_user_action, record_restore, restore_rules
from dlpguard.guard.pipeline import assess, judge
from dlpguard.guard.services import GuardServices
from dlpguard.incidents.model import Outcome, RecordKind
from tests.bridge.conftest import CARD, EMAIL, POLICY

GUARDED = "chatgpt.com"
AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"  # planted: looks real to the recognizer, is not real


@pytest.fixture
def make_services(bridge_env):
    built: list[GuardServices] = []

    def make(extra: str = "") -> GuardServices:
        bridge_env.policy_path.write_text(POLICY + textwrap.dedent(extra), encoding="utf-8")
        built.append(GuardServices())
        return built[-1]

    yield make
    for services in built:
        services.close()


def browser() -> ScanContext:
    return ScanContext(source=Source.BROWSER.value, site=GUARDED, event="paste")


@pytest.mark.parametrize(
    ("text", "policy", "action", "justification", "outcome", "allowed"),
    [
        # Secrets allow no override by default: the choice is kept, the outcome says nothing was sent.
        (f"key {AWS_KEY}", "", UserDecision.SEND_ANYWAY, "I really need this", Outcome.REFUSED, False),
        (f"card {CARD}", "", UserDecision.SEND_ANYWAY, "ok", Outcome.REFUSED, False),  # too short
        (f"card {CARD}", "", UserDecision.SEND_ANYWAY, "customer asked for this", Outcome.SENT, True),
        (f"card {CARD}", "", UserDecision.CANCEL, None, Outcome.NOT_SENT, True),
        (f"card {CARD}", "", UserDecision.SEND_MASKED, None, Outcome.SENT_MASKED, True),
    ],
)
def test_the_recorded_outcome_follows_what_the_policy_allowed(
    make_services, text, policy, action, justification, outcome, allowed
):
    services = make_services(policy)
    judged = judge(services, text, browser(), site=GUARDED)
    assert judged.incident_id is not None
    result = decide_user_action(services, judged.incident_id, action, justification)
    assert (result.allowed, result.outcome, result.recorded) == (allowed, outcome, True)
    log = services.incident_log()
    assert log is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None and (stored.decision, stored.outcome) == (action, outcome)
    [note] = log.store.annotations(judged.incident_id)
    assert note.kind is RecordKind.DECISION and note.outcome is outcome
    assert note.note == (result.reason or None)  # a refusal's reason is on record, nothing else
    assert log.store.verify().ok


def test_a_refusal_without_an_incident_still_says_refused(make_services):
    services = make_services("override: {allow: false}\n")
    result = decide_user_action(services, None, UserDecision.SEND_ANYWAY, "because")
    assert (result.allowed, result.recorded, result.outcome) == (False, False, Outcome.REFUSED)


# -- the clipboard guard's restore: the override rules per masked finding, recorded as `restored` ------

STRICT = (Path(__file__).resolve().parents[2] / "examples" / "policies" / "strict.yaml").read_text()


def clipboard_findings(services: GuardServices, text: str):
    context = ScanContext(source=Source.CLIPBOARD.value, event="copy")
    return assess(services, text, context).verdict.findings_to_mask


@pytest.mark.parametrize(
    ("text", "policy", "allowed", "minimum"),
    [
        (f"card {CARD}", "", True, 10),  # an overridable block: the policy's justification
        (f"mail {EMAIL}", "", True, 10),  # a mask: the same rules as "send anyway"
        (f"mail {EMAIL}", "override: {require_justification: false}\n", True, 0),
        (f"key {AWS_KEY}", "", False, 0),  # the default rule for secrets allows no override
        (f"card {CARD}, mail {EMAIL}", "override: {allow: false}\n", False, 0),
        # One finding's rule refuses for all: the verdict's own override speaks only for the card.
        (
            f"card {CARD}, mail {EMAIL}",
            "rules: {categories: {contact: {action: mask, allow_override: false}}}\n",
            False,
            0,
        ),
        (
            f"mail {EMAIL}",
            "rules: {categories: {contact: {action: warn}}}\n",
            True,
            0,
        ),  # a warning needs none
    ],
    ids=["card", "email", "no-justification", "secret", "no-overrides", "one-rule-refuses", "warn"],
)
def test_a_restore_follows_the_override_rules_of_every_masked_finding(
    make_services, text, policy, allowed, minimum
):
    services = make_services(policy)
    rules = restore_rules(services.policy, clipboard_findings(services, text))
    assert (rules.allowed, rules.justification_required, rules.min_justification_chars) == (
        allowed,
        minimum > 0,
        minimum,
    )
    assert bool(rules.refusal("a long enough reason for it")) is not allowed


def test_the_strict_example_policy_refuses_every_restore(bridge_env):
    key_file = "incidents: {keyring_fallback: file}\n"  # no OS keyring on the test machine
    bridge_env.policy_path.write_text(STRICT + key_file, encoding="utf-8")
    strict = GuardServices()
    try:
        assert strict.policy.name == "Strict"
        rules = restore_rules(strict.policy, clipboard_findings(strict, f"mail {EMAIL} and card {CARD}"))
        assert not rules.allowed and rules.refusal("ticket 4711, approved") == RESTORE_NOT_ALLOWED
    finally:
        strict.close()


def test_a_restore_is_recorded_as_restored_with_the_users_words_not_as_send_anyway(make_services):
    services = make_services()
    judged = judge(
        services, f"card {CARD}", ScanContext(source=Source.CLIPBOARD.value, event="copy"), site=None
    )
    assert judged.incident_id is not None
    assert record_restore(services, judged.incident_id, "  ticket 4711, approved  ")
    store = services.incident_log().store
    stored = store.get(judged.incident_id)
    assert (stored.decision, stored.justification, stored.outcome) == (
        UserDecision.RESTORED,
        "ticket 4711, approved",
        Outcome.UNKNOWN,  # on the clipboard again; whether it was pasted anywhere is not known
    )
    (note,) = store.annotations(judged.incident_id)
    assert (note.kind, note.decision) == (RecordKind.DECISION, UserDecision.RESTORED)
    assert note.decision is not UserDecision.SEND_ANYWAY
    # No justification asked for: none is recorded, never one the system wrote.
    other = judge(
        services, f"card {CARD}", ScanContext(source=Source.CLIPBOARD.value, event="copy"), site=None
    )
    assert record_restore(services, other.incident_id, None)
    assert store.get(other.incident_id).justification is None
