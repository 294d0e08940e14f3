"""Health identifiers with their checks: US NPI (Luhn over 80840 + the ten digits), DEA registration numbers
(weighted check digit), Medicare Beneficiary Identifiers (the CMS character layout), the German
Krankenversichertennummer (letter as two digits, weights 1-2, cross sums) and medical record numbers after
their label ("MRN", `<mrn>`, "Hospital no", "Patient ID", "Fallnummer", "Versichertennr." when the KVNR
checksum fails, "N° de dossier", "NHC", "historia clínica", "N. cartella", "Prontuário", "Patiëntnummer";
grouped `407 091 7660` too) or in a `patient_id` / `mrn` / `NHC` column; a demo's "123456" or "000000" is
not one. Every one of them needs its label nearby, on the same line: the shapes alone are common (the
label-less column of NPIs under an `npi` header is not read yet)."""

from __future__ import annotations

import re
from typing import ClassVar

from dlpguard.engine.checksums import luhn_valid
from dlpguard.engine.recognizers._health_vocab import in_spans, patient_table_cells
from dlpguard.engine.recognizers._scoped import LineScopedDetector, keyword_lines
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Detector, Pattern
from dlpguard.engine.tables import cell_stretches, column_header, matches_in
from dlpguard.engine.types import Category, Finding


def npi_valid(value: str) -> bool:
    return len(value) == 10 and value.isdigit() and value[0] in "12" and luhn_valid("80840" + value)


def dea_valid(value: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", value):
        return False
    d = [int(c) for c in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def kvnr_valid(value: str) -> bool:
    if not re.fullmatch(r"[A-Z]\d{9}", value):
        return False
    digits = f"{ord(value[0]) - 64:02d}" + value[1:9]
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (1 if i % 2 == 0 else 2)
        total += product // 10 + product % 10
    return total % 10 == int(value[9])


#: Letters CMS never uses in an MBI (S, L, O, I, B, Z).
_MBI_ALPHA = "AC-HJKMNP-RT-Y"
_A, _AN = f"[{_MBI_ALPHA}]", f"[{_MBI_ALPHA}0-9]"
MBI_RE = rf"[1-9]{_A}{_AN}\d-?{_A}{_AN}\d-?{_A}{_A}\d\d"
#: CMS's own documentation example.
MBI_EXAMPLES = frozenset({"1EG4TE5MK73"})


class UsNpiRecognizer(LineScopedDetector):
    ENTITY = "US_NPI"
    CATEGORY = Category.HEALTH
    PATTERNS = (Pattern("npi", r"(?<![\w-])[12]\d{9}(?![\w-])", 0.4),)
    CONTEXT = ("npi", "national provider", "provider id", "prescriber", "rendering provider")
    KEYWORDS = ("npi", "provider", "prescriber")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool | None:
        return npi_valid(pattern_text) or False


class DeaNumberRecognizer(LineScopedDetector):
    ENTITY = "DEA_NUMBER"
    CATEGORY = Category.HEALTH
    PATTERNS = (Pattern("dea", r"(?<![\w-])[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}(?![\w-])", 0.5),)
    CONTEXT = ("dea",)
    KEYWORDS = ("dea ", "dea:", "dea#", "dea-", "dea no", "dea number", "dea registration")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool | None:
        return dea_valid(pattern_text) or False


class MedicareMbiRecognizer(LineScopedDetector):
    ENTITY = "US_MBI"
    CATEGORY = Category.HEALTH
    PATTERNS = (Pattern("mbi", rf"(?<![\w-]){MBI_RE}(?![\w-])", 0.6),)
    CONTEXT = ("mbi", "medicare", "beneficiary")
    KEYWORDS = ("mbi", "medicare", "beneficiary")
    REQUIRES_CONTEXT = True

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return pattern_text.replace("-", "") in MBI_EXAMPLES


class DeKvnrRecognizer(LineScopedDetector):
    ENTITY = "DE_KVNR"
    CATEGORY = Category.HEALTH
    PATTERNS = (Pattern("kvnr", r"(?<![\w-])[A-Z]\d{9}(?![\w-])", 0.4),)
    CONTEXT = (
        "krankenversichertennummer", "kvnr", "versichertennummer", "versicherten-nr", "versichertennr",
        "krankenkasse", "gesundheitskarte", "egk", "health insurance number",
    )  # fmt: skip
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool | None:
        return kvnr_valid(pattern_text) or False


_MRN_LABEL = (
    # not an XML element's own key (`<patient id="26842">`): its record number stands in `<mrn>`
    r"(?i:\bmrn|medical record (?:number|no\.?|#)|(?<!<)\bpatient[ _-]?(?:id|number|no\.?|nr\.?)|"
    r"\bhosp(?:ital)?\.?[ \t]*(?:number|no\.?|nr\.?|#|id)|\bunit (?:number|no\.?)|\bchart (?:number|no\.?|#)|"
    r"patientennummer|patienten-?(?:nr\.?|id)|\bpat\.-?nr\.?|\bfallnummer|\bfall-?nr\.?|\baufnahme-?nr\.?|"
    r"aufnahmenummer|\bversichertennr\.?|\bversicherten-nr\.?|\bversichertennummer|"
    r"n[°º] (?:de )?dossier(?: patient)?|numéro de dossier(?: patient)?|dossier patient|"
    r"\bn[°º] ipp|\bipp(?=[ \t]*:?[ \t]*\d)|historia clínica|\bnhc|n[°º] de historia|"
    r"\bn\.?[°º]?[ \t]*cartella(?: clinica)?|\bcartella(?: clinica)?(?: n\.?[°º]?)?|numero (?:di )?cartella|"
    r"\bid paziente|codice paziente|numero nosologico|\bnosologico|\bn\.?[°º]?[ \t]*(?:de[ \t]+)?processo"
    r"(?: clínico)?|processo clínico|"
    r"\b(?:n[°º.]?[ \t]*(?:de[ \t]+|do[ \t]+)?|número[ \t]+(?:de[ \t]+|do[ \t]+)?)?prontuário|"
    r"\bpatiënt(?:en)?(?:nummer|nr\.?)|\bziekenhuisnummer|\bdossiernummer|\bdossiernr\.?|"
    r"dossier médical(?: n[°º])?|\bn[°º][ \t]*patient|\bn[°º.]?[ \t]*(?:de[ \t]+)?paciente|"
    r"número de paciente)"
    # each holds one of KEYWORDS
)
#: An id of five digits or more, perhaps with a short prefix and dashes ("KH359533", "902-729-84").
_MRN_VALUE = (
    r"(?P<value>(?=(?:[A-Z /-]*\d){5})(?:[A-Z]{2,4} (?=\d)|[A-Z]{0,3}-?)"
    # digits in groups of three or four ("407 091 7660"), or a run with dashes or slashes
    r"(?:\d{3}(?: \d{3,4}){1,3}(?![ ]?\d)|\d[\d/-]{2,14}\d))(?![\w/-])"
)
#: A date after a record label is the admission's, not a record number ("Fall-Nr. 12/03/2024" is rare).
_DATE_SHAPE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}/\d{1,2}/\d{1,2}")
_MRN_COLUMNS = (
    "mrn", "patient_id", "patient id", "patientid", "patient_no", "fallnummer", "patientennummer",
    "hospital_no", "hospital no", "nhc", "cartella", "n. cartella", "id_paziente", "n_cartella",
    "numero_cartella", "n_historia", "historia_clinica", "num_historia", "nhc_id", "n_dossier",
    "numero_dossier", "ipp", "prontuario", "prontuário", "n_processo", "processo", "patientnummer",
    "patiëntnummer", "dossiernummer", "dossiernr",
)  # fmt: skip
#: Headers that name a record number only in a table about patients (one with a person column and a
#: diagnosis or medication column): "record_no" of a patient export, not of a ticket list.
_PATIENT_TABLE_COLUMNS = (
    "record_no", "record_number", "record no", "record number", "record_id", "historia", "dossier", "cip",
    "file_no", "chart_no", "case_no", "n_record",
)  # fmt: skip
#: What a record-number header holds, to decide cheaply whether to read tables at all ("nhc" alone is too
#: short a substring: a header "NHC" comes with its separator).
_MRN_COLUMN_HINTS = (
    *(c for c in _MRN_COLUMNS if c not in ("nhc", "ipp", "processo")),
    "nhc,", "nhc\t", "nhc;", "nhc |", ",nhc", "\tnhc", ";nhc", "| nhc",
    "record_no", "record_number", "record no", "record number", "record_id", "historia", "dossier",
    "ipp,", "ipp\t", "ipp;", "processo", "file_no", "chart_no", "case_no", "n_record", "cip,", "cip\t",
)  # fmt: skip
#: Labels that name a record number only on a line about a patient: a Spanish prescription's "CIP"
#: (the health card's code; in France a CIP is a medicine's), an Italian booking's "n. pratica", an A&E
#: visit's "N. accesso".
_WEAK_LABEL = r"(?i:\bcip|\bn\.?[ \t]*(?:pratica|accesso))"
_WEAK_KEYWORDS = ("cip", "pratica", "accesso")
_PATIENT_ON_LINE = re.compile(r"(?i:\b(?:paciente|paziente|patient|pazient[ei]|utente|assistit[oa])\b)")
#: An HL7 v2 PID segment: its third field is the patient identifier list ("PID|1||HC-8301837^^^HOSP^MR").
_HL7_PID = re.compile(r"(?m:^PID\|[^|\n]*\|[^|\n]*\|(?P<value>[A-Z0-9][A-Z0-9-]{3,19})(?=[\^|~]))")
_INSURANCE_LABEL = re.compile(r"(?i:versicherten)")


def _dummy(value: str) -> bool:
    """A demo's record number: one digit repeated or the counting run ("000000", "123456", "MRN-0123456")."""
    digits = "".join(c for c in value if c.isdigit())
    return len(set(digits)) == 1 or "1234567890".startswith(digits.lstrip("0"))


class MedicalRecordNumberRecognizer(Detector):
    """A record number after its label, or a cell of a record-number column."""

    ENTITY = "MEDICAL_RECORD_NUMBER"
    CATEGORY = Category.HEALTH
    KEYWORDS: ClassVar[tuple[str, ...]] = (
        "mrn", "medical record", "patient", "fallnummer", "fall-nr", "fallnr", "dossier", "historia", "nhc",
        "hosp", "unit n", "chart", "pat.", "aufnahme", "versicherten", "ipp", "cartella", "paziente",
        "nosologico", "processo", "prontu", "patiënt", "ziekenhuis", "dossiernummer", "paciente",
    )  # fmt: skip
    _LABELLED = re.compile(
        _MRN_LABEL + r"[\"']?[ \t]*(?:[:#=>]|is|lautet|est)?[ \t]*:?[ \t]*[\"']?" + _MRN_VALUE
    )
    _WEAK_LABELLED = re.compile(_WEAK_LABEL + r"[ \t]*[:#]?[ \t]*" + _MRN_VALUE)
    _CELL = re.compile(r"(?<![\w-])(?P<value>(?:[A-Z]{2,4} )?[A-Z]{0,3}-?\d[\d/-]{2,14}\d)(?![\w/-])")

    def find(self, text: str, lowered: str) -> list[Finding]:
        spans: set[tuple[int, int]] = set()
        if "pid|" in lowered:
            spans.update(m.span("value") for m in _HL7_PID.finditer(text) if not _dummy(m.group("value")))
        if len(lowered) == len(text) and has_any(lowered, _WEAK_KEYWORDS):
            for start, end in keyword_lines(lowered, _WEAK_KEYWORDS):
                previous_line = text.rfind("\n", 0, max(0, start - 1)) + 1  # "Paziente: …" just above
                if _PATIENT_ON_LINE.search(text, previous_line, end):
                    spans.update(m.span("value") for m in self._WEAK_LABELLED.finditer(text, start, end)
                                 if not _dummy(m.group("value")))  # fmt: skip
        if has_any(lowered, self.KEYWORDS):
            spans |= {self._span(m) for start, end in self._label_lines(text, lowered)
                      for m in self._LABELLED.finditer(text, start, end)
                      # a valid KVNR after an insurance label is the DE_KVNR recognizer's finding
                      if not (_INSURANCE_LABEL.search(m.group()) and kvnr_valid(m.group("value")))
                      and not _dummy(m.group("value"))
                      and not _DATE_SHAPE.fullmatch(m.group("value"))}  # fmt: skip
        if has_any(lowered, _MRN_COLUMN_HINTS):
            # A header exists only inside a table or an insert: the values elsewhere are not read at all.
            for m in matches_in(self._CELL, text, cell_stretches(text)):
                header = column_header(text, m.start())
                name = header.strip() if header is not None else ""
                in_patient_table = name in _PATIENT_TABLE_COLUMNS and in_spans(
                    patient_table_cells(text)[0], m.start(), m.end()
                )
                if (name in _MRN_COLUMNS or in_patient_table) and not _dummy(m.group("value")):
                    spans.add(m.span("value"))
        return self._findings(spans)

    def _findings(self, spans: set[tuple[int, int]]) -> list[Finding]:
        return [Finding(self.ENTITY, self.CATEGORY, a, b, 0.85, self.detector_name) for a, b in sorted(spans)]

    @staticmethod
    def _span(m: re.Match[str]) -> tuple[int, int]:
        """The value's span, or the whole "MRN-260223" when the label is the number's own prefix."""
        a, b = m.span("value")
        return (m.start(), b) if m.group("value").startswith("-") and a - m.start() <= 4 else (a, b)

    def _label_lines(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """Where a labelled number can stand: the lines holding a keyword. Every label holds one of
        KEYWORDS and a match never spans lines, so the label regex (a case-blind alternation, slow to try
        at every position) is not run over the rest. The whole text when lowering moved offsets, or
        holds `ſ` or `ı`, which the regex's IGNORECASE takes for `s` and `i` but `lower()` keeps."""
        if len(lowered) != len(text) or "ſ" in text or "ı" in text:
            return [(0, len(text))]
        return keyword_lines(lowered, self.KEYWORDS)
