"""Per-destination rules: a site group's own rules decide texts bound for its sites, and say so."""

from __future__ import annotations

import textwrap

from dlpguard.engine.types import Action, Category, Finding, ScanContext
from dlpguard.policy.decide import decide
from dlpguard.policy.destinations import group_of, policy_for_site
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document
from dlpguard.policy.schema import MaskOperator, Policy

POLICY = """\
    schema_version: 1
    version: 3
    rules:
      default: warn
      entities:
        CREDIT_CARD: {action: mask}
      categories:
        person: {action: audit}
    sites:
      groups:
        ai_chat:
          catalogue: {services: ["*"]}
        foreign_jurisdiction:
          description: services under Chinese law
          catalogue: {jurisdictions: [CN]}
          rules:
            categories:
              person: {action: block}
              contact: {action: block}
              financial: {action: block, allow_override: false}
          masking:
            categories:
              person: {operator: redact}
        approved_enterprise:
          domains: [copilot.acme.example]
          rules: {at_most: warn}
      guarded: [ai_chat, foreign_jurisdiction, approved_enterprise]
    """


def make_policy(text: str = POLICY) -> Policy:
    return build_effective(parse_document(textwrap.dedent(text), source="test")).policy


def finding(entity: str, category: Category, start: int = 0, end: int = 10) -> Finding:
    return Finding(entity, category, start, end, 0.95, "test")


def verdict_for(policy: Policy, site: str | None, *findings: Finding):
    return decide(findings, policy, ScanContext(source="browser", site=site, event="paste"))


def test_a_site_belongs_to_the_closest_group_and_a_group_with_own_rules_wins_a_tie():
    policy = make_policy()
    assert group_of(policy, "chat.deepseek.com") == "foreign_jurisdiction"
    assert group_of(policy, "www.chatgpt.com") == "ai_chat"
    assert group_of(policy, "copilot.acme.example") == "approved_enterprise"
    assert group_of(policy, "example.org") is None
    assert group_of(policy, None) is None


def test_the_foreign_group_blocks_names_that_the_policy_only_audits_elsewhere():
    policy = make_policy()
    name = finding("PERSON", Category.PERSON)
    foreign = verdict_for(policy, "chat.deepseek.com", name)
    assert (foreign.action, foreign.group) == (Action.BLOCK, "foreign_jurisdiction")
    assert foreign.decisions[0].rule == "category:person"
    home = verdict_for(policy, "chatgpt.com", name)
    assert (home.action, home.group) == (Action.AUDIT, "ai_chat")


def test_a_group_category_rule_wins_over_the_policys_rule_for_one_entity_of_that_category():
    policy = make_policy()
    card = finding("CREDIT_CARD", Category.FINANCIAL)
    assert verdict_for(policy, "chatgpt.com", card).action is Action.MASK
    foreign = verdict_for(policy, "kimi.moonshot.cn", card)
    assert foreign.action is Action.BLOCK and foreign.override_allowed is False


def test_an_approved_group_only_warns_whatever_the_policy_says_elsewhere():
    policy = make_policy()
    secret = finding("GITHUB_TOKEN", Category.SECRET)
    assert verdict_for(policy, "claude.ai", secret).action is Action.BLOCK
    approved = verdict_for(policy, "copilot.acme.example", secret)
    assert approved.action is Action.WARN
    assert approved.decisions[0].rule == "category:secret; at_most:warn"
    name = finding("PERSON", Category.PERSON)
    assert verdict_for(policy, "copilot.acme.example", name).action is Action.AUDIT  # a cap never raises


def test_group_masking_merges_over_the_policys_and_other_keys_stay():
    policy = make_policy()
    merged, group = policy_for_site(policy, "chat.deepseek.com")
    assert group == "foreign_jurisdiction"
    assert merged.masking.rule_for("PERSON", Category.PERSON).operator is MaskOperator.REDACT
    assert merged.detection == policy.detection and merged.override == policy.override
    unchanged, none = policy_for_site(policy, None)
    assert unchanged is policy and none is None


def test_a_text_without_a_site_is_decided_by_the_policy_alone():
    policy = make_policy()
    verdict = verdict_for(policy, None, finding("PERSON", Category.PERSON))
    assert (verdict.action, verdict.group) == (Action.AUDIT, None)
