"""Asks why the user wants the original clipboard back, where the policy wants a justification.

The same rule as the browser's "send anyway": at least `min_justification_chars` characters, recorded
with the `restored` decision for the administrator. Not modal, so the tray stays usable; the app closes
it when the restore window ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlpguard.gui.icons import app_icon


class RestoreJustificationDialog(QWidget):
    """Emits `justified(text)` once the text is long enough and the user confirms."""

    justified = Signal(str)

    def __init__(self, min_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.min_chars = min_chars
        self.setWindowTitle("DLP Guard — Restore original clipboard")
        self.setWindowIcon(app_icon())
        self.setObjectName("restoreJustification")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per restore on offer
        self.resize(460, 220)
        intro = QLabel(
            "The original contains what your organisation's policy masks. Say why you need it back "
            f"(at least {min_chars} characters). This is recorded for your administrator."
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("restoreReason")
        self.text.setPlaceholderText("e.g. the ticket number or the reason")
        self.text.textChanged.connect(self._changed)
        self.count = QLabel("")
        self.count.setObjectName("restoreCount")
        self.count.setStyleSheet("color: #7b8794;")
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton = buttons.addButton(
            "Restore original", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreConfirm")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._changed()

    @property
    def enough(self) -> bool:
        return len(self.text.toPlainText().strip()) >= self.min_chars

    def _changed(self) -> None:
        given = len(self.text.toPlainText().strip())
        self.restore_button.setEnabled(self.enough)
        self.count.setText(f"{given} / {self.min_chars} characters")

    def confirm(self) -> bool:
        if not self.enough:
            return False
        self.justified.emit(self.text.toPlainText().strip())
        self.close()
        return True
