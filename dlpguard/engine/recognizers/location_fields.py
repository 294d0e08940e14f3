"""Places in structured text: a `city` / `Standort` / `ville` column of a pasted table, or a
`"city": "Lyon"` field. NER skips tables and configs, so without this an export's addresses pass unseen.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import NOT_NAME_WORDS, is_known_place
from dlpguard.engine.recognizers._scoped import keyword_lines, word_alternation
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.addresses import US_STATES
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import sql_inserts, tables_in
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
        "woonplaats",
        "plaats",
        "localidade",
        "concelho",
        "cidade",
        "naturalidade",
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
        "twnnm",
        "townname",
        "ctrysubdvsn",
        "città",
        "citta",
        "comune",
        "paese",
        "nazione",
        "località",
        "localita",
        "provincia",
        "municipio",
        "poblacion",
        "población",
        "gemeinde",
        "kanton",
        "commune",
        "département",
        "departement",
        # where someone was born or lives, as export columns name it ("comune_nascita", "place_of_birth")
        "comunenascita",
        "comunedinascita",
        "luogonascita",
        "luogodinascita",
        "comuneresidenza",
        "comunediresidenza",
        "residenza",
        "geboorteplaats",
        "plaatsvangeboorte",
        "lieunaissance",
        "lieudenaissance",
        "villenaissance",
        "villedenaissance",
        "lugarnacimiento",
        "lugardenacimiento",
        "ciudadnacimiento",
        "localnascimento",
        "localdenascimento",
        "cidadenascimento",
        "birthcity",
        "birthtown",
        "geburtsstadt",
    ]
)
#: Keys that name a place only sometimes ("state": "active", "office": "Remote"): their values count when
#: they are well-known places.
KNOWN_PLACE_KEYS = frozenset(
    "state homestate stateprovince office officesite site branch hub base estado stato bundesstaat".split()  # noqa: SIM905
)
_KEY_SEPARATORS = re.compile(r"[\s_\-.]+")
# One to four capitalised words: "Lyon", "São Paulo", "Frankfurt am Main", "Saint-Étienne".
_PLACE = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:[ -](?:[A-ZÀ-Þ][\w'’.-]*|am|an|de|del|la|le|sur|upon|on)){0,3}")
# The key opens the match on a character class, so `re` skips in C to where a key word may stand
# (`billing_city`, `"Ort"`, `ville`; a letter or digit just before means another word).
_FIELD = re.compile(
    word_alternation(sorted(PLACE_KEYS), not_after="A-Za-z0-9") + r"[\"']?[ \t]*(?:[:=]|=>)[ \t]*[\"']?"
    r"(?P<value>[A-ZÀ-Þ][^\"'\n,;{}\[\]]{0,60}?)[\"']?[ \t]*(?=[,;}\]\n]|$)",
    re.MULTILINE,
)
# A form line read by OCR, where the colon is lost: "GEBURTSORT KASSEL", "Place of birth  Leeds". Only
# keys that cannot be anything but a person's place, since there is no colon to say a value follows.
_LABEL_LINE = re.compile(
    r"(?im)^[ \t]*(?:geburtsort|wohnort|birthplace|place[ \t]+of[ \t]+birth|lieu[ \t]+de[ \t]+naissance"
    r"|luogo[ \t]+di[ \t]+nascita|lugar[ \t]+de[ \t]+nacimiento|geboorteplaats)[ \t]*[:/]?[ \t]+"
    r"(?P<value>[A-ZÀ-Þ][^\W\d_]*(?:[ '’-][^\W\d_]+){0,3})[ \t]*$"
)
# `<city>Lyon</city>`, `<TwnNm>Nürnberg</TwnNm>` (ISO 20022 payment files).
_XML = re.compile(r"<(?P<key>[A-Za-zÀ-ÿ_][\w.-]{1,30})>[ \t]*(?P<value>[^<>\n]{3,60}?)[ \t]*</(?P=key)>")


def place_key(key: str) -> bool:
    return _KEY_SEPARATORS.sub("", key.strip().strip("\"'`")).lower() in PLACE_KEYS


def known_place_key(key: str) -> bool:
    return _KEY_SEPARATORS.sub("", key.strip().strip("\"'`")).lower() in KNOWN_PLACE_KEYS


# "Location: Seattle, Washington": a state or country after the place, in a field that stops at commas.
_AND_REGION = re.compile(
    r",[ \t]*(?P<region>[A-ZÀ-Þ][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?)[ \t]*(?=[,;}\]\n\"']|$)"
)
_REGIONS = frozenset(s.lower() for s in US_STATES)


#: What a location column holds for no place: missing values and work arrangements ("NaN", "Remote").
_NOT_A_PLACE = frozenset(
    """
    nan none null n/a na unknown tbd tba various remote hybrid onsite on-site office home homeoffice
    home-office telework anywhere worldwide global international multiple other sonstige divers
    télétravail teletrabajo remoto ovunque
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def looks_like_place(value: str) -> bool:
    value = value.strip()
    # Two-letter values are country or state codes: they reveal little and collide with too much.
    if not 3 <= len(value) <= 60 or any(c.isdigit() for c in value) or not _PLACE.fullmatch(value):
        return False
    return value.lower() not in NOT_NAME_WORDS and value.lower() not in _NOT_A_PLACE


class LocationFieldRecognizer(PatternDetector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION
    # Keys inside others ("ort" in "wohnort", "city" in "billingcity") are enough, and the likeliest come
    # first: the gate stops at the first found, and each absent key costs a pass over the text.
    KEYWORDS = tuple(sorted((k for k in PLACE_KEYS if not any(o in k for o in PLACE_KEYS - {k})), key=len))
    PATTERNS = (Pattern("place_field", _FIELD.pattern, 0.75),)

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            # A `state` or `office` column alone: only its well-known places.
            return self._table_cells(text) if has_any(lowered, KNOWN_PLACE_KEYS) else []
        findings = self._fields(text, lowered)
        findings += self._label_lines(text)
        findings += self._table_cells(text)
        if "</" in text:
            findings += self._xml_elements(text)
        findings += self._sql_cells(text)
        return findings

    def _label_lines(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for match in _LABEL_LINE.finditer(text):
            start, end = match.span("value")
            if looks_like_place(match.group("value")):
                out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out

    def _xml_elements(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for match in _XML.finditer(text):
            if place_key(match.group("key")) and looks_like_place(match.group("value")):
                start, end = match.span("value")
                out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out

    def _sql_cells(self, text: str) -> list[Finding]:
        """The place columns of an SQL insert that names its columns."""
        out: list[Finding] = []
        for insert in sql_inserts(text):
            columns = [i for i, header in enumerate(insert.header) if place_key(header)]
            for row in insert.rows if columns else ():
                for i in columns:
                    start, end = row[i]
                    if looks_like_place(text[start:end]):
                        out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out

    def _fields(self, text: str, lowered: str) -> list[Finding]:
        out: list[Finding] = []
        for match in (
            m for start, end in self._field_lines(text, lowered) for m in _FIELD.finditer(text, start, end)
        ):
            start, end = match.span("value")
            value = text[start:end].rstrip()
            end = start + len(value)
            if looks_like_place(value):
                out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
                region = _AND_REGION.match(text, end)
                if region and (region["region"].lower() in _REGIONS or is_known_place(region["region"])):
                    start, end = region.span("region")
                    out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out

    def _field_lines(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """Where `_FIELD` can match: a field never spans lines, and its key, lowered, is one of `KEYWORDS`
        or holds one. The whole text when lowering moved offsets, or when it holds a letter that matches
        a key's letter case-insensitively but does not lower to it (ı, ſ)."""
        if len(lowered) != len(text) or "ı" in text or "ſ" in text:
            return [(0, len(text))]
        return keyword_lines(lowered, self._keywords)

    def _table_cells(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for table in tables_in(text):
            columns = [i for i, header in enumerate(table.header) if place_key(header)]
            known_only = {i for i, header in enumerate(table.header) if known_place_key(header)}
            if not columns and not known_only:
                continue
            for row in table.rows:
                cells = table.cells(text, row)
                for i in [*columns, *sorted(known_only)]:
                    start, end = cells[i]
                    value = text[start:end]
                    if looks_like_place(value) and (i not in known_only or _known(value)):
                        out.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.75, self.detector_name))
        return out


def _known(value: str) -> bool:
    return value.lower() in _REGIONS or is_known_place(value)
