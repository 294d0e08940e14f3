"""The engine's scan passes: a model loaded later, the NER gate, and NER's budget on big texts."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from dlpguard.engine import Engine, EngineConfig
from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.registry import build_detectors
from dlpguard.engine.types import Category

KEY = "AKIAQ3EGRQWERTY7ZX2N"
LETTER = (
    "Hi team,\n"
    "Priya Raman from the Denver office will join the call on Monday with Tomasz Nowak.\n"
    "Please send the slides to her before noon.\n"
)


def _ner(findings) -> list:
    return [f for f in findings if f.recognizer == "SpacyNerRecognizer"]


def test_the_scanning_path_imports_neither_presidio_nor_spacy():
    code = (
        "import json, sys\n"
        "from dlpguard.engine import Engine\n"
        f"r = Engine(load_model=False).scan('key {KEY} and card 4539 1488 0343 6467')\n"
        "print(json.dumps([sorted(f.entity_type for f in r.findings),\n"
        "    [m for m in ('presidio_analyzer', 'spacy', 'thinc') if m in sys.modules]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    found, heavy = json.loads(out)
    assert found == ["AWS_ACCESS_KEY", "CREDIT_CARD"]
    assert heavy == []


def test_a_deferred_model_scans_pattern_only_and_says_ner_is_pending_until_it_loads():
    engine = Engine(defer_model=True)
    assert engine.model.pending and engine.model.mode == "pattern-only"
    before = engine.scan(LETTER + f"key {KEY}\n")
    assert before.stats.ner_pending
    # Pattern-only: the key, and names only where the name lists know them, none from the NER model.
    assert "AWS_ACCESS_KEY" in [f.entity_type for f in before.findings] and not _ner(before.findings)
    assert any("still loading" in n for n in before.notes)

    assert engine.load_model().mode == "ner"
    after = engine.scan(LETTER + f"key {KEY}\n")
    assert not after.stats.ner_pending and not after.model.pending
    assert "Priya Raman" in {LETTER[f.start : f.end] for f in _ner(after.findings)}


def test_a_deferred_model_is_not_pending_for_text_ner_would_not_read():
    engine = Engine(defer_model=True)
    result = engine.scan('{"aws_access_key_id": "' + KEY + '"}\n')
    assert not result.stats.ner_pending


def test_ner_disabled_is_never_pending():
    engine = Engine(EngineConfig(ner=False), defer_model=True)
    assert not engine.model.pending
    assert not engine.scan(LETTER).stats.ner_pending


def test_the_gate_sees_the_pattern_findings_and_can_skip_ner(engine):
    seen = []

    def gate(findings, context, text):
        seen.append(sorted(f.entity_type for f in findings))
        return False

    gated = Engine(engine.config, load_model=False)
    gated._ner = engine._ner  # the session's loaded model, without loading it again
    gated.ner_gate = gate
    result = gated.scan(LETTER + f"key {KEY}\n")
    assert len(seen) == 1 and "AWS_ACCESS_KEY" in seen[0]  # beside names the name lists know
    assert result.stats.ner_gated and result.stats.ner_chars == 0
    assert _ner(result.findings) == []
    gated.ner_gate = lambda findings, context, text: True
    assert _ner(gated.scan(LETTER).findings)


def _with_budget(engine: Engine, **changes) -> Engine:
    budgeted = Engine(dataclasses.replace(engine.config, **changes), load_model=False)
    budgeted._ner = engine._ner
    return budgeted


def test_past_the_budget_ner_reads_the_most_name_like_prose_first(engine):
    plain = "the build was slow again today and the cache did not help with that at all.\n" * 40
    names = "Yesterday Priya Raman met Tomasz Nowak and Keiko Tanaka in Lisbon about the plan.\n" * 3
    text = plain + "\n" + names
    budgeted = _with_budget(engine, max_ner_chars=600, ner_min_chars=0, ner_time_budget_ms=None)
    result = budgeted.scan(text)
    assert {text[f.start : f.end] for f in _ner(result.findings)} >= {"Priya Raman", "Tomasz Nowak"}
    assert result.stats.ner_chars <= 600
    # The lowercase prose cannot hold a name NER may report: left out, not counted as skipped.
    assert result.stats.ner_skipped_chars == 0


def test_a_one_mib_paste_is_pattern_scanned_whole_and_says_what_ner_did_not_read(engine):
    sentence = "Priya Raman asked Tomasz Nowak in Denver to check the numbers before Friday. "
    prose = (sentence * 14 + "\n") * 1000
    text = (prose + f"key {KEY}\n")[: 1024 * 1024 - 40] + f"\nkey {KEY}\n"
    result = engine.scan(text)
    assert result.stats.chars == len(text)
    assert [f.entity_type for f in result.findings if f.category is Category.SECRET][-1] == "AWS_ACCESS_KEY"
    assert result.findings[-1].start > 1_000_000  # the end of the paste was pattern-scanned
    assert 0 < result.stats.ner_chars <= engine.config.max_ner_chars
    assert result.stats.ner_skipped_chars > 900_000
    assert any(n.startswith("NER limit reached") for n in result.notes)


@pytest.mark.parametrize("size", [64, 300_000])
def test_findings_are_the_same_whatever_the_window(engine, size):
    text = LETTER + f"key {KEY}\n" + LETTER
    small = _with_budget(engine, window=size, overlap=64)
    assert [(f.entity_type, f.start, f.end) for f in small.scan(text).findings] == [
        (f.entity_type, f.start, f.end) for f in engine.scan(text).findings
    ]


def test_every_recognizer_pattern_compiles():
    # Patterns compile on first use (a cold host does not pay for detectors a text never wakes).
    for detector in build_detectors():
        if isinstance(detector, PatternDetector):
            assert len(detector._compiled) == len(detector.PATTERNS), detector.detector_name


def test_with_the_time_budget_spent_ner_still_reads_its_minimum_and_counts_the_rest(engine):
    paragraph = "Priya Raman asked Tomasz Nowak in Denver to check the numbers before Friday.\n\n"
    text = paragraph * 2000  # ~150 KB of prose
    budgeted = _with_budget(engine, ner_min_chars=1_000, ner_time_budget_ms=0.0)
    result = budgeted.scan(text)
    assert 1_000 <= result.stats.ner_chars < 40_000
    assert result.stats.ner_chars + result.stats.ner_skipped_chars >= len(text) - 2 * 2000
    assert _ner(result.findings)


def test_a_detector_still_runs_as_a_presidio_recognizer():
    from presidio_analyzer import EntityRecognizer

    from dlpguard.engine.recognizers.credit_card import CreditCardRecognizer

    adapter = CreditCardRecognizer().presidio_recognizer()
    assert isinstance(adapter, EntityRecognizer)
    text = "card 4017-2448-1052-3933"
    [result] = adapter.analyze(text, ["CREDIT_CARD"])
    assert (result.entity_type, text[result.start : result.end]) == ("CREDIT_CARD", "4017-2448-1052-3933")


def test_a_model_that_fails_to_load_later_leaves_the_engine_pattern_only_not_pending(monkeypatch):
    engine = Engine(defer_model=True)

    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("dlpguard.engine.engine.load_ner_pipeline", broken)
    status = engine.load_model()
    assert (status.mode, status.pending) == ("pattern-only", False)
    assert "OSError" in (status.reason or "")
    assert not engine.scan(LETTER).stats.ner_pending


def test_published_test_values_are_counted_once_each_by_kind_and_never_reported(pattern_engine):
    text = (
        "test card 4111 1111 1111 1111, again 4111111111111111, iban DE89 3704 0044 0532 0130 00,\n"
        "key AKIAIOSFODNN7EXAMPLE and a real-looking card 4556 7375 8689 9855"
    )
    result = pattern_engine.scan(text)
    assert [text[f.start : f.end] for f in result.findings] == ["4556 7375 8689 9855"]
    assert result.known_test_values == (
        "card test number",
        "card test number",
        "IBAN example",
        "AWS documentation key",
    )


def test_a_text_without_test_values_notes_none(pattern_engine):
    assert pattern_engine.scan("card 4556 7375 8689 9855").known_test_values == ()


def test_test_values_in_a_window_overlap_are_counted_once():
    engine = Engine(EngineConfig(ner=False, window=64, overlap=32), load_model=False)
    text = "x" * 50 + " 4111 1111 1111 1111 " + "y" * 80
    assert engine.scan(text).known_test_values == ("card test number",)
