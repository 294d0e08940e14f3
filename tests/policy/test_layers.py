from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine.types import Action, Category
from dlpguard.policy.defaults import DEFAULT_SOURCE, default_document
from dlpguard.policy.layers import Layer, build_effective, merge_data
from dlpguard.policy.loader import PolicyValidationError, parse_document
from dlpguard.policy.schema import ClipboardMode


def doc(text: str, source: str):
    return parse_document(textwrap.dedent(text), source)


ADMIN = """\
    schema_version: 1
    version: 7
    simulation: true
    rules:
      categories:
        person: {action: audit}
    sites:
      groups:
        ai_chat:
          add: [chat.corp.example]
          remove: [poe.com]
    user_may_change: [notifications, clipboard.mode]
    """


def test_admin_values_override_the_default_and_say_where_they_came_from():
    eff = build_effective(doc(ADMIN, "/etc/dlpguard/policy.yaml"))
    assert eff.policy.version == 7 and eff.policy.simulation
    assert str(eff.origin(("simulation",))) == "admin: /etc/dlpguard/policy.yaml:3"
    assert eff.origin(("rules", "categories", "person", "action")).line == 6


def test_mappings_merge_key_by_key_so_unnamed_default_rules_survive():
    eff = build_effective(doc(ADMIN, "admin.yaml"))
    assert eff.policy.rules.categories[Category.PERSON].action is Action.AUDIT
    assert eff.policy.rules.categories[Category.SECRET].action is Action.BLOCK
    assert eff.origin(("rules", "categories", "secret", "action")).layer is Layer.DEFAULT
    assert eff.origin(("rules", "categories", "secret", "action")).source == DEFAULT_SOURCE


def test_admin_extends_and_trims_the_built_in_ai_chat_group():
    guarded = build_effective(doc(ADMIN, "admin.yaml")).policy.sites.guarded_patterns()
    assert "chat.corp.example" in guarded
    assert "poe.com" not in guarded
    assert "chatgpt.com" in guarded


def test_lists_replace_rather_than_append():
    eff = build_effective(
        doc(
            """\
            schema_version: 1
            version: 1
            sites:
              groups:
                internal: {domains: ["llm.corp.example"]}
              guarded: [internal]
            """,
            "admin.yaml",
        )
    )
    assert eff.policy.sites.guarded_patterns() == ("llm.corp.example",)
    assert eff.origin(("sites", "guarded")).layer is Layer.ADMIN


def test_values_no_layer_states_come_from_the_schema():
    eff = build_effective(doc(ADMIN, "admin.yaml"))
    origin = eff.origin(("incidents", "retention_days"))
    assert (origin.layer, origin.source) == (Layer.DEFAULT, "schema")


def test_every_leaf_value_is_listed_with_an_origin():
    values = {
        loc: (value, origin) for loc, value, origin in build_effective(doc(ADMIN, "admin.yaml")).values()
    }
    assert values[("version",)][0] == 7
    assert values[("version",)][1].layer is Layer.ADMIN
    assert values[("fail_mode",)] == ("closed", values[("fail_mode",)][1])
    assert values[("fail_mode",)][1].layer is Layer.DEFAULT


def test_user_preferences_apply_where_the_admin_allows():
    user = doc("notifications: {sound: true}\nclipboard: {mode: ignore}\n", "prefs.yaml")
    eff = build_effective(doc(ADMIN, "admin.yaml"), user)
    assert eff.policy.notifications.sound is True
    assert eff.policy.clipboard.mode is ClipboardMode.IGNORE
    assert str(eff.origin(("clipboard", "mode"))) == "user: prefs.yaml:2"
    assert eff.notes == ()


def test_user_preferences_outside_the_allowed_keys_are_ignored_with_a_note():
    user = doc(
        "simulation: false\nnotifications: {sound: true}\nclipboard: {restore_seconds: 5}\n", "prefs.yaml"
    )
    eff = build_effective(doc(ADMIN, "admin.yaml"), user)
    assert eff.policy.simulation is True
    assert eff.policy.clipboard.restore_seconds == 60
    assert eff.policy.notifications.sound is True
    assert len(eff.notes) == 2
    assert "'simulation' ignored" in eff.notes[0]


def test_invalid_user_preferences_are_dropped_and_the_admin_policy_stands():
    user = doc("notifications: {sound: loud}\n", "prefs.yaml")
    eff = build_effective(doc(ADMIN, "admin.yaml"), user)
    assert eff.policy.version == 7 and eff.policy.notifications.sound is False
    assert any("prefs.yaml:1: notifications.sound" in n for n in eff.notes)


def test_without_an_admin_file_the_default_allows_only_notification_preferences():
    user = doc("notifications: {enabled: false}\nsimulation: true\n", "prefs.yaml")
    eff = build_effective(None, user)
    assert eff.policy.notifications.enabled is False
    assert eff.policy.simulation is False


def test_problems_are_located_in_the_admin_file_not_the_default():
    with pytest.raises(PolicyValidationError) as info:
        build_effective(
            doc(
                "schema_version: 1\nversion: 1\nsites:\n  guarded: [ai_chat]\n"
                "  groups: {ai_chat: {add: [bad site]}}\n",
                "admin.yaml",
            )
        )
    (problem,) = info.value.problems
    assert (problem.source, problem.line, problem.key) == ("admin.yaml", 5, "sites.groups.ai_chat.add[0]")


def test_merging_never_modifies_the_built_in_default():
    before = repr(default_document().data)
    build_effective(doc(ADMIN, "admin.yaml"), doc("notifications: {sound: true}\n", "prefs.yaml"))
    assert repr(default_document().data) == before


@pytest.mark.parametrize(
    "base, overlay, merged",
    [
        ({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}}, {"a": {"b": 1, "c": 3}}),
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": {"b": 1}}, {"a": 5}, {"a": 5}),
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
    ],
)
def test_merge_data(base, overlay, merged):
    assert merge_data(base, overlay) == merged
