"""Thai national identification number (เลขประจำตัวประชาชน): thirteen digits, mod-11 check digit.

The printed form `1-2345-67890-12-1` is distinctive and reported alone once its check digit holds;
thirteen plain digits (one in ten passes) need their label.
"""

from __future__ import annotations

from dlpguard.engine.checksums import strip_separators, th_tnin_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_START = r"(?<![\w/+-].)(?<!\d\..)"
_END = r"(?![\w-]|\.\d)"
TNIN_CONTEXT = (
    "thai national id",
    "thai id",
    "tnin",
    "national id number",
    "เลขประจำตัวประชาชน",
    "เลขบัตรประชาชน",
    "บัตรประชาชน",
    "รหัสปชช",
)


def _valid(pattern_text: str) -> bool:
    return th_tnin_valid(strip_separators(pattern_text))


class ThTninRecognizer(PatternDetector):
    """`1-2345-67890-12-1` (or with spaces)."""

    ENTITY = "TH_TNIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "th_tnin_grouped",
            r"[1-8]" + _START + r"(?P<sep>[- ])\d{4}(?P=sep)\d{5}(?P=sep)\d\d(?P=sep)\d" + _END,
            0.5,
        ),
    )
    CONTEXT = TNIN_CONTEXT

    def validate_result(self, pattern_text: str) -> bool:
        return _valid(pattern_text)


class ThTninPlainRecognizer(PatternDetector):
    """Thirteen plain digits beside their label."""

    ENTITY = "TH_TNIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("th_tnin_plain", r"[1-8]" + _START + r"\d{12}" + _END, 0.5),)
    CONTEXT = TNIN_CONTEXT
    KEYWORDS = ("thai", "tnin", "national id", "ประชาชน", "รหัสปชช")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return _valid(pattern_text)
