"""Integrity checks for the blind4 evaluation corpus.

Deliberately independent of the detector: nothing here imports the `dlpguard` package.
The generator module is imported only for its name/place pools and to rebuild the file.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
JSONL = HERE / "blind4.jsonl"

_spec = importlib.util.spec_from_file_location("build_blind4", HERE / "build_blind4.py")
build_blind4 = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
_spec.loader.exec_module(build_blind4)

RECORDS: list[dict] = [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines()]
POSITIVES = [r for r in RECORDS if not r["negative"]]
NEGATIVES = [r for r in RECORDS if r["negative"]]

CATEGORY = {
    "PASSWORD": "secret", "API_KEY": "secret", "PRIVATE_KEY": "secret", "CONNECTION_STRING": "secret",
    "JWT": "secret", "GENERIC_SECRET": "secret",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "CRYPTO": "financial", "BANK_ACCOUNT": "financial",
    "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person",
    "LOCATION": "location",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}
KNOWN_TEST_VALUES = {"4111111111111111", "4242424242424242", "DE89370400440532013000",
                     "GB82WEST12345698765432", "123-45-6789", "AKIAIOSFODNN7EXAMPLE"}


# ------------------------------------------------------------------ independent validators
def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def iban_valid(value: str) -> bool:
    s = value.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    lengths = {"DE": 22, "IT": 27, "FR": 27, "ES": 24, "GB": 22, "NL": 18, "AT": 20, "CH": 21, "BE": 16}
    if s[:2] in lengths and len(s) != lengths[s[:2]]:
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def base58check_valid(addr: str) -> bool:
    n = 0
    for ch in addr:
        if ch not in _B58:
            return False
        n = n * 58 + _B58.index(ch)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


def bech32_valid(addr: str) -> bool:
    hrp, _, data = addr.rpartition("1")
    if not hrp or any(c not in _BECH for c in data):
        return False
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + [_BECH.index(c) for c in data]
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    return chk == 1


def steuer_id_valid(s: str) -> bool:
    product = 10
    for ch in s[:10]:
        total = (int(ch) + product) % 10 or 10
        product = total * 2 % 11
    check = 11 - product
    return (0 if check == 10 else check) == int(s[10])


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def codice_fiscale_valid(s: str) -> bool:
    total = 0
    for i, ch in enumerate(s[:15]):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        total += _CF_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26) == s[15]


def national_id_valid(value: str) -> bool | None:
    """True/False where the format has a checksum we know, None otherwise."""
    compact = re.sub(r"[ -]", "", value)
    if re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", value):
        return codice_fiscale_valid(value)
    if re.fullmatch(r"\d{8}[A-Z]", value):
        return "TRWAGMYFPDXBNJZSQVHLCKE"[int(value[:8]) % 23] == value[8]
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", value):
        return "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(value[0])) + value[1:8]) % 23] == value[8]
    if re.fullmatch(r"[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}", value):
        return 97 - int(compact[:13]) % 97 == int(compact[13:])
    if re.fullmatch(r"\d{2} \d{3} \d{3} \d{3}", value) or re.fullmatch(r"[1-9]\d{10}", value):
        return steuer_id_valid(compact)
    if re.fullmatch(r"\d{3} \d{3} \d{3}", value):  # Canadian SIN (Luhn) or Australian TFN (weighted)
        w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
        return luhn(compact) or sum(int(c) * x for c, x in zip(compact, w)) % 11 == 0
    if re.fullmatch(r"[A-Z]\d{9}", value):  # German KVNR
        digits = f"{ord(value[0]) - 64:02d}" + value[1:9]
        total = sum((int(c) * (1 if i % 2 == 0 else 2)) // 10 + (int(c) * (1 if i % 2 == 0 else 2)) % 10 for i, c in enumerate(digits))
        return total % 10 == int(value[9])
    if re.fullmatch(r"\d{2}/\d{8}/\d{2}", value):  # Spanish NAF
        return int(compact[:2] + value[3:11]) % 97 == int(value[12:])
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", value):
        return value != "123-45-6789" and not value.startswith(("000", "666", "9")) and value[4:6] != "00"
    return None


# ------------------------------------------------------------------ tests
def test_file_equals_fresh_build() -> None:
    assert build_blind4.render(build_blind4.build()) == JSONL.read_text(encoding="utf-8")


def test_schema() -> None:
    for i, r in enumerate(RECORDS, 1):
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"], r["id"]
        assert r["id"] == f"blind4-{i:04d}"
        assert isinstance(r["kind"], str) and r["kind"]
        assert r["lang"] in {"en", "de", "it", "fr", "es"}
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["negative"] is (not r["spans"])
        for s in r["spans"]:
            assert list(s) == ["start", "end", "entity_type", "category"]
            assert isinstance(s["start"], int) and isinstance(s["end"], int)
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_unique_ids_and_texts() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)


def test_category_mapping() -> None:
    for r in RECORDS:
        for s in r["spans"]:
            assert CATEGORY[s["entity_type"]] == s["category"], (r["id"], s)


@pytest.mark.parametrize("rec", POSITIVES, ids=lambda r: r["id"])
def test_span_hygiene(rec: dict) -> None:
    text, prev_end = rec["text"], 0
    assert rec["spans"] == sorted(rec["spans"], key=lambda s: (s["start"], s["end"]))
    for s in rec["spans"]:
        value = text[s["start"]:s["end"]]
        assert s["start"] >= prev_end, f"overlap at {s}"
        prev_end = s["end"]
        assert value == value.strip() and value, repr(value)
        if s["start"] > 0:
            assert not (text[s["start"] - 1].isalnum() and value[0].isalnum()), f"cuts word: {value!r}"
        if s["end"] < len(text):
            assert not (text[s["end"]].isalnum() and value[-1].isalnum()), f"cuts word: {value!r}"
        if s["entity_type"] != "LOCATION" and s["entity_type"] != "PRIVATE_KEY":
            assert "\n" not in value, repr(value)


def _values(etype: str) -> list[str]:
    return [r["text"][s["start"]:s["end"]] for r in POSITIVES for s in r["spans"] if s["entity_type"] == etype]


def test_checksums_of_labelled_values() -> None:
    for v in _values("CREDIT_CARD"):
        digits = re.sub(r"[ -]", "", v)
        assert digits.isdigit() and 13 <= len(digits) <= 19 and luhn(digits), v
        assert digits not in KNOWN_TEST_VALUES, v
    for v in _values("IBAN_CODE"):
        assert iban_valid(v) and v.replace(" ", "") not in KNOWN_TEST_VALUES, v
    for v in _values("CRYPTO"):
        assert (bech32_valid(v) if v.startswith("bc1") else base58check_valid(v)), v
    checked = 0
    for v in _values("NATIONAL_ID"):
        ok = national_id_valid(v)
        if ok is not None:
            checked += 1
            assert ok, v
    assert checked >= 40  # passports / NINO / ID-card numbers carry no printed checksum
    for v in _values("JWT"):
        parts = v.split(".")
        assert len(parts) == 3
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        assert "alg" in header
    for v in _values("PRIVATE_KEY"):
        assert v.startswith("-----BEGIN ") and v.endswith("PRIVATE KEY-----"), v[:40]
    for v in _values("IP_ADDRESS"):
        assert not re.match(r"(10|127|0)\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8", v), v


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
ALLOWED_EMAIL = re.compile(r"@(?:[\w-]+\.)*example\.(?:com|org|net)$|@users\.noreply\.github\.com$|@renovateapp\.com$")


NON_PUBLIC_V4 = re.compile(r"(10|127|0)\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|"
                           r"192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2(2[4-9]|3\d)\.|255\.")


def _pool_hits(text: str) -> list[tuple[str, int, int]]:
    hits = []
    for w in build_blind4.POOL_WORDS:
        for m in re.finditer(r"(?<![\w'’-])" + re.escape(w) + r"(?![\w-])", text):
            hits.append((w, m.start(), m.end()))
    return hits


@pytest.mark.parametrize("rec", NEGATIVES, ids=lambda r: r["id"])
def test_negatives_are_clean(rec: dict) -> None:
    text = rec["text"]
    assert not _pool_hits(text)
    for m in EMAIL_RE.finditer(text):
        assert ALLOWED_EMAIL.search(m.group()), m.group()
    for m in re.finditer(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)", text):
        digits = re.sub(r"\D", "", m.group())
        assert digits in KNOWN_TEST_VALUES or not luhn(digits), m.group()
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", text):
        compact = m.group().replace(" ", "")
        assert compact in KNOWN_TEST_VALUES or not iban_valid(compact), m.group()
    for m in re.finditer(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])", text):
        assert NON_PUBLIC_V4.match(m.group()), f"public IPv4 in a negative: {m.group()}"


@pytest.mark.parametrize("rec", POSITIVES, ids=lambda r: r["id"])
def test_complete_labelling(rec: dict) -> None:
    text, spans = rec["text"], rec["spans"]

    def covered(a: int, b: int) -> bool:
        return any(s["start"] <= a and b <= s["end"] for s in spans)
    for w, a, b in _pool_hits(text):
        assert covered(a, b), f"unlabelled {w!r} at {a}"
    for m in EMAIL_RE.finditer(text):
        assert covered(m.start(), m.end()) or ALLOWED_EMAIL.search(m.group()), m.group()


def test_counts() -> None:
    n = len(RECORDS)
    langs = Counter(r["lang"] for r in RECORDS)
    assert n >= 450
    assert len(NEGATIVES) / n >= 0.38
    assert langs["de"] >= 50 and langs["it"] >= 50
    types = Counter(s["entity_type"] for r in RECORDS for s in r["spans"])
    for etype in CATEGORY:
        assert types[etype] >= 10, etype
    kinds = Counter(r["kind"] for r in RECORDS)
    assert max(kinds.values()) <= 0.03 * n
