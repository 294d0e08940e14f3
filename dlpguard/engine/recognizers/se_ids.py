"""Swedish personnummer / samordningsnummer: (YY)YYMMDD, optional -/+, four digits, Luhn.

Ten digits with a plausible date pass Luhn often (phone numbers such as 070… do), so the word is needed.
"""

from __future__ import annotations

from dlpguard.engine.checksums import se_personnummer_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class SePersonnummerRecognizer(PatternDetector):
    ENTITY = "SE_PERSONNUMMER"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "se_personnummer",
            r"\d(?<![\w/+-].)(?<!\d\..)(?:\d\d)?\d{5}[-+]?\d{4}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("personnummer", "samordningsnummer", "personnr", "person number", "personal identity number")
    KEYWORDS = ("personnummer", "samordningsnummer", "personnr", "person number", "personal identity number")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return se_personnummer_valid(strip_separators(pattern_text).replace("+", ""))
