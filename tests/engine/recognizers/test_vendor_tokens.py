from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.vendor_tokens import (
    AtlassianApiTokenRecognizer,
    DiscordWebhookRecognizer,
    DockerHubTokenRecognizer,
    HarnessTokenRecognizer,
    MailgunApiKeyRecognizer,
    SentryDsnRecognizer,
    StripeWebhookSecretRecognizer,
    TelegramBotTokenRecognizer,
)
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, HEX, URLSAFE, fake

DOCKER_PAT = "dckr_pat_" + fake(27, URLSAFE, 1)
DOCKER_ORG = "dckr_oat_" + fake(32, URLSAFE, 2)
ATLASSIAN = "ATATT3" + fake(178, URLSAFE, 3) + "=" + fake(8, HEX.upper(), 4)
HARNESS = f"pat.{fake(22, URLSAFE, 5)}.{fake(24, HEX, 6)}.{fake(20, ALNUM, 7)}"
DSN_KEY = fake(32, HEX, 8)
SENTRY_DSN = f"https://{DSN_KEY}@o4504.ingest.us.sentry.io/4505"
SELF_HOSTED_DSN = f"https://{DSN_KEY}@sentry.corp.internal/12"


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    ("detector_cls", "entity", "token"),
    [
        (DockerHubTokenRecognizer, "DOCKER_HUB_TOKEN", DOCKER_PAT),
        (DockerHubTokenRecognizer, "DOCKER_HUB_TOKEN", DOCKER_ORG),
        (AtlassianApiTokenRecognizer, "ATLASSIAN_API_TOKEN", ATLASSIAN),
        (HarnessTokenRecognizer, "HARNESS_API_KEY", HARNESS),
        (SentryDsnRecognizer, "SENTRY_DSN", SENTRY_DSN),
        (SentryDsnRecognizer, "SENTRY_DSN", SELF_HOSTED_DSN),
    ],
)
@pytest.mark.parametrize(
    "template", ["TOKEN={}", 'sentry_sdk.init(dsn="{}")', "echo '{}' | docker login --password-stdin"]
)
def test_vendor_tokens_are_found(detector_cls, entity, token, template):
    assert find(detector_cls, template.format(token)) == [(entity, token)]


@pytest.mark.parametrize(
    ("detector_cls", "text"),
    [
        (DockerHubTokenRecognizer, "dckr_pat_short"),
        (DockerHubTokenRecognizer, "x" + DOCKER_PAT),  # inside a longer word
        (AtlassianApiTokenRecognizer, "ATATT3" + fake(40, URLSAFE, 9)),  # truncated
        (HarnessTokenRecognizer, "the pat.file.txt and sat.conf files"),
        (SentryDsnRecognizer, "https://user@sentry.io/123"),  # no key
        (
            SentryDsnRecognizer,
            f"see sentry docs: https://{DSN_KEY}@sentry.io/organizations/acme/",
        ),  # no project id
    ],
)
def test_near_misses_are_not_tokens(detector_cls, text):
    assert find(detector_cls, text) == []


def test_a_sentry_dsn_is_a_secret_not_an_email_address(pattern_engine):
    text = f"SENTRY_DSN={SENTRY_DSN}\nowner: ops@acme.io"
    assert spans(pattern_engine.scan(text).findings, text) == [
        ("SENTRY_DSN", SENTRY_DSN),
        ("EMAIL_ADDRESS", "ops@acme.io"),
    ]


WEBHOOK_SECRET = "whsec_" + fake(32, ALNUM, 21)
TELEGRAM_TOKEN = "4962754942:AA" + fake(33, URLSAFE, 22)
MAILGUN_KEY = "key-" + fake(32, HEX, 23)
DISCORD_WEBHOOK = "https://discord.com/api/webhooks/663217122988333543/" + fake(68, URLSAFE, 26)


@pytest.mark.parametrize(
    "detector_cls, text, value",
    [
        (
            StripeWebhookSecretRecognizer,
            f"Signature check fails with secret {{{{{WEBHOOK_SECRET}}}}}",
            WEBHOOK_SECRET,
        ),
        (TelegramBotTokenRecognizer, f"      bot_token: '{TELEGRAM_TOKEN}'", TELEGRAM_TOKEN),
        (MailgunApiKeyRecognizer, f"CLE_API_ENVOI={MAILGUN_KEY}", MAILGUN_KEY),
        (DiscordWebhookRecognizer, f"        - url: {DISCORD_WEBHOOK}\n", DISCORD_WEBHOOK),
    ],
)
def test_webhook_bot_and_mail_keys_are_found(detector_cls, text, value):
    assert [v for _, v in find(detector_cls, text)] == [value]


@pytest.mark.parametrize(
    "detector_cls, text",
    [
        (StripeWebhookSecretRecognizer, "whsec_" + fake(12, ALNUM, 24)),  # too short
        (TelegramBotTokenRecognizer, "12:30:AA meeting, room 4962754942"),
        (MailgunApiKeyRecognizer, "monkey-" + fake(32, HEX, 25)),  # part of a word
        (DiscordWebhookRecognizer, "docs: https://discord.com/api/webhooks/{id}/{token}"),
    ],
)
def test_shorter_or_embedded_lookalikes_are_not_those_keys(detector_cls, text):
    assert find(detector_cls, text) == []
