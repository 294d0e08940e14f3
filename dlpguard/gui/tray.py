"""The tray icon and its menu: draws what `state.tray_status` / `state.menu_items` say, reports clicks.

Without a system tray (some Linux desktops, headless sessions, Xvfb) the menu still exists, so the
status line and actions stay reachable from the single-instance socket and tests, and nothing else in
the app needs to know.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSystemTrayIcon, QWidget, QWidgetAction

from dlpguard.gui.icons import state_icon
from dlpguard.gui.state import Facts, MenuAction, MenuItem, TrayState, TrayStatus, menu_items, tray_status


class Tray(QObject):
    actionTriggered = Signal(str)  # a MenuAction value
    rendered = Signal()  # after every redraw (the no-tray status window follows the menu)

    def __init__(
        self,
        *,
        available: bool | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.clock = clock
        self.menu = QMenu()
        self.menu.setObjectName("dlpguardTrayMenu")
        self.icon: QSystemTrayIcon | None = QSystemTrayIcon(self) if self.available else None
        self.status: TrayStatus | None = None
        self.actions: dict[MenuAction, QAction] = {}
        self.items: tuple[MenuItem, ...] = ()
        self._state: TrayState | None = None
        self._last: tuple[Facts, bool, int | None] | None = None
        if self.icon is not None:
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            QGuiApplication.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def render(
        self, facts: Facts, *, restore_available: bool = False, restore_seconds_left: int | None = None
    ) -> TrayStatus:
        """Redraws the icon, tooltip and menu for `facts`; cheap, so callers redraw on every event."""
        self._last = (facts, restore_available, restore_seconds_left)
        now = self.clock()
        status = tray_status(facts, now)
        self.status = status
        if status.state is not self._state and self.icon is not None:
            self.icon.setIcon(state_icon(status.state))
        self._state = status.state
        if self.icon is not None:
            self.icon.setToolTip(status.tooltip)
        self._build_menu(facts, now, restore_available, restore_seconds_left)
        self.rendered.emit()
        return status

    def _scheme_changed(self, *_: object) -> None:
        """The desktop switched between light and dark: redraw the icon's outline for the new panel."""
        self._state = None
        if self._last is not None:
            facts, restore, seconds = self._last
            self.render(facts, restore_available=restore, restore_seconds_left=seconds)

    def state_icon(self) -> QIcon:
        return state_icon(self._state or TrayState.STARTING)

    def _build_menu(
        self, facts: Facts, now: float, restore_available: bool, restore_seconds_left: int | None
    ) -> None:
        self.menu.clear()
        self.actions = {}
        self.items = menu_items(
            facts, now, restore_available=restore_available, restore_seconds_left=restore_seconds_left
        )
        for item in self.items:
            if item.separator_before:
                self.menu.addSeparator()
            if item.action is None:
                self.menu.addAction(self._header(item.label))
                continue
            action = self.menu.addAction(item.label)
            action.setEnabled(item.enabled)
            self.actions[item.action] = action
            action.triggered.connect(lambda _=False, key=item.action.value: self.actionTriggered.emit(key))

    def _header(self, headline: str) -> QWidgetAction:
        """The status line: the state's shield, the headline, and up to two short lines beneath it."""
        details = self.status.menu_lines if self.status else ()
        widget = QWidget()
        row = QHBoxLayout(widget)
        row.setContentsMargins(12, 8, 16, 8)
        row.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(self.state_icon().pixmap(28, 28))
        text = QLabel(
            f"<b>{html.escape(headline)}</b>"
            + "".join(f"<br><span style='color:#7b8794'>{html.escape(d)}</span>" for d in details)
        )
        row.addWidget(icon)
        row.addWidget(text, 1)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(widget)
        action.setText(headline)  # a label, not a button: clicking it does nothing
        return action

    def trigger(self, action: MenuAction) -> bool:
        """Clicks a menu entry as a user would; False when the menu does not offer it."""
        entry = self.actions.get(action)
        if entry is None or not entry.isEnabled():
            return False
        entry.trigger()
        return True

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.actionTriggered.emit(MenuAction.REVIEW.value)
