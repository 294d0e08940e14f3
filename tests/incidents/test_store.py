from __future__ import annotations

import itertools
import multiprocessing
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.errors import IncidentLogError
from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter, Interval, OrderBy, StatsBy
from dlpguard.incidents.schema import SCHEMA_VERSION, time_text
from dlpguard.incidents.store import Store
from tests.incidents.conftest import SITES, T0, make_incident, outbox_rows


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_file_wal_and_dir_are_private(db_path, store):
    store.append(make_incident())
    assert mode(db_path.parent) == 0o700
    for name in (db_path.name, f"{db_path.name}-wal", f"{db_path.name}-shm"):
        assert mode(db_path.with_name(name)) == 0o600, name


def test_opens_in_wal_mode_with_a_versioned_schema(db_path, store):
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_log_from_a_newer_version_is_refused_not_discarded(db_path):
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(IncidentLogError, match="newer"):
        Store(db_path)
    assert db_path.exists()


def test_append_and_read_back(store):
    incident = make_incident(1)
    stored = store.append(incident)
    assert stored.seq == 1
    got = store.get(incident.id)
    assert got is not None and got.record == incident and got.hash == stored.hash
    assert store.get(incident.id[:8]) == got  # unique prefix, as `list` prints it
    assert store.get("00000000-nope") is None


def test_decision_and_review_arrive_later_as_chained_annotations(store):
    incident = make_incident(1, action=Action.WARN)
    store.append(incident)
    store.record_decision(incident.id, UserDecision.SEND_ANYWAY, "customer asked for it", actor="emp")
    reviewed = store.mark_reviewed(incident.id, "talked to the employee", reviewer="rev")
    assert reviewed.decision is UserDecision.SEND_ANYWAY
    assert reviewed.justification == "customer asked for it"
    assert reviewed.reviewed_by == "rev" and reviewed.review_note == "talked to the employee"
    assert reviewed.record == incident  # the original record is never rewritten
    assert store.count() == 1  # annotations are not listed as incidents of their own
    kinds = IncidentFilter(kinds=(RecordKind.DECISION, RecordKind.REVIEW))
    assert [i.record.ref_id for i in store.page(kinds).items] == [incident.id, incident.id]
    assert store.verify().ok


def test_annotating_an_unknown_incident_is_an_error(store):
    with pytest.raises(IncidentLogError, match="no incident"):
        store.mark_reviewed("does-not-exist", "note")


def test_each_append_enqueues_one_outbox_row_per_target_in_the_same_transaction(db_path):
    with Store(db_path, targets=("syslog", "http")) as store:
        incident = make_incident()
        store.append(incident)
        rows = store.read(outbox_rows)
    assert [(r["target"], r["idempotency_key"]) for r in rows] == [
        ("syslog", f"{incident.id}:syslog"),
        ("http", f"{incident.id}:http"),
    ]


# -- filters and paging over a larger log ----------------------------------------------------------

N = 5000


@pytest.fixture(scope="module")
def big_log(tmp_path_factory):
    """5,000 incidents over ~3.5 days (one a minute), built once for the query tests."""
    path = tmp_path_factory.mktemp("big") / "incidents.db"
    with Store(path) as store:
        incidents = [make_incident(i) for i in range(N)]

        def insert_all(conn):
            for incident in incidents:
                store._insert(conn, incident)

        store.write(insert_all)  # one transaction: building the fixture fast is not what is tested
        for incident in incidents[:50]:
            store.mark_reviewed(incident.id, "ok")
    return path, incidents


@pytest.mark.parametrize(
    "flt, expected",
    [
        (IncidentFilter(), lambda i, inc: True),
        (IncidentFilter(site="claude.ai"), lambda i, inc: inc.site == "claude.ai"),
        (IncidentFilter(action=Action.BLOCK), lambda i, inc: inc.action is Action.BLOCK),
        (IncidentFilter(source=Source.CLIPBOARD), lambda i, inc: inc.source is Source.CLIPBOARD),
        (IncidentFilter(category=Category.SECRET), lambda i, inc: Category.SECRET in inc.counts_by_category),
        (IncidentFilter(since=T0 + timedelta(minutes=4000)), lambda i, inc: i >= 4000),
        (
            IncidentFilter(
                since=T0 + timedelta(minutes=100), until=T0 + timedelta(minutes=200), site="chatgpt.com"
            ),
            lambda i, inc: 100 <= i < 200 and inc.site == "chatgpt.com",
        ),
        (IncidentFilter(reviewed=True), lambda i, inc: i < 50),
        (
            IncidentFilter(reviewed=False, action=Action.WARN),
            lambda i, inc: i >= 50 and inc.action is Action.WARN,
        ),
        (IncidentFilter(decision=UserDecision.SEND_ANYWAY), lambda i, inc: False),
    ],
)
def test_count_matches_the_filter(big_log, flt, expected):
    path, incidents = big_log
    with Store(path) as store:
        assert store.count(flt) == sum(1 for i, inc in enumerate(incidents) if expected(i, inc))


@pytest.mark.parametrize("order_by", [OrderBy.TIME, OrderBy.SITE, OrderBy.ACTION])
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_paging_visits_every_match_once_in_order(big_log, order_by, descending):
    path, _ = big_log
    flt = IncidentFilter(category=Category.CONTACT)
    with Store(path) as store:
        seen, after = [], None
        while True:
            page = store.page(flt, order_by=order_by, descending=descending, limit=700, after=after)
            seen += page.items
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert len(seen) == len({s.seq for s in seen}) == store.count(flt)
        column = {
            OrderBy.TIME: lambda s: time_text(s.record.time),
            OrderBy.SITE: lambda s: s.record.site or "",
            OrderBy.ACTION: lambda s: s.record.action.value,
        }[order_by]
        keys = [(column(s), s.seq) for s in seen]
        assert keys == sorted(keys, reverse=descending)


def test_offset_paging_matches_keyset_paging(big_log):
    path, _ = big_log
    with Store(path) as store:
        first = store.page(limit=100)
        second = store.page(limit=100, offset=100)
        by_cursor = store.page(limit=100, after=first.next_cursor)
    assert [i.id for i in second.items] == [i.id for i in by_cursor.items]


def test_filters_use_indexes(big_log):
    path, _ = big_log
    with Store(path) as store:
        for flt in (
            IncidentFilter(),
            IncidentFilter(site="claude.ai"),
            IncidentFilter(category=Category.SECRET),
            IncidentFilter(reviewed=True),
        ):
            where, args = flt.where()
            plan = store.read(
                lambda conn, where=where, args=args: conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM incidents WHERE {where}",  # noqa: S608
                    args,
                ).fetchall()
            )
            steps = [str(row[-1]) for row in plan]
            assert "SCAN incidents" not in steps, steps  # never a scan of the table itself
            assert all("USING" in step for step in steps if step.startswith(("SCAN", "SEARCH"))), steps


def test_stats_by_site_category_and_day(big_log):
    path, _ = big_log
    with Store(path) as store:
        by_site = {r.key: r.incidents for r in store.stats(StatsBy.SITE)}
        by_category = {r.key: r.incidents for r in store.stats(StatsBy.CATEGORY)}
        by_day = store.stats(StatsBy.CATEGORY, interval=Interval.DAY)
    assert by_site == {site: N // len(SITES) for site in SITES}
    assert by_category["financial"] == N  # every generated text holds a card
    assert by_category["secret"] == sum(1 for i in range(N) if i % 3)
    assert sum(r.incidents for r in by_day if r.key == "financial") == N
    assert sorted({r.bucket for r in by_day}) == ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"]


# -- several processes writing at once -------------------------------------------------------------


def _append_many(path: str, worker: int, count: int, start: Any) -> None:
    """Runs in a separate (spawned) process: the tray app, a native host or the CLI in real life."""
    with Store(Path(path), targets=("http",)) as store:
        start.wait(timeout=120)  # all writers begin together, so their appends really contend
        for i in range(count):
            store.append(make_incident(worker * 10_000 + i))


@pytest.mark.slow
def test_concurrent_writers_in_separate_processes_lose_and_corrupt_nothing(db_path):
    workers, each = 4, 250
    Store(db_path).close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(workers)
    processes = [
        context.Process(target=_append_many, args=(str(db_path), w, each, start)) for w in range(workers)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=240)
    assert [p.exitcode for p in processes] == [0] * workers
    with Store(db_path) as store:
        records = list(store.iter_all())
        report = store.verify()
        queued = store.read(outbox_rows)
    assert len(records) == workers * each
    assert len({r.id for r in records}) == workers * each
    assert [r.seq for r in records] == list(range(1, workers * each + 1))
    assert report.ok, report.describe()
    assert len(queued) == workers * each  # every record's outbox row committed with it
    writer_of = [int((r.record.time - T0).total_seconds() // 60) // 10_000 for r in records]
    switches = sum(1 for a, b in itertools.pairwise(writer_of) if a != b)
    assert switches >= workers, "the writers did not overlap, so the test proved nothing"
