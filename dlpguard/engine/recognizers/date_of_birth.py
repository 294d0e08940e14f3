"""Dates of birth: a full date after its label ("DOB 12/03/1961", "born 4 March 1972", "geb. 03.07.1985",
"GEBURTSTAG 17.09.1955", "née à Lyon le 12 mars 1979", "fecha de nacimiento: 23/05/1990", "nato/a il 5
settembre 1967", "Nacido/a: 06/04/2019"), after a key ("date_of_birth": "2003-01-05", `birthDate: …`,
`<birthDate>…`), as the answer to the question in a transcript ("e a data de nascimento?", then "Cliente:
…"), after a name on a line listing birthdays ("birthdays: Keisha 4 June 2006, Marnie 08/02/1955", past
years only) or in a date-of-birth column of a table or an SQL insert ("born", "nac.", "Nascimento" too). A
`person` finding: with a name nearby it identifies someone. Only the date is reported; a year alone ("born
in 1972"), a blank form field (`DOB: __/__/____`), a schema (`date_of_birth DATE`), an impossible date or
a form's default (1 January 1900/1970/2000) is not, nor this year's birthday party ("Geburtstag am 12.03."
of the current year)."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from dlpguard.engine.recognizers._scoped import keyword_lines
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.tables import sql_inserts, tables_in
from dlpguard.engine.types import Category, Finding

#: Month names and their abbreviations in the seven languages served (`filters` reads the same list).
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|"
    "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    "gen|mag|giu|lug|ago|set|ott|dic|"
    "januari|februari|maart|mei|augustus|oktober|"
    "janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|dezembro"
)
_YEAR = r"(?:19|20)\d{2}"
DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}}|{_YEAR}/\d{{1,2}}/\d{{1,2}}|"
    rf"\d{{1,2}}(?:\.|st|nd|rd|th|er)?[ \t]+(?:de[ \t]+)?(?i:{MONTHS})\.?,?[ \t]+(?:de[ \t]+)?{_YEAR}|"
    rf"(?i:{MONTHS})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+{_YEAR})"
)
#: "née à Lyon le", "nato a Roma il", "nacida en Cádiz el": a birthplace between the word and the date.
_PLACE = (
    r"(?:[ \t]+(?:à|a|en|in):?[ \t]+[A-ZÀ-Þ][\w'’.-]*"
    r"(?:[ \t-]+(?:(?:del|della|di|de|da|do|dos|du|la|le|sur|am|an)[ \t]+)?[A-ZÀ-Þ(][\w'’.()-]*){0,3},?)?"
)
_LABEL = (
    r"(?i:\bdob(?:[ \t]+on[ \t]+file)?\b|\bbday\b|\bd\.o\.b\.?|date[ \t_-]?of[ \t_-]?birth|"
    r"birth[ \t_-]?date|\bborn(?:[ \t]+on)?|"
    r"\bgeb\.(?:[ \t]+am)?|\bgeboren(?:[ \t]+am)?|geburtsdatum|"
    r"\bn[ée]{1,2}(?:\(e\)|/e)?(?-i:" + _PLACE + r")[ \t]+le|"
    r"date[ \t_-]+(?:de[ \t_-]+)?na[il]ssance|fecha[ \t_-]+(?:de[ \t_-]+)?nac(?:[il]miento|\.)?|"
    r"\bnacid[oa](?:/[oa])?(?-i:" + _PLACE + r")[ \t]+el|\bf\.[ \t]*(?:de[ \t]+)?nac(?:imiento\b|\.)|"
    r"(?<!\w)(?<!de )nacimiento(?=[ \t]*:)|(?<!\w)(?<!di )nascita(?=[ \t]*:)|"
    r"\bgeb\.?-?datum|\bgeb\.[ \t]?dat\.|"
    r"\bnat[oa](?:/[oa]|\([oa]\))?(?-i:" + _PLACE + r")[ \t]+il|data[ \t_-]+(?:di[ \t_-]+)?nascita|"
    r"\bbirthdate|\bdateofbirth|\bdob_date|geboortedatum|\bgeb\.[ \t]?datum|"
    r"\b(?:data[ \t]+de|dt\.?)[ \t]+nasc(?:[il]mento|\.)|(?<![\w.])nasc\.|"
    r"\bnascid[oa](?:/[oa]|\([oa]\))?(?:[ \t]+(?:em|a))?|"
    # A bare participle as a form label ("Nacido/a: 06/04/2019", "Né(e) : 3 mars 1980", "Nata: 12.03.1990"):
    # only before a colon, and "nato" only in lowercase or capitalised (not the alliance, "NATO:").
    r"\bnacid[oa](?:/[oa]|\([oa]\))?(?=[ \t]*:)|\bné(?:e|\(e\)|/e)?(?=[ \t]*:)|"
    r"(?-i:\b[Nn]at[oa](?:/[oa]|\([oa]\))?)(?=[ \t]*:))"
)
#: Labels that also name a yearly party ("Geburtstag am 12.03.2026", "birthday: 4 May 2026"): the date
#: counts only with a year before this one.
_BIRTHDAY = r"(?i:\bgeburtstag|\bbirthday|\banniversaire|\bcumpleaños|\bcompleanno)"
#: The speaker's label before an answer on the line after a question: "Cliente:", "Caller 2:", "[10:02] Ana:".
_SPEAKER = r"(?:\[[\d:]{4,8}\][ \t]*)?[\w.-]{1,24}(?:[ \t][\w.-]{1,24})?[ \t]*:[ \t]*"
#: A list of people's birthdays ("birthdays for the cake rota — Keisha 4 June 2006, Marnie 08/02/1955",
#: "Geburtstage: Jana 3.5.1990"): on such a line a dated name is a birth date when its year is past.
_BIRTHDAYS = re.compile(
    r"(?i:\bbirthdays?\b|\bgeburtstage?\b|\banniversaires?\b|\bcumpleaños\b|\bcompleann[oi]\b|"
    r"\bverjaardag(?:en)?\b|\baniversários?\b)"
)
_NAMED_DATE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-ZÀ-Þ][a-zß-ÿ'’-]+)[ \t]*(?:[:(=]|[-–—][ \t])?[ \t]*(?P<value>"
    + DATE
    + r")(?![\w-])"
)
#: Words that stand before a date without naming its person ("on Monday 4 June 2024", "Am 3.5.2025").
_NOT_NAMES = frozenset({
    "on", "am", "le", "el", "il", "op", "em", "at", "from", "since", "until", "bis", "ab", "seit", "depuis",
    "desde", "dal", "dalla", "vanaf", "tot",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "segunda", "terça", "quarta", "quinta", "sexta",
})  # fmt: skip
_COLUMNS = frozenset({
    "dob", "d.o.b.", "date of birth", "date_of_birth", "dateofbirth", "birth_date", "birthdate", "birth date",
    "birthday", "geburtsdatum", "geb.", "geburtstag", "date de naissance", "date_naissance",
    "date_de_naissance", "fecha de nacimiento", "fecha_nacimiento", "fecha_nac", "f. nac.",
    "data di nascita", "data_nascita", "data_di_nascita", "nato il", "nata il", "nato/a il",
    "date of birth (dd/mm/yyyy)", "né(e) le", "né le", "geboortedatum", "data de nascimento",
    "data_nascimento",
    # Short headers of a class list or a customer sheet ("pupil | born | maths", "alumno/a | nac. | mates").
    "born", "date born", "geboren", "geb.-datum", "geb.datum", "gebdatum", "né(e)", "né", "née", "naissance",
    "nacido", "nacida", "nacido/a", "nac.", "f. nacimiento", "fecha nac.", "nacimiento", "nascita",
    "nato/a", "nascimento", "nasc.", "data nasc.", "dt. nasc.", "dt nasc", "data de nasc.", "dt_nascimento",
    "nascido em", "geboren op", "geb. datum",
})  # fmt: skip


#: An HL7 v2 patient segment: its seventh field is the date of birth, `YYYYMMDD` perhaps with a time.
_HL7_PID = re.compile(
    r"(?m)^PID\|(?:[^|\n]*\|){6}"
    r"(?P<value>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?=[\d|^\r\n])"
)

_COLUMN_KEYWORDS = (
    "dob", "birth", "born", "geb", "né", "naissance", "nac", "nascita", "nato", "nata", "nasc",
)  # fmt: skip


class DateOfBirthRecognizer(Detector):
    ENTITY = "DATE_OF_BIRTH"
    CATEGORY = Category.PERSON
    KEYWORDS: ClassVar[tuple[str, ...]] = (
        "dob", "d.o.b", "birth", "born", "geb", "née", "né ", "né:", "né(e)", "né/e", "naissance",
        "nacimiento", "nacid", "nac.", "nac_", "fecha_nac", "fecha nac", "nato", "nata", "nascita",
        "anniversaire", "cumpleaños", "compleanno", "geboorte", "nasc", "bday", "verjaardag", "aniversário",
        # a scan's `l` for `I` in capitals ("FECHA DE NAClMIENTO")
        "naclmiento", "nalssance",
    )  # fmt: skip
    #: The label, then perhaps a key's quotes and `:` / `=` (JSON, YAML, logs) or an XML tag's `>`, then the
    #: date. perhaps a format hint ("(DD/MM/YYYY)"), the value on the next line (forms, OCR), the answer to
    #: the question in a transcript ("e a data de nascimento?\nCliente: 10.10.2006"), or the birthplace
    #: first ("Luogo e data di nascita: Roma, 12/03/1961").
    _SEP = (
        r"(?:[ \t]*/[ \t]*(?i:age|alter|âge|edad|età|sex|geschlecht))?"
        r"(?:[ \t]*\((?i:[dmyjat]{1,4}[./-][dmyjat]{1,4}[./-][dmyjat]{2,4})\))?"
        r"[\"']?[ \t]*(?:\?[ \t]*(?:\n[ \t]*"
        + _SPEAKER
        + r")?|[:=|>]?[ \t]*(?:\n[ \t]*)?)[\"']?[ \t]*\(?[ \t]*"
        r"(?:[A-ZÀ-Þ][\w'’.-]*(?:[ \t][A-ZÀ-Þ(][\w'’.()-]*){0,2},[ \t]*)?"
    )
    _LABELLED = re.compile(_LABEL + _SEP + r"(?P<value>" + DATE + r")(?!\d)")
    _BIRTHDAY_RX = re.compile(_BIRTHDAY + _SEP + r"(?P<value>" + DATE + r")(?!\d)")
    _DATE = re.compile(r"(?<![\w.-])(?P<value>" + DATE + r")(?![\w-])")

    def find(self, text: str, lowered: str) -> list[Finding]:
        hl7 = [m.span("value") for m in _HL7_PID.finditer(text)] if "PID|" in text else []
        if not has_any(lowered, self.KEYWORDS):
            return [Finding(self.ENTITY, self.CATEGORY, a, b, 0.85, self.detector_name) for a, b in hl7]
        spans: set[tuple[int, int]] = set(hl7)
        if len(lowered) == len(text):
            for start, end in keyword_lines(lowered, self.KEYWORDS):
                stop = min(len(text), end + 40)
                spans.update(m.span("value") for m in self._LABELLED.finditer(text, start, stop))
                birthdays = self._BIRTHDAY_RX.finditer(text, start, stop)
                spans.update(m.span("value") for m in birthdays if _past(m.group("value")))
                spans.update(_listed_birthdays(text, start, stop))
        else:
            spans.update(m.span("value") for m in self._LABELLED.finditer(text))
        if has_any(lowered, _COLUMN_KEYWORDS):
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
            for insert in sql_inserts(text):
                columns = [i for i, name in enumerate(insert.header) if name.strip() in _COLUMNS]
                for row in insert.rows if columns else ():
                    for i in columns:
                        a, b = row[i]
                        m = self._DATE.search(text, a, b)
                        if m is not None:
                            spans.add(m.span("value"))
        return [
            Finding(self.ENTITY, self.CATEGORY, a, b, 0.85, self.detector_name)
            for a, b in sorted(spans)
            if (a, b) in hl7
            or (_possible(text[a:b]) and not _placeholder(text[a:b]) and _of_the_living(text[a:b]))
        ]


def _listed_birthdays(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Dates after a name on the lines of a list of birthdays, with a year before this one."""
    found: list[tuple[int, int]] = []
    for line in _BIRTHDAYS.finditer(text, start, stop):
        line_end = text.find("\n", line.end(), stop)
        for m in _NAMED_DATE.finditer(text, line.start(), stop if line_end < 0 else line_end):
            if m.group("name").lower() not in _NOT_NAMES and _past(m.group("value")):
                found.append(m.span("value"))
    return found


def _possible(value: str) -> bool:
    """A numeric date whose day and month can be a calendar's (either order): not "16/14/1983"."""
    parts = [int(p) for p in re.split(r"[./-]", value) if p.isdigit()] if value[:1].isdigit() else []
    if len(parts) != 3:
        return True  # a month in words
    if parts[0] > 31:  # year first: month, then day
        return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
    return 1 <= min(parts[0], parts[1]) <= 12 and 1 <= max(parts[0], parts[1]) <= 31


def _placeholder(value: str) -> bool:
    """The dates forms and demo data put in a birth-date field: 1 January 1900, 1970 or 2000."""
    parts = re.split(r"[./-]", value)
    return len(parts) == 3 and sorted(parts) in (["01", "01", y] for y in ("1900", "1970", "2000"))


#: Older than anyone alive: "Alan Turing was born 23 June 1912" is history, not someone's record.
_OLDEST_AGE = 110


def _of_the_living(value: str) -> bool:
    years = re.findall(r"(?:19|20)\d{2}", value)
    return not years or int(years[-1]) > date.today().year - _OLDEST_AGE


def _past(value: str) -> bool:
    """A year before this one: a birthday's date, not the date of this year's party."""
    years = re.findall(r"(?:19|20)\d{2}", value)
    return bool(years) and int(years[-1]) < date.today().year
