#!/usr/bin/env python3
# ruff: noqa: E501
"""Deterministic generator for the DLP Guard labelled evaluation corpus.

    python tests/corpus/build_corpus.py           # (re)writes tests/corpus/corpus.jsonl, prints stats
    python tests/corpus/build_corpus.py --check   # exit 1 if corpus.jsonl is not what this script makes

Only the standard library is used and the seed is fixed, so the output is byte-identical on every run.
Every sensitive value is inserted by construction, so its span is known; the generator then checks
that text[start:end] equals the value, that checksums hold (Luhn, mod-97, ...), that spans do not
overlap, and it audits every text for unlabelled look-alikes (emails, IPs, SSNs, known names/cities).
All values are fake; checksummed values are randomly generated, not taken from real people.
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
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent
OUT_PATH = HERE / "corpus.jsonl"

ENTITY_CATEGORY: dict[str, str] = {
    "AWS_ACCESS_KEY": "secret",
    "AWS_SECRET_KEY": "secret",
    "GCP_API_KEY": "secret",
    "GCP_SERVICE_ACCOUNT_KEY": "secret",
    "AZURE_STORAGE_KEY": "secret",
    "AZURE_CONNECTION_STRING": "secret",
    "GITHUB_TOKEN": "secret",
    "GITLAB_TOKEN": "secret",
    "SLACK_TOKEN": "secret",
    "SLACK_WEBHOOK": "secret",
    "STRIPE_KEY": "secret",
    "OPENAI_API_KEY": "secret",
    "ANTHROPIC_API_KEY": "secret",
    "DEEPSEEK_API_KEY": "secret",
    "HUGGINGFACE_TOKEN": "secret",
    "TWILIO_KEY": "secret",
    "SENDGRID_KEY": "secret",
    "NPM_TOKEN": "secret",
    "PYPI_TOKEN": "secret",
    "JWT": "secret",
    "PRIVATE_KEY": "secret",
    "CONNECTION_STRING": "secret",
    "PASSWORD": "secret",
    "GENERIC_SECRET": "secret",
    "CREDIT_CARD": "financial",
    "IBAN_CODE": "financial",
    "ABA_ROUTING_NUMBER": "financial",
    "CRYPTO": "financial",
    "US_SSN": "government_id",
    "UK_NINO": "government_id",
    "DE_TAX_ID": "government_id",
    "ES_NIF": "government_id",
    "FR_NIR": "government_id",
    "IT_FISCAL_CODE": "government_id",
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network",
    "MAC_ADDRESS": "network",
    "PERSON": "person",
    "LOCATION": "location",
}

# ---------------------------------------------------------------------------------------------
# Fragments: text plus the spans inside it
# ---------------------------------------------------------------------------------------------


@dataclass
class Frag:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def L(value: str, etype: str) -> Frag:
    """A labelled value: the whole value is one span of `etype`."""
    if etype not in ENTITY_CATEGORY:
        raise ValueError(etype)
    if not value or value != value.strip():
        raise ValueError(f"bad labelled value {value!r}")
    return Frag(value, [(0, len(value), etype)])


def per(v: str) -> Frag:
    return L(v, "PERSON")


def loc(v: str) -> Frag:
    return L(v, "LOCATION")


def em(v: str) -> Frag:
    return L(v, "EMAIL_ADDRESS")


def ph(v: str) -> Frag:
    return L(v, "PHONE_NUMBER")


def ip(v: str) -> Frag:
    """A public address is labelled; a private one (RFC 1918) is not a finding under the default policy
    (`detection.ip_addresses: public`), so it stays in the text unlabelled."""
    return Frag(v) if ip_is_private(v) else L(v, "IP_ADDRESS")


def cat(*parts: Frag | str, sep: str = "") -> Frag:
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for i, p in enumerate(parts):
        if i and sep:
            out.append(sep)
            pos += len(sep)
        if isinstance(p, Frag):
            spans.extend((pos + s, pos + e, t) for s, e, t in p.spans)
            out.append(p.text)
            pos += len(p.text)
        else:
            out.append(p)
            pos += len(p)
    return Frag("".join(out), spans)


def join(parts: list[Frag | str], sep: str = "\n") -> Frag:
    return cat(*parts, sep=sep)


PLACEHOLDER = re.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")


def fill(template: str, **fields: Frag | str | int) -> Frag:
    """Fill `{{name}}` placeholders of a (dedented) template with plain strings or labelled Frags."""
    tpl = textwrap.dedent(template)
    if tpl.startswith("\n"):
        tpl = tpl[1:]
    parts: list[Frag | str] = []
    used: set[str] = set()
    last = 0
    for m in PLACEHOLDER.finditer(tpl):
        parts.append(tpl[last : m.start()])
        name = m.group(1)
        if name not in fields:
            raise KeyError(f"template placeholder {name!r} not given")
        used.add(name)
        v = fields[name]
        parts.append(v if isinstance(v, Frag) else str(v))
        last = m.end()
    parts.append(tpl[last:])
    unused = sorted(set(fields) - used)
    if unused:
        raise KeyError(f"unused template fields {unused}")
    return cat(*parts)


# ---------------------------------------------------------------------------------------------
# Reference data (all fictional combinations)
# ---------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Maria",
    "Priya",
    "Wei",
    "Aisha",
    "Lukas",
    "Sofia",
    "Mateo",
    "Chloé",
    "Hiroshi",
    "Oluwaseun",
    "Fatima",
    "Dmitri",
    "Ingrid",
    "Kwame",
    "Mei",
    "Santiago",
    "Anjali",
    "Tomasz",
    "Yusuf",
    "Elif",
    "Nadia",
    "Javier",
    "Camille",
    "Björn",
    "Thandiwe",
    "Rahul",
    "Ayumi",
    "Carlos",
    "Léa",
    "Jonas",
    "Amara",
    "Zainab",
    "Mikhail",
    "Lucía",
    "Emeka",
    "Svetlana",
    "Arjun",
    "Olivia",
    "Ethan",
    "Hannah",
    "Daniel",
    "Rebecca",
    "Marcus",
    "Natalie",
    "Gabriel",
    "Isabella",
    "Kenji",
    "Yuki",
    "Min-jun",
    "Seo-yeon",
    "Chinonso",
    "Adaeze",
    "Omar",
    "Layla",
    "Hamza",
    "Leila",
    "Mehmet",
    "Zeynep",
    "Agnieszka",
    "Piotr",
    "Nguyen Van",
    "Linh",
    "Thabo",
    "Siobhan",
    "Declan",
    "Astrid",
    "Søren",
    "Elena",
    "Giulia",
    "Francesca",
    "Matteo",
    "Andrea",
    "Pablo",
    "Valentina",
    "Diego",
    "Ximena",
    "Rafael",
    "Beatriz",
    "João",
    "Thiago",
    "Aaliyah",
    "Malik",
    "Tremaine",
    "Keisha",
    "Connor",
    "Abigail",
    "Benjamin",
    "Charlotte",
    "Samuel",
    "Eleanor",
    "Vikram",
    "Deepika",
    "Sunita",
    "Rohan",
    "Xiaoming",
    "Jing",
    "Tariq",
    "Noura",
    "Felix",
    "Greta",
    "Matthias",
    "Annika",
    "Florian",
    "Katharina",
    "Julien",
    "Margaux",
    "Antoine",
    "Élodie",
    "Inés",
    "Álvaro",
]
FIRST_NAMES = [n for n in FIRST_NAMES if " " not in n]

LAST_NAMES = [
    "Keller",
    "Natarajan",
    "Zhang",
    "Okafor",
    "Hoffmann",
    "Rossi",
    "García",
    "Dubois",
    "Tanaka",
    "Adeyemi",
    "Haddad",
    "Volkov",
    "Lindqvist",
    "Mensah",
    "Chen",
    "Fernández",
    "Sharma",
    "Kowalski",
    "Yılmaz",
    "Öztürk",
    "Benali",
    "Moreau",
    "Nakamura",
    "Martínez",
    "Schneider",
    "Nguyễn",
    "Kim",
    "Park",
    "O'Brien",
    "Müller",
    "Andersson",
    "Petrov",
    "Ramírez",
    "Singh",
    "Banerjee",
    "Ito",
    "Abdullah",
    "Mwangi",
    "Kariuki",
    "Costa",
    "Silva",
    "Pereira",
    "Novak",
    "Horvat",
    "Janssen",
    "de Vries",
    "Thompson",
    "Rodriguez",
    "Washington",
    "Jefferson",
    "Ramirez",
    "Henderson",
    "Fitzgerald",
    "Kowalczyk",
    "Wiśniewska",
    "Nowak",
    "Sato",
    "Watanabe",
    "Choi",
    "Lee",
    "Okonkwo",
    "Balogun",
    "Eze",
    "Achebe",
    "Rahman",
    "Hussain",
    "Qureshi",
    "Farouk",
    "El-Amin",
    "Demir",
    "Kaya",
    "Schmidt",
    "Weber",
    "Becker",
    "Richter",
    "Lefèvre",
    "Girard",
    "Fontaine",
    "Bianchi",
    "Ferrari",
    "Esposito",
    "Romano",
    "Santos",
    "Oliveira",
    "Almeida",
    "Castillo",
    "Vargas",
    "Morales",
    "Ortega",
    "Navarro",
    "Iyer",
    "Reddy",
    "Menon",
    "Liu",
    "Huang",
    "Wang",
    "Zhou",
    "Tran",
    "Pham",
    "Nilsson",
    "Johansson",
    "Virtanen",
    "Kovács",
    "Dvořák",
    "Popescu",
    "Ivanova",
    "Murphy",
    "Gallagher",
    "MacLeod",
    "Campbell",
]

# Cities with the country / state they are in.
CITIES = [
    ("Berlin", "Germany"),
    ("Munich", "Germany"),
    ("Hamburg", "Germany"),
    ("Frankfurt", "Germany"),
    ("Paris", "France"),
    ("Lyon", "France"),
    ("Marseille", "France"),
    ("Toulouse", "France"),
    ("Madrid", "Spain"),
    ("Barcelona", "Spain"),
    ("Valencia", "Spain"),
    ("Seville", "Spain"),
    ("London", "United Kingdom"),
    ("Manchester", "United Kingdom"),
    ("Edinburgh", "Scotland"),
    ("Leeds", "United Kingdom"),
    ("Amsterdam", "the Netherlands"),
    ("Rotterdam", "the Netherlands"),
    ("Zurich", "Switzerland"),
    ("Geneva", "Switzerland"),
    ("Vienna", "Austria"),
    ("Brussels", "Belgium"),
    ("Milan", "Italy"),
    ("Rome", "Italy"),
    ("São Paulo", "Brazil"),
    ("Rio de Janeiro", "Brazil"),
    ("Bangalore", "India"),
    ("Pune", "India"),
    ("Hyderabad", "India"),
    ("Lagos", "Nigeria"),
    ("Nairobi", "Kenya"),
    ("Accra", "Ghana"),
    ("Toronto", "Canada"),
    ("Vancouver", "Canada"),
    ("Austin", "Texas"),
    ("Seattle", "Washington"),
    ("Chicago", "Illinois"),
    ("Denver", "Colorado"),
    ("Boston", "Massachusetts"),
    ("Atlanta", "Georgia"),
    ("Portland", "Oregon"),
    ("Phoenix", "Arizona"),
    ("Tokyo", "Japan"),
    ("Osaka", "Japan"),
    ("Seoul", "South Korea"),
    ("Singapore", "Singapore"),
    ("Sydney", "Australia"),
    ("Melbourne", "Australia"),
    ("Dublin", "Ireland"),
    ("Warsaw", "Poland"),
    ("Kraków", "Poland"),
    ("Istanbul", "Turkey"),
    ("Cairo", "Egypt"),
    ("Dubai", "United Arab Emirates"),
    ("Mexico City", "Mexico"),
    ("Bogotá", "Colombia"),
    ("Lisbon", "Portugal"),
    ("Stockholm", "Sweden"),
    ("Oslo", "Norway"),
    ("Copenhagen", "Denmark"),
    ("Helsinki", "Finland"),
    ("Prague", "Czech Republic"),
    ("Cape Town", "South Africa"),
    ("Hanoi", "Vietnam"),
    ("Jakarta", "Indonesia"),
    ("Manila", "Philippines"),
    ("Buenos Aires", "Argentina"),
    ("Santiago de Chile", "Chile"),
]
US_CITIES = [
    c
    for c in CITIES
    if c[1]
    in {"Texas", "Washington", "Illinois", "Colorado", "Massachusetts", "Georgia", "Oregon", "Arizona"}
]
US_CITIES += [
    ("San Francisco", "California"),
    ("New York", "New York"),
    ("Miami", "Florida"),
    ("Columbus", "Ohio"),
    ("Nashville", "Tennessee"),
    ("Minneapolis", "Minnesota"),
    ("Raleigh", "North Carolina"),
    ("Pittsburgh", "Pennsylvania"),
]
UK_CITIES = [
    "London",
    "Manchester",
    "Leeds",
    "Bristol",
    "Birmingham",
    "Glasgow",
    "Cardiff",
    "Liverpool",
    "Edinburgh",
    "Sheffield",
]
DE_CITIES = [
    "Berlin",
    "München",
    "Hamburg",
    "Köln",
    "Frankfurt am Main",
    "Stuttgart",
    "Düsseldorf",
    "Leipzig",
    "Dresden",
    "Nürnberg",
    "Bremen",
    "Hannover",
]
FR_CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Strasbourg",
    "Montpellier",
    "Rennes",
    "Nice",
    "Grenoble",
]
ES_CITIES = [
    "Madrid",
    "Barcelona",
    "Valencia",
    "Sevilla",
    "Zaragoza",
    "Málaga",
    "Bilbao",
    "Granada",
    "Alicante",
    "Murcia",
    "Valladolid",
    "Palma",
]
DE_FIRST = [
    "Lukas",
    "Jonas",
    "Felix",
    "Matthias",
    "Florian",
    "Katharina",
    "Annika",
    "Greta",
    "Sabine",
    "Jürgen",
    "Stefanie",
    "Tobias",
    "Ursula",
    "Dieter",
    "Mehmet",
    "Ayşe",
]
DE_LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Hoffmann",
    "Richter",
    "Wagner",
    "Krüger",
    "Schäfer",
    "Zimmermann",
    "Yılmaz",
    "Kowalski",
    "Neumann",
    "Braun",
]
FR_FIRST = [
    "Camille",
    "Julien",
    "Margaux",
    "Antoine",
    "Élodie",
    "Léa",
    "Hugo",
    "Manon",
    "Théo",
    "Inès",
    "Karim",
    "Sophie",
    "Mathieu",
    "Aurélie",
    "Nicolas",
    "Yasmine",
]
FR_LAST = [
    "Dubois",
    "Moreau",
    "Lefèvre",
    "Girard",
    "Fontaine",
    "Laurent",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Roux",
    "Mercier",
    "Benali",
    "Chevalier",
    "Gauthier",
    "Faure",
]
ES_FIRST = [
    "Lucía",
    "Javier",
    "Pablo",
    "Inés",
    "Álvaro",
    "Carmen",
    "Alejandro",
    "Marta",
    "Sergio",
    "Paula",
    "Raúl",
    "Nuria",
    "Jorge",
    "Elena",
    "Iván",
    "Rocío",
]
ES_LAST = [
    "García",
    "Fernández",
    "Martínez",
    "López",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Ruiz",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Navarro",
    "Torres",
    "Domínguez",
]
IT_FIRST = [
    "Giulia",
    "Marco",
    "Francesca",
    "Matteo",
    "Chiara",
    "Alessandro",
    "Federica",
    "Lorenzo",
    "Sara",
    "Davide",
]
IT_LAST = [
    "Bianchi",
    "Ferrari",
    "Esposito",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
]
IT_COMUNI = [
    ("H501", "Rome"),
    ("F205", "Milan"),
    ("F839", "Naples"),
    ("L219", "Turin"),
    ("G273", "Palermo"),
    ("A944", "Bologna"),
    ("D612", "Florence"),
]

COMPANIES = [
    "Helix Dynamics",
    "Brightline Analytics",
    "Kestrel Freight",
    "Quantix Labs",
    "Bluefin Payments",
    "Orbital Foods",
    "Vantage Robotics",
    "Silverleaf Insurance",
    "Pinecrest Software",
    "Nimbus Cloudworks",
    "Tidewater Logistics",
    "Arcadia Retail",
    "Ferrox Materials",
    "Copperline Telecom",
    "Solace Energy",
    "Granite Peak Capital",
    "Halcyon Media",
    "Ironbark Systems",
    "Parallax Games",
    "Sunfield Agritech",
    "Cobalt Harbor",
    "Lumenfold",
    "Stratus Mobility",
    "Driftwood Apparel",
    "Keystone Fintech",
    "Obsidian Security",
    "Polaris Ventures",
    "Riverbend Hotels",
    "Trellis HR",
    "Wavecrest Audio",
    "Zephyr Airways",
    "Nordlicht Technik",
    "Ardent Pharma Supply",
]
TLDS = ["com", "com", "io", "de", "co.uk", "fr", "es", "net", "eu", "nl", "ch"]
FREEMAIL = [
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "proton.me",
    "icloud.com",
    "gmx.de",
    "web.de",
    "t-online.de",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "hotmail.es",
    "yahoo.es",
    "live.co.uk",
    "btinternet.com",
]
LANG_FREEMAIL = {
    "de": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "hotmail.fr"],
    "es": ["hotmail.es", "yahoo.es", "gmail.com", "telefonica.net", "outlook.es"],
}
STREETS = [
    "Maple Avenue",
    "Harbor Road",
    "Elm Street",
    "Kingfisher Lane",
    "Station Road",
    "Cedar Court",
    "Mill Lane",
    "Orchard Way",
    "Lakeview Drive",
    "Chestnut Close",
    "Willow Crescent",
    "Bay Street",
]
DE_STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Lindenallee",
    "Schillerstraße",
    "Gartenweg",
    "Bergstraße",
    "Kirchgasse",
]
FR_STREETS = [
    "rue de la République",
    "avenue des Platanes",
    "rue des Lilas",
    "boulevard Voltaire",
    "rue du Moulin",
]
ES_STREETS = [
    "Calle Mayor",
    "Avenida de la Constitución",
    "Calle del Olivo",
    "Paseo de la Castellana",
    "Calle Real",
]
PRODUCTS = [
    "Pro plan",
    "Team plan",
    "Enterprise plan",
    "annual subscription",
    "starter bundle",
    "hardware token",
    "API add-on",
]

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "đ": "d",
        "Ø": "O",
        "Ł": "L",
        "'": "",
        " ": "",
        "-": "",
    }
)


def ascii_fold(s: str) -> str:
    s = s.translate(_FOLD)
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


# ---------------------------------------------------------------------------------------------
# Checksums (used both to generate and to validate)
# ---------------------------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    d = [int(c) for c in digits if c.isdigit()]
    total = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    for c in DIGITS:
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError


def iban_mod97(iban: str) -> int:
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban_ok(iban: str) -> bool:
    return iban_mod97(iban) == 1


def aba_ok(n: str) -> bool:
    d = [int(c) for c in n]
    return (
        len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0
    )


def ssn_ok(s: str) -> bool:
    digits = re.sub(r"[ -]", "", s)
    if not re.fullmatch(r"\d{9}", digits):
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in {"000", "666"} or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in {"123456789", "078051120", "219099999"}


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD_PREFIX = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def nino_ok(s: str) -> bool:
    s = s.replace(" ", "")
    return (
        bool(re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", s))
        and s[0] in NINO_FIRST
        and s[1] in NINO_SECOND
        and s[:2] not in NINO_BAD_PREFIX
    )


def de_tax_check_digit(first10: str) -> int:
    product = 10
    for c in first10:
        total = (int(c) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def de_tax_ok(s: str) -> bool:
    d = s.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", d):
        return False
    counts = Counter(d[:10])
    if sorted(counts.values(), reverse=True)[0] not in (2, 3):
        return False
    return de_tax_check_digit(d[:10]) == int(d[10])


NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def nif_ok(s: str) -> bool:
    return bool(re.fullmatch(r"\d{8}[A-Z]", s)) and NIF_LETTERS[int(s[:8]) % 23] == s[8]


def nir_ok(s: str) -> bool:
    d = s.replace(" ", "")
    return bool(re.fullmatch(r"[12]\d{14}", d)) and 97 - int(d[:13]) % 97 == int(d[13:])


CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _cf_val(c: str, odd: bool) -> int:
    idx = int(c) if c.isdigit() else ord(c) - 65
    return CF_ODD[idx] if odd else idx


def cf_check_char(first15: str) -> str:
    total = sum(_cf_val(c, i % 2 == 0) for i, c in enumerate(first15))
    return chr(65 + total % 26)


def it_cf_ok(s: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s))
        and cf_check_char(s[:15]) == s[15]
    )


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(s: str) -> bytes:
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\0" * pad + raw


BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


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


def _convertbits(data: bytes, frombits: int, tobits: int) -> list[int]:
    acc = bits = 0
    ret: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if bits:
        ret.append((acc << (tobits - bits)) & maxv)
    return ret


def bech32_encode(hrp: str, witver: int, prog: bytes) -> str:
    data = [witver, *_convertbits(prog, 8, 5)]
    polymod = _bech32_polymod([*_hrp_expand(hrp), *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + checksum)


def btc_ok(addr: str) -> bool:
    if addr.startswith("bc1"):
        data = [BECH32.index(c) for c in addr[3:]]
        return _bech32_polymod([*_hrp_expand("bc"), *data]) == 1
    raw = b58decode(addr)
    return (
        len(raw) == 25
        and raw[0] in (0, 5)
        and hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]
    )


def isbn13(prefix12: str) -> str:
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(prefix12))
    return prefix12 + str((10 - total % 10) % 10)


WELL_KNOWN_TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444"}
DOC_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432"}
ALLOWED_EMAIL_DOMAINS = (
    "example.com",
    "example.org",
    "example.net",
    "test.com",
    "localhost",
    "example.invalid",
)


def ip_is_documentation(addr: str) -> bool:
    return addr.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "127.", "255.255.")) or addr == "0.0.0.0"


def ip_is_private(addr: str) -> bool:
    """RFC 1918 ranges, which the generator's `ip_private` draws from."""
    octets = addr.split(".")
    if len(octets) != 4 or not all(o.isdigit() for o in octets):
        return False
    a, b = int(octets[0]), int(octets[1])
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)


# ---------------------------------------------------------------------------------------------
# Fake value factory
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    style: int
    lang: str = "en"

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


class Fake:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.allowed: set[str] = set()  # entity-looking strings that are intentionally unlabelled

    # -- basics ---------------------------------------------------------------------------
    def choice(self, seq):
        return self.r.choice(seq)

    def sample(self, seq, k: int):
        return self.r.sample(seq, k)

    def rint(self, a: int, b: int) -> int:
        return self.r.randint(a, b)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def rs(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def digits(self, n: int) -> str:
        return self.rs(DIGITS, n)

    def hexs(self, n: int) -> str:
        return self.rs(HEX, n)

    def allow(self, s: str) -> str:
        self.allowed.add(s)
        return s

    # -- people, places, companies ---------------------------------------------------------
    def person(self, firsts: list[str] | None = None, lasts: list[str] | None = None) -> Person:
        return Person(self.choice(firsts or FIRST_NAMES), self.choice(lasts or LAST_NAMES), self.rint(0, 5))

    def people(self, k: int, firsts: list[str] | None = None, lasts: list[str] | None = None) -> list[Person]:
        out: list[Person] = []
        while len(out) < k:
            p = self.person(firsts, lasts)
            if all(p.first != q.first and p.last != q.last for q in out):
                out.append(p)
        return out

    def city(self) -> tuple[str, str]:
        return self.choice(CITIES)

    def company(self) -> str:
        return self.choice(COMPANIES)

    def domain(self, company: str | None = None, tld: str | None = None) -> str:
        company = company or self.company()
        words = [re.sub(r"[^a-z0-9]", "", w) for w in company.lower().replace("&", "and").split()]
        words = [ascii_fold(w) for w in words if w]
        base = self.choice(["".join(words), "-".join(words), words[0]]) if len(words) > 1 else words[0]
        return f"{base}.{tld or self.choice(TLDS)}"

    def email(self, p: Person, domain: str | None = None) -> str:
        f, la = ascii_fold(p.first).lower(), ascii_fold(p.last).lower()
        if domain is None:
            domain = self.choice(LANG_FREEMAIL.get(p.lang, FREEMAIL))
            local = self.choice(
                [
                    f"{f}.{la}",
                    f"{f}{la}{self.rint(1, 99)}",
                    f"{f[0]}{la}",
                    f"{f}_{la}",
                    f"{la}.{f}{self.rint(70, 99)}",
                ]
            )
        else:
            local = [f"{f}.{la}", f"{f[0]}.{la}", f"{f}", f"{f}{la[0]}", f"{f}.{la}", f"{la}"][p.style]
        return f"{local}@{domain}"

    def role_email(self, domain: str) -> str:
        return f"{self.choice(['billing', 'support', 'accounts', 'hr', 'payroll', 'ops', 'security', 'finance', 'sales'])}@{domain}"

    def street(self, streets: list[str] | None = None) -> str:
        return f"{self.rint(2, 220)} {self.choice(streets or STREETS)}"

    # -- phone numbers ---------------------------------------------------------------------
    def _us_exchange(self) -> str:
        while True:
            ex = f"{self.rint(2, 9)}{self.digits(2)}"
            if ex != "555" and ex[1:] != "11":
                return ex

    def phone(self, country: str | None = None, national: bool = False) -> str:
        c = country or self.choice(
            ["us", "us", "uk", "de", "fr", "es", "in", "br", "jp", "au", "nl", "ch", "ng", "ke", "ca"]
        )
        d = self.digits
        if c in ("us", "ca"):
            area = self.choice(
                [
                    "212",
                    "646",
                    "718",
                    "415",
                    "628",
                    "312",
                    "773",
                    "617",
                    "206",
                    "512",
                    "303",
                    "305",
                    "404",
                    "702",
                    "214",
                    "713",
                    "602",
                    "503",
                    "619",
                    "202",
                    "470",
                    "720",
                ]
                if c == "us"
                else ["416", "647", "604", "514", "403"]
            )
            ex, line = self._us_exchange(), d(4)
            fmt = self.choice(
                [
                    "+1 {a} {e} {l}",
                    "({a}) {e}-{l}",
                    "{a}-{e}-{l}",
                    "+1-{a}-{e}-{l}",
                    "{a}.{e}.{l}",
                    "+1 ({a}) {e}-{l}",
                ]
            )
            return fmt.format(a=area, e=ex, l=line)
        if c == "uk":
            kind = self.choice(["london", "mobile", "manchester"])
            if kind == "london":
                while True:
                    a, b = f"{self.choice('378')}{d(3)}", d(4)
                    if not (a == "7946" and b[0] == "0"):
                        break
                return f"020 {a} {b}" if national else f"+44 20 {a} {b}"
            if kind == "mobile":
                while True:
                    a, b = f"7{self.rint(4, 9)}{d(2)}", d(6)
                    if not (a == "7700" and b.startswith("900")):
                        break
                return f"0{a} {b}" if national else f"+44 {a} {b}"
            return (
                f"0161 {self.rint(2, 9)}{d(2)} {d(4)}"
                if national
                else f"+44 161 {self.rint(2, 9)}{d(2)} {d(4)}"
            )
        if c == "de":
            kind = self.choice(["30", "89", "40", "69", "221", "mobile"])
            if kind == "mobile":
                pre = self.choice(["151", "160", "170", "171", "172", "176", "157"])
                num = f"{self.rint(1, 9)}{d(7)}"
                return self.choice([f"0{pre} {num}", f"0{pre}/{num}"]) if national else f"+49 {pre} {num}"
            num = f"{self.rint(2, 9)}{d(self.choice([6, 7]))}"
            if national:
                return self.choice([f"0{kind} {num}", f"0{kind}/{num}", f"0{kind}-{num}"])
            return self.choice([f"+49 {kind} {num}", f"+49 (0){kind} {num}", f"+49-{kind}-{num}"])
        if c == "fr":
            first = self.choice(["1", "4", "6", "6", "7", "2", "3", "5", "9"])
            pairs = " ".join(f"{self.rint(10, 99)}" for _ in range(4))
            if national:
                return self.choice([f"0{first} {pairs}", f"0{first}.{pairs.replace(' ', '.')}"])
            return f"+33 {first} {pairs}"
        if c == "es":
            first = self.choice(["91", "93", "95", "96", "6", "6", "7"])
            rest = d(9 - len(first))
            num = f"{first}{rest}"
            grouped = f"{num[:3]} {num[3:6]} {num[6:]}"
            return grouped if national else self.choice([f"+34 {grouped}", f"+34 {num}", f"0034 {grouped}"])
        if c == "in":
            return f"+91 {self.choice('9876')}{d(4)} {d(5)}"
        if c == "br":
            return self.choice([f"+55 11 9{d(4)}-{d(4)}", f"+55 21 9{d(4)}-{d(4)}", f"(11) 9{d(4)}-{d(4)}"])
        if c == "jp":
            return self.choice([f"+81 3-{d(4)}-{d(4)}", f"+81 90-{d(4)}-{d(4)}", f"03-{d(4)}-{d(4)}"])
        if c == "au":
            return self.choice(
                [f"+61 2 {self.rint(8, 9)}{d(3)} {d(4)}", f"+61 4{self.rint(0, 9)}{d(1)} {d(3)} {d(3)}"]
            )
        if c == "nl":
            return self.choice([f"+31 20 {self.rint(2, 8)}{d(2)} {d(4)}", f"+31 6 {d(8)}"])
        if c == "ch":
            return f"+41 {self.choice(['44', '22', '31', '79', '78'])} {self.rint(2, 9)}{d(2)} {d(2)} {d(2)}"
        if c == "ng":
            return f"+234 {self.choice(['803', '805', '806', '813', '902'])} {d(3)} {d(4)}"
        if c == "ke":
            return f"+254 7{d(2)} {d(3)} {d(3)}"
        raise ValueError(c)

    def fictional_phone(self) -> str:
        area = self.choice(["212", "415", "312", "617", "206", "303"])
        n = f"01{self.digits(2)}"
        return self.choice([f"({area}) 555-{n}", f"+1 {area} 555 {n}", f"{area}-555-{n}", f"555-{n}"])

    # -- network -----------------------------------------------------------------------------
    def ip_private(self) -> str:
        k = self.rint(0, 2)
        if k == 0:
            return f"10.{self.rint(0, 255)}.{self.rint(0, 255)}.{self.rint(2, 254)}"
        if k == 1:
            return f"172.{self.rint(16, 31)}.{self.rint(0, 255)}.{self.rint(2, 254)}"
        return f"192.168.{self.rint(0, 60)}.{self.rint(2, 254)}"

    def ip_public(self) -> str:
        first = self.choice(
            [
                5,
                31,
                34,
                35,
                37,
                46,
                52,
                54,
                62,
                78,
                80,
                84,
                91,
                95,
                104,
                109,
                138,
                141,
                146,
                151,
                163,
                176,
                178,
                185,
                188,
                193,
                195,
                213,
                217,
            ]
        )
        return f"{first}.{self.rint(1, 254)}.{self.rint(0, 255)}.{self.rint(2, 254)}"

    def ip_any(self) -> str:
        return self.ip_private() if self.chance(0.5) else self.ip_public()

    def ipv6(self) -> str:
        h = lambda: format(self.rint(1, 0xFFFF), "x")  # noqa: E731
        return self.choice(
            [
                f"2a01:4f8:{h()}:{h()}::{self.rint(1, 9)}",
                f"2600:1f18:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
                f"2a02:{h()}:{h()}::{h()}",
                f"2a00:1450:{h()}:{h()}::{h()}",
            ]
        )

    def mac(self) -> str:
        b = [self.rint(0, 255) for _ in range(6)]
        b[0] &= 0xFC
        b[0] |= 0x10 if b[0] == 0 else 0
        if self.chance(0.65):
            return ":".join(f"{x:02x}" for x in b)
        return self.choice(["-", ":"]).join(f"{x:02X}" for x in b)

    def hostname(self) -> str:
        return f"{self.choice(['web', 'api', 'db', 'worker', 'cache', 'auth', 'billing', 'edge', 'queue'])}-{self.choice(['prod', 'stg', 'int'])}-{self.rint(1, 24):02d}"

    # -- financial ------------------------------------------------------------------------
    def card(self, brand: str | None = None, fmt: str | None = None) -> str:
        brand = brand or self.choice(["visa", "visa", "mc", "mc2", "amex", "discover"])
        while True:
            if brand == "visa":
                num = luhn_complete("4" + self.digits(14))
            elif brand == "mc":
                num = luhn_complete(f"5{self.rint(1, 5)}" + self.digits(13))
            elif brand == "mc2":
                num = luhn_complete(str(self.rint(2221, 2720)) + self.digits(11))
            elif brand == "amex":
                num = luhn_complete(self.choice(["34", "37"]) + self.digits(12))
            else:
                num = luhn_complete("6011" + self.digits(11))
            if num not in WELL_KNOWN_TEST_CARDS and len(set(num[4:12])) > 2:
                break
        fmt = fmt or self.choice(["space", "space", "dash", "none"])
        groups = (
            [num[:4], num[4:10], num[10:]] if len(num) == 15 else [num[i : i + 4] for i in range(0, 16, 4)]
        )
        return {"space": " ".join(groups), "dash": "-".join(groups), "none": num}[fmt]

    def luhn_fail_16(self, sep: str = " ") -> str:
        while True:
            num = self.choice("3456789") + self.digits(15)
            if not luhn_ok(num):
                break
        out = sep.join(num[i : i + 4] for i in range(0, 16, 4)) if sep else num
        return self.allow(out)

    def _bban(self, cc: str) -> str:
        d = self.digits
        if cc == "DE":
            return d(8) + d(10)
        if cc == "FR":
            bank, branch, acct = d(5), d(5), d(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            return f"{bank}{branch}{acct}{key:02d}"
        if cc == "ES":
            bank, branch, acct = d(4), d(4), d(10)
            w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

            def dc(s: str) -> str:
                v = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
                return "0" if v == 11 else "1" if v == 10 else str(v)

            return f"{bank}{branch}{dc('00' + bank + branch)}{dc(acct)}{acct}"
        if cc == "GB":
            return self.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ"]) + d(6) + d(8)
        if cc == "NL":
            while True:
                acct = d(9)
                for last in DIGITS:
                    full = acct + last
                    if sum(int(c) * (10 - i) for i, c in enumerate(full)) % 11 == 0:
                        return self.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "KNAB"]) + full
        if cc == "IT":
            body = d(5) + d(5) + d(12)
            total = sum(_cf_val(c, i % 2 == 0) for i, c in enumerate(body))
            return chr(65 + total % 26) + body
        if cc == "CH":
            return d(5) + d(12)
        if cc == "AT":
            return d(5) + d(11)
        if cc == "BE":
            ten = d(10)
            chk = int(ten) % 97 or 97
            return f"{ten}{chk:02d}"
        raise ValueError(cc)

    def iban(self, cc: str | None = None, spaced: bool | None = None) -> str:
        cc = cc or self.choice(["DE", "FR", "ES", "GB", "NL", "IT", "CH", "AT", "BE"])
        while True:
            bban = self._bban(cc)
            chk = 98 - iban_mod97(cc + "00" + bban)
            raw = f"{cc}{chk:02d}{bban}"
            if raw not in DOC_IBANS:
                break
        assert iban_ok(raw)
        if spaced is None:
            spaced = self.chance(0.6)
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if spaced else raw

    def iban_invalid(self, cc: str | None = None, spaced: bool = True) -> str:
        good = self.iban(cc, spaced=False)
        while True:
            bad = good[:2] + f"{self.rint(2, 98):02d}" + good[4:]
            out = " ".join(bad[i : i + 4] for i in range(0, len(bad), 4)) if spaced else bad
            runs = [
                re.sub(r"[ -]", "", m.group())
                for m in re.finditer(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?!\d)", out)
            ]
            if not iban_ok(bad) and not any(luhn_ok(r) for r in runs):
                break
            good = self.iban(cc, spaced=False)
        return self.allow(out)

    def bic(self) -> str:
        return (
            self.rs(UPPER, 4)
            + self.choice(["DE", "FR", "ES", "GB", "NL"])
            + self.rs(UPPER + DIGITS, 2)
            + self.choice(["", "XXX"])
        )

    def aba(self) -> str:
        while True:
            prefix = self.choice(
                [
                    "01",
                    "02",
                    "03",
                    "04",
                    "05",
                    "06",
                    "07",
                    "08",
                    "09",
                    "10",
                    "11",
                    "12",
                    "21",
                    "22",
                    "23",
                    "24",
                    "25",
                    "26",
                    "27",
                    "28",
                    "29",
                    "30",
                    "31",
                    "32",
                ]
            )
            body = prefix + self.digits(6)
            for c in DIGITS:
                if aba_ok(body + c):
                    return body + c

    def bank_account(self) -> str:
        # Full bank account numbers have no entity type in this corpus, so they only ever appear masked.
        last4 = self.digits(4)
        return self.choice([f"****{last4}", f"xxxxxx{last4}", f"(ending {last4})", f"•••• {last4}"])

    def btc(self) -> str:
        kind = self.choice(["p2pkh", "p2pkh", "p2sh", "bech32"])
        prog = bytes(self.rint(0, 255) for _ in range(20))
        if kind == "bech32":
            return bech32_encode("bc", 0, prog)
        payload = (b"\x00" if kind == "p2pkh" else b"\x05") + prog
        return b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])

    # -- government ids -------------------------------------------------------------------
    def ssn(self, sep: str = "-") -> str:
        while True:
            area = self.rint(1, 899)
            s = f"{area:03d}{self.rint(1, 99):02d}{self.rint(1, 9999):04d}"
            if ssn_ok(s):
                return f"{s[:3]}{sep}{s[3:5]}{sep}{s[5:]}"

    def ssn_invalid(self) -> str:
        k = self.rint(0, 4)
        if k == 0:
            s = f"000-{self.rint(10, 99)}-{self.rint(1000, 9999)}"
        elif k == 1:
            s = f"666-{self.rint(10, 99)}-{self.rint(1000, 9999)}"
        elif k == 2:
            s = f"9{self.digits(2)}-{self.rint(10, 99)}-{self.rint(1000, 9999)}"
        elif k == 3:
            s = f"{self.rint(100, 599)}-00-{self.rint(1000, 9999)}"
        else:
            s = f"{self.rint(100, 599)}-{self.rint(10, 99)}-0000"
        assert not ssn_ok(s)
        return self.allow(s)

    def nino(self, spaced: bool | None = None) -> str:
        while True:
            pre = self.choice(NINO_FIRST) + self.choice(NINO_SECOND)
            if pre not in NINO_BAD_PREFIX:
                break
        dd = self.digits(6)
        suf = self.choice("ABCD")
        if spaced is None:
            spaced = self.chance(0.5)
        return f"{pre} {dd[:2]} {dd[2:4]} {dd[4:]} {suf}" if spaced else f"{pre}{dd}{suf}"

    def de_tax_id(self, spaced: bool | None = None) -> str:
        while True:
            missing = self.rint(0, 9)
            doubled = self.choice([x for x in range(10) if x != missing])
            pool = [x for x in range(10) if x != missing] + [doubled]
            self.r.shuffle(pool)
            if pool[0] == 0:
                continue
            first10 = "".join(map(str, pool))
            s = first10 + str(de_tax_check_digit(first10))
            break
        if spaced is None:
            spaced = self.chance(0.5)
        return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}" if spaced else s

    def es_nif(self) -> str:
        n = self.rint(1_000_000, 99_999_999)
        return f"{n:08d}{NIF_LETTERS[n % 23]}"

    def fr_nir(self, spaced: bool | None = None) -> str:
        sex = self.choice("12")
        yy = f"{self.rint(55, 99) if self.chance(0.7) else self.rint(0, 5):02d}"
        mm = f"{self.rint(1, 12):02d}"
        dept = f"{self.choice([x for x in range(1, 96) if x != 20]):02d}"
        commune, order = f"{self.rint(1, 990):03d}", f"{self.rint(1, 999):03d}"
        n13 = sex + yy + mm + dept + commune + order
        key = 97 - int(n13) % 97
        if spaced is None:
            spaced = self.chance(0.6)
        if spaced:
            return f"{sex} {yy} {mm} {dept} {commune} {order} {key:02d}"
        return f"{n13}{key:02d}"

    def it_fiscal_code(self, p: Person, female: bool) -> str:
        def letters(s: str) -> tuple[str, str]:
            s = ascii_fold(s).upper()
            cons = "".join(c for c in s if c.isalpha() and c not in "AEIOU")
            vow = "".join(c for c in s if c in "AEIOU")
            return cons, vow

        c, v = letters(p.last)
        sur = (c + v + "XXX")[:3]
        c, v = letters(p.first)
        name = c[0] + c[2] + c[3] if len(c) >= 4 else (c + v + "XXX")[:3]
        yy = f"{self.rint(60, 99):02d}"
        month = "ABCDEHLMPRST"[self.rint(0, 11)]
        day = self.rint(1, 28) + (40 if female else 0)
        comune = self.choice(IT_COMUNI)[0]
        first15 = f"{sur}{name}{yy}{month}{day:02d}{comune}"
        return first15 + cf_check_char(first15)

    # -- secrets --------------------------------------------------------------------------
    def aws_access_key(self) -> str:
        return self.choice(["AKIA", "AKIA", "AKIA", "ASIA"]) + self.rs(UPPER + "234567", 16)

    def aws_secret_key(self) -> str:
        return self.rs(ALNUM, 3) + self.rs(ALNUM + "/+", 36) + self.rs(ALNUM, 1)

    def gcp_api_key(self) -> str:
        return "AIza" + self.rs(ALNUM + "_-", 34) + self.rs(ALNUM, 1)

    def azure_storage_key(self) -> str:
        return base64.b64encode(bytes(self.rint(0, 255) for _ in range(64))).decode()

    def azure_account(self) -> str:
        return (
            self.choice(["st", "sa", ""])
            + self.rs(LOWER, self.rint(5, 9))
            + self.choice(["prod", "data", "logs", "001", "backup"])
        )

    def azure_conn(self) -> str:
        return (
            f"DefaultEndpointsProtocol=https;AccountName={self.azure_account()};"
            f"AccountKey={self.azure_storage_key()};EndpointSuffix=core.windows.net"
        )

    def github_token(self) -> str:
        if self.chance(0.25):
            return "github_pat_" + self.rs(ALNUM, 22) + "_" + self.rs(ALNUM, 59)
        return self.choice(["ghp_", "ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + self.rs(ALNUM, 36)

    def gitlab_token(self) -> str:
        return "glpat-" + self.rs(ALNUM + "_-", 19) + self.rs(ALNUM, 1)

    def slack_token(self) -> str:
        k = self.choice(["b", "b", "p", "a"])
        if k == "b":
            return f"xoxb-{self.digits(11)}-{self.digits(13)}-{self.rs(ALNUM, 24)}"
        if k == "p":
            return f"xoxp-{self.digits(11)}-{self.digits(11)}-{self.digits(13)}-{self.hexs(32)}"
        return f"xapp-1-A{self.rs(UPPER + DIGITS, 10)}-{self.digits(13)}-{self.hexs(64)}"

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.rs(UPPER + DIGITS, 8)}/B{self.rs(UPPER + DIGITS, 10)}/{self.rs(ALNUM, 24)}"

    def stripe_key(self) -> str:
        return self.choice(["sk_live_", "sk_live_", "rk_live_"]) + self.rs(ALNUM, self.choice([24, 34, 99]))

    def stripe_test_key(self) -> str:
        return self.allow(self.choice(["sk_test_", "pk_test_"]) + self.rs(ALNUM, self.choice([24, 99])))

    def openai_key(self) -> str:
        if self.chance(0.6):
            return (
                "sk-proj-"
                + self.rs(ALNUM + "_-", 74)
                + "T3BlbkFJ"
                + self.rs(ALNUM + "_-", 73)
                + self.rs(ALNUM, 1)
            )
        return "sk-" + self.rs(ALNUM, 20) + "T3BlbkFJ" + self.rs(ALNUM, 20)

    def anthropic_key(self) -> str:
        return "sk-ant-api03-" + self.rs(ALNUM + "_-", 93) + "AA"

    def deepseek_key(self) -> str:
        return "sk-" + self.hexs(32)

    def hf_token(self) -> str:
        return "hf_" + self.rs(string.ascii_letters, 34)

    def twilio_sid(self) -> str:
        return "AC" + self.hexs(32)

    def twilio_api_key(self) -> str:
        return "SK" + self.hexs(32)

    def twilio_auth_token(self) -> str:
        return self.hexs(32)

    def sendgrid_key(self) -> str:
        return (
            "SG."
            + self.rs(ALNUM + "_-", 21)
            + self.rs(ALNUM, 1)
            + "."
            + self.rs(ALNUM + "_-", 42)
            + self.rs(ALNUM, 1)
        )

    def npm_token(self) -> str:
        return "npm_" + self.rs(ALNUM, 36)

    def pypi_token(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.rs(ALNUM + "_-", self.rint(60, 150)) + self.rs(ALNUM, 1)

    def jwt(self, claims: dict[str, object] | None = None) -> str:
        def b64u(b: bytes) -> str:
            return base64.urlsafe_b64encode(b).decode().rstrip("=")

        alg = self.choice(["HS256", "RS256", "ES256"])
        header = {"alg": alg, "typ": "JWT"}
        if alg != "HS256":
            header["kid"] = self.hexs(16)
        iat = self.rint(1_700_000_000, 1_730_000_000)
        payload: dict[str, object] = {
            "sub": self.choice([self.uuid(), f"user_{self.digits(6)}", self.digits(8)]),
            "iat": iat,
            "exp": iat + self.choice([900, 3600, 86400]),
        }
        if claims:
            payload.update(claims)
        if self.chance(0.5):
            payload["scope"] = self.choice(
                ["read:orders write:orders", "admin", "openid profile email", "api"]
            )
        sig_len = {"HS256": 43, "RS256": 342, "ES256": 86}[alg]
        sig = self.rs(B64URL, sig_len)
        return f"{b64u(json.dumps(header, separators=(',', ':')).encode())}.{b64u(json.dumps(payload, separators=(',', ':')).encode())}.{sig}"

    def pem_body(self, prefix: str, lines: int, width: int = 64) -> list[str]:
        body = prefix + self.rs(B64, lines * width - len(prefix))
        out = [body[i : i + width] for i in range(0, len(body), width)]
        out[-1] = out[-1][: self.rint(20, width - 4)] + self.choice(["", "=", "=="])
        return out

    def private_key(self, kind: str | None = None, sep: str = "\n", indent: str = "") -> str:
        kind = kind or self.choice(["RSA", "RSA", "PKCS8", "EC", "OPENSSH", "OPENSSH", "PGP"])
        if kind == "RSA":
            label, lines = "RSA PRIVATE KEY", self.pem_body("MIIEpAIBAAKCAQEA", self.rint(6, 25))
        elif kind == "PKCS8":
            label, lines = (
                "PRIVATE KEY",
                self.pem_body("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", self.rint(6, 25)),
            )
        elif kind == "EC":
            label, lines = "EC PRIVATE KEY", self.pem_body("MHcCAQEEI", 3)
        elif kind == "OPENSSH":
            label, lines = (
                "OPENSSH PRIVATE KEY",
                self.pem_body(
                    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
                    self.rint(5, 7),
                    70,
                ),
            )
        else:
            label = "PGP PRIVATE KEY BLOCK"
            lines = ["", *self.pem_body("lQVYBGX", self.rint(8, 18)), "=" + self.rs(B64, 4)]
        head, tail = f"-----BEGIN {label}-----", f"-----END {label}-----"
        return sep.join([head, *[indent + x if x else x for x in lines], indent + tail])

    def pem_public(self, kind: str = "CERTIFICATE") -> str:
        prefix = (
            "MIID" + self.rs(B64, 2) + "CCA"
            if kind == "CERTIFICATE"
            else "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
        )
        lines = self.pem_body(prefix, self.rint(5, 14))
        return "\n".join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])

    def password(self, ctx: str = "any") -> str:
        symbols = {
            "any": "!@#$%^&*-_+=?.,:~",
            "env": "!%^*-_+=.,@~",
            "url": "-_.~!*",
            "json": "!@#$%^&*-_+=?.,:~",
            "shell": "!@#%^*-_+=.,:~",
            "yaml": "!@#%^&*-_+=?.,~",
        }[ctx]
        n = self.rint(10, 20)
        while True:
            if self.chance(0.2):
                words = [
                    "Copper",
                    "Falcon",
                    "Meadow",
                    "Quartz",
                    "Violet",
                    "Harbor",
                    "Tundra",
                    "Ember",
                    "Glacier",
                    "Saffron",
                    "Nimbus",
                    "Orchid",
                ]
                pw = f"{self.choice(words)}{self.choice('-_.')}{self.choice(words)}{self.rint(10, 99)}{self.choice(symbols)}"
            else:
                pw = self.rs(ALNUM + symbols, n)
            if (
                any(c.isupper() for c in pw)
                and any(c.islower() for c in pw)
                and any(c.isdigit() for c in pw)
                and any(c in symbols for c in pw)
                and pw[0].isalnum()
            ):
                return pw

    def generic_token(self, n: int | None = None, alphabet: str = ALNUM) -> str:
        return self.rs(alphabet, n or self.rint(32, 48))

    def db_user(self) -> str:
        return self.choice(
            [
                "app_user",
                "svc_billing",
                "admin",
                "etl_loader",
                "reporting",
                "api",
                "orders_rw",
                "postgres",
                "root",
                "webapp",
            ]
        )

    def db_host(self) -> str:
        return self.choice(
            [
                f"{self.choice(['db', 'pg', 'mysql', 'sql'])}-{self.choice(['prod', 'primary', 'main', 'replica'])}-{self.rint(1, 9):02d}.internal",
                f"{self.choice(['orders', 'billing', 'core', 'users'])}-db.{self.rs(LOWER + DIGITS, 12)}.eu-west-1.rds.amazonaws.com",
                f"{self.choice(['postgres', 'db', 'database'])}.{self.choice(['svc.cluster.local', 'prod.internal', 'corp.lan'])}",
            ]
        )

    def db_name(self) -> str:
        return self.choice(
            ["orders", "billing", "app", "crm", "analytics", "inventory", "payments", "users", "core"]
        )

    def conn_string(self, kind: str | None = None) -> str:
        kind = kind or self.choice(["pg", "pg", "mysql", "mongo", "redis", "amqp", "https", "jdbc", "ado"])
        u, pw, h, db = self.db_user(), self.password("url"), self.db_host(), self.db_name()
        if kind == "pg":
            tail = self.choice(["", "?sslmode=require", "?sslmode=verify-full&application_name=api"])
            return f"{self.choice(['postgres', 'postgresql', 'postgresql+psycopg2'])}://{u}:{pw}@{h}:5432/{db}{tail}"
        if kind == "mysql":
            return f"{self.choice(['mysql', 'mysql+pymysql'])}://{u}:{pw}@{h}:3306/{db}"
        if kind == "mongo":
            return f"mongodb+srv://{u}:{pw}@cluster0.{self.rs(LOWER + DIGITS, 5)}.mongodb.net/{db}?retryWrites=true&w=majority"
        if kind == "redis":
            return self.choice(
                [
                    f"redis://:{pw}@cache-{self.rint(1, 4)}.internal:6379/0",
                    f"rediss://default:{pw}@redis-{self.digits(5)}.c{self.rint(1, 300)}.cloud.redislabs.com:{self.rint(10000, 19999)}",
                ]
            )
        if kind == "amqp":
            return f"amqp{self.choice(['', 's'])}://{u}:{pw}@rabbitmq.{self.choice(['internal', 'svc.cluster.local'])}:5672/{self.choice(['%2F', 'orders', 'events'])}"
        if kind == "https":
            return f"https://{u}:{pw}@{self.choice(['nexus', 'artifactory', 'registry', 'git'])}.{self.domain(tld='com')}/{self.choice(['repository/pypi/simple', 'api/v2', 'repo.git'])}"
        if kind == "jdbc":
            return self.choice(
                [
                    f"jdbc:sqlserver://{h}:1433;databaseName={db};user={u};password={pw};encrypt=true",
                    f"jdbc:postgresql://{h}:5432/{db}?user={u}&password={pw}&ssl=true",
                    f"jdbc:mysql://{h}:3306/{db}?user={u}&password={pw}",
                ]
            )
        srv = self.rs(LOWER, 6) + "-sql"
        return (
            f"Server=tcp:{srv}.database.windows.net,1433;Initial Catalog={db};Persist Security Info=False;"
            f"User ID={u};Password={pw};MultipleActiveResultSets=False;Encrypt=True"
        )

    # -- harmless look-alikes --------------------------------------------------------------
    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.choice('89ab')}{h[17:20]}-{h[20:]}"

    def sha1(self) -> str:
        return self.hexs(40)

    def sha256(self) -> str:
        return self.hexs(64)

    def md5(self) -> str:
        return self.hexs(32)

    def short_sha(self) -> str:
        return self.hexs(self.choice([7, 8, 10, 12]))

    def b64blob(self, n: int) -> str:
        return base64.b64encode(bytes(self.rint(0, 255) for _ in range(n))).decode()

    def doc_ip(self) -> str:
        return self.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(self.rint(1, 254))

    def version(self, parts: int | None = None) -> str:
        parts = parts or self.choice([3, 3, 4])
        v = ".".join(str(self.rint(0, 20)) for _ in range(parts))
        return self.allow(v)

    def order_no(self) -> str:
        return self.choice(
            [
                f"ORD-{self.rint(2023, 2025)}-{self.digits(6)}",
                f"#{self.rint(100000, 999999)}",
                f"SO{self.digits(8)}",
                f"A{self.digits(2)}-{self.digits(5)}",
            ]
        )

    def ticket_no(self) -> str:
        return self.choice(
            [
                f"SUP-{self.rint(1000, 99999)}",
                f"#{self.rint(10000, 999999)}",
                f"INC{self.digits(7)}",
                f"CS-{self.digits(6)}",
            ]
        )

    def invoice_no(self) -> str:
        return self.choice(
            [
                f"INV-{self.rint(2023, 2025)}-{self.digits(5)}",
                f"RE-{self.digits(7)}",
                f"F{self.rint(2023, 2025)}/{self.digits(4)}",
            ]
        )

    def tracking_no(self) -> str:
        return self.choice(
            [
                f"1Z{self.rs(UPPER + DIGITS, 6)}{self.digits(10)}",
                f"JD{self.digits(18)}",
                f"{self.digits(12)}",
                f"LX{self.digits(9)}DE",
            ]
        )

    def isbn(self) -> str:
        s = isbn13("978" + self.digits(9))
        return f"{s[:3]}-{s[3]}-{s[4:7]}-{s[7:12]}-{s[12]}"

    def price(self, cur: str = "$") -> str:
        v = f"{self.rint(5, 4999)}.{self.rint(0, 99):02d}"
        return f"{cur}{v}" if cur in "$£" else f"{v} {cur}"

    def date(self) -> str:
        return f"{self.rint(2023, 2025)}-{self.rint(1, 12):02d}-{self.rint(1, 28):02d}"

    def date_eu(self) -> str:
        return f"{self.rint(1, 28):02d}.{self.rint(1, 12):02d}.{self.rint(2023, 2025)}"

    def ts(self) -> str:
        return f"{self.date()}T{self.rint(0, 23):02d}:{self.rint(0, 59):02d}:{self.rint(0, 59):02d}.{self.digits(3)}Z"

    def ts_log(self) -> str:
        return f"{self.date()} {self.rint(0, 23):02d}:{self.rint(0, 59):02d}:{self.rint(0, 59):02d},{self.digits(3)}"

    def time(self) -> str:
        return f"{self.rint(0, 23):02d}:{self.rint(0, 59):02d}:{self.rint(0, 59):02d}"

    def money(self) -> str:
        return f"{self.rint(20, 9800):,}.{self.rint(0, 99):02d}"

    def dob(self) -> str:
        return f"{self.rint(1960, 2002)}-{self.rint(1, 12):02d}-{self.rint(1, 28):02d}"


# ---------------------------------------------------------------------------------------------
# Template registry
# ---------------------------------------------------------------------------------------------


@dataclass
class Template:
    name: str
    kind: str
    lang: str
    negative: bool
    count: int
    fn: Callable[[Fake], Frag | str]


TEMPLATES: list[Template] = []

KIND_PREFIX = {
    "support_ticket": "ticket",
    "customer_email": "email",
    "csv_export": "csv",
    "app_log": "log",
    "stack_trace": "trace",
    "env_file": "env",
    "yaml_config": "yaml",
    "json_config": "json",
    "config_file": "conf",
    "code_python": "py",
    "code_js": "js",
    "code_java": "java",
    "code_go": "go",
    "code_sql": "sql",
    "shell": "sh",
    "hr_note": "hr",
    "meeting_notes": "meeting",
    "chat_message": "chat",
    "invoice": "invoice",
    "commit_message": "commit",
    "curl_command": "curl",
    "docker_compose": "compose",
    "k8s_manifest": "k8s",
    "terraform": "tf",
    "readme": "readme",
}


def template(kind: str, n: int, *, lang: str = "en", negative: bool = False) -> Callable:
    if kind not in KIND_PREFIX:
        raise ValueError(kind)

    def deco(fn: Callable[[Fake], Frag | str]) -> Callable[[Fake], Frag | str]:
        TEMPLATES.append(Template(fn.__name__, kind, lang, negative, n, fn))
        return fn

    return deco


def neg(kind: str, n: int, lang: str = "en") -> Callable:
    return template(kind, n, lang=lang, negative=True)


COUNTRY_PHONE = {
    "Germany": "de",
    "France": "fr",
    "Spain": "es",
    "United Kingdom": "uk",
    "Scotland": "uk",
    "India": "in",
    "Brazil": "br",
    "Japan": "jp",
    "Australia": "au",
    "the Netherlands": "nl",
    "Switzerland": "ch",
    "Nigeria": "ng",
    "Kenya": "ke",
    "Canada": "ca",
    "Texas": "us",
    "Washington": "us",
    "Illinois": "us",
    "Colorado": "us",
    "Massachusetts": "us",
    "Georgia": "us",
    "Oregon": "us",
    "Arizona": "us",
}


def phone_for(g: Fake, country: str) -> str:
    return g.phone(COUNTRY_PHONE.get(country))


# =============================================================================================
# POSITIVE TEMPLATES
# =============================================================================================

# ---- support tickets -------------------------------------------------------------------------


@template("support_ticket", 4)
def ticket_refund(g: Fake) -> Frag:
    c, agent = g.people(2)
    city, country = g.city()
    return fill(
        """
        Ticket {{tid}} | Priority: {{prio}} | Channel: phone
        Subject: Refund for duplicate charge on order {{order}}

        Customer: {{cust}}
        Email: {{email}}
        Callback number: {{phone}}
        Location: {{city}}, {{country}}

        Notes from call:
        Customer says the {{product}} was billed twice on {{date}} ({{amount}} each). Confirmed in the
        payments dashboard that charge ch_{{chid}} is a duplicate. Promised refund within 5-7 business days.
        Customer asked for confirmation by email rather than a call back.

        -- {{agent}}, Tier 1 Support
        """,
        tid=g.ticket_no(),
        prio=g.choice(["P2", "P3", "High", "Normal"]),
        order=g.order_no(),
        cust=per(c.full),
        email=em(g.email(c)),
        phone=ph(phone_for(g, country)),
        city=loc(city),
        country=loc(country),
        product=g.choice(PRODUCTS),
        date=g.date(),
        amount=g.price(),
        chid=g.rs(ALNUM, 24),
        agent=per(agent.full),
    )


@template("support_ticket", 4)
def ticket_card_dispute(g: Fake) -> Frag:
    c = g.person()
    card = g.card()
    return fill(
        """
        [{{tid}}] Card payment failing at checkout

        Hi support,

        I have tried three times to pay for my {{product}} and it keeps saying "card declined". My bank says
        there is no block on the card. Card number is {{card}}, exp {{exp}}. Can you check what is wrong on
        your side? I need this sorted before Friday.

        Thanks,
        {{name}}
        {{email}}
        """,
        tid=g.ticket_no(),
        product=g.choice(PRODUCTS),
        card=L(card, "CREDIT_CARD"),
        exp=f"{g.rint(1, 12):02d}/{g.rint(26, 30)}",
        name=per(c.full),
        email=em(g.email(c)),
    )


@template("support_ticket", 3)
def ticket_login_lockout(g: Fake) -> Frag:
    c, agent = g.people(2)
    dom = g.domain()
    return fill(
        """
        Ticket: {{tid}}
        Requester: {{email}}
        Status: Pending internal

        User cannot log in after MFA reset. Audit log shows 6 failed attempts from {{ip1}} (user says that is
        the office VPN egress) and one successful login from {{ip2}} at {{time}} UTC which the user does NOT
        recognise. User agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/{{chrome}}.

        Action: forced password reset, revoked sessions, escalated to security. {{agent_first}} please check
        whether {{ip2}} appears for any other tenant.

        Assigned: {{agent}}
        """,
        tid=g.ticket_no(),
        email=em(g.email(c, dom)),
        ip1=ip(g.ip_public()),
        ip2=ip(g.ip_public()),
        time=g.time(),
        chrome=g.allow(f"{g.rint(118, 126)}.0.{g.rint(5000, 6500)}.{g.rint(10, 200)}"),
        agent_first=per(agent.first),
        agent=per(agent.full),
    )


@template("support_ticket", 3)
def ticket_address_change(g: Fake) -> Frag:
    c = g.person()
    (c1, _k1), (c2, k2) = g.sample(CITIES, 2)
    return fill(
        """
        Subject: Update shipping address – account {{acct}}

        Customer {{name}} moved from {{c1}} to {{c2}} and wants all future deliveries sent to the new address:

            {{street}}
            {{c2b}}, {{k2}}

        New mobile: {{phone}}. Old number can be removed. Please also change the billing email to {{email}}.
        Verified identity via security question. Next delivery ({{order}}) already shipped to the old address,
        tracking {{trk}} – customer will collect it.
        """,
        acct=g.digits(8),
        name=per(c.full),
        c1=loc(c1),
        c2=loc(c2),
        street=g.street(),
        c2b=loc(c2),
        k2=loc(k2),
        phone=ph(phone_for(g, k2)),
        email=em(g.email(c)),
        order=g.order_no(),
        trk=g.tracking_no(),
    )


@template("support_ticket", 4)
def ticket_pasted_api_key(g: Fake) -> Frag:
    c = g.person()
    kind = g.choice(["openai", "anthropic", "stripe", "deepseek", "hf", "sendgrid"])
    key, et, env = {
        "openai": (g.openai_key(), "OPENAI_API_KEY", "OPENAI_API_KEY"),
        "anthropic": (g.anthropic_key(), "ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"),
        "stripe": (g.stripe_key(), "STRIPE_KEY", "STRIPE_SECRET_KEY"),
        "deepseek": (g.deepseek_key(), "DEEPSEEK_API_KEY", "DEEPSEEK_API_KEY"),
        "hf": (g.hf_token(), "HUGGINGFACE_TOKEN", "HF_TOKEN"),
        "sendgrid": (g.sendgrid_key(), "SENDGRID_KEY", "SENDGRID_API_KEY"),
    }[kind]
    return fill(
        """
        Ticket {{tid}} – integration returns 401

        From: {{email}}

        Our integration stopped working this morning, every request comes back 401 Unauthorized. I already
        regenerated the key once. This is the one we use now:

        {{env}}={{key}}

        Request id from the last failure: req_{{rid}}. Can you tell me if the key is revoked on your side?
        Regards, {{first}}
        """,
        tid=g.ticket_no(),
        email=em(g.email(c, g.domain())),
        env=env,
        key=L(key, et),
        rid=g.rs(ALNUM, 14),
        first=per(c.first),
    )


@template("support_ticket", 3)
def ticket_payout_bank_change(g: Fake) -> Frag:
    c = g.person()
    cc = g.choice(["DE", "FR", "ES", "NL", "IT", "AT", "BE", "GB", "CH"])
    return fill(
        """
        Category: Payouts > Bank details
        Ticket: {{tid}}

        Seller {{name}} (seller id {{sid}}) asks to change the payout account.
        New IBAN: {{iban}}
        BIC: {{bic}}
        Account holder: {{name2}}
        Contact: {{email}} / {{phone}}

        KYC document uploaded {{date}}. Needs second approval from Finance before we switch.
        """,
        tid=g.ticket_no(),
        name=per(c.full),
        sid=g.digits(7),
        iban=L(g.iban(cc), "IBAN_CODE"),
        bic=g.bic(),
        name2=per(c.full),
        email=em(g.email(c)),
        phone=ph(g.phone()),
        date=g.date(),
    )


@template("support_ticket", 3)
def ticket_escalation_chain(g: Fake) -> Frag:
    a, b, c, cust = g.people(4)
    return fill(
        """
        ESCALATION {{tid}}
        ---------------------------------
        {{date}} 09:12  {{a}}: Customer {{cust}} reports that invoices are emailed to the wrong address.
        {{date}} 09:40  {{a}}: Reproduced. Invoice PDF goes to {{wrong}} instead of {{right}}.
        {{date}} 11:03  {{b}}: Looks like the contact merge job picked the older record. Assigning to billing.
        {{date}} 14:27  {{c}}: Fixed the record, re-sent invoice {{inv}}. Called customer on {{phone}} to confirm.
        {{date}} 14:31  {{c_first}}: Closing.
        """,
        tid=g.ticket_no(),
        date=g.date(),
        a=per(a.full),
        b=per(b.full),
        c=per(c.full),
        c_first=per(c.first),
        cust=per(cust.full),
        wrong=em(g.email(cust)),
        right=em(g.email(cust, g.domain())),
        inv=g.invoice_no(),
        phone=ph(g.phone()),
    )


@template("support_ticket", 4)
def ticket_us_identity(g: Fake) -> Frag:
    c = g.person()
    city, state = g.choice(US_CITIES)
    return fill(
        """
        Ticket {{tid}} – identity verification failed (payroll onboarding)

        Employee: {{name}}
        SSN provided: {{ssn}}
        DOB: {{dob}}
        Home: {{street}}, {{city}}, {{state}} {{zip}}
        Phone: {{phone}}

        The verification service rejected the SSN/name combination. Employee confirms the number is correct
        and matches the card. Please re-submit manually.
        """,
        tid=g.ticket_no(),
        name=per(c.full),
        ssn=L(g.ssn(g.choice(["-", "-", " "])), "US_SSN"),
        dob=g.dob(),
        street=g.street(),
        city=loc(city),
        state=loc(state),
        zip=g.digits(5),
        phone=ph(g.phone("us")),
    )


@template("support_ticket", 3)
def ticket_italian_customer(g: Fake) -> Frag:
    female = g.chance(0.5)
    first = g.choice(
        ["Giulia", "Francesca", "Chiara", "Federica", "Sara"]
        if female
        else ["Marco", "Matteo", "Alessandro", "Lorenzo", "Davide"]
    )
    c = Person(first, g.choice(IT_LAST), 0)
    city = g.choice(["Milan", "Rome", "Turin", "Bologna", "Florence", "Naples"])
    return fill(
        """
        Ticket {{tid}} | Country: {{country}}
        Customer {{name}} from {{city}} needs the invoice re-issued with her/his codice fiscale, which is
        mandatory for Italian B2C invoices. Codice fiscale: {{cf}}. Send the corrected PDF to {{email}}.
        """,
        tid=g.ticket_no(),
        country=loc("Italy"),
        name=per(c.full),
        city=loc(city),
        cf=L(g.it_fiscal_code(c, female), "IT_FISCAL_CODE"),
        email=em(g.email(c)),
    )


# ---- customer emails -------------------------------------------------------------------------


@template("customer_email", 4)
def email_complaint(g: Fake) -> Frag:
    c, agent = g.people(2)
    co = g.company()
    dom = g.domain(co)
    city, country = g.city()
    return fill(
        """
        From: {{cname}} <{{cemail}}>
        To: {{support}}
        Date: {{date}}
        Subject: Re: Your order {{order}} – still not delivered

        Hello {{agent_first}},

        It has now been three weeks and the parcel is still "in transit" somewhere near {{city}}. I was told on the
        phone that a replacement would be sent, but nothing happened. Please call me on {{phone}} between 9 and 5,
        or reply to this email.

        Kind regards,
        {{cname2}}
        {{street}}, {{city2}}, {{country}}
        """,
        cname=per(c.full),
        cemail=em(g.email(c)),
        support=em(g.role_email(dom).replace("hr@", "support@")),
        date=g.date(),
        order=g.order_no(),
        agent_first=per(agent.first),
        city=loc(city),
        phone=ph(phone_for(g, country)),
        cname2=per(c.full),
        street=g.street(),
        city2=loc(city),
        country=loc(country),
    )


@template("customer_email", 3)
def email_invoice_iban(g: Fake) -> Frag:
    c = g.person()
    co = g.company()
    return fill(
        """
        Subject: Overdue invoice {{inv}} – payment details

        Dear {{title}} {{last}},

        According to our records invoice {{inv}} over EUR {{amount}} is now 14 days overdue. Please transfer the
        amount to the account below and quote the invoice number as reference.

          Beneficiary: {{co}}
          IBAN: {{iban}}
          BIC: {{bic}}

        If you have already paid, please send the remittance advice to {{ar}}.

        Best regards
        {{sender}}
        Accounts Receivable, {{co2}}
        """,
        inv=g.invoice_no(),
        title=g.choice(["Mr", "Ms", "Dr."]),
        last=per(c.last),
        amount=g.money(),
        co=co,
        iban=L(g.iban(), "IBAN_CODE"),
        bic=g.bic(),
        ar=em(g.role_email(g.domain(co))),
        sender=per(g.person().full),
        co2=co,
    )


@template("customer_email", 3)
def email_forwarded_thread(g: Fake) -> Frag:
    a, b, c = g.people(3)
    dom = g.domain()
    return fill(
        """
        ---------- Forwarded message ---------
        From: {{a}} <{{ae}}>
        Date: {{date}}
        Subject: Contract renewal
        To: {{b}} <{{be}}>
        Cc: {{c}} <{{ce}}>

        Hi {{b_first}},

        as discussed, we will renew for another 24 months if the price stays at the current level. Please send
        the updated order form to me and {{c_first}}. My direct line is {{phone}}.

        Thanks
        {{a_first}}
        """,
        a=per(a.full),
        ae=em(g.email(a, g.domain())),
        date=g.date(),
        b=per(b.full),
        be=em(g.email(b, dom)),
        c=per(c.full),
        ce=em(g.email(c, g.domain())),
        b_first=per(b.first),
        c_first=per(c.first),
        phone=ph(g.phone()),
        a_first=per(a.first),
    )


@template("customer_email", 3)
def email_travel(g: Fake) -> Frag:
    c = g.person()
    (c1, _k1), (c2, k2) = g.sample(CITIES, 2)
    return fill(
        """
        Hi,

        I'm booked on the {{date}} flight from {{c1}} to {{c2}} (booking ref {{ref}}) and need to add my colleague
        {{colleague}} to the reservation. Their frequent flyer number is {{ff}}. We'd both like aisle seats.
        If anything needs confirming you can reach me on {{phone}} while I'm in {{k2}}.

        Cheers,
        {{name}}
        """,
        date=g.date(),
        c1=loc(c1),
        c2=loc(c2),
        ref=g.rs(UPPER + DIGITS, 6),
        colleague=per(g.person().full),
        ff=g.rs(UPPER, 2) + g.digits(8),
        k2=loc(k2),
        phone=ph(g.phone()),
        name=per(c.full),
    )


@template("customer_email", 3)
def email_recruiting(g: Fake) -> Frag:
    cand, rec = g.people(2)
    city, country = g.city()
    co = g.company()
    return fill(
        """
        Subject: Application – Senior Backend Engineer ({{city}})

        Dear {{rec}},

        please find attached my CV for the Senior Backend Engineer position at {{co}}. I currently live in {{city2}}
        and would be available from {{date}}. I can be reached at {{email}} or {{phone}}.

        Kind regards,
        {{cand}}
        """,
        city=loc(city),
        rec=per(rec.full),
        co=co,
        city2=loc(city),
        date=g.date(),
        email=em(g.email(cand)),
        phone=ph(phone_for(g, country)),
        cand=per(cand.full),
    )


@template("customer_email", 3)
def email_wire_instructions_us(g: Fake) -> Frag:
    c = g.person()
    city, state = g.choice(US_CITIES)
    return fill(
        """
        Subject: Wire instructions for closing

        {{first}},

        Please use the following details for the wire on {{date}}:

        Bank: First Meridian Bank, {{city}}, {{state}}
        ABA routing number: {{aba}}
        Account number: {{acct}}
        Account name: {{name}}

        Call me at {{phone}} before sending so I can confirm verbally. Do not rely on emailed changes.

        {{sender}}
        """,
        first=per(c.first),
        date=g.date(),
        city=loc(city),
        state=loc(state),
        aba=L(g.aba(), "ABA_ROUTING_NUMBER"),
        acct=g.bank_account(),
        name=per(c.full),
        phone=ph(g.phone("us")),
        sender=per(g.person().full),
    )


# ---- CSV exports -----------------------------------------------------------------------------


@template("csv_export", 4)
def csv_customers(g: Fake) -> Frag:
    header = g.choice(
        ["id,full_name,email,phone,city,signup_date", "customer_id;name;email;phone;city;created"]
    )
    sep = "," if header.startswith("id,") else ";"
    rows: list[Frag | str] = [header]
    for i in range(g.rint(3, 9) if g.chance(0.6) else g.rint(12, 22)):
        p = g.person()
        city, country = g.city()
        rows.append(
            cat(
                str(1000 + i * g.rint(1, 9)),
                sep,
                per(p.full),
                sep,
                em(g.email(p)),
                sep,
                ph(phone_for(g, country)),
                sep,
                loc(city),
                sep,
                g.date(),
            )
        )
    return join(rows)


@template("csv_export", 3)
def csv_payments(g: Fake) -> Frag:
    rows: list[Frag | str] = ["txn_id,timestamp,cardholder,card_number,amount,currency,status"]
    for _ in range(g.rint(3, 8)):
        p = g.person()
        rows.append(
            cat(
                f"tx_{g.rs(ALNUM, 12)},{g.ts()},",
                per(p.full),
                ",",
                L(g.card(fmt=g.choice(["none", "none", "space"])), "CREDIT_CARD"),
                f",{g.money().replace(',', '')},{g.choice(['EUR', 'USD', 'GBP'])},{g.choice(['captured', 'declined', 'refunded'])}",
            )
        )
    return join(rows)


@template("csv_export", 3)
def csv_payroll_eu(g: Fake) -> Frag:
    rows: list[Frag | str] = ["employee_id;name;iban;gross_monthly;cost_center"]
    for _ in range(g.rint(3, 7)):
        p = g.person()
        rows.append(
            cat(
                f"E{g.digits(5)};",
                per(p.full),
                ";",
                L(g.iban(spaced=False), "IBAN_CODE"),
                f";{g.rint(2800, 11000)},00;CC-{g.digits(3)}",
            )
        )
    return join(rows)


@template("csv_export", 3)
def csv_us_employees(g: Fake) -> Frag:
    rows: list[Frag | str] = ["name,ssn,state,hire_date,salary"]
    for _ in range(g.rint(3, 7)):
        p = g.person()
        _c, st = g.choice(US_CITIES)
        rows.append(
            cat(per(p.full), ",", L(g.ssn(), "US_SSN"), ",", loc(st), f",{g.date()},{g.rint(52, 240)}000")
        )
    return join(rows)


@template("csv_export", 3)
def csv_login_audit(g: Fake) -> Frag:
    dom = g.domain()
    rows: list[Frag | str] = ["timestamp,user,src_ip,action,result"]
    users = [g.person() for _ in range(3)]
    for _ in range(g.rint(4, 10)):
        p = g.choice(users)
        rows.append(
            cat(
                g.ts(),
                ",",
                em(g.email(p, dom)),
                ",",
                ip(g.ip_any()),
                f",{g.choice(['login', 'mfa', 'export', 'api_key.create'])},{g.choice(['ok', 'ok', 'fail'])}",
            )
        )
    return join(rows)


@template("csv_export", 3)
def csv_uk_staff(g: Fake) -> Frag:
    rows: list[Frag | str] = ["Name,NI number,Mobile,Office"]
    for _ in range(g.rint(3, 6)):
        p = g.person()
        rows.append(
            cat(
                per(p.full),
                ",",
                L(g.nino(), "UK_NINO"),
                ",",
                ph(g.phone("uk", national=g.chance(0.5))),
                ",",
                loc(g.choice(UK_CITIES)),
            )
        )
    return join(rows)


@template("csv_export", 3)
def csv_crypto_payouts(g: Fake) -> Frag:
    rows: list[Frag | str] = ["user_id,payout_address,amount_btc,requested_at"]
    for _ in range(g.rint(3, 6)):
        rows.append(cat(f"u_{g.digits(6)},", L(g.btc(), "CRYPTO"), f",0.{g.digits(5)},{g.ts()}"))
    return join(rows)


@template("csv_export", 3)
def csv_device_inventory(g: Fake) -> Frag:
    rows: list[Frag | str] = ["hostname,mac,ip,owner,os"]
    for _ in range(g.rint(3, 7)):
        p = g.person()
        rows.append(
            cat(
                f"LT-{g.digits(4)},",
                L(g.mac(), "MAC_ADDRESS"),
                ",",
                ip(g.ip_private()),
                ",",
                per(p.full),
                f",{g.choice(['Windows 11 23H2', 'macOS 14.4', 'Ubuntu 22.04'])}",
            )
        )
    return join(rows)


# ---- application logs ------------------------------------------------------------------------


@template("app_log", 3)
def log_nginx_access(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    paths = [
        "/api/v1/orders",
        "/login",
        "/static/app.3f9a1c.js",
        "/api/v1/users/me",
        "/healthz",
        "/checkout",
        "/favicon.ico",
    ]
    for _ in range(g.rint(5, 12) if g.chance(0.6) else g.rint(18, 26)):
        status = g.choice([200, 200, 200, 301, 401, 404, 500])
        ua = g.choice(
            ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "python-requests/2.31.0", "kube-probe/1.29"]
        )
        ts = f"[{g.rint(10, 28)}/Mar/2024:{g.time()} +0000]"
        if ua.startswith("kube"):
            src: Frag | str = "127.0.0.1"
        else:
            src = ip(g.ip_public() if g.chance(0.7) else g.ip_private())
        lines.append(
            cat(
                src,
                f' - - {ts} "{g.choice(["GET", "POST"])} {g.choice(paths)} HTTP/1.1" {status} {g.rint(120, 48000)} "-" "{ua}"',
            )
        )
    return join(lines)


@template("app_log", 3)
def log_sshd(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    host = g.hostname()
    for _ in range(g.rint(4, 9)):
        pid = g.rint(1000, 99999)
        t = f"Mar {g.rint(1, 28):2d} {g.time()}"
        if g.chance(0.7):
            lines.append(
                cat(
                    f"{t} {host} sshd[{pid}]: Failed password for {g.choice(['root', 'invalid user admin', 'invalid user oracle', 'ubuntu'])} from ",
                    ip(g.ip_public()),
                    f" port {g.rint(1024, 65535)} ssh2",
                )
            )
        else:
            lines.append(
                cat(
                    f"{t} {host} sshd[{pid}]: Accepted publickey for deploy from ",
                    ip(g.ip_private()),
                    f" port {g.rint(1024, 65535)} ssh2: ED25519 SHA256:{g.rs(B64, 43)}",
                )
            )
    return join(lines)


@template("app_log", 3)
def log_debug_headers(g: Fake) -> Frag:
    p = g.person()
    dom = g.domain()
    tok = g.jwt({"email": g.email(p, dom)}) if g.chance(0.5) else g.jwt()
    return fill(
        """
        {{ts}} DEBUG [http.client] >>> POST /internal/v2/reports/export
        {{ts}} DEBUG [http.client] >>> Host: reports.internal
        {{ts}} DEBUG [http.client] >>> Authorization: Bearer {{jwt}}
        {{ts}} DEBUG [http.client] >>> X-Request-Id: {{rid}}
        {{ts}} DEBUG [http.client] >>> X-Forwarded-For: {{xff}}
        {{ts}} DEBUG [http.client] >>> body={"requested_by": "{{email}}", "format": "xlsx", "range": "last_30_days"}
        {{ts}} DEBUG [http.client] <<< 202 Accepted ({{ms}} ms)
        """,
        ts=g.ts_log(),
        jwt=L(tok, "JWT"),
        rid=g.uuid(),
        xff=ip(g.ip_public()),
        email=em(g.email(p, dom)),
        ms=g.rint(20, 900),
    )


@template("app_log", 3)
def log_payment_service(g: Fake) -> Frag:
    p = g.person()
    card = g.card()
    last4 = card.replace(" ", "").replace("-", "")[-4:]
    return fill(
        """
        {{t}} INFO  payment-svc  charge.create customer=cus_{{cus}} amount={{amt}} currency=EUR card=**** **** **** {{last4}}
        {{t}} WARN  payment-svc  3DS challenge required for customer=cus_{{cus}}
        {{t}} ERROR payment-svc  provider rejected request: invalid_number raw_request={"number":"{{card}}","name":"{{name}}","cvc":"***"}
        {{t}} INFO  payment-svc  notifying {{email}} about failed payment
        """,
        t=g.ts(),
        cus=g.rs(ALNUM, 14),
        amt=g.rint(500, 90000),
        last4=last4,
        card=L(card, "CREDIT_CARD"),
        name=per(p.full),
        email=em(g.email(p)),
    )


@template("app_log", 3)
def log_dhcp(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    for _ in range(g.rint(4, 8)):
        m, a = g.mac(), g.ip_private()
        t = f"Apr {g.rint(1, 28):2d} {g.time()} gw01 dhcpd[{g.rint(300, 3000)}]:"
        if g.chance(0.5):
            lines.append(cat(f"{t} DHCPREQUEST for ", ip(a), " from ", L(m, "MAC_ADDRESS"), " via eth1"))
        else:
            lines.append(
                cat(f"{t} DHCPACK on ", ip(a), " to ", L(m, "MAC_ADDRESS"), f" (LT-{g.digits(4)}) via eth1")
            )
    return join(lines)


@template("app_log", 3)
def log_json_structured(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    for _ in range(g.rint(3, 6)):
        p = g.person()
        ev = g.choice(["user.signup", "user.update_profile", "password_reset.requested", "order.placed"])
        lines.append(
            cat(
                '{"ts":"',
                g.ts(),
                '","level":"info","event":"',
                ev,
                '","user_id":"',
                g.uuid(),
                '","email":"',
                em(g.email(p)),
                '","client_ip":"',
                ip(g.ip_public()),
                '","phone":"',
                ph(g.phone()),
                '","trace_id":"',
                g.hexs(32),
                '"}',
            )
        )
    return join(lines)


@template("app_log", 3)
def log_db_connect_error(g: Fake) -> Frag:
    cs = g.conn_string(g.choice(["pg", "mysql", "mongo", "redis", "amqp"]))
    return fill(
        """
        {{t}} [main] INFO  Starting worker v{{ver}} (pid {{pid}})
        {{t}} [main] INFO  Loading configuration from /etc/worker/config.yaml
        {{t}} [main] ERROR Could not connect to backend {{cs}} : connection refused (retry 3/5)
        {{t}} [main] ERROR Giving up after 5 attempts; exiting with code 2
        """,
        t=g.ts_log(),
        ver=g.version(3),
        pid=g.rint(100, 60000),
        cs=L(cs, "CONNECTION_STRING"),
    )


@template("app_log", 3)
def log_firewall(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    for _ in range(g.rint(3, 7)):
        lines.append(
            cat(
                f"{g.date()} {g.time()} fw01 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=",
                ip(g.ip_public()),
                " DST=",
                ip(g.ip_private()),
                f" LEN=60 TTL={g.rint(40, 64)} PROTO=TCP SPT={g.rint(1024, 65535)} DPT={g.choice([22, 3389, 5432, 6379, 23])}",
            )
        )
    return join(lines)


@template("app_log", 3)
def log_mail_delivery(g: Fake) -> Frag:
    lines: list[Frag | str] = []
    for _ in range(g.rint(3, 6)):
        p = g.person()
        qid = g.rs(UPPER + DIGITS, 10)
        lines.append(
            cat(
                f"{g.date()} {g.time()} mx1 postfix/smtp[{g.rint(1000, 9999)}]: {qid}: to=<",
                em(g.email(p)),
                ">, relay=",
                g.choice(["gmail-smtp-in.l.google.com", "mx.outlook.com", "mx00.ionos.de"]),
                "[",
                ip(g.ip_public()),
                f"]:25, delay={g.rint(0, 9)}.{g.rint(1, 9)}, status={g.choice(['sent', 'deferred', 'bounced'])}",
            )
        )
    return join(lines)


# ---- stack traces --------------------------------------------------------------------------


@template("stack_trace", 3)
def trace_python_sqlalchemy(g: Fake) -> Frag:
    cs = g.conn_string("pg")
    return fill(
        """
        Traceback (most recent call last):
          File "/app/services/billing/db.py", line {{l1}}, in get_engine
            engine = create_engine(settings.database_url, pool_pre_ping=True)
          File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/create.py", line 620, in create_engine
            u = _url.make_url(url)
          File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/url.py", line 856, in make_url
            return _parse_url(name_or_url)
        sqlalchemy.exc.ArgumentError: Could not parse SQLAlchemy URL from string '{{cs}} '
        """,
        l1=g.rint(20, 200),
        cs=L(cs, "CONNECTION_STRING"),
    )


@template("stack_trace", 3)
def trace_java_jdbc(g: Fake) -> Frag:
    cs = g.conn_string("jdbc")
    return fill(
        """
        2024-04-02 10:14:55.312 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed
        org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource'
            at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1786)
            at com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)
        Caused by: java.sql.SQLException: Login failed for url [{{cs}}]
            at com.{{pkg}}.persistence.DataSourceConfig.dataSource(DataSourceConfig.java:{{line}})
            ... 42 common frames omitted
        """,
        cs=L(cs, "CONNECTION_STRING"),
        pkg=g.choice(["acme", "helix", "orbital", "kestrel"]),
        line=g.rint(20, 90),
    )


@template("stack_trace", 3)
def trace_node_axios(g: Fake) -> Frag:
    key_kind = g.choice(["openai", "generic", "anthropic"])
    if key_kind == "openai":
        hdr, val = "Authorization", L(g.openai_key(), "OPENAI_API_KEY")
        url = "https://api.openai.com/v1/chat/completions"
        hv = cat("Bearer ", val)
    elif key_kind == "anthropic":
        hdr, val = "x-api-key", L(g.anthropic_key(), "ANTHROPIC_API_KEY")
        url = "https://api.anthropic.com/v1/messages"
        hv = val
    else:
        hdr, val = "X-API-Key", L(g.generic_token(40), "GENERIC_SECRET")
        url = f"https://api.{g.domain(tld='com')}/v3/shipments"
        hv = val
    return fill(
        """
        AxiosError: Request failed with status code 429
            at settle (/srv/app/node_modules/axios/lib/core/settle.js:19:12)
            at IncomingMessage.handleStreamEnd (/srv/app/node_modules/axios/lib/adapters/http.js:589:11)
          config: {
            method: 'post',
            url: '{{url}}',
            headers: {
              Accept: 'application/json',
              'Content-Type': 'application/json',
              '{{hdr}}': '{{hv}}',
              'User-Agent': 'axios/1.6.7'
            },
            timeout: 30000
          },
          code: 'ERR_BAD_REQUEST'
        """,
        url=url,
        hdr=hdr,
        hv=hv,
    )


@template("stack_trace", 3)
def trace_pydantic_validation(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        pydantic_core._pydantic_core.ValidationError: 1 validation error for CustomerCreate
        date_of_birth
          Input should be a valid date [type=date_type, input_value='{{dob}}', input_type=str]
        Request payload was: {'name': '{{name}}', 'email': '{{email}}', 'phone': '{{phone}}', 'ssn': '{{ssn}}', 'date_of_birth': '{{dob}}'}
          File "/app/api/routes/customers.py", line {{line}}, in create_customer
            payload = CustomerCreate(**body)
        """,
        dob=f"{g.rint(1, 31):02d}/{g.rint(13, 19)}/{g.rint(1960, 2000)}",
        name=per(p.full),
        email=em(g.email(p)),
        phone=ph(g.phone("us")),
        ssn=L(g.ssn(), "US_SSN"),
        line=g.rint(20, 300),
    )


@template("stack_trace", 3)
def trace_go_aws(g: Fake) -> Frag:
    return fill(
        """
        panic: operation error S3: PutObject, https response error StatusCode: 403, RequestID: {{rid}}, api error SignatureDoesNotMatch
        debug: credentials source=static AccessKeyID={{akid}} SecretAccessKey={{secret}} region=eu-central-1

        goroutine 1 [running]:
        main.uploadReport({{ptr}}, {{ptr2}})
                /src/cmd/exporter/main.go:{{line}} +0x2f4
        main.main()
                /src/cmd/exporter/main.go:41 +0x1a8
        exit status 2
        """,
        rid=g.rs(UPPER + DIGITS, 16),
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        ptr="0xc000" + g.hexs(6),
        ptr2="0x" + g.hexs(2),
        line=g.rint(50, 300),
    )


@template("stack_trace", 3)
def trace_python_smtp(g: Fake) -> Frag:
    p = g.person()
    dom = g.domain()
    return fill(
        """
        Traceback (most recent call last):
          File "notify.py", line 88, in <module>
            server.login("{{user}}", "{{pw}}")
          File "/usr/lib/python3.11/smtplib.py", line 750, in login
            raise last_exception
        smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted for {{user2}}')
        """,
        user=em(g.email(p, dom)),
        pw=L(g.password("json").replace('"', ""), "PASSWORD"),
        user2=em(g.email(p, dom)),
    )


# ---- env files -----------------------------------------------------------------------------


@template("env_file", 4)
def env_webapp(g: Fake) -> Frag:
    return fill(
        """
        # production .env – DO NOT COMMIT
        NODE_ENV=production
        PORT=8080
        DATABASE_URL={{db}}
        REDIS_URL={{redis}}
        SESSION_SECRET={{sess}}
        STRIPE_SECRET_KEY={{stripe}}
        STRIPE_PUBLISHABLE_KEY=pk_live_{{pk}}
        SENDGRID_API_KEY={{sg}}
        LOG_LEVEL=info
        """,
        db=L(g.conn_string("pg"), "CONNECTION_STRING"),
        redis=L(g.conn_string("redis"), "CONNECTION_STRING"),
        sess=L(g.generic_token(48), "GENERIC_SECRET"),
        stripe=L(g.stripe_key(), "STRIPE_KEY"),
        pk=g.rs(ALNUM, 24),
        sg=L(g.sendgrid_key(), "SENDGRID_KEY"),
    )


@template("env_file", 4)
def env_aws(g: Fake) -> Frag:
    return fill(
        """
        AWS_ACCESS_KEY_ID={{akid}}
        AWS_SECRET_ACCESS_KEY={{secret}}
        AWS_DEFAULT_REGION={{region}}
        S3_BUCKET={{bucket}}
        """,
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        region=g.choice(["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]),
        bucket=f"{g.choice(['reports', 'backups', 'uploads'])}-{g.choice(['prod', 'stg'])}-{g.digits(4)}",
    )


@template("env_file", 4)
def env_ai_keys(g: Fake) -> Frag:
    return fill(
        """
        # LLM providers
        OPENAI_API_KEY={{oa}}
        ANTHROPIC_API_KEY={{an}}
        DEEPSEEK_API_KEY={{ds}}
        HF_TOKEN={{hf}}
        DEFAULT_MODEL={{model}}
        MAX_TOKENS=4096
        """,
        oa=L(g.openai_key(), "OPENAI_API_KEY"),
        an=L(g.anthropic_key(), "ANTHROPIC_API_KEY"),
        ds=L(g.deepseek_key(), "DEEPSEEK_API_KEY"),
        hf=L(g.hf_token(), "HUGGINGFACE_TOKEN"),
        model=g.choice(["gpt-4o-mini", "claude-3-5-sonnet", "deepseek-chat"]),
    )


@template("env_file", 3)
def env_ci_tokens(g: Fake) -> Frag:
    return fill(
        """
        GITHUB_TOKEN={{gh}}
        GITLAB_TOKEN={{gl}}
        NPM_TOKEN={{npm}}
        TWINE_USERNAME=__token__
        TWINE_PASSWORD={{pypi}}
        SLACK_WEBHOOK_URL={{hook}}
        """,
        gh=L(g.github_token(), "GITHUB_TOKEN"),
        gl=L(g.gitlab_token(), "GITLAB_TOKEN"),
        npm=L(g.npm_token(), "NPM_TOKEN"),
        pypi=L(g.pypi_token(), "PYPI_TOKEN"),
        hook=L(g.slack_webhook(), "SLACK_WEBHOOK"),
    )


@template("env_file", 3)
def env_twilio(g: Fake) -> Frag:
    return fill(
        """
        TWILIO_ACCOUNT_SID={{sid}}
        TWILIO_API_KEY={{sk}}
        TWILIO_API_SECRET={{sec}}
        TWILIO_AUTH_TOKEN={{auth}}
        TWILIO_FROM_NUMBER={{phone}}
        """,
        sid=g.twilio_sid(),
        sk=L(g.twilio_api_key(), "TWILIO_KEY"),
        sec=L(g.generic_token(32), "GENERIC_SECRET"),
        auth=L(g.twilio_auth_token(), "TWILIO_KEY"),
        phone=ph(
            "+1"
            + g.phone("us")
            .replace("+1", "")
            .replace("(", "")
            .replace(")", "")
            .replace("-", "")
            .replace(" ", "")
            .replace(".", "")
        ),
    )


@template("env_file", 4)
def env_azure(g: Fake) -> Frag:
    acct = g.azure_account()
    return fill(
        """
        AZURE_STORAGE_ACCOUNT={{acct}}
        AZURE_STORAGE_KEY={{key}}
        AZURE_STORAGE_CONNECTION_STRING="{{conn}}"
        AZURE_CONTAINER=exports
        """,
        acct=acct,
        key=L(g.azure_storage_key(), "AZURE_STORAGE_KEY"),
        conn=L(g.azure_conn(), "AZURE_CONNECTION_STRING"),
    )


@template("env_file", 3)
def env_misc_services(g: Fake) -> Frag:
    return fill(
        """
        APP_URL=https://app.{{dom}}
        DB_HOST={{dbhost}}
        DB_USER={{dbuser}}
        DB_PASSWORD={{pw}}
        MAIL_USERNAME={{mailuser}}
        MAIL_PASSWORD={{mailpw}}
        DD_API_KEY={{dd}}
        INTERNAL_API_TOKEN={{tok}}
        JWT_SECRET={{jwtsec}}
        """,
        dom=g.domain(tld="com"),
        dbhost=g.db_host(),
        dbuser=g.db_user(),
        pw=L(g.password("env"), "PASSWORD"),
        mailuser=em(g.email(g.person(), g.domain())),
        mailpw=L(g.password("env"), "PASSWORD"),
        dd=L(g.hexs(32), "GENERIC_SECRET"),
        tok=L(g.generic_token(), "GENERIC_SECRET"),
        jwtsec=L(g.generic_token(64), "GENERIC_SECRET"),
    )


@template("env_file", 3)
def env_gcp(g: Fake) -> Frag:
    return fill(
        """
        GOOGLE_MAPS_API_KEY={{k1}}
        FIREBASE_API_KEY={{k2}}
        GCP_PROJECT={{proj}}
        """,
        k1=L(g.gcp_api_key(), "GCP_API_KEY"),
        k2=L(g.gcp_api_key(), "GCP_API_KEY"),
        proj=f"{g.choice(['orders', 'analytics', 'mobile'])}-{g.choice(['prod', 'stg'])}-{g.digits(6)}",
    )


# ---- YAML configs ---------------------------------------------------------------------------


@template("yaml_config", 3)
def yaml_app_config(g: Fake) -> Frag:
    admin = g.person()
    return fill(
        """
        server:
          port: 8443
          tls: true
        database:
          host: {{dbhost}}
          port: 5432
          name: {{db}}
          user: {{user}}
          password: "{{pw}}"
          pool_size: 20
        smtp:
          host: smtp.{{dom}}
          username: {{smtpuser}}
          password: '{{smtppw}}'
        admin:
          email: {{adminemail}}
        """,
        dbhost=g.db_host(),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("yaml"), "PASSWORD"),
        dom=g.domain(tld="com"),
        smtpuser=g.choice(["apikey", "mailer", "noreply-bot"]),
        smtppw=L(g.password("yaml"), "PASSWORD"),
        adminemail=em(g.email(admin, g.domain())),
    )


@template("yaml_config", 3)
def yaml_github_actions_hardcoded(g: Fake) -> Frag:
    return fill(
        """
        name: release
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            env:
              GH_TOKEN: {{gh}}
              NODE_AUTH_TOKEN: {{npm}}
            steps:
              - uses: actions/checkout@{{sha}}
              - uses: actions/setup-node@v4
                with:
                  node-version: 20
                  registry-url: https://registry.npmjs.org
              - run: npm ci && npm publish --access public
        """,
        gh=L(g.github_token(), "GITHUB_TOKEN"),
        npm=L(g.npm_token(), "NPM_TOKEN"),
        sha=g.sha1(),
    )


@template("yaml_config", 3)
def yaml_ansible_inventory(g: Fake) -> Frag:
    hosts = join(
        [
            cat(f"        web{i + 1}:\n          ansible_host: ", ip(g.ip_private()))
            for i in range(g.rint(2, 4))
        ]
    )
    return fill(
        """
        all:
          vars:
            ansible_user: deploy
            ansible_become_password: "{{pw}}"
          children:
            webservers:
              hosts:
        {{hosts}}
        """,
        pw=L(g.password("yaml"), "PASSWORD"),
        hosts=hosts,
    )


@template("yaml_config", 3)
def yaml_spring(g: Fake) -> Frag:
    return fill(
        """
        spring:
          datasource:
            url: jdbc:postgresql://{{host}}:5432/{{db}}
            username: {{user}}
            password: {{pw}}
          mail:
            host: smtp.sendgrid.net
            username: apikey
            password: {{sg}}
        management:
          endpoints:
            web:
              exposure:
                include: health,info
        """,
        host=g.db_host(),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("yaml"), "PASSWORD"),
        sg=L(g.sendgrid_key(), "SENDGRID_KEY"),
    )


@neg("yaml_config", 3)  # private scrape targets only: no findings under `detection.ip_addresses: public`
def yaml_prometheus_targets(g: Fake) -> Frag:
    targets = join(
        [cat("'", ip(g.ip_private()), f":{g.choice([9100, 9090, 8080])}'") for _ in range(g.rint(2, 5))], ", "
    )
    return fill(
        """
        scrape_configs:
          - job_name: node
            scrape_interval: 30s
            static_configs:
              - targets: [{{targets}}]
          - job_name: blackbox
            metrics_path: /probe
            params:
              module: [http_2xx]
            static_configs:
              - targets: ['https://status.{{dom}}']
        """,
        targets=targets,
        dom=g.domain(tld="com"),
    )


@template("yaml_config", 3)
def yaml_alertmanager(g: Fake) -> Frag:
    oncall = g.person()
    dom = g.domain()
    return fill(
        """
        global:
          resolve_timeout: 5m
          slack_api_url: '{{hook}}'
          smtp_smarthost: 'smtp.{{dom}}:587'
          smtp_auth_username: '{{user}}'
          smtp_auth_password: '{{pw}}'
        receivers:
          - name: oncall
            email_configs:
              - to: '{{to}}'
        """,
        hook=L(g.slack_webhook(), "SLACK_WEBHOOK"),
        dom=dom,
        user=em(g.email(oncall, dom)),
        pw=L(g.password("yaml"), "PASSWORD"),
        to=em(g.email(oncall, dom)),
    )


# ---- JSON configs ---------------------------------------------------------------------------


@template("json_config", 5)
def json_gcp_service_account(g: Fake) -> Frag:
    proj = f"{g.choice(['analytics', 'orders', 'ml-platform', 'data'])}-{g.choice(['prod', 'stg'])}-{g.digits(6)}"
    sa = f"{g.choice(['etl-runner', 'bq-export', 'deployer', 'gke-nodes'])}@{proj}.iam.gserviceaccount.com"
    pem = g.private_key("PKCS8", sep="\\n") + "\\n"
    pem_body = pem[:-2]
    return fill(
        """
        {
          "type": "service_account",
          "project_id": "{{proj}}",
          "private_key_id": "{{kid}}",
          "private_key": "{{pem}}\\n",
          "client_email": "{{sa}}",
          "client_id": "{{cid}}",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "universe_domain": "googleapis.com"
        }
        """,
        proj=proj,
        kid=g.hexs(40),
        pem=L(pem_body, "GCP_SERVICE_ACCOUNT_KEY"),
        sa=em(sa),
        cid=g.digits(21),
    )


@template("json_config", 3)
def json_user_record(g: Fake) -> Frag:
    p = g.person()
    city, country = g.city()
    return fill(
        """
        {
          "id": "{{uid}}",
          "created_at": "{{ts}}",
          "profile": {
            "display_name": "{{name}}",
            "email": "{{email}}",
            "phone": "{{phone}}",
            "address": {"line1": "{{street}}", "city": "{{city}}", "country": "{{country}}"}
          },
          "last_login_ip": "{{ip}}",
          "plan": "{{plan}}",
          "flags": {"beta": {{beta}}, "mfa": true}
        }
        """,
        uid=g.uuid(),
        ts=g.ts(),
        name=per(p.full),
        email=em(g.email(p)),
        phone=ph(phone_for(g, country)),
        street=g.street(),
        city=loc(city),
        country=loc(country),
        ip=ip(g.ip_public()),
        plan=g.choice(["free", "pro", "team"]),
        beta=g.choice(["true", "false"]),
    )


@template("json_config", 3)
def json_appsettings(g: Fake) -> Frag:
    return fill(
        """
        {
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
          "ConnectionStrings": {
            "DefaultConnection": "{{ado}}"
          },
          "SendGrid": { "ApiKey": "{{sg}}", "FromAddress": "{{from_}}" },
          "AllowedHosts": "*"
        }
        """,
        ado=L(g.conn_string("ado"), "CONNECTION_STRING"),
        sg=L(g.sendgrid_key(), "SENDGRID_KEY"),
        from_=em(f"{g.choice(['noreply', 'notifications', 'no-reply'])}@{g.domain()}"),
    )


@template("json_config", 3)
def json_webhook_event(g: Fake) -> Frag:
    p = g.person()
    city, country = g.city()
    return fill(
        """
        {
          "id": "evt_{{eid}}",
          "type": "checkout.session.completed",
          "created": {{created}},
          "data": {
            "object": {
              "customer_details": {
                "name": "{{name}}",
                "email": "{{email}}",
                "phone": "{{phone}}",
                "address": {"city": "{{city}}", "country": "{{cc}}", "postal_code": "{{zip}}"}
              },
              "payment_method_details": {"card": {"brand": "visa", "last4": "{{last4}}", "exp_year": 2027}},
              "amount_total": {{amount}}
            }
          }
        }
        """,
        eid=g.rs(ALNUM, 24),
        created=g.rint(1_700_000_000, 1_730_000_000),
        name=per(p.full),
        email=em(g.email(p)),
        phone=ph(phone_for(g, country)),
        city=loc(city),
        cc=g.choice(["DE", "FR", "US", "GB"]),
        zip=g.digits(5),
        last4=g.digits(4),
        amount=g.rint(500, 99000),
    )


@template("json_config", 3)
def json_crm_contacts(g: Fake) -> Frag:
    items: list[Frag | str] = []
    for _ in range(g.rint(2, 4)):
        p = g.person()
        items.append(
            cat(
                '  {"contact": "',
                per(p.full),
                '", "email": "',
                em(g.email(p, g.domain())),
                '", "mobile": "',
                ph(g.phone()),
                f'", "stage": "{g.choice(["lead", "qualified", "customer"])}", "score": {g.rint(1, 99)}}}',
            )
        )
    return cat("[\n", join(items, ",\n"), "\n]")


@template("json_config", 3)
def json_vscode_settings(g: Fake) -> Frag:
    return fill(
        """
        {
          "editor.formatOnSave": true,
          "python.defaultInterpreterPath": ".venv/bin/python",
          "github.copilot.enable": {"*": true},
          "rest-client.environmentVariables": {
            "prod": {
              "baseUrl": "https://api.{{dom}}",
              "token": "{{tok}}"
            }
          },
          "huggingface.token": "{{hf}}"
        }
        """,
        dom=g.domain(tld="com"),
        tok=L(g.jwt(), "JWT"),
        hf=L(g.hf_token(), "HUGGINGFACE_TOKEN"),
    )


# ---- dotfiles / ini configs ------------------------------------------------------------------


@template("config_file", 3)
def conf_pypirc(g: Fake) -> Frag:
    return fill(
        """
        [distutils]
        index-servers =
            pypi
            internal

        [pypi]
        username = __token__
        password = {{tok}}

        [internal]
        repository = https://pypi.{{dom}}/simple/
        username = ci-bot
        password = {{pw}}
        """,
        tok=L(g.pypi_token(), "PYPI_TOKEN"),
        dom=g.domain(tld="com"),
        pw=L(g.password("env"), "PASSWORD"),
    )


@template("config_file", 3)
def conf_npmrc(g: Fake) -> Frag:
    return fill(
        """
        registry=https://registry.npmjs.org/
        @{{scope}}:registry=https://npm.pkg.github.com
        //registry.npmjs.org/:_authToken={{npm}}
        //npm.pkg.github.com/:_authToken={{gh}}
        always-auth=true
        """,
        scope=g.choice(["helix", "acme", "orbital", "kestrel"]),
        npm=L(g.npm_token(), "NPM_TOKEN"),
        gh=L(g.github_token(), "GITHUB_TOKEN"),
    )


@template("config_file", 3)
def conf_git_credentials(g: Fake) -> Frag:
    user = g.choice(["ci-bot", "oauth2", "deploy", "x-access-token"])
    return fill(
        """
        $ cat ~/.git-credentials
        {{url1}}
        $ cat ~/.gitconfig
        [credential]
            helper = store
        [user]
            name = {{name}}
            email = {{email}}
        """,
        url1=L(
            f"https://{user}:{g.gitlab_token() if g.chance(0.5) else g.password('url')}@gitlab.{g.domain(tld='com')}",
            "CONNECTION_STRING",
        ),
        name=per((p := g.person()).full),
        email=em(g.email(p, g.domain())),
    )


@template("config_file", 4)
def conf_ssh_private_key(g: Fake) -> Frag:
    return fill(
        """
        $ cat ~/.ssh/config
        Host bastion
            HostName {{ip}}
            User ec2-user
            IdentityFile ~/.ssh/bastion.pem

        $ cat ~/.ssh/bastion.pem
        {{key}}
        """,
        ip=ip(g.ip_public()),
        key=L(g.private_key(g.choice(["RSA", "OPENSSH", "EC"])), "PRIVATE_KEY"),
    )


@template("config_file", 3)
def conf_aws_credentials(g: Fake) -> Frag:
    return fill(
        """
        [default]
        aws_access_key_id = {{a1}}
        aws_secret_access_key = {{s1}}

        [prod-admin]
        aws_access_key_id = {{a2}}
        aws_secret_access_key = {{s2}}
        region = eu-west-1
        """,
        a1=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        s1=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        a2=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        s2=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
    )


@template("config_file", 3)
def conf_kubeconfig(g: Fake) -> Frag:
    return fill(
        """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority-data: {{ca}}
            server: https://{{ip}}:6443
          name: prod
        users:
        - name: ci-deployer
          user:
            token: {{tok}}
        contexts:
        - context: {cluster: prod, user: ci-deployer}
          name: prod
        current-context: prod
        """,
        ca=g.b64blob(60),
        ip=ip(g.ip_private()),
        tok=L(g.jwt({"kubernetes.io/serviceaccount/namespace": "ci"}), "JWT"),
    )


@template("config_file", 3)
def conf_pgpass_netrc(g: Fake) -> Frag:
    return fill(
        """
        # ~/.pgpass
        {{host}}:5432:{{db}}:{{user}}:{{pw}}
        # ~/.netrc
        machine api.{{dom}}
          login {{login}}
          password {{pw2}}
        """,
        host=g.db_host(),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("shell").replace(":", "!"), "PASSWORD"),
        dom=g.domain(tld="com"),
        login=g.choice(["svc-export", "ci", "reporting"]),
        pw2=L(g.password("shell"), "PASSWORD"),
    )


# ---- source code ---------------------------------------------------------------------------


@template("code_python", 4)
def py_boto3_hardcoded(g: Fake) -> Frag:
    return fill(
        """
        import boto3

        # TODO: move to env before merging!!
        s3 = boto3.client(
            "s3",
            aws_access_key_id="{{akid}}",
            aws_secret_access_key="{{secret}}",
            region_name="{{region}}",
        )

        def upload(path: str, key: str) -> None:
            s3.upload_file(path, "{{bucket}}", key)
        """,
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        region=g.choice(["us-east-1", "eu-west-1"]),
        bucket=f"exports-{g.digits(5)}",
    )


@template("code_python", 4)
def py_llm_client(g: Fake) -> Frag:
    kind = g.choice(["openai", "anthropic", "hf", "deepseek"])
    if kind == "openai":
        return fill(
            """
            from openai import OpenAI

            client = OpenAI(api_key="{{key}}")
            resp = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "user", "content": prompt}],
            )
            print(resp.choices[0].message.content)
            """,
            key=L(g.openai_key(), "OPENAI_API_KEY"),
        )
    if kind == "anthropic":
        return fill(
            """
            import anthropic

            client = anthropic.Anthropic(api_key="{{key}}")
            message = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=1024,
                                             messages=[{"role": "user", "content": text}])
            """,
            key=L(g.anthropic_key(), "ANTHROPIC_API_KEY"),
        )
    if kind == "hf":
        return fill(
            """
            from huggingface_hub import login, snapshot_download

            login(token="{{key}}")
            path = snapshot_download("{{org}}/internal-classifier", revision="{{sha}}")
            """,
            key=L(g.hf_token(), "HUGGINGFACE_TOKEN"),
            org=g.choice(["helix-ml", "kestrel-ai"]),
            sha=g.sha1(),
        )
    return fill(
        """
        import requests

        DEEPSEEK_KEY = "{{key}}"
        r = requests.post("https://api.deepseek.com/chat/completions",
                          headers={"Authorization": f"Bearer {DEEPSEEK_KEY}"},
                          json={"model": "deepseek-chat", "messages": msgs}, timeout=60)
        """,
        key=L(g.deepseek_key(), "DEEPSEEK_API_KEY"),
    )


@template("code_python", 3)
def py_smtp_send(g: Fake) -> Frag:
    sender, rcpt = g.people(2)
    dom = g.domain()
    return fill(
        """
        import smtplib
        from email.message import EmailMessage

        msg = EmailMessage()
        msg["From"] = "{{sender}}"
        msg["To"] = "{{rcpt}}"
        msg["Subject"] = "Weekly KPI report"
        msg.set_content(body)

        with smtplib.SMTP("smtp.office365.com", 587) as s:
            s.starttls()
            s.login("{{sender2}}", "{{pw}}")
            s.send_message(msg)
        """,
        sender=em(g.email(sender, dom)),
        rcpt=em(g.email(rcpt, g.domain())),
        sender2=em(g.email(sender, dom)),
        pw=L(g.password("json"), "PASSWORD"),
    )


@template("code_python", 3)
def py_test_fixture_real_data(g: Fake) -> Frag:
    p, q = g.people(2)
    return fill(
        """
        import pytest

        @pytest.fixture
        def customer():
            # copied from prod ticket {{tid}} to reproduce the bug
            return Customer(
                name="{{p}}",
                email="{{pe}}",
                phone="{{pp}}",
                iban="{{iban}}",
            )

        def test_invoice_recipient(customer):
            inv = build_invoice(customer, cc="{{qe}}")
            assert inv.recipient == customer.email
        """,
        tid=g.ticket_no(),
        p=per(p.full),
        pe=em(g.email(p)),
        pp=ph(g.phone()),
        iban=L(g.iban(spaced=False), "IBAN_CODE"),
        qe=em(g.email(q, g.domain())),
    )


@template("code_python", 3)
def py_django_settings(g: Fake) -> Frag:
    return fill(
        """
        SECRET_KEY = "django-insecure-{{sk}}"
        DEBUG = False
        ALLOWED_HOSTS = ["app.{{dom}}"]

        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "{{db}}",
                "USER": "{{user}}",
                "PASSWORD": "{{pw}}",
                "HOST": "{{host}}",
                "PORT": "5432",
            }
        }
        EMAIL_HOST_USER = "apikey"
        EMAIL_HOST_PASSWORD = "{{sg}}"
        """,
        sk=L(g.rs(LOWER + DIGITS + "!@#%^*(-_=+)", 50), "GENERIC_SECRET"),
        dom=g.domain(tld="com"),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("json"), "PASSWORD"),
        host=g.db_host(),
        sg=L(g.sendgrid_key(), "SENDGRID_KEY"),
    )


@template("code_python", 3)
def py_jwt_debug(g: Fake) -> Frag:
    return fill(
        """
        >>> import jwt
        >>> token = "{{tok}}"
        >>> jwt.decode(token, options={"verify_signature": False})
        {'sub': '{{sub}}', 'iat': {{iat}}, 'exp': {{exp}}}
        """,
        tok=L(g.jwt(), "JWT"),
        sub=g.uuid(),
        iat=(i := g.rint(1_700_000_000, 1_720_000_000)),
        exp=i + 3600,
    )


@template("code_python", 3)
def py_pandas_printout(g: Fake) -> Frag:
    rows: list[Frag | str] = ["              name                          email        city  total_spend"]
    for i in range(g.rint(3, 6)):
        p = g.person()
        city, _ = g.city()
        rows.append(
            cat(
                f"{i:<4}",
                per(p.full),
                "   ",
                em(g.email(p)),
                "   ",
                loc(city),
                f"   {g.rint(10, 9000)}.{g.rint(0, 99):02d}",
            )
        )
    return cat(">>> df.head()\n", join(rows))


@template("code_js", 3)
def js_firebase_config(g: Fake) -> Frag:
    proj = f"{g.choice(['shop', 'fieldapp', 'tracker'])}-{g.rs(LOWER + DIGITS, 5)}"
    return fill(
        """
        import { initializeApp } from "firebase/app";

        const firebaseConfig = {
          apiKey: "{{key}}",
          authDomain: "{{proj}}.firebaseapp.com",
          projectId: "{{proj}}",
          storageBucket: "{{proj}}.appspot.com",
          messagingSenderId: "{{sender}}",
          appId: "1:{{sender}}:web:{{appid}}"
        };

        export const app = initializeApp(firebaseConfig);
        """,
        key=L(g.gcp_api_key(), "GCP_API_KEY"),
        proj=proj,
        sender=g.digits(12),
        appid=g.hexs(22),
    )


@template("code_js", 3)
def js_stripe_server(g: Fake) -> Frag:
    return fill(
        """
        const express = require('express');
        const stripe = require('stripe')('{{key}}');
        const endpointSecret = '{{whsec}}';

        app.post('/create-payment-intent', async (req, res) => {
          const intent = await stripe.paymentIntents.create({ amount: req.body.amount, currency: 'eur' });
          res.json({ clientSecret: intent.client_secret });
        });
        """,
        key=L(g.stripe_key(), "STRIPE_KEY"),
        whsec=L("whsec_" + g.rs(ALNUM, 32), "GENERIC_SECRET"),
    )


@template("code_js", 3)
def js_mongoose(g: Fake) -> Frag:
    return fill(
        """
        const mongoose = require("mongoose");

        mongoose
          .connect("{{cs}}")
          .then(() => console.log("db connected"))
          .catch((err) => console.error(err));
        """,
        cs=L(g.conn_string("mongo"), "CONNECTION_STRING"),
    )


@template("code_js", 3)
def js_slack_bot(g: Fake) -> Frag:
    return fill(
        """
        const { App } = require('@slack/bolt');

        const app = new App({
          token: '{{tok}}',
          signingSecret: '{{sec}}',
          socketMode: true,
          appToken: '{{app}}',
        });
        """,
        tok=L(f"xoxb-{g.digits(11)}-{g.digits(13)}-{g.rs(ALNUM, 24)}", "SLACK_TOKEN"),
        sec=L(g.hexs(32), "GENERIC_SECRET"),
        app=L(f"xapp-1-A{g.rs(UPPER + DIGITS, 10)}-{g.digits(13)}-{g.hexs(64)}", "SLACK_TOKEN"),
    )


@template("code_js", 3)
def js_nodemailer(g: Fake) -> Frag:
    p = g.person()
    dom = g.domain()
    return fill(
        """
        const transporter = nodemailer.createTransport({
          host: "smtp.{{dom}}",
          port: 465,
          secure: true,
          auth: { user: "{{user}}", pass: "{{pw}}" },
        });
        """,
        dom=dom,
        user=em(g.email(p, dom)),
        pw=L(g.password("json"), "PASSWORD"),
    )


@template("code_js", 3)
def js_axios_github(g: Fake) -> Frag:
    return fill(
        """
        const gh = axios.create({
          baseURL: 'https://api.github.com',
          headers: { Authorization: `token {{tok}}`, Accept: 'application/vnd.github+json' },
        });
        const { data } = await gh.get('/repos/{{org}}/platform/pulls?state=open');
        """,
        tok=L(g.github_token(), "GITHUB_TOKEN"),
        org=g.choice(["helix-dyn", "kestrel-freight", "quantix"]),
    )


@template("code_java", 3)
def java_datasource(g: Fake) -> Frag:
    return fill(
        """
        public class LegacyReportJob {
            private static final String URL = "jdbc:postgresql://{{host}}:5432/{{db}}";
            private static final String USER = "{{user}}";
            private static final String PASSWORD = "{{pw}}";

            public Connection open() throws SQLException {
                return DriverManager.getConnection(URL, USER, PASSWORD);
            }
        }
        """,
        host=g.db_host(),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("json"), "PASSWORD"),
    )


@template("code_java", 3)
def java_test_customer(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        @Test
        void rendersSepaMandate() {
            Customer c = new Customer("{{name}}", "{{email}}");
            c.setIban("{{iban}}");
            c.setPhone("{{phone}}");
            String pdf = mandateRenderer.render(c);
            assertThat(pdf).contains("{{last}}");
        }
        """,
        name=per(p.full),
        email=em(g.email(p)),
        iban=L(g.iban(spaced=False), "IBAN_CODE"),
        phone=ph(g.phone()),
        last=per(p.last),
    )


@template("code_java", 3)
def java_properties(g: Fake) -> Frag:
    return fill(
        """
        # application-prod.properties
        server.port=8080
        spring.datasource.url=jdbc:mysql://{{host}}:3306/{{db}}
        spring.datasource.username={{user}}
        spring.datasource.password={{pw}}
        cloud.aws.credentials.access-key={{akid}}
        cloud.aws.credentials.secret-key={{secret}}
        app.jwt.signing-key={{sign}}
        """,
        host=g.db_host(),
        db=g.db_name(),
        user=g.db_user(),
        pw=L(g.password("env"), "PASSWORD"),
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        sign=L(g.generic_token(64), "GENERIC_SECRET"),
    )


@template("code_go", 3)
def go_mysql_dsn(g: Fake) -> Frag:
    dsn = f"{g.db_user()}:{g.password('url')}@tcp({g.db_host()}:3306)/{g.db_name()}?parseTime=true"
    return fill(
        """
        package store

        import (
            "database/sql"

            _ "github.com/go-sql-driver/mysql"
        )

        const dsn = "{{dsn}}"

        func Open() (*sql.DB, error) {
            return sql.Open("mysql", dsn)
        }
        """,
        dsn=L(dsn, "CONNECTION_STRING"),
    )


@template("code_go", 3)
def go_twilio(g: Fake) -> Frag:
    return fill(
        """
        client := twilio.NewRestClientWithParams(twilio.ClientParams{
            Username: "{{sid}}",
            Password: "{{auth}}",
        })
        params := &api.CreateMessageParams{}
        params.SetTo("{{to}}")
        params.SetFrom("{{from_}}")
        params.SetBody("Your verification code is " + code)
        """,
        sid=g.twilio_sid(),
        auth=L(g.twilio_auth_token(), "TWILIO_KEY"),
        to=ph(f"+44 7{g.rint(4, 9)}{g.digits(2)} {g.digits(6)}"),
        from_=ph(f"+1{g.choice(['415', '646', '312'])}{g._us_exchange()}{g.digits(4)}"),
    )


@template("code_go", 3)
def go_github_client(g: Fake) -> Frag:
    return fill(
        """
        ctx := context.Background()
        ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "{{tok}}"})
        client := github.NewClient(oauth2.NewClient(ctx, ts))
        repos, _, err := client.Repositories.ListByOrg(ctx, "{{org}}", nil)
        """,
        tok=L(g.github_token(), "GITHUB_TOKEN"),
        org=g.choice(["helix-dyn", "kestrel-freight", "quantix"]),
    )


@template("code_go", 3)
def go_private_key_const(g: Fake) -> Frag:
    return fill(
        """
        // signingKey is used for the license files. FIXME: load from vault
        const signingKey = `{{key}}`

        func sign(payload []byte) ([]byte, error) {
            block, _ := pem.Decode([]byte(signingKey))
            return signWith(block, payload)
        }
        """,
        key=L(g.private_key(g.choice(["RSA", "EC", "PKCS8"])), "PRIVATE_KEY"),
    )


# ---- SQL -------------------------------------------------------------------------------------


@template("code_sql", 4)
def sql_insert_customers(g: Fake) -> Frag:
    rows: list[Frag | str] = []
    for _ in range(g.rint(2, 5)):
        p = g.person()
        rows.append(
            cat(
                "  ('",
                per(p.full.replace("'", "''")) if "'" in p.full else per(p.full),
                "', '",
                em(g.email(p)),
                "', '",
                ph(g.phone()),
                "', '",
                L(g.iban(spaced=False), "IBAN_CODE"),
                f"', '{g.date()}')",
            )
        )
    return cat(
        "INSERT INTO customers (full_name, email, phone, iban, created_at) VALUES\n", join(rows, ",\n"), ";"
    )


@template("code_sql", 3)
def sql_psql_output(g: Fake) -> Frag:
    rows: list[Frag | str] = []
    for _ in range(g.rint(3, 6)):
        p = g.person()
        city, _ = g.city()
        rows.append(cat(f" {g.rint(1, 9999):>5} | ", per(p.full), " | ", em(g.email(p)), " | ", loc(city)))
    return cat(
        "app=> SELECT id, full_name, email, city FROM users WHERE plan = 'enterprise' LIMIT 6;\n",
        "  id   | full_name | email | city\n-------+-----------+-------+------\n",
        join(rows),
        f"\n({len(rows)} rows)",
    )


@template("code_sql", 3)
def sql_create_user(g: Fake) -> Frag:
    return fill(
        """
        -- run once on the new cluster
        CREATE ROLE {{user}} WITH LOGIN PASSWORD '{{pw}}';
        GRANT CONNECT ON DATABASE {{db}} TO {{user}};
        GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {{user}};
        ALTER ROLE {{user}} SET statement_timeout = '30s';
        """,
        user=g.choice(["reporting_ro", "etl_writer", "metabase", "billing_app"]),
        pw=L(g.password("shell").replace("'", ""), "PASSWORD"),
        db=g.db_name(),
    )


@template("code_sql", 4)
def sql_update_ssn(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        BEGIN;
        UPDATE employees SET ssn = '{{ssn}}', updated_by = 'hr-fix-{{n}}' WHERE employee_id = {{eid}};
        -- employee {{name}} reported a typo in the SSN on their W-2
        SELECT employee_id, full_name, ssn FROM employees WHERE employee_id = {{eid}};
        COMMIT;
        """,
        ssn=L(g.ssn(), "US_SSN"),
        n=g.digits(4),
        eid=g.digits(5),
        name=per(p.full),
    )


# ---- shell -----------------------------------------------------------------------------------


@template("shell", 3)
def sh_db_clients(g: Fake) -> Frag:
    return fill(
        """
        $ export PGPASSWORD='{{pw1}}'
        $ psql -h {{host}} -U {{user}} -d {{db}} -c "select count(*) from orders where created_at > now() - interval '1 day'"
         count
        -------
         {{count}}
        (1 row)

        $ mysql -h {{host2}} -u root -p'{{pw2}}' -e 'SHOW PROCESSLIST'
        """,
        pw1=L(g.password("shell").replace("'", ""), "PASSWORD"),
        host=g.db_host(),
        user=g.db_user(),
        db=g.db_name(),
        count=g.rint(100, 90000),
        host2=g.db_host(),
        pw2=L(g.password("shell").replace("'", ""), "PASSWORD"),
    )


@template("shell", 3)
def sh_docker_login(g: Fake) -> Frag:
    return fill(
        """
        $ echo {{tok}} | docker login ghcr.io -u {{user}} --password-stdin
        WARNING! Your password will be stored unencrypted in /root/.docker/config.json.
        Login Succeeded
        $ docker push ghcr.io/{{org}}/api:{{ver}}
        """,
        tok=L(g.github_token(), "GITHUB_TOKEN"),
        user=g.choice(["ci-bot", "release-bot", "octo-deployer"]),
        org=g.choice(["helix-dyn", "kestrel-freight", "quantix"]),
        ver=g.version(3),
    )


@template("shell", 3)
def sh_history(g: Fake) -> Frag:
    return fill(
        """
          501  ssh ubuntu@{{ip1}}
          502  scp backup.tar.gz admin@{{ip2}}:/srv/backups/
          503  curl -s -H "PRIVATE-TOKEN: {{gl}}" https://gitlab.{{dom}}/api/v4/projects | jq '.[].name'
          504  export OPENAI_API_KEY={{oa}}
          505  python scripts/summarise.py --since 7d
          506  history | tail -n 20
        """,
        ip1=ip(g.ip_public()),
        ip2=ip(g.ip_private()),
        gl=L(g.gitlab_token(), "GITLAB_TOKEN"),
        dom=g.domain(tld="com"),
        oa=L(g.openai_key(), "OPENAI_API_KEY"),
    )


@template("shell", 3)
def sh_ifconfig(g: Fake) -> Frag:
    return fill(
        """
        $ ip addr show eth0
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
            link/ether {{mac}} brd ff:ff:ff:ff:ff:ff
            inet {{ip4}}/24 brd {{bcast}} scope global dynamic eth0
               valid_lft 85312sec preferred_lft 85312sec
            inet6 {{ip6}}/64 scope global dynamic mngtmpaddr
        """,
        mac=L(g.mac().lower().replace("-", ":"), "MAC_ADDRESS"),
        ip4=ip(a := g.ip_private()),
        bcast=ip(".".join(a.split(".")[:3]) + ".255"),
        ip6=ip(g.ipv6()),
    )


@template("shell", 3)
def sh_aws_cli(g: Fake) -> Frag:
    return fill(
        """
        $ aws configure
        AWS Access Key ID [None]: {{akid}}
        AWS Secret Access Key [None]: {{secret}}
        Default region name [None]: eu-central-1
        Default output format [None]: json
        $ aws sts get-caller-identity
        {
            "UserId": "AIDA{{uid}}",
            "Account": "{{acct}}",
            "Arn": "arn:aws:iam::{{acct}}:user/ci-deployer"
        }
        """,
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        uid=g.rs(UPPER + "234567", 17),
        acct=g.digits(12),
    )


@template("shell", 3)
def sh_ssh_keygen_cat(g: Fake) -> Frag:
    return fill(
        """
        $ cat deploy_key
        {{key}}
        $ ssh -i deploy_key git@{{ip}}
        """,
        key=L(g.private_key("OPENSSH"), "PRIVATE_KEY"),
        ip=ip(g.ip_public()),
    )


# ---- HR notes --------------------------------------------------------------------------------


@template("hr_note", 5)
def hr_onboarding_us(g: Fake) -> Frag:
    p, mgr = g.people(2)
    city, state = g.choice(US_CITIES)
    return fill(
        """
        NEW HIRE – {{name}}
        Start date: {{start}}    Manager: {{mgr}}    Location: {{city}}, {{state}}

        SSN: {{ssn}}
        Direct deposit – routing {{aba}}, checking account {{acct}}
        Emergency contact: {{ec}} ({{ecrel}}), {{ecphone}}
        Personal email: {{email}}

        Laptop shipped to home address. I-9 verified in person on day 1.
        """,
        name=per(p.full),
        start=g.date(),
        mgr=per(mgr.full),
        city=loc(city),
        state=loc(state),
        ssn=L(g.ssn(), "US_SSN"),
        aba=L(g.aba(), "ABA_ROUTING_NUMBER"),
        acct=g.bank_account(),
        ec=per(g.person().full),
        ecrel=g.choice(["spouse", "mother", "brother", "partner"]),
        ecphone=ph(g.phone("us")),
        email=em(g.email(p)),
    )


@template("hr_note", 4)
def hr_performance_review(g: Fake) -> Frag:
    p, mgr, peer = g.people(3)
    city, _ = g.city()
    return fill(
        """
        Performance review – {{name}} (Senior Analyst, {{city}} office)
        Reviewer: {{mgr}}

        {{first}} exceeded expectations on the pricing migration and mentored two juniors. Feedback from
        {{peer}} highlights clear written communication. Area to develop: saying no to scope creep.
        Rating: 4/5. Recommend promotion in the next cycle; discuss with {{peer_first}} and HR before {{date}}.
        """,
        name=per(p.full),
        city=loc(city),
        mgr=per(mgr.full),
        first=per(p.first),
        peer=per(peer.full),
        peer_first=per(peer.first),
        date=g.date(),
    )


@template("hr_note", 4)
def hr_uk_payroll(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        Payroll change request
        Employee: {{name}}
        NI number: {{nino}}
        Bank: IBAN {{iban}}
        Mobile: {{phone}}
        Effective from the {{month}} payroll run. Employee relocated to {{city}}; update the office allocation.
        Approved by {{approver}}.
        """,
        name=per(p.full),
        nino=L(g.nino(), "UK_NINO"),
        iban=L(g.iban("GB"), "IBAN_CODE"),
        phone=ph(g.phone("uk")),
        month=g.choice(["April", "May", "June", "October"]),
        city=loc(g.choice(UK_CITIES)),
        approver=per(g.person().full),
    )


@template("hr_note", 3)
def hr_exit_interview(g: Fake) -> Frag:
    p, hr = g.people(2)
    return fill(
        """
        Exit interview notes – {{name}}
        Interviewer: {{hr}}

        - Leaving for a role closer to family in {{city}}.
        - Would consider returning; asked to stay on the alumni list ({{email}}).
        - Equipment return booked with courier for {{date}}; contact {{phone}} for pickup.
        - Final payslip and P45 to be sent by post.
        """,
        name=per(p.full),
        hr=per(hr.full),
        city=loc(g.city()[0]),
        email=em(g.email(p)),
        date=g.date(),
        phone=ph(g.phone()),
    )


@template("hr_note", 3)
def hr_salary_bands(g: Fake) -> Frag:
    ps = g.people(g.rint(3, 5))
    lines = [
        cat(
            "- ",
            per(p.full),
            f": {g.choice(['L3', 'L4', 'L5', 'L6'])}, base {g.rint(60, 180)}k, ",
            loc(g.city()[0]),
        )
        for p in ps
    ]
    return cat(
        "Comp calibration (confidential) – engineering\n",
        join(lines),
        "\nNotes: align L5 band with market data before Q3.",
    )


# ---- meeting notes ---------------------------------------------------------------------------


@template("meeting_notes", 3)
def meeting_standup(g: Fake) -> Frag:
    ps = g.people(4)
    return fill(
        """
        Standup {{date}}
        Attendees: {{a}}, {{b}}, {{c}}, {{d}}

        - {{a_first}}: finished the retry logic for the webhook consumer, PR up for review.
        - {{b_first}}: still blocked on the staging DB migration; needs {{c_first}} to approve the schema change.
        - {{c_first}}: on call this week, two pages overnight (disk pressure on {{host}}).
        - {{d_first}}: out Thursday and Friday.

        Action: {{b_first}} + {{c_first}} pair after lunch.
        """,
        date=g.date(),
        a=per(ps[0].full),
        b=per(ps[1].full),
        c=per(ps[2].full),
        d=per(ps[3].full),
        a_first=per(ps[0].first),
        b_first=per(ps[1].first),
        c_first=per(ps[2].first),
        d_first=per(ps[3].first),
        host=g.hostname(),
    )


@template("meeting_notes", 3)
def meeting_customer_call(g: Fake) -> Frag:
    cust, ours = g.people(2)
    city, country = g.city()
    co = g.company()
    return fill(
        """
        Call notes – {{co}} ({{date}})
        Customer side: {{cust}}, Head of Operations, based in {{city}}
        Our side: {{ours}}

        * They want SSO via Okta and an EU data residency option ({{country}} entity).
        * Budget approved, legal review pending.
        * Follow-up: send DPA draft to {{email}}; {{cust_first}} prefers a call on {{phone}} rather than email.
        """,
        co=co,
        date=g.date(),
        cust=per(cust.full),
        city=loc(city),
        ours=per(ours.full),
        country=loc(country),
        email=em(g.email(cust, g.domain(co))),
        cust_first=per(cust.first),
        phone=ph(phone_for(g, country)),
    )


@template("meeting_notes", 3)
def meeting_incident_postmortem(g: Fake) -> Frag:
    a, b = g.people(2)
    return fill(
        """
        Post-mortem: leaked credentials in public repo ({{date}})

        Timeline (UTC)
        08:02  Secret scanner alert: AWS key {{akid}} committed to a public fork.
        08:10  {{a}} disabled the key; {{b}} started CloudTrail review.
        08:45  Found API calls from {{ip1}} and {{ip2}} (not ours), listing S3 buckets only.
        09:30  Key deleted, new key issued via SSO role. No data exfiltration confirmed.

        Actions
        - Enable push protection on all repos (owner: {{a_first}})
        - Block long-lived IAM user keys (owner: {{b_first}})
        """,
        date=g.date(),
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        a=per(a.full),
        b=per(b.full),
        ip1=ip(g.ip_public()),
        ip2=ip(g.ip_public()),
        a_first=per(a.first),
        b_first=per(b.first),
    )


@template("meeting_notes", 3)
def meeting_offsite_planning(g: Fake) -> Frag:
    ps = g.people(3)
    (c1, k1), (c2, _k2) = g.sample(CITIES, 2)
    return fill(
        """
        Offsite planning
        - Venue shortlist: {{c1}} ({{k1}}) vs {{c2}}. {{a}} to get quotes.
        - Travel desk contact for group bookings: {{b}}, {{phone}}.
        - Dietary requirements form goes out Monday; {{c}} owns the agenda.
        """,
        c1=loc(c1),
        k1=loc(k1),
        c2=loc(c2),
        a=per(ps[0].full),
        b=per(ps[1].full),
        phone=ph(g.phone()),
        c=per(ps[2].full),
    )


# ---- chat ----------------------------------------------------------------------------------


@template("chat_message", 4)
def chat_share_password(g: Fake) -> Frag:
    p = g.person()
    return g.choice(
        [
            lambda: fill(
                "hey {{first}}, the staging admin login is admin / {{pw}} – pls don't share",
                first=per(p.first),
                pw=L(g.password("any"), "PASSWORD"),
            ),
            lambda: fill(
                "vpn password got reset, new one is {{pw}} (expires in 90 days)",
                pw=L(g.password("any"), "PASSWORD"),
            ),
            lambda: fill(
                "{{first}}: wifi for the guest network is {{pw}}",
                first=per(p.first),
                pw=L(g.password("any"), "PASSWORD"),
            ),
            lambda: fill(
                "temp password for {{email}} is {{pw}} – they have to change it on first login",
                email=em(g.email(p, g.domain())),
                pw=L(g.password("any"), "PASSWORD"),
            ),
        ]
    )()


@template("chat_message", 4)
def chat_share_token(g: Fake) -> Frag:
    k = g.choice(["slack", "gh", "gl", "hf", "npm", "sendgrid"])
    val, et = {
        "slack": (g.slack_token(), "SLACK_TOKEN"),
        "gh": (g.github_token(), "GITHUB_TOKEN"),
        "gl": (g.gitlab_token(), "GITLAB_TOKEN"),
        "hf": (g.hf_token(), "HUGGINGFACE_TOKEN"),
        "npm": (g.npm_token(), "NPM_TOKEN"),
        "sendgrid": (g.sendgrid_key(), "SENDGRID_KEY"),
    }[k]
    p = g.person()
    return g.choice(
        [
            lambda: fill(
                "@{{name}} here's the token for the bot: {{tok}} (rotate it after the demo)",
                name=per(p.full),
                tok=L(val, et),
            ),
            lambda: fill(
                "can someone tell me why this doesn't work?? token={{tok}} returns 403", tok=L(val, et)
            ),
            lambda: fill("use {{tok}} for now, I'll put it in vault tomorrow", tok=L(val, et)),
        ]
    )()


@template("chat_message", 4)
def chat_contact_share(g: Fake) -> Frag:
    p = g.person()
    city, country = g.city()
    return g.choice(
        [
            lambda: fill(
                "call {{first}} at {{phone}}, she's the contact at the {{city}} warehouse",
                first=per(p.first),
                phone=ph(phone_for(g, country)),
                city=loc(city),
            ),
            lambda: fill(
                "{{name}}'s new number is {{phone}} and email {{email}}",
                name=per(p.full),
                phone=ph(g.phone()),
                email=em(g.email(p)),
            ),
            lambda: fill(
                "fwd: please loop in {{name}} ({{email}}) on the {{country}} launch",
                name=per(p.full),
                email=em(g.email(p, g.domain())),
                country=loc(country),
            ),
        ]
    )()


@template("chat_message", 5)
def chat_unicode_prefix(g: Fake) -> Frag:
    p = g.person()
    return g.choice(
        [
            lambda: fill(
                "🚀🔥 déployé ✅ – merci {{first}}! ключ для стейджа: {{key}}",
                first=per(p.first),
                key=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
            ),
            lambda: fill(
                "ありがとうございます 🙏 顧客の連絡先: {{email}} / {{phone}}",
                email=em(g.email(p)),
                phone=ph(g.phone("jp")),
            ),
            lambda: fill(
                "👋 Привет! 📎 IBAN для возврата: {{iban}} — {{name}}",
                iban=L(g.iban(), "IBAN_CODE"),
                name=per(p.full),
            ),
            lambda: fill(
                "😅😅 oops, pasted the wrong thing 👉 {{tok}} 👈 pls ignore",
                tok=L(g.github_token(), "GITHUB_TOKEN"),
            ),
            lambda: fill(
                "📞 客户电话 {{phone}}，邮箱 {{email}} 🙂",
                phone=ph(g.phone("uk")),
                email=em(g.email(p, g.domain())),
            ),
            lambda: fill("✨ new server is up ✨ 🖥️ {{ip}} (ssh as deploy) 🎉", ip=ip(g.ip_public())),
            lambda: fill(
                "💳 카드 번호: {{card}} — 감사합니다 {{first}}",
                card=L(g.card(), "CREDIT_CARD"),
                first=per(p.first),
            ),
        ]
    )()


@template("chat_message", 3)
def chat_card_share(g: Fake) -> Frag:
    return fill(
        "use the company amex for the conference tickets: {{card}} exp {{exp}}, billing zip {{zip}}",
        card=L(g.card("amex"), "CREDIT_CARD"),
        exp=f"{g.rint(1, 12):02d}/{g.rint(26, 29)}",
        zip=g.digits(5),
    )


@template("chat_message", 3)
def chat_btc(g: Fake) -> Frag:
    return fill(
        "for the bounty payout send 0.{{amt}} BTC to {{addr}} – thanks {{first}}!",
        amt=g.digits(3),
        addr=L(g.btc(), "CRYPTO"),
        first=per(g.person().first),
    )


@template("chat_message", 3)
def chat_ssn_quick(g: Fake) -> Frag:
    p = g.person()
    return fill("{{name}} SSN for the benefits form: {{ssn}}", name=per(p.full), ssn=L(g.ssn(), "US_SSN"))


@template("chat_message", 3)
def chat_ip_debug(g: Fake) -> Frag:
    return fill(
        "the replica at {{ip1}} is lagging again, primary is {{ip2}} – can you check {{mac}} on the switch?",
        ip1=ip(g.ip_private()),
        ip2=ip(g.ip_private()),
        mac=L(g.mac(), "MAC_ADDRESS"),
    )


# ---- invoices --------------------------------------------------------------------------------


@template("invoice", 3)
def invoice_eu(g: Fake) -> Frag:
    seller_co = g.company()
    buyer = g.person()
    city, country = g.choice(
        [
            c
            for c in CITIES
            if c[1] in ("Germany", "France", "Spain", "the Netherlands", "Italy", "Austria", "Belgium")
        ]
    )
    cc = {
        "Germany": "DE",
        "France": "FR",
        "Spain": "ES",
        "the Netherlands": "NL",
        "Italy": "IT",
        "Austria": "AT",
        "Belgium": "BE",
    }[country]
    net = g.rint(200, 9000)
    return fill(
        """
        INVOICE {{inv}}                                    Date: {{date}}
        {{seller}}
        VAT ID: {{cc}}{{vat}}

        Bill to:
        {{buyer}}
        {{street}}
        {{zip}} {{city}}, {{country}}

        Description                         Qty     Unit price      Total
        Consulting services (March)          1      {{net}}.00 EUR   {{net}}.00 EUR
        VAT 19%                                                      {{vatamt}} EUR
        -------------------------------------------------------------------------
        Total due                                                    {{total}} EUR

        Payment within 30 days to IBAN {{iban}} (BIC {{bic}}).
        Questions: {{email}} · {{phone}}
        """,
        inv=g.invoice_no(),
        date=g.date(),
        seller=seller_co,
        cc=cc,
        vat=g.digits(9),
        buyer=per(buyer.full),
        street=g.street(),
        zip=g.digits(5),
        city=loc(city),
        country=loc(country),
        net=net,
        vatamt=f"{net * 0.19:.2f}",
        total=f"{net * 1.19:.2f}",
        iban=L(g.iban(cc), "IBAN_CODE"),
        bic=g.bic(),
        email=em(g.role_email(g.domain(seller_co))),
        phone=ph(phone_for(g, country)),
    )


@template("invoice", 3)
def invoice_us(g: Fake) -> Frag:
    buyer = g.person()
    co = g.company()
    city, state = g.choice(US_CITIES)
    return fill(
        """
        {{co}} · Invoice #{{num}}
        Bill to: {{buyer}}, {{street}}, {{city}}, {{state}} {{zip}}
        Amount due: ${{amt}}  (due {{date}})

        Pay by ACH:
          Routing number: {{aba}}
          Account number: {{acct}}
        Or by card on file ending {{last4}}.

        Billing questions: {{email}} or {{phone}}
        """,
        co=co,
        num=g.digits(6),
        buyer=per(buyer.full),
        street=g.street(),
        city=loc(city),
        state=loc(state),
        zip=g.digits(5),
        amt=g.money(),
        date=g.date(),
        aba=L(g.aba(), "ABA_ROUTING_NUMBER"),
        acct=g.bank_account(),
        last4=g.digits(4),
        email=em(g.role_email(g.domain(co, "com"))),
        phone=ph(g.phone("us")),
    )


@template("invoice", 3)
def invoice_crypto(g: Fake) -> Frag:
    return fill(
        """
        Invoice {{inv}} – hosting (annual)
        Amount: {{amt}} BTC (≈ ${{usd}})
        Pay to: {{addr}}
        Network: Bitcoin mainnet. Payment is considered received after 3 confirmations.
        Contact: {{email}}
        """,
        inv=g.invoice_no(),
        amt=f"0.{g.digits(4)}",
        usd=g.money(),
        addr=L(g.btc(), "CRYPTO"),
        email=em(g.role_email(g.domain())),
    )


@template("invoice", 3)
def invoice_receipt_card(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        RECEIPT  {{rid}}
        Customer: {{name}}
        Paid with: {{brand}} {{card}}
        Items: {{product}} x1 .... {{price}}
        Thank you for your purchase!
        """,
        rid=g.digits(10),
        name=per(p.full),
        brand=g.choice(["VISA", "Mastercard"]),
        card=L(g.card(g.choice(["visa", "mc"])), "CREDIT_CARD"),
        product=g.choice(PRODUCTS),
        price=g.price(),
    )


# ---- commit messages -------------------------------------------------------------------------


@template("commit_message", 3)
def commit_signed_off(g: Fake) -> Frag:
    a, b = g.people(2)
    return fill(
        """
        commit {{sha}}
        Author: {{a}} <{{ae}}>
        Date:   {{date}}

            fix(billing): round VAT per line item instead of per invoice

            Fixes rounding differences of up to 0.01 on multi-line invoices.

            Signed-off-by: {{a2}} <{{ae2}}>
            Co-authored-by: {{b}} <{{be}}>
        """,
        sha=g.sha1(),
        a=per(a.full),
        ae=em(g.email(a, dom := g.domain())),
        date=g.date(),
        a2=per(a.full),
        ae2=em(g.email(a, dom)),
        b=per(b.full),
        be=em(g.email(b)),
    )


@template("commit_message", 3)
def commit_diff_leak(g: Fake) -> Frag:
    k = g.choice(["stripe", "sg", "slack", "gcp", "twilio"])
    if k == "stripe":
        old, env = L(g.stripe_key(), "STRIPE_KEY"), "STRIPE_KEY"
    elif k == "sg":
        old, env = L(g.sendgrid_key(), "SENDGRID_KEY"), "SENDGRID_API_KEY"
    elif k == "slack":
        old, env = L(g.slack_webhook(), "SLACK_WEBHOOK"), "SLACK_WEBHOOK_URL"
    elif k == "gcp":
        old, env = L(g.gcp_api_key(), "GCP_API_KEY"), "MAPS_API_KEY"
    else:
        old, env = L(g.twilio_api_key(), "TWILIO_KEY"), "TWILIO_API_KEY"
    return fill(
        """
        commit {{sha}}
            chore: read {{env}} from environment

        diff --git a/config/settings.py b/config/settings.py
        index {{i1}}..{{i2}} 100644
        --- a/config/settings.py
        +++ b/config/settings.py
        @@ -12,7 +12,7 @@ DEBUG = False
        -{{env}} = "{{old}}"
        +{{env}} = os.environ["{{env}}"]
        """,
        sha=g.sha1(),
        env=env,
        i1=g.short_sha(),
        i2=g.short_sha(),
        old=old,
    )


# ---- curl ----------------------------------------------------------------------------------


@template("curl_command", 3)
def curl_bearer(g: Fake) -> Frag:
    tok = g.choice([lambda: L(g.jwt(), "JWT"), lambda: L(g.generic_token(40), "GENERIC_SECRET")])()
    return fill(
        """
        curl -X GET 'https://api.{{dom}}/v2/customers?limit=50' \\
          -H 'Authorization: Bearer {{tok}}' \\
          -H 'Accept: application/json'
        """,
        dom=g.domain(tld="com"),
        tok=tok,
    )


@template("curl_command", 3)
def curl_openai(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        curl https://api.openai.com/v1/chat/completions \\
          -H "Content-Type: application/json" \\
          -H "Authorization: Bearer {{key}}" \\
          -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Write a polite reminder to {{name}} about invoice {{inv}}"}]}'
        """,
        key=L(g.openai_key(), "OPENAI_API_KEY"),
        name=per(p.full),
        inv=g.invoice_no(),
    )


@template("curl_command", 3)
def curl_basic_auth(g: Fake) -> Frag:
    user = g.choice(["admin", "ci", "jenkins-bot", "metrics"])
    pw = g.password("shell").replace("'", "")
    if g.chance(0.5):
        return fill(
            "curl -s -u {{user}}:'{{pw}}' https://grafana.{{dom}}/api/dashboards/home | jq .",
            user=user,
            pw=L(pw, "PASSWORD"),
            dom=g.domain(tld="com"),
        )
    basic = base64.b64encode(f"{user}:{pw}".encode()).decode()
    return fill(
        """
        curl 'https://jira.{{dom}}/rest/api/2/search?jql=project=OPS' \\
          -H 'Authorization: Basic {{basic}}'
        """,
        dom=g.domain(tld="com"),
        basic=L(basic, "GENERIC_SECRET"),
    )


@template("curl_command", 3)
def curl_slack_webhook(g: Fake) -> Frag:
    return fill(
        """
        curl -X POST -H 'Content-type: application/json' \\
          --data '{"text":"Deploy {{ver}} finished :white_check_mark:"}' \\
          {{hook}}
        """,
        ver=g.version(3),
        hook=L(g.slack_webhook(), "SLACK_WEBHOOK"),
    )


@template("curl_command", 3)
def curl_sendgrid(g: Fake) -> Frag:
    p = g.person()
    return fill(
        """
        curl --request POST --url https://api.sendgrid.com/v3/mail/send \\
          --header 'Authorization: Bearer {{key}}' \\
          --header 'Content-Type: application/json' \\
          --data '{"personalizations":[{"to":[{"email":"{{to}}"}]}],"from":{"email":"{{from_}}"},"subject":"Your order","content":[{"type":"text/plain","value":"Hi"}]}'
        """,
        key=L(g.sendgrid_key(), "SENDGRID_KEY"),
        to=em(g.email(p)),
        from_=em(f"orders@{g.domain()}"),
    )


@template("curl_command", 3)
def curl_with_credentials_url(g: Fake) -> Frag:
    return fill("curl -fsSL {{url}} -o artifact.tgz", url=L(g.conn_string("https"), "CONNECTION_STRING"))


# ---- docker compose ------------------------------------------------------------------------


@template("docker_compose", 3)
def compose_stack(g: Fake) -> Frag:
    return fill(
        """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: {{user}}
              POSTGRES_PASSWORD: {{pw1}}
              POSTGRES_DB: {{db}}
          rabbit:
            image: rabbitmq:3-management
            environment:
              RABBITMQ_DEFAULT_USER: app
              RABBITMQ_DEFAULT_PASS: "{{pw2}}"
          api:
            build: .
            environment:
              - DATABASE_URL={{dburl}}
              - AMQP_URL={{amqp}}
            ports:
              - "8080:8080"
        """,
        user=g.db_user(),
        pw1=L(g.password("env"), "PASSWORD"),
        db=g.db_name(),
        pw2=L(g.password("env"), "PASSWORD"),
        dburl=L(g.conn_string("pg"), "CONNECTION_STRING"),
        amqp=L(g.conn_string("amqp"), "CONNECTION_STRING"),
    )


@template("docker_compose", 3)
def compose_with_keys(g: Fake) -> Frag:
    return fill(
        """
        version: "3.9"
        services:
          minio:
            image: minio/minio:RELEASE.2024-03-15T01-07-19Z
            command: server /data --console-address ":9001"
            environment:
              MINIO_ROOT_USER: minioadmin
              MINIO_ROOT_PASSWORD: {{pw}}
          uploader:
            image: ghcr.io/{{org}}/uploader:latest
            environment:
              AWS_ACCESS_KEY_ID: {{akid}}
              AWS_SECRET_ACCESS_KEY: {{secret}}
              MYSQL_ROOT_PASSWORD: {{pw2}}
        """,
        pw=L(g.password("env"), "PASSWORD"),
        org=g.choice(["helix-dyn", "quantix"]),
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        pw2=L(g.password("env"), "PASSWORD"),
    )


# ---- kubernetes ----------------------------------------------------------------------------


@template("k8s_manifest", 4)
def k8s_secret_stringdata(g: Fake) -> Frag:
    return fill(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{app}}-credentials
          namespace: {{ns}}
        type: Opaque
        stringData:
          DB_PASSWORD: "{{pw}}"
          STRIPE_API_KEY: "{{stripe}}"
          GITHUB_TOKEN: "{{gh}}"
        """,
        app=g.choice(["billing", "orders", "api"]),
        ns=g.choice(["prod", "payments", "default"]),
        pw=L(g.password("yaml"), "PASSWORD"),
        stripe=L(g.stripe_key(), "STRIPE_KEY"),
        gh=L(g.github_token(), "GITHUB_TOKEN"),
    )


@template("k8s_manifest", 4)
def k8s_deployment_env(g: Fake) -> Frag:
    return fill(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: notifier
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: notifier
                  image: registry.internal/notifier@sha256:{{digest}}
                  env:
                    - name: SLACK_BOT_TOKEN
                      value: "{{slack}}"
                    - name: SENDGRID_API_KEY
                      value: "{{sg}}"
                    - name: REDIS_URL
                      value: "{{redis}}"
        """,
        digest=g.sha256(),
        slack=L(g.slack_token(), "SLACK_TOKEN"),
        sg=L(g.sendgrid_key(), "SENDGRID_KEY"),
        redis=L(g.conn_string("redis"), "CONNECTION_STRING"),
    )


@template("k8s_manifest", 3)
def k8s_secret_data_b64(g: Fake) -> Frag:
    pw = g.password("yaml")
    tok = g.generic_token(40)
    return fill(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: app-db
        type: Opaque
        data:
          username: {{u}}
          password: {{pw}}
          api-token: {{tok}}
        """,
        u=base64.b64encode(g.db_user().encode()).decode(),
        pw=L(base64.b64encode(pw.encode()).decode(), "PASSWORD"),
        tok=L(base64.b64encode(tok.encode()).decode(), "GENERIC_SECRET"),
    )


@template("k8s_manifest", 3)
def k8s_tls_secret(g: Fake) -> Frag:
    return fill(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: ingress-tls
        type: kubernetes.io/tls
        stringData:
          tls.key: |
            {{key}}
        """,
        key=L(g.private_key("RSA", indent="    "), "PRIVATE_KEY"),
    )


# ---- terraform -----------------------------------------------------------------------------


@template("terraform", 3)
def tf_provider_hardcoded(g: Fake) -> Frag:
    return fill(
        """
        provider "aws" {
          region     = "eu-west-1"
          access_key = "{{akid}}"
          secret_key = "{{secret}}"
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "app-logs-{{n}}"
        }
        """,
        akid=L(g.aws_access_key(), "AWS_ACCESS_KEY"),
        secret=L(g.aws_secret_key(), "AWS_SECRET_KEY"),
        n=g.digits(6),
    )


@template("terraform", 3)
def tf_rds(g: Fake) -> Frag:
    return fill(
        """
        resource "aws_db_instance" "main" {
          identifier          = "orders-prod"
          engine              = "postgres"
          engine_version      = "16.2"
          instance_class      = "db.r6g.large"
          username            = "{{user}}"
          password            = "{{pw}}"
          skip_final_snapshot = false
        }
        """,
        user=g.db_user(),
        pw=L(g.password("json"), "PASSWORD"),
    )


@template("terraform", 3)
def tf_tfvars(g: Fake) -> Frag:
    return fill(
        """
        # terraform.tfvars (prod)
        cloudflare_api_token = "{{cf}}"
        github_token         = "{{gh}}"
        db_password          = "{{pw}}"
        alert_email          = "{{email}}"
        azure_storage_key    = "{{az}}"
        """,
        cf=L(g.generic_token(40, ALNUM + "_-"), "GENERIC_SECRET"),
        gh=L(g.github_token(), "GITHUB_TOKEN"),
        pw=L(g.password("json"), "PASSWORD"),
        email=em(g.email(g.person(), g.domain())),
        az=L(g.azure_storage_key(), "AZURE_STORAGE_KEY"),
    )


@template("terraform", 3)
def tf_azure(g: Fake) -> Frag:
    return fill(
        """
        resource "azurerm_app_service" "api" {
          name                = "api-prod"
          app_settings = {
            "STORAGE_CONNECTION" = "{{conn}}"
            "GITLAB_TOKEN"       = "{{gl}}"
          }
        }
        """,
        conn=L(g.azure_conn(), "AZURE_CONNECTION_STRING"),
        gl=L(g.gitlab_token(), "GITLAB_TOKEN"),
    )


# ---- readme snippets with a real value left in ---------------------------------------------


@template("readme", 3)
def readme_quickstart_leak(g: Fake) -> Frag:
    return fill(
        """
        ## Quickstart

        1. Copy `.env.example` to `.env`.
        2. For local testing you can use the shared sandbox key:

           ```
           export PYPI_TOKEN={{pypi}}
           export HF_TOKEN={{hf}}
           ```

        3. Run `make dev` and open http://localhost:3000.
        """,
        pypi=L(g.pypi_token(), "PYPI_TOKEN"),
        hf=L(g.hf_token(), "HUGGINGFACE_TOKEN"),
    )


@template("readme", 3)
def readme_contacts(g: Fake) -> Frag:
    a, b = g.people(2)
    return fill(
        """
        ## Maintainers

        | Area        | Owner                | Contact |
        |-------------|----------------------|---------|
        | Backend     | {{a}}                | {{ae}} |
        | Mobile      | {{b}}                | {{be}} |

        On-call escalation: {{phone}} (24/7).
        """,
        a=per(a.full),
        ae=em(g.email(a, g.domain())),
        b=per(b.full),
        be=em(g.email(b, g.domain())),
        phone=ph(g.phone()),
    )


@template("readme", 3)
def readme_deepseek_gitlab(g: Fake) -> Frag:
    return fill(
        """
        ### Running the evaluation

        ```bash
        export DEEPSEEK_API_KEY={{ds}}
        git clone {{url}}
        python -m evals.run --model deepseek-chat
        ```
        """,
        ds=L(g.deepseek_key(), "DEEPSEEK_API_KEY"),
        url=L(
            f"https://oauth2:{g.gitlab_token()}@gitlab.com/{g.choice(['helix-ml', 'quantix'])}/evals.git",
            "CONNECTION_STRING",
        ),
    )


# ---- more national identifiers ----------------------------------------------------------------


@template("json_config", 4)
def json_payroll_export_eu(g: Fake) -> Frag:
    items: list[Frag | str] = []
    for _ in range(g.rint(2, 4)):
        cc = g.choice(["DE", "FR", "ES", "GB", "IT"])
        if cc == "DE":
            p = de_person(g)
            tid = L(g.de_tax_id(spaced=False), "DE_TAX_ID")
        elif cc == "FR":
            p = fr_person(g)
            tid = L(g.fr_nir(spaced=False), "FR_NIR")
        elif cc == "ES":
            p = es_person(g)
            tid = L(g.es_nif(), "ES_NIF")
        elif cc == "GB":
            p = g.person()
            tid = L(g.nino(spaced=False), "UK_NINO")
        else:
            female = g.chance(0.5)
            p = Person(
                g.choice(["Giulia", "Chiara", "Sara"] if female else ["Marco", "Lorenzo", "Davide"]),
                g.choice(IT_LAST),
                0,
            )
            tid = L(g.it_fiscal_code(p, female), "IT_FISCAL_CODE")
        items.append(
            cat(
                '    {"employee": "',
                per(p.full),
                f'", "country": "{cc}", "tax_id": "',
                tid,
                '", "iban": "',
                L(g.iban(cc if cc != "GB" else "GB", spaced=False), "IBAN_CODE"),
                f'", "gross": {g.rint(2500, 9000)}}}',
            )
        )
    return fill(
        """
        {
          "period": "{{period}}",
          "entity": "{{co}}",
          "employees": [
        {{items}}
          ]
        }
        """,
        period=f"{g.rint(2023, 2025)}-{g.rint(1, 12):02d}",
        co=g.company(),
        items=join(items, ",\n"),
    )


@template("hr_note", 3)
def hr_relocation_germany(g: Fake) -> Frag:
    p = g.person()
    city = g.choice(["Berlin", "Munich", "Hamburg", "Frankfurt"])
    return fill(
        """
        Relocation file – {{name}}
        Moving to our {{city}} office on {{date}}. Registration (Anmeldung) done.
        German tax ID (Steuer-ID): {{tax}}
        New salary account: {{iban}}
        Local mobile: {{phone}}
        Payroll to switch from the UK entity after the {{month}} run.
        """,
        name=per(p.full),
        city=loc(city),
        date=g.date(),
        tax=L(g.de_tax_id(), "DE_TAX_ID"),
        iban=L(g.iban("DE"), "IBAN_CODE"),
        phone=ph(g.phone("de")),
        month=g.choice(["March", "June", "September"]),
    )


@template("customer_email", 3)
def email_fr_mutuelle(g: Fake) -> Frag:
    p = fr_person(g)
    hr = g.person()
    return fill(
        """
        Subject: Health insurance enrolment for {{name}}

        Hi {{hr_first}},

        for the French top-up insurance we need the employee's social security number. {{first}} sent it today:
        {{nir}}. Could you add it to the enrolment form and send it to the broker? Please don't forward this email.

        Thanks
        {{sender}}
        """,
        name=per(p.full),
        hr_first=per(hr.first),
        first=per(p.first),
        nir=L(g.fr_nir(), "FR_NIR"),
        sender=per(g.person().full),
    )


@template("csv_export", 3, lang="es")
def es_csv_autonomos(g: Fake) -> Frag:
    rows: list[Frag | str] = ["nombre;nif;iban;ciudad;importe"]
    for _ in range(g.rint(3, 7)):
        p = es_person(g)
        rows.append(
            cat(
                per(p.full),
                ";",
                L(g.es_nif(), "ES_NIF"),
                ";",
                L(g.iban("ES", spaced=False), "IBAN_CODE"),
                ";",
                loc(g.choice(ES_CITIES)),
                f";{g.rint(300, 4000)},{g.rint(0, 99):02d}",
            )
        )
    return join(rows)


@template("csv_export", 3, lang="de")
def de_csv_mitarbeiter(g: Fake) -> Frag:
    rows: list[Frag | str] = ["Personalnr;Name;Steuer-ID;Telefon;Standort"]
    for _ in range(g.rint(3, 6)):
        p = de_person(g)
        rows.append(
            cat(
                f"{g.digits(5)};",
                per(p.full),
                ";",
                L(g.de_tax_id(), "DE_TAX_ID"),
                ";",
                ph(g.phone("de", national=True)),
                ";",
                loc(g.choice(DE_CITIES)),
            )
        )
    return join(rows)


@template("hr_note", 3, lang="fr")
def fr_note_paie(g: Fake) -> Frag:
    p, q = fr_person(g), fr_person(g)
    return fill(
        """
        Note paie – {{month}}
        Nouvelle salariée : {{name}}, NIR {{nir}}, affectée à l'agence de {{city}}.
        Départ : {{name2}} (solde de tout compte à virer sur {{iban}}).
        Contact service paie : {{email}}
        """,
        month=g.choice(["janvier", "mars", "juin", "octobre"]),
        name=per(p.full),
        nir=L(g.fr_nir(), "FR_NIR"),
        city=loc(g.choice(FR_CITIES)),
        name2=per(q.full),
        iban=L(g.iban("FR"), "IBAN_CODE"),
        email=em(g.role_email(g.domain(tld="fr"))),
    )


# ---- German / French / Spanish positives ---------------------------------------------------


def de_person(g: Fake) -> Person:
    p = g.person(DE_FIRST, DE_LAST)
    p.lang = "de"
    return p


def fr_person(g: Fake) -> Person:
    p = g.person(FR_FIRST, FR_LAST)
    p.lang = "fr"
    return p


def es_person(g: Fake) -> Person:
    p = g.person(ES_FIRST, ES_LAST)
    p.lang = "es"
    return p


@template("customer_email", 4, lang="de")
def de_kundenmail(g: Fake) -> Frag:
    p = de_person(g)
    city = g.choice(DE_CITIES)
    return fill(
        """
        Betreff: Reklamation Bestellung {{order}}

        Sehr geehrte Damen und Herren,

        leider ist meine Lieferung beschädigt bei mir in {{city}} angekommen. Ich bitte um Erstattung des Betrags
        auf folgendes Konto:

        IBAN: {{iban}}
        Kontoinhaber: {{name}}

        Sie erreichen mich telefonisch unter {{phone}} (werktags ab 17 Uhr) oder per E-Mail an {{email}}.

        Mit freundlichen Grüßen
        {{name2}}
        {{street}}
        {{plz}} {{city2}}
        """,
        order=g.order_no(),
        city=loc(city),
        iban=L(g.iban("DE"), "IBAN_CODE"),
        name=per(p.full),
        phone=ph(g.phone("de", national=g.chance(0.7))),
        email=em(g.email(p)),
        name2=per(p.full),
        street=g.street(DE_STREETS),
        plz=g.digits(5),
        city2=loc(city),
    )


@template("hr_note", 4, lang="de")
def de_personalakte(g: Fake) -> Frag:
    p = de_person(g)
    return fill(
        """
        Personalstammblatt – vertraulich
        Name: {{name}}
        Geburtsort: {{gebort}}
        Steuer-ID: {{taxid}}
        Bankverbindung: {{iban}}
        Telefon privat: {{phone}}
        E-Mail privat: {{email}}
        Eintritt: {{date}}, Standort {{city}}
        Bemerkung: Arbeitsvertrag unterschrieben zurück, Steuerklasse 1, keine Kinder.
        """,
        name=per(p.full),
        gebort=loc(g.choice(DE_CITIES)),
        taxid=L(g.de_tax_id(), "DE_TAX_ID"),
        iban=L(g.iban(g.choice(["DE", "DE", "AT"])), "IBAN_CODE"),
        phone=ph(g.phone("de", national=True)),
        email=em(g.email(p)),
        date=g.date_eu(),
        city=loc(g.choice(DE_CITIES)),
    )


@template("support_ticket", 3, lang="de")
def de_ticket(g: Fake) -> Frag:
    p, agent = de_person(g), de_person(g)
    return fill(
        """
        Ticket {{tid}} – Rückrufbitte
        Kunde {{name}} aus {{city}} bittet um Rückruf unter {{phone}}. Die Rechnung {{inv}} wurde laut Kunde doppelt
        abgebucht. Kundennummer {{kdnr}}. Bitte Gutschrift prüfen und Bestätigung an {{email}} senden.
        Bearbeiter: {{agent}}
        """,
        tid=g.ticket_no(),
        name=per(p.full),
        city=loc(g.choice(DE_CITIES)),
        phone=ph(g.phone("de", national=True)),
        inv=g.invoice_no(),
        kdnr=g.digits(8),
        email=em(g.email(p)),
        agent=per(agent.full),
    )


@template("chat_message", 3, lang="de")
def de_chat(g: Fake) -> Frag:
    p, q = de_person(g), de_person(g)
    return g.choice(
        [
            lambda: fill(
                "Hi {{first}}, kannst du {{name}} die neue Durchwahl {{phone}} geben? Danke!",
                first=per(q.first),
                name=per(p.full),
                phone=ph(g.phone("de", national=True)),
            ),
            lambda: fill(
                "Die Steuer-ID von {{name}} ist {{tax}}, bitte noch im Lohnprogramm nachtragen.",
                name=per(p.full),
                tax=L(g.de_tax_id(), "DE_TAX_ID"),
            ),
            lambda: fill(
                "Zugang fürs Testsystem: Benutzer admin, Passwort {{pw}} – bitte nicht weitergeben 🙈",
                pw=L(g.password("any"), "PASSWORD"),
            ),
        ]
    )()


@template("meeting_notes", 2, lang="de")
def de_protokoll(g: Fake) -> Frag:
    a, b = de_person(g), de_person(g)
    return fill(
        """
        Protokoll Jour fixe {{date}}
        Teilnehmende: {{a}}, {{b}}
        1. Umzug des Lagers nach {{city}} verschiebt sich auf Q3.
        2. {{b_first}} klärt die Steuer-ID-Abfrage für neue Mitarbeitende mit dem Steuerbüro.
        3. Nächster Termin: {{date2}}
        """,
        date=g.date_eu(),
        a=per(a.full),
        b=per(b.full),
        city=loc(g.choice(DE_CITIES)),
        b_first=per(b.first),
        date2=g.date_eu(),
    )


@template("customer_email", 4, lang="fr")
def fr_email_client(g: Fake) -> Frag:
    p = fr_person(g)
    city = g.choice(FR_CITIES)
    return fill(
        """
        Objet : Demande de remboursement – commande {{order}}

        Bonjour,

        Je vous contacte au sujet de ma commande livrée à {{city}} le {{date}} : l'article était défectueux.
        Merci d'effectuer le remboursement sur mon compte {{iban}}.
        Vous pouvez me joindre au {{phone}} ou par e-mail à {{email}}.

        Cordialement,
        {{name}}
        """,
        order=g.order_no(),
        city=loc(city),
        date=g.date_eu().replace(".", "/"),
        iban=L(g.iban("FR"), "IBAN_CODE"),
        phone=ph(g.phone("fr", national=g.chance(0.7))),
        email=em(g.email(p)),
        name=per(p.full),
    )


@template("hr_note", 4, lang="fr")
def fr_fiche_salarie(g: Fake) -> Frag:
    p = fr_person(g)
    city = g.choice(FR_CITIES)
    return fill(
        """
        Fiche salarié – confidentiel
        Nom : {{name}}
        N° de sécurité sociale : {{nir}}
        IBAN : {{iban}}
        Téléphone : {{phone}}
        Adresse : {{street}}, {{zip}} {{city}}
        Date d'entrée : {{date}}
        Remarque : mutuelle à activer, visite médicale d'embauche à planifier.
        """,
        name=per(p.full),
        nir=L(g.fr_nir(), "FR_NIR"),
        iban=L(g.iban("FR"), "IBAN_CODE"),
        phone=ph(g.phone("fr", national=True)),
        street=f"{g.rint(1, 120)} {g.choice(FR_STREETS)}",
        zip=g.digits(5),
        city=loc(city),
        date=g.date_eu().replace(".", "/"),
    )


@template("support_ticket", 3, lang="fr")
def fr_ticket(g: Fake) -> Frag:
    p, agent = fr_person(g), fr_person(g)
    return fill(
        """
        Ticket {{tid}} – client bloqué
        Le client {{name}} ({{email}}) n'arrive plus à se connecter depuis la mise à jour. Adresse IP vue dans les
        journaux : {{ip}}. Il demande à être rappelé au {{phone}}.
        Pris en charge par {{agent}}.
        """,
        tid=g.ticket_no(),
        name=per(p.full),
        email=em(g.email(p)),
        ip=ip(g.ip_public()),
        phone=ph(g.phone("fr", national=True)),
        agent=per(agent.full),
    )


@template("chat_message", 3, lang="fr")
def fr_chat(g: Fake) -> Frag:
    p = fr_person(g)
    return g.choice(
        [
            lambda: fill(
                "Salut {{first}} ! Le numéro de sécu de {{name}} pour le dossier mutuelle : {{nir}}",
                first=per(fr_person(g).first),
                name=per(p.full),
                nir=L(g.fr_nir(), "FR_NIR"),
            ),
            lambda: fill(
                "Tu peux rappeler {{name}} au {{phone}} ? Elle est à {{city}} cette semaine.",
                name=per(p.full),
                phone=ph(g.phone("fr", national=True)),
                city=loc(g.choice(FR_CITIES)),
            ),
            lambda: fill("clé API de prod (à changer !) : {{key}}", key=L(g.openai_key(), "OPENAI_API_KEY")),
        ]
    )()


@template("customer_email", 4, lang="es")
def es_correo_cliente(g: Fake) -> Frag:
    p = es_person(g)
    city = g.choice(ES_CITIES)
    return fill(
        """
        Asunto: Factura con datos incorrectos

        Buenos días:

        En la factura {{inv}} aparece mal mi NIF. El correcto es {{nif}}. Les ruego que emitan una factura
        rectificativa y la envíen a {{email}}. Mi dirección es {{street}}, {{zip}} {{city}}.
        Para cualquier duda, mi teléfono es el {{phone}}.

        Un saludo,
        {{name}}
        """,
        inv=g.invoice_no(),
        nif=L(g.es_nif(), "ES_NIF"),
        email=em(g.email(p)),
        street=f"{g.choice(ES_STREETS)} {g.rint(1, 90)}",
        zip=g.digits(5),
        city=loc(city),
        phone=ph(g.phone("es", national=g.chance(0.6))),
        name=per(p.full),
    )


@template("hr_note", 4, lang="es")
def es_ficha_empleado(g: Fake) -> Frag:
    p = es_person(g)
    return fill(
        """
        Ficha de empleado (confidencial)
        Nombre: {{name}}
        DNI/NIF: {{nif}}
        IBAN para nómina: {{iban}}
        Teléfono móvil: {{phone}}
        Correo personal: {{email}}
        Centro de trabajo: {{city}}
        Fecha de alta: {{date}}
        """,
        name=per(p.full),
        nif=L(g.es_nif(), "ES_NIF"),
        iban=L(g.iban("ES"), "IBAN_CODE"),
        phone=ph(g.phone("es", national=g.chance(0.5))),
        email=em(g.email(p)),
        city=loc(g.choice(ES_CITIES)),
        date=g.date_eu().replace(".", "/"),
    )


@template("support_ticket", 3, lang="es")
def es_ticket(g: Fake) -> Frag:
    p, agent = es_person(g), es_person(g)
    return fill(
        """
        Incidencia {{tid}}: el cliente {{name}} de {{city}} no recibe los SMS de verificación en el {{phone}}.
        Se ha comprobado que el número es correcto. Escalado a {{agent}}. Respuesta al cliente por correo: {{email}}
        """,
        tid=g.ticket_no(),
        name=per(p.full),
        city=loc(g.choice(ES_CITIES)),
        phone=ph(g.phone("es")),
        agent=per(agent.full),
        email=em(g.email(p)),
    )


@template("chat_message", 3, lang="es")
def es_chat(g: Fake) -> Frag:
    p = es_person(g)
    return g.choice(
        [
            lambda: fill(
                "¿Me pasas el NIF de {{name}}? Creo que es {{nif}} pero no estoy seguro",
                name=per(p.full),
                nif=L(g.es_nif(), "ES_NIF"),
            ),
            lambda: fill(
                "Hola {{first}} 👋 la contraseña del wifi de la oficina de {{city}} es {{pw}}",
                first=per(p.first),
                city=loc(g.choice(ES_CITIES)),
                pw=L(g.password("any"), "PASSWORD"),
            ),
            lambda: fill(
                "transferencia a {{iban}} a nombre de {{name}}, concepto: reembolso",
                iban=L(g.iban("ES"), "IBAN_CODE"),
                name=per(p.full),
            ),
        ]
    )()


# =============================================================================================
# NEGATIVE TEMPLATES: nothing sensitive, but plenty that looks like it
# =============================================================================================

COMMIT_SUBJECTS = [
    "fix(api): handle null first_name in PersonSerializer",
    "feat: add retry with jitter to WebhookDispatcher",
    "chore(deps): bump urllib3 from 2.2.1 to 2.2.2",
    "refactor: extract AddressFormatter from CustomerService",
    "test: cover expired token path in AuthMiddleware",
    "docs: explain password_min_length setting",
    "perf: cache getUserName lookups per request",
    "ci: pin actions to commit SHAs",
    "fix: JohnsonFilter drops empty rows",
    'revert: "feat: enable new checkout"',
    "build: switch base image to distroless",
    "fix(ui): phone input mask for +1 numbers",
    "feat(export): add iban column to CSV export",
    "chore: remove unused Smith_Parser module",
    "fix: off-by-one in paginate()",
]


@neg("code_python", 5)
def neg_py_uuid_models(g: Fake) -> str:
    return fill(
        """
        import uuid
        from dataclasses import dataclass, field


        @dataclass
        class Order:
            id: uuid.UUID = field(default_factory=uuid.uuid4)
            customer_id: uuid.UUID | None = None
            first_name: str = ""
            last_name: str = ""


        def test_order_roundtrip():
            o = Order(id=uuid.UUID("{{u1}}"), customer_id=uuid.UUID("{{u2}}"))
            assert str(o.id) == "{{u1}}"
            assert Order.from_json(o.to_json()).customer_id.hex == "{{hex}}"
        """,
        u1=g.uuid(),
        u2=(u2 := g.uuid()),
        hex=u2.replace("-", ""),
    ).text


@neg("commit_message", 6)
def neg_git_log_oneline(g: Fake) -> str:
    lines = [f"{g.short_sha()[:7]} {s}" for s in g.sample(COMMIT_SUBJECTS, g.rint(6, 12))]
    return "$ git log --oneline -n 12\n" + "\n".join(lines)


@neg("docker_compose", 5)
def neg_compose_digests(g: Fake) -> str:
    return fill(
        """
        services:
          api:
            image: ghcr.io/{{org}}/api@sha256:{{d1}}
            env_file: .env
            environment:
              DATABASE_URL: postgres://${DB_USER}:${DB_PASSWORD}@db:5432/${DB_NAME}
              REDIS_URL: redis://cache:6379/0
          db:
            image: postgres@sha256:{{d2}}
            environment:
              POSTGRES_PASSWORD_FILE: /run/secrets/db_password
            secrets:
              - db_password
        secrets:
          db_password:
            file: ./secrets/db_password.txt
        """,
        org=g.choice(["acme", "orbital"]),
        d1=g.sha256(),
        d2=g.sha256(),
    ).text


@neg("k8s_manifest", 4)
def neg_k8s_deploy_refs(g: Fake) -> str:
    return fill(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{app}}
          labels: {app: {{app}}, version: "{{ver}}"}
        spec:
          replicas: 3
          template:
            metadata:
              annotations:
                checksum/config: {{cs}}
            spec:
              containers:
                - name: {{app}}
                  image: registry.internal/{{app}}@sha256:{{digest}}
                  env:
                    - name: DB_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: {{app}}-db, key: password}
                    - name: API_TOKEN
                      valueFrom:
                        secretKeyRef: {name: {{app}}-api, key: token}
                  resources:
                    limits: {cpu: 500m, memory: 512Mi}
        """,
        app=g.choice(["checkout", "search", "ledger"]),
        ver=g.version(3),
        cs=g.sha256(),
        digest=g.sha256(),
    ).text


@neg("json_config", 5)
def neg_package_lock(g: Fake) -> str:
    pkgs = g.sample(
        ["lodash", "axios", "react", "zod", "dayjs", "uuid", "express", "chalk", "commander", "semver"], 3
    )
    entries = []
    for p in pkgs:
        v = g.version(3)
        entries.append(
            f'    "node_modules/{p}": {{\n      "version": "{v}",\n      "resolved": "https://registry.npmjs.org/{p}/-/{p}-{v}.tgz",\n'
            f'      "integrity": "sha512-{g.b64blob(64)}",\n      "license": "MIT"\n    }}'
        )
    return (
        '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {\n' + ",\n".join(entries) + "\n  }\n}"
    )


@neg("code_js", 5)
def neg_js_data_uri(g: Fake) -> str:
    cfg = base64.b64encode(
        json.dumps({"theme": g.choice(["dark", "light"]), "lang": "en", "beta": False}).encode()
    ).decode()
    return fill(
        """
        // inline assets so the widget works offline
        export const LOGO = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{{blob}}";
        export const DEFAULTS = JSON.parse(atob("{{cfg}}"));
        export const BUILD_ID = "{{build}}";
        """,
        blob=g.b64blob(120),
        cfg=cfg,
        build=g.sha1(),
    ).text


@neg("code_python", 5)
def neg_py_hashlib(g: Fake) -> str:
    return fill(
        """
        >>> import hashlib
        >>> hashlib.md5(b"report-2024-03.csv").hexdigest()
        '{{md5}}'
        >>> hashlib.sha256(open("model.onnx", "rb").read()).hexdigest()
        '{{sha}}'
        >>> hashlib.sha1(b"").hexdigest()
        'da39a3ee5e6b4b0d3255bfef95601890afd80709'
        """,
        md5=g.md5(),
        sha=g.sha256(),
    ).text


@neg("env_file", 6)
def neg_env_example(g: Fake) -> str:
    return g.choice(
        [
            """# .env.example – copy to .env and fill in
OPENAI_API_KEY=your-api-key
ANTHROPIC_API_KEY=<your-anthropic-key>
DATABASE_URL=postgres://user:password@localhost:5432/app
SECRET_KEY=
SENTRY_DSN=
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""",
            """# Required
STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx
SLACK_BOT_TOKEN=xoxb-your-bot-token
GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# Optional
LOG_LEVEL=debug
FEATURE_NEW_CHECKOUT=false""",
            """DB_HOST=localhost
DB_PORT=5432
DB_USER=postgres
DB_PASSWORD=
REDIS_PASSWORD=
HF_TOKEN=hf_xxx
OPENAI_API_KEY=sk-...
MAX_WORKERS=4""",
            """# see docs/configuration.md
API_KEY=<token>
API_SECRET=<secret>
WEBHOOK_SECRET=${WEBHOOK_SECRET}
SMTP_PASSWORD=********
ADMIN_EMAIL=admin@example.com""",
        ]
    )


@neg("env_file", 5)
def neg_env_refs(g: Fake) -> str:
    return fill(
        """
        DB_USER=${POSTGRES_USER}
        DB_PASSWORD=${POSTGRES_PASSWORD:?must be set}
        DATABASE_URL=postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST:-localhost}:5432/${DB_NAME}
        JWT_SECRET=${JWT_SECRET}
        OPENAI_API_KEY=$(cat /run/secrets/openai_api_key)
        CACHE_TTL_SECONDS={{ttl}}
        BUILD_SHA={{sha}}
        """,
        ttl=g.choice([60, 300, 3600]),
        sha=g.sha1(),
    ).text


@neg("code_python", 5)
def neg_py_os_environ(g: Fake) -> str:
    return g.choice(
        [
            """import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
API_TOKEN = os.getenv("API_TOKEN", "")
secret_key = os.environ.get("SECRET_KEY")

def get_conn():
    return psycopg.connect(host=os.environ["DB_HOST"], user="app", password=DB_PASSWORD)""",
            """from getpass import getpass

username = input("Username: ")
password = getpass("Password: ")
token = keyring.get_password("jira", username)
client = Jira(url=JIRA_URL, username=username, password=password)""",
            """class Settings(BaseSettings):
    database_url: PostgresDsn
    redis_password: SecretStr = SecretStr("")
    openai_api_key: SecretStr
    model_config = SettingsConfigDict(env_file=".env", secrets_dir="/run/secrets")""",
            """def rotate(client, secret_id: str) -> None:
    new_password = secrets.token_urlsafe(32)
    client.put_secret_value(SecretId=secret_id, SecretString=new_password)
    log.info("rotated %s (len=%d)", secret_id, len(new_password))""",
        ]
    )


@neg("yaml_config", 5)
def neg_yaml_helm_values(g: Fake) -> str:
    return fill(
        """
        # values.yaml
        image:
          repository: registry.internal/{{app}}
          tag: "{{ver}}"
        database:
          host: postgres.{{ns}}.svc.cluster.local
          user: app
          password: "{{ .Values.global.dbPassword }}"
          existingSecret: {{app}}-db
        auth:
          jwtSecret: ${JWT_SECRET}
          apiKey: ""
        ingress:
          enabled: true
          hosts: [{{app}}.example.com]
        """,
        app=g.choice(["checkout", "ledger", "search"]),
        ver=g.version(3),
        ns=g.choice(["prod", "staging"]),
    ).text


@neg("app_log", 6)
def neg_json_redacted_logs(g: Fake) -> str:
    lines = []
    for _ in range(g.rint(3, 6) if g.chance(0.6) else g.rint(8, 12)):
        lines.append(
            json.dumps(
                {
                    "ts": g.ts(),
                    "level": g.choice(["info", "warn"]),
                    "msg": g.choice(["login attempt", "token refresh", "config loaded", "request"]),
                    "request_id": g.uuid(),
                    "user_id": f"usr_{g.rs(ALNUM, 16)}",
                    "password": "<redacted>",
                    "authorization": "Bearer [FILTERED]",
                    "api_key": "***",
                    "duration_ms": g.rint(1, 900),
                }
            )
        )
    return "\n".join(lines)


@neg("app_log", 5)
def neg_log_masked_cards(g: Fake) -> str:
    lines = []
    for _ in range(g.rint(3, 6)):
        last4 = g.digits(4)
        masked = g.choice(
            [
                f"**** **** **** {last4}",
                f"{g.choice(['4', '5'])}{g.digits(5)}******{last4}",
                f"XXXX-XXXX-XXXX-{last4}",
            ]
        )
        lines.append(
            f"{g.ts()} INFO charge ok pm=pm_{g.rs(ALNUM, 24)} card={masked} amount={g.rint(100, 50000)} auth_code={g.rs(UPPER + DIGITS, 6)}"
        )
    return "\n".join(lines)


@neg("readme", 6)
def neg_test_cards_doc(g: Fake) -> str:
    return fill(
        """
        ## Testing payments

        Use these test card numbers in the sandbox (any future expiry, any CVC):

        | Brand      | Number              | Result  |
        |------------|---------------------|---------|
        | Visa       | 4242 4242 4242 4242 | success |
        | Visa       | 4111 1111 1111 1111 | success |
        | Mastercard | 5555 5555 5555 4444 | success |

        The sandbox key looks like `{{tk}}`; never use a live key in tests.
        """,
        tk=g.stripe_test_key(),
    ).text


@neg("invoice", 5)
def neg_luhn_fail_refs(g: Fake) -> str:
    return fill(
        """
        SHIPPING MANIFEST {{date}}
        Consignment no.:   {{c1}}
        Booking reference: {{c2}}
        Container:         MSCU{{cont}}
        Pallets: {{pal}}   Gross weight: {{kg}} kg
        Customs entry:     {{c3}}
        Carrier tracking:  {{trk}}
        """,
        date=g.date(),
        c1=g.luhn_fail_16(" "),
        c2=g.luhn_fail_16(""),
        cont=g.digits(7),
        pal=g.rint(1, 30),
        kg=g.rint(100, 20000),
        c3=g.luhn_fail_16("-"),
        trk=g.tracking_no(),
    ).text


@neg("code_python", 5)
def neg_iban_invalid_tests(g: Fake) -> str:
    return fill(
        """
        import pytest
        from payments.validation import is_valid_iban

        @pytest.mark.parametrize("iban", [
            "DE89 3704 0044 0532 0130 00",   # example IBAN from the docs
            "GB82 WEST 1234 5698 7654 32",
        ])
        def test_valid(iban):
            assert is_valid_iban(iban)

        @pytest.mark.parametrize("iban", ["{{b1}}", "{{b2}}", "{{b3}}"])
        def test_invalid_checksum(iban):
            assert not is_valid_iban(iban)
        """,
        b1=g.iban_invalid("DE"),
        b2=g.iban_invalid(g.choice(["FR", "ES", "NL"])),
        b3=g.iban_invalid("GB", spaced=False),
    ).text


@neg("readme", 4)
def neg_iban_doc(g: Fake) -> str:
    return """### SEPA payouts

The `iban` field accepts IBANs with or without spaces, e.g. `DE89 3704 0044 0532 0130 00` or
`GB82WEST12345698765432` (these are the standard documentation examples and will never route real money).
The API normalises to upper case without spaces and rejects values that fail the mod-97 check."""


@neg("code_js", 5)
def neg_ssn_fixtures(g: Fake) -> str:
    return fill(
        """
        describe('ssn validator', () => {
          it.each([
            ['{{b1}}'],
            ['{{b2}}'],
            ['{{b3}}'],
            ['123-45-6789'],  // famous sample number, rejected on purpose
            ['078-05-1120'],  // the Woolworth wallet card number
          ])('rejects %s', (ssn) => {
            expect(isValidSsn(ssn)).toBe(false);
          });
        });
        """,
        b1=g.ssn_invalid(),
        b2=g.ssn_invalid(),
        b3=g.ssn_invalid(),
    ).text


@neg("yaml_config", 5)
def neg_example_emails(g: Fake) -> str:
    return g.choice(
        [
            """notifications:
  from: no-reply@example.com
  reply_to: support@example.org
  test_recipients:
    - alice@example.com
    - qa+signup@test.com
  smtp:
    host: localhost
    port: 1025""",
            """# seed data for local dev
users:
  - email: admin@example.com
    role: owner
  - email: viewer@example.org
    role: viewer
  - email: user@example.net
    role: member""",
            """contact:
  email: user@example.com
  phone: "(212) 555-0123"
  url: https://www.example.com/contact""",
        ]
    )


@neg("config_file", 5)
def neg_doc_ips(g: Fake) -> str:
    return fill(
        """
        # nginx.conf (documentation example)
        upstream api {
            server {{a}}:8080 max_fails=3;
            server {{b}}:8080 backup;
        }
        server {
            listen 0.0.0.0:80;
            listen [::]:80;
            allow {{c}};
            allow 127.0.0.1;
            deny all;
            location /healthz { proxy_pass http://127.0.0.1:9000; }
        }
        """,
        a=g.doc_ip(),
        b=g.doc_ip(),
        c=g.doc_ip(),
    ).text


@neg("readme", 5)
def neg_versions_changelog(g: Fake) -> str:
    return fill(
        """
        # Changelog

        ## {{v1}} ({{d1}})
        - Support for Windows 10 build {{winbuild}} and Chrome {{chrome}}
        - Bump protobuf to {{v2}}
        - Driver firmware {{fw}} required for the new scanners

        ## {{v3}} ({{d2}})
        - Fixed crash on startup when locale is not set
        """,
        v1=g.version(4),
        d1=g.date(),
        winbuild=g.allow(f"10.0.{g.rint(19041, 22631)}.{g.rint(1000, 4000)}"),
        chrome=g.allow(f"{g.rint(110, 125)}.0.{g.rint(5000, 6500)}.{g.rint(10, 200)}"),
        v2=g.version(3),
        fw=g.version(4),
        v3=g.version(4),
        d2=g.date(),
    ).text


@neg("code_js", 5)
def neg_fictional_phones(g: Fake) -> str:
    return fill(
        """
        const fixtures = [
          { id: 1, label: 'Support line', phone: '{{p1}}' },
          { id: 2, label: 'Sales', phone: '{{p2}}' },
          { id: 3, label: 'Fax (legacy)', phone: '{{p3}}' },
        ];
        test('formats NANP numbers', () => {
          expect(formatPhone('2125550147')).toBe('(212) 555-0147');
        });
        """,
        p1=g.fictional_phone(),
        p2=g.fictional_phone(),
        p3=g.fictional_phone(),
    ).text


@neg("app_log", 5)
def neg_logistics(g: Fake) -> str:
    lines = []
    for _ in range(g.rint(4, 8) if g.chance(0.6) else g.rint(15, 30)):
        lines.append(
            g.choice(
                [
                    f"{g.ts()} order {g.order_no()} packed, {g.rint(1, 9)} items, total {g.price(g.choice(['$', '£', 'EUR']))}",
                    f"{g.ts()} shipment {g.tracking_no()} handed to carrier, weight {g.rint(1, 40)}.{g.rint(0, 9)} kg",
                    f"{g.ts()} stock sync: ISBN {g.isbn()} qty={g.rint(0, 500)}",
                    f"{g.ts()} invoice {g.invoice_no()} generated for order {g.order_no()}",
                    f"{g.ts()} batch {g.rint(1000, 9999)} processed in {g.rint(100, 9000)} ms",
                ]
            )
        )
    return "\n".join(lines)


@neg("stack_trace", 6)
def neg_java_trace_identifiers(g: Fake) -> str:
    return fill(
        """
        java.lang.NullPointerException: Cannot invoke "String.trim()" because the return value of "com.{{pkg}}.crm.Person.getFirstName()" is null
            at com.{{pkg}}.crm.PersonService.getUserName(PersonService.java:{{l1}})
            at com.{{pkg}}.crm.filters.JohnsonFilter.apply(JohnsonFilter.java:{{l2}})
            at com.{{pkg}}.import.Smith_Parser.parseRow(Smith_Parser.java:{{l3}})
            at com.{{pkg}}.import.CsvImporter.lambda$run$0(CsvImporter.java:88)
            at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)
            at com.{{pkg}}.import.CsvImporter.run(CsvImporter.java:61)
        """,
        pkg=g.choice(["acme", "helix", "orbital"]),
        l1=g.rint(20, 300),
        l2=g.rint(20, 300),
        l3=g.rint(20, 300),
    ).text


@neg("stack_trace", 5)
def neg_python_trace_identifiers(g: Fake) -> str:
    return fill(
        """
        Traceback (most recent call last):
          File "/app/etl/load_customers.py", line {{l1}}, in <module>
            main()
          File "/app/etl/load_customers.py", line {{l2}}, in main
            row["full_name"] = f"{row['first_name']} {row['last_name']}"
        KeyError: 'first_name'
        During handling of the above exception, another exception occurred:
          File "/app/etl/mappers.py", line 17, in CustomerNameMapper.map
            raise MappingError(f"missing column in batch {batch_id}")
        etl.errors.MappingError: missing column in batch {{batch}}
        """,
        l1=g.rint(100, 200),
        l2=g.rint(20, 99),
        batch=g.uuid(),
    ).text


@neg("code_sql", 5)
def neg_sql_schema(g: Fake) -> str:
    return """CREATE TABLE customers (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    email         citext UNIQUE NOT NULL,
    phone         text,
    iban          text,
    ssn_hash      bytea,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_last_name_idx ON customers (last_name);
COMMENT ON COLUMN customers.ssn_hash IS 'HMAC-SHA256 of the SSN, never the raw value';"""


@neg("code_sql", 5)
def neg_sql_placeholders(g: Fake) -> str:
    return g.choice(
        [
            """-- name: GetCustomerByEmail :one
SELECT id, first_name, last_name, email, phone
FROM customers
WHERE email = $1 AND deleted_at IS NULL;

-- name: UpdatePassword :exec
UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1;""",
            """cursor.execute(
    "INSERT INTO payments (order_id, iban, amount_cents) VALUES (%s, %s, %s)",
    (order_id, iban, amount_cents),
)""",
            """SELECT date_trunc('day', created_at) AS day, count(*) AS signups
FROM users
WHERE created_at >= now() - interval '30 days'
GROUP BY 1 ORDER BY 1;""",
        ]
    )


@neg("meeting_notes", 6)
def neg_meeting_no_names(g: Fake) -> str:
    return fill(
        """
        Platform sync – {{date}}

        Agenda
        1. Kafka consumer lag on the orders topic (peaked at {{lag}} messages on Tuesday)
        2. Jenkins agents running out of disk; move remaining jobs to GitHub Actions
        3. Cassandra 4.1 upgrade plan – staging first, then prod in two waves
        4. Postmortem review for {{inc}}

        Decisions
        - Freeze window from {{d2}} to {{d3}}
        - SRE owns the runbook update; Payments team owns the consumer fix

        Open questions
        - Do we need a second region before the audit? (decision deferred)
        """,
        date=g.date(),
        lag=g.rint(10_000, 900_000),
        inc=f"INC-{g.digits(4)}",
        d2=g.date(),
        d3=g.date(),
    ).text


@neg("commit_message", 5)
def neg_commit_plain(g: Fake) -> str:
    subj = g.choice(COMMIT_SUBJECTS)
    return fill(
        """
        {{subj}}

        The importer assumed every row has first_name and last_name; rows coming from the
        partner feed only have display_name. Fall back to display_name and log a warning.

        Refs: {{ticket}}
        Change-Id: I{{cid}}
        """,
        subj=subj,
        ticket=f"PLAT-{g.rint(100, 9999)}",
        cid=g.sha1(),
    ).text


@neg("app_log", 5)
def neg_ci_log(g: Fake) -> str:
    return fill(
        """
        Started by timer
        Running on Jenkins in /var/jenkins_home/workspace/web-release
        [Pipeline] checkout
        > git rev-parse --resolve-git-dir /var/jenkins_home/workspace/web-release/.git
        Checking out Revision {{sha}} (refs/remotes/origin/main)
        [Pipeline] sh
        + docker build -t web:{{short}} .
        #12 writing image sha256:{{img}} done
        #12 naming to docker.io/library/web:{{short}} done
        + npm test -- --ci
        Tests:       {{n}} passed, {{n}} total
        Time:        {{t}} s
        Finished: SUCCESS
        """,
        sha=g.sha1(),
        short=g.short_sha(),
        img=g.sha256(),
        n=g.rint(100, 900),
        t=f"{g.rint(10, 99)}.{g.rint(100, 999)}",
    ).text


@neg("config_file", 5)
def neg_public_keys(g: Fake) -> str:
    return g.choice(
        [
            lambda: (
                "# ~/.ssh/authorized_keys\n"
                + "\n".join(
                    f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.rs(B64, 43)} {c}"
                    for c in g.sample(
                        ["deploy@build-agent-03", "ci-runner", "backup@nas01", "ansible-control"], 3
                    )
                )
            ),
            lambda: "$ openssl x509 -in server.crt -text -noout | head -3\n" + g.pem_public("CERTIFICATE"),
            lambda: "# JWT verification key (public)\n" + g.pem_public("PUBLIC KEY"),
        ]
    )()


@neg("readme", 6)
def neg_readme_placeholders(g: Fake) -> str:
    return g.choice(
        [
            """## Configuration

Set your key before running the examples:

```bash
export OPENAI_API_KEY="sk-..."
export ANTHROPIC_API_KEY="<your key here>"
curl -H "Authorization: Bearer $OPENAI_API_KEY" https://api.openai.com/v1/models
```

Replace `YOUR_API_KEY` with the value from the dashboard. Keys look like `sk-xxxxxxxxxxxxxxxx`.""",
            """### Authentication

All requests need a token in the `Authorization` header:

    Authorization: Bearer <token>

Tokens can be created under *Settings → API*. For CI, store the token as a repository secret and reference it as
`${{ secrets.API_TOKEN }}`; never paste it into workflow files.""",
            """## Slack integration

1. Create an app and install it to your workspace.
2. Copy the *Bot User OAuth Token* (it starts with `xoxb-`) into `SLACK_BOT_TOKEN`.
3. Point the webhook at `https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX`.""",
            """## Local database

```
docker run -e POSTGRES_PASSWORD=postgres -p 5432:5432 postgres:16
export DATABASE_URL=postgresql://postgres:postgres@localhost:5432/postgres
```
Default credentials are for local development only.""",
        ]
    )


@neg("shell", 5)
def neg_aws_doc_keys(g: Fake) -> str:
    region = g.choice(["us-west-2", "us-east-1", "eu-west-1"])
    return g.choice(
        [
            lambda: (
                f"""$ aws configure --profile {g.choice(["docs-demo", "training", "sandbox"])}
AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE
AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
Default region name [None]: {region}
Default output format [None]: {g.choice(["json", "table", "text"])}
# (values above are the placeholder keys from the AWS documentation)"""
            ),
            lambda: (
                f"""# Example from the workshop handout – these are the official AWS documentation placeholder keys
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION={region}
aws s3 ls s3://{g.choice(["examplebucket", "amzn-s3-demo-bucket"])}/"""
            ),
        ]
    )()


@neg("code_js", 5)
def neg_stripe_test_keys(g: Fake) -> str:
    return fill(
        """
        // test/setup.js – Stripe test mode only
        process.env.STRIPE_SECRET_KEY = '{{sk}}';
        process.env.STRIPE_PUBLISHABLE_KEY = '{{pk}}';
        const card = { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' };
        """,
        sk="sk_test_" + g.allow(g.rs(ALNUM, 24)),
        pk="pk_test_" + g.rs(ALNUM, 24),
    ).text


@neg("terraform", 6)
def neg_tf_variables(g: Fake) -> str:
    return g.choice(
        [
            """variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "main" {
  identifier = "orders"
  username   = "app"
  password   = var.db_password
}""",
            """resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = random_password.db.result
}""",
            """data "aws_secretsmanager_secret_version" "api" {
  secret_id = "prod/api/token"
}

locals {
  api_token = jsondecode(data.aws_secretsmanager_secret_version.api.secret_string)["token"]
}

resource "aws_security_group_rule" "egress" {
  type        = "egress"
  cidr_blocks = ["0.0.0.0/0"]
  from_port   = 0
  to_port     = 0
  protocol    = "-1"
}""",
        ]
    )


@neg("k8s_manifest", 4)
def neg_k8s_configmap(g: Fake) -> str:
    return fill(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{app}}-config
        data:
          LOG_LEVEL: info
          FEATURE_FLAGS: "new_checkout=false,fast_search=true"
          CACHE_TTL: "{{ttl}}"
          UPSTREAM_URL: http://{{app}}.svc.cluster.local:8080
          BUILD_COMMIT: {{sha}}
          REQUEST_SIGNING_KEY_ID: {{kid}}
        """,
        app=g.choice(["search", "checkout", "catalog"]),
        ttl=g.rint(30, 600),
        sha=g.sha1(),
        kid=g.uuid(),
    ).text


@neg("curl_command", 6)
def neg_curl_placeholders(g: Fake) -> str:
    return g.choice(
        [
            """curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/me""",
            """curl -u "$JIRA_USER:$JIRA_API_TOKEN" -H 'Content-Type: application/json' https://jira.example.com/rest/api/2/myself""",
            """curl -X POST https://api.example.com/v1/keys \\
  -H 'Authorization: Bearer <YOUR_TOKEN>' \\
  -d '{"name": "ci", "scopes": ["read"]}'""",
            """curl -s http://127.0.0.1:8080/healthz && curl -s http://localhost:9090/metrics | grep http_requests_total""",
            f"""curl -H "X-Request-Id: {g.uuid()}" -H "Idempotency-Key: {g.uuid()}" https://api.example.org/v2/orders""",
        ]
    )


@neg("chat_message", 7)
def neg_chat_dev(g: Fake) -> str:
    return g.choice(
        [
            "anyone know why the build on main is red? looks like a flaky test in the checkout suite",
            f"deployed {g.version(3)} to staging, smoke tests green 👍",
            f"fyi the incident channel for INC-{g.digits(4)} is open, bridge starts in 5",
            "can we bump the node base image this sprint? the current one has 3 highs in the scanner",
            f"PR #{g.rint(1000, 9999)} is ready for review, mostly renames (UserService -> AccountService)",
            "reminder: code freeze starts friday, only hotfixes after that",
            f"the job failed with exit code 137 again, OOM at ~{g.rint(2, 8)}GB",
            "who owns the password reset flow? the email template still says 'Dear customer'",
            f"latency p99 went from {g.rint(200, 400)}ms to {g.rint(800, 1500)}ms after the deploy, rolling back",
        ]
    )


@neg("json_config", 5)
def neg_json_api_ids(g: Fake) -> str:
    return json.dumps(
        {
            "data": [
                {
                    "id": g.uuid(),
                    "type": "order",
                    "attributes": {
                        "status": g.choice(["paid", "shipped"]),
                        "total_cents": g.rint(100, 99999),
                        "currency": "EUR",
                        "created_at": g.ts(),
                    },
                }
                for _ in range(g.rint(1, 3))
            ],
            "meta": {
                "request_id": f"req_{g.rs(ALNUM, 14)}",
                "trace_id": g.hexs(32),
                "span_id": g.hexs(16),
                "idempotency_key": g.uuid(),
                "etag": f'W/"{g.md5()}"',
            },
            "links": {"next": f"/v1/orders?cursor={g.b64blob(18)}"},
        },
        indent=2,
    )


@neg("code_go", 5)
def neg_go_hashes(g: Fake) -> str:
    return fill(
        """
        package checksum

        import (
            "crypto/sha256"
            "encoding/hex"
        )

        // expected digests of the bundled assets
        var known = map[string]string{
            "schema.sql":  "{{h1}}",
            "seed.json":   "{{h2}}",
            "favicon.ico": "{{h3}}",
        }

        func Verify(name string, data []byte) bool {
            sum := sha256.Sum256(data)
            return hex.EncodeToString(sum[:]) == known[name]
        }
        """,
        h1=g.sha256(),
        h2=g.sha256(),
        h3=g.sha256(),
    ).text


@neg("shell", 5)
def neg_webpack_build(g: Fake) -> str:
    lines = [
        f"  dist/assets/{name}.{g.hexs(8)}.js   {g.rint(1, 900)}.{g.rint(10, 99)} kB │ gzip: {g.rint(1, 200)}.{g.rint(10, 99)} kB"
        for name in g.sample(["index", "vendor", "charts", "editor", "auth", "settings"], 4)
    ]
    return (
        f"$ npm run build\n\n> web@{g.version(3)} build\n> vite build\n\nvite v5.2.8 building for production...\n✓ {g.rint(300, 2000)} modules transformed.\n"
        + "\n".join(lines)
        + f"\n✓ built in {g.rint(2, 30)}.{g.rint(10, 99)}s"
    )


@neg("app_log", 5)
def neg_k8s_events(g: Fake) -> str:
    pod = f"api-{g.rs(LOWER + DIGITS, 10)}-{g.rs(LOWER + DIGITS, 5)}"
    return fill(
        """
        LAST SEEN   TYPE      REASON      OBJECT            MESSAGE
        2m          Normal    Scheduled   pod/{{pod}}   Successfully assigned prod/{{pod}} to node-pool-a-{{n}}
        2m          Normal    Pulling     pod/{{pod}}   Pulling image "registry.internal/api@sha256:{{d}}"
        90s         Normal    Pulled      pod/{{pod}}   Successfully pulled image in 14.2s
        60s         Warning   BackOff     pod/{{pod}}   Back-off restarting failed container api
        """,
        pod=pod,
        n=g.rs(LOWER + DIGITS, 4),
        d=g.sha256(),
    ).text


@neg("invoice", 5)
def neg_invoice_template(g: Fake) -> str:
    return """INVOICE {{invoice_number}}

Bill to:
  [Customer Name]
  [Street Address]
  [Postal Code] [City]

Description                 Qty   Unit price   Amount
[Item description]          1     0.00         0.00

Payment to IBAN: DE89 3704 0044 0532 0130 00 (replace with your own)
Reference: {{invoice_number}}"""


@neg("hr_note", 5)
def neg_hr_policy(g: Fake) -> str:
    return g.choice(
        [
            """Remote work policy (v3)
- Employees may work remotely up to 3 days per week with manager approval.
- Core hours are 10:00–15:00 in the team's home time zone.
- Equipment stipend: up to 500 EUR every two years, reimbursed via the expense tool.
- Personal data (ID documents, bank details) must only be uploaded to the HR portal, never sent by email or chat.""",
            """Onboarding checklist (HR)
[ ] Contract signed and countersigned
[ ] Tax ID and social security number collected via the HR portal
[ ] Bank details entered by payroll (four-eyes check)
[ ] Laptop ordered, accounts requested (SSO, email, chat)
[ ] Buddy assigned
[ ] 30/60/90 day goals agreed""",
            f"""Headcount summary {g.date()}
Engineering: {g.rint(40, 90)} FTE (+{g.rint(1, 6)})
Sales: {g.rint(10, 40)} FTE
Support: {g.rint(8, 30)} FTE (2 open reqs)
Attrition (12m rolling): {g.rint(5, 15)}.{g.rint(0, 9)}%""",
        ]
    )


@neg("yaml_config", 5)
def neg_password_policy_config(g: Fake) -> str:
    return fill(
        """
        auth:
          password_min_length: {{n}}
          password_require_symbols: true
          password_hash: argon2id
          password_reset_token_ttl: 15m
          forgot_password_route: /account/forgot-password
          session_secret_file: /run/secrets/session_secret
          mfa:
            totp_issuer: "Acme Portal"
            backup_codes: 10
        """,
        n=g.choice([10, 12, 14]),
    ).text


@neg("code_python", 5)
def neg_regex_code(g: Fake) -> str:
    return r"""EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
SSN_RE = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
CARD_RE = re.compile(r"\b(?:\d[ -]?){13,19}\b")
AWS_KEY_RE = re.compile(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b")

def mask(text: str) -> str:
    return EMAIL_RE.sub("<email>", text)"""


@neg("chat_message", 5)
def neg_crypto_tx(g: Fake) -> str:
    return g.choice(
        [
            f"tx confirmed: 0x{g.hexs(64)} (block {g.rint(18_000_000, 20_000_000)})",
            f"the bitcoin txid is {g.hexs(64)}, 3 confirmations so far",
            f"contract deployed, bytecode hash 0x{g.hexs(64)}, gas used {g.rint(100000, 900000)}",
        ]
    )


@neg("shell", 5)
def neg_network_misc(g: Fake) -> str:
    return fill(
        """
        $ ss -tlnp
        State   Recv-Q  Send-Q  Local Address:Port   Peer Address:Port  Process
        LISTEN  0       4096    0.0.0.0:22            0.0.0.0:*          users:(("sshd",pid={{p1}},fd=3))
        LISTEN  0       244     127.0.0.1:5432        0.0.0.0:*          users:(("postgres",pid={{p2}},fd=6))
        LISTEN  0       511     [::]:80               [::]:*             users:(("nginx",pid={{p3}},fd=8))
        LISTEN  0       511     [::1]:6379            [::]:*             users:(("redis-server",pid={{p4}},fd=7))
        $ ip route
        default via {{gw}} dev eth0 proto static
        """,
        p1=g.rint(300, 9999),
        p2=g.rint(300, 9999),
        p3=g.rint(300, 9999),
        p4=g.rint(300, 9999),
        gw=g.doc_ip(),
    ).text


@neg("hr_note", 4)
def neg_uk_nino_example(g: Fake) -> str:
    return """Payroll FAQ – National Insurance
Q: What format does a National Insurance number have?
A: Two letters, six digits and a final letter, for example QQ 12 34 56 C (HMRC's own example, not a real number).
Q: Can I start before I have one?
A: Yes. Payroll will use a temporary code until you provide it through the HR portal."""


@neg("support_ticket", 6)
def neg_ticket_no_pii(g: Fake) -> str:
    return fill(
        """
        Ticket {{tid}} | Component: Web app | Severity: {{sev}}
        Summary: Export button does nothing in {{browser}}

        Steps to reproduce:
        1. Open Reports > Monthly
        2. Click "Export CSV"
        3. Nothing happens; console shows: TypeError: Cannot read properties of undefined (reading 'rows')

        Build: {{build}}   Request ID: {{rid}}
        Workaround: use the API endpoint /v2/reports/export until the fix ships.
        """,
        tid=g.ticket_no(),
        sev=g.choice(["S3", "S2"]),
        browser=g.choice(["Firefox 124", "Safari 17.4", "Edge 123"]),
        build=g.short_sha(),
        rid=g.uuid(),
    ).text


@neg("customer_email", 5)
def neg_email_template(g: Fake) -> str:
    return fill(
        """
        Subject: Your {{plan}} renewal is coming up

        Hi {{first_name}},

        your subscription renews on {{renewal_date}}. No action is needed if your payment details are
        still correct. To update them, visit https://app.example.com/billing.

        Questions? Reply to this email or write to support@example.com.

        Unsubscribe: https://app.example.com/u/{{token}}
        """,
        plan=g.choice(["Pro", "Team", "Business"]),
        first_name="{{first_name}}",
        renewal_date="{{renewal_date}}",
        token="{{unsubscribe_token}}",
    ).text


@neg("chat_message", 5)
def neg_chat_emoji(g: Fake) -> str:
    return g.choice(
        [
            "🎉🎉 we hit 10k signups!! 🚀 thanks everyone 🙌",
            "☕️ brb, coffee. 会议在三点 ⏰",
            "🔥 prod is on fire, rolling back to the previous image 🧯",
            "✅ migration done — Спасибо всем! 🙏",
            "¿alguien sabe por qué falla el build? 🤔 parece un test intermitente",
            "🐛 found it: off-by-one in the pagination cursor 🤦",
        ]
    )


@neg("csv_export", 5)
def neg_csv_products(g: Fake) -> str:
    rows = ["sku,ean,name,price_eur,stock"]
    for _ in range(g.rint(4, 9)):
        ean = isbn13("40" + g.digits(10))
        rows.append(
            f"SKU-{g.digits(5)},{ean},{g.choice(['USB-C cable 2m', 'Laptop stand', 'Desk lamp', 'Notebook A5', 'Webcam HD'])},{g.rint(3, 199)}.{g.rint(0, 99):02d},{g.rint(0, 900)}"
        )
    return "\n".join(rows)


@neg("csv_export", 5)
def neg_csv_metrics(g: Fake) -> str:
    rows = ["timestamp,host,cpu_pct,mem_mb,p99_ms"]
    host = g.hostname()
    for _ in range(g.rint(4, 10) if g.chance(0.5) else g.rint(25, 45)):
        rows.append(f"{g.ts()},{host},{g.rint(1, 99)}.{g.rint(0, 9)},{g.rint(200, 8000)},{g.rint(10, 2000)}")
    return "\n".join(rows)


@neg("code_python", 5)
def neg_py_math(g: Fake) -> str:
    return fill(
        """
        >>> math.factorial(18)
        6402373705728000
        >>> 2**61 - 1
        2305843009213693951
        >>> int("{{n}}") % 97
        {{m}}
        >>> time.time_ns()
        {{ns}}
        """,
        n=(n := g.luhn_fail_16("")),
        m=int(n) % 97,
        ns=f"17{g.digits(17)}",
    ).text


@neg("yaml_config", 5)
def neg_gha_secrets_refs(g: Fake) -> str:
    return """name: deploy
on: [workflow_dispatch]
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: {id-token: write, contents: read}
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}
          aws-region: us-east-1
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}"""


@neg("yaml_config", 4)
def neg_ansible_vault_refs(g: Fake) -> str:
    return """- name: Configure database user
  community.postgresql.postgresql_user:
    name: app
    password: "{{ vault_db_password }}"
    login_password: "{{ lookup('env', 'PGPASSWORD') }}"
  no_log: true

- name: Write API token file
  ansible.builtin.copy:
    content: "{{ api_token }}"
    dest: /etc/app/token
    mode: "0600\""""


@neg("docker_compose", 5)
def neg_compose_healthcheck(g: Fake) -> str:
    return fill(
        """
        services:
          web:
            image: nginx:{{ver}}
            ports: ["8080:80"]
            healthcheck:
              test: ["CMD", "curl", "-f", "http://127.0.0.1/healthz"]
              interval: 30s
              retries: 3
          worker:
            image: app-worker:{{sha}}
            environment:
              QUEUE_URL: amqp://rabbitmq:5672
              CONCURRENCY: "{{c}}"
            depends_on: [web]
        """,
        ver=g.choice(["1.25", "1.27-alpine"]),
        sha=g.short_sha(),
        c=g.rint(2, 16),
    ).text


@neg("app_log", 5)
def neg_http_log_docips(g: Fake) -> str:
    lines = []
    for _ in range(g.rint(4, 8)):
        src = g.choice([g.doc_ip(), "127.0.0.1", "::1"])
        lines.append(
            f'{src} - - [{g.rint(10, 28)}/Apr/2024:{g.time()} +0000] "GET /api/v1/items/{g.uuid()} HTTP/1.1" {g.choice([200, 304, 404])} {g.rint(100, 9000)} rt={g.rint(1, 900) / 1000:.3f}'
        )
    return "\n".join(lines)


@neg("code_java", 6)
def neg_java_identifiers(g: Fake) -> str:
    return g.choice(
        [
            """@Service
public class PersonService {
    private final PersonRepository repo;

    public String getUserName(long id) {
        Person p = repo.findById(id).orElseThrow();
        return p.getFirstName() + " " + p.getLastName();
    }

    public List<Person> findByLastName(String lastName) {
        return repo.findByLastNameIgnoreCase(lastName);
    }
}""",
            """public final class JohnsonFilter implements RowFilter {
    private static final Pattern EMAIL = Pattern.compile("^[^@]+@[^@]+$");

    @Override
    public boolean accept(Row row) {
        return row.get("email") != null && EMAIL.matcher(row.get("email")).matches();
    }
}""",
            """@Entity
@Table(name = "customers")
public class Customer {
    @Id @GeneratedValue private UUID id;
    @Column(name = "first_name") private String firstName;
    @Column(name = "last_name") private String lastName;
    @Column(name = "iban") @Convert(converter = EncryptedStringConverter.class) private String iban;
    @JsonIgnore private String passwordHash;
}""",
        ]
    )


@neg("code_go", 5)
def neg_go_struct(g: Fake) -> str:
    return """type Customer struct {
	ID        uuid.UUID `json:"id"`
	FirstName string    `json:"first_name"`
	LastName  string    `json:"last_name"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone,omitempty"`
	Password  string    `json:"-"`
	APIToken  string    `json:"-"`
}

func (c Customer) DisplayName() string { return strings.TrimSpace(c.FirstName + " " + c.LastName) }"""


@neg("code_sql", 4)
def neg_sql_explain(g: Fake) -> str:
    return fill(
        """
        EXPLAIN ANALYZE SELECT * FROM orders WHERE customer_id = '{{u}}';
        Index Scan using orders_customer_id_idx on orders  (cost=0.43..8.45 rows=1 width=120) (actual time=0.031..0.033 rows={{r}} loops=1)
          Index Cond: (customer_id = '{{u}}'::uuid)
        Planning Time: 0.{{p}} ms
        Execution Time: 0.{{e}} ms
        """,
        u=g.uuid(),
        r=g.rint(1, 40),
        p=g.digits(3),
        e=g.digits(3),
    ).text


@neg("k8s_manifest", 4)
def neg_sealed_secret(g: Fake) -> str:
    return fill(
        """
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata:
          name: db-credentials
          namespace: prod
        spec:
          encryptedData:
            password: AgB{{b1}}
            username: AgC{{b2}}
        """,
        b1=g.b64blob(180),
        b2=g.b64blob(90),
    ).text


@neg("meeting_notes", 5)
def neg_meeting_sprint(g: Fake) -> str:
    items = [
        f"- PLAT-{g.rint(100, 9999)} {t} ({g.choice([1, 2, 3, 5, 8])} pts)"
        for t in g.sample(
            [
                "Rotate signing keys automatically",
                "Add password strength meter",
                "Migrate cron jobs to the scheduler",
                "Remove legacy SOAP endpoint",
                "Rate limit the login endpoint",
                "Mask IBANs in the admin UI",
                "Upgrade to Python 3.12",
            ],
            4,
        )
    ]
    return (
        f"Sprint {g.rint(20, 80)} planning – {g.date()}\nCapacity: {g.rint(30, 60)} pts\n\nCommitted:\n"
        + "\n".join(items)
        + "\n\nStretch: dark mode for the reports page"
    )


@neg("stack_trace", 5)
def neg_js_trace(g: Fake) -> str:
    return fill(
        """
        TypeError: Cannot read properties of undefined (reading 'firstName')
            at UserCard.render (webpack-internal:///./src/components/UserCard.tsx:{{l1}}:37)
            at finishClassComponent (react-dom.development.js:19752:31)
            at updateClassComponent (react-dom.development.js:19698:24)
            at beginWork (react-dom.development.js:21611:16)
            at HTMLUnknownElement.callCallback (react-dom.development.js:4164:14)
        The above error occurred in the <UserCard> component (build {{build}})
        """,
        l1=g.rint(10, 200),
        build=g.short_sha(),
    ).text


@neg("invoice", 5)
def neg_invoice_internal(g: Fake) -> str:
    return fill(
        """
        Internal recharge {{inv}}
        Cost center: CC-{{cc}} -> CC-{{cc2}}
        Period: {{date}}
        Cloud spend (compute): {{a}} EUR
        Cloud spend (storage): {{b}} EUR
        PO number: 45{{po}}
        Approved in workflow WF-{{wf}}
        """,
        inv=g.invoice_no(),
        cc=g.digits(3),
        cc2=g.digits(3),
        date=g.date(),
        a=g.money(),
        b=g.money(),
        po=g.digits(8),
        wf=g.digits(6),
    ).text


@neg("commit_message", 5)
def neg_commit_dependabot(g: Fake) -> str:
    pkg = g.choice(["lodash", "cryptography", "jackson-databind", "golang.org/x/net", "express"])
    return fill(
        """
        commit {{sha}}
        Merge: {{p1}} {{p2}}

            Bump {{pkg}} from {{v1}} to {{v2}}

            Bumps {{pkg}} from {{v1}} to {{v2}}.
            - [Release notes](https://github.com/advisories)
            - [Commits]({{v1}}...{{v2}})

            updated-dependencies:
            - dependency-name: {{pkg}}
              dependency-type: direct:production
        """,
        sha=g.sha1(),
        p1=g.short_sha(),
        p2=g.short_sha(),
        pkg=pkg,
        v1=g.version(3),
        v2=g.version(3),
    ).text


@neg("code_js", 5)
def neg_html_form(g: Fake) -> str:
    return """<form method="post" action="/login" autocomplete="on">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" placeholder="you@example.com" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" placeholder="••••••••" minlength="12" required>
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  <button type="submit">Sign in</button>
</form>"""


@neg("json_config", 5)
def neg_dotnet_config(g: Fake) -> str:
    return g.choice(
        [
            """{
  "ConnectionStrings": {
    "DefaultConnection": "Server=(localdb)\\\\mssqllocaldb;Database=AppDb;Trusted_Connection=True;MultipleActiveResultSets=true"
  },
  "Jwt": { "Issuer": "https://auth.example.com", "Audience": "api", "SigningKey": "" },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}""",
            """{
  "ConnectionStrings": {
    "Redis": "localhost:6379,abortConnect=false",
    "Db": "Host=localhost;Database=app;Username=app;Password=${DB_PASSWORD}"
  },
  "KeyVault": { "Uri": "https://my-vault.vault.azure.net/", "SecretName": "db-password" }
}""",
        ]
    )


@neg("readme", 5)
def neg_readme_jwt_explained(g: Fake) -> str:
    return """## How tokens work

A JWT has three base64url parts separated by dots: `header.payload.signature`.
The header of our tokens always starts with `eyJhbGciOi...` because it encodes `{"alg": ...}`.
Never log a full token; log its `jti` claim (a UUID) instead, e.g. `jti=3f2c...`.
Tokens expire after 15 minutes and are refreshed with the `/oauth/token` endpoint."""


@neg("app_log", 5)
def neg_uuid_log_lines(g: Fake) -> str:
    lines = []
    for _ in range(g.rint(4, 12)):
        lines.append(
            f"{g.ts()} level={g.choice(['info', 'debug', 'warn'])} svc={g.choice(['gateway', 'orders', 'auth'])} "
            f"request_id={g.uuid()} trace={g.hexs(32)} span={g.hexs(16)} route={g.choice(['/v1/orders/:id', '/v1/login', '/v1/users/:id/avatar'])} "
            f"status={g.choice([200, 201, 204, 401, 429])} dur={g.rint(1, 2000)}ms"
        )
    return "\n".join(lines)


@neg("commit_message", 4)
def neg_git_diff_refactor(g: Fake) -> str:
    return fill(
        """
        diff --git a/src/users/service.ts b/src/users/service.ts
        index {{a}}..{{b}} 100644
        --- a/src/users/service.ts
        +++ b/src/users/service.ts
        @@ -{{l}},7 +{{l}},7 @@ export class UserService {
        -  getUserName(user: User): string {
        -    return `${user.firstName} ${user.lastName}`;
        +  getDisplayName(user: User): string {
        +    return [user.firstName, user.lastName].filter(Boolean).join(' ');
           }
        """,
        a=g.short_sha(),
        b=g.short_sha(),
        l=g.rint(10, 200),
    ).text


@neg("code_python", 4)
def neg_py_fake_factory(g: Fake) -> str:
    return fill(
        """
        from faker import Faker

        fake = Faker(["{{loc1}}", "{{loc2}}"])
        Faker.seed({{seed}})

        def make_customer() -> dict:
            return {
                "name": fake.name(),
                "email": fake.email(domain="example.com"),
                "phone": fake.phone_number(),
                "iban": fake.iban(),
                "ssn": fake.ssn(),
            }
        """,
        loc1=g.choice(["en_US", "de_DE"]),
        loc2=g.choice(["fr_FR", "es_ES"]),
        seed=g.rint(1, 9999),
    ).text


@neg("k8s_manifest", 4)
def neg_k8s_service_ingress(g: Fake) -> str:
    app = g.choice(["web", "api", "docs", "status"])
    return fill(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: {{app}}}
        spec:
          selector: {app: {{app}}}
          ports: [{port: 80, targetPort: {{port}}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: {{app}}
          annotations:
            cert-manager.io/cluster-issuer: letsencrypt
        spec:
          tls: [{hosts: [{{app}}.example.com], secretName: {{app}}-tls}]
          rules:
            - host: {{app}}.example.com
              http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: {{app}}, port: {number: 80}}}}]}
        """,
        app=app,
        port=g.choice([3000, 8000, 8080]),
    ).text


@neg("terraform", 4)
def neg_tf_network(g: Fake) -> str:
    return fill(
        """
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "{{ver}}"
          name    = "{{name}}"
          azs     = ["us-east-1a", "us-east-1b"]
          enable_nat_gateway = true
        }

        resource "aws_security_group" "lb" {
          name   = "{{name}}-lb"
          vpc_id = module.vpc.vpc_id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        """,
        ver=g.version(3),
        name=g.choice(["core", "edge", "data"]),
    ).text


@neg("shell", 4)
def neg_docker_build_log(g: Fake) -> str:
    return fill(
        """
        $ docker build -t app:{{tag}} .
        [+] Building {{t}}s (12/12) FINISHED
         => [internal] load metadata for docker.io/library/python:3.12-slim
         => [1/6] FROM docker.io/library/python:3.12-slim@sha256:{{d1}}
         => CACHED [2/6] WORKDIR /app
         => [3/6] COPY requirements.txt .
         => [4/6] RUN pip install --no-cache-dir -r requirements.txt
         => exporting to image
         => => writing image sha256:{{d2}}
         => => naming to docker.io/library/app:{{tag}}
        """,
        tag=g.short_sha(),
        t=f"{g.rint(5, 90)}.{g.rint(1, 9)}",
        d1=g.sha256(),
        d2=g.sha256(),
    ).text


@neg("code_python", 4)
def neg_requirements_hashes(g: Fake) -> str:
    pkgs = g.sample(
        ["requests", "urllib3", "idna", "certifi", "charset-normalizer", "pydantic", "click", "rich"], 3
    )
    return "\n".join(
        f"{p}=={g.version(3)} \\\n    --hash=sha256:{g.sha256()} \\\n    --hash=sha256:{g.sha256()}"
        for p in pkgs
    )


@neg("json_config", 4)
def neg_json_openapi(g: Fake) -> str:
    return fill(
        r"""
        {
          "components": {
            "schemas": {
              "{{model}}": {
                "type": "object",
                "required": ["email", "password"],
                "properties": {
                  "email": {"type": "string", "format": "email", "example": "user@example.com"},
                  "password": {"type": "string", "format": "password", "minLength": {{n}}, "writeOnly": true},
                  "phone": {"type": "string", "pattern": "^\\+[1-9]\\d{6,14}$"},
                  "first_name": {"type": "string", "maxLength": 100}
                }
              }
            }
          }
        }
        """,
        model=g.choice(["SignupRequest", "CreateUser", "RegisterPayload"]),
        n=g.choice([8, 10, 12]),
    ).text


@neg("csv_export", 5)
def neg_csv_orders(g: Fake) -> str:
    rows = ["order_id,sku,qty,unit_price,currency,status,created_at"]
    for _ in range(g.rint(4, 14)):
        rows.append(
            f"{g.order_no().lstrip('#')},SKU-{g.digits(5)},{g.rint(1, 9)},{g.rint(1, 499)}.{g.rint(0, 99):02d},"
            f"{g.choice(['EUR', 'USD', 'GBP'])},{g.choice(['paid', 'shipped', 'refunded', 'pending'])},{g.ts()}"
        )
    return "\n".join(rows)


@neg("meeting_notes", 4)
def neg_meeting_retro(g: Fake) -> str:
    good = g.sample(
        [
            "faster CI after caching",
            "fewer pages overnight",
            "clear release notes",
            "pairing on the migration",
        ],
        2,
    )
    bad = g.sample(
        ["flaky e2e tests", "unclear ownership of alerts", "too many meetings", "staging data is stale"], 2
    )
    return (
        f"Retro – sprint {g.rint(10, 90)}\n\nWent well:\n- "
        + "\n- ".join(good)
        + "\n\nDidn't go well:\n- "
        + "\n- ".join(bad)
        + f"\n\nActions:\n- add retry budget to the e2e suite (team: QA)\n- review alert routing by {g.date()}"
    )


@neg("support_ticket", 4)
def neg_support_macro(g: Fake) -> str:
    macro = g.choice(["Password reset help", "Account locked", "Suspicious login"])
    link = g.choice(["https://app.example.com/forgot", "the 'Forgot password' link"])
    return f"""Macro: {macro}

Hi {{{{ticket.requester.first_name}}}},

thanks for reaching out. For your security we never ask for passwords, full card numbers or one-time codes.
Please reset your password via {link} and let us know if the issue persists.

Best,
{{{{current_user.first_name}}}}"""


@neg("invoice", 4)
def neg_invoice_summary(g: Fake) -> str:
    net = g.rint(100, 9000)
    return (
        f"Invoice summary {g.invoice_no()}\nOrder: {g.order_no()}\nNet: {net}.00 EUR\nVAT (19%): {net * 0.19:.2f} EUR\n"
        f"Total: {net * 1.19:.2f} EUR\nDue: {g.date()}\nPayment terms: 30 days net\nStatus: {g.choice(['open', 'paid', 'overdue'])}"
    )


@neg("chat_message", 5)
def neg_chat_ops(g: Fake) -> str:
    return g.choice(
        [
            lambda: f"rollout of {g.short_sha()} is at 50%, error rate flat at 0.{g.rint(1, 9)}%",
            lambda: f"queue depth back to normal ({g.rint(0, 50)} msgs), closing INC-{g.digits(4)}",
            lambda: f"cert for api.example.com renews on {g.date()}, cert-manager should handle it",
            lambda: (
                f"migration {g.rint(100, 999)}_add_index ran in {g.rint(2, 600)}s on the replica, safe for prod"
            ),
            lambda: f"pinned the base image to sha256:{g.sha256()[:12]}… for now",
            lambda: f"cache hit ratio dropped to {g.rint(40, 80)}% after the deploy of v{g.version(3)}",
        ]
    )()


@neg("yaml_config", 4)
def neg_yaml_ci_matrix(g: Fake) -> str:
    return fill(
        """
        test:
          runs-on: ${{ matrix.os }}
          strategy:
            matrix:
              os: [ubuntu-22.04, macos-14]
              python: ["3.10", "3.11", "3.12"]
          steps:
            - uses: actions/cache@{{sha}}
              with:
                path: ~/.cache/pip
                key: pip-${{ runner.os }}-${{ hashFiles('**/requirements*.txt') }}
            - run: pytest -q --maxfail={{n}}
        """,
        sha=g.sha1(),
        n=g.rint(1, 5),
    ).text


@neg("curl_command", 4)
def neg_curl_public_api(g: Fake) -> str:
    return g.choice(
        [
            lambda: (
                f"curl 'https://api.github.com/repos/python/cpython/commits/{g.sha1()}' -H 'Accept: application/vnd.github+json'"
            ),
            lambda: (
                f"curl -s 'https://registry.npmjs.org/{g.choice(['react', 'lodash', 'zod'])}/{g.version(3)}' | jq .dist.integrity"
            ),
            lambda: f"curl -sI https://www.example.com/ -H 'If-None-Match: \"{g.md5()}\"'",
            lambda: (
                f'curl -X POST http://localhost:{g.choice([3000, 8000, 8080])}/api/v1/jobs -d \'{{"job_id": "{g.uuid()}", "priority": {g.rint(1, 5)}}}\''
            ),
        ]
    )()


@neg("code_sql", 4)
def neg_sql_migration(g: Fake) -> str:
    return fill(
        r"""
        -- {{n}}_add_phone_e164.sql
        ALTER TABLE contacts ADD COLUMN phone_e164 text;
        ALTER TABLE contacts ADD CONSTRAINT phone_e164_format CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$');
        CREATE INDEX CONCURRENTLY contacts_phone_e164_idx ON contacts (phone_e164);
        UPDATE contacts SET phone_e164 = normalize_phone(phone, country_code) WHERE phone IS NOT NULL;
        """,
        n=f"{g.rint(2023, 2025)}{g.rint(1, 12):02d}{g.rint(1, 28):02d}{g.digits(4)}",
    ).text


@neg("code_go", 4)
def neg_go_handler(g: Fake) -> str:
    return fill(
        """
        func (s *Server) {{name}}(w http.ResponseWriter, r *http.Request) {
            auth := r.Header.Get("Authorization")
            token, ok := strings.CutPrefix(auth, "Bearer ")
            if !ok || token == "" {
                http.Error(w, "missing bearer token", http.StatusUnauthorized)
                return
            }
            claims, err := s.verifier.Verify(r.Context(), token)
            if err != nil {
                s.log.Warn("token rejected", "err", err, "request_id", r.Header.Get("X-Request-Id"))
                http.Error(w, "invalid token", http.StatusUnauthorized)
                return
            }
            ctx := context.WithValue(r.Context(), ctxUserID, claims.Subject)
            s.next.ServeHTTP(w, r.WithContext(ctx))
        }
        """,
        name=g.choice(["authMiddleware", "requireAuth", "withSession"]),
    ).text


@neg("code_java", 4)
def neg_java_test_masks(g: Fake) -> str:
    return fill(
        """
        @Test
        void masksCardNumbersInLogs() {
            String line = logFormatter.format(event("card=4111111111111111 amount={{amt}}"));
            assertThat(line).contains("card=************1111");
            assertThat(mask("{{masked}}")).isEqualTo("{{masked}}");
            assertThat(mask("password=<redacted>")).isEqualTo("password=****");
        }
        """,
        amt=g.rint(100, 9999),
        masked=f"**** **** **** {g.digits(4)}",
    ).text


@neg("env_file", 4)
def neg_env_nonsecret(g: Fake) -> str:
    return fill(
        """
        APP_ENV=staging
        PORT={{port}}
        LOG_FORMAT=json
        REQUEST_TIMEOUT_MS={{timeout}}
        FEATURE_FLAGS=new_checkout,fast_search
        AZURE_TENANT_ID={{tenant}}
        SENTRY_ENVIRONMENT=staging
        RELEASE_SHA={{sha}}
        PUBLIC_BASE_URL=https://staging.example.com
        """,
        port=g.choice([3000, 8000, 8080]),
        timeout=g.choice([5000, 10000, 30000]),
        tenant=g.uuid(),
        sha=g.sha1(),
    ).text


@neg("stack_trace", 4)
def neg_go_panic_plain(g: Fake) -> str:
    return fill(
        """
        panic: runtime error: invalid memory address or nil pointer dereference
        [signal SIGSEGV: segmentation violation code=0x1 addr=0x{{addr}} pc=0x{{pc}}]

        goroutine {{gr}} [running]:
        github.com/acme/ledger/internal/accounts.(*AccountService).GetOwnerName(0x0, {0xc000{{p1}}, 0x24})
                /src/internal/accounts/service.go:{{l1}} +0x1c
        github.com/acme/ledger/internal/http.(*Handler).accountDetails(0xc000{{p2}}, {0x{{p3}}, 0xc000{{p4}}}, 0xc000{{p5}})
                /src/internal/http/accounts.go:{{l2}} +0x10b
        """,
        addr=g.hexs(2),
        pc=g.hexs(6),
        gr=g.rint(10, 900),
        p1=g.hexs(6),
        p2=g.hexs(6),
        p3=g.hexs(7),
        p4=g.hexs(6),
        p5=g.hexs(6),
        l1=g.rint(20, 300),
        l2=g.rint(20, 300),
    ).text


@neg("hr_note", 4)
def neg_hr_offer_template(g: Fake) -> str:
    return fill(
        """
        OFFER LETTER TEMPLATE (v{{v}})

        Dear [Candidate Name],

        We are pleased to offer you the position of [Job Title] starting on [Start Date], reporting to [Manager Name].
        Your annual base salary will be [Amount] paid monthly. Please return the signed copy by [Date].

        Required documents (upload via the HR portal only): proof of identity, tax ID, bank details.
        """,
        v=g.rint(2, 9),
    ).text


@neg("docker_compose", 4)
def neg_compose_dev(g: Fake) -> str:
    return fill(
        """
        # docker-compose.dev.yml – local only
        services:
          db:
            image: postgres:{{pg}}
            environment:
              POSTGRES_HOST_AUTH_METHOD: trust
            ports: ["5432:5432"]
          mailhog:
            image: mailhog/mailhog:v1.0.1
            ports: ["1025:1025", "8025:8025"]
          app:
            build: .
            command: ["npm", "run", "dev"]
            environment:
              DATABASE_URL: postgres://postgres@db:5432/dev
              SMTP_URL: smtp://mailhog:1025
        """,
        pg=g.choice(["15", "16", "16-alpine"]),
    ).text


# ---- German / French / Spanish negatives ----------------------------------------------------


@neg("customer_email", 4, lang="de")
def neg_de_release(g: Fake) -> str:
    return fill(
        """
        Betreff: Wartungsfenster am {{date}}

        Hallo zusammen,

        am {{date}} zwischen 22:00 und 23:30 Uhr spielen wir Version {{ver}} ein. In dieser Zeit ist das
        Kundenportal nicht erreichbar. Rechnungen und Bestellungen (z. B. {{order}}) bleiben unverändert.
        Bei Fragen wendet euch bitte an support@example.com.

        Viele Grüße
        Euer Plattform-Team
        """,
        date=g.date_eu(),
        ver=g.version(3),
        order=g.order_no(),
    ).text


@neg("hr_note", 3, lang="de")
def neg_de_checkliste(g: Fake) -> str:
    return """Checkliste Neueinstellung
- Arbeitsvertrag unterschrieben
- Steuer-ID und Sozialversicherungsnummer über das HR-Portal erfassen (nicht per E-Mail!)
- Bankverbindung durch Lohnbuchhaltung eintragen, Vier-Augen-Prinzip
- Laptop bestellen, Zugänge beantragen
- Beispiel-IBAN für Schulungen: DE89 3704 0044 0532 0130 00"""


@neg("chat_message", 4, lang="fr")
def neg_fr_chat(g: Fake) -> str:
    return g.choice(
        [
            f"le déploiement de la version {g.version(3)} est terminé ✅, merci à toute l'équipe",
            "quelqu'un sait pourquoi la CI échoue sur la branche principale ? encore un test instable je pense",
            f"rappel : gel du code vendredi, seuls les correctifs urgents passent (ticket INC-{g.digits(4)})",
        ]
    )


@neg("meeting_notes", 3, lang="fr")
def neg_fr_cr(g: Fake) -> str:
    return fill(
        """
        Compte rendu – comité produit du {{date}}
        1. Migration de la base de commandes : terminée, {{n}} lignes migrées.
        2. Nouvelle politique de mots de passe : longueur minimale 12, pas de rotation forcée.
        3. Prochaine étape : audit des journaux (aucune donnée personnelle ne doit y apparaître).
        """,
        date=g.date_eu().replace(".", "/"),
        n=g.rint(100_000, 9_000_000),
    ).text


@neg("support_ticket", 4, lang="es")
def neg_es_ticket(g: Fake) -> str:
    return fill(
        """
        Incidencia {{tid}} – error al exportar informes
        Pasos: Informes > Mensual > Exportar CSV. No ocurre nada y la consola muestra un TypeError.
        Versión: {{ver}} · ID de petición: {{rid}}
        Solución temporal: usar el endpoint /v2/reports/export.
        """,
        tid=g.ticket_no(),
        ver=g.version(3),
        rid=g.uuid(),
    ).text


@neg("chat_message", 3, lang="es")
def neg_es_chat(g: Fake) -> str:
    return g.choice(
        [
            f"desplegada la versión {g.version(3)} en staging, todo verde 👍",
            "recordad que el viernes congelamos el código, solo correcciones urgentes",
        ]
    )


# =============================================================================================
# Build, validate, audit, write
# =============================================================================================

VALIDATORS: dict[str, Callable[[str], bool]] = {
    "CREDIT_CARD": lambda v: (
        luhn_ok(v)
        and 13 <= len(re.sub(r"[ -]", "", v)) <= 19
        and re.sub(r"[ -]", "", v) not in WELL_KNOWN_TEST_CARDS
    ),
    "IBAN_CODE": lambda v: iban_ok(v) and v.replace(" ", "") not in DOC_IBANS,
    "ABA_ROUTING_NUMBER": aba_ok,
    "CRYPTO": btc_ok,
    "US_SSN": ssn_ok,
    "UK_NINO": nino_ok,
    "DE_TAX_ID": de_tax_ok,
    "ES_NIF": nif_ok,
    "FR_NIR": nir_ok,
    "IT_FISCAL_CODE": it_cf_ok,
    "AWS_ACCESS_KEY": lambda v: bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v)) and "EXAMPLE" not in v,
    "GCP_API_KEY": lambda v: bool(re.fullmatch(r"AIza[0-9A-Za-z_-]{35}", v)),
    "AZURE_STORAGE_KEY": lambda v: len(v) == 88 and v.endswith("=="),
    "GITHUB_TOKEN": lambda v: bool(
        re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v)
    ),
    "GITLAB_TOKEN": lambda v: bool(re.fullmatch(r"glpat-[0-9A-Za-z_-]{20}", v)),
    "SLACK_WEBHOOK": lambda v: v.startswith("https://hooks.slack.com/services/T"),
    "STRIPE_KEY": lambda v: bool(re.fullmatch(r"(sk|rk)_live_[A-Za-z0-9]{24,99}", v)),
    "ANTHROPIC_API_KEY": lambda v: bool(re.fullmatch(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA", v)),
    "DEEPSEEK_API_KEY": lambda v: bool(re.fullmatch(r"sk-[0-9a-f]{32}", v)),
    "HUGGINGFACE_TOKEN": lambda v: bool(re.fullmatch(r"hf_[A-Za-z]{34}", v)),
    "SENDGRID_KEY": lambda v: bool(re.fullmatch(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", v)),
    "NPM_TOKEN": lambda v: bool(re.fullmatch(r"npm_[A-Za-z0-9]{36}", v)),
    "PYPI_TOKEN": lambda v: bool(re.fullmatch(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", v)),
    "JWT": lambda v: bool(re.fullmatch(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", v)),
    "PRIVATE_KEY": lambda v: v.startswith("-----BEGIN ") and v.endswith("-----") and "PRIVATE KEY" in v,
    "GCP_SERVICE_ACCOUNT_KEY": lambda v: (
        v.startswith("-----BEGIN PRIVATE KEY-----") and v.endswith("-----END PRIVATE KEY-----")
    ),
    "OPENAI_API_KEY": lambda v: bool(re.fullmatch(r"sk-proj-[A-Za-z0-9_-]{100,}|sk-[A-Za-z0-9]{48}", v)),
}

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
SSN_RE = re.compile(r"(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)")
CARDLIKE_RE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")
IBANLIKE_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")


def _word_list() -> list[str]:
    words: set[str] = set()
    for lst in (
        FIRST_NAMES,
        LAST_NAMES,
        DE_FIRST,
        DE_LAST,
        FR_FIRST,
        FR_LAST,
        ES_FIRST,
        ES_LAST,
        IT_FIRST,
        IT_LAST,
        UK_CITIES,
        DE_CITIES,
        FR_CITIES,
        ES_CITIES,
    ):
        words.update(lst)
    for city, region in CITIES + US_CITIES:
        words.update((city, region))
    words.update(c for _code, c in IT_COMUNI)
    words.add("Italy")
    return sorted(words, key=lambda w: (-len(w), w))


NAME_RE = re.compile(r"(?<![\w@./-])(?:" + "|".join(re.escape(w) for w in _word_list()) + r")(?![\w@-])")


def _covered(spans: list[tuple[int, int, str]], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b, _t in spans)


def audit(text: str, spans: list[tuple[int, int, str]], allowed: set[str]) -> tuple[list[str], list[str]]:
    """Unlabelled look-alikes: errors must be fixed, warnings are reviewed by hand."""
    errors: list[str] = []
    warnings: list[str] = []
    for m in EMAIL_RE.finditer(text):
        dom = m.group().rsplit("@", 1)[1].lower()
        if not _covered(spans, m.start(), m.end()) and not dom.endswith(ALLOWED_EMAIL_DOMAINS):
            errors.append(f"unlabelled email {m.group()!r}")
    for m in IPV4_RE.finditer(text):
        v = m.group()
        if (
            all(int(o) <= 255 for o in v.split("."))
            and not _covered(spans, m.start(), m.end())
            and not ip_is_documentation(v)
            and not ip_is_private(v)
            and v not in allowed
            and not any(v in a for a in allowed)
        ):
            errors.append(f"unlabelled ip {v!r}")
    for m in SSN_RE.finditer(text):
        if ssn_ok(m.group()) and not _covered(spans, m.start(), m.end()):
            errors.append(f"unlabelled ssn {m.group()!r}")
    for m in IBANLIKE_RE.finditer(text):
        if (
            iban_ok(m.group())
            and m.group().replace(" ", "") not in DOC_IBANS
            and not _covered(spans, m.start(), m.end())
        ):
            errors.append(f"unlabelled iban {m.group()!r}")
    for m in CARDLIKE_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if (
            luhn_ok(digits)
            and digits not in WELL_KNOWN_TEST_CARDS
            and not _covered(spans, m.start(), m.end())
        ):
            warnings.append(f"luhn-valid digit run {m.group()!r}")
    for m in NAME_RE.finditer(text):
        if not _covered(spans, m.start(), m.end()):
            errors.append(f"unlabelled name/place {m.group()!r}")
    return errors, warnings


def check_spans(text: str, spans: list[tuple[int, int, str]]) -> None:
    prev_end = -1
    for s, e, t in sorted(spans):
        v = text[s:e]
        if not v or v != v.strip():
            raise AssertionError(f"bad span value {v!r}")
        if s < prev_end:
            raise AssertionError(f"overlapping spans at {s}")
        prev_end = e
        check = VALIDATORS.get(t)
        if check is not None and not check(v):
            raise AssertionError(f"{t} value fails validation: {v!r}")


def build() -> tuple[list[dict[str, object]], list[str]]:
    g = Fake(SEED)
    generated: list[tuple[Template, Frag]] = []
    seen: set[str] = set()
    for tpl in TEMPLATES:
        for _ in range(tpl.count):
            for _attempt in range(30):  # templates with little variation must not yield duplicate texts
                out = tpl.fn(g)
                frag = out if isinstance(out, Frag) else Frag(out, [])
                text = frag.text.rstrip()
                if text not in seen:
                    break
            else:
                continue
            seen.add(text)
            spans = sorted(frag.spans)
            if any(e > len(text) for _s, e, _t in spans):
                raise AssertionError(f"{tpl.name}: span beyond text end")
            generated.append((tpl, Frag(text, spans)))
    g.r.shuffle(generated)
    counters: Counter[str] = Counter()
    records: list[dict[str, object]] = []
    problems: list[str] = []
    warnings: list[str] = []
    for tpl, frag in generated:
        counters[tpl.kind] += 1
        rid = f"{KIND_PREFIX[tpl.kind]}-{counters[tpl.kind]:04d}"
        if tpl.negative and frag.spans:
            problems.append(f"{rid} ({tpl.name}): negative text has spans")
        if not tpl.negative and not frag.spans:
            problems.append(f"{rid} ({tpl.name}): positive text has no spans")
        try:
            check_spans(frag.text, frag.spans)
        except AssertionError as exc:
            problems.append(f"{rid} ({tpl.name}): {exc}")
        errs, warns = audit(frag.text, frag.spans, g.allowed)
        problems.extend(f"{rid} ({tpl.name}): {x}" for x in errs)
        warnings.extend(f"{rid} ({tpl.name}): {x}" for x in warns)
        records.append(
            {
                "id": rid,
                "kind": tpl.kind,
                "lang": tpl.lang,
                "negative": tpl.negative,
                "text": frag.text,
                "spans": [
                    {"start": s, "end": e, "entity_type": t, "category": ENTITY_CATEGORY[t]}
                    for s, e, t in frag.spans
                ],
                "template": tpl.name,
            }
        )
    if problems:
        raise SystemExit("corpus problems:\n  " + "\n  ".join(problems))
    records.sort(key=lambda r: str(r["id"]))
    return records, warnings


def serialise(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def stats(records: list[dict[str, object]]) -> str:
    rows: list[str] = []
    n = len(records)
    negs = sum(1 for r in records if r["negative"])
    rows.append(
        f"texts: {n}  negatives: {negs} ({negs / n:.1%})  templates: {len(TEMPLATES)} "
        f"({sum(1 for t in TEMPLATES if not t.negative)} positive, {sum(1 for t in TEMPLATES if t.negative)} negative)"
    )
    lengths = sorted(len(str(r["text"])) for r in records)
    rows.append(f"text length (chars): min {lengths[0]}, median {lengths[n // 2]}, max {lengths[-1]}")
    by_cat: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for r in records:
        for s in r["spans"]:  # type: ignore[union-attr]
            row = s["entity_type"]
            by_type[row] += 1
            cat_row = s["category"]
            if row == "EMAIL_ADDRESS":
                cat_row = "contact/email"
            elif row == "PHONE_NUMBER":
                cat_row = "contact/phone"
            by_cat[cat_row] += 1
    rows.append("spans per category: " + ", ".join(f"{k}={v}" for k, v in sorted(by_cat.items())))
    rows.append("spans per entity type:")
    rows.extend(f"  {k:<24} {v}" for k, v in sorted(by_type.items()))
    by_kind: Counter[str] = Counter(str(r["kind"]) for r in records)
    neg_kind: Counter[str] = Counter(str(r["kind"]) for r in records if r["negative"])
    rows.append("texts per kind (negatives):")
    rows.extend(f"  {k:<16} {v:>3} ({neg_kind[k]})" for k, v in sorted(by_kind.items()))
    by_lang: Counter[str] = Counter(str(r["lang"]) for r in records)
    neg_lang: Counter[str] = Counter(str(r["lang"]) for r in records if r["negative"])
    rows.append(
        "texts per lang (negatives): "
        + ", ".join(f"{k}={v} ({neg_lang[k]})" for k, v in sorted(by_lang.items()))
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--check", action="store_true", help="verify corpus.jsonl is up to date instead of writing it"
    )
    ap.add_argument("--out", type=Path, default=OUT_PATH)
    ap.add_argument(
        "--warnings", action="store_true", help="print audit warnings (Luhn-valid unlabelled digit runs)"
    )
    args = ap.parse_args(argv)
    records, warnings = build()
    data = serialise(records)
    if args.warnings:
        for w in warnings:
            print("warning:", w)
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} is stale; re-run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(records)} texts)")
        return 0
    args.out.write_bytes(data)
    print(
        f"wrote {args.out} ({len(records)} texts, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]})"
    )
    print(stats(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
