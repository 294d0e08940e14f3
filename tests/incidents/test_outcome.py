"""The outcome is kept apart from the user's choice, and logs from before outcomes stay readable."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from dlpguard.engine.types import Action, UserDecision
from dlpguard.incidents import outbox
from dlpguard.incidents.anchor import anchor_path
from dlpguard.incidents.chain import GENESIS, canonical_json, link_hash
from dlpguard.incidents.export import write_export
from dlpguard.incidents.model import Incident, Outcome, RecordKind, outcome_for_decision
from dlpguard.incidents.outbox import forward_event, idempotency_key
from dlpguard.incidents.queries import IncidentFilter, StatsBy
from dlpguard.incidents.schema import _V1, SCHEMA_VERSION, _statements, record_columns
from dlpguard.incidents.store import Store
from tests.incidents.conftest import KEY, make_incident


@pytest.mark.parametrize(
    "action, outcome",
    [
        (Action.ALLOW, Outcome.SENT),
        (Action.AUDIT, Outcome.SENT),
        (Action.MASK, Outcome.SENT_MASKED),
        (Action.BLOCK, Outcome.NOT_SENT),
        (Action.WARN, Outcome.PENDING),
    ],
)
def test_a_detection_starts_with_what_its_action_does(store, action, outcome):
    stored = store.append(make_incident(1, action=action))
    assert stored.outcome is outcome and store.get(stored.id).outcome is outcome


@pytest.mark.parametrize(
    "decision, allowed, outcome",
    [
        (UserDecision.CANCEL, True, Outcome.NOT_SENT),
        (UserDecision.SEND_MASKED, True, Outcome.SENT_MASKED),
        (UserDecision.SEND_ANYWAY, True, Outcome.SENT),
        (UserDecision.SEND_ANYWAY, False, Outcome.REFUSED),
    ],
)
def test_the_outcome_of_a_choice_depends_on_whether_it_was_allowed(decision, allowed, outcome):
    assert outcome_for_decision(decision, allowed=allowed) is outcome


def test_a_refused_override_is_recorded_as_refused_with_its_reason(store):
    incident = make_incident(1, action=Action.BLOCK)
    store.append(incident)
    stored = store.record_decision(
        incident.id,
        UserDecision.SEND_ANYWAY,
        "need it for the ticket",
        outcome=Outcome.REFUSED,
        reason="the policy does not let the user send this anyway",
    )
    assert (stored.decision, stored.outcome) == (UserDecision.SEND_ANYWAY, Outcome.REFUSED)
    [note] = store.annotations(incident.id)
    assert note.kind is RecordKind.DECISION and note.outcome is Outcome.REFUSED
    assert note.note == "the policy does not let the user send this anyway"
    assert store.verify().ok
    assert [i.id for i in store.page(IncidentFilter(outcome=Outcome.REFUSED)).items] == [incident.id]
    rows = {r.key: r.incidents for r in store.stats(StatsBy.OUTCOME)}
    assert rows == {"refused": 1}
    data = stored.to_json_dict()
    assert (data["decision"], data["outcome"]) == ("send_anyway", "refused")


def test_without_an_outcome_a_decision_records_what_the_choice_does(store):
    incident = make_incident(1, action=Action.WARN)
    store.append(incident)
    assert store.record_decision(incident.id, UserDecision.SEND_ANYWAY).outcome is Outcome.SENT


def test_editing_the_outcome_column_is_found(store, db_path):
    incident = make_incident(1, action=Action.BLOCK)
    store.append(incident)
    store.record_decision(incident.id, UserDecision.SEND_ANYWAY, outcome=Outcome.REFUSED)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE incidents SET outcome = 'sent' WHERE id = ?", (incident.id,))
    conn.close()
    report = store.verify()
    assert not report.ok and "'outcome' differs" in (report.reason or "")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exports_carry_the_outcome_beside_the_choice(store, fmt):
    incident = make_incident(1, action=Action.BLOCK)
    store.append(incident)
    store.record_decision(incident.id, UserDecision.SEND_ANYWAY, outcome=Outcome.REFUSED)
    out = io.StringIO()
    write_export(store.iter_all(), out, fmt)
    if fmt == "csv":
        [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    else:
        [row] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (row["decision"], row["outcome"]) == ("send_anyway", "refused")


# -- a log written by the previous version (schema 1, no outcomes, no seals, no anchor) ----------------


def _old_json(incident: Incident) -> str:
    """The record as version 1 hashed it: the same fields, without `outcome`."""
    data = incident.model_dump(mode="json")
    del data["outcome"]
    return canonical_json(data)


def write_v1_log(path) -> list[Incident]:
    """Two incidents and a send-anyway decision, written the way schema 1 did, with one queued copy."""
    first, second = make_incident(1, action=Action.BLOCK), make_incident(2, action=Action.WARN)
    decision = Incident(
        id="d-1", kind=RecordKind.DECISION, ref_id=second.id, decision=UserDecision.SEND_ANYWAY,
        justification="old override", action=second.action, source=second.source, site=second.site,
    )  # fmt: skip
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    with conn:
        for statement in _statements(_V1):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        prev = GENESIS
        for seq, record in enumerate((first, second, decision), 1):
            text = _old_json(record)
            chain_hash = link_hash(prev, seq, text)
            columns = record_columns(record)
            del columns["outcome"]
            columns.update(seq=seq, record=text, prev_hash=prev, hash=chain_hash)
            conn.execute(
                f"INSERT INTO incidents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
                tuple(columns.values()),
            )
            conn.executemany(
                "INSERT INTO incident_categories (category, seq, count) VALUES (?, ?, ?)",
                [(c.value, seq, n) for c, n in record.counts_by_category.items()],
            )
            if seq == 1:
                event = forward_event(record, seq, chain_hash)
                del event["outcome"]
                conn.execute(
                    "INSERT INTO outbox (target, incident_id, idempotency_key, payload, created_at, "
                    "next_attempt) VALUES ('http', ?, ?, ?, 0, 0)",
                    (record.id, idempotency_key(record.id, "http"), canonical_json(event)),
                )
            prev = chain_hash
        conn.execute(
            "UPDATE incidents SET decision = 'send_anyway', justification = 'old override' WHERE seq = 2"
        )
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", [("head_seq", "3"), ("head_hash", prev)]
        )
    conn.close()
    return [first, second, decision]


def test_a_log_from_schema_1_is_migrated_reads_unknown_and_still_verifies(db_path):
    first, second, _ = write_v1_log(db_path)
    with Store(db_path, key=lambda: KEY) as store:
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        conn.close()
        report = store.verify()
        assert report.ok and report.checked == 3, report.describe()
        assert "no anchor yet" in report.notes[0]
        old = store.get(second.id)
        assert (old.decision, old.outcome) == (UserDecision.SEND_ANYWAY, Outcome.UNKNOWN)
        assert store.get(first.id).outcome is Outcome.UNKNOWN
        assert store.count(IncidentFilter(outcome=Outcome.UNKNOWN)) == 2

        # New records beside the old ones: outcomes kept, the log anchored, the chain still whole.
        store.record_decision(first.id, UserDecision.SEND_ANYWAY, outcome=Outcome.REFUSED, reason="no")
        assert store.get(first.id).outcome is Outcome.REFUSED
        after = store.verify()
        assert after.ok, after.describe()
        assert after.notes == ("1 queued SIEM copies from before seals are sealed when sent",)

        # The copy queued by version 1 still equals its record: sealed and sent unflagged, not "altered".
        [row] = store.write(lambda conn: outbox.claim(conn, "http", "test", 1e12, 60, 10, key=KEY))
        assert row.check is outbox.RowCheck.RESEALED and "integrity" not in json.loads(row.payload)
        assert store.verify().notes == ()
    assert anchor_path(db_path).exists()
