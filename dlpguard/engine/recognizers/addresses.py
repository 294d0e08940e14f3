"""Street addresses in English (US, UK), German, French, Spanish and Italian: one LOCATION finding from
the street to the city, over line breaks too.

    221B Baker Street, London NW1 6XE          1600 Main St, Springfield, IL 62704
    Lindenallee 30, 99152 Nürnberg             12 avenue Jean Jaurès, 69007 Lyon
    Calle Mayor 5, 3º B, 28013 Madrid          Via Roma 12, 20121 Milano (MI)

NER sees a street named after someone ("avenue Jean Jaurès", "Baker Street") as a person and the rest of
the address as nothing; a street line has a shape of its own in each language (a house number and a
street word: `Street`, `-straße`, `rue`, `Calle`, `Via`), and what follows it on the same or the next
lines (a flat, a postcode, the city, a state or a country) belongs to the same finding. The score beats
the person recognizers', so the street's namesake is not reported as a person on top.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import LOWER, UPPER
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import tables_in
from dlpguard.engine.types import Category, Finding

_CAP = rf"[{UPPER}][{LOWER}'’.-]*[{LOWER}.]"  # "Baker", "Jaurès", "St.", "Saint-Étienne"
_CAP_WORD = rf"(?:{_CAP}|[{UPPER}]\.?)"
#: Lowercase words inside a street or place name ("avenue de la République", "Via dei Mille").
_JOINERS = (
    r"(?:de|del|della|delle|dei|degli|di|da|des|du|la|le|les|los|las|el|l['’]|d['’]|of|the|and|y|e"
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
    "Park", "Rise", "Vale", "View", "Wharf", "Embankment", "Broadway",
)  # fmt: skip
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)\.?"
_EN_STREET = (
    r"(?:(?:Flat|Apt|Apartment|Unit|Suite)\.?[ \t]+[\w-]{1,5},?[ \t]+)?"
    rf"(?<![\w.,:/#$€£-])\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}})?[ \t]+(?:{_DIRECTION}[ \t]+)?"
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
    "Avinguda", "Passeig", "Plaça", "Urbanización", "Urb.",
)  # fmt: skip
_IT_TYPES = (
    "Via", "Viale", "Piazza", "Piazzale", "Corso", "Largo", "Vicolo", "Strada", "Lungomare", "Lungotevere",
    "Lungarno", "Contrada", "Borgo", "Salita", "Galleria", "Stradone", "Calle",
)  # fmt: skip
_HOUSE_NUMBER = (
    r"(?:(?:n\.?[ \t]?º|nº|n°|núm\.?|número|no\.?|nr\.?|n\.)[ \t]*)?"
    r"\d{1,4}[A-Za-z]?(?:[ \t]?[-/][ \t]?\d{1,4}[A-Za-z]?)?"
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
    rf"[ \t]+\d{{1,4}}[a-zA-Z]?(?:[ \t]?[-/][ \t]?\d{{1,4}}[a-zA-Z]?)?\b"
)

# --- what may follow a street line ------------------------------------------------------------------

# A place name ends on a letter: "Madrid." ends a sentence, "St. Albans" keeps its dot inside.
_PLACE_WORD = rf"(?:St\.|[{UPPER}][{LOWER}'’-]*[{LOWER}])"
_PLACE = rf"{_PLACE_WORD}(?:[ \t-]+(?:(?:{_JOINERS})[ \t-]+)*{_PLACE_WORD}){{0,3}}"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"
_US_STATE_ZIP = r"[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b"
_COUNTRY = (
    r"(?:USA|U\.S\.A\.|United[ \t]+States|UK|U\.K\.|United[ \t]+Kingdom|England|Scotland|Wales|Ireland"
    r"|Germany|Deutschland|Austria|Österreich|Switzerland|Schweiz|Suisse|Svizzera|France|Belgique|Belgium"
    r"|Spain|España|Italy|Italia|Portugal|Netherlands|Nederland|Canada|Australia|Luxembourg|Luxemburg)\b"
)
_UNIT = (
    r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Dept|PO[ \t]+Box|Box)\.?"
    r"[ \t]*#?[\w-]{1,6}"
    r"|#[ \t]?\d{1,5}[A-Za-z]?"
    r"|\d{1,2}[ºª°][ \t]*(?:[A-Z]|[Ii]zq(?:da)?\.?|[Dd]cha\.?|[Pp]uerta[ \t]+\w+)?"
    r"|(?:[Pp]iso|[Pp]lanta|[Pp]uerta|[Ee]sc(?:alera)?\.?|[Bb]ât(?:iment)?\.?|[Aa]ppt?\.?|[Éé]tage|[Ss]cala"
    r"|[Ii]nt(?:erno)?\.?|[Pp]iano|[Hh]interhaus|[Vv]orderhaus|[Aa]partment)[ \t]*[\w-]{1,5}"
    r"|\d{1,2}\.[ \t]?(?:OG|Stock|Etage)|[EO]G)"
)
# "99152 Nürnberg", "D-10115 Berlin", "75008 Paris CEDEX 08", "20121 Milano (MI)", "1010 Wien".
_POSTCODE_CITY = (
    rf"(?:[A-Z]{{1,2}}-)?\d{{4,5}}[ \t]+{_PLACE}(?:[ \t]+(?:CEDEX|Cedex)(?:[ \t]+\d{{1,2}})?)?"
    rf"(?:[ \t]*\([A-Z]{{2}}\)|[ \t]+[A-Z]{{2}}\b)?"
)
_CITY_CODE = rf"{_PLACE}(?:,?[ \t]+(?:{_US_STATE_ZIP}|{_UK_POSTCODE}))"
_TAIL_STRONG = re.compile(
    rf"{_SEP}(?P<part>{_UNIT}|{_POSTCODE_CITY}|{_CITY_CODE}|{_UK_POSTCODE}|{_US_STATE_ZIP}|{_COUNTRY})"
)
# A bare city after a comma: only when nothing but punctuation or a line end follows it on its line.
_TAIL_CITY = re.compile(rf"[ \t]*,[ \t]*(?P<part>{_PLACE})(?=[ \t]*(?:[,.;)\r\n]|$))")
_LINE_END = re.compile(r"[ \t]*(?:\r?\n|$)")

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
_EN_ANCHOR = re.compile(rf"(?:{'|'.join(_EN_SUFFIXES)})\b")
_FR_ANCHOR = re.compile(
    r"\d,?[ \t]+(?:(?:bis|ter|quater)[ \t]+)?"
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


class StreetAddressRecognizer(PatternDetector):
    ENTITY = "LOCATION"
    CATEGORY = Category.LOCATION
    PATTERNS = tuple(Pattern(name, regex, 0.92) for name, regex in _STREETS)
    #: Above the person recognizers' best (0.9), so a street named after someone stays one address.
    SCORE = 0.92
    CELL_SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
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
        covered = _merged(spans)
        findings = [self._finding(s, e, self.SCORE) for s, e in covered]
        for start, end in self._address_cells(text, lowered):
            if not any(s <= start < e or start <= s < end for s, e in covered):
                findings.append(self._finding(start, end, self.CELL_SCORE))
        return findings

    def _read(self, text: str, rx: re.Pattern[str], lines: list[Span], spans: list[Span]) -> None:
        for start, end in lines:
            for match in rx.finditer(text, start, end):
                spans.append((match.start(), self._extend(text, match.end())))

    def _extend(self, text: str, end: int) -> int:
        """Past the parts that follow a street line: flat, postcode and city, state, country."""
        for _ in range(4):
            part = _TAIL_STRONG.match(text, end)
            if part is None:
                part = _TAIL_CITY.match(text, end)
                if part is None or part.group("part").split()[0] in _NOT_PLACE:
                    break
            if part.group("part").split()[0] in _NOT_PLACE:
                break
            end = part.end("part")
        return end

    def _address_cells(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """Cells of an `address` / `Anschrift` / `dirección` column: the header says what they are."""
        if not any(k in lowered for k in _COLUMN_WORDS):
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
