"""`dlpguard incidents …` through click's runner, on a real log in the test's data dir."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

import click
import pytest
from click.testing import CliRunner

from dlpguard.engine.types import UserDecision
from dlpguard.incidents.cli import export, incidents, parse_since
from dlpguard.incidents.export import ExportFormat
from dlpguard.incidents.keys import load_or_create_key
from dlpguard.incidents.model import Outcome
from dlpguard.incidents.store import Store
from dlpguard.policy.incident_settings import KeyringFallback
from tests.incidents.conftest import make_incident
from tests.incidents.receivers import HecReceiver

NOW = datetime.now(UTC)


def run(*args: str):
    return CliRunner().invoke(incidents, list(args), catch_exceptions=False)


@pytest.fixture
def log(db_path):
    """Eight incidents a day apart, the newest 12 hours old (so no filter hits a boundary)."""
    with Store(db_path) as store:
        items = [make_incident(i, when=NOW - timedelta(days=7 - i, hours=12)) for i in range(8)]
        for item in items:
            store.append(item)
        store.record_decision(items[5].id, UserDecision.SEND_ANYWAY, "=ticket 42")
    return items


@pytest.fixture
def policy(private_home, tmp_path):
    """Writes an (unsigned) admin policy with the given incident settings where the loader looks."""

    def write(incidents_yaml: str) -> None:
        path = tmp_path / "machine" / "policy.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"schema_version: 1\nversion: 3\nincidents:\n{incidents_yaml}")

    return write


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7d", NOW - timedelta(days=7)),
        ("12h", NOW - timedelta(hours=12)),
        ("30m", NOW - timedelta(minutes=30)),
        ("2w", NOW - timedelta(weeks=2)),
        ("2025-03-01", datetime(2025, 3, 1, tzinfo=UTC)),
        ("2025-03-01T10:00:00+02:00", datetime(2025, 3, 1, 8, tzinfo=UTC)),
    ],
)
def test_since_accepts_durations_and_iso_dates(text, expected):
    assert parse_since(text, now=NOW) == expected


def test_list_shows_newest_first_and_filters(log):
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line[:8] for line in lines] == [i.id[:8] for i in reversed(log)]
    assert "8 of 8 incidents" in result.stderr

    recent = run("list", "--since", "3d", "--site", "claude.ai")
    assert [line[:8] for line in recent.stdout.splitlines()] == [log[5].id[:8]]

    decided = run("list", "--decision", "send_anyway", "--json")
    assert [json.loads(line)["id"] for line in decided.stdout.splitlines()] == [log[5].id]


def test_show_by_prefix_and_as_json(log):
    text = run("show", log[5].id[:8])
    assert text.exit_code == 0 and log[5].id in text.stdout and "send_anyway" in text.stdout
    data = json.loads(run("show", log[5].id, "--json").stdout)
    assert data["justification"] == "=ticket 42" and data["chain"]["seq"] == 6
    missing = CliRunner().invoke(incidents, ["show", "ffffffff"])
    assert missing.exit_code == 1 and "no incident" in missing.output


def test_export_to_a_private_file_in_csv_and_jsonl(log, tmp_path):
    out = tmp_path / "review.csv"
    result = run("export", "--format", "csv", "--out", str(out), "--action", "warn")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["id"] for r in rows} == {log[0].id, log[4].id}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = run("export", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [i.id for i in log]


def test_export_offers_exactly_the_registered_formats(log):
    option = next(p for p in export.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == [f.value for f in ExportFormat]
    unknown = CliRunner().invoke(incidents, ["export", "--format", "xlsx"])
    assert unknown.exit_code == 2
    assert all(f.value in unknown.output for f in ExportFormat)


def test_mark_reviewed_then_filter_by_it(log):
    result = run("mark-reviewed", log[2].id[:8], "--note", "spoke with the user")
    assert result.exit_code == 0
    reviewed = run("list", "--reviewed", "--json").stdout.splitlines()
    assert [json.loads(line)["review"]["note"] for line in reviewed] == ["spoke with the user"]
    assert len(run("list", "--unreviewed").stdout.splitlines()) == 7


def test_stats_by_site_and_by_category_per_day(log):
    by_site = json.loads(run("stats", "--by", "site", "--json").stdout)
    assert {r["site"]: r["incidents"] for r in by_site} == {
        "chatgpt.com": 2, "claude.ai": 2, "gemini.google.com": 2, "copilot.microsoft.com": 2,
    }  # fmt: skip
    per_day = json.loads(run("stats", "--by", "category", "--interval", "day", "--json").stdout)
    assert len({r["bucket"] for r in per_day}) == 8
    assert sum(r["incidents"] for r in per_day if r["category"] == "financial") == 8


def test_verify_exits_0_when_intact_and_1_naming_the_first_broken_link(log, db_path):
    ok = run("verify")
    assert ok.exit_code == 0 and "ok: 9 records" in ok.stdout
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE incidents SET record = replace(record, 'paste', 'drop') WHERE seq = 4")
    conn.close()
    broken = run("verify")
    assert broken.exit_code == 1 and log[3].id in broken.stdout and "BROKEN" in broken.stdout


def test_retention_previews_then_applies_the_policy_days(log, policy):
    policy("  retention_days: 5\n")
    dry = run("retention")
    assert dry.exit_code == 0 and "would delete 3 records" in dry.stdout
    assert run("retention", "--apply").stdout.startswith("retention 5 days: deleted 3 records")
    assert run("verify").exit_code == 0


def test_retention_refuses_to_delete_when_the_policy_does_not_load(log, policy):
    policy("  retention_days: many\n")
    result = CliRunner().invoke(incidents, ["retention", "--apply"])
    assert result.exit_code == 1 and "not deleting" in result.output


def test_forward_once_drains_the_outbox_to_the_policy_target(log, db_path, policy):
    hec = HecReceiver()
    policy(f"  forwarding:\n    http:\n      url: {hec.url}\n")
    run("mark-reviewed", log[0].id, "--note", "ok")  # enqueued: the policy names a target now
    down = run("forward", "--once")
    assert "rescheduled 1" in down.stdout and "waiting in outbox: 1" in down.stdout
    with Store(db_path) as store:  # pretend the backoff passed
        store.write(lambda conn: conn.execute("UPDATE outbox SET next_attempt = 0"))
    hec.start()
    try:
        up = run("forward", "--once")
    finally:
        hec.stop()
    assert "delivered 1" in up.stdout and "waiting in outbox: 0" in up.stdout
    assert [r.body["event"]["kind"] for r in hec.received] == ["review"]  # type: ignore[index]


def test_forward_without_targets_says_so(log):
    result = run("forward", "--once")
    assert result.exit_code == 0 and "no SIEM targets" in result.stdout


def test_verify_reports_a_log_it_found_unreadable_as_a_recorded_recovery(log, db_path):
    data = bytearray(db_path.read_bytes())
    data[:100] = b"\xff" * 100
    db_path.write_bytes(bytes(data))
    result = CliRunner().invoke(incidents, ["verify"])
    # Recorded as the new log's first record (and forwarded): a known event, so verify accepts it.
    assert result.exit_code == 0, result.output
    assert "note: the log was started anew on " in result.stdout and "moved aside" in result.stdout
    again = run("verify")
    assert again.exit_code == 0 and "note: the log was started anew on " in again.stdout


@pytest.fixture
def anchored(db_path):
    """Four incidents written with the install's key (a file here: no keyring), as the app writes them."""
    key = load_or_create_key(KeyringFallback.FILE, data_dir=db_path.parent).key
    with Store(db_path, key=lambda: key) as store:
        for i in range(4):
            store.append(make_incident(i, when=NOW - timedelta(hours=4 - i)))
    return db_path


@pytest.mark.parametrize(
    "damage, sentence",
    [
        ("0-byte", "BROKEN: the incident log was deleted or emptied: "),
        ("deleted", "BROKEN: the incident log was deleted or emptied: "),
        ("anchor deleted", "BROKEN: the anchor file beside the incident log is missing: it was deleted"),
    ],
)
def test_verify_exits_1_with_a_sentence_for_a_wiped_log(anchored, damage, sentence):
    assert run("verify").exit_code == 0
    if damage == "0-byte":
        anchored.write_bytes(b"")
    elif damage == "deleted":
        anchored.unlink()
    else:
        anchored.with_name(anchored.name + ".anchor").unlink()
    result = run("verify")
    assert result.exit_code == 1
    assert result.stdout.startswith(sentence), result.stdout


def test_list_show_export_and_stats_tell_a_refused_override_from_a_sent_one(log, tmp_path):
    with Store() as store:
        store.record_decision(
            log[1].id, UserDecision.SEND_ANYWAY, "please", outcome=Outcome.REFUSED,
            reason="the policy does not let the user send this anyway",
        )  # fmt: skip
    lines = {line[:8]: line for line in run("list").stdout.splitlines()}
    assert "send_anyway  refused" in lines[log[1].id[:8]]
    assert "send_anyway  sent " in lines[log[5].id[:8]]  # the fixture's override, allowed
    refused = run("list", "--outcome", "refused", "--json").stdout.splitlines()
    assert [json.loads(line)["id"] for line in refused] == [log[1].id]

    shown = run("show", log[1].id).stdout
    assert "outcome:       refused, not sent (the policy does not let the user send this anyway)" in shown
    assert "chose send_anyway: refused, not sent" in shown

    out = tmp_path / "all.csv"
    run("export", "--format", "csv", "--out", str(out))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert (rows[log[1].id]["decision"], rows[log[1].id]["outcome"]) == ("send_anyway", "refused")
    assert rows[log[5].id]["outcome"] == "sent"

    by_outcome = json.loads(run("stats", "--by", "outcome", "--json").stdout)
    assert {r["outcome"]: r["incidents"] for r in by_outcome}["refused"] == 1
