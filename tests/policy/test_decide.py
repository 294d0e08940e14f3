from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine.types import Action, Category, Finding, ScanContext
from dlpguard.policy.decide import VerdictBuilder, decide
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document
from dlpguard.policy.schema import MaskOperator, Policy

POLICY = """\
    schema_version: 1
    version: 12
    rules:
      entities:
        EMAIL_ADDRESS: {action: audit}
        US_SSN: {action: block, min_score: 0.9}
        IP_ADDRESS: {action: allow}
    custom:
      terms:
        - id: codenames
          terms: [Bluebird]
          action: warn
        - id: customers
          terms: [Northwind]
    allowlists:
      values: ["support@acme.example"]
      patterns: ['[a-z]+\\.[a-z]+@acme\\.example']
      sites: [chat.acme.example]
    sites:
      groups:
        ai_chat:
          add: [chat.acme.example, "*.llm.acme.example"]
    """


def make_policy(extra: str = "") -> Policy:
    text = textwrap.dedent(POLICY) + textwrap.dedent(extra)
    return build_effective(parse_document(text, "policy.yaml")).policy


POLICY_OBJ = make_policy()
SIMULATED = make_policy("simulation: true\n")


def f(
    entity: str, category: Category, score: float = 0.95, recognizer: str = "test", start: int = 0
) -> Finding:
    return Finding(entity, category, start, start + 5, score, recognizer)


SECRET = f("AWS_ACCESS_KEY", Category.SECRET)
CARD = f("CREDIT_CARD", Category.FINANCIAL)
EMAIL = f("EMAIL_ADDRESS", Category.CONTACT)
PHONE = f("PHONE_NUMBER", Category.CONTACT)
NAME_WEAK = f("PERSON", Category.PERSON, 0.6)
NAME = f("PERSON", Category.PERSON, 0.85)
SSN_WEAK = f("US_SSN", Category.GOVERNMENT_ID, 0.85)
SSN = f("US_SSN", Category.GOVERNMENT_ID, 0.95)
CODENAME = f("CUSTOM_TERM", Category.CUSTOM, 0.9, "custom:codenames")
CUSTOMER = f("CUSTOM_TERM", Category.CUSTOM, 0.9, "custom:customers")
IP = f("IP_ADDRESS", Category.NETWORK)
PLACE = f("LOCATION", Category.LOCATION, 0.8)


@pytest.mark.parametrize(
    "findings, action, rules",
    [
        ([], Action.ALLOW, []),
        ([SECRET], Action.BLOCK, ["category:secret"]),
        ([CARD], Action.BLOCK, ["category:financial"]),
        ([PHONE], Action.MASK, ["category:contact"]),
        ([EMAIL], Action.AUDIT, ["entity:EMAIL_ADDRESS"]),  # entity rule wins over its category (mask)
        ([IP], Action.ALLOW, ["entity:IP_ADDRESS"]),
        ([NAME_WEAK], Action.ALLOW, ["min_score"]),  # person minimum 0.7
        ([NAME], Action.WARN, ["category:person"]),
        ([SSN_WEAK], Action.ALLOW, ["min_score"]),  # entity minimum 0.9 wins over the category's
        ([SSN], Action.BLOCK, ["entity:US_SSN"]),
        ([PLACE], Action.AUDIT, ["category:location"]),
        ([CODENAME], Action.WARN, ["custom:codenames"]),  # the custom rule's own action
        ([CUSTOMER], Action.BLOCK, ["category:custom"]),  # no action of its own: its category's
        (
            [EMAIL, PHONE, SECRET],
            Action.BLOCK,
            ["entity:EMAIL_ADDRESS", "category:contact", "category:secret"],
        ),
    ],
)
def test_action_per_finding_and_verdict(findings, action, rules):
    verdict = decide(findings, POLICY_OBJ)
    assert verdict.action is action and verdict.would_action is action
    assert [d.rule for d in verdict.decisions] == rules
    assert verdict.policy_version == 12 and not verdict.simulated


def test_verdict_names_only_the_findings_that_drove_it():
    verdict = decide([EMAIL, PHONE, SECRET, CARD], POLICY_OBJ)
    assert verdict.findings == (SECRET, CARD)


def test_rules_default_applies_to_categories_no_rule_names():
    policy = Policy.model_validate({"schema_version": 1, "version": 1, "rules": {"default": "mask"}})
    assert decide([SECRET], policy).action is Action.MASK


@pytest.mark.parametrize(
    "findings, override, justification",
    [
        ([SECRET], False, False),  # secrets: allow_override false in the built-in default
        ([CARD], True, True),
        ([CARD, SECRET], False, False),  # one unoverridable finding is enough
        ([PHONE], True, True),
        ([NAME], True, False),  # a warning is always the user's call
        ([EMAIL], True, False),
    ],
)
def test_override_and_justification(findings, override, justification):
    verdict = decide(findings, POLICY_OBJ)
    assert (verdict.override_allowed, verdict.justification_required) == (override, justification)
    assert verdict.min_justification_chars == (10 if justification else 0)


def test_admin_can_forbid_overrides_altogether():
    policy = make_policy("override: {allow: false}\n")
    verdict = decide([CARD], policy)
    assert not verdict.override_allowed and not verdict.justification_required


@pytest.mark.parametrize(
    "findings, would",
    [
        ([SECRET], Action.BLOCK),
        ([PHONE], Action.MASK),
        ([NAME], Action.WARN),
        ([EMAIL], Action.AUDIT),
        ([], Action.ALLOW),
    ],
)
def test_simulation_never_interrupts_but_records_what_it_would_do(findings, would):
    verdict = decide(findings, SIMULATED)
    assert verdict.simulated
    assert verdict.would_action is would
    expected = Action.AUDIT if would in (Action.WARN, Action.MASK, Action.BLOCK) else would
    assert verdict.action is expected
    assert all(d.action in (Action.ALLOW, Action.AUDIT) for d in verdict.decisions)
    assert verdict.masking == {} and verdict.findings_to_mask == ()
    if would is Action.BLOCK:
        assert verdict.reason == "simulation: would block"


@pytest.mark.parametrize(
    "site, action, reason",
    [
        (None, Action.BLOCK, ""),  # CLI and clipboard: always checked
        ("chatgpt.com", Action.BLOCK, ""),
        ("https://claude.ai/chat/1", Action.BLOCK, ""),
        ("team.llm.acme.example", Action.BLOCK, ""),  # added to ai_chat by wildcard
        ("www.example.org", Action.ALLOW, "site not guarded"),
        ("chat.acme.example", Action.ALLOW, "site allowlisted"),  # allowlist wins over a guarded group
    ],
)
def test_sites(site, action, reason):
    verdict = decide([SECRET], POLICY_OBJ, ScanContext(source="browser", site=site))
    assert (verdict.action, verdict.reason) == (action, reason)


TEXT = "mail support@acme.example or jane.doe@acme.example or bob@other.example"


def finding_in(value: str) -> Finding:
    start = TEXT.index(value)
    return Finding("EMAIL_ADDRESS", Category.CONTACT, start, start + len(value), 0.99, "test")


@pytest.mark.parametrize(
    "value, rule",
    [
        ("support@acme.example", "allowlist:value"),
        ("jane.doe@acme.example", "allowlist:pattern"),
        ("bob@other.example", "entity:EMAIL_ADDRESS"),
    ],
)
def test_allowlisted_values_and_patterns_dismiss_findings(value, rule):
    verdict = decide([finding_in(value)], POLICY_OBJ, text=TEXT)
    assert verdict.decisions[0].rule == rule


def test_allowlists_need_the_text():
    verdict = decide([finding_in("support@acme.example")], POLICY_OBJ)
    assert verdict.decisions[0].rule == "entity:EMAIL_ADDRESS"


def test_masking_operators_for_the_findings_the_user_is_told_about():
    verdict = decide([PHONE, CARD, EMAIL], POLICY_OBJ)
    assert set(verdict.masking) == {"PHONE_NUMBER", "CREDIT_CARD"}  # the audited e-mail is not masked
    assert verdict.masking["CREDIT_CARD"].operator is MaskOperator.PARTIAL
    assert verdict.masking["PHONE_NUMBER"].operator is MaskOperator.PSEUDONYMISE
    assert verdict.findings_to_mask == (PHONE, CARD)


def test_a_text_decided_in_parts_gets_the_verdict_of_the_whole():
    """A streamed file: each part is decided with its own text, so an allowlisted value in one part
    is dismissed there, and the verdict is the strongest over every part."""
    first, second = "mail support@acme.example now", "then key AKIA and mail bob@other.example"
    allowed = Finding("EMAIL_ADDRESS", Category.CONTACT, 5, 25, 0.95, "test")
    key = Finding("AWS_ACCESS_KEY", Category.SECRET, 9, 13, 0.95, "test")
    other = Finding("EMAIL_ADDRESS", Category.CONTACT, 23, 40, 0.95, "test")
    builder = VerdictBuilder(POLICY_OBJ)
    assert [d.rule for d in builder.add([allowed], first)] == ["allowlist:value"]
    assert [d.action for d in builder.add([key, other], second)] == [Action.BLOCK, Action.AUDIT]
    parts = builder.build()
    joined = first + "\n" + second
    shift = len(first) + 1
    whole = decide(
        [
            allowed,
            Finding("AWS_ACCESS_KEY", Category.SECRET, 9 + shift, 13 + shift, 0.95, "test"),
            Finding("EMAIL_ADDRESS", Category.CONTACT, 23 + shift, 40 + shift, 0.95, "test"),
        ],
        POLICY_OBJ,
        text=joined,
    )
    assert (parts.action, parts.would_action) == (whole.action, whole.would_action) == (Action.BLOCK,) * 2
    assert [d.rule for d in parts.decisions] == [d.rule for d in whole.decisions]
    assert parts.override_allowed == whole.override_allowed
