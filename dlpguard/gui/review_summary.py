"""Per-site and per-user summaries of the filtered view, as a reviewer's console shows them.

`summarise(source, flt, by)` is one grouped SQL query (no Qt); `SummaryDialog` shows both groupings
in tabs, and a double-click on a site narrows the review window to it. "User" is where the incidents
came from (see review_data.py): the exported log's name, or the OS user for one's own log. A third tab
is the shadow-AI picture: which AI services were opened in the last 30 days, how often, on how many
days (incidents/visits.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dlpguard.errors import IncidentLogError
from dlpguard.gui.review_data import ORIGIN_TABLE, ReviewSource
from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.schema import parse_time_text
from dlpguard.incidents.visits import DEFAULT_DAYS, first_day, totals, visit_counts


class SummaryBy(StrEnum):
    SITE = "site"
    USER = "user"


@dataclass(frozen=True)
class SummaryRow:
    key: str
    incidents: int  # detections
    blocked: int
    sent_anyway: int  # the user overrode and the data left
    refused: int  # the user tried to override and the policy said no
    unreviewed: int
    pauses: int
    last_seen: datetime | None


HEADERS = ("Incidents", "Blocked", "Sent anyway", "Refused", "Unreviewed", "Pauses", "Last seen")

_SITE_KEY = "COALESCE(NULLIF(i.site, ''), NULLIF(i.url_host, ''), '—')"
# Old logs recorded pauses as app detections (see model.is_pause): counted as pauses, not incidents.
_IS_PAUSE = (
    f"(i.kind = '{RecordKind.PAUSE.value}' OR (i.kind = 'detection' AND i.source = 'app' "
    "AND i.event IN ('pause', 'resume')))"
)


def _has_origins(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (ORIGIN_TABLE,))
    return row.fetchone() is not None


def summarise(source: ReviewSource, flt: IncidentFilter, by: SummaryBy) -> list[SummaryRow]:
    """One row per site or user in the filtered view, most incidents first."""
    where, args = flt.where("i")

    def work(conn: sqlite3.Connection) -> list[SummaryRow]:
        join = ""
        key_args: list[object] = []
        if by is SummaryBy.SITE:
            key = _SITE_KEY
        elif _has_origins(conn):
            key, join = "COALESCE(o.origin, ?)", f"LEFT JOIN {ORIGIN_TABLE} o ON o.id = i.id"
            key_args = [source.user]
        else:
            key, key_args = "?", [source.user]
        detection = f"(i.kind = 'detection' AND NOT {_IS_PAUSE})"
        sql = (
            f"SELECT {key} AS k, SUM({detection}), SUM({detection} AND i.action = 'block'), "  # noqa: S608
            f"SUM({detection} AND i.decision = 'send_anyway' AND i.outcome = 'sent'), "
            f"SUM({detection} AND i.outcome = 'refused'), SUM({detection} AND i.reviewed_at IS NULL), "
            f"SUM({_IS_PAUSE}), MAX(i.time) FROM incidents i {join} WHERE {where} "
            "GROUP BY k ORDER BY 2 DESC, k"
        )
        rows = conn.execute(sql, [*key_args, *args]).fetchall()
        return [
            SummaryRow(str(k), *(int(n or 0) for n in counts), parse_time_text(last) if last else None)
            for k, *counts, last in rows
        ]

    return source.store.read(work)


def visits_summary(source: ReviewSource, days: int = DEFAULT_DAYS) -> list[tuple[str, int, int]]:
    """(service, visits, days used) over the last `days` UTC days, busiest first; empty for a log
    without counts (an export, or one from before visits were counted)."""
    try:
        return totals(visit_counts(source.store, since=first_day(days)))
    except (sqlite3.Error, IncidentLogError):
        return []


class SummaryDialog(QDialog):
    """Two tables (by site, by user) for the window's current filter; non-modal, refreshable."""

    def __init__(
        self,
        source: ReviewSource,
        parent: QWidget | None = None,
        *,
        on_site: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSummary")
        self.setWindowTitle("DLP Guard — Summary by site and user")
        self.resize(760, 420)
        self.source = source
        self.on_site = on_site
        self.tabs = QTabWidget()
        self.tables: dict[SummaryBy, QTableWidget] = {}
        for by, title in ((SummaryBy.SITE, "By site / app"), (SummaryBy.USER, "By user")):
            table = QTableWidget(0, len(HEADERS) + 1)
            table.setObjectName(f"summaryBy{by.value.capitalize()}")
            table.setHorizontalHeaderLabels([title.removeprefix("By ").capitalize(), *HEADERS])
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.tables[by] = table
            self.tabs.addTab(table, title)
        self.tables[SummaryBy.SITE].cellActivated.connect(self._site_activated)
        self.visits = QTableWidget(0, 3)
        self.visits.setObjectName("summaryVisits")
        self.visits.setHorizontalHeaderLabels(["AI service", "Visits", "Days used"])
        self.visits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits.verticalHeader().setVisible(False)
        self.visits.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.visits, f"AI services opened ({DEFAULT_DAYS} days)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def show_rows(self, by: SummaryBy, rows: list[SummaryRow]) -> None:
        table = self.tables[by]
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            last = row.last_seen.astimezone().strftime("%Y-%m-%d %H:%M") if row.last_seen else "—"
            cells = (row.key, row.incidents, row.blocked, row.sent_anyway, row.refused, row.unreviewed,
                     row.pauses, last)  # fmt: skip
            for c, value in enumerate(cells):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                table.setItem(r, c, item)

    def refresh(self, flt: IncidentFilter) -> None:
        for by in SummaryBy:
            self.show_rows(by, summarise(self.source, flt, by))
        self.show_visits(visits_summary(self.source))

    def show_visits(self, rows: list[tuple[str, int, int]]) -> None:
        self.visits.setRowCount(len(rows))
        for r, (service, visits, days) in enumerate(rows):
            for c, value in enumerate((service, f"{visits:,}", str(days))):
                self.visits.setItem(r, c, QTableWidgetItem(value))

    def _site_activated(self, row: int, column: int) -> None:
        item = self.tables[SummaryBy.SITE].item(row, 0)
        if item is not None and self.on_site is not None and item.text() != "—":
            self.on_site(item.text())
