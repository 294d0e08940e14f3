"""Whether a keyword occurs in a window, asked of its distinct words instead of the whole window.

Detectors gate their patterns on keywords (`KEYWORDS`, context words, stems, role nouns): hundreds of
`keyword in lowered` per window, each a pass over all of it when the keyword is absent, which it usually
is. The window's distinct whitespace-separated words, joined by newlines, hold about a third of its
characters; one `str.split` builds them for every detector of the window (cached per text). Building them
costs about as much as twenty passes, so a text is first asked directly, and its words are built once it
has been asked that often (a line handed to one detector is never worth it; a window always is).

Exact: a keyword without whitespace that occurs in the text lies inside one of its words, so it occurs in
the joined words; and every stretch of the joined words without a newline is a substring of a word of the
text. A keyword with whitespace is looked for in the text itself.

Most keywords are absent, and most absent ones have a three-character piece that occurs nowhere in the
joined words: the set of those pieces (built with the words, about 13 ms a window) answers them without a
pass over the words (about 50 us each, some 600 questions a window). Exact too: a keyword inside the
joined words has every piece of it there.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: Below this length, looking in the text itself always costs less than building its words.
_MIN_CHARS = 16 * 1024
#: Questions asked of a text directly before its words are built.
_DIRECT_QUESTIONS = 20
#: Length of the pieces that rule a keyword out (`_Words.pieces`); the zip in `words_if_worth` matches.
_PIECE = 3


def is_short(lowered: str) -> bool:
    """A text below the length at which building its words pays: ask it directly."""
    return len(lowered) < _MIN_CHARS


def has_keyword(lowered: str, keyword: str) -> bool:
    """`keyword in lowered`, for a window's lowered text (answered from its distinct words)."""
    if is_short(lowered) or _has_space(keyword):
        return keyword in lowered
    state = _state(lowered)
    words = state.words_if_worth(lowered)
    if words is None:
        return keyword in lowered
    return state.pieces.issuperset(_pieces_of(keyword)) and keyword in words


def has_any(lowered: str, keywords: Iterable[str]) -> bool:
    """`any(k in lowered for k in keywords)`, answered as `has_keyword` does (a short text directly: a
    function call per keyword costs more there than the look itself)."""
    if is_short(lowered):
        return any(k in lowered for k in keywords)
    return any(has_keyword(lowered, k) for k in keywords)


class _Words:
    """A text's distinct words, once it has been asked about often enough."""

    __slots__ = ("asked", "pieces", "words")

    def __init__(self) -> None:
        self.asked = 0
        self.words: str | None = None
        #: Every `_PIECE`-character substring of `words`.
        self.pieces: frozenset[str] = frozenset()

    def words_if_worth(self, text: str) -> str | None:
        if self.words is None:
            self.asked += 1
            if self.asked <= _DIRECT_QUESTIONS:
                return None
            words = "\n".join(set(text.split()))
            self.pieces = frozenset(map("".join, zip(words, words[1:], words[2:], strict=False)))
            self.words = words
        return self.words


@lru_cache(maxsize=6)
def _state(lowered: str) -> _Words:
    return _Words()


@lru_cache(maxsize=4096)
def _pieces_of(keyword: str) -> tuple[str, ...]:
    return tuple(keyword[i : i + _PIECE] for i in range(len(keyword) - _PIECE + 1))


@lru_cache(maxsize=4096)
def _has_space(keyword: str) -> bool:
    return any(c.isspace() for c in keyword)
