from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.gitlab import GitLabTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import HEX, URLSAFE, fake

PAT = "glpat-" + fake(20, URLSAFE)


def find(text):
    return spans(GitLabTokenRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "token",
    [
        PAT,
        "gldt-" + fake(20, URLSAFE, seed=1),
        "glrt-" + fake(20, URLSAFE, seed=2),
        "glptt-" + fake(40, HEX, seed=3),
        "glpat-" + fake(40, URLSAFE, seed=4) + ".01.1a2b3c4d5",
    ],
)
@pytest.mark.parametrize(
    "template",
    [
        "GITLAB_TOKEN={}",
        'curl --header "PRIVATE-TOKEN: {}" https://gitlab.example.com/api/v4/projects',
        "variables:\n  GL_TOKEN: '{}'\n",
    ],
)
def test_tokens_are_found(template, token):
    assert find(template.format(token)) == [("GITLAB_TOKEN", token)]


@pytest.mark.parametrize(
    "text",
    [
        PAT[:-1],  # one short
        PAT + "Z",  # glued to more token characters
        "x" + PAT,
        "glpaT-" + PAT[6:],  # wrong prefix
        "glpat_" + PAT[6:],
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def test_placeholder_token_is_dismissed(pattern_engine):
    assert pattern_engine.scan("GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx").findings == ()
