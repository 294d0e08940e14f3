"""Hugging Face user access tokens (`hf_`) and legacy organisation tokens (`api_org_`): 34 letters."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class HuggingFaceTokenRecognizer(PatternDetector):
    ENTITY = "HUGGINGFACE_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("hf_", "api_org_")
    PATTERNS = (
        Pattern(
            "huggingface_token",
            r"(?:hf_(?<![A-Za-z0-9_-]hf_)|api_org_(?<![A-Za-z0-9_-]api_org_))[A-Za-z]{34}(?![A-Za-z0-9_-])",
            0.9,
        ),
    )
    CONTEXT = ("hugging", "hf_token", "huggingface", "hub")
