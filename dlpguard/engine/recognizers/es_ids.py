"""Spanish DNI/NIF and NIE (digits and a mod-23 control letter) and the Seguridad Social affiliation
number (mod-97 control digits).

Written here rather than wrapping presidio's: same checksum (in `checksums`), but a cheaper regex that
also reads the dotted `12.345.678-Z` form, and context words that are whole phrases.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import es_nie_valid, es_nif_valid, es_social_security_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

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


def _nss_valid(value: str) -> bool:
    digits = strip_separators(value)
    if len(digits) == 11:  # a seven-digit number written without its leading zero
        digits = digits[:2] + "0" + digits[2:]
    return es_social_security_valid(digits)


class EsSocialSecurityRecognizer(PatternDetector):
    """`28/12345678/40`: province, number and two control digits (the first ten mod 97). Written with
    slashes it is reported alone. Starts on the first slash, a literal the regex engine scans for fast;
    the province is checked behind it and captured as `head`, where the span begins."""

    ENTITY = "ES_SOCIAL_SECURITY"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "es_nss_slashed",
            r"/(?<=(?<![\w/+.-])(?P<head>[0-5]\d)/)\d{7,8}/\d\d(?![\w/-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("seguridad social", "afiliación", "afiliacion", "nuss", "naf", "social security")

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.start("head"), match.end()

    def validate_result(self, pattern_text: str) -> bool:
        return _nss_valid(pattern_text)


class EsSocialSecurityLabelledRecognizer(PatternDetector):
    """The same number as twelve plain or spaced digits, only right after its label."""

    ENTITY = "ES_SOCIAL_SECURITY"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "es_nss_labelled",
            r"(?P<label>seguridad social|afiliaci[óo]n(?: a la)?(?: SS| S\.S\.)?|NUSS|NAF)"
            r"[ \t]*(?:n[úu]mero|n[ºo°]\.?|:|#)*[ \t]*"
            r"(?P<value>[0-5]\d(?P<sep>[ -]?)\d{7,8}(?P=sep)\d\d)(?![\w/-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("seguridad social", "afiliación", "afiliacion", "nuss", "naf")
    KEYWORDS = CONTEXT
    FLAGS = re.MULTILINE | re.IGNORECASE

    def find(self, text: str, lowered: str) -> list[Finding]:
        """The case-insensitive label regex is tried only where a label word stands (found at C speed)."""
        if not self.applies(lowered) or len(lowered) != len(text):
            return super().find(text, lowered) if self.applies(lowered) else []
        pattern, rx = self._compiled[0]
        starts = sorted({i for w in self._keywords for i in _occurrences(lowered, w)})
        findings = []
        for pos in starts:
            match = rx.match(text, pos)
            finding = self.score_match(text, match, pattern) if match is not None else None
            if finding is not None:
                findings.append(finding)
        return findings

    def validate_result(self, pattern_text: str) -> bool:
        return _nss_valid(pattern_text)


def _occurrences(lowered: str, word: str) -> list[int]:
    found = []
    i = lowered.find(word)
    while i >= 0:
        found.append(i)
        i = lowered.find(word, i + 1)
    return found
