"""South African identity number: thirteen digits, a birth date, a citizenship digit and Luhn.

About one random thirteen-digit number in a thousand passes (EAN barcodes, order numbers), so the
label is required.
"""

from __future__ import annotations

from dlpguard.engine.checksums import strip_separators, za_id_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class ZaIdNumberRecognizer(PatternDetector):
    """`8001015009087`, or grouped `800101 5009 087`."""

    ENTITY = "ZA_ID_NUMBER"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "za_id_number",
            r"\d(?<![\w/+-].)(?<!\d\..)\d{5}(?P<sep> ?)\d{4}(?P=sep)\d{3}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = (
        "south african id",
        "rsa id",
        "sa id",
        "id number",
        "identity number",
        "id no",
        "identiteitsnommer",
        "resident number",
    )
    KEYWORDS = ("south africa", "rsa", "sa id", "id number", "identity number", "id no", "identiteitsnommer",
                "resident number")  # fmt: skip
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return za_id_valid(strip_separators(pattern_text))
