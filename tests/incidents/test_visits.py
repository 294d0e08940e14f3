"""Visits to AI services per day (the shadow-AI picture): counted beside the chain, shown by the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from dlpguard.incidents.cli import incidents
from dlpguard.incidents.schema import _migrate_to_1, _migrate_to_2
from dlpguard.incidents.store import Store
from dlpguard.incidents.visits import count_visit, totals, visit_counts

NOW = datetime.now(UTC)


def test_visits_count_per_service_and_utc_day(store):
    yesterday = NOW - timedelta(days=1)
    assert count_visit(store, "deepseek", now=NOW) == 1
    assert count_visit(store, "deepseek", now=NOW) == 2
    assert count_visit(store, "chatgpt", now=NOW) == 1
    assert count_visit(store, "deepseek", now=yesterday) == 1
    counts = visit_counts(store)
    assert [(c.day, c.service, c.count) for c in counts] == [
        (NOW.date().isoformat(), "deepseek", 2),
        (NOW.date().isoformat(), "chatgpt", 1),
        (yesterday.date().isoformat(), "deepseek", 1),
    ]
    assert totals(counts) == [("deepseek", 3, 2), ("chatgpt", 1, 1)]
    assert visit_counts(store, since=NOW.date()) == counts[:2]


def test_a_visit_leaves_the_hash_chain_alone(store):
    count_visit(store, "kimi")
    report = store.verify()
    assert report.ok and store.count() == 0


def test_an_older_log_gains_the_visits_table_when_opened(db_path):
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    _migrate_to_1(conn)
    _migrate_to_2(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")
    conn.close()
    with Store(db_path) as store:
        assert count_visit(store, "qwen") == 1


def test_the_cli_lists_totals_and_days_without_urls(db_path):
    with Store(db_path) as store:
        for _ in range(3):
            count_visit(store, "deepseek")
        count_visit(store, "chat.internal.example", now=NOW - timedelta(days=2))
        count_visit(store, "old", now=NOW - timedelta(days=90))
    result = CliRunner().invoke(incidents, ["visits", "--json"], catch_exceptions=False)
    assert json.loads(result.output) == [
        {"service": "deepseek", "visits": 3, "days": 1},
        {"service": "chat.internal.example", "visits": 1, "days": 1},
    ]
    text = CliRunner().invoke(incidents, ["visits", "--days", "1"], catch_exceptions=False).output
    assert "deepseek" in text and "chat.internal.example" not in text
    daily = CliRunner().invoke(incidents, ["visits", "--daily", "--days", "120"], catch_exceptions=False)
    assert daily.output.count("visits") == 3
