"""The health vocabulary is matched by a set lookup per word (`term_spans`), not by one alternation of every
term: what it finds must be exactly what that alternation found."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest

from dlpguard.engine.names import trie_regex
from dlpguard.engine.recognizers._health_vocab import term_kinds, term_spans


@cache
def _alternation() -> re.Pattern[str]:
    """What the vocabulary matcher did before: one trie-shaped alternation of every term (built once)."""
    return re.compile(r"\b(?<![/._-])" + trie_regex(list(term_kinds()), space="[ \t]+") + r"(?!\w|-\w)")


def _alternation_spans(lowered: str) -> list[tuple[str, int, int]]:
    return [(re.sub(r"[ \t]+", " ", m.group()), m.start(), m.end()) for m in _alternation().finditer(lowered)]


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


def test_term_spans_match_the_alternation_on_generated_texts() -> None:
    terms = sorted(term_kinds())
    rnd = random.Random(12)
    joins = [" ", "  ", "\t", "-", "/", ".", "_", "+", "'", "’", "x", "\n", "-a", "é", "", ", ", " - "]
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
