"""Integrity checks for the blind records slice (records_holdout.jsonl); they never run the engine."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "records_holdout.jsonl"


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "records_holdout_builder", HERE / "build_records_holdout.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = _load_builder()
RAW = DATA.read_text(encoding="utf-8")
RECORDS = [json.loads(line) for line in RAW.splitlines()]


def _values(etype: str) -> list[str]:
    return [
        r["text"][s["start"] : s["end"]] for r in RECORDS for s in r["spans"] if s["entity_type"] == etype
    ]


def _luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_file_regenerates_byte_identically() -> None:
    assert BUILDER.serialize(BUILDER.build()) == RAW, (
        "stale: run tests/corpus/holdout/build_records_holdout.py"
    )


def test_schema_and_span_hygiene() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)
    for r in RECORDS:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert re.fullmatch(r"records-\d{4}", r["id"]) and r["lang"] in {"en", "de", "fr", "es"}
        assert r["negative"] is (not r["spans"])
        prev = 0
        for s in r["spans"]:
            assert BUILDER.CATEGORY[s["entity_type"]] == s["category"]
            a, b = s["start"], s["end"]
            assert prev <= a < b <= len(r["text"])
            prev = b
            value = r["text"][a:b]
            assert value == value.strip()
            assert a == 0 or not r["text"][a - 1].isalnum(), (r["id"], value)
            assert b == len(r["text"]) or not r["text"][b].isalnum(), (r["id"], value)


def test_size_and_mix() -> None:
    assert len(RECORDS) >= 60
    langs = Counter(r["lang"] for r in RECORDS if not r["negative"])
    assert langs["de"] >= 5 and langs["fr"] >= 5 and langs["en"] >= 20
    assert sum(r["negative"] for r in RECORDS) / len(RECORDS) >= 0.4
    groups = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert groups["health"] >= 30 and groups["classification"] >= 10
    assert len(_values("DATE_OF_BIRTH")) >= 10


@pytest.mark.parametrize("value", _values("US_NPI"))
def test_npi_passes_80840_luhn(value: str) -> None:
    assert re.fullmatch(r"[12]\d{9}", value) and _luhn_ok("80840" + value)


@pytest.mark.parametrize("value", _values("DEA_NUMBER"))
def test_dea_check_digit(value: str) -> None:
    d = [int(c) for c in value[2:]]
    assert (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


@pytest.mark.parametrize("value", _values("DE_KVNR"))
def test_kvnr_check_digit(value: str) -> None:
    digits = f"{ord(value[0]) - 64:02d}" + value[1:9]
    total = sum((p // 10 + p % 10) for p in (int(c) * (1 + i % 2) for i, c in enumerate(digits)))
    assert total % 10 == int(value[9])


@pytest.mark.parametrize("value", _values("US_MBI"))
def test_mbi_format(value: str) -> None:
    a, an = "[AC-HJKMNP-RT-Y]", "[AC-HJKMNP-RT-Y0-9]"
    assert re.fullmatch(f"[1-9]{a}{an}\\d-?{a}{an}\\d-?{a}{a}\\d\\d", value)
