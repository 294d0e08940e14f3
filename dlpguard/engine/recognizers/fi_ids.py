"""Finnish personal identity code (henkilötunnus): DDMMYY, century sign, individual number, mod-31 check."""

from __future__ import annotations

import re

from dlpguard.engine.checksums import fi_hetu_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class FiPersonalIdentityCodeRecognizer(PatternDetector):
    """`131052-308T`: the century sign and the check character make a random match very unlikely."""

    ENTITY = "FI_PERSONAL_IDENTITY_CODE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "fi_hetu",
            # Starts on the century sign and checks the date digits behind it: far fewer attempts
            # than starting on every digit.
            r"[-+A-FU-Y](?<=(?<![\w/+.-])(?P<head>[0-3]\d{5}).)\d{3}[0-9A-FHJ-NPR-Y](?![\w-])",
            0.5,
        ),
    )
    CONTEXT = ("henkilötunnus", "hetu", "personbeteckning", "personal identity code", "identity code")

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.start("head"), match.end()

    def validate_result(self, pattern_text: str) -> bool:
        return fi_hetu_valid(pattern_text)
