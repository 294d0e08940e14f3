"""The incident database's tables, its migrations (`PRAGMA user_version`) and the record → column mapping.

Each record is stored twice on purpose: as the canonical JSON the hash chain covers, and as indexed
columns the review queries filter on. `verify` checks that the two agree, so editing a column is as
visible as editing the record.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from dlpguard.errors import IncidentLogError
from dlpguard.incidents.model import Incident

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE incidents (
    seq           INTEGER PRIMARY KEY,     -- position in the hash chain, never reused
    id            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    ref_id        TEXT,
    time          TEXT NOT NULL,           -- fixed-width UTC ISO text, so it sorts as it reads
    source        TEXT NOT NULL,
    site          TEXT NOT NULL DEFAULT '',
    url_host      TEXT NOT NULL DEFAULT '',
    event         TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    decision      TEXT NOT NULL,           -- latest: the record's own or a later decision annotation
    justification TEXT,
    reviewed_at   TEXT,
    reviewed_by   TEXT,
    review_note   TEXT,
    record        TEXT NOT NULL,           -- canonical JSON covered by `hash`
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
-- Review queries list incidents, not annotations (ref_id IS NULL): partial indexes cover exactly those,
-- so counting and paging a filtered view reads the index alone.
CREATE INDEX incidents_time ON incidents (time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_site_time ON incidents (site, time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_action_time ON incidents (action, time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_decision_time ON incidents (decision, time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_source_time ON incidents (source, time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_reviewed ON incidents (reviewed_at, time, seq) WHERE ref_id IS NULL;
CREATE INDEX incidents_kind_time ON incidents (kind, time, seq);
CREATE INDEX incidents_ref ON incidents (ref_id) WHERE ref_id IS NOT NULL;

CREATE TABLE incident_categories (
    category TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (category, seq)
) WITHOUT ROWID;
CREATE INDEX incident_categories_seq ON incident_categories (seq);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    target          TEXT NOT NULL,
    incident_id     TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL,         -- a copy: retention may delete the record before delivery
    created_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    REAL NOT NULL,
    lease_owner     TEXT,
    lease_until     REAL,
    last_error      TEXT,
    dead            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (target, dead, next_attempt);
"""


#: Version 2: the outcome beside the user's choice (records from before read `unknown`), a seal on each
#: queued SIEM copy, and the log's id that its anchor file (`anchor.py`) names.
_V2 = """
ALTER TABLE incidents ADD COLUMN outcome TEXT NOT NULL DEFAULT 'unknown';  -- latest, like decision
CREATE INDEX incidents_outcome_time ON incidents (outcome, time, seq) WHERE ref_id IS NULL;
ALTER TABLE outbox ADD COLUMN mac TEXT;  -- HMAC over target, ids and payload; NULL: queued before v2
"""

#: Version 3: visits to AI services counted per day (the shadow-AI picture, `visits.py`): no content,
#: no URL, only the service (or host) and the count; aggregates, so outside the hash chain.
_V3 = """
CREATE TABLE visits (
    day     TEXT NOT NULL,                 -- UTC date, YYYY-MM-DD
    service TEXT NOT NULL,                 -- catalogue service id, or the host of a site it lacks
    count   INTEGER NOT NULL,
    PRIMARY KEY (day, service)
) WITHOUT ROWID;
"""

LOG_ID = "log_id"  # meta key: this database's id, made when it is created
ANCHORED = "anchor_written"  # meta key: an anchor file has been written for this database


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    # executescript() would commit our transaction first; statement by statement keeps it atomic.
    for statement in _statements(_V1):
        conn.execute(statement)


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V2):
        conn.execute(statement)
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (LOG_ID, uuid.uuid4().hex))


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V3):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    """Splits a DDL script (no semicolons inside statements) so it runs inside our own transaction."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


#: Migration n brings a database from user_version n-1 to n. Append only; never edit a shipped one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1, _migrate_to_2, _migrate_to_3)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> None:
    """Brings the schema up to date; the caller holds a write transaction, so racing openers wait."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise IncidentLogError(
            f"the incident log has schema version {version}, newer than this DLP Guard knows "
            f"({SCHEMA_VERSION}); update DLP Guard"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[number - 1](conn)
        conn.execute(f"PRAGMA user_version = {number}")


def time_text(value: datetime) -> str:
    """`2025-03-01T09:30:00.000000Z`: fixed width, so text order is time order."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time_text(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def record_columns(incident: Incident) -> dict[str, object]:
    """The indexed columns as they must read for `incident` (before any annotation changes them)."""
    return {
        "id": incident.id,
        "kind": incident.kind.value,
        "ref_id": incident.ref_id,
        "time": time_text(incident.time),
        "source": incident.source.value,
        "site": incident.site or "",
        "url_host": incident.url_host or "",
        "event": incident.event or "",
        "action": incident.action.value,
        "decision": incident.decision.value,
        "justification": incident.justification,
        "outcome": incident.outcome.value,
    }


#: Columns an annotation may change on the incident it refers to, and verify recomputes.
EFFECTIVE_COLUMNS = ("decision", "justification", "outcome", "reviewed_at", "reviewed_by", "review_note")
