#!/usr/bin/env python3
"""Deterministic generator of the blind3 DLP evaluation corpus (stdlib only).

Usage:
    python build_blind3.py          # (re)write blind3.jsonl
    python build_blind3.py --check  # exit 1 if blind3.jsonl differs from a fresh build

Every value is fake and generated here; checksummed values are generated so
that they validate.  Spans are recorded while the text is assembled, so the
offsets are exact by construction and re-asserted before writing.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "blind3.jsonl"
SEED = 20261207

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

# --------------------------------------------------------------------------
# Document assembly
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class E:
    """A value to be labelled with an entity type."""

    value: str
    etype: str


TOKEN = re.compile(r"⟨(\w+)⟩")


@dataclass
class Doc:
    parts: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    n: int = 0

    def raw(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def ent(self, value: str, etype: str) -> None:
        assert etype in CATEGORY, etype
        assert value and value == value.strip(), repr(value)
        self.spans.append((self.n, self.n + len(value), etype))
        self.raw(value)

    def add(self, tpl: str, **kw: object) -> Doc:
        pos = 0
        for m in TOKEN.finditer(tpl):
            self.raw(tpl[pos:m.start()])
            v = kw[m.group(1)]
            if isinstance(v, E):
                self.ent(v.value, v.etype)
            elif isinstance(v, Doc):
                off = self.n
                for s, e, t in v.spans:
                    self.spans.append((s + off, e + off, t))
                self.raw(v.text)
            else:
                self.raw(str(v))
            pos = m.end()
        self.raw(tpl[pos:])
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


def doc(tpl: str, **kw: object) -> Doc:
    return Doc().add(tpl, **kw)


def join(docs: list[Doc], sep: str) -> Doc:
    out = Doc()
    for i, d in enumerate(docs):
        if i:
            out.raw(sep)
        out.add("⟨x⟩", x=d)
    return out


# --------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------

FIRST: dict[str, list[str]] = {
    "en": ["Oliver", "Hannah", "Jacob", "Megan", "Ethan", "Chloe", "Liam", "Abigail", "Nathan", "Isla",
           "Callum", "Bethany", "Declan", "Siobhan", "Gareth", "Rhiannon", "Tyler", "Brianna", "Kevin", "Lauren"],
    "de": ["Lukas", "Annika", "Jonas", "Katharina", "Tobias", "Svenja", "Matthias", "Ingrid", "Florian", "Jana",
           "Dieter", "Ute", "Henrik", "Birgit", "Moritz", "Franziska"],
    "fr": ["Mathieu", "Camille", "Thibault", "Élodie", "Baptiste", "Margaux", "Guillaume", "Sandrine", "Étienne",
           "Océane", "Jérôme", "Aurélie", "Benoît", "Maëlle"],
    "es": ["Alejandro", "Lucía", "Javier", "Carmen", "Sergio", "Nerea", "Álvaro", "Rocío", "Iñaki", "Marta",
           "Rubén", "Inmaculada", "Gonzalo", "Ainhoa"],
    "it": ["Giuseppe", "Chiara", "Matteo", "Federica", "Lorenzo", "Giulia", "Alessandro", "Francesca", "Davide",
           "Martina", "Salvatore", "Ilaria", "Riccardo", "Beatrice"],
    "in": ["Priya", "Arjun", "Ananya", "Vikram", "Sneha", "Rohan", "Kavya", "Siddharth", "Deepika", "Aditya"],
    "cn": ["Wei", "Xiaoling", "Jiahao", "Meiling", "Zhiwei", "Yuxin"],
    "vn": ["Thanh", "Minh", "Huong", "Quang"],
    "ng": ["Chukwuemeka", "Ngozi", "Oluwaseun", "Adaeze", "Babatunde", "Funmilayo"],
    "tr": ["Emre", "Elif", "Mehmet", "Zeynep", "Burak", "Ayşe"],
    "pl": ["Katarzyna", "Tomasz", "Agnieszka", "Krzysztof", "Małgorzata", "Paweł"],
    "ar": ["Youssef", "Fatima", "Karim", "Leila", "Omar", "Nour"],
    "jp": ["Haruto", "Yui", "Takeshi", "Aiko", "Kenji", "Sakura"],
    "nl": ["Sander", "Femke", "Joost", "Marloes"],
    "pt": ["Thiago", "Larissa", "Rafael", "Gabriela"],
    "gr": ["Dimitrios", "Eleni", "Konstantinos"],
    "ie": ["Aoife", "Niamh", "Cormac", "Oisín"],
    "se": ["Linnea", "Björn", "Astrid", "Magnus"],
}
LAST: dict[str, list[str]] = {
    "en": ["Whitfield", "Harrington", "Pemberton", "Ashworth", "Caldwell", "Fairbanks", "Holloway", "Kershaw",
           "Langford", "Mercer", "Prescott", "Radcliffe", "Thornbury", "Winslow", "Abernathy", "Blackwood"],
    "de": ["Hoffmann", "Schäfer", "Krüger", "Wolfsberger", "Zimmermann", "Hartmann", "Lehmann", "Kowalczyk",
           "Baumgartner", "Vogelsang", "Oberholzer", "Dreßler", "Eichhorn", "Kühnel"],
    "fr": ["Lefebvre", "Moreau", "Girardot", "Chevalier", "Rousseau-Mallet", "Dubreuil", "Lemaire", "Fontaine",
           "Marchetti", "Gauthier", "Perrin", "Beaumont"],
    "es": ["García López", "Fernández", "Rodríguez", "Martínez Ruiz", "Sánchez", "Jiménez", "Navarro",
           "Etxeberria", "Castañeda", "Iglesias", "Ortega"],
    "it": ["Esposito", "Russo", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
           "De Luca", "Mancini", "Lombardi", "Moretti"],
    "in": ["Sharma", "Iyer", "Patel", "Reddy", "Nair", "Chatterjee", "Venkataraman", "Deshpande"],
    "cn": ["Zhang", "Liu", "Wang", "Chen", "Huang", "Zhou"],
    "vn": ["Nguyen", "Tran", "Pham"],
    "ng": ["Okonkwo", "Adeyemi", "Eze", "Okafor", "Balogun"],
    "tr": ["Yılmaz", "Demir", "Kaya", "Çelik", "Öztürk"],
    "pl": ["Nowak", "Wiśniewska", "Kowalski", "Zieliński", "Wójcik"],
    "ar": ["El Amrani", "Haddad", "Benali", "Mansour", "Khalil"],
    "jp": ["Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Kobayashi"],
    "nl": ["de Vries", "Bakker", "Janssen", "van Dijk", "Visser"],
    "pt": ["Oliveira", "Ferreira", "Carvalho", "Rodrigues"],
    "gr": ["Papadopoulos", "Georgiou", "Nikolaidis"],
    "ie": ["O'Sullivan", "Ó Briain", "McCarthy", "Gallagher"],
    "se": ["Lindqvist", "Johansson", "Bergström", "Nyström"],
}

# Cities by country; multi-word entries are matched as phrases.
CITIES: dict[str, list[str]] = {
    "DE": ["Nürnberg", "Leipzig", "Bremen", "Kassel", "Freiburg im Breisgau", "Regensburg", "Bielefeld",
           "Würzburg", "Osnabrück", "Karlsruhe", "Dortmund", "Erfurt"],
    "AT": ["Graz", "Linz", "Innsbruck"],
    "CH": ["Winterthur", "Lausanne", "Luzern"],
    "UK": ["Leeds", "Bristol", "Sheffield", "Nottingham", "Brighton", "Norwich", "Cardiff", "Glasgow", "Leicester"],
    "IE": ["Galway", "Limerick"],
    "US": ["Columbus", "Sacramento", "Pittsburgh", "Minneapolis", "Raleigh", "Tucson", "Milwaukee", "Albuquerque",
           "Spokane", "Omaha"],
    "CA": ["Winnipeg", "Halifax", "Saskatoon"],
    "AU": ["Brisbane", "Adelaide", "Geelong"],
    "FR": ["Toulouse", "Nantes", "Lille", "Bordeaux", "Montpellier", "Rennes", "Grenoble", "Strasbourg", "Dijon",
           "Clermont-Ferrand"],
    "BE": ["Liège", "Namur"],
    "ES": ["Sevilla", "Bilbao", "Zaragoza", "Málaga", "Valladolid", "Alicante", "Granada", "Murcia", "Palma",
           "Vitoria-Gasteiz"],
    "IT": ["Torino", "Bologna", "Firenze", "Napoli", "Genova", "Palermo", "Verona", "Bari", "Padova", "Trieste"],
    "NL": ["Utrecht", "Eindhoven", "Groningen"],
    "IN": ["Pune", "Bengaluru", "Chennai", "Hyderabad"],
}
REGIONS = ["Bavaria", "Saxony", "Catalonia", "Andalusia", "Lombardy", "Brittany", "Yorkshire", "Ontario",
           "Queensland", "Tuscany", "Normandy", "Ohio", "Oregon", "Bayern", "Sachsen", "Cataluña", "Lombardia",
           "Bretagne", "Toscana", "Andalucía"]
COUNTRIES = ["Portugal", "Poland", "Romania", "Morocco", "Vietnam", "Nigeria", "Brazil", "Turkey", "Greece",
             "Polen", "Rumänien", "Türkei", "Pologne", "Roumanie", "Maroc", "Polonia", "Rumanía", "Marruecos",
             "Brasile", "Grecia"]


def pool_terms() -> list[str]:
    terms: set[str] = set()
    for v in FIRST.values():
        terms.update(v)
    for v in LAST.values():
        terms.update(v)
    for v in CITIES.values():
        terms.update(v)
    terms.update(REGIONS)
    terms.update(COUNTRIES)
    return sorted(terms, key=len, reverse=True)


POOL_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in pool_terms()) + r")(?![\w])")

STREETS: dict[str, list[str]] = {
    "DE": ["Lindenallee", "Hauptstraße", "Am Mühlbach", "Bahnhofstr.", "Rosenweg", "Kirchgasse", "Eichendorffring",
           "Schillerplatz", "Gartenstraße", "Im Wiesengrund", "Bergstraße", "Am Stadtpark"],
    "AT": ["Herrengasse", "Mariahilfer Straße", "Landstraße"],
    "CH": ["Bahnhofstrasse", "Seestrasse", "Dorfstrasse"],
    "UK": ["Kingsley Road", "Hawthorn Avenue", "Mill Lane", "Victoria Street", "Church Close", "Orchard Way",
           "St Mary's Road", "Highfield Crescent"],
    "IE": ["Dock Road", "Shop Street"],
    "US": ["Maple Ridge Dr", "Oak Street", "W 3rd Ave", "Lakeview Blvd", "Sycamore Ln", "N Main St",
           "Pinecrest Court", "Elm Hollow Rd"],
    "CA": ["Portage Ave", "Spring Garden Rd"],
    "AU": ["Wickham Terrace", "Rundle St"],
    "FR": ["rue des Lilas", "avenue Jean Jaurès", "boulevard Voltaire", "impasse des Tilleuls", "rue de la République",
           "chemin des Vignes", "place du Marché", "allée des Peupliers"],
    "BE": ["rue Saint-Gilles", "chaussée de Louvain"],
    "ES": ["Calle de Alcalá", "C/ Mayor", "Avenida de la Constitución", "Calle San Vicente", "Paseo de Gracia",
           "Calle Real", "Plaza del Pilar", "Calle Larios"],
    "IT": ["Via Garibaldi", "Corso Vittorio Emanuele II", "Via Roma", "Viale dei Mille", "Piazza Cavour",
           "Via dei Tigli", "Via Nazionale", "Vicolo Stretto"],
    "NL": ["Oudegracht", "Stratumseind"],
    "IN": ["MG Road", "Anna Salai"],
}
US_STATES = {"Columbus": "OH", "Sacramento": "CA", "Pittsburgh": "PA", "Minneapolis": "MN", "Raleigh": "NC",
             "Tucson": "AZ", "Milwaukee": "WI", "Albuquerque": "NM", "Spokane": "WA", "Omaha": "NE"}
IT_PROV = {"Torino": "TO", "Bologna": "BO", "Firenze": "FI", "Napoli": "NA", "Genova": "GE", "Palermo": "PA",
           "Verona": "VR", "Bari": "BA", "Padova": "PD", "Trieste": "TS"}
UK_PC = {"Leeds": "LS", "Bristol": "BS", "Sheffield": "S", "Nottingham": "NG", "Brighton": "BN", "Norwich": "NR",
         "Cardiff": "CF", "Glasgow": "G", "Leicester": "LE"}

CONDITIONS = {
    "en": ["type 2 diabetes", "asthma", "major depressive disorder", "generalised anxiety disorder", "epilepsy",
           "Crohn's disease", "hypertension", "multiple sclerosis", "bipolar disorder", "long COVID", "ADHD",
           "rheumatoid arthritis", "coeliac disease", "migraine with aura", "atrial fibrillation", "HIV"],
    "de": ["Diabetes mellitus Typ 2", "Asthma bronchiale", "Depression", "Bandscheibenvorfall", "Morbus Crohn",
           "Burn-out", "Bluthochdruck", "Multiple Sklerose", "Long COVID", "Epilepsie"],
    "fr": ["diabète de type 2", "sclérose en plaques", "dépression sévère", "asthme", "hernie discale",
           "épilepsie", "maladie de Crohn", "hypertension artérielle"],
    "es": ["diabetes tipo 2", "depresión", "asma", "esclerosis múltiple", "hernia discal", "epilepsia",
           "trastorno de ansiedad", "hipertensión"],
    "it": ["diabete di tipo 2", "depressione", "asma", "sclerosi multipla", "ernia del disco", "epilessia",
           "disturbo d'ansia", "ipertensione"],
}
MEDS = ["metformin", "sertraline", "levothyroxine", "salbutamol", "lamotrigine", "atorvastatin", "methotrexate",
        "adalimumab", "lisinopril", "insulin glargine", "Ramipril", "Ibuprofen 800", "Pantoprazol", "Venlafaxin",
        "Levetiracetam", "escitalopram", "lévothyrox", "Doliprane", "Humira", "Ozempic", "Xanax", "Ritalin",
        "Eutirox", "Lyrica", "Tavor"]

MARKINGS = {
    "en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "INTERNAL USE ONLY", "Confidential – Internal Only",
           "RESTRICTED", "SECRET//NOFORN", "TLP:RED", "TLP:AMBER", "COMPANY CONFIDENTIAL", "PRIVILEGED & CONFIDENTIAL"],
    "de": ["VERTRAULICH", "STRENG VERTRAULICH", "Nur für den internen Gebrauch", "INTERN", "Vertraulich – nur intern"],
    "fr": ["CONFIDENTIEL", "DIFFUSION RESTREINTE", "STRICTEMENT CONFIDENTIEL", "Usage interne uniquement"],
    "es": ["CONFIDENCIAL", "ESTRICTAMENTE CONFIDENCIAL", "USO INTERNO", "Uso interno exclusivo"],
    "it": ["RISERVATO", "STRETTAMENTE RISERVATO", "USO INTERNO", "RISERVATO - USO INTERNO", "CONFIDENZIALE"],
}

CORP_DOMAINS = ["nordwind-logistik.de", "brightfield-analytics.com", "helioscon.co.uk", "atelier-marchand.fr",
                "grupolevante.es", "studioferraresi.it", "quantrel.io", "kessler-bau.de", "orbitane.com",
                "veridanhealth.com", "lumenpay.eu", "tessera-legal.com", "alpenmilch-ag.ch", "corvid-systems.net",
                "mistral-assurances.fr", "cantiere-navale-adria.it", "sierraverde.es", "pinnaclecare.org",
                "northgate-hr.co.uk", "flintwave.dev"]
FREE_MAIL = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "hotmail.com"],
             "de": ["web.de", "gmx.de", "t-online.de", "gmx.net", "posteo.de"],
             "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
             "es": ["hotmail.es", "gmail.com", "yahoo.es", "telefonica.net"],
             "it": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"]}
COMPANIES = ["Nordwind Logistik GmbH", "Brightfield Analytics Ltd", "Helios Consulting", "Atelier Marchand SARL",
             "Grupo Levante S.L.", "Studio Ferraresi S.r.l.", "Quantrel Inc.", "Kessler Bau AG", "Orbitane",
             "Veridan Health", "LumenPay", "Tessera Legal LLP", "Corvid Systems", "Mistral Assurances",
             "Sierra Verde Hoteles", "Pinnacle Care", "Northgate HR", "Flintwave"]
PROJECTS = ["Project Falcon", "Atlas", "Orion", "Bluebird", "Kestrel", "Nimbus", "Hermes", "Polaris",
            "Tiramisu", "Sequoia", "Gondola", "Zephyr", "Pelican", "Marmot"]

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"

# --------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------


def fold(s: str) -> str:
    s = s.replace("ß", "ss").replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def rs(r: random.Random, chars: str, n: int) -> str:
    return "".join(r.choice(chars) for _ in range(n))


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    origin: str
    female: bool

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


FEMALE = {"Hannah", "Megan", "Chloe", "Abigail", "Isla", "Bethany", "Siobhan", "Rhiannon", "Brianna", "Lauren",
          "Annika", "Katharina", "Svenja", "Ingrid", "Jana", "Ute", "Birgit", "Franziska", "Camille", "Élodie",
          "Margaux", "Sandrine", "Océane", "Aurélie", "Maëlle", "Lucía", "Carmen", "Nerea", "Rocío", "Marta",
          "Inmaculada", "Ainhoa", "Chiara", "Federica", "Giulia", "Francesca", "Martina", "Ilaria", "Beatrice",
          "Priya", "Ananya", "Sneha", "Kavya", "Deepika", "Xiaoling", "Meiling", "Yuxin", "Huong", "Ngozi",
          "Adaeze", "Funmilayo", "Elif", "Zeynep", "Ayşe", "Katarzyna", "Agnieszka", "Małgorzata", "Fatima",
          "Leila", "Nour", "Yui", "Aiko", "Sakura", "Femke", "Marloes", "Larissa", "Gabriela", "Eleni", "Aoife",
          "Niamh", "Linnea", "Astrid", "Thanh"}

LANG_ORIGINS = {"en": ["en", "en", "en", "in", "cn", "ng", "ie", "pl", "ar", "jp", "vn", "gr", "tr", "se", "pt"],
                "de": ["de", "de", "de", "tr", "pl", "gr", "nl", "se", "ar"],
                "fr": ["fr", "fr", "fr", "ar", "pt", "vn", "ng"],
                "es": ["es", "es", "es", "pt", "ar", "it"],
                "it": ["it", "it", "it", "ar", "pl", "es"]}


def person(r: random.Random, lang: str = "en") -> Person:
    o = r.choice(LANG_ORIGINS[lang])
    f = r.choice(FIRST[o])
    return Person(f, r.choice(LAST[o]), o, f in FEMALE)


def email_for(r: random.Random, p: Person, lang: str = "en", corp: bool | None = None) -> str:
    first = fold(p.first).lower().replace("'", "")
    last = fold(p.last).lower().replace(" ", "").replace("'", "")
    local = r.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last[0]}", f"{last}.{first}",
                      f"{first}_{last}", f"{first}.{last}{r.randint(1, 99)}", f"{first[0]}{last}"])
    if corp is None:
        corp = r.random() < 0.6
    dom = r.choice(CORP_DOMAINS) if corp else r.choice(FREE_MAIL[lang])
    return f"{local}@{dom}"


def luhn_ok(num: str) -> bool:
    d = [int(c) for c in num if c.isdigit()]
    s = 0
    for i, x in enumerate(reversed(d)):
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(prefix: str) -> str:
    for c in "0123456789":
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError


TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4000056655665556",
              "5105105105105100", "4012888888881881", "6011111111111117"}


def card(r: random.Random, style: str | None = None) -> str:
    brand = r.choice(["visa", "visa", "mc", "mc2", "amex", "disc"])
    if brand == "visa":
        pre, n = "4" + rs(r, "0123456789", 5), 16
    elif brand == "mc":
        pre, n = str(r.randint(51, 55)) + rs(r, "0123456789", 4), 16
    elif brand == "mc2":
        pre, n = str(r.randint(2221, 2720)) + rs(r, "0123456789", 2), 16
    elif brand == "amex":
        pre, n = r.choice(["34", "37"]) + rs(r, "0123456789", 4), 15
    else:
        pre, n = "6011" + rs(r, "0123456789", 2), 16
    num = luhn_complete(pre + rs(r, "0123456789", n - len(pre) - 1))
    assert num not in TEST_CARDS
    style = style or r.choice(["space", "space", "plain", "dash"])
    groups = [num[:4], num[4:10], num[10:]] if n == 15 else [num[i:i + 4] for i in range(0, 16, 4)]
    if style == "plain":
        return num
    return (" " if style == "space" else "-").join(groups)


IBAN_FMT = {"DE": "n8n10", "FR": "n10n11n2", "ES": "n20", "IT": "a1n10n12", "GB": "a4n14", "NL": "a4n10",
            "AT": "n16", "CH": "n17", "BE": "n12", "IE": "a4n14", "PT": "n21"}


def _bban(r: random.Random, fmt: str) -> str:
    out = ""
    for kind, cnt in re.findall(r"([an])(\d+)", fmt):
        out += rs(r, string.ascii_uppercase if kind == "a" else string.digits, int(cnt))
    return out


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    t = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in t)) % 97 == 1


TEST_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
              "GB29NWBK60161331926819", "NL91ABNA0417164300", "ES9121000418450200051332"}


def iban(r: random.Random, cc: str, spaced: bool | None = None) -> str:
    bban = _bban(r, IBAN_FMT[cc])
    t = bban + cc + "00"
    chk = 98 - int("".join(str(int(c, 36)) for c in t)) % 97
    s = f"{cc}{chk:02d}{bban}"
    assert iban_ok(s) and s not in TEST_IBANS
    if spaced is None:
        spaced = r.random() < 0.6
    if spaced:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, m = divmod(n, 58)
        out = B58[m] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            chk ^= gen[i] if (b >> i) & 1 else 0
    return chk


def bech32_hrp(h: str) -> list[int]:
    return [ord(x) >> 5 for x in h] + [0] + [ord(x) & 31 for x in h]


def bech32_addr(r: random.Random, hrp: str = "bc") -> str:
    prog = bytes(r.getrandbits(8) for _ in range(20))
    acc, bits, data = 0, 0, [0]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    pm = bech32_polymod(bech32_hrp(hrp) + data + [0] * 6) ^ 1
    data += [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data)


def crypto(r: random.Random) -> str:
    k = r.random()
    if k < 0.4:
        return bech32_addr(r, "bc")
    if k < 0.7:
        return b58check(b"\x00" + bytes(r.getrandbits(8) for _ in range(20)))
    if k < 0.85:
        return b58check(b"\x05" + bytes(r.getrandbits(8) for _ in range(20)))
    return b58check(b"\x30" + bytes(r.getrandbits(8) for _ in range(20)))  # Litecoin L...


def aba(r: random.Random) -> str:
    while True:
        d = [int(c) for c in f"{r.choice([r.randint(1, 12), r.randint(21, 32)]):02d}" + rs(r, string.digits, 6)]
        s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
        d.append((10 - s % 10) % 10)
        v = "".join(map(str, d))
        if v not in {"021000021", "011000015"}:
            return v


def acct(r: random.Random, n: int | None = None) -> str:
    n = n or r.choice([8, 10, 12])
    return str(r.randint(1, 9)) + rs(r, string.digits, n - 1)


def sort_code(r: random.Random) -> str:
    return f"{r.randint(10, 99)}-{r.randint(0, 99):02d}-{r.randint(0, 99):02d}"


def ssn(r: random.Random) -> str:
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    v = f"{a:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
    return v if v != "123-45-6789" else ssn(r)


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def nino(r: random.Random) -> str:
    while True:
        p = r.choice(NINO_FIRST) + r.choice(NINO_SECOND)
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "QQ"}:
            break
    d = rs(r, string.digits, 6)
    suf = r.choice("ABCD")
    if r.random() < 0.5:
        return f"{p} {d[:2]} {d[2:4]} {d[4:]} {suf}"
    return f"{p}{d}{suf}"


def steuer_check(d10: str) -> int:
    product = 10
    for c in d10:
        s = (int(c) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    chk = 11 - product
    return 0 if chk == 10 else chk


def steuer_id(r: random.Random) -> str:
    while True:
        digits = r.sample(range(10), 9)
        digits.append(r.choice(digits))
        r.shuffle(digits)
        if digits[0] != 0:
            break
    d10 = "".join(map(str, digits))
    v = d10 + str(steuer_check(d10))
    if r.random() < 0.5:
        return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"
    return v


def rvnr_check(d8: str, letter: str) -> int:
    """German pension insurance number: check digit over 8 digits + letter position + 2-digit serial."""
    digits = d8[:8] + f"{ord(letter) - 64:02d}" + d8[8:10]
    total = 0
    for c, w in zip(digits, [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1], strict=False):
        p = int(c) * w
        total += p // 10 + p % 10
    return total % 10


def rvnr(r: random.Random, p: Person) -> str:
    area = f"{r.choice([12, 13, 15, 16, 17, 18, 21, 23, 24, 25, 26, 28, 29, 38, 39, 40, 42, 43, 44, 45, 46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 89]):02d}"
    born = f"{r.randint(1, 28):02d}{r.randint(1, 12):02d}{r.randint(50, 99):02d}"
    letter = fold(p.last)[0].upper()
    serial = f"{r.randint(0, 49) + (50 if p.female else 0):02d}"
    chk = rvnr_check(area + born + serial, letter)
    return f"{area} {born} {letter} {serial}{chk}"


def nss_es(r: random.Random) -> str:
    prov = r.randint(1, 52)
    num = r.randint(10**7, 10**8 - 1)
    return f"{prov:02d}/{num}/{int(f'{prov:02d}{num}') % 97:02d}"


def nir(r: random.Random, female: bool = False) -> str:
    body = (f"{2 if female else 1}{r.randint(50, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 95):02d}"
            f"{r.randint(1, 990):03d}{r.randint(1, 999):03d}")
    key = 97 - int(body) % 97
    if r.random() < 0.6:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    return f"{body}{key:02d}"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(r: random.Random) -> str:
    n = r.randint(10000000, 79999999)
    return f"{n}{DNI_LETTERS[n % 23]}"


def nie(r: random.Random) -> str:
    p = r.choice("XYZ")
    n = r.randint(1000000, 9999999)
    return f"{p}{n}{DNI_LETTERS[int(str('XYZ'.index(p)) + str(n)) % 23]}"


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
                   8, 12, 14, 16, 10, 22, 25, 24, 23], strict=False))


def cf_check(s15: str) -> str:
    tot = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            tot += CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)


def codice_fiscale(r: random.Random, p: Person) -> str:
    def part(s: str, is_name: bool) -> str:
        s = re.sub(r"[^A-Z]", "", fold(s).upper())
        cons = [c for c in s if c not in "AEIOU"]
        vows = [c for c in s if c in "AEIOU"]
        if is_name and len(cons) >= 4:
            cons = [cons[0], cons[2], cons[3]]
        return ("".join(cons + vows) + "XXX")[:3]

    day = r.randint(1, 28) + (40 if p.female else 0)
    s15 = (part(p.last, False) + part(p.first, True) + f"{r.randint(50, 99):02d}" + r.choice("ABCDEHLMPRST")
           + f"{day:02d}" + r.choice(["H501", "F205", "L219", "A944", "D612", "F839", "D969", "G273", "L736"]))
    return s15 + cf_check(s15)


def sin_ca(r: random.Random) -> str:
    v = luhn_complete(r.choice("1234567") + rs(r, string.digits, 7))
    if v == "046454286":
        return sin_ca(r)
    return f"{v[:3]} {v[3:6]} {v[6:]}"


TFN_W = [1, 4, 3, 7, 5, 8, 6, 9, 10]


def tfn(r: random.Random) -> str:
    while True:
        d = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(7)]
        s = sum(a * b for a, b in zip(d, TFN_W, strict=False))
        for x in range(10):
            if (s + 10 * x) % 11 == 0:
                v = "".join(map(str, [*d, x]))
                return f"{v[:3]} {v[3:6]} {v[6:]}"


def passport(r: random.Random, cc: str) -> str:
    if cc == "DE":
        return r.choice("CFGHJK") + rs(r, "CFGHJKLMNPRTVWXYZ0123456789", 8)
    if cc == "FR":
        return f"{r.randint(10, 24)}{rs(r, string.ascii_uppercase, 2)}{rs(r, string.digits, 5)}"
    if cc == "IT":
        return rs(r, string.ascii_uppercase, 2) + rs(r, string.digits, 7)
    if cc == "ES":
        return "P" + rs(r, string.ascii_uppercase, 2) + rs(r, string.digits, 6)
    return r.choice("ACEFGHJKLMNPRSTUVWXYZ") + rs(r, string.digits, 8)  # US next-gen


def id_card_it(r: random.Random) -> str:
    return "C" + rs(r, "ABCDEFGHJKLMNPRSTUVWXYZ", 1) + rs(r, string.digits, 5) + rs(r, "ABCDEFGHJKLMNPRSTUVWXYZ", 2)


def public_ipv4(r: random.Random) -> str:
    while True:
        a = r.choice([2, 5, 31, 37, 46, 52, 62, 77, 78, 80, 81, 84, 85, 87, 88, 89, 91, 93, 94, 95, 104, 109, 141,
                      145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217])
        v = f"{a}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        return v


def public_ipv6(r: random.Random) -> str:
    pre = r.choice(["2a02:8108", "2a01:4f8", "2001:41d0", "2a00:1450", "2604:a880", "2a03:2880", "2001:16b8",
                    "2a01:cb00", "2a0a:e5c0"])
    tail = ":".join(f"{r.randint(0, 0xffff):x}" for _ in range(r.choice([2, 3, 6])))
    return f"{pre}:{tail}" if tail.count(":") == 5 else f"{pre}:{r.randint(1, 0xfff):x}::{tail}"


def mac(r: random.Random) -> str:
    b = [r.randint(0, 255) for _ in range(6)]
    b[0] &= 0xFC
    k = r.random()
    if k < 0.5:
        return ":".join(f"{x:02x}" for x in b)
    if k < 0.8:
        return "-".join(f"{x:02X}" for x in b)
    h = "".join(f"{x:02x}" for x in b)
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


def phone(r: random.Random, cc: str) -> str:
    d = lambda n: rs(r, string.digits, n)  # noqa: E731
    if cc == "DE":
        return r.choice([f"+49 {r.choice(['151', '160', '171', '176'])} {d(8)}", f"+49 (0){r.randint(30, 911)} {d(6)}",
                         f"0{r.choice(['152', '170', '179'])} {d(3)} {d(4)}", f"+49-{r.randint(211, 941)}-{d(5)}-{d(2)}",
                         f"0{r.randint(30, 911)}/{d(6)}"])
    if cc == "UK":
        return r.choice([f"+44 7{d(3)} {d(6)}", f"07{d(3)} {d(6)}", f"+44 (0)1{d(2)} {d(3)} {d(4)}",
                         f"0161 {d(3)} {d(4)}"])
    if cc == "US":
        a = r.choice(["614", "916", "412", "612", "919", "520", "414", "505", "509", "402"])
        e = f"{r.randint(201, 989)}"
        e = e if e != "555" else "556"
        return r.choice([f"+1 ({a}) {e}-{d(4)}", f"({a}) {e}-{d(4)}", f"{a}-{e}-{d(4)}", f"+1 {a}.{e}.{d(4)}",
                         f"+1{a}{e}{d(4)}"])
    if cc == "FR":
        g = " ".join(d(2) for _ in range(4))
        return r.choice([f"+33 6 {g}", f"06 {g}", f"07.{d(2)}.{d(2)}.{d(2)}.{d(2)}", f"+33 (0)1 {g}", f"01 {g}"])
    if cc == "ES":
        return r.choice([f"+34 6{d(2)} {d(3)} {d(3)}", f"6{d(2)} {d(2)} {d(2)} {d(2)}", f"+34 91 {d(3)} {d(2)} {d(2)}",
                         f"(+34) 7{d(2)}{d(6)}"])
    if cc == "IT":
        return r.choice([f"+39 3{d(2)} {d(3)} {d(4)}", f"3{d(2)} {d(7)}", f"+39 02 {d(4)} {d(4)}",
                         f"06-{d(8)}", f"+39 3{d(2)}.{d(3)}.{d(4)}"])
    if cc == "IN":
        return f"+91 9{d(4)} {d(5)}"
    if cc == "NL":
        return f"+31 6 {d(8)}"
    if cc == "CH":
        return f"+41 79 {d(3)} {d(2)} {d(2)}"
    if cc == "AT":
        return f"+43 664 {d(7)}"
    if cc == "AU":
        return f"+61 4{d(2)} {d(3)} {d(3)}"
    if cc == "CA":
        return f"+1 204 {r.randint(201, 989)} {d(4)}"
    return f"+353 8{r.randint(3, 9)} {d(3)} {d(4)}"


def address(r: random.Random, cc: str, multiline: bool = False) -> str:
    city = r.choice(CITIES[cc])
    st = r.choice(STREETS[cc])
    no = r.randint(1, 240)
    sep = "\n" if multiline else ", "
    if cc in ("DE", "AT", "CH"):
        plz = f"{r.randint(1000, 99999):05d}" if cc == "DE" else f"{r.randint(1000, 9999)}"
        suffix = r.choice(["", "", "a", "b"]) if cc == "DE" else ""
        extra = r.choice(["", "", f"{sep}Hinterhaus, 3. OG"]) if cc == "DE" else ""
        return f"{st} {no}{suffix}{extra}{sep}{plz} {city}"
    if cc == "UK":
        out = UK_PC[city]
        pc = f"{out}{r.randint(1, 28)} {r.randint(1, 9)}{rs(r, 'ABDEFGHJLNPQRSTUWXYZ', 2)}"
        flat = r.choice(["", "", f"Flat {r.randint(1, 12)}{sep}"])
        return f"{flat}{no} {st}{sep}{city}{sep if multiline else ' '}{pc}"
    if cc == "IE":
        return f"{no} {st}{sep}{city}{sep}{rs(r, 'HVX', 1)}{r.randint(10, 99)} {rs(r, 'ACDEFHKNPRTVWXY0123456789', 4)}"
    if cc == "US":
        apt = r.choice(["", "", f", Apt {r.randint(1, 40)}{r.choice('ABCD')}", f" Suite {r.randint(100, 900)}"])
        return f"{r.randint(100, 9999)} {st}{apt}{sep}{city}, {US_STATES[city]} {r.randint(10000, 99999)}"
    if cc == "CA":
        return f"{r.randint(100, 2999)} {st}{sep}{city}, {'MB' if city == 'Winnipeg' else 'NS' if city == 'Halifax' else 'SK'} R{r.randint(2, 3)}{rs(r, 'ABCEGHJ', 1)} {r.randint(1, 9)}{rs(r, 'ABCEGHJKLMNPRSTVWXYZ', 1)}{r.randint(1, 9)}"
    if cc == "AU":
        return f"{r.randint(1, 90)}/{no} {st}{sep}{city} {'QLD' if city != 'Adelaide' else 'SA'} {r.randint(4000, 5999)}"
    if cc in ("FR", "BE"):
        cp = f"{r.randint(1000, 95999):05d}" if cc == "FR" else f"{r.randint(1000, 9999)}"
        bis = r.choice(["", "", " bis", ","])
        extra = r.choice(["", "", f"Bâtiment B, {r.randint(1, 5)}e étage{sep}", f"Résidence Les Tilleuls{sep}"])
        cedex = r.choice(["", "", "", " CEDEX"]) if cc == "FR" else ""
        return f"{extra}{no}{bis} {st}{sep}{cp} {city}{cedex}"
    if cc == "ES":
        piso = r.choice(["", f", {r.randint(1, 9)}º {r.choice('ABCD')}", f", {r.randint(1, 6)}º izq.", ", bajo"])
        return f"{st} {no}{piso}{sep}{r.randint(1000, 52999):05d} {city}"
    if cc == "IT":
        scala = r.choice(["", "", f", scala {r.choice('ABC')}", f", int. {r.randint(1, 20)}"])
        prov = f" ({IT_PROV[city]})" if r.random() < 0.7 else ""
        return f"{st} {no}{scala}{sep}{r.randint(10, 98)}{r.randint(100, 999)} {city}{prov}"
    if cc == "NL":
        return f"{st} {no}{sep}{r.randint(1000, 9999)} {rs(r, 'ABCDEGHJKLMNPRSTVWXZ', 2)} {city}"
    return f"{no}, {st}{sep}{city} {r.randint(400001, 600099)}"


# ---- secrets ---------------------------------------------------------------


def api_key(r: random.Random, vendor: str | None = None) -> tuple[str, str]:
    """Returns (vendor label, token)."""
    vendors = ["aws", "github", "github_pat", "gitlab", "slack", "stripe", "openai", "anthropic", "google", "npm",
               "sendgrid", "twilio", "hf", "datadog", "shopify", "digitalocean", "mailgun", "telegram", "pypi",
               "slack_webhook", "discord_webhook", "azure_sas", "linear", "postman", "atlassian"]
    v = vendor or r.choice(vendors)
    if v == "aws":
        return v, "AKIA" + rs(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    if v == "github":
        return v, r.choice(["ghp_", "gho_", "ghs_"]) + rs(r, ALNUM, 36)
    if v == "github_pat":
        return v, "github_pat_11" + rs(r, string.ascii_uppercase + string.digits, 20) + "_" + rs(r, ALNUM, 59)
    if v == "gitlab":
        return v, "glpat-" + rs(r, ALNUM + "-_", 20)
    if v == "slack":
        return v, f"xox{r.choice('bp')}-{r.randint(10**10, 10**12)}-{r.randint(10**12, 10**13)}-{rs(r, ALNUM, 24)}"
    if v == "stripe":
        return v, r.choice(["sk_live_", "rk_live_"]) + rs(r, ALNUM, r.choice([24, 99]))
    if v == "openai":
        return v, "sk-proj-" + rs(r, ALNUM + "-_", 74) + "T3BlbkFJ" + rs(r, ALNUM + "-_", 74)
    if v == "anthropic":
        return v, "sk-ant-api03-" + rs(r, ALNUM + "-_", 93) + "AA"
    if v == "google":
        return v, "AIza" + rs(r, ALNUM + "-_", 35)
    if v == "npm":
        return v, "npm_" + rs(r, ALNUM, 36)
    if v == "sendgrid":
        return v, "SG." + rs(r, ALNUM + "-_", 22) + "." + rs(r, ALNUM + "-_", 43)
    if v == "twilio":
        return v, "SK" + rs(r, HEX, 32)
    if v == "hf":
        return v, "hf_" + rs(r, string.ascii_letters, 34)
    if v == "datadog":
        return v, rs(r, HEX, 32)
    if v == "shopify":
        return v, "shpat_" + rs(r, HEX, 32)
    if v == "digitalocean":
        return v, "dop_v1_" + rs(r, HEX, 64)
    if v == "mailgun":
        return v, "key-" + rs(r, HEX, 32)
    if v == "telegram":
        return v, f"{r.randint(10**8, 10**10)}:AA{rs(r, ALNUM + '-_', 33)}"
    if v == "pypi":
        return v, "pypi-AgEIcHlwaS5vcmc" + rs(r, ALNUM + "-_", 140)
    if v == "slack_webhook":
        return v, (f"https://hooks.slack.com/services/T0{rs(r, string.ascii_uppercase + string.digits, 8)}"
                   f"/B0{rs(r, string.ascii_uppercase + string.digits, 9)}/{rs(r, ALNUM, 24)}")
    if v == "discord_webhook":
        return v, f"https://discord.com/api/webhooks/{r.randint(10**17, 10**18)}/{rs(r, ALNUM + '-_', 68)}"
    if v == "azure_sas":
        return v, "sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2026-12-31T23:59:59Z&sig=" + rs(r, ALNUM, 43) + "%3D"
    if v == "linear":
        return v, "lin_api_" + rs(r, ALNUM, 40)
    if v == "postman":
        return v, "PMAK-" + rs(r, HEX, 24) + "-" + rs(r, HEX, 34)
    return v, "ATATT3xFfGF0" + rs(r, ALNUM + "-_", 180) + "=" + rs(r, HEX.upper(), 8)


def aws_secret(r: random.Random) -> str:
    return rs(r, ALNUM + "/+", 40)


WORDS_PW = ["Sommer", "Winter", "Bayern", "Welcome", "Passwort", "Soleil", "Primavera", "Dragon", "Falcon",
            "Sunshine", "Chocolat", "Barcelona", "Juventus", "Tigger", "Monkey", "Password", "Qwertz", "Azerty",
            "Estrella", "Girasole", "Hamster", "Kaffee", "Banane"]


def password(r: random.Random) -> str:
    k = r.random()
    if k < 0.35:
        return r.choice(WORDS_PW) + str(r.randint(1970, 2026)) + r.choice("!?#$.*")
    if k < 0.55:
        return r.choice(WORDS_PW).lower() + r.choice(["_", "-", "."]) + r.choice(WORDS_PW) + str(r.randint(1, 99))
    if k < 0.8:
        chars = ALNUM + "!#$%&*+-=?@^_"
        while True:
            v = rs(r, chars, r.randint(12, 24))
            if (v[0].isalnum() and v[-1].isalnum()) or v[0] in "!#$%&*" :
                return v
    return r.choice(["Zx", "Qp", "Mn", "Kt"]) + rs(r, ALNUM, 6) + "!" + str(r.randint(10, 99)) + rs(r, ALNUM, 3)


def jwt(r: random.Random, sub: str = "") -> str:
    def b64u(b: bytes) -> str:
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

    hdr = {"alg": r.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    iat = r.randint(1_760_000_000, 1_790_000_000)
    pay = {"sub": sub or str(r.randint(10000, 999999)), "iat": iat, "exp": iat + 3600,
           "scope": r.choice(["read write", "admin", "openid profile email"])}
    sig_len = 43 if hdr["alg"] == "HS256" else (86 if hdr["alg"] == "ES256" else 342)
    return b64u(json.dumps(hdr, separators=(",", ":")).encode()) + "." + b64u(
        json.dumps(pay, separators=(",", ":")).encode()) + "." + rs(r, B64URL, sig_len)


def pem(r: random.Random) -> str:
    kind = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    if kind == "OPENSSH PRIVATE KEY":
        body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" + rs(r, B64, 70 * 5 - 70 + 50)
        width = 70
    elif kind == "EC PRIVATE KEY":
        body = "MHcCAQEEI" + rs(r, B64, 150)
        width = 64
    else:
        body = ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" if kind == "PRIVATE KEY" else "MIIEpAIBAAKCAQEA") + rs(
            r, B64, 64 * r.randint(6, 12) + r.randint(0, 40))
        width = 64
    body = body + "=" * (-len(body) % 4)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def hostname(r: random.Random) -> str:
    return r.choice([f"db-prod-{r.randint(1, 9):02d}.internal.{r.choice(['orbitane.com', 'quantrel.io', 'lumenpay.eu'])}",
                     f"pg-{rs(r, string.ascii_lowercase, 5)}.c{rs(r, string.ascii_lowercase + string.digits, 8)}.eu-west-1.rds.amazonaws.com",
                     f"mysql-replica-{r.randint(1, 4)}.corp.local", f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}",
                     f"sqlsrv-{rs(r, string.ascii_lowercase, 6)}.database.windows.net"])


def conn_string(r: random.Random) -> str:
    user = r.choice(["app_user", "svc_billing", "postgres", "root", "etl", "reporting_ro", "crm_admin", "dbadmin"])
    pw = r.choice([password(r), rs(r, ALNUM, 20)]).replace("@", "A").replace(":", "x").replace("/", "z").replace(
        ";", "k").replace("?", "q").replace("#", "h").replace("%", "p")
    h = hostname(r)
    db = r.choice(["billing", "crm", "analytics", "hr_core", "orders", "payroll", "warehouse"])
    k = r.randint(0, 7)
    if k == 0:
        return f"postgresql://{user}:{pw}@{h}:5432/{db}"
    if k == 1:
        return f"mysql://{user}:{pw}@{h}:3306/{db}?charset=utf8mb4"
    if k == 2:
        return (f"mongodb+srv://{user}:{pw}@cluster0.{rs(r, string.ascii_lowercase + string.digits, 5)}.mongodb.net/"
                f"{db}?retryWrites=true&w=majority")
    if k == 3:
        return f"redis://:{pw}@{h}:6379/0"
    if k == 4:
        return (f"Server=tcp:{h},1433;Initial Catalog={db};Persist Security Info=False;User ID={user};"
                f"Password={pw};Encrypt=True;TrustServerCertificate=False;")
    if k == 5:
        return f"jdbc:postgresql://{h}:5432/{db}?user={user}&password={pw}&sslmode=require"
    if k == 6:
        return f"amqp://{user}:{pw}@{h}:5672/%2F"
    return (f"DefaultEndpointsProtocol=https;AccountName={rs(r, string.ascii_lowercase, 10)}prod;AccountKey="
            f"{rs(r, ALNUM + '+/', 86)}==;EndpointSuffix=core.windows.net")


def generic_secret(r: random.Random) -> str:
    k = r.randint(0, 5)
    if k == 0:
        return "whsec_" + rs(r, ALNUM, 32)
    if k == 1:
        return rs(r, HEX, 64)
    if k == 2:
        return rs(r, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)", 50).replace("(", "x").replace(")", "y")
    if k == 3:
        return "s%3A" + rs(r, ALNUM + "-_", 32) + "." + rs(r, ALNUM + "%", 43)
    if k == 4:
        return rs(r, B64, 43) + "="
    return rs(r, string.ascii_lowercase + string.digits, 32)


def mrn(r: random.Random) -> str:
    return r.choice([f"{r.randint(10**7, 10**8 - 1)}", f"MRN-{r.randint(100000, 999999)}",
                     f"{r.randint(100, 999)}-{r.randint(100, 999)}-{r.randint(10, 99)}", f"P{r.randint(10**6, 10**7)}",
                     f"KH{r.randint(10**5, 10**6)}"])


MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"],
          "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                 "noviembre", "diciembre"],
          "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
                 "ottobre", "novembre", "dicembre"]}


def dob(r: random.Random, lang: str = "en") -> str:
    y, m, d = r.randint(1952, 2004), r.randint(1, 12), r.randint(1, 28)
    k = r.random()
    if lang == "en":
        if k < 0.3:
            return f"{d:02d}/{m:02d}/{y}"
        if k < 0.5:
            return f"{m}/{d}/{y}"
        if k < 0.75:
            return f"{y}-{m:02d}-{d:02d}"
        return f"{d} {MONTHS['en'][m - 1]} {y}" if k < 0.9 else f"{MONTHS['en'][m - 1]} {d}, {y}"
    if lang == "de":
        return f"{d:02d}.{m:02d}.{y}" if k < 0.7 else f"{d}. {MONTHS['de'][m - 1]} {y}"
    if k < 0.6:
        return f"{d:02d}/{m:02d}/{y}"
    if k < 0.7:
        return f"{y}-{m:02d}-{d:02d}"
    return f"{d} {MONTHS[lang][m - 1]} {y}" if lang != "es" else f"{d} de {MONTHS['es'][m - 1]} de {y}"


def nonluhn_digits(r: random.Random, n: int) -> str:
    while True:
        v = str(r.randint(1, 9)) + rs(r, string.digits, n - 1)
        if not luhn_ok(v):
            return v


def uuid(r: random.Random) -> str:
    h = rs(r, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{r.choice('89ab')}{h[17:20]}-{h[20:]}"


def private_ip(r: random.Random) -> str:
    return r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"100.{r.randint(64, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"192.0.2.{r.randint(1, 254)}", f"198.51.100.{r.randint(1, 254)}", f"203.0.113.{r.randint(1, 254)}",
                     "169.254.169.254", "127.0.0.1", f"2001:db8::{r.randint(1, 0xfff):x}", "::1", "0.0.0.0",
                     f"fe80::{rs(r, HEX, 4)}:{rs(r, HEX, 4)}"])


def ts(r: random.Random) -> str:
    return f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"


def clock(r: random.Random, n: int) -> list[str]:
    start = r.randint(7 * 60, 17 * 60)
    out = []
    for _ in range(n):
        out.append(f"{start // 60:02d}:{start % 60:02d}")
        start += r.randint(0, 9)
    return out


def hhmm(r: random.Random) -> str:
    return f"{r.randint(7, 19):02d}:{r.randint(0, 59):02d}"


def city(r: random.Random, cc: str) -> str:
    return r.choice(CITIES[cc])


# --------------------------------------------------------------------------
# Templates: each returns (kind, Doc).  P = PERSON etc. are small helpers.
# --------------------------------------------------------------------------

R = random.Random
T = tuple[str, Doc]


def P(p: Person, form: str = "full") -> E:
    if form == "first":
        return E(p.first, "PERSON")
    if form == "lastfirst":
        return E(f"{p.last}, {p.first}", "PERSON")
    if form == "upper":
        return E(f"{p.last.upper()} {p.first}", "PERSON")
    return E(p.full, "PERSON")


def EM(v: str) -> E:
    return E(v, "EMAIL_ADDRESS")


def PH(v: str) -> E:
    return E(v, "PHONE_NUMBER")


def LOC(v: str) -> E:
    return E(v, "LOCATION")


def NID(v: str) -> E:
    return E(v, "NATIONAL_ID")


def SEC(v: str, t: str) -> E:
    return E(v, t)


def mark(r: R, lang: str) -> E:
    return E(r.choice(MARKINGS[lang]), "CLASSIFICATION_MARKING")


# ---- English positives -----------------------------------------------------


def en_slack_thread(r: R) -> T:
    tt = clock(r, 4)
    a, b, c = person(r), person(r), person(r)
    _kind, key = api_key(r, r.choice(["aws", "github", "slack", "stripe", "openai", "gitlab", "npm", "hf"]))
    d = doc("⟨a⟩  ⟨t1⟩\nhey can someone check why the nightly deploy is failing? logs say 403 from the registry\n"
            "⟨b⟩  ⟨t2⟩\nprobably the token expired, try this one for now: ⟨k⟩\n",
            a=P(a), t1=tt[0], b=P(b), t2=tt[1], k=SEC(key, "API_KEY"))
    if r.random() < 0.6:
        d.add("⟨c⟩  ⟨t3⟩\n@⟨h⟩ pls don't paste tokens in #⟨ch⟩ 🙃 rotate it after\n",
              c=P(c), t3=tt[2], h=fold(b.first).lower(), ch=r.choice(["dev-ops", "platform", "eng-general"]))
    d.add("⟨a⟩  ⟨t4⟩\nworks, thanks ⟨bf⟩!", a=P(a, "first"), t4=tt[3], bf=P(b, "first"))
    return "slack_thread", d


def en_email_signature(r: R) -> T:
    p, q = person(r), person(r)
    cc = r.choice(["UK", "US", "IE", "AU", "CA"])
    d = doc("Hi ⟨q⟩,\n\n", q=P(q, "first"))
    d.add(r.choice(["Following up on our call — attached is the revised SOW for the Q3 rollout.",
                    "Can you rewrite this so it sounds less passive-aggressive? We still haven't received the signed NDA.",
                    "Please find the updated invoice below; the PO reference was missing on the first one."]))
    d.add("\n\nBest regards,\n⟨p⟩\n⟨role⟩ | ⟨co⟩\n", p=P(p), role=r.choice(["Senior Account Manager", "Head of Procurement",
                                                                            "Customer Success Lead", "Paralegal"]),
          co=r.choice(COMPANIES))
    if r.random() < 0.7:
        d.add("⟨addr⟩\n", addr=LOC(address(r, cc)))
    d.add("M: ⟨ph⟩\nE: ⟨em⟩", ph=PH(phone(r, "UK" if cc == "IE" else cc)), em=EM(email_for(r, p, corp=True)))
    return "email_signature", d


def en_hr_case(r: R) -> T:
    p, m = person(r), person(r)
    d = doc("⟨mk⟩\n\nHR case note – ⟨date⟩\nEmployee: ⟨p⟩ (ID E-⟨eid⟩)\nManager: ⟨m⟩\n\n",
            mk=mark(r, "en"), date=f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}", p=P(p), eid=r.randint(10000, 99999), m=P(m))
    d.add("⟨pf⟩ disclosed that she/he has been diagnosed with ⟨c⟩ and is currently taking ⟨med⟩. ".replace(
        "she/he", "she" if p.female else "he"), pf=P(p, "first"), c=E(r.choice(CONDITIONS["en"]), "MEDICAL_CONDITION"),
        med=E(r.choice(MEDS[:10]), "MEDICATION"))
    d.add("Requested adjustments: flexible start time, no on-call for 8 weeks. Occupational health referral sent.\n"
          "Please help me draft a sympathetic but neutral reply to ⟨pf⟩.", pf=P(p, "first"))
    return "hr_case_note", d


def en_csv_customers(r: R) -> T:
    cols = r.choice([["id", "name", "email", "phone", "city"], ["customer_id", "full_name", "email", "card_last_used"],
                     ["id", "name", "dob", "ssn", "state"]])
    sep = r.choice([",", ";", "\t"])
    d = doc(sep.join(cols) + "\n")
    for _i in range(r.randint(3, 6)):
        p = person(r)
        cid = str(r.randint(1000, 99999))
        row: list[object] = [cid]
        for c in cols[1:]:
            if c in ("name", "full_name"):
                row.append(P(p) if r.random() < 0.8 else E(f"{p.last}, {p.first}", "PERSON") if sep != "," else P(p))
            elif c == "email":
                row.append(EM(email_for(r, p, corp=False)))
            elif c == "phone":
                row.append(PH(phone(r, "US")))
            elif c == "city":
                cc = r.choice(["US", "UK", "CA"])
                row.append(LOC(city(r, cc)))
            elif c == "card_last_used":
                row.append(E(card(r, "plain"), "CREDIT_CARD"))
            elif c == "dob":
                row.append(E(f"{r.randint(1950, 2003)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "DATE_OF_BIRTH"))
            elif c == "ssn":
                row.append(NID(ssn(r)))
            elif c == "state":
                row.append(r.choice(["OH", "CA", "PA", "TX", "WA"]))
        tpl = sep.join(f"⟨c{j}⟩" for j in range(len(row)))
        d.add(tpl + "\n", **{f"c{j}": v for j, v in enumerate(row)})
    d.add("\nwhy does pandas read this with the wrong dtypes?")
    return "csv_dump", d


def en_sql_insert(r: R) -> T:
    d = doc("-- seed from prod snapshot, anonymise later\nINSERT INTO customers (id, first_name, last_name, email, iban, created_at) VALUES\n")
    rows = []
    for _i in range(r.randint(2, 5)):
        p = person(r)
        rows.append(doc("  (⟨i⟩, '⟨f⟩', '⟨l⟩', '⟨e⟩', '⟨ib⟩', '2025-0⟨m⟩-1⟨dd⟩ 10:⟨mm⟩:00')", i=r.randint(100, 9999),
                        f=E(p.first, "PERSON"), l=E(p.last, "PERSON"), e=EM(email_for(r, p)),
                        ib=E(iban(r, r.choice(["DE", "FR", "NL", "IT", "ES"]), spaced=False), "IBAN_CODE"),
                        m=r.randint(1, 9), dd=r.randint(0, 9), mm=r.randint(10, 59)))
    d.add("⟨x⟩;\n", x=join(rows, ",\n"))
    d.add("ERROR 1062 (23000): Duplicate entry for key 'PRIMARY' — what's wrong?")
    return "sql_insert", d


def en_env_file(r: R) -> T:
    lines = [doc("# .env.production  (do not commit!!)"), doc("NODE_ENV=production"),
             doc("DATABASE_URL=⟨c⟩", c=SEC(conn_string(r), "CONNECTION_STRING"))]
    vk, key = api_key(r, r.choice(["stripe", "sendgrid", "openai", "twilio", "mailgun", "google"]))
    lines.append(doc(f"{vk.upper()}_API_KEY=⟨k⟩", k=SEC(key, "API_KEY")))
    if r.random() < 0.7:
        lines.append(doc("SESSION_SECRET=⟨s⟩", s=SEC(generic_secret(r), "GENERIC_SECRET")))
    if r.random() < 0.5:
        lines.append(doc("SMTP_USER=noreply@⟨dom⟩\nSMTP_PASSWORD=⟨pw⟩", dom="mail.orbitane.com", pw=SEC(password(r), "PASSWORD")))
    lines.append(doc(f"LOG_LEVEL={r.choice(['info', 'warn', 'debug'])}\nPORT={r.choice([3000, 8080, 8000])}"))
    d = join(lines, "\n")
    d.add("\n\nthe app boots locally but crashes on heroku with \"invalid connection\" — any idea?")
    # noreply@mail.orbitane.com is a role mailbox, but it is still an email address
    return "dotenv", relabel_emails(d)


def relabel_emails(d: Doc) -> Doc:
    """Label e-mail addresses that a template wrote as plain text (role mailboxes)."""
    text = d.text
    spans = list(d.spans)
    for m in EMAIL_RE.finditer(text):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        if is_example_mail(m.group()):
            continue
        spans.append((m.start(), m.end(), "EMAIL_ADDRESS"))
    out = Doc()
    out.raw(text)
    out.spans = sorted(spans)
    return out


def is_example_mail(addr: str) -> bool:
    dom = addr.rsplit("@", 1)[1].lower()
    return bool(re.search(r"(^|\.)example\.(com|org|net)$|\.(example|test|invalid|localhost)$", dom))


def en_support_ticket(r: R) -> T:
    p = person(r)
    cc = r.choice(["US", "UK", "CA", "AU"])
    d = doc("Ticket #⟨t⟩ | Priority: High | Channel: web\nFrom: ⟨p⟩ <⟨e⟩>\nSubject: Charged twice for order ⟨o⟩\n\n",
            t=r.randint(100000, 999999), p=P(p), e=EM(email_for(r, p, corp=False)), o=f"ORD-{r.randint(10**6, 10**7)}")
    d.add("Hello, I was charged twice on my card ⟨c⟩ (exp ⟨ex⟩). ", c=E(card(r), "CREDIT_CARD"),
          ex=f"{r.randint(1, 12):02d}/{r.randint(27, 31)}")
    d.add("Shipping address is ⟨a⟩. You can reach me on ⟨ph⟩.\n\n", a=LOC(address(r, cc)), ph=PH(phone(r, cc)))
    d.add("---\nAgent note: summarise and draft a refund reply.")
    return "support_ticket", d


def en_k8s_secret(r: R) -> T:
    vk, key = api_key(r, r.choice(["datadog", "github", "slack", "digitalocean", "shopify", "gitlab"]))
    d = doc("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ⟨n⟩\n  namespace: ⟨ns⟩\ntype: Opaque\nstringData:\n",
            n=r.choice(["payments-api", "worker-env", "ingest-creds"]), ns=r.choice(["prod", "staging", "default"]))
    d.add(f"  {vk.upper()}_TOKEN: \"⟨k⟩\"\n", k=SEC(key, "API_KEY"))
    d.add("  DB_PASSWORD: ⟨pw⟩\n", pw=SEC(password(r), "PASSWORD"))
    if r.random() < 0.5:
        d.add("  JWT_SIGNING_KEY: '⟨s⟩'\n", s=SEC(generic_secret(r), "GENERIC_SECRET"))
    d.add("---\nkubectl apply says \"error converting YAML to JSON\" on line ⟨l⟩, help", l=r.randint(5, 12))
    return "k8s_yaml", d


def en_python_code(r: R) -> T:
    vk, key = api_key(r, r.choice(["openai", "anthropic", "google", "hf", "sendgrid", "twilio", "aws"]))
    d = doc("import requests\nimport os\n\n")
    if vk == "aws":
        d.add("session = boto3.Session(\n    aws_access_key_id=\"⟨k⟩\",\n    aws_secret_access_key=\"⟨s⟩\",\n"
              "    region_name=\"eu-central-1\",\n)\n", k=SEC(key, "API_KEY"), s=SEC(aws_secret(r), "API_KEY"))
    else:
        d.add("API_KEY = \"⟨k⟩\"  # TODO move to env\nheaders = {\"Authorization\": f\"Bearer {API_KEY}\"}\n",
              k=SEC(key, "API_KEY"))
    d.add("\ndef fetch(user_id: int) -> dict:\n    resp = requests.get(f\"{BASE}/users/{user_id}\", headers=headers, timeout=10)\n"
          "    resp.raise_for_status()\n    return resp.json()\n\n# why do I get 401 only in the container?")
    return "python_code", d


def en_pem_paste(r: R) -> T:
    host = public_ipv4(r)
    d = doc("trying to ssh into the bastion at ⟨ip⟩ with this key and it says \"invalid format\":\n\n⟨k⟩\n\n"
            "$ ssh -i ~/.ssh/bastion ec2-user@⟨ip2⟩ -v\n...\ndebug1: Offering public key: /home/⟨u⟩/.ssh/bastion RSA",
            ip=E(host, "IP_ADDRESS"), k=SEC(pem(r), "PRIVATE_KEY"), ip2=E(host, "IP_ADDRESS"),
            u=r.choice(["dev", "ubuntu", "jenkins", "ops"]))
    return "cli_session", d


def en_nginx_log(r: R) -> T:
    d = Doc()
    for _ in range(r.randint(3, 6)):
        ip = public_ipv4(r) if r.random() < 0.7 else private_ip(r)
        t = f"{r.randint(1, 28):02d}/Nov/2026:{r.randint(0, 23):02d}:{r.randint(10, 59)}:{r.randint(10, 59)} +0000"
        path = r.choice(["/api/v2/login", "/healthz", "/static/app.js", "/wp-login.php", "/api/v2/orders?page=2"])
        ipv = E(ip, "IP_ADDRESS") if not ip_is_private(ip) else ip
        d.add("⟨ip⟩ - - [⟨t⟩] \"⟨m⟩ ⟨p⟩ HTTP/1.1\" ⟨s⟩ ⟨b⟩ \"-\" \"⟨ua⟩\"\n", ip=ipv, t=t,
              m=r.choice(["GET", "POST"]), p=path, s=r.choice([200, 200, 401, 404, 499, 502]), b=r.randint(100, 90000),
              ua=r.choice(["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "python-requests/2.32.3", "Go-http-client/2.0"]))
    if not d.spans:
        d.add("⟨ip⟩ - - [02/Dec/2026:11:02:33 +0000] \"POST /api/v2/login HTTP/1.1\" 429 0 \"-\" \"curl/8.5.0\"\n",
              ip=E(public_ipv4(r), "IP_ADDRESS"))
    d.add("\nis this a brute force attempt? which IPs should I block?")
    return "access_log", d


def ip_is_private(ip: str) -> bool:
    if ":" in ip:
        return ip.startswith(("2001:db8", "fe80", "::1"))
    a, b = (int(x) for x in ip.split(".")[:2])
    return (a in (0, 10, 127) or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168) or (a == 169 and b == 254)
            or (a == 100 and 64 <= b <= 127) or ip.startswith(("192.0.2.", "198.51.100.", "203.0.113.")) or a >= 224)


def en_meeting_transcript(r: R) -> T:
    a, b, c = person(r), person(r), person(r)
    cc = r.choice(["UK", "US"])
    d = doc("[00:0⟨m1⟩:1⟨s1⟩] ⟨a⟩: okay, next item is the relocation package for ⟨cf⟩.\n",
            m1=r.randint(0, 2), s1=r.randint(0, 9), a=P(a), cf=P(c))
    d.add("[00:0⟨m2⟩:0⟨s2⟩] ⟨b⟩: yes so ⟨c⟩ is moving from ⟨x⟩ to our ⟨y⟩ office, start date first of March.\n",
          m2=r.randint(4, 6), s2=r.randint(0, 9), b=P(b), c=P(c, "first"), x=LOC(city(r, cc)), y=LOC(city(r, "DE")))
    d.add("[00:1⟨m3⟩:4⟨s3⟩] ⟨a⟩: and the bank details for the allowance?\n", m3=r.randint(1, 4), s3=r.randint(0, 9),
          a=P(a, "first"))
    d.add("[00:1⟨m4⟩:5⟨s4⟩] ⟨b⟩: she sent them, IBAN ⟨ib⟩, I'll forward to payroll.\n"
          "Please turn this transcript into action items.", m4=r.randint(5, 9), s4=r.randint(0, 9), b=P(b, "first"),
          ib=E(iban(r, "DE"), "IBAN_CODE"))
    return "meeting_transcript", d


def en_json_api(r: R) -> T:
    p = person(r)
    cc = r.choice(["US", "UK"])
    body = doc('{\n  "user": {\n    "id": ⟨i⟩,\n    "name": "⟨n⟩",\n    "email": "⟨e⟩",\n    "phone": "⟨ph⟩",\n',
               i=r.randint(1000, 999999), n=P(p), e=EM(email_for(r, p)), ph=PH(phone(r, cc)))
    if r.random() < 0.5:
        body.add('    "date_of_birth": "⟨d⟩",\n', d=E(f"{r.randint(1955, 2004)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "DATE_OF_BIRTH"))
    body.add('    "last_login_ip": "⟨ip⟩",\n    "device_mac": "⟨mac⟩"\n  },\n  "session": "⟨tok⟩"\n}',
             ip=E(public_ipv6(r) if r.random() < 0.3 else public_ipv4(r), "IP_ADDRESS"), mac=E(mac(r), "MAC_ADDRESS"),
             tok=SEC(jwt(r), "JWT"))
    d = doc("Generate a TypeScript interface for this response:\n```json\n⟨b⟩\n```", b=body)
    return "json_payload", d


def en_payroll_tsv(r: R) -> T:
    d = doc("⟨mk⟩ — payroll export ⟨mo⟩ 2026\nEmployee\tNINO\tSort code\tAccount\tNet pay\n",
            mk=mark(r, "en"), mo=r.choice(MONTHS["en"]))
    for _ in range(r.randint(2, 5)):
        p = person(r)
        d.add("⟨n⟩\t⟨ni⟩\t⟨sc⟩\t⟨ac⟩\t£⟨pay⟩\n", n=P(p, r.choice(["full", "lastfirst"])), ni=NID(nino(r)),
              sc=E(sort_code(r), "BANK_ACCOUNT"), ac=E(acct(r, 8), "BANK_ACCOUNT"),
              pay=f"{r.randint(1800, 6500):,}.{r.randint(0, 99):02d}")
    d.add("Can you total the net pay column?")
    return "payroll_tsv", d


def en_us_bank_form(r: R) -> T:
    p = person(r)
    d = doc("DIRECT DEPOSIT AUTHORIZATION\nEmployee name: ⟨p⟩\nSSN: ⟨s⟩\nAddress: ⟨a⟩\nBank: ⟨bank⟩\n"
            "Routing number: ⟨rt⟩\nAccount number: ⟨ac⟩   [x] Checking  [ ] Savings\n",
            p=P(p), s=NID(ssn(r)), a=LOC(address(r, "US", multiline=r.random() < 0.3)),
            bank=r.choice(["First Prairie Credit Union", "Lakeshore Savings Bank", "Summit Federal"]),
            rt=E(aba(r), "BANK_ACCOUNT"), ac=E(acct(r, r.choice([10, 12])), "BANK_ACCOUNT"))
    d.add("Signature: ______  Date: 11/⟨dd⟩/2026\n\nOCR'd this from a scan, please fix the formatting.", dd=r.randint(10, 28))
    return "form_ocr", d


def en_git_config(r: R) -> T:
    vk, key = api_key(r, r.choice(["github", "gitlab", "github_pat"]))
    user = r.choice(["ci-bot", "deploy", "build"])
    host = "github.com" if vk != "gitlab" else "gitlab.com"
    d = doc("$ cat .git/config\n[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n[remote \"origin\"]\n"
            "\turl = https://⟨u⟩:⟨k⟩@⟨h⟩/⟨org⟩/⟨repo⟩.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
            "[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n$ git push\nremote: Permission denied",
            u=user, k=SEC(key, "API_KEY"), h=host, org=r.choice(["orbitane", "quantrel-eng", "lumenpay"]),
            repo=r.choice(["billing-svc", "infra", "web"]))
    return "cli_history", d


def en_crypto_chat(r: R) -> T:
    tt = clock(r, 3)
    a, b = person(r), person(r)
    d = doc("WhatsApp export\n[⟨d⟩, ⟨t1⟩] ⟨a⟩: send the 0.15 to my cold wallet pls ⟨w⟩\n"
            "[⟨d⟩, ⟨t2⟩] ⟨b⟩: done, tx should confirm in ~20 min\n[⟨d⟩, ⟨t3⟩] ⟨a⟩: 👍 ",
            d=f"{r.randint(1, 28)}/{r.randint(1, 11)}/26", t1=tt[0], t2=tt[1], t3=tt[2], a=P(a, r.choice(["full", "first"])),
            w=E(crypto(r), "CRYPTO"), b=P(b, r.choice(["full", "first"])))
    d.add("\nTranslate this chat to German for the compliance file.")
    return "whatsapp_export", d


def en_medical_letter(r: R) -> T:
    p, doctor = person(r), person(r)
    cc = r.choice(["UK", "IE"])
    d = doc("⟨mk⟩\n⟨clinic⟩\nDischarge summary\n\nPatient: ⟨p⟩   DOB: ⟨dob⟩   Hospital no: ⟨mrn⟩\n",
            mk=mark(r, "en"), clinic=r.choice(["Riverside Community Hospital", "St Columba's Clinic", "Northgate Medical Centre"]),
            p=P(p, r.choice(["full", "upper"])), dob=E(dob(r), "DATE_OF_BIRTH"), mrn=E(mrn(r), "MEDICAL_RECORD_NUMBER"))
    if cc == "UK":
        d.add("NHS number: ⟨nhs⟩\n", nhs=NID(nhs_number(r)))
    d.add("Address: ⟨a⟩\n\nDiagnosis: ⟨c⟩. Discharged on ⟨m1⟩ and ⟨m2⟩. Follow-up in 6 weeks.\n\nDr ⟨doc⟩, Consultant\n\n"
          "Rewrite this in plain English for the patient.", a=LOC(address(r, cc)), c=E(r.choice(CONDITIONS["en"]), "MEDICAL_CONDITION"),
          m1=E(r.choice(MEDS[:10]), "MEDICATION"), m2=E(r.choice(MEDS[10:20]), "MEDICATION"), doc=P(doctor))
    return "medical_letter", d


def nhs_number(r: R) -> str:
    while True:
        d = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(8)]
        chk = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1), strict=False)) % 11
        if chk == 11:
            chk = 0
        if chk != 10:
            v = "".join(map(str, [*d, chk]))
            return f"{v[:3]} {v[3:6]} {v[6:]}"


def en_mail_thread(r: R) -> T:
    a, b = person(r), person(r)
    ea, eb = email_for(r, a, corp=True), email_for(r, b, corp=True)
    d = doc("From: ⟨a⟩ <⟨ea⟩>\nTo: ⟨b⟩ <⟨eb⟩>\nDate: Tue, ⟨dd⟩ Nov 2026 09:1⟨m⟩\nSubject: RE: vendor portal access\n\n",
            a=P(a), ea=EM(ea), b=P(b), eb=EM(eb), dd=r.randint(1, 28), m=r.randint(0, 9))
    d.add("⟨bf⟩, the login for the supplier portal is ⟨u⟩ / ⟨pw⟩ — please change it after first use.\n\n"
          "> On Mon, ⟨b⟩ wrote:\n> Could you send me the portal credentials? Vendor call is at 3.\n\n"
          "summarise this thread in one sentence", bf=P(b, "first"), u=fold(b.first).lower() + "." + fold(b.last).lower().replace(" ", ""),
          pw=SEC(password(r), "PASSWORD"), b=P(b))
    return "email_thread", d


def en_jira_markup(r: R) -> T:
    rep = person(r)
    d = doc("h2. Bug: payment webhook rejected\n*Reporter:* [~⟨h⟩] ⟨rp⟩\n*Environment:* prod-eu\n\n"
            "h3. Steps\n# Trigger checkout with card ⟨c⟩\n# Webhook fires to {{/hooks/stripe}}\n"
            "# Signature check fails with secret {{⟨s⟩}}\n\n{code}\nstripe.error.SignatureVerificationError\n{code}\n"
            "Customer IP: ⟨ip⟩",
            h=fold(rep.first).lower() + fold(rep.last[0]).lower(), rp=P(rep), c=E(card(r, "plain"), "CREDIT_CARD"),
            s=SEC("whsec_" + rs(r, ALNUM, 32), "GENERIC_SECRET"), ip=E(public_ipv4(r), "IP_ADDRESS"))
    return "jira_wiki_markup", d


def en_xml_export(r: R) -> T:
    d = doc("<?xml version=\"1.0\"?>\n<Policyholders>\n")
    for _ in range(r.randint(2, 4)):
        p = person(r)
        d.add("  <Policyholder id=\"⟨i⟩\">\n    <Name>⟨n⟩</Name>\n    <SIN>⟨s⟩</SIN>\n    <Address>⟨a⟩</Address>\n"
              "    <Email>⟨e⟩</Email>\n  </Policyholder>\n", i=r.randint(10000, 99999), n=P(p), s=NID(sin_ca(r)),
              a=LOC(address(r, "CA")), e=EM(email_for(r, p, corp=False)))
    d.add("</Policyholders>\nwrite an XSLT that converts this to CSV")
    return "xml_export", d


def en_aus_onboarding(r: R) -> T:
    p = person(r)
    d = doc("New starter checklist – ⟨p⟩\n- [x] TFN declaration received (TFN ⟨t⟩)\n- [x] Super fund: AustralianSuper\n"
            "- [ ] Bank: BSB ⟨bsb⟩ Acc ⟨ac⟩\n- [ ] Emergency contact: ⟨q⟩, ⟨ph⟩\n- [ ] Home address: ⟨a⟩\n",
            p=P(p), t=NID(tfn(r)), bsb=E(f"0{r.randint(10, 99)}-{r.randint(100, 999)}", "BANK_ACCOUNT"),
            ac=E(acct(r, 8), "BANK_ACCOUNT"), q=P(person(r)), ph=PH(phone(r, "AU")), a=LOC(address(r, "AU")))
    d.add("Turn this into a friendly welcome email.")
    return "markdown_checklist", d


def en_passport_booking(r: R) -> T:
    p = person(r)
    d = doc("Travel booking request\nTraveller: ⟨p⟩\nDate of birth: ⟨dob⟩\nPassport no.: ⟨pp⟩ (expires 2031)\n"
            "Mobile: ⟨ph⟩\nFrequent flyer: LH ⟨ff⟩\nRoute: FRA → SFO, 14 Jan, return 21 Jan\n\nplease write this as a "
            "polite request to the travel agency", p=P(p, r.choice(["full", "upper"])), dob=E(dob(r), "DATE_OF_BIRTH"),
            pp=NID(passport(r, r.choice(["US", "DE", "FR", "IT", "ES"]))), ph=PH(phone(r, r.choice(["US", "UK", "DE"]))),
            ff=nonluhn_digits(r, 9))
    return "travel_form", d


def en_terraform(r: R) -> T:
    d = doc("provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"⟨k⟩\"\n  secret_key = \"⟨s⟩\"\n}\n\n"
            "resource \"aws_db_instance\" \"main\" {\n  engine   = \"postgres\"\n  username = \"dbadmin\"\n"
            "  password = \"⟨pw⟩\"\n}\n\nresource \"aws_security_group_rule\" \"office\" {\n  cidr_blocks = [\"⟨ip⟩/32\"]\n}\n"
            "terraform plan gives 'InvalidClientTokenId', what am I missing?",
            k=SEC(api_key(r, "aws")[1], "API_KEY"), s=SEC(aws_secret(r), "API_KEY"), pw=SEC(password(r), "PASSWORD"),
            ip=E(public_ipv4(r), "IP_ADDRESS"))
    return "terraform", d


def en_dhcp_log(r: R) -> T:
    d = Doc()
    for _ in range(r.randint(3, 5)):
        d.add("⟨t⟩ dhcpd[⟨pid⟩]: DHCPACK on ⟨ip⟩ to ⟨m⟩ (⟨h⟩) via eth0\n", t=f"Nov {r.randint(1, 28)} {hhmm(r)}:{r.randint(10, 59)}",
              pid=r.randint(1000, 9999), ip=f"10.20.{r.randint(0, 9)}.{r.randint(2, 250)}", m=E(mac(r).replace("-", ":").lower() if "." not in mac(r) else mac(r), "MAC_ADDRESS"),
              h=r.choice(["LT-FIN-022", "iPhone", "printer-3og", "MBP-dev", "android-7f3a"]))
    d.add("which device keeps getting new leases?")
    return "syslog", d


def en_chat_personal(r: R) -> T:
    p, q = person(r), person(r)
    cc = r.choice(["US", "UK"])
    d = doc("Can you help me write a message to my landlord? Context: I'm ⟨p⟩, I live at ⟨a⟩, "
            "and the heating has been broken for 2 weeks. My landlord is ⟨q⟩ (⟨ph⟩). I already emailed "
            "⟨e⟩ twice. I have ⟨c⟩ so the cold is making it worse.",
            p=P(p), a=LOC(address(r, cc)), q=P(q), ph=PH(phone(r, cc)), e=EM(email_for(r, q, corp=False)),
            c=E(r.choice(["asthma", "rheumatoid arthritis", "COPD", "Raynaud's disease"]), "MEDICAL_CONDITION"))
    return "chat_prompt", d


def en_docker_compose(r: R) -> T:
    d = doc("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n"
            "      POSTGRES_PASSWORD: ⟨pw⟩\n  api:\n    build: .\n    environment:\n      - DATABASE_URL=⟨c⟩\n"
            "      - SENTRY_ENVIRONMENT=prod-⟨n⟩\n      - REDIS_URL=redis://cache:6379\n"
            "    ports:\n      - \"8080:8080\"\n\nThe api container can't reach db, what's wrong?",
            pw=SEC(password(r), "PASSWORD"), c=SEC(conn_string(r), "CONNECTION_STRING"), n=r.choice(["eu", "us", "blue", "green"]))
    return "docker_compose", d


def en_invoice(r: R) -> T:
    p = person(r)
    cc = r.choice(["UK", "DE", "NL", "IE"])
    d = doc("INVOICE  INV-2026-⟨n⟩\nBill to:\n⟨p⟩\n⟨a⟩\n\nConsulting services, November 2026 ........ €⟨amt⟩\n"
            "VAT (reverse charge) ........ €0.00\n\nPlease pay to: ⟨co⟩\nIBAN: ⟨ib⟩   BIC: ⟨bic⟩\n"
            "Questions: ⟨e⟩\n\nCheck my invoice for mistakes.",
            n=r.randint(100, 999), p=P(p), a=LOC(address(r, cc, multiline=True)), amt=f"{r.randint(1000, 9000):,}.00",
            co=r.choice(COMPANIES), ib=E(iban(r, {"UK": "GB", "DE": "DE", "NL": "NL", "IE": "IE"}[cc]), "IBAN_CODE"),
            bic=r.choice(["COBADEFFXXX", "INGBNL2A", "BOFIIE2D", "NWBKGB2L"]), e=EM(email_for(r, person(r), corp=True)))
    return "invoice", d


def en_interview_notes(r: R) -> T:
    cands = [person(r) for _ in range(r.randint(2, 4))]
    d = doc("## Interview debrief – Backend Engineer\n\n| Candidate | Location | Score | Notes |\n|---|---|---|---|\n")
    for c in cands:
        cc = r.choice(["UK", "DE", "FR", "ES", "IT", "IN", "NL"])
        d.add("| ⟨n⟩ | ⟨loc⟩ | ⟨s⟩/5 | ⟨note⟩ |\n", n=P(c), loc=LOC(city(r, cc)), s=r.randint(1, 5),
              note=r.choice(["strong on system design", "needs visa sponsorship", "weak SQL", "great culture add",
                             "asked about parental leave"]))
    d.add("\nwrite a rejection email template for the ones below 3")
    return "markdown_table", d


def en_bash_history(r: R) -> T:
    d = doc("  501  cd ~/projects/⟨p⟩\n  502  export GITHUB_TOKEN=⟨k⟩\n  503  gh repo clone orbitane/⟨p⟩\n"
            "  504  psql \"⟨c⟩\" -c '\\dt'\n  505  curl -H \"Authorization: Bearer ⟨j⟩\" https://api.orbitane.com/v1/me\n"
            "  506  ssh deploy@⟨ip⟩\n  507  history | tail\n\nwhich of these commands leak secrets into my history?",
            p=r.choice(["billing", "infra", "etl"]), k=SEC(api_key(r, "github")[1], "API_KEY"),
            c=SEC(conn_string(r), "CONNECTION_STRING"), j=SEC(jwt(r), "JWT"), ip=E(public_ipv4(r), "IP_ADDRESS"))
    return "bash_history", d


def en_legal_nda(r: R) -> T:
    a, b = person(r), person(r)
    cc = r.choice(["UK", "US"])
    d = doc("⟨mk⟩\n\nMUTUAL NON-DISCLOSURE AGREEMENT\n\nThis Agreement is made between ⟨co⟩ (\"Company\") and ⟨p⟩, "
            "residing at ⟨a⟩ (\"Contractor\").\n\n1. Confidential Information means ...\n\nSigned: ⟨q⟩, General Counsel\n\n"
            "Is clause 1 enforceable as written?",
            mk=mark(r, "en"), co=r.choice(COMPANIES), p=P(a), a=LOC(address(r, cc)), q=P(b))
    return "legal_contract", d


def en_teams_credentials(r: R) -> T:
    a, b = person(r), person(r)
    d = doc("⟨a⟩ 10:⟨m⟩ AM\nwifi for the offsite: SSID Orbitane-Guest, pw ⟨pw⟩\n⟨b⟩ 10:⟨m2⟩ AM\nthanks! also what's the "
            "grafana admin login?\n⟨a⟩ 10:⟨m3⟩ AM\nadmin / ⟨pw2⟩ (I'll rotate monday)",
            a=P(a), m=r.randint(10, 29), pw=SEC(password(r), "PASSWORD"), b=P(b), m2=r.randint(30, 39),
            m3=r.randint(40, 59), pw2=SEC(password(r), "PASSWORD"))
    return "teams_chat", d


def en_phone_list(r: R) -> T:
    d = doc("On-call rota (Dec)\n")
    for w in range(1, r.randint(3, 5)):
        p = person(r)
        cc = r.choice(["UK", "US", "IN", "DE"])
        d.add("Week ⟨w⟩: ⟨p⟩ – ⟨ph⟩\n", w=w, p=P(p), ph=PH(phone(r, cc)))
    d.add("Format as a table and add a column for timezone.")
    return "plain_list", d


def en_crm_note(r: R) -> T:
    p = person(r)
    cc = r.choice(["US", "UK", "CA"])
    d = doc("Call log ⟨d⟩ – spoke with ⟨p⟩ re: overdue balance. Customer lives in ⟨c⟩, recently lost job, "
            "asked for payment plan. Verified identity with last 4 of SSN and DOB ⟨dob⟩. Card on file ⟨cardv⟩. "
            "Callback ⟨ph⟩ after 5pm.",
            d=f"{r.randint(1, 12)}/{r.randint(1, 28)}", p=P(p), c=LOC(city(r, cc)), dob=E(dob(r), "DATE_OF_BIRTH"),
            cardv=E(card(r), "CREDIT_CARD"), ph=PH(phone(r, cc)))
    return "crm_note", d


def en_sso_cookie(r: R) -> T:
    d = doc("GET /dashboard HTTP/2\nHost: app.orbitane.com\nUser-Agent: Mozilla/5.0\nCookie: _ga=GA1.2.⟨ga⟩; sessionid=⟨s⟩; "
            "csrftoken=⟨c⟩\nX-Forwarded-For: ⟨ip⟩\n\nwhy does the server return 302 to /login?",
            ga=f"{r.randint(10**8, 10**9)}.{r.randint(10**9, 2 * 10**9)}",
            s=SEC(rs(r, string.ascii_lowercase + string.digits, 32), "GENERIC_SECRET"), c=rs(r, ALNUM, 32),
            ip=E(public_ipv4(r), "IP_ADDRESS"))
    return "http_request", d


def en_incident(r: R) -> T:
    p = person(r)
    ip6 = public_ipv6(r)
    d = doc("⟨mk⟩\nINCIDENT REPORT IR-⟨n⟩\nSummary: credential stuffing against customer accounts from ⟨ip⟩ and ⟨ip6⟩.\n"
            "Affected account: ⟨e⟩ (customer ⟨p⟩, ⟨c⟩).\nAttacker wallet in ransom note: ⟨w⟩\n\nDraft the exec summary.",
            mk=mark(r, "en"), n=r.randint(100, 999), ip=E(public_ipv4(r), "IP_ADDRESS"), ip6=E(ip6, "IP_ADDRESS"),
            e=EM(email_for(r, p, corp=False)), p=P(p), c=LOC(r.choice(REGIONS[:11])), w=E(crypto(r), "CRYPTO"))
    return "incident_report", d


def en_webhook_config(r: R) -> T:
    vk, url = api_key(r, r.choice(["slack_webhook", "discord_webhook", "telegram"]))
    d = doc("alerting:\n  receivers:\n    - name: ops\n      ⟨k⟩: '⟨u⟩'\n      send_resolved: true\n",
            k="bot_token" if vk == "telegram" else "webhook_url", u=SEC(url, "API_KEY"))
    d.add("  inhibit_rules: []\n\nalertmanager ignores the receiver, is the indentation wrong?")
    return "alertmanager_yaml", d


def en_ops_jwt(r: R) -> T:
    p = person(r)
    token = jwt(r)
    d = doc("decode this token and tell me why ⟨pf⟩'s request fails:\n\n⟨j⟩\n\nresponse: {\"error\":\"token_expired\"}",
            pf=P(p, "first"), j=SEC(token, "JWT"))
    return "chat_prompt", d


def en_medical_chat(r: R) -> T:
    p = person(r)
    d = doc("my colleague ⟨p⟩ asked me to cover her patients today. Bed 4: ⟨q⟩, MRN ⟨m⟩, ⟨c⟩, on ⟨med⟩ "
            "twice daily. Can you make me a handover checklist?", p=P(p), q=P(person(r)),
            m=E(mrn(r), "MEDICAL_RECORD_NUMBER"), c=E(r.choice(CONDITIONS["en"]), "MEDICAL_CONDITION"),
            med=E(r.choice(MEDS[:10]), "MEDICATION"))
    return "chat_prompt", d


# ---- German positives -------------------------------------------------------


def de_bewerbung(r: R) -> T:
    p = person(r, "de")
    d = doc("Lebenslauf\n\n⟨p⟩\n⟨a⟩\nTel.: ⟨ph⟩ · E-Mail: ⟨e⟩\ngeb. am ⟨dob⟩ in ⟨gc⟩\n\nBERUFSERFAHRUNG\n"
            "2019–heute  Sachbearbeiterin Lohnbuchhaltung, ⟨co⟩\n\nKannst du meinen Lebenslauf professioneller formulieren?",
            p=P(p), a=LOC(address(r, r.choice(["DE", "DE", "AT", "CH"]), multiline=True)), ph=PH(phone(r, "DE")),
            e=EM(email_for(r, p, "de", corp=False)), dob=E(dob(r, "de"), "DATE_OF_BIRTH"), gc=LOC(city(r, "DE")),
            co=r.choice(COMPANIES))
    return "cv", d


def de_lohn(r: R) -> T:
    p = person(r, "de")
    d = doc("⟨mk⟩\nPersonalstammblatt\nName, Vorname: ⟨n⟩\nSteuer-ID: ⟨s⟩\nSozialversicherungsnr.: ⟨sv⟩\n"
            "Bankverbindung: ⟨ib⟩ (⟨bank⟩)\nKonfession: rk   Steuerklasse: ⟨k⟩\nAnschrift: ⟨a⟩\n\n"
            "Bitte prüfe, ob alle Pflichtfelder für die Anmeldung bei der Krankenkasse vorhanden sind.",
            mk=mark(r, "de"), n=P(p, "lastfirst"), s=NID(steuer_id(r)),
            sv=NID(rvnr(r, p)),
            ib=E(iban(r, "DE"), "IBAN_CODE"), bank=r.choice(["Sparkasse", "Volksbank", "Commerzbank"]), k=r.randint(1, 5),
            a=LOC(address(r, "DE")))
    return "hr_form", d


def de_krank(r: R) -> T:
    p, q = person(r, "de"), person(r, "de")
    d = doc("Hallo ⟨q⟩,\n\nkurze Info: ⟨p⟩ ist ab heute für voraussichtlich drei Wochen krankgeschrieben "
            "(⟨c⟩, sie bekommt jetzt ⟨m⟩). Bitte behandelt das vertraulich.\nIhre Vertretung übernimmt ⟨r2⟩.\n\n"
            "Viele Grüße\n⟨s⟩\n\n-- Formuliere das bitte etwas diplomatischer.",
            q=P(q, "first"), p=P(p), c=E(r.choice(CONDITIONS["de"]), "MEDICAL_CONDITION"),
            m=E(r.choice(["Ramipril", "Venlafaxin", "Pantoprazol", "Levetiracetam", "Ibuprofen 800"]), "MEDICATION"),
            r2=P(person(r, "de")), s=P(person(r, "de"), "first"))
    return "email", d


def de_config(r: R) -> T:
    d = doc("# application-prod.properties\nspring.datasource.url=⟨c⟩\nspring.datasource.password=⟨pw⟩\n"
            "mail.smtp.host=smtp.kessler-bau.de\napp.slack.token=⟨k⟩\n\nWarum startet die Anwendung nicht? "
            "Fehler: \"Access denied for user\"",
            c=SEC(conn_string(r), "CONNECTION_STRING"), pw=SEC(password(r), "PASSWORD"),
            k=SEC(api_key(r, "slack")[1], "API_KEY"))
    return "properties_file", d


def de_kunden(r: R) -> T:
    d = doc("Kundennr;Name;Straße;PLZ Ort;Telefon;IBAN\n")
    for _ in range(r.randint(2, 4)):
        p = person(r, "de")
        st, no = r.choice(STREETS["DE"]), r.randint(1, 120)
        c = city(r, "DE")
        d.add("⟨kn⟩;⟨n⟩;⟨a⟩;⟨ph⟩;⟨ib⟩\n", kn=nonluhn_digits(r, 7), n=P(p),
              a=LOC(f"{st} {no};{r.randint(10000, 99999)} {c}"), ph=PH(phone(r, "DE")), ib=E(iban(r, "DE", spaced=False), "IBAN_CODE"))
    d.add("\nWie importiere ich diese CSV in Excel, ohne dass die IBAN kaputt geht?")
    return "csv_dump", d


def de_teams(r: R) -> T:
    tt = clock(r, 4)
    a, b = person(r, "de"), person(r, "de")
    d = doc("[⟨t⟩] ⟨a⟩: Kannst du mir nochmal das VPN-Passwort schicken?\n[⟨t2⟩] ⟨b⟩: klar: ⟨pw⟩\n"
            "[⟨t3⟩] ⟨b⟩: und der Router im Büro ist ⟨ip⟩, MAC ⟨m⟩\n[⟨t4⟩] ⟨a⟩: danke ⟨bf⟩!\n\nFasse den Chat zusammen.",
            t=tt[0], a=P(a), t2=tt[1], b=P(b), pw=SEC(password(r), "PASSWORD"), t3=tt[2],
            ip=E(public_ipv4(r), "IP_ADDRESS"), m=E(mac(r), "MAC_ADDRESS"), t4=tt[3], bf=P(b, "first"))
    return "teams_chat", d


def de_mahnung(r: R) -> T:
    p = person(r, "de")
    d = doc("⟨co⟩ · Postfach 12 04 · 90002 Nürnberg\n\n⟨anrede⟩\n⟨p⟩\n⟨a⟩\n\nZahlungserinnerung – Rechnung Nr. RE-2026-⟨n⟩\n\n"
            "Sehr geehrte⟨suf⟩ ⟨anrede2⟩ ⟨l⟩,\nleider konnten wir bis heute keinen Zahlungseingang feststellen. "
            "Bitte überweisen Sie den Betrag von ⟨betr⟩ € auf unser Konto ⟨ib⟩.\n\nKannst du den Ton freundlicher machen?",
            co=r.choice(["Kessler Bau AG", "Nordwind Logistik GmbH"]), anrede="Frau" if p.female else "Herrn",
            p=P(p), a=LOC(address(r, "DE", multiline=True)), n=r.randint(1000, 9999), suf="" if p.female else "r",
            anrede2="Frau" if p.female else "Herr", l=E(p.last, "PERSON"), betr=f"{r.randint(100, 4000)},{r.randint(0, 99):02d}",
            ib=E(iban(r, "DE"), "IBAN_CODE"))
    # "Nürnberg" in the sender line is a place in the pool; label it (company postal address).
    return "letter", _label_sender(d, "90002 Nürnberg", "Postfach 12 04 · 90002 Nürnberg")


def _label_sender(d: Doc, probe: str, whole: str) -> Doc:
    text = d.text
    i = text.find(whole)
    assert i >= 0, probe
    out = Doc()
    out.raw(text)
    out.spans = sorted([*d.spans, (i, i + len(whole), "LOCATION")])
    return out


def de_ausweis(r: R) -> T:
    p = person(r, "de")
    d = doc("Kopie Personalausweis (OCR):\nNAME ⟨l⟩\nVORNAMEN ⟨f⟩\nGEBURTSTAG ⟨dob⟩\nGEBURTSORT ⟨gc⟩\n"
            "AUSWEISNUMMER ⟨nr⟩\n\nBitte extrahiere die Felder als JSON.",
            l=E(p.last.upper(), "PERSON"), f=E(p.first.upper(), "PERSON"), dob=E(dob(r, "de")[:10] if False else f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(1955, 2004)}", "DATE_OF_BIRTH"),
            gc=LOC(city(r, "DE").upper()), nr=NID(passport(r, "DE")))
    return "id_scan_ocr", d


# ---- French positives --------------------------------------------------------


def fr_courrier(r: R) -> T:
    p = person(r, "fr")
    d = doc("⟨civ⟩ ⟨p⟩\n⟨a⟩\n\nObjet : résiliation de mon contrat n° ⟨n⟩\n\nMadame, Monsieur,\n"
            "Je vous prie de bien vouloir résilier mon abonnement. Mon RIB pour le remboursement : ⟨ib⟩.\n"
            "Vous pouvez me joindre au ⟨ph⟩.\n\nPeux-tu corriger les fautes ?",
            civ="Mme" if p.female else "M.", p=P(p, r.choice(["full", "upper"])),
            a=LOC(address(r, r.choice(["FR", "FR", "BE"]), multiline=True)), n=nonluhn_digits(r, 9),
            ib=E(iban(r, "FR"), "IBAN_CODE"), ph=PH(phone(r, "FR")))
    return "letter", d


def fr_secu(r: R) -> T:
    p = person(r, "fr")
    d = doc("⟨mk⟩\nDossier salarié – ⟨p⟩\nN° de sécurité sociale : ⟨nir⟩\nNé⟨e⟩ le ⟨dob⟩ à ⟨lieu⟩\n"
            "Mutuelle : oui · Arrêt maladie en cours (⟨c⟩)\nTraitement : ⟨m⟩\n\nRésume ce dossier pour le médecin du travail.",
            mk=mark(r, "fr"), p=P(p), nir=NID(nir(r, p.female)), e="e" if p.female else "", dob=E(dob(r, "fr"), "DATE_OF_BIRTH"),
            lieu=LOC(city(r, "FR")), c=E(r.choice(CONDITIONS["fr"]), "MEDICAL_CONDITION"),
            m=E(r.choice(["lévothyrox", "Doliprane", "sertraline", "Humira"]), "MEDICATION"))
    return "hr_form", d


def fr_slack(r: R) -> T:
    tt = clock(r, 3)
    a, b = person(r, "fr"), person(r, "fr")
    d = doc("⟨a⟩ — ⟨t⟩\nquelqu'un a la clé API de prod ? la mienne est révoquée\n⟨b⟩ — ⟨t2⟩\ntiens : ⟨k⟩\n"
            "⟨a⟩ — ⟨t3⟩\nmerci ⟨bf⟩ 🙏\n\nTraduis cette conversation en anglais.",
            a=P(a), t=tt[0], b=P(b), t2=tt[1], k=SEC(api_key(r)[1], "API_KEY"), t3=tt[2], bf=P(b, "first"))
    return "slack_thread", d


def fr_facture(r: R) -> T:
    p = person(r, "fr")
    d = doc("FACTURE N° F-⟨n⟩\nClient : ⟨p⟩, ⟨a⟩\nCourriel : ⟨e⟩\nMontant TTC : ⟨m⟩ €\nRèglement par carte ⟨c⟩\n"
            "TVA intracom. : FR⟨tva⟩\n\nVérifie le calcul de la TVA.",
            n=r.randint(10000, 99999), p=P(p), a=LOC(address(r, "FR")), e=EM(email_for(r, p, "fr", corp=False)),
            m=f"{r.randint(100, 5000)},{r.randint(0, 99):02d}", c=E(card(r), "CREDIT_CARD"), tva=nonluhn_digits(r, 11))
    return "invoice", d


def fr_ssh(r: R) -> T:
    d = doc("Bonjour, je n'arrive pas à me connecter au serveur ⟨ip⟩ avec cette clé, j'ai « Permission denied (publickey) » :\n\n"
            "⟨k⟩\n\nl'utilisateur est deploy. Une idée ?", ip=E(public_ipv4(r), "IP_ADDRESS"), k=SEC(pem(r), "PRIVATE_KEY"))
    return "chat_prompt", d


def fr_crm(r: R) -> T:
    p = person(r, "fr")
    d = doc("Compte rendu d'appel – ⟨p⟩ (client depuis 2019) habite désormais à ⟨c⟩. Demande de changement de coordonnées : "
            "nouveau portable ⟨ph⟩, nouvelle adresse e-mail ⟨e⟩. Pièce d'identité : passeport ⟨pp⟩.\n\nRédige un e-mail de confirmation.",
            p=P(p), c=LOC(city(r, "FR")), ph=PH(phone(r, "FR")), e=EM(email_for(r, p, "fr", corp=False)),
            pp=NID(passport(r, "FR")))
    return "crm_note", d


# ---- Spanish positives -------------------------------------------------------


def es_nomina(r: R) -> T:
    p = person(r, "es")
    d = doc("⟨mk⟩\nNÓMINA – ⟨mes⟩ 2026\nTrabajador: ⟨p⟩\nDNI: ⟨dni⟩   Nº afiliación SS: ⟨ss⟩\nDomicilio: ⟨a⟩\n"
            "Cuenta abono: ⟨ib⟩\nLíquido a percibir: ⟨imp⟩ €\n\n¿Está bien calculada la retención del IRPF?",
            mk=mark(r, "es"), mes=r.choice(MONTHS["es"]).upper(), p=P(p), dni=NID(dni(r)),
            ss=NID(nss_es(r)),
            a=LOC(address(r, "ES")), ib=E(iban(r, "ES"), "IBAN_CODE"), imp=f"{r.randint(1100, 3900)},{r.randint(0, 99):02d}")
    return "payslip", d


def es_whatsapp(r: R) -> T:
    tt = clock(r, 4)
    a, b = person(r, "es"), person(r, "es")
    d = doc("[⟨d⟩ ⟨t⟩] ⟨a⟩: oye, pásame el NIE de tu hermano para el contrato\n[⟨d⟩ ⟨t2⟩] ⟨b⟩: ⟨nie⟩\n"
            "[⟨d⟩ ⟨t3⟩] ⟨b⟩: y su móvil es ⟨ph⟩\n[⟨d⟩ ⟨t4⟩] ⟨a⟩: gracias ⟨bf⟩\n\nResume la conversación.",
            d=f"{r.randint(1, 28)}/{r.randint(1, 11)}/26", t=tt[0], a=P(a, r.choice(["full", "first"])), t2=tt[1],
            b=P(b, "full"), nie=NID(nie(r)), t3=tt[2], ph=PH(phone(r, "ES")), t4=tt[3], bf=P(b, "first"))
    return "whatsapp_export", d


def es_incidencia(r: R) -> T:
    p = person(r, "es")
    d = doc("Incidencia #⟨n⟩ – El cliente ⟨p⟩ (⟨e⟩) no puede acceder. Último acceso desde ⟨ip⟩ en ⟨c⟩. "
            "Contraseña temporal asignada: ⟨pw⟩\n\n¿Cómo redacto la respuesta al cliente?",
            n=r.randint(10000, 99999), p=P(p), e=EM(email_for(r, p, "es")), ip=E(public_ipv4(r), "IP_ADDRESS"),
            c=LOC(city(r, "ES")), pw=SEC(password(r), "PASSWORD"))
    return "support_ticket", d


def es_paciente(r: R) -> T:
    p = person(r, "es")
    d = doc("Informe clínico\nPaciente: ⟨p⟩\nFecha de nacimiento: ⟨dob⟩\nNHC: ⟨h⟩\nDiagnóstico: ⟨c⟩\n"
            "Tratamiento: ⟨m⟩\nDirección: ⟨a⟩\n\nTradúcelo al inglés para la aseguradora.",
            p=P(p), dob=E(dob(r, "es"), "DATE_OF_BIRTH"), h=E(mrn(r), "MEDICAL_RECORD_NUMBER"),
            c=E(r.choice(CONDITIONS["es"]), "MEDICAL_CONDITION"), m=E(r.choice(["metformina", "sertralina", "Lyrica", "Ozempic"]), "MEDICATION"),
            a=LOC(address(r, "ES", multiline=r.random() < 0.3)))
    return "medical_report", d


def es_yaml(r: R) -> T:
    d = doc("# config/produccion.yml\nbase_de_datos:\n  url: \"⟨c⟩\"\npagos:\n  stripe_secret: ⟨k⟩\n  webhook_secret: ⟨w⟩\n\n"
            "¿Por qué Rails no lee estas variables?",
            c=SEC(conn_string(r), "CONNECTION_STRING"), k=SEC(api_key(r, "stripe")[1], "API_KEY"),
            w=SEC("whsec_" + rs(r, ALNUM, 32), "GENERIC_SECRET"))
    return "yaml_config", d


def es_clientes_json(r: R) -> T:
    items = []
    for _ in range(r.randint(2, 3)):
        p = person(r, "es")
        items.append(doc('  {"nombre": "⟨n⟩", "nif": "⟨d⟩", "tarjeta": "⟨c⟩", "ciudad": "⟨ci⟩"}',
                         n=P(p), d=NID(dni(r)), c=E(card(r, "plain"), "CREDIT_CARD"), ci=LOC(city(r, "ES"))))
    d = doc("[\n⟨x⟩\n]\nConvierte este JSON a una tabla de Excel.", x=join(items, ",\n"))
    return "json_payload", d


# ---- Italian positives -------------------------------------------------------


def it_anagrafica(r: R) -> T:
    p = person(r, "it")
    d = doc("⟨mk⟩\nScheda anagrafica dipendente\nCognome e nome: ⟨n⟩\nCodice fiscale: ⟨cf⟩\nNat⟨g⟩ il ⟨dob⟩ a ⟨lc⟩\n"
            "Residenza: ⟨a⟩\nIBAN per accredito stipendio: ⟨ib⟩\nCellulare: ⟨ph⟩\n\nControlla che i dati siano completi.",
            mk=mark(r, "it"), n=E(f"{p.last.upper()} {p.first.upper()}", "PERSON"), cf=NID(codice_fiscale(r, p)),
            g="a" if p.female else "o",
            a=LOC(address(r, "IT")), dob=E(dob(r, "it"), "DATE_OF_BIRTH"), lc=LOC(city(r, "IT")),
            ib=E(iban(r, "IT"), "IBAN_CODE"), ph=PH(phone(r, "IT")))
    return "hr_form", d


def it_email(r: R) -> T:
    a, b = person(r, "it"), person(r, "it")
    d = doc("Ciao ⟨b⟩,\nti giro le credenziali del gestionale: utente amministrazione, password ⟨pw⟩.\n"
            "Per il server FTP invece usa ⟨c⟩.\nA presto,\n⟨a⟩\n⟨e⟩ · ⟨ph⟩\n\nRendi questa email più formale.",
            b=P(b, "first"), pw=SEC(password(r), "PASSWORD"),
            c=SEC(f"ftp://amministrazione:{rs(r, ALNUM, 14)}@ftp.studioferraresi.it:21/", "CONNECTION_STRING"),
            a=P(a), e=EM(email_for(r, a, "it", corp=True)), ph=PH(phone(r, "IT")))
    return "email", d


def it_verbale(r: R) -> T:
    ps = [person(r, "it") for _ in range(3)]
    d = doc("Verbale riunione del ⟨d⟩\nPresenti: ⟨a⟩, ⟨b⟩, ⟨c⟩\n1. Trasferimento di ⟨bf⟩ nella sede di ⟨city⟩ da gennaio.\n"
            "2. ⟨cf⟩ in congedo per ⟨cond⟩ fino a fine mese.\n\nScrivi un riassunto in inglese.",
            d=f"{r.randint(1, 28)}/{r.randint(1, 11)}/2026", a=P(ps[0]), b=P(ps[1]), c=P(ps[2]), bf=P(ps[1], "first"),
            city=LOC(city(r, "IT")), cf=P(ps[2], "first"), cond=E(r.choice(CONDITIONS["it"]), "MEDICAL_CONDITION"))
    return "meeting_minutes", d


def it_log(r: R) -> T:
    d = doc("2026-11-⟨dd⟩ 08:1⟨m⟩:22 WARN  [auth] login fallito per utente ⟨e⟩ da ⟨ip⟩\n"
            "2026-11-⟨dd⟩ 08:1⟨m⟩:23 INFO  [auth] token emesso: ⟨j⟩\n2026-11-⟨dd⟩ 08:1⟨m⟩:25 ERROR [db] ⟨c⟩ timeout\n\n"
            "Cosa significa questo log?",
            dd=f"{r.randint(1, 28):02d}", m=r.randint(0, 9), e=EM(email_for(r, person(r, "it"), "it")),
            ip=E(public_ipv4(r), "IP_ADDRESS"), j=SEC(jwt(r), "JWT"), c=SEC(conn_string(r), "CONNECTION_STRING"))
    return "app_log", d


def it_fattura(r: R) -> T:
    p = person(r, "it")
    d = doc("Spett.le ⟨p⟩\n⟨a⟩\nC.F. ⟨cf⟩\n\nFattura n. ⟨n⟩/2026 – Totale € ⟨t⟩\nPagamento tramite bonifico su ⟨ib⟩ "
            "oppure carta ⟨c⟩.\n\nScrivi un sollecito di pagamento gentile.",
            p=P(p), a=LOC(address(r, "IT", multiline=True)), cf=NID(codice_fiscale(r, p)), n=r.randint(10, 999),
            t=f"{r.randint(100, 9000)},{r.randint(0, 99):02d}", ib=E(iban(r, "IT"), "IBAN_CODE"), c=E(card(r), "CREDIT_CARD"))
    return "invoice", d


def it_carta(r: R) -> T:
    p = person(r, "it")
    d = doc("Documento: carta d'identità n. ⟨ci⟩, intestata a ⟨p⟩, nata/o il ⟨dob⟩. Wallet per il rimborso in BTC: ⟨w⟩\n"
            "Mi aiuti a compilare il modulo KYC?", ci=NID(id_card_it(r)), p=P(p), dob=E(dob(r, "it"), "DATE_OF_BIRTH"),
            w=E(crypto(r), "CRYPTO"))
    return "kyc_form", d


# ---- Negatives (tempting, nothing to label) ------------------------------------

HANDLES = ["devops-bot", "jdoe", "qa_team", "ci-runner", "dependabot[bot]", "renovate[bot]", "svc-backup", "admin",
           "pm.lead", "anon42", "night-owl", "build-agent-07"]
PUBLIC = ["Linus Torvalds", "Ada Lovelace", "Alan Turing", "Grace Hopper", "Barack Obama", "Angela Merkel",
          "Emmanuel Macron", "Elon Musk", "Taylor Swift", "Marie Curie", "Sherlock Holmes", "Harry Potter",
          "Donald Knuth", "Guido van Rossum"]


def neg_en_placeholder_env(r: R) -> T:
    lines = ["# .env.example — copy to .env and fill in", "DATABASE_URL=postgresql://USER:PASSWORD@localhost:5432/app",
             f"OPENAI_API_KEY={r.choice(['<your-openai-key>', 'sk-xxxxxxxxxxxxxxxxxxxxxxxx', '${OPENAI_API_KEY}', 'REPLACE_ME'])}",
             f"STRIPE_SECRET_KEY={r.choice(['sk_test_XXXXXXXXXXXXXXXX', '<STRIPE_SECRET>', ''])}",
             f"AWS_ACCESS_KEY_ID={r.choice(['AKIAIOSFODNN7EXAMPLE', '<AWS_ACCESS_KEY_ID>'])}",
             "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" if r.random() < 0.5 else "AWS_SECRET_ACCESS_KEY=",
             f"SMTP_PASSWORD={r.choice(['YOUR_PASSWORD_HERE', '${SMTP_PASSWORD}', '***'])}",
             f"REDIS_URL=redis://{private_ip(r).replace('::1', '127.0.0.1')}:6379/0", f"PORT={r.choice([3000, 8000, 8080])}"]
    r.shuffle(lines[1:])
    return "dotenv", doc("\n".join(lines) + "\n\nwhich of these are required for local dev?")


def neg_en_test_cards(r: R) -> T:
    d = doc("QA checklist for checkout v⟨v⟩\n- Visa success: 4242 4242 4242 4242, any future expiry, CVC 123\n"
            "- Generic Visa: 4111111111111111\n- Decline: use the 'card_declined' test token tok_chargeDeclined\n"
            "- SEPA: DE89 3704 0044 0532 0130 00\n- UK bank: GB82 WEST 1234 5698 7654 32\n- SSN field: 123-45-6789 must be rejected\n"
            "- Order IDs look like ORD-⟨o⟩\n\nturn this into Gherkin scenarios",
            v=f"{r.randint(2, 5)}.{r.randint(0, 20)}", o=nonluhn_digits(r, 8))
    return "qa_checklist", d


def neg_en_app_log(r: R) -> T:
    d = Doc()
    for _ in range(r.randint(4, 8)):
        d.add("⟨t⟩ ⟨lvl⟩ [⟨svc⟩] req=⟨u⟩ ⟨msg⟩\n", t=ts(r), lvl=r.choice(["INFO", "WARN", "ERROR", "DEBUG"]),
              svc=r.choice(["gateway", "billing", "auth", "scheduler"]), u=uuid(r),
              msg=r.choice([f"upstream {private_ip(r)}:8443 timed out after 30000ms",
                            f"user_id={r.randint(1000, 99999)} token=[REDACTED] refreshed",
                            f"commit {rs(r, HEX, 40)} deployed to canary",
                            f"retrying job {r.randint(10**5, 10**6)} (attempt {r.randint(1, 5)}/5)",
                            f"password reset requested for user_id={r.randint(10, 9999)}",
                            f"cache miss key=sess:{rs(r, HEX, 12)}", "connection pool exhausted (max=50)",
                            f"GET /api/v1/invoices/INV-{r.randint(10000, 99999)} 200 {r.randint(3, 900)}ms"]))
    d.add("\nwhat is the most likely root cause?")
    return "app_log", d


def neg_en_sql_schema(r: R) -> T:
    d = doc("CREATE TABLE ⟨tb⟩ (\n  id BIGSERIAL PRIMARY KEY,\n  first_name VARCHAR(⟨vn⟩) NOT NULL,\n  last_name VARCHAR(100) NOT NULL,\n"
            "  email CITEXT UNIQUE,\n  ssn CHAR(11),  -- format 000-00-0000\n  iban VARCHAR(34),\n  date_of_birth DATE,\n"
            "  password_hash TEXT NOT NULL,\n  created_at TIMESTAMPTZ DEFAULT now()\n);\nCREATE INDEX ON employees (⟨c⟩);\n\n"
            "should ssn be encrypted at the column level? which postgres extension?", c=r.choice(["last_name", "email", "created_at"]),
            tb=r.choice(["employees", "staff", "hr.people", "customers", "members", "payroll.employee"]), vn=r.choice([50, 80, 100, 120, 255]))
    return "sql_ddl", d


def neg_en_meeting_projects(r: R) -> T:
    a, b = r.sample(PROJECTS, 2)
    d = doc("Weekly sync notes\n- ⟨a⟩: migration to ⟨cl⟩ is 70% done, blocked on IAM roles\n- ⟨b⟩: beta opens ⟨day⟩, "
            "Marketing wants a landing page by Friday\n- Action: Platform team to review the Terraform PR #⟨pr⟩\n"
            "- Note: Legal asked us to keep pricing details confidential until launch\n\nrewrite as a status email to leadership",
            a=a, b=b, cl=r.choice(["Kubernetes", "Aurora", "BigQuery", "Snowflake"]), day=r.choice(["Monday", "Tuesday", "next week"]),
            pr=r.randint(100, 9999))
    return "meeting_notes", d


def neg_en_example_emails(r: R) -> T:
    d = doc("Write a regex that validates emails like these:\nalice@example.com\nbob.smith+news@example.org\n"
            "support@sub.example.net\nfirst_last@test.example\n\nand rejects: plainaddress, @missing-local.org, user@.com, "
            "⟨x⟩@localhost (test run ⟨n⟩)", x=r.choice(["root", "admin", "user"]), n=r.randint(1, 999))
    return "chat_prompt", d


def neg_en_hashes(r: R) -> T:
    d = doc("$ sha256sum dist/*\n⟨h1⟩  dist/app-⟨v⟩.tar.gz\n⟨h2⟩  dist/app-⟨v⟩-arm64.tar.gz\n$ git log --oneline -3\n"
            "⟨c1⟩ fix: null check in invoice parser\n⟨c2⟩ chore(deps): bump urllib3\n⟨c3⟩ feat: add retry to webhook sender\n"
            "$ docker images --digests | head -2\nREPOSITORY   TAG   DIGEST\napi          ⟨v⟩   sha256:⟨h3⟩\n\n"
            "how do I verify the release signature?",
            h1=rs(r, HEX, 64), h2=rs(r, HEX, 64), v=f"{r.randint(1, 4)}.{r.randint(0, 30)}.{r.randint(0, 9)}",
            c1=rs(r, HEX, 7), c2=rs(r, HEX, 7), c3=rs(r, HEX, 7), h3=rs(r, HEX, 64))
    return "cli_session", d


def neg_en_private_network(r: R) -> T:
    d = doc("ip route\ndefault via ⟨gw⟩ dev eth0 proto dhcp metric 100\n⟨net⟩/24 dev eth0 proto kernel scope link src ⟨src⟩\n"
            "$ curl -s http://169.254.169.254/latest/meta-data/local-ipv4\n⟨src⟩\n$ ping -c1 ⟨doc⟩\n"
            "PING ⟨doc⟩: 56 data bytes — Request timeout\n$ dig +short internal.svc.cluster.local\n⟨cg⟩\n\n"
            "why can't the pod reach the metadata endpoint?",
            gw="10.0.0.1", net="10.0.0.0", src=f"10.0.0.{r.randint(2, 250)}", doc=r.choice(["192.0.2.44", "198.51.100.23", "203.0.113.9"]),
            cg=f"100.{r.randint(64, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}")
    return "cli_session", d


def neg_en_public_figures(r: R) -> T:
    a, b = r.sample(PUBLIC, 2)
    d = doc("Write a LinkedIn post about leadership lessons from ⟨a⟩ and ⟨b⟩, aimed at junior engineers. Mention our "
            "internal hackathon ⟨p⟩ and keep it under 200 words.", a=a, b=b, p=r.choice(PROJECTS))
    return "chat_prompt", d


def neg_en_masked(r: R) -> T:
    d = doc("Your payment of $⟨amt⟩ was declined.\nCard: •••• •••• •••• ⟨l4⟩\nAccount: ****⟨l4b⟩\nReference: ⟨ref⟩\n"
            "Transaction ID: ⟨tx⟩\nIf this wasn't you, call the number on the back of your card.\n\n"
            "is this email a phishing attempt?", amt=f"{r.randint(10, 999)}.{r.randint(0, 99):02d}", l4=r.randint(1000, 9999),
            l4b=r.randint(1000, 9999), ref=f"{rs(r, string.ascii_uppercase, 3)}-{nonluhn_digits(r, 10)}", tx=uuid(r))
    return "email", d


def neg_en_code_identifiers(r: R) -> T:
    d = doc("class UserProfile(BaseModel):\n    first_name: str\n    last_name: str\n    email: EmailStr\n    phone_number: str | None = None\n"
            "    iban: constr(pattern=r\"^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$\")\n    api_key: SecretStr\n\n"
            "def mask_card(card_number: str) -> str:\n    return \"*\" * (len(card_number) - 4) + card_number[-4:]\n\n"
            "password = os.environ[\"DB_PASSWORD\"]\ntoken = settings.GITHUB_TOKEN\n\nadd unit tests for mask_card using ⟨fw⟩ (PR #⟨n⟩)",
            fw=r.choice(["pytest", "hypothesis", "unittest"]), n=r.randint(10, 9999))
    return "python_code", d


def neg_en_version_numbers(r: R) -> T:
    d = doc("Release ⟨v⟩ (build ⟨b⟩)\n- Fixed crash on iOS ⟨ios⟩ when opening invoices\n- Ticket JIRA-⟨j⟩, PR #⟨pr⟩\n"
            "- Tracking: 1Z⟨ups⟩\n- Support hotline in the app now shows ext. ⟨ext⟩\n- Minimum Android SDK 26\n\n"
            "write release notes for the app store",
            v=f"{r.randint(2, 9)}.{r.randint(0, 40)}.{r.randint(0, 9)}", b=nonluhn_digits(r, 8), ios=f"{r.randint(16, 18)}.{r.randint(0, 5)}",
            j=r.randint(100, 9999), pr=r.randint(100, 9999), ups=rs(r, string.ascii_uppercase + string.digits, 16), ext=r.randint(100, 999))
    return "release_notes", d


def neg_en_vat_company(r: R) -> T:
    d = doc("Supplier master data check:\n| Supplier | VAT ID | Postcode | Terms |\n|---|---|---|---|\n"
            "| ⟨c1⟩ | DE⟨v1⟩ | ⟨p1⟩ | 30 days |\n| ⟨c2⟩ | GB⟨v2⟩ | ⟨p2⟩ | 45 days |\n| ⟨c3⟩ | FR⟨v3⟩ | ⟨p3⟩ | 60 days |\n\n"
            "which VAT IDs have the wrong length?", c1=r.choice(COMPANIES[:6]), c2=r.choice(COMPANIES[6:12]),
            c3=r.choice(COMPANIES[12:]), v1=nonluhn_digits(r, 9), v2=nonluhn_digits(r, 9), v3=f"{r.randint(10, 99)}{nonluhn_digits(r, 9)}",
            p1=f"{r.randint(10000, 99999)}", p2=f"SW1A {r.randint(1, 9)}AA", p3=f"{r.randint(10000, 95999)}")
    return "markdown_table", d


def neg_en_uuid_json(r: R) -> T:
    d = doc('{\n  "request_id": "⟨u1⟩",\n  "tenant": "⟨u2⟩",\n  "order": {"id": "ORD-⟨o⟩", "total": ⟨t⟩, "currency": "EUR"},\n'
            '  "customer_ref": "CUST-⟨c⟩",\n  "ip": "⟨ip⟩",\n  "signature_alg": "HMAC-SHA256",\n  "created": "⟨ts⟩"\n}\n'
            "why does jq say 'Cannot index string with \"id\"'?", u1=uuid(r), u2=uuid(r), o=nonluhn_digits(r, 9),
            t=f"{r.randint(1, 999)}.{r.randint(0, 99):02d}", c=r.randint(1000, 99999), ip=private_ip(r), ts=ts(r))
    return "json_payload", d


def neg_en_policy_text(r: R) -> T:
    d = doc("Summarise this policy paragraph: \"Employees must not share passwords, API keys or customer card numbers in chat "
            "tools. Documents marked as confidential must be stored in the ⟨p⟩ workspace. Report suspected leaks to the "
            "security team within 24 hours.\"", p=r.choice(PROJECTS))
    return "policy_text", d


def neg_en_placeholder_letter(r: R) -> T:
    d = doc("Dear [Customer Name],\n\nThank you for contacting ⟨co⟩. Your case number is ⟨n⟩. Please reply to this "
            "message or write to support@example.com.\n\nKind regards,\n[Agent Name]\n⟨co⟩ Support\n\n"
            "make this template warmer", co=r.choice(COMPANIES), n=f"CS-{nonluhn_digits(r, 7)}")
    return "email_template", d


def neg_en_cron_yaml(r: R) -> T:
    d = doc("jobs:\n  nightly-backup:\n    schedule: \"0 ⟨h⟩ * * *\"\n    image: registry.internal/backup:⟨v⟩\n    env:\n"
            "      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: {name: db-creds, key: password}\n"
            "      - name: S3_BUCKET\n        value: s3://⟨b⟩-backups\n    resources: {limits: {memory: 512Mi}}\n\n"
            "is the secretKeyRef syntax right?", h=r.randint(0, 5), v=f"{r.randint(1, 3)}.{r.randint(0, 9)}",
            b=r.choice(["orbitane", "quantrel", "lumenpay"]))
    return "k8s_yaml", d


def neg_en_math_numbers(r: R) -> T:
    d = doc("Quarterly numbers: revenue 4,⟨a⟩,⟨b⟩; ARR growth ⟨g⟩%; churn 2.⟨c⟩%. Forecast model id fc-⟨m⟩, seed ⟨s⟩.\n"
            "Phone-style ids from the telco export: 0000-⟨x⟩ (these are internal line ids, not numbers)\n\n"
            "Write a two-sentence summary for the board deck.", a=r.randint(100, 999), b=r.randint(100, 999),
            g=r.randint(5, 40), c=r.randint(0, 9), m=rs(r, HEX, 8), s=r.randint(1, 99999), x=r.randint(1000, 9999))
    return "chat_prompt", d


def neg_en_weather_city_codes(r: R) -> T:
    d = doc("We deploy to eu-west-1, eu-central-1 and us-east-2; the scheduler runs in Europe/Berlin and "
            "America/New_York time zones. Data residency: EU only. Latency from the ⟨x⟩ POP is ~⟨ms⟩ms.\n"
            "Can you draw an ASCII diagram of this topology?", x=r.choice(["FRA", "AMS", "LHR", "CDG"]), ms=r.randint(5, 80))
    return "architecture_note", d


def neg_en_regex_help(r: R) -> T:
    q = r.choice([
        "My regex for UK National Insurance numbers is ^[A-CEGHJ-PR-TW-Z]{2}\\d{6}[A-D]$ — does it accept 'QQ123456C'?",
        "How do I match US ZIP+4 like 12345-6789 without also matching SSNs like 123-45-6789?",
        "Why does my phone regex match (555) 555-0100 but not +1 555 010 0199?",
        "Is ^4[0-9]{12}(?:[0-9]{3})?$ enough to detect Visa numbers, or should I also run Luhn on 4111 1111 1111 1111?",
        "What's a good regex for IPv4 that rejects 256.1.1.1 but accepts 10.0.0.1 and 192.168.1.254?",
        "Regex for MAC addresses in the form XX:XX:XX:XX:XX:XX and XXXX.XXXX.XXXX?",
        "How can I detect AWS keys like AKIAIOSFODNN7EXAMPLE in a pre-commit hook?",
        "Which regex flavour supports lookbehind for matching IBANs such as GB82 WEST 1234 5698 7654 32?"])
    d = doc("⟨q⟩ I'm using ⟨lang⟩, ticket SEC-⟨n⟩.", q=q, lang=r.choice(["Python re", "JavaScript", "Go RE2", "PCRE"]),
            n=r.randint(100, 9999))
    return "chat_prompt", d


def neg_en_stacktrace(r: R) -> T:
    d = doc("Traceback (most recent call last):\n  File \"/srv/app/billing/charge.py\", line ⟨l⟩, in charge\n"
            "    resp = client.charges.create(amount=amount, source=token)\n  File \"/srv/venv/lib/python3.11/site-packages/"
            "stripe/api_requestor.py\", line 411, in request\nstripe.error.AuthenticationError: Invalid API Key provided: "
            "sk_live_********************⟨l4⟩\n\nwhere is the key coming from?", l=r.randint(10, 300), l4=rs(r, ALNUM, 4))
    return "stacktrace", d


def neg_en_recipe_capitalised(r: R) -> T:
    d = doc("Our team lunch poll: Pad Thai, Margherita Pizza, Caesar Salad, Beef Wellington or Eggs Benedict? "
            "The Thursday ⟨p⟩ retro is in the Everest room. Write a fun Slack announcement.", p=r.choice(PROJECTS))
    return "chat_prompt", d


def neg_en_gitlab_ci(r: R) -> T:
    d = doc("stages: [test, deploy]\n\ntest:\n  image: python:3.11\n  script:\n    - pip install -r requirements.txt\n"
            "    - pytest -q\n\ndeploy:\n  stage: deploy\n  script:\n    - echo \"$REGISTRY_PASSWORD\" | docker login -u \"$REGISTRY_USER\" --password-stdin\n"
            "    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA\n  only: [main]\n\njob fails with 'unauthorized', ideas? "
            "runner id ⟨n⟩", n=r.randint(1000, 99999))
    return "ci_yaml", d


def neg_en_mac_lookalike(r: R) -> T:
    d = doc("Timestamps in the export look like 12:34:56:78:90 and sometimes 2026-11-⟨d⟩ ⟨h⟩:⟨m⟩:⟨s⟩.⟨ms⟩ — how do I "
            "parse both with strptime? Also the build tag is v⟨v⟩-⟨sha⟩.",
            d=f"{r.randint(1, 28):02d}", h=f"{r.randint(0, 23):02d}", m=f"{r.randint(0, 59):02d}", s=f"{r.randint(0, 59):02d}",
            ms=r.randint(100, 999), v=r.randint(1, 9), sha=rs(r, HEX, 7))
    return "chat_prompt", d


# ---- non-English negatives ------------------------------------------------------


def neg_de_protokoll(r: R) -> T:
    d = doc("Protokoll Jour fixe KW ⟨kw⟩\n- ⟨p⟩: Go-Live verschoben, Abhängigkeit zum SAP-Team\n- Datenschutz: keine "
            "echten Kundendaten im Testsystem, nur Max Mustermann / Erika Musterfrau\n- Nächster Termin: ⟨d⟩.⟨m⟩., Raum "
            "Zugspitze\n\nFormuliere daraus eine kurze Mail an die Geschäftsführung.",
            kw=r.randint(1, 52), p=r.choice(PROJECTS), d=r.randint(1, 28), m=r.randint(1, 12))
    return "meeting_notes", d


def neg_de_excel(r: R) -> T:
    d = doc("Wie schreibe ich in Excel eine Formel, die aus einer IBAN wie DE89 3704 0044 0532 0130 00 die BLZ extrahiert? "
            "Spalte B enthält die IBAN, Spalte C soll =TEIL(B⟨z⟩;5;8) sein. Die Rechnungsnummern haben das Format "
            "RE-⟨n⟩.", z=r.randint(2, 20), n=nonluhn_digits(r, 6))
    return "chat_prompt", d


def neg_de_log(r: R) -> T:
    d = doc("⟨t⟩ FEHLER Verbindung zu ⟨ip⟩:5432 abgelehnt\n⟨t⟩ INFO Benutzer-ID ⟨u⟩ angemeldet (Passwort: [maskiert])\n"
            "⟨t⟩ WARN Zertifikat für intranet.local läuft in ⟨n⟩ Tagen ab\n\nWas bedeutet das?",
            t=ts(r), ip=private_ip(r), u=r.randint(100, 9999), n=r.randint(1, 30))
    return "app_log", d


def neg_de_vorlage(r: R) -> T:
    d = doc("Sehr geehrte/r [Anrede] [Nachname],\n\nvielen Dank für Ihre Bestellung Nr. ⟨n⟩ bei der ⟨co⟩. Ihre "
            "Kundennummer lautet ⟨k⟩. Bei Fragen erreichen Sie uns unter service@example.com.\n\nMit freundlichen Grüßen\n"
            "Ihr Kundenservice\n\nBitte kürzer formulieren.", n=nonluhn_digits(r, 8), co=r.choice(COMPANIES),
            k=nonluhn_digits(r, 6))
    return "email_template", d


def neg_de_code(r: R) -> T:
    d = doc("// Passwort niemals im Klartext speichern!\nconst passwortHash = await bcrypt.hash(passwort, 12);\n"
            "const apiKey = process.env.API_KEY ?? '';\nif (!apiKey) throw new Error('API_KEY fehlt');\n\n"
            "Ist ⟨n⟩ Runden für bcrypt sinnvoller? (Ticket DEV-⟨t⟩)", n=r.choice([10, 12, 14]), t=r.randint(10, 9999))
    return "js_code", d


def neg_fr_reunion(r: R) -> T:
    d = doc("Compte rendu – comité ⟨p⟩\n- La Direction Générale valide le budget ⟨y⟩\n- Le RGPD impose de ne pas stocker "
            "les numéros de carte en clair\n- Prochaine réunion salle Mont-Blanc, le ⟨d⟩ ⟨m⟩\n\nRédige un résumé pour l'équipe.",
            p=r.choice(PROJECTS), y=r.choice([2026, 2027]), d=r.randint(1, 28), m=r.choice(MONTHS["fr"]))
    return "meeting_notes", d


def neg_fr_config(r: R) -> T:
    d = doc("# config.exemple.yml\nbase:\n  hote: ⟨ip⟩\n  utilisateur: ⟨u⟩\n  mot_de_passe: \"<MOT_DE_PASSE>\"\napi:\n"
            "  cle: \"${CLE_API}\"\n\nPourquoi mon YAML est invalide ?", ip=private_ip(r), u=r.choice(["app", "lecteur", "admin"]))
    return "yaml_config", d


def neg_fr_facture_modele(r: R) -> T:
    d = doc("Modèle de facture : indiquer le SIRET, le numéro de TVA intracommunautaire (FR + 11 chiffres), "
            "l'adresse du client et l'IBAN (ex. FR14 2004 1010 0505 0001 3M02 606). Numéro de facture : F-⟨n⟩. "
            "Quelles mentions légales manquent ?", n=nonluhn_digits(r, 6))
    return "chat_prompt", d


def neg_fr_log(r: R) -> T:
    d = doc("⟨t⟩ ERREUR délai dépassé vers ⟨ip⟩\n⟨t⟩ INFO commande ⟨c⟩ validée (id ⟨u⟩)\n\nExplique cette erreur.",
            t=ts(r), ip=private_ip(r), c=nonluhn_digits(r, 8), u=uuid(r))
    return "app_log", d


def neg_es_reunion(r: R) -> T:
    d = doc("Acta de la reunión del proyecto ⟨p⟩\n- Se aprueba la migración a ⟨c⟩\n- Recordatorio: no compartir contraseñas "
            "por chat\n- Próxima reunión: sala Teide, ⟨d⟩ de ⟨m⟩\n\nRedacta un correo de resumen.",
            p=r.choice(PROJECTS), c=r.choice(["Azure", "Kubernetes", "PostgreSQL 16"]), d=r.randint(1, 28), m=r.choice(MONTHS["es"]))
    return "meeting_notes", d


def neg_es_sql(r: R) -> T:
    d = doc("SELECT c.id, c.nombre, c.email, p.importe\nFROM clientes c JOIN pedidos p ON p.cliente_id = c.id\n"
            "WHERE p.fecha >= '2026-⟨m⟩-01' AND p.estado = 'PAGADO'\nORDER BY p.importe DESC LIMIT ⟨n⟩;\n\n"
            "¿Cómo optimizo esta consulta?", m=f"{r.randint(1, 11):02d}", n=r.choice([10, 50, 100]))
    return "sql_query", d


def neg_es_plantilla(r: R) -> T:
    d = doc("Estimado/a [NOMBRE]:\nLe confirmamos la recepción de su solicitud nº ⟨n⟩. Puede consultar el estado en "
            "https://portal.example.com/solicitudes. Su DNI de prueba 12345678Z no es válido en producción.\n\n"
            "¿Puedes hacerlo más cercano?", n=nonluhn_digits(r, 7))
    return "email_template", d


def neg_es_log(r: R) -> T:
    d = doc("⟨t⟩ ERROR conexión rechazada ⟨ip⟩:3306\n⟨t⟩ INFO usuario id=⟨u⟩ sesión cerrada\n⟨t⟩ DEBUG hash=⟨h⟩\n\n¿Qué pasa?",
            t=ts(r), ip=private_ip(r), u=r.randint(10, 9999), h=rs(r, HEX, 40))
    return "app_log", d


def neg_it_riunione(r: R) -> T:
    d = doc("Verbale – progetto ⟨p⟩\n- Rilascio previsto per ⟨m⟩\n- Ricordare: i dati dei clienti sono riservati e non vanno "
            "incollati nei ticket\n- Prossima riunione in sala Cervino\n\nScrivi una mail riassuntiva.",
            p=r.choice(PROJECTS), m=r.choice(MONTHS["it"]))
    return "meeting_notes", d


def neg_it_codice(r: R) -> T:
    d = doc("def valida_codice_fiscale(cf: str) -> bool:\n    # es. RSSMRA85T10A562S è il codice di esempio ufficiale\n"
            "    return len(cf) == 16 and cf.isalnum()\n\nPuoi aggiungere il controllo del carattere di controllo? "
            "Ticket INC-⟨n⟩.", n=r.randint(1000, 99999))
    return "python_code", d


def neg_it_log(r: R) -> T:
    d = doc("⟨t⟩ ERRORE timeout verso ⟨ip⟩\n⟨t⟩ INFO ordine ⟨o⟩ spedito, tracking ⟨tr⟩\n\nCosa devo controllare?",
            t=ts(r), ip=private_ip(r), o=nonluhn_digits(r, 9), tr=rs(r, string.ascii_uppercase + string.digits, 12))
    return "app_log", d


def neg_it_modello(r: R) -> T:
    d = doc("Gentile [Nome Cognome],\nla sua pratica n. ⟨n⟩ è stata presa in carico. Per informazioni scriva a "
            "assistenza@example.org.\nCordiali saluti\n\nRendilo più breve.", n=nonluhn_digits(r, 8))
    return "email_template", d



# ---- additional shapes ------------------------------------------------------------


def en_markdown_directory(r: R) -> T:
    d = doc("## ⟨team⟩ team contacts\n\n", team=r.choice(["Finance", "Platform", "Legal", "Customer Success", "Data"]))
    for _ in range(r.randint(2, 4)):
        p = person(r)
        e = email_for(r, p, corp=True)
        ph = phone(r, r.choice(["UK", "US", "DE", "NL"]))
        d.add("- **⟨n⟩** — [⟨e⟩](mailto:⟨e2⟩), tel: ⟨ph⟩\n", n=P(p), e=EM(e), e2=EM(e), ph=PH(ph))
    d.add("\nConvert this list to a Confluence table.")
    return "markdown_list", d


def en_ics_invite(r: R) -> T:
    a, b = person(r), person(r)
    ea, eb = email_for(r, a, corp=True), email_for(r, b, corp=False)
    cc = r.choice(["UK", "US", "IE"])
    d = doc("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Contract signing\nDTSTART:2026121⟨dd⟩T100000Z\n"
            "ORGANIZER;CN=⟨a⟩:mailto:⟨ea⟩\nATTENDEE;CN=⟨b⟩;RSVP=TRUE:mailto:⟨eb⟩\nLOCATION:⟨loc⟩\n"
            "END:VEVENT\nEND:VCALENDAR\n\nwhy does Outlook show the wrong time zone for this invite?",
            dd=r.randint(0, 9), a=P(a), ea=EM(ea), b=P(b), eb=EM(eb), loc=LOC(address(r, cc)))
    return "ics_calendar", d


def en_vcard(r: R) -> T:
    p = person(r)
    cc = r.choice(["UK", "US"])
    city_ = city(r, cc)
    st = f"{r.randint(1, 300)} {r.choice(STREETS[cc])}"
    d = doc("BEGIN:VCARD\nVERSION:3.0\nN:⟨l⟩;⟨f⟩;;;\nFN:⟨fn⟩\nORG:⟨co⟩\nTEL;TYPE=cell:⟨ph⟩\nEMAIL;TYPE=work:⟨e⟩\n"
            "ADR;TYPE=home:;;⟨adr⟩;;⟨cn⟩\nEND:VCARD\n\nhow do I bulk-import vcards into Google Contacts?",
            l=E(p.last, "PERSON"), f=E(p.first, "PERSON"), fn=P(p), co=r.choice(COMPANIES), ph=PH(phone(r, cc)),
            e=EM(email_for(r, p)), adr=LOC(f"{st};{city_}"), cn="United Kingdom" if cc == "UK" else "USA")
    return "vcard", d


def en_mixed_test_and_real(r: R) -> T:
    p = person(r)
    d = doc("Checkout bug notes:\n- Works with Stripe test card 4242 4242 4242 4242 in staging\n- In prod, customer ⟨p⟩ "
            "(⟨e⟩) gets 'card_declined' with ⟨c⟩\n- AWS docs key AKIAIOSFODNN7EXAMPLE is in the sample config, ignore it\n"
            "- Real key found in the logs: ⟨k⟩ (already rotated?)\n\nprioritise these for the standup",
            p=P(p), e=EM(email_for(r, p, corp=False)), c=E(card(r), "CREDIT_CARD"), k=SEC(api_key(r, "aws")[1], "API_KEY"))
    return "bug_notes", d


def en_dsar_letter(r: R) -> T:
    p = person(r)
    cc = r.choice(["UK", "IE"])
    d = doc("⟨addr⟩\n⟨dt⟩\n\nData Protection Officer\n⟨co⟩\n\nSubject access request\n\nI, ⟨p⟩ (date of birth ⟨dob⟩, "
            "customer number ⟨cn⟩), request a copy of all personal data you hold about me under Article 15 GDPR. "
            "Please reply to ⟨e⟩.\n\nYours faithfully,\n⟨p2⟩\n\n-- is this letter legally sufficient?",
            addr=LOC(address(r, cc, multiline=True)), dt=f"{r.randint(1, 28)} {r.choice(MONTHS['en'])} 2026", co=r.choice(COMPANIES),
            p=P(p), dob=E(dob(r), "DATE_OF_BIRTH"), cn=nonluhn_digits(r, 8), e=EM(email_for(r, p, corp=False)), p2=P(p))
    return "letter", d


def en_firewall(r: R) -> T:
    d = doc("# /etc/nftables.conf (excerpt)\n")
    for _ in range(r.randint(2, 4)):
        v = public_ipv6(r) if r.random() < 0.4 else public_ipv4(r)
        fam = "ip6" if ":" in v else "ip"
        d.add(f"{fam} saddr ⟨ip⟩ tcp dport 22 accept  # ⟨why⟩\n", ip=E(v, "IP_ADDRESS"),
              why=r.choice(["office uplink", "vendor VPN", "home of on-call", "monitoring"]))
    d.add("ip saddr ⟨p1⟩/8 accept\nip saddr ⟨p2⟩ drop\n\nis the ordering of these rules safe?",
          p1="10.0.0.0", p2=r.choice(["192.0.2.0/24", "198.51.100.0/24", "100.64.0.0/10"]))
    return "firewall_rules", d


def en_ansible_inventory(r: R) -> T:
    d = doc("[web]\n")
    for i in range(r.randint(2, 3)):
        d.add("web0⟨i⟩ ansible_host=⟨ip⟩ ansible_user=deploy\n", i=i + 1, ip=E(public_ipv4(r), "IP_ADDRESS"))
    d.add("\n[db]\ndb01 ansible_host=⟨pip⟩\n\n[all:vars]\nansible_become_password=⟨pw⟩\nadmin_email=⟨e⟩\n\n"
          "ansible says 'Permission denied (publickey,password)' for db01",
          pip=f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}", pw=SEC(password(r), "PASSWORD"),
          e=EM(email_for(r, person(r), corp=True)))
    return "ansible_inventory", d


def de_arztbrief(r: R) -> T:
    p, a = person(r, "de"), person(r, "de")
    d = doc("⟨mk⟩\nPraxis Dr. med. ⟨a⟩ · Innere Medizin\n\nArztbrief\nPatient: ⟨p⟩, geb. ⟨dob⟩\nVersichertennr.: ⟨kvnr⟩\n"
            "Diagnosen: ⟨c⟩; Verdacht auf ⟨c2⟩\nMedikation: ⟨m⟩ 5 mg 1-0-0\n\nBitte in einfache Sprache übersetzen.",
            mk=mark(r, "de"), a=P(a), p=P(p), dob=E(dob(r, "de"), "DATE_OF_BIRTH"),
            kvnr=E(rs(r, string.ascii_uppercase, 1) + nonluhn_digits(r, 9), "MEDICAL_RECORD_NUMBER"),
            c=E(r.choice(CONDITIONS["de"][:5]), "MEDICAL_CONDITION"), c2=E(r.choice(CONDITIONS["de"][5:]), "MEDICAL_CONDITION"),
            m=E(r.choice(["Ramipril", "Venlafaxin", "Levetiracetam", "Pantoprazol"]), "MEDICATION"))
    return "medical_letter", d


def de_jira(r: R) -> T:
    p = person(r, "de")
    d = doc("Ticket OPS-⟨n⟩: Deployment bricht ab\nBeschreibung: Seit heute schlägt der Job fehl. Im Log steht der Token "
            "⟨k⟩ – ist der abgelaufen? Betroffener Kunde: ⟨p⟩ (Kundennr. ⟨kn⟩, Standort ⟨c⟩).\nBitte priorisieren.",
            n=r.randint(100, 9999), k=SEC(api_key(r, r.choice(["gitlab", "github", "npm", "datadog"]))[1], "API_KEY"),
            p=P(p), kn=nonluhn_digits(r, 6), c=LOC(city(r, r.choice(["DE", "AT", "CH"]))))
    return "ticket", d


def de_kuendigung(r: R) -> T:
    p = person(r, "de")
    d = doc("⟨p⟩\n⟨a⟩\n\n⟨co⟩\nKundenservice\n\nKündigung meines Vertrags, Kundennummer ⟨kn⟩\n\nSehr geehrte Damen und Herren,\n"
            "hiermit kündige ich fristgerecht. Bitte erstatten Sie das Restguthaben auf ⟨ib⟩. Erreichbar bin ich unter ⟨ph⟩ "
            "oder ⟨e⟩.\n\nMit freundlichen Grüßen\n⟨p2⟩\n\nIst das so rechtssicher?",
            p=P(p), a=LOC(address(r, "DE", multiline=True)), co=r.choice(COMPANIES), kn=nonluhn_digits(r, 8),
            ib=E(iban(r, r.choice(["DE", "AT"])), "IBAN_CODE"), ph=PH(phone(r, "DE")), e=EM(email_for(r, p, "de", corp=False)),
            p2=P(p))
    return "letter", d


def fr_tableau_rh(r: R) -> T:
    d = doc("| Nom | Prénom | N° SS | Ville |\n|---|---|---|---|\n")
    for _ in range(r.randint(2, 4)):
        p = person(r, "fr")
        d.add("| ⟨l⟩ | ⟨f⟩ | ⟨n⟩ | ⟨c⟩ |\n", l=E(p.last.upper(), "PERSON"), f=E(p.first, "PERSON"), n=NID(nir(r, p.female)),
              c=LOC(city(r, r.choice(["FR", "FR", "BE"]))))
    d.add("\nTrie ce tableau par ville et ajoute une colonne « âge ».")
    return "markdown_table", d


def fr_env(r: R) -> T:
    d = doc("# .env — NE PAS COMMITTER\nDB_URL=⟨c⟩\nCLE_API_ENVOI=⟨k⟩\nSECRET_JWT=⟨s⟩\nMOT_DE_PASSE_ADMIN=⟨pw⟩\n\n"
            "Symfony ne trouve pas la variable DB_URL, pourquoi ?",
            c=SEC(conn_string(r), "CONNECTION_STRING"), k=SEC(api_key(r, r.choice(["sendgrid", "mailgun", "twilio"]))[1], "API_KEY"),
            s=SEC(generic_secret(r), "GENERIC_SECRET"), pw=SEC(password(r), "PASSWORD"))
    return "dotenv", d


def fr_arret(r: R) -> T:
    p, q = person(r, "fr"), person(r, "fr")
    d = doc("Bonjour ⟨q⟩,\nJe te confirme que ⟨p⟩ sera en arrêt jusqu'au ⟨d⟩ ⟨m⟩ suite à sa ⟨c⟩. Son médecin lui a prescrit du ⟨med⟩. "
            "Merci de ne pas diffuser.\nBien à toi,\n⟨s⟩\n\nReformule de façon plus neutre.",
            q=P(q, "first"), p=P(p), d=r.randint(1, 28), m=r.choice(MONTHS["fr"]), c=E(r.choice(["hernie discale", "dépression sévère", "maladie de Crohn"]), "MEDICAL_CONDITION"),
            med=E(r.choice(["lévothyrox", "Doliprane", "Xanax"]), "MEDICATION"), s=P(person(r, "fr"), "first"))
    return "email", d


def es_reclamacion(r: R) -> T:
    p = person(r, "es")
    d = doc("Asunto: Reclamación pedido ⟨o⟩\n\nBuenas tardes, soy ⟨p⟩ y vivo en ⟨a⟩. El paquete no ha llegado y me han cobrado "
            "dos veces en la tarjeta ⟨c⟩. Mi teléfono es ⟨ph⟩ y mi correo ⟨e⟩.\nUn saludo.\n\n¿Puedes hacer la reclamación más firme?",
            o=nonluhn_digits(r, 9), p=P(p), a=LOC(address(r, "ES")), c=E(card(r), "CREDIT_CARD"), ph=PH(phone(r, "ES")),
            e=EM(email_for(r, p, "es", corp=False)))
    return "email", d


def es_tabla(r: R) -> T:
    d = doc("Empleado\tNIF\tIBAN\tProvincia\n")
    for _ in range(r.randint(2, 4)):
        p = person(r, "es")
        d.add("⟨n⟩\t⟨nif⟩\t⟨ib⟩\t⟨pr⟩\n", n=P(p, r.choice(["full", "lastfirst"])), nif=NID(r.choice([dni, nie])(r)),
              ib=E(iban(r, "ES"), "IBAN_CODE"), pr=LOC(city(r, "ES")))
    d.add("\n¿Cómo valido los NIF en Google Sheets?")
    return "tsv_dump", d


def es_slack(r: R) -> T:
    a, b = person(r, "es"), person(r, "es")
    tt = clock(r, 3)
    d = doc("⟨a⟩  ⟨t1⟩\n¿alguien tiene acceso a la base de datos de staging?\n⟨b⟩  ⟨t2⟩\nusa esto: ⟨c⟩\n⟨a⟩  ⟨t3⟩\ngracias ⟨bf⟩!\n\n"
            "Resume el hilo.", a=P(a), t1=tt[0], b=P(b), t2=tt[1], c=SEC(conn_string(r), "CONNECTION_STRING"), t3=tt[2],
            bf=P(b, "first"))
    return "slack_thread", d


def it_whatsapp(r: R) -> T:
    a, b = person(r, "it"), person(r, "it")
    tt = clock(r, 4)
    d = doc("[⟨dd⟩, ⟨t1⟩] ⟨a⟩: mi mandi il codice fiscale di tua madre per la pratica?\n[⟨dd⟩, ⟨t2⟩] ⟨b⟩: ⟨cf⟩\n"
            "[⟨dd⟩, ⟨t3⟩] ⟨b⟩: abita in ⟨addr⟩\n[⟨dd⟩, ⟨t4⟩] ⟨a⟩: grazie!\n\nRiassumi la chat.",
            dd=f"{r.randint(1, 28):02d}/{r.randint(1, 11):02d}/26", t1=tt[0], a=P(a), t2=tt[1], b=P(b),
            cf=NID(codice_fiscale(r, person(r, "it"))), t3=tt[2], addr=LOC(address(r, "IT")), t4=tt[3])
    return "whatsapp_export", d


def it_referto(r: R) -> T:
    p = person(r, "it")
    d = doc("REFERTO AMBULATORIALE\nPaziente: ⟨p⟩   Nato/a il: ⟨dob⟩\nN. cartella: ⟨mrn⟩\nDiagnosi: ⟨c⟩\nTerapia: ⟨m⟩ 1 cp/die\n"
            "Medico: Dott.ssa ⟨doc⟩\n\nTraduci in inglese.",
            p=P(p, r.choice(["full", "upper"])), dob=E(dob(r, "it"), "DATE_OF_BIRTH"), mrn=E(mrn(r), "MEDICAL_RECORD_NUMBER"),
            c=E(r.choice(CONDITIONS["it"]), "MEDICAL_CONDITION"), m=E(r.choice(["Eutirox", "Tavor", "Lyrica", "metformina"]), "MEDICATION"),
            doc=P(person(r, "it")))
    return "medical_report", d


def it_config(r: R) -> T:
    d = doc("# settings_produzione.py\nDATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"HOST\": \"⟨h⟩\", "
            "\"PASSWORD\": \"⟨pw⟩\"}}\nSECRET_KEY = \"⟨s⟩\"\nEMAIL_HOST_PASSWORD = \"⟨pw2⟩\"\nALLOWED_HOSTS = [\"⟨ip⟩\"]\n\n"
            "Perché Django dice DisallowedHost?",
            h=f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}", pw=SEC(password(r), "PASSWORD"),
            s=SEC(rs(r, string.ascii_lowercase + string.digits + "!@#%^&*-_=+", 50), "GENERIC_SECRET"),
            pw2=SEC(password(r), "PASSWORD"), ip=E(public_ipv4(r), "IP_ADDRESS"))
    return "python_code", d


def neg_en_placeholder_people(r: R) -> T:
    d = doc("Sample data for the onboarding demo:\nName: ⟨n⟩\nAddress: 123 Main Street, Anytown, USA\nPhone: +1 555-0100\n"
            "Email: ⟨e⟩@example.com\nSSN: 123-45-6789\n\nIs it OK to use this in the public demo video?",
            n=r.choice(["John Doe", "Jane Doe", "Joe Bloggs", "Richard Roe"]), e=r.choice(["john.doe", "jane.doe", "demo"]))
    return "demo_data", d


def neg_en_eponyms(r: R) -> T:
    d = doc("Fleet review: the ⟨a⟩ vans are due for service, the ⟨b⟩ build server needs a disk, and the ⟨c⟩ cluster "
            "runs out of heap. Also someone named the new meeting room ⟨rm⟩. Summarise the ops backlog.",
            a=r.choice(["Ford Transit", "Mercedes Sprinter", "Renault Master"]), b=r.choice(["Jenkins", "Hudson"]),
            c=r.choice(["Hadoop", "Cassandra", "Kafka"]), rm=r.choice(["Tesla", "Darwin", "Einstein", "Curie"]))
    return "ops_notes", d


def neg_de_mustermann(r: R) -> T:
    d = doc("Für die Schulung brauche ich Beispieldaten: Max Mustermann, Musterstraße 1, 12345 Musterstadt, "
            "IBAN DE89 3704 0044 0532 0130 00, Tel. 0123 456789. Kannst du daraus ⟨n⟩ Varianten im ⟨f⟩-Format machen?",
            n=r.randint(3, 60), f=r.choice(["CSV", "JSON", "XML", "Excel"]))
    return "chat_prompt", d


def neg_de_goethe(r: R) -> T:
    d = doc("Schreib einen kurzen Newsletter-Absatz mit einem Zitat von ⟨a⟩ zum Thema Veränderung. Unser Projekt ⟨p⟩ "
            "startet im ⟨m⟩, Ansprechpartner ist das Team Plattform.", a=r.choice(["Goethe", "Angela Merkel", "Albert Einstein"]),
            p=r.choice(PROJECTS), m=r.choice(MONTHS["de"]))
    return "chat_prompt", d


def neg_fr_dupont(r: R) -> T:
    d = doc("Formulaire exemple : Nom : DUPONT, Prénom : Jean, Adresse : 1 rue de l'Exemple, 75000 Paris, "
            "N° client : ⟨n⟩. Peux-tu générer ⟨k⟩ jeux de données fictifs du même format ?", n=nonluhn_digits(r, 7),
            k=r.choice([5, 10, 20]))
    return "chat_prompt", d


def neg_fr_hugo(r: R) -> T:
    d = doc("Écris une introduction pour notre séminaire ⟨p⟩ avec une citation de ⟨a⟩. Le séminaire a lieu salle ⟨s⟩, "
            "code Wi-Fi affiché à l'accueil.", p=r.choice(PROJECTS), a=r.choice(["Victor Hugo", "Albert Camus", "Marie Curie"]),
            s=r.choice(["Mont-Blanc", "Vercors", "Ventoux"]))
    return "chat_prompt", d


def neg_es_perez(r: R) -> T:
    d = doc("Para la demo usamos datos ficticios: Juan Pérez, Calle Falsa 123, DNI 12345678Z, tarjeta 4111 1111 1111 1111. "
            "¿Cumple esto con el RGPD? Ticket ⟨t⟩.", t=f"SOP-{r.randint(100, 9999)}")
    return "chat_prompt", d


def neg_es_cervantes(r: R) -> T:
    d = doc("Escribe un post para LinkedIn sobre ⟨a⟩ y la innovación, mencionando nuestro proyecto ⟨p⟩ y el equipo de "
            "Plataforma.", a=r.choice(["Cervantes", "Frida Kahlo", "Ada Lovelace"]), p=r.choice(PROJECTS))
    return "chat_prompt", d


def neg_it_rossi(r: R) -> T:
    d = doc("Dati di esempio per il manuale: Mario Rossi, Via Roma 1, 00100 Roma, codice fiscale RSSMRA85T10A562S. "
            "Generane altri ⟨n⟩ con lo stesso formato (⟨f⟩).", n=r.randint(3, 60), f=r.choice(["CSV", "JSON", "tabella"]))
    return "chat_prompt", d


def neg_it_dante(r: R) -> T:
    d = doc("Scrivi un'introduzione per la newsletter interna con una citazione di ⟨a⟩; il progetto ⟨p⟩ parte a ⟨m⟩.",
            a=r.choice(["Dante", "Leonardo da Vinci", "Rita Levi-Montalcini"]), p=r.choice(PROJECTS), m=r.choice(MONTHS["it"]))
    return "chat_prompt", d


# --------------------------------------------------------------------------
# Assembly and self-checks
# --------------------------------------------------------------------------

POSITIVE: dict[str, list[Callable[[R], T]]] = {
    "en": [en_slack_thread, en_email_signature, en_hr_case, en_csv_customers, en_sql_insert, en_env_file,
           en_support_ticket, en_k8s_secret, en_python_code, en_pem_paste, en_nginx_log, en_meeting_transcript,
           en_json_api, en_payroll_tsv, en_us_bank_form, en_git_config, en_crypto_chat, en_medical_letter,
           en_mail_thread, en_jira_markup, en_xml_export, en_aus_onboarding, en_passport_booking, en_terraform,
           en_dhcp_log, en_chat_personal, en_docker_compose, en_invoice, en_interview_notes, en_bash_history,
           en_legal_nda, en_teams_credentials, en_phone_list, en_crm_note, en_sso_cookie, en_incident,
           en_webhook_config, en_ops_jwt, en_medical_chat, en_markdown_directory,
           en_ics_invite, en_vcard, en_mixed_test_and_real, en_dsar_letter, en_firewall, en_ansible_inventory],
    "de": [de_bewerbung, de_lohn, de_krank, de_config, de_kunden, de_teams, de_mahnung, de_ausweis, de_arztbrief, de_jira,
           de_kuendigung],
    "fr": [fr_courrier, fr_secu, fr_slack, fr_facture, fr_ssh, fr_crm, fr_tableau_rh, fr_env, fr_arret],
    "es": [es_nomina, es_whatsapp, es_incidencia, es_paciente, es_yaml, es_clientes_json, es_reclamacion, es_tabla,
           es_slack],
    "it": [it_anagrafica, it_email, it_verbale, it_log, it_fattura, it_carta, it_whatsapp, it_referto, it_config],
}
NEGATIVE: dict[str, list[Callable[[R], T]]] = {
    "en": [neg_en_placeholder_env, neg_en_test_cards, neg_en_app_log, neg_en_sql_schema, neg_en_meeting_projects,
           neg_en_example_emails, neg_en_hashes, neg_en_private_network, neg_en_public_figures, neg_en_masked,
           neg_en_code_identifiers, neg_en_version_numbers, neg_en_vat_company, neg_en_uuid_json, neg_en_policy_text,
           neg_en_placeholder_letter, neg_en_cron_yaml, neg_en_math_numbers, neg_en_weather_city_codes,
           neg_en_regex_help, neg_en_stacktrace, neg_en_recipe_capitalised, neg_en_gitlab_ci, neg_en_mac_lookalike,
           neg_en_placeholder_people, neg_en_eponyms],
    "de": [neg_de_protokoll, neg_de_excel, neg_de_log, neg_de_vorlage, neg_de_code, neg_de_mustermann, neg_de_goethe],
    "fr": [neg_fr_reunion, neg_fr_config, neg_fr_facture_modele, neg_fr_log, neg_fr_dupont, neg_fr_hugo],
    "es": [neg_es_reunion, neg_es_sql, neg_es_plantilla, neg_es_log, neg_es_perez, neg_es_cervantes],
    "it": [neg_it_riunione, neg_it_codice, neg_it_log, neg_it_modello, neg_it_rossi, neg_it_dante],
}
TARGET = {"en": (260, 190), "de": (50, 34), "fr": (48, 32), "es": (48, 32), "it": (48, 32)}

# Published test/example values that must never be labelled.
KNOWN_TEST_VALUES = TEST_CARDS | TEST_IBANS | {"12345678Z", "RSSMRA85T10A562S", "123456789"}

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
CARDLIKE_RE = re.compile(r"(?<![\w])\d(?:[ -]?\d){12,18}(?![\w])")
IBANLIKE_RE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w])")


def check_record(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    errs: list[str] = []
    prev = 0
    for s, e, _t in spans:
        v = text[s:e]
        if s < prev:
            errs.append(f"overlap/unsorted at {s}")
        prev = e
        if not v or v != v.strip():
            errs.append(f"whitespace edge {v!r}")
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_") and (v[0].isalnum() or v[0] == "_"):
            errs.append(f"cuts word at start {v!r}")
        if e < len(text) and (text[e].isalnum() or text[e] == "_") and (v[-1].isalnum() or v[-1] == "_"):
            errs.append(f"cuts word at end {v!r}")
    inside = lambda a, b: any(s <= a and b <= e for s, e, _ in spans)  # noqa: E731
    for m in POOL_RE.finditer(text):
        if not inside(m.start(), m.end()):
            errs.append(f"unlabelled pool term {m.group()!r}")
    for m in EMAIL_RE.finditer(text):
        overlaps = any(s < m.end() and m.start() < e for s, e, _ in spans)
        if not is_example_mail(m.group()) and not overlaps:
            errs.append(f"unlabelled email {m.group()!r}")
    if not spans:
        for m in CARDLIKE_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if luhn_ok(digits) and digits not in KNOWN_TEST_VALUES:
                errs.append(f"luhn-valid number in negative {m.group()!r}")
        for m in IBANLIKE_RE.finditer(text):
            if iban_ok(m.group()) and m.group().replace(" ", "") not in KNOWN_TEST_VALUES:
                errs.append(f"valid IBAN in negative {m.group()!r}")
    return errs


def build() -> list[dict[str, object]]:
    records: list[tuple[str, str, bool, str, list[tuple[int, int, str]]]] = []
    seen: set[str] = set()
    for lang in ("en", "de", "fr", "es", "it"):
        for negative, (templates, n) in ((False, (POSITIVE[lang], TARGET[lang][0])), (True, (NEGATIVE[lang], TARGET[lang][1]))):
            made = 0
            attempt = 0
            while made < n:
                fn = templates[made % len(templates)]
                r = random.Random(f"{SEED}:{lang}:{fn.__name__}:{made}:{attempt}")
                kind, d = fn(r)
                text = d.text
                spans = sorted(d.spans)
                if text in seen:
                    attempt += 1
                    assert attempt < 50, fn.__name__
                    continue
                errs = check_record(text, spans)
                if errs:
                    raise AssertionError(f"{fn.__name__}: {errs}\n{text}")
                assert bool(spans) != negative, fn.__name__
                seen.add(text)
                records.append((kind, lang, negative, text, spans))
                made += 1
                attempt = 0
    random.Random(SEED).shuffle(records)
    out: list[dict[str, object]] = []
    for i, (kind, lang, negative, text, spans) in enumerate(records, 1):
        out.append({"id": f"blind3-{i:04d}", "kind": kind, "lang": lang, "negative": negative, "text": text,
                    "spans": [{"start": s, "end": e, "entity_type": t, "category": CATEGORY[t]} for s, e, t in spans]})
    return out


def render_jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if blind3.jsonl is stale")
    args = ap.parse_args(argv)
    fresh = render_jsonl(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != fresh:
            print("blind3.jsonl is stale; run build_blind3.py", file=sys.stderr)
            return 1
        print("blind3.jsonl is up to date")
        return 0
    OUT.write_text(fresh, encoding="utf-8")
    print(f"wrote {OUT.name}: {fresh.count(chr(10))} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
