"""About: versions of DLP Guard and what it runs on, the model in use and the policy version."""

from __future__ import annotations

import importlib.metadata
import platform
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dlpguard import __version__
from dlpguard.gui.icons import app_icon, state_pixmap
from dlpguard.gui.state import TrayState


@dataclass(frozen=True)
class AboutInfo:
    model: str  # "en_core_web_sm 3.8.0 (verified)" or "none: pattern-only (reason)"
    policy_version: int
    policy_source: str
    bridge: str  # where browsers reach the app, or why they cannot


def versions() -> list[tuple[str, str]]:
    out = [("DLP Guard", __version__), ("Python", platform.python_version())]
    out.append(("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"))
    for name in ("spacy", "presidio-analyzer"):
        try:
            out.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            out.append((name, "not installed"))
    return out


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About DLP Guard")
        self.setWindowIcon(app_icon())
        logo = QLabel()
        logo.setPixmap(state_pixmap(TrayState.PROTECTED, 64, dark_panel=False))
        title = QLabel(f"<b style='font-size:15pt'>DLP Guard</b><br>version {__version__}")
        blurb = QLabel(
            "Keeps secrets and personal data out of AI chats: browsers, desktop apps and the clipboard."
        )
        blurb.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        head.addLayout(text, 1)
        form = QFormLayout()
        for name, version in versions():
            form.addRow(f"{name}:", QLabel(version))
        form.addRow("Model:", QLabel(info.model))
        form.addRow("Policy:", QLabel(f"version {info.policy_version} ({info.policy_source})"))
        bridge = QLabel(info.bridge)
        bridge.setWordWrap(True)
        form.addRow("Browsers:", bridge)
        for i in range(form.rowCount()):
            field = form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if field is not None and isinstance(field.widget(), QLabel):
                field.widget().setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
