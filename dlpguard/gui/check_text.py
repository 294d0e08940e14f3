""" "Check text…": paste text, see the findings highlighted in place and the masked result.

For learning what the guard will do before it matters: nothing typed here is logged or sent. The
scan runs on the worker pool a moment after typing stops; a result for older text is dropped.
Highlights convert the engine's code-point offsets to Qt's UTF-16 positions (emoji count twice).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlpguard.bridge.utf16 import Utf16Offsets
from dlpguard.engine.types import Action, ScanContext
from dlpguard.guard.pipeline import Assessment, assess
from dlpguard.guard.services import GuardServices
from dlpguard.gui.icons import CATEGORY_COLOURS, app_icon, category_swatch
from dlpguard.gui.notices import category_label, entity_label
from dlpguard.gui.worker import Background

DEBOUNCE_MS = 350
MAX_CHECK_CHARS = 200_000

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
        self.findings = QTreeWidget()
        self.findings.setObjectName("checkFindings")
        self.findings.setHeaderLabels(["Category", "Type", "Action"])
        self.findings.setRootIsDecorated(False)
        self.findings.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.masked = QPlainTextEdit()
        self.masked.setObjectName("checkMasked")
        self.masked.setReadOnly(True)
        self.masked.setPlaceholderText("The masked text appears here when something would be masked.")

        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(self.input, 1)
        left.addWidget(self.verdict)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Findings</b>"))
        right.addWidget(self.findings, 2)
        right.addWidget(QLabel("<b>Masked result</b>"))
        right.addWidget(self.masked, 3)
        left_widget, right_widget = QWidget(), QWidget()
        left_widget.setLayout(left)
        right_widget.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setSizes([560, 420])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(splitter)

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
        context = ScanContext(source="check", event="check")
        self.verdict.setText("Checking…")
        self.background.run(
            lambda: assess(
                self.services, text, context, max_chars=MAX_CHECK_CHARS, conversation_id="check-text"
            ),
            lambda a: self._show(generation, a),
            lambda exc: self.verdict.setText(f"Could not check: {type(exc).__name__}"),
        )

    def _show_empty(self) -> None:
        self.assessment = None
        self.input.setExtraSelections([])
        self.findings.clear()
        self.masked.clear()
        self.verdict.setText("")

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
        colour, text = _VERDICT_TEXT[assessment.verdict.action]
        if assessment.truncated_from:
            text += f" (only the first {len(assessment.text):,} characters were checked)"
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"font-weight: 600; padding: 6px 0; color: {colour};")
        self.checked.emit(assessment)
