"""The hash chain over incident records, and `verify`, which finds the first broken link.

hash(n) = sha256(prev_hash(n) ‖ seq(n) ‖ canonical JSON of record n). The newest record's seq and hash
are kept in `meta` (the head), so removing the newest records is caught too. Retention deletes the
oldest records and keeps the last deleted one's seq and hash as the anchor the chain starts from.

What this proves: nobody edited, reordered or removed records without rewriting every later hash.
Someone able to rewrite the whole file can rewrite the whole chain, empty it or swap it for an older
copy: the sealed anchor file beside the database (`anchor.py`) catches those, and the copies forwarded
to the SIEM (each carrying its chain hash) remain the outside witness.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, replace

from pydantic import ValidationError

from dlpguard.incidents.model import Incident
from dlpguard.incidents.schema import EFFECTIVE_COLUMNS, record_columns, time_text

GENESIS = "0" * 64
HEAD_SEQ, HEAD_HASH = "head_seq", "head_hash"
ANCHOR_SEQ, ANCHOR_HASH = "anchor_seq", "anchor_hash"


def canonical_json(data: object) -> str:
    """One byte-exact form for a value: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def link_hash(prev_hash: str, seq: int, record_json: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{seq}\n{record_json}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_id: str | None = None  # the first record whose link fails (None: the head or anchor itself)
    broken_seq: int | None = None
    reason: str | None = None
    #: What a reader should know even when the log is intact (a recorded recovery, unanchored records).
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.ok:
            return f"ok: {self.checked} records, chain intact"
        if self.broken_id:
            return f"BROKEN at record {self.broken_id} (seq {self.broken_seq}): {self.reason}"
        return f"BROKEN: {self.reason}"

    def with_notes(self, *notes: str) -> ChainReport:
        return replace(self, notes=self.notes + notes)


def read_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def chain_start(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, hash) the first kept record links to: the retention anchor, or the genesis."""
    anchor_seq = read_meta(conn, ANCHOR_SEQ)
    return (int(anchor_seq), read_meta(conn, ANCHOR_HASH) or "") if anchor_seq else (0, GENESIS)


def chain_head(conn: sqlite3.Connection) -> tuple[int, str]:
    head_seq = read_meta(conn, HEAD_SEQ)
    return (int(head_seq), read_meta(conn, HEAD_HASH) or "") if head_seq else chain_start(conn)


_ROW_QUERY = (
    "SELECT seq, id, kind, ref_id, time, source, site, url_host, event, action, decision, justification, "
    "outcome, reviewed_at, reviewed_by, review_note, record, prev_hash, hash FROM incidents ORDER BY seq"
)
_COLUMNS = (
    "seq", "id", "kind", "ref_id", "time", "source", "site", "url_host", "event", "action", "decision",
    "justification", "outcome", "reviewed_at", "reviewed_by", "review_note", "record", "prev_hash", "hash",
)  # fmt: skip


def verify(conn: sqlite3.Connection) -> ChainReport:
    """Walks the chain oldest first; call inside a read transaction so concurrent appends don't race it."""
    categories: dict[int, dict[str, int]] = {}
    for seq, category, count in conn.execute("SELECT seq, category, count FROM incident_categories"):
        categories.setdefault(seq, {})[category] = count

    prev_seq, prev_hash = chain_start(conn)
    checked = 0
    effective: dict[str, dict[str, object]] = {}  # incident id -> columns its annotations imply
    stored_effective: dict[str, tuple[int, dict[str, object]]] = {}
    for values in conn.execute(_ROW_QUERY):
        row = dict(zip(_COLUMNS, values, strict=True))
        seq, rid = row["seq"], row["id"]

        def broken(reason: str, seq: int = seq, rid: str = rid, checked: int = checked) -> ChainReport:
            return ChainReport(False, checked, rid, seq, reason)

        if link_hash(row["prev_hash"], seq, row["record"]) != row["hash"]:
            return broken("its content does not match its hash: the record or its hash was altered")
        if row["prev_hash"] != prev_hash:
            return broken(
                f"it does not link to the record before it (seq {prev_seq}): "
                "a record in between was removed, or an earlier record was altered and re-hashed"
            )
        try:
            record = Incident.model_validate_json(row["record"])
        except ValidationError:
            return broken("its hashed record is not a valid incident")
        expected = record_columns(record)
        if record.kind.is_annotation:
            expected.update(reviewed_at=None, reviewed_by=None, review_note=None)
        own = {k: v for k, v in expected.items() if k not in EFFECTIVE_COLUMNS}
        mismatch = next((k for k, v in own.items() if row[k] != v), None)
        if mismatch:
            return broken(f"its indexed column {mismatch!r} differs from the hashed record")
        if categories.pop(seq, {}) != {c.value: n for c, n in record.counts_by_category.items()}:
            return broken("its category index differs from the hashed record")

        if record.kind.is_annotation and record.ref_id:
            implied = effective.setdefault(record.ref_id, {})
            if record.kind.value == "decision":
                implied.update(
                    decision=record.decision.value,
                    justification=record.justification,
                    outcome=record.outcome.value,
                )
            else:
                implied.update(
                    reviewed_at=time_text(record.time), reviewed_by=record.actor, review_note=record.note
                )
        else:
            stored_effective[rid] = (seq, {k: row[k] for k in EFFECTIVE_COLUMNS})
            effective[rid] = {
                "decision": expected["decision"],
                "justification": expected["justification"],
                "outcome": expected["outcome"],
                "reviewed_at": None,
                "reviewed_by": None,
                "review_note": None,
            }
        prev_seq, prev_hash = seq, row["hash"]
        checked += 1

    head_seq, head_hash = chain_head(conn)
    if (head_seq, head_hash) != (prev_seq, prev_hash):
        return ChainReport(
            False,
            checked,
            reason=f"the log ends at seq {prev_seq} but its head says seq {head_seq}: "
            "the newest records were removed or the head was altered",
        )
    for rid, (seq, stored) in sorted(stored_effective.items(), key=lambda item: item[1][0]):
        if stored != effective[rid]:
            column = next(k for k in EFFECTIVE_COLUMNS if stored[k] != effective[rid][k])
            return ChainReport(
                False,
                checked,
                rid,
                seq,
                f"its {column!r} differs from the decisions and reviews recorded for it",
            )
    if categories:
        orphan = min(categories)
        return ChainReport(
            False, checked, None, orphan, f"category index rows for missing record seq {orphan}"
        )
    return ChainReport(True, checked)
