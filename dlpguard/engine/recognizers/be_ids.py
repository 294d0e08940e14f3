"""Belgian national register number (rijksregisternummer / numéro de registre national):
`85.07.30-033.28`, a birth date, a serial and a mod-97 check. The dotted form is reported alone; eleven
plain digits only beside their label.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import be_national_number_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_CONTEXT = ("rijksregisternummer", "rijksregister", "registre national", "numéro national", "national number",
            "insz", "niss", "identificatienummer")  # fmt: skip


class BeNationalNumberRecognizer(PatternDetector):
    """The printed form `YY.MM.DD-SSS.CC`."""

    ENTITY = "BE_NATIONAL_NUMBER"
    CATEGORY = Category.GOVERNMENT_ID
    # Starts on the first dot (a literal the regex engine scans for fast); the year is checked behind it
    # and captured as `head`, where the span begins.
    PATTERNS = (
        Pattern(
            "be_nn_dotted",
            r"\.(?<=(?<![\w/+.-])(?P<head>\d\d)\.)[0-5]\d\.[0-3]\d-\d{3}\.\d\d(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = _CONTEXT

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.start("head"), match.end()

    def validate_result(self, pattern_text: str) -> bool:
        return be_national_number_valid(strip_separators(pattern_text))


class BeNationalNumberPlainRecognizer(PatternDetector):
    """Eleven digits (or `YYMMDD-SSS-CC`) beside the label."""

    ENTITY = "BE_NATIONAL_NUMBER"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("be_nn_plain", r"\d(?<![\w/+.-].)\d{5}-?\d{3}-?\d\d(?![\w-]|\.\d)", 0.5),
    )
    CONTEXT = _CONTEXT
    KEYWORDS = ("rijksregister", "registre national", "numéro national", "national number", "insz", "niss",
                "identificatienummer")  # fmt: skip
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)

    def validate_result(self, pattern_text: str) -> bool:
        return be_national_number_valid(strip_separators(pattern_text))
