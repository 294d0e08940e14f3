"""Vendor tokens with a fixed prefix that must be found even when Kingfisher's rules are not loaded yet
(the first second of a native host on a first run) or not installed: Docker Hub, Atlassian, Harness,
and Sentry DSNs.

A Sentry DSN, `https://<32 hex>@o123.ingest.sentry.io/456`, has the shape of a URL with a user name,
and its `key@host` part the shape of an e-mail address: the whole DSN is reported as a secret, so the
overlap resolution drops the e-mail inside it. The key lets anyone send events into the project.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_END = r"(?![A-Za-z0-9_-])"


class DockerHubTokenRecognizer(PatternDetector):
    ENTITY = "DOCKER_HUB_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("dckr_pat_", "dckr_oat_")
    PATTERNS = (
        Pattern("docker_hub_pat", r"dckr_(?<![A-Za-z0-9_]dckr_)pat_[A-Za-z0-9_-]{27}" + _END, 0.95),
        Pattern("docker_hub_org_token", r"dckr_(?<![A-Za-z0-9_]dckr_)oat_[A-Za-z0-9_-]{32}" + _END, 0.95),
    )
    CONTEXT = ("docker", "registry", "token")


class AtlassianApiTokenRecognizer(PatternDetector):
    """`ATATT3…` API tokens (Jira, Confluence, Bitbucket Cloud): 186 characters after the prefix, the
    last eight a checksum after `=`."""

    ENTITY = "ATLASSIAN_API_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("atatt3",)
    PATTERNS = (
        Pattern(
            "atlassian_api_token",
            r"ATATT3(?<![A-Za-z0-9_-]ATATT3)[A-Za-z0-9_=-]{150,300}(?![A-Za-z0-9_=-])",
            0.95,
        ),
    )
    CONTEXT = ("atlassian", "jira", "confluence", "bitbucket", "token")


class HarnessTokenRecognizer(PatternDetector):
    """Harness personal and service-account tokens: `pat.<account>.<token id>.<secret>`."""

    ENTITY = "HARNESS_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("pat.", "sat.")
    PATTERNS = (
        Pattern(
            "harness_api_key",
            r"[ps](?<![A-Za-z0-9_.-][ps])at\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}(?![A-Za-z0-9_.-])",
            0.9,
        ),
    )
    CONTEXT = ("harness", "x-api-key", "token")


class SentryDsnRecognizer(PatternDetector):
    """Sentry DSNs, hosted (`o123.ingest.sentry.io`, `.us.`/`.de.` regions) or self-hosted (a 32-hex
    public key before `@` and a numeric project id after the host)."""

    ENTITY = "SENTRY_DSN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sentry", "dsn")
    PATTERNS = (
        Pattern(
            "sentry_dsn",
            r"h(?<![A-Za-z0-9+.-]h)ttps?://[0-9a-f]{32}(?::[0-9a-f]{32})?"
            r"@[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?/(?:[A-Za-z0-9_.-]+/){0,3}[0-9]{1,12}(?![A-Za-z0-9/])",
            0.9,
        ),
    )
    CONTEXT = ("sentry", "dsn")


class StripeWebhookSecretRecognizer(PatternDetector):
    """Stripe webhook signing secrets, `whsec_` and 32+ base62 characters: whoever holds one can forge
    events the receiving service trusts."""

    ENTITY = "STRIPE_WEBHOOK_SECRET"
    CATEGORY = Category.SECRET
    KEYWORDS = ("whsec_",)
    PATTERNS = (
        Pattern("stripe_webhook_secret", r"whsec_(?<![A-Za-z0-9_]whsec_)[A-Za-z0-9]{32,64}" + _END, 0.95),
    )
    CONTEXT = ("stripe", "webhook", "signing", "secret")


class TelegramBotTokenRecognizer(PatternDetector):
    """Telegram bot tokens, `<bot id>:AA<33 characters>`: the bot id is 8-10 digits and the secret part
    always starts with `AA`, a shape nothing else has."""

    ENTITY = "TELEGRAM_BOT_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = (":aa",)
    PATTERNS = (
        Pattern(
            "telegram_bot_token",
            # Opens on a class (the look-behind after the first digit): `re` skips to digits.
            r"[0-9](?<![A-Za-z0-9_:-].)[0-9]{7,9}:AA[A-Za-z0-9_-]{32,33}" + _END,
            0.9,
        ),
    )
    CONTEXT = ("telegram", "bot", "token", "api.telegram.org")


class MailgunApiKeyRecognizer(PatternDetector):
    """Mailgun's private API keys, `key-` and 32 hex digits (the older format, still valid and the one
    config files and tutorials carry)."""

    ENTITY = "MAILGUN_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("key-",)
    PATTERNS = (Pattern("mailgun_api_key", r"k(?<![A-Za-z0-9_-]k)ey-[0-9a-f]{32}" + _END, 0.85),)
    CONTEXT = ("mailgun", "mg", "api", "smtp", "mail", "envoi")


class DiscordWebhookRecognizer(PatternDetector):
    """Discord webhook URLs, `https://discord.com/api/webhooks/<id>/<token>`: the URL is the credential,
    anyone holding it can post into the channel (as Slack's webhooks, `slack.py`)."""

    ENTITY = "DISCORD_WEBHOOK"
    CATEGORY = Category.SECRET
    KEYWORDS = ("/api/webhooks/",)
    PATTERNS = (
        Pattern(
            "discord_webhook",
            r"(?:https?://)?(?<![A-Za-z0-9.-])(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/"
            r"[0-9]{17,20}/[A-Za-z0-9_-]{60,80}" + _END,
            0.95,
        ),
    )
    CONTEXT = ("discord", "webhook")
