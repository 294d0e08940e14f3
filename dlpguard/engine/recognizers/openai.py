"""OpenAI API keys: project, service-account and admin keys, and the legacy 48-character key.

`T3BlbkFJ` is base64 for "OpenAI" and sits inside most generated keys: a key carrying it is certain.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_MARKER = "T3BlbkFJ"


class OpenAiApiKeyRecognizer(PatternDetector):
    ENTITY = "OPENAI_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sk-",)
    PATTERNS = (
        Pattern(
            "openai_scoped_key",
            r"sk-(?<![A-Za-z0-9_-]sk-)(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,300}(?![A-Za-z0-9_-])",
            0.9,
        ),
        Pattern("openai_legacy_key", r"sk-(?<![A-Za-z0-9_-]sk-)[A-Za-z0-9]{48}(?![A-Za-z0-9_-])", 0.8),
    )
    CONTEXT = ("openai", "gpt", "chatgpt", "api_key", "api key")

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if _MARKER in pattern_text else None
