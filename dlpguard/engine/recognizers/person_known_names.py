"""A known first name followed by known surnames, wherever it stands ("kurz: Elif Demir ist ab Montag
im Urlaub", "| Ngozi Adeyemi | Lagos |", "Mon: Kwame Mensah – 0171 5550101").

The NER model reads sentences and misses names in lists, tables, headers and foreign-language prose; the
name lists (dlpguard/engine/data/given_names.txt and surnames.txt, from Faker) say plainly that "Elif Demir"
is a person. Both parts must be listed, the run of capitalised words must end with the name ("Sierra
Verde Hoteles" is a company) and not be a place ("Santa Cruz").
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.names import (
    NAME_GAP,
    NAME_WORD,
    PARTICLES,
    WORDLIKE_NAMES,
    is_frequent_english,
    is_given_name,
    is_known_place,
    is_ordinary_word,
    is_surname,
    looks_like_name,
)
from dlpguard.engine.recognizers._regex_lead import name_word_not_after
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_PARTICLE = "(?:" + "|".join(PARTICLES) + ")"
# The run opens on its first capital (see _regex_lead): `re` skips to capitals instead of trying every offset.
_FIRST_WORD = name_word_not_after(r"\w@./\\#-")
_RUN = (
    rf"(?P<value>{_FIRST_WORD}(?:{NAME_GAP}(?:{_PARTICLE}{NAME_GAP}){{0,2}}{NAME_WORD}){{1,4}})"
    r"(?![\w@])"
)
_SPLIT = re.compile(NAME_GAP)


class PersonKnownNameRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("known_first_and_last_name", _RUN, 0.7),)
    SCORE = 0.7

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings: list[Finding] = []
        for match in self._compiled[0][1].finditer(text):
            span = _known_name(match.group("value"))
            if span is not None:
                start = match.start("value")
                findings.append(
                    Finding(self.ENTITY, self.CATEGORY, start, start + span, self.SCORE, self.detector_name)
                )
        return findings


@lru_cache(maxsize=8192)  # a paste repeats its names: a CSV export, a thread, a log
def _known_name(run: str) -> int | None:
    """The length of the name that makes up all of `run` (a first name, then surnames, middle names and
    particles), or None. A first name that is no ordinary word may also come before one surname nobody
    listed ("Tobias Wetzlinger"), if that surname is no ordinary word, product or place either."""
    words = _SPLIT.split(run)
    if not is_given_name(words[0]):
        return None
    last_surname = 0
    for i, word in enumerate(words[1:], 1):
        if word in PARTICLES:
            continue
        if is_surname(word):
            last_surname = i
        elif not is_given_name(word):
            if i == len(words) - 1 == 1 and _unlisted_surname(words[0], word):
                last_surname = i
                continue
            return None  # "Sierra Madre Logistics": a capitalised word that is no name
    if last_surname != len(words) - 1:
        return None
    if is_known_place(run) or not looks_like_name(run, 2):
        return None
    return len(run)


def _unlisted_surname(first: str, word: str) -> bool:
    return (
        first.lower() not in WORDLIKE_NAMES
        and not is_ordinary_word(first)
        and len(word) > 3
        and word[1:].islower()
        and not is_ordinary_word(word)
        and not is_frequent_english(word)  # "Margherita Pizza"
        and not is_known_place(word)
    )
