"""A place name is personal data only where it locates someone: keep a city or country near a person.

"Berlin" in a travel plan, a weather question or a news item names no one's home, and reporting every
place the NER model or the gazetteer sees interrupted one benign paste in four in the blind evaluations
(the authors label a place only when it locates a person or customer). A postal address is a
finding unless a venue's name introduces it on its line with nobody's data beside it ("the Musée
d'Orsay, 1 Rue de la Légion d'Honneur, 75007 Paris", "our headquarters at 1600 Amphitheatre Parkway"):
a museum's, a hotel's or an office's address locates no one. Any other place is kept only when it is
*anchored*:

* another finding about someone lies near it: a name, a date of birth, a contact, an identity number,
  bank or health data, or an address. "Near" is the same line or the two lines either side of it,
  within its paragraph (a blank line ends one); for a place taken from a labelled field or a table
  column ("City: Graz", a CRM export's `city`), the whole paragraph, which is the record;
* or a word just before it says someone lives, was born or is based there ("wohnhaft in", "née à",
  "residente a", "based in").

A policy that wants every place (`detection.places: all`) turns this off (`EngineConfig.lone_places`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from dlpguard.engine.filters import public_figure_before
from dlpguard.engine.names import is_known_place
from dlpguard.engine.types import Category, Finding

#: Recognizers whose places are whole postal addresses: findings on their own, and anchors.
ADDRESS_RECOGNIZERS = frozenset({"StreetAddressRecognizer"})
#: Recognizers whose places come from a labelled field or a column: anchored by their whole record.
FIELD_RECOGNIZERS = frozenset({"LocationFieldRecognizer"})
#: Categories of findings that say a place belongs to someone.
ANCHOR_CATEGORIES = frozenset(
    {Category.PERSON, Category.CONTACT, Category.GOVERNMENT_ID, Category.FINANCIAL, Category.HEALTH}
)
#: Lines either side of a place that may hold its anchor.
NEAR_LINES = 2

# Words saying someone lives, was born, or is based at the place that follows (within a few words).
_CUE = re.compile(
    r"(?<![\w-])(?:lives?|living|resides?|residing|resident|residence|based|born|birthplace|hometown"
    r"|home\s+town|wohnt|wohnen|wohnhaft|wohnort|geboren|gebürtig|geburtsort|lebt"
    r"|heimatort|habite|habitant|domicilié|domiciliée|né|née|nés|nées|résid\w*|vit|vive|viven|vivo"
    r"|reside|residen|domicilio|domiciliad[oa]|nacid[oa]|natural|abita|residenza|domiciliat[oa]"
    r"|nat[oa](?:/[ao])?)(?![\w-])[^\n]{0,24}$",
    re.IGNORECASE,
)
_CUE_REACH = 64
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
# A venue named before an address on its line: the address is the venue's.
_VENUE_WORDS = (
    r"museum|mus[ée]e|museo|hotel|h[ôo]tel|hostel|restaurant|caf[ée]|station|bahnhof|hauptbahnhof|gare"
    r"|estaci[óo]n|stazione|airport|flughafen|a[ée]roport|aeropuerto|aeroporto|cathedral|cath[ée]drale"
    r"|catedral|duomo|church|[ée]glise|iglesia|chiesa|kirche|palace|palais|palacio|palazzo|schloss|castle"
    r"|ch[âa]teau|castillo|castello|gallery|galerie|galleria|theatre|theater|th[ée][âa]tre|teatro|opera"
    r"|stadium|stadion|stade|estadio|stadio|arena|university|universit[äaà]t?|universit[ée]|universidad"
    r"|campus|headquarters|hq|head office|offices?|b[üu]ro|bureaux?|oficinas?|uffici?o|sede|si[èe]ge"
    r"|embassy|botschaft|ambassade|embajada|ambasciata|consulate|town hall|rathaus|mairie|ayuntamiento"
    r"|municipio|library|bibliothek|biblioth[èe]que|biblioteca|zoo|venue|conference|messe|congress|kongress"
    r"|mall|store|shop|boutique|branch|filiale|succursale|sucursal|factory|warehouse|entrep[ôo]t|almac[ée]n"
    r"|magazzino|monument|memorial|basilica|abbey|temple|mosque|synagogue|market|markt|march[ée]|mercado"
    r"|mercato|colosseum|pinacoteca|kunsthalle|tower|torre|turm|cit[ée]|dom|reichstag|philharmonie"
    r"|\w+(?:museum|philharmonie|kirche|kathedrale|halle|stadion|bahnhof)|visit(?:ing)?|besuch\w*|visite[rz]?"
    r"|visitar|visitare|bezoek\w*|must[- ]see|sehensw[üu]rdigkeit\w*|tickets?|eintritt|entr[ée]e|ingresso"
    r"|entrada|itinerary|itinerar\w*|reiseroute|kantoor|hoofdkantoor|vestiging|escrit[óo]rios?|loja|winkel"
    r"|locatie|ubicaci[óo]n|standort|firmensitz|stabilimento|fili[aá]l|zentrale|hauptsitz|sitz"
    r"|domicilio social|sede social|si[èe]ge social|registered office|sede legale|statutaire zetel"
    r"|coliseu|coliseo|pavilh[ãa]o|pabell[óo]n|padiglione|auditori(?:o|um)|audit[óo]rio|recinto|fira|fiera|fiere"
    r"|tienda|negozio|magasin|gesch[äa]ft|laden|parque|parco|expo"
    r"|centro de (?:congressos|congresos|convenciones|eventos)|kongresszentrum"
)
_VENUE = re.compile(rf"(?i:\b(?:{_VENUE_WORDS})\b)")
#: A place that says where a venue or an organisation's site is: "Università di Padova", "hospital
#: universitario de Bilbao", "concesionarios de Sevilla", "Standorten Nürnberg". It locates no one.
_OF_VENUE = re.compile(
    rf"(?i:\b(?:{_VENUE_WORDS}|standort\w*|concesionarios?|dealers?(?:hips?)?|filiale\w*|branches|hospital|"
    r"hôpital|ospedale|krankenhaus|klinik\w*|clinic|clínica|clinica|ziekenhuis|universiteit|università|"
    r"universidade|college|school|escuela|scuola|école|schule)"
    r"(?:[ \t]+[^\W\d_][\w'’-]*){0,2}?[ \t]+(?:of|de|di|du|del|della|des|in|à|a|von|zu|em|do|da|van|te|en"
    r"|nel|nella|at)[ \t]+$)"
)
_VENUE_REACH = 100


def anchored_places(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """`findings` without the places that locate no one (module docstring); order kept."""
    venues = {id(f) for f in findings if f.recognizer in ADDRESS_RECOGNIZERS and _after_venue(text, f)}
    places = [
        f for f in findings
        if f.category is Category.LOCATION and (f.recognizer not in ADDRESS_RECOGNIZERS or id(f) in venues)
    ]  # fmt: skip
    if not places:
        return list(findings)
    venue_spans = [(f.start, f.end) for f in findings if id(f) in venues]
    anchors = sorted(
        (f.start, f.end)
        for f in findings
        if (f.category in ANCHOR_CATEGORIES or (f.recognizer in ADDRESS_RECOGNIZERS and id(f) not in venues))
        # the model's "person" inside a venue's address ("Canary Wharf", "Walldorf") is part of it
        and not _inside(f, venue_spans)
    )
    starts = [a for a, _ in anchors]
    reach: list[int] = []  # reach[i]: the furthest end among anchors[0..i]
    for _, end in anchors:
        reach.append(max(end, reach[-1]) if reach else end)
    lines = _lines(text)
    dropped: set[int] = {  # the model's "person" inside a venue's address ("Canary Wharf") goes with it
        id(f)
        for f in findings
        if f.recognizer in GUESSING_RECOGNIZERS and f.category is Category.PERSON and _inside(f, venue_spans)
    }
    for place in places:
        venue = place.recognizer in ADDRESS_RECOGNIZERS
        if not venue and _inside(place, venue_spans):
            dropped.add(id(place))  # "London" inside a company's address is the company's
            continue
        if not venue and _cued(text, place.start):
            continue
        if (
            not venue
            and place.recognizer not in FIELD_RECOGNIZERS
            and (_of_venue(text, place.start) or _SITE_NOUN_AFTER.match(text, place.end))
        ):
            dropped.add(id(place))
            continue
        if venue:  # a venue's address: kept only with someone's data on its own line
            lo, hi = lines.line(place)
        else:
            lo, hi = lines.scope(place, whole_paragraph=place.recognizer in FIELD_RECOGNIZERS)
        i = bisect.bisect_left(starts, lo)
        if (i < len(starts) and starts[i] < hi) or (i > 0 and reach[i - 1] > lo):
            continue
        dropped.add(id(place))
    return [f for f in findings if id(f) not in dropped]


def _inside(finding: Finding, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= finding.start and finding.end <= b for a, b in spans)


#: The model's guesses: a place it reads where a name's structure says a person ("[21/04/2025] Kenji:",
#: "Para: Jorge", "confirm to Mihai") yields to the name.
GUESSING_RECOGNIZERS = frozenset({"SpacyNerRecognizer"})


def people_over_guessed_places(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """`findings` without the places the model guessed on a span a name recognizer reports as a person,
    unless the span is a known place ("Victoria" is both)."""
    people = [
        (f.start, f.end)
        for f in findings
        if f.category is Category.PERSON and f.recognizer not in GUESSING_RECOGNIZERS
    ]
    if not people:
        return list(findings)

    def yields(f: Finding) -> bool:
        if f.category is not Category.LOCATION or f.recognizer not in GUESSING_RECOGNIZERS:
            return False
        if is_known_place(text[f.start : f.end]):
            return False
        return any(a < f.end and f.start < b for a, b in people)

    return [f for f in findings if not yields(f)]


#: A company's registration or tax number on an address's line makes it the company's: a contact page
#: or a footer ("… 00186 Roma. P.IVA 38137117530 — REA MI-9496135", "KvK 42007496", "CNPJ …").
_COMPANY_ID = re.compile(
    r"(?i:(?<![\w-])(?:kvk|kamer van koophandel|p\.?[ \t]?iva|partita iva|rea|cnpj|nipc|btw"
    r"|vat(?:[ \t]?(?:no|number|reg\w*|id))?|ust-?id\w*|ust\.?-?idnr\.?|hrb|hra|handelsregister|amtsgericht"
    r"|siret|siren|rcs|cif|company (?:no|number|reg\w*)|registered (?:office|in england)"
    r"|registro (?:delle imprese|mercantil)"
    r"|c\.?f\.?/p\.?iva)(?![\w-]))"
)


#: A company's legal form just before an address on its line: "To: Holloway Freight Ltd, 1 Canada Square",
#: "Aan: Dekker Logistiek B.V., Coolsingel 40".
_COMPANY_BEFORE = re.compile(
    r"(?:^|[\s,(])(?:Ltd|Limited|LLC|Inc|Corp|PLC|plc|LLP|GmbH|AG|KG|OHG|UG|e\.K\.|B\.V\.|BV|N\.V\.|NV|S\.A\.|SA"
    r"|S\.L\.|SL|S\.L\.U\.|S\.p\.A\.|SpA|S\.r\.l\.|Srl|SAS|SARL|SASU|Lda|Ltda|S/A|Eireli|ApS|AB|Oy)\.?"
    r"[ \t]*[,:–—-]?[ \t]*$"
)


def _after_venue(text: str, address: Finding) -> bool:
    line_start = text.rfind("\n", 0, address.start) + 1
    lo = max(line_start, address.start - _VENUE_REACH)
    if _VENUE.search(text, lo, address.start) is not None or _COMPANY_BEFORE.search(text[lo : address.start]):
        return True
    if line_start and not text[line_start : address.start].strip(" \t:"):
        # a letterhead: the company's name and legal form on the line above ("Grupo Olmeda S.L.\n…")
        above = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
        if "|" not in above and "," not in above and _COMPANY_BEFORE.search(above):
            return True  # not a signature's "Head of Procurement | Quantrel Inc." over someone's address
    line_end = text.find("\n", address.end)
    line_end = len(text) if line_end < 0 else line_end
    return _COMPANY_ID.search(text, line_start, line_end) is not None


#: A contract's choice of law or court: "Governing law: England and Wales", "Gerichtsstand ist München".
_JURISDICTION = re.compile(
    r"(?i:(?:governing law|applicable law|jurisdiction|laws of|courts? of|gerichtsstand|anwendbares recht"
    r"|droit applicable|tribunaux? de|ley aplicable|tribunales de|legge applicabile|foro(?: competente)?"
    r"|lei aplicável|comarca de|toepasselijk recht|bevoegde rechter)[^\n.;]{0,30}$)"
)


#: A seat's label right before its town: "registered office London", "Sitz: München", "sede legale Roma".
_SEAT_BEFORE = re.compile(
    r"(?i:\b(?:registered office|head office|headquarters|hq|sitz|firmensitz|hauptsitz"
    r"|sede(?: legale| social)?|si[èe]ge(?: social)?|domicilio social|statutaire zetel|zetel"
    r"|vestigingsplaats)[ \t]*:?[ \t]*$)"
)


#: A place naming a site or a team, not where someone is: "the Toronto office", "the Amsterdam contractor",
#: "our Lyon branch".
_SITE_NOUN_AFTER = re.compile(
    r"[ \t]+(?:office|offices|branch|site|store|shop|warehouse|depot|plant|factory|hub|campus|headquarters|hq"
    r"|team|teams|contractor|contractors|supplier|suppliers|vendor|vendors|subsidiary|entity|payroll"
    r"|account|accounts|project|offsite|conference|summit|meetup|event|trip|flight|flights|train|hotel"
    r"|marathon|derby|airport|station)\b"
)


def _of_venue(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - 48)
    return (
        _OF_VENUE.search(text, lo, start) is not None
        or _JURISDICTION.search(text, lo, start) is not None
        or _SEAT_BEFORE.search(text, lo, start) is not None
    )


def _cued(text: str, start: int) -> bool:
    """A cue before the place, said of someone who is no public figure ("Ada Lovelace was born … in
    London" is a history lesson)."""
    if _CUE.search(text, max(0, start - _CUE_REACH), start) is None:
        return False
    return not public_figure_before(text, start)


@lru_cache(maxsize=8)
def _lines(text: str) -> _Lines:
    """One reading of a window's lines, for both of its passes (patterns, then patterns with NER)."""
    return _Lines(text)


class _Lines:
    """Line and paragraph bounds of one text, computed once for all its places."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._paragraph_starts = [0] + [m.end() for m in _BLANK_LINE.finditer(text)]

    def line(self, place: Finding) -> tuple[int, int]:
        """[lo, hi) of the lines `place` spans."""
        first = bisect.bisect_right(self._starts, place.start) - 1
        last = bisect.bisect_right(self._starts, max(place.start, place.end - 1)) - 1
        hi = self._starts[last + 1] if last + 1 < len(self._starts) else len(self._text)
        return self._starts[first], hi

    def scope(self, place: Finding, *, whole_paragraph: bool) -> tuple[int, int]:
        """[lo, hi) in which an anchor keeps `place`."""
        p = bisect.bisect_right(self._paragraph_starts, place.start) - 1
        para_lo = self._paragraph_starts[p]
        para_hi = self._paragraph_starts[p + 1] if p + 1 < len(self._paragraph_starts) else len(self._text)
        if whole_paragraph:
            return para_lo, para_hi
        first = bisect.bisect_right(self._starts, place.start) - 1
        last = bisect.bisect_right(self._starts, max(place.start, place.end - 1)) - 1
        lo = self._starts[max(0, first - NEAR_LINES)]
        stop = last + NEAR_LINES + 1
        hi = self._starts[stop] if stop < len(self._starts) else len(self._text)
        return max(lo, para_lo), min(hi, para_hi)
