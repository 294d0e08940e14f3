#!/usr/bin/env python3
"""Deterministic generator for the blind12 evaluation set (stdlib only).

python build_blind12.py          -> writes blind12.jsonl
python build_blind12.py --check  -> exit 1 if blind12.jsonl is stale
"""
import base64, hashlib, json, os, random, string, sys

NAME = "blind12"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, NAME + ".jsonl")

CAT = {
    "PERSON": "person", "DATE_OF_BIRTH": "person",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "LOCATION": "location", "NATIONAL_ID": "government_id",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial", "CRYPTO": "financial",
    "API_KEY": "secret", "PASSWORD": "secret", "GENERIC_SECRET": "secret", "JWT": "secret",
    "PRIVATE_KEY": "secret", "CONNECTION_STRING": "secret",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}

# ---------------------------------------------------------------- markers
S, M, E = "\x01", "\x02", "\x03"


def m(typ, val):
    assert typ in CAT, typ
    return S + typ + M + val + E


def finalize(raw):
    out, spans, i, n = [], [], 0, 0
    while i < len(raw):
        c = raw[i]
        if c == S:
            j = raw.index(M, i)
            k = raw.index(E, j)
            typ, val = raw[i + 1:j], raw[j + 1:k]
            spans.append([n, n + len(val), typ, CAT[typ]])
            out.append(val)
            n += len(val)
            i = k + 1
        else:
            out.append(c)
            n += 1
            i += 1
    return "".join(out), spans

# ---------------------------------------------------------------- pools (invented private people)
GIVEN = {
    "en": "Aiden Bethany Caleb Delphine Elliot Fiona Gareth Hannah Isaac Jolene Kieran Lydia Mason Nadia Owen Priya "
          "Quentin Rhiannon Silas Tamsin Usman Verity Wesley Yasmin Zachary Imogen Declan Maisie Rowan Cormac "
          "Harriet Toby Niamh Jasper Leanne Dominic Chloe Ravi Bronwyn Marcus Saoirse Tristan".split(),
    "de": "Annika Bastian Carola Dennis Elke Florian Gesine Henrik Ilka Jannik Katrin Lennart Maren Niklas Ottilie "
          "Pascal Rieke Sönke Tabea Ulf Vanessa Wiebke Yannick Benedikt Christina Detlef Friederike Gunnar Hilke "
          "Ingo Jutta Lothar Mareike Nils Petra Ruben Svenja Torben Ulrike Volker Heike Malte".split(),
    "nl": "Anouk Bram Daan Eline Fleur Gijs Hanneke Joris Kees Lieke Maarten Noor Olivier Pieter Quinten Sander "
          "Tijmen Mieke Vera Wouter Ymke Zeger Bas Diederik Evelien Femke Gerrit Hidde Inge Jelle Karlijn Lotte "
          "Marieke Niels Rutger Sanne Thijs Wietske Floris Mirjam Joost".split(),
    "it": "Alessia Bruno Chiara Davide Elisa Fabrizio Giada Ilaria Jacopo Lorenzo Martina Nicolò Ornella Pietro "
          "Rebecca Samuele Tommaso Ugo Valeria Beatrice Cristian Debora Emanuele Federica Gianluca Irene Matilde "
          "Noemi Ottavio Patrizia Raffaele Teresa Simona Mirko Loredana Edoardo Caterina Marisa Donato Graziella Arianna".split(),
}
SURN = {
    "en": "Pemberton Okafor Hartley Fenwick Lockhart Whitcombe Ashdown Callaghan Dunmore Ellsworth Fairbairn Garside "
          "Haverford Ingleby Jessop Kettering Lowther McAllister Northcott Ormerod Pickering Radcliffe Sandeman "
          "Thornbury Varley Wetherall Yardley Braithwaite Cartwright Drummond Farrant Gilchrist Halloran Iredale "
          "Kowalczyk Lindqvist Mahmood Nugent Osei Prendergast Abernethy Quigley".split(),
    "de": "Brockmann Dietrich Ehlers Fleischhauer Grotefend Hinrichs Janssen Kalbfleisch Lüdtke Meinhardt Nieswandt "
          "Oltmanns Pohlmann Rademacher Schwertfeger Tiedemann Uhlig Vosskamp Wendland Zimmerling Achterberg "
          "Buschmann Claasen Dreyer Eggers Frerichs Gerdes Harms Iwanowski Jürgensen Kettler Lohmeyer Mertens "
          "Nolting Ostendorf Reimers Sievers Thielemann Warnecke Yilmaz Bartels Hövelmann".split(),
    "nl": ["Bakker", "Dijkstra", "Hoekstra", "Kuipers", "Mulder", "Postma", "Schouten", "Verbeek", "Wijnands",
           "Koopmans", "Smeets", "Timmermans", "Vermeulen", "Hendriks", "Jonker", "Lammers", "Meijering",
           "Nijhuis", "Oosterhuis", "Reijnders", "Sluiter", "Terpstra", "Veenstra", "Wolters", "Bosman",
           "Claessens", "Dekker", "Evers", "Geerts", "Huisman", "IJzerman", "Kortekaas", "Luijten", "Mensink",
           "Nauta", "Overbeek", "Roelofs", "Stegeman", "Tuinstra", "Westerhof", "van Dalen", "de Graaf", "van Leeuwen"],
    "it": ["Bellandi", "Cattaneo", "D'Amico", "Esposito", "Fumagalli", "Giordano", "Lombardo", "Mancuso",
           "Negroni", "Orlandini", "Pellegrini", "Rinaldi", "Santoro", "Tedeschi", "Valentini", "Zanetti",
           "Barbieri", "De Luca", "Longo", "Marchetti", "Palumbo", "Sartori", "Vitale", "Amato", "Bernardi",
           "Mariani", "Morelli", "Parisi", "Silvestri", "Benedetti", "Cirillo", "Monaldi", "Pagliarini",
           "Scognamiglio", "Tornatore", "Ugolini", "Zuccaro", "Bonfanti", "Castellucci", "Dell'Orto", "Fiorucci", "Gentilini"],
}
for _l in GIVEN:
    assert len(set(GIVEN[_l])) >= 40 and len(set(SURN[_l])) >= 40, _l

STREETS = {
    "en": ["Marlowe Close", "Birchwood Avenue", "Hollins Lane", "Kestrel Drive", "Oakfield Road", "Tanners Row",
           "Larkspur Way", "Moorside Crescent", "Willow Bank", "Station Terrace"],
    "de": ["Lindenweg", "Am Mühlbach", "Eichendorffstraße", "Kastanienallee", "Hafenstraße", "Birkenkamp",
           "Wiesengrund", "Lerchenstraße", "Am Steinbruch", "Rosenhag"],
    "nl": ["Kastanjelaan", "Merelstraat", "Dorpsweg", "Beukenhof", "Zuiderkade", "Lindelaan", "Vlasakker",
           "Molenstraat", "Esdoornstraat", "Waterhoen"],
    "it": ["Via dei Mille", "Via delle Rose", "Viale Piave", "Via San Rocco", "Corso Vercelli", "Via del Pratello",
           "Via Montebello", "Vicolo Stretto", "Via Roma", "Via dei Tigli"],
}
TOWNS = {
    "en": [("Harrogate", "HG2 7QT"), ("Shrewsbury", "SY3 8LP"), ("Dundee", "DD4 6RW"), ("Exeter", "EX2 5JB"),
           ("Lancaster", "LA1 4XZ"), ("Dayton, OH", "45409"), ("Eugene, OR", "97402"), ("Lowell, MA", "01852")],
    "de": [("Bremen", "28213"), ("Kassel", "34117"), ("Münster", "48151"), ("Leipzig", "04277"), ("Freiburg", "79102"),
           ("Oldenburg", "26121"), ("Würzburg", "97082"), ("Rostock", "18057")],
    "nl": [("Utrecht", "3581 KL"), ("Zwolle", "8017 JM"), ("Groningen", "9714 BR"), ("Breda", "4811 XD"),
           ("Haarlem", "2012 GT"), ("Nijmegen", "6523 PL"), ("Leeuwarden", "8921 EH"), ("Delft", "2628 CK")],
    "it": [("Bologna", "40121"), ("Torino", "10138"), ("Bergamo", "24122"), ("Lecce", "73100"), ("Perugia", "06124"),
           ("Trieste", "34135"), ("Modena", "41121"), ("Padova", "35131")],
}
MAILDOM = ["gmail.com", "outlook.com", "web.de", "gmx.net", "hotmail.com", "yahoo.it", "ziggo.nl", "kpnmail.nl",
           "libero.it", "icloud.com", "proton.me", "btinternet.com"]
COMPANY = {"en": ("Harrowgate Freight Ltd", "harrowgate-freight.co.uk"), "de": ("Nordwerk Logistik GmbH", "nordwerk-logistik.de"),
           "nl": ("Polderlicht B.V.", "polderlicht.nl"), "it": ("Officine Brenta S.r.l.", "officinebrenta.it")}

COND = {
    "en": ["type 2 diabetes", "asthma", "major depressive disorder", "epilepsy", "Crohn's disease", "hypertension",
           "rheumatoid arthritis", "migraine", "hypothyroidism", "generalised anxiety disorder"],
    "de": ["Diabetes mellitus Typ 2", "Asthma bronchiale", "Depression", "Epilepsie", "Morbus Crohn", "Bluthochdruck",
           "rheumatoide Arthritis", "Migräne", "Hypothyreose", "Angststörung"],
    "nl": ["diabetes type 2", "astma", "depressie", "epilepsie", "ziekte van Crohn", "hoge bloeddruk",
           "reumatoïde artritis", "migraine", "hypothyreoïdie", "angststoornis"],
    "it": ["diabete di tipo 2", "asma", "depressione maggiore", "epilessia", "morbo di Crohn", "ipertensione",
           "artrite reumatoide", "emicrania", "ipotiroidismo", "disturbo d'ansia generalizzato"],
}
DRUG = {
    "en": ["metformin", "salbutamol", "sertraline", "levetiracetam", "mesalazine", "ramipril", "methotrexate",
           "sumatriptan", "levothyroxine", "escitalopram"],
    "de": ["Metformin", "Salbutamol", "Sertralin", "Levetiracetam", "Mesalazin", "Ramipril", "Methotrexat",
           "Sumatriptan", "L-Thyroxin", "Escitalopram"],
    "nl": ["metformine", "salbutamol", "sertraline", "levetiracetam", "mesalazine", "ramipril", "methotrexaat",
           "sumatriptan", "levothyroxine", "escitalopram"],
    "it": ["metformina", "salbutamolo", "sertralina", "levetiracetam", "mesalazina", "ramipril", "metotrexato",
           "sumatriptan", "levotiroxina", "escitalopram"],
}
DOSE = ["500 mg", "100 mcg", "50 mg", "2x daily", "250 mg", "5 mg", "10 mg", "1-0-1"]

MARKING = {
    "en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL - INTERNAL USE ONLY", "OFFICIAL-SENSITIVE", "RESTRICTED - HR ONLY"],
    "de": ["VS - NUR FÜR DEN DIENSTGEBRAUCH", "STRENG VERTRAULICH", "VERTRAULICH - NUR FÜR DEN INTERNEN GEBRAUCH"],
    "nl": ["STRIKT VERTROUWELIJK", "VERTROUWELIJK", "DEPARTEMENTAAL VERTROUWELIJK"],
    "it": ["RISERVATO", "RISERVATISSIMO", "USO INTERNO - RISERVATO"],
}

# ---------------------------------------------------------------- value generators
def strip_acc(s):
    tr = str.maketrans("äöüßéèòàùìÄÖÜ'", "aouseeoauiAOU ")
    return s.translate(tr).replace(" ", "")


class Person:
    def __init__(self, rng, lang):
        self.lang = lang
        self.first = rng.choice(GIVEN[lang])
        self.last = rng.choice(SURN[lang])
        self.full = self.first + " " + self.last
        y, mo, d = rng.randint(1956, 2003), rng.randint(1, 12), rng.randint(1, 28)
        self.dob = (y, mo, d)
        self.female = rng.random() < 0.5
        dom = rng.choice(MAILDOM)
        f, l = strip_acc(self.first).lower(), strip_acc(self.last).lower()
        self.email = rng.choice([f + "." + l, f[0] + l, f + l[:3] + str(rng.randint(1, 99)), l + "." + f[0]]) + "@" + dom
        self.work_email = f + "." + l + "@" + COMPANY[lang][1]

    def dob_str(self, style=None):
        y, mo, d = self.dob
        if self.lang == "en":
            return f"{d:02d}/{mo:02d}/{y}" if style != "iso" else f"{y}-{mo:02d}-{d:02d}"
        if self.lang == "de":
            return f"{d:02d}.{mo:02d}.{y}" if style != "iso" else f"{y}-{mo:02d}-{d:02d}"
        if self.lang == "nl":
            return f"{d:02d}-{mo:02d}-{y}" if style != "iso" else f"{y}-{mo:02d}-{d:02d}"
        return f"{d:02d}/{mo:02d}/{y}" if style != "iso" else f"{y}-{mo:02d}-{d:02d}"


def phone(rng, lang):
    r = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if lang == "en":
        return rng.choice([f"+44 7{rng.randint(400, 699)} {r(6)}", f"07{rng.randint(400, 699)} {r(3)} {r(3)}",
                           f"({rng.randint(201, 989)}) {rng.randint(602, 989)}-{r(4)}"])
    if lang == "de":
        return rng.choice([f"+49 1{rng.choice(['51', '52', '60', '70', '76'])} {r(8)}", f"0{rng.choice(['30', '40', '421', '561'])} {r(7)}"])
    if lang == "nl":
        return rng.choice([f"06-{r(8)}", f"+31 6 {r(4)} {r(4)}", f"0{rng.choice(['30', '50', '76'])}-{r(7)}"])
    return rng.choice([f"+39 3{rng.randint(20, 49)} {r(3)} {r(4)}", f"3{rng.randint(20, 49)}{r(7)}", f"0{rng.choice(['51', '11', '35'])} {r(6)}"])


def address(rng, lang, multiline=False):
    st, (town, pc) = rng.choice(STREETS[lang]), rng.choice(TOWNS[lang])
    no = rng.randint(1, 180)
    if lang == "en":
        if pc[0].isdigit():
            a, b = f"{no * 11 + 100} {st}", f"{town} {pc}"
        else:
            a, b = f"{no} {st}", f"{town} {pc}"
    elif lang == "it":
        a, b = f"{st} {no}", f"{pc} {town}"
    else:
        a, b = f"{st} {no}", f"{pc} {town}"
    return (a + "\n" + b) if multiline else (a + ", " + b), town


def luhn_ok(num):
    d = [int(c) for c in num if c.isdigit()][::-1]
    return sum(x if i % 2 == 0 else (x * 2 - 9 if x * 2 > 9 else x * 2) for i, x in enumerate(d)) % 10 == 0


TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100", "378282246310005",
              "4012888888881881", "371449635398431", "4000056655665556", "5200828282828210"}


def card(rng, fmt=None):
    while True:
        kind = rng.choice(["v", "v", "m", "a"])
        if kind == "a":
            body = rng.choice(["34", "37"]) + "".join(rng.choice(string.digits) for _ in range(12))
        elif kind == "m":
            body = "5" + str(rng.randint(1, 5)) + "".join(rng.choice(string.digits) for _ in range(13))
        else:
            body = "4" + "".join(rng.choice(string.digits) for _ in range(14))
        for c in "0123456789":
            if luhn_ok(body + c):
                num = body + c
                break
        if num not in TEST_CARDS:
            break
    sep = rng.choice([" ", "", "-"]) if fmt is None else fmt
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


def iban_check(country, bban):
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


def iban(rng, lang, grouped=None):
    dg = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if lang == "de":
        cc, bban = "DE", dg(18)
    elif lang == "nl":
        cc, bban = "NL", rng.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB"]) + dg(10)
    elif lang == "it":
        cc, bban = "IT", rng.choice(string.ascii_uppercase) + dg(10) + dg(12)
    else:
        cc, bban = "GB", rng.choice(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + dg(14)
    s = cc + iban_check(cc, bban) + bban
    if grouped is None:
        grouped = rng.random() < 0.6
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def aba_ok(r):
    d = [int(c) for c in r]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def routing(rng):
    while True:
        r = rng.choice(["0", "1", "2", "3"]) + "".join(rng.choice(string.digits) for _ in range(8))
        if aba_ok(r) and r not in ("021000021", "011000015"):
            return r


def ssn(rng):
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def nino(rng):
    bad1, bad2 = set("DFIQUV"), set("DFIOQUV")
    while True:
        a = rng.choice(string.ascii_uppercase)
        b = rng.choice(string.ascii_uppercase)
        if a in bad1 or b in bad2 or a + b in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            continue
        d = "".join(rng.choice(string.digits) for _ in range(6))
        return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}"


def steuerid_check(d10):
    prod = 10
    for c in d10:
        s = (int(c) + prod) % 10
        if s == 0:
            s = 10
        prod = (s * 2) % 11
    c = 11 - prod
    return 0 if c == 10 else c


def steuerid(rng):
    while True:
        digs = rng.sample(string.digits, 9)
        digs.append(rng.choice(digs))
        rng.shuffle(digs)
        if digs[0] != "0":
            break
    d10 = "".join(digs)
    s = d10 + str(steuerid_check(d10))
    return rng.choice([s, f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"])


def bsn(rng):
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        s = sum(x * w for x, w in zip(d, range(9, 1, -1)))
        last = s % 11
        if last <= 9:
            return "".join(map(str, d + [last]))


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_check(s15):
    tot = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            tot += CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)


def _cf_part(name, is_first):
    n = strip_acc(name).upper()
    n = "".join(c for c in n if c.isalpha())
    cons = [c for c in n if c not in "AEIOU"]
    vow = [c for c in n if c in "AEIOU"]
    if is_first and len(cons) > 3:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(p, rng):
    y, mo, d = p.dob
    dd = d + (40 if p.female else 0)
    s15 = _cf_part(p.last, False) + _cf_part(p.first, True) + f"{y % 100:02d}" + "ABCDEHLMPRST"[mo - 1] + f"{dd:02d}" + \
        rng.choice(["A944", "L219", "A794", "E506", "G478", "L424", "F257", "G224"])
    return s15 + cf_check(s15)


def national_id(rng, lang, p=None):
    if lang == "en":
        return rng.choice([ssn, nino])(rng)
    if lang == "de":
        return steuerid(rng)
    if lang == "nl":
        return bsn(rng)
    return codice_fiscale(p or Person(rng, "it"), rng)


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58enc(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def btc(rng):
    payload = bytes([rng.choice([0, 5])]) + bytes(rng.randrange(256) for _ in range(20))
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58enc(payload + chk)


def eth(rng):
    return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(40))


def rs(rng, n, alpha=string.ascii_letters + string.digits):
    return "".join(rng.choice(alpha) for _ in range(n))


def api_key(rng):
    k = rng.randrange(6)
    if k == 0:
        return "ghp_" + rs(rng, 36)
    if k == 1:
        return "sk_live_" + rs(rng, 24)
    if k == 2:
        return "xoxb-" + rs(rng, 12, string.digits) + "-" + rs(rng, 13, string.digits) + "-" + rs(rng, 24)
    if k == 3:
        return "AIza" + rs(rng, 35, string.ascii_letters + string.digits + "-_")
    if k == 4:
        return "sk-proj-" + rs(rng, 48, string.ascii_letters + string.digits + "_-")
    return "glpat-" + rs(rng, 20, string.ascii_letters + string.digits + "_-")


def aws_pair(rng):
    return "AKIA" + rs(rng, 16, string.ascii_uppercase + "234567"), rs(rng, 40, string.ascii_letters + string.digits + "/+")


WORDS = ["Sommer", "tulp", "Falke", "gatto", "winter", "Nebel", "pizza", "harbour", "Regen", "molen", "volpe", "Otter"]


def password(rng):
    return rng.choice([
        rng.choice(WORDS) + str(rng.randint(10, 2025)) + rng.choice("!?#$%&*"),
        rs(rng, rng.randint(12, 18), string.ascii_letters + string.digits + "!#%^*-_"),
        rng.choice(WORDS).lower() + rng.choice("-_.") + rng.choice(WORDS) + rng.choice("!#") + str(rng.randint(1, 99)),
    ])


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(rng):
    h = b64u(json.dumps({"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps({"sub": rs(rng, 12, string.digits + "abcdef"), "iat": rng.randint(1700000000, 1760000000),
                         "scope": rng.choice(["read", "admin", "orders:write"])}, separators=(",", ":")).encode())
    return h + "." + p + "." + b64u(bytes(rng.randrange(256) for _ in range(32)))


def gsecret(rng):
    return rng.choice(["whsec_" + rs(rng, 32), rs(rng, 64, "0123456789abcdef"), rs(rng, 43, string.ascii_letters + string.digits + "-_"),
                       "rt_" + rs(rng, 40)])


def pem(rng):
    kind = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(48 * rng.randint(5, 9)))).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


PUB_OCT = [5, 31, 37, 46, 62, 77, 81, 84, 85, 91, 93, 145, 151, 176, 185, 188, 194, 195, 212, 213, 217]


def pub_ip(rng):
    return f"{rng.choice(PUB_OCT)}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"


def mac(rng):
    sep = rng.choice([":", "-"])
    b = [rng.randrange(256) for _ in range(6)]
    b[0] &= 0xFC
    f = "{:02X}" if rng.random() < 0.5 else "{:02x}"
    return sep.join(f.format(x) for x in b)


def connstr(rng):
    pw = rs(rng, 14, string.ascii_letters + string.digits)
    host = rng.choice(["db-prod-2.internal.nordwerk-logistik.de", "pg01.polderlicht.nl", "orders-db.c9x2k.eu-west-1.rds.amazonaws.com",
                       "mongo-cluster0.x7ab1.mongodb.net", "sql-main.officinebrenta.it"])
    return rng.choice([
        f"postgresql://svc_orders:{pw}@{host}:5432/orders",
        f"mongodb+srv://app_rw:{pw}@{host}/crm?retryWrites=true",
        f"mysql://report:{pw}@{host}:3306/billing",
        f"Server={host};Database=Payroll;User Id=payroll_app;Password={pw};",
        f"redis://:{pw}@{host}:6379/0",
    ])


def mrn(rng):
    return rng.choice([f"{rng.randint(10000000, 99999999)}", f"MRN-{rng.randint(100000, 999999)}", f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}"])


def uuid(rng):
    h = rs(rng, 32, "0123456789abcdef")
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

# ---------------------------------------------------------------- instructions
INSTR = {
    "en": ["can you summarise this?", "Summarize this for me please", "fix the formatting", "what's wrong here?",
           "turn this into a table", "rewrite this more politely", "explain this error", "translate to German pls",
           "draft a reply to this", "extract the key points"],
    "de": ["Kannst du das zusammenfassen?", "bitte kurz zusammenfassen", "Was ist hier falsch?", "mach daraus eine Tabelle",
           "formuliere das höflicher", "erklär mir den Fehler", "schreib eine Antwort darauf", "übersetz das ins Englische"],
    "nl": ["kun je dit samenvatten?", "Vat dit even samen aub", "wat gaat hier mis?", "maak hier een tabel van",
           "herschrijf dit wat vriendelijker", "leg deze fout uit", "schrijf een antwoord hierop", "vertaal naar het Engels"],
    "it": ["puoi riassumere questo?", "Riassumi per favore", "cosa c'è che non va?", "trasformalo in una tabella",
           "riscrivilo in modo più cortese", "spiegami questo errore", "scrivi una risposta", "traduci in inglese"],
}


def wrap(rng, lang, body, extra=None):
    opts = INSTR[lang] + (extra or [])
    r = rng.random()
    if r < 0.45:
        return rng.choice(opts) + "\n\n" + body
    if r < 0.75:
        return body + "\n\n" + rng.choice(opts)
    return body


def T(lang, **kw):
    return kw[lang]


def nm(p, rng, allow_upper=True):
    r = rng.random()
    if r < 0.15 and allow_upper:
        return m("PERSON", f"{p.last.upper()}, {p.first}")
    if r < 0.25:
        return m("PERSON", f"{p.last}, {p.first}")
    return m("PERSON", p.full)

# ================================================================ POSITIVE SHAPES


def s_chat(rng, lang, var):
    a, b, c = Person(rng, lang), Person(rng, lang), Person(rng, lang)
    al, bl = a.first.lower(), b.first.lower()
    ph, pw = phone(rng, lang), password(rng)
    L = {
        "en": [f"hey can u send me the wifi pw for the office again", f"sure its {m('PASSWORD', pw)}",
               f"thx! also whats {m('PERSON', c.first)}'s number, need to call about the delivery", f"{m('PHONE_NUMBER', ph)} i think, or mail {m('EMAIL_ADDRESS', c.email)}"],
        "de": [f"kannst du mir nochmal das wlan passwort schicken", f"klar, {m('PASSWORD', pw)}",
               f"danke! und hast du die nummer von {m('PERSON', c.first)}? wegen der lieferung", f"{m('PHONE_NUMBER', ph)} glaub ich, sonst mail an {m('EMAIL_ADDRESS', c.email)}"],
        "nl": [f"kun je het wifi wachtwoord nog een keer sturen", f"tuurlijk: {m('PASSWORD', pw)}",
               f"thnx! heb je ook het nummer van {m('PERSON', c.first)}? ivm de levering", f"{m('PHONE_NUMBER', ph)} denk ik, anders mailen naar {m('EMAIL_ADDRESS', c.email)}"],
        "it": [f"mi rimandi la password del wifi dell'ufficio?", f"certo: {m('PASSWORD', pw)}",
               f"grazie! hai anche il numero di {m('PERSON', c.first)}? per la consegna", f"{m('PHONE_NUMBER', ph)} credo, oppure scrivi a {m('EMAIL_ADDRESS', c.email)}"],
    }[lang]
    lines = []
    h0, d0, mo0 = rng.randint(8, 15), rng.randint(1, 28), rng.randint(1, 12)
    for i, t in enumerate(L):
        who = a if i % 2 == 0 else b
        who_l = al if i % 2 == 0 else bl
        if var == "slack":
            lines.append(f"{m('PERSON', who_l)}  {h0}:{10 + 12 * i + rng.randint(0, 9)}\n{t}")
        else:
            lines.append(f"[{d0}/{mo0}/25, {h0:02d}:{10 + 12 * i + rng.randint(0, 9)}] {m('PERSON', who.first)}: {t}")
    return wrap(rng, lang, "\n".join(lines))


def s_email(rng, lang, var):
    s, r = Person(rng, lang), Person(rng, lang)
    co = COMPANY[lang][0]
    sig = f"{m('PERSON', s.full)}\n{co}\n{T(lang, en='Mob', de='Mobil', nl='Mob', it='Cell')}: {m('PHONE_NUMBER', phone(rng, lang))}\n{m('EMAIL_ADDRESS', s.work_email)}"
    body = T(lang,
             en=f"Hi {m('PERSON', r.first)},\n\nfollowing up on the quote from Tuesday. Could you confirm the delivery window and whether the pallet count is still 14?\n\nBest regards,\n",
             de=f"Hallo {m('PERSON', r.first)},\n\nich melde mich wegen des Angebots vom Dienstag. Kannst du das Lieferfenster bestätigen und ob es bei 14 Paletten bleibt?\n\nViele Grüße\n",
             nl=f"Hoi {m('PERSON', r.first)},\n\nnog even over de offerte van dinsdag. Kun je het levervenster bevestigen en of het nog steeds 14 pallets zijn?\n\nMet vriendelijke groet,\n",
             it=f"Ciao {m('PERSON', r.first)},\n\nti scrivo per il preventivo di martedì. Puoi confermare la finestra di consegna e se i bancali sono ancora 14?\n\nCordiali saluti,\n")
    txt = body + sig
    if var == "fwd":
        hdr = T(lang, en="---------- Forwarded message ---------\nFrom: ", de="---------- Weitergeleitete Nachricht ---------\nVon: ",
                nl="---------- Doorgestuurd bericht ---------\nVan: ", it="---------- Messaggio inoltrato ---------\nDa: ")
        txt = hdr + f"{m('PERSON', s.full)} <{m('EMAIL_ADDRESS', s.work_email)}>\n" + T(lang, en="To: ", de="An: ", nl="Aan: ", it="A: ") + \
            f"{m('EMAIL_ADDRESS', r.work_email)}\n\n" + txt
    return wrap(rng, lang, txt)


def s_table(rng, lang, var):
    hdr = T(lang, en=["name", "email", "phone", "date_of_birth", "city"], de=["Name", "E-Mail", "Telefon", "Geburtsdatum", "Wohnort"],
            nl=["naam", "e-mail", "telefoon", "geboortedatum", "woonplaats"], it=["nome", "email", "telefono", "data_nascita", "città"])
    sep = "," if var == "csv" else "\t"
    rows = [sep.join(hdr)]
    for _ in range(rng.randint(3, 5)):
        p = Person(rng, lang)
        town = rng.choice(TOWNS[lang])[0]
        town_v = m("LOCATION", town) if "," not in town or sep == "\t" else '"' + m("LOCATION", town) + '"'
        rows.append(sep.join([m("PERSON", p.full), m("EMAIL_ADDRESS", p.email), m("PHONE_NUMBER", phone(rng, lang)),
                              m("DATE_OF_BIRTH", p.dob_str("iso" if rng.random() < 0.5 else None)), town_v]))
    return wrap(rng, lang, "\n".join(rows), [T(lang, en="dedupe this list", de="Duplikate entfernen bitte", nl="ontdubbel deze lijst", it="togli i duplicati")])


def s_record(rng, lang, var):
    p = Person(rng, lang)
    addr, town = address(rng, lang)
    nid = national_id(rng, lang, p)
    keys = T(lang, en=("first_name", "last_name", "dob", "address", "national_id", "phone"),
             de=("vorname", "nachname", "geburtsdatum", "anschrift", "steuer_id", "telefon"),
             nl=("voornaam", "achternaam", "geboortedatum", "adres", "bsn", "telefoon"),
             it=("nome", "cognome", "data_nascita", "indirizzo", "codice_fiscale", "telefono"))
    vals = [m("PERSON", p.first), m("PERSON", p.last), m("DATE_OF_BIRTH", p.dob_str("iso")), m("LOCATION", addr),
            m("NATIONAL_ID", nid), m("PHONE_NUMBER", phone(rng, lang))]
    cid = rng.randint(10000, 99999)
    if var == "json":
        body = "{\n  \"customer_id\": %d,\n" % cid + ",\n".join(f'  "{k}": "{v}"' for k, v in zip(keys, vals)) + ",\n  \"newsletter\": false\n}"
    else:
        body = f"customer:\n  id: {cid}\n" + "\n".join(f"  {k}: \"{v}\"" for k, v in zip(keys, vals)) + "\n  newsletter: false"
    return wrap(rng, lang, body, [T(lang, en="validate this payload", de="ist das JSON gültig?", nl="klopt dit schema?", it="valida questo payload")])


def s_env(rng, lang, var):
    ak, sk = aws_pair(rng)
    key, cs, pw, wh = api_key(rng), connstr(rng), password(rng), gsecret(rng)
    cm = T(lang, en="# prod settings, do not commit", de="# Produktion, nicht committen!", nl="# productie, niet committen", it="# produzione, non committare")
    if var == "dotenv":
        body = f"{cm}\nAPP_ENV=production\nLOG_LEVEL=info\nDATABASE_URL={m('CONNECTION_STRING', cs)}\nAWS_ACCESS_KEY_ID={m('API_KEY', ak)}\n" \
               f"AWS_SECRET_ACCESS_KEY={m('API_KEY', sk)}\nPAYMENT_API_KEY={m('API_KEY', key)}\nADMIN_PASSWORD={m('PASSWORD', pw)}\nWEBHOOK_SECRET={m('GENERIC_SECRET', wh)}\nPORT=8080"
    else:
        body = f"{cm}\nservices:\n  api:\n    image: registry.example.org/api:2.4.1\n    environment:\n      - DATABASE_URL={m('CONNECTION_STRING', cs)}\n" \
               f"      - AWS_ACCESS_KEY_ID={m('API_KEY', ak)}\n      - AWS_SECRET_ACCESS_KEY={m('API_KEY', sk)}\n      - THIRD_PARTY_TOKEN={m('API_KEY', key)}\n" \
               f"      - SMTP_PASSWORD={m('PASSWORD', pw)}\n    ports:\n      - \"8080:8080\""
    return wrap(rng, lang, body, [T(lang, en="why does the container not start", de="warum startet der container nicht", nl="waarom start de container niet", it="perché il container non parte")])


def s_log(rng, lang, var):
    p = Person(rng, lang)
    ip1, ip2 = pub_ip(rng), pub_ip(rng)
    if var == "applog":
        ts = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(10, 59)}"
        body = f"{ts}:01Z INFO  auth  login ok user={m('EMAIL_ADDRESS', p.email)} src={m('IP_ADDRESS', ip1)}\n" \
               f"{ts}:02Z DEBUG auth  issued session cookie sid={m('GENERIC_SECRET', gsecret(rng))}\n" \
               f"{ts}:07Z WARN  api   401 Bearer {m('JWT', jwt(rng))} rejected from {m('IP_ADDRESS', ip2)}\n" \
               f"{ts}:07Z INFO  api   retry scheduled (attempt 2/5) host=10.12.0.7"
    else:
        body = f"Traceback (most recent call last):\n  File \"/srv/app/billing/sync.py\", line {rng.randint(40, 300)}, in push_invoice\n" \
               f"    resp = client.post(url, headers={{\"Authorization\": \"Bearer {m('JWT', jwt(rng))}\"}})\n" \
               f"  File \"/srv/app/lib/http.py\", line 88, in post\n    raise ConnectionError(f\"peer {{host}} refused\")\n" \
               f"ConnectionError: peer {m('IP_ADDRESS', ip1)} refused (customer={m('EMAIL_ADDRESS', p.email)})"
    return wrap(rng, lang, body)


def s_hr(rng, lang, var):
    p = Person(rng, lang)
    i = rng.randrange(10)
    nid = national_id(rng, lang, p)
    if var == "payroll":
        lab = T(lang, en=("Employee", "Tax/NI no.", "Bank (IBAN)", "Gross salary", "Note"), de=("Mitarbeiter", "Steuer-ID", "IBAN", "Bruttogehalt", "Hinweis"),
                nl=("Medewerker", "BSN", "IBAN", "Brutosalaris", "Opmerking"), it=("Dipendente", "Codice fiscale", "IBAN", "RAL", "Nota"))
        note = T(lang, en="bank details changed this month", de="Bankverbindung diesen Monat geändert", nl="rekeningnummer deze maand gewijzigd", it="IBAN cambiato questo mese")
        body = f"{lab[0]}: {nm(p, rng)}\n{lab[1]}: {m('NATIONAL_ID', nid)}\n{lab[2]}: {m('IBAN_CODE', iban(rng, lang))}\n{lab[3]}: {rng.randint(32, 95)}.{rng.randint(100, 999)} EUR\n{lab[4]}: {note}"
    else:
        body = T(lang,
                 en=f"Absence note - {nm(p, rng)} (staff no. {rng.randint(1000, 9999)})\nOff sick since Monday. GP letter confirms {m('MEDICAL_CONDITION', COND[lang][i])}; started on {m('MEDICATION', DRUG[lang][i])} {rng.choice(DOSE)}. Expected back in two weeks, phased return.",
                 de=f"Abwesenheit - {nm(p, rng)} (Personalnr. {rng.randint(1000, 9999)})\nSeit Montag krankgeschrieben. Laut Attest {m('MEDICAL_CONDITION', COND[lang][i])}, neu eingestellt auf {m('MEDICATION', DRUG[lang][i])} {rng.choice(DOSE)}. Rückkehr voraussichtlich in zwei Wochen (Wiedereingliederung).",
                 nl=f"Verzuummelding - {nm(p, rng)} (personeelsnr. {rng.randint(1000, 9999)})\nSinds maandag ziek. Huisarts bevestigt {m('MEDICAL_CONDITION', COND[lang][i])}; gestart met {m('MEDICATION', DRUG[lang][i])} {rng.choice(DOSE)}. Verwacht terug over twee weken, re-integratie.",
                 it=f"Assenza - {nm(p, rng)} (matricola {rng.randint(1000, 9999)})\nIn malattia da lunedì. Il certificato indica {m('MEDICAL_CONDITION', COND[lang][i])}; in terapia con {m('MEDICATION', DRUG[lang][i])} {rng.choice(DOSE)}. Rientro previsto tra due settimane.")
    return wrap(rng, lang, body, [T(lang, en="make this an email to payroll", de="formuliere das als Mail an die Lohnbuchhaltung", nl="maak er een mail aan salarisadministratie van", it="scrivilo come mail all'ufficio paghe")])


def s_medical(rng, lang, var):
    p = Person(rng, lang)
    i, j = rng.sample(range(10), 2)
    addr, _ = address(rng, lang, multiline=(var == "referral"))
    lab = T(lang, en=("Patient", "DOB", "MRN", "Address", "Diagnosis", "Medication", "Plan: review in 6 weeks."),
            de=("Patient/in", "Geb.", "Fallnr.", "Anschrift", "Diagnose", "Medikation", "Procedere: Kontrolle in 6 Wochen."),
            nl=("Patiënt", "Geb.datum", "Patiëntnr.", "Adres", "Diagnose", "Medicatie", "Beleid: controle over 6 weken."),
            it=("Paziente", "Nato/a il", "N. cartella", "Indirizzo", "Diagnosi", "Terapia", "Piano: controllo tra 6 settimane."))
    title = T(lang, en="DISCHARGE SUMMARY" if var == "discharge" else "REFERRAL LETTER", de="ENTLASSBRIEF" if var == "discharge" else "ÜBERWEISUNG",
              nl="ONTSLAGBRIEF" if var == "discharge" else "VERWIJSBRIEF", it="LETTERA DI DIMISSIONE" if var == "discharge" else "IMPEGNATIVA / RICHIESTA")
    body = f"{title}\n{lab[0]}: {nm(p, rng)}\n{lab[1]}: {m('DATE_OF_BIRTH', p.dob_str())}\n{lab[2]}: {m('MEDICAL_RECORD_NUMBER', mrn(rng))}\n{lab[3]}: {m('LOCATION', addr)}\n" \
           f"{lab[4]}: {m('MEDICAL_CONDITION', COND[lang][i])}, {m('MEDICAL_CONDITION', COND[lang][j])}\n{lab[5]}: {m('MEDICATION', DRUG[lang][i])} {rng.choice(DOSE)}, {m('MEDICATION', DRUG[lang][j])} {rng.choice(DOSE)}\n{lab[6]}"
    return wrap(rng, lang, body, [T(lang, en="explain this in plain English for the family", de="erklär das in einfacher Sprache", nl="leg dit in gewone taal uit", it="spiegalo in parole semplici")])


def s_ticket(rng, lang, var):
    p = Person(rng, lang)
    key = f"{rng.choice(['ITSD', 'OPS', 'HELP'])}-{rng.randint(1000, 9999)}"
    desc = T(lang,
             en=f"Laptop cannot join the VPN since the update. MAC {m('MAC_ADDRESS', mac(rng))}, home public IP {m('IP_ADDRESS', pub_ip(rng))}. User says her temp password {m('PASSWORD', password(rng))} no longer works. Call back on {m('PHONE_NUMBER', phone(rng, lang))}.",
             de=f"Laptop kommt seit dem Update nicht ins VPN. MAC {m('MAC_ADDRESS', mac(rng))}, öffentliche IP zuhause {m('IP_ADDRESS', pub_ip(rng))}. Das Einmalpasswort {m('PASSWORD', password(rng))} geht laut Nutzer nicht mehr. Rückruf unter {m('PHONE_NUMBER', phone(rng, lang))}.",
             nl=f"Laptop komt sinds de update niet op de VPN. MAC {m('MAC_ADDRESS', mac(rng))}, publiek IP thuis {m('IP_ADDRESS', pub_ip(rng))}. Tijdelijk wachtwoord {m('PASSWORD', password(rng))} werkt niet meer. Terugbellen op {m('PHONE_NUMBER', phone(rng, lang))}.",
             it=f"Il portatile non si collega alla VPN dopo l'aggiornamento. MAC {m('MAC_ADDRESS', mac(rng))}, IP pubblico di casa {m('IP_ADDRESS', pub_ip(rng))}. La password temporanea {m('PASSWORD', password(rng))} non funziona più. Richiamare al {m('PHONE_NUMBER', phone(rng, lang))}.")
    if var == "jira":
        body = f"[{key}] VPN\nReporter: {m('PERSON', p.full)}\nPriority: High\nStatus: Open\n\n{desc}"
    else:
        body = f"Incident INC00{rng.randint(10000, 99999)}\nCaller: {nm(p, rng)}\nCategory: Network\nShort description: VPN\nDescription:\n{desc}"
    return wrap(rng, lang, body, [T(lang, en="write the resolution notes", de="schreib die Lösungsnotiz", nl="schrijf de oplossingsnotitie", it="scrivi la nota di chiusura")])


def s_bank(rng, lang, var):
    p = Person(rng, lang)
    if var == "card":
        body = T(lang,
                 en=f"My card {m('CREDIT_CARD', card(rng))} (exp {rng.randint(1, 12):02d}/{rng.randint(26, 30)}) was charged twice by the hotel. Name on card {m('PERSON', p.full.upper())}. How do I word the chargeback?",
                 de=f"Meine Karte {m('CREDIT_CARD', card(rng))} (gültig bis {rng.randint(1, 12):02d}/{rng.randint(26, 30)}) wurde vom Hotel doppelt belastet. Karteninhaber {m('PERSON', p.full.upper())}. Wie formuliere ich die Reklamation?",
                 nl=f"Mijn kaart {m('CREDIT_CARD', card(rng))} (geldig t/m {rng.randint(1, 12):02d}/{rng.randint(26, 30)}) is twee keer belast door het hotel. Naam op kaart {m('PERSON', p.full.upper())}. Hoe formuleer ik de terugboeking?",
                 it=f"La mia carta {m('CREDIT_CARD', card(rng))} (scad. {rng.randint(1, 12):02d}/{rng.randint(26, 30)}) è stata addebitata due volte dall'hotel. Intestatario {m('PERSON', p.full.upper())}. Come scrivo il reclamo?")
    else:
        if lang == "en" and rng.random() < 0.5:
            acct = f"{routing(rng)} / {rng.randint(10000000, 9999999999)}"
            lbl = "routing / account"
            if rng.random() < 0.5:
                acct = f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} {rng.randint(10000000, 99999999)}"
                lbl = "sort code / account"
            body = f"Please send the deposit refund to {m('PERSON', p.full)}, {lbl}: {m('BANK_ACCOUNT', acct)}. Is this enough for a UK/US transfer or do I need more details?"
        else:
            body = T(lang,
                     en=f"Please send the deposit refund to {m('PERSON', p.full)}, IBAN {m('IBAN_CODE', iban(rng, lang))}. Is that enough for a transfer?",
                     de=f"Bitte die Kaution an {m('PERSON', p.full)} zurücküberweisen, IBAN {m('IBAN_CODE', iban(rng, lang))}. Reicht das für die Überweisung?",
                     nl=f"Graag de borg terugstorten naar {m('PERSON', p.full)}, IBAN {m('IBAN_CODE', iban(rng, lang))}. Is dat genoeg voor de overboeking?",
                     it=f"Per favore restituite la cauzione a {m('PERSON', p.full)}, IBAN {m('IBAN_CODE', iban(rng, lang))}. Basta per il bonifico?")
    return body


def s_sql(rng, lang, var):
    rows = []
    for _ in range(rng.randint(2, 4)):
        p = Person(rng, lang)
        rows.append((p, national_id(rng, lang, p), phone(rng, lang)))
    if var == "insert":
        body = "INSERT INTO customers (id, full_name, email, national_id, phone) VALUES\n" + ",\n".join(
            f"  ({rng.randint(100, 999)}, '{m('PERSON', p.full)}', '{m('EMAIL_ADDRESS', p.email)}', '{m('NATIONAL_ID', n)}', '{m('PHONE_NUMBER', ph)}')"
            for p, n, ph in rows) + ";"
    else:
        body = "mysql> SELECT id, first_name, last_name, email, national_id FROM customers WHERE churn_risk > 0.8;\n" + "\n".join(
            f"| {rng.randint(100, 999)} | {m('PERSON', p.first)} | {m('PERSON', p.last)} | {m('EMAIL_ADDRESS', p.email)} | {m('NATIONAL_ID', n)} |" for p, n, ph in rows) + \
            f"\n{len(rows)} rows in set (0.02 sec)"
    return wrap(rng, lang, body, [T(lang, en="optimise this query", de="optimier die Query", nl="optimaliseer deze query", it="ottimizza la query")])


def s_classified(rng, lang, var):
    p, q = Person(rng, lang), Person(rng, lang)
    mk = rng.choice(MARKING[lang])
    body = T(lang,
             en=f"Restructuring - Phase 2\nThe Leeds depot will close in Q3. Affected: {m('PERSON', p.full)} (team lead), {m('PERSON', q.full)}. Severance offers go out on the 14th; do not discuss before the works council meeting.",
             de=f"Restrukturierung - Phase 2\nDas Lager Hannover wird im Q3 geschlossen. Betroffen: {m('PERSON', p.full)} (Teamleitung), {m('PERSON', q.full)}. Abfindungsangebote gehen am 14. raus; vor der Betriebsratssitzung nicht kommunizieren.",
             nl=f"Reorganisatie - fase 2\nHet depot Tilburg sluit in Q3. Betrokken: {m('PERSON', p.full)} (teamleider), {m('PERSON', q.full)}. Vertrekregelingen gaan op de 14e uit; niet bespreken voor het OR-overleg.",
             it=f"Riorganizzazione - fase 2\nIl deposito di Verona chiuderà nel Q3. Coinvolti: {m('PERSON', p.full)} (capo squadra), {m('PERSON', q.full)}. Le proposte di uscita partono il 14; non parlarne prima dell'incontro con la RSU.")
    if var == "banner":
        body = f"{m('CLASSIFICATION_MARKING', mk)}\n\n{body}\n\n{m('CLASSIFICATION_MARKING', mk)}"
    else:
        body = f"{body}\n\n-- {T(lang, en='Page', de='Seite', nl='Pagina', it='Pagina')} 2/5 --\n{m('CLASSIFICATION_MARKING', mk)}"
    return wrap(rng, lang, body, [T(lang, en="make this into talking points", de="mach daraus Stichpunkte", nl="maak hier gesprekspunten van", it="trasformalo in punti elenco")])


def s_label(rng, lang, var):
    p = Person(rng, lang)
    addr, _ = address(rng, lang, multiline=True)
    trk = f"{rng.choice(['1Z', 'JJD', 'CV', '3S'])}{rs(rng, 14, string.digits + 'ABCDEFGHJKLMNPRTUVWXY')}"
    if var == "label":
        body = f"SHIP TO / {T(lang, en='DELIVER TO', de='EMPFÄNGER', nl='ONTVANGER', it='DESTINATARIO')}:\n{m('PERSON', p.full.upper())}\n{m('LOCATION', addr)}\nTel {m('PHONE_NUMBER', phone(rng, lang))}\n\nTRACKING {trk}\nWEIGHT {rng.randint(1, 30)}.{rng.randint(0, 9)} KG   PKG 1/1"
    else:
        body = f"{T(lang, en='scan of parcel label, ocr text:', de='Scan vom Paketaufkleber (OCR):', nl='scan van pakketlabel (ocr):', it='scansione etichetta pacco (ocr):')}\n" \
               f"Emp fänger/Recipient :  {m('PERSON', p.full)}\n{m('LOCATION', addr)}\nT: {m('PHONE_NUMBER', phone(rng, lang))}   Sendungsnr {trk}\n| | ||| || |||| | ||"
    return wrap(rng, lang, body, [T(lang, en="the courier says address is wrong, what is missing?", de="Kurier sagt Adresse falsch, was fehlt?", nl="koerier zegt dat adres fout is, wat mist er?", it="il corriere dice che l'indirizzo è sbagliato, cosa manca?")])


def s_keys(rng, lang, var):
    p = Person(rng, lang)
    if var == "pem":
        body = T(lang, en="this is the deploy key from the old box, ssh says 'invalid format':", de="das ist der Deploy-Key vom alten Server, ssh sagt 'invalid format':",
                 nl="dit is de deploy key van de oude server, ssh zegt 'invalid format':", it="questa è la deploy key del vecchio server, ssh dice 'invalid format':") + f"\n\n{m('PRIVATE_KEY', pem(rng))}"
        return body
    w = btc(rng) if rng.random() < 0.5 else eth(rng)
    body = T(lang,
             en=f"Payout sheet\nRecipient: {m('PERSON', p.full)}\nWallet: {m('CRYPTO', w)}\nAmount: 0.{rng.randint(10, 99)}\nIs this the right network for that address?",
             de=f"Auszahlungsliste\nEmpfänger: {m('PERSON', p.full)}\nWallet: {m('CRYPTO', w)}\nBetrag: 0,{rng.randint(10, 99)}\nIst das das richtige Netzwerk für diese Adresse?",
             nl=f"Uitbetaallijst\nOntvanger: {m('PERSON', p.full)}\nWallet: {m('CRYPTO', w)}\nBedrag: 0,{rng.randint(10, 99)}\nIs dit het juiste netwerk voor dat adres?",
             it=f"Foglio pagamenti\nBeneficiario: {m('PERSON', p.full)}\nWallet: {m('CRYPTO', w)}\nImporto: 0,{rng.randint(10, 99)}\nÈ la rete giusta per questo indirizzo?")
    return body


def s_transcript(rng, lang, var):
    a, b, c = Person(rng, lang), Person(rng, lang), Person(rng, lang)
    if var == "meeting":
        L = T(lang,
              en=[f"ok so the new starter is {c.full}", "when does she start?", f"the 3rd. I need her date of birth for the pension form, it's {c.dob_str()}", "and the mobile for the rota?", f"{phone(rng, lang)}"],
              de=[f"also, die Neue ist {c.full}", "wann fängt sie an?", f"am 3. Für die Rentenversicherung brauche ich ihr Geburtsdatum, das ist der {c.dob_str()}", "und die Handynummer für den Dienstplan?", f"{phone(rng, lang)}"],
              nl=[f"oké, de nieuwe collega is {c.full}", "wanneer begint ze?", f"de 3e. Voor het pensioenformulier heb ik haar geboortedatum nodig, dat is {c.dob_str()}", "en het mobiele nummer voor het rooster?", f"{phone(rng, lang)}"],
              it=[f"allora, la nuova collega è {c.full}", "quando inizia?", f"il 3. Per il modulo pensione serve la data di nascita, è il {c.dob_str()}", "e il cellulare per i turni?", f"{phone(rng, lang)}"])
        out = []
        for i, t in enumerate(L):
            spk = a if i % 2 == 0 else b
            t = t.replace(c.full, m("PERSON", c.full)).replace(c.dob_str(), m("DATE_OF_BIRTH", c.dob_str()))
            if i == 4:
                t = m("PHONE_NUMBER", t)
            out.append(f"[00:{rng.randint(10, 59)}:{rng.randint(10, 59)}] {m('PERSON', spk.first)}: {t}")
        body = "\n".join(out)
    else:
        body = T(lang,
                 en=f"Call recording transcript\nAgent: thanks for calling, can I take your full name?\nCaller: {m('PERSON', c.full)}\nAgent: and your date of birth?\nCaller: {m('DATE_OF_BIRTH', c.dob_str())}\nAgent: postcode and first line of the address?\nCaller: {m('LOCATION', address(rng, lang)[0])}",
                 de=f"Gesprächsprotokoll Hotline\nAgent: Danke für Ihren Anruf, Ihr vollständiger Name bitte?\nAnrufer: {m('PERSON', c.full)}\nAgent: Und Ihr Geburtsdatum?\nAnrufer: {m('DATE_OF_BIRTH', c.dob_str())}\nAgent: Ihre Anschrift?\nAnrufer: {m('LOCATION', address(rng, lang)[0])}",
                 nl=f"Transcript klantenservice\nMedewerker: bedankt voor het bellen, mag ik uw volledige naam?\nBeller: {m('PERSON', c.full)}\nMedewerker: en uw geboortedatum?\nBeller: {m('DATE_OF_BIRTH', c.dob_str())}\nMedewerker: uw adres?\nBeller: {m('LOCATION', address(rng, lang)[0])}",
                 it=f"Trascrizione chiamata\nOperatore: grazie per aver chiamato, nome e cognome?\nCliente: {m('PERSON', c.full)}\nOperatore: data di nascita?\nCliente: {m('DATE_OF_BIRTH', c.dob_str())}\nOperatore: indirizzo?\nCliente: {m('LOCATION', address(rng, lang)[0])}")
    return wrap(rng, lang, body)


def s_cv(rng, lang, var):
    p = Person(rng, lang)
    addr, _ = address(rng, lang)
    if var == "cv":
        lab = T(lang, en=("Curriculum Vitae", "Address", "Phone", "Email", "Date of birth", "Experience", "Warehouse supervisor, 2019-present"),
                de=("Lebenslauf", "Anschrift", "Telefon", "E-Mail", "Geburtsdatum", "Berufserfahrung", "Lagerleitung, seit 2019"),
                nl=("Curriculum Vitae", "Adres", "Telefoon", "E-mail", "Geboortedatum", "Werkervaring", "Teamleider magazijn, 2019-heden"),
                it=("Curriculum Vitae", "Indirizzo", "Telefono", "Email", "Data di nascita", "Esperienze", "Responsabile magazzino, dal 2019"))
        body = f"{lab[0]}\n{m('PERSON', p.full)}\n{lab[1]}: {m('LOCATION', addr)}\n{lab[2]}: {m('PHONE_NUMBER', phone(rng, lang))}\n{lab[3]}: {m('EMAIL_ADDRESS', p.email)}\n{lab[4]}: {m('DATE_OF_BIRTH', p.dob_str())}\n\n{lab[5]}\n- {lab[6]}"
        return wrap(rng, lang, body, [T(lang, en="improve my CV", de="verbessere meinen Lebenslauf", nl="verbeter mijn cv", it="migliora il mio CV")])
    body = T(lang,
             en=f"{m('PERSON', p.full)}\n{m('LOCATION', addr)}\n{m('EMAIL_ADDRESS', p.email)}\n\nDear Hiring Manager,\nI am applying for the logistics coordinator role advertised on your website...\n\nYours faithfully,\n{m('PERSON', p.full)}",
             de=f"{m('PERSON', p.full)}\n{m('LOCATION', addr)}\n{m('EMAIL_ADDRESS', p.email)}\n\nSehr geehrte Damen und Herren,\nhiermit bewerbe ich mich auf die ausgeschriebene Stelle als Disponent/in...\n\nMit freundlichen Grüßen\n{m('PERSON', p.full)}",
             nl=f"{m('PERSON', p.full)}\n{m('LOCATION', addr)}\n{m('EMAIL_ADDRESS', p.email)}\n\nGeachte heer/mevrouw,\nHierbij solliciteer ik naar de functie van planner logistiek...\n\nMet vriendelijke groet,\n{m('PERSON', p.full)}",
             it=f"{m('PERSON', p.full)}\n{m('LOCATION', addr)}\n{m('EMAIL_ADDRESS', p.email)}\n\nGentile responsabile,\ncon la presente mi candido per la posizione di coordinatore logistico...\n\nDistinti saluti,\n{m('PERSON', p.full)}")
    return wrap(rng, lang, body, [T(lang, en="make this cover letter shorter", de="kürze das Anschreiben", nl="maak deze brief korter", it="accorcia questa lettera")])


def s_mixed(rng, lang, var):
    # doctor / insurance / school notes with title + surname
    p, k = Person(rng, lang), Person(rng, lang)
    i = rng.randrange(10)
    if var == "school":
        body = T(lang,
                 en=f"Pupil: {m('PERSON', k.full)}, Year 8\nParent contact: Mrs {m('PERSON', p.last)}, {m('PHONE_NUMBER', phone(rng, lang))}\nHealth: {m('MEDICAL_CONDITION', COND[lang][1])}, inhaler ({m('MEDICATION', DRUG[lang][1])}) kept in the office.",
                 de=f"Schüler/in: {m('PERSON', k.full)}, Klasse 8b\nKontakt Eltern: Frau {m('PERSON', p.last)}, {m('PHONE_NUMBER', phone(rng, lang))}\nGesundheit: {m('MEDICAL_CONDITION', COND[lang][1])}, Spray ({m('MEDICATION', DRUG[lang][1])}) im Sekretariat.",
                 nl=f"Leerling: {m('PERSON', k.full)}, groep 7\nContact ouder: mevrouw {m('PERSON', p.last)}, {m('PHONE_NUMBER', phone(rng, lang))}\nGezondheid: {m('MEDICAL_CONDITION', COND[lang][1])}, puffer ({m('MEDICATION', DRUG[lang][1])}) ligt bij de administratie.",
                 it=f"Alunno/a: {m('PERSON', k.full)}, classe 2B\nContatto genitore: sig.ra {m('PERSON', p.last)}, {m('PHONE_NUMBER', phone(rng, lang))}\nSalute: {m('MEDICAL_CONDITION', COND[lang][1])}, inalatore ({m('MEDICATION', DRUG[lang][1])}) in segreteria.")
    else:
        body = T(lang,
                 en=f"Claim {rng.randint(100000, 999999)}\nPolicyholder: Mr {m('PERSON', p.last)}\nInsured person: {m('PERSON', k.full)}, born {m('DATE_OF_BIRTH', k.dob_str())}\nReason: treatment for {m('MEDICAL_CONDITION', COND[lang][i])}, prescription {m('MEDICATION', DRUG[lang][i])}.",
                 de=f"Schadennr. {rng.randint(100000, 999999)}\nVersicherungsnehmer: Herr {m('PERSON', p.last)}\nVersicherte Person: {m('PERSON', k.full)}, geb. {m('DATE_OF_BIRTH', k.dob_str())}\nGrund: Behandlung wegen {m('MEDICAL_CONDITION', COND[lang][i])}, Rezept {m('MEDICATION', DRUG[lang][i])}.",
                 nl=f"Declaratie {rng.randint(100000, 999999)}\nVerzekeringnemer: dhr. {m('PERSON', p.last)}\nVerzekerde: {m('PERSON', k.full)}, geboren {m('DATE_OF_BIRTH', k.dob_str())}\nReden: behandeling voor {m('MEDICAL_CONDITION', COND[lang][i])}, recept {m('MEDICATION', DRUG[lang][i])}.",
                 it=f"Sinistro {rng.randint(100000, 999999)}\nContraente: sig. {m('PERSON', p.last)}\nAssicurato: {m('PERSON', k.full)}, nato/a il {m('DATE_OF_BIRTH', k.dob_str())}\nMotivo: cure per {m('MEDICAL_CONDITION', COND[lang][i])}, prescrizione {m('MEDICATION', DRUG[lang][i])}.")
    return wrap(rng, lang, body)

# ================================================================ NEGATIVE SHAPES (tempting, no spans)


def n_news(rng, lang, var):
    if var == "politics":
        who = rng.choice(["Angela Merkel", "Emmanuel Macron", "Mark Rutte", "Giorgia Meloni", "Olaf Scholz", "Ursula von der Leyen", "Keir Starmer", "Sergio Mattarella"])
        city = rng.choice(["Brussels", "Berlin", "The Hague", "Rome", "Paris", "Strasbourg"])
        n = rng.randint(2, 40)
        body = T(lang,
                 en=f"{who} arrived in {city} on Thursday for talks on energy prices. Officials said {n} delegations attended and a joint statement is expected by Friday.",
                 de=f"{who} ist am Donnerstag zu Gesprächen über Energiepreise in {city} eingetroffen. Laut Angaben nahmen {n} Delegationen teil, eine gemeinsame Erklärung wird bis Freitag erwartet.",
                 nl=f"{who} kwam donderdag in {city} aan voor overleg over energieprijzen. Volgens ambtenaren waren er {n} delegaties en wordt vrijdag een gezamenlijke verklaring verwacht.",
                 it=f"{who} è arrivato/a a {city} giovedì per i colloqui sui prezzi dell'energia. Secondo fonti ufficiali hanno partecipato {n} delegazioni; una dichiarazione congiunta è attesa per venerdì.")
    else:
        who = rng.choice(["Lionel Messi", "Virgil van Dijk", "Thomas Müller", "Carlos Alcaraz", "Max Verstappen", "Gianluigi Buffon", "Serena Williams", "Harry Kane"])
        sc = f"{rng.randint(0, 4)}-{rng.randint(0, 4)}"
        body = T(lang,
                 en=f"Match report: {who} was the standout as the visitors won {sc} at a sold-out stadium; the coach praised the pressing in the second half. Attendance: {rng.randint(20, 80)},{rng.randint(100, 999)}.",
                 de=f"Spielbericht: {who} war beim {sc} vor ausverkauftem Haus der auffälligste Spieler; der Trainer lobte das Pressing in der zweiten Halbzeit. Zuschauer: {rng.randint(20, 80)}.{rng.randint(100, 999)}.",
                 nl=f"Wedstrijdverslag: {who} was de uitblinker bij de {sc} in een uitverkocht stadion; de trainer prees het druk zetten na rust. Toeschouwers: {rng.randint(20, 80)}.{rng.randint(100, 999)}.",
                 it=f"Cronaca: {who} è stato il migliore nel {sc} davanti a uno stadio esaurito; l'allenatore ha lodato il pressing nella ripresa. Spettatori: {rng.randint(20, 80)}.{rng.randint(100, 999)}.")
    return wrap(rng, lang, body)


def n_placeholder(rng, lang, var):
    if var == "docs":
        n = rng.randint(1, 9)
        body = T(lang,
                 en=f"## Example request (step {n})\nUse the sandbox values only:\n- name: John Doe\n- email: user@example.com\n- phone: +1 555-0100\n- card: 4242 4242 4242 4242, any future expiry, CVC 123\n- IBAN: DE00 0000 0000 0000 0000 00\n",
                 de=f"## Beispielaufruf (Schritt {n})\nNur Testwerte verwenden:\n- Name: Max Mustermann\n- E-Mail: max.mustermann@example.org\n- Telefon: 0123 456789\n- Karte: 4111 1111 1111 1111, Ablauf beliebig\n- Anschrift: Musterstraße 1, 12345 Musterstadt\n",
                 nl=f"## Voorbeeld (stap {n})\nGebruik alleen testwaarden:\n- naam: Jan Jansen\n- e-mail: jan@voorbeeld.nl\n- telefoon: 06-00000000\n- kaart: 5555 5555 5555 4444\n- BSN: 000000000 (ongeldig, alleen voorbeeld)\n",
                 it=f"## Esempio (passo {n})\nUsare solo valori di prova:\n- nome: Mario Rossi\n- email: mario.rossi@example.it\n- telefono: 000 0000000\n- carta: 4111 1111 1111 1111\n- codice fiscale: XXXXXX00X00X000X\n")
    else:
        f = rng.choice(["<FIRST_NAME>", "{{first_name}}", "[NAME]", "%NAME%"])
        body = T(lang,
                 en=f"Dear {f},\n\nyour order {{{{order_id}}}} ships to {{{{shipping_address}}}}. Questions? Reply to {{{{support_email}}}} or call {{{{support_phone}}}}.\n\nRef: TPL-{rng.randint(100, 999)}",
                 de=f"Hallo {f},\n\ndeine Bestellung {{{{order_id}}}} geht an {{{{lieferadresse}}}}. Fragen? Schreib an {{{{support_email}}}}.\n\nVorlage TPL-{rng.randint(100, 999)}",
                 nl=f"Beste {f},\n\nje bestelling {{{{order_id}}}} wordt verzonden naar {{{{verzendadres}}}}. Vragen? Mail {{{{support_email}}}}.\n\nSjabloon TPL-{rng.randint(100, 999)}",
                 it=f"Gentile {f},\n\nil tuo ordine {{{{order_id}}}} verrà spedito a {{{{indirizzo}}}}. Domande? Scrivi a {{{{support_email}}}}.\n\nModello TPL-{rng.randint(100, 999)}")
    return wrap(rng, lang, body, [T(lang, en="make this template friendlier", de="mach die Vorlage freundlicher", nl="maak dit sjabloon vriendelijker", it="rendi il modello più cordiale")])


def n_masked(rng, lang, var):
    l4 = rng.randint(1000, 9999)
    if var == "receipt":
        body = T(lang,
                 en=f"RECEIPT #{rng.randint(100000, 999999)}\nCard: **** **** **** {l4}  (VISA)\nAuth code: {rs(rng, 6, string.digits + 'ABCDEF')}\nTotal: GBP {rng.randint(5, 300)}.{rng.randint(10, 99)}\nThank you for shopping with us",
                 de=f"BELEG Nr. {rng.randint(100000, 999999)}\nKarte: XXXX XXXX XXXX {l4} (girocard)\nGenehmigung: {rs(rng, 6, string.digits)}\nSumme: EUR {rng.randint(5, 300)},{rng.randint(10, 99)}\nVielen Dank für Ihren Einkauf",
                 nl=f"BON #{rng.randint(100000, 999999)}\nPas: **** {l4} (Maestro)\nAutorisatie: {rs(rng, 6, string.digits)}\nTotaal: EUR {rng.randint(5, 300)},{rng.randint(10, 99)}\nBedankt en tot ziens",
                 it=f"SCONTRINO N. {rng.randint(100000, 999999)}\nCarta: **** **** **** {l4}\nCod. autorizzazione: {rs(rng, 6, string.digits)}\nTotale: EUR {rng.randint(5, 300)},{rng.randint(10, 99)}\nGrazie e arrivederci")
    else:
        body = T(lang,
                 en=f"We've sent a code to j•••••@g•••l.com and to the number ending in {rng.randint(10, 99)}. Your IBAN GB** **** **** **** **{rng.randint(10, 99)} is verified. Never share this code with anyone.",
                 de=f"Wir haben einen Code an m•••@w•••.de und an die Nummer mit Endziffern {rng.randint(10, 99)} gesendet. Ihre IBAN DE** **** **** **** **{rng.randint(10, 99)} ist verifiziert.",
                 nl=f"We hebben een code gestuurd naar s•••@z•••.nl en naar het nummer eindigend op {rng.randint(10, 99)}. Je IBAN NL** **** **** ***{rng.randint(100, 999)} is geverifieerd.",
                 it=f"Abbiamo inviato un codice a a•••@l•••.it e al numero che termina con {rng.randint(10, 99)}. Il tuo IBAN IT** * ***** ***** ****{rng.randint(1000, 9999)} è verificato.")
    return wrap(rng, lang, body, [T(lang, en="is this a phishing message?", de="ist das Phishing?", nl="is dit phishing?", it="è phishing?")])


def n_ids(rng, lang, var):
    if var == "uuids":
        rows = "\n".join(f"{uuid(rng)}  ORD-{rng.randint(2024000000, 2025999999)}  {rng.choice(['SHIPPED', 'PENDING', 'RETURNED'])}  sha256:{rs(rng, 64, '0123456789abcdef')[:24]}" for _ in range(rng.randint(3, 6)))
        body = T(lang, en="which of these orders are still pending?", de="welche Bestellungen sind noch offen?", nl="welke orders staan nog open?", it="quali ordini sono ancora in sospeso?") + "\n\n" + rows
    else:
        rows = "\n".join(f"commit {rs(rng, 40, '0123456789abcdef')}\nAuthor: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>\nDate:   Mon Mar {rng.randint(1, 28)} 10:{rng.randint(10, 59)}:00 2025\n\n    build(deps): bump lodash from 4.17.{rng.randint(10, 20)} to 4.17.21\n" for _ in range(rng.randint(2, 3)))
        body = rows + "\n" + T(lang, en="write release notes from this", de="schreib Release Notes daraus", nl="schrijf release notes hiervan", it="scrivi le note di rilascio")
    return body


def n_privnet(rng, lang, var):
    a, b = rng.randint(0, 254), rng.randint(2, 254)
    if var == "nginx":
        body = f"upstream app {{\n    server 10.{a}.{b}.11:8080;\n    server 10.{a}.{b}.12:8080;\n}}\nserver {{\n    listen 80;\n    allow 192.168.{a}.0/24;\n    allow 172.16.0.0/12;\n    allow 127.0.0.1;\n    deny all;\n    set_real_ip_from 100.64.{b}.0/24;\n}}"
    else:
        body = f"$ ip addr\n1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500\n    inet 192.168.{a}.{b}/24 brd 192.168.{a}.255\n$ ping 203.0.113.{b}\nPING 203.0.113.{b}: 56 data bytes\nRequest timeout for icmp_seq 0\n# docs example host 198.51.100.{a}"
    return wrap(rng, lang, body, [T(lang, en="why can't the container reach the upstream?", de="warum erreicht der Container den Upstream nicht?", nl="waarom bereikt de container de upstream niet?", it="perché il container non raggiunge l'upstream?")])


def n_code(rng, lang, var):
    fn = rng.choice(["load_settings", "get_config", "init_client", "connect_db", "build_app"])
    if var == "python":
        body = f"import os\n\ndef {fn}():\n    password = os.environ[\"DB_PASSWORD\"]\n    api_key = os.getenv(\"STRIPE_API_KEY\", \"\")\n    secret_token = vault.read(\"kv/{rng.choice(['billing', 'crm', 'hr'])}/token\")\n    if not password:\n        raise RuntimeError(\"DB_PASSWORD missing\")\n    return Client(api_key=api_key, password=password, timeout={rng.randint(5, 60)})"
    else:
        body = f"const {fn} = () => ({{\n  apiKey: process.env.API_KEY ?? '<your-api-key>',\n  password: process.env.SMTP_PASSWORD,\n  ssn: form.get('ssn'),   // validated server side\n  creditCard: maskCard(input.cardNumber),\n  retries: {rng.randint(1, 9)},\n}});"
    return wrap(rng, lang, body, [T(lang, en="add type hints", de="füge Typannotationen hinzu", nl="voeg type hints toe", it="aggiungi i type hint"), T(lang, en="is this secure?", de="ist das sicher?", nl="is dit veilig?", it="è sicuro?")])


def n_blank(rng, lang, var):
    n = rng.randint(1, 20)
    if var == "form":
        body = T(lang,
                 en=f"NEW EMPLOYEE FORM (v{n})\nFull name: ______________________\nDate of birth: __ / __ / ____\nNational Insurance no.: __ __ __ __ _\nBank sort code: __-__-__   Account no.: ________\nEmergency contact: ______________________\nSignature: __________",
                 de=f"PERSONALBOGEN (Version {n})\nName, Vorname: ______________________\nGeburtsdatum: __.__.____\nSteuer-ID: ___________\nIBAN: DE__ ____ ____ ____ ____ __\nNotfallkontakt: ______________________\nUnterschrift: __________",
                 nl=f"PERSONEELSFORMULIER (versie {n})\nNaam: ______________________\nGeboortedatum: __-__-____\nBSN: _________\nIBAN: NL__ ____ ____ ____ __\nContactpersoon noodgeval: ______________________\nHandtekening: __________",
                 it=f"SCHEDA DIPENDENTE (v{n})\nNome e cognome: ______________________\nData di nascita: __/__/____\nCodice fiscale: ________________\nIBAN: IT__ _ _____ _____ ____________\nContatto di emergenza: ______________________\nFirma: __________")
    else:
        body = T(lang,
                 en=f"PATIENT INTAKE - page {n}\n[ ] Asthma  [ ] Diabetes  [ ] Epilepsy  [ ] Other: ________\nCurrent medication: ____________\nAllergies: ____________\n(to be completed by the patient)",
                 de=f"ANAMNESEBOGEN - Seite {n}\n[ ] Asthma  [ ] Diabetes  [ ] Epilepsie  [ ] Sonstiges: ________\nAktuelle Medikamente: ____________\nAllergien: ____________\n(vom Patienten auszufüllen)",
                 nl=f"INTAKEFORMULIER - pagina {n}\n[ ] Astma  [ ] Diabetes  [ ] Epilepsie  [ ] Anders: ________\nHuidige medicatie: ____________\nAllergieën: ____________\n(in te vullen door patiënt)",
                 it=f"SCHEDA ANAMNESTICA - pagina {n}\n[ ] Asma  [ ] Diabete  [ ] Epilessia  [ ] Altro: ________\nFarmaci attuali: ____________\nAllergie: ____________\n(da compilare a cura del paziente)")
    return wrap(rng, lang, body, [T(lang, en="translate this form to Polish", de="übersetze das Formular ins Polnische", nl="vertaal dit formulier naar het Pools", it="traduci il modulo in rumeno")])


def n_policy(rng, lang, var):
    n = rng.randint(2, 9)
    if var == "policy":
        body = T(lang,
                 en=f"Section {n}.{rng.randint(1, 9)} Information classification\nDocuments are labelled Public, Internal, Confidential or Strictly Confidential. Confidential material (e.g. salary data, medical information, passwords) must not be pasted into external AI tools. Report breaches within 24 hours.",
                 de=f"Abschnitt {n}.{rng.randint(1, 9)} Informationsklassifizierung\nDokumente werden als öffentlich, intern, vertraulich oder streng vertraulich eingestuft. Vertrauliche Inhalte (z. B. Gehälter, Gesundheitsdaten, Passwörter) dürfen nicht in externe KI-Tools kopiert werden.",
                 nl=f"Paragraaf {n}.{rng.randint(1, 9)} Informatieclassificatie\nDocumenten worden gelabeld als openbaar, intern, vertrouwelijk of strikt vertrouwelijk. Vertrouwelijke gegevens (zoals salarissen, medische gegevens, wachtwoorden) mogen niet in externe AI-tools worden geplakt.",
                 it=f"Sezione {n}.{rng.randint(1, 9)} Classificazione delle informazioni\nI documenti sono classificati come pubblici, interni, riservati o strettamente riservati. I contenuti riservati (stipendi, dati sanitari, password) non vanno incollati in strumenti di IA esterni.")
    else:
        body = T(lang,
                 en=f"Quiz question {n}: A colleague emails you a spreadsheet marked 'Confidential' containing customer IBANs. What should you do?\nA) Forward it  B) Delete and report  C) Paste into ChatGPT to summarise",
                 de=f"Quizfrage {n}: Eine Kollegin schickt dir eine als 'vertraulich' markierte Tabelle mit Kunden-IBANs. Was tust du?\nA) Weiterleiten  B) Löschen und melden  C) In ChatGPT einfügen",
                 nl=f"Quizvraag {n}: Een collega mailt je een spreadsheet gemarkeerd als 'vertrouwelijk' met IBAN's van klanten. Wat doe je?\nA) Doorsturen  B) Verwijderen en melden  C) In ChatGPT plakken",
                 it=f"Domanda {n}: un collega ti invia un foglio marcato 'riservato' con gli IBAN dei clienti. Cosa fai?\nA) Lo inoltri  B) Lo elimini e segnali  C) Lo incolli in ChatGPT")
    return wrap(rng, lang, body, [T(lang, en="make this shorter", de="kürzer bitte", nl="korter graag", it="più breve")])


def n_streets(rng, lang, var):
    if var == "office":
        st = T(lang, en=rng.choice(["1 Churchill Place, London E14 5HP", "Shakespeare Business Park, Unit 4, Stratford"]),
               de=rng.choice(["Konrad-Adenauer-Ufer 41, 50668 Köln", "Friedrich-Ebert-Allee 120, 53113 Bonn", "Willy-Brandt-Platz 3, 60311 Frankfurt"]),
               nl=rng.choice(["Johan de Wittlaan 7, 2517 JR Den Haag", "Willem Fenengastraat 14, 1096 BN Amsterdam"]),
               it=rng.choice(["Via Giuseppe Verdi 8, 20121 Milano", "Corso Giuseppe Garibaldi 95, 80142 Napoli", "Piazza Guglielmo Marconi 15, 00144 Roma"]))
        body = T(lang, en=f"Our office has moved! New address: {st}. Reception: +44 20 {rng.randint(1000, 9999)} 0000 (switchboard). Parking on level -{rng.randint(1, 3)}.",
                 de=f"Wir sind umgezogen! Neue Büroadresse: {st}. Zentrale: +49 800 {rng.randint(100000, 999999)} (kostenlos). Parkplätze in Ebene -{rng.randint(1, 3)}.",
                 nl=f"We zijn verhuisd! Nieuw kantooradres: {st}. Receptie via het algemene nummer 0800-{rng.randint(1000, 9999)}. Parkeren op niveau -{rng.randint(1, 3)}.",
                 it=f"Ci siamo trasferiti! Nuova sede: {st}. Centralino: numero verde 800 {rng.randint(100000, 999999)}. Parcheggio al piano -{rng.randint(1, 3)}.")
    else:
        prods = rng.sample(["Ben & Jerry's Cookie Dough", "Dr. Oetker Ristorante", "Jack Daniel's Old No. 7", "Uncle Ben's Rice", "Tommy Hilfiger polo", "Hugo Boss Bottled", "Giovanni Rana tortellini", "Ray-Ban Wayfarer", "Mr. Muscle", "Johnnie Walker Black"], 3)
        body = "SKU;product;qty;price\n" + "\n".join(f"{rng.randint(100000, 999999)};{p};{rng.randint(1, 50)};{rng.randint(1, 90)}.{rng.randint(10, 99)}" for p in prods)
        body = T(lang, en="sum the totals:", de="summiere die Beträge:", nl="tel de bedragen op:", it="somma i totali:") + "\n" + body
    return body


def n_fiction(rng, lang, var):
    if var == "novel":
        pair = rng.choice([("Sherlock Holmes", "Dr Watson"), ("Elizabeth Bennet", "Mr Darcy"), ("Harry Potter", "Hermione Granger"), ("Pippi Longstocking", "Tommy"), ("Frodo Baggins", "Samwise Gamgee"), ("Jay Gatsby", "Nick Carraway")])
        body = T(lang,
                 en=f"{pair[0]} looked up from the letter. \"You will find, {pair[1]}, that the answer was on the envelope all along.\" Chapter {rng.randint(2, 30)}.",
                 de=f"{pair[0]} sah von dem Brief auf. \"Sie werden sehen, {pair[1]}, die Antwort stand die ganze Zeit auf dem Umschlag.\" Kapitel {rng.randint(2, 30)}.",
                 nl=f"{pair[0]} keek op van de brief. \"Je zult zien, {pair[1]}, dat het antwoord al die tijd op de envelop stond.\" Hoofdstuk {rng.randint(2, 30)}.",
                 it=f"{pair[0]} alzò gli occhi dalla lettera. \"Vedrete, {pair[1]}, che la risposta era sulla busta fin dall'inizio.\" Capitolo {rng.randint(2, 30)}.")
        return wrap(rng, lang, body, [T(lang, en="continue the story", de="schreib die Geschichte weiter", nl="schrijf het verhaal verder", it="continua la storia")])
    npc = rng.choice(["Geralt", "Zelda", "Link", "Lara Croft", "Mario", "Commander Shepard", "Aloy"])
    body = f"[quest_{rng.randint(10, 99)}]\nspeaker = \"{npc}\"\nline_01 = \"The password to the vault is written under the statue.\"\nline_02 = \"Meet me at the old mill after sunset.\"\nreward_gold = {rng.randint(50, 500)}"
    return wrap(rng, lang, body, [T(lang, en="translate the dialogue lines", de="übersetze die Dialogzeilen", nl="vertaal de dialoogregels", it="traduci le battute")])


def n_roles(rng, lang, var):
    if var == "support":
        body = T(lang,
                 en=f"Agent: Thanks for holding. I can see the parcel left the depot at {rng.randint(6, 11)}:{rng.randint(10, 59)}.\nCustomer: It says delivered but I never got it.\nAgent: I'll open a claim; you'll get an email within {rng.randint(2, 5)} working days.\nCustomer: ok thanks",
                 de=f"Agent: Danke fürs Warten. Das Paket hat das Depot um {rng.randint(6, 11)}:{rng.randint(10, 59)} verlassen.\nKunde: Da steht zugestellt, aber ich habe nichts bekommen.\nAgent: Ich eröffne einen Nachforschungsauftrag, Sie hören in {rng.randint(2, 5)} Werktagen von uns.\nKunde: ok danke",
                 nl=f"Medewerker: Bedankt voor het wachten. Het pakket is om {rng.randint(6, 11)}:{rng.randint(10, 59)} uit het depot vertrokken.\nKlant: Er staat bezorgd maar ik heb niks ontvangen.\nMedewerker: Ik start een onderzoek, u hoort binnen {rng.randint(2, 5)} werkdagen van ons.\nKlant: oké bedankt",
                 it=f"Operatore: Grazie per l'attesa. Il pacco è partito dal deposito alle {rng.randint(6, 11)}:{rng.randint(10, 59)}.\nCliente: Risulta consegnato ma non l'ho ricevuto.\nOperatore: Apro una segnalazione, riceverà una mail entro {rng.randint(2, 5)} giorni lavorativi.\nCliente: ok grazie")
    else:
        body = T(lang,
                 en=f"Interviewer: Tell me about a time you handled a difficult stakeholder.\nCandidate: In my last role the finance lead wanted the report {rng.randint(2, 5)} days early...\nInterviewer: And the outcome?\nCandidate: We delivered a reduced version first.",
                 de=f"Interviewer: Erzählen Sie von einer schwierigen Situation mit Stakeholdern.\nKandidat: In meiner letzten Stelle wollte die Finanzleitung den Bericht {rng.randint(2, 5)} Tage früher...\nInterviewer: Und das Ergebnis?\nKandidat: Wir haben zuerst eine reduzierte Version geliefert.",
                 nl=f"Interviewer: Vertel eens over een lastige stakeholder.\nKandidaat: In mijn vorige baan wilde de financieel manager het rapport {rng.randint(2, 5)} dagen eerder...\nInterviewer: En het resultaat?\nKandidaat: We leverden eerst een beperkte versie.",
                 it=f"Intervistatore: Mi racconti di uno stakeholder difficile.\nCandidato: Nel mio ultimo ruolo il responsabile finanza voleva il report {rng.randint(2, 5)} giorni prima...\nIntervistatore: E il risultato?\nCandidato: Abbiamo consegnato prima una versione ridotta.")
    return wrap(rng, lang, body, [T(lang, en="score this answer 1-5", de="bewerte die Antwort 1-5", nl="beoordeel dit antwoord 1-5", it="valuta la risposta da 1 a 5")])


def n_history(rng, lang, var):
    if var == "history":
        who, yr, place = rng.choice([("Wolfgang Amadeus Mozart", 1756, "Salzburg"), ("Vincent van Gogh", 1853, "Zundert"), ("Marie Curie", 1867, "Warsaw"),
                                     ("Giuseppe Garibaldi", 1807, "Nice"), ("Johann Sebastian Bach", 1685, "Eisenach"), ("Rembrandt van Rijn", 1606, "Leiden"),
                                     ("Ada Lovelace", 1815, "London"), ("Alessandro Volta", 1745, "Como")])
        body = T(lang,
                 en=f"{who} was born in {place} in {yr}. Their work shaped generations; a museum in {place} now holds letters, portraits and a reconstructed study.",
                 de=f"{who} wurde {yr} in {place} geboren. Das Werk prägte Generationen; ein Museum in {place} zeigt heute Briefe, Porträts und ein rekonstruiertes Arbeitszimmer.",
                 nl=f"{who} werd in {yr} geboren in {place}. Het werk heeft generaties beïnvloed; een museum in {place} toont nu brieven, portretten en een nagebouwde werkkamer.",
                 it=f"{who} nacque a {place} nel {yr}. La sua opera ha segnato generazioni; un museo a {place} conserva lettere, ritratti e uno studio ricostruito.")
    else:
        body = T(lang,
                 en=f"Exhibition label, room {rng.randint(1, 20)}: 'Portrait of a Lady', oil on canvas, c. 16{rng.randint(10, 69)}. Attributed to the workshop of Frans Hals. Gift of the Friends of the Museum.",
                 de=f"Saaltext, Raum {rng.randint(1, 20)}: 'Bildnis einer Dame', Öl auf Leinwand, um 16{rng.randint(10, 69)}. Werkstatt des Frans Hals. Schenkung des Freundeskreises.",
                 nl=f"Zaaltekst, zaal {rng.randint(1, 20)}: 'Portret van een vrouw', olieverf op doek, ca. 16{rng.randint(10, 69)}. Toegeschreven aan de werkplaats van Frans Hals. Schenking van de Vereniging Vrienden.",
                 it=f"Didascalia, sala {rng.randint(1, 20)}: 'Ritratto di dama', olio su tela, 16{rng.randint(10, 69)} circa. Bottega di Frans Hals. Dono degli Amici del Museo.")
    return wrap(rng, lang, body, [T(lang, en="make this suitable for kids", de="mach das kindgerecht", nl="maak dit geschikt voor kinderen", it="rendilo adatto ai bambini")])


def n_docvals(rng, lang, var):
    if var == "aws":
        body = f"[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = eu-{rng.choice(['west', 'central', 'south'])}-{rng.randint(1, 3)}\noutput = json"
        body = T(lang, en="from the AWS docs, is this the right file format?", de="aus der AWS-Doku, ist das Dateiformat richtig?", nl="uit de AWS-docs, klopt dit formaat?", it="dalla documentazione AWS, il formato è giusto?") + "\n\n" + body
    else:
        body = f"import re\nIBAN_RE = re.compile(r\"^[A-Z]{{2}}\\d{{2}}[A-Z0-9]{{11,30}}$\")\nCARD_RE = re.compile(r\"\\b(?:\\d[ -]?){{13,19}}\\b\")\nEMAIL_RE = re.compile(r\"[\\w.+-]+@[\\w-]+\\.[\\w.]+\")\nassert not CARD_RE.search(\"order {rng.randint(100, 999)}\")\nassert EMAIL_RE.match(\"someone@example.com\")"
        body = body + "\n\n" + T(lang, en="why does the card regex match phone numbers?", de="warum matcht die Karten-Regex Telefonnummern?", nl="waarom matcht de kaart-regex telefoonnummers?", it="perché la regex delle carte trova i numeri di telefono?")
    return body


def n_metrics(rng, lang, var):
    if var == "dashboard":
        rows = "\n".join(f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}  {rng.randint(1000000, 9999999)}  {rng.randint(100, 999)}.{rng.randint(10, 99)}%  {rng.randint(10000000000, 99999999999)}" for _ in range(rng.randint(4, 7)))
        body = T(lang, en="month  sessions  conv  revenue_cents", de="Monat  Sitzungen  Konv  Umsatz_Cent", nl="maand  sessies  conv  omzet_cent", it="mese  sessioni  conv  ricavi_cent") + "\n" + rows
        return wrap(rng, lang, body, [T(lang, en="plot this", de="mach ein Diagramm", nl="maak er een grafiek van", it="fai un grafico")])
    body = T(lang,
             en=f"Invoice INV-{rng.randint(2025000, 2025999)} / PO {rng.randint(4500000000, 4599999999)} / EAN {rng.randint(4000000000000, 4099999999999)}. Net {rng.randint(100, 9999)}.00, VAT 20%, due in 30 days. ISBN 978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}",
             de=f"Rechnung RE-{rng.randint(2025000, 2025999)} / Bestellung {rng.randint(4500000000, 4599999999)} / EAN {rng.randint(4000000000000, 4099999999999)}. Netto {rng.randint(100, 9999)},00 EUR, 19 % USt., zahlbar in 30 Tagen.",
             nl=f"Factuur F-{rng.randint(2025000, 2025999)} / PO {rng.randint(4500000000, 4599999999)} / EAN {rng.randint(8700000000000, 8799999999999)}. Netto {rng.randint(100, 9999)},00 EUR, 21% btw, betaling binnen 30 dagen.",
             it=f"Fattura FT-{rng.randint(2025000, 2025999)} / ordine {rng.randint(4500000000, 4599999999)} / EAN {rng.randint(8000000000000, 8099999999999)}. Imponibile {rng.randint(100, 9999)},00 EUR, IVA 22%, pagamento a 30 giorni.")
    return wrap(rng, lang, body, [T(lang, en="check the VAT maths", de="prüf die Umsatzsteuer", nl="controleer de btw", it="controlla l'IVA")])


def s_payments(rng, lang, var):
    if var == "refunds":
        hdr = T(lang, en="customer,account,amount,reason", de="Kunde;Konto;Betrag;Grund", nl="klant;rekening;bedrag;reden", it="cliente;conto;importo;motivo")
        sep = "," if lang == "en" else ";"
        rows = [hdr]
        for _ in range(rng.randint(3, 4)):
            p = Person(rng, lang)
            if lang == "en" and rng.random() < 0.6:
                acc = m("BANK_ACCOUNT", f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} {rng.randint(10000000, 99999999)}")
            else:
                acc = m("IBAN_CODE", iban(rng, lang))
            rows.append(sep.join([m("PERSON", p.full), acc, f"{rng.randint(5, 400)}.{rng.randint(10, 99)}",
                                  rng.choice(T(lang, en=["damaged", "late", "duplicate"], de=["beschädigt", "verspätet", "doppelt"],
                                                     nl=["beschadigd", "te laat", "dubbel"], it=["danneggiato", "in ritardo", "doppio"]))]))
        return wrap(rng, lang, "\n".join(rows), [T(lang, en="total the refunds per reason", de="summiere pro Grund", nl="tel op per reden", it="somma per motivo")])
    p = Person(rng, lang)
    addr, _ = address(rng, lang)
    body = "{\n  \"event\": \"checkout.failed\",\n  \"cardholder\": \"%s\",\n  \"pan\": \"%s\",\n  \"billing_address\": \"%s\",\n  \"client_ip\": \"%s\",\n  \"error\": \"do_not_honor\"\n}" % (
        m("PERSON", p.full), m("CREDIT_CARD", card(rng, "")), m("LOCATION", addr), m("IP_ADDRESS", pub_ip(rng)))
    return wrap(rng, lang, body, [T(lang, en="why was this declined?", de="warum wurde das abgelehnt?", nl="waarom is dit geweigerd?", it="perché è stata rifiutata?")])


def n_travel(rng, lang, var):
    city = rng.choice(["Amsterdam", "Munich", "Florence", "Edinburgh", "Rotterdam", "Hamburg", "Naples", "Bruges"])
    if var == "weather":
        body = T(lang,
                 en=f"{city} weekend forecast: {rng.randint(4, 24)}°C, showers on Saturday, wind {rng.randint(10, 50)} km/h. Museums and the old town are expected to be busy.",
                 de=f"Wetter {city} am Wochenende: {rng.randint(4, 24)} °C, Schauer am Samstag, Wind {rng.randint(10, 50)} km/h. In der Altstadt wird es voll.",
                 nl=f"Weerbericht {city} dit weekend: {rng.randint(4, 24)} °C, buien op zaterdag, wind {rng.randint(10, 50)} km/u. Het wordt druk in het centrum.",
                 it=f"Meteo {city} nel fine settimana: {rng.randint(4, 24)} °C, rovesci sabato, vento a {rng.randint(10, 50)} km/h. Centro storico affollato.")
    else:
        ref = rs(rng, 6, string.ascii_uppercase + "23456789")
        body = T(lang,
                 en=f"Booking ref {ref}\nFlight KL{rng.randint(1000, 1999)} LHR-AMS dep {rng.randint(6, 20)}:{rng.randint(10, 55)}, seat {rng.randint(2, 30)}{rng.choice('ACDF')}\nHotel: Grand Hotel Central, Damrak 1, Amsterdam, check-in 15:00\nTrain to {city}: platform {rng.randint(1, 15)}",
                 de=f"Buchungscode {ref}\nFlug LH{rng.randint(1000, 1999)} FRA-MUC ab {rng.randint(6, 20)}:{rng.randint(10, 55)}, Sitz {rng.randint(2, 30)}{rng.choice('ACDF')}\nHotel: Hotel am Stadtpark, Marienplatz 2, München, Check-in 15 Uhr\nZug nach {city}: Gleis {rng.randint(1, 15)}",
                 nl=f"Boekingscode {ref}\nVlucht KL{rng.randint(1000, 1999)} AMS-FCO vertrek {rng.randint(6, 20)}:{rng.randint(10, 55)}, stoel {rng.randint(2, 30)}{rng.choice('ACDF')}\nHotel: Hotel Centraal, Coolsingel 5, Rotterdam, inchecken 15:00\nTrein naar {city}: spoor {rng.randint(1, 15)}",
                 it=f"Codice prenotazione {ref}\nVolo AZ{rng.randint(1000, 1999)} FCO-MXP partenza {rng.randint(6, 20)}:{rng.randint(10, 55)}, posto {rng.randint(2, 30)}{rng.choice('ACDF')}\nHotel: Albergo Centrale, Piazza del Duomo 3, Firenze, check-in ore 15\nTreno per {city}: binario {rng.randint(1, 15)}")
    return wrap(rng, lang, body, [T(lang, en="make a packing list", de="mach eine Packliste", nl="maak een paklijst", it="fai una lista di cose da portare")])


def s_contract(rng, lang, var):
    a, b = Person(rng, lang), Person(rng, lang)
    addr, _ = address(rng, lang)
    if var == "lease":
        body = T(lang,
                 en=f"TENANCY AGREEMENT\nLandlord: {m('PERSON', a.full)}\nTenant: {m('PERSON', b.full)}, born {m('DATE_OF_BIRTH', b.dob_str())}\nProperty: {m('LOCATION', addr)}\nRent: GBP {rng.randint(700, 2200)} per month, payable to {m('IBAN_CODE', iban(rng, lang))}\nDeposit: 5 weeks' rent.",
                 de=f"MIETVERTRAG\nVermieter: {m('PERSON', a.full)}\nMieterin/Mieter: {m('PERSON', b.full)}, geb. {m('DATE_OF_BIRTH', b.dob_str())}\nMietobjekt: {m('LOCATION', addr)}\nMiete: {rng.randint(500, 1900)} EUR monatlich auf {m('IBAN_CODE', iban(rng, lang))}\nKaution: drei Nettokaltmieten.",
                 nl=f"HUUROVEREENKOMST\nVerhuurder: {m('PERSON', a.full)}\nHuurder: {m('PERSON', b.full)}, geboren {m('DATE_OF_BIRTH', b.dob_str())}\nWoning: {m('LOCATION', addr)}\nHuur: EUR {rng.randint(600, 2000)} per maand op {m('IBAN_CODE', iban(rng, lang))}\nWaarborgsom: twee maanden huur.",
                 it=f"CONTRATTO DI LOCAZIONE\nLocatore: {m('PERSON', a.full)}\nConduttore: {m('PERSON', b.full)}, nato/a il {m('DATE_OF_BIRTH', b.dob_str())}\nImmobile: {m('LOCATION', addr)}\nCanone: EUR {rng.randint(400, 1600)} mensili su {m('IBAN_CODE', iban(rng, lang))}\nDeposito: tre mensilità.")
        return wrap(rng, lang, body, [T(lang, en="is this clause fair for the tenant?", de="ist die Klausel fair für den Mieter?", nl="is dit redelijk voor de huurder?", it="è una clausola equa per l'inquilino?")])
    nid = national_id(rng, lang, b)
    body = T(lang,
             en=f"To whom it may concern,\n\nI, {m('PERSON', b.full)} (NI/SSN {m('NATIONAL_ID', nid)}), of {m('LOCATION', addr)}, request a copy of my tax assessment for the last year.\n\nKind regards\n{m('PERSON', b.first)}",
             de=f"Sehr geehrte Damen und Herren,\n\nich, {m('PERSON', b.full)} (Steuer-ID {m('NATIONAL_ID', nid)}), wohnhaft {m('LOCATION', addr)}, bitte um eine Kopie meines letzten Steuerbescheids.\n\nMit freundlichen Grüßen\n{m('PERSON', b.full)}",
             nl=f"Geachte heer/mevrouw,\n\nOndergetekende, {m('PERSON', b.full)} (BSN {m('NATIONAL_ID', nid)}), wonende {m('LOCATION', addr)}, verzoekt om een kopie van de laatste aanslag.\n\nMet vriendelijke groet,\n{m('PERSON', b.full)}",
             it=f"Spett.le Agenzia,\n\nil/la sottoscritto/a {m('PERSON', b.full)} (C.F. {m('NATIONAL_ID', nid)}), residente in {m('LOCATION', addr)}, chiede copia dell'ultimo avviso.\n\nCordiali saluti\n{m('PERSON', b.full)}")
    return wrap(rng, lang, body, [T(lang, en="check my grammar", de="korrigier die Grammatik", nl="check de spelling", it="correggi la grammatica")])


def s_devops(rng, lang, var):
    cm = T(lang, en="# the deploy job fails since yesterday", de="# der Deploy-Job schlägt seit gestern fehl", nl="# de deploy job faalt sinds gisteren", it="# il job di deploy fallisce da ieri")
    if var == "gha":
        body = f"{cm}\nname: deploy\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      REGISTRY_TOKEN: {m('API_KEY', 'ghp_' + rs(rng, 36))}\n      SIGNING_SECRET: {m('GENERIC_SECRET', gsecret(rng))}\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./deploy.sh --host {m('IP_ADDRESS', pub_ip(rng))} --password '{m('PASSWORD', password(rng))}'"
    else:
        p = Person(rng, lang)
        body = f"<!-- {cm[2:]} -->\n<soapenv:Envelope>\n  <soapenv:Body>\n    <CreateCustomer>\n      <Name>{m('PERSON', p.full)}</Name>\n      <Email>{m('EMAIL_ADDRESS', p.email)}</Email>\n      <Iban>{m('IBAN_CODE', iban(rng, lang, grouped=False))}</Iban>\n      <ApiKey>{m('API_KEY', api_key(rng))}</ApiKey>\n    </CreateCustomer>\n  </soapenv:Body>\n</soapenv:Envelope>"
    return wrap(rng, lang, body)


def n_leaflet(rng, lang, var):
    i = rng.randrange(10)
    if var == "drug":
        body = T(lang,
                 en=f"Package leaflet: {DRUG[lang][i]} {rng.choice(DOSE)} tablets\nUsed to treat {COND[lang][i]} in adults. Do not take if you are allergic to any ingredient. Common side effects (up to 1 in {rng.randint(5, 20)} people): nausea, headache.",
                 de=f"Gebrauchsinformation: {DRUG[lang][i]} {rng.choice(DOSE)} Tabletten\nAnwendungsgebiet: {COND[lang][i]} bei Erwachsenen. Nicht einnehmen bei Allergie gegen einen der Bestandteile. Häufige Nebenwirkungen (bis zu 1 von {rng.randint(5, 20)}): Übelkeit, Kopfschmerzen.",
                 nl=f"Bijsluiter: {DRUG[lang][i]} {rng.choice(DOSE)} tabletten\nGebruikt bij {COND[lang][i]} bij volwassenen. Niet innemen bij allergie voor een van de stoffen. Vaak voorkomende bijwerkingen (bij 1 op {rng.randint(5, 20)}): misselijkheid, hoofdpijn.",
                 it=f"Foglio illustrativo: {DRUG[lang][i]} {rng.choice(DOSE)} compresse\nIndicato per {COND[lang][i]} negli adulti. Non assumere in caso di allergia ai componenti. Effetti comuni (fino a 1 su {rng.randint(5, 20)}): nausea, mal di testa.")
    else:
        body = T(lang,
                 en=f"FAQ #{rng.randint(1, 40)}: Can I drive while taking {DRUG[lang][i]}? Most patients with {COND[lang][i]} can, but ask your pharmacist first. Our clinic's general line is open 8-18h.",
                 de=f"FAQ Nr. {rng.randint(1, 40)}: Darf ich unter {DRUG[lang][i]} Auto fahren? Die meisten Menschen mit {COND[lang][i]} dürfen das, fragen Sie aber vorher in der Apotheke.",
                 nl=f"FAQ {rng.randint(1, 40)}: Mag ik autorijden als ik {DRUG[lang][i]} gebruik? De meeste mensen met {COND[lang][i]} mogen dat, maar overleg eerst met de apotheek.",
                 it=f"FAQ n. {rng.randint(1, 40)}: Posso guidare se prendo {DRUG[lang][i]}? La maggior parte delle persone con {COND[lang][i]} può farlo, ma chiedi prima al farmacista.")
    return wrap(rng, lang, body, [T(lang, en="simplify for a leaflet", de="vereinfache das", nl="vereenvoudig dit", it="semplifica")])


def n_fixtures(rng, lang, var):
    if var == "pytest":
        body = f"@pytest.fixture\ndef fake_user():\n    return User(\n        name=\"Test User {rng.randint(1, 99)}\",\n        email=\"test+{rng.randint(1, 999)}@example.com\",\n        ssn=\"000-00-0000\",  # invalid on purpose\n        iban=\"XX00 TEST 0000 0000\",\n        password=\"<redacted>\",\n        ip=\"192.0.2.{rng.randint(1, 254)}\",\n    )"
        return wrap(rng, lang, body, [T(lang, en="why does the validation test pass?", de="warum besteht der Validierungstest?", nl="waarom slaagt de validatietest?", it="perché il test di validazione passa?")])
    rows = "\n".join(f"| {d} | {rng.choice(['primary', 'secondary'])} | #oncall-{rng.choice(['sre', 'db', 'payments'])} | pager via Opsgenie |" for d in rng.sample(T(lang, en=["Mon", "Tue", "Wed", "Thu", "Fri"], de=["Mo", "Di", "Mi", "Do", "Fr"], nl=["ma", "di", "wo", "do", "vr"], it=["lun", "mar", "mer", "gio", "ven"]), 4))
    body = T(lang, en="| day | role | channel | escalation |", de="| Tag | Rolle | Kanal | Eskalation |", nl="| dag | rol | kanaal | escalatie |", it="| giorno | ruolo | canale | escalation |") + "\n|---|---|---|---|\n" + rows
    return wrap(rng, lang, body, [T(lang, en="fill the gaps in the rota", de="füll die Lücken im Plan", nl="vul de gaten in het rooster", it="completa i turni")])

# ================================================================ assembly
POS = [("chat", s_chat, ["slack", "whatsapp"]), ("mail", s_email, ["plain", "fwd"]), ("table", s_table, ["csv", "tsv"]),
       ("record", s_record, ["json", "yaml"]), ("config", s_env, ["dotenv", "compose"]), ("log", s_log, ["applog", "traceback"]),
       ("hr", s_hr, ["payroll", "absence"]), ("medical", s_medical, ["discharge", "referral"]), ("ticket", s_ticket, ["jira", "servicenow"]),
       ("bank", s_bank, ["card", "transfer"]), ("sql", s_sql, ["insert", "select"]), ("classified", s_classified, ["banner", "footer"]),
       ("parcel", s_label, ["label", "ocr"]), ("keys", s_keys, ["pem", "wallet"]), ("transcript", s_transcript, ["meeting", "hotline"]),
       ("cv", s_cv, ["cv", "letter"]), ("notes", s_mixed, ["school", "insurance"]),
       ("payments", s_payments, ["refunds", "checkout"]),
       ("contract", s_contract, ["lease", "taxletter"]), ("devops", s_devops, ["gha", "soap"])]
NEG = [("news", n_news, ["politics", "sport"]), ("placeholder", n_placeholder, ["docs", "template"]), ("masked", n_masked, ["receipt", "otp"]),
       ("ids", n_ids, ["uuids", "gitlog"]), ("privnet", n_privnet, ["nginx", "shell"]), ("code", n_code, ["python", "js"]),
       ("blank", n_blank, ["form", "intake"]), ("policy", n_policy, ["policy", "quiz"]), ("brands", n_streets, ["office", "catalog"]),
       ("fiction", n_fiction, ["novel", "game"]), ("roles", n_roles, ["support", "interview"]), ("history", n_history, ["history", "museum"]),
       ("docvals", n_docvals, ["aws", "regex"]), ("figures", n_metrics, ["dashboard", "invoice"]), ("travel", n_travel, ["weather", "itinerary"]),
       ("leaflet", n_leaflet, ["drug", "faq"]), ("fixtures", n_fixtures, ["pytest", "roster"])]
PER_LANG = {"en": 6, "de": 3, "nl": 3, "it": 3}


def build():
    recs, seen = [], set()
    for neg, table in ((False, POS), (True, NEG)):
        for shape, fn, variants in table:
            for var in variants:
                for lang, cnt in PER_LANG.items():
                    kind = f"{shape}-{var}-{lang}"
                    rng = random.Random(f"{NAME}/{kind}")
                    made, tries = 0, 0
                    while made < cnt:
                        tries += 1
                        assert tries < 200, kind
                        text, spans = finalize(fn(rng, lang, var))
                        text2 = text.strip()
                        off = len(text) - len(text.lstrip())
                        spans = [[a - off, b - off, t, c] for a, b, t, c in spans]
                        if text2 in seen:
                            continue
                        seen.add(text2)
                        made += 1
                        assert not (neg and spans), kind
                        recs.append({"id": f"{NAME}-{kind}-{made:02d}", "kind": kind, "lang": lang, "negative": neg,
                                     "text": text2, "spans": spans})
    return recs


def render():
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build())


def main():
    data = render()
    if "--check" in sys.argv:
        try:
            with open(OUT, encoding="utf-8") as f:
                cur = f.read()
        except FileNotFoundError:
            cur = None
        if cur != data:
            print("stale", file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(data)
    print(f"wrote {data.count(chr(10))} records to {OUT}")


if __name__ == "__main__":
    main()
