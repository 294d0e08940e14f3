"""The durable outbox: one row per incident and SIEM target, written in the incident's own transaction.

Rows are claimed with a lease (owner + expiry) so several forwarders (tray app, CLI) never send the
same row at once, yet a forwarder that dies mid-send only delays its rows until the lease runs out.
A row leaves the outbox only once its target accepted it: delivery is at-least-once, and the
idempotency key (incident id + target) lets the receiver drop repeats.
"""

from __future__ import annotations

import getpass
import socket
import sqlite3
from dataclasses import dataclass

from dlpguard.incidents.chain import canonical_json
from dlpguard.incidents.model import Incident


def idempotency_key(incident_id: str, target: str) -> str:
    return f"{incident_id}:{target}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some service environments
        return "unknown"


def forward_event(incident: Incident, seq: int, chain_hash: str) -> dict[str, object]:
    """What the SIEM receives: the record, where it sits in the chain, and which machine and user."""
    event = incident.model_dump(mode="json")
    event["chain"] = {"seq": seq, "hash": chain_hash}
    event["host"] = socket.gethostname()
    event["user"] = _user()
    return event


def enqueue(
    conn: sqlite3.Connection,
    incident: Incident,
    seq: int,
    chain_hash: str,
    targets: tuple[str, ...],
    now: float,
) -> None:
    """Called inside the append transaction: the record and its outbox rows commit together."""
    if not targets:
        return
    payload = canonical_json(forward_event(incident, seq, chain_hash))
    conn.executemany(
        "INSERT OR IGNORE INTO outbox "
        "(target, incident_id, idempotency_key, payload, created_at, next_attempt) VALUES (?, ?, ?, ?, ?, ?)",
        [(t, incident.id, idempotency_key(incident.id, t), payload, now, now) for t in targets],
    )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    target: str
    incident_id: str
    idempotency_key: str
    payload: str
    attempts: int


@dataclass(frozen=True)
class OutboxStatus:
    """For `doctor` and `forward`: what waits, how long, and why the last try failed."""

    pending: int
    dead: int
    oldest_created_at: float | None
    next_attempt: float | None
    last_error: str | None


def claim(
    conn: sqlite3.Connection, target: str, owner: str, now: float, lease_seconds: float, limit: int
) -> list[OutboxRow]:
    """Inside a write transaction: leases up to `limit` due rows of `target`, oldest first."""
    rows = conn.execute(
        "SELECT id, target, incident_id, idempotency_key, payload, attempts FROM outbox "
        "WHERE target = ? AND dead = 0 AND next_attempt <= ? AND (lease_until IS NULL OR lease_until <= ?) "
        "ORDER BY id LIMIT ?",
        (target, now, now, limit),
    ).fetchall()
    conn.executemany(
        "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
        [(owner, now + lease_seconds, r[0]) for r in rows],
    )
    return [OutboxRow(*r) for r in rows]


def complete(conn: sqlite3.Connection, row_id: int, owner: str) -> bool:
    """Delivered: the row goes. False when the lease had passed to someone else (they will resend)."""
    return conn.execute("DELETE FROM outbox WHERE id = ? AND lease_owner = ?", (row_id, owner)).rowcount == 1


def reschedule(
    conn: sqlite3.Connection,
    row: OutboxRow,
    owner: str,
    next_attempt: float,
    error: str,
    max_attempts: int,
) -> None:
    """A failed try: count it, schedule the next one, release the lease; past `max_attempts` it is parked."""
    attempts = row.attempts + 1
    dead = 1 if max_attempts and attempts >= max_attempts else 0
    conn.execute(
        "UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ?, dead = ?, "
        "lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        (attempts, next_attempt, error[:500], dead, row.id, owner),
    )


def release(conn: sqlite3.Connection, row_ids: list[int], owner: str) -> None:
    conn.executemany(
        "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        [(i, owner) for i in row_ids],
    )


def status(conn: sqlite3.Connection, target: str | None = None) -> OutboxStatus:
    pending, dead, oldest, due = conn.execute(
        "SELECT COALESCE(SUM(dead = 0), 0), COALESCE(SUM(dead = 1), 0), MIN(created_at), "
        "MIN(CASE WHEN dead = 0 THEN next_attempt END) FROM outbox WHERE (?1 IS NULL OR target = ?1)",
        (target,),
    ).fetchone()
    last = conn.execute(
        "SELECT last_error FROM outbox WHERE (?1 IS NULL OR target = ?1) AND last_error IS NOT NULL "
        "ORDER BY next_attempt DESC LIMIT 1",
        (target,),
    ).fetchone()
    return OutboxStatus(pending, dead, oldest, due, last[0] if last else None)


def next_due(conn: sqlite3.Connection, targets: tuple[str, ...]) -> float | None:
    """The earliest time a waiting row of `targets` may be claimed (its backoff and any lease passed)."""
    if not targets:
        return None
    marks = ", ".join("?" * len(targets))
    return conn.execute(
        "SELECT MIN(MAX(next_attempt, COALESCE(lease_until, 0))) FROM outbox "  # noqa: S608 - placeholders
        f"WHERE dead = 0 AND target IN ({marks})",
        targets,
    ).fetchone()[0]
