"""Dutch citizen service number (burgerservicenummer, BSN): nine digits and the eleven test.

Nine digits pass the test one time in eleven, so a BSN is reported only beside its label, or in a column
headed by it.
"""

from __future__ import annotations

from dlpguard.engine.checksums import nl_bsn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class NlBsnRecognizer(PatternDetector):
    ENTITY = "NL_BSN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        # 123456782, 1234.56.782, 123 456 782 (as letters and forms group it)
        Pattern(
            "nl_bsn",
            r"\d(?<![\w/+-].)(?<!\d\..)(?:\d{8}|\d{3}[. ]\d{2}[. ]\d{3}|\d{2}(?P<sep>[. ])\d{3}(?P=sep)\d{3})"
            r"(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("bsn", "burgerservicenummer", "burger service nummer", "sofinummer", "sofi-nummer",
               "citizen service number")  # fmt: skip
    KEYWORDS = ("bsn", "burgerservice", "burger service", "sofi", "citizen service number")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)

    def validate_result(self, pattern_text: str) -> bool:
        return nl_bsn_valid(strip_separators(pattern_text))
