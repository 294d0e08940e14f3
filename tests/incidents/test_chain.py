from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from dlpguard.engine.types import UserDecision
from dlpguard.incidents.chain import link_hash
from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.store import Store
from tests.incidents.conftest import T0, make_incident


@pytest.fixture
def log(db_path):
    """Ten incidents (seq 1-10), a decision on the 3rd (seq 11) and a review of the 4th (seq 12)."""
    with Store(db_path) as store:
        incidents = [make_incident(i) for i in range(10)]
        for incident in incidents:
            store.append(incident)
        store.record_decision(incidents[2].id, UserDecision.SEND_ANYWAY, "needed for the ticket")
        store.mark_reviewed(incidents[3].id, "fine", reviewer="rev")
    return db_path, incidents


def tamper(path, sql, *args):
    """What someone with the file could do: edit it with sqlite3 directly."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, args)
    conn.close()


def verify(path):
    with Store(path) as store:
        return store.verify()


def test_an_untouched_log_verifies(log):
    path, _ = log
    report = verify(path)
    assert report.ok and report.checked == 12, report.describe()


def flip_one_byte(text: str, at: int) -> str:
    return text[:at] + chr(ord(text[at]) ^ 0x01) + text[at + 1 :]


@pytest.mark.parametrize("offset", [0, 25, 100, -3])
def test_one_byte_changed_in_a_stored_record_is_found(log, offset):
    path, incidents = log
    with sqlite3.connect(path) as conn:
        record = conn.execute("SELECT record FROM incidents WHERE seq = 5").fetchone()[0]
    conn.close()
    tamper(path, "UPDATE incidents SET record = ? WHERE seq = 5", flip_one_byte(record, offset % len(record)))
    report = verify(path)
    assert not report.ok
    assert (report.broken_id, report.broken_seq) == (incidents[4].id, 5)
    assert "does not match its hash" in (report.reason or "")


def test_a_record_altered_and_rehashed_breaks_the_next_link(log):
    path, incidents = log
    with sqlite3.connect(path) as conn:
        record, prev = conn.execute("SELECT record, prev_hash FROM incidents WHERE seq = 5").fetchone()
    conn.close()
    forged = record.replace('"policy_version":"7"', '"policy_version":"8"')
    assert forged != record
    tamper(
        path, "UPDATE incidents SET record = ?, hash = ? WHERE seq = 5", forged, link_hash(prev, 5, forged)
    )
    report = verify(path)
    assert (report.ok, report.broken_id) == (False, incidents[5].id)
    assert "does not link to the record before it (seq 5)" in (report.reason or "")


def test_a_deleted_middle_record_is_found(log):
    path, incidents = log
    tamper(path, "DELETE FROM incidents WHERE seq = 6")
    report = verify(path)
    assert (report.ok, report.broken_id, report.broken_seq) == (False, incidents[6].id, 7)
    assert "removed" in (report.reason or "")


def test_deleting_the_newest_records_is_found(log):
    path, _ = log
    tamper(path, "DELETE FROM incidents WHERE seq >= 11")
    report = verify(path)
    assert not report.ok and "newest records were removed" in (report.reason or "")


@pytest.mark.parametrize(
    "sql, column",
    [
        ("UPDATE incidents SET site = 'example.org' WHERE seq = 2", "'site'"),
        ("UPDATE incidents SET action = 'allow' WHERE seq = 2", "'action'"),
        ("UPDATE incidents SET time = '2020-01-01T00:00:00.000000Z' WHERE seq = 2", "'time'"),
        ("DELETE FROM incident_categories WHERE seq = 2", "category index"),
    ],
)
def test_editing_an_indexed_column_instead_of_the_record_is_found(log, sql, column):
    path, incidents = log
    tamper(path, sql)
    report = verify(path)
    assert (report.ok, report.broken_id) == (False, incidents[1].id)
    assert column in (report.reason or "")


@pytest.mark.parametrize(
    "sql, column",
    [
        ("UPDATE incidents SET decision = 'cancel' WHERE seq = 3", "decision"),
        ("UPDATE incidents SET justification = NULL WHERE seq = 3", "justification"),
        ("UPDATE incidents SET reviewed_at = NULL WHERE seq = 4", "reviewed_at"),
        ("UPDATE incidents SET review_note = 'nothing to see' WHERE seq = 4", "review_note"),
    ],
)
def test_rewriting_a_decision_or_review_is_found(log, sql, column):
    path, _ = log
    tamper(path, sql)
    report = verify(path)
    assert not report.ok and column in (report.reason or "")


# -- retention ---------------------------------------------------------------------------------------


@pytest.fixture
def dated_log(db_path):
    """Twenty incidents, one a day from T0, then the decision on day 2's incident (seq 21)."""
    with Store(db_path) as store:
        incidents = [make_incident(i, when=T0 + timedelta(days=i)) for i in range(20)]
        for incident in incidents:
            store.append(incident)
        store.record_decision(incidents[2].id, UserDecision.CANCEL, now=T0 + timedelta(days=20))
    return db_path, incidents


def test_retention_deletes_old_records_and_the_chain_still_verifies(dated_log):
    path, incidents = dated_log
    now = T0 + timedelta(days=20, hours=-1)
    with Store(path) as store:
        preview = store.apply_retention(7, now=now, apply=False)
        assert (preview.deleted, preview.applied, store.count()) == (13, False, 20)
        report = store.apply_retention(7, now=now)
        kept = list(store.iter_all())
        assert report.deleted == 13 and report.anchor_seq == 13
        assert [k.id for k in kept if k.record.kind is RecordKind.DETECTION] == [i.id for i in incidents[13:]]
        assert kept[-1].record.kind is RecordKind.RETENTION and "deleted 13 records" in (
            kept[-1].record.note or ""
        )
        assert store.verify().ok, store.verify().describe()
        store.append(make_incident(99, when=now))
        again = store.apply_retention(7, now=now + timedelta(days=3))
        assert again.deleted == 3
        assert store.verify().ok, store.verify().describe()


def test_after_retention_deleting_the_first_kept_record_is_still_found(dated_log):
    path, incidents = dated_log
    with Store(path) as store:
        store.apply_retention(7, now=T0 + timedelta(days=20, hours=-1))
    tamper(path, "DELETE FROM incidents WHERE seq = 14")
    report = verify(path)
    assert (report.ok, report.broken_id) == (False, incidents[14].id)


def test_retention_of_everything_leaves_a_verifiable_log(dated_log):
    path, _ = dated_log
    with Store(path) as store:
        report = store.apply_retention(1, now=T0 + timedelta(days=400))
        assert report.deleted == 21
        assert store.count(IncidentFilter(kinds=())) == 1  # only the retention record itself
        assert store.verify().ok
