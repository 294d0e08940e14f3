"""Passenger names as airline systems write them: "SURNAME/GIVEN NAME MR" on tickets, boarding passes,
booking confirmations and expense forms ("LEFEVRE/QUENTIN MR", "WATANABE/KENJI", "DE LA CRUZ/MARIA
ELENA MRS").

Capitals joined by a slash read as an acronym pair to every other rule (`TCP/IP`, `AND/OR`, `CI/CD`), so
the shape alone is not enough: a passenger title after it (MR, MRS, MS, MSTR, MISS, DR) or a passenger
label on its line ("Passenger", "Pax", "Passager", "Fluggast", "Pasajero", "Passeggero", "Name") is
needed; no part may be an ordinary word or an acronym, and after a label alone one part must be a known
name. The surname and the given names are two findings, as a form has them in two fields.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import UPPER, is_given_name, is_ordinary_word, is_surname
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_TITLES = r"(?:MR|MRS|MS|MSTR|MISS|DR|PROF|CHD|INF|SR|SRA|SRTA|SIG|SIGRA|HR|FR|MME|MLLE|DHR|MEVR)"
# One to three words in capitals; a title is not one of them ("QUENTIN MR").
_PART = rf"[{UPPER}][{UPPER}'’-]+(?:[ ](?!{_TITLES}(?![\w/]))[{UPPER}][{UPPER}'’-]+){{0,2}}"
_PNR_NAME = rf"(?<![\w/])(?P<last>{_PART})/(?P<first>{_PART})(?:[ ]+(?P<title>{_TITLES}))?(?![\w/])"
_LABEL_BEFORE = re.compile(
    r"(?i:passenger|passengers|pax|traveller|traveler|passager|passagers|voyageur|fluggast|reisende[rn]?"
    r"|pasajero|pasajera|passeggero|passeggera|viaggiatore|name|nom|nombre|nome)\b[^\n]{0,40}$"
)


def _known(part: str, *, surname: bool) -> bool:
    known = is_surname if surname else is_given_name
    return any(known(w) for w in part.split())


def _no_word(part: str) -> bool:
    """No ordinary word, and no code: every word has a vowel ("ZRH/LHR" are airports)."""
    return not any(is_ordinary_word(w) or len(w) < 2 or not _VOWEL.search(w) for w in part.split())


def _no_code(part: str) -> bool:
    return not any(len(w) < 2 or not _VOWEL.search(w) for w in part.split())


_VOWEL = re.compile(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ý]")


class PersonTravelNameRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("pnr_name", _PNR_NAME, 0.8),)
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        if "/" not in text:
            return []
        findings: list[Finding] = []
        for match in self._compiled[0][1].finditer(text):
            last, first = match.group("last"), match.group("first")
            # A title says passenger whatever the words ("FERRI/DRAGAN MR": "ferri" is Italian for irons).
            if not (_no_word(last) and _no_word(first)) and not (
                match.group("title") and _no_code(last) and _no_code(first)
            ):
                continue
            known = _known(last, surname=True) or _known(first, surname=False)
            # A title says passenger; a label alone needs a name known to be one.
            if not (match.group("title") or (known and self._labelled(text, match.start()))):
                continue
            for group in ("last", "first"):
                start, end = match.span(group)
                findings.append(
                    Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.detector_name)
                )
        return findings

    @staticmethod
    def _labelled(text: str, start: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        return _LABEL_BEFORE.search(text, max(line_start, start - 60), start) is not None
