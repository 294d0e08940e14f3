"""The incident review window: filters, a chart, the paged table, a detail pane, review and export.

For the employee it shows their own log; for a reviewer, exported logs opened read-only (no "Mark
reviewed"). Everything that may take long on a large log (the chart's statistics, the recurrence of
fingerprints, exports) runs on the worker pool; the table itself reads one indexed page at a time.
"""

from __future__ import annotations

import getpass
import html
import logging
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dlpguard.engine.types import Action, Category, Source
from dlpguard.gui.chart import MAX_BARS, IncidentChart, chart_series
from dlpguard.gui.icons import CATEGORY_COLOURS, app_icon
from dlpguard.gui.notices import category_label, entity_label
from dlpguard.gui.review_data import ReviewSource
from dlpguard.gui.review_model import (
    ACTION_COLOURS,
    COLUMNS,
    OUTCOME_COLOURS,
    IncidentTableModel,
    decision_text,
    outcome_text,
)
from dlpguard.gui.worker import Background
from dlpguard.incidents.export import ExportFormat, write_export
from dlpguard.incidents.model import Incident, Outcome, RecordKind, StoredIncident
from dlpguard.incidents.queries import IncidentFilter, Interval, StatsBy

logger = logging.getLogger(__name__)

PERIODS: tuple[tuple[str, timedelta | None], ...] = (
    ("All time", None),
    ("Last 24 hours", timedelta(days=1)),
    ("Last 7 days", timedelta(days=7)),
    ("Last 30 days", timedelta(days=30)),
    ("Last 90 days", timedelta(days=90)),
)
STYLE = """
QMainWindow, #reviewCentral { background: #f5f7fa; }
QTableView { background: #ffffff; border: 1px solid #e4e7eb; gridline-color: #f0f2f5;
             selection-background-color: #dbeafe; selection-color: #1f2933; }
QHeaderView::section { background: #ffffff; border: none; border-bottom: 1px solid #e4e7eb;
                       padding: 6px 8px; font-weight: 600; color: #52606d; }
QTextBrowser { background: #ffffff; border: 1px solid #e4e7eb; }
#reviewTitle { font-size: 14pt; font-weight: 600; color: #1f2933; }
#reviewSubtitle { color: #7b8794; }
#reviewBox { background: #ffffff; border: 1px solid #e4e7eb; }
"""


def open_private(path: Path) -> TextIO:
    """Exports hold previews, fingerprints and justifications: user-only, like the log itself."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def export_view(source: ReviewSource, flt: IncidentFilter, path: Path, fmt: ExportFormat) -> int:
    with open_private(path) as stream:
        return write_export(source.store.iter_all(flt), stream, fmt)


def fingerprint_counts(source: ReviewSource, fingerprints: list[str]) -> dict[str, int]:
    """How many incidents in the log carry each fingerprint: the same secret leaking again."""

    def work(conn: object) -> dict[str, int]:
        out = {}
        for fp in fingerprints:
            row = conn.execute(  # type: ignore[attr-defined]
                "SELECT COUNT(*) FROM incidents WHERE ref_id IS NULL AND instr(record, ?) > 0", (fp,)
            ).fetchone()
            out[fp] = row[0]
        return out

    return source.store.read(work)


def _history_html(history: Sequence[Incident]) -> str:
    """The decisions and reviews recorded for the incident, oldest first."""
    e = html.escape
    lines = []
    for note in history:
        when = note.time.astimezone().strftime("%Y-%m-%d %H:%M")
        if note.kind is RecordKind.DECISION:
            what = f"Chose {decision_text(note.decision.value, '').lower()}: {note.outcome.label}"
            colour = OUTCOME_COLOURS.get(note.outcome.value, "#1f2933")
            why = f" — {e(note.note)}" if note.note else ""
            lines.append(f"<li>{e(when)} · <span style='color:{colour}'>{e(what)}</span>{why}</li>")
        else:
            by = f" by {note.actor}" if note.actor else ""
            lines.append(f"<li>{e(when)} · {e('Reviewed' + by)}</li>")
    if not lines:
        return ""
    return f"<h4 style='margin:14px 0 4px 0'>History</h4><ul style='margin:0'>{''.join(lines)}</ul>"


def incident_html(
    item: StoredIncident,
    recurrences: dict[str, int] | None = None,
    history: Sequence[Incident] = (),
) -> str:
    """The detail pane: what happened, what the user chose and what came of it, the findings with
    masked previews and fingerprints, the history of decisions and reviews, the review."""
    r = item.record
    e = html.escape
    colour = ACTION_COLOURS.get(r.action.value, "#1f2933")
    when = r.time.astimezone().strftime("%A %d %B %Y, %H:%M:%S")
    decisions = [n for n in history if n.kind is RecordKind.DECISION]
    outcome = outcome_text(item.outcome.value, r.kind.value)
    if item.outcome is Outcome.REFUSED and decisions and decisions[-1].note:
        outcome += f" ({decisions[-1].note})"
    rows = [
        ("Source", r.source.value.capitalize() + (f" · {r.event}" if r.event else "")),
        ("Site / app", r.site or r.url_host or "—"),
        ("Decision", decision_text(item.decision.value, item.outcome.value)),
        ("Outcome", outcome),
        ("Justification", item.justification or "—"),
        (
            "Policy",
            f"version {r.policy_version or '—'}" + (f" · {r.policy_hash[:12]}…" if r.policy_hash else ""),
        ),
        ("App", r.app_version or "—"),
        ("Incident", r.id),
    ]
    if r.note:
        rows.insert(0, ("Note", r.note))
    facts = "".join(
        f"<tr><td style='color:#7b8794;padding:2px 12px 2px 0'>{e(k)}</td><td>{e(v)}</td></tr>"
        for k, v in rows
    )
    findings = ""
    for f in r.findings:
        seen = (recurrences or {}).get(f.fingerprint)
        again = (
            f"<span style='color:#c53030;font-weight:600'>seen in {seen} incidents</span>"
            if seen and seen > 1
            else ("<span style='color:#7b8794'>first time</span>" if seen == 1 else "")
        )
        findings += (
            "<tr>"
            f"<td><span style='color:{CATEGORY_COLOURS.get(f.category.value, '#7b8794')}'>■</span> "
            f"{e(category_label(f.category.value))}</td>"
            f"<td>{e(entity_label(f.entity_type))}</td>"
            f"<td style='font-family:monospace'>{e(f.preview or '(no preview)')}</td>"
            f"<td style='font-family:monospace;color:#52606d'>{e(f.fingerprint[:12])}</td>"
            f"<td>{again}</td></tr>"
        )
    if findings:
        findings = (
            "<h4 style='margin:14px 0 4px 0'>Findings</h4>"
            "<table cellspacing='0' cellpadding='3' width='100%'><tr style='color:#7b8794'>"
            "<td>Category</td><td>Type</td><td>Preview</td><td>Fingerprint</td><td></td></tr>"
            f"{findings}</table>"
        )
    review = "<p style='color:#7b8794'>Not reviewed yet.</p>"
    if item.reviewed_at:
        by = f" by {e(item.reviewed_by)}" if item.reviewed_by else ""
        note = f"<br>{e(item.review_note)}" if item.review_note else ""
        review = f"<p>✓ Reviewed {item.reviewed_at.astimezone():%Y-%m-%d %H:%M}{by}{note}</p>"
    return (
        f"<h3 style='margin:0'><span style='color:{colour}'>{e(r.action.value.capitalize())}</span>"
        f" · {e(r.site or r.url_host or r.source.value)}</h3>"
        f"<p style='color:#7b8794;margin-top:2px'>{e(when)}</p>"
        f"<table cellspacing='0'>{facts}</table>{findings}{_history_html(history)}"
        f"<h4 style='margin:14px 0 4px 0'>Review</h4>{review}"
    )


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in items:
        combo.addItem(label, value)
    return combo


class ReviewWindow(QMainWindow):
    def __init__(
        self,
        source: ReviewSource,
        background: Background,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.background = background
        self.clock = clock
        self.current: StoredIncident | None = None
        self.history: list[Incident] = []  # the current incident's decisions and reviews
        self._detail_request = 0
        self._chart_request = 0
        self.setWindowTitle(
            "DLP Guard — Incident review" + (f" — {source.label} (read-only)" if source.read_only else "")
        )
        self.setWindowIcon(app_icon())
        self.resize(1280, 780)
        self.setStyleSheet(STYLE)

        self.model = IncidentTableModel(source.store, self)
        self.chart = IncidentChart()
        self._build()
        self.model.reloaded.connect(self._after_reload)
        self.model.modelReset.connect(self._count_changed)
        self.model.rowsInserted.connect(self._count_changed)
        self.apply_filters()

    # -- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        central.setObjectName("reviewCentral")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(10)

        title = QLabel("Incident review")
        title.setObjectName("reviewTitle")
        subtitle = QLabel(
            f"{self.source.label} · read-only"
            if self.source.read_only
            else "What DLP Guard caught on this computer"
        )
        subtitle.setObjectName("reviewSubtitle")
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        head = QHBoxLayout()
        head.addLayout(heading, 1)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.clicked.connect(self.apply_filters)
        self.export_button = QToolButton()
        self.export_button.setText("Export view")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt in ExportFormat:  # one entry per registered format
            menu.addAction(f"{fmt.label}…", lambda fmt=fmt: self.export_dialog(fmt))
        self.export_button.setMenu(menu)
        head.addWidget(self.refresh_button)
        head.addWidget(self.export_button)
        outer.addLayout(head)

        self.period = _combo("periodFilter", [(label, delta) for label, delta in PERIODS])
        self.category = _combo(
            "categoryFilter", [("All categories", None)] + [(category_label(c.value), c) for c in Category]
        )
        self.action = _combo(
            "actionFilter",
            [("All actions", None)] + [(a.value.capitalize(), a) for a in Action if a is not Action.ALLOW],
        )
        self.source_filter = _combo(
            "sourceFilter", [("All sources", None)] + [(s.value.capitalize(), s) for s in Source]
        )
        self.outcome = _combo(
            "outcomeFilter", [("All outcomes", None)] + [(outcome_text(o.value), o) for o in Outcome]
        )
        self.reviewed = _combo(
            "reviewedFilter", [("Reviewed or not", None), ("Unreviewed", False), ("Reviewed", True)]
        )
        self.site = QLineEdit()
        self.site.setObjectName("siteFilter")
        self.site.setPlaceholderText("Site or app (exact)")
        self.site.setClearButtonEnabled(True)
        self.site.setMaximumWidth(220)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (
            self.period,
            self.category,
            self.action,
            self.outcome,
            self.source_filter,
            self.reviewed,
            self.site,
        ):
            filters.addWidget(widget)
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.apply_filters)
        self.site.editingFinished.connect(self.apply_filters)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setStyleSheet("color: #52606d;")
        filters.addWidget(self.count_label)
        outer.addLayout(filters)
        outer.addWidget(self.chart)

        self.table = QTableView()
        self.table.setObjectName("incidentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Categories stretches: it says what was caught, the column a reviewer reads first.
        for column, width in enumerate((118, 72, 150, 180, 60, 124, 100, 80)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._sort)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("incidentDetail")
        self.detail.setOpenLinks(False)
        self.detail.setHtml("<p style='color:#7b8794'>Select an incident to see its details.</p>")
        self.note = QPlainTextEdit()
        self.note.setObjectName("reviewNote")
        self.note.setPlaceholderText("Review note (what you concluded)")
        self.note.setMaximumHeight(70)
        self.mark_button = QPushButton("Mark reviewed")
        self.mark_button.setObjectName("markReviewed")
        self.mark_button.setEnabled(False)
        self.mark_button.clicked.connect(self.mark_reviewed)
        review_box = QFrame()
        review_box.setObjectName("reviewBox")
        box = QVBoxLayout(review_box)
        box.setContentsMargins(10, 8, 10, 8)
        box.addWidget(self.note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.mark_button)
        box.addLayout(row)
        review_box.setVisible(not self.source.read_only)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(8)
        side_layout.addWidget(self.detail, 1)
        side_layout.addWidget(review_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 420])
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        """Sorts in SQL; a column SQL cannot sort by (categories, reviewed) keeps the current order."""
        if COLUMNS[column].order_by is None:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            current = next(i for i, c in enumerate(COLUMNS) if c.order_by is self.model.order_by)
            descending = (
                Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(current, descending)
            header.blockSignals(False)
            return
        self.model.sort(column, order)

    # -- filters, chart, counts --------------------------------------------------------------------

    def current_filter(self) -> IncidentFilter:
        delta = self.period.currentData()
        site = self.site.text().strip() or None
        # Qt keeps combo data as plain strings: the enums are rebuilt here.
        category, action, outcome, source = (
            c.currentData() for c in (self.category, self.action, self.outcome, self.source_filter)
        )
        return IncidentFilter(
            since=self.clock() - delta if delta else None,
            site=site,
            category=Category(category) if category else None,
            action=Action(action) if action else None,
            outcome=Outcome(outcome) if outcome else None,
            source=Source(source) if source else None,
            reviewed=self.reviewed.currentData(),
        )

    def apply_filters(self) -> None:
        flt = self.current_filter()
        self.model.set_filter(flt)
        self._load_chart(flt)

    def _load_chart(self, flt: IncidentFilter) -> None:
        self._chart_request += 1
        request = self._chart_request
        self.chart.loading = True
        store = self.source.store

        def work() -> object:
            rows = store.stats(StatsBy.CATEGORY, flt, Interval.DAY)
            if len({r.bucket for r in rows}) > MAX_BARS:
                rows = store.stats(StatsBy.CATEGORY, flt, Interval.WEEK)
            return chart_series(rows)

        def done(series: object) -> None:
            if request == self._chart_request:
                self.chart.set_series(series)  # type: ignore[arg-type]

        self.background.run(work, done)

    def _after_reload(self) -> None:
        self.detail.setHtml("<p style='color:#7b8794'>Select an incident to see its details.</p>")
        self.current = None
        self.mark_button.setEnabled(False)

    def _count_changed(self, *args: object) -> None:
        shown, total = len(self.model.rows), self.model.total
        self.count_label.setText(
            f"{total:,} incidents" if shown >= total else f"showing {shown:,} of {total:,} incidents"
        )

    # -- detail and review -------------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        incident_id = self.model.incident_id(rows[0].row()) if rows else None
        if incident_id is not None:
            self.show_incident(incident_id)

    def show_incident(self, incident_id: str) -> None:
        item = self.source.store.get(incident_id)
        if item is None:
            return
        self.current = item
        self.history = self.source.store.annotations(item.id)  # by an index: a handful of rows
        self.detail.setHtml(incident_html(item, history=self.history))
        self.mark_button.setEnabled(not self.source.read_only and item.reviewed_at is None)
        self.note.setPlainText(item.review_note or "")
        self._detail_request += 1
        request = self._detail_request
        fingerprints = [f.fingerprint for f in item.record.findings]
        if fingerprints:
            self.background.run(
                lambda: fingerprint_counts(self.source, fingerprints),
                lambda counts: self._show_recurrences(request, item, counts),
            )

    def _show_recurrences(self, request: int, item: StoredIncident, counts: dict[str, int]) -> None:
        if request == self._detail_request:
            self.detail.setHtml(incident_html(item, counts, self.history))

    def mark_reviewed(self) -> None:
        item = self.current
        if item is None or self.source.read_only:
            return
        try:
            reviewer: str | None = getpass.getuser()
        except (OSError, KeyError):
            reviewer = None
        updated = self.source.store.mark_reviewed(item.id, self.note.toPlainText(), reviewer=reviewer)
        self.current = updated
        self.history = self.source.store.annotations(updated.id)
        self.model.update_incident(updated)
        self.detail.setHtml(incident_html(updated, history=self.history))
        self.mark_button.setEnabled(False)

    # -- export ------------------------------------------------------------------------------------

    def export_dialog(self, fmt: ExportFormat) -> None:
        suffix = fmt.suffix
        name, _ = QFileDialog.getSaveFileName(
            self, "Export incidents", str(Path.home() / f"dlpguard-incidents.{suffix}"), f"*.{suffix}"
        )
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: ExportFormat, on_done: Callable[[int], None] | None = None) -> None:
        """Writes the filtered view (oldest first) in the background; the status bar says how many."""
        flt = self.model.filter
        self.statusBar().showMessage(f"Exporting to {path.name}…")

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Exported {count:,} incidents to {path}", 10_000)
            if on_done is not None:
                on_done(count)

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(f"Export failed: {exc}", 10_000)

        self.background.run(lambda: export_view(self.source, flt, path, fmt), done, failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._chart_request += 1  # late results are ignored
        self._detail_request += 1
        super().closeEvent(event)
