"""Later mentions of a person already found: "Presenti: Salvatore Ricci, …  1. Salvatore va a
Bari", "the offer for Nikos Antonopoulos. … so Nikos starts in May".

Once a text names someone in full with good confidence, their first name or surname alone elsewhere in the
same text is the same person, though no pattern frames it and NER, reading one sentence at a time, takes
a lone first name for anything. Words that are also ordinary words ("Will", "Long", "Grace" as a
frequent English word) are not spread, nor particles, nor single letters.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from dlpguard.engine.names import (
    FRAME_WORDS,
    NOT_NAME_WORDS,
    PARTICLES,
    TITLE_WORDS,
    WORDLIKE_NAMES,
    common_word_zipf,
    is_frequent_english,
    looks_like_name,
    name_words,
    trie_regex,
)
from dlpguard.engine.types import Category, Finding

#: A full name found at least this surely is spread to its parts.
MIN_SOURCE_SCORE = 0.7
#: As sure as the NER model: a lone "Marta" it calls a place is, in a text that names Marta Ruiz, her.
SCORE = 0.85
RECOGNIZER = "NamePropagation"
_MAX_SOURCES = 200
_NOT_SPREAD = NOT_NAME_WORDS | FRAME_WORDS | frozenset(PARTICLES) | frozenset(t.lower() for t in TITLE_WORDS)


def _spreadable(word: str) -> bool:
    low = word.lower()
    if len(word) < 3 or low in _NOT_SPREAD:
        return False
    if low in WORDLIKE_NAMES and is_frequent_english(low):
        return False  # "Will", "Mark", "May": a capital at a sentence's start is no name
    return common_word_zipf(word, "en") < 4.0


def propagated_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Findings for each lone occurrence in `text` of a part of a full name among `findings`, where no
    person finding covers it yet."""
    people = [f for f in findings if f.category is Category.PERSON]
    words: set[str] = set()
    for f in people[:_MAX_SOURCES]:
        if f.score < MIN_SOURCE_SCORE:
            continue
        value = text[f.start : f.end]
        if "\n" in value or not looks_like_name(value, 2):
            continue
        for word in name_words(value):
            for part in (word, *word.split(" ")):  # "Ó Briain" and "Briain"
                if part[:1].isupper() and _spreadable(part):
                    words.add(part)
    if not words:
        return []
    # One pass over the text for all the words (a trie alternation, longest first at each position), and
    # a sorted list of covered spans: a large paste with many names stays linear.
    pattern = re.compile(rf"(?<![\w@.\-/])(?:{trie_regex(sorted(words))})(?![\w@\-/]|\.\w)")
    covered = sorted((f.start, f.end) for f in people)
    starts = [s for s, _ in covered]
    ends = [e for _, e in covered]
    longest = max((e - s for s, e in covered), default=0)
    found: list[Finding] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        i = bisect_left(starts, end)  # spans starting before `end` …
        j = bisect_left(starts, start - longest)  # … and late enough to reach `start`
        if any(ends[k] > start for k in range(j, i)):
            continue
        found.append(Finding("PERSON", Category.PERSON, start, end, SCORE, RECOGNIZER))
    return found
