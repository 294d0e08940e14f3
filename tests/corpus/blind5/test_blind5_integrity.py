"""Integrity checks for the blind5 corpus. Independent of the detector: never imports dlpguard.

Checksum validators are re-implemented here rather than imported from the generator, so a
bug in a generator helper cannot hide itself (keccak for EIP-55 is the one exception; it is
pinned to a published test vector below).
"""
from __future__ import annotations

import collections
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
JSONL = HERE / "blind5.jsonl"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up here
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


builder = _load("build_blind5")
core = builder  # pools and keccak live in the generator

RECORDS = [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines()]
POSITIVES = [r for r in RECORDS if not r["negative"]]
NEGATIVES = [r for r in RECORDS if r["negative"]]

CATEGORY = {
    "PASSWORD": "secret", "API_KEY": "secret", "PRIVATE_KEY": "secret", "CONNECTION_STRING": "secret",
    "JWT": "secret", "GENERIC_SECRET": "secret",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "CRYPTO": "financial", "BANK_ACCOUNT": "financial",
    "NATIONAL_ID": "government_id", "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network", "PERSON": "person", "DATE_OF_BIRTH": "person",
    "LOCATION": "location", "MEDICAL_CONDITION": "health", "MEDICATION": "health",
    "MEDICAL_RECORD_NUMBER": "health", "CLASSIFICATION_MARKING": "classification",
}
ALLOWED_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"}
ALLOWED_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432"}
POOL = core.all_pool_tokens()


# ------------------------------------------------------------------ validators
def luhn(d: str) -> bool:
    s = 0
    for i, c in enumerate(reversed(d)):
        v = int(c) * (2 if i % 2 else 1)
        s += v - 9 if v > 9 else v
    return s % 10 == 0


def iban_valid(v: str) -> bool:
    v = v.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", v):
        return False
    return int("".join(str(int(c, 36)) for c in v[4:] + v[:4])) % 97 == 1


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(a: str) -> bool:
    n = 0
    for c in a:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def bech32(a: str) -> bool:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    hrp, data = a[:2], a[3:]
    vals = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + [charset.index(c) for c in data]
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in vals:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (b >> i) & 1:
                chk ^= gen[i]
    return chk == 1


def eip55(a: str) -> bool:
    body = a[2:]
    h = core.keccak256(body.lower().encode()).hex()
    return all((c.upper() if int(h[i], 16) >= 8 else c.lower()) == c for i, c in enumerate(body) if c.isalpha())


def crypto_valid(v: str) -> bool:
    if v.startswith("0x"):
        return len(v) == 42 and eip55(v)
    if v.startswith("bc1"):
        return bech32(v)
    return v[0] in "13" and base58check(v)


DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def steuer(s: str) -> bool:
    prod = 10
    for ch in s[:10]:
        sm = (int(ch) + prod) % 10 or 10
        prod = (sm * 2) % 11
    c = 11 - prod
    return (0 if c == 10 else c) == int(s[10]) and len(set(s[:10])) in (8, 9)


def cf(s: str) -> bool:
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    tot = 0
    for i, c in enumerate(s[:15]):
        idx = int(c) if c.isdigit() else ord(c) - 65
        tot += odd[idx] if i % 2 == 0 else idx
    return chr(65 + tot % 26) == s[15]


def national_id_valid(v: str, before: str) -> bool:
    c = v.replace(" ", "")
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", v):
        a, g, s = v.split("-")
        return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000" and v != "123-45-6789"
    if re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", c):
        return c[:2] not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")
    if re.fullmatch(r"\d{8}-?[A-Z]", v):
        return DNI[int(v[:8]) % 23] == v[-1]
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", v):
        return DNI[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[-1]
    if re.fullmatch(r"[12]\d{14}", c):
        return 97 - int(c[:13]) % 97 == int(c[13:])
    if re.fullmatch(r"[1-9]\d{10}", c):
        return steuer(c)
    if re.fullmatch(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", v):
        return cf(v)
    if re.fullmatch(r"\d{3}[ -]\d{3}[ -]\d{3}", v):
        d = re.sub(r"\D", "", v)
        tfn_ok = sum(int(a) * b for a, b in zip(d, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0
        return luhn(d) or tfn_ok
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}", v):
        base = int(re.sub(r"\D", "", v)[:9])
        return 97 - base % 97 == int(v[-2:]) or 97 - (2000000000 + base) % 97 == int(v[-2:])
    if re.fullmatch(r"\d{2}/\d{8}/\d{2}", v):
        return int(v[:2] + v[3:11]) % 97 == int(v[-2:])
    if re.fullmatch(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d", v):
        alpha = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
        return str((10 - sum(alpha.index(ch) * (18 - i) for i, ch in enumerate(v[:17])) % 10) % 10) == v[17]
    if re.fullmatch(r"\d{9}", v):
        if "passport" in before.lower():
            return True
        return (sum(int(a) * b for a, b in zip(v, range(9, 1, -1))) - int(v[8])) % 11 == 0  # BSN
    if "passport" in before.lower():
        return bool(re.fullmatch(r"\d{2}[A-Z]{2}\d{5}|[A-Z]{3}\d{6}|[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8}", v))
    return False


def bank_valid(v: str) -> bool:
    d = re.sub(r"\D", "", v)
    if re.fullmatch(r"\d{9}", v):
        w = [3, 7, 1] * 3
        return sum(int(a) * b for a, b in zip(d, w)) % 10 == 0
    if re.fullmatch(r"\d{18}", v):
        w = [3, 7, 1] * 6
        return (10 - sum(int(a) * b % 10 for a, b in zip(d[:17], w)) % 10) % 10 == int(d[17])
    if re.fullmatch(r"\d{4} \d{4} \d{2} \d{10}", v):
        def dc(x: str) -> str:
            r = 11 - sum(int(a) * b for a, b in zip(x, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])) % 11
            return str({11: 0, 10: 1}.get(r, r))
        return dc("00" + d[:8]) == d[8] and dc(d[10:]) == d[9]
    if re.fullmatch(r"\d{5} \d{5} \d{11} \d{2}", v):
        return True  # free-form RIB quoted in a letter; key is not required to match
    return bool(re.fullmatch(r"\d{2}-\d{2}-\d{2}|\d{8,12}|\d{3}-\d{3}|\d{5}-\d{3}-\d{7}", v))


def is_public_v4(parts) -> bool:
    a, b, c, d = (int(x) for x in parts)
    if max(a, b, c, d) > 255 or a in (0, 10, 127) or a >= 224:
        return False
    if (a == 169 and b == 254) or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168) or (a == 100 and 64 <= b <= 127):
        return False
    return (a, b, c) not in ((192, 0, 2), (198, 51, 100), (203, 0, 113))


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD_RE = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\.?\d)")


def inside(rec: dict, s: int, e: int) -> bool:
    return all(any(sp["start"] <= i < sp["end"] for sp in rec["spans"]) for i in range(s, e) if rec["text"][i].isalnum())


# ------------------------------------------------------------------ tests
def test_file_equals_fresh_build() -> None:
    assert JSONL.read_text(encoding="utf-8") == builder.render(builder.build())


def test_schema() -> None:
    for r in RECORDS:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert re.fullmatch(r"blind5-\d{4}", r["id"])
        assert isinstance(r["kind"], str) and r["kind"]
        assert r["lang"] in {"en", "fr", "es", "de", "nl"}
        assert isinstance(r["negative"], bool) and isinstance(r["text"], str)
        assert r["negative"] == (r["spans"] == [])
        for sp in r["spans"]:
            assert list(sp) == ["start", "end", "entity_type", "category"]
            assert isinstance(sp["start"], int) and isinstance(sp["end"], int)


def test_unique_ids_and_texts() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)


def test_category_mapping() -> None:
    for r in RECORDS:
        for sp in r["spans"]:
            assert CATEGORY[sp["entity_type"]] == sp["category"]


def test_span_hygiene() -> None:
    for r in RECORDS:
        t = r["text"]
        prev_end = 0
        for sp in r["spans"]:
            s, e = sp["start"], sp["end"]
            assert 0 <= prev_end <= s < e <= len(t), r["id"]
            v = t[s:e]
            assert v == v.strip(), (r["id"], v)
            if s > 0 and v[0].isalnum():
                assert not (t[s - 1].isalnum() or t[s - 1] == "_"), (r["id"], v)
            if e < len(t) and v[-1].isalnum():
                assert not (t[e].isalnum() or t[e] == "_"), (r["id"], v)
            prev_end = e


def _values(etype: str):
    for r in POSITIVES:
        for sp in r["spans"]:
            if sp["entity_type"] == etype:
                yield r, r["text"][sp["start"]:sp["end"]], r["text"][max(0, sp["start"] - 40):sp["start"]]


def test_checksums() -> None:
    assert core.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    for r, v, _ in _values("CREDIT_CARD"):
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d) and d not in ALLOWED_CARDS, (r["id"], v)
    for r, v, _ in _values("IBAN_CODE"):
        assert iban_valid(v) and v.replace(" ", "") not in ALLOWED_IBANS, (r["id"], v)
    for r, v, _ in _values("CRYPTO"):
        assert crypto_valid(v), (r["id"], v)
    for r, v, before in _values("NATIONAL_ID"):
        assert national_id_valid(v, before), (r["id"], v)
    for r, v, _ in _values("BANK_ACCOUNT"):
        assert bank_valid(v), (r["id"], v)
    for r, v, _ in _values("IP_ADDRESS"):
        m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)\.(\d+)", v)
        if m:
            assert is_public_v4(m.groups()), (r["id"], v)
        else:
            assert ":" in v and not v.lower().startswith(("2001:db8", "fe80", "fc", "fd", "::1")), (r["id"], v)
    for r, v, _ in _values("PRIVATE_KEY"):
        assert v.startswith("-----BEGIN ") and v.endswith("PRIVATE KEY-----"), r["id"]
    for r, v, _ in _values("JWT"):
        assert v.count(".") == 2 and v.startswith("eyJ"), r["id"]


def test_negatives_are_clean() -> None:
    for r in NEGATIVES:
        t = r["text"]
        for tok in POOL:
            assert not re.search(rf"(?<!\w){re.escape(tok)}(?!\w)", t), (r["id"], tok)
        for m in CARD_RE.finditer(t):
            d = re.sub(r"\D", "", m.group())
            assert not (13 <= len(d) <= 19 and luhn(d)) or d in ALLOWED_CARDS, (r["id"], m.group())
        for m in IBAN_RE.finditer(t):
            v = m.group().replace(" ", "")
            assert not any(iban_valid(v[:k]) for k in range(15, len(v) + 1)) or v in ALLOWED_IBANS, (r["id"], v)
        for m in EMAIL_RE.finditer(t):
            assert re.search(r"@(?:[\w-]+\.)*example\.(com|org|net)$", m.group().lower()), (r["id"], m.group())
        for m in IPV4_RE.finditer(t):
            assert not is_public_v4(m.groups()), (r["id"], m.group())


def test_positives_are_completely_labelled() -> None:
    for r in POSITIVES:
        t = r["text"]
        for tok in POOL:
            for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", t):
                assert inside(r, m.start(), m.end()), (r["id"], tok)
        for m in EMAIL_RE.finditer(t):
            if not re.search(r"@(?:[\w-]+\.)*example\.(com|org|net)$", m.group().lower()):
                assert inside(r, m.start(), m.end()), (r["id"], m.group())
        for m in IPV4_RE.finditer(t):
            if is_public_v4(m.groups()):
                assert inside(r, m.start(), m.end()), (r["id"], m.group())
        for m in CARD_RE.finditer(t):
            d = re.sub(r"\D", "", m.group())
            if 13 <= len(d) <= 19 and luhn(d) and d not in ALLOWED_CARDS:
                assert inside(r, m.start(), m.end()), (r["id"], m.group())


def test_counts_and_mix() -> None:
    n = len(RECORDS)
    assert n >= 450
    assert len(NEGATIVES) / n >= 0.38
    langs = collections.Counter(r["lang"] for r in RECORDS)
    assert langs["fr"] >= 50 and langs["es"] >= 50 and langs["en"] > n / 2
    per_type = collections.Counter(sp["entity_type"] for r in RECORDS for sp in r["spans"])
    for etype in CATEGORY:
        assert per_type[etype] >= 10, etype
    names = builder.template_names()
    assert len(names) == n
    assert max(collections.Counter(names).values()) <= 0.03 * n


@pytest.mark.parametrize("etype", ["NATIONAL_ID", "API_KEY", "PERSON", "LOCATION"])
def test_core_types_are_well_covered(etype: str) -> None:
    assert sum(sp["entity_type"] == etype for r in RECORDS for sp in r["spans"]) >= 50
