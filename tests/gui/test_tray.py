"""The tray shell: the menu mirrors the state machine and reports clicks."""

from __future__ import annotations

from dlpguard.gui.state import EngineLoaded, EngineMode, Facts, MenuAction, PolicyChanged, reduce
from dlpguard.gui.tray import Tray

NOW = 1_750_000_000.0


def test_the_menu_is_built_from_the_state_and_clicks_are_reported(qtbot):
    tray = Tray(available=False, clock=lambda: NOW)
    facts = reduce(
        reduce(Facts(), PolicyChanged("admin", 3, allows_pause=True)), EngineLoaded(EngineMode.NER)
    )
    status = tray.render(facts)
    labels = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert labels[0] == status.headline == "Protected"
    assert "Pause protection for 15 minutes" in labels and "Quit DLP Guard" not in labels
    with qtbot.waitSignal(tray.actionTriggered) as clicked:
        assert tray.trigger(MenuAction.PAUSE_60)
    assert clicked.args == ["pause_60"]
    assert not tray.trigger(MenuAction.QUIT)  # not offered


def test_without_a_system_tray_there_is_no_icon_but_a_menu(qtbot):
    tray = Tray(available=False, clock=lambda: NOW)
    tray.render(Facts())
    assert tray.icon is None and tray.menu.actions()
    tray.show()
    tray.hide()  # no-ops without a tray
