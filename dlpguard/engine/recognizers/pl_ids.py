"""Polish PESEL: eleven digits, birth date with the century folded into the month, weighted check.

Presidio's PlPeselRecognizer has no word boundaries (it fires inside longer digit runs) and reports
without context; about one random 11-digit number in fifty passes, so ours needs the word PESEL.
"""

from __future__ import annotations

from dlpguard.engine.checksums import pl_pesel_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class PlPeselRecognizer(PatternDetector):
    ENTITY = "PL_PESEL"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("pl_pesel", r"\d(?<![\w/+-].)(?<!\d\..)\d{10}(?![\w-]|\.\d)", 0.5),)
    CONTEXT = ("pesel",)
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return pl_pesel_valid(pattern_text)
