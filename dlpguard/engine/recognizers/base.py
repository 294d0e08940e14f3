"""Base classes for our recognizers: presidio-compatible, but with a fast path the engine calls directly.

Importing presidio pulls in spaCy (about 1 s): a native host started by a paste must answer before that.
So `Pattern` is a copy of presidio's small value class, `PatternDetector` is not a presidio class, and
presidio is imported only by `analyze` and `presidio_recognizer` (running ours inside a stock
`AnalyzerEngine`), never on the scanning path.

A recognizer is a small class: `ENTITY`, `CATEGORY`, `PATTERNS` and `CONTEXT` as class constants, a
`validate_result` hook for checksums. `KEYWORDS` are cheap lowercase literals: when none occurs in the
text the regexes are not run at all, which keeps a large paste fast.
A pattern with a named group `value` reports only that group (e.g. the password, not `password=`).
A named group `label` is the pattern's own context word (`SIN 046 454 286`: a label too short to look
for as a substring).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.tables import column_header
from dlpguard.engine.types import Category, Finding

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, RecognizerResult

logger = logging.getLogger(__name__)

CONTEXT_BOOST = 0.35
DEFAULT_LANGUAGES = ("en", "de", "fr", "es")


def has_context(text: str, start: int, end: int, words: Sequence[str], window: tuple[int, int]) -> bool:
    """True when one of `words` (lowercase) occurs shortly before or after the span, or names the
    table column the span sits in."""
    before = text[max(0, start - window[0]) : start].lower()
    after = text[end : end + window[1]].lower()
    if any(w in before or w in after for w in words):
        return True
    header = column_header(text, start)
    return header is not None and any(w in header for w in words)


class Pattern:
    """A named regex and its base score: presidio's `Pattern`, without importing presidio."""

    __slots__ = ("name", "regex", "score")

    def __init__(self, name: str, regex: str, score: float) -> None:
        if not 0 <= score <= 1:
            raise ValueError(f"pattern {name!r}: score {score} is not between 0 and 1")
        self.name = name
        self.regex = regex
        self.score = score

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "regex": self.regex}

    def __repr__(self) -> str:
        return f"Pattern({self.name!r}, score={self.score})"


class Detector:
    """What the engine needs of any recognizer: an entity, a category and a fast `find`."""

    ENTITY: ClassVar[str] = ""
    CATEGORY: ClassVar[Category]
    LANGUAGES: ClassVar[Sequence[str]] = DEFAULT_LANGUAGES

    @property
    def detector_name(self) -> str:
        return type(self).__name__

    def find(self, text: str, lowered: str) -> list[Finding]:
        """Findings in `text`; `lowered` is `text.lower()`, for keyword checks only (offsets may differ)."""
        raise NotImplementedError


class PatternDetector(Detector):
    """Patterns the engine runs itself, with keyword pre-filtering; presidio's `PatternRecognizer` shape."""

    PATTERNS: ClassVar[Sequence[Pattern]] = ()
    CONTEXT: ClassVar[Sequence[str]] = ()
    KEYWORDS: ClassVar[Sequence[str]] = ()
    FLAGS: ClassVar[int] = re.MULTILINE
    CONTEXT_WINDOW: ClassVar[tuple[int, int]] = (80, 30)
    #: Drop matches with no context word nearby (for shapes too common to report alone).
    REQUIRES_CONTEXT: ClassVar[bool] = False

    def __init__(self) -> None:
        if not self.ENTITY or not self.PATTERNS:
            raise TypeError(f"{type(self).__name__} must set ENTITY and PATTERNS")
        self.name = type(self).__name__
        self.supported_entities = [self.ENTITY]
        self._compiled_patterns: list[tuple[Pattern, re.Pattern[str]]] | None = None
        self._keywords = tuple(k.lower() for k in self.KEYWORDS)
        self._context_words = tuple(c.lower() for c in self.CONTEXT)

    @property
    def _compiled(self) -> list[tuple[Pattern, re.Pattern[str]]]:
        """The patterns, compiled on first use: compiling all of them costs a cold host about 0.2 s,
        and a text's keywords leave most detectors idle (tests/engine/recognizers compile every one)."""
        if self._compiled_patterns is None:
            self._compiled_patterns = [(p, re.compile(p.regex, self.FLAGS)) for p in self.PATTERNS]
        return self._compiled_patterns

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: certainly valid (score 1.0); False: drop the match; None: keep the pattern's score."""
        return None

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """True drops the match (presidio's second hook)."""
        return None

    def applies(self, lowered: str) -> bool:
        return not self._keywords or has_any(lowered, self._keywords)

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        if "value" in match.re.groupindex and match.group("value") is not None:
            return match.span("value")
        return match.span()

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            return []
        findings: list[Finding] = []
        for pattern, rx in self._patterns_to_run(lowered):
            for match in rx.finditer(text):
                finding = self.score_match(text, match, pattern)
                if finding is not None:
                    findings.append(finding)
        if len(self.PATTERNS) > 1 and len(findings) > 1:
            # Two patterns on one value (bare and labelled): reported once, at the higher score.
            best: dict[tuple[int, int], Finding] = {}
            for f in findings:
                kept = best.get((f.start, f.end))
                if kept is None or f.score > kept.score:
                    best[(f.start, f.end)] = f
            findings = list(best.values())
        return findings

    def _patterns_to_run(self, lowered: str) -> list[tuple[Pattern, re.Pattern[str]]]:
        """All patterns; when matches need a context word and none occurs anywhere in the text, only
        those with their own `label` group. Exact: a context word near a match or in its column's header
        is a substring of the lowered text, so its absence rules out every unlabelled match, and the
        regexes of common shapes (nine digits) are not run over a large paste for nothing."""
        if self.REQUIRES_CONTEXT and not has_any(lowered, self._context_words):
            return [(p, rx) for p, rx in self._compiled if "label" in rx.groupindex]
        return self._compiled

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        """The per-match rules every pattern shares: span, validation, context boost, required context."""
        start, end = self.span_of(match)
        if start >= end:
            return None
        value = text[start:end]
        valid = self.validate_result(value)
        if valid is False or self.invalidate_result(value):
            return None
        score = 1.0 if valid else pattern.score
        labelled = "label" in match.re.groupindex and match.group("label") is not None
        if labelled or (
            self._context_words and has_context(text, start, end, self._context_words, self.CONTEXT_WINDOW)
        ):
            score = min(1.0, score + CONTEXT_BOOST)
        elif self.REQUIRES_CONTEXT:
            return None
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: object | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's entry point (imports presidio): the same findings as presidio results."""
        from presidio_analyzer import RecognizerResult

        return [
            RecognizerResult(f.entity_type, f.start, f.end, f.score)
            for f in self.find(text, text.lower())
            if not entities or f.entity_type in entities
        ]

    def presidio_recognizer(self) -> EntityRecognizer:
        """This detector as a presidio recognizer, to register in a stock `AnalyzerEngine`."""
        from presidio_analyzer import EntityRecognizer

        detector = self

        class _Adapter(EntityRecognizer):
            def load(self) -> None:
                pass

            def analyze(
                self, text: str, entities: list[str], nlp_artifacts: object | None = None
            ) -> list[RecognizerResult]:
                return detector.analyze(text, entities)

        return _Adapter(supported_entities=[self.ENTITY], name=self.name, supported_language="en")
