"""The town someone lives in or was born in, after the words that say so, whether or not the gazetteer
knows it: "customer lives in Dayton", "Vivo en Tudela", "Vive a Fano", "Nato/a a Barletta il 22 giugno",
"born on 22 November 1952 in Kettering", "Né(e) le 17 juin 1991 à Charleville-Mézières", "wohnhaft in
Kaufbeuren", "mora em Setúbal".

The NER model misses most small towns, and the gazetteer holds only well-known places; but a residence or a
birthplace is the place a privacy rule means, and the words before it leave no doubt. A single word that is
a frequent English word is no town ("based in Engineering"); other languages' frequency lists hold their
towns ("Barletta" is a frequent Italian word). Said of a public figure the sentence names ("Alan Turing was
born … in Maida Vale"), it is a history lesson.
"""

from __future__ import annotations

import re

from dlpguard.engine.filters import public_figure_before
from dlpguard.engine.names import UPPER, is_frequent_english, is_known_place, trie_regex
from dlpguard.engine.recognizers._scoped import after_words
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

_CUES = (
    "lives in", "living in", "live in", "resides in", "residing in", "resident in", "based in", "wohnt in",
    "wohnhaft in", "lebt in", "geboren in", "habite à", "vit à", "domicilié à",
    "domiciliée à", "résidant à", "résidente à", "demeurant à", "né à", "née à", "né(e) à", "vivo en",
    "vive en", "viven en", "reside en", "residente en", "nacido en", "nacida en", "nació en", "natural de",
    "domiciliado en", "domiciliada en", "estoy en", "vive a", "vivo a", "abita a", "abito a",
    "residente a", "nato a", "nata a", "nato/a a", "nata/o a", "domiciliato a", "domiciliata a", "vive em",
    "vivo em", "mora em", "moro em", "residente em", "nascido em", "nascida em", "nasceu em",
    "woont in", "woonachtig in", "woonachtig te", "geboren te",
)  # fmt: skip
#: Labels whose value is a birthplace or a home town: a colon after them ("Geburtsort: Husum"), since a
#: table's header row holds them too ("Wohnort\tSteuer-ID").
_LABELS = (
    "wohnort", "lieu de naissance", "luogo di nascita", "lugar de nacimiento", "local de nascimento",
    "geburtsort", "birthplace", "place of birth", "hometown", "nato/a a", "nato a", "nata a",
    "geboorteplaats", "woonplaats", "naturalidade", "comune di nascita", "ville de naissance",
)  # fmt: skip
_WORD = rf"[{UPPER}][\w'’]*(?:-[\w'’]+)*"
_JOIN = r"(?:de|del|della|di|da|do|dos|das|du|des|la|le|el|am|an|der|im|in|sur|upon|on|en|y|e)"
_PLACE = rf"{_WORD}(?: (?:{_JOIN} )?{_WORD}){{0,3}}"
#: The cues as tries run over the lowered text (a case-blind alternation tried at every position of the
#: original costs several times more); what follows each is matched on the original.
_CUE = re.compile(trie_regex(_CUES))
_LABEL = re.compile(trie_regex(_LABELS))
_PLACE_AFTER_CUE = re.compile(rf" ?:? ?(?P<value>{_PLACE})(?![\w-])")
_PLACE_AFTER_LABEL = re.compile(rf" ?: ?(?P<value>{_PLACE})(?![\w-])")
#: A birth with its date between: "born on 22 November 1952 in Kettering", "Né(e) le 17 juin 1991 à Auch",
#: "nato il 3 marzo 1980 a Lodi", "nacido el 2 de mayo de 1990 en Vic", "geboren am 3. Mai 1980 in Husum",
#: or with the date alone between: "geboren 19/12/1958 te Heeze", "born 4 May 1990 in Leek".
_BORN = re.compile(trie_regex(("born", "né", "née", "né(e)", "nato", "nata", "nato/a", "nacido", "nacida",
                               "nascido", "nascida", "geboren", "geb.")))  # fmt: skip
_PLACE_AFTER_DATE = re.compile(
    r"[ \t]+(?:(?i:on|le|il|el|em|am|op)[ \t]+[^\n.;]{4,28}?|[^\n.;\d]{0,6}\d[^\n.;]{2,24}?)"
    r"[ \t]+(?i:in|à|a|en|em|te)[ \t]+"
    rf"(?P<value>{_PLACE})(?![\w-])"
)
SCORE = 0.86  # above the model's 0.85: the words before it say place, whatever the model guessed


def _town(value: str) -> bool:
    if is_known_place(value):
        return True
    words = value.split()
    return not (len(words) == 1 and is_frequent_english(value))


class PlaceOfResidenceRecognizer(Detector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION

    def find(self, text: str, lowered: str) -> list[Finding]:
        cues = ((_CUE, _PLACE_AFTER_CUE), (_LABEL, _PLACE_AFTER_LABEL), (_BORN, _PLACE_AFTER_DATE))
        spans = {
            place.span("value")
            for cue, after in cues
            for place in after_words(text, lowered, cue, after)
            if _town(place.group("value")) and not public_figure_before(text, place.start("value"))
        }
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, SCORE, self.detector_name)
            for start, end in sorted(spans)
        ]
