"""Canadian social insurance number: nine digits (often 3-3-3), Luhn, never starting with 0 or 8.

Presidio's context words ('sin', 'nas') are substrings of half the English and French vocabulary
('using', 'business', 'dynastie'); ours are phrases, and required.
"""

from __future__ import annotations

from dlpguard.engine.checksums import luhn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class CaSinRecognizer(PatternDetector):
    ENTITY = "CA_SIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "ca_sin",
            r"[1-79](?<![\w/+-].)(?<!\d\..)\d\d(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = (
        "social insurance",
        "sin:",
        "sin #",
        "sin#",
        "sin no",
        "sin number",
        "assurance sociale",
        "nas:",
        "numéro nas",
        "no nas",
    )
    KEYWORDS = ("social insurance", "sin", "assurance sociale", "nas")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return luhn_valid(strip_separators(pattern_text))
