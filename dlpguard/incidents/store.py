"""The incident log on disk: SQLite in WAL mode, shared by the tray app, native hosts and the CLI.

Appends run in `BEGIN IMMEDIATE`, so reading the chain head and inserting the next record is one
atomic step across processes; `busy_timeout` makes the others wait instead of failing. The file is
0600 in a 0700 directory. A log that SQLite reports as corrupt is moved aside and a new one started
with a `log_recovered` record: the guard keeps working and the loss is itself on record.

With the fingerprint key (`key=`), every write that changes the chain first compares the log with
its anchor file and then re-anchors it (`anchor.py`): a log found deleted, emptied, cut short or
replaced gets an `anchor_mismatch` record before anything else, so the loss stays on record (and
reaches the SIEM) even after DLP Guard carries on writing. Queued SIEM copies are sealed with the
same key (`outbox.py`). Without a key (temporary review copies, tests) the store writes no anchor.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from dlpguard import __version__
from dlpguard.engine.types import Source, UserDecision
from dlpguard.errors import DlpGuardError, IncidentLogError, describe_exception
from dlpguard.incidents import outbox
from dlpguard.incidents.anchor import (
    Anchor,
    AnchorRead,
    anchor_path,
    check_anchor,
    lock_path,
    log_state,
    mark_anchored,
    read_anchor,
    write_anchor,
)
from dlpguard.incidents.build import clip_note, new_incident_id
from dlpguard.incidents.chain import (
    ANCHOR_HASH,
    ANCHOR_SEQ,
    HEAD_HASH,
    HEAD_SEQ,
    ChainReport,
    canonical_json,
    chain_head,
    link_hash,
    verify,
)
from dlpguard.incidents.locking import file_lock
from dlpguard.incidents.model import (
    Incident,
    Outcome,
    RecordKind,
    StoredIncident,
    outcome_for_decision,
    utc_now,
)
from dlpguard.incidents.queries import (
    IncidentFilter,
    Interval,
    OrderBy,
    PageCursor,
    StatRow,
    StatsBy,
    page_sql,
    stats_sql,
)
from dlpguard.incidents.recovery import CorruptLog, check_integrity, is_corruption, move_aside
from dlpguard.incidents.schema import LOG_ID, migrate, parse_time_text, record_columns, time_text
from dlpguard.paths import private_dir, user_data_dir

logger = logging.getLogger(__name__)

DB_NAME = "incidents.db"
BUSY_TIMEOUT_SECONDS = 30.0
T = TypeVar("T")
KeySource = Callable[[], bytes]


def default_path() -> Path:
    return user_data_dir() / DB_NAME


@dataclass(frozen=True)
class Page:
    items: list[StoredIncident]
    next_cursor: PageCursor | None  # None on the last page


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    deleted: int
    anchor_seq: int | None  # the chain now starts after this seq
    applied: bool


_SELECT = (
    "SELECT seq, hash, record, decision, justification, outcome, reviewed_at, reviewed_by, review_note "
    "FROM incidents"
)


def _stored(row: tuple[object, ...]) -> StoredIncident:
    seq, chain_hash, record, decision, justification, outcome, reviewed_at, reviewed_by, review_note = row
    return StoredIncident(
        seq=seq,
        hash=chain_hash,
        record=Incident.model_validate_json(str(record)),
        decision=UserDecision(decision),
        justification=justification,
        outcome=Outcome(outcome),
        reviewed_at=parse_time_text(str(reviewed_at)) if reviewed_at else None,
        reviewed_by=reviewed_by,
        review_note=review_note,
    )


@dataclass
class _ChainWrite:
    """One write transaction: the key to seal with, and whether it changed the chain."""

    key: bytes | None
    changed: bool = False


def _create_private_file(path: Path) -> None:
    """SQLite would create the file with the umask's mode; create it 0600 first (WAL/SHM copy its mode)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if os.name == "posix":
        path.chmod(0o600)


class Store:
    """One open incident log. Thread-safe (one connection behind a lock); open one per process."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        targets: Sequence[str] = (),
        clock: Callable[[], float] = time.time,
        key: KeySource | None = None,
    ) -> None:
        """`key` gives the per-install fingerprint key (called once, when first needed): with it the
        store anchors the chain and seals the outbox; without it, it does neither."""
        self.path = path or default_path()
        self.targets = tuple(targets)
        self.clock = clock
        #: The file the last recovery moved aside, for the tray's notice and `doctor`.
        self.recovered_to: Path | None = None
        self._lock = threading.RLock()
        private_dir(self.path.parent)
        self._lock_path = self.path.with_name(f".{self.path.name}.lock")
        self.anchor_path = anchor_path(self.path)
        self._anchor_lock_path = lock_path(self.path)
        self._key_source = key
        self._key: bytes | None = None
        self._key_failed: str | None = None
        self._txn: _ChainWrite | None = None
        self._conn, self._inode = self._open()

    def integrity_key(self) -> bytes | None:
        """The fingerprint key that seals the anchor and the outbox; None without one (said once)."""
        if self._key is None and self._key_source is not None and self._key_failed is None:
            try:
                self._key = self._key_source()
            except (DlpGuardError, OSError, ValueError) as exc:
                self._key_failed = str(exc)
                logger.warning(
                    "incident log %s: no fingerprint key, so no anchor or outbox seal: %s",
                    self.path, describe_exception(exc),
                )  # fmt: skip
        return self._key

    # -- opening and recovery -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        _create_private_file(self.path)
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            check_integrity(conn)
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise IncidentLogError(f"{self.path}: SQLite refused WAL mode")
            # FULL: a record acknowledged to the user survives a power cut, not just a crash.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                migrate(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            conn.close()
            if is_corruption(exc):
                raise CorruptLog(str(exc)) from exc
            raise IncidentLogError(f"cannot open the incident log {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> tuple[sqlite3.Connection, int]:
        # Under a lock file: two processes finding the same corrupt log must move it aside only once.
        with file_lock(self._lock_path):
            try:
                conn = self._connect()
            except CorruptLog as exc:
                conn = self._recover(str(exc))
            except PermissionError as exc:  # a log this user cannot read is as lost as a corrupt one
                conn = self._recover(f"cannot be opened: {exc.strerror}")
            return conn, self.path.stat().st_ino

    def _recover(self, reason: str) -> sqlite3.Connection:
        """Caller holds the lock file. Moves the bad file aside, starts anew and records that it did.

        The record is the known reason the new log does not match the old one's anchor: it names what
        that anchor vouched for, and the new log is anchored from it (no `anchor_mismatch`).
        """
        previous = read_anchor(self.anchor_path).anchor
        moved = move_aside(self.path)
        self.recovered_to = moved
        logger.error("incident log %s was unreadable (%s); moved aside to %s", self.path, reason, moved.name)
        conn = self._connect()
        note = f"the incident log was moved aside to {moved.name}, unreadable: {reason[:300]}"
        if previous is not None:
            note += f"; its anchor recorded records up to seq {previous.head.seq}"
        record = Incident(
            id=new_incident_id(), kind=RecordKind.LOG_RECOVERED, source=Source.CLI, note=note[:1000],
            app_version=__version__,
        )  # fmt: skip
        try:
            with self._chain_write(conn, compare=False):
                self._insert(conn, record)
        except BaseException:
            conn.close()
            raise
        return conn

    def _reopen_if_replaced(self) -> None:
        """Another process may have moved a corrupt log aside; follow it to the new file."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            inode = -1
        if inode != self._inode:
            self._conn.close()
            self._conn, self._inode = self._open()

    def _recover_now(self, reason: str) -> None:
        self._conn.close()
        with file_lock(self._lock_path):
            try:
                replaced = self.path.stat().st_ino != self._inode
            except FileNotFoundError:
                replaced = True
            # When someone else already recovered, just open their new log.
            conn = self._connect() if replaced else self._recover(reason)
            self._conn, self._inode = conn, self.path.stat().st_ino

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, mode: str) -> Iterator[sqlite3.Connection]:
        self._conn.execute(f"BEGIN {mode}")
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _chain_write(self, conn: sqlite3.Connection, *, compare: bool = True) -> Iterator[_ChainWrite]:
        """A write transaction that keeps the anchor in step: anchor lock → BEGIN IMMEDIATE → work →
        COMMIT → new anchor (only when the chain changed and there is a key) → unlock.

        Lock order, everywhere: the open/recovery lock file, then this one, then SQLite's write lock.
        """
        key = self.integrity_key()  # before any lock: the keyring may take its own
        with file_lock(self._anchor_lock_path):
            txn = _ChainWrite(key)
            self._txn = txn
            anchored = None
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if compare and key is not None:
                        self._compare_with_anchor(conn, txn)
                    yield txn
                    if txn.changed and key is not None:
                        if conn.execute("SELECT 1 FROM meta WHERE key = ?", (LOG_ID,)).fetchone() is None:
                            conn.execute(
                                "INSERT INTO meta (key, value) VALUES (?, ?)", (LOG_ID, uuid.uuid4().hex)
                            )
                        mark_anchored(conn)
                        anchored = log_state(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            finally:
                self._txn = None
            if anchored is not None and key is not None:
                try:
                    write_anchor(self.anchor_path, Anchor.for_log(anchored, key))
                except OSError as exc:  # the log is then ahead of its anchor, which verify accepts
                    logger.error("incident log anchor %s not written: %s", self.anchor_path, exc)

    def _attempt(self, mode: str, work: Callable[[sqlite3.Connection], T]) -> T:
        if mode == "IMMEDIATE":
            with self._chain_write(self._conn):
                return work(self._conn)
        with self._transaction(mode) as conn:
            return work(conn)

    def _run(self, mode: str, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `work` in one transaction; on corruption recovers once and runs it on the new log."""
        with self._lock:
            self._reopen_if_replaced()
            try:
                return self._attempt(mode, work)
            except sqlite3.Error as exc:
                if not is_corruption(exc):
                    raise IncidentLogError(f"incident log {self.path}: {exc}") from exc
                # The anchor lock is released by now: recovery takes the open lock first.
                self._recover_now(str(exc))
            try:
                return self._attempt(mode, work)
            except sqlite3.Error as exc:
                raise IncidentLogError(f"incident log {self.path}: {exc}") from exc

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A write transaction (`BEGIN IMMEDIATE`): the place for every read-then-write step."""
        return self._run("IMMEDIATE", work)

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A read transaction: one consistent snapshot, even while others append."""
        return self._run("DEFERRED", work)

    # -- appending ---------------------------------------------------------------------------------

    def _compare_with_anchor(self, conn: sqlite3.Connection, txn: _ChainWrite) -> None:
        """At the start of a write (before it deletes or adds anything): when the log no longer matches
        its anchor, that is recorded first, so the loss stays on record once the anchor moves on."""
        problem = check_anchor(read_anchor(self.anchor_path), log_state(conn), conn, txn.key).problem
        if problem is None:
            return
        logger.error("incident log %s does not match its anchor: %s", self.path, problem)
        record = Incident(
            id=new_incident_id(), kind=RecordKind.ANCHOR_MISMATCH, source=Source.CLI, note=problem[:1000],
            app_version=__version__,
        )  # fmt: skip
        self._add(conn, record, txn)

    def _insert(self, conn: sqlite3.Connection, incident: Incident) -> StoredIncident:
        """Appends `incident`; only inside a write transaction (`write`, which anchors)."""
        txn = self._txn
        if txn is None:
            raise IncidentLogError("internal: incident log append outside a write transaction")
        return self._add(conn, incident, txn)

    def _add(self, conn: sqlite3.Connection, incident: Incident, txn: _ChainWrite) -> StoredIncident:
        txn.changed = True
        head_seq, prev_hash = chain_head(conn)
        seq = head_seq + 1
        record_json = canonical_json(incident.chained_fields())
        chain_hash = link_hash(prev_hash, seq, record_json)
        columns = record_columns(incident)
        columns.update(seq=seq, record=record_json, prev_hash=prev_hash, hash=chain_hash)
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        conn.execute(f"INSERT INTO incidents ({names}) VALUES ({marks})", tuple(columns.values()))  # noqa: S608
        conn.executemany(
            "INSERT INTO incident_categories (category, seq, count) VALUES (?, ?, ?)",
            [(c.value, seq, n) for c, n in incident.counts_by_category.items()],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [(HEAD_SEQ, str(seq)), (HEAD_HASH, chain_hash)],
        )
        outbox.enqueue(conn, incident, seq, chain_hash, self.targets, self.clock(), key=txn.key)
        return StoredIncident(
            seq=seq,
            hash=chain_hash,
            record=incident,
            decision=incident.decision,
            justification=incident.justification,
            outcome=incident.outcome,
        )

    def append(self, incident: Incident) -> StoredIncident:
        """Adds `incident` at the head of the chain (and to the outbox of every configured target)."""
        if incident.kind.is_annotation:
            raise ValueError("use record_decision() or mark_reviewed() for annotations")
        return self.write(lambda conn: self._insert(conn, incident))

    def _annotate(
        self,
        incident_id: str,
        build: Callable[[Incident], Incident],
        update_sql: str,
        update_args: Callable[[Incident], tuple[object, ...]],
    ) -> StoredIncident:
        """Appends the annotation `build` makes and updates the incident's columns, in one transaction."""

        def work(conn: sqlite3.Connection) -> StoredIncident:
            row = conn.execute(f"{_SELECT} WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                raise IncidentLogError(f"no incident {incident_id!r}")
            target = _stored(row)
            if target.record.kind.is_annotation:
                raise IncidentLogError(f"{incident_id!r} is an annotation, not an incident")
            note = build(target.record)
            self._insert(conn, note)
            conn.execute(update_sql, (*update_args(note), incident_id))
            return _stored(conn.execute(f"{_SELECT} WHERE id = ?", (incident_id,)).fetchone())

        return self.write(work)

    @staticmethod
    def _annotation(of: Incident, kind: RecordKind, now: datetime | None, **fields: object) -> Incident:
        """Annotations repeat where the incident happened, so a SIEM reading one alone has the context."""
        return Incident(
            id=new_incident_id(), kind=kind, ref_id=of.id, time=now or utc_now(), source=of.source,
            site=of.site, url_host=of.url_host, event=of.event, action=of.action,
            policy_version=of.policy_version, policy_hash=of.policy_hash, app_version=__version__,
            **fields,  # type: ignore[arg-type]
        )  # fmt: skip

    def record_decision(
        self,
        incident_id: str,
        decision: UserDecision,
        justification: str | None = None,
        *,
        outcome: Outcome | None = None,
        reason: str | None = None,
        actor: str | None = None,
        now: datetime | None = None,
    ) -> StoredIncident:
        """The employee's answer to a warning, which arrives after the incident was logged.

        `outcome` is what came of it; by default, what the choice does when allowed. A refused choice
        passes `Outcome.REFUSED` and the `reason`, kept as the decision record's note.
        """
        clipped = clip_note(justification)
        result = outcome or outcome_for_decision(decision, allowed=True)
        return self._annotate(
            incident_id,
            lambda of: self._annotation(
                of,
                RecordKind.DECISION,
                now,
                decision=decision,
                justification=clipped,
                outcome=result,
                note=clip_note(reason),
                actor=actor,
            ),
            "UPDATE incidents SET decision = ?, justification = ?, outcome = ? WHERE id = ?",
            lambda note: (note.decision.value, note.justification, note.outcome.value),
        )

    def mark_reviewed(
        self, incident_id: str, note: str | None, *, reviewer: str | None = None, now: datetime | None = None
    ) -> StoredIncident:
        clipped = clip_note(note)
        return self._annotate(
            incident_id,
            lambda of: self._annotation(of, RecordKind.REVIEW, now, note=clipped, actor=reviewer),
            "UPDATE incidents SET reviewed_at = ?, reviewed_by = ?, review_note = ? WHERE id = ?",
            lambda ann: (time_text(ann.time), ann.actor, ann.note),
        )

    # -- reading -----------------------------------------------------------------------------------

    def get(self, id_or_prefix: str) -> StoredIncident | None:
        """By full id, or by a unique prefix of at least 4 characters (what `list` prints)."""

        def work(conn: sqlite3.Connection) -> StoredIncident | None:
            row = conn.execute(f"{_SELECT} WHERE id = ?", (id_or_prefix,)).fetchone()
            if row is not None or len(id_or_prefix) < 4:
                return _stored(row) if row else None
            upper = id_or_prefix[:-1] + chr(ord(id_or_prefix[-1]) + 1)
            rows = conn.execute(
                f"{_SELECT} WHERE id >= ? AND id < ? LIMIT 2",
                (id_or_prefix, upper),
            ).fetchall()
            if len(rows) > 1:
                raise IncidentLogError(f"{id_or_prefix!r} matches several incidents; give more of the id")
            return _stored(rows[0]) if rows else None

        return self.read(work)

    def annotations(self, incident_id: str) -> list[Incident]:
        """The decisions and reviews recorded for an incident, oldest first."""
        sql = "SELECT record FROM incidents WHERE ref_id = ? ORDER BY seq"
        return self.read(
            lambda conn: [Incident.model_validate_json(r[0]) for r in conn.execute(sql, (incident_id,))]
        )

    def count(self, flt: IncidentFilter | None = None) -> int:
        where, args = (flt or IncidentFilter()).where()
        return self.read(
            lambda conn: conn.execute(f"SELECT COUNT(*) FROM incidents WHERE {where}", args).fetchone()[0]  # noqa: S608
        )

    def page(
        self,
        flt: IncidentFilter | None = None,
        *,
        order_by: OrderBy = OrderBy.TIME,
        descending: bool = True,
        limit: int = 100,
        offset: int = 0,
        after: PageCursor | None = None,
    ) -> Page:
        """One page of incidents; pass the returned `next_cursor` as `after` for the next one."""
        sql, args = page_sql(flt or IncidentFilter(), order_by, descending, limit, offset, after)

        def work(conn: sqlite3.Connection) -> Page:
            keys = conn.execute(sql, args).fetchall()
            if not keys:
                return Page([], None)
            seqs = [k[0] for k in keys]
            marks = ", ".join("?" * len(seqs))
            by_seq = {r[0]: _stored(r) for r in conn.execute(f"{_SELECT} WHERE seq IN ({marks})", seqs)}
            last = keys[-1]
            cursor = PageCursor(last[1], last[0]) if len(keys) == limit else None
            return Page([by_seq[s] for s in seqs], cursor)

        return self.read(work)

    def iter_all(self, flt: IncidentFilter | None = None, *, batch: int = 500) -> Iterator[StoredIncident]:
        """Every matching incident, oldest first, page by page (exports stream through this)."""
        after: PageCursor | None = None
        while True:
            page = self.page(flt, order_by=OrderBy.SEQ, descending=False, limit=batch, after=after)
            yield from page.items
            if page.next_cursor is None:
                return
            after = page.next_cursor

    def stats(
        self, by: StatsBy, flt: IncidentFilter | None = None, interval: Interval | None = None
    ) -> list[StatRow]:
        sql, args = stats_sql(flt or IncidentFilter(), by, interval)
        return self.read(lambda conn: [StatRow(*r) for r in conn.execute(sql, args)])

    def verify(self) -> ChainReport:
        """The chain, the anchor file beside the log, the events recorded about the log itself, and
        the seals of the queued SIEM copies.

        The anchor is read before the snapshot: it is written after each commit, so it can only be
        behind what the snapshot sees, never ahead. Read again after, in case a recovery or a
        re-anchoring ran in between.
        """
        key = self.integrity_key()
        report = ChainReport(True, 0)
        for _ in range(3):
            found = read_anchor(self.anchor_path)
            report = self.read(lambda conn, found=found: _verify_log(conn, found, key))
            if report.ok or read_anchor(self.anchor_path).raw == found.raw:
                break
        return report

    # -- retention ---------------------------------------------------------------------------------

    def apply_retention(
        self, days: int, *, now: datetime | None = None, apply: bool = True
    ) -> RetentionReport:
        """Deletes the oldest records older than `days`, keeping the chain verifiable from an anchor.

        Only a prefix of the chain can go (a record's successor must still link to the anchor), so a
        record whose clock ran behind its predecessor's may outlive the cutoff a little.
        """
        cutoff = (now or utc_now()) - timedelta(days=days)

        def work(conn: sqlite3.Connection) -> RetentionReport:
            first_kept = conn.execute(
                "SELECT MIN(seq) FROM incidents WHERE time >= ?", (time_text(cutoff),)
            ).fetchone()[0]
            bound = first_kept if first_kept is not None else chain_head(conn)[0] + 1
            last = conn.execute(
                "SELECT seq, hash, (SELECT COUNT(*) FROM incidents WHERE seq < ?) FROM incidents "
                "WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                (bound, bound),
            ).fetchone()
            if last is None:
                return RetentionReport(cutoff, 0, None, apply)
            anchor_seq, anchor_hash, deleted = last
            if not apply:
                return RetentionReport(cutoff, deleted, anchor_seq, False)
            conn.execute("DELETE FROM incident_categories WHERE seq <= ?", (anchor_seq,))
            conn.execute("DELETE FROM incidents WHERE seq <= ?", (anchor_seq,))
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(ANCHOR_SEQ, str(anchor_seq)), (ANCHOR_HASH, anchor_hash)],
            )
            note = f"retention ({days} days) deleted {deleted} records up to seq {anchor_seq}"
            self._insert(conn, Incident(
                id=new_incident_id(), kind=RecordKind.RETENTION, time=now or utc_now(), note=note,
                app_version=__version__,
            ))  # fmt: skip
            return RetentionReport(cutoff, deleted, anchor_seq, True)

        report = self.write(work)
        if report.applied and report.deleted:
            logger.info("incident retention deleted %d records older than %s", report.deleted, report.cutoff)
        return report


def _when(record: Incident) -> str:
    return record.time.strftime("%Y-%m-%d %H:%M UTC")


def _verify_log(conn: sqlite3.Connection, found: AnchorRead, key: bytes | None) -> ChainReport:
    report = verify(conn)
    if not report.ok:
        return report
    check = check_anchor(found, log_state(conn), conn, key)
    if check.problem is not None:
        return ChainReport(False, report.checked, reason=check.problem)
    notes: list[str] = []
    events = conn.execute(
        "SELECT seq, record FROM incidents WHERE kind IN (?, ?) ORDER BY seq",
        (RecordKind.ANCHOR_MISMATCH.value, RecordKind.LOG_RECOVERED.value),
    ).fetchall()
    for seq, text in events:
        record = Incident.model_validate_json(text)
        if record.kind is RecordKind.ANCHOR_MISMATCH:
            # Lasting evidence: the log was found changed outside DLP Guard, and carried on from there.
            return ChainReport(
                False,
                report.checked,
                record.id,
                seq,
                f"on {_when(record)} DLP Guard found that {record.note}",
            )
        notes.append(f"the log was started anew on {_when(record)} (recorded at seq {seq}): {record.note}")
    sealed = outbox.check_all(conn, key)
    if sealed.altered:
        row = sealed.altered[0]
        return ChainReport(
            False,
            report.checked,
            reason=f"{len(sealed.altered)} queued SIEM copies were altered (first: outbox row {row.id}, "
            f"incident {row.incident_id}, target {row.target}); they are rebuilt from the chained records "
            "or sent flagged, never as found",
        )
    return report.with_notes(*notes, *check.notes, *sealed.notes)
