"""The tuning cases for health records, dates of birth and markings (records.jsonl): well formed, fresh,
and what the recognizers find on them, plus the guard that the new recognizers stay silent on the
existing corpus's negatives."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NEW_ROWS = ("health", "classification")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = _load("records_corpus_builder", HERE / "build_records_corpus.py")
RAW = (HERE / "records.jsonl").read_text(encoding="utf-8")
RECORDS = [json.loads(line) for line in RAW.splitlines()]


def _new_kind(finding) -> bool:
    return finding.category.value in NEW_ROWS or finding.entity_type == "DATE_OF_BIRTH"


def test_file_regenerates_byte_identically() -> None:
    assert BUILDER.serialize(BUILDER.build()) == RAW, "stale: run tests/corpus/build_records_corpus.py"


def test_spans_are_well_formed() -> None:
    for r in RECORDS:
        assert r["negative"] is (not r["spans"])
        prev = 0
        for s in r["spans"]:
            value = r["text"][s["start"] : s["end"]]
            assert prev <= s["start"] < s["end"] and value == value.strip(), (r["id"], value)
            assert BUILDER.CATEGORY[s["entity_type"]] == s["category"]
            prev = s["end"]


def test_recognizers_find_the_labelled_records(pattern_engine) -> None:
    gold = found = 0
    for r in RECORDS:
        findings = [f for f in pattern_engine.scan(r["text"]).findings if _new_kind(f)]
        for s in r["spans"]:
            if s["category"] in NEW_ROWS or s["entity_type"] == "DATE_OF_BIRTH":
                gold += 1
                found += any(f.start < s["end"] and s["start"] < f.end for f in findings)
        labelled = [s for s in r["spans"] if s["category"] in NEW_ROWS or s["entity_type"] == "DATE_OF_BIRTH"]
        extra = [f for f in findings if not any(f.start < s["end"] and s["start"] < f.end for s in labelled)]
        assert not extra, (r["id"], [(f.entity_type, r["text"][f.start : f.end]) for f in extra])
    assert found / gold >= 0.95, f"recall {found}/{gold}"


@pytest.mark.parametrize("name", ["corpus.jsonl", "holdout/holdout.jsonl"])
def test_no_new_finding_on_the_existing_negatives(pattern_engine, name: str) -> None:
    negatives = [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()]
    alarms = [
        (r["id"], f.entity_type)
        for r in negatives
        if r["negative"]
        for f in pattern_engine.scan(r["text"]).findings
        if _new_kind(f)
    ]
    assert alarms == []
