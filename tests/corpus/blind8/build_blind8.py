#!/usr/bin/env python3
"""Deterministic generator for the blind8 DLP evaluation set (stdlib only).

Labelled values are wrapped in markers while a text is assembled; the markers are
stripped afterwards and spans are computed from them, so text[start:end] == value.
Deliberate unlabelled look-alikes get a second marker and are recorded for the audit.
"""
from __future__ import annotations

import base64
import json
import random
import re
import string
import sys
from pathlib import Path

NAME = "blind8"
HERE = Path(__file__).resolve().parent
OUT = HERE / f"{NAME}.jsonl"

CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "LOCATION": "location",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial", "CRYPTO": "financial",
    "NATIONAL_ID": "government_id",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "API_KEY": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret", "PRIVATE_KEY": "secret",
    "JWT": "secret", "CONNECTION_STRING": "secret",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "CLASSIFICATION_MARKING": "classification",
}

S_OPEN, S_MID, S_CLOSE, L_OPEN, L_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"


def m(value: str, etype: str) -> str:
    assert etype in CATEGORY, etype
    return f"{S_OPEN}{etype}{S_MID}{value}{S_CLOSE}"


def look(value: str) -> str:
    """A deliberate public look-alike that must stay unlabelled."""
    return f"{L_OPEN}{value}{L_CLOSE}"


def strip_markers(raw: str):
    out, spans, looks = [], [], []
    i, pos = 0, 0
    while i < len(raw):
        c = raw[i]
        if c == S_OPEN:
            j = raw.index(S_MID, i)
            k = raw.index(S_CLOSE, j)
            etype, val = raw[i + 1:j], raw[j + 1:k]
            spans.append([pos, pos + len(val), etype, CATEGORY[etype]])
            out.append(val); pos += len(val); i = k + 1
        elif c == L_OPEN:
            k = raw.index(L_CLOSE, i)
            val = raw[i + 1:k]
            looks.append(val)
            out.append(val); pos += len(val); i = k + 1
        else:
            out.append(c); pos += 1; i += 1
    return "".join(out), spans, looks


# ---------------------------------------------------------------- pools
FIRST = ["Aoife", "Bartosz", "Chiamaka", "Dilnoza", "Eero", "Farida", "Gunnhild", "Hamid", "Jovana",
         "Kalani", "Leocadia", "Mbali", "Nuno", "Oksana", "Piotr", "Radka", "Siobhan", "Teodor", "Vesna",
         "Wanjiru", "Ximena", "Yusuf", "Zofia", "Anneliese", "Björn", "Cosima", "Detlef", "Edeltraud",
         "Hartmut", "Jannik", "Korbinian", "Leonie", "Maelle", "Gaëtan", "Solène", "Thibault", "Anaïs",
         "Clémence", "Yannick", "Brieuc", "Maëlys", "Iñaki", "Nerea", "Ainhoa", "Begoña", "Txema",
         "Fermín", "Leire", "Rohan", "Priyanka", "Tendai", "Kwabena", "Ngozi", "Haruto", "Thandiwe",
         "Aurelio", "Svetlana", "Oluwaseun", "Mireille", "Ludivine", "Eusebio", "Remedios", "Sigrun",
         "Waltraud", "Bogdan", "Kateryna", "Tadhg", "Niamh", "Duncan", "Marisol", "Itziar", "Gwenaëlle",
         "Rasmus", "Fenna", "Mehmet", "Aylin", "Jiho", "Lakshmi", "Emeka", "Soraya"]
WORD_FIRST = ["Rose", "Hope", "Grace", "Will", "Mark", "Summer", "Paz", "Luz", "Amparo", "Consuelo",
              "Frank", "Ernst", "Rocío", "Sunny", "Blanche", "Victoire"]
LAST = ["Okonkwo", "Nakashima", "Wieczorek", "Halvorsen", "Brannigan", "Szabó", "Kowalczyk", "Achterberg",
        "Lindqvist", "Obuya", "Rautiainen", "Quigley", "Pemberton-Hale", "Thistlewood", "Dunleavy",
        "Gruber", "Wenzlaff", "Hinterseer", "Pfaffenbichler", "Dreßler", "Köhnlein", "Zimmerle",
        "Leclercq", "Fauvel", "Guérin-Moreau", "Kerbrat", "Lemarchand", "Quéméner", "Marchetti",
        "Etxeberria", "Arrizabalaga", "Villalobos", "Cifuentes", "Barrionuevo", "Olmedo", "Carvajal",
        "Abiodun", "Petrossian", "Haddad", "Sørensen", "Mäkelä", "O'Driscoll", "McAlister", "Ibarguren",
        "Duchesne", "Vandermeulen", "Trautwein", "Oyelaran", "Castellví", "Mbeki-Tunde", "Sandoval-Ruiz",
        "Kettleborough", "Ashworth", "Pellegrin", "Rakotomalala", "Yıldırım", "Hoang", "Chaudhry",
        "Bergkamp-Visser", "Ndiaye", "Lombardero", "Urquiza", "Fitzwilliam-Oduya", "Kapoor-Reyes"]
WORD_LAST = ["Fuchs", "Koch", "Vogel", "Klein", "Blanc", "Petit", "Roux", "Baker", "Moss", "Marsh",
             "Sommer", "Winter", "Lamb", "Blanco", "Rubio", "Calvo", "Delgado", "Page", "Bird", "Wolf"]
ALL_FIRST = FIRST + WORD_FIRST
ALL_LAST = LAST + WORD_LAST
TOWNS = {
    "en": ["Hexham", "Ludlow", "Frome", "Bicester", "Alnwick", "Oswestry", "Wymondham", "Tiverton",
           "Ottumwa", "Beloit", "Chillicothe", "Kalispell"],
    "de": ["Wetzlar", "Gifhorn", "Biberach an der Riß", "Lohr am Main", "Bad Tölz", "Ochsenfurt",
           "Zwiesel", "Meppen"],
    "fr": ["Millau", "Vierzon", "Lamballe", "Oloron-Sainte-Marie", "Paimpol", "Saint-Flour", "Guéret",
           "Riom"],
    "es": ["Tudela", "Utrera", "Alcoy", "Astorga", "Béjar", "Tarazona", "Villarrobledo", "Almendralejo",
           "Lalín", "Tomelloso"],
}
ALL_TOWNS = [t for v in TOWNS.values() for t in v]
PUBLIC_PLACES = ["London", "Berlin", "Paris", "Madrid", "Munich", "München", "Lyon", "Barcelona",
                 "New York", "Hamburg", "Marseille", "Seville", "Sevilla", "Manchester", "Frankfurt",
                 "Toulouse", "Valencia", "Bilbao", "Köln", "Chicago", "Tokyo", "Dublin", "Wien", "Zürich",
                 "Lisbon", "Bordeaux", "Stuttgart", "Málaga", "Leeds", "Nantes", "Dresden", "Zaragoza"]
PUBLIC_FIGURES = ["Lionel Messi", "Angela Merkel", "Emmanuel Macron", "Serena Williams", "Thomas Tuchel",
                  "Kylian Mbappé", "Rafael Nadal", "Pedro Sánchez", "Olaf Scholz", "Taylor Swift",
                  "Marie Curie", "Albert Einstein", "Ada Lovelace", "Pablo Picasso", "Simone de Beauvoir",
                  "Jürgen Klopp", "Alexia Putellas", "Antoine Griezmann", "Steffi Graf", "Keir Starmer",
                  "Frida Kahlo", "Victor Hugo", "Goethe", "Cervantes", "Shakespeare", "Zinedine Zidane",
                  "Carlos Alcaraz", "Aitana Bonmatí", "Emma Raducanu", "Toni Kroos", "Christine Lagarde"]
TEMPLATE_NAMES = ["John Doe", "Jane Doe", "Max Mustermann", "Erika Mustermann", "Jean Dupont",
                  "Marie Dupont", "Juan Pérez", "Fulano de Tal", "John Smith", "Joe Bloggs"]
AUDIT_NAMES = FIRST + LAST
EMAIL_DOMAINS = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "btinternet.com"],
                 "de": ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"],
                 "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
                 "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es", "outlook.es"]}
CORP_DOMAINS = ["northwind-logistics.com", "brightpath.io", "hellerundsohn.de", "atelier-vauban.fr",
                "grupo-olmeda.es", "kestrel-analytics.co.uk", "fernwerk.de", "soluciones-tajo.es",
                "cabinet-lormier.fr", "quayside-health.org"]

STREETS = {
    "en": ["Hawthorn Close", "Mill Lane", "Orchard Rise", "Cedar Hollow Rd", "Badger Walk", "Station Road",
           "Foxglove Way", "Quarry Hill"],
    "de": ["Lindenstraße", "Am Mühlbach", "Kastanienweg", "Schillerstr.", "Hauptstraße", "Birkenallee",
           "Im Winkel", "Gartenstraße"],
    "fr": ["rue des Tanneurs", "impasse du Moulin", "allée des Peupliers", "chemin de la Croix",
           "rue Jean-Jaurès", "place du Marché", "avenue des Tilleuls"],
    "es": ["calle Mayor", "avenida de la Constitución", "calle del Pozo", "plaza de la Iglesia",
           "calle Real", "travesía de San Roque", "camino de las Eras"],
}
CONDITIONS = {"en": ["type 2 diabetes", "asthma", "epilepsy", "major depressive disorder", "Crohn's disease",
                     "hypertension", "multiple sclerosis", "generalised anxiety disorder", "atrial fibrillation",
                     "coeliac disease", "hypothyroidism", "long COVID"],
              "de": ["Diabetes mellitus Typ 2", "Asthma bronchiale", "Epilepsie", "Depression", "Morbus Crohn",
                     "Bluthochdruck", "Multiple Sklerose", "Bandscheibenvorfall", "Burn-out", "Migräne"],
              "fr": ["diabète de type 1", "asthme", "épilepsie", "dépression", "maladie de Crohn",
                     "hypertension artérielle", "sclérose en plaques", "fibromyalgie", "hernie discale"],
              "es": ["diabetes tipo 2", "asma", "epilepsia", "depresión", "enfermedad de Crohn",
                     "hipertensión", "esclerosis múltiple", "fibromialgia", "ansiedad generalizada"]}
MEDS = ["metformin", "salbutamol", "levetiracetam", "sertraline", "adalimumab", "ramipril", "ocrelizumab",
        "levothyroxine", "apixaban", "Ibuprofen", "Pantoprazol", "Lamotrigin", "Venlafaxin", "Ritalin",
        "Doliprane", "Lévothyrox", "Tramadol", "Enantyum", "Sintrom", "Orfidal", "insulin glargine"]


def pick(r, seq):
    return seq[r.randrange(len(seq))]


def first(r):
    return pick(r, ALL_FIRST) if r.random() < 0.2 else pick(r, FIRST)


def last(r):
    return pick(r, ALL_LAST) if r.random() < 0.2 else pick(r, LAST)


def full(r):
    return f"{first(r)} {last(r)}"


def slug(s):
    tr = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "ë": "e", "ê": "e", "à": "a", "ç": "c",
          "ñ": "n", "í": "i", "ó": "o", "ú": "u", "á": "a", "ï": "i", "î": "i", "ô": "o", "ø": "o", "ı": "i"}
    s = "".join(tr.get(c, c) for c in s.lower())
    return re.sub(r"[^a-z0-9]", "", s)


def email(r, lang, f=None, l=None):
    f = f or pick(r, FIRST); l = l or pick(r, LAST)
    style = r.randrange(4)
    local = [f"{slug(f)}.{slug(l)}", f"{slug(f)[0]}{slug(l)}", f"{slug(l)}{r.randint(1, 99)}",
             f"{slug(f)}_{slug(l)[:4]}"][style]
    return f"{local}@{pick(r, EMAIL_DOMAINS[lang])}"


def work_email(r, f, l, dom=None):
    return f"{slug(f)}.{slug(l)}@{dom or pick(r, CORP_DOMAINS)}"


def digits(r, n):
    return "".join(str(r.randrange(10)) for _ in range(n))


def phone(r, lang):
    if lang == "en":
        if r.random() < 0.5:
            return pick(r, ["07{0} {1} {2}", "+44 7{0} {1}{2}", "07{0}{1}{2}"]).format(digits(r, 3), digits(r, 3), digits(r, 3))
        a, b, c = str(r.randint(201, 989)), str(r.randint(210, 989)), digits(r, 4)
        if b == "555":
            b = "556"
        return pick(r, ["({0}) {1}-{2}", "{0}-{1}-{2}", "+1 {0} {1} {2}"]).format(a, b, c)
    if lang == "de":
        return pick(r, ["+49 1{0} {1}", "01{0} {1}", "0{0}/{1}", "+49 (0)1{0} {1}"]).format(
            pick(r, ["51", "52", "60", "70", "76"]), digits(r, 7) if r.random() < .5 else digits(r, 8))
    if lang == "fr":
        d = [pick(r, ["6", "7"])] + [digits(r, 2) for _ in range(4)]
        return pick(r, ["0{0} {1} {2} {3} {4}", "+33 {0} {1} {2} {3} {4}", "0{0}.{1}.{2}.{3}.{4}"]).format(*d)
    d = pick(r, ["6", "7"]) + digits(r, 8)
    return pick(r, ["{0}{1}{2} {3}{4}{5} {6}{7}{8}", "+34 {0}{1}{2} {3}{4} {5}{6} {7}{8}", "{0}{1}{2}{3}{4}{5}{6}{7}{8}"]).format(*d)


def address(r, lang):
    st = pick(r, STREETS[lang]); town = pick(r, TOWNS[lang])
    multi = r.random() < 0.35
    sep = "\n" if multi else ", "
    if lang == "en":
        if town in ("Ottumwa", "Beloit", "Chillicothe", "Kalispell"):
            stz = {"Ottumwa": "IA 52501", "Beloit": "WI 53511", "Chillicothe": "OH 45601", "Kalispell": "MT 59901"}[town]
            return f"{r.randint(12, 4800)} {st}{sep}{town}, {stz}"
        pc = f"{pick(r, ['NE46', 'SY8', 'BA11', 'OX26', 'NE66', 'SY11', 'NR18', 'EX16'])} {r.randint(1, 9)}{pick(r, 'ABDEFGHJLNPQRSTUWXYZ')}{pick(r, 'ABDEFGHJLNPQRSTUWXYZ')}"
        flat = pick(r, ["", f"Flat {r.randint(1, 12)}, ", ""])
        return f"{flat}{r.randint(1, 140)} {st}{sep}{town}{sep}{pc}"
    if lang == "de":
        return f"{st} {r.randint(1, 88)}{pick(r, ['', '', 'a', 'b'])}{sep}{r.randint(10000, 99999)} {town}"
    if lang == "fr":
        return f"{r.randint(1, 60)}{pick(r, ['', '', ' bis'])} {st}{sep}{r.randint(10, 95):02d}{r.randint(100, 990)} {town}"
    extra = pick(r, ["", ", 2º B", ", 1º izq.", ", bajo"])
    return f"{st[0].upper() + st[1:]} {r.randint(1, 90)}{extra}{sep}{r.randint(1, 50):02d}{r.randint(100, 999)} {town}"


def dob(r, lang):
    y, mo, d = r.randint(1948, 2006), r.randint(1, 12), r.randint(1, 28)
    if lang == "en":
        return pick(r, [f"{d:02d}/{mo:02d}/{y}", f"{y}-{mo:02d}-{d:02d}", f"{d} {['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'][mo-1]} {y}", f"{mo}/{d}/{y}"])
    if lang == "de":
        return pick(r, [f"{d:02d}.{mo:02d}.{y}", f"{d}. {['Januar','Februar','März','April','Mai','Juni','Juli','August','September','Oktober','November','Dezember'][mo-1]} {y}"])
    if lang == "fr":
        return pick(r, [f"{d:02d}/{mo:02d}/{y}", f"{d} {['janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre'][mo-1]} {y}"])
    return pick(r, [f"{d:02d}/{mo:02d}/{y}", f"{d} de {['enero','febrero','marzo','abril','mayo','junio','julio','agosto','septiembre','octubre','noviembre','diciembre'][mo-1]} de {y}", f"{d:02d}-{mo:02d}-{y}"])


# ---------------------------------------------------------------- checksummed values
def luhn_ok(num: str) -> bool:
    s, alt = 0, False
    for ch in reversed(num):
        d = int(ch)
        if alt:
            d *= 2
            if d > 9:
                d -= 9
        s += d; alt = not alt
    return s % 10 == 0


def luhn_complete(prefix: str) -> str:
    for c in "0123456789":
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError


def card(r, fmt=None):
    kind = r.randrange(3)
    if kind == 2:
        n = luhn_complete(pick(r, ["34", "37"]) + digits(r, 12))
        g = [n[:4], n[4:10], n[10:]]
    else:
        pre = "4" if kind == 0 else str(r.randint(51, 55))
        n = luhn_complete(pre + digits(r, 15 - len(pre)))
        g = [n[i:i + 4] for i in range(0, 16, 4)]
    f = fmt if fmt is not None else r.randrange(3)
    return [" ".join(g), "-".join(g), n][f]


TEST_CARDS = ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444", "378282246310005",
              "4000 0000 0000 0002", "5105 1051 0510 5100"]
EXAMPLE_IBANS = ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606",
                 "ES91 2100 0418 4502 0005 1332", "NL91ABNA0417164300"]


def iban_check(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return f"{98 - int(num) % 97:02d}"


def iban(r, cc=None, spaced=None):
    cc = cc or pick(r, ["DE", "FR", "ES", "GB", "NL", "IT"])
    if cc == "DE":
        bban = digits(r, 18)
    elif cc == "FR":
        bban = digits(r, 10) + digits(r, 11) + digits(r, 2)
    elif cc == "ES":
        bban = digits(r, 20)
    elif cc == "GB":
        bban = pick(r, ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(r, 14)
    elif cc == "NL":
        bban = pick(r, ["RABO", "INGB", "ABNA", "TRIO"]) + digits(r, 10)
    else:
        bban = pick(r, string.ascii_uppercase) + digits(r, 22)
    s = cc + iban_check(cc, bban) + bban
    sp = spaced if spaced is not None else r.random() < 0.6
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if sp else s


def ssn(r):
    a = r.randint(1, 899)
    if a == 666:
        a = 667
    return f"{a:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def nino(r):
    bad1, bad2 = "DFIQUV", "DFIOQUV"
    while True:
        p = pick(r, string.ascii_uppercase) + pick(r, string.ascii_uppercase)
        if p[0] not in bad1 and p[1] not in bad2 and p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = digits(r, 6)
    s = pick(r, "ABCD")
    return pick(r, [f"{p}{d}{s}", f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}"])


def steuer_id(r):
    while True:
        ds = r.sample(range(10), 9)
        dup = pick(r, ds)
        body = ds + [dup]
        r.shuffle(body)
        if body[0] != 0:
            break
    product = 10
    for d in body:
        s = (d + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    chk = 11 - product
    if chk == 10:
        chk = 0
    n = "".join(map(str, body)) + str(chk)
    return pick(r, [n, f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"])


def nir(r):
    body = f"{r.randint(1, 2)}{r.randint(50, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 95):02d}{r.randint(1, 990):03d}{r.randint(1, 999):03d}"
    if body[5:7] == "20":
        body = body[:5] + "21" + body[7:]
    key = 97 - int(body) % 97
    return pick(r, [f"{body}{key:02d}", f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"])


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(r):
    n = r.randint(1000000, 99999999)
    return pick(r, [f"{n:08d}{DNI_LETTERS[n % 23]}", f"{n:08d}-{DNI_LETTERS[n % 23]}"])


def nie(r):
    p = r.randrange(3)
    n = r.randint(0, 9999999)
    return f"{'XYZ'[p]}{n:07d}{DNI_LETTERS[int(str(p) + f'{n:07d}') % 23]}"


def bsn(r):
    while True:
        d = [r.randrange(10) for _ in range(8)]
        s = sum(d[i] * (9 - i) for i in range(8))
        last_d = s % 11
        if last_d < 10 and d[0] != 0:
            return "".join(map(str, d)) + str(last_d)


def cpf(r):
    d = [r.randrange(10) for _ in range(9)]
    for w in (10, 11):
        s = sum(d[i] * (w - i) for i in range(len(d)))
        d.append((s * 10 % 11) % 10)
    n = "".join(map(str, d))
    return f"{n[:3]}.{n[3:6]}.{n[6:9]}-{n[9:]}"


def sin(r):
    n = luhn_complete(str(r.randint(1, 7)) + digits(r, 7))
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def passport(r, lang):
    if lang == "de":
        return pick(r, "CFGHJK") + "".join(pick(r, "CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))
    if lang == "fr":
        return f"{r.randint(10, 24)}{pick(r, string.ascii_uppercase)}{pick(r, string.ascii_uppercase)}{digits(r, 5)}"
    if lang == "es":
        return pick(r, ["PA", "PAA", "XDC"]) + digits(r, 6)
    return digits(r, 9)


def aba(r):
    """US routing number with the 3-7-1 checksum."""
    body = f"{r.choice([0, 1, 2, 3])}{r.randint(1, 9)}" + digits(r, 6)
    w = [3, 7, 1, 3, 7, 1, 3, 7]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + str((10 - s % 10) % 10)


def nonluhn(r, n):
    while True:
        s = digits(r, n)
        if s[0] != "0" and not luhn_ok(s):
            return s


def order_no(r):
    return pick(r, [f"ORD-{digits(r, 7)}", f"#{r.randint(100000, 999999)}", f"PO{digits(r, 6)}",
                    f"INV-{r.randint(2023, 2026)}-{digits(r, 5)}"])


# ---------------------------------------------------------------- secrets & network
B62 = string.ascii_letters + string.digits


def rs(r, n, alpha=B62):
    return "".join(pick(r, alpha) for _ in range(n))


def aws_key(r):
    return "AKIA" + rs(r, 16, string.ascii_uppercase + "234567")


def aws_secret(r):
    return rs(r, 40, B62 + "/+")


def gh_token(r):
    return pick(r, ["ghp_", "github_pat_11" + rs(r, 20, string.ascii_uppercase + string.digits) + "_", "gho_"]) + rs(r, 36)


def stripe_key(r):
    return pick(r, ["sk_live_", "rk_live_"]) + rs(r, 24 + r.randrange(8))


def openai_key(r):
    return "sk-proj-" + rs(r, 48, B62 + "_-")


def google_key(r):
    return "AIza" + rs(r, 35, B62 + "_-")


def slack_token(r):
    return f"xoxb-{digits(r, 11)}-{digits(r, 13)}-{rs(r, 24)}"


def slack_hook(r):
    return f"https://hooks.slack.com/services/T{rs(r, 8, string.ascii_uppercase + string.digits)}/B{rs(r, 10, string.ascii_uppercase + string.digits)}/{rs(r, 24)}"


def discord_hook(r):
    return f"https://discord.com/api/webhooks/{digits(r, 18)}/{rs(r, 68, B62 + '_-')}"


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(r):
    h = b64u(json.dumps({"alg": pick(r, ["HS256", "RS256"]), "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps({"sub": digits(r, 8), "role": pick(r, ["admin", "user", "svc"]),
                         "iat": 1760000000 + r.randrange(10 ** 7)}, separators=(",", ":")).encode())
    return f"{h}.{p}.{rs(r, 43, B62 + '_-')}"


JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
          "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
AWS_EXAMPLE = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def password(r):
    w = pick(r, ["Sommer", "Tigre", "Falcon", "Mariposa", "Kastanie", "Chaton", "Rocket", "Limon", "Nebel"])
    return pick(r, [f"{w}{r.randint(10, 2026)}{pick(r, '!?#$%&*')}", rs(r, 14, B62 + "!#%&*@^"),
                    f"{w.lower()}_{rs(r, 4)}{pick(r, '!#')}{r.randint(1, 99)}", f"{pick(r, '!#')}{w}{rs(r, 5)}"])


def pem(r):
    kind = pick(r, ["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    lines = [rs(r, 64, B62 + "+/") for _ in range(r.randint(3, 6))] + [rs(r, r.randint(10, 60), B62 + "+/") + "=="]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def pub_ip(r):
    while True:
        a = r.randint(1, 223)
        if a in (10, 127, 100, 169, 172, 192, 198, 203, 0):
            continue
        return f"{a}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def priv_ip(r):
    return pick(r, [f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                    f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                    f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                    f"127.0.0.{r.randint(1, 9)}", f"169.254.{r.randint(0, 255)}.{r.randint(1, 254)}",
                    f"100.{r.randint(64, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                    f"192.0.2.{r.randint(1, 254)}", f"198.51.100.{r.randint(1, 254)}", f"203.0.113.{r.randint(1, 254)}"])


def mac(r):
    sep = pick(r, [":", "-"])
    return sep.join(f"{r.randrange(256):02x}" for _ in range(6)).upper() if r.random() < .5 else sep.join(f"{r.randrange(256):02x}" for _ in range(6))


def conn(r):
    u = pick(r, ["app", "svc_billing", "admin", "etl_user", "root", "reporting"])
    pw = rs(r, 12, B62 + "!%")
    host = pick(r, ["db-prod-2.internal", "pg.corp.lan", "cluster0.x7f2k.mongodb.net", "mysql-eu.prod", "redis-cache.prod"])
    return pick(r, [f"postgresql://{u}:{pw}@{host}:5432/ledger", f"mongodb+srv://{u}:{pw}@{host}/orders?retryWrites=true",
                    f"mysql://{u}:{pw}@{host}:3306/crm", f"redis://:{pw}@{host}:6379/0",
                    f"Server={host};Database=HR;User Id={u};Password={pw};"])


def mrn(r, lang):
    return pick(r, {"en": [f"MRN {digits(r, 7)}", f"{digits(r, 3)} {digits(r, 3)} {digits(r, 4)}", f"H{digits(r, 7)}"],
                    "de": [f"{digits(r, 8)}", f"PID-{digits(r, 6)}"], "fr": [f"{digits(r, 9)}", f"IPP{digits(r, 7)}"],
                    "es": [f"{digits(r, 8)}", f"HC-{digits(r, 6)}"]}[lang]).replace("MRN ", "")


def btc(r):
    return pick(r, ["bc1q" + rs(r, 38, "023456789acdefghjklmnpqrstuvwxyz"), "1" + rs(r, 33, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")])


def eth(r):
    return "0x" + rs(r, 40, "0123456789abcdef")


def uuid(r):
    h = rs(r, 32, "0123456789abcdef")
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def sha(r, n=40):
    return rs(r, n, "0123456789abcdef")


PROMPTS = {
    "en": ["Summarise this thread", "Can you clean this up?", "Fix this CSV", "What's wrong here?", "Rewrite this more politely:",
           "Turn this into a table", "Make this shorter pls", "Explain this error", "Draft a reply to this", "Translate to French:",
           "Extract the action items", "Proofread:", "tl;dr this for me", "Convert to JSON"],
    "de": ["Fasse diesen Verlauf zusammen", "Kannst du das bereinigen?", "Bitte korrigieren:", "Was ist hier falsch?",
           "Formuliere das freundlicher:", "Mach daraus eine Tabelle", "Kürzer bitte", "Erklär mir den Fehler",
           "Schreib eine Antwort darauf", "Übersetze ins Englische:"],
    "fr": ["Résume ce fil", "Tu peux nettoyer ça ?", "Corrige ce CSV", "Qu'est-ce qui cloche ici ?", "Reformule plus poliment :",
           "Fais-en un tableau", "Plus court stp", "Explique cette erreur", "Rédige une réponse", "Traduis en anglais :"],
    "es": ["Resume este hilo", "¿Puedes limpiar esto?", "Arregla este CSV", "¿Qué falla aquí?", "Reescríbelo más educado:",
           "Pásalo a una tabla", "Más corto porfa", "Explícame este error", "Redacta una respuesta", "Traduce al inglés:"],
}


def prompt(r, lang):
    p = pick(r, PROMPTS[lang])
    return pick(r, [p, p.lower(), p + "\n"])


# ---------------------------------------------------------------- templates
def tr(L, en, de, fr, es):
    return {"en": en, "de": de, "fr": fr, "es": es}[L]


def P(v):
    return m(v, "PERSON")


TEMPLATES = []


def tpl(fn):
    TEMPLATES.append(fn)
    return fn


@tpl
def mail_thread(r, L):
    f1, l1, f2, l2 = first(r), last(r), first(r), last(r)
    dom = pick(r, CORP_DOMAINS)
    greet = tr(L, pick(r, ["Hi", "Hello", "Dear"]), pick(r, ["Hallo", "Liebe/r", "Guten Tag"]), pick(r, ["Bonjour", "Salut"]), pick(r, ["Hola", "Buenos días", "Estimada/o"]))
    body = tr(L, "following up on the contract renewal - can we move the call to Thursday? I've attached the redlines.",
              "anbei die überarbeitete Version des Vertrags. Können wir den Termin auf Donnerstag verschieben?",
              "je reviens vers toi au sujet du renouvellement. Peut-on décaler l'appel à jeudi ?",
              "te escribo por la renovación del contrato. ¿Podemos mover la llamada al jueves?")
    bye = tr(L, pick(r, ["Best", "Cheers", "Kind regards"]), pick(r, ["Viele Grüße", "Beste Grüße", "VG"]), pick(r, ["Cordialement", "Bien à toi", "Bonne journée"]), pick(r, ["Un saludo", "Saludos", "Gracias"]))
    sig = f"{P(f2 + ' ' + l2)}\n{pick(r, ['Account Manager', 'Head of Ops', 'Einkauf', 'Responsable RH', 'Jefa de proyecto'])}\n"
    sig += pick(r, [f"M: {m(phone(r, L), 'PHONE_NUMBER')}\n", f"Tel. {m(phone(r, L), 'PHONE_NUMBER')}\n", f"{m(phone(r, L), 'PHONE_NUMBER')} | {m(work_email(r, f2, l2, dom), 'EMAIL_ADDRESS')}\n"])
    hdr = f"From: {P(f2 + ' ' + l2)} <{m(work_email(r, f2, l2, dom), 'EMAIL_ADDRESS')}>\nTo: {P(f1 + ' ' + l1)}\n" if r.random() < .6 else ""
    return f"{prompt(r, L)}\n\n{hdr}{greet} {P(f1)},\n\n{body}\n\n{bye},\n{sig}"


@tpl
def chat_lowercase(r, L):
    a, b, c = first(r).lower(), first(r).lower(), first(r)
    ts = sorted(r.randint(480, 1100) for _ in range(4))
    lines = [f"[{r.randint(8, 18):02d}:{r.randint(0, 59):02d}] {P(a)}: " + tr(L, "hey did u send the adress to the courier??", "hast du dem kurier die adresse geschickt??", "t'as envoyé l'adresse au livreur ??", "le pasaste la direccion al mensajero??"),
             f"[{r.randint(8, 18):02d}:{r.randint(0, 59):02d}] {P(b)}: " + tr(L, "ya its ", "jo ist ", "oui c'est ", "si es ") + m(address(r, L).replace("\n", ", "), "LOCATION"),
             f"[{r.randint(8, 18):02d}:{r.randint(0, 59):02d}] {P(a)}: " + tr(L, "and " + P(c.lower()) + "s number?", "und die nummer von " + P(c.lower()) + "?", "et le num de " + P(c.lower()) + " ?", "y el numero de " + P(c.lower()) + "?"),
             f"[{r.randint(8, 18):02d}:{r.randint(0, 59):02d}] {P(b)}: " + m(phone(r, L), "PHONE_NUMBER") + pick(r, ["", " thx", " 👍", " !!"])]
    lines = [f"[{t // 60:02d}:{t % 60:02d}]" + ln.split("]", 1)[1] for t, ln in zip(ts, lines)]
    if "s number" in lines[2]:
        lines[2] = lines[2].replace(P(c.lower()) + "s number", P(c.lower()) + "'s number")
    return tr(L, "who is supposed to call the courier? read this:", "wer soll den kurier anrufen? lies mal:", "qui doit appeler le livreur ? lis ça :", "quién tiene que llamar al mensajero? mira:") + "\n" + "\n".join(lines)


@tpl
def hr_record(r, L):
    f, l = first(r), last(r)
    idv = {"en": lambda: pick(r, [("NI number", nino(r)), ("SSN", ssn(r)), ("SIN", sin(r))]), "de": lambda: ("Steuer-ID", steuer_id(r)),
           "fr": lambda: ("N° sécurité sociale (NIR)", nir(r)), "es": lambda: pick(r, [("DNI", dni(r)), ("NIE", nie(r))])}[L]()
    keys = tr(L, ["First name", "Surname", "Date of birth", "Home address", "Start date"], ["Vorname", "Nachname", "Geburtsdatum", "Anschrift", "Eintritt"],
              ["Prénom", "Nom", "Date de naissance", "Adresse", "Date d'entrée"], ["Nombre", "Apellidos", "Fecha de nacimiento", "Domicilio", "Alta"])
    rows = [(keys[0], P(f)), (keys[1], P(l)), (keys[2], m(dob(r, L), "DATE_OF_BIRTH")), (idv[0], m(idv[1], "NATIONAL_ID")),
            (keys[3], m(address(r, L).replace("\n", ", "), "LOCATION")), ("IBAN", m(iban(r, {"en": "GB", "de": "DE", "fr": "FR", "es": "ES"}[L]), "IBAN_CODE")),
            (keys[4], f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.2025")]
    if r.random() < .5:
        rows = rows[:2] + r.sample(rows[2:], len(rows) - 2)
    sep = pick(r, [": ", "\t", " | ", " = "])
    return tr(L, "Check this onboarding record for missing fields", "Prüf den Personalstammsatz auf fehlende Felder", "Vérifie s'il manque des champs dans cette fiche", "Revisa si falta algún campo en esta ficha") + "\n\n" + "\n".join(k + sep + v for k, v in rows)


@tpl
def csv_customers(r, L):
    hdr = tr(L, "first_name,last_name,email,phone,city", "Vorname;Nachname;E-Mail;Telefon;Ort", "prenom;nom;courriel;tel;ville", "nombre,apellido,correo,movil,localidad")
    sep = ";" if ";" in hdr else ","
    rows = []
    for _ in range(r.randint(2, 5)):
        f, l = first(r), last(r)
        rows.append(sep.join([P(f), P(l), m(email(r, L, f, l), "EMAIL_ADDRESS"), m(phone(r, L), "PHONE_NUMBER"), m(pick(r, TOWNS[L]), "LOCATION")]))
    return prompt(r, L) + "\n" + hdr + "\n" + "\n".join(rows)


@tpl
def env_file(r, L):
    lines = [f"NODE_ENV=production", f"PORT={pick(r, ['3000', '8080', '5000'])}", f"DATABASE_URL={m(conn(r), 'CONNECTION_STRING')}",
             f"STRIPE_SECRET_KEY={m(stripe_key(r), 'API_KEY')}", f"SESSION_SECRET={m(rs(r, 32, B62), 'GENERIC_SECRET')}",
             f"ADMIN_PASSWORD={m(password(r), 'PASSWORD')}", f"OPENAI_API_KEY={m(openai_key(r), 'API_KEY')}", "LOG_LEVEL=debug",
             f"AWS_ACCESS_KEY_ID={m(aws_key(r), 'API_KEY')}", f"AWS_SECRET_ACCESS_KEY={m(aws_secret(r), 'API_KEY')}"]
    keep = [lines[0], lines[1]] + r.sample(lines[2:], r.randint(2, 5))
    r.shuffle(keep)
    return tr(L, "why is my app not reading this .env?", "warum liest meine App die .env nicht?", "pourquoi mon app ne lit pas ce .env ?", "por qué mi app no lee este .env?") + "\n```\n" + "\n".join(keep) + "\n```"


@tpl
def curl_cmd(r, L):
    host = pick(r, ["api.brightpath.io", "billing.fernwerk.de", "internal-gw.kestrel-analytics.co.uk"])
    auth = pick(r, [f"-H 'Authorization: Bearer {m(jwt(r), 'JWT')}'", f'-H "X-Api-Key: {m(google_key(r), "API_KEY")}"',
                    f"-u admin:{m(password(r), 'PASSWORD')}", f"-H 'Authorization: token {m(gh_token(r), 'API_KEY')}'"])
    return tr(L, "this returns 401, any idea?", "das gibt 401 zurück, Idee?", "ça renvoie 401, une idée ?", "esto devuelve 401, ¿alguna idea?") + f"\n\ncurl -sS -X {pick(r, ['GET', 'POST'])} https://{host}/v2/{pick(r, ['invoices', 'users/me', 'exports'])} \\\n  {auth} \\\n  -H 'Content-Type: application/json'"


@tpl
def access_log(r, L):
    out = []
    for _ in range(r.randint(3, 6)):
        ipv = m(pub_ip(r), "IP_ADDRESS") if r.random() < .6 else priv_ip(r)
        user = m(email(r, L), "EMAIL_ADDRESS") if r.random() < .3 else "-"
        out.append(f'{ipv} - {user} [07/Dec/2026:{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} +0000] "{pick(r, ["GET", "POST"])} /{pick(r, ["login", "api/cart", "static/app.js", "wp-admin"])} HTTP/1.1" {pick(r, ["200", "302", "404", "500"])} {r.randint(200, 90000)}')
    return tr(L, "Which client is hammering us?", "Welcher Client flutet uns?", "Quel client nous bombarde ?", "¿Qué cliente nos está saturando?") + "\n" + "\n".join(out)


@tpl
def ticket(r, L):
    f, l = first(r), last(r)
    tid = pick(r, ["ZD", "SD", "INC", "HELP"]) + "-" + str(r.randint(1000, 99999))
    body = tr(L, f"Customer {P(f + ' ' + l)} says the refund never arrived. Card on file ends in ****{digits(r, 4)}. Call back on {m(phone(r, L), 'PHONE_NUMBER')}.",
              f"Kundin {P(f + ' ' + l)} meldet, dass die Erstattung fehlt. Karte endet auf ****{digits(r, 4)}. Rückruf unter {m(phone(r, L), 'PHONE_NUMBER')}.",
              f"Le client {P(l.upper())} {P(f)} n'a pas reçu son remboursement. Carte se terminant par ****{digits(r, 4)}. Rappeler au {m(phone(r, L), 'PHONE_NUMBER')}.",
              f"La clienta {P(f + ' ' + l)} dice que no le ha llegado el reembolso. Tarjeta acabada en ****{digits(r, 4)}. Llamar al {m(phone(r, L), 'PHONE_NUMBER')}.")
    if r.random() < .5:
        body += "\n" + tr(L, "Full card she read out: ", "Vollständige Karte laut Anruf: ", "Carte complète dictée : ", "Tarjeta completa que dictó: ") + m(card(r), "CREDIT_CARD")
    return f"{prompt(r, L)}\n\n{tid} | {pick(r, ['Priority: High', 'P2', 'Status: Open'])} | {tr(L, 'Order', 'Bestellung', 'Commande', 'Pedido')} {order_no(r)}\n{body}"


@tpl
def doctor_letter(r, L):
    f, l = first(r), last(r)
    cond, med = pick(r, CONDITIONS[L]), pick(r, MEDS)
    dose = pick(r, ["500 mg 2x daily", "10 mg", "1-0-1", "25 µg"])
    t = tr(L, (f"Re: {P(f + ' ' + l)}, DOB {m(dob(r, L), 'DATE_OF_BIRTH')}, MRN {m(mrn(r, L), 'MEDICAL_RECORD_NUMBER')}\n\nDear Dr {P(last(r))},\nThank you for seeing this patient with known {m(cond, 'MEDICAL_CONDITION')}. "
                f"Current medication: {m(med, 'MEDICATION')} {dose}. Please review."),
           (f"Betreff: {P(l + ', ' + f)}, geb. {m(dob(r, L), 'DATE_OF_BIRTH')}, Fall-Nr. {m(mrn(r, L), 'MEDICAL_RECORD_NUMBER')}\n\nSehr geehrte Frau Kollegin {P(last(r))},\nwir berichten über o.g. Patienten mit bekannter {m(cond, 'MEDICAL_CONDITION')}. "
                f"Medikation: {m(med, 'MEDICATION')} {dose}."),
           (f"Objet : {P(f + ' ' + l)}, né(e) le {m(dob(r, L), 'DATE_OF_BIRTH')}, IPP {m(mrn(r, L), 'MEDICAL_RECORD_NUMBER')}\n\nCher confrère,\nJe vous adresse ce patient suivi pour {m(cond, 'MEDICAL_CONDITION')}. "
                f"Traitement : {m(med, 'MEDICATION')} {dose}.\nDr {P(last(r))}"),
           (f"Paciente: {P(f + ' ' + l)}  F. nac.: {m(dob(r, L), 'DATE_OF_BIRTH')}  NHC: {m(mrn(r, L), 'MEDICAL_RECORD_NUMBER')}\n\nDiagnóstico: {m(cond, 'MEDICAL_CONDITION')}.\nTratamiento actual: {m(med, 'MEDICATION')} {dose}.\nFdo. Dra. {P(last(r))}"))
    return tr(L, "Simplify this letter for the patient:", "Vereinfache diesen Arztbrief:", "Simplifie ce courrier :", "Simplifica este informe:") + "\n\n" + t


@tpl
def payslip(r, L):
    f, l = first(r), last(r)
    gross = r.randint(2100, 7800)
    idv = {"en": ("NI No", nino(r)), "de": ("Steuer-ID", steuer_id(r)), "fr": ("N° SS", nir(r)), "es": ("DNI", dni(r))}[L]
    lines = [tr(L, "PAYSLIP", "Gehaltsabrechnung", "BULLETIN DE PAIE", "NÓMINA") + f" {pick(r, ['11', '10', '09'])}/2026",
             tr(L, "Employee", "Mitarbeiter", "Salarié", "Trabajador") + f": {P(l.upper() if L == 'fr' else f + ' ' + l)}{' ' + P(f) if L == 'fr' else ''}",
             f"{idv[0]}: {m(idv[1], 'NATIONAL_ID')}",
             tr(L, "Gross", "Brutto", "Brut", "Devengado") + f": {gross:,}.00",
             tr(L, "Net", "Netto", "Net à payer", "Líquido") + f": {int(gross * .68):,}.{r.randint(10, 99)}",
             tr(L, "Paid to", "Auszahlung an", "Versé sur", "Ingreso en") + f": {m(iban(r, {'en': 'GB', 'de': 'DE', 'fr': 'FR', 'es': 'ES'}[L]), 'IBAN_CODE')}"]
    return tr(L, "explain the deductions on my payslip", "erklär mir die Abzüge", "explique-moi les retenues", "explícame las retenciones") + "\n\n" + "\n".join(lines)


@tpl
def invoice_company(r, L):
    city = pick(r, PUBLIC_PLACES)
    co = pick(r, ["Northwind Logistics Ltd", "Heller & Sohn GmbH", "Atelier Vauban SAS", "Grupo Olmeda S.L.", "Kestrel Analytics Ltd"])
    vat = pick(r, [f"GB{digits(r, 9)}", f"DE{digits(r, 9)}", f"FR{digits(r, 11)}", f"ESB{digits(r, 8)}"])
    return (tr(L, "Does this invoice look right?", "Stimmt diese Rechnung?", "Cette facture est-elle correcte ?", "¿Está bien esta factura?") +
            f"\n\n{co}\n{pick(r, ['Head office', 'Sitz', 'Siège social', 'Domicilio social'])}: {pick(r, ['Unit 4, Riverside Park', 'Industriestraße 12', '14 quai de la Loire', 'Polígono Norte, nave 7'])}, {city}\n"
            f"VAT/USt-IdNr.: {vat}\n{tr(L, 'Invoice', 'Rechnung', 'Facture', 'Factura')} {order_no(r)}  {tr(L, 'Customer no.', 'Kunden-Nr.', 'N° client', 'N.º cliente')} {r.randint(10000, 99999)}\n"
            f"{r.randint(2, 40)} x {pick(r, ['Pallet wrap', 'Wartung Q3', 'Licence annuelle', 'Soporte técnico'])} … {r.randint(100, 9000)},00 EUR\n"
            f"IBAN: {pick(r, ['DE** **** **** **** **34 12', 'see remittance slip', 'FR76 **** **** **** **** ***8 812', 'ES** **** **** ** ****567'])}\n{tr(L, 'Payment terms: 30 days net', 'Zahlbar innerhalb 30 Tagen', 'Paiement à 30 jours', 'Pago a 30 días')}")


@tpl
def sports_report(r, L):
    a, b = r.sample(["Lionel Messi", "Kylian Mbappé", "Antoine Griezmann", "Toni Kroos", "Alexia Putellas", "Aitana Bonmatí", "Thomas Tuchel", "Jürgen Klopp"], 2)
    c1, c2 = r.sample(PUBLIC_PLACES, 2)
    s1, s2 = r.randint(0, 4), r.randint(0, 4)
    return tr(L, f"Summarise this match report:\n\n{c1} {s1}-{s2} {c2}. {a} opened the scoring in the {r.randint(3, 44)}th minute before {b} levelled after the break. Attendance: {r.randint(20000, 81000):,}. The sides meet again in {c2} in March.",
              f"Fasse den Spielbericht zusammen:\n\n{c1} – {c2} {s1}:{s2}. {a} traf in der {r.randint(3, 44)}. Minute, {b} glich nach der Pause aus. {r.randint(20000, 81000)} Zuschauer in {c1}.",
              f"Résume ce compte rendu :\n\n{c1} {s1}-{s2} {c2}. {a} ouvre le score à la {r.randint(3, 44)}e minute, {b} égalise au retour des vestiaires. Prochain rendez-vous à {c2}.",
              f"Resume la crónica:\n\n{c1} {s1}-{s2} {c2}. {a} abrió el marcador en el minuto {r.randint(3, 44)} y {b} empató tras el descanso. {r.randint(20000, 81000)} espectadores.")


@tpl
def film_plot(r, L):
    plot = pick(r, [("Harry Potter", "Hogwarts"), ("Sherlock Holmes", "Baker Street"), ("Amélie Poulain", "Montmartre"), ("Don Quijote", "La Mancha"), ("Hermione Granger", "the Ministry"), ("Bridget Jones", "Borough Market"), ("Walter White", "Albuquerque")])
    city = pick(r, PUBLIC_PLACES)
    if r.random() < .5:
        return tr(L, f"Rank these by runtime: 'Oppenheimer' (Cillian Murphy), 'Amélie' (Audrey Tautou), 'Toni Erdmann', 'Volver' (Penélope Cruz), '{plot[0]}' adaptation shot in {city}.",
                  f"Sortiere nach Laufzeit: „Toni Erdmann“, „Good Bye, Lenin!“ (Daniel Brühl), „Lola rennt“ und eine {plot[0]}-Verfilmung aus {city}.",
                  f"Classe par durée : « Amélie » (Audrey Tautou), « Intouchables » (Omar Sy), « La Haine » et une adaptation de {plot[0]} tournée à {city}.",
                  f"Ordena por duración: «Volver» (Penélope Cruz), «Todo sobre mi madre», «El laberinto del fauno» y una adaptación de {plot[0]} rodada en {city}.")
    return tr(L, f"Write a 2-line blurb: {plot[0]} returns to {plot[1]} after years abroad and discovers a secret letter hidden in a flat in {city}. Starring an ensemble cast; released in cinemas on 14 March.",
              f"Schreib einen Klappentext: {plot[0]} kehrt nach {plot[1]} zurück und findet in einer Wohnung in {city} einen geheimen Brief. Kinostart am 14. März.",
              f"Écris un pitch : {plot[0]} revient à {plot[1]} et découvre une lettre cachée dans un appartement à {city}. Sortie en salles le 14 mars.",
              f"Escribe una sinopsis: {plot[0]} vuelve a {plot[1]} y descubre una carta secreta en un piso de {city}. Estreno el 14 de marzo.")


@tpl
def brand_names(r, L):
    items = r.sample(["Ben & Jerry's", "Uncle Ben's", "Dr. Oetker", "Tommy Hilfiger", "Hugo Boss", "Jack Daniel's", "Paul Smith shirt",
                      "Carl Zeiss lens", "Tim Hortons gift card", "Werther's Original", "Meister Proper", "Monsieur Cuisine", "Don Simón",
                      "Tío Pepe", "Ralph Lauren polo", "Jean Paul Gaultier perfume", "Mr. Muscle", "Martha Stewart cookware", "Marie biscuits"], 5)
    return tr(L, "Sort this shopping list by aisle:\n", "Sortier die Einkaufsliste nach Gang:\n", "Trie cette liste de courses par rayon :\n", "Ordena la lista de la compra por pasillo:\n") + "\n".join(f"- {i}" for i in items)


@tpl
def office_addresses(r, L):
    if r.random() < .5:
        co = pick(r, ["Google", "Siemens", "Airbus", "Inditex", "Spotify", "SAP", "BBVA", "L'Oréal"])
        hq = pick(r, ["1600 Amphitheatre Parkway, Mountain View, CA 94043", "Werner-von-Siemens-Straße 1, 80333 München", "2 rond-point Émile Dewoitine, 31700 Blagnac",
                      "Avenida de la Diputación, 15142 Arteixo, A Coruña", "Dietmar-Hopp-Allee 16, 69190 Walldorf", "Calle Azul 4, 28050 Madrid", "14 rue Royale, 75008 Paris"])
        return tr(L, f"Add this to the supplier list: {co} HQ - {hq}. Visitor parking at the north gate.", f"Zur Lieferantenliste hinzufügen: {co}, Zentrale: {hq}.",
                  f"Ajoute au fichier fournisseurs : {co}, siège : {hq}.", f"Añádelo a proveedores: {co}, sede: {hq}.")
    venues = r.sample(["Allianz Arena, Werner-Heisenberg-Allee 25, 80939 München", "Wembley Stadium, London HA9 0WS",
                       "Stade de France, 93200 Saint-Denis", "Estadio Santiago Bernabéu, Av. de Concha Espina 1, 28036 Madrid",
                       "Elbphilharmonie, Platz der Deutschen Einheit 4, 20457 Hamburg", "Palais des Congrès, 2 place de la Porte Maillot, 75017 Paris",
                       "ExCeL London, Royal Victoria Dock, 1 Western Gateway, London E16 1XL", "Fira Gran Via, Av. Joan Carles I 64, 08908 Barcelona"], 2)
    return tr(L, "Which venue is closer to the airport?\n", "Welcher Veranstaltungsort liegt näher am Flughafen?\n", "Quel lieu est le plus proche de l'aéroport ?\n", "¿Qué recinto está más cerca del aeropuerto?\n") + "\n".join(f"{i + 1}) {v}" for i, v in enumerate(venues)) + "\n" + tr(L, f"Our {pick(r, PUBLIC_PLACES)} office is on the 3rd floor, reception opens 8:30.", f"Unser Büro in {pick(r, PUBLIC_PLACES)} ist im 3. OG.", f"Notre bureau de {pick(r, PUBLIC_PLACES)} est au 3e étage.", f"Nuestra oficina de {pick(r, PUBLIC_PLACES)} está en la 3ª planta.")


@tpl
def code_placeholders(r, L):
    v = r.randrange(3)
    bucket = pick(r, ["reports", "invoices-archive", "ml-artifacts", "backups", "static-assets"]) + "-" + str(r.randint(1, 99))
    if v == 0:
        body = f'import boto3\n\nclient = boto3.client(\n    "s3",\n    aws_access_key_id="{look(AWS_EXAMPLE[0])}",\n    aws_secret_access_key="{look(AWS_EXAMPLE[1])}",  # from the AWS docs\n)\nclient.list_objects_v2(Bucket="{bucket}")'
    elif v == 1:
        body = f'const token = process.env.API_TOKEN ?? "<API_KEY>";\nconst db = `postgres://${{DB_USER}}:${{DB_PASSWORD}}@localhost:{r.randint(5400, 5499)}/{bucket}`;\n// sample from jwt.io:\n// {look(JWT_IO)}'
    else:
        body = "password: \"{{ vault_db_password }}\"\napi_key: xxxxxxxxxxxxxxxxxxxx\nsecret: ${SECRET_FROM_KMS}\nwebhook: https://hooks.slack.com/services/XXXX/YYYY/ZZZZ\nbucket: " + bucket
    return tr(L, "Is this safe to commit?", "Kann ich das so committen?", "Je peux commiter ça ?", "¿Puedo subir esto al repo?") + "\n```\n" + body + "\n```"


@tpl
def test_cards(r, L):
    cs = r.sample(TEST_CARDS, 3)
    return tr(L, "Write unit tests using these sandbox cards:", "Schreib Tests mit diesen Sandbox-Karten:", "Écris des tests avec ces cartes de test :", "Escribe tests con estas tarjetas de prueba:") + "\n" + "\n".join(f"- {look(c)} exp 12/34 cvc 123 -> {pick(r, ['succeeds', 'declined', 'requires_action'])}" for c in cs) + (f"\n- IBAN {look(pick(r, EXAMPLE_IBANS))} (SEPA test)" if r.random() < .6 else "")


@tpl
def masked_support(r, L):
    return tr(L, f"Agent: I can see the card ending ****{digits(r, 4)} and the account GB** **** **** **** {digits(r, 4)}.\nBot: Your order {order_no(r)} ships via tracking 1Z{rs(r, 16, string.ascii_uppercase + string.digits)}.\nDraft a follow-up.",
              f"Bot: Karte endet auf **** {digits(r, 4)}, IBAN DE** **** **** **** **{digits(r, 2)} {digits(r, 2)}. Sendung {digits(r, 12)}.\nAgent: Bestellung {order_no(r)} ist unterwegs.\nFormuliere eine Nachfassmail.",
              f"Conseiller : la carte XXXX-XXXX-XXXX-{digits(r, 4)} a été débitée. Colis n° {rs(r, 2, string.ascii_uppercase)}{digits(r, 9)}FR.\nRédige une relance.",
              f"Agente: veo la tarjeta •••• {digits(r, 4)} y la cuenta ES** **** **** **** **{digits(r, 2)}. Envío {order_no(r)}.\nRedacta un seguimiento.")


@tpl
def hashes(r, L):
    lines = [f"commit {sha(r)}", f"Merge: {sha(r, 7)} {sha(r, 7)}", f"image: registry.internal/app@sha256:{sha(r, 64)}",
             f"request_id={uuid(r)}", f"trace={sha(r, 32)}", f"order={order_no(r)}", f"build #{r.randint(100, 9999)} finished in {r.randint(20, 900)}s"]
    r.shuffle(lines)
    return tr(L, "which build introduced the regression?", "welcher Build hat die Regression eingeführt?", "quel build a introduit la régression ?", "¿qué build metió la regresión?") + "\n" + "\n".join(lines[:r.randint(4, 7)])


@tpl
def k8s_private(r, L):
    return (tr(L, "why can't pods reach the db?", "warum erreichen die Pods die DB nicht?", "pourquoi les pods n'atteignent pas la base ?", "¿por qué los pods no llegan a la bd?") +
            f"\n```yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: {pick(r, ['orders-db', 'ledger', 'cache'])}\nspec:\n  clusterIP: {priv_ip(r)}\n  ports:\n    - port: {pick(r, ['5432', '6379', '3306'])}\n---\n# node {priv_ip(r)} bind 0.0.0.0, gateway {priv_ip(r)}\n# docs example peer {pick(r, ['192.0.2.', '198.51.100.', '203.0.113.'])}{r.randint(1, 254)}\n```")


@tpl
def blank_form(r, L):
    tn = pick(r, TEMPLATE_NAMES)
    if r.random() < .5:
        return (tr(L, "Turn this template into a Word form:", "Mach aus der Vorlage ein Formular:", "Fais un formulaire à partir de ce modèle :", "Convierte esta plantilla en formulario:") +
                f"\n[{tr(L, 'FULL NAME', 'NAME, VORNAME', 'NOM PRÉNOM', 'NOMBRE Y APELLIDOS')}]\n[{tr(L, 'STREET, TOWN, POSTCODE', 'STRASSE, PLZ ORT', 'ADRESSE', 'DIRECCIÓN')}]\n"
                f"{tr(L, 'Phone', 'Telefon', 'Tél.', 'Teléfono')}: (___) ___-____   {tr(L, 'Card', 'Karte', 'Carte', 'Tarjeta')}: XXXX XXXX XXXX XXXX\n{tr(L, 'Signed', 'Unterschrift', 'Signé', 'Firmado')}: {tn}, {r.randint(1, 28)}/{r.randint(1, 12)}/20XX")
    return tr(L, f"Fill in the example row of this form template:\nName: ________  Date of birth: __/__/____\nAddress: ______________\nIBAN: ____ ____ ____ ____\nExample: {tn}, 01/01/1970",
              f"Ergänze die Beispielzeile im Formular:\nName: ________  Geburtsdatum: __.__.____\nAnschrift: ______________\nSteuer-ID: ___________\nBeispiel: {tn}, Musterstraße 1, 12345 Musterstadt",
              f"Complète le modèle :\nNom : ________  Né(e) le : __/__/____\nAdresse : ______________\nN° SS : _ __ __ __ ___ ___ __\nExemple : {tn}",
              f"Rellena la fila de ejemplo:\nNombre: ________  Fecha de nacimiento: __/__/____\nDomicilio: ______________\nDNI: ________-_\nEjemplo: {tn}")


@tpl
def policy_prose(r, L):
    n, d, h = r.randint(10, 16), pick(r, [60, 90, 180]), pick(r, [24, 48, 72])
    if r.random() < .5:
        return tr(L, f"Turn into an FAQ:\n{pick(r, ['4.2', '7.1', '3.3'])} Information classified as Confidential or Strictly Confidential may only be shared on a need-to-know basis. Credentials (passwords, API keys, private keys) must live in the vault, never in tickets or chat. Breaches are reported within {h} h.",
                  f"Mach ein FAQ daraus:\n{pick(r, ['4.2', '7.1', '3.3'])} Als VERTRAULICH eingestufte Informationen nur bei Bedarf weitergeben. Zugangsdaten (Passwörter, API-Schlüssel) gehören in den Tresor, nie ins Ticket. Meldung binnen {h} Stunden.",
                  f"Transforme en FAQ :\n{pick(r, ['4.2', '7.1', '3.3'])} Les informations classées « Confidentiel » ne sont partagées qu'en cas de besoin. Les identifiants (mots de passe, clés API) restent dans le coffre-fort. Signalement sous {h} h.",
                  f"Conviértelo en FAQ:\n{pick(r, ['4.2', '7.1', '3.3'])} La información clasificada como Confidencial solo se comparte si es necesario. Las credenciales (contraseñas, claves API) van en la bóveda, nunca en tickets. Aviso en {h} h.")
    return tr(L, f"Make this policy paragraph clearer: Documents marked confidential must not be pasted into external tools. Passwords must be at least {n} characters and rotated every {d} days; never share your password with IT. Report suspected leaks to the security team within {h} hours.",
              f"Formuliere klarer: Vertrauliche Dokumente dürfen nicht in externe Tools kopiert werden. Passwörter müssen mindestens {n} Zeichen haben und alle {d} Tage geändert werden. Ein Verdacht auf Datenabfluss ist binnen {h} Stunden zu melden.",
              f"Rends ce paragraphe plus clair : les documents confidentiels ne doivent pas être copiés dans des outils externes. Les mots de passe font au moins {n} caractères, changés tous les {d} jours, et ne sont jamais communiqués.",
              f"Aclara este párrafo: los documentos confidenciales no deben pegarse en herramientas externas. Las contraseñas tendrán al menos {n} caracteres, se cambiarán cada {d} días y no se compartirán nunca.")


@tpl
def health_article(r, L):
    cond = pick(r, CONDITIONS[L]); med = pick(r, MEDS)
    return tr(L, f"Summarise for a newsletter: {cond.capitalize()} affects roughly {r.randint(2, 12)}% of adults. First-line treatment often includes {med}; patients should discuss side effects with their GP. A {pick(r, PUBLIC_PLACES)} study of {r.randint(800, 9000)} participants found…",
              f"Fasse für den Newsletter zusammen: {cond} betrifft etwa {r.randint(2, 12)} % der Erwachsenen. Häufig wird {med} eingesetzt. Eine Studie aus {pick(r, PUBLIC_PLACES)} mit {r.randint(800, 9000)} Teilnehmenden zeigt…",
              f"Résume pour la newsletter : la {cond} touche environ {r.randint(2, 12)} % des adultes. Le traitement de première intention comprend souvent {med}.",
              f"Resume para el boletín: la {cond} afecta a un {r.randint(2, 12)} % de los adultos. El tratamiento de primera línea suele incluir {med}.")


@tpl
def weather_travel(r, L):
    if r.random() < .5:
        c = pick(r, PUBLIC_PLACES)
        return tr(L, f"Pack list for {c}? Forecast: Mon {r.randint(-5, 30)}°C sunny, Tue {r.randint(-5, 30)}°C showers, wind {r.randint(5, 60)} km/h, UV {r.randint(1, 9)}.",
                  f"Packliste für {c}? Mo {r.randint(-5, 30)} °C sonnig, Di {r.randint(-5, 30)} °C Schauer, Wind {r.randint(5, 60)} km/h.",
                  f"Quoi emporter à {c} ? Lundi {r.randint(-5, 30)} °C, mardi averses, vent {r.randint(5, 60)} km/h.",
                  f"¿Qué meto en la maleta para {c}? Lunes {r.randint(-5, 30)} °C, martes chubascos, viento {r.randint(5, 60)} km/h.")
    c1, c2 = r.sample(PUBLIC_PLACES, 2)
    return tr(L, f"Plan a 3-day trip: {c1} forecast {r.randint(-2, 31)}°C, rain Thursday; train to {c2} leaves 07:42 from platform {r.randint(1, 20)}. Hotel check-in after 15:00.",
              f"Plan eine Reise: {c1} {r.randint(-2, 31)} °C, Regen am Donnerstag; ICE nach {c2} um 07:42 von Gleis {r.randint(1, 20)}.",
              f"Organise un séjour : {c1}, {r.randint(-2, 31)} °C, pluie jeudi ; TGV pour {c2} à 07h42, voie {r.randint(1, 20)}.",
              f"Planifica un viaje: {c1}, {r.randint(-2, 31)} °C, lluvia el jueves; AVE a {c2} a las 07:42, vía {r.randint(1, 20)}.")


@tpl
def recipe(r, L):
    if r.random() < .5:
        dish = pick(r, tr(L, ["Beef Wellington", "Victoria sponge", "shepherd's pie", "Eton mess"], ["Sachertorte", "Käsespätzle", "Rouladen", "Apfelstrudel"],
                             ["tarte Tatin", "bœuf bourguignon", "quiche lorraine", "crêpes Suzette"], ["paella valenciana", "tortilla de patatas", "crema catalana", "gazpacho"]))
        return tr(L, f"Convert to metric and halve it: {dish}, serves {r.randint(4, 10)}. {r.randint(1, 3)} cups sugar, {r.randint(2, 8)} oz butter, oven {r.choice([350, 375, 400])}°F for {r.randint(20, 90)} min.",
                  f"Halbiere das Rezept: {dish} für {r.randint(4, 10)} Personen, {r.randint(100, 400)} g Zucker, {r.randint(2, 6)} Eier, {r.randint(160, 220)} °C Umluft, {r.randint(20, 90)} Minuten.",
                  f"Divise la recette par deux : {dish} pour {r.randint(4, 10)}, {r.randint(100, 400)} g de sucre, {r.randint(2, 6)} œufs, four à {r.randint(160, 220)} °C pendant {r.randint(20, 90)} min.",
                  f"Reduce la receta a la mitad: {dish} para {r.randint(4, 10)}, {r.randint(100, 400)} g de azúcar, {r.randint(2, 6)} huevos, horno a {r.randint(160, 220)} °C durante {r.randint(20, 90)} min.")
    return tr(L, f"Scale this recipe to {r.randint(3, 12)} people: 250 g flour, 3 eggs, 1 tsp salt, 400 ml milk. Rest 30 min, fry in butter. (Mrs Beeton's method, as served by Maison {pick(r, ['Paul', 'Kayser'])})",
              f"Rechne das Rezept auf {r.randint(3, 12)} Personen um: 250 g Mehl, 3 Eier, 1 TL Salz, 400 ml Milch. Nach Dr. Oetker Grundrezept.",
              f"Adapte la recette pour {r.randint(3, 12)} : 250 g de farine, 3 œufs, 40 cl de lait. Crêpes Suzette façon Escoffier.",
              f"Adapta la receta a {r.randint(3, 12)} personas: 250 g de harina, 3 huevos, 400 ml de leche. Tortilla al estilo de Ferran Adrià.")


@tpl
def meeting_transcript(r, L):
    a, b, c = first(r), first(r), first(r)
    cond = pick(r, CONDITIONS[L])
    t = tr(L, [f"{P(a)}: ok let's start, {P(c)} is out again.", f"{P(b)}: yeah, {pick(r, ['his', 'her'])} {m(cond, 'MEDICAL_CONDITION')} flared up, back Monday.", f"{P(a)}: fine, I'll take the {pick(r, PUBLIC_PLACES)} client call."],
           [f"{P(a)}: Fangen wir an, {P(c)} fehlt wieder.", f"{P(b)}: Ja, Diagnose {m(cond, 'MEDICAL_CONDITION')}, ab Montag zurück.", f"{P(a)}: Gut, ich übernehme den Termin in {pick(r, PUBLIC_PLACES)}."],
           [f"{P(a)} : on commence, {P(c)} est encore absent(e).", f"{P(b)} : oui, sa {m(cond, 'MEDICAL_CONDITION')}, retour lundi.", f"{P(a)} : ok, je prends l'appel client de {pick(r, PUBLIC_PLACES)}."],
           [f"{P(a)}: empezamos, {P(c)} no viene otra vez.", f"{P(b)}: sí, por su {m(cond, 'MEDICAL_CONDITION')}, vuelve el lunes.", f"{P(a)}: vale, yo llevo la llamada de {pick(r, PUBLIC_PLACES)}."])
    st = sorted(r.randint(0, 2400) for _ in t)
    return tr(L, "Meeting notes -> action items:", "Protokoll -> Aufgaben:", "Compte rendu -> actions :", "Acta -> tareas:") + "\n" + "\n".join(f"[{a // 60:02d}:{a % 60:02d}] {x}" for a, x in zip(st, t))


@tpl
def sql_insert(r, L):
    rows = []
    for i in range(r.randint(1, 4)):
        f, l = first(r), last(r)
        rows.append(f"({r.randint(100, 9999)}, '{P(f)}', '{P(l.replace(chr(39), chr(39) * 2))}', '{m(email(r, L, f, l), 'EMAIL_ADDRESS')}', '{m(dob(r, 'en').replace('/', '-') if False else f'{r.randint(1950, 2004)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}', 'DATE_OF_BIRTH')}')")
    return tr(L, "Why does this insert fail with a syntax error?", "Warum schlägt dieses INSERT fehl?", "Pourquoi cet INSERT échoue ?", "¿Por qué falla este INSERT?") + "\n\nINSERT INTO customers (id, first_name, last_name, email, birth_date) VALUES\n" + ",\n".join(rows) + pick(r, [";", "", ",;"])


@tpl
def json_user(r, L):
    f, l = first(r), last(r)
    ipv = pub_ip(r)
    d = [f'  "id": "{uuid(r)}"', f'  "name": "{P(f + " " + l)}"', f'  "email": "{m(email(r, L, f, l), "EMAIL_ADDRESS")}"',
         f'  "phone": "{m(phone(r, L), "PHONE_NUMBER")}"', f'  "last_login_ip": "{m(ipv, "IP_ADDRESS")}"', f'  "plan": "{pick(r, ["pro", "free", "team"])}"',
         f'  "created": "2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T10:00:00Z"']
    keep = [d[0]] + r.sample(d[1:], r.randint(3, 6))
    return tr(L, "Convert this to a TypeScript interface:", "Mach daraus ein TypeScript-Interface:", "Génère une interface TypeScript :", "Conviértelo en una interfaz TypeScript:") + "\n{\n" + ",\n".join(keep) + "\n}"


@tpl
def k8s_secret(r, L):
    return (tr(L, "kubectl apply says invalid, help", "kubectl apply meckert, hilf", "kubectl apply refuse, aide", "kubectl apply da error, ayuda") +
            f"\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {pick(r, ['payments', 'crm-db', 'mailer'])}-creds\ntype: Opaque\nstringData:\n"
            f"  DB_PASSWORD: {m(password(r), 'PASSWORD')}\n  SMTP_PASS: \"{m(password(r), 'PASSWORD')}\"\n  SLACK_WEBHOOK: {m(slack_hook(r), 'API_KEY')}\n"
            + (f"  JWT_SIGNING_SECRET: {m(rs(r, 40, B62), 'GENERIC_SECRET')}\n" if r.random() < .5 else "") + "```")


@tpl
def shell_history(r, L):
    ipv = pub_ip(r)
    lines = [f"  {r.randint(500, 2000)}  export AWS_ACCESS_KEY_ID={m(aws_key(r), 'API_KEY')}",
             f"  {r.randint(500, 2000)}  ssh deploy@{m(ipv, 'IP_ADDRESS')} -p 22",
             f"  {r.randint(500, 2000)}  mysql -u root -p'{m(password(r), 'PASSWORD')}' -h {priv_ip(r)}",
             f"  {r.randint(500, 2000)}  git push origin main",
             f"  {r.randint(500, 2000)}  docker login -u ci -p {m(gh_token(r), 'API_KEY')} ghcr.io",
             f"  {r.randint(500, 2000)}  ls -la /var/log"]
    keep = r.sample(lines, r.randint(3, 6))
    return tr(L, "what did I run before it broke?", "was hab ich vor dem Fehler ausgeführt?", "qu'est-ce que j'ai lancé avant la panne ?", "¿qué ejecuté antes de que fallara?") + "\n$ history | tail\n" + "\n".join(keep)


@tpl
def pem_paste(r, L):
    return tr(L, "ssh says 'invalid format' for this key, why?", "ssh sagt 'invalid format' bei diesem Key", "ssh dit 'invalid format' pour cette clé", "ssh dice 'invalid format' con esta clave") + "\n\n" + m(pem(r), "PRIVATE_KEY") + pick(r, ["", "\n\n(it worked yesterday)", "\n\n~/.ssh/id_deploy"])


@tpl
def classified_memo(r, L):
    mark = pick(r, {"en": ["CONFIDENTIAL", "TLP:AMBER", "INTERNAL USE ONLY", "STRICTLY CONFIDENTIAL"], "de": ["VERTRAULICH", "STRENG VERTRAULICH", "TLP:AMBER", "NUR FÜR DEN DIENSTGEBRAUCH"],
                    "fr": ["CONFIDENTIEL", "DIFFUSION RESTREINTE", "TLP:RED", "C2 - INTERNE"], "es": ["CONFIDENCIAL", "USO INTERNO", "TLP:AMBER", "DIFUSIÓN LIMITADA"]}[L])
    body = tr(L, f"Q{r.randint(1, 4)} restructuring: the {pick(r, PUBLIC_PLACES)} site will merge with logistics. Headcount impact to be announced after the board meeting.",
              f"Umstrukturierung Q{r.randint(1, 4)}: Standort {pick(r, PUBLIC_PLACES)} wird mit der Logistik zusammengelegt.",
              f"Réorganisation T{r.randint(1, 4)} : le site de {pick(r, PUBLIC_PLACES)} fusionne avec la logistique.",
              f"Reestructuración T{r.randint(1, 4)}: la sede de {pick(r, PUBLIC_PLACES)} se fusiona con logística.")
    foot = f"\n{m(mark, 'CLASSIFICATION_MARKING')}" if r.random() < .5 else ""
    return tr(L, "Shorten this memo:", "Kürze dieses Memo:", "Raccourcis cette note :", "Acorta este memo:") + f"\n\n{m(mark, 'CLASSIFICATION_MARKING')}\n{body}{foot}"


@tpl
def shipping_label(r, L):
    f, l = first(r), last(r)
    return (tr(L, "OCR'd this label, fix the typos:", "Label per OCR gelesen, Tippfehler korrigieren:", "Étiquette OCR, corrige les fautes :", "Etiqueta escaneada, corrige errores:") +
            f"\n\n{tr(L, 'SHIP TO', 'EMPFÄNGER', 'DESTINATAIRE', 'DESTINATARIO')}:\n{P((f + ' ' + l).upper() if r.random() < .4 else f + ' ' + l)}\n{m(address(r, L), 'LOCATION')}\n"
            f"{tr(L, 'Tel', 'Tel.', 'Tél.', 'Móvil')}: {m(phone(r, L), 'PHONE_NUMBER')}\nTRK {pick(r, ['1Z', 'JJD', 'CP'])}{rs(r, 14, string.ascii_uppercase + string.digits)}  {r.randint(1, 30)}.{r.randint(0, 9)} kg")


@tpl
def booking(r, L):
    f, l = first(r), last(r)
    city = pick(r, PUBLIC_PLACES)
    return (tr(L, "Translate this booking for the guest:", "Übersetze die Buchung:", "Traduis cette réservation :", "Traduce esta reserva:") +
            f"\n\n{tr(L, 'Hotel', 'Hotel', 'Hôtel', 'Hotel')} {pick(r, ['Marriott', 'Ibis', 'NH Collection', 'Motel One'])} {city}\n"
            f"{tr(L, 'Guest', 'Gast', 'Client', 'Huésped')}: {pick(r, tr(L, ['Mr', 'Ms', 'Dr'], ['Herr', 'Frau'], ['M.', 'Mme'], ['Sr.', 'Sra.']))} {P(f + ' ' + l)}\n"
            f"{tr(L, 'Booking ref', 'Buchungsnr.', 'Réf.', 'Localizador')}: {rs(r, 6, string.ascii_uppercase + string.digits)}\n"
            f"{tr(L, 'Card', 'Karte', 'Carte', 'Tarjeta')}: {pick(r, ['VISA', 'MC'])} ****{digits(r, 4)}\n{tr(L, 'Mobile', 'Mobil', 'Portable', 'Móvil')}: {m(phone(r, L), 'PHONE_NUMBER')}")


@tpl
def insurance_claim(r, L):
    f, l = first(r), last(r)
    cond = pick(r, CONDITIONS[L])
    return (tr(L, "Help me fill in this claim", "Hilf mir beim Ausfüllen", "Aide-moi à remplir cette déclaration", "Ayúdame con este parte") +
            f"\n\n{tr(L, 'Policy no.', 'Versicherungsschein-Nr.', 'N° contrat', 'N.º póliza')}: {pick(r, ['PL', 'VS', 'CT'])}-{digits(r, 8)}\n"
            f"{tr(L, 'Policyholder', 'Versicherungsnehmer', 'Assuré', 'Tomador')}: {P(l + ', ' + f)}\n{tr(L, 'Diagnosis', 'Diagnose', 'Diagnostic', 'Diagnóstico')}: {m(cond, 'MEDICAL_CONDITION')}\n"
            f"{tr(L, 'Refund to', 'Erstattung auf', 'Remboursement sur', 'Abono en')}: {m(iban(r), 'IBAN_CODE')}")


@tpl
def school_form(r, L):
    kid, par, pl = first(r), first(r), last(r)
    return (tr(L, "Tidy up this daycare form:", "Räum dieses Kita-Formular auf:", "Mets en forme cette fiche de crèche :", "Ordena esta ficha de guardería:") +
            f"\n{tr(L, 'Child', 'Kind', 'Enfant', 'Niño/a')}: {P(kid)} {P(pl)}\n{tr(L, 'Born', 'Geboren', 'Né(e) le', 'Nacido/a')}: {m(dob(r, L).replace('19', '20', 1) if False else f'{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2019, 2023)}', 'DATE_OF_BIRTH')}\n"
            f"{tr(L, 'Allergies', 'Allergien', 'Allergies', 'Alergias')}: {m(pick(r, tr(L, ['peanut allergy', 'coeliac disease', 'asthma'], ['Laktoseintoleranz', 'Neurodermitis', 'Erdnussallergie'], ['allergie aux arachides', 'asthme', 'eczéma atopique'], ['alergia al huevo', 'celiaquía', 'asma'])), 'MEDICAL_CONDITION')}\n"
            f"{tr(L, 'Emergency contact', 'Notfallkontakt', 'Contact urgence', 'Contacto de emergencia')}: {P(par)} ({tr(L, 'mum', 'Mama', 'maman', 'madre')}) {m(phone(r, L), 'PHONE_NUMBER')}")


@tpl
def police_report(r, L):
    f, l = first(r), last(r)
    idv = {"en": ("DL no.", pick(r, string.ascii_uppercase) + digits(r, 7)), "de": ("Personalausweis", passport(r, "de")), "fr": ("CNI", rs(r, 12, string.ascii_uppercase + string.digits)), "es": ("DNI", dni(r))}[L]
    return (tr(L, "Rewrite this incident report in plain English:", "Schreib den Vorfallbericht verständlich:", "Réécris ce rapport d'incident :", "Reescribe este atestado:") +
            f"\n\n{tr(L, 'Ref', 'Az.', 'Réf.', 'Ref.')} {r.randint(2026, 2026)}/{digits(r, 5)}\n{tr(L, 'Involved', 'Beteiligte/r', 'Mis en cause', 'Implicado/a')}: {P(f + ' ' + l)}, {tr(L, 'born', 'geb.', 'né(e) le', 'nacido/a el')} {m(dob(r, L), 'DATE_OF_BIRTH')}, {idv[0]} {m(idv[1], 'NATIONAL_ID')}\n"
            f"{tr(L, 'Residing at', 'wohnhaft', 'demeurant', 'con domicilio en')} {m(address(r, L).replace(chr(10), ', '), 'LOCATION')}\n"
            + tr(L, "Vehicle damaged outside the Tesco car park.", "Sachbeschädigung am Parkplatz des Rewe-Markts.", "Dégradation sur le parking du Carrefour.", "Daños en el aparcamiento del Mercadona."))


@tpl
def cv(r, L):
    f, l = first(r), last(r)
    return (tr(L, "Improve my CV header:", "Verbessere meinen Lebenslauf-Kopf:", "Améliore l'en-tête de mon CV :", "Mejora la cabecera de mi CV:") +
            f"\n\n{P((f + ' ' + l).upper())}\n{m(address(r, L).replace(chr(10), ', '), 'LOCATION')} · {m(phone(r, L), 'PHONE_NUMBER')} · {m(email(r, L, f, l), 'EMAIL_ADDRESS')}\n"
            f"{tr(L, 'Born', 'Geboren am', 'Née le', 'Fecha de nacimiento')}: {m(dob(r, L), 'DATE_OF_BIRTH')}\n" + tr(L, f"Experience: 6 yrs logistics at Amazon {pick(r, PUBLIC_PLACES)}", f"Berufserfahrung: 6 Jahre bei Siemens in {pick(r, PUBLIC_PLACES)}", f"Expérience : 6 ans chez Decathlon {pick(r, PUBLIC_PLACES)}", f"Experiencia: 6 años en Inditex {pick(r, PUBLIC_PLACES)}"))


@tpl
def crypto_chat(r, L):
    a = first(r).lower()
    w = m(btc(r), "CRYPTO") if r.random() < .5 else m(eth(r), "CRYPTO")
    return tr(L, f"{P(a)}: send the 0.05 to {w} pls\nme: which network??\nis this a valid address format?",
              f"{P(a)}: schick die 0,05 an {w} bitte\nich: welches netzwerk??\nist das format gültig?",
              f"{P(a)} : envoie les 0,05 à {w} stp\nmoi : quel réseau ??\nce format d'adresse est valide ?",
              f"{P(a)}: mándame los 0,05 a {w} porfa\nyo: qué red??\n¿es válido este formato?")


@tpl
def bank_details(r, L):
    f, l = first(r), last(r)
    if L == "en" and r.random() < .5:
        det = f"Routing: {m(aba(r), 'BANK_ACCOUNT')}\nAccount: {m(digits(r, r.randint(9, 12)), 'BANK_ACCOUNT')}"
    elif L == "en":
        det = f"Sort code {m(f'{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)}', 'BANK_ACCOUNT')}, acc {m(digits(r, 8), 'BANK_ACCOUNT')}"
    elif L == "de":
        det = f"IBAN {m(iban(r, 'DE'), 'IBAN_CODE')}\nBIC {pick(r, ['COBADEFFXXX', 'GENODEF1S04', 'BYLADEM1001'])}"
    elif L == "fr":
        det = f"Banque {m(digits(r, 5), 'BANK_ACCOUNT')} Guichet {m(digits(r, 5), 'BANK_ACCOUNT')} Compte {m(digits(r, 11), 'BANK_ACCOUNT')} Clé {m(digits(r, 2), 'BANK_ACCOUNT')}"
    else:
        det = f"Cuenta: {m(iban(r, 'ES'), 'IBAN_CODE')}"
    return tr(L, "Write a polite payment reminder with these details:", "Schreib eine höfliche Zahlungserinnerung:", "Rédige une relance de paiement avec ce RIB :", "Redacta un recordatorio de pago con estos datos:") + f"\n\n{tr(L, 'Payee', 'Empfänger', 'Titulaire', 'Titular')}: {P(f + ' ' + l)}\n{det}"


@tpl
def net_inventory(r, L):
    rows = []
    for i in range(r.randint(2, 5)):
        rows.append(f"{pick(r, ['ws', 'lap', 'prn', 'ap'])}-{r.randint(100, 999)}\t{m(mac(r), 'MAC_ADDRESS')}\t{priv_ip(r) if r.random() < .6 else m(pub_ip(r), 'IP_ADDRESS')}\t{pick(r, ['Floor 2', 'Lager', 'Accueil', 'Almacén'])}")
    return tr(L, "Dedupe this asset sheet:", "Entferne Duplikate:", "Dédoublonne cet inventaire :", "Quita duplicados de este inventario:") + "\nhost\tmac\tip\tlocation\n" + "\n".join(rows)


@tpl
def ci_config(r, L):
    return (tr(L, "why does this workflow not notify?", "warum benachrichtigt der Workflow nicht?", "pourquoi ce workflow ne notifie pas ?", "¿por qué este workflow no avisa?") +
            f"\n```yaml\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n"
            f"      - run: curl -X POST -d '{{\"text\":\"done\"}}' {m(pick(r, [slack_hook(r), discord_hook(r)]), 'API_KEY')}\n"
            f"        env:\n          NPM_TOKEN: {m('npm_' + rs(r, 36), 'API_KEY')}\n```")


@tpl
def wiki_rooms(r, L):
    if r.random() < .5:
        rooms = r.sample(["Ada Lovelace", "Alan Turing", "Hedy Lamarr", "Marie Curie", "Nikola Tesla", "Emmy Noether"], 3)
        return tr(L, f"Make a booking table: rooms {', '.join(rooms)} on floor {r.randint(1, 9)}; capacity {r.randint(4, 20)}; projector in {rooms[0]}.",
                  f"Erstelle eine Raumtabelle: Räume {', '.join(rooms)} im {r.randint(1, 9)}. OG; {r.randint(4, 20)} Plätze; Beamer in {rooms[0]}.",
                  f"Fais un tableau des salles : {', '.join(rooms)} au {r.randint(1, 9)}e étage ; {r.randint(4, 20)} places ; vidéoprojecteur en salle {rooms[0]}.",
                  f"Haz una tabla de salas: {', '.join(rooms)} en la planta {r.randint(1, 9)}; aforo {r.randint(4, 20)}; proyector en la sala {rooms[0]}.")
    room = pick(r, ["Ada Lovelace", "Marie Curie", "Einstein", "Picasso", "Frida Kahlo", "Simone de Beauvoir"])
    return tr(L, f"Reformat this wiki page:\n## Secret rotation\n1. Book meeting room '{room}'.\n2. Run `vault kv put secret/app password=<NEW_PASSWORD>`.\n3. Update `API_KEY=changeme` in staging.\nOwner: @platform-team",
              f"Formatiere die Wiki-Seite:\n## Schlüsselrotation\n1. Raum „{room}“ buchen.\n2. `vault kv put secret/app password=<NEUES_PASSWORT>` ausführen.\nVerantwortlich: @plattform",
              f"Remets en forme cette page :\n## Rotation des secrets\n1. Réserver la salle {room}.\n2. Lancer `vault kv put secret/app password=<NOUVEAU_MDP>`.",
              f"Formatea esta página:\n## Rotación de secretos\n1. Reservar la sala {room}.\n2. Ejecutar `vault kv put secret/app password=<NUEVA_CLAVE>`.")


@tpl
def history_para(r, L):
    if r.random() < .5:
        ev = pick(r, [("the fall of the Berlin Wall", 1989), ("the storming of the Bastille", 1789), ("the Treaty of Rome", 1957), ("the Madrid train bombings", 2004), ("the first Tour de France", 1903)])
        return tr(L, f"Timeline please: {ev[0]} ({ev[1]}), reported from {pick(r, PUBLIC_PLACES)}; {pick(r, ['Helmut Kohl', 'François Mitterrand', 'Margaret Thatcher', 'Felipe González'])} reacted the next day.",
                  f"Zeitleiste bitte: {ev[0]} ({ev[1]}); {pick(r, ['Helmut Kohl', 'François Mitterrand'])} reagierte am nächsten Tag in {pick(r, PUBLIC_PLACES)}.",
                  f"Frise chronologique : {ev[0]} ({ev[1]}) ; réaction de {pick(r, ['François Mitterrand', 'Jacques Chirac'])} le lendemain à {pick(r, PUBLIC_PLACES)}.",
                  f"Cronología: {ev[0]} ({ev[1]}); {pick(r, ['Felipe González', 'Adolfo Suárez'])} reaccionó al día siguiente en {pick(r, PUBLIC_PLACES)}.")
    fig = pick(r, ["Marie Curie", "Albert Einstein", "Victor Hugo", "Frida Kahlo", "Ada Lovelace", "Pablo Picasso", "Cervantes", "Goethe"])
    return tr(L, f"Fact-check: {fig} was born in {pick(r, ['the 19th century', '1879', '1867'])} and later moved to {pick(r, PUBLIC_PLACES)}, where a museum now stands at the former home.",
              f"Prüfe die Fakten: {fig} wurde im {pick(r, ['19. Jahrhundert', 'Jahr 1879'])} geboren und zog später nach {pick(r, PUBLIC_PLACES)}.",
              f"Vérifie : {fig} est né(e) au {pick(r, ['XIXe siècle', 'milieu du siècle'])} puis s'est installé(e) à {pick(r, PUBLIC_PLACES)}.",
              f"Comprueba: {fig} nació en el {pick(r, ['siglo XIX', 'año 1879'])} y después se mudó a {pick(r, PUBLIC_PLACES)}.")


@tpl
def release_notes(r, L):
    return tr(L, f"Turn into release notes:\n- fix NPE in parser (#{r.randint(100, 9999)}) by @{pick(r, ['octocat', 'dev-sam', 'k8s-bot'])}\n- bump lodash to 4.17.{r.randint(15, 21)}\n- {sha(r, 7)} drop py3.8",
              f"Mach Release Notes daraus:\n- Fehler im Parser behoben (#{r.randint(100, 9999)}) von @{pick(r, ['renovate', 'dev-lena'])}\n- {sha(r, 7)} Abhängigkeiten aktualisiert",
              f"Transforme en notes de version :\n- correction du parseur (#{r.randint(100, 9999)}) par @{pick(r, ['dependabot', 'dev-anto'])}\n- {sha(r, 7)} mise à jour",
              f"Conviértelo en notas de versión:\n- arreglo del parser (#{r.randint(100, 9999)}) por @{pick(r, ['dependabot', 'dev-pili'])}\n- {sha(r, 7)} actualización")


@tpl
def markdown_roster(r, L):
    rows = []
    for _ in range(r.randint(2, 4)):
        f, l = first(r), last(r)
        rows.append(f"| {P(f)} | {P(l)} | {m(phone(r, L), 'PHONE_NUMBER')} | {pick(r, ['Room Turing', 'Salle Eiffel', 'Raum Goethe', 'Sala Goya'])} |")
    return tr(L, "Sort this on-call table by surname:", "Sortiere die Bereitschaftstabelle:", "Trie ce tableau d'astreinte :", "Ordena esta tabla de guardias:") + "\n| first | last | mobile | room |\n|---|---|---|---|\n" + "\n".join(rows)


@tpl
def ocr_letter(r, L):
    f, l = first(r), last(r)
    return (tr(L, "This OCR is messy, clean it:", "OCR ist kaputt, bitte säubern:", "L'OCR est sale, nettoie :", "El OCR está fatal, límpialo:") +
            f"\n\n{P(f + ' ' + l)}\n{m(address(r, L), 'LOCATION')}\n\n{tr(L, 'Your ref', 'Ihr Zeichen', 'V/Réf', 'Su ref.')}: {rs(r, 3, string.ascii_uppercase)}/{digits(r, 6)}\n"
            + tr(L, "Dear Sir or Madam, l am writing to c0mplain about", "Sehr geehrte Damen und Herren, hiermit wider5preche ich", "Madame, Monsieur, je conteste par la pr6sente", "Muy señores míos: por la presente rec1amo"))


@tpl
def family_whatsapp(r, L):
    g = first(r).lower()
    med, cond = pick(r, MEDS), pick(r, CONDITIONS[L])
    return tr(L, f"summarise for my brother:\n[19:02] mum: did {P(g)} take the {m(med, 'MEDICATION')} today\n[19:05] me: yes 2 pills. the dr says her {m(cond, 'MEDICAL_CONDITION')} is stable\n[19:06] mum: ok pick her up at {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} at 6",
              f"fass für meinen bruder zusammen:\n[19:02] mama: hat {P(g)} heute {m(med, 'MEDICATION')} genommen\n[19:05] ich: ja. ärztin sagt {m(cond, 'MEDICAL_CONDITION')} ist stabil\n[19:06] mama: hol sie um 6 in der {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} ab",
              f"résume pour mon frère :\n[19:02] maman : {P(g)} a pris son {m(med, 'MEDICATION')} ?\n[19:05] moi : oui. le médecin dit que sa {m(cond, 'MEDICAL_CONDITION')} est stable",
              f"resúmeselo a mi hermano:\n[19:02] mamá: {P(g)} se tomó el {m(med, 'MEDICATION')}?\n[19:05] yo: sí. la médica dice que su {m(cond, 'MEDICAL_CONDITION')} está estable")


@tpl
def traceback_neg(r, L):
    if r.random() < .5:
        return tr(L, "npm install fails:", "npm install schlägt fehl:", "npm install échoue :", "npm install falla:") + f"\n```\nnpm ERR! code E{pick(r, ['401', '404', 'RESOLVE'])}\nnpm ERR! request to https://registry.npmjs.org/@{pick(r, ['acme', 'internal', 'corp'])}/ui failed, reason: connect ETIMEDOUT {priv_ip(r)}:443\nnpm ERR! A complete log of this run can be found in: /root/.npm/_logs/2026-12-0{r.randint(1, 7)}T0{r.randint(0, 9)}_{r.randint(10, 59)}_{r.randint(10, 59)}_{r.randint(100, 999)}Z-debug-0.log\n```"
    return tr(L, "what does this mean?", "was heißt das?", "ça veut dire quoi ?", "¿qué significa esto?") + f"\n```\nTraceback (most recent call last):\n  File \"/home/{pick(r, ['dev', 'runner', 'app'])}/svc/main.py\", line {r.randint(10, 400)}, in handler\n    conn = connect(host=\"{priv_ip(r)}\", password=os.environ[\"DB_PASSWORD\"])\nKeyError: 'DB_PASSWORD'\n```"


@tpl
def league_table(r, L):
    teams = r.sample(PUBLIC_PLACES, 4)
    return tr(L, "Make a chart from this:", "Mach ein Diagramm daraus:", "Fais un graphique :", "Haz un gráfico:") + "\n" + "\n".join(f"{i + 1}. {t}\t{r.randint(10, 40)} pts\t{r.randint(-5, 30):+d}" for i, t in enumerate(teams))


@tpl
def xml_record(r, L):
    f, l = first(r), last(r)
    return (tr(L, "Validate this XML:", "Validier dieses XML:", "Valide ce XML :", "Valida este XML:") +
            f"\n<patient id=\"{digits(r, 5)}\">\n  <mrn>{m(mrn(r, L), 'MEDICAL_RECORD_NUMBER')}</mrn>\n  <given>{P(f)}</given>\n  <family>{P(l)}</family>\n  <birthDate>{m(f'{r.randint(1940, 2010)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}', 'DATE_OF_BIRTH')}</birthDate>\n"
            f"  <problem>{m(pick(r, CONDITIONS[L]), 'MEDICAL_CONDITION')}</problem>\n</patient>")


@tpl
def terraform(r, L):
    return (tr(L, "terraform plan fails, why?", "terraform plan schlägt fehl", "terraform plan plante", "terraform plan falla") +
            f"\n```hcl\nprovider \"aws\" {{\n  region     = \"{pick(r, ['eu-west-1', 'eu-central-1', 'us-east-1'])}\"\n  access_key = \"{m(aws_key(r), 'API_KEY')}\"\n  secret_key = \"{m(aws_secret(r), 'API_KEY')}\"\n}}\n\n"
            f"resource \"aws_db_instance\" \"main\" {{\n  username = \"admin\"\n  password = \"{m(password(r), 'PASSWORD')}\"\n}}\n```")


@tpl
def salary_tsv(r, L):
    rows = []
    for _ in range(r.randint(2, 4)):
        f, l = first(r), last(r)
        rows.append(f"{P(l)}\t{P(f)}\t{r.randint(32, 120)}000\t{m(iban(r, spaced=False), 'IBAN_CODE')}")
    return tr(L, "Sum the salary column:", "Summiere die Gehaltsspalte:", "Fais la somme des salaires :", "Suma la columna de sueldos:") + "\n" + tr(L, "surname\tname\tsalary\tiban", "Name\tVorname\tGehalt\tIBAN", "nom\tprénom\tsalaire\tiban", "apellido\tnombre\tsueldo\tiban") + "\n" + "\n".join(rows)


@tpl
def company_register(r, L):
    return tr(L, f"Extract company data: Kestrel Analytics Ltd, company no. {digits(r, 8)}, VAT GB{digits(r, 9)}, registered office 1 Canada Square, London E14 5AB. CEO quoted in the FT.",
              f"Extrahiere Firmendaten: Heller & Sohn GmbH, HRB {r.randint(10000, 99999)} Amtsgericht {pick(r, ['München', 'Hamburg', 'Köln'])}, USt-IdNr. DE{digits(r, 9)}, Sitz: Friedrichstraße 68, 10117 Berlin.",
              f"Extrais les données : Atelier Vauban SAS, SIREN {digits(r, 9)}, TVA FR{digits(r, 11)}, siège 10 rue de la Paix, 75002 Paris.",
              f"Extrae los datos: Grupo Olmeda S.L., CIF B{digits(r, 8)}, domicilio social Paseo de la Castellana 259, 28046 Madrid.")


@tpl
def lyrics_summary(r, L):
    song = pick(r, [("Taylor Swift", "a road trip to New York"), ("Stromae", "a father leaving Brussels"), ("Rosalía", "a night in Barcelona"), ("Herbert Grönemeyer", "growing up in Bochum"), ("Adele", "a breakup in London"), ("Bad Bunny", "summer in San Juan"), ("Édith Piaf", "love in Paris"), ("Shakira", "a betrayal in Barcelona"), ("Rammstein", "a storm over Berlin")])
    city = song[1].split(" in ")[-1].split(" over ")[-1].split(" from ")[-1]
    yr = r.randint(1995, 2025)
    return tr(L, f"In {pick(r, ['two', 'three', 'a few'])} sentences, what is the {yr} song by {song[0]} about? I think it's about {song[1]}.",
              f"Worum geht es im Lied von {song[0]} ({yr})? Ich glaube, es spielt in {city}.", f"De quoi parle la chanson de {song[0]} sortie en {yr} ? Je crois que ça se passe à {city}.",
              f"¿De qué va la canción de {song[0]} de {yr}? Creo que pasa en {city}.")


@tpl
def teams_chat_id(r, L):
    a, b = first(r), first(r)
    idl = {"en": ("passport", passport(r, "en")), "de": ("Reisepass", passport(r, "de")), "fr": ("passeport", passport(r, "fr")), "es": ("pasaporte", passport(r, "es"))}[L]
    return tr(L, f"{P(a)} {r.randint(9, 17)}:{r.randint(10, 59)}\nfor the visa form I need your {idl[0]} number\n{P(b)} {r.randint(9, 17)}:{r.randint(10, 59)}\nit's {m(idl[1], 'NATIONAL_ID')}, expires 2031\nwrite the visa cover email",
              f"{P(a)} {r.randint(9, 17)}:{r.randint(10, 59)}\nfürs Visum brauch ich deine {idl[0]}nummer\n{P(b)} {r.randint(9, 17)}:{r.randint(10, 59)}\n{m(idl[1], 'NATIONAL_ID')}, gültig bis 2031\nschreib die Mail ans Konsulat",
              f"{P(a)} {r.randint(9, 17)}:{r.randint(10, 59)}\npour le visa il me faut ton n° de {idl[0]}\n{P(b)} {r.randint(9, 17)}:{r.randint(10, 59)}\n{m(idl[1], 'NATIONAL_ID')}\nrédige le mail au consulat",
              f"{P(a)} {r.randint(9, 17)}:{r.randint(10, 59)}\npara el visado necesito tu n.º de {idl[0]}\n{P(b)} {r.randint(9, 17)}:{r.randint(10, 59)}\nes {m(idl[1], 'NATIONAL_ID')}\nescribe el correo al consulado")


@tpl
def stats_sheet(r, L):
    rows = [f"{c}\t{r.randint(100000, 3900000)}\t{r.randint(1, 30)}.{r.randint(0, 9)}%" for c in r.sample(PUBLIC_PLACES, 4)]
    return tr(L, "Which city grew fastest?", "Welche Stadt wuchs am schnellsten?", "Quelle ville a le plus grandi ?", "¿Qué ciudad creció más?") + "\ncity\tpopulation\tgrowth\n" + "\n".join(rows)


@tpl
def docs_examples(r, L):
    if r.random() < .5:
        port = r.randint(1024, 9999)
        return (tr(L, "Is this README example OK?", "Passt das README-Beispiel?", "Cet exemple du README est correct ?", "¿Está bien este ejemplo del README?") +
                f"\n```bash\nexport API_KEY=<your-key-here>\ncurl -H \"Authorization: Bearer $API_KEY\" http://localhost:{port}/v1/items\n"
                f"# returns {{\"owner\": \"{pick(r, TEMPLATE_NAMES)}\", \"email\": \"{pick(r, ['alice', 'bob', 'test'])}@example.{pick(r, ['com', 'org', 'net'])}\"}}\n```")
    return tr(L, f"Explain this doc snippet: send mail to user@example.com, call +1 555 0100, server 203.0.113.{r.randint(1, 254)}, key <YOUR_API_KEY>, card {look('4111 1111 1111 1111')}.",
              f"Erklär den Doku-Ausschnitt: Mail an max@example.org, Server 198.51.100.{r.randint(1, 254)}, Schlüssel <DEIN_API_KEY>, IBAN {look('DE89 3704 0044 0532 0130 00')}.",
              f"Explique cet extrait : écrire à jean@example.fr, serveur 192.0.2.{r.randint(1, 254)}, clé <VOTRE_CLE>, IBAN {look('FR14 2004 1010 0505 0001 3M02 606')}.",
              f"Explica este fragmento: correo a usuario@example.es, servidor 192.0.2.{r.randint(1, 254)}, clave <TU_API_KEY>, IBAN {look('ES91 2100 0418 4502 0005 1332')}.")


@tpl
def news_politics(r, L):
    if r.random() < .5:
        club, c2 = pick(r, ["Bayern", "PSG", "Real Madrid", "Arsenal", "Barça"]), pick(r, PUBLIC_PLACES)
        return tr(L, f"Headline ideas for this:\n{club} confirm {pick(r, ['Thomas Tuchel', 'Jürgen Klopp', 'Zinedine Zidane'])} talks; fans march from the station to the stadium in {c2}. Transfer fee reported at €{r.randint(20, 150)}m.",
                  f"Schlagzeilen dazu:\n{club} bestätigt Gespräche mit {pick(r, ['Thomas Tuchel', 'Jürgen Klopp'])}; Fans ziehen in {c2} vom Bahnhof zum Stadion. Ablöse: {r.randint(20, 150)} Mio. €.",
                  f"Des titres pour ça :\nLe {club} confirme des discussions avec {pick(r, ['Zinedine Zidane', 'Kylian Mbappé'])} ; cortège de supporters à {c2}. Transfert estimé à {r.randint(20, 150)} M€.",
                  f"Titulares para esto:\nEl {club} confirma contactos con {pick(r, ['Zinedine Zidane', 'Carlos Alcaraz', 'Alexia Putellas'])}; marcha de aficionados en {c2}. Traspaso de {r.randint(20, 150)} M€.")
    a, b = r.sample(["Emmanuel Macron", "Olaf Scholz", "Pedro Sánchez", "Keir Starmer", "Christine Lagarde", "Angela Merkel"], 2)
    c = pick(r, PUBLIC_PLACES)
    return tr(L, f"Give me 3 bullet points: {a} met {b} in {c} on Tuesday to discuss energy prices. Protesters gathered outside the conference centre; police estimated {r.randint(2, 30)},000 people.",
              f"Drei Stichpunkte bitte: {a} traf {b} am Dienstag in {c}, um über Energiepreise zu sprechen. Vor dem Kongresszentrum demonstrierten rund {r.randint(2, 30)}.000 Menschen.",
              f"Trois points clés : {a} a rencontré {b} mardi à {c} pour parler des prix de l'énergie. Environ {r.randint(2, 30)} 000 manifestants selon la police.",
              f"Tres puntos: {a} se reunió con {b} el martes en {c} para hablar de los precios de la energía. Unas {r.randint(2, 30)}.000 personas protestaron.")


@tpl
def product_manual(r, L):
    if r.random() < .5:
        p2 = pick(r, ["Bosch Serie 6", "Miele Classic C1", "De'Longhi Magnifica", "Dyson V15", "Tefal Actifry", "Rowenta X-Force"])
        return tr(L, f"Write a short troubleshooting guide: {p2} shows error E{r.randint(10, 99)}. Model {rs(r, 3, string.ascii_uppercase)}{r.randint(100, 999)}, firmware v{r.randint(1, 9)}.{r.randint(0, 20)}. Hotline hours Mon-Fri 8-18.",
                  f"Kurze Fehlerhilfe: {p2} zeigt Fehler E{r.randint(10, 99)}. Modell {rs(r, 3, string.ascii_uppercase)}{r.randint(100, 999)}, Firmware v{r.randint(1, 9)}.{r.randint(0, 20)}.",
                  f"Petit guide de dépannage : {p2} affiche l'erreur E{r.randint(10, 99)}. Modèle {rs(r, 3, string.ascii_uppercase)}{r.randint(100, 999)}.",
                  f"Guía rápida de averías: {p2} muestra el error E{r.randint(10, 99)}. Modelo {rs(r, 3, string.ascii_uppercase)}{r.randint(100, 999)}.")
    prod = pick(r, ["Alexa", "Siri", "Cortana", "Roomba", "Thermomix TM6", "Monsieur Cuisine Connect", "Tommee Tippee bottle", "Philips Sonicare"])
    return tr(L, f"Translate this manual step: Say 'Hey {prod}' or hold the button for 3 s. Default PIN 0000. Reset: hold 10 s until LED blinks. Serial no. SN{digits(r, 10)} is on the back.",
              f"Übersetze: Sag „{prod}“ oder halte die Taste 3 s. Standard-PIN 0000. Seriennummer SN{digits(r, 10)} auf der Rückseite.",
              f"Traduis : dites « {prod} » ou maintenez le bouton 3 s. Code PIN par défaut 0000. N° de série SN{digits(r, 10)} au dos.",
              f"Traduce: di «{prod}» o mantén el botón 3 s. PIN por defecto 0000. N.º de serie SN{digits(r, 10)} en la parte trasera.")


@tpl
def masked_csv(r, L):
    rows = [f"{r.randint(1000, 9999)},{pick(r, ['J. D.', 'A. K.', '***', 'redacted'])},****{digits(r, 4)},{pick(r, ['xx-xx-xx', 'DE** ****', '###'])},{order_no(r)}" for _ in range(r.randint(2, 4))]
    return tr(L, "This export is already anonymised, pivot it by month:", "Der Export ist schon anonymisiert, pivotiere nach Monat:", "Export déjà anonymisé, pivote par mois :", "El export ya está anonimizado, agrupa por mes:") + "\nid,name,card,bank,order\n" + "\n".join(rows)


@tpl
def event_venue(r, L):
    speaker = pick(r, ["Christine Lagarde", "Serena Williams", "Jürgen Klopp", "Emmanuel Macron", "Steffi Graf", "Toni Kroos", "Rafael Nadal"])
    return tr(L, f"Draft an invite: keynote by {speaker} at ExCeL London, Royal Victoria Dock, London E16 1XL, 9:30 on 12 March. Lunch in the 'Turing' room.",
              f"Entwirf eine Einladung: Keynote von {speaker} in der Messe {pick(r, ['Frankfurt', 'Köln'])}, Halle {r.randint(1, 11)}, 9:30 Uhr.",
              f"Rédige une invitation : conférence de {speaker} au Palais des Congrès, 2 place de la Porte Maillot, 75017 Paris, à 9h30.",
              f"Redacta una invitación: ponencia de {speaker} en IFEMA, Av. del Partenón 5, 28042 Madrid, a las 9:30.")


@tpl
def gdpr_request(r, L):
    f, l = first(r), last(r)
    cust = f"{pick(r, ['CU', 'KD', 'CL'])}{digits(r, 7)}"
    body = tr(L, f"Subject: Subject access request\n\nUnder Article 15 GDPR I request a copy of all data you hold on me.\nName: {P(f + ' ' + l)}\nCustomer no.: {cust}\nAddress: {m(address(r, L), 'LOCATION')}\nE-mail: {m(email(r, L, f, l), 'EMAIL_ADDRESS')}",
              f"Betreff: Auskunftsersuchen nach Art. 15 DSGVO\n\nSehr geehrte Damen und Herren,\nich bitte um Auskunft über meine gespeicherten Daten.\n{P(f + ' ' + l)}\n{m(address(r, L), 'LOCATION')}\nKundennummer {cust}",
              f"Objet : demande d'accès (art. 15 RGPD)\n\nMadame, Monsieur,\nMerci de me communiquer mes données.\n{P(f)} {P(l.upper())}\n{m(address(r, L), 'LOCATION')}\nN° client {cust}",
              f"Asunto: derecho de acceso (art. 15 RGPD)\n\nSolicito copia de mis datos personales.\nNombre: {P(f + ' ' + l)}\nDomicilio: {m(address(r, L), 'LOCATION')}\nN.º cliente: {cust}")
    return tr(L, "How long do we have to answer this?", "Wie lange haben wir für die Antwort?", "On a combien de temps pour répondre ?", "¿Cuánto plazo tenemos para responder?") + "\n\n" + body


@tpl
def git_diff(r, L):
    key = pick(r, [("STRIPE_KEY", stripe_key(r), "API_KEY"), ("GITHUB_TOKEN", gh_token(r), "API_KEY"), ("SLACK_BOT_TOKEN", slack_token(r), "API_KEY"), ("REFRESH_TOKEN", rs(r, 48, B62 + "-_"), "GENERIC_SECRET"), ("WEBHOOK_SIGNING_SECRET", "whsec_" + rs(r, 32), "GENERIC_SECRET")])
    return (tr(L, "review this diff", "review bitte diesen Diff", "relis ce diff", "revisa este diff") +
            f"\n```diff\n--- a/config/{pick(r, ['settings.py', 'app.yaml', 'prod.ts'])}\n+++ b/config/{pick(r, ['settings.py', 'app.yaml', 'prod.ts'])}\n@@ -{r.randint(3, 90)},6 +{r.randint(3, 90)},7 @@\n"
            f"-{key[0]} = os.getenv(\"{key[0]}\")\n+{key[0]} = \"{m(key[1], key[2])}\"  # TODO revert\n TIMEOUT = {r.randint(5, 60)}\n```")


@tpl
def rental_contract(r, L):
    f, l = first(r), last(r)
    rent = r.randint(450, 2400)
    return (tr(L, "Check this tenancy clause for problems:", "Prüf die Mietvertragsklausel:", "Vérifie cette clause du bail :", "Revisa esta cláusula del contrato de alquiler:") + "\n\n" +
            tr(L, f"§1 The landlord, {P(f + ' ' + l)}, lets the flat at {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} to the tenant for £{rent} per month, payable to sort code {m(f'{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)}', 'BANK_ACCOUNT')}, account {m(digits(r, 8), 'BANK_ACCOUNT')}.",
               f"§ 1 Vermieter {P(f + ' ' + l)} vermietet die Wohnung {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} für {rent} € monatlich, zahlbar auf {m(iban(r, 'DE'), 'IBAN_CODE')}.",
               f"Article 1 – {P(f + ' ' + l)}, bailleur, loue le logement situé {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} pour {rent} € par mois.",
               f"PRIMERA.– D./Dña. {P(f + ' ' + l)}, con DNI {m(dni(r), 'NATIONAL_ID')}, arrienda la vivienda sita en {m(address(r, L).replace(chr(10), ', '), 'LOCATION')} por {rent} € al mes."))


@tpl
def car_review(r, L):
    car = pick(r, ["Mercedes-Benz EQE", "Ford Mustang Mach-E", "Lamborghini Huracán", "Renault Clio", "SEAT León", "Porsche Taycan", "Citroën Ami", "Rolls-Royce Spectre"])
    return tr(L, f"Shorten this review: The {car} we drove around {pick(r, PUBLIC_PLACES)} averaged {r.randint(14, 24)}.{r.randint(0, 9)} kWh/100 km. VIN plates on press cars were taped over. Verdict: {r.randint(6, 9)}/10.",
              f"Kürze den Test: Der {car} verbrauchte rund um {pick(r, PUBLIC_PLACES)} {r.randint(14, 24)},{r.randint(0, 9)} kWh/100 km. Fazit: {r.randint(6, 9)}/10.",
              f"Raccourcis cet essai : la {car} a consommé {r.randint(14, 24)},{r.randint(0, 9)} kWh/100 km autour de {pick(r, PUBLIC_PLACES)}. Note : {r.randint(6, 9)}/10.",
              f"Resume la prueba: el {car} gastó {r.randint(14, 24)},{r.randint(0, 9)} kWh/100 km por {pick(r, PUBLIC_PLACES)}. Nota: {r.randint(6, 9)}/10.")


@tpl
def crypto_news(r, L):
    if r.random() < .4:
        tx = sha(r, 64)
        return tr(L, f"What does this explorer output mean?\ntx {tx}\nblock {r.randint(800000, 900000)}  fee {r.randint(1, 90)} sat/vB  confirmations {r.randint(1, 500)}",
                  f"Was bedeutet diese Explorer-Ausgabe?\ntx {tx}\nBlock {r.randint(800000, 900000)}, Gebühr {r.randint(1, 90)} sat/vB",
                  f"Que signifie cette sortie d'explorateur ?\ntx {tx}\nbloc {r.randint(800000, 900000)}, frais {r.randint(1, 90)} sat/vB",
                  f"¿Qué significa esta salida del explorador?\ntx {tx}\nbloque {r.randint(800000, 900000)}, comisión {r.randint(1, 90)} sat/vB")
    gen_addr = look("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
    return tr(L, f"Explain like I'm 12: Bitcoin traded near ${r.randint(40, 130)},{r.randint(100, 999)} on Monday. The genesis block address {gen_addr} still receives tiny tributes. Regulators in {pick(r, PUBLIC_PLACES)} are watching.",
              f"Erklär es einfach: Bitcoin notierte am Montag bei rund {r.randint(40, 130)}.{r.randint(100, 999)} $. An die Genesis-Adresse {gen_addr} werden noch immer Kleinstbeträge geschickt.",
              f"Explique simplement : le bitcoin s'échangeait autour de {r.randint(40, 130)} {r.randint(100, 999)} $ lundi. L'adresse du bloc genèse {gen_addr} reçoit encore des dons symboliques.",
              f"Explícalo fácil: el bitcoin cotizó cerca de {r.randint(40, 130)}.{r.randint(100, 999)} $ el lunes. La dirección del bloque génesis {gen_addr} sigue recibiendo pequeñas donaciones.")


@tpl
def jira_handles(r, L):
    key = f"{pick(r, ['PAY', 'OPS', 'WEB', 'DATA'])}-{r.randint(10, 9999)}"
    return (tr(L, "Write a status update from this ticket:", "Schreib ein Status-Update zu diesem Ticket:", "Rédige un point d'avancement :", "Escribe una actualización de estado:") +
            f"\n{key}  [{pick(r, ['In Progress', 'Blocked', 'In Review'])}]  assignee: @{pick(r, ['svc-deploy', 'team-payments', 'oncall-eu', 'qa-bot'])}\n"
            f"Sprint {r.randint(20, 90)} · story points {pick(r, ['3', '5', '8'])} · epic {pick(r, ['PAY', 'OPS'])}-{r.randint(1, 99)}\n"
            + tr(L, "Blocked on firewall change for 10.20.0.0/16; see runbook.", "Wartet auf Firewall-Freigabe für 10.20.0.0/16.", "Bloqué par l'ouverture de flux vers 10.20.0.0/16.", "Bloqueado por el cambio de firewall para 10.20.0.0/16."))


@tpl
def servicenow_vpn(r, L):
    f, l = first(r), last(r)
    return (tr(L, "Summarise for the network team:", "Für das Netzwerkteam zusammenfassen:", "Résume pour l'équipe réseau :", "Resume para el equipo de redes:") +
            f"\nINC{digits(r, 7)} | {tr(L, 'Caller', 'Anrufer', 'Appelant', 'Solicitante')}: {P(l + ', ' + f)} | {tr(L, 'VPN drops every 10 min', 'VPN bricht alle 10 Min. ab', 'VPN coupe toutes les 10 min', 'La VPN se corta cada 10 min')}\n"
            f"client_ip={m(pub_ip(r), 'IP_ADDRESS')} tunnel_ip={priv_ip(r)} hw={m(mac(r), 'MAC_ADDRESS')} gw=vpn-{pick(r, ['fra', 'lon', 'mad', 'par'])}-0{r.randint(1, 4)}")


@tpl
def chat_public_typos(r, L):
    fig = pick(r, ["messi", "mbappe", "alcaraz", "taylor swift", "klopp", "raducanu", "putellas", "nadal"])
    c = pick(r, PUBLIC_PLACES).lower()
    return tr(L, f"make this sound less unhinged lol:\nme: did u see {fig} last nite in {c}???\nme: teh crowd was insane\nme: tickets were like 300 quid smh",
              f"mach das weniger peinlich:\nich: hast du {fig} gestern in {c} gesehn???\nich: die stimmung war krass, tickets 200 euro lol",
              f"rends ça moins gênant :\nmoi : t'as vu {fig} hier soir a {c} ???\nmoi : l'ambiance etait ouf, places a 150 balles",
              f"haz que suene menos loco:\nyo: viste a {fig} anoche en {c}???\nyo: el ambiente era brutal, entradas a 200 pavos jaja")


@tpl
def furniture_catalog(r, L):
    items = r.sample(["BILLY bookcase", "IVAR shelving unit", "STEFAN chair", "INGOLF chair", "KALLAX shelf", "EKTORP sofa", "HEMNES bed",
                      "POÄNG armchair", "LACK table", "MALM dresser", "Franklin bar stool", "Anton desk lamp", "Harvey sofa by Made.com"], 4)
    return tr(L, "Compare prices in a table:\n", "Vergleiche die Preise in einer Tabelle:\n", "Compare les prix dans un tableau :\n", "Compara precios en una tabla:\n") + "\n".join(f"{i}  {r.randint(9, 899)},{r.choice(['00', '99', '49'])} €  art. {r.randint(100, 999)}.{r.randint(100, 999)}.{r.randint(10, 99)}" for i in items)


@tpl
def fiction_excerpt(r, L):
    ch = pick(r, [("Elizabeth Bennet", "Mr Darcy"), ("Jean Valjean", "Javert"), ("Gregor Samsa", "Grete"), ("Lisbeth Salander", "Mikael Blomkvist"), ("Sancho Panza", "Dulcinea"), ("Emma Bovary", "Rodolphe")])
    return tr(L, f"Continue this fan-fiction in the same style: {ch[0]} waited outside the station in {pick(r, PUBLIC_PLACES)} until {ch[1]} finally appeared, soaked and smiling.",
              f"Schreib die Fan-Fiction weiter: {ch[0]} wartete am Bahnhof von {pick(r, PUBLIC_PLACES)}, bis {ch[1]} endlich auftauchte.",
              f"Continue cette fanfiction : {ch[0]} attendait devant la gare de {pick(r, PUBLIC_PLACES)} quand {ch[1]} apparut enfin.",
              f"Continúa este fanfic: {ch[0]} esperaba en la estación de {pick(r, PUBLIC_PLACES)} hasta que {ch[1]} apareció por fin.")


@tpl
def delivery_typos(r, L):
    a = first(r).lower()
    addr = address(r, L).replace("\n", " ").lower()
    return tr(L, f"fix my msg to the landlord pls:\nhi its {P(a)} from flat upstairs, parcel got deliverd to wrong adress, should of been {m(addr, 'LOCATION')}. call me {m(phone(r, L), 'PHONE_NUMBER')} thx",
              f"korrigier meine nachricht pls:\nhallo hier ist {P(a)} von oben, paket ging an falsche adrese, richtig ist {m(addr, 'LOCATION')}. ruf an {m(phone(r, L), 'PHONE_NUMBER')}",
              f"corrige mon msg stp :\nbjr c {P(a)} du 2eme, le colis est parti a la mauvaise adresse, c'est {m(addr, 'LOCATION')}. appelez moi au {m(phone(r, L), 'PHONE_NUMBER')}",
              f"corrige mi mensaje porfa:\nhola soy {P(a)} del 2º, el paquete fue a otra direccion, era {m(addr, 'LOCATION')}. llamame al {m(phone(r, L), 'PHONE_NUMBER')}")


@tpl
def grades_sheet(r, L):
    rows = []
    for _ in range(r.randint(2, 4)):
        f, l = first(r), last(r)
        rows.append(f"{P(l)}, {P(f)}\t{m(f'{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(2009, 2013)}', 'DATE_OF_BIRTH')}\t{r.randint(1, 6)}\t{r.randint(1, 6)}")
    return tr(L, "Average the grade columns (born = date of birth):", "Durchschnitt der Noten berechnen (geb. = Geburtsdatum):", "Calcule la moyenne (né le = date de naissance) :", "Calcula la media (nac. = fecha de nacimiento):") + "\n" + tr(L, "pupil\tborn\tmaths\tenglish", "Schüler/in\tgeb.\tMathe\tDeutsch", "élève\tné le\tmaths\tfrançais", "alumno/a\tnac.\tmates\tlengua") + "\n" + "\n".join(rows)


@tpl
def sick_note(r, L):
    f, l = first(r), last(r)
    cond = pick(r, CONDITIONS[L])
    return tr(L, f"Reply kindly to this:\nHi team, {P(f)} here - my doctor signed me off for two weeks with {m(cond, 'MEDICAL_CONDITION')}. I'm on {m(pick(r, MEDS), 'MEDICATION')} so might be slow on Slack. Sorry!",
              f"Antworte freundlich:\nHallo zusammen, ich bin für zwei Wochen krankgeschrieben ({m(cond, 'MEDICAL_CONDITION')}). Ich nehme {m(pick(r, MEDS), 'MEDICATION')}, bin also langsam. LG {P(f)}",
              f"Réponds gentiment :\nBonjour à tous, arrêt de deux semaines pour {m(cond, 'MEDICAL_CONDITION')}, sous {m(pick(r, MEDS), 'MEDICATION')}. {P(f)} {P(l)}",
              f"Responde con cariño:\nHola equipo, estoy de baja dos semanas por {m(cond, 'MEDICAL_CONDITION')}, tomando {m(pick(r, MEDS), 'MEDICATION')}. Un abrazo, {P(f)}")


@tpl
def card_over_chat(r, L):
    f = first(r)
    exp = f"{r.randint(1, 12):02d}/{r.randint(27, 31)}"
    c = m(card(r), "CREDIT_CARD")
    return tr(L, f"rewrite this so it sounds professional:\n{P(f.lower())}: can u book the hotel on my card? {c} exp {exp}, code on the back is {digits(r, 3)}. thx!!",
              f"schreib das professioneller:\n{P(f.lower())}: kannst du das hotel mit meiner karte buchen? {c}, gültig bis {exp}, prüfziffer {digits(r, 3)}",
              f"reformule de façon pro :\n{P(f.lower())} : tu peux réserver l'hôtel avec ma carte ? {c} exp {exp}, cryptogramme {digits(r, 3)}",
              f"reescríbelo más profesional:\n{P(f.lower())}: me reservas el hotel con mi tarjeta? {c} cad {exp}, cvv {digits(r, 3)}")


@tpl
def jwt_debug(r, L):
    lines = [f"Authorization: Bearer {m(jwt(r), 'JWT')}"]
    if r.random() < .6:
        lines.append(f"Cookie: {pick(r, ['sessionid', 'connect.sid', '__Host-session'])}={m(rs(r, 40, B62), 'GENERIC_SECRET')}")
    if r.random() < .5:
        lines.append(f'{{"refresh_token": "{m(rs(r, 56, B62 + "-_"), "GENERIC_SECRET")}", "expires_in": {pick(r, ["3600", "900"])}}}')
    r.shuffle(lines)
    return tr(L, "decode this and tell me why it's expired", "dekodier das und sag mir, warum es abgelaufen ist", "décode ça et dis-moi pourquoi il a expiré", "decodifícalo y dime por qué ha caducado") + "\n\n" + "\n".join(lines)


@tpl
def db_config(r, L):
    style = r.randrange(3)
    cs = m(conn(r), "CONNECTION_STRING")
    if style == 0:
        body = f'{{\n  "ConnectionStrings": {{\n    "Default": "{cs}"\n  }},\n  "Logging": {{ "LogLevel": {{ "Default": "Warning" }} }}\n}}'
    elif style == 1:
        body = f"services:\n  worker:\n    image: acme/worker:{r.randint(1, 9)}.{r.randint(0, 20)}\n    environment:\n      - DB_URL={cs}\n      - QUEUE=jobs"
    else:
        body = f"spring.datasource.url=jdbc:postgresql://{priv_ip(r)}:5432/app\nspring.datasource.username=app\nspring.datasource.password={m(password(r), 'PASSWORD')}\ncache.url={cs}"
    return tr(L, "migrate this config to env vars", "migriere die Config auf Umgebungsvariablen", "passe cette config en variables d'env", "pasa esta config a variables de entorno") + "\n```\n" + body + "\n```"


@tpl
def orders_with_cards(r, L):
    rows = []
    for _ in range(r.randint(2, 4)):
        f, l = first(r), last(r)
        rows.append(f"{order_no(r)},{P(f + ' ' + l)},{m(card(r, 2), 'CREDIT_CARD')},{r.randint(5, 900)}.{r.randint(10, 99)}")
    return tr(L, "Find the duplicate orders:", "Finde doppelte Bestellungen:", "Trouve les commandes en double :", "Busca pedidos duplicados:") + "\norder,customer,card,total\n" + "\n".join(rows)


# ---------------------------------------------------------------- build
LANGS = ["en", "de", "fr", "es"]
PER_KIND = {"en": 6, "de": 3, "fr": 2, "es": 3}
WORD_RE = re.compile(r"\w")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
DIGITRUN_RE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")


def is_public_ip(parts):
    a, b = parts[0], parts[1]
    if any(p > 255 for p in parts):
        return False
    if a in (0, 10, 127) or a >= 224 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168) or (a == 169 and b == 254) or (a == 100 and 64 <= b <= 127):
        return False
    if (a, b, parts[2]) in ((192, 0, 2), (198, 51, 100), (203, 0, 113)):
        return False
    return True


def iban_valid(s):
    s = s.replace(" ", "")
    if len(s) < 15:
        return False
    t = s[4:] + s[:4]
    try:
        return int("".join(str(int(ch, 36)) for ch in t)) % 97 == 1
    except ValueError:
        return False


def problems(text, spans, looks):
    out = []
    prev = 0
    for s, e, t, _ in spans:
        v = text[s:e]
        if s < prev or v != v.strip() or not v:
            out.append(f"bad span {v!r}")
        if s > 0 and WORD_RE.match(text[s - 1]) and WORD_RE.match(text[s]):
            out.append(f"cut word start {v!r}")
        if e < len(text) and WORD_RE.match(text[e]) and WORD_RE.match(text[e - 1]):
            out.append(f"cut word end {v!r}")
        prev = e
    mask = list(text)
    for s, e, _, _ in spans:
        for i in range(s, e):
            mask[i] = "\x00"
    outside = "".join(mask)
    for lv in looks:
        outside = outside.replace(lv, "\x01" * len(lv))
    for name in AUDIT_NAMES + ALL_TOWNS:
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", outside, re.I):
            out.append(f"pool value outside span: {name}")
    for em in EMAIL_RE.findall(outside):
        if not re.search(r"@example\.\w+$", em):
            out.append(f"email outside: {em}")
    for mt in IPV4_RE.finditer(outside):
        if is_public_ip([int(x) for x in mt.groups()]):
            out.append(f"public ip outside: {mt.group(0)}")
    for mt in DIGITRUN_RE.finditer(outside):
        d = re.sub(r"\D", "", mt.group(0))
        if 13 <= len(d) <= 19 and luhn_ok(d):
            out.append(f"luhn outside: {mt.group(0)}")
    for mt in IBAN_RE.finditer(outside):
        if iban_valid(mt.group(0)):
            out.append(f"iban outside: {mt.group(0)}")
    return out


FRAME_GREET = {"en": ["hey, ", "hi! ", "quick one: ", "pls ", "ok so "], "de": ["hey, ", "Hallo! ", "kurze Frage: ", "bitte: "],
               "fr": ["salut, ", "bonjour ! ", "vite fait : ", "stp : "], "es": ["hola, ", "oye, ", "rápido: ", "porfa: "]}
FRAME_TAIL = {"en": ["thanks!", "keep it short", "(it's for a client deck)", "no bullet points please", "ty"],
              "de": ["danke!", "bitte kurz halten", "(ist für den Kunden)", "ohne Aufzählungszeichen"],
              "fr": ["merci !", "fais court", "(c'est pour un client)", "sans puces stp"],
              "es": ["¡gracias!", "que sea breve", "(es para un cliente)", "sin viñetas porfa"]}


def _first_outside(raw, needle, limit=None):
    depth = 0
    for i, ch in enumerate(raw):
        if ch in (S_OPEN, L_OPEN):
            depth += 1
        elif ch in (S_CLOSE, L_CLOSE):
            depth -= 1
        elif depth == 0 and raw.startswith(needle, i):
            return i if limit is None or i < limit else -1
    return -1


def frame(r, L, raw):
    """Vary how the prompt and the pasted material are put together (works on marked text)."""
    choice = r.randrange(7)
    if choice <= 1:
        return raw
    cut, sep = _first_outside(raw, "\n"), "\n"
    if cut < 0:
        cut, sep = _first_outside(raw, ": ", 90), ": "
    if cut < 0 or S_OPEN in raw[:cut]:
        return raw  # the paste starts on line one (chat line, record): no prompt line to move
    head, rest = raw[:cut + (1 if sep == ": " else 0)], raw[cut + len(sep):].strip("\n")
    if choice == 2:
        return f"{rest}\n\n{head.rstrip(':').rstrip()}"
    if choice == 3:
        return f"{head}\n\"\"\"\n{rest}\n\"\"\""
    if choice == 4:
        g = pick(r, FRAME_GREET[L])
        return g + (head[0].lower() + head[1:] if head[:1].isupper() and not head.startswith(S_OPEN) else head) + "\n" + rest
    if choice == 5:
        return f"{head}\n{rest}\n\n{pick(r, FRAME_TAIL[L])}"
    return f"{head}\n---\n{rest}\n---"


def build():
    records, looks_all, seen = [], {}, set()
    for fn in TEMPLATES:
        for L in LANGS:
            kind = f"{fn.__name__}_{L}"
            r = random.Random(f"{NAME}/{kind}")
            for i in range(PER_KIND[L]):
                for attempt in range(200):
                    text, spans, looks = strip_markers(frame(r, L, fn(r, L)))
                    if text in seen or problems(text, spans, looks):
                        continue
                    break
                else:
                    raise RuntimeError(f"{kind}: could not build a clean text: {problems(text, spans, looks)}")
                seen.add(text)
                rid = f"{NAME}-{kind}-{i + 1}"
                records.append({"id": rid, "kind": kind, "lang": L, "negative": not spans, "text": text, "spans": spans})
                looks_all[rid] = looks
    return records, looks_all


def serialise(records):
    return "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)


def main(argv):
    data = serialise(build()[0])
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != data:
            print(f"{OUT.name} is stale; run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(data, encoding="utf-8")
    print(f"wrote {OUT.name}: {data.count(chr(10))} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
