"""Generator for the blind11 evaluation set (stdlib only, deterministic).

Run `python build_blind11.py` to write blind11.jsonl; `--check` exits 1 if stale.
"""
import base64
import hashlib
import ipaddress
import json
import random
import re
import string

CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact", "NATIONAL_ID": "government_id",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "API_KEY": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "CONNECTION_STRING": "secret", "JWT": "secret",
    "PRIVATE_KEY": "secret", "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health",
    "MEDICAL_RECORD_NUMBER": "health", "CLASSIFICATION_MARKING": "classification",
}

_O, _S, _C = "\x01", "\x02", "\x03"


def E(etype, value):
    """Mark a value as an entity of etype inside template text."""
    assert etype in CATEGORY, etype
    return f"{_O}{etype}{_S}{value}{_C}"


def finalize(markup):
    """Strip the markers; return (text, spans)."""
    out, spans, i = [], [], 0
    pos = 0
    while i < len(markup):
        ch = markup[i]
        if ch == _O:
            j = markup.index(_S, i)
            k = markup.index(_C, j)
            etype, value = markup[i + 1:j], markup[j + 1:k]
            spans.append([pos, pos + len(value), etype, CATEGORY[etype]])
            out.append(value)
            pos += len(value)
            i = k + 1
        else:
            out.append(ch)
            pos += 1
            i += 1
    text = "".join(out)
    for s, e, t, _ in spans:
        v = text[s:e]
        assert v and v == v.strip(), (t, v)
        assert s == 0 or not text[s - 1].isalnum(), (t, v, text[s - 5:e])
        assert e == len(text) or not text[e].isalnum(), (t, v, text[s:e + 5])
    return text, spans


# ---------------------------------------------------------------- pools
FIRST = {
    "en": ["Harriet", "Priya", "Tobias", "Maeve", "Callum", "Imogen", "Rhys", "Ngozi",
           "Declan", "Yasmin", "Wendell", "Rosalind"],
    "fr": ["Solène", "Gaëtan", "Maëlys", "Thibault", "Ophélie", "Corentin", "Anaïs",
           "Mathis", "Clémence", "Yannick", "Bérénice", "Loïc"],
    "nl": ["Sanne", "Joris", "Femke", "Thijs", "Lieke", "Bram", "Anouk", "Stijn",
           "Marloes", "Wouter", "Ilse", "Jelle"],
    "pt": ["Inês", "Tiago", "Beatriz", "Rodrigo", "Leonor", "Duarte", "Thaís", "Caio",
           "Larissa", "Gonçalo", "Jéssica", "Vinícius"],
}
LAST = {
    "en": ["Ashcroft", "Okonkwo", "Pemberton", "Lindqvist", "Mahoney", "Thistlewood",
           "Brannigan", "Whitlock", "Farrant", "Kowalczyk", "Oyelaran", "Haverford"],
    "fr": ["Vasseur", "Marchetti", "Tessier", "Quéméneur", "Le Goff", "Besnard",
           "Charpentier", "Pelletier", "Roussel", "Giraudeau", "Kerbrat", "Lamotte"],
    "nl": ["Hoogendoorn", "Verhoeven", "Kuipers", "Dijkstra", "van Leeuwen", "Meijer",
           "Schouten", "Vermeulen", "de Graaf", "Postma", "Wijnands", "Oosterhuis"],
    "pt": ["Figueiredo", "Azevedo", "Nogueira", "Brandão", "Cordeiro", "Valadares",
           "Rebelo", "Lacerda", "Quintela", "Pacheco", "Siqueira", "Magalhães"],
}
TOWNS = {
    "en": [("Harrogate", "HG2 7QP"), ("Kettering", "NN15 6DL"), ("Loughborough", "LE11 3TU"),
           ("Tamworth", "B79 8AH"), ("Dundalk", "A91 K2P4"), ("Bexhill-on-Sea", "TN39 4RF")],
    "us": [("Bozeman", "MT 59715"), ("Chillicothe", "OH 45601"), ("Poughkeepsie", "NY 12601"),
           ("Kalamazoo", "MI 49007")],
    "fr": [("Saint-Brieuc", "22000"), ("Quimperlé", "29300"), ("Montluçon", "03100"),
           ("Vierzon", "18100"), ("Lannion", "22300"), ("Bressuire", "79300")],
    "nl": [("Zoetermeer", "2719 GK"), ("Apeldoorn", "7311 AB"), ("Hoogeveen", "7906 CD"),
           ("Deventer", "7412 XL"), ("Amersfoort", "3818 LE"), ("Hengelo", "7552 TR")],
    "be": [("Mechelen", "2800"), ("Roeselare", "8800"), ("Hasselt", "3500")],
    "pt": [("Viseu", "3500-103"), ("Barcelos", "4750-271"), ("Setúbal", "2900-412"),
           ("Aveiro", "3810-193"), ("Bragança", "5300-252")],
    "br": [("Uberlândia", "MG", "38400-112"), ("Londrina", "PR", "86010-450"),
           ("Juiz de Fora", "MG", "36010-041"), ("Joinville", "SC", "89201-300"),
           ("Campinas", "SP", "13025-320")],
}
STREETS = {
    "en": ["Kestrel Close", "Orchard Rise", "Wellfield Road", "Tannery Lane", "Hawthorn Crescent"],
    "us": ["Alder Ridge Dr", "W Mendenhall St", "Cottonwood Ave", "Birchcrest Ln"],
    "fr": ["rue des Tanneurs", "impasse des Glycines", "allée du Moulin", "chemin de la Grève",
           "rue du Pavé Neuf"],
    "nl": ["Lijsterbeslaan", "Kastanjehof", "Zwanenwater", "Vlasakker", "Molenweg"],
    "pt": ["Rua da Boavista", "Travessa do Carril", "Rua das Flores Altas", "Avenida da Liberdade Nova"],
    "br": ["Rua Tupinambás", "Avenida Rondon Pacheco", "Rua Halfeld", "Rua das Palmeiras Reais"],
}
PRIVATE_TOWNS = sorted({t[0] for v in TOWNS.values() for t in v})

# public places for tempting negatives; disjoint from PRIVATE_TOWNS
PUBLIC_PLACES = {
    "en": ["London", "Manchester", "Edinburgh", "Chicago", "Boston", "Dublin"],
    "fr": ["Paris", "Lyon", "Marseille", "Bordeaux", "Nantes", "Lille"],
    "nl": ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Antwerpen", "Gent"],
    "pt": ["Lisboa", "Porto", "Coimbra", "São Paulo", "Rio de Janeiro", "Recife"],
}
assert not set(PRIVATE_TOWNS) & {p for v in PUBLIC_PLACES.values() for p in v}

PUBLIC_LOOKALIKES = {
    # published test cards
    "4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
    "4000056655665556", "5105105105105100", "4012888888881881",
    # documentation IBANs
    "GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
    "NL91ABNA0417164300", "PT50000201231234567890154", "BE68539007547034",
}


def sub_lang(rng, lang):
    """Pick a regional variant."""
    if lang == "en":
        return rng.choice(["en", "en", "us"])
    if lang == "nl":
        return rng.choice(["nl", "nl", "be"])
    if lang == "pt":
        return rng.choice(["pt", "br"])
    return lang


def pool_lang(v):
    return {"us": "en", "be": "nl", "br": "pt"}.get(v, v)


def person(rng, v):
    lg = pool_lang(v)
    return rng.choice(FIRST[lg]), rng.choice(LAST[lg])


def deaccent(s):
    table = str.maketrans("éèêëàâäïîôöùûüçãõáíóúÉÈÇ", "eeeeaaaiioouuucaoaiouEEC")
    return s.translate(table)


def email(rng, v, first, last, work=None):
    lg = pool_lang(v)
    dom = work or rng.choice({
        "en": ["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"],
        "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
        "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.com", "telenet.be"],
        "pt": ["sapo.pt", "gmail.com", "uol.com.br", "hotmail.com"],
    }[lg])
    f = deaccent(first).lower()
    l = deaccent(last).lower().replace(" ", "")
    shape = rng.randrange(4)
    local = [f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}{rng.randrange(10, 99)}", f"{l}.{f[0]}"][shape]
    return f"{local}@{dom}"


def phone(rng, v):
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if v == "en":
        return rng.choice([f"07{rng.randrange(3, 9)}{d(2)} {d(6)}", f"+44 7{rng.randrange(3, 9)}{d(2)} {d(3)} {d(3)}"])
    if v == "us":
        return rng.choice([f"({rng.randrange(201, 989)}) {rng.randrange(2, 9)}{d(2)}-{d(4)}",
                           f"+1 {rng.randrange(201, 989)}-{rng.randrange(2, 9)}{d(2)}-{d(4)}"])
    if v == "fr":
        p = f"0{rng.choice('67')} {d(2)} {d(2)} {d(2)} {d(2)}"
        return rng.choice([p, "+33 " + p[1:], p.replace(" ", ".")])
    if v == "nl":
        return rng.choice([f"06-{d(8)}", f"+31 6 {d(4)} {d(4)}", f"06 {d(2)} {d(2)} {d(2)} {d(2)}"])
    if v == "be":
        return rng.choice([f"+32 47{rng.randrange(0, 9)} {d(2)} {d(2)} {d(2)}", f"04{rng.randrange(70, 99)}/{d(2)}.{d(2)}.{d(2)}"])
    if v == "pt":
        return rng.choice([f"+351 9{rng.choice('1236')}{d(1)} {d(3)} {d(3)}", f"9{rng.choice('1236')}{d(7)}"])
    if v == "br":
        return rng.choice([f"({rng.randrange(11, 99)}) 9{d(4)}-{d(4)}", f"+55 {rng.randrange(11, 99)} 9{d(4)}-{d(4)}"])
    raise ValueError(v)


def address(rng, v, one_line=False):
    sep = ", " if one_line else "\n"
    n = rng.randrange(2, 220)
    st = rng.choice(STREETS.get(v, STREETS.get(pool_lang(v), [])) or STREETS["nl"])
    if v == "en":
        t, pc = rng.choice(TOWNS["en"])
        return f"{n} {st}{sep}{t} {pc}", t
    if v == "us":
        t, pc = rng.choice(TOWNS["us"])
        return f"{n} {st}{sep}{t}, {pc}", t
    if v == "fr":
        t, pc = rng.choice(TOWNS["fr"])
        return f"{n} {st}{sep}{pc} {t}", t
    if v == "nl":
        t, pc = rng.choice(TOWNS["nl"])
        return f"{st} {n}{sep}{pc} {t}", t
    if v == "be":
        t, pc = rng.choice(TOWNS["be"])
        return f"{STREETS['nl'][n % 5]} {n}{sep}{pc} {t}", t
    if v == "pt":
        t, pc = rng.choice(TOWNS["pt"])
        return f"{st}, {n}, {rng.randrange(1, 6)}.º Esq.{sep}{pc} {t}", t
    if v == "br":
        t, uf, pc = rng.choice(TOWNS["br"])
        return f"{st}, {n} - apto {rng.randrange(11, 99)}{sep}{t} - {uf}, {pc}", t
    raise ValueError(v)


def town(rng, v):
    tt = TOWNS[v][rng.randrange(len(TOWNS[v]))]
    return tt[0]


def dob(rng, v, kind=0):
    y, m, dd = rng.randrange(1952, 2006), rng.randrange(1, 13), rng.randrange(1, 29)
    if v == "us":
        return f"{m:02d}/{dd:02d}/{y}"
    if kind == 1:
        return f"{y}-{m:02d}-{dd:02d}"
    sep = {"nl": "-", "be": "/"}.get(v, "/")
    if v == "nl" and kind == 2:
        months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                  "september", "oktober", "november", "december"]
        return f"{dd} {months[m - 1]} {y}"
    if v == "fr" and kind == 2:
        months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                  "septembre", "octobre", "novembre", "décembre"]
        return f"{dd} {months[m - 1]} {y}"
    if v == "en" and kind == 2:
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
        return f"{dd} {months[m - 1]} {y}"
    return f"{dd:02d}{sep}{m:02d}{sep}{y}"


# ---------------------------------------------------------------- checksummed ids
def luhn_ok(digits):
    s, alt = 0, False
    for ch in reversed(digits):
        n = int(ch)
        if alt:
            n *= 2
            if n > 9:
                n -= 9
        s += n
        alt = not alt
    return s % 10 == 0


def card(rng, fmt=True):
    brand = rng.choice(["visa", "mc", "amex"])
    if brand == "amex":
        body = rng.choice(["34", "37"]) + "".join(rng.choice(string.digits) for _ in range(12))
    elif brand == "mc":
        body = "5" + str(rng.randrange(1, 6)) + "".join(rng.choice(string.digits) for _ in range(13))
    else:
        body = "4" + "".join(rng.choice(string.digits) for _ in range(14))
    for c in string.digits:
        if luhn_ok(body + c):
            num = body + c
            break
    if num in PUBLIC_LOOKALIKES:
        return card(rng, fmt)
    if not fmt:
        return num
    if len(num) == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    sep = rng.choice([" ", "-", " "])
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


def iban_check(cc, bban):
    s = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in s))
    return f"{98 - n % 97:02d}"


def iban(rng, cc, fmt=True):
    D = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    U = lambda n: "".join(rng.choice(string.ascii_uppercase) for _ in range(n))
    bban = {"FR": lambda: D(10) + D(11) + D(2), "NL": lambda: U(4) + D(10),
            "PT": lambda: D(21), "GB": lambda: U(4) + D(14), "DE": lambda: D(18),
            "BE": lambda: D(12), "IE": lambda: U(4) + D(14), "BR": lambda: D(8) + D(5) + D(10) + "C1"}[cc]()
    raw = cc + iban_check(cc, bban) + bban
    if raw in PUBLIC_LOOKALIKES:
        return iban(rng, cc, fmt)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if fmt else raw


def ssn(rng):
    while True:
        a = rng.randrange(1, 900)
        if a != 666:
            break
    return f"{a:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def nino(rng):
    ok1 = [c for c in "ABCEGHJKLMNOPRSTWXYZ"]
    ok2 = [c for c in "ABCEGHJKLMNPRSTWXYZ"]
    while True:
        p = rng.choice(ok1) + rng.choice(ok2)
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = "".join(rng.choice(string.digits) for _ in range(6))
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}"


def nir(rng):
    sex = rng.choice("12")
    yy, mm = rng.randrange(50, 100), rng.randrange(1, 13)
    dep = rng.choice(["22", "29", "03", "18", "79", "75", "69"])
    com, order = rng.randrange(1, 990), rng.randrange(1, 999)
    base = f"{sex}{yy:02d}{mm:02d}{dep}{com:03d}{order:03d}"
    key = 97 - int(base) % 97
    return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key:02d}"


def bsn(rng):
    while True:
        d = [rng.randrange(10) for _ in range(8)]
        if d[0] == 0:
            continue
        s = sum(w * x for w, x in zip(range(9, 1, -1), d))
        last = s % 11
        if last < 10:
            return "".join(map(str, d)) + str(last)


def niss(rng):
    y, m, dd = rng.randrange(50, 100), rng.randrange(1, 13), rng.randrange(1, 29)
    seq = rng.randrange(1, 998)
    base = f"{y:02d}{m:02d}{dd:02d}{seq:03d}"
    chk = 97 - int(base) % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{chk:02d}"


def nif_pt(rng):
    while True:
        d = [rng.choice([1, 2])] + [rng.randrange(10) for _ in range(7)]
        s = sum(w * x for w, x in zip(range(9, 1, -1), d))
        c = 11 - s % 11
        c = 0 if c >= 10 else c
        return "".join(map(str, d)) + str(c)


def cpf(rng):
    d = [rng.randrange(10) for _ in range(9)]
    if len(set(d)) == 1:
        d[0] = (d[0] + 1) % 10
    for n in (10, 11):
        s = sum(w * x for w, x in zip(range(n, 1, -1), d))
        c = (s * 10) % 11
        d.append(0 if c == 10 else c)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def national_id(rng, v):
    return {"en": nino, "us": ssn, "fr": nir, "nl": bsn, "be": niss, "pt": nif_pt, "br": cpf}[v](rng)


ID_LABEL = {"en": "NI number", "us": "SSN", "fr": "n° de sécurité sociale", "nl": "BSN",
            "be": "rijksregisternummer", "pt": "NIF", "br": "CPF"}
IBAN_CC = {"en": "GB", "us": None, "fr": "FR", "nl": "NL", "be": "BE", "pt": "PT", "br": None}


def aba_routing(rng):
    while True:
        d = [rng.randrange(10) for _ in range(8)]
        d[0] = rng.choice([0, 1, 2, 3])
        for c in range(10):
            x = d + [c]
            if (3 * (x[0] + x[3] + x[6]) + 7 * (x[1] + x[4] + x[7]) + x[2] + x[5] + x[8]) % 10 == 0:
                return "".join(map(str, x))


def bank_markup(rng, v):
    """Markup for a personal bank account in variant v (label outside, value inside)."""
    if v == "us":
        return "ABA/acct " + E("BANK_ACCOUNT", f"{aba_routing(rng)} / {rng.randrange(10**9, 10**10)}")
    if v == "br":
        return "ag./conta " + E("BANK_ACCOUNT", f"{rng.randrange(1000, 9999)} / {rng.randrange(10000, 99999)}-{rng.randrange(10)}")
    if v == "en" and rng.random() < 0.4:
        return "sort code/acc " + E("BANK_ACCOUNT", f"{rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)} {rng.randrange(10**7, 10**8)}")
    return E("IBAN_CODE", iban(rng, IBAN_CC[v], fmt=rng.random() < 0.7))


# ---------------------------------------------------------------- secrets & network
ALNUM = string.ascii_letters + string.digits


def rs(rng, n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def aws_pair(rng):
    kid = "AKIA" + rs(rng, 16, string.ascii_uppercase + "234567")
    sec = rs(rng, 40, ALNUM + "/+")
    return kid, sec


def vendor_key(rng):
    k = rng.randrange(6)
    return ["ghp_" + rs(rng, 36), "sk_live_" + rs(rng, 24), "xoxb-" + f"{rng.randrange(10**11, 10**12)}-{rng.randrange(10**11, 10**12)}-" + rs(rng, 24),
            "AIza" + rs(rng, 35, ALNUM + "_-"), "SG." + rs(rng, 22, ALNUM + "_-") + "." + rs(rng, 43, ALNUM + "_-"),
            "sk-proj-" + rs(rng, 48, ALNUM + "_-")][k]


def password(rng):
    words = ["Tulip", "Harbor", "Gravel", "Mosquito", "Lantern", "Pepper", "Orbit", "Quokka", "Velvet"]
    k = rng.randrange(3)
    if k == 0:
        return rng.choice(words) + rng.choice("!#$%&*") + rng.choice(words) + str(rng.randrange(10, 99))
    if k == 1:
        return rs(rng, 14, ALNUM + "!@#%^*")
    return rng.choice(words).lower() + str(rng.randrange(1970, 2024)) + rng.choice("!?.")


def generic_secret(rng):
    return rng.choice(["whsec_" + rs(rng, 32), rs(rng, 48, ALNUM), "rt_" + rs(rng, 40, ALNUM + "-_"), rs(rng, 64, "0123456789abcdef")])


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(rng, sub="user"):
    h = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps({"sub": sub, "iat": rng.randrange(1700000000, 1790000000), "scope": "read write"}, separators=(",", ":")).encode())
    s = b64u(bytes(rng.randrange(256) for _ in range(32)))
    return f"{h}.{p}.{s}"


def pem(rng):
    kind = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([240, 360])))).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def conn_string(rng, user="app", host="db-prod-01.internal"):
    pw = password(rng).replace("@", "x").replace(";", "x").replace("/", "x").replace("#", "x").replace("?", "x").replace("%", "x")
    k = rng.randrange(5)
    if k == 0:
        return f"postgresql://{user}:{pw}@{host}:5432/orders"
    if k == 1:
        return f"mongodb+srv://{user}:{pw}@cluster0.{rs(rng, 5, string.ascii_lowercase + string.digits)}.mongodb.net/prod?retryWrites=true"
    if k == 2:
        return f"mysql://{user}:{pw}@{host}:3306/crm"
    if k == 3:
        return f"redis://default:{pw}@{host}:6379/0"
    return f"Server=tcp:sql-{rs(rng, 6, string.ascii_lowercase)}.database.windows.net,1433;Database=payroll;User ID={user};Password={pw};Encrypt=True;"


def public_ip(rng):
    while True:
        a = ipaddress.IPv4Address(rng.randrange(1 << 24, 223 << 24))
        if a.is_global and not a.is_multicast:
            return str(a)


def private_ip(rng):
    return rng.choice([f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                       f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                       f"172.{rng.randrange(16, 32)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                       f"192.0.2.{rng.randrange(1, 255)}", f"198.51.100.{rng.randrange(1, 255)}",
                       f"203.0.113.{rng.randrange(1, 255)}", "127.0.0.1",
                       f"100.{rng.randrange(64, 128)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"])


def mac(rng):
    sep = rng.choice([":", "-"])
    parts = [f"{rng.randrange(256):02x}" for _ in range(6)]
    s = sep.join(parts)
    return s.upper() if rng.random() < 0.5 else s


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def btc(rng):
    payload = bytes([0]) + bytes(rng.randrange(256) for _ in range(20))
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    raw = payload + chk
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def eth(rng):
    return "0x" + rs(rng, 40, "0123456789abcdef")


def crypto(rng):
    return btc(rng) if rng.random() < 0.5 else eth(rng)


def safe_digits(rng, n):
    """A digit string that is never Luhn-valid (for order numbers etc.)."""
    while True:
        s = str(rng.randrange(1, 10)) + "".join(rng.choice(string.digits) for _ in range(n - 1))
        if not luhn_ok(s):
            return s


HEALTH = {
    "en": [("type 2 diabetes", "metformin"), ("epilepsy", "levetiracetam"), ("major depressive disorder", "sertraline"),
           ("Crohn's disease", "infliximab"), ("asthma", "salbutamol"), ("bipolar disorder", "lithium carbonate"),
           ("hypothyroidism", "levothyroxine"), ("HIV", "Biktarvy")],
    "fr": [("diabète de type 2", "metformine"), ("épilepsie", "lévétiracétam"), ("dépression sévère", "sertraline"),
           ("maladie de Crohn", "infliximab"), ("asthme", "Ventoline"), ("trouble bipolaire", "lithium"),
           ("hypothyroïdie", "Levothyrox"), ("sclérose en plaques", "Tecfidera")],
    "nl": [("diabetes type 2", "metformine"), ("epilepsie", "levetiracetam"), ("depressie", "sertraline"),
           ("ziekte van Crohn", "infliximab"), ("astma", "salbutamol"), ("bipolaire stoornis", "lithium"),
           ("hypothyreoïdie", "levothyroxine"), ("reumatoïde artritis", "methotrexaat")],
    "pt": [("diabetes tipo 2", "metformina"), ("epilepsia", "levetiracetam"), ("depressão major", "sertralina"),
           ("doença de Crohn", "infliximab"), ("asma", "salbutamol"), ("transtorno bipolar", "carbonato de lítio"),
           ("hipotiroidismo", "levotiroxina"), ("artrite reumatoide", "metotrexato")],
}


def health(rng, v):
    return rng.choice(HEALTH[pool_lang(v)])


def mrn(rng, v):
    lg = pool_lang(v)
    return {"en": f"MRN-{rng.randrange(100000, 999999)}", "fr": f"{rng.randrange(10**7, 10**8)}",
            "nl": f"{rng.randrange(10**6, 10**7)}", "pt": f"{rng.randrange(2015, 2025)}/{rng.randrange(1000, 99999):05d}"}[lg]


MRN_LABEL = {"en": "MRN", "us": "Chart #", "fr": "IPP", "nl": "patiëntnummer", "be": "dossiernr.",
             "pt": "N.º processo", "br": "Prontuário"}

MARKINGS = {
    "en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "TLP:AMBER", "INTERNAL USE ONLY", "TLP:RED", "SECRET"],
    "fr": ["CONFIDENTIEL", "DIFFUSION RESTREINTE", "TLP:AMBER", "STRICTEMENT CONFIDENTIEL", "C3 - SECRET"],
    "nl": ["VERTROUWELIJK", "STRIKT VERTROUWELIJK", "TLP:AMBER", "DEPARTEMENTAAL VERTROUWELIJK", "STG. GEHEIM"],
    "pt": ["CONFIDENCIAL", "ESTRITAMENTE CONFIDENCIAL", "TLP:AMBER", "RESERVADO", "USO INTERNO RESTRITO"],
}


# ---------------------------------------------------------------- framing
PROMPTS = {
    "en": ["Can you summarise this?", "pls clean this up and make it more professional",
           "What's wrong here?", "Translate to French please", "turn this into a table",
           "Draft a polite reply to this", "Find the bug:", "can u rewrite this shorter"],
    "fr": ["Peux-tu résumer ceci ?", "reformule ça de façon plus pro stp", "Qu'est-ce qui cloche ici ?",
           "Traduis en anglais s'il te plaît", "mets ça dans un tableau", "Rédige une réponse polie à ce message",
           "Trouve l'erreur :", "tu peux raccourcir ?"],
    "nl": ["Kun je dit samenvatten?", "maak dit wat professioneler aub", "Wat gaat hier mis?",
           "Vertaal naar het Engels graag", "zet dit in een tabel", "Schrijf een beleefd antwoord hierop",
           "Zoek de fout:", "kan je dit korter maken"],
    "pt": ["Podes resumir isto?", "melhora esse texto pra ficar mais profissional", "O que está errado aqui?",
           "Traduz para inglês por favor", "coloca isso numa tabela", "Escreve uma resposta educada a isto",
           "Encontra o erro:", "consegue deixar mais curto?"],
}


def frame(rng, lang, body, code=None):
    p = rng.choice(PROMPTS[lang])
    k = rng.randrange(6)
    if code is not None and k < 3:
        return f"{p}\n\n```{code}\n{body}\n```"
    if k == 0:
        return f"{p}\n\n{body}"
    if k == 1:
        return f"{body}\n\n{p}"
    if k == 2:
        return f'{p}\n"""\n{body}\n"""'
    if k == 3:
        return f"{p}\n---\n{body}\n---\nthanks" if lang == "en" else f"{p}\n---\n{body}\n---"
    if k == 4:
        return body
    return f"{p} {body}" if "\n" not in body else f"{p}\n{body}"


def L(lang, **kw):
    return kw[lang]


def P(etype, value):
    return E(etype, value)


def full(f, l):
    return E("PERSON", f"{f} {l}")


# ================================================================ POSITIVE BASES
def pos_chat_thread(rng, lang):
    v = sub_lang(rng, lang)
    (f1, _), (f2, l2) = person(rng, v), person(rng, v)
    ph = phone(rng, v)
    a, b = (f1.lower(), f2) if rng.random() < 0.5 else (f1, f2.lower())
    body = L(lang,
             en=f"[09:14] {E('PERSON', a)}: hey did anyone get the new client's number?\n[09:15] {E('PERSON', b)}: yep it's {E('PHONE_NUMBER', ph)} - ask for {full(f2, l2)}\n[09:15] {E('PERSON', a)}: ta",
             fr=f"[09:14] {E('PERSON', a)} : qqn a le num du nouveau client ?\n[09:15] {E('PERSON', b)} : oui {E('PHONE_NUMBER', ph)}, demande {full(f2, l2)}\n[09:16] {E('PERSON', a)} : merci !!",
             nl=f"[09:14] {E('PERSON', a)}: heeft iemand het nummer van de nieuwe klant?\n[09:15] {E('PERSON', b)}: ja {E('PHONE_NUMBER', ph)}, vraag naar {full(f2, l2)}\n[09:16] {E('PERSON', a)}: top thx",
             pt=f"[09:14] {E('PERSON', a)}: alguém tem o número do cliente novo?\n[09:15] {E('PERSON', b)}: sim {E('PHONE_NUMBER', ph)}, fala com {full(f2, l2)}\n[09:16] {E('PERSON', a)}: valeu")
    return frame(rng, lang, body)


def pos_meeting_transcript(rng, lang):
    v = sub_lang(rng, lang)
    (f1, l1), (f2, l2) = person(rng, v), person(rng, v)
    cond, _ = health(rng, v)
    t = f"00:{rng.randrange(10, 12)}:{rng.randrange(10, 59)}"
    body = L(lang,
             en=f"{t} {E('PERSON', f1 + ' ' + l1)}: ok so next item, staffing.\n00:12:40 {E('PERSON', f2)}: {E('PERSON', f1)}, just so you know, {E('PERSON', l2)} won't be in until March, the {E('MEDICAL_CONDITION', cond)} flared up again.\n00:12:58 {E('PERSON', f1 + ' ' + l1)}: understood, let's keep that between us.",
             fr=f"{t} {E('PERSON', f1 + ' ' + l1)} : bon, point suivant, les effectifs.\n00:12:40 {E('PERSON', f2)} : pour info, {'M. ' + E('PERSON', l2)} est absent jusqu'en mars, son {E('MEDICAL_CONDITION', cond)} s'est aggravé.\n00:12:58 {E('PERSON', f1 + ' ' + l1)} : d'accord, ça reste entre nous.",
             nl=f"{t} {E('PERSON', f1 + ' ' + l1)}: oké volgende punt, bezetting.\n00:12:40 {E('PERSON', f2)}: even ter info, {'dhr. ' + E('PERSON', l2)} is tot maart uit, zijn {E('MEDICAL_CONDITION', cond)} speelt weer op.\n00:12:58 {E('PERSON', f1 + ' ' + l1)}: helder, dat houden we onder ons.",
             pt=f"{t} {E('PERSON', f1 + ' ' + l1)}: ok, próximo ponto, equipa.\n00:12:40 {E('PERSON', f2)}: só para saberem, o {'Sr. ' + E('PERSON', l2)} só volta em março, a {E('MEDICAL_CONDITION', cond)} voltou a agravar.\n00:12:58 {E('PERSON', f1 + ' ' + l1)}: entendido, fica entre nós.")
    return frame(rng, lang, body)


def pos_mail_signoff(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    f2, _ = person(rng, v)
    em = email(rng, v, f, l, work=rng.choice([None, "brightwell-logistics.com", "atelier-nord.fr", "vdb-installatie.nl", "grupo-atlantico.pt"]))
    ph = phone(rng, v)
    body = L(lang,
             en=f"Hi {E('PERSON', f2)},\n\nPlease find the revised quote attached. Let me know if the delivery window works.\n\nKind regards,\n{full(f, l)}\nAccount Manager\nM: {E('PHONE_NUMBER', ph)} | {E('EMAIL_ADDRESS', em)}",
             fr=f"Bonjour {E('PERSON', f2)},\n\nVous trouverez ci-joint le devis révisé. Dites-moi si le créneau de livraison vous convient.\n\nBien cordialement,\n{full(f, l)}\nChargé(e) de clientèle\nPort. {E('PHONE_NUMBER', ph)} — {E('EMAIL_ADDRESS', em)}",
             nl=f"Hoi {E('PERSON', f2)},\n\nIn de bijlage de aangepaste offerte. Laat je weten of het levervenster past?\n\nMet vriendelijke groet,\n{full(f, l)}\nAccountmanager\nT {E('PHONE_NUMBER', ph)} · {E('EMAIL_ADDRESS', em)}",
             pt=f"Olá {E('PERSON', f2)},\n\nSegue em anexo o orçamento revisto. Diga-me se a janela de entrega serve.\n\nCumprimentos,\n{full(f, l)}\nGestor(a) de Conta\nTlm: {E('PHONE_NUMBER', ph)} | {E('EMAIL_ADDRESS', em)}")
    return frame(rng, lang, body)


def pos_csv_customers(rng, lang):
    rows = []
    hdr = L(lang, en="first_name,last_name,email,city,phone", fr="prenom;nom;email;ville;telephone",
            nl="voornaam;achternaam;email;woonplaats;telefoon", pt="nome;apelido;email;cidade;telefone")
    sep = "," if lang == "en" else ";"
    for i in range(rng.randrange(3, 6)):
        v = sub_lang(rng, lang)
        f, l = person(rng, v)
        t = town(rng, v)
        rows.append(sep.join([E("PERSON", f), E("PERSON", l), E("EMAIL_ADDRESS", email(rng, v, f, l)),
                              E("LOCATION", t), E("PHONE_NUMBER", phone(rng, v))]))
    return frame(rng, lang, hdr + "\n" + "\n".join(rows), code="csv")


def pos_sql_patients(rng, lang):
    rows = []
    for i in range(rng.randrange(2, 4)):
        v = sub_lang(rng, lang)
        f, l = person(rng, v)
        c, m = health(rng, v)
        rows.append(f"  ({rng.randrange(1000, 9999)}, '{E('PERSON', f + ' ' + l)}', '{E('DATE_OF_BIRTH', dob(rng, v, 1))}', '{E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}', '{E('MEDICAL_CONDITION', c)}', '{E('MEDICATION', m)}')")
    tbl = L(lang, en="patients", fr="patients", nl="patienten", pt="utentes")
    body = f"INSERT INTO {tbl} (id, full_name, birth_date, record_no, diagnosis, medication) VALUES\n" + ",\n".join(rows) + ";"
    return frame(rng, lang, body, code="sql")


def pos_json_user(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    body = ("{\n" f'  "userId": "{rs(rng, 8, "0123456789abcdef")}",\n  "firstName": "{E("PERSON", f)}",\n  "lastName": "{E("PERSON", l)}",\n'
            f'  "email": "{E("EMAIL_ADDRESS", email(rng, v, f, l))}",\n  "mobile": "{E("PHONE_NUMBER", phone(rng, v))}",\n'
            f'  "birthDate": "{E("DATE_OF_BIRTH", dob(rng, v, 1))}",\n  "address": "{E("LOCATION", addr)}",\n  "tier": "gold"\n' "}")
    return frame(rng, lang, body, code="json")


def pos_env_file(rng, lang):
    kid, sec = aws_pair(rng)
    body = (f"NODE_ENV=production\nPORT=8080\nDATABASE_URL={E('CONNECTION_STRING', conn_string(rng))}\n"
            f"AWS_ACCESS_KEY_ID={E('API_KEY', kid)}\nAWS_SECRET_ACCESS_KEY={E('API_KEY', sec)}\n"
            f"PAYMENTS_API_KEY={E('API_KEY', vendor_key(rng))}\nADMIN_PASSWORD={E('PASSWORD', password(rng))}\nLOG_LEVEL=info")
    return frame(rng, lang, body, code="")


def pos_shell_history(rng, lang):
    pw = password(rng).replace("'", "")
    tok = vendor_key(rng)
    ip = public_ip(rng)
    body = (f"  501  ssh deploy@{E('IP_ADDRESS', ip)}\n  502  mysql -u root -p'{E('PASSWORD', pw)}' crm < dump.sql\n"
            f"  503  curl -H \"Authorization: Bearer {E('API_KEY', tok)}\" https://api.internal.test/v1/health\n  504  history | tail")
    return frame(rng, lang, body, code="bash")


def pos_app_log(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    ip = public_ip(rng)
    sid = generic_secret(rng)
    body = (f"2026-11-{rng.randrange(10, 30)}T08:{rng.randrange(10, 59)}:12Z INFO  auth login ok user={E('EMAIL_ADDRESS', email(rng, v, f, l))} src={E('IP_ADDRESS', ip)}\n"
            f"2026-11-{rng.randrange(10, 30)}T08:{rng.randrange(10, 59)}:13Z DEBUG session set-cookie: sid={E('GENERIC_SECRET', sid)}; HttpOnly; Secure\n"
            f"2026-11-{rng.randrange(10, 30)}T08:{rng.randrange(10, 59)}:14Z WARN  rate limit near for {private_ip(rng)}")
    return frame(rng, lang, body, code="log")


def pos_traceback(rng, lang):
    cs = conn_string(rng)
    body = ('Traceback (most recent call last):\n  File "/srv/app/db.py", line 41, in connect\n    engine = create_engine(url)\n'
            f'sqlalchemy.exc.OperationalError: could not connect using "{E("CONNECTION_STRING", cs)}": timeout expired')
    return frame(rng, lang, body, code="")


def pos_k8s_secret(rng, lang):
    body = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-secrets\n  namespace: prod\ntype: Opaque\nstringData:\n"
            f"  db-password: \"{E('PASSWORD', password(rng))}\"\n  stripe-key: {E('API_KEY', vendor_key(rng))}\n  webhook-secret: {E('GENERIC_SECRET', generic_secret(rng))}")
    return frame(rng, lang, body, code="yaml")


def pos_hr_record(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v)
    bk = bank_markup(rng, v)
    lab = L(lang, en=("Employee", "Date of birth", "Home address", "Bank"), fr=("Salarié", "Date de naissance", "Adresse", "Banque"),
            nl=("Medewerker", "Geboortedatum", "Adres", "Bank"), pt=("Colaborador", "Data de nascimento", "Morada" if v == "pt" else "Endereço", "Banco"))
    body = (f"{lab[0]}: {E('PERSON', l.upper() + ', ' + f) if rng.random() < 0.5 else full(f, l)}\n{lab[1]}: {E('DATE_OF_BIRTH', dob(rng, v, rng.randrange(3)))}\n"
            f"{ID_LABEL[v]}: {E('NATIONAL_ID', national_id(rng, v))}\n{lab[2]}:\n{E('LOCATION', addr)}\n{lab[3]}: {bk}")
    return frame(rng, lang, body)


def pos_payroll_tsv(rng, lang):
    hdr = L(lang, en="emp_no\tname\tNI/SSN\tIBAN/account\tnet", fr="matricule\tnom\tNIR\tIBAN\tnet",
            nl="persnr\tnaam\tBSN\tIBAN\tnetto", pt="n_func\tnome\tNIF/CPF\tIBAN/conta\tliquido")
    rows = []
    for _ in range(rng.randrange(3, 5)):
        v = sub_lang(rng, lang)
        f, l = person(rng, v)
        bk = bank_markup(rng, v)
        rows.append(f"{rng.randrange(1000, 9999)}\t{full(f, l)}\t{E('NATIONAL_ID', national_id(rng, v))}\t{bk}\t{rng.randrange(1500, 5200)},{rng.randrange(10, 99)}")
    return frame(rng, lang, hdr + "\n" + "\n".join(rows), code="tsv")


def pos_medical_letter(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    c, m = health(rng, v)
    dose = rng.choice(["500 mg", "20 mg", "100 µg", "2x/day"])
    body = L(lang,
             en=f"Re: {full(f, l)}, DOB {E('DATE_OF_BIRTH', dob(rng, v))}, {MRN_LABEL[v]} {E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}\n\nDear colleague,\nI reviewed this patient today. Known {E('MEDICAL_CONDITION', c)}, currently on {E('MEDICATION', m)} {dose}. Please continue and review in 3 months.",
             fr=f"Objet : {full(f, l)}, né(e) le {E('DATE_OF_BIRTH', dob(rng, v, 2))}, {MRN_LABEL[v]} {E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}\n\nCher confrère,\nJ'ai revu ce jour votre patient(e), suivi(e) pour {E('MEDICAL_CONDITION', c)}, traité(e) par {E('MEDICATION', m)} {dose}. Poursuite du traitement.",
             nl=f"Betreft: {'mevr. ' if rng.random() < .5 else 'dhr. '}{full(f, l)}, geb. {E('DATE_OF_BIRTH', dob(rng, v))}, {MRN_LABEL[v]} {E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}\n\nGeachte collega,\nVandaag gezien op de polikliniek. Bekend met {E('MEDICAL_CONDITION', c)}, gebruikt {E('MEDICATION', m)} {dose}. Beleid: continueren.",
             pt=f"Assunto: {full(f, l)}, nasc. {E('DATE_OF_BIRTH', dob(rng, v))}, {MRN_LABEL[v]} {E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}\n\nCaro colega,\nObservei hoje o(a) utente, com {E('MEDICAL_CONDITION', c)}, medicado(a) com {E('MEDICATION', m)} {dose}. Manter terapêutica.")
    return frame(rng, lang, body)


def pos_insurance_claim(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    c, _ = health(rng, v)
    bk = bank_markup(rng, v)
    pol = f"POL-{safe_digits(rng, 8)}"
    body = L(lang,
             en=f"Claim form\nPolicy no.: {pol}\nInsured: {full(f, l)}\nReason for claim: hospital stay due to {E('MEDICAL_CONDITION', c)}\nPay to: {bk}",
             fr=f"Déclaration de sinistre\nN° de contrat : {pol}\nAssuré : {full(f, l)}\nMotif : hospitalisation pour {E('MEDICAL_CONDITION', c)}\nRemboursement sur : {bk}",
             nl=f"Schadeformulier\nPolisnummer: {pol}\nVerzekerde: {full(f, l)}\nReden: opname wegens {E('MEDICAL_CONDITION', c)}\nUitbetalen op: {bk}",
             pt=f"Participação de sinistro\nApólice n.º: {pol}\nSegurado: {full(f, l)}\nMotivo: internamento por {E('MEDICAL_CONDITION', c)}\nPagamento para: {bk}")
    return frame(rng, lang, body)


def pos_wire_details(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    bk = bank_markup(rng, v)
    body = L(lang,
             en=f"can you check these bank details b4 I send the refund?\nbeneficiary: {E('PERSON', (f + ' ' + l).upper())}\naddress: {E('LOCATION', addr)}\n{bk}",
             fr=f"tu peux vérifier ce RIB avant que j'envoie le remboursement ?\nbénéficiaire : {E('PERSON', (f + ' ' + l).upper())}\nadresse : {E('LOCATION', addr)}\n{bk}",
             nl=f"kun je deze bankgegevens checken voor ik de terugbetaling doe?\nbegunstigde: {E('PERSON', (f + ' ' + l).upper())}\nadres: {E('LOCATION', addr)}\n{bk}",
             pt=f"podes confirmar estes dados bancários antes de eu mandar o reembolso?\nbeneficiário: {E('PERSON', (f + ' ' + l).upper())}\nmorada: {E('LOCATION', addr)}\n{bk}")
    return body


def pos_card_issue(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    cd = card(rng)
    exp = f"{rng.randrange(1, 13):02d}/{rng.randrange(27, 31)}"
    body = L(lang,
             en=f"Customer says payment keeps failing. Card {E('CREDIT_CARD', cd)} exp {exp}, name on card {E('PERSON', (f + ' ' + l).upper())}. Why would Stripe decline?",
             fr=f"Le client dit que le paiement échoue. Carte {E('CREDIT_CARD', cd)} exp {exp}, titulaire {E('PERSON', (f + ' ' + l).upper())}. Pourquoi refus ?",
             nl=f"Klant zegt dat betalen steeds mislukt. Kaart {E('CREDIT_CARD', cd)} geldig tot {exp}, naam {E('PERSON', (f + ' ' + l).upper())}. Waarom geweigerd?",
             pt=f"O cliente diz que o pagamento falha sempre. Cartão {E('CREDIT_CARD', cd)} val. {exp}, titular {E('PERSON', (f + ' ' + l).upper())}. Porque é recusado?")
    return body


def pos_cv(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v)
    body = L(lang,
             en=f"{E('PERSON', (f + ' ' + l).upper())}\n{E('LOCATION', addr)}\n{E('PHONE_NUMBER', phone(rng, v))} · {E('EMAIL_ADDRESS', email(rng, v, f, l))}\nBorn {E('DATE_OF_BIRTH', dob(rng, v, 2 if v == 'en' else 0))}\n\nPROFILE\nWarehouse supervisor, 8 years, forklift licence.",
             fr=f"{E('PERSON', f + ' ' + l.upper())}\n{E('LOCATION', addr)}\nTél. {E('PHONE_NUMBER', phone(rng, v))} — {E('EMAIL_ADDRESS', email(rng, v, f, l))}\nNé(e) le {E('DATE_OF_BIRTH', dob(rng, v, 2))}\n\nPROFIL\nAssistante de direction, 10 ans d'expérience.",
             nl=f"{E('PERSON', f + ' ' + l)}\n{E('LOCATION', addr)}\n{E('PHONE_NUMBER', phone(rng, v))} | {E('EMAIL_ADDRESS', email(rng, v, f, l))}\nGeboren: {E('DATE_OF_BIRTH', dob(rng, v, 2))}\n\nPROFIEL\nLogistiek medewerker met rijbewijs C.",
             pt=f"{E('PERSON', f + ' ' + l)}\n{E('LOCATION', addr)}\n{E('PHONE_NUMBER', phone(rng, v))} / {E('EMAIL_ADDRESS', email(rng, v, f, l))}\nData de nascimento: {E('DATE_OF_BIRTH', dob(rng, v))}\n\nPERFIL\nTécnico(a) de contabilidade, 6 anos.")
    return frame(rng, lang, body)


def pos_police_report(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    ref = f"{rng.randrange(2024, 2027)}/{safe_digits(rng, 6)}"
    body = L(lang,
             en=f"Incident ref {ref}\nVictim: {E('PERSON', l.upper())}, {E('PERSON', f)} (DOB {E('DATE_OF_BIRTH', dob(rng, v))})\nResides at {E('LOCATION', addr)}. Contact {E('PHONE_NUMBER', phone(rng, v))}.\nReported theft of bicycle from rear garden.",
             fr=f"PV n° {ref}\nVictime : {E('PERSON', l.upper())} {E('PERSON', f)}, né(e) le {E('DATE_OF_BIRTH', dob(rng, v))}\nDemeurant {E('LOCATION', addr)}. Joignable au {E('PHONE_NUMBER', phone(rng, v))}.\nDéclare le vol de son vélo dans la cour.",
             nl=f"Proces-verbaal {ref}\nAangever: {E('PERSON', l.upper())}, {E('PERSON', f)}, geboren {E('DATE_OF_BIRTH', dob(rng, v))}\nWonende {E('LOCATION', addr)}. Tel. {E('PHONE_NUMBER', phone(rng, v))}.\nDoet aangifte van fietsdiefstal uit de achtertuin.",
             pt=f"Auto de ocorrência {ref}\nQueixoso(a): {E('PERSON', l.upper())}, {E('PERSON', f)}, nascido(a) em {E('DATE_OF_BIRTH', dob(rng, v))}\nResidente em {E('LOCATION', addr)}. Contacto {E('PHONE_NUMBER', phone(rng, v))}.\nParticipa o furto de bicicleta do quintal.")
    return frame(rng, lang, body)


def pupil_dob(rng, v):
    y, m, dd = rng.randrange(2011, 2015), rng.randrange(1, 13), rng.randrange(1, 29)
    return f"{m:02d}/{dd:02d}/{y}" if v == "us" else f"{dd:02d}{'-' if v == 'nl' else '/'}{m:02d}{'-' if v == 'nl' else '/'}{y}"


def pos_school_record(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    pf, _ = person(rng, v)
    c, m = rng.choice(HEALTH[lang][:5])
    body = L(lang,
             en=f"Pupil: {full(f, l)}  Year 7B\nDOB: {E('DATE_OF_BIRTH', pupil_dob(rng, v))}\nMedical: {E('MEDICAL_CONDITION', c)} - {E('MEDICATION', m)} kept in office\nParent contact: {E('PERSON', pf)} {E('PHONE_NUMBER', phone(rng, v))}",
             fr=f"Élève : {full(f, l)} — 6e B\nNé(e) le : {E('DATE_OF_BIRTH', pupil_dob(rng, v))}\nPAI : {E('MEDICAL_CONDITION', c)}, {E('MEDICATION', m)} à l'infirmerie\nResponsable légal : {E('PERSON', pf)} {E('PHONE_NUMBER', phone(rng, v))}",
             nl=f"Leerling: {full(f, l)}  groep 7\nGeboortedatum: {E('DATE_OF_BIRTH', pupil_dob(rng, v))}\nMedisch: {E('MEDICAL_CONDITION', c)}, {E('MEDICATION', m)} ligt bij de administratie\nOuder: {E('PERSON', pf)} {E('PHONE_NUMBER', phone(rng, v))}",
             pt=f"Aluno(a): {full(f, l)} — 7.º B\nData de nasc.: {E('DATE_OF_BIRTH', pupil_dob(rng, v))}\nSaúde: {E('MEDICAL_CONDITION', c)}, {E('MEDICATION', m)} na secretaria\nEncarregado(a) de educação: {E('PERSON', pf)} {E('PHONE_NUMBER', phone(rng, v))}")
    return frame(rng, lang, body)


def pos_shipping_label(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v)
    trk = rng.choice(["1Z" + rs(rng, 16, string.ascii_uppercase + string.digits), "JJD" + safe_digits(rng, 10), "LX" + safe_digits(rng, 9) + "PT"])
    body = f"SHIP TO:\n{E('PERSON', (f + ' ' + l).upper())}\n{E('LOCATION', addr.upper())}\nTEL {E('PHONE_NUMBER', phone(rng, v))}\n\nTRACKING {trk}\nWT 2.4 KG"
    return frame(rng, lang, body)


def pos_jira_ticket(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    f2, l2 = person(rng, v)
    key = f"{rng.choice(['OPS', 'SUP', 'CRM'])}-{rng.randrange(100, 9999)}"
    body = L(lang,
             en=f"{key}: Customer cannot reset password\nReporter: {full(f, l)}\nPriority: High\n\nDescription:\nCustomer {E('EMAIL_ADDRESS', email(rng, v, f2, l2))} gets 403 from {E('IP_ADDRESS', public_ip(rng))}. Tried twice.",
             fr=f"{key} : Le client ne peut pas réinitialiser son mot de passe\nRapporteur : {full(f, l)}\nPriorité : Haute\n\nDescription :\nLe client {E('EMAIL_ADDRESS', email(rng, v, f2, l2))} reçoit une 403 depuis {E('IP_ADDRESS', public_ip(rng))}.",
             nl=f"{key}: Klant kan wachtwoord niet resetten\nMelder: {full(f, l)}\nPrioriteit: Hoog\n\nOmschrijving:\nKlant {E('EMAIL_ADDRESS', email(rng, v, f2, l2))} krijgt 403 vanaf {E('IP_ADDRESS', public_ip(rng))}.",
             pt=f"{key}: Cliente não consegue redefinir a senha\nRelator: {full(f, l)}\nPrioridade: Alta\n\nDescrição:\nO cliente {E('EMAIL_ADDRESS', email(rng, v, f2, l2))} recebe 403 a partir de {E('IP_ADDRESS', public_ip(rng))}.")
    return frame(rng, lang, body)


def pos_classified_memo(rng, lang):
    v = sub_lang(rng, lang)
    mk = rng.choice(MARKINGS[lang])
    f, l = person(rng, v)
    body = L(lang,
             en=f"{E('CLASSIFICATION_MARKING', mk)}\n\nMEMO - Restructuring, phase 2\nThe Leeds team will be merged into Finance Ops. {full(f, l)} to lead the transition.\n\n{E('CLASSIFICATION_MARKING', mk)}",
             fr=f"{E('CLASSIFICATION_MARKING', mk)}\n\nNOTE - Réorganisation, phase 2\nL'équipe support sera rattachée à la DAF. {full(f, l)} pilotera la transition.\n\n{E('CLASSIFICATION_MARKING', mk)}",
             nl=f"{E('CLASSIFICATION_MARKING', mk)}\n\nNOTITIE - Reorganisatie fase 2\nHet supportteam gaat op in Finance. {full(f, l)} leidt de overgang.\n\n{E('CLASSIFICATION_MARKING', mk)}",
             pt=f"{E('CLASSIFICATION_MARKING', mk)}\n\nNOTA - Reestruturação, fase 2\nA equipa de suporte passa para a Direção Financeira. {full(f, l)} lidera a transição.\n\n{E('CLASSIFICATION_MARKING', mk)}")
    return frame(rng, lang, body)


def pos_crypto_payout(rng, lang):
    v = sub_lang(rng, lang)
    f, _ = person(rng, v)
    w = crypto(rng)
    body = L(lang,
             en=f"{E('PERSON', f.lower())}: send my commission to {E('CRYPTO', w)} pls, not the old one",
             fr=f"{E('PERSON', f.lower())} : envoie ma commission sur {E('CRYPTO', w)} stp, pas l'ancienne adresse",
             nl=f"{E('PERSON', f.lower())}: stuur mijn commissie naar {E('CRYPTO', w)} aub, niet het oude adres",
             pt=f"{E('PERSON', f.lower())}: manda a minha comissão para {E('CRYPTO', w)} por favor, não para a antiga")
    return frame(rng, lang, body)


def pos_network_inventory(rng, lang):
    rows = []
    for i in range(rng.randrange(3, 5)):
        rows.append(f"edge-{rng.randrange(10, 99)}\t{E('MAC_ADDRESS', mac(rng))}\t{E('IP_ADDRESS', public_ip(rng))}\t{private_ip(rng)}")
    hdr = L(lang, en="host\tmac\twan_ip\tlan_ip", fr="hôte\tmac\tip_wan\tip_lan", nl="host\tmac\twan-ip\tlan-ip", pt="host\tmac\tip_wan\tip_lan")
    return frame(rng, lang, hdr + "\n" + "\n".join(rows), code="")


def pos_private_key(rng, lang):
    body = L(lang, en="why does ssh say invalid format for this key?\n\n", fr="pourquoi ssh dit invalid format avec cette clé ?\n\n",
             nl="waarom zegt ssh invalid format bij deze sleutel?\n\n", pt="porque é que o ssh diz invalid format com esta chave?\n\n")
    return body + E("PRIVATE_KEY", pem(rng))


def pos_jwt_debug(rng, lang):
    v = sub_lang(rng, lang)
    tok = jwt(rng, sub=f"u{rng.randrange(10000, 99999)}")
    body = L(lang, en=f"the API returns 401 with this header, is the token expired?\nAuthorization: Bearer {E('JWT', tok)}",
             fr=f"l'API renvoie 401 avec ce header, le token est expiré ?\nAuthorization: Bearer {E('JWT', tok)}",
             nl=f"de API geeft 401 met deze header, is het token verlopen?\nAuthorization: Bearer {E('JWT', tok)}",
             pt=f"a API devolve 401 com este header, o token expirou?\nAuthorization: Bearer {E('JWT', tok)}")
    return body


def ocr_noise(rng, s):
    return s.replace("l", "1", 1) if rng.random() < 0.5 else s.replace("o", "0", 1)


def pos_ocr_letter(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v)
    hdr = ocr_noise(rng, L(lang, en="Dear Sir or Madam , I am writ ing about my account", fr="Madame, Monsieur , je vous écr is au sujet de mon dossier",
                           nl="Geachte heer/mevrouw , hierbij schrij f ik over mijn dossier", pt="Exmos. Senhores , venho por este meio sobre o meu proces so"))
    body = f"{E('PERSON', f + ' ' + l)}\n{E('LOCATION', addr)}\n\n{hdr}.\n{ID_LABEL[v]} : {E('NATIONAL_ID', national_id(rng, v))}\n\n{E('PERSON', f + ' ' + l)}"
    return frame(rng, lang, body)


def pos_form_filled(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    labs = L(lang, en=["Surname", "Given name", "Birth date", "City of residence", "Mobile", "E-mail"],
             fr=["Nom", "Prénom", "Date de naissance", "Ville", "Portable", "Courriel"],
             nl=["Achternaam", "Voornaam", "Geboortedatum", "Woonplaats", "Mobiel", "E-mail"],
             pt=["Apelido" if v == "pt" else "Sobrenome", "Nome", "Data de nascimento", "Localidade", "Telemóvel" if v == "pt" else "Celular", "E-mail"])
    vals = [E("PERSON", l), E("PERSON", f), E("DATE_OF_BIRTH", dob(rng, v)), E("LOCATION", town(rng, v)),
            E("PHONE_NUMBER", phone(rng, v)), E("EMAIL_ADDRESS", email(rng, v, f, l))]
    sep = rng.choice([": ", " | ", " = ", ":\t"])
    return frame(rng, lang, "\n".join(a + sep + b for a, b in zip(labs, vals)))


def pos_xml_export(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    c, m = health(rng, v)
    body = (f"<patient id=\"{rng.randrange(1000, 9999)}\">\n  <name><given>{E('PERSON', f)}</given><family>{E('PERSON', l)}</family></name>\n"
            f"  <birthDate>{E('DATE_OF_BIRTH', dob(rng, v, 1))}</birthDate>\n  <mrn>{E('MEDICAL_RECORD_NUMBER', mrn(rng, v))}</mrn>\n"
            f"  <problem>{E('MEDICAL_CONDITION', c)}</problem>\n  <med dose=\"1x\">{E('MEDICATION', m)}</med>\n</patient>")
    return frame(rng, lang, body, code="xml")


def pos_servicenow(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    inc = f"INC{safe_digits(rng, 7)}"
    body = L(lang,
             en=f"{inc} | Caller: {E('PERSON', l + ', ' + f)} | Phone: {E('PHONE_NUMBER', phone(rng, v))}\nShort description: laptop cannot reach VPN\nWork notes: MAC {E('MAC_ADDRESS', mac(rng))}, public IP {E('IP_ADDRESS', public_ip(rng))}, gateway {private_ip(rng)}",
             fr=f"{inc} | Appelant : {E('PERSON', l + ', ' + f)} | Tél : {E('PHONE_NUMBER', phone(rng, v))}\nDescription : le portable n'accède pas au VPN\nNotes : MAC {E('MAC_ADDRESS', mac(rng))}, IP publique {E('IP_ADDRESS', public_ip(rng))}, passerelle {private_ip(rng)}",
             nl=f"{inc} | Melder: {E('PERSON', l + ', ' + f)} | Tel: {E('PHONE_NUMBER', phone(rng, v))}\nKorte omschrijving: laptop komt niet op VPN\nWerknotities: MAC {E('MAC_ADDRESS', mac(rng))}, publiek IP {E('IP_ADDRESS', public_ip(rng))}, gateway {private_ip(rng)}",
             pt=f"{inc} | Requerente: {E('PERSON', l + ', ' + f)} | Tel: {E('PHONE_NUMBER', phone(rng, v))}\nDescrição: portátil não liga à VPN\nNotas: MAC {E('MAC_ADDRESS', mac(rng))}, IP público {E('IP_ADDRESS', public_ip(rng))}, gateway {private_ip(rng)}")
    return frame(rng, lang, body)


def pos_family_whatsapp(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    _, m = health(rng, v)
    body = L(lang,
             en=f"{E('PERSON', f.lower())}: mum's new address is {E('LOCATION', addr)}\n{E('PERSON', f.lower())}: and she needs her {E('MEDICATION', m)} refilled by friday!!",
             fr=f"{E('PERSON', f.lower())} : la nouvelle adresse de maman c'est {E('LOCATION', addr)}\n{E('PERSON', f.lower())} : et faut renouveler son {E('MEDICATION', m)} avant vendredi !!",
             nl=f"{E('PERSON', f.lower())}: mama's nieuwe adres is {E('LOCATION', addr)}\n{E('PERSON', f.lower())}: en haar {E('MEDICATION', m)} moet voor vrijdag herhaald worden!!",
             pt=f"{E('PERSON', f.lower())}: a morada nova da mãe é {E('LOCATION', addr)}\n{E('PERSON', f.lower())}: e ela precisa de renovar a {E('MEDICATION', m)} até sexta!!")
    return frame(rng, lang, body)


def pos_contract_parties(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    body = L(lang,
             en=f"BETWEEN: Northgate Facilities Ltd (company no. 0{safe_digits(rng, 7)})\nAND: {full(f, l)}, residing at {E('LOCATION', addr)}, {ID_LABEL[v]} {E('NATIONAL_ID', national_id(rng, v))} (the \"Tenant\")",
             fr=f"ENTRE : la société Atelier Nord SAS (SIREN {safe_digits(rng, 9)})\nET : {full(f, l)}, demeurant {E('LOCATION', addr)}, {ID_LABEL[v]} {E('NATIONAL_ID', national_id(rng, v))} (le « Preneur »)",
             nl=f"PARTIJEN: Van den Berg Vastgoed B.V. (KvK {safe_digits(rng, 8)})\nen {full(f, l)}, wonende te {E('LOCATION', addr)}, {ID_LABEL[v]} {E('NATIONAL_ID', national_id(rng, v))} (\"Huurder\")",
             pt=f"ENTRE: Atlântico Imobiliária, Lda. (NIPC 5{safe_digits(rng, 8)})\nE: {full(f, l)}, residente em {E('LOCATION', addr)}, {ID_LABEL[v]} {E('NATIONAL_ID', national_id(rng, v))} (\"Arrendatário\")")
    return frame(rng, lang, body)


def pos_ci_config(rng, lang):
    body = (f"name: deploy\non: [push]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      NPM_TOKEN: {E('API_KEY', 'npm_' + rs(rng, 36))}\n"
            f"      SLACK_SIGNING_SECRET: {E('GENERIC_SECRET', rs(rng, 32, '0123456789abcdef'))}\n    steps:\n      - run: ./deploy.sh")
    return frame(rng, lang, body, code="yaml")


# ================================================================ NEGATIVE BASES (tempting, no sensitive value)
PUBLIC_FIGURES = ["Emmanuel Macron", "Angela Merkel", "Marie Curie", "Cristiano Ronaldo", "Serena Williams",
                  "Barack Obama", "Frida Kahlo", "Vincent van Gogh", "Fernando Pessoa", "Lionel Messi",
                  "Kylian Mbappé", "Max Verstappen", "Taylor Swift", "Albert Einstein", "Ada Lovelace"]
FICTIONAL = ["Sherlock Holmes", "Harry Potter", "Hermione Granger", "Astérix", "Tintin", "Jean Valjean",
             "Elizabeth Bennet", "Frodo Baggins", "Dom Casmurro", "Nijntje", "Madame Bovary"]
PLACES_NAMED = ["the Marie Curie room", "Rua Augusta", "Avenue Victor Hugo", "Boulevard Haussmann", "Van Gogh Museum",
                "Anne Frank Huis", "Casa Fernando Pessoa", "Ada Lovelace meeting room", "Johan Cruijff ArenA", "Estádio José Alvalade"]
BRANDS_NAMED = ["Tesla", "Ford Focus", "Hugo Boss", "Louis Vuitton", "Dr. Martens", "Johnnie Walker", "Calvin Klein",
                "Ben & Jerry's", "Albert Heijn", "Philips", "Jean-Paul Gaultier", "Mercedes-Benz"]
PEOPLE_NAMED = ["Tesla", "Ford Focus", "Jean-Paul Gaultier Le Male", "Louis Vuitton", "Dr. Martens",
                "Ben & Jerry's", "Johnnie Walker", "Hugo Boss", "Van Gogh Museum", "Anne Frank Huis",
                "Rua Augusta", "Avenue Victor Hugo", "Boulevard Haussmann", "salle Marie Curie",
                "Philips", "Calvin Klein", "Casa Fernando Pessoa", "Albert Heijn"]


LIVING = ["Emmanuel Macron", "Olaf Scholz", "Cristiano Ronaldo", "Serena Williams", "Barack Obama",
          "Lionel Messi", "Kylian Mbappé", "Max Verstappen", "Taylor Swift", "Ursula von der Leyen", "Luiz Inácio Lula da Silva"]


def neg_news(rng, lang):
    who = rng.choice(LIVING)
    where = rng.choice(PUBLIC_PLACES[lang])
    n = rng.randrange(1, 29)
    body = L(lang,
             en=f"{where}, {n} Nov (Reuters) - {who} arrived in {where} on Tuesday for a two-day visit focused on energy prices and trade, officials said.",
             fr=f"{where}, {n} nov. (AFP) - {who} est arrivé(e) mardi à {where} pour une visite de deux jours consacrée à l'énergie et au commerce.",
             nl=f"{where}, {n} nov (ANP) - {who} kwam dinsdag aan in {where} voor een tweedaags bezoek over energieprijzen en handel.",
             pt=f"{where}, {n} nov (Lusa) - {who} chegou na terça-feira a {where} para uma visita de dois dias centrada na energia e no comércio.")
    return frame(rng, lang, body)


def neg_sports(rng, lang):
    who = rng.choice(["Cristiano Ronaldo", "Lionel Messi", "Kylian Mbappé", "Max Verstappen", "Serena Williams", "Virgil van Dijk", "Antoine Griezmann"])
    where = rng.choice(PUBLIC_PLACES[lang])
    s = f"{rng.randrange(0, 5)}-{rng.randrange(0, 5)}"
    body = L(lang, en=f"Match report: {who} scored in the {rng.randrange(2, 90)}th minute as the visitors won {s} in {where}. Attendance {rng.randrange(20, 80)},{rng.randrange(100, 999)}.",
             fr=f"Résumé : {who} a marqué à la {rng.randrange(2, 90)}e minute, victoire {s} à {where}. Affluence : {rng.randrange(20, 80)} {rng.randrange(100, 999)} spectateurs.",
             nl=f"Verslag: {who} scoorde in de {rng.randrange(2, 90)}e minuut, {s} winst in {where}. Toeschouwers: {rng.randrange(20, 80)}.{rng.randrange(100, 999)}.",
             pt=f"Crónica: {who} marcou aos {rng.randrange(2, 90)} minutos e a equipa venceu por {s} em {where}. Assistência: {rng.randrange(20, 80)}.{rng.randrange(100, 999)}.")
    return frame(rng, lang, body)


def neg_weather_travel(rng, lang):
    a, b = rng.sample(PUBLIC_PLACES[lang], 2)
    t = rng.randrange(-3, 31)
    body = L(lang, en=f"Forecast: {a} {t}°C, showers later; {b} {t + 3}°C and sunny. Train {a}-{b} departs 07:42 from platform {rng.randrange(1, 15)}.",
             fr=f"Météo : {a} {t}°C, averses en soirée ; {b} {t + 3}°C, ensoleillé. TGV {a}-{b} départ 07h42 voie {rng.randrange(1, 15)}.",
             nl=f"Weerbericht: {a} {t}°C, later buien; {b} {t + 3}°C en zonnig. Intercity {a}-{b} vertrekt 07:42 van spoor {rng.randrange(1, 15)}.",
             pt=f"Previsão: {a} {t}°C, aguaceiros ao fim do dia; {b} {t + 3}°C e sol. Comboio {a}-{b} parte às 07h42 da linha {rng.randrange(1, 15)}.")
    return frame(rng, lang, body)


def neg_history(rng, lang):
    who, y = rng.choice([("Napoleon Bonaparte", "15/08/1769"), ("Marie Curie", "07/11/1867"), ("Fernando Pessoa", "13/06/1888"),
                         ("Vincent van Gogh", "30/03/1853"), ("Winston Churchill", "30/11/1874"), ("Rembrandt van Rijn", "15/07/1606"),
                         ("Victor Hugo", "26/02/1802"), ("Anne Frank", "12/06/1929"), ("Amália Rodrigues", "23/07/1920")])
    body = L(lang, en=f"Write me a short paragraph for a school poster: {who} (born {y}) spent several years in {rng.choice(PUBLIC_PLACES['en'])} and later moved abroad.",
             fr=f"Écris un court paragraphe pour un exposé : {who} (né(e) le {y}) a vécu plusieurs années à {rng.choice(PUBLIC_PLACES['fr'])} avant de partir à l'étranger.",
             nl=f"Schrijf een korte alinea voor een spreekbeurt: {who} (geboren {y}) woonde jaren in {rng.choice(PUBLIC_PLACES['nl'])} en vertrok later naar het buitenland.",
             pt=f"Escreve um parágrafo curto para um trabalho escolar: {who} (nascido em {y}) viveu vários anos em {rng.choice(PUBLIC_PLACES['pt'])} e depois partiu para o estrangeiro.")
    return body


def neg_docs_placeholders(rng, lang):
    name = rng.choice(["John Doe", "Jane Doe", "Max Mustermann", "Jean Dupont", "Jan Jansen", "Fulano de Tal", "Erika Mustermann"])
    body = (f"curl -X POST https://api.example.com/v2/users \\\n  -H \"Authorization: Bearer <YOUR_API_KEY>\" \\\n"
            f"  -d '{{\"name\": \"{name}\", \"email\": \"{name.split()[0].lower()}@example.{rng.choice(['com', 'org', 'net'])}\", \"password\": \"YOUR_PASSWORD_HERE\", \"phone\": \"+1 555 0{rng.randrange(100, 199)}\"}}'")
    return frame(rng, lang, body, code="bash")


def neg_test_cards(rng, lang):
    c = rng.sample(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555 5555 5555 4444", "4000 0566 5566 5556", "3782 822463 10005"], 2)
    i = rng.choice(["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034"])
    body = L(lang, en=f"For sandbox testing use card {c[0]} (any CVC, any future date) or {c[1]}. For SEPA use the documented IBAN {i}.",
             fr=f"En sandbox, utilisez la carte {c[0]} (CVC quelconque, date future) ou {c[1]}. Pour SEPA, l'IBAN de la doc : {i}.",
             nl=f"Gebruik in de sandbox kaart {c[0]} (willekeurige CVC, datum in de toekomst) of {c[1]}. Voor SEPA het documentatie-IBAN {i}.",
             pt=f"No sandbox use o cartão {c[0]} (qualquer CVC, data futura) ou {c[1]}. Para SEPA use o IBAN da documentação {i}.")
    return frame(rng, lang, body)


def neg_aws_example(rng, lang):
    body = L(lang, en="The docs say to run:", fr="La doc dit de lancer :", nl="Volgens de docs moet ik dit draaien:", pt="A documentação diz para correr:")
    jwtio = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    k = rng.randrange(3)
    if k == 0:
        code = "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\naws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    elif k == 1:
        code = f"# sample token from jwt.io\nexport TOKEN={jwtio}\ncurl -H \"Authorization: Bearer $TOKEN\" http://localhost:{rng.randrange(3000, 9000)}/me"
    else:
        code = f"export OPENAI_API_KEY=sk-...\nexport DB_URL=postgres://user:password@localhost:5432/{rng.choice(['dev', 'test', 'app'])}"
    return f"{body}\n```\n{code}\n```\n" + rng.choice(PROMPTS[lang])


def neg_masked(rng, lang):
    last4 = f"{rng.randrange(0, 10000):04d}"
    body = L(lang, en=f"Payment received from card •••• •••• •••• {last4}. Refund to IBAN GB** **** **** **** {last4[:2]}{rng.randrange(10, 99)}. Contact: j***@g***.com, +44 **** ***{rng.randrange(100, 999)}.",
             fr=f"Paiement reçu par carte **** **** **** {last4}. Remboursement sur FR76 **** **** **** **** **{rng.randrange(100, 999)}. Contact : m***@o****.fr, 06 ** ** ** {rng.randrange(10, 99)}.",
             nl=f"Betaling ontvangen met kaart XXXX-XXXX-XXXX-{last4}. Terugbetaling naar NL** **** **** **{rng.randrange(1000, 9999)}. Contact: s***@z***.nl, 06-****{rng.randrange(1000, 9999)}.",
             pt=f"Pagamento recebido com cartão ****{last4}. Reembolso para PT50 **** **** **** **** *{rng.randrange(1000, 9999)}. Contacto: a***@s***.pt, 9** *** {rng.randrange(100, 999)}.")
    return frame(rng, lang, body)


def hexs(rng, n):
    """Random hex without digit runs long enough to pass as a card number."""
    while True:
        h = rs(rng, n, "0123456789abcdef")
        if not re.search(r"\d{13}", h):
            return h


def neg_hashes_uuids(rng, lang):
    h = hexs(rng, 64)
    u = "-".join(rs(rng, n, "0123456789abcdef") for n in (8, 4, 4, 4, 12))
    c = hexs(rng, 40)
    body = f"request_id={u}\nartifact sha256:{h}\nbuilt from commit {c[:12]} ({c})\netag \"{hexs(rng, 32)}\""
    return frame(rng, lang, body, code="")


def neg_order_numbers(rng, lang):
    body = L(lang, en=f"Order #{safe_digits(rng, 9)} shipped. Invoice INV-{rng.randrange(2024, 2027)}-{safe_digits(rng, 6)}, tracking 1Z{rs(rng, 16, string.ascii_uppercase + string.digits)}, customer no. C{safe_digits(rng, 7)}, policy {safe_digits(rng, 10)}.",
             fr=f"Commande n° {safe_digits(rng, 9)} expédiée. Facture FA-{rng.randrange(2024, 2027)}-{safe_digits(rng, 6)}, suivi Colissimo 6A{safe_digits(rng, 11)}, client n° {safe_digits(rng, 8)}.",
             nl=f"Bestelling {safe_digits(rng, 9)} verzonden. Factuur F{rng.randrange(2024, 2027)}{safe_digits(rng, 6)}, track & trace 3S{rs(rng, 13, string.ascii_uppercase + string.digits)}, klantnummer {safe_digits(rng, 8)}.",
             pt=f"Encomenda n.º {safe_digits(rng, 9)} enviada. Fatura FT {rng.randrange(2024, 2027)}/{safe_digits(rng, 6)}, CTT RR{safe_digits(rng, 9)}PT, cliente n.º {safe_digits(rng, 8)}.")
    return frame(rng, lang, body)


def neg_private_ips(rng, lang):
    body = (f"server {{\n  listen {private_ip(rng)}:443;\n  allow 10.0.0.0/8;\n  allow {rng.choice(['172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'])};\n"
            f"  proxy_pass http://{private_ip(rng)}:{rng.randrange(3000, 9000)};\n  resolver 127.0.0.53;\n  # test from {rng.choice(['192.0.2.', '198.51.100.', '203.0.113.'])}{rng.randrange(1, 254)}\n}}")
    return frame(rng, lang, body, code="nginx")


def neg_company_register(rng, lang):
    where = rng.choice(PUBLIC_PLACES[lang])
    body = L(lang, en=f"Northgate Facilities Ltd, registered in England no. 0{safe_digits(rng, 7)}, VAT GB{safe_digits(rng, 9)}. Registered office: 1 Canal Street, {where}.",
             fr=f"Atelier Nord SAS au capital de {rng.randrange(10, 900)} 000 €, SIREN {safe_digits(rng, 9)} RCS {where}, TVA FR{rng.randrange(10, 99)}{safe_digits(rng, 9)}. Siège : 4 place de la Bourse, {where}.",
             nl=f"Van den Berg Vastgoed B.V., KvK {safe_digits(rng, 8)}, btw NL{safe_digits(rng, 9)}B01. Vestigingsadres: Stationsplein 1, {where}.",
             pt=f"Atlântico Imobiliária, Lda., NIPC 5{safe_digits(rng, 8)}, capital social {rng.randrange(5, 500)}.000 €. Sede: Praça do Comércio, {where}.")
    return frame(rng, lang, body)


def neg_policy_prose(rng, lang):
    w = rng.choice(MARKINGS[lang])
    body = L(lang, en=f"Information security policy, section {rng.randrange(2, 9)}.{rng.randrange(1, 9)}: documents classified as {w.lower() if rng.random() < .5 else w} must not be pasted into external AI tools. Staff should label files as Public, Internal, Confidential or Secret.",
             fr=f"Politique de sécurité, § {rng.randrange(2, 9)}.{rng.randrange(1, 9)} : les documents marqués « {w} » ne doivent pas être collés dans des outils d'IA externes. Niveaux : Public, Interne, Confidentiel, Secret.",
             nl=f"Informatiebeveiligingsbeleid, art. {rng.randrange(2, 9)}.{rng.randrange(1, 9)}: documenten met rubricering '{w}' mogen niet in externe AI-tools worden geplakt. Niveaus: openbaar, intern, vertrouwelijk, geheim.",
             pt=f"Política de segurança, secção {rng.randrange(2, 9)}.{rng.randrange(1, 9)}: documentos classificados como \"{w}\" não podem ser colados em ferramentas de IA externas. Níveis: público, interno, confidencial, secreto.")
    return frame(rng, lang, body)


def neg_health_article(rng, lang):
    c, m = rng.choice(HEALTH[lang])
    p = rng.randrange(2, 15)
    body = L(lang, en=f"Around {p}% of adults live with {c}. Guidelines recommend {m} as a first-line option, but adherence drops after {rng.randrange(2, 12)} months, a new study in {rng.choice(PUBLIC_PLACES['en'])} found.",
             fr=f"Environ {p} % des adultes vivent avec un(e) {c}. Les recommandations placent {m} en première intention, mais l'observance chute après {rng.randrange(2, 12)} mois, selon une étude menée à {rng.choice(PUBLIC_PLACES['fr'])}.",
             nl=f"Ongeveer {p}% van de volwassenen heeft {c}. Richtlijnen noemen {m} als eerste keus, maar de therapietrouw daalt na {rng.randrange(2, 12)} maanden, blijkt uit onderzoek in {rng.choice(PUBLIC_PLACES['nl'])}.",
             pt=f"Cerca de {p}% dos adultos vivem com {c}. As normas indicam {m} como primeira linha, mas a adesão cai após {rng.randrange(2, 12)} meses, segundo um estudo feito em {rng.choice(PUBLIC_PLACES['pt'])}.")
    return frame(rng, lang, body)


def neg_blank_form(rng, lang):
    labs = L(lang, en=["Full name", "Date of birth", "NI number / SSN", "IBAN", "Card number", "Signature"],
             fr=["Nom et prénom", "Date de naissance", "N° de sécurité sociale", "IBAN", "N° de carte", "Signature"],
             nl=["Volledige naam", "Geboortedatum", "BSN", "IBAN", "Kaartnummer", "Handtekening"],
             pt=["Nome completo", "Data de nascimento", "NIF / CPF", "IBAN", "N.º do cartão", "Assinatura"])
    fill = rng.choice(["________________", "[ ]", "..........", "<à compléter>" if lang == "fr" else "<TBD>"])
    rng.shuffle(labs)
    lines = [f"{x}: {fill}" if "birth" not in x and "naissance" not in x and "Geboorte" not in x and "nascimento" not in x else f"{x}: __ / __ / ____" for x in labs[:rng.randrange(4, 7)]]
    return frame(rng, lang, "\n".join(lines))


def neg_code_varnames(rng, lang):
    fn = rng.choice(["get_user_password", "validate_iban", "mask_credit_card", "load_api_key", "hash_ssn"])
    body = (f"def {fn}(user, api_key=None):\n    password = os.environ.get(\"DB_PASSWORD\")\n    iban = user.iban.replace(\" \", \"\")\n"
            f"    if not api_key:\n        api_key = settings.API_KEY  # read from vault\n    return mask(user.credit_card, keep={rng.randrange(2, 6)})")
    return frame(rng, lang, body, code="python")


def neg_brands_people(rng, lang):
    a, c = rng.sample(PLACES_NAMED, 2)
    b = rng.choice(BRANDS_NAMED)
    body = L(lang, en=f"reminder: offsite is in the {c}, then dinner near {a}. bring the {b} samples for the demo",
             fr=f"rappel : le séminaire a lieu {c}, puis dîner vers {a}. prenez les échantillons {b} pour la démo",
             nl=f"reminder: de heidag is in {c}, daarna eten bij {a}. neem de {b} samples mee voor de demo",
             pt=f"lembrete: o offsite é em {c}, depois jantar perto de {a}. tragam as amostras {b} para a demo")
    return frame(rng, lang, body)


def neg_fiction(rng, lang):
    a, b = rng.sample(FICTIONAL, 2)
    body = L(lang, en=f"Book club notes: why does {a} trust {b} so quickly in chapter {rng.randrange(2, 30)}? Compare with the film.",
             fr=f"Notes du club de lecture : pourquoi {a} fait-il confiance à {b} si vite au chapitre {rng.randrange(2, 30)} ?",
             nl=f"Leesclub: waarom vertrouwt {a} {b} zo snel in hoofdstuk {rng.randrange(2, 30)}?",
             pt=f"Clube de leitura: porque é que {a} confia tão depressa em {b} no capítulo {rng.randrange(2, 30)}?")
    return frame(rng, lang, body)


def neg_roles_meeting(rng, lang):
    m = rng.randrange(0, 50)
    t, t2, t3 = (f"00:{m + i:02d}:{rng.randrange(10, 59)}" for i in range(3))
    body = L(lang, en=f"{t} Host: welcome everyone\n{t2} Speaker 2: the PM will share the Q{rng.randrange(1, 5)} roadmap\n{t3} Participant: can the ops team send the slides?",
             fr=f"{t} Animateur : bienvenue à tous\n{t2} Intervenant 2 : la cheffe de projet présentera la feuille de route T{rng.randrange(1, 5)}\n{t3} Participant : l'équipe ops peut envoyer les slides ?",
             nl=f"{t} Host: welkom allemaal\n{t2} Spreker 2: de PM deelt de roadmap voor Q{rng.randrange(1, 5)}\n{t3} Deelnemer: kan het ops-team de slides sturen?",
             pt=f"{t} Anfitrião: bem-vindos\n{t2} Orador 2: o gestor de projeto vai partilhar o roadmap do T{rng.randrange(1, 5)}\n{t3} Participante: a equipa de ops pode enviar os slides?")
    return frame(rng, lang, body)


def neg_ci_masked(rng, lang):
    body = (f"Run ./deploy.sh\n  env:\n    AWS_ACCESS_KEY_ID: ***\n    AWS_SECRET_ACCESS_KEY: ***\n    DATABASE_URL: ***\n"
            f"Deploying build #{rng.randrange(100, 9999)} to eu-west-{rng.randrange(1, 4)}\nError: Process completed with exit code {rng.randrange(1, 128)}.")
    return frame(rng, lang, body, code="")


def neg_ddl(rng, lang):
    t = L(lang, en="customers", fr="clients", nl="klanten", pt="clientes")
    body = (f"CREATE TABLE {t} (\n  id BIGINT PRIMARY KEY,\n  first_name VARCHAR({rng.choice([50, 80, 100])}),\n  last_name VARCHAR(100),\n  date_of_birth DATE,\n"
            f"  iban CHAR(34),\n  ssn_encrypted BYTEA,\n  email VARCHAR(255) UNIQUE\n);")
    return frame(rng, lang, body, code="sql")


def imei(rng):
    body = "35" + "".join(rng.choice(string.digits) for _ in range(12))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c


IMEIS = []


def neg_device_inventory(rng, lang):
    rows = []
    for _ in range(rng.randrange(2, 5)):
        im = imei(rng)
        IMEIS.append(im)
        rows.append(f"{rng.choice(['iPhone 15', 'Galaxy S24', 'Pixel 8', 'ThinkPad X1'])}\tSN {rs(rng, 10, string.ascii_uppercase + string.digits)}\tIMEI {im}\tasset {safe_digits(rng, 6)}")
    hdr = L(lang, en="Device inventory (pool phones, not assigned)", fr="Inventaire des appareils (pool, non attribués)",
            nl="Apparatenoverzicht (pooltoestellen, niet toegewezen)", pt="Inventário de equipamentos (pool, não atribuídos)")
    return frame(rng, lang, hdr + "\n" + "\n".join(rows))


def neg_public_chat(rng, lang):
    who = rng.choice(LIVING)
    body = L(lang, en=f"@devops-oncall did u see {who.lower()}'s keynote? the bit about passwords was wild lol\n@platform-team yeah watching the recording now",
             fr=f"@devops-astreinte t'as vu la keynote de {who.lower()} ? le passage sur les mots de passe mdr\n@equipe-plateforme ouais je regarde le replay",
             nl=f"@devops-dienst heb je de keynote van {who.lower()} gezien? dat stuk over wachtwoorden haha\n@platform-team ja kijk nu de opname",
             pt=f"@devops-plantao viste a keynote do {who.lower()}? a parte das palavras-passe foi incrível kkk\n@equipa-plataforma sim, a ver a gravação")
    return body


def neg_product_catalog(rng, lang):
    rows = []
    for _ in range(rng.randrange(2, 5)):
        ean = safe_digits(rng, 13)
        rows.append(f"{rs(rng, 3, string.ascii_uppercase)}-{rng.randrange(100, 999)};{rng.choice(BRANDS_NAMED)};{ean};{rng.randrange(5, 300)},{rng.randrange(10, 99)}")
    return frame(rng, lang, "sku;product;ean;price\n" + "\n".join(rows), code="csv")


def neg_changelog(rng, lang):
    v = f"{rng.randrange(1, 9)}.{rng.randrange(0, 30)}.{rng.randrange(0, 20)}"
    body = (f"## v{v} ({rng.randrange(2024, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d})\n- fix: mask IBAN and card numbers in logs (#{rng.randrange(100, 9999)})\n"
            f"- feat: rotate API keys every 90 days\n- chore: bump openssl to 3.{rng.randrange(0, 5)}.{rng.randrange(0, 15)}")
    return frame(rng, lang, body, code="markdown")


def neg_film_script(rng, lang):
    n = f"555-01{rng.randrange(10, 99)}"
    body = L(lang, en=f"INT. DINER - NIGHT\nThe waitress slides a napkin across: \"Call me. {n}.\"\nDETECTIVE HOLMES pockets it.",
             fr=f"INT. CAFÉ - NUIT\nLa serveuse glisse une serviette : « Appelle-moi. (212) {n}. »\nL'INSPECTEUR MAIGRET la range.",
             nl=f"INT. EETCAFÉ - NACHT\nDe serveerster schuift een servetje over: \"Bel me. (212) {n}.\"\nINSPECTEUR VAN DER VALK stopt het weg.",
             pt=f"INT. RESTAURANTE - NOITE\nA empregada passa um guardanapo: \"Liga-me. (212) {n}.\"\nO INSPETOR JAKOB guarda-o.")
    return frame(rng, lang, body)


def neg_dates_not_dob(rng, lang):
    d = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(2024, 2027)}"
    body = L(lang, en=f"Contract start {d}, renewal date {d[:6]}{int(d[6:]) + 1}, notice period 3 months. Office closed on public holidays.",
             fr=f"Début du contrat le {d}, renouvellement le {d[:6]}{int(d[6:]) + 1}, préavis de 3 mois. Bureau fermé les jours fériés.",
             nl=f"Ingangsdatum {d}, verlenging {d[:6]}{int(d[6:]) + 1}, opzegtermijn 3 maanden. Kantoor dicht op feestdagen.",
             pt=f"Início do contrato a {d}, renovação a {d[:6]}{int(d[6:]) + 1}, pré-aviso de 3 meses. Escritório fechado nos feriados.")
    return frame(rng, lang, body)


def neg_office_directory(rng, lang):
    where = rng.choice(PUBLIC_PLACES[lang])
    body = L(lang, en=f"Our {where} office: reception +44 20 7946 0{rng.randrange(100, 999)}, info@example.org. Meeting rooms: Turing, Lovelace, Hopper.",
             fr=f"Bureau de {where} : accueil 01 99 00 {rng.randrange(10, 99)} {rng.randrange(10, 99)}, contact@example.fr, poste {rng.randrange(100, 999)}. Salles : Curie, Pasteur, Eiffel.",
             nl=f"Kantoor {where}: receptie +31 20 XXX XX XX, info@example.nl, toestel {rng.randrange(100, 999)}. Vergaderzalen: Escher, Mondriaan, Rembrandt.",
             pt=f"Escritório de {where}: receção 21 XXX XX XX, geral@example.pt, ext. {rng.randrange(100, 999)}. Salas: Pessoa, Saramago, Amália.")
    return frame(rng, lang, body)


# ================================================================ extra shapes
def pos_git_diff(rng, lang):
    pw = password(rng).replace('"', "")
    body = (f"diff --git a/config/settings.py b/config/settings.py\n@@ -12,7 +12,7 @@ DATABASES = {{\n"
            f"-        'PASSWORD': os.environ['DB_PASSWORD'],\n+        'PASSWORD': '{E('PASSWORD', pw.replace(chr(39), ''))}',  # temp fix\n"
            f"+LOG_LEVEL = \"{rng.choice(['debug', 'info', 'warning'])}\"  # PR #{rng.randrange(100, 9999)}\n"
            f"+STRIPE_SECRET = \"{E('API_KEY', 'sk_live_' + rs(rng, 24))}\"")
    pre = L(lang, en="review this PR diff before I merge", fr="relis ce diff avant que je merge", nl="review deze diff even voor ik merge",
            pt="revê este diff antes de eu fazer merge")
    return f"{pre}\n```diff\n{body}\n```"


def pos_vcard(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    addr, _ = address(rng, v, one_line=True)
    adr = addr.replace(", ", ";")
    body = (f"BEGIN:VCARD\nVERSION:3.0\nN:{E('PERSON', l)};{E('PERSON', f)};;;\nFN:{full(f, l)}\nTEL;TYPE=CELL:{E('PHONE_NUMBER', phone(rng, v))}\n"
            f"EMAIL;TYPE=HOME:{E('EMAIL_ADDRESS', email(rng, v, f, l))}\nADR;TYPE=HOME:;;{E('LOCATION', adr)}\nBDAY:{E('DATE_OF_BIRTH', dob(rng, v, 1))}\nEND:VCARD")
    return frame(rng, lang, body, code="")


def pos_url_params(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    em = email(rng, v, f, l).replace("@", "%40")
    tok = generic_secret(rng)
    body = L(lang, en="why does this reset link 404?", fr="pourquoi ce lien de réinitialisation fait 404 ?", nl="waarom geeft deze resetlink een 404?",
             pt="porque é que este link de reposição dá 404?")
    return f"{body}\nhttps://app.brightwell-portal.com/reset?email={E('EMAIL_ADDRESS', em)}&token={E('GENERIC_SECRET', tok)}&lang={lang}"


def pos_oncall_markdown(rng, lang):
    hdr = L(lang, en="| week | on-call | mobile |", fr="| semaine | astreinte | portable |", nl="| week | dienst | mobiel |", pt="| semana | prevenção | telemóvel |")
    rows = []
    for w in range(rng.randrange(2, 4)):
        v = sub_lang(rng, lang)
        f, l = person(rng, v)
        nm = E("PERSON", f) if rng.random() < 0.4 else full(f, l)
        rows.append(f"| {rng.randrange(1, 52)} | {nm} | {E('PHONE_NUMBER', phone(rng, v))} |")
    return frame(rng, lang, hdr + "\n|---|---|---|\n" + "\n".join(rows))


def pos_docker_compose(rng, lang):
    body = (f"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: {E('PASSWORD', password(rng))}\n"
            f"  worker:\n    image: registry.internal/worker:latest\n    environment:\n      - BACKEND_URL={E('CONNECTION_STRING', conn_string(rng, user='worker', host='backend-db'))}\n"
            f"      - SENDGRID_KEY={E('API_KEY', 'SG.' + rs(rng, 22, ALNUM + '_-') + '.' + rs(rng, 43, ALNUM + '_-'))}")
    return frame(rng, lang, body, code="yaml")


def pos_mail_headers(rng, lang):
    v = sub_lang(rng, lang)
    f, l = person(rng, v)
    f2, l2 = person(rng, v)
    body = (f"Received: from mail-{rs(rng, 4, string.ascii_lowercase)}.outbound.net ([{E('IP_ADDRESS', public_ip(rng))}])\n"
            f"From: {full(f, l)} <{E('EMAIL_ADDRESS', email(rng, v, f, l))}>\nTo: {full(f2, l2)} <{E('EMAIL_ADDRESS', email(rng, v, f2, l2))}>\n"
            f"Subject: {L(lang, en='invoice query', fr='question facture', nl='vraag over factuur', pt='dúvida fatura')}\nX-Originating-IP: [{private_ip(rng)}]")
    pre = L(lang, en="is this phishing? headers:", fr="c'est du phishing ? en-têtes :", nl="is dit phishing? headers:", pt="isto é phishing? cabeçalhos:")
    return f"{pre}\n{body}"


def neg_regex_code(rng, lang):
    body = (f"IBAN_RE = re.compile(r\"[A-Z]{{2}}\\d{{2}}[A-Z0-9]{{{rng.randrange(10, 14)},30}}\")\nCARD_RE = re.compile(r\"\\b(?:\\d[ -]?){{13,19}}\\b\")\n"
            f"EMAIL_RE = re.compile(r\"[\\w.+-]+@[\\w-]+\\.[\\w.]+\")\nSSN_RE = re.compile(r\"\\d{{3}}-\\d{{2}}-\\d{{4}}\")  # US")
    return frame(rng, lang, body, code="python")


def neg_vcard_template(rng, lang):
    body = (f"BEGIN:VCARD\nVERSION:{rng.choice(['3.0', '4.0'])}\nN:{{last_name}};{{first_name}};;;\nFN:{{first_name}} {{last_name}}\nTEL;TYPE=CELL:{{mobile}}\n"
            f"EMAIL:{{email}}\nADR;TYPE={rng.choice(['WORK', 'HOME', 'POSTAL'])}:;;{{street}};{{city}};;{{zip}}\nNOTE:batch {rng.randrange(1, 999)}\nEND:VCARD")
    pre = L(lang, en="template for the export job, fill from CRM:", fr="modèle pour l'export, à remplir depuis le CRM :",
            nl="sjabloon voor de export, vullen vanuit CRM:", pt="modelo para a exportação, preencher a partir do CRM:")
    return f"{pre}\n{body}"


def neg_diff_secrets_removed(rng, lang):
    body = (f"-  API_TOKEN: ${{{{ secrets.API_TOKEN }}}}\n+  API_TOKEN: ${{{{ secrets.API_TOKEN_V{rng.randrange(2, 9)} }}}}\n"
            f"-  password: \"{{{{ vault_db_password }}}}\"\n+  password: \"{{{{ lookup('env', 'DB_PASS') }}}}\"\n   host: db.{rng.choice(['staging', 'qa', 'dev'])}.internal")
    return frame(rng, lang, body, code="diff")


def neg_local_logs(rng, lang):
    lines = []
    for i in range(rng.randrange(3, 5)):
        lines.append(f"{private_ip(rng)} - - [{rng.randrange(1, 28):02d}/Nov/2026:10:{rng.randrange(10, 59)}:{rng.randrange(10, 59)} +0000] \"GET /api/v1/orders/{safe_digits(rng, 7)} HTTP/1.1\" {rng.choice([200, 304, 404, 500])} {rng.randrange(100, 9999)} \"-\" \"curl/8.{rng.randrange(0, 9)}.0\"")
    return frame(rng, lang, "\n".join(lines), code="log")


# ================================================================ assembly
POSITIVE = [pos_chat_thread, pos_meeting_transcript, pos_mail_signoff, pos_csv_customers, pos_sql_patients,
            pos_json_user, pos_env_file, pos_shell_history, pos_app_log, pos_traceback, pos_k8s_secret,
            pos_hr_record, pos_payroll_tsv, pos_medical_letter, pos_insurance_claim, pos_wire_details,
            pos_card_issue, pos_cv, pos_police_report, pos_school_record, pos_shipping_label, pos_jira_ticket,
            pos_classified_memo, pos_crypto_payout, pos_network_inventory, pos_private_key, pos_jwt_debug,
            pos_ocr_letter, pos_form_filled, pos_xml_export, pos_servicenow, pos_family_whatsapp,
            pos_contract_parties, pos_ci_config, pos_git_diff, pos_vcard, pos_url_params, pos_oncall_markdown,
            pos_docker_compose, pos_mail_headers]
NEGATIVE = [neg_news, neg_sports, neg_weather_travel, neg_history, neg_docs_placeholders, neg_test_cards,
            neg_aws_example, neg_masked, neg_hashes_uuids, neg_order_numbers, neg_private_ips,
            neg_company_register, neg_policy_prose, neg_health_article, neg_blank_form, neg_code_varnames,
            neg_brands_people, neg_fiction, neg_roles_meeting, neg_ci_masked, neg_ddl, neg_device_inventory,
            neg_public_chat, neg_product_catalog, neg_changelog, neg_film_script, neg_dates_not_dob,
            neg_office_directory, neg_regex_code, neg_vcard_template, neg_diff_secrets_removed, neg_local_logs]
LANGS = ["en", "fr", "nl", "pt"]
PER_KIND = {"en": 6, "fr": 3, "nl": 3, "pt": 3}
NAME = "blind11"


def build():
    IMEIS.clear()
    records, seen = [], set()
    for fn in POSITIVE + NEGATIVE:
        base = fn.__name__.split("_", 1)[1]
        for lang in LANGS:
            kind = f"{base}_{lang}"
            rng = random.Random(f"{NAME}/{kind}")
            made, tries = 0, 0
            while made < PER_KIND[lang]:
                tries += 1
                assert tries < 200, kind
                text, spans = finalize(fn(rng, lang))
                if text in seen:
                    continue
                assert bool(spans) == (fn in POSITIVE), kind
                seen.add(text)
                records.append({"id": f"{NAME}-{kind}-{made:02d}", "kind": kind, "lang": lang,
                                "negative": not spans, "text": text, "spans": spans})
                made += 1
    return records


def lookalikes():
    """Public look-alike values deliberately left unlabelled (documented test values, device IMEIs)."""
    build()
    return set(PUBLIC_LOOKALIKES) | set(IMEIS)


def serialize(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv):
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{NAME}.jsonl")
    data = serialize(build())
    if "--check" in argv:
        try:
            with open(path, encoding="utf-8") as fh:
                cur = fh.read()
        except OSError:
            cur = None
        if cur != data:
            print(f"{NAME}.jsonl is stale")
            return 1
        print("up to date")
        return 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(data)
    print(f"wrote {data.count(chr(10))} records")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
