"""Issue 16 in the policy: health blocks and classification warns by default, health terms are redacted
so the sentence stays readable, and an admin's own marking words reach the engine."""

from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine import Engine
from dlpguard.engine.masking import mask
from dlpguard.engine.types import Action
from dlpguard.errors import PolicyError
from dlpguard.policy.decide import decide
from dlpguard.policy.defaults import default_policy
from dlpguard.policy.engine_config import engine_config, masking_operators
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document


def make_policy(extra: str):
    text = "schema_version: 1\nversion: 1\n" + textwrap.dedent(extra)
    return build_effective(parse_document(text, "policy.yaml")).policy


@pytest.fixture(scope="module")
def default_engine() -> Engine:
    return Engine(engine_config(default_policy()), load_model=False)


def test_health_blocks_and_classification_warns_by_default(default_engine: Engine) -> None:
    policy = default_policy()
    record = "Patient: Ann Roe, MRN 00918273, admitted after a stroke."
    assert decide(default_engine.scan(record).findings, policy, text=record).action is Action.BLOCK
    marked = "CONFIDENTIAL\n\nQ3 pricing draft"
    assert decide(default_engine.scan(marked).findings, policy, text=marked).action is Action.WARN


def test_masking_redacts_health_terms_and_keeps_the_sentence(default_engine: Engine) -> None:
    text = "Patient MRN 00918273 was diagnosed with epilepsy and takes levetiracetam 500 mg daily."
    operators, fallback = masking_operators(default_policy())
    health = [f for f in default_engine.scan(text).findings if f.category.value == "health"]
    assert mask(text, health, operators, default=fallback).text == (
        "Patient MRN [MEDICAL_RECORD_NUMBER] was diagnosed with [MEDICAL_CONDITION]"
        " and takes [MEDICATION] daily."
    )


def test_admin_marking_words_reach_the_engine() -> None:
    policy = make_policy("custom: {marking_words: ['Eyes Only', 'Nur Vorstand']}\n")
    engine = Engine(engine_config(policy), load_model=False)
    text = "NUR VORSTAND\n\nAgenda der Klausur"
    found = [(f.entity_type, f.category.value, text[f.start : f.end]) for f in engine.scan(text).findings]
    assert found == [("CLASSIFICATION_MARKING", "classification", "NUR VORSTAND")]
    assert decide(engine.scan(text).findings, policy, text=text).action is Action.WARN


def test_blank_marking_words_are_refused() -> None:
    with pytest.raises(PolicyError, match="marking_words"):
        make_policy("custom: {marking_words: ['  ']}\n")
