"""The scanning engine: pattern detectors everywhere, NER only on prose, filters, overlap resolution."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from dlpguard.engine.chunking import (
    DEFAULT_OVERLAP,
    DEFAULT_WINDOW,
    Window,
    windows_from_stream,
    windows_from_text,
)
from dlpguard.engine.custom import CustomPattern, CustomTerms, RegexDetector, TermsDetector
from dlpguard.engine.filters import false_positive_reason, normalized
from dlpguard.engine.model import ModelSpec, load_ner_pipeline
from dlpguard.engine.ner import ner_findings
from dlpguard.engine.prose import prose_segments
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.registry import build_detectors
from dlpguard.engine.resolve import resolve_overlaps
from dlpguard.engine.types import Category, Finding, ModelStatus, ScanContext, ScanResult, ScanStats
from dlpguard.errors import ModelError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineConfig:
    """What shapes a scan; the policy layer builds one of these from the admin's file."""

    min_score: float = 0.5
    min_score_by_category: dict[Category, float] = field(default_factory=dict)
    ner: bool = True
    #: Largest amount of prose NER reads per scan; the rest is pattern-scanned only.
    max_ner_chars: int = 50_000
    custom_terms: Sequence[CustomTerms] = ()
    custom_patterns: Sequence[CustomPattern] = ()
    #: Detectors built elsewhere from the policy (exact-data-match hashed term lists). Not compared:
    #: shells compare configs to decide on a rebuild and key that on the policy's lists instead.
    extra_detectors: Sequence[Detector] = field(default=(), compare=False)
    #: Values never reported (compared without separators, case-insensitively).
    allow_values: frozenset[str] = frozenset()
    window: int = DEFAULT_WINDOW
    overlap: int = DEFAULT_OVERLAP


class Engine:
    """Built once per process: the model loads here, never during a scan."""

    def __init__(self, config: EngineConfig | None = None, *, load_model: bool = True) -> None:
        self.config = config or EngineConfig()
        self.detectors: list[Detector] = build_detectors()
        self.detectors += [TermsDetector(t) for t in self.config.custom_terms]
        self.detectors += [RegexDetector(p) for p in self.config.custom_patterns]
        self.detectors += list(self.config.extra_detectors)
        self._allow = frozenset(normalized(v) for v in self.config.allow_values)
        self._nlp: Any = None
        self.model = self._load_model(load_model and self.config.ner)

    def _load_model(self, wanted: bool) -> ModelStatus:
        if not wanted:
            return ModelStatus(
                None, None, loaded=False, verified=False, mode="pattern-only", reason="NER disabled"
            )
        spec: ModelSpec | None = None
        try:
            self._nlp, spec, _ = load_ner_pipeline()
        except ModelError as exc:
            logger.warning("NER model unavailable, running pattern-only: %s", exc)
            return ModelStatus(None, None, loaded=False, verified=False, mode="pattern-only", reason=str(exc))
        return ModelStatus(spec.name, spec.version, loaded=True, verified=True, mode="ner")

    @property
    def entity_types(self) -> dict[str, Category]:
        types = {d.ENTITY: d.CATEGORY for d in self.detectors}
        if self._nlp is not None:
            types.update({"PERSON": Category.PERSON, "LOCATION": Category.LOCATION})
        return types

    # -- scanning -------------------------------------------------------------------------------

    def scan(self, text: str, context: ScanContext | None = None) -> ScanResult:
        return self._scan_windows(windows_from_text(text, self.config.window, self.config.overlap), context)

    def scan_stream(self, stream: TextIO, context: ScanContext | None = None) -> ScanResult:
        """Scans a stream window by window; memory stays bounded however large the input."""
        return self._scan_windows(
            windows_from_stream(stream, self.config.window, self.config.overlap), context
        )

    def iter_scan_stream(
        self, stream: TextIO, context: ScanContext | None = None
    ) -> Iterator[tuple[Window, list[Finding]]]:
        """Window by window, findings in global offsets, for shells that write output as they go."""
        budget = [self.config.max_ner_chars]
        for window in windows_from_stream(stream, self.config.window, self.config.overlap):
            yield window, self._scan_window(window, budget, [0, 0])

    def _scan_windows(self, windows: Iterable[Window], context: ScanContext | None) -> ScanResult:
        started = time.perf_counter()
        budget = [self.config.max_ner_chars]
        ner_stats = [0, 0]  # chars read by NER, prose chars skipped for the budget
        findings: list[Finding] = []
        chars = chunks = 0
        for window in windows:
            chunks += 1
            chars = window.base + window.own_end
            findings.extend(self._scan_window(window, budget, ner_stats))
        notes = []
        if self.model.mode != "ner":
            notes.append(f"pattern-only: names and places are not detected ({self.model.reason})")
        if ner_stats[1]:
            notes.append(f"NER limit reached: {ner_stats[1]} characters of prose were pattern-scanned only")
        stats = ScanStats(chars, ner_stats[0], ner_stats[1], chunks, (time.perf_counter() - started) * 1000)
        return ScanResult(tuple(findings), self.model, stats, tuple(notes))

    def _scan_window(self, window: Window, budget: list[int], ner_stats: list[int]) -> list[Finding]:
        text = window.text
        lowered = text.lower()
        candidates: list[Finding] = []
        for detector in self.detectors:
            candidates.extend(detector.find(text, lowered))
        if self._nlp is not None:
            owned = text[window.own_start : window.own_end]
            segments, skipped = prose_segments(owned, budget[0])
            used = sum(s.end - s.start for s in segments)
            budget[0] -= used
            ner_stats[0] += used
            ner_stats[1] += skipped
            candidates.extend(
                Finding(
                    f.entity_type,
                    f.category,
                    f.start + window.own_start,
                    f.end + window.own_start,
                    f.score,
                    f.recognizer,
                )
                for f in ner_findings(self._nlp, owned, segments)
            )
        kept = [
            f for f in candidates if f.score >= self._threshold(f.category) and not self._dismissed(f, text)
        ]
        return [
            Finding(
                f.entity_type, f.category, f.start + window.base, f.end + window.base, f.score, f.recognizer
            )
            for f in resolve_overlaps(kept)
            if window.own_start <= f.start < window.own_end
        ]

    def _threshold(self, category: Category) -> float:
        return self.config.min_score_by_category.get(category, self.config.min_score)

    def _dismissed(self, finding: Finding, text: str) -> bool:
        if self._allow and normalized(text[finding.start : finding.end]) in self._allow:
            return True
        return false_positive_reason(finding, text) is not None
