"""The tray shell: the menu mirrors the state machine and reports clicks."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidgetAction

from dlpguard.gui.state import EngineLoaded, EngineMode, Facts, MenuAction, PolicyChanged, TrayState, reduce
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


def header_text(tray: Tray) -> QLabel:
    header = tray.menu.actions()[0]
    assert isinstance(header, QWidgetAction)
    labels = header.defaultWidget().findChildren(QLabel)
    return next(label for label in labels if label.text())


def test_a_refused_policy_is_one_short_sentence_in_the_menu(qtbot):
    error = (
        "/etc/dlpguard/policy.yaml: rules.categories.secrett: unknown key (expected one of secret, "
        "financial, government_id, contact, person, location, network, health, custom)"
    )
    tray = Tray(available=False, clock=lambda: NOW)
    protected = reduce(Facts(), EngineLoaded(EngineMode.NER))
    tray.render(protected)
    narrow = tray.menu.sizeHint().width()
    tray.render(reduce(protected, PolicyChanged("rejected", 8, error, kept="the built-in default policy")))
    text = header_text(tray).text()
    assert "Admin policy refused" in text and "Using the built-in default policy" in text
    assert "Details in the policy window" in text and "secrett" not in text
    assert tray.menu.sizeHint().width() < max(narrow * 2, 480)  # the raw error made it ~900 px
    assert "secrett: unknown key" in tray.status.tooltip  # the hover still names the key


def test_audit_only_has_its_own_line_and_icon(qtbot):
    tray = Tray(available=False, clock=lambda: NOW)
    protected = reduce(Facts(), EngineLoaded(EngineMode.NER))
    tray.render(protected)
    green = tray.state_icon().pixmap(32, 32).toImage()
    status = tray.render(reduce(protected, PolicyChanged("admin", 3, simulation=True)))
    assert status.state is TrayState.AUDIT_ONLY
    assert "Audit only — nothing is blocked" in header_text(tray).text()
    assert tray.state_icon().pixmap(32, 32).toImage() != green
