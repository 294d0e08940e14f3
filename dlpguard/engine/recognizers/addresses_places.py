"""Well-known places named after a preposition or a place label: "livrée à Marseille", "aus Bremen",
"la oficina de Bilbao", "Standort Dresden", "flight to Buenos Aires", "Austin, Texas".

The NER model is English: in German, French, Spanish and Italian text it misses most cities, and in any
language it misses some ("Buenos Aires"). The places are the gazetteer in `data/places.txt`; the word
before one says it is meant as a place, so "Phoenix" the project or "Austin" the colleague is not taken.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import PLACES, trie_regex
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_PARTICLES = frozenset({"am", "an", "der", "de", "del", "la", "le", "sur", "upon", "on", "di", "da", "do"})


def _spelling(place: str) -> str:
    """How a place is written in running text: each word capitalised, particles not ("Frankfurt am
    Main", "Rio de Janeiro", "Saint-Étienne")."""
    return " ".join(
        w if w in _PARTICLES else "-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in place.split()
    )


# The regex starts on the capitals that open the names, so `re` skips the rest of a text in C; the
# word boundary before a match is checked afterwards (a lookbehind first would defeat that).
_PLACE = re.compile(rf"(?:{trie_regex(sorted({_spelling(p) for p in PLACES}))})(?![\w-])")
#: Words after which a well-known place is meant as one (lowercase).
PLACE_CUES = frozenset(
    """
    in into from to near at via across around outside inside visit visiting based located moved relocated
    office city nach aus bei von vom zum zur im standort sitz büro stadt ort wohnort à au aux de du en
    vers depuis agence bureau ville siège lieu a al del desde hacia para hasta oficina sede ciudad da di
    per verso dal alla nel ufficio città location located venue destination hq headquarters site branch
    campus
    """.split()  # noqa: SIM905
)
_WORD_BEFORE = re.compile(r"([\w'’]+)[ \t]*:?[ \t]*$")


class KnownPlaceRecognizer(PatternDetector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION
    PATTERNS = (Pattern("known_place", _PLACE.pattern, 0.8),)
    SCORE = 0.8
    #: Places are NER's to find, and NER reads a bounded share of a large paste: so does this list, or a
    #: megabyte of prose would bring thousands of low-severity findings that crowd out the rest of a
    #: verdict (the browser reply is capped at 1 MB).
    MAX_FINDINGS = 200

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings: list[Finding] = []
        last_end = -1
        for match in _PLACE.finditer(text):
            start, end = match.span()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            before = _WORD_BEFORE.search(text, max(0, start - 30), start)
            # A place word before it, or a postcode opening a line or after a comma ("99152 Nürnberg").
            postcode = _POSTCODE_BEFORE.search(text, max(0, start - 12), start) is not None
            cue = postcode or (before is not None and before.group(1).lower() in PLACE_CUES)
            # "Austin, Texas": a place before a state or country it lies in.
            region = _REGION_AFTER.match(text, end)
            # The state or country after a place found: "Austin, Texas", "Milan (Italy)".
            within = last_end >= 0 and _COMMA.fullmatch(text, last_end, start) is not None
            if cue or within or (region and region.group(1).lower() in PLACES):
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.name))
                last_end = end
                if len(findings) >= self.MAX_FINDINGS:
                    break
        return findings


_POSTCODE_BEFORE = re.compile(r"(?:^|\n|,)[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+$")
_COMMA = re.compile(r"(?:,|[ \t]*\()[ \t]*")
_REGION_AFTER = re.compile(r",[ \t]*([A-ZÀ-Þ][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?)")
