from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.slack import SlackTokenRecognizer, SlackWebhookRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, DIGITS, HEX, UPPER_ALNUM, fake

BOT = f"xoxb-{fake(12, DIGITS)}-{fake(13, DIGITS, 1)}-{fake(24, ALNUM, 2)}"
USER = f"xoxp-{fake(12, DIGITS, 3)}-{fake(12, DIGITS, 4)}-{fake(13, DIGITS, 5)}-{fake(32, HEX, 6)}"
APP = f"xapp-1-A{fake(10, UPPER_ALNUM, 7)}-{fake(13, DIGITS, 8)}-{fake(64, HEX, 9)}"
WEBHOOK = (
    "https://hooks.slack.com/services/"
    f"T{fake(8, UPPER_ALNUM, 10)}/B{fake(10, UPPER_ALNUM, 11)}/{fake(24, ALNUM, 12)}"
)


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize("token", [BOT, USER, APP])
@pytest.mark.parametrize(
    "template",
    [
        "SLACK_BOT_TOKEN={}",
        'client = WebClient(token="{}")',
        'curl -H "Authorization: Bearer {}" https://slack.com/api',
    ],
)
def test_tokens_are_found(template, token):
    assert find(SlackTokenRecognizer, template.format(token)) == [("SLACK_TOKEN", token)]


@pytest.mark.parametrize(
    "text",
    [
        "xoxb-123",  # truncated
        "xoxb-your-bot-token",
        "xoxz-" + BOT[5:],  # unknown type letter
        "a" + BOT,
    ],
)
def test_token_near_misses_are_ignored(text):
    assert find(SlackTokenRecognizer, text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"SLACK_WEBHOOK_URL={WEBHOOK}",
        f'requests.post("{WEBHOOK}", json={{"text": "deploy done"}})',
        f"post alerts to {WEBHOOK} please",
    ],
)
def test_webhook_url_is_found_whole(text):
    assert find(SlackWebhookRecognizer, text) == [("SLACK_WEBHOOK", WEBHOOK)]


def test_webhook_without_scheme_is_found():
    url = WEBHOOK.removeprefix("https://")
    assert find(SlackWebhookRecognizer, f"hook: {url}") == [("SLACK_WEBHOOK", url)]


def test_documentation_webhook_is_dismissed(pattern_engine):
    text = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    assert pattern_engine.scan(text).findings == ()


@pytest.mark.parametrize(
    "text",
    [
        "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere",
        "xoxe.xoxp-1-RANDOMSTRINGHERE",
        f'"token3": "xoxp-1234-1234-1234-{fake(32, HEX, 13)}"',
    ],
)
def test_words_and_typed_out_ids_in_a_token_are_placeholders(text):
    assert find(SlackTokenRecognizer, text) == []
