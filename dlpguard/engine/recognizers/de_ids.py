"""German tax identification number (Steuer-ID) and identity card number.

Presidio's DeTaxIdRecognizer is not reused: it accepts ten distinct leading digits (the BZSt rule wants
exactly one repeated digit) and reports any bare 11-digit number that passes. Its identity-card check
treats the ninth character as an ICAO check digit, which it is not (the check digit lives only in the
machine-readable zone), so it rejects real card numbers.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import de_tax_id_digits_valid, iso7064_mod11_10_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_START = r"(?<![\w/+-].)(?<!\d\..)(?<!\d[ -].)"
_END = r"(?![\w-]|\.\d| \d)"

TAX_ID_CONTEXT = (
    "steuer-id",
    "steuerid",
    "steuer id",
    "steuer-idnr",
    "steueridentifikationsnummer",
    "steuerliche identifikationsnummer",
    "identifikationsnummer",
    "idnr",
    "id-nr",
    "tax id",
    "tax identification",
    "numéro fiscal",
    "identifiant fiscal",
    "número de identificación fiscal",
)


def de_tax_id_valid(value: str) -> bool:
    digits = strip_separators(value)
    return de_tax_id_digits_valid(digits) and iso7064_mod11_10_valid(digits)


class DeTaxIdRecognizer(PatternDetector):
    """The form printed on tax letters, `12 345 678 901`: specific enough to report alone."""

    ENTITY = "DE_TAX_ID"
    CATEGORY = Category.GOVERNMENT_ID
    # Starts on the first space (a literal the regex engine scans for quickly), the leading two digits
    # checked in a look-behind and captured as `head`, where the reported span begins.
    PATTERNS = (
        Pattern(
            "de_tax_id_grouped",
            r" (?<=(?<![\w/+-])(?<!\d\.)(?<!\d[ -])(?P<head>[1-9]\d) )\d{3} \d{3} \d{3}" + _END,
            0.5,
        ),
    )
    CONTEXT = TAX_ID_CONTEXT

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.start("head"), match.end()

    def validate_result(self, pattern_text: str) -> bool:
        return de_tax_id_valid(pattern_text)


class DeTaxIdUnformattedRecognizer(PatternDetector):
    """Eleven plain digits pass the checks often enough (about 1 in 250) to need the label."""

    ENTITY = "DE_TAX_ID"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("de_tax_id_plain", r"[1-9]" + _START + r"\d{10}" + _END, 0.5),)
    CONTEXT = TAX_ID_CONTEXT
    KEYWORDS = ("steuer", "idnr", "id-nr", "identifikationsnummer", "tax id", "tax identification", "fiscal")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return de_tax_id_valid(pattern_text)


class DeIdCardRecognizer(PatternDetector):
    """Personalausweis document number: nine characters from the ICAO alphabet without vowels and
    look-alikes (C F G H J K L M N P R T V W X Y Z and digits). No printed check digit, so the label
    is required."""

    ENTITY = "DE_ID_CARD"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "de_id_card",
            r"[CFGHJKLMNPRTVWXYZ](?<![\w-].)(?=[A-Z]*\d)[CFGHJKLMNPRTVWXYZ0-9]{8}(?![\w-])",
            0.5,
        ),
    )
    CONTEXT = (
        "personalausweis",
        "ausweisnummer",
        "ausweis-nr",
        "ausweis nr",
        "ausweis-nummer",
        "dokumentennummer",
        "identity card",
        "id card",
        "carte d'identité",
        "documento de identidad",
    )
    KEYWORDS = ("ausweis", "dokumentennummer", "identity card", "id card", "carte d'identité",
                "documento de identidad")  # fmt: skip
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)
