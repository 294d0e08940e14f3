"""Phone numbers: a cheap regex proposes digit runs, `phonenumbers` validates only those.

Running `PhoneNumberMatcher` over a megabyte once per region costs seconds; the pre-pass costs milliseconds.
Numbers written with `+` or `00` and a country code stand on their own; one in a range the metadata does
not list yet (but with a possible length and shape for its country) is kept at a lower score. A national
number must be VALID in one of REGIONS and needs either a grouping people use for phones (`030 1234567`,
`(415) 555-2671`, `01 23 45 67 89`) or a word like "Tel" nearby, since bare digit runs are mostly ids,
amounts and timestamps.

A number followed by `,` and a digit is usually a decimal or a longer run, except in a CSV row, where
the comma ends the cell (`Anna,+49 30 1234567,42`): there the table reader (`cell_at`) decides, and
the column's header (`phone`, `Telefon`) counts as the word nearby. So does a phone header over the
column of any other table (Markdown, TSV), and a question for the number on the line before ("and
piotr's number?" answered by "07304664199").
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import cell_and_header, tables_in
from dlpguard.engine.types import Category, Finding

REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "CH", "AT", "BE", "IE", "CA", "AU", "IN", "BR", "MX")
# Tried first by shape: numbers with a trunk 0 are European/Commonwealth, others North American,
# Spanish, Italian mobile or Indian mobile. The order only saves time; any region in REGIONS may accept.
_TRUNK_ORDER = ("DE", "GB", "FR", "IT", "NL", "CH", "AT", "BE", "IE", "AU", "IN")
_TRUNK_ORDER += tuple(r for r in REGIONS if r not in _TRUNK_ORDER)
_OTHER_ORDER = ("US", "CA", "ES", "IT", "IN", "BR", "MX")
_OTHER_ORDER += tuple(r for r in REGIONS if r not in _OTHER_ORDER)

# A digit group may carry an area code in parentheses: "(415) 555", "(0)30".
_GROUP = r"(?:\([0-9]{1,5}\)[ \u00a0]?)?[0-9]+"
_SEP = r"(?:[ \u00a0]?[-./][ \u00a0]?|[ \u00a0])"
# The first character comes first so the regex engine can skip to it; the "not glued to a token" checks
# follow as lookbehinds over it. Lookaheads drop runs too short to be a phone and ISO dates before any
# Python code runs; `id=12345678` is not a phone either.
CANDIDATE = (
    r"(?P<value>[+(0-9](?<![\w+./\-#$€£¥][+(0-9])(?<![0-9]:[+(0-9])(?<!=[0-9(])"
    r"(?=(?:(?<=\()\+)?[0-9 ()./\-\u00a0]{6})(?![0-9]{3}-[0-9]{2}-[0-9]{2})"
    r"(?:(?<=\+)[0-9]+|(?<=\()[0-9]{1,5}\)[ \u00a0]?[0-9]+|(?<=[0-9])[0-9]*"
    r"|(?<=\()\+[0-9]{1,3}\)[ \u00a0]?[0-9]+)"  # "(+34) 91 …"
    rf"(?:{_SEP}{_GROUP}){{0,7}})"
    r"(?![\w@]|[.,/:\-][0-9])"
)

# The same candidates, but ending where a CSV cell does before a cell that starts with a digit.
CANDIDATE_BEFORE_CELL = CANDIDATE.rsplit("(?!", 1)[0] + r"(?=,[0-9])"

_COMMA_DIGIT = re.compile(r",[0-9]")

_TYPICAL = re.compile(
    r"""
    \(?0[0-9]{1,5}\)?(?:[ \u00a0]?[-./][ \u00a0]?|[ \u00a0])[0-9]     # trunk prefix: 030 1234567
    | (?:\([0-9]{3}\)[ \u00a0]?|[0-9]{3}[-. ])[0-9]{3}[-. ][0-9]{4}$   # North America: (415) 555-2671
    | [6-9][0-9]{2}(?:[ ][0-9]{2}){3}$ | [6-9][0-9]{2}[ ][0-9]{3}[ ][0-9]{3}$   # Spain, Italy: 612 34 56 78
    | [6-9][0-9]{4}[ -][0-9]{5}$                                       # India mobiles: 98765 43210
    | 3[0-9]{2}[ ][0-9]{6,7}$                                          # Italian mobiles: 347 1234567
    | \([0-9]{2,4}\)[ \u00a0]?[0-9]{3,5}[-. ][0-9]{4}$                   # area code in parentheses
    | 07[0-9]{9}$ | 0[67][0-9]{8}$ | 01[5-7][0-9]{8,9}$                # mobiles in one run: UK, FR/NL, DE
    | 3[0-9]{2}[-/][0-9]{6,7}$                                         # Italian mobiles: 339-0744340
    | \(?[1-9][0-9]\)?[ ]9[0-9]{4}-?[0-9]{4}$                           # Brazilian mobiles: 35 963231422
    """,
    re.VERBOSE,
)
_NOT_PHONE_SHAPE = re.compile(
    r"[12][0-9]{3}[-./][0-9]{1,2}[-./][0-9]{1,2}"  # dates
    r"|[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{2,4}$"
    r"|[0-9]{1,3}(?:\.[0-9]{1,3}){3}$"  # IPv4, dotted versions
    r"|[0-9]{3}-[0-9]{2}-[0-9]{4}$"  # US SSN
    r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{5}$"  # Amex card grouping
    r"|[0-9]{2}-[0-9]{2}-[0-9]{2}[ ]+[0-9]{8}$"  # a UK sort code and account number
    r"|[0-9]{2}\.[0-9]{3}\.[0-9]{3}/[0-9]{4}-[0-9]{2}$"  # a Brazilian company's CNPJ
)
_IBAN_BEFORE = re.compile(r"\b[A-Z]{2}[0-9]{2}(?:[ ][A-Z0-9]{4})*[ ]?$")
# Searched in lowercased windows around the number.
_CONTEXT = re.compile(
    r"\b(?:phone|ph|tel|tél|telephone|téléphone|teléfono|telefono|telefon|mobile|mobil|móvil|movil|cell|"
    r"call|calls|called|whatsapp|sms|text me|fax|handy|rufnummer|portable|fixe|contact|reach|hotline|"
    r"cellulare|cellular|cellphone|recapito|numero di telefono|tlf|telf|"
    r"durchwahl|anrufen|appeler|llamar|"
    # "llámame al", "txt me", "mi chiami al", "me liga no", "Tlm.", "celular", "bel me op", "mobiel"
    # "le llamé al", "la llamó al", "ha chiamato", "appelé au", "angerufen unter", "liguei para"
    r"ll[áa]m(?:ame|anos|é|ó|en|e|o|ar?|ad|arl[ae]s?)|llama al|chiamat[oai]|appel[ée]e?s?|appelez|"
    r"angerufen|liguei|ligou|"
    r"txt|chiami|chiamami|chiamare|contattami|liga|ligue|ligar|tlm|"
    r"telem[óo]vel|celular|cel|bel me|bellen|mobiel|gsm|telefoon|telefone|tel[ée]fono|rappelle[rz]?)\b"
    # "Port. 06 12 34 56 78": a French signature's short form of "portable" (a network port is no phone)
    r"|\bport\.(?=[ \u00a0]*$)"
)
#: A number beside an email address on its line ("912345678 / jo@mail.example", "jo@mail.example · 0612…")
#: is a contact line's phone; not across a table's `|` or a CSV comma, where amounts stand beside addresses.
_EMAIL_AFTER = re.compile(r"[ \u00a0]+[/·—–][ \u00a0]+[\w.+-]+@[\w-]")
_EMAIL_BEFORE = re.compile(r"@[\w-]+(?:\.[\w-]+)+[ \u00a0]+[/·—–][ \u00a0]+$")
#: The line before asks for a number ("and piotr's number?", "y el numero de tendai?"): the reply is one.
_NUMBER_ASKED = re.compile(
    r"(?i:\b(?:number|numbers|numero|número|numéro|nummer|telefon\w*|tel[ée]fono|phone|mobile|cell)\b[^\n?]{0,30}\?)"
)
#: Cell delimiters: a candidate after one may sit in a table whose column header says phone.
_CELL_DELIMITER = re.compile(r"[|\t;,]")
_NOT_PHONE_CONTEXT = re.compile(
    # (order, invoice, ticket, tracking and account numbers: `_ORDER_BEFORE`, which holds for any candidate)
    r"\b(?:case|ref|reference|id|no|nr|iban|bic|card|serial|sku|po|"
    r"version|build|commit|pid|port|uid|gid|size|bytes|amount|total|price|zip|postcode|plz)\b"
    r"[\s#:.=-]*$"
)
# A company's registry or tax number after its label ("SIREN de la société : 047 848 895", "P.IVA 0123…"):
# searched in the lowercased line before the number, unless a phone word is there too.
_COMPANY_ID_BEFORE = re.compile(
    r"\b(?:siren|siret|tva|vat|ust-?id(?:nr)?|cif|p\.\s?iva|partita iva|kvk|hrb|hra|rcs|ein|abn|acn|duns"
    r"|crn|company (?:number|no|reg\w*)|handelsregister|registro mercantil|numéro de tva|n° tva|cnpj|nipc)\b"
)
# An order, invoice, booking or case number after its label in the languages served ("Auftragsnummer
# 006678542518", "numéro de commande 0612345678"): searched like the company ids, an international-looking
# `00` prefix included.
_ORDER_BEFORE = re.compile(
    r"(?:(?:auftrags|bestell|kunden|rechnungs|buchungs|vorgangs|vertrags|referenz|artikel|sendungs|mitglieds)"
    r"(?:nummer|nr)|auftrag|bestellung|rechnung|commande|facture|pedido|factura|ordine|fattura|bestelnummer"
    r"|factuur\w*|ordernummer|klantnummer|encomenda|fatura|dossier|pratica|expediente|protocollo"
    r"|account|acct|acc|konto|kto|compte|cuenta|conto|rekening|order|invoice|ticket|tracking|booking)\b"
    r"[\s#:.=-]*(?:n[°ºo]\.?|nr\.?|no\.?|is)?[\s#:.=-]*$"
)
# A Brazilian CEP (`01304-001`) or a Portuguese postcode (`4000-447`) in an address is no phone.
_POSTCODE_SHAPE = re.compile(r"\d{4,5}-\d{3}")
# `078 05 1123`: the SSN's 3-2-4 grouping, which no numbering plan prints; a phone only beside a phone word.
_SSN_SPACED = re.compile(r"[0-9]{3} [0-9]{2} [0-9]{4}$")
# 555-0100 to 555-0199 are reserved for fiction in North America.
FICTIONAL_NANP = re.compile(r"555[-. ]?01[0-9]{2}$")
#: Ranges the French regulator (ARCEP) and Ofcom reserve for films, books and examples, as national
#: significant digits after the trunk 0 or the country code: they ring no one (`01 99 00 12 34`,
#: `020 7946 0123`, `0161 496 0123`, `07700 900123`).
_FICTIONAL_NATIONAL = {
    "33": re.compile(r"19900|26191|35301|46571|53649|63998"),
    "44": re.compile(
        r"2079460|1174960|2920180|1414960|1134960|1614960|1914980|2896496|1144960|1154960|1632960"
        r"|7700900|8081570|9098790|3069990"
    ),
}
_NON_DIGITS = re.compile(r"[^0-9]")
_DIGITS = frozenset("0123456789")


VALID, POSSIBLE, INVALID = 2, 1, 0
#: A Brazilian mobile: two-digit area code in parentheses, a 9 and eight digits split 5-4.
_BR_MOBILE = re.compile(r"\([1-9][0-9]\)[ \u00a0]?9[0-9]{4}-[0-9]{4}")


def _fictional(value: str) -> bool:
    """In a range reserved for fiction (`_FICTIONAL_NATIONAL`), written nationally or with its country code.
    A national number is read as French when it has a French number's ten digits, as British with eleven."""
    digits = _NON_DIGITS.sub("", value)
    if value.startswith("+"):
        country, national = digits[:2], digits[2:]
    elif digits.startswith("00"):
        country, national = digits[2:4], digits[4:]
    elif digits.startswith("0") and len(digits) == 10:
        country, national = "33", digits[1:]
    elif digits.startswith("0") and len(digits) == 11:
        country, national = "44", digits[1:]
    else:
        return False
    if national.startswith("0"):  # "+33 (0)1 …"
        national = national[1:]
    rx = _FICTIONAL_NATIONAL.get(country)
    return rx is not None and rx.match(national) is not None


#: A 1 MiB CSV export holds about 5,000 distinct numbers, and a paste is scanned again when it is sent:
#: a cache smaller than one paste's numbers evicts each before its second look-up (about 35 µs each).
@lru_cache(maxsize=32_768)
def phone_validity(value: str) -> int:
    """VALID when `phonenumbers` accepts the number (international, or national in one of REGIONS);
    POSSIBLE when a `+`/`00` number only has a plausible length for its country (new or unlisted ranges:
    the country code alone makes it a phone); INVALID otherwise."""
    if value.startswith("(+"):  # "(+34) 91 …": the country code in parentheses
        value = value[1:].replace(")", "", 1)
    international = value.startswith(("+", "00"))
    if value.startswith("+"):
        regions: tuple[str | None, ...] = (None,)
    elif international:
        regions = ("DE",)  # 00 is the international prefix there, as in most of REGIONS
    elif value.lstrip("(").startswith("0"):
        regions = _TRUNK_ORDER
    else:
        regions = _OTHER_ORDER
    possible = False
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return VALID
        possible = possible or (international and _plausible_for_country(number))
    return POSSIBLE if possible else INVALID


def _plausible_for_country(number: phonenumbers.PhoneNumber) -> bool:
    """The length is possible and the digits fit the country's overall numbering pattern: true for a
    range that is merely unallocated, false for "+1 123 ..." (no North American area code starts with 1)."""
    region = phonenumbers.region_code_for_country_code(number.country_code)
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(number.country_code, region)
    if region == phonenumbers.UNKNOWN_REGION or metadata is None:
        return False
    if not phonenumbers.is_possible_number(number):
        return False
    pattern = metadata.general_desc.national_number_pattern
    return bool(pattern and re.fullmatch(pattern, phonenumbers.national_significant_number(number)))


class PhoneNumberRecognizer(PatternDetector):
    ENTITY = "PHONE_NUMBER"
    CATEGORY = Category.CONTACT
    PATTERNS = (Pattern("phone_candidate", CANDIDATE, 0.6),)
    CONTEXT = (
        "phone", "tel", "mobile", "cell", "call", "whatsapp", "telefon", "handy", "rufnummer", "téléphone",
        "portable", "teléfono", "móvil", "fax", "movil", "celular", "tlm", "telemóvel", "mobiel", "gsm",
    )  # fmt: skip
    INTERNATIONAL_SCORE = 0.75
    TYPICAL_SCORE = 0.6
    CONTEXT_SCORE = 0.85
    INTERNATIONAL_CONTEXT_SCORE = 0.95
    #: Taken off when the number has a plausible length for its country but an unallocated range.
    POSSIBLE_PENALTY = 0.15

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings: list[Finding] = []
        for match in self._compiled[0][1].finditer(text):
            start, end = match.span("value")
            score = self._score(text, start, end)
            if score:
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name))
        if _COMMA_DIGIT.search(text):
            findings += self._before_cells(text)
        return findings

    def _before_cells(self, text: str) -> list[Finding]:
        """Candidates that end a CSV cell followed by one starting with a digit (module docstring)."""
        findings: list[Finding] = []
        for table in tables_in(text):
            if table.delimiter != ",":
                continue  # other delimiters never end a candidate early
            # A plain digit run is a phone only under a phone column's header: without one, only values
            # shaped like phones need the (costlier) cell look-up.
            phone_column = any(_is_phone_header(name) for name in table.header)
            for match in _before_cell_regex().finditer(text, table.start, table.end):
                value = match.group("value")
                if not (phone_column or value.startswith(("+", "00")) or _TYPICAL.match(value)):
                    continue
                start, end = match.span("value")
                located = cell_and_header(text, start)
                if located is None or located[0] != (start, end):
                    continue
                header = located[1] or ""
                labelled = _is_phone_header(header)
                score = self._score(text, start, end, labelled=labelled)
                if score:
                    findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, score, self.name))
        return findings

    def _score(self, text: str, start: int, end: int, *, labelled: bool = False) -> float:
        """0.0 when the candidate is not a phone number; cheapest checks first."""
        value = text[start:end]
        digits = sum(1 for c in value if c in _DIGITS)
        international = value.startswith(("+", "00", "(+"))
        if not 7 <= digits <= (17 if value.startswith("00") else 15):
            return 0.0
        if _NOT_PHONE_SHAPE.match(value) or FICTIONAL_NANP.search(value) or _POSTCODE_SHAPE.fullmatch(value):
            return 0.0
        if _fictional(value):
            return 0.0
        line_start = text.rfind("\n", max(0, start - 40), start) + 1
        before = text[max(line_start, start - 40) : start]
        after = text[end : end + 20].split("\n", 1)[0]
        context = labelled or bool(_CONTEXT.search(before.lower()) or _CONTEXT.search(after.lower()))
        beside_email = not context and bool(_EMAIL_AFTER.match(after) or _EMAIL_BEFORE.search(before))
        if not context and not international:
            context = self._asked_or_in_phone_column(text, start, line_start)
        if beside_email and _COMPANY_ID_BEFORE.search(before.lower()):
            return 0.0  # "NIPC 501234567 · info@…": a company's number beside its address
        context = context or beside_email
        if international:
            score = self.INTERNATIONAL_CONTEXT_SCORE if context else self.INTERNATIONAL_SCORE
        elif context:
            score = self.CONTEXT_SCORE
        elif _TYPICAL.match(value) and not _NOT_PHONE_CONTEXT.search(before.lower()):
            score = self.TYPICAL_SCORE
        else:
            return 0.0
        lowered_before = before.lower()
        if not labelled and _ORDER_BEFORE.search(lowered_before):
            return 0.0  # "account 9458183021 at Chase. Call me …": the label right before it says what it is
        company_id = _COMPANY_ID_BEFORE.search(lowered_before)
        if not context and (_IBAN_BEFORE.search(before) or _SSN_SPACED.match(value) or company_id):
            return 0.0
        validity = phone_validity(value)
        if validity == VALID:
            return score
        if validity == INVALID and context and _BR_MOBILE.fullmatch(value):
            # "Tel: (72) 91234-5678": a mobile's own shape under a phone word, in a range not listed (yet)
            return score - self.POSSIBLE_PENALTY
        return score - self.POSSIBLE_PENALTY if validity == POSSIBLE else 0.0

    def _asked_or_in_phone_column(self, text: str, start: int, line_start: int) -> bool:
        """The line is the reply to a question for a number, or the candidate sits under a phone header."""
        if line_start > 0 and start - line_start <= 40:
            previous_start = text.rfind("\n", 0, line_start - 1) + 1
            asked = text.find("?", previous_start, line_start) >= 0  # the regex only where a question is
            if asked and _NUMBER_ASKED.search(text, previous_start, line_start):
                return True
        if not _CELL_DELIMITER.search(text, line_start, start):
            return False
        if not _has_phone_column(text):
            return False
        located = cell_and_header(text, start)
        header = located[1] if located is not None else None
        return header is not None and _is_phone_header(header)


#: A phone column's header: the phone words, the short ones (`tel`, `cell`, `fax`) only where a word starts,
#: so `n_cartella` (a record number) or `hotel` is none.
_PHONE_HEADER = re.compile(
    r"phone|telefon|téléphone|tel[ée]fono|telemóvel|rufnummer|whatsapp"
    r"|(?<![a-zà-ÿ])(?:tel|mobile|mobil|mobiel|cell|celular|call|handy|portable|móvil|movil|fax|tlm|gsm)"
)


def _is_phone_header(name: str) -> bool:
    return _PHONE_HEADER.search(name) is not None


@lru_cache(maxsize=4)
def _has_phone_column(text: str) -> bool:
    """Some table of the text has a phone column: else no candidate is worth a cell look-up."""
    return any(_is_phone_header(name) for table in tables_in(text) for name in table.header)


@lru_cache(maxsize=1)
def _before_cell_regex() -> re.Pattern[str]:
    return re.compile(CANDIDATE_BEFORE_CELL)
