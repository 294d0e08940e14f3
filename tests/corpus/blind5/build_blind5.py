#!/usr/bin/env python3
"""Build the blind5 DLP evaluation corpus (stdlib only, deterministic).

    python build_blind5.py           # (re)write blind5.jsonl
    python build_blind5.py --check   # exit 1 if blind5.jsonl differs from a fresh build

Layout of this file: span markup and value generators (checksummed ids, tokens, addresses,
name/place pools), then English positive templates, French/Spanish/German/Dutch positive
templates, negative templates, and finally the build/audit driver.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import re
import string
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


# ======================================================================
# core: markup, checksums, pools
# ======================================================================
CATEGORY: dict[str, str] = {
    "PASSWORD": "secret", "API_KEY": "secret", "PRIVATE_KEY": "secret",
    "CONNECTION_STRING": "secret", "JWT": "secret", "GENERIC_SECRET": "secret",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "CRYPTO": "financial",
    "BANK_ACCOUNT": "financial",
    "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person",
    "LOCATION": "location",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}

# ---------------------------------------------------------------- span markup
_OPEN, _MID, _CLOSE = "\x01", "\x02", "\x03"


def S(entity_type: str, value: str) -> str:
    """Wrap ``value`` so that :func:`resolve` records it as a span."""
    assert entity_type in CATEGORY, entity_type
    assert value and value == value.strip(), repr(value)
    assert not any(c in value for c in (_OPEN, _MID, _CLOSE))
    return f"{_OPEN}{entity_type}{_MID}{value}{_CLOSE}"


def resolve(marked: str) -> tuple[str, list[dict]]:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    i = 0
    while True:
        j = marked.find(_OPEN, i)
        if j < 0:
            out.append(marked[i:])
            break
        out.append(marked[i:j])
        pos += j - i
        k = marked.index(_MID, j)
        end = marked.index(_CLOSE, k)
        etype = marked[j + 1:k]
        value = marked[k + 1:end]
        spans.append({"start": pos, "end": pos + len(value), "entity_type": etype,
                      "category": CATEGORY[etype], "_value": value})
        out.append(value)
        pos += len(value)
        i = end + 1
    text = "".join(out)
    for sp in spans:
        value = sp.pop("_value")
        assert text[sp["start"]:sp["end"]] == value
        s, e = sp["start"], sp["end"]
        if value[0].isalnum() and s > 0:
            assert not (text[s - 1].isalnum() or text[s - 1] == "_"), ("cut word", text[s - 5:e])
        if value[-1].isalnum() and e < len(text):
            assert not (text[e].isalnum() or text[e] == "_"), ("cut word", text[s:e + 5])
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"]
    return text, spans


# ---------------------------------------------------------------- random text bits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
ALNUM = UP + LO + DG
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# ---------------------------------------------------------------- checksums
def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(payload: str) -> str:
    for c in DG:
        if luhn_ok(payload + c):
            return payload + c
    raise AssertionError


def nonluhn_digits(rng: random.Random, n: int, first: str = "") -> str:
    while True:
        d = first + rs(rng, DG, n - len(first))
        if not luhn_ok(d) and d[0] != "0":
            return d


def card(rng: random.Random, brand: str | None = None, fmt: str | None = None) -> str:
    brand = brand or rng.choice(["visa", "visa", "mc", "mc2", "amex", "disc"])
    if brand == "visa":
        num = luhn_complete("4" + rs(rng, DG, 14))
    elif brand == "mc":
        num = luhn_complete("5" + rng.choice("12345") + rs(rng, DG, 13))
    elif brand == "mc2":
        num = luhn_complete(str(rng.randint(2221, 2720)) + rs(rng, DG, 11))
    elif brand == "amex":
        num = luhn_complete(rng.choice(["34", "37"]) + rs(rng, DG, 12))
    else:
        num = luhn_complete("6011" + rs(rng, DG, 11))
    if num in ("4111111111111111", "4242424242424242"):
        return card(rng, brand, fmt)
    fmt = fmt or rng.choice(["plain", "space", "space", "dash"])
    if fmt == "plain":
        return num
    sep = " " if fmt == "space" else "-"
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


def _iban_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    return len(s) > 4 and _iban_num(s[4:] + s[:4]) % 97 == 1


def _es_dc(digits: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(digits, w)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def iban(rng: random.Random, cc: str, grouped: bool | None = None) -> str:
    if cc == "DE":
        bban = rs(rng, DG, 8) + rs(rng, DG, 10)
    elif cc == "FR":
        b, g, a = rng.choice(["30004", "20041", "30003", "10278", "18206"]), rs(rng, DG, 5), rs(rng, DG, 11)
        key = 97 - ((89 * int(b) + 15 * int(g) + 3 * int(a)) % 97)
        bban = f"{b}{g}{a}{key:02d}"
    elif cc == "ES":
        bank = rng.choice(["2100", "0049", "0182", "2085", "0081", "1465"])
        branch, acct = rs(rng, DG, 4), rs(rng, DG, 10)
        bban = bank + branch + _es_dc("00" + bank + branch) + _es_dc(acct) + acct
    elif cc == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rs(rng, DG, 14)
    elif cc == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + rs(rng, DG, 10)
    elif cc == "BE":
        first = rs(rng, DG, 10)
        chk = int(first) % 97 or 97
        bban = f"{first}{chk:02d}"
    elif cc == "IT":
        bban = rng.choice(UP) + rs(rng, DG, 10) + rs(rng, DG, 12)
    else:
        raise ValueError(cc)
    check = 98 - _iban_num(bban + cc + "00") % 97
    out = f"{cc}{check:02d}{bban}"
    assert iban_ok(out)
    if out in ("DE89370400440532013000", "GB82WEST12345698765432"):
        return iban(rng, cc, grouped)
    if grouped is None:
        grouped = rng.random() < 0.6
    if grouped:
        return " ".join(out[i:i + 4] for i in range(0, len(out), 4))
    return out


# --- crypto
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def btc_legacy(rng: random.Random, p2sh: bool = False) -> str:
    payload = bytes([5 if p2sh else 0]) + bytes(rng.getrandbits(8) for _ in range(20))
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + chk)


_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def btc_bech32(rng: random.Random) -> str:
    prog = bytes(rng.getrandbits(8) for _ in range(20))
    acc, bits, data = 0, 0, [0]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    poly = _bech32_polymod(_hrp_expand("bc") + data + [0] * 6) ^ 1
    chk = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(_BECH[d] for d in data + chk)


def bech32_ok(addr: str) -> bool:
    hrp, _, data = addr.lower().rpartition("1")
    vals = [_BECH.index(c) for c in data]
    return _bech32_polymod(_hrp_expand(hrp) + vals) == 1


# keccak-256 (the pre-standard padding used by Ethereum; hashlib.sha3_256 differs)
_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
_M64 = (1 << 64) - 1


def _rc_bit(t: int) -> int:
    if t % 255 == 0:
        return 1
    r = 1
    for _ in range(t % 255):
        r <<= 1
        if r & 0x100:
            r ^= 0x171
    return r & 1


_RC = [sum(_rc_bit(j + 7 * ir) << ((1 << j) - 1) for j in range(7)) for ir in range(24)]


def _rotl(x: int, n: int) -> int:
    return ((x << n) | (x >> (64 - n))) & _M64 if n else x


def _keccak_f(a: list[int]) -> None:
    for rnd in range(24):
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        for i in range(25):
            a[i] ^= d[i % 5]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rotl(a[x + 5 * y], _ROT[x][y])
        for x in range(5):
            for y in range(5):
                a[x + 5 * y] = b[x + 5 * y] ^ ((~b[(x + 1) % 5 + 5 * y]) & b[(x + 2) % 5 + 5 * y])
        a[0] ^= _RC[rnd]


def keccak256(data: bytes) -> bytes:
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg += b"\x00"
    msg[-1] |= 0x80
    st = [0] * 25
    for off in range(0, len(msg), rate):
        block = msg[off:off + rate]
        for i in range(rate // 8):
            st[i] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        _keccak_f(st)
    return b"".join(st[i].to_bytes(8, "little") for i in range(4))


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def eip55(hex40: str) -> str:
    h = keccak256(hex40.lower().encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(hex40.lower()))


def eth_addr(rng: random.Random) -> str:
    return eip55(rs(rng, HEX, 40))


def crypto(rng: random.Random) -> str:
    k = rng.choice(["legacy", "p2sh", "bech", "eth", "eth"])
    if k == "legacy":
        return btc_legacy(rng)
    if k == "p2sh":
        return btc_legacy(rng, True)
    if k == "bech":
        return btc_bech32(rng)
    return eth_addr(rng)


# --- national ids
def ssn(rng: random.Random) -> str:
    while True:
        a = rng.randint(1, 899)
        if a == 666:
            continue
        s = f"{a:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if s not in ("123-45-6789", "078-05-1120"):
            return s


def nino(rng: random.Random, compact: bool | None = None) -> str:
    while True:
        a = rng.choice([c for c in UP if c not in "DFIQUV"])
        b = rng.choice([c for c in UP if c not in "DFIOQUV"])
        if a + b not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = rs(rng, DG, 6)
    suf = rng.choice("ABCD")
    if compact if compact is not None else rng.random() < 0.5:
        return f"{a}{b}{d}{suf}"
    return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {suf}"


def steuer_id_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if len(s) != 11 or s[0] == "0":
        return False
    prod = 10
    for ch in s[:10]:
        sm = (int(ch) + prod) % 10 or 10
        prod = (sm * 2) % 11
    chk = 11 - prod
    return (0 if chk == 10 else chk) == int(s[10])


def steuer_id(rng: random.Random) -> str:
    while True:
        digits = rng.sample(DG, 9)
        digits.append(rng.choice(digits))
        rng.shuffle(digits)
        if digits[0] == "0":
            continue
        base = "".join(digits)
        for c in DG:
            if steuer_id_ok(base + c):
                s = base + c
                return rng.choice([s, f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"])


def nir(rng: random.Random, sex: str | None = None, yy: int | None = None, mm: int | None = None) -> str:
    sex = sex or rng.choice("12")
    yy = yy if yy is not None else rng.randint(55, 99)
    mm = mm or rng.randint(1, 12)
    dept = rng.choice(["69", "31", "44", "33", "59", "35", "38", "34", "75", "92", "13"])
    body = f"{sex}{yy:02d}{mm:02d}{dept}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    if rng.random() < 0.6:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    return f"{body}{key:02d}"


_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(rng: random.Random) -> str:
    n = rng.randint(10000000, 79999999)
    return f"{n}{_DNI[n % 23]}" if rng.random() < 0.7 else f"{n}-{_DNI[n % 23]}"


def nie(rng: random.Random) -> str:
    p = rng.choice("XYZ")
    n = rng.randint(1000000, 9999999)
    return f"{p}{n}{_DNI[int(str('XYZ'.index(p)) + str(n)) % 23]}"


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                    2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_check(s15: str) -> str:
    tot = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            tot += _CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)


def codice_fiscale(rng: random.Random) -> str:
    cons = "BCDFGHLMNPRSTVZ"
    s = (rs(rng, cons, 6) + f"{rng.randint(60, 99)}" + rng.choice("ABCDEHLMPRST")
         + f"{rng.choice([rng.randint(1, 28), rng.randint(41, 68)]):02d}" + rng.choice("FHLA") + rs(rng, DG, 3))
    return s + cf_check(s)


def sin_ca(rng: random.Random) -> str:
    while True:
        s = luhn_complete(rng.choice("1234567") + rs(rng, DG, 7))
        if s != "046454286":
            return rng.choice([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def tfn_ok(s: str) -> bool:
    d = s.replace(" ", "")
    return len(d) == 9 and sum(int(a) * b for a, b in zip(d, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0


def tfn(rng: random.Random) -> str:
    while True:
        p = rs(rng, DG, 8)
        r = sum(int(a) * b for a, b in zip(p, [1, 4, 3, 7, 5, 8, 6, 9])) % 11
        if r != 10:
            s = p + str(r)
            assert tfn_ok(s)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def bsn_ok(s: str) -> bool:
    d = s.replace(".", "").replace(" ", "")
    return len(d) == 9 and (sum(int(a) * b for a, b in zip(d, range(9, 1, -1))) - int(d[8])) % 11 == 0


def bsn(rng: random.Random) -> str:
    while True:
        p = rng.choice("123456") + rs(rng, DG, 7)
        r = sum(int(a) * b for a, b in zip(p, range(9, 1, -1))) % 11
        if r != 10:
            s = p + str(r)
            assert bsn_ok(s)
            return s


def be_nrn(rng: random.Random, yy: int, mm: int, dd: int) -> str:
    seq = rng.randint(1, 997)
    base = int(f"{yy:02d}{mm:02d}{dd:02d}{seq:03d}")
    chk = 97 - base % 97
    return f"{yy:02d}.{mm:02d}.{dd:02d}-{seq:03d}.{chk:02d}"


def passport(rng: random.Random, cc: str) -> str:
    if cc == "US":
        return rng.choice("56") + rs(rng, DG, 8)
    if cc == "GB":
        return rng.choice("12345") + rs(rng, DG, 8)
    if cc == "FR":
        return rs(rng, DG, 2) + rs(rng, UP, 2) + rs(rng, DG, 5)
    if cc == "ES":
        return rs(rng, UP, 3) + rs(rng, DG, 6)
    if cc == "DE":
        return rng.choice("CFGHJK") + rs(rng, "CFGHJKLMNPRTVWXYZ0123456789", 8)
    return rs(rng, UP, 2) + rs(rng, DG, 7)


# --- bank accounts
def aba_ok(s: str) -> bool:
    d = [int(c) for c in s]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def aba(rng: random.Random) -> str:
    while True:
        p = rng.choice(["0", "1", "2", "3"]) + rs(rng, DG, 7)
        for c in DG:
            if aba_ok(p + c):
                return p + c


def clabe_ok(s: str) -> bool:
    d = s.replace(" ", "")
    w = [3, 7, 1] * 6
    return len(d) == 18 and (10 - sum(int(a) * b % 10 for a, b in zip(d[:17], w)) % 10) % 10 == int(d[17])


def clabe(rng: random.Random) -> str:
    p = rng.choice(["002", "012", "014", "021", "072"]) + rs(rng, DG, 14)
    w = [3, 7, 1] * 6
    c = (10 - sum(int(a) * b % 10 for a, b in zip(p, w)) % 10) % 10
    return p + str(c)


def es_ccc(rng: random.Random) -> str:
    bank = rng.choice(["2100", "0049", "0182", "2085"])
    branch, acct = rs(rng, DG, 4), rs(rng, DG, 10)
    return f"{bank} {branch} {_es_dc('00' + bank + branch)}{_es_dc(acct)} {acct}"


def es_ccc_ok(s: str) -> bool:
    d = s.replace(" ", "").replace("-", "")
    return len(d) == 20 and _es_dc("00" + d[:8]) == d[8] and _es_dc(d[10:]) == d[9]


def uk_sort(rng: random.Random) -> str:
    return f"{rng.randint(10, 99)}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"


# --- secrets
def aws_key_id(rng: random.Random) -> str:
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + rs(rng, UP + "234567", 16)


def aws_secret(rng: random.Random) -> str:
    return rs(rng, ALNUM + "+/", 40)


def api_key(rng: random.Random, vendor: str | None = None) -> tuple[str, str]:
    """Return (vendor label, token)."""
    vendor = vendor or rng.choice(VENDORS)
    r = rng
    if vendor == "github":
        tok = "ghp_" + rs(r, ALNUM, 36)
    elif vendor == "github_pat":
        tok = "github_pat_11" + rs(r, UP + DG, 20) + "_" + rs(r, ALNUM, 59)
    elif vendor == "gitlab":
        tok = "glpat-" + rs(r, ALNUM + "-_", 20)
    elif vendor == "slack":
        tok = f"xoxb-{r.randint(10**10, 10**12)}-{r.randint(10**11, 10**13)}-{rs(r, ALNUM, 24)}"
    elif vendor == "stripe":
        tok = "sk_live_" + rs(r, ALNUM, r.choice([24, 99]))
    elif vendor == "stripe_rk":
        tok = "rk_live_" + rs(r, ALNUM, 24)
    elif vendor == "openai":
        tok = "sk-proj-" + rs(r, ALNUM + "-_", 74) + "T3BlbkFJ" + rs(r, ALNUM + "-_", 74)
    elif vendor == "anthropic":
        tok = "sk-ant-api03-" + rs(r, ALNUM + "-_", 93) + "AA"
    elif vendor == "google":
        tok = "AIza" + rs(r, ALNUM + "-_", 35)
    elif vendor == "npm":
        tok = "npm_" + rs(r, ALNUM, 36)
    elif vendor == "pypi":
        tok = "pypi-AgEIcHlwaS5vcmc" + rs(r, B64URL, 150)
    elif vendor == "sendgrid":
        tok = "SG." + rs(r, B64URL, 22) + "." + rs(r, B64URL, 43)
    elif vendor == "twilio":
        tok = "SK" + rs(r, HEX, 32)
    elif vendor == "huggingface":
        tok = "hf_" + rs(r, ALNUM, 34)
    elif vendor == "digitalocean":
        tok = "dop_v1_" + rs(r, HEX, 64)
    elif vendor == "shopify":
        tok = "shpat_" + rs(r, HEX, 32)
    elif vendor == "datadog":
        tok = rs(r, HEX, 32)
    elif vendor == "mailgun":
        tok = "key-" + rs(r, HEX, 32)
    elif vendor == "atlassian":
        tok = "ATATT3xFfGF0" + rs(r, B64URL, 180) + "=" + rs(r, HEX.upper(), 8)
    elif vendor == "vault":
        tok = "hvs." + rs(r, ALNUM + "_-", 91)
    elif vendor == "telegram":
        tok = f"{r.randint(10**9, 7 * 10**9)}:AA{rs(r, ALNUM + '_-', 33)}"
    elif vendor == "gcp_sa_key_id":
        tok = rs(r, HEX, 40)
    elif vendor == "azure_openai":
        tok = rs(r, HEX, 32)
    elif vendor == "linear":
        tok = "lin_api_" + rs(r, ALNUM, 40)
    elif vendor == "notion":
        tok = "ntn_" + rs(r, DG, 11) + rs(r, ALNUM, 35)
    elif vendor == "aws":
        tok = aws_key_id(r)
    else:
        raise ValueError(vendor)
    return vendor, tok


VENDORS = ["github", "github_pat", "gitlab", "slack", "stripe", "stripe_rk", "openai", "anthropic", "google",
           "npm", "pypi", "sendgrid", "twilio", "huggingface", "digitalocean", "shopify", "mailgun",
           "atlassian", "vault", "telegram", "linear", "notion"]


def slack_webhook(rng: random.Random) -> str:
    return f"https://hooks.slack.com/services/T{rs(rng, UP + DG, 8)}/B{rs(rng, UP + DG, 10)}/{rs(rng, ALNUM, 24)}"


def discord_webhook(rng: random.Random) -> str:
    return f"https://discord.com/api/webhooks/{rng.randint(10**17, 10**18)}/{rs(rng, B64URL, 68)}"


def _b64url(d: bytes) -> str:
    return base64.urlsafe_b64encode(d).rstrip(b"=").decode()


def jwt(rng: random.Random, sub: str = "", extra: dict | None = None) -> str:
    alg = rng.choice(["HS256", "RS256", "RS256", "ES256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(rng, ALNUM, 16)
    now = 1796000000 + rng.randint(0, 9000000)
    payload = {"sub": sub or rs(rng, HEX, 24), "iat": now, "exp": now + rng.choice([900, 3600, 86400])}
    payload.update(extra or {})
    siglen = {"HS256": 43, "RS256": 342, "ES256": 86}[alg]
    return (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
            + _b64url(json.dumps(payload, separators=(",", ":")).encode()) + "." + rs(rng, B64URL, siglen))


def pem_key(rng: random.Random, kind: str | None = None) -> str:
    kind = kind or rng.choice(["RSA", "OPENSSH", "PRIVATE", "EC"])
    if kind == "OPENSSH":
        body = base64.b64encode(b"openssh-key-v1\x00" + bytes(rng.getrandbits(8) for _ in range(rng.choice([380, 1650])))).decode()
        head, width = "OPENSSH PRIVATE KEY", 70
    else:
        n = {"RSA": 1190, "PRIVATE": 1218, "EC": 121}[kind]
        body = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()
        head = {"RSA": "RSA PRIVATE KEY", "PRIVATE": "PRIVATE KEY", "EC": "EC PRIVATE KEY"}[kind]
        width = 64
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {head}-----\n" + "\n".join(lines) + f"\n-----END {head}-----"


def password(rng: random.Random) -> str:
    style = rng.randint(0, 5)
    words = ["Sunflower", "Tigre", "Kestrel", "Bluebird", "Ocelot", "Marmot", "Lavande", "Granite", "Nimbus",
             "Pelican", "Quokka", "Tornado", "Velvet", "Cobalt", "Hibou", "Zorro", "Pimienta", "Falcon"]
    if style == 0:
        return rng.choice(words) + str(rng.randint(1, 99)) + rng.choice("!#$%&*?@")
    if style == 1:
        return rs(rng, ALNUM + "!#%&*+-=?@^_", rng.randint(14, 24))
    if style == 2:
        return "-".join(rng.choice(["correct", "pony", "violin", "saddle", "orbit", "maple", "quartz", "ember",
                                    "lantern", "cactus", "anchor", "pebble"]) for _ in range(4))
    if style == 3:
        return rs(rng, ALNUM, 20)
    if style == 4:
        w = rng.choice(words)
        return w[0] + w[1:].replace("a", "4").replace("e", "3").replace("o", "0") + rng.choice(["2024", "2025", "2026"]) + rng.choice("!$*")
    return rs(rng, LO, 4) + rng.choice("!.#") + rs(rng, DG, 4) + rs(rng, UP, 3)


def generic_secret(rng: random.Random, kind: str | None = None) -> str:
    kind = kind or rng.choice(["hex64", "django", "b64", "whsec", "hex32"])
    if kind == "hex64":
        return rs(rng, HEX, 64)
    if kind == "hex32":
        return rs(rng, HEX, 32)
    if kind == "django":
        return "django-insecure-" + rs(rng, LO + DG + "!@#%^&*(-_=+)", 50) if rng.random() < 0.3 else rs(rng, LO + DG + "!@#%^&*-_=+", 50)
    if kind == "whsec":
        return "whsec_" + rs(rng, ALNUM, 32)
    return rs(rng, B64, 43) + "="


# ---------------------------------------------------------------- network
def public_ipv4(rng: random.Random) -> str:
    while True:
        a = rng.randint(1, 223)
        b, c, d = rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)
        if a in (10, 127, 0) or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168) or (a == 169 and b == 254):
            continue
        if a == 100 and 64 <= b <= 127:
            continue
        if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113), (192, 0, 0)) or (a == 198 and b in (18, 19)):
            continue
        return f"{a}.{b}.{c}.{d}"


def public_ipv6(rng: random.Random) -> str:
    pre = rng.choice(["2a01:cb19", "2a02:8108", "2600:1700", "2a00:23c5", "2806:2f0", "2a0c:5a80", "2001:4860"])
    tail = ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(rng.choice([4, 6])))
    return f"{pre}:{tail}" if tail.count(":") == 5 else f"{pre}::{tail}"


def private_ipv4(rng: random.Random) -> str:
    k = rng.randint(0, 5)
    if k == 0:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 1:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 2:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 3:
        return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(1, 254)}"
    if k == 4:
        return f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return rng.choice(["127.0.0.1", "169.254.169.254", "0.0.0.0", "169.254.10.3", "224.0.0.251"])


def mac(rng: random.Random) -> str:
    oui = rng.choice(["3c:22:fb", "a4:83:e7", "f0:18:98", "b8:27:eb", "00:1a:2b", "dc:a6:32", "e4:5f:01", "70:85:c2"])
    m = oui + ":" + ":".join(f"{rng.randint(0, 255):02x}" for _ in range(3))
    st = rng.randint(0, 3)
    if st == 1:
        return m.upper()
    if st == 2:
        return m.upper().replace(":", "-")
    return m


def uuid4(rng: random.Random) -> str:
    h = rs(rng, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def sha(rng: random.Random, n: int = 40) -> str:
    return rs(rng, HEX, n)


# ---------------------------------------------------------------- pools of people and places
FIRST: dict[str, list[str]] = {
    "en": ["Emily", "Jessica", "Megan", "Brandon", "Tyler", "Kevin", "Rachel", "Lauren", "Connor", "Bethany",
           "Gareth", "Siobhan", "Declan", "Aoife", "Callum", "Fiona", "Nathan", "Heather", "Dwayne", "Latisha",
           "Kayla", "Trevor", "Shannon", "Derek"],
    "fr": ["Camille", "Mathilde", "Clémence", "Océane", "Théo", "Baptiste", "Quentin", "Romain", "Amandine",
           "Gaëlle", "Thibault", "Élodie", "Benoît", "Solène", "Yannick", "Maëlle", "Margaux", "Loïc"],
    "es": ["Lucía", "Alejandro", "Javier", "Marta", "Nuria", "Iñaki", "Rocío", "Sergio", "Álvaro",
           "Ainhoa", "Begoña", "Ximena", "Guadalupe", "Valentina", "Joaquín", "Itziar", "Maite", "Gonzalo"],
    "de": ["Jannik", "Lukas", "Annika", "Jürgen", "Katrin", "Sven", "Friederike", "Till", "Henrike"],
    "nl": ["Sanne", "Daan", "Femke", "Joost", "Wouter", "Lieke", "Maarten"],
    "in": ["Priya", "Arjun", "Ananya", "Rohan", "Sneha", "Vikram", "Deepika", "Karthik"],
    "cn": ["Xiaoyu", "Haoran", "Meiling", "Zihan", "Yuxuan"],
    "jp": ["Haruto", "Takeshi", "Yui", "Kenji"],
    "ar": ["Youssef", "Karim", "Leila", "Samir", "Nadia", "Rachid", "Amina", "Khaled"],
    "af": ["Chinedu", "Ngozi", "Oluwaseun", "Kwame", "Tendai", "Abena"],
    "pl": ["Katarzyna", "Tomasz", "Agnieszka", "Oksana", "Dmytro"],
    "vn": ["Thanh", "Linh", "Quang"],
    "pt": ["João", "Thiago", "Larissa"],
    "it": ["Giulia", "Lorenzo", "Francesca", "Matteo"],
}
LAST: dict[str, list[str]] = {
    "en": ["Thompson", "Henderson", "Gallagher", "O'Brien", "McAllister", "Whitfield", "Patterson", "Fitzgerald",
           "Harrington", "Donnelly", "Okonjo-Reed", "Pemberton", "Carmichael", "Sutherland", "Kowalczyk", "Ramsey"],
    "fr": ["Lefèvre", "Dubois", "Moreau", "Girard", "Fontaine", "Gauthier", "Lemaire", "Faure", "Perrin",
           "Rousset", "Mercier", "Boyer", "Lambert-Roche", "Picard"],
    "es": ["García", "Fernández", "Martínez", "Rodríguez", "Gómez", "Jiménez", "Álvarez", "Navarro",
           "Domínguez", "Vázquez", "Cabrera", "Herrera", "Sanz", "Etxeberria", "Peña", "Quintero"],
    "de": ["Schmidt", "Müller", "Hoffmann", "Schäfer", "Krüger", "Zimmermann", "Hartmann", "Lehmann"],
    "nl": ["de Vries", "van Dijk", "Jansen", "Visser", "Mulder", "van den Berg"],
    "in": ["Nair", "Iyer", "Sharma", "Reddy", "Banerjee", "Kulkarni"],
    "cn": ["Zhang", "Chen", "Huang", "Zhou", "Xu"],
    "jp": ["Tanaka", "Watanabe", "Yamamoto", "Kobayashi"],
    "ar": ["El Amrani", "Benali", "Haddad", "Mansour", "Bouzid", "Khoury"],
    "af": ["Okafor", "Adeyemi", "Mensah", "Mwangi", "Okonkwo", "Diallo", "Ndiaye"],
    "pl": ["Kowalski", "Nowak", "Wiśniewska", "Petrenko", "Zielińska"],
    "vn": ["Nguyen", "Pham", "Hoang"],
    "pt": ["Ferreira", "Oliveira", "Carvalho"],
    "it": ["Rossi", "Esposito", "Bianchi", "Ricci"],
}

DOMAINS = {
    "en": ["brightpathanalytics.com", "northwind-logistics.com", "harbourline.co.uk", "kestrel-health.org",
           "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "fastmail.com"],
    "fr": ["atelier-lumiere.fr", "groupe-vauban.fr", "orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr"],
    "es": ["logisticaiberia.es", "grupomarea.com", "gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"],
    "de": ["gmx.de", "web.de", "t-online.de", "rheinwerk-systeme.de"],
    "nl": ["ziggo.nl", "kpnmail.nl", "dijkstra-bouw.nl"],
}

ORIGINS_BY_LANG = {
    "en": ["en", "en", "en", "in", "cn", "ar", "af", "pl", "vn", "pt", "it", "jp", "es", "fr"],
    "fr": ["fr", "fr", "fr", "fr", "ar", "af", "pt", "vn", "it"],
    "es": ["es", "es", "es", "es", "es", "pt", "ar", "it"],
    "de": ["de", "de", "de", "pl", "it", "ar"],
    "nl": ["nl", "nl", "nl", "ar", "af"],
}


@dataclass
class Person:
    first: str
    last: str
    origin: str
    lang: str
    email: str
    sex: str

    @property
    def full(self) -> str:
        if self.origin in ("cn",) and self.lang == "en" and False:
            return f"{self.last} {self.first}"
        return f"{self.first} {self.last}"

    @property
    def last_first(self) -> str:
        return f"{self.last}, {self.first}"


FEMALE = {"Emily", "Jessica", "Megan", "Rachel", "Lauren", "Bethany", "Siobhan", "Aoife", "Fiona", "Heather",
          "Latisha", "Kayla", "Shannon", "Camille", "Mathilde", "Clémence", "Océane", "Amandine", "Gaëlle",
          "Élodie", "Solène", "Maëlle", "Margaux", "Lucía", "Marta", "Nuria", "Rocío", "Ainhoa", "Begoña",
          "Ximena", "Guadalupe", "Valentina", "Itziar", "Maite", "Annika", "Katrin", "Friederike", "Henrike",
          "Sanne", "Femke", "Lieke", "Priya", "Ananya", "Sneha", "Deepika", "Xiaoyu", "Meiling", "Zihan", "Yui",
          "Leila", "Nadia", "Amina", "Ngozi", "Abena", "Katarzyna", "Agnieszka", "Oksana", "Linh", "Larissa",
          "Giulia", "Francesca"}


def person(rng: random.Random, lang: str, origin: str | None = None) -> Person:
    origin = origin or rng.choice(ORIGINS_BY_LANG[lang])
    first = rng.choice(FIRST[origin])
    last = rng.choice(LAST[origin])
    dom = rng.choice(DOMAINS[lang])
    f, l = strip_accents(first).lower().replace(" ", ""), strip_accents(last).lower().replace(" ", "").replace("'", "")
    local = rng.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}{l[0]}", f"{f}.{l}{rng.randint(1, 99)}", f"{f}_{l}", f"{l}.{f}"])
    return Person(first, last, origin, lang, f"{local}@{dom}", "F" if first in FEMALE else "M")


def all_pool_tokens() -> list[str]:
    toks: list[str] = []
    for group in (FIRST, LAST):
        for names in group.values():
            for n in names:
                for t in n.split():
                    if t[0].isupper() and len(t) >= 3 and t not in toks:
                        toks.append(t)
    for c in all_pool_places():
        if c not in toks:
            toks.append(c)
    return toks


# city, region, postcode maker
US_CITIES = [("Columbus", "OH", "432"), ("Sacramento", "CA", "958"), ("Raleigh", "NC", "276"), ("Tucson", "AZ", "857"),
             ("Omaha", "NE", "681"), ("Pittsburgh", "PA", "152"), ("Boise", "ID", "837"), ("Spokane", "WA", "992"),
             ("Albuquerque", "NM", "871"), ("Knoxville", "TN", "379")]
US_STREETS = ["Maple Ridge Dr", "Oak Hollow Ln", "W 38th St", "Sycamore Ave", "Cedar Crest Blvd", "N Highland Ave",
              "Willow Bend Rd", "Pine Valley Ct", "Lakeview Ter", "E Fairmount St", "Briarwood Cir"]
UK_CITIES = [("Leeds", "LS"), ("Bristol", "BS"), ("Nottingham", "NG"), ("Sheffield", "S"), ("Leicester", "LE"),
             ("Cardiff", "CF"), ("Norwich", "NR"), ("Brighton", "BN"), ("Coventry", "CV")]
UK_STREETS = ["Wellington Road", "Hawthorn Close", "Mill Lane", "Church Street", "Queens Drive", "Belvedere Gardens",
              "Station Approach", "Elmfield Avenue", "Cromwell Terrace"]
FR_CITIES = [("Lyon", "6900"), ("Toulouse", "3100"), ("Nantes", "4400"), ("Bordeaux", "3300"), ("Lille", "5900"),
             ("Rennes", "3500"), ("Grenoble", "3800"), ("Montpellier", "3400"), ("Villeurbanne", "69100"),
             ("Nanterre", "92000"), ("Dijon", "21000"), ("Angers", "49000")]
FR_STREETS = ["rue des Tanneurs", "avenue Jean Jaurès", "boulevard de la Liberté", "rue du Faubourg Saint-Jean",
              "impasse des Lilas", "allée des Peupliers", "chemin de la Croix-Rouge", "place du Marché",
              "rue de la République", "quai des Chartrons", "rue Paul Bert"]
ES_CITIES = [("Valencia", "46"), ("Sevilla", "41"), ("Zaragoza", "50"), ("Málaga", "29"), ("Bilbao", "48"),
             ("Valladolid", "47"), ("Murcia", "30"), ("Alicante", "03"), ("Getafe", "28"), ("Granada", "18"),
             ("Gijón", "33"), ("Pamplona", "31")]
ES_STREETS = ["Calle Mayor", "Avenida de la Constitución", "C/ San Vicente Mártir", "Calle Colón", "Plaza del Pilar",
              "Avda. Blasco Ibáñez", "C/ Alfonso I", "Calle Larios", "Paseo de Zorrilla", "Calle Uría",
              "Ronda de Outeiro"]
DE_CITIES = [("Nürnberg", "90"), ("Leipzig", "04"), ("Dresden", "01"), ("Hannover", "30"), ("Bremen", "28"),
             ("Köln", "50"), ("Stuttgart", "70"), ("Mannheim", "68")]
DE_STREETS = ["Lindenallee", "Goethestraße", "Hauptstraße", "Bahnhofstraße", "Am Mühlbach", "Schillerplatz",
              "Ulmenweg", "Königsteiner Str."]
NL_CITIES = [("Utrecht", "35"), ("Eindhoven", "56"), ("Groningen", "97"), ("Haarlem", "20"), ("Leiden", "23")]
NL_STREETS = ["Oudegracht", "Kerkstraat", "Molenweg", "Stationsplein", "Lange Voorhout", "Vismarkt"]
MX_CITIES = [("Guadalajara", "Jal.", "44"), ("Monterrey", "N.L.", "64"), ("Puebla", "Pue.", "72"), ("Querétaro", "Qro.", "76")]
MX_STREETS = ["Av. Chapultepec", "Calle Morelos", "Av. Juárez", "Calle Hidalgo", "Blvd. Díaz Ordaz"]
MX_COLONIAS = ["Col. Americana", "Col. Centro", "Col. Del Valle", "Col. Providencia"]
CA_CITIES = [("Winnipeg", "MB", "R3C"), ("Halifax", "NS", "B3H"), ("Kelowna", "BC", "V1Y")]
AU_CITIES = [("Geelong", "VIC", "3220"), ("Parramatta", "NSW", "2150"), ("Townsville", "QLD", "4810")]


def all_pool_places() -> list[str]:
    out: list[str] = []
    for tbl in (US_CITIES, UK_CITIES, FR_CITIES, ES_CITIES, DE_CITIES, NL_CITIES, MX_CITIES, CA_CITIES, AU_CITIES):
        for row in tbl:
            out.append(row[0])
    return out


def address(rng: random.Random, country: str, multiline: bool | None = None) -> tuple[str, str]:
    """Return (address text, city) for a private address in ``country``."""
    ml = multiline if multiline is not None else rng.random() < 0.3
    sep = "\n" if ml else ", "
    if country == "US":
        city, st, z = rng.choice(US_CITIES)
        line1 = f"{rng.randint(12, 9899)} {rng.choice(US_STREETS)}"
        if rng.random() < 0.35:
            line1 += rng.choice([f", Apt {rng.randint(1, 30)}{rng.choice('ABCD')}", f" #{rng.randint(100, 420)}", f", Unit {rng.randint(2, 19)}"])
        return f"{line1}{sep}{city}, {st} {z}{rng.randint(10, 99)}", city
    if country == "UK":
        city, pc = rng.choice(UK_CITIES)
        line1 = f"{rng.randint(1, 140)} {rng.choice(UK_STREETS)}"
        if rng.random() < 0.3:
            line1 = f"Flat {rng.randint(1, 12)}{sep}{line1}"
        post = f"{pc}{rng.randint(1, 19)} {rng.randint(1, 9)}{rs(rng, 'ABDEFGHJLNPQRSTUWXYZ', 2)}"
        return f"{line1}{sep}{city} {post}" if not ml else f"{line1}\n{city}\n{post}", city
    if country == "FR":
        city, pc = rng.choice(FR_CITIES)
        post = pc if len(pc) == 5 else pc + str(rng.randint(1, 9))
        num = f"{rng.randint(1, 180)}{rng.choice(['', '', '', ' bis', ' ter'])}"
        line1 = f"{num} {rng.choice(FR_STREETS)}" if rng.random() < 0.85 else f"{num}, {rng.choice(FR_STREETS)}"
        if rng.random() < 0.25:
            line1 = f"Résidence Les Érables, Bât. {rng.choice('ABC')}{sep}{line1}"
        return f"{line1}{sep}{post} {city.upper() if rng.random() < 0.3 else city}", city
    if country == "ES":
        city, pc = rng.choice(ES_CITIES)
        post = f"{pc}{rng.randint(0, 99):03d}"
        floor = rng.choice([f", {rng.randint(1, 9)}º {rng.choice('ABCD')}", f", {rng.randint(1, 9)}º izq.", f", {rng.randint(1, 9)}ºdcha.", ", bajo", ""])
        line1 = f"{rng.choice(ES_STREETS)}, {rng.randint(1, 150)}{floor}" if rng.random() < 0.6 else f"{rng.choice(ES_STREETS)} {rng.randint(1, 150)}{floor}"
        tail = f" ({city})" if rng.random() < 0.2 else ""
        return f"{line1}{sep}{post} {city}{tail}", city
    if country == "DE":
        city, pc = rng.choice(DE_CITIES)
        return f"{rng.choice(DE_STREETS)} {rng.randint(1, 120)}{rng.choice(['', '', 'a', 'b'])}{sep}{pc}{rng.randint(100, 999)} {city}", city
    if country == "NL":
        city, pc = rng.choice(NL_CITIES)
        return f"{rng.choice(NL_STREETS)} {rng.randint(1, 300)}{sep}{pc}{rng.randint(10, 99)} {rs(rng, 'ABCDEGHJKLMNPRSTVWXZ', 2)} {city}", city
    if country == "MX":
        city, st, pc = rng.choice(MX_CITIES)
        return (f"{rng.choice(MX_STREETS)} {rng.randint(10, 2500)}, {rng.choice(MX_COLONIAS)}{sep}"
                f"{pc}{rng.randint(100, 999)} {city}, {st}"), city
    if country == "CA":
        city, prov, fsa = rng.choice(CA_CITIES)
        return f"{rng.randint(10, 990)} {rng.choice(['Portage Ave', 'Spring Garden Rd', 'Bernard Ave'])}{sep}{city}, {prov} {fsa} {rng.randint(1, 9)}{rng.choice('ABCEGHJ')}{rng.randint(1, 9)}", city
    if country == "AU":
        city, stt, pc = rng.choice(AU_CITIES)
        return f"Unit {rng.randint(1, 20)}/{rng.randint(2, 90)} {rng.choice(['Moorabool St', 'Church St', 'Flinders St'])}{sep}{city} {stt} {pc}", city
    raise ValueError(country)


COUNTRY_OF_LANG = {"en": ["US", "US", "UK", "UK", "CA", "AU"], "fr": ["FR"], "es": ["ES", "ES", "ES", "MX"],
                   "de": ["DE"], "nl": ["NL"]}


def phone(rng: random.Random, country: str) -> str:
    r = rng
    if country == "US" or country == "CA":
        area = r.choice([312, 415, 614, 919, 520, 402, 412, 208, 509, 505, 865, 204, 902, 250])
        ex = r.randint(201, 989)
        if ex == 555:
            ex = 556
        ln = r.randint(0, 9999)
        return r.choice([f"+1 {area}-{ex}-{ln:04d}", f"({area}) {ex}-{ln:04d}", f"{area}.{ex}.{ln:04d}", f"+1 ({area}) {ex} {ln:04d}"])
    if country == "UK":
        a, b = r.randint(300, 999), r.randint(100000, 999999)
        return r.choice([f"+44 7{a} {b}", f"07{a} {b}", f"+44 (0)7{a} {str(b)[:3]} {str(b)[3:]}"])
    if country == "FR":
        d = [f"{r.randint(0, 99):02d}" for _ in range(4)]
        m = r.choice("67")
        return r.choice([f"+33 {m} {' '.join(d)}", f"0{m} {' '.join(d)}", f"0{m}.{'.'.join(d)}", f"+33{m}{''.join(d)}"])
    if country == "ES":
        n = f"{r.choice('67')}{r.randint(10, 99)}{r.randint(100000, 999999)}"
        return r.choice([f"+34 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"+34{n}", f"{n[:3]} {n[3:6]} {n[6:]}"])
    if country == "MX":
        return f"+52 {r.choice(['33', '81', '222', '442'])} {r.randint(1000, 9999)} {r.randint(1000, 9999)}"
    if country == "DE":
        return r.choice([f"+49 15{r.randint(1, 9)} {r.randint(10000000, 99999999)}", f"0171 {r.randint(1000000, 9999999)}",
                         f"+49 (0)30 {r.randint(1000000, 9999999)}"])
    if country == "NL":
        return r.choice([f"+31 6 {r.randint(10000000, 99999999)}", f"06-{r.randint(10000000, 99999999)}"])
    if country == "AU":
        return r.choice([f"+61 4{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}", f"04{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}"])
    if country == "IN":
        return f"+91 9{r.randint(1000, 9999)} {r.randint(10000, 99999)}"
    raise ValueError(country)


def dob(rng: random.Random, style: str) -> tuple[str, int, int, int]:
    y, m, d = rng.randint(1952, 2003), rng.randint(1, 12), rng.randint(1, 28)
    fr_months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    es_months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
    en_months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    if style == "us":
        s = rng.choice([f"{m:02d}/{d:02d}/{y}", f"{en_months[m - 1]} {d}, {y}", f"{y}-{m:02d}-{d:02d}"])
    elif style == "uk":
        s = rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d} {en_months[m - 1]} {y}", f"{d} {en_months[m - 1][:3]} {y}"])
    elif style == "fr":
        s = rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d} {fr_months[m - 1]} {y}"])
    elif style == "es":
        s = rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d} de {es_months[m - 1]} de {y}", f"{d:02d}-{m:02d}-{y}"])
    elif style == "de":
        s = f"{d:02d}.{m:02d}.{y}"
    else:
        s = f"{y}-{m:02d}-{d:02d}"
    return s, y, m, d


CONDITIONS = {
    "en": ["type 2 diabetes", "asthma", "major depressive disorder", "hypertension", "generalised anxiety disorder",
           "epilepsy", "Crohn's disease", "rheumatoid arthritis", "ADHD", "chronic kidney disease stage 3",
           "multiple sclerosis", "atrial fibrillation", "long COVID", "hypothyroidism", "migraine with aura"],
    "fr": ["diabète de type 2", "asthme sévère", "dépression", "hypertension artérielle", "épilepsie",
           "maladie de Crohn", "polyarthrite rhumatoïde", "sclérose en plaques", "burn-out", "hernie discale L4-L5"],
    "es": ["diabetes tipo 2", "asma", "depresión mayor", "hipertensión arterial", "epilepsia", "lumbalgia crónica",
           "fibromialgia", "trastorno de ansiedad", "enfermedad de Crohn", "hipotiroidismo"],
    "de": ["Diabetes mellitus Typ 2", "Asthma bronchiale", "Bandscheibenvorfall", "Depression"],
}
MEDS = {
    "en": ["metformin", "salbutamol", "sertraline", "lisinopril", "levetiracetam", "adalimumab", "methotrexate",
           "atorvastatin", "apixaban", "levothyroxine", "lisdexamfetamine", "sumatriptan", "insulin glargine"],
    "fr": ["metformine", "Ventoline", "sertraline", "ramipril", "Lévothyrox", "Doliprane 1000", "méthotrexate",
           "Humira", "Kardégic"],
    "es": ["metformina", "Ventolin", "sertralina", "enalapril", "Eutirox", "Lyrica", "Sintrom", "omeprazol",
           "Orfidal"],
    "de": ["Metformin", "Ibuprofen 600", "Pantoprazol", "Sertralin"],
}


# ======================================================================
# English positive templates
# ======================================================================
P = lambda v: S("PERSON", v)  # noqa: E731
E = lambda v: S("EMAIL_ADDRESS", v)  # noqa: E731
PH = lambda v: S("PHONE_NUMBER", v)  # noqa: E731
L = lambda v: S("LOCATION", v)  # noqa: E731
IP = lambda v: S("IP_ADDRESS", v)  # noqa: E731
CM = lambda v: S("CLASSIFICATION_MARKING", v)  # noqa: E731

MARK_EN = ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "INTERNAL USE ONLY", "Company Confidential", "RESTRICTED",
           "CONFIDENTIAL – HR", "PRIVATE & CONFIDENTIAL", "TLP:AMBER", "Confidential — Attorney-Client Privileged"]


def ctry(rng: random.Random) -> str:
    return rng.choice(COUNTRY_OF_LANG["en"])


def ts(rng: random.Random) -> str:
    return f"{rng.randint(7, 18)}:{rng.randint(0, 59):02d}"


def slack_thread(rng: random.Random) -> tuple[str, str]:
    a, b, c = person(rng, "en"), person(rng, "en"), person(rng, "en")
    cust = person(rng, "en")
    co = ctry(rng)
    addr, _ = address(rng, co, False)
    ask = rng.choice(["Summarise this thread for the weekly ops update:", "can you turn this into action items?",
                      "Draft a reply to the customer based on this:", "tl;dr please"])
    lines = [ask, "", f"{P(a.full)}  {ts(rng)} AM",
             f"heads up, {P(cust.full)} called again about the missing parcel. {'she' if cust.sex == 'F' else 'he'} says it should go to {L(addr)} not the old place",
             f"{P(b.full)}  {ts(rng)} AM",
             f"did we update the CRM? her mobile is {PH(phone(rng, co))} if someone wants to call back",
             f"{P(c.first)}  {ts(rng)} PM" if rng.random() < 0.5 else f"{P(c.full)}  {ts(rng)} PM",
             f"updated. also changed {'her' if cust.sex == 'F' else 'his'} email to {E(cust.email)} :white_check_mark:",
             f"{P(a.full)}  {ts(rng)} PM", f"thx {P(c.first)} :pray:"]
    if rng.random() < 0.4:
        lines.insert(6, f"(replying to {P(a.first)}) ticket is ZD-{rng.randint(10000, 99999)}")
    return "slack_thread", "\n".join(lines)


def support_email(rng: random.Random) -> tuple[str, str]:
    cu, ag = person(rng, "en"), person(rng, "en")
    co = ctry(rng)
    addr, _ = address(rng, co, False)
    cc = card(rng)
    intro = rng.choice(["Rewrite this reply so it sounds more empathetic:\n\n", "Classify the sentiment of this email and suggest a refund category.\n\n", ""])
    body = (f"{intro}From: {P(cu.full)} <{E(cu.email)}>\nTo: {E('support@harbourline.co.uk')}\nSubject: Charged twice for order #HL-{rng.randint(100000, 999999)}\n\n"
            f"Hi {P(ag.first)},\n\nI was charged twice on my card {S('CREDIT_CARD', cc)} for the same order. "
            f"The parcel was supposed to be delivered to {L(addr)} but the tracking says it was returned.\n"
            f"Please call me on {PH(phone(rng, co))} — I'm home after 5pm.\n\nThanks,\n{P(cu.first)}")
    return "email_support", body


def hr_onboarding(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = rng.choice(["US", "US", "UK", "CA", "AU"])
    addr, _ = address(rng, co, rng.random() < 0.5)
    d, *_ = dob(rng, "us" if co == "US" else "uk")
    if co == "US":
        nid, nlab = ssn(rng), "SSN"
        bank = f"Routing number: {S('BANK_ACCOUNT', aba(rng))}\nAccount number: {S('BANK_ACCOUNT', nonluhn_digits(rng, rng.randint(10, 12)))}"
    elif co == "UK":
        nid, nlab = nino(rng), "National Insurance number"
        bank = f"Sort code: {S('BANK_ACCOUNT', uk_sort(rng))}\nAccount no: {S('BANK_ACCOUNT', rs(rng, DG, 8))}"
    elif co == "CA":
        nid, nlab = sin_ca(rng), "SIN"
        inst = rng.choice(["001", "002", "003", "004", "006"])
        acct = f"{rs(rng, DG, 5)}-{inst}-{rs(rng, DG, 7)}"
        bank = f"Transit/Institution/Account: {S('BANK_ACCOUNT', acct)}"
    else:
        nid, nlab = tfn(rng), "TFN"
        bsb = f"{rng.randint(10, 99):03d}-{rng.randint(0, 999):03d}"
        bank = f"BSB: {S('BANK_ACCOUNT', bsb)}  Account: {S('BANK_ACCOUNT', rs(rng, DG, 8))}"
    fmt = rng.randint(0, 1)
    if fmt == 0:
        txt = (f"{CM(rng.choice(MARK_EN))}\nNEW HIRE FORM\nLegal name: {P(p.full)}\nDate of birth: {S('DATE_OF_BIRTH', d)}\n"
               f"{nlab}: {S('NATIONAL_ID', nid)}\nHome address: {L(addr)}\nPersonal email: {E(p.email)}\nMobile: {PH(phone(rng, co))}\n{bank}\n"
               f"Start date: 2026-{rng.randint(1, 12):02d}-01\nManager: {P(person(rng, 'en').full)}")
        return "hr_form", "Can you check this onboarding form for missing fields?\n\n" + txt
    rows = [f"| Field | Value |", "|---|---|", f"| Name | {P(p.last_first)} |", f"| DOB | {S('DATE_OF_BIRTH', d)} |",
            f"| {nlab} | {S('NATIONAL_ID', nid)} |", f"| Address | {L(address(rng, co, False)[0])} |", f"| Phone | {PH(phone(rng, co))} |"]
    return "markdown_table", "Convert this table to JSON for the HRIS import:\n\n" + "\n".join(rows) + "\n\n" + bank


def env_file(rng: random.Random) -> tuple[str, str]:
    v1, k1 = api_key(rng, rng.choice(["stripe", "sendgrid", "openai", "twilio", "mailgun"]))
    dbpw = password(rng)
    host = rng.choice(["db.prod.internal", "pg-main.c9xk2.eu-west-1.rds.amazonaws.com", "10.20.3.14"])
    conn = f"postgresql://app_rw:{dbpw}@{host}:5432/orders"
    lines = ["# .env (prod) — why does the app say 'invalid DSN'?", "NODE_ENV=production", "PORT=8080",
             f"DATABASE_URL={S('CONNECTION_STRING', conn)}",
             f"AWS_ACCESS_KEY_ID={S('API_KEY', aws_key_id(rng))}", f"AWS_SECRET_ACCESS_KEY={S('API_KEY', aws_secret(rng))}",
             "AWS_REGION=eu-west-1", f"{v1.upper()}_API_KEY={S('API_KEY', k1)}",
             f"SESSION_SECRET={S('GENERIC_SECRET', generic_secret(rng, 'hex64'))}", "LOG_LEVEL=info",
             f"REDIS_URL=redis://{private_ipv4(rng)}:6379/0"]
    if rng.random() < 0.5:
        lines.append(f"ADMIN_PASSWORD={S('PASSWORD', password(rng))}")
    head = lines[:3]
    body = lines[3:]
    rng.shuffle(body)
    return "dotenv", "\n".join(head + body)


def k8s_secret(rng: random.Random) -> tuple[str, str]:
    pw = password(rng)
    v, tok = api_key(rng, rng.choice(["github", "gitlab", "slack", "datadog", "huggingface"]))
    doc = f"""apiVersion: v1
kind: Secret
metadata:
  name: billing-api
  namespace: payments
type: Opaque
stringData:
  DB_USER: billing
  DB_PASSWORD: {S('PASSWORD', pw)}
  {v.upper()}_TOKEN: "{S('API_KEY', tok)}"
  JWT_SIGNING_KEY: {S('GENERIC_SECRET', generic_secret(rng, rng.choice(['hex64', 'b64'])))}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-api
spec:
  replicas: {rng.randint(2, 6)}
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/billing-api:{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}
          envFrom:
            - secretRef:
                name: billing-api"""
    q = rng.choice(["The pod is in CrashLoopBackOff, here is the manifest:", "Why is kubectl apply complaining about this?", "convert to a SealedSecret please"])
    return "k8s_yaml", f"{q}\n\n```yaml\n{doc}\n```"


def docker_compose(rng: random.Random) -> tuple[str, str]:
    pw, pw2 = password(rng), password(rng)
    doc = f"""services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: keycloak
      POSTGRES_PASSWORD: {S('PASSWORD', pw)}
    volumes: ["pgdata:/var/lib/postgresql/data"]
  keycloak:
    image: quay.io/keycloak/keycloak:25.0
    environment:
      KC_DB_URL: jdbc:postgresql://db:5432/keycloak
      KEYCLOAK_ADMIN: admin
      KEYCLOAK_ADMIN_PASSWORD: "{S('PASSWORD', pw2)}"
    ports: ["8443:8443"]
  mongo:
    image: mongo:7
    command: ["--bind_ip_all"]
  worker:
    build: ./worker
    environment:
      - MONGO_URI={S('CONNECTION_STRING', f"mongodb://worker:{password(rng)}@mongo:27017/jobs?authSource=admin")}"""
    return "docker_compose", "Keycloak can't reach postgres with this compose file, any idea?\n\n" + doc


def terraform(rng: random.Random) -> tuple[str, str]:
    doc = f"""provider "aws" {{
  region     = "us-east-2"
  access_key = "{S('API_KEY', aws_key_id(rng))}"
  secret_key = "{S('API_KEY', aws_secret(rng))}"
}}

resource "aws_db_instance" "reporting" {{
  identifier        = "reporting-{rng.randint(1, 9)}"
  engine            = "mysql"
  instance_class    = "db.t3.medium"
  username          = "report_admin"
  password          = "{S('PASSWORD', password(rng))}"
  allocated_storage = {rng.choice([20, 50, 100])}
}}

resource "aws_security_group_rule" "office" {{
  type        = "ingress"
  from_port   = 3306
  to_port     = 3306
  protocol    = "tcp"
  cidr_blocks = ["{IP(public_ipv4(rng))}/32", "{private_ipv4(rng)}/32"]
}}"""
    return "terraform", rng.choice(["terraform plan fails with 'InvalidClientTokenId', here's main.tf:\n\n", "Refactor this into modules:\n\n"]) + doc


def python_code(rng: random.Random) -> tuple[str, str]:
    v, tok = api_key(rng, rng.choice(["openai", "anthropic", "google", "sendgrid", "slack", "github"]))
    p = person(rng, "en")
    code = f'''import requests

API_KEY = "{S('API_KEY', tok)}"  # TODO move to vault
NOTIFY = "{E(p.email)}"


def send_report(rows):
    resp = requests.post(
        "https://api.internal.example.net/v1/report",
        headers={{"Authorization": f"Bearer {{API_KEY}}"}},
        json={{"rows": rows, "notify": NOTIFY}},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["id"]
'''
    q = rng.choice(["This throws a 401 sometimes, why?", "Add retries with exponential backoff to this:", "write unit tests for send_report"])
    return "python_code", f"{q}\n\n```python\n{code}```"


def curl_cmd(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = ctry(rng)
    tok = jwt(rng, extra={"email": p.email} if False else None)
    body = (f"curl -X POST https://api.brightpathanalytics.com/v2/customers \\\n  -H 'Authorization: Bearer {S('JWT', tok)}' \\\n"
            f"  -H 'Content-Type: application/json' \\\n  -d '{{\"name\": \"{P(p.full)}\", \"email\": \"{E(p.email)}\", \"phone\": \"{PH(phone(rng, co))}\"}}'")
    q = rng.choice(["Convert this curl to Python requests:", "why do I get 422 Unprocessable Entity?", "Translate to a Postman collection"])
    return "curl", f"{q}\n\n{body}"


def access_log(rng: random.Random) -> tuple[str, str]:
    lines = []
    ips = [public_ipv4(rng) for _ in range(3)] + [public_ipv6(rng)]
    for i in range(rng.randint(5, 8)):
        ip = rng.choice(ips + [private_ipv4(rng)])
        lab = IP(ip) if ip in ips else ip
        path = rng.choice(["/api/login", "/wp-login.php", "/api/v1/orders?page=2", "/healthz", "/.env", "/static/app.js"])
        code = rng.choice([200, 200, 401, 404, 502, 301])
        lines.append(f'{lab} - - [07/Dec/2026:0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} +0000] "GET {path} HTTP/1.1" {code} {rng.randint(200, 9000)} "-" "Mozilla/5.0"')
    q = rng.choice(["Are these requests a brute-force attempt? nginx access.log:", "Which IPs should I block?", "explain the 502s"])
    return "nginx_log", q + "\n\n" + "\n".join(lines)


def stack_trace(rng: random.Random) -> tuple[str, str]:
    pw = password(rng)
    host = rng.choice(["mysql-prod-02.internal", public_ipv4(rng), "orders-db.cluster-cxq2.us-east-1.rds.amazonaws.com"])
    dsn = f"mysql+pymysql://orders:{pw}@{host}:3306/orders"
    tb = f"""Traceback (most recent call last):
  File "/srv/app/worker.py", line 88, in <module>
    engine = create_engine(settings.DB_URL, pool_pre_ping=True)
  File "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/engine/create.py", line 552, in create_engine
    raise exc.ArgumentError(
sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (2003, "Can't connect to MySQL server")
(Background on this error at: https://sqlalche.me/e/20/e3q8)
DB_URL={S('CONNECTION_STRING', dsn)}
request_id={uuid4(rng)}"""
    return "stack_trace", "Getting this in prod after the deploy, what's wrong?\n\n" + tb


def crm_csv(rng: random.Random) -> tuple[str, str]:
    sep = rng.choice([",", ";", "\t"])
    hdr = sep.join(["customer_id", "first_name", "last_name", "email", "phone", "city", "lifetime_value"])
    rows = [hdr]
    for _ in range(rng.randint(3, 6)):
        p = person(rng, "en")
        co = ctry(rng)
        _, city = address(rng, co)
        rows.append(sep.join([f"C{rng.randint(10000, 99999)}", P(p.first), P(p.last), E(p.email), PH(phone(rng, co)),
                              L(city), f"{rng.randint(50, 9000)}.{rng.randint(0, 99):02d}"]))
    q = rng.choice(["Find duplicates in this CRM export:", "Which customers have LTV over 1000?", "Write a pandas script to clean this csv"])
    return "csv_export", q + "\n\n" + "\n".join(rows)


def sql_insert(rng: random.Random) -> tuple[str, str]:
    vals = []
    for _ in range(rng.randint(2, 4)):
        p = person(rng, "en")
        vals.append(f"  ({rng.randint(1000, 9999)}, '{P(p.full)}', '{E(p.email)}', '{S('CREDIT_CARD', card(rng, fmt='plain'))}', '{rng.randint(1, 12):02d}/{rng.randint(27, 31)}')")
    sql = "INSERT INTO payment_methods (id, holder_name, email, pan, expiry) VALUES\n" + ",\n".join(vals) + ";"
    q = rng.choice(["This migration fails on MySQL 8 with a syntax error:", "Make this insert idempotent (upsert):", "Is storing PAN like this PCI compliant?"])
    return "sql", q + "\n\n" + sql


def json_api(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = rng.choice(["US", "UK"])
    addr, city = address(rng, co, False)
    d, *_ = dob(rng, "iso")
    nid = ssn(rng) if co == "US" else nino(rng)
    js = f"""{{
  "id": "{uuid4(rng)}",
  "fullName": "{P(p.full)}",
  "dateOfBirth": "{S('DATE_OF_BIRTH', d)}",
  "taxId": "{S('NATIONAL_ID', nid)}",
  "contact": {{"email": "{E(p.email)}", "mobile": "{PH(phone(rng, co))}"}},
  "address": "{L(addr)}",
  "kycStatus": "{rng.choice(['PENDING', 'APPROVED', 'MANUAL_REVIEW'])}",
  "createdAt": "2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T10:{rng.randint(10, 59)}:00Z"
}}"""
    q = rng.choice(["Write a TypeScript interface for this response:", "Why does the schema validator reject this?", "Generate a JSON schema from:"])
    return "json", q + "\n\n" + js


def medical_letter(rng: random.Random) -> tuple[str, str]:
    p, dr = person(rng, "en"), person(rng, "en")
    co = rng.choice(["UK", "US"])
    addr, _ = address(rng, co, True)
    d, *_ = dob(rng, "uk" if co == "UK" else "us")
    cond, cond2 = rng.sample(CONDITIONS["en"], 2)
    med = rng.choice(MEDS["en"])
    mrn = rng.choice([f"MRN {rs(rng, DG, 7)}", f"Hospital no. {rs(rng, UP, 1)}{rs(rng, DG, 7)}", f"Patient ID PT-{rs(rng, DG, 6)}"])
    lab, val = mrn.rsplit(" ", 1)
    txt = (f"{CM('PRIVATE & CONFIDENTIAL') if rng.random() < 0.5 else CM('CONFIDENTIAL')}\n\n{P(p.full)}\n{L(addr)}\n\n"
           f"{lab}: {S('MEDICAL_RECORD_NUMBER', val)}    DOB: {S('DATE_OF_BIRTH', d)}\n\nDear {P(p.first)},\n\n"
           f"Following your appointment on {rng.randint(1, 28)} November, I confirm the diagnosis of {S('MEDICAL_CONDITION', cond)}. "
           f"Given your history of {S('MEDICAL_CONDITION', cond2)}, we will start {S('MEDICATION', med)} at a low dose and review in six weeks.\n\n"
           f"Yours sincerely,\nDr {P(dr.full)}\nConsultant")
    return "medical_letter", rng.choice(["Simplify this letter so my dad understands it:\n\n", "Translate into plain English:\n\n"]) + txt


def meeting_notes(rng: random.Random) -> tuple[str, str]:
    ps = [person(rng, "en") for _ in range(4)]
    lines = [f"{CM(rng.choice(MARK_EN))}", f"Leadership sync — {rng.randint(1, 28)} Nov 2026",
             "Attendees: " + ", ".join(P(x.full) for x in ps[:3]),
             "", "1. Restructuring", f"   - {P(ps[3].full)} (Ops) will move to part-time from January; HR to confirm.",
             f"   - {P(ps[0].first)} to draft comms, do NOT share before the all-hands.",
             "2. Project Lighthouse budget approved at 1.2M",
             f"3. AOB: {P(ps[1].first)} out on medical leave ({S('MEDICAL_CONDITION', rng.choice(CONDITIONS['en']))}) until further notice"]
    return "meeting_notes", rng.choice(["Turn these notes into an email to the team:\n\n", "Summarise:\n\n"]) + "\n".join(lines)


def legal_contract(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "en"), person(rng, "en")
    ca, cb = rng.choice(["US", "UK"]), rng.choice(["US", "UK"])
    txt = (f"{CM('CONFIDENTIAL')}\n\nSETTLEMENT AGREEMENT\n\nThis Agreement is made between {P(a.full)}, residing at {L(address(rng, ca, False)[0])} "
           f"(\"the Employee\"), and Northwind Logistics Ltd (\"the Company\").\n\n1. The Company shall pay the Employee the sum of £{rng.randint(8, 60)},000 "
           f"into the account IBAN {S('IBAN_CODE', iban(rng, 'GB'))} within 14 days.\n2. The Employee's witness is {P(b.full)} of {L(address(rng, cb, False)[0])}.\n"
           f"3. Governing law: England and Wales.")
    return "legal_contract", rng.choice(["Check clause 1 for ambiguity:\n\n", "Does this settlement look standard?\n\n"]) + txt


def email_signature(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = ctry(rng)
    addr, _ = address(rng, co, True)
    sig = (f"Thanks for the quick turnaround on the PO!\n\nBest regards,\n\n{P(p.full)}\nSenior Procurement Manager | Kestrel Health\n"
           f"M: {PH(phone(rng, co))}\nE: {E(p.email)}\n{L(addr)}")
    return "email_signature", "Extract the contact details from this email into a vCard:\n\n" + sig


def shipping_label(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = ctry(rng)
    addr, _ = address(rng, co, True)
    t = (f"SHIP TO:\n{P(p.full.upper()) if rng.random() < 0.3 else P(p.full)}\n{L(addr)}\nTEL {PH(phone(rng, co))}\n\n"
         f"WEIGHT {rng.randint(1, 20)}.{rng.randint(0, 9)} KG   SERVICE: EXPRESS\nREF PO-{rng.randint(10000, 99999)}")
    return "shipping_label", "OCR output from a label, please clean it up:\n\n" + t


def invoice(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    cc = rng.choice(["GB", "DE", "NL", "BE"])
    t = (f"INVOICE INV-2026-{rng.randint(1000, 9999)}\nBill to: {P(p.full)}\n{L(address(rng, 'UK', rng.random() < 0.5)[0])}\n\n"
         f"Consulting services (Nov)   {rng.randint(20, 90)}h x 85.00\nVAT GB{rng.randint(100000000, 999999999)}\n\n"
         f"Pay to: Fenwick & Hale Design\nIBAN: {S('IBAN_CODE', iban(rng, cc))}\nBIC: {rs(rng, UP, 6)}2L")
    return "invoice", "Is the VAT on this invoice calculated right?\n\n" + t


def git_diff(rng: random.Random) -> tuple[str, str]:
    v, tok = api_key(rng, rng.choice(["github", "npm", "stripe", "slack", "digitalocean", "shopify"]))
    old = f"-const TOKEN = \"{S('API_KEY', tok)}\";\n+const TOKEN = process.env.{v.upper()}_TOKEN;"
    d = f"""diff --git a/src/client.ts b/src/client.ts
index {sha(rng, 7)}..{sha(rng, 7)} 100644
--- a/src/client.ts
+++ b/src/client.ts
@@ -3,7 +3,7 @@ import fetch from "node-fetch";
 
{old}
 
 export async function listRepos(org: string) {{
   const res = await fetch(`https://api.example.com/orgs/${{org}}/repos`, {{
     headers: {{ Authorization: `token ${{TOKEN}}` }},"""
    return "git_diff", "Write a commit message for this diff:\n\n" + d


def private_key_paste(rng: random.Random) -> tuple[str, str]:
    k = pem_key(rng)
    ip = public_ipv4(rng)
    t = (f"ssh -i deploy_key ubuntu@{IP(ip)} gives 'Load key \"deploy_key\": invalid format'. This is the key file:\n\n{S('PRIVATE_KEY', k)}\n\nwhat's wrong with it?")
    return "private_key", t


def cli_history(rng: random.Random) -> tuple[str, str]:
    ip = public_ipv4(rng)
    lines = [f"  501  export AWS_ACCESS_KEY_ID={S('API_KEY', aws_key_id(rng))}",
             f"  502  export AWS_SECRET_ACCESS_KEY={S('API_KEY', aws_secret(rng))}",
             "  503  aws s3 ls s3://acme-backups/2026/",
             f"  504  mysql -h {IP(ip)} -u backup -p'{S('PASSWORD', password(rng))}' -e 'show databases'",
             f"  505  ssh admin@{IP(public_ipv4(rng))} -p 2222",
             f"  506  ping -c 3 {private_ipv4(rng)}", "  507  history | tail"]
    if rng.random() < 0.5:
        lines.insert(3, f"  503  export GITHUB_TOKEN={S('API_KEY', api_key(rng, 'github')[1])}")
    return "shell_history", "Explain what this person was doing (bash history from a compromised box):\n\n" + "\n".join(lines)


def ansible_vars(rng: random.Random) -> tuple[str, str]:
    hosts = [public_ipv4(rng) for _ in range(rng.randint(2, 3))]
    inv = "[web]\n" + "\n".join(f"web{i + 1} ansible_host={IP(h)}" for i, h in enumerate(hosts))
    inv += f"\n\n[web:vars]\nansible_user=deploy\nansible_password={S('PASSWORD', password(rng))}\nansible_become_pass={S('PASSWORD', password(rng))}"
    return "ansible_inventory", "Why does ansible say 'Permission denied (publickey,password)'?\n\n" + inv


def whatsapp_export(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "en"), person(rng, "en")
    co = ctry(rng)
    d = f"{rng.randint(1, 28):02d}/11/2026"
    lines = [f"[{d}, {ts(rng)}:{rng.randint(10, 59)}] {P(a.full)}: Hey, new flat is {L(address(rng, co, False)[0])}",
             f"[{d}, {ts(rng)}:{rng.randint(10, 59)}] {P(b.full)}: nice!! send me your bank details for the deposit split",
             f"[{d}, {ts(rng)}:{rng.randint(10, 59)}] {P(a.full)}: " + (f"sort code {S('BANK_ACCOUNT', uk_sort(rng))} acc {S('BANK_ACCOUNT', rs(rng, DG, 8))}" if co == "UK" else f"IBAN {S('IBAN_CODE', iban(rng, 'GB'))}"),
             f"[{d}, {ts(rng)}:{rng.randint(10, 59)}] {P(b.full)}: done 👍 my new number is {PH(phone(rng, co))} btw"]
    return "whatsapp_export", "Summarise who owes what from this chat:\n\n" + "\n".join(lines)


def support_ticket_net(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    t = (f"Ticket #{rng.randint(100000, 999999)} — Router keeps dropping\nRequester: {P(p.full)} ({E(p.email)})\n"
         f"Device MAC: {S('MAC_ADDRESS', mac(rng))}\nWAN IP: {IP(public_ipv4(rng))}\nLAN: {private_ipv4(rng)}/24\n"
         f"Firmware 3.2.{rng.randint(0, 9)}\n\nCustomer says the connection drops every evening around 8pm. Already power-cycled.")
    return "support_ticket", rng.choice(["Suggest troubleshooting steps:\n\n", "Draft a reply to this ticket:\n\n"]) + t


def router_config(rng: random.Random) -> tuple[str, str]:
    t = f"""hostname edge-rtr-{rng.randint(1, 9)}
!
enable secret 5 {S('PASSWORD', password(rng))}
username netadmin privilege 15 password 0 {S('PASSWORD', password(rng))}
!
interface GigabitEthernet0/0
 description WAN-uplink
 ip address {IP(public_ipv4(rng))} 255.255.255.252
 mac-address {S('MAC_ADDRESS', mac(rng))}
!
interface GigabitEthernet0/1
 ip address {private_ipv4(rng)} 255.255.255.0
!
snmp-server community {S('GENERIC_SECRET', rs(rng, ALNUM, 16))} RO
ip route 0.0.0.0 0.0.0.0 {IP(public_ipv4(rng))}"""
    return "network_config", "Audit this Cisco config for security issues:\n\n" + t


def wire_request(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "en"), person(rng, "en")
    cc = rng.choice(["DE", "FR", "ES", "NL", "IT", "BE"])
    t = (f"From: {P(a.full)} <{E(a.email)}>\nSubject: URGENT wire before EOD\n\n{P(b.first)}, please process a payment of EUR {rng.randint(5, 90)},{rng.randint(100, 999)} "
         f"to our new supplier today.\nBeneficiary: {P(person(rng, 'en').full)}\nIBAN {S('IBAN_CODE', iban(rng, cc))}\n"
         f"I'm in meetings all day, don't call. Reply by email only.\n\n{P(a.first)}")
    return "email_finance", "Is this email a CEO-fraud attempt?\n\n" + t


def crypto_support(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    w1, w2 = crypto(rng), crypto(rng)
    t = (f"Customer {P(p.full)} says {'her' if p.sex == 'F' else 'his'} withdrawal of 0.{rng.randint(10, 99)} went to the wrong wallet.\n"
         f"Expected: {S('CRYPTO', w1)}\nActual:   {S('CRYPTO', w2)}\nTx hash: 0x{sha(rng, 64)}\nEmail on file: {E(p.email)}")
    return "crypto_ticket", "Write a response template for cases like this:\n\n" + t


def payroll_tsv(rng: random.Random) -> tuple[str, str]:
    co = rng.choice(["CA", "AU", "US"])
    rows = ["emp_no\tname\ttax_id\tbank\tgross"]
    for _ in range(rng.randint(3, 5)):
        p = person(rng, "en")
        if co == "CA":
            tid, bank = sin_ca(rng), f"{rs(rng, DG, 5)}-{rng.choice(['001', '003', '004'])}-{rs(rng, DG, 7)}"
        elif co == "AU":
            tid, bank = tfn(rng), f"{rng.randint(10, 99):03d}-{rng.randint(0, 999):03d} {rs(rng, DG, 8)}"
        else:
            tid, bank = ssn(rng), f"{aba(rng)}/{nonluhn_digits(rng, 10)}"
        if co == "AU":
            bsb, acct = bank.split(" ")
            bank_m = f"{S('BANK_ACCOUNT', bsb)} {S('BANK_ACCOUNT', acct)}"
        elif co == "US":
            r, acct = bank.split("/")
            bank_m = f"{S('BANK_ACCOUNT', r)}/{S('BANK_ACCOUNT', acct)}"
        else:
            bank_m = S("BANK_ACCOUNT", bank)
        rows.append(f"E{rng.randint(100, 999)}\t{P(p.last_first)}\t{S('NATIONAL_ID', tid)}\t{bank_m}\t{rng.randint(3000, 9000)}.00")
    return "tsv_payroll", "Sum the gross column and flag anomalies:\n\n" + "\n".join(rows)


def spring_yaml(rng: random.Random) -> tuple[str, str]:
    pw = password(rng)
    t = f"""spring:
  datasource:
    url: jdbc:postgresql://{rng.choice(['pg.prod.local', IP(public_ipv4(rng))])}:5432/crm
    username: crm_app
    password: {S('PASSWORD', pw)}
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: {S('API_KEY', api_key(rng, 'sendgrid')[1])}
jwt:
  secret: {S('GENERIC_SECRET', generic_secret(rng, 'b64'))}
  expiration: 86400"""
    if "prod.local" not in t:
        # the public host inside jdbc url is a standalone network value here
        pass
    return "spring_config", "Spring Boot won't start: 'Failed to configure a DataSource'. application.yml:\n\n" + t


def interview_transcript(rng: random.Random) -> tuple[str, str]:
    i, c = person(rng, "en"), person(rng, "en")
    ci = rng.choice(["US", "UK"])
    _, city = address(rng, ci)
    t = (f"{P(i.first.upper())}: Thanks for joining. Can you tell me a bit about yourself?\n"
         f"{P(c.first.upper())}: Sure. I'm {P(c.full)}, I've been at Harbourline for six years, currently based in {L(city)}.\n"
         f"{P(i.first.upper())}: And why are you looking to move?\n"
         f"{P(c.first.upper())}: Honestly, after my {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['en']))} diagnosis I need more flexibility.\n"
         f"{P(i.first.upper())}: Understood. What are your salary expectations?")
    return "transcript", "Score this candidate against the rubric below.\n\n" + t


def travel_booking(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    cc = rng.choice(["US", "GB"])
    d, *_ = dob(rng, "uk")
    t = (f"Please book the Lisbon offsite flights for:\n\nPassenger: {P(p.last.upper())}/{P(p.first.upper())} {'MS' if p.sex == 'F' else 'MR'}\n"
         f"Passport: {S('NATIONAL_ID', passport(rng, cc))} (exp 2031)\nDate of birth: {S('DATE_OF_BIRTH', d)}\nMobile: {PH(phone(rng, 'UK' if cc == 'GB' else 'US'))}\n"
         f"Frequent flyer: BA{rs(rng, DG, 8)}\nMeal: vegetarian")
    return "travel_request", t


def jwt_debug(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    tok = jwt(rng, extra={"scope": "read:orders write:orders"})
    t = f"Decode this token and tell me why /orders returns 403:\n\n{S('JWT', tok)}\n\nuser is {P(p.full)}, role should be ops-admin"
    return "jwt_question", t


def webhook_cfg(rng: random.Random) -> tuple[str, str]:
    t = (f"alerting:\n  receivers:\n    - name: ops-slack\n      slack_configs:\n        - api_url: {S('API_KEY', slack_webhook(rng))}\n          channel: '#alerts-prod'\n"
         f"    - name: dev-discord\n      webhook_configs:\n        - url: {S('API_KEY', discord_webhook(rng))}\n"
         f"    - name: pager\n      pagerduty_configs:\n        - routing_key: {S('API_KEY', rs(rng, HEX, 32))}")
    return "alertmanager_yaml", "Alertmanager isn't sending anything to Slack. Config:\n\n" + t


def gha_workflow(rng: random.Random) -> tuple[str, str]:
    t = f"""name: publish
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm ci && npm run build
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: {S('API_KEY', api_key(rng, 'npm')[1])}
      - run: curl -X POST -H 'Content-type: application/json' --data '{{"text":"released"}}' {S('API_KEY', slack_webhook(rng))}"""
    return "github_actions", "Why is npm publish failing with E401 in this workflow?\n\n" + t


def registry_rc(rng: random.Random) -> tuple[str, str]:
    k = rng.randint(0, 1)
    if k == 0:
        t = f"[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = {S('API_KEY', api_key(rng, 'pypi')[1])}"
        return "pypirc", "twine upload says 403 Forbidden, here's ~/.pypirc:\n\n" + t
    t = f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={S('API_KEY', api_key(rng, 'npm')[1])}\n@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken={S('API_KEY', api_key(rng, 'github')[1])}"
    return "npmrc", "npm install fails for @acme packages. .npmrc:\n\n" + t


def classified_memo(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    mk = rng.choice(["SECRET//NOFORN", "TOP SECRET//SI//NOFORN", "SECRET//REL TO USA, GBR", "CONFIDENTIAL//NOFORN"])
    t = (f"{CM(mk)}\n\nMEMORANDUM FOR RECORD\nSUBJECT: Vendor access review\n\n1. Contractor {P(p.full)} retained badge access after offboarding.\n"
         f"2. Access logs show logins from {IP(public_ipv4(rng))} on three occasions.\n\n{CM(mk)}")
    return "memo", "Rewrite this memo in a more concise style, keep the markings:\n\n" + t


def mongo_code(rng: random.Random) -> tuple[str, str]:
    user = rng.choice(["analytics", "svc_reporting", "admin"])
    uri = f"mongodb+srv://{user}:{password(rng)}@cluster0.{rs(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net/prod?retryWrites=true&w=majority"
    code = f"""const {{ MongoClient }} = require("mongodb");
const client = new MongoClient("{S('CONNECTION_STRING', uri)}");

async function topCustomers() {{
  await client.connect();
  return client.db("prod").collection("orders").aggregate([
    {{ $group: {{ _id: "$customerId", total: {{ $sum: "$amount" }} }} }},
    {{ $sort: {{ total: -1 }} }}, {{ $limit: 10 }}
  ]).toArray();
}}"""
    return "js_code", "Optimise this aggregation:\n\n" + code


def cookie_paste(rng: random.Random) -> tuple[str, str]:
    t = (f"GET /admin/reports HTTP/2\nHost: portal.northwind-logistics.com\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\n"
         f"Cookie: _ga=GA1.2.{rng.randint(10**8, 10**9)}.{rng.randint(10**9, 2 * 10**9)}; sessionid={S('GENERIC_SECRET', rs(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 32))}; csrftoken={S('GENERIC_SECRET', rs(rng, ALNUM, 64))}\n"
         f"X-Forwarded-For: {IP(public_ipv4(rng))}\nAccept: text/html")
    return "http_request", "Why does this request get redirected to login?\n\n" + t


def oncall_wiki(rng: random.Random) -> tuple[str, str]:
    rows = ["{| class=\"wikitable\"", "! Week !! Primary !! Phone !! Backup"]
    for w in range(rng.randint(3, 4)):
        a, b = person(rng, "en"), person(rng, "en")
        rows.append(f"|-\n| W{48 + w} || {P(a.full)} || {PH(phone(rng, ctry(rng)))} || {P(b.first)}")
    rows.append("|}")
    return "wiki_markup", "Convert this MediaWiki table to Markdown:\n\n" + "\n".join(rows)


def expense_sheet(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    rows = ["Date\tMerchant\tAmount\tCard\tNotes"]
    cc = card(rng, rng.choice(["visa", "amex", "mc"]))
    for _ in range(rng.randint(3, 5)):
        rows.append(f"2026-11-{rng.randint(1, 28):02d}\t{rng.choice(['Uber', 'Pret A Manger', 'Marriott', 'Amtrak', 'Delta'])}\t{rng.randint(5, 480)}.{rng.randint(0, 99):02d}\t{S('CREDIT_CARD', cc)}\t")
    return "spreadsheet", f"Expenses for {P(p.full)} — categorise these for the Concur report:\n\n" + "\n".join(rows)


def incident_report(rng: random.Random) -> tuple[str, str]:
    v = person(rng, "en")
    t = (f"{CM('TLP:AMBER')}\nIncident IR-2026-{rng.randint(100, 999)}: credential phishing\n\n- {ts(rng)} UTC user {P(v.full)} ({E(v.email)}) entered credentials on a lookalike page\n"
         f"- Attacker logged in from {IP(public_ipv4(rng))} and {IP(public_ipv6(rng))}\n- Mailbox rule created forwarding to {E('invoices.' + rs(rng, 'abcdefghijklmnopqrstuvwxyz', 6) + '@proton.me')}\n"
         f"- Password reset at {ts(rng)}; MFA re-enrolled. Internal hosts touched: {private_ipv4(rng)}, {private_ipv4(rng)}")
    return "incident_report", "Write an executive summary of this incident:\n\n" + t


def lease(rng: random.Random) -> tuple[str, str]:
    ll, tn = person(rng, "en"), person(rng, "en")
    co = rng.choice(["UK", "US"])
    t = (f"ASSURED SHORTHOLD TENANCY AGREEMENT\n\nProperty: {L(address(rng, co, False)[0])}\nLandlord: {P(ll.full)}\nTenant: {P(tn.full)}\n"
         f"Rent: £{rng.randint(700, 2200)} per calendar month, payable to sort code {S('BANK_ACCOUNT', uk_sort(rng))}, account {S('BANK_ACCOUNT', rs(rng, DG, 8))}\n"
         f"Deposit: protected with the DPS. Tenant contact: {PH(phone(rng, 'UK'))}")
    return "lease", "Is there anything unusual in this tenancy agreement?\n\n" + t


def insurance_claim(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    d, *_ = dob(rng, "uk")
    t = (f"Claim form — income protection\nClaimant: {P(p.full)}\nDate of birth: {S('DATE_OF_BIRTH', d)}\nNI number: {S('NATIONAL_ID', nino(rng))}\n"
         f"Diagnosis: {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['en']))}\nCurrent treatment: {S('MEDICATION', rng.choice(MEDS['en']))} and physiotherapy\n"
         f"GP practice ref: {S('MEDICAL_RECORD_NUMBER', rs(rng, DG, 3) + ' ' + rs(rng, DG, 3) + ' ' + rs(rng, DG, 4))}")
    return "insurance_form", "Summarise this claim for the underwriter:\n\n" + t


def teams_chat(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "en"), person(rng, "en")
    italy = rng.random() < 0.4
    lines = [f"[{ts(rng)}] {P(a.full)}", "can you set up payroll for the new starter?",
             f"[{ts(rng)}] {P(b.full)}", "sure, send me the details",
             f"[{ts(rng)}] {P(a.full)}"]
    if italy:
        lines.append(f"codice fiscale {S('NATIONAL_ID', codice_fiscale(rng))}, IBAN {S('IBAN_CODE', iban(rng, 'IT'))}")
    else:
        lines.append(f"NI {S('NATIONAL_ID', nino(rng))} and IBAN {S('IBAN_CODE', iban(rng, 'GB'))}")
    lines += [f"[{ts(rng)}] {P(b.full)}", "👍 on it"]
    return "teams_chat", "Turn this Teams chat into a checklist:\n\n" + "\n".join(lines)


def calendar_invite(rng: random.Random) -> tuple[str, str]:
    o = person(rng, "en")
    att = [person(rng, "en") for _ in range(rng.randint(2, 4))]
    t = ("BEGIN:VEVENT\nSUMMARY:Quarterly review — Brightpath\nDTSTART:20261215T140000Z\nDTEND:20261215T150000Z\n"
         f"ORGANIZER;CN={P(o.full)}:mailto:{E(o.email)}\n" + "\n".join(f"ATTENDEE;CN={P(x.full)};ROLE=REQ-PARTICIPANT:mailto:{E(x.email)}" for x in att)
         + f"\nLOCATION:Meeting room 4B\nDESCRIPTION:Dial-in from mobile: {PH(phone(rng, 'UK'))}\nEND:VEVENT")
    return "ics_invite", "Parse this invite and list the attendees:\n\n" + t


def crypto_payment(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    t = (f"Hi {P(p.first)},\n\nAs agreed, the retainer can be paid in USDC (ERC-20) to {S('CRYPTO', eth_addr(rng))} or in BTC to {S('CRYPTO', btc_bech32(rng))}.\n"
         f"Please send the tx id once done.\n\nRegards")
    return "email_payment", "Make this email more formal:\n\n" + t


def mixed_ipv6_ops(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    t = (f"{P(p.first)} says the home office VPN fails. Her router shows WAN {IP(public_ipv6(rng))} and IPv4 {IP(public_ipv4(rng))}, "
         f"laptop MAC {S('MAC_ADDRESS', mac(rng))}, gets {private_ipv4(rng)} from DHCP. DNS resolver is {private_ipv4(rng)}.")
    return "it_note", "What should I check first?\n\n" + t


EN_POS = [slack_thread, support_email, hr_onboarding, env_file, k8s_secret, docker_compose, terraform, python_code, curl_cmd,
          access_log, stack_trace, crm_csv, sql_insert, json_api, medical_letter, meeting_notes, legal_contract, email_signature,
          shipping_label, invoice, git_diff, private_key_paste, cli_history, ansible_vars, whatsapp_export, support_ticket_net,
          router_config, wire_request, crypto_support, payroll_tsv, spring_yaml, interview_transcript, travel_booking, jwt_debug,
          webhook_cfg, gha_workflow, registry_rc, classified_memo, mongo_code, cookie_paste, oncall_wiki, expense_sheet,
          incident_report, lease, insurance_claim, teams_chat, calendar_invite, crypto_payment, mixed_ipv6_ops]


def sepa_xml(rng: random.Random) -> tuple[str, str]:
    dbtr, cdtr = person(rng, "en", "es") if rng.random() < 0.3 else person(rng, "en"), person(rng, "en")
    t = f"""<CdtTrfTxInf>
  <PmtId><EndToEndId>E2E-{rng.randint(10**6, 10**7)}</EndToEndId></PmtId>
  <Amt><InstdAmt Ccy="EUR">{rng.randint(100, 9000)}.{rng.randint(0, 99):02d}</InstdAmt></Amt>
  <Cdtr><Nm>{P(cdtr.full)}</Nm><PstlAdr><AdrLine>{L(address(rng, rng.choice(['UK', 'US']), False)[0])}</AdrLine></PstlAdr></Cdtr>
  <CdtrAcct><Id><IBAN>{S('IBAN_CODE', iban(rng, rng.choice(['DE', 'NL', 'FR', 'ES']), False))}</IBAN></Id></CdtrAcct>
  <RmtInf><Ustrd>Invoice {rng.randint(1000, 9999)} / {P(dbtr.last)}</Ustrd></RmtInf>
</CdtTrfTxInf>"""
    return "xml", rng.choice(["Why does the bank reject this pain.001 fragment?", "Add the BIC element to this XML:"]) + "\n\n" + t


def git_commit_meta(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "en"), person(rng, "en")
    t = (f"commit {sha(rng)}\nAuthor: {P(a.full)} <{E(a.email)}>\nDate:   Tue Nov {rng.randint(10, 28)} 14:{rng.randint(10, 59)}:02 2026 +0000\n\n"
         f"    hotfix: temporarily hardcode staging creds\n\n    Co-authored-by: {P(b.full)} <{E(b.email)}>\n\n"
         f"diff --git a/config/staging.yml b/config/staging.yml\n+  api_token: {S('API_KEY', api_key(rng, rng.choice(['linear', 'notion', 'atlassian', 'vault']))[1])}\n"
         f"+  basic_auth: \"deploy:{S('PASSWORD', password(rng))}\"")
    return "git_show", "Help me write a postmortem about this commit:\n\n" + t


def postman_env(rng: random.Random) -> tuple[str, str]:
    t = f"""{{
  "name": "Payments – PROD",
  "values": [
    {{"key": "baseUrl", "value": "https://api.northwind-logistics.com", "enabled": true}},
    {{"key": "clientId", "value": "{uuid4(rng)}", "enabled": true}},
    {{"key": "clientSecret", "value": "{S('GENERIC_SECRET', rs(rng, ALNUM + '~._-', 40))}", "enabled": true}},
    {{"key": "accessToken", "value": "{S('JWT', jwt(rng))}", "enabled": true}},
    {{"key": "testCard", "value": "4111111111111111", "enabled": true}}
  ]
}}"""
    return "postman_env", "Convert this Postman environment to a .env file:\n\n" + t


def basic_auth_curl(rng: random.Random) -> tuple[str, str]:
    user = rng.choice(["admin", "svc-export", "jenkins", "reporting"])
    ip = public_ipv4(rng)
    t = (f"curl -sk -u {user}:{S('PASSWORD', password(rng))} https://{IP(ip)}:9200/_cat/indices?v\n"
         f"curl -sk -H \"Authorization: ApiKey {S('API_KEY', rs(rng, B64, 60) + '==')}\" https://{IP(ip)}:9200/_cluster/health")
    return "curl", rng.choice(["Elasticsearch returns 401 for the second command but not the first, why?", "Make a bash script that loops over these:"]) + "\n\n" + t


def ai_prompt_personal(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "en")
    co = rng.choice(["US", "UK"])
    d, *_ = dob(rng, "us" if co == "US" else "uk")
    nid = ssn(rng) if co == "US" else nino(rng)
    t = rng.choice([
        f"I'm filling in a mortgage form. My name is {P(p.full)}, born {S('DATE_OF_BIRTH', d)}, {'SSN' if co == 'US' else 'NI no.'} {S('NATIONAL_ID', nid)}, and I live at {L(address(rng, co, False)[0])}. Can you write a cover letter explaining a gap in my employment?",
        f"write a short bio for the team page: {P(p.first)} ({E(p.email)}, {PH(phone(rng, co))}) joined us from Kestrel Health, lives in {L(address(rng, co)[1])} with two dogs.",
        f"my manager {P(p.full)} keeps asking for my {'SSN' if co == 'US' else 'NI number'} ({S('NATIONAL_ID', nid)}) over Slack. Is that normal? How should I respond?",
    ])
    return "chat_prompt", t


def tls_secret(rng: random.Random) -> tuple[str, str]:
    k = pem_key(rng, rng.choice(["RSA", "EC", "PRIVATE"]))
    ind = "\n".join("    " + ln for ln in k.split("\n"))
    t = f"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: portal-tls\nstringData:\n  tls.key: |\n{ind[:4]}{S('PRIVATE_KEY', ind[4:])}\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIID...truncated...\n    -----END CERTIFICATE-----"
    return "k8s_yaml", "ingress-nginx says 'tls: private key does not match public key'. secret:\n\n" + t


EN_POS += [sepa_xml, git_commit_meta, postman_env, basic_auth_curl, ai_prompt_personal, tls_secret]


def messy_note(rng: random.Random) -> tuple[str, str]:
    p, q = person(rng, "en"), person(rng, "en")
    co = ctry(rng)
    t = rng.choice([
        f"notes from call w/ {P(p.first)}({PH(phone(rng, co))})/email:{E(p.email)};wants refund->card#{S('CREDIT_CARD', card(rng, fmt='plain'))}.exp {rng.randint(1, 12):02d}/{rng.randint(27, 31)}",
        f"{P(q.full)}:{PH(phone(rng, co))}|{E(q.email)}|{L(address(rng, co, False)[0])}|VIP",
        f"[{rng.randint(8, 17)}:{rng.randint(10, 59)}]{P(p.full)}>> pwd reset done, temp pw={S('PASSWORD', password(rng))} (ask {P(q.first)} to rotate)",
        f"DOB:{S('DATE_OF_BIRTH', dob(rng, 'us')[0])},SSN:{S('NATIONAL_ID', ssn(rng))},name:{P(p.last_first)},ip:{IP(public_ipv4(rng))}",
    ])
    return "scratch_note", rng.choice(["clean up these notes:", "turn into a CRM entry:", "fix formatting"]) + "\n\n" + t


EN_POS.append(messy_note)


# ======================================================================
# French / Spanish / German / Dutch positive templates
# ======================================================================
P = lambda v: S("PERSON", v)  # noqa: E731
E = lambda v: S("EMAIL_ADDRESS", v)  # noqa: E731
PH = lambda v: S("PHONE_NUMBER", v)  # noqa: E731
L = lambda v: S("LOCATION", v)  # noqa: E731
IP = lambda v: S("IP_ADDRESS", v)  # noqa: E731
CM = lambda v: S("CLASSIFICATION_MARKING", v)  # noqa: E731

MARK_FR = ["CONFIDENTIEL", "STRICTEMENT CONFIDENTIEL", "DIFFUSION RESTREINTE", "Usage interne uniquement", "CONFIDENTIEL RH"]
MARK_ES = ["CONFIDENCIAL", "ESTRICTAMENTE CONFIDENCIAL", "USO INTERNO", "DIFUSIÓN LIMITADA", "Confidencial – RR. HH."]


def naf(rng: random.Random) -> str:
    body = f"{rng.randint(1, 52):02d}{rs(rng, DG, 8)}"
    return f"{body[:2]}/{body[2:]}/{int(body) % 97:02d}"


def curp_check(s17: str) -> str:
    alpha = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    tot = sum(alpha.index(c) * (18 - i) for i, c in enumerate(s17))
    return str((10 - tot % 10) % 10)


def hm(rng: random.Random) -> str:
    return f"{rng.randint(8, 19)}:{rng.randint(0, 59):02d}"


# ------------------------------------------------------------------ French
def fr_fiche_salarie(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    d, y, m, _ = dob(rng, "fr")
    nid = nir(rng, "2" if p.sex == "F" else "1", y % 100, m)
    addr, _ = address(rng, "FR", rng.random() < 0.5)
    t = (f"{CM(rng.choice(MARK_FR))}\nFICHE D'EMBAUCHE\nNom : {P(p.last.upper())}\nPrénom : {P(p.first)}\nNé(e) le : {S('DATE_OF_BIRTH', d)}\n"
         f"N° de sécurité sociale : {S('NATIONAL_ID', nid)}\nAdresse : {L(addr)}\nTél. portable : {PH(phone(rng, 'FR'))}\n"
         f"Courriel : {E(p.email)}\nIBAN : {S('IBAN_CODE', iban(rng, 'FR'))}\nPoste : chargé(e) de clientèle — CDI")
    return "hr_form", rng.choice(["Peux-tu vérifier que cette fiche est complète ?\n\n", "Transforme cette fiche en JSON :\n\n"]) + t


def fr_reclamation(rng: random.Random) -> tuple[str, str]:
    c, a = person(rng, "fr"), person(rng, "fr")
    addr, _ = address(rng, "FR", False)
    t = (f"De : {P(c.full)} <{E(c.email)}>\nObjet : Colis jamais reçu – commande n° {rng.randint(10**7, 10**8)}\n\nBonjour {P(a.first)},\n\n"
         f"Je n'ai toujours pas reçu ma commande. L'adresse de livraison est bien {L(addr)}. "
         f"J'ai été débitée deux fois sur ma carte {S('CREDIT_CARD', card(rng))}.\nMerci de me rappeler au {PH(phone(rng, 'FR'))}.\n\nCordialement,\n{P(c.full)}")
    return "email_support", rng.choice(["Rédige une réponse polie à ce client :\n\n", "Résume cette réclamation en une phrase :\n\n"]) + t


def fr_compte_rendu(rng: random.Random) -> tuple[str, str]:
    ps = [person(rng, "fr") for _ in range(4)]
    t = (f"{CM(rng.choice(MARK_FR))}\nCompte rendu – Comité de direction du {rng.randint(1, 28)}/11/2026\nPrésents : {', '.join(P(x.full) for x in ps[:3])}\n\n"
         f"1. Plan social : {P(ps[3].full)} quittera l'équipe au 31 janvier.\n2. Arrêt maladie de {P(ps[1].first)} prolongé ({S('MEDICAL_CONDITION', rng.choice(CONDITIONS['fr']))}).\n"
         f"3. Budget projet Phénix validé.\nProchaine réunion : jeudi.")
    return "meeting_notes", "Fais une synthèse en 3 points :\n\n" + t


def fr_medical(rng: random.Random) -> tuple[str, str]:
    p, dr = person(rng, "fr"), person(rng, "fr")
    d, *_ = dob(rng, "fr")
    t = (f"Compte rendu de consultation\nPatient : {P(p.full)}, né(e) le {S('DATE_OF_BIRTH', d)}\nN° dossier : {S('MEDICAL_RECORD_NUMBER', str(rng.randint(2015, 2026)) + '-' + rs(rng, DG, 6))}\n\n"
         f"Motif : suivi de {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['fr']))}.\nTraitement : {S('MEDICATION', rng.choice(MEDS['fr']))} matin et soir, "
         f"{S('MEDICATION', rng.choice(MEDS['fr']))} si douleur.\n\nDr {P(dr.full)}")
    return "medical_report", "Explique ce compte rendu avec des mots simples :\n\n" + t


def fr_teams(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "fr"), person(rng, "fr")
    lines = [f"{P(a.full)} {hm(rng)}", "tu peux me renvoyer les accès du serveur de recette ?",
             f"{P(b.full)} {hm(rng)}", f"ssh admin@{IP(public_ipv4(rng))} mdp : {S('PASSWORD', password(rng))}",
             f"{P(b.full)} {hm(rng)}", f"et la clé API Brevo : {S('API_KEY', 'xkeysib-' + rs(rng, '0123456789abcdef', 64) + '-' + rs(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 16))}",
             f"{P(a.full)} {hm(rng)}", f"merci {P(b.first)} !"]
    return "teams_chat", "Résume cette conversation :\n\n" + "\n".join(lines)


def fr_facture(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    addr, _ = address(rng, "FR", True)
    t = (f"FACTURE N° F2026-{rng.randint(100, 999)}\n\nClient :\n{P(p.full)}\n{L(addr)}\n\nPrestation : rénovation salle de bain — {rng.randint(2, 9)} {rng.randint(100, 999)},00 € TTC\n"
         f"TVA intracom. : FR{rng.randint(10, 99)}{rng.randint(100000000, 999999999)}\n\nRèglement par virement :\nIBAN {S('IBAN_CODE', iban(rng, 'FR', True))}\nBIC {rs(rng, UP, 6)}PP")
    return "invoice", "Vérifie le calcul de TVA :\n\n" + t


def fr_env(rng: random.Random) -> tuple[str, str]:
    t = (f"# config prod – ne pas commiter !!\nDB_HOST={private_ipv4(rng)}\nDB_USER=compta\nDB_PASS={S('PASSWORD', password(rng))}\n"
         f"SMTP_URL={S('CONNECTION_STRING', 'smtp://noreply:' + password(rng) + '@smtp.atelier-lumiere.fr:587')}\n"
         f"STRIPE_SECRET_KEY={S('API_KEY', api_key(rng, 'stripe')[1])}\nJWT_SECRET={S('GENERIC_SECRET', generic_secret(rng, 'hex64'))}")
    return "dotenv", "Pourquoi mon app Symfony ne lit pas ces variables ?\n\n" + t


def fr_bail(rng: random.Random) -> tuple[str, str]:
    b, l = person(rng, "fr"), person(rng, "fr")
    t = (f"CONTRAT DE LOCATION\n\nEntre {P(b.full)}, demeurant {L(address(rng, 'FR', False)[0])}, ci-après « le bailleur »,\n"
         f"et {P(l.full)}, né(e) le {S('DATE_OF_BIRTH', dob(rng, 'fr')[0])}, ci-après « le locataire ».\n\nLe loyer de {rng.randint(500, 1400)} € est payable sur le compte "
         f"{S('IBAN_CODE', iban(rng, 'FR'))}.\nContact du locataire : {PH(phone(rng, 'FR'))} / {E(l.email)}")
    return "lease", "Y a-t-il des clauses abusives dans ce bail ?\n\n" + t


def fr_sms_livraison(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    addr, city = address(rng, "FR", False)
    t = (f"Tournée du {rng.randint(1, 28)}/12 – chauffeur {P(p.first)}\n"
         f"- {P(person(rng, 'fr').full)} – {L(addr)} – {PH(phone(rng, 'FR'))} – code porte {rng.randint(1000, 9999)}B\n"
         f"- {P(person(rng, 'fr').full)} – {L(address(rng, 'FR', False)[0])} – {PH(phone(rng, 'FR'))}\n- Retour dépôt avant 18h")
    return "delivery_list", "Optimise l'ordre de cette tournée :\n\n" + t


def fr_ticket_it(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    t = (f"Ticket INC{rng.randint(100000, 999999)}\nDemandeur : {P(p.full)} ({E(p.email)})\nPoste : PC-{rng.randint(1000, 9999)}  MAC {S('MAC_ADDRESS', mac(rng))}\n"
         f"IP publique box : {IP(public_ipv4(rng))}\nDescription : le VPN se coupe toutes les 10 minutes depuis la mise à jour.")
    return "support_ticket", "Propose un diagnostic :\n\n" + t


def fr_mutuelle(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    d, y, m, _ = dob(rng, "fr")
    rib = f"{rng.choice(['30004', '20041', '10278'])} {rs(rng, DG, 5)} {rs(rng, DG, 11)} {rs(rng, DG, 2)}"
    t = (f"Madame, Monsieur,\n\nJe vous adresse la demande de remboursement pour {P(p.full)} (n° SS {S('NATIONAL_ID', nir(rng, '2' if p.sex == 'F' else '1', y % 100, m))}).\n"
         f"Suite au diagnostic de {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['fr']))}, le médecin a prescrit {S('MEDICATION', rng.choice(MEDS['fr']))}.\n"
         f"Merci d'effectuer le virement sur le RIB {S('BANK_ACCOUNT', rib)}.\n\n"
         f"Adresse : {L(address(rng, 'FR', False)[0])}")
    return "insurance_letter", "Corrige les fautes de ce courrier :\n\n" + t


def fr_belgique(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    d, y, m, dd = dob(rng, "fr")
    t = (f"Dossier candidat (site de Bruxelles)\nNom : {P(p.full)}\nDate de naissance : {S('DATE_OF_BIRTH', d)}\nNuméro national : {S('NATIONAL_ID', be_nrn(rng, y % 100, m, dd) if y < 2000 else be_nrn(rng, y % 100, m, dd))}\n"
         f"Compte : {S('IBAN_CODE', iban(rng, 'BE'))}\nGSM : {PH('+32 4' + str(rng.randint(70, 99)) + ' ' + str(rng.randint(10, 99)) + ' ' + str(rng.randint(10, 99)) + ' ' + str(rng.randint(10, 99)))}")
    return "hr_form", "Mets ces informations dans un tableau :\n\n" + t


def fr_slack_incident(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "fr"), person(rng, "fr")
    key = pem_key(rng, "OPENSSH")
    t = (f"{P(a.full)}  {hm(rng)}\nquelqu'un a la clé du bastion ? je l'ai perdue\n{P(b.full)}  {hm(rng)}\nla voilà, supprime-la après\n{S('PRIVATE_KEY', key)}")
    return "slack_thread", "Cette conversation pose-t-elle un problème de sécurité ?\n\n" + t


def fr_crypto(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    t = (f"Bonjour {P(p.first)},\nPour le remboursement, envoie plutôt sur mon portefeuille {S('CRYPTO', crypto(rng))}, mon compte bancaire est clôturé.\n"
         f"Je suis joignable au {PH(phone(rng, 'FR'))}.")
    return "email_payment", "Est-ce une arnaque ?\n\n" + t


FR_POS = [fr_fiche_salarie, fr_reclamation, fr_compte_rendu, fr_medical, fr_teams, fr_facture, fr_env, fr_bail,
          fr_sms_livraison, fr_ticket_it, fr_mutuelle, fr_belgique, fr_slack_incident, fr_crypto]


# ------------------------------------------------------------------ Spanish
def es_ctry(rng: random.Random) -> str:
    return rng.choice(["ES", "ES", "ES", "MX"])


def es_nomina(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    nid = dni(rng) if rng.random() < 0.7 else nie(rng)
    t = (f"{CM(rng.choice(MARK_ES))}\nNÓMINA – noviembre 2026\nTrabajador: {P(p.last_first)}\nDNI/NIE: {S('NATIONAL_ID', nid)}\n"
         f"Nº afiliación SS: {S('NATIONAL_ID', naf(rng))}\n"
         f"Salario base: {rng.randint(1400, 3800)},00 €\nIRPF: {rng.randint(8, 22)} %\nIngreso en: {S('IBAN_CODE', iban(rng, 'ES'))}")
    return "payslip", rng.choice(["¿Está bien calculado el IRPF de esta nómina?\n\n", "Explícame esta nómina:\n\n"]) + t


def es_correo_cliente(rng: random.Random) -> tuple[str, str]:
    c, a = person(rng, "es"), person(rng, "es")
    co = es_ctry(rng)
    addr, _ = address(rng, co, False)
    t = (f"De: {P(c.full)} <{E(c.email)}>\nAsunto: Cobro duplicado\n\nHola {P(a.first)}:\n\nMe habéis cobrado dos veces en la tarjeta {S('CREDIT_CARD', card(rng))}. "
         f"El pedido iba a {L(addr)} y nunca llegó.\nMi teléfono es el {PH(phone(rng, co))}.\n\nUn saludo,\n{P(c.first)}")
    return "email_support", rng.choice(["Redacta una respuesta amable:\n\n", "Clasifica esta queja:\n\n"]) + t


def es_informe_medico(rng: random.Random) -> tuple[str, str]:
    p, dr = person(rng, "es"), person(rng, "es")
    d, *_ = dob(rng, "es")
    t = (f"INFORME DE ALTA\nPaciente: {P(p.full)}\nFecha de nacimiento: {S('DATE_OF_BIRTH', d)}\nNHC: {S('MEDICAL_RECORD_NUMBER', rs(rng, DG, 8))}\n"
         f"Diagnóstico principal: {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['es']))}\nTratamiento al alta: {S('MEDICATION', rng.choice(MEDS['es']))} 1 comprimido cada 12 h.\n"
         f"Médico responsable: Dra. {P(dr.full)}")
    return "medical_report", "Resume este informe para la familia:\n\n" + t


def es_whatsapp(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "es"), person(rng, "es")
    co = es_ctry(rng)
    d = f"{rng.randint(1, 28)}/11/26"
    t = (f"{d} {hm(rng)} - {P(a.first)}: oye, ¿me pasas tu dirección para el regalo?\n"
         f"{d} {hm(rng)} - {P(b.full)}: {L(address(rng, co, False)[0])}\n"
         f"{d} {hm(rng)} - {P(a.first)}: y el bizum? " + f"{PH(phone(rng, co))}\n"
         f"{d} {hm(rng)} - {P(b.full)}: ese mismo 😘")
    return "whatsapp_export", "Resume este chat:\n\n" + t


def es_csv_clientes(rng: random.Random) -> tuple[str, str]:
    rows = ["id;nombre;apellidos;email;telefono;ciudad;dni"]
    for _ in range(rng.randint(3, 5)):
        p = person(rng, "es")
        _, city = address(rng, "ES")
        rows.append(f"{rng.randint(1000, 9999)};{P(p.first)};{P(p.last)};{E(p.email)};{PH(phone(rng, 'ES'))};{L(city)};{S('NATIONAL_ID', dni(rng))}")
    return "csv_export", "Detecta filas duplicadas en este CSV:\n\n" + "\n".join(rows)


def es_contrato(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "es"), person(rng, "es")
    t = (f"{CM('CONFIDENCIAL')}\nCONTRATO DE ARRENDAMIENTO\n\nREUNIDOS\nDe una parte, D./Dña. {P(a.full)}, con DNI {S('NATIONAL_ID', dni(rng))} y domicilio en {L(address(rng, 'ES', False)[0])}.\n"
         f"De otra parte, D./Dña. {P(b.full)}, con NIE {S('NATIONAL_ID', nie(rng))}.\n\nTERCERA.- La renta se abonará en la cuenta {S('IBAN_CODE', iban(rng, 'ES'))}.")
    return "legal_contract", "¿Falta alguna cláusula importante?\n\n" + t


def es_ficha_mx(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    curp = f"{rs(rng, UP, 4)}{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.choice('HM')}{rng.choice(['JC', 'NL', 'DF', 'PL'])}{rs(rng, 'BCDFGHJKLMNPRSTVXZ', 3)}0"
    curp += curp_check(curp)
    t = (f"Alta de proveedor (persona física)\nNombre: {P(p.full)}\nCURP: {S('NATIONAL_ID', curp)}\nDomicilio: {L(address(rng, 'MX', False)[0])}\n"
         f"CLABE: {S('BANK_ACCOUNT', clabe(rng))}\nCelular: {PH(phone(rng, 'MX'))}\nCorreo: {E(p.email)}")
    return "vendor_form", "Valida este formulario de alta:\n\n" + t


def es_config(rng: random.Random) -> tuple[str, str]:
    t = (f"# conexión a la BD de facturación\nspring.datasource.url=jdbc:mysql://{private_ipv4(rng)}:3306/facturas\nspring.datasource.username=fact\n"
         f"spring.datasource.password={S('PASSWORD', password(rng))}\naws.accessKeyId={S('API_KEY', aws_key_id(rng))}\naws.secretKey={S('API_KEY', aws_secret(rng))}")
    return "properties", "¿Por qué falla la conexión? application.properties:\n\n" + t


def es_incidencia(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    t = (f"Incidencia #{rng.randint(10000, 99999)}\nUsuario: {P(p.full)} – ext. {rng.randint(100, 999)}\nEquipo: PORT-{rng.randint(100, 999)}, MAC {S('MAC_ADDRESS', mac(rng))}\n"
         f"IP de salida: {IP(public_ipv4(rng))}\nEl usuario no puede acceder a la VPN desde casa. Contraseña temporal asignada: {S('PASSWORD', password(rng))}")
    return "support_ticket", "Sugiere pasos de diagnóstico:\n\n" + t


def es_acta(rng: random.Random) -> tuple[str, str]:
    ps = [person(rng, "es") for _ in range(3)]
    t = (f"{CM(rng.choice(MARK_ES))}\nActa de la reunión de dirección\nAsistentes: {', '.join(P(x.full) for x in ps)}\n\n- {P(ps[2].first)} estará de baja por {S('MEDICAL_CONDITION', rng.choice(CONDITIONS['es']))}.\n"
         f"- Se aprueba el presupuesto del proyecto Atalaya.\n- {P(ps[0].first)} enviará la propuesta al cliente de {L(address(rng, 'ES')[1])}.")
    return "meeting_notes", "Convierte el acta en tareas:\n\n" + t


def es_transferencia(rng: random.Random) -> tuple[str, str]:
    a = person(rng, "es")
    old = rng.random() < 0.5
    acct = S("BANK_ACCOUNT", es_ccc(rng)) if old else S("IBAN_CODE", iban(rng, "ES"))
    t = (f"Hola, soy {P(a.full)}. Necesito que me devolváis la fianza a la cuenta {acct}. "
         f"Mi DNI es {S('NATIONAL_ID', dni(rng))} y mi móvil {PH(phone(rng, 'ES'))}. Gracias.")
    return "chat_message", "Responde a este cliente:\n\n" + t


def es_curl(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    t = (f"curl https://api.grupomarea.com/v1/socios -H \"X-Api-Key: {S('API_KEY', api_key(rng, rng.choice(['openai', 'google', 'huggingface']))[1])}\" "
         f"-d nombre=\"{P(p.full)}\" -d email={E(p.email)} -d telefono=\"{PH(phone(rng, 'ES'))}\"")
    return "curl", "Pásalo a JavaScript con fetch:\n\n" + t


def es_log(rng: random.Random) -> tuple[str, str]:
    ips = [public_ipv4(rng) for _ in range(2)]
    p = person(rng, "es")
    lines = [f"2026-11-{rng.randint(10, 28)} 0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} WARN auth - intento fallido usuario={E(p.email)} ip={IP(ips[0])}",
             f"2026-11-{rng.randint(10, 28)} 0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} WARN auth - intento fallido usuario={E(p.email)} ip={IP(ips[1])}",
             f"2026-11-{rng.randint(10, 28)} 0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} INFO auth - login ok usuario=svc_backup ip={private_ipv4(rng)}"]
    return "app_log", "¿Es un ataque de fuerza bruta?\n\n" + "\n".join(lines)


ES_POS = [es_nomina, es_correo_cliente, es_informe_medico, es_whatsapp, es_csv_clientes, es_contrato, es_ficha_mx,
          es_config, es_incidencia, es_acta, es_transferencia, es_curl, es_log]


# ------------------------------------------------------------------ German / Dutch
def de_personalbogen(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "de")
    t = (f"{CM(rng.choice(['VERTRAULICH', 'Nur für den internen Gebrauch', 'STRENG VERTRAULICH']))}\nPersonalfragebogen\nName: {P(p.full)}\nGeburtsdatum: {S('DATE_OF_BIRTH', dob(rng, 'de')[0])}\n"
         f"Steuer-ID: {S('NATIONAL_ID', steuer_id(rng))}\nAnschrift: {L(address(rng, 'DE', False)[0])}\nIBAN: {S('IBAN_CODE', iban(rng, 'DE'))}\nTelefon: {PH(phone(rng, 'DE'))}")
    return "hr_form", "Bitte prüfe den Bogen auf Vollständigkeit:\n\n" + t


def de_mail(rng: random.Random) -> tuple[str, str]:
    a, b = person(rng, "de"), person(rng, "de")
    t = (f"Hallo {P(a.first)},\n\nanbei die Zugangsdaten für das neue Kundenportal:\nBenutzer: {E(b.email)}\nPasswort: {S('PASSWORD', password(rng))}\n"
         f"Der Server läuft unter {IP(public_ipv4(rng))}.\n\nViele Grüße\n{P(b.full)}\n{L(address(rng, 'DE', True)[0])}")
    return "email", "Formuliere die Mail professioneller:\n\n" + t


def nl_klant(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "nl")
    t = (f"Klantgegevens\nNaam: {P(p.full)}\nBSN: {S('NATIONAL_ID', bsn(rng))}\nAdres: {L(address(rng, 'NL', False)[0])}\nIBAN: {S('IBAN_CODE', iban(rng, 'NL'))}\n"
         f"Mobiel: {PH(phone(rng, 'NL'))}\nE-mail: {E(p.email)}")
    return "crm_record", "Zet dit om naar JSON:\n\n" + t


DE_NL_POS = [de_personalbogen, de_mail, nl_klant]


def fr_postman(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    t = (f"POST https://api.groupe-vauban.fr/v1/adherents\nAuthorization: Bearer {S('JWT', jwt(rng))}\nContent-Type: application/json\n\n"
         f"{{\"nom\": \"{P(p.last)}\", \"prenom\": \"{P(p.first)}\", \"nir\": \"{S('NATIONAL_ID', nir(rng, '2' if p.sex == 'F' else '1'))}\", \"tel\": \"{PH(phone(rng, 'FR'))}\"}}")
    return "http_request", "Pourquoi j'ai une erreur 400 sur cette requête ?\n\n" + t


def es_xml_factura(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    t = (f"<Factura>\n  <Emisor><NIF>B{rs(rng, DG, 8)}</NIF><Nombre>Logística Iberia SL</Nombre></Emisor>\n"
         f"  <Receptor><NIF>{S('NATIONAL_ID', dni(rng))}</NIF><Nombre>{P(p.full)}</Nombre>\n"
         f"    <Direccion>{L(address(rng, 'ES', False)[0])}</Direccion></Receptor>\n  <Total>{rng.randint(50, 900)},{rng.randint(0, 99):02d}</Total>\n"
         f"  <FormaPago>Domiciliación {S('IBAN_CODE', iban(rng, 'ES', False))}</FormaPago>\n</Factura>")
    return "xml", "Valida este XML contra el esquema de Facturae:\n\n" + t


def es_ssh_key(rng: random.Random) -> tuple[str, str]:
    a = person(rng, "es")
    t = (f"{P(a.first)}: te paso la clave para el servidor de {L(address(rng, 'ES')[1])}, no la compartas\n{S('PRIVATE_KEY', pem_key(rng, rng.choice(['OPENSSH', 'RSA'])))}\n"
         f"{P(a.first)}: host {IP(public_ipv4(rng))}, usuario deploy")
    return "chat_message", "¿Cómo configuro esta clave en mi ~/.ssh/config?\n\n" + t


FR_POS += [fr_postman]
ES_POS += [es_xml_factura, es_ssh_key]


def fr_note_brute(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "fr")
    t = rng.choice([
        f"rappeler {P(p.first)}({PH(phone(rng, 'FR'))})/mail:{E(p.email)};adresse:{L(address(rng, 'FR', False)[0])}",
        f"{P(p.last.upper())} {P(p.first)} – NIR:{S('NATIONAL_ID', nir(rng, '2' if p.sex == 'F' else '1'))} – IBAN:{S('IBAN_CODE', iban(rng, 'FR', False))}",
    ])
    return "scratch_note", rng.choice(["Remets ces notes au propre :", "Fais-en une fiche client :"]) + "\n\n" + t


def es_nota_rapida(rng: random.Random) -> tuple[str, str]:
    p = person(rng, "es")
    t = rng.choice([
        f"llamar a {P(p.first)}({PH(phone(rng, 'ES'))})/correo:{E(p.email)};DNI:{S('NATIONAL_ID', dni(rng))}",
        f"{P(p.full)}|{L(address(rng, 'ES', False)[0])}|tarjeta:{S('CREDIT_CARD', card(rng, fmt='plain'))}|cliente VIP",
    ])
    return "scratch_note", rng.choice(["Ordena estas notas:", "Conviértelo en ficha de cliente:"]) + "\n\n" + t


FR_POS.append(fr_note_brute)
ES_POS.append(es_nota_rapida)


# ======================================================================
# negative templates
# ======================================================================
PUBLIC_FIGURES = ["Satya Nadella", "Christine Lagarde", "Sundar Pichai", "Jerome Powell", "Ursula von der Leyen",
                  "Elon Musk", "Tim Cook", "Serena Williams", "Rafael Nadal", "Ada Lovelace", "Alan Turing",
                  "Grace Hopper", "Marie Curie", "Linus Torvalds", "Taylor Swift", "Lionel Messi"]
PUBLIC_PLACES = ["London", "Paris", "Madrid", "Barcelona", "Berlin", "Munich", "Amsterdam", "Frankfurt", "Dublin",
                 "Lisbon", "New York", "San Francisco", "Seattle", "Tokyo", "Singapore", "Marseille", "Nice", "Strasbourg"]
PRODUCTS = ["Jenkins", "Kafka", "Cassandra", "Aurora", "Alexa", "Cortana", "Django", "Hugo", "Julia", "Ruby", "Pascal",
            "Travis CI", "Claude", "Gemini", "Mercedes-Benz", "Sentry", "Grafana", "Athena"]


def ean13(rng: random.Random) -> str:
    while True:
        p = "40" + rs(rng, DG, 10)
        c = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(p)) % 10) % 10
        s = p + str(c)
        if not luhn_ok(s):
            return s


def epoch_ms(rng: random.Random) -> str:
    return nonluhn_digits(rng, 13, "17")


def neg_env_example(rng: random.Random) -> tuple[str, str]:
    lines = ["# Copy to .env and fill in real values", "NODE_ENV=development", "DATABASE_URL=postgres://app:${DB_PASSWORD}@localhost:5432/app",
             "STRIPE_SECRET_KEY=sk_live_REPLACE_ME", "OPENAI_API_KEY=<YOUR_OPENAI_API_KEY>", "SENDGRID_API_KEY=SG.xxxxxxxx.xxxxxxxx",
             "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
             "JWT_SECRET=${JWT_SECRET}", "ADMIN_PASSWORD=YOUR_PASSWORD_HERE", f"REDIS_URL=redis://{private_ipv4(rng)}:6379",
             "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXX/YYY/ZZZ", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxx"]
    body = lines[:2] + rng.sample(lines[2:], rng.randint(6, 10))
    q = rng.choice(["Write a README section explaining each of these variables:", "Is anything in this .env.example sensitive?",
                    "Generate a pydantic Settings class from this file:"])
    return "dotenv", q + "\n\n" + "\n".join(body)


def neg_k8s_refs(rng: random.Random) -> tuple[str, str]:
    app = rng.choice(["checkout", "search-indexer", "kafka-consumer", "aurora-sync", "ledger"])
    t = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
spec:
  replicas: {rng.randint(1, 8)}
  selector:
    matchLabels: {{app: {app}}}
  template:
    metadata:
      labels: {{app: {app}}}
    spec:
      containers:
        - name: {app}
          image: registry.internal/{app}@sha256:{sha(rng, 64)}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {{name: {app}-db, key: password}}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {{name: {app}-api, key: token}}
          resources:
            limits: {{cpu: "{rng.choice(['500m', '1', '2'])}", memory: {rng.choice(['512Mi', '1Gi', '2Gi'])}}}"""
    return "k8s_yaml", rng.choice(["Add a readiness probe to this:", "Why is the HPA not scaling this deployment?", "Convert to a Helm chart:"]) + "\n\n" + t


def neg_aws_docs(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "From the AWS docs: `aws configure` will prompt for AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE and AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. Do I need to replace these or are they real?",
        "The tutorial says to export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE before running `terraform init`. Explain what the ~/.aws/credentials file looks like and where the profile name goes.",
        "Our secret scanner flagged AKIAIOSFODNN7EXAMPLE in docs/setup.md. It's the example key from the AWS documentation. How do I add an allowlist entry for it in gitleaks?",
    ])
    return "question", t + rng.choice(["", f"\n\n(ticket SEC-{rng.randint(100, 999)})", "\nThanks!"])


def neg_test_cards(rng: random.Random) -> tuple[str, str]:
    rows = [("4242 4242 4242 4242", "Visa", "succeeds"), ("4111 1111 1111 1111", "Visa (legacy)", "succeeds"),
            ("5555 5555 5555 4444", "Mastercard", "succeeds"), ("3782 822463 10005", "Amex", "succeeds"),
            ("4000 0000 0000 0002", "Visa", "card_declined"), ("4000 0000 0000 9995", "Visa", "insufficient_funds")]
    rows = [r for r in rows if luhn_ok(r[0].replace(" ", "")) is False or r[0].replace(" ", "") in ALLOWED_CARDS]
    rng.shuffle(rows)
    k = rng.randint(3, len(rows))
    tbl = "| Number | Brand | Result |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows[:k])
    q = rng.choice(["Write Cypress tests covering each of these Stripe test cards:", "Which of these should trigger our decline UI?",
                    "Our QA sheet for the checkout sandbox, make it a Jest table:"])
    return "markdown_table", f"{q}\n\n{tbl}\n\nUse any future expiry (e.g. 12/34) and any CVC."


ALLOWED_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"}


def neg_test_ibans(rng: random.Random) -> tuple[str, str]:
    code = f'''import re

IBAN_RE = re.compile(r"\\b[A-Z]{{2}}\\d{{2}}[A-Z0-9]{{11,30}}\\b")


def test_valid_ibans():
    assert is_valid_iban("DE89370400440532013000")
    assert is_valid_iban("GB82 WEST 1234 5698 7654 32")


def test_invalid_iban():
    assert not is_valid_iban("DE89370400440532013001")


def test_ssn_mask():
    assert mask_ssn("123-45-6789") == "***-**-6789"
'''
    return "python_test", rng.choice(["Implement is_valid_iban and mask_ssn so these tests pass:", "Add more edge cases to these tests:",
                                      "Why does pytest collect 0 items here?"]) + "\n\n```python\n" + code + "```"


def neg_app_log(rng: random.Random) -> tuple[str, str]:
    lines = []
    for _ in range(rng.randint(6, 10)):
        lvl = rng.choice(["INFO", "INFO", "DEBUG", "WARN", "ERROR"])
        msg = rng.choice([f"request_id={uuid4(rng)} GET /api/v2/orders/{rng.randint(10000, 99999)} 200 {rng.randint(3, 900)}ms",
                          f"upstream {private_ipv4(rng)}:8080 timed out after 30000ms (attempt {rng.randint(1, 3)}/3)",
                          f"cache miss key=session:{sha(rng, 16)}", f"job {uuid4(rng)} finished in {rng.randint(1, 90)}.{rng.randint(0, 9)}s",
                          f"connected to kafka broker {private_ipv4(rng)}:9092 (cluster id {rs(rng, ALNUM, 22)})",
                          f"health check ok build={rng.randint(1000, 9999)} commit={sha(rng, 7)}",
                          f"retrying webhook delivery evt_{rs(rng, ALNUM, 24)} status=503",
                          f"user_id={rng.randint(100000, 999999)} tenant=acme-{rng.randint(1, 40)} plan=enterprise"])
        lines.append(f"2026-12-0{rng.randint(1, 7)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(100, 999)}Z {lvl} {msg}")
    return "app_log", rng.choice(["What's causing the timeouts in this log?", "Summarise the errors:", "Write a Loki query that finds these:"]) + "\n\n" + "\n".join(lines)


def neg_git_log(rng: random.Random) -> tuple[str, str]:
    msgs = ["fix(kafka): handle rebalance during commit", "chore(deps): bump django from 5.0.6 to 5.0.7",
            "feat: migrate CI from Jenkins to GitHub Actions", "docs: update README badges", "refactor: split Cassandra repository",
            "fix: off-by-one in pagination", "perf(aurora): batch inserts", "test: add fixtures for Stripe test cards",
            "revert \"feat: enable Sentry tracing\"", "ci: cache pip wheels", "feat(search): add Julia syntax highlighting"]
    lines = [f"{sha(rng, 7)} {m}" for m in rng.sample(msgs, rng.randint(5, 8))]
    return "git_log", rng.choice(["Write release notes from this git log:", "Group these commits by type:", "Which of these could break prod?"]) + "\n\n" + "\n".join(lines)


def neg_news(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(PUBLIC_FIGURES, 2)
    pl, pl2 = rng.sample(PUBLIC_PLACES, 2)
    t = rng.choice([
        f"{a} told reporters in {pl} on Tuesday that the company would double its investment in AI infrastructure, while {b} warned about inflation risks.",
        f"At the summit in {pl}, {a} and {b} discussed export controls. Markets in {pl2} rose 1.2% after the announcement.",
        f"Keynote recap: {a} opened the conference in {pl} with a tribute to {b}, then announced three new products.",
    ])
    return "news_excerpt", rng.choice(["Summarise this news item in one line:", "Translate to French:", "What's the sentiment?"]) + "\n\n" + t


def neg_products(rng: random.Random) -> tuple[str, str]:
    a, b, c = rng.sample(PRODUCTS, 3)
    t = rng.choice([
        f"We're evaluating {a} versus {b} for the new pipeline. {c} is already in use by the data team. Can you compare them on cost, ops burden and community support?",
        f"Project {a} status: phase 2 complete. Blocker: the {b} integration times out under load. Next step: spike on replacing it with {c}.",
        f"Our roadmap mentions {a}, {b} and {c}. Are any of these names trademarked in a way that would stop us using them for internal codenames?",
    ])
    return "prose_products", t


def neg_travel(rng: random.Random) -> tuple[str, str]:
    a, b, c = rng.sample(PUBLIC_PLACES, 3)
    t = rng.choice([
        f"Plan a 3-day itinerary for a sales offsite in {a}: day 1 arrival and team dinner, day 2 workshops, day 3 optional trip to {b}.",
        f"Compare train vs flight from {a} to {b} for 12 people in March, including CO2 estimates.",
        f"What's the typical weather in {a} in February? We're choosing between {a}, {b} and {c} for the kickoff.",
    ])
    return "travel_prose", t


def neg_finance_report(rng: random.Random) -> tuple[str, str]:
    rows = ["Region\tQ3 revenue\tQ4 revenue\tOrders\tAvg basket"]
    for reg in rng.sample(["EMEA", "NA", "APAC", "LATAM", "DACH", "Nordics", "Iberia"], rng.randint(3, 5)):
        rows.append(f"{reg}\t{rng.randint(1, 90)},{rng.randint(100, 999)},{rng.randint(100, 999)}\t{rng.randint(1, 90)},{rng.randint(100, 999)},{rng.randint(100, 999)}\t{rng.randint(1000, 99999)}\t{rng.randint(20, 300)}.{rng.randint(0, 99):02d}")
    return "spreadsheet", rng.choice(["Calculate QoQ growth per region:", "Make a chart description for the board deck:"]) + "\n\n" + "\n".join(rows) + f"\n\nSource: finance export FX-{nonluhn_digits(rng, 14)}"


def neg_sql_schema(rng: random.Random) -> tuple[str, str]:
    t = f"""CREATE TABLE customers (
  id            BIGSERIAL PRIMARY KEY,
  full_name     TEXT NOT NULL,
  email         CITEXT UNIQUE NOT NULL,
  phone         TEXT,
  ssn_encrypted BYTEA,
  iban_last4    CHAR(4),
  created_at    TIMESTAMPTZ DEFAULT now()
);

SELECT id, full_name FROM customers WHERE email = :email AND created_at > now() - interval '{rng.randint(7, 90)} days';"""
    return "sql", rng.choice(["Add an index strategy for this table:", "Is storing ssn like this GDPR-friendly?", "Write the Alembic migration:"]) + "\n\n" + t


def neg_api_docs(rng: random.Random) -> tuple[str, str]:
    t = f"""### Create a user

`POST /v1/users`

```json
{{
  "name": "Jane Doe",
  "email": "jane.doe@example.com",
  "phone": "+1-000-000-0000",
  "role": "viewer"
}}
```

Response `201 Created` returns the user with an `id` such as `{uuid4(rng)}`. Contact support@example.org for higher rate limits.
Authentication: send `Authorization: Bearer <ACCESS_TOKEN>`."""
    return "api_docs", rng.choice(["Turn these docs into an OpenAPI spec:", "Proofread:", "Generate a Python SDK method for this endpoint:"]) + "\n\n" + t


def neg_hashes(rng: random.Random) -> tuple[str, str]:
    files = rng.sample(["dlp-agent-2.4.1-linux-amd64.tar.gz", "installer.msi", "checksums.txt.sig", "app-release.apk",
                        "kafka_2.13-3.7.0.tgz", "model.safetensors", "backup-2026-11-30.sql.gz"], 4)
    t = "\n".join(f"{sha(rng, 64)}  {f}" for f in files)
    return "checksums", rng.choice(["How do I verify these sha256 sums on Windows?", "Which file does this hash belong to?"]) + "\n\n" + t


def neg_ci_log(rng: random.Random) -> tuple[str, str]:
    t = (f"#12 [build 4/9] RUN pip install -r requirements.txt\n#12 {rng.randint(1, 40)}.{rng.randint(0, 9)} Collecting django==5.0.7\n"
         f"#12 DONE {rng.randint(10, 90)}.{rng.randint(0, 9)}s\n#15 exporting to image\n#15 writing image sha256:{sha(rng, 64)} done\n"
         f"#15 naming to registry.internal/ledger:{rng.randint(100, 999)} done\nBuild #{rng.randint(1000, 9999)} finished in {rng.randint(2, 9)}m{rng.randint(10, 59)}s\n"
         f"Error: buildx failed with: ERROR: failed to solve: process \"/bin/sh -c pytest\" did not complete successfully: exit code: {rng.choice([1, 2, 137])}")
    return "ci_log", "Why did this Docker build fail?\n\n" + t


def neg_terraform_vars(rng: random.Random) -> tuple[str, str]:
    t = f"""variable "db_password" {{
  type      = string
  sensitive = true
}}

resource "aws_db_instance" "main" {{
  identifier     = "ledger-{rng.randint(1, 9)}"
  engine         = "postgres"
  username       = "ledger_admin"
  password       = var.db_password
  vpc_security_group_ids = [aws_security_group.db.id]
}}

resource "aws_security_group_rule" "vpc" {{
  cidr_blocks = ["{private_ipv4(rng).rsplit('.', 1)[0]}.0/24", "10.0.0.0/8"]
}}"""
    return "terraform", rng.choice(["Is it safe to commit this?", "Add a random_password resource instead of the variable:"]) + "\n\n" + t


def neg_support_macro(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Hi {{customer.first_name}},\n\nThanks for reaching out about order {{order.number}}. We've issued a refund to the card ending in {{payment.last4}}. It should appear within 5–10 business days.\n\nBest,\n{{agent.signature}}",
        "Hello [CUSTOMER NAME],\n\nYour ticket [TICKET ID] has been escalated. Please reply with your account email (e.g. name@example.com) and we'll follow up.\n\nKind regards,\n[AGENT NAME]",
    ])
    return "template", rng.choice(["Make this macro warmer:", "Shorten this template:", "Translate this macro to Spanish:"]) + "\n\n" + t


def neg_hr_policy(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Policy 4.2 Sick leave: Employees who are unwell must notify their manager before 10am. For absences over 7 days a fit note is required. Information about any medical condition is handled by HR only and never shared with the team.",
        "Benefits FAQ: The health plan covers prescription drugs such as insulin, inhalers and common antidepressants at a flat co-pay. Dental check-ups are covered twice a year.",
        "Data classification levels at our company are Public, Internal, Confidential and Restricted. This guide explains when to use each label; the label itself goes in the header of the document.",
    ])
    return "policy_text", rng.choice(["Rewrite this in plain language:", "Summarise for the intranet:", "Translate to Spanish:"]) + "\n\n" + t


def neg_k8s_get(rng: random.Random) -> tuple[str, str]:
    lines = ["NAME                              READY   STATUS             RESTARTS   AGE   IP            NODE"]
    for _ in range(rng.randint(4, 6)):
        name = f"{rng.choice(['checkout', 'cassandra', 'kafka-connect', 'grafana', 'api'])}-{rs(rng, LO + DG, 10)}-{rs(rng, LO + DG, 5)}"
        st = rng.choice(["Running", "Running", "CrashLoopBackOff", "Pending"])
        lines.append(f"{name:<34}{rng.choice(['1/1', '0/1', '2/2'])}     {st:<19}{rng.randint(0, 40):<11}{rng.randint(1, 30)}d   {private_ipv4(rng):<14}ip-10-0-{rng.randint(1, 9)}-{rng.randint(1, 254)}")
    return "kubectl_output", "Which pods need attention?\n\n" + "\n".join(lines)


def neg_meeting_roles(rng: random.Random) -> tuple[str, str]:
    t = (f"Sprint {rng.randint(30, 80)} retro\n- What went well: release shipped on time, Grafana dashboards helped on-call\n"
         f"- What didn't: flaky Cassandra tests, PM and Eng lead out the same week\n- Actions: QA to own the test matrix; on-call to document runbook for ticket INC-{rng.randint(1000, 9999)}\n"
         f"- Next retro: Thursday 14:00, room \"Ada Lovelace\"")
    return "meeting_notes", "Turn these retro notes into Jira tickets:\n\n" + t


def neg_product_sheet(rng: random.Random) -> tuple[str, str]:
    rows = ["SKU,EAN,Name,Price,Stock"]
    for _ in range(rng.randint(4, 6)):
        rows.append(f"{rs(rng, UP, 3)}-{rng.randint(100, 999)},{ean13(rng)},{rng.choice(['Aurora desk lamp', 'Pascal notebook A5', 'Hugo backpack', 'Julia mug', 'Kestrel bottle'])},{rng.randint(5, 200)}.{rng.choice(['00', '50', '99'])},{rng.randint(0, 500)}")
    return "csv_export", rng.choice(["Find products with low stock:", "Write a SQL import for this CSV:"]) + "\n\n" + "\n".join(rows)


def neg_network_doc(rng: random.Random) -> tuple[str, str]:
    t = (f"Site-to-site VPN design\n- Office LAN: 192.168.{rng.randint(0, 50)}.0/24, gateway 192.168.{rng.randint(0, 50)}.1\n- AWS VPC: 10.{rng.randint(0, 60)}.0.0/16\n"
         f"- Peer public address (docs placeholder): 203.0.113.{rng.randint(1, 254)}\n- IPv6: 2001:db8:{rng.randint(1, 999):x}::/48\n- Metadata endpoint 169.254.169.254 must be blocked from containers\n"
         f"- CGNAT range 100.64.0.0/10 used by the ISP")
    return "network_doc", rng.choice(["Review this VPN design:", "Draw this as a Mermaid diagram:"]) + "\n\n" + t


def neg_error_placeholder(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-xxxx. You can find your API key at https://platform.openai.com/account/api-keys.'}}",
        "fatal: Authentication failed for 'https://github.com/acme/ledger.git/'\nremote: Support for password authentication was removed. Please use a personal access token instead.",
        "psql: error: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: FATAL:  password authentication failed for user \"postgres\"",
        "Error: Invalid value for \"--token\": expected format xoxb-<workspace>-<bot>-<secret>, got \"${SLACK_BOT_TOKEN}\"",
    ])
    return "error_message", rng.choice(["What does this error mean?", "How do I fix this?", "help"]) + "\n\n" + t


def neg_order_ids(rng: random.Random) -> tuple[str, str]:
    o = nonluhn_digits(rng, 17)
    t = (f"Escalation summary\nOrder: {o[:3]}-{o[3:10]}-{o[10:]}\nInvoice: INV-{rng.randint(2024, 2026)}-{rng.randint(10000, 99999)}\n"
         f"Tracking: 1Z{rs(rng, UP + DG, 16)}\nCase: {rng.randint(10**7, 10**8)}\nRMA: RMA{rng.randint(100000, 999999)}\nVAT: DE{rng.randint(100000000, 999999999)}\n"
         f"Status: carrier lost the parcel in the Frankfurt hub; replacement shipped {rng.randint(1, 28)} Nov.")
    return "ticket_summary", rng.choice(["Write a short apology based on this:", "What should the next step be?"]) + "\n\n" + t


def neg_timestamps(rng: random.Random) -> tuple[str, str]:
    rows = ["ts_ms,metric,value"]
    for _ in range(rng.randint(5, 8)):
        rows.append(f"{epoch_ms(rng)},{rng.choice(['cpu', 'mem', 'p99_latency', 'qps'])},{rng.randint(1, 999)}.{rng.randint(0, 9)}")
    return "metrics_csv", rng.choice(["Convert ts_ms to ISO dates:", "Detect anomalies:"]) + "\n\n" + "\n".join(rows)


def neg_code_identifiers(rng: random.Random) -> tuple[str, str]:
    t = """class PasswordResetService:
    def __init__(self, token_store: TokenStore, mailer: Mailer) -> None:
        self.token_store = token_store
        self.mailer = mailer

    def request_reset(self, email: str) -> None:
        token = secrets.token_urlsafe(32)
        self.token_store.save(email, hash_token(token), ttl=900)
        self.mailer.send(to=email, template="password_reset", context={"token": token})
"""
    return "python_code", rng.choice(["Review this for security issues:", "Add type hints and docstrings:", "Write tests with a fake mailer:"]) + "\n\n```python\n" + t + "```"


def neg_public_health(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Market brief: GLP-1 drugs such as semaglutide continue to drive pharma revenue. Analysts expect generics of older diabetes medicines like metformin to keep prices low.",
        "Wellness week agenda: Monday – ergonomics talk; Tuesday – mental health first aid training; Wednesday – flu vaccine clinic in the lobby; Thursday – healthy cooking demo.",
        "The WHO lists hypertension as a leading risk factor for cardiovascular disease worldwide; our insurance partner offers free blood-pressure checks at the London office.",
    ])
    return "prose_health", rng.choice(["Summarise:", "Make this a Slack announcement:", "Shorten to 2 sentences:"]) + "\n\n" + t


NEG_EN = [neg_env_example, neg_k8s_refs, neg_aws_docs, neg_test_cards, neg_test_ibans, neg_app_log, neg_git_log, neg_news,
          neg_products, neg_travel, neg_finance_report, neg_sql_schema, neg_api_docs, neg_hashes, neg_ci_log, neg_terraform_vars,
          neg_support_macro, neg_hr_policy, neg_k8s_get, neg_meeting_roles, neg_product_sheet, neg_network_doc,
          neg_error_placeholder, neg_order_ids, neg_timestamps, neg_code_identifiers, neg_public_health]


# ------------------------------------------------------------------ French negatives
def fr_neg_modele(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Madame, Monsieur [NOM],\n\nNous accusons réception de votre dossier n° [RÉFÉRENCE]. Merci de nous transmettre votre RIB (IBAN au format FR76 XXXX XXXX XXXX XXXX XXXX XXX) ainsi qu'une copie de votre pièce d'identité.\n\nCordialement,\n[SIGNATURE]",
        "Bonjour {{prenom}},\n\nVotre commande {{numero_commande}} a été expédiée. Suivez-la ici : {{lien_suivi}}.\n\nL'équipe Service Client",
    ])
    return "template", rng.choice(["Rends ce modèle plus chaleureux :", "Corrige l'orthographe :", "Traduis en anglais :"]) + "\n\n" + t


def fr_neg_actu(rng: random.Random) -> tuple[str, str]:
    fig = rng.choice(["Emmanuel Macron", "Christine Lagarde", "Kylian Mbappé", "Marie Curie", "Victor Hugo", "Thomas Pesquet"])
    pl = rng.choice(["Paris", "Marseille", "Strasbourg", "Nice", "Bruxelles"])
    t = rng.choice([
        f"{fig} était à {pl} ce mardi pour inaugurer le nouveau campus dédié à l'intelligence artificielle. L'événement a réuni plus de 2 000 personnes.",
        f"Selon un communiqué publié à {pl}, {fig} a salué les résultats du trimestre. Le CAC 40 a gagné 0,8 % à la clôture.",
        f"Rendez-vous place {fig} à {pl} pour le salon VivaTech off : conférences, démonstrations et start-up.",
    ])
    return "news_excerpt", rng.choice(["Résume cet article :", "Traduis en espagnol :", "Donne un titre accrocheur :"]) + "\n\n" + t


def fr_neg_config(rng: random.Random) -> tuple[str, str]:
    t = (f"# config/packages/doctrine.yaml\ndoctrine:\n  dbal:\n    url: '%env(resolve:DATABASE_URL)%'\n    server_version: '16'\n\n# .env\nDATABASE_URL=\"postgresql://app@127.0.0.1:5432/app?serverVersion=16\"\n"
         f"MAILER_DSN=null://null\nAPP_SECRET=<à générer>\nREDIS_HOST={private_ipv4(rng)}")
    return "symfony_config", rng.choice(["Pourquoi Doctrine ne se connecte pas ?", "Explique-moi ce fichier :"]) + "\n\n" + t


def fr_neg_rh(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Procédure arrêt maladie : le salarié transmet l'avis d'arrêt sous 48 h. Les informations médicales restent confidentielles et ne sont jamais communiquées au manager. La subrogation est appliquée automatiquement.",
        "Rappel : les documents classés « Confidentiel » doivent être stockés sur le SharePoint sécurisé. Ce guide explique les niveaux Public, Interne, Confidentiel et Secret.",
        "Note de service : le télétravail est possible deux jours par semaine. Les demandes se font dans l'outil RH avant le 25 du mois.",
    ])
    return "policy_text", rng.choice(["Résume en 3 puces :", "Reformule plus simplement :"]) + "\n\n" + t


def fr_neg_logs(rng: random.Random) -> tuple[str, str]:
    lines = [f"[2026-12-0{rng.randint(1, 7)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}] app.{rng.choice(['ERROR', 'WARNING', 'INFO'])}: "
             + rng.choice([f"Échec de connexion à {private_ipv4(rng)}:5432 (délai dépassé)", f"Commande {rng.randint(100000, 999999)} synchronisée avec l'ERP",
                           f"Jeton expiré pour la session {uuid4(rng)}", f"Import du fichier factures_{rng.randint(1, 12):02d}.csv : {rng.randint(10, 900)} lignes",
                           f"Worker {rng.randint(1, 8)} redémarré (mémoire {rng.randint(500, 2000)} Mo)"]) for _ in range(rng.randint(5, 8))]
    return "app_log", rng.choice(["Que se passe-t-il dans ces logs ?", "Résume les erreurs :"]) + "\n\n" + "\n".join(lines)


def fr_neg_voyage(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(["Paris", "Marseille", "Nice", "Strasbourg", "Bruxelles", "Genève", "Lisbonne", "Barcelone"], 2)
    t = rng.choice([f"Organise un séminaire de deux jours à {a} pour 20 personnes, avec une excursion à {b}.",
                    f"Compare le train et l'avion entre {a} et {b} pour une équipe de 8 en mars.",
                    f"Quel temps fait-il à {a} en avril ? On hésite avec {b} pour la convention annuelle."])
    return "travel_prose", t


def fr_neg_sql(rng: random.Random) -> tuple[str, str]:
    t = (f"SELECT c.id, c.nom, c.ville, SUM(f.montant_ttc) AS ca\nFROM clients c JOIN factures f ON f.client_id = c.id\nWHERE f.date_emission >= '2026-01-01'\n"
         f"GROUP BY c.id, c.nom, c.ville\nHAVING SUM(f.montant_ttc) > {rng.randint(1, 50)}000\nORDER BY ca DESC\nLIMIT {rng.randint(10, 100)};")
    return "sql", rng.choice(["Optimise cette requête :", "Pourquoi cette requête est lente ?", "Convertis en Django ORM :"]) + "\n\n" + t


def fr_neg_cr(rng: random.Random) -> tuple[str, str]:
    t = (f"Point hebdo équipe Data – semaine {rng.randint(40, 52)}\n- Migration Kafka terminée, reste la bascule de Cassandra\n- Le PO valide le périmètre du projet Aurora\n"
         f"- Ticket JIRA DATA-{rng.randint(100, 999)} : dashboards Grafana à refaire\n- Prochaine démo jeudi en salle Marie Curie")
    return "meeting_notes", "Transforme en e-mail récapitulatif :\n\n" + t


FR_NEG = [fr_neg_modele, fr_neg_actu, fr_neg_config, fr_neg_rh, fr_neg_logs, fr_neg_voyage, fr_neg_sql, fr_neg_cr]


# ------------------------------------------------------------------ Spanish negatives
def es_neg_plantilla(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Estimado/a {{nombre_cliente}}:\n\nLe confirmamos que su pedido {{num_pedido}} ha sido enviado a la dirección indicada. Para cualquier duda, escriba a soporte@example.com.\n\nAtentamente,\nEl equipo de Atención al Cliente",
        "Hola [NOMBRE],\n\nAdjuntamos la factura [Nº FACTURA]. Puede abonarla en la cuenta ESxx xxxx xxxx xxxx xxxx xxxx indicando la referencia.\n\nUn saludo",
    ])
    return "template", rng.choice(["Mejora el tono de esta plantilla:", "Tradúcela al inglés:", "Hazla más corta:"]) + "\n\n" + t


def es_neg_noticia(rng: random.Random) -> tuple[str, str]:
    fig = rng.choice(["Pedro Sánchez", "Rafael Nadal", "Rosalía", "Amancio Ortega", "Christine Lagarde", "Lionel Messi"])
    pl = rng.choice(["Madrid", "Barcelona", "Bruselas", "Lisboa", "Buenos Aires", "Ciudad de México"])
    t = rng.choice([f"{fig} participó ayer en {pl} en un foro sobre inteligencia artificial y empleo. El IBEX 35 cerró con una subida del 0,6 %.",
                    f"Según fuentes cercanas, {fig} visitará {pl} la próxima semana para presentar el nuevo proyecto.",
                    f"La entrevista con {fig} en {pl} fue la más vista del año en la plataforma."])
    return "news_excerpt", rng.choice(["Resume esta noticia:", "Traduce al francés:", "Propón un titular:"]) + "\n\n" + t


def es_neg_config(rng: random.Random) -> tuple[str, str]:
    t = (f"# application-dev.yml\nspring:\n  datasource:\n    url: jdbc:postgresql://localhost:5432/ventas\n    username: ${{DB_USER}}\n    password: ${{DB_PASSWORD}}\n"
         f"app:\n  api-key: <TU_API_KEY>\n  redis: redis://{private_ipv4(rng)}:6379\n  jwt-secret: ${{JWT_SECRET:cambiar-en-produccion}}")
    return "spring_config", rng.choice(["¿Por qué no arranca con este perfil?", "Explícame esta configuración:"]) + "\n\n" + t


def es_neg_politica(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Política de bajas: el empleado debe comunicar la baja médica a RR. HH. en un plazo de 3 días. Los datos de salud se tratan como categoría especial y no se comparten con el equipo.",
        "Los documentos se clasifican en cuatro niveles: Público, Uso interno, Confidencial y Secreto. La etiqueta se indica en la cabecera del documento.",
        "Guía de teletrabajo: se permite trabajar en remoto hasta tres días por semana, previa aprobación del responsable.",
    ])
    return "policy_text", rng.choice(["Resume en tres puntos:", "Reescríbelo en lenguaje claro:"]) + "\n\n" + t


def es_neg_logs(rng: random.Random) -> tuple[str, str]:
    lines = [f"{rng.randint(10, 28)}/11/2026 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} " + rng.choice([
        f"ERROR no se pudo conectar a {private_ipv4(rng)}:3306", f"INFO pedido {rng.randint(100000, 999999)} facturado",
        f"WARN reintento {rng.randint(1, 3)}/3 para la tarea {uuid4(rng)}", f"INFO despliegue v{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} completado",
        f"DEBUG hash={sha(rng, 40)}"]) for _ in range(rng.randint(5, 8))]
    return "app_log", rng.choice(["¿Qué está fallando?", "Resume los errores:"]) + "\n\n" + "\n".join(lines)


def es_neg_viaje(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(["Madrid", "Barcelona", "Lisboa", "París", "Santiago de Compostela", "Ciudad de México", "Buenos Aires"], 2)
    t = rng.choice([f"Prepara un itinerario de tres días en {a} para un equipo de 15 personas, con una excursión a {b}.",
                    f"¿Qué es más barato para 10 personas, el AVE o el avión entre {a} y {b}?",
                    f"¿Qué tiempo hace en {a} en marzo? Dudamos entre {a} y {b} para la convención."])
    return "travel_prose", t


def es_neg_tabla(rng: random.Random) -> tuple[str, str]:
    rows = ["| Producto | Unidades | Importe |", "|---|---|---|"]
    for p in rng.sample(["Licencias Aurora", "Soporte Premium", "Módulo Kafka", "Formación Jenkins", "Consultoría Cassandra"], 3):
        rows.append(f"| {p} | {rng.randint(1, 500)} | {rng.randint(1, 90)}.{rng.randint(100, 999)},{rng.randint(0, 99):02d} € |")
    return "markdown_table", rng.choice(["Calcula el total con IVA:", "Haz un gráfico con esto:"]) + "\n\n" + "\n".join(rows) + f"\n\nPedido nº {rng.randint(2026000, 2026999)} – Factura FV-{rng.randint(1000, 9999)}"


def es_neg_codigo(rng: random.Random) -> tuple[str, str]:
    t = """def validar_dni(dni: str) -> bool:
    letras = "TRWAGMYFPDXBNJZSQVHLCKE"
    numero, letra = dni[:-1], dni[-1].upper()
    return numero.isdigit() and letras[int(numero) % 23] == letra

# ejemplo: validar_dni("00000000T")
"""
    return "python_code", rng.choice(["Añade soporte para NIE:", "Escribe tests para esta función:", "¿Es correcta esta validación?"]) + "\n\n```python\n" + t + "```"


ES_NEG = [es_neg_plantilla, es_neg_noticia, es_neg_config, es_neg_politica, es_neg_logs, es_neg_viaje, es_neg_tabla, es_neg_codigo]


def de_neg(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        "Bitte fasse zusammen: Die Datenschutzrichtlinie unterscheidet die Stufen Öffentlich, Intern, Vertraulich und Streng vertraulich. Die Einstufung steht in der Kopfzeile des Dokuments.",
        f"Warum schlägt der Build fehl?\n\nERROR: Verbindung zu {private_ipv4(rng)}:5432 abgelehnt\nBuild #{rng.randint(1000, 9999)} abgebrochen nach {rng.randint(2, 9)} Minuten",
        "Plane ein Teamevent in Berlin oder Hamburg für 25 Personen im Mai, Budget 3.000 €.",
    ])
    return "prose_de", t


DE_NEG = [de_neg]


def neg_masked(rng: random.Random) -> tuple[str, str]:
    l4 = rs(rng, DG, 4)
    t = rng.choice([
        f"Customer verified via last four of card (•••• •••• •••• {l4}) and SSN ***-**-{rs(rng, DG, 4)}. Password field shows ********. Agent note: caller knew the billing postcode.",
        f"Payout settings\nBank: IBAN GB** **** **** **** **{rs(rng, DG, 2)} {rs(rng, DG, 2)}\nCard: Visa ending {l4}, exp **/**\nAPI key: sk_live_••••••••••••{rs(rng, ALNUM, 4)}\nWebhook secret: whsec_**************",
        f"Audit export (masked)\nuser_id,email_hash,phone_masked,card_bin\n{rng.randint(1000, 9999)},{sha(rng, 16)},+44 7*** ***{rs(rng, DG, 3)},{rng.choice(['411111', '520000', '371449'])}\n{rng.randint(1000, 9999)},{sha(rng, 16)},+33 6 ** ** ** {rs(rng, DG, 2)},{rng.choice(['400000', '555544'])}",
    ])
    return "masked_record", rng.choice(["Is this masking sufficient for PCI DSS?", "Reformat this as a table:", "Can support share this with the vendor?"]) + "\n\n" + t


def fr_neg_masque(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        f"Relevé client (données masquées)\nIBAN : FR76 **** **** **** **** ***{rs(rng, DG, 2)} {rs(rng, DG, 2)}\nCarte : **** **** **** {rs(rng, DG, 4)}\nN° SS : 1 ** ** ** *** *** {rs(rng, DG, 2)}\nSIREN de la société : {rs(rng, DG, 3)} {rs(rng, DG, 3)} {rs(rng, DG, 3)}",
        f"Contrôle qualité : le mot de passe est affiché « ******** » et la clé API « sk-…{rs(rng, ALNUM, 4)} ». Numéro de TVA intracommunautaire FR{rs(rng, DG, 11)}, commande CMD-{rs(rng, DG, 8)}.",
    ])
    return "masked_record", rng.choice(["Ce masquage est-il conforme au RGPD ?", "Mets en forme :", "Peut-on l'envoyer au prestataire ?"]) + "\n\n" + t


def es_neg_enmascarado(rng: random.Random) -> tuple[str, str]:
    t = rng.choice([
        f"Datos del cliente (enmascarados)\nDNI: ****{rs(rng, DG, 4)}*\nTarjeta: **** **** **** {rs(rng, DG, 4)}\nIBAN: ES** **** **** **** **** {rs(rng, DG, 4)}\nCIF empresa: B{rs(rng, DG, 8)}",
        f"En el ticket aparece la contraseña como «********» y el token como «ghp_…{rs(rng, ALNUM, 4)}». Pedido PED-{rs(rng, DG, 7)}, albarán ALB-{rs(rng, DG, 6)}.",
    ])
    return "masked_record", rng.choice(["¿Este enmascarado cumple el RGPD?", "Dale formato de tabla:", "¿Se puede enviar al proveedor?"]) + "\n\n" + t


NEG_EN.append(neg_masked)
FR_NEG.append(fr_neg_masque)
ES_NEG.append(es_neg_enmascarado)


def neg_calendar(rng: random.Random) -> tuple[str, str]:
    room = rng.choice(["Turing", "Curie", "Lovelace", "Hopper", "Tesla"])
    mid = nonluhn_digits(rng, 11, "8")
    t = ("BEGIN:VEVENT\nSUMMARY:Platform guild – Kafka vs Pulsar\nDTSTART;TZID=Europe/Paris:20261210T100000\nDURATION:PT45M\n"
         f"ORGANIZER:mailto:platform-guild@example.com\nLOCATION:Room {room} (3rd floor) / Zoom {mid[:3]} {mid[3:7]} {mid[7:]}\n"
         f"DESCRIPTION:Agenda: benchmarks from Sentry traces, cost model, decision. Meeting ID above; no passcode needed inside the VPN.\nUID:{uuid4(rng)}\nEND:VEVENT")
    return "ics_invite", rng.choice(["Summarise this invite:", "What time is this in Tokyo?", "Write a reminder message for this meeting:"]) + "\n\n" + t


def neg_java_trace(rng: random.Random) -> tuple[str, str]:
    t = (f"Exception in thread \"pool-{rng.randint(1, 9)}-thread-{rng.randint(1, 40)}\" java.lang.IllegalArgumentException: IBAN checksum mismatch for input of length {rng.randint(15, 34)}\n"
         f"\tat com.acme.payments.iban.IbanValidator.validate(IbanValidator.java:{rng.randint(40, 200)})\n"
         f"\tat com.acme.payments.sepa.CreditTransferBuilder.build(CreditTransferBuilder.java:{rng.randint(40, 300)})\n"
         f"\tat com.acme.payments.batch.NightlyRun.lambda$run$0(NightlyRun.java:{rng.randint(20, 99)})\n"
         f"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)\n"
         f"Caused by: java.lang.NumberFormatException: For input string: \"{rs(rng, UP, 4)}\"\n\t... {rng.randint(5, 30)} more\ntraceId={sha(rng, 32)} spanId={sha(rng, 16)}")
    return "stack_trace", rng.choice(["What's the root cause here?", "Explain this stack trace:", "How do I make the validator more defensive?"]) + "\n\n" + t


def neg_dockerfile(rng: random.Random) -> tuple[str, str]:
    t = f"""FROM python:3.12-slim AS base
ARG PIP_INDEX_URL
ARG APP_VERSION={rng.randint(1, 5)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}
ENV PYTHONDONTWRITEBYTECODE=1 \\
    DATABASE_URL=postgresql://app@db:5432/app \\
    SECRET_KEY=set-me-at-runtime
WORKDIR /srv
COPY requirements.lock .
RUN --mount=type=secret,id=pip_token pip install --no-cache-dir -r requirements.lock
COPY . .
EXPOSE 8000
HEALTHCHECK CMD curl -f http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi"]"""
    return "dockerfile", rng.choice(["Make this image smaller:", "Is it OK to pass the pip token like this?", "Add a non-root user:"]) + "\n\n" + t


NEG_EN += [neg_calendar, neg_java_trace, neg_dockerfile]


# ======================================================================
# build driver
# ======================================================================
#!/usr/bin/env python3




SEED = 5_2026_12_07
OUT = HERE / "blind5.jsonl"

ALLOWED_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432"}

# (lang, negative, templates, default count per template)
PLAN = [
    ("en", False, EN_POS, 4),
    ("fr", False, FR_POS, 4),
    ("es", False, ES_POS, 4),
    (None, False, DE_NL_POS, 3),
    ("en", True, NEG_EN, 5),
    ("fr", True, FR_NEG, 5),
    ("es", True, ES_NEG, 5),
    ("de", True, DE_NEG, 3),
]
COUNT = {
    "neg_code_identifiers": 3, "neg_test_ibans": 3, "es_neg_codigo": 3, "neg_aws_docs": 6,
    "neg_app_log": 7, "neg_k8s_get": 7, "neg_finance_report": 7, "neg_order_ids": 7, "neg_timestamps": 6,
    "neg_product_sheet": 7, "neg_hashes": 6, "neg_news": 7, "neg_products": 7, "neg_travel": 6,
    "fr_neg_logs": 7, "es_neg_logs": 7, "fr_neg_actu": 7, "es_neg_noticia": 7, "fr_neg_sql": 6, "es_neg_tabla": 7,
    "fr_neg_modele": 4, "es_neg_plantilla": 4, "neg_calendar": 6, "neg_java_trace": 6, "neg_dockerfile": 3,
    "slack_thread": 6, "support_email": 6, "hr_onboarding": 6, "env_file": 5, "crm_csv": 5, "json_api": 5,
    "medical_letter": 5, "jwt_debug": 5, "private_key_paste": 5, "fr_fiche_salarie": 6, "fr_reclamation": 6, "es_nomina": 6, "es_correo_cliente": 6,
    "es_csv_clientes": 5, "fr_medical": 5, "es_informe_medico": 5,
}
LANG_OF = {"de_personalbogen": "de", "de_mail": "de", "nl_klant": "nl"}

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD_RE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\.?\d)")


def is_public_v4(parts: tuple[str, ...]) -> bool:
    a, b, c, d = (int(x) for x in parts)
    if max(a, b, c, d) > 255:
        return False
    if a in (0, 10, 127) or a >= 224 or (a == 169 and b == 254) or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168):
        return False
    if a == 100 and 64 <= b <= 127:
        return False
    return (a, b, c) not in ((192, 0, 2), (198, 51, 100), (203, 0, 113))


def audit(text: str, spans: list[dict]) -> list[str]:
    """Return problems: sensitive-looking values that no span covers."""
    def covered(s: int, e: int) -> bool:
        # every alphanumeric character of the match must sit inside some span
        return all(any(sp["start"] <= i < sp["end"] for sp in spans) for i in range(s, e) if text[i].isalnum())

    problems = []
    for m in EMAIL_RE.finditer(text):
        dom = m.group().rsplit("@", 1)[1].lower()
        if not covered(m.start(), m.end()) and not re.search(r"(^|\.)example\.(com|org|net)$", dom):
            problems.append(f"email {m.group()}")
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and digits not in ALLOWED_CARDS and not covered(m.start(), m.end()):
            problems.append(f"luhn {m.group()}")
    for m in IBAN_RE.finditer(text):
        v = m.group().replace(" ", "")
        for cut in range(len(v), 14, -1):
            if iban_ok(v[:cut]):
                if v[:cut] not in ALLOWED_IBANS and not covered(m.start(), m.end()):
                    problems.append(f"iban {m.group()}")
                break
    for m in IPV4_RE.finditer(text):
        if is_public_v4(m.groups()) and not covered(m.start(), m.end()):
            problems.append(f"ip {m.group()}")
    for tok in all_pool_tokens():
        for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", text):
            if not covered(m.start(), m.end()):
                problems.append(f"pool {tok}")
    return problems


def build() -> list[dict]:
    rng = random.Random(SEED)
    recs: list[dict] = []
    seen: set[str] = set()
    for lang, negative, fns, default in PLAN:
        for fn in fns:
            want = COUNT.get(fn.__name__, default)
            made = tries = 0
            while made < want:
                tries += 1
                if tries > want * 30:
                    raise AssertionError(f"{fn.__name__}: cannot make {want} distinct texts")
                kind, marked = fn(rng)
                text, spans = resolve(marked)
                if text in seen:
                    continue
                assert bool(spans) != negative, (fn.__name__, text[:80])
                problems = audit(text, spans)
                assert not problems, (fn.__name__, problems, text)
                seen.add(text)
                recs.append({"kind": kind, "lang": lang or LANG_OF[fn.__name__], "negative": negative,
                             "text": text, "spans": spans, "_tpl": fn.__name__})
                made += 1
    rng.shuffle(recs)
    out = []
    for i, r in enumerate(recs, 1):
        out.append({"id": f"blind5-{i:04d}", "kind": r["kind"], "lang": r["lang"], "negative": r["negative"],
                    "text": r["text"], "spans": r["spans"]})
    return out


def template_names() -> list[str]:
    """Template of each record, in record order (used by the integrity test's mix check)."""
    rng = random.Random(SEED)
    names = []
    seen: set[str] = set()
    for lang, negative, fns, default in PLAN:
        for fn in fns:
            want = COUNT.get(fn.__name__, default)
            made = 0
            while made < want:
                kind, marked = fn(rng)
                text, _ = resolve(marked)
                if text in seen:
                    continue
                seen.add(text)
                names.append(fn.__name__)
                made += 1
    rng.shuffle(names)
    return names


def render(recs: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if blind5.jsonl is stale")
    args = ap.parse_args()
    data = render(build())
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != data:
            print("blind5.jsonl is stale; run build_blind5.py", file=sys.stderr)
            return 1
        print("blind5.jsonl is up to date")
        return 0
    OUT.write_text(data, encoding="utf-8")
    print(f"wrote {data.count(chr(10))} records to {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
