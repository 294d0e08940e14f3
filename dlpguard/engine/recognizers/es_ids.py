"""Spanish DNI/NIF and NIE: digits and a mod-23 control letter.

Written here rather than wrapping presidio's: same checksum (in `checksums`), but a cheaper regex that
also reads the dotted `12.345.678-Z` form, and context words that are whole phrases.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import es_nie_valid, es_nif_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_LETTER = r"[TRWAGMYFPDXBNJZSQVHLCKE]"
_END = r"(?![\w-])"
_NOT_GLUED = r"(?<![\w/+.-])"
# The NIF pattern starts on its control letter (a few percent of characters, where starting on every
# digit costs three times as much on logs) and checks the digits in look-behinds; each form captures
# its digits as h0..h3, where the reported span begins.
_NIF_FORMS = (r"\d{8}", r"\d{8}-", r"\d\d\.\d{3}\.\d{3}", r"\d\d\.\d{3}\.\d{3}-")
_NIF = (
    _LETTER
    + "(?:"
    + "|".join(f"(?<={_NOT_GLUED}(?P<h{i}>{form}).)" for i, form in enumerate(_NIF_FORMS))
    + ")"
    + _END
)

ES_CONTEXT = (
    "dni",
    "nif",
    "nie",
    "documento nacional de identidad",
    "número de identidad",
    "identificación fiscal",
    "identidad de extranjero",
    "personalausweis",
    "carte d'identité",
    "identity card",
    "national id",
)


class EsNifRecognizer(PatternDetector):
    """`12345678Z`, `12345678-Z`, `12.345.678-Z`."""

    ENTITY = "ES_NIF"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("es_nif", _NIF, 0.5),)
    CONTEXT = ES_CONTEXT

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        head = next(match.start(f"h{i}") for i in range(len(_NIF_FORMS)) if match.start(f"h{i}") >= 0)
        return head, match.end()

    def validate_result(self, pattern_text: str) -> bool:
        return es_nif_valid(strip_separators(pattern_text))


class EsNieRecognizer(PatternDetector):
    """`X1234567L`, `X-1234567-L`: foreigners' number, X/Y/Z standing for 0/1/2 in the checksum."""

    ENTITY = "ES_NIE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("es_nie", r"[XYZ](?<![\w-].)-?\d{7}-?" + _LETTER + _END, 0.5),)
    CONTEXT = ES_CONTEXT

    def validate_result(self, pattern_text: str) -> bool:
        return es_nie_valid(strip_separators(pattern_text))
