"""Pauses are records of their own kind: chained like every record, listed, and told apart from findings.

Logs written before the kind existed hold pauses as app "detections" without findings; those logs must
open, verify and read the same (`is_pause` recognises both), with no migration and no rewrite.
"""

from __future__ import annotations

import sqlite3

import pytest

from dlpguard.engine.types import Action, Source
from dlpguard.incidents.build import build_pause, new_incident_id
from dlpguard.incidents.model import LISTED_KINDS, Incident, RecordKind, is_pause
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.schema import SCHEMA_VERSION
from dlpguard.incidents.store import Store
from tests.incidents.conftest import KEY, T0, make_incident


def legacy_pause(event: str = "pause") -> Incident:
    """A pause as DLP Guard recorded it before the `pause` kind: an app detection with a note."""
    return Incident(
        id=new_incident_id(), source=Source.APP, event=event, action=Action.ALLOW,
        note="protection paused by the user for 15 minutes", actor="jdoe", policy_version="7", time=T0,
    )  # fmt: skip


def test_a_pause_is_its_own_kind_with_who_and_for_how_long():
    record = build_pause(
        "pause", "protection paused by the user for 15 minutes", actor="jdoe", policy_version="7"
    )
    assert record.kind is RecordKind.PAUSE and record.kind in LISTED_KINDS
    assert (record.source, record.event, record.actor) == (Source.APP, "pause", "jdoe")
    assert not record.findings and not record.kind.is_annotation and is_pause(record)


def test_a_pause_record_only_takes_pause_or_resume():
    with pytest.raises(ValueError, match="pause"):
        build_pause("detection", "x")


def test_pauses_are_chained_listed_and_verified(db_path):
    with Store(db_path, key=lambda: KEY) as store:
        store.append(make_incident(1))
        pause = store.append(build_pause("pause", "paused for 15 minutes", actor="jdoe"))
        store.append(build_pause("resume", "resumed", actor="jdoe"))
        store.append(make_incident(2))
        assert store.verify().ok
        listed = [item.record.kind for item in store.iter_all()]
        assert listed.count(RecordKind.PAUSE) == 2 and store.count() == 4
        assert store.count(IncidentFilter(kinds=(RecordKind.PAUSE,))) == 2
        assert store.get(pause.id).record == pause.record


def test_a_pause_can_be_reviewed_and_the_chain_still_verifies(db_path):
    """A reviewer's note on a pause is an annotation like any other: the chain still verifies."""
    with Store(db_path, key=lambda: KEY) as store:
        pause = store.append(build_pause("pause", "paused for 60 minutes"))
        store.mark_reviewed(pause.id, "agreed with the team lead", reviewer="security")
        assert store.verify().ok and store.get(pause.id).review_note == "agreed with the team lead"


def test_an_old_log_with_pauses_recorded_as_detections_opens_verifies_and_reads_as_pauses(db_path):
    with Store(db_path, key=lambda: KEY) as old:
        old.append(make_incident(1))
        legacy = old.append(legacy_pause())
        old.append(legacy_pause("resume"))
        before = old.read(lambda conn: conn.execute("SELECT seq, hash, record FROM incidents").fetchall())
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # no migration needed
    with Store(db_path, key=lambda: KEY) as store:  # this version opens the old log
        after = store.read(lambda conn: conn.execute("SELECT seq, hash, record FROM incidents").fetchall())
        assert after == before  # nothing rewritten: the hash chain still covers the old bytes
        assert store.verify().ok
        item = store.get(legacy.id)
        assert item.record.kind is RecordKind.DETECTION and is_pause(item.record)
        store.append(build_pause("pause", "paused for 15 minutes"))  # new pauses carry the new kind
        assert store.verify().ok
        kinds = [(i.record.kind, is_pause(i.record)) for i in store.iter_all()]
        assert kinds.count((RecordKind.DETECTION, True)) == 2 and kinds.count((RecordKind.PAUSE, True)) == 1


def test_a_detection_with_findings_is_never_taken_for_a_pause():
    record = make_incident(1, source=Source.APP, event="pause")
    assert record.findings and not is_pause(record)
