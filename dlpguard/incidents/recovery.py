"""Telling a corrupt log from a busy one, and moving a corrupt log aside so a new one can start.

Only SQLite's "corrupt" and "not a database" results (and a failed `quick_check`) count: a locked,
busy or full disk is a reason to wait or fail, never a reason to throw a log away.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from dlpguard.errors import IncidentLogError

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class CorruptLog(IncidentLogError):
    """The database file cannot be read as an intact SQLite database."""


def is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def check_integrity(conn: sqlite3.Connection) -> None:
    """Raises `CorruptLog` when `PRAGMA quick_check` finds damage (O(size), done once per open)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise CorruptLog(str(exc)) from exc
        raise
    if rows != [("ok",)]:
        first = str(rows[0][0]).splitlines()[0][:200] if rows else "no result"
        raise CorruptLog(f"quick_check: {first}")


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Renames the log (and its -wal/-shm companions) to `<name>.corrupt-<UTC time>`, kept 0600."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(target)
    except OSError as exc:
        raise IncidentLogError(f"cannot move the unreadable incident log {path} aside: {exc}") from exc
    if os.name == "posix":
        target.chmod(0o600)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            moved = target.with_name(target.name + suffix)
            companion.rename(moved)
            if os.name == "posix":
                moved.chmod(0o600)
    return target
