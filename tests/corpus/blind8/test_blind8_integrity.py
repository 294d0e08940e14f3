"""Integrity tests for the blind8 evaluation set (stdlib + the generator only)."""
from __future__ import annotations

import base64
import collections
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_blind8 as gen  # noqa: E402

TAXONOMY = {
    "person": {"PERSON", "DATE_OF_BIRTH"}, "contact": {"EMAIL_ADDRESS", "PHONE_NUMBER"}, "location": {"LOCATION"},
    "financial": {"CREDIT_CARD", "IBAN_CODE", "BANK_ACCOUNT", "CRYPTO"}, "government_id": {"NATIONAL_ID"},
    "health": {"MEDICAL_CONDITION", "MEDICATION", "MEDICAL_RECORD_NUMBER"},
    "secret": {"API_KEY", "PASSWORD", "GENERIC_SECRET", "PRIVATE_KEY", "JWT", "CONNECTION_STRING"},
    "network": {"IP_ADDRESS", "MAC_ADDRESS"}, "classification": {"CLASSIFICATION_MARKING"},
}
TYPE_TO_CAT = {t: c for c, ts in TAXONOMY.items() for t in ts}


@pytest.fixture(scope="module")
def built():
    return gen.build()


@pytest.fixture(scope="module")
def records():
    with open(HERE / "blind8.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_rebuild_identity(records, built):
    assert gen.serialise(built[0]) == (HERE / "blind8.jsonl").read_text(encoding="utf-8")
    assert gen.main(["--check"]) == 0


def test_schema_and_uniqueness(records):
    ids, texts = set(), set()
    for rec in records:
        assert list(rec) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert rec["lang"] in {"en", "de", "fr", "es"}
        assert rec["negative"] is (len(rec["spans"]) == 0)
        assert rec["id"] not in ids and rec["text"] not in texts
        ids.add(rec["id"]); texts.add(rec["text"])
        assert not any(ch in rec["text"] for ch in "\ue000\ue001\ue002\ue003\ue004")


def test_category_mapping(records):
    for rec in records:
        for s, e, t, c in rec["spans"]:
            assert TYPE_TO_CAT[t] == c, (rec["id"], t, c)


def test_span_hygiene(records):
    word = re.compile(r"\w")
    for rec in records:
        text, prev = rec["text"], 0
        for s, e, t, c in rec["spans"]:
            assert isinstance(s, int) and isinstance(e, int) and prev <= s < e <= len(text), rec["id"]
            v = text[s:e]
            assert v == v.strip(), (rec["id"], v)
            if s > 0:
                assert not (word.match(text[s - 1]) and word.match(text[s])), (rec["id"], v)
            if e < len(text):
                assert not (word.match(text[e]) and word.match(text[e - 1])), (rec["id"], v)
            prev = e


# ---- independent checksum implementations
def luhn(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch) * (2 if i % 2 else 1)
        total += x - 9 if x > 9 else x
    return total % 10 == 0


def iban_ok(v: str) -> bool:
    v = v.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", v):
        return False
    expected = {"DE": 22, "FR": 27, "ES": 24, "GB": 22, "NL": 18, "IT": 27}
    if v[:2] in expected and len(v) != expected[v[:2]]:
        return False
    moved = v[4:] + v[:4]
    rem = 0
    for ch in moved:
        for dd in (str(ord(ch) - 55) if ch.isalpha() else ch):
            rem = (rem * 10 + int(dd)) % 97
    return rem == 1


def dni_ok(v: str) -> bool:
    v = v.replace("-", "")
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if v[0] in "XYZ":
        v = str("XYZ".index(v[0])) + v[1:]
    return bool(re.fullmatch(r"\d{8}[A-Z]", v)) and letters[int(v[:8]) % 23] == v[8]


def nir_ok(v: str) -> bool:
    v = v.replace(" ", "")
    return len(v) == 15 and v[0] in "12" and 97 - int(v[:13]) % 97 == int(v[13:])


def steuer_ok(v: str) -> bool:
    v = v.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", v):
        return False
    counts = collections.Counter(v[:10])
    if not (sorted(counts.values(), reverse=True)[0] in (2, 3) and len(counts) in (8, 9)):
        return False
    p = 10
    for ch in v[:10]:
        s = (int(ch) + p) % 10 or 10
        p = (2 * s) % 11
    return (11 - p) % 10 == int(v[10])


def nino_ok(v: str) -> bool:
    v = v.replace(" ", "")
    return (bool(re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", v))
            and v[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def ssn_ok(v: str) -> bool:
    mt = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    return bool(mt) and mt[1] not in ("000", "666") and int(mt[1]) < 900 and mt[2] != "00" and mt[3] != "0000"


def test_checksums(records):
    checked = collections.Counter()
    for rec in records:
        text = rec["text"]
        for s, e, t, _ in rec["spans"]:
            v = text[s:e]
            ctx = text[max(0, s - 40):s]
            if t == "CREDIT_CARD":
                d = re.sub(r"[ -]", "", v)
                assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d), v
                checked[t] += 1
            elif t == "IBAN_CODE":
                assert iban_ok(v), v
                checked[t] += 1
            elif t == "NATIONAL_ID":
                if re.search(r"(DNI|NIE)\W*$", ctx):
                    assert dni_ok(v), v; checked["dni"] += 1
                elif re.search(r"(NIR\)|N° SS|sécurité sociale \(NIR\))\W*$", ctx):
                    assert nir_ok(v), v; checked["nir"] += 1
                elif re.search(r"Steuer-ID\W*$", ctx):
                    assert steuer_ok(v), v; checked["steuer"] += 1
                elif re.search(r"NI (number|No)\W*$", ctx):
                    assert nino_ok(v), v; checked["nino"] += 1
                elif re.search(r"SSN\W*$", ctx):
                    assert ssn_ok(v), v; checked["ssn"] += 1
                elif re.search(r"SIN\W*$", ctx):
                    d = v.replace(" ", "")
                    assert len(d) == 9 and luhn(d), v; checked["sin"] += 1
            elif t == "BANK_ACCOUNT" and re.search(r"Routing\W*$", ctx):
                assert len(v) == 9 and sum(int(c) * k for c, k in zip(v, [3, 7, 1] * 3)) % 10 == 0, v
                checked["aba"] += 1
            elif t == "JWT":
                head = v.split(".")[0]
                assert json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["typ"] == "JWT"
            elif t == "PRIVATE_KEY":
                assert v.startswith("-----BEGIN ") and v.endswith("-----") and "-----END " in v
            elif t == "IP_ADDRESS":
                assert public_ip([int(x) for x in v.split(".")]), v
            elif t == "MAC_ADDRESS":
                assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", v), v
    for key in ("CREDIT_CARD", "IBAN_CODE", "dni", "nir", "steuer", "nino", "ssn", "sin", "aba"):
        assert checked[key] > 0, key


def public_ip(p):
    a, b, c = p[0], p[1], p[2]
    if max(p) > 255 or a == 0 or a == 10 or a == 127 or a >= 224:
        return False
    if (a == 172 and 16 <= b < 32) or (a, b) in ((192, 168), (169, 254)) or (a == 100 and 64 <= b < 128):
        return False
    return (a, b, c) not in ((192, 0, 2), (198, 51, 100), (203, 0, 113))


def test_audit_outside_spans(records, built):
    looks = built[1]
    names = [n for n in gen.FIRST + gen.LAST] + [t for ts in gen.TOWNS.values() for t in ts]
    name_re = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?!\w)", re.I)
    problems = []
    for rec in records:
        text = rec["text"]
        chars = list(text)
        for s, e, _, _ in rec["spans"]:
            chars[s:e] = ["\u2588"] * (e - s)
        outside = "".join(chars)
        for lv in looks[rec["id"]]:
            assert lv in text
            outside = outside.replace(lv, "\u2591" * len(lv))
        for mt in name_re.finditer(outside):
            problems.append((rec["id"], "name/town", mt.group(0)))
        for mt in re.finditer(r"\S+@\S+\.[A-Za-z]{2,}", outside):
            if "@example." not in mt.group(0):
                problems.append((rec["id"], "email", mt.group(0)))
        for mt in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", outside):
            if public_ip([int(x) for x in mt.group(0).split(".")]):
                problems.append((rec["id"], "ip", mt.group(0)))
        for mt in re.finditer(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)", outside):
            d = re.sub(r"\D", "", mt.group(0))
            if luhn(d):
                problems.append((rec["id"], "luhn", mt.group(0)))
        for mt in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", outside):
            if iban_ok(mt.group(0)):
                problems.append((rec["id"], "iban", mt.group(0)))
    assert not problems, problems[:20]


def test_public_pools_disjoint():
    private = set(gen.ALL_FIRST) | set(gen.ALL_LAST) | set(gen.ALL_TOWNS)
    for fig in gen.PUBLIC_FIGURES + gen.TEMPLATE_NAMES:
        assert not set(fig.split()) & private, fig
    assert not set(gen.PUBLIC_PLACES) & set(gen.ALL_TOWNS)


def test_counts(records):
    assert len(records) >= 750
    neg = sum(r["negative"] for r in records)
    assert neg / len(records) >= 0.40
    kinds = collections.Counter(r["kind"] for r in records)
    assert len(kinds) >= 180 and max(kinds.values()) <= 6
    langs = collections.Counter(r["lang"] for r in records)
    share = {k: v / len(records) for k, v in langs.items()}
    assert 0.38 <= share["en"] <= 0.50 and 0.15 <= share["de"] <= 0.25
    assert 0.10 <= share["fr"] <= 0.20 and 0.15 <= share["es"] <= 0.25
    for cat in TAXONOMY:
        assert any(sp[3] == cat for r in records for sp in r["spans"]), cat
