"""Australian tax file number and business number.

Both are short digit runs with weak checks (mod 11 and mod 89), so both need their word.
"""

from __future__ import annotations

from dlpguard.engine.checksums import au_abn_valid, au_tfn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_START = r"(?<![\w/+-].)(?<!\d\..)"
_END = r"(?![\w-]|\.\d)"


class AuTfnRecognizer(PatternDetector):
    """`123 456 782` or nine plain digits."""

    ENTITY = "AU_TFN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("au_tfn", r"\d" + _START + r"\d\d(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}" + _END, 0.5),)
    CONTEXT = ("tax file number", "tfn")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return au_tfn_valid(strip_separators(pattern_text))


class AuAbnRecognizer(PatternDetector):
    """`51 824 753 556` or eleven plain digits."""

    ENTITY = "AU_ABN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("au_abn", r"[1-9]" + _START + r"\d(?P<sep> ?)\d{3}(?P=sep)\d{3}(?P=sep)\d{3}" + _END, 0.5),
    )
    CONTEXT = ("australian business number", "abn:", "abn ", "abn#", "(abn)")
    KEYWORDS = ("australian business number", "abn")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return au_abn_valid(strip_separators(pattern_text))
