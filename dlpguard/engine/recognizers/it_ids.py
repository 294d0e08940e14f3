"""Italian fiscal code (codice fiscale).

Presidio's ItFiscalCodeRecognizer is not reused: it matches case-insensitively (so every letter of a
text starts a costly attempt, ~150 ms per MB) and a wrong check character only lowers its score instead
of rejecting the match.
"""

from __future__ import annotations

from dlpguard.engine.checksums import it_fiscal_code_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

# Digits may be replaced by these letters when two people would get the same code (omocodia).
_OMOCODE = str.maketrans("LMNPQRSTUV", "0123456789")
_D = r"[\dLMNP-V]"


class ItFiscalCodeRecognizer(PatternDetector):
    """`RSSMRA85T10A562S`: surname and name letters, birth year, month letter, day (+40 for women),
    municipality code and the check letter."""

    ENTITY = "IT_FISCAL_CODE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "it_fiscal_code",
            rf"[A-Z](?<![\w-].)[A-Z]{{5}}{_D}{{2}}[ABCDEHLMPRST]{_D}{{2}}[A-Z]{_D}{{3}}[A-Z](?![\w-])",
            0.5,
        ),
    )
    CONTEXT = (
        "codice fiscale",
        "cod. fisc",
        "c.f.",
        "fiscal code",
        "code fiscal",
        "código fiscal",
        "steuernummer",
    )

    def validate_result(self, pattern_text: str) -> bool:
        day = int(pattern_text[9:11].translate(_OMOCODE))
        if not (1 <= day <= 31 or 41 <= day <= 71):
            return False
        return it_fiscal_code_valid(pattern_text)


class ItIdentityCardRecognizer(PatternDetector):
    """Carta d'identità number: the electronic card's `CA12345AB` or the paper card's `AA1234567`.
    Nothing in it is checked, so only beside its label."""

    ENTITY = "IT_IDENTITY_CARD"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("it_cie", r"C(?<![\w-].)[A-Z]\d{5}[A-Z]{2}(?![\w-])", 0.5),
        Pattern("it_paper_id", r"[A-Z](?<![\w-].)[A-Z] ?\d{7}(?![\w-])", 0.4),
    )
    CONTEXT = (
        "carta d'identità",
        "carta di identità",
        "carta d'identita",
        "carta di identita",
        "carta d’identità",
        "documento d'identità",
        "documento di identità",
        "c.i.",
        "cie:",
        "cie n",
        "identity card",
        "id card",
    )
    # Not a bare `cie`: it is inside `science`, `efficient`, `société`.
    KEYWORDS = ("identit", "c.i.", "cie:", "cie n", "id card")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (50, 20)
