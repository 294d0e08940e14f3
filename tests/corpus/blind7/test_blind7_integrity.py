"""Integrity checks for the blind7 evaluation set.

Imports nothing from the project: only the set's own generator (for the rebuild check and its
name/place pools). Every checksum validator here is written again on purpose, so a bug in the
generator's checksum code cannot vouch for itself.
"""
from __future__ import annotations

import collections
import hashlib
import importlib.util
import ipaddress
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "blind7.jsonl"

CATEGORY = {
    "API_KEY": "secret", "CONNECTION_STRING": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret",
    "JWT": "secret", "PRIVATE_KEY": "secret", "IBAN_CODE": "financial", "CREDIT_CARD": "financial",
    "BANK_ACCOUNT": "financial", "CRYPTO": "financial", "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact", "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location", "MEDICAL_CONDITION": "health",
    "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health", "CLASSIFICATION_MARKING": "classification",
}
PUBLISHED_TEST_VALUES = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
                         "DE89370400440532013000", "GB82WEST12345698765432", "123-45-6789",
                         "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_blind7", HERE / "build_blind7.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_blind7"] = mod
    spec.loader.exec_module(mod)
    return mod


BUILDER = _load_builder()
RECORDS: list[dict] = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def _spans(rec: dict) -> list[tuple[int, int, str, str]]:
    return [(s["start"], s["end"], s["entity_type"], rec["text"][s["start"]:s["end"]]) for s in rec["spans"]]


ALL_SPANS = [(rec, *sp) for rec in RECORDS for sp in _spans(rec)]


# ---------------------------------------------------------------- validators (independent)
def luhn(d: str) -> bool:
    s = 0
    for i, c in enumerate(d[::-1]):
        n = int(c) * (2 if i % 2 else 1)
        s += n - 9 if n > 9 else n
    return s % 10 == 0


def iban_valid(v: str) -> bool:
    v = v.replace(" ", "")
    lengths = {"ES": 24, "IT": 27, "PT": 25, "GB": 22, "IE": 22, "DE": 22, "FR": 27, "NL": 18, "BE": 16}
    if lengths.get(v[:2]) != len(v):
        return False
    r = v[4:] + v[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def it_iban_cin_valid(v: str) -> bool:
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    body = v.replace(" ", "")[5:]
    tot = 0
    for i, c in enumerate(body):
        n = int(c) if c.isdigit() else ord(c) - 65
        tot += odd[n] if i % 2 == 0 else n
    return chr(65 + tot % 26) == v.replace(" ", "")[4]


def pt_iban_nib_valid(v: str) -> bool:
    b = v.replace(" ", "")[4:]
    return int(b[:19] + "00") % 97 == 98 - int(b[19:]) or (98 - int(b[:19] + "00") % 97) == int(b[19:])


def ccc_valid(v: str) -> bool:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def dc(ds: str) -> int:
        r = 11 - sum(int(a) * b for a, b in zip(ds, w)) % 11
        return {10: 1, 11: 0}.get(r, r)
    d = re.sub(r"\D", "", v)
    return len(d) == 20 and dc("00" + d[:8]) == int(d[8]) and dc(d[10:]) == int(d[9])


def dni_valid(v: str) -> bool:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(v[:8]) % 23] == v[8]


def nie_valid(v: str) -> bool:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]


def cf_valid(v: str) -> bool:
    odd = dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]))
    odd.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                                                  12, 14, 16, 10, 22, 25, 24, 23]))
    tot = sum(odd[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65) for i, c in enumerate(v[:15]))
    return chr(65 + tot % 26) == v[15]


def naf_valid(v: str) -> bool:
    d = re.sub(r"\D", "", v)
    return len(d) == 12 and int(d[:10]) % 97 == int(d[10:])


def pt_nif_valid(v: str) -> bool:
    s = sum(int(c) * (9 - i) for i, c in enumerate(v[:8]))
    c = 11 - s % 11
    return (0 if c >= 10 else c) == int(v[8])


def niss_valid(v: str) -> bool:
    w = [29, 23, 19, 17, 13, 11, 7, 5, 3, 2]
    return 9 - sum(int(a) * b for a, b in zip(v, w)) % 10 == int(v[10])


def cpf_valid(v: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", v)]
    for n in (9, 10):
        s = sum(a * b for a, b in zip(d[:n], range(n + 1, 1, -1))) * 10 % 11
        if s % 10 != d[n]:
            return False
    return len(set(d)) > 1


def ppsn_valid(v: str) -> bool:
    return "WABCDEFGHIJKLMNOPQRSTUV"[sum(int(c) * (8 - i) for i, c in enumerate(v[:7])) % 23] == v[7]


def nhs_valid(v: str) -> bool:
    d = re.sub(r"\D", "", v)
    c = 11 - sum(int(a) * (10 - i) for i, a in enumerate(d[:9])) % 11
    return len(d) == 10 and c != 10 and (0 if c == 11 else c) == int(d[9])


def aba_valid(v: str) -> bool:
    return len(v) == 9 and sum(int(a) * b for a, b in zip(v, [3, 7, 1] * 3)) % 10 == 0


def ssn_plausible(v: str) -> bool:
    a, g, s = v.split("-")
    return a not in ("000", "666") and not a.startswith("9") and g != "00" and s != "0000"


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def btc_valid(v: str) -> bool:
    if v.startswith("bc1"):
        charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
        gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
        vals = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"] + [charset.index(c) for c in v[3:]]
        chk = 1
        for x in vals:
            b = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ x
            for i in range(5):
                if (b >> i) & 1:
                    chk ^= gen[i]
        return chk == 1
    n = 0
    for c in v:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:] and raw[0] in (0, 5)


def eth_valid(v: str) -> bool:
    addr = v[2:]
    h = BUILDER.keccak256(addr.lower().encode()).hex()
    return all((c.isupper() if int(h[i], 16) >= 8 else c.islower()) for i, c in enumerate(addr) if c.isalpha())


def test_keccak_known_vector() -> None:
    # Pin the generator's keccak to a published vector so eth_valid is not self-confirming.
    assert BUILDER.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert eth_valid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert not eth_valid("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed")


# ---------------------------------------------------------------- rebuild and schema
def test_rebuild_is_byte_identical() -> None:
    assert BUILDER.render(BUILDER.build_records()) == DATA.read_text(encoding="utf-8")


def test_check_mode_is_hashseed_independent() -> None:
    env = dict(os.environ, PYTHONHASHSEED="4242")
    res = subprocess.run([sys.executable, str(HERE / "build_blind7.py"), "--check"], check=False, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_schema() -> None:
    for r in RECORDS:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"], r["id"]
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["lang"] in {"en", "es", "it", "pt"}
        assert isinstance(r["negative"], bool)
        assert r["negative"] == (not r["spans"]), r["id"]
        for s in r["spans"]:
            assert list(s) == ["start", "end", "entity_type", "category"]
            assert CATEGORY[s["entity_type"]] == s["category"]
            assert 0 <= s["start"] < s["end"] <= len(r["text"])
        assert not re.search(r"[\x01\x02\x03]", r["text"]), r["id"]


def test_unique_ids_and_texts() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)


def test_span_hygiene() -> None:
    for r in RECORDS:
        t = r["text"]
        prev = -1
        for s, e, et, v in _spans(r):
            assert s >= prev, (r["id"], "unsorted or overlapping")
            prev = e
            assert v == v.strip(), (r["id"], v)
            assert not (s > 0 and t[s - 1].isalnum() and v[0].isalnum()), (r["id"], v)
            assert not (e < len(t) and t[e].isalnum() and v[-1].isalnum()), (r["id"], v)


# ---------------------------------------------------------------- checksums of labelled values
def test_credit_cards() -> None:
    cards = [v for _, _, _, et, v in ALL_SPANS if et == "CREDIT_CARD"]
    assert cards
    for v in cards:
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d), v
        assert re.match(r"^(4|5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720)|3[47]|6011)", d), v
        assert d not in PUBLISHED_TEST_VALUES


def test_ibans() -> None:
    for _, _, _, et, v in ALL_SPANS:
        if et == "IBAN_CODE":
            assert iban_valid(v), v
            assert v.replace(" ", "") not in PUBLISHED_TEST_VALUES
            if v.startswith("IT"):
                assert it_iban_cin_valid(v), v
            if v.startswith("ES"):
                assert ccc_valid(v.replace(" ", "")[4:]), v
            if v.startswith("PT"):
                assert v.replace(" ", "")[2:4] == "50", v


def test_crypto() -> None:
    vals = [v for _, _, _, et, v in ALL_SPANS if et == "CRYPTO"]
    assert vals
    for v in vals:
        assert eth_valid(v) if v.startswith("0x") else btc_valid(v), v


def test_national_ids() -> None:
    checked = collections.Counter()
    for rec, _, _, et, v in ALL_SPANS:
        if et != "NATIONAL_ID":
            continue
        if re.fullmatch(r"\d{8}[A-Z]", v):
            assert dni_valid(v), v
            checked["dni"] += 1
        elif re.fullmatch(r"[XYZ]\d{7}[A-Z]", v):
            assert nie_valid(v), v
            checked["nie"] += 1
        elif re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", v):
            assert cf_valid(v), v
            checked["cf"] += 1
        elif re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v):
            assert cpf_valid(v), v
            checked["cpf"] += 1
        elif re.fullmatch(r"\d{2}[/ ]?\d{8}[/ ]?\d{2}", v) and rec["lang"] == "es":
            assert naf_valid(v), v
            checked["naf"] += 1
        elif re.fullmatch(r"\d{9}", v) and rec["lang"] == "pt":
            assert pt_nif_valid(v), v
            checked["nif_pt"] += 1
        elif re.fullmatch(r"1\d{10}", v) and rec["lang"] == "pt":
            assert niss_valid(v), v
            checked["niss"] += 1
        elif re.fullmatch(r"\d{7}[A-W]", v):
            assert ppsn_valid(v), v
            checked["ppsn"] += 1
        elif re.fullmatch(r"\d{3}-\d{2}-\d{4}", v):
            assert ssn_plausible(v) and v not in PUBLISHED_TEST_VALUES, v
            checked["ssn"] += 1
        else:
            # formats without a public checksum: NINO, passports, Italian CIE
            assert re.fullmatch(r"[A-Z]{2}(?: ?\d{2}){3} ?[A-D]|[A-Z]{2,3}\d{6,7}|[CP]\d{6}|[56]\d{8}|C[A-Z]\d{5}[A-Z]{2}", v), v
            checked["other"] += 1
    for k in ("dni", "nie", "cf", "cpf", "naf", "nif_pt", "niss", "ppsn", "ssn"):
        assert checked[k] > 0, k


def test_bank_accounts_and_mrns() -> None:
    for rec, s, _, et, v in ALL_SPANS:
        before = rec["text"][max(0, s - 20):s].lower()
        if et == "BANK_ACCOUNT" and "routing" in before:
            assert aba_valid(v), v
        if et == "BANK_ACCOUNT" and len(re.sub(r"\D", "", v)) == 20:
            assert ccc_valid(v), v
        if et == "MEDICAL_RECORD_NUMBER" and "nhs" in before:
            assert nhs_valid(v), v


def test_never_labelled_values() -> None:
    for rec, _, _, et, v in ALL_SPANS:
        assert v not in PUBLISHED_TEST_VALUES, v
        if et == "EMAIL_ADDRESS":
            assert not v.lower().endswith(("@example.com", "@example.org", "@example.net")), v
        if et == "IP_ADDRESS":
            ip = ipaddress.ip_address(v)
            assert ip.is_global and not ip.is_multicast, v
        assert not re.search(r"<[A-Z_]+>|\$\{|\{\{|YOUR_|changeme|\*\*\*\*", v), v


def test_private_key_spans_are_whole_blocks() -> None:
    for _, _, _, et, v in ALL_SPANS:
        if et == "PRIVATE_KEY":
            assert re.fullmatch(r"-----BEGIN [A-Z ]+-----\n[\s\S]+\n-----END [A-Z ]+-----", v), v[:40]


# ---------------------------------------------------------------- completeness audit (independent)
EMAIL = re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w.-])")
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
DIGITS = re.compile(r"(?<![\w])\d(?:[ -]?\d){12,18}(?![\w])")
IBANISH = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b")


def _inside(rec: dict, s: int, e: int) -> bool:
    return any(sp["start"] <= s and e <= sp["end"] for sp in rec["spans"])


def _mask_exempt(text: str) -> str:
    for ph in BUILDER.NON_PERSON_PHRASES:
        text = re.sub(rf"(?<!\w){re.escape(ph)}(?!\w)", lambda m: "#" * len(m.group()), text)
    return text


def test_audit_no_unlabelled_sensitive_values() -> None:
    problems = []
    for r in RECORDS:
        t = r["text"]
        for m in EMAIL.finditer(t):
            if not re.search(r"@example\.(com|org|net)$", m.group()) and not _inside(r, m.start(), m.end()):
                problems.append((r["id"], m.group()))
        for m in IPV4.finditer(t):
            try:
                ip = ipaddress.ip_address(m.group())
            except ValueError:
                continue
            if ip.is_global and not ip.is_multicast and not _inside(r, m.start(), m.end()):
                problems.append((r["id"], m.group()))
        for m in DIGITS.finditer(t):
            d = re.sub(r"\D", "", m.group())
            if luhn(d) and d not in PUBLISHED_TEST_VALUES and not _inside(r, m.start(), m.end()):
                problems.append((r["id"], m.group()))
        for m in IBANISH.finditer(t):
            v = m.group().replace(" ", "")
            if v not in PUBLISHED_TEST_VALUES and iban_valid(v) and not _inside(r, m.start(), m.end()):
                problems.append((r["id"], m.group()))
    assert not problems, problems[:10]


def test_audit_no_unlabelled_pool_names_or_towns() -> None:
    tokens = set()
    for n in BUILDER.GIVEN + BUILDER.SURNAMES:
        tokens.update(t for t in re.findall(r"[^\W\d_]+", n) if len(t) >= 3)
    problems = []
    for r in RECORDS:
        t = r["text"]
        masked = _mask_exempt(t)
        for m in re.finditer(r"[^\W\d_]+", masked):
            w = m.group()
            if w[0].isupper() and (w in tokens or w.capitalize() in tokens) and not _inside(r, m.start(), m.end()):
                problems.append((r["id"], w))
        for town in BUILDER.ALL_PRIVATE_TOWNS:
            for m in re.finditer(rf"(?<!\w){re.escape(town)}(?!\w)", t, flags=re.IGNORECASE):
                if not _inside(r, m.start(), m.end()):
                    problems.append((r["id"], town))
    assert not problems, problems[:10]


def test_exempt_phrases_never_cover_a_label() -> None:
    # The masking must not hide a labelled private name: no exempt phrase overlaps a PERSON span.
    for r in RECORDS:
        for ph in BUILDER.NON_PERSON_PHRASES:
            for m in re.finditer(rf"(?<!\w){re.escape(ph)}(?!\w)", r["text"]):
                assert not any(sp["start"] < m.end() and m.start() < sp["end"] and sp["entity_type"] == "PERSON"
                               for sp in r["spans"]), (r["id"], ph)


def test_pools_are_large_diverse_and_disjoint() -> None:
    assert len(set(BUILDER.GIVEN)) >= 250
    assert len(set(BUILDER.SURNAMES)) >= 250
    assert len(set(BUILDER.ALL_PRIVATE_TOWNS) | set(BUILDER.PUBLIC_PLACES)) >= 120
    assert not set(BUILDER.ALL_PRIVATE_TOWNS) & set(BUILDER.PUBLIC_PLACES)
    assert {"Rose", "Frank", "Hope", "Grace", "Young", "Fisher", "Bauer", "Costa"} <= set(BUILDER.GIVEN + BUILDER.SURNAMES)
    place_tokens = {w for p in BUILDER.PUBLIC_PLACES for w in re.findall(r"[^\W\d_]+", p)}
    name_tokens = {w for n in BUILDER.GIVEN + BUILDER.SURNAMES for w in re.findall(r"[^\W\d_]+", n) if len(w) >= 3}
    assert not place_tokens & name_tokens, place_tokens & name_tokens


# ---------------------------------------------------------------- counts
def test_counts_and_mix() -> None:
    n = len(RECORDS)
    assert n >= 650
    assert sum(r["negative"] for r in RECORDS) / n >= 0.38
    kinds = collections.Counter(r["kind"] for r in RECORDS)
    assert len(kinds) >= 120
    assert max(kinds.values()) <= 0.03 * n
    langs = collections.Counter(r["lang"] for r in RECORDS)
    assert 0.45 <= langs["en"] / n <= 0.55
    assert 0.18 <= langs["es"] / n <= 0.26
    assert 0.18 <= langs["it"] / n <= 0.26
    assert 0.02 <= langs["pt"] / n <= 0.08
    for lang in langs:
        neg = sum(r["negative"] for r in RECORDS if r["lang"] == lang)
        assert neg and neg < langs[lang]
    seen_types = {et for _, _, _, et, _ in ALL_SPANS}
    assert seen_types == set(CATEGORY), set(CATEGORY) - seen_types


@pytest.mark.parametrize("etype", sorted(CATEGORY))
def test_every_entity_type_has_enough_examples(etype: str) -> None:
    assert sum(1 for _, _, _, et, _ in ALL_SPANS if et == etype) >= 6


def test_readme_counts_are_current() -> None:
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    n = len(RECORDS)
    neg = sum(r["negative"] for r in RECORDS)
    assert f"Total: **{n} texts**, {neg} negatives" in readme
    spans = collections.Counter((s["category"], s["entity_type"]) for r in RECORDS for s in r["spans"])
    for (cat, et), v in spans.items():
        assert f"| {cat} | {et} | {v} |" in readme, (cat, et, v)
