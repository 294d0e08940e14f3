"""US identity numbers: SSN, ITIN, passport and driver's licence.

SSNs and ITINs have no check digit, only ranges, so the dashed or spaced shape is reported alone and
nine plain digits only beside their label. Passport and licence numbers are bare shapes and always need
their label.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

# Not glued to a word, path, phone prefix or decimal; not the middle of a longer run of digit groups.
_NOT_GLUED = r"(?<![\w/+-])(?<!\d\.)(?<!\d[ -])"
# The same, checked after the first character: the regex engine then skips straight to candidates.
_START = r"(?<![\w/+-].)(?<!\d\..)(?<!\d[ -].)"
_END = r"(?![\w-]|\.\d)"
_END_SPACED = r"(?![\w-]|\.\d| \d)"

SSN_CONTEXT = (
    "ssn",
    "social security",
    "soc sec",
    "seguro social",
    "sozialversicherungsnummer",
    "sécurité sociale",
)
ITIN_CONTEXT = ("itin", "taxpayer identification", "tax id", "tin:", "tin #", "tin no", "tin number")


def ssn_valid(digits: str) -> bool | None:
    """Issued ranges only: area not 000, 666 or 900-999, group not 00, serial not 0000.
    None rather than True: passing the ranges is no checksum and must not raise the score."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    # Published examples (123-45-6789, the Woolworth wallet's 078-05-1120) are matched here and set
    # aside by the known-test-value filter, which tells the user so.
    if len(set(digits)) == 1:
        return False
    if all(len(set(part)) == 1 for part in (area, group, serial)):
        return False  # 111-22-3333: the made-up shape of documentation and sample data
    return None


def itin_valid(digits: str) -> bool | None:
    """IRS ITIN: 9XX, group 50-65, 70-88, 90-92 or 94-99."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits[0] != "9":
        return False
    group = int(digits[3:5])
    if not (50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99):
        return False
    return None


class UsSsnRecognizer(PatternDetector):
    """`123-45-6789` or `123 45 6789` (one separator throughout).

    Each pattern starts at its first separator, a literal the regex engine finds with a fast scan
    (about 1 ms per MB for the dash, against 15 for starting on every digit); the area number is
    checked by a look-behind and captured as `head`, where the reported span begins."""

    ENTITY = "US_SSN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("ssn_dashed", r"-(?<=" + _NOT_GLUED + r"(?P<head>[0-8]\d\d)-)\d\d-\d{4}" + _END, 0.6),
        Pattern("ssn_spaced", r" (?<=" + _NOT_GLUED + r"(?P<head>[0-8]\d\d) )\d\d \d{4}" + _END_SPACED, 0.5),
    )
    CONTEXT = SSN_CONTEXT

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.start("head"), match.end()

    def validate_result(self, pattern_text: str) -> bool | None:
        return ssn_valid(strip_separators(pattern_text))


class UsSsnUnformattedRecognizer(PatternDetector):
    """Nine plain digits are everywhere (ids, amounts, zip+4): only with an SSN label nearby."""

    ENTITY = "US_SSN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("ssn_plain", r"[0-8]" + _START + r"\d{8}" + _END, 0.5),)
    CONTEXT = SSN_CONTEXT
    KEYWORDS = SSN_CONTEXT
    REQUIRES_CONTEXT = True

    #: A bank label earlier on the number's own line ("Routing / Account: 123456789 / …") says what the
    #: digits are, whatever SSN word the line below holds.
    _BANK_LABEL_BEFORE = re.compile(r"(?i:routing|\baba\b|acc[o0]unt|\bacct|a/c|sort[ _-]?code|\bbsb\b|iban)")
    _SSN_LABEL_BEFORE = re.compile("|".join(map(re.escape, SSN_CONTEXT)), re.IGNORECASE)

    def validate_result(self, pattern_text: str) -> bool | None:
        return ssn_valid(pattern_text)

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        finding = super().score_match(text, match, pattern)
        if finding is None:
            return None
        line = text[text.rfind("\n", 0, finding.start) + 1 : finding.start]
        if self._BANK_LABEL_BEFORE.search(line) and not self._SSN_LABEL_BEFORE.search(line):
            return None
        return finding


class UsItinRecognizer(PatternDetector):
    ENTITY = "US_ITIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("itin_formatted", r"9" + _START + r"\d\d(?P<sep>[ -])\d\d(?P=sep)\d{4}" + _END_SPACED, 0.6),
    )
    CONTEXT = ITIN_CONTEXT

    def validate_result(self, pattern_text: str) -> bool | None:
        return itin_valid(strip_separators(pattern_text))


class UsItinUnformattedRecognizer(PatternDetector):
    ENTITY = "US_ITIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("itin_plain", r"9" + _START + r"\d{8}" + _END, 0.5),)
    CONTEXT = ITIN_CONTEXT
    KEYWORDS = ITIN_CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool | None:
        return itin_valid(pattern_text)


class UsPassportRecognizer(PatternDetector):
    """Nine digits, or a letter and eight digits (next-generation book), beside a passport word."""

    ENTITY = "US_PASSPORT"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("us_passport", r"[A-Z0-9]" + _START + r"\d{8}" + _END, 0.5),)
    CONTEXT = ("passport", "reisepass", "passeport", "pasaporte", "travel document")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)


class UsDriverLicenseRecognizer(PatternDetector):
    """State formats vary too much to check; a licence label right before the number is required."""

    ENTITY = "US_DRIVER_LICENSE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "us_driver_license",
            r"[A-Z0-9]" + _START + r"(?:(?<=[A-Z])[A-Z]?\d{4,14}"  # A1234567, WA: WDL…, CA: A1234567
            r"|(?<=[A-Z])\d{3}-\d{3,4}-\d{2,4}(?:-\d{1,3}){0,2}"  # IL/FL/WI: D400-7836-0001
            r"|(?<=\d)\d{6,11})" + _END,  # NY, TX, PA …: 7-12 digits
            0.5,
        ),
    )
    CONTEXT = (
        "driver's license",
        "driver license",
        "drivers license",
        "driver's licence",
        "driver licence",
        "driving licence",
        "driving license",
        "license number",
        "licence number",
        "license no",
        "dl#",
        "dl #",
        "dl no",
        "dl number",
    )
    KEYWORDS = ("driv", "licen", "dl#", "dl #", "dl n")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 10)
