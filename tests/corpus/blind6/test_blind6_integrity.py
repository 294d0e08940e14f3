"""Integrity checks for the blind6 evaluation set.

Nothing from the detector package is imported. The generator next to this file is used only to
rebuild the set and to get its pools and the ranges of deliberately unlabelled look-alikes; every
checksum and audit below is re-implemented here so a bug in the generator cannot hide itself.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import importlib.util
import ipaddress
import json
import re
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "blind6.jsonl"

CATEGORY = {
    "API_KEY": "secret", "CONNECTION_STRING": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "JWT": "secret", "PRIVATE_KEY": "secret",
    "IBAN_CODE": "financial", "CREDIT_CARD": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}
TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"}
TEST_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432"}


def _load_builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_blind6", HERE / "build_blind6.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_blind6", mod)
    spec.loader.exec_module(mod)
    return mod


BUILDER = _load_builder()
RECORDS: list[dict] = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
EXEMPT: dict[str, list[tuple[int, int]]] = {rec["id"]: ex for rec, ex in BUILDER.build_with_exemptions()}


def values(etype: str) -> list[tuple[dict, dict, str]]:
    return [(r, s, r["text"][s["start"]:s["end"]]) for r in RECORDS for s in r["spans"] if s["entity_type"] == etype]


def before(rec: dict, span: dict, n: int = 40) -> str:
    return rec["text"][max(0, span["start"] - n):span["start"]]


# ---------------------------------------------------------------------------------------------
# independent checksum implementations
def luhn(d: str) -> bool:
    s = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch) * (2 if i % 2 else 1)
        s += v - 9 if v > 9 else v
    return s % 10 == 0


def iban_valid(v: str) -> bool:
    v = v.replace(" ", "")
    lengths = {"DE": 22, "AT": 20, "NL": 18, "FR": 27, "BE": 16, "GB": 22, "ES": 24, "IT": 27, "CH": 21, "LU": 20, "IE": 22}
    if lengths.get(v[:2]) != len(v):
        return False
    return int("".join(str(int(c, 36)) for c in v[4:] + v[:4])) % 97 == 1


def b58check(addr: str) -> bool:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n = 0
    for c in addr:
        n = n * 58 + alphabet.index(c)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def bech32_valid(addr: str) -> bool:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    hrp, data = addr[:2], [charset.index(c) for c in addr[3:]]
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    return chk == 1


def keccak256(data: bytes) -> bytes:
    rc = [0x1, 0x8082, 0x800000000000808A, 0x8000000080008000, 0x808B, 0x80000001, 0x8000000080008081,
          0x8000000000008009, 0x8A, 0x88, 0x80008009, 0x8000000A, 0x8000808B, 0x800000000000008B,
          0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x800A,
          0x800000008000000A, 0x8000000080008081, 0x8000000000008080, 0x80000001, 0x8000000080008008]
    rot = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
    mask = (1 << 64) - 1
    msg = bytearray(data) + b"\x01"
    while len(msg) % 136:
        msg.append(0)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), 136):
        for i in range(17):
            a[i % 5][i // 5] ^= int.from_bytes(msg[off + 8 * i:off + 8 * i + 8], "little")
        for r in rc:
            c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
            d = [c[(x - 1) % 5] ^ (((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63)) & mask) for x in range(5)]
            a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
            b = [[0] * 5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    n = rot[x][y]
                    b[y][(2 * x + 3 * y) % 5] = ((a[x][y] << n) | (a[x][y] >> (64 - n))) & mask if n else a[x][y]
            a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
            a[0][0] ^= r
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


def eip55_valid(addr: str) -> bool:
    body = addr[2:]
    h = keccak256(body.lower().encode()).hex()
    return all((c.upper() if int(h[i], 16) >= 8 else c.lower()) == c for i, c in enumerate(body) if c.isalpha())


def aba_valid(s: str) -> bool:
    return len(s) == 9 and sum(int(c) * w for c, w in zip(s, [3, 7, 1] * 3)) % 10 == 0


def bsn_valid(s: str) -> bool:
    return len(s) == 9 and (sum(int(s[i]) * (9 - i) for i in range(8)) - int(s[8])) % 11 == 0


def tfn_valid(s: str) -> bool:
    return len(s) == 9 and sum(int(c) * w for c, w in zip(s, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0


def steuer_id_valid(s: str) -> bool:
    if len(s) != 11 or s[0] == "0":
        return False
    counts = collections.Counter(s[:10])
    if sorted(counts.values())[-1] not in (2, 3) or sum(1 for v in counts.values() if v > 1) != 1:
        return False
    p = 10
    for ch in s[:10]:
        t = (int(ch) + p) % 10 or 10
        p = 2 * t % 11
    return (11 - p) % 10 == int(s[10])


def sv_nr_valid(s: str) -> bool:
    if not re.fullmatch(r"\d{8}[A-Z]\d{3}", s):
        return False
    digits = s[:8] + f"{ord(s[8]) - 64:02d}" + s[9:11]
    total = sum(sum(map(int, str(int(d) * w))) for d, w in zip(digits, [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]))
    return total % 10 == int(s[11])


def nir_valid(s: str) -> bool:
    return len(s) == 15 and s[0] in "12" and 97 - int(s[:13]) % 97 == int(s[13:])


def dni_valid(s: str) -> bool:
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    num = s[:-1]
    if num[0] in "XYZ":
        num = str("XYZ".index(num[0])) + num[1:]
    return letters[int(num) % 23] == s[-1]


def cf_valid(s: str) -> bool:
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    total = 0
    for i, ch in enumerate(s[:15]):
        idx = int(ch) if ch.isdigit() else ord(ch) - 65
        total += odd[idx] if i % 2 == 0 else idx
    return chr(65 + total % 26) == s[15]


def icao_valid(s: str) -> bool:
    val = {**{str(i): i for i in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}}
    return sum(val[c] * [7, 3, 1][i % 3] for i, c in enumerate(s[:-1])) % 10 == int(s[-1])


def github_crc_valid(tok: str) -> bool:
    body, check = tok[4:-6], tok[-6:]
    n = zlib.crc32(body.encode())
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
    return out.rjust(6, "0") == check


def rib_valid(bank: str, branch: str, account: str, key: str) -> bool:
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97 == int(key)


# ---------------------------------------------------------------------------------------------
def test_rebuild_is_byte_identical() -> None:
    for seed in ("0", "4242"):
        res = subprocess.run([sys.executable, str(HERE / "build_blind6.py"), "--check"], capture_output=True,
                             env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, timeout=60)
        assert res.returncode == 0, res.stderr.decode()


def test_schema() -> None:
    for r in RECORDS:
        assert list(r) == ["id", "kind", "lang", "negative", "text", "spans"], r["id"]
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["lang"] in {"en", "de", "fr", "nl"}
        assert r["negative"] is (not r["spans"])
        for s in r["spans"]:
            assert list(s) == ["start", "end", "entity_type", "category"]
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_unique_ids_and_texts() -> None:
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)


def test_category_mapping() -> None:
    for r in RECORDS:
        for s in r["spans"]:
            assert CATEGORY[s["entity_type"]] == s["category"], (r["id"], s)


def test_span_hygiene() -> None:
    for r in RECORDS:
        t, prev = r["text"], -1
        for s in r["spans"]:
            v = t[s["start"]:s["end"]]
            assert s["start"] >= prev, (r["id"], "overlap or unsorted")
            assert v == v.strip(), (r["id"], v)
            assert s["start"] == 0 or not (t[s["start"] - 1].isalnum() or t[s["start"] - 1] == "_"), (r["id"], v)
            assert s["end"] == len(t) or not (t[s["end"]].isalnum() or t[s["end"]] == "_"), (r["id"], v)
            prev = s["end"]


def test_counts_and_mix() -> None:
    n = len(RECORDS)
    assert n >= 650
    assert sum(r["negative"] for r in RECORDS) / n >= 0.38
    kinds = collections.Counter(r["kind"] for r in RECORDS)
    assert len(kinds) >= 120
    assert max(kinds.values()) <= 0.03 * n
    langs = collections.Counter(r["lang"] for r in RECORDS)
    assert 0.45 <= langs["en"] / n <= 0.55
    assert 0.20 <= langs["de"] / n <= 0.30
    assert 0.16 <= langs["fr"] / n <= 0.24
    assert 0.02 <= langs["nl"] / n <= 0.08
    for lang in ("en", "de", "fr", "nl"):
        assert any(r["negative"] for r in RECORDS if r["lang"] == lang)


def test_pool_sizes() -> None:
    assert len(set(BUILDER.GIVEN)) >= 250
    assert len(set(BUILDER.SURNAMES)) >= 250
    assert len({c[0] for c in BUILDER.ADDRESS_CITIES}) >= 120
    assert not {c[0] for c in BUILDER.ADDRESS_CITIES} & set(BUILDER.PUBLIC_PLACES)
    for w in ("Rose", "Frank", "Hope", "Grace", "Young", "Fisher", "Bauer", "Costa"):
        assert w in BUILDER.GIVEN or w in BUILDER.SURNAMES


def test_every_entity_type_present() -> None:
    present = {s["entity_type"] for r in RECORDS for s in r["spans"]}
    assert present == set(CATEGORY)


# ---------------------------------------------------------------------------------------------
# checksums of labelled values
def test_credit_cards_luhn_and_brand() -> None:
    for r, _, v in values("CREDIT_CARD"):
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and 13 <= len(d) <= 19 and luhn(d), (r["id"], v)
        assert re.match(r"4|5[1-5]|2[2-7]|3[47]|6011|35", d), (r["id"], v)
        assert d not in TEST_CARDS


def test_ibans_mod97() -> None:
    for r, _, v in values("IBAN_CODE"):
        assert iban_valid(v) and v.replace(" ", "") not in TEST_IBANS, (r["id"], v)


def test_crypto_checksums() -> None:
    for r, _, v in values("CRYPTO"):
        if v.startswith("0x"):
            assert len(v) == 42 and eip55_valid(v), (r["id"], v)
        elif v.startswith("bc1"):
            assert bech32_valid(v), (r["id"], v)
        else:
            assert v[0] in "13" and b58check(v), (r["id"], v)


def test_bank_accounts() -> None:
    for r, s, v in values("BANK_ACCOUNT"):
        ctx = before(r, s, 12).lower()
        assert re.fullmatch(r"\d{2,12}|\d{2}-\d{2}-\d{2}|\d{3}-\d{3}", v), (r["id"], v)
        if "routing" in ctx:
            assert aba_valid(v), (r["id"], v)
    for r in RECORDS:
        if "guichet" in r["text"]:
            parts = [r["text"][s["start"]:s["end"]] for s in r["spans"] if s["entity_type"] == "BANK_ACCOUNT"]
            assert len(parts) == 4 and rib_valid(*parts), r["id"]


NID_FORMATS = [
    ("ssn", r"\d{3}-\d{2}-\d{4}", None),
    ("nino", r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?: ?\d{2}){3} ?[A-D]", None),
    ("sv_nr", r"\d{2} ?\d{6} ?[A-Z] ?\d{2} ?\d", sv_nr_valid),
    ("nir", r"[12](?: ?\d{2}){3} ?\d{3} ?\d{3} ?\d{2}", nir_valid),
    ("steuer_id", r"\d{2} ?\d{3} ?\d{3} ?\d{3}", steuer_id_valid),
    ("dni", r"[XYZ]?\d{7,8}[A-Z]", dni_valid),
    ("codice_fiscale", r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", cf_valid),
    ("ausweis", r"[LMNPRTVWXY][CFGHJKLMNPRTVWXYZ0-9]{8}\d", icao_valid),
]


def test_national_ids_formats_and_checksums() -> None:
    for r, s, v in values("NATIONAL_ID"):
        ctx = before(r, s).rsplit("\n", 1)[-1].lower()  # same line only
        compact = v.replace(" ", "").replace("-", "").replace(".", "")
        if re.search(r"\bsin\b", ctx):
            assert luhn(compact) and len(compact) == 9, (r["id"], v)
            continue
        if re.search(r"\btfn\b", ctx):
            assert tfn_valid(compact), (r["id"], v)
            continue
        if re.search(r"\bbsn\b", ctx):
            assert bsn_valid(compact), (r["id"], v)
            continue
        if re.search(r"passport|passeport|reisepass", ctx):  # passport numbers carry no checksum of their own
            assert re.fullmatch(r"[A-Z0-9]{8,9}", v), (r["id"], v)
            continue
        for name, pattern, check in NID_FORMATS:
            if re.fullmatch(pattern, v) and (name != "steuer_id" or "steuer" in ctx or re.search(r"[il]dnr", ctx)):
                if name == "ssn":
                    assert v != "123-45-6789" and not v.startswith(("000", "666", "9")) and "-00-" not in v and not v.endswith("0000")
                if check:
                    assert check(compact), (r["id"], name, v)
                break
        else:
            pytest.fail(f"{r['id']}: unrecognised national id {v!r} after {ctx!r}")


def test_secrets_shapes() -> None:
    for r, _, v in values("API_KEY"):
        if v.startswith(("ghp_", "gho_", "ghs_")):
            assert github_crc_valid(v), (r["id"], v)
        assert "EXAMPLE" not in v and " " not in v
    for r, _, v in values("JWT"):
        head, body, sig = v.split(".")
        hdr = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        assert hdr["typ"] == "JWT" and hdr["alg"], r["id"]
        json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        assert sig
    for r, _, v in values("PRIVATE_KEY"):
        assert re.fullmatch(r"-----BEGIN ([A-Z ]+)-----\n[\s\S]+\n-----END \1-----", v), r["id"]
    for r, _, v in values("CONNECTION_STRING"):
        assert re.search(r"://[^/\s]*:[^@\s]+@|Password=|password=|AccountKey=", v), (r["id"], v)
    for r, _, v in values("PASSWORD") + values("GENERIC_SECRET"):
        assert v.lower() not in {"changeme", "password", "your_password_here"} and "{" not in v, (r["id"], v)


def test_network_values() -> None:
    for r, _, v in values("IP_ADDRESS"):
        ip = ipaddress.ip_address(v)
        assert ip.is_global and not ip.is_private, (r["id"], v)
        if ip.version == 4:
            assert not any(ip in ipaddress.ip_network(n) for n in ("100.64.0.0/10", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))
        else:
            assert ip not in ipaddress.ip_network("2001:db8::/32")
    for r, _, v in values("MAC_ADDRESS"):
        assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v), (r["id"], v)


def test_contacts() -> None:
    for r, _, v in values("EMAIL_ADDRESS"):
        assert re.fullmatch(r"[\w.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", v) and not v.endswith(("example.com", "example.org", "example.net")), (r["id"], v)
    for r, _, v in values("PHONE_NUMBER"):
        assert 9 <= len(re.sub(r"\D", "", v)) <= 15 and re.fullmatch(r"[+(]?[\d][\d ()./-]+\d", v), (r["id"], v)


MONTH_WORDS = "january february march april may june july august september october november december jan feb mar apr jun jul aug sep oct nov dec januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août septembre octobre novembre décembre januari februari maart mei augustus".split()


def test_dates_of_birth_are_dates() -> None:
    """Numeric birth dates are day-first or ISO (never US month-first) and must be real dates."""
    for r, _, v in values("DATE_OF_BIRTH"):
        nums = [int(x) for x in re.findall(r"\d+", v)]
        years = [n for n in nums if n > 1900]
        assert len(years) == 1 and 1900 < years[0] <= 2025, (r["id"], v)
        if len(nums) == 3:
            y, mo, d = nums if nums[0] > 1900 else (nums[2], nums[1], nums[0])
            date(y, mo, d)
        else:
            assert any(w in v.lower() for w in MONTH_WORDS), (r["id"], v)


# ---------------------------------------------------------------------------------------------
# completeness audits: look only outside labelled spans
def _outside(rec: dict, start: int, end: int, also: list[tuple[int, int]] = ()) -> bool:  # type: ignore[assignment]
    ranges = [(s["start"], s["end"]) for s in rec["spans"]] + list(also)
    return not any(a <= start and end <= b for a, b in ranges)


def test_no_unlabelled_emails() -> None:
    for r in RECORDS:
        for mt in re.finditer(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", r["text"]):
            if not mt.group(0).lower().endswith(("example.com", "example.org", "example.net")):
                assert not _outside(r, mt.start(), mt.end()), (r["id"], mt.group(0))


def test_no_unlabelled_public_ipv4() -> None:
    for r in RECORDS:
        for mt in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", r["text"]):
            try:
                ip = ipaddress.IPv4Address(mt.group(0))
            except ValueError:
                continue
            if ip.is_global:
                assert not _outside(r, mt.start(), mt.end()), (r["id"], mt.group(0))


def test_no_unlabelled_luhn_runs() -> None:
    for r in RECORDS:
        for mt in re.finditer(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)", r["text"]):
            d = re.sub(r"\D", "", mt.group(0))
            if luhn(d) and d not in TEST_CARDS:
                assert not _outside(r, mt.start(), mt.end()), (r["id"], mt.group(0))


def test_no_unlabelled_ibans() -> None:
    for r in RECORDS:
        for mt in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", r["text"]):
            v = mt.group(0).replace(" ", "")
            if iban_valid(v) and v not in TEST_IBANS:
                assert not _outside(r, mt.start(), mt.end()), (r["id"], mt.group(0))


def test_no_unlabelled_pool_names_or_private_places() -> None:
    """Every pool name (incl. word-names such as Hope or Costa) appearing as a whole capitalised
    token outside a span must sit inside an explicitly registered look-alike range."""
    tokens = sorted({t for n in BUILDER.GIVEN + BUILDER.SURNAMES for t in n.split() if t[0].isupper()}, key=len, reverse=True)
    name_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, tokens)) + r")(?![\w-])")
    cities = sorted({c[0] for c in BUILDER.ADDRESS_CITIES}, key=len, reverse=True)
    city_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, cities)) + r")(?![\w-])")
    for r in RECORDS:
        ex = EXEMPT[r["id"]]
        for rx in (name_re, city_re):
            for mt in rx.finditer(r["text"]):
                assert not _outside(r, mt.start(), mt.end(), ex), (r["id"], mt.group(0))


def test_negatives_use_lookalikes() -> None:
    """Negatives must be tempting: at least a third carry an explicitly registered look-alike or
    a public place, placeholder, test value, masked value or private IP."""
    cues = re.compile(r"example\.|<[A-Z_]+>|\{\{|\*\*\*\*|4242|4111|EXAMPLE|10\.\d|192\.|169\.254|[A-Z][a-z]+ (?:Hbf|Street)|"
                      + "|".join(BUILDER.PUBLIC_PLACES))
    neg = [r for r in RECORDS if r["negative"]]
    tempting = [r for r in neg if EXEMPT[r["id"]] or cues.search(r["text"])]
    assert len(tempting) >= len(neg) / 3


def test_readme_counts_are_current() -> None:
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    assert BUILDER.count_tables(RECORDS) in readme
