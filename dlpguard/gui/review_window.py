"""The incident review window: filters, a chart, the paged table, a detail pane, review and export.

For the employee it shows their own log; for a reviewer, exported logs opened read-only (no "Mark
reviewed"). Everything that may take long on a large log (the chart's statistics, the recurrence of
fingerprints, summaries, bulk reviews, exports) runs on the worker pool; the table itself reads one
indexed page at a time.

What a reviewer of a DLP console expects is here too: a Decision filter, a substring search on the
site or app, "seen in N incidents" as a link to those incidents, several rows marked reviewed at once,
saved filters (per user, 0600), a per-site / per-user summary, sorting by severity, an "explain" line
per incident, and the keyboard: arrows move, Enter opens the detail, Ctrl+Enter marks reviewed,
Ctrl+F goes to the search, Esc goes back to the table. Colours follow the palette (review_theme.py).
"""

from __future__ import annotations

import getpass
import html
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QEvent, QItemSelection, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
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

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.gui.chart import MAX_BARS, IncidentChart, chart_series
from dlpguard.gui.icons import CATEGORY_COLOURS, app_icon
from dlpguard.gui.notices import category_label, entity_label
from dlpguard.gui.review_data import ReviewSource
from dlpguard.gui.review_model import (
    COLUMNS,
    SEVERITY_COLUMN,
    SEVERITY_TEXT,
    IncidentTableModel,
    decision_text,
    outcome_text,
    pause_text,
)
from dlpguard.gui.review_summary import SummaryBy, SummaryDialog, summarise, visits_summary
from dlpguard.gui.review_theme import ReviewTheme, readable, theme_for
from dlpguard.gui.saved_filters import FilterState, RecordType, SavedFilters
from dlpguard.gui.worker import Background
from dlpguard.incidents.export import ExportFormat, write_export
from dlpguard.incidents.model import Incident, Outcome, RecordKind, StoredIncident, is_pause
from dlpguard.incidents.queries import (
    CATEGORY_SEVERITY,
    IncidentFilter,
    Interval,
    StatsBy,
    severity_of,
)

logger = logging.getLogger(__name__)

#: (label, days); None: all time.
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("All time", None),
    ("Last 24 hours", 1),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
)
FINGERPRINT_SCHEME = "fingerprint"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: Marks the selected rows reviewed (Enter alone opens the detail).
MARK_REVIEWED_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def style_sheet(theme: ReviewTheme) -> str:
    """Only borders, spacing and weights: backgrounds and text come from the palette itself."""
    return f"""
QTableView, QTextBrowser {{ border: 1px solid {theme.border.name()}; }}
QTableView {{ selection-background-color: {theme.selection.name()};
             selection-color: {theme.selection_text.name()}; }}
QHeaderView::section {{ border: none; border-bottom: 1px solid {theme.border.name()};
                       padding: 6px 8px; font-weight: 600; }}
#reviewTitle {{ font-size: 14pt; font-weight: 600; }}
#reviewSubtitle, #countLabel {{ color: {theme.muted.name()}; }}
#reviewBox, #exportBar {{ border: 1px solid {theme.border.name()}; border-radius: 4px; }}
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
    return {fp: source.store.count(IncidentFilter(fingerprint=fp)) for fp in fingerprints}


_ACTION_VERB = {
    Action.BLOCK: "Blocked",
    Action.WARN: "Warned",
    Action.MASK: "Masked",
    Action.AUDIT: "Recorded only (audit)",
    Action.ALLOW: "Allowed",
}


def explain(item: StoredIncident) -> str:
    """One line a reviewer reads first: what was done, by which rule, under which policy, and why.

    Records carry the rule that set the action (and the site group whose rules applied). Older ones
    keep only the policy version and hash: for them the rule is the one for the strictest category
    found (the policy speaks per category), labelled as inferred.
    """
    r = item.record
    policy = f"policy v{r.policy_version}" if r.policy_version else "the policy in force"
    if is_pause(r):
        who = r.actor or "the user"
        if r.event == "resume":
            return f"{who} resumed protection before the pause ran out ({policy})."
        minutes = re.search(r"(\d+) minutes?", r.note or "")
        span = f" for {minutes.group(1)} minutes" if minutes else ""
        return (
            f"{who} paused protection{span}; {policy} allows users to pause (user_may_pause). "
            "Until it ended, pastes and copies went through unchecked."
        )
    if r.kind is not RecordKind.DETECTION:
        return r.note or r.kind.value.replace("_", " ")
    if not r.findings:
        why = f": {r.note}" if r.note else "; no findings were recorded"
        return f"{_ACTION_VERB.get(r.action, r.action.value)} under {policy}{why}."
    worst = max(r.findings, key=lambda f: CATEGORY_SEVERITY.get(f.category, 2)).category
    entities = sorted({entity_label(f.entity_type) for f in r.findings if f.category is worst})
    where = f" on {r.site or r.url_host}" if (r.site or r.url_host) else ""
    group = f", site group {r.group}" if r.group else ""
    if r.rule:  # recorded with the incident
        line = f"{_ACTION_VERB.get(r.action, r.action.value)}{where} under {policy}{group}: rule {r.rule}."
    else:  # records from before rules were kept
        line = (
            f"{_ACTION_VERB.get(r.action, r.action.value)}{where} under {policy}{group}: rule "
            f"category:{worst.value} (inferred: the strictest finding, {category_label(worst.value)} · "
            f"{', '.join(entities)})."
        )
    if item.decision is not UserDecision.NONE:
        line += f" The user chose {decision_text(item.decision.value, '').lower()}: {item.outcome.label}."
    return line


def _history_html(history: Sequence[Incident], theme: ReviewTheme) -> str:
    """The decisions and reviews recorded for the incident, oldest first."""
    e = html.escape
    lines = []
    for note in history:
        when = note.time.astimezone().strftime("%Y-%m-%d %H:%M")
        if note.kind is RecordKind.DECISION:
            what = f"Chose {decision_text(note.decision.value, '').lower()}: {note.outcome.label}"
            colour = theme.danger if note.outcome is Outcome.REFUSED else theme.text
            why = f" — {e(note.note)}" if note.note else ""
            lines.append(f"<li>{e(when)} · <span style='color:{colour.name()}'>{e(what)}</span>{why}</li>")
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
    theme: ReviewTheme | None = None,
) -> str:
    """The detail pane: why (the explain line), what happened, what the user chose and what came of it,
    the findings with masked previews and fingerprints (recurrences link to those incidents), the
    history of decisions and reviews, the review. Every colour is readable on the palette's base."""
    theme = theme or theme_for(_app_palette())
    r = item.record
    e = html.escape
    muted, text = theme.muted.name(), theme.text.name()
    pause = is_pause(r)
    if pause:
        headline_colour, headline = theme.pause_text.name(), pause_text(r.event or "", r.note or "")
    else:
        colour = {Action.BLOCK: theme.danger, Action.WARN: theme.warning, Action.MASK: theme.warning}
        headline_colour = colour.get(r.action, theme.text).name()
        detection = r.kind is RecordKind.DETECTION
        headline = r.action.value.capitalize() if detection else r.kind.value.replace("_", " ")
    when = r.time.astimezone().strftime("%A %d %B %Y, %H:%M:%S")
    decisions = [n for n in history if n.kind is RecordKind.DECISION]
    outcome = outcome_text(item.outcome.value, RecordKind.PAUSE.value if pause else r.kind.value)
    if item.outcome is Outcome.REFUSED and decisions and decisions[-1].note:
        outcome += f" ({decisions[-1].note})"
    severity = severity_of(RecordKind.PAUSE if pause else r.kind, r.action, r.counts_by_category)
    rows = [
        ("Source", r.source.value.capitalize() + (f" · {r.event}" if r.event else "")),
        ("Site / app", r.site or r.url_host or "—"),
        ("Severity", SEVERITY_TEXT.get(severity, str(severity))),
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
    if r.actor:
        rows.insert(2, ("User", r.actor))
    if r.note:
        rows.insert(0, ("Note", r.note))
    facts = "".join(
        f"<tr><td style='color:{muted};padding:2px 12px 2px 0'>{e(k)}</td><td>{e(v)}</td></tr>"
        for k, v in rows
    )

    def swatch(category: str) -> str:
        return readable(CATEGORY_COLOURS.get(category, muted), theme.base, 3.0).name()

    findings = ""
    for f in r.findings:
        seen = (recurrences or {}).get(f.fingerprint)
        again = (
            f"<a href='{FINGERPRINT_SCHEME}:{f.fingerprint}' style='color:{theme.danger.name()};"
            f"font-weight:600'>seen in {seen} incidents</a>"
            if seen and seen > 1
            else (f"<span style='color:{muted}'>first time</span>" if seen == 1 else "")
        )
        findings += (
            "<tr>"
            f"<td><span style='color:{swatch(f.category.value)}'>■</span> "
            f"{e(category_label(f.category.value))}</td>"
            f"<td>{e(entity_label(f.entity_type))}</td>"
            f"<td style='font-family:monospace'>{e(f.preview or '(no preview)')}</td>"
            f"<td style='font-family:monospace;color:{muted}'>{e(f.fingerprint[:12])}</td>"
            f"<td>{again}</td></tr>"
        )
    if findings:
        findings = (
            "<h4 style='margin:14px 0 4px 0'>Findings</h4>"
            f"<table cellspacing='0' cellpadding='3' width='100%'><tr style='color:{muted}'>"
            "<td>Category</td><td>Type</td><td>Preview</td><td>Fingerprint</td><td></td></tr>"
            f"{findings}</table>"
        )
    review = f"<p style='color:{muted}'>Not reviewed yet.</p>"
    if item.reviewed_at:
        by = f" by {e(item.reviewed_by)}" if item.reviewed_by else ""
        note = f"<br>{e(item.review_note)}" if item.review_note else ""
        review = f"<p>✓ Reviewed {item.reviewed_at.astimezone():%Y-%m-%d %H:%M}{by}{note}</p>"
    return (
        f"<div style='color:{text}'>"
        f"<h3 style='margin:0'><span style='color:{headline_colour}'>{e(headline)}</span>"
        f"{'' if pause else ' · ' + e(r.site or r.url_host or r.source.value)}</h3>"
        f"<p style='color:{muted};margin-top:2px'>{e(when)}</p>"
        f"<p style='margin:6px 0 10px 0'><b>Why:</b> {e(explain(item))}</p>"
        f"<table cellspacing='0'>{facts}</table>{findings}{_history_html(history, theme)}"
        f"<h4 style='margin:14px 0 4px 0'>Review</h4>{review}</div>"
    )


def _app_palette() -> QPalette:
    return QGuiApplication.palette() if QGuiApplication.instance() else QPalette()


def _combo(name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
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
        saved_filters: SavedFilters | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.background = background
        self.clock = clock
        self.saved = saved_filters or SavedFilters()
        self.current: StoredIncident | None = None
        self.history: list[Incident] = []  # the current incident's decisions and reviews
        self.recurrences: dict[str, int] | None = None
        self.fingerprint: str | None = None  # "seen in N incidents" narrows the view to one fingerprint
        self.summary: SummaryDialog | None = None
        self.last_export: Path | None = None
        self._detail_request = 0
        self._chart_request = 0
        self._summary_request = 0
        self._theming = False
        self.setWindowTitle(
            "DLP Guard — Incident review" + (f" — {source.label} (read-only)" if source.read_only else "")
        )
        self.setWindowIcon(app_icon())
        self.resize(1280, 780)

        self.model = IncidentTableModel(source.store, self)
        self.chart = IncidentChart()
        self.theme = theme_for(self.palette())
        self._build()
        self._shortcuts()
        self._apply_theme()
        self.model.reloaded.connect(self._after_reload)
        self.model.modelReset.connect(self._count_changed)
        self.model.rowsInserted.connect(self._count_changed)
        self._reload_saved_filters()
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
        self.summary_button = QPushButton("Summary by site / user")
        self.summary_button.setObjectName("summaryButton")
        self.summary_button.clicked.connect(self.open_summary)
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
        head.addWidget(self.summary_button)
        head.addWidget(self.refresh_button)
        head.addWidget(self.export_button)
        outer.addLayout(head)

        self.export_bar = QFrame()
        self.export_bar.setObjectName("exportBar")
        bar = QHBoxLayout(self.export_bar)
        bar.setContentsMargins(10, 4, 6, 4)
        self.export_label = QLabel()
        self.export_label.setObjectName("exportLabel")
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        show = QPushButton("Show in folder")
        show.clicked.connect(self.show_export_folder)
        hide = QToolButton()
        hide.setText("✕")
        hide.setToolTip("Dismiss")
        hide.clicked.connect(self.export_bar.hide)
        bar.addWidget(self.export_label, 1)
        bar.addWidget(show)
        bar.addWidget(hide)
        self.export_bar.hide()
        outer.addWidget(self.export_bar)

        self.period = _combo("periodFilter", PERIODS)
        self.category = _combo(
            "categoryFilter", [("All categories", None)] + [(category_label(c.value), c) for c in Category]
        )
        self.action = _combo(
            "actionFilter",
            [("All actions", None)] + [(a.value.capitalize(), a) for a in Action if a is not Action.ALLOW],
        )
        self.decision = _combo(
            "decisionFilter",
            [("All decisions", None)]
            + [
                (decision_text(d.value, "") if d is not UserDecision.NONE else "No decision", d)
                for d in UserDecision
            ],
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
        self.record_type = _combo(
            "recordTypeFilter",
            [("All records", None), ("Detections", RecordType.DETECTION), ("Pauses", RecordType.PAUSE),
             ("Log events", RecordType.SYSTEM)],
        )  # fmt: skip
        self.site = QLineEdit()
        self.site.setObjectName("siteFilter")
        self.site.setPlaceholderText("Site or app… (Ctrl+F)")
        self.site.setToolTip("Part of a site, app or host name: 'openai' finds chat.openai.com")
        self.site.setClearButtonEnabled(True)
        self.site.setMinimumWidth(170)
        self.site.setMaximumWidth(240)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.combos = (
            self.period, self.category, self.action, self.decision, self.outcome, self.source_filter,
            self.reviewed, self.record_type,
        )  # fmt: skip
        for combo in self.combos:
            if combo is not self.record_type:  # on the second row
                filters.addWidget(combo)
            combo.currentIndexChanged.connect(self.apply_filters)
        filters.addWidget(self.site)
        self.site.editingFinished.connect(self.apply_filters)
        self.fingerprint_chip = QPushButton()
        self.fingerprint_chip.setObjectName("fingerprintChip")
        self.fingerprint_chip.setToolTip(
            "Showing only the incidents with this fingerprint; click to show all"
        )
        self.fingerprint_chip.clicked.connect(self.clear_fingerprint)
        self.fingerprint_chip.hide()
        filters.addWidget(self.fingerprint_chip)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        filters.addWidget(self.count_label)
        outer.addLayout(filters)

        saved = QHBoxLayout()
        saved.setSpacing(8)
        self.saved_combo = QComboBox()
        self.saved_combo.setObjectName("savedFilters")
        self.saved_combo.setMinimumWidth(200)
        self.saved_combo.activated.connect(self._saved_chosen)
        self.save_filter_button = QPushButton("Save filter…")
        self.save_filter_button.setObjectName("saveFilter")
        self.save_filter_button.clicked.connect(self._save_filter_dialog)
        self.delete_filter_button = QPushButton("Delete saved filter")
        self.delete_filter_button.setObjectName("deleteFilter")
        self.delete_filter_button.clicked.connect(self._delete_saved_filter)
        saved.addWidget(self.record_type)
        saved.addWidget(self.saved_combo)
        saved.addWidget(self.save_filter_button)
        saved.addWidget(self.delete_filter_button)
        saved.addStretch(1)
        keys = QLabel("↑↓ move · Enter details · Ctrl+Enter mark reviewed · Ctrl+F search · Esc back to list")
        keys.setObjectName("reviewSubtitle")
        saved.addWidget(keys)
        outer.addLayout(saved)
        outer.addWidget(self.chart)

        self.table = QTableView()
        self.table.setObjectName("incidentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        for column, width in enumerate((114, 70, 140, 160, 58, 106, 100, 76, 78)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._sort)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda index: self.open_detail())  # Enter (and double-click)

        self.detail = QTextBrowser()
        self.detail.setObjectName("incidentDetail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link_clicked)
        self.note = QPlainTextEdit()
        self.note.setObjectName("reviewNote")
        self.note.setPlaceholderText("Review note (what you concluded)")
        self.note.setMaximumHeight(70)
        self.mark_button = QPushButton("Mark reviewed")
        self.mark_button.setObjectName("markReviewed")
        self.mark_button.setToolTip("Marks every selected incident reviewed, with the note (Ctrl+Enter)")
        self.mark_button.setEnabled(False)
        self.mark_button.clicked.connect(lambda: self.mark_reviewed())
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
        splitter.setSizes([880, 380])
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        for keys in MARK_REVIEWED_KEYS:
            QShortcut(QKeySequence(keys), self, lambda: self.mark_reviewed())
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.detail, self.table.setFocus)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        search_back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.site, self.table.setFocus)
        search_back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- palette -----------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._theming:
            self._apply_theme()

    def _apply_theme(self) -> None:
        """Colours from the current palette: the table's accents, the detail pane's HTML, the chart."""
        self._theming = True
        try:
            self.theme = theme_for(self.palette())
            self.setStyleSheet(style_sheet(self.theme))
            self.model.set_theme(self.theme)
            self.chart.update()
            self._render_detail()
        finally:
            self._theming = False

    def _render_detail(self) -> None:
        if self.current is None:
            self.detail.setHtml(
                f"<p style='color:{self.theme.muted.name()}'>Select an incident to see its details "
                "(Enter). Select several to mark them reviewed at once.</p>"
            )
            return
        self.detail.setHtml(incident_html(self.current, self.recurrences, self.history, self.theme))

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

    def sort_by_severity(self) -> None:
        """Worst first (the header click does the same)."""
        self.table.horizontalHeader().setSortIndicator(SEVERITY_COLUMN, Qt.SortOrder.DescendingOrder)

    # -- filters, chart, counts --------------------------------------------------------------------

    def filter_state(self) -> FilterState:
        """The filter bar as plain data (what saved filters keep)."""
        category, action, decision, outcome, source = (
            c.currentData()
            for c in (self.category, self.action, self.decision, self.outcome, self.source_filter)
        )
        # Qt keeps combo data as plain strings: the enums are rebuilt here.
        return FilterState(
            period_days=self.period.currentData(),
            category=Category(category) if category else None,
            action=Action(action) if action else None,
            decision=UserDecision(decision) if decision else None,
            outcome=Outcome(outcome) if outcome else None,
            source=Source(source) if source else None,
            reviewed=self.reviewed.currentData(),
            record_type=RecordType(record_type) if (record_type := self.record_type.currentData()) else None,
            search=self.site.text().strip(),
            fingerprint=self.fingerprint,
        )

    def set_filter_state(self, state: FilterState) -> None:
        """Puts `state` in the filter bar and reloads once."""
        widgets = (*self.combos, self.site)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if state.period_days is not None and self.period.findData(state.period_days) < 0:
                self.period.addItem(f"Last {state.period_days} days", state.period_days)
            for combo, value in (
                (self.period, state.period_days),
                (self.category, state.category),
                (self.action, state.action),
                (self.decision, state.decision),
                (self.outcome, state.outcome),
                (self.source_filter, state.source),
                (self.reviewed, state.reviewed),
                (self.record_type, state.record_type),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            self.site.setText(state.search)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.fingerprint = state.fingerprint
        self.apply_filters()

    def current_filter(self) -> IncidentFilter:
        return self.filter_state().to_filter(self.clock())

    def apply_filters(self) -> None:
        flt = self.current_filter()
        if self.fingerprint:
            self.fingerprint_chip.setText(f"Fingerprint {self.fingerprint[:12]}…  ✕")
        self.fingerprint_chip.setVisible(self.fingerprint is not None)
        self.model.set_filter(flt)
        self._load_chart(flt)
        if self.summary is not None and self.summary.isVisible():
            self._load_summary(flt)

    def filter_by_fingerprint(self, fingerprint: str) -> None:
        """The incidents carrying one fingerprint (from "seen in N incidents"), whatever else is chosen."""
        if not _HEX64.match(fingerprint):
            return
        self.set_filter_state(FilterState(fingerprint=fingerprint))

    def clear_fingerprint(self) -> None:
        self.fingerprint = None
        self.apply_filters()

    def focus_search(self) -> None:
        self.site.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.site.selectAll()

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == FINGERPRINT_SCHEME:
            self.filter_by_fingerprint(url.path())

    def _load_chart(self, flt: IncidentFilter) -> None:
        self._chart_request += 1
        request = self._chart_request
        self.chart.loading = True
        store = self.source.store

        def work() -> object:
            interval = Interval.DAY
            rows = store.stats(StatsBy.CATEGORY, flt, interval)
            if len({r.bucket for r in rows}) > MAX_BARS:
                interval = Interval.WEEK
                rows = store.stats(StatsBy.CATEGORY, flt, interval)
            detections = replace(flt, kinds=(RecordKind.DETECTION,))
            return chart_series(rows, store.count(detections)), interval.value

        def done(result: object) -> None:
            if request == self._chart_request:
                series, interval = result  # type: ignore[misc]
                self.chart.set_series(series, interval)

        self.background.run(work, done)

    def _after_reload(self) -> None:
        self.current = None
        self.history = []
        self.recurrences = None
        self._render_detail()
        self._update_mark_button()

    def _count_changed(self, *args: object) -> None:
        shown, total = len(self.model.rows), self.model.total
        self.count_label.setText(
            f"{total:,} incidents" if shown >= total else f"showing {shown:,} of {total:,} incidents"
        )

    # -- saved filters -----------------------------------------------------------------------------

    def _reload_saved_filters(self, select: str | None = None) -> None:
        self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        self.saved_combo.addItem("Saved filters…", None)
        for entry in self.saved.load():
            self.saved_combo.addItem(entry.name, entry.name)
        if select is not None:
            self.saved_combo.setCurrentIndex(max(0, self.saved_combo.findData(select)))
        self.saved_combo.blockSignals(False)
        self.delete_filter_button.setEnabled(self.saved_combo.count() > 1)

    def save_filter(self, name: str) -> None:
        """Keeps the current filter bar under `name` (a name already used is replaced)."""
        if not name.strip():
            return
        self.saved.save(name, self.filter_state())
        self._reload_saved_filters(select=name.strip())
        self.statusBar().showMessage(f"Saved filter “{name.strip()}”", 5_000)

    def apply_saved_filter(self, name: str) -> bool:
        entry = next((f for f in self.saved.load() if f.name == name), None)
        if entry is None:
            return False
        self.set_filter_state(entry.state)
        return True

    def _saved_chosen(self, index: int) -> None:
        name = self.saved_combo.itemData(index)
        if name:
            self.apply_saved_filter(name)

    def _save_filter_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, "Save filter", "Name for the current filter:")
        if ok:
            self.save_filter(name)

    def _delete_saved_filter(self) -> None:
        name = self.saved_combo.currentData()
        if name:
            self.saved.delete(name)
            self._reload_saved_filters()

    # -- summary -----------------------------------------------------------------------------------

    def open_summary(self) -> SummaryDialog:
        if self.summary is None:
            self.summary = SummaryDialog(self.source, self, on_site=self.filter_by_site)
        self.summary.show()
        self.summary.raise_()
        self._load_summary(self.model.filter)
        return self.summary

    def _load_summary(self, flt: IncidentFilter) -> None:
        self._summary_request += 1
        request = self._summary_request
        source = self.source

        def work() -> object:
            return {by: summarise(source, flt, by) for by in SummaryBy}, visits_summary(source)

        def done(result: object) -> None:
            if request == self._summary_request and self.summary is not None:
                summaries, visits = result  # type: ignore[misc]
                for by, rows in summaries.items():
                    self.summary.show_rows(by, rows)
                self.summary.show_visits(visits)
                self.summary.setProperty("loaded", request)

        self.background.run(work, done)

    def filter_by_site(self, site: str) -> None:
        self.site.setText(site)
        self.apply_filters()

    # -- detail and review -------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.incident_id(r) for r in rows) if i is not None]

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        current = self.table.currentIndex()
        chosen = self.selected_ids()
        incident_id = self.model.incident_id(current.row()) if current.isValid() else None
        if incident_id not in chosen:
            incident_id = chosen[0] if chosen else None
        if incident_id is not None and (self.current is None or self.current.id != incident_id):
            self.show_incident(incident_id)
        self._update_mark_button()

    def _update_mark_button(self) -> None:
        chosen = self.selected_ids()
        if self.source.read_only:
            self.mark_button.setEnabled(False)
            return
        if len(chosen) > 1:
            self.mark_button.setText(f"Mark {len(chosen)} reviewed")
            self.mark_button.setEnabled(True)
            return
        self.mark_button.setText("Mark reviewed")
        self.mark_button.setEnabled(self.current is not None and self.current.reviewed_at is None)

    def open_detail(self) -> None:
        """Enter on a row: its detail, with the keyboard focus in it (Esc goes back to the table)."""
        index = self.table.currentIndex()
        incident_id = self.model.incident_id(index.row()) if index.isValid() else None
        if incident_id is None:
            return
        if self.current is None or self.current.id != incident_id:
            self.show_incident(incident_id)
        self.detail.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_incident(self, incident_id: str) -> None:
        item = self.source.store.get(incident_id)
        if item is None:
            return
        self.current = item
        self.history = self.source.store.annotations(item.id)  # by an index: a handful of rows
        self.recurrences = None
        self._render_detail()
        self._update_mark_button()
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
        if request == self._detail_request and self.current is not None and self.current.id == item.id:
            self.recurrences = counts
            self._render_detail()

    def _reviewer(self) -> str | None:
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return None

    def mark_reviewed(self, on_done: Callable[[int], None] | None = None) -> None:
        """Marks the selected incidents reviewed with the note: one at once, several on the pool."""
        if self.source.read_only:
            return
        chosen = self.selected_ids()
        if len(chosen) > 1:
            self._mark_many(chosen, on_done)
            return
        item = self.current
        if item is None or item.reviewed_at is not None:
            return
        updated = self.source.store.mark_reviewed(item.id, self.note.toPlainText(), reviewer=self._reviewer())
        self.current = updated
        self.history = self.source.store.annotations(updated.id)
        self.model.update_incident(updated)
        self._render_detail()
        self._update_mark_button()
        if on_done is not None:
            on_done(1)

    def _mark_many(self, ids: list[str], on_done: Callable[[int], None] | None) -> None:
        store, note, reviewer = self.source.store, self.note.toPlainText(), self._reviewer()
        self.mark_button.setEnabled(False)
        self.statusBar().showMessage(f"Marking {len(ids):,} incidents reviewed…")

        def work() -> object:
            done = []
            for incident_id in ids:
                item = store.get(incident_id)
                if item is not None and item.reviewed_at is None:
                    done.append(store.mark_reviewed(incident_id, note, reviewer=reviewer))
            return done

        def finished(result: object) -> None:
            updated: list[StoredIncident] = result  # type: ignore[assignment]
            for item in updated:
                self.model.update_incident(item)
                if self.current is not None and self.current.id == item.id:
                    self.current = item
                    self.history = store.annotations(item.id)
            self._render_detail()
            self._update_mark_button()
            self.statusBar().showMessage(f"Marked {len(updated):,} incidents reviewed", 10_000)
            if on_done is not None:
                on_done(len(updated))

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(f"Marking reviewed failed: {exc}", 10_000)
            self._update_mark_button()

        self.background.run(work, finished, failed)

    # -- export ------------------------------------------------------------------------------------

    def export_dialog(self, fmt: ExportFormat) -> None:
        suffix = fmt.suffix
        name, _ = QFileDialog.getSaveFileName(
            self, "Export incidents", str(Path.home() / f"dlpguard-incidents.{suffix}"), f"*.{suffix}"
        )
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: ExportFormat, on_done: Callable[[int], None] | None = None) -> None:
        """Writes the filtered view (oldest first) in the background; a bar says how many and where."""
        flt = self.model.filter
        path = path.resolve()
        self.statusBar().showMessage(f"Exporting to {path.name}…")

        def done(count: int) -> None:
            self.last_export = path
            message = f"Exported {count:,} incidents to {path}"
            self.export_label.setText(message)
            self.export_bar.show()
            self.statusBar().showMessage(message, 10_000)
            if on_done is not None:
                on_done(count)

        def failed(exc: Exception) -> None:
            self.export_label.setText(f"Export to {path} failed: {exc}")
            self.export_bar.show()
            self.statusBar().showMessage(f"Export failed: {exc}", 10_000)

        self.background.run(lambda: export_view(self.source, flt, path, fmt), done, failed)

    def show_export_folder(self) -> None:
        if self.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.parent)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._chart_request += 1  # late results are ignored
        self._detail_request += 1
        self._summary_request += 1
        if self.summary is not None:
            self.summary.close()
        super().closeEvent(event)
