"""The review table's model: incidents from the SQLite log, a page at a time (Qt's fetchMore).

Only what the table shows is kept per row (a few short strings), the first page comes from one keyset
query on an index, and the view asks for the next page when the user scrolls near the end. Sorting
and filtering reload from the first page in SQL, so 100,000 incidents cost what 200 do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette

from dlpguard.gui.notices import category_label
from dlpguard.gui.review_theme import ReviewTheme, theme_for
from dlpguard.incidents.model import Outcome, RecordKind, StoredIncident, is_pause
from dlpguard.incidents.queries import IncidentFilter, OrderBy, PageCursor, severity_of
from dlpguard.incidents.store import Store

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Row:
    """What one table row shows; the detail pane loads the full incident by id."""

    id: str
    time: datetime
    source: str
    site: str
    categories: tuple[str, ...]
    action: str
    decision: str
    reviewed: bool
    kind: str
    outcome: str = "unknown"
    severity: int = 1
    event: str = ""
    note: str = ""

    @property
    def is_pause(self) -> bool:
        return self.kind == PAUSE_KIND

    @classmethod
    def of(cls, item: StoredIncident) -> Row:
        r = item.record
        # Old logs hold pauses as app "detections": they get the pause row all the same.
        kind = RecordKind.PAUSE if is_pause(r) else r.kind
        return cls(
            r.id,
            r.time,
            r.source.value,
            r.site or r.url_host or "",
            tuple(sorted(c.value for c in r.counts_by_category)),
            r.action.value,
            item.decision.value,
            item.reviewed_at is not None,
            kind.value,
            item.outcome.value,
            severity_of(kind, r.action, r.counts_by_category),
            r.event or "",
            r.note or "",
        )


@dataclass(frozen=True)
class Column:
    title: str
    order_by: OrderBy | None  # None: not sortable in SQL


COLUMNS = (
    Column("Time", OrderBy.TIME),
    Column("Source", OrderBy.SOURCE),
    Column("Site / app", OrderBy.SITE),
    Column("Categories", None),
    Column("Action", OrderBy.ACTION),
    Column("Decision", OrderBy.DECISION),
    Column("Outcome", OrderBy.OUTCOME),
    Column("Severity", OrderBy.SEVERITY),
    Column("Reviewed", None),
)
REVIEWED_COLUMN = len(COLUMNS) - 1
SEVERITY_COLUMN = REVIEWED_COLUMN - 1
PAUSE_KIND = RecordKind.PAUSE.value
SEVERITY_TEXT = {3: "High", 2: "Medium", 1: "Low"}

#: What the user chose; what came of it is the Outcome column (a refused "send anyway" was not sent).
_DECISION_TEXT = {
    "none": "—",
    "cancel": "Cancel",
    "send_masked": "Send masked",
    "send_anyway": "Send anyway",
}


def decision_text(decision: str, outcome: str) -> str:
    text = _DECISION_TEXT.get(decision, decision)
    return f"{text} (refused)" if outcome == Outcome.REFUSED else text


def outcome_text(outcome: str, kind: str = "detection") -> str:
    """`Refused, not sent`, `Sent masked`, …; system records (recovery, retention) have no outcome."""
    if kind != RecordKind.DETECTION:
        return "—"
    try:
        label = Outcome(outcome).label
    except ValueError:  # a value from a newer DLP Guard: shown as recorded
        label = outcome
    return label[:1].upper() + label[1:]


_SOURCE_TEXT = {"browser": "Browser", "clipboard": "Clipboard", "cli": "Command line", "app": "App"}


def pause_text(event: str, note: str) -> str:
    """`Protection paused · 15 min` / `Protection resumed`: a pause says what it is, not `detection app`."""
    if event == "resume":
        return "Protection resumed"
    minutes = re.search(r"(\d+) minutes?", note)
    return "Protection paused" + (f" · {minutes.group(1)} min" if minutes else "")


def display(row: Row, column: int) -> str:
    if row.is_pause and column in (2, 3, 4, 5, 6):
        return pause_text(row.event, row.note) if column == 3 else "—"
    if column == SEVERITY_COLUMN:
        return SEVERITY_TEXT.get(row.severity, str(row.severity))
    if column == 0:
        return row.time.astimezone().strftime("%Y-%m-%d %H:%M")
    if column == 1:
        return _SOURCE_TEXT.get(row.source, row.source)
    if column == 2:
        return row.site or "—"
    if column == 3:
        if row.kind != "detection":
            return row.kind.replace("_", " ")
        return ", ".join(category_label(c) for c in row.categories) or "—"
    if column == 4:
        return row.action.capitalize()
    if column == 5:
        return decision_text(row.decision, row.outcome)
    if column == 6:
        return outcome_text(row.outcome, row.kind)
    return "✓" if row.reviewed else ""


class IncidentTableModel(QAbstractTableModel):
    """`set_filter` and `sort` reload; `fetchMore` appends the next page; `total` is the filtered count."""

    reloaded = Signal()

    def __init__(self, store: Store, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self.filter = IncidentFilter()
        self.order_by = OrderBy.TIME
        self.descending = True
        self.rows: list[Row] = []
        self.total = 0
        self._cursor: PageCursor | None = None
        self._exhausted = True
        #: Colours for the palette the table is drawn with; the window sets it on palette changes.
        self.theme: ReviewTheme = theme_for(QPalette())

    # -- loading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """First page for the current filter and order, and the filtered count."""
        self.beginResetModel()
        page = self.store.page(
            self.filter, order_by=self.order_by, descending=self.descending, limit=self.page_size
        )
        self.rows = [Row.of(item) for item in page.items]
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        self.total = self.store.count(self.filter) if not self._exhausted else len(self.rows)
        self.endResetModel()
        self.reloaded.emit()

    def set_filter(self, flt: IncidentFilter) -> None:
        self.filter = flt
        self.reload()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self.store.page(
            self.filter,
            order_by=self.order_by,
            descending=self.descending,
            limit=self.page_size,
            after=self._cursor,
        )
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        if not page.items:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
        self.rows.extend(Row.of(item) for item in page.items)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        order_by = COLUMNS[column].order_by if 0 <= column < len(COLUMNS) else None
        self.order_by = order_by or OrderBy.TIME
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- the table ---------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row, column)
        if role == ID_ROLE:
            return row.id
        if row.is_pause:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(self.theme.pause_background)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(self.theme.pause_text)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.foreground(row, column)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.time.astimezone().isoformat(timespec="seconds")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REVIEWED_COLUMN:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def foreground(self, row: Row, column: int) -> QColor | None:
        """Accent colours, made readable on the palette's base (None: the palette's text colour)."""
        theme = self.theme
        if column == 4 and row.action in ("block",):
            return theme.danger
        if column == 4 and row.action in ("warn", "mask"):
            return theme.warning
        if column in (5, 6) and row.outcome == Outcome.REFUSED:
            return theme.danger
        if column == SEVERITY_COLUMN and row.severity >= 3:
            return theme.danger
        if column == 4 or column == 1:
            return theme.muted
        return None

    def set_theme(self, theme: ReviewTheme) -> None:
        self.theme = theme
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def incident_id(self, row: int) -> str | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def update_incident(self, item: StoredIncident) -> None:
        """Redraws one row in place (after marking it reviewed) without reloading the view."""
        for i, row in enumerate(self.rows):
            if row.id == item.id:
                self.rows[i] = Row.of(item)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return
