"""The scanning engine: pattern detectors everywhere, NER only on prose, filters, overlap resolution.

A scan of text in memory runs in two passes: every pattern detector over every window, then NER over
the prose of the whole text, most name-like pieces first, within a character budget
(`max_ner_chars`) and, past `ner_min_chars`, a time budget for the whole scan (`ner_time_budget_ms`),
so a 1 MiB paste is judged in time; what NER did not read is counted in the result. The pattern pass of
a large text's windows is shared with worker processes (parallel.py, `EngineConfig.workers`), with the
same findings as a sequential scan. NER is skipped
when the shell's gate (`Engine.ner_gate`) says its findings could not change the outcome, and a model
still loading in the background (`defer_model`) leaves the scan pattern-only with `ner_pending` set.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
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
from dlpguard.engine.filters import KNOWN_EXAMPLE_REASON, example_kind, false_positive_reason, normalized
from dlpguard.engine.model import ModelSpec, load_ner_pipeline
from dlpguard.engine.name_propagation import propagated_names
from dlpguard.engine.ner import ner_findings
from dlpguard.engine.parallel import WindowPool, effective_workers, vendor_rules_ready
from dlpguard.engine.place_anchors import anchored_places, people_over_guessed_places
from dlpguard.engine.prose import Segment, cut_point, prioritised, prose_pieces, prose_segments
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.registry import build_detectors
from dlpguard.engine.resolve import resolve_overlaps
from dlpguard.engine.types import Category, Finding, ModelStatus, ScanContext, ScanResult, ScanStats
from dlpguard.errors import ModelError, describe_exception

logger = logging.getLogger(__name__)

#: (pattern findings, context, the scanned text) -> True when NER findings could change what the shell
#: does with the text. The engine knows no policy: the guard sets this from the policy in force. Only
#: `scan` asks it (a stream is never held whole).
NerGate = Callable[[Sequence[Finding], "ScanContext | None", str], bool]


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
    #: Classes of IP address reported (`public`, `private`, `reserved`: see recognizers/ip_address.py).
    #: Only public ones by default: 10.0.3.17 or 127.0.0.1 in a paste name no machine an outsider can reach.
    ip_classes: frozenset[str] = frozenset({"public"})
    #: Report every place, not only addresses and the places near someone's data (place_anchors.py):
    #: "Berlin" in a travel plan or a news item locates no one.
    lone_places: bool = False
    window: int = DEFAULT_WINDOW
    overlap: int = DEFAULT_OVERLAP
    #: NER always reads this much prose (within `max_ner_chars`), however long it takes: a usual paste
    #: is read whole, whatever the machine's load, and its findings do not depend on timing.
    ner_min_chars: int = 4_000
    #: Past `ner_min_chars`, NER starts no new piece once the scan (patterns included) has run this
    #: long (None: no limit): a big paste is judged in time, a 1 MiB one gets little more than the minimum.
    ner_time_budget_ms: float | None = 250.0
    #: Processes that pattern-scan a large text's windows, the scanning one included (parallel.py);
    #: 1: always sequential; None: the machine's cores, at most `parallel.MAX_AUTO_WORKERS`.
    workers: int | None = None
    #: Texts this long or longer (given to `scan`) have their windows scanned in parallel.
    parallel_min_chars: int = 1_000_000


class Engine:
    """Built once per process: the model loads here (or, deferred, in `load_model`), never during a scan."""

    def __init__(
        self, config: EngineConfig | None = None, *, load_model: bool = True, defer_model: bool = False
    ) -> None:
        self.config = config or EngineConfig()
        self.detectors: list[Detector] = build_detectors()
        self.detectors += [TermsDetector(t) for t in self.config.custom_terms]
        self.detectors += [RegexDetector(p) for p in self.config.custom_patterns]
        self.detectors += list(self.config.extra_detectors)
        # What a worker process builds from the config; the pool is not used once the list is changed.
        self._built = tuple(self.detectors)
        self._pool: WindowPool | None = None
        self._pool_lock = threading.Lock()
        self._closed = False
        self._allow = frozenset(normalized(v) for v in self.config.allow_values)
        self.ner_gate: NerGate | None = None
        self._model_lock = threading.Lock()
        wanted = load_model and self.config.ner
        # (pipeline, status) replaced as one: a scan reads both at once and keeps them for its duration.
        self._ner: tuple[Any, ModelStatus]
        if wanted and defer_model:
            self._ner = (None, ModelStatus(
                None, None, loaded=False, verified=False, mode="pattern-only",
                reason="NER model loading", pending=True,
            ))  # fmt: skip
        else:
            self._ner = self._load_model(wanted)

    @property
    def model(self) -> ModelStatus:
        return self._ner[1]

    @property
    def _nlp(self) -> Any:
        return self._ner[0]

    def load_model(self) -> ModelStatus:
        """Loads a deferred model (from a background thread); scans meanwhile are pattern-only."""
        with self._model_lock:
            if self._ner[1].pending:
                try:
                    self._ner = self._load_model(True)
                except Exception as exc:  # e.g. OSError reading the files: never pending forever
                    reason = f"model load failed: {describe_exception(exc)}"
                    logger.warning("NER model unavailable, running pattern-only: %s", reason)
                    status = ModelStatus(None, None, False, False, mode="pattern-only", reason=reason)
                    self._ner = (None, status)
            return self._ner[1]

    @staticmethod
    def _load_model(wanted: bool) -> tuple[Any, ModelStatus]:
        if not wanted:
            return None, ModelStatus(
                None, None, loaded=False, verified=False, mode="pattern-only", reason="NER disabled"
            )
        spec: ModelSpec | None = None
        try:
            nlp, spec, _ = load_ner_pipeline()
        except ModelError as exc:
            logger.warning("NER model unavailable, running pattern-only: %s", exc)
            status = ModelStatus(None, None, False, False, mode="pattern-only", reason=str(exc))
            return None, status
        return nlp, ModelStatus(spec.name, spec.version, loaded=True, verified=True, mode="ner")

    @property
    def entity_types(self) -> dict[str, Category]:
        types = {d.ENTITY: d.CATEGORY for d in self.detectors}
        if self._nlp is not None:
            types.update({"PERSON": Category.PERSON, "LOCATION": Category.LOCATION})
        return types

    # -- scanning -------------------------------------------------------------------------------

    def scan(self, text: str, context: ScanContext | None = None) -> ScanResult:
        """Patterns over all of `text`, then NER over its prose within the budgets (module docstring)."""
        started = time.perf_counter()
        nlp, model = self._ner
        windows = list(windows_from_text(text, self.config.window, self.config.overlap))
        # The candidates and the filters' verdict on each, kept for the second pass once NER has run.
        keep = self.config.ner and nlp is not None
        passes = self._parallel_passes(text, windows, keep)
        if passes is None:
            passes = [self._window_pass(w, keep) for w in windows]
        candidates = [p[0] for p in passes]
        reasons = [p[1] for p in passes]
        findings = [f for p in passes for f in p[2]]
        examples: _Examples = {}
        for p in passes:
            examples.update(p[3])
        ner = _NerTally()
        if self.config.ner and (nlp is not None or model.pending):
            if self.ner_gate is not None and not self.ner_gate(findings, context, text):
                ner.gated = True
            elif nlp is None:
                ner.pending = _has_prose(text, 0, len(text))
            else:
                named = self._ner_findings(nlp, text, 0, len(text), ner, started)
                if named:
                    findings = []
                    for window, cands, known in zip(windows, candidates, reasons, strict=True):
                        lo, hi = window.base, window.base + len(window.text)
                        local = [_shift(f, -lo) for f in named if lo <= f.start and f.end <= hi]
                        findings += self._resolve(window, cands + local, reasons=known)
        return self._result(model, findings, len(text), len(windows), ner, started, examples)

    def _window_pass(self, window: Window, keep: bool) -> WindowPass:
        """A window's pattern pass: (candidates, the filters' verdicts, its findings, the published test
        values it set aside); candidates and verdicts only when `keep` (for NER's second pass)."""
        candidates = self._pattern_candidates(window)
        reasons: _Reasons = {}
        examples: _Examples = {}
        findings = self._resolve(window, candidates, examples, reasons)
        return (candidates, reasons, findings, examples) if keep else ([], {}, findings, examples)

    def _parallel_passes(self, text: str, windows: list[Window], keep: bool) -> list[WindowPass] | None:
        """The windows' passes from the process pool (parallel.py); None: scan them here, in turn."""
        workers = min(effective_workers(self.config.workers), len(windows))
        if (
            workers < 2
            or len(text) < self.config.parallel_min_chars
            or tuple(self.detectors) != self._built
            or not vendor_rules_ready()
        ):
            return None
        with self._pool_lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = WindowPool(self.config, effective_workers(self.config.workers) - 1, Engine)
                weakref.finalize(self, self._pool.close)
            pool = self._pool
        if pool.broken:
            return None
        return pool.run(windows, keep, lambda w: self._window_pass(w, keep))

    def close(self) -> None:
        """Stops the worker processes of parallel scans, if any were started; later scans are
        sequential."""
        with self._pool_lock:
            self._closed = True
            pool = self._pool
        if pool is not None:
            pool.close()

    def scan_stream(self, stream: TextIO, context: ScanContext | None = None) -> ScanResult:
        """Scans a stream window by window; memory stays bounded however large the input."""
        started = time.perf_counter()
        model = self.model
        ner = _NerTally()
        findings: list[Finding] = []
        examples: _Examples = {}
        chars = chunks = 0
        for window in windows_from_stream(stream, self.config.window, self.config.overlap):
            chunks += 1
            chars = window.base + window.own_end
            findings.extend(self._scan_window(window, ner, examples))
        return self._result(model, findings, chars, chunks, ner, started, examples)

    def iter_scan_stream(
        self, stream: TextIO, context: ScanContext | None = None
    ) -> Iterator[tuple[Window, list[Finding]]]:
        """Window by window, findings in global offsets, for shells that write output as they go."""
        ner = _NerTally()
        for window in windows_from_stream(stream, self.config.window, self.config.overlap):
            yield window, self._scan_window(window, ner)

    def _result(
        self, model: ModelStatus, findings: list[Finding], chars: int, chunks: int, ner: _NerTally,
        started: float, examples: _Examples,
    ) -> ScanResult:  # fmt: skip
        notes = []
        if model.pending and ner.pending:
            notes.append("NER model still loading: names and places not checked yet; scan again for them")
        elif model.mode != "ner" and not model.pending:
            notes.append(f"pattern-only: names and places are not detected ({model.reason})")
        if ner.gated:
            notes.append("NER skipped: under the policy, names and places could not change the verdict")
        if ner.skipped:
            notes.append(
                f"NER limit reached: {ner.skipped} characters of prose (or not examined for prose) were "
                "pattern-scanned only"
            )
        elapsed = (time.perf_counter() - started) * 1000
        stats = ScanStats(chars, ner.read, ner.skipped, chunks, elapsed, ner.pending, ner.gated)
        return ScanResult(tuple(findings), model, stats, tuple(notes), _example_kinds(examples))

    def _pattern_candidates(self, window: Window) -> list[Finding]:
        text = window.text
        lowered = text.lower()
        candidates: list[Finding] = []
        for detector in self.detectors:
            candidates.extend(detector.find(text, lowered))
        return candidates

    def _resolve(
        self,
        window: Window,
        candidates: list[Finding],
        examples: _Examples | None = None,
        reasons: _Reasons | None = None,
    ) -> list[Finding]:
        """Window-local candidates -> the window's own findings, filtered and resolved, in global offsets.
        Published test values set aside in the window's own stretch are noted in `examples`; the filters'
        verdicts are kept in (and read from) `reasons`, so a second pass over the same candidates with
        NER's added asks the filters only about the new ones."""
        text = window.text
        kept = []
        for f in candidates:
            if f.score < self._threshold(f.category) or not self._reportable_ip(f):
                continue
            if self._allow and normalized(text[f.start : f.end]) in self._allow:
                continue
            if reasons is None:
                reason = false_positive_reason(f, text)
            elif f in reasons:
                reason = reasons[f]
            else:
                reason = reasons[f] = false_positive_reason(f, text)
            if reason is None:
                kept.append(f)
            elif (
                reason == KNOWN_EXAMPLE_REASON
                and examples is not None
                and window.own_start <= f.start < window.own_end
            ):
                value = text[f.start : f.end]
                examples[(f.start + window.base, f.end + window.base)] = example_kind(value) or reason
        kept += [  # a full name's first name or surname alone, later in the text
            p
            for p in propagated_names(text, kept)
            if p.score >= self._threshold(p.category) and normalized(text[p.start : p.end]) not in self._allow
        ]
        kept = people_over_guessed_places(text, kept)
        if not self.config.lone_places:
            kept = anchored_places(text, kept)
        return [
            _shift(f, window.base)
            for f in resolve_overlaps(kept)
            if window.own_start <= f.start < window.own_end
        ]

    def _ner_findings(
        self, nlp: Any, text: str, start: int, end: int, ner: _NerTally, began: float
    ) -> list[Finding]:
        """NER over the prose of text[start:end] within the budgets (time counted from `began`, the
        scan's start); findings in offsets of `text`."""
        budget = self.config.max_ner_chars - ner.read
        floor = min(self.config.ner_min_chars, budget)
        limit_ms = self.config.ner_time_budget_ms
        segments, examined = self._prose(text, start, end, began, floor)
        unexamined = end - examined
        total = sum(s.end - s.start for s in segments)
        if total <= floor:
            ner.read += total
            ner.skipped += unexamined
            return ner_findings(nlp, text, segments)
        # More prose than NER may read at once: the most name-like pieces first, until a budget is spent.
        pieces, _ = prioritised(text, prose_pieces(text, segments))
        chosen: list[Segment] = []
        size = 0
        for piece in pieces:
            if size + piece.end - piece.start > budget:
                cut = cut_point(text, piece.start, piece.start + budget - size)
                if cut > piece.start:
                    chosen.append(Segment(piece.start, cut))
                    size += cut - piece.start
                break
            chosen.append(piece)
            size += piece.end - piece.start
        found: list[Finding] = []
        done = 0
        for i in range(0, len(chosen), _NER_BATCH):
            if done >= floor and limit_ms is not None and (time.perf_counter() - began) * 1000 >= limit_ms:
                break
            batch = sorted(chosen[i : i + _NER_BATCH], key=lambda p: p.start)
            found += ner_findings(nlp, text, batch)
            done += sum(p.end - p.start for p in batch)
        ner.read += done
        ner.skipped += sum(p.end - p.start for p in pieces) - done + unexamined
        return found

    def _prose(self, text: str, start: int, end: int, began: float, floor: int) -> tuple[list[Segment], int]:
        """Prose segments of text[start:end] (offsets of `text`) and how far the text was examined.
        Telling prose from code costs about 0.2 s per MiB: when the time budget is already spent, only
        as much text is examined as it takes to find `floor` characters of prose."""
        limit_ms = self.config.ner_time_budget_ms
        spent = limit_ms is not None and (time.perf_counter() - began) * 1000 >= limit_ms
        if not spent or end - start <= _EXAMINE_STEP:
            return [Segment(s.start + start, s.end + start) for s in prose_segments(text[start:end])[0]], end
        segments: list[Segment] = []
        found = 0
        pos = start
        while pos < end and found < floor:
            stop = text.find("\n", min(pos + _EXAMINE_STEP, end), end)
            stop = end if stop < 0 else stop + 1
            for s in prose_segments(text[pos:stop])[0]:
                segments.append(Segment(s.start + pos, s.end + pos))
                found += s.end - s.start
            pos = stop
        return segments, pos

    def _scan_window(
        self, window: Window, ner: _NerTally, examples: _Examples | None = None
    ) -> list[Finding]:
        """One window of a stream: patterns, then NER on its own stretch."""
        nlp, model = self._ner
        candidates = self._pattern_candidates(window)
        reasons: _Reasons = {}
        found = self._resolve(window, candidates, examples, reasons)
        if not self.config.ner or (nlp is None and not model.pending):
            return found
        if nlp is None:
            ner.pending = ner.pending or _has_prose(window.text, window.own_start, window.own_end)
            return found
        began = time.perf_counter()
        named = self._ner_findings(nlp, window.text, window.own_start, window.own_end, ner, began)
        return self._resolve(window, candidates + named, reasons=reasons) if named else found

    def _threshold(self, category: Category) -> float:
        return self.config.min_score_by_category.get(category, self.config.min_score)

    def _reportable_ip(self, finding: Finding) -> bool:
        return finding.entity_type != "IP_ADDRESS" or finding.subtype in self.config.ip_classes


#: Pieces per NER call when reading within a time budget (the budget is checked between calls).
_NER_BATCH = 4
#: Past the time budget, text is examined for prose this much at a time (see `Engine._prose`).
_EXAMINE_STEP = 32 * 1024


class _NerTally:
    """What NER did in one scan: characters read and skipped, whether the gate or a loading model
    kept it from running."""

    __slots__ = ("gated", "pending", "read", "skipped")

    def __init__(self) -> None:
        self.read = 0
        self.skipped = 0
        self.gated = False
        self.pending = False


def _has_prose(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds prose, read a stretch at a time up to the first."""
    pos = start
    while pos < end:
        stop = text.find("\n", min(pos + _EXAMINE_STEP, end), end)
        stop = end if stop < 0 else stop + 1
        if prose_segments(text[pos:stop])[0]:
            return True
        pos = stop
    return False


def _shift(f: Finding, by: int) -> Finding:
    return Finding(f.entity_type, f.category, f.start + by, f.end + by, f.score, f.recognizer, f.subtype)


#: Published test values set aside in one scan: (start, end) in the scanned text -> kind.
_Examples = dict[tuple[int, int], str]
#: The filters' verdict on each candidate of one window (None: a finding).
_Reasons = dict[Finding, "str | None"]
#: One window's pattern pass (`Engine._window_pass`): candidates, verdicts, findings, examples.
WindowPass = tuple[list[Finding], _Reasons, list[Finding], _Examples]


def _example_kinds(examples: _Examples) -> tuple[str, ...]:
    """One kind per set-aside value, in text order; spans that overlap (a card number matched by two
    recognizers, or as a whole and in part) are one value."""
    kinds: list[str] = []
    end = -1
    for (start, stop), kind in sorted(examples.items()):
        if start >= end:
            kinds.append(kind)
        end = max(end, stop)
    return tuple(kinds)
