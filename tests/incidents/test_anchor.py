"""The anchor file beside the log: a wiped, cut, rolled-back or replaced log no longer verifies.

Every test works on a real SQLite log written through the keyed store, and tampers the way someone
with the user's files could: truncating, deleting, copying files back, editing with sqlite3.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from dlpguard.engine.types import UserDecision
from dlpguard.errors import IncidentLogError
from dlpguard.incidents.anchor import Anchor, ChainPoint, anchor_path, parse_anchor, write_anchor
from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.store import Store
from tests.incidents.conftest import KEY, T0, make_incident, outbox_rows
from tests.incidents.test_recovery import write_garbage

OTHER_KEY = bytes(range(100, 132))


def keyed(path: Path, **kwargs: object) -> Store:
    return Store(path, key=lambda: KEY, **kwargs)  # type: ignore[arg-type]


def verify(path: Path) -> object:
    with keyed(path) as store:
        return store.verify()


def remove_log(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@pytest.fixture
def log(db_path):
    """Twelve incidents and a decision on the third (seq 4), written with the key: anchored at seq 13."""
    with keyed(db_path) as store:
        incidents = [make_incident(i) for i in range(12)]
        for i, incident in enumerate(incidents):
            store.append(incident)
            if i == 2:
                store.record_decision(incident.id, UserDecision.CANCEL)
    return db_path


def test_an_intact_log_verifies_and_its_anchor_is_a_private_sealed_file(log):
    report = verify(log)
    assert report.ok and report.checked == 13 and report.notes == (), report.describe()
    anchor = anchor_path(log)
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    data = json.loads(anchor.read_text())
    assert data["head"]["seq"] == 13 and data["start"] == {"seq": 0, "hash": "0" * 64}
    assert parse_anchor(anchor.read_text()).seal_matches(KEY)
    assert not parse_anchor(anchor.read_text()).seal_matches(OTHER_KEY)
    assert not list(log.parent.glob("*.tmp"))  # the atomic write left nothing behind


@pytest.mark.parametrize(
    "wipe",
    ["0-byte file", "deleted", "deleted while a store has it open"],
)
def test_a_wiped_log_fails_verify_with_a_plain_sentence(log, wipe):
    if wipe == "0-byte file":
        log.write_bytes(b"")
        report = verify(log)
    elif wipe == "deleted":
        remove_log(log)
        report = verify(log)
    else:
        with keyed(log) as running:
            remove_log(log)
            report = running.verify()
    assert not report.ok
    assert report.describe() == (
        "BROKEN: the incident log was deleted or emptied: its anchor (written "
        f"{parse_anchor(anchor_path(log).read_text()).written_at}) records the log up to seq 13, "
        "the file now holds no records"
    )


def test_a_log_put_back_from_an_older_copy_fails(log, tmp_path):
    older = tmp_path / "older.db"
    shutil.copy(log, older)  # closed cleanly: the WAL is checkpointed into the file
    with keyed(log) as store:
        store.append(make_incident(20))
        store.append(make_incident(21))
    shutil.copy(older, log)
    report = verify(log)
    assert not report.ok
    assert "cut short or put back from an older copy: it ends at seq 13" in report.describe()
    assert "records the log up to seq 15" in report.describe()


def test_a_chain_cut_short_with_its_head_rewritten_fails(log):
    cut_short(log, 9)
    with Store(log) as keyless:
        assert not keyless.verify().ok  # the anchor's seq and hash are checked even without the key
    report = verify(log)
    assert not report.ok and "ends at seq 9" in (report.reason or "")
    assert "the records after seq 9 are missing" in (report.reason or "")


def test_a_log_replaced_by_a_different_one_fails(log, tmp_path):
    other = tmp_path / "other" / "incidents.db"
    other.parent.mkdir()
    with keyed(other) as store:
        for i in range(20):
            store.append(make_incident(100 + i))
    remove_log(log)
    shutil.copy(other, log)
    report = verify(log)
    assert not report.ok
    assert "replaced by a different log" in (report.reason or "")
    assert "the file holds another log with records up to seq 20" in (report.reason or "")


def test_a_deleted_anchor_file_fails(log):
    anchor_path(log).unlink()
    report = verify(log)
    assert not report.ok and "anchor file beside the incident log is missing" in (report.reason or "")


@pytest.mark.parametrize("edit", ["garbage", "head moved back", "sealed with another key"])
def test_an_edited_anchor_fails(log, edit):
    path = anchor_path(log)
    anchor = parse_anchor(path.read_text())
    if edit == "garbage":
        path.write_text("{not json")
    elif edit == "head moved back":
        moved = Anchor(anchor.log_id, anchor.start, ChainPoint(5, "ab" * 32), anchor.written_at, anchor.mac)
        path.write_text(moved.to_text())
    else:
        write_anchor(path, anchor.sealed(OTHER_KEY))
    report = verify(log)
    assert not report.ok
    assert ("damaged or was altered" if edit == "garbage" else "its seal does not match") in (
        report.reason or ""
    )


def cut_short(path: Path, to_seq: int) -> ChainPoint:
    """Removes the records after `to_seq` and rewrites the head, so the chain inside is valid again."""
    conn = sqlite3.connect(path)
    with conn:
        chain_hash = conn.execute("SELECT hash FROM incidents WHERE seq = ?", (to_seq,)).fetchone()[0]
        conn.execute("DELETE FROM incidents WHERE seq > ?", (to_seq,))
        conn.execute("DELETE FROM incident_categories WHERE seq > ?", (to_seq,))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'head_seq'", (str(to_seq),))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'head_hash'", (chain_hash,))
    conn.close()
    return ChainPoint(to_seq, chain_hash)


def test_a_log_cut_short_cannot_be_re_anchored_without_the_key(log):
    """Someone cuts the log and writes an anchor to match: without the install's key the seal fails."""
    head = cut_short(log, 9)
    anchor = parse_anchor(anchor_path(log).read_text())
    forged = Anchor(anchor.log_id, anchor.start, head, anchor.written_at)
    write_anchor(anchor_path(log), forged.sealed(OTHER_KEY))
    report = verify(log)
    assert not report.ok and "seal does not match" in (report.reason or "")
    write_anchor(anchor_path(log), forged)  # no seal at all
    assert "seal does not match" in (verify(log).reason or "")


def test_the_next_write_records_a_silent_replacement_and_verify_keeps_failing(log):
    remove_log(log)
    with keyed(log, targets=("http",)) as store:
        store.append(make_incident(50))
        records = list(store.iter_all(IncidentFilter(kinds=())))
        assert [r.record.kind for r in records] == [RecordKind.ANCHOR_MISMATCH, RecordKind.DETECTION]
        assert "deleted or emptied" in (records[0].record.note or "")
        # The SIEM hears about it too.
        assert store.read(outbox_rows)[0]["incident_id"] == records[0].id
        report = store.verify()
    assert not report.ok and report.broken_id == records[0].id
    assert "DLP Guard found that the incident log was deleted or emptied" in report.describe()
    with keyed(log) as store:  # the anchor now follows the new log: the evidence is the record
        store.append(make_incident(51))
        assert [r.record.kind for r in store.iter_all(IncidentFilter(kinds=()))].count(
            RecordKind.ANCHOR_MISMATCH
        ) == 1
        assert not store.verify().ok


def test_a_recovered_log_verifies_as_a_known_recorded_event(log):
    write_garbage(log, "header")
    with keyed(log) as store:
        assert store.recovered_to is not None
        store.append(make_incident(60))
        report = store.verify()
        first = next(iter(store.iter_all(IncidentFilter(kinds=()))))
    assert report.ok, report.describe()
    assert first.record.kind is RecordKind.LOG_RECOVERED
    assert "its anchor recorded records up to seq 13" in (first.record.note or "")
    assert len(report.notes) == 1 and report.notes[0].startswith("the log was started anew on ")
    assert store.recovered_to.name in report.notes[0]


def test_a_store_that_follows_another_process_recovery_still_verifies(log):
    with keyed(log) as running:
        write_garbage(log, "header")
        with keyed(log) as other:  # finds the file corrupt, moves it aside, records that
            assert other.recovered_to is not None
        running.append(make_incident(61))
        report = running.verify()
    assert report.ok and report.notes and "started anew" in report.notes[0], report.describe()


def test_retention_moves_the_anchored_start_and_verify_still_passes(db_path):
    with keyed(db_path) as store:
        for i in range(20):
            store.append(make_incident(i, when=T0 + timedelta(days=i)))
        assert store.apply_retention(7, now=T0 + timedelta(days=20)).deleted == 13
        assert store.verify().ok, store.verify().describe()
        assert parse_anchor(anchor_path(db_path).read_text()).start.seq == 13
        store.apply_retention(1, now=T0 + timedelta(days=400))  # everything
        assert store.verify().ok, store.verify().describe()


def test_old_records_removed_by_hand_are_not_retention(db_path):
    """The chain inside stays valid when its internal anchor moves too; the anchor file's start does not."""
    with keyed(db_path) as store:
        for i in range(10):
            store.append(make_incident(i))
    conn = sqlite3.connect(db_path)
    with conn:
        chain_hash = conn.execute("SELECT hash FROM incidents WHERE seq = 4").fetchone()[0]
        conn.execute("DELETE FROM incidents WHERE seq <= 4")
        conn.execute("DELETE FROM incident_categories WHERE seq <= 4")
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('anchor_seq', '4'), ('anchor_hash', ?)", (chain_hash,)
        )
    conn.close()
    report = verify(db_path)
    assert not report.ok and "removed outside retention" in (report.reason or "")


def test_records_written_without_the_key_are_accepted_and_named_as_not_anchored(log):
    with Store(log) as keyless:  # e.g. a process that could not reach the keyring
        keyless.append(make_incident(70))
        keyless.append(make_incident(71))
    report = verify(log)
    assert report.ok, report.describe()
    assert any("newest 2 records (after seq 13) are not anchored yet" in n for n in report.notes)
    with keyed(log) as store:  # the next keyed write anchors them, without a mismatch record
        store.append(make_incident(72))
        assert store.verify().notes == ()
        assert store.count(IncidentFilter(kinds=(RecordKind.ANCHOR_MISMATCH,))) == 0


def test_a_log_from_before_anchors_verifies_and_the_first_keyed_write_anchors_it(db_path):
    with Store(db_path) as keyless:
        keyless.append(make_incident(1))
    assert not anchor_path(db_path).exists()
    report = verify(db_path)
    assert report.ok and "no anchor yet" in report.notes[0]
    with keyed(db_path) as store:
        store.append(make_incident(2))
        assert store.verify().notes == ()
    assert anchor_path(db_path).exists()


def test_without_a_key_the_log_keeps_working_and_says_what_it_did_not_check(log):
    def no_key() -> bytes:
        raise IncidentLogError("no keyring")

    with Store(log, key=no_key) as store:
        store.append(make_incident(80))
        report = store.verify()
    assert report.ok
    assert any("seal was not checked" in n for n in report.notes)


def _append_many(path: str, worker: int, count: int, go: object) -> None:
    with keyed(Path(path), targets=("http",)) as store:
        go.wait(60)  # type: ignore[attr-defined]  # all start together, so the appends interleave
        for i in range(count):
            store.append(make_incident(worker * 1000 + i))
            if i % 5 == 0:
                assert store.verify().ok


def test_concurrent_writers_in_several_processes_still_verify(db_path):
    keyed(db_path).close()  # created first, as the tray app does
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    workers = [ctx.Process(target=_append_many, args=(str(db_path), w, 15, go)) for w in range(4)]
    for p in workers:
        p.start()
    go.set()
    for p in workers:
        p.join(120)
    assert [p.exitcode for p in workers] == [0] * 4
    with keyed(db_path) as store:
        report = store.verify()
        assert report.ok and report.checked == 60 and report.notes == (), report.describe()
        assert parse_anchor(anchor_path(db_path).read_text()).head.seq == 60
        assert store.count(IncidentFilter(kinds=(RecordKind.ANCHOR_MISMATCH,))) == 0


def test_a_recovery_by_a_process_without_the_key_is_not_taken_for_a_replacement(log):
    write_garbage(log, "header")
    with Store(log) as keyless:  # e.g. `doctor`, which opens the log without the key
        assert keyless.recovered_to is not None
    report = verify(log)
    assert report.ok, report.describe()
    assert any(
        "still names the unreadable log that was moved aside (up to seq 13)" in n for n in report.notes
    )
    with keyed(log) as store:
        store.append(make_incident(90))
        assert store.count(IncidentFilter(kinds=(RecordKind.ANCHOR_MISMATCH,))) == 0
        after = store.verify()
    assert after.ok and [n for n in after.notes if "started anew" not in n] == [], after.notes
