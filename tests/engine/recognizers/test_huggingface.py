from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.huggingface import HuggingFaceTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import LETTERS, fake

TOKEN = "hf_" + fake(34, LETTERS)
ORG = "api_org_" + fake(34, LETTERS, 1)


def find(text):
    return spans(HuggingFaceTokenRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("token", [TOKEN, ORG])
@pytest.mark.parametrize(
    "template", ["HF_TOKEN={}", "huggingface-cli login --token {}", "login(token='{}')", "use {} for the hub"]
)
def test_tokens_are_found(template, token):
    assert find(template.format(token)) == [("HUGGINGFACE_TOKEN", token)]


@pytest.mark.parametrize(
    "text",
    [
        TOKEN[:-1],  # one short
        TOKEN + "q",  # one long
        "hf_" + fake(33, LETTERS) + "1",  # digits are not in the alphabet
        "my_hf_" + fake(34, LETTERS),  # part of a longer identifier
        "hf_your_token_here",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
