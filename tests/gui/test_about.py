"""About: versions, the model and the policy version."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from dlpguard import __version__
from dlpguard.gui.about import AboutDialog, AboutInfo, versions


def test_about_shows_versions_model_and_policy(qtbot):
    dialog = AboutDialog(
        AboutInfo("en_core_web_sm 3.8.0 (verified)", 7, "/etc/dlpguard/policy.yaml", "/run/x")
    )
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in texts and "en_core_web_sm 3.8.0" in texts and "version 7" in texts
    names = [name for name, _ in versions()]
    assert names[:3] == ["DLP Guard", "Python", "Qt"]
