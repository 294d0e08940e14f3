"""UK National Insurance numbers and NHS numbers.

A NINO has no check digit but a narrow shape (HMRC's allowed prefix letters, suffix A-D), so it is
reported alone. An NHS number is ten digits with a mod-11 check that one in eleven random numbers
passes: only beside an NHS word.
"""

from __future__ import annotations

from dlpguard.engine.checksums import strip_separators, uk_nhs_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

# Prefixes never issued (HMRC NIM39110), on top of the letters excluded in the regex.
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


class UkNinoRecognizer(PatternDetector):
    """`QQ 12 34 56 C`, `QQ123456C`: first letter not D F I Q U V, second not D F I O Q U V."""

    ENTITY = "UK_NINO"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "uk_nino",
            r"[A-CEGHJ-PR-TW-Z](?<![\w-].)[A-CEGHJ-NPR-TW-Z] ?\d\d( ?)\d\d\1\d\d ?[A-D](?![\w-])",
            0.6,
        ),
    )
    CONTEXT = (
        "national insurance",
        "nino",
        "ni number",
        "ni no",
        "nin:",
        "versicherungsnummer",
        "assurance nationale",
        "seguro nacional",
    )

    def validate_result(self, pattern_text: str) -> bool | None:
        if pattern_text[:2] in _NINO_BAD_PREFIXES:
            return False
        return None


class UkNhsRecognizer(PatternDetector):
    ENTITY = "UK_NHS"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "uk_nhs",
            r"\d(?<![\w/+-].)(?<!\d\..)\d\d(?P<sep>[ -]?)\d{3}(?P=sep)\d{4}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("nhs", "national health service", "health service number")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return uk_nhs_valid(strip_separators(pattern_text))
