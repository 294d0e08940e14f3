"""Scoped pattern detectors: run a recognizer's regexes only where they can match.

Assignment recognizers (passwords, generic secrets, connection strings) key on common words
(`pass`, `token`, `://`) and their regexes cannot start on a literal, so `finditer` over a whole
paste pays for every character. Two cheaper scopes, both found with `str.find` on the lowered text:

- `AnchoredDetector`: every pattern starts exactly where one of its `KEYWORDS` occurs, so each
  pattern is tried with `match` at those positions only (lookbehinds still see the text before);
- `LineScopedDetector`: matches never span lines, so only lines holding a keyword are scanned.

Both fall back to the plain scan when lowering changed the text's length (offsets would differ).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from dlpguard.engine.recognizers._window_words import has_keyword
from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.types import Finding


def keyword_positions(lowered: str, keywords: Sequence[str]) -> list[int]:
    """Every offset where one of `keywords` starts, sorted, without duplicates."""
    return sorted({pos for keyword in keywords for pos in _occurrences(lowered, keyword)})


def _occurrences(lowered: str, keyword: str) -> list[int]:
    found: list[int] = []
    pos = lowered.find(keyword) if has_keyword(lowered, keyword) else -1
    while pos >= 0:
        found.append(pos)
        pos = lowered.find(keyword, pos + 1)
    return found


def keyword_lines(lowered: str, keywords: Sequence[str], also: Sequence[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive lines holding a keyword (and one of `also`, if given)."""
    hits: list[tuple[int, int]] = []
    for keyword in keywords:
        pos = lowered.find(keyword) if has_keyword(lowered, keyword) else -1
        while pos >= 0:
            start = lowered.rfind("\n", 0, pos) + 1
            end = lowered.find("\n", pos)
            end = len(lowered) if end < 0 else end
            if not also or any(a in lowered[start:end] for a in also):
                hits.append((start, end))
            pos = lowered.find(keyword, end + 1) if end < len(lowered) else -1
    hits.sort()
    merged: list[tuple[int, int]] = []
    for start, end in hits:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class LineScopedDetector(PatternDetector):
    """A PatternDetector that runs its patterns only over the lines a keyword occurs in."""

    #: When set, a line is scanned only if it also holds one of these (lowercase) literals.
    LINE_ALSO: ClassVar[Sequence[str]] = ()

    def find(self, text: str, lowered: str) -> list[Finding]:
        if len(lowered) != len(text):
            return super().find(text, lowered)
        # No `applies` first: without a keyword there are no keyword lines, and each keyword is looked
        # for once instead of twice.
        findings: list[Finding] = []
        for start, end in keyword_lines(lowered, self._keywords, self.LINE_ALSO):
            findings.extend(
                Finding(f.entity_type, f.category, f.start + start, f.end + start, f.score, f.recognizer)
                for f in super().find(text[start:end], lowered[start:end])
            )
        return findings


class AnchoredDetector(PatternDetector):
    """A PatternDetector whose every match starts on one of its KEYWORDS (case-insensitively).

    Same results as scanning the whole text, as long as that contract holds: patterns begin with
    the keyword itself and express what may precede it as lookbehinds. A pattern named in
    `PATTERN_KEYWORDS` starts on those keywords only and is tried only there.
    """

    PATTERN_KEYWORDS: ClassVar[Mapping[str, Sequence[str]]] = {}

    def find(self, text: str, lowered: str) -> list[Finding]:
        if len(lowered) != len(text):
            return super().find(text, lowered)
        # Each keyword looked for once (not by `applies`, then `in`, then its occurrences): none, no match.
        at = {k: positions for k in self._keywords if (positions := _occurrences(lowered, k))}
        if not at:
            return []
        everywhere = sorted({pos for positions in at.values() for pos in positions})
        findings: list[Finding] = []
        seen: set[tuple[int, int]] = set()  # two patterns may reach the same value (`wifi password is x`)
        for pattern, rx in self._compiled:
            own = self.PATTERN_KEYWORDS.get(pattern.name)
            starts = everywhere if own is None else sorted({p for k in own for p in at.get(k, ())})
            taken = 0
            for pos in starts:
                if pos < taken:
                    continue
                match = rx.match(text, pos)
                if match is None:
                    continue
                taken = max(match.end(), pos + 1)
                finding = self.score_match(text, match, pattern)
                if finding is not None and (finding.start, finding.end) not in seen:
                    seen.add((finding.start, finding.end))
                    findings.append(finding)
        return findings


def value_span(match: re.Match[str]) -> tuple[int, int]:
    """The first of the groups `value`, `value2`, `value3` that took part in the match.

    Python's `re` forbids repeating a group name, so a pattern with a quoted and an unquoted
    branch names the second one `value2`.
    """
    for group in ("value", "value2", "value3"):
        if group in match.re.groupindex and match.group(group) is not None:
            return match.span(group)
    return match.span()


def word_alternation(words: Sequence[str], not_after: str = "A-Za-z0-9_") -> str:
    """A case-insensitive alternation of `words` that must not follow a `[not_after]` character.

    Written as `[first letters](?<!...)(?:(?<=[xX])(?i:rest)|...)` rather than
    `(?<![...])(?i:w1|w2)`: a pattern that opens on a character class lets `re` skip ahead to
    candidate positions in C, which is several times faster on long texts.
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0].lower(), []).append(re.escape(word[1:]).replace(r"\ ", " "))
    firsts = "".join(f"{c}{c.upper()}" if c.isalpha() else re.escape(c) for c in by_first)
    branches = "|".join(
        f"(?<=[{c}{c.upper()}])(?i:{'|'.join(sorted(rests, key=len, reverse=True))})"
        for c, rests in by_first.items()
    )
    return f"[{firsts}](?<![{not_after}].)(?:{branches})"


def after_words(
    text: str, lowered: str, words: re.Pattern[str], after: re.Pattern[str]
) -> list[re.Match[str]]:
    """The matches of `after` (on `text`) right behind each match of `words` (on `lowered`, a trie of
    lowercase cue words) that starts a word: a case-blind alternation tried at every position of the
    original costs several times more. None when lowering moved the offsets (a rare "İ" or "ẞ")."""
    if len(lowered) != len(text):
        return []
    found = []
    for m in words.finditer(lowered):
        at = m.start()
        if at and (lowered[at - 1].isalnum() or lowered[at - 1] in "_-"):
            continue
        value = after.match(text, m.end())
        if value is not None:
            found.append(value)
    return found
