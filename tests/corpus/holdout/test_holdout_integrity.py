"""Integrity checks for the independent held-out corpus (holdout.jsonl).

These tests never touch the engine. They check that the labels are trustworthy:
the file regenerates byte-for-byte, every span is well formed, every labelled
financial / government value passes its real checksum, negatives contain nothing
that a careful human would label, and positives have no *unlabelled* value that
an independent detector can find.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import ipaddress
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "holdout.jsonl"


def _load_builder():
    spec = importlib.util.spec_from_file_location("holdout_build_holdout", HERE / "build_holdout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = _load_builder()
RAW = DATA.read_text(encoding="utf-8")
RECORDS = [json.loads(line) for line in RAW.splitlines()]
POSITIVES = [r for r in RECORDS if not r["negative"]]
NEGATIVES = [r for r in RECORDS if r["negative"]]

_SECRET_TYPES = (
    "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "GITHUB_TOKEN", "GITLAB_TOKEN", "SLACK_TOKEN", "SLACK_WEBHOOK",
    "STRIPE_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GCP_API_KEY", "SENDGRID_KEY", "NPM_TOKEN",
    "JWT", "PRIVATE_KEY", "CONNECTION_STRING", "PASSWORD", "GENERIC_SECRET",
)
CATEGORY = {
    **dict.fromkeys(_SECRET_TYPES, "secret"),
    **dict.fromkeys(("CREDIT_CARD", "IBAN_CODE", "CRYPTO"), "financial"),
    **dict.fromkeys(("US_SSN", "UK_NINO", "DE_TAX_ID", "FR_NIR", "ES_NIF"), "government_id"),
    **dict.fromkeys(("EMAIL_ADDRESS", "PHONE_NUMBER"), "contact"),
    **dict.fromkeys(("IP_ADDRESS", "MAC_ADDRESS"), "network"),
    "PERSON": "person",
    "LOCATION": "location",
}

# Documented sample values that may appear unlabelled (they are what the brief calls lookalikes).
TEST_CARDS = {"4111111111111111", "4242424242424242"}
EXAMPLE_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432"}
EXAMPLE_SSNS = {"123-45-6789", "078-05-1120"}
AWS_EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"
DOC_NETS = [ipaddress.ip_network(n)
            for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
DOC_EMAIL_DOMAIN = re.compile(
    r"(^|\.)(example\.(com|org|net)|[a-z0-9-]+\.example|[a-z0-9-]+\.test|localhost)$")

IBAN_LENGTHS = {"DE": 22, "AT": 20, "FR": 27, "ES": 24, "GB": 22, "IE": 22, "NL": 18, "BE": 16, "CH": 21}


# --------------------------------------------------------------------------------------
# Independent validators (deliberately re-implemented, not imported from the builder)
# --------------------------------------------------------------------------------------


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(value: str) -> bool:
    s = re.sub(r"\s", "", value)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) or IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def base58check_ok(addr: str) -> bool:
    n = 0
    for ch in addr:
        if ch not in B58:
            return False
        n = n * 58 + B58.index(ch)
    pad = len(addr) - len(addr.lstrip("1"))
    raw = b"\0" * pad + (n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b"")
    if len(raw) != 25 or raw[0] not in (0x00, 0x05):
        return False
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


def bech32_ok(addr: str) -> bool:
    addr = addr.lower()
    hrp, _, data = addr.rpartition("1")
    if hrp != "bc" or len(data) < 7 or any(c not in BECH32 for c in data):
        return False
    values = [BECH32.index(c) for c in data]
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    if chk != 1 or values[0] != 0:
        return False
    bits = len(values[1:-6]) * 5 // 8
    return bits in (20, 32)


def btc_ok(addr: str) -> bool:
    return bech32_ok(addr) if addr.lower().startswith("bc1") else base58check_ok(addr)


def ssn_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", value)
    if not m:
        return False
    area, group, serial = m.group(1), m.group(3), m.group(4)
    canonical = f"{area}-{group}-{serial}"
    return (area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"
            and canonical not in EXAMPLE_SSNS)


NINO_RE = re.compile(r"([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])")


def nino_ok(value: str) -> bool:
    m = NINO_RE.fullmatch(value)
    return bool(m) and (m.group(1) + m.group(2)) not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def de_taxid_ok(value: str) -> bool:
    s = value.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", s):
        return False
    counts = Counter(s[:10])
    multi = [d for d, c in counts.items() if c > 1]
    if len(multi) != 1 or counts[multi[0]] not in (2, 3):
        return False
    product = 10
    for ch in s[:10]:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return (0 if check == 10 else check) == int(s[10])


def fr_nir_ok(value: str) -> bool:
    s = value.replace(" ", "")
    if not re.fullmatch(r"[12]\d{14}", s) or not 1 <= int(s[3:5]) <= 12:
        return False
    return 97 - int(s[:13]) % 97 == int(s[13:])


def es_nif_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{8})-?([A-Z])", value)
    if not m or m.group(1) == "12345678":
        return False
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(m.group(1)) % 23] == m.group(2)


def entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


def b64url_json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def ip_is_real(value: str) -> bool:
    """A real (labelable) address: private or public, not loopback/documentation/unspecified/link-local."""
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return False
    if any(ip in net for net in DOC_NETS if net.version == ip.version):
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast or ip.is_reserved)


SECRET_PATTERNS = {
    "AWS_ACCESS_KEY": r"AKIA[A-Z0-9]{16}",
    "AWS_SECRET_KEY": r"[A-Za-z0-9/+]{40}",
    "GITHUB_TOKEN": r"ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "GITLAB_TOKEN": r"glpat-[A-Za-z0-9_-]{20}",
    "SLACK_TOKEN": r"xox[abp]-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24,32}",
    "SLACK_WEBHOOK": r"https://hooks\.slack\.com/services/T[A-Z0-9]{8,11}/B[A-Z0-9]{8,11}/[A-Za-z0-9]{24}",
    "STRIPE_KEY": r"(sk|rk)_live_[A-Za-z0-9]{24,}",
    "OPENAI_API_KEY": r"sk-proj-[A-Za-z0-9_-]{40,}",
    "ANTHROPIC_API_KEY": r"sk-ant-api03-[A-Za-z0-9_-]{80,}",
    "GCP_API_KEY": r"AIza[A-Za-z0-9_-]{35}",
    "SENDGRID_KEY": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "NPM_TOKEN": r"npm_[A-Za-z0-9]{36}",
}

# Scanners used both ways: in negatives every hit must be an allowed lookalike; in positives
# every hit must sit inside a labelled span. Each returns (start, end, value) for suspicious hits.
EMAIL_RE = re.compile(r"(?<![/:\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")
CARD_RE = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \n]?[A-Z0-9]){10,30}\b")
SSN_RE = re.compile(r"(?<![\w-])\d{3}([- ]?)\d{2}\1\d{4}(?![\w-])")
BTC_RE = re.compile(r"(?<![\w])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{20,80})(?!\w)")
MAC_RE = re.compile(r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|"
                    r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![\w:-])")
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
PEM_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
CONN_RE = re.compile(r"[a-z][a-z0-9+]*://([^\s:/@'\"]+):([^\s@'\"]+)@")
DE_TAX_RE = re.compile(r"(?<!\d)(?<!\d )(?:\d{11}|\d{2} \d{3} \d{3} \d{3})(?![\d])")
NIR_RE = re.compile(r"(?<!\d)(?:[12]\d{14}|[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2})(?!\d)")
NIF_RE = re.compile(r"(?<![\w])\d{8}-?[A-Z](?!\w)")


def suspicious_hits(text: str) -> list[tuple[int, int, str, str]]:
    hits: list[tuple[int, int, str, str]] = []

    def add(m: re.Match, what: str, group: int = 0) -> None:
        hits.append((m.start(group), m.end(group), what, m.group(group)))

    for m in EMAIL_RE.finditer(text):
        if not DOC_EMAIL_DOMAIN.search(m.group().split("@", 1)[1].lower()):
            add(m, "email")
    for m in IPV4_RE.finditer(text):
        if ip_is_real(m.group()) and not m.group().startswith("255."):
            add(m, "ipv4")
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_ok(digits) and digits not in TEST_CARDS:
            add(m, "card")
    for m in IBAN_RE.finditer(text):
        compact = re.sub(r"\s", "", m.group())
        n = IBAN_LENGTHS.get(compact[:2])
        if n and len(compact) >= n and iban_ok(compact[:n]) and compact[:n] not in EXAMPLE_IBANS:
            end, seen = m.start(), 0
            while seen < n:
                seen += not text[end].isspace()
                end += 1
            hits.append((m.start(), end, "iban", text[m.start() : end]))
    for m in SSN_RE.finditer(text):
        if m.group(1) and ssn_ok(m.group()):
            add(m, "ssn")
    for m in BTC_RE.finditer(text):
        if btc_ok(m.group()):
            add(m, "btc")
    for m in MAC_RE.finditer(text):
        add(m, "mac")
    for m in JWT_RE.finditer(text):
        add(m, "jwt")
    for m in PEM_RE.finditer(text):
        add(m, "private_key")
    for m in CONN_RE.finditer(text):
        if not re.fullmatch(r"PASSWORD|\$\{\w+\}|<\w+>", m.group(2)):
            add(m, "connection_string")
    for m in DE_TAX_RE.finditer(text):
        if de_taxid_ok(m.group()):
            add(m, "de_tax_id")
    for m in NIR_RE.finditer(text):
        if fr_nir_ok(m.group()):
            add(m, "fr_nir")
    for m in NIF_RE.finditer(text):
        if es_nif_ok(m.group()):
            add(m, "es_nif")
    for m in re.finditer(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", text):
        if nino_ok(m.group()):
            add(m, "uk_nino")
    for etype, pat in SECRET_PATTERNS.items():
        if etype == "AWS_SECRET_KEY":
            continue  # any 40-char base64 run would match; covered by the span validators instead
        for m in re.finditer(rf"(?<![\w-])(?:{pat})", text):
            v = m.group()
            if (v == AWS_EXAMPLE_KEY or re.fullmatch(r"(ghp_|glpat-)[xX]+", v)
                    or re.fullmatch(r".*/T0+/B0+/X+", v)):
                continue
            add(m, etype.lower())
    return hits


NAME_TOKENS = sorted(set(BUILDER.all_name_tokens()), key=len, reverse=True)
PLACE_TOKENS = sorted(set(BUILDER.all_place_names()), key=len, reverse=True)
NAME_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, NAME_TOKENS)) + r")(?!\w)")
PLACE_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, PLACE_TOKENS)) + r")(?!\w)")


def covered(record: dict, start: int, end: int) -> bool:
    return any(s["start"] <= start and end <= s["end"] for s in record["spans"])


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_file_regenerates_byte_identically():
    first = BUILDER.serialize(BUILDER.build())
    second = BUILDER.serialize(BUILDER.build())
    assert first == second, "generator is not deterministic within one process"
    assert first == RAW, "holdout.jsonl is stale: run tests/corpus/holdout/build_holdout.py"


def test_schema():
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    texts = [r["text"] for r in RECORDS]
    assert len(texts) == len(set(texts)), "duplicate texts"
    for r in RECORDS:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"]
        assert re.fullmatch(r"holdout-\d{4}", r["id"])
        assert isinstance(r["kind"], str) and r["kind"]
        assert r["lang"] in {"en", "de", "fr", "es"}
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["negative"] is (not r["spans"])
        for s in r["spans"]:
            assert list(s) == ["start", "end", "entity_type", "category"]
            assert CATEGORY[s["entity_type"]] == s["category"]


def test_spans_are_well_formed():
    for r in RECORDS:
        text = r["text"]
        prev_end = 0
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert isinstance(a, int) and isinstance(b, int)
            assert prev_end <= a < b <= len(text), (r["id"], s)
            prev_end = b
            value = text[a:b]
            assert value == value.strip(), (r["id"], value)
            assert value[0] not in "@<\"'`" and value[-1] not in ">\"'`,", (r["id"], value)
            # spans never cut through a word
            assert a == 0 or not text[a - 1].isalnum(), (r["id"], value, text[a - 1])
            assert b == len(text) or not text[b].isalnum(), (r["id"], value, text[b])


def _values(etype: str) -> list[str]:
    return [r["text"][s["start"] : s["end"]]
            for r in RECORDS for s in r["spans"] if s["entity_type"] == etype]


CARD_SHAPE = re.compile(r"\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}|\d{4}([ -])\d{6}\2\d{5}")


def card_ok(v: str) -> bool:
    digits = re.sub(r"[ -]", "", v)
    return CARD_SHAPE.fullmatch(v) is not None and luhn_ok(digits) and digits not in TEST_CARDS


CHECKSUMMED = {
    "CREDIT_CARD": card_ok,
    "IBAN_CODE": lambda v: iban_ok(v) and re.sub(r"\s", "", v) not in EXAMPLE_IBANS,
    "CRYPTO": btc_ok,
    "US_SSN": ssn_ok,
    "UK_NINO": nino_ok,
    "DE_TAX_ID": de_taxid_ok,
    "FR_NIR": fr_nir_ok,
    "ES_NIF": es_nif_ok,
}


@pytest.mark.parametrize("etype", sorted(CHECKSUMMED))
def test_financial_and_government_values_pass_checksums(etype):
    values = _values(etype)
    assert values, etype
    bad = [v for v in values if not CHECKSUMMED[etype](v)]
    assert not bad, bad


@pytest.mark.parametrize("etype", sorted(SECRET_PATTERNS))
def test_secret_values_have_their_format(etype):
    values = _values(etype)
    assert values, etype
    bad = [v for v in values if not re.fullmatch(SECRET_PATTERNS[etype], v)]
    assert not bad, bad
    if etype == "AWS_ACCESS_KEY":
        assert all("EXAMPLE" not in v for v in values)


def test_structured_secrets():
    for v in _values("JWT"):
        header, payload, sig = v.split(".")
        assert "alg" in b64url_json(header) and isinstance(b64url_json(payload), dict) and len(sig) >= 40
    for v in _values("PRIVATE_KEY"):
        m = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.+)-----END \1-----", v, re.S)
        assert m, v[:60]
        body = re.sub(r"\s|\\n", "", m.group(2))
        assert len(base64.b64decode(body, validate=True)) >= 100
    for v in _values("CONNECTION_STRING"):
        assert CONN_RE.match(v) or ("Server=" in v and "Password=" in v), v
    for v in _values("PASSWORD"):
        assert len(v) >= 8 and not re.search(r"\s", v), v
    for v in _values("GENERIC_SECRET"):
        assert len(v) >= 24 and entropy(v) > 3.3 and not re.search(r"\s", v), v


def test_contact_network_person_location_values():
    for v in _values("EMAIL_ADDRESS"):
        assert EMAIL_RE.fullmatch(v) and not DOC_EMAIL_DOMAIN.search(v.split("@")[1]), v
    for v in _values("PHONE_NUMBER"):
        assert re.fullmatch(r"\+?[\d ()./\-\u00a0]+", v), v
        assert 9 <= len(re.sub(r"\D", "", v)) <= 15, v
        assert not re.fullmatch(r"\d+", v) or v.startswith("0"), v
    for v in _values("IP_ADDRESS"):
        assert ip_is_real(v), v
    for v in _values("MAC_ADDRESS"):
        assert MAC_RE.fullmatch(v), v
        assert v.lower() not in {"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"}
    for v in _values("PERSON"):
        assert re.fullmatch(r"[^\W\d_][\w'-]*(?: [^\W\d_][\w'-]*)*", v) and v[0].isupper(), v
    for v in _values("LOCATION"):
        assert re.fullmatch(r"[^\W\d_][\w'-]*(?: [^\W\d_][\w'-]*)*", v) and v[0].isupper(), v


def test_counts():
    n = len(RECORDS)
    assert n >= 300
    assert len(NEGATIVES) / n >= 0.40
    non_english = Counter(r["lang"] for r in RECORDS if r["lang"] != "en")
    assert sum(non_english.values()) >= 30
    assert all(non_english[lang] >= 10 for lang in ("de", "fr", "es")), non_english
    per_type = Counter(s["entity_type"] for r in RECORDS for s in r["spans"])
    thin = {t: per_type[t] for t in CATEGORY if per_type[t] < 5}
    assert not thin, thin


def test_negatives_are_clean():
    problems = []
    for r in NEGATIVES:
        text = r["text"]
        problems += [(r["id"], what, value) for _a, _b, what, value in suspicious_hits(text)]
        problems += [(r["id"], "name", m.group()) for m in NAME_RE.finditer(text)]
        problems += [(r["id"], "place", m.group()) for m in PLACE_RE.finditer(text)]
        for token in re.findall(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]+", text):
            if token.count(":") >= 2 and ip_is_real(token.strip(":") if "::" not in token else token):
                problems.append((r["id"], "ipv6", token))
    assert not problems, problems[:20]


def test_positives_have_no_unlabelled_detectable_values():
    problems = []
    for r in POSITIVES:
        text = r["text"]
        for a, b, what, value in suspicious_hits(text):
            if not covered(r, a, b):
                problems.append((r["id"], what, value))
        for m in NAME_RE.finditer(text):
            if not covered(r, m.start(), m.end()):
                problems.append((r["id"], "name", m.group()))
        for m in PLACE_RE.finditer(text):
            if not covered(r, m.start(), m.end()):
                problems.append((r["id"], "place", m.group()))
    assert not problems, problems[:20]


def test_labelled_values_are_what_the_spans_claim():
    """Each span's text is found by the matching independent scanner (or is a name/place from the pools)."""
    scanner_for = {"EMAIL_ADDRESS": "email", "CREDIT_CARD": "card", "CRYPTO": "btc", "JWT": "jwt",
                   "DE_TAX_ID": "de_tax_id", "FR_NIR": "fr_nir", "ES_NIF": "es_nif", "UK_NINO": "uk_nino"}
    for r in POSITIVES:
        hits = suspicious_hits(r["text"])
        for s in r["spans"]:
            what = scanner_for.get(s["entity_type"])
            if what:
                assert any(h[2] == what and h[0] == s["start"] and h[1] == s["end"] for h in hits), (
                    r["id"], s, r["text"][s["start"] : s["end"]])
