"""Mexico's CURP (Clave Única de Registro de Población): 18 characters that spell the holder's initials,
birth date, sex and state, then a check digit over the first 17 (`GODE561231HDFRRN09`).

The layout alone is specific (letters, six date digits, H/M, a state code, three consonants), and the
check digit settles it, so a CURP is reported without a label.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
#: The 32 states' codes, and NE for born abroad.
_STATES = frozenset(
    """
    AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE
    """.split()  # noqa: SIM905 - a code list reads better as text
)


def curp_valid(value: str) -> bool:
    """The state code is one of the 32 (or NE, born abroad) and the last digit is 10 minus the weighted
    sum of the first 17 characters (weights 18 down to 2) modulo 10."""
    if len(value) != 18 or value[11:13] not in _STATES or not value[17].isdigit():
        return False
    if any(c not in _ALPHABET for c in value[:17]):
        return False
    total = sum(_ALPHABET.index(c) * (18 - i) for i, c in enumerate(value[:17]))
    return (10 - total % 10) % 10 == int(value[17])


class MxCurpRecognizer(PatternDetector):
    ENTITY = "MX_CURP"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "mx_curp",
            r"(?<![A-Za-z0-9])[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX]"
            r"[A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d(?![A-Za-z0-9])",
            0.9,
        ),
    )
    CONTEXT = ("curp", "clave única", "registro de población")

    def validate_result(self, pattern_text: str) -> bool:
        return curp_valid(pattern_text)
