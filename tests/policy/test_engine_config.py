from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine import Engine
from dlpguard.engine.hashed_terms import hash_term
from dlpguard.engine.masking import REDACT, Hash, Partial, Pseudonymise
from dlpguard.engine.types import Action, Category
from dlpguard.errors import PolicyError
from dlpguard.policy.decide import decide
from dlpguard.policy.defaults import default_policy
from dlpguard.policy.engine_config import (
    category_thresholds,
    engine_config,
    masking_operators,
)
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document
from dlpguard.policy.schema import Policy

SALT = "engine-config-salt-01"


def make_policy(extra: str) -> Policy:
    text = "schema_version: 1\nversion: 1\n" + textwrap.dedent(extra)
    return build_effective(parse_document(text, "policy.yaml")).policy


@pytest.mark.parametrize(
    "extra, category, threshold",
    [
        ("", Category.SECRET, 0.5),
        ("", Category.PERSON, 0.7),  # the built-in default's person minimum
        ("detection: {min_score: 0.6}\n", Category.SECRET, 0.6),
        ("rules: {entities: {PERSON: {action: warn, min_score: 0.4}}}\n", Category.PERSON, 0.4),
        # a known entity lowers only its own category, an unknown one every category
        ("rules: {entities: {PERSON: {action: warn, min_score: 0.4}}}\n", Category.SECRET, 0.5),
        ("rules: {entities: {MYSTERY_ID: {action: warn, min_score: 0.3}}}\n", Category.HEALTH, 0.3),
    ],
)
def test_engine_thresholds_let_through_whatever_a_rule_could_act_on(extra, category, threshold):
    assert category_thresholds(make_policy(extra))[category] == threshold


def test_engine_config_carries_limits_ner_and_allowlisted_values():
    policy = make_policy(
        """\
        detection: {ner: false}
        limits: {max_ner_chars: 1234}
        allowlists: {values: ["support@acme.example"]}
        """
    )
    config = engine_config(policy)
    assert (config.ner, config.max_ner_chars) == (False, 1234)
    assert config.allow_values == frozenset({"support@acme.example"})


@pytest.mark.parametrize("extra, lone_places", [("", False), ("detection: {places: all}\n", True)])
def test_the_place_scope_reaches_the_engine(extra, lone_places):
    assert engine_config(make_policy(extra)).lone_places is lone_places


POLICY = f"""\
    custom:
      terms:
        - id: codenames
          entity_type: CODENAME
          terms: [Bluebird, Project Nightjar]
          action: warn
      patterns:
        - id: employee-id
          entity_type: EMPLOYEE_ID
          category: government_id
          regex: 'EMP-(?P<value>\\d{{6}})'
      hashed_terms:
        - id: customers
          entity_type: CUSTOMER
          salt: {SALT}
          hashes: [{hash_term(SALT, "Northwind Traders")}]
          action: block
    """


@pytest.fixture(scope="module")
def configured():
    policy = make_policy(POLICY)
    engine = Engine(engine_config(policy), load_model=False)
    return policy, engine


@pytest.mark.parametrize(
    "text, entity, value, action",
    [
        ("status of project nightjar?", "CODENAME", "project nightjar", Action.WARN),
        ("badge EMP-123456 lost", "EMPLOYEE_ID", "123456", Action.BLOCK),
        ("invoice for NORTHWIND  traders", "CUSTOMER", "NORTHWIND  traders", Action.BLOCK),
    ],
)
def test_custom_rules_reach_the_engine_and_decide(configured, text, entity, value, action):
    policy, engine = configured
    result = engine.scan(text)
    assert [(f.entity_type, text[f.start : f.end]) for f in result.findings] == [(entity, value)]
    assert decide(result.findings, policy, text=text).action is action


def test_masking_operators_follow_the_policy():
    table, default = masking_operators(default_policy())
    assert default is REDACT
    assert table["secret"] is REDACT
    assert isinstance(table["financial"], Partial) and table["financial"].keep == 4
    assert isinstance(table["person"], Pseudonymise)


def test_hash_operator_needs_the_install_key_and_otherwise_redacts():
    policy = make_policy("masking: {entities: {EMAIL_ADDRESS: {operator: hash}}}\n")
    assert masking_operators(policy)[0]["EMAIL_ADDRESS"] is REDACT
    assert isinstance(masking_operators(policy, b"k" * 32)[0]["EMAIL_ADDRESS"], Hash)


_ADDRESSES = "api 52.14.1.9, db 10.0.3.17, metadata 169.254.169.254"


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("", ["52.14.1.9"]),  # the default: public only
        ("detection: {ip_addresses: public}", ["52.14.1.9"]),
        ("detection: {ip_addresses: public_and_private}", ["52.14.1.9", "10.0.3.17"]),
        ("detection: {ip_addresses: all}", ["52.14.1.9", "10.0.3.17", "169.254.169.254"]),
    ],
)
def test_ip_address_classes_follow_the_policy(setting, expected):
    engine = Engine(engine_config(make_policy(setting)), load_model=False)
    found = [(_ADDRESSES[f.start : f.end], f.subtype) for f in engine.scan(_ADDRESSES).findings]
    classes = {"52.14.1.9": "public", "10.0.3.17": "private", "169.254.169.254": "reserved"}
    assert found == [(value, classes[value]) for value in expected]


def test_a_misspelt_ip_address_scope_is_refused():
    with pytest.raises(PolicyError, match="ip_addresses"):
        make_policy("detection: {ip_addresses: internal}")
