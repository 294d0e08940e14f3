"""Shows a `Notice`: a system-tray message where the platform has them, a small toast window otherwise.

Tray messages cannot carry buttons, so a notice with actions ("Restore original") always uses the
toast. One toast at a time: a new notice replaces the one on screen. Notices never hold a value.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from dlpguard.gui.icons import state_pixmap
from dlpguard.gui.notices import Level, Notice
from dlpguard.gui.state import TrayState

logger = logging.getLogger(__name__)

_ACCENT = {Level.INFO: "#2d7dd2", Level.WARNING: "#e08a00", Level.CRITICAL: "#d64545"}
_TRAY_ICON = {
    Level.INFO: QSystemTrayIcon.MessageIcon.Information,
    Level.WARNING: QSystemTrayIcon.MessageIcon.Warning,
    Level.CRITICAL: QSystemTrayIcon.MessageIcon.Critical,
}
_STATE_FOR_LEVEL = {
    Level.INFO: TrayState.PAUSED,
    Level.WARNING: TrayState.DEGRADED,
    Level.CRITICAL: TrayState.FAILED,
}
MARGIN = 16
WIDTH = 380


class Toast(QWidget):
    """A card in the screen's top-right corner: accent bar, shield, title, text, buttons."""

    actionTriggered = Signal(str)

    def __init__(self, notice: Notice) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(None, flags)
        self.notice = notice
        self.setObjectName("dlpguardToast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFixedWidth(WIDTH)
        self._accent = QColor(_ACCENT[notice.level])

        icon = QLabel()
        icon.setPixmap(state_pixmap(_STATE_FOR_LEVEL[notice.level], 36, dark_panel=False))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(notice.title)
        title.setObjectName("toastTitle")
        title.setStyleSheet("font-weight: 600; font-size: 11pt; color: #1f2933;")
        close = QPushButton("✕")
        close.setObjectName("toastClose")
        close.setFlat(True)
        close.setFixedSize(22, 22)
        close.setCursor(Qt.CursorShape.PointingHandCursor)
        close.setStyleSheet(
            "QPushButton { color: #7b8794; border: none; } QPushButton:hover { color: #1f2933; }"
        )
        close.clicked.connect(self.close)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        body = QLabel(notice.body)
        body.setObjectName("toastBody")
        body.setWordWrap(True)
        body.setStyleSheet("color: #3e4c59; font-size: 9.5pt;")
        body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addLayout(head)
        text.addWidget(body)
        if notice.actions:
            buttons = QHBoxLayout()
            buttons.addStretch(1)
            for action in notice.actions:
                button = QPushButton(action.label)
                button.setObjectName(f"toastAction_{action.key}")
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setStyleSheet(
                    f"QPushButton {{ background: {self._accent.name()}; color: white; border: none;"
                    " border-radius: 4px; padding: 5px 12px; font-weight: 600; }"
                    f"QPushButton:hover {{ background: {self._accent.darker(115).name()}; }}"
                )
                button.clicked.connect(lambda _=False, key=action.key: self._trigger(key))
                buttons.addWidget(button)
            text.addSpacing(6)
            text.addLayout(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 14, 12, 14)
        row.setSpacing(12)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.setStyleSheet("#dlpguardToast { background: #ffffff; }")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.close)
        if notice.timeout_ms > 0:
            self._timer.start(notice.timeout_ms)

    def _trigger(self, key: str) -> None:
        self.actionTriggered.emit(key)
        self.close()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.fillRect(0, 0, 5, self.height(), self._accent)
        painter.setPen(QPen(QColor("#cbd2d9"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def place(self) -> None:
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.move(area.right() - self.width() - MARGIN, area.top() + MARGIN)


class Notifier(QObject):
    """Routes notices; `actionTriggered(key)` reports a toast button (e.g. "restore")."""

    actionTriggered = Signal(str)
    shown = Signal(object)  # the Notice, for tests and the log

    def __init__(self, tray: QSystemTrayIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.enabled = True
        self.toast: Toast | None = None

    def notify(self, notice: Notice) -> None:
        if not self.enabled:
            return
        logger.info("notice: %s", notice.title)
        tray = self.tray
        if (
            tray is not None
            and not notice.actions
            and tray.isVisible()
            and QSystemTrayIcon.supportsMessages()
        ):
            tray.showMessage(notice.title, notice.body, _TRAY_ICON[notice.level], notice.timeout_ms)
        else:
            self._show_toast(notice)
        self.shown.emit(notice)

    def _show_toast(self, notice: Notice) -> None:
        if self.toast is not None:
            self.toast.close()
        toast = Toast(notice)
        toast.actionTriggered.connect(self.actionTriggered)
        toast.destroyed.connect(lambda *_: self._forget(toast))
        toast.place()
        toast.show()
        self.toast = toast

    def _forget(self, toast: Toast) -> None:
        if self.toast is toast:
            self.toast = None
