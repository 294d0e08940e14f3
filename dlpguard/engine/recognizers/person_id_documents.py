"""Names read off an identity document by OCR: capitalised labels, each before its value in capitals, on
the same line or the next ("NAME BRANDT / VORNAMEN KATHARINA", "SURNAME/NOM\\nOKAFOR",
"GIVEN NAMES/PRÉNOMS  CHIDI EMEKA").

The field recognizer needs a separator and a capitalised value; a scanned card has neither, and its
surnames in capitals look like acronyms to every other rule. The labels are matched in capitals only (as
documents print them) and the value must be names: known surnames or first names, or capitalised words
that are no ordinary words.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import (
    UPPER,
    is_given_name,
    is_ordinary_word,
    is_surname,
    looks_like_caps_surname,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_SURNAME_LABELS = (
    "NAME", "NACHNAME", "FAMILIENNAME", "SURNAME", "SURNAMES", "FAMILY NAME", "LAST NAME", "NOM", "NOMS",
    "NOM DE FAMILLE", "COGNOME", "APELLIDO", "APELLIDOS", "PRIMER APELLIDO", "SEGUNDO APELLIDO", "NAZWISKO",
    "ACHTERNAAM", "SOBRENOME", "APELIDOS",
)  # fmt: skip
_GIVEN_LABELS = (
    "VORNAME", "VORNAMEN", "GIVEN NAME", "GIVEN NAMES", "FIRST NAME", "FIRST NAMES", "FORENAMES",
    "PRÉNOM", "PRÉNOMS", "PRENOM", "PRENOMS", "NOME", "NOMI", "NOMBRE", "NOMBRES", "IMIONA", "IMIĘ",
    "VOORNAMEN", "VOORNAAM",
)  # fmt: skip


def _labels(labels: tuple[str, ...]) -> str:
    return "|".join(re.escape(x).replace(r"\ ", "[ \\t]") for x in sorted(labels, key=len, reverse=True))


_ANY_LABEL = f"(?:{_labels(_SURNAME_LABELS + _GIVEN_LABELS)})"
_CAPS_WORD = rf"[{UPPER}][{UPPER}'’-]+"
# "NAME BRANDT", "SURNAME / NOM: OKAFOR", "VORNAMEN\nKATHARINA": the first label says which field it is.
_FIELD = (
    rf"^[ \t]*(?:(?P<surname>{_labels(_SURNAME_LABELS)})|(?P<given>{_labels(_GIVEN_LABELS)}))"
    rf"(?:[ \t]*/[ \t]*{_ANY_LABEL})*[ \t]*[:.]?(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
    rf"(?P<value>{_CAPS_WORD}(?:[ \t]{_CAPS_WORD}){{0,3}})[ \t]*\r?$"
)
_LABEL_WORDS = frozenset(
    w.replace("É", "E") for label in _SURNAME_LABELS + _GIVEN_LABELS for w in label.split()
) | {"PRENOM", "PRENOMS", "DATE", "SEX", "SEXE", "GEBURTSTAG", "NATIONALITY", "NATIONALITÄT"}
_LABEL_ANCHOR = re.compile(rf"(?<![\w])(?:{_labels(_SURNAME_LABELS + _GIVEN_LABELS)})(?![\w])")
_KEYWORDS = ("vornam", "given name", "surname", "prénom", "prenom", "nachname", "cognome", "apellido",
             "nazwisko", "voornam", "forename", "first name", "imion")  # fmt: skip


def _surname_ok(word: str) -> bool:
    return is_surname(word) or (looks_like_caps_surname(word) and not is_ordinary_word(word))


def _given_ok(word: str) -> bool:
    return is_given_name(word) or (looks_like_caps_surname(word) and not is_ordinary_word(word))


class PersonIdDocumentRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("id_document_name_field", _FIELD, 0.8),)
    KEYWORDS = _KEYWORDS
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            return []
        findings: list[Finding] = []
        field = self._compiled[0][1]
        done = -1
        # Only the lines where a label in capitals stands are read: a multiline "^" is tried at every
        # character of a large paste.
        for label in _LABEL_ANCHOR.finditer(text):
            line_start = text.rfind("\n", 0, label.start()) + 1
            if line_start <= done:
                continue
            done = line_start
            match = field.match(text, line_start)
            if match is None:
                continue
            words = match.group("value").split()
            if any(w.replace("É", "E") in _LABEL_WORDS for w in words):
                continue  # a header row of labels: "NOM PRENOM"
            ok = _surname_ok if match.group("surname") else _given_ok
            if all(ok(w) for w in words):
                findings.append(
                    Finding(self.ENTITY, self.CATEGORY, *match.span("value"), self.SCORE, self.detector_name)
                )
        return findings
