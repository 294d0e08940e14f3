"""Where the review window's incidents come from: the user's own log, or exported logs opened read-only.

A reviewer opens what desktops exported (`incidents export --format jsonl`, or a copy of
`incidents.db`), possibly from many machines at once. They are loaded into a private temporary log so
the same paging, filtering and statistics code serves both cases; the originals are never written.

Records carry no user name, so the per-user summary names each incident by where it came from: the
exported file's name (one export per employee or desktop, e.g. `jdoe-laptop.jsonl`), kept in an extra
table of the temporary copy (`review_origin`); the user's own log is the OS user's. No Qt here.
"""

from __future__ import annotations

import getpass
import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from dlpguard.errors import IncidentLogError
from dlpguard.incidents.model import Incident, StoredIncident
from dlpguard.incidents.schema import time_text
from dlpguard.incidents.store import DB_NAME, Store

#: Keys `StoredIncident.to_json_dict` adds beside the record's own fields.
_EXPORT_EXTRAS = ("chain", "review")


@dataclass
class ReviewSource:
    """An open log for the review window; `read_only` for exported logs (no marking as reviewed)."""

    store: Store
    label: str
    read_only: bool
    owns_store: bool = True
    _tmp: Path | None = field(default=None, repr=False)
    #: Who the incidents belong to when `review_origin` does not say (the user's own log).
    user: str = field(default_factory=lambda: current_user())

    def close(self) -> None:
        if self.owns_store:
            self.store.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "this user"


ORIGIN_TABLE = "review_origin"


def _record_origins(store: Store, ids: list[str], origin: str) -> None:
    """Which exported log each incident came from (temporary copies only; never the user's own log)."""

    def work(conn: sqlite3.Connection) -> None:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {ORIGIN_TABLE} (id TEXT PRIMARY KEY, origin TEXT NOT NULL)")
        conn.executemany(
            f"INSERT OR REPLACE INTO {ORIGIN_TABLE} (id, origin) VALUES (?, ?)",  # noqa: S608 - a constant
            [(i, origin) for i in ids],
        )

    store.write(work)


def origin_label(path: Path) -> str:
    return path.stem or path.name


def own_log(store: Store | None = None) -> ReviewSource:
    """The user's own incident log (the running app's store when it has one)."""
    if store is not None:
        return ReviewSource(store, "your incidents", read_only=False, owns_store=False)
    return ReviewSource(Store(), "your incidents", read_only=False)


def _incident_from_export(data: dict[str, object]) -> tuple[Incident, dict[str, object] | None]:
    review = data.get("review")
    record = {k: v for k, v in data.items() if k not in _EXPORT_EXTRAS}
    return Incident.model_validate(record), review if isinstance(review, dict) else None


def _load_jsonl(path: Path) -> list[tuple[Incident, dict[str, object] | None]]:
    out = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                incident, review = _incident_from_export(json.loads(line))
            except (ValueError, ValidationError) as exc:
                raise IncidentLogError(
                    f"{path}:{number}: not an exported incident ({type(exc).__name__})"
                ) from exc
            if incident.ref_id is None:  # annotations are already folded into their incident
                out.append((incident, review))
    return out


def _copy_db(path: Path, target: Path) -> None:
    """A consistent copy of a SQLite log (WAL included) through SQLite's backup API."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise IncidentLogError(f"{path}: cannot read the incident log: {exc}") from exc
    finally:
        source.close()


def open_exported(paths: list[Path]) -> ReviewSource:
    """Exported logs (JSON Lines, or `.db` copies) in one read-only view."""
    if not paths:
        raise IncidentLogError("no exported log given")
    tmp = Path(tempfile.mkdtemp(prefix="dlpguard-review-"))
    try:
        target = tmp / DB_NAME
        databases = [p for p in paths if p.suffix == ".db"]
        lines = [p for p in paths if p.suffix != ".db"]
        if len(databases) == 1 and not lines:
            _copy_db(databases[0], target)
            store = Store(target)
            ids = store.read(lambda conn: [r[0] for r in conn.execute("SELECT id FROM incidents")])
            _record_origins(store, ids, origin_label(databases[0]))
        else:
            store = Store(target)
            for db in databases:
                with Store(_copy_to(db, tmp)) as other:
                    items = [_from_stored(item) for item in other.iter_all()]
                _import(store, items)
                _record_origins(store, [i.id for i, _ in items], origin_label(db))
            for path in lines:
                items = _load_jsonl(path)
                _import(store, items)
                _record_origins(store, [i.id for i, _ in items], origin_label(path))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    label = paths[0].name if len(paths) == 1 else f"{len(paths)} exported logs"
    return ReviewSource(store, label, read_only=True, _tmp=tmp)


def _from_stored(item: StoredIncident) -> tuple[Incident, dict[str, object] | None]:
    record = item.record.model_copy(
        update={"decision": item.decision, "justification": item.justification, "outcome": item.outcome}
    )
    review = item.to_json_dict().get("review")
    return record, review if isinstance(review, dict) else None


def _copy_to(db: Path, tmp: Path) -> Path:
    target = tmp / f"src-{db.stem}-{len(list(tmp.iterdir()))}.db"
    _copy_db(db, target)
    return target


def _import(store: Store, items: list[tuple[Incident, dict[str, object] | None]]) -> None:
    """Adds exported incidents to a private temporary log in one transaction, with their review state."""

    def work(conn: sqlite3.Connection) -> None:
        for incident, review in items:
            store._insert(conn, incident)  # one transaction for thousands of rows; no public bulk API yet
            if review and review.get("reviewed_at"):
                conn.execute(
                    "UPDATE incidents SET reviewed_at = ?, reviewed_by = ?, review_note = ? WHERE id = ?",
                    (
                        time_text(datetime.fromisoformat(str(review["reviewed_at"]))),
                        review.get("reviewed_by"),
                        review.get("note"),
                        incident.id,
                    ),
                )

    store.write(work)
