"""Swiss social security number (AHV / AVS / AVS-Nummer, since 2008): `756.1234.5678.97`, the country
prefix 756 and an EAN-13 check digit. The prefix and the check make it specific enough to report alone.
"""

from __future__ import annotations

from dlpguard.engine.checksums import ch_ahv_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class ChAhvRecognizer(PatternDetector):
    ENTITY = "CH_AHV"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "ch_ahv", r"756(?<![\w/+.-]756)(?P<sep>[.]?)\d{4}(?P=sep)\d{4}(?P=sep)\d\d(?![\w-]|\.\d)", 0.5
        ),
    )
    CONTEXT = ("ahv", "avs", "sozialversicherungsnummer", "numéro avs", "social security")

    def validate_result(self, pattern_text: str) -> bool:
        return ch_ahv_valid(strip_separators(pattern_text))
