"""Payment card numbers: a brand's prefix and length, and the Luhn check.

One regex finds digit runs of card length (compact, or grouped 4-4-4-4[-3] / 4-6-5 / 4-6-4 with one
separator used throughout); the checksum and the brand table then reject almost every accidental match.
What survives and still is not a card is an identifier that happens to pass Luhn, so a number labelled
as an order, invoice or request id with no card word near it is dropped.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import luhn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector, has_context
from dlpguard.engine.tables import column_header
from dlpguard.engine.types import Category, Finding

# (first digits, low, high, allowed lengths): prefix ranges compared on the same number of digits.
_BRANDS: tuple[tuple[int, int, int, frozenset[int]], ...] = (
    (1, 4, 4, frozenset({13, 16, 19})),  # Visa
    (2, 51, 55, frozenset({16})),  # Mastercard
    (4, 2221, 2720, frozenset({16})),  # Mastercard 2-series
    (2, 34, 34, frozenset({15})),  # American Express
    (2, 37, 37, frozenset({15})),
    (4, 6011, 6011, frozenset({16, 17, 18, 19})),  # Discover
    (3, 644, 649, frozenset({16, 17, 18, 19})),
    (2, 65, 65, frozenset({16, 17, 18, 19})),
    (4, 3528, 3589, frozenset({16, 17, 18, 19})),  # JCB
    (3, 300, 305, frozenset({14, 15, 16, 17, 18, 19})),  # Diners Club
    (2, 36, 36, frozenset({14, 15, 16, 17, 18, 19})),
    (2, 38, 39, frozenset({14, 15, 16, 17, 18, 19})),
    (2, 62, 62, frozenset({16, 17, 18, 19})),  # UnionPay
    (4, 5018, 5018, frozenset(range(13, 20))),  # Maestro
    (4, 5020, 5020, frozenset(range(13, 20))),
    (4, 5038, 5038, frozenset(range(13, 20))),
    (4, 5893, 5893, frozenset(range(13, 20))),
    (4, 6304, 6304, frozenset(range(13, 20))),
    (4, 6759, 6759, frozenset(range(13, 20))),
    (4, 6761, 6763, frozenset(range(13, 20))),
)


def card_brand_matches(digits: str) -> bool:
    """True when some card brand issues numbers with this prefix and this length."""
    return any(
        low <= int(digits[:width]) <= high and len(digits) in lengths for width, low, high, lengths in _BRANDS
    )


def card_number_valid(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and card_brand_matches(digits) and luhn_valid(digits)


# The first digit is matched before the look-behinds so that the regex engine can skip ahead to
# candidate digits instead of trying every position. Not glued to a word, an id, a path or a decimal
# point (a comma is a CSV column, not a decimal separator, here).
_FIRST = r"[2-6](?<![\w/+-].)(?<!\d\..)"
_END = r"(?![\w-]|\.\d)"
_CARD = (
    _FIRST + r"(?:"
    r"\d{12,18}" + _END + r"|"
    # 4-4-4-4, optionally -3 (19 digits), never continuing a longer run of groups to the left
    r"\d{3}(?<!\d[ -]\d{4})(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}"
    r"(?P<ext>(?P=sep)\d{3}" + _END + r")?" + _END + r"|"
    # American Express 4-6-5, Diners 4-6-4
    r"(?<=3)\d{3}(?<!\d[ -]\d{4})(?P<sep2>[ -])\d{6}(?P=sep2)\d{4,5}" + _END + r")"
)

# `order_id=`, `Invoice #`, `"trace": `, `default_rng(`: the number is named as something else.
_IDENTIFIER_LABEL = re.compile(
    r"(?i)(?:^|[^a-z])(?:order|invoice|inv|tracking|shipment|parcel|txn|transaction|trace|span|request|req|"
    r"ticket|case|sku|uuid|id|ref|reference|booking|confirmation|bestell\w*|commande|pedido|factura|rechnung|"
    r"seed|rng|random_state|nonce|hash|checksum|ean|gtin|upc|isbn|barcode)"
    r"(?:[ _-]?(?:id|no|nr|number|num|#)\.?)?[\"']?\s*(?:[:=#]|=>|->)?\s*[\"'(\[]?\s*$"
)


_PRODUCT_CODE_HEADER = re.compile(r"(?:^|[^a-z])(?:ean|gtin|upc|isbn|barcode|sku)(?:[^a-z]|$)")


class CreditCardRecognizer(PatternDetector):
    ENTITY = "CREDIT_CARD"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (Pattern("card_number", _CARD, 0.5),)
    CONTEXT = (
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "amex",
        "american express",
        "discover",
        "jcb",
        "diners",
        "unionpay",
        "maestro",
        "cvv",
        "cvc",
        "expir",
        "exp.",
        "karte",
        "kreditkarte",
        "carte",
        "cb ",
        "tarjeta",
        "crédito",
        "débito",
    )

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        """A 4-4-4-4 card followed by three more digits: 19-digit card, or a card and then its CVV."""
        if match.group("ext") and not card_number_valid(strip_separators(match.group())):
            return match.start(), match.start("ext")
        return match.span()

    def validate_result(self, pattern_text: str) -> bool:
        return card_number_valid(strip_separators(pattern_text))

    def find(self, text: str, lowered: str) -> list[Finding]:
        return [f for f in super().find(text, lowered) if not self._named_as_identifier(text, f)]

    def _named_as_identifier(self, text: str, finding: Finding) -> bool:
        before = text[max(0, finding.start - 40) : finding.start]
        line_start = before.rfind("\n")
        if not _IDENTIFIER_LABEL.search(before[line_start + 1 :]):
            # An `ean` / `gtin` / `isbn` column of a product export: EAN-13 codes pass Luhn one time in ten.
            header = column_header(text, finding.start)
            return header is not None and _PRODUCT_CODE_HEADER.search(header) is not None
        return not has_context(text, finding.start, finding.end, self._context_words, self.CONTEXT_WINDOW)
