"""Korean resident registration number (주민등록번호): `YYMMDD-GNNNNNN`.

The birth date and the gender/century digit are checked always; the mod-11 check digit only holds for
numbers issued before October 2020 (later ones end in random digits). So the dashed form with a valid
check digit is reported alone, and any other form needs its label.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import kr_rrn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector, has_context
from dlpguard.engine.types import Category, Finding


class KrRrnRecognizer(PatternDetector):
    ENTITY = "KR_RRN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "kr_rrn",
            r"\d(?<![\w/+-].)(?<!\d\..)\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = (
        "resident registration",
        "rrn",
        "주민등록번호",
        "주민번호",
        "외국인등록번호",
        "korean id",
    )
    KEYWORDS = ("-", *CONTEXT)

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = strip_separators(pattern_text)
        if len(digits) != 13:
            return False
        # A date and gender digit are no checksum: keep the pattern's score unless the check digit holds.
        return True if kr_rrn_valid(digits) else None

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        finding = super().score_match(text, match, pattern)
        if finding is None or ("-" in match.group() and finding.score == 1.0):
            return finding
        return finding if has_context(text, *match.span(), self._context_words, self.CONTEXT_WINDOW) else None
