"""Anthropic API and admin keys: `sk-ant-<kind><version>-`, 93 characters, then `AA`."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class AnthropicApiKeyRecognizer(PatternDetector):
    ENTITY = "ANTHROPIC_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sk-ant-",)
    PATTERNS = (
        Pattern(
            "anthropic_key",
            r"sk-ant-(?<![A-Za-z0-9_-]sk-ant-)(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])",
            0.95,
        ),
    )
    CONTEXT = ("anthropic", "claude", "api_key", "x-api-key")
