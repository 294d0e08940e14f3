"""The health vocabulary is matched by a set lookup per word (`term_spans`), not by one alternation of every
term: on unaccented text what it finds must be exactly what that alternation found; accents do not count
("méthotrexate" is the listed "methotrexate"), so on any text it finds what an alternation of the
accent-folded terms finds in the accent-folded text."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest

from dlpguard.engine.names import is_ordinary_word, trie_regex
from dlpguard.engine.recognizers._health_vocab import fold_accents, term_kinds, term_spans


@cache
def _alternation(folded: bool = False) -> re.Pattern[str]:
    """What the vocabulary matcher did before: one trie-shaped alternation of every term (built once);
    `folded`, of every term with its accents folded."""
    terms = sorted({fold_accents(term) for term in term_kinds()}) if folded else list(term_kinds())
    return re.compile(r"\b(?<![/._-])" + trie_regex(terms, space="[ \t]+") + r"(?!\w|-\w)")


def _alternation_spans(lowered: str) -> list[tuple[str, int, int]]:
    return [(re.sub(r"[ \t]+", " ", m.group()), m.start(), m.end()) for m in _alternation().finditer(lowered)]


def _folded_alternation_spans(lowered: str) -> list[tuple[str, int, int]]:
    """The folded alternation's spans, but for one word spelled as no term is and ordinary as written."""
    folded = fold_accents(lowered)
    return [
        (re.sub(r"[ \t]+", " ", m.group()), m.start(), m.end())
        for m in _alternation(folded=True).finditer(folded)
        if not (
            re.fullmatch(r"\w+", m.group())
            and lowered[m.start() : m.end()] not in term_kinds()
            and is_ordinary_word(lowered[m.start() : m.end()])
        )
    ]


def _folded_term_spans(lowered: str) -> list[tuple[str, int, int]]:
    return [(fold_accents(term), start, end) for term, start, end in term_spans(lowered)]


def test_every_term_opens_with_a_word_character_and_has_single_blanks() -> None:
    # term_spans looks terms up by their first run of word characters, at the start of a word
    for term in term_kinds():
        assert re.match(r"\w", term), term
        assert term == term.strip() and "  " not in term and "\t" not in term, term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("patient has type 2 diabetes.", [("type 2 diabetes", 12, 27)]),
        ("type  2\tdiabetes", [("type 2 diabetes", 0, 16)]),  # any blanks between a term's words
        ("hiv positive since 2019", [("hiv positive", 0, 12)]),  # the longest term standing there
        ("hiv+ status", [("hiv+", 0, 4)]),
        ("crohn's disease", [("crohn's disease", 0, 15)]),
        ("asthmatic", []),  # not inside a longer word
        ("asthma-free", []),  # nor joined to one by a hyphen
        ("asthma-", [("asthma", 0, 6)]),
        ("/asthma .asthma -asthma _asthma", []),  # a path, a file name, a flag, an identifier
        ("", []),
    ],
)
def test_term_spans(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert term_spans(text) == expected
    assert _alternation_spans(text) == expected


def test_term_spans_match_the_alternation_on_generated_unaccented_texts() -> None:
    terms = sorted(term for term in term_kinds() if fold_accents(term) == term)
    rnd = random.Random(12)
    joins = [" ", "  ", "\t", "-", "/", ".", "_", "+", "'", "x", "\n", "-a", "", ", ", " - "]
    for _ in range(3000):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            term = rnd.choice(terms)
            if rnd.random() < 0.3:
                term = term.replace(" ", rnd.choice(["  ", "\t", " \t"]))
            if rnd.random() < 0.2:
                term = term[: rnd.randint(1, len(term))]
            parts += [term, rnd.choice(joins)]
        text = "".join(parts)
        assert term_spans(text) == _alternation_spans(text), text


#: Accents a writer may add or leave out: each letter -> spellings of it in the five languages.
_ACCENTED = {"a": "àáâä", "e": "èéêë", "i": "ìíîï", "o": "òóôö", "u": "ùúûü", "n": "ñ", "c": "ç", "'": "’"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the list has "methotrexate"; a French letter writes "méthotrexate"
        ("prend du méthotrexate", [("methotrexate", 9, 21)]),
        ("polyarthrite rhumatoide", [("polyarthrite rhumatoïde", 0, 23)]),
        ("polyarthrite  rhumatoïde", [("polyarthrite rhumatoïde", 0, 24)]),
        ("esclerosis multiple", [("esclerosis múltiple", 0, 19)]),  # Spanish without its accents
        ("cancer de prostata", [("cáncer de próstata", 0, 18)]),
        ("sjögren’s syndrome", [("sjogren's syndrome", 0, 18)]),  # umlaut and typographic apostrophe
        ("diabète", [("diabète", 0, 7)]),  # both spellings listed: the text's one is the term
        ("diabete", [("diabete", 0, 7)]),
        ("migrane mit aura", [("migräne mit aura", 0, 16)]),
        ("müde méthotrexatée", []),  # no term, and none inside a longer word
        # an ordinary word as written is not the term it folds to: taste, tired, "they used to"
        ("elle a bon goût, je suis fatigué; solían", []),
        ("gout fatigue", [("gout", 0, 4), ("fatigue", 5, 12)]),
        ("anemie", [("anémie", 0, 6)]),
        ("/méthotrexate", []),
    ],
)
def test_accents_do_not_count(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert term_spans(text) == expected


def test_letters_without_a_base_letter_keep_their_spelling() -> None:
    # folding is one character for one: "ß" is not "ss", "œ" not "oe"; they still match themselves
    assert fold_accents("straße œdème ø") == "straße œdeme ø"
    assert fold_accents("ÀÉÎÕÜ Ñ Ç") == "AEIOU N C"


@pytest.mark.parametrize("text", ["", "ascii only", "Zoë’s café, naïve — 😀 İstanbul ǅ ß"])
def test_folding_keeps_every_offset(text: str) -> None:
    folded = fold_accents(text)
    assert len(folded) == len(text)
    assert [re.match(r"\w", c) is not None for c in folded] == [re.match(r"\w", c) is not None for c in text]


def test_term_spans_match_the_folded_alternation_on_generated_accented_texts() -> None:
    terms = sorted(term_kinds())
    # words that fold to a term but are ordinary as written (French, and Spanish "they used to")
    ordinary = ["goût", "fatigué", "opération", "réhabilitation", "solían"]
    rnd = random.Random(7)
    joins = [" ", "  ", "\t", "-", "/", ".", "_", "+", "'", "’", "x", "é", "ü", "ß", "\n", "", ", "]
    for _ in range(2000):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            term = rnd.choice(ordinary) if rnd.random() < 0.1 else rnd.choice(terms)
            if rnd.random() < 0.5:  # accents left out
                term = fold_accents(term)
            if rnd.random() < 0.5:  # or put on other letters
                term = "".join(
                    rnd.choice(_ACCENTED[c]) if c in _ACCENTED and rnd.random() < 0.3 else c for c in term
                )
            if rnd.random() < 0.3:
                term = term.replace(" ", rnd.choice(["  ", "\t", " \t"]))
            if rnd.random() < 0.2:
                term = term[: rnd.randint(1, len(term))]
            parts += [term, rnd.choice(joins)]
        text = "".join(parts)
        assert _folded_term_spans(text) == _folded_alternation_spans(text), text
        assert all(term in term_kinds() for term, _, _ in term_spans(text)), text
