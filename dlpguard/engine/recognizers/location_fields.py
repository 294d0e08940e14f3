"""Places in structured text: a `city` / `Standort` / `ville` column of a pasted table, or a
`"city": "Lyon"` field. NER skips tables and configs, so without this an export's addresses pass unseen.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import NOT_NAME_WORDS
from dlpguard.engine.recognizers._scoped import word_alternation
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import tables_in
from dlpguard.engine.types import Category, Finding

#: Header or key words (lowercase, separators removed) that say a value is a place.
PLACE_KEYS = frozenset(
    [
        "city",
        "town",
        "country",
        "location",
        "place",
        "region",
        "province",
        "county",
        "hometown",
        "birthplace",
        "billingcity",
        "shippingcity",
        "homecity",
        "workcity",
        "officecity",
        "officelocation",
        "worklocation",
        "ort",
        "stadt",
        "wohnort",
        "standort",
        "land",
        "bundesland",
        "geburtsort",
        "ville",
        "pays",
        "lieu",
        "localite",
        "région",
        "region",
        "ciudad",
        "pais",
        "país",
        "localidad",
        "provincia",
        "lugar",
    ]
)
_KEY_SEPARATORS = re.compile(r"[\s_\-.]+")
# One to four capitalised words: "Lyon", "São Paulo", "Frankfurt am Main", "Saint-Étienne".
_PLACE = re.compile(
    r"[A-ZÀ-Þ][\w'’.-]*(?:[ -](?:[A-ZÀ-Þ][\w'’.-]*|am|an|de|del|la|le|sur|upon|on)){0,3}"
)
# The key opens the match on a character class, so `re` skips in C to where a key word may stand
# (`billing_city`, `"Ort"`, `ville`; a letter or digit just before means another word).
_FIELD = re.compile(
    word_alternation(sorted(PLACE_KEYS), not_after="A-Za-z0-9")
    + r"[\"']?[ \t]*(?:[:=]|=>)[ \t]*[\"']?"
    r"(?P<value>[A-ZÀ-Þ][^\"'\n,;{}\[\]]{0,60}?)[\"']?[ \t]*(?=[,;}\]\n]|$)",
    re.MULTILINE,
)


def place_key(key: str) -> bool:
    return _KEY_SEPARATORS.sub("", key.strip().strip("\"'`")).lower() in PLACE_KEYS


def looks_like_place(value: str) -> bool:
    value = value.strip()
    # Two-letter values are country or state codes: they reveal little and collide with too much.
    if not 3 <= len(value) <= 60 or any(c.isdigit() for c in value) or not _PLACE.fullmatch(value):
        return False
    return value.lower() not in NOT_NAME_WORDS


class LocationFieldRecognizer(PatternDetector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION
    KEYWORDS = tuple(sorted(PLACE_KEYS))
    PATTERNS = (Pattern("place_field", _FIELD.pattern, 0.75),)

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            return []
        findings = self._fields(text)
        findings += self._table_cells(text)
        return findings

    def _fields(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for match in _FIELD.finditer(text):
            start, end = match.span("value")
            value = text[start:end].rstrip()
            end = start + len(value)
            if looks_like_place(value):
                out.append(
                    Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name)
                )
        return out

    def _table_cells(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for table in tables_in(text):
            columns = [i for i, header in enumerate(table.header) if place_key(header)]
            if not columns:
                continue
            for row in table.rows:
                cells = table.cells(text, row)
                for i in columns:
                    start, end = cells[i]
                    if looks_like_place(text[start:end]):
                        out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out
