"""Irish Personal Public Service number (PPSN): `1234567T` or `1234567TA`, seven digits and a mod-23
check letter. Reported beside its label.
"""

from __future__ import annotations

from dlpguard.engine.checksums import ie_ppsn_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class IePpsnRecognizer(PatternDetector):
    ENTITY = "IE_PPSN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("ie_ppsn", r"\d(?<![\w/+.-].)\d{6}[A-W][A-IW]?(?![\w-])", 0.5),)
    CONTEXT = ("ppsn", "pps number", "pps no", "pps on file", "pps:", "pps nr", "personal public service")
    KEYWORDS = ("pps", "personal public service")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)

    def validate_result(self, pattern_text: str) -> bool:
        return ie_ppsn_valid(pattern_text)
