""" "Check text…": paste text, see the findings highlighted in place and the masked result.

For learning what the guard will do before it matters: nothing typed here is logged or sent. The
scan runs on the worker pool a moment after typing stops; a result for older text is dropped, and
while one check runs a newer one waits for it (a big text is not scanned twice at once).
Highlights convert the engine's code-point offsets to Qt's UTF-16 positions (emoji count twice).

Any size is checked the way the pipeline checks a big paste: patterns over the whole text, NER over a
bounded part of its prose (the engine's budgets; past `limits.max_scan_chars`, patterns only), and the
window says how much was read for names and places (`coverage_text`). The verdict is at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlpguard.bridge.utf16 import Utf16Offsets
from dlpguard.engine.filters import ignored_test_values_line
from dlpguard.engine.types import Action, ScanContext
from dlpguard.guard.pipeline import Assessment, assess
from dlpguard.guard.services import GuardServices
from dlpguard.gui.icons import CATEGORY_COLOURS, app_icon, category_swatch
from dlpguard.gui.notices import category_label, entity_label
from dlpguard.gui.worker import Background

DEBOUNCE_MS = 350

_VERDICT_TEXT = {
    Action.ALLOW: ("#1f9d55", "Nothing sensitive found: this would go through."),
    Action.AUDIT: ("#52606d", "This would go through and be recorded."),
    Action.WARN: ("#b7791f", "On an AI site you would be warned and asked to confirm."),
    Action.MASK: ("#b7791f", "On an AI site this would be masked before sending."),
    Action.BLOCK: ("#c53030", "On an AI site this would be blocked."),
}


@dataclass(frozen=True)
class Highlight:
    start: int  # UTF-16 positions, as QTextCursor counts
    end: int
    category: str
    entity_type: str
    action: str


def highlights(assessment: Assessment) -> list[Highlight]:
    """One highlight per finding the policy acts on, in Qt positions."""
    offsets = Utf16Offsets(assessment.text)
    return [
        Highlight(
            offsets.to_utf16(d.finding.start),
            offsets.to_utf16(d.finding.end),
            d.finding.category.value,
            d.finding.entity_type,
            d.action.value,
        )
        for d in assessment.verdict.decisions
        if d.action is not Action.ALLOW
    ]


def coverage_text(assessment: Assessment) -> str:
    """What was not read for names and places, in words; "" when NER read all of it. Secrets, cards and
    IDs are found by patterns over the whole text either way."""
    result = assessment.result
    if result is None:
        return ""
    stats = result.stats
    total = assessment.truncated_from or len(assessment.text)
    if stats.ner_skipped_chars and not stats.ner_chars:  # past limits.max_scan_chars: patterns only
        return (
            f"Very large text: names and places were not looked for; all {total:,} characters were "
            "checked by patterns only (secrets, cards, IDs and contact details)."
        )
    if stats.ner_pending:
        return "Names and places not checked yet: the name model is still loading. Check again in a moment."
    if result.model.mode != "ner":
        return (
            "Names and places were not checked: the name model is not in use here "
            f"({result.model.reason or 'pattern-only'}). Everything else was checked by patterns."
        )
    if stats.ner_skipped_chars:
        read = stats.ner_chars
        return (
            f"Large text: names and places were looked for in {read:,} characters of its prose; "
            f"{stats.ner_skipped_chars:,} of the {total:,} characters were checked by patterns only "
            "(secrets, cards, IDs and contact details are found everywhere)."
        )
    return ""


def ignored_text(assessment: Assessment) -> str:
    """The line for published test values set aside, `Ignored: 1 known test value (e.g. card test
    number)`, never the value; "" when there were none. Without it a pasted 4111… that raises nothing
    looks like a failure."""
    result = assessment.result
    return (ignored_test_values_line(result.known_test_values) or "") if result is not None else ""


class CheckTextWindow(QWidget):
    checked = Signal(object)  # the Assessment shown

    def __init__(
        self, services: GuardServices, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.background = background
        self.assessment: Assessment | None = None
        self._generation = 0
        self._running = False  # a check is on the pool; a newer one waits for it (`_again`)
        self._again = False
        self.setWindowTitle("DLP Guard — Check text")
        self.setWindowIcon(app_icon())
        self.resize(980, 640)
        self.setStyleSheet(
            "QWidget#checkText { background: #f5f7fa; }"
            "QPlainTextEdit, QTreeWidget { background: #ffffff; border: 1px solid #e4e7eb; }"
        )
        self.setObjectName("checkText")

        intro = QLabel(
            "Paste or type text to see what DLP Guard finds and what it would do. "
            "Nothing here is logged or sent anywhere."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #52606d;")
        self.input = QPlainTextEdit()
        self.input.setObjectName("checkInput")
        self.input.setPlaceholderText("Paste text here…")
        self.input.textChanged.connect(self._schedule)
        self.verdict = QLabel("")
        self.verdict.setObjectName("checkVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600; padding: 6px 0;")
        self.coverage = QLabel("")
        self.coverage.setObjectName("checkCoverage")
        self.coverage.setWordWrap(True)
        self.coverage.setStyleSheet("color: #52606d;")
        self.coverage.hide()
        self.ignored = QLabel("")
        self.ignored.setObjectName("checkIgnored")
        self.ignored.setStyleSheet("color: #7b8794; font-size: small;")
        self.ignored.hide()
        self.findings = QTreeWidget()
        self.findings.setObjectName("checkFindings")
        self.findings.setHeaderLabels(["Category", "Type", "Action"])
        self.findings.setRootIsDecorated(False)
        self.findings.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.masked = QPlainTextEdit()
        self.masked.setObjectName("checkMasked")
        self.masked.setReadOnly(True)
        self.masked.setPlaceholderText("The masked text appears here when something would be masked.")
        self.copy_masked = QPushButton("Copy masked text")
        self.copy_masked.setObjectName("checkCopyMasked")
        self.copy_masked.setToolTip("Puts the masked result on the clipboard, to paste where you need it.")
        self.copy_masked.setEnabled(False)
        self.copy_masked.clicked.connect(self.copy_masked_text)

        left = QVBoxLayout()
        left.addWidget(self.input, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Findings</b>"))
        right.addWidget(self.findings, 2)
        right.addWidget(QLabel("<b>Masked result</b>"))
        right.addWidget(self.masked, 3)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_masked)
        right.addLayout(copy_row)
        left_widget, right_widget = QWidget(), QWidget()
        left_widget.setLayout(left)
        right_widget.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setSizes([560, 420])
        # The verdict first, above the findings: what would happen is the answer the user came for.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(intro)
        layout.addWidget(self.verdict)
        layout.addWidget(self.coverage)
        layout.addWidget(self.ignored)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)

    def _schedule(self) -> None:
        self._generation += 1
        self._timer.start()

    def check_now(self) -> None:
        self._timer.stop()
        generation = self._generation
        text = self.input.toPlainText()
        if not text.strip():
            self._show_empty()
            return
        if self._running:  # one check at a time: this one follows when the running one is back
            self._again = True
            return
        context = ScanContext(source="check", event="check")
        self.verdict.setText("Checking…")
        self._running = True
        self.background.run(
            lambda: assess(
                self.services,
                text,
                context,
                conversation_id="check-text",
                patterns_above_limit=True,
            ),
            lambda a: self._finished(lambda: self._show(generation, a)),
            lambda exc: self._finished(
                lambda: self.verdict.setText(f"Could not check: {type(exc).__name__}")
            ),
        )

    def _finished(self, show: Callable[[], None]) -> None:
        self._running = False
        show()
        if self._again:
            self._again = False
            self.check_now()

    def copy_masked_text(self) -> bool:
        """The masked result onto the clipboard (the guard reads it as its own app's write)."""
        assessment = self.assessment
        if assessment is None or assessment.masked is None:
            return False
        QGuiApplication.clipboard().setText(assessment.masked.text)
        return True

    def _show_empty(self) -> None:
        self.assessment = None
        self.input.setExtraSelections([])
        self.findings.clear()
        self.masked.clear()
        self.copy_masked.setEnabled(False)
        self.verdict.setText("")
        self.coverage.clear()
        self.coverage.hide()
        self.ignored.clear()
        self.ignored.hide()

    def _show(self, generation: int, assessment: Assessment) -> None:
        if generation != self._generation:
            return  # typed on since: a newer check follows
        self.assessment = assessment
        marks = highlights(assessment)
        selections = []
        for mark in marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.input.document())
            cursor.setPosition(mark.start)
            cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            colour = QColor(CATEGORY_COLOURS.get(mark.category, "#7b8794"))
            background = QColor(colour)
            background.setAlpha(60)
            fmt.setBackground(background)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            fmt.setToolTip(
                f"{category_label(mark.category)}: {entity_label(mark.entity_type)} ({mark.action})"
            )
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)
        self.input.setExtraSelections(selections)
        self.findings.clear()
        for mark in marks:
            item = QTreeWidgetItem(
                [category_label(mark.category), entity_label(mark.entity_type), mark.action]
            )
            item.setIcon(0, category_swatch(mark.category))
            self.findings.addTopLevelItem(item)
        self.masked.setPlainText(assessment.masked.text if assessment.masked else "")
        self.copy_masked.setEnabled(assessment.masked is not None)
        colour, text = _VERDICT_TEXT[assessment.verdict.action]
        if assessment.truncated_from:
            text += f" (only the first {len(assessment.text):,} characters were checked)"
        self.verdict.setText(text)
        coverage = coverage_text(assessment)
        self.coverage.setText(coverage)
        self.coverage.setVisible(bool(coverage))
        ignored = ignored_text(assessment)
        self.ignored.setText(ignored)
        self.ignored.setVisible(bool(ignored))
        self.verdict.setStyleSheet(f"font-weight: 600; padding: 6px 0; color: {colour};")
        self.checked.emit(assessment)
