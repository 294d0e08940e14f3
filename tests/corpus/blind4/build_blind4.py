#!/usr/bin/env python3
"""Deterministic generator for the blind4 DLP evaluation corpus (stdlib only).

Usage:
    python build_blind4.py           # (re)write blind4.jsonl next to this file
    python build_blind4.py --check   # exit 1 if blind4.jsonl differs from a fresh build

All values are fake; checksummed values are generated so that they validate.
"""
from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import string
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Union

HERE = Path(__file__).resolve().parent
OUT = HERE / "blind4.jsonl"
SEED = 20261207

CATEGORY = {
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

# Published test values: never labelled, used as lookalikes in negatives.
KNOWN_TEST_VALUES = {
    "4111111111111111", "4242424242424242", "DE89370400440532013000",
    "GB82WEST12345698765432", "123-45-6789", "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

# ---------------------------------------------------------------- pools
# Private-person pools. Chosen to avoid ordinary words, places and public figures, so the
# integrity test can demand that every occurrence in a positive text is labelled.
FIRST = {
    "en": ["Emily", "Oliver", "Hannah", "Jacob", "Megan", "Liam", "Chloe", "Ethan", "Abigail",
           "Connor", "Bethany", "Declan", "Imogen", "Tristan", "Harriet", "Caleb"],
    "de": ["Jana", "Lukas", "Katharina", "Tobias", "Annika", "Florian", "Jörg", "Sabine",
           "Maximilian", "Henrik", "Birgit", "Dominik", "Svenja", "Uwe", "Franziska", "Malte"],
    "it": ["Giulia", "Matteo", "Chiara", "Alessandro", "Francesca", "Lorenzo", "Federica",
           "Davide", "Elisa", "Stefano", "Martina", "Riccardo", "Valentina", "Tommaso", "Ilaria"],
    "fr": ["Camille", "Théo", "Manon", "Julien", "Élodie", "Antoine", "Margaux"],
    "es": ["Javier", "Carmen", "Alejandro", "Marta", "Iñigo", "Nerea"],
    "world": ["Priya", "Rahul", "Aisha", "Tomasz", "Agnieszka", "Mehmet", "Elif", "Chidi",
              "Ngozi", "Kwame", "Mei", "Hiroshi", "Yuki", "Minh", "Thanh", "Oluwaseun",
              "Farid", "Leilani", "Siddharth", "Zeynep", "Bogdan", "Ingrid", "Soo-ah", "Anil"],
}
LAST = {
    "en": ["Whitfield", "Harrington", "Brennan", "Gallagher", "Thornton", "Ashworth",
           "Pemberton", "Okonkwo", "McAllister", "Fairbanks", "Holloway", "Kingsley-Vaughn",
           "O'Sullivan", "Donnelly"],
    "de": ["Schneider", "Hoffmann", "Schulz", "Meier", "Krüger", "Lehmann", "Schwarzkopf",
           "Brandtner", "Hübner", "Dietrich", "Seidel", "Wendland", "Kowalczyk", "Engelhardt"],
    "it": ["Esposito", "Lombardi", "Mancini", "Rinaldi", "Caruso", "Santoro", "Marchetti",
           "Pellegrini", "De Santis", "Ricci", "Barbieri", "Cattaneo", "Ferraresi", "Guerrini"],
    "fr": ["Dubois", "Lefèvre", "Moreau", "Girard", "Garnier", "Chevalier", "Faure"],
    "es": ["Castillo", "Navarro", "Ortega", "Romero", "Herrera", "Etxeberria"],
    "world": ["Patel", "Nakamura", "Kowalski", "Nguyen", "Haddad", "Yilmaz", "Öztürk",
              "Mensah", "Adeyemi", "Chowdhury", "Raghavan", "Zhang", "Tanaka", "Choi",
              "Kovács", "Lindqvist", "Novak", "Horvat", "Abubakar", "Srinivasan", "Wiśniewska"],
}
WORLD_GROUPS = [
    (["Priya", "Rahul", "Siddharth", "Anil"], ["Patel", "Chowdhury", "Raghavan", "Srinivasan"]),
    (["Mehmet", "Elif", "Zeynep"], ["Yilmaz", "Öztürk"]),
    (["Tomasz", "Agnieszka"], ["Kowalski", "Wiśniewska"]),
    (["Chidi", "Ngozi", "Kwame", "Oluwaseun"], ["Mensah", "Adeyemi", "Abubakar"]),
    (["Mei"], ["Zhang"]), (["Hiroshi", "Yuki"], ["Tanaka", "Nakamura"]), (["Soo-ah"], ["Choi"]),
    (["Minh", "Thanh"], ["Nguyen"]), (["Farid", "Aisha"], ["Haddad"]), (["Ingrid"], ["Lindqvist"]),
    (["Bogdan"], ["Novak", "Horvat", "Kovács"]), (["Leilani"], ["Kahale"]),
]
assert {n for f, _ in WORLD_GROUPS for n in f} == set(FIRST["world"]), "world first names out of sync"
LAST["world"] = sorted(set(LAST["world"]) | {n for _, l_ in WORLD_GROUPS for n in l_})
ALL_FIRST = sorted({n for v in FIRST.values() for n in v})
ALL_LAST = sorted({n for v in LAST.values() for n in v})

# Places that locate a private person (always labelled when they occur).
CITY = {
    "en_us": [("Boise", "ID", "837"), ("Tacoma", "WA", "984"), ("Fresno", "CA", "937"),
              ("Dayton", "OH", "454"), ("Raleigh", "NC", "276"), ("Tulsa", "OK", "741"),
              ("Madison", "WI", "537"), ("Chattanooga", "TN", "374")],
    "en_uk": [("Leeds", "LS"), ("Sheffield", "S"), ("Norwich", "NR"), ("Leicester", "LE"),
              ("Coventry", "CV"), ("Swindon", "SN"), ("Harrogate", "HG")],
    "de": [("Nürnberg", "90"), ("Leipzig", "04"), ("Bochum", "44"), ("Kassel", "34"),
           ("Würzburg", "97"), ("Regensburg", "93"), ("Bielefeld", "33"), ("Mainz", "55"),
           ("Potsdam", "14"), ("Augsburg", "86"), ("Göttingen", "37")],
    "it": [("Bergamo", "24", "BG", "A794"), ("Padova", "35", "PD", "G224"),
           ("Verona", "37", "VR", "L781"), ("Bologna", "40", "BO", "A944"),
           ("Torino", "10", "TO", "L219"), ("Modena", "41", "MO", "F257"),
           ("Lecce", "73", "LE", "E506"), ("Trieste", "34", "TS", "L424"),
           ("Perugia", "06", "PG", "G478")],
    "fr": [("Lyon", "69"), ("Nantes", "44"), ("Rennes", "35"), ("Montpellier", "34")],
    "es": [("Zaragoza", "50"), ("Sevilla", "41"), ("Bilbao", "48"), ("Valladolid", "47")],
    "at": [("Graz", "80"), ("Linz", "40"), ("Innsbruck", "60")],
    "ca": [("Kitchener", "ON"), ("Saskatoon", "SK")],
}
COUNTRY_POOL = ["Austria", "Portugal", "Belgium", "Österreich", "Portogallo", "Belgien"]
ALL_PLACES = sorted({c[0] for v in CITY.values() for c in v} | set(COUNTRY_POOL))

# Public figures / fictional / public places: only for negatives and unlabelled context.
PUBLIC_FIGURES = ["Olaf Scholz", "Friedrich Merz", "Christine Lagarde", "Ursula von der Leyen",
                  "Sergio Mattarella", "Giorgia Meloni", "Emmanuel Macron", "Satya Nadella",
                  "Sundar Pichai", "Jensen Huang", "Elon Musk", "Sam Altman", "Mario Draghi",
                  "Pedro Sánchez", "Lionel Messi", "Taylor Swift", "Jannik Sinner",
                  "Lisa Su", "Tim Cook", "Warren Buffett"]
PUBLIC_PLACES = ["Berlin", "Munich", "Frankfurt", "Hamburg", "Milan", "Rome", "Paris", "London",
                 "New York", "San Francisco", "Brussels", "Tokyo", "Singapore", "Dublin",
                 "Amsterdam", "Zurich", "Vienna", "Madrid", "Barcelona", "Lisbon", "Seattle",
                 "Stockholm", "Warsaw", "Copenhagen", "Oslo", "Helsinki", "Toronto"]

TRIPS = [("Munich", "Salzburg", "Hallstatt"), ("Milan", "Como", "Lake Garda"), ("Lisbon", "Porto", "Sintra"),
         ("Barcelona", "Girona", "Montserrat"), ("Copenhagen", "Malmö", "Roskilde"), ("Rome", "Naples", "Pompeii"),
         ("Amsterdam", "Rotterdam", "Utrecht"), ("Vienna", "Bratislava", "Wachau valley"), ("Dublin", "Galway", "Cliffs of Moher"),
         ("Frankfurt", "Heidelberg", "Rüdesheim"), ("Zurich", "Lucerne", "Rigi")]

STREETS = {
    "de": ["Lindenallee", "Goethestraße", "Am Mühlbach", "Bahnhofstraße", "Kastanienweg",
           "Hauptstraße", "Schillerplatz", "Eichendorffweg", "Rosenstraße", "Birkenweg",
           "Am Sonnenhang", "Friedhofstr.", "Wilhelm-Busch-Straße", "Kirchgasse"],
    "it": ["Via dei Mille", "Corso Garibaldi", "Viale dei Tigli", "Via Roma", "Piazza Cavour",
           "Via San Francesco", "Via delle Rose", "Corso Vittorio Emanuele II", "Via Nazionale",
           "Vicolo del Pozzo", "Via XX Settembre"],
    "en_us": ["Willow Creek Dr", "Maple Ave", "N Harrison St", "Sunset Blvd", "Oak Hollow Ln",
              "W 5th Street", "Juniper Ct", "Lakeview Terrace", "Pine Ridge Rd"],
    "en_uk": ["Kingsley Road", "Alder Close", "Station Lane", "Victoria Crescent", "Mill Street",
              "Elmfield Avenue", "The Paddocks", "Chapel Row"],
    "fr": ["rue des Lilas", "avenue Jean Jaurès", "boulevard Voltaire", "rue de la République",
           "impasse des Tilleuls", "place du Marché"],
    "es": ["Calle de Alcalá", "Avenida de la Constitución", "Calle Mayor", "Paseo de Gracia",
           "Calle San Vicente", "Plaza del Pilar"],
    "at": ["Mariahilfer Straße", "Herrengasse", "Landstraße", "Annenstraße"],
}

CONDITIONS = {
    "en": ["type 2 diabetes", "hypertension", "major depressive disorder", "asthma",
           "rheumatoid arthritis", "hypothyroidism", "generalised anxiety disorder",
           "Crohn's disease", "atrial fibrillation", "migraine with aura", "COPD", "epilepsy",
           "multiple sclerosis", "iron-deficiency anaemia", "ADHD", "HIV"],
    "de": ["Diabetes mellitus Typ 2", "arterielle Hypertonie", "rezidivierende depressive Störung",
           "Asthma bronchiale", "Hashimoto-Thyreoiditis", "Vorhofflimmern", "Migräne",
           "Bandscheibenvorfall L4/L5", "chronische Niereninsuffizienz", "Morbus Crohn",
           "Burnout-Syndrom", "Epilepsie"],
    "it": ["diabete mellito di tipo 2", "ipertensione arteriosa", "disturbo d'ansia generalizzato",
           "asma bronchiale", "ipotiroidismo", "fibrillazione atriale", "celiachia",
           "sclerosi multipla", "depressione maggiore", "artrite reumatoide", "emicrania"],
    "fr": ["diabète de type 2", "hypertension artérielle", "asthme", "dépression"],
    "es": ["diabetes tipo 2", "hipertensión arterial", "asma", "ansiedad generalizada"],
}
MEDS = ["Metformin", "Ramipril", "Sertraline", "Levothyroxine", "Atorvastatin", "Salbutamol",
        "Pantoprazole", "Insulin glargine", "Methotrexate", "Apixaban", "Lamotrigine",
        "Escitalopram", "Bisoprolol", "Adalimumab", "Methylphenidate", "Amlodipine"]
MEDS_DE = ["Metformin", "Ramipril", "Sertralin", "L-Thyroxin", "Atorvastatin", "Salbutamol",
           "Pantoprazol", "Bisoprolol", "Apixaban", "Lamotrigin", "Venlafaxin", "Ibuprofen 600"]
MEDS_IT = ["Metformina", "Ramipril", "Sertralina", "Eutirox", "Atorvastatina", "Salbutamolo",
           "Pantoprazolo", "Bisoprololo", "Apixaban", "Lamotrigina", "Cardioaspirina"]

MARKINGS = {
    "en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "INTERNAL USE ONLY", "SECRET//NOFORN",
           "CONFIDENTIAL - DO NOT FORWARD", "RESTRICTED", "COMPANY CONFIDENTIAL",
           "TOP SECRET//SI//NOFORN", "OFFICIAL-SENSITIVE"],
    "de": ["VERTRAULICH", "STRENG VERTRAULICH", "Nur für den internen Gebrauch",
           "Vertraulich – nur für den Empfänger", "VS – NUR FÜR DEN DIENSTGEBRAUCH"],
    "it": ["RISERVATO", "STRETTAMENTE RISERVATO", "Riservato – uso interno", "CONFIDENZIALE"],
    "fr": ["CONFIDENTIEL", "DIFFUSION RESTREINTE"],
    "es": ["CONFIDENCIAL", "USO INTERNO"],
}

COMPANY_DOMAINS = ["brightlane.io", "kessler-bau.de", "nordwerk-logistik.de", "fintastico.it",
                   "studiomarini-avvocati.it", "halvorsen-consulting.com", "pixelforge.co.uk",
                   "meridian-health.org", "tessaro-spa.it", "bluequarry.com", "optiqa.eu",
                   "lumenpay.com", "vetrotec.it", "auenland-energie.de", "cobaltwave.net"]
MAIL_PROVIDERS = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me"],
                  "de": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"],
                  "it": ["libero.it", "gmail.com", "alice.it", "virgilio.it", "tiscali.it"],
                  "fr": ["orange.fr", "free.fr", "gmail.com", "laposte.net"],
                  "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"]}

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


def luhn_complete(prefix: str) -> str:
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError(prefix)


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97 == 1


def iban_make(cc: str, bban: str) -> str:
    r = bban + cc + "00"
    n = "".join(str(int(c, 36)) for c in r)
    check = 98 - int(n) % 97
    iban = f"{cc}{check:02d}{bban}"
    assert iban_ok(iban)
    return iban


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(raw: bytes) -> str:
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def b58check(version: int, payload: bytes) -> str:
    body = bytes([version]) + payload
    chk = hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4]
    return b58encode(body + chk)


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


def bech32_encode(hrp: str, witver: int, prog: bytes) -> str:
    acc, bits, data = 0, 0, [witver]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    poly = _bech32_polymod(_hrp_expand(hrp) + data + [0] * 6) ^ 1
    chk = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + chk)


def steuer_id_ok(s: str) -> bool:
    if not re.fullmatch(r"[1-9]\d{10}", s):
        return False
    product = 10
    for ch in s[:10]:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return (0 if check == 10 else check) == int(s[10])


CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def cf_check(s15: str) -> str:
    total = 0
    for i, ch in enumerate(s15):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        total += CF_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26)


def dni_letter(n: int) -> str:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def nir_key(n13: str) -> int:
    return 97 - int(n13) % 97


def aba_ok(s: str) -> bool:
    d = [int(c) for c in s]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def tfn_ok(s: str) -> bool:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    return len(s) == 9 and sum(int(c) * x for c, x in zip(s, w)) % 11 == 0


def bsn_ok(s: str) -> bool:
    w = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return len(s) == 9 and sum(int(c) * x for c, x in zip(s, w)) % 11 == 0


# ---------------------------------------------------------------- text assembly
class E:
    """A labelled value to splice into a text."""

    def __init__(self, value: str, etype: str) -> None:
        assert etype in CATEGORY, etype
        assert value == value.strip() and value, repr(value)
        self.value = value
        self.etype = etype

    def __str__(self) -> str:  # lets an E be used as plain text when a template wants that
        return self.value


Piece = Union[str, E]


class Doc:
    def __init__(self) -> None:
        self.buf: list[str] = []
        self.n = 0
        self.spans: list[dict] = []

    def add(self, *pieces: Piece) -> "Doc":
        for p in pieces:
            if isinstance(p, E):
                start = self.n
                self.buf.append(p.value)
                self.n += len(p.value)
                self.spans.append({"start": start, "end": self.n, "entity_type": p.etype,
                                   "category": CATEGORY[p.etype], "_v": p.value})
            else:
                self.buf.append(p)
                self.n += len(p)
        return self

    def f(self, template: str, *args: Piece) -> "Doc":
        """Fill each '¤' in template with the next arg (E -> labelled)."""
        parts = template.split("¤")
        assert len(parts) == len(args) + 1, (template, len(args))
        for i, part in enumerate(parts):
            self.add(part)
            if i < len(args):
                self.add(args[i])
        return self

    def text(self) -> str:
        return "".join(self.buf)


def L(*pieces: Piece) -> list[Piece]:
    return list(pieces)


# ---------------------------------------------------------------- fake value generator
class G:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # generic helpers
    def c(self, seq):  # noqa: ANN001
        return self.r.choice(seq)

    def digits(self, n: int, first_nonzero: bool = False) -> str:
        s = "".join(self.r.choice(string.digits) for _ in range(n))
        if first_nonzero and s[0] == "0":
            s = str(self.r.randint(1, 9)) + s[1:]
        return s

    def alnum(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hexs(self, n: int) -> str:
        return self.alnum(n, "0123456789abcdef")

    # people
    def _origin(self, lang: str) -> tuple[list[str], list[str]]:
        # names stay within one origin so that "first last" pairs look real
        if lang in FIRST and lang != "world" and self.r.random() < 0.7:
            return FIRST[lang], LAST[lang]
        return self.c(WORLD_GROUPS)

    def first(self, lang: str = "en") -> str:
        return self.c(self._origin(lang)[0])

    def last(self, lang: str = "en") -> str:
        return self.c(self._origin(lang)[1])

    def person(self, lang: str = "en") -> tuple[str, str]:
        firsts, lasts = self._origin(lang)
        return self.c(firsts), self.c(lasts)

    def full(self, lang: str = "en") -> str:
        f, l_ = self.person(lang)
        return f"{f} {l_}"

    def email_for(self, first: str, last: str, lang: str = "en", work: bool | None = None) -> str:
        def norm(s: str) -> str:
            tr = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
                                "É": "e", "ñ": "n", "á": "a", "ś": "s", "'": "", " ": "", "ç": "c",
                                "ó": "o", "í": "i", "Ö": "oe", "Ü": "ue", "Ä": "ae", "-": ""})
            return s.lower().translate(tr)
        f, l_ = norm(first), norm(last)
        if work is None:
            work = self.r.random() < 0.5
        domain = self.c(COMPANY_DOMAINS) if work else self.c(MAIL_PROVIDERS.get(lang, MAIL_PROVIDERS["en"]))
        shape = self.r.randint(0, 4)
        local = [f"{f}.{l_}", f"{f[0]}.{l_}", f"{f}{l_[:1]}{self.r.randint(1, 99)}", f"{l_}.{f}",
                 f"{f}_{l_}{self.r.randint(70, 99)}"][shape]
        return f"{local}@{domain}"

    def dob(self, style: str) -> str:
        y, m, d = self.r.randint(1952, 2004), self.r.randint(1, 12), self.r.randint(1, 28)
        return {"iso": f"{y}-{m:02d}-{d:02d}", "de": f"{d:02d}.{m:02d}.{y}",
                "us": f"{m:02d}/{d:02d}/{y}", "it": f"{d:02d}/{m:02d}/{y}",
                "long": f"{d} {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {y}"}[style]

    # places
    def address(self, cc: str, multiline: bool = False, with_country: bool = False) -> str:
        r = self.r
        if cc == "de":
            city, pre = self.c(CITY["de"])
            line1 = f"{self.c(STREETS['de'])} {r.randint(1, 140)}{self.c(['', '', '', 'a', 'b'])}"
            line2 = f"{pre}{self.digits(3)} {city}"
            tail = "Deutschland"
        elif cc == "at":
            city, pre = self.c(CITY["at"])
            line1 = f"{self.c(STREETS['at'])} {r.randint(1, 90)}/{r.randint(1, 12)}"
            line2 = f"{pre[0]}{self.digits(1)}{pre[1]}{self.digits(1)} {city}"
            tail = "Österreich"
        elif cc == "it":
            city, pre, prov, _ = self.c(CITY["it"])
            line1 = f"{self.c(STREETS['it'])} {r.randint(1, 220)}"
            line2 = f"{pre}{self.digits(3)} {city} ({prov})" if r.random() < 0.6 else f"{pre}{self.digits(3)} {city} {prov}"
            tail = "Italia"
        elif cc == "us":
            city, st, z = self.c(CITY["en_us"])
            apt = self.c(["", "", f", Apt {r.randint(1, 40)}{self.c('ABCD')}", f" #{r.randint(100, 999)}"])
            line1 = f"{r.randint(100, 9899)} {self.c(STREETS['en_us'])}{apt}"
            line2 = f"{city}, {st} {z}{self.digits(2)}"
            tail = "USA"
        elif cc == "uk":
            city, pc = self.c(CITY["en_uk"])
            flat = self.c(["", "", f"Flat {r.randint(1, 12)}, "])
            line1 = f"{flat}{r.randint(1, 180)} {self.c(STREETS['en_uk'])}"
            line2 = f"{city} {pc}{r.randint(1, 19)} {r.randint(1, 9)}{self.c('ABDEFGHJLNPQRSTUWXYZ')}{self.c('ABDEFGHJLNPQRSTUWXYZ')}"
            tail = "United Kingdom"
        elif cc == "fr":
            city, dep = self.c(CITY["fr"])
            line1 = f"{r.randint(1, 120)}{self.c(['', '', ' bis'])} {self.c(STREETS['fr'])}"
            line2 = f"{dep}{self.digits(3)} {city}"
            tail = "France"
        elif cc == "es":
            city, pc = self.c(CITY["es"])
            line1 = f"{self.c(STREETS['es'])} {r.randint(1, 150)}, {r.randint(1, 8)}º {self.c('ABCD')}"
            line2 = f"{pc}{self.digits(3)} {city}"
            tail = "España"
        else:
            raise KeyError(cc)
        sep = "\n" if multiline else ", "
        out = f"{line1}{sep}{line2}"
        if with_country:
            out += f"{sep}{tail}"
        return out

    def city(self, cc: str) -> str:
        key = {"us": "en_us", "uk": "en_uk"}.get(cc, cc)
        return self.c(CITY[key])[0]

    def phone(self, cc: str, intl: bool | None = None) -> str:
        r = self.r
        if intl is None:
            intl = r.random() < 0.5
        if cc == "de":
            if r.random() < 0.6:
                mob = self.c(["151", "152", "160", "170", "171", "176", "157"])
                rest = self.digits(r.choice([7, 8]), True)
                return self.c([f"+49 {mob} {rest}", f"+49 {mob} {rest[:4]} {rest[4:]}"]) if intl else self.c([f"0{mob} {rest}", f"0{mob}/{rest}", f"0{mob}-{rest}"])
            area = self.c(["30", "89", "40", "221", "711", "341", "911", "521"])
            rest = self.digits(7 - len(area) + 3, True)
            return f"+49 (0){area} {rest}" if intl else self.c([f"0{area} {rest}", f"0{area}/{rest[:3]} {rest[3:]}", f"0{area}-{rest}"])
        if cc == "it":
            if r.random() < 0.6:
                p = self.c(["347", "333", "339", "320", "388", "366", "348"])
                rest = self.digits(7, True)
                s = self.c([f"{p} {rest[:3]} {rest[3:]}", f"{p} {rest}", f"{p}.{rest[:3]}.{rest[3:]}"])
            else:
                p = self.c(["02", "06", "011", "051", "045", "049"])
                rest = self.digits(8 - len(p) + 2, True)
                s = f"{p} {rest[:4]} {rest[4:]}"
            return f"+39 {s}" if intl else s
        if cc == "us":
            a = f"{r.randint(2, 9)}{self.digits(2)}"
            ex = f"{r.randint(2, 9)}{self.digits(2)}"
            while ex == "555":
                ex = f"{r.randint(2, 9)}{self.digits(2)}"
            ln = self.digits(4)
            return self.c([f"+1 ({a}) {ex}-{ln}", f"+1-{a}-{ex}-{ln}", f"+1 {a} {ex} {ln}"]) if intl else self.c([f"({a}) {ex}-{ln}", f"{a}-{ex}-{ln}", f"{a}.{ex}.{ln}"])
        if cc == "uk":
            if r.random() < 0.6:
                p = self.c(["7911", "7723", "7840", "7552", "7398", "7468"])
                rest = self.digits(6)
                return f"+44 {p} {rest}" if intl else f"0{p} {rest}"
            p = self.c(["113", "114", "1603", "116", "24", "1793"])
            rest = self.digits(10 - len(p), True)
            return f"+44 {p} {rest[:3]} {rest[3:]}" if intl else f"0{p} {rest[:3]} {rest[3:]}"
        if cc == "fr":
            d = f"{self.c('67')}" + self.digits(8)
            g = " ".join([d[1:3], d[3:5], d[5:7], d[7:9]])
            return f"+33 {d[0]} {g}" if intl else f"0{d[0]} {g}"
        if cc == "es":
            d = self.c("67") + self.digits(8)
            return f"+34 {d[:3]} {d[3:6]} {d[6:]}" if intl else f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}"
        if cc == "at":
            return f"+43 {self.c(['664', '676', '699'])} {self.digits(7, True)}"
        raise KeyError(cc)

    # financial
    def card(self, brand: str | None = None, sep: str | None = None) -> str:
        r = self.r
        brand = brand or self.c(["visa", "visa", "mc", "mc", "amex", "disc"])
        if brand == "visa":
            num = luhn_complete("4" + self.digits(14))
        elif brand == "mc":
            pre = self.c([str(r.randint(51, 55)), str(r.randint(2221, 2720))])
            num = luhn_complete(pre + self.digits(15 - len(pre)))
        elif brand == "amex":
            num = luhn_complete(self.c(["34", "37"]) + self.digits(12))
        else:
            num = luhn_complete("6011" + self.digits(11))
        if num in KNOWN_TEST_VALUES:
            return self.card(brand, sep)
        if sep is None:
            sep = self.c([" ", " ", "-", ""])
        if len(num) == 15:
            return sep.join([num[:4], num[4:10], num[10:]])
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))

    def iban(self, cc: str, spaced: bool | None = None) -> str:
        d = self.digits
        up = lambda n: self.alnum(n, string.ascii_uppercase)  # noqa: E731
        bban = {"DE": lambda: d(8, True) + d(10),
                "IT": lambda: up(1) + d(5) + d(5) + d(12),
                "FR": lambda: d(5) + d(5) + d(11) + d(2),
                "ES": lambda: d(20),
                "GB": lambda: up(4) + d(6) + d(8),
                "NL": lambda: up(4) + d(10),
                "AT": lambda: d(16),
                "CH": lambda: d(17),
                "BE": lambda: d(12)}[cc]()
        iban = iban_make(cc, bban)
        if iban in KNOWN_TEST_VALUES:
            return self.iban(cc, spaced)
        if spaced is None:
            spaced = self.r.random() < 0.6
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if spaced else iban

    def btc(self) -> str:
        k = self.r.random()
        prog = bytes(self.r.getrandbits(8) for _ in range(20))
        if k < 0.4:
            return bech32_encode("bc", 0, prog)
        if k < 0.75:
            return b58check(0, prog)
        if k < 0.9:
            return b58check(5, prog)
        return b58check(0x30, prog)  # Litecoin legacy

    def aba(self) -> str:
        while True:
            s = self.c(["0", "1", "2", "3"]) + self.digits(8)
            if aba_ok(s):
                return s

    # government ids
    def ssn(self) -> str:
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                break
        s = f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
        return s if s not in KNOWN_TEST_VALUES else self.ssn()

    def nino(self, spaced: bool | None = None) -> str:
        first = "ABCEGHJKLMNOPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            p = self.c(first) + self.c(second)
            if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
                break
        d = self.digits(6)
        suf = self.c("ABCD")
        if spaced is None:
            spaced = self.r.random() < 0.5
        return f"{p} {d[:2]} {d[2:4]} {d[4:]} {suf}" if spaced else f"{p}{d}{suf}"

    def steuer_id(self, spaced: bool = False) -> str:
        while True:
            ds = self.r.sample(range(10), 9)
            if ds[0] == 0:
                continue
            dup = self.r.choice(ds[1:])
            pos = self.r.randint(1, 9)
            ten = ds[:pos] + [dup] + ds[pos:]
            if ten[0] == 0 or len(ten) != 10:
                continue
            # reject adjacent triplets of the same digit (not allowed) - none here since dup once
            s = "".join(map(str, ten))
            for c in "0123456789":
                if steuer_id_ok(s + c):
                    s = s + c
                    break
            else:
                continue
            return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}" if spaced else s

    def codice_fiscale(self, first: str, last: str, female: bool, birth: tuple[int, int, int], belfiore: str) -> str:
        def cons(s: str) -> str:
            s = re.sub(r"[^A-Z]", "", s.upper().replace("À", "A").replace("È", "E").replace("É", "E").replace("Ò", "O").replace("Ù", "U").replace("Ì", "I"))
            return "".join(ch for ch in s if ch not in "AEIOU")

        def vow(s: str) -> str:
            s = re.sub(r"[^A-Z]", "", s.upper())
            return "".join(ch for ch in s if ch in "AEIOU")
        c_last = (cons(last) + vow(last) + "XXX")[:3]
        cf = cons(first)
        c_first = (cf[0] + cf[2] + cf[3]) if len(cf) >= 4 else (cf + vow(first) + "XXX")[:3]
        y, m, d = birth
        s15 = f"{c_last}{c_first}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{d + 40 if female else d:02d}{belfiore}"
        return s15 + cf_check(s15)

    def nir(self, female: bool, y: int, m: int, dep: str) -> str:
        n13 = f"{2 if female else 1}{y % 100:02d}{m:02d}{dep}{self.digits(3)}{self.digits(3)}"
        k = nir_key(n13)
        return f"{n13[0]} {n13[1:3]} {n13[3:5]} {n13[5:7]} {n13[7:10]} {n13[10:13]} {k:02d}"

    def dni(self) -> str:
        n = self.r.randint(10000000, 99999999)
        return f"{n}{dni_letter(n)}"

    def nie(self) -> str:
        p = self.r.randint(0, 2)
        n = self.r.randint(1000000, 9999999)
        return f"{'XYZ'[p]}{n}{dni_letter(int(str(p) + str(n)))}"

    def sin(self) -> str:
        s = luhn_complete(self.c("1234567") + self.digits(7))
        return f"{s[:3]} {s[3:6]} {s[6:]}"

    def tfn(self) -> str:
        while True:
            s = self.digits(9, True)
            if tfn_ok(s):
                return f"{s[:3]} {s[3:6]} {s[6:]}"

    def kvnr(self) -> str:
        """German health-insurance number: letter + 8 digits + check digit."""
        letter = self.c(string.ascii_uppercase)
        body = self.digits(8, True)
        digits = f"{ord(letter) - 64:02d}" + body
        total = 0
        for i, ch in enumerate(digits):
            p = int(ch) * (1 if i % 2 == 0 else 2)
            total += p // 10 + p % 10
        return f"{letter}{body}{total % 10}"

    def naf_es(self) -> str:
        """Spanish social-security affiliation number PP/NNNNNNNN/CC, CC = PPNNNNNNNN mod 97."""
        prov = f"{self.r.randint(1, 52):02d}"
        num = self.digits(8)
        return f"{prov}/{num}/{int(prov + num) % 97:02d}"

    def bsn(self) -> str:
        while True:
            s = self.digits(9, True)
            if bsn_ok(s):
                return s

    def passport(self, cc: str) -> str:
        if cc == "de":
            return "C" + self.alnum(8, "CFGHJKLMNPRTVWXYZ0123456789")
        if cc == "it":
            return self.alnum(2, string.ascii_uppercase) + self.digits(7)
        if cc == "fr":
            return self.digits(2) + self.alnum(2, string.ascii_uppercase) + self.digits(5)
        if cc == "es":
            return self.alnum(3, string.ascii_uppercase) + self.digits(6)
        return self.digits(9, True)  # us / uk

    # network
    def pub_ip(self) -> str:
        r = self.r
        first = self.c([3, 5, 13, 18, 23, 31, 34, 35, 44, 46, 52, 54, 62, 77, 78, 80, 81, 82, 85, 87,
                        88, 91, 93, 94, 95, 104, 109, 141, 145, 151, 152, 176, 178, 185, 188, 193,
                        194, 195, 212, 213, 217])
        return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def pub_ip6(self) -> str:
        pre = self.c(["2a01:4f8", "2001:41d0", "2a02:8108", "2606:4700", "2a00:1450", "2003:e2",
                      "2a0a:a540", "2001:16b8"])
        groups = [format(self.r.randint(1, 0xFFFF), "x") for _ in range(self.r.choice([2, 3]))]
        return f"{pre}:{':'.join(groups)}::{format(self.r.randint(1, 0xFFF), 'x')}"

    def priv_ip(self) -> str:
        r = self.r
        return self.c([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                       f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                       f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"])

    def mac(self) -> str:
        b = [self.r.randint(0, 255) for _ in range(6)]
        b[0] &= 0xFC
        style = self.r.randint(0, 2)
        if style == 0:
            return ":".join(f"{x:02x}" for x in b)
        if style == 1:
            return "-".join(f"{x:02X}" for x in b)
        return ":".join(f"{x:02X}" for x in b)

    # secrets
    def password(self) -> str:
        r = self.r
        k = r.randint(0, 5)
        if k == 0:
            return self.c(["Sommer", "Winter", "Fruehling", "Herbst", "Primavera", "Autunno", "Summer", "Spring"]) + str(r.randint(2019, 2026)) + self.c("!?#$")
        if k == 1:
            return self.alnum(r.randint(12, 20), string.ascii_letters + string.digits + "!#%&*+-=?@^_")
        if k == 2:
            w = self.c(["Tiger", "Falcon", "Orange", "Brezel", "Gelato", "Kanguru", "Rocket", "Marmot"])
            return f"{w}{self.c('_.-#')}{r.randint(10, 9999)}{self.c(['!', '$', '%', ''])}{self.c(string.ascii_uppercase)}"
        if k == 3:
            return self.alnum(r.randint(16, 32), string.ascii_letters + string.digits)
        if k == 4:
            return f"{self.c(['correct', 'blue', 'quiet', 'paper', 'sunny'])}-{self.c(['horse', 'lamp', 'river', 'castle'])}-{self.c(['battery', 'staple', 'violet', 'ember'])}-{r.randint(1, 99)}"
        return self.c(["P@ssw0rd", "Welcome", "Admin", "Qwertz", "Passw0rt"]) + str(r.randint(1, 999)) + self.c("!#*")

    def b64(self, n: int) -> str:
        return base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(n))).decode()

    def b64url(self, raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def api_key(self, vendor: str | None = None) -> tuple[str, str]:
        """Return (vendor label, token)."""
        a = self.alnum
        U = string.ascii_uppercase + string.digits
        vendors = {
            "aws": lambda: "AKIA" + a(16, U),
            "aws_secret": lambda: a(40, string.ascii_letters + string.digits + "/+"),
            "github": lambda: "ghp_" + a(36),
            "github_pat": lambda: "github_pat_" + a(22) + "_" + a(59),
            "gitlab": lambda: "glpat-" + a(20, string.ascii_letters + string.digits + "-_"),
            "slack_bot": lambda: f"xoxb-{self.digits(12, True)}-{self.digits(13, True)}-{a(24)}",
            "slack_user": lambda: f"xoxp-{self.digits(12, True)}-{self.digits(12, True)}-{self.digits(13, True)}-{self.hexs(32)}",
            "stripe": lambda: "sk_live_" + a(99 if self.r.random() < 0.5 else 24),
            "stripe_rk": lambda: "rk_live_" + a(24),
            "openai": lambda: "sk-proj-" + a(74, string.ascii_letters + string.digits + "-_") + "T3BlbkFJ" + a(74, string.ascii_letters + string.digits + "-_"),
            "anthropic": lambda: "sk-ant-api03-" + a(93, string.ascii_letters + string.digits + "-_") + "AA",
            "google": lambda: "AIza" + a(35, string.ascii_letters + string.digits + "-_"),
            "sendgrid": lambda: "SG." + a(22, string.ascii_letters + string.digits + "-_") + "." + a(43, string.ascii_letters + string.digits + "-_"),
            "twilio": lambda: "SK" + self.hexs(32),
            "npm": lambda: "npm_" + a(36),
            "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + a(60, string.ascii_letters + string.digits + "-_"),
            "hf": lambda: "hf_" + a(34),
            "docker": lambda: "dckr_pat_" + a(27, string.ascii_letters + string.digits + "-_"),
            "digitalocean": lambda: "dop_v1_" + self.hexs(64),
            "shopify": lambda: "shpat_" + self.hexs(32),
            "mailgun": lambda: "key-" + self.hexs(32),
            "telegram": lambda: f"{self.digits(10, True)}:AA{a(33, string.ascii_letters + string.digits + '-_')}",
            "datadog": lambda: self.hexs(32),
            "atlassian": lambda: "ATATT3xFfGF0" + a(170, string.ascii_letters + string.digits + "-_") + "=" + self.hexs(8).upper(),
            "azure_openai": lambda: self.hexs(32),
            "linear": lambda: "lin_api_" + a(40),
            "notion": lambda: "ntn_" + self.digits(11, True) + a(35),
            "figma": lambda: "figd_" + a(40, string.ascii_letters + string.digits + "-_"),
        }
        v = vendor or self.c(sorted(vendors))
        return v, vendors[v]()

    def jwt(self, claims: dict | None = None) -> str:
        hdr = self.c([{"alg": "HS256", "typ": "JWT"}, {"alg": "RS256", "typ": "JWT", "kid": self.hexs(16)},
                      {"typ": "JWT", "alg": "ES256"}])
        now = 1764000000 + self.r.randint(0, 9000000)
        body = {"sub": self.hexs(24), "iat": now, "exp": now + self.c([900, 3600, 86400]),
                "scope": self.c(["read write", "openid profile email", "admin", "api:full"])}
        if claims:
            body.update(claims)
        h = self.b64url(json.dumps(hdr, separators=(",", ":")).encode())
        p = self.b64url(json.dumps(body, separators=(",", ":")).encode())
        sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[hdr["alg"]]
        s = self.b64url(bytes(self.r.getrandbits(8) for _ in range(sig_len)))
        return f"{h}.{p}.{s}"

    def pem(self, kind: str | None = None) -> str:
        kind = kind or self.c(["RSA", "OPENSSH", "EC", "PKCS8"])
        if kind == "OPENSSH":
            raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + bytes(self.r.getrandbits(8) for _ in range(360))
            body = base64.b64encode(raw).decode()
            lines = [body[i:i + 70] for i in range(0, len(body), 70)]
            return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----"
        n = {"RSA": 1190, "EC": 121, "PKCS8": 1216}[kind]
        prefix = {"RSA": b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", "EC": b"\x30\x77\x02\x01\x01\x04\x20",
                  "PKCS8": b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"}[kind]
        body = base64.b64encode(prefix + bytes(self.r.getrandbits(8) for _ in range(n))).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        label = {"RSA": "RSA PRIVATE KEY", "EC": "EC PRIVATE KEY", "PKCS8": "PRIVATE KEY"}[kind]
        return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"

    def conn(self, kind: str | None = None, user: str | None = None) -> str:
        kind = kind or self.c(["pg", "mysql", "mongo", "redis", "amqp", "ado", "jdbc", "mssql_url"])
        pw = self.password().replace("@", "A").replace("/", "x").replace(":", "c").replace(";", "s").replace("#", "h").replace("?", "q").replace("%", "p")
        user = user or self.c(["app", "svc_billing", "postgres", "admin", "reporting_ro", "etl", "crm_app"])
        host = self.c(["db-prod-01.internal.brightlane.io", "pg.eu-central-1.rds.amazonaws.com",
                       "cluster0.x7k2p.mongodb.net", "mysql.kessler-bau.de", "redis-17342.c1.eu-west-1-2.ec2.redns.redis-cloud.com",
                       "sql-fin-prod.database.windows.net", "rabbit.nordwerk-logistik.de", "10.20.3.14"])
        db = self.c(["orders", "crm", "billing", "analytics", "hr_core", "shop"])
        return {
            "pg": f"postgresql://{user}:{pw}@{host}:5432/{db}",
            "mysql": f"mysql://{user}:{pw}@{host}:3306/{db}",
            "mongo": f"mongodb+srv://{user}:{pw}@{host}/{db}?retryWrites=true&w=majority",
            "redis": f"redis://default:{pw}@{host}:6379/0",
            "amqp": f"amqps://{user}:{pw}@{host}:5671/%2F",
            "ado": f"Server=tcp:{host},1433;Initial Catalog={db};User ID={user};Password={pw};Encrypt=True;",
            "jdbc": f"jdbc:postgresql://{host}:5432/{db}?user={user}&password={pw}",
            "mssql_url": f"mssql+pyodbc://{user}:{pw}@{host}/{db}?driver=ODBC+Driver+18+for+SQL+Server",
        }[kind]

    def generic_secret(self) -> str:
        k = self.r.randint(0, 4)
        if k == 0:
            return "whsec_" + self.alnum(32)
        if k == 1:
            return self.hexs(64)
        if k == 2:
            return self.b64(32)
        if k == 3:
            return self.alnum(50, string.ascii_letters + string.digits + "!@#%^&*(-_=+)")
        return "s%3A" + self.alnum(32, string.ascii_letters + string.digits + "-_") + "." + self.alnum(43, string.ascii_letters + string.digits + "%")

    # lookalikes for negatives
    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.c('89ab')}{h[17:20]}-{h[20:]}"

    def sha(self, n: int = 40) -> str:
        return self.hexs(n)

    def bad_card(self) -> str:
        while True:
            s = "4" + self.digits(15)
            if not luhn_ok(s):
                return " ".join(s[i:i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------- templates
TEMPLATES: list[tuple[Callable[[G, str], tuple[str, Doc]], bool, dict[str, int]]] = []


def tpl(neg: bool, **plan: int):  # noqa: ANN201
    def deco(fn):  # noqa: ANN001, ANN202
        TEMPLATES.append((fn, neg, plan))
        return fn
    return deco


def P(s: str) -> E:
    return E(s, "PERSON")


def cc_of(lang: str, g: G) -> str:
    return {"de": g.c(["de", "de", "de", "at"]), "it": "it", "fr": "fr", "es": "es"}.get(lang, g.c(["us", "uk"]))


def ts(g: G, fmt: str = "iso") -> str:
    h, m, s = g.r.randint(7, 19), g.r.randint(0, 59), g.r.randint(0, 59)
    d = g.r.randint(1, 28)
    mo = g.r.randint(1, 11)
    if fmt == "iso":
        return f"2026-{mo:02d}-{d:02d}T{h:02d}:{m:02d}:{s:02d}Z"
    if fmt == "hm":
        return f"{h:02d}:{m:02d}"
    if fmt == "clf":
        return f"{d:02d}/{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'][mo - 1]}/2026:{h:02d}:{m:02d}:{s:02d} +0000"
    if fmt == "eu":
        return f"{d:02d}.{mo:02d}.26, {h:02d}:{m:02d}"
    if fmt == "wa":
        return f"{d:02d}/{mo:02d}/26, {h:02d}:{m:02d}"
    return f"2026-{mo:02d}-{d:02d} {h:02d}:{m:02d}:{s:02d}"


class Clock:
    """Increasing timestamps for one chat transcript."""

    def __init__(self, g: G) -> None:
        self.g = g
        self.d, self.mo = g.r.randint(1, 28), g.r.randint(1, 11)
        self.minutes = g.r.randint(7 * 60, 17 * 60)

    def tick(self, fmt: str) -> str:
        self.minutes += self.g.r.randint(0, 25)
        h, m = divmod(self.minutes, 60)
        if fmt == "hm":
            return f"{h:02d}:{m:02d}"
        if fmt == "eu":
            return f"{self.d:02d}.{self.mo:02d}.26, {h:02d}:{m:02d}"
        return f"{self.d:02d}/{self.mo:02d}/26, {h:02d}:{m:02d}"


# ---- positives -------------------------------------------------------------
@tpl(False, en=7, de=4)
def slack_thread(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    clk = Clock(g)
    people = [g.person(lang) for _ in range(3)]
    intro = {"en": "Can you summarise this Slack thread for the incident review?\n\n",
             "de": "Fass mir bitte diesen Slack-Thread kurz zusammen:\n\n"}[lang]
    d.add(intro)
    a, b, c = people
    key_v, key = g.api_key(g.c(["stripe", "sendgrid", "github", "slack_bot", "openai", "datadog"]))
    if lang == "en":
        d.f("¤  ¤\nanyone know why the nightly export to the warehouse is failing again?\n", P(f"{a[0]} {a[1]}"), clk.tick("hm"))
        d.f("¤  ¤\nlooks like the ¤ key got rotated. I put the new one in the runbook for now: ¤\n", P(f"{b[0]} {b[1]}"), clk.tick("hm"), key_v, E(key, "API_KEY"))
        d.f("¤  ¤\n@¤ please don't paste keys in channels :face_palm: also ping ¤ on ¤ if prod breaks overnight\n",
            P(f"{c[0]} {c[1]}"), clk.tick("hm"), b[0].lower(), P(a[0]), E(g.phone(g.c(["us", "uk"])), "PHONE_NUMBER"))
    else:
        d.f("¤  ¤\nweiß jemand, warum der nächtliche Export wieder hängt?\n", P(f"{a[0]} {a[1]}"), clk.tick("hm"))
        d.f("¤  ¤\nder ¤-Key wurde rotiert, hier der neue bis Vault wieder geht: ¤\n", P(f"{b[0]} {b[1]}"), clk.tick("hm"), key_v, E(key, "API_KEY"))
        d.f("¤  ¤\nbitte keine Keys im Channel posten! Rufbereitschaft hat heute ¤, Handy ¤\n",
            P(f"{c[0]} {c[1]}"), clk.tick("hm"), P(a[0]), E(g.phone("de"), "PHONE_NUMBER"))
    return "slack_thread", d


@tpl(False, en=5, de=4, it=4, fr=2, es=2)
def email_with_signature(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f1, l1 = g.person(lang)
    f2, l2 = g.person(lang)
    cc = cc_of(lang, g)
    mail = g.email_for(f2, l2, lang, work=True)
    ph = g.phone(cc, intl=True)
    greet = {"en": g.c(["Hi ¤,", "Dear ¤,", "Hello ¤,"]), "de": g.c(["Hallo ¤,", "Liebe/r ¤,", "Guten Morgen ¤,"]),
             "it": g.c(["Ciao ¤,", "Gentile ¤,", "Buongiorno ¤,"]), "fr": g.c(["Bonjour ¤,", "Chère ¤,"]),
             "es": g.c(["Hola ¤,", "Estimada ¤,"])}[lang]
    body = {"en": "thanks for the quick call earlier. As discussed I've attached the revised quote; the delivery should go to our site office rather than HQ. Let me know if anything is missing.",
            "de": "danke für das kurze Telefonat. Wie besprochen schicke ich Ihnen anbei das überarbeitete Angebot, die Lieferung bitte an unsere Baustelle und nicht an die Zentrale.",
            "it": "grazie per la telefonata di stamattina. Come d'accordo ti invio il preventivo aggiornato; la consegna va fatta in cantiere e non in sede.",
            "fr": "merci pour l'échange de ce matin. Comme convenu, je vous envoie le devis révisé ; la livraison se fera sur le chantier.",
            "es": "gracias por la llamada de esta mañana. Como acordamos, te envío el presupuesto revisado; la entrega será en la obra."}[lang]
    ask = {"en": "Please tidy up this email before I send it:\n\n", "de": "Kannst du diese Mail etwas freundlicher formulieren?\n\n",
           "it": "Puoi correggere questa mail prima che la invii?\n\n", "fr": "Peux-tu corriger ce mail ?\n\n", "es": "¿Puedes mejorar este correo?\n\n"}[lang]
    d.add(ask)
    d.f(greet + "\n\n", P(f1 if g.r.random() < 0.6 else f"{f1} {l1}"))
    d.add(body, "\n\n")
    close = {"en": "Best regards", "de": "Viele Grüße", "it": "Cordiali saluti", "fr": "Cordialement", "es": "Un saludo"}[lang]
    d.f(f"{close},\n¤\n", P(f"{f2} {l2}"))
    d.add(g.c(["Project Manager", "Head of Procurement", "Site Lead", "Key Account Manager", "Office Manager"]), "\n")
    if g.r.random() < 0.6:
        d.f("¤\n", E(g.address(cc), "LOCATION"))
    d.f(g.c(["T: ¤ | ¤", "Tel. ¤\nMail: ¤", "¤ · ¤"]) + "\n", E(ph, "PHONE_NUMBER"), E(mail, "EMAIL_ADDRESS"))
    return "email_signature", d


@tpl(False, en=10)
def dotenv_file(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["why does my app still say invalid credentials? here's my .env\n\n", "```\n# .env.production\n", "Help me convert this .env to a Kubernetes secret:\n\n"]))
    d.add("NODE_ENV=production\nPORT=8080\n")
    d.f("DATABASE_URL=¤\n", E(g.conn(g.c(["pg", "mysql", "mongo"])), "CONNECTION_STRING"))
    v, k = g.api_key(g.c(["stripe", "openai", "sendgrid", "anthropic", "google", "twilio"]))
    d.f(f"{v.upper()}_API_KEY=¤\n", E(k, "API_KEY"))
    if g.r.random() < 0.6:
        d.f("SESSION_SECRET=¤\n", E(g.generic_secret(), "GENERIC_SECRET"))
    d.add("LOG_LEVEL=info\nSENTRY_DSN=\n")
    if g.r.random() < 0.7:
        d.f("SMTP_USER=¤\nSMTP_PASS=¤\n", E(g.email_for(*g.person("en"), "en", work=True), "EMAIL_ADDRESS"), E(g.password(), "PASSWORD"))
    d.add("FEATURE_FLAGS=beta_checkout,new_search\n")
    if g.r.random() < 0.5:
        d.f("REDIS_URL=¤\n", E(g.conn("redis"), "CONNECTION_STRING"))
    return "dotenv", d


@tpl(False, en=8)
def python_hardcoded(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["This script times out after 30s, how do I add retries?\n\n```python\n", "refactor this into a class please\n\n", "```py\n"]))
    d.add("import requests\nimport psycopg2\n\n")
    v, k = g.api_key(g.c(["github", "gitlab", "hf", "linear", "notion", "shopify", "digitalocean"]))
    d.f(f"{v.upper()}_TOKEN = \"¤\"\n", E(k, "API_KEY"))
    d.f("conn = psycopg2.connect(host=\"¤\", dbname=\"billing\", user=\"etl\", password=\"¤\")\n",
        g.c(["db.internal", "localhost", "pg-replica-2"]), E(g.password(), "PASSWORD"))
    d.add("\ndef fetch(page):\n    r = requests.get(\n        f\"https://api.service.local/v2/items?page={page}\",\n")
    d.add(f"        headers={{\"Authorization\": f\"Bearer {{{v.upper()}_TOKEN}}\"}},\n        timeout=30,\n    )\n    r.raise_for_status()\n    return r.json()\n")
    if g.r.random() < 0.5:
        d.f("\n# TODO ask ¤ about the rate limit\n", P(g.full("en")))
    d.add("```\n" if d.buf[0].startswith("```") or "```python" in d.buf[0] else "")
    return "python_code", d


@tpl(False, en=5, de=4, it=4)
def crm_csv(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    hdr = {"en": ("Clean up this CRM export and dedupe by email:\n\n", "id,first_name,last_name,email,phone,city,owner\n"),
           "de": ("Bitte Dubletten in diesem CRM-Export finden:\n\n", "ID;Vorname;Nachname;E-Mail;Telefon;Ort;Betreuer\n"),
           "it": ("Trova i duplicati in questo export del CRM:\n\n", "id;nome;cognome;email;telefono;città;referente\n")}[lang]
    d.add(hdr[0], hdr[1])
    sep = "," if lang == "en" else ";"
    owner = g.c(["sales-north", "kam_team", "inside.sales"])
    for i in range(g.r.randint(3, 6)):
        f, l_ = g.person(lang)
        cc = cc_of(lang, g)
        row = [str(10400 + g.r.randint(1, 9000)), P(f), P(l_), E(g.email_for(f, l_, lang), "EMAIL_ADDRESS"),
               E(g.phone(cc), "PHONE_NUMBER"), E(g.city(cc), "LOCATION"), owner]
        if g.r.random() < 0.15:
            row[4] = ""
        for j, cell in enumerate(row):
            if j:
                d.add(sep)
            d.add(cell)
        d.add("\n")
    return "crm_csv", d


@tpl(False, en=5, de=4, it=4)
def sql_insert(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["This migration fails with a duplicate key error, why?\n\n", "Convert these inserts to a COPY statement:\n\n", "-- seed data from prod dump\n"]))
    table = {"en": "customers", "de": "kunden", "it": "clienti"}[lang]
    d.add(f"INSERT INTO {table} (id, full_name, email, birth_date, iban, street_address) VALUES\n")
    n = g.r.randint(2, 4)
    for i in range(n):
        f, l_ = g.person(lang)
        cc = cc_of(lang, g)
        ibcc = {"de": "DE", "at": "AT", "it": "IT", "us": "GB", "uk": "GB", "fr": "FR", "es": "ES"}[cc]
        d.f("  (¤, '¤', '¤', '¤', '¤', '¤')", str(g.r.randint(1000, 99999)), P(f"{f} {l_}".replace("'", "''")) if "'" not in l_ else P(f"{f} {l_}".replace("'", "''")),
            E(g.email_for(f, l_, lang), "EMAIL_ADDRESS"), E(g.dob("iso"), "DATE_OF_BIRTH"),
            E(g.iban(ibcc, spaced=False), "IBAN_CODE"), E(g.address(cc), "LOCATION"))
        d.add(",\n" if i < n - 1 else ";\n")
    return "sql_insert", d


@tpl(False, en=9)
def json_api_user(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person("en")
    cc = g.c(["us", "us", "uk"])
    d.add(g.c(["Write a TypeScript interface for this API response:\n\n", "Why is `address` null in the frontend? Response:\n", "```json\n"]))
    d.add("{\n  \"user\": {\n    \"id\": \"", g.uuid(), "\",\n")
    d.f("    \"name\": \"¤\",\n    \"email\": \"¤\",\n", P(f"{f} {l_}"), E(g.email_for(f, l_), "EMAIL_ADDRESS"))
    d.f("    \"dateOfBirth\": \"¤\",\n", E(g.dob("iso"), "DATE_OF_BIRTH"))
    if cc == "us":
        d.f("    \"ssn\": \"¤\",\n", E(g.ssn(), "NATIONAL_ID"))
    else:
        d.f("    \"niNumber\": \"¤\",\n", E(g.nino(False), "NATIONAL_ID"))
    d.f("    \"phone\": \"¤\",\n    \"address\": \"¤\",\n", E(g.phone(cc, True), "PHONE_NUMBER"), E(g.address(cc), "LOCATION"))
    d.f("    \"lastLoginIp\": \"¤\",\n", E(g.pub_ip() if g.r.random() < 0.7 else g.pub_ip6(), "IP_ADDRESS"))
    d.add("    \"plan\": \"pro\",\n    \"createdAt\": \"", ts(g), "\"\n  }\n}\n")
    return "json_api", d


@tpl(False, de=4, it=3, en=2)
def sepa_xml(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"de": "Warum lehnt die Bank diese pain.001-Datei ab?\n\n", "it": "La banca rifiuta questo file SEPA, perché?\n\n", "en": "Validate this SEPA XML against the schema:\n\n"}[lang])
    d.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n <CstmrCdtTrfInitn>\n")
    d.add("  <GrpHdr><MsgId>MSG-", g.digits(8), "</MsgId><NbOfTxs>2</NbOfTxs></GrpHdr>\n")
    for _ in range(2):
        cc = g.c(["DE", "IT", "AT", "FR", "NL", "BE"])
        f, l_ = g.person({"DE": "de", "AT": "de", "IT": "it", "FR": "fr"}.get(cc, "world"))
        d.add("  <CdtTrfTxInf>\n   <Amt><InstdAmt Ccy=\"EUR\">", f"{g.r.randint(80, 9000)}.{g.digits(2)}", "</InstdAmt></Amt>\n")
        d.f("   <Cdtr><Nm>¤</Nm></Cdtr>\n   <CdtrAcct><Id><IBAN>¤</IBAN></Id></CdtrAcct>\n", P(f"{f} {l_}"), E(g.iban(cc, spaced=False), "IBAN_CODE"))
        d.add("   <RmtInf><Ustrd>RE-", g.digits(6), "</Ustrd></RmtInf>\n  </CdtTrfTxInf>\n")
    d.add(" </CstmrCdtTrfInitn>\n</Document>\n")
    return "sepa_xml", d


@tpl(False, en=8)
def k8s_secret(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["kubectl apply says the secret is invalid:\n\n", "Convert to a SealedSecret:\n\n", ""]))
    d.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ", g.c(["payments-api", "crm-sync", "reporting"]), "\n  namespace: prod\ntype: Opaque\nstringData:\n")
    d.f("  DB_URL: \"¤\"\n", E(g.conn(), "CONNECTION_STRING"))
    v, k = g.api_key(g.c(["stripe", "sendgrid", "twilio", "aws", "datadog", "mailgun"]))
    d.f(f"  {v.upper()}_KEY: ¤\n", E(k, "API_KEY"))
    if v == "aws":
        d.f("  AWS_SECRET_ACCESS_KEY: ¤\n", E(g.api_key("aws_secret")[1], "API_KEY"))
    if g.r.random() < 0.6:
        d.f("  JWT_SIGNING_SECRET: \"¤\"\n", E(g.generic_secret(), "GENERIC_SECRET"))
    d.add("  LOG_FORMAT: json\n")
    return "k8s_secret", d


@tpl(False, en=7)
def docker_compose(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["The db container keeps restarting, compose file below\n\n", "```yaml\n", "add a healthcheck to this:\n"]))
    d.add("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n")
    d.f("      POSTGRES_PASSWORD: ¤\n", E(g.password(), "PASSWORD"))
    d.add("    volumes:\n      - pgdata:/var/lib/postgresql/data\n  api:\n    build: .\n    ports:\n      - \"8080:8080\"\n    environment:\n")
    d.f("      - DATABASE_URL=¤\n", E(g.conn("pg").replace("@", "@", 1), "CONNECTION_STRING"))
    if g.r.random() < 0.6:
        d.f("      - MINIO_SECRET_KEY=¤\n", E(g.alnum(40), "GENERIC_SECRET"))
    d.add("      - TZ=Europe/Berlin\nvolumes:\n  pgdata: {}\n")
    return "docker_compose", d


@tpl(False, en=9)
def curl_request(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Turn this curl into Python requests:\n\n", "I get 401 with this, why?\n", "convert to fetch():\n\n"]))
    k = g.r.randint(0, 2)
    if k == 0:
        d.f("curl -X POST https://api.brightlane.io/v1/orders \\\n  -H 'Authorization: Bearer ¤' \\\n", E(g.jwt(), "JWT"))
    elif k == 1:
        v, key = g.api_key(g.c(["stripe", "openai", "anthropic", "sendgrid"]))
        hdr = {"anthropic": "x-api-key: ¤"}.get(v, "Authorization: Bearer ¤")
        d.f(f"curl https://api.example-vendor.com/v1/messages \\\n  -H '{hdr}' \\\n", E(key, "API_KEY"))
    else:
        d.f("curl -u ¤:¤ https://jira.kessler-bau.de/rest/api/2/issue \\\n", "svc-jira", E(g.password(), "PASSWORD"))
    f, l_ = g.person("en")
    d.f("  -H 'Content-Type: application/json' \\\n  -d '{\"customer\": {\"name\": \"¤\", \"email\": \"¤\"}, \"amount\": ¤}'\n",
        P(f"{f} {l_}"), E(g.email_for(f, l_), "EMAIL_ADDRESS"), str(g.r.randint(10, 900)))
    return "curl", d


@tpl(False, en=9)
def nginx_log(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Is this a brute force attempt? access.log excerpt:\n\n", "which IPs should I block?\n", ""]))
    ips = [g.pub_ip() for _ in range(3)]
    for i in range(g.r.randint(4, 7)):
        use_priv = g.r.random() < 0.3
        ip = g.priv_ip() if use_priv else g.c(ips)
        path = g.c(["/wp-login.php", "/api/v1/login", "/.env", "/admin", "/api/v1/orders?page=2", "/static/app.js"])
        code = g.c(["401", "404", "200", "403", "429"])
        d.add("" if use_priv else "", ip if use_priv else E(ip, "IP_ADDRESS"))
        d.f(" - - [¤] \"POST ¤ HTTP/1.1\" ¤ ¤ \"-\" \"¤\"\n", ts(g, "clf"), path, code, str(g.r.randint(120, 5000)),
            g.c(["python-requests/2.31", "Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "Go-http-client/1.1"]))
    if g.r.random() < 0.5:
        d.f("\nAlso saw a login from ¤ for the account ¤\n", E(g.pub_ip6(), "IP_ADDRESS"), E(g.email_for(*g.person("en")), "EMAIL_ADDRESS"))
    return "access_log", d


@tpl(False, en=7)
def dhcp_ssh_log(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("journalctl output, what's going on with this box?\n\n")
    host = g.c(["fw01", "edge-gw", "nas-office", "bastion"])
    for _ in range(g.r.randint(3, 5)):
        k = g.r.random()
        t = f"Nov {g.r.randint(1, 28):2d} {ts(g, 'hm')}:{g.r.randint(10, 59)}"
        if k < 0.4:
            d.f("¤ ¤ dhcpd[812]: DHCPACK on ¤ to ¤ via eth1\n", t, host, g.priv_ip(), E(g.mac(), "MAC_ADDRESS"))
        elif k < 0.8:
            d.f("¤ ¤ sshd[¤]: Failed password for invalid user ¤ from ¤ port ¤ ssh2\n", t, host, str(g.r.randint(1000, 60000)),
                g.c(["admin", "oracle", "ubnt", "test"]), E(g.pub_ip(), "IP_ADDRESS"), str(g.r.randint(30000, 65000)))
        else:
            d.f("¤ ¤ sshd[¤]: Accepted publickey for deploy from ¤ port ¤ ssh2: ED25519 SHA256:¤\n", t, host, str(g.r.randint(1000, 60000)),
                E(g.pub_ip(), "IP_ADDRESS"), str(g.r.randint(30000, 65000)), g.b64(32).rstrip("="))
    return "syslog", d


@tpl(False, de=6, it=5, en=3)
def hr_record(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    female = g.r.random() < 0.5
    y, m, dd = g.r.randint(1965, 2002), g.r.randint(1, 12), g.r.randint(1, 28)
    if lang == "de":
        cc = g.c(["de", "de", "at"])
        d.add(g.c(["Bitte prüfe den Personalbogen auf Vollständigkeit:\n\n", "Personalstammblatt – Neueinstellung\n"]))
        if g.r.random() < 0.5:
            d.f("¤\n", E(g.c(MARKINGS["de"]), "CLASSIFICATION_MARKING"))
        d.f("Name: ¤, ¤\nGeburtsdatum: ¤\n", P(l_), P(f), E(f"{dd:02d}.{m:02d}.{y}", "DATE_OF_BIRTH"))
        d.f("Anschrift: ¤\n", E(g.address(cc), "LOCATION"))
        d.f("Steuer-ID: ¤\n", E(g.steuer_id(g.r.random() < 0.4), "NATIONAL_ID"))
        d.add("Steuerklasse: ", g.c(["I", "III", "IV", "V"]), "\nKonfession: -\n")
        d.f("Bankverbindung: ¤\n", E(g.iban("DE" if cc == "de" else "AT"), "IBAN_CODE"))
        d.f("Private Mobilnummer: ¤\nEintritt: 01.¤.2026, Kostenstelle 4100\n", E(g.phone(cc), "PHONE_NUMBER"), f"{g.r.randint(1, 12):02d}")
    elif lang == "it":
        city, _, prov, bel = g.c(CITY["it"])
        d.add(g.c(["Controlla questa scheda anagrafica dipendente:\n\n", "SCHEDA DIPENDENTE\n"]))
        d.f("Cognome e nome: ¤ ¤\nNato/a il ¤ a ¤\n", P(l_), P(f), E(f"{dd:02d}/{m:02d}/{y}", "DATE_OF_BIRTH"), E(f"{city} ({prov})", "LOCATION"))
        d.f("Codice fiscale: ¤\n", E(g.codice_fiscale(f, l_, female, (y, m, dd), bel), "NATIONAL_ID"))
        d.f("Residenza: ¤\n", E(g.address("it"), "LOCATION"))
        d.f("IBAN per accredito stipendio: ¤\nCellulare: ¤\n", E(g.iban("IT"), "IBAN_CODE"), E(g.phone("it"), "PHONE_NUMBER"))
        d.add("Livello CCNL: ", g.c(["3°", "4°", "5°"]), " commercio\n")
    else:
        cc = g.c(["us", "uk"])
        d.add("Onboarding form – please check nothing is missing\n\n")
        d.f("Employee: ¤\nDOB: ¤\n", P(f"{l_}, {f}"), E(g.dob("us" if cc == "us" else "long"), "DATE_OF_BIRTH"))
        if cc == "us":
            d.f("SSN: ¤\nHome address: ¤\nRouting #: ¤  Account #: ¤\n", E(g.ssn(), "NATIONAL_ID"), E(g.address("us"), "LOCATION"),
                E(g.aba(), "BANK_ACCOUNT"), E(g.digits(g.r.randint(8, 12), True), "BANK_ACCOUNT"))
        else:
            d.f("NI number: ¤\nHome address: ¤\nSort code ¤, account ¤\n", E(g.nino(), "NATIONAL_ID"), E(g.address("uk"), "LOCATION"),
                E(f"{g.digits(2)}-{g.digits(2)}-{g.digits(2)}", "BANK_ACCOUNT"), E(g.digits(8, True), "BANK_ACCOUNT"))
        d.f("Emergency contact: ¤ (¤)\n", P(g.full("en")), E(g.phone(cc), "PHONE_NUMBER"))
    return "hr_record", d


@tpl(False, en=5, de=4, it=4)
def support_ticket(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    tid = f"#{g.r.randint(100000, 999999)}"
    order = f"{g.c(['ORD', 'A', 'BST'])}-{g.digits(7)}"
    if lang == "en":
        d.f("Draft a reply to this Zendesk ticket ¤:\n\n---\nFrom: ¤ <¤>\n", tid, P(f"{f} {l_}"), E(g.email_for(f, l_, "en", False), "EMAIL_ADDRESS"))
        d.f("I was charged twice for order ¤. The card I used is ¤ (exp 0¤/2¤). ", order, E(g.card(), "CREDIT_CARD"), str(g.r.randint(1, 9)), str(g.r.randint(7, 9)))
        d.f("Please refund to the same card or call me on ¤. Shipping address is ¤.\n", E(g.phone(cc), "PHONE_NUMBER"), E(g.address(cc), "LOCATION"))
        d.f("Thanks, ¤\n", P(f))
    elif lang == "de":
        d.f("Hilf mir bei einer Antwort auf dieses Ticket ¤:\n\nVon: ¤\n", tid, E(g.email_for(f, l_, "de", False), "EMAIL_ADDRESS"))
        d.f("Guten Tag, ich habe die Bestellung ¤ storniert, aber das Geld ist noch nicht zurück. Bitte überweisen Sie den Betrag auf mein Konto ¤ (Kontoinhaber ¤). ",
            order, E(g.iban("DE"), "IBAN_CODE"), P(f"{f} {l_}"))
        d.f("Lieferadresse war ¤. Erreichbar unter ¤.\nMfG ¤\n", E(g.address(cc), "LOCATION"), E(g.phone(cc), "PHONE_NUMBER"), P(f"{f[0]}. {l_}"))
    else:
        d.f("Rispondi in modo cortese a questo ticket ¤:\n\nDa: ¤ ¤\n", tid, P(f"{f} {l_}"), E(f"<{g.email_for(f, l_, 'it', False)}>"[1:-1], "EMAIL_ADDRESS"))
        d.f("Buongiorno, il pacco dell'ordine ¤ non è mai arrivato all'indirizzo ¤. Ho pagato con la carta ¤. ",
            order, E(g.address("it"), "LOCATION"), E(g.card(), "CREDIT_CARD"))
        d.f("Vi prego di richiamarmi al ¤.\nSaluti, ¤\n", E(g.phone("it"), "PHONE_NUMBER"), P(f))
    return "support_ticket", d


@tpl(False, de=5, it=4, en=3, fr=1)
def medical_letter(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    doc_f, doc_l = g.person(lang)
    cond = g.c(CONDITIONS[lang])
    cond2 = g.c([c for c in CONDITIONS[lang] if c != cond])
    if lang == "de":
        d.add("Formuliere diesen Arztbrief für den Patienten verständlich um:\n\n")
        d.f("Patient: ¤, geb. ¤, Pat.-Nr. ¤\n", P(f"{l_}, {f}"), E(g.dob("de"), "DATE_OF_BIRTH"), E(g.digits(8, True), "MEDICAL_RECORD_NUMBER"))
        d.f("Diagnosen: ¤; ¤\n", E(cond, "MEDICAL_CONDITION"), E(cond2, "MEDICAL_CONDITION"))
        d.f("Therapie: ¤ 1-0-1, ¤ 5 mg 1-0-0\n", E(g.c(MEDS_DE), "MEDICATION"), E(g.c(["Ramipril", "Bisoprolol", "Amlodipin"]), "MEDICATION"))
        d.f("Wir entlassen Herrn/Frau ¤ in die hausärztliche Weiterbehandlung. Kontrolle in 4 Wochen.\n\nMit freundlichen Grüßen\nDr. med. ¤\n", P(l_), P(f"{doc_f} {doc_l}"))
    elif lang == "it":
        d.add("Riassumi questa lettera di dimissione:\n\n")
        d.f("Paziente: ¤ ¤ – nato/a il ¤ – cartella clinica n. ¤\n", P(l_), P(f), E(g.dob("it"), "DATE_OF_BIRTH"), E(f"{g.r.randint(2019, 2026)}/{g.digits(6)}", "MEDICAL_RECORD_NUMBER"))
        d.f("Diagnosi di dimissione: ¤. In anamnesi ¤.\n", E(cond, "MEDICAL_CONDITION"), E(cond2, "MEDICAL_CONDITION"))
        d.f("Terapia domiciliare: ¤ 1 cp/die, ¤ al bisogno.\nIl medico: dott.ssa ¤\n", E(g.c(MEDS_IT), "MEDICATION"), E(g.c(["Tachipirina", "Brufen", "Salbutamolo"]), "MEDICATION"), P(f"{doc_f} {doc_l}"))
    elif lang == "fr":
        d.add("Résume ce compte rendu :\n\n")
        d.f("Patiente : ¤, née le ¤, IPP ¤\nDiagnostic : ¤\nTraitement : ¤\n", P(f"{f} {l_}"), E(g.dob("it"), "DATE_OF_BIRTH"), E(g.digits(9, True), "MEDICAL_RECORD_NUMBER"),
            E(cond, "MEDICAL_CONDITION"), E(g.c(["Metformine", "Lévothyrox", "Doliprane"]), "MEDICATION"))
    else:
        d.add("Summarise this discharge note for the GP:\n\n")
        d.f("Patient: ¤   MRN: ¤   DOB: ¤\n", P(f"{f} {l_}"), E(f"{g.c(['MRN', 'HN', ''])}{g.digits(8, True)}", "MEDICAL_RECORD_NUMBER"), E(g.dob("us"), "DATE_OF_BIRTH"))
        d.f("Admitted with exacerbation of ¤. Background of ¤.\nDischarged on ¤ 500 mg BD and ¤ inhaler PRN.\nSeen by Dr ¤.\n",
            E(cond, "MEDICAL_CONDITION"), E(cond2, "MEDICAL_CONDITION"), E(g.c(MEDS), "MEDICATION"), E("salbutamol", "MEDICATION"), P(doc_l))
    return "medical_letter", d


@tpl(False, de=4, it=4, en=3)
def legal_contract(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f1, l1 = g.person(lang)
    f2, l2 = g.person(lang)
    cc = cc_of(lang, g)
    mk = g.c(MARKINGS[lang])
    if lang == "de":
        d.add("Prüfe diesen Darlehensvertrag auf Fehler:\n\n")
        d.f("¤\n\nDarlehensvertrag\n\nzwischen ¤, wohnhaft ¤ (Darlehensgeber)\n", E(mk, "CLASSIFICATION_MARKING"), P(f"{f1} {l1}"), E(g.address(cc), "LOCATION"))
        d.f("und ¤, geb. ¤, Personalausweis-Nr. ¤ (Darlehensnehmer).\n", P(f"{f2} {l2}"), E(g.dob("de"), "DATE_OF_BIRTH"), E("L" + g.alnum(8, "CFGHJKLMNPRTVWXYZ0123456789"), "NATIONAL_ID"))
        d.f("§ 1 Der Darlehensbetrag von 15.000 EUR wird auf das Konto ¤ überwiesen.\n§ 2 Die Rückzahlung erfolgt in 24 Monatsraten.\n", E(g.iban("DE"), "IBAN_CODE"))
    elif lang == "it":
        d.add("Controlla questo contratto di locazione:\n\n")
        city, _, prov, bel = g.c(CITY["it"])
        y, m, dd = g.r.randint(1960, 1999), g.r.randint(1, 12), g.r.randint(1, 28)
        d.f("¤\n\nCONTRATTO DI LOCAZIONE AD USO ABITATIVO\nTra il Sig. ¤, C.F. ¤, ", E(mk, "CLASSIFICATION_MARKING"), P(f"{f1} {l1}"),
            E(g.codice_fiscale(f1, l1, False, (y, m, dd), bel), "NATIONAL_ID"))
        d.f("residente in ¤ (locatore)\ne ¤, nata a ¤ il ¤ (conduttrice),\n", E(g.address("it"), "LOCATION"), P(f"{f2} {l2}"), E(city, "LOCATION"), E(g.dob("it"), "DATE_OF_BIRTH"))
        d.add("si conviene quanto segue: il canone mensile di € 850,00 sarà versato entro il giorno 5 di ogni mese.\n")
    else:
        d.add("Review this NDA and flag anything unusual:\n\n")
        d.f("¤\n\nMUTUAL NON-DISCLOSURE AGREEMENT\nThis Agreement is made between ¤ of ¤ (\"Discloser\") and ", E(mk, "CLASSIFICATION_MARKING"), P(f"{f1} {l1}"), E(g.address(cc), "LOCATION"))
        d.f("¤, passport no. ¤ (\"Recipient\").\n1. Confidential Information means all non-public information disclosed by either party.\n", P(f"{f2} {l2}"), E(g.passport(cc), "NATIONAL_ID"))
        d.add("2. Term: two (2) years from the Effective Date.\n")
    return "legal_contract", d


@tpl(False, en=6, de=4, it=3)
def meeting_notes(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    ppl = [g.person(lang) for _ in range(4)]
    lbl = {"en": ("Turn these notes into action items:\n\n", "## Weekly sync – notes\n**Attendees:** ", "- ", " will send the revised forecast by Friday\n", " owns the vendor follow-up, reachable on "),
           "de": ("Mach aus den Notizen eine Aufgabenliste:\n\n", "## Jour fixe\nTeilnehmer: ", "* ", " schickt die Prognose bis Freitag\n", " kümmert sich um den Lieferanten, mobil: "),
           "it": ("Trasforma questi appunti in una lista di azioni:\n\n", "## Riunione settimanale\nPresenti: ", "- ", " invia il forecast entro venerdì\n", " segue il fornitore, cell. ")}[lang]
    d.add(lbl[0])
    if g.r.random() < 0.4:
        d.f("¤\n", E(g.c(MARKINGS[lang]), "CLASSIFICATION_MARKING"))
    d.add(lbl[1])
    for i, (f, l_) in enumerate(ppl):
        if i:
            d.add(", ")
        d.add(P(f"{f} {l_}") if g.r.random() < 0.7 else P(f))
    d.add("\n\n", lbl[2], P(ppl[0][0]), lbl[3])
    d.add(lbl[2], P(ppl[1][0]), lbl[4], E(g.phone(cc_of(lang, g)), "PHONE_NUMBER"), "\n")
    extra = {"en": "- budget Q3 still open, {x} to check with finance\n", "de": "* Budget Q3 offen, {x} klärt mit Controlling\n", "it": "- budget Q3 ancora aperto, {x} verifica con amministrazione\n"}[lang]
    pre, post = extra.split("{x}")
    d.add(pre, P(ppl[2][0]), post)
    if g.r.random() < 0.5:
        d.add({"en": "- ", "de": "* ", "it": "- "}[lang], P(ppl[3][0]), {"en": " is off sick (", "de": " ist krankgeschrieben (", "it": " è in malattia ("}[lang],
              E(g.c(CONDITIONS[lang]), "MEDICAL_CONDITION"), ")\n")
    return "meeting_notes", d


@tpl(False, de=5, it=5, en=3)
def teams_chat(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    clk = Clock(g)
    a = g.person(lang)
    b = g.person(lang)
    cc = cc_of(lang, g)
    d.add({"de": "Was soll ich hier antworten? Teams-Verlauf:\n\n", "it": "Cosa rispondo? Chat di Teams:\n\n", "en": "Summarise this Teams chat:\n\n"}[lang])
    lines = {"de": ["kannst du mir kurz die Zugangsdaten für das Lieferantenportal schicken?", "User ist einkauf01, Passwort ist ¤", "danke! und die neue Adresse vom Kunden?", "¤, Ansprechpartner ist ¤"],
             "it": ["mi mandi le credenziali del portale fornitori?", "utente acquisti01, password ¤", "grazie! e l'indirizzo nuovo del cliente?", "¤, referente ¤"],
             "en": ["can you send me the login for the supplier portal?", "user is purchasing01, password is ¤", "thanks! and the customer's new address?", "¤, contact is ¤"]}[lang]
    ent = [None, E(g.password(), "PASSWORD"), None, (E(g.address(cc), "LOCATION"), P(g.full(lang)))]
    for i, line in enumerate(lines):
        who = a if i % 2 == 0 else b
        d.f("[¤] ¤\n", clk.tick("eu" if lang != "en" else "hm"), P(f"{who[1]}, {who[0]}" if lang == "de" and g.r.random() < 0.5 else f"{who[0]} {who[1]}"))
        e = ent[i]
        if e is None:
            d.add(line, "\n")
        elif isinstance(e, tuple):
            d.f(line + "\n", *e)
        else:
            d.f(line + "\n", e)
    return "teams_chat", d


@tpl(False, it=5, de=3, en=3, es=2)
def whatsapp_export(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    clk = Clock(g)
    a = g.person(lang)
    b = g.person(lang)
    cc = cc_of(lang, g)
    d.add({"it": "Riassumi questa chat WhatsApp del gruppo consegne:\n\n", "de": "Fasse diesen WhatsApp-Chat zusammen:\n\n",
           "en": "Extract the delivery details from this WhatsApp export:\n\n", "es": "Resume este chat de WhatsApp:\n\n"}[lang])
    msgs = {"it": ["il cliente ha cambiato indirizzo, ora è ¤", "ok, il suo numero?", "¤ chiedere di ¤", "perfetto, domani mattina"],
            "de": ["Kunde ist umgezogen, neue Adresse: ¤", "ok, Telefonnummer?", "¤ und nach ¤ fragen", "passt, morgen früh"],
            "en": ["customer moved, new address is ¤", "ok what's the number?", "¤ ask for ¤", "great, tomorrow morning then"],
            "es": ["el cliente se ha mudado, nueva dirección: ¤", "vale, ¿teléfono?", "¤ preguntar por ¤", "perfecto, mañana por la mañana"]}[lang]
    ents = [[E(g.address(cc), "LOCATION")], [], [E(g.phone(cc), "PHONE_NUMBER"), P(g.first(lang))], []]
    for i, msg in enumerate(msgs):
        who = a if i % 2 == 0 else b
        d.f("¤ - ¤: ", clk.tick("wa"), P(who[0] if g.r.random() < 0.5 else f"{who[0]} {who[1]}"))
        d.f(msg + "\n", *ents[i])
    return "whatsapp_export", d


@tpl(False, en=6, de=3)
def calendar_invite(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    org = g.person(lang)
    att = [g.person(lang) for _ in range(2)]
    d.add("Why does Outlook show this invite in the wrong timezone?\n\n" if lang == "en" else "Warum wird die Einladung falsch angezeigt?\n\n")
    d.add("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:", g.uuid(), "\nDTSTART;TZID=Europe/Berlin:20261214T100000\n")
    d.add("SUMMARY:", g.c(["Quarterly review", "Interview – backend role", "Budgetrunde 2027", "Offsite planning"]), "\n")
    d.f("ORGANIZER;CN=¤:mailto:¤\n", P(f"{org[0]} {org[1]}"), E(g.email_for(*org, lang, True), "EMAIL_ADDRESS"))
    for f, l_ in att:
        d.f("ATTENDEE;CN=¤;ROLE=REQ-PARTICIPANT:mailto:¤\n", P(f"{f} {l_}"), E(g.email_for(f, l_, lang, True), "EMAIL_ADDRESS"))
    if g.r.random() < 0.5:
        d.f("LOCATION:¤\n", E(g.address(cc_of(lang, g)), "LOCATION"))
    else:
        d.add("LOCATION:Room 4.12 / Teams\n")
    d.add("END:VEVENT\nEND:VCALENDAR\n")
    return "ics_invite", d


@tpl(False, de=3, it=3, en=3, fr=2, es=2)
def shipping_label(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    cc = cc_of(lang, g)
    f, l_ = g.person(lang)
    d.add({"en": "OCR'd this shipping label, can you fix the formatting?\n\n", "de": "Etikett abgetippt, bitte in ein sauberes Format bringen:\n\n",
           "it": "Sistema il testo di questa etichetta di spedizione:\n\n", "fr": "Mets en forme cette étiquette :\n\n", "es": "Ordena esta etiqueta de envío:\n\n"}[lang])
    d.add(g.c(["DHL PAKET", "UPS STANDARD", "GLS", "BRT", "Colissimo", "SEUR"]), "  Sendungsnr. " if lang == "de" else "  Tracking ", g.digits(12), "\n")
    d.add({"en": "SHIP TO:\n", "de": "Empfänger:\n", "it": "Destinatario:\n", "fr": "Destinataire :\n", "es": "Destinatario:\n"}[lang])
    d.f("¤\n¤\n", P(f"{f} {l_}".upper() if g.r.random() < 0.3 else f"{f} {l_}"), E(g.address(cc, multiline=True, with_country=g.r.random() < 0.4), "LOCATION"))
    d.f("Tel: ¤\n", E(g.phone(cc, True), "PHONE_NUMBER"))
    d.add("Weight 2.4 kg  Ref ", f"{g.c(['SO', 'WEB', 'AMZ'])}{g.digits(8)}", "\n")
    return "shipping_label", d


@tpl(False, de=4, it=4, fr=1)
def invoice(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = {"de": "de", "it": "it", "fr": "fr"}[lang]
    if lang == "de":
        d.add("Erstelle aus dieser Rechnung eine Buchungszeile:\n\nRECHNUNG Nr. RE-2026-", g.digits(4), "\nUSt-IdNr.: DE", g.digits(9), "\n\n")
        d.f("Rechnungsempfänger:\n¤\n¤\n\n", P(f"{f} {l_}"), E(g.address("de", multiline=True), "LOCATION"))
        d.add("Pos. 1  Wartung Heizungsanlage   1 x 389,00 €\nMwSt 19 %   73,91 €\nGesamt     462,91 €\n\n")
        d.f("Der Betrag wird per SEPA-Lastschrift von Ihrem Konto ¤ eingezogen. Mandatsreferenz M-¤.\n", E(g.iban("DE"), "IBAN_CODE"), g.digits(6))
    elif lang == "it":
        d.add("Controlla i totali di questa fattura:\n\nFATTURA N. ", str(g.r.randint(1, 400)), "/2026\nP.IVA 0", g.digits(10), "\n\n")
        city, _, prov, bel = g.c(CITY["it"])
        y, m, dd = g.r.randint(1960, 1999), g.r.randint(1, 12), g.r.randint(1, 28)
        d.f("Spett.le ¤\n¤\nC.F. ¤\n\n", P(f"{f} {l_}"), E(g.address("it", multiline=True), "LOCATION"),
            E(g.codice_fiscale(f, l_, g.r.random() < 0.5, (y, m, dd), bel), "NATIONAL_ID"))
        d.add("Consulenza fiscale   € 600,00\nIVA 22%   € 132,00\nTotale   € 732,00\n\n")
        d.f("Pagamento: bonifico su IBAN ¤\n", E(g.iban("IT"), "IBAN_CODE"))
    else:
        d.add("Vérifie cette facture :\n\nFACTURE F-2026-", g.digits(4), "\n")
        d.f("Client : ¤\n¤\nRèglement par virement : ¤\n", P(f"{f} {l_}"), E(g.address("fr"), "LOCATION"), E(g.iban("FR"), "IBAN_CODE"))
    return "invoice", d


@tpl(False, en=8)
def git_diff(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Review this diff before I push:\n\n", "Write a commit message for:\n\n", "is this diff safe to merge?\n"]))
    d.add("diff --git a/config/settings.py b/config/settings.py\nindex ", g.sha(7), "..", g.sha(7), " 100644\n--- a/config/settings.py\n+++ b/config/settings.py\n@@ -12,7 +12,8 @@\n DEBUG = False\n")
    v, k = g.api_key(g.c(["aws", "github", "npm", "pypi", "docker", "figma", "slack_user"]))
    d.add("-", v.upper(), "_TOKEN = os.environ[\"", v.upper(), "_TOKEN\"]\n")
    d.f(f"+{v.upper()}_TOKEN = \"¤\"  # temp, revert\n", E(k, "API_KEY"))
    if g.r.random() < 0.6:
        d.f("+ADMIN_EMAILS = [\"¤\", \"¤\"]\n", E(g.email_for(*g.person("en"), "en", True), "EMAIL_ADDRESS"), E(g.email_for(*g.person("world"), "en", True), "EMAIL_ADDRESS"))
    else:
        d.f("+ALLOWED_HOSTS = [\"api.brightlane.io\", \"¤\"]\n", E(g.pub_ip(), "IP_ADDRESS"))
    d.add(" TIME_ZONE = \"UTC\"\n")
    return "git_diff", d


@tpl(False, en=7)
def stack_trace(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Getting this in prod, what does it mean?\n\n", "Explain this traceback:\n```\n", ""]))
    k = g.r.randint(0, 2)
    if k == 0:
        d.add("Traceback (most recent call last):\n  File \"/app/worker.py\", line 88, in <module>\n    engine = create_engine(DB_URL)\n")
        d.f("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server: Connection refused\n(Background on this error at: https://sqlalche.me/e/20/e3q8)\nDB_URL=¤\n", E(g.conn("pg"), "CONNECTION_STRING"))
    elif k == 1:
        f, l_ = g.person("en")
        d.f("org.springframework.dao.DataIntegrityViolationException: could not execute statement; Duplicate entry '¤' for key 'users.email_UNIQUE'\n", E(g.email_for(f, l_), "EMAIL_ADDRESS"))
        d.add("\tat org.hibernate.internal.ExceptionConverterImpl.convert(ExceptionConverterImpl.java:154)\n\tat com.acme.crm.UserService.register(UserService.java:71)\n")
        d.f("Caused by: java.sql.SQLIntegrityConstraintViolationException: payload={name=¤, phone=¤}\n", P(f"{f} {l_}"), E(g.phone("us"), "PHONE_NUMBER"))
    else:
        d.f("Error: Request failed with status code 403\n    at settle (node_modules/axios/lib/core/settle.js:19:12)\n  config: {\n    url: 'https://api.mailgun.net/v3/mg.brightlane.io/messages',\n    auth: { username: 'api', password: '¤' },\n", E(g.api_key("mailgun")[1], "API_KEY"))
        d.f("    data: { to: '¤', subject: 'Your invoice' }\n  }\n", E(g.email_for(*g.person("world"), "en", False), "EMAIL_ADDRESS"))
    return "stack_trace", d


@tpl(False, en=7)
def terraform(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["terraform plan fails with 'InvalidClientTokenId', here's main.tf\n\n", "Split this into modules:\n\n", "```hcl\n"]))
    d.add("provider \"aws\" {\n  region     = \"eu-central-1\"\n")
    d.f("  access_key = \"¤\"\n  secret_key = \"¤\"\n}\n\n", E(g.api_key("aws")[1], "API_KEY"), E(g.api_key("aws_secret")[1], "API_KEY"))
    d.add("resource \"aws_db_instance\" \"main\" {\n  engine         = \"postgres\"\n  instance_class = \"db.t4g.medium\"\n  username       = \"dbadmin\"\n")
    d.f("  password       = \"¤\"\n}\n", E(g.password(), "PASSWORD"))
    if g.r.random() < 0.5:
        d.f("\nresource \"aws_security_group_rule\" \"office\" {\n  cidr_blocks = [\"¤/32\", \"10.0.0.0/8\"]\n}\n", E(g.pub_ip(), "IP_ADDRESS"))
    return "terraform", d


@tpl(False, en=6)
def ansible_inventory(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("ansible can't reach the web group, inventory below\n\n[web]\n")
    for i in range(g.r.randint(2, 3)):
        d.f("web0¤ ansible_host=¤ ansible_user=deploy\n", str(i + 1), E(g.pub_ip(), "IP_ADDRESS"))
    d.add("[db]\ndb01 ansible_host=", g.priv_ip(), "\n\n[all:vars]\n")
    d.f("ansible_become_pass=¤\n", E(g.password(), "PASSWORD"))
    if g.r.random() < 0.5:
        d.f("vault_slack_webhook=¤\n", E(f"https://hooks.slack.com/services/T{g.alnum(8, string.ascii_uppercase + string.digits)}/B{g.alnum(10, string.ascii_uppercase + string.digits)}/{g.alnum(24)}", "API_KEY"))
    return "ansible_inventory", d


@tpl(False, en=7)
def bash_history(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Explain what I did here (history):\n\n", "turn this shell history into a script\n\n", "$ history | tail -20\n"]))
    n = 500 + g.r.randint(0, 400)
    lines: list[list[Piece]] = [
        ["cd ~/projects/billing"],
        ["export GITHUB_TOKEN=", E(g.api_key("github")[1], "API_KEY")],
        ["mysql -h db.internal -u root -p'", E(g.password(), "PASSWORD"), "' shop < dump.sql"],
        ["ssh -i ~/.ssh/id_ed25519 ubuntu@", E(g.pub_ip(), "IP_ADDRESS")],
        ["docker login -u ci-bot -p ", E(g.api_key("docker")[1], "API_KEY"), " registry.hub.docker.com"],
        ["git status"],
        ["kubectl -n prod get pods"],
        ["psql \"", E(g.conn("pg"), "CONNECTION_STRING"), "\" -c 'select count(*) from orders'"],
        ["ping -c 3 ", g.priv_ip()],
    ]
    picks = g.r.sample(lines, g.r.randint(4, 7))
    if not any(isinstance(p, E) for line in picks for p in line):
        picks.append(lines[1])
    for i, line in enumerate(picks):
        d.add(f"  {n + i}  ", *line, "\n")
    return "shell_history", d


@tpl(False, en=8, de=3)
def private_key_paste(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": g.c(["ssh says 'invalid format' for this key, what's wrong?\n\n", "Is this key RSA or ed25519?\n\n"]),
           "de": "Warum akzeptiert der Server diesen Key nicht?\n\n"}[lang])
    d.f("¤\n", E(g.pem(), "PRIVATE_KEY"))
    if g.r.random() < 0.6:
        d.f("\nhost is ¤, user ¤\n", E(g.pub_ip(), "IP_ADDRESS"), g.c(["deploy", "ec2-user", "root"]))
    return "private_key", d


@tpl(False, en=7)
def jwt_debug(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person("en")
    d.add(g.c(["Decode this token and tell me why it's rejected:\n\n", "what claims are in this JWT?\n", "Auth header from the failing request:\nAuthorization: Bearer "]))
    d.f("¤\n", E(g.jwt({"email": g.email_for(f, l_)}), "JWT"))
    d.f("\nthe user is ¤ (¤), logged in from ¤\n", P(f"{f} {l_}"), E(g.email_for(f, l_), "EMAIL_ADDRESS"), E(g.pub_ip(), "IP_ADDRESS"))
    return "jwt_debug", d


@tpl(False, en=5, de=3, it=2)
def crypto_payment(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    txt = {"en": "Write a polite reminder to ¤: the 0.042 BTC for the freelance work should go to ¤, not the old wallet ¤.\n",
           "de": "Schreib ¤ eine Erinnerung: die 0,042 BTC bitte an ¤ senden, nicht mehr an die alte Wallet ¤.\n",
           "it": "Scrivi a ¤ un promemoria: i 0,042 BTC vanno inviati a ¤ e non al vecchio wallet ¤.\n"}[lang]
    d.f(txt, P(f"{f} {l_}" if g.r.random() < 0.5 else f), E(g.btc(), "CRYPTO"), E(g.btc(), "CRYPTO"))
    if g.r.random() < 0.5:
        d.f({"en": "Their email is ¤.\n", "de": "Mail: ¤\n", "it": "Mail: ¤\n"}[lang], E(g.email_for(f, l_, lang, False), "EMAIL_ADDRESS"))
    return "crypto_payment", d


@tpl(False, en=6, de=3)
def bank_transfer(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    if lang == "de":
        d.f("Formuliere eine Zahlungsaufforderung an ¤:\nBitte überweisen Sie die Kaution auf Kto.-Nr. ¤, BLZ ¤ (Sparkasse), alternativ ¤.\n",
            P(f"{f} {l_}"), E(g.digits(10, True), "BANK_ACCOUNT"), E(g.digits(8, True), "BANK_ACCOUNT"), E(g.iban("DE"), "IBAN_CODE"))
        return "payment_request", d
    k = g.r.randint(0, 1)
    if k == 0:
        d.f("Vendor onboarding – please double check the wire details before I send:\nBeneficiary: ¤\nABA routing: ¤\nAccount: ¤\nAddress: ¤\n",
            P(f"{f} {l_}"), E(g.aba(), "BANK_ACCOUNT"), E(g.digits(g.r.randint(9, 12), True), "BANK_ACCOUNT"), E(g.address("us"), "LOCATION"))
    else:
        d.f("Can you write a short note to ¤ confirming we'll pay the refund to sort code ¤, account number ¤ (or IBAN ¤)?\n",
            P(f), E(f"{g.digits(2)}-{g.digits(2)}-{g.digits(2)}", "BANK_ACCOUNT"), E(g.digits(8, True), "BANK_ACCOUNT"), E(g.iban("GB"), "IBAN_CODE"))
    return "payment_request", d


@tpl(False, en=4, es=3, fr=2, it=2)
def travel_booking(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    if lang == "es":
        d.f("Revisa los datos del viaje:\nPasajero: ¤\nDNI: ¤\nFecha de nacimiento: ¤\nMóvil: ¤\n", P(f"{f} {l_}"), E(g.dni() if g.r.random() < 0.6 else g.nie(), "NATIONAL_ID"), E(g.dob("it"), "DATE_OF_BIRTH"), E(g.phone("es"), "PHONE_NUMBER"))
    elif lang == "fr":
        d.f("Vérifie la réservation :\nVoyageur : ¤\nPasseport n° ¤\nNé(e) le ¤\nEmail : ¤\n", P(f"{l_.upper()} {f}"), E(g.passport("fr"), "NATIONAL_ID"), E(g.dob("it"), "DATE_OF_BIRTH"), E(g.email_for(f, l_, "fr"), "EMAIL_ADDRESS"))
    elif lang == "it":
        d.f("Compila la richiesta visto con questi dati:\nCognome: ¤\nNome: ¤\nPassaporto: ¤\nData di nascita: ¤\n", P(l_), P(f), E(g.passport("it"), "NATIONAL_ID"), E(g.dob("it"), "DATE_OF_BIRTH"))
    else:
        d.add("Fill in the ESTA/visa form from this:\n\n| Field | Value |\n|---|---|\n")
        d.f("| Surname | ¤ |\n| Given names | ¤ |\n| Passport | ¤ |\n| Date of birth | ¤ |\n| Home address | ¤ |\n",
            P(l_), P(f), E(g.passport(cc), "NATIONAL_ID"), E(g.dob("iso"), "DATE_OF_BIRTH"), E(g.address(cc), "LOCATION"))
    return "travel_form", d


@tpl(False, fr=3, es=3, en=5)
def id_numbers_form(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    female = g.r.random() < 0.5
    if lang == "fr":
        city, dep = g.c(CITY["fr"])
        y, m = g.r.randint(1960, 2000), g.r.randint(1, 12)
        d.f("Aide-moi à remplir le dossier de location :\nNom : ¤\nN° de sécurité sociale : ¤\nIBAN : ¤\nAdresse actuelle : ¤\n",
            P(f"{f} {l_}"), E(g.nir(female, y, m, dep), "NATIONAL_ID"), E(g.iban("FR"), "IBAN_CODE"), E(g.address("fr"), "LOCATION"))
    elif lang == "es":
        d.f("Revisa esta nómina:\nTrabajador: ¤\nNIF: ¤\nNº afiliación SS: ¤\nIBAN: ¤\n", P(f"{f} {l_}"), E(g.dni(), "NATIONAL_ID"),
            E(g.naf_es(), "NATIONAL_ID"), E(g.iban("ES"), "IBAN_CODE"))
    else:
        k = g.r.randint(0, 3)
        if k == 0:
            d.f("Payroll for our Canadian contractor – is this T4 data complete?\nName: ¤\nSIN: ¤\nAddress: ¤\n", P(f"{f} {l_}"), E(g.sin(), "NATIONAL_ID"), E(f"{g.r.randint(10, 999)} Queen St W, Apt {g.r.randint(1, 30)}, {g.c(['Kitchener', 'Saskatoon'])}, ON N2H {g.r.randint(1, 9)}K{g.r.randint(1, 9)}", "LOCATION"))
        elif k == 1:
            d.f("Our new Australian hire sent this, which form does the TFN go on?\n¤ – TFN ¤ – mobile ¤\n", P(f"{f} {l_}"), E(g.tfn(), "NATIONAL_ID"), E(f"+61 4{g.digits(2)} {g.digits(3)} {g.digits(3)}", "PHONE_NUMBER"))
        elif k == 2:
            d.f("Dutch payroll needs the BSN of ¤: ¤. Bank: ¤\n", P(f"{f} {l_}"), E(g.bsn(), "NATIONAL_ID"), E(g.iban("NL"), "IBAN_CODE"))
        else:
            d.f("W-9 details for the contractor:\nName: ¤\nSSN: ¤\nAddress: ¤\n", P(f"{f} {l_}"), E(g.ssn(), "NATIONAL_ID"), E(g.address("us"), "LOCATION"))
    return "id_form", d


@tpl(False, it=4, en=3, de=3)
def patient_table(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    hdr = {"it": ("Ordina questi pazienti per data del prossimo controllo:\n\n", "Paziente\tNato il\tDiagnosi\tTerapia\n", MEDS_IT, "it"),
           "en": ("Sort these patients by next appointment:\n\n", "Patient\tDOB\tDiagnosis\tMedication\n", MEDS, "us"),
           "de": ("Sortiere die Liste nach Kontrolltermin:\n\n", "Patient\tGeb.\tDiagnose\tMedikation\n", MEDS_DE, "de")}[lang]
    d.add(hdr[0], hdr[1])
    for _ in range(g.r.randint(3, 5)):
        f, l_ = g.person(lang)
        d.add(P(f"{l_} {f}" if lang == "it" else f"{f} {l_}"), "\t", E(g.dob(hdr[3]), "DATE_OF_BIRTH"), "\t",
              E(g.c(CONDITIONS[lang]), "MEDICAL_CONDITION"), "\t", E(g.c(hdr[2]), "MEDICATION"), "\n")
    return "patient_tsv", d


@tpl(False, en=4, de=4, it=4)
def cv_header(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    d.add({"en": "Improve the summary section of my CV:\n\n", "de": "Verbessere meinen Lebenslauf:\n\n", "it": "Migliora il mio curriculum:\n\n"}[lang])
    d.f("¤\n", P(f"{f} {l_}".upper() if g.r.random() < 0.3 else f"{f} {l_}"))
    lab = {"en": ("", "", "Born "), "de": ("Adresse: ", "Geburtsdatum: ", ""), "it": ("Indirizzo: ", "Data di nascita: ", "")}[lang]
    d.f(f"{lab[0]}¤ · ¤ · ¤\n", E(g.address(cc), "LOCATION"), E(g.phone(cc, True), "PHONE_NUMBER"), E(g.email_for(f, l_, lang, False), "EMAIL_ADDRESS"))
    if lang != "en" or g.r.random() < 0.3:
        d.f(f"{lab[1] or lab[2]}¤\n", E(g.dob({"en": "long", "de": "de", "it": "it"}[lang]), "DATE_OF_BIRTH"))
    d.add({"en": "\nSUMMARY\nData analyst with 6 years in retail forecasting (Python, SQL, Power BI).\n",
           "de": "\nPROFIL\nControllerin mit 8 Jahren Erfahrung in SAP FI/CO und Konzernreporting.\n",
           "it": "\nPROFILO\nIngegnere gestionale con esperienza in supply chain e SAP MM.\n"}[lang])
    return "cv", d


@tpl(False, en=5, de=4)
def wiki_oncall(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": "Convert this Confluence table to markdown:\n\n", "de": "Wandle diese Wiki-Tabelle in Markdown um:\n\n"}[lang])
    d.add("{| class=\"wikitable\"\n! Team !! " + ("Name !! Mobile !! Email" if lang == "en" else "Name !! Mobil !! E-Mail") + "\n")
    for team in g.r.sample(["Network", "Database", "Payments", "Identity", "Storage", "Frontend"], 3):
        f, l_ = g.person(lang)
        d.f("|-\n| ¤ || ¤ || ¤ || ¤\n", team, P(f"{f} {l_}"), E(g.phone(cc_of(lang, g), True), "PHONE_NUMBER"), E(g.email_for(f, l_, lang, True), "EMAIL_ADDRESS"))
    d.add("|}\n")
    return "wiki_table", d


@tpl(False, de=5, it=5)
def formal_letter(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    if lang == "de":
        d.add("Korrigiere bitte Rechtschreibung und Ton in meiner Kündigung:\n\n")
        d.f("¤\n¤\n\n", P(f"{f} {l_}"), E(g.address(g.c(["de", "at"]), multiline=True), "LOCATION"))
        d.add(g.c(["FitX Studio GmbH", "Vodafone GmbH", "Allianz Versicherungs-AG", "Stadtwerke Kundenservice"]), "\nKundenservice\n\n")
        d.f("Kündigung meines Vertrags, Kundennummer ¤\n\nSehr geehrte Damen und Herren,\nhiermit kündige ich fristgerecht zum nächstmöglichen Zeitpunkt. Bitte erstatten Sie das Guthaben auf ¤.\n\nMit freundlichen Grüßen\n¤\n",
            g.digits(9), E(g.iban("DE"), "IBAN_CODE"), P(f"{f} {l_}"))
    else:
        city, _, prov, bel = g.c(CITY["it"])
        y, m, dd = g.r.randint(1955, 2000), g.r.randint(1, 12), g.r.randint(1, 28)
        d.add("Correggi questa PEC prima dell'invio:\n\n")
        d.f("Il/La sottoscritto/a ¤, nato/a a ¤ il ¤, C.F. ¤, residente in ¤,\n", P(f"{f} {l_}"), E(city, "LOCATION"), E(f"{dd:02d}/{m:02d}/{y}", "DATE_OF_BIRTH"),
            E(g.codice_fiscale(f, l_, g.r.random() < 0.5, (y, m, dd), bel), "NATIONAL_ID"), E(g.address("it"), "LOCATION"))
        d.f("chiede il rimborso della somma di € 240,00 sul conto IBAN ¤.\nRecapito: ¤\n", E(g.iban("IT"), "IBAN_CODE"), E(g.phone("it"), "PHONE_NUMBER"))
    return "formal_letter", d


@tpl(False, en=5, de=4, it=4)
def ai_rewrite(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    if lang == "en":
        d.f("make this sound less angry: \"¤, I've now called you three times at ¤ and nobody picks up. Your driver left the sofa outside ¤ in the rain. I want a refund.\"\n",
            P(f), E(g.phone(cc), "PHONE_NUMBER"), E(g.address(cc), "LOCATION"))
    elif lang == "de":
        d.f("Mach das höflicher: „Hallo " + g.c(["Herr ", "Frau ", ""]) + "¤, zum dritten Mal: die Rechnung ging an die falsche Adresse. Richtig ist ¤. Und mein Sohn ¤ ist nicht Ihr Ansprechpartner, sondern ich.“\n",
            P(l_), E(g.address(cc), "LOCATION"), P(g.first("de")))
    else:
        d.f("Rendi più formale: \"ciao ¤, ti giro il numero di ¤ (¤), è la nuova referente per ¤, chiamala tu\"\n",
            P(f), P(g.full("it")), E(g.phone("it"), "PHONE_NUMBER"), E(g.city("it"), "LOCATION"))
    return "ai_rewrite", d


@tpl(False, en=6)
def firewall_rules(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Translate these iptables rules to nftables:\n\n", "which of these rules is redundant?\n\n"]))
    d.add("-A INPUT -i lo -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT\n")
    for _ in range(g.r.randint(2, 4)):
        d.f("-A INPUT -s ¤/32 -p tcp --dport ¤ -j ¤\n", E(g.pub_ip(), "IP_ADDRESS"), g.c(["22", "443", "5432", "3389"]), g.c(["ACCEPT", "DROP"]))
    if g.r.random() < 0.5:
        d.f("-A INPUT -s ¤ -j DROP\n", E(g.pub_ip6(), "IP_ADDRESS"))
    d.add("-A INPUT -s 192.168.0.0/16 -j ACCEPT\n-A INPUT -j DROP\n")
    return "firewall_rules", d


@tpl(False, en=6)
def network_inventory(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Find devices with duplicate MACs in this inventory:\n\nhostname,mac,ip,owner,location\n")
    for i in range(g.r.randint(3, 6)):
        f, l_ = g.person(g.c(["en", "world", "de"]))
        pub = g.r.random() < 0.25
        d.add(f"{g.c(['lt', 'ws', 'pr', 'ap'])}-{g.r.randint(100, 999)},", E(g.mac(), "MAC_ADDRESS"), ",",
              E(g.pub_ip(), "IP_ADDRESS") if pub else g.priv_ip(), ",", P(f"{f} {l_}"), ",", g.c(["HQ-3F", "Lab", "Remote", "HQ-1F"]), "\n")
    return "network_inventory", d


@tpl(False, en=5, de=3)
def classified_memo(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    mk = g.c(MARKINGS[lang])
    f, l_ = g.person(lang)
    if lang == "en":
        d.f("Summarise in 3 bullets:\n\n¤\n\nMEMORANDUM\nTo: Executive Committee\nFrom: ¤, General Counsel\n", E(mk, "CLASSIFICATION_MARKING"), P(f"{f} {l_}"))
        d.add("Re: Project Kestrel – proposed acquisition\n\nThe target's founder has agreed to a 14-month earn-out. Due diligence flagged two open litigation matters. ")
        d.f("Contact for the data room: ¤.\n\n¤\n", E(g.email_for(f, l_, "en", True), "EMAIL_ADDRESS"), E(mk, "CLASSIFICATION_MARKING"))
    else:
        d.f("Fasse dieses Memo zusammen:\n\n¤\n\nAn: Geschäftsführung\nVon: ¤\nBetreff: Restrukturierung Standort Süd\n\n", E(mk, "CLASSIFICATION_MARKING"), P(f"{f} {l_}"))
        d.f("Betroffen sind 42 Stellen. Der Betriebsrat (Vorsitz ¤) wird am Montag informiert.\n", P(g.full("de")))
    return "memo", d


@tpl(False, en=7)
def github_actions(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("why is this workflow not triggering on tags?\n\nname: release\non:\n  push:\n    tags: ['v*']\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n")
    v = g.c(["npm", "pypi", "docker"])
    if v == "npm":
        d.f("      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ¤\n", E(g.api_key("npm")[1], "API_KEY"))
    elif v == "pypi":
        d.f("      - run: twine upload dist/*\n        env:\n          TWINE_USERNAME: __token__\n          TWINE_PASSWORD: ¤\n", E(g.api_key("pypi")[1], "API_KEY"))
    else:
        d.f("      - run: echo ¤ | docker login -u ci-bot --password-stdin\n", E(g.api_key("docker")[1], "API_KEY"))
    if g.r.random() < 0.5:
        d.f("      - run: curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"released\"}' ¤\n",
            E(f"https://hooks.slack.com/services/T{g.alnum(8, string.ascii_uppercase + string.digits)}/B{g.alnum(10, string.ascii_uppercase + string.digits)}/{g.alnum(24)}", "API_KEY"))
    else:
        d.add("      - run: echo done\n")
    return "ci_workflow", d


@tpl(False, en=6)
def pandas_output(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("why does groupby drop these rows?\n\n>>> df.head()\n      customer_id          name                          email  country   ltv\n")
    for i in range(g.r.randint(3, 5)):
        f, l_ = g.person(g.c(["en", "world", "fr", "es"]))
        d.add(f"{i:<5} {g.r.randint(100000, 999999):>12}  ", P(f"{f} {l_}"), "  ", E(g.email_for(f, l_), "EMAIL_ADDRESS"), "  ",
              E(g.c(COUNTRY_POOL[:3]), "LOCATION") if g.r.random() < 0.5 else "NaN", f"  {g.r.randint(10, 4000)}.{g.digits(2)}\n")
    return "dataframe", d


@tpl(False, de=4, it=4, en=3)
def insurance_claim(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    if lang == "de":
        d.f("Formuliere die Schadenmeldung sachlicher:\n\nVersicherungsnehmer: ¤, ¤\nVersicherungsschein-Nr. KV-¤\n", P(f"{f} {l_}"), E(g.address(cc), "LOCATION"), g.digits(9))
        d.f("Krankenversichertennummer: ¤\nBehandlung wegen ¤ am 03.11.2026, verordnet wurde ¤.\n", E(g.kvnr(), "NATIONAL_ID"), E(g.c(CONDITIONS["de"]), "MEDICAL_CONDITION"), E(g.c(MEDS_DE), "MEDICATION"))
    elif lang == "it":
        d.f("Scrivi una mail all'assicurazione per questo sinistro:\nAssicurato: ¤\nTel. ¤\nIl ¤ sono caduto in ¤ e mi è stata diagnosticata una ¤.\n",
            P(f"{f} {l_}"), E(g.phone("it"), "PHONE_NUMBER"), g.c(["12 ottobre", "3 novembre"]), E(g.address("it"), "LOCATION"), E(g.c(["frattura del polso", "distorsione alla caviglia", "lesione al menisco"]), "MEDICAL_CONDITION"))
    else:
        d.f("Help me appeal this denied claim.\nMember: ¤   Member ID: ¤   DOB: ¤\nDiagnosis: ¤ – prescribed ¤, denied as 'not medically necessary'.\n",
            P(f"{f} {l_}"), E(f"W{g.digits(9)}", "MEDICAL_RECORD_NUMBER"), E(g.dob("us"), "DATE_OF_BIRTH"), E(g.c(CONDITIONS["en"]), "MEDICAL_CONDITION"), E(g.c(MEDS), "MEDICATION"))
    return "insurance_claim", d


@tpl(False, en=6, de=3)
def mail_thread_forward(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    a = g.person(lang)
    b = g.person(lang)
    d.add({"en": "What is this customer actually asking for?\n\n", "de": "Was will der Kunde eigentlich?\n\n"}[lang])
    d.add("---------- Forwarded message ---------\n")
    d.f("From: ¤ <¤>\nDate: Tue, 1 Dec 2026 at 09:41\nSubject: Re: contract renewal\nTo: ¤ <¤>\n\n", P(f"{a[0]} {a[1]}"), E(g.email_for(*a, lang, False), "EMAIL_ADDRESS"),
        P(f"{b[0]} {b[1]}"), E(g.email_for(*b, lang, True), "EMAIL_ADDRESS"))
    if lang == "en":
        d.f("¤, we'd renew if you can match last year's price. My direct line is ¤.\n\n> On Mon, ¤ wrote:\n> please confirm by Friday\n",
            P(b[0]), E(g.phone(g.c(["us", "uk"])), "PHONE_NUMBER"), P(f"{b[0]} {b[1]}"))
    else:
        d.f("Hallo ¤, wir verlängern, wenn der Preis vom Vorjahr bleibt. Durchwahl: ¤\n\n> Am Mo. schrieb ¤:\n> bitte bis Freitag bestätigen\n",
            P(b[0]), E(g.phone("de"), "PHONE_NUMBER"), P(f"{b[0]} {b[1]}"))
    return "mail_thread", d


@tpl(False, en=6)
def appsettings_json(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Migrate this appsettings.json to Azure Key Vault references:\n\n{\n  \"ConnectionStrings\": {\n")
    d.f("    \"Default\": \"¤\",\n", E(g.conn("ado"), "CONNECTION_STRING"))
    d.f("    \"Storage\": \"¤\"\n  },\n", E(f"DefaultEndpointsProtocol=https;AccountName={g.c(['stprodweu', 'brightlanefiles', 'crmblob01'])};AccountKey={g.b64(64)};EndpointSuffix=core.windows.net", "CONNECTION_STRING"))
    d.add("  \"AzureOpenAI\": {\n    \"Endpoint\": \"https://oai-prod-weu.openai.azure.com/\",\n")
    d.f("    \"ApiKey\": \"¤\"\n  },\n", E(g.api_key("azure_openai")[1], "API_KEY"))
    d.add("  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } }\n}\n")
    return "appsettings", d


@tpl(False, de=4, it=4)
def customer_call_notes(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    if lang == "de":
        d.f("Mach aus meiner Gesprächsnotiz eine CRM-Zusammenfassung:\n\nTel. mit Hr. ¤ (¤) – will den Vertrag auf ¤ (Ehepartner/in) umschreiben, ", P(l_), E(g.phone("de"), "PHONE_NUMBER"), P(g.first("de")))
        d.f("neue Anschrift ¤. Kunde seit 2014, zahlt per Lastschrift von ¤. Rückruf bis Do.\n", E(g.address("de"), "LOCATION"), E(g.iban("DE"), "IBAN_CODE"))
    else:
        d.f("Sintetizza la nota della chiamata:\n\nHa chiamato la sig.ra ¤ da ¤ (¤): vuole intestare il contratto al figlio ¤, ", P(f"{f} {l_}"), E(g.city("it"), "LOCATION"), E(g.phone("it"), "PHONE_NUMBER"), P(g.first("it")))
        d.f("e aggiornare la mail a ¤. Ricontattare entro giovedì.\n", E(g.email_for(f, l_, "it", False), "EMAIL_ADDRESS"))
    return "call_notes", d


@tpl(False, en=5)
def postman_collection(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Turn this Postman environment into a pytest fixture:\n\n{\n  \"name\": \"prod\",\n  \"values\": [\n")
    d.add("    {\"key\": \"baseUrl\", \"value\": \"https://api.lumenpay.com\", \"enabled\": true},\n")
    v, k = g.api_key(g.c(["stripe", "twilio", "shopify", "hf", "telegram", "atlassian"]))
    d.f("    {\"key\": \"apiKey\", \"value\": \"¤\", \"enabled\": true},\n", E(k, "API_KEY"))
    d.f("    {\"key\": \"accessToken\", \"value\": \"¤\", \"enabled\": true},\n", E(g.jwt(), "JWT"))
    d.f("    {\"key\": \"webhookSecret\", \"value\": \"¤\", \"enabled\": true}\n  ]\n}\n", E(g.generic_secret(), "GENERIC_SECRET"))
    return "postman_env", d


@tpl(False, en=4, de=3, it=3)
def session_cookie(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": "The request works in the browser but not in my script. Copied as cURL:\n\n", "de": "Im Browser geht's, im Skript nicht. Als cURL kopiert:\n\n", "it": "Dal browser funziona, dallo script no. Copiato come cURL:\n\n"}[lang])
    d.f("curl 'https://portal.vetrotec.it/api/account' \\\n  -H 'accept: application/json' \\\n  -H 'cookie: sessionid=¤; csrftoken=¤' \\\n",
        E(g.alnum(32, string.ascii_lowercase + string.digits), "GENERIC_SECRET"), E(g.alnum(64), "GENERIC_SECRET"))
    d.f("  -H 'x-forwarded-for: ¤'\n", E(g.pub_ip(), "IP_ADDRESS"))
    return "curl_cookie", d


# ---- negatives (tempting lookalikes, nothing to find) -----------------------
ASK_SUFFIX = {
    "en": ["", "\nKeep it under 150 words.", "\nUse bullet points please.", "\nOutput as markdown.", "\nBritish spelling.",
           "\nMake it sound friendly but professional.", "\nThanks!", "\nShort answer pls"],
    "de": ["", "\nBitte in Stichpunkten.", "\nMaximal 100 Wörter.", "\nDanke!", "\nBitte per Sie formulieren.", "\nGern als Tabelle."],
    "it": ["", "\nIn punti elenco, grazie.", "\nMassimo 100 parole.", "\nGrazie!", "\nTono formale.", "\nSe puoi, in tabella."],
}


def tweak(g: G, lang: str) -> str:
    return g.c(ASK_SUFFIX.get(lang, [""]))


@tpl(True, en=9)
def code_placeholders(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Why does this raise KeyError in CI?\n\n", "Add type hints:\n\n", "```python\n"]))
    d.add("import os\n\nOPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]\n")
    d.add(g.c(["STRIPE_KEY = os.getenv(\"STRIPE_SECRET_KEY\", \"sk_test_xxxxxxxxxxxxxxxxxxxxxxxx\")\n",
               "API_KEY = \"<YOUR_API_KEY>\"  # replace before running\n",
               "TOKEN = os.environ.get(\"GITHUB_TOKEN\") or \"ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"\n"]))
    d.add("DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nDATABASE_URL = f\"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:5432/app\"\n")
    d.add("\n\ndef client():\n    return OpenAI(api_key=OPENAI_API_KEY, timeout=", str(g.r.randint(10, 60)), ")\n")
    d.add(tweak(g, lang))
    return "code_placeholder", d


@tpl(True, en=7)
def stripe_test_docs(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Write Cypress tests for checkout using these sandbox cards from the docs:\n\n")
    d.add("| Scenario | Card number | CVC | Expiry |\n|---|---|---|---|\n")
    d.add("| Success | 4242 4242 4242 4242 | any 3 digits | any future date |\n")
    d.add("| Generic success (Visa) | ", g.c(["4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111"]), " | 123 | 12/34 |\n")
    d.add("| Declined | use amount 2.00 with the success card | 123 | 12/34 |\n")
    d.add("\nUse `pk_test_...` from the dashboard, never the `sk_live_...` key. Order ids look like ord_", g.alnum(14), ".\n")
    d.add(tweak(g, lang))
    return "test_card_docs", d


@tpl(True, en=9)
def app_log_private(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Why is latency spiking? logs:\n\n", "what does this log mean\n", "parse these logs into a table:\n\n"]))
    stamps = sorted(ts(g) for _ in range(7))
    for i in range(g.r.randint(4, 7)):
        k = g.r.randint(0, 3)
        if k == 0:
            d.add(stamps[i], " INFO  request_id=", g.uuid(), " client=", g.priv_ip(), " path=/api/v2/orders status=200 dur_ms=", str(g.r.randint(5, 3000)), "\n")
        elif k == 1:
            d.add(stamps[i], " WARN  metadata fetch http://169.254.169.254/latest/meta-data/iam/ timed out after 2s\n")
        elif k == 2:
            d.add(stamps[i], " ERROR upstream 100.", str(g.r.randint(64, 127)), ".", str(g.r.randint(0, 255)), ".", str(g.r.randint(1, 254)), ":8443 connection reset (trace=", g.hexs(16), ")\n")
        else:
            d.add(stamps[i], " DEBUG bound 0.0.0.0:8080, health via 127.0.0.1, docs host 203.0.113.", str(g.r.randint(1, 254)), "\n")
    d.add(tweak(g, lang))
    return "app_log", d


@tpl(True, en=7)
def git_log(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Write release notes from this git log:\n\n")
    for _ in range(g.r.randint(4, 7)):
        d.add("commit ", g.sha(), "\nAuthor: ", g.c(["dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", "ci-bot <ci@example.com>", "renovate[bot] <bot@renovateapp.com>", "release-bot <release@example.org>"]), "\n")
        d.add("    ", g.c(["fix(api): handle empty cart", "chore(deps): bump axios from 1.6.7 to 1.7.2", "feat: add PDF export", "refactor: split OrderService", "docs: update README badges", "perf: cache tax tables"]), "\n\n")
    d.add(tweak(g, lang))
    return "git_log", d


@tpl(True, en=6, de=4, it=4)
def news_public(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    a, b = g.r.sample(PUBLIC_FIGURES, 2)
    p1, p2 = g.r.sample(PUBLIC_PLACES, 2)
    if lang == "en":
        d.add(f"Summarise this for our market-watch newsletter:\n\n{a} told reporters in {p1} on Tuesday that the new chip export rules would be reviewed. ")
        d.add(f"Meanwhile {b} is expected at the summit in {p2} next week, where ECB officials will discuss rates. Shares of Nvidia, SAP and ASML rose 2-3 %.\n")
    elif lang == "de":
        d.add(f"Fass den Artikel in drei Sätzen zusammen:\n\n{a} hat am Dienstag in {p1} angekündigt, die Förderung für Rechenzentren zu überprüfen. ")
        d.add(f"{b} wird kommende Woche in {p2} erwartet. Die Aktien von Siemens und der Deutschen Telekom legten leicht zu.\n")
    else:
        d.add(f"Riassumi questo articolo:\n\n{a} ha dichiarato a {p1} che il piano industriale sarà presentato entro marzo. ")
        d.add(f"{b} è atteso a {p2} per il vertice europeo. In Borsa bene Enel, Stellantis e Intesa Sanpaolo.\n")
    d.add(tweak(g, lang))
    return "news", d


@tpl(True, en=5, de=4, it=4)
def travel_weather(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    p1, p2, p3 = g.c(TRIPS)
    if lang == "en":
        d.add(f"Plan a 3-day team offsite: fly into {p1}, train to {p2}, day trip to {p3}. Budget 900 EUR per person, 12 people, avoid Mondays. What's the weather usually like in March?\n")
    elif lang == "de":
        d.add(f"Wir planen ein Teamevent: Anreise nach {p1}, dann mit dem ICE nach {p2}. Was kann man dort mit 15 Leuten im Februar machen? Budget 150 € pro Kopf.\n")
    else:
        d.add(f"Organizza una trasferta: volo per {p1}, poi treno per {p2}. Siamo in 8, due notti, hotel vicino alla stazione. Che tempo fa di solito a novembre?\n")
    d.add(tweak(g, lang))
    return "travel_planning", d


@tpl(True, en=7)
def k8s_secretref(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Add resource limits to this deployment:\n\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ", g.c(["checkout", "search-api", "notifier"]), "\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n")
    d.add("        - name: app\n          image: registry.internal/app@sha256:", g.sha(64), "\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db-credentials\n                  key: password\n")
    d.add("            - name: REDIS_HOST\n              value: \"10.", str(g.r.randint(0, 255)), ".4.12\"\n            - name: API_TOKEN\n              value: \"${API_TOKEN}\"\n")
    return "k8s_deployment", d


@tpl(True, en=5)
def terraform_vars(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Is this the right way to pass secrets in Terraform?\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n\n")
    d.add("resource \"aws_db_instance\" \"main\" {\n  username = \"dbadmin\"\n  password = var.db_password\n  vpc_security_group_ids = [aws_security_group.db.id]\n}\n\n")
    d.add("provider \"aws\" {\n  region = \"eu-west-1\"\n  # access_key = \"AKIAIOSFODNN7EXAMPLE\"  (from the AWS docs, do not use)\n}\n")
    d.add("resource \"aws_vpc\" \"main\" { cidr_block = \"10.", str(g.r.randint(0, 200)), ".0.0/16\" }\n")
    d.add(tweak(g, lang))
    return "terraform_vars", d


@tpl(True, en=5, de=3)
def sql_ddl(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": "Which of these columns need encryption at rest under GDPR?\n\n", "de": "Welche Spalten müssen wir nach DSGVO verschlüsseln?\n\n"}[lang])
    d.add("CREATE TABLE customer (\n  id BIGSERIAL PRIMARY KEY,\n  full_name VARCHAR(200) NOT NULL,\n  email CITEXT UNIQUE,\n  phone VARCHAR(32),\n  date_of_birth DATE,\n")
    d.add("  ssn CHAR(11),           -- format 123-45-6789\n  iban VARCHAR(34),\n  password_hash TEXT,     -- argon2id\n  created_at TIMESTAMPTZ DEFAULT now()\n);\n")
    d.add("CREATE INDEX idx_customer_email ON customer (email);\n")
    d.add(tweak(g, lang))
    return "sql_ddl", d


@tpl(True, de=5, it=5)
def form_template(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        d.add("Übersetze dieses Formular ins Englische:\n\nSEPA-Lastschriftmandat\nGläubiger-ID: DE98ZZZ0999999999", "\nMandatsreferenz: wird separat mitgeteilt\n\n")
        d.add("Name des Kontoinhabers: ______________________\nStraße, Hausnr.: ______________________\nPLZ, Ort: ______________________\nIBAN: DE__ ____ ____ ____ ____ __\nBIC: ___________\n\nDatum, Ort und Unterschrift\n")
        d.add("\nBeispiel: Max Mustermann, Musterstraße 1, 12345 Musterstadt\n")
    else:
        d.add("Traduci questo modulo in inglese:\n\nMODULO DI ADESIONE\nNome e cognome: ____________\nCodice fiscale: |_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|\n")
        d.add("Indirizzo di residenza: ____________\nIBAN: IT__ _ _____ _____ ____________\nTelefono: ____________\n\nLuogo e data ________  Firma ________\n")
        d.add("(esempio di compilazione: Mario Rossi, via Roma 1, 00100 Roma – dati fittizi)\n")
    d.add(tweak(g, lang))
    return "blank_form", d


@tpl(True, en=5, de=4, it=4)
def masked_values(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    last4 = g.digits(4)
    if lang == "en":
        d.add(f"Draft a reply: the customer says the charge on their card ending {last4} (**** **** **** {last4}) was duplicated for order #{g.digits(8)}. ")
        d.add("Our records show one capture and one voided authorisation. Explain the pending hold politely and say it drops off in 5-7 business days.\n")
    elif lang == "de":
        d.add(f"Antwort entwerfen: Kunde meldet eine doppelte Abbuchung vom Konto DE** **** **** **** **{last4[:2]} {last4[2:]}, Vorgang {g.digits(10)}. ")
        d.add("Laut System wurde die zweite Lastschrift zurückgegeben. Bitte freundlich erklären, dass die Gutschrift 2-3 Bankarbeitstage dauert.\n")
    else:
        d.add(f"Prepara una risposta: il cliente segnala un doppio addebito sulla carta che termina con {last4} (XXXX-XXXX-XXXX-{last4}), pratica n. {g.digits(7)}. ")
        d.add("Risulta un solo addebito, l'altro è una preautorizzazione che scade in pochi giorni.\n")
    d.add(tweak(g, lang))
    return "masked_values", d


@tpl(True, en=7)
def validator_code(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Write unit tests for this validator:\n\n```python\nimport re\n\nSSN_RE = re.compile(r\"^(?!000|666)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}$\")\n")
    d.add("IBAN_RE = re.compile(r\"^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$\")\n\n\ndef iban_ok(s: str) -> bool:\n    s = s.replace(\" \", \"\")\n    r = s[4:] + s[:4]\n    return int(\"\".join(str(int(c, 36)) for c in r)) % 97 == 1\n\n\n")
    d.add("assert iban_ok(\"", g.c(["DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"]), "\")\n")
    d.add("assert SSN_RE.match(\"123-45-6789\")\nassert not SSN_RE.match(\"000-12-3456\")\n```\n")
    d.add(tweak(g, lang))
    return "validator_code", d


@tpl(True, en=5)
def aws_docs(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Explain the difference between these two credential files (copied from the AWS docs):\n\n~/.aws/credentials\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n")
    d.add("~/.aws/config\n[profile ", g.c(["dev", "staging", "analytics"]), "]\nrole_arn = arn:aws:iam::123456789012:role/", g.c(["ReadOnly", "DeployRole", "DataScientist"]), "\nsource_profile = default\nregion = ", g.c(["eu-central-1", "us-east-1", "eu-south-1"]), "\n")
    d.add(tweak(g, lang))
    return "aws_docs", d


@tpl(True, en=6, de=4)
def release_notes(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    v = f"{g.r.randint(2, 9)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)}"
    if lang == "en":
        d.add(f"Polish these release notes:\n\n## Atlas Gateway {v} (build {g.r.randint(10000, 99999)})\n- Hermes notifier now supports Microsoft Teams and Mattermost\n- Fixed a crash in the Orion scheduler when Kafka is unavailable\n- Jupiter dashboards: new Grafana panels\n- Minimum Java version is now 21 (Eclipse Temurin)\n- Known issue: SSO via Okta may log users out after 8h\n")
    else:
        d.add(f"Formuliere die Release Notes kundenfreundlich:\n\nVersion {v} „Zugspitze“\n- Neues Modul Lohnabrechnung für DATEV-Export\n- Fehlerbehebung im Belegimport (ELSTER-Schnittstelle)\n- Unterstützung für SAP S/4HANA 2023\n- Build {g.r.randint(1000, 9999)}, Prüfsumme SHA-256 {g.sha(64)}\n")
    d.add(tweak(g, lang))
    return "release_notes", d


@tpl(True, en=4, de=3, it=4)
def marketing_copy(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "en":
        d.add(g.c(["Write 3 LinkedIn posts announcing Project Phoenix, our new Salesforce integration. Tone: confident, not salesy. Mention the Black Friday webinar and the AWS Marketplace listing.\n",
                   "Rewrite this tagline for the Summit Series launch: \"Northwind Cloud – the ERP that grows with you.\" Keep it under 8 words.\n"]))
    elif lang == "de":
        d.add(g.c(["Schreib einen Newsletter-Teaser für unsere neue Produktlinie „Alpenglühen“ – Schwerpunkt Nachhaltigkeit, Messeauftritt auf der IAA und der Hannover Messe.\n",
                   "Formuliere eine Stellenanzeige für eine Werkstudentin im Marketing bei der Nordlicht Software GmbH, Remote möglich, 20 Std./Woche.\n"]))
    else:
        d.add(g.c(["Scrivi tre slogan per la nuova linea Bella Vista di caffè in capsule, tono ironico, per Instagram e TikTok.\n",
                   "Prepara il testo di una newsletter per il Salone del Mobile: presentiamo la collezione Aurora e la poltrona Leonardo.\n"]))
    d.add(tweak(g, lang))
    return "marketing", d


@tpl(True, en=6)
def hash_list(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Which of these downloads matches the published checksum?\n\n")
    for name in g.r.sample(["app-2.4.1-linux-amd64.tar.gz", "app-2.4.1-darwin-arm64.zip", "app-2.4.1-windows.msi", "checksums.txt.sig", "sbom.spdx.json"], 3):
        d.add(g.sha(64), "  ", name, "\n")
    d.add("\nmd5 of the old build: ", g.sha(32), "\ngit tag v2.4.1 -> ", g.sha(40), "\n")
    d.add(tweak(g, lang))
    return "checksums", d


@tpl(True, en=5, de=4, it=4)
def medical_general(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "en":
        d.add(g.c(["For our employee wellness page: write a neutral FAQ about ibuprofen vs paracetamol for headaches, with a disclaimer to consult a pharmacist.\n",
                   "Explain in plain English what HbA1c measures and why it matters in diabetes care. This is for a general health-literacy training.\n"]))
    elif lang == "de":
        d.add(g.c(["Erkläre für unser Intranet allgemein, was bei einer Grippeimpfung zu beachten ist. Keine Einzelfälle, nur allgemeine Hinweise.\n",
                   "Was ist der Unterschied zwischen Hausarzt und Facharzt bei der Krankschreibung? Allgemeine Infos für ein HR-FAQ.\n"]))
    else:
        d.add(g.c(["Scrivi un articolo generale sui benefici dell'attività fisica per chi lavora in ufficio, senza consigli medici specifici.\n",
                   "Spiega in modo semplice cos'è il certificato medico telematico INPS e come funziona per i dipendenti.\n"]))
    d.add(tweak(g, lang))
    return "health_general", d


@tpl(True, en=5, de=3)
def classification_policy(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "en":
        d.add("Summarise our information classification policy for new joiners:\n\nThere are four levels: Public, Internal, Confidential and Strictly Confidential. ")
        d.add("A document that contains customer data must be labelled at least Confidential. Do not forward confidential material to personal mailboxes. Questions go to the security team via the service desk.\n")
    else:
        d.add("Fasse unsere Klassifizierungsrichtlinie zusammen:\n\nEs gibt die Stufen öffentlich, intern, vertraulich und streng vertraulich. Dokumente mit Kundendaten sind mindestens als vertraulich zu kennzeichnen. ")
        d.add("Vertrauliche Inhalte dürfen nicht an private Postfächer weitergeleitet werden.\n")
    d.add(tweak(g, lang))
    return "policy_text", d


@tpl(True, de=4, it=4)
def hr_policy(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        d.add("Vereinfache diesen Absatz aus der Betriebsvereinbarung:\n\nFür die Lohnabrechnung werden Name, Anschrift, Geburtsdatum, Steuer-Identifikationsnummer, Sozialversicherungsnummer und Bankverbindung erhoben. ")
        d.add("Die Daten werden nach Ablauf der gesetzlichen Aufbewahrungsfrist von zehn Jahren gelöscht (§ 147 AO). Der Datenschutzbeauftragte ist über datenschutz@example.com erreichbar.\n")
    else:
        d.add("Semplifica questo paragrafo dell'informativa privacy:\n\nIl datore di lavoro tratta nome, cognome, codice fiscale, IBAN e recapiti telefonici dei dipendenti per la gestione del rapporto di lavoro. ")
        d.add("I dati sono conservati per 10 anni (art. 2220 c.c.). Il DPO è contattabile a privacy@example.org.\n")
    d.add(tweak(g, lang))
    return "hr_policy", d


@tpl(True, en=6)
def fiction_summary(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["For the team book club: compare Sherlock Holmes and Hercule Poirot as detectives, 200 words.\n",
               "Write a short quiz about Harry Potter and Hermione Granger for our Friday social, 5 questions.\n",
               "Summarise the plot of The Great Gatsby; focus on Jay Gatsby and Daisy Buchanan. It's for a team-building trivia night.\n",
               "Our mascot is called Captain Byte. Write a short story where Captain Byte fixes a printer.\n"]))
    d.add(tweak(g, lang))
    return "fiction", d


@tpl(True, en=7)
def cli_local(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("why can't I reach the service?\n\n$ docker ps\nCONTAINER ID   IMAGE          PORTS\n", g.hexs(12), "   redis:7        0.0.0.0:6379->6379/tcp\n", g.hexs(12), "   api:latest     127.0.0.1:8000->8000/tcp\n")
    d.add("$ curl -v http://localhost:8000/health\n* Trying 127.0.0.1:8000...\n* connect to ::1 port 8000 failed: Connection refused\n")
    d.add("$ ip addr show eth0\n    inet 172.", str(g.r.randint(16, 31)), ".0.", str(g.r.randint(2, 20)), "/16 brd 172.17.255.255 scope global eth0\n    inet6 fe80::42:acff:fe11:2/64 scope link\n")
    d.add(tweak(g, lang))
    return "cli_local", d


@tpl(True, en=6)
def openapi_schema(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Generate a Zod schema from this OpenAPI snippet:\n\ncomponents:\n  schemas:\n    Customer:\n      type: object\n      properties:\n")
    d.add("        email:\n          type: string\n          format: email\n          example: jane.doe@example.com\n        phone:\n          type: string\n          example: \"+1 000 000 0000\"\n")
    d.add("        iban:\n          type: string\n          example: DE89370400440532013000\n        id:\n          type: string\n          format: uuid\n          example: ", g.uuid(), "\n")
    d.add(tweak(g, lang))
    return "openapi", d


@tpl(True, en=5, de=4, it=3)
def kpi_table(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    hdr = {"en": "Write commentary for this KPI table:\n\n| Region | Revenue (kEUR) | YoY | Churn |\n|---|---|---|---|\n",
           "de": "Kommentiere die Kennzahlen:\n\n| Region | Umsatz (T€) | Vj. | Churn |\n|---|---|---|---|\n",
           "it": "Commenta questi KPI:\n\n| Area | Fatturato (k€) | YoY | Churn |\n|---|---|---|---|\n"}[lang]
    d.add(hdr)
    for region in ["DACH", "Nordics", "Iberia", "Benelux", "UK&I"]:
        d.add(f"| {region} | {g.r.randint(800, 9000):,} | {g.r.randint(-9, 25)} % | {g.r.randint(1, 9)}.{g.r.randint(0, 9)} % |\n")
    d.add(tweak(g, lang))
    return "kpi_table", d


@tpl(True, en=6)
def java_trace(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("What's the root cause?\n\njava.lang.NullPointerException: Cannot invoke \"com.acme.billing.Invoice.getCustomer()\" because \"invoice\" is null\n")
    d.add("\tat com.acme.billing.InvoiceService.render(InvoiceService.java:", str(g.r.randint(40, 400)), ")\n\tat com.acme.billing.api.InvoiceController.get(InvoiceController.java:58)\n")
    d.add("\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)\n\t... 48 common frames omitted\ntraceId=", g.hexs(32), " spanId=", g.hexs(16), "\n")
    d.add(tweak(g, lang))
    return "java_trace", d


@tpl(True, en=5, de=3, it=3)
def support_macro(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": "Improve this support macro:\n\nHi {{ticket.requester.first_name}},\n\nthanks for reaching out about order {{order.id}}. We've sent a replacement to {{customer.shipping_address}}. If you have questions, reply to this email or call {{support.phone}}.\n\nBest,\n{{agent.name}}\n",
           "de": "Verbessere diese Textvorlage:\n\nHallo {{vorname}},\n\nvielen Dank für Ihre Nachricht zur Bestellung {{bestellnummer}}. Die Ersatzlieferung geht an {{lieferadresse}}. Ihre IBAN für die Erstattung: {{iban}}.\n\nIhr Team von {{firma}}\n",
           "it": "Migliora questo modello di risposta:\n\nGentile {{nome}} {{cognome}},\n\nla ringraziamo per la segnalazione relativa all'ordine {{numero_ordine}}. Il rimborso verrà accreditato sull'IBAN {{iban}} entro 5 giorni.\n\nCordiali saluti\n{{operatore}}\n"}[lang])
    d.add(tweak(g, lang))
    return "support_macro", d


@tpl(True, en=6)
def tracking_ids(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Match these shipments to invoices:\n\ninvoice_no\torder_id\ttracking\tsku\tqty\n")
    for _ in range(g.r.randint(3, 6)):
        d.add(f"INV-2026-{g.digits(5)}\t{g.uuid()[:8]}\t1Z{g.alnum(6, string.ascii_uppercase + string.digits)}{g.digits(10)}\tSKU-{g.digits(4)}-{g.c('ABC')}\t{g.r.randint(1, 40)}\n")
    d.add(tweak(g, lang))
    return "shipment_ids", d


@tpl(True, en=6)
def subnet_plan(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Review this addressing plan for overlaps:\n\n- VPC prod: 10.", str(g.r.randint(0, 100)), ".0.0/16\n- VPC staging: 172.20.0.0/16\n- Office LAN: 192.168.", str(g.r.randint(0, 50)), ".0/24\n")
    d.add("- Carrier NAT seen from ISP: 100.64.0.0/10\n- Docs/examples: 198.51.100.0/24 and 2001:db8:", format(g.r.randint(1, 0xFFF), "x"), "::/48\n- Multicast for IPTV: 239.1.1.1\n- Metadata: 169.254.169.254\n")
    d.add(tweak(g, lang))
    return "subnet_plan", d


@tpl(True, en=5)
def lockfile(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("npm ci fails with EINTEGRITY, here's the lock entry:\n\n\"node_modules/", g.c(["lodash", "axios", "zod", "dayjs"]), "\": {\n  \"version\": \"", f"{g.r.randint(1, 4)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)}", "\",\n")
    d.add("  \"resolved\": \"https://registry.npmjs.org/pkg/-/pkg.tgz\",\n  \"integrity\": \"sha512-", g.b64(64), "\"\n}\n")
    d.add(tweak(g, lang))
    return "lockfile", d


@tpl(True, en=6, de=4, it=4)
def chat_handles_only(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    h1, h2 = g.r.sample(["@devops-oncall", "@dbteam", "@sre-bot", "@frontend-guild", "@release-captain", "@qa-lead"], 2)
    if lang == "en":
        d.add(f"Summarise:\n\n[{ts(g, 'hm')}] {h1}: deploy of v{g.r.randint(1, 9)}.{g.r.randint(0, 30)} to staging done, smoke tests green\n[{ts(g, 'hm')}] {h2}: prod window is Thursday 22:00 CET, freeze starts Wednesday\n[{ts(g, 'hm')}] {h1}: ack, rollback plan is in the runbook (RB-{g.digits(3)})\n")
    elif lang == "de":
        d.add(f"Fass zusammen:\n\n[{ts(g, 'hm')}] {h1}: Deployment auf Staging durch, Tests grün\n[{ts(g, 'hm')}] {h2}: Produktionsfenster Donnerstag 22 Uhr, Freeze ab Mittwoch\n[{ts(g, 'hm')}] {h1}: ok, Rollback-Plan steht im Runbook\n")
    else:
        d.add(f"Riassumi:\n\n[{ts(g, 'hm')}] {h1}: rilascio in staging completato, test ok\n[{ts(g, 'hm')}] {h2}: finestra di produzione giovedì alle 22, freeze da mercoledì\n[{ts(g, 'hm')}] {h1}: ricevuto, piano di rollback nel runbook\n")
    d.add(tweak(g, lang))
    return "chat_no_pii", d


@tpl(True, de=4, it=4, en=3)
def contract_placeholder(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        d.add("Prüfe diese Vertragsvorlage:\n\nDienstleistungsvertrag zwischen [Auftraggeber], [Anschrift] – nachfolgend „Auftraggeber“ – und der Nordlicht Software GmbH, vertreten durch die Geschäftsführung.\n")
        d.add("§ 3 Vergütung: Die Vergütung beträgt [Betrag] € netto zzgl. USt. Zahlbar innerhalb von 14 Tagen auf das im Angebot genannte Konto.\n§ 9 Gerichtsstand ist der Sitz des Auftragnehmers.\n")
    elif lang == "it":
        d.add("Rivedi questo modello di contratto:\n\nTra [RAGIONE SOCIALE], con sede in [INDIRIZZO], P.IVA [●], e [NOME COGNOME], C.F. [●], si conviene:\n")
        d.add("Art. 2 – Il corrispettivo è pari a € [●] oltre IVA, da versare sul conto indicato in fattura.\nArt. 8 – Foro competente esclusivo è quello della sede legale del fornitore.\n")
    else:
        d.add("Tighten the wording of this template clause:\n\nThis Agreement is entered into by [CUSTOMER LEGAL NAME], a company registered at [ADDRESS] (\"Customer\"), and Acme Analytics Ltd (\"Provider\"). ")
        d.add("Notices shall be sent to [NOTICE EMAIL]. Fees are payable to the account stated on the invoice within 30 days.\n")
    d.add(tweak(g, lang))
    return "contract_template", d


@tpl(True, en=5, de=3, it=3)
def lookalike_numbers(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    parts = f"{g.c(['DE', 'IT', 'AT'])}-{g.digits(4)}-{g.digits(4)}"
    if lang == "en":
        d.add(f"Reformat this parts list:\nP/N {parts}  rev C\nSerial {g.bad_card()} (label printer inserts spaces)\nISBN 978-{g.r.randint(0, 9)}-{g.digits(3)}-{g.digits(5)}-{g.r.randint(0, 9)}\nPO 4500{g.digits(6)}, cost center 4100-{g.digits(3)}, version 10.4.{g.r.randint(1, 200)}\n")
    elif lang == "de":
        d.add(f"Ordne die Nummern zu:\nArtikelnr. {parts}\nSeriennr. {g.bad_card()}\nBestellnr. 4500{g.digits(6)}\nUSt-IdNr. DE{g.digits(9)}\nHRB {g.digits(5)} Amtsgericht\n")
    else:
        d.add(f"Sistema questi codici:\nCodice articolo {parts}\nMatricola {g.bad_card()}\nOrdine n. 4500{g.digits(6)}\nP.IVA IT0{g.digits(10)}\nREA MI-{g.digits(7)}\n")
    d.add(tweak(g, lang))
    return "lookalike_numbers", d


@tpl(False, en=5, de=3, it=3)
def payment_debug(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    d.add({"en": "Our checkout logs the full request body, is that a PCI problem? Example line:\n\n",
           "de": "Unser Shop loggt den kompletten Request, ist das ein Problem? Beispiel:\n\n",
           "it": "Il nostro e-commerce salva tutto il body della richiesta nei log, è un problema? Esempio:\n\n"}[lang])
    d.f("¤ INFO payment.create body={\"cardholder\": \"¤\", \"pan\": \"¤\", \"exp\": \"¤/2¤\", \"cvc\": \"***\", \"billing_address\": \"¤\", \"email\": \"¤\"}\n",
        ts(g, "sp"), P(f"{f} {l_}"), E(g.card(sep=g.c(["", " "])), "CREDIT_CARD"),
        f"{g.r.randint(1, 12):02d}", str(g.r.randint(7, 9)), E(g.address(cc), "LOCATION"), E(g.email_for(f, l_, lang), "EMAIL_ADDRESS"))
    if g.r.random() < 0.5:
        d.f("¤ WARN 3DS challenge failed for client ¤\n", ts(g, "sp"), E(g.pub_ip(), "IP_ADDRESS"))
    return "payment_log", d


@tpl(True, en=8)
def dotenv_example(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add(g.c(["Write a README section explaining each variable in our .env.example:\n\n", "Is anything missing from this template?\n\n"]))
    lines = ["DATABASE_URL=postgresql://user:password@localhost:5432/app_dev", "REDIS_URL=redis://localhost:6379/0", "STRIPE_SECRET_KEY=sk_test_...",
             "OPENAI_API_KEY=", "SMTP_PASSWORD=YOUR_PASSWORD_HERE", "JWT_SECRET=change-me-in-production-please", "SENTRY_DSN=https://<key>@o0.ingest.sentry.io/<project>",
             "AWS_ACCESS_KEY_ID=<your-access-key-id>", "AWS_SECRET_ACCESS_KEY=<your-secret>", "ADMIN_EMAIL=admin@example.com", "S3_BUCKET=my-bucket-dev",
             "GITHUB_TOKEN=${GITHUB_TOKEN}", "LOG_LEVEL=debug"]
    for line in g.r.sample(lines, g.r.randint(6, 10)):
        d.add(line, "\n")
    d.add(tweak(g, lang))
    return "dotenv_example", d


@tpl(True, en=7)
def public_keys(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    k = g.r.randint(0, 2)
    if k == 0:
        d.add("Add this deploy key to authorized_keys for the ci user, what permissions should the file have?\n\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", g.alnum(43), " ci@build-runner\n")
    elif k == 1:
        body = g.b64(270)
        d.add("Which algorithm is this public key?\n\n-----BEGIN PUBLIC KEY-----\n", "\n".join(body[i:i + 64] for i in range(0, len(body), 64)), "\n-----END PUBLIC KEY-----\n")
    else:
        body = g.b64(600)
        d.add("Decode this certificate and tell me when it expires:\n\n-----BEGIN CERTIFICATE-----\n", "\n".join(body[i:i + 64] for i in range(0, len(body), 64)), "\n-----END CERTIFICATE-----\n")
    d.add(tweak(g, lang))
    return "public_key", d


@tpl(True, en=6)
def api_error_masked(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("what does this error mean?\n\n")
    k = g.r.randint(0, 2)
    if k == 0:
        d.add("{\n  \"error\": {\n    \"message\": \"Incorrect API key provided: sk-proj-****************", g.alnum(4), ". You can find your API key at https://platform.openai.com/account/api-keys.\",\n    \"type\": \"invalid_request_error\",\n    \"code\": \"invalid_api_key\"\n  }\n}\n")
    elif k == 1:
        d.add("botocore.exceptions.ClientError: An error occurred (InvalidAccessKeyId) when calling the PutObject operation: The AWS Access Key Id you provided does not exist in our records. (key: AKIA************", g.alnum(4, string.ascii_uppercase), ", request id ", g.alnum(16, string.ascii_uppercase + string.digits), ")\n")
    else:
        d.add("remote: Invalid username or token. Password authentication is not supported for Git operations.\nfatal: Authentication failed for 'https://github.com/acme/platform.git/'\n(token used: ghp_****", g.alnum(4), ", expired ", str(g.r.randint(2, 30)), " days ago)\n")
    d.add(tweak(g, lang))
    return "api_error", d


@tpl(True, en=3, de=4, it=3)
def excel_formulas(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        d.add("Warum liefert die Formel #NV?\n\n=SVERWEIS(A", str(g.r.randint(2, 900)), ";Kunden!$A:$F;3;FALSCH)\n=WENNFEHLER(INDEX(Stammdaten!B:B;VERGLEICH(C2;Stammdaten!A:A;0));\"fehlt\")\nSpalte C enthält die Kundennummern (KD-", g.digits(5), " usw.), Blatt Stammdaten kommt aus SAP.\n")
    elif lang == "it":
        d.add("Perché questa formula restituisce #N/D?\n\n=CERCA.VERT(A", str(g.r.randint(2, 900)), ";Clienti!$A:$F;3;FALSO)\nLa colonna A contiene i codici cliente (CL-", g.digits(5), "), il foglio Clienti è esportato dal gestionale.\n")
    else:
        d.add("Fix this formula, it returns #REF!:\n\n=XLOOKUP(A", str(g.r.randint(2, 900)), ",Accounts!A:A,Accounts!D:D,\"not found\")\n=SUMIFS(Revenue!F:F,Revenue!B:B,\"EMEA\",Revenue!C:C,\">=\"&DATE(2026,1,1))\n")
    d.add(tweak(g, lang))
    return "spreadsheet_formula", d


@tpl(True, de=4, it=4)
def data_dictionary(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        rows = ["| geburtsdatum | DATE | TT.MM.JJJJ | Pflichtfeld |", "| steuer_id | CHAR(11) | 11 Ziffern, Prüfziffer nach ISO 7064 | personenbezogen |",
                "| iban | VARCHAR(34) | DE + 20 Stellen | verschlüsselt |", "| telefon | VARCHAR(20) | E.164, z. B. +49… | optional |", "| plz | CHAR(5) | fünfstellig | |",
                "| nachname | VARCHAR(100) | Freitext | personenbezogen |"]
        d.add("Ergänze die fehlenden Beschreibungen im Datenkatalog:\n\n| Feld | Typ | Format | Hinweis |\n|---|---|---|---|\n")
    else:
        rows = ["| codice_fiscale | CHAR(16) | 16 caratteri alfanumerici | dato personale |", "| data_nascita | DATE | GG/MM/AAAA | obbligatorio |",
                "| iban | VARCHAR(27) | IT + 25 caratteri | cifrato |", "| cellulare | VARCHAR(20) | formato +39… | facoltativo |", "| cap | CHAR(5) | 5 cifre | |",
                "| cognome | VARCHAR(100) | testo libero | dato personale |"]
        d.add("Completa le descrizioni mancanti nel dizionario dati:\n\n| Campo | Tipo | Formato | Note |\n|---|---|---|---|\n")
    for r in g.r.sample(rows, g.r.randint(4, 6)):
        d.add(r, "\n")
    d.add(tweak(g, lang))
    return "data_dictionary", d


@tpl(True, it=5, de=4)
def sports_news(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "it":
        d.add(g.c(["Scrivi un post per il canale aziendale sul torneo di calcetto, citando che ieri Inter-Juventus è finita ", "Fai un riassunto per la newsletter: Jannik Sinner ha vinto a Torino, e nel weekend il derby è finito "]),
              f"{g.r.randint(0, 4)}-{g.r.randint(0, 4)}. Tono leggero, niente nomi dei colleghi.\n")
    else:
        d.add(g.c(["Schreib einen lockeren Intranet-Beitrag zum Firmenlauf und erwähne, dass der FC Bayern am Samstag ", "Kurzer Teaser für den Newsletter: Borussia Dortmund hat am Mittwoch "]),
              f"{g.r.randint(0, 5)}:{g.r.randint(0, 4)} gespielt hat. Keine Namen von Kollegen.\n")
    d.add(tweak(g, lang))
    return "sports_prose", d


@tpl(True, de=4, it=4)
def room_booking(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        rooms = g.r.sample(["Raum Einstein", "Raum Curie", "Raum Humboldt", "Raum Goethe", "Raum Hopper", "Raum Lovelace"], 3)
        d.add("Mach daraus eine Übersicht:\n\n", "\n".join(f"{r}: {g.r.randint(4, 20)} Plätze, {g.c(['Beamer', 'Teams-Raum', 'Whiteboard'])}, Etage {g.r.randint(1, 5)}" for r in rooms), "\nBuchung über Outlook, Kantine schließt 14:30.\n")
    else:
        rooms = g.r.sample(["Sala Galilei", "Sala Montessori", "Sala Volta", "Sala Fermi", "Sala Leonardo", "Sala Verdi"], 3)
        d.add("Prepara una tabella riassuntiva:\n\n", "\n".join(f"{r}: {g.r.randint(4, 20)} posti, {g.c(['proiettore', 'sala Teams', 'lavagna'])}, piano {g.r.randint(1, 5)}" for r in rooms), "\nPrenotazioni da Outlook, mensa fino alle 14:30.\n")
    d.add(tweak(g, lang))
    return "room_list", d


@tpl(True, en=6)
def nginx_conf(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Why do I get 502 with this config?\n\nupstream app {\n    server 127.0.0.1:", str(g.r.randint(3000, 9000)), ";\n    server ", g.priv_ip(), ":8000 backup;\n}\nserver {\n    listen 443 ssl http2;\n    server_name ", g.c(["shop.example.com", "api.example.org", "intranet.example.net"]), ";\n")
    d.add("    ssl_certificate     /etc/letsencrypt/live/site/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/site/privkey.pem;\n    location / { proxy_pass http://app; proxy_set_header X-Real-IP $remote_addr; }\n}\n")
    d.add(tweak(g, lang))
    return "nginx_conf", d


@tpl(True, en=5)
def base64_blob(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if g.r.random() < 0.5:
        d.add("This favicon won't render, what's wrong with the data URI?\n\n<link rel=\"icon\" href=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ", g.b64(90).rstrip("="), "\">\n")
    else:
        d.add("Our webhook test fixture, can you tell what encoding this is?\n\npayload_b64 = \"", base64.b64encode(json.dumps({"event": "order.shipped", "order": f"ord_{g.digits(6)}", "items": g.r.randint(1, 5)}).encode()).decode(), "\"\n")
    d.add(tweak(g, lang))
    return "encoded_blob", d


@tpl(True, en=3, de=3, it=3)
def gdpr_template(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": "Improve this data-subject access request reply template:\n\nDear [Name],\nWe received your request under Article 15 GDPR on [date]. Please confirm your identity by replying from the e-mail address registered with your account. We will respond within one month.\n",
           "de": "Verbessere diese Vorlage für Auskunftsersuchen:\n\nSehr geehrte/r [Name],\nwir haben Ihr Auskunftsersuchen nach Art. 15 DSGVO vom [Datum] erhalten. Bitte bestätigen Sie Ihre Identität über die bei uns hinterlegte E-Mail-Adresse.\n",
           "it": "Migliora questo modello di risposta:\n\nGentile [Nome Cognome],\nabbiamo ricevuto la sua richiesta di accesso ai sensi dell'art. 15 GDPR in data [data]. La preghiamo di confermare la sua identità rispondendo dall'indirizzo e-mail registrato.\n"}[lang])
    d.add(tweak(g, lang))
    return "gdpr_template", d


@tpl(True, de=3, it=3, en=3)
def history_prose(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add({"en": g.c(["For our onboarding deck: two sentences on why the company named its servers after Ada Lovelace and Alan Turing.\n", "Write a fun fact slide about Grace Hopper and the first computer bug.\n"]),
           "de": g.c(["Für die Firmenchronik: zwei Sätze darüber, warum unser Gebäude nach Konrad Zuse benannt ist.\n", "Schreib einen kurzen Absatz über Goethe und Schiller für die Weimar-Exkursion unseres Teams.\n"]),
           "it": g.c(["Per la presentazione: due frasi su perché le nostre sale riunioni hanno i nomi di Galileo Galilei e Maria Montessori.\n", "Scrivi un breve testo su Giuseppe Garibaldi per la gita aziendale.\n"])}[lang])
    d.add(tweak(g, lang))
    return "history_prose", d


@tpl(False, en=7)
def dotfile_creds(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    k = g.r.randint(0, 3)
    if k == 0:
        d.f("npm install fails with E401, my ~/.npmrc:\n\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=¤\nalways-auth=true\n", E(g.api_key("npm")[1], "API_KEY"))
    elif k == 1:
        d.f("twine keeps asking for a password, here's ~/.pypirc:\n\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ¤\n", E(g.api_key("pypi")[1], "API_KEY"))
    elif k == 2:
        user = g.c(["jenkins", "build-bot", "deploy"])
        # a credential URL is labelled whole, like any URL that carries a password
        d.f("git pull asks for credentials even though ~/.git-credentials has:\n¤\n¤\n", E(f"https://{user}:{g.api_key('github')[1]}@github.com", "CONNECTION_STRING"),
            E(f"https://oauth2:{g.api_key('gitlab')[1]}@gitlab.com", "CONNECTION_STRING"))
    else:
        d.f("curl ignores my .netrc, is the syntax right?\n\nmachine ftp.nordwerk-logistik.de\n  login edi_upload\n  password ¤\nmachine api.brightlane.io login svc password ¤\n", E(g.password(), "PASSWORD"), E(g.password(), "PASSWORD"))
    return "dotfile_credentials", d


@tpl(False, de=5, it=4, en=4)
def sticky_note(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person(lang)
    cc = cc_of(lang, g)
    if lang == "de":
        d.add("Mach aus meinen Notizen eine saubere Übergabe für die Vertretung:\n\n")
        d.f("- WLAN Lager: SSID lager-5g / PW:¤\n- Alarmanlage Code ändert sich nicht, Schlüssel bei ¤(Hausmeister),Tel.¤\n", E(g.password(), "PASSWORD"), P(f"{f} {l_}"), E(g.phone(cc), "PHONE_NUMBER"))
        d.f("- Lieferant Ansprechpartnerin:¤;¤\n- Kreditkarte fürs Bestellportal (Firmenkarte):¤\n", P(g.full("de")), E(g.email_for(*g.person("de"), "de", True), "EMAIL_ADDRESS"), E(g.card(sep=" "), "CREDIT_CARD"))
    elif lang == "it":
        d.add("Riordina questi appunti per il collega che mi sostituisce:\n\n")
        d.f("* wifi magazzino: magazzino-ospiti, pwd:¤\n* chiavi da ¤(custode) tel.¤\n* carta aziendale per il portale ordini:¤ scad. 0¤/2¤\n",
            E(g.password(), "PASSWORD"), P(f"{f} {l_}"), E(g.phone("it"), "PHONE_NUMBER"), E(g.card(sep="-"), "CREDIT_CARD"), str(g.r.randint(1, 9)), str(g.r.randint(7, 9)))
    else:
        d.add("Turn my scribbles into a tidy handover doc:\n\n")
        d.f("* guest wifi pw=¤\n* keys w/ ¤(facilities),mob:¤\n* corp card for the supplier portal:¤\n* router admin at 192.168.1.1, login admin/¤\n",
            E(g.password(), "PASSWORD"), P(f), E(g.phone(cc), "PHONE_NUMBER"), E(g.card(sep=""), "CREDIT_CARD"), E(g.password(), "PASSWORD"))
    return "handover_notes", d


@tpl(False, it=5)
def condo_minutes(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    admin = g.person("it")
    d.add("Riassumi il verbale dell'assemblea condominiale:\n\n")
    d.f("Condominio di ¤\nAmministratore: ¤, cell. ¤\nPresenti: ", E(g.address("it"), "LOCATION"), P(f"{admin[0]} {admin[1]}"), E(g.phone("it"), "PHONE_NUMBER"))
    people = [g.person("it") for _ in range(g.r.randint(3, 5))]
    for i, (f, l_) in enumerate(people):
        d.add(", " if i else "", P(f"{l_} {f}" if g.r.random() < 0.5 else f"{f} {l_}"), f" (int. {g.r.randint(1, 24)})")
    d.f("\n\n1. Morosità: il sig. ¤ deve € 1.240,00; si autorizza il decreto ingiuntivo.\n2. Il rimborso spese va versato sull'IBAN del condominio ¤.\n", P(people[0][1]), E(g.iban("IT"), "IBAN_CODE"))
    return "condo_minutes", d


@tpl(False, de=5)
def handover_protocol(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    f, l_ = g.person("de")
    f2, l2 = g.person("de")
    d.add("Formatiere das Wohnungsübergabeprotokoll als Tabelle:\n\n")
    d.f("Objekt: ¤, 2. OG links\nVermieter: ¤\nMieterin: ¤, geb. ¤\nNeue Anschrift Mieterin: ¤\n", E(g.address("de"), "LOCATION"), P(f"{f} {l_}"), P(f"{f2} {l2}"), E(g.dob("de"), "DATE_OF_BIRTH"), E(g.address(g.c(["de", "at"])), "LOCATION"))
    d.add("Zählerstände: Strom 0", g.digits(5), " kWh, Wasser ", g.digits(3), ",", g.digits(2), " m³\nSchlüssel: 3x Haustür, 1x Briefkasten\n")
    d.f("Kaution (¤ €) zurück auf ¤\n", f"{g.r.randint(9, 30)}00", E(g.iban(g.c(["DE", "DE", "AT"])), "IBAN_CODE"))
    return "handover_protocol", d


@tpl(True, de=4, it=4)
def public_tender(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "de":
        d.add("Fasse die Ausschreibung zusammen:\n\nÖffentliche Ausschreibung – Vergabenummer V-", g.digits(4), "/2026\nAuftraggeber: Stadtverwaltung, Referat IT-Beschaffung\nGegenstand: Lieferung von ", str(g.r.randint(50, 900)), " Notebooks inkl. Rollout\n")
        d.add("Angebotsfrist: ", f"{g.r.randint(1, 28):02d}.{g.r.randint(1, 12):02d}.2027", ", 10:00 Uhr, ausschließlich über die e-Vergabe-Plattform\nZuschlagskriterien: Preis 60 %, Qualität 40 %\nCPV 30213100-6\n")
    else:
        d.add("Riassumi il bando di gara:\n\nProcedura aperta – CIG ", g.alnum(10, string.ascii_uppercase + string.digits), "\nStazione appaltante: Comune, Servizio Sistemi Informativi\nOggetto: fornitura di ", str(g.r.randint(50, 900)), " postazioni di lavoro\n")
        d.add("Scadenza offerte: ", f"{g.r.randint(1, 28):02d}/{g.r.randint(1, 12):02d}/2027", " ore 12:00 tramite piattaforma telematica\nCriterio: offerta economicamente più vantaggiosa\nCPV 30213100-6\n")
    d.add(tweak(g, lang))
    return "public_tender", d


@tpl(True, en=5)
def config_toml(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    d.add("Why doesn't poetry pick up this config?\n\n[tool.poetry]\nname = \"", g.c(["atlas-etl", "hermes-notify", "orion-scheduler"]), "\"\nversion = \"", f"{g.r.randint(0, 3)}.{g.r.randint(0, 30)}.{g.r.randint(0, 9)}", "\"\nauthors = [\"Platform Team <platform@example.com>\"]\n\n")
    d.add("[[tool.poetry.source]]\nname = \"internal\"\nurl = \"https://pypi.internal/simple/\"\npriority = \"supplemental\"\n\n# credentials come from POETRY_HTTP_BASIC_INTERNAL_PASSWORD in CI\n")
    d.add(tweak(g, lang))
    return "pyproject", d


@tpl(True, fr=4, es=4)
def romance_misc(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "fr":
        d.add(g.c(["Résume cet article : Christine Lagarde a indiqué à Francfort que la BCE maintiendrait ses taux. Les valeurs du CAC 40, dont LVMH et TotalEnergies, ont peu réagi.\n",
                   "Rédige une annonce pour le séminaire d'équipe à Annecy : deux nuits, activités en plein air, budget 300 € par personne.\n",
                   "Corrige ce modèle : « Bonjour [Prénom], votre commande n° [numéro] a été expédiée. Pour toute question, répondez à ce courriel. »\n",
                   "Explique la différence entre une facture d'acompte et une facture de solde, avec un exemple chiffré fictif (facture F-2026-0042, TVA 20 %).\n",
                   "Traduis en anglais la politique : les documents confidentiels ne doivent pas être envoyés vers une messagerie personnelle.\n"]))
    else:
        d.add(g.c(["Resume esta noticia: Pedro Sánchez se reunió en Bruselas con Ursula von der Leyen para hablar de los fondos europeos. El IBEX 35 subió un 0,8 %.\n",
                   "Escribe un correo para organizar la cena de empresa en Madrid, unas 40 personas, menú vegetariano disponible.\n",
                   "Mejora esta plantilla: «Hola {{nombre}}, hemos recibido tu solicitud n.º {{ticket}}. Te responderemos en 48 horas.»\n",
                   "Explica qué es el modelo 303 del IVA para una pyme, con un ejemplo ficticio.\n",
                   "Traduce: los datos personales de clientes solo pueden guardarse en el CRM corporativo.\n"]))
    d.add(g.c(["", "Merci !" if lang == "fr" else "¡Gracias!", "En quelques lignes." if lang == "fr" else "En pocas líneas."]))
    return "misc_fr_es", d


@tpl(True, en=5, de=4, it=4)
def brand_names(g: G, lang: str) -> tuple[str, Doc]:
    d = Doc()
    if lang == "en":
        d.add(g.c(["Compare Claude, Gemini and Copilot for summarising vendor contracts. We also have an internal bot called Jarvis and a Slack app named Ada. Which integrates best with SharePoint?\n",
                   "Draft a competitor overview: Johnson & Johnson, Procter & Gamble and Ernst & Young all presented at the conference. Keep it factual.\n",
                   "Our Alexa skill and the Siri shortcut both call the same Lambda. Write a short architecture note for the wiki.\n",
                   "Write a product comparison of the Dell Latitude, the Lenovo ThinkPad X1 and the MacBook Air for the sales team refresh.\n",
                   "Explain the Wilson score interval and the Kaplan-Meier estimator to a product manager, with one fictional example each.\n"]))
    elif lang == "de":
        d.add(g.c(["Schreib eine kurze Marktübersicht: Hugo Boss, Dr. Oetker und Mercedes-Benz haben ihre Quartalszahlen veröffentlicht.\n",
                   "Vergleiche SAP Joule, Microsoft Copilot und Aleph Alpha für den Einsatz in der Buchhaltung.\n",
                   "Formuliere eine Einladung zur Weihnachtsfeier im Restaurant „Zum Goldenen Hirschen“, Anmeldung über das Intranet.\n",
                   "Erkläre den Unterschied zwischen Gauß-Verteilung und Poisson-Verteilung anhand eines erfundenen Lagerbeispiels.\n"]))
    else:
        d.add(g.c(["Scrivi una panoramica su Ferrero, Barilla e Giorgio Armani S.p.A. per la rassegna stampa interna.\n",
                   "Confronta ChatGPT, Gemini e Claude per riassumere i verbali del CdA.\n",
                   "Prepara l'invito per la cena aziendale alla Trattoria Da Gino, iscrizioni tramite il portale HR.\n",
                   "Spiega la legge di Benford e come si usa nell'audit contabile, con un esempio inventato.\n"]))
    d.add(tweak(g, lang))
    return "brand_prose", d


# ---------------------------------------------------------------- assembly and guards
WORD_RE_CACHE: dict[str, re.Pattern] = {}


def word_re(w: str) -> re.Pattern:
    if w not in WORD_RE_CACHE:
        WORD_RE_CACHE[w] = re.compile(r"(?<![\w'’-])" + re.escape(w) + r"(?![\w-])")
    return WORD_RE_CACHE[w]


POOL_WORDS = sorted(set(ALL_FIRST) | set(ALL_LAST) | set(ALL_PLACES))
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EXAMPLE_DOMAIN_RE = re.compile(r"@(?:[\w-]+\.)*example\.(?:com|org|net)$|@users\.noreply\.github\.com$|@renovateapp\.com$")
DIGIT_RUN_RE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
IBAN_CAND_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")


def uncovered(text: str, spans: list[dict], start: int, end: int) -> bool:
    return not any(s["start"] <= start and end <= s["end"] for s in spans)


def problems(text: str, spans: list[dict]) -> list[str]:
    """Checks shared by the generator (fail fast); the pytest file re-implements them."""
    out = []
    for w in POOL_WORDS:
        for m in word_re(w).finditer(text):
            if uncovered(text, spans, m.start(), m.end()):
                out.append(f"unlabelled pool word {w!r} at {m.start()}")
    for m in EMAIL_RE.finditer(text):
        if uncovered(text, spans, m.start(), m.end()) and not EXAMPLE_DOMAIN_RE.search(m.group()):
            out.append(f"unlabelled email {m.group()!r}")
    for m in DIGIT_RUN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and digits not in KNOWN_TEST_VALUES \
                and uncovered(text, spans, m.start(), m.end()):
            out.append(f"unlabelled luhn-valid {m.group()!r}")
    for m in IBAN_CAND_RE.finditer(text):
        compact = m.group().replace(" ", "")
        if iban_ok(compact) and compact not in KNOWN_TEST_VALUES and uncovered(text, spans, m.start(), m.end()):
            out.append(f"unlabelled valid IBAN {m.group()!r}")
    prev_end = -1
    for s in spans:
        v = text[s["start"]:s["end"]]
        if v != v.strip() or not v:
            out.append(f"span whitespace {v!r}")
        if s["start"] < prev_end:
            out.append("overlap")
        prev_end = s["end"]
        if s["start"] > 0 and text[s["start"] - 1].isalnum() and text[s["start"]].isalnum():
            out.append(f"span cuts word at start {v!r}")
        if s["end"] < len(text) and text[s["end"]].isalnum() and text[s["end"] - 1].isalnum():
            out.append(f"span cuts word at end {v!r}")
    return out


def build() -> list[dict]:
    rng = random.Random(SEED)
    jobs: list[tuple[Callable, bool, str]] = []
    for fn, neg, plan in TEMPLATES:
        for lang, n in plan.items():
            jobs.extend([(fn, neg, lang)] * n)
    rng.shuffle(jobs)
    total = len(jobs)
    per_tpl = Counter(fn.__name__ for fn, _, _ in jobs)
    worst = per_tpl.most_common(1)[0]
    assert worst[1] <= 0.03 * total, f"template {worst[0]} is {worst[1]}/{total} > 3%"
    records: list[dict] = []
    seen: set[str] = set()
    for fn, neg, lang in jobs:
        for attempt in range(50):
            kind, doc = fn(G(rng), lang)
            text = doc.text()
            spans = doc.spans
            for s in spans:
                assert text[s["start"]:s["end"]] == s.pop("_v")
            if text in seen:
                continue
            if neg:
                assert not spans, fn.__name__
            else:
                assert spans, fn.__name__
            probs = problems(text, spans)
            if probs:
                if attempt < 49:
                    continue  # a random filler value happened to validate; draw again
                raise AssertionError(f"{fn.__name__}/{lang}: {probs}\n{text}")
            break
        else:
            raise AssertionError(f"could not build unique text for {fn.__name__}")
        seen.add(text)
        records.append({"id": f"blind4-{len(records) + 1:04d}", "kind": kind, "lang": lang,
                        "negative": not spans, "text": text, "spans": spans})
    return records


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def main(argv: list[str]) -> int:
    content = render(build())
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != content:
            print("blind4.jsonl is stale; rerun build_blind4.py", file=sys.stderr)
            return 1
        print("blind4.jsonl is up to date")
        return 0
    OUT.write_text(content, encoding="utf-8")
    recs = [json.loads(line) for line in content.splitlines()]
    neg = sum(r["negative"] for r in recs)
    print(f"wrote {len(recs)} texts ({neg} negatives, {neg / len(recs):.1%}) to {OUT.name}")
    print("langs:", dict(Counter(r["lang"] for r in recs)))
    print("types:", dict(sorted(Counter(s["entity_type"] for r in recs for s in r["spans"]).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
