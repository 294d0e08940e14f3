"""Health records: a condition, health status, procedure, medication with its dose, or ICD code, written
about an identified person ("Katrin Vogel ist krankgeschrieben (Bandscheibenvorfall)", "Patient: …
Diagnosis: E11.9"). The same words in a health *topic* (an article, a dosing guide, a campaign budget,
a coding question, a `/health` endpoint) are not findings: a mention counts only when a person or a
record cue stands in its paragraph, and not when it is negated ("denies chest pain", "kein Hinweis auf").

Vocabulary and the record test live in `_health_vocab.py`; every recognizer here reads the same
one-pass term scan of the text (cached per text), so four entities cost one regex pass.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from dlpguard.engine.recognizers._health_vocab import icd10_categories, is_record, term_mentions
from dlpguard.engine.recognizers._scoped import keyword_lines
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

SCORE = 0.8

#: Kind of term -> entity reported.
ENTITIES = {
    "condition": "MEDICAL_CONDITION",
    "status": "HEALTH_STATUS",
    "procedure": "MEDICAL_PROCEDURE",
    "medication": "MEDICATION",
}


@lru_cache(maxsize=4)
def _term_mentions(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    lowered = text.lower()
    if len(lowered) != len(text):  # offsets would drift (İ, ẞ): scan a length-preserving lowering
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: dict[str, list[tuple[int, int]]] = {k: [] for k in ENTITIES}
    for kind, start, end in term_mentions(lowered):
        if is_record(text, start, end):
            found[kind].append((start, end))
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
