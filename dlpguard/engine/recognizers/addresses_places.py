"""Well-known places named after a preposition or a place label: "livrée à Marseille", "aus Bremen",
"la oficina de Bilbao", "Standort Dresden", "flight to Buenos Aires", "Austin, Texas".

The NER model is English: in German, French, Spanish and Italian text it misses most cities, and in any
language it misses some ("Buenos Aires"). The places are the gazetteer in `data/places.txt`; the word
before one says it is meant as a place, so "Phoenix" the project or "Austin" the colleague is not taken.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import NOT_NAME_WORDS, PLACES, common_word_zipf, is_known_place, trie_regex
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.addresses import placeholder_address
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
            if before is not None and before.group(1) in _STREET_TYPES:
                continue  # "Via Roma 1": a street named after the place
            # A place word before it, or a postcode opening a line or after a comma ("99152 Nürnberg").
            code = _POSTCODE_BEFORE.search(text, max(0, start - 12), start)
            if code is not None and placeholder_address(text[code.start() : end], opens_on_street=False):
                continue  # "12345 Musterstadt", "00100 Roma": an example address
            cue = code is not None or (before is not None and before.group(1).lower() in PLACE_CUES)
            # "(customer Abigail Winslow, Yorkshire)": the place that closes a parenthesis after a comma.
            cue = cue or (
                text.startswith(")", end) and _PAREN_COMMA.search(text, max(0, start - 60), start) is not None
            )
            # "Austin, Texas": a place before a state or country it lies in.
            region = _REGION_AFTER.match(text, end)
            # The state or country after a place found: "Austin, Texas", "Milan (Italy)".
            within = last_end >= 0 and _COMMA.fullmatch(text, last_end, start) is not None
            if cue or within or (region and region.group(1).lower() in PLACES):
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.name))
                last_end = end
                if len(findings) >= self.MAX_FINDINGS:
                    break
        if has_any(lowered, _BIRTH_OR_HOME_KEYS):
            known = [(f.start, f.end) for f in findings]
            for match in _BIRTH_OR_HOME.finditer(text):
                start, end = match.span("place")
                if not any(s < end and start < e for s, e in known) and _not_a_word(match.group("place")):
                    findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.name))
        return findings


_STREET_TYPES = frozenset({"Via", "Viale", "Piazza", "Corso", "Rue", "Avenue", "Calle", "Plaza", "Avenida"})
_PAREN_COMMA = re.compile(r"\([^()\n]{1,58},[ \t]*$")
_POSTCODE_BEFORE = re.compile(r"(?:^|\n|,)[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+$")
_COMMA = re.compile(r"(?:,|[ \t]*\()[ \t]*")
_REGION_AFTER = re.compile(r",[ \t]*([A-ZÀ-Þ][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?)")
# Where someone was born or lives, in the languages NER does not read: "geb. am 16.02.1977 in Osnabrück",
# "wohnhaft in Bad Tölz", "née le 3 mai 1980 à Quimperlé", "nato a Cefalù", "nacida en Tordesillas".
# The phrase says a place follows, so the place need not be in the gazetteer.
_DATE = r"[\w.,/ ]{4,20}?"
_BIRTH_OR_HOME = re.compile(
    r"(?<![\w])(?:geb(?:oren|\.)?(?:[ \t]+am[ \t]+" + _DATE + r")?[ \t]+in|wohnhaft[ \t]+in"
    r"|n[ée]e?(?:[ \t]+le[ \t]+" + _DATE + r")?[ \t]+à|domicilié(?:e)?[ \t]+à"
    r"|nat[oa](?:[ \t]+il[ \t]+" + _DATE + r")?[ \t]+a|residente[ \t]+(?:a|in)"
    r"|nacid[oa](?:[ \t]+el[ \t]+" + _DATE + r")?[ \t]+en|domiciliad[oa][ \t]+en)[ \t]+"
    r"(?P<place>(?:Bad[ \t]+|Sankt[ \t]+|St\.[ \t]+|Saint-|San[ \t]+|Santa[ \t]+)?[A-ZÀ-Þ][\w'’-]*[^\W\d_]"
    r"(?:[ \t](?:am|an|der|im|de|del|la|le|sur|di)[ \t][A-ZÀ-Þ][\w'’-]*[^\W\d_])?)"
)
_BIRTH_OR_HOME_KEYS = ("geb", "wohnhaft", "né", "domicili", "nato", "nata", "residente", "nacid")


def _not_a_word(place: str) -> bool:
    """A capitalised noun after the phrase ("geboren in Armut") is not a place: a place is well known, or
    no ordinary word of the languages read ("Quakenbrück", "Cefalù")."""
    if is_known_place(place):
        return True
    main = place.split()[-1] if place.split()[0] in ("Bad", "Sankt", "St.", "San", "Santa") else place
    return main.lower() not in NOT_NAME_WORDS and not any(
        common_word_zipf(w, lang) for w in main.split() for lang in ("de", "fr", "it", "es", "en")
    )
