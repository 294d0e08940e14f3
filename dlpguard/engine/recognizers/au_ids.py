"""Australian tax file number, business and company numbers, Medicare card number.

All are short digit runs with weak checks (mod 11, mod 89, mod 10), so all need their word.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import (
    au_abn_valid,
    au_acn_valid,
    au_medicare_valid,
    au_tfn_valid,
    strip_separators,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

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

    #: An account label right before the number claims it: "bsb 140-378 acc 439716404 … my tfn is …".
    _OTHER_LABEL_BEFORE = re.compile(r"(?i:\b(?:acc(?:ount)?|acct|a/c)\.?[ \t]*(?:no\.?|number|#|:)?[ \t]*$)")

    def validate_result(self, pattern_text: str) -> bool:
        return au_tfn_valid(strip_separators(pattern_text))

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        if self._OTHER_LABEL_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            return None
        return super().score_match(text, match, pattern)


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


class AuAcnRecognizer(PatternDetector):
    """Australian company number: `004 085 616` or nine plain digits."""

    ENTITY = "AU_ACN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("au_acn", r"\d" + _START + r"\d\d(?P<sep> ?)\d{3}(?P=sep)\d{3}" + _END, 0.5),)
    CONTEXT = ("australian company number", "acn:", "acn ", "acn#", "(acn)", "a.c.n.")
    KEYWORDS = ("australian company number", "acn", "a.c.n.")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return au_acn_valid(strip_separators(pattern_text))


class AuMedicareRecognizer(PatternDetector):
    """Medicare card number as printed, `2123 45670 1`, or ten plain digits."""

    ENTITY = "AU_MEDICARE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("au_medicare", r"[2-6]" + _START + r"\d{3}(?P<sep> ?)\d{5}(?P=sep)\d" + _END, 0.5),)
    CONTEXT = ("medicare",)
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return au_medicare_valid(strip_separators(pattern_text))
