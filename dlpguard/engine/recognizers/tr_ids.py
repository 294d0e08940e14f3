"""Turkish identity number (T.C. Kimlik No): eleven digits, no leading zero, two check digits.

One random eleven-digit number in a hundred passes both checks and eleven digits are everywhere
(order numbers, German tax ids), so the label is required.
"""

from __future__ import annotations

from dlpguard.engine.checksums import tr_national_id_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class TrNationalIdRecognizer(PatternDetector):
    ENTITY = "TR_NATIONAL_ID"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("tr_national_id", r"[1-9](?<![\w/+-].)(?<!\d\..)\d{10}(?![\w-]|\.\d)", 0.5),)
    CONTEXT = (
        "tc kimlik",
        "t.c. kimlik",
        "kimlik no",
        "kimlik numarası",
        "kimlik numarasi",
        "tckn",
        "tc no",
        "t.c. no",
        "nüfus cüzdanı",
        "turkish id",
        "turkish national id",
        "türk kimlik",
    )
    KEYWORDS = ("kimlik", "tckn", "tc no", "t.c.", "nüfus", "turkish")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return tr_national_id_valid(pattern_text)
