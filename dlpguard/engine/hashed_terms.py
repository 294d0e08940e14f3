"""Exact-data-match: finds values the policy names only by salted hash (customer ids, staff, code names).

Normalisation, identical for the admin's list (`dlpguard policy hash-terms`) and for the scanned text:

1. words are the runs of letters and digits (any script; `_`, punctuation and spaces separate words);
2. each word is NFKD-decomposed, stripped of accents (combining marks) and case-folded;
3. a term's key is its words joined by one space, or joined with nothing when any word holds a digit
   (ids: `CUST-00123`, `cust 00123` and `Cust00123` share the key `cust00123`);
4. the hash is `sha256(salt_utf8 + key_utf8)`, lowercase hex.

The detector hashes every run of 1..`max_words` consecutive words (separated by at most a few
characters) and looks the digest up in a set, so the cost is bounded: `max_words` hashes per word.
A salted hash hides the list from a casual reader of the policy; it does not stop someone with the
salt from testing guesses (names and short ids are guessable), so keep the policy file admin-only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

#: Letters and digits with their combining marks (decomposed accents stay inside the word).
_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")
#: Longest stretch of separators between two words of one term ("Smith, J" has two: ", ").
MAX_GAP = 3


def normalise_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def term_key(words: Iterable[str]) -> str:
    words = list(words)
    if any(ch.isdigit() for w in words for ch in w):
        return "".join(words)
    return " ".join(words)


def term_words(value: str) -> list[str]:
    return [w for w in (normalise_word(m.group()) for m in _WORD.finditer(value)) if w]


def normalise_term(value: str) -> str:
    """The key a term is hashed under (see the module docstring)."""
    return term_key(term_words(value))


def hash_term(salt: str, value: str) -> str:
    return hashlib.sha256(salt.encode("utf-8") + normalise_term(value).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class HashedTerms:
    """One hashed list as the engine needs it (the policy's `custom.hashed_terms` entry)."""

    name: str
    salt: str
    hashes: frozenset[str]
    max_words: int = 4
    entity_type: str = "HASHED_TERM"
    category: Category = Category.CUSTOM
    score: float = 1.0


class HashedTermsDetector(Detector):
    def __init__(self, spec: HashedTerms) -> None:
        if not spec.hashes:
            raise ValueError(f"hashed term list {spec.name!r} is empty")
        self.spec = spec
        self.ENTITY = spec.entity_type  # type: ignore[misc]
        self.CATEGORY = spec.category  # type: ignore[misc]
        self._salted = hashlib.sha256(spec.salt.encode("utf-8"))
        self._digests = frozenset(bytes.fromhex(h) for h in spec.hashes)
        self._max_words = max(1, spec.max_words)

    @property
    def detector_name(self) -> str:
        return f"custom:{self.spec.name}"

    def find(self, text: str, lowered: str) -> list[Finding]:
        starts: list[int] = []
        ends: list[int] = []
        words: list[bytes] = []
        digits: list[bool] = []
        for m in _WORD.finditer(text):
            word = normalise_word(m.group())
            starts.append(m.start())
            ends.append(m.end())
            words.append(word.encode("utf-8"))
            digits.append(not word.isalpha() if word.isascii() else any(ch.isdigit() for ch in word))
        salted, found, count = self._salted, self._digests, len(words)
        matches: list[tuple[int, int]] = []
        for i in range(count):
            spaced = compact = words[i]
            has_digit = digits[i]
            longest = -1
            for j in range(i, min(count, i + self._max_words)):
                if j > i:
                    if starts[j] - ends[j - 1] > MAX_GAP:
                        break
                    spaced += b" " + words[j]
                    compact += words[j]
                    has_digit = has_digit or digits[j]
                digest = salted.copy()
                digest.update(compact if has_digit else spaced)
                if digest.digest() in found:
                    longest = j
            if longest >= 0:
                matches.append((starts[i], ends[longest]))
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, self.spec.score, self.detector_name)
            for start, end in _non_overlapping(matches)
        ]


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Leftmost, then longest, spans that do not overlap ("John Smith" wins over "Smith")."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out
