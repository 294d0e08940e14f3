"""Integrity checks for the blind3 corpus.

The checksum verifiers here are written independently of the generator so a
bug in one is not silently mirrored by the other.  Only the generator's pools
(names/places) and its build function are imported.  No detector code is used.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import importlib.util
import ipaddress
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
JSONL = HERE / "blind3.jsonl"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_blind3", HERE / "build_blind3.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_blind3", mod)
    spec.loader.exec_module(mod)
    return mod


GEN = _load_generator()
RAW = JSONL.read_text(encoding="utf-8")
RECORDS: list[dict] = [json.loads(line) for line in RAW.splitlines()]
POSITIVES = [r for r in RECORDS if not r["negative"]]
NEGATIVES = [r for r in RECORDS if r["negative"]]

EXPECTED_CATEGORY = {
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
PUBLISHED_TEST_VALUES = {
    "4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4000056655665556",
    "5105105105105100", "4012888888881881", "6011111111111117",
    "DE89370400440532013000", "GB82WEST12345698765432",
    "FR1420041010050500013M02606", "GB29NWBK60161331926819",
    "NL91ABNA0417164300", "ES9121000418450200051332",
    "123-45-6789", "12345678Z", "RSSMRA85T10A562S", "AKIAIOSFODNN7EXAMPLE", "046 454 286",
}


def _val(rec: dict, span: dict) -> str:
    return rec["text"][span["start"]:span["end"]]


def _spans_of(etype: str) -> list[str]:
    return [_val(r, s) for r in RECORDS for s in r["spans"] if s["entity_type"] == etype]


# ---------------------------------------------------------------- checksums


def luhn(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(value: str) -> bool:
    s = value.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)) % 97 == 1


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def base58check_valid(addr: str) -> bool:
    n = 0
    for c in addr:
        if c not in _B58:
            return False
        n = n * 58 + _B58.index(c)
    raw = n.to_bytes(25, "big") if n.bit_length() <= 200 else b""
    if len(raw) != 25:
        return False
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def bech32_valid(addr: str) -> bool:
    hrp, _, data = addr.rpartition("1")
    if hrp not in ("bc", "ltc") or len(data) < 7 or any(c not in _BECH for c in data):
        return False
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + [_BECH.index(c) for c in data]
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    return chk == 1


def aba_valid(v: str) -> bool:
    d = [int(c) for c in v]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def steuer_id_valid(v: str) -> bool:
    if len(v) != 11 or v[0] == "0":
        return False
    counts = Counter(v[:10])
    if sorted(counts.values())[-1] not in (2, 3) or len(counts) not in (8, 9):
        return False
    product = 10
    for c in v[:10]:
        s = (int(c) + product) % 10 or 10
        product = s * 2 % 11
    check = (11 - product) % 10
    return check == int(v[10])


def nir_valid(v: str) -> bool:
    return len(v) == 15 and v[0] in "12" and 97 - int(v[:13]) % 97 == int(v[13:])


def dni_valid(v: str) -> bool:
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if re.fullmatch(r"\d{8}[A-Z]", v):
        return letters[int(v[:8]) % 23] == v[8]
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", v):
        return letters[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]
    return False


def cf_valid(v: str) -> bool:
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    total = 0
    for i, c in enumerate(v[:15]):
        idx = int(c) if c.isdigit() else ord(c) - 65
        total += odd[idx] if i % 2 == 0 else idx
    return chr(65 + total % 26) == v[15]


def nino_valid(v: str) -> bool:
    s = v.replace(" ", "")
    return (bool(re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", s))
            and s[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def ssn_valid(v: str) -> bool:
    a, g, s = v.split("-")
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000" and v != "123-45-6789"


def tfn_valid(d: str) -> bool:
    return sum(int(c) * w for c, w in zip(d, (1, 4, 3, 7, 5, 8, 6, 9, 10), strict=False)) % 11 == 0


def nhs_valid(d: str) -> bool:
    chk = 11 - sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1), strict=False)) % 11
    return (0 if chk == 11 else chk) == int(d[9])


def rvnr_valid(v: str) -> bool:
    m = re.fullmatch(r"(\d{2}) ?(\d{6}) ?([A-Z]) ?(\d{2})(\d)", v)
    if not m:
        return False
    digits = m[1] + m[2] + f"{ord(m[3]) - 64:02d}" + m[4]
    total = 0
    for c, w in zip(digits, (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1), strict=False):
        p = int(c) * w
        total += p // 10 + p % 10
    return total % 10 == int(m[5])


def nss_es_valid(v: str) -> bool:
    prov, num, ctl = v.split("/")
    return int(prov + num) % 97 == int(ctl)


def national_id_ok(v: str) -> bool:
    """Verify the scheme's checksum when the value's shape identifies a checksummed scheme."""
    digits = re.sub(r"[ ]", "", v)
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", v):
        return ssn_valid(v)
    if re.fullmatch(r"\d{2}/\d{8}/\d{2}", v):
        return nss_es_valid(v)
    if re.fullmatch(r"\d{2} \d{6} [A-Z] \d{3}", v):
        return rvnr_valid(v)
    if re.fullmatch(r"\d{3} \d{3} \d{4}", v):
        return nhs_valid(digits)
    if re.fullmatch(r"\d{3} \d{3} \d{3}", v):
        return luhn(digits) or tfn_valid(digits)
    if re.fullmatch(r"\d{11}|\d{2} \d{3} \d{3} \d{3}", v):
        return steuer_id_valid(digits)
    if re.fullmatch(r"[12]\d{14}|[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}", v):
        return nir_valid(digits)
    if re.fullmatch(r"\d{8}[A-Z]|[XYZ]\d{7}[A-Z]", v):
        return dni_valid(v)
    if re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", v):
        return cf_valid(v)
    if re.fullmatch(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]", v):
        return nino_valid(v)
    # passport / identity card numbers: no public checksum, check the shape only
    return bool(re.fullmatch(r"[A-Z0-9]{8,9}", v))


# ---------------------------------------------------------------- tests


def test_file_equals_fresh_build() -> None:
    assert GEN.render_jsonl(GEN.build()) == RAW


def test_check_flag_reports_fresh() -> None:
    res = subprocess.run(
        [sys.executable, str(HERE / "build_blind3.py"), "--check"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr


def test_schema() -> None:
    for i, rec in enumerate(RECORDS, 1):
        assert set(rec) == {"id", "kind", "lang", "negative", "text", "spans"}
        assert rec["id"] == f"blind3-{i:04d}"
        assert isinstance(rec["kind"], str) and re.fullmatch(r"[a-z0-9_]+", rec["kind"])
        assert rec["lang"] in {"en", "de", "fr", "es", "it"}
        assert isinstance(rec["text"], str) and rec["text"].strip()
        assert rec["negative"] is (rec["spans"] == [])
        for s in rec["spans"]:
            assert set(s) == {"start", "end", "entity_type", "category"}
            assert isinstance(s["start"], int) and isinstance(s["end"], int)


def test_unique_ids_and_texts() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)


def test_category_mapping() -> None:
    for rec in RECORDS:
        for s in rec["spans"]:
            assert EXPECTED_CATEGORY[s["entity_type"]] == s["category"], (rec["id"], s)


@pytest.mark.parametrize("rec", POSITIVES, ids=lambda r: r["id"])
def test_span_hygiene(rec: dict) -> None:
    text = rec["text"]
    prev_end = 0
    for s in rec["spans"]:
        v = text[s["start"]:s["end"]]
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert s["start"] >= prev_end, "spans unsorted or overlapping"
        prev_end = s["end"]
        assert v == v.strip(), f"whitespace at edge: {v!r}"
        if s["start"] > 0:
            assert not (text[s["start"] - 1].isalnum() and v[0].isalnum()), f"cuts a word: {v!r}"
        if s["end"] < len(text):
            assert not (text[s["end"]].isalnum() and v[-1].isalnum()), f"cuts a word: {v!r}"


def test_credit_cards_valid() -> None:
    vals = _spans_of("CREDIT_CARD")
    for v in vals:
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d), v
        assert d not in PUBLISHED_TEST_VALUES


def test_ibans_valid() -> None:
    for v in _spans_of("IBAN_CODE"):
        assert iban_valid(v), v
        assert v.replace(" ", "") not in PUBLISHED_TEST_VALUES


def test_crypto_valid() -> None:
    for v in _spans_of("CRYPTO"):
        assert bech32_valid(v) or base58check_valid(v), v


def test_bank_accounts() -> None:
    for v in _spans_of("BANK_ACCOUNT"):
        if re.fullmatch(r"\d{9}", v):
            assert aba_valid(v), v
        else:
            assert re.fullmatch(r"[\d-]{6,14}", v), v


def test_national_ids_valid() -> None:
    for v in _spans_of("NATIONAL_ID"):
        assert national_id_ok(v), v
        assert v not in PUBLISHED_TEST_VALUES


def test_ip_addresses_public() -> None:
    for v in _spans_of("IP_ADDRESS"):
        ip = ipaddress.ip_address(v)
        assert ip.is_global, v


def test_other_shapes() -> None:
    for v in _spans_of("MAC_ADDRESS"):
        mac = r"([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}"
        assert re.fullmatch(mac, v), v
    for v in _spans_of("JWT"):
        head, payload, sig = v.split(".")
        hdr = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        assert "alg" in hdr and sig
        json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    for v in _spans_of("PRIVATE_KEY"):
        assert re.fullmatch(r"-----BEGIN ([A-Z ]+)-----\n[A-Za-z0-9+/=\n]+\n-----END \1-----", v), v[:40]
    for v in _spans_of("CONNECTION_STRING"):
        assert re.search(r"://[^/\s]*:[^@\s]+@|Password=|password=|AccountKey=", v), v
    for v in _spans_of("EMAIL_ADDRESS"):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v) and not GEN.is_example_mail(v), v
    for v in _spans_of("PHONE_NUMBER"):
        assert 7 <= len(re.sub(r"\D", "", v)) <= 15, v
    for v in _spans_of("API_KEY"):
        assert len(v) >= 20 and " " not in v, v


def test_secrets_not_placeholders() -> None:
    for rec in POSITIVES:
        for s in rec["spans"]:
            if EXPECTED_CATEGORY[s["entity_type"]] == "secret":
                v = _val(rec, s)
                assert not re.search(r"x{6,}|X{6,}|YOUR_|<[A-Z_]+>|\$\{|EXAMPLE", v), v


EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
IPV4_RE = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")


@pytest.mark.parametrize("rec", NEGATIVES, ids=lambda r: r["id"])
def test_negative_is_clean(rec: dict) -> None:
    text = rec["text"]
    assert not GEN.POOL_RE.search(text), GEN.POOL_RE.search(text)
    for m in EMAIL_RE.finditer(text):
        assert GEN.is_example_mail(m.group()), m.group()
    for m in re.finditer(r"(?<![\w])\d(?:[ -]?\d){12,18}(?![\w])", text):
        d = re.sub(r"\D", "", m.group())
        assert not luhn(d) or d in PUBLISHED_TEST_VALUES, m.group()
    for m in re.finditer(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w])", text):
        assert not iban_valid(m.group()) or m.group().replace(" ", "") in PUBLISHED_TEST_VALUES, m.group()
    for m in IPV4_RE.finditer(text):
        with contextlib.suppress(ValueError):
            assert not ipaddress.ip_address(m.group()).is_global, m.group()
    for m in re.finditer(r"\b(?:bc1[02-9ac-hj-np-z]{20,60}|[13L][1-9A-HJ-NP-Za-km-z]{25,34})\b", text):
        assert not (bech32_valid(m.group()) or base58check_valid(m.group())), m.group()


@pytest.mark.parametrize("rec", POSITIVES, ids=lambda r: r["id"])
def test_positive_labelling_complete(rec: dict) -> None:
    text = rec["text"]
    spans = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in GEN.POOL_RE.finditer(text):
        assert any(a <= m.start() and m.end() <= b for a, b in spans), f"unlabelled {m.group()!r}"
    for m in EMAIL_RE.finditer(text):
        if not GEN.is_example_mail(m.group()):
            assert any(a < m.end() and m.start() < b for a, b in spans), f"unlabelled email {m.group()!r}"
    for m in IPV4_RE.finditer(text):
        try:
            ip = ipaddress.ip_address(m.group())
        except ValueError:
            continue
        if ip.is_global:
            assert any(a <= m.start() and m.end() <= b for a, b in spans), f"unlabelled IP {m.group()!r}"


def test_counts() -> None:
    assert len(RECORDS) >= 650
    assert len(NEGATIVES) / len(RECORDS) >= 0.38
    langs = Counter(r["lang"] for r in RECORDS)
    for lang in ("de", "fr", "es", "it"):
        assert langs[lang] >= 40, langs
    assert langs["en"] > max(langs[lang] for lang in ("de", "fr", "es", "it"))
    per_type = Counter(s["entity_type"] for r in RECORDS for s in r["spans"])
    for etype in EXPECTED_CATEGORY:
        assert per_type[etype] >= 10, (etype, per_type[etype])


def test_no_binascii_garbage_in_jwt_headers() -> None:
    # every JWT header is valid base64url JSON (guards against truncated copy-paste)
    for v in _spans_of("JWT"):
        try:
            base64.urlsafe_b64decode(v.split(".")[0] + "==")
        except binascii.Error as exc:  # pragma: no cover - failure path
            pytest.fail(f"{v[:20]}: {exc}")
