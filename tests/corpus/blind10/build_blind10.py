"""Build the blind10 evaluation set (stdlib only, deterministic).

    python build_blind10.py          # writes blind10.jsonl
    python build_blind10.py --check  # exit 1 if blind10.jsonl is stale
"""
import base64
import hashlib
import json
import os
import random
import re
import string
import sys
import textwrap

NAME = "blind10"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, NAME + ".jsonl")

CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact", "NATIONAL_ID": "government_id",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "API_KEY": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "CONNECTION_STRING": "secret", "JWT": "secret",
    "PRIVATE_KEY": "secret", "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}
CODE = {
    "PER": "PERSON", "DOB": "DATE_OF_BIRTH", "LOC": "LOCATION", "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER", "NID": "NATIONAL_ID", "CC": "CREDIT_CARD", "IBAN": "IBAN_CODE",
    "BANK": "BANK_ACCOUNT", "CRYPTO": "CRYPTO", "API": "API_KEY", "PWD": "PASSWORD",
    "SECRET": "GENERIC_SECRET", "CONN": "CONNECTION_STRING", "JWT": "JWT", "PKEY": "PRIVATE_KEY",
    "IP": "IP_ADDRESS", "MAC": "MAC_ADDRESS", "COND": "MEDICAL_CONDITION", "MED": "MEDICATION",
    "MRN": "MEDICAL_RECORD_NUMBER", "CLS": "CLASSIFICATION_MARKING", "_": None,
}

# ---------------------------------------------------------------- pools (private)
FIRST = {
    "en": ["Olivia", "Liam", "Harriet", "Declan", "Priya", "Marcus", "Siobhan", "Trevor", "Naomi",
           "Callum", "Bethany", "Desmond", "Imogen", "Rupert", "Keisha", "Gareth", "Tamsin",
           "Dwayne", "Fiona", "Ravi"],
    "es": ["Lucía", "Javier", "Ainhoa", "Iñigo", "Rocío", "Álvaro", "Nerea", "Gonzalo", "Itziar",
           "Rubén", "Maite", "Yolanda", "Adrián", "Begoña", "Fermín", "Covadonga"],
    "it": ["Giulia", "Matteo", "Chiara", "Lorenzo", "Federica", "Tommaso", "Ilaria", "Davide",
           "Niccolò", "Arianna", "Gianluca", "Beatrice", "Ottavio", "Loredana"],
    "de": ["Katrin", "Anneliese", "Jörg", "Svenja", "Henrik", "Birgit", "Tobias", "Friederike",
           "Lukas", "Ute", "Malte", "Dörte", "Carsten", "Wiebke", "Gerlinde", "Torben"],
}
LAST = {
    "en": ["Whitfield", "Okonkwo", "Pemberton", "Hargreaves", "Abernathy", "Lindqvist",
           "McAllister", "Thornbury", "Ashworth", "Kowalczyk", "Brennan", "Fairbairn", "Oduya",
           "Garside", "Pickering", "Holloway", "Fenwick", "Strickland", "Mbeki-Shaw", "Rourke"],
    "es": ["Etxeberria", "Quintana", "Villalobos", "Peñalver", "Arrieta", "Carrasco", "Olmedo",
           "Zubiaurre", "Montoya", "Barrientos", "Sotomayor", "Gallardo", "Urquijo", "Cifuentes"],
    "it": ["Bianchetti", "Lombardo", "Ferraresi", "Caputo", "Marchetti", "Santoro", "Pellegrini",
           "Brambilla", "Montanari", "Cattaneo", "Benedetti", "Sartori", "Tagliaferri", "Zanolla"],
    "de": ["Brandstätter", "Lindemann", "Hoffmeister", "Grünewald", "Pfeiffer", "Reinholz",
           "Oberländer", "Kästner", "Vogelsang", "Wendt", "Habermann", "Steinbach", "Quasthoff",
           "Dreßler"],
}
TOWNS = {
    "en": ["Tewkesbury", "Bridlington", "Keswick", "Loughborough", "Otley", "Frome", "Wenatchee",
           "Keene", "Bozeman", "Paducah", "Cirencester", "Nantwich"],
    "es": ["Villarrobledo", "Tomelloso", "Azpeitia", "Medina del Campo", "Alcañiz", "Tudela",
           "Cangas de Onís", "Ribadeo", "Jódar", "Utrera"],
    "it": ["Castelfranco Veneto", "Sassuolo", "Fossano", "Gubbio", "Cittadella", "Montebelluna",
           "Chiavari", "Sulmona", "Bagheria", "Vimercate"],
    "de": ["Wunsiedel", "Bad Kissingen", "Rinteln", "Zerbst", "Ottobrunn", "Wolfratshausen",
           "Bad Segeberg", "Meschede", "Schwabach", "Nördlingen"],
}
STREETS = {
    "en": ["Larkspur Close", "Ferncliffe Road", "Mill Bank Lane", "Quarry Hill", "Orchard Rise",
           "Cedar Hollow Dr", "Sycamore Ave", "Kingfisher Way"],
    "es": ["Calle del Almendro", "Avda. de los Olivos", "C/ Huertas Altas", "Calle Mayor Baja",
           "Paseo de la Ribera", "C/ Río Tajuña"],
    "it": ["Via dei Gelsi", "Via Monte Grappa", "Viale delle Magnolie", "Via Roggia Vecchia",
           "Vicolo del Forno", "Via San Rocco"],
    "de": ["Lindenstraße", "Am Mühlbach", "Birkenweg", "Hohe Straße", "Kiefernring",
           "Zum Sportplatz"],
}
ZIP = {"en": None, "es": "#####", "it": "#####", "de": "#####"}
EMAIL_DOM = {"en": ["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk", "icloud.com"],
             "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"],
             "it": ["libero.it", "gmail.com", "virgilio.it", "tiscali.it"],
             "de": ["web.de", "gmx.de", "t-online.de", "posteo.de"]}
CORP_DOM = ["northwind-logistics.co.uk", "brightpath.io", "helvion.de", "lumacorp.es",
            "ferrovent.it", "quillstack.com"]

# ---------------------------------------------------------------- public look-alikes (never labelled)
PUBLIC_FIG = {
    "en": ["Taylor Swift", "Barack Obama", "Serena Williams", "Winston Churchill", "Ada Lovelace",
           "Alan Turing", "Elon Musk", "Emma Raducanu"],
    "es": ["Rafa Nadal", "Penélope Cruz", "Pedro Almodóvar", "Fernando Alonso", "Miguel de Cervantes",
           "Alexia Putellas", "Frida Kahlo", "Gabriel García Márquez"],
    "it": ["Sophia Loren", "Giuseppe Verdi", "Roberto Baggio", "Jannik Sinner",
           "Dante Alighieri", "Rita Levi-Montalcini", "Sergio Mattarella", "Federico Fellini"],
    "de": ["Angela Merkel", "Thomas Mann", "Steffi Graf", "Helene Fischer", "Albert Einstein",
           "Johann Wolfgang von Goethe", "Dirk Nowitzki", "Marie Curie"],
}
BRANDS = ["Tommy Hilfiger", "Hugo Boss", "Ben & Jerry's", "Tim Hortons", "Dr. Oetker",
          "Giorgio Armani", "Massimo Dutti", "Carolina Herrera", "Ralph Lauren", "Johnnie Walker",
          "Jack Daniel's"]
PUBLIC_CITY = {"en": ["London", "Manchester", "New York", "Chicago", "Dublin", "Edinburgh"],
               "es": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Zaragoza"],
               "it": ["Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze"],
               "de": ["Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Stuttgart"]}
TEMPLATE_NAMES = ["John Doe", "Jane Doe", "Max Mustermann", "Erika Mustermann", "Mario Rossi",
                  "Juan Pérez", "Fulano de Tal", "Joe Bloggs"]
TEST_CARDS = ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444",
              "378282246310005", "4000 0566 5566 5556", "6011 1111 1111 1117"]
EXAMPLE_IBANS = ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32",
                 "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456",
                 "FR14 2004 1010 0505 0001 3M02 606"]
AWS_EXAMPLE = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4g"
          "RG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
# pool values that deliberately appear unlabelled (public use) in the named kinds; see
# kinds_hand_blind10.LOOKALIKE_BY_KIND, merged in build()
PUBLIC_LOOKALIKES = {}

CONDITIONS = {
    "en": ["type 2 diabetes", "major depressive disorder", "epilepsy", "Crohn's disease",
           "hypertension", "bipolar disorder", "asthma", "multiple sclerosis", "HIV"],
    "es": ["diabetes tipo 1", "trastorno de ansiedad generalizada", "epilepsia", "hipotiroidismo",
           "enfermedad de Crohn", "fibromialgia", "hipertensión arterial"],
    "it": ["diabete di tipo 2", "depressione maggiore", "epilessia", "celiachia",
           "sclerosi multipla", "ipertensione", "disturbo bipolare"],
    "de": ["Diabetes mellitus Typ 2", "Depression", "Epilepsie", "Morbus Crohn", "Bluthochdruck",
           "Multiple Sklerose", "Long-COVID", "Burnout-Syndrom"],
}
MEDS = ["metformin", "sertraline", "levetiracetam", "lamotrigine", "insulin glargine",
        "levothyroxine", "adalimumab", "lisinopril", "quetiapine", "salbutamol", "escitalopram"]
MEDS_L = {"en": MEDS,
          "es": ["metformina", "sertralina", "levotiroxina", "insulina glargina", "enalapril",
                 "levetiracetam", "pregabalina"],
          "it": ["metformina", "sertralina", "levotiroxina", "ramipril", "lamotrigina",
                 "adalimumab", "quetiapina"],
          "de": ["Metformin", "Sertralin", "L-Thyroxin", "Ramipril", "Lamotrigin", "Adalimumab",
                 "Citalopram"]}
BANNERS = {"en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "TLP:AMBER", "TLP:RED",
                  "INTERNAL USE ONLY", "OFFICIAL-SENSITIVE", "SECRET//NOFORN"],
           "es": ["CONFIDENCIAL", "ESTRICTAMENTE CONFIDENCIAL", "USO INTERNO", "DIFUSIÓN LIMITADA",
                  "TLP:AMBER"],
           "it": ["RISERVATO", "STRETTAMENTE RISERVATO", "CONFIDENZIALE", "USO INTERNO",
                  "TLP:RED"],
           "de": ["VERTRAULICH", "STRENG VERTRAULICH", "NUR FÜR DEN DIENSTGEBRAUCH", "INTERN",
                  "VS-NfD", "TLP:AMBER"]}


# ---------------------------------------------------------------- checksums
def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        n = int(c)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return s % 10 == 0


def luhn_complete(prefix, length, rng):
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c


def iban_make(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return cc + "%02d" % (98 - int(num) % 97) + bban


def iban_ok(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in r)) % 97 == 1


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def not_luhn_digits(rng, n, first=None):
    while True:
        d = (first or rng.choice("123456789")) + "".join(rng.choice(string.digits)
                                                         for _ in range(n - 1))
        if not luhn_ok(d):
            return d


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload):
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def cf_check(s15):
    odd = {c: v for c, v in zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19,
                                 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23])}
    tot = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            tot += odd[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)


def steuer_check(d10):
    prod = 10
    for c in d10:
        s = (int(c) + prod) % 10 or 10
        prod = (s * 2) % 11
    chk = 11 - prod
    return "0" if chk == 10 else str(chk)


# ---------------------------------------------------------------- generators
def _person(ctx, rng, lang, tag):
    key = (tag or "_auto%d" % rng.randrange(10 ** 9))
    if key not in ctx["p"]:
        pl = lang if lang in FIRST else "en"
        used = {v for v in ctx["p"].values()}
        while True:
            f, l = rng.choice(FIRST[pl]), rng.choice(LAST[pl])
            if pl == "es" and rng.random() < 0.6:
                l = l + " " + rng.choice([x for x in LAST["es"] if x != l])
            if (f, l) not in used and all(f != u[0] for u in used):
                break
        ctx["p"][key] = (f, l)
    return ctx["p"][key]


def deaccent(s):
    tr = str.maketrans("áéíóúàèìòùäöüßñçÁÉÍÓÚÄÖÜÑ", "aeiouaeiouaousncAEIOUAOUN")
    return s.translate(tr)


def rdate(rng, y0=1950, y1=2004):
    return rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28)


MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"],
          "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                 "septiembre", "octubre", "noviembre", "diciembre"],
          "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                 "settembre", "ottobre", "novembre", "dicembre"],
          "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember"]}


def fmt_date(rng, lang, y, m, d, style=None):
    style = style or rng.choice(["num", "num", "iso", "long"])
    if style == "iso":
        return "%04d-%02d-%02d" % (y, m, d)
    if style == "long":
        mn = MONTHS[lang][m - 1]
        if lang == "en":
            return rng.choice(["%d %s %d" % (d, mn, y), "%s %d, %d" % (mn, d, y)])
        if lang == "es":
            return "%d de %s de %d" % (d, mn, y)
        if lang == "de":
            return "%d. %s %d" % (d, mn, y)
        return "%d %s %d" % (d, mn, y)
    if lang == "de":
        return "%02d.%02d.%04d" % (d, m, y)
    if lang == "en" and rng.random() < 0.5:
        return "%02d/%02d/%04d" % (m, d, y)
    return "%02d/%02d/%04d" % (d, m, y)


def phone(rng, loc):
    D = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if loc == "us":
        a = rng.choice(["206", "312", "415", "617", "512", "303", "919"])
        ex = str(rng.randint(201, 989))
        while ex == "555":
            ex = str(rng.randint(201, 989))
        return rng.choice(["(%s) %s-%s", "+1 %s-%s-%s", "%s.%s.%s"]) % (a, ex, D(4))
    if loc == "uk":
        return rng.choice(["07%s %s", "+44 7%s %s", "+44 (0)7%s %s"]) % (D(3), D(6))
    if loc == "es":
        return rng.choice(["6%s %s %s %s", "+34 6%s %s %s %s", "+34 6%s%s%s%s"]) % (
            D(2), D(2), D(2), D(2))
    if loc == "it":
        return rng.choice(["3%s %s %s", "+39 3%s %s%s", "+39 3%s-%s-%s"]) % (D(2), D(3), D(4))
    return rng.choice(["015%s %s", "+49 15%s %s", "0171/%s%s", "+49 (0)176 %s%s"]) % (
        D(1) if rng.random() < 0.5 else D(2), D(7))


def address(rng, lang, multiline):
    n = rng.randint(1, 148)
    st, town = rng.choice(STREETS[lang]), rng.choice(TOWNS[lang])
    if lang == "en":
        if town in ("Wenatchee", "Keene", "Bozeman", "Paducah"):
            stt = {"Wenatchee": "WA 98801", "Keene": "NH 03431", "Bozeman": "MT 59715",
                   "Paducah": "KY 42001"}[town]
            parts = ["%d %s" % (n, st), "%s, %s" % (town, stt)]
        else:
            pc = "%s%d %d%s" % (rng.choice(["GL", "YO", "CA", "LE", "LS", "BA", "CW"]),
                                rng.randint(1, 20), rng.randint(1, 9),
                                "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2)))
            parts = ["%d %s" % (n, st), town, pc]
    elif lang == "de":
        parts = ["%s %d" % (st, n), "%05d %s" % (rng.randint(10000, 99999), town)]
    elif lang == "es":
        extra = rng.choice(["", ", %dº %s" % (rng.randint(1, 8), rng.choice("ABCD"))])
        parts = ["%s, %d%s" % (st, n, extra), "%05d %s" % (rng.randint(1000, 52999), town)]
    else:
        parts = ["%s %d" % (st, n), "%05d %s" % (rng.randint(10000, 98999), town)]
    return ("\n" if multiline else ", ").join(parts)


def rand_str(rng, n, alpha=string.ascii_letters + string.digits):
    return "".join(rng.choice(alpha) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def public_ip(rng):
    while True:
        a = rng.randint(1, 223)
        b, c, d = rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)
        if a in (10, 127, 0, 100, 169, 172, 192, 198, 203):
            continue
        return "%d.%d.%d.%d" % (a, b, c, d)


def private_ip(rng):
    return rng.choice(["10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
                       "192.168.%d.%d" % (rng.randint(0, 20), rng.randint(2, 254)),
                       "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)),
                       "127.0.0.1", "169.254.%d.%d" % (rng.randint(1, 254), rng.randint(1, 254)),
                       "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)),
                       "203.0.113.%d" % rng.randint(1, 254), "198.51.100.%d" % rng.randint(1, 254),
                       "192.0.2.%d" % rng.randint(1, 254)])


def gen(name, rng, lang, ctx, tag):
    """Return the string for generator `name`."""
    L = lang
    R = rng
    if name in ("full", "first", "last", "lastfirst", "upper", "lowfirst", "firstinit",
                "mail", "mailc", "lastupper"):
        f, l = _person(ctx, R, tag.split("~")[1] if "~" in (tag or "") else L, tag)
        if name == "full":
            return f + " " + l
        if name == "first":
            return f
        if name == "lowfirst":
            return f.lower()
        if name == "last":
            return l
        if name == "lastfirst":
            return l + ", " + f
        if name == "upper":
            return (f + " " + l).upper()
        if name == "lastupper":
            return l.upper() + " " + f
        if name == "firstinit":
            return f + " " + l[0] + "."
        loc = deaccent(f.lower()) + R.choice([".", "_", ""]) + deaccent(l.split()[0].lower())
        loc = loc.replace("'", "").replace(" ", "")
        if name == "mailc":
            return deaccent(f.lower())[0] + deaccent(
                l.split()[0].lower()).replace("-", "") + "@" + R.choice(CORP_DOM)
        return loc + ("%d" % R.randint(1, 99) if R.random() < 0.4 else "") + "@" + R.choice(
            EMAIL_DOM[L if L in EMAIL_DOM else "en"])
    if name == "town":
        return R.choice(TOWNS[L])
    if name == "addr":
        return address(R, L, True)
    if name == "addr1":
        return address(R, L, False)
    if name == "dob":
        return fmt_date(R, L, *rdate(R))
    if name == "dobc":
        return "%04d%02d%02d" % rdate(R)
    if name == "dobiso":
        return fmt_date(R, L, *rdate(R), style="iso")
    if name.startswith("phone"):
        loc = name[6:] or {"en": R.choice(["us", "uk"]), "es": "es", "it": "it", "de": "de"}[L]
        return phone(R, loc)
    if name == "ssn":
        while True:
            a = R.randint(1, 899)
            if a != 666:
                break
        return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))
    if name == "nino":
        ok1 = "ABCEGHJKLMNOPRSTWXYZ"
        ok2 = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            p = R.choice(ok1) + R.choice(ok2)
            if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
                break
        d = "%06d" % R.randint(0, 999999)
        return R.choice(["%s%s%s", "%s %s %s"]) % (p, " ".join([d[:2], d[2:4], d[4:]])
                                                   if R.random() < .5 else d, R.choice("ABCD"))
    if name == "sin":
        d = luhn_complete(R.choice("1234567"), 9, R)
        return "%s %s %s" % (d[:3], d[3:6], d[6:])
    if name == "dni":
        n = R.randint(1000000, 99999999)
        return "%08d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])
    if name == "nie":
        p = R.choice("XYZ")
        n = R.randint(0, 9999999)
        v = int(str("XYZ".index(p)) + "%07d" % n)
        return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23])
    if name == "cf":
        U = string.ascii_uppercase
        s = "".join(R.choice("BCDFGLMNPRSTVZ") for _ in range(6)) + "%02d" % R.randint(50, 99) + \
            R.choice("ABCDEHLMPRST") + "%02d" % R.choice(list(range(1, 29)) + list(range(41, 69))) + \
            R.choice("ABCDEFGHILMZ") + "%03d" % R.randint(1, 999)
        return s + cf_check(s)
    if name == "steuer":
        digs = list("0123456789")
        R.shuffle(digs)
        dup = digs[0]
        ten = digs[:9] + [dup]
        while True:
            R.shuffle(ten)
            if ten[0] != "0":
                break
        d = "".join(ten)
        s = d + steuer_check(d)
        return R.choice([s, "%s %s %s %s" % (s[:2], s[2:5], s[5:8], s[8:])])
    if name == "bsn":
        while True:
            d = [R.randint(0, 9) for _ in range(9)]
            if d[0] and (sum(d[i] * (9 - i) for i in range(8)) - d[8]) % 11 == 0:
                return "".join(map(str, d))
    if name.startswith("card"):
        kind = name[5:] or R.choice(["visa", "mc", "amex", "visa"])
        if kind == "amex":
            c = luhn_complete(R.choice(["34", "37"]), 15, R)
            return R.choice([c, "%s %s %s" % (c[:4], c[4:10], c[10:])])
        c = luhn_complete(R.choice(["4"] if kind == "visa" else ["51", "53", "55", "2221"]), 16, R)
        if c in [t.replace(" ", "") for t in TEST_CARDS]:
            c = luhn_complete("49", 16, R)
        return R.choice([c, group4(c), "-".join(group4(c).split())])
    if name.startswith("iban"):
        cc = name[5:] or {"en": R.choice(["GB", "IE", "NL"]), "es": "ES", "it": "IT",
                          "de": R.choice(["DE", "DE", "AT", "CH"])}[L]
        D = lambda n: "".join(R.choice(string.digits) for _ in range(n))
        bban = {"GB": lambda: R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + D(14),
                "IE": lambda: "AIBK" + D(14), "NL": lambda: R.choice(["RABO", "INGB", "ABNA"]) + D(10),
                "ES": lambda: D(20), "IT": lambda: R.choice(string.ascii_uppercase) + D(10) + D(12),
                "DE": lambda: D(18), "AT": lambda: D(16), "CH": lambda: D(17),
                "FR": lambda: D(23)}[cc]()
        ib = iban_make(cc, bban)
        return R.choice([ib, group4(ib)])
    if name == "aba":
        while True:
            d = [R.randint(0, 9) for _ in range(9)]
            d[0] = R.choice([0, 1, 2, 3])
            if (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0:
                return "".join(map(str, d)) + " / " + not_luhn_digits(R, R.randint(8, 12))
    if name == "ccc":
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(ds):
            v = 11 - sum(int(c) * k for c, k in zip(ds, w)) % 11
            return {10: 1, 11: 0}.get(v, v)
        ent = "%04d" % R.randint(1, 3199)
        ofi = "%04d" % R.randint(1, 9999)
        acc = "%010d" % R.randint(10 ** 8, 10 ** 10 - 1)
        return "%s %s %d%d %s" % (ent, ofi, dc("00" + ent + ofi), dc(acc), acc)
    if name == "sortcode":
        return "%02d-%02d-%02d %s" % (R.randint(10, 99), R.randint(0, 99), R.randint(0, 99),
                                      "%08d" % R.randint(10000000, 99999999))
    if name == "btc":
        return b58check(b"\0" + bytes(R.randrange(256) for _ in range(20)))
    if name == "eth":
        return "0x" + rand_str(R, 40, "0123456789abcdef")
    if name == "aws_id":
        return R.choice(["AKIA", "ASIA"]) + rand_str(R, 16, string.ascii_uppercase + "234567")
    if name == "aws_secret":
        return rand_str(R, 40, string.ascii_letters + string.digits + "/+")
    if name == "ghp":
        if R.random() < 0.3:
            return "github_pat_11" + rand_str(R, 20, string.ascii_uppercase + string.digits) + "_" + rand_str(R, 59)
        return R.choice(["ghp_", "gho_"]) + rand_str(R, 36)
    if name == "npm":
        return "npm_" + rand_str(R, 36)
    if name == "azconn":
        return "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;EndpointSuffix=core.windows.net" % (
            R.choice(["stbrightpathprod", "lumacorpbackup", "helviondata"]), rand_str(R, 86, string.ascii_letters + string.digits + "+/"))
    if name == "bcrypt":
        return "$2b$12$" + rand_str(R, 53, string.ascii_letters + string.digits + "./")
    if name == "handle":
        return R.choice(["jdoe", "svc_backup", "deploy", "ops-bot", "build01", "qa_tester3", "admin2"])
    if name == "stripe":
        return R.choice(["sk_live_", "rk_live_"]) + rand_str(R, 24)
    if name == "slack":
        return "xoxb-%d-%d-%s" % (R.randint(10 ** 10, 10 ** 11), R.randint(10 ** 12, 10 ** 13),
                                  rand_str(R, 24))
    if name == "openai":
        return "sk-proj-" + rand_str(R, 48, string.ascii_letters + string.digits + "_-")
    if name == "gkey":
        return "AIza" + rand_str(R, 35, string.ascii_letters + string.digits + "_-")
    if name == "sendgrid":
        return "SG." + rand_str(R, 22) + "." + rand_str(R, 43)
    if name == "anthropic":
        return "sk-ant-api03-" + rand_str(R, 60, string.ascii_letters + string.digits + "_-")
    if name == "apikey":
        return gen(R.choice(["ghp", "stripe", "slack", "openai", "gkey", "sendgrid"]), R, L, ctx, tag)
    if name == "pwd":
        w = R.choice(["Sommer", "Verano", "Estate", "Winter", "Dragon", "Bianco", "Tigre", "Kaffee",
                      "Pumpkin", "Girasol"])
        return R.choice([w + str(R.randint(1970, 2026)) + R.choice("!?#$%"),
                         rand_str(R, 14, string.ascii_letters + string.digits + "!@#%^*"),
                         R.choice("!#") + w.lower() + "_" + str(R.randint(10, 999)) + w[0]])
    if name == "secret":
        return R.choice(["whsec_" + rand_str(R, 32), rand_str(R, 64, "0123456789abcdef"),
                         "rt_" + rand_str(R, 40), "s%3A" + rand_str(R, 32) + "." + rand_str(R, 27),
                         rand_str(R, 44, string.ascii_letters + string.digits + "+/")])
    if name == "jwt":
        sep = (",", ":")
        hdr = b64u(json.dumps({"alg": R.choice(["HS256", "RS256"]), "typ": "JWT"}, separators=sep).encode())
        pl = b64u(json.dumps({"sub": str(R.randint(10 ** 5, 10 ** 7)), "iat": R.randint(17 * 10 ** 8, 18 * 10 ** 8),
                              "scope": R.choice(["read write", "admin", "user"])}, separators=sep).encode())
        return hdr + "." + pl + "." + b64u(bytes(R.randrange(256) for _ in range(32)))
    if name == "pkey":
        kind = R.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
        body = base64.b64encode(bytes(R.randrange(256) for _ in range(R.choice([180, 240, 300])))).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(lines), kind)
    if name == "conn":
        u = R.choice(["app", "svc_reporting", "etl_user", "admin", "root", "bi_reader"])
        p = rand_str(R, R.randint(10, 18))
        h = R.choice(["db-prod-01.internal", "pg.eu-west-1.rds.amazonaws.com", "10.20.3.14",
                      "mongo-cluster0.a1b2c.mongodb.net", "sql-erp.corp.local"])
        kind = R.choice(["postgresql", "mysql", "mongodb+srv", "redis", "ado", "amqp"])
        if kind == "ado":
            return "Server=%s,1433;Database=ERP;User Id=%s;Password=%s;Encrypt=True;" % (h, u, p)
        if kind == "redis":
            return "redis://default:%s@%s:6379/0" % (p, h)
        return "%s://%s:%s@%s%s/%s" % (kind, u, p, h, "" if kind.endswith("srv") else ":5432",
                                       R.choice(["sales", "crm", "hr", "app"]))
    if name == "ip":
        return public_ip(R)
    if name == "mac":
        sep = R.choice([":", "-"])
        return sep.join("%02X" % R.randrange(256) for _ in range(6))
    if name == "cond":
        return R.choice(CONDITIONS[L])
    if name == "med":
        return R.choice(MEDS_L[L])
    if name == "mrn":
        return R.choice(["MRN-%07d", "%08d", "HC-%06d", "NHC %07d", "PAZ-%06d", "KH%08d"]) % R.randint(10 ** 5, 10 ** 6 * 9)
    if name == "cls":
        return R.choice(BANNERS[L])
    # ---- unlabelled helpers
    if name == "uuid":
        return "%s-%s-4%s-%s%s-%s" % (rand_str(R, 8, "0123456789abcdef"), rand_str(R, 4, "0123456789abcdef"),
                                      rand_str(R, 3, "0123456789abcdef"), R.choice("89ab"),
                                      rand_str(R, 3, "0123456789abcdef"), rand_str(R, 12, "0123456789abcdef"))
    if name == "sha":
        return rand_str(R, R.choice([40, 64]), "0123456789abcdef")
    if name == "order":
        return R.choice(["ORD-", "PO-", "SO", "#", "INV-", "FAC-", "RG-", "NR."]) + not_luhn_digits(R, R.randint(6, 10))
    if name == "ticket":
        return R.choice(["JIRA-", "OPS-", "INC", "CHG", "SR-", "PAY-"]) + str(R.randint(100, 999999))
    if name == "track":
        return R.choice(["1Z%s" % rand_str(R, 16, string.ascii_uppercase + string.digits),
                         "JJD%s" % not_luhn_digits(R, 18), "RR%09dIT" % R.randint(0, 10 ** 9 - 1)])
    if name == "privip":
        return private_ip(R)
    if name == "testcard":
        return R.choice(TEST_CARDS)
    if name == "exiban":
        return R.choice(EXAMPLE_IBANS)
    if name == "maskcard":
        return R.choice(["**** **** **** %04d", "XXXX-XXXX-XXXX-%04d", "•••• %04d", "ending in %04d"]) % R.randint(0, 9999)
    if name == "maskiban":
        return R.choice(["DE** **** **** **** **%02d %02d", "ES** **** **** **** **** %02d%02d",
                         "IT** X*** **** **** **** ***%02d %02d"]) % (R.randint(0, 99), R.randint(0, 99))
    if name == "exmail":
        return R.choice(["jane.doe", "user", "test", "max.mustermann", "mario.rossi", "noreply",
                         "someone"]) + "@" + R.choice(["example.com", "example.org", "example.net"])
    if name == "fake555":
        return R.choice(["(555) 01%02d", "+1 212-555-01%02d", "555-01%02d"]) % R.randint(0, 99)
    if name == "amount":
        return R.choice(["€", "$", "£", ""]) + "%d.%02d" % (R.randint(10, 99999), R.randint(0, 99))
    if name == "date":
        return fmt_date(R, L, *rdate(R, 2019, 2026))
    if name == "time":
        return "%02d:%02d" % (R.randint(7, 19), R.randint(0, 59))
    if name == "vat":
        return R.choice(["DE%09d" % R.randint(10 ** 8, 10 ** 9 - 1), "IT%011d" % R.randint(10 ** 10, 10 ** 11 - 1),
                         "ESB%08d" % R.randint(10 ** 7, 10 ** 8 - 1), "GB%09d" % R.randint(10 ** 8, 10 ** 9 - 1),
                         "HRB %d" % R.randint(1000, 250000)])
    if name == "fig":
        return R.choice(PUBLIC_FIG[L])
    if name == "fict":
        from kinds_hand_blind10 import FICT
        return R.choice(FICT[L])
    if name == "brand":
        return R.choice(BRANDS)
    if name == "city":
        return R.choice(PUBLIC_CITY[L])
    if name == "tname":
        return R.choice(TEMPLATE_NAMES)
    if name == "ver":
        return "%d.%d.%d" % (R.randint(0, 9), R.randint(0, 30), R.randint(0, 99))
    if name == "sex":
        return R.choice("MF")
    if name == "n":
        return str(R.randint(2, 99))
    if name == "pct":
        return "%d,%d %%" % (R.randint(1, 40), R.randint(0, 9)) if L != "en" else "%d.%d%%" % (R.randint(1, 40), R.randint(0, 9))
    if name == "host":
        return R.choice(["api-gw-03", "web-eu-2", "batch-runner-7", "k8s-node-12", "ldap01"])
    raise KeyError(name)


# ---------------------------------------------------------------- rendering
MARK = re.compile(r"⟦([A-Z_]+)\.([a-z0-9_]+)(?:@([A-Za-z0-9~]+))?⟧")


def render(tpl, rng, lang, ctx):
    segs = []
    pos = 0
    for m in MARK.finditer(tpl):
        segs.append((tpl[pos:m.start()], None))
        code, g, tag = m.group(1), m.group(2), m.group(3)
        segs.append((gen(g, rng, lang, ctx, tag), CODE[code]))
        pos = m.end()
    segs.append((tpl[pos:], None))
    return segs


FRAMES = {
    "en": {"pre": ["can you summarise this?", "Please rewrite this more politely:", "fix the formatting pls",
                   "Translate to French:", "what's wrong here?", "Hey, quick one - turn this into a table",
                   "Draft a reply to the thread below.", "explain this to me like I'm new", "",
                   "Here's what I've got:"],
           "post": ["Thanks!", "keep it short", "Can you find the bug?", "Make it sound less angry.",
                    "— what do you think?", "Summarise in 3 bullets.", ""]},
    "es": {"pre": ["¿me lo resumes?", "Corrige la ortografía de esto:", "Traduce al inglés por favor:",
                   "hazme una tabla con esto", "Redacta una respuesta a este correo:", "",
                   "qué opinas de esto?"],
           "post": ["Gracias!!", "más corto porfa", "¿Qué falla?", "Ponlo en formato formal.", ""]},
    "it": {"pre": ["riassumi per favore:", "Puoi tradurre in inglese?", "sistemami la formattazione",
                   "Scrivi una risposta cortese a questa mail:", "", "cosa ne pensi?"],
           "post": ["Grazie mille", "in tre punti", "dove sta l'errore?", "tono più formale", ""]},
    "de": {"pre": ["Kannst du das zusammenfassen?", "bitte ins Englische übersetzen:",
                   "Formuliere eine Antwort auf diese Mail:", "mach mir daraus eine Tabelle", "",
                   "Was ist hier falsch?"],
           "post": ["Danke!", "kürzer bitte", "Wo ist der Fehler?", "in Stichpunkten", ""]},
}


def frame(segs, rng, lang, code):
    fr = FRAMES[lang]
    pre, post = rng.choice(fr["pre"]), rng.choice(fr["post"])
    mode = rng.random()
    if code and rng.random() < 0.6:
        segs = [("```\n", None)] + segs + [("\n```", None)]
    elif mode < 0.25 and not code:
        segs = [('"""\n', None)] + segs + [('\n"""', None)]
    out = []
    if pre and mode < 0.8:
        out.append((pre + rng.choice(["\n\n", "\n", " "]), None))
    out += segs
    if post and mode > 0.5:
        out.append((rng.choice(["\n\n", "\n"]) + post, None))
    return out


def finish(segs):
    text, spans, pos = "", [], 0
    for s, lab in segs:
        if lab:
            spans.append([pos, pos + len(s), lab, CATEGORY[lab]])
        text += s
        pos += len(s)
    # strip outer whitespace, shifting spans
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    spans = [[a - lead, b - lead, t, c] for a, b, t, c in spans]
    return text, spans


KINDS = []


def kind(name, lang, neg, templates, n=4, code=False, fr=True):
    KINDS.append((name, lang, neg, templates, n, code, fr))


def build():
    from kinds_blind10 import register  # noqa: E402  (same folder)
    register(kind)
    from kinds_hand_blind10 import LOOKALIKE_BY_KIND
    PUBLIC_LOOKALIKES.update(LOOKALIKE_BY_KIND)
    recs = []
    seen_kinds = set()
    for name, lang, neg, templates, n, code, fr in KINDS:
        assert name not in seen_kinds, name
        seen_kinds.add(name)
        rng = random.Random("%s/%s" % (NAME, name))
        texts = set()
        i = 0
        tries = 0
        while i < n:
            tries += 1
            assert tries < 200, name
            tpl = textwrap.dedent(templates[i % len(templates)]).strip("\n")
            ctx = {"p": {}}
            segs = render(tpl, rng, lang, ctx)
            if fr:
                segs = frame(segs, rng, lang, code)
            text, spans = finish(segs)
            if text in texts:
                continue
            texts.add(text)
            assert bool(spans) != neg, (name, text)
            recs.append({"id": "%s-%s-%02d" % (NAME, name, i + 1), "kind": name, "lang": lang,
                         "negative": not spans, "text": text, "spans": spans})
            i += 1
    return recs


def dump(recs):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)


def main():
    sys.path.insert(0, HERE)
    data = dump(build())
    if "--check" in sys.argv:
        cur = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if cur != data:
            print("stale")
            sys.exit(1)
        print("ok")
        return
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(data)
    print("wrote %d records" % data.count("\n"))


if __name__ == "__main__":
    main()
