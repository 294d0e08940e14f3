"""Deterministic generator for the blind6 DLP evaluation set.

Written blind: nothing of the detector was read or run. Every labelled value is wrapped in a
marker while a text is assembled; markers are stripped afterwards and spans are computed from
them, so offsets cannot drift. Each record is audited before it is kept (see ``audit_record``).

Usage: ``python build_blind6.py`` writes blind6.jsonl; ``--check`` exits 1 if it is stale.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import random
import re
import string
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "blind6.jsonl"

CATEGORY = {
    "API_KEY": "secret", "CONNECTION_STRING": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "JWT": "secret", "PRIVATE_KEY": "secret",
    "IBAN_CODE": "financial", "CREDIT_CARD": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}

# ---------------------------------------------------------------------------------------------
# markers: labelled values and explicitly exempted public look-alikes
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
XOPEN, XCLOSE = "\ue003", "\ue004"
MARK_RE = re.compile(f"{OPEN}([A-Z_]+){SEP}(.*?){CLOSE}|{XOPEN}(.*?){XCLOSE}", re.S)


def m(value: str, etype: str) -> str:
    assert etype in CATEGORY, etype
    assert value == value.strip() and value, repr(value)
    return f"{OPEN}{etype}{SEP}{value}{CLOSE}"


def X(value: str) -> str:
    """Public look-alike (public figure, brand, word-name used as a word, public place) that the
    completeness audit must not count as a missed label."""
    return f"{XOPEN}{value}{XCLOSE}"


def strip_markers(marked: str) -> tuple[str, list[dict], list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[dict] = []
    exempt: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for mt in MARK_RE.finditer(marked):
        chunk = marked[pos:mt.start()]
        out.append(chunk)
        length += len(chunk)
        if mt.group(1):
            value = mt.group(2)
            spans.append({"start": length, "end": length + len(value), "entity_type": mt.group(1),
                          "category": CATEGORY[mt.group(1)]})
        else:
            value = mt.group(3)
            exempt.append((length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = mt.end()
    out.append(marked[pos:])
    text = "".join(out)
    for ch in (OPEN, SEP, CLOSE, XOPEN, XCLOSE):
        assert ch not in text, "nested or unbalanced marker"
    return text, spans, exempt


# ---------------------------------------------------------------------------------------------
# pools
GIVEN = """James Oliver Harry Jack George Noah Charlie Jacob Thomas Oscar Emily Olivia Amelia Isla Ava
Jessica Poppy Sophie Isabella Charlotte Daniel Samuel Benjamin Joseph Eleanor Hannah Lucy Megan Chloe
Rachel Rebecca Andrew Michael David Peter Stephen Paul Simon Gareth Rhys Siobhan Aoife Niamh Ciaran
Declan Eoin Fiona Moira Callum Hamish Ewan Kirsty Lukas Jonas Leon Felix Maximilian Tobias Florian
Matthias Stefan Jürgen Dieter Wolfgang Sabine Ursula Katrin Anke Birgit Heike Jana Lena Leonie Marie Mia
Emma Franziska Johanna Henrik Malte Ole Sönke Gudrun Hildegard Klaus Uwe Jörg Rüdiger Annika Svenja
Camille Manon Léa Chloé Inès Juliette Élodie Mathilde Margaux Océane Clémence Hugo Louis Gabriel Arthur
Jules Théo Raphaël Mathis Baptiste Antoine Étienne Guillaume Thibault Quentin Benoît Sébastien Aurélien
Gaëlle Solène Maëlle Yannick Loïc Brigitte Sylvie Nathalie Daan Sem Bram Lars Thijs Jesse Ruben Sanne
Fleur Femke Lotte Anouk Maartje Joost Pieter Wouter Eline Ilse Jeroen Giulia Francesca Chiara Alessandro
Matteo Lorenzo Federica Giovanni Sofía Lucía Alejandro Javier Carmen Pilar Diego Mateo Valentina Camila
Santiago Joaquín Ximena Guadalupe Rafael João Thiago Gonçalo Beatriz Chinedu Ngozi Oluwaseun Adaeze
Chiamaka Emeka Kwame Kofi Ama Abena Yaw Thabo Lerato Sipho Nomvula Zanele Tendai Farai Wanjiru Njeri
Kamau Amara Fatoumata Moussa Aminata Ousmane Seydou Tesfaye Abebe Selam Hailu Mohammed Ahmed Youssef
Omar Khaled Fatima Aisha Layla Noura Rania Samir Karim Nadia Yasmin Tariq Hamza Ibrahim Mariam Leila Reza
Dariush Shirin Parisa Mehmet Emre Elif Zeynep Burak Ayşe Cem Aarav Vivaan Priya Ananya Rohan Arjun
Deepika Sanjay Rajesh Sunita Lakshmi Venkatesh Harpreet Gurpreet Simran Imran Ayesha Farhan Nusrat
Tanvir Dilshan Chathura Nirmala Wei Jing Xiaoming Hao Mei Yuki Haruto Sakura Takeshi Aiko Kenji Ji-woo
Min-jun Seo-yeon Hyun Thanh Minh Linh Huong Quang Somchai Siriporn Arief Dewi Putri Rizal Maricel
Katarzyna Agnieszka Piotr Tomasz Krzysztof Ewa Jakub Zofia Dmitri Olena Oksana Taras Bogdan Milena
Jelena Dragan Nikola Ivana Petra Radek Rose Frank Hope Grace Joy Iris Ruby Olive""".split()

SURNAMES = """Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
Roberts Green Jackson Clarke Hughes Edwards Turner Harris Cooper Fisher Baker Young King Bennett
Gallagher O'Brien Murphy Kelly O'Connor Byrne McCarthy MacLeod Campbell Fraser Sinclair Whitfield
Ashworth Pemberton Thornton Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Lange Schmitt Werner Krause Lehmann Seidel Kühn Vogel Brandt Haas Dietrich Engel Kaiser Fuchs Jäger
Sommer Winkler Lorenz Ziegler Böhm Pohl Albrecht Voigt Scholz Bernard Dubois Durand Leroy Moreau
Lefebvre Bertrand Roux Fournier Morel Girard Lefèvre Mercier Dupuis Lambert Bonnet Legrand Garnier
Faure Rousseau Blanc Guérin Roussel Perrin Morin Gauthier Dumont Fontaine Chevalier Masson Boyer
Lemaire Duval Joly Marchand Dufour Blanchard Barbier Arnaud Giraud Leclerc Rivière Caron Picard Jansen
Bakker Visser Smit Meijer Mulder Bos Vos Hendriks Dekker Brouwer Dijkstra Smits Kuipers Verhoeven Postma
Hoekstra Vermeulen Bianchi Esposito Ricci Romano Colombo Conti Greco Gallo Costa Fontana Moretti García
Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Díaz Ruiz Hernández Jiménez Moreno
Álvarez Romero Navarro Torres Domínguez Vargas Castillo Ortega Silva Santos Oliveira Pereira Ferreira
Almeida Carvalho Souza Ribeiro Okafor Adeyemi Okonkwo Eze Nwosu Balogun Mensah Asante Owusu Boateng
Nkosi Dlamini Mokoena Ndlovu Khumalo Mutasa Moyo Kariuki Mwangi Ochieng Diallo Traoré Keita Coulibaly
Diop Ndiaye Sow Bekele Tadesse Haile Haddad Khalil Mansour Nasser Saleh Aziz Hassan Hussein Rahman
Farouk El-Amin Benali Belkacem Bouzid Yılmaz Kaya Demir Şahin Çelik Aydın Öztürk Hosseini Karimi
Rahimi Moradi Patel Sharma Singh Gupta Iyer Nair Reddy Krishnan Chatterjee Banerjee Mukherjee Desai
Joshi Kapoor Malhotra Chowdhury Hossain Perera Fernando Jayasuriya Bandara Siddiqui Qureshi Wang Zhang
Liu Chen Yang Huang Zhao Zhou Tanaka Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi Kim Choi
Nguyen Tran Pham Hoang Phan Dang Santoso Wijaya Lim Ong Goh Reyes Cruz Bautista Villanueva Nowak
Kowalski Wiśniewski Wójcik Kamińska Lewandowski Zieliński Novák Svoboda Dvořák Horvat Kovačić Petrović
Jovanović Ivanova Shevchenko Kovalenko Bondarenko Popescu Ionescu Nagy Szabó Tóth Kovács""".split()
SURNAMES += ["de Vries", "de Jong", "van Leeuwen", "van den Berg", "de Boer", "de Wit"]

# names that are also ordinary words somewhere; audited as capitalised whole tokens like all others,
# any non-person use in a text must be wrapped in X()
WORD_NAMES = ["Rose", "Frank", "Hope", "Grace", "Joy", "Iris", "Ruby", "Olive", "Fisher", "Baker",
              "Young", "King", "Green", "Bauer", "Costa", "Klein", "Lange", "Wolf", "Engel", "Kaiser",
              "Sommer", "Blanc", "Joly", "Bos", "Vos", "Smit", "Brown"]



def _between(pool: list[str], first: str, stop: str | None) -> list[str]:
    return pool[pool.index(first): pool.index(stop) if stop else len(pool)]


# local flavour per language; "world" names appear in every language
NAME_GROUPS = {
    "en": (_between(GIVEN, "James", "Lukas") + WORD_NAMES[:8], _between(SURNAMES, "Smith", "Müller")),
    "de": (_between(GIVEN, "Lukas", "Camille"), _between(SURNAMES, "Müller", "Bernard")),
    "fr": (_between(GIVEN, "Camille", "Daan"), _between(SURNAMES, "Bernard", "Jansen")),
    "nl": (_between(GIVEN, "Daan", "Giulia"), _between(SURNAMES, "Jansen", "Bianchi") + SURNAMES[-6:]),
    "world": (_between(GIVEN, "Giulia", "Rose"), _between(SURNAMES, "Bianchi", "de Vries")),
}

# private-use places: addresses, home towns, birthplaces, CRM city columns (always labelled)
# (city, country, postcode pattern, region)
ADDRESS_CITIES: list[tuple[str, str, str, str]] = [
    ("Gütersloh", "DE", "33330", ""), ("Paderborn", "DE", "33098", ""), ("Detmold", "DE", "32756", ""),
    ("Lemgo", "DE", "32657", ""), ("Bad Salzuflen", "DE", "32105", ""), ("Herford", "DE", "32052", ""),
    ("Lippstadt", "DE", "59555", ""), ("Soest", "DE", "59494", ""), ("Olpe", "DE", "57462", ""),
    ("Wetzlar", "DE", "35578", ""), ("Marburg", "DE", "35037", ""), ("Fulda", "DE", "36037", ""),
    ("Bensheim", "DE", "64625", ""), ("Weinheim", "DE", "69469", ""), ("Schwetzingen", "DE", "68723", ""),
    ("Bruchsal", "DE", "76646", ""), ("Calw", "DE", "75365", ""), ("Nagold", "DE", "72202", ""),
    ("Reutlingen", "DE", "72764", ""), ("Balingen", "DE", "72336", ""), ("Ravensburg", "DE", "88212", ""),
    ("Memmingen", "DE", "87700", ""), ("Kaufbeuren", "DE", "87600", ""), ("Weilheim in Oberbayern", "DE", "82362", ""),
    ("Traunstein", "DE", "83278", ""), ("Deggendorf", "DE", "94469", ""), ("Straubing", "DE", "94315", ""),
    ("Freising", "DE", "85354", ""), ("Eichstätt", "DE", "85072", ""), ("Schwabach", "DE", "91126", ""),
    ("Coburg", "DE", "96450", ""), ("Plauen", "DE", "08523", ""), ("Freiberg", "DE", "09599", ""),
    ("Pirna", "DE", "01796", ""), ("Bautzen", "DE", "02625", ""), ("Eberswalde", "DE", "16225", ""),
    ("Neuruppin", "DE", "16816", ""), ("Wernigerode", "DE", "38855", ""), ("Quedlinburg", "DE", "06484", ""),
    ("Uelzen", "DE", "29525", ""), ("Husum", "DE", "25813", ""), ("Eckernförde", "DE", "24340", ""),
    ("Itzehoe", "DE", "25524", ""), ("Güstrow", "DE", "18273", ""), ("Greifswald", "DE", "17489", ""),
    ("Leoben", "AT", "8700", ""), ("Steyr", "AT", "4400", ""), ("Dornbirn", "AT", "6850", ""),
    ("Feldkirch", "AT", "6800", ""), ("Winterthur", "CH", "8400", ""), ("Aarau", "CH", "5000", ""),
    ("Quimper", "FR", "29000", ""), ("Lorient", "FR", "56100", ""), ("Vannes", "FR", "56000", ""),
    ("Lannion", "FR", "22300", ""), ("Cholet", "FR", "49300", ""), ("Niort", "FR", "79000", ""),
    ("Rochefort", "FR", "17300", ""), ("Angoulême", "FR", "16000", ""), ("Périgueux", "FR", "24000", ""),
    ("Brive-la-Gaillarde", "FR", "19100", ""), ("Aurillac", "FR", "15000", ""), ("Rodez", "FR", "12000", ""),
    ("Castres", "FR", "81100", ""), ("Montauban", "FR", "82000", ""), ("Mont-de-Marsan", "FR", "40000", ""),
    ("Tarbes", "FR", "65000", ""), ("Narbonne", "FR", "11100", ""), ("Béziers", "FR", "34500", ""),
    ("Sète", "FR", "34200", ""), ("Alès", "FR", "30100", ""), ("Carpentras", "FR", "84200", ""),
    ("Chambéry", "FR", "73000", ""), ("Albertville", "FR", "73200", ""), ("Bourg-en-Bresse", "FR", "01000", ""),
    ("Mâcon", "FR", "71000", ""), ("Chalon-sur-Saône", "FR", "71100", ""), ("Auxerre", "FR", "89000", ""),
    ("Chaumont", "FR", "52000", ""), ("Épinal", "FR", "88000", ""), ("Haguenau", "FR", "67500", ""),
    ("Thionville", "FR", "57100", ""), ("Charleville-Mézières", "FR", "08000", ""), ("Soissons", "FR", "02200", ""),
    ("Compiègne", "FR", "60200", ""), ("Abbeville", "FR", "80100", ""), ("Douai", "FR", "59500", ""),
    ("Lisieux", "FR", "14100", ""), ("Saint-Lô", "FR", "50000", ""), ("Alençon", "FR", "61000", ""),
    ("Vierzon", "FR", "18100", ""), ("Nevers", "FR", "58000", ""), ("Roanne", "FR", "42300", ""),
    ("Zwolle", "NL", "8011", ""), ("Deventer", "NL", "7411", ""), ("Zutphen", "NL", "7201", ""),
    ("Doetinchem", "NL", "7001", ""), ("Gorinchem", "NL", "4201", ""), ("Hoorn", "NL", "1621", ""),
    ("Sneek", "NL", "8601", ""), ("Heerenveen", "NL", "8441", ""), ("Meppel", "NL", "7941", ""),
    ("Roermond", "NL", "6041", ""), ("Sittard", "NL", "6131", ""), ("Roosendaal", "NL", "4701", ""),
    ("Vlissingen", "NL", "4381", ""), ("Terneuzen", "NL", "4531", ""),
    ("Kendal", "GB", "LA9", ""), ("Hexham", "GB", "NE46", ""), ("Morpeth", "GB", "NE61", ""),
    ("Skipton", "GB", "BD23", ""), ("Malton", "GB", "YO17", ""), ("Beverley", "GB", "HU17", ""),
    ("Spalding", "GB", "PE11", ""), ("Thetford", "GB", "IP24", ""), ("Maldon", "GB", "CM9", ""),
    ("Tonbridge", "GB", "TN9", ""), ("Folkestone", "GB", "CT20", ""), ("Horsham", "GB", "RH12", ""),
    ("Andover", "GB", "SP10", ""), ("Yeovil", "GB", "BA20", ""), ("Bridgwater", "GB", "TA6", ""),
    ("Barnstaple", "GB", "EX31", ""), ("Bodmin", "GB", "PL31", ""), ("Cirencester", "GB", "GL7", ""),
    ("Ludlow", "GB", "SY8", ""), ("Oswestry", "GB", "SY11", ""), ("Carmarthen", "GB", "SA31", ""),
    ("Dumfries", "GB", "DG1", ""), ("Elgin", "GB", "IV30", ""), ("Omagh", "GB", "BT78", ""),
    ("Ennis", "IE", "V95", "Co. Clare"), ("Tralee", "IE", "V92", "Co. Kerry"), ("Mullingar", "IE", "N91", "Co. Westmeath"),
    ("Tullamore", "IE", "R35", "Co. Offaly"), ("Letterkenny", "IE", "F92", "Co. Donegal"), ("Clonmel", "IE", "E91", "Co. Tipperary"),
    ("Bozeman", "US", "59715", "MT"), ("Missoula", "US", "59801", "MT"), ("Flagstaff", "US", "86001", "AZ"),
    ("Asheville", "US", "28801", "NC"), ("Ithaca", "US", "14850", "NY"), ("Duluth", "US", "55802", "MN"),
    ("Fargo", "US", "58102", "ND"), ("Eau Claire", "US", "54701", "WI"), ("Chattanooga", "US", "37402", "TN"),
    ("Roanoke", "US", "24011", "VA"), ("Kamloops", "CA", "V2C", "BC"), ("Nanaimo", "CA", "V9R", "BC"),
    ("Lethbridge", "CA", "T1J", "AB"), ("Moose Jaw", "CA", "S6H", "SK"), ("Rimouski", "CA", "G5L", "QC"),
    ("Moncton", "CA", "E1C", "NB"), ("Ballarat", "AU", "3350", "VIC"), ("Bendigo", "AU", "3550", "VIC"),
    ("Toowoomba", "AU", "4350", "QLD"), ("Wagga Wagga", "AU", "2650", "NSW"), ("Dubbo", "AU", "2830", "NSW"),
    ("Mildura", "AU", "3500", "VIC"), ("Geraldton", "AU", "6530", "WA"), ("Launceston", "AU", "7250", "TAS"),
]
CITIES_BY_COUNTRY: dict[str, list[tuple[str, str, str, str]]] = {}
for _c in ADDRESS_CITIES:
    CITIES_BY_COUNTRY.setdefault(_c[1], []).append(_c)

# public places: news, weather, travel, offices, venues (never labelled, never in ADDRESS_CITIES)
PUBLIC_PLACES = """Berlin Munich Hamburg Frankfurt Cologne Stuttgart Düsseldorf Leipzig Dresden Hanover
Nuremberg Bremen Paris Lyon Marseille Toulouse Bordeaux Nice Lille Strasbourg Nantes Montpellier Rennes
London Manchester Birmingham Leeds Edinburgh Glasgow Cardiff Belfast Dublin Cork Galway Amsterdam
Rotterdam Utrecht Eindhoven Brussels Antwerp Ghent Vienna Salzburg Graz Zurich Geneva Basel Madrid
Barcelona Valencia Lisbon Porto Rome Milan Turin Naples Copenhagen Stockholm Oslo Helsinki Warsaw Prague
Budapest Athens Chicago Seattle Austin Toronto Montreal Vancouver Sydney Melbourne Brisbane Singapore
Tokyo Seoul Dubai Nairobi Lagos Johannesburg Mumbai Bangalore""".split()

STREETS = {
    "DE": ["Lindenstraße", "Bahnhofstraße", "Am Mühlbach", "Kirchgasse", "Gartenweg", "Schillerstraße",
           "Eichendorffweg", "Hauptstraße", "Birkenallee", "Auf der Heide", "Wiesenstraße", "Rosenweg",
           "Am Sonnenhang", "Tannenstraße", "Marktplatz", "Kastanienallee", "Zum Steinbruch", "Feldstraße"],
    "AT": ["Grazer Straße", "Kirchengasse", "Dorfstraße", "Lerchenweg"],
    "CH": ["Bahnhofstrasse", "Rosenbergstrasse", "Obere Gasse", "Seefeldweg"],
    "FR": ["rue des Tanneurs", "avenue de la Libération", "rue du Moulin", "impasse des Lilas",
           "boulevard Gambetta", "chemin de la Croix", "rue Pasteur", "allée des Peupliers",
           "place du Marché", "rue de la République", "route de Bordeaux", "rue des Écoles"],
    "NL": ["Kerkstraat", "Molenweg", "Dorpsstraat", "Schoolstraat", "Beukenlaan", "Nieuwe Gracht",
           "Julianastraat", "Esdoornhof"],
    "GB": ["Station Road", "Mill Lane", "Church Street", "Victoria Terrace", "Orchard Close",
           "Highfield Avenue", "The Crescent", "Meadow View"],
    "IE": ["Main Street", "Abbey Road", "Church View", "Marian Terrace"],
    "US": ["Maple Ave", "Oak Street", "Ridgeview Dr", "N 3rd St", "Hillcrest Rd", "Lakeshore Blvd"],
    "CA": ["Pine St", "Rue Saint-Germain", "Birch Cres", "Columbia Ave"],
    "AU": ["Wattle St", "Banksia Cres", "Mitchell Rd", "Lyons Pde"],
}

DOMAINS_PERSONAL = ["gmail.com", "outlook.com", "web.de", "gmx.de", "t-online.de", "orange.fr", "free.fr",
                    "laposte.net", "ziggo.nl", "kpnmail.nl", "hotmail.co.uk", "icloud.com", "yahoo.fr",
                    "posteo.de", "proton.me"]
DOMAINS_WORK = ["kessler-mb.de", "atelier-morvan.fr", "northgate-analytics.co.uk", "brightwell-labs.com",
                "hansen-logistik.de", "veldkamp-bouw.nl", "groupe-lavaud.fr", "quillon.io",
                "stadtwerke-hohenau.de", "marlowe-partners.com", "fintrail.eu", "soluvia.fr"]

# ---------------------------------------------------------------------------------------------
# checksum helpers


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


def luhn_complete(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def iban_make(country: str, bban: str) -> str:
    r = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in r)) % 97
    return f"{country}{check:02d}{bban}"


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(raw: bytes) -> str:
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def btc_legacy(payload20: bytes, version: int = 0) -> str:
    body = bytes([version]) + payload20
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


def btc_bech32(payload20: bytes) -> str:
    acc, bits, data = 0, 0, [0]
    for b in payload20:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    poly = _bech32_polymod(_hrp_expand("bc") + data + [0] * 6) ^ 1
    chk = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(BECH32[d] for d in data + chk)


_KECCAK_RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
_KECCAK_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
               [27, 20, 39, 8, 14]]


def keccak256(data: bytes) -> bytes:
    mask = (1 << 64) - 1
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    st = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            st[i % 5][i // 5] ^= int.from_bytes(msg[off + 8 * i: off + 8 * i + 8], "little")
        for rc in _KECCAK_RC:
            c = [st[x][0] ^ st[x][1] ^ st[x][2] ^ st[x][3] ^ st[x][4] for x in range(5)]
            d = [c[(x - 1) % 5] ^ (((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63)) & mask) for x in range(5)]
            st = [[st[x][y] ^ d[x] for y in range(5)] for x in range(5)]
            b = [[0] * 5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    r = _KECCAK_ROT[x][y]
                    v = st[x][y]
                    b[y][(2 * x + 3 * y) % 5] = ((v << r) | (v >> (64 - r))) & mask if r else v
            st = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
            st[0][0] ^= rc
    out = b""
    for i in range(4):
        out += st[i % 5][i // 5].to_bytes(8, "little")
    return out


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def eth_checksum(addr_hex40: str) -> str:
    h = keccak256(addr_hex40.lower().encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c
                          for i, c in enumerate(addr_hex40.lower()))


def bsn_ok(s: str) -> bool:
    d = [int(c) for c in s]
    return len(d) == 9 and (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0


def tfn_ok(s: str) -> bool:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    return len(s) == 9 and sum(int(c) * x for c, x in zip(s, w)) % 11 == 0


def steuer_id_check(first10: str) -> int:
    product = 10
    for ch in first10:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return 0 if c == 10 else c


def sv_nr_check(first11: str) -> int:
    """German Rentenversicherungsnummer: letter becomes its two-digit alphabet position."""
    letter = first11[8]
    digits = first11[:8] + f"{ord(letter) - 64:02d}" + first11[9:11]
    weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]
    return sum(sum(int(x) for x in str(int(dg) * w)) for dg, w in zip(digits, weights)) % 10


def nir_key(first13: str) -> int:
    n = int(first13.replace("2A", "19").replace("2B", "18"))
    return 97 - n % 97


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"

CF_ODD = {**dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21])),
          **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))}


def cf_check(first15: str) -> str:
    total = 0
    for i, ch in enumerate(first15):
        if i % 2 == 0:
            total += CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26)


assert cf_check("RSSMRA85T10A562") == "S"


def aba_ok(s: str) -> bool:
    w = [3, 7, 1] * 3
    return len(s) == 9 and sum(int(c) * x for c, x in zip(s, w)) % 10 == 0


def rib_key(bank: str, branch: str, account: str) -> int:
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97


def sin_ok(s: str) -> bool:
    return len(s) == 9 and luhn_ok(s)


def icao_check(s: str) -> int:
    vals = {**{str(i): i for i in range(10)}, **{c: i + 10 for i, c in enumerate(string.ascii_uppercase)}, "<": 0}
    return sum(vals[c] * [7, 3, 1][i % 3] for i, c in enumerate(s)) % 10


def github_token(rng: random.Random, prefix: str = "ghp_") -> str:
    alnum = string.ascii_letters + string.digits
    body = "".join(rng.choice(alnum) for _ in range(30))
    crc = __import__("zlib").crc32(body.encode())
    b62 = ""
    digits62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
    while crc:
        crc, r = divmod(crc, 62)
        b62 = digits62[r] + b62
    return prefix + body + b62.rjust(6, "0")


# ---------------------------------------------------------------------------------------------
# value generators
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
}


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ß", "ss").replace("ı", "i").replace("ł", "l"))
    return "".join(c for c in s if c.isascii() and (c.isalnum() or c in ".-_"))


@dataclass
class Person:
    given: str
    surname: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"

    @property
    def last_first(self) -> str:
        return f"{self.surname}, {self.given}"


class Gen:
    """All random values for one text come from one seeded Random."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.r = rng
        self.lang = lang
        self.used: set[str] = set()

    def hm(self, twelve: bool = False) -> str:
        """Clock that only moves forward within one text, so chat exports stay in order."""
        if not hasattr(self, "_minute"):
            self._minute = self.r.randint(7 * 60, 17 * 60)
        self._minute += self.r.randint(1, 23)
        h, mm = divmod(self._minute % (24 * 60), 60)
        if twelve:
            return f"{(h - 1) % 12 + 1}:{mm:02d} {'AM' if h < 12 else 'PM'}"
        return f"{h:02d}:{mm:02d}" if self.lang != "en" else f"{h}:{mm:02d}"

    def choice(self, seq):  # type: ignore[no-untyped-def]
        return self.r.choice(seq)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def alnum(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hexs(self, n: int) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    # people ------------------------------------------------------------------------------------
    def person(self, flavour: str | None = None) -> Person:
        for _ in range(100):
            fl = flavour or (self.lang if self.r.random() < 0.6 else "world")
            g, s = NAME_GROUPS.get(fl, NAME_GROUPS["world"])
            p = Person(self.r.choice(g), self.r.choice(s))
            if p.given not in self.used and p.surname not in self.used:
                self.used.update((p.given, p.surname))
                return p
        raise AssertionError("name pool exhausted")

    def email(self, p: Person, work: bool | None = None) -> str:
        g, s = ascii_fold(p.given).lower(), ascii_fold(p.surname.replace(" ", "")).lower().replace("'", "")
        dom = self.r.choice(DOMAINS_WORK if (work if work is not None else self.r.random() < 0.5) else DOMAINS_PERSONAL)
        local = self.r.choice([f"{g}.{s}", f"{g[0]}.{s}", f"{g}{s[:1]}", f"{s}.{g}", f"{g}_{s}{self.r.randint(1, 99)}", f"{g[0]}{s}"])
        return f"{local}@{dom}"

    def phone(self, country: str | None = None) -> str:
        c = country or {"en": self.r.choice(["GB", "US", "IE"]), "de": "DE", "fr": "FR", "nl": "NL"}[self.lang]
        d = self.digits
        if c == "DE":
            return self.r.choice([f"+49 15{self.r.randint(1, 9)} {d(8)}", f"0171 {d(7)}", f"+49 (0)30 {d(8)}",
                                  f"0{self.r.choice(['521', '89', '711', '221', '6151'])}/{d(6)}", f"+4917{self.r.randint(0, 9)}{d(7)}",
                                  f"0160-{d(7)}"])
        if c == "FR":
            p = f"{self.r.choice('67')}"
            pairs = " ".join(d(2) for _ in range(4))
            return self.r.choice([f"+33 {p} {pairs}", f"0{p} {pairs}", f"0{p}.{pairs.replace(' ', '.')}", f"+33 (0){p} {pairs}",
                                  f"0{self.r.choice('12345')} {pairs}"])
        if c == "NL":
            return self.r.choice([f"+31 6 {d(8)}", f"06-{d(8)}", f"+31 (0)38 {d(3)} {d(4)}", f"06 {d(2)} {d(2)} {d(2)} {d(2)}"])
        if c == "GB":
            return self.r.choice([f"+44 7{self.r.choice('3456789')}{d(2)} {d(6)}", f"07{self.r.choice('3456789')}{d(2)} {d(3)} {d(3)}",
                                  f"+44 (0)1{d(3)} {d(6)}", f"01{d(3)} {d(6)}"])
        if c == "IE":
            return self.r.choice([f"+353 8{self.r.choice('3567')} {d(3)} {d(4)}", f"08{self.r.choice('3567')} {d(3)} {d(4)}"])
        if c in ("US", "CA"):
            a = f"{self.r.randint(2, 9)}{d(2)}"
            x = f"{self.r.randint(2, 9)}{d(2)}"
            if x == "555":
                x = "556"
            return self.r.choice([f"({a}) {x}-{d(4)}", f"+1 {a} {x} {d(4)}", f"{a}-{x}-{d(4)}", f"+1 ({a}) {x}-{d(4)}"])
        if c == "AU":
            return self.r.choice([f"+61 4{d(2)} {d(3)} {d(3)}", f"04{d(2)} {d(3)} {d(3)}"])
        if c == "AT":
            return f"+43 664 {d(7)}"
        if c == "CH":
            return f"+41 79 {d(3)} {d(2)} {d(2)}"
        raise AssertionError(c)

    def dob(self, lang: str | None = None, style: int | None = None) -> str:
        lang = lang or self.lang
        y, mo, dd = self.r.randint(1953, 2003), self.r.randint(1, 12), self.r.randint(1, 28)
        st = style if style is not None else self.r.randint(0, 3)
        if st == 0:
            return {"en": f"{dd:02d}/{mo:02d}/{y}", "de": f"{dd:02d}.{mo:02d}.{y}", "fr": f"{dd:02d}/{mo:02d}/{y}",
                    "nl": f"{dd:02d}-{mo:02d}-{y}"}[lang]
        if st == 1:
            return f"{y}-{mo:02d}-{dd:02d}"
        if st == 2:
            mn = MONTHS[lang][mo - 1]
            return {"en": f"{mn} {dd}, {y}", "de": f"{dd}. {mn} {y}", "fr": f"{dd} {mn} {y}", "nl": f"{dd} {mn} {y}"}[lang]
        return {"en": f"{dd} {MONTHS['en'][mo - 1][:3]} {y}", "de": f"{dd}.{mo}.{y}", "fr": f"{dd:02d}.{mo:02d}.{y}",
                "nl": f"{dd:02d}/{mo:02d}/{y}"}[lang]

    # places ------------------------------------------------------------------------------------
    def city(self, country: str | None = None) -> tuple[str, str, str, str]:
        if country is None:
            return self.r.choice(ADDRESS_CITIES)
        return self.r.choice(CITIES_BY_COUNTRY[country])

    def postcode(self, c: tuple[str, str, str, str]) -> str:
        name, cc, base, _ = c
        if cc in ("DE", "FR"):
            return base[:-2] + f"{self.r.randint(0, 99):02d}" if cc == "DE" else base
        if cc == "NL":
            return f"{int(base) + self.r.randint(0, 8)} {self.r.choice('ABCDEGHJKLMNPRSTVWXZ')}{self.r.choice('ABCDEGHJKLMNPRSTVWXZ')}"
        if cc == "GB":
            return f"{base} {self.r.randint(1, 9)}{self.r.choice('ABDEFGHJLNPQRSTUWXYZ')}{self.r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        if cc == "IE":
            return f"{base} {self.alnum(4, 'ACDEFHKNPRTVWXY0123456789')}"
        if cc == "CA":
            return f"{base} {self.r.randint(1, 9)}{self.r.choice('ABCEGHJKLMNPRSTVWXYZ')}{self.r.randint(1, 9)}"
        return base

    def address(self, country: str | None = None, multiline: bool | None = None, with_country: bool = False) -> tuple[str, str]:
        """Returns (address, city name)."""
        c = self.city(country)
        name, cc, _, region = c
        street = self.r.choice(STREETS[cc])
        no = str(self.r.randint(1, 148)) + (self.r.choice(["", "", "", "a", "b"]) if cc in ("DE", "NL", "FR") else "")
        pc = self.postcode(c)
        ml = self.r.random() < 0.5 if multiline is None else multiline
        sep = "\n" if ml else ", "
        if cc in ("DE", "AT", "CH", "NL"):
            lines = [f"{street} {no}", f"{pc} {name}" if cc != "NL" else f"{pc}  {name}" if self.r.random() < 0.2 else f"{pc} {name}"]
        elif cc == "FR":
            lines = [f"{no} {street}", f"{pc} {name.upper() if self.r.random() < 0.3 else name}"]
        elif cc == "GB":
            lines = [f"{no} {street}", name, pc]
        elif cc == "IE":
            lines = [f"{no} {street}", f"{name}, {region}", pc]
        elif cc == "US":
            lines = [f"{no} {street}", f"{name}, {region} {pc}"]
        elif cc == "CA":
            lines = [f"{no} {street}", f"{name}, {region} {pc}"]
        else:
            lines = [f"{no} {street}", f"{name} {region} {pc}"]
        if with_country:
            lines.append({"DE": "Germany", "AT": "Austria", "CH": "Switzerland", "FR": "France", "NL": "Netherlands",
                          "GB": "United Kingdom", "IE": "Ireland", "US": "USA", "CA": "Canada", "AU": "Australia"}[cc]
                         if self.lang == "en" else {"DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "FR": "France",
                                                    "NL": "Nederland", "GB": "UK", "IE": "Irland", "US": "USA",
                                                    "CA": "Canada", "AU": "Australie"}[cc])
        return sep.join(lines), name

    # financial ---------------------------------------------------------------------------------
    def card(self, brand: str | None = None, sep: str | None = None) -> str:
        b = brand or self.r.choice(["visa", "visa", "mc", "mc2", "amex", "disc", "jcb", "cb"])
        if b == "visa" or b == "cb":
            num = luhn_complete("4" + self.digits(14))
        elif b == "mc":
            num = luhn_complete(f"5{self.r.randint(1, 5)}" + self.digits(13))
        elif b == "mc2":
            num = luhn_complete(f"{self.r.randint(2221, 2720)}" + self.digits(11))
        elif b == "amex":
            num = luhn_complete(self.r.choice(["34", "37"]) + self.digits(12))
        elif b == "disc":
            num = luhn_complete("6011" + self.digits(11))
        else:
            num = luhn_complete(f"35{self.r.randint(28, 89)}" + self.digits(11))
        if num in TEST_CARDS:
            return self.card(brand, sep)
        s = sep if sep is not None else self.r.choice([" ", "-", "", " "])
        if len(num) == 15:
            return f"{num[:4]}{s}{num[4:10]}{s}{num[10:]}"
        return s.join(num[i:i + 4] for i in range(0, 16, 4))

    def iban(self, country: str, spaced: bool | None = None) -> str:
        d = self.digits
        bban = {"DE": lambda: d(18), "AT": lambda: d(16), "NL": lambda: self.r.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO"]) + d(10),
                "FR": lambda: self._fr_bban(), "BE": lambda: self._be_bban(), "GB": lambda: self.r.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + d(14),
                "ES": lambda: d(20), "IT": lambda: self.r.choice(string.ascii_uppercase) + d(10) + d(12),
                "CH": lambda: d(17), "LU": lambda: d(3) + d(13), "IE": lambda: self.r.choice(["AIBK", "BOFI"]) + d(14)}[country]()
        iban = iban_make(country, bban)
        assert iban_ok(iban)
        sp = self.r.random() < 0.5 if spaced is None else spaced
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if sp else iban

    def _fr_bban(self) -> str:
        bank, branch, acct = self.digits(5), self.digits(5), self.digits(11)
        return f"{bank}{branch}{acct}{rib_key(bank, branch, acct):02d}"

    def _be_bban(self) -> str:
        n = int(self.digits(10))
        return f"{n:010d}{(n % 97) or 97:02d}"

    def rib(self) -> tuple[str, str, str, str]:
        bank, branch, acct = self.digits(5), self.digits(5), self.digits(11)
        return bank, branch, acct, f"{rib_key(bank, branch, acct):02d}"

    def aba(self) -> str:
        while True:
            s = f"{self.r.choice(['0', '1', '2', '3'])}{self.digits(7)}"
            for c in "0123456789":
                if aba_ok(s + c):
                    return s + c

    def btc(self) -> str:
        raw = bytes(self.r.randrange(256) for _ in range(20))
        return self.r.choice([btc_legacy(raw, 0), btc_legacy(raw, 5), btc_bech32(raw)])

    def eth(self) -> str:
        return eth_checksum(self.hexs(40))

    # government ids ----------------------------------------------------------------------------
    def ssn(self) -> str:
        while True:
            a = self.r.randint(1, 899)
            if a == 666:
                continue
            s = f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
            if s != "123-45-6789" and not s.startswith("078-05-1120"):
                return s

    def nino(self) -> str:
        first = "ABCEGHJKLMNOPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            p = self.r.choice(first) + self.r.choice(second)
            if p not in ("GB", "NK", "TN", "ZZ", "BG", "KN"):
                break
        n = self.digits(6)
        suf = self.r.choice("ABCD")
        return self.r.choice([f"{p}{n}{suf}", f"{p} {n[:2]} {n[2:4]} {n[4:]} {suf}"])

    def sin(self) -> str:
        s = luhn_complete(self.r.choice("1234567") + self.digits(7))
        return self.r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}", s])

    def tfn(self) -> str:
        while True:
            s = self.digits(9)
            if tfn_ok(s) and s[0] != "0":
                return self.r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s])

    def bsn(self) -> str:
        while True:
            s = self.r.choice("123456789") + self.digits(8)
            if bsn_ok(s):
                return s if self.r.random() < 0.7 else f"{s[:4]}.{s[4:6]}.{s[6:]}"

    def steuer_id(self) -> str:
        while True:
            first = self.r.choice("123456789") + self.digits(9)
            counts = sorted((first.count(c) for c in set(first)), reverse=True)
            if counts[0] in (2, 3) and counts.count(counts[0]) == 1 and all(x == 1 for x in counts[1:]):
                s = first + str(steuer_id_check(first))
                return self.r.choice([s, f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"])

    def sv_nr(self, dob_ddmmyy: str | None = None, initial: str | None = None) -> str:
        area = self.r.choice(["12", "13", "15", "17", "18", "23", "24", "25", "28", "29", "38", "39", "40", "42", "53", "65"])
        dd = dob_ddmmyy or f"{self.r.randint(1, 28):02d}{self.r.randint(1, 12):02d}{self.r.randint(55, 99)}"
        letter = (initial or self.r.choice("ABDEFGHKLMNPRSTWZ")).upper()
        serial = f"{self.r.randint(0, 49):02d}"
        first = area + dd + letter + serial
        s = first + str(sv_nr_check(first))
        return self.r.choice([s, f"{s[:2]} {s[2:8]} {s[8]} {s[9:11]} {s[11]}"])

    def nir(self, female: bool | None = None) -> str:
        sex = "2" if (female if female is not None else self.r.random() < 0.5) else "1"
        yy = f"{self.r.randint(55, 99):02d}"
        mm = f"{self.r.randint(1, 12):02d}"
        dept = self.r.choice(["29", "56", "22", "49", "79", "17", "16", "24", "19", "15", "12", "81", "75", "69", "13", "59"])
        commune, order = f"{self.r.randint(1, 350):03d}", f"{self.r.randint(1, 999):03d}"
        first = sex + yy + mm + dept + commune + order
        key = nir_key(first)
        return self.r.choice([f"{first}{key:02d}", f"{sex} {yy} {mm} {dept} {commune} {order} {key:02d}"])

    def dni(self) -> str:
        n = self.r.randint(10000000, 99999999)
        return f"{n}{DNI_LETTERS[n % 23]}"

    def nie(self) -> str:
        p = self.r.choice("XYZ")
        n = self.digits(7)
        return f"{p}{n}{DNI_LETTERS[int(str('XYZ'.index(p)) + n) % 23]}"

    def codice_fiscale(self) -> str:
        cons = "BCDFGLMNPRSTVZ"
        first = (self.alnum(3, cons) + self.alnum(3, cons) + f"{self.r.randint(50, 99)}" + self.r.choice("ABCDEHLMPRST")
                 + f"{self.r.randint(1, 71):02d}" + self.r.choice("ABCDEFGHL") + f"{self.r.randint(100, 999)}")
        return first + cf_check(first)

    def passport(self, kind: str) -> str:
        if kind == "DE":
            return self.r.choice("CFGHJK") + self.alnum(8, "CFGHJKLMNPRTVWXYZ0123456789")
        if kind == "FR":
            return f"{self.digits(2)}{self.alnum(2, string.ascii_uppercase)}{self.digits(5)}"
        if kind == "GB":
            return self.digits(9)
        if kind == "US":
            return self.r.choice(["A", "B", "C"]) + self.digits(8)
        if kind == "NL":
            return self.alnum(2, "BCDFGHJKLMNPRSTVWXYZ") + self.alnum(6, "BCDFGHJKLMNPRSTVWXYZ0123456789") + self.digits(1)
        raise AssertionError(kind)

    def ausweis(self) -> str:
        body = self.r.choice("LMNPRTVWXY") + self.alnum(8, "CFGHJKLMNPRTVWXYZ0123456789")
        return body + str(icao_check(body))

    # network -----------------------------------------------------------------------------------
    def ipv4(self) -> str:
        while True:
            ip = ipaddress.IPv4Address(self.r.randrange(1 << 24, 224 << 24))
            if ip.is_global and not str(ip).startswith(("100.", "198.18", "198.19")):
                return str(ip)

    def ipv6(self) -> str:
        first = self.r.choice(["2a02", "2a01", "2001:41d0", "2a00", "2600", "2603", "2405", "2a03"])
        parts = first.split(":") + [self.hexs(self.r.randint(1, 4)).lstrip("0") or "0" for _ in range(8 - len(first.split(":")))]
        ip = ipaddress.IPv6Address(":".join(parts))
        assert ip.is_global
        return str(ip)

    def private_ip(self) -> str:
        return self.r.choice([f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              "127.0.0.1", "169.254.169.254", f"100.{self.r.randint(64, 127)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              f"192.0.2.{self.r.randint(1, 254)}", f"198.51.100.{self.r.randint(1, 254)}",
                              f"203.0.113.{self.r.randint(1, 254)}", "0.0.0.0", f"239.255.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])

    def mac(self) -> str:
        b = [self.r.randrange(256) for _ in range(6)]
        b[0] &= 0xFC
        sep = self.r.choice([":", "-", ":"])
        s = sep.join(f"{x:02x}" for x in b)
        return s.upper() if self.r.random() < 0.4 else s

    # secrets -----------------------------------------------------------------------------------
    def aws_key_id(self) -> str:
        return "AKIA" + self.alnum(16, string.ascii_uppercase + "234567")

    def aws_secret(self) -> str:
        return self.alnum(40, string.ascii_letters + string.digits + "+/")

    def api_key(self, vendor: str | None = None) -> str:
        v = vendor or self.r.choice(["gh", "stripe", "openai", "google", "sendgrid", "slack", "gitlab", "npm",
                                     "twilio", "anthropic", "hf", "mailgun", "datadog"])
        a = self.alnum
        if v == "gh":
            return github_token(self.r, self.r.choice(["ghp_", "gho_", "ghs_"]))
        if v == "stripe":
            return self.r.choice(["sk_live_", "rk_live_"]) + a(self.r.choice([24, 34, 99]))
        if v == "openai":
            return "sk-proj-" + a(48, string.ascii_letters + string.digits + "-_") + "T3BlbkFJ" + a(24)
        if v == "google":
            return "AIza" + a(35, string.ascii_letters + string.digits + "-_")
        if v == "sendgrid":
            return f"SG.{a(22, string.ascii_letters + string.digits + '-_')}.{a(43, string.ascii_letters + string.digits + '-_')}"
        if v == "slack":
            return f"xoxb-{self.digits(12)}-{self.digits(13)}-{a(24)}"
        if v == "gitlab":
            return "glpat-" + a(20, string.ascii_letters + string.digits + "-_")
        if v == "npm":
            return "npm_" + a(36)
        if v == "twilio":
            return "SK" + self.hexs(32)
        if v == "anthropic":
            return "sk-ant-api03-" + a(93, string.ascii_letters + string.digits + "-_") + "AA"
        if v == "hf":
            return "hf_" + a(34)
        if v == "mailgun":
            return "key-" + self.hexs(32)
        if v == "datadog":
            return self.hexs(32)
        raise AssertionError(v)

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.alnum(8, string.ascii_uppercase + string.digits)}/B{self.alnum(10, string.ascii_uppercase + string.digits)}/{self.alnum(24)}"

    def discord_webhook(self) -> str:
        return f"https://discord.com/api/webhooks/{self.r.randint(10**17, 10**18)}/{self.alnum(68, string.ascii_letters + string.digits + '-_')}"

    def password(self) -> str:
        return self.r.choice([
            lambda: self.r.choice(["Sommer", "Winter", "Herbst", "Bretagne", "Tigers", "Blue", "Soleil", "Kaffee", "Oranje", "Hamster"]) + str(self.r.randint(2015, 2026)) + self.r.choice("!#$?"),
            lambda: self.alnum(14, string.ascii_letters + string.digits + "!#%&*+-=?@^_"),
            lambda: self.alnum(4, string.ascii_lowercase) + self.r.choice(["_", "."]) + self.alnum(4, string.ascii_uppercase) + self.digits(3) + "!",
            lambda: "-".join(self.r.choice(["correct", "falcon", "river", "maple", "quartz", "copper", "lantern", "meadow", "violet", "harbour"]) for _ in range(3)) + self.digits(2),
            lambda: self.alnum(20, string.ascii_letters + string.digits),
        ])()

    def secret(self) -> str:
        return self.r.choice([
            lambda: self.hexs(64), lambda: self.hexs(32),
            lambda: base64.b64encode(bytes(self.r.randrange(256) for _ in range(32))).decode(),
            lambda: self.alnum(50, string.ascii_letters + string.digits + "!@#%^&*(-_=+)"),
            lambda: "whsec_" + self.alnum(32), lambda: "s%3A" + self.alnum(32) + "." + self.alnum(43),
        ])()

    def jwt(self, sub: str | None = None) -> str:
        def b64(x: bytes) -> str:
            return base64.urlsafe_b64encode(x).decode().rstrip("=")
        hdr = {"alg": self.r.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
        iat = self.r.randint(1_700_000_000, 1_790_000_000)
        payload = {"sub": sub or str(self.r.randint(10000, 999999)), "iat": iat, "exp": iat + self.r.choice([900, 3600, 86400]),
                   "scope": self.r.choice(["read write", "admin", "openid profile", "api"])}
        sig = bytes(self.r.randrange(256) for _ in range(32 if hdr["alg"] == "HS256" else 64))
        return f"{b64(json.dumps(hdr, separators=(',', ':')).encode())}.{b64(json.dumps(payload, separators=(',', ':')).encode())}.{b64(sig)}"

    def private_key(self, kind: str | None = None) -> str:
        k = kind or self.r.choice(["RSA", "OPENSSH", "EC", "PKCS8", "PGP"])
        raw = bytes(self.r.randrange(256) for _ in range(self.r.choice([180, 240, 300])))
        if k == "OPENSSH":
            raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + raw
        body = base64.b64encode(raw).decode()
        width = 70 if k == "OPENSSH" else 64
        lines = [body[i:i + width] for i in range(0, len(body), width)]
        label = {"RSA": "RSA PRIVATE KEY", "OPENSSH": "OPENSSH PRIVATE KEY", "EC": "EC PRIVATE KEY",
                 "PKCS8": "PRIVATE KEY", "PGP": "PGP PRIVATE KEY BLOCK"}[k]
        if k == "PGP":
            lines = ["", *lines, "=" + self.alnum(4)]
        return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])

    def conn_string(self, user: str | None = None) -> str:
        u = user or self.r.choice(["app", "svc_billing", "etl_user", "admin", "reporting", "crm_rw"])
        pw = self.password().replace("@", "").replace("/", "").replace(":", "").replace("#", "").replace("?", "")
        host = self.r.choice(["db-prod-01.internal.kessler-mb.de", "pg.fintrail.eu", "mysql-eu.quillon.io", "10.20.4.17",
                              "prod-cluster.c9akciq32.eu-central-1.rds.amazonaws.com", "mongo0.brightwell-labs.com", "redis.soluvia.fr"])
        db = self.r.choice(["orders", "crm", "billing", "hr_core", "analytics"])
        return self.r.choice([
            f"postgresql://{u}:{pw}@{host}:5432/{db}",
            f"mysql://{u}:{pw}@{host}:3306/{db}",
            f"mongodb+srv://{u}:{pw}@{host}/{db}?retryWrites=true&w=majority",
            f"redis://:{pw}@{host}:6379/0",
            f"Server={host};Database={db};User Id={u};Password={pw};Encrypt=True;",
            f"jdbc:postgresql://{host}:5432/{db}?user={u}&password={pw}",
            f"amqp://{u}:{pw}@{host}:5672/%2F",
        ])

    def mrn(self) -> str:
        return self.r.choice([f"MRN-{self.digits(7)}", f"{self.digits(8)}", f"PAT{self.digits(6)}", f"KH-{self.digits(2)}-{self.digits(6)}",
                              f"IPP {self.digits(9)}", f"NHS-{self.digits(3)} {self.digits(3)} {self.digits(4)}"])


TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4000056655665556",
              "5105105105105100", "6011111111111117", "4012888888881881", "371449635398431", "3530111333300000"}
TEST_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300"}

CONDITIONS = {
    "en": ["type 2 diabetes", "major depressive disorder", "epilepsy", "Crohn's disease", "asthma", "generalised anxiety disorder",
           "multiple sclerosis", "hypertension", "HIV", "bipolar disorder", "rheumatoid arthritis", "coeliac disease",
           "chronic migraine", "hypothyroidism", "atrial fibrillation", "long COVID", "ADHD", "breast cancer"],
    "de": ["Diabetes mellitus Typ 2", "depressive Episode", "Epilepsie", "Morbus Crohn", "Asthma bronchiale", "Angststörung",
           "Multiple Sklerose", "arterielle Hypertonie", "Bandscheibenvorfall", "Burn-out-Syndrom", "rheumatoide Arthritis",
           "Hashimoto-Thyreoiditis", "Vorhofflimmern", "Zöliakie", "Migräne"],
    "fr": ["diabète de type 2", "dépression sévère", "épilepsie", "maladie de Crohn", "asthme", "trouble anxieux généralisé",
           "sclérose en plaques", "hypertension artérielle", "lombalgie chronique", "syndrome d'épuisement professionnel",
           "polyarthrite rhumatoïde", "hypothyroïdie", "fibrillation auriculaire", "migraine chronique"],
    "nl": ["diabetes type 2", "depressie", "epilepsie", "ziekte van Crohn", "astma", "burn-out", "hernia", "hoge bloeddruk"],
}
MEDICATIONS = ["metformin", "sertraline", "levetiracetam", "adalimumab", "salbutamol", "escitalopram", "ocrelizumab",
               "ramipril", "lithium", "methotrexate", "sumatriptan", "levothyroxine", "apixaban", "methylphenidate",
               "tamoxifen", "insulin glargine", "bisoprolol", "pregabalin", "Ibuprofen", "Metamizol", "Pantoprazol",
               "Doliprane", "Lévothyrox", "Xarelto", "Humira", "Venlafaxin", "quetiapine", "Ritalin"]

# ---------------------------------------------------------------------------------------------
# audit
PER, LOC, EM, PH, DOB = "PERSON", "LOCATION", "EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH"
IBAN, CC, BA, CRY, NID = "IBAN_CODE", "CREDIT_CARD", "BANK_ACCOUNT", "CRYPTO", "NATIONAL_ID"
IP, MAC, API, CS, PW, GS, JWT, PK = ("IP_ADDRESS", "MAC_ADDRESS", "API_KEY", "CONNECTION_STRING", "PASSWORD",
                                     "GENERIC_SECRET", "JWT", "PRIVATE_KEY")
COND, MED, MRN, CLS = "MEDICAL_CONDITION", "MEDICATION", "MEDICAL_RECORD_NUMBER", "CLASSIFICATION_MARKING"

NAME_TOKENS = sorted({t for n in GIVEN + SURNAMES for t in n.split() if t[0].isupper()}, key=lambda s: (-len(s), s))
NAME_RE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, NAME_TOKENS)) + r")(?![\w-])")
CITY_RE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted((c[0] for c in ADDRESS_CITIES), key=lambda s: (-len(s), s)))) + r")(?![\w-])")
EMAIL_RE = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
DIGITRUN_RE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?!\d)")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


def _covered(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def audit_record(text: str, spans: list[dict], exempt: list[tuple[int, int]]) -> str | None:
    """Returns the reason a record must be rejected, or None. Looks only at text outside spans."""
    labelled = [(s["start"], s["end"]) for s in spans]
    free = labelled + exempt
    for mt in NAME_RE.finditer(text):
        if not _covered(mt.start(), mt.end(), free):
            return f"unlabelled pool name {mt.group(0)!r}"
    for mt in CITY_RE.finditer(text):
        if not _covered(mt.start(), mt.end(), free):
            return f"unlabelled private place {mt.group(0)!r}"
    for mt in EMAIL_RE.finditer(text):
        dom = mt.group(0).rsplit("@", 1)[1].lower()
        if not dom.endswith(EXAMPLE_DOMAINS) and not _covered(mt.start(), mt.end(), labelled):
            return f"unlabelled e-mail {mt.group(0)!r}"
    for mt in IPV4_RE.finditer(text):
        try:
            ip = ipaddress.IPv4Address(mt.group(1))
        except ValueError:
            continue
        if ip.is_global and not _covered(mt.start(), mt.end(), labelled):
            return f"unlabelled public IP {mt.group(1)!r}"
    for mt in DIGITRUN_RE.finditer(text):
        digits = re.sub(r"\D", "", mt.group(0))
        if luhn_ok(digits) and digits not in TEST_CARDS and not _covered(mt.start(), mt.end(), labelled):
            return f"unlabelled Luhn-valid run {mt.group(0)!r}"
    for mt in IBAN_RE.finditer(text):
        compact = mt.group(0).replace(" ", "")
        if iban_ok(compact) and compact not in TEST_IBANS and not _covered(mt.start(), mt.end(), labelled):
            return f"unlabelled IBAN {mt.group(0)!r}"
    return None


def hygiene_problem(text: str, spans: list[dict]) -> str | None:
    prev_end = -1
    for s in spans:
        a, b = s["start"], s["end"]
        v = text[a:b]
        if a < prev_end:
            return "overlap/unsorted"
        if not v or v != v.strip():
            return f"whitespace at edge {v!r}"
        if a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
            return f"cuts word before {v!r}"
        if b < len(text) and (text[b].isalnum() or text[b] == "_"):
            return f"cuts word after {v!r}"
        prev_end = b
    return None


# ---------------------------------------------------------------------------------------------
# registry
@dataclass(frozen=True)
class Kind:
    name: str
    lang: str
    negative: bool
    n: int
    make: Callable[[Gen], str]


KINDS: list[Kind] = []


def kind(name: str, lang: str, negative: bool = False, n: int = 5) -> Callable[[Callable[[Gen], str]], Callable[[Gen], str]]:
    def deco(fn: Callable[[Gen], str]) -> Callable[[Gen], str]:
        assert all(k.name != name for k in KINDS), name
        KINDS.append(Kind(name, lang, negative, n, fn))
        return fn
    return deco


def pick(g: Gen, *options: str) -> str:
    return g.r.choice(options)


def sig_name(g: Gen, p: Person) -> str:
    return g.r.choice([m(p.full, PER), m(p.given, PER), m(p.full, PER), m(f"{p.given[0]}. {p.surname}", PER)])


# =============================================================================================
# ENGLISH, sensitive
@kind("prompt_summarise_thread_en", "en", n=6)
def _(g: Gen) -> str:
    a, b, c = g.person("en"), g.person(), g.person("en")
    ea, eb = g.email(a, True), g.email(b, True)
    ask = pick(g, "Can you summarise this thread in 3 bullets?", "summarise pls, what do I need to do??",
               "TL;DR this for my manager:", "Please write a short summary of the email below and draft a reply.")
    topic = pick(g, "the Q3 supplier audit", "the onboarding of the new analyst", "the delayed shipment", "the renewal quote")
    return f"""{ask}

From: {m(a.full, PER)} <{m(ea, EM)}>
To: {m(b.full, PER)} <{m(eb, EM)}>
Subject: RE: {topic}

Hi {m(b.given, PER)},

Thanks for the update. I spoke to {m(c.full, PER)} this morning and she can cover on Thursday.
If anything changes call me on {m(g.phone(), PH)}.

Best,
{sig_name(g, a)}
{pick(g, "Senior Buyer", "Operations Lead", "Account Manager", "HR Business Partner")}
{pick(g, "Northgate Analytics", "Brightwell Labs", "Marlowe & Partners")}
M: {m(g.phone(), PH)}

-----Original Message-----
From: {m(b.full, PER)}
Sent: {pick(g, "Monday", "Tuesday", "Wednesday")} {g.r.randint(1, 28)} {pick(g, "March", "June", "October")} 2024 {g.r.randint(8, 17)}:{g.r.randint(10, 59)}
Hi {m(a.given, PER)}, quick reminder about {topic}. Can you confirm by Friday?"""


@kind("slack_export_en", "en", n=6)
def _(g: Gen) -> str:
    a, b, c = g.person(), g.person(), g.person()
    key = g.api_key()
    lines = [
        f"[{g.hm()}] {m(a.full, PER)}: anyone know why staging deploy is failing?",
        f"[{g.hm()}] {m(b.full, PER)}: try with my token, `{m(key, API)}`, just don't commit it lol",
    ]
    if g.r.random() < 0.5:
        lines.append(f"[{g.hm()}] {m(a.full, PER)}: ok works now. {m(b.given, PER)} you're a star")
    lines.append(f"[{g.hm()}] {m(c.full, PER)}: {pick(g, 'ping', 'cc')} {m(a.given, PER)} the webhook is {m(g.slack_webhook(), API)}")
    lines.append(f"[{g.hm()}] {m(a.full, PER)}: thanks! :pray:")
    return pick(g, "Here's the slack thread, what went wrong?\n\n", "Summarise this Slack convo:\n\n", "") + "\n".join(lines)


@kind("teams_chat_en", "en", n=5)
def _(g: Gen) -> str:
    a, b = g.person(), g.person("en")
    return f"""{m(a.last_first, PER)} {g.hm(True)}
Can you send me the customer's details for the refund?
{m(b.last_first, PER)} {g.hm(True)}
Sure - {m(g.person().full, PER)}, card ending ****{g.digits(4)}, but the full number on the form was {m(g.card(), CC)}
{m(b.last_first, PER)} {g.hm(True)}
phone {m(g.phone('GB'), PH)}, she's based in {m(g.city('GB')[0], LOC)}
{m(a.last_first, PER)} {g.hm(True)}
👍 thx"""


@kind("whatsapp_export_en", "en", n=5)
def _(g: Gen) -> str:
    a, b = g.person(), g.person()
    d = f"{g.r.randint(1, 28):02d}/{g.r.randint(1, 12):02d}/2024"
    addr, _ = g.address(g.choice(["GB", "IE"]), multiline=False)
    return f"""{d}, {g.hm()} - {m(a.full, PER)}: hey are you still ok to pick up the keys?
{d}, {g.hm()} - {m(b.full, PER)}: yes! send me the address again
{d}, {g.hm()} - {m(a.full, PER)}: {m(addr, LOC)}
{d}, {g.hm()} - {m(a.full, PER)}: if I don't answer ring my partner {m(g.person('en').given, PER)} on {m(g.phone(), PH)}
{d}, {g.hm()} - {m(b.full, PER)}: <Media omitted>
{d}, {g.hm()} - {m(b.full, PER)}: 👍"""


@kind("discord_log_en", "en", n=5)
def _(g: Gen) -> str:
    a = g.person()
    return f"""{pick(g, "why does my bot post twice? here's the log", "bot is spamming the channel, help")}

[{g.hm()}] INFO  notifier: loaded config
[{g.hm()}] DEBUG notifier: webhook_url={m(g.discord_webhook(), API)}
[{g.hm()}] DEBUG notifier: bot_token={m('MT' + g.alnum(24) + '.' + g.alnum(6) + '.' + g.alnum(38, string.ascii_letters + string.digits + '-_'), API)}
[{g.hm()}] INFO  notifier: posting message for user {m(a.full, PER)}
[{g.hm()}] INFO  notifier: posting message for user {m(a.full, PER)}"""


@kind("dotenv_en", "en", n=6)
def _(g: Gen) -> str:
    lines = [f"DATABASE_URL={m(g.conn_string(), CS)}",
             f"STRIPE_SECRET_KEY={m(g.api_key('stripe'), API)}",
             f"SECRET_KEY={m(g.secret(), GS)}",
             f"AWS_ACCESS_KEY_ID={m(g.aws_key_id(), API)}",
             f"AWS_SECRET_ACCESS_KEY={m(g.aws_secret(), API)}",
             f"SMTP_PASSWORD={m(g.password(), PW)}",
             "DEBUG=false", f"ALLOWED_HOSTS=localhost,{g.private_ip()}", "LOG_LEVEL=info",
             f"OPENAI_API_KEY={m(g.api_key('openai'), API)}"]
    body = g.r.sample(lines, g.r.randint(5, len(lines)))
    return pick(g, "my django app won't start, here's my .env:\n\n", "Fix this .env, the app crashes on boot\n```\n",
                "can you convert this .env into a k8s secret manifest?\n\n") + "\n".join(body) + "\n"


@kind("k8s_secret_en", "en", n=5)
def _(g: Gen) -> str:
    return f"""kubectl apply fails with "invalid type for io.k8s.api.core.v1.Secret.data", what's wrong?

apiVersion: v1
kind: Secret
metadata:
  name: {pick(g, 'billing-api', 'orders-db', 'crm-sync')}
  namespace: {pick(g, 'prod', 'payments', 'default')}
type: Opaque
stringData:
  DB_USER: {pick(g, 'billing', 'svc_orders')}
  DB_PASSWORD: {m(g.password(), PW)}
  REDIS_URL: {m(g.conn_string(), CS)}
  JWT_SIGNING_KEY: {m(g.secret(), GS)}
data:
  SENDGRID_KEY: {g.r.randint(1, 9)}"""


@kind("docker_compose_en", "en", n=5)
def _(g: Gen) -> str:
    pw = g.password()
    return f"""services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: {m(pw, PW)}
    ports: ["5432:5432"]
  api:
    build: .
    environment:
      - DATABASE_URL={m(g.conn_string('app'), CS)}
      - GITHUB_TOKEN={m(g.api_key('gh'), API)}
      - SESSION_SECRET={m(g.secret(), GS)}
    depends_on: [db]
# {pick(g, 'why does api start before db is ready?', 'healthcheck never passes, help', 'how do I add a volume here')}"""


@kind("terraform_en", "en", n=5)
def _(g: Gen) -> str:
    return f"""provider "aws" {{
  region     = "{pick(g, 'eu-central-1', 'eu-west-1', 'us-east-2')}"
  access_key = "{m(g.aws_key_id(), API)}"
  secret_key = "{m(g.aws_secret(), API)}"
}}

resource "aws_db_instance" "main" {{
  engine         = "postgres"
  instance_class = "db.t3.{pick(g, 'micro', 'medium', 'large')}"
  username       = "dbadmin"
  password       = "{m(g.password(), PW)}"
}}

{pick(g, 'terraform plan says credentials are invalid, can you spot the issue?', 'refactor this into variables please', '')}""".rstrip()


@kind("ci_workflow_en", "en", n=5)
def _(g: Gen) -> str:
    return f"""# .github/workflows/deploy.yml  -- {pick(g, 'the deploy job hangs', 'lint fails on this file', 'make this run only on main')}
name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      NPM_TOKEN: {m(g.api_key('npm'), API)}
      SLACK_WEBHOOK: {m(g.slack_webhook(), API)}
    steps:
      - uses: actions/checkout@v4
      - run: echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc
      - run: curl -u deploy:{m(g.password(), PW)} https://ci.quillon.io/trigger"""


@kind("curl_en", "en", n=6)
def _(g: Gen) -> str:
    a = g.person()
    tok = g.jwt()
    opt = g.r.randint(0, 2)
    hdr = (f"-H 'Authorization: Bearer {m(tok, JWT)}'" if opt == 0 else
           f"-H \"X-Api-Key: {m(g.api_key(), API)}\"" if opt == 1 else
           f"-H 'Cookie: sessionid={m(g.alnum(32, string.ascii_lowercase + string.digits), GS)}; csrftoken={m(g.alnum(32), GS)}'")
    return f"""{pick(g, 'getting 401 from this, why?', 'convert to python requests', 'what does this call do?')}

curl -X POST https://api.fintrail.eu/v2/customers \\
  {hdr} \\
  -H 'Content-Type: application/json' \\
  -d '{{"name": "{m(a.full, PER)}", "email": "{m(g.email(a, False), EM)}", "phone": "{m(g.phone(), PH)}"}}'"""


@kind("python_hardcoded_en", "en", n=5)
def _(g: Gen) -> str:
    return f"""why does this raise KeyError: 'items'?

import requests

API_KEY = "{m(g.api_key(), API)}"
BASE = "https://api.brightwell-labs.com/v1"

def fetch_orders(customer_id):
    r = requests.get(f"{{BASE}}/orders", params={{"customer": customer_id}},
                     headers={{"Authorization": f"Token {{API_KEY}}"}})
    return r.json()["items"]

conn = psycopg2.connect("{m(g.conn_string(), CS)}")
print(fetch_orders({g.r.randint(1000, 99999)}))"""


@kind("nginx_log_en", "en", n=6)
def _(g: Gen) -> str:
    rows = []
    for _ in range(g.r.randint(4, 7)):
        ip = g.ipv4() if g.r.random() < 0.7 else g.private_ip()
        lab = m(ip, IP) if ipaddress.ip_address(ip).is_global else ip
        rows.append(f'{lab} - - [{g.r.randint(1, 28):02d}/Oct/2024:{g.r.randint(0, 23):02d}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)} +0000] '
                    f'"{pick(g, "GET", "POST")} {pick(g, "/login", "/api/v1/cart", "/wp-admin/", "/static/app.js", "/.env")} HTTP/1.1" '
                    f'{pick(g, "200", "404", "401", "500", "302")} {g.r.randint(120, 9000)} "-" "{pick(g, "Mozilla/5.0", "curl/8.4.0", "python-requests/2.31")}"')
    return pick(g, "Which of these IPs look like a scanner?\n", "is this a brute force attempt?\n\n", "") + "\n".join(rows)


@kind("shell_history_en", "en", n=5)
def _(g: Gen) -> str:
    n0 = g.r.randint(400, 1900)
    cmds = [f"ssh deploy@{m(g.ipv4(), IP)}", f"export GITLAB_TOKEN={m(g.api_key('gitlab'), API)}",
            f"mysql -u root -p'{m(g.password(), PW)}' -h {g.private_ip()} orders", "docker ps -a", "git pull --rebase",
            f"psql \"{m(g.conn_string(), CS)}\"", "kubectl get pods -n prod", "history | grep ssh"]
    body = g.r.sample(cmds, g.r.randint(5, 8))
    return "explain what I did here, I need to write it up for the incident\n\n" + "\n".join(f"  {n0 + i}  {c}" for i, c in enumerate(body))


@kind("jira_ticket_en", "en", n=6)
def _(g: Gen) -> str:
    rep, cust, asg = g.person("en"), g.person(), g.person()
    addr, _ = g.address(g.choice(["GB", "US", "IE", "AU", "CA"]))
    return f"""{pick(g, 'SUP', 'OPS', 'CRM')}-{g.r.randint(1000, 9999)}: {pick(g, 'Customer cannot log in', 'Wrong delivery address on order', 'Duplicate charge')}
Reporter: {m(rep.full, PER)}    Assignee: {m(asg.full, PER)}    Priority: {pick(g, 'High', 'Medium', 'P2')}

Description:
Customer {m(cust.full, PER)} ({m(g.email(cust, False), EM)}, {m(g.phone(), PH)}) says the parcel went to the old address.
Correct address:
{m(addr, LOC)}

Order #{g.r.randint(100000, 999999)} - please reship. @{ascii_fold(asg.given).lower()} can you check with the warehouse?"""


@kind("zendesk_ticket_en", "en", n=5)
def _(g: Gen) -> str:
    cust = g.person()
    agent = g.person("en")
    return f"""Ticket #{g.r.randint(200000, 999999)}  Status: Open  Requester: {m(cust.full, PER)}

{m(cust.given, PER)} wrote:
> Hello, I was charged twice. My card is {m(g.card(), CC)} exp {g.r.randint(1, 12):02d}/{g.r.randint(26, 30)}, please refund one of them.
> Thanks, {m(cust.full, PER)}

Internal note ({m(agent.given, PER)}): verified, refunding. Customer DOB on file {m(g.dob('en'), DOB)}.

{pick(g, 'Write a polite reply for this ticket.', 'Draft the refund confirmation.', 'summarise for the handover')}"""


@kind("servicenow_incident_en", "en", n=5)
def _(g: Gen) -> str:
    u = g.person()
    return f"""INC{g.digits(7)}
Caller: {m(u.last_first, PER)}
Category: Network / VPN
Short description: VPN drops every 10 minutes
Configuration item: LAPTOP-{g.alnum(6, string.ascii_uppercase + string.digits)}
Work notes:
 - client public IP {m(g.ipv4(), IP)}, assigned {g.private_ip()}
 - wifi adapter MAC {m(g.mac(), MAC)}
 - user reachable at {m(g.phone(), PH)}
{pick(g, 'What could cause this?', 'Suggest next troubleshooting steps.', '')}""".rstrip()


@kind("crm_csv_en", "en", n=6)
def _(g: Gen) -> str:
    hdr = pick(g, "id,first_name,last_name,email,phone,city,dob", "customer_id;name;email;mobile;town;birth_date")
    rows = []
    sep = "," if hdr.startswith("id,") else ";"
    for i in range(g.r.randint(3, 6)):
        p = g.person()
        c = g.city(g.choice(["GB", "US", "IE", "AU", "CA"]))[0]
        if sep == ",":
            rows.append(f"{1000 + i},{m(p.given, PER)},{m(p.surname, PER)},{m(g.email(p, False), EM)},{m(g.phone(), PH)},{m(c, LOC)},{m(g.dob('en', 1), DOB)}")
        else:
            rows.append(f"C{g.digits(5)};{m(p.full, PER)};{m(g.email(p, False), EM)};{m(g.phone(), PH)};{m(c, LOC)};{m(g.dob('en', 0), DOB)}")
    return pick(g, "dedupe this list by email:\n", "Which of these customers are in the same town?\n", "format as a markdown table\n") + hdr + "\n" + "\n".join(rows)


@kind("sql_insert_en", "en", n=5)
def _(g: Gen) -> str:
    rows = []
    for _ in range(g.r.randint(2, 4)):
        p = g.person()
        rows.append(f"  ('{m(p.given, PER)}', '{m(p.surname, PER)}', '{m(g.ssn(), NID)}', '{m(g.dob('en', 1), DOB)}', '{m(g.email(p), EM)}')")
    return ("this insert fails with a syntax error near ')' can you fix\n\nINSERT INTO employees (first_name, last_name, ssn, dob, email) VALUES\n"
            + ",\n".join(rows) + ",\n;")


@kind("json_profile_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address("US", multiline=False)
    d = {"id": g.r.randint(10**6, 10**7), "fullName": m(p.full, PER), "ssn": m(g.ssn(), NID), "dateOfBirth": m(g.dob("en", 1), DOB),
         "address": m(addr, LOC), "contact": {"email": m(g.email(p, False), EM), "phone": m(g.phone("US"), PH)},
         "lastLoginIp": m(g.ipv4(), IP), "plan": pick(g, "gold", "basic")}
    return pick(g, "Write a TypeScript interface for this response:\n", "why is jq returning null for .contact.mobile?\n") + json.dumps(d, indent=2, ensure_ascii=False)


@kind("xml_payment_en", "en", n=5)
def _(g: Gen) -> str:
    p, q = g.person(), g.person()
    return f"""Validate this pain.001 fragment against the schema please:

<CdtTrfTxInf>
  <PmtId><EndToEndId>E2E-{g.digits(10)}</EndToEndId></PmtId>
  <Amt><InstdAmt Ccy="EUR">{g.r.randint(100, 9999)}.{g.digits(2)}</InstdAmt></Amt>
  <Cdtr><Nm>{m(p.full, PER)}</Nm></Cdtr>
  <CdtrAcct><Id><IBAN>{m(g.iban(g.choice(['DE', 'FR', 'NL', 'BE', 'IE']), False), IBAN)}</IBAN></Id></CdtrAcct>
  <Dbtr><Nm>{m(q.full, PER)}</Nm></Dbtr>
  <RmtInf><Ustrd>Invoice INV-{g.digits(6)}</Ustrd></RmtInf>
</CdtTrfTxInf>"""


@kind("hr_onboarding_us_en", "en", n=6)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address("US")
    return f"""New hire form - please check nothing is missing before I send to payroll

Legal name: {m(p.full, PER)}
Date of birth: {m(g.dob('en', g.r.choice([0, 2])), DOB)}
SSN: {m(g.ssn(), NID)}
Home address:
{m(addr, LOC)}
Direct deposit - routing {m(g.aba(), BA)}, account {m(g.digits(g.r.randint(9, 12)), BA)}
Emergency contact: {m(g.person('en').full, PER)}, {m(g.phone('US'), PH)}
Start date: {pick(g, 'March 3', 'Jan 15', 'Sept 1')}"""


@kind("payroll_uk_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    sc = f"{g.digits(2)}-{g.digits(2)}-{g.digits(2)}"
    return f"""Can you check the maths on this payslip? Net looks wrong.

Employee: {m(p.last_first, PER)}     NI number: {m(g.nino(), NID)}     Tax code: 1257L
Pay date: 28/{g.r.randint(1, 12):02d}/2024
Basic pay      £{g.r.randint(2100, 5200)}.00
Income tax     £{g.r.randint(200, 900)}.40
NI             £{g.r.randint(100, 400)}.12
Paid to: sort code {m(sc, BA)} account {m(g.digits(8), BA)}"""


@kind("discharge_summary_en", "en", n=6)
def _(g: Gen) -> str:
    p = g.person()
    doc = g.person("en")
    c1, c2 = g.r.sample(CONDITIONS["en"], 2)
    m1, m2 = g.r.sample(MEDICATIONS[:18], 2)
    return f"""Rewrite this discharge summary in plain English for the patient:

Patient: {m(p.full, PER)}   DOB: {m(g.dob('en', 0), DOB)}   MRN: {m(g.mrn(), MRN)}
Admitted with exacerbation of {m(c1, COND)}; background of {m(c2, COND)}.
Medications on discharge: {m(m1, MED)} {g.r.choice([5, 10, 20, 50, 100])} mg once daily, {m(m2, MED)} as needed.
Follow-up with Dr {m(doc.surname, PER)} in 2 weeks."""


@kind("insurance_claim_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["GB", "IE"]))
    return f"""Claim form - extract the fields into JSON

Policy no: POL-{g.digits(8)}
Claimant: {m(p.full, PER)}
Address: {m(addr, LOC)}
Date of birth: {m(g.dob('en'), DOB)}
Nature of claim: {pick(g, 'Income protection', 'Travel medical', 'Private medical')}
Diagnosis given by GP: {m(g.choice(CONDITIONS['en']), COND)}
Contact tel: {m(g.phone(), PH)}"""


@kind("invoice_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["GB", "IE", "DE", "NL"]), multiline=True, with_country=True)
    return f"""INVOICE INV-{g.digits(5)}            Date: {g.r.randint(1, 28)}/{g.r.randint(1, 12)}/2024
Bill to:
{m(p.full, PER)}
{m(addr, LOC)}

Consulting services, {g.r.randint(3, 30)} hrs      EUR {g.r.randint(400, 9000)}.00
VAT 0% (reverse charge)

Pay to IBAN {m(g.iban(g.choice(['DE', 'NL', 'IE', 'BE'])), IBAN)}, BIC {pick(g, 'COBADEFFXXX', 'INGBNL2A', 'AIBKIE2D')}
-- {pick(g, 'translate this to German', 'is the layout ok?', 'make the wording more formal')}"""


@kind("shipping_label_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["GB", "US", "CA", "AU"]), multiline=True)
    return f"""OCR of a shipping label, clean it up:

SHIP TO:
{m(p.full.upper() if g.r.random() < 0.5 else p.full, PER)}
{m(addr, LOC)}
TEL {m(g.phone(), PH)}
TRACKING 1Z{g.alnum(16, string.ascii_uppercase + string.digits)}
WT {g.r.randint(1, 20)}.{g.r.randint(0, 9)} KG   REF PO-{g.digits(6)}"""


@kind("cv_en", "en", n=6)
def _(g: Gen) -> str:
    p = g.person()
    c = g.city(g.choice(["GB", "IE", "US"]))[0]
    return f"""Improve my CV summary, keep it under 80 words:

{m(p.full, PER)}
{m(c, LOC)} | {m(g.phone(), PH)} | {m(g.email(p, False), EM)} | linkedin.com/in/{ascii_fold(p.given).lower()}-{ascii_fold(p.surname).lower().replace("'", "")}
Born {m(g.dob('en', 2), DOB)}

PROFILE
{pick(g, 'Data analyst with 6 years in retail banking.', 'Mechanical engineer, 8 yrs automotive.', 'Nurse turned UX researcher.')}

EXPERIENCE
{pick(g, 'Analyst', 'Engineer', 'Researcher')}, {pick(g, 'Brightwell Labs', 'Northgate Analytics')}, 2019-present"""


@kind("travel_booking_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""Booking reference: {g.alnum(6, string.ascii_uppercase + string.digits)}
Passenger: {m(p.surname.upper() + '/' + p.given.upper(), PER)} {pick(g, 'MR', 'MS')}
Passport: {m(g.passport(g.choice(['GB', 'US'])), NID)}   Nationality: {pick(g, 'GBR', 'USA')}   DOB: {m(g.dob('en', 3), DOB)}
Flight {pick(g, 'LH', 'BA', 'KL', 'AF')}{g.r.randint(100, 999)}  {pick(g, 'LHR-FRA', 'AMS-CDG', 'DUB-MUC')}  {g.r.randint(1, 28)} NOV  Seat {g.r.randint(1, 40)}{g.choice('ABCDEF')}
Hotel: {pick(g, 'Hotel Adlon Kempinski, Berlin', 'Motel One Frankfurt', 'Novotel Paris Centre')}

{pick(g, 'make an itinerary out of this', 'add this to a calendar invite text')}"""


@kind("ocr_letter_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person("en")
    addr, _ = g.address("US")
    ssn = g.ssn()
    return f"""Text from a scanned letter (OCR is messy) - what is it asking me to do?

lnternal Revenue Serv1ce
Dept of the Treasury

{m(p.full.upper(), PER)}
{m(addr, LOC)}

Re: Notice CP{g.r.randint(10, 99)}   Taxpayer ID: {m(ssn, NID)}
Dear {m(p.full, PER)},
We  changed your 2023 Form 1040 to correct a m1scalculation. . .
Y0u owe: $ {g.r.randint(100, 3000)}.{g.digits(2)}"""


@kind("meeting_transcript_en", "en", n=6)
def _(g: Gen) -> str:
    a, b, c = g.person(), g.person(), g.person()
    cond = g.choice(CONDITIONS["en"])
    return f"""Summarise this transcript into action items:

{m(a.full, PER)}  00:00:04
OK, let's start. {m(b.given, PER)}, can you give the update on the hiring plan?
{m(b.full, PER)}  00:00:11
Yes. Two offers out. Also {m(c.given, PER)} will be off from next week, she told me it's {m(cond, COND)} and she's starting {m(g.choice(MEDICATIONS[:18]), MED)}, so please keep it between us.
{m(a.full, PER)}  00:00:38
Understood. {m(b.given, PER)}, let's cover her accounts.
{m(c.full, PER) if g.r.random() < 0.3 else m(a.full, PER)}  00:01:02
Next item is the office move to the {X('Canary Wharf') if g.r.random() < 0.5 else 'new'} site."""


@kind("nda_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["GB", "IE"]), multiline=False)
    mark = pick(g, "CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "COMMERCIAL IN CONFIDENCE")
    return f"""{m(mark, CLS)}

MUTUAL NON-DISCLOSURE AGREEMENT
This Agreement is made on {g.r.randint(1, 28)} {pick(g, 'May', 'June', 'July')} 2024 between Northgate Analytics Ltd (company no. {g.digits(8)})
and {m(p.full, PER)} of {m(addr, LOC)} (the "Consultant").
1. The Consultant shall keep all Confidential Information secret...

{m(mark, CLS)}
-- simplify clause 1 for a non-lawyer"""


@kind("roster_markdown_en", "en", n=5)
def _(g: Gen) -> str:
    rows = ["| Name | Role | Mobile | Home town |", "|---|---|---|---|"]
    for _ in range(g.r.randint(3, 5)):
        p = g.person()
        rows.append(f"| {m(p.full, PER)} | {pick(g, 'On-call', 'Backup', 'Lead', 'Field tech')} | {m(g.phone(), PH)} | {m(g.city(g.choice(['GB', 'IE', 'US']))[0], LOC)} |")
    return pick(g, "Sort this on-call table by name:\n\n", "Turn into CSV:\n\n") + "\n".join(rows)


@kind("crypto_payment_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""Is this message from our contractor legit?

"Hi, it's {m(p.given, PER)}. Our bank is having problems so please send this month's invoice amount in {pick(g, 'BTC', 'USDT', 'ETH')}
to {m(g.btc() if g.r.random() < 0.5 else g.eth(), CRY)} instead. Old wallet {m(g.eth(), CRY)} is closed. Thanks, {m(p.full, PER)}\""""


@kind("ssh_private_key_en", "en", n=5)
def _(g: Gen) -> str:
    k = g.private_key(g.choice(["OPENSSH", "RSA", "EC", "PKCS8"]))
    return f"""ssh says "invalid format" when I use this key, what's wrong with it?

$ cat ~/.ssh/deploy_key
{m(k, PK)}
$ ssh -i ~/.ssh/deploy_key ubuntu@{m(g.ipv4(), IP)}
Load key "/home/ubuntu/.ssh/deploy_key": invalid format"""


@kind("canada_au_ids_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    if g.r.random() < 0.5:
        addr, _ = g.address("CA", multiline=False)
        return f"""Translate to French for our Montreal office:

Employee {m(p.full, PER)} has updated their records. New SIN: {m(g.sin(), NID)}. Address: {m(addr, LOC)}.
Direct deposit: transit {m(g.digits(5), BA)}, institution {m(g.digits(3), BA)}, account {m(g.digits(7), BA)}."""
    addr, _ = g.address("AU", multiline=False)
    return f"""Check this super fund form is complete:

Member: {m(p.full, PER)}
TFN: {m(g.tfn(), NID)}
Residential address: {m(addr, LOC)}
BSB: {m(f'{g.digits(3)}-{g.digits(3)}', BA)}   Account: {m(g.digits(9), BA)}
DOB: {m(g.dob('en', 0), DOB)}"""


@kind("tlp_incident_en", "en", n=5)
def _(g: Gen) -> str:
    mark = pick(g, "TLP:AMBER", "TLP:RED", "TLP:AMBER+STRICT")
    a = g.person()
    return f"""{m(mark, CLS)}
Incident report IR-{g.digits(4)}
Observed C2 traffic to {m(g.ipv4(), IP)} and {m(g.ipv4(), IP)} (also {m(g.ipv6(), IP)}).
Internal host {g.private_ip()} (MAC {m(g.mac(), MAC)}) belongs to {m(a.full, PER)}, Finance.
Recommend re-imaging and password reset.
{m(mark, CLS)}

{pick(g, 'Write an executive summary of this.', 'Turn this into a timeline.')}"""


@kind("connection_strings_en", "en", n=5)
def _(g: Gen) -> str:
    acct = g.alnum(10, string.ascii_lowercase + string.digits)
    azure = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={base64.b64encode(bytes(g.r.randrange(256) for _ in range(64))).decode()};EndpointSuffix=core.windows.net"
    return f"""appsettings.Production.json - app can't reach storage, any idea?

{{
  "ConnectionStrings": {{
    "Default": "{m(g.conn_string(), CS)}",
    "Storage": "{m(azure, CS)}"
  }},
  "Logging": {{ "LogLevel": {{ "Default": "Warning" }} }}
}}"""


@kind("expenses_tsv_en", "en", n=5)
def _(g: Gen) -> str:
    rows = ["date\temployee\tmerchant\tamount\tcard"]
    for _ in range(g.r.randint(3, 5)):
        p = g.person()
        rows.append(f"2024-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}\t{m(p.full, PER)}\t{pick(g, 'Deutsche Bahn', 'Uber', 'Pret A Manger', 'Lufthansa', 'Marriott')}\t{g.r.randint(5, 900)}.{g.digits(2)}\t{m(g.card(sep=''), CC)}")
    return "total per employee please\n\n" + "\n".join(rows)


@kind("password_reset_chat_en", "en", n=5)
def _(g: Gen) -> str:
    a, b = g.person(), g.person()
    return f"""{m(a.given, PER)}: hey can you reset the shared mailbox pw
{m(b.given, PER)}: done, new one is {m(g.password(), PW)}
{m(a.given, PER)}: and the VPN one?
{m(b.given, PER)}: vpn user {ascii_fold(a.given).lower()}, password {m(g.password(), PW)} - change it after first login
-- {pick(g, 'reformat as a proper handover note', 'is it ok to share like this?')}"""


@kind("translate_reference_en", "en", n=5)
def _(g: Gen) -> str:
    p, w = g.person(), g.person("en")
    addr, _ = g.address(g.choice(["GB", "IE"]), multiline=False)
    return f"""Translate this reference letter into German:

To whom it may concern,
I confirm that {m(p.full, PER)}, born {m(g.dob('en', 2), DOB)}, residing at {m(addr, LOC)}, has been employed by us since 2017.
{m(p.given, PER)} was absent for some months in 2022 due to {m(g.choice(CONDITIONS['en']), COND)} but has fully returned to work.
Yours faithfully,
{m(w.full, PER)}, Head of People"""


# =============================================================================================
# GERMAN, sensitive
@kind("mail_zusammenfassen_de", "de", n=6)
def _(g: Gen) -> str:
    a, b, c = g.person("de"), g.person(), g.person("de")
    anrede = pick(g, f"Hallo {m(b.given, PER)},", f"Sehr geehrte Frau {m(b.surname, PER)},", f"Lieber {m(b.given, PER)},", f"Guten Morgen Hr. {m(b.surname, PER)},")
    return f"""{pick(g, 'Bitte fasse diese Mail kurz zusammen:', 'Kannst du mir eine höfliche Antwort auf diese Mail schreiben?', 'Übersetze bitte ins Englische:')}

Von: {m(a.full, PER)} <{m(g.email(a, True), EM)}>
Betreff: AW: Terminabstimmung

{anrede}

vielen Dank für Ihre Rückmeldung. Frau {m(c.surname, PER)} aus der Buchhaltung meldet sich wegen der offenen Rechnung.
Sie erreichen mich mobil unter {m(g.phone('DE'), PH)}.

Mit freundlichen Grüßen
{m(a.full, PER)}
Teamleitung Einkauf
Hansen Logistik GmbH"""


@kind("personalakte_de", "de", n=6)
def _(g: Gen) -> str:
    p = g.person("de" if g.r.random() < 0.7 else None)
    addr, _ = g.address("DE", multiline=g.r.random() < 0.5)
    born = g.city("DE")[0]
    y, mo, d = g.r.randint(1960, 2002), g.r.randint(1, 12), g.r.randint(1, 28)
    dob = f"{d:02d}.{mo:02d}.{y}"
    sv = g.sv_nr(f"{d:02d}{mo:02d}{y % 100:02d}", ascii_fold(p.surname)[0])
    return f"""Personalstammblatt – bitte in eine Tabelle übertragen

Name, Vorname: {m(p.last_first, PER)}
Geburtsdatum: {m(dob, DOB)}          Geburtsort: {m(born, LOC)}
Anschrift: {m(addr, LOC)}
Steuer-ID: {m(g.steuer_id(), NID)}
Sozialversicherungsnummer: {m(sv, NID)}
Krankenkasse: {pick(g, 'TK', 'AOK Bayern', 'Barmer', 'DAK')}
Bankverbindung: {m(g.iban('DE'), IBAN)}
Konfession: {pick(g, 'rk', 'ev', '--')}   Steuerklasse: {g.r.randint(1, 5)}"""


@kind("arztbrief_de", "de", n=6)
def _(g: Gen) -> str:
    p, dr = g.person(), g.person("de")
    c1, c2 = g.r.sample(CONDITIONS["de"], 2)
    return f"""Kannst du diesen Arztbrief in einfache Sprache übersetzen?

Sehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,
wir berichten über {pick(g, 'Ihre Patientin', 'Ihren Patienten')} {m(p.full, PER)}, geb. {m(g.dob('de', 0), DOB)}, Fall-Nr. {m(g.mrn(), MRN)},
die/der sich vom {g.r.randint(1, 9)}.{(mo := g.r.randint(1, 12))}. bis {g.r.randint(10, 28)}.{mo}.2024 in unserer stationären Behandlung befand.
Diagnosen: {m(c1, COND)}; {m(c2, COND)}
Medikation bei Entlassung: {m(g.choice(MEDICATIONS), MED)} {g.r.choice([5, 10, 40])} mg 1-0-0, {m(g.choice(MEDICATIONS), MED)} bei Bedarf
Mit kollegialen Grüßen
Dr. med. {m(dr.full, PER)}, Oberarzt"""


@kind("krankmeldung_chat_de", "de", n=5)
def _(g: Gen) -> str:
    a, b = g.person("de"), g.person()
    return f"""[{g.hm()}] {m(a.full, PER)}: Moin, {m(b.given, PER)} hat sich krankgemeldet, {m(g.choice(CONDITIONS['de']), COND)} laut AU, voraussichtlich 3 Wochen.
[{g.hm()}] {m(b.full, PER) if g.r.random() < 0.3 else m(g.person('de').full, PER)}: Ok, wer übernimmt die Kunden?
[{g.hm()}] {m(a.full, PER)}: Bitte nicht weitererzählen. Ich verteile das morgen.
-- Formuliere daraus eine neutrale Info an das Team ohne Gesundheitsdaten"""


@kind("gehaltsabrechnung_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    blz, kto = g.digits(8), g.digits(g.r.randint(7, 10))
    return f"""Warum ist mein Netto diesen Monat niedriger? Hier die Abrechnung:

Abrechnung der Brutto/Netto-Bezüge   {pick(g, 'Oktober', 'November', 'Dezember')} 2024
Personal-Nr. {g.digits(5)}     {m(p.full, PER)}
SV-Nummer {m(g.sv_nr(None, ascii_fold(p.surname)[0]), NID)}   Steuer-ID {m(g.steuer_id(), NID)}   StKl {g.r.randint(1, 5)}
Gehalt                {g.r.randint(2800, 6800)},00
Lohnsteuer             {g.r.randint(300, 1200)},{g.digits(2)}
Auszahlung an Kto. {m(kto, BA)}, BLZ {m(blz, BA)}"""


@kind("support_ticket_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["DE", "AT", "CH"]), multiline=False)
    return f"""Ticket #{g.r.randint(10000, 99999)} – Lieferung nicht angekommen
Kunde: {m(p.full, PER)} | Tel. {m(g.phone(g.choice(['DE', 'AT', 'CH'])), PH)} | {m(g.email(p, False), EM)}
Lieferadresse: {m(addr, LOC)}
Sendungsnummer: {g.digits(12)}
Kunde ist verärgert, bitte Antwortvorschlag mit Entschuldigung formulieren."""


@kind("kundenexport_csv_de", "de", n=6)
def _(g: Gen) -> str:
    rows = ["Kundennr;Nachname;Vorname;PLZ;Ort;Telefon;E-Mail;Geburtstag"]
    for _ in range(g.r.randint(3, 6)):
        p = g.person()
        c = g.city("DE")
        rows.append(f"{g.digits(6)};{m(p.surname, PER)};{m(p.given, PER)};{g.postcode(c)};{m(c[0], LOC)};{m(g.phone('DE'), PH)};{m(g.email(p, False), EM)};{m(g.dob('de', 0), DOB)}")
    return pick(g, "Bitte Dubletten finden:\n", "Mach daraus eine Excel-Formel-taugliche Liste\n", "Welche Kunden haben im Dezember Geburtstag?\n") + "\n".join(rows)


@kind("rechnung_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    addr, _ = g.address("DE", multiline=True)
    return f"""Rechnung Nr. RE-2024-{g.digits(4)}
An:
{m(p.full, PER)}
{m(addr, LOC)}

Pos. 1  Wartung Heizungsanlage          {g.r.randint(120, 900)},00 EUR
MwSt. 19 %
Bitte überweisen Sie den Betrag innerhalb von 14 Tagen auf {m(g.iban('DE'), IBAN)} (Kontoinhaber: Kessler Haustechnik).
USt-IdNr. DE{g.digits(9)}
-- {pick(g, 'Formuliere eine freundliche Zahlungserinnerung dazu', 'Stimmt die MwSt-Rechnung?')}"""


@kind("mietvertrag_de", "de", n=5)
def _(g: Gen) -> str:
    v, mi = g.person("de"), g.person()
    addr, _ = g.address("DE", multiline=False)
    return f"""{m(pick(g, 'VERTRAULICH', 'Vertraulich', 'STRENG VERTRAULICH'), CLS)}

Mietvertrag über Wohnraum
zwischen {m(v.full, PER)} (Vermieter) und {m(mi.full, PER)}, geb. {m(g.dob('de', 0), DOB)} (Mieter)
Mietobjekt: {m(addr, LOC)}, 2. OG links
Kaution: {g.r.randint(2, 3)} Nettokaltmieten, zahlbar auf {m(g.iban('DE'), IBAN)}

Frage: Ist die Klausel zur Kaution so wirksam?"""


@kind("env_kommentiert_de", "de", n=5)
def _(g: Gen) -> str:
    return f"""# Produktions-Konfiguration, NICHT committen!
APP_ENV=production
DB_HOST={g.private_ip()}
DB_PASSWORT={m(g.password(), PW)}
MAIL_PASSWORT={m(g.password(), PW)}
GITHUB_TOKEN={m(g.api_key('gh'), API)}
SESSION_KEY={m(g.secret(), GS)}
# Fehler: "Access denied for user" – was ist falsch?"""


@kind("teams_chat_de", "de", n=5)
def _(g: Gen) -> str:
    a, b = g.person("de"), g.person()
    return f"""{m(a.surname + ', ' + a.given, PER)} {g.hm()}
Kannst du mir schnell die Zugangsdaten für das Lieferantenportal schicken?
{m(b.surname + ', ' + b.given, PER)} {g.hm()}
Benutzer: einkauf-{g.digits(2)} / Passwort: {m(g.password(), PW)}
{m(b.surname + ', ' + b.given, PER)} {g.hm()}
und der API-Key steht hier: {m(g.api_key(), API)}
{m(a.surname + ', ' + a.given, PER)} {g.hm()}
danke dir {m(b.given, PER)}!"""


@kind("whatsapp_de", "de", n=5)
def _(g: Gen) -> str:
    a, b = g.person("de"), g.person("de")
    addr, _ = g.address("DE", multiline=False)
    d = f"{g.r.randint(1, 28):02d}.{g.r.randint(1, 12):02d}.24"
    return f"""{d}, {g.hm()} - {m(a.given, PER)}: Hast du die Adresse für die Übergabe?
{d}, {g.hm()} - {m(b.given, PER)}: {m(addr, LOC)}, klingeln bei {m(g.person('de').surname, PER)}
{d}, {g.hm()} - {m(a.given, PER)}: Super, und deine Handynummer nochmal?
{d}, {g.hm()} - {m(b.given, PER)}: {m(g.phone('DE'), PH)}"""


@kind("schadenmeldung_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address(g.choice(["DE", "AT"]), multiline=False)
    return f"""Schadenmeldung Hausrat – bitte prüfen, ob alles vollständig ist

Versicherungsnehmer: {m(p.full, PER)}
Versicherungsschein-Nr.: HR-{g.digits(9)}
Anschrift: {m(addr, LOC)}
Geburtsdatum: {m(g.dob('de'), DOB)}
Telefon: {m(g.phone('DE'), PH)}
Schadenhergang: Wasserschaden im Bad, Handwerker {m(g.person('de').full, PER)} war vor Ort.
Kontoverbindung für Erstattung: {m(g.iban(g.choice(['DE', 'AT'])), IBAN)}"""


@kind("reisebuchung_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    return f"""Buchungsbestätigung – mach mir bitte eine Packliste dazu

Reisende/r: Herr/Frau {m(p.full, PER)}
Reisepass-Nr.: {m(g.passport('DE'), NID)}   gültig bis 03/2031
Personalausweis-Nr. (Ersatz): {m(g.ausweis(), NID)}
Geburtsdatum: {m(g.dob('de', 0), DOB)}
Flug {pick(g, 'LH', 'EW', 'DE')}{g.r.randint(1000, 9999)} {pick(g, 'MUC', 'FRA', 'DUS')} → {pick(g, 'PMI', 'HER', 'LIS', 'TFS')}
Hotel: {pick(g, 'Iberostar', 'TUI Blue', 'Riu')}, Halbpension"""


@kind("protokoll_de", "de", n=5)
def _(g: Gen) -> str:
    a, b, c = g.person("de"), g.person(), g.person("de")
    return f"""Protokoll Jour fixe {g.r.randint(1, 28)}.{g.r.randint(1, 12)}.2024
Teilnehmende: {m(a.full, PER)}, {m(b.full, PER)}, {m(c.full, PER)}
TOP 1: Budget 2025 – {m(a.surname, PER)} legt Entwurf bis KW {g.r.randint(2, 50)} vor.
TOP 2: Personal – {m(c.given, PER)} ist ab Montag in Elternzeit, Vertretung {m(b.given, PER)}.
TOP 3: Kundenbeschwerde {m(g.person().full, PER)} ({m(g.city('DE')[0], LOC)}) – Rückruf unter {m(g.phone('DE'), PH)}.
Bitte daraus eine To-do-Liste mit Verantwortlichen erstellen."""


@kind("ocr_bescheid_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    addr, _ = g.address("DE", multiline=True)
    return f"""OCR-Text eines Briefes, was will das Finanzamt von mir?

Finanzamt {X(g.choice(['Hamburg-Nord', 'München', 'Köln-Altstadt']))}
{m(p.full.upper(), PER)}
{m(addr, LOC)}

Az. ESt-{g.digits(4)}     ldNr. {m(g.steuer_id(), NID)}
Besche1d für 2023 über Einkommensteuer
Sehr geehrte(r) {m(p.full, PER)}, d1e Festsetzung ergibt e1ne Nachzahlung von {g.r.randint(100, 3000)},{g.digits(2)} €."""


@kind("lebenslauf_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de" if g.r.random() < 0.6 else None)
    addr, _ = g.address("DE", multiline=False)
    return f"""Bitte meinen Lebenslauf verbessern:

LEBENSLAUF
{m(p.full, PER)}
{m(addr, LOC)}
Tel.: {m(g.phone('DE'), PH)} · E-Mail: {m(g.email(p, False), EM)}
geboren am {m(g.dob('de', 2), DOB)} in {m(g.city('DE')[0], LOC)}
Familienstand: {pick(g, 'ledig', 'verheiratet')}

BERUFSERFAHRUNG
seit 2020  Sachbearbeiterin Debitoren, Stadtwerke Hohenau"""


@kind("yaml_config_de", "de", n=5)
def _(g: Gen) -> str:
    return f"""# Warum startet der Dienst nicht? Fehlermeldung: "could not parse config"
spring:
  datasource:
    url: {m('jdbc:mysql://' + g.private_ip() + ':3306/lager?user=lager_app&password=' + g.password().replace('&', 'x').replace('#', 'x').replace('?', 'x'), CS)}
  mail:
    username: {m('versand@hansen-logistik.de', EM)}
    password: {m(g.password(), PW)}
app:
  webhook: {m(g.slack_webhook(), API)}
  jwt-secret: {m(g.secret(), GS)}"""


@kind("ueberweisung_de", "de", n=5)
def _(g: Gen) -> str:
    p, q = g.person(), g.person("de")
    return f"""Hallo, kannst du diesen Überweisungsauftrag als Tabelle darstellen?

Empfänger: {m(p.full, PER)}
IBAN: {m(g.iban(g.choice(['DE', 'AT', 'CH', 'NL'])), IBAN)}
Betrag: {g.r.randint(50, 5000)},{g.digits(2)} EUR
Verwendungszweck: Rechnung {g.digits(6)} / Kundennr. {g.digits(7)}
Auftraggeber: {m(q.full, PER)}, Kreditkarte {m(g.card(), CC)}"""


# =============================================================================================
# FRENCH, sensitive
@kind("mail_resume_fr", "fr", n=6)
def _(g: Gen) -> str:
    a, b = g.person("fr"), g.person()
    return f"""{pick(g, 'Peux-tu résumer ce mail ?', 'Rédige une réponse polie à ce message :', 'Traduis en anglais stp :')}

De : {m(a.full, PER)} <{m(g.email(a, True), EM)}>
Objet : TR: dossier {pick(g, 'fournisseur', 'recrutement', 'sinistre')}

Bonjour {pick(g, f'Mme {m(b.surname, PER)}', f'{m(b.given, PER)}', f'M. {m(b.surname, PER)}')},

Suite à notre échange, je vous transmets les pièces demandées. N'hésitez pas à me joindre au {m(g.phone('FR'), PH)}.

Cordialement,
{m(a.full, PER)}
Responsable administrative – Groupe Lavaud"""


@kind("cv_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr" if g.r.random() < 0.6 else None)
    addr, _ = g.address("FR", multiline=False)
    return f"""Améliore mon CV stp :

{m(p.given + ' ' + p.surname.upper(), PER)}
{m(addr, LOC)}
{m(g.phone('FR'), PH)} – {m(g.email(p, False), EM)}
Né(e) le {m(g.dob('fr', 2), DOB)} à {m(g.city('FR')[0], LOC)}
Permis B

EXPÉRIENCES
2019 – aujourd'hui : Chargée de clientèle, Soluvia"""


@kind("fiche_paie_fr", "fr", n=6)
def _(g: Gen) -> str:
    p = g.person("fr")
    bank, branch, acct, key = g.rib()
    return f"""Explique-moi ma fiche de paie :

BULLETIN DE PAIE – {pick(g, 'octobre', 'novembre', 'décembre')} 2024
Salarié : {m(p.surname.upper() + ' ' + p.given, PER)}
N° de sécurité sociale : {m(g.nir(), NID)}
Emploi : Technicien   Coefficient : {g.r.randint(200, 400)}
Salaire de base        {g.r.randint(1800, 4200)},00
CSG déductible         {g.r.randint(80, 300)},{g.digits(2)}
Net à payer            {g.r.randint(1400, 3300)},{g.digits(2)}
Virement : banque {m(bank, BA)} guichet {m(branch, BA)} compte {m(acct, BA)} clé {m(key, BA)}"""


@kind("compte_rendu_medical_fr", "fr", n=6)
def _(g: Gen) -> str:
    p, dr = g.person(), g.person("fr")
    return f"""Reformule ce compte rendu pour le patient :

Compte rendu de consultation – {pick(g, 'Endocrinologie', 'Neurologie', 'Rhumatologie', 'Psychiatrie')}
Patient(e) : {m(p.full, PER)}, né(e) le {m(g.dob('fr', 0), DOB)}, IPP {m(g.digits(9), MRN)}
Motif : suivi de {m(g.choice(CONDITIONS['fr']), COND)}.
Traitement : {m(g.choice(MEDICATIONS), MED)} {g.r.choice([25, 50, 75, 100])} µg/j, poursuite de {m(g.choice(MEDICATIONS), MED)}.
Prochain rendez-vous dans 3 mois.
Dr {m(dr.full, PER)}"""


@kind("ticket_support_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address("FR", multiline=False)
    return f"""Ticket n° {g.r.randint(10000, 99999)} – Colis non reçu
Client : {m(p.full, PER)} – {m(g.email(p, False), EM)} – {m(g.phone('FR'), PH)}
Adresse de livraison : {m(addr, LOC)}
Commande CMD-{g.digits(8)}
Le client demande un remboursement sur sa carte {m(g.card(), CC)}.
Propose une réponse empathique."""


@kind("export_clients_fr", "fr", n=6)
def _(g: Gen) -> str:
    rows = ["nom;prénom;email;téléphone;ville;date_naissance"]
    for _ in range(g.r.randint(3, 6)):
        p = g.person()
        rows.append(f"{m(p.surname.upper(), PER)};{m(p.given, PER)};{m(g.email(p, False), EM)};{m(g.phone('FR'), PH)};{m(g.city('FR')[0], LOC)};{m(g.dob('fr', 0), DOB)}")
    return pick(g, "Trie ce fichier par ville :\n", "Transforme en JSON :\n", "Combien de clients ont plus de 40 ans ?\n") + "\n".join(rows)


@kind("facture_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr")
    addr, _ = g.address("FR", multiline=True)
    return f"""FACTURE N° F{g.digits(6)}
Client :
{m(p.full, PER)}
{m(addr, LOC)}

Désignation : Rénovation salle de bain       {g.r.randint(900, 9000)},00 € HT
TVA 10 %
Règlement par virement : {m(g.iban('FR'), IBAN)}
SIRET {g.digits(14)} – TVA intracom. FR{g.digits(11)}
{pick(g, 'Vérifie les calculs stp', 'Rédige une relance de paiement')}"""


@kind("bail_fr", "fr", n=5)
def _(g: Gen) -> str:
    b, l = g.person("fr"), g.person()
    addr, _ = g.address("FR", multiline=False)
    return f"""{m(pick(g, 'CONFIDENTIEL', 'Confidentiel', 'DIFFUSION RESTREINTE'), CLS)}
CONTRAT DE LOCATION – LOCAUX VIDES
Entre {m(b.full, PER)}, bailleur, et {m(l.full, PER)}, né(e) le {m(g.dob('fr', 2), DOB)}, locataire.
Logement situé : {m(addr, LOC)}
Dépôt de garantie versé sur le compte {m(g.iban('FR'), IBAN)}.
Question : le locataire peut-il donner congé avec un mois de préavis ?"""


@kind("teams_fr", "fr", n=5)
def _(g: Gen) -> str:
    a, b = g.person("fr"), g.person()
    return f"""{m(a.full, PER)}  {g.hm()}
Salut, tu peux m'envoyer les accès de la base de recette ?
{m(b.full, PER)}  {g.hm()}
{m(g.conn_string(), CS)}
{m(b.full, PER)}  {g.hm()}
et le token Gitlab : {m(g.api_key('gitlab'), API)}
{m(a.full, PER)}  {g.hm()}
merci {m(b.given, PER)} !"""


@kind("sms_fr", "fr", n=5)
def _(g: Gen) -> str:
    a = g.person("fr")
    return f"""Réécris ce SMS de façon plus pro :
"slt c {m(a.given, PER)}, je serai pas là demain, {m(g.choice(CONDITIONS['fr']), COND)} qui revient, le médecin m'a mis sous {m(g.choice(MEDICATIONS), MED)}. rappelle moi au {m(g.phone('FR'), PH)} si besoin\""""


@kind("dossier_rh_fr", "fr", n=6)
def _(g: Gen) -> str:
    p = g.person()
    addr, _ = g.address("FR", multiline=False)
    extra = g.r.randint(0, 2)
    idline = (f"N° DNI : {m(g.dni(), NID)}" if extra == 0 else f"N° NIE : {m(g.nie(), NID)}" if extra == 1
              else f"Codice fiscale : {m(g.codice_fiscale(), NID)}")
    return f"""Fiche d'embauche – vérifie qu'il ne manque rien

Nom : {m(p.surname, PER)}     Prénom : {m(p.given, PER)}
Date de naissance : {m(g.dob('fr', 0), DOB)}    Lieu : {m(g.city('FR')[0], LOC)}
Adresse : {m(addr, LOC)}
N° sécu : {m(g.nir(), NID)}
{idline}
IBAN : {m(g.iban(g.choice(['FR', 'ES', 'IT', 'BE'])), IBAN)}
Poste : {pick(g, 'Comptable', 'Développeur', 'Assistante RH')} – CDI"""


@kind("config_fr", "fr", n=5)
def _(g: Gen) -> str:
    return f"""Pourquoi mon script renvoie "authentication failed" ?

# config.ini
[smtp]
host = smtp.soluvia.fr
user = notifications
mot_de_passe = {m(g.password(), PW)}

[api]
cle = {m(g.api_key(), API)}
secret_webhook = {m(g.secret(), GS)}"""


@kind("reservation_voyage_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr")
    return f"""Crée un itinéraire à partir de cette réservation :

Passager : {m(p.surname.upper() + ' ' + p.given, PER)}
Passeport n° {m(g.passport('FR'), NID)}, né(e) le {m(g.dob('fr', 0), DOB)}
Vol {pick(g, 'AF', 'U2', 'TO')}{g.r.randint(1000, 9999)} {pick(g, 'CDG', 'ORY', 'NTE')} → {pick(g, 'MRS', 'AJA', 'FDF', 'RUN')}
Téléphone de contact : {m(g.phone('FR'), PH)}"""


@kind("lettre_ocr_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr")
    addr, _ = g.address("FR", multiline=True)
    return f"""Texte scanné (OCR), de quoi s'agit-il ?

Caisse Primaire d'Assurance Ma1adie
{m(p.full.upper(), PER)}
{m(addr, LOC)}

N° d'immatricu1ation : {m(g.nir(), NID)}
Madame, Monsieur {m(p.surname, PER)},
Nous avons b1en reçu votre arrêt de travail du {g.r.randint(1, 28)}/{g.r.randint(1, 12):02d}/2024 ..."""


@kind("releve_bancaire_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr")
    rows = []
    for _ in range(g.r.randint(3, 5)):
        q = g.person()
        rows.append(f"{g.r.randint(1, 28):02d}/{g.r.randint(1, 12):02d}  VIR SEPA {m(q.full.upper(), PER)}  {g.r.randint(10, 900)},{g.digits(2)}")
    return (f"Catégorise ces opérations :\n\nTitulaire : {m(p.full, PER)}   IBAN {m(g.iban('FR'), IBAN)}\n" + "\n".join(rows)
            + f"\n{g.r.randint(1, 28):02d}/{g.r.randint(1, 12):02d}  CB CARREFOUR {g.r.randint(10, 200)},{g.digits(2)}")


# =============================================================================================
# DUTCH, sensitive
@kind("mail_nl", "nl", n=5)
def _(g: Gen) -> str:
    a, b = g.person("nl"), g.person()
    return f"""Kun je deze mail samenvatten?

Van: {m(a.full, PER)} <{m(g.email(a, True), EM)}>
Beste {m(b.given, PER)},
Hierbij de gegevens voor de salarisadministratie: BSN {m(g.bsn(), NID)}, IBAN {m(g.iban('NL'), IBAN)}.
Bel gerust op {m(g.phone('NL'), PH)}.
Met vriendelijke groet,
{m(a.full, PER)}"""


@kind("klantexport_nl", "nl", n=5)
def _(g: Gen) -> str:
    rows = ["klantnr,naam,adres,telefoon,geboortedatum"]
    for _ in range(g.r.randint(3, 5)):
        p = g.person()
        addr, _c = g.address("NL", multiline=False)
        rows.append(f"{g.digits(6)},{m(p.full, PER)},\"{m(addr, LOC)}\",{m(g.phone('NL'), PH)},{m(g.dob('nl', 0), DOB)}")
    return "Zet dit om naar een tabel:\n" + "\n".join(rows)


@kind("personeelsdossier_nl", "nl", n=4)
def _(g: Gen) -> str:
    p = g.person("nl")
    addr, _ = g.address("NL", multiline=True)
    return f"""{m('VERTROUWELIJK', CLS)}
Personeelsdossier
Naam: {m(p.full, PER)}
Geboortedatum: {m(g.dob('nl', 2), DOB)}
Adres:
{m(addr, LOC)}
BSN: {m(g.bsn(), NID)}
Ziekmelding: {m(g.choice(CONDITIONS['nl']), COND)}, verwacht herstel 6 weken."""


# =============================================================================================
# NEGATIVES (tempting look-alikes, nothing labelled)
def pp(g: Gen, k: int = 1) -> list[str]:
    return g.r.sample(PUBLIC_PLACES, k)


@kind("news_cities_en", "en", negative=True)
def _(g: Gen) -> str:
    a, b, c = pp(g, 3)
    return (f"Rail strikes disrupted services between {a} and {b} on {pick(g, 'Monday', 'Tuesday', 'Friday')}, with about "
            f"{g.r.randint(20, 80)}% of trains cancelled. Unions in {c} said further walkouts were planned for "
            f"{pick(g, 'next week', 'the end of the month', 'early December')}. Summarise this in one sentence for our travel policy page.")


@kind("sports_report_en", "en", negative=True)
def _(g: Gen) -> str:
    team1, team2 = g.r.sample(["Arsenal", "Bayern Munich", "Paris Saint-Germain", "Ajax", "Celtic", "Real Madrid", "Borussia Dortmund", "Olympique Lyonnais"], 2)
    star = g.choice(["Kylian Mbappé", "Harry Kane", "Jude Bellingham", "Bukayo Saka", "Jamal Musiala", "Virgil van Dijk"])
    return (f"{team1} beat {team2} {g.r.randint(1, 4)}-{g.r.randint(0, 3)} at home on Saturday. {X(star)} scored in the {g.r.randint(2, 89)}th minute "
            f"and the crowd of {g.r.randint(30, 80)},{g.digits(3)} celebrated until the final whistle. Write a 2-line recap for the office newsletter.")


@kind("history_en", "en", negative=True)
def _(g: Gen) -> str:
    fig = g.choice([("Marie Curie", "won two Nobel Prizes"), ("Ada Lovelace", "wrote the first published algorithm"),
                    ("Alan Turing", "broke the Enigma cipher at Bletchley Park"), ("Charles Darwin", "sailed on HMS Beagle"),
                    ("Grace Hopper", "popularised the term 'debugging'"), ("Nelson Mandela", "spent 27 years in prison"),
                    ("Frida Kahlo", "painted 55 self-portraits"), ("Isaac Newton", "formulated the laws of motion")])
    return (f"Fun fact for the team quiz: {X(fig[0])} {fig[1]}. Born in {g.r.randint(1700, 1920)}? Check that date and give me "
            f"{g.r.randint(3, 6)} more quiz questions about famous scientists and leaders.")


@kind("travel_landmarks_en", "en", negative=True)
def _(g: Gen) -> str:
    lm = g.choice(["the Eiffel Tower, Champ de Mars, 5 Avenue Anatole France, 75007 Paris",
                   "the British Museum, Great Russell Street, London WC1B 3DG",
                   "the Rijksmuseum, Museumstraat 1, 1071 XX Amsterdam",
                   "the Reichstag building, Platz der Republik 1, 11011 Berlin",
                   "the Guinness Storehouse, St James's Gate, Dublin 8",
                   "Sagrada Família, Carrer de Mallorca 401, 08013 Barcelona"])
    return (f"Planning the team offsite. Day {g.r.randint(1, 3)}: visit {lm} (opens {g.r.randint(8, 10)}:00, about {g.r.randint(15, 35)} EUR per person). "
            f"Can you suggest a lunch spot within {g.r.randint(5, 15)} minutes' walk and a rainy-day alternative?")


@kind("weather_en", "en", negative=True)
def _(g: Gen) -> str:
    a, b = pp(g, 2)
    return (f"Forecast for the week: {a} {g.r.randint(-3, 28)}°C and {pick(g, 'sunny', 'overcast', 'showers')}, {b} {g.r.randint(-3, 28)}°C with "
            f"gusts up to {g.r.randint(30, 90)} km/h. Should we move Thursday's outdoor event indoors? Answer yes/no with a reason.")


@kind("office_locations_en", "en", negative=True)
def _(g: Gen) -> str:
    a, b, c = pp(g, 3)
    return (f"Our company has offices in {a}, {b} and {c}. The {a} office (Floor {g.r.randint(2, 12)}, meeting rooms "
            f"{X('Lovelace')} and {X('Turing')}) hosts the sales team. Rewrite this as a friendly 'About us' paragraph for the careers page.")


@kind("conference_en", "en", negative=True)
def _(g: Gen) -> str:
    venue = g.choice(["ExCeL London", "Messe Frankfurt", "RAI Amsterdam", "Palais des Congrès de Paris", "Fira Barcelona", "Bella Center Copenhagen"])
    conf = g.choice(["KubeCon Europe", "Web Summit", "DevOpsDays", "PyCon DE", "FOSDEM", "Money20/20 Europe"])
    return (f"{conf} {g.r.randint(2024, 2026)} takes place at {venue}, hall {g.r.randint(1, 9)}, from {g.r.randint(1, 20)} to {g.r.randint(21, 28)} "
            f"{pick(g, 'March', 'April', 'October')}. Draft a short request to my manager asking to attend, budget around {g.r.randint(800, 2500)} EUR.")


@kind("product_names_en", "en", negative=True)
def _(g: Gen) -> str:
    prods = g.r.sample(["Alexa", "Siri", "Cortana", "Jenkins", "Sonos", "Dyson", "Ferrari", "Tesla", "Hugo Boss", "Ben & Jerry's",
                        "Bauer Media", "Costa Coffee", "Fisher-Price", "Victoria's Secret", "Wendy's", "Ruby on Rails", "Jasper AI"], 3)
    return (f"Compare these brands for our marketing deck: {X(prods[0])}, {X(prods[1])} and {X(prods[2])}. Which one has the strongest "
            f"brand recognition in Europe? Keep it under {g.r.randint(80, 200)} words.")


@kind("fiction_en", "en", negative=True)
def _(g: Gen) -> str:
    ch = g.r.sample(["Sherlock Holmes", "Elizabeth Bennet", "Harry Potter", "Hermione Granger", "Frodo Baggins", "Jay Gatsby",
                     "Atticus Finch", "Jane Eyre", "Holden Caulfield", "Katniss Everdeen"], 2)
    return (f"For the book club: compare {X(ch[0])} and {X(ch[1])} as narrators. Give {g.r.randint(3, 5)} discussion questions and "
            f"keep spoilers out of the first {g.r.randint(2, 4)}.")


@kind("policy_confidential_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Section {g.r.randint(2, 9)}.{g.r.randint(1, 9)} Information classification. Documents are classified as Public, Internal, "
            f"Confidential or Strictly Confidential. Confidential information must not be shared with third parties without an NDA. "
            f"Staff must report suspected leaks within {g.r.randint(24, 72)} hours. -- Rewrite this policy section in plainer language.")


@kind("health_article_en", "en", negative=True)
def _(g: Gen) -> str:
    cond = g.choice(["type 2 diabetes", "hypertension", "migraine", "asthma", "seasonal flu", "back pain"])
    return (f"Draft a wellbeing newsletter item: around {g.r.randint(5, 15)}% of adults in Europe live with {cond}. Regular exercise, "
            f"sleep and a balanced diet lower the risk. Common treatments such as metformin or ibuprofen should only be taken on "
            f"medical advice. Tone: friendly, {g.r.randint(100, 200)} words.")


@kind("code_placeholders_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Review this config loader:

import os
DB_PASSWORD = os.environ.get("DB_PASSWORD", "changeme")
API_KEY = os.getenv("API_KEY") or "<API_KEY>"
SECRET = "${{APP_SECRET}}"
DSN = f"postgresql://app:{{DB_PASSWORD}}@localhost:{g.r.randint(5432, 5439)}/app"
# TODO: replace YOUR_PASSWORD_HERE before deploying
TIMEOUT = {g.r.randint(5, 60)}"""


@kind("docs_test_values_en", "en", negative=True)
def _(g: Gen) -> str:
    card = g.choice(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555 5555 5555 4444", "378282246310005"])
    return (f"From the payments sandbox docs: use test card {card} with any future expiry (e.g. {g.r.randint(1, 12):02d}/{g.r.randint(27, 34)}) "
            f"and any CVC. For SEPA use test IBAN {pick(g, 'DE89370400440532013000', 'GB82WEST12345698765432')}. AWS examples use "
            f"AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. The docs' sample SSN is 123-45-6789. "
            f"Write a checklist for testers.")


@kind("masked_values_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Receipt: Card **** **** **** {g.digits(4)} charged {g.r.randint(5, 500)}.{g.digits(2)} EUR. IBAN DE** **** **** **** **{g.digits(2)} {g.digits(2)}. "
            f"Account holder: [redacted]. SSN: ***-**-{g.digits(4)}. Phone: +44 **** ***{g.digits(3)}. Explain what each masked field means.")


@kind("uuid_hash_log_en", "en", negative=True)
def _(g: Gen) -> str:
    rows = []
    for _ in range(g.r.randint(3, 6)):
        rows.append(f"{g.r.randint(2023, 2025)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}T{g.r.randint(0, 23):02d}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}Z "
                    f"req={g.hexs(8)}-{g.hexs(4)}-4{g.hexs(3)}-a{g.hexs(3)}-{g.hexs(12)} sha256={g.hexs(64)} status={pick(g, '200', '409', '503')} dur={g.r.randint(3, 900)}ms")
    return "Why are some requests 503? Logs:\n" + "\n".join(rows)


@kind("private_ips_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Why can't the pod reach the metadata service?

$ ip addr
inet {g.private_ip()}/24 brd 10.0.0.255 scope global eth0
$ curl http://169.254.169.254/latest/meta-data/
curl: (28) Connection timed out
upstream dns: {g.private_ip()}, fallback 127.0.0.53, gateway {g.private_ip()}
docs example host: 192.0.2.{g.r.randint(1, 254)}"""


@kind("blank_form_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Make this form template look nicer:

EMPLOYEE DETAILS (form HR-{g.r.randint(10, 99)})
Full name: ______________________
Date of birth: __ / __ / ____
National Insurance number: [NI number]
Bank sort code: {{{{sort_code}}}}   Account: {{{{account_number}}}}
Example: Jane Doe, 01/01/1990
Signature: ____________  Date: ________"""


@kind("timezones_schedule_en", "en", negative=True)
def _(g: Gen) -> str:
    a, b = pp(g, 2)
    return (f"Find a meeting slot: team A in Europe/Berlin (CET), team B in America/New_York, team C in Asia/Singapore. "
            f"Standup is {g.r.randint(8, 11)}:{pick(g, '00', '30')} CET. Options: {a} morning or {b} afternoon. Which slot overlaps best?")


@kind("cloud_regions_en", "en", negative=True)
def _(g: Gen) -> str:
    r1, r2 = g.r.sample(["eu-central-1", "eu-west-3", "us-east-1", "ap-southeast-2", "westeurope", "northeurope", "europe-west4", "francecentral"], 2)
    return f"""Which of these is cheaper for a {g.r.randint(2, 64)} vCPU workload?

variable "primary_region"   {{ default = "{r1}" }}
variable "secondary_region" {{ default = "{r2}" }}
# Frankfurt vs Paris vs Dublin data centres, GDPR residency required
instance_type = "m6i.{pick(g, 'large', 'xlarge', '2xlarge')}\""""


@kind("order_numbers_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Where is my order? Order #{g.r.randint(100000, 999999)}, invoice INV-{g.r.randint(2023, 2025)}-{g.digits(5)}, "
            f"tracking number 1Z{g.alnum(16, string.ascii_uppercase + string.digits)}, ticket CS-{g.digits(6)}, VAT ID GB{g.digits(9)}. "
            f"Write a polite chaser to the supplier (no names please).")


@kind("release_notes_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Turn into customer-facing release notes: v{g.r.randint(2, 9)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)} - fixed login bug (#{g.r.randint(1000, 9999)}), "
            f"upgraded OpenSSL to 3.{g.r.randint(0, 3)}, new {X('Hope')} dashboard widget, dark mode for the {X('Iris')} scanner app, "
            f"deprecated the {X('Jasper')} reporting module.")


@kind("word_names_prose_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"{X('Hope')} you're well! Thanks for the {X('frank')} feedback on the draft. Quick note: the {X('grace')} period for invoices is "
            f"{g.r.randint(7, 30)} days, and the new coffee place ({X('Costa')} on the corner) opens at {g.r.randint(6, 9)}. "
            f"{X('Young')} professionals' event is on {pick(g, 'Friday', 'Thursday')}. -- fix the grammar in this message")


@kind("stock_market_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"European stocks closed {pick(g, 'higher', 'lower')}: the DAX moved {g.r.randint(1, 30) / 10}% and the CAC 40 {g.r.randint(1, 30) / 10}%. "
            f"Shares of Siemens, L'Oréal and ASML led the moves after {X('Christine Lagarde')} spoke in Frankfurt. Explain this to a new intern.")


@kind("job_posting_en", "en", negative=True)
def _(g: Gen) -> str:
    a = pp(g)[0]
    return (f"Improve this job ad: 'Senior Data Engineer (m/f/d), {a} or remote. {g.r.randint(3, 8)}+ years Python, Spark, Terraform. "
            f"Salary band {g.r.randint(60, 90)}-{g.r.randint(91, 130)}k EUR. Apply via careers@example.com, reference DE-{g.digits(4)}.'")


@kind("public_quotes_en", "en", negative=True)
def _(g: Gen) -> str:
    q = g.choice([("Steve Jobs", "Stay hungry, stay foolish."), ("Albert Einstein", "Imagination is more important than knowledge."),
                  ("Maya Angelou", "People will never forget how you made them feel."), ("Winston Churchill", "Success is not final."),
                  ("Serena Williams", "Luck has nothing to do with it."), ("Angela Merkel", "Wir schaffen das.")])
    return f"Is this quote correctly attributed? \"{q[1]}\" - {X(q[0])}. Also suggest {g.r.randint(2, 5)} similar quotes for the all-hands slide."


@kind("country_table_en", "en", negative=True)
def _(g: Gen) -> str:
    rows = ["| Country | Capital | Population (m) |", "|---|---|---|"]
    for c, cap in g.r.sample([("Germany", "Berlin"), ("France", "Paris"), ("Netherlands", "Amsterdam"), ("Austria", "Vienna"),
                               ("Ireland", "Dublin"), ("Portugal", "Lisbon"), ("Kenya", "Nairobi"), ("Japan", "Tokyo")], 4):
        rows.append(f"| {c} | {cap} | {g.r.randint(5, 120)}.{g.r.randint(0, 9)} |")
    return "Check these populations are roughly right:\n" + "\n".join(rows)


@kind("ci_log_clean_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Why did this pipeline fail?

Step 4/9 : RUN pip install -r requirements.txt
 ---> Running in {g.hexs(12)}
ERROR: Could not find a version that satisfies the requirement torch=={g.r.randint(1, 2)}.{g.r.randint(0, 9)}.{g.r.randint(0, 9)}
Pulling from registry {g.private_ip()}:5000, token=*** (masked)
Job #{g.r.randint(10000, 99999)} failed after {g.r.randint(1, 59)}m{g.r.randint(1, 59)}s"""


@kind("api_docs_example_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Explain this API doc snippet:

POST /v1/users
Authorization: Bearer <YOUR_TOKEN>
{{"name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+1-555-0100"}}
Response 201: {{"id": "usr_{g.alnum(10, string.ascii_lowercase + string.digits)}", "created": {g.r.randint(1_700_000_000, 1_790_000_000)}}}"""


@kind("invoice_template_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Fill in this invoice template with Jinja syntax:

Invoice {{{{invoice_number}}}}     Date: {{{{date}}}}
Bill to: {{{{customer_name}}}}
{{{{customer_address}}}}
Pay to IBAN {{{{iban}}}} / BIC {{{{bic}}}}
Terms: {g.r.randint(14, 60)} days net. Late fee {g.r.randint(1, 10)}%."""


# ---- German negatives
@kind("nachrichten_de", "de", negative=True)
def _(g: Gen) -> str:
    a, b = g.r.sample(["Berlin", "München", "Hamburg", "Köln", "Leipzig", "Dresden", "Stuttgart", "Bremen"], 2)
    return (f"Fasse die Meldung zusammen: Nach dem Sturmtief sind in {a} und {b} rund {g.r.randint(100, 9000)} Haushalte ohne Strom. "
            f"Die Deutsche Bahn stellte den Fernverkehr zwischen beiden Städten für {g.r.randint(2, 20)} Stunden ein.")


@kind("wetter_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Wetter morgen: Im Norden {g.r.randint(2, 18)} Grad und Regen, an der Ostsee Sturmböen, in Bayern und im Schwarzwald bis "
            f"{g.r.randint(15, 30)} Grad. Sollen wir das Sommerfest in Hamburg verschieben? Kurze Empfehlung bitte.")


@kind("fussball_de", "de", negative=True)
def _(g: Gen) -> str:
    t = g.r.sample(["FC Bayern", "Borussia Dortmund", "RB Leipzig", "Bayer Leverkusen", "VfB Stuttgart", "SC Freiburg", "Werder Bremen"], 2)
    return (f"Schreib einen Zweizeiler für den Büro-Tippspiel-Newsletter: {t[0]} gewinnt {g.r.randint(1, 5)}:{g.r.randint(0, 3)} gegen {t[1]}, "
            f"{X(g.choice(['Thomas Müller', 'Joshua Kimmich', 'Florian Wirtz', 'Manuel Neuer']))} trifft in der {g.r.randint(2, 89)}. Minute.")


@kind("reisefuehrer_de", "de", negative=True)
def _(g: Gen) -> str:
    lm = g.choice(["das Brandenburger Tor, Pariser Platz, 10117 Berlin", "Schloss Neuschwanstein, Neuschwansteinstraße 20, 87645 Schwangau",
                   "den Kölner Dom, Domkloster 4, 50667 Köln", "die Elbphilharmonie, Platz der Deutschen Einheit 4, 20457 Hamburg",
                   "den Zwinger, Sophienstraße, 01067 Dresden"])
    return (f"Plane einen Teamausflug: Vormittags besuchen wir {lm}, Eintritt ca. {g.r.randint(5, 25)} Euro. "
            f"Schlag ein Restaurant für {g.r.randint(8, 30)} Personen in der Nähe vor.")


@kind("richtlinie_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Formuliere verständlicher: §{g.r.randint(2, 12)} Informationsklassifizierung. Dokumente werden als öffentlich, intern, vertraulich "
            f"oder streng vertraulich eingestuft. Vertrauliche Unterlagen dürfen nicht per privater E-Mail versendet werden. "
            f"Verstöße sind binnen {g.r.randint(24, 72)} Stunden dem Datenschutzbeauftragten zu melden.")


@kind("formular_leer_de", "de", negative=True)
def _(g: Gen) -> str:
    return f"""Kannst du dieses Formular hübscher formatieren?

Antrag auf Reisekostenerstattung (Formular RK-{g.r.randint(1, 30)})
Name, Vorname: ________________   (Beispiel: Max Mustermann)
Geburtsdatum: TT.MM.JJJJ
IBAN: DE__ ____ ____ ____ ____ __
Steuer-ID: [bitte eintragen]
Unterschrift: ____________"""


@kind("gesundheit_artikel_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Schreib einen kurzen Intranet-Artikel: Rückenschmerzen sind laut Studien für rund {g.r.randint(10, 25)} % der Fehltage verantwortlich. "
            f"Bewegungspausen, ein ergonomischer Arbeitsplatz und ggf. Ibuprofen nach ärztlicher Rücksprache helfen. Ton: motivierend.")


@kind("standorte_de", "de", negative=True)
def _(g: Gen) -> str:
    a, b = g.r.sample(["Berlin", "München", "Frankfurt", "Düsseldorf", "Leipzig", "Hannover", "Nürnberg"], 2)
    return (f"Überarbeite den Text: Unser Unternehmen ist an den Standorten {a} und {b} vertreten. In {a} arbeiten {g.r.randint(50, 900)} "
            f"Menschen im Gebäude {X('Kaiser')}-Wilhelm-Ring, Etage {g.r.randint(1, 9)}, Besprechungsraum {X('Goethe')}.")


@kind("code_platzhalter_de", "de", negative=True)
def _(g: Gen) -> str:
    return f"""Bitte reviewen:

# Konfiguration – echte Werte kommen aus dem Vault
DB_USER = "app"
DB_PASSWORT = "<PASSWORT>"
API_SCHLUESSEL = "xxxxxxxxxxxxxxxx"
SMTP_HOST = "smtp.example.org"
KONTAKT = "admin@example.org"
PORT = {g.r.randint(8000, 9000)}"""


@kind("geschichte_de", "de", negative=True)
def _(g: Gen) -> str:
    fig = g.choice(["Otto von Bismarck", "Konrad Adenauer", "Johann Wolfgang von Goethe", "Clara Schumann", "Albert Einstein", "Sophie Scholl"])
    return (f"Erstelle {g.r.randint(3, 6)} Quizfragen zu {X(fig)} für unseren Teamabend. Bitte mit Jahreszahlen und einer kurzen "
            f"Erklärung zu jeder Antwort.")


@kind("fahrplan_de", "de", negative=True)
def _(g: Gen) -> str:
    dep = g.r.randint(6, 19)
    return (f"ICE {g.r.randint(500, 1999)} Frankfurt (Main) Hbf ab {dep}:{g.r.randint(10, 59)}, Köln Hbf an {dep + g.r.randint(1, 2)}:{g.r.randint(10, 59)}, "
            f"Gleis {g.r.randint(1, 19)}, Wagen {g.r.randint(1, 14)}, Platz {g.r.randint(11, 99)}. Auftragsnummer {g.digits(12)}. "
            f"Lohnt sich der Sparpreis gegenüber dem Flexpreis?")


@kind("produkte_de", "de", negative=True)
def _(g: Gen) -> str:
    ps = g.r.sample(["Haribo", "Miele", "Bosch", "Tchibo", "Hugo Boss", "Dr. Oetker", "Kaiser's", "Bauer Media Group", "Klein & Partner"], 3)
    return f"Vergleiche die Markenwahrnehmung von {X(ps[0])}, {X(ps[1])} und {X(ps[2])} in einer Tabelle mit {g.r.randint(3, 5)} Kriterien."


@kind("literatur_de", "de", negative=True)
def _(g: Gen) -> str:
    ch = g.r.sample(["Effi Briest", "Gregor Samsa", "Faust", "Mephisto", "Pippi Langstrumpf", "Momo", "Emil Tischbein"], 2)
    return f"Vergleiche die Figuren {X(ch[0])} und {X(ch[1])} in {g.r.randint(100, 300)} Wörtern für eine Präsentation im Lesekreis."


# ---- French negatives
@kind("actualites_fr", "fr", negative=True)
def _(g: Gen) -> str:
    a, b = g.r.sample(["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Strasbourg"], 2)
    return (f"Résume cette dépêche : la grève des contrôleurs perturbe les TGV entre {a} et {b}. La SNCF prévoit {g.r.randint(1, 9)} trains "
            f"sur 10 mardi. Le préfet de {a} appelle au calme.")


@kind("meteo_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Météo : vigilance orange en Bretagne et en Normandie, rafales à {g.r.randint(80, 140)} km/h. À Nice, {g.r.randint(12, 30)} °C et soleil. "
            f"Faut-il annuler le séminaire de jeudi ? Réponds en deux phrases.")


@kind("rugby_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Écris un post LinkedIn léger : le Stade Toulousain bat le Racing 92 {g.r.randint(20, 45)}-{g.r.randint(5, 19)}, "
            f"{X(g.choice(['Antoine Dupont', 'Romain Ntamack', 'Thomas Ramos']))} élu homme du match. Lien avec l'esprit d'équipe au bureau.")


@kind("guide_touristique_fr", "fr", negative=True)
def _(g: Gen) -> str:
    lm = g.choice(["du Louvre, rue de Rivoli, 75001 Paris", "du Mont-Saint-Michel, 50170 Le Mont-Saint-Michel", "de la Cité de Carcassonne, 1 rue Viollet-le-Duc, 11000 Carcassonne",
                   "du Palais des Papes, place du Palais, 84000 Avignon", "de la basilique Notre-Dame de la Garde, rue Fort du Sanctuaire, 13281 Marseille"])
    return f"Prépare une sortie d'équipe : visite {lm}, budget {g.r.randint(10, 40)} € par personne. Propose un restaurant à proximité."


@kind("politique_confidentialite_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Simplifie ce paragraphe : Article {g.r.randint(2, 15)} – Les informations confidentielles ne doivent pas être transmises à des tiers. "
            f"Les documents classés « diffusion restreinte » sont conservés {g.r.randint(3, 10)} ans. Toute violation est signalée au DPO.")


@kind("formulaire_vierge_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return f"""Mets en forme ce formulaire :

DEMANDE D'ADHÉSION – Mutuelle (réf. {g.r.randint(100, 999)})
Nom / Prénom : ..........................  (ex. : Jean Dupont)
Date de naissance : JJ/MM/AAAA
N° de sécurité sociale : _ __ __ __ ___ ___ __
IBAN : FR76 XXXX XXXX XXXX XXXX XXXX XXX
Signature : ..........."""


@kind("sante_article_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Rédige un article pour l'intranet : la grippe saisonnière touche chaque année {g.r.randint(2, 6)} millions de personnes en France. "
            f"La vaccination est recommandée dès {g.r.randint(60, 65)} ans. Le paracétamol soulage la fièvre ; demandez conseil à votre pharmacien.")


@kind("bureaux_fr", "fr", negative=True)
def _(g: Gen) -> str:
    a, b = g.r.sample(["Paris", "Lyon", "Lille", "Rennes", "Montpellier", "Nantes", "Toulouse"], 2)
    return (f"Réécris pour le site carrière : nos équipes sont basées à {a} (campus La Défense, salle {X('Victor Hugo')}) et à {b}. "
            f"Nous recrutons {g.r.randint(5, 40)} personnes cette année.")


@kind("histoire_fr", "fr", negative=True)
def _(g: Gen) -> str:
    fig = g.choice(["Napoléon Bonaparte", "Simone Veil", "Jean Moulin", "Marie Curie", "Victor Hugo", "Charles de Gaulle", "Jules Verne"])
    return f"Prépare {g.r.randint(3, 6)} questions de quiz sur {X(fig)} pour le pot de départ, avec les réponses."


@kind("litterature_fr", "fr", negative=True)
def _(g: Gen) -> str:
    ch = g.r.sample(["Emma Bovary", "Jean Valjean", "le Petit Prince", "Arsène Lupin", "Madame Bovary", "Cosette", "d'Artagnan"], 2)
    return f"Compare {X(ch[0])} et {X(ch[1])} en {g.r.randint(100, 250)} mots pour le club lecture."


@kind("code_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return f"""Pourquoi ce test échoue ?

def test_connexion():
    client = Client(url="https://api.example.net", cle_api="VOTRE_CLE_ICI")
    assert client.ping(timeout={g.r.randint(1, 30)}) is True
    # identifiants de démo : demo / demo
    assert client.version() == "{g.r.randint(1, 5)}.{g.r.randint(0, 9)}\""""


@kind("numeros_commande_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Rédige une relance fournisseur : commande n° {g.digits(8)}, facture FA-{g.r.randint(2023, 2025)}-{g.digits(5)}, colis suivi "
            f"{g.alnum(2, string.ascii_uppercase)}{g.digits(9)}FR, TVA FR{g.digits(11)}. Livraison prévue au siège à Lyon.")


# ---- Dutch negatives
@kind("nieuws_nl", "nl", negative=True)
def _(g: Gen) -> str:
    a, b = g.r.sample(["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"], 2)
    return (f"Vat samen: door een storing reden er tussen {a} en {b} {g.r.randint(2, 8)} uur lang geen treinen. "
            f"De NS zet bussen in; reizigers krijgen {g.r.randint(25, 100)}% van hun ticketprijs terug.")


@kind("formulier_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return f"""Maak dit formulier netter:

Aanvraag thuiswerkvergoeding (formulier {g.r.randint(10, 99)})
Naam: ____________________ (voorbeeld: {X("Jan Jansen")})
BSN: [invullen]
IBAN: NL__ ____ ____ ____ __
Handtekening: __________"""


@kind("weer_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return (f"Weerbericht: in het westen {g.r.randint(5, 20)} graden en regen, windkracht {g.r.randint(4, 9)} aan de kust. "
            f"Moeten we de teamuitje naar Utrecht verplaatsen? Kort advies graag.")


@kind("kantoren_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return (f"Herschrijf: ons hoofdkantoor staat in Amsterdam, met vestigingen in Eindhoven en Rotterdam. In de vergaderzaal "
            f"{X('Rembrandt')} passen {g.r.randint(6, 30)} mensen. We openen dit jaar een kantoor in Antwerpen.")


# =============================================================================================
# more sensitive kinds: tokens, keys, wallets, device inventories, vCards
@kind("har_export_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    em = g.email(p, g.r.random() < 0.5)
    d = {"request": {"method": "GET", "url": "https://app.quillon.io/api/me",
                     "headers": [{"name": "Authorization", "value": "Bearer " + m(g.jwt(), JWT)},
                                 {"name": "Cookie", "value": "session=" + m(g.alnum(40, string.ascii_letters + string.digits), GS)}]},
         "response": {"status": 200, "content": {"text": {"email": m(em, EM), "display_name": m(p.full, PER)}}}}
    return pick(g, "Why is this request slow? HAR entry:\n", "Explain this HAR entry:\n") + json.dumps(d, indent=1, ensure_ascii=False)


@kind("jwt_debug_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""Decode this token and tell me why the API says it's expired:

{m(g.jwt(), JWT)}

It was issued to {m(g.email(p, True), EM)} ({m(p.full, PER)}) this morning. Refresh token: {m(g.alnum(64, string.ascii_letters + string.digits), GS)}"""


@kind("pgp_key_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""gpg --import says "no valid OpenPGP data found". Key below, what's wrong?

{m(g.private_key('PGP'), PK)}

uid: {m(p.full, PER)} <{m(g.email(p, False), EM)}>
passphrase: {m(g.password(), PW)}"""


@kind("device_inventory_en", "en", n=5)
def _(g: Gen) -> str:
    rows = ["hostname,owner,mac,last_public_ip,site"]
    for _ in range(g.r.randint(3, 5)):
        p = g.person()
        rows.append(f"LT-{g.alnum(5, string.ascii_uppercase + string.digits)},{m(p.full, PER)},{m(g.mac(), MAC)},{m(g.ipv4(), IP)},{pp(g)[0]}")
    return "Find the laptops that connected from outside the EU:\n" + "\n".join(rows)


@kind("wallet_ticket_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""Support ticket from exchange customer - draft a reply:

Name: {m(p.full, PER)}
Account email: {m(g.email(p, False), EM)}
"I sent 0.{g.digits(3)} BTC from {m(g.btc(), CRY)} to my deposit address {m(g.btc(), CRY)} {g.r.randint(2, 9)} hours ago but it's not showing.
Also my ETH deposit {m(g.eth(), CRY)} shows zero.\""""


@kind("git_remote_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    user = ascii_fold(p.given).lower()
    tok = g.api_key("gh")
    return f"""git push keeps asking for a password, here's my config:

[remote "origin"]
    url = {m(f'https://{user}:{tok}@github.com/brightwell-labs/payments.git', CS)}
    fetch = +refs/heads/*:refs/remotes/origin/*
[user]
    name = {m(p.full, PER)}
    email = {m(g.email(p, True), EM)}"""


@kind("vcard_en", "en", n=5)
def _(g: Gen) -> str:
    p = g.person()
    addr_c = g.city(g.choice(["GB", "US", "IE"]))
    street = g.choice(STREETS[addr_c[1]])
    y, mo, d = g.r.randint(1955, 2000), g.r.randint(1, 12), g.r.randint(1, 28)
    adr = f"{g.r.randint(1, 99)} {street};{addr_c[0]};;{g.postcode(addr_c)}"
    return f"""Convert this vCard to CSV:

BEGIN:VCARD
VERSION:3.0
N:{m(p.surname, PER)};{m(p.given, PER)};;;
FN:{m(p.full, PER)}
TEL;TYPE=CELL:{m(g.phone(addr_c[1]), PH)}
EMAIL:{m(g.email(p, False), EM)}
ADR;TYPE=HOME:;;{m(adr, LOC)}
BDAY:{m(f'{y}-{mo:02d}-{d:02d}', DOB)}
END:VCARD"""


@kind("jwt_fehler_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    return f"""Warum bekomme ich 401? Das Token sieht doch gültig aus:

Authorization: Bearer {m(g.jwt(), JWT)}
X-User: {m(g.email(p, True), EM)}
Ansprechpartner: {m(p.full, PER)}, Tel. {m(g.phone('DE'), PH)}"""


@kind("netzwerk_inventar_de", "de", n=5)
def _(g: Gen) -> str:
    rows = ["Gerät;Mitarbeiter;MAC-Adresse;Öffentliche IP"]
    for _ in range(g.r.randint(3, 5)):
        p = g.person()
        rows.append(f"NB-{g.digits(4)};{m(p.last_first, PER)};{m(g.mac(), MAC)};{m(g.ipv4(), IP)}")
    return "Welche Geräte tauchen doppelt auf?\n" + "\n".join(rows)


@kind("ssh_schluessel_de", "de", n=5)
def _(g: Gen) -> str:
    return f"""Der Server lehnt meinen Schlüssel ab. Hier ist er (id_ed25519), siehst du einen Fehler?

{m(g.private_key(g.choice(['OPENSSH', 'PKCS8', 'RSA'])), PK)}

Server: {m(g.ipv4(), IP)}, Benutzer deploy"""


@kind("krypto_nachlass_de", "de", n=5)
def _(g: Gen) -> str:
    p = g.person("de")
    return f"""Hilf mir, diese Notiz für den Steuerberater zu formulieren:

Nachlass {m(p.full, PER)}: Bitcoin-Wallet {m(g.btc(), CRY)} (ca. 0,{g.digits(2)} BTC), Ethereum {m(g.eth(), CRY)}.
Seed-Phrase liegt im Bankschließfach. Erbin: {m(g.person('de').full, PER)}, geb. {m(g.dob('de', 0), DOB)}."""


@kind("jwt_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person("fr")
    return f"""Pourquoi l'API renvoie « token expired » ?

curl -H "Authorization: Bearer {m(g.jwt(), JWT)}" https://api.soluvia.fr/v1/dossiers
Compte utilisé : {m(g.email(p, True), EM)} ({m(p.full, PER)})"""


@kind("cle_privee_fr", "fr", n=5)
def _(g: Gen) -> str:
    return f"""Mon déploiement échoue avec « Permission denied (publickey) ». Voici la clé :

{m(g.private_key(g.choice(['RSA', 'EC', 'OPENSSH'])), PK)}

hôte : {m(g.ipv4(), IP)} ; MAC de la carte : {m(g.mac(), MAC)}"""


@kind("crypto_fr", "fr", n=5)
def _(g: Gen) -> str:
    p = g.person()
    return f"""Ce message est-il une arnaque ?

« Bonjour, ici {m(p.full, PER)} de la comptabilité. Merci de régler la facture en USDT sur l'adresse {m(g.eth(), CRY)}
ou en bitcoin sur {m(g.btc(), CRY)}. Mon numéro : {m(g.phone('FR'), PH)}. »"""


@kind("whatsapp_nl", "nl", n=5)
def _(g: Gen) -> str:
    a, b = g.person("nl"), g.person()
    addr, _ = g.address("NL", multiline=False)
    d = f"{g.r.randint(1, 28)}-{g.r.randint(1, 12)}-2024"
    return f"""[{d} {g.hm()}] {m(a.given, PER)}: Wat was het adres ook alweer?
[{d} {g.hm()}] {m(b.given, PER)}: {m(addr, LOC)}
[{d} {g.hm()}] {m(b.given, PER)}: bel me op {m(g.phone('NL'), PH)} als je er bent
-- vertaal dit naar het Engels"""


# =============================================================================================
# more negatives
JWT_IO_EXAMPLE = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


@kind("jwt_docs_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"The tutorial uses the well-known sample token {JWT_IO_EXAMPLE} whose payload is "
            f'{{"sub": "1234567890", "name": "John Doe"}}. Explain the three parts and why the signature check with secret '
            f"'your-256-bit-secret' passes. Assume a {g.r.randint(5, 90)}-minute expiry and {g.r.randint(1, 14)}-day refresh in our design.")


@kind("public_keys_en", "en", negative=True)
def _(g: Gen) -> str:
    raw = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + bytes(g.r.randrange(256) for _ in range(32))).decode()
    return f"""Add this public key to authorized_keys on all servers - is the format right?

ssh-ed25519 {raw} deploy@ci-runner-{g.r.randint(1, 9)}
Fingerprint: SHA256:{g.alnum(43, string.ascii_letters + string.digits + '+/')}
(public key only; private key stays in the vault)"""


@kind("checksums_en", "en", negative=True)
def _(g: Gen) -> str:
    rows = [f"{g.hexs(64)}  release-{g.r.randint(1, 9)}.{g.r.randint(0, 20)}.{i}.tar.gz" for i in range(g.r.randint(2, 4))]
    return "sha256sum -c fails on one file, which one?\n" + "\n".join(rows) + f"\nmd5 of the installer: {g.hexs(32)}"


@kind("agenda_roles_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Turn into an agenda: 09:00 welcome by the CFO; 09:{g.r.randint(15, 45)} product roadmap (Product team); "
            f"11:00 security update from the CISO office; lunch at the {pp(g)[0]} office canteen; 14:00 customer panel. "
            f"No names yet - speakers TBC. Room capacity {g.r.randint(20, 120)}.")


@kind("cron_systemd_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Why doesn't this timer fire?

[Unit]
Description=Nightly backup
[Timer]
OnCalendar=*-*-* 0{g.r.randint(1, 5)}:{g.r.randint(10, 59)}:00
Persistent=true
[Install]
WantedBy=timers.target
# crontab equivalent: {g.r.randint(0, 59)} {g.r.randint(0, 5)} * * * /usr/local/bin/backup.sh --target s3://backups-{g.hexs(6)}/"""


@kind("mac_vendor_docs_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Explain MAC address structure for the onboarding wiki: the first three bytes are the OUI (e.g. 00:1A:2B), the second "
            f"least-significant bit of the first byte marks locally administered addresses, and FF:FF:FF:FF:FF:FF is broadcast. "
            f"Example placeholder: XX:XX:XX:XX:XX:XX. Keep it to {g.r.randint(4, 8)} bullet points.")


@kind("recipe_en", "en", negative=True)
def _(g: Gen) -> str:
    return (f"Scale this recipe for {g.r.randint(6, 20)} people: {g.r.randint(200, 500)} g penne, {g.r.randint(2, 4)} tbsp olive oil, "
            f"1 tin San Marzano tomatoes, Parmigiano Reggiano, a pinch of Cayenne, basil. Serve with {X('Rose')} wine from Provence.")


@kind("ausschreibung_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Fasse die Ausschreibung zusammen: Vergabe-Nr. {g.r.randint(2024, 2026)}-{g.digits(5)}, Rahmenvertrag IT-Dienstleistungen für "
            f"die Stadt Leipzig, Laufzeit {g.r.randint(2, 4)} Jahre. Fragen an vergabe@example.org bis KW {g.r.randint(2, 50)}. "
            f"Bieter benennen eine Projektleitung (Name wird erst im Angebot genannt).")


@kind("kochrezept_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Rechne das Rezept auf {g.r.randint(6, 20)} Personen hoch: {g.r.randint(300, 800)} g Spätzle, {g.r.randint(100, 300)} g Bergkäse, "
            f"2 Zwiebeln, Butter, Salz. Dazu ein Glas Riesling von der Mosel oder ein {X('Kaiser')}schmarrn als Nachtisch.")


@kind("changelog_de", "de", negative=True)
def _(g: Gen) -> str:
    return f"""Formuliere die Änderungen kundenfreundlich:

## [{g.r.randint(1, 5)}.{g.r.randint(0, 30)}.{g.r.randint(0, 9)}] – {g.r.randint(2024, 2025)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}
- Fix: Login-Timeout nach {g.r.randint(5, 60)} Minuten
- Neu: Export als CSV (Ticket #{g.r.randint(1000, 9999)})
- Abhängigkeit requests auf 2.{g.r.randint(28, 32)} aktualisiert
- Testdaten: Max Mustermann, Musterstraße 1, 12345 Musterstadt"""


@kind("recette_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Adapte cette recette pour {g.r.randint(6, 20)} personnes : {g.r.randint(200, 600)} g de lentilles du Puy, lardons, "
            f"{g.r.randint(1, 3)} carottes, bouquet garni. À servir avec un Côtes-du-Rhône ou une tarte Tatin.")


@kind("offre_emploi_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Améliore cette offre : « Développeur·se Python (H/F), poste basé à {g.choice(['Lyon', 'Nantes', 'Bordeaux', 'Lille'])}, "
            f"télétravail {g.r.randint(2, 3)} j/semaine, salaire {g.r.randint(40, 55)}-{g.r.randint(56, 70)} k€. Candidature : "
            f"jobs@example.com, réf. DEV-{g.digits(4)}. »")


@kind("doc_api_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return f"""Explique cette documentation :

GET /v2/factures/{{id}}
En-tête : Authorization: Bearer <VOTRE_JETON>
Exemple de réponse : {{"id": "fac_{g.alnum(8, string.ascii_lowercase + string.digits)}", "client": "Jean Dupont", "iban": "FR76 **** **** **** **** **** {g.digits(3)}"}}"""


@kind("vacature_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return (f"Verbeter deze vacature: 'Data-analist (m/v/x) in Utrecht, {g.r.randint(32, 40)} uur, salaris {g.r.randint(3500, 4200)}-{g.r.randint(4300, 5600)} euro. "
            f"Solliciteren via vacatures@example.com, o.v.v. {g.digits(5)}.'")


@kind("recept_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return (f"Reken dit recept om naar {g.r.randint(6, 20)} personen: {g.r.randint(500, 1500)} g aardappelen, boerenkool, rookworst van de HEMA, "
            f"{g.r.randint(1, 3)} el mosterd. Serveer met {X('Grolsch')} of Spa rood.")


@kind("transcript_roles_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Clean up this auto-transcript (speakers not identified):

Speaker 1  00:00:0{g.r.randint(1, 9)}
Morning all. Quick one today, we're reviewing the {pick(g, 'Q3', 'Q4', 'H1')} numbers for the {pp(g)[0]} office.
Speaker 2  00:00:{g.r.randint(10, 40)}
Revenue is up {g.r.randint(2, 19)} percent. The client in {pp(g)[0]} renewed, the one in {pp(g)[0]} is still pending.
Speaker 1  00:01:{g.r.randint(10, 59)}
Great. Let's ask the CFO to sign off by Friday."""


@kind("sql_schema_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Add indexes to this schema (no data yet):

CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  first_name VARCHAR({g.r.choice([50, 80, 100])}) NOT NULL,
  last_name VARCHAR({g.r.choice([50, 80, 100])}) NOT NULL,
  email CITEXT UNIQUE,
  ssn CHAR(11),           -- stored encrypted, format ###-##-####
  iban VARCHAR(34),
  date_of_birth DATE,
  city VARCHAR(80)
);
CREATE TABLE orders (id BIGSERIAL, customer_id BIGINT REFERENCES customers(id), total NUMERIC({g.r.randint(8, 12)},2));"""


@kind("k8s_manifest_clean_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Is this deployment missing anything for prod?

apiVersion: apps/v1
kind: Deployment
metadata: {{name: {pick(g, 'billing', 'orders', 'search')}-api}}
spec:
  replicas: {g.r.randint(2, 6)}
  template:
    spec:
      containers:
        - name: api
          image: registry.internal:5000/api:{g.r.randint(1, 9)}.{g.r.randint(0, 30)}
          env:
            - name: DB_PASSWORD
              valueFrom: {{secretKeyRef: {{name: db-credentials, key: password}}}}
            - name: REGION
              value: {pick(g, 'eu-central-1', 'westeurope', 'europe-west3')}"""


@kind("feiertage_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Erstelle eine Übersicht: Heilige Drei Könige gilt nur in Bayern, Baden-Württemberg und Sachsen-Anhalt; Fronleichnam u. a. in "
            f"Nordrhein-Westfalen und Hessen; der Reformationstag in Sachsen und Thüringen. Unser Standort Köln hat {g.r.randint(9, 12)} Feiertage, "
            f"München {g.r.randint(12, 14)}. Der Augsburger Friedensfest-Tag ist am 8. August.")


@kind("masquage_logs_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return f"""Ces logs sont-ils conformes RGPD ?

{g.r.randint(2024, 2025)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} INFO connexion utilisateur id={g.hexs(8)}-{g.hexs(4)}-4{g.hexs(3)}-b{g.hexs(3)}-{g.hexs(12)} email=j***@****.fr ip={g.private_ip()}
{g.r.randint(2024, 2025)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} INFO paiement carte=**** **** **** {g.digits(4)} iban=FR76 **** **** **** {g.digits(2)}
{g.r.randint(2024, 2025)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} WARN jeton=[MASQUÉ] tentative n°{g.r.randint(2, 9)}"""


# =============================================================================================
# late additions: subtle positives and document-length negatives
@kind("slack_lowercase_en", "en", n=5)
def _(g: Gen) -> str:
    a, b, c = g.person(), g.person(), g.person()
    lo = ascii_fold(c.given).lower() if ascii_fold(c.given).lower() == c.given.lower() else c.given.lower()
    return f"""rewrite this so it sounds less passive-aggressive:

{m(a.given.lower(), PER)} [{g.hm()}]: ok who broke the export again
{m(b.given.lower(), PER)} [{g.hm()}]: not me. ask {m(lo, PER)}, she changed the cron last night
{m(a.given.lower(), PER)} [{g.hm()}]: thx. {m(lo, PER)} call me when you're in, {m(g.phone(), PH)}"""


@kind("mail_cc_list_en", "en", n=5)
def _(g: Gen) -> str:
    ppl = [g.person() for _ in range(g.r.randint(3, 5))]
    to = "; ".join(f"{m(p.full, PER)} <{m(g.email(p, True), EM)}>" for p in ppl[1:])
    return f"""Who on this thread should I remove before forwarding to the client?

From: {m(ppl[0].full, PER)}
To: {to}
Subject: FW: pricing exceptions {g.r.randint(2024, 2025)}

All - see below. {m(ppl[1].given, PER)}, please double-check the discount for {pick(g, 'the Lyon account', 'the Nordic deal', 'the public tender')}."""


@kind("kita_anmeldung_de", "de", n=5)
def _(g: Gen) -> str:
    kid, parent = g.person("de"), g.person()
    addr, _ = g.address("DE", multiline=False)
    return f"""Kannst du mir helfen, das Anmeldeformular für die Betriebs-Kita auszufüllen? Hier meine Notizen:

Kind: {m(kid.given + ' ' + parent.surname, PER)}, geboren am {m(g.dob('de', 0).rsplit('.', 1)[0] + '.' + str(g.r.randint(2020, 2023)), DOB)}
Allergien: {m(pick(g, 'Erdnussallergie', 'Laktoseintoleranz', 'Neurodermitis', 'Asthma bronchiale'), COND)}, Notfallmedikament {m(pick(g, 'Cetirizin', 'Salbutamol', 'Fenistil'), MED)}
Erziehungsberechtigt: {m(parent.full, PER)}, {m(addr, LOC)}
Notfallkontakt: {m(g.phone('DE'), PH)}"""


@kind("attestation_employeur_fr", "fr", n=5)
def _(g: Gen) -> str:
    p, s = g.person(), g.person("fr")
    addr, _ = g.address("FR", multiline=False)
    return f"""Corrige les fautes de cette attestation :

ATTESTATION EMPLOYEUR
Je soussignée {m(s.full, PER)}, DRH de la société Soluvia, atteste que {pick(g, 'Mme', 'M.')} {m(p.full, PER)},
demeurant {m(addr, LOC)}, né(e) le {m(g.dob('fr', 2), DOB)}, n° de sécurité sociale {m(g.nir(), NID)},
est employé(e) en CDI depuis le {g.r.randint(1, 28)}/{g.r.randint(1, 12):02d}/{g.r.randint(2012, 2022)}.
Fait pour servir et valoir ce que de droit."""


@kind("runbook_wiki_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Turn this runbook into a checklist:

## Restore the reporting DB (owner: Team {pick(g, 'Phoenix', 'Atlas', 'Kestrel')}, on-call alias oncall@example.com)
1. `export PGPASSWORD=<fetch from vault: db/reporting/{g.r.choice(['ro', 'rw'])}>`
2. `pg_restore -h reporting-db.internal -p {g.r.randint(5432, 5439)} -U restore_bot dump_{g.hexs(8)}.sql`
3. Verify row counts against ticket OPS-{g.digits(4)}; expected ~{g.r.randint(2, 90)}M rows.
4. If the VPN gateway 10.{g.r.randint(0, 255)}.0.1 is down, use the bastion in eu-west-1.
Escalate to the Head of Data (role, not person) after {g.r.randint(30, 90)} minutes."""


@kind("press_release_en", "en", negative=True)
def _(g: Gen) -> str:
    isin = g.choice(["IE00B4L5Y983", "US0378331005", "DE0007164600", "NL0010273215", "FR0000120271"])
    return (f"Edit this press release: 'Brightwell Labs (ISIN {isin}, LEI 5493001KJTIIGC8Y1R12) today opened its new engineering hub in "
            f"{pp(g)[0]}, creating {g.r.randint(40, 400)} jobs. The company's chief executive said the site, close to the {pp(g)[0]} "
            f"airport, will host its {X('Iris')} and {X('Olive')} product lines. Media contact: press@example.com.'")


@kind("dsar_template_en", "en", negative=True)
def _(g: Gen) -> str:
    return f"""Make this data subject access request reply template friendlier:

Dear [Customer Name],
Thank you for your request dated [DATE] (reference DSAR-{g.digits(5)}). We hold the following categories of data about you:
identity data (name, date of birth), contact data ([EMAIL], [PHONE]), and payment data (card ending [LAST4]).
We will respond within {g.r.choice([30, 28, 31])} days. Regards, Privacy Team"""


@kind("pressemitteilung_de", "de", negative=True)
def _(g: Gen) -> str:
    return (f"Kürze die Pressemitteilung auf {g.r.randint(3, 6)} Sätze: Die Stadtwerke Hohenau AG (ISIN DE000A{g.alnum(5, string.ascii_uppercase + string.digits)}, "
            f"WKN A{g.alnum(5, string.ascii_uppercase + string.digits)}) eröffnen ein Rechenzentrum in Frankfurt am Main. Der Vorstand rechnet mit "
            f"{g.r.randint(20, 200)} neuen Stellen. Pressekontakt: presse@example.org.")


@kind("wiki_vpn_de", "de", negative=True)
def _(g: Gen) -> str:
    return f"""Formuliere die Anleitung verständlicher:

1. VPN-Client öffnen, Server vpn.intern eintragen (Fallback {g.private_ip()}).
2. Benutzername = Windows-Login, Passwort = <dein Passwort, NICHT hier eintragen>.
3. Zertifikat vom Intranet laden (SHA-1 Fingerabdruck {':'.join(g.hexs(2).upper() for _ in range(8))}…).
4. Bei Fehler 809 Ticket im Service-Portal öffnen (Kategorie VPN, Priorität {g.r.randint(2, 4)})."""


@kind("communique_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return (f"Résume ce communiqué : Groupe Lavaud (ISIN FR00{g.digits(8)}, SIREN {g.digits(9)}) annonce l'ouverture d'un site à "
            f"{g.choice(['Toulouse', 'Nantes', 'Lille', 'Rennes'])} et {g.r.randint(50, 300)} recrutements. La présidente du directoire présentera "
            f"les résultats au salon VivaTech, Paris Expo Porte de Versailles. Contact presse : presse@example.com.")


@kind("modele_courrier_fr", "fr", negative=True)
def _(g: Gen) -> str:
    return f"""Améliore ce modèle de courrier :

[Prénom] [NOM]
[Adresse]
[Code postal] [Ville]

Objet : résiliation du contrat {pick(g, "d'assurance habitation", "de téléphonie mobile", "de salle de sport", "d'électricité", "de location de box")} n° {{{{numero_contrat}}}} (réf. modèle M-{g.r.randint(10, 99)})
Madame, Monsieur,
Je vous prie de bien vouloir résilier mon contrat à compter du {{{{date_effet}}}}. Préavis : {g.r.randint(1, 3)} mois.
Signature"""


@kind("handleiding_nl", "nl", negative=True)
def _(g: Gen) -> str:
    return f"""Maak deze handleiding duidelijker:

Stap 1: open config.yaml en vul bij api_key de waarde <JOUW_SLEUTEL> in.
Stap 2: zet database_url op postgresql://gebruiker:${{DB_WACHTWOORD}}@localhost:{g.r.randint(5432, 5439)}/app
Stap 3: test met curl http://127.0.0.1:{g.r.randint(8000, 9000)}/health
Vragen? Mail naar support@example.com (ticketnummer {g.digits(6)})."""


# =============================================================================================
# build
def build_records() -> list[dict]:
    return [rec for rec, _ in build_with_exemptions()]


def build_with_exemptions() -> list[tuple[dict, list[tuple[int, int]]]]:
    """Records plus the ranges of deliberately unlabelled look-alikes (X() markers), which the
    integrity test needs for its own completeness audit."""
    records: list[tuple[dict, list[tuple[int, int]]]] = []
    seen_texts: set[str] = set()
    for k in KINDS:
        rng = random.Random(f"blind6/{k.name}")
        made = 0
        attempts = 0
        reasons: list[str] = []
        while made < k.n:
            attempts += 1
            if attempts > 60 * k.n:
                raise AssertionError(f"{k.name}: cannot produce clean texts: {reasons[-5:]}")
            g = Gen(rng, k.lang)
            marked = k.make(g)
            text, spans, exempt = strip_markers(marked)
            problem = hygiene_problem(text, spans) or audit_record(text, spans, exempt)
            if k.negative and spans:
                problem = "negative kind produced spans"
            if text in seen_texts:
                problem = "duplicate text"
            if problem:
                reasons.append(problem)
                continue
            seen_texts.add(text)
            records.append(({"id": f"b6-{k.name}-{made:02d}", "kind": k.name, "lang": k.lang, "negative": not spans,
                             "text": text, "spans": spans}, exempt))
            made += 1
    return records


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def count_tables(records: list[dict]) -> str:
    """Markdown tables for the README; the integrity test checks the README quotes them verbatim."""
    langs = sorted({r["lang"] for r in records}, key=["en", "de", "fr", "nl"].index)
    out = ["| lang | texts | negatives | share |", "|---|---:|---:|---:|"]
    for lang in langs:
        rs = [r for r in records if r["lang"] == lang]
        out.append(f"| {lang} | {len(rs)} | {sum(r['negative'] for r in rs)} | {100 * len(rs) / len(records):.1f}% |")
    out.append(f"| all | {len(records)} | {sum(r['negative'] for r in records)} | 100% |")
    out += ["", "| category | entity_type | spans |", "|---|---|---:|"]
    counts: dict[tuple[str, str], int] = {}
    for r in records:
        for s in r["spans"]:
            key = (s["category"], s["entity_type"])
            counts[key] = counts.get(key, 0) + 1
    for (cat, et), n in sorted(counts.items()):
        out.append(f"| {cat} | {et} | {n} |")
    out.append(f"| all | all | {sum(counts.values())} |")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if "--tables" in argv:
        print(count_tables(build_records()), end="")
        return 0
    content = render(build_records())
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != content:
            print("blind6.jsonl is stale; run build_blind6.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10))} records to {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
