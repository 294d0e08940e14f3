"""Integrity tests for the blind9 set. Stdlib + the generator only."""
import base64
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_blind9 as gen  # noqa: E402

JSONL = os.path.join(HERE, "blind9.jsonl")

CATEGORY = {  # written out again on purpose, not imported
    "PERSON": "person", "DATE_OF_BIRTH": "person", "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "LOCATION": "location", "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "NATIONAL_ID": "government_id", "MEDICAL_CONDITION": "health", "MEDICATION": "health",
    "MEDICAL_RECORD_NUMBER": "health", "API_KEY": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret",
    "PRIVATE_KEY": "secret", "JWT": "secret", "CONNECTION_STRING": "secret", "IP_ADDRESS": "network",
    "MAC_ADDRESS": "network", "CLASSIFICATION_MARKING": "classification",
}


@pytest.fixture(scope="module")
def built():
    return gen.build()


@pytest.fixture(scope="module")
def records():
    with open(JSONL, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


# ------------------------------------------------------------ rebuild / schema
def test_file_is_fresh():
    with open(JSONL, encoding="utf-8") as fh:
        assert fh.read() == gen.render()


def test_check_flag_passes():
    res = subprocess.run([sys.executable, os.path.join(HERE, "build_blind9.py"), "--check"], capture_output=True)
    assert res.returncode == 0, res.stderr


def test_deterministic_across_hashseed():
    code = "import sys; sys.path.insert(0, %r); import build_blind9 as g; import hashlib; print(hashlib.sha256(g.render().encode()).hexdigest())" % HERE
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": s}).stdout for s in ("0", "123")}
    assert len(outs) == 1


def test_schema(records):
    for rec in records:
        assert set(rec) == {"id", "kind", "lang", "negative", "text", "spans"}
        assert rec["lang"] in {"en", "it", "pt", "nl"}
        assert rec["negative"] is (len(rec["spans"]) == 0)
        assert isinstance(rec["text"], str) and rec["text"].strip()
        for sp in rec["spans"]:
            assert len(sp) == 4 and isinstance(sp[0], int) and isinstance(sp[1], int)
            assert CATEGORY[sp[2]] == sp[3]


def test_unique(records):
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)


def test_no_marker_chars(records):
    for rec in records:
        assert not re.search("[\ue000-\ue004]", rec["text"])


# ------------------------------------------------------------ span hygiene
def test_span_hygiene(records):
    for rec in records:
        t, prev = rec["text"], 0
        for s, e, et, _ in rec["spans"]:
            assert 0 <= prev <= s < e <= len(t), rec["id"]
            v = t[s:e]
            assert v == v.strip(), (rec["id"], v)
            if v[0].isalnum() and s > 0:
                assert not t[s - 1].isalnum(), (rec["id"], v, "cuts word at start")
            if v[-1].isalnum() and e < len(t):
                assert not t[e].isalnum(), (rec["id"], v, "cuts word at end")
            prev = e


# ------------------------------------------------------------ checksums (independent)
def luhn_ok(num):
    ds = [int(c) for c in num][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(ds)) % 10 == 0


def iban_ok(v):
    v = v.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", v):
        return False
    lengths = {"NL": 18, "IT": 27, "PT": 25, "BR": 29, "GB": 22, "DE": 22, "BE": 16, "FR": 27, "ES": 24}
    if v[:2] in lengths and len(v) != lengths[v[:2]]:
        return False
    s = v[4:] + v[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def bsn_ok(v):
    v = v.replace(".", "").replace(" ", "")
    if not re.fullmatch(r"\d{9}", v):
        return False
    return (sum(int(c) * w for c, w in zip(v[:8], [9, 8, 7, 6, 5, 4, 3, 2])) - int(v[8])) % 11 == 0


def cpf_ok(v):
    d = [int(c) for c in re.sub(r"\D", "", v)]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    for n in (9, 10):
        s = sum(d[k] * (n + 1 - k) for k in range(n)) * 10 % 11 % 10
        if s != d[n]:
            return False
    return True


def nif_pt_ok(v):
    if not re.fullmatch(r"\d{9}", v):
        return False
    s = sum(int(v[k]) * (9 - k) for k in range(8))
    c = 11 - s % 11
    return (0 if c >= 10 else c) == int(v[8])


ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def cf_ok(v):
    if not re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", v):
        return False
    tot = 0
    for i, ch in enumerate(v[:15]):
        val = int(ch) if ch.isdigit() else ord(ch) - 65
        tot += ODD[val] if i % 2 == 0 else val
    return chr(65 + tot % 26) == v[15]


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    return bool(m) and m.group(1) not in ("000", "666") and m.group(1)[0] != "9" and m.group(2) != "00" and m.group(3) != "0000"


def nino_ok(v):
    v = v.replace(" ", "")
    if not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", v):
        return False
    return v[:2] not in {"GB", "BG", "NK", "KN", "TN", "NT", "ZZ"}


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_ok(v):
    hrp, _, data = v.rpartition("1")
    vals = [CHARSET.index(c) for c in data]
    gen_ = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for x in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + vals:
        top = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ x
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen_[i]
    return chk == 1


def aba_ok(v):
    d = [int(c) for c in v]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def b64json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


PUBLISHED_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4000056655665556"}


def test_checksums(records):
    seen = collections.Counter()
    for rec in records:
        t = rec["text"]
        for s, e, et, _ in rec["spans"]:
            v = t[s:e]
            if et == "CREDIT_CARD":
                num = re.sub(r"[ -]", "", v)
                assert num.isdigit() and 13 <= len(num) <= 19 and luhn_ok(num) and num not in PUBLISHED_CARDS, (rec["id"], v)
                seen["card"] += 1
            elif et == "IBAN_CODE":
                assert iban_ok(v), (rec["id"], v)
                seen["iban"] += 1
            elif et == "CRYPTO":
                if v.startswith("bc1"):
                    assert bech32_ok(v), v
                    seen["bech32"] += 1
                else:
                    assert re.fullmatch(r"0x[0-9a-f]{40}", v), v
            elif et == "JWT":
                h, p, sig = v.split(".")
                assert "alg" in b64json(h) and isinstance(b64json(p), dict) and sig
                seen["jwt"] += 1
            elif et == "NATIONAL_ID":
                ctx = t[max(0, s - 14):s].lower()
                if "tfn" in ctx:
                    d = [int(c) for c in v.replace(" ", "")]
                    assert len(d) == 9 and sum(x * w for x, w in zip(d, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0, v
                    seen["tfn"] += 1
                elif "nhs" in ctx:
                    d = [int(c) for c in v.replace(" ", "")]
                    chk = (11 - sum(x * w for x, w in zip(d[:9], range(10, 1, -1))) % 11) % 11
                    assert len(d) == 10 and chk != 10 and chk == d[9], v
                    seen["nhs"] += 1
                elif "sus" in ctx:
                    d = [int(c) for c in v.replace(" ", "")]
                    assert len(d) == 15 and d[0] in (7, 8, 9) and sum(x * (15 - k) for k, x in enumerate(d)) % 11 == 0, v
                    seen["cns"] += 1
                elif rec["lang"] == "pt" and "NISS" in t[max(0, s - 12):s]:
                    d = [int(c) for c in v]
                    assert len(d) == 11 and 9 - sum(x * w for x, w in zip(d, [29, 23, 19, 17, 13, 11, 7, 5, 3, 2])) % 10 == d[10], v
                    seen["niss"] += 1
                elif re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v) or (rec["lang"] == "pt" and re.fullmatch(r"\d{11}", v)):
                    assert cpf_ok(v), v
                    seen["cpf"] += 1
                elif re.fullmatch(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", v):
                    assert cf_ok(v), v
                    seen["cf"] += 1
                elif rec["lang"] == "nl" and re.fullmatch(r"\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}", v):
                    assert bsn_ok(v), v
                    seen["bsn"] += 1
                elif rec["lang"] == "pt" and re.fullmatch(r"\d{9}", v) and "NIF" in t[max(0, s - 25):s]:
                    assert nif_pt_ok(v), v
                    seen["nif"] += 1
                elif re.fullmatch(r"\d{3}-\d{2}-\d{4}", v):
                    assert ssn_ok(v), v
                    seen["ssn"] += 1
                elif re.fullmatch(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]", v):
                    assert nino_ok(v), v
                    seen["nino"] += 1
            elif et == "BANK_ACCOUNT" and "routing" in t[max(0, s - 20):s].lower():
                assert aba_ok(v), v
                seen["aba"] += 1
            elif et == "IP_ADDRESS":
                assert is_public_ip(v), (rec["id"], v)
    for key in ("card", "iban", "bech32", "jwt", "cpf", "cf", "bsn", "nif", "niss", "ssn", "nino", "aba", "tfn", "nhs", "cns"):
        assert seen[key] >= 3, (key, seen)


# ------------------------------------------------------------ audit
def is_public_ip(v):
    p = [int(x) for x in v.split(".")]
    a, b = p[0], p[1]
    return not (a in (0, 10, 127) or a >= 224 or (a == 100 and 64 <= b < 128) or (a == 169 and b == 254)
                or (a == 172 and 16 <= b < 32) or (a == 192 and b == 168) or (a == 192 and b == 0 and p[2] in (0, 2))
                or (a == 198 and b in (18, 19)) or (a == 198 and b == 51 and p[2] == 100)
                or (a == 203 and b == 0 and p[2] == 113))


def uncovered(rec, looks, s, e):
    for a, b, *_ in rec["spans"]:
        if a <= s and e <= b:
            return False
    for a, b in looks:
        if a <= s and e <= b:
            return False
    return True


def test_audit(built):
    recs, looks = built
    names = sorted(set(gen.ALL_GIVEN) | set(gen.ALL_SURNAME) | set(gen.ALL_TOWNS), key=len, reverse=True)
    name_re = re.compile(r"(?<![\w'])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    email_re = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
    ip_re = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")
    digit_re = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w])")
    iban_re = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b")
    problems = []
    for rec in recs:
        t, lk = rec["text"], looks[rec["id"]]
        for mt in name_re.finditer(t):
            if uncovered(rec, lk, *mt.span()):
                problems.append((rec["id"], "name", mt.group()))
        for mt in email_re.finditer(t):
            dom = mt.group().split("@")[1]
            if re.search(r"(^|\.)example\.[a-z.]+$", dom):
                continue
            if uncovered(rec, lk, *mt.span()):
                problems.append((rec["id"], "email", mt.group()))
        for mt in ip_re.finditer(t):
            if all(int(x) <= 255 for x in mt.groups()) and is_public_ip(mt.group()) and uncovered(rec, lk, *mt.span()):
                problems.append((rec["id"], "ip", mt.group()))
        for mt in digit_re.finditer(t):
            num = re.sub(r"[ -]", "", mt.group())
            if luhn_ok(num) and uncovered(rec, lk, *mt.span()):
                problems.append((rec["id"], "luhn", mt.group()))
        for mt in iban_re.finditer(t):
            if iban_ok(mt.group()) and uncovered(rec, lk, *mt.span()):
                problems.append((rec["id"], "iban", mt.group()))
    assert not problems, problems[:30]


def test_public_places_never_labelled_as_private_town(records):
    for rec in records:
        for s, e, et, _ in rec["spans"]:
            if et == "LOCATION":
                assert rec["text"][s:e] not in gen.PUBLIC_PLACES


# ------------------------------------------------------------ counts
def test_counts(records):
    assert len(records) >= 750
    neg = sum(r["negative"] for r in records)
    assert neg / len(records) >= 0.40
    kinds = collections.Counter(r["kind"] for r in records)
    assert len(kinds) >= 180 and max(kinds.values()) <= 6
    langs = collections.Counter(r["lang"] for r in records)
    share = {k: v / len(records) for k, v in langs.items()}
    assert 0.33 <= share["en"] <= 0.47
    for lg in ("it", "pt", "nl"):
        assert 0.15 <= share[lg] <= 0.25, share
    types = collections.Counter(sp[2] for r in records for sp in r["spans"])
    assert set(types) == set(CATEGORY), set(CATEGORY) - set(types)
