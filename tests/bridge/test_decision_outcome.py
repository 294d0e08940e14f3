"""A refused "send anyway" end to end: a real native host records it, and every reader says refused.

The browser's side is a real `dlpguard native-host` process; the readers are the real CLI
(`incidents list`, `show`, `export`, `stats`, `verify`, `forward` to a collector on loopback).
"""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from dlpguard.incidents.cli import incidents
from tests.bridge.conftest import CARD, POLICY, request, scan_request
from tests.incidents.receivers import HecReceiver

AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"  # planted: looks real to the recognizer, is not real
REFUSAL = "the policy does not let the user send this anyway"


def cli(*args: str) -> str:
    result = CliRunner().invoke(incidents, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_refused_send_anyway_reads_as_refused_in_the_cli_export_and_siem(bridge_env, start_host):
    collector = HecReceiver()
    policy = POLICY.replace(
        "incidents: {keyring_fallback: file}",
        f"incidents: {{keyring_fallback: file, forwarding: {{http: {{url: '{collector.url}'}}}}}}",
    )
    assert policy != POLICY
    bridge_env.policy_path.write_text(policy, encoding="utf-8")
    host = start_host()
    secret = host.ask(scan_request("s1", f"deploy with {AWS_KEY} today"))
    assert secret["type"] == "verdict" and secret["action"] == "block", secret
    card = host.ask(scan_request("s2", f"card {CARD}"))
    assert card["action"] == "block", card

    # Secrets allow no override (the built-in default); the card's category does, with a justification.
    refused = host.ask(
        request(id="d1", type="decision", incident_id=secret["incident_id"], user_action="send_anyway",
                justification="I need it in the chat")
    )  # fmt: skip
    allowed = host.ask(
        request(id="d2", type="decision", incident_id=card["incident_id"], user_action="send_anyway",
                justification="customer asked for the totals")
    )  # fmt: skip
    assert (refused["allowed"], refused["recorded"], refused["reason"]) == (False, True, REFUSAL)
    assert (allowed["allowed"], allowed["recorded"]) == (True, True)
    host.close_stdin()
    assert host.wait() == 0

    lines = {line[:8]: line for line in cli("list").splitlines()}
    assert "send_anyway  refused" in lines[secret["incident_id"][:8]]
    assert "send_anyway  sent " in lines[card["incident_id"][:8]]

    shown = cli("show", secret["incident_id"])
    assert f"outcome:       refused, not sent ({REFUSAL})" in shown
    assert "sent anyway" not in shown.lower()

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(cli("export", "--format", "csv")))}
    assert (rows[secret["incident_id"]]["decision"], rows[secret["incident_id"]]["outcome"]) == (
        "send_anyway",
        "refused",
    )
    assert rows[card["incident_id"]]["outcome"] == "sent"
    exported = {
        d["id"]: d for d in (json.loads(line) for line in cli("export", "--format", "jsonl").splitlines())
    }
    assert exported[secret["incident_id"]]["outcome"] == "refused"
    assert {r["outcome"]: r["incidents"] for r in json.loads(cli("stats", "--by", "outcome", "--json"))} == {
        "refused": 1,
        "sent": 1,
    }
    assert cli("verify").startswith("ok: 4 records, chain intact")  # anchored by the host, same key

    collector.start()
    try:
        assert "delivered 4" in cli("forward", "--once")
    finally:
        collector.stop()
    events = [r.body["event"] for r in collector.received]
    decision = next(
        e
        for e in events
        if e["kind"] == "decision" and e["ref_id"] == secret["incident_id"]  # type: ignore[index]
    )
    assert (decision["decision"], decision["outcome"], decision["note"]) == (  # type: ignore[index]
        "send_anyway",
        "refused",
        REFUSAL,
    )
    assert all("integrity" not in e for e in events)  # type: ignore[operator]
