"""The extension's built-in check is made from the engine's own rules (dlpguard/engine/fallback.py)."""

from __future__ import annotations

import re

from dlpguard.engine.fallback import candidates, fallback_known_values, fallback_rules, portable
from dlpguard.engine.filters import KNOWN_EXAMPLE_VALUES


def test_the_vendor_token_rules_reach_the_extension():
    entities = {r.entity for r in fallback_rules()}
    wanted = ("GITHUB_TOKEN", "AWS_ACCESS_KEY", "SLACK_TOKEN", "STRIPE_KEY", "PRIVATE_KEY", "GITLAB_TOKEN")
    for expected in wanted:
        assert expected in entities


def test_every_rule_is_a_secret_pattern_the_engine_runs_unchanged():
    engine_patterns = {(cls.ENTITY, name): regex for cls, name, regex in candidates()}
    for rule in fallback_rules():
        assert rule.category == "secret"
        if rule.rule == "private_key_header":
            continue
        assert portable(engine_patterns[(rule.entity, rule.rule)]) == rule.source


def test_python_only_syntax_is_left_out_rather_than_mistranslated():
    assert portable(r"(?i:secret)=\w+") is None
    assert portable(r"-----BEGIN[^-]*+") is None
    assert portable(r"\Afoo\Z") is None
    assert portable(r"key=(?P<value>[a-z]{8})") == r"key=(?<value>[a-z]{8})"


def test_a_rule_source_finds_what_its_detector_finds():
    token = "ghp_" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"
    [rule] = [r for r in fallback_rules() if r.rule == "github_classic"]
    assert re.search(rule.source, f"token={token} end") is not None
    assert re.search(rule.source, f"xghp_{'A' * 36}") is None  # glued to a word: not a token start


def test_known_values_are_the_engines_published_examples():
    assert set(fallback_known_values()) == set(KNOWN_EXAMPLE_VALUES)
    assert "akiaiosfodnn7example" in fallback_known_values()
