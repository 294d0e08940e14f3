"""The status window that stands in for a missing tray icon: the menu's entries as buttons, kept current."""

from __future__ import annotations

from dlpguard.gui.state import EngineLoaded, EngineMode, Facts, PolicyChanged, reduce
from dlpguard.gui.status_window import StatusWindow
from dlpguard.gui.tray import Tray

NOW = 1_750_000_000.0


def facts() -> Facts:
    return reduce(reduce(Facts(), PolicyChanged("admin", 3, allows_pause=True)), EngineLoaded(EngineMode.NER))


def test_the_status_window_shows_the_menus_status_line_and_entries_and_reports_clicks(qtbot):
    tray = Tray(available=False, clock=lambda: NOW)
    tray.render(facts())
    window = StatusWindow(tray)
    qtbot.addWidget(window)
    assert "Protected" in window.headline.text()
    labels = [button.text() for button in window.entries.values()]
    assert labels == [item.label for item in tray.items if item.action is not None]
    with qtbot.waitSignal(window.actionTriggered) as clicked:
        window.entries["pause_15"].click()
    assert clicked.args == ["pause_15"]


def test_the_status_window_follows_every_redraw_of_the_menu(qtbot):
    tray = Tray(available=False, clock=lambda: NOW)
    tray.render(facts())
    window = StatusWindow(tray)
    qtbot.addWidget(window)
    assert "restore_clipboard" not in window.entries
    tray.render(facts(), restore_available=True, restore_seconds_left=37)
    assert window.entries["restore_clipboard"].text() == "Restore original clipboard (37 s left)"
    tray.render(facts())  # the restore window ended
    assert "restore_clipboard" not in window.entries
