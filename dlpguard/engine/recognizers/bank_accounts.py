"""National bank account numbers (not IBANs): UK sort code and account, Australian BSB, German
Kontonummer and BLZ, French RIB, Spanish CCC, Mexican CLABE, Canadian transit and institution, Italian
and Dutch account numbers, Brazilian agência and conta (`Agência: 2511 Conta corrente: 1546911-7`).

Most of these are bare digit runs that no checksum tells from an order number, so a value is reported
only where its label stands right before it (`sort code 12-34-56, account 12345678`, `BSB 062-000
Acc 12345678`, `Kontonummer: 1234567890`, `"sort_code": "12-34-56"`; a plain `Account` label counts
only shortly after a bank code or a banking word) or where its table column says what it is (a
`Sort code` column, or an `Account` column beside a sort code, BSB or routing column). A sort code and
an account written as one after an account label (`my acc is 44-61-65 12794866`) are both read; a scan's
`0` for `o` (`sort c0de`, `acc0unt`) still labels. The RIB and the CCC carry check digits and are read
whole, still only beside a banking word; a RIB written part by part after its four labels is read even
when its key fails, at the label's score. US routing and account
numbers live in `us_bank.py`.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import es_ccc_valid, fr_rib_valid, strip_separators
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.tables import Table, line_end, tables_in
from dlpguard.engine.types import Category, Finding

ENTITY = "BANK_ACCOUNT"

# What may stand between a label and its value: `number`, `no.`, `Nr.`, `n°`, `#`, `:`, `=`, `-`, and the
# quotes of a JSON or YAML key (`"sort_code": "12-34-56"`).
_JOIN = r"(?:[ \t]*(?:numbers?|num\.?|no\.?|nr\.?|n[°º.]|#|:|=|-|[\"']|\(.{1,12}?\))){0,5}[ \t]*"
_NOT_GLUED = r"(?<![\w./+-])"
_END = r"(?![\w/+]|[-.]\d)"

# Labels that name a bank account outright.
_STRONG_ACCOUNT = (
    r"(?:bank[ \t_]*)?account[ \t_]*(?:number|no\.?|nr\.?|#)|bank[ \t_]+account|acct\.?|a/c|"
    r"konto-?nummer|konto-?nr\.?|kto\.?-?nr\.?|konto|kto\.|"
    r"num[ée]ro[ \t]+de[ \t]+compte|n[°º][ \t]*de[ \t]+compte|compte[ \t]+bancaire|"
    r"n[úu]mero[ \t]+de[ \t]+cuenta|cuenta[ \t]+bancaria|"
    r"(?:numero[ \t]+(?:di[ \t]+)?)?conto[ \t]+corrente|c/c|rekening-?nummer|rekeningnr\.?|"
    r"(?:n[úu]mero[ \t]+d[ae][ \t]+)?conta(?:[ \t]+(?:corrente|poupança|salário))?"
)
# Bank identifiers: each with the shape of its value.
_BANK_CODES = {
    "sort code": r"\d\d[- ]\d\d[- ]\d\d|\d{6}",
    "sort-code": r"\d\d[- ]\d\d[- ]\d\d|\d{6}",
    "sortcode": r"\d\d[- ]\d\d[- ]\d\d|\d{6}",
    "sort_code": r"\d\d[- ]\d\d[- ]\d\d|\d{6}",
    "bsb": r"\d{3}[- ]?\d{3}",
    "blz": r"\d{3} ?\d{3} ?\d\d",
    "bankleitzahl": r"\d{3} ?\d{3} ?\d\d",
    "transit": r"\d{5}(?:-\d{3})?",
    "institution": r"\d{3}",
    # a Brazilian branch ("Agência: 2511", "Ag. 0001-9")
    "agência": r"\d{4}(?:-[\dxX])?",
    "agencia": r"\d{4}(?:-[\dxX])?",
}
# Labels that are ordinary words too ("in transit 12345 units"): kept only with a banking word on the line.
_NEEDS_CUE = {
    "transit": ("bank", "institution", "account", "routing"),
    "institution": ("transit number", "transit no", "transit #", "transit:", "bank", "account"),
    "agência": ("banco", "conta", "bank"),
    "agencia": ("banco", "conta", "bank"),
}
_CODE_SHAPES = {label: re.compile(rf"(?:{shape})(?![\w/+]|[-.]\d)") for label, shape in _BANK_CODES.items()}
# Words that make a following `Account`/`Acc` label a bank account's: whole words (`bic` is inside
# `public`, `basic`).
_BANK_CUE_RX = re.compile(
    r"\b(?:sort[ _-]?code|bsb|blz|bankleitzahl|transit|routing|bank\w*|iban|swift|bic)\b"
)
#: How far before an `Account` label its bank code or banking word may stand (the line above, in a form).
_WEAK_REACH = 120


def _ocr_tolerant(label: str) -> str:
    """The label as a regex that also reads a scan's digit for its letter ("sort c0de", "acc0unt")."""
    return re.escape(label).replace("o", "[o0]")


_BANK_CODE_RX = re.compile(
    _NOT_GLUED
    + r"(?P<label>"
    + "|".join(_ocr_tolerant(k) for k in _BANK_CODES)
    + r")(?:[ \t]*(?:code|number|no\.?|nr\.?|#|:|=|-|[\"'])){0,5}[ \t]*(?P<value>[\d][\d -]{1,10})",
    re.IGNORECASE,
)
_STRONG_RX = re.compile(
    _NOT_GLUED + r"(?P<label>" + _STRONG_ACCOUNT + r")" + _JOIN
    # Plain, or bank-branch-account(-suffix) as New Zealand and Canadian accounts are written.
    # Or with a check digit after a dash, as Brazilian accounts are written (`1546911-7`, `123456-X`).
    + r"(?P<value>\d{3,12}-[\dxX](?![\w-])|\d{6,12}|\d{2,5}-\d{3,7}-\d{5,8}(?:-\d{2,3})?)"
    + _END,
    re.IGNORECASE,
)
# `Account`/`Acc`/`Account no` shortly after a bank identifier or a banking word.
_WEAK_RX = re.compile(
    _NOT_GLUED
    + r"(?P<label>acc[o0]unts?|acc\.?|acc[o0]unt[ \t]+no\.?)"
    + _JOIN
    + r"(?P<value>\d{6,12})"
    + _END,
    re.IGNORECASE,
)
#: A UK sort code and account number written as one after an account label: "my acc is 44-61-65
#: 12794866", "Account: 20-00-00 / 55779911".
_SORT_AND_ACCOUNT_RX = re.compile(
    _NOT_GLUED
    + r"(?P<label>acc[o0]unt|acc\.?|acct\.?|a/c|bank[ \t]+details)"
    + _JOIN
    + r"(?:is[ \t]+|:[ \t]*)?(?P<code>\d\d-\d\d-\d\d)[ \t]*[ /,;][ \t]*(?P<value>\d{8})"
    + _END,
    re.IGNORECASE,
)
#: A bank code and an account under one label pair, each label naming its part: "sort code/acc 12-34-56
#: 12345678", "Routing / Account: 123456789 / 1234567890", "ag./conta 1234 / 12345-6", "BSB/Acc 062-000
#: 12345678". The pair of labels says what both numbers are, so neither needs a further cue.
_PAIR_RX = re.compile(
    _NOT_GLUED
    + r"(?P<label>sort[ \t_-]?c[o0]de|routing(?:[ \t]+(?:number|no\.?))?|aba|bsb|ag(?:ência|encia|\.)|blz)"
    + r"[ \t]*/[ \t]*"
    + r"(?:acc[o0]unt(?:[ \t]+(?:number|no\.?))?|acct\.?|acc\.?|a/c|conta(?:[ \t]+corrente)?|konto)"
    + r"[ \t]*(?:#|:|=|-)?[ \t]*"
    + r"(?P<code>\d\d-\d\d-\d\d|\d{9}|\d{3}-\d{3}|\d{4}(?:-[\dxX])?|\d{8})"
    + r"[ \t]*(?:[/,;][ \t]*|(?<=[ \t]))(?P<value>\d{4,17}(?:-[\dxX])?)"
    + _END,
    re.IGNORECASE,
)
_PAIR_KEYS = ("sort", "s0rt", "routing", "aba", "bsb", "ag.", "agênc", "agenc", "blz")
#: A UK sort code and its account written bare, as a payslip's "Paid to" line or a letter's payee line
#: prints them ("Paid to   12-34-56 12345678"): the 2-2-2 code with an 8-digit account is a shape of its
#: own, still read only after a word of payment or banking shortly before.
_BARE_SORT_AND_ACCOUNT_RX = re.compile(
    # the first digit before the look-behind, so the regex engine skips straight to digits
    r"(?P<code>\d(?<![\w./+-]\d)\d-\d\d-\d\d)[ \t]{1,4}(?P<value>\d{8})(?![\w/+]|[-.]\d)"
)
#: The cheap test before `_BARE_SORT_AND_ACCOUNT_RX`: its `12-34-56 ` core, found at C speed.
_BARE_SHAPE = re.compile(r"\d\d-\d\d-\d\d[ \t]{1,4}\d{8}")
_PAYMENT_CUE_RX = re.compile(
    r"(?:sort|acc[o0]unt|\bacc\b|\bacct|a/c|bank|\bpaid\b|\bpay\b|payee|beneficiar|salary|refund|"
    r"transfer|\bwire|konto|bankverbindung|überweis|compte|virement|\brib\b|cuenta|transferencia|conto|"
    r"bonifico|rekening|overschrijving|\bconta\b|transferência)"
)
#: How far before a bare sort code and account its payment word may stand (a letter's payee line).
_BARE_REACH = 160

# RIB: bank 5, branch 5, account 11 (letters allowed), clé 2; CCC: 4 4 2 10.
_RIB_RX = re.compile(
    _NOT_GLUED + r"(?P<value>\d{5}[ ]?\d{5}[ ]?[0-9A-Z]{11}[ ]?(?:cl[ée][ \t:]*)?\d\d)" + _END, re.IGNORECASE
)
# A RIB written out part by part on a payslip or a form: "banque 46929 guichet 74285 compte 77631693743
# clé 20". Each part is its own finding, as a bank code and an account number are elsewhere.
_RIB_PARTS_RX = re.compile(
    r"(?i:banque|code[ \t]+banque)[ \t:]*(?P<bank>\d{5})[ \t,;/|-]+(?i:guichet|code[ \t]+guichet)[ \t:]*"
    r"(?P<branch>\d{5})[ \t,;/|-]+(?i:(?:n[°º][ \t]*(?:de[ \t]+)?)?compte)[ \t:]*(?P<account>[0-9A-Z]{11})"
    r"[ \t,;/|-]+(?i:cl[ée](?:[ \t]+rib)?)[ \t:]*(?P<key>\d\d)(?!\d)"
)
#: A RIB right after its own name, in its four spaced groups ("le RIB 30004 01234 01234567890 12"): the
#: label and the shape say what it is even when the key does not check (a RIB retyped by hand).
_RIB_LABELLED_RX = re.compile(
    r"[Rr](?<![\w-][Rr])[Ii][Bb](?:[ \t]*(?:n[°º]\.?|:|#))?[ \t]*"
    r"(?P<value>\d{5}[ \t]\d{5}[ \t][0-9A-Z]{11}[ \t]\d\d)(?![\w/+]|[-.]\d)"
)
_CCC_RX = re.compile(_NOT_GLUED + r"(?P<value>\d{4}[ -]?\d{4}[ -]?\d\d[ -]?\d{10})" + _END)
# CLABE (Mexico): bank 3, branch 3, account 11, check digit 1, after its name.
_CLABE_RX = re.compile(
    r"(?i:\bclabe)(?:[ \t]*(?:interbancaria|no\.?|n[°º]|#|:)){0,3}[ \t]*(?P<value>\d{18})" + _END
)
_CLABE_WEIGHTS = (3, 7, 1) * 6

# Lower-case literals one of which every label, banking word or header holds (`acc` for `account`,
# `banc` for `bancaire`, `banco`, `bancaria`).
_KEYWORDS = (
    "sort code", "sort-code", "sortcode", "sort_code", "bsb", "blz", "bank", "banc", "banque", "transit",
    "acc", "a/c",
    "konto", "kto", "compte", "cuenta", "conto", "c/c", "rekening", "rib", "ccc", "clabe", "conta", "agênc",
    "agenc", "acc0", "c0de",
)  # fmt: skip
_RIB_CUES = ("rib", "compte", "banque", "bancaire", "guichet", "bank")
_CCC_CUES = ("ccc", "cuenta", "c.c.c", "banco", "bancaria", "domiciliación", "bank")

# Column headers: a bank code column, an account column that says so, an account column that needs a
# bank code column beside it.
_CODE_HEADERS = {
    "sort code": _BANK_CODES["sort code"], "sort_code": _BANK_CODES["sort code"],
    "sortcode": _BANK_CODES["sort code"], "sort-code": _BANK_CODES["sort code"],
    "bsb": _BANK_CODES["bsb"], "blz": _BANK_CODES["blz"], "bankleitzahl": _BANK_CODES["blz"],
    "transit": r"\d{5}", "transit number": r"\d{5}", "institution": r"\d{3}",
}  # fmt: skip
_ACCOUNT_HEADERS = frozenset({
    "account number", "account no", "account no.", "account #", "account_number", "account_no",
    "bank account", "bank_account", "kontonummer", "konto-nr.", "konto-nr", "konto", "kto-nr.",
    "numéro de compte", "n° de compte", "número de cuenta", "cuenta", "conto", "conto corrente",
    "rekeningnummer", "acct", "acct no", "acct #", "a/c",
})  # fmt: skip
_WEAK_ACCOUNT_HEADERS = frozenset({"account", "acc", "acc no", "accounts"})
_BANK_COLUMN_CUES = ("sort", "bsb", "blz", "routing", "transit", "bank", "iban", "bic", "swift")
_ACCOUNT_CELL = re.compile(r"\d{6,12}|\d{2,6}[- ]\d{4,10}")
#: Columns that hold a person's bank details in whatever national form: "131226708/1440110502" (routing
#: and account), "024-243 80029849" (BSB and account), "89549-001-8579840" (transit-institution-account).
_BANK_DETAIL_HEADERS = frozenset({
    "bank", "bank details", "bank_details", "bankdetails", "bank account details", "bankverbindung",
    "banque", "coordonnées bancaires", "banco", "datos bancarios", "banca", "coordinate bancarie",
})  # fmt: skip
_BANK_DETAIL_CELL = re.compile(r"[\d /-]{6,40}")
_BANK_DETAIL_PART = re.compile(r"\d{3}-\d{3}(?!\d)|\d{2,5}-\d{3}-\d{5,8}|\d{6,17}")


class BankAccountRecognizer(Detector):
    """Labelled national account numbers and bank codes, and those in bank-detail table columns."""

    ENTITY = ENTITY
    CATEGORY = Category.FINANCIAL
    #: Beside its label, a number is what the label says. Below `us_bank`'s labelled score, so a US
    #: account number keeps Presidio's `US_BANK_NUMBER` name where both read it.
    LABEL_SCORE = 0.8
    #: A checksum and a banking word: near certain.
    CHECKED_SCORE = 1.0

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not has_any(lowered, _KEYWORDS):
            return self._bare_sort_codes(text, lowered)
        found: dict[tuple[int, int], Finding] = {}
        name = self.detector_name

        def add(start: int, end: int, score: float) -> None:
            if end > start and (start, end) not in found and not _placeholder(text[start:end]):
                found[(start, end)] = Finding(self.ENTITY, self.CATEGORY, start, end, score, name)

        # Every label starts on one of a few literals: the regexes are tried only where one stands (a
        # scan of each literal runs at C speed; the case-insensitive alternations do not).
        starts = _label_starts(text, lowered)
        code_ends: list[int] = []
        for m in _matches(_BANK_CODE_RX, text, starts):
            span = _code_value(text, m)
            if span is not None:
                add(*span, self.LABEL_SCORE)
                code_ends.append(span[1])
        for m in _matches(_STRONG_RX, text, starts):
            add(*m.span("value"), self.LABEL_SCORE)
        for m in _matches(_SORT_AND_ACCOUNT_RX, text, starts):
            add(*m.span("code"), self.LABEL_SCORE)
            add(*m.span("value"), self.LABEL_SCORE)
        if has_any(lowered, _PAIR_KEYS):
            pair_starts = _occurrences(lowered, _PAIR_KEYS) if starts is not None else None
            for m in _matches(_PAIR_RX, text, pair_starts):
                add(*m.span("code"), self.LABEL_SCORE)
                add(*m.span("value"), self.LABEL_SCORE)
        for f in self._bare_sort_codes(text, lowered):
            add(f.start, f.end, f.score)
        for m in _matches(_WEAK_RX, text, starts):
            reach = m.start() - _WEAK_REACH
            before = lowered[max(0, reach) : m.start()]
            if any(reach <= end <= m.start() for end in code_ends) or _BANK_CUE_RX.search(before):
                add(*m.span("value"), self.LABEL_SCORE)
        for m in _after_cues(_RIB_RX, text, lowered, _RIB_CUES):
            value = re.sub(r"(?i)cl[ée][ \t:]*", "", strip_separators(m.group("value")))
            if fr_rib_valid(value):
                add(*m.span("value"), self.CHECKED_SCORE)
        if "rib" in lowered:
            for m in _RIB_LABELLED_RX.finditer(text):
                add(*m.span("value"), self.LABEL_SCORE)
        if "guichet" in lowered:
            # The four labels in their order say what each part is, even when the key does not check
            # (a RIB retyped from paper): the checksum only raises the score.
            for m in _RIB_PARTS_RX.finditer(text):
                checked = fr_rib_valid("".join(m.group("bank", "branch", "account", "key")))
                for part in ("bank", "branch", "account", "key"):
                    add(*m.span(part), self.CHECKED_SCORE if checked else self.LABEL_SCORE)
        if "clabe" in lowered:
            for m in _CLABE_RX.finditer(text):
                if _clabe_valid(m.group("value")):
                    add(*m.span("value"), self.CHECKED_SCORE)
        for m in _after_cues(_CCC_RX, text, lowered, _CCC_CUES):
            if es_ccc_valid(strip_separators(m.group("value"))):
                add(*m.span("value"), self.CHECKED_SCORE)
        for table in tables_in(text):
            for span in _table_values(text, table):
                add(*span, self.LABEL_SCORE)
        return _without_nested(list(found.values()))

    def _bare_sort_codes(self, text: str, lowered: str) -> list[Finding]:
        """A bare sort code and account (`_BARE_SORT_AND_ACCOUNT_RX`) after a payment word."""
        if len(lowered) != len(text) or _BARE_SHAPE.search(text) is None:
            return []
        spans = []
        for m in _BARE_SORT_AND_ACCOUNT_RX.finditer(text):
            if _PAYMENT_CUE_RX.search(lowered, max(0, m.start() - _BARE_REACH), m.start()):
                spans += [m.span("code"), m.span("value")]
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, self.LABEL_SCORE, self.detector_name)
            for start, end in spans
            if not _placeholder(text[start:end])
        ]


def _clabe_valid(digits: str) -> bool:
    """The CLABE's last digit: 10 minus the sum of its first 17 digits weighted 3, 7, 1 (each mod 10)."""
    total = sum(int(d) * w % 10 for d, w in zip(digits[:17], _CLABE_WEIGHTS[:17], strict=True))
    return (10 - total % 10) % 10 == int(digits[17])


def _placeholder(value: str) -> bool:
    """`12-34-56`, `12345678`, `00000000`: what forms and templates put where an account goes. (Not in the
    engine-wide known-value list: `123456` is a real, if weak, password.)"""
    digits = strip_separators(value)
    return len(set(digits)) == 1 or digits in "01234567890123456789"


def _code_value(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The bank code after its label, in the label's own shape; None when the digits have another."""
    label = m.group("label").lower().replace("0", "o")
    cues = _NEEDS_CUE.get(label)
    if cues is not None:
        line = text[text.rfind("\n", 0, m.start()) + 1 : line_end(text, m.end())].lower()
        if not any(c in line for c in cues):
            return None
    start = m.start("value")
    value = _CODE_SHAPES[label].match(text, start)
    return (start, value.end()) if value is not None else None


# Where a label of `_BANK_CODE_RX`, `_STRONG_RX` or `_WEAK_RX` can start.
_LABEL_STARTS = (
    "sort", "bsb", "blz", "bankleitzahl", "transit", "institution", "bank", "acc", "a/c", "konto", "kto",
    "num", "núm", "n°", "nº", "compte", "cuenta", "conto", "c/c", "rekening", "conta", "agênc", "agenc",
)  # fmt: skip
#: How far after a banking word a RIB or CCC may start.
_CUE_REACH = 80


def _occurrences(lowered: str, words: tuple[str, ...]) -> list[int]:
    found: set[int] = set()
    for word in words:
        i = lowered.find(word)
        while i >= 0:
            found.add(i)
            i = lowered.find(word, i + 1)
    return sorted(found)


def _label_starts(text: str, lowered: str) -> list[int] | None:
    """Offsets where a label may start; None when lower-casing moved offsets (the regexes then scan all)."""
    return _occurrences(lowered, _LABEL_STARTS) if len(lowered) == len(text) else None


def _matches(rx: re.Pattern[str], text: str, starts: list[int] | None) -> list[re.Match[str]]:
    if starts is None:
        return list(rx.finditer(text))
    out: list[re.Match[str]] = []
    reached = 0
    for pos in starts:
        if pos < reached:
            continue
        m = rx.match(text, pos)
        if m is not None:
            out.append(m)
            reached = m.end()
    return out


def _after_cues(rx: re.Pattern[str], text: str, lowered: str, cues: tuple[str, ...]) -> list[re.Match[str]]:
    """Matches of `rx` starting within `_CUE_REACH` characters after one of `cues`."""
    if len(lowered) != len(text):
        return []
    out: list[re.Match[str]] = []
    reached = 0
    for pos in _occurrences(lowered, cues):
        for m in rx.finditer(text, max(pos, reached), min(len(text), pos + _CUE_REACH + 40)):
            if m.start() <= pos + _CUE_REACH:
                out.append(m)
                reached = m.end()
    return out


def _table_values(text: str, table: Table) -> list[tuple[int, int]]:
    """Cells of bank-code columns, and of account columns whose header or neighbours say bank."""
    has_bank_column = any(any(c in h for c in _BANK_COLUMN_CUES) for h in table.header)
    shapes: dict[int, re.Pattern[str]] = {}
    for k, header in enumerate(table.header):
        if header in _CODE_HEADERS:
            shapes[k] = re.compile(_CODE_HEADERS[header])
        elif header in _ACCOUNT_HEADERS or (header in _WEAK_ACCOUNT_HEADERS and has_bank_column):
            shapes[k] = _ACCOUNT_CELL
    details = [k for k, header in enumerate(table.header) if header in _BANK_DETAIL_HEADERS]
    if not shapes and not details:
        return []
    spans = []
    for row in table.rows:
        cells = table.cells(text, row)
        for k, rx in shapes.items():
            if k < len(cells) and rx.fullmatch(text, *cells[k]):
                spans.append(cells[k])
        for k in details:
            if k < len(cells) and _BANK_DETAIL_CELL.fullmatch(text, *cells[k]):
                spans += [m.span() for m in _BANK_DETAIL_PART.finditer(text, *cells[k])]
    return spans


def _without_nested(findings: list[Finding]) -> list[Finding]:
    """One finding per value: a span inside another (the CCC's account part) goes."""
    findings.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for f in findings:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept
