from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.openai import OpenAiApiKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, HEX, URLSAFE, fake

MARKER = "T3Blbk" + "FJ"
PROJECT = "sk-proj-" + fake(74, URLSAFE) + MARKER + fake(74, URLSAFE, 1)
SERVICE = "sk-svcacct-" + fake(60, URLSAFE, 2) + MARKER + fake(20, URLSAFE, 3)
ADMIN = "sk-admin-" + fake(60, URLSAFE, 4)
LEGACY = "sk-" + fake(20, ALNUM, 5) + MARKER + fake(20, ALNUM, 6)
LEGACY_NO_MARKER = "sk-" + fake(48, ALNUM, 7)


def find(text):
    return [(e, v) for e, v in spans(OpenAiApiKeyRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize("key", [PROJECT, SERVICE, ADMIN, LEGACY, LEGACY_NO_MARKER])
@pytest.mark.parametrize(
    "template",
    [
        "OPENAI_API_KEY={}",
        'client = OpenAI(api_key="{}")',
        'curl https://api.openai.com/v1/models -H "Authorization: Bearer {}"',
        "I pasted {} into the config and it still 401s",
    ],
)
def test_keys_are_found(template, key):
    assert find(template.format(key)) == [("OPENAI_API_KEY", key)]


def test_marker_makes_a_key_certain():
    [finding] = OpenAiApiKeyRecognizer().find(LEGACY, LEGACY.lower())
    assert finding.score == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "sk-...",
        "sk-xxxxxxxx",
        LEGACY_NO_MARKER[:-1],  # 47 characters
        LEGACY_NO_MARKER + "Q",  # 49 characters
        "sk-proj-" + fake(20, URLSAFE),  # too short for a project key
        "sk-" + fake(32, HEX),  # DeepSeek's shape, not OpenAI's
        "task-" + fake(48, ALNUM),  # `sk-` inside a word
    ],
)
def test_near_misses_and_other_providers_are_ignored(text):
    assert find(text) == []
