"""Check-digit algorithms of payment and identity numbers, as pure functions.

Recognizers call these from `validate_result`: a checksum turns a common digit shape into a near-certain
finding, and it is where most false positives die. Every function takes the value already stripped of
separators (`strip_separators`) and returns False, never raises, on malformed input.
"""

from __future__ import annotations

import datetime
import hashlib
import string
from collections import Counter
from collections.abc import Sequence

_SEPARATORS = str.maketrans("", "", " -./")
_IBAN_DIGITS = {ord(c): str(i) for i, c in enumerate(string.digits + string.ascii_uppercase)}
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {c: i for i, c in enumerate(_BASE58)}
_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32_CHARSET)}
_BECH32M_CONST = 0x2BC830A3


def strip_separators(value: str) -> str:
    """`4111 1111-1111.1111` -> `4111111111111111`: spaces, dashes, dots and slashes removed."""
    return value.translate(_SEPARATORS)


def _is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def weighted_sum(digits: str, weights: Sequence[int]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10): payment cards, Canadian SIN, Swedish personnummer."""
    if len(digits) < 2 or not _is_digits(digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mod97(alnum: str) -> int:
    """ISO 7064 MOD 97-10 remainder, letters counted A=10 … Z=35 (IBAN, RF creditor references)."""
    return int(alnum.upper().translate(_IBAN_DIGITS)) % 97


def iban_checksum_valid(iban: str) -> bool:
    """ISO 13616: the country code and check digits moved to the end, the whole number mod 97 is 1."""
    if len(iban) < 5 or not iban.isascii() or not iban.isalnum() or not _is_digits(iban[2:4]):
        return False
    return mod97(iban[4:] + iban[:4]) == 1


def iso7064_mod11_10_valid(digits: str) -> bool:
    """ISO 7064 MOD 11,10 (hybrid system): German Steuer-ID, Croatian OIB."""
    if len(digits) < 2 or not _is_digits(digits):
        return False
    product = 10
    for ch in digits[:-1]:
        total = (int(ch) + product) % 10 or 10
        product = total * 2 % 11
    check = (11 - product) % 10
    return check == int(digits[-1])


def de_tax_id_digits_valid(digits: str) -> bool:
    """Steuer-ID digit-frequency rule: in the first ten digits exactly one digit occurs twice or three
    times, all others at most once, and a tripled digit never stands three in a row."""
    if len(digits) != 11 or not _is_digits(digits) or digits[0] == "0":
        return False
    counts = Counter(digits[:10])
    repeated = [d for d, n in counts.items() if n > 1]
    if len(repeated) != 1 or counts[repeated[0]] > 3:
        return False
    return repeated[0] * 3 not in digits[:10]


def aba_routing_valid(digits: str) -> bool:
    """ABA routing transit number: weights 3-7-1 repeated, sum divisible by 10, a known Fed prefix."""
    if not aba_checksum_valid(digits):
        return False
    prefix = int(digits[:2])
    return prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80


def aba_checksum_valid(digits: str) -> bool:
    """Nine digits whose 3-7-1 weighted sum is divisible by 10, whatever their prefix."""
    return (
        len(digits) == 9
        and _is_digits(digits)
        and weighted_sum(digits, (3, 7, 1, 3, 7, 1, 3, 7, 1)) % 10 == 0
    )


def es_control_letter(number: int) -> str:
    """The mod-23 letter of a Spanish DNI/NIF (and NIE once X/Y/Z became 0/1/2)."""
    return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def es_nif_valid(nif: str) -> bool:
    """DNI/NIF: eight digits and their mod-23 control letter."""
    if len(nif) != 9 or not _is_digits(nif[:8]):
        return False
    return es_control_letter(int(nif[:8])) == nif[8].upper()


def es_nie_valid(nie: str) -> bool:
    """NIE: X/Y/Z, seven digits and the mod-23 letter of the number with X=0, Y=1, Z=2."""
    if len(nie) != 9 or nie[0].upper() not in "XYZ" or not _is_digits(nie[1:8]):
        return False
    return es_control_letter(int(str("XYZ".index(nie[0].upper())) + nie[1:8])) == nie[8].upper()


def uk_nhs_valid(digits: str) -> bool:
    """NHS number: weights 10..2 on the first nine digits, check = 11 - sum mod 11 (11 -> 0, 10 invalid)."""
    if len(digits) != 10 or not _is_digits(digits):
        return False
    check = 11 - weighted_sum(digits, range(10, 1, -1)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def fr_nir_key(first13: str) -> int | None:
    """The two-digit key of a French NIR: 97 - (number mod 97), Corsica's 2A/2B read as 19/18."""
    corsica = {"2A": "19", "2B": "18"}.get(first13[5:7].upper())
    if corsica:
        first13 = first13[:5] + corsica + first13[7:]
    if len(first13) != 13 or not _is_digits(first13):
        return None
    return 97 - int(first13) % 97


def fr_nir_valid(nir: str) -> bool:
    if len(nir) != 15 or not _is_digits(nir[13:]):
        return False
    return fr_nir_key(nir[:13]) == int(nir[13:])


_IT_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21) * 2
        + (2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)
_IT_EVEN = {c: (int(c) if c.isdigit() else ord(c) - 65) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def it_fiscal_code_valid(code: str) -> bool:
    """Codice fiscale: the 16th letter from odd/even position tables over the first 15 characters."""
    code = code.upper()
    if len(code) != 16 or not code.isascii() or not code.isalnum():
        return False
    total = sum(_IT_ODD[c] for c in code[0:15:2]) + sum(_IT_EVEN[c] for c in code[1:15:2])
    return chr(65 + total % 26) == code[15]


def pl_pesel_valid(digits: str) -> bool:
    """PESEL: weights 1-3-7-9, check = (10 - sum mod 10) mod 10; month encodes the century."""
    if len(digits) != 11 or not _is_digits(digits):
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if month % 20 < 1 or month % 20 > 12 or not 1 <= day <= 31:
        return False
    return (10 - weighted_sum(digits, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10) % 10 == int(digits[10])


def fi_hetu_valid(hetu: str) -> bool:
    """Finnish henkilötunnus DDMMYY C NNN X: a real date and the mod-31 check character."""
    if len(hetu) != 11 or not _is_digits(hetu[:6]) or not _is_digits(hetu[7:10]):
        return False
    century = {"+": 1800, "-": 1900, "U": 1900, "V": 1900, "W": 1900, "X": 1900, "Y": 1900}.get(
        hetu[6].upper(), 2000 if hetu[6].upper() in "ABCDEF" else None
    )
    if century is None:
        return False
    try:  # 31 February is no day
        datetime.date(century + int(hetu[4:6]), int(hetu[2:4]), int(hetu[:2]))
    except ValueError:
        return False
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(hetu[:6] + hetu[7:10]) % 31] == hetu[10].upper()


def se_personnummer_valid(digits: str) -> bool:
    """Swedish personnummer (10 or 12 digits): month 1-12, day 1-31 (61-91 for samordningsnummer),
    Luhn over the last ten digits."""
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or not _is_digits(digits):
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn_valid(digits)


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(digits: str) -> bool:
    """Verhoeff dihedral-group check (Aadhaar): catches every single error and adjacent swap."""
    if not digits or not _is_digits(digits):
        return False
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def in_aadhaar_valid(digits: str) -> bool:
    """Aadhaar: twelve digits, not starting with 0 or 1, Verhoeff check, and not a palindrome."""
    if len(digits) != 12 or not _is_digits(digits) or digits[0] in "01" or digits == digits[::-1]:
        return False
    return verhoeff_valid(digits)


_SG_TABLES = {"S": (0, "JZIHGFEDCBA"), "T": (4, "JZIHGFEDCBA"), "F": (0, "XWUTRQPNMLK"),
              "G": (4, "XWUTRQPNMLK"), "M": (3, "KLJNPQRTUWX")}  # fmt: skip


def sg_nric_valid(nric: str) -> bool:
    """Singapore NRIC/FIN: weights 2-7-6-5-4-3-2, an offset per prefix letter, a letter table per series."""
    nric = nric.upper()
    if len(nric) != 9 or nric[0] not in _SG_TABLES or not _is_digits(nric[1:8]):
        return False
    offset, table = _SG_TABLES[nric[0]]
    return table[(weighted_sum(nric[1:8], (2, 7, 6, 5, 4, 3, 2)) + offset) % 11] == nric[8]


def au_tfn_valid(digits: str) -> bool:
    """Australian tax file number: weights 1-4-3-7-5-8-6-9-10, sum divisible by 11."""
    if len(digits) != 9 or not _is_digits(digits):
        return False
    return weighted_sum(digits, (1, 4, 3, 7, 5, 8, 6, 9, 10)) % 11 == 0


def au_abn_valid(digits: str) -> bool:
    """Australian business number: first digit minus one, weights 10-1-3-…-19, sum divisible by 89."""
    if len(digits) != 11 or not _is_digits(digits) or digits[0] == "0":
        return False
    adjusted = str(int(digits[0]) - 1) + digits[1:]
    return weighted_sum(adjusted, (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)) % 89 == 0


def icao_check_digit(chars: str) -> int | None:
    """ICAO 9303 check digit (machine-readable travel documents): weights 7-3-1, A=10 … Z=35, '<'=0."""
    total = 0
    for i, ch in enumerate(chars.upper()):
        if ch.isdigit() and ch.isascii():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        elif ch == "<":
            value = 0
        else:
            return None
        total += value * (7, 3, 1)[i % 3]
    return total % 10


def base58check_payload(address: str) -> bytes | None:
    """The payload of a Base58Check string when its double-SHA-256 checksum holds, else None."""
    n = 0
    for ch in address:
        index = _BASE58_INDEX.get(ch)
        if index is None:
            return None
        n = n * 58 + index
    zeros = len(address) - len(address.lstrip("1"))
    raw = b"\0" * zeros + n.to_bytes((n.bit_length() + 7) // 8, "big")
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def bitcoin_base58_valid(address: str) -> bool:
    """Legacy mainnet address: version 0x00 (P2PKH, `1…`) or 0x05 (P2SH, `3…`) and a 20-byte hash."""
    payload = base58check_payload(address)
    return payload is not None and len(payload) == 21 and payload[0] in (0x00, 0x05)


#: Base58Check versions of other coins' legacy addresses: Litecoin `L…` (0x30) and `M…` (0x32), Dogecoin
#: `D…` (0x1E).
ALTCOIN_VERSIONS = frozenset({0x30, 0x32, 0x1E})


def altcoin_base58_valid(address: str) -> bool:
    """A Litecoin or Dogecoin legacy address: its version byte and a 20-byte hash under a valid checksum."""
    payload = base58check_payload(address)
    return payload is not None and len(payload) == 21 and payload[0] in ALTCOIN_VERSIONS


def _bech32_polymod(values: Sequence[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= generator[i]
    return chk


def _convert_bits(data: Sequence[int], from_bits: int, to_bits: int) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & ((1 << to_bits) - 1))
    if bits >= from_bits or (acc << (to_bits - bits)) & ((1 << to_bits) - 1):
        return None
    return out


def bitcoin_segwit_valid(address: str, hrp: str = "bc") -> bool:
    """BIP-173/350 segwit address: bech32 for witness v0 (20 or 32 bytes), bech32m for v1-16."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    sep = address.rfind("1")
    if address[:sep] != hrp or len(address) > 90 or len(address) - sep < 8:
        return False
    data = [_BECH32_INDEX.get(c, -1) for c in address[sep + 1 :]]
    if -1 in data:
        return False
    const = _bech32_polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data)
    version = data[0]
    if version > 16 or const != (1 if version == 0 else _BECH32M_CONST):
        return False
    program = _convert_bits(data[1:-6], 5, 8)
    if program is None or not 2 <= len(program) <= 40:
        return False
    return version != 0 or len(program) in (20, 32)


def au_medicare_valid(digits: str) -> bool:
    """Australian Medicare card: ten digits (an eleventh, the person's line on the card, may follow),
    first 2-6, the ninth is the weighted sum of the first eight (1-3-7-9-1-3-7-9) mod 10."""
    if len(digits) not in (10, 11) or not _is_digits(digits) or digits[0] not in "23456":
        return False
    return weighted_sum(digits[:8], (1, 3, 7, 9, 1, 3, 7, 9)) % 10 == int(digits[8])


def au_acn_valid(digits: str) -> bool:
    """Australian company number: weights 8-7-…-1 over the first eight digits, the ninth completes
    the sum to a multiple of ten."""
    if len(digits) != 9 or not _is_digits(digits):
        return False
    return (10 - weighted_sum(digits[:8], (8, 7, 6, 5, 4, 3, 2, 1)) % 10) % 10 == int(digits[8])


def kr_rrn_valid(digits: str) -> bool:
    """Korean resident registration number (issued before October 2020): a YYMMDD birth date, a
    gender/century digit 1-4 (5-8 for foreigners), weights 2-9,2-5 mod 11."""
    if len(digits) != 13 or not _is_digits(digits) or digits[6] not in "12345678":
        return False
    if not (1 <= int(digits[2:4]) <= 12 and 1 <= int(digits[4:6]) <= 31):
        return False
    total = weighted_sum(digits[:12], (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5))
    return (11 - total % 11) % 10 == int(digits[12])


def th_tnin_valid(digits: str) -> bool:
    """Thai national ID: thirteen digits, weights 13…2, check digit (11 - sum mod 11) mod 10."""
    if len(digits) != 13 or not _is_digits(digits) or digits[0] == "0":
        return False
    total = weighted_sum(digits[:12], range(13, 1, -1))
    return (11 - total % 11) % 10 == int(digits[12])


def tr_national_id_valid(digits: str) -> bool:
    """Turkish T.C. Kimlik No: eleven digits, no leading zero, two check digits (NVI algorithm)."""
    if len(digits) != 11 or not _is_digits(digits) or digits[0] == "0":
        return False
    d = [int(x) for x in digits]
    tenth = (sum(d[0:9:2]) * 7 - sum(d[1:8:2])) % 10
    return tenth == d[9] and sum(d[:10]) % 10 == d[10]


def za_id_valid(digits: str) -> bool:
    """South African identity number: a YYMMDD birth date (a real day), four sequence digits,
    citizenship 0-2, the former race digit (8 or 9 on every number issued since 1986), Luhn."""
    if len(digits) != 13 or not _is_digits(digits) or digits[10] not in "012" or digits[11] not in "89":
        return False
    try:
        datetime.date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))  # 20YY: 19YY's leap years
    except ValueError:
        return False
    return luhn_valid(digits)


_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def fr_rib_valid(rib: str) -> bool:
    """French RIB (relevé d'identité bancaire): bank code (5 digits), branch (5), account (11, letters
    counted A/J=1 … I/R/Z=9) and the two-digit clé, chosen so that 89·bank + 15·branch + 3·account + clé
    is divisible by 97."""
    if len(rib) != 23 or not rib.isascii() or not rib.isalnum():
        return False
    digits = rib.upper().translate(_RIB_LETTERS)
    if not _is_digits(digits) or not _is_digits(rib[:10] + rib[21:]):
        return False
    bank, branch, account, key = int(digits[:5]), int(digits[5:10]), int(digits[10:21]), int(digits[21:])
    return (89 * bank + 15 * branch + 3 * account + key) % 97 == 0


_CCC_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)


def _ccc_digit(ten: str) -> int:
    d = 11 - weighted_sum(ten, _CCC_WEIGHTS) % 11
    return 1 if d == 10 else 0 if d == 11 else d


def es_ccc_valid(digits: str) -> bool:
    """Spanish Código Cuenta Cliente: entity (4), office (4), two control digits (mod 11, the first
    over `00` + entity + office, the second over the account) and the account (10)."""
    if len(digits) != 20 or not _is_digits(digits) or digits == "0" * 20:
        return False
    return _ccc_digit("00" + digits[:8]) == int(digits[8]) and _ccc_digit(digits[10:]) == int(digits[9])


def es_social_security_valid(digits: str) -> bool:
    """Spanish Seguridad Social affiliation number: province (2), number (8, or 7 with a leading zero
    dropped) and two control digits, the first ten read as one number mod 97."""
    if len(digits) != 12 or not _is_digits(digits):
        return False
    province, number = int(digits[:2]), int(digits[2:10])
    base = province * 10**8 + number if number >= 10**7 else province * 10**7 + number
    return base % 97 == int(digits[10:])


def de_rvnr_valid(value: str) -> bool:
    """German pension insurance number (Rentenversicherungsnummer, the Sozialversicherungsnummer):
    area (2 digits), birth date DDMMYY, the first letter of the birth name, serial (2) and a check digit:
    the letter as its alphabet position (two digits), weights 2,1,2,5,7,1,2,1,2,1,2,1 over the digit sums
    of the products, mod 10."""
    v = value.upper()
    if len(v) != 12 or not v.isascii() or not _is_digits(v[:8] + v[9:]) or not v[8].isalpha():
        return False
    day, month = int(v[2:4]), int(v[4:6])
    if not (1 <= day <= 31 or 51 <= day <= 81) or not 1 <= month <= 12:  # +50: a second number that day
        return False
    digits = v[:8] + f"{ord(v[8]) - 64:02d}" + v[9:11]
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1),
                                                                strict=True))  # fmt: skip
    return total % 10 == int(v[11])


def nl_bsn_valid(digits: str) -> bool:
    """Dutch burgerservicenummer: nine digits passing the eleven test (weights 9…2 and -1)."""
    if len(digits) != 9 or not _is_digits(digits) or digits == "000000000":
        return False
    return (weighted_sum(digits[:8], (9, 8, 7, 6, 5, 4, 3, 2)) - int(digits[8])) % 11 == 0


def be_national_number_valid(digits: str) -> bool:
    """Belgian national register number: YYMMDD, serial (3), check (2) = 97 - the first nine mod 97;
    for people born from 2000 on, with a 2 put before the nine."""
    if len(digits) != 11 or not _is_digits(digits):
        return False
    month = int(digits[2:4])
    if month > 12 and not 20 <= month <= 32 and not 40 <= month <= 52:  # +20/+40: bis numbers
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return 97 - base % 97 == check or 97 - (2_000_000_000 + base) % 97 == check


def ch_ahv_valid(digits: str) -> bool:
    """Swiss AHV/AVS number: thirteen digits, 756 first, an EAN-13 check digit last."""
    if len(digits) != 13 or not _is_digits(digits) or not digits.startswith("756"):
        return False
    total = weighted_sum(digits[:12], (1, 3) * 6)
    return (10 - total % 10) % 10 == int(digits[12])


def at_svnr_valid(digits: str) -> bool:
    """Austrian social insurance number: serial (3), check digit, birth date DDMMYY; weights
    3,7,9,_,5,8,4,2,1,6 mod 11 (a remainder of 10 is never issued)."""
    if len(digits) != 10 or not _is_digits(digits) or digits[0] == "0":
        return False
    if not 1 <= int(digits[4:6]) <= 31 or not 1 <= int(digits[6:8]) <= 15:  # 13-15: unknown birth dates
        return False
    total = weighted_sum(digits[:3] + digits[4:], (3, 7, 9, 5, 8, 4, 2, 1, 6)) % 11
    return total != 10 and total == int(digits[3])


def ie_ppsn_valid(ppsn: str) -> bool:
    """Irish PPS number: seven digits, a mod-23 check letter (weights 8…2; a second letter, W or A-I
    since 2013, counts with weight 9), optionally that second letter."""
    v = ppsn.upper()
    if len(v) not in (8, 9) or not _is_digits(v[:7]) or not v[7:].isascii() or not v[7:].isalpha():
        return False
    total = weighted_sum(v[:7], (8, 7, 6, 5, 4, 3, 2))
    if len(v) == 9 and v[8] != "W":
        total += 9 * (ord(v[8]) - 64)
    return "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] == v[7]


def pt_nif_valid(digits: str) -> bool:
    """Portuguese NIF (número de identificação fiscal): nine digits, the last a mod-11 check over the first
    eight (weights 9…2; a remainder below 2 gives 0). People's start 1-3, companies' 5 and up; the label
    tells which, so any first digit but 0 passes."""
    if len(digits) != 9 or not _is_digits(digits) or digits[0] == "0":
        return False
    remainder = weighted_sum(digits[:8], (9, 8, 7, 6, 5, 4, 3, 2)) % 11
    return int(digits[8]) == (0 if remainder < 2 else 11 - remainder)


def pt_niss_valid(digits: str) -> bool:
    """Portuguese NISS (social security number): eleven digits starting 1 or 2, the last a check digit:
    9 minus the weighted sum (29 23 19 17 13 11 7 5 3 2) mod 10."""
    if len(digits) != 11 or not _is_digits(digits) or digits[0] not in "12":
        return False
    return int(digits[10]) == 9 - weighted_sum(digits[:10], (29, 23, 19, 17, 13, 11, 7, 5, 3, 2)) % 10


def br_cpf_valid(value: str) -> bool:
    """Brazilian CPF: eleven digits (`123.456.789-09`), two mod-11 check digits; one digit eleven times
    passes the arithmetic but is no CPF."""
    digits = strip_separators(value)
    if len(digits) != 11 or not _is_digits(digits) or len(set(digits)) == 1:
        return False
    for n in (9, 10):
        remainder = weighted_sum(digits[:n], range(n + 1, 1, -1)) * 10 % 11
        if remainder % 10 != int(digits[n]):
            return False
    return True


def br_cns_valid(value: str) -> bool:
    """Brazilian Cartão Nacional de Saúde (CNS, the Cartão SUS number): fifteen digits starting 1, 2, 7, 8
    or 9 whose sum weighted 15…1 is a multiple of 11 (both the permanent and the provisional series)."""
    digits = strip_separators(value)
    if len(digits) != 15 or not _is_digits(digits) or digits[0] not in "12789":
        return False
    return weighted_sum(digits, range(15, 0, -1)) % 11 == 0
