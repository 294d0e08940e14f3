"""Integrity tests for blind13.jsonl (stdlib + the generator only)."""
import base64
import collections
import hashlib
import ipaddress
import json
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_blind13 as gen  # noqa: E402

PATH = os.path.join(HERE, "blind13.jsonl")
ROWS = [json.loads(l) for l in open(PATH, encoding="utf-8")]

CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "LOCATION": "location", "NATIONAL_ID": "government_id", "CREDIT_CARD": "financial", "IBAN_CODE": "financial",
    "BANK_ACCOUNT": "financial", "CRYPTO": "financial", "API_KEY": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "JWT": "secret", "PRIVATE_KEY": "secret", "CONNECTION_STRING": "secret",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network", "MEDICAL_CONDITION": "health", "MEDICATION": "health",
    "MEDICAL_RECORD_NUMBER": "health", "CLASSIFICATION_MARKING": "classification",
}
PUBLISHED_TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
                        "4012888888881881", "5105105105105100", "6011111111111117", "4000056655665556",
                        "371449635398431", "5200828282828210", "4000000000000002"}


def spans_of(t):
    return [(r, r["text"][a:b]) for r in ROWS for a, b, et, c in r["spans"] if et == t]


# ---------------------------------------------------------------- rebuild / schema
def test_rebuild_identical():
    assert gen.serialize(gen.build()) == open(PATH, encoding="utf-8").read()


def test_check_flag_passes():
    r = subprocess.run([sys.executable, os.path.join(HERE, "build_blind13.py"), "--check"], capture_output=True)
    assert r.returncode == 0, r.stdout


def test_rebuild_independent_of_hashseed():
    env = dict(os.environ, PYTHONHASHSEED="12345")
    r = subprocess.run([sys.executable, os.path.join(HERE, "build_blind13.py"), "--check"], capture_output=True, env=env)
    assert r.returncode == 0


def test_schema():
    for r in ROWS:
        assert set(r) == {"id", "kind", "lang", "negative", "text", "spans"}
        assert r["id"] == "blind13-%s-%s" % (r["kind"], r["id"].rsplit("-", 1)[1])
        assert re.fullmatch(r"\d\d", r["id"].rsplit("-", 1)[1])
        assert r["lang"] in {"en", "fr", "es", "pt"}
        assert isinstance(r["negative"], bool) and isinstance(r["text"], str) and r["text"]
        for s in r["spans"]:
            assert len(s) == 4 and isinstance(s[0], int) and isinstance(s[1], int)
        if r["negative"]:
            assert r["spans"] == []
        else:
            assert r["spans"]


def test_unique_ids_and_texts():
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    assert len({r["text"] for r in ROWS}) == len(ROWS)


# ---------------------------------------------------------------- span hygiene
def test_span_hygiene():
    for r in ROWS:
        t, prev = r["text"], 0
        for a, b, et, cat in r["spans"]:
            assert 0 <= prev <= a < b <= len(t), r["id"]
            seg = t[a:b]
            assert seg == seg.strip(), (r["id"], seg)
            assert not (a > 0 and (t[a - 1].isalnum() or t[a - 1] == "_")), (r["id"], seg)
            assert not (b < len(t) and (t[b].isalnum() or t[b] == "_")), (r["id"], seg)
            prev = b


def test_type_category_mapping():
    for r in ROWS:
        for a, b, et, cat in r["spans"]:
            assert CATEGORY[et] == cat


# ---------------------------------------------------------------- counts
def test_counts():
    n = len(ROWS)
    assert n >= 750
    neg = sum(r["negative"] for r in ROWS)
    assert neg / n >= 0.40
    kinds = collections.Counter(r["kind"] for r in ROWS)
    assert len(kinds) >= 150
    assert max(kinds.values()) <= 6
    langs = collections.Counter(r["lang"] for r in ROWS)
    assert 0.37 <= langs["en"] / n <= 0.45
    for l in ("fr", "es", "pt"):
        assert 0.17 <= langs[l] / n <= 0.23
    # kinds never mix languages
    kl = collections.defaultdict(set)
    for r in ROWS:
        kl[r["kind"]].add(r["lang"])
    assert all(len(v) == 1 for v in kl.values())
    # every entity type is used
    used = {s[2] for r in ROWS for s in r["spans"]}
    assert used == set(CATEGORY)


def test_name_pool_sizes():
    for lang in ("en", "fr", "es", "pt"):
        assert len(set(gen.GIVEN[lang])) >= 40
        assert len(set(gen.FAMILY[lang])) >= 40


# ---------------------------------------------------------------- checksums (independent re-implementations)
def luhn(num):
    digits = [int(c) for c in num][::-1]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def test_credit_cards():
    for r, v in spans_of("CREDIT_CARD"):
        d = v.replace(" ", "").replace("-", "")
        assert d.isdigit() and len(d) in (15, 16) and luhn(d), v
        assert d not in PUBLISHED_TEST_CARDS
    for r in ROWS:  # published test cards only ever unlabelled
        for a, b, et, c in r["spans"]:
            assert r["text"][a:b].replace(" ", "") not in PUBLISHED_TEST_CARDS


IBAN_LEN = {"GB": 22, "DE": 22, "IE": 22, "FR": 27, "ES": 24, "PT": 25, "BR": 29}


def test_ibans():
    for r, v in spans_of("IBAN_CODE"):
        s = v.replace(" ", "")
        assert len(s) == IBAN_LEN[s[:2]], v
        moved = s[4:] + s[:4]
        num = "".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)
        rem = 0
        for ch in num:
            rem = (rem * 10 + int(ch)) % 97
        assert rem == 1, v


def aba(r):
    w = [3, 7, 1] * 3
    return sum(int(c) * k for c, k in zip(r, w)) % 10 == 0


def test_bank_accounts():
    for r, v in spans_of("BANK_ACCOUNT"):
        assert not re.search(r"[A-Za-z]", v), v  # label words stay outside
        if re.fullmatch(r"\d{9} / \d{9,12}", v):
            assert aba(v[:9]), v


def nir_ok(v):
    d = v.replace(" ", "")
    return len(d) == 15 and 97 - int(d[:13]) % 97 == int(d[13:])


def dni_ok(v):
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if v[0] in "XYZ":
        v = str("XYZ".index(v[0])) + v[1:]
    return v[:-1].isdigit() and letters[int(v[:-1]) % 23] == v[-1]


def nif_pt_ok(v):
    d = v.replace(" ", "")
    if len(d) != 9 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (9 - i) for i in range(8))
    c = 11 - s % 11
    return (0 if c >= 10 else c) == int(d[8])


def cpf_ok(v):
    d = [int(c) for c in re.sub(r"\D", "", v)]
    if len(d) != 11:
        return False
    for n in (9, 10):
        s = sum(d[i] * (n + 1 - i) for i in range(n))
        if (s * 10 % 11) % 10 != d[n]:
            return False
    return True


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    return bool(m) and m.group(1) not in ("000", "666") and not m.group(1).startswith("9") \
        and m.group(2) != "00" and m.group(3) != "0000"


def nino_ok(v):
    m = re.fullmatch(r"([A-Z]{2}) (\d\d) (\d\d) (\d\d) ([A-D])", v)
    if not m:
        return False
    p = m.group(1)
    return p[0] not in "DFIQUV" and p[1] not in "DFIQUVO" and p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def test_national_ids():
    for r, v in spans_of("NATIONAL_ID"):
        if r["lang"] == "en":
            assert ssn_ok(v) or nino_ok(v), v
        elif r["lang"] == "fr":
            assert nir_ok(v), v
        elif r["lang"] == "es":
            assert dni_ok(v), v
        else:
            assert (nif_pt_ok(v) if r["kind"].startswith("pt-") else cpf_ok(v)), v


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def test_crypto_base58check():
    for r, v in spans_of("CRYPTO"):
        n = 0
        for c in v:
            n = n * 58 + B58.index(c)
        raw = n.to_bytes(25, "big")
        assert hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:], v


def test_jwts_decode():
    for r, v in spans_of("JWT"):
        parts = v.split(".")
        assert len(parts) == 3
        for p in parts[:2]:
            json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))


def test_pem_blocks():
    for r, v in spans_of("PRIVATE_KEY"):
        lines = v.split("\n")
        assert re.fullmatch(r"-----BEGIN [A-Z ]*PRIVATE KEY-----", lines[0])
        assert re.fullmatch(r"-----END [A-Z ]*PRIVATE KEY-----", lines[-1])
        base64.b64decode("".join(lines[1:-1]))


def test_ip_addresses_global_and_unlabelled_private():
    for r, v in spans_of("IP_ADDRESS"):
        assert ipaddress.ip_address(v).is_global, v
    ipre = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
    for r in ROWS:
        for m in ipre.finditer(r["text"]):
            try:
                ip = ipaddress.ip_address(m.group(1))
            except ValueError:
                continue
            labelled = any(a <= m.start() and m.end() <= b for a, b, _, _ in r["spans"])
            if not ip.is_global:
                assert not labelled, (r["id"], m.group(1))


def test_macs():
    for r, v in spans_of("MAC_ADDRESS"):
        assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", v), v


def test_emails():
    for r, v in spans_of("EMAIL_ADDRESS"):
        assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}", v), v
        assert "example" not in v


def test_markings_are_whole_lines():
    for r, v in spans_of("CLASSIFICATION_MARKING"):
        t = r["text"]
        for a, b, et, c in r["spans"]:
            if et == "CLASSIFICATION_MARKING":
                assert (a == 0 or t[a - 1] == "\n") and (b == len(t) or t[b] == "\n"), r["id"]


# ---------------------------------------------------------------- leak audit
POOL = set()
for d in (gen.GIVEN, gen.FAMILY):
    for lst in d.values():
        POOL.update(lst)
POOL_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, POOL), key=len, reverse=True)) + r")(?!\w)")


def outside(r):
    t = list(r["text"])
    for a, b, _, _ in r["spans"]:
        t[a:b] = ["\0"] * (b - a)
    return "".join(t)


def test_pool_names_never_outside_spans():
    bad = [(r["id"], m.group(0)) for r in ROWS for m in POOL_RE.finditer(outside(r))]
    assert not bad, bad[:10]


def test_pool_names_never_in_negatives_case_insensitive():
    lower = {p.lower() for p in POOL}
    rx = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, lower), key=len, reverse=True)) + r")(?!\w)")
    bad = [(r["id"], m.group(0)) for r in ROWS if r["negative"] for m in rx.finditer(r["text"].lower())]
    assert not bad, bad[:10]


def test_labelled_values_not_repeated_unlabelled():
    for r in ROWS:
        rest = outside(r)
        for a, b, _, _ in r["spans"]:
            v = r["text"][a:b]
            if len(v) >= 4:
                assert v not in rest, (r["id"], v)


def test_public_names_disjoint_from_pools():
    toks = {w for d in (gen.PUBLIC, gen.SPORT, gen.HIST, gen.FICT, gen.AUTH) for lst in d.values() for n in lst for w in n.split()}
    assert not (toks & POOL)
