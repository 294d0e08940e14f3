#!/usr/bin/env python3
"""Deterministic generator for the blind9 DLP evaluation set (stdlib only).

Labelled values are wrapped in markers while a text is assembled (``m``), public
look-alikes in a second marker (``la``); markers are stripped afterwards and spans
computed from them, so ``text[start:end] == value`` by construction.
"""
from __future__ import annotations

import base64
import json
import os
import random
import string
import sys

NAME = "blind9"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, NAME + ".jsonl")

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

# ---------------------------------------------------------------- markers
S, SEP, E, LS, LE = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"


def m(value: str, etype: str) -> str:
    assert etype in CATEGORY, etype
    assert value == value.strip() and value, repr(value)
    return f"{S}{etype}{SEP}{value}{E}"


def la(value: str) -> str:
    """Deliberate unlabelled public look-alike (recorded for the audit)."""
    return f"{LS}{value}{LE}"


def strip_markers(raw: str):
    out, spans, looks = [], [], []
    i, pos = 0, 0
    while i < len(raw):
        c = raw[i]
        if c == S:
            j = raw.index(SEP, i)
            k = raw.index(E, j)
            etype, val = raw[i + 1:j], raw[j + 1:k]
            assert LS not in val and S not in val
            spans.append([pos, pos + len(val), etype, CATEGORY[etype]])
            out.append(val)
            pos += len(val)
            i = k + 1
        elif c == LS:
            k = raw.index(LE, i)
            val = raw[i + 1:k]
            assert S not in val
            looks.append([pos, pos + len(val)])
            out.append(val)
            pos += len(val)
            i = k + 1
        else:
            out.append(c)
            pos += 1
            i += 1
    return "".join(out), spans, looks


# ---------------------------------------------------------------- pools
GIVEN = {
    "en": ["Olivia", "Liam", "Hope", "Grace", "Bill", "Dawn", "Rowan", "Imogen", "Callum", "Priya", "Tariq",
           "Siobhan", "Keisha", "Declan", "Mei", "Anjali", "Ruth", "Wesley", "Faith", "Dwayne", "Heather",
           "Ebony", "Ivor", "Nadia", "Gareth", "Marnie", "Obinna", "Hollis", "Brook", "Tamsin"],
    "it": ["Giulia", "Matteo", "Chiara", "Lorenzo", "Serena", "Fiore", "Bianca", "Gianluca", "Ornella", "Rocco",
           "Letizia", "Salvatore", "Vittoria", "Arturo", "Ilaria", "Nunzio", "Benedetta", "Ottavio", "Marisa",
           "Corrado", "Speranza", "Tommaso", "Assunta", "Dario"],
    "pt": ["João", "Inês", "Gonçalo", "Beatriz", "Rui", "Leonor", "Tiago", "Mafalda", "Diogo", "Filipa",
           "Thiago", "Luana", "Cauã", "Jéssica", "Rafaela", "Wellington", "Graça", "Raimundo", "Conceição",
           "Vitória", "Anderson", "Kauane", "Edvaldo", "Luz"],
    "nl": ["Sanne", "Daan", "Femke", "Bram", "Lotte", "Joris", "Anouk", "Sem", "Fleur", "Thijs", "Ilse",
           "Ruud", "Marieke", "Koen", "Noor", "Gerrit", "Esmee", "Wouter", "Mirjam", "Jelle", "Roos", "Hidde",
           "Yara", "Stijn"],
    "x": ["Aylin", "Mehmet", "Oluwaseun", "Yusuf", "Svetlana", "Bogdan", "Hiroshi", "Nguyen", "Fatima",
          "Zainab", "Kwame", "Dragana", "Soraya", "Arjun", "Lucía", "Björn", "Agnieszka", "Chinedu"],
}
SURNAME = {
    "en": ["Baker", "Fletcher", "Whitlock", "Okafor", "Pennington", "Marsh", "Haworth", "Kowalczyk", "Mason",
           "Fisher", "Greenhalgh", "Sandhu", "Treloar", "Castellanos", "Ashdown", "Pryce", "Nakamura",
           "Bright", "Holloway", "Duckworth", "Mbeki-Jones", "O'Rourke", "Larkin", "Stone"],
    "it": ["Bianchi", "Esposito", "Colombo", "Ferraro", "Gallo", "Fontana", "Santoro", "Mancini", "Caruso",
           "Lombardi", "Barbieri", "Moretti", "Pellegrini", "Cattaneo", "Bruno", "Sala", "D'Angelo",
           "Marchetti", "Testa", "Guerra", "Pace", "Serra"],
    "pt": ["Silva", "Ferreira", "Carvalho", "Figueiredo", "Nogueira", "Albuquerque", "Pereira", "Rocha",
           "Barros", "Moura", "Cardoso", "Teixeira", "Magalhães", "Fonseca", "Queiroz", "Brandão", "Pinheiro",
           "Coelho", "Leite", "Vieira", "Bezerra", "Sampaio"],
    "nl": ["de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van Dijk", "Hendriks",
           "Dekker", "Brouwer", "van der Linden", "Kuipers", "Schouten", "Vos", "Wolters", "Postma", "Huisman",
           "de Graaf", "Verbeek", "Koster", "Prins"],
    "x": ["Yılmaz", "Adeyemi", "Haddad", "Petrović", "Tanaka", "Tran", "Chaudhry", "Mensah", "Lindqvist",
          "Nowak", "Ivanova", "Rahimi", "Achterberg-Osei", "Gómez"],
}
ALL_GIVEN = sorted({g for v in GIVEN.values() for g in v})
ALL_SURNAME = sorted({s for v in SURNAME.values() for s in v})

# small towns used only for private persons
TOWNS = {
    "en": ["Ludlow", "Hexham", "Kettering", "Bridport", "Thirsk", "Llandeilo", "Keswick", "Wymondham",
           "Oakham", "Penrith"],
    "us": ["Bozeman", "Keene", "Decorah", "Lewisburg", "Paducah", "Ames", "Chillicothe", "Kalispell"],
    "it": ["Sassuolo", "Fidenza", "Chiavari", "Mirandola", "Bassano del Grappa", "Gallarate", "Ostuni",
           "Cittadella", "Sansepolcro", "Voghera"],
    "pt": ["Tomar", "Lousada", "Ílhavo", "Amarante", "Fafe", "Montemor-o-Novo", "Oliveira de Azeméis",
           "Ponte de Lima"],
    "br": ["Itajubá", "Lajeado", "Caxambu", "Assis", "Registro", "Garanhuns", "Barbacena", "Penedo",
           "Itapeva", "Crato"],
    "nl": ["Zeewolde", "Dronten", "Oisterwijk", "Borculo", "Heeze", "Winschoten", "Harderwijk", "Steenwijk",
           "Culemborg", "Medemblik"],
}
ALL_TOWNS = sorted({t for v in TOWNS.values() for t in v})
# big public places: news, venues, offices, weather, travel (never private addresses)
PUBLIC_PLACES = ["London", "Amsterdam", "Rome", "Milan", "Lisbon", "São Paulo", "Rotterdam", "New York",
                 "Porto", "Turin", "Rio de Janeiro", "Utrecht", "Naples", "Manchester", "Brasília",
                 "The Hague", "Florence", "Chicago", "Eindhoven", "Coimbra", "Salvador", "Bologna"]
assert not set(PUBLIC_PLACES) & set(ALL_TOWNS)

DOMAINS = ["brightlane.io", "hollowayfreight.co.uk", "studio-pace.it", "ferramentacolombo.it",
           "vosinstallatie.nl", "dekkerlogistiek.nl", "maresia-seguros.pt", "contabil-rocha.com.br",
           "gmail.com", "outlook.com", "libero.it", "hotmail.nl", "sapo.pt", "uol.com.br", "kpnmail.nl",
           "yahoo.co.uk", "protonmail.com", "icloud.com", "tiscali.it", "ziggo.nl", "bol.com.br"]


def _lang_key(lang: str) -> str:
    return {"en": "en", "it": "it", "pt": "pt", "nl": "nl"}.get(lang, "x")


def given(r: random.Random, lang: str = "en") -> str:
    pool = GIVEN[_lang_key(lang)] + (GIVEN["x"] if r.random() < 0.2 else [])
    return r.choice(pool)


def surname(r: random.Random, lang: str = "en") -> str:
    pool = SURNAME[_lang_key(lang)] + (SURNAME["x"] if r.random() < 0.2 else [])
    return r.choice(pool)


def ascii_fold(s: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c) and c.isascii()).replace("'", "").replace(" ", "")


def email_for(r: random.Random, g: str, s: str) -> str:
    g2, s2 = ascii_fold(g).lower(), ascii_fold(s).lower()
    style = r.randrange(5)
    local = [f"{g2}.{s2}", f"{g2[0]}{s2}", f"{g2}{r.randint(1, 99)}", f"{s2}.{g2[0]}", f"{g2}_{s2}"][style]
    return f"{local}@{r.choice(DOMAINS)}"


def digits(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def alnum(r: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------- phones
def phone(r: random.Random, country: str) -> str:
    if country == "nl":
        d = digits(r, 8)
        return r.choice([f"06-{d}", f"+31 6 {d[:4]} {d[4:]}", f"06 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
                         f"+31 (0)6 {d}", f"030-{digits(r, 7)}", f"+31 20 {d[:3]} {d[3:7]}"])
    if country == "it":
        d = digits(r, 7)
        p = r.choice(["333", "347", "328", "339", "320", "393"])
        return r.choice([f"+39 {p} {d[:3]} {d[3:]}", f"{p} {d}", f"{p}-{d[:3]}{d[3:]}",
                         f"+39 0{r.choice(['51', '522', '185', '2'])} {d[:4]}{d[4:]}"])
    if country == "pt":
        d = digits(r, 6)
        p = r.choice(["912", "936", "965", "917"])
        return r.choice([f"+351 {p} {d[:3]} {d[3:]}", f"{p} {d[:3]} {d[3:]}", f"{p}{d}"])
    if country == "br":
        dd = r.choice(["11", "21", "31", "51", "71", "35", "19"])
        d = digits(r, 8)
        return r.choice([f"({dd}) 9{d[:4]}-{d[4:]}", f"+55 {dd} 9{d[:4]}-{d[4:]}", f"{dd} 9{d}",
                         f"+55 ({dd}) 9 {d[:4]} {d[4:]}"])
    if country == "us":
        a = r.choice(["412", "503", "614", "919", "720", "208"])
        d = str(r.randint(2, 9)) + digits(r, 6)
        return r.choice([f"({a}) {d[:3]}-{d[3:]}", f"{a}-{d[:3]}-{d[3:]}", f"+1 {a} {d[:3]} {d[3:]}"])
    d = digits(r, 6)
    return r.choice([f"07{r.randint(100, 999)} {d}", f"+44 7{r.randint(100, 999)} {d[:3]} {d[3:]}",
                     f"01{r.randint(100, 999)} {d}", f"07{r.randint(100, 999)}{d}"])


# ---------------------------------------------------------------- addresses
def address(r: random.Random, country: str, multiline: bool = False) -> str:
    n = r.randint(1, 180)
    if country == "nl":
        st = r.choice(["Kerkstraat", "Dorpsweg", "Molenlaan", "Esdoornhof", "Beukenrode", "Zuiderdiep",
                       "Vlasakker", "Koolmeesstraat"])
        town = r.choice(TOWNS["nl"])
        pc = f"{r.randint(1000, 9999)} {r.choice('ABCDEGHJKLMNPRSTVWXZ')}{r.choice('ABCDEGHJKLMNPRSTVWXZ')}"
        parts = [f"{st} {n}{r.choice(['', '', '-A', 'bis', ' II'])}", f"{pc} {town}"]
    elif country == "it":
        st = r.choice(["Via Garibaldi", "Via dei Mille", "Viale Mazzini", "Vicolo Stretto", "Via San Rocco",
                       "Piazza della Pieve", "Via Emilia Ovest", "Corso Matteotti"])
        town = r.choice(TOWNS["it"])
        prov = {"Sassuolo": "MO", "Fidenza": "PR", "Chiavari": "GE", "Mirandola": "MO", "Bassano del Grappa": "VI",
                "Gallarate": "VA", "Ostuni": "BR", "Cittadella": "PD", "Sansepolcro": "AR", "Voghera": "PV"}[town]
        parts = [f"{st} {n}", f"{r.randint(10, 98)}0{r.randint(10, 99)} {town} ({prov})"]
    elif country == "pt":
        st = r.choice(["Rua da Liberdade", "Travessa do Carmo", "Avenida 25 de Abril", "Rua das Flores",
                       "Largo do Pelourinho", "Rua Dr. António Granjo"])
        town = r.choice(TOWNS["pt"])
        parts = [f"{st}, {n}, {r.randint(1, 5)}.º {r.choice(['Esq.', 'Dto.', 'A'])}",
                 f"{r.randint(2000, 4999)}-{r.randint(100, 999)} {town}"]
    elif country == "br":
        st = r.choice(["Rua Sete de Setembro", "Av. Getúlio Vargas", "Rua Padre Anchieta", "Travessa Boa Vista",
                       "Rua Marechal Deodoro", "Alameda dos Ipês"])
        town = r.choice(TOWNS["br"])
        uf = r.choice(["MG", "RS", "SP", "PE", "AL"])
        parts = [f"{st}, {n}{r.choice(['', ' - apto 302', ' - casa 2', ', bloco B'])}",
                 f"{town} - {uf}", f"CEP {r.randint(10, 99)}{r.randint(100, 999)}-{r.randint(100, 999)}"]
    elif country == "us":
        st = r.choice(["Maple Ave", "N 3rd St", "Orchard Ln", "Ridgeview Dr", "Elm Street", "County Rd 12"])
        town = r.choice(TOWNS["us"])
        parts = [f"{n * 7} {st}{r.choice(['', ', Apt 4B', ', Unit 2'])}",
                 f"{town}, {r.choice(['MT', 'NH', 'IA', 'PA', 'KY', 'OH'])} {digits(r, 5)}"]
    else:
        st = r.choice(["Mill Lane", "Church Road", "Rosemary Close", "Station Approach", "The Crescent",
                       "Tanners Walk"])
        town = r.choice(TOWNS["en"])
        pc = f"{r.choice(['SY8', 'NE46', 'NN16', 'DT6', 'YO7', 'SA19', 'CA12', 'LE15'])} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        parts = [f"{n} {st}", town, pc]
    return ("\n" if multiline else ", ").join(parts)


# ---------------------------------------------------------------- checksummed ids
def luhn_digit(body: str) -> str:
    tot = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def card(r: random.Random, sep: str | None = None) -> str:
    kind = r.randrange(4)
    if kind == 3:
        body = r.choice(["34", "37"]) + digits(r, 12)
        num = body + luhn_digit(body)
        groups = [num[:4], num[4:10], num[10:]]
    else:
        pre = ["4", r.choice(["51", "53", "55", "2221"]), "6011"][kind]
        body = pre + digits(r, 15 - len(pre))
        num = body + luhn_digit(body)
        groups = [num[i:i + 4] for i in range(0, 16, 4)]
    if num in TEST_CARDS:
        return card(r, sep)
    sep = r.choice([" ", "-", "", " "]) if sep is None else sep
    return sep.join(groups)


TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
              "4000056655665556", "5105105105105100", "6011111111111117", "4012888888881881"}


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return f"{98 - int(num) % 97:02d}"


def iban(r: random.Random, country: str, grouped: bool | None = None) -> str:
    up = string.ascii_uppercase
    if country == "NL":
        bban = r.choice(["RABO", "INGB", "ABNA", "SNSB", "TRIO", "KNAB", "ASNB"]) + digits(r, 10)
    elif country == "IT":
        bban = r.choice(up) + digits(r, 10) + digits(r, 12)
    elif country == "PT":
        bban = "00" + r.choice(["07", "33", "35", "10", "36"]) + digits(r, 17)
    elif country == "BR":
        bban = digits(r, 8) + digits(r, 5) + digits(r, 10) + r.choice("CP") + r.choice("12")
    elif country == "DE":
        bban = digits(r, 18)
    elif country == "BE":
        bban = digits(r, 12)
    else:
        country = "GB"
        bban = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(r, 14)
    code = country + iban_check(country, bban) + bban
    if grouped is None:
        grouped = r.random() < 0.6
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4)) if grouped else code


def bsn(r: random.Random) -> str:
    while True:
        d = [r.randint(0, 9) for _ in range(8)]
        if d[0] == 0:
            continue
        tot = sum(w * x for w, x in zip(range(9, 1, -1), d))
        last = tot % 11
        if last <= 9:
            return "".join(map(str, d)) + str(last)


def cpf(r: random.Random, fmt: bool = True) -> str:
    while True:
        d = [r.randint(0, 9) for _ in range(9)]
        if len(set(d)) > 1:
            break
    for n in (10, 11):
        tot = sum(x * w for x, w in zip(d, range(n, 1, -1)))
        d.append(0 if tot % 11 < 2 else 11 - tot % 11)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}" if fmt else s


def nif_pt(r: random.Random) -> str:
    while True:
        d = [r.choice([1, 2, 3])] + [r.randint(0, 9) for _ in range(7)]
        tot = sum(x * w for x, w in zip(d, range(9, 1, -1)))
        c = 11 - tot % 11
        c = 0 if c >= 10 else c
        return "".join(map(str, d)) + str(c)


_CF_ODD = {**{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
           **dict(zip(string.ascii_uppercase, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                                                12, 14, 16, 10, 22, 25, 24, 23]))}


def cf_check(body15: str) -> str:
    tot = 0
    for i, ch in enumerate(body15):
        if i % 2 == 0:
            tot += _CF_ODD[ch]
        else:
            tot += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + tot % 26)


def codice_fiscale(r: random.Random, g: str, s: str, female: bool | None = None) -> str:
    def cons(x):
        x = ascii_fold(x).upper()
        return [c for c in x if c.isalpha() and c not in "AEIOU"], [c for c in x if c in "AEIOU"]
    c, v = cons(s)
    sur = "".join((c + v + ["X"] * 3)[:3])
    c, v = cons(g)
    if len(c) >= 4:
        c = [c[0], c[2], c[3]]
    nam = "".join((c + v + ["X"] * 3)[:3])
    yy = f"{r.randint(50, 99):02d}" if r.random() < 0.7 else f"{r.randint(0, 5):02d}"
    mm = r.choice("ABCDEHLMPRST")
    dd = r.randint(1, 28) + (40 if (female if female is not None else r.random() < 0.5) else 0)
    town = r.choice(["F257", "D458", "C621", "F240", "A703", "L736", "B157", "G702"])
    body = f"{sur}{nam}{yy}{mm}{dd:02d}{town}"
    return body + cf_check(body)


def ssn(r: random.Random) -> str:
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def nino(r: random.Random) -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = r.choice(first) + r.choice(second)
        if p not in {"GB", "BG", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    d = digits(r, 6)
    return r.choice([f"{p}{d}{r.choice('ABCD')}", f"{p} {d[:2]} {d[2:4]} {d[4:]} {r.choice('ABCD')}"])


def tfn(r: random.Random) -> str:
    while True:
        d = [r.randint(0, 9) for _ in range(9)]
        if d[0] and sum(x * w for x, w in zip(d, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0:
            s = "".join(map(str, d))
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def nhs(r: random.Random) -> str:
    while True:
        d = [r.randint(0, 9) for _ in range(9)]
        c = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1))) % 11
        c = 0 if c == 11 else c
        if c != 10:
            s = "".join(map(str, d)) + str(c)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def cns_br(r: random.Random) -> str:
    while True:
        d = [r.choice([7, 8, 9])] + [r.randint(0, 9) for _ in range(14)]
        if sum(x * (15 - k) for k, x in enumerate(d)) % 11 == 0:
            s = "".join(map(str, d))
            return f"{s[:3]} {s[3:7]} {s[7:11]} {s[11:]}"


def aba(r: random.Random) -> str:
    d = [r.randint(0, 9) for _ in range(8)]
    tot = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5]
    return "".join(map(str, d)) + str((10 - tot % 10) % 10)


# bech32 (BIP-173) for bc1 addresses
_B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def btc_bech32(r: random.Random) -> str:
    hrp = "bc"
    data = [0] + [r.randrange(32) for _ in range(32)]
    exp = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = _bech32_polymod(exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_B32[d] for d in data + chk)


def eth(r: random.Random) -> str:
    return "0x" + alnum(r, 40, "0123456789abcdef")


# ---------------------------------------------------------------- secrets
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"


def aws_key(r): return "AKIA" + alnum(r, 16, string.ascii_uppercase + "234567")
def aws_secret(r): return alnum(r, 40, string.ascii_letters + string.digits + "/+")
def gh_token(r): return r.choice(["ghp_", "gho_", "ghs_"]) + alnum(r, 36)
def gh_pat(r): return "github_pat_" + alnum(r, 22) + "_" + alnum(r, 59)
def stripe_key(r): return r.choice(["sk_live_", "rk_live_"]) + alnum(r, 24)
def openai_key(r): return "sk-proj-" + alnum(r, 48, URLSAFE)
def anthropic_key(r): return "sk-ant-api03-" + alnum(r, 86, URLSAFE) + "AA"
def google_key(r): return "AIza" + alnum(r, 35, URLSAFE)
def slack_token(r): return f"xoxb-{digits(r, 12)}-{digits(r, 13)}-{alnum(r, 24)}"
def slack_webhook(r): return f"https://hooks.slack.com/services/T{alnum(r, 8, string.ascii_uppercase + string.digits)}/B{alnum(r, 10, string.ascii_uppercase + string.digits)}/{alnum(r, 24)}"
def discord_webhook(r): return f"https://discord.com/api/webhooks/{digits(r, 18)}/{alnum(r, 68, URLSAFE)}"
def sendgrid_key(r): return f"SG.{alnum(r, 22, URLSAFE)}.{alnum(r, 43, URLSAFE)}"
def twilio_sid(r): return "AC" + alnum(r, 32, "0123456789abcdef")
def gitlab_token(r): return "glpat-" + alnum(r, 20, URLSAFE)
def npm_token(r): return "npm_" + alnum(r, 36)
def hexsecret(r, n=64): return alnum(r, n, "0123456789abcdef")


def password(r: random.Random) -> str:
    words = ["Zomer", "Gatto", "Saudade", "Tulp", "Bacalhau", "Rocket", "Pesto", "Fietsen", "Harbour", "Lua",
             "Pioggia", "Draak", "Canela", "Falcon"]
    style = r.randrange(4)
    if style == 0:
        return f"{r.choice(words)}{r.randint(10, 2026)}{r.choice('!?#$%&*')}"
    if style == 1:
        return alnum(r, r.randint(12, 20), string.ascii_letters + string.digits + "!#%&*+-=?@^_")
    if style == 2:
        return f"{r.choice(words).lower()}-{r.choice(words).lower()}-{r.choice(words).lower()}{r.randint(1, 9)}"
    return f"{r.choice(words)}_{alnum(r, 4)}{r.choice('!@#')}{r.randint(0, 99)}"


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(r: random.Random, sub: str | None = None) -> str:
    header = {"alg": r.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    payload = {"sub": sub or digits(r, 8), "iat": 1790000000 + r.randint(0, 9999999),
               "exp": 1800000000 + r.randint(0, 9999999), "scope": r.choice(["read", "admin", "billing:write"])}
    sig = bytes(r.randrange(256) for _ in range(32 if header["alg"] == "HS256" else 64))
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(payload, separators=(",", ":")).encode()), b64url(sig)])


def pem_key(r: random.Random) -> str:
    kind = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    n = {"RSA PRIVATE KEY": 14, "PRIVATE KEY": 12, "EC PRIVATE KEY": 3, "OPENSSH PRIVATE KEY": 6}[kind]
    head = {"RSA PRIVATE KEY": "MIIEow", "PRIVATE KEY": "MIIEvQ", "EC PRIVATE KEY": "MHcCAQEE",
            "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA"}[kind]
    lines = [head + alnum(r, 64 - len(head), B64)] + [alnum(r, 64, B64) for _ in range(n - 1)]
    lines.append(alnum(r, r.randint(8, 40), B64) + "==")
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def conn_string(r: random.Random, user: str = "app") -> str:
    pw = alnum(r, r.randint(10, 18))
    host = r.choice(["db-prod-01.internal.brightlane.io", "pg.dekkerlogistiek.nl", "10.20.4.17",
                     "cluster0.x7kqp.mongodb.net", "mysql-eu.studio-pace.it", "redis-prod.maresia-seguros.pt"])
    s = r.randrange(5)
    if s == 0:
        return f"postgresql://{user}:{pw}@{host}:5432/{r.choice(['orders', 'crm', 'payroll'])}"
    if s == 1:
        return f"mongodb+srv://{user}:{pw}@{host}/{r.choice(['prod', 'analytics'])}?retryWrites=true&w=majority"
    if s == 2:
        return f"mysql://{user}:{pw}@{host}:3306/shop"
    if s == 3:
        return f"redis://default:{pw}@{host}:6379/0"
    return f"Server={host};Database=Finance;User Id={user};Password={pw};Encrypt=True;"


# ---------------------------------------------------------------- network
def public_ip(r: random.Random) -> str:
    while True:
        a = r.randint(1, 223)
        b, c, d = r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)
        if a in (10, 127, 0) or (a == 100 and 64 <= b < 128) or (a == 169 and b == 254) \
                or (a == 172 and 16 <= b < 32) or (a == 192 and b == 168) or (a == 192 and b == 0) \
                or (a == 198 and b in (18, 19, 51)) or (a == 203 and b == 0) or a >= 224:
            continue
        return f"{a}.{b}.{c}.{d}"


def private_ip(r: random.Random) -> str:
    return r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"100.{r.randint(64, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"127.0.0.{r.randint(1, 9)}", f"169.254.{r.randint(1, 254)}.{r.randint(1, 254)}",
                     f"192.0.2.{r.randint(1, 254)}", f"198.51.100.{r.randint(1, 254)}",
                     f"203.0.113.{r.randint(1, 254)}"])


def mac(r: random.Random) -> str:
    b = [r.randrange(256) for _ in range(6)]
    b[0] &= 0xFC
    sep = r.choice([":", "-"])
    s = sep.join(f"{x:02x}" for x in b)
    return s.upper() if r.random() < 0.5 else s


# ---------------------------------------------------------------- dates
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
}


def dob(r: random.Random, lang: str = "en", years: tuple = (1948, 2006)) -> str:
    y, mo, d = r.randint(*years), r.randint(1, 12), r.randint(1, 28)
    s = r.randrange(4)
    if s == 0:
        return f"{y}-{mo:02d}-{d:02d}"
    if s == 1:
        return f"{mo:02d}/{d:02d}/{y}" if lang == "us" else f"{d:02d}/{mo:02d}/{y}"
    if s == 2:
        return f"{d:02d}-{mo:02d}-{y}" if lang == "nl" else f"{d:02d}.{mo:02d}.{y}"
    ml = MONTHS.get(lang if lang in MONTHS else "en")
    if lang in ("en", "us"):
        return f"{d} {ml[mo - 1]} {y}"
    if lang == "pt":
        return f"{d} de {ml[mo - 1]} de {y}"
    return f"{d} {ml[mo - 1]} {y}"


# ---------------------------------------------------------------- health
CONDITIONS = {
    "en": ["type 2 diabetes", "asthma", "major depressive disorder", "epilepsy", "Crohn's disease",
           "hypertension", "generalised anxiety disorder", "multiple sclerosis", "ADHD", "coeliac disease",
           "rheumatoid arthritis", "long COVID"],
    "it": ["diabete di tipo 1", "asma bronchiale", "depressione maggiore", "epilessia", "morbo di Crohn",
           "ipertensione arteriosa", "fibromialgia", "sclerosi multipla", "celiachia", "ernia del disco"],
    "pt": ["diabetes tipo 2", "asma", "depressão", "epilepsia", "hipertensão arterial", "fibromialgia",
           "esclerose múltipla", "transtorno bipolar", "doença celíaca", "hérnia de disco"],
    "nl": ["diabetes type 2", "astma", "depressie", "epilepsie", "ziekte van Crohn", "hoge bloeddruk",
           "burn-out", "multiple sclerose", "hernia", "coeliakie", "reumatoïde artritis"],
}
MEDS = ["metformin", "salbutamol", "sertraline", "levetiracetam", "methotrexate", "lisinopril", "ramipril",
        "insulin glargine", "fluoxetine", "adalimumab", "pregabalin", "omeprazole", "methylphenidate",
        "amlodipine", "lamotrigine", "quetiapine", "prednisolone", "apixaban"]


# ---------------------------------------------------------------- registry
KINDS: list = []


def kind(name: str, lang: str, n: int = 4):
    def deco(fn):
        assert n <= 6
        KINDS.append((name, lang, n, fn))
        return fn
    return deco


def pick(i: int, seq):
    """Deterministic distinct choice per text index (keeps small static kinds unique)."""
    return seq[i % len(seq)]


def P(g: str, s: str, order: str = "gs") -> str:
    """A private full name, as one PERSON span."""
    return m(f"{g} {s}" if order == "gs" else f"{s}, {g}", "PERSON")


# ================================================================ ENGLISH kinds
@kind("en_mail_thread_hr", "en", 5)
def _(r, i):
    g1, s1, g2, s2, g3 = given(r), surname(r), given(r), surname(r), given(r)
    prompt = r.choice(["Summarise this thread for me:", "can you make this sound less passive aggressive?",
                       "Draft a reply to the last message, keep it short.", "TL;DR please", "Rewrite politely:"])
    return (f"{prompt}\n\nFrom: {P(g1, s1)} <{m(email_for(r, g1, s1), 'EMAIL_ADDRESS')}>\nTo: {m(g2 + ' ' + s2, 'PERSON')}\n"
            f"Subject: RE: {r.choice(['return to work', 'sick leave extension', 'phased return plan', 'reasonable adjustments'])}\n\n"
            f"Hi {m(g2, 'PERSON')},\n\nJust confirming {m(g3, 'PERSON')} is back on Monday after treatment for "
            f"{m(r.choice(CONDITIONS['en']), 'MEDICAL_CONDITION')}. OH recommends no night shifts for 6 weeks. "
            f"Her mobile is {m(phone(r, 'en'), 'PHONE_NUMBER')} if payroll need her.\n\nThanks,\n{m(g1, 'PERSON')}\n"
            f"{r.choice(['People Partner', 'HR Advisor', 'Team Lead, Warehouse'])} | {la(r.choice(['Holloway Freight', 'Brightlane']))}")


@kind("en_slack_export_deploy", "en", 4)
def _(r, i):
    a, b = given(r).lower(), given(r).lower()
    ip = public_ip(r)
    lines = [f"[{9 + i}:{r.randint(10, 59)}] {m(a, 'PERSON')}: prod box is at {m(ip, 'IP_ADDRESS')} now, old one was {private_ip(r)}",
             f"[{9 + i}:{r.randint(10, 59)}] {m(b, 'PERSON')}: k thx. pw for the admin ui still `{m(password(r), 'PASSWORD')}`?",
             f"[{9 + i}:{r.randint(10, 59)}] {m(a, 'PERSON')}: ya but dont paste it here lol",
             f"[{9 + i}:{r.randint(10, 59)}] {m(b, 'PERSON')}: oops"]
    return r.choice(["why is this deploy failing? context from slack:", "explain what they're talking about",
                     "summarize"]) + "\n" + "\n".join(lines)


@kind("en_whatsapp_family", "en", 4)
def _(r, i):
    g1, g2, kid = given(r), given(r), given(r)
    s = surname(r)
    addr = address(r, "en")
    return (f"help me write a msg to the school based on this:\n"
            f"{i + 3}/11/2026, 07:4{i} - {m(g1, 'PERSON')}: {m(kid.lower(), 'PERSON')} has a temp again, keeping him home\n"
            f"{i + 3}/11/2026, 07:4{i + 1} - {m(g2, 'PERSON')}: ok. his inhaler is in my bag, the {m('salbutamol', 'MEDICATION')} one\n"
            f"{i + 3}/11/2026, 07:5{i} - {m(g1, 'PERSON')}: school needs the form sent to {m(addr, 'LOCATION')} for {m(kid + ' ' + s, 'PERSON')} can u do it\n"
            f"{i + 3}/11/2026, 07:5{i + 2} - {m(g2, 'PERSON')}: yep")


@kind("en_csv_customers", "en", 4)
def _(r, i):
    hdr = r.choice(["id,first_name,last_name,email,phone,dob", "customer_id;first;last;e-mail;tel;birth_date"])
    sep = "," if "," in hdr else ";"
    rows = [hdr]
    for k in range(r.randint(3, 5)):
        g, s = given(r), surname(r)
        rows.append(sep.join([str(1000 + k * 7 + i), m(g, "PERSON"), m(s, "PERSON"), m(email_for(r, g, s), "EMAIL_ADDRESS"),
                              m(phone(r, r.choice(["en", "us"])), "PHONE_NUMBER"), m(dob(r, "en") if sep == ";" else f"{r.randint(1950, 2004)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}", "DATE_OF_BIRTH")]))
    return r.choice(["Fix this CSV so the dates are ISO:", "dedupe this please", "Why does Excel mangle this?"]) + "\n" + "\n".join(rows)


@kind("en_sql_insert_users", "en", 4)
def _(r, i):
    vals = []
    for k in range(3):
        g, s = given(r), surname(r)
        vals.append(f"  ({k + 1}, '{m(g + ' ' + s, 'PERSON')}', '{m(email_for(r, g, s), 'EMAIL_ADDRESS')}', '{m(ssn(r), 'NATIONAL_ID')}')")
    return ("optimize this migration:\n```sql\nINSERT INTO employees (id, full_name, email, ssn) VALUES\n" + ",\n".join(vals)
            + ";\n```")


@kind("en_env_file", "en", 5)
def _(r, i):
    lines = [f"NODE_ENV=production", f"PORT={r.choice([3000, 8080, 8000])}",
             f"DATABASE_URL={m(conn_string(r), 'CONNECTION_STRING')}",
             f"STRIPE_SECRET_KEY={m(stripe_key(r), 'API_KEY')}",
             f"SESSION_SECRET={m(hexsecret(r), 'GENERIC_SECRET')}",
             f"OPENAI_API_KEY={m(openai_key(r), 'API_KEY')}",
             f"LOG_LEVEL={r.choice(['info', 'debug'])}",
             f"SLACK_WEBHOOK_URL={m(slack_webhook(r), 'API_KEY')}"]
    keep = [lines[0], lines[1]] + r.sample(lines[2:], r.randint(3, 5))
    r.shuffle(keep)
    return r.choice(["why doesn't dotenv load this?", "Convert this .env to a docker-compose environment block:",
                     "my app crashes on boot, here's the env"]) + "\n\n" + "\n".join(keep)


@kind("en_curl_api", "en", 4)
def _(r, i):
    tok = r.choice([("Authorization: Bearer ", lambda: m(jwt(r), "JWT")),
                    ("X-API-Key: ", lambda: m(sendgrid_key(r), "API_KEY")),
                    ("Authorization: token ", lambda: m(gh_token(r), "API_KEY"))])
    return (f"this curl returns 401, what's wrong?\n\ncurl -X POST https://api.{r.choice(['brightlane.io', 'github.com', 'sendgrid.com'])}/v3/{r.choice(['mail/send', 'repos', 'orders'])} \\\n"
            f"  -H \"{tok[0]}{tok[1]()}\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"dry_run\": {str(i % 2 == 0).lower()}}}'")


@kind("en_aws_credentials", "en", 4)
def _(r, i):
    return (r.choice(["boto3 says InvalidClientTokenId:", "Is this credentials file formatted right?", "aws cli profile issue"])
            + f"\n\n[default]\naws_access_key_id = {m(aws_key(r), 'API_KEY')}\naws_secret_access_key = {m(aws_secret(r), 'API_KEY')}\n"
            + (f"region = {r.choice(['eu-west-1', 'us-east-2', 'eu-central-1'])}\n" if i % 2 else "")
            + f"\n[{r.choice(['staging', 'ci'])}]\naws_access_key_id = {m(aws_key(r), 'API_KEY')}\naws_secret_access_key = {m(aws_secret(r), 'API_KEY')}")


@kind("en_private_key_paste", "en", 4)
def _(r, i):
    return (r.choice(["ssh says 'invalid format' for this key, why?", "convert to PKCS8 please",
                      "is this key encrypted?"]) + "\n\n" + m(pem_key(r), "PRIVATE_KEY"))


@kind("en_k8s_secret", "en", 4)
def _(r, i):
    pw = password(r)
    return (f"fix the indentation:\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {r.choice(['api-creds', 'db-secret', 'payments'])}\n"
            f"type: Opaque\nstringData:\n  DB_USER: app\n  DB_PASSWORD: {m(pw, 'PASSWORD')}\n"
            f"  REDIS_URL: {m(conn_string(r), 'CONNECTION_STRING')}\n  WEBHOOK_SIGNING_SECRET: {m('whsec_' + alnum(r, 32), 'GENERIC_SECRET')}")


@kind("en_terraform", "en", 4)
def _(r, i):
    return (f"terraform plan fails, help:\n\nprovider \"aws\" {{\n  region     = \"{r.choice(['eu-west-2', 'us-west-2'])}\"\n"
            f"  access_key = \"{m(aws_key(r), 'API_KEY')}\"\n  secret_key = \"{m(aws_secret(r), 'API_KEY')}\"\n}}\n\n"
            f"resource \"aws_db_instance\" \"main\" {{\n  username = \"admin\"\n  password = \"{m(password(r), 'PASSWORD')}\"\n"
            f"  allocated_storage = {r.choice([20, 50, 100])}\n}}")


@kind("en_ci_yaml", "en", 4)
def _(r, i):
    return (f"why does this GitHub Actions job not see the token?\n\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    env:\n"
            f"      NPM_TOKEN: {m(npm_token(r), 'API_KEY')}\n      GITLAB_TOKEN: {m(gitlab_token(r), 'API_KEY')}\n    steps:\n"
            f"      - uses: actions/checkout@v4\n      - run: npm publish")


@kind("en_log_auth", "en", 5)
def _(r, i):
    out = []
    for k in range(r.randint(3, 6)):
        ok = r.random() < 0.5
        ip = public_ip(r) if r.random() < 0.6 else private_ip(r)
        ipv = m(ip, "IP_ADDRESS") if not ip.startswith(("10.", "192.168", "172.", "100.", "127.", "169.254", "192.0.2", "198.51", "203.0.113")) else ip
        out.append(f"2026-11-{10 + i:02d}T0{k}:{r.randint(10, 59)}:{r.randint(10, 59)}Z sshd[{r.randint(1000, 9999)}]: "
                   f"{'Accepted publickey' if ok else 'Failed password'} for {r.choice(['deploy', 'root', 'ubuntu', 'git'])} from {ipv} port {r.randint(30000, 65000)}")
    return "Is this a brute force attack?\n" + "\n".join(out)


@kind("en_nginx_access", "en", 4)
def _(r, i):
    out = []
    for k in range(4):
        ip = public_ip(r)
        out.append(f'{m(ip, "IP_ADDRESS")} - - [0{i + 1}/Dec/2026:1{k}:0{k}:{r.randint(10, 59)} +0000] "GET /{r.choice(["login", "api/v2/cart", "wp-admin", "static/app.js"])} HTTP/1.1" {r.choice([200, 302, 404, 499])} {r.randint(200, 9000)} "-" "Mozilla/5.0"')
    return "which of these requests look suspicious?\n" + "\n".join(out)


@kind("en_payslip", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Explain my deductions:\n\nPAYSLIP  November 2026\nEmployee: {P(g, s, r.choice(['gs', 'sg']))}\nEmployee no: E{digits(r, 5)}\n"
            f"NI number: {m(nino(r), 'NATIONAL_ID')}\nTax code: 1257L\nSort code: {m(f'{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)}', 'BANK_ACCOUNT')}   "
            f"Account: {m(digits(r, 8), 'BANK_ACCOUNT')}\nGross pay  £{r.randint(2100, 5400)}.{r.randint(10, 99)}\nPAYE  £{r.randint(200, 900)}.00\nNI  £{r.randint(100, 400)}.{r.randint(10, 99)}")


@kind("en_us_w4_onboarding", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Fill the gaps in this onboarding record and flag anything missing:\n\n| Field | Value |\n|---|---|\n| Name | {P(g, s)} |\n"
            f"| SSN | {m(ssn(r), 'NATIONAL_ID')} |\n| DOB | {m(dob(r, 'us'), 'DATE_OF_BIRTH')} |\n| Home address | {m(address(r, 'us'), 'LOCATION')} |\n"
            f"| Routing no. | {m(aba(r), 'BANK_ACCOUNT')} |\n| Account no. | {m(digits(r, r.randint(8, 12)), 'BANK_ACCOUNT')} |\n| Start date | 2027-01-0{i + 4} |")


@kind("en_zendesk_refund", "en", 5)
def _(r, i):
    g, s = given(r), surname(r)
    c = card(r)
    return (f"Write a reply to this ticket:\n\nTicket #{r.randint(100000, 999999)} — Refund not received\nRequester: {P(g, s)} ({m(email_for(r, g, s), 'EMAIL_ADDRESS')})\n\n"
            f"hi i was charged twice on my card {m(c, 'CREDIT_CARD')} exp {r.randint(1, 12):02d}/{r.randint(27, 31)} for order {r.choice(['#', 'ORD-'])}{digits(r, 7)}. "
            f"pls refund asap. my number is {m(phone(r, r.choice(['en', 'us'])), 'PHONE_NUMBER')}\n\n— {m(g.lower() if i % 2 else g, 'PERSON')}")


@kind("en_jira_bug_pii", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Rewrite as a proper bug report:\n\n[PAY-{r.randint(100, 9999)}] Checkout 500 for one user\nReporter: {m(given(r), 'PERSON')}\n"
            f"Steps: log in as {m(email_for(r, g, s), 'EMAIL_ADDRESS')} / pw {m(password(r), 'PASSWORD')}, add item, pay with saved IBAN {m(iban(r, 'GB'), 'IBAN_CODE')}.\n"
            f"Actual: 500. Request id {alnum(r, 8, '0123456789abcdef')}-{alnum(r, 4, '0123456789abcdef')}-4{alnum(r, 3, '0123456789abcdef')}-a{alnum(r, 3, '0123456789abcdef')}-{alnum(r, 12, '0123456789abcdef')}")


@kind("en_servicenow_laptop", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"summarise for the weekly report:\nINC{digits(r, 7)} | Caller: {P(g, s, 'sg')} | Laptop won't join VPN\n"
            f"Work notes: device MAC {m(mac(r), 'MAC_ADDRESS')}, home router public IP {m(public_ip(r), 'IP_ADDRESS')}, internal {private_ip(r)}. "
            f"User reset pw to {m(password(r), 'PASSWORD')} over the phone (!!). Escalated to network team.")


@kind("en_gp_letter", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    drug = r.choice(MEDS)
    return (f"Put this referral letter into plain English for my mum:\n\nDear Dr {m(surname(r), 'PERSON')},\n\nRe: {P(g, s)}, DOB {m(dob(r, 'en'), 'DATE_OF_BIRTH')}, NHS no. {m(nhs(r), 'NATIONAL_ID')}\n"
            f"Hospital no: {m('RX' + digits(r, 7), 'MEDICAL_RECORD_NUMBER')}\n\nThank you for seeing this {r.randint(24, 88)}-year-old with poorly controlled {m(r.choice(CONDITIONS['en']), 'MEDICAL_CONDITION')}. "
            f"Current medication: {m(drug, 'MEDICATION')} {r.choice(['500 mg twice daily', '10 mg once daily', '50 mg at night'])}.\n\nYours sincerely,\nDr {m(given(r) + ' ' + surname(r), 'PERSON')}")


@kind("en_insurance_claim", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"check this claim form for mistakes\n\nCLAIMANT: {m((s + ', ' + g).upper() if i % 2 else s + ', ' + g, 'PERSON')}\nPolicy: HX-{digits(r, 8)}\n"
            f"Address: {m(address(r, 'en', True), 'LOCATION')}\nDate of birth: {m(dob(r, 'en'), 'DATE_OF_BIRTH')}\nInjury: fractured wrist, diagnosed {m(r.choice(['osteoporosis', 'osteopenia']), 'MEDICAL_CONDITION')}\n"
            f"Pay to: {m(iban(r, 'GB'), 'IBAN_CODE')}")


@kind("en_cv_snippet", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Make my CV header look more professional:\n\n{m((g + ' ' + s).upper() if i % 2 else g + ' ' + s, 'PERSON')}\n{m(address(r, 'en'), 'LOCATION')} · {m(phone(r, 'en'), 'PHONE_NUMBER')} · {m(email_for(r, g, s), 'EMAIL_ADDRESS')}\n"
            f"linkedin.com/in/{ascii_fold(g).lower()}-{ascii_fold(s).lower()}-{digits(r, 3)}\n\nPROFILE\n{r.choice(['Warehouse supervisor', 'Junior data analyst', 'Registered nurse', 'Chef de partie'])} with {r.randint(2, 15)} years' experience.")


@kind("en_crypto_support", "en", 4)
def _(r, i):
    g = given(r)
    addr = btc_bech32(r) if i % 2 == 0 else eth(r)
    return (f"is this a scam? someone DMd me\n\n\"hey {m(g.lower(), 'PERSON')} send 0.05 to {m(addr, 'CRYPTO')} and ill send back double, trust me\"\n\n"
            f"my own wallet is {m(btc_bech32(r), 'CRYPTO')} if that matters")


@kind("en_meeting_transcript", "en", 5)
def _(r, i):
    a, b, c = given(r), given(r), given(r)
    sb = surname(r)
    return (f"Turn this transcript into action items:\n\n{m(a, 'PERSON')}: okay so the Henley account — {m(b, 'PERSON')} can you send them the revised quote\n"
            f"{m(b, 'PERSON')}: yep. I'll cc {m(c, 'PERSON')}.\n{m(a, 'PERSON')}: and {m(sb, 'PERSON')}'s laptop, IT said it'll be ready Thursday\n"
            f"{m(c, 'PERSON')}: also reminder the Ada Lovelace room is booked for the offsite prep\n{m(b, 'PERSON')}: cool")


@kind("en_shell_history", "en", 4)
def _(r, i):
    return ("what did I break? my history:\n" + "\n".join([
        f"  {500 + i * 10} ssh deploy@{m(public_ip(r), 'IP_ADDRESS')}",
        f"  {501 + i * 10} export GITHUB_TOKEN={m(gh_pat(r) if i % 2 else gh_token(r), 'API_KEY')}",
        f"  {502 + i * 10} mysql -u root -p'{m(password(r), 'PASSWORD')}' -h {private_ip(r)}",
        f"  {503 + i * 10} sudo systemctl restart nginx",
        f"  {504 + i * 10} git push origin main"]))


@kind("en_python_hardcoded", "en", 4)
def _(r, i):
    return (f"Refactor this to read from env vars:\n\n```python\nimport anthropic, psycopg2\n\nclient = anthropic.Anthropic(api_key=\"{m(anthropic_key(r), 'API_KEY')}\")\n"
            f"conn = psycopg2.connect(\"{m(conn_string(r), 'CONNECTION_STRING')}\")\n"
            f"GOOGLE_MAPS_KEY = '{m(google_key(r), 'API_KEY')}'\n```")


@kind("en_git_remote_token", "en", 4)
def _(r, i):
    u = r.choice(["ci-bot", "deploy", "oauth2"])
    url = f"https://{u}:{gh_token(r) if i % 2 else gitlab_token(r)}@{r.choice(['github.com', 'gitlab.brightlane.io'])}/acme/{r.choice(['web', 'infra', 'billing'])}.git"
    return f"git says authentication failed:\n\n$ git remote -v\norigin\t{m(url, 'CONNECTION_STRING')} (fetch)\n\nhow do I fix?"


@kind("en_discord_bot", "en", 4)
def _(r, i):
    return (f"my bot doesn't post, code:\n\nWEBHOOK = \"{m(discord_webhook(r), 'API_KEY')}\"\nrequests.post(WEBHOOK, json={{\"content\": \"build {r.randint(100, 999)} done\"}})")


@kind("en_cookie_debug", "en", 4)
def _(r, i):
    return (f"Why am I logged out every 5 minutes? request headers:\n\nGET /dashboard HTTP/2\nHost: app.brightlane.io\n"
            f"Cookie: sessionid={m(alnum(r, 32, string.ascii_lowercase + string.digits), 'GENERIC_SECRET')}; theme=dark; csrftoken={alnum(r, 8)}xxxx\n"
            f"Authorization: Bearer {m(jwt(r), 'JWT')}")


@kind("en_oauth_refresh", "en", 4)
def _(r, i):
    return ("is this response ok?\n" + json.dumps({"token_type": "Bearer", "expires_in": 3600}, indent=1)[:-2]
            + f',\n "access_token": "{m(jwt(r), "JWT")}",\n "refresh_token": "{m(alnum(r, 48, URLSAFE), "GENERIC_SECRET")}"\n}}')


@kind("en_incident_report", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    g2 = given(r)
    return (f"Tidy this incident report:\n\nIncident 2026-{r.randint(100, 999)}  Location: Loading bay 3\nInjured party: {P(g, s)}, lives at {m(address(r, 'en'), 'LOCATION')}\n"
            f"Witness: {m(g2, 'PERSON')} ({m(phone(r, 'en'), 'PHONE_NUMBER')})\nDescription: slipped on wet floor, has {m('epilepsy', 'MEDICAL_CONDITION')} — "
            f"unclear if seizure. Ambulance called 14:{r.randint(10, 59)}.")


@kind("en_police_statement", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Summarise this witness statement:\n\nSTATEMENT OF WITNESS\nName: {m(s.upper() + ' ' + g, 'PERSON')}\nDate of birth: {m(dob(r, 'en'), 'DATE_OF_BIRTH')}\n"
            f"Home: {m(address(r, 'en'), 'LOCATION')}\nDriving licence: {m(ascii_fold(s).upper()[:5].ljust(5, '9') + digits(r, 6) + r.choice(string.ascii_uppercase) + r.choice(string.ascii_uppercase) + digits(r, 1) + alnum(r, 2, string.ascii_uppercase), 'NATIONAL_ID')}\n\n"
            f"I was walking my dog near the Co-op when I saw a silver van ...")


@kind("en_daycare_form", "en", 4)
def _(r, i):
    kid, par, s = given(r), given(r), surname(r)
    return (f"translate into simple english for a new parent:\n\nChild: {P(kid, s)}   Born: {m(dob(r, 'en', (2012, 2023)), 'DATE_OF_BIRTH')}\nAllergies: {m(r.choice(['peanut allergy', 'egg allergy', 'coeliac disease']), 'MEDICAL_CONDITION')} — "
            f"carries {m('EpiPen', 'MEDICATION')}\nCollected by: {m(par, 'PERSON')} or grandma ({m(phone(r, 'en'), 'PHONE_NUMBER')})")


@kind("en_invoice_freelancer", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"Is this invoice legally complete?\n\nINVOICE INV-2026-{digits(r, 4)}\nFrom: {P(g, s)}, {m(address(r, 'en'), 'LOCATION')}\nTo: {la('Holloway Freight Ltd')}, 1 Canada Square, London E14 5AB\n"
            f"Company no. {digits(r, 8)} · VAT GB{digits(r, 9)}\n\nDesign work — 14h @ £45\nPay to {m(iban(r, r.choice(['GB', 'NL'])), 'IBAN_CODE')}")


@kind("en_bank_transfer_chat", "en", 4)
def _(r, i):
    g = given(r)
    return (f"is it safe to send this to my landlord?\n\nhey {m(g.lower(), 'PERSON')} rent for dec: bsb {m(f'{digits(r, 3)}-{digits(r, 3)}', 'BANK_ACCOUNT')} acc {m(digits(r, 9), 'BANK_ACCOUNT')} "
            f"ref flat {r.randint(1, 40)}. my tfn is {m(tfn(r), 'NATIONAL_ID')} if u need it for the bond form")


@kind("en_json_user_export", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    d = f'{{\n  "user": {{\n    "id": "{digits(r, 6)}",\n    "given_name": "{m(g, "PERSON")}",\n    "family_name": "{m(s, "PERSON")}",\n    "email": "{m(email_for(r, g, s), "EMAIL_ADDRESS")}",\n    "last_ip": "{m(public_ip(r), "IP_ADDRESS")}",\n    "mfa": false\n  }}\n}}'
    return r.choice(["Write a TypeScript type for this:", "validate this JSON", "convert to YAML"]) + "\n" + d


@kind("en_xml_patient", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"why does my XSD reject this?\n<patient mrn=\"{m('MRN' + digits(r, 8), 'MEDICAL_RECORD_NUMBER')}\">\n  <name>{P(g, s)}</name>\n  <birthDate>{m(f'{r.randint(1940, 2010)}-0{r.randint(1, 9)}-2{r.randint(0, 8)}', 'DATE_OF_BIRTH')}</birthDate>\n"
            f"  <problem>{m(r.choice(CONDITIONS['en']), 'MEDICAL_CONDITION')}</problem>\n  <med dose=\"20mg\">{m(r.choice(MEDS), 'MEDICATION')}</med>\n</patient>")


@kind("en_confidential_memo", "en", 4)
def _(r, i):
    mark = r.choice(["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "TLP:AMBER", "INTERNAL USE ONLY", "TLP:RED"])
    g = given(r)
    return (f"Shorten this memo to 3 bullets:\n\n{m(mark, 'CLASSIFICATION_MARKING')}\n\nTo: Leadership team\nFrom: {m(g + ' ' + surname(r), 'PERSON')}\n\n"
            f"We plan to close the Northgate depot in Q2 and consolidate into the Manchester hub. Consultation with staff starts in January.\n\n{m(mark, 'CLASSIFICATION_MARKING')}")


@kind("en_passport_booking", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"fill this visa form from my details:\nSurname: {m(s.upper(), 'PERSON')}\nGiven names: {m(g.upper(), 'PERSON')}\nPassport No: {m(r.choice(['5', '1']) + digits(r, 8), 'NATIONAL_ID')}\n"
            f"Date of birth: {m(dob(r, 'en'), 'DATE_OF_BIRTH')}\nPlace of birth: {m(r.choice(TOWNS['en']), 'LOCATION')}\nFlight: BA{r.randint(100, 999)} London–Lisbon")


@kind("en_mac_inventory", "en", 4)
def _(r, i):
    rows = ["hostname\tmac\tip\towner"]
    for k in range(4):
        g = given(r)
        rows.append(f"lt-{r.randint(100, 999)}\t{m(mac(r), 'MAC_ADDRESS')}\t{private_ip(r)}\t{m(g + ' ' + surname(r), 'PERSON') if k % 2 else ascii_fold(g).lower() + str(r.randint(1, 9))}")
    return "sort by owner:\n" + "\n".join(rows)


@kind("en_lowercase_chat_typos", "en", 5)
def _(r, i):
    g, s = given(r), surname(r)
    return (f"can u reword this so it sounds less angry\n\nhey so {m(g.lower(), 'PERSON')} {m(s.lower(), 'PERSON')} still hasnt paid me back the £{r.randint(50, 900)}, "
            f"i sent him the detials twice. my acc is {m(f'{digits(r, 2)}-{digits(r, 2)}-{digits(r, 2)}', 'BANK_ACCOUNT')} {m(digits(r, 8), 'BANK_ACCOUNT')}, "
            f"he can also txt me {m(phone(r, 'en'), 'PHONE_NUMBER')}. sooo anoying")


# ---------------------------------------------------------------- EN negatives
@kind("en_neg_news_politics", "en", 5)
def _(r, i):
    who = r.choice(["Keir Starmer", "Rishi Sunak", "Ursula von der Leyen", "Emmanuel Macron", "Joe Biden", "Kamala Harris"])
    city = r.choice(PUBLIC_PLACES)
    return (f"{r.choice(['Summarise this article:', 'Give me a neutral headline for this:', 'ELI5:'])}\n\n"
            f"{la(who)} arrived in {city} on {r.choice(['Tuesday', 'Friday', 'Sunday'])} for talks on energy prices. Speaking outside the venue, "
            f"{la(who.split()[-1])} said the agreement would be \"confidential until ratified\". Protesters gathered near the station, police said.")


@kind("en_neg_football", "en", 5)
def _(r, i):
    p = r.sample(["Bukayo Saka", "Erling Haaland", "Virgil van Dijk", "Harry Kane", "Mohamed Salah", "Cole Palmer", "Declan Rice"], 2)
    return (f"write a match report from these notes:\n{la(p[0])} 23', {la(p[1])} pen 67'. Att: {r.randint(30000, 74000):,}. Ref: {la(r.choice(['Michael Oliver', 'Anthony Taylor']))}. "
            f"Score {r.randint(0, 4)}-{r.randint(0, 4)} at {r.choice(['Old Trafford', 'Anfield', 'the Emirates', 'Wembley'])}. Shirt #{r.randint(1, 99)}.")


@kind("en_neg_history", "en", 4)
def _(r, i):
    t = pick(i, [("Winston Churchill", "born 30 November 1874 at Blenheim Palace"), ("Ada Lovelace", "born 10 December 1815 in London"),
                  ("Florence Nightingale", "born 12 May 1820 in Florence"), ("Alan Turing", "born 23 June 1912 in Maida Vale"),
                  ("Marie Curie", "born 7 November 1867 in Warsaw")])
    return f"make this into quiz questions:\n\n{la(t[0])} was {t[1]}. Their biography lists an address, a pension record and even a passport photo in the national archive."


@kind("en_neg_fiction_plot", "en", 4)
def _(r, i):
    t = r.choice(["Elizabeth Bennet and Mr Darcy", "Harry Potter and Hermione Granger", "Walter White and Jesse Pinkman",
                  "Sherlock Holmes and Dr Watson", "Frodo Baggins and Samwise Gamgee"])
    return (f"write a 50-word synopsis:\n\nIn this episode {la(t)} discover a stolen credit card and a forged passport; the trail leads to {la('221B Baker Street')} "
            f"where a note reads 'password: swordfish'.") if i % 2 == 0 else (
            f"Is this fan fiction any good?\n\n\"{la(t.split(' and ')[0])},\" she whispered, \"the diagnosis was wrong. You never had cancer.\" Outside, rain fell on the moors.")


@kind("en_neg_brand_products", "en", 5)
def _(r, i):
    b = r.sample(["Ted Baker", "Tommy Hilfiger", "Ben & Jerry's", "Jack Daniel's", "Dr. Martens", "Calvin Klein", "Ralph Lauren", "Tom Ford"], 3)
    return (f"write product copy for our store:\n- {la(b[0])} shirt, size M, SKU {alnum(r, 8, string.ascii_uppercase + string.digits)}\n- {la(b[1])} (limited ed.) €{r.randint(20, 200)}\n"
            f"- {la(b[2])} gift box — order #{digits(r, 9)}")


@kind("en_neg_office_address", "en", 4)
def _(r, i):
    o = r.choice(["Our London office: 1 Canada Square, Canary Wharf, London E14 5AB", "HQ: 350 Fifth Avenue, New York, NY 10118",
                  "Visit us at Piccadilly Circus, London W1J 0DA", "Registered office: 10 Downing Street is NOT our address; we're at 30 St Mary Axe, London EC3A 8BF"])
    return (f"Rewrite our 'contact us' page:\n\n{o}\nReception opens 9–17. Company no. {digits(r, 8)}, VAT GB{digits(r, 9)}. "
            f"General enquiries: info@example.com")


@kind("en_neg_docs_placeholders", "en", 3)
def _(r, i):
    return (pick(i, ["explain these docs", "is this README clear?", "proofread"]) + "\n\n## Configuration\n\nSet `API_KEY=<your-api-key>` and `DB_PASSWORD=changeme` in `.env`.\n"
            f"Example: `curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v1/users`\n"
            f"For AWS use the documented example pair {la('AKIAIOSFODNN7EXAMPLE')} / {la('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')}.\n"
            f"Connect with `postgres://user:password@localhost:5432/mydb` locally.")


@kind("en_neg_stripe_test_cards", "en", 4)
def _(r, i):
    cs = r.sample(["4242 4242 4242 4242", "4000 0566 5566 5556", "5555 5555 5555 4444", "3782 822463 10005"], 2)
    return (f"write a QA checklist using these published test cards:\n- {la(cs[0])} (any CVC, any future date)\n- {la(cs[1])}\n"
            f"Use card ending ****{digits(r, 4)} in screenshots only. Never real PANs.")


@kind("en_neg_jwt_sample", "en", 3)
def _(r, i):
    return (f"decode this token and explain the parts:\n{la('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c')}\n"
            + ["(it's the one from jwt.io)", "I got it from the jwt.io homepage", "secret is 'your-256-bit-secret'"][i])


@kind("en_neg_hashes_uuids", "en", 5)
def _(r, i):
    h = hexsecret(r, r.choice([40, 64]))
    u = "-".join([alnum(r, 8, "0123456789abcdef"), alnum(r, 4, "0123456789abcdef"), "4" + alnum(r, 3, "0123456789abcdef"), "8" + alnum(r, 3, "0123456789abcdef"), alnum(r, 12, "0123456789abcdef")])
    return (f"why do these not match?\nexpected sha: {h}\ncommit {alnum(r, 7, '0123456789abcdef')}\nrequest_id={u}\ntracking 1Z{alnum(r, 16, string.ascii_uppercase + string.digits)}\ninvoice INV-{digits(r, 6)}")


@kind("en_neg_private_ips", "en", 5)
def _(r, i):
    return (f"draw a network diagram for this:\nrouter {private_ip(r)}\nnas 192.168.{r.randint(0, 9)}.{r.randint(2, 250)}\ndocker bridge 172.17.0.1\nloopback 127.0.0.1\n"
            f"doc example 203.0.113.{r.randint(1, 254)}\nbind 0.0.0.0:8080\nmulticast 239.255.255.250")


@kind("en_neg_masked", "en", 4)
def _(r, i):
    return (f"explain this statement line:\nCard ****{digits(r, 4)} charged £{r.randint(5, 300)}.{r.randint(10, 99)}\nIBAN GB** **** **** **{digits(r, 2)} {digits(r, 2)}xx xx\n"
            f"SSN ***-**-{digits(r, 4)}\npassword: ********\nphone +44 7*** ***{digits(r, 3)}")


@kind("en_neg_blank_form", "en", 4)
def _(r, i):
    return ("make this form accessible:\n\nFull name: ____________\nDate of birth: __/__/____\nNational Insurance number: __ __ __ __ _\n"
            "Address: ________________\nEmergency contact: ____________  Phone: ____________\nMedical conditions (optional): ____________\n"
            + pick(i, ["Signature: ______", "Please print clearly.", "Return to HR by Friday.", "Example: John Doe, 01/01/1980"]))


@kind("en_neg_policy_prose", "en", 3)
def _(r, i):
    return (f"simplify this policy:\n\nAll employees must treat customer data as confidential. Documents marked confidential or TLP:AMBER must not be shared "
            f"outside the company. Passwords must be at least {pick(i, [12, 14, 16])} characters. Never paste API keys, credit card numbers or patient records into AI tools.")


@kind("en_neg_health_article", "en", 4)
def _(r, i):
    c = r.choice(CONDITIONS["en"])
    return (f"summarise for a newsletter:\n\nAbout 1 in {r.randint(8, 40)} adults in the UK live with {c}. Treatments such as {r.choice(MEDS)} "
            f"are widely prescribed, and NICE recommends annual reviews. Researchers in {r.choice(PUBLIC_PLACES)} found that exercise reduced symptoms by {r.randint(10, 40)}%.")


@kind("en_neg_recipe", "en", 4)
def _(r, i):
    return (f"scale this recipe to {r.randint(2, 12)} people:\n{r.choice(['Shepherd', 'Cottage', 'Fisherman'])}'s pie\n- 500g lamb mince\n- 1 onion\n- 2 tbsp Lea & Perrins\n"
            f"- {r.randint(600, 900)}g potatoes\nBake at {r.choice([180, 190, 200])}°C for 25 min. Serve with Heinz beans.")


@kind("en_neg_weather_travel", "en", 4)
def _(r, i):
    a, b = r.sample(PUBLIC_PLACES, 2)
    return (f"plan a 3 day trip:\nForecast {a}: {r.randint(2, 28)}°C, showers. {b}: sunny. Flights {a}→{b} from €{r.randint(40, 300)}. "
            f"Hotel on the main square, check-in 15:00, booking ref {alnum(r, 6, string.ascii_uppercase)}. Timezone Europe/London.")


@kind("en_neg_stats_table", "en", 4)
def _(r, i):
    rows = "\n".join(f"| {c} | {r.randint(100, 9000)} | {r.randint(1, 99)}.{r.randint(0, 9)}% |" for c in r.sample(PUBLIC_PLACES, 4))
    return f"turn into a chart description:\n| City | Cases | Change |\n|---|---|---|\n{rows}"


@kind("en_neg_song_lyrics_summary", "en", 3)
def _(r, i):
    s = pick(i, [("Jolene", "Dolly Parton"), ("Roxanne", "The Police"), ("Billie Jean", "Michael Jackson")])
    return f"what's the song {la(s[0])} by {la(s[1])} about? don't quote the lyrics, just summarise the story and who the narrator is."


@kind("en_neg_code_example", "en", 5)
def _(r, i):
    return (f"review this test:\n```python\ndef test_login(client):\n    resp = client.post('/login', json={{'email': 'alice@example.com', 'password': 'hunter2-not-real'}})\n"
            f"    assert resp.status_code == {r.choice([200, 401])}\n    os.environ['API_KEY'] = 'test-key-xxxx'\n    fake_ip = '10.0.0.{r.randint(1, 9)}'\n```")


@kind("en_neg_public_ssh_key", "en", 3)
def _(r, i):
    return (f"add this to authorized_keys on the build box?\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{alnum(r, 43, B64)} ci@build-{r.randint(1, 9)}\n"
            "it's just the public half right?")


@kind("en_neg_sports_olympics", "en", 3)
def _(r, i):
    a = r.choice(["Simone Biles", "Usain Bolt", "Katie Ledecky", "Mondo Duplantis"])
    return f"write a tweet: {la(a)} wins gold in {r.choice(PUBLIC_PLACES)}, sets a record of {r.randint(5, 9)}.{r.randint(10, 99)}. Born in {r.choice(['1996', '1986', '1997'])}, the athlete has {r.randint(3, 11)} titles."


@kind("en_neg_movie_review", "en", 3)
def _(r, i):
    f = pick(i, [("Oppenheimer", "Cillian Murphy"), ("Barbie", "Margot Robbie"), ("Dune", "Timothée Chalamet")])
    return f"shorten my review: {la(f[0])} is long but gripping. {la(f[1])} is superb; the hospital scenes about radiation sickness are hard to watch."


@kind("en_neg_venue_event", "en", 4)
def _(r, i):
    v = r.choice(["The O2, Peninsula Square, London SE10 0DX", "Royal Albert Hall, Kensington Gore, London SW7 2AP",
                  "Madison Square Garden, 4 Pennsylvania Plaza, New York, NY 10001", "Manchester Central, Windmill St, Manchester M2 3GX"])
    return f"write an invite email for our company party:\nVenue: {v}\nDate: 1{i} December, 19:00. Dress code: smart. RSVP via the form. Ticket ref TK-{digits(r, 6)}."


@kind("en_neg_rooms_named", "en", 3)
def _(r, i):
    rl = ["Ada Lovelace", "Turing", "Grace Hopper", "Marie Curie", "Darwin"]
    rooms = [pick(i, rl), pick(i + 2, rl)]
    return f"make a booking schedule: {la(rooms[0])} room 10-11 board sync; {la(rooms[1])} room 14:00 design crit; kitchen 16:00 cake."


@kind("en_neg_iban_docs", "en", 3)
def _(r, i):
    return (f"explain how IBAN validation works with the example {la('GB82 WEST 1234 5698 7654 32')} and "
            f"{la('DE89 3704 0044 0532 0130 00')}. What does mod 97 do?" + ["", " Keep it short.", " Show it in Python."][i])


@kind("en_neg_template_names", "en", 3)
def _(r, i):
    return (f"improve this email template:\nDear {{{{first_name}}}},\nYour order {{{{order_id}}}} ships soon.\nExample render: 'Dear {la('John Doe')}, your order #{digits(r, 8)} ships soon.'\n"
            f"Sign-off: The {la(r.choice(['Brightlane', 'Holloway Freight']))} team")


@kind("en_neg_error_log", "en", 4)
def _(r, i):
    return (f"what does this error mean?\nTraceback (most recent call last):\n  File \"/app/main.py\", line {r.randint(10, 400)}, in handler\n"
            f"psycopg2.OperationalError: password authentication failed for user \"app\"\nconnection to server at \"{private_ip(r)}\", port 5432 failed\npid={r.randint(100, 9999)}")


# ================================================================ ITALIAN kinds
def pi(r):  # private Italian person
    return given(r, "it"), surname(r, "it")


def carta_id(r):
    return f"C{r.choice('ABCDEFGH')}{digits(r, 5)}{r.choice(string.ascii_uppercase)}{r.choice(string.ascii_uppercase)}"


@kind("it_mail_fornitore", "it", 5)
def _(r, i):
    g, s = pi(r)
    g2 = given(r, "it")
    return (f"{r.choice(['Traduci questa mail in inglese:', 'Riassumi in due righe:', 'Rispondi in modo cortese:'])}\n\nDa: {P(g, s)} <{m(email_for(r, g, s), 'EMAIL_ADDRESS')}>\n"
            f"Oggetto: R: fattura n. {r.randint(1, 400)}/2026\n\nBuongiorno {m(g2, 'PERSON')},\nle confermo il bonifico sull'IBAN {m(iban(r, 'IT'), 'IBAN_CODE')}. Per qualsiasi cosa mi chiami al {m(phone(r, 'it'), 'PHONE_NUMBER')}.\n\n"
            f"Cordiali saluti,\n{m(g + ' ' + s, 'PERSON')}\nUfficio amministrazione — {la('Ferramenta Colombo S.r.l.')} — P.IVA {digits(r, 11)}")


@kind("it_busta_paga", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"Spiegami le trattenute di questa busta paga:\n\nCEDOLINO {r.choice(MONTHS['it']).upper()} 2026\nDipendente: {m(s.upper() + ' ' + g.upper(), 'PERSON')}\n"
            f"Codice fiscale: {m(codice_fiscale(r, g, s), 'NATIONAL_ID')}\nMatricola: {digits(r, 5)}   Livello: {r.choice(['3°', '4°', '5°'])} CCNL Commercio\n"
            f"IBAN accredito: {m(iban(r, 'IT'), 'IBAN_CODE')}\nRetribuzione lorda € {r.randint(1500, 3900)},{r.randint(10, 99)}\nIRPEF € {r.randint(200, 800)},00")


@kind("it_whatsapp_condominio", "it", 5)
def _(r, i):
    a, b, c = given(r, "it"), given(r, "it"), surname(r, "it")
    return (f"riassumi sta chat del condominio pls\n\n[{i + 1}/10/26, 21:0{i}] {m(a, 'PERSON')}: ragazzi chi ha lasciato la bici nell'androne??\n"
            f"[{i + 1}/10/26, 21:1{i}] {m(b.lower(), 'PERSON')}: nn sono io. cmq la sig.ra {m(c, 'PERSON')} del 3° piano ha chiamato l'amministratore\n"
            f"[{i + 1}/10/26, 21:1{i + 1}] {m(a, 'PERSON')}: il numero dell'amministratore è {m(phone(r, 'it'), 'PHONE_NUMBER')}, abita in {m(address(r, 'it'), 'LOCATION')}\n"
            f"[{i + 1}/10/26, 21:2{i}] {m(b.lower(), 'PERSON')}: ok grz")


@kind("it_referto", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"Puoi spiegarmi questo referto con parole semplici?\n\nAZIENDA OSPEDALIERA — U.O. Medicina Interna\nPaziente: {m(s + ' ' + g, 'PERSON')}  nato/a il {m(dob(r, 'it'), 'DATE_OF_BIRTH')}\n"
            f"N. nosologico: {m(f'2026{digits(r, 6)}', 'MEDICAL_RECORD_NUMBER')}\nDiagnosi: {m(r.choice(CONDITIONS['it']), 'MEDICAL_CONDITION')}\n"
            f"Terapia: {m(r.choice(['metformina', 'ramipril', 'levotiroxina', 'pregabalin', 'sertralina']), 'MEDICATION')} {r.choice(['1 cp/die', '5 mg x2', '75 mg la sera'])}\nFirma: Dott.ssa {m(given(r, 'it') + ' ' + surname(r, 'it'), 'PERSON')}")


@kind("it_anagrafica_csv", "it", 4)
def _(r, i):
    rows = ["cognome;nome;codice_fiscale;comune_nascita;cellulare"]
    for _ in range(r.randint(3, 5)):
        g, s = pi(r)
        rows.append(";".join([m(s, "PERSON"), m(g, "PERSON"), m(codice_fiscale(r, g, s), "NATIONAL_ID"), m(r.choice(TOWNS["it"]), "LOCATION"), m(phone(r, "it"), "PHONE_NUMBER")]))
    return r.choice(["Sistema questo CSV, le colonne sono sfalsate:", "ordina per cognome", "Converti in JSON:"]) + "\n" + "\n".join(rows)


@kind("it_fattura_xml", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"Perché lo SdI scarta questa fattura?\n\n<CessionarioCommittente>\n  <DatiAnagrafici>\n    <CodiceFiscale>{m(codice_fiscale(r, g, s), 'NATIONAL_ID')}</CodiceFiscale>\n"
            f"    <Anagrafica><Nome>{m(g, 'PERSON')}</Nome><Cognome>{m(s, 'PERSON')}</Cognome></Anagrafica>\n  </DatiAnagrafici>\n"
            f"  <Sede><Indirizzo>{m(address(r, 'it').split(', ')[0], 'LOCATION')}</Indirizzo></Sede>\n</CessionarioCommittente>\n<CedentePrestatore><IdFiscaleIVA><IdCodice>{digits(r, 11)}</IdCodice></IdFiscaleIVA></CedentePrestatore>")


@kind("it_ticket_assistenza", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"Scrivi una risposta a questo ticket:\n\nTicket #{r.randint(10000, 99999)} — Addebito doppio\nCliente: {P(g, s)}\n\n"
            f"salve, mi avete addebitato 2 volte sulla carta {m(card(r), 'CREDIT_CARD')}, scad. {r.randint(1, 12):02d}/{r.randint(27, 30)}. "
            f"il mio numero è {m(phone(r, 'it'), 'PHONE_NUMBER')}. {r.choice(['grazie', 'attendo risposta', 'è la terza volta che scrivo!!'])}")


@kind("it_contratto_affitto", "it", 4)
def _(r, i):
    g, s = pi(r)
    g2, s2 = pi(r)
    return (f"Controlla se manca qualcosa in questo contratto:\n\nCONTRATTO DI LOCAZIONE\nTra il sig. {P(g, s)}, nato a {m(r.choice(TOWNS['it']), 'LOCATION')} il {m(dob(r, 'it'), 'DATE_OF_BIRTH')}, "
            f"C.F. {m(codice_fiscale(r, g, s, False), 'NATIONAL_ID')} (locatore)\ne la sig.ra {P(g2, s2)}, documento n. {m(carta_id(r), 'NATIONAL_ID')} (conduttrice),\n"
            f"si conviene la locazione dell'immobile sito in {m(address(r, 'it'), 'LOCATION')}. Canone mensile € {r.randint(450, 1200)}.")


@kind("it_env_config", "it", 4)
def _(r, i):
    return (f"perché Django non legge queste variabili?\n\nSECRET_KEY='{m('django-insecure-' + alnum(r, 40, string.ascii_lowercase + string.digits + '!@#$%^&*(-_=+)'), 'GENERIC_SECRET')}'\n"
            f"DATABASE_URL={m(conn_string(r, 'gestionale'), 'CONNECTION_STRING')}\nEMAIL_HOST_PASSWORD={m(password(r), 'PASSWORD')}\nDEBUG=False\nTIME_ZONE=Europe/Rome")


@kind("it_log_firewall", "it", 4)
def _(r, i):
    rows = [f"{r.choice(['DROP', 'ACCEPT'])} src={m(public_ip(r), 'IP_ADDRESS')} dst={private_ip(r)} dport={r.choice([22, 443, 3389])}" for _ in range(3)]
    return "Questi log del firewall sono preoccupanti?\n" + "\n".join(rows) + f"\nMAC sorgente {m(mac(r), 'MAC_ADDRESS')}"


@kind("it_verbale_riunione", "it", 4)
def _(r, i):
    a, b, c = given(r, "it"), given(r, "it"), surname(r, "it")
    return (f"Trasforma in verbale formale:\n\npresenti: {m(a, 'PERSON')}, {m(b, 'PERSON')}, {m(c, 'PERSON')} (collegato da remoto)\n- {m(a, 'PERSON')} presenta il budget 2027\n"
            f"- {m(c, 'PERSON')} comunica che sarà assente per {m(r.choice(CONDITIONS['it']), 'MEDICAL_CONDITION')} fino a gennaio\n"
            f"- prossima riunione in sala Leonardo")


@kind("it_modulo_scuola", "it", 4)
def _(r, i):
    kid, s = given(r, "it"), surname(r, "it")
    return (f"Correggi gli errori nel modulo:\n\nISCRIZIONE SCUOLA DELL'INFANZIA\nAlunno/a: {P(kid, s)}\nData di nascita: {m(dob(r, 'it', (2012, 2023)), 'DATE_OF_BIRTH')}\n"
            f"Residenza: {m(address(r, 'it'), 'LOCATION')}\nAllergie/intolleranze: {m(r.choice(['celiachia', 'allergia alle arachidi', 'intolleranza al lattosio']), 'MEDICAL_CONDITION')}\n"
            f"Genitore: {m(given(r, 'it'), 'PERSON')} — tel. {m(phone(r, 'it'), 'PHONE_NUMBER')}")


@kind("it_chat_minuscolo", "it", 4)
def _(r, i):
    g, s = given(r, "it").lower(), surname(r, "it").lower()
    return (f"mi aiuti a scrivere un msg piu gentile?\n\nao {m(g, 'PERSON')} ma quando mi ridai i soldi?? te li ho prestati a agosto. mandami un bonifico qua {m(iban(r, 'IT', False), 'IBAN_CODE')} "
            f"oppure satispay al {m(phone(r, 'it'), 'PHONE_NUMBER')}. dillo anche a {m(s, 'PERSON')} xke anche lui mi deve 20 euro")


@kind("it_sql_pazienti", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"ottimizza questa query:\nSELECT * FROM pazienti WHERE codice_fiscale = '{m(codice_fiscale(r, g, s), 'NATIONAL_ID')}' "
            f"OR (cognome = '{m(s, 'PERSON')}' AND nome = '{m(g, 'PERSON')}') AND patologia LIKE '%{m(r.choice(['diabete', 'asma', 'epilessia']), 'MEDICAL_CONDITION')}%';")


@kind("it_spid_pec", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"non riesco ad accedere con SPID, cosa sbaglio?\nutente: {m(email_for(r, g, s), 'EMAIL_ADDRESS')}\npassword: {m(password(r), 'PASSWORD')}\n"
            f"carta d'identità {m(carta_id(r), 'NATIONAL_ID')} scadenza {r.randint(2027, 2034)}")


@kind("it_classificato", "it", 4)
def _(r, i):
    mk = r.choice(["RISERVATO", "USO INTERNO", "RISERVATISSIMO", "CONFIDENZIALE"])
    return (f"Fammi una sintesi:\n\n{m(mk, 'CLASSIFICATION_MARKING')}\nPiano di riorganizzazione area logistica — bozza v{i + 2}\n"
            f"Si prevede il trasferimento del magazzino di Bologna a {r.choice(['Piacenza', 'Modena'])} entro marzo. Referente: {m(given(r, 'it') + ' ' + surname(r, 'it'), 'PERSON')}.\n{m(mk, 'CLASSIFICATION_MARKING')}")


@kind("it_api_python", "it", 4)
def _(r, i):
    return (f"Correggi questo script:\n```python\nimport requests\nTOKEN = \"{m(gh_token(r) if i % 2 else slack_token(r), 'API_KEY')}\"\nHEADERS = {{'Authorization': f'Bearer {{TOKEN}}'}}\n"
            f"r = requests.get('https://api.github.com/user', headers=HEADERS)\nprint(r.json())\n```")


@kind("it_spedizione", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"estrai i dati in una tabella:\nDESTINATARIO: {m((g + ' ' + s).upper(), 'PERSON')}\n{m(address(r, 'it', True).upper(), 'LOCATION')}\nTEL {m(phone(r, 'it'), 'PHONE_NUMBER')}\n"
            f"LDV {digits(r, 12)} — colli 2 — peso 4,3 kg — BRT")


# ---------------------------------------------------------------- IT negatives
@kind("it_neg_calcio", "it", 5)
def _(r, i):
    p = r.sample(["Lautaro Martínez", "Rafael Leão", "Dusan Vlahovic", "Khvicha Kvaratskhelia", "Nicolò Barella", "Gianluigi Donnarumma"], 2)
    return (f"Scrivi un riassunto della partita:\n{r.choice(['Inter', 'Milan', 'Juventus', 'Napoli'])}-{r.choice(['Roma', 'Lazio', 'Atalanta', 'Fiorentina'])} {r.randint(0, 4)}-{r.randint(0, 3)}. "
            f"Gol di {la(p[0])} al {r.randint(1, 45)}', raddoppio di {la(p[1])}. Spettatori {r.randint(30, 75)}.{r.randint(100, 999)} a {r.choice(['Milan', 'Turin', 'Naples', 'Rome'])}.")


@kind("it_neg_politica", "it", 4)
def _(r, i):
    w = pick(i, ["Giorgia Meloni", "Sergio Mattarella", "Elly Schlein", "Mario Draghi"])
    return (f"Riassumi la notizia:\n{la(w)} ha incontrato a {r.choice(['Rome', 'Milan', 'Florence'])} i sindaci delle città metropolitane. "
            f"Il documento, definito \"riservato\" dai giornali, riguarda i fondi del PNRR.")


@kind("it_neg_brand_persone", "it", 4)
def _(r, i):
    b = r.sample(["Giovanni Rana", "Giorgio Armani", "Valentino", "Ferrero", "Bruno Vespa", "Mulino Bianco", "Luisa Spagnoli", "Dolce & Gabbana"], 3)
    return f"Scrivi un post Instagram per il negozio: nuovi arrivi {la(b[0])}, {la(b[1])} e {la(b[2])}! Codice sconto NATALE{r.randint(10, 30)}, ordine minimo € {r.randint(30, 80)}."


@kind("it_neg_ricetta", "it", 4)
def _(r, i):
    return (f"Traduci la ricetta in inglese:\nRisotto alla {r.choice(['milanese', 'pescatora', 'zucca'])}\n- {r.randint(300, 400)} g di riso Carnaroli\n- 1 bustina di zafferano\n"
            f"- brodo q.b.\nCuocere per {r.randint(16, 20)} minuti. Mantecare con burro e Grana Padano.")


@kind("it_neg_sede_azienda", "it", 4)
def _(r, i):
    s = r.choice(["Piazza del Duomo 1, 20122 Milano", "Via del Corso 300, 00186 Roma", "Corso Vittorio Emanuele II 15, 10123 Torino", "Piazza della Signoria 5, 50122 Firenze"])
    return f"Migliora il testo della pagina contatti:\nLa nostra sede: {s}. Orari 9-18. P.IVA {digits(r, 11)} — REA MI-{digits(r, 7)}. Scrivici a info@example.it? No: usa il modulo online."


@kind("it_neg_modulo_vuoto", "it", 4)
def _(r, i):
    return ("Rendi questo modulo più chiaro:\n\nCognome: __________  Nome: __________\nCodice fiscale: |_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|\n"
            "Data di nascita: ___/___/______\nIBAN: IT__ _ _____ _____ ____________\nFirma ____________\n" + pick(i, ["(Esempio: Mario Rossi)", "Allegare documento.", "Compilare in stampatello.", ""]))


@kind("it_neg_esempio_cf", "it", 3)
def _(r, i):
    return (f"Come funziona il carattere di controllo del codice fiscale? Usa come esempio {la('RSSMRA85T10A562S')} (Mario Rossi, il classico esempio) "
            f"e l'IBAN di esempio {la('IT60 X054 2811 1010 0000 0123 456')}." + ["", " Grazie!", " Rispondi in breve."][i])


@kind("it_neg_meteo_viaggio", "it", 4)
def _(r, i):
    a, b = r.sample(["Rome", "Milan", "Turin", "Naples", "Florence", "Bologna"], 2)
    return f"Organizza un weekend:\nMeteo {a}: {r.randint(3, 30)}°C, pioggia. Treno Frecciarossa {a}–{b} ore {r.randint(6, 20)}:{r.choice(['05', '35'])}, PNR {alnum(r, 6, string.ascii_uppercase)}. Hotel in centro, check-in dalle 14."


@kind("it_neg_sanremo", "it", 3)
def _(r, i):
    c = pick(i, ["Marco Mengoni", "Laura Pausini", "Måneskin", "Annalisa"])
    return f"Di cosa parla la canzone di {la(c)} a Sanremo? Riassumi il testo senza citarlo e spiega perché ha vinto il televoto."


@kind("it_neg_articolo_salute", "it", 4)
def _(r, i):
    return (f"Sintetizza per la newsletter aziendale:\nIn Italia circa {r.randint(2, 6)} milioni di persone convivono con il {r.choice(['diabete', 'glaucoma'])}. "
            f"Secondo l'ISS, la {r.choice(['metformina', 'insulina'])} resta la terapia più prescritta. Lo studio è stato condotto a {r.choice(['Milan', 'Naples', 'Bologna'])}.")


@kind("it_neg_codice_placeholder", "it", 4)
def _(r, i):
    return (f"Spiega questo file di esempio:\n# .env.example\nAPI_KEY=inserisci-qui-la-tua-chiave\nDB_PASSWORD=<password>\nSMTP_USER=utente@example.com\n"
            f"REDIS_URL=redis://localhost:6379/{i}\nHOST={private_ip(r)}")


@kind("it_neg_storia", "it", 3)
def _(r, i):
    p = r.choice([("Giuseppe Garibaldi", "Nizza, 4 luglio 1807"), ("Leonardo da Vinci", "Vinci, 15 aprile 1452"), ("Rita Levi-Montalcini", "Torino, 22 aprile 1909")])
    return f"Prepara 5 domande per la verifica: {la(p[0])} nacque a {p[1]}. La sua casa natale è oggi un museo aperto al pubblico."


@kind("it_neg_mascherati", "it", 3)
def _(r, i):
    return f"cosa vuol dire questo addebito?\nCarta **** **** **** {digits(r, 4)}\nIBAN IT** X*** **** **** **** ***{digits(r, 1)} {digits(r, 3)}\nimporto € {r.randint(5, 300)},{r.randint(10, 99)} — rif. ordine {digits(r, 10)}"


@kind("it_neg_film", "it", 3)
def _(r, i):
    f = pick(i, [("La vita è bella", "Roberto Benigni"), ("Il Gattopardo", "Burt Lancaster"), ("La grande bellezza", "Toni Servillo")])
    return f"Scrivi una recensione breve di \"{la(f[0])}\": il protagonista interpretato da {la(f[1])} attraversa la malattia e il lutto con ironia."


@kind("it_neg_policy", "it", 3)
def _(r, i):
    return ["Semplifica questa policy:", "Riscrivi in tono meno burocratico:", "Traduci in inglese:"][i] + "\nI documenti classificati come RISERVATO non devono essere inoltrati all'esterno. Le password vanno cambiate ogni 90 giorni e non devono essere incollate in strumenti di IA."


@kind("it_neg_rete_privata", "it", 3)
def _(r, i):
    return f"disegnami lo schema di rete:\nmodem {private_ip(r)}\nstampante 192.168.1.{r.randint(20, 99)}\nNAS 10.0.{r.randint(0, 9)}.{r.randint(2, 99)}\nUUID disco 3f2a{alnum(r, 4, '0123456789abcdef')}-9c1e-4b7a-8d2f-{alnum(r, 12, '0123456789abcdef')}"


@kind("it_neg_statistiche", "it", 3)
def _(r, i):
    rows = "\n".join(f"{c};{r.randint(1000, 90000)};{r.randint(1, 30)},{r.randint(0, 9)}%" for c in r.sample(["Rome", "Milan", "Turin", "Naples", "Florence", "Bologna"], 4))
    return "Fai un grafico da questi dati ISTAT:\ncittà;residenti_over80;variazione\n" + rows


# ================================================================ PORTUGUESE (PT + BR) kinds
def pp(r):
    return given(r, "pt"), surname(r, "pt") + (" " + surname(r, "pt") if r.random() < 0.4 else "")


def rg_br(r):
    d = digits(r, 8)
    return f"{d[:2]}.{d[2:5]}.{d[5:]}-{r.choice(string.digits + 'X')}"


def niss_pt(r):
    d = [1] + [r.randint(0, 9) for _ in range(9)]
    tot = sum(x * w for x, w in zip(d, [29, 23, 19, 17, 13, 11, 7, 5, 3, 2]))
    return "".join(map(str, d)) + str(9 - tot % 10)


def cc_pt(r):
    return f"{digits(r, 8)} {digits(r, 1)} {r.choice('ZYXW')}{r.choice('ZYXWV')}{digits(r, 1)}"


@kind("br_email_rh", "pt", 5)
def _(r, i):
    g, s = pp(r)
    return (f"{r.choice(['Resuma esse e-mail:', 'Deixa esse e-mail mais formal', 'Traduz pro inglês por favor'])}\n\nDe: {P(g, s)} <{m(email_for(r, g, s), 'EMAIL_ADDRESS')}>\n"
            f"Assunto: admissão — documentos\n\nOi {m(given(r, 'pt'), 'PERSON')}, tudo bem?\nSegue meu CPF {m(cpf(r), 'NATIONAL_ID')} e RG {m(rg_br(r), 'NATIONAL_ID')}. "
            f"Moro na {m(address(r, 'br'), 'LOCATION')}. Meu celular é {m(phone(r, 'br'), 'PHONE_NUMBER')}.\n\nAbraço,\n{m(g, 'PERSON')}")


@kind("br_whatsapp_pix", "pt", 5)
def _(r, i):
    a, b = given(r, "pt").lower(), given(r, "pt").lower()
    key = r.choice([lambda: m(cpf(r), "NATIONAL_ID"), lambda: m(phone(r, "br"), "PHONE_NUMBER"), lambda: m(email_for(r, a, surname(r, "pt")), "EMAIL_ADDRESS")])()
    return (f"me ajuda a cobrar essa pessoa sem parecer grosso\n\n[{10 + i}:0{i}] {m(a, 'PERSON')}: mano c ja fez o pix?\n[{10 + i}:1{i}] {m(b, 'PERSON')}: vo fazer hj, qual a chave msm?\n"
            f"[{10 + i}:1{i + 1}] {m(a, 'PERSON')}: {key}\n[{10 + i}:2{i}] {m(b, 'PERSON')}: blz, amanha sem falta kkkk")


@kind("br_planilha_clientes", "pt", 4)
def _(r, i):
    rows = ["Nome\tCPF\tNascimento\tCidade\tTelefone"]
    for _ in range(r.randint(3, 5)):
        g, s = pp(r)
        rows.append("\t".join([m(g + " " + s, "PERSON"), m(cpf(r, r.random() < 0.7), "NATIONAL_ID"), m(dob(r, "pt"), "DATE_OF_BIRTH"), m(r.choice(TOWNS["br"]), "LOCATION"), m(phone(r, "br"), "PHONE_NUMBER")]))
    return r.choice(["Arruma essa planilha, as datas tão bagunçadas:", "remove duplicados", "gera um SQL de insert com isso:"]) + "\n" + "\n".join(rows)


@kind("br_nota_fiscal", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Confere se essa NF tá certa:\n\nNOTA FISCAL DE SERVIÇO Nº {r.randint(100, 9999)}\nPrestador: {la('Contábil Rocha Ltda')} — CNPJ {digits(r, 2)}.{digits(r, 3)}.{digits(r, 3)}/0001-{digits(r, 2)}\n"
            f"Tomador: {P(g, s)} — CPF {m(cpf(r), 'NATIONAL_ID')}\nEndereço: {m(address(r, 'br'), 'LOCATION')}\nValor: R$ {r.randint(200, 5000)},00")


@kind("br_prontuario", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Explica esse laudo pra minha avó em linguagem simples:\n\nPaciente: {P(g, s)}   Prontuário: {m(digits(r, 7), 'MEDICAL_RECORD_NUMBER')}\nData de nasc.: {m(dob(r, 'pt'), 'DATE_OF_BIRTH')}\n"
            f"Cartão SUS: {m(cns_br(r), 'NATIONAL_ID')}\nHipótese diagnóstica: {m(r.choice(CONDITIONS['pt']), 'MEDICAL_CONDITION')}\n"
            f"Conduta: {m(r.choice(['losartana', 'metformina', 'fluoxetina', 'clonazepam', 'insulina NPH']), 'MEDICATION')} {r.choice(['50 mg 1x ao dia', '850 mg 2x ao dia', '20 mg pela manhã'])}")


@kind("br_chamado_ti", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"resuma o chamado:\nCHAMADO #{r.randint(10000, 99999)} — VPN caiu\nSolicitante: {P(g, s)}\nIP público da casa: {m(public_ip(r), 'IP_ADDRESS')} / IP interno {private_ip(r)}\n"
            f"MAC do notebook: {m(mac(r), 'MAC_ADDRESS')}\nObs: usuário informou a senha {m(password(r), 'PASSWORD')} no chat, pedir troca.")


@kind("br_dados_bancarios", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Preenche o cadastro de fornecedor com esses dados:\nFavorecido: {P(g, s)}\nBanco: {r.choice(['341 - Itaú', '237 - Bradesco', '001 - Banco do Brasil', '260 - Nubank'])}\n"
            f"Agência: {m(digits(r, 4), 'BANK_ACCOUNT')}   Conta corrente: {m(digits(r, r.randint(5, 8)) + '-' + digits(r, 1), 'BANK_ACCOUNT')}\nCPF: {m(cpf(r, i % 2 == 0), 'NATIONAL_ID')}")


@kind("br_log_api", "pt", 4)
def _(r, i):
    return (f"por que essa request dá 403?\n\ncurl https://api.{r.choice(['mercadopago.com', 'contabil-rocha.com.br'])}/v1/payments \\\n  -H 'Authorization: Bearer {m(r.choice(['APP_USR-', 'TEST-']) + digits(r, 16) + '-' + digits(r, 6) + '-' + alnum(r, 32, '0123456789abcdef') + '-' + digits(r, 9), 'API_KEY')}' \\\n"
            f"  -H 'X-Forwarded-For: {m(public_ip(r), 'IP_ADDRESS')}'")


@kind("br_chat_minusculo", "pt", 4)
def _(r, i):
    g, s = given(r, "pt").lower(), surname(r, "pt").lower()
    return (f"corrige meu portugues pf\n\noi gente, a {m(g, 'PERSON')} {m(s, 'PERSON')} pediu pra avisar q ela ta internada com {m(r.choice(['dengue', 'pneumonia', 'apendicite']), 'MEDICAL_CONDITION')}, "
            f"quem quiser mandar msg o numero dela é {m(phone(r, 'br'), 'PHONE_NUMBER')}. ela mora em {m(r.choice(TOWNS['br']), 'LOCATION')} entao fica dificil visitar")


@kind("br_curriculo", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"melhora meu currículo:\n\n{m(g + ' ' + s, 'PERSON')}\nBrasileira, solteira, {r.randint(19, 45)} anos — nascida em {m(dob(r, 'pt'), 'DATE_OF_BIRTH')}\n{m(address(r, 'br'), 'LOCATION')}\n"
            f"{m(phone(r, 'br'), 'PHONE_NUMBER')} | {m(email_for(r, g, s), 'EMAIL_ADDRESS')}\n\nOBJETIVO: Auxiliar administrativo")


@kind("br_boleto_cartao", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Esse pedido parece fraude? dados do checkout:\nnome no cartão: {m((g + ' ' + s.split()[0]).upper(), 'PERSON')}\nnúmero: {m(card(r), 'CREDIT_CARD')}\nvalidade {r.randint(1, 12):02d}/{r.randint(27, 32)} cvv {digits(r, 3)}\n"
            f"IP: {m(public_ip(r), 'IP_ADDRESS')}\npedido #{digits(r, 8)}")


@kind("pt_email_seguradora", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Reescreve este e-mail de forma mais clara:\n\nExmos. Senhores,\nVenho por este meio participar o sinistro da apólice n.º {digits(r, 9)}. Sou {P(g, s)}, NIF {m(nif_pt(r), 'NATIONAL_ID')}, "
            f"residente na {m(address(r, 'pt'), 'LOCATION')}. O reembolso deve ser feito para o IBAN {m(iban(r, 'PT'), 'IBAN_CODE')}.\n\nCom os melhores cumprimentos,\n{m(g + ' ' + s.split()[-1], 'PERSON')}\nTlm. {m(phone(r, 'pt'), 'PHONE_NUMBER')}")


@kind("pt_recibo_vencimento", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Explica-me os descontos deste recibo:\n\nRECIBO DE VENCIMENTO — {r.choice(MONTHS['pt']).capitalize()} 2026\nTrabalhador: {P(g, s)}\nNIF: {m(nif_pt(r), 'NATIONAL_ID')}   NISS: {m(niss_pt(r), 'NATIONAL_ID')}\n"
            f"Vencimento base: {r.randint(820, 2900)},00 €\nIRS: {r.randint(50, 500)},00 €\nSeg. Social (11%): {r.randint(90, 320)},{r.randint(10, 99)} €\nIBAN: {m(iban(r, 'PT'), 'IBAN_CODE')}")


@kind("pt_carta_medica", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"Resume esta carta para o meu pai:\n\nCentro Hospitalar — Serviço de Neurologia\nUtente: {P(g, s)}  N.º processo: {m(digits(r, 8), 'MEDICAL_RECORD_NUMBER')}\nN.º utente SNS: {m(digits(r, 9), 'NATIONAL_ID')}\n"
            f"Diagnóstico: {m(r.choice(CONDITIONS['pt']), 'MEDICAL_CONDITION')}. Medicação: {m(r.choice(['levetiracetam', 'lamotrigina', 'sertralina', 'ramipril']), 'MEDICATION')} {r.choice(['500 mg 12/12h', '50 mg/dia', '5 mg id'])}.\nO médico, {m(given(r, 'pt') + ' ' + surname(r, 'pt'), 'PERSON')}")


@kind("pt_formulario_escola", "pt", 4)
def _(r, i):
    kid, s = given(r, "pt"), surname(r, "pt")
    return (f"Verifica se falta alguma coisa nesta ficha de inscrição:\nNome do aluno: {P(kid, s)}\nData de nascimento: {m(dob(r, 'pt', (2012, 2023)), 'DATE_OF_BIRTH')}\nN.º CC: {m(cc_pt(r), 'NATIONAL_ID')}\n"
            f"Morada: {m(address(r, 'pt'), 'LOCATION')}\nEncarregado de educação: {m(given(r, 'pt'), 'PERSON')} ({m(phone(r, 'pt'), 'PHONE_NUMBER')})")


@kind("pt_teams_chat", "pt", 4)
def _(r, i):
    a, b = given(r, "pt"), given(r, "pt")
    return (f"Faz um resumo desta conversa do Teams:\n\n{m(a, 'PERSON')} 09:12\nbom dia! a password do router da loja mudou para {m(password(r), 'PASSWORD')}\n{m(b, 'PERSON')} 09:14\n"
            f"obg. e o IP fixo continua {m(public_ip(r), 'IP_ADDRESS')}?\n{m(a, 'PERSON')} 09:15\nsim. a impressora ficou no {private_ip(r)}")


@kind("pt_yaml_docker", "pt", 4)
def _(r, i):
    return (f"porque é que o compose não arranca?\n\nservices:\n  api:\n    image: maresia/api:{r.randint(1, 9)}.{r.randint(0, 20)}\n    environment:\n"
            f"      - JWT_SECRET={m(alnum(r, 40, URLSAFE), 'GENERIC_SECRET')}\n      - POSTGRES_PASSWORD={m(password(r), 'PASSWORD')}\n      - SENDGRID_API_KEY={m(sendgrid_key(r), 'API_KEY')}\n    ports: [\"8080:8080\"]")


@kind("pt_confidencial", "pt", 4)
def _(r, i):
    mk = r.choice(["CONFIDENCIAL", "USO INTERNO", "RESTRITO", "TLP:AMBER"])
    return (f"Faz um resumo executivo:\n\n{m(mk, 'CLASSIFICATION_MARKING')}\nProposta de aquisição — Projeto Farol\nA administração pretende avançar com a compra até ao final do trimestre. "
            f"Contacto interno: {m(given(r, 'pt') + ' ' + surname(r, 'pt'), 'PERSON')}.\n— {m(mk, 'CLASSIFICATION_MARKING')} —")


@kind("pt_reserva_alojamento", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"responde a este hóspede:\nReserva {alnum(r, 10, string.ascii_uppercase + string.digits)} · 2 noites\nHóspede: {P(g, s)}\nDocumento: {m(cc_pt(r) if i % 2 else 'C' + alnum(r, 7, string.ascii_uppercase + string.digits), 'NATIONAL_ID')}\n"
            f"Tel: {m(phone(r, 'pt'), 'PHONE_NUMBER')}\nMensagem: \"chegamos tarde, por volta da meia-noite, o código da porta é o mesmo?\"")


# ---------------------------------------------------------------- PT negatives
@kind("pt_neg_futebol", "pt", 5)
def _(r, i):
    p = r.sample(["Cristiano Ronaldo", "Vinícius Júnior", "Neymar", "Bruno Fernandes", "Rafael Leão", "Endrick"], 2)
    return (f"Escreve uma crónica do jogo:\n{r.choice(['Benfica', 'Porto', 'Sporting', 'Flamengo', 'Palmeiras'])} {r.randint(0, 4)}-{r.randint(0, 3)} {r.choice(['Braga', 'Corinthians', la('Vitória'), 'Santos'])}. "
            f"Golos de {la(p[0])} e {la(p[1])}. Público: {r.randint(20, 65)} mil no estádio, em {r.choice(['Lisbon', 'Porto', 'Rio de Janeiro', 'São Paulo'])}.")


@kind("pt_neg_politica", "pt", 4)
def _(r, i):
    w = r.choice(["Luiz Inácio Lula da Silva", "Marcelo Rebelo de Sousa", "Luís Montenegro", "Fernando Haddad"])
    return f"Resume a notícia:\n{la(w)} esteve em {r.choice(['Brasília', 'Lisbon', 'São Paulo', 'Porto'])} para discutir o orçamento. O relatório, classificado como confidencial pela imprensa, foi divulgado na terça."


@kind("pt_neg_marcas", "pt", 4)
def _(r, i):
    b = r.sample(["Casas Bahia", "Boticário", "Natura", "Delta Cafés", "Pastéis de Belém", "Havaianas", "Osklen", "Ana Maria Braga"], 3)
    return f"Cria um post para o Instagram da loja: chegaram produtos {la(b[0])}, {la(b[1])} e {la(b[2])}! Use o cupom VERAO{r.randint(10, 40)}. Pedido mínimo R$ {r.randint(50, 150)}."


@kind("pt_neg_receita", "pt", 4)
def _(r, i):
    return (f"Passa esta receita para 8 pessoas:\n{r.choice(['Bacalhau à Brás', 'Feijoada', 'Pão de queijo', 'Caldo verde'])}\n- {r.randint(300, 800)} g de {r.choice(['bacalhau', 'feijão preto', 'polvilho'])}\n"
            f"- 2 cebolas\n- azeite q.b.\nForno a {r.choice([180, 200])} °C durante {r.randint(20, 45)} minutos.")


@kind("pt_neg_sede_empresa", "pt", 4)
def _(r, i):
    s = r.choice(["Avenida da Liberdade 110, 1250-146 Lisboa", "Av. Paulista, 1578 — Bela Vista, São Paulo - SP, 01310-200", "Praça da Liberdade 1, 4000-322 Porto",
                  "Av. Atlântica, 1702 — Copacabana, Rio de Janeiro"])
    return f"Melhora o rodapé do site:\nSede: {s} · NIPC {r.choice('5')}{digits(r, 8)} · CNPJ {digits(r, 2)}.{digits(r, 3)}.{digits(r, 3)}/0001-{digits(r, 2)} · contacto@example.com"


@kind("pt_neg_formulario_vazio", "pt", 4)
def _(r, i):
    return ("Deixa este formulário mais claro:\nNome completo: ____________\nCPF: ___.___.___-__\nNIF: _________\nData de nascimento: __/__/____\nMorada/Endereço: __________\nAssinatura: __________\n"
            + pick(i, ["Ex.: Fulano de Tal", "Preencher em maiúsculas.", "Anexar cópia do documento.", ""]))


@kind("pt_neg_exemplo_cpf", "pt", 3)
def _(r, i):
    return (f"Explica o algoritmo de validação do CPF usando o exemplo {la('123.456.789-09')}, e por que {la('111.111.111-11')} é rejeitado. " + ["", "Em Python.", "Em JavaScript."][i])


@kind("pt_neg_turismo_clima", "pt", 4)
def _(r, i):
    a, b = r.sample(["Lisbon", "Porto", "Coimbra", "Rio de Janeiro", "São Paulo", "Salvador"], 2)
    return f"Faz um roteiro de 3 dias:\nPrevisão {a}: {r.randint(12, 34)}°C, sol. Voo {a}–{b} às {r.randint(6, 22)}h, localizador {alnum(r, 6, string.ascii_uppercase)}. Hotel perto da praça principal, fuso horário America/Sao_Paulo."


@kind("pt_neg_saude_artigo", "pt", 4)
def _(r, i):
    return f"Resume para o boletim:\nO Brasil registou {r.randint(100, 900)} mil casos de dengue este ano. A vacina está disponível no SUS para crianças de 10 a 14 anos. Especialistas em {r.choice(['Salvador', 'São Paulo', 'Brasília'])} recomendam hidratação e paracetamol."


@kind("pt_neg_historia_ficcao", "pt", 4)
def _(r, i):
    p = pick(i, [("Fernando Pessoa", "nasceu em Lisboa a 13 de junho de 1888"), ("Machado de Assis", "nasceu no Rio de Janeiro em 1839"),
                  ("Capitu e Bentinho", "são as personagens de Dom Casmurro"), ("Amália Rodrigues", "nasceu em Lisboa em 1920")])
    return f"Cria perguntas de escolha múltipla: {la(p[0])} {p[1]}. A obra trata de ciúme, memória e identidade."


@kind("pt_neg_codigo_exemplo", "pt", 3)
def _(r, i):
    return (f"revisa este teste:\n```js\nconst user = {{ nome: 'Fulano', email: 'fulano@example.com', senha: 'senha-de-teste' }};\nconst card = '{la('4111 1111 1111 1111')}'; // cartão de teste\n"
            f"const token = process.env.API_TOKEN ?? '<TOKEN>';\nexpect(res.status).toBe({pick(i, [200, 201, 422])});\n```")


@kind("pt_neg_mascarado", "pt", 3)
def _(r, i):
    return f"o que significa esta linha do extrato?\nCompra cartão ****{digits(r, 4)} R$ {r.randint(10, 900)},{r.randint(10, 99)}\nCPF ***.{digits(r, 3)}.***-**\nPIX enviado — ID E{digits(r, 8)}{digits(r, 12)}"


@kind("pt_neg_musica", "pt", 3)
def _(r, i):
    s = pick(i, [("Garota de Ipanema", "Tom Jobim"), ("Construção", "Chico Buarque"), ("Canção do Mar", "Dulce Pontes")])
    return f"Sobre o que é a música \"{la(s[0])}\" de {la(s[1])}? Resume sem citar a letra."


@kind("pt_neg_logs_rede", "pt", 3)
def _(r, i):
    return f"isto é normal?\n{private_ip(r)} -> 10.0.0.1 TCP SYN\n127.0.0.1:5432 LISTEN\nhash sha256 {hexsecret(r)}\nsessão {alnum(r, 8, '0123456789abcdef')}-0000-4000-8000-{alnum(r, 12, '0123456789abcdef')}"


@kind("pt_neg_estatisticas", "pt", 3)
def _(r, i):
    rows = "\n".join(f"| {c} | {r.randint(100, 9000)} | {r.randint(1, 40)}% |" for c in r.sample(["Lisbon", "Porto", "Coimbra", "Salvador", "Brasília", "São Paulo"], 3))
    return f"descreve a tabela:\n| Cidade | Nascimentos | Variação |\n|---|---|---|\n{rows}"


# ================================================================ DUTCH kinds
def pn(r):
    return given(r, "nl"), surname(r, "nl")


def bsn_fmt(r):
    b = bsn(r)
    return r.choice([b, f"{b[:4]}.{b[4:6]}.{b[6:]}", f"{b[:3]} {b[3:6]} {b[6:]}"])


def cap(s):
    return s[0].upper() + s[1:]


@kind("nl_mail_leverancier", "nl", 5)
def _(r, i):
    g, s = pn(r)
    return (f"{r.choice(['Vat deze mail samen:', 'Vertaal naar het Engels:', 'Schrijf een beleefd antwoord:'])}\n\nVan: {P(g, s)} <{m(email_for(r, g, s), 'EMAIL_ADDRESS')}>\n"
            f"Onderwerp: RE: openstaande factuur\n\nHoi {m(given(r, 'nl'), 'PERSON')},\n\nIk heb het bedrag vandaag overgemaakt naar {m(iban(r, 'NL'), 'IBAN_CODE')}. Bel me gerust op {m(phone(r, 'nl'), 'PHONE_NUMBER')}.\n\n"
            f"Met vriendelijke groet,\n{m(g + ' ' + s, 'PERSON')}\n{la('Vos Installatie B.V.')} | KvK {digits(r, 8)} | BTW NL{digits(r, 9)}B01")


@kind("nl_loonstrook", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Leg mijn loonstrook uit:\n\nLOONSTROOK {r.choice(MONTHS['nl']).upper()} 2026\nWerknemer: {m(cap(s) + ', ' + g[0] + '.' if i % 2 else g + ' ' + s, 'PERSON')}\nBSN: {m(bsn_fmt(r), 'NATIONAL_ID')}\n"
            f"Geboortedatum: {m(dob(r, 'nl'), 'DATE_OF_BIRTH')}\nBruto salaris € {r.randint(2200, 6100)},{r.randint(10, 99)}\nLoonheffing € {r.randint(300, 1800)},00\nUitbetaald op {m(iban(r, 'NL'), 'IBAN_CODE')}")


@kind("nl_whatsapp_buurt", "nl", 5)
def _(r, i):
    a, b = given(r, "nl"), given(r, "nl")
    return (f"maak hier een nette samenvatting van voor de buurtapp\n\n{i + 2}-11-26 19:0{i} - {m(a, 'PERSON')}: er staat weer een busje voor de deur bij {m(address(r, 'nl'), 'LOCATION')}\n"
            f"{i + 2}-11-26 19:1{i} - {m(b.lower(), 'PERSON')}: ja idd, {m(surname(r, 'nl'), 'PERSON')} heeft de politie al gebeld\n{i + 2}-11-26 19:1{i + 1} - {m(a, 'PERSON')}: bel mij als er wat is {m(phone(r, 'nl'), 'PHONE_NUMBER')}\n"
            f"{i + 2}-11-26 19:2{i} - {m(b.lower(), 'PERSON')}: 👍")


@kind("nl_klanten_csv", "nl", 4)
def _(r, i):
    rows = ["voornaam,achternaam,geboortedatum,woonplaats,iban"]
    for _ in range(r.randint(3, 5)):
        g, s = pn(r)
        rows.append(",".join([m(g, "PERSON"), m(s, "PERSON"), m(dob(r, "nl"), "DATE_OF_BIRTH"), m(r.choice(TOWNS["nl"]), "LOCATION"), m(iban(r, "NL", False), "IBAN_CODE")]))
    return r.choice(["Maak van deze CSV een Excel-formule die de leeftijd berekent:", "ontdubbel deze lijst", "Zet om naar JSON:"]) + "\n" + "\n".join(rows)


@kind("nl_huisarts_brief", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Leg deze brief in gewone taal uit:\n\nGeachte collega,\n\nBetreft: dhr. {P(g, s)}, geb. {m(dob(r, 'nl'), 'DATE_OF_BIRTH')}, BSN {m(bsn_fmt(r), 'NATIONAL_ID')}\n"
            f"Patiëntnummer: {m(digits(r, 7), 'MEDICAL_RECORD_NUMBER')}\n\nPatiënt is bekend met {m(r.choice(CONDITIONS['nl']), 'MEDICAL_CONDITION')}. Wij zijn gestart met "
            f"{m(r.choice(['metformine', 'salbutamol', 'sertraline', 'omeprazol', 'lisinopril']), 'MEDICATION')} {r.choice(['500 mg 2dd', '20 mg 1dd', '100 mcg zo nodig'])}.\n\nMet collegiale groet,\n{m(given(r, 'nl') + ' ' + surname(r, 'nl'), 'PERSON')}, huisarts")


@kind("nl_verzuim_teams", "nl", 4)
def _(r, i):
    a, b = given(r, "nl"), given(r, "nl")
    return (f"herschrijf dit zodat het AVG-proof klinkt:\n\n[Teams] {m(a, 'PERSON')}: even ter info, {m(b, 'PERSON')} is ziek gemeld, {m(r.choice(['burn-out', 'hernia', 'depressie']), 'MEDICAL_CONDITION')}, "
            f"waarschijnlijk {r.randint(3, 12)} weken\n[Teams] {m(given(r, 'nl').lower(), 'PERSON')}: oei. wie neemt haar klanten over?\n[Teams] {m(a, 'PERSON')}: {m(given(r, 'nl'), 'PERSON')} denk ik")


@kind("nl_zendesk_retour", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Schrijf een antwoord op dit ticket:\n\n#{r.randint(100000, 999999)} Retour niet ontvangen\nKlant: {P(g, s)} ({m(email_for(r, g, s), 'EMAIL_ADDRESS')})\n\n"
            f"hallo, ik heb het pakket al 3 weken terug gestuurd naar jullie. graag het geld terug op {m(iban(r, 'NL'), 'IBAN_CODE')}. mijn adres is {m(address(r, 'nl'), 'LOCATION')}\n"
            f"groetjes {m(g.lower(), 'PERSON')}")


@kind("nl_env_secrets", "nl", 4)
def _(r, i):
    return (f"waarom werkt deze config niet op de testserver?\n\nAPP_ENV=production\nMOLLIE_API_KEY={m('live_' + alnum(r, 30), 'API_KEY')}\nDB_DSN={m(conn_string(r, 'webshop'), 'CONNECTION_STRING')}\n"
            f"MAIL_PASSWORD={m(password(r), 'PASSWORD')}\nTZ=Europe/Amsterdam")


@kind("nl_incident_politie", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Maak hier een zakelijk verslag van:\n\nMelding {r.randint(2026000, 2026999)} — winkeldiefstal\nVerdachte: {P(g, s)}, geboren {m(dob(r, 'nl'), 'DATE_OF_BIRTH')} te {m(r.choice(TOWNS['nl']), 'LOCATION')}\n"
            f"Legitimatie: rijbewijs {m(digits(r, 10), 'NATIONAL_ID')}\nAdres: {m(address(r, 'nl'), 'LOCATION')}\nAangever: filiaalmanager {m(given(r, 'nl'), 'PERSON')}")


@kind("nl_kinderopvang", "nl", 4)
def _(r, i):
    kid, s = pn(r)
    return (f"Check dit intakeformulier op fouten:\n\nNaam kind: {P(kid, s)}\nGeboortedatum: {m(dob(r, 'nl', (2012, 2023)), 'DATE_OF_BIRTH')}\nBSN kind: {m(bsn_fmt(r), 'NATIONAL_ID')}\n"
            f"Allergie: {m(r.choice(['pinda-allergie', 'koemelkallergie', 'coeliakie']), 'MEDICAL_CONDITION')}\nOuder 1: {m(given(r, 'nl'), 'PERSON')} — {m(phone(r, 'nl'), 'PHONE_NUMBER')}")


@kind("nl_paspoort_reis", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"vul het ESTA formulier voor me in:\nAchternaam: {m(s.upper(), 'PERSON')}\nVoornamen: {m(g, 'PERSON')}\nPaspoortnummer: {m(alnum(r, 2, 'BCDFGHJKLMNPRSTVWXZ') + alnum(r, 6, 'BCDFGHJKLMNPRSTVWXZ0123456789') + digits(r, 1), 'NATIONAL_ID')}\n"
            f"Geboorteplaats: {m(r.choice(TOWNS['nl']), 'LOCATION')}\nGeboortedatum: {m(dob(r, 'nl'), 'DATE_OF_BIRTH')}")


@kind("nl_shell_deploy", "nl", 4)
def _(r, i):
    return ("waarom faalt mijn deploy?\n" + "\n".join([
        f"$ export HCLOUD_TOKEN={m(alnum(r, 64), 'API_KEY')}", f"$ ssh root@{m(public_ip(r), 'IP_ADDRESS')}",
        f"$ psql \"{m(conn_string(r, 'beheer'), 'CONNECTION_STRING')}\"", "$ docker compose up -d", f"Error: bind: address already in use ({private_ip(r)}:5432)"]))


@kind("nl_factuur_zzp", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Klopt deze factuur fiscaal?\n\nFACTUUR 2026-{digits(r, 3)}\n{P(g, s)}\n{m(address(r, 'nl', True), 'LOCATION')}\nKvK {digits(r, 8)} · BTW-id NL{digits(r, 9)}B{digits(r, 2)}\n\n"
            f"Aan: {la('Dekker Logistiek B.V.')}, Coolsingel 40, 3011 AD Rotterdam\nWerkzaamheden november: € {r.randint(800, 6000)},00 excl. btw\nGraag overmaken naar {m(iban(r, 'NL'), 'IBAN_CODE')}")


@kind("nl_chat_typfouten", "nl", 4)
def _(r, i):
    g = given(r, "nl").lower()
    return (f"kun je dit netjes maken?\n\nhee {m(g, 'PERSON')} ik heb je nieuwe nummer nog nietnopgeslagen, is het {m(phone(r, 'nl'), 'PHONE_NUMBER')}? en wat was de wifi wachtwoord van je ouders "
            f"nou ookalweer {m(password(r), 'PASSWORD')} of zo? groet van {m(given(r, 'nl').lower(), 'PERSON')}")


@kind("nl_vertrouwelijk", "nl", 4)
def _(r, i):
    mk = r.choice(["VERTROUWELIJK", "STRIKT VERTROUWELIJK", "DEPARTEMENTAAL VERTROUWELIJK", "INTERN"])
    return (f"Vat samen in drie punten:\n\n{m(mk, 'CLASSIFICATION_MARKING')}\nNotitie reorganisatie klantenservice\nWe verplaatsen het team van Utrecht naar Eindhoven per 1 april. Contactpersoon: {m(given(r, 'nl') + ' ' + surname(r, 'nl'), 'PERSON')}.\n\n{m(mk, 'CLASSIFICATION_MARKING')}")


@kind("nl_json_webhook", "nl", 4)
def _(r, i):
    return (f"wat is hier mis mee?\n{{\n  \"slack\": \"{m(slack_webhook(r), 'API_KEY')}\",\n  \"signing_secret\": \"{m(hexsecret(r, 32), 'GENERIC_SECRET')}\",\n"
            f"  \"refresh_token\": \"{m('1//' + alnum(r, 60, URLSAFE), 'GENERIC_SECRET')}\",\n  \"region\": \"europe-west4\"\n}}")


@kind("nl_netwerk_inventaris", "nl", 4)
def _(r, i):
    rows = ["apparaat | mac | ip | gebruiker"]
    for _ in range(3):
        g = given(r, "nl")
        rows.append(f"{r.choice(['laptop', 'telefoon', 'printer', 'tv'])} | {m(mac(r), 'MAC_ADDRESS')} | {private_ip(r)} | {m(g, 'PERSON')}")
    return "zet deze lijst in een tabel, en WAN-ip is " + m(public_ip(r), "IP_ADDRESS") + "\n" + "\n".join(rows)


@kind("nl_creditcard_bestelling", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"is dit een phishing mail? ik heb het al ingevuld oeps\n\nNaam op kaart: {m(g + ' ' + s, 'PERSON')}\nKaartnummer: {m(card(r), 'CREDIT_CARD')}\nGeldig t/m {r.randint(1, 12):02d}/{r.randint(27, 31)}\n"
            f"Geboortedatum: {m(dob(r, 'nl'), 'DATE_OF_BIRTH')}")


# ---------------------------------------------------------------- NL negatives
@kind("nl_neg_voetbal", "nl", 5)
def _(r, i):
    p = r.sample(["Virgil van Dijk", "Frenkie de Jong", "Cody Gakpo", "Memphis Depay", "Xavi Simons", "Denzel Dumfries"], 2)
    return (f"Schrijf een wedstrijdverslag:\n{r.choice(['Ajax', 'PSV', 'Feyenoord', 'AZ'])}–{r.choice(['FC Utrecht', 'Twente', 'NEC', 'Sparta'])} {r.randint(0, 5)}-{r.randint(0, 3)}. "
            f"Doelpunten: {la(p[0])} ({r.randint(1, 45)}'), {la(p[1])} ({r.randint(46, 90)}'). Toeschouwers: {r.randint(15, 55)}.000 in {r.choice(['Amsterdam', 'Rotterdam', 'Eindhoven'])}.")


@kind("nl_neg_politiek", "nl", 4)
def _(r, i):
    w = r.choice(["Mark Rutte", "Dick Schoof", "Frans Timmermans", "Geert Wilders", "koning Willem-Alexander"])
    return f"Vat dit nieuwsbericht samen:\n{la(w)} was dinsdag in {r.choice(['The Hague', 'Amsterdam', 'Rotterdam'])} voor overleg over woningbouw. Een vertrouwelijk rapport lekte eerder uit naar de NOS."


@kind("nl_neg_merken", "nl", 4)
def _(r, i):
    b = r.sample(["Albert Heijn", "Douwe Egberts", "Hema", "Van Haren", "Jan Linders", "Dirk van den Broek", "Hunkemöller", "Tony's Chocolonely"], 3)
    return f"Schrijf een folder-tekst: deze week bij {la(b[0])} aanbiedingen van {la(b[1])} en {la(b[2])}! Bonuskaart nr. niet nodig. Actiecode SINT{r.randint(10, 99)}."


@kind("nl_neg_kantooradres", "nl", 4)
def _(r, i):
    a = r.choice(["Herengracht 500, 1017 CB Amsterdam", "Coolsingel 40, 3011 AD Rotterdam", "Lange Voorhout 34, 2514 EE Den Haag", "Vredenburg 40, 3511 BD Utrecht"])
    return f"Verbeter de contactpagina:\nOns kantoor: {a}. Open ma–vr 9–17 uur. KvK {digits(r, 8)}, BTW NL{digits(r, 9)}B01. Mail naar info@example.nl."


@kind("nl_neg_recept", "nl", 4)
def _(r, i):
    return (f"Reken dit recept om voor {r.randint(2, 10)} personen:\n{r.choice(['Stamppot boerenkool', 'Erwtensoep', 'Poffertjes', 'Hutspot'])}\n- {r.randint(500, 1500)} g {r.choice(['aardappelen', 'spliterwten', 'boekweitmeel'])}\n"
            f"- 1 rookworst (Unox)\n- snufje zout\nKooktijd {r.randint(20, 90)} minuten.")


@kind("nl_neg_leeg_formulier", "nl", 4)
def _(r, i):
    return ("Maak dit formulier toegankelijker:\nVoorletters + achternaam: ____________\nBSN: _________\nGeboortedatum: dd-mm-jjjj\nIBAN: NL__ ____ ____ ____ __\nHandtekening: ______\n"
            + pick(i, ["Voorbeeld: Jan Jansen", "In blokletters invullen.", "Kopie ID-bewijs bijvoegen.", ""]))


@kind("nl_neg_voorbeeld_iban", "nl", 3)
def _(r, i):
    return (f"Hoe werkt de elfproef voor BSN en de IBAN-controle? Gebruik het voorbeeld {la('NL91 ABNA 0417 1643 00')} en testnummer {la('123456782')}." + ["", " Kort graag.", " Met Python-code."][i])


@kind("nl_neg_weer_reizen", "nl", 4)
def _(r, i):
    a, b = r.sample(["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "The Hague"], 2)
    return f"Plan een dagje uit:\nWeer {a}: {r.randint(-2, 25)}°C, wind {r.randint(2, 7)} Bft. Trein {a}–{b} vertrekt {r.randint(7, 20)}:{r.choice(['04', '34'])} spoor {r.randint(1, 15)}. Tijdzone Europe/Amsterdam."


@kind("nl_neg_gezondheid", "nl", 4)
def _(r, i):
    return f"Samenvatten voor intranet:\nVolgens het RIVM hebben ruim {r.randint(1, 2)},{r.randint(0, 9)} miljoen Nederlanders diabetes type 2. Metformine is het meest voorgeschreven middel. Onderzoekers in Utrecht zagen {r.randint(5, 30)}% minder klachten bij dagelijks bewegen."


@kind("nl_neg_geschiedenis", "nl", 3)
def _(r, i):
    p = pick(i, [("Anne Frank", "werd geboren op 12 juni 1929 in Frankfurt"), ("Vincent van Gogh", "werd geboren op 30 maart 1853 in Zundert"), ("Johan Cruijff", "werd geboren op 25 april 1947 in Amsterdam")])
    return f"Maak een quiz: {la(p[0])} {p[1]}. Het geboortehuis en het adres zijn tegenwoordig een bekende toeristische trekpleister."


@kind("nl_neg_code_placeholders", "nl", 4)
def _(r, i):
    return (f"Leg deze config uit:\n```yaml\ndatabase:\n  host: {private_ip(r)}\n  user: app\n  password: ${{DB_PASSWORD}}\napi:\n  key: \"<VUL-HIER-IN>\"\n  secret: xxxxxxxxxxxx\n```")


@kind("nl_neg_gemaskeerd", "nl", 3)
def _(r, i):
    return f"wat betekent deze regel op mijn afschrift?\nPasbetaling kaart ***{digits(r, 4)}\nIBAN NL** RABO ****{digits(r, 4)}{digits(r, 2)}\nBSN *****{digits(r, 3)}\nKenmerk {digits(r, 16)}"


@kind("nl_neg_tv_fictie", "nl", 3)
def _(r, i):
    f = r.choice([("Flodder", "Johnny Flodder"), ("Baantjer", "Jurre de Cock"), ("Penoza", "Carmen van Walraven")])
    return f"Schrijf een korte samenvatting van de serie {la(f[0])}: hoofdpersoon {la(f[1])} raakt verstrikt in schulden, valse paspoorten en een geheim bankrekeningnummer."


@kind("nl_neg_privacybeleid", "nl", 3)
def _(r, i):
    return ["Maak dit beleid begrijpelijker:", "Herschrijf voor de nieuwsbrief:", "Vertaal naar het Engels:"][i] + "\nMedewerkers mogen geen BSN, medische gegevens of wachtwoorden in AI-tools plakken. Documenten met de markering VERTROUWELIJK blijven binnen de organisatie."


@kind("nl_neg_statistiek", "nl", 3)
def _(r, i):
    rows = "\n".join(f"{c}\t{r.randint(100, 9000)}\t{r.randint(1, 40)},{r.randint(0, 9)}%" for c in r.sample(["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "The Hague"], 4))
    return f"Maak een grafiekbeschrijving van deze CBS-cijfers:\ngemeente\twoningen\tgroei\n{rows}"


@kind("nl_neg_hashes", "nl", 3)
def _(r, i):
    return f"waarom matchen deze niet?\nmd5 {hexsecret(r, 32)}\nsha1 {hexsecret(r, 40)}\ntrack & trace 3S{alnum(r, 13, string.ascii_uppercase + string.digits)}\nordernummer {digits(r, 10)}"


# ================================================================ extra shapes (all languages)
@kind("en_neg_products_like_people", "en", 5)
def _(r, i):
    ps = ["Alexa", "Siri", "Jimmy Choo", "Tim Hortons", "Wendy's", "Jack Wills", "Ted Lasso", "Sonos Ray", "Hermès Kelly bag", "Ben Sherman"]
    a, b = pick(i, ps), pick(i + 3, ps)
    return (f"write a comparison blurb for the newsletter: {la(a)} vs {la(b)} — which is the better gift this year? "
            f"Prices from ${r.randint(20, 900)}, SKU {alnum(r, 10, string.ascii_uppercase + string.digits)}.")


@kind("en_ocr_bank_letter", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    sc = f"{digits(r, 2)}-{digits(r, 2)}-{digits(r, 2)}"
    return (f"This is OCR from a scanned letter, clean it up:\n\nDear M r {m(s, 'PERSON')},\n\nWe write regard1ng your acc0unt ending — sort c0de {m(sc, 'BANK_ACCOUNT')} "
            f"account {m(digits(r, 8), 'BANK_ACCOUNT')}. Our records show your address as\n{m(address(r, 'en', True), 'LOCATION')}\n\nY0urs sincerely\nCustomer Serv1ces")


@kind("en_wiki_oncall", "en", 4)
def _(r, i):
    rows = []
    for d in ["Mon", "Tue", "Wed", "Thu"][: r.randint(2, 4)]:
        g, s = given(r), surname(r)
        rows.append(f"| {d} | {P(g, s)} | {m(phone(r, r.choice(['en', 'us'])), 'PHONE_NUMBER')} |")
    return "Convert this Confluence on-call table into a Slack message:\n\n| Day | Engineer | Mobile |\n|---|---|---|\n" + "\n".join(rows) + "\n\nEscalation: #incident-bridge (no personal numbers here!)"


@kind("en_neg_crypto_news", "en", 4)
def _(r, i):
    return (f"summarise: Bitcoin traded near ${r.randint(40, 120)},{r.randint(100, 999)} on {pick(i, ['Monday', 'Tuesday', 'Friday', 'Sunday'])}. "
            f"Enthusiasts still send tiny amounts to the genesis address {la('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')}, which nobody can spend. Analysts in {r.choice(PUBLIC_PLACES)} expect volatility.")


@kind("en_shipping_label", "en", 4)
def _(r, i):
    g, s = given(r), surname(r)
    c = r.choice(["us", "en"])
    return (f"extract fields to JSON:\nSHIP TO:\n{m((g + ' ' + s).upper(), 'PERSON')}\n{m(address(r, c, True).upper(), 'LOCATION')}\nTEL {m(phone(r, c), 'PHONE_NUMBER')}\n"
            f"TRACKING 1Z{alnum(r, 16, string.ascii_uppercase + string.digits)}  WT {r.randint(1, 20)} LB  REF PO-{digits(r, 6)}")


@kind("en_teams_birthday", "en", 4)
def _(r, i):
    a, b = given(r), given(r)
    return (f"turn this into a calendar list:\n[Teams] {m(a, 'PERSON')}: birthdays for the cake rota — {m(b, 'PERSON')} {m(dob(r, 'en'), 'DATE_OF_BIRTH')}, "
            f"{m(given(r), 'PERSON')} {m(dob(r, 'en'), 'DATE_OF_BIRTH')}\n[Teams] {m(b.lower(), 'PERSON')}: pls don't put my year in lol")


@kind("en_neg_k8s_config", "en", 4)
def _(r, i):
    return (f"why is this pod CrashLooping?\n\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: ghcr.io/acme/api:{r.randint(1, 9)}.{r.randint(0, 30)}\n"
            f"        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {{name: db-secret, key: password}}\n        - name: REGION\n          value: {pick(i, ['eu-west-1', 'us-east-1', 'europe-west4', 'ap-southeast-2'])}")


@kind("en_neg_sports_transfer", "en", 4)
def _(r, i):
    p = pick(i, ["Jude Bellingham", "Kylian Mbappé", "Florian Wirtz", "Lamine Yamal"])
    return f"rewrite as a short news item: {la(p)} completes a €{r.randint(50, 180)}m move; medical passed in {r.choice(PUBLIC_PLACES)}, contract until 20{r.randint(29, 32)}, shirt number {r.randint(7, 30)}."


@kind("it_teams_ferie", "it", 4)
def _(r, i):
    a, b = given(r, "it"), given(r, "it")
    return (f"fammi una tabella ferie da questa chat:\n{m(a, 'PERSON')}: io sono via dal 22 al 3\n{m(b.lower(), 'PERSON')}: io dal 27, ma {m(given(r, 'it'), 'PERSON')} è in malattia per {m(r.choice(CONDITIONS['it']), 'MEDICAL_CONDITION')}\n"
            f"{m(a, 'PERSON')}: ok allora copre {m(surname(r, 'it'), 'PERSON')}")


@kind("it_neg_prodotti_nomi", "it", 4)
def _(r, i):
    ps = ["Amaro Montenegro", "Ramazzotti", "Alfa Romeo Giulia", "Vespa Primavera", "Bertolli", "Fiat Panda", "Lancia Ypsilon", "Caffè Borghetti"]
    return f"Scrivi una didascalia per la vetrina: {la(pick(i, ps))} e {la(pick(i + 4, ps))} in promozione, solo questo weekend. Codice articolo {digits(r, 8)}."


@kind("it_log_app_jwt", "it", 4)
def _(r, i):
    g, s = pi(r)
    return (f"cosa significa questo errore?\n2026-11-{10 + i} 10:2{i}:11 WARN auth token scaduto user={m(email_for(r, g, s), 'EMAIL_ADDRESS')} ip={m(public_ip(r), 'IP_ADDRESS')} "
            f"bearer={m(jwt(r), 'JWT')}\n2026-11-{10 + i} 10:2{i}:12 INFO retry 1/3")


@kind("it_neg_evento_sede", "it", 4)
def _(r, i):
    v = pick(i, ["Teatro alla Scala, Via Filodrammatici 2, Milano", "Arena di Verona, Piazza Bra 1", "Palazzo Vecchio, Piazza della Signoria, Firenze", "Lingotto Fiere, Via Nizza 280, Torino"])
    return f"Scrivi l'invito per la cena aziendale: appuntamento presso {v}, ore {r.randint(18, 21)}:00. Prenotazione n. {digits(r, 7)}. Dress code elegante."


@kind("br_zendesk_entrega", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"responde esse cliente com educação:\n\nTicket #{r.randint(100000, 999999)}\nCliente: {P(g, s)}\n\"meu pedido nunca chegou!!! o endereço tá certo: {m(address(r, 'br'), 'LOCATION')}. "
            f"me liga no {m(phone(r, 'br'), 'PHONE_NUMBER')}\"\nRastreio: BR{digits(r, 9)}BR")


@kind("pt_neg_evento_local", "pt", 4)
def _(r, i):
    v = pick(i, ["Altice Arena, Rossio dos Olivais, Lisboa", "Allianz Parque, Av. Francisco Matarazzo 1705, São Paulo", "Coliseu do Porto, Rua de Passos Manuel 137", "Maracanã, Av. Pres. Castelo Branco, Rio de Janeiro"])
    return f"Escreve o convite para a festa da empresa: local {v}, às {r.randint(18, 22)}h. Bilhete n.º {digits(r, 9)}. Traje casual."


@kind("pt_ocr_carta_banco", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"isto veio de um scan, corrige o texto:\n\nExm.º Sr. {P(g, s)}\n{m(address(r, 'pt', True), 'LOCATION')}\n\nInf0rmamos que a conta c/ IBAN {m(iban(r, 'PT'), 'IBAN_CODE')} "
            f"f0i atualizada. NIF do titu1ar: {m(nif_pt(r), 'NATIONAL_ID')}.\nC0m os melhores cumprimentos")


@kind("pt_neg_produtos_nomes", "pt", 4)
def _(r, i):
    ps = ["Guaraná Antarctica", "Sagres", "Mate Leão", "Super Bock", "Biscoitos Maria", "Leite Moça", "Nescau", "Licor Beirão"]
    return f"Cria uma descrição para o marketplace: {la(pick(i, ps))} e {la(pick(i + 4, ps))}, caixa com {r.randint(6, 24)} unidades, código EAN {digits(r, 12)}."


@kind("nl_topdesk_melding", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Vat deze melding samen:\nMelding M{digits(r, 7)}\nAanmelder: {P(g, s, 'sg')}\nOmschrijving: kan niet inloggen op de VPN vanaf thuis ({m(public_ip(r), 'IP_ADDRESS')}). "
            f"Laptop MAC {m(mac(r), 'MAC_ADDRESS')}. Tijdelijk wachtwoord gegeven: {m(password(r), 'PASSWORD')}")


@kind("nl_ocr_belastingbrief", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"dit is een gescande brief, maak er nette tekst van:\n\nBelastingdienst\n{m(g[0] + '. ' + s, 'PERSON')}\n{m(address(r, 'nl', True), 'LOCATION')}\n\nBurgerservicenummer {m(bsn_fmt(r), 'NATIONAL_ID')}\n"
            f"Dagtekening {r.randint(1, 28)} november 2026\nU moet € {r.randint(100, 4000)} betalen v00r 1 januari.")


@kind("nl_neg_evenement", "nl", 4)
def _(r, i):
    v = pick(i, ["Ziggo Dome, De Passage 100, Amsterdam", "Ahoy, Ahoyweg 10, Rotterdam", "TivoliVredenburg, Vredenburgkade 11, Utrecht", "Philips Stadion, Frederiklaan 10A, Eindhoven"])
    return f"Schrijf een uitnodiging voor de personeelsborrel: locatie {v}, aanvang {r.randint(17, 20)}:30 uur. Ticketnummer {digits(r, 10)}. Parkeren bij P1."


@kind("nl_sql_patienten", "nl", 4)
def _(r, i):
    g, s = pn(r)
    return (f"Waarom is deze query traag?\nSELECT * FROM patient WHERE bsn = '{m(bsn(r), 'NATIONAL_ID')}' OR (achternaam = '{m(s, 'PERSON')}' AND voornaam = '{m(g, 'PERSON')}')\n"
            f"  AND diagnose = '{m(r.choice(CONDITIONS['nl']), 'MEDICAL_CONDITION')}' ORDER BY opname_datum DESC;")


@kind("nl_neg_productnamen", "nl", 4)
def _(r, i):
    ps = ["Hertog Jan", "Jan Linders", "Pietje Bell", "Calvé", "Grolsch", "Verkade", "Peijnenburg", "Dr. Oetker"]
    return f"Maak een productomschrijving voor de webshop: {la(pick(i, ps))} en {la(pick(i + 4, ps))} in de aanbieding, artikelnummer {digits(r, 7)}."


@kind("it_chiave_ssh", "it", 4)
def _(r, i):
    return (pick(i, ["Perché ssh mi dice 'bad permissions' con questa chiave?", "Converti questa chiave in formato PEM:",
                     "è giusto il formato di questa chiave?", "il deploy su Aruba fallisce, chiave usata:"])
            + f"\n\n{m(pem_key(r), 'PRIVATE_KEY')}\n\nhost: {m(public_ip(r), 'IP_ADDRESS')}")


@kind("nl_deploy_key", "nl", 4)
def _(r, i):
    return (pick(i, ["GitLab accepteert deze deploy key niet, waarom?", "Zit er een wachtwoord op deze sleutel?",
                     "Zet deze key om naar base64 voor een CI-variabele:", "klopt de opmaak?"])
            + f"\n\nSSH_PRIVATE_KEY: |\n{m(pem_key(r), 'PRIVATE_KEY')}\nSSH_KNOWN_HOSTS: gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{alnum(r, 40, B64)}")


@kind("br_cripto_golpe", "pt", 4)
def _(r, i):
    g = given(r, "pt").lower()
    a = btc_bech32(r) if i % 2 else eth(r)
    return (f"isso é golpe? recebi no insta:\n\n\"oi {m(g, 'PERSON')}, manda 200 USDT pra {m(a, 'CRYPTO')} que em 24h vira 2 mil, garantido\"\n\n"
            f"minha carteira é {m(btc_bech32(r), 'CRYPTO')}, ja mandei um teste kkk")


@kind("pt_pagamento_telefone", "pt", 4)
def _(r, i):
    g, s = pp(r)
    return (f"transcrição de chamada, resume e tira o que for sensível:\nAgente: pode confirmar o nome?\nCliente: {P(g, s)}\nAgente: e o cartão?\n"
            f"Cliente: é o {m(card(r, ' '), 'CREDIT_CARD')}, validade {r.randint(1, 12):02d} de {r.randint(2027, 2031)}\nAgente: e a data de nascimento?\nCliente: {m(dob(r, 'pt'), 'DATE_OF_BIRTH')}")


# ================================================================ build
def build():
    """Return (records, lookalikes) where lookalikes maps id -> [[start, end], ...]."""
    records, looks = [], {}
    for name, lang, n, fn in sorted(KINDS, key=lambda k: k[0]):
        r = random.Random(f"{NAME}/{name}")
        for i in range(n):
            raw = fn(r, i)
            text, spans, lk = strip_markers(raw)
            rid = f"{NAME}-{name}-{i:02d}"
            records.append({"id": rid, "kind": name, "lang": lang, "negative": not spans, "text": text, "spans": spans})
            looks[rid] = lk
    return records, looks


def render() -> str:
    records, _ = build()
    return "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)


def main(argv) -> int:
    data = render()
    if "--check" in argv:
        try:
            with open(OUT, encoding="utf-8") as fh:
                current = fh.read()
        except FileNotFoundError:
            current = None
        if current != data:
            print(f"{OUT} is stale; run python build_{NAME}.py", file=sys.stderr)
            return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(data)
    print(f"wrote {OUT}: {data.count(chr(10))} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
