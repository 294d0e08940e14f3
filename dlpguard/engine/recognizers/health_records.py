"""Health records: a condition, health status, procedure, medication, or ICD code, written about an
identified person ("Katrin Vogel ist krankgeschrieben (Bandscheibenvorfall)", "Patient: … Diagnosis:
E11.9", "Medikation: Venlafaxin 5 mg 1-0-0", "Son médecin lui a prescrit du Xanax"). A medication needs
its dose or someone being given it (a therapy cue, a medication field or column, a list of medicines); the
value of a diagnosis field is a condition even when the vocabulary does not know it. The same words in a
health *topic* (an article, a dosing guide, a sales report, a coding question, a `/health` endpoint) are
not findings: a mention counts only when a person or a record cue stands in its paragraph (or a record's
header above it: a record label, a named person, someone off sick or in hospital, a policyholder, a parent
writing in a family chat), or right after a possessive ("por su diabetes"), and not when it is negated
("denies chest pain", "kein Hinweis auf").

Vocabulary and the record test live in `_health_vocab.py`; every recognizer here reads the same
one-pass term scan of the text (cached per text), so four entities cost one pass over its words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import ClassVar

from dlpguard.engine.recognizers._health_vocab import (
    INDEX_CUES_FROM,
    chat_record,
    cue_starts,
    hl7_diagnoses,
    icd10_categories,
    in_spans,
    is_record,
    patient_table_cells,
    term_mentions,
)
from dlpguard.engine.recognizers._scoped import keyword_lines
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

#: Above the NER model's score (0.85): "Levetiracetam" or "Morbus Crohn" in a record is a medicine or a
#: condition, not the PERSON or LOCATION the model may also see there (resolve keeps the higher score).
SCORE = 0.86

#: Kind of term -> entity reported.
ENTITIES = {
    "condition": "MEDICAL_CONDITION",
    "status": "HEALTH_STATUS",
    "procedure": "MEDICAL_PROCEDURE",
    "medication": "MEDICATION",
}


#: A diagnosis field: its value names a condition even when the vocabulary does not know it
#: ("Diagnosi: frattura scomposta del radio", "Diagnosis: plantar fasciitis; suspected gout").
_DIAGNOSIS_LINE = re.compile(
    r"(?im:(?:^|(?<=[.;] ))[ \t]*(?:[-*•][ \t]*)?(?:(?:working|primary|main|discharge|admission)[ \t]+)?"
    r"(?:diagnos[ie]s|diagnosen?|hauptdiagnose|nebendiagnosen?|diagnostics?|diagnostic principal|diagnóstico|"
    r"diagnosi|dx|injury|injuries|lesioni|lesiones|lesões|verletzung(?:en)?|blessures?)[ \t]*:[ \t]*"
    r"(?P<value>[^\n]+))"
)
_DIAGNOSIS_KEYWORDS = ("diagnos", "diagnó", "dx", "injur", "lesion", "lesõ", "verletzung", "blessure")
#: "diagnosed with", "mi è stata diagnosticata una", "on m'a diagnostiqué une", "le diagnosticaron":
#: what follows names a condition, known to the vocabulary or not.
_DIAGNOSED = re.compile(
    r"(?i:\b(?:diagnosed[ \t]+with|diagnosed[ \t]+as[ \t]+having|"
    r"diagnosticat[oaie](?:[ \t]+(?:con|di))?|diagnostiqu[ée]e?s?(?:[ \t]+(?:avec|d['’]))?|"
    r"diagnosticad[oa]s?(?:[ \t]+(?:con|de))?|diagnosticaron|diagnostiziert[ \t]+(?:wurde|wurden|mit))"
    r"(?:[ \t]+(?:a|an|una|uno|un|une|ein|eine|einen|einer|el|la|le|il|lo|l['’]))?[ \t]+)"
    r"(?P<value>[^\n.;:()]{3,80})"
)
#: Words that end a condition's name in running text ("… last year", "… in 2019", "… and was").
_CONDITION_STOP = re.compile(
    r"(?i:[ \t]+(?:in|at|on|last|this|since|after|before|during|when|while|and|but|which|who|by|from|"
    r"seit|im|am|und|aber|letzte[nms]?|dans|depuis|en|et|mais|l['’]an|desde|el|y|pero|hace|da|nel|"
    r"nella|e|ma|lo[ \t]+scorso|l['’]anno)\b|,)"
)
_HEDGE = re.compile(
    r"(?i:^(?:verdacht auf|v\.[ \t]?a\.|suspected|suspicion of|possible|probable|likely|suspicion de|"
    r"suspicion d['’]|sospett[oa](?: di)?|sospecha de|posible|probable)[ \t]+)"
)
_NOT_A_CONDITION = re.compile(
    r"(?i:^(?:pending|unknown|unclear|none|n/?a|tbd|tba|see|siehe|voir|vedi|ver|keine|unauffällig|offen|aucun(?:e)?|"
    r"en cours|inconnu|ninguno|pendiente|nessuna|in corso|da definire)\b)"
)
_LEADING_CODE = re.compile(r"[A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?[ \t]*(?:[-–:][ \t]*)?")
_SEGMENT_END = re.compile(r"[;.(\[]|,[ \t]|[ \t][-–—][ \t]|[ \t]{3,}")


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) overlaps one of `spans` (sorted by start; term mentions never nest)."""
    i = bisect_left(spans, (b, b))
    return i > 0 and spans[i - 1][1] > a


def _condition_value(text: str, a: int, b: int, known: list[tuple[int, int]], max_words: int) -> bool:
    """text[a:b] can name a condition: a few words with letters and no digits, not "pending" or "n/a",
    and no vocabulary term already there."""
    value = text[a:b]
    return (
        1 <= len(value.split()) <= max_words
        and any(c.isalpha() for c in value)
        and not any(c.isdigit() for c in value)
        and not _NOT_A_CONDITION.match(value)
        and not _overlaps(known, a, b)
    )


def _cell_value(text: str, a: int, b: int) -> bool:
    """A patient table's diagnosis or medication cell that names something: a few words, letters and
    perhaps a type number or a strength ("diabete di tipo 2", "metformin 500 mg"), not "none" or "-"."""
    value = text[a:b]
    return (
        1 <= len(value.split()) <= 6
        and sum(c.isalpha() for c in value) >= 3
        and not _NOT_A_CONDITION.match(value)
    )


def _diagnosis_values(text: str, lowered: str, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of diagnosis-field values no vocabulary term covers: one per `;`-separated item."""
    if not any(k in lowered for k in _DIAGNOSIS_KEYWORDS) or len(lowered) != len(text):
        return []
    out = []
    for start, end in keyword_lines(lowered, _DIAGNOSIS_KEYWORDS):
        for m in _DIAGNOSED.finditer(text, start, end):
            a, b = m.span("value")
            stop = _CONDITION_STOP.search(text, a, b)
            b = stop.start() if stop else b
            while b > a and not text[b - 1].isalnum():
                b -= 1
            if _condition_value(text, a, b, known, max_words=5):
                out.append((a, b))
        for m in _DIAGNOSIS_LINE.finditer(text, start, end):
            pos, stop = m.span("value")
            while pos < stop:
                item_end = text.find(";", pos, stop)
                item_end = stop if item_end < 0 else item_end
                item = text[pos:item_end]
                lead = len(item) - len(item.lstrip())
                hedge = _HEDGE.search(item[lead:])
                a = pos + lead + (hedge.end() if hedge else 0)
                code = _LEADING_CODE.match(text, a, item_end)  # "J06.9 akute Infektion …": the words
                a = code.end() if code else a
                cut = _SEGMENT_END.search(text, a, item_end)
                b = cut.start() if cut else item_end
                while b > a and text[b - 1] in " \t:":
                    b -= 1
                if _condition_value(text, a, b, known, max_words=6):
                    out.append((a, b))
                pos = item_end + 1
    return out


#: Acronyms that are ordinary words too, read as the condition only in capitals.
_CAPITALS_ONLY = frozenset({"als", "aids", "avc", "fiv", "ivg", "ocd", "ibs"})


@lru_cache(maxsize=4)
def _term_mentions(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    lowered = text.lower()
    if len(lowered) != len(text):  # offsets would drift (İ, ẞ): scan a length-preserving lowering
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: dict[str, list[tuple[int, int]]] = {k: [] for k in ENTITIES}
    mentions = term_mentions(lowered)
    known = [(start, end) for _, start, end in mentions]
    values = _diagnosis_values(text, lowered, known)
    cues = cue_starts(text) if len(mentions) + len(values) > INDEX_CUES_FROM else None
    table_rows, table_cells = patient_table_cells(text)
    diagnoses = hl7_diagnoses(text)
    if diagnoses:
        table_rows = tuple(sorted((*table_rows, *((a, b) for a, b, _ in diagnoses))))
        table_cells = tuple(sorted((*table_cells, *diagnoses)))
    for kind, start, end in mentions:
        if lowered[start:end] in _CAPITALS_ONLY and not text[start:end].isupper():
            continue  # "Gern als Tabelle", "hearing aids": the word, not ALS or AIDS
        if (
            (table_rows and in_spans(table_rows, start, end))
            or chat_record(text, start, end, kind)
            or is_record(text, start, end, cues)
        ):
            found[kind].append((start, end))
    for start, end in values:
        if is_record(text, start, end, cues):
            found["condition"].append((start, end))
    # A patient table's diagnosis and medication cells are someone's, known to the vocabulary or not.
    # One term in the cell stands for the cell ("diabete" of "diabete di tipo 2"); two are two findings.
    if table_cells:
        # Mentions never overlap one another, so one sorted list finds those in a cell by bisection.
        every = sorted((a, b, k) for k, spans in found.items() for a, b in spans)
        dropped: set[tuple[int, int]] = set()
        added: list[tuple[str, int, int]] = []
        for start, end, kind in table_cells:
            i = bisect_left(every, (start, -1, ""))
            i -= i > 0 and every[i - 1][1] > start  # a mention running into the cell
            inside = []
            while i < len(every) and every[i][0] < end:
                inside.append(every[i])
                i += 1
            if len(inside) > 1 or any(k != kind for _, _, k in inside) or not _cell_value(text, start, end):
                continue
            if inside:
                dropped.add(inside[0][:2])
                start, end = min(start, inside[0][0]), max(end, inside[0][1])
            added.append((kind, start, end))
        if dropped:
            found = {k: [span for span in spans if span not in dropped] for k, spans in found.items()}
        for kind, start, end in added:
            found[kind].append((start, end))
        found["condition"].sort()
        found["medication"].sort()
    else:
        found["condition"].sort()
    return {k: tuple(v) for k, v in found.items()}


class _HealthTermRecognizer(Detector):
    KIND: ClassVar[str] = ""
    CATEGORY = Category.HEALTH

    def find(self, text: str, lowered: str) -> list[Finding]:
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, SCORE, self.detector_name)
            for start, end in _term_mentions(text)[self.KIND]
        ]


class MedicalConditionRecognizer(_HealthTermRecognizer):
    ENTITY = "MEDICAL_CONDITION"
    KIND = "condition"


class HealthStatusRecognizer(_HealthTermRecognizer):
    ENTITY = "HEALTH_STATUS"
    KIND = "status"


class MedicalProcedureRecognizer(_HealthTermRecognizer):
    ENTITY = "MEDICAL_PROCEDURE"
    KIND = "procedure"


class MedicationRecognizer(_HealthTermRecognizer):
    ENTITY = "MEDICATION"
    KIND = "medication"


class IcdCodeRecognizer(Detector):
    """ICD-10 codes (a real ICD-10-CM category: E11.9, I10, F32.1) and ICD-11 stem codes (6A70, 5A11.0)
    next to a diagnosis label or a condition, in a record about a person. A code in a question about
    coding ("E11.9 or E11.65?") has no person around it and is not reported."""

    ENTITY = "ICD_CODE"
    CATEGORY = Category.HEALTH
    LABEL_WORDS: ClassVar[tuple[str, ...]] = (
        "icd", "diagnos", "dx", "befund", "assessment", "motif", "cim-", "cim ", "cie-", "cie ",
    )  # fmt: skip
    _ICD10 = re.compile(r"(?<![\w./-])(?P<cat>[A-TV-Z]\d[0-9A-Z])(?:\.[0-9A-Z]{1,4})?(?![\w/-])")
    _ICD11 = re.compile(
        r"(?<![\w./-])[1-9A-X][A-HJ-NP-Z]\d[0-9A-HJ-NP-Z](?:\.[0-9A-HJ-NP-Z]{1,2})?(?![\w/-])"
    )
    _LABEL = re.compile(
        r"(?i:icd[- ]?1[01]|diagnos[ei]s?|diagnosen|diagnostic|diagnóstico|\bdx\b|befund|assessment|"
        r"\bmotif\b|\bcim[- ]?1[01]|\bcie[- ]?1[01])"
    )

    def find(self, text: str, lowered: str) -> list[Finding]:
        conditions = _term_mentions(text)["condition"]
        labels = keyword_lines(lowered, self.LABEL_WORDS) if len(lowered) == len(text) else []
        if not conditions and not labels:
            return []
        # Codes are looked for only on label lines and right beside a condition, never across the text.
        regions = [*labels, *((max(0, s - 12), min(len(text), e + 16)) for s, e in conditions)]
        categories = icd10_categories()
        starts: set[int] = set()
        for a, b in regions:
            starts.update(m.start() for m in self._ICD10.finditer(text, a, b))
            starts.update(m.start() for m in self._ICD11.finditer(text, a, b))
        spans: set[tuple[int, int]] = set()
        for start in starts:  # matched again without the region's end, which could cut "E11|.9"
            m10 = self._ICD10.match(text, start)
            if m10 is not None and m10.group("cat") in categories:
                spans.add(m10.span())
            elif (m11 := self._ICD11.match(text, start)) is not None:
                spans.add(m11.span())
        out = []
        for start, end in sorted(spans):
            near_label = self._LABEL.search(text[max(0, start - 60) : start]) is not None
            near_condition = any(abs(s - end) <= 4 or abs(start - e) <= 3 for s, e in conditions)
            if (near_label or near_condition) and is_record(text, start, end):
                out.append(Finding(self.ENTITY, self.CATEGORY, start, end, SCORE, self.detector_name))
        return out
