from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.recognizers.ca_ids import CaSinRecognizer
from dlpguard.engine.registry import build_detectors


def _needs_context() -> list[PatternDetector]:
    return [d for d in build_detectors() if isinstance(d, PatternDetector) and d.REQUIRES_CONTEXT]


def _all_patterns(detector: PatternDetector, text: str) -> list:
    """`find` as it was before the context gate: every pattern over the whole text."""
    original = detector._patterns_to_run
    detector._patterns_to_run = lambda lowered: detector._compiled  # type: ignore[method-assign]
    try:
        return detector.find(text, text.lower())
    finally:
        detector._patterns_to_run = original  # type: ignore[method-assign]


# Numbers of many national shapes, with and without their labels, in prose, a CSV whose header is the
# only context, and an SQL insert whose column list is.
SAMPLES = [
    "Ref 046 454 286 and 046-454-286, call 0412 345 678, id 86095742719, nr 943 476 5919.\n"
    "ABN 51 824 753 556, ACN 004 085 616, TFN 123 456 782, 8001015009087, 9001 0112 3456 7.\n",
    "SIN 046 454 286 was given; SIN: 046 454 286; sin no 046454286.\n",
    "name,social insurance number,tax file number\n"
    "Anna,046 454 286,123 456 782\nBen,130 692 544,876 543 210\n",
    "INSERT INTO staff (id, nhs_number, steuer_id) VALUES (1, '943 476 5919', '86095742719');\n",
    "Dear team, nothing but 123-45-6789 and 12345678901 and 046454286 here.\n",
]


@pytest.mark.parametrize("detector", _needs_context(), ids=lambda d: d.detector_name)
@pytest.mark.parametrize("text", SAMPLES, ids=["bare", "labelled", "csv_header", "sql_header", "no_context"])
def test_the_context_gate_finds_exactly_what_every_pattern_finds(detector, text):
    """Skipping unlabelled patterns when no context word occurs anywhere must never change a finding."""
    gated = detector.find(text, text.lower())
    assert sorted(gated, key=_key) == sorted(_all_patterns(detector, text), key=_key)


def _key(finding) -> tuple[int, int, float]:
    return finding.start, finding.end, finding.score


def test_the_samples_hold_findings_the_gate_could_lose():
    """Both ways in: a context word only in a column's header, and a label with no context word."""
    found = {
        (d.detector_name, i) for d in _needs_context() for i, text in enumerate(SAMPLES)
        if d.find(text, text.lower())
    }
    assert ("CaSinRecognizer", 2) in found  # the header "social insurance number" is the only context
    assert ("CaSinRecognizer", 1) in found


def test_a_labelled_pattern_still_runs_when_no_context_word_occurs():
    text = "SIN 046 454 286"
    assert not any(w in text.lower() for w in CaSinRecognizer.CONTEXT)
    [finding] = CaSinRecognizer().find(text, text.lower())
    assert text[finding.start : finding.end] == "046 454 286"


def test_an_unlabelled_match_without_any_context_word_is_not_reported():
    text = "Order 046 454 286 shipped."
    assert CaSinRecognizer().find(text, text.lower()) == []
