"""Dates of birth: a full date after its label ("DOB 12/03/1961", "born 4 March 1972", "geb. 03.07.1985",
"née le 12 mars 1979", "fecha de nacimiento: 23/05/1990") or in a date-of-birth column of a table. A
`person` finding: with a name nearby it identifies someone. Only the date is reported; a year alone
("born in 1972"), a blank form field (`DOB: __/__/____`) or a schema (`date_of_birth DATE`) is not."""

from __future__ import annotations

import re
from typing import ClassVar

from dlpguard.engine.recognizers._scoped import keyword_lines
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.tables import tables_in
from dlpguard.engine.types import Category, Finding

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|"
    "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_YEAR = r"(?:19|20)\d{2}"
DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}}|{_YEAR}/\d{{1,2}}/\d{{1,2}}|"
    rf"\d{{1,2}}(?:\.|st|nd|rd|th|er)?[ \t]+(?:de[ \t]+)?(?i:{_MONTHS})\.?,?[ \t]+(?:de[ \t]+)?{_YEAR}|"
    rf"(?i:{_MONTHS})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+{_YEAR})"
)
_LABEL = (
    r"(?i:\bdob\b|\bd\.o\.b\.?|date[ \t]+of[ \t]+birth|birth[ \t_-]?date|\bborn(?:[ \t]+on)?|"
    r"\bgeb\.(?:[ \t]+am)?|\bgeboren(?:[ \t]+am)?|geburtsdatum|\bnée?[ \t]+le|\bné\(e\)[ \t]+le|"
    r"date[ \t]+de[ \t]+naissance|fecha[ \t]+de[ \t]+nacimiento|\bnacid[oa][ \t]+el|\bf\.[ \t]?nac\.)"
)
_COLUMNS = frozenset({
    "dob", "d.o.b.", "date of birth", "date_of_birth", "dateofbirth", "birth_date", "birthdate", "birth date",
    "birthday", "geburtsdatum", "geb.", "geburtstag", "date de naissance", "date_naissance",
    "date_de_naissance", "fecha de nacimiento", "fecha_nacimiento", "fecha_nac", "f. nac.",
})  # fmt: skip


class DateOfBirthRecognizer(Detector):
    ENTITY = "DATE_OF_BIRTH"
    CATEGORY = Category.PERSON
    KEYWORDS: ClassVar[tuple[str, ...]] = (
        "dob", "d.o.b", "birth", "born", "geb", "née", "né ", "né(e)", "naissance", "nacimiento", "nacid",
        "nac.",
    )  # fmt: skip
    _LABELLED = re.compile(_LABEL + r"[ \t]*[:=]?[ \t]*\(?[ \t]*(?P<value>" + DATE + r")(?!\d)")
    _DATE = re.compile(r"(?<![\w.-])(?P<value>" + DATE + r")(?![\w-])")

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not any(k in lowered for k in self.KEYWORDS):
            return []
        spans: set[tuple[int, int]] = set()
        if len(lowered) == len(text):
            for start, end in keyword_lines(lowered, self.KEYWORDS):
                spans.update(
                    m.span("value") for m in self._LABELLED.finditer(text, start, min(len(text), end + 40))
                )
        else:
            spans.update(m.span("value") for m in self._LABELLED.finditer(text))
        if any(c in lowered for c in ("dob", "birth", "geb", "naissance", "nacimiento", "fecha_nac")):
            for table in tables_in(text):
                columns = [i for i, name in enumerate(table.header) if name.strip() in _COLUMNS]
                for row in table.rows if columns else ():
                    cells = table.cells(text, row)
                    for i in columns:
                        if i < len(cells):
                            a, b = cells[i]
                            m = self._DATE.search(text, a, b)
                            if m is not None:
                                spans.add(m.span("value"))
        return [Finding(self.ENTITY, self.CATEGORY, a, b, 0.85, self.detector_name) for a, b in sorted(spans)]
