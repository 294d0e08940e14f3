"""A small status window for desktops without a system tray (some Linux desktops, bare X sessions).

Without it the app would run with nothing on screen: no status, no way to pause, restore the clipboard
or open the review and Check-text windows. It shows what the tray menu would (`Tray.items`): the
status line with its shield, then one button per menu entry, and follows every redraw of the menu.
Closing it only hides it; `dlpguard gui` brings it back.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dlpguard.gui.icons import app_icon
from dlpguard.gui.tray import Tray


class StatusWindow(QWidget):
    actionTriggered = Signal(str)  # a MenuAction value, as the tray menu reports it

    def __init__(self, tray: Tray, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.tray = tray
        self.setWindowTitle("DLP Guard")
        self.setWindowIcon(app_icon())
        self.setObjectName("statusWindow")
        self.setMinimumWidth(360)
        self.icon = QLabel()
        self.headline = QLabel()
        self.headline.setObjectName("statusHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        head = QHBoxLayout()
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.headline, 1)
        self.note = QLabel(
            "No system tray on this desktop: DLP Guard runs here instead. Closing this window does not "
            "stop it."
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7b8794; font-size: 9pt;")
        self.buttons = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.buttons)
        layout.addWidget(self.note)
        self.entries: dict[str, QPushButton] = {}
        tray.rendered.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Redraws from the tray's last menu: the same entries, in the same order."""
        status = self.tray.status
        self.icon.setPixmap(self.tray.state_icon().pixmap(32, 32))
        lines = status.menu_lines if status else ()
        headline = status.headline if status else "Starting…"
        self.headline.setText(
            f"<b>{html.escape(headline)}</b>"
            + "".join(f"<br><span style='color:#7b8794'>{html.escape(line)}</span>" for line in lines)
        )
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.entries = {}
        for entry in self.tray.items:
            if entry.action is None:
                continue  # the status line, drawn above
            button = QPushButton(entry.label)
            button.setObjectName(f"status_{entry.action.value}")
            button.setEnabled(entry.enabled)
            button.clicked.connect(lambda _=False, key=entry.action.value: self.actionTriggered.emit(key))
            self.buttons.addWidget(button)
            self.entries[entry.action.value] = button
