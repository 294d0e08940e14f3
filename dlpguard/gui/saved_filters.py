"""Named filters a reviewer keeps ("unreviewed blocks on chatgpt", "refused this week"), one file per user.

The file lives in the user's config dir, 0600 in a 0700 folder (a filter can name a site or a
fingerprint, which says what someone was looking into). It is read as data: a malformed file or entry
is skipped with a warning, never executed or trusted beyond its fields. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.incidents.model import LISTED_KINDS, Outcome, RecordKind
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.paths import private_dir, user_config_dir

logger = logging.getLogger(__name__)

FILE_NAME = "review-filters.json"
MAX_FILTERS = 100
MAX_NAME_CHARS = 80


class RecordType(StrEnum):
    """What a row is, as the activity-type filter offers it (record kinds grouped for people)."""

    DETECTION = "detection"
    PAUSE = "pause"
    SYSTEM = "system"  # the log's own events: recovered, retention, anchor mismatch

    @property
    def kinds(self) -> tuple[RecordKind, ...]:
        if self is RecordType.DETECTION:
            return (RecordKind.DETECTION,)
        if self is RecordType.PAUSE:
            return (RecordKind.PAUSE,)
        return tuple(k for k in LISTED_KINDS if k not in (RecordKind.DETECTION, RecordKind.PAUSE))


class FilterState(BaseModel):
    """What the review window's filter bar holds, as plain data (the period is relative: "last 7 days")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period_days: int | None = Field(None, ge=1, le=3650)
    category: Category | None = None
    action: Action | None = None
    decision: UserDecision | None = None
    outcome: Outcome | None = None
    source: Source | None = None
    reviewed: bool | None = None
    record_type: RecordType | None = None
    search: str = Field("", max_length=200)
    fingerprint: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")

    def to_filter(self, now: datetime) -> IncidentFilter:
        return IncidentFilter(
            since=now - timedelta(days=self.period_days) if self.period_days else None,
            category=self.category,
            action=self.action,
            decision=self.decision,
            outcome=self.outcome,
            source=self.source,
            reviewed=self.reviewed,
            kinds=self.record_type.kinds if self.record_type else LISTED_KINDS,
            site_contains=self.search.strip() or None,
            fingerprint=self.fingerprint,
        )


class SavedFilter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    state: FilterState


def default_path() -> Path:
    return user_config_dir() / FILE_NAME


class SavedFilters:
    """Load, save and delete named filters; every change rewrites the file atomically, user-only."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def load(self) -> list[SavedFilter]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            logger.warning("saved review filters %s unreadable, ignored: %s", self.path, exc)
            return []
        entries = raw.get("filters") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            logger.warning("saved review filters %s: no filter list, ignored", self.path)
            return []
        out: list[SavedFilter] = []
        for entry in entries[:MAX_FILTERS]:
            try:
                out.append(SavedFilter.model_validate(entry))
            except ValidationError as exc:
                logger.warning("saved review filter skipped (%s errors)", exc.error_count())
        return out

    def save(self, name: str, state: FilterState) -> list[SavedFilter]:
        """Adds `name` (replacing one of that name); returns the list as now stored."""
        entry = SavedFilter(name=name.strip()[:MAX_NAME_CHARS], state=state)
        filters = [f for f in self.load() if f.name != entry.name]
        filters.append(entry)
        self._write(filters[-MAX_FILTERS:])
        return filters

    def delete(self, name: str) -> list[SavedFilter]:
        filters = [f for f in self.load() if f.name != name]
        self._write(filters)
        return filters

    def _write(self, filters: list[SavedFilter]) -> None:
        directory = private_dir(self.path.parent)
        data = {"version": 1, "filters": [f.model_dump(mode="json") for f in filters]}
        fd, tmp = tempfile.mkstemp(prefix=".review-filters-", dir=directory)  # mkstemp creates it 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1)
            if os.name == "posix":
                Path(tmp).chmod(0o600)
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
