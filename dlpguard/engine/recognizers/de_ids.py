"""German tax identification number (Steuer-ID), identity card, passport and pension insurance
(Sozialversicherungs-) numbers.

Presidio's DeTaxIdRecognizer is not reused: it accepts ten distinct leading digits (the BZSt rule wants
exactly one repeated digit) and reports any bare 11-digit number that passes. Its identity-card check
treats the ninth character as an ICAO check digit, which it is not (the check digit lives only in the
machine-readable zone), so it rejects real card numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.checksums import (
    de_rvnr_valid,
    de_tax_id_digits_valid,
    icao_check_digit,
    iso7064_mod11_10_valid,
    strip_separators,
)
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import (
    Span,
    cell_at,
    cell_stretches,
    column_cells,
    matches_in,
    row_cells,
    tables_in,
)
from dlpguard.engine.types import Category, Finding

_START = r"(?<![\w/+-].)(?<!\d\..)(?<!\d[ -].)"
_END = r"(?![\w-]|\.\d| \d)"

TAX_ID_CONTEXT = (
    "steuer-id",
    "steuerid",
    "steuer id",
    "steuer_id",
    "tax_id",
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
    """Eleven plain digits pass the checks often enough (about 1 in 250) to need the label: a word
    nearby, the column's header (`steuer_id` in a CSV header or an SQL insert's column list), or the
    shape of the rows: a table column or the same value of every `INSERT … VALUES` row holding two or
    more numbers that all pass (by chance: about 1 in 60,000), or a row that is a person's record (a
    cell holding a full name: `(1, 'Max Mustermann', '86095742719')`)."""

    ENTITY = "DE_TAX_ID"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("de_tax_id_plain", r"[1-9]" + _START + r"\d{10}" + _END, 0.5),)
    CONTEXT = TAX_ID_CONTEXT
    KEYWORDS = ("steuer", "idnr", "id-nr", "identifikationsnummer", "tax id", "tax_id", "tax identification",
                "fiscal")  # fmt: skip
    REQUIRES_CONTEXT = True
    #: A value vouched for by its column rather than a label.
    COLUMN_SCORE = 0.85
    #: A lone value in a person's record: the row says what it is, less surely than a label.
    RECORD_SCORE = 0.75

    def find(self, text: str, lowered: str) -> list[Finding]:
        if self.applies(lowered):
            labelled = super().find(text, lowered)
            seen = {(f.start, f.end) for f in labelled}
            return labelled + [f for f in self._by_column(text) if (f.start, f.end) not in seen]
        return self._by_column(text) if "values" in lowered or tables_in(text) else []

    def _by_column(self, text: str) -> list[Finding]:
        """Values no label vouches for, kept when their column does (class docstring)."""
        findings = []
        # Only a cell can be vouched for by its column or row: tables and inserts are all that is read.
        for match in matches_in(self._compiled[0][1], text, cell_stretches(text)):
            start, end = match.span()
            if not de_tax_id_valid(match.group()):
                continue
            if _valid_column(text, start, end):
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.COLUMN_SCORE, self.name))
            elif _in_person_record(text, start, end):
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.RECORD_SCORE, self.name))
        return findings

    def applies(self, lowered: str) -> bool:
        return has_any(lowered, self._keywords)

    def validate_result(self, pattern_text: str) -> bool:
        return de_tax_id_valid(pattern_text)


def _valid_column(text: str, start: int, end: int) -> bool:
    """The (valid) value is a whole cell of a column whose values (two or more) all pass the checks."""
    if cell_at(text, start) != (start, end):
        return False
    cells = column_cells(text, start)
    return len(cells) >= 2 and _all_valid(text, cells[0], cells[-1], len(cells))


# "Max Mustermann", "Anna-Lena von Berg": two or more words, the first and last capitalised.
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_FULL_NAME = re.compile(rf"{_NAME_WORD}(?: (?:[a-z]{{1,3}} )?{_NAME_WORD})+")


def _in_person_record(text: str, start: int, end: int) -> bool:
    """The value is a whole cell of a row (table or SQL tuple) another cell of which is a full name."""
    cells = row_cells(text, start)
    return (start, end) in cells and any(
        (a, b) != (start, end) and _FULL_NAME.fullmatch(text, a, b) for a, b in cells
    )


@lru_cache(maxsize=64)
def _all_valid(text: str, first: Span, last: Span, count: int) -> bool:
    """Checked once per column (keyed by its ends: hashing every cell would cost as much as checking)."""
    cells = column_cells(text, first[0])
    return len(cells) == count and all(de_tax_id_valid(text[a:b]) for a, b in cells)


class DeIdCardRecognizer(PatternDetector):
    """Personalausweis document number: nine characters from the ICAO alphabet without vowels and
    look-alikes (C F G H J K L M N P R T V W X Y Z and digits). No printed check digit, so the label
    is required."""

    ENTITY = "DE_ID_CARD"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "de_id_card",
            r"[CFGHJKLMNPRTVWXYZ](?<![\w-].)(?=[A-Z]*\d)[CFGHJKLMNPRTVWXYZ0-9]{8}\d?(?![\w-])",
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

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if _document_number_valid(pattern_text) else False


def _document_number_valid(value: str) -> bool:
    """Nine characters as printed, or ten as in the machine-readable zone (the tenth its ICAO check digit)."""
    return len(value) == 9 or icao_check_digit(value[:9]) == int(value[9])


class DePassportRecognizer(PatternDetector):
    """Reisepass serial number: the identity card's alphabet, first letter C F G H J or K. Presidio
    checks an ICAO digit at the ninth place, which holds only in the machine-readable zone's tenth;
    that ten-character form is accepted when its check digit holds."""

    ENTITY = "DE_PASSPORT"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "de_passport",
            r"[CFGHJK](?<![\w-].)(?=[A-Z]*\d)[CFGHJKLMNPRTVWXYZ0-9]{8}\d?(?![\w-])",
            0.5,
        ),
    )
    CONTEXT = (
        "reisepass",
        "passnummer",
        "pass-nr",
        "pass nr",
        "passport",
        "passeport",
        "pasaporte",
    )
    KEYWORDS = ("pass", "pasaporte")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if _document_number_valid(pattern_text) else False


class DeSocialSecurityRecognizer(PatternDetector):
    """Rentenversicherungsnummer (the Sozialversicherungsnummer), `15 070649 C 103`: area, birth date,
    the birth name's initial, serial and a check digit over all of them. The date, the letter in the
    middle and the check digit make it specific enough to report without its label."""

    ENTITY = "DE_SOCIAL_SECURITY"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "de_rvnr",
            r"\d(?<![\w/+-].)(?<!\d[ .-].)\d(?P<s1> ?)\d{6}(?P=s1)[A-Za-z](?P=s1)\d\d(?P=s1)?\d"
            r"(?![\w-]|\.\d| \d)",
            0.5,
        ),
    )
    CONTEXT = (
        "sozialversicherung",
        "rentenversicherung",
        "versicherungsnummer",
        "sv-nummer",
        "sv-nr",
        "svnr",
        "rvnr",
        "social security",
    )

    def validate_result(self, pattern_text: str) -> bool:
        return de_rvnr_valid(pattern_text.replace(" ", ""))
