"""Classification markings: a document that says in words that it must not leave ("CONFIDENTIAL",
"Streng vertraulich", "VS-NUR FÜR DEN DIENSTGEBRAUCH", "Diffusion restreinte", "Uso interno", "RISERVATO",
"TLP:AMBER", "OFFICIAL-SENSITIVE", "SECRET//NOFORN"), where the words stand as a marking:

- the value of a label line: "Classification: Internal Use Only", "Sensitivity: Confidential",
  "Klassifizierung: Vertraulich", "Classification : Confidentiel", "Clasificación: Uso interno";
- a line of its own made of markings, decoration and a page number: a header, footer or banner
  ("*** CONFIDENTIAL – INTERNAL USE ONLY ***", "Strictly Confidential – Page 4 of 11", "_Confidential_");
- a bracketed marking opening a line or in the text's title ("[RESTRICTED] Post-mortem",
  "Memo (Confidential)");
- an upper-case marking opening a line or an e-mail subject before a colon or dash ("CONFIDENTIAL: Q3
  numbers", "Subject: RE: VERTRAULICH – Gehälter");
- a US-style banner opening a line: a level and its controls after `//` ("TOP SECRET//SI//NOFORN").

Prose about classification ("Documents marked Confidential must not…", an NDA's "Confidential
Information", an e-mail disclaimer) is not a marking. Words that are markings only in capitals or after a
label ("internal", "restricted", "secret") are *weak*; admins add their own words through the policy
(`custom.marking_words`), which behave like the strong built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
    "for addressee only",
    "addressee only",
    "privileged & confidential",
    "privileged and confidential",
    "privileged/confidential",
    "confidential & privileged",
    "confidential and privileged",
    "attorney-client privileged",
    "attorney–client privileged",
    "attorney-client privilege",
    "legally privileged",
    "official-sensitive",
    "official sensitive",
    "official – sensitive",
    "for official use only",
    "tlp:red",
    "tlp:amber",
    "tlp:amber+strict",
    "tlp:green",
    "tlp: red",
    "tlp: amber",
    "tlp: amber+strict",
    "tlp: green",
    "nato restricted",
    "nato confidential",
    "nato secret",
    "cosmic top secret",
    "eu restricted",
    "eu confidential",
    "restreint ue",
    "confidentiel ue",
    "secret ue",
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
    "nur für den empfänger",
    "nur für den adressaten",
    "nur intern",
    "nur für interne zwecke",
    "streng vertraulich – nur intern",
    "vs-nur für den dienstgebrauch",
    "vs – nur für den dienstgebrauch",
    "vs-nfd",
    "vs-vertraulich",
    "vs-geheim",
    "vs-streng geheim",
    "geheim – amtlich geheim gehalten",
    "personalvertraulich",
    "persönlich/vertraulich",
    "persönlich vertraulich",
    "vertrauliches dokument",
    "vertrauliche verschlusssache",
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
    "réservé au destinataire",
    "diffusion interne",
    "diffusion interne uniquement",
    "usage restreint",
    "strictement personnel et confidentiel",
    "personnel et confidentiel",
    "confidentiel personnel",
    "document confidentiel",
    "informations confidentielles",
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
    "solo para el destinatario",
    "uso interno exclusivo",
    "de uso interno",
    "para uso interno",
    "solo uso interno",
    "sólo uso interno",
    "reservado y confidencial",
    "difusión restringida",
    "documento confidencial",
    "información confidencial",
    # it
    "confidenziale",
    "strettamente confidenziale",
    "altamente confidenziale",
    "riservato",
    "riservata",
    "strettamente riservato",
    "strettamente riservata",
    "riservatissimo",
    "riservato e confidenziale",
    "documento riservato",
    "solo per uso interno",
    "ad uso interno",
    "per uso interno",
    "uso interno esclusivo",
    "non divulgare",
    "solo per il destinatario",
    "non diffondere",
    "diffusione limitata",
    "diffusione riservata",
    "uso riservato",
    "uso esclusivamente interno",
    "esclusivamente per uso interno",
    "documento confidenziale",
    "informazioni riservate",
    # nl
    "vertrouwelijk",
    "strikt vertrouwelijk",
    "zeer vertrouwelijk",
    "departementaal vertrouwelijk",
    "stg. geheim",
    "stg geheim",
    "staatsgeheim",
    "zeer geheim",
    "alleen voor intern gebruik",
    "uitsluitend voor intern gebruik",
    "voor intern gebruik",
    "niet verspreiden",
    "alleen voor de geadresseerde",
    # pt
    "confidencial",
    "estritamente confidencial",
    "altamente confidencial",
    "documento confidencial",
    "uso interno",
    "apenas para uso interno",
    "somente para uso interno",
    "uso restrito",
    "uso interno restrito",
    "acesso restrito",
    "estritamente reservado",
    "não divulgar",
    "apenas para o destinatário",
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
    "segreto",
    "restreinte",
    "persönlich",
    "restrito",
)

_LABELS = (
    r"(?<![\w-])(?i:(?:data[ \t]+|security[ \t]+|document[ \t]+|information[ \t]+)?classification|"
    r"sensitivity(?:[ \t]+label)?|klassifizierung|einstufung|vertraulichkeit(?:sstufe)?|schutzklasse|"
    r"schutzstufe|informationsklasse|niveau[ \t]+de[ \t]+confidentialité|sensibilité|clasificación|"
    r"sensibilidad|nivel[ \t]+de[ \t]+confidencialidad|confidencialidad|classificazione|"
    r"livello[ \t]+di[ \t]+(?:riservatezza|classificazione)|riservatezza|klassifikation|schutzbedarf|"
    r"geheimhaltungsstufe|niveau[ \t]+de[ \t]+classification|marquage|diffusion|classificatie|rubricering"
    r"|vertrouwelijkheid|classificação|nível[ \t]+de[ \t]+confidencialidade)[ \t]*:[ \t]*"
)
#: An e-mail subject's labels before a marking that opens it: "Subject: RE: CONFIDENTIAL – …".
_SUBJECT = r"(?:(?i:subject|betreff|objet|asunto|oggetto|re|fwd?|aw|wg|tr|rv|r)[ \t]*:[ \t]*)*"
_DECORATION = " \t*#_=~[]()<>|-–—:.•·"
_SEPARATORS = re.compile(r"[ \t]*(?:[–—|/·•]|[ \t]-[ \t]|,)[ \t]*")
#: The department a marking is for, abbreviated after it ("CONFIDENTIEL RH", "Confidencial – RR. HH.",
#: "Confidential – HR"): part of the marking line, never a marking alone.
_UNIT = re.compile(r"(?:[A-ZÀ-Þ]{1,4}\.?)(?:[ \t]+[A-ZÀ-Þ]{1,4}\.?){0,2}")
_PAGE = re.compile(
    r"(?i:(?:page|seite|página|pagina|p\.)[ \t]*\d+(?:[ \t]*(?:of|von|sur|de|/)[ \t]*\d+)?|\d+)"
)


#: A US-style banner opening a line or a paragraph marking: "TOP SECRET//SI//NOFORN", "(U//FOUO)",
#: "SECRET//REL TO USA, FVEY": a level and at least one control after `//`, in capitals.
_BANNER = re.compile(
    r"^[ \t*#_=~\[(<|–—-]*"
    r"(?P<value>(?:TOP[ \t]SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|CUI|TS|S|C|U)"
    r"(?://[A-Z0-9][A-Z0-9 ,.-]*?[A-Z0-9])+)(?=[ \t]*(?:[*_=~\])>|:–—]|[ \t]-[ \t]|$))",
    re.MULTILINE,
)


#: Stems that stand for several built-in words in the line search ("confidential", "confidentiel",
#: "confidencial", "confidenziale").
_STEMS = ("confiden", "riservat", "tlp:", "vertraulich", "restri", "vertrouwelijk")


def _line_keywords(markings: Iterable[str], stems: Iterable[str]) -> tuple[str, ...]:
    """Few keywords, one `find` pass each, such that every marking's line holds one: single words and
    stems first, then for each longer marking its longest word unless one of its words already holds a
    keyword ("strettamente riservato" is found on lines holding "riservat")."""
    phrases = [w.lower().split() for w in markings if w.strip()]
    keys = set(stems) | {p[0] for p in phrases if len(p) == 1}
    for words in sorted((p for p in phrases if len(p) > 1), key=len):
        if not any(k in w for w in words for k in keys):
            keys.add(max(words, key=len))
    return tuple(sorted(k for k in keys if not any(o != k and o in k for o in keys)))


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
        self._keywords = _line_keywords((*strong, *weak), () if self._custom else _STEMS)
        everything = _alternation((*strong, *weak))
        self._label_rx = re.compile(_LABELS + rf"(?P<value>(?i:{everything}))(?![\w])")
        self._bracket_rx = re.compile(rf"[\[(](?P<value>(?i:{everything}))[\])]")
        # An upper-case marking ending a line, after the request it was pasted behind ("summarise this:
        # STRICTLY CONFIDENTIAL"): the document starts there.
        self._tail_rx = re.compile(rf"(?<![\w:])(?P<value>(?i:{_alternation(strong)}))[ \t*_]*$")
        self._lead_rx = re.compile(
            rf"^[ \t]*{_SUBJECT}(?P<value>(?i:{_alternation(strong)}))[ \t]*(?::|[ \t]-[ \t]|[ \t]?[–—])",
            re.MULTILINE,
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
        if not self._custom:
            spans.update(_banners(text))
        return [
            Finding(self.ENTITY, self.CATEGORY, a, b, self.SCORE, self.detector_name)
            for a, b in _outermost(spans)
        ]

    def _is_marking_for_unit(self, chunk: str) -> bool:
        """A marking and the department abbreviation after it, in one chunk: "CONFIDENTIEL RH"."""
        words = chunk.split()
        for k in range(len(words) - 1, 0, -1):
            if _UNIT.fullmatch(" ".join(words[k:])) and self._is_marking(" ".join(words[:k])):
                return True
        return False

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
        units = []
        for a, b in parts:
            chunk = stripped[a:b].strip(_DECORATION)
            if not chunk:
                continue
            c = stripped.find(chunk, a)
            if self._is_marking(chunk) or self._is_marking_for_unit(chunk):
                marks.append((c, c + len(chunk)))
            elif _UNIT.fullmatch(chunk) and marks:
                units.append((c, c + len(chunk)))
            elif not _PAGE.fullmatch(chunk):
                marks = []
                break
        if marks:
            marks += units
            marks.sort()
            return [(offset + start + marks[0][0], offset + start + marks[-1][1])]
        titled = _titled_marks(stripped, parts, self._is_marking)
        if titled:
            return [(offset + start + titled[0], offset + start + titled[1])]
        # (an upper-case marking ends the line in a capital: else no search)
        tail = self._tail_rx.search(body) if body.rstrip(" \t*_")[-1:].isupper() else None
        if tail is not None and tail.group("value").isupper() and _after_request(body[: tail.start()]):
            return [(offset + tail.start("value"), offset + tail.end("value"))]
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


def _titled_marks(
    stripped: str, parts: list[tuple[int, int]], is_marking: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The markings closing a title line in capitals ("EMERGENCY DEPARTMENT – STRICTLY CONFIDENTIAL"):
    every part is upper case, the last ones markings and the first not."""
    chunks = [(a, b, stripped[a:b].strip(_DECORATION)) for a, b in parts]
    chunks = [(a, b, c) for a, b, c in chunks if c]
    if len(chunks) < 2 or not all(c.isupper() for _, _, c in chunks):
        return None
    first = len(chunks)
    while first > 0 and is_marking(chunks[first - 1][2]):
        first -= 1
    if first == len(chunks) or first == 0:
        return None
    a, _, c = chunks[first]
    begin = stripped.find(c, a)
    last = chunks[-1]
    return begin, stripped.find(last[2], last[0]) + len(last[2])


#: A title in capitals and a dash closing what precedes a line-ending marking ("…: EMERGENCY DEPT –").
_TITLE_DASH = re.compile(r"(?:^|[\s:])[A-ZÀ-Þ]{2,}(?:[ \t]+[A-ZÀ-Þ]{2,})*[ \t]+[–—-]$")


def _after_request(before: str) -> bool:
    """What precedes a line-ending marking is a request in lower case or ends with its punctuation, or
    a title in capitals after such a request ("translate this: EMERGENCY DEPT – CONFIDENTIAL")."""
    before = before.rstrip()
    if not before:
        return False
    return before[-1] in ":?!." or before[-1].islower() or _TITLE_DASH.search(before) is not None


_LEVEL_BEFORE = re.compile(r"(?:SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|CUI|\b[TSCU]|\bTS)$")


def _banners(text: str) -> list[tuple[int, int]]:
    """Banners, looked for only at a `//` right after a level: code's `//` comments cost a `find` each."""
    out = []
    pos = text.find("//")
    while pos >= 0:
        if _LEVEL_BEFORE.search(text, max(0, pos - 12), pos):
            line_start = text.rfind("\n", 0, pos) + 1
            m = _BANNER.match(text, line_start)
            if m is not None:
                out.append(m.span("value"))
        pos = text.find("//", pos + 2)
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
