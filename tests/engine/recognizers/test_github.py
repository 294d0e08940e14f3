from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.github import GitHubTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, fake

CLASSIC = {
    prefix: f"{prefix}_" + fake(36, seed=i) for i, prefix in enumerate(("ghp", "gho", "ghu", "ghs", "ghr"))
}
FINE_GRAINED = "github_pat_" + fake(22, seed=7) + "_" + fake(59, ALNUM, seed=8)


def find(text):
    return spans(GitHubTokenRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("token", [*CLASSIC.values(), FINE_GRAINED])
@pytest.mark.parametrize(
    "template",
    [
        "GITHUB_TOKEN={}",
        'git remote set-url origin "https://x-access-token:{}@github.com/acme/app.git"',
        "headers = {{'Authorization': 'token {}'}}",
        "- name: checkout\n  env:\n    GH_TOKEN: {}\n",
        "my token {} stopped working, why?",
    ],
)
def test_tokens_are_found_in_context(template, token):
    text = template.format(token)
    assert find(text) == [("GITHUB_TOKEN", token)]


@pytest.mark.parametrize(
    "text",
    [
        CLASSIC["ghp"][:-1],  # one short
        CLASSIC["ghp"] + "a",  # one long: part of something else
        "x" + CLASSIC["ghp"],
        "ghx_" + CLASSIC["ghp"][4:],  # unknown prefix
        FINE_GRAINED[:-1],
        "ghp_" + "-" * 36,
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "GITHUB_TOKEN=ghp_" + "x" * 36,
        "GITHUB_TOKEN=ghp_xxxxxxxx",
        "token: ghp_1234567890abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_placeholders_are_dismissed_by_the_engine(pattern_engine, text):
    assert [f for f in pattern_engine.scan(text).findings if f.entity_type == "GITHUB_TOKEN"] == []
