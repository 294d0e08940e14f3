"""Singapore NRIC / FIN: S, T, F, G or M, seven digits, a check letter.

Presidio's SgFinRecognizer has no checksum; ours checks the letter (tables per series), which makes the
shape safe to report alone.
"""

from __future__ import annotations

from dlpguard.engine.checksums import sg_nric_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class SgNricFinRecognizer(PatternDetector):
    ENTITY = "SG_NRIC_FIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("sg_nric_fin", r"[STFGM](?<![\w-].)\d{7}[A-Z](?![\w-])", 0.5),)
    CONTEXT = ("nric", "fin", "identity card", "ic number", "ic no")

    def validate_result(self, pattern_text: str) -> bool:
        return sg_nric_valid(pattern_text)
