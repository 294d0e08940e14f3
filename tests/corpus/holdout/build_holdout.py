#!/usr/bin/env python3
# ruff: noqa: E501
"""Independent held-out corpus for DLP Guard.

Written from scratch, without looking at the engine (dlpguard/) or at the first
corpus (tests/corpus/build_corpus.py, corpus.jsonl), so scores on it are not tuned-for.

Stdlib only and deterministic: a fixed seed, no set iteration, no clock, no
environment lookups, so two runs write byte-identical output.

    python tests/corpus/holdout/build_holdout.py           # (re)write holdout.jsonl
    python tests/corpus/holdout/build_holdout.py --check   # fail if the file is stale

Every labelled value is inserted through ``render``: a template holds ⟨field⟩
placeholders, and a field is plain text, an ``Ent`` (a labelled value) or a
``Frag`` (already-rendered text that carries its own spans). Span offsets are
therefore computed while the text is assembled, and each one is asserted to
satisfy ``text[start:end] == value``. Offsets are Python ``str`` indices, that is
Unicode code points.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import string
import sys
import textwrap
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SEED = 20240917
OUT_PATH = Path(__file__).resolve().with_name("holdout.jsonl")

CATEGORY: dict[str, str] = {
    "AWS_ACCESS_KEY": "secret",
    "AWS_SECRET_KEY": "secret",
    "GITHUB_TOKEN": "secret",
    "GITLAB_TOKEN": "secret",
    "SLACK_TOKEN": "secret",
    "SLACK_WEBHOOK": "secret",
    "STRIPE_KEY": "secret",
    "OPENAI_API_KEY": "secret",
    "ANTHROPIC_API_KEY": "secret",
    "GCP_API_KEY": "secret",
    "SENDGRID_KEY": "secret",
    "NPM_TOKEN": "secret",
    "JWT": "secret",
    "PRIVATE_KEY": "secret",
    "CONNECTION_STRING": "secret",
    "PASSWORD": "secret",
    "GENERIC_SECRET": "secret",
    "CREDIT_CARD": "financial",
    "IBAN_CODE": "financial",
    "CRYPTO": "financial",
    "US_SSN": "government_id",
    "UK_NINO": "government_id",
    "DE_TAX_ID": "government_id",
    "FR_NIR": "government_id",
    "ES_NIF": "government_id",
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network",
    "MAC_ADDRESS": "network",
    "PERSON": "person",
    "LOCATION": "location",
}

R = random.Random(SEED)

# --------------------------------------------------------------------------------------
# Span-tracking text assembly
# --------------------------------------------------------------------------------------


class Ent:
    """A labelled value."""

    __slots__ = ("etype", "value")

    def __init__(self, etype: str, value: str) -> None:
        assert etype in CATEGORY, etype
        assert value and value == value.strip(), repr(value)
        self.etype = etype
        self.value = value

    def __str__(self) -> str:  # pragma: no cover - guard against accidental str()
        raise TypeError("Ent must go through render(), not str()")


class Frag:
    """Rendered text plus its spans as (start, end, entity_type, value)."""

    __slots__ = ("spans", "text")

    def __init__(self, text: str = "", spans: list[tuple[int, int, str, str]] | None = None) -> None:
        self.text = text
        self.spans = spans or []


Field = str | int | Ent | Frag
PH_RE = re.compile(r"⟨(\w+)⟩")


def _append(parts: list[str], spans: list, pos: int, value: Field) -> int:
    if isinstance(value, Ent):
        spans.append((pos, pos + len(value.value), value.etype, value.value))
        text = value.value
    elif isinstance(value, Frag):
        spans.extend((a + pos, b + pos, t, v) for a, b, t, v in value.spans)
        text = value.text
    else:
        text = str(value)
    parts.append(text)
    return pos + len(text)


def render(template: str, **fields: Field) -> Frag:
    parts: list[str] = []
    spans: list[tuple[int, int, str, str]] = []
    pos = 0
    last = 0
    for m in PH_RE.finditer(template):
        pos = _append(parts, spans, pos, template[last : m.start()])
        key = m.group(1)
        if key not in fields:
            raise KeyError(f"template field {key!r} not supplied")
        pos = _append(parts, spans, pos, fields[key])
        last = m.end()
    _append(parts, spans, pos, template[last:])
    text = "".join(parts)
    assert "⟨" not in text and "⟩" not in text, text
    for a, b, _t, v in spans:
        assert text[a:b] == v
    return Frag(text, spans)


def T(template: str, **fields: Field) -> Frag:
    """Dedent a triple-quoted template, drop the surrounding blank lines, render it."""
    return render(textwrap.dedent(template).strip("\n"), **fields)


def cat(*items: Field) -> Frag:
    parts: list[str] = []
    spans: list = []
    pos = 0
    for it in items:
        pos = _append(parts, spans, pos, it)
    return Frag("".join(parts), spans)


def join(sep: str, items: list[Field]) -> Frag:
    out: list[Field] = []
    for i, it in enumerate(items):
        if i:
            out.append(sep)
        out.append(it)
    return cat(*out)


def E(etype: str, value: str) -> Ent:
    return Ent(etype, value)


# --------------------------------------------------------------------------------------
# Random helpers
# --------------------------------------------------------------------------------------

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits
ALNUM = string.ascii_letters + string.digits
UPPER_NUM = UPPER + DIGITS
LOWER_NUM = LOWER + DIGITS
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def rs(n: int, alphabet: str = ALNUM) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def rs_mixed(n: int, alphabet: str = ALNUM) -> str:
    """Random string that contains an upper-case letter, a lower-case letter and a digit."""
    while True:
        s = rs(n, alphabet)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def digits(n: int) -> str:
    return "".join(R.choice(DIGITS) for _ in range(n))


def rbytes(n: int) -> bytes:
    return bytes(R.randrange(256) for _ in range(n))


def ruuid() -> str:
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def pick(seq: list | tuple):
    return seq[R.randrange(len(seq))]


_DECKS: dict[str, list] = {}


def deal(key: str, options: list):
    """Draw without replacement (reshuffled when exhausted), so pick-one templates don't repeat."""
    deck = _DECKS.get(key)
    if not deck:
        deck = list(options)
        R.shuffle(deck)
        _DECKS[key] = deck
    return deck.pop()


def chance(p: float) -> bool:
    return R.random() < p


def clock() -> str:
    h = R.randint(7, 18)
    m = R.randint(0, 59)
    return f"{h:02d}:{m:02d}"


def clock12() -> str:
    h = R.randint(8, 17)
    m = R.randint(0, 59)
    return f"{(h - 1) % 12 + 1}:{m:02d} {'AM' if h < 12 else 'PM'}"


def clocks12(k: int) -> list[str]:
    """k increasing 12-hour clock times on one working day."""
    mins = sorted(R.sample(range(8 * 60, 18 * 60), k))
    return [f"{(m // 60 - 1) % 12 + 1}:{m % 60:02d} {'AM' if m < 720 else 'PM'}" for m in mins]


def date_iso(year: int = 2024) -> str:
    return f"{year}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"


def group(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


# --------------------------------------------------------------------------------------
# People and places
# --------------------------------------------------------------------------------------

FIRST = {
    "en": ["Priya", "Marcus", "Hannah", "Derek", "Olivia", "Nathan", "Megan", "Connor", "Rachel", "Tyler",
           "Lauren", "Gareth", "Siobhan", "Declan", "Imogen", "Rhys", "Kayla", "Brandon", "Aisling", "Owen"],
    "de": ["Jana", "Lukas", "Katrin", "Matthias", "Sabine", "Florian", "Anja", "Jörg", "Birgit", "Henrik",
           "Svenja", "Tobias", "Ulrike", "Dominik", "Franziska", "Heiko"],
    "fr": ["Camille", "Julien", "Élodie", "Mathieu", "Chloé", "Antoine", "Margaux", "Théo", "Sandrine",
           "Baptiste", "Léa", "Guillaume", "Manon", "Aurélien", "Inès", "Romain"],
    "es": ["Lucía", "Javier", "Carmen", "Alejandro", "Marta", "Sergio", "Paula", "Diego", "Nuria", "Álvaro",
           "Irene", "Rubén", "Beatriz", "Iker", "Elena", "Raúl"],
}
LAST = {
    "en": ["Whitfield", "Brennan", "Caldwell", "Harrington", "Donnelly", "Pemberton", "Ashworth", "Okafor",
           "Lindgren", "Castellano", "Patel", "Kowalczyk", "Halloran", "Sutcliffe", "McAllister", "Ferreira",
           "Oyelaran", "Nakashima"],
    "de": ["Müller", "Hoffmann", "Krämer", "Brandt", "Neumann", "Hartmann", "Lehmann", "Schulze", "Köhler",
           "Seidel", "Baumgartner", "Reinholdt", "Kessler", "Winkelmann", "Brückner", "Ostermann"],
    "fr": ["Dubois", "Lefèvre", "Moreau", "Girard", "Garnier", "Mercier", "Faure", "Perrin", "Roussel",
           "Gauthier", "Lemaire", "Chevallier", "Vasseur", "Lacombe", "Delorme", "Benali"],
    "es": ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Ortega", "Delgado",
           "Vidal", "Herrera", "Morales", "Serrano", "Prieto", "Cuesta", "Ibarra"],
}
INTL = [
    ("Wei", "Zhang"), ("Chinedu", "Okonkwo"), ("Aiko", "Tanaka"), ("Mehmet", "Yılmaz"), ("Anjali", "Rao"),
    ("Oluwaseun", "Adeyemi"), ("Rahul", "Mehta"), ("Sofia", "Lindqvist"), ("Mateus", "Oliveira"),
    ("Fatima", "Haddad"), ("Kwame", "Mensah"), ("Ingrid", "Solberg"), ("Arjun", "Nair"), ("Mei Lin", "Tan"),
    ("Tomasz", "Wójcik"), ("Yusuf", "Demir"), ("Thandiwe", "Dlamini"), ("Hiroshi", "Watanabe"),
]

CITIES = {
    "en": [("London", "UK"), ("Manchester", "UK"), ("Leeds", "UK"), ("Edinburgh", "Scotland"),
           ("Dublin", "Ireland"), ("Cork", "Ireland"), ("Toronto", "Canada"), ("Chicago", "USA"),
           ("Seattle", "USA"), ("Denver", "USA"), ("Atlanta", "USA"), ("Berlin", "Germany"),
           ("Munich", "Germany"), ("Paris", "France"), ("Lyon", "France"), ("Madrid", "Spain"),
           ("Barcelona", "Spain"), ("Amsterdam", "Netherlands"), ("Bangalore", "India"),
           ("Singapore", "Singapore"), ("Lisbon", "Portugal"), ("Warsaw", "Poland"), ("Nairobi", "Kenya")],
    "de": [("Berlin", "Deutschland"), ("München", "Deutschland"), ("Hamburg", "Deutschland"),
           ("Köln", "Deutschland"), ("Frankfurt am Main", "Deutschland"), ("Stuttgart", "Deutschland"),
           ("Leipzig", "Deutschland"), ("Düsseldorf", "Deutschland"), ("Wien", "Österreich"),
           ("Graz", "Österreich"), ("Zürich", "Schweiz"), ("Basel", "Schweiz")],
    "fr": [("Paris", "France"), ("Lyon", "France"), ("Marseille", "France"), ("Toulouse", "France"),
           ("Bordeaux", "France"), ("Nantes", "France"), ("Lille", "France"), ("Strasbourg", "France"),
           ("Bruxelles", "Belgique"), ("Genève", "Suisse"), ("Montréal", "Canada")],
    "es": [("Madrid", "España"), ("Barcelona", "España"), ("Sevilla", "España"), ("Valencia", "España"),
           ("Bilbao", "España"), ("Málaga", "España"), ("Zaragoza", "España"),
           ("Ciudad de México", "México"), ("Buenos Aires", "Argentina"), ("Bogotá", "Colombia")],
}
REGIONS = {
    "en": ["California", "Ontario", "Bavaria", "Catalonia", "Texas", "Andalusia"],
    "de": ["Bayern", "Hessen", "Sachsen", "Tirol", "Niedersachsen"],
    "fr": ["Bretagne", "Occitanie", "Normandie", "Alsace"],
    "es": ["Cataluña", "Andalucía", "Galicia", "País Vasco"],
}
POSTCODES = {
    "Berlin": "10115", "München": "80331", "Hamburg": "20095", "Köln": "50667", "Frankfurt am Main": "60311",
    "Stuttgart": "70173", "Leipzig": "04109", "Düsseldorf": "40213", "Wien": "1010", "Graz": "8010",
    "Zürich": "8001", "Basel": "4051", "Paris": "75011", "Lyon": "69003", "Marseille": "13006",
    "Toulouse": "31000", "Bordeaux": "33000", "Nantes": "44000", "Lille": "59000", "Strasbourg": "67000",
    "Madrid": "28013", "Barcelona": "08013", "Sevilla": "41004", "Valencia": "46002", "Bilbao": "48001",
    "Málaga": "29001", "Zaragoza": "50001", "Bruxelles": "1000", "Genève": "1201", "Montréal": "H2X 1Y4",
}


def city_pc(lang: str) -> tuple[str, str, str]:
    """(city, country, postcode) for a city in the country whose postal format the templates use."""
    c, k = pick([row for row in CITIES[lang] if row[0] in POSTCODES])
    return c, k, POSTCODES[c]


def all_name_tokens() -> list[str]:
    """Every first/last name the generator can emit (used by the integrity test)."""
    out: list[str] = []
    for pool in (FIRST, LAST):
        for names in pool.values():
            out.extend(names)
    for f, last in INTL:
        out.extend([f, last])
    return out


def all_place_names() -> list[str]:
    out: list[str] = []
    for rows in CITIES.values():
        for c, k in rows:
            out.extend([c, k])
    for rows in REGIONS.values():
        out.extend(rows)
    return out


def ascii_fold(s: str, german: bool = False) -> str:
    if german:
        s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae")
        s = s.replace("Ö", "Oe").replace("Ü", "Ue")
    s = s.replace("ß", "ss").replace("ı", "i")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


class Person:
    def __init__(self, first: str, last: str, locale: str) -> None:
        self.first = first
        self.last = last
        self.locale = locale

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def slug(self, style: str = "first.last") -> str:
        f = ascii_fold(self.first, self.locale == "de").lower().replace(" ", "")
        la = ascii_fold(self.last, self.locale == "de").lower().replace(" ", "")
        return {
            "first.last": f"{f}.{la}",
            "flast": f"{f[0]}{la}",
            "first_last": f"{f}_{la}",
            "first": f,
            "f.last": f"{f[0]}.{la}",
            "lastf": f"{la}{f[0]}",
        }[style]

    def email(self, domain: str, style: str | None = None) -> str:
        style = style or pick(["first.last", "first.last", "flast", "f.last", "first"])
        return f"{self.slug(style)}@{domain}"

    # labelled pieces
    def P(self) -> Ent:
        return E("PERSON", self.full)

    def F(self) -> Ent:
        return E("PERSON", self.first)

    def L(self) -> Ent:
        return E("PERSON", self.last)

    def EM(self, domain: str, style: str | None = None) -> Ent:
        return E("EMAIL_ADDRESS", self.email(domain, style))


def people(k: int, locale: str = "mix") -> list[Person]:
    """k distinct people; locale 'mix' draws from every pool (multinational teams)."""
    out: list[Person] = []
    seen_first: list[str] = []
    seen_last: list[str] = []
    while len(out) < k:
        loc = locale
        if locale == "mix":
            loc = pick(["en", "en", "en", "de", "fr", "es", "intl", "intl"])
        if loc == "intl":
            f, la = pick(INTL)
            p = Person(f, la, "intl")
        else:
            p = Person(pick(FIRST[loc]), pick(LAST[loc]), loc)
        if p.first in seen_first or p.last in seen_last:
            continue
        seen_first.append(p.first)
        seen_last.append(p.last)
        out.append(p)
    return out


def person(locale: str = "mix") -> Person:
    return people(1, locale)[0]


def city(lang: str = "en") -> tuple[str, str]:
    return pick(CITIES[lang])


def LOC(s: str) -> Ent:
    return E("LOCATION", s)


COMPANY_DOMAINS = ["brightloom.io", "vantapay.com", "quillfeather.co.uk", "tessellate-labs.com", "helixcare.org",
                   "orbitfreight.net", "lumenstack.dev", "corvid-analytics.com", "greyhollow.io", "pallas-hr.com"]
PERSONAL_DOMAINS = {
    "en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "hotmail.com"],
    "de": ["gmx.de", "web.de", "t-online.de", "posteo.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
}
COMPANIES = {
    "en": [("Brightloom Analytics", "brightloom.io"), ("Vantapay Ltd", "vantapay.com"),
           ("Quillfeather Ltd", "quillfeather.co.uk"), ("Tessellate Labs", "tessellate-labs.com"),
           ("Orbit Freight Inc.", "orbitfreight.net"), ("Greyhollow Software", "greyhollow.io")],
    "de": [("Nordwind Logistik GmbH", "nordwind-logistik.de"), ("Kranich Medizintechnik AG", "kranich-mt.de"),
           ("Kompass Steuerberatung", "kompass-stb.de"), ("Blauquell Energie GmbH", "blauquell.de")],
    "fr": [("Atelier Lumen SAS", "atelier-lumen.fr"), ("Cerfeuil Conseil SARL", "cerfeuil-conseil.fr"),
           ("Optique Vermeil", "optique-vermeil.fr"), ("Hexagone Paiements SA", "hexagone-paiements.fr")],
    "es": [("Solara Energía S.L.", "solara-energia.es"), ("Grupo Alcaraván S.A.", "alcaravan.es"),
           ("Tejido Digital S.L.", "tejidodigital.es"), ("Clínica Sonrisa", "clinica-sonrisa.es")],
}


def company(lang: str = "en") -> tuple[str, str]:
    return pick(COMPANIES[lang])


# --------------------------------------------------------------------------------------
# Contact and network values
# --------------------------------------------------------------------------------------


def phone(country: str) -> str:
    c = country
    if c in ("US", "CA"):
        area = pick(["212", "312", "415", "512", "617", "646", "206", "303", "404", "702", "305", "720"]
                    if c == "US" else ["416", "647", "604", "514"])
        while True:
            ex = str(R.randint(201, 989))
            if ex != "555" and ex[1:] != "11":
                break
        ln = digits(4)
        return pick([f"+1 ({area}) {ex}-{ln}", f"({area}) {ex}-{ln}", f"{area}-{ex}-{ln}",
                     f"+1 {area} {ex} {ln}", f"{area}.{ex}.{ln}", f"+1-{area}-{ex}-{ln}"])
    if c == "UK":
        kind = pick(["mob", "mob", "lon", "man"])
        if kind == "mob":
            n = "7" + pick(["3", "4", "5", "8", "9"]) + digits(8)
            return pick([f"+44 {n[:4]} {n[4:]}", f"0{n[:4]} {n[4:]}", f"+44 (0){n[:4]} {n[4:]}", f"0{n}"])
        if kind == "lon":
            n = pick(["3", "7", "8"]) + digits(7)
            return pick([f"+44 20 {n[:4]} {n[4:]}", f"020 {n[:4]} {n[4:]}"])
        n = pick(["2", "3", "8"]) + digits(6)
        return pick([f"+44 161 {n[:3]} {n[3:]}", f"0161 {n[:3]} {n[3:]}"])
    if c == "IE":
        n = pick(["83", "85", "86", "87"])
        a, b = digits(3), digits(4)
        return pick([f"+353 {n} {a} {b}", f"0{n} {a} {b}"])
    if c == "DE":
        if chance(0.5):
            pre = pick(["151", "152", "160", "162", "170", "171", "172", "175", "176", "177", "179"])
            n = digits(pick([7, 8]))
            return pick([f"+49 {pre} {n[:4]} {n[4:]}", f"0{pre} {n}", f"+49 {pre} {n}", f"0{pre}/{n}",
                         f"+49 (0){pre} {n}"])
        area = pick(["30", "40", "89", "221", "69", "711", "341", "211"])
        n = digits(8 - len(area) + 2)
        return pick([f"+49 {area} {n}", f"0{area} {n}", f"+49 (0){area} {n[:4]} {n[4:]}", f"0{area}/{n}",
                     f"0{area} {n[:-2]}-{n[-2:]}"])
    if c == "AT":
        return pick([f"+43 664 {digits(7)}", f"+43 1 {digits(3)} {digits(4)}", f"0664 {digits(7)}"])
    if c == "CH":
        return pick([f"+41 79 {digits(3)} {digits(2)} {digits(2)}", f"+41 44 {digits(3)} {digits(2)} {digits(2)}"])
    if c == "FR":
        first = pick(["6", "7", "1", "4", "5"])
        pairs = [digits(2) for _ in range(4)]
        return pick([f"+33 {first} {' '.join(pairs)}", f"0{first} {' '.join(pairs)}",
                     f"0{first}.{'.'.join(pairs)}", f"+33 (0){first} {' '.join(pairs)}", f"0{first}{''.join(pairs)}"])
    if c == "BE":
        return f"+32 4{digits(2)} {digits(2)} {digits(2)} {digits(2)}"
    if c == "ES":
        if chance(0.6):
            n = pick(["6", "6", "71", "72", "73", "74"])
            n += digits(9 - len(n))
            return pick([f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"{n[:3]} {n[3:6]} {n[6:]}", f"+34 {n}",
                         f"+34 {n[:3]} {n[3:6]} {n[6:]}"])
        n = pick(["91", "93", "95", "96", "94"]) + digits(7)
        return pick([f"+34 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"{n[:3]} {n[3:6]} {n[6:]}"])
    if c == "MX":
        return f"+52 55 {digits(4)} {digits(4)}"
    if c == "IN":
        n = pick(["98", "99", "97", "87", "70"]) + digits(8)
        return pick([f"+91 {n[:5]} {n[5:]}", f"+91-{n}", f"0{n[:5]} {n[5:]}"])
    if c == "NL":
        n = str(R.randint(1, 6)) + digits(7)
        return pick([f"+31 6 {n}", f"+31 6 {n[:4]} {n[4:]}", f"06-{n}"])
    if c == "PT":
        return pick([f"+351 91{digits(1)} {digits(3)} {digits(3)}", f"+351 21 {digits(3)} {digits(4)}"])
    if c == "PL":
        return f"+48 {pick(['501', '602', '695', '512'])} {digits(3)} {digits(3)}"
    if c == "SG":
        return f"+65 {pick(['8', '9'])}{digits(3)} {digits(4)}"
    if c == "KE":
        return f"+254 7{digits(2)} {digits(3)} {digits(3)}"
    raise ValueError(c)


COUNTRY_OF = {
    "UK": "UK", "Scotland": "UK", "Ireland": "IE", "Canada": "CA", "USA": "US", "Germany": "DE",
    "France": "FR", "Spain": "ES", "Netherlands": "NL", "India": "IN", "Singapore": "SG", "Portugal": "PT",
    "Poland": "PL", "Kenya": "KE", "Deutschland": "DE", "Österreich": "AT", "Schweiz": "CH", "Belgique": "BE",
    "Suisse": "CH", "España": "ES", "México": "MX", "Argentina": "ES", "Colombia": "ES",
}


def PHONE(country: str) -> Ent:
    return E("PHONE_NUMBER", phone(country))


DOC_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
PUBLIC_FIRST = [23, 31, 34, 37, 45, 52, 62, 77, 78, 81, 85, 88, 91, 104, 109, 141, 146, 151, 176, 178, 185,
                188, 193, 195, 212, 213, 217]


def ip_public() -> str:
    return f"{pick(PUBLIC_FIRST)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ip_private() -> str:
    k = R.randrange(3)
    if k == 0:
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    if k == 1:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    return f"192.168.{R.randint(0, 20)}.{R.randint(2, 254)}"


def ipv6_public() -> str:
    pre = pick(["2a02:810d", "2a01:4f8", "2600:1f18", "2a00:1450", "2604:a880", "2a02:8108", "2001:16b8"])
    groups = [f"{R.randrange(1, 0xFFFF):x}" for _ in range(6)]
    if chance(0.5):
        return f"{pre}:{groups[0]}:{groups[1]}::{groups[2]}"
    return f"{pre}:{':'.join(groups)}"


def IP(kind: str = "any") -> Ent:
    if kind == "any":
        kind = pick(["pub", "priv", "priv"])
    return E("IP_ADDRESS", {"pub": ip_public, "priv": ip_private, "v6": ipv6_public}[kind]())


def mac(style: str | None = None) -> str:
    b = [R.randrange(256) for _ in range(6)]
    b[0] &= 0xFC
    style = style or pick([":", ":", "-", "."])
    if style == ":":
        return ":".join(f"{x:02x}" for x in b)
    if style == "-":
        return "-".join(f"{x:02X}" for x in b)
    h = "".join(f"{x:02x}" for x in b)
    return f"{h[0:4]}.{h[4:8]}.{h[8:12]}"


def MAC(style: str | None = None) -> Ent:
    return E("MAC_ADDRESS", mac(style))


# --------------------------------------------------------------------------------------
# Financial and government identifiers (checksums computed, never hard-coded)
# --------------------------------------------------------------------------------------

WELL_KNOWN_TEST_CARDS = ("4111111111111111", "4242424242424242", "5555555555554444", "4000056655665556",
                         "378282246310005", "6011111111111117", "5105105105105100", "4012888888881881")


def luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return luhn_digit(number[:-1]) == number[-1]


def card_number(brand: str | None = None) -> str:
    brand = brand or pick(["visa", "visa", "mc", "mc", "amex", "disc"])
    while True:
        if brand == "visa":
            payload = "4" + pick(["539", "716", "929", "485", "556", "024", "175", "918"]) + digits(11)
        elif brand == "mc":
            payload = pick(["51", "52", "53", "54", "55", "2221", "2720"])
            payload += digits(15 - len(payload))
        elif brand == "amex":
            payload = pick(["34", "37"]) + digits(12)
        else:
            payload = "6011" + digits(11)
        n = payload + luhn_digit(payload)
        if n not in WELL_KNOWN_TEST_CARDS and len(set(n)) > 4:
            return n


def fmt_card(n: str, style: str | None = None) -> str:
    style = style or pick(["space", "space", "dash", "plain"])
    parts = [n[:4], n[4:10], n[10:]] if len(n) == 15 else [n[i : i + 4] for i in range(0, 16, 4)]
    return {"space": " ".join(parts), "dash": "-".join(parts), "plain": n}[style]


def CARD(brand: str | None = None, style: str | None = None) -> Ent:
    return E("CREDIT_CARD", fmt_card(card_number(brand), style))


def card_failing_luhn(prefix: str = "4") -> str:
    payload = prefix + digits(15 - len(prefix))
    good = luhn_digit(payload)
    bad = str((int(good) + R.randint(1, 9)) % 10)
    return payload + bad


EXAMPLE_IBANS = ("DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
                 "FR1420041010050500013M02606", "ES9121000418450200051332", "NL91ABNA0417164300")


def iban_from_bban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - num % 97:02d}{bban}"


def iban_mod97_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def _es_dc(ten: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(ten, w, strict=True)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def bban(country: str) -> str:
    if country == "DE":
        return pick(["10010010", "20041133", "50010517", "70150000", "37050198", "43060967", "60050101"]) + digits(10)
    if country == "AT":
        return pick(["20111", "12000", "32000", "14000"]) + digits(11)
    if country == "FR":
        bank, branch, acct = pick(["30004", "30003", "10278", "20041", "17515"]), digits(5), digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if country == "ES":
        bank, branch, acct = pick(["2100", "0049", "0182", "2085", "0081"]), digits(4), digits(10)
        return bank + branch + _es_dc("00" + bank + branch) + _es_dc(acct) + acct
    if country == "GB":
        return pick(["BARC", "LOYD", "HBUK", "NWBK", "MIDL", "MONZ"]) + digits(6) + digits(8)
    if country == "IE":
        return pick(["AIBK", "BOFI"]) + digits(6) + digits(8)
    if country == "NL":
        while True:
            acct = digits(10)
            if sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0 and acct[0] != "0":
                return pick(["ABNA", "RABO", "INGB"]) + acct
    if country == "BE":
        first = digits(10)
        chk = int(first) % 97 or 97
        return f"{first}{chk:02d}"
    if country == "CH":
        return pick(["00762", "00230", "00700"]) + digits(12)
    raise ValueError(country)


def iban(country: str, grouped: bool | None = None) -> str:
    while True:
        v = iban_from_bban(country, bban(country))
        if v not in EXAMPLE_IBANS:
            break
    assert iban_mod97_ok(v)
    if grouped is None:
        grouped = chance(0.6)
    return group(v) if grouped else v


def IBAN(country: str, grouped: bool | None = None) -> Ent:
    return E("IBAN_CODE", iban(country, grouped))


def iban_failing(country: str = "DE") -> str:
    good = iban_from_bban(country, bban(country))
    cd = int(good[2:4])
    bad = f"{(cd + R.randint(1, 50)) % 97 + 2:02d}"
    if bad == good[2:4]:
        bad = f"{(cd + 1) % 97 + 2:02d}"
    v = good[:2] + bad + good[4:]
    assert not iban_mod97_ok(v)
    return v


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def bech32_address(program: bytes, hrp: str = "bc") -> str:
    acc, bits, data = 0, 0, [0]
    for b in program:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp_exp = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = _bech32_polymod([*hrp_exp, *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + checksum)


def btc_address(kind: str | None = None) -> str:
    kind = kind or pick(["p2pkh", "p2pkh", "p2sh", "bech32"])
    if kind == "p2pkh":
        return b58check(b"\x00" + rbytes(20))
    if kind == "p2sh":
        return b58check(b"\x05" + rbytes(20))
    return bech32_address(rbytes(20))


def CRYPTO(kind: str | None = None) -> Ent:
    return E("CRYPTO", btc_address(kind))


KNOWN_EXAMPLE_SSNS = ("123-45-6789", "078-05-1120", "219-09-9999", "457-55-5462")


def ssn(style: str | None = None) -> str:
    while True:
        area = R.randint(1, 899)
        if area == 666:
            continue
        v = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in KNOWN_EXAMPLE_SSNS:
            break
    style = style or pick(["dash", "dash", "dash", "space", "plain"])
    return {"dash": v, "space": v.replace("-", " "), "plain": v.replace("-", "")}[style]


def SSN(style: str | None = None) -> Ent:
    return E("US_SSN", ssn(style))


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD_PREFIX = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def nino(spaced: bool | None = None) -> str:
    while True:
        pre = R.choice(NINO_FIRST) + R.choice(NINO_SECOND)
        if pre not in NINO_BAD_PREFIX:
            break
    num = digits(6)
    suf = R.choice("ABCD")
    if spaced is None:
        spaced = chance(0.5)
    return f"{pre} {num[:2]} {num[2:4]} {num[4:]} {suf}" if spaced else f"{pre}{num}{suf}"


def NINO(spaced: bool | None = None) -> Ent:
    return E("UK_NINO", nino(spaced))


def de_taxid_check(ten: str) -> str:
    product = 10
    for ch in ten:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def de_taxid(grouped: bool | None = None) -> str:
    while True:
        pool = list(DIGITS)
        R.shuffle(pool)
        rep = pool[0]
        body = [*pool[:9], rep]  # nine distinct digits, one of them twice, one digit missing
        R.shuffle(body)
        if body[0] != "0":
            break
    ten = "".join(body)
    v = ten + de_taxid_check(ten)
    if grouped is None:
        grouped = chance(0.4)
    return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}" if grouped else v


def DETAX(grouped: bool | None = None) -> Ent:
    return E("DE_TAX_ID", de_taxid(grouped))


def fr_nir(spaced: bool | None = None) -> str:
    while True:
        dept = R.randint(1, 95)
        if dept != 20:
            break
    body = (f"{R.choice('12')}{R.randint(55, 99) if chance(0.8) else R.randint(0, 5):02d}{R.randint(1, 12):02d}"
            f"{dept:02d}{R.randint(1, 990):03d}{R.randint(1, 999):03d}")
    key = 97 - int(body) % 97
    if spaced is None:
        spaced = chance(0.6)
    if spaced:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    return f"{body}{key:02d}"


def NIR(spaced: bool | None = None) -> Ent:
    return E("FR_NIR", fr_nir(spaced))


NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_nif(dash: bool = False) -> str:
    while True:
        n = R.randint(10_000_000, 79_999_999)
        if n != 12345678:
            break
    return f"{n:08d}{'-' if dash else ''}{NIF_LETTERS[n % 23]}"


def NIF(dash: bool = False) -> Ent:
    return E("ES_NIF", es_nif(dash))


# --------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------


def aws_access_key() -> str:
    while True:
        k = "AKIA" + rs(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        if "EXAMPLE" not in k:
            return k


def aws_secret_key() -> str:
    while True:
        s = rs_mixed(40, B64)
        if "/" in s or "+" in s:
            return s


def github_token(kind: str | None = None) -> str:
    kind = kind or pick(["ghp", "ghp", "pat"])
    if kind == "ghp":
        return "ghp_" + rs_mixed(36)
    return "github_pat_11" + rs(20, UPPER_NUM) + "_" + rs_mixed(59)


def gitlab_token() -> str:
    return "glpat-" + rs_mixed(20, URLSAFE)


def slack_token(prefix: str = "xoxb") -> str:
    return f"{prefix}-{digits(12)}-{digits(13)}-{rs_mixed(24)}"


def slack_webhook() -> str:
    return f"https://hooks.slack.com/services/T{rs(8, UPPER_NUM)}/B{rs(10, UPPER_NUM)}/{rs_mixed(24)}"


def stripe_key(prefix: str | None = None) -> str:
    prefix = prefix or pick(["sk_live_", "sk_live_", "rk_live_"])
    return prefix + rs_mixed(pick([24, 99]))


def openai_key() -> str:
    return "sk-proj-" + rs_mixed(R.randint(56, 74), URLSAFE) + "T3BlbkFJ" + rs_mixed(R.randint(56, 74), URLSAFE)


def anthropic_key() -> str:
    return "sk-ant-api03-" + rs_mixed(93, URLSAFE) + "AA"


def gcp_key() -> str:
    return "AIzaSy" + rs_mixed(33, URLSAFE)


def sendgrid_key() -> str:
    return "SG." + rs_mixed(22, URLSAFE) + "." + rs_mixed(43, URLSAFE)


def npm_token() -> str:
    return "npm_" + rs_mixed(36)


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(issuer: str = "https://auth.vantapay.com/") -> str:
    alg = pick(["HS256", "RS256", "ES256"])
    header: dict = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(20, URLSAFE)
    iat = 1_717_000_000 + R.randint(0, 9_000_000)
    payload = {"iss": issuer, "sub": ruuid(), "aud": pick(["orders-api", "account", "internal-gateway"]),
               "iat": iat, "exp": iat + pick([900, 3600, 86400]),
               "scope": pick(["read:orders write:orders", "openid profile", "admin"])}
    sig = rbytes({"HS256": 32, "RS256": 256, "ES256": 64}[alg])
    enc = lambda d: b64url(json.dumps(d, separators=(",", ":")).encode())  # noqa: E731
    return f"{enc(header)}.{enc(payload)}.{b64url(sig)}"


PEM_HEADERS = {
    "RSA PRIVATE KEY": (bytes.fromhex("308204a40201000282010100"), 1180, 64),
    "PRIVATE KEY": (bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7"), 1190, 64),
    "EC PRIVATE KEY": (bytes.fromhex("30770201010420"), 114, 64),
    "OPENSSH PRIVATE KEY": (b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
                            b"\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 ", 340, 70),
}


def private_key(kind: str | None = None) -> str:
    kind = kind or pick(list(PEM_HEADERS))
    head, n, width = PEM_HEADERS[kind]
    body = base64.b64encode(head + rbytes(n - len(head))).decode()
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


PW_WORDS = ["Sommer", "Winter", "Falcon", "Marigold", "Copper", "Lantern", "Harbor", "Nebula", "Quartz",
            "Otter", "Pepper", "Maple", "Saffron", "Granite", "Velvet", "Cobalt", "Tundra", "Kiwi"]


def password(style: str | None = None, url_safe: bool = False) -> str:
    style = style or pick(["word", "random", "phrase", "random"])
    if style == "word":
        v = pick(PW_WORDS) + str(R.randint(2019, 2025)) + ("" if url_safe else pick(["!", "#", "?", "$", ""]))
    elif style == "phrase":
        a, b = R.sample(PW_WORDS, 2)
        v = f"{a.lower()}-{b.lower()}-{R.randint(10, 99)}"
    else:
        alphabet = ALNUM if url_safe else ALNUM + "!#%*+-_?"
        v = rs_mixed(R.randint(12, 20), alphabet)
    return v


def PW(style: str | None = None, url_safe: bool = False) -> Ent:
    return E("PASSWORD", password(style, url_safe))


def generic_secret(kind: str | None = None) -> str:
    kind = kind or pick(["hex32", "hex40", "alnum", "b64", "whsec"])
    if kind == "hex32":
        return rs(32, HEX)
    if kind == "hex40":
        return rs(40, HEX)
    if kind == "hex64":
        return rs(64, HEX)
    if kind == "alnum":
        return rs_mixed(R.randint(32, 48))
    if kind == "b64":
        return base64.b64encode(rbytes(R.choice([24, 32, 48]))).decode()
    if kind == "whsec":
        return "whsec_" + rs_mixed(32)
    if kind == "azure":
        return rs(3, ALNUM) + "8Q~" + rs_mixed(34, ALNUM + "-_.~")
    raise ValueError(kind)


def SECRET(kind: str | None = None) -> Ent:
    return E("GENERIC_SECRET", generic_secret(kind))


DB_HOSTS = ["db-prod-01.internal", "pg-main.svc.cluster.local", "orders-db.c9x2k4l1q8zr.rds.amazonaws.com",
            "mysql-primary.data.lan", "ledger-pg.prod.greyhollow.io", "10-db.ops.lumenstack.dev"]


def conn_string(kind: str | None = None) -> str:
    kind = kind or pick(["postgres", "postgres", "mongo", "mysql", "redis", "amqp", "ado"])
    user = pick(["app_rw", "svc_orders", "admin", "postgres", "ledger", "etl_user", "reporting"])
    pw = password(pick(["random", "word", "phrase"]), url_safe=True)
    db = pick(["orders", "ledger", "crm_prod", "analytics", "billing"])
    if kind == "postgres":
        scheme = pick(["postgres", "postgresql", "postgresql+psycopg2"])
        return f"{scheme}://{user}:{pw}@{pick(DB_HOSTS)}:5432/{db}" + pick(["", "?sslmode=require"])
    if kind == "mongo":
        return f"mongodb+srv://{user}:{pw}@cluster0.{rs(5, LOWER_NUM)}.mongodb.net/{db}?retryWrites=true&w=majority"
    if kind == "mysql":
        return f"mysql://{user}:{pw}@{pick(DB_HOSTS)}:3306/{db}"
    if kind == "redis":
        return f"redis://default:{pw}@cache-{rs(4, LOWER_NUM)}.redis.internal:6379/0"
    if kind == "amqp":
        return f"amqps://{user}:{pw}@mq.{pick(['greyhollow.io', 'lumenstack.dev', 'vantapay.com'])}:5671/%2F"
    return (f"Server=tcp:{pick(['sqlsrv-prod', 'crm-sql', 'fin-db'])}.database.windows.net,1433;"
            f"Initial Catalog={db};Persist Security Info=False;User ID={user};Password={pw};"
            "MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;")


def CONN(kind: str | None = None) -> Ent:
    return E("CONNECTION_STRING", conn_string(kind))


def S(etype: str, fn: Callable[[], str]) -> Ent:
    return E(etype, fn())


# --------------------------------------------------------------------------------------
# Lookalike (non-sensitive) values for negatives
# --------------------------------------------------------------------------------------


def sha(n: int = 40) -> str:
    return rs(n, HEX)


def semver() -> str:
    return f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}"


def ean13(prefix: str = "40") -> str:
    """A valid EAN-13 that does NOT also pass Luhn (so it cannot be mistaken for a 13-digit card)."""
    while True:
        body = prefix + digits(12 - len(prefix))
        s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
        code = body + str((10 - s % 10) % 10)
        if not luhn_ok(code):
            return code


def isbn13() -> str:
    return ean13(pick(["9780", "9781", "9783"]))


def doc_ip() -> str:
    return pick(DOC_NETS) + str(R.randint(1, 254))


# --------------------------------------------------------------------------------------
# Template registry
# --------------------------------------------------------------------------------------

TEMPLATES: list[tuple[Callable[[], Frag], str, str, int, bool]] = []


def positive(kind: str, lang: str, n: int) -> Callable:
    def deco(fn: Callable[[], Frag]) -> Callable[[], Frag]:
        TEMPLATES.append((fn, kind, lang, n, False))
        return fn

    return deco


def negative(kind: str, lang: str, n: int) -> Callable:
    def deco(fn: Callable[[], Frag]) -> Callable[[], Frag]:
        TEMPLATES.append((fn, kind, lang, n, True))
        return fn

    return deco


# ======================================================================================
# POSITIVE TEMPLATES
# ======================================================================================


@positive("slack_thread", "en", 6)
def slack_incident() -> Frag:
    a, b, c, d = people(4)
    c_city, _ = city("en")
    return T(
        """
        can you summarize this thread for the incident doc? 3 bullets max

        ⟨a⟩  ⟨t1⟩
        deploy to prod is failing again, `AccessDenied` from S3 in the orders-sync job :thinking_face:
        ⟨b⟩  ⟨t2⟩
        @⟨a⟩ which creds is it using? the old ones were rotated on Friday
        ⟨a⟩  ⟨t3⟩
        these, straight from the job config
        ```
        AWS_ACCESS_KEY_ID=⟨akid⟩
        AWS_SECRET_ACCESS_KEY=⟨asak⟩
        AWS_DEFAULT_REGION=eu-west-1
        ```
        ⟨c⟩  ⟨t4⟩
        yeah that key belongs to the deactivated IAM user. @⟨bf⟩ can you ping ⟨d⟩ in the ⟨city⟩ office? they own the bucket policy
        ⟨b⟩  ⟨t5⟩
        done. also the runner hits the bucket from ⟨ip⟩ which isn't on the allow-list
        :white_check_mark: 2  :eyes: 1
        """,
        a=a.P(), b=b.P(), c=c.P(), d=d.P(), bf=b.F(), city=LOC(c_city), akid=S("AWS_ACCESS_KEY", aws_access_key),
        asak=S("AWS_SECRET_KEY", aws_secret_key), ip=IP("pub"),
        t1="9:41 AM", t2="9:43 AM", t3="9:44 AM", t4="9:47 AM", t5="9:52 AM",
    )


@positive("slack_thread", "en", 5)
def slack_office_ops() -> Frag:
    a, b, c, d = people(4)
    c_city, country = city("en")
    return T(
        """
        Turn this Slack thread into a short FAQ for new joiners please, friendly tone.

        #office-ops
        ⟨a⟩  Yesterday at ⟨t1⟩
        Reminder for everyone starting Monday in ⟨city⟩ :wave: guest wifi is "BM-Guest-5G" and the password is ⟨pw⟩
        ⟨b⟩  Yesterday at ⟨t2⟩
        @⟨a⟩ did the door code change as well?
        ⟨a⟩  Yesterday at ⟨t3⟩
        yes, ask reception or call ⟨c⟩ on ⟨phone⟩ if you get locked out :sweat_smile:
        ⟨d⟩  Yesterday at ⟨t4⟩
        printer on the 3rd floor is ⟨ip⟩ now, driver is on the intranet. MAC is ⟨mac⟩ if IT asks
        ⟨b⟩  Yesterday at ⟨t4⟩
        thx! 🙏
        """,
        a=a.P(), b=b.P(), c=c.F(), d=d.P(), city=LOC(c_city), pw=PW(), phone=PHONE(COUNTRY_OF[country]),
        ip=IP("priv"), mac=MAC(), **dict(zip(["t1", "t2", "t3", "t4"], clocks12(4), strict=True)),
    )


@positive("slack_thread", "en", 4)
def slack_db_debug() -> Frag:
    a, b, c = people(3)
    return T(
        """
        ⟨a⟩ 11:02
        @⟨b⟩ staging API can't reach postgres since the migration, any idea?
        ⟨b⟩ 11:05
        what does the pod have as DATABASE_URL?
        ⟨a⟩ 11:06
        `⟨conn⟩`
        ⟨b⟩ 11:08
        host resolves to ⟨ip⟩ from the node but the SG only allows ⟨ip2⟩/32. also pls don't paste creds in here lol
        ⟨c⟩ 11:15
        I'll rotate it. ⟨af⟩ can you open a ticket so ⟨bf⟩ gets the new one via vault
        ---
        ^ what's the proper way to fix the security group for this? we're on terraform
        """,
        a=a.P(), b=b.P(), c=c.P(), af=a.F(), bf=b.F(), conn=CONN(pick(["postgres", "mysql", "redis"])),
        ip=IP("priv"), ip2=IP("priv"),
    )


@positive("jira_ticket", "en", 5)
def jira_payments() -> Frag:
    rep, asg, cust, mgr = people(4)
    return T(
        """
        Help me write a root-cause summary for this ticket:

        PAY-⟨num⟩  Refund webhook retries flood the ledger service
        Type: Bug    Priority: High    Status: In Progress
        Reporter: ⟨rep⟩    Assignee: ⟨asg⟩
        Labels: payments, webhooks, sev2
        Components: ledger-api

        Description
        Customer ⟨cust⟩ (⟨cust_email⟩) got three refund notifications for order #⟨order⟩. Webhook logs show our endpoint answered 502 from ⟨ip⟩ and Stripe kept retrying.
        The ledger pod still has the live key hard-coded in its env:
            STRIPE_API_KEY=⟨stripe⟩

        Steps to reproduce
        1. Trigger a refund for any order > 100 EUR
        2. Watch ledger-api logs

        Activity
        ⟨asg_first⟩ added a comment - ⟨d⟩
        Rotating the key now, then moving it to Vault.
        ⟨rep_first⟩ added a comment - ⟨d⟩
        Thanks. cc [~⟨mgr_handle⟩] for the postmortem, customer called twice (⟨cust_phone⟩).
        """,
        num=R.randint(1200, 4800), rep=rep.P(), asg=asg.P(), cust=cust.P(),
        cust_email=cust.EM(pick(PERSONAL_DOMAINS["en"])), order=digits(7), ip=IP("pub"),
        stripe=S("STRIPE_KEY", stripe_key), asg_first=asg.F(), rep_first=rep.F(), d=date_iso(),
        mgr_handle=mgr.slug("flast"), cust_phone=PHONE(pick(["US", "UK", "IE", "CA"])),
    )


@positive("jira_ticket", "de", 4)
def jira_de() -> Frag:
    rep, asg, kunde = people(3, "de")
    c, _ = city("de")
    return T(
        """
        Kannst du das Ticket auf Englisch übersetzen? Unser Offshore-Team versteht kein Deutsch.

        SUP-⟨num⟩ – Kunde kann sich nach Passwort-Reset nicht anmelden
        Status: Offen | Priorität: Hoch | Bearbeiter: ⟨asg⟩ | Melder: ⟨rep⟩

        Beschreibung:
        Herr ⟨kl⟩ aus ⟨city⟩ (Kundennr. ⟨kdnr⟩, ⟨kemail⟩, Tel. ⟨kphone⟩) meldet, dass der Login seit dem Update fehlschlägt.
        Er hat uns sein neues Passwort geschickt, damit wir es testen können: Passwort: ⟨pw⟩
        Letzter Login-Versuch laut Log von IP ⟨ip⟩.

        Kommentar ⟨asgf⟩ (⟨d⟩): Account war gesperrt (zu viele Fehlversuche). Entsperrt, Kunde informiert.
        """,
        num=R.randint(300, 9000), asg=asg.P(), rep=rep.P(), kl=kunde.L(), city=LOC(c), kdnr=digits(6),
        kemail=kunde.EM(pick(PERSONAL_DOMAINS["de"])), kphone=PHONE("DE"), pw=PW(), ip=IP("pub"),
        asgf=asg.F(), d=f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.2024",
    )


@positive("zendesk_export", "en", 5)
def zendesk() -> Frag:
    cust, agent, agent2 = people(3)
    c, country = city("en")
    card = CARD()
    return T(
        """
        Ticket #⟨tid⟩ — "Charged twice for annual plan"
        Requester: ⟨cust⟩ <⟨email⟩>
        Organization: —    Group: Billing Tier 1    Assignee: ⟨agent⟩
        Channel: Web form    Created: ⟨d⟩ ⟨t⟩

        ---- Conversation ----
        ⟨cust⟩ (end user)
        Hi, I was billed twice this month. The card is ⟨card⟩ exp 09/27. Please refund one of them asap. I'm in ⟨city⟩ so calls after 6pm my time are best: ⟨phone⟩

        ⟨agent⟩ (agent)
        Hi ⟨custf⟩, thanks for reaching out! I can see two charges on our side. I've escalated to ⟨agent2⟩ in our payments team.

        ⟨agent2⟩ (agent) — internal note
        Duplicate due to retry bug. Refund issued, ref re_⟨ref⟩.
        ---- end ----

        Write a short apology reply to the customer from the billing team.
        """,
        tid=R.randint(40000, 99999), cust=cust.P(), email=cust.EM(pick(PERSONAL_DOMAINS["en"])),
        agent=agent.P(), agent2=agent2.P(), d=date_iso(), t=clock(), card=card, city=LOC(c),
        phone=PHONE(COUNTRY_OF[country]), custf=cust.F(), ref=rs(14, ALNUM),
    )


@positive("zendesk_export", "en", 3)
def zendesk_csv() -> Frag:
    rows = []
    for _ in range(R.randint(3, 5)):
        p = person()
        c, country = city("en")
        rows.append(render(
            '⟨id⟩,"⟨name⟩",⟨email⟩,"⟨phone⟩","⟨city⟩","⟨subject⟩",⟨status⟩',
            id=R.randint(50000, 99999), name=p.P(), email=p.EM(pick(PERSONAL_DOMAINS["en"])),
            phone=PHONE(COUNTRY_OF[country]), city=LOC(c),
            subject=pick(["Can't reset password", "Invoice missing VAT", "Cancel subscription", "App crashes on login",
                          "Wrong delivery address", "Refund not received"]),
            status=pick(["open", "pending", "solved"]),
        ))
    return T(
        """
        Group these support tickets by theme and tell me which ones are urgent:

        ticket_id,requester_name,requester_email,requester_phone,city,subject,status
        ⟨rows⟩
        """,
        rows=join("\n", rows),
    )


@positive("email_chain", "en", 6)
def outlook_chain() -> Frag:
    me, boss, client, cc = people(4)
    comp, dom = company("en")
    c, country = city("en")
    return T(
        """
        Can you make my reply below more polite but still firm? Keep it under 120 words.

        My draft:
        Hi ⟨clientf⟩, we can't move the go-live again. The data migration is done and signed off. Let's talk tomorrow.

        -----Original Message-----
        From: ⟨client⟩ <⟨client_email⟩>
        Sent: ⟨day⟩ ⟨t⟩
        To: ⟨me⟩ <⟨me_email⟩>
        Cc: ⟨cc⟩ <⟨cc_email⟩>; ⟨boss⟩ <⟨boss_email⟩>
        Subject: RE: Go-live date

        Hi ⟨mef⟩,

        Our board wants another two weeks before we switch over. Can we push to the 28th? Call me on ⟨phone⟩ if easier.

        Kind regards,
        ⟨client⟩
        Head of Operations | ⟨comp⟩
        ⟨city⟩, ⟨country⟩
        """,
        clientf=client.F(), client=client.P(), client_email=client.EM(dom), me=me.P(),
        me_email=me.EM(pick(COMPANY_DOMAINS)), cc=cc.P(), cc_email=cc.EM(dom), boss=boss.P(),
        boss_email=boss.EM(pick(COMPANY_DOMAINS)), mef=me.F(), phone=PHONE(COUNTRY_OF[country]), comp=comp,
        city=LOC(c), country=LOC(country),
        day=pick(["Tuesday, March 12, 2024", "Monday, 3 June 2024", "Thursday, October 17, 2024"]), t=clock12(),
    )


@positive("email_chain", "en", 4)
def outlook_forward_creds() -> Frag:
    a, b, c = people(3)
    return T(
        """
        Summarize what I need to do here:

        From: ⟨a⟩
        Sent: ⟨d⟩
        To: ⟨b⟩
        Subject: FW: Vendor portal access

        ⟨bf⟩ – forwarding the access details from the vendor, please set up the integration this week.

        > From: ⟨c⟩ <⟨c_email⟩>
        > Sent: ⟨d2⟩
        > To: ⟨a⟩ <⟨a_email⟩>
        > Subject: Vendor portal access
        >
        > Hello ⟨af⟩,
        > Your sandbox is ready. Portal login: ops-integration / ⟨pw⟩
        > API key for the production feed: ⟨key⟩
        > Webhooks are signed with the secret below, keep it safe:
        > ⟨whsec⟩
        > Best,
        > ⟨c⟩
        > ⟨c_phone⟩
        """,
        a=a.P(), b=b.P(), bf=b.F(), c=c.P(), c_email=c.EM("orbitfreight.net"), a_email=a.EM("tessellate-labs.com"),
        af=a.F(), pw=PW(), key=SECRET("alnum"), whsec=SECRET("whsec"),
        d="Wed 05/06/2024 10:12", d2="Tue 04/06/2024 17:55", c_phone=PHONE(pick(["US", "UK", "DE", "NL"])),
    )


@positive("meeting_transcript", "en", 6)
def transcript() -> Frag:
    a, b, c, d = people(4)
    c1, _ = city("en")
    _, country2 = city("en")
    return T(
        """
        Here's the transcript from our Teams call. Extract action items with owners.

        ⟨a⟩   0:02
        OK, I think everyone's here. ⟨bf⟩, do you want to start with the ⟨c1⟩ rollout?

        ⟨b⟩   0:09
        Sure. So the warehouse in ⟨c1⟩ goes live on the 14th. ⟨cf⟩ still needs to send the scanner config.

        ⟨c⟩   0:21
        Yeah, sorry, I'll do it today. The handhelds are on the 10.x VLAN, gateway is ⟨ip⟩.

        ⟨d⟩   0:34
        And for ⟨country2⟩ we're still waiting on the lease. The landlord's agent is ⟨agent⟩, number is ⟨phone⟩, if someone wants to chase.

        ⟨a⟩   0:47
        I'll chase. ⟨df⟩, can you loop in legal?

        ⟨d⟩   0:52
        Will do.
        """,
        a=a.P(), b=b.P(), c=c.P(), d=d.P(), bf=b.F(), cf=c.F(), df=d.F(), c1=LOC(c1), country2=LOC(country2),
        ip=E("IP_ADDRESS", f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.1"), agent=person().P(),
        phone=PHONE(COUNTRY_OF[country2]),
    )


@positive("meeting_transcript", "en", 3)
def zoom_transcript_speakers() -> Frag:
    a, b = people(2)
    c1, _ = city("en")
    lines = [
        render("[⟨t⟩] ⟨a⟩: Can you share your screen? I want to look at the customer record.", t="00:00:04", a=a.P()),
        render("[⟨t⟩] ⟨b⟩: Sure, one sec. Okay, it's the account for ⟨cust⟩, moved to ⟨city⟩ last month.", t="00:00:11",
               b=b.P(), cust=person().P(), city=LOC(c1)),
        render("[⟨t⟩] ⟨a⟩: The SSN on file is ⟨ssn⟩? That doesn't match what payroll has.", t="00:00:26", a=a.P(),
               ssn=SSN("dash")),
        render("[⟨t⟩] ⟨b⟩: Let me check... payroll has it with the last two digits swapped.", t="00:00:38", b=b.P()),
        render("[⟨t⟩] ⟨a⟩: Okay, fix it in both and email them at ⟨email⟩ to confirm.", t="00:00:51", a=a.P(),
               email=E("EMAIL_ADDRESS", person().email(pick(PERSONAL_DOMAINS["en"])))),
    ]
    return cat("Clean up this transcript into meeting notes, remove filler words:\n\n", join("\n", lines))


@positive("http_request", "en", 5)
def postman_dump() -> Frag:
    cust = person()
    c, country = city("en")
    return T(
        """
        Why does this return 401? It worked yesterday.

        POST /v2/customers HTTP/1.1
        Host: api.vantapay.com
        Authorization: Bearer ⟨jwt⟩
        X-Api-Key: ⟨key⟩
        Content-Type: application/json
        User-Agent: PostmanRuntime/7.39.0
        Accept: */*
        Postman-Token: ⟨ptok⟩
        X-Forwarded-For: ⟨ip⟩

        {
          "name": "⟨name⟩",
          "email": "⟨email⟩",
          "phone": "⟨phone⟩",
          "address": {"city": "⟨city⟩", "country": "⟨country⟩"}
        }

        HTTP/1.1 401 Unauthorized
        WWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"
        """,
        jwt=S("JWT", jwt), key=SECRET(pick(["hex32", "alnum"])), ptok=ruuid(), ip=IP("pub"), name=cust.P(),
        email=cust.EM(pick(PERSONAL_DOMAINS["en"])), phone=PHONE(COUNTRY_OF[country]), city=LOC(c),
        country=LOC(country),
    )


@positive("http_request", "en", 6)
def curl_commands() -> Frag:
    v = deal("curl_commands", list(range(3)))
    if v == 0:
        return T(
            """
            convert this curl to python requests:

            curl https://api.stripe.com/v1/refunds \\
              -u ⟨key⟩: \\
              -d charge=ch_⟨ch⟩ \\
              -d amount=4900
            """,
            key=S("STRIPE_KEY", lambda: stripe_key("sk_live_")), ch=rs(24),
        )
    if v == 1:
        return T(
            """
            this returns 404 but the project exists, what am I doing wrong

            curl --header "PRIVATE-TOKEN: ⟨tok⟩" "https://gitlab.greyhollow.io/api/v4/projects/platform%2Fbilling/pipelines?ref=main"
            {"message":"404 Project Not Found"}
            """,
            tok=S("GITLAB_TOKEN", gitlab_token),
        )
    return T(
        """
        how do I send this with httpx async instead?

        curl -X POST https://api.sendgrid.com/v3/mail/send \\
          -H "Authorization: Bearer ⟨sg⟩" \\
          -H "Content-Type: application/json" \\
          -d '{"personalizations":[{"to":[{"email":"⟨to⟩"}]}],"from":{"email":"⟨frm⟩"},"subject":"Your invoice","content":[{"type":"text/plain","value":"Hi ⟨first⟩, your invoice is attached."}]}'
        """,
        sg=S("SENDGRID_KEY", sendgrid_key), to=(p := person()).EM(pick(PERSONAL_DOMAINS["en"])), first=p.F(),
        frm=E("EMAIL_ADDRESS", "billing@vantapay.com"),
    )


@positive("shell_output", "en", 4)
def kubectl_pods_wide() -> Frag:
    rows = []
    nodes = [f"aks-pool{R.randint(1, 3)}-{digits(8)}-vmss00000{i}" for i in range(3)]
    for i in range(R.randint(4, 6)):
        name = f"{pick(['orders-api', 'ledger-worker', 'checkout-web', 'notifier'])}-{rs(9, LOWER_NUM)}-{rs(5, LOWER_NUM)}"
        rows.append(render(
            "⟨name⟩   ⟨ready⟩     ⟨status⟩   ⟨restarts⟩          ⟨age⟩   ⟨ip⟩   ⟨node⟩   <none>           <none>",
            name=name, ready=pick(["1/1", "1/1", "0/1"]), status=pick(["Running", "Running", "CrashLoopBackOff"]),
            restarts=R.randint(0, 14), age=f"{R.randint(1, 30)}d", ip=E("IP_ADDRESS", f"10.244.{i + 1}.{R.randint(2, 250)}"),
            node=pick(nodes),
        ))
    return T(
        """
        why are the notifier pods crashlooping? output below

        $ kubectl get pods -n prod -o wide
        NAME                               READY   STATUS             RESTARTS   AGE   IP            NODE                        NOMINATED NODE   READINESS GATES
        ⟨rows⟩

        $ kubectl logs notifier-7c9d5b6f4-x2kq8 -n prod --previous
        Error: connect ECONNREFUSED ⟨ip⟩:6379
            at TCPConnectWrapper.afterConnect [as oncomplete] (node:net:1607:16)
        """,
        rows=join("\n", rows), ip=IP("priv"),
    )


@positive("shell_output", "en", 4)
def kubectl_describe() -> Frag:
    return T(
        """
        $ kubectl describe pod billing-api-5f7d8c9b7-qw2lz -n payments
        Name:             billing-api-5f7d8c9b7-qw2lz
        Namespace:        payments
        Priority:         0
        Node:             aks-nodepool1-31718369-vmss000002/⟨node_ip⟩
        Start Time:       ⟨d⟩ 08:14:51 +0000
        Labels:           app=billing-api
                          pod-template-hash=5f7d8c9b7
        Status:           Running
        IP:               ⟨pod_ip⟩
        Containers:
          billing-api:
            Image:          registry.greyhollow.io/billing-api:⟨ver⟩
            Port:           8080/TCP
            State:          Running
            Ready:          False
            Environment:
              NODE_ENV:             production
              DATABASE_URL:         ⟨conn⟩
              STRIPE_SECRET_KEY:    ⟨stripe⟩
              SENDGRID_API_KEY:     ⟨sg⟩
              LOG_LEVEL:            info
        Events:
          Type     Reason     Age                 From     Message
          ----     ------     ----                ----     -------
          Warning  Unhealthy  2m (x31 over 17m)   kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503

        readiness keeps failing, what should I check first?
        """,
        node_ip=IP("priv"), pod_ip=IP("priv"), d=date_iso(), ver=semver(), conn=CONN("postgres"),
        stripe=S("STRIPE_KEY", stripe_key), sg=S("SENDGRID_KEY", sendgrid_key),
    )


@positive("config_file", "en", 4)
def helm_values() -> Frag:
    return T(
        """
        $ helm get values ledger -n finance
        USER-SUPPLIED VALUES:
        image:
          repository: registry.lumenstack.dev/ledger
          tag: "⟨ver⟩"
        postgresql:
          auth:
            username: ledger
            password: ⟨pw⟩
            database: ledger
        smtp:
          host: smtp.sendgrid.net
          user: apikey
          apiKey: ⟨sg⟩
        slack:
          webhookUrl: ⟨hook⟩
        ingress:
          enabled: true
          hosts:
            - ledger.lumenstack.dev

        can you convert these into a values.yaml that uses external secrets instead?
        """,
        ver=semver(), pw=PW(), sg=S("SENDGRID_KEY", sendgrid_key), hook=S("SLACK_WEBHOOK", slack_webhook),
    )


@positive("ci_config", "en", 5)
def gha_workflow() -> Frag:
    return T(
        """
        My workflow fails at the publish step with 403, here it is:

        name: release
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            env:
              AWS_ACCESS_KEY_ID: ⟨akid⟩
              AWS_SECRET_ACCESS_KEY: ⟨asak⟩
              NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-node@v4
                with:
                  node-version: 20
                  registry-url: https://registry.npmjs.org
              - run: npm ci
              - run: echo "//registry.npmjs.org/:_authToken=⟨npm⟩" > ~/.npmrc
              - run: npm publish --access public
              - name: notify
                run: |
                  curl -X POST -H 'Content-type: application/json' \\
                    --data '{"text":"released ${{ github.ref_name }}"}' \\
                    ⟨hook⟩
        """,
        akid=S("AWS_ACCESS_KEY", aws_access_key), asak=S("AWS_SECRET_KEY", aws_secret_key),
        npm=S("NPM_TOKEN", npm_token), hook=S("SLACK_WEBHOOK", slack_webhook),
    )


@positive("ci_config", "en", 3)
def gitlab_ci() -> Frag:
    return T(
        """
        # .gitlab-ci.yml
        variables:
          DOCKER_DRIVER: overlay2
          GH_MIRROR_TOKEN: "⟨gh⟩"
          GL_RELEASE_TOKEN: "⟨gl⟩"
          SONAR_TOKEN: "⟨sonar⟩"

        mirror:
          stage: deploy
          script:
            - git push --mirror "https://x-access-token:${GH_MIRROR_TOKEN}@github.com/greyhollow/platform.git"
          only: [main]

        is it ok to keep the mirror token in variables like this or should it be masked?
        """,
        gh=S("GITHUB_TOKEN", github_token), gl=S("GITLAB_TOKEN", gitlab_token), sonar=SECRET("hex40"),
    )


@positive("notebook", "en", 5)
def jupyter() -> Frag:
    rows = []
    for i in range(R.randint(3, 5)):
        p = person()
        c, _ = city("en")
        rows.append(render("⟨i⟩  ⟨name⟩  ⟨email⟩  ⟨city⟩  ⟨ltv⟩", i=i, name=p.P(),
                           email=p.EM(pick(PERSONAL_DOMAINS["en"] + PERSONAL_DOMAINS["de"])), city=LOC(c),
                           ltv=f"{R.uniform(20, 4000):.2f}"))
    which = R.randrange(3)
    if which == 0:
        setup = render('from openai import OpenAI\nclient = OpenAI(api_key="⟨k⟩")', k=S("OPENAI_API_KEY", openai_key))
    elif which == 1:
        setup = render('import anthropic\nclient = anthropic.Anthropic(api_key="⟨k⟩")',
                       k=S("ANTHROPIC_API_KEY", anthropic_key))
    else:
        setup = render('import googlemaps\ngmaps = googlemaps.Client(key="⟨k⟩")', k=S("GCP_API_KEY", gcp_key))
    return T(
        """
        In [1]:
        import pandas as pd
        ⟨setup⟩

        In [2]:
        df = pd.read_csv("exports/customers_q3.csv")
        df[["name", "email", "city", "ltv"]].head()

        Out[2]:
           name  email  city  ltv
        ⟨rows⟩

        In [3]:
        df["segment"] = df.apply(classify_row, axis=1)
        ---------------------------------------------------------------------------
        RateLimitError                            Traceback (most recent call last)
        Cell In[3], line 1
        ----> 1 df["segment"] = df.apply(classify_row, axis=1)

        how do I batch this so I don't hit the rate limit?
        """,
        setup=setup, rows=join("\n", rows),
    )


@positive("sql_dump", "en", 5)
def sql_inserts() -> Frag:
    rows = []
    for i in range(R.randint(3, 5)):
        loc = pick(["en", "de", "fr", "es"])
        p = person(loc)
        c, country = city(loc)
        rows.append(render(
            "(⟨id⟩, '⟨f⟩', '⟨l⟩', '⟨email⟩', '⟨phone⟩', '⟨city⟩', '⟨iban⟩', '⟨d⟩')",
            id=1000 + i * R.randint(1, 9), f=p.F(), l=p.L(), email=p.EM(pick(PERSONAL_DOMAINS[loc])),
            phone=PHONE(COUNTRY_OF[country]), city=LOC(c),
            iban=IBAN({"en": pick(["GB", "IE", "NL"]), "de": "DE", "fr": "FR", "es": "ES"}[loc], grouped=False),
            d=f"{date_iso()} {clock()}:{R.randint(0, 59):02d}",
        ))
    return T(
        """
        -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
        -- Host: localhost    Database: payouts
        LOCK TABLES `beneficiaries` WRITE;
        /*!40000 ALTER TABLE `beneficiaries` DISABLE KEYS */;
        INSERT INTO `beneficiaries` (`id`, `first_name`, `last_name`, `email`, `phone`, `city`, `iban`, `created_at`) VALUES
        ⟨rows⟩;
        /*!40000 ALTER TABLE `beneficiaries` ENABLE KEYS */;
        UNLOCK TABLES;

        why does this import fail on postgres with "syntax error at or near `"?
        """,
        rows=join(",\n", rows),
    )


@positive("log_lines", "en", 5)
def log4j_lines() -> Frag:
    users = people(3)
    lines = []
    for u in users:
        ts = f"{date_iso()} {clock()}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}"
        lines.append(render(
            "⟨ts⟩ INFO  [http-nio-8080-exec-⟨n⟩] c.g.auth.LoginService - login ok user=⟨email⟩ ip=⟨ip⟩ session=⟨sess⟩",
            ts=ts, n=R.randint(1, 20), email=u.EM(pick(COMPANY_DOMAINS)), ip=IP("any"), sess=rs(32, HEX)))
    bad = users[0]
    lines.insert(2, render(
        "⟨ts⟩ DEBUG [http-nio-8080-exec-⟨n⟩] c.g.auth.LoginService - auth request {username=⟨email⟩, password=⟨pw⟩, remember=true}",
        ts=f"{date_iso()} {clock()}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}", n=R.randint(1, 20),
        email=bad.EM(pick(COMPANY_DOMAINS)), pw=PW()))
    lines.append(render(
        "⟨ts⟩ ERROR [scheduler-1] c.g.sync.CrmSync - failed to connect jdbc url ⟨conn⟩: Connection refused",
        ts=f"{date_iso()} {clock()}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}", conn=CONN("postgres")))
    return cat("Our auth service logs look weird, anything suspicious here?\n\n", join("\n", lines))


@positive("log_lines", "en", 4)
def nginx_access() -> Frag:
    lines = []
    for _ in range(R.randint(4, 7)):
        ip = IP(pick(["pub", "pub", "v6"]))
        path = pick(["/api/v1/orders", "/login", "/wp-login.php", "/static/app.js", "/api/v1/cart?id=8812",
                     "/.env", "/healthz"])
        lines.append(render(
            '⟨ip⟩ - - [⟨d⟩:⟨t⟩ +0000] "⟨m⟩ ⟨path⟩ HTTP/1.1" ⟨st⟩ ⟨sz⟩ "-" "⟨ua⟩"',
            ip=ip, d=f"{R.randint(10, 28)}/Oct/2024", t=f"{clock()}:{R.randint(10, 59)}", m=pick(["GET", "POST"]),
            path=path, st=pick([200, 200, 301, 404, 403, 499]), sz=R.randint(0, 48000),
            ua=pick(["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "python-requests/2.31.0",
                     "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"]),
        ))
    return cat("Which of these IPs look like scanners I should block?\n\n", join("\n", lines))


@positive("log_lines", "en", 4)
def syslog_dhcp() -> Frag:
    host = pick(["fw01", "edge-gw", "opnsense", "rtr-hq"])
    lines = []
    for _ in range(R.randint(3, 5)):
        ip = E("IP_ADDRESS", f"192.168.{R.randint(1, 40)}.{R.randint(20, 240)}")
        m = MAC(":")
        dev = pick(["DESKTOP-7H2KQ9", "iPhone", "android-3f9c1e2a", "HP-LaserJet-M404", "Galaxy-S23", "MacBook-Pro"])
        ts = f"Oct {R.randint(10, 28)} {clock()}:{R.randint(10, 59)}"
        if chance(0.5):
            lines.append(render("⟨ts⟩ ⟨h⟩ dhcpd[⟨pid⟩]: DHCPREQUEST for ⟨ip⟩ from ⟨m⟩ (⟨dev⟩) via igb1", ts=ts, h=host,
                                pid=R.randint(1000, 40000), ip=ip, m=m, dev=dev))
        else:
            lines.append(render("⟨ts⟩ ⟨h⟩ dhcpd[⟨pid⟩]: DHCPACK on ⟨ip⟩ to ⟨m⟩ (⟨dev⟩) via igb1", ts=ts, h=host,
                                pid=R.randint(1000, 40000), ip=ip, m=m, dev=dev))
    lines.append(render("⟨ts⟩ ⟨h⟩ sshd[⟨pid⟩]: Failed password for invalid user admin from ⟨ip⟩ port ⟨port⟩ ssh2",
                        ts=f"Oct {R.randint(10, 28)} {clock()}:{R.randint(10, 59)}", h=host,
                        pid=R.randint(1000, 40000), ip=IP("pub"), port=R.randint(30000, 65000)))
    return cat("explain these syslog lines to a non-technical manager:\n\n", join("\n", lines))


@positive("config_file", "en", 6)
def dotenv() -> Frag:
    lines = [
        render("DATABASE_URL=⟨v⟩", v=CONN(pick(["postgres", "mongo", "mysql"]))),
        render("REDIS_URL=⟨v⟩", v=CONN("redis")),
        render("OPENAI_API_KEY=⟨v⟩", v=S("OPENAI_API_KEY", openai_key)),
        render("ANTHROPIC_API_KEY=⟨v⟩", v=S("ANTHROPIC_API_KEY", anthropic_key)),
        render("GOOGLE_MAPS_API_KEY=⟨v⟩", v=S("GCP_API_KEY", gcp_key)),
        render("SENDGRID_API_KEY=⟨v⟩", v=S("SENDGRID_KEY", sendgrid_key)),
        render("STRIPE_SECRET_KEY=⟨v⟩", v=S("STRIPE_KEY", stripe_key)),
        render("STRIPE_WEBHOOK_SECRET=⟨v⟩", v=SECRET("whsec")),
        render("SESSION_SECRET=⟨v⟩", v=SECRET(pick(["hex64", "b64"]))),
        render("DATADOG_API_KEY=⟨v⟩", v=SECRET("hex32")),
        render("SLACK_BOT_TOKEN=⟨v⟩", v=S("SLACK_TOKEN", slack_token)),
        render("GITHUB_TOKEN=⟨v⟩", v=S("GITHUB_TOKEN", github_token)),
        render("GITLAB_API_TOKEN=⟨v⟩", v=S("GITLAB_TOKEN", gitlab_token)),
        "NODE_ENV=production",
        "PORT=3000",
        "LOG_LEVEL=debug",
        "FEATURE_NEW_CHECKOUT=true",
    ]
    chosen = R.sample(lines, R.randint(6, 9))
    if not any(isinstance(x, Frag) for x in chosen):
        chosen.append(lines[0])
    return cat(deal("dotenv", ["my next.js app doesn't pick up these env vars in production, why?\n\n",
                     "which of these should be NEXT_PUBLIC_ and which must stay server-side?\n\n",
                     "convert this .env to a docker-compose environment block\n\n"]),
               "# .env.production\n", join("\n", chosen))


@positive("config_file", "en", 4)
def docker_compose() -> Frag:
    return T(
        """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: app
              POSTGRES_PASSWORD: ⟨pw⟩
            ports:
              - "5432:5432"
          mongo:
            image: mongo:7
            environment:
              MONGO_INITDB_ROOT_USERNAME: root
              MONGO_INITDB_ROOT_PASSWORD: ⟨pw2⟩
          api:
            build: .
            environment:
              DATABASE_URL: ⟨conn⟩
              JWT_SECRET: ⟨sec⟩
            depends_on: [db, mongo]

        the api container starts before postgres is ready, how do I add a healthcheck?
        """,
        pw=PW(), pw2=PW(), conn=CONN("postgres"), sec=SECRET(pick(["hex64", "alnum"])),
    )


@positive("stack_trace", "en", 4)
def py_traceback() -> Frag:
    conn = conn_string("postgres")
    return T(
        """
        Traceback (most recent call last):
          File "/srv/app/etl/load.py", line 42, in <module>
            engine = create_engine("⟨conn⟩")
          File "/srv/app/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 3280, in connect
            return self._connection_cls(self)
        sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db-prod-01.internal" (⟨ip⟩), port 5432 failed: FATAL:  password authentication failed for user "etl_user"

        (Background on this error at: https://sqlalche.me/e/20/e3q8)

        the password is definitely right, what else could it be?
        """,
        conn=E("CONNECTION_STRING", conn), ip=IP("priv"),
    )


@positive("stack_trace", "en", 3)
def java_trace() -> Frag:
    u = person()
    return T(
        """
        2024-06-11 14:02:17.331 ERROR 1 --- [nio-8080-exec-4] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception
        com.vantapay.kyc.ValidationException: IBAN rejected for customer ⟨name⟩ <⟨email⟩>: ⟨iban⟩
            at com.vantapay.kyc.IbanValidator.validate(IbanValidator.java:88)
            at com.vantapay.kyc.PayoutService.register(PayoutService.java:143)
            at jdk.internal.reflect.GeneratedMethodAccessor212.invoke(Unknown Source)

        The IBAN looks fine to me, why would the validator reject it? Here's the validator:
        ```java
        if (!iban.matches("[A-Z]{2}\\\\d{2}[A-Z0-9]{11,30}")) throw new ValidationException(...)
        ```
        """,
        name=u.P(), email=u.EM(pick(PERSONAL_DOMAINS["en"])), iban=IBAN(pick(["DE", "FR", "NL", "GB"]), grouped=True),
    )


@positive("config_file", "en", 4)
def private_key_paste() -> Frag:
    kind = pick(["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"])
    u = pick(["deploy", "ubuntu", "ec2-user", "git"])
    return T(
        """
        ssh says "Load key: invalid format" with this key, what's wrong with it?

        ~/.ssh/config
        Host bastion
          HostName ⟨ip⟩
          User ⟨u⟩
          IdentityFile ~/.ssh/bastion_ed25519

        ⟨key⟩
        """,
        ip=IP("pub"), u=u, key=E("PRIVATE_KEY", private_key(kind)),
    )


@positive("config_file", "en", 3)
def npmrc() -> Frag:
    return T(
        """
        npm install fails with E401 in CI but works locally. My .npmrc:

        @greyhollow:registry=https://npm.pkg.github.com
        //npm.pkg.github.com/:_authToken=⟨gh⟩
        //registry.npmjs.org/:_authToken=⟨npm⟩
        always-auth=true
        """,
        gh=S("GITHUB_TOKEN", lambda: github_token("ghp")), npm=S("NPM_TOKEN", npm_token),
    )


@positive("shell_output", "en", 3)
def git_remote() -> Frag:
    a = person()
    return T(
        """
        $ git remote -v
        origin	https://⟨tok⟩@github.com/corvid-analytics/ml-pipelines.git (fetch)
        origin	https://⟨tok⟩@github.com/corvid-analytics/ml-pipelines.git (push)
        $ git log -1
        commit ⟨sha⟩
        Author: ⟨name⟩ <⟨email⟩>
        Date:   Mon Sep 9 16:20:11 2024 +0200

            fix: retry on 429

        how do I change the remote to ssh without losing my branches?
        """,
        tok=S("GITHUB_TOKEN", github_token), sha=sha(), name=a.P(), email=a.EM("corvid-analytics.com"),
    )


@positive("config_file", "en", 3)
def terraform() -> Frag:
    return T(
        """
        provider "aws" {
          region     = "eu-central-1"
          access_key = "⟨akid⟩"
          secret_key = "⟨asak⟩"
        }

        resource "aws_security_group_rule" "office" {
          type              = "ingress"
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ["⟨ip⟩/32", "⟨ip2⟩/32"]
          security_group_id = aws_security_group.bastion.id
        }

        terraform plan says the rule already exists, how do I import it?
        """,
        akid=S("AWS_ACCESS_KEY", aws_access_key), asak=S("AWS_SECRET_KEY", aws_secret_key), ip=IP("pub"),
        ip2=IP("pub"),
    )


@positive("shell_output", "en", 4)
def ip_addr() -> Frag:
    return T(
        """
        $ ip -br addr
        enp3s0           UP             ⟨ip⟩/24 ⟨ip6⟩/64
        wlp2s0           DOWN
        $ ip -br link
        enp3s0           UP             ⟨mac⟩ <BROADCAST,MULTICAST,UP,LOWER_UP>
        wlp2s0           DOWN           ⟨mac2⟩ <NO-CARRIER,BROADCAST,MULTICAST,UP>
        $ ip neigh
        ⟨gw⟩ dev enp3s0 lladdr ⟨mac3⟩ REACHABLE
        ⟨ip3⟩ dev enp3s0 lladdr ⟨mac4⟩ STALE

        why can't I reach the NAS from this box? it's the STALE one
        """,
        mac=MAC(":"), ip=E("IP_ADDRESS", f"192.168.1.{R.randint(2, 200)}"), ip6=IP("v6"), mac2=MAC(":"),
        mac3=MAC(":"), ip3=E("IP_ADDRESS", f"192.168.1.{R.randint(201, 250)}"), mac4=MAC(":"),
        gw=E("IP_ADDRESS", "192.168.1.1"),
    )


@positive("config_file", "en", 3)
def nginx_allow() -> Frag:
    c1, _ = city("en")
    c2, _ = city("en")
    return T(
        """
        location /admin/ {
            allow ⟨ip1⟩;      # ⟨c1⟩ office
            allow ⟨ip2⟩;      # ⟨c2⟩ office
            allow ⟨ip3⟩;      # VPN
            deny  all;
            proxy_pass http://⟨up⟩:8080;
        }

        is there a way to make nginx read this allow list from a file?
        """,
        ip1=IP("pub"), ip2=IP("pub"), ip3=IP("v6"), c1=LOC(c1), c2=LOC(c2), up=IP("priv"),
    )


@positive("email_chain", "en", 3)
def sentry_alert() -> Frag:
    u = person()
    c, country = city("en")
    return T(
        """
        New issue in checkout-web (production)
        TypeError: Cannot read properties of undefined (reading 'postcode')

        User
          id: ⟨uid⟩
          email: ⟨email⟩
          ip_address: ⟨ip⟩
          geo: ⟨city⟩, ⟨country⟩

        Breadcrumbs
          ui.click  button#submit-address
          fetch     POST /api/address 422

        what's the likely bug here? the user typed a valid address
        """,
        uid=rs(24, HEX), email=u.EM(pick(PERSONAL_DOMAINS["en"])), ip=IP("pub"), city=LOC(c), country=LOC(country),
    )


@positive("config_file", "en", 3)
def spring_yaml() -> Frag:
    return T(
        """
        spring:
          datasource:
            url: jdbc:postgresql://⟨ip⟩:5432/crm?user=crm_app&password=⟨pw⟩
          mail:
            host: smtp.office365.com
            username: ⟨mail⟩
            password: ⟨pw2⟩
        management:
          endpoints.web.exposure.include: health,info

        HikariPool-1 - Exception during pool initialization, why?
        """,
        ip=IP("priv"), pw=PW(url_safe=True), pw2=PW(), mail=E("EMAIL_ADDRESS", "notifications@pallas-hr.com"),
    )


@positive("code", "en", 4)
def python_snippet_secrets() -> Frag:
    v = deal("python_snippet_secrets", list(range(3)))
    if v == 0:
        return T(
            """
            refactor this to use environment variables:

            import slack_sdk
            client = slack_sdk.WebClient(token="⟨tok⟩")
            client.chat_postMessage(channel="#alerts", text="disk almost full on ⟨ip⟩")
            """,
            tok=S("SLACK_TOKEN", slack_token), ip=IP("priv"),
        )
    if v == 1:
        return T(
            """
            why is boto3 ignoring my profile?

            session = boto3.Session(
                aws_access_key_id="⟨akid⟩",
                aws_secret_access_key="⟨asak⟩",
            )
            s3 = session.client("s3")
            s3.download_file("corvid-exports", "2024/09/customers.parquet", "/tmp/c.parquet")
            """,
            akid=S("AWS_ACCESS_KEY", aws_access_key), asak=S("AWS_SECRET_KEY", aws_secret_key),
        )
    return T(
        """
        const headers = {
          "Authorization": `Bearer ⟨tok⟩`,
          "x-api-key": "⟨k⟩",
        };
        fetch("https://partner.orbitfreight.net/v3/shipments", { headers })

        this works in node but gets CORS errors in the browser, why?
        """,
        tok=S("JWT", jwt), k=SECRET("alnum"),
    )


def cell(x: Field, width: int) -> Frag:
    f = cat(x)
    return cat(f, " " * max(1, width - len(f.text)))


@positive("spreadsheet", "en", 4)
def excel_payroll_us() -> Frag:
    rows = []
    for _ in range(R.randint(3, 6)):
        p = person(pick(["en", "en", "es", "intl"]))
        c = pick(["Chicago", "Seattle", "Denver", "Atlanta"])
        rows.append(render("⟨n⟩\t⟨e⟩\t⟨ph⟩\t⟨c⟩\t⟨ssn⟩\t$⟨sal⟩", n=p.P(), e=p.EM(pick(COMPANY_DOMAINS)),
                           ph=PHONE("US"), c=LOC(c), ssn=SSN("dash"), sal=f"{R.randint(58, 190)},{R.randint(0, 9)}00"))
    return cat(deal("excel_payroll_us", ["turn this into a markdown table sorted by salary\n\n",
                     "which of these people are in the same office? pasted from excel\n\n"]),
               "Name\tEmail\tPhone\tOffice\tSSN\tBase salary\n", join("\n", rows))


@positive("spreadsheet", "de", 4)
def excel_de() -> Frag:
    rows = []
    for _ in range(R.randint(3, 5)):
        p = person("de")
        c, country = city("de")
        rows.append(render("⟨n⟩\t⟨e⟩\t⟨ph⟩\t⟨c⟩\t⟨tax⟩\t⟨iban⟩", n=p.P(), e=p.EM(pick(PERSONAL_DOMAINS["de"])),
                           ph=PHONE(COUNTRY_OF[country]), c=LOC(c), tax=DETAX(False),
                           iban=IBAN("AT" if country == "Österreich" else "DE")))
    return cat("Bitte prüfe, ob in dieser Liste Dubletten sind (aus Excel kopiert):\n\n",
               "Name\tE-Mail\tTelefon\tWohnort\tSteuer-ID\tIBAN\n", join("\n", rows))


@positive("markdown_table", "en", 4)
def md_oncall() -> Frag:
    rows = []
    for wk in range(R.randint(3, 5)):
        p = person()
        c, country = city("en")
        rows.append(render("| W⟨wk⟩ | ⟨n⟩ | ⟨ph⟩ | ⟨e⟩ | ⟨c⟩ |", wk=36 + wk, n=p.P(), ph=PHONE(COUNTRY_OF[country]),
                           e=p.EM(pick(COMPANY_DOMAINS)), c=LOC(c)))
    return T(
        """
        Make this on-call rota fair: nobody should have two weeks in a row, and people in the same city shouldn't swap.

        | Week | Primary | Phone | Email | City |
        |------|---------|-------|-------|------|
        ⟨rows⟩
        """,
        rows=join("\n", rows),
    )


@positive("markdown_table", "en", 3)
def md_escalations() -> Frag:
    rows = []
    for _ in range(R.randint(3, 4)):
        p = person()
        rows.append(render("| ⟨n⟩ | ⟨e⟩ | ⟨card⟩ | ⟨amt⟩ | ⟨st⟩ |", n=p.P(), e=p.EM(pick(PERSONAL_DOMAINS["en"])),
                           card=CARD(), amt=f"${R.randint(20, 900)}.{R.randint(0, 99):02d}",
                           st=pick(["chargeback", "disputed", "refund pending"])))
    return T(
        """
        Draft a message to the finance team about these escalations:

        | Customer | Email | Card | Amount | State |
        |---|---|---|---|---|
        ⟨rows⟩
        """,
        rows=join("\n", rows),
    )


def broken_iban(country: str) -> Ent:
    """IBAN as PDF extraction leaves it: grouped, with a line break inside."""
    v = iban(country, grouped=True)
    parts = v.split(" ")
    k = R.randint(2, len(parts) - 2)
    return E("IBAN_CODE", " ".join(parts[:k]) + "\n" + " ".join(parts[k:]))


@positive("invoice_pdf", "en", 3)
def invoice_en() -> Frag:
    cust = person("en")
    c, country = city("en")
    return T(
        """
        extract the line items and totals from this invoice into JSON:

        INVOICE                                   No. QF-⟨n⟩
        Quillfeather Ltd
        Bill to:
        ⟨cust⟩
        ⟨city⟩
        ⟨country⟩
        Date of issue 0⟨m⟩/11/2024   Due
        date 3⟨d⟩/11/2024
        Description Qty Unit price Amount
        Brand workshop (half
        day) 1 £1,450.00 £1,450.00
        Copywriting – landing
        page 3 £380.00 £1,140.00
        Subtotal £2,590.00 VAT 20% £518.00
        Total due £3,108.00
        Payment by bank transfer to IBAN ⟨iban⟩
        Questions? ⟨email⟩ · ⟨phone⟩
        """,
        n=R.randint(1000, 9999), cust=cust.P(), city=LOC(c), country=LOC(country), m=R.randint(1, 9),
        d=R.randint(0, 1), iban=broken_iban("GB"), email=E("EMAIL_ADDRESS", "accounts@quillfeather.co.uk"),
        phone=PHONE("UK"),
    )


@positive("invoice_pdf", "de", 4)
def invoice_de() -> Frag:
    cust = person("de")
    c, _, pc = city_pc("de")
    comp, dom = company("de")
    return T(
        """
        Kannst du aus diesem Rechnungstext eine Tabelle machen? (aus PDF kopiert)

        RECHNUNG
        Nr. RE-2024-⟨n⟩
        ⟨comp⟩ · Lager 4
        USt-IdNr. DE⟨vat⟩
        Rechnungsempfänger:
        ⟨cust⟩
        ⟨pc⟩ ⟨city⟩
        Pos. Menge Beschreibung Einzelpreis Gesamt
        1 12 Paletten-
        stellplatz (Okt.) 14,50 € 174,00 €
        2 1 Express-Zu-
        stellung 89,00 € 89,00 €
        Nettobetrag 263,00 €
        zzgl. 19 % MwSt. 49,97 €
        Rechnungsbetrag 312,97 €
        Bitte überweisen Sie den Betrag innerhalb von 14 Tagen auf
        IBAN ⟨iban⟩ BIC COBADEFFXXX
        Bei Fragen: ⟨email⟩, Tel. ⟨phone⟩
        """,
        n=R.randint(1000, 9999), comp=comp, vat=digits(9), cust=cust.P(), pc=pc, city=LOC(c),
        iban=broken_iban("DE") if chance(0.5) else IBAN("DE", True), email=E("EMAIL_ADDRESS", f"buchhaltung@{dom}"),
        phone=PHONE("DE"),
    )


@positive("invoice_pdf", "es", 3)
def invoice_es() -> Frag:
    cust = person("es")
    c, _, pc = city_pc("es")
    comp, dom = company("es")
    return T(
        """
        ¿Me ayudas a comprobar si el IVA de esta factura está bien calculado?

        FACTURA Nº 2024/⟨n⟩
        ⟨comp⟩
        CLIENTE
        ⟨cust⟩  NIF: ⟨nif⟩
        ⟨pc⟩ ⟨city⟩
        Concepto Unidades Precio Importe
        Mantenimiento
        instalación fotovoltaica 1 640,00 € 640,00 €
        Base imponible 640,00 €  IVA 21% 134,40 €
        TOTAL 774,40 €
        Forma de pago: transferencia a ⟨iban⟩
        Contacto: ⟨email⟩ / ⟨phone⟩
        """,
        n=R.randint(100, 999), comp=comp, cust=cust.P(), nif=NIF(), pc=pc, city=LOC(c),
        iban=broken_iban("ES") if chance(0.5) else IBAN("ES", True), email=E("EMAIL_ADDRESS", f"facturacion@{dom}"),
        phone=PHONE("ES"),
    )


@positive("hr_review", "en", 4)
def hr_review_en() -> Frag:
    emp, mgr, skip, peer = people(4)
    c, _ = city("en")
    return T(
        """
        Help me soften the wording of this performance review, it goes to the employee tomorrow.

        PERFORMANCE REVIEW – H2 2024
        Employee: ⟨emp⟩ (Senior Data Engineer, ⟨city⟩)
        Manager: ⟨mgr⟩
        Skip-level reviewer: ⟨skip⟩

        Summary
        ⟨empf⟩ delivered the warehouse migration two weeks late and needed repeated reminders from ⟨peer⟩ about the runbook. Code quality is good, but communication with the analytics team broke down twice, and ⟨empf⟩ missed 4 of 9 sprint reviews.
        Peer feedback (⟨peer⟩, ⟨peer2⟩) describes ⟨empf⟩ as "reliable once unblocked" but "hard to reach".

        Rating: 2 / 5 – Partially meets expectations
        Next steps: 60-day improvement plan, weekly 1:1 with ⟨mgrf⟩, HR contact ⟨hr⟩ (⟨hr_phone⟩).
        """,
        emp=emp.P(), city=LOC(c), mgr=mgr.P(), skip=skip.P(), empf=emp.F(), peer=peer.P(), peer2=person().P(),
        mgrf=mgr.F(), hr=E("EMAIL_ADDRESS", f"people-team@{pick(COMPANY_DOMAINS)}"), hr_phone=PHONE("UK"),
    )


@positive("hr_review", "de", 3)
def hr_review_de() -> Frag:
    emp, fk, hr = people(3, "de")
    c, _ = city("de")
    return T(
        """
        Formuliere dieses Protokoll bitte wertschätzender, es geht an den Betriebsrat.

        Protokoll Mitarbeitergespräch
        Mitarbeiter/in: ⟨emp⟩, Standort ⟨city⟩
        Führungskraft: ⟨fk⟩
        Anwesend: ⟨hr⟩ (HR)

        ⟨empl⟩ hat die Zielvereinbarung 2024 nur teilweise erreicht. Mehrere Kundenbeschwerden (u. a. Fa. Blauquell Energie GmbH) wegen verspäteter Rückmeldungen.
        Krankheitstage: 23 (davon 11 ohne AU am ersten Tag).
        Vereinbarung: Coaching ab Januar, Zwischengespräch mit ⟨fkl⟩ im März.
        Erreichbarkeit für Rückfragen: ⟨phone⟩
        """,
        emp=emp.P(), city=LOC(c), fk=fk.P(), hr=hr.P(), empl=emp.P(), fkl=fk.L(), phone=PHONE("DE"),
    )


@positive("medical_note", "en", 4)
def medical_en() -> Frag:
    pat, doc, gp = people(3, pick(["en", "mix"]))
    c, country = city("en")
    return T(
        """
        Rewrite this appointment note as a friendly SMS reminder for the patient, no medical details:

        Patient: ⟨pat⟩    DOB: ⟨dob⟩
        Mobile: ⟨phone⟩    Email: ⟨email⟩
        Referred by: Dr ⟨gp⟩, Elmbrook Family Practice, ⟨city⟩
        Appointment: Tue ⟨t⟩ with ⟨doc⟩ (physiotherapy), follow-up lower back pain, bring previous MRI.
        Notes: ⟨patf⟩ asked for an afternoon slot because of school pick-up. Emergency contact ⟨ec⟩ ⟨ecph⟩.
        """,
        pat=pat.P(), dob=f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1950, 2004)}",
        phone=PHONE(COUNTRY_OF[country]), email=pat.EM(pick(PERSONAL_DOMAINS["en"])), gp=gp.L(), city=LOC(c),
        t=clock(), doc=doc.P(), patf=pat.F(), ec=person().P(), ecph=PHONE(COUNTRY_OF[country]),
    )


@positive("medical_note", "fr", 4)
def medical_fr() -> Frag:
    pat, doc = people(2, "fr")
    c, country = city("fr")
    return T(
        """
        Peux-tu transformer cette note en SMS de rappel pour le patient, sans détails médicaux ?

        Patient(e) : ⟨pat⟩
        Né(e) le : ⟨dob⟩
        N° de sécurité sociale : ⟨nir⟩
        Tél. : ⟨phone⟩
        RDV : jeudi ⟨t⟩ avec le Dr ⟨doc⟩, cabinet de kinésithérapie, ⟨city⟩
        Remarque : ⟨patf⟩ souhaite être rappelé(e) la veille. Mutuelle à jour.
        """,
        pat=pat.P(), dob=f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1950, 2004)}", nir=NIR(),
        phone=PHONE(COUNTRY_OF[country]), t=f"{R.randint(8, 18)}h{pick(['00', '15', '30', '45'])}", doc=doc.L(),
        city=LOC(c), patf=pat.F(),
    )


@positive("medical_note", "es", 3)
def medical_es() -> Frag:
    pat, doc = people(2, "es")
    c, _, _ = city_pc("es")
    return T(
        """
        Resume esta nota de la consulta en dos frases para el informe:

        Paciente: ⟨pat⟩ · DNI ⟨nif⟩ · Tel. ⟨phone⟩
        Centro: Clínica Sonrisa (⟨city⟩) · Facultativo responsable: ⟨doc⟩
        Motivo: control anual, tensión algo elevada (145/90). Se pide analítica.
        Próxima cita: ⟨d⟩ a las ⟨t⟩. Avisar por correo a ⟨email⟩.
        """,
        pat=pat.P(), nif=NIF(chance(0.3)), phone=PHONE("ES"), city=LOC(c), doc=doc.P(),
        d=f"{R.randint(1, 28)}/{R.randint(1, 12)}/2025", t=clock(), email=pat.EM(pick(PERSONAL_DOMAINS["es"])),
    )


@positive("resume", "en", 5)
def cv_en() -> Frag:
    me, ref = people(2)
    c, country = city("en")
    c2, country2 = city("en")
    upper = chance(0.4)
    name = E("PERSON", me.full.upper() if upper else me.full)
    return T(
        """
        Tailor my CV summary for a product manager role at a fintech, keep it to 4 lines:

        ⟨name⟩
        ⟨city⟩, ⟨country⟩ · ⟨phone⟩ · ⟨email⟩ · linkedin.com/in/⟨handle⟩

        PROFILE
        Business analyst with 6 years in payments and lending. Led the rollout of instant payouts across 3 markets.

        EXPERIENCE
        Senior Business Analyst — Vantapay Ltd, ⟨city2⟩, ⟨country2⟩        2021 – present
        • Cut payout failures 38% by redesigning IBAN validation and retry logic
        • Partnered with risk to launch card-present fraud rules
        Business Analyst — Greyhollow Software, ⟨city⟩                2018 – 2021

        EDUCATION
        BSc Economics, University of ⟨uni⟩ (2014 – 2017)

        REFERENCES
        ⟨ref⟩, Head of Risk, Vantapay — ⟨ref_email⟩
        """,
        name=name, city=LOC(c), country=LOC(country), phone=PHONE(COUNTRY_OF[country]),
        email=me.EM(pick(PERSONAL_DOMAINS["en"])), handle=me.slug("flast") + str(R.randint(1, 99)),
        city2=LOC(c2), country2=LOC(country2), uni=LOC(pick(["Leeds", "Edinburgh", "Toronto", "Manchester"])),
        ref=ref.P(), ref_email=ref.EM("vantapay.com"),
    )


@positive("resume", "es", 4)
def cv_es() -> Frag:
    me, ref = people(2, "es")
    c, _ = city("es")
    c2, _ = city("es")
    return T(
        """
        ¿Puedes mejorar la redacción de mi CV? Es para una empresa de ⟨c2⟩.

        ⟨name⟩
        ⟨city⟩ · ⟨phone⟩ · ⟨email⟩
        DNI: ⟨nif⟩ · Carné de conducir B

        EXPERIENCIA
        2020–actualidad  Analista de datos, Tejido Digital S.L. (⟨city⟩)
          - Automaticé informes de ventas con Python y SQL
        2017–2020  Técnica de administración, Grupo Alcaraván S.A. (⟨c2⟩)

        REFERENCIAS
        ⟨ref⟩ (responsable de equipo) – ⟨ref_phone⟩
        """,
        c2=LOC(c2), name=me.P(), city=LOC(c), phone=PHONE("ES"), email=me.EM(pick(PERSONAL_DOMAINS["es"])),
        nif=NIF(), ref=ref.P(), ref_phone=PHONE("ES"),
    )


@positive("resume", "fr", 3)
def cv_fr() -> Frag:
    me = person("fr")
    c, country = city("fr")
    return T(
        """
        Peux-tu traduire ce début de CV en anglais ?

        ⟨name⟩
        Développeuse full-stack · ⟨city⟩ (⟨country⟩)
        ⟨phone⟩ · ⟨email⟩

        EXPÉRIENCES
        2021 – aujourd'hui : Ingénieure logiciel, Hexagone Paiements SA, ⟨city⟩
        2019 – 2021 : Développeuse web, Atelier Lumen SAS, ⟨city2⟩
        """,
        name=me.P(), city=LOC(c), country=LOC(country), phone=PHONE(COUNTRY_OF[country]),
        email=me.EM(pick(PERSONAL_DOMAINS["fr"])), city2=LOC(pick(["Nantes", "Lille", "Bordeaux", "Toulouse"])),
    )


@positive("contract", "en", 4)
def contract_en() -> Frag:
    ceo, contractor, witness = people(3)
    c, country = city("en")
    cc = pick(["GB", "IE", "NL", "DE"])
    return T(
        """
        Explain clauses 4 and 7 in plain English:

        SERVICES AGREEMENT
        This Agreement is made on 1 July 2024 between ORBIT FREIGHT INC., a company incorporated in ⟨region⟩, represented by its CEO ⟨ceo⟩ (the "Client"), and ⟨contractor⟩, an independent contractor residing in ⟨city⟩, ⟨country⟩ (the "Contractor").

        4. FEES AND PAYMENT. The Client shall pay each undisputed invoice within thirty (30) days of receipt by transfer to the Contractor's account, IBAN ⟨iban⟩. Late payments accrue interest at 1% per month.

        7. GOVERNING LAW. This Agreement is governed by the laws of ⟨region⟩. Notices shall be sent to ⟨ceo_email⟩ (Client) and ⟨con_email⟩ (Contractor).

        Signed:
        ⟨ceo⟩, for the Client
        ⟨contractor⟩, Contractor
        Witness: ⟨witness⟩
        """,
        region=LOC(pick(["Texas", "Ontario", "California"])), ceo=ceo.P(), contractor=contractor.P(), city=LOC(c),
        country=LOC(country), iban=IBAN(cc), ceo_email=ceo.EM("orbitfreight.net"),
        con_email=contractor.EM(pick(PERSONAL_DOMAINS["en"])), witness=witness.P(),
    )


@positive("contract", "de", 4)
def contract_de() -> Frag:
    gf, an = people(2, "de")
    c, _, pc = city_pc("de")
    c2, _, pc2 = city_pc("de")
    comp, _ = company("de")
    return T(
        """
        Bitte prüfe diesen Vertragsauszug auf Unklarheiten und schlag bessere Formulierungen vor:

        § 1 Vertragsparteien
        (1) Zwischen der ⟨comp⟩, vertreten durch die Geschäftsführung (⟨gf⟩), ⟨pc⟩ ⟨city⟩
        – nachfolgend „Auftraggeber“ –
        und
        ⟨an⟩, ⟨pc2⟩ ⟨city2⟩, Steuerliche Identifikationsnummer ⟨tax⟩
        – nachfolgend „Auftragnehmer“ –

        § 4 Vergütung
        (1) Der Auftragnehmer erhält ein Pauschalhonorar von 4.800,00 € zzgl. gesetzlicher USt.
        (2) Die Zahlung erfolgt binnen 14 Tagen auf das Konto des Auftragnehmers, IBAN ⟨iban⟩.

        § 9 Gerichtsstand
        Gerichtsstand ist ⟨city⟩.
        """,
        comp=comp, gf=gf.P(), pc=pc, city=LOC(c), an=an.P(), pc2=pc2,
        city2=LOC(c2), tax=DETAX(), iban=IBAN("DE"),
    )


@positive("contract", "fr", 3)
def contract_fr() -> Frag:
    pres, sal = people(2, "fr")
    c, _ = city("fr")
    c2, _ = city("fr")
    return T(
        """
        Peux-tu résumer les obligations de chaque partie ?

        CONTRAT DE PRESTATION DE SERVICES
        ENTRE LES SOUSSIGNÉS :
        La société Atelier Lumen SAS, dont le siège social est situé à ⟨city⟩, représentée par ⟨pres⟩, son représentant légal,
        ci-après « le Client »,
        ET
        ⟨sal⟩, demeurant à ⟨city2⟩, n° de sécurité sociale ⟨nir⟩,
        ci-après « le Prestataire ».

        Article 5 – Rémunération
        Le Client versera au Prestataire la somme de 3 200 € HT par mois, par virement sur le compte IBAN ⟨iban⟩.
        Article 9 – Litiges
        Tout litige relève de la compétence du tribunal de commerce de ⟨city⟩.
        """,
        city=LOC(c), pres=pres.P(), sal=sal.P(), city2=LOC(c2), nir=NIR(), iban=IBAN("FR"),
    )


@positive("ai_chat", "en", 10)
def ai_rewrite_en() -> Frag:
    me, you, other = people(3)
    c, country = city("en")
    v = deal("ai_rewrite_en", list(range(6)))
    if v == 0:
        return T(
            """
            rewrite this email to sound less angry:

            Hi ⟨youf⟩, this is the THIRD time I'm asking for the signed NDA. Legal in ⟨city⟩ is waiting on it and I look like an idiot. Just send it today or call me on ⟨phone⟩.
            ⟨mef⟩
            """,
            youf=you.F(), city=LOC(c), phone=PHONE(COUNTRY_OF[country]), mef=me.F(),
        )
    if v == 1:
        return T(
            """
            make this LinkedIn message shorter and less salesy:

            Hi ⟨you⟩, great to meet you at the fintech summit in ⟨city⟩! ⟨other⟩ mentioned you're rebuilding the payouts stack at your company. I'd love to show you how we cut reconciliation time by 40%. Are you free Thursday? You can reach me at ⟨email⟩.
            Best, ⟨me⟩
            """,
            you=you.P(), city=LOC(c), other=other.P(), email=me.EM(pick(COMPANY_DOMAINS)), me=me.P(),
        )
    if v == 2:
        return T(
            """
            Translate to German, formal:

            Dear ⟨you⟩,
            as discussed, please find my bank details for the deposit refund below.
            Account holder: ⟨me⟩
            IBAN: ⟨iban⟩
            Thank you for your help, and greetings from ⟨city⟩.
            ⟨me⟩
            """,
            you=you.P(), me=me.P(), iban=IBAN(pick(["DE", "NL", "IE", "GB"])), city=LOC(c),
        )
    if v == 3:
        return T(
            """
            draft a short reference letter for ⟨you⟩, who worked in our ⟨city⟩ team for 3 years as a support lead. mention they trained ⟨other⟩ and two others. I can be contacted at ⟨phone⟩ or ⟨email⟩ — sign it as ⟨me⟩, Customer Success Director
            """,
            you=you.P(), city=LOC(c), other=other.F(), phone=PHONE(COUNTRY_OF[country]),
            email=me.EM(pick(COMPANY_DOMAINS)), me=me.P(),
        )
    if v == 4:
        return T(
            """
            fix the grammar pls: hi its ⟨mef⟩ from accounts, the laptop wont join my home wifi. the network is called ⟨ssid⟩ and the wifi password is ⟨pw⟩ , i tried restarting twice. can someone from IT call me ⟨phone⟩
            """,
            mef=me.F(), ssid=pick(["FRITZ!Box 7530 XQ", "VM7723514", "Livebox-8A2C", "TP-Link_5G_3F1A"]), pw=PW(),
            phone=PHONE(COUNTRY_OF[country]),
        )
    return T(
        """
        Can you write a polite reminder to my landlord? Context: ⟨you⟩ still hasn't returned my deposit after I moved out of the flat in ⟨city⟩ in August. I sent my details twice (⟨email⟩, ⟨phone⟩). Keep it firm.
        """,
        you=you.P(), city=LOC(c), email=me.EM(pick(PERSONAL_DOMAINS["en"])), phone=PHONE(COUNTRY_OF[country]),
    )


@positive("business_email", "de", 7)
def email_de() -> Frag:
    me, you = people(2, "de")
    c, country, pc = city_pc("de")
    v = deal("email_de", list(range(3)))
    if v == 0:
        return T(
            """
            Formuliere diese E-Mail bitte professioneller:

            Hallo ⟨youf⟩,
            anbei meine Daten für die Lohnabrechnung, hoffe das reicht so:
            Steuer-ID: ⟨tax⟩
            IBAN: ⟨iban⟩
            Neue Adresse ab 1.11.: ⟨pc⟩ ⟨city⟩
            Handy: ⟨phone⟩
            Danke und Gruß
            ⟨me⟩
            """,
            youf=you.F(), tax=DETAX(), iban=IBAN("AT" if country == "Österreich" else "DE"),
            pc=pc, city=LOC(c), phone=PHONE(COUNTRY_OF[country]), me=me.P(),
        )
    if v == 1:
        return T(
            """
            Übersetze bitte ins Englische:

            Sehr geehrte Frau ⟨youl⟩,

            leider ist die Lieferung an unseren Standort in ⟨city⟩ erneut nicht vollständig angekommen. Es fehlen drei Paletten. Bitte rufen Sie mich unter ⟨phone⟩ zurück oder schreiben Sie an ⟨email⟩.

            Mit freundlichen Grüßen
            ⟨me⟩
            Einkauf, Kranich Medizintechnik AG
            """,
            youl=you.L(), city=LOC(c), phone=PHONE(COUNTRY_OF[country]), email=me.EM("kranich-mt.de"), me=me.P(),
        )
    return T(
        """
        Ist diese Mail verdächtig? Sieht aus wie von unserem Lieferanten:

        Von: ⟨you⟩ <⟨yemail⟩>
        Betreff: Neue Bankverbindung

        Guten Tag Herr ⟨mel⟩,
        aufgrund einer Umstellung bitten wir Sie, künftige Zahlungen ausschließlich auf folgendes Konto zu leisten:
        IBAN ⟨iban⟩
        Bitte bestätigen Sie kurz per Mail. Für Rückfragen erreichen Sie mich unter ⟨phone⟩.
        Freundliche Grüße aus ⟨city⟩
        ⟨you⟩
        """,
        you=you.P(), yemail=you.EM("blauquell.de"), mel=me.L(), iban=IBAN(pick(["DE", "NL", "BE"])),
        phone=PHONE("DE"), city=LOC(c),
    )


@positive("business_email", "fr", 7)
def email_fr() -> Frag:
    me, you = people(2, "fr")
    c, country, pc = city_pc("fr")
    v = deal("email_fr", list(range(3)))
    if v == 0:
        return T(
            """
            Peux-tu rendre ce mail plus professionnel ?

            Bonjour ⟨youf⟩,
            voici mes infos pour mon dossier d'embauche :
            - numéro de sécu : ⟨nir⟩
            - RIB / IBAN : ⟨iban⟩
            - adresse : ⟨pc⟩ ⟨city⟩
            - portable : ⟨phone⟩
            Merci beaucoup,
            ⟨me⟩
            """,
            youf=you.F(), nir=NIR(), iban=IBAN("FR"), pc=pc, city=LOC(c),
            phone=E("PHONE_NUMBER", phone(COUNTRY_OF[country]).replace(" ", "\u00a0") if chance(0.4)
                    else phone(COUNTRY_OF[country])),
            me=me.P(),
        )
    if v == 1:
        return T(
            """
            Traduis en anglais s'il te plaît :

            Objet : Relance facture n° F-2024-⟨n⟩

            Madame, Monsieur,
            Sauf erreur de notre part, la facture citée en objet reste impayée. Nous vous remercions de bien vouloir procéder au règlement par virement (IBAN ⟨iban⟩) sous huit jours.
            Pour toute question, contactez ⟨me⟩ au ⟨phone⟩ ou par e-mail : ⟨email⟩.
            Cordialement,
            Cerfeuil Conseil SARL – ⟨city⟩
            """,
            n=R.randint(100, 999), iban=IBAN("FR"), me=me.P(), phone=PHONE(COUNTRY_OF[country]),
            email=me.EM("cerfeuil-conseil.fr"), city=LOC(c),
        )
    return T(
        """
        Résume ce fil de mails en trois points :

        De : ⟨you⟩ <⟨yemail⟩>
        Envoyé : mardi 8 octobre 2024 09:12
        À : ⟨me⟩
        Objet : RE: Réunion client ⟨city⟩

        Bonjour ⟨mef⟩,
        C'est bon pour jeudi 10h dans nos locaux de ⟨city⟩. ⟨other⟩ sera présente aussi. Le code wifi invités est ⟨pw⟩.
        Bien à vous,
        ⟨you⟩
        ⟨phone⟩
        """,
        you=you.P(), yemail=you.EM("optique-vermeil.fr"), me=me.P(), city=LOC(c), mef=me.F(),
        other=person("fr").P(), pw=PW(), phone=PHONE(COUNTRY_OF[country]),
    )


@positive("business_email", "es", 7)
def email_es() -> Frag:
    me, you = people(2, "es")
    c, _, pc = city_pc("es")
    v = deal("email_es", list(range(3)))
    if v == 0:
        return T(
            """
            Mejora la redacción de este correo, por favor:

            Hola ⟨youf⟩,
            te paso mis datos para la nómina:
            NIF: ⟨nif⟩
            Cuenta: ⟨iban⟩
            Domicilio: ⟨pc⟩ ⟨city⟩
            Móvil: ⟨phone⟩
            Gracias!
            ⟨me⟩
            """,
            youf=you.F(), nif=NIF(chance(0.3)), iban=IBAN("ES"), pc=pc, city=LOC(c),
            phone=PHONE("ES"), me=me.P(),
        )
    if v == 1:
        return T(
            """
            Traduce al inglés este correo de un cliente:

            Buenos días,
            soy ⟨me⟩, cliente desde 2019. El pasado lunes me cobraron dos veces la cuota en la tarjeta ⟨card⟩. Les ruego que devuelvan uno de los cargos. Pueden llamarme al ⟨phone⟩ o escribirme a ⟨email⟩.
            Un saludo desde ⟨city⟩.
            """,
            me=me.P(), card=CARD(), phone=PHONE("ES"), email=me.EM(pick(PERSONAL_DOMAINS["es"])), city=LOC(c),
        )
    return T(
        """
        ¿Cómo respondo a este proveedor de forma educada pero firme?

        De: ⟨you⟩ <⟨yemail⟩>
        Para: ⟨me⟩
        Asunto: Cambio de cuenta bancaria

        Buenos días, ⟨mef⟩:
        Le informamos de que a partir de este mes los pagos deben realizarse a la cuenta ⟨iban⟩. Nuestra oficina de ⟨city⟩ queda a su disposición en el ⟨phone⟩.
        Atentamente,
        ⟨you⟩
        Solara Energía S.L.
        """,
        you=you.P(), yemail=you.EM("solara-energia.es"), me=me.P(), mef=me.F(), iban=IBAN("ES"), city=LOC(c),
        phone=PHONE("ES"),
    )


@positive("chat_export", "en", 4)
def intercom_chat() -> Frag:
    cust, agent = people(2)
    c, _ = city("en")
    return T(
        """
        Conversation with ⟨cust⟩ · Messenger · ⟨d⟩
        ⟨cust⟩: hi my order still hasnt arrived?? #⟨order⟩
        Operator (bot): I can help with that! Can you confirm the email on your account?
        ⟨cust⟩: ⟨email⟩
        ⟨agent⟩ joined the conversation
        ⟨agent⟩: Hi ⟨custf⟩, sorry about that! It's stuck at the depot in ⟨city⟩. I can reship or refund.
        ⟨cust⟩: refund pls, same card ⟨card⟩
        ⟨agent⟩: Done, 3-5 business days. Anything else?
        ⟨cust⟩: no thanks

        score this conversation on empathy and resolution, 1-10
        """,
        cust=cust.P(), d=date_iso(), order=digits(6), email=cust.EM(pick(PERSONAL_DOMAINS["en"])), agent=agent.P(),
        custf=cust.F(), city=LOC(c), card=CARD(),
    )


@positive("chat_export", "en", 3)
def whatsapp_en() -> Frag:
    a, b = people(2)
    c, country = city("en")
    msgs = [
        render("[⟨d⟩, 09:14:22] ⟨a⟩: landed in ⟨city⟩ ✈️", d="12/03/24", a=a.P(), city=LOC(c)),
        render("[⟨d⟩, 09:15:03] ⟨b⟩: nice! airbnb code is 4471, wifi pw ⟨pw⟩", d="12/03/24", b=b.P(), pw=PW()),
        render("[⟨d⟩, 09:15:40] ⟨b⟩: host is ⟨host⟩ if anything breaks: ⟨ph⟩", d="12/03/24", b=b.P(), host=person().P(),
               ph=PHONE(COUNTRY_OF[country])),
        render("[⟨d⟩, 09:20:11] ⟨a⟩: 👍 also can u send me ur card for the booking, mine got blocked", d="12/03/24",
               a=a.P()),
        render("[⟨d⟩, 09:22:58] ⟨b⟩: ⟨card⟩ exp 11/26 cvc in next msg", d="12/03/24", b=b.P(), card=CARD("visa")),
    ]
    return cat("summarize this chat, what do I still need to do?\n\n", join("\n", msgs))


@positive("chat_export", "es", 3)
def whatsapp_es() -> Frag:
    a, b = people(2, "es")
    c, _, _ = city_pc("es")
    msgs = [
        render("[⟨d⟩ 18:02] ⟨a⟩: ¿Me pasas el número de cuenta para el regalo de ⟨x⟩?", d="3/5/24", a=a.P(),
               x=person("es").F()),
        render("[⟨d⟩ 18:05] ⟨b⟩: ⟨iban⟩ a nombre de ⟨b⟩", d="3/5/24", b=b.P(), iban=IBAN("ES")),
        render("[⟨d⟩ 18:06] ⟨b⟩: y la fiesta es en ⟨city⟩ el sábado, llama a ⟨x⟩ al ⟨ph⟩ si te pierdes", d="3/5/24",
               b=b.P(), city=LOC(c), x=person("es").F(), ph=PHONE("ES")),
    ]
    return cat("Resume este chat en una frase:\n\n", join("\n", msgs))


@positive("email_chain", "en", 4)
def us_onboarding() -> Frag:
    new, mgr = people(2, pick(["en", "mix"]))
    c = pick(["Chicago", "Seattle", "Denver", "Atlanta"])
    return T(
        """
        fix the grammar in this before I send to payroll:

        new hire ⟨new⟩ starts monday in the ⟨city⟩ office. ssn ⟨ssn⟩, cell ⟨phone⟩, personal email ⟨email⟩. direct deposit form attached, routing/account on the form. manager is ⟨mgr⟩, pls set up badge before 9am
        """,
        new=new.P(), city=LOC(c), ssn=SSN(), phone=PHONE("US"), email=new.EM(pick(PERSONAL_DOMAINS["en"])),
        mgr=mgr.P(),
    )


@positive("spreadsheet", "en", 3)
def uk_starters() -> Frag:
    rows = []
    for _ in range(R.randint(3, 5)):
        p = person(pick(["en", "intl"]))
        c = pick(["London", "Manchester", "Leeds", "Edinburgh"])
        rows.append(render("⟨n⟩\t⟨nino⟩\t⟨d⟩\t⟨c⟩\t⟨iban⟩", n=p.P(), nino=NINO(), d=f"{R.randint(1, 28):02d}/0{R.randint(1, 9)}/2024",
                           c=LOC(c), iban=IBAN("GB")))
    return cat("Sort these new starters by start date and flag missing data:\n\n",
               "Name\tNI number\tStart date\tOffice\tIBAN\n", join("\n", rows))


@positive("ai_chat", "en", 4)
def crypto_support() -> Frag:
    cust = person()
    v = deal("crypto_support", list(range(2)))
    if v == 0:
        c, country = city("en")
        return T(
            """
            A customer sent this through our support form. Is it a known scam pattern?

            "Hello, I am ⟨cust⟩ from ⟨city⟩. I paid 0.042 BTC for order 7731 but status not updated. My wallet is ⟨btc⟩ — send refund there please. whatsapp ⟨phone⟩"
            """,
            cust=cust.P(), city=LOC(c), btc=CRYPTO(), phone=PHONE(COUNTRY_OF[country]),
        )
    return T(
        """
        write a python script that checks the balance of these treasury wallets every hour and posts to slack:

        cold-1: ⟨b1⟩
        cold-2: ⟨b2⟩
        hot:    ⟨b3⟩
        slack webhook: ⟨hook⟩
        """,
        b1=CRYPTO("p2sh"), b2=CRYPTO("bech32"), b3=CRYPTO("p2pkh"), hook=S("SLACK_WEBHOOK", slack_webhook),
    )


@positive("calendar_invite", "en", 3)
def calendar_en() -> Frag:
    org, a, b = people(3)
    c, country = city("en")
    return T(
        """
        Quarterly business review
        Organizer: ⟨org⟩ <⟨oe⟩>
        Required: ⟨a⟩; ⟨b⟩
        When: Wednesday, November 6, 2024 2:00 PM-3:30 PM
        Where: Boardroom, ⟨city⟩ office / Microsoft Teams
        Join by phone: ⟨dial⟩,,⟨conf⟩#  Phone conference ID: ⟨conf2⟩#

        write an agenda for this based on the title, 5 items
        """,
        org=org.P(), oe=org.EM(pick(COMPANY_DOMAINS)), a=a.P(), b=b.P(), city=LOC(c), dial=PHONE(COUNTRY_OF[country]),
        conf=digits(9), conf2=f"{digits(3)} {digits(3)} {digits(3)}",
    )


@positive("calendar_invite", "de", 3)
def calendar_de() -> Frag:
    org, a = people(2, "de")
    c, country = city("de")
    return T(
        """
        Schreib bitte eine kurze Absage für diesen Termin, höflich:

        Einladung: Abstimmung Rollout Lager ⟨city⟩
        Organisator: ⟨org⟩ (⟨oe⟩)
        Teilnehmer: ⟨a⟩, Team Logistik
        Wann: Do., 14.11.2024 10:00–11:00
        Wo: Besprechungsraum 3.14, ⟨city⟩
        Einwahl: ⟨dial⟩, Konferenz-ID 448 213 907#
        """,
        city=LOC(c), org=org.P(), oe=org.EM("nordwind-logistik.de"), a=a.P(), dial=PHONE(COUNTRY_OF[country]),
    )


@positive("shell_output", "en", 4)
def psql_output() -> Frag:
    rows = []
    for _ in range(4):
        p = person()
        _, country = city("en")
        rows.append(cat(" ", cell(str(R.randint(1000, 9999)), 5), "| ", cell(p.P(), 19), "| ",
                        cell(p.EM(pick(PERSONAL_DOMAINS["en"])), 31), "| ", cell(PHONE(COUNTRY_OF[country]), 19), "| ",
                        LOC(country)))
    return T(
        """
        crm=# SELECT id, full_name, email, phone, country FROM customers WHERE churned_at > now() - interval '30 days' LIMIT 4;
          id  |     full_name      |             email              |       phone        | country
        ------+--------------------+--------------------------------+--------------------+---------
        ⟨rows⟩
        (4 rows)

        write a win-back email template for these churned customers (don't include their data, just placeholders)
        """,
        rows=join("\n", rows),
    )


@positive("shell_output", "en", 3)
def mongo_doc() -> Frag:
    p = person()
    c, country = city("en")
    return T(
        """
        > db.users.findOne({ email: "⟨email⟩" })
        {
          _id: ObjectId('⟨oid⟩'),
          name: '⟨name⟩',
          email: '⟨email⟩',
          phone: '⟨phone⟩',
          lastLoginIp: '⟨ip⟩',
          address: { city: '⟨city⟩', country: '⟨country⟩' },
          roles: [ 'customer' ],
          apiToken: '⟨tok⟩',
          createdAt: ISODate('⟨d⟩T10:22:31.114Z')
        }

        how do I write a migration that moves apiToken into a separate collection?
        """,
        email=p.EM(pick(PERSONAL_DOMAINS["en"])), oid=rs(24, HEX), name=p.P(), phone=PHONE(COUNTRY_OF[country]),
        ip=IP("pub"), city=LOC(c), country=LOC(country), tok=SECRET(pick(["hex40", "alnum"])), d=date_iso(2023),
    )


@positive("meeting_transcript", "fr", 3)
def compte_rendu_fr() -> Frag:
    a, b, c = people(3, "fr")
    ct, _ = city("fr")
    return T(
        """
        Transforme cette transcription en compte rendu structuré :

        ⟨a⟩ : Bon, on commence. ⟨bf⟩, tu fais le point sur l'ouverture de l'agence de ⟨city⟩ ?
        ⟨b⟩ : Oui. Le bail est signé, les travaux démarrent le 4. Il manque encore le contrat de ⟨c⟩.
        ⟨c⟩ : Je l'ai renvoyé hier, avec mon RIB : ⟨iban⟩.
        ⟨a⟩ : Parfait. Et pour le fournisseur, tu as un contact ?
        ⟨b⟩ : Oui, ⟨d⟩, au ⟨phone⟩.
        """,
        a=a.P(), bf=b.F(), city=LOC(ct), b=b.P(), c=c.P(), iban=IBAN("FR"), d=person("fr").P(), phone=PHONE("FR"),
    )


@positive("jira_ticket", "es", 3)
def ticket_es() -> Frag:
    cli, agente = people(2, "es")
    c, _, _ = city_pc("es")
    return T(
        """
        Resume este ticket en inglés para el equipo de backend:

        Ticket #⟨n⟩ · Prioridad: Alta · Asignado a: ⟨agente⟩
        Cliente: ⟨cli⟩ (⟨email⟩, ⟨phone⟩) – ⟨city⟩
        Descripción: la app rechaza su DNI ⟨nif⟩ al dar de alta la cuenta y dice "documento no válido". Ha probado también con el IBAN ⟨iban⟩ para domiciliar y da error 500.
        Comentario interno (⟨agentef⟩): reproducido en staging desde ⟨ip⟩.
        """,
        n=R.randint(10000, 99999), agente=agente.P(), cli=cli.P(), email=cli.EM(pick(PERSONAL_DOMAINS["es"])),
        phone=PHONE("ES"), city=LOC(c), nif=NIF(), iban=IBAN("ES"), agentef=agente.F(), ip=IP("priv"),
    )


@positive("hr_review", "es", 2)
def hr_es() -> Frag:
    emp, jefe = people(2, "es")
    c, _ = city("es")
    return T(
        """
        Reescribe esta evaluación con un tono más constructivo:

        Evaluación anual – ⟨emp⟩ (oficina de ⟨city⟩)
        Responsable: ⟨jefe⟩
        ⟨empf⟩ no ha cumplido los plazos del proyecto de facturación y ha faltado a varias reuniones con clientes. Se le propone un plan de mejora de 3 meses con seguimiento quincenal con ⟨jefef⟩.
        """,
        emp=emp.P(), city=LOC(c), jefe=jefe.P(), empf=emp.F(), jefef=jefe.F(),
    )


@positive("config_file", "de", 2)
def config_de() -> Frag:
    return T(
        """
        Warum verbindet sich mein Skript nicht mit der Datenbank? Hier die Konfiguration:

        [datenbank]
        host = ⟨ip⟩
        benutzer = lager_app
        passwort = ⟨pw⟩

        [benachrichtigung]
        slack_token = ⟨tok⟩
        """,
        ip=IP("priv"), pw=PW(), tok=S("SLACK_TOKEN", slack_token),
    )


@positive("ai_chat", "fr", 2)
def ai_chat_fr() -> Frag:
    me = person("fr")
    c, _ = city("fr")
    return T(
        """
        Mon script Python renvoie une erreur 401 avec cette clé : ⟨key⟩
        Je suis ⟨me⟩, développeur à ⟨city⟩, et je n'ai rien changé depuis hier. Une idée ?
        """,
        key=S("OPENAI_API_KEY", openai_key), me=me.P(), city=LOC(c),
    )


@positive("code", "es", 2)
def code_es() -> Frag:
    return T(
        """
        ¿Por qué este código no envía el correo? No da error.

        sg = SendGridAPIClient("⟨sg⟩")
        msg = Mail(from_email="⟨frm⟩", to_emails="⟨to⟩", subject="Factura", html_content="<p>Adjunta</p>")
        sg.send(msg)
        """,
        sg=S("SENDGRID_KEY", sendgrid_key), frm=E("EMAIL_ADDRESS", "facturas@tejidodigital.es"),
        to=person("es").EM(pick(PERSONAL_DOMAINS["es"])),
    )



@positive("code", "en", 4)
def firebase_config() -> Frag:
    proj = pick(["orbit-tracker", "helix-portal", "quill-app", "lumen-dash"]) + "-" + rs(5, LOWER_NUM)
    if chance(0.5):
        return T(
            """
            my firebase auth suddenly says "auth/invalid-api-key", config below:

            const firebaseConfig = {
              apiKey: "⟨k⟩",
              authDomain: "⟨p⟩.firebaseapp.com",
              projectId: "⟨p⟩",
              storageBucket: "⟨p⟩.appspot.com",
              messagingSenderId: "⟨sid⟩",
              appId: "1:⟨sid⟩:web:⟨app⟩"
            };
            """,
            k=S("GCP_API_KEY", gcp_key), p=proj, sid=digits(12), app=rs(22, HEX),
        )
    return T(
        """
        the map doesn't render on mobile safari, any idea?

        <div id="map" style="height:400px"></div>
        <script async
          src="https://maps.googleapis.com/maps/api/js?key=⟨k⟩&callback=initMap&libraries=places">
        </script>
        """,
        k=S("GCP_API_KEY", gcp_key),
    )


@positive("http_request", "en", 5)
def jwt_paste() -> Frag:
    v = deal("jwt_paste", list(range(3)))
    if v == 0:
        return T(
            """
            decode this jwt and tell me when it expires, and whether the scope includes write:orders

            ⟨t⟩
            """,
            t=S("JWT", jwt),
        )
    if v == 1:
        return T(
            """
            copied from devtools → Application → Cookies, why does the API still say unauthenticated?

            Cookie: theme=dark; _ga=GA1.1.⟨ga1⟩.⟨ga2⟩; access_token=⟨t⟩; locale=en
            """,
            ga1=digits(10), ga2=digits(10), t=S("JWT", jwt),
        )
    return T(
        """
        localStorage dump from the staging app:
        {"auth":{"idToken":"⟨t⟩","expiresIn":"3600","email":"⟨email⟩"}}
        why does my refresh logic loop forever?
        """,
        t=S("JWT", lambda: jwt("https://securetoken.google.com/helix-portal")),
        email=person().EM(pick(COMPANY_DOMAINS)),
    )


@positive("config_file", "en", 3)
def gcp_service_account() -> Frag:
    key = private_key("PRIVATE KEY").replace("\n", "\\n")
    proj = pick(["helix-portal", "corvid-ml", "orbit-analytics"]) + "-" + digits(6)
    sa = pick(["bq-loader", "etl-runner", "vision-api"])
    return T(
        """
        google.auth says "invalid_grant: Invalid JWT Signature" with this service account file, how do I fix it?

        {
          "type": "service_account",
          "project_id": "⟨proj⟩",
          "private_key": "⟨key⟩\\n",
          "client_email": "⟨email⟩",
          "client_id": "⟨cid⟩",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token"
        }
        """,
        proj=proj, key=E("PRIVATE_KEY", key), email=E("EMAIL_ADDRESS", f"{sa}@{proj}.iam.gserviceaccount.com"),
        cid=digits(21),
    )


@positive("config_file", "en", 3)
def k8s_tls_secret() -> Frag:
    key = private_key(pick(["EC PRIVATE KEY", "RSA PRIVATE KEY"])).replace("\n", "\n    ")
    return T(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: gateway-tls
          namespace: edge
        type: kubernetes.io/tls
        stringData:
          tls.crt: |
            -----BEGIN CERTIFICATE-----
            MIIB⟨crt⟩
            -----END CERTIFICATE-----
          tls.key: |
            ⟨key⟩

        ingress still serves the default fake certificate, what's wrong with this secret?
        """,
        crt=base64.b64encode(rbytes(45)).decode(), key=E("PRIVATE_KEY", key),
    )


@positive("ai_chat", "en", 5)
def llm_keys_en() -> Frag:
    v = deal("llm_keys_en", list(range(3)))
    if v == 0:
        return T(
            """
            $ history | tail -4
             501  export OPENAI_API_KEY=⟨k⟩
             502  python summarize.py --in reports/ --model gpt-4o-mini
             503  export ANTHROPIC_API_KEY=⟨k2⟩
             504  python summarize.py --provider anthropic

            the second run says the key is invalid, but I just created it?
            """,
            k=S("OPENAI_API_KEY", openai_key), k2=S("ANTHROPIC_API_KEY", anthropic_key),
        )
    if v == 1:
        return T(
            """
            curl https://api.anthropic.com/v1/messages \\
              -H "x-api-key: ⟨k⟩" \\
              -H "anthropic-version: 2023-06-01" \\
              -H "content-type: application/json" \\
              -d '{"model": "claude-3-5-sonnet-latest", "max_tokens": 256, "messages": [{"role": "user", "content": "hi"}]}'

            returns 400 invalid_request_error, what's missing?
            """,
            k=S("ANTHROPIC_API_KEY", anthropic_key),
        )
    return T(
        """
        import os
        os.environ["OPENAI_API_KEY"] = "⟨k⟩"
        from langchain_openai import ChatOpenAI
        llm = ChatOpenAI(model="gpt-4o")

        langchain still says the api key is missing when I run this inside celery, why?
        """,
        k=S("OPENAI_API_KEY", openai_key),
    )


@positive("ai_chat", "es", 3)
def llm_keys_es() -> Frag:
    me = person("es")
    return T(
        """
        Hola, soy ⟨me⟩. Este script me da error 401, ¿qué hago mal?

        import anthropic
        cliente = anthropic.Anthropic(api_key="⟨k⟩")
        respuesta = cliente.messages.create(model="claude-3-5-haiku-latest", max_tokens=200, messages=[{"role": "user", "content": "Hola"}])
        """,
        me=me.P(), k=S("ANTHROPIC_API_KEY", anthropic_key),
    )


@positive("code", "en", 3)
def slack_user_token_script() -> Frag:
    return T(
        """
        #!/usr/bin/env bash
        # export channel history for the audit
        TOKEN="⟨tok⟩"
        for ch in C0⟨c1⟩ C0⟨c2⟩; do
          curl -s -H "Authorization: Bearer $TOKEN" \\
            "https://slack.com/api/conversations.history?channel=$ch&limit=200" > "$ch.json"
        done

        make this handle pagination with the cursor
        """,
        tok=S("SLACK_TOKEN", lambda: slack_token(pick(["xoxp", "xoxb"]))), c1=rs(8, UPPER_NUM), c2=rs(8, UPPER_NUM),
    )


@positive("hr_review", "fr", 3)
def attestation_fr() -> Frag:
    sal, rh = people(2, "fr")
    c, country, pc = city_pc("fr")
    return T(
        """
        Corrige les fautes dans cette attestation avant que je l'envoie :

        ATTESTATION EMPLOYEUR
        Je soussigné(e) ⟨rh⟩, responsable des ressources humaines de la société Hexagone Paiements SA, atteste que ⟨sal⟩, né(e) le ⟨dob⟩, numéro de sécurité sociale ⟨nir⟩, demeurant ⟨pc⟩ ⟨city⟩, est employé(e) en CDI depuis le 1er mars 2021 en qualité d'analyste.
        Fait à ⟨city⟩, pour servir et valoir ce que de droit.
        Contact : ⟨phone⟩ – ⟨email⟩
        """,
        rh=rh.P(), sal=sal.P(), dob=f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1965, 2000)}", nir=NIR(),
        pc=pc, city=LOC(c), phone=PHONE(COUNTRY_OF[country]), email=rh.EM("hexagone-paiements.fr"),
    )


@positive("spreadsheet", "en", 3)
def crypto_payouts() -> Frag:
    rows = []
    for _ in range(R.randint(3, 4)):
        p = person()
        c, _ = city("en")
        rows.append(render("⟨n⟩\t⟨c⟩\t⟨a⟩\t⟨btc⟩", n=p.P(), c=LOC(c), a=f"{R.uniform(0.001, 0.2):.4f}", btc=CRYPTO()))
    return cat("check these contractor payout rows for obvious mistakes before I send the BTC:\n\n",
               "Contractor\tCity\tAmount (BTC)\tWallet\n", join("\n", rows))


# ======================================================================================
# NEGATIVE TEMPLATES (nothing to label: lookalikes, placeholders, documentation values)
# ======================================================================================


@negative("code", "en", 8)
def neg_python_ids() -> Frag:
    return T(
        """
        Is there a cleaner way to write this lookup?

        TENANT_IDS = {
            "default": "⟨u1⟩",
            "sandbox": "⟨u2⟩",
        }
        SCHEMA_VERSION = "⟨ver⟩"
        MIGRATION_SHA256 = "⟨h⟩"
        BUILD = ⟨build⟩

        def tenant_for(key: str) -> str:
            if key in TENANT_IDS:
                return TENANT_IDS[key]
            return TENANT_IDS["default"]
        """,
        u1=ruuid(), u2=ruuid(), ver=semver(), h=sha(64), build=R.randint(1000, 99999),
    )


@negative("config_file", "en", 5)
def neg_package_lock() -> Frag:
    pkgs = []
    for name in R.sample(["lodash", "axios", "zod", "dayjs", "chalk", "semver", "uuid", "debug", "ms"], 3):
        ver = semver()
        digest = base64.b64encode(rbytes(64)).decode()
        pkgs.append(f'''    "node_modules/{name}": {{
              "version": "{ver}",
              "resolved": "https://registry.npmjs.org/{name}/-/{name}-{ver}.tgz",
              "integrity": "sha512-{digest}",
              "license": "MIT"
            }}''')
    return cat("npm ci says integrity checksum failed for one of these, how do I find which?\n\n{\n  \"packages\": {\n",
               ",\n".join(p.replace("\n        ", "\n") for p in pkgs), "\n  }\n}")


@negative("config_file", "en", 5)
def neg_dockerfile() -> Frag:
    return T(
        """
        FROM python:3.12-slim@sha256:⟨d1⟩ AS build
        ARG APP_VERSION=⟨ver⟩
        ARG BUILD_NUMBER=⟨bn⟩
        ENV PIP_NO_CACHE_DIR=1 \\
            PYTHONDONTWRITEBYTECODE=1
        WORKDIR /app
        COPY requirements.lock .
        RUN pip install --require-hashes -r requirements.lock
        COPY . .
        LABEL org.opencontainers.image.revision="⟨rev⟩"
        EXPOSE 8080
        HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
        CMD ["gunicorn", "-b", "0.0.0.0:8080", "app:create_app()"]

        image is 1.2GB, how do I make it smaller?
        """,
        d1=sha(64), ver=semver(), bn=f"{date_iso().replace('-', '')}.{R.randint(1, 40)}", rev=sha(40),
    )


@negative("config_file", "en", 8)
def neg_env_example() -> Frag:
    lines = R.sample([
        "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME",
        "DATABASE_URL=postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/${DB_NAME}",
        "OPENAI_API_KEY=sk-...",
        "OPENAI_API_KEY=<your-openai-key>",
        "ANTHROPIC_API_KEY=sk-ant-...",
        "STRIPE_SECRET_KEY=sk_test_...",
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "GITHUB_TOKEN=your_token_here",
        "SLACK_BOT_TOKEN=xoxb-your-bot-token",
        "SENDGRID_API_KEY=<API_KEY>",
        "JWT_SECRET=${SECRET}",
        "SESSION_SECRET=change-me-in-production",
        "SMTP_PASSWORD=",
        "ADMIN_EMAIL=admin@example.com",
        "GOOGLE_MAPS_API_KEY=AIza...",
        "REDIS_URL=redis://localhost:6379/0",
        "PORT=3000",
    ], R.randint(7, 11))
    return cat(deal("neg_env_example", ["Here's our .env.example, what's missing for a typical SaaS starter?\n\n",
                     "Write a README section explaining each of these variables:\n\n",
                     "is this .env.example safe to commit?\n\n"]), "\n".join(lines))


@negative("code", "en", 5)
def neg_stripe_tests() -> Frag:
    return T(
        """
        Why does this test pass locally but fail in CI?

        import stripe
        stripe.api_key = "sk_test_⟨k⟩"
        PUBLISHABLE = "pk_test_⟨pk⟩"

        TEST_CARDS = {
            "visa": "4242424242424242",
            "visa_debit": "4111 1111 1111 1111",
            "declined": "⟨bad⟩",  # fails Luhn on purpose
        }

        def test_charge_succeeds():
            pm = stripe.PaymentMethod.create(type="card", card={"number": TEST_CARDS["visa"], "exp_month": 12, "exp_year": 2030, "cvc": "123"})
            assert pm.card.last4 == "4242"
        """,
        k=rs_mixed(24), pk=rs_mixed(24), bad=card_failing_luhn("4"),
    )


@negative("docs", "en", 5)
def neg_api_docs() -> Frag:
    return T(
        """
        Improve the wording of this API doc section:

        ## Authentication
        Every request must include your key in the `Authorization` header:

            Authorization: Bearer <token>

        Example:

            curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com/v1/me

        Response:

            {"id": "⟨u⟩", "email": "jane.doe@example.com", "last_ip": "⟨ip⟩"}

        Requests from ⟨ip2⟩ or any address in 198.51.100.0/24 are rate-limited in the sandbox. Rotate keys at least every 90 days.
        """,
        u=ruuid(), ip=doc_ip(), ip2=doc_ip(),
    )


@negative("release_notes", "en", 8)
def neg_release_notes() -> Frag:
    items = R.sample([
        f"Fixed a crash when importing CSV files larger than 2 GB (#{R.randint(1000, 9999)})",
        f"Bumped openssl to {R.randint(3, 3)}.{R.randint(0, 3)}.{R.randint(1, 14)}",
        "Dark mode now follows the system setting",
        f"Reduced cold start time by {R.randint(10, 45)}%",
        f"Deprecated the `/v1/export` endpoint; use `/v2/exports` instead (removal in {semver()})",
        "Added keyboard shortcuts for the query editor",
        f"Commit {sha(7)} reverted the flaky retry logic",
        "Improved error messages for invalid IBAN and card number formats",
        f"Upgraded the embedded SQLite to 3.{R.randint(40, 46)}.{R.randint(0, 3)}",
    ], 5)
    return cat(f"Turn these release notes into a short customer-facing changelog:\n\n## v{semver()} ({date_iso()})\n",
               "\n".join(f"- {x}" for x in items), f"\n\nBuild {R.randint(4000, 9999)} · sha {sha(12)}")


@negative("docs", "en", 8)
def neg_product_docs() -> Frag:
    return cat(deal("neg_product_docs", [
        "Summarize this for a slide:\n\nThe sync agent runs every five minutes and uploads only changed rows. "
        "If the connection drops, it resumes from the last checkpoint instead of starting over. Administrators "
        "can pause syncing per workspace from the settings page, and all transfers are encrypted in transit "
        "with TLS 1.3. Large tables are split into chunks of 50,000 rows.",
        "Rewrite this paragraph for our help center:\n\nTo reset a forgotten password, open the sign-in page and "
        "choose \"Forgot password\". We will send a one-time link that expires after 30 minutes. For security "
        "reasons, support staff can never see or change your password for you.",
        "Make this onboarding text friendlier:\n\nYour workspace has been created. Invite teammates from the "
        "Members tab, connect a data source, and build your first dashboard. Free workspaces include three "
        "editors and unlimited viewers.",
        "Check this docs page for unclear sentences:\n\nThe rate limit is 600 requests per minute per token. When "
        "the limit is exceeded, the API returns HTTP 429 with a Retry-After header. Batch endpoints count as a "
        "single request regardless of the number of items, up to 1,000 items per call.",
        "Explain this to a non-technical audience:\n\nBackups are taken every night and kept for 35 days. Point-in-time "
        "recovery is available for the last 7 days. Restores are performed into a new instance so production is never "
        "overwritten.",
        "Tighten this FAQ answer:\n\nYes, you can export your data at any time. Go to Settings, then Data, and choose "
        "CSV or Parquet. Exports larger than 5 GB are split into several files and a download link is emailed to the "
        "workspace owner.",
        "Is this security notice clear?\n\nWe will never ask for your password, one-time codes or full card number by "
        "phone, chat or email. If someone does, end the conversation and report it through the app.",
        "Rewrite as bullet points:\n\nThe mobile app supports offline mode. Changes made offline are queued and "
        "synced when the device reconnects. Conflicts are resolved by keeping the most recent edit and saving the "
        "older version in the history panel.",
    ]))


@negative("question", "en", 12)
def neg_generic_questions() -> Frag:
    return cat(deal("neg_generic_questions", [
        "What's the difference between TCP and UDP, and when would I pick UDP for a game server?",
        "Explain the CAP theorem like I'm a junior developer.",
        "How do I center a div vertically and horizontally with flexbox?",
        "Write a SQL query that returns the second highest salary from an employees table.",
        "What are good practices for rotating API keys in a microservices setup?",
        "Give me 5 ideas for a team offsite that doesn't involve drinking.",
        "How does the Luhn algorithm work? Show a Python implementation.",
        "What is the difference between an IBAN and a SWIFT/BIC code?",
        "Can you explain how JWT signatures are verified with RS256?",
        "Write a regex that matches IPv4 addresses but not version numbers like 1.2.3.",
        "Why is my React useEffect running twice in development?",
        "How should I structure a monorepo with three Python services and a shared library?",
        "What's a polite way to decline a meeting that has no agenda?",
        "Summarize the main differences between GDPR and CCPA for a product manager.",
        "How do I compute a moving average over 7 days in pandas with missing dates?",
    ]))


@negative("config_file", "en", 5)
def neg_nginx() -> Frag:
    return T(
        """
        upstream app {
            server 127.0.0.1:8000;
            server ⟨ip1⟩:8000 backup;
        }
        server {
            listen 0.0.0.0:80;
            listen [::]:80;
            server_name app.example.com;
            location / {
                proxy_pass http://app;
                proxy_set_header X-Real-IP $remote_addr;
            }
            location /metrics {
                allow ⟨ip2⟩;
                allow 127.0.0.1;
                deny all;
            }
        }

        how do I add HTTP/2 and redirect http to https here?
        """,
        ip1=doc_ip(), ip2=doc_ip(),
    )


@negative("log_lines", "en", 6)
def neg_app_logs() -> Frag:
    lines = []
    for _ in range(R.randint(4, 7)):
        lines.append(
            f"{date_iso()}T{clock()}:{R.randint(10, 59)}.{R.randint(100, 999)}Z level={pick(['info', 'warn', 'error'])} "
            f"req_id={ruuid()} trace_id={sha(32)} route={pick(['/api/orders', '/api/cart', '/healthz', '/api/users/me'])} "
            f"status={pick([200, 200, 201, 404, 500, 503])} dur_ms={R.randint(2, 2400)} "
            f"peer={pick(['127.0.0.1', doc_ip(), '::1'])}")
    return cat("Find the pattern in these errors:\n\n", "\n".join(lines))


@negative("question", "en", 4)
def neg_tracking() -> Frag:
    ups = "1Z" + rs(6, UPPER_NUM) + digits(10)
    return T(
        """
        Our warehouse system shows three tracking numbers for one order. Which carrier does each belong to, and how do I validate them?

        ⟨ups⟩
        ⟨dhl⟩
        ⟨usps⟩

        Order ⟨order⟩ · SKU ⟨sku⟩ · weight 2.4 kg
        """,
        ups=ups, dhl=digits(10), usps="94" + digits(20), order=f"ORD-{date_iso().replace('-', '')}-{digits(5)}",
        sku=f"SKU-{rs(3, UPPER)}-{digits(4)}",
    )


@negative("spreadsheet", "en", 4)
def neg_catalog() -> Frag:
    rows = []
    for _ in range(R.randint(4, 6)):
        rows.append(f"{ean13(pick(['40', '42', '50', '87']))}\t{pick(['Desk lamp', 'USB-C hub', 'Notebook A5', 'Cable tie set', 'Monitor arm', 'Label printer'])}"
                    f"\t{R.randint(1, 400)}\t{R.randint(3, 250)}.{R.randint(0, 99):02d}")
    rows.append(f"{isbn13()}\tPaperback: Practical SQL\t{R.randint(1, 40)}\t{R.randint(20, 60)}.99")
    return cat("Calculate total stock value from this (pasted from Excel):\n\nEAN\tProduct\tQty\tUnit price\n",
               "\n".join(rows))


@negative("code", "en", 4)
def neg_geojson() -> Frag:
    pts = [f"[{R.uniform(-10, 30):.5f}, {R.uniform(35, 60):.5f}]" for _ in range(4)]
    return T(
        """
        Why does Leaflet draw this polygon in the wrong place?

        {"type": "Feature", "properties": {"zone_id": "⟨z⟩", "capacity": ⟨cap⟩},
         "geometry": {"type": "Polygon", "coordinates": [[⟨p0⟩, ⟨p1⟩, ⟨p2⟩, ⟨p3⟩, ⟨p0⟩]]}}
        """,
        z=ruuid(), cap=R.randint(10, 500), p0=pts[0], p1=pts[1], p2=pts[2], p3=pts[3],
    )


@negative("notebook", "en", 4)
def neg_numpy() -> Frag:
    arr = ", ".join(f"{R.uniform(-1, 1):.4f}" for _ in range(6))
    return T(
        """
        In [7]: model.state_dict()["fc.bias"][:6]
        Out[7]: tensor([⟨arr⟩])

        In [8]: hashlib.sha256(open("model.pt", "rb").read()).hexdigest()
        Out[8]: '⟨h⟩'

        In [9]: base64.b64encode(weights[:24].tobytes())
        Out[9]: b'⟨b64⟩'

        why is the checksum different on every save if the weights are identical?
        """,
        arr=arr, h=sha(64), b64=base64.b64encode(rbytes(24 * 4)).decode(),
    )


@negative("sql_dump", "en", 4)
def neg_ddl() -> Frag:
    return T(
        """
        Review this schema, anything I should index?

        CREATE TABLE ⟨t⟩ (
            id           BIGSERIAL PRIMARY KEY,
            external_id  UUID NOT NULL DEFAULT gen_random_uuid(),
            full_name    TEXT NOT NULL,
            email        CITEXT UNIQUE NOT NULL,
            phone        VARCHAR(32),
            iban         VARCHAR(34),
            country_code CHAR(2) NOT NULL,
            created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX ON ⟨t⟩ (country_code);
        SELECT id FROM ⟨t⟩ WHERE email = :email AND created_at > :since;
        -- seed row for local dev only
        INSERT INTO ⟨t⟩ (full_name, email, country_code) VALUES ('Test User', '⟨e⟩@example.org', 'XX');
        """,
        t=deal("ddl_table", ["customers", "payees", "employees", "patients", "members"]),
        e=pick(["test.user", "qa", "seed", "dev"]),
    )


@negative("code", "en", 5)
def neg_iban_code() -> Frag:
    bad = iban_failing(pick(["DE", "FR", "ES", "NL"]))
    return T(
        """
        Is my IBAN validator correct? The second assert fails.

        def iban_ok(s: str) -> bool:
            s = s.replace(" ", "").upper()
            s = s[4:] + s[:4]
            return int("".join(str(int(c, 36)) for c in s)) % 97 == 1

        assert iban_ok("DE89 3704 0044 0532 0130 00")
        assert iban_ok("GB82WEST12345698765432")
        assert not iban_ok("⟨bad⟩")   # checksum digits altered
        """,
        bad=bad,
    )


@negative("code", "en", 5)
def neg_luhn_tests() -> Frag:
    bad1 = card_failing_luhn(pick(["4", "51", "37"]))
    bad2 = card_failing_luhn("4")
    return T(
        """
        Add edge cases to these pytest cases:

        @pytest.mark.parametrize("number,ok", [
            ("4111111111111111", True),
            ("4242 4242 4242 4242", True),
            ("⟨b1⟩", False),
            ("⟨b2⟩", False),
            ("0000 0000 0000 0000", False),
            ("", False),
        ])
        def test_luhn(number, ok):
            assert luhn_valid(number) is ok
        """,
        b1=bad1, b2=f"{bad2[:4]} {bad2[4:8]} {bad2[8:12]} {bad2[12:]}",
    )


@negative("code", "en", 4)
def neg_ssn_validation() -> Frag:
    return T(
        """
        Does this SSN validator handle all the invalid ranges?

        INVALID_EXAMPLES = ["000-⟨a⟩", "666-⟨b⟩", "9⟨c⟩", "⟨d⟩-00-⟨e⟩", "⟨f⟩-0000"]
        DOCS_EXAMPLES = ["123-45-6789", "078-05-1120"]   # published/advertising numbers, never valid

        def ssn_ok(s):
            area, group, serial = s.split("-")
            if area in ("000", "666") or area.startswith("9"):
                return False
            return group != "00" and serial != "0000" and s not in DOCS_EXAMPLES
        """,
        a=f"{R.randint(10, 99)}-{digits(4)}", b=f"{R.randint(10, 99)}-{digits(4)}",
        c=f"{R.randint(10, 99)}-{R.randint(10, 99)}-{digits(4)}", d=R.randint(100, 599), e=digits(4),
        f=f"{R.randint(100, 599)}-{R.randint(10, 99)}",
    )


@negative("shell_output", "en", 5)
def neg_kubectl() -> Frag:
    rows = []
    for name in R.sample(["orders-api", "ledger-worker", "checkout-web", "notifier", "search-indexer", "gateway"], 4):
        rows.append(f"{name:<16}{R.randint(1, 3)}/{R.randint(1, 3)}     {R.randint(1, 3)}            {R.randint(1, 3)}           {R.randint(2, 90)}d")
    return T(
        """
        $ kubectl get deploy -n prod
        NAME            READY   UP-TO-DATE   AVAILABLE   AGE
        ⟨rows⟩
        $ helm list -n prod
        NAME      NAMESPACE  REVISION  UPDATED                                  STATUS    CHART            APP VERSION
        platform  prod       ⟨rev⟩        ⟨d⟩ 10:41:07.318529 +0000 UTC  deployed  platform-⟨cv⟩  ⟨av⟩
        $ kubectl get events -n prod --field-selector type=Warning | tail -2
        4m   Warning  BackOff    pod/notifier-⟨h1⟩-⟨h2⟩   Back-off restarting failed container
        2m   Warning  Unhealthy  pod/gateway-⟨h3⟩-⟨h4⟩    Readiness probe failed: Get "http://127.0.0.1:9090/ready": context deadline exceeded

        which of these should I look at first?
        """,
        rows="\n".join(rows), rev=R.randint(2, 80), d=date_iso(), cv=semver(), av=semver(),
        h1=rs(9, LOWER_NUM), h2=rs(5, LOWER_NUM), h3=rs(9, LOWER_NUM), h4=rs(5, LOWER_NUM),
    )


@negative("ci_config", "en", 5)
def neg_gha_refs() -> Frag:
    return T(
        """
        name: deploy
        on:
          workflow_dispatch:
        permissions:
          id-token: write
          contents: read
        jobs:
          deploy:
            runs-on: ubuntu-22.04
            steps:
              - uses: actions/checkout@⟨sha⟩ # v4.1.7
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::123456789012:role/github-deploy
                  aws-region: ${{ vars.AWS_REGION }}
              - run: ./scripts/deploy.sh
                env:
                  DATABASE_URL: ${{ secrets.DATABASE_URL }}
                  STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}
                  SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}
                  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}

        is OIDC here enough or do I still need long-lived AWS keys somewhere?
        """,
        sha=sha(40),
    )


@negative("config_file", "en", 4)
def neg_terraform_vars() -> Frag:
    return T(
        """
        variable "db_password" {
          type      = string
          sensitive = true
        }

        resource "aws_db_instance" "main" {
          identifier          = "orders-${var.env}"
          engine              = "postgres"
          engine_version      = "16.3"
          instance_class      = "db.t4g.medium"
          username            = "app"
          password            = var.db_password
          kms_key_id          = "arn:aws:kms::123456789012:key/⟨u⟩"
          skip_final_snapshot = false
        }

        how do I pass db_password from SSM instead of tfvars?
        """,
        u=ruuid(),
    )


@negative("code", "en", 4)
def neg_css_html() -> Frag:
    return T(
        """
        <link rel="stylesheet" href="https://cdn.example.net/ui@⟨ver⟩/ui.min.css"
              integrity="sha384-⟨sri⟩" crossorigin="anonymous">
        <style>
          :root { --brand: #⟨c1⟩; --accent: #⟨c2⟩; }
          @font-face { font-family: "Inter"; src: url(data:font/woff2;base64,⟨font⟩) format("woff2"); }
        </style>

        why does the font flash on first load?
        """,
        ver=semver(), sri=base64.b64encode(rbytes(48)).decode(), c1=rs(6, HEX), c2=rs(6, HEX),
        font=base64.b64encode(rbytes(90)).decode(),
    )


@negative("markdown_table", "en", 4)
def neg_benchmarks() -> Frag:
    rows = []
    for eng in ["sqlite", "duckdb", "postgres", "clickhouse"]:
        rows.append(f"| {eng} | {R.uniform(0.1, 9):.2f} | {R.randint(10, 900)} | {R.randint(50, 4000)} MB |")
    return cat("Write two sentences interpreting this benchmark:\n\n| Engine | Query time (s) | Rows/s (k) | Peak RSS |\n"
               "|---|---|---|---|\n", "\n".join(rows))


@negative("spreadsheet", "en", 4)
def neg_sales_tsv() -> Frag:
    rows = [f"SKU-{rs(3, UPPER)}-{digits(4)}\t{R.randint(10, 900)}\t{R.randint(1000, 90000)}.{R.randint(0, 99):02d}\t{R.uniform(-20, 40):.1f}%"
            for _ in range(R.randint(5, 8))]
    return cat("Which SKUs are declining? Data from our sheet:\n\nSKU\tUnits\tRevenue\tYoY\n", "\n".join(rows))


@negative("config_file", "en", 3)
def neg_systemd() -> Frag:
    return T(
        """
        [Unit]
        Description=Nightly export
        After=network-online.target

        [Service]
        Type=oneshot
        EnvironmentFile=/etc/exporter/env
        ExecStart=/opt/exporter/bin/export --since=24h --out=/var/lib/exporter
        User=exporter

        [Timer]
        OnCalendar=*-*-* 0⟨h⟩:⟨m⟩:00
        RandomizedDelaySec=600

        the timer never fires, what am I missing?
        """,
        h=R.randint(1, 5), m=pick(["00", "15", "30", "45"]),
    )


@negative("code", "en", 4)
def neg_git_diff() -> Frag:
    return T(
        """
        Review this diff:

        diff --git a/app/retry.py b/app/retry.py
        index ⟨a⟩..⟨b⟩ 100644
        --- a/app/retry.py
        +++ b/app/retry.py
        @@ -12,9 +12,11 @@ def backoff(attempt: int) -> float:
        -    return min(30, 2 ** attempt)
        +    base = min(30.0, 2.0 ** attempt)
        +    return base * (0.5 + random.random() / 2)
        ⟨ctx⟩
         MAX_ATTEMPTS = 6
        """,
        a=sha(7), b=sha(7), ctx=" ",
    )


@negative("stack_trace", "en", 4)
def neg_java_trace() -> Frag:
    return T(
        """
        #
        # A fatal error has been detected by the Java Runtime Environment:
        #
        #  SIGSEGV (0xb) at pc=0x00007f⟨a⟩, pid=⟨pid⟩, tid=⟨tid⟩
        #
        # JRE version: OpenJDK Runtime Environment (21.0.⟨m⟩+⟨b⟩) (build 21.0.⟨m⟩+⟨b⟩-LTS)
        # Problematic frame:
        # C  [libnative.so+0x⟨off⟩]  decode_frame+0x⟨off2⟩
        #
        # Core dump will be written. Default location: /tmp/core.⟨pid⟩

        what does this mean and how do I debug a native crash in a JNI lib?
        """,
        a=rs(10, HEX), pid=R.randint(1000, 90000), tid=R.randint(1000, 90000), m=R.randint(1, 5), b=R.randint(5, 13),
        off=rs(5, HEX), off2=rs(3, HEX),
    )


@negative("docs", "en", 6)
def neg_placeholder_tokens() -> Frag:
    items = R.sample([
        "Create a personal access token in GitHub (it looks like `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`) and store it as `GH_TOKEN`.",
        "For GitLab, tokens start with `glpat-` followed by 20 characters, e.g. `glpat-XXXXXXXXXXXXXXXXXXXX`.",
        "Your Slack bot token starts with `xoxb-`; never paste it into chat.",
        "OpenAI keys look like `sk-proj-…` and Anthropic keys like `sk-ant-api03-…`.",
        "Test with the sample key from the AWS docs (`AKIAIOSFODNN7EXAMPLE`) before using real credentials.",
        "Webhook URLs have the form `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.",
        "Stripe test keys start with `sk_test_`; live keys must only exist in the secrets manager.",
        "npm automation tokens start with `npm_`. Store them as `NPM_TOKEN` in CI, never in `.npmrc` in the repo.",
        "SendGrid keys have the shape `SG.<id>.<secret>`; rotate them from the dashboard.",
    ], R.randint(4, 6))
    intro = pick(["Proofread this section of our integration guide:", "Make this checklist clearer:",
                  "Is anything in this onboarding doc unsafe to publish?"])
    return cat(intro, "\n\n", "\n".join(f"{i + 1}. {x}" for i, x in enumerate(items)))


@negative("config_file", "en", 4)
def neg_public_keys() -> Frag:
    body = base64.b64encode(bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00") + rbytes(270)).decode()
    pem = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    ssh = "AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B64)
    return T(
        """
        Which of these do I give to the vendor so they can verify our webhooks?

        -----BEGIN PUBLIC KEY-----
        ⟨pem⟩
        -----END PUBLIC KEY-----

        ssh-ed25519 ⟨ssh⟩ deploy-key-ci
        SHA256 fingerprint: ⟨fp⟩
        """,
        pem=pem, ssh=ssh, fp=base64.b64encode(rbytes(32)).decode().rstrip("="),
    )


@negative("shell_output", "en", 4)
def neg_base64_misc() -> Frag:
    return T(
        """
        $ echo -n 'hello world' | base64
        aGVsbG8gd29ybGQ=
        $ cat payload.json | jq -c . | base64 -w0
        ⟨b⟩
        $ sha1sum release.tar.gz
        ⟨h⟩  release.tar.gz
        $ uuidgen
        ⟨u⟩

        why does base64 output differ between macOS and linux for the same file?
        """,
        b=base64.b64encode(json.dumps({"event": "export.done", "rows": R.randint(10, 99999), "ok": True}).encode()).decode(),
        h=sha(40), u=ruuid().upper(),
    )


@negative("question", "en", 5)
def neg_ids_lookalike() -> Frag:
    return T(
        """
        Our invoice numbers look like ⟨inv⟩ and order ids like ⟨oid⟩. Support agents keep confusing them with phone numbers. Suggest a better format that is still sortable, something like the build tags we use (⟨bt⟩).
        """,
        inv=f"INV-{R.randint(2019, 2024)}-{digits(6)}", oid=digits(10), bt=f"{date_iso().replace('-', '')}.{R.randint(1, 9)}",
    )


@negative("shell_output", "en", 3)
def neg_hexdump() -> Frag:
    lines = []
    for off in range(0, 64, 16):
        b = rbytes(16)
        hexs = " ".join(f"{b[i]:02x}{b[i + 1]:02x}" for i in range(0, 16, 2))
        asc = "".join(chr(x) if 32 <= x < 127 else "." for x in b)
        lines.append(f"{off:08x}: {hexs}  {asc}")
    return cat("what file type is this? first bytes from xxd:\n\n", "\n".join(lines),
               "\n\nalso the service listens on [2001:db8::1]:8443 and ::1 in dev")


@negative("code", "en", 4)
def neg_invalid_ids() -> Frag:
    good_btc = btc_address("p2pkh")
    i = R.randrange(5, len(good_btc) - 2)
    bad_btc = good_btc[:i] + ("2" if good_btc[i] != "2" else "3") + good_btc[i + 1 :]
    nir = fr_nir(False)
    bad_nir = nir[:13] + f"{(int(nir[13:]) + R.randint(1, 20)) % 97 + 1:02d}"
    if bad_nir == nir:
        bad_nir = nir[:13] + f"{(int(nir[13:]) % 97) + 1:02d}"
    n = R.randint(10_000_000, 79_999_999)
    bad_nif = f"{n}{NIF_LETTERS[(n + 3) % 23]}"
    tax = de_taxid(False)
    bad_tax = tax[:10] + str((int(tax[10]) + 1) % 10)
    return T(
        """
        These should all be rejected by our validators, but two of them pass. Which validators are broken?

        bitcoin (bad checksum):   ⟨btc⟩
        FR NIR (wrong key):       ⟨nir⟩
        ES NIF (wrong letter):    ⟨nif⟩
        DE Steuer-ID (bad check): ⟨tax⟩
        NINO (bad prefix):        QQ123456C
        """,
        btc=bad_btc, nir=bad_nir, nif=bad_nif, tax=bad_tax,
    )


# ---- non-English negatives ----


@negative("docs", "de", 4)
def neg_de_docs() -> Frag:
    return cat(deal("neg_de_docs", [
        "Bitte kürze diese Installationsanleitung auf das Wesentliche:\n\n1. Laden Sie das Installationspaket "
        f"(Version {semver()}) herunter.\n2. Prüfen Sie die SHA-256-Prüfsumme: {sha(64)}\n3. Starten Sie den "
        "Dienst mit `systemctl start agent` und öffnen Sie http://127.0.0.1:8080 im Browser.\n4. Tragen Sie "
        "unter „Einstellungen“ Ihren API-Schlüssel ein (Platzhalter: <API_KEY>).",
        "Formuliere diesen Absatz verständlicher:\n\nDie Synchronisierung erfolgt alle fünf Minuten. Bei einem "
        "Verbindungsabbruch wird ab dem letzten Prüfpunkt fortgesetzt. Administratoren können die "
        "Synchronisierung pro Arbeitsbereich pausieren. Alle Übertragungen sind mit TLS 1.3 verschlüsselt.",
        "Schreib mir eine kurze Erklärung, was eine IBAN-Prüfziffer ist. Als Beispiel kannst du die "
        "Muster-IBAN DE89 3704 0044 0532 0130 00 aus der Bankdokumentation verwenden.",
        f"Was bedeutet diese Fehlermeldung?\n\nFehler 0x{rs(8, HEX).upper()}: Zertifikat abgelaufen "
        f"(Seriennummer {rs(16, HEX).upper()}, gültig bis {date_iso(2023)})",
    ]))


@negative("question", "de", 6)
def neg_de_questions() -> Frag:
    return cat(deal("neg_de_questions", [
        "Wie kann ich in Excel doppelte Einträge markieren, ohne sie zu löschen?",
        "Erkläre mir den Unterschied zwischen einer GmbH und einer UG in drei Sätzen.",
        "Schreib eine höfliche Absage für eine Einladung zu einem Meeting ohne Tagesordnung.",
        "Wie funktioniert die Prüfziffer bei der Steuer-ID grundsätzlich? Ohne echte Beispiele bitte.",
        "Welche Vorteile hat PostgreSQL gegenüber MySQL für ein kleines Team?",
        "Gib mir fünf Ideen für einen Teamausflug im Herbst.",
    ]))


@negative("release_notes", "fr", 5)
def neg_fr_release() -> Frag:
    return cat(f"Peux-tu rendre ces notes de version plus lisibles ?\n\nVersion {semver()} – {date_iso()}\n",
               "\n".join(f"- {x}" for x in R.sample([
                   "Correction d'un plantage lors de l'import de fichiers CSV volumineux",
                   f"Mise à jour d'OpenSSL vers 3.{R.randint(0, 3)}.{R.randint(1, 14)}",
                   "Le mode sombre suit désormais le réglage du système",
                   f"Temps de démarrage réduit de {R.randint(10, 40)} %",
                   f"Le point d'accès /v1/export est obsolète (suppression prévue en {semver()})",
                   "Messages d'erreur plus clairs pour les IBAN et numéros de carte mal formés",
               ], 4)), f"\n\nBuild {R.randint(4000, 9999)} – commit {sha(10)}")


@negative("question", "fr", 6)
def neg_fr_questions() -> Frag:
    return cat(deal("neg_fr_questions", [
        "Comment fonctionne la clé de contrôle du numéro de sécurité sociale ? Explique le principe sans exemple réel.",
        "Quelle est la différence entre un CDD et un CDI, en quelques phrases ?",
        "Écris une requête SQL qui compte les commandes par mois sur l'année 2024.",
        "Donne-moi trois conseils pour animer une réunion à distance.",
        "Comment configurer un proxy inverse nginx vers 127.0.0.1:3000 avec HTTPS ?",
        "Reformule ce paragraphe : « Le service sera indisponible dimanche de 2 h à 4 h pour maintenance. »",
    ]))


@negative("question", "es", 6)
def neg_es_questions() -> Frag:
    return cat(deal("neg_es_questions", [
        "¿Cómo puedo optimizar una consulta SQL que tarda mucho con un JOIN de tres tablas?",
        "Explícame qué es un NIF y cómo se calcula la letra, sin usar datos reales.",
        "Escribe un correo para avisar a los clientes de una parada por mantenimiento el domingo de 2:00 a 4:00.",
        "¿Qué diferencia hay entre una transferencia SEPA normal y una inmediata?",
        "Dame cinco ideas para mejorar la documentación interna de un equipo de desarrollo.",
        f"¿Qué significa este error? «certificate has expired» en la versión {semver()} del agente.",
    ]))


@negative("docs", "es", 4)
def neg_es_docs() -> Frag:
    return T(
        """
        Corrige la ortografía de esta guía:

        Para configurar la integracion, copie el archivo .env.example a .env y rellene los valores:
        API_KEY=<su-clave-aqui>
        WEBHOOK_SECRET=${WEBHOOK_SECRET}
        El servidor escucha en 0.0.0.0:⟨port⟩. Para pruebas, use la tarjeta 4242 4242 4242 4242 y el IBAN de ejemplo DE89 3704 0044 0532 0130 00.
        Identificador de la compilacion: ⟨bid⟩
        """,
        port=R.choice([3000, 8080, 8443]), bid=ruuid(),
    )


@negative("code", "fr", 3)
def neg_fr_code() -> Frag:
    return T(
        """
        Pourquoi ce test échoue-t-il ?

        def test_hash():
            attendu = "⟨h⟩"
            assert sha256_fichier("fixtures/vide.bin") == attendu

        # version du schéma : ⟨ver⟩, identifiant du lot : ⟨u⟩
        """,
        h=sha(64), ver=semver(), u=ruuid(),
    )


@negative("code", "de", 3)
def neg_de_code() -> Frag:
    return T(
        """
        Warum ist diese Abfrage so langsam?

        SELECT auftrag_id, SUM(betrag) AS summe
        FROM buchungen
        WHERE erstellt_am >= '⟨d⟩' AND mandant = '⟨u⟩'
        GROUP BY auftrag_id
        HAVING SUM(betrag) > 10000;
        -- EXPLAIN zeigt Seq Scan auf buchungen (⟨rows⟩ Zeilen)
        """,
        d=date_iso(), u=ruuid(), rows=R.randint(1_000_000, 90_000_000),
    )


@negative("slack_thread", "en", 8)
def neg_bot_thread() -> Frag:
    n = R.randint(1000, 9999)
    return T(
        """
        what do these bot messages tell me about yesterday's deploys?

        deploy-bot  APP  ⟨t1⟩
        :rocket: Deploy #⟨n⟩ of checkout-web to staging started (sha ⟨s1⟩)
        deploy-bot  APP  ⟨t2⟩
        :white_check_mark: Deploy #⟨n⟩ succeeded in 4m 12s
        ci-status  APP  ⟨t3⟩
        :x: Pipeline ⟨pid⟩ failed on main — job `integration-tests` (attempt 2/3)
        dependabot  APP  ⟨t4⟩
        Bump axios from ⟨v1⟩ to ⟨v2⟩ in /web (#⟨pr⟩)
        """,
        n=n, s1=sha(7), pid=R.randint(100000, 999999), v1=semver(), v2=semver(), pr=R.randint(100, 9999),
        **dict(zip(["t1", "t2", "t3", "t4"], clocks12(4), strict=True)),
    )


@negative("jira_ticket", "en", 5)
def neg_bot_ticket() -> Frag:
    return T(
        """
        Write acceptance criteria for this ticket:

        PLAT-⟨n⟩  Upgrade base images to Node 20 LTS
        Type: Task    Priority: Medium    Status: To Do
        Reporter: renovate[bot]    Assignee: Unassigned
        Labels: tech-debt, security
        Description
        Node 18 reaches end of life soon. Affected services: checkout-web, notifier, gateway.
        CVE references: CVE-2024-⟨c1⟩, CVE-2024-⟨c2⟩
        Linked build: #⟨b⟩ (sha ⟨s⟩)
        """,
        n=R.randint(100, 9999), c1=R.randint(20000, 39999), c2=R.randint(20000, 39999), b=R.randint(1000, 99999),
        s=sha(10),
    )


@negative("meeting_transcript", "en", 3)
def neg_role_notes() -> Frag:
    return cat(deal("neg_role_notes", [
        "Turn these notes into action items:\n\nPM: we slip the export feature by one sprint.\nEng lead: agreed, the "
        "schema migration needs another review.\nDesign: new empty states are ready for feedback.\nQA: regression suite "
        "is green except the flaky upload test.\nPM: next sync Thursday.",
        "Summarize this retro:\n\nWhat went well: faster code reviews, fewer hotfixes.\nWhat didn't: on-call handover "
        "was unclear, two alerts had no runbook.\nActions: write runbooks for the top 5 alerts; rotate the retro "
        "facilitator role each sprint.",
        "Clean up this standup transcript:\n\nSpeaker 1: yesterday I finished the retry logic, today the metrics.\n"
        "Speaker 2: still blocked on the staging database, waiting for access.\nSpeaker 3: reviewing pull requests, "
        "then pairing on the flaky test.",
    ]))


@negative("email_chain", "en", 7)
def neg_mail_templates() -> Frag:
    return cat(deal("neg_mail_templates", [
        "Make this email template warmer:\n\nHi {{first_name}},\n\nyour order {{order_id}} has shipped and should "
        "arrive by {{delivery_date}}. Track it here: {{tracking_url}}\n\nQuestions? Just reply to this email.\n"
        "— The Support Team",
        "Rewrite this announcement so it sounds less formal:\n\nDear colleagues,\nthe office will be closed on Friday "
        "for electrical maintenance. Please take your laptops home on Thursday and make sure your VPN works.\n"
        "Kind regards,\nFacilities",
        "Shorten this template:\n\nDear [Customer Name],\nWe have received your request regarding invoice [INVOICE "
        "NUMBER]. Our billing team will get back to you within two business days. Please do not share card numbers "
        "or passwords by email.\nBest regards,\n[Agent Name]\nCustomer Care",
        "Fix the tone:\n\nHello team, reminder that expense reports for last quarter are due this week. Late "
        "reports will be processed next month. Thanks, Finance Ops",
        "Make this auto-reply shorter:\n\nThank you for contacting us. This mailbox is monitored Monday to Friday. "
        "For urgent production incidents, use the status page or the on-call hotline listed in your contract.",
        "Proofread:\n\nHi all, the quarterly security training is now available in the learning portal. Please "
        "complete it by the end of the month; it takes about 20 minutes. Thanks, IT Security",
        "Make this sound less robotic:\n\nYour password was changed successfully. If you did not make this change, "
        "reset your password immediately and contact support.",
    ]))


@negative("email_chain", "de", 2)
def neg_de_templates() -> Frag:
    return cat(deal("neg_de_templates", [
        "Mach diese Vorlage freundlicher:\n\nSehr geehrte/r {{anrede}} {{nachname}},\nIhre Bestellung {{bestellnr}} "
        "wurde versandt. Die Sendungsverfolgung finden Sie unter {{link}}.\nMit freundlichen Grüßen\nIhr Kundenservice",
        "Formuliere diese Rundmail kürzer:\n\nLiebe Kolleginnen und Kollegen,\nam Freitag bleibt das Büro wegen "
        "Wartungsarbeiten geschlossen. Bitte nehmt eure Laptops am Donnerstag mit nach Hause.\nViele Grüße\nFacility "
        "Management",
    ]))


@negative("email_chain", "fr", 2)
def neg_fr_templates() -> Frag:
    return cat(deal("neg_fr_templates", [
        "Rends ce modèle plus chaleureux :\n\nBonjour {{prenom}},\nvotre commande {{numero}} a été expédiée. Vous "
        "pouvez la suivre ici : {{lien}}.\nL'équipe support",
        "Raccourcis cette annonce :\n\nChères et chers collègues,\nles bureaux seront fermés vendredi pour des "
        "travaux électriques. Merci d'emporter vos ordinateurs jeudi soir.\nLes services généraux",
    ]))


@negative("email_chain", "es", 2)
def neg_es_templates() -> Frag:
    return cat(deal("neg_es_templates", [
        "Haz esta plantilla más cercana:\n\nHola {{nombre}},\ntu pedido {{numero_pedido}} ya está en camino. "
        "Puedes seguirlo aquí: {{enlace}}.\nEl equipo de atención al cliente",
        "Acorta este aviso:\n\nEstimados compañeros:\nla oficina permanecerá cerrada el viernes por mantenimiento "
        "eléctrico. Por favor, llevaos el portátil el jueves.\nServicios Generales",
    ]))


@negative("log_lines", "en", 4)
def neg_service_users() -> Frag:
    lines = [f"{date_iso()} {clock()}:{R.randint(10, 59)} sshd[{R.randint(1000, 40000)}]: Accepted publickey for "
             f"{pick(['deploy', 'svc_backup', 'ansible', 'ci-runner'])} from 127.0.0.1 port {R.randint(30000, 65000)} "
             f"ssh2: ED25519 SHA256:{base64.b64encode(rbytes(32)).decode().rstrip('=')}" for _ in range(3)]
    lines.append(f"{date_iso()} {clock()}:{R.randint(10, 59)} CRON[{R.randint(1000, 40000)}]: (svc_backup) CMD "
                 "(/usr/local/bin/backup.sh --target s3://backups-bucket/nightly)")
    return cat("are these auth log entries normal?\n\n", "\n".join(lines))



@negative("http_request", "en", 5)
def neg_http_placeholders() -> Frag:
    return T(
        """
        why does this return 415?

        POST /v2/orders HTTP/1.1
        Host: api.example.com
        Authorization: Bearer {{access_token}}
        X-Request-Id: ⟨u⟩
        Content-Type: text/plain

        {"sku": "SKU-⟨sku⟩", "qty": ⟨q⟩, "idempotency_key": "⟨u2⟩"}
        """,
        u=ruuid(), sku=digits(5), q=R.randint(1, 20), u2=ruuid(),
    )


@negative("question", "en", 5)
def neg_regex_help() -> Frag:
    return T(
        """
        Write a regex that matches all of these valid inputs:
        ⟨e1⟩
        ⟨e2⟩
        and rejects: ⟨bad⟩, plain-text, @nouser.example.com
        Bonus: also validate IPv4 like ⟨ip⟩ but not ⟨ver⟩.
        """,
        e1=f"{pick(['alice', 'bob', 'ops', 'billing'])}@example.com",
        e2=f"{pick(['first.last', 'user+tag', 'qa_team'])}@{pick(['example.org', 'sub.example.net', 'test.example'])}",
        bad=f"user@@{pick(['example.com', 'example.org'])}", ip=doc_ip(),
        ver=f"{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(100, 999)}.{R.randint(1000, 9999)}",
    )


@negative("config_file", "en", 4)
def neg_configmap() -> Frag:
    return T(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: checkout-config
        data:
          FEATURE_FLAGS: "new_cart=true,express_pay=false"
          REQUEST_TIMEOUT_MS: "⟨t⟩"
          TENANT_DEFAULT: "⟨u⟩"
          CACHE_TTL: "300"
          PAYMENTS_API_URL: "https://payments.internal.example/api"
          PASSWORD_MIN_LENGTH: "12"

        can I reference a Secret from inside a ConfigMap value?
        """,
        t=R.choice([1500, 3000, 5000]), u=ruuid(),
    )


@negative("shell_output", "en", 4)
def neg_psql_aggregates() -> Frag:
    rows = "\n".join(f" {cat_:<12}| {R.randint(10, 9000):>6} | {R.uniform(5, 400):>8.2f}"
                     for cat_ in R.sample(["books", "garden", "kitchen", "office", "toys", "outdoor", "audio"], 4))
    return T(
        """
        shop=# SELECT category, count(*), avg(price) FROM products GROUP BY 1 ORDER BY 2 DESC LIMIT 4;
          category   | count  |   avg
        -------------+--------+----------
        ⟨rows⟩
        (4 rows)

        how do I add a median column?
        """,
        rows=rows,
    )


@negative("spreadsheet", "de", 3)
def neg_de_kostenstellen() -> Frag:
    rows = "\n".join(f"{R.randint(4000, 4999)}\t{name}\t{R.randint(1000, 90000)},{R.randint(0, 99):02d} €\t{R.randint(-15, 30)} %"
                     for name in R.sample(["Marketing", "Vertrieb", "IT-Betrieb", "Personal", "Einkauf", "Logistik"], 4))
    return cat("Welche Kostenstellen liegen über Budget? (aus Excel)\n\nKostenstelle\tBezeichnung\tIst\tAbweichung\n", rows)


# ======================================================================================
# Build
# ======================================================================================


def _record(idx: int, kind: str, lang: str, is_negative: bool, frag: Frag) -> dict:
    text = frag.text
    spans = sorted(frag.spans)
    prev_end = 0
    out = []
    for a, b, etype, value in spans:
        assert text[a:b] == value, (kind, value)
        assert a >= prev_end, f"overlapping spans in {kind}: {value!r}"
        assert value == value.strip(), value
        prev_end = b
        out.append({"start": a, "end": b, "entity_type": etype, "category": CATEGORY[etype]})
    assert is_negative == (not out), f"{kind}: negative flag disagrees with spans"
    return {"id": f"holdout-{idx:04d}", "kind": kind, "lang": lang, "negative": is_negative, "text": text,
            "spans": out}


def build() -> list[dict]:
    """Generate every record. Reseeds, so repeated calls return identical data."""
    R.seed(SEED)
    _DECKS.clear()
    raw: list[tuple[str, str, bool, Frag]] = []
    for fn, kind, lang, n, is_negative in TEMPLATES:
        for _ in range(n):
            raw.append((kind, lang, is_negative, fn()))
    random.Random(SEED + 1).shuffle(raw)
    return [_record(i + 1, kind, lang, neg, frag) for i, (kind, lang, neg, frag) in enumerate(raw)]


def serialize(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def summary(records: list[dict]) -> str:
    n = len(records)
    neg = sum(r["negative"] for r in records)
    langs = Counter(r["lang"] for r in records)
    cats = Counter(s["category"] for r in records for s in r["spans"])
    types = Counter(s["entity_type"] for r in records for s in r["spans"])
    kinds = Counter(r["kind"] for r in records)
    lines = [f"texts: {n}  positives: {n - neg}  negatives: {neg} ({neg / n:.1%})",
             "languages: " + ", ".join(f"{k}={v}" for k, v in sorted(langs.items())),
             f"spans: {sum(cats.values())}",
             "by category: " + ", ".join(f"{k}={v}" for k, v in sorted(cats.items())),
             "by entity type: " + ", ".join(f"{k}={v}" for k, v in sorted(types.items())),
             "by kind: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items()))]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    records = build()
    data = serialize(records)
    if "--check" in argv:
        current = OUT_PATH.read_text(encoding="utf-8") if OUT_PATH.exists() else ""
        if current != data:
            print(f"{OUT_PATH} is stale; rerun without --check", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    OUT_PATH.write_text(data, encoding="utf-8", newline="\n")
    print(summary(records))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
