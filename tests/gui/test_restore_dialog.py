"""Asking why the original clipboard is needed: the policy's minimum, the user's own words."""

from __future__ import annotations

from dlpguard.gui.restore_dialog import RestoreJustificationDialog


def test_the_restore_is_confirmed_only_with_a_justification_of_the_policys_length(qtbot):
    dialog = RestoreJustificationDialog(10)
    qtbot.addWidget(dialog)
    given: list[str] = []
    dialog.justified.connect(given.append)
    assert not dialog.restore_button.isEnabled() and dialog.count.text() == "0 / 10 characters"
    dialog.text.setPlainText("   short   ")  # spaces do not count
    assert not dialog.restore_button.isEnabled() and not dialog.confirm() and given == []
    dialog.text.setPlainText("  ticket 4711, approved  ")
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert given == ["ticket 4711, approved"]
