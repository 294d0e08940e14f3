"""Integrity tests for blind10 (stdlib + generator only)."""
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
import build_blind10 as B  # noqa: E402

PATH = os.path.join(HERE, "blind10.jsonl")
EXPECTED_CAT = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact", "NATIONAL_ID": "government_id",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "API_KEY": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret",
    "CONNECTION_STRING": "secret", "JWT": "secret", "PRIVATE_KEY": "secret",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network", "MEDICAL_CONDITION": "health",
    "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}


@pytest.fixture(scope="module")
def recs():
    with open(PATH, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def vals(recs, etype):
    for r in recs:
        for a, b, t, _ in r["spans"]:
            if t == etype:
                yield r["text"][a:b]


# ---------------------------------------------------------------- independent checksum code
def luhn(d):
    tot = 0
    for i, ch in enumerate(d[::-1]):
        v = int(ch) * (2 if i % 2 else 1)
        tot += v // 10 + v % 10
    return tot % 10 == 0


IBAN_LEN = {"DE": 22, "GB": 22, "IE": 22, "NL": 18, "ES": 24, "IT": 27, "AT": 20, "CH": 21, "FR": 27}


def iban_valid(s):
    s = s.replace(" ", "")
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    digits = "".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)
    rem = 0
    for c in digits:
        rem = (rem * 10 + int(c)) % 97
    return rem == 1


def ssn_valid(s):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", s)
    return bool(m) and m.group(1) not in ("000", "666") and m.group(1)[0] != "9" \
        and m.group(2) != "00" and m.group(3) != "0000"


def nino_valid(s):
    s = s.replace(" ", "")
    m = re.fullmatch(r"([A-Z]{2})(\d{6})([A-D])", s)
    if not m:
        return False
    p = m.group(1)
    return p[0] not in "DFIQUV" and p[1] not in "DFIQUVO" and p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def sin_valid(s):
    d = s.replace(" ", "")
    return len(d) == 9 and d.isdigit() and d[0] not in "08" and luhn(d)


LET = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_valid(s):
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    if m:
        return LET[int(m.group(1)) % 23] == m.group(2)
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    return bool(m) and LET[int(str("XYZ".find(m.group(1))) + m.group(2)) % 23] == m.group(3)


ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def cf_valid(s):
    if not re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s):
        return False
    tot = 0
    for i, c in enumerate(s[:15]):
        k = int(c) if c.isdigit() else ord(c) - 65
        tot += ODD[k] if i % 2 == 0 else k
    return chr(65 + tot % 26) == s[15]


def steuer_valid(s):
    d = s.replace(" ", "")
    if not (len(d) == 11 and d.isdigit() and d[0] != "0"):
        return False
    counts = collections.Counter(d[:10]).values()
    if not (max(counts) in (2, 3) and sorted(counts).count(max(counts)) == 1):
        return False
    p = 10
    for c in d[:10]:
        x = (int(c) + p) % 10
        if x == 0:
            x = 10
        p = 2 * x % 11
    chk = (11 - p) % 10
    return chk == int(d[10])


def bsn_valid(s):
    if not re.fullmatch(r"\d{9}", s):
        return False
    w = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * k for c, k in zip(s, w)) % 11 == 0


NID_CHECKS = [ssn_valid, nino_valid, sin_valid, dni_valid, cf_valid, steuer_valid, bsn_valid]


def aba_valid(s):
    d = [int(c) for c in s]
    return sum(x * w for x, w in zip(d, [3, 7, 1] * 3)) % 10 == 0


def ccc_dc(digits):
    weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(x) * y for x, y in zip(digits.zfill(10), weights)) % 11
    return 0 if r == 11 else 1 if r == 10 else r


def ccc_valid(ent, ofi, d1, d2, acc):
    return ccc_dc(ent + ofi) == int(d1) and ccc_dc(acc) == int(d2)


ALPH = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def btc_valid(s):
    n = 0
    for c in s:
        n = n * 58 + ALPH.index(c)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:] and raw[0] == 0


def is_public(ip):
    a = ipaddress.ip_address(ip)
    return a.is_global and not any(a in ipaddress.ip_network(n) for n in
                                    ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10"))


# ---------------------------------------------------------------- tests
def test_rebuild_identical():
    r = subprocess.run([sys.executable, os.path.join(HERE, "build_blind10.py"), "--check"],
                       capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="123"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_schema(recs):
    for r in recs:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert r["lang"] in ("en", "es", "it", "de")
        assert r["negative"] is (not r["spans"])
        for s in r["spans"]:
            assert len(s) == 4 and isinstance(s[0], int) and isinstance(s[1], int)


def test_unique(recs):
    assert len({r["id"] for r in recs}) == len(recs)
    assert len({r["text"] for r in recs}) == len(recs)


def test_span_hygiene(recs):
    for r in recs:
        t = r["text"]
        prev = 0
        for a, b, et, cat in r["spans"]:
            assert prev <= a < b <= len(t), r["id"]
            prev = b
            v = t[a:b]
            assert v == v.strip(), (r["id"], v)
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], v)
            assert b == len(t) or not t[b].isalnum(), (r["id"], v)
            assert EXPECTED_CAT[et] == cat, r["id"]


def test_counts(recs):
    assert len(recs) >= 750
    assert sum(r["negative"] for r in recs) / len(recs) >= 0.40
    kinds = collections.Counter(r["kind"] for r in recs)
    assert len(kinds) >= 180
    assert max(kinds.values()) <= 6
    cats = {s[3] for r in recs for s in r["spans"]}
    assert cats == set(EXPECTED_CAT.values())
    langs = collections.Counter(r["lang"] for r in recs)
    assert 0.35 <= langs["en"] / len(recs) <= 0.48
    for lg in ("es", "it", "de"):
        assert 0.15 <= langs[lg] / len(recs) <= 0.25


def test_checksums(recs):
    for v in vals(recs, "CREDIT_CARD"):
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d), v
    for v in vals(recs, "IBAN_CODE"):
        assert iban_valid(v), v
    for v in vals(recs, "NATIONAL_ID"):
        assert any(f(v) for f in NID_CHECKS), v
    for v in vals(recs, "BANK_ACCOUNT"):
        m = re.fullmatch(r"(\d{9}) / \d{8,12}", v)
        c = re.fullmatch(r"(\d{4}) (\d{4}) (\d)(\d) (\d{10})", v)
        if m:
            assert aba_valid(m.group(1)), v
        elif c:
            assert ccc_valid(*c.groups()), v
        else:
            assert re.fullmatch(r"\d\d-\d\d-\d\d \d{8}", v), v
    for v in vals(recs, "CRYPTO"):
        assert re.fullmatch(r"0x[0-9a-f]{40}", v) or btc_valid(v), v
    for v in vals(recs, "JWT"):
        h = v.split(".")[0]
        assert json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))["typ"] == "JWT"
    for v in vals(recs, "PRIVATE_KEY"):
        assert v.startswith("-----BEGIN ") and v.endswith("-----") and "-----END " in v
    for v in vals(recs, "CONNECTION_STRING"):
        assert re.search(r"://[^:/\s]+:[^@\s]+@", v) or "Password=" in v or "AccountKey=" in v, v
    for v in vals(recs, "IP_ADDRESS"):
        assert is_public(v), v
    for v in vals(recs, "MAC_ADDRESS"):
        assert re.fullmatch(r"[0-9A-F]{2}([:-])(?:[0-9A-F]{2}\1){4}[0-9A-F]{2}", v), v
    for v in vals(recs, "EMAIL_ADDRESS"):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v) and "example." not in v, v


def masked(r):
    t = list(r["text"])
    for a, b, _, _ in r["spans"]:
        for i in range(a, b):
            t[i] = " "
    return "".join(t)


def test_private_values_only_in_spans(recs):
    names = set()
    for d in (B.FIRST, B.LAST, B.TOWNS):
        for lst in d.values():
            for v in lst:
                names.add(v)
                names.update(v.split(" ") if d is B.LAST else [])
    from kinds_hand_blind10 import LOOKALIKE_BY_KIND
    test_cards = {c.replace(" ", "") for c in B.TEST_CARDS}
    ex_ibans = {c.replace(" ", "") for c in B.EXAMPLE_IBANS}
    bad = []
    for r in recs:
        m = masked(r)
        allowed = LOOKALIKE_BY_KIND.get(r["kind"], set())
        for n in names:
            if n in allowed:
                continue
            if re.search(r"(?<!\w)%s(?!\w)" % re.escape(n), m):
                bad.append((r["id"], n))
        for e in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", m):
            if not re.search(r"@example\.(com|org|net)$", e):
                bad.append((r["id"], e))
        for ip in re.findall(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])", m):
            try:
                if is_public(ip):
                    bad.append((r["id"], ip))
            except ValueError:
                pass
        for run in re.findall(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w])", m):
            d = re.sub(r"\D", "", run)
            if luhn(d) and d not in test_cards:
                bad.append((r["id"], run))
        for ib in re.findall(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", m):
            c = ib.replace(" ", "")
            if c[:2] in IBAN_LEN and iban_valid(c[:IBAN_LEN[c[:2]]]) and c[:IBAN_LEN[c[:2]]] not in ex_ibans:
                bad.append((r["id"], ib))
    assert not bad, bad[:20]


def test_lookalikes_really_occur(recs):
    from kinds_hand_blind10 import LOOKALIKE_BY_KIND
    kinds = {r["kind"] for r in recs}
    for k, words in LOOKALIKE_BY_KIND.items():
        assert k in kinds
        for w in words:
            assert any(w in r["text"] for r in recs if r["kind"] == k), (k, w)
