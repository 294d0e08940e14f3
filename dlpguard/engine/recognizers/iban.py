"""IBANs (ISO 13616): a known country, that country's exact length, and the mod-97 check.

Printed compact or in groups of four separated by single spaces (or dashes), upper case. A lower-case
IBAN is accepted compact only and only next to an IBAN or account word: scanning every lower-case letter
as a possible start costs more than such rare pastes are worth.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import iban_checksum_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

#: IBAN length per country (SWIFT IBAN registry): every SEPA country and the other issuers.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

IBAN_CONTEXT = (
    "iban",
    "account",
    "bank",
    "sepa",
    "konto",
    "bankverbindung",
    "überweisung",
    "compte",
    "rib",
    "virement",
    "cuenta",
    "transferencia",
)

_END = r"(?![\w-])"


def iban_valid(value: str) -> bool:
    """Country known, length exact for that country, mod 97 == 1; spaces ignored."""
    compact = value.replace(" ", "").replace("-", "").upper()
    return IBAN_LENGTHS.get(compact[:2]) == len(compact) and iban_checksum_valid(compact)


class IbanRecognizer(PatternDetector):
    ENTITY = "IBAN_CODE"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (
        Pattern(
            "iban",
            # Two capitals (look-behind after them, and `[A-Z][A-Z]` since a repeat does not open on a
            # class: so the engine skips to capitals), check digits, then the rest compact or in groups
            # of four with a shorter last group.
            r"[A-Z][A-Z](?<![\w-]..)\d\d(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?"
            r"|(?:-[A-Z0-9]{4}){2,7}(?:-[A-Z0-9]{1,3})?)" + _END,
            0.5,
        ),
    )
    CONTEXT = IBAN_CONTEXT

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        """Grouped IBAN followed by one more group of digits: stop at the country's length."""
        start, end = match.span()
        value = match.group()
        length = IBAN_LENGTHS.get(value[:2])
        sep = "-" if "-" in value else " "
        if length is None or sep not in value:
            return start, end
        seen = 0
        for i, ch in enumerate(value):
            if ch != sep:
                seen += 1
                if seen == length:
                    return (start, start + i + 1) if value[i + 1 : i + 2] in ("", sep) else (start, end)
        return start, end

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text)


class IbanLowercaseRecognizer(PatternDetector):
    """`de44500105175407324931` typed in lower case: compact only, and only beside an IBAN word."""

    ENTITY = "IBAN_CODE"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (Pattern("iban_lowercase", r"[a-z]{2}(?<![\w-]..)\d\d[a-z0-9]{11,30}" + _END, 0.5),)
    # Phrases rather than IBAN_CONTEXT's single words: 'konto' and 'cuenta' occur in every other German
    # or Spanish customer mail, and each occurrence would buy a scan of every lower-case letter.
    CONTEXT = (
        "iban",
        "sepa",
        "bankverbindung",
        "kontonummer",
        "numéro de compte",
        "número de cuenta",
        "account number",
        "bank account",
    )
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text)
