"""Slack bot/user/app tokens and incoming-webhook URLs (the whole URL is the secret)."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

# Placeholders where the random parts go, left out in the regex so the recognizer stays a plain pattern
# (the extension's built-in fallback check takes such patterns as they are): ids typed out as `1234…`,
# and a last part of capitals or capitalised words with no digit (`RANDOMSTRINGHERE`,
# `SlackAppConfigurationAccessTokenHere`).
_NOT_TYPED_ID = r"(?!1234(?:5(?:6(?:7(?:8(?:9(?:0)?)?)?)?)?)?-)"
_NOT_WORDS = r"(?![A-Z]{8,200}(?![A-Za-z0-9])|(?:[A-Z][a-z]{2,}){3,}(?![A-Za-z0-9]))"


class SlackTokenRecognizer(PatternDetector):
    ENTITY = "SLACK_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("xox", "xapp-")
    PATTERNS = (
        # xoxb-<team>-<bot>-<secret>, xoxp-<team>-<user>-<id>-<secret>, xoxa-2-<secret>, xoxe-1-<secret>.
        Pattern(
            "slack_token",
            r"xox(?<![A-Za-z0-9_-]xox)[abposre]-(?:[0-9]{1,15}-)"
            + _NOT_TYPED_ID
            + r"(?:[0-9]{1,15}-){0,3}"
            + _NOT_WORDS
            + r"[A-Za-z0-9]{8,200}(?![A-Za-z0-9_-])",
            0.9,
        ),
        Pattern(
            "slack_app_token",
            r"xapp-(?<![A-Za-z0-9_-]xapp-)[0-9]-[A-Z0-9]{6,15}-[0-9]{6,15}-[A-Za-z0-9]{16,100}(?![A-Za-z0-9_-])",
            0.95,
        ),
    )
    CONTEXT = ("slack", "token", "bot")


class SlackWebhookRecognizer(PatternDetector):
    ENTITY = "SLACK_WEBHOOK"
    CATEGORY = Category.SECRET
    KEYWORDS = ("hooks.slack.com",)
    PATTERNS = (
        Pattern(
            "slack_webhook",
            r"(?:https?://)?(?<![A-Za-z0-9.-])hooks\.slack\.com/services/"
            r"T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{16,40}(?![A-Za-z0-9])",
            0.95,
        ),
    )
    CONTEXT = ("slack", "webhook")
