"""The read-only policy window: every value in force, and where it came from."""

from __future__ import annotations

from dataclasses import replace

from dlpguard.gui.policy_view import PolicyWindow, policy_rows
from dlpguard.policy.resolve import PolicyState


def test_every_value_names_its_origin(policy_store, gui_env):
    rows = {key: (value, where) for key, value, where in policy_rows(policy_store.loaded)}
    value, where = rows["clipboard.mode"]
    assert value == "mask" and where.startswith("administrator (") and str(gui_env.policy_path) in where
    assert rows["override.allow"] == ("true", "built-in")
    assert rows["sites.groups.ai_chat.catalogue.services"][0] == "[\"*\"]"  # every catalogue service


def test_the_window_lists_and_filters_the_settings(qtbot, policy_store):
    window = PolicyWindow(policy_store.loaded, policy_store.status)
    qtbot.addWidget(window)
    total = window.tree.topLevelItemCount()
    assert total > 40
    window.search.setText("clipboard.")
    shown = [
        window.tree.topLevelItem(i).text(0)
        for i in range(total)
        if not window.tree.topLevelItem(i).isHidden()
    ]
    assert shown and all("clipboard." in key for key in shown)


def test_a_refused_policy_shows_the_whole_admin_error_here(qtbot, policy_store):
    error = "policy.yaml:3: rules.defualt: unknown key\npolicy.yaml:9: clipboard.mode: not one of the modes"
    refused = replace(policy_store.status, state=PolicyState.REJECTED, error=error)
    window = PolicyWindow(policy_store.loaded, refused)
    qtbot.addWidget(window)
    assert window.refusal is not None and window.refusal.text() == error  # every line, as the admin wrote it
    fine = PolicyWindow(policy_store.loaded, policy_store.status)
    qtbot.addWidget(fine)
    assert fine.refusal is None
