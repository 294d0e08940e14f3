"""Integrity tests for the blind11 evaluation set (stdlib + the generator only)."""
import base64
import collections
import hashlib
import ipaddress
import json
import os
import re

import pytest

import build_blind11 as gen

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "blind11.jsonl")

EXPECTED_CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact", "NATIONAL_ID": "government_id",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial", "CRYPTO": "financial",
    "API_KEY": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret", "CONNECTION_STRING": "secret",
    "JWT": "secret", "PRIVATE_KEY": "secret", "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}


@pytest.fixture(scope="module")
def records():
    with open(PATH, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def lookalikes():
    return gen.lookalikes()


def values(records, etype):
    for r in records:
        for s, e, t, _ in r["spans"]:
            if t == etype:
                yield r, r["text"][s:e]


# ------------------------------------------------------------------ rebuild & schema
def test_rebuild_identity():
    with open(PATH, encoding="utf-8") as fh:
        assert fh.read() == gen.serialize(gen.build())
    assert gen.main(["--check"]) == 0


def test_schema(records):
    for r in records:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert isinstance(r["text"], str) and r["text"]
        assert r["lang"] in {"en", "fr", "nl", "pt"}
        assert r["negative"] is (not r["spans"])
        for sp in r["spans"]:
            assert len(sp) == 4 and isinstance(sp[0], int) and isinstance(sp[1], int)


def test_unique(records):
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)


def test_span_hygiene(records):
    for r in records:
        t, prev = r["text"], 0
        for s, e, et, cat in r["spans"]:
            assert prev <= s < e <= len(t), r["id"]
            prev = e
            v = t[s:e]
            assert v == v.strip(), (r["id"], v)
            assert s == 0 or not t[s - 1].isalnum(), (r["id"], v)
            assert e == len(t) or not t[e].isalnum(), (r["id"], v)


def test_category_mapping(records):
    seen = set()
    for r in records:
        for _, _, et, cat in r["spans"]:
            assert EXPECTED_CATEGORY[et] == cat
            seen.add(cat)
    assert seen == set(EXPECTED_CATEGORY.values())


# ------------------------------------------------------------------ counts
def test_counts(records):
    assert len(records) >= 750
    neg = sum(r["negative"] for r in records)
    assert neg / len(records) >= 0.40
    kinds = collections.Counter(r["kind"] for r in records)
    assert len(kinds) >= 180
    assert max(kinds.values()) <= 6
    langs = collections.Counter(r["lang"] for r in records)
    assert 0.35 <= langs["en"] / len(records) <= 0.45
    for lg in ("fr", "nl", "pt"):
        assert 0.15 <= langs[lg] / len(records) <= 0.25
    for r in records:
        assert len({x["lang"] for x in records if x["kind"] == r["kind"]}) == 1


# ------------------------------------------------------------------ checksums (independent)
def luhn(d):
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def iban_valid(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    lens = {"FR": 27, "NL": 18, "PT": 25, "GB": 22, "DE": 22, "BE": 16, "IE": 22}
    if s[:2] in lens and len(s) != lens[s[:2]]:
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def test_cards(records):
    n = 0
    for r, v in values(records, "CREDIT_CARD"):
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and len(d) in (15, 16) and luhn(d), v
        n += 1
    assert n >= 5


def test_ibans(records):
    for r, v in values(records, "IBAN_CODE"):
        assert iban_valid(v), v


def test_bank_accounts(records):
    for r, v in values(records, "BANK_ACCOUNT"):
        m = re.fullmatch(r"(\d{9}) / \d{10}", v)
        if m:
            x = list(map(int, m.group(1)))
            assert (3 * (x[0] + x[3] + x[6]) + 7 * (x[1] + x[4] + x[7]) + x[2] + x[5] + x[8]) % 10 == 0
        else:
            assert re.fullmatch(r"\d{2}-\d{2}-\d{2} \d{8}|\d{4} / \d{5}-\d", v), v


def nid_ok(v, lang):
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", v):
        a, g, s = v.split("-")
        return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"
    if re.fullmatch(r"[A-Z]{2} \d{2} \d{2} \d{2} [A-D]", v):
        p = v[:2]
        return (p[0] not in "DFIQUV" and p[1] not in "DFIOQUV"
                and p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
    if re.fullmatch(r"[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}", v):
        d = v.replace(" ", "")
        return int(d[13:]) == 97 - int(d[:13]) % 97 and 1 <= int(d[3:5]) <= 12
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}", v):
        d = re.sub(r"\D", "", v)
        return int(d[9:]) == 97 - int(d[:9]) % 97
    if re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v):
        d = [int(c) for c in re.sub(r"\D", "", v)]
        for n in (9, 10):
            s = sum(d[i] * (n + 1 - i) for i in range(n))
            c = s * 10 % 11 % 10
            if c != d[n]:
                return False
        return len(set(d)) > 1
    if re.fullmatch(r"\d{9}", v):
        d = [int(c) for c in v]
        if lang == "nl":
            return (sum(d[i] * (9 - i) for i in range(8)) - d[8]) % 11 == 0 and d[0] != 0
        if lang == "pt":
            c = 11 - sum(d[i] * (9 - i) for i in range(8)) % 11
            return d[0] in (1, 2) and d[8] == (0 if c >= 10 else c)
    return False


def test_national_ids(records):
    n = 0
    for r, v in values(records, "NATIONAL_ID"):
        assert nid_ok(v, r["lang"]), (r["id"], v)
        n += 1
    assert n >= 20


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def test_crypto(records):
    for r, v in values(records, "CRYPTO"):
        if v.startswith("0x"):
            assert re.fullmatch(r"0x[0-9a-f]{40}", v)
            continue
        n = 0
        for ch in v:
            n = n * 58 + B58.index(ch)
        raw = n.to_bytes(25, "big")
        assert raw[0] == 0 and v.startswith("1")
        assert hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def test_jwt_pem_mac_ip_aws(records):
    for r, v in values(records, "JWT"):
        h, p, s = v.split(".")
        pad = lambda x: x + "=" * (-len(x) % 4)
        assert json.loads(base64.urlsafe_b64decode(pad(h)))["alg"]
        assert "sub" in json.loads(base64.urlsafe_b64decode(pad(p)))
    for r, v in values(records, "PRIVATE_KEY"):
        assert re.fullmatch(r"-----BEGIN ([A-Z ]+)-----\n[A-Za-z0-9+/=\n]+\n-----END \1-----", v)
    for r, v in values(records, "MAC_ADDRESS"):
        assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v)
    for r, v in values(records, "IP_ADDRESS"):
        assert ipaddress.ip_address(v).is_global
    for r, v in values(records, "API_KEY"):
        if v.startswith("AKIA"):
            assert re.fullmatch(r"AKIA[A-Z2-7]{16}", v)
    for r, v in values(records, "CONNECTION_STRING"):
        assert re.search(r"://[^:/\s]+:[^@\s]+@|Password=", v)


# ------------------------------------------------------------------ private values never outside spans
def inside(r, a, b):
    return any(s <= a and b <= e for s, e, _, _ in r["spans"])


def test_audit_names_towns(records):
    words = {w for d in (gen.FIRST, gen.LAST) for v in d.values() for w in v} | set(gen.PRIVATE_TOWNS)
    pats = [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in words]
    for r in records:
        for p in pats:
            for m in p.finditer(r["text"]):
                assert inside(r, m.start(), m.end()), (r["id"], m.group())


def test_audit_emails(records):
    pat = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
    for r in records:
        for m in pat.finditer(r["text"]):
            dom = m.group().split("@")[1]
            if re.match(r"example\.", dom) or dom.startswith("g***") or "*" in m.group():
                continue
            assert inside(r, m.start(), m.end()), (r["id"], m.group())


def test_audit_ips(records):
    pat = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.]*/\d|\d)")
    for r in records:
        for m in pat.finditer(r["text"]):
            try:
                ip = ipaddress.ip_address(m.group(1))
            except ValueError:
                continue
            if ip.is_global:
                assert inside(r, m.start(), m.end()), (r["id"], m.group())


def test_audit_luhn_runs(records, lookalikes):
    pat = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
    for r in records:
        for m in pat.finditer(r["text"]):
            d = re.sub(r"\D", "", m.group())
            if luhn(d) and d not in lookalikes:
                assert inside(r, m.start(), m.end()), (r["id"], m.group())


def test_audit_ibans(records, lookalikes):
    pat = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
    for r in records:
        for m in pat.finditer(r["text"]):
            raw = m.group()
            for end in range(len(raw), 13, -1):
                cand = raw[:end].rstrip()
                if iban_valid(cand) and cand.replace(" ", "") not in lookalikes:
                    assert inside(r, m.start(), m.start() + len(cand)), (r["id"], cand)


def test_hashseed_independent():
    import subprocess
    import sys
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, os.path.join(HERE, "build_blind11.py"), "--check"],
                             env=env, capture_output=True, text=True, cwd=HERE)
        assert out.returncode == 0, out.stdout + out.stderr
