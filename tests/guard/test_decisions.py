"""What the user chose and what came of it: a refused "send anyway" is recorded as refused, not as sent.

Real engine (pattern-only policy from the bridge fixtures), real SQLite incident log with a key file.
"""

from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine.types import ScanContext, Source, UserDecision
from dlpguard.guard.decisions import decide_user_action
from dlpguard.guard.pipeline import judge
from dlpguard.guard.services import GuardServices
from dlpguard.incidents.model import Outcome, RecordKind
from tests.bridge.conftest import CARD, POLICY

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
