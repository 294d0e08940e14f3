"""The chain's anchor outside the database: a sealed note, beside the file, of where the log ends.

The hash chain inside `incidents.db` proves that no record was edited or taken out of the middle. It
cannot see the file itself emptied, deleted, cut short with its head rewritten, or swapped for an
older copy or another log: each of those is a valid chain. So every write that changes the chain also
replaces `incidents.db.anchor` (0600): the log's id (made when the database is created), where its
chain starts (the retention anchor) and where it ends (head seq and hash), sealed with an HMAC under a
key derived from the per-install fingerprint key. Without that key nobody can write an anchor that
matches a rewritten log.

Writers update it in commit order: the store holds `.incidents.db.anchor.lock` from before its
`BEGIN IMMEDIATE` until the new anchor is in place, and writes the anchor after the commit. A crash in
between leaves the log one transaction ahead of its anchor, which `check_anchor` accepts as long as
the anchored record is still in the chain; it never leaves the anchor ahead of the log.

What it cannot see: the database and its anchor deleted together (a fresh install looks the same), or
both put back from the same older copy. The events forwarded to the SIEM remain the outside witness.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from dlpguard.incidents.chain import canonical_json, chain_head, chain_start, read_meta
from dlpguard.incidents.model import RecordKind, utc_now
from dlpguard.incidents.schema import ANCHORED, LOG_ID, time_text

ANCHOR_SUFFIX = ".anchor"
FORMAT = 1
_SEAL_LABEL = b"dlpguard incident-log anchor v1"


def anchor_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ANCHOR_SUFFIX)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.anchor.lock")


@dataclass(frozen=True)
class ChainPoint:
    seq: int
    hash: str

    def describe(self) -> str:
        return f"seq {self.seq}"


@dataclass(frozen=True)
class LogState:
    """What the database says about itself, read inside a transaction."""

    log_id: str | None
    start: ChainPoint
    head: ChainPoint
    anchored: bool

    @property
    def empty(self) -> bool:
        return self.head == self.start and self.head.seq == 0


def log_state(conn: sqlite3.Connection) -> LogState:
    return LogState(
        read_meta(conn, LOG_ID),
        ChainPoint(*chain_start(conn)),
        ChainPoint(*chain_head(conn)),
        read_meta(conn, ANCHORED) is not None,
    )


def mark_anchored(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (ANCHORED,))


def seal_key(key: bytes) -> bytes:
    """A key of its own for seals, derived from the fingerprint key (never the key itself)."""
    return hmac.new(key, _SEAL_LABEL, hashlib.sha256).digest()


@dataclass(frozen=True)
class Anchor:
    log_id: str
    start: ChainPoint
    head: ChainPoint
    written_at: str
    mac: str | None = None

    def body(self) -> dict[str, object]:
        return {
            "v": FORMAT,
            "log_id": self.log_id,
            "start": asdict(self.start),
            "head": asdict(self.head),
            "written_at": self.written_at,
        }

    def seal(self, key: bytes) -> str:
        return hmac.new(seal_key(key), canonical_json(self.body()).encode(), hashlib.sha256).hexdigest()

    def sealed(self, key: bytes) -> Anchor:
        return Anchor(self.log_id, self.start, self.head, self.written_at, self.seal(key))

    def seal_matches(self, key: bytes) -> bool:
        return self.mac is not None and hmac.compare_digest(self.mac, self.seal(key))

    def to_text(self) -> str:
        return canonical_json({**self.body(), "mac": self.mac}) + "\n"

    @classmethod
    def for_log(cls, state: LogState, key: bytes, now: datetime | None = None) -> Anchor:
        if state.log_id is None:
            raise ValueError("a log without an id cannot be anchored")
        return cls(state.log_id, state.start, state.head, time_text(now or utc_now())).sealed(key)


class AnchorUnreadable(ValueError):
    """The anchor file exists but does not hold an anchor."""


def _point(value: object) -> ChainPoint:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("seq"), int)
        or not isinstance(value.get("hash"), str)
    ):
        raise AnchorUnreadable("a chain position is malformed")
    return ChainPoint(value["seq"], value["hash"])


def parse_anchor(text: str) -> Anchor:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AnchorUnreadable("not JSON") from exc
    if not isinstance(data, dict) or data.get("v") != FORMAT:
        raise AnchorUnreadable("unknown format")
    log_id, written_at, mac = data.get("log_id"), data.get("written_at"), data.get("mac")
    if not isinstance(log_id, str) or not isinstance(written_at, str) or not isinstance(mac, str | None):
        raise AnchorUnreadable("a field is malformed")
    return Anchor(log_id, _point(data.get("start")), _point(data.get("head")), written_at, mac)


@dataclass(frozen=True)
class AnchorRead:
    """The anchor file as found: an anchor, nothing (None), or why it could not be read."""

    anchor: Anchor | None
    unreadable: str | None = None
    raw: bytes | None = None  # to tell whether it changed between two reads


def read_anchor(path: Path) -> AnchorRead:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return AnchorRead(None)
    except OSError as exc:
        return AnchorRead(None, f"cannot be read: {exc.strerror}")
    try:
        return AnchorRead(parse_anchor(raw.decode("utf-8")), raw=raw)
    except (UnicodeDecodeError, AnchorUnreadable) as exc:
        return AnchorRead(None, str(exc) or "malformed", raw=raw)


def write_anchor(path: Path, anchor: Anchor) -> None:
    """Replaces the anchor atomically: a 0600 temporary file, fsync, rename, fsync of the folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(anchor.to_text())
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@dataclass(frozen=True)
class AnchorCheck:
    """`problem`: a plain sentence when the log does not match its anchor; `notes`: what else to say."""

    problem: str | None
    notes: tuple[str, ...] = ()


def _describe_log(state: LogState) -> str:
    if state.empty:
        return "no records"
    return f"records up to seq {state.head.seq}"


def check_anchor(
    found: AnchorRead, state: LogState, conn: sqlite3.Connection, key: bytes | None
) -> AnchorCheck:
    """Does the log in `conn` (inside a transaction) still contain everything its anchor vouches for?

    `key` is the fingerprint key; without it the seal is not checked (and a note says so).
    """
    name = "anchor file"
    if found.unreadable is not None:
        return AnchorCheck(
            f"the {name} beside the incident log is damaged or was altered ({found.unreadable})"
        )
    anchor = found.anchor
    if anchor is None:
        if state.anchored:
            return AnchorCheck(f"the {name} beside the incident log is missing: it was deleted")
        if state.empty:
            return AnchorCheck(None)
        return AnchorCheck(
            None,
            (
                "the log has no anchor yet (its records were written by an older DLP Guard "
                "or without the fingerprint key); the next record anchors it",
            ),
        )
    notes: list[str] = []
    if key is None:
        notes.append("the anchor's seal was not checked: the fingerprint key is not available")
    elif not anchor.seal_matches(key):
        return AnchorCheck(
            f"the {name} beside the incident log was altered or written without this install's key: "
            "its seal does not match"
        )
    recorded = f"its anchor (written {anchor.written_at}) records the log up to seq {anchor.head.seq}"
    if anchor.log_id != state.log_id:
        first = conn.execute("SELECT kind FROM incidents WHERE seq = 1").fetchone()
        if state.start.seq == 0 and first is not None and first[0] == RecordKind.LOG_RECOVERED.value:
            # Started anew by a recovery that could not re-anchor (no key then): the recovery record
            # is the known reason; the next keyed write anchors this log.
            notes.append(
                "the anchor still names the unreadable log that was moved aside "
                f"(up to seq {anchor.head.seq}); the next record anchors this one"
            )
            return AnchorCheck(None, tuple(notes))
        if state.empty:
            return AnchorCheck(
                f"the incident log was deleted or emptied: {recorded}, the file now holds no records"
            )
        return AnchorCheck(
            f"the incident log was replaced by a different log: {recorded}, the file holds another log "
            f"with {_describe_log(state)}"
        )
    if state.head.seq < anchor.head.seq:
        return AnchorCheck(
            f"the incident log was cut short or put back from an older copy: it ends at seq "
            f"{state.head.seq}, {recorded}; the records after seq {state.head.seq} are missing"
        )
    if state.start.seq < anchor.start.seq:
        return AnchorCheck(
            f"the incident log was put back from an older copy: it starts at seq {state.start.seq}, "
            f"but retention had already removed the records up to seq {anchor.start.seq}"
        )
    if state.head == anchor.head:
        if state.start != anchor.start:
            return AnchorCheck(
                f"records at the start of the incident log were removed outside retention: it starts "
                f"after seq {state.start.seq}, its anchor after seq {anchor.start.seq}"
            )
        return AnchorCheck(None, tuple(notes))
    if state.head.seq == anchor.head.seq:
        return AnchorCheck(
            f"the incident log's newest record (seq {state.head.seq}) is not the one its anchor names: "
            "the log was rewritten or replaced by another copy"
        )
    # The log is ahead of its anchor: the anchored record must still be in it, unchanged.
    row = conn.execute("SELECT hash FROM incidents WHERE seq = ?", (anchor.head.seq,)).fetchone()
    if (row[0] if row else None) != anchor.head.hash and state.start != anchor.head:
        return AnchorCheck(
            f"the incident log no longer holds the record its anchor names (seq {anchor.head.seq}) "
            "as it was: the log was rewritten"
        )
    if state.start != anchor.start:
        retention = conn.execute(
            "SELECT 1 FROM incidents WHERE kind = ? AND seq > ? LIMIT 1",
            (RecordKind.RETENTION.value, anchor.head.seq),
        ).fetchone()
        if retention is None:
            return AnchorCheck(
                f"records at the start of the incident log were removed outside retention: it starts "
                f"after seq {state.start.seq}, its anchor after seq {anchor.start.seq}"
            )
    ahead = state.head.seq - anchor.head.seq
    notes.append(
        f"the newest {ahead} record{'s' if ahead > 1 else ''} (after seq {anchor.head.seq}) "
        f"{'are' if ahead > 1 else 'is'} not anchored yet: written without the fingerprint key, or by a "
        "process that stopped before updating the anchor"
    )
    return AnchorCheck(None, tuple(notes))
