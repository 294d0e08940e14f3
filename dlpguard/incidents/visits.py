"""The shadow-AI picture: how often each AI service was opened, per day, and nothing else.

An admin deciding which AI services to approve, block or buy needs to know which ones people use.
The browser extension reports each page load of a guarded site; the guard counts it under the site's
catalogue service (or the bare host of a site the catalogue lacks) and the UTC day. No text, URL path,
title or time of day is kept, so a count cannot tell what anybody did there. Counts are aggregates,
not evidence: they live in their own table beside the hash chain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dlpguard.incidents.store import Store

#: Days of counts `dlpguard incidents visits` shows unless told otherwise.
DEFAULT_DAYS = 30


@dataclass(frozen=True, slots=True)
class VisitCount:
    day: str  # YYYY-MM-DD (UTC)
    service: str
    count: int


def today(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).date().isoformat()


def first_day(days: int, now: datetime | None = None) -> date:
    """The first UTC day of the last `days` days, today included."""
    return (now or datetime.now(UTC)).astimezone(UTC).date() - timedelta(days=days - 1)


def count_visit(store: Store, service: str, *, now: datetime | None = None) -> int:
    """Adds one visit to `service` today; returns today's count for it."""
    if not service or len(service) > 253:
        raise ValueError("a visit needs a service id or host of at most 253 characters")
    day = today(now)

    def work(conn: sqlite3.Connection) -> int:
        conn.execute(
            "INSERT INTO visits (day, service, count) VALUES (?, ?, 1) "
            "ON CONFLICT (day, service) DO UPDATE SET count = count + 1",
            (day, service),
        )
        row = conn.execute(
            "SELECT count FROM visits WHERE day = ? AND service = ?", (day, service)
        ).fetchone()
        return int(row[0])

    return store.write(work)


def visit_counts(store: Store, *, since: date | None = None) -> list[VisitCount]:
    """Counts from `since` (a UTC date, inclusive) on, newest day first, busiest service first."""
    first = since.isoformat() if since else "0000-00-00"
    rows: Sequence[tuple[str, str, int]] = store.read(
        lambda conn: conn.execute(
            "SELECT day, service, count FROM visits WHERE day >= ? ORDER BY day DESC, count DESC, service",
            (first,),
        ).fetchall()
    )
    return [VisitCount(*r) for r in rows]


def totals(counts: Sequence[VisitCount]) -> list[tuple[str, int, int]]:
    """(service, visits, days used) over `counts`, busiest first."""
    by: dict[str, list[int]] = {}
    for c in counts:
        entry = by.setdefault(c.service, [0, 0])
        entry[0] += c.count
        entry[1] += 1
    return sorted(((s, v, d) for s, (v, d) in by.items()), key=lambda r: (-r[1], r[0]))
