"""Indian Aadhaar number: twelve digits (often 4-4-4), Verhoeff check.

Twelve-digit numbers are common (AWS account ids, order numbers) and one in ten passes Verhoeff, so
the word is needed.
"""

from __future__ import annotations

from dlpguard.engine.checksums import in_aadhaar_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class InAadhaarRecognizer(PatternDetector):
    ENTITY = "IN_AADHAAR"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "in_aadhaar",
            r"[2-9](?<![\w/+-].)(?<!\d\..)\d{3}(?P<sep>[ -]?)\d{4}(?P=sep)\d{4}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("aadhaar", "aadhar", "uidai", "आधार")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return in_aadhaar_valid(strip_separators(pattern_text))
