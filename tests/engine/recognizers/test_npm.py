from __future__ import annotations

import uuid

import pytest

from dlpguard.engine.recognizers.npm import NpmTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import URLSAFE, fake

TOKEN = "npm_" + fake(36)
LEGACY_UUID = str(uuid.UUID(int=0x1F2E3D4C5B6A79880716253443526170))


def find(text):
    return spans(NpmTokenRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text",
    [
        f"NPM_TOKEN={TOKEN}",
        f"//registry.npmjs.org/:_authToken={TOKEN}",
        f"npm config set //registry.npmjs.org/:_authToken '{TOKEN}'",
        f"my token {TOKEN} returns 403",
    ],
)
def test_npm_tokens_are_found_once(text):
    assert find(text) == [("NPM_TOKEN", TOKEN)]


@pytest.mark.parametrize(
    "line, value",
    [
        (f"//registry.npmjs.org/:_authToken={LEGACY_UUID}", LEGACY_UUID),
        (f"//npm.pkg.example.com/team/:_authToken={fake(40, URLSAFE, 1)}", fake(40, URLSAFE, 1)),
        (f'//registry.example.org:8443/:_authToken="{fake(30, URLSAFE, 2)}"', fake(30, URLSAFE, 2)),
    ],
)
def test_npmrc_auth_token_reports_the_value(line, value):
    assert find(line) == [("NPM_TOKEN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
        "//registry.npmjs.org/:_authToken=",
        TOKEN[:-1],
        TOKEN + "x",
        "my_npm_" + fake(36),
    ],
)
def test_references_and_near_misses_are_ignored(text):
    assert find(text) == []


def test_github_packages_token_is_left_to_the_github_recognizer(pattern_engine):
    token = "ghp_" + fake(36, seed=3)
    text = f"//npm.pkg.github.com/:_authToken={token}"
    assert spans(pattern_engine.scan(text).findings, text) == [("GITHUB_TOKEN", token)]
