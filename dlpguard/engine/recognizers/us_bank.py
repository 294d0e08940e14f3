"""US bank routing (ABA) and account numbers: bare digit runs, so reported only beside their label.
A routing number whose 3-7-1 checksum holds but whose prefix is no Federal Reserve district's is
reported only with "routing" or "ABA" right before it.

Presidio's UsBankRecognizer scores 0.05 and, even with its context boost, never reaches a useful
threshold; ours asks for an account word instead and then trusts the number.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import aba_checksum_valid, aba_routing_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

# First digit matched before the look-behinds so the regex engine skips straight to digits.
_START = r"(?<![\w/+-].)(?<!\d\..)"
_END = r"(?![\w-]|\.\d)"


class AbaRoutingRecognizer(PatternDetector):
    """Nine digits with the 3-7-1 checksum and a Federal Reserve prefix, next to 'routing' or 'ABA'."""

    ENTITY = "ABA_ROUTING_NUMBER"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (
        Pattern("aba_routing", r"[0-36-8]" + _START + r"(?:\d{8}|\d{3}-\d{4}-\d)" + _END, 0.5),
    )
    # 'aba' alone is inside 'database' and any hex string: only as a label.
    CONTEXT = (
        "routing",
        "aba number",
        "aba no",
        "aba:",
        "aba#",
        "aba/",
        "(aba)",
        "rtn",
        "transit",
        "enrutamiento",
        "número de ruta",
    )
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    #: The label right before the number: "Routing: 334625368", "| Routing no. | …", "ABA# …".
    _LABEL_BEFORE = re.compile(r"(?i:routing|\baba)\W{0,3}(?:number|no\.?|nr\.?|#|:)?\W{0,6}$")

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = strip_separators(pattern_text)
        if aba_routing_valid(digits):
            return True
        # The checksum holds but the prefix is no Federal Reserve district's: still a routing number
        # where its label stands right before it (see `score_match`), as forms and test data write them.
        return None if aba_checksum_valid(digits) else False

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        finding = super().score_match(text, match, pattern)
        if finding is None or finding.score >= 1.0:
            return finding
        before = text[max(0, finding.start - 24) : finding.start]
        return finding if self._LABEL_BEFORE.search(before) else None


class UsBankNumberRecognizer(PatternDetector):
    """8-17 digits labelled as an account number; no checksum exists, so the label is required."""

    ENTITY = "US_BANK_NUMBER"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (Pattern("bank_account_number", r"\d" + _START + r"\d{7,16}" + _END, 0.5),)
    CONTEXT = (
        "account number",
        "account no",
        "account #",
        "account#",
        "acct",
        "a/c",
        "checking account",
        "savings account",
        "bank account",
        "kontonummer",
        "numéro de compte",
        "n° de compte",
        "número de cuenta",
    )
    # The phrases themselves, not 'konto' or 'cuenta': those are in every other German or Spanish
    # customer mail, and each such mail would buy a scan of every digit.
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    # The label precedes the number ("Account number: 12345678"); a long window would also claim the
    # routing number or the amount on the same line.
    CONTEXT_WINDOW = (50, 10)
