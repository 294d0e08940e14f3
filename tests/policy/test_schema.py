from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from dlpguard.engine.types import Action, Category
from dlpguard.policy.defaults import default_document, default_policy
from dlpguard.policy.incident_settings import IncidentSettings
from dlpguard.policy.schema import (
    FailMode,
    MaskOperator,
    Policy,
    SiteGroup,
    json_schema,
    key_path_exists,
)
from dlpguard.policy.sites import site_status

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_SCHEMA = ROOT / "docs" / "policy.schema.json"
AI_CHAT_SITES = {
    "chatgpt.com",
    "chat.openai.com",
    "chat.deepseek.com",
    "claude.ai",
    "gemini.google.com",
    "copilot.microsoft.com",
    "perplexity.ai",
    "www.perplexity.ai",
    "chat.mistral.ai",
    "grok.com",
    "x.com/i/grok",
    "meta.ai",
    "poe.com",
    "huggingface.co/chat",
}


def test_committed_json_schema_matches_the_models():
    committed = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/policy.schema.json is out of date: regenerate it with "
        "`dlpguard policy schema > docs/policy.schema.json` and commit the result"
    )


def test_committed_schema_accepts_the_built_in_default_for_editors():
    schema = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(default_document().data, schema)


def test_committed_schema_flags_unknown_keys_for_editors():
    schema = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="blok"):
        jsonschema.validate({"schema_version": 1, "version": 1, "override": {"blok": True}}, schema)


def test_built_in_default_guards_the_well_known_ai_chat_sites():
    policy = default_policy()
    guarded = policy.sites.guarded_patterns()
    unguarded = [s for s in AI_CHAT_SITES if not site_status(guarded, (), s).guarded]
    assert not unguarded, f"no longer guarded by default: {unguarded}"
    assert policy.fail_mode is FailMode.CLOSED
    assert policy.rules.categories[Category.SECRET].action is Action.BLOCK
    assert policy.rules.categories[Category.SECRET].allow_override is False
    assert not policy.simulation


def test_contract_defaults_for_shells():
    policy = Policy(schema_version=1, version=0)
    assert (policy.fail_mode, policy.verdict_timeout_ms) == (FailMode.CLOSED, 1500)
    assert (policy.limits.max_scan_chars, policy.limits.max_ner_chars) == (5_000_000, 50_000)
    assert (policy.clipboard.mode.value, policy.clipboard.restore_seconds) == ("notify", 60)
    assert policy.override.allow and policy.override.require_justification
    assert not policy.user_may_pause and not policy.user_may_quit
    assert policy.incidents == IncidentSettings()


def test_policy_is_frozen():
    policy = default_policy()
    with pytest.raises(ValidationError):
        policy.simulation = True  # type: ignore[misc]


@pytest.mark.parametrize(
    "group, expected",
    [
        (SiteGroup(domains=("a.com", "b.com")), ("a.com", "b.com")),
        (SiteGroup(domains=("a.com", "b.com"), add=("c.com",)), ("a.com", "b.com", "c.com")),
        (SiteGroup(domains=("a.com", "b.com"), remove=("a.com",)), ("b.com",)),
        (SiteGroup(domains=("a.com",), add=("a.com",)), ("a.com",)),
        (SiteGroup(domains=("Chat.Example.COM:443",)), ("chat.example.com",)),
    ],
)
def test_site_group_extends_and_trims(group, expected):
    assert group.effective() == expected


@pytest.mark.parametrize(
    "dotted, exists",
    [
        ("notifications", True),
        ("clipboard.mode", True),
        ("rules.entities.EMAIL_ADDRESS", True),
        ("rules.entities.EMAIL_ADDRESS.action", True),
        ("incidents.retention_days", True),
        ("clipboard.colour", False),
        ("clipboard.mode.x", False),
        ("nonsense", False),
    ],
)
def test_key_path_exists(dotted, exists):
    assert key_path_exists(Policy, dotted) is exists


def test_masking_rule_lookup_prefers_entity_then_category():
    masking = default_policy().masking
    assert masking.rule_for("CREDIT_CARD", Category.FINANCIAL).operator is MaskOperator.PARTIAL
    assert masking.rule_for("AWS_ACCESS_KEY", Category.SECRET).operator is MaskOperator.REDACT
    assert masking.rule_for("PERSON", Category.PERSON).operator is MaskOperator.PSEUDONYMISE


def test_custom_rule_lookup_by_id():
    policy = Policy.model_validate(
        {
            "schema_version": 1,
            "version": 1,
            "custom": {"terms": [{"id": "codenames", "terms": ["Bluebird"], "action": "block"}]},
        }
    )
    rule = policy.custom_rule("codenames")
    assert rule is not None and rule.action is Action.BLOCK
    assert policy.custom_rule("absent") is None
