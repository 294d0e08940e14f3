"""The policy in force, read-only: where it came from, its signature, and every value with its origin.

The same data as `dlpguard policy show --effective`, for people who do not use a terminal.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlpguard.gui.icons import app_icon
from dlpguard.policy.layers import Layer
from dlpguard.policy.loader import format_key
from dlpguard.policy.resolve import LoadedPolicy
from dlpguard.policy.watcher import PolicyStatus

_LAYER_TEXT = {Layer.DEFAULT: "built-in", Layer.ADMIN: "administrator", Layer.USER: "your preferences"}


def _brief(value: Any) -> str:
    if isinstance(value, list) and len(value) > 8:
        return f"[{len(value)} items]"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def policy_rows(loaded: LoadedPolicy) -> list[tuple[str, str, str]]:
    """(key, value, where it came from) for every value in force."""
    rows = []
    for loc, value, origin in loaded.effective.values():
        where = _LAYER_TEXT.get(origin.layer, origin.layer.value)
        if origin.layer is not Layer.DEFAULT:
            where += f" ({origin.source}{f':{origin.line}' if origin.line else ''})"
        rows.append((format_key(loc), _brief(value), where))
    return rows


class PolicyWindow(QDialog):
    def __init__(
        self, loaded: LoadedPolicy, status: PolicyStatus | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("DLP Guard — Policy in force")
        self.setWindowIcon(app_icon())
        self.resize(820, 620)
        policy = loaded.effective.policy
        summary = QFormLayout()
        source = (
            str(loaded.admin_path)
            if loaded.admin_path
            else "built-in default (no administrator policy installed)"
        )
        summary.addRow("Source:", QLabel(source))
        summary.addRow("Version:", QLabel(str(policy.version) + (f" — {policy.name}" if policy.name else "")))
        summary.addRow(
            "Signature:", QLabel(loaded.signature.describe() if loaded.signature else "not applicable")
        )
        if status is not None:
            state = QLabel(status.describe())
            state.setWordWrap(True)
            summary.addRow("Status:", state)
        self.refusal: QLabel | None = None
        if status is not None and status.error:
            # The tray menu only says the policy was refused; the admin's full message, line by line
            # and selectable for a support ticket, is here.
            self.refusal = QLabel(status.error)
            self.refusal.setObjectName("policyRefusal")
            self.refusal.setWordWrap(True)
            self.refusal.setTextFormat(Qt.TextFormat.PlainText)
            self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            summary.addRow("Why refused:", self.refusal)
        mode = "simulation (detect and record only)" if policy.simulation else "enforcing"
        summary.addRow("Mode:", QLabel(mode))
        summary.addRow("Clipboard:", QLabel(policy.clipboard.mode.value))
        for note in loaded.notes:
            label = QLabel(note)
            label.setWordWrap(True)
            summary.addRow("Note:", label)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter settings…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("policyValues")
        self.tree.setHeaderLabels(["Setting", "Value", "From"])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for key, value, where in policy_rows(loaded):
            item = QTreeWidgetItem([key, value, where])
            item.setToolTip(1, value)
            self.tree.addTopLevelItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(summary)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hit = not needle or any(needle in item.text(c).casefold() for c in range(3))
            item.setHidden(not hit)
