from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.anthropic import AnthropicApiKeyRecognizer
from dlpguard.engine.recognizers.openai import OpenAiApiKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import URLSAFE, fake

API = "sk-ant-api03-" + fake(93, URLSAFE) + "AA"
ADMIN = "sk-ant-admin01-" + fake(93, URLSAFE, 1) + "AA"


def find(text, detector_cls=AnthropicApiKeyRecognizer):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize("key", [API, ADMIN])
@pytest.mark.parametrize(
    "template",
    [
        "ANTHROPIC_API_KEY={}",
        "client = anthropic.Anthropic(api_key='{}')",
        'curl https://api.anthropic.com/v1/messages -H "x-api-key: {}"',
    ],
)
def test_keys_are_found(template, key):
    assert find(template.format(key)) == [("ANTHROPIC_API_KEY", key)]


@pytest.mark.parametrize(
    "text",
    [
        "sk-ant-api03-" + fake(92, URLSAFE) + "AA",  # one short
        "sk-ant-api03-" + fake(93, URLSAFE) + "AB",  # does not end in AA
        "sk-ant-api03-...",
        "x" + API,
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def test_anthropic_keys_are_not_openai_keys():
    assert find(API, OpenAiApiKeyRecognizer) == []
