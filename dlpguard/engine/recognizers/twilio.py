"""Twilio API key SIDs (`SK` + 32 hex) and auth tokens.

Account SIDs (`AC` + 32 hex) are identifiers and not reported. An auth token is 32 bare hex
digits, which many things are, so it needs a Twilio-looking name or neighbourhood.
"""

from __future__ import annotations

from dlpguard.engine.recognizers._scoped import AnchoredDetector
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class TwilioApiKeyRecognizer(PatternDetector):
    ENTITY = "TWILIO_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sk",)
    PATTERNS = (Pattern("twilio_api_key_sid", r"SK(?<![A-Za-z0-9_-]SK)[0-9a-f]{32}(?![A-Za-z0-9_-])", 0.6),)
    CONTEXT = ("twilio", "api_key", "api key", "sid")


class TwilioAuthTokenRecognizer(AnchoredDetector):
    ENTITY = "TWILIO_KEY"
    CATEGORY = Category.SECRET
    # Every match starts on one of these (anchored scan).
    KEYWORDS = ("auth", "password")
    PATTERNS = (
        Pattern(
            "twilio_auth_token",
            # The SDKs authenticate with (account SID, auth token) as HTTP basic user and password.
            r"(?i:auth[_ ]?token|password)[\"']?[ \t]*(?:[:=]|=>|:=)[ \t]*[\"']?"
            r"(?P<value>[0-9a-f]{32})(?![0-9A-Za-z])",
            0.6,
        ),
    )
    CONTEXT = ("twilio", "account_sid", "accountsid", "account sid")
    CONTEXT_WINDOW = (200, 120)
    REQUIRES_CONTEXT = True
