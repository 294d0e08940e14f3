from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.deepseek import DeepSeekApiKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, HEX, fake

KEY = "sk-" + fake(32, HEX)


def find(text):
    return spans(DeepSeekApiKeyRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text",
    [
        f"DEEPSEEK_API_KEY={KEY}",
        f'client = OpenAI(api_key="{KEY}", base_url="https://api.deepseek.com")',
        f"key {KEY}",
    ],
)
def test_keys_are_found(text):
    assert find(text) == [("DEEPSEEK_API_KEY", KEY)]


def test_deepseek_context_raises_the_score():
    plain, near = f"key {KEY}", f"deepseek key {KEY}"
    assert (
        DeepSeekApiKeyRecognizer().find(near, near)[0].score
        > DeepSeekApiKeyRecognizer().find(plain, plain)[0].score
    )


@pytest.mark.parametrize(
    "text",
    [
        KEY[:-1],  # 31 hex digits
        KEY + "a",  # 33
        "sk-" + fake(32, HEX).upper(),  # uppercase hex is not DeepSeek's shape
        "sk-" + fake(48, ALNUM),  # OpenAI legacy shape
        "x" + KEY,
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
