"""The handler table with the real engine (pattern-only), real policy files and the real incident log."""

from __future__ import annotations

import json
import logging
import textwrap

import pytest

from dlpguard.bridge.framing import MAX_OUTBOUND_BYTES
from dlpguard.bridge.handlers import Dispatcher
from dlpguard.engine.types import UserDecision
from dlpguard.errors import ModelError
from dlpguard.guard.services import GuardServices
from dlpguard.incidents.store import Store
from tests.bridge.conftest import CARD, EMAIL, POLICY, request, scan_request, schema_errors


def js_offset(text: str, code_points: int) -> int:
    return len(text[:code_points].encode("utf-16-le", "surrogatepass")) // 2


@pytest.fixture
def services(bridge_env):
    svc = GuardServices()
    yield svc
    svc.close()


def caller(services: GuardServices, schema: dict):
    """Payload in, reply out, checked: under the browser's limit and valid against the schema."""
    dispatcher = Dispatcher(services, served_by="native-host")

    def call(payload: bytes) -> dict:
        reply = dispatcher.handle(payload)
        assert len(reply) <= MAX_OUTBOUND_BYTES
        message = json.loads(reply)
        assert schema_errors(schema, message, "reply") == [], message
        return message

    return call


@pytest.fixture
def dispatch(services, schema):
    return caller(services, schema)


@pytest.fixture
def dispatch_with_policy(bridge_env, schema):
    """For tests that need another policy: services are built after the policy file is written."""
    built = []

    def make(extra: str):
        bridge_env.policy_path.write_text(POLICY + textwrap.dedent(extra), encoding="utf-8")
        built.append(GuardServices())
        return caller(built[-1], schema)

    yield make
    for services in built:
        services.close()


def test_hello_answers_with_the_policy_summary(dispatch):
    reply = dispatch(request(id="h", type="hello", extension_version="0.1.0", browser="chrome"))
    assert (reply["type"], reply["id"], reply["served_by"]) == ("hello_ok", "h", "native-host")
    policy = reply["policy"]
    assert policy["version"] == 7 and policy["fail_mode"] == "closed"
    assert "chatgpt.com" in policy["guarded_sites"]
    assert policy["limits"] == {
        # Texts up to the frame limit are scanned (past the policy's 5,000,000 by patterns alone).
        "max_scan_chars": 8 * 1024 * 1024,
        "max_request_bytes": 8 * 1024 * 1024,
        "max_reply_bytes": MAX_OUTBOUND_BYTES,
    }


def test_a_card_after_emoji_is_reported_at_javascript_offsets(dispatch):
    text = f"🧑‍💻 card {CARD} 𝕏"
    reply = dispatch(scan_request("s", text))
    assert reply["type"] == "verdict" and reply["action"] == "block"
    [finding] = reply["findings"]
    start = text.index(CARD)
    assert (finding["entity_type"], finding["category"], finding["action"]) == (
        "CREDIT_CARD",
        "financial",
        "block",
    )
    assert (finding["start"], finding["end"]) == (js_offset(text, start), js_offset(text, start + len(CARD)))
    assert (finding["start"], finding["end"]) == (11, 30)
    assert reply["masked_text"] == "🧑‍💻 card •••• •••• •••• 6467 𝕏"
    [replacement] = reply["replacements"]
    assert (replacement["start"], replacement["end"], replacement["operator"]) == (11, 30, "partial")
    assert reply["override"] == {
        "allowed": True,
        "justification_required": True,
        "min_justification_chars": 10,
    }
    assert reply["incident_id"] and reply["policy_version"] == 7 and reply["engine_mode"] == "pattern-only"


def test_a_clean_text_is_allowed_without_an_incident(dispatch):
    reply = dispatch(scan_request("c", "What is the capital of France?"))
    assert (reply["action"], reply["findings"], reply["incident_id"], reply["masked_text"]) == (
        "allow",
        [],
        None,
        None,
    )


def test_an_unguarded_site_is_allowed_without_scanning(dispatch, services):
    reply = dispatch(request(id="u", type="scan", text=f"card {CARD}", site="example.org", event="paste"))
    assert (reply["action"], reply["reason"], reply["findings"]) == ("allow", "site not guarded", [])
    assert services.engine_mode == "loading"  # the engine was never needed


def test_a_path_qualified_site_pattern_matches_through_the_url(dispatch):
    reply = dispatch(
        request(
            id="g",
            type="scan",
            text=f"card {CARD}",
            site="x.com",
            url="https://x.com/i/grok?x=1",
            event="paste",
        )
    )
    assert reply["action"] == "block"


def test_a_text_over_the_policy_limit_is_pattern_scanned_not_refused(dispatch_with_policy):
    # Refusing it would let `fail_mode: open` pass it unread: over the limit, patterns read it all.
    dispatch = dispatch_with_policy("limits: {max_scan_chars: 1000}\n")
    reply = dispatch(scan_request("big", "x" * 1001 + f" card {CARD}"))
    assert (reply["type"], reply["action"], reply["id"]) == ("verdict", "block", "big")
    assert "patterns only" in reply["reason"]
    assert dispatch(scan_request("clean", "x" * 1001))["action"] == "allow"


def test_an_engine_that_cannot_start_is_engine_unavailable_never_a_verdict(bridge_env, schema):
    def broken(policy):
        raise ModelError("model files missing")

    services = GuardServices(engine_factory=broken)
    dispatcher = Dispatcher(services, served_by="native-host")
    reply = json.loads(dispatcher.handle(scan_request("e", f"card {CARD}")))
    assert (reply["type"], reply["code"], reply["id"]) == ("error", "engine_unavailable", "e")
    assert schema_errors(schema, reply, "error") == []
    services.close()


def test_an_unexpected_failure_is_internal_and_the_dispatcher_lives_on(bridge_env):
    calls = []

    def policy_source():
        calls.append(1)
        raise RuntimeError("boom")

    dispatcher = Dispatcher(GuardServices(policy_source, incident_log_factory=None))
    for i in range(2):
        reply = json.loads(dispatcher.handle(scan_request(f"i{i}", "text")))
        assert (reply["type"], reply["code"], reply["served_by"]) == ("error", "internal", "app")
    assert len(calls) == 2


def test_simulation_mode_lets_the_text_through_and_says_what_would_happen(dispatch_with_policy):
    dispatch = dispatch_with_policy("simulation: true\n")
    reply = dispatch(scan_request("sim", f"card {CARD}"))
    assert (reply["action"], reply["would_action"], reply["simulated"]) == ("allow", "block", True)
    assert [f["action"] for f in reply["findings"]] == ["audit"]
    assert reply["incident_id"]  # audited: recorded silently


def test_a_decision_is_recorded_and_checked_against_the_verdict(dispatch, bridge_env):
    verdict = dispatch(scan_request("s", f"card {CARD}"))
    incident = verdict["incident_id"]
    short = dispatch(
        request(
            id="d1", type="decision", incident_id=incident, user_action="send_anyway", justification="pls"
        )
    )
    assert (short["type"], short["recorded"], short["allowed"]) == ("decision_recorded", True, False)
    assert "10 characters" in short["reason"]
    ok = dispatch(
        request(
            id="d2",
            type="decision",
            incident_id=incident,
            user_action="send_anyway",
            justification="the customer asked",
        )
    )
    assert (ok["recorded"], ok["allowed"], ok["reason"]) == (True, True, "")
    with Store(bridge_env.data_dir / "incidents.db") as store:
        stored = store.get(incident)
    assert stored is not None and stored.decision is UserDecision.SEND_ANYWAY
    assert stored.justification == "the customer asked"


def test_secrets_may_never_be_sent_anyway(dispatch):
    verdict = dispatch(
        scan_request("s", "key AKIAZ7QXEWNQ4Z6PLM3T with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEYQ")
    )
    assert verdict["action"] == "block" and verdict["override"]["allowed"] is False
    reply = dispatch(
        request(
            id="d",
            type="decision",
            incident_id=verdict["incident_id"],
            user_action="send_anyway",
            justification="x" * 40,
        )
    )
    assert (reply["recorded"], reply["allowed"]) == (True, False)


def test_a_decision_without_an_incident_is_answered_not_recorded(dispatch):
    reply = dispatch(request(id="d", type="decision", incident_id=None, user_action="cancel"))
    assert (reply["recorded"], reply["allowed"], reply["incident_id"]) == (False, True, None)


def test_a_decision_for_an_unknown_incident_says_it_was_not_recorded(dispatch):
    reply = dispatch(request(id="d", type="decision", incident_id="no-such-incident", user_action="cancel"))
    assert (reply["recorded"], reply["reason"]) == (False, "the decision could not be recorded")


def test_pseudonyms_in_a_masked_text_are_restored_in_the_same_conversation(dispatch):
    verdict = dispatch(scan_request("s", f"Please email {EMAIL} today", conversation_id="tab-1"))
    assert verdict["action"] == "mask"
    assert verdict["masked_text"] == "Please email <EMAIL_ADDRESS_1> today"
    answer = "I wrote to &lt;EMAIL_ADDRESS_1&gt; and <PERSON_9>."
    restored = dispatch(request(id="r", type="restore", conversation_id="tab-1", text=answer))
    assert restored["text"] == f"I wrote to {EMAIL} and <PERSON_9>."
    assert (restored["restored"], restored["unknown"]) == (1, ["PERSON_9"])
    other = dispatch(request(id="r2", type="restore", conversation_id="tab-2", text=answer))
    assert other["text"] == answer and other["restored"] == 0


def test_a_reply_never_exceeds_one_mebibyte_however_much_is_found(dispatch):
    text = "".join(f"order {i}: card {CARD}.\n" for i in range(8000))
    reply = dispatch(scan_request("many", text))
    assert reply["action"] == "block" and reply["finding_count"] == 8000
    assert reply["findings_truncated"] and reply["masked_text_omitted"] and reply["masked_text"] is None
    assert 0 < len(reply["findings"]) < 8000 and len(reply["replacements"]) < 8000
    first = reply["findings"][0]
    assert (first["start"], first["end"]) == (text.index(CARD), text.index(CARD) + len(CARD))


def test_a_large_text_with_few_findings_keeps_its_spans_and_drops_the_echo(dispatch):
    text = "lorem ipsum " * 100_000 + f"card {CARD}"
    reply = dispatch(scan_request("long", text))
    assert (reply["masked_text"], reply["masked_text_omitted"], reply["findings_truncated"]) == (
        None,
        True,
        False,
    )
    [replacement] = reply["replacements"]
    start = text.index(CARD)
    assert (replacement["start"], replacement["end"], replacement["replacement"]) == (
        start,
        start + len(CARD),
        "•••• •••• •••• 6467",
    )


def test_nothing_is_logged_in_clear(dispatch, caplog):
    caplog.set_level(logging.DEBUG, logger="dlpguard")
    secret = "ghp_4kQ9zR2mX7vB1nL8pW3sT6yH0jC5dF2aE9uI"
    dispatch(scan_request("a", f"card {CARD}, mail {EMAIL}, token {secret}", conversation_id="c"))
    dispatch(request(id="b", type="restore", conversation_id="c", text="to <EMAIL_ADDRESS_1>"))
    dispatch(
        request(
            id="c", type="decision", incident_id="unknown", user_action="send_anyway", justification=secret
        )
    )
    dispatch(request(id="d", type="scan", text=[secret], event="paste"))
    dispatch(b'{"v":1,"id":"e","type":"scan","text":"' + secret.encode() + b'","event":"typo"}')
    assert caplog.records  # the handlers did log something
    for value in (CARD, CARD.replace(" ", ""), EMAIL, secret):
        assert value not in caplog.text


def test_a_lone_surrogate_from_javascript_is_scanned_and_sent_back_intact(dispatch):
    text = f"half an emoji \ud83d then card {CARD}"
    reply = dispatch(scan_request("ls", text))
    [finding] = reply["findings"]
    assert finding["start"] == text.index(CARD)  # a lone surrogate is one code unit, as in JavaScript
    assert reply["masked_text"] == "half an emoji \ud83d then card •••• •••• •••• 6467"


def test_a_cut_finding_list_still_shows_every_kind_found(dispatch):
    text = "".join(f"order {i}: card {CARD}.\n" for i in range(8000)) + f"contact {EMAIL}\n"
    reply = dispatch(scan_request("kinds", text))
    assert reply["findings_truncated"] and len(reply["findings"]) < reply["finding_count"]
    kinds = [f["entity_type"] for f in reply["findings"]]
    assert "EMAIL_ADDRESS" in kinds  # the last finding of its kind, after thousands of cards
    starts = [f["start"] for f in reply["findings"]]
    assert starts == sorted(starts)
