"""French social security number (NIR, numéro INSEE) and passport number.

Sex, year, month, department (2A/2B for Corsica), commune, order and a mod-97 key: the structure and
the key together make fifteen random digits pass about once in a thousand, so no label is needed.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import fr_nir_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

# Not glued to a word, path, decimal or a longer run of digit groups (checked after the first digit).
_START = r"(?<![\w/+-].)(?<!\d\..)(?<!\d[ -].)"
# Months 01-12, 20 and 30-42/50-99 for incomplete civil records; departments 01-99 or 2A/2B.
_MONTH = r"(?:0[1-9]|1[0-2]|20|3\d|4[0-2]|[5-9]\d)"
_DEPT = r"(?:0[1-9]|[1-9]\d|2[AB])"
_END = r"(?![\w-]|\.\d| \d)"


class FrNirRecognizer(PatternDetector):
    ENTITY = "FR_NIR"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        # Compact: 185057800608491 or 1850578006084 91, sex 1 or 2 only (a 3 would take IMEIs).
        Pattern("fr_nir_compact", r"[12]" + _START + r"\d\d" + _MONTH + _DEPT + r"\d{6} ?\d\d" + _END, 0.5),
        # Spaced: 1 85 05 78 006 084 91, provisional numbers (3, 4, 7, 8) too. Starts on the first
        # space, a literal the regex engine scans for quickly; the sex digit is captured as `head`.
        Pattern(
            "fr_nir_spaced",
            r" (?<=(?<![\w/+-])(?<!\d\.)(?<!\d[ -])(?P<head>[1-478]) )\d\d " + _MONTH + " " + _DEPT
            + r" \d{3} \d{3} \d\d" + _END,
            0.5,
        ),
    )
    CONTEXT = (
        "sécurité sociale",
        "securite sociale",
        "sécu",
        "secu",
        "nir",
        "insee",
        "carte vitale",
        "assuré social",
        "social security",
        "sozialversicherung",
        "seguridad social",
    )

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        if "head" in match.re.groupindex:
            return match.start("head"), match.end()
        return match.span()

    def validate_result(self, pattern_text: str) -> bool:
        value = strip_separators(pattern_text)
        return value[10:13] != "000" and fr_nir_valid(value)


class FrPassportRecognizer(PatternDetector):
    """French passport number, `19WT50359`: two digits, two letters, five digits. No check digit outside
    the machine-readable zone, so only beside its label."""

    ENTITY = "FR_PASSPORT"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("fr_passport", r"\d(?<![\w-].)\d[A-Z]{2}\d{5}(?![\w-])", 0.5),)
    CONTEXT = ("passeport", "passport", "pasaporte", "reisepass")
    KEYWORDS = ("passeport", "passport", "pasaporte", "reisepass")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)
