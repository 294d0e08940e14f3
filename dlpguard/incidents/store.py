"""The incident log on disk: SQLite in WAL mode, shared by the tray app, native hosts and the CLI.

Appends run in `BEGIN IMMEDIATE`, so reading the chain head and inserting the next record is one
atomic step across processes; `busy_timeout` makes the others wait instead of failing. The file is
0600 in a 0700 directory. A log that SQLite reports as corrupt is moved aside and a new one started
with a `log_recovered` record: the guard keeps working and the loss is itself on record.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from dlpguard import __version__
from dlpguard.engine.types import Source, UserDecision
from dlpguard.errors import IncidentLogError
from dlpguard.incidents import outbox
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
from dlpguard.incidents.model import Incident, RecordKind, StoredIncident, utc_now
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
from dlpguard.incidents.schema import migrate, parse_time_text, record_columns, time_text
from dlpguard.paths import private_dir, user_data_dir

logger = logging.getLogger(__name__)

DB_NAME = "incidents.db"
BUSY_TIMEOUT_SECONDS = 30.0
T = TypeVar("T")


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
    "SELECT seq, hash, record, decision, justification, reviewed_at, reviewed_by, review_note FROM incidents"
)


def _stored(row: tuple[object, ...]) -> StoredIncident:
    seq, chain_hash, record, decision, justification, reviewed_at, reviewed_by, review_note = row
    return StoredIncident(
        seq=seq,
        hash=chain_hash,
        record=Incident.model_validate_json(str(record)),
        decision=UserDecision(decision),
        justification=justification,
        reviewed_at=parse_time_text(str(reviewed_at)) if reviewed_at else None,
        reviewed_by=reviewed_by,
        review_note=review_note,
    )


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
    ) -> None:
        self.path = path or default_path()
        self.targets = tuple(targets)
        self.clock = clock
        #: The file the last recovery moved aside, for the tray's notice and `doctor`.
        self.recovered_to: Path | None = None
        self._lock = threading.RLock()
        private_dir(self.path.parent)
        self._lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._conn, self._inode = self._open()

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
        """Caller holds the lock file. Moves the bad file aside, starts anew and records that it did."""
        moved = move_aside(self.path)
        self.recovered_to = moved
        logger.error("incident log %s was unreadable (%s); moved aside to %s", self.path, reason, moved.name)
        conn = self._connect()
        note = f"the incident log was moved aside to {moved.name}, unreadable: {reason[:300]}"
        record = Incident(
            id=new_incident_id(), kind=RecordKind.LOG_RECOVERED, source=Source.CLI, note=note[:1000],
            app_version=__version__,
        )  # fmt: skip
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._insert(conn, record)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
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

    def _run(self, mode: str, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `work` in one transaction; on corruption recovers once and runs it on the new log."""
        with self._lock:
            self._reopen_if_replaced()
            try:
                with self._transaction(mode) as conn:
                    return work(conn)
            except sqlite3.Error as exc:
                if not is_corruption(exc):
                    raise IncidentLogError(f"incident log {self.path}: {exc}") from exc
                self._recover_now(str(exc))
            try:
                with self._transaction(mode) as conn:
                    return work(conn)
            except sqlite3.Error as exc:
                raise IncidentLogError(f"incident log {self.path}: {exc}") from exc

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A write transaction (`BEGIN IMMEDIATE`): the place for every read-then-write step."""
        return self._run("IMMEDIATE", work)

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A read transaction: one consistent snapshot, even while others append."""
        return self._run("DEFERRED", work)

    # -- appending ---------------------------------------------------------------------------------

    def _insert(self, conn: sqlite3.Connection, incident: Incident) -> StoredIncident:
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
        outbox.enqueue(conn, incident, seq, chain_hash, self.targets, self.clock())
        return StoredIncident(
            seq=seq,
            hash=chain_hash,
            record=incident,
            decision=incident.decision,
            justification=incident.justification,
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
        actor: str | None = None,
        now: datetime | None = None,
    ) -> StoredIncident:
        """The employee's answer to a warning, which arrives after the incident was logged."""
        clipped = clip_note(justification)
        return self._annotate(
            incident_id,
            lambda of: self._annotation(
                of, RecordKind.DECISION, now, decision=decision, justification=clipped, actor=actor
            ),
            "UPDATE incidents SET decision = ?, justification = ? WHERE id = ?",
            lambda note: (note.decision.value, note.justification),
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
        return self.read(verify)

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
