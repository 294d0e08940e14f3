"""DeepSeek API keys: `sk-` and 32 lowercase hex digits.

Other providers use `sk-` too, so the shape alone scores lower; a nearby `deepseek` settles it.
OpenAI's legacy keys are 48 mixed-case characters, so the two shapes never collide.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class DeepSeekApiKeyRecognizer(PatternDetector):
    ENTITY = "DEEPSEEK_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sk-",)
    PATTERNS = (Pattern("deepseek_key", r"sk-(?<![A-Za-z0-9_-]sk-)[0-9a-f]{32}(?![A-Za-z0-9_-])", 0.75),)
    CONTEXT = ("deepseek", "api_key", "api key", "base_url")
