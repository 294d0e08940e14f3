"""Street addresses in English (US, UK, Ireland, Canada, Australia), German, Dutch, French, Spanish,
Italian, Portuguese and Polish: one LOCATION finding from the street (or the flat, residence or PO box
before it) to the city, postcode, state or country, over line breaks too.

    221B Baker Street, London NW1 6XE          1600 Main St, Springfield, IL 62704
    Lindenallee 30, 99152 Nürnberg             12 avenue Jean Jaurès, 69007 Lyon
    Calle Mayor 5, 3º B, 28013 Madrid          Via Roma 12, 20121 Milano (MI)
    39/56 Rundle St, Brisbane QLD 4390         147 Dock Road, Galway, V90 E59T
    Stratumseind 211 / 2520 DG Groningen       Postfach 12 04 · 90002 Nürnberg

NER sees a street named after someone ("avenue Jean Jaurès", "Baker Street") as a person and the rest of
the address as nothing; a street line has a shape of its own in each language (a house number and a
street word: `Street`, `-straße`, `rue`, `Calle`, `Via`), and what follows it on the same or the next
lines (a flat, a postcode, the city, a state or a country) belongs to the same finding. A street with no
street word ("Stratumseind 211", "Am Stadtpark 92") counts only when its tail runs to a postcode and a
city. The score beats the person recognizers', so the street's namesake is not reported as a person on
top. Example addresses of manuals and demo data ("Musterstraße 1, 12345 Musterstadt", "123 Main Street,
Anytown") name nobody's home and are not findings.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import LOWER, UPPER, is_known_place, trie_regex
from dlpguard.engine.recognizers._window_words import has_any, has_keyword
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import tables_in
from dlpguard.engine.types import Category, Finding

# "Baker", "Jaurès", "St.", "Saint-Étienne", "Saint-Gilles"
_CAP = rf"[{UPPER}][{LOWER}'’.-]*[{LOWER}.](?:-[{UPPER}][{LOWER}'’.-]*[{LOWER}.])*"
#: A capitalised word, an initial, or a regnal number ("Corso Vittorio Emanuele II 55").
_CAP_WORD = rf"(?:{_CAP}|[IVX]{{2,4}}(?![\w-])|[{UPPER}]\.?)"
#: Lowercase words inside a street or place name ("avenue de la République", "Via dei Mille").
_JOINERS = (
    r"(?:de|del|della|delle|dei|degli|di|da|das|do|dos|des|du|la|le|les|los|las|el|l['’]|d['’]|of|the|and|y|e"
    r"|am|an|der|dem|den|im|in|auf|bei|zum|zur|von|sur|sous|upon|on)"
)
_NAME_WORDS = rf"{_CAP_WORD}(?:[ \t]+(?:{_JOINERS}[ \t]+)*{_CAP_WORD}){{0,4}}"
_SEP = r"[ \t]*(?:,[ \t]*(?:\r?\n[ \t]*)?|\r?\n[ \t]*|[ \t]+[-–·|][ \t]+)"

# --- street lines, one table per language -------------------------------------------------------

_EN_SUFFIXES = (
    "Street", "St", "Avenue", "Ave", "Av", "Road", "Rd", "Lane", "Ln", "Drive", "Dr", "Boulevard", "Blvd",
    "Court", "Ct", "Place", "Pl", "Terrace", "Terr", "Way", "Close", "Crescent", "Cres", "Square", "Sq",
    "Parkway", "Pkwy", "Highway", "Hwy", "Circle", "Cir", "Gardens", "Grove", "Row", "Mews", "Walk",
    "Trail", "Trl", "Plaza", "Alley", "Loop", "Pike", "Expressway", "Freeway", "Gate", "Green", "Hill",
    "Park", "Rise", "Vale", "View", "Wharf", "Embankment", "Broadway", "Approach", "Paddocks", "Ter",
    "Chase", "Meadows", "Croft", "Fold", "Parade", "Drove", "Heights", "Yard", "Quay", "Wynd",
)  # fmt: skip
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)\.?"
_EN_STREET = (
    r"(?:(?:Flat|Apt|Apartment|Unit|Suite)\.?[ \t]+[\w-]{1,5},?[ \t]+)?"
    rf"(?<![\w.,/#$€£-])(?<!\d:)\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,5}}[A-Za-z]?)?[ \t]+(?:{_DIRECTION}[ \t]+)?"
    rf"(?:(?:{_CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}(?:{'|'.join(_EN_SUFFIXES)})\b\.?"
    rf"(?:[ \t]+{_DIRECTION}(?![\w]))?"
)
_FR_TYPES = (
    "rue", "avenue", "av.", "bd", "bd.", "boulevard", "place", "pl.", "chemin", "allée", "allee", "impasse",
    "quai", "cours", "route", "square", "passage", "voie", "villa", "cité", "sentier", "esplanade",
    "promenade", "faubourg", "fbg", "rond-point", "résidence", "lotissement", "hameau", "parvis", "montée",
)  # fmt: skip
_FR_STREET = (
    r"(?<![\w.,:/#$€£-])\d{1,4}(?:[ \t]?(?:bis|ter|quater|[A-Da-d])\b)?,?[ \t]+"
    rf"(?i:{'|'.join(re.escape(t) for t in _FR_TYPES)})[ \t]+"
    rf"(?:(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|la|le|les|l['’])[ \t]*)?{_NAME_WORDS}"
)
_ES_TYPES = (
    "Calle", "C/", "Avenida", "Avda.", "Avda", "Av.", "Plaza", "Pza.", "Paseo", "Pº", "Camino", "Carrer",
    "Carretera", "Ctra.", "Ronda", "Travesía", "Glorieta", "Vía", "Rambla", "Callejón", "Costanilla",
    "Avinguda", "Passeig", "Plaça", "Urbanización", "Urb.", "Rua", "Travessa", "Praça", "ul.",
)  # fmt: skip
_IT_TYPES = (
    "Via", "Viale", "Piazza", "Piazzale", "Corso", "Largo", "Vicolo", "Strada", "Lungomare", "Lungotevere",
    "Lungarno", "Contrada", "Borgo", "Salita", "Galleria", "Stradone", "Calle",
)  # fmt: skip
_HOUSE_NUMBER = (
    r"(?:(?:n\.?[ \t]?º|nº|n°|núm\.?|número|no\.?|nr\.?|n\.)[ \t]*)?"
    r"\d{1,4}[A-Za-z]?(?:[ \t]?[-/][ \t]?\d{1,4}[A-Za-z]?){0,2}(?:/[A-Za-z](?![\w]))?"
)


#: Street types also written in lowercase inside a sentence ("en la calle Mayor 5"); lowercase "via",
#: "corso" or "largo" are ordinary words.
_LOWERCASE_OK = frozenset(
    {"Calle", "C/", "Avenida", "Plaza", "Paseo", "Carrer", "Carretera", "Piazza", "Viale"}
)


def _types(words: tuple[str, ...]) -> str:
    """Each street type as written: capitalised, and lowercase too where that is not a common word."""
    spelled = {v for w in words for v in ((w, w[:1].lower() + w[1:]) if w in _LOWERCASE_OK else (w,))}
    return "|".join(re.escape(w) for w in sorted(spelled, key=len, reverse=True))


_ES_IT_STREET = (
    rf"(?<![\w-])(?:{_types(_ES_TYPES + _IT_TYPES)})[ \t]*"
    rf"(?:(?:{_JOINERS}|San|Santa|Santo|Sant['’])[ \t]+)*{_NAME_WORDS}[ \t]*,?[ \t]*{_HOUSE_NUMBER}\b"
)
_DE_SUFFIXES = (
    "straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "chaussee",
    "steig", "pfad", "markt", "graben", "wall", "kamp", "stieg", "zeile", "promenade", "gürtel", "kai",
    "steinweg", "landstraße", "bogen", "hang", "winkel", "twiete", "tor",
)  # fmt: skip
_DE_LONGEST_FIRST = sorted(_DE_SUFFIXES, key=len, reverse=True)
_DE_SUFFIX = "|".join(re.escape(s) for s in _DE_LONGEST_FIRST)
_DE_SUFFIX_TITLE = "|".join(re.escape(s[:1].upper() + s[1:]) for s in _DE_LONGEST_FIRST)
# "Lindenallee 30", "Karl-Marx-Str. 5", "Berliner Straße 12a", "Am Alten Markt 3": a word ending in a
# street word, or a street word after one to three capitalised words, then a house number.
_DE_STREET = (
    rf"(?<![\w-])(?:(?:{_CAP}[ \t-]+){{1,3}}(?:{_DE_SUFFIX_TITLE})"
    rf"|(?:{_CAP}[ \t-]+){{0,2}}[{UPPER}][{LOWER}-]*?(?:{_DE_SUFFIX}))"
    rf"[ \t]+\d{{1,4}}[a-zA-Z]?(?:[ \t]?[-/][ \t]?\d{{1,4}}[a-zA-Z]?){{0,2}}\b"  # Austrian "45/3/12"
)

# --- what may follow a street line ------------------------------------------------------------------

# A place name ends on a letter: "Madrid." ends a sentence, "St. Albans" keeps its dot inside.
_PLACE_WORD = rf"(?:St\.|[{UPPER}][{LOWER}'’-]*[{LOWER}])"
_PLACE = rf"{_PLACE_WORD}(?:[ \t-]+(?:(?:{_JOINERS})[ \t-]+)*{_PLACE_WORD}){{0,3}}"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"
_US_STATE_ZIP = r"[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b"
_CA_PROVINCE_POSTCODE = r"[A-Z]{2}[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"  # "SK R3B 2X5"
_AU_STATE_POSTCODE = r"(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]+\d{4}\b"  # "QLD 4390"
# Irish Eircode: a routing key (letter, two digits; or D6W) and four characters ("V90 E59T").
_EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ \t]?[0-9AC-FHKNPRTV-Y]{4}\b"
_POSTAL_CODE = rf"(?:{_UK_POSTCODE}|{_EIRCODE}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b)"
_COUNTRY = (
    r"(?:USA|U\.S\.A\.|United[ \t]+States|UK|U\.K\.|United[ \t]+Kingdom|England|Scotland|Wales|Ireland"
    r"|Germany|Deutschland|Austria|Österreich|Switzerland|Schweiz|Suisse|Svizzera|France|Belgique|Belgium"
    r"|Spain|España|Italy|Italia|Portugal|Netherlands|Nederland|Canada|Australia|Luxembourg|Luxemburg)\b"
)
_UNIT = (
    r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Dept|PO[ \t]+Box|Box)\.?"
    r"[ \t]*#?[\w-]{1,6}"
    r"|#[ \t]?\d{1,5}[A-Za-z]?"
    r"|\d{1,2}\.?[ºª°][ \t]*(?:[A-Z]\b|[Ii]zq(?:da)?\.?|[Dd]cha\.?|[Pp]uerta[ \t]+\w+|[Ee]sq\.?|[Dd]to\.?"
    r"|[Dd]ir\.?|[Ff]rente|[Tt]r[aá]s)?"
    r"|(?:[Pp]iso|[Pp]lanta|[Pp]uerta|[Ee]sc(?:alera)?\.?|[Bb]ât(?:iment)?\.?|[Aa]ppt?\.?|[Éé]tage|[Ss]cala"
    r"|[Ii]nt(?:erno)?\.?|[Pp]iano|[Aa]partment)[ \t]*[\w-]{1,5}"
    r"|(?:[Hh]interhaus|[Vv]orderhaus|[Ss]eitenflügel|[Gg]artenhaus|[Bb]ajo|[Ee]ntresuelo|[Áá]tico|[Ss]ótano"
    r"|[Rr]ez-de-chaussée|RDC)\b"
    r"|\d{1,2}\.[ \t]?(?:OG|Stock|Etage|Obergeschoss)|[EO]G"
    # Brazilian and Portuguese flats: "apto 42", "ap. 12", "sala 3", "bloco B", "andar 5", "r/c esq."
    r"|(?:[Aa]pto|[Aa]p|[Ss]ala|[Bb]loco|[Aa]ndar|[Cc]asa|[Ll]oja|[Cc]j)\.?[ \t]*[\w-]{1,5}"
    r"|r/c(?:[ \t]+\w+\.?)?)"
)
# "99152 Nürnberg", "D-10115 Berlin", "75008 Paris CEDEX 08", "20121 Milano (MI)", "1010 Wien".
_POSTCODE_CITY = (
    # Dutch "2520 DG Groningen", Portuguese "1100-048 Lisboa", Polish "00-590 Warszawa".
    # Brazilian CEP "01304-001 São Paulo - SP".
    rf"(?:(?:[A-Z]{{1,2}}-)?\d{{4,5}}[ \t]+(?:[A-Z]{{2}}[ \t]+)?|\d{{4,5}}-\d{{3}}[ \t]+|\d\d-\d{{3}}[ \t]+)"
    rf"{_PLACE}"
    rf"(?:[ \t]+(?:CEDEX|Cedex)(?:[ \t]+\d{{1,2}})?)?"
    rf"(?:[ \t]*\([A-Z]{{2}}\)|[ \t]+[A-Z]{{2}}\b|[ \t]+[-–/][ \t]+[A-Z]{{2}}\b)?"
)
#: US states written out, as a state before a ZIP code ("Columbus, Ohio 78290").
US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
    "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip
_STATE_NAMES = "|".join(state.replace(" ", r"[ \t]+") for state in US_STATES)
_US_STATE_NAME_ZIP = rf"(?:{_STATE_NAMES})[ \t]+\d{{5}}(?:-\d{{4}})?\b"
_REGION_CODE = (
    rf"(?:{_US_STATE_ZIP}|{_US_STATE_NAME_ZIP}|{_CA_PROVINCE_POSTCODE}|{_AU_STATE_POSTCODE}|{_POSTAL_CODE})"
)
# "Montréal (Québec) H3G 1H2": a province in brackets may stand between the city and the code.
_CITY_CODE = rf"{_PLACE}(?:[ \t]*\({_PLACE}\))?(?:,?[ \t]+{_REGION_CODE})"
# A semicolon parts the cells of a CSV row or the fields of a vCard `ADR` ("Rosenweg 62;95917 Freiburg").
_TAIL_STRONG = re.compile(
    rf"(?:{_SEP}|;[ \t]*)(?P<part>{_POSTCODE_CITY}|{_CITY_CODE}|{_REGION_CODE}|{_UNIT}|{_COUNTRY})"
)
# "7916 Sycamore Ln Suite 182": a flat or suite straight after the street, with no comma.
_TAIL_UNIT = re.compile(
    r"[ \t]+(?P<part>(?:Apt|Apartment|Suite|Ste|Unit|Flat)\.?[ \t]*#?[\w-]{1,6}|#[ \t]?\d{1,5}[A-Za-z]?)"
    r"(?!\w)"
)
# A bare city after a comma: only when nothing but punctuation, a closing quote or tag, or a line end follows.
_TAIL_CITY = re.compile(rf"[ \t]*[,;][ \t]*(?P<part>{_PLACE})(?=[ \t]*(?:[,.;)\"<\r\n]|$))")
# A city alone on the next line: the lines of a letter head ("237 Mill Lane\nCardiff\nCF9 5WP").
# "Cardiff", or a city and its state or country ("Portland, Oregon").
_TAIL_CITY_LINE = re.compile(
    rf"[ \t]*\r?\n[ \t]*(?P<part>(?P<city>{_PLACE})(?:,[ \t]*(?P<region>{_PLACE}))?)[ \t]*(?=\r?\n|$)"
)
_POSTAL_LINE = re.compile(rf"[ \t]*\r?\n[ \t]*{_REGION_CODE}")
_LINE_END = re.compile(r"[ \t]*(?:\r?\n|$)")

# --- streets without a street word, PO boxes, and what may stand before a street --------------------

# A postcode and a city, where an address may end ("2520 DG Groningen", "37129 Erfurt").
# `\d\d{3,4}`, not `\d{4,5}`: a pattern opening on a class lets `re` skip to digits in C.
_POSTCODE_ANCHOR = re.compile(rf"\d\d{{3,4}}[ \t]+(?:[A-Z]{{2}}[ \t]+)?[{UPPER}]")
_CITY_AFTER_CODE = re.compile(
    rf"(?P<code>\d{{4,5}})[ \t]+(?P<letters>[A-Z]{{2}}[ \t]+)?(?P<city>{_PLACE})(?:[ \t]*\([A-Z]{{2}}\))?"
)
# One to four capitalised words and a house number: "Stratumseind 211", "Am Stadtpark 92".
# Dutch house numbers carry a suffix: "75-A", "45bis", "47 II", "12 hs".
_GENERIC_STREET = re.compile(
    rf"(?<![\w-])(?:{_CAP}[ \t]+(?:{_JOINERS}[ \t]+)*){{0,3}}{_CAP}[ \t]+\d{{1,4}}(?:[a-zA-Z](?![a-zA-Z]))?"
    rf"(?:[ \t]?[-/][ \t]?\d{{1,4}}[a-zA-Z]?){{0,2}}(?:-[A-Za-z]\b|-?bis\b|[ \t]+(?:I{{1,3}}|hs|bg)\b)?"
    rf"(?![\w.,:/-]?\d)"
)
#: How a street is named without a street word: after a preposition ("Am Stadtpark", "Op de Berg")…
_STREET_OPENERS = frozenset(
    """
    am im an auf zum zur in unter hinter vor bei op aan bij over achter rue via calle avenue boulevard
    chaussée place chemin quai allée route impasse
    """.split()  # noqa: SIM905
)
#: …or with a place-name ending (Dutch, German, Nordic, English).
_STREET_ENDINGS = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "dreef", "hof", "pad", "steeg",
    "markt", "eind", "veld", "park", "berg", "dal", "hoven", "haven", "kamp", "gade", "vej", "gatan",
    "vägen", "veien", "gata", "tie", "katu", "grund", "feld", "garten", "brücke", "hof", "heide", "wiese",
)  # fmt: skip
#: Words before a number that count or label things, not streets ("Seite 2", "Version 3").
_NOT_STREET = frozenset(
    """
    seite page version kapitel chapter punkt nr nummer top item step schritt artikel article paragraph
    abs room raum zimmer gate level stufe tabelle table figure abbildung anlage teil part phase sprint
    release ticket order rechnung invoice folie slide woche week tag day runde round jahr year monat
    month gruppe group team klasse class band vol volume no meeting termin kunde customer client konto
    account id pos position zeile line row case fall issue bug build node server host port slot batch lot
    """.split()  # noqa: SIM905
)


_NUMBER_SUFFIXES = frozenset({"I", "II", "III", "hs", "bg"})


def _street_name_start(street: re.Match[str]) -> int:
    """Where the street's name begins in a match that may hold words before it ("Bitte an Lindenallee
    30"): at its last capitalised preposition ("Am Stadtpark"), or else at the word before the number."""
    words = list(re.finditer(r"\S+", street.group()))
    while len(words) > 1 and words[-1].group() in _NUMBER_SUFFIXES:
        words.pop()  # "Zuiderdiep 47 II": the suffix, then the number
    words = words[:-1]
    opener = [w for w in words if w.group()[:1].isupper() and w.group().lower() in _STREET_OPENERS]
    if opener:
        return street.start() + opener[-1].start()
    # Two capitalised words alone at a line's start are one name ("Lange Voorhout 9").
    line_start = street.string.rfind("\n", 0, street.start()) + 1
    alone = not street.string[line_start : street.start()].strip()
    if alone and len(words) == 2 and all(w.group()[:1].isupper() for w in words):
        return street.start()
    return street.start() + words[-1].start()


def _unnamed_street_ok(street: str, city: re.Match[str]) -> bool:
    """A street without a street word counts when its name or its city looks the part, so "Seite 2,
    2024 Roadmap" is not an address."""
    words = street.split()
    if words[0].lower() in _NOT_STREET or words[-2].lower() in _NOT_STREET:
        return False
    if any(w.endswith(".") for w in words[:-1]):
        return False  # "Kunde Nr. 4411": an abbreviation labels a number
    known_city = is_known_place(city.group("city")) or is_known_place(city.group("city").split()[0])
    code = city.group("code")
    if len(code) == 4 and not city.group("letters") and 1900 <= int(code) <= 2099 and not known_city:
        return False  # a year, not a postcode
    name = next((w for w in reversed(words) if not w[:1].isdigit() and w not in _NUMBER_SUFFIXES), "")
    name = name.lower()
    if city.group("letters"):
        return True  # a Dutch postcode ("1825 ZX Medemblik") says the line before it is a street
    return known_city or words[0].lower() in _STREET_OPENERS or name.endswith(_STREET_ENDINGS)


# "Postfach 12 04 · 90002 Nürnberg", "PO Box 4821, Darwin NT 0801": found only with a tail after them.
_PO_BOX = re.compile(
    r"(?<![\w-])(?:Postfach|Postbus|P\.?[ \t]?O\.?[ \t]+Box|Boîte[ \t]+[Pp]ostale|B\.P\.|BP"
    r"|Apartado(?:[ \t]+de[ \t]+[Cc]orreos)?|Casella[ \t]+[Pp]ostale|Case[ \t]+[Pp]ostale)"
    r"[ \t]+\d{1,6}(?:[ \t]\d{1,4})?(?![\w.,/-]?\d)"
)
_PO_BOX_KEYS = ("postfach", "postbus", "box", "postale", "b.p.", "bp ", "apartado")
# A flat, a building or a residence named on the line above the street or just before it on its line.
_BEFORE_STREET = re.compile(
    rf"(?<![\w-])(?:(?:Flat|Apt|Apartment|Unit|Suite)\.?[ \t]+[\w-]{{1,5}}"
    rf"|(?:Résidence|Bâtiment|Bât\.|Immeuble|Lotissement|Residencia|Urbanización|Edificio|Palazzo)[ \t]+"
    rf"{_NAME_WORDS})(?:[ \t]*,[ \t]*(?:\d{{1,2}}(?:e|er|ème|º)[ \t]+étage|{_UNIT}))?"
    r"[ \t]*(?:,[ \t]*(?:\r?\n[ \t]*)?|\r?\n[ \t]*)$"
)


def _extend_back(text: str, start: int) -> int:
    """Back over a flat or a residence that opens the address ("Flat 2\n4 Hawthorn Avenue")."""
    before = _BEFORE_STREET.search(text, max(0, start - 80), start)
    return before.start() if before is not None else start


# --- example addresses ------------------------------------------------------------------------------

# Placeholder streets and towns of manuals and demo data in each language: "Musterstraße 1, 12345
# Musterstadt", "Calle Falsa 123", "1 rue de l'Exemple", "123 Main Street, Anytown", "Sample Street".
_PLACEHOLDER_WORD = re.compile(
    r"(?i)muster|beispiel|exempl|example|esempio|ejemplo|voorbeeld|sample|\bfals[ao]\b|\bfake|fictiti|fictici|fittizi"
    r"|\bany[ -]?(?:town|city|ville|where|street)\b|\bsome(?:where|town)\b|\bnowhere\b|placeholder|\bdummy\b"
    r"|\bfoo\b|\blorem\b|\bxxx"
)
# 12345, 00000: typed, not real; "75000 Paris", "00100 Roma", "28000 Madrid": the whole-city code of a
# city that has one per district, which only an example uses.
_PLACEHOLDER_CODE = re.compile(r"(?<!\d)(?:12345|00000)(?!\d)")
_HOUSE_NUMBER_FIRST = re.compile(r"\d+[A-Za-z]?(?:[-/]\d+)?[ \t,]")
_DISTRICT_CITY_CODE = re.compile(
    r"(?<!\d)\d\d[01]00[ \t]+(?:Paris|Lyon|Marseille|Roma|Rome|Milano|Milan|Torino|Napoli|Genova|Bologna"
    r"|Firenze|Venezia|Palermo|Madrid|Barcelona|Berlin|München|Hamburg|Köln)(?![\w-])"
)


def placeholder_address(address: str, opens_on_street: bool = True) -> bool:
    """An example address from a manual or demo data, which names nobody's home. The number that opens
    an address is its house number ("12345 Ventura Blvd"), not a postcode, unless `opens_on_street` is
    false (the text starts at the postcode: "12345 Musterstadt")."""
    house = _HOUSE_NUMBER_FIRST.match(address) if opens_on_street else None
    codes = address[house.end() :] if house is not None else address
    return bool(
        _PLACEHOLDER_WORD.search(address)
        or _PLACEHOLDER_CODE.search(codes)
        or _DISTRICT_CITY_CODE.search(codes)
    )


#: The reason the engine counts for its `known_test_value` note (`filters.KNOWN_EXAMPLE_REASON`; not
#: imported, so that the filters module may import this one).
EXAMPLE_ADDRESS_REASON = "documented example value"
_CODE_BEFORE = re.compile(r"\d{4,5}[ \t]+$")


def example_address_place(finding: Finding, value: str, text: str) -> str | None:
    """A place inside an example address ("Anytown", "12345 Musterstadt", "75000 Paris" after "1 rue de
    l'Exemple"), as NER or the gazetteer reads it: a filter, so the engine notes it as a known test value.
    Street addresses themselves are judged by `StreetAddressRecognizer`."""
    if finding.category is not Category.LOCATION:
        return None
    if placeholder_address(value):
        return EXAMPLE_ADDRESS_REASON
    line_start = text.rfind("\n", 0, finding.start) + 1
    before = text[max(line_start, finding.start - 60) : finding.start]
    code = _CODE_BEFORE.search(before)
    if code is not None and placeholder_address(before[code.start() :] + value, opens_on_street=False):
        return EXAMPLE_ADDRESS_REASON
    # The city of an address whose street is a placeholder ("1 rue de l'Exemple, 75000 Paris").
    if _PLACEHOLDER_WORD.search(before) and (code is not None or _STREET_NUMBER_BEFORE.search(before)):
        return EXAMPLE_ADDRESS_REASON
    return None


_STREET_NUMBER_BEFORE = re.compile(r"\d{1,4}[a-zA-Z]?,?[ \t]*(?:,[ \t]*)?$")


_STREETS = (
    ("en_street", _EN_STREET),
    ("fr_street", _FR_STREET),
    ("es_it_street", _ES_IT_STREET),
    ("de_street", _DE_STREET),
)
# What a street regex cannot match without, found fast: only the lines holding one are read with the
# street regexes, which cost several times more run over a whole text. A regex that starts on a few
# capital letters or on a digit is skipped through in C; one that starts on any lowercase letter (a long
# alternation of street words) is not, so the other languages' anchors are a house number: before a
# French street type, or after a word (German "…allee 30", or Spanish and Italian with a street type
# shortly before: "Calle Mayor 5", "Via Roma 12").
# As a trie: only the lines it finds matter, and a trie tries each capital once instead of once a suffix.
_EN_ANCHOR = re.compile(rf"(?:{trie_regex(sorted(_EN_SUFFIXES))})\b")
_FR_ANCHOR = re.compile(
    r"\d(?:[ \t]?[a-d])?,?[ \t]+(?:(?:bis|ter|quater),?[ \t]+)?"
    rf"(?:{'|'.join(sorted({re.escape(t.lower()) for t in _FR_TYPES}, key=len, reverse=True))})[ \t]"
)
# A space before a digit (a literal, skipped through fast); the word before it is checked in Python.
_SPACE_DIGIT = re.compile(r" \d")
_ES_IT_TYPE = re.compile(
    rf"(?<!\w)(?:{'|'.join(sorted({re.escape(t.lower()) for t in (*_ES_TYPES, *_IT_TYPES)}, key=len)[::-1])})"
)
_DE_ENDINGS = tuple(_DE_SUFFIXES)
#: Column names (lowercase, separators removed) whose cells are street addresses.
ADDRESS_COLUMNS = frozenset(
    """
    address street streetaddress address1 addressline1 addressline addr homeaddress billingaddress
    shippingaddress postaladdress mailingaddress anschrift adresse straße strasse strasseundhausnummer
    adressepostale rue dirección direccion domicilio calle indirizzo via residenza
    """.split()  # noqa: SIM905
)
Span = tuple[int, int]
_COLUMN_KEY = re.compile(r"[\s_\-.]+")
_COLUMN_WORDS = (
    "addr", "adress", "anschrift", "stra", "street", "direcci", "indirizzo", "domicilio", "calle",
)  # fmt: skip
_CELL_ADDRESS = re.compile(rf"(?=.*\d)(?=.*[{UPPER}])[\w .,'’/#ºª°()-]{{5,120}}")

# Words that look like a bare city after a street but start a sentence or name a thing.
_NOT_PLACE = frozenset(
    """
    Please Thanks Thank Regards Best Cheers Bitte Danke Merci Gracias Grazie Hi Hello Dear Hola Bonjour
    Hallo Tel Phone Email Fax Mobile Tél Teléfono Telefono Telefon
    """.split()  # noqa: SIM905
)


#: A street word in capitals, the cheap test for an address written in capitals somewhere in the text.
_SHOUTED_STREET = re.compile(
    r"\b(?:STREET|ROAD|LANE|AVENUE|DRIVE|CLOSE|COURT|PLACE|TERRACE|WAY|CRESCENT|SQUARE|GARDENS|RUE|ALLÉE"
    r"|BOULEVARD|CHEMIN|CALLE|AVENIDA|PLAZA|PASEO|CARRER|VIA|VIALE|PIAZZA|CORSO|RUA|TRAVESSA|PRAÇA"
    r"|STRASSE|STRAßE|WEG|ALLEE|PLATZ)\b"
)
#: A postcode and a town in capitals on a line of their own ("61000 ALENÇON").
_SHOUTED_TOWN = re.compile(
    rf"(?:^[ \t]*|(?<=,[ \t]))\d{{4,5}}[ \t]+[{UPPER}]{{3,}}[{UPPER} '’-]*$", re.MULTILINE
)
#: A line mostly in capitals (letters, digits and address punctuation only).
_SHOUTED_LINE = re.compile(
    rf"(?:^|(?<=:[ \t]))(?=[^\n]*[{UPPER}]{{3}})[{UPPER}0-9 \t.,'’/#ºª°-]+$", re.MULTILINE
)
_SHOUTED_WORD = re.compile(rf"[{UPPER}]{{2,}}")
_LOWER_JOINERS = frozenset({"DE", "DEL", "DELLA", "DEI", "DI", "DA", "DU", "DES", "LA", "LE", "LES", "LOS",
                            "LAS", "EL", "VON", "VAN", "DER"})  # fmt: skip


_STRETCH_LINES = 4


def _changed_stretches(text: str, titled: str) -> list[tuple[int, int]]:
    """[lo, hi) around each stretch `titled` changed, a few lines either side (an address's street may
    stand above its capitalised town), merged where they meet."""
    out: list[tuple[int, int]] = []
    for rx in (_SHOUTED_LINE, _SHOUTED_TOWN):
        for m in rx.finditer(text):
            if text[m.start() : m.end()] == titled[m.start() : m.end()]:
                continue
            lo, hi = m.start(), m.end()
            for _ in range(_STRETCH_LINES):
                lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
                nxt = text.find("\n", hi + 1)
                hi = len(text) if nxt < 0 else nxt
            out.append((lo, hi))
    out.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in out:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _shifted(f: Finding, by: int) -> Finding:
    return Finding(f.entity_type, f.category, f.start + by, f.end + by, f.score, f.recognizer)


def _union(findings: list[Finding]) -> list[Finding]:
    """Overlapping addresses of the two readings as one finding each, over both spans, at the higher score."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            last = out[-1]
            out[-1] = Finding(
                last.entity_type, last.category, last.start, max(last.end, f.end), max(last.score, f.score),
                last.recognizer,
            )  # fmt: skip
        else:
            out.append(f)
    return out


def _title_line(line: str) -> str:
    """ "76 ELM STREET" -> "76 Elm Street", "AVENIDA DE ANDALUCÍA" -> "Avenida de Andalucía"; postcodes,
    state codes and words with digits stay as written ("MW11 3NR", "NY 85879")."""

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if w in _LOWER_JOINERS:
            return w.lower()
        if len(w) < 3 or not w.isalpha():
            return w
        return w[0] + w[1:].lower() if len(w[1:].lower()) == len(w) - 1 else w

    return _SHOUTED_WORD.sub(word, line)


class StreetAddressRecognizer(PatternDetector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION
    PATTERNS = tuple(Pattern(name, regex, 0.92) for name, regex in _STREETS)
    #: Above the person recognizers' best (0.9), so a street named after someone stays one address.
    SCORE = 0.92
    CELL_SCORE = 0.8
    #: Example addresses are dropped here; with `example_address_place` among the engine's filters they
    #: may be reported instead, so the filter sets them aside and the scan notes them as known test values.
    DROP_EXAMPLES = True

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings = self._find(text, lowered)
        if _SHOUTED_STREET.search(text) or _SHOUTED_TOWN.search(text):
            # Labels and OCR'd forms write the whole address in capitals ("76 ELM STREET", "CALLE NUEVA,
            # 71"): read such lines again with their words capitalised as the patterns expect.
            titled = _SHOUTED_LINE.sub(lambda m: _title_line(m.group()), text)
            titled = _SHOUTED_TOWN.sub(lambda m: _title_line(m.group()), titled)
            if len(titled) == len(text) and titled != text:
                # Only the stretches around the changed lines are read again, not the whole window.
                again = []
                for lo, hi in _changed_stretches(text, titled):
                    part = titled[lo:hi]
                    again += [_shifted(f, lo) for f in self._find(part, part.lower())]
                findings = _union(findings + again)
        return findings

    def _find(self, text: str, lowered: str) -> list[Finding]:
        spans: list[Span] = []
        english, french, spanish_italian, german = (rx for _, rx in self._compiled)
        self._read(text, english, _lines(text, [m.start() for m in _EN_ANCHOR.finditer(text)]), spans)
        if len(lowered) != len(text):  # lowercasing moved the offsets: read every line
            for rx in (french, spanish_italian, german):
                self._read(text, rx, [(0, len(text))], spans)
        else:
            self._read(text, french, _lines(text, [m.start() for m in _FR_ANCHOR.finditer(lowered)]), spans)
            numbers = _numbers_after_words(lowered)
            typed = [n for n in numbers if _ES_IT_TYPE.search(lowered, max(0, n - 80), n)]
            self._read(text, spanish_italian, _lines(text, typed), spans)
            streets = [n for n in numbers if _word_before(lowered, n).endswith(_DE_ENDINGS)]
            self._read(text, german, _lines(text, streets), spans)
        self._read_unnamed_streets(text, spans)
        boxes = [
            m.start()
            for k in _PO_BOX_KEYS
            if has_keyword(lowered, k)
            for m in re.finditer(re.escape(k), lowered)
        ]
        if boxes:
            self._read(text, _PO_BOX, _lines(text, boxes), spans, tail_needed=True)
        covered = _merged(spans)
        if self.DROP_EXAMPLES:
            covered = [(s, e) for s, e in covered if not placeholder_address(text[s:e])]
        findings = [self._finding(s, e, self.SCORE) for s, e in covered]
        for start, end in self._address_cells(text, lowered):
            if not any(s <= start < e or start <= s < end for s, e in covered):
                findings.append(self._finding(start, end, self.CELL_SCORE))
        return findings

    def _read(
        self, text: str, rx: re.Pattern[str], lines: list[Span], spans: list[Span], tail_needed: bool = False
    ) -> None:
        for start, end in lines:
            for match in rx.finditer(text, start, end):
                tail = self._extend(text, match.end())
                if tail_needed and tail == match.end():
                    continue
                spans.append((_extend_back(text, match.start()), tail))

    def _read_unnamed_streets(self, text: str, spans: list[Span]) -> None:
        """A street without a street word ("Stratumseind 211", "Am Stadtpark 92") is an address only when
        its tail runs to a postcode and city, and the street or the city looks the part."""
        for anchor in _POSTCODE_ANCHOR.finditer(text):
            pos = anchor.start()
            if pos and (text[pos - 1].isalnum() or text[pos - 1] in "-./:"):
                continue
            city = _CITY_AFTER_CODE.match(text, pos)
            if city is None:
                continue
            # The anchor's own line, then up to two lines above it (a flat, a floor).
            line_start = text.rfind("\n", 0, pos) + 1
            lines = [(line_start, pos)]
            for _ in range(2):
                if line_start == 0:
                    break
                above = text.rfind("\n", 0, line_start - 1) + 1
                lines.append((above, line_start - 1))
                line_start = above
            for lo, hi in lines:
                street = next(
                    (
                        m
                        for m in _GENERIC_STREET.finditer(text, max(lo, hi - 120), hi)
                        if self._extend(text, m.end()) >= city.end()
                        and _unnamed_street_ok(text[_street_name_start(m) : m.end()], city)
                    ),
                    None,
                )
                if street is not None:
                    start = _street_name_start(street)
                    spans.append((_extend_back(text, start), self._extend(text, street.end())))
                    break

    def _extend(self, text: str, end: int) -> int:
        """Past the parts that follow a street line: flat, postcode and city, state, country."""
        for _ in range(6):
            part = _TAIL_STRONG.match(text, end) or _TAIL_UNIT.match(text, end)
            if part is None:
                part = _TAIL_CITY.match(text, end)
            if part is None:
                part = _TAIL_CITY_LINE.match(text, end)
                # A lone line is a city only before a postcode line, or when it is a well-known place.
                if part is not None and not (
                    _POSTAL_LINE.match(text, part.end("part"))
                    or is_known_place(part.group("city"))
                    or _known_region(part.group("region"))
                ):
                    part = None
            if part is None or part.group("part").split()[0] in _NOT_PLACE:
                break
            end = part.end("part")
        return end

    def _address_cells(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """Cells of an `address` / `Anschrift` / `dirección` column: the header says what they are."""
        if not has_any(lowered, _COLUMN_WORDS):
            return []
        out: list[tuple[int, int]] = []
        for table in tables_in(text):
            columns = [i for i, h in enumerate(table.header) if _COLUMN_KEY.sub("", h) in ADDRESS_COLUMNS]
            if not columns:
                continue
            for row in table.rows:
                cells = table.cells(text, row)
                for i in columns:
                    start, end = cells[i]
                    if _CELL_ADDRESS.fullmatch(text, start, end):
                        out.append((start, end))
        return out

    def _finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)


def _known_region(region: str | None) -> bool:
    """A state or country that may close an address line ("Oregon", "Italy")."""
    return region is not None and (is_known_place(region) or region in US_STATES)


def _numbers_after_words(lowered: str) -> list[int]:
    """Offsets of digits that follow a word and a space ("allee 30", "mayor, 5", "nº 5")."""
    return [
        m.end() - 1
        for m in _SPACE_DIGIT.finditer(lowered)
        if (before := lowered[m.start() - 1 : m.start()]).isalpha() or before in (".", ",", "º")
    ]


def _word_before(lowered: str, pos: int) -> str:
    """The whitespace-delimited word that ends shortly before `pos` ("karl-marx-str." before "5")."""
    words = lowered[max(0, pos - 40) : pos].split()
    return words[-1] if words else ""


def _lines(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The lines holding `positions`, each once, in order."""
    lines: list[tuple[int, int]] = []
    for pos in sorted(positions):
        if lines and pos < lines[-1][1]:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        lines.append((start, len(text) if end < 0 else end))
    return lines


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined: a street seen by two languages' patterns is one address."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
