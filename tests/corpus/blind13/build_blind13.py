#!/usr/bin/env python3
"""Deterministic generator for the blind13 DLP evaluation set (stdlib only).

python build_blind13.py          -> writes blind13.jsonl
python build_blind13.py --check  -> exit 1 if blind13.jsonl is stale
"""
import base64
import hashlib
import json
import os
import random
import re
import string
import sys

NAME = "blind13"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, NAME + ".jsonl")
PER_KIND = 5

CATEGORY = {
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

# ---------------------------------------------------------------- private pools
GIVEN = {
    "en": "Aubrey Corinne Desmond Elspeth Fergus Gwendolyn Harlan Imogen Jasper Kendra Lachlan Marisol Nolan Odette "
          "Percival Quinn Rosalind Silas Tamsin Ulric Verity Wendell Xander Yvette Zachary Bronwyn Caspian Delphine "
          "Everett Fiona Gideon Hollis Ingrid Jolene Keaton Leonora Marcus Nadia Oren Priya Rafferty Saoirse Thaddeus".split(),
    "fr": "Aurélien Bérénice Clémence Damien Éloïse Fabrice Gaëlle Hervé Inès Jérôme Karine Laurent Maëlys Nathanaël "
          "Océane Pascaline Quentin Rodolphe Solène Thibault Ursule Valentin Wassim Yannick Zoé Amandine Baptiste "
          "Capucine Didier Estelle Florian Ghislaine Hugues Isaure Josselin Léonie Maxence Noémie Ophélie Perrine Sixtine Violaine".split(),
    "es": "Begoña Casimiro Eneko Fermín Guadalupe Hortensia Íñigo Jimena Leocadia Marcelino Nerea Octavio Paloma "
          "Sagrario Teodoro Uxue Valeriano Xiomara Yolanda Zacarías Bautista Candela Darío Encarnación Fausto "
          "Gumersindo Herminia Isidro Josefa Lorenzo Macarena Nicanor Rigoberto Tomasa Vicenta Wenceslao Adelaida "
          "Baldomero Celestina Anselmo Filomena".split(),
    "pt": "Afonso Beatriz Custódio Dulce Edite Filipa Gonçalo Heitor Iolanda Joaquim Leonor Matilde Nuno Odete "
          "Palmira Quitéria Rui Sebastião Telmo Urbano Valdemar Yara Zulmira Ademar Benedita Cleide Deolinda "
          "Everaldo Francisca Gilmar Hermínia Ivone Jussara Leandro Marilene Nivaldo Priscila Rosângela Severino "
          "Tainá Wanderley".split(),
}
FAMILY = {
    "en": "Ashcombe Blevins Cardew Dunmore Eckersley Fairweather Galloway Hargreave Ibbotson Jellicoe Kettleby "
          "Lockridge Merriman Northcott Ormerod Pennington Quartermaine Ravensworth Stallard Thistlewood Verrall "
          "Whitlock Yardley Abernathy Birtwistle Crabtree Dalrymple Esterbrook Fothergill Gribble Haverstock "
          "Inglethorpe Kilbride Lumsden Mottram Nettleford Oakshott Pilkington Rushworth Summerbee Tolliver".split(),
    "fr": "Aubertin Besnard Chauvel Delaunay Esnault Fauconnier Guérin Hamelin Joubert Kerbrat Lemaître Marchetti "
          "Noblet Ollivier Pelletier Quéré Rouxel Sauvageot Thébault Vasseur Vigouroux Brossard Carpentier Dufresne "
          "Hurel Jacquemin Laborde Mercadier Nicolet Poupard Régnier Tessier Barbotin Cadiou Doucet Gosselin "
          "Lhermitte Morvan Riou Kervella".split(),
    "es": "Arrieta Barrenechea Cienfuegos Echeverría Fuenmayor Garrido Huertas Iturbe Jaramillo Lozano Manzanares "
          "Navarrete Olmedo Pacheco Quintanilla Recio Sarmiento Tejada Urquiza Villalobos Zamorano Aranda "
          "Carrasco Durán Escobedo Figueroa Galindo Irigoyen Montoya Noriega Orozco Peñalver Rivas Salcedo "
          "Trujillo Yáñez Berrocal Cuadrado Ezquerra Lasarte".split(),
    "pt": "Abrantes Bettencourt Cordeiro Damasceno Esteves Falcão Gouveia Henriques Inácio Junqueira Lacerda "
          "Meireles Nogueira Quaresma Rebelo Sampaio Tavares Valadares Albuquerque Brandão Carvalhal Dornelas "
          "Espíndola Jordão Leitão Macedo Negreiros Pimentel Quintela Resende Siqueira Vasconcelos Zanetti "
          "Baptista Coutinho Fagundes Arruda Bezerra Medeiros Loureiro".split(),
}
# public figures / fictional characters used in negatives (never labelled)
PUBLIC = {
    "en": ["Serena Williams", "Barack Obama", "Taylor Swift", "Lewis Hamilton", "Ada Lovelace", "Winston Churchill",
           "Sherlock Holmes", "Hermione Granger", "Elon Musk", "Jane Austen", "Charles Dickens", "Greta Thunberg"],
    "fr": ["Kylian Mbappé", "Victor Hugo", "Marie Curie", "Emmanuel Macron", "Jean Valjean", "Édith Piaf",
           "Zinedine Zidane", "Simone de Beauvoir", "Arsène Lupin", "Antoine Dupont", "Albert Camus", "Coco Chanel"],
    "es": ["Rafael Nadal", "Pedro Almodóvar", "Gabriel García Márquez", "Frida Kahlo", "Don Quijote", "Penélope Cruz",
           "Pablo Picasso", "Shakira", "Miguel de Cervantes", "Andrés Iniesta", "Salvador Dalí", "Rosalía"],
    "pt": ["Cristiano Ronaldo", "Fernando Pessoa", "Machado de Assis", "Ayrton Senna", "José Saramago",
           "Pelé", "Amália Rodrigues", "Vasco da Gama", "Clarice Lispector", "Gisele Bündchen", "Eusébio", "Tom Jobim"],
}

HIST = {"en": ["Winston Churchill", "Ada Lovelace", "Abraham Lincoln", "Queen Victoria", "Florence Nightingale"],
        "fr": ["Marie Curie", "Napoléon Bonaparte", "Simone de Beauvoir", "Jean Jaurès", "Louis Pasteur"],
        "es": ["Miguel de Cervantes", "Isabel la Católica", "Simón Bolívar", "Frida Kahlo", "Clara Campoamor"],
        "pt": ["Vasco da Gama", "Marquês de Pombal", "Tiradentes", "Dom Pedro II", "Aristides de Sousa Mendes"]}
FICT = {"en": ["Sherlock Holmes", "Hermione Granger", "Jay Gatsby", "Elizabeth Bennet", "Ebenezer Scrooge"],
        "fr": ["Jean Valjean", "Arsène Lupin", "Emma Bovary", "Cosette", "Edmond Dantès"],
        "es": ["Don Quijote", "Sancho Panza", "Aureliano Buendía", "Lazarillo de Tormes", "Dulcinea del Toboso"],
        "pt": ["Capitu", "Brás Cubas", "Macabéa", "Dona Flor", "Quincas Borba"]}
AUTH = {"en": ["Jane Austen", "Charles Dickens", "Toni Morrison", "George Orwell", "Virginia Woolf"],
        "fr": ["Victor Hugo", "Albert Camus", "Annie Ernaux", "Marguerite Duras", "Émile Zola"],
        "es": ["Gabriel García Márquez", "Isabel Allende", "Federico García Lorca", "Carmen Laforet", "Miguel de Unamuno"],
        "pt": ["Fernando Pessoa", "José Saramago", "Machado de Assis", "Clarice Lispector", "Jorge Amado"]}
STREETS = {
    "en": ["Birchwood Lane", "Mulberry Close", "Tanner's Row", "Quarry Hill Road", "Orchard Way", "Larkspur Drive",
           "Foxglove Crescent", "Millbrook Avenue", "Heron Court", "Saddler Street"],
    "fr": ["rue des Tanneurs", "impasse des Lilas", "chemin du Moulin", "allée des Peupliers", "rue de la Forge",
           "boulevard des Rosiers", "rue du Puits", "avenue des Acacias"],
    "es": ["Calle de los Almendros", "Avenida del Puerto", "Calle Mayor", "Calle de la Fuente", "Paseo de las Acacias",
           "Calle del Olivo", "Travesía del Molino", "Calle de la Luna"],
    "pt": ["Rua das Flores", "Rua do Almada", "Travessa do Carvalho", "Avenida da Liberdade", "Rua das Acácias",
           "Rua da Palmeira", "Rua do Ouvidor", "Alameda dos Anjos"],
}
TOWNS = {
    "en": [("Columbus, OH", "43215"), ("Harrogate", "HG2 8QF"), ("Tucson, AZ", "85719"), ("Leeds", "LS6 2AX"),
           ("Spokane, WA", "99201"), ("Norwich", "NR2 4PD"), ("Boise, ID", "83702"), ("Exeter", "EX4 3SR")],
    "fr": [("Rennes", "35000"), ("Lyon", "69003"), ("Nantes", "44000"), ("Grenoble", "38000"), ("Dijon", "21000"),
           ("Toulouse", "31400"), ("Lille", "59000"), ("Angers", "49100")],
    "es": [("Madrid", "28045"), ("Sevilla", "41003"), ("Valencia", "46007"), ("Bilbao", "48011"), ("Zaragoza", "50004"),
           ("Murcia", "30001"), ("Valladolid", "47002"), ("Málaga", "29010")],
    "pt": [("Porto", "4050-262"), ("Lisboa", "1250-096"), ("Braga", "4700-321"), ("Coimbra", "3000-142"),
           ("São Paulo – SP", "04101-300"), ("Curitiba – PR", "80010-010"), ("Recife – PE", "50030-230"),
           ("Belo Horizonte – MG", "30140-071")],
}
CONDITIONS = {
    "en": ["type 2 diabetes", "asthma", "major depressive disorder", "epilepsy", "hypertension", "Crohn's disease",
           "generalized anxiety disorder", "multiple sclerosis", "hypothyroidism", "atrial fibrillation"],
    "fr": ["diabète de type 2", "asthme", "dépression sévère", "épilepsie", "hypertension artérielle",
           "maladie de Crohn", "sclérose en plaques", "hypothyroïdie", "trouble bipolaire", "fibrillation auriculaire"],
    "es": ["diabetes tipo 2", "asma", "depresión mayor", "epilepsia", "hipertensión arterial", "enfermedad de Crohn",
           "esclerosis múltiple", "hipotiroidismo", "trastorno bipolar", "fibrilación auricular"],
    "pt": ["diabetes tipo 2", "asma", "depressão major", "epilepsia", "hipertensão arterial", "doença de Crohn",
           "esclerose múltipla", "hipotiroidismo", "transtorno bipolar", "fibrilhação auricular"],
}
# aligned with CONDITIONS (same index = usual treatment)
MEDS_L = {"en": ["metformin", "salbutamol", "sertraline", "levetiracetam", "amlodipine", "adalimumab", "escitalopram",
                 "ocrelizumab", "levothyroxine", "apixaban"],
          "fr": ["metformine", "salbutamol", "sertraline", "lévétiracétam", "amlodipine", "adalimumab", "ocrélizumab",
                 "lévothyroxine", "lithium", "apixaban"],
          "es": ["metformina", "salbutamol", "sertralina", "levetiracetam", "amlodipino", "adalimumab", "ocrelizumab",
                 "levotiroxina", "litio", "apixabán"],
          "pt": ["metformina", "salbutamol", "sertralina", "levetiracetam", "amlodipina", "adalimumab", "ocrelizumab",
                 "levotiroxina", "lítio", "apixabano"]}
SPORT = {"en": ["Serena Williams", "Lewis Hamilton", "LeBron James", "Usain Bolt", "Megan Rapinoe"],
         "fr": ["Kylian Mbappé", "Zinedine Zidane", "Antoine Dupont", "Teddy Riner", "Tony Parker"],
         "es": ["Rafael Nadal", "Andrés Iniesta", "Fernando Alonso", "Carolina Marín", "Pau Gasol"],
         "pt": ["Cristiano Ronaldo", "Pelé", "Ayrton Senna", "Eusébio", "Rebeca Andrade"]}
MARKINGS = {
    "en": ["CONFIDENTIAL", "STRICTLY CONFIDENTIAL - INTERNAL USE ONLY", "OFFICIAL-SENSITIVE", "RESTRICTED",
           "SECRET//NOFORN", "CONFIDENTIAL // DO NOT DISTRIBUTE"],
    "fr": ["CONFIDENTIEL", "DIFFUSION RESTREINTE", "CONFIDENTIEL - USAGE INTERNE UNIQUEMENT", "SECRET"],
    "es": ["CONFIDENCIAL", "CONFIDENCIAL - USO INTERNO", "DIFUSIÓN LIMITADA", "ESTRICTAMENTE CONFIDENCIAL"],
    "pt": ["CONFIDENCIAL", "RESTRITO", "CONFIDENCIAL - USO INTERNO", "RESERVADO"],
}
COMPANIES = ["Norvale Logistics", "Brightmere Analytics", "Kestrel Foods", "Altavia Systems", "Quillon Health",
             "Tidewater Freight", "Corvant Energy", "Lumio Retail", "Sablewood Labs", "Orbique Media"]
# published test values (for negatives only)
TEST_CARDS = ["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4012888888881881",
              "5105105105105100", "6011111111111117", "4000056655665556"]
EXAMPLE_AWS = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# ---------------------------------------------------------------- checksums
def luhn_ok(num):
    ds = [int(c) for c in num if c.isdigit()]
    tot = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0

def luhn_complete(prefix, length, rng):
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c

def iban_mod(s):
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97

def make_iban(country, bban):
    chk = 98 - iban_mod(country + "00" + bban)
    return "%s%02d%s" % (country, chk, bban)

def aba_ok(r):
    d = [int(c) for c in r]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"

def pt_nif_check(d8):
    s = sum(int(c) * (9 - i) for i, c in enumerate(d8))
    r = 11 - s % 11
    return "0" if r >= 10 else str(r)

def cpf_digits(d9):
    s = sum(int(c) * (10 - i) for i, c in enumerate(d9))
    a = (s * 10) % 11 % 10
    s2 = sum(int(c) * (11 - i) for i, c in enumerate(d9 + str(a)))
    b = (s2 * 10) % 11 % 10
    return "%d%d" % (a, b)

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

def b58check(payload):
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out

# ---------------------------------------------------------------- value makers
def deacc(s):
    tr = str.maketrans("áàâäãåçéèêëíìîïñóòôöõúùûüýÁÉÍÓÚÇÑÃÕÂÊÔÀÈÎÏÜ", "aaaaaaceeeeiiiinooooouuuuyAEIOUCNAOAEOAEIIU")
    return s.translate(tr)

def rnd_digits(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))

def rnd_alnum(rng, n, alphabet=string.ascii_letters + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))

def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def public_ip(rng):
    while True:
        a = rng.choice([23, 31, 34, 37, 45, 52, 62, 64, 77, 81, 89, 91, 104, 141, 145, 151, 176, 178, 185, 188, 195, 212, 213])
        ip = "%d.%d.%d.%d" % (a, rng.randint(0, 254), rng.randint(0, 254), rng.randint(1, 254))
        return ip

def private_ip(rng):
    k = rng.randrange(7)
    if k == 0: return "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    if k == 1: return "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))
    if k == 2: return "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254))
    if k == 3: return "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254))
    if k == 4: return "127.0.0.%d" % rng.randint(1, 9)
    if k == 5: return "192.0.2.%d" % rng.randint(1, 254)
    return rng.choice(["198.51.100.", "203.0.113."]) + str(rng.randint(1, 254))

def phone(rng, lang, sub):
    if lang == "en":
        if sub:
            return "07%d%s %s" % (rng.randint(4, 9), rnd_digits(rng, 2), rnd_digits(rng, 6))
        return rng.choice(["(%d) %d-%s", "+1 %d-%d-%s", "%d.%d.%s"]) % (rng.randint(205, 989), rng.randint(201, 899), rnd_digits(rng, 4))
    if lang == "fr":
        p = "%d %s %s %s" % (rng.choice([6, 7]), rnd_digits(rng, 2), rnd_digits(rng, 2), rnd_digits(rng, 2)) + " " + rnd_digits(rng, 2)
        return rng.choice(["0" + p, "+33 " + p])
    if lang == "es":
        p = "%d%s %s %s" % (rng.choice([6, 7]), rnd_digits(rng, 2), rnd_digits(rng, 3), rnd_digits(rng, 3))
        return rng.choice([p, "+34 " + p])
    if sub:
        return "(%d) 9%s-%s" % (rng.choice([11, 21, 31, 41, 51, 61, 71, 81]), rnd_digits(rng, 4), rnd_digits(rng, 4))
    return rng.choice(["", "+351 "]) + "9%d%s %s %s" % (rng.choice([1, 2, 3, 6]), rnd_digits(rng, 1), rnd_digits(rng, 3), rnd_digits(rng, 3))

def national_id(rng, lang, sub):
    if lang == "en":
        if sub:
            bad1 = set("DFIQUV"); bad2 = set("DFIQUVO")
            while True:
                a = rng.choice(string.ascii_uppercase); b = rng.choice(string.ascii_uppercase)
                if a in bad1 or b in bad2 or a + b in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
                    continue
                d = rnd_digits(rng, 6)
                return "%s%s %s %s %s %s" % (a, b, d[:2], d[2:4], d[4:], rng.choice("ABCD"))
        while True:
            area = rng.randint(1, 899)
            if area != 666:
                break
        return "%03d-%02d-%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))
    if lang == "fr":
        body = "%d%02d%02d%02d%03d%03d" % (rng.choice([1, 2]), rng.randint(50, 99), rng.randint(1, 12),
                                          rng.randint(1, 95), rng.randint(1, 990), rng.randint(1, 999))
        key = 97 - int(body) % 97
        return "%s %s %s %s %s %s %02d" % (body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], key)
    if lang == "es":
        if sub:
            p = rng.choice("XYZ"); d = rnd_digits(rng, 7)
            n = int(str("XYZ".index(p)) + d)
            return "%s%s%s" % (p, d, DNI_LETTERS[n % 23])
        d = "%08d" % rng.randint(1000000, 99999999)
        return d + DNI_LETTERS[int(d) % 23]
    if sub:
        d9 = rnd_digits(rng, 9)
        c = d9 + cpf_digits(d9)
        return "%s.%s.%s-%s" % (c[:3], c[3:6], c[6:9], c[9:])
    d8 = rng.choice("123") + rnd_digits(rng, 7)
    n = d8 + pt_nif_check(d8)
    return n if rng.random() < 0.5 else "%s %s %s" % (n[:3], n[3:6], n[6:])

def card(rng):
    while True:
        k = rng.randrange(3)
        if k == 0: c = luhn_complete("4", 16, rng)
        elif k == 1: c = luhn_complete("5" + rng.choice("12345"), 16, rng)
        else: c = luhn_complete(rng.choice(["34", "37"]), 15, rng)
        if c not in TEST_CARDS:
            break
    if rng.random() < 0.6:
        if len(c) == 16:
            return " ".join(c[i:i + 4] for i in range(0, 16, 4))
        return "%s %s %s" % (c[:4], c[4:10], c[10:])
    return c

def iban(rng, lang):
    country = {"en": rng.choice(["GB", "DE", "IE"]), "fr": "FR", "es": "ES", "pt": "PT", "br": "BR"}[lang]
    if country == "GB": bban = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rnd_digits(rng, 14)
    elif country == "IE": bban = rng.choice(["AIBK", "BOFI"]) + rnd_digits(rng, 14)
    elif country == "DE": bban = rnd_digits(rng, 18)
    elif country == "FR": bban = rnd_digits(rng, 10) + rnd_alnum(rng, 11, string.digits + string.ascii_uppercase[:6]) + rnd_digits(rng, 2)
    elif country == "ES": bban = rnd_digits(rng, 20)
    elif country == "PT": bban = rnd_digits(rng, 21)
    else: bban = rnd_digits(rng, 23) + "C1"
    ib = make_iban(country, bban)
    if rng.random() < 0.6:
        return " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return ib

def bank_account(rng, lang):
    if lang == "en" and rng.random() < 0.5:
        while True:
            r = rnd_digits(rng, 8)
            for c in string.digits:
                if aba_ok(r + c):
                    return "%s%s / %s" % (r, c, rnd_digits(rng, rng.randint(9, 12)))
    if lang == "en":
        return "%s-%s-%s / %s" % (rnd_digits(rng, 2), rnd_digits(rng, 2), rnd_digits(rng, 2), rnd_digits(rng, 8))
    if lang == "pt":
        return "%s / %s-%s" % (rnd_digits(rng, 4), rnd_digits(rng, 6), rng.randint(0, 9))
    return "%s %s %s" % (rnd_digits(rng, 4), rnd_digits(rng, 4), rnd_digits(rng, 10))

def password(rng):
    words = ["Tigre", "maple", "Cobalt", "sunflower", "Orca", "lemon", "Falcon", "Nebula", "quartz", "Piment", "Rayo", "Saudade"]
    return rng.choice(words) + rng.choice("#!$%@&*") + rnd_digits(rng, rng.randint(2, 4)) + rng.choice(words).lower()[:4] + rng.choice(["", "!", "?", "_x"])

def pem(rng):
    kind = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    n = rng.randint(4, 9)
    body = [base64.b64encode(bytes(rng.randrange(256) for _ in range(48))).decode() for _ in range(n)]
    body.append(base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.randint(10, 40)))).decode())
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(body), kind)

def jwt(rng, sub):
    h = b64url(json.dumps({"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps({"sub": sub, "iat": rng.randint(1700000000, 1790000000), "role": rng.choice(["admin", "user", "svc"])},
                          separators=(",", ":")).encode())
    s = b64url(bytes(rng.randrange(256) for _ in range(32)))
    return "%s.%s.%s" % (h, p, s)

def api_key(rng):
    k = rng.randrange(6)
    if k == 0: return "ghp_" + rnd_alnum(rng, 36)
    if k == 1: return "sk_live_" + rnd_alnum(rng, 24)
    if k == 2: return "xoxb-%s-%s-%s" % (rnd_digits(rng, 12), rnd_digits(rng, 13), rnd_alnum(rng, 24))
    if k == 3: return "sk-proj-" + rnd_alnum(rng, 48, string.ascii_letters + string.digits + "_-")
    if k == 4: return "glpat-" + rnd_alnum(rng, 20, string.ascii_letters + string.digits + "_-")
    return "SG." + rnd_alnum(rng, 22) + "." + rnd_alnum(rng, 43)

def conn(rng, pwd):
    host = rng.choice(["db-prod-2.corvant.internal", "pg-main.lumio-retail.net", "cluster0.x7k2q.mongodb.net",
                       "sql-eu1.sablewood.io", "cache-01.orbique.cloud"])
    user = rng.choice(["svc_billing", "app_rw", "etl_user", "reporting", "admin"])
    k = rng.randrange(5)
    if k == 0: return "postgresql://%s:%s@%s:5432/%s" % (user, pwd, host, rng.choice(["billing", "crm", "hr"]))
    if k == 1: return "mongodb+srv://%s:%s@%s/%s?retryWrites=true" % (user, pwd, host, rng.choice(["orders", "users"]))
    if k == 2: return "mysql://%s:%s@%s:3306/%s" % (user, pwd, host, rng.choice(["shop", "payroll"]))
    if k == 3: return "Server=tcp:%s,1433;Database=%s;User ID=%s;Password=%s;Encrypt=True" % (host, rng.choice(["Ledger", "Hr"]), user, pwd)
    return "redis://default:%s@%s:6379/0" % (pwd, host)

def mac(rng):
    sep = rng.choice([":", "-"])
    m = sep.join("%02x" % rng.randrange(256) for _ in range(6))
    return m.upper() if rng.random() < 0.4 else m

def dob(rng, lang):
    y, m, d = rng.randint(1948, 2006), rng.randint(1, 12), rng.randint(1, 28)
    if lang == "en":
        return rng.choice(["%02d/%02d/%d" % (m, d, y), "%d-%02d-%02d" % (y, m, d),
                           "%d %s %d" % (d, ["January", "February", "March", "April", "May", "June", "July", "August",
                                             "September", "October", "November", "December"][m - 1], y)])
    return rng.choice(["%02d/%02d/%d" % (d, m, y), "%02d.%02d.%d" % (d, m, y), "%d-%02d-%02d" % (y, m, d)])

def plain_date(rng, lang):
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return "%d-%02d-%02d" % (y, m, d) if lang == "en" else "%02d/%02d/%d" % (d, m, y)

# ---------------------------------------------------------------- fields
def make_fields(rng, lang, kind):
    F = {}
    sub = lang == "pt" and kind.startswith("br-") or lang == "en" and kind.startswith("uk-") or lang == "es" and "nie" in kind
    people = rng.sample(range(len(GIVEN[lang])), 3)
    fams = rng.sample(range(len(FAMILY[lang])), 3)
    doms = {"en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"],
            "fr": ["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr"],
            "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es", "outlook.es"],
            "pt": ["gmail.com", "sapo.pt", "hotmail.com", "uol.com.br", "bol.com.br"]}[lang]
    if lang == "pt":
        doms = ["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"] if sub else ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"]
    towns = TOWNS[lang] if lang != "pt" else (TOWNS["pt"][4:] if sub else TOWNS["pt"][:4])
    for i, suf in enumerate(["", "2", "3"]):
        g, f = GIVEN[lang][people[i]], FAMILY[lang][fams[i]]
        if lang in ("es", "pt") and rng.random() < 0.3 and i == 0:
            f2 = FAMILY[lang][(fams[i] + 7) % len(FAMILY[lang])]
            f = f + " " + f2
        F["name" + suf] = (g + " " + f, "PERSON")
        F["first" + suf] = (g, "PERSON")
        F["lfirst" + suf] = (g.lower(), "PERSON")
        F["last" + suf] = (f.split()[0], "PERSON")
        F["given" + suf] = (g, "PERSON")
        F["family" + suf] = (f, "PERSON")
        F["lastfirst" + suf] = (f.upper() + ", " + g, "PERSON")
        F["upname" + suf] = ((g + " " + f).upper(), "PERSON")
        loc = deacc(g).lower() + rng.choice([".", "_", ""]) + deacc(f.split()[0]).lower() + rng.choice(["", "", str(rng.randint(1, 99))])
        F["email" + suf] = (loc + "@" + rng.choice(doms), "EMAIL_ADDRESS")
        F["wemail" + suf] = (deacc(g).lower()[0] + deacc(f.split()[0]).lower() + "@" + rng.choice(["norvale.com", "kestrelfoods.co", "altavia.io"]), "EMAIL_ADDRESS")
        F["handle" + suf] = (deacc(g).lower()[:3] + deacc(f.split()[0]).lower()[:4] + str(rng.randint(1, 99)), None)
        F["phone" + suf] = (phone(rng, lang, sub), "PHONE_NUMBER")
        town, zipc = rng.choice(towns)
        st = rng.choice(STREETS[lang])
        num = rng.randint(2, 240)
        if lang == "en":
            if "," in town:
                a = "%d %s, Apt %d\n%s %s" % (num, st, rng.randint(1, 30), town, zipc)
            else:
                a = "%d %s\n%s %s" % (num, st, town, zipc)
        elif lang == "fr":
            a = "%d %s\n%s %s" % (num, st, zipc, town)
        elif lang == "es":
            a = "%s %d, %dº %s\n%s %s" % (st, num, rng.randint(1, 9), rng.choice("ABCD"), zipc, town)
        else:
            if "–" in town:
                a = "%s, %d, apto %d\n%s, %s" % (st, num, rng.randint(11, 120), town, zipc)
            else:
                a = "%s %d, %dº %s\n%s %s" % (st, num, rng.randint(1, 8), rng.choice(["Esq.", "Dto."]), zipc, town)
        if rng.random() < 0.4:
            a = a.replace("\n", ", ")
        F["addr" + suf] = (a, "LOCATION")
        F["town" + suf] = (town.split(",")[0].split(" –")[0], "LOCATION")
        F["dob" + suf] = (dob(rng, lang), "DATE_OF_BIRTH")
        F["nid" + suf] = (national_id(rng, lang, sub), "NATIONAL_ID")
        F["card" + suf] = (card(rng), "CREDIT_CARD")
        F["iban" + suf] = (iban(rng, "br" if (lang == "pt" and sub) else lang), "IBAN_CODE")
        F["bank" + suf] = (bank_account(rng, lang), "BANK_ACCOUNT")
        ci = rng.randrange(len(CONDITIONS[lang]))
        F["cond" + suf] = (CONDITIONS[lang][ci], "MEDICAL_CONDITION")
        F["med" + suf] = (MEDS_L[lang][ci], "MEDICATION")
        F["pwd" + suf] = (password(rng), "PASSWORD")
        F["ip" + suf] = (public_ip(rng), "IP_ADDRESS")
        F["mac" + suf] = (mac(rng), "MAC_ADDRESS")
        F["key" + suf] = (api_key(rng), "API_KEY")
        F["dni" + suf] = (national_id(rng, "es", False), "NATIONAL_ID")
    F["mrn"] = (rng.choice(["", "", "H"]) + rnd_digits(rng, rng.choice([7, 8, 9])), "MEDICAL_RECORD_NUMBER")
    F["crypto"] = (b58check(b"\x00" + bytes(rng.randrange(256) for _ in range(20))), "CRYPTO")
    F["akid"] = ("AKIA" + rnd_alnum(rng, 16, string.ascii_uppercase + "234567"), "API_KEY")
    F["aksec"] = (rnd_alnum(rng, 40, string.ascii_letters + string.digits + "/+"), "API_KEY")
    F["secret"] = (rng.choice(["whsec_", "sess_", "rt_", ""]) + rnd_alnum(rng, 32), "GENERIC_SECRET")
    F["cookie"] = (rnd_alnum(rng, 40, string.ascii_lowercase + string.digits), "GENERIC_SECRET")
    F["jwt"] = (jwt(rng, rnd_digits(rng, 6)), "JWT")
    F["pem"] = (pem(rng), "PRIVATE_KEY")
    F["conn"] = (conn(rng, password(rng).replace("@", "#").replace("?", "!")), "CONNECTION_STRING")
    F["mark"] = (rng.choice(MARKINGS[lang]), "CLASSIFICATION_MARKING")
    # unlabelled fillers
    F["co"] = (rng.choice(COMPANIES), None)
    F["date"] = (plain_date(rng, lang), None)
    F["date2"] = (plain_date(rng, lang), None)
    F["amt"] = ("%d.%02d" % (rng.randint(12, 9800), rng.randint(0, 99)) if lang == "en" else "%d,%02d" % (rng.randint(12, 9800), rng.randint(0, 99)), None)
    F["n"] = (str(rng.randint(2, 97)), None)
    F["n2"] = (str(rng.randint(100, 9999)), None)
    F["ord"] = (rng.choice(["ORD-", "PO-", "#", "INV-"]) + rnd_digits(rng, rng.randint(6, 9)), None)
    F["ticket"] = (rng.choice(["INC", "OPS", "SEC", "HR", "PAY"]) + "-" + rnd_digits(rng, rng.randint(3, 5)), None)
    F["uuid"] = ("%s-%s-4%s-%s%s-%s" % (rnd_alnum(rng, 8, "0123456789abcdef"), rnd_alnum(rng, 4, "0123456789abcdef"),
                 rnd_alnum(rng, 3, "0123456789abcdef"), rng.choice("89ab"), rnd_alnum(rng, 3, "0123456789abcdef"),
                 rnd_alnum(rng, 12, "0123456789abcdef")), None)
    F["sha"] = (rnd_alnum(rng, 40, "0123456789abcdef"), None)
    F["sha256"] = (rnd_alnum(rng, 64, "0123456789abcdef"), None)
    F["short"] = (rnd_alnum(rng, 7, "0123456789abcdef"), None)
    F["exaws"] = (EXAMPLE_AWS, None)
    F["exawssec"] = (EXAMPLE_AWS_SECRET, None)
    F["lco"] = (rng.choice(COMPANIES).split()[0].lower(), None)
    F["bcrypt"] = (rnd_alnum(rng, 53, string.ascii_letters + string.digits + "./"), None)
    F["pip"] = (private_ip(rng), None)
    F["pip2"] = (private_ip(rng), None)
    F["testcard"] = (rng.choice(TEST_CARDS), None)
    F["last4"] = (rnd_digits(rng, 4), None)
    pubs = rng.sample(PUBLIC[lang], 3)
    F["pub"], F["pub2"], F["pub3"] = (pubs[0], None), (pubs[1], None), (pubs[2], None)
    for nm, d in (("hist", HIST), ("fict", FICT), ("auth", AUTH)):
        a, b = rng.sample(d[lang], 2)
        F[nm], F[nm + "2"] = (a, None), (b, None)
    sp = rng.sample(SPORT[lang], 3)
    F["sport"], F["sport2"], F["sport3"] = (sp[0], None), (sp[1], None), (sp[2], None)
    F["city"] = (rng.choice({"en": ["Chicago", "Manchester", "Denver", "Glasgow", "Seattle"], "fr": ["Marseille", "Bordeaux", "Strasbourg", "Nice"],
                             "es": ["Barcelona", "Granada", "Salamanca", "Cádiz"], "pt": ["Lisboa", "Faro", "Salvador", "Manaus"]}[lang]), None)
    F["ver"] = ("%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 20)), None)
    F["pct"] = (str(rng.randint(3, 97)), None)
    F["hour"] = ("%02d:%02d" % (rng.randint(7, 19), rng.randint(0, 59)), None)
    F["port"] = (str(rng.choice([5432, 8080, 6379, 3306, 8443, 9200])), None)
    return F

# ---------------------------------------------------------------- instructions around the paste
INSTR = {
    "en": ["Can you summarise this for me?", "Please clean this up and make it more professional:", "what's wrong here?",
           "Rewrite this so it's shorter.", "Extract the action items from the text below.", "tl;dr pls",
           "Turn this into a table.", "Anything sensitive I should remove before sharing?", "Is this ok to send?", "Translate this into Spanish."],
    "fr": ["Tu peux me résumer ça ?", "Reformule ce texte de façon plus formelle :", "C'est quoi le problème ici ?",
           "Fais-moi un tableau à partir de ça.", "Corrige les fautes stp", "Traduis en anglais s'il te plaît.",
           "Peux-tu extraire les actions à mener ?", "tu peux vérifier que tout est cohérent ?"],
    "es": ["¿Me lo resumes?", "Reescribe esto de forma más profesional:", "¿Qué está mal aquí?", "Pásalo a una tabla.",
           "Corrige la ortografía porfa", "Tradúcelo al inglés, por favor.", "Sácame los puntos clave.", "¿puedes revisar si hay algún error?"],
    "pt": ["Pode resumir isto?", "Reescreve isto de forma mais formal:", "O que está errado aqui?", "Transforma isto numa tabela.",
           "corrige os erros por favor", "Traduz para inglês, por favor.", "me ajuda a entender isso", "Faz um resumo em tópicos."],
}

MARK_RE = re.compile(r"<<(\w+)>>")

def render(tpl, F):
    out, spans, pos, last = [], [], 0, 0
    for m in MARK_RE.finditer(tpl):
        lit = tpl[last:m.start()]
        out.append(lit); pos += len(lit)
        val, et = F[m.group(1)]
        if et:
            spans.append([pos, pos + len(val), et, CATEGORY[et]])
        out.append(val); pos += len(val)
        last = m.end()
    out.append(tpl[last:])
    return "".join(out), spans

def wrap(rng, lang, text, spans, mode):
    if mode == "none":
        return text, spans
    ins = rng.choice(INSTR[lang])
    r = rng.random()
    if r < 0.55:
        pre = ins + rng.choice(["\n\n", "\n", "\n" if "\n" in text else " "])
        if spans and spans[0][0] == 0:
            pre = ins + "\n\n"
        return pre + text, [[a + len(pre), b + len(pre), t, c] for a, b, t, c in spans]
    if r < 0.8:
        return text + rng.choice(["\n\n", "\n"]) + ins, spans
    return text, spans

KINDS = []

def K(kind, lang, neg, *tpls, wrap="yes"):
    KINDS.append((kind, lang, neg, tpls, wrap))

# ================================================================ ENGLISH — positives
K("slack-payroll-fix", "en", False,
  "<<lfirst>>: hey can u update the bank details for <<name2>> before friday's run\n<<lfirst>>: new IBAN is <<iban>>\n<<lfirst3>>: on it, old one bounced twice lol\n<<lfirst3>>: done, <<first2>> should see it next cycle",
  "#payroll-ops\n<<lfirst>> 10:42 AM\nfyi <<name2>> changed banks, routing / account: <<bank>>\n<<lfirst3>> 10:44 AM\nthx, updating workday now")
K("email-hr-offer", "en", False,
  "Subject: Offer letter – <<name>>\n\nHi <<first2>>,\n\nAttached is the signed offer for <<name>>. Start date is <<date>>. For the background check we'll need the SSN (<<nid>>) and DOB (<<dob>>), both already in the packet.\n\nThanks,\n<<first3>>",
  "Hi <<first2>>,\n\n<<name>> accepted! Personal email is <<email>> and mobile <<phone>>. Home address for the contract:\n<<addr>>\n\nCheers,\n<<name3>>\nTalent Acquisition | <<co>>")
K("uk-hr-starter-form", "en", False,
  "NEW STARTER FORM\nSurname: <<family>>\nForename(s): <<given>>\nDate of birth: <<dob>>\nNI number: <<nid>>\nHome address: <<addr>>\nMobile: <<phone>>\nSort code / account: <<bank>>",
  "New starter checklist for <<name>>\n- NINO <<nid>> (P45 received)\n- DOB <<dob>>\n- bank: <<bank>>\n- emergency contact: <<name2>>, <<phone2>>")
K("ticket-password-reset", "en", False,
  "[<<ticket>>] Password reset – VPN\nReporter: <<name>>\nDescription: user locked out after travel. Temp password set to <<pwd>> — please force change at next login.\nAssignee: <<name2>>",
  "ServiceNow <<ticket>>\nCaller: <<lastfirst>>\nShort description: can't log into payroll portal\nWork notes: reset done, new pwd <<pwd>>, user informed by phone <<phone>>")
K("env-file-prod", "en", False,
  "# .env.production\nNODE_ENV=production\nDATABASE_URL=<<conn>>\nSTRIPE_SECRET_KEY=<<key>>\nSESSION_SECRET=<<secret>>\nLOG_LEVEL=info",
  "APP_PORT=<<port>>\nAWS_ACCESS_KEY_ID=<<akid>>\nAWS_SECRET_ACCESS_KEY=<<aksec>>\nAWS_REGION=eu-west-1\nS3_BUCKET=reports-archive")
K("traceback-db", "en", False,
  "Traceback (most recent call last):\n  File \"/srv/app/db.py\", line <<n>>, in connect\n    engine = create_engine(\"<<conn>>\")\nsqlalchemy.exc.OperationalError: could not connect to server: Connection timed out",
  "ERROR <<date>> <<hour>> worker-3 failed to open pool\n  dsn=<<conn>>\n  retry=3 backoff=2s\npsycopg2.OperationalError: FATAL: too many connections")
K("github-actions-leak", "en", False,
  "name: deploy\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GH_TOKEN: <<key>>\n      AWS_ACCESS_KEY_ID: <<akid>>\n      AWS_SECRET_ACCESS_KEY: <<aksec>>\n    steps:\n      - uses: actions/checkout@v4",
  "why does this workflow fail on the publish step?\n\n- name: publish\n  run: npm publish\n  env:\n    NPM_TOKEN: <<key>>\n    SLACK_WEBHOOK_SECRET: <<secret>>")
K("ssh-key-paste", "en", False,
  "this key isn't working with the bastion, can you tell if it's the right format?\n\n<<pem>>",
  "<<pem>>\n\nis this an RSA or ed25519 key? ssh keeps saying invalid format")
K("curl-jwt-debug", "en", False,
  "curl -H \"Authorization: Bearer <<jwt>>\" https://api.norvale.example/v2/users/me\n{\"error\":\"token_expired\"}",
  "decode this jwt and tell me when it expires: <<jwt>>")
K("medical-discharge", "en", False,
  "DISCHARGE SUMMARY\nPatient: <<name>>   MRN: <<mrn>>   DOB: <<dob>>\nDiagnosis: <<cond>>\nDischarge medication: <<med>> 500 mg twice daily\nFollow-up with Dr. <<last2>> in 2 weeks.",
  "Patient <<lastfirst>> (MRN <<mrn>>) was admitted on <<date>> with an exacerbation of <<cond>>. Started on <<med>> 10 mg daily. Attending: Dr. <<last2>>.")
K("insurance-claim-email", "en", False,
  "Hello,\n\nI'm writing about claim <<ord>> for my son <<name2>> (DOB <<dob2>>). He was diagnosed with <<cond2>> in March and prescribed <<med2>>. The pharmacy charged $<<amt>>.\n\nMy policyholder details: <<name>>, <<addr>>.\n\nRegards,\n<<first>>")
K("card-dispute-chat", "en", False,
  "Me: hi, there's a charge I didn't make on my card <<card>>\nAgent: I'm sorry to hear that. Can you confirm the name on the card?\nMe: <<name>>\nAgent: and the billing address?\nMe: <<addr>>",
  "can you help me write a dispute letter? card number <<card>>, cardholder <<name>>, charge of $<<amt>> on <<date>> from a merchant I never used")
K("wire-instructions-email", "en", False,
  "Hi <<first>>,\n\nPlease wire the deposit of $<<amt>> to:\nBeneficiary: <<name2>>\nRouting / account: <<bank>>\n\nLet me know once it's sent.\n<<first2>>",
  "Payee: <<name2>>\nIBAN: <<iban>>\nReference: <<ord>>\nAmount: EUR <<amt>>\n\n-- sent from my phone, <<first>>")
K("crypto-otc", "en", False,
  "<<lfirst>>: send the 0.4 btc to <<crypto>>\n<<lfirst2>>: that's your cold wallet right?\n<<lfirst>>: yep",
  "Payout request\nName: <<name>>\nBTC address: <<crypto>>\nAmount: 0.0<<n>> BTC")
K("firewall-log", "en", False,
  "<<date>>T<<hour>>:11Z DENY tcp <<ip>>:51514 -> <<pip>>:22 (ssh brute force, 412 attempts)\n<<date>>T<<hour>>:12Z DENY tcp <<ip2>>:40022 -> <<pip>>:22",
  "sshd[2231]: Failed password for invalid user admin from <<ip>> port 55312 ssh2\nsshd[2231]: Failed password for root from <<ip>> port 55340 ssh2\nsshd[2240]: Accepted publickey for deploy from <<pip>>")
K("dhcp-lease-table", "en", False,
  "lease <<pip>> {\n  hardware ethernet <<mac>>;\n  client-hostname \"ws-laptop-<<n>>\";\n}\nlease <<pip2>> {\n  hardware ethernet <<mac2>>;\n}",
  "Hostname,MAC,Owner\nWS-0<<n>>,<<mac>>,<<name>>\nWS-1<<n>>,<<mac2>>,<<name2>>")
K("csv-customer-export", "en", False,
  "id,full_name,email,phone,dob\n1<<n>>,<<name>>,<<email>>,<<phone>>,<<dob>>\n2<<n>>,<<name2>>,<<email2>>,<<phone2>>,<<dob2>>",
  "customer_id\tname\tcard\texp\n<<n2>>\t<<name>>\t<<card>>\t09/28\n<<n2>>1\t<<name2>>\t<<card2>>\t01/27")
K("sql-insert-users", "en", False,
  "INSERT INTO users (first_name, last_name, email, ssn) VALUES\n  ('<<given>>', '<<family>>', '<<email>>', '<<nid>>'),\n  ('<<given2>>', '<<family2>>', '<<email2>>', '<<nid2>>');",
  "SELECT * FROM patients WHERE mrn = '<<mrn>>';\n-- returns <<name>>, <<dob>>, dx <<cond>>\n-- why is the join so slow?")
K("json-api-response", "en", False,
  "{\n  \"user\": {\n    \"name\": \"<<name>>\",\n    \"email\": \"<<email>>\",\n    \"phone\": \"<<phone>>\",\n    \"last_login_ip\": \"<<ip>>\"\n  },\n  \"session\": \"<<cookie>>\"\n}")
K("yaml-k8s-secret", "en", False,
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\nstringData:\n  DB_PASSWORD: <<pwd>>\n  DB_URL: <<conn>>",
  "services:\n  api:\n    image: registry.local/api:<<ver>>\n    environment:\n      - OPENAI_API_KEY=<<key>>\n      - REDIS_URL=<<conn>>")
K("meeting-transcript-hr", "en", False,
  "[00:03:12] <<first>>: so the issue with <<name2>> is the sick leave, she's been off with <<cond2>> since <<date>>\n[00:03:30] <<first3>>: right, and occupational health has the note\n[00:03:41] <<first>>: yes, she's on <<med2>> now",
  "Transcript – 1:1\n<<first>>: thanks for making time.\n<<first2>>: no problem. I wanted to flag that my daughter <<name3>> was diagnosed with <<cond3>>, so I may need flexible hours.\n<<first>>: of course.")
K("cv-paste", "en", False,
  "<<upname>>\n<<addr>> | <<phone>> | <<email>>\n\nEXPERIENCE\nSenior Analyst, <<co>> (2019–present)\n- Built forecasting models in Python\n\nEDUCATION\nBSc Economics",
  "please improve my CV summary:\n\n<<name>> — data engineer\n<<email>> · <<phone>>\n8 years building pipelines at <<co>>.")
K("tenant-reference", "en", False,
  "To whom it may concern,\n\nI confirm that <<name>>, of <<addr>>, has rented from me since 2021 and always paid on time.\n\nYours faithfully,\n<<name2>>\n<<phone2>>")
K("school-record", "en", False,
  "STUDENT RECORD\nStudent: <<name>>\nDate of birth: <<dob>>\nGuardian: <<name2>> (<<phone2>>)\nHealth notes: <<cond>>, medication at school: <<med>>\nHomeroom: 7B")
K("classified-memo", "en", False,
  "<<mark>>\n\nMEMO – Project Heron budget revision\nThe board approved a <<pct>>% reduction in Q3 spend. Do not forward.\n\n<<mark>>",
  "<<mark>>\nSubject: acquisition shortlist\n1. <<co>> – valuation pending\n2. target B – on hold\nDistribution: exec team only")
K("whatsapp-family", "en", False,
  "[<<date>>, <<hour>>] <<lfirst>>: mum's new address is <<addr>>\n[<<date>>, <<hour>>] <<lfirst2>>: thx! what's her new number\n[<<date>>, <<hour>>] <<lfirst>>: <<phone>>",
  "<<lfirst>>: can u send me ur card details for the flights\n<<lfirst2>>: <<card>> exp 11/27\n<<lfirst>>: cvv?\n<<lfirst2>>: ill tell u on the phone")
K("shipping-label", "en", False,
  "SHIP TO:\n<<upname>>\n<<addr>>\nTEL <<phone>>\n\nORDER <<ord>>  WEIGHT 2.<<n>> KG",
  "FROM: <<co>> Fulfilment\nTO: <<name>>\n<<addr>>\nTracking: 1Z<<n2>>X<<n2>>")
K("mortgage-application", "en", False,
  "Applicant: <<name>>\nCo-applicant: <<name2>>\nSSN: <<nid>> / <<nid2>>\nCurrent address: <<addr>>\nGross income: $<<amt>>/mo\nDeposit account: <<bank>>")
K("uk-council-letter", "en", False,
  "Dear Ms <<last>>,\n\nRe: Council Tax account for <<addr>>\n\nWe have applied the single person discount. Your National Insurance number <<nid>> has been verified.\n\nRevenues Team")
K("vpn-config", "en", False,
  "[Interface]\nPrivateKey = <<secret>>\nAddress = <<pip>>/32\n\n[Peer]\nEndpoint = <<ip>>:51820\nAllowedIPs = 0.0.0.0/0",
  "client\ndev tun\nremote <<ip>> 1194\nauth-user-pass\n# user: <<handle>> / pass: <<pwd>>")
K("pharmacy-note", "en", False,
  "Rx for <<name>> (DOB <<dob>>): <<med>> 20 mg, 30 tablets. Indication: <<cond>>. Prescriber: Dr. <<last2>>.",
  "note to self – <<first>>'s meds: <<med>> morning, <<med2>> night. ask GP about the <<cond>> review")
K("jira-incident", "en", False,
  "<<ticket>>: Leaked key in public repo\nPriority: P1\nDescription: Our Sendgrid key <<key>> was committed to a public gist by mistake. Rotate asap.\nReporter: <<name>>",
  "h3. Incident <<ticket>>\n*Summary*: stolen laptop\n*Owner*: <<name>>\n*Device MAC*: <<mac>>\n*Last seen IP*: <<ip>>")
K("teams-sales-leads", "en", False,
  "<<name>> (Sales) 9:14\nnew lead from the expo: <<name2>>, <<wemail2>>, <<phone2>>\n<<name3>> (Sales) 9:20\nnice, I'll call <<first2>> today",
  "<<first>>: who owns the <<co>> account now?\n<<first2>>: <<name3>>, reach her at <<wemail3>>")
K("loan-email-es-speaker", "en", False,
  "Hi, I'm <<name>>. My IBAN is <<iban>> and my date of birth is <<dob>>. Can you write a short email asking my bank to raise my overdraft limit?")
K("ocr-passport-scan", "en", False,
  "OCR output (page 1):\nSURNAME / NOM: <<family>>\nGIVEN NAMES / PRÉNOMS: <<given>>\nDATE OF BIRTH: <<dob>>\nSSN on file: <<nid>>\n~~ smudged ~~")
K("payments-question", "en", False,
  "my direct debit keeps failing. sort code / account: <<bank>>, name <<name>>. is the format wrong?",
  "Why was this refund rejected? IBAN <<iban>>, account holder <<name>>, amount <<amt>>")

# ================================================================ ENGLISH — negatives
K("news-sports-recap", "en", True,
  "<<sport>> won again on <<date>>, extending an unbeaten run to <<n>> events. Afterwards the champion thanked the crowd in <<city>> and said the new coach had changed everything.",
  "Match report: <<sport>> and <<sport2>> were the talk of <<city>> after a <<n>>-minute thriller. Tickets for the rematch went on sale at <<hour>>.")
K("history-essay", "en", True,
  "Write a conclusion for my essay: <<hist>> argued that public life demanded sacrifice. Decades later, historians compared the speeches with those of <<hist2>> (essay draft <<n>>).",
  "Rewrite this paragraph about <<hist>> so it sounds less like Wikipedia: born into a modest family, went on to inspire admirers of <<hist2>> and an entire generation (<<n>> words max).")
K("placeholder-form-doc", "en", True,
  "Example request body:\n{\n  \"name\": \"John Doe\",\n  \"email\": \"john.doe@example.com\",\n  \"phone\": \"+1 555 0100\",\n  \"ssn\": \"XXX-XX-XXXX\"\n}\nReplace the values before calling /v<<n>>/customers.",
  "Template:\nDear [FIRST_NAME] [LAST_NAME],\nYour account ending in [LAST4] has been updated on {{date}}.\nSincerely,\n[SENDER_NAME]\n\nversion <<ver>>")
K("stripe-test-cards", "en", True,
  "For QA use the Stripe test card <<testcard>> with any future expiry and any CVC. Decline scenarios are documented in the testing guide (build <<ver>>).",
  "checkout e2e test:\n  cy.get('#card').type('<<testcard>>')\n  cy.get('#exp').type('12/34')\n  cy.get('#cvc').type('123')\n// test <<n>> flaky on CI")
K("masked-receipt", "en", True,
  "RECEIPT <<ord>>\nCard: **** **** **** <<last4>>\nAuth code: <<n2>>\nTotal: $<<amt>>\nThank you for shopping with <<co>>!",
  "Your payment of $<<amt>> with Visa ending <<last4>> was approved. Account: XXXX-XXXX-<<last4>>. Ref <<uuid>>")
K("git-log-hashes", "en", True,
  "commit <<sha>>\nAuthor: build-bot <ci@<<n>>.invalid>\nDate:   <<date>>\n\n    chore: bump deps to <<ver>>\n\ncommit <<sha>>1\n    fix: token refresh race",
  "why does this rebase fail?\n\nerror: could not apply <<short>>... feat: add password policy\nhint: Resolve all conflicts manually\nfatal: <<sha256>> is not a valid object")
K("private-ip-netplan", "en", True,
  "network:\n  ethernets:\n    eth0:\n      addresses: [<<pip>>/24]\n      gateway4: <<pip2>>\n      nameservers:\n        addresses: [<<pip>>]",
  "ping <<pip>> works but ping <<pip2>> times out, both on the same VLAN <<n>>. subnet is 10.0.0.0/8. what am I missing?")
K("code-secret-vars", "en", True,
  "def connect():\n    password = os.environ[\"DB_PASSWORD\"]\n    api_key = get_secret(\"stripe/api_key\")\n    return Client(user=os.environ[\"DB_USER\"], password=password, key=api_key, retries=<<n>>)",
  "const token = process.env.GITHUB_TOKEN;\nif (!token) throw new Error('GITHUB_TOKEN missing');\nconst secret = await vault.read('secret/data/app');  // ttl <<n>>s")
K("aws-docs-example", "en", True,
  "The docs say to configure like this:\n[default]\naws_access_key_id = <<exaws>>\naws_secret_access_key = <<exawssec>>\nregion = us-east-1\n# profile dev<<n>>\nis that the real format?",
  "From the AWS CLI guide: the example access key <<exaws>> is not a real credential. Use `aws configure` (CLI v<<ver>>).")
K("blank-intake-form", "en", True,
  "PATIENT INTAKE FORM\nFull name: ______________________\nDate of birth: ___/___/______\nSocial Security No.: ___-__-____\nAllergies: ______________________\nCurrent medications: ______________\nForm rev. <<n>>",
  "Employee details (to be completed)\nName: \nNI number: \nBank sort code: \nAccount no.: \nSignature: ____________  Date: <<date>>")
K("policy-classification-prose", "en", True,
  "Our data handling policy defines four levels: Public, Internal, Confidential and Strictly Confidential. Documents marked Confidential must not be pasted into external AI tools. Review date: <<date>>.",
  "Q: What does 'SECRET' mean in our classification scheme?\nA: It applies to information whose disclosure could cause serious damage. Section <<n>> explains handling rules for confidential material.")
K("fiction-chapter", "en", True,
  "Edit this for pacing: <<fict>> crossed the moor at dusk, the letter still folded in a coat pocket. Nobody in the village had seen that face for <<n>> winters.",
  "Fan fiction draft: <<fict>> slammed the book shut. 'We need the password,' she said. 'The vault opens at <<hour>>.'")
K("street-named-people", "en", True,
  "Our office moved to <<n>> Abraham Lincoln Boulevard, Suite 400. Parking is on Martin Luther King Jr Way. Reception opens at <<hour>>.",
  "Directions: from the station walk down George Washington Street, turn left at Queen Victoria Road, the venue is opposite the Ben Franklin Bakery. Doors at <<hour>>.")
K("role-only-transcript", "en", True,
  "Agent: Thanks for calling, how can I help?\nCustomer: I was charged twice for order <<ord>>.\nAgent: I can see that. I'll refund the duplicate of $<<amt>>.\nCustomer: Great, thanks.",
  "Interviewer: Tell me about a time you handled conflict.\nCandidate: In my last role, two teams disagreed on the roadmap...\nInterviewer: And the outcome?\nCandidate: We shipped <<n>> days late but aligned.")
K("uuid-order-log", "en", True,
  "order_id=<<uuid>> status=shipped carrier=UPS items=<<n>>\norder_id=<<uuid>>0 status=pending\nrequest_id=<<sha>>",
  "Why does this return 404? GET /api/orders/<<uuid>>/items?page=<<n>> (trace <<short>>)")
K("product-brand-names", "en", True,
  "Compare the Philips Sonicare, the Oral-B Genius and the Dr. Martens 1460 boots for my gift list, budget $<<amt>>.",
  "Which is better for a small café: a Marco Polo espresso machine or the Victoria Arduino Eagle One? We serve about <<n2>> cups a week.")
K("public-company-contact", "en", True,
  "For press enquiries contact press@<<lco>>.com or call our switchboard. Headquarters: <<n>> Harbour Street, Floor 12. Open <<hour>>–18:00.",
  "Support hours: Mon–Fri. Email support@example.org or use the form at /help. Ticket SLA is <<n>> hours.")
K("weather-travel", "en", True,
  "Plan a 3-day itinerary for <<city>> in <<date>>: museums, a day trip, good coffee. Budget about $<<amt>>.",
  "Forecast for <<city>>: highs of <<n>>°, rain clearing by <<hour>>. Flights from the regional airport were delayed.")
K("sports-stats-csv", "en", True,
  "player,team,goals,assists\n<<sport>>,Team A,<<n>>,4\n<<sport2>>,Team B,11,<<n>>\n<<sport3>>,Team C,8,2",)
K("hash-checksums", "en", True,
  "SHA256 (installer-<<ver>>.dmg) = <<sha256>>\nSHA1 (installer-<<ver>>.zip) = <<sha>>\nVerify before installing.",
  "password hash from the test fixture: $2b$12$<<bcrypt>> — is bcrypt cost <<n>> enough?")
K("lorem-seed-data", "en", True,
  "seed.sql:\nINSERT INTO users(name,email) VALUES ('Test User','test@example.com'),('Jane Roe','jane.roe@example.net'); -- <<n>> rows",
  "faker output for unit tests (not real): name='Sample Person', email='user<<n>>@example.org', phone='000-000-0000'")
K("book-club-notes", "en", True,
  "Book club <<date>>: we discussed <<auth>>'s themes of class and memory. Next month: something by <<auth2>>. Bring snacks!",
  "Reading list: 1) anything by <<auth>> 2) the biography of <<hist>> 3) a short story collection. Meeting room <<n>>.")
K("anon-medical-research", "en", True,
  "Summarise: In a cohort of <<n2>> adults with type 2 diabetes, metformin reduced HbA1c by <<pct>>% versus placebo. No individual patient data is reported.",
  "Guidelines say first-line treatment for hypertension is often an ACE inhibitor; sertraline is an SSRI used for depression. Explain in simple terms for a leaflet (v<<ver>>).")
K("k8s-pod-events", "en", True,
  "Events:\n  Warning  BackOff  <<n>>m  kubelet  Back-off restarting failed container\n  Normal   Pulled   <<n>>m  kubelet  image \"api:<<ver>>\" already present\n  Pod IP: <<pip>>",
  "kubectl get svc\nNAME   TYPE        CLUSTER-IP     PORT(S)\napi    ClusterIP   <<pip>>    <<port>>/TCP\ndb     ClusterIP   <<pip2>>   5432/TCP")
K("redacted-incident", "en", True,
  "Incident <<ticket>> (redacted): user [REDACTED] reported phishing from [REDACTED]@[REDACTED]. Password was reset; no credentials compromised. Closed <<date>>.",
  "Customer: ████████  Account: ████-████-<<last4>>  Issue: duplicate charge. Resolved on <<date>>.")
K("conference-speakers", "en", True,
  "Keynote line-up announced: <<sport>> opens day one, followed by a panel with <<sport2>>. Registration closes <<date>>.",)
K("cloud-placeholders", "en", True,
  "terraform {\n  backend \"s3\" {\n    bucket = \"tf-state-<<n>>\"\n    key    = \"prod/terraform.tfstate\"\n    region = \"eu-west-1\"\n  }\n}\nvariable \"db_password\" { sensitive = true }",
  "export API_KEY=<your-api-key-here>\nexport DB_PASSWORD=changeme\nexport SECRET_TOKEN=${SECRET_TOKEN:?missing}\n# run ./deploy.sh --stage <<n>>")

# ================================================================ FRENCH — positives
K("fr-mail-rh-arret", "fr", False,
  "Objet : arrêt maladie – <<name>>\n\nBonjour <<first2>>,\n\n<<first>> est en arrêt jusqu'au <<date>> (motif médical : <<cond>>). Traitement prescrit : <<med>>. Merci de prévenir la paie.\n\nCordialement,\n<<name3>>",
  "Bonjour,\n\nJe vous transmets l'attestation de <<name>>, né le <<dob>>, n° de sécurité sociale <<nid>>. Il est suivi pour <<cond>>.\n\nBien à vous,\n<<first2>>")
K("fr-rib-fournisseur", "fr", False,
  "Bonjour <<first>>,\nVoici mon nouveau RIB pour le remboursement :\nTitulaire : <<upname2>>\nIBAN : <<iban2>>\nMerci !\n<<first2>>",
  "Virement à faire avant vendredi :\nBénéficiaire : <<name>>\nIBAN <<iban>>\nMontant : <<amt>> €\nMotif : loyer")
K("fr-slack-deploy", "fr", False,
  "<<lfirst>> : qqn a le mdp de la base de preprod ?\n<<lfirst2>> : c'est <<pwd>>\n<<lfirst>> : merci, et la chaîne de connexion ?\n<<lfirst2>> : <<conn>>",
  "<<lfirst>> : j'ai commité le token github par erreur <<key>>\n<<lfirst2>> : révoque-le tout de suite stp")
K("fr-fiche-patient", "fr", False,
  "FICHE PATIENT\nNom : <<family>>\nPrénom : <<given>>\nDate de naissance : <<dob>>\nN° dossier : <<mrn>>\nAntécédents : <<cond>>\nTraitement : <<med>> 1 cp/jour",
  "Compte rendu de consultation du <<date>>\nPatient : M. <<last>> (dossier <<mrn>>)\nMotif : suivi <<cond>>. Poursuite <<med>>.\nDr <<last2>>")
K("fr-contrat-bail", "fr", False,
  "CONTRAT DE LOCATION\nEntre <<name>>, demeurant <<addr>>, ci-après « le bailleur »,\net <<name2>>, né(e) le <<dob2>>, ci-après « le locataire ».\nLoyer mensuel : <<amt>> €",)
K("fr-teams-commercial", "fr", False,
  "<<name>> 14:02\nLe client veut qu'on le rappelle : <<name2>>, <<phone2>>, <<email2>>\n<<name3>> 14:05\nOk je m'en charge cet aprem",
  "<<first>> : tu as le portable de <<name2>> ?\n<<first3>> : <<phone2>>, et son mail perso <<email2>>")
K("fr-env-config", "fr", False,
  "# config prod – NE PAS COMMITER\nDB_URL=<<conn>>\nSENDGRID_KEY=<<key>>\nJWT_REFRESH_SECRET=<<secret>>",
  "pourquoi mon appli ne lit pas ces variables ?\nAWS_ACCESS_KEY_ID=<<akid>>\nAWS_SECRET_ACCESS_KEY=<<aksec>>")
K("fr-carte-bancaire-sav", "fr", False,
  "Bonjour, j'ai été débité deux fois sur ma carte <<card>> (titulaire <<name>>). Pouvez-vous m'aider à rédiger une réclamation ?",
  "moi : la carte c'est <<card>>, exp 08/27\nconseiller : merci M. <<last>>, je vérifie")
K("fr-cv", "fr", False,
  "<<upname>>\n<<addr>>\n<<phone>> – <<email>>\n\nEXPÉRIENCE\nChef de projet, <<co>> (2018–2024)\n\nFORMATION\nMaster MIAGE",)
K("fr-logs-acces", "fr", False,
  "<<date>> <<hour>> WARN connexion refusée depuis <<ip>> (utilisateur admin)\n<<date>> <<hour>> WARN connexion refusée depuis <<ip2>>\n<<date>> <<hour>> INFO connexion ok depuis <<pip>>",
  "nginx: <<ip>> - - [<<date>>] \"POST /login HTTP/1.1\" 401 512\nnginx: <<ip>> - - [<<date>>] \"POST /login HTTP/1.1\" 401 512")
K("fr-note-classifiee", "fr", False,
  "<<mark>>\n\nNote au comité de direction\nObjet : plan de réduction des effectifs (<<pct>> postes)\n\n<<mark>>",)
K("fr-dossier-scolaire", "fr", False,
  "Élève : <<name>>\nNé(e) le : <<dob>>\nResponsable légal : <<name2>> – <<phone2>>\nAdresse : <<addr>>\nPAI : <<cond>>, traitement <<med>>")
K("fr-whatsapp-famille", "fr", False,
  "[<<date>> <<hour>>] <<lfirst>>: tu peux m'envoyer ton numéro de sécu pour la mutuelle ?\n[<<date>> <<hour>>] <<lfirst2>>: <<nid2>>\n[<<date>> <<hour>>] <<lfirst>>: merci ❤️",)
K("fr-sql-clients", "fr", False,
  "SELECT nom, prenom, email FROM clients WHERE ville = 'Lyon';\n-- résultat :\n-- <<family>> | <<given>> | <<email>>\n-- <<family2>> | <<given2>> | <<email2>>",)
K("fr-jwt-debug", "fr", False,
  "Mon API renvoie 401 avec ce token, il est expiré ? <<jwt>>",
  "Authorization: Bearer <<jwt>>\n→ 403 Forbidden. Le rôle est-il bon ?")
K("fr-etiquette-colis", "fr", False,
  "DESTINATAIRE\n<<upname>>\n<<addr>>\nTél : <<phone>>\nColis n° <<ord>>",)
K("fr-reseau-parc", "fr", False,
  "Inventaire poste <<name>> : adresse MAC <<mac>>, IP publique de sortie <<ip>>",
  "Poste perdu ! propriétaire <<name>>, MAC Wi-Fi <<mac>>, dernière IP vue <<ip>>")
# ================================================================ FRENCH — negatives
K("fr-actu-sport", "fr", True,
  "<<sport>> a marqué un doublé hier soir à <<city>>, portant son total à <<n>> buts cette saison. L'entraîneur a salué « un match exemplaire ».",
  "Résume cet article : <<sport>> et <<sport2>> ont été invités à l'Élysée le <<date>> pour célébrer la victoire.")
K("fr-histoire-expose", "fr", True,
  "Aide-moi pour mon exposé : <<hist>> a profondément marqué son époque. Comparer avec <<hist2>> en <<n>> lignes.",)
K("fr-formulaire-vierge", "fr", True,
  "FORMULAIRE D'INSCRIPTION\nNom : ________________\nPrénom : ________________\nDate de naissance : __/__/____\nN° de sécurité sociale : _ __ __ __ ___ ___ __\nSignature : ________  (version <<n>>)",)
K("fr-politique-confidentialite", "fr", True,
  "Notre charte distingue quatre niveaux : Public, Interne, Confidentiel et Secret. Toute information « Diffusion restreinte » ne doit jamais être copiée dans un outil d'IA externe. Mise à jour : <<date>>.",
  "Q : que signifie la mention « CONFIDENTIEL » sur un document ?\nR : elle impose une diffusion limitée aux personnes habilitées (article <<n>>).")
K("fr-rue-celebre", "fr", True,
  "Nos bureaux sont au <<n>> avenue Victor Hugo, 3e étage. Métro Charles de Gaulle – Étoile. Accueil à partir de <<hour>>.",
  "Le marché se tient place Jean Jaurès puis rue Émile Zola jusqu'à <<hour>>. Stand n° <<n>>.")
K("fr-code-variables", "fr", True,
  "mot_de_passe = os.getenv(\"MOT_DE_PASSE_BDD\")\ncle_api = coffre.lire(\"api/cle\")\nif not mot_de_passe:\n    raise ValueError(\"mot de passe manquant\")  # essai <<n>>",)
K("fr-ticket-masque", "fr", True,
  "TICKET CB <<ord>>\nCarte : XXXX XXXX XXXX <<last4>>\nMontant : <<amt>> EUR\nMerci de votre visite chez <<co>>",)
K("fr-transcription-roles", "fr", True,
  "Conseiller : Bonjour, que puis-je faire pour vous ?\nClient : ma commande <<ord>> n'est pas arrivée.\nConseiller : je relance le transporteur.\nClient : merci.",)
K("fr-reseau-prive", "fr", True,
  "Le serveur <<pip>> ne répond plus, la passerelle <<pip2>> oui. Masque 255.255.255.0, VLAN <<n>>. Une idée ?",)
K("fr-roman-personnage", "fr", True,
  "Corrige ce passage : <<fict>> s'avança dans la ruelle, le cœur battant. Il était <<hour>> et la ville dormait.",)
K("fr-hash-version", "fr", True,
  "Empreinte SHA-256 du paquet <<ver>> : <<sha256>>\nCommit : <<sha>>",)
K("fr-exemple-doc", "fr", True,
  "Exemple fourni dans la doc : nom = \"Jean Dupont\", email = \"jean.dupont@exemple.fr\", IBAN = \"FR76 XXXX XXXX XXXX\". Version <<ver>>.",)
K("fr-recette-culture", "fr", True,
  "La tarte Tatin doit son nom aux sœurs Tatin ; la pêche Melba à la cantatrice Nellie Melba. Écris <<n>> lignes sur ces desserts pour un menu.",)

# ================================================================ SPANISH — positives
K("es-correo-nomina", "es", False,
  "Asunto: cambio de cuenta – <<name>>\n\nHola <<first2>>:\n\n<<first>> nos pide que su nómina se ingrese a partir de este mes en la cuenta <<iban>>. Su DNI es <<dni>>.\n\nUn saludo,\n<<name3>>",
  "Hola <<first>>, te paso los datos para el alta:\nNombre: <<name2>>\nDNI: <<dni2>>\nFecha de nacimiento: <<dob2>>\nDomicilio: <<addr2>>\nGracias")
K("es-nie-alta", "es", False,
  "Alta de trabajador extranjero\nApellidos: <<family>>\nNombre: <<given>>\nNIE: <<nid>>\nTeléfono: <<phone>>\nEmail: <<email>>",)
K("es-whatsapp-piso", "es", False,
  "[<<date>> <<hour>>] <<lfirst>>: oye te paso mi dni pa el contrato del piso <<dni>>\n[<<date>> <<hour>>] <<lfirst2>>: vale y el iban pa la fianza?\n[<<date>> <<hour>>] <<lfirst>>: <<iban>>",)
K("es-informe-medico", "es", False,
  "INFORME DE ALTA\nPaciente: <<name>>\nNHC: <<mrn>>\nFecha de nacimiento: <<dob>>\nDiagnóstico principal: <<cond>>\nTratamiento: <<med>> 50 mg cada 12 h\nFdo. Dra. <<last2>>",
  "Consulta del <<date>>: paciente <<name>> (historia <<mrn>>) refiere empeoramiento de su <<cond>>. Se ajusta <<med>>.")
K("es-slack-devops", "es", False,
  "<<lfirst>>: alguien tiene la contraseña del jenkins?\n<<lfirst2>>: <<pwd>>\n<<lfirst>>: gracias crack\n<<lfirst3>>: cambiadla ya pls",
  "<<lfirst>>: he pegado la clave privada en el canal sin querer\n<<pem>>\n<<lfirst2>>: bórralo!!")
K("es-reclamacion-tarjeta", "es", False,
  "Buenas, me han cobrado <<amt>> € en mi tarjeta <<card>> y no reconozco el cargo. Titular: <<name>>. ¿Me ayudas a redactar la reclamación?",)
K("es-cv", "es", False,
  "<<upname>>\n<<addr>> · <<phone>> · <<email>>\n\nEXPERIENCIA\nContable sénior en <<co>> (2017–actualidad)\n\nFORMACIÓN\nGrado en ADE",)
K("es-env-docker", "es", False,
  "¿por qué no arranca el contenedor?\nenvironment:\n  - DATABASE_URL=<<conn>>\n  - STRIPE_KEY=<<key>>\n  - COOKIE_SECRET=<<secret>>",)
K("es-csv-socios", "es", False,
  "socio;nombre;dni;telefono\n<<n2>>;<<name>>;<<dni>>;<<phone>>\n<<n2>>7;<<name2>>;<<dni2>>;<<phone2>>",)
K("es-etiqueta-envio", "es", False,
  "DESTINATARIO:\n<<upname>>\n<<addr>>\nTel. <<phone>>\nPedido <<ord>>",)
K("es-logs-servidor", "es", False,
  "<<date>> <<hour>> ERROR intento de acceso fallido desde <<ip>> usuario=root\n<<date>> <<hour>> ERROR intento de acceso fallido desde <<ip2>> usuario=admin",)
K("es-acta-reunion", "es", False,
  "Acta reunión RR. HH. <<date>>\nAsistentes: <<name>>, <<name2>>\n- <<first2>> informa de que <<name3>> está de baja por <<cond3>>.\n- Próxima revisión en un mes.",)
K("es-memo-clasificado", "es", False,
  "<<mark>>\n\nNota interna: propuesta de compra de <<co>>\nPrecio máximo: <<amt>> M€\n\n<<mark>>",)
K("es-transferencia-cripto", "es", False,
  "<<lfirst>>: mándame los btc a esta dirección <<crypto>>\n<<lfirst2>>: ok, en 10 min",)
K("es-mac-inventario", "es", False,
  "Portátil asignado a <<name>> – MAC <<mac>> – IP pública de la oficina remota <<ip>>",)
K("es-jwt-token", "es", False,
  "¿Este token está caducado? <<jwt>>",)
K("es-contrato-alquiler", "es", False,
  "CONTRATO DE ARRENDAMIENTO\nDe una parte, <<name>>, con DNI <<dni>>, domiciliado en <<addr>>.\nDe otra parte, <<name2>>, con DNI <<dni2>>.\nRenta mensual: <<amt>> €",)
# ================================================================ SPANISH — negatives
K("es-cronica-futbol", "es", True,
  "<<sport>> fue el protagonista en <<city>>: <<n>> minutos de juego y una asistencia decisiva. La afición lo despidió en pie.",
  "Resume esta noticia: <<sport>> y <<sport2>> coincidieron el <<date>> en la gala de premios.")
K("es-trabajo-historia", "es", True,
  "Necesito una introducción para mi trabajo sobre <<hist>> y su influencia en <<hist2>>. Máximo <<n>> palabras.",)
K("es-formulario-vacio", "es", True,
  "SOLICITUD DE ALTA\nNombre y apellidos: ____________\nDNI/NIE: ____________\nFecha de nacimiento: __/__/____\nIBAN: ES__ ____ ____ ____ ____ ____\nFirma: ______  (mod. <<n>>)",)
K("es-politica-datos", "es", True,
  "La política interna clasifica la información como Pública, Uso interno, Confidencial y Estrictamente confidencial. Nunca pegues documentos confidenciales en chatbots externos. Revisión <<date>>.",)
K("es-calle-famosa", "es", True,
  "Nuestra sede está en la Calle de Alcalá <<n>> esquina con Avenida Miguel de Unamuno, junto a la Farmacia Santa Teresa. Abrimos a las <<hour>>.",)
K("es-codigo-secretos", "es", True,
  "contrasena = os.environ.get(\"CONTRASENA_BD\")\nclave_api = secretos[\"api\"][\"clave\"]\nassert contrasena, \"falta la contraseña\"  # reintento <<n>>",)
K("es-recibo-enmascarado", "es", True,
  "RECIBO <<ord>>\nTarjeta: **** **** **** <<last4>>\nImporte: <<amt>> €\nGracias por su compra en <<co>>",)
K("es-transcripcion-roles", "es", True,
  "Operador: Buenos días, ¿en qué puedo ayudarle?\nCliente: El pedido <<ord>> llegó roto.\nOperador: Le enviamos uno nuevo hoy mismo.\nCliente: Perfecto.",)
K("es-red-privada", "es", True,
  "El router está en <<pip>> y la impresora en <<pip2>>, pero no imprime desde la VLAN <<n>>. ¿Qué reviso?",)
K("es-novela-personaje", "es", True,
  "Mejora este párrafo: <<fict>> volvió a cruzar la llanura, seguro de que los molinos eran gigantes. Eran las <<hour>>.",)
K("es-datos-prueba", "es", True,
  "Datos de ejemplo de la documentación: nombre \"Fulano de Tal\", correo fulano@ejemplo.com, tarjeta de prueba <<testcard>>. Versión <<ver>>.",)
K("es-uuid-pedidos", "es", True,
  "pedido=<<uuid>> estado=enviado\npedido=<<uuid>>1 estado=pendiente\nhash=<<sha>>",)
K("es-receta-marcas", "es", True,
  "Compara la Thermomix TM6 con la Cecotec Mambo para hacer tortilla de patatas para <<n>> personas. Presupuesto <<amt>> €.",)
# ================================================================ PORTUGUESE — positives (PT and BR)
K("pt-email-rh", "pt", False,
  "Assunto: dados para processamento salarial\n\nOlá <<first2>>,\n\nSeguem os dados de <<name>>: NIF <<nid>>, IBAN <<iban>>, data de nascimento <<dob>>.\n\nCumprimentos,\n<<name3>>",)
K("pt-ficha-utente", "pt", False,
  "FICHA DO UTENTE\nNome: <<name>>\nN.º processo: <<mrn>>\nData de nascimento: <<dob>>\nDiagnóstico: <<cond>>\nMedicação: <<med>> 5 mg/dia",
  "Nota clínica <<date>>: utente <<name>> (processo <<mrn>>) mantém queixas de <<cond>>. Reforçar <<med>>. Dr. <<last2>>")
K("pt-whatsapp-casa", "pt", False,
  "[<<date>> <<hour>>] <<lfirst>>: manda-me a tua morada nova para o convite\n[<<date>> <<hour>>] <<lfirst2>>: <<addr2>>\n[<<date>> <<hour>>] <<lfirst>>: obrigada!",)
K("pt-config-prod", "pt", False,
  "# ficheiro .env da produção\nDB=<<conn>>\nCHAVE_API=<<key>>\nSEGREDO_WEBHOOK=<<secret>>",)
K("pt-contrato-arrendamento", "pt", False,
  "CONTRATO DE ARRENDAMENTO\nSenhorio: <<name>>, NIF <<nid>>, residente em <<addr>>.\nArrendatário: <<name2>>, NIF <<nid2>>.\nRenda: <<amt>> €",)
K("pt-cartao-reclamacao", "pt", False,
  "Olá, cobraram-me <<amt>> € no cartão <<card>> e não reconheço a compra. Titular: <<name>>. Ajuda-me a escrever a reclamação?",)
K("pt-teams-comercial", "pt", False,
  "<<name>> 11:02\nO cliente <<name2>> pediu contacto: <<phone2>> / <<email2>>\n<<name3>> 11:05\nLigo-lhe hoje",)
K("pt-logs-acesso", "pt", False,
  "<<date>> <<hour>> AVISO login falhado de <<ip>> (root)\n<<date>> <<hour>> AVISO login falhado de <<ip2>> (admin)",)
K("br-cadastro-cliente", "pt", False,
  "Cadastro:\nNome completo: <<name>>\nCPF: <<nid>>\nData de nascimento: <<dob>>\nCelular: <<phone>>\nE-mail: <<email>>\nEndereço: <<addr>>",
  "oi, preciso corrigir meu cadastro. nome <<name>>, cpf <<nid>>, e o telefone novo é <<phone>>")
K("br-pix-whatsapp", "pt", False,
  "<<lfirst>>: me passa teus dados bancários pro reembolso\n<<lfirst2>>: ag./conta <<bank2>>, itaú, titular <<name2>>\n<<lfirst>>: valeu",)
K("br-slack-senha", "pt", False,
  "<<lfirst>>: alguém sabe a senha do painel do servidor?\n<<lfirst2>>: <<pwd>>\n<<lfirst3>>: gente, não coloquem senha no canal 🤦",
  "<<lfirst>>: o token do github vazou no log: <<key>>\n<<lfirst2>>: revoga agora")
K("br-receita-medica", "pt", False,
  "Receituário\nPaciente: <<name>>  CPF: <<nid>>\nUso contínuo: <<med>> 50 mg, 1x ao dia\nCID: <<cond>>\nDr. <<last2>>",)
K("br-curriculo", "pt", False,
  "<<upname>>\n<<addr>> | <<phone>> | <<email>>\n\nEXPERIÊNCIA\nAnalista financeiro – <<co>> (2016–atual)\n\nFORMAÇÃO\nCiências Contábeis",)
K("br-memo-restrito", "pt", False,
  "<<mark>>\n\nComunicado interno: reestruturação da área comercial (<<pct>> vagas)\n\n<<mark>>",)
K("br-chamado-ti", "pt", False,
  "Chamado <<ticket>>\nSolicitante: <<name>>\nDescrição: notebook com MAC <<mac>> não conecta na VPN, IP público <<ip>>\nResponsável: <<name2>>",)
K("br-etiqueta-correios", "pt", False,
  "DESTINATÁRIO\n<<upname>>\n<<addr>>\nTel: <<phone>>\nPedido <<ord>>",)
K("br-cripto-pagamento", "pt", False,
  "<<lfirst>>: manda os bitcoins pra esse endereço <<crypto>>\n<<lfirst2>>: blz, já mando",)
# ================================================================ PORTUGUESE — negatives
K("pt-cronica-futebol", "pt", True,
  "<<sport>> voltou a brilhar em <<city>>: <<n>> minutos em campo e um golo de livre. O estádio aplaudiu de pé.",)
K("pt-trabalho-escolar", "pt", True,
  "Ajuda-me com a introdução do trabalho sobre <<hist>> e a comparação com <<hist2>>. Máximo <<n>> linhas.",)
K("pt-formulario-branco", "pt", True,
  "FORMULÁRIO DE ADESÃO\nNome: ______________\nNIF: _________\nData de nascimento: __/__/____\nIBAN: PT50 ____ ____ ____ ____ ____ _\nAssinatura: ______ (modelo <<n>>)",)
K("pt-politica-classificacao", "pt", True,
  "A política define os níveis Público, Interno, Confidencial e Restrito. Informação confidencial não deve ser colada em ferramentas de IA externas. Revisão: <<date>>.",)
K("pt-rua-nome-pessoa", "pt", True,
  "A loja fica na Avenida Almirante Reis, <<n>>, perto da Praça Marquês de Pombal. Abre às <<hour>>.",)
K("pt-codigo-variaveis", "pt", True,
  "senha = os.environ[\"SENHA_BD\"]\nchave = cofre.ler(\"api/chave\")\nif not senha:\n    raise RuntimeError(\"senha em falta\")  # tentativa <<n>>",)
K("pt-recibo-mascarado", "pt", True,
  "RECIBO <<ord>>\nCartão: **** **** **** <<last4>>\nTotal: <<amt>> €\nObrigado pela preferência – <<co>>",)
K("br-noticia-politica", "pt", True,
  "Resuma: <<pub>> foi homenageado em <<city>> no dia <<date>>, em cerimônia com a presença de <<pub2>>.",)
K("br-atendimento-papeis", "pt", True,
  "Atendente: Boa tarde, em que posso ajudar?\nCliente: Meu pedido <<ord>> veio errado.\nAtendente: Vou abrir a troca agora.\nCliente: Obrigado.",)
K("br-rede-interna", "pt", True,
  "O servidor <<pip>> não pinga o gateway <<pip2>>, mesma VLAN <<n>>. Alguém já viu isso?",)
K("br-exemplo-documentacao", "pt", True,
  "Exemplo da documentação: nome \"Fulano da Silva\", CPF \"000.000.000-00\", e-mail fulano@exemplo.com.br, cartão de teste <<testcard>>. Versão <<ver>>.",)
K("br-hash-uuid", "pt", True,
  "pedido_id=<<uuid>> status=entregue\nchecksum=<<sha256>>\ncommit <<short>>",)
K("br-literatura", "pt", True,
  "Corrija este parágrafo: <<fict>> olhou pela janela com olhos de ressaca; <<auth>> nunca revelou a verdade. Escreva <<n>> linhas sobre o tema.",)


# ================================================================ extra kinds
K("jwt-io-sample", "en", True,
  "Why does my verifier reject the sample token from the jwt.io homepage? eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c (lib v<<ver>>, secret is the documented 'your-256-bit-secret')",)
K("iban-spec-examples", "en", True,
  "Unit test for our IBAN validator:\n  assert is_valid('GB82 WEST 1234 5698 7654 32')  # example from the standard\n  assert is_valid('DE89 3704 0044 0532 0130 00')  # bank docs example\n  assert not is_valid('GB00 WEST 0000 0000 0000 <<n>>')",)
K("clinical-vignette", "en", True,
  "Exam practice: A <<n>>-year-old man presents with polyuria and weight loss. Fasting glucose is elevated. He is started on metformin. What is the next step? (question <<n2>>)",
  "Case study for the nursing module: a patient in her seventies with atrial fibrillation is prescribed apixaban. Discuss bleeding risk. No identifying details are included. Slide <<n>>.")
K("xml-soap-payload", "en", False,
  "<soapenv:Body>\n  <CreatePayment>\n    <Payer>\n      <FirstName><<given>></FirstName>\n      <LastName><<family>></LastName>\n      <Email><<email>></Email>\n    </Payer>\n    <CardNumber><<card>></CardNumber>\n  </CreatePayment>\n</soapenv:Body>",)
K("markdown-oncall", "en", False,
  "| week | primary | phone |\n|---|---|---|\n| W<<n>> | <<name>> | <<phone>> |\n| W<<n>>+1 | <<name2>> | <<phone2>> |\n\nplease format this as a calendar",)
K("ocr-w2-scan", "en", False,
  "W-2 Wage and Tax Statement (OCR)\na Employee's social security number <<nid>>\ne Employee's first name and initial  Last name\n  <<given>>      <<family>>\nf Employee's address and ZIP code\n  <<addr>>\n1 Wages, tips 4<<n2>>.00",)
K("fr-cas-clinique-anonyme", "fr", True,
  "Cas clinique pour l'ECN : un homme de <<n>> ans, sans antécédent, consulte pour une toux chronique. Quel bilan proposez-vous ? Aucune donnée nominative.",)
K("fr-xml-facture", "fr", False,
  "<Facture numero=\"<<ord>>\">\n  <Client>\n    <Nom><<family>></Nom>\n    <Prenom><<given>></Prenom>\n    <Adresse><<addr>></Adresse>\n    <IBAN><<iban>></IBAN>\n  </Client>\n</Facture>",)
K("es-iban-ejemplo", "es", True,
  "En la guía del banco ponen como ejemplo el IBAN ES91 2100 0418 4502 0005 1332 para explicar el formato. ¿Qué significa cada bloque? (página <<n>>)",)
K("es-yaml-ci", "es", False,
  "# .gitlab-ci.yml – ¿por qué falla el deploy?\ndeploy:\n  stage: deploy\n  variables:\n    GITLAB_TOKEN: <<key>>\n    DB_DSN: <<conn>>\n  script:\n    - ./deploy.sh",)
K("br-cpf-mascarado", "pt", True,
  "Comprovante <<ord>>\nCPF: ***.<<n2>>.***-**\nCartão final <<last4>>\nValor: R$ <<amt>>\nDúvida: por que o CPF aparece assim?",)
K("pt-ocr-cartao-cidadao", "pt", False,
  "texto extraído da digitalização (pode ter erros):\nAPELIDO(S) <<family>>\nNOME(S) <<given>>\nDATA DE NASCIMENTO <<dob>>\nNIF <<nid>>\nVALIDADE 1<<n>>/0<<n>>/20<<n>>",)

# ================================================================ build
def pool_names():
    names = set()
    for d in (GIVEN, FAMILY):
        for lst in d.values():
            names.update(lst)
    return names

POOL_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, pool_names()), key=len, reverse=True)) + r")(?!\w)")

def blank_spans(text, spans):
    chars = list(text)
    for a, b, _, _ in spans:
        for i in range(a, b):
            chars[i] = "\0"
    return "".join(chars)

def span_problems(text, spans):
    probs = []
    prev = 0
    for a, b, et, cat in spans:
        if a < prev or b <= a:
            probs.append("order/overlap")
        seg = text[a:b]
        if seg != seg.strip():
            probs.append("whitespace")
        if a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
            probs.append("cut start %r" % seg)
        if b < len(text) and (text[b].isalnum() or text[b] == "_"):
            probs.append("cut end %r" % seg)
        if CATEGORY.get(et) != cat:
            probs.append("category")
        prev = b
    return probs

def leak_problems(text, spans):
    rest = blank_spans(text, spans)
    probs = [m.group(0) for m in POOL_RE.finditer(rest)]
    for a, b, _, _ in spans:
        v = text[a:b]
        if len(v) >= 4 and v in rest:
            probs.append(v)
    return probs

def build():
    rows, seen = [], set()
    kinds_seen = set()
    for kind, lang, neg, tpls, wmode in KINDS:
        assert kind not in kinds_seen, kind
        kinds_seen.add(kind)
        rng = random.Random("%s/%s" % (NAME, kind))
        for i in range(PER_KIND):
            tpl = tpls[i % len(tpls)]
            for attempt in range(40):
                F = make_fields(rng, lang, kind)
                text, spans = render(tpl, F)
                text, spans = wrap(rng, lang, text, spans, "none" if wmode == "no" else "yes")
                if neg and spans:
                    raise ValueError("negative with spans: " + kind)
                if not neg and not spans:
                    raise ValueError("positive without spans: " + kind)
                if span_problems(text, spans) or leak_problems(text, spans) or text in seen:
                    continue
                break
            else:
                raise ValueError("could not build %s #%d: %s %s" % (kind, i, span_problems(text, spans), leak_problems(text, spans)))
            seen.add(text)
            rows.append({"id": "%s-%s-%02d" % (NAME, kind, i + 1), "kind": kind, "lang": lang, "negative": neg,
                         "text": text, "spans": spans})
    return rows

def serialize(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

def main(argv):
    data = serialize(build())
    if "--check" in argv:
        try:
            with open(OUT, encoding="utf-8") as fh:
                cur = fh.read()
        except FileNotFoundError:
            cur = None
        if cur != data:
            print("stale: %s" % OUT)
            return 1
        print("up to date")
        return 0
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(data)
    print("wrote %d rows to %s" % (data.count("\n"), OUT))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
