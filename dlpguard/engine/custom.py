"""Admin-defined terms, dictionaries and regexes, compiled at engine construction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding
from dlpguard.errors import PolicyError


@dataclass(frozen=True, slots=True)
class CustomTerms:
    """A named list of literal terms (project code names, customer names)."""

    name: str
    terms: tuple[str, ...]
    entity_type: str = "CUSTOM_TERM"
    category: Category = Category.CUSTOM
    case_sensitive: bool = False
    score: float = 0.9


@dataclass(frozen=True, slots=True)
class CustomPattern:
    """A named regex; a group named `value` narrows the reported span."""

    name: str
    regex: str
    entity_type: str = "CUSTOM_PATTERN"
    category: Category = Category.CUSTOM
    score: float = 0.8
    context: tuple[str, ...] = field(default=())


class TermsDetector(Detector):
    """All terms of one list in a single alternation, longest first, on word boundaries."""

    def __init__(self, spec: CustomTerms) -> None:
        terms = sorted({t.strip() for t in spec.terms if t.strip()}, key=len, reverse=True)
        if not terms:
            raise PolicyError(f"custom term list {spec.name!r} is empty")
        self.spec = spec
        self.ENTITY = spec.entity_type  # type: ignore[misc]
        self.CATEGORY = spec.category  # type: ignore[misc]
        flags = 0 if spec.case_sensitive else re.IGNORECASE
        body = "|".join(re.escape(t) for t in terms)
        self._rx = re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)

    @property
    def detector_name(self) -> str:
        return f"custom:{self.spec.name}"

    def find(self, text: str, lowered: str) -> list[Finding]:
        return [
            Finding(self.ENTITY, self.CATEGORY, m.start(), m.end(), self.spec.score, self.detector_name)
            for m in self._rx.finditer(text)
            if m.end() > m.start()
        ]


class RegexDetector(Detector):
    def __init__(self, spec: CustomPattern) -> None:
        try:
            self._rx = re.compile(spec.regex, re.MULTILINE)
        except re.error as exc:
            raise PolicyError(f"custom pattern {spec.name!r}: invalid regex: {exc}") from exc
        if self._rx.search(""):
            raise PolicyError(f"custom pattern {spec.name!r} matches the empty string")
        self.spec = spec
        self.ENTITY = spec.entity_type  # type: ignore[misc]
        self.CATEGORY = spec.category  # type: ignore[misc]

    @property
    def detector_name(self) -> str:
        return f"custom:{self.spec.name}"

    def find(self, text: str, lowered: str) -> list[Finding]:
        out = []
        for m in self._rx.finditer(text):
            start, end = m.span("value") if "value" in self._rx.groupindex else m.span()
            if end > start:
                out.append(
                    Finding(self.ENTITY, self.CATEGORY, start, end, self.spec.score, self.detector_name)
                )
        return out
