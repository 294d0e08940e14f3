"""Filters, paging and statistics over the incident table, as SQL built only from fixed fragments.

Paging supports offset/limit and keyset (`after`), so a table view over 100,000 incidents can scroll
without re-counting skipped rows. Every filter has an index that starts with its column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.incidents.model import LISTED_KINDS, Outcome, RecordKind
from dlpguard.incidents.schema import time_text

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True)
class IncidentFilter:
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    site: str | None = None
    category: Category | None = None
    action: Action | None = None
    decision: UserDecision | None = None
    outcome: Outcome | None = None
    source: Source | None = None
    reviewed: bool | None = None
    kinds: tuple[RecordKind, ...] = field(default=LISTED_KINDS)
    #: Part of a site or app name, or of the page's host (`openai` finds chat.openai.com), any case.
    site_contains: str | None = None
    #: Incidents that carry this keyed fingerprint: the same value leaking again.
    fingerprint: str | None = None

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """(SQL condition, parameters) over `incidents` (named `alias` if given); values are parameters."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        args: list[object] = []
        if set(self.kinds) == set(LISTED_KINDS):
            clauses.append(f"{p}ref_id IS NULL")  # the same set, in the form the partial indexes name
        elif self.kinds:
            clauses.append(f"{p}kind IN ({', '.join('?' * len(self.kinds))})")
            args += [k.value for k in self.kinds]
        if self.since:
            clauses.append(f"{p}time >= ?")
            args.append(time_text(self.since))
        if self.until:
            clauses.append(f"{p}time < ?")
            args.append(time_text(self.until))
        for column, value in (
            ("site", self.site),
            ("action", self.action),
            ("decision", self.decision),
            ("outcome", self.outcome),
            ("source", self.source),
        ):
            if value is not None:
                clauses.append(f"{p}{column} = ?")
                args.append(value.value if isinstance(value, StrEnum) else value)
        if self.category is not None:
            clauses.append(f"{p}seq IN (SELECT seq FROM incident_categories WHERE category = ?)")  # noqa: S608
            args.append(self.category.value)
        if self.reviewed is not None:
            clauses.append(f"{p}reviewed_at IS {'NOT NULL' if self.reviewed else 'NULL'}")
        if self.site_contains:
            clauses.append(f"({p}site LIKE ? ESCAPE '\\' OR {p}url_host LIKE ? ESCAPE '\\')")
            pattern = f"%{_like_escaped(self.site_contains.strip())}%"
            args += [pattern, pattern]
        if self.fingerprint:
            clauses.append(f"instr({p}record, ?) > 0")  # hex in the hashed JSON: no index, a scan
            args.append(self.fingerprint)
        return (" AND ".join(clauses) or "1"), args


def _like_escaped(text: str) -> str:
    """`text` matched literally inside LIKE (its % and _ are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class OrderBy(StrEnum):
    TIME = "time"
    SEQ = "seq"
    SITE = "site"
    ACTION = "action"
    DECISION = "decision"
    OUTCOME = "outcome"
    SOURCE = "source"
    SEVERITY = "severity"  # computed: `severity_sql` / `severity_of`


#: Severity 3 high, 2 medium, 1 low: the data's category and the policy's action, whichever is worse.
CATEGORY_SEVERITY = {
    Category.SECRET: 3, Category.GOVERNMENT_ID: 3, Category.FINANCIAL: 3, Category.HEALTH: 3,
    Category.CONTACT: 2, Category.PERSON: 2, Category.NETWORK: 2, Category.CUSTOM: 2, Category.LOCATION: 1,
}  # fmt: skip
ACTION_SEVERITY = {Action.BLOCK: 3, Action.WARN: 2, Action.MASK: 2, Action.AUDIT: 1, Action.ALLOW: 1}
#: Records that are not detections: a log changed outside DLP Guard is the worst news there is.
KIND_SEVERITY = {RecordKind.ANCHOR_MISMATCH: 3, RecordKind.LOG_RECOVERED: 2, RecordKind.PAUSE: 2}


def severity_of(kind: RecordKind, action: Action, categories: Iterable[Category]) -> int:
    """The Python twin of `severity_sql` (the table shows it, SQL sorts by it; a test keeps them equal)."""
    ranks = [ACTION_SEVERITY.get(action, 1), KIND_SEVERITY.get(kind, 1)]
    return max([*ranks, *(CATEGORY_SEVERITY.get(c, 2) for c in categories)])


def _values(members: Iterable[StrEnum]) -> str:
    return ", ".join(f"'{m.value}'" for m in members)


def severity_sql() -> str:
    """Severity as an SQL expression over `incidents` (enum values only, no input).

    Each level is a few uncorrelated `seq IN (...)` sets, each read from an index once per query, so
    the outer scan needs nothing but `seq`: the first page of 100,000 incidents takes 0.1-0.3 s on a
    busy 2-core machine (bench/review_queries.py), against 0.5-0.9 s reading each row's `action`.
    """
    levels = []
    for level in (3, 2):
        sets = []
        actions = [a for a, rank in ACTION_SEVERITY.items() if rank == level]
        categories = [c for c in Category if CATEGORY_SEVERITY.get(c, 2) == level]  # as severity_of
        kinds = [k for k, rank in KIND_SEVERITY.items() if rank == level]
        if actions:
            where = f"action IN ({_values(actions)}) AND ref_id IS NULL"  # the covering partial index
            sets.append(f"SELECT seq FROM incidents WHERE {where}")  # noqa: S608 - enum values
        if categories:
            sets.append(f"SELECT seq FROM incident_categories WHERE category IN ({_values(categories)})")  # noqa: S608
        if kinds:
            sets.append(f"SELECT seq FROM incidents WHERE kind IN ({_values(kinds)})")  # noqa: S608
        levels.append(f"WHEN {' OR '.join(f'seq IN ({q})' for q in sets)} THEN {level}")
    return f"(CASE {' '.join(levels)} ELSE 1 END)"


@dataclass(frozen=True)
class PageCursor:
    """Where the previous page ended: its last row's sort value and seq (the unique tie-breaker)."""

    value: str | int
    seq: int


def page_sql(
    flt: IncidentFilter,
    order_by: OrderBy,
    descending: bool,
    limit: int,
    offset: int,
    after: PageCursor | None,
) -> tuple[str, list[object]]:
    """The `SELECT seq ... ` for one page; the caller loads the rows by seq."""
    where, args = flt.where()
    column = severity_sql() if order_by is OrderBy.SEVERITY else order_by.value
    direction = "DESC" if descending else "ASC"
    if after is not None:
        where += f" AND ({column}, seq) {'<' if descending else '>'} (?, ?)"
        args += [after.value, after.seq]
    sql = (
        f"SELECT seq, {column} FROM incidents WHERE {where} "  # noqa: S608 - column from an enum
        f"ORDER BY {column} {direction}, seq {direction} LIMIT ? OFFSET ?"
    )
    return sql, [*args, limit, offset]


class StatsBy(StrEnum):
    SITE = "site"
    CATEGORY = "category"
    DECISION = "decision"
    OUTCOME = "outcome"
    ACTION = "action"
    SOURCE = "source"
    DAY = "day"


class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


_BUCKETS = {
    Interval.DAY: "substr(i.time, 1, 10)",
    Interval.WEEK: "strftime('%Y-W%W', substr(i.time, 1, 10))",
    Interval.MONTH: "substr(i.time, 1, 7)",
}


@dataclass(frozen=True)
class StatRow:
    bucket: str | None  # the time bucket when an interval was asked for
    key: str
    incidents: int
    findings: int  # findings of that category (by=category) or in those incidents


def stats_sql(flt: IncidentFilter, by: StatsBy, interval: Interval | None) -> tuple[str, list[object]]:
    where, args = flt.where("i")
    bucket = _BUCKETS[interval] if interval else "NULL"
    if by is StatsBy.CATEGORY:
        key, findings, join = "c.category", "SUM(c.count)", "JOIN incident_categories c ON c.seq = i.seq"
    else:
        key = "substr(i.time, 1, 10)" if by is StatsBy.DAY else f"i.{by.value}"
        findings = "SUM((SELECT COALESCE(SUM(count), 0) FROM incident_categories c WHERE c.seq = i.seq))"
        join = ""
    sql = (
        f"SELECT {bucket} AS bucket, {key} AS key, COUNT(DISTINCT i.seq), {findings} "  # noqa: S608
        f"FROM incidents i {join} WHERE {where} GROUP BY bucket, key ORDER BY bucket, COUNT(*) DESC, key"
    )
    return sql, args
