"""The name on the line above a postal address: letters, invoices, parcel labels, CVs and tax notices.

    Finanzamt München                     FACTURE N° F784419
    JOHANNA POHL                          Client :
    Kastanienallee 41b                    Nathalie Arnaud
    02621 Bautzen                         89b allée des Peupliers

An envelope window puts the addressee's name right above the street; NER reads neither the capitals of a
scanned letter nor a name alone on its line. A full name (two to four words, a known first name or surname
among them, no ordinary word) alone on a line directly above a street address is that person's.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import (
    NAME,
    has_common_word,
    is_given_name,
    is_surname,
    looks_like_caps_name,
    looks_like_name,
)
from dlpguard.engine.recognizers.addresses import StreetAddressRecognizer
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

#: A line holding only a name (mixed case or capitals), then the start of the next line.
_NAME_LINE = re.compile(
    rf"^[ \t]*(?P<value>{NAME}|[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+){{1,3}})[ \t]*\r?\n",
    re.MULTILINE,
)
_ADDRESS_LINES = 3
#: The address may come after its label: "FEDERICA GUERRINI / Indirizzo: Via XX Settembre 166, …".
_ADDRESS_LABEL = re.compile(
    r"[ \t]*(?i:address|home address|adresse|anschrift|wohnadresse|dirección|direccion|domicilio|indirizzo"
    r"|residenza|morada|endereço|adres)[ \t]*:[ \t]*"
)
SCORE = 0.75


def _full_name(value: str) -> bool:
    words = value.split()
    if not 2 <= len(words) <= 4:
        return False
    if looks_like_caps_name(value):
        return True
    return (
        looks_like_name(value, 2)
        and not has_common_word(value)
        and (is_given_name(words[0]) or is_surname(words[-1]))
    )


class PersonAddresseeRecognizer(Detector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON

    def __init__(self) -> None:
        self._addresses = StreetAddressRecognizer()

    def find(self, text: str, lowered: str) -> list[Finding]:
        if "\n" not in text:
            return []
        found: list[Finding] = []
        for match in _NAME_LINE.finditer(text):
            value = match.group("value")
            if not _full_name(value):
                continue
            below = match.end()
            stop = below
            for _ in range(_ADDRESS_LINES):
                nxt = text.find("\n", stop + 1)
                stop = len(text) if nxt < 0 else nxt
            snippet = text[below:stop]
            label = _ADDRESS_LABEL.match(snippet)
            opens = label.end() if label else 0
            if any(f.start == opens for f in self._addresses.find(snippet, snippet.lower())):
                found.append(
                    Finding(self.ENTITY, self.CATEGORY, *match.span("value"), SCORE, self.detector_name)
                )
        return found
