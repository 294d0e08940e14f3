"""The durable outbox: one row per incident and SIEM target, written in the incident's own transaction.

Rows are claimed with a lease (owner + expiry) so several forwarders (tray app, CLI) never send the
same row at once, yet a forwarder that dies mid-send only delays its rows until the lease runs out.
A row leaves the outbox only once its target accepted it: delivery is at-least-once, and the
idempotency key (incident id + target) lets the receiver drop repeats.

Each row is sealed (`mac`: HMAC under a key derived from the fingerprint key, over target, ids and
payload) and checked when claimed, before anything is sent. A row that fails is not sent as found: it
is rebuilt from its chained record (whose hash is checked first) and sent with an `integrity` field
saying so; when the record is gone (retention) or damaged too, the SIEM gets a flagged event carrying
the queued text. Rows queued before seals existed are resealed when they still equal their record.
What a seal cannot show: a row deleted from the queue, or parked (`dead`) by someone with the file.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import logging
import socket
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from dlpguard import __version__
from dlpguard.incidents.chain import canonical_json, link_hash
from dlpguard.incidents.model import Incident, utc_now

logger = logging.getLogger(__name__)

_SEAL_LABEL = b"dlpguard outbox row v1"
#: How much of an unverifiable queued payload a flagged event carries.
MAX_FLAGGED_PAYLOAD_CHARS = 16_000


def idempotency_key(incident_id: str, target: str) -> str:
    return f"{incident_id}:{target}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some service environments
        return "unknown"


def forward_event(incident: Incident, seq: int, chain_hash: str) -> dict[str, object]:
    """What the SIEM receives: the record, where it sits in the chain, and which machine and user."""
    return _event(incident.model_dump(mode="json"), seq, chain_hash)


def _event(record: dict[str, object], seq: int, chain_hash: str) -> dict[str, object]:
    event = dict(record)
    event["chain"] = {"seq": seq, "hash": chain_hash}
    event["host"] = socket.gethostname()
    event["user"] = _user()
    return event


def row_seal(key: bytes, target: str, incident_id: str, idem_key: str, payload: str) -> str:
    """The seal of one queued row, under a key of its own derived from the fingerprint key."""
    row_key = hmac.new(key, _SEAL_LABEL, hashlib.sha256).digest()
    body = canonical_json([target, incident_id, idem_key, payload]).encode()
    return hmac.new(row_key, body, hashlib.sha256).hexdigest()


def enqueue(
    conn: sqlite3.Connection,
    incident: Incident,
    seq: int,
    chain_hash: str,
    targets: tuple[str, ...],
    now: float,
    *,
    key: bytes | None = None,
) -> None:
    """Called inside the append transaction: the record and its outbox rows commit together.

    With `key` (the fingerprint key) each row is sealed; without it the row has no seal to check.
    """
    if not targets:
        return
    payload = canonical_json(forward_event(incident, seq, chain_hash))
    rows = []
    for t in targets:
        idem = idempotency_key(incident.id, t)
        seal = row_seal(key, t, incident.id, idem, payload) if key is not None else None
        rows.append((t, incident.id, idem, payload, seal, now, now))
    conn.executemany(
        "INSERT OR IGNORE INTO outbox (target, incident_id, idempotency_key, payload, mac, created_at, "
        "next_attempt) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


class RowCheck(StrEnum):
    """What checking a queued row's seal found (and did)."""

    UNCHECKED = "unchecked"  # no key to check with: sent as queued
    SEALED = "sealed"  # the seal matches
    RESEALED = "resealed"  # queued before seals existed and still equal to its record: sealed now
    REBUILT = "rebuilt"  # altered: rebuilt from its chained record, flagged
    FAILED = "failed"  # altered and its record is gone or damaged: sent as a flagged event

    @property
    def altered(self) -> bool:
        return self in (RowCheck.REBUILT, RowCheck.FAILED)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    target: str
    incident_id: str
    idempotency_key: str
    payload: str
    attempts: int
    check: RowCheck = RowCheck.UNCHECKED


def rebuild_event(conn: sqlite3.Connection, incident_id: str) -> dict[str, object] | None:
    """The event for `incident_id` from its chained record, if the record is there and its hash holds."""
    row = conn.execute(
        "SELECT seq, prev_hash, hash, record FROM incidents WHERE id = ?", (incident_id,)
    ).fetchone()
    if row is None:
        return None
    seq, prev_hash, chain_hash, record = row
    if link_hash(prev_hash, seq, record) != chain_hash:
        return None
    try:
        Incident.model_validate_json(record)
    except ValidationError:
        return None
    # The hashed JSON as it is, not the model dumped again: a record from an older version has fewer
    # fields, and so had the copy queued for it.
    return _event(json.loads(record), seq, chain_hash)


def _flagged(incident_id: str, payload: str) -> dict[str, object]:
    return {
        "id": incident_id,
        "kind": "outbox_unverified",
        "time": utc_now().isoformat(),
        "app_version": __version__,
        "integrity": {
            "outbox": RowCheck.FAILED.value,
            "reason": "the queued copy failed its integrity check and its chained record is gone or "
            "damaged: it is sent as found, flagged",
        },
        "queued_payload": payload[:MAX_FLAGGED_PAYLOAD_CHARS],
        "host": socket.gethostname(),
        "user": _user(),
    }


def inspect_row(
    conn: sqlite3.Connection,
    target: str,
    incident_id: str,
    idem_key: str,
    payload: str,
    mac: str | None,
    key: bytes | None,
) -> tuple[RowCheck, str]:
    """(what the check found, the payload that may be sent): the queued one only when it is sound."""
    if key is None:
        return RowCheck.UNCHECKED, payload
    if mac is not None and hmac.compare_digest(mac, row_seal(key, target, incident_id, idem_key, payload)):
        return RowCheck.SEALED, payload
    event = rebuild_event(conn, incident_id)
    if event is None:
        return RowCheck.FAILED, canonical_json(_flagged(incident_id, payload))
    rebuilt = canonical_json(event)
    if mac is None and rebuilt == payload and idem_key == idempotency_key(incident_id, target):
        return RowCheck.RESEALED, payload
    event["integrity"] = {
        "outbox": RowCheck.REBUILT.value,
        "reason": "the queued copy failed its integrity check; rebuilt from the chained record",
    }
    return RowCheck.REBUILT, canonical_json(event)


@dataclass(frozen=True)
class OutboxStatus:
    """For `doctor` and `forward`: what waits, how long, and why the last try failed."""

    pending: int
    dead: int
    oldest_created_at: float | None
    next_attempt: float | None
    last_error: str | None


def claim(
    conn: sqlite3.Connection,
    target: str,
    owner: str,
    now: float,
    lease_seconds: float,
    limit: int,
    *,
    key: bytes | None = None,
) -> list[OutboxRow]:
    """Inside a write transaction: leases up to `limit` due rows of `target`, oldest first.

    With `key`, each row's seal is checked first; a row that fails is replaced (in the table too) by
    its rebuilt or flagged form and sealed again, so it is never sent as found.
    """
    rows = conn.execute(
        "SELECT id, target, incident_id, idempotency_key, payload, attempts, mac FROM outbox "
        "WHERE target = ? AND dead = 0 AND next_attempt <= ? AND (lease_until IS NULL OR lease_until <= ?) "
        "ORDER BY id LIMIT ?",
        (target, now, now, limit),
    ).fetchall()
    claimed = []
    for row_id, row_target, incident_id, idem, payload, attempts, mac in rows:
        check, payload = inspect_row(conn, row_target, incident_id, idem, payload, mac, key)
        if key is not None and check is not RowCheck.SEALED:
            seal = row_seal(key, row_target, incident_id, idem, payload)
            conn.execute("UPDATE outbox SET payload = ?, mac = ? WHERE id = ?", (payload, seal, row_id))
        if check.altered:
            logger.error(
                "outbox row %d (incident %s, target %s) failed its integrity check: %s",
                row_id, incident_id, row_target, check.value,
            )  # fmt: skip
        conn.execute(
            "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
            (owner, now + lease_seconds, row_id),
        )
        claimed.append(OutboxRow(row_id, row_target, incident_id, idem, payload, attempts, check))
    return claimed


@dataclass(frozen=True)
class SealReport:
    """`verify`'s view of the queue: rows that were altered, and what else to say."""

    altered: tuple[OutboxRow, ...]
    notes: tuple[str, ...]


def check_all(conn: sqlite3.Connection, key: bytes | None) -> SealReport:
    """Checks every queued row's seal without changing anything (inside a read transaction)."""
    rows = conn.execute(
        "SELECT id, target, incident_id, idempotency_key, payload, attempts, mac FROM outbox ORDER BY id"
    ).fetchall()
    if not rows:
        return SealReport((), ())
    if key is None:
        return SealReport((), (f"{len(rows)} queued SIEM copies not checked: no fingerprint key",))
    altered, unsealed = [], 0
    for row_id, target, incident_id, idem, payload, attempts, mac in rows:
        check, _ = inspect_row(conn, target, incident_id, idem, payload, mac, key)
        if check.altered:
            altered.append(OutboxRow(row_id, target, incident_id, idem, payload, attempts, check))
        unsealed += check is RowCheck.RESEALED
    notes = (f"{unsealed} queued SIEM copies from before seals are sealed when sent",) if unsealed else ()
    return SealReport(tuple(altered), notes)


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
