"""Classification markings: a document that says in words that it must not leave ("CONFIDENTIAL",
"Streng vertraulich", "Diffusion restreinte", "Uso interno"), where the words stand as a marking:

- the value of a label line: "Classification: Internal Use Only", "Sensitivity: Confidential",
  "Klassifizierung: Vertraulich", "Classification : Confidentiel", "Clasificación: Uso interno";
- a line of its own made of markings, decoration and a page number: a header, footer or banner
  ("*** CONFIDENTIAL – INTERNAL USE ONLY ***", "Strictly Confidential – Page 4 of 11", "_Confidential_");
- a bracketed marking opening a line or in the text's title ("[RESTRICTED] Post-mortem",
  "Memo (Confidential)");
- an upper-case marking opening a line before a colon or dash ("CONFIDENTIAL: Q3 numbers").

Prose about classification ("Documents marked Confidential must not…", an NDA's "Confidential
Information", an e-mail disclaimer) is not a marking. Words that are markings only in capitals or after a
label ("internal", "restricted", "secret") are *weak*; admins add their own words through the policy
(`custom.marking_words`), which behave like the strong built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from dlpguard.engine.recognizers._scoped import keyword_lines
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

STRONG_MARKINGS = (
    # en
    "confidential",
    "strictly confidential",
    "highly confidential",
    "company confidential",
    "private and confidential",
    "private & confidential",
    "proprietary and confidential",
    "confidential and proprietary",
    "proprietary & confidential",
    "internal use only",
    "for internal use only",
    "internal only",
    "not for distribution",
    "do not distribute",
    "do not forward",
    "top secret",
    "restricted distribution",
    "need to know",
    # de
    "vertraulich",
    "streng vertraulich",
    "nur für den internen gebrauch",
    "nur zum internen gebrauch",
    "nur für internen gebrauch",
    "nur zur internen verwendung",
    "nur für den dienstgebrauch",
    "verschlusssache",
    "intern – nur für mitarbeitende",
    "nicht zur weitergabe",
    # fr
    "confidentiel",
    "strictement confidentiel",
    "très confidentiel",
    "diffusion restreinte",
    "diffusion limitée",
    "usage interne uniquement",
    "usage interne",
    "à usage interne",
    "pour usage interne",
    "confidentiel défense",
    "secret défense",
    "ne pas diffuser",
    # es
    "confidencial",
    "estrictamente confidencial",
    "altamente confidencial",
    "uso interno",
    "solo para uso interno",
    "sólo para uso interno",
    "uso restringido",
    "difusión limitada",
    "no distribuir",
)
WEAK_MARKINGS = (
    "internal",
    "intern",
    "interne",
    "interno",
    "interna",
    "restricted",
    "highly restricted",
    "secret",
    "sensitive",
    "highly sensitive",
    "geheim",
    "streng geheim",
    "restreint",
    "restringido",
    "reservado",
    "secreto",
    "privileged",
)

_LABELS = (
    r"(?<![\w-])(?i:(?:data[ \t]+|security[ \t]+|document[ \t]+|information[ \t]+)?classification|"
    r"sensitivity(?:[ \t]+label)?|klassifizierung|einstufung|vertraulichkeit(?:sstufe)?|schutzklasse|"
    r"schutzstufe|informationsklasse|niveau[ \t]+de[ \t]+confidentialité|sensibilité|clasificación|"
    r"sensibilidad|nivel[ \t]+de[ \t]+confidencialidad)[ \t]*:[ \t]*"
)
_DECORATION = " \t*#_=~[]()<>|-–—:.•·"
_SEPARATORS = re.compile(r"[ \t]*(?:[–—|/·•]|[ \t]-[ \t]|,)[ \t]*")
_PAGE = re.compile(
    r"(?i:(?:page|seite|página|pagina|p\.)[ \t]*\d+(?:[ \t]*(?:of|von|sur|de|/)[ \t]*\d+)?|\d+)"
)


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in ordered)


class ClassificationMarkingRecognizer(Detector):
    ENTITY = "CLASSIFICATION_MARKING"
    CATEGORY = Category.CLASSIFICATION
    SCORE: ClassVar[float] = 0.8

    def __init__(self, words: Sequence[str] | None = None, *, name: str | None = None) -> None:
        """Built-in markings by default; `words` (from the policy) replaces them with the admin's own."""
        self._custom = words is not None
        strong = tuple(words) if words is not None else STRONG_MARKINGS
        weak = () if words is not None else WEAK_MARKINGS
        if not strong:
            raise ValueError("a marking recognizer needs at least one word")
        self._name = name
        self._strong = frozenset(w.strip().lower() for w in strong)
        self._weak = frozenset(w.strip().lower() for w in weak)
        # The longest word of each marking: "do not distribute" is looked for on lines holding "distribute".
        self._keywords = tuple(sorted({max(w.lower().split(), key=len) for w in (*strong, *weak)}))
        everything = _alternation((*strong, *weak))
        self._label_rx = re.compile(_LABELS + rf"(?P<value>(?i:{everything}))(?![\w])")
        self._bracket_rx = re.compile(rf"[\[(](?P<value>(?i:{everything}))[\])]")
        self._lead_rx = re.compile(
            rf"^[ \t]*(?P<value>(?i:{_alternation(strong)}))[ \t]*(?::|[ \t]-[ \t]|[ \t]?[–—])", re.MULTILINE
        )

    @property
    def detector_name(self) -> str:
        return f"custom:{self._name}" if self._custom and self._name else type(self).__name__

    def _is_marking(self, phrase: str) -> bool:
        key = re.sub(r"[ \t]+", " ", phrase.strip()).lower()
        if key in self._strong:
            return True
        return key in self._weak and phrase.isupper()

    def find(self, text: str, lowered: str) -> list[Finding]:
        if len(lowered) != len(text):
            lowered = text  # keyword lines are then found case-sensitively; offsets must agree
        spans: set[tuple[int, int]] = set()
        first_line_end = _first_line_end(text)
        for start, end in keyword_lines(lowered, self._keywords):
            block = text[start:end]
            spans.update(
                (start + a, start + b) for a, b in (m.span("value") for m in self._label_rx.finditer(block))
            )
            spans.update(
                (start + m.start("value"), start + m.end("value"))
                for m in self._lead_rx.finditer(block)
                if m.group("value").isupper()
            )
            offset = start
            for line in block.splitlines(keepends=True):
                spans.update(self._line_marking(line, offset, first_line_end))
                offset += len(line)
        return [
            Finding(self.ENTITY, self.CATEGORY, a, b, self.SCORE, self.detector_name)
            for a, b in _outermost(spans)
        ]

    def _line_marking(self, line: str, offset: int, first_line_end: int) -> list[tuple[int, int]]:
        body = line.rstrip("\r\n")
        stripped = body.strip(_DECORATION)
        if not stripped or len(stripped) > 120:
            return []
        start = body.find(stripped)
        parts = []
        pos = 0
        for sep in _SEPARATORS.finditer(stripped):
            parts.append((pos, sep.start()))
            pos = sep.end()
        parts.append((pos, len(stripped)))
        marks = []
        for a, b in parts:
            chunk = stripped[a:b].strip(_DECORATION)
            if not chunk:
                continue
            if self._is_marking(chunk):
                c = stripped.find(chunk, a)
                marks.append((c, c + len(chunk)))
            elif not _PAGE.fullmatch(chunk):
                marks = []
                break
        if marks:
            return [(offset + start + marks[0][0], offset + start + marks[-1][1])]
        # A bracketed marking opening the line, or anywhere in the title line / a heading.
        heading = offset < first_line_end or body.lstrip().startswith(
            ("#", "Subject:", "Betreff:", "Objet", "Asunto:")
        )
        out = []
        for m in self._bracket_rx.finditer(body):
            opens_line = not body[: m.start()].strip(_DECORATION)
            # `[internal]` opens INI sections and docker build steps: weak words only in capitals.
            if (opens_line or heading) and self._is_marking(m.group("value")):
                out.append((offset + m.start("value"), offset + m.end("value")))
        return out


def _first_line_end(text: str) -> int:
    """End of the first non-empty line: a document's title line."""
    for m in re.finditer(r"[^\n]*\n?", text):
        if m.group().strip():
            return m.end()
    return 0


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out
