"""Austrian social insurance number (Sozialversicherungsnummer): `1237 010180`, a serial, a check digit
and the birth date. Ten digits pass the check often enough to need the label.
"""

from __future__ import annotations

from dlpguard.engine.checksums import at_svnr_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class AtSvnrRecognizer(PatternDetector):
    ENTITY = "AT_SOCIAL_SECURITY"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("at_svnr", r"[1-9](?<![\w/+.-].)\d{3} ?\d{6}(?![\w-]|\.\d| \d)", 0.5),)
    CONTEXT = ("sozialversicherungsnummer", "versicherungsnummer", "sv-nummer", "sv-nr", "svnr", "svn:",
               "social security")  # fmt: skip
    KEYWORDS = ("versicherungsnummer", "sv-n", "svnr", "svn:", "social security")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)

    def validate_result(self, pattern_text: str) -> bool:
        return at_svnr_valid(strip_separators(pattern_text))
