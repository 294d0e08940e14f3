"""Passport, identity-card and driving-licence numbers of any country, reported where their label
names them.

The national recognizers know each scheme's shape and check digits; a passport from a country none of
them covers (`Passport No.: YA1234567`, `Número de pasaporte: PAA123456`, `Passnummer X1234567`) still
names itself. A value is taken only right after an explicit document label in English, German, French,
Spanish or Italian, or in a table column headed by one, and only when it looks like a document number:
one token of 6 to 18 capitals and digits, at least four of them digits, and not a date; or, as Dutch
passports and French identity cards are numbered (`LCC4NXVH7`, `EDW84SBTCGYE`), one token of 8 to 12
capitals and digits with at least two of each.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.tables import Table, tables_in
from dlpguard.engine.types import Category, Finding

ENTITY = "ID_DOCUMENT_NUMBER"

_NUMBER_WORD = r"(?:numbers?|num\.?|no\.?|nr\.?|n[°º.]|nº|#|número|numéro|numero|nummer)"
# Each label names an identity document outright: never a bare `ID` (order, ticket and user ids).
_LABELS = (
    r"passport|passports|reisepass|passnummer|pass-nr\.?|passeport|pasaporte|passaporto",
    r"(?:national[ \t]+)?identity[ \t]+card|id[ \t-]+card|national[ \t]+id(?:entity)?|identity[ \t]+document",
    r"personalausweis|ausweis|ausweisnummer|ausweis-nr\.?|identitätskarte",
    r"carte[ \t]+(?:nationale[ \t]+)?d['’]identit[ée]|pi[èe]ce[ \t]+d['’]identit[ée]"
    r"|titre[ \t]+de[ \t]+s[ée]jour",
    r"documento[ \t]+(?:nacional[ \t]+)?de[ \t]+identidad|documento[ \t]+d['’i][ \t]*identit[àa]"
    r"|carta[ \t]+d['’i][ \t]*identit[àa]|permiso[ \t]+de[ \t]+residencia|permesso[ \t]+di[ \t]+soggiorno",
    r"residence[ \t]+permit|aufenthaltstitel|travel[ \t]+document",
    r"driving[ \t]+licen[cs]e|driver['’]?s?[ \t]+licen[cs]e|f[üu]hrerschein|permis[ \t]+de[ \t]+conduire"
    r"|patente[ \t]+di[ \t]+guida|permiso[ \t]+de[ \t]+conducir|carn[eé]t?[ \t]+de[ \t]+conducir",
    r"paspoort|identiteitskaart|identiteitsbewijs|id-kaart|rijbewijs|passaporte"
    r"|cart[ãa]o[ \t]+de[ \t]+cidad[ãa]o|bilhete[ \t]+de[ \t]+identidade"
    r"|carta[ \t]+de[ \t]+condu[çc][ãa]o|\bcnh\b|\bpatente\b",
    # France's "CNI", and a bare "Documento" as a booking or a lease names the guest's ("Documento: C1IEL5EI",
    # "documento n. CA95761UB"): only before its colon or number word
    r"\bcni\b|\bdocumento(?=[ \t]*(?::|n[.º°]|nº))",
)
_LABEL = "|".join(_LABELS)
_LABELLED = re.compile(
    r"(?<![\w-])(?:" + _NUMBER_WORD + r"[ \t]+(?:de[ \t]+|di[ \t]+|du[ \t]+)?(?:la[ \t]+|l['’])?)?"
    r"(?P<label>" + _LABEL + r")"
    # `passport number:`, `passeport n°`, `carta d'identità n.`, `Reisepass (Nr.)`, `: `, ` is `.
    r"(?:[ \t]*(?:" + _NUMBER_WORD + r"|:|=|-|–|\(|\)|is|es|est|ist|è|n\.))*[ \t]*"
    # A document number has a digit within its first five characters (`PAA123456`, `19WT50359`).
    r"(?P<value>(?=[A-Z9]{0,5}[ -]?\d)[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9]{2})){5,19})(?![\w-]|\.\w)",
    re.IGNORECASE,
)
_KEYWORDS = (
    "passport", "reisepass", "passnummer", "pass-nr", "passeport", "pasaporte", "passaporto", "identity",
    "id card", "id-card", "national id", "ausweis", "identitätskarte", "identit", "identidad", "séjour",
    "sejour", "residencia", "soggiorno", "residence permit", "aufenthaltstitel", "travel document", "licen",
    "führerschein", "fuhrerschein", "permis de conduire", "patente di guida", "conducir", "paspoort",
    "identiteit", "id-kaart", "rijbewijs", "passaporte", "cidad", "bilhete de identidade", "condução",
    "conducao", "cnh", "patente", "cni", "documento",
)  # fmt: skip
_DATE = re.compile(r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}")
_YEARS = re.compile(r"(?:(?:19|20)\d\d[ -]?)+")  # `2019-2023`: a span of years
_HEADER_WORDS = ("passport", "reisepass", "passeport", "pasaporte", "passaporto", "id card", "identity card",
                 "ausweis", "carte d'identité", "documento de identidad", "carta d'identità", "national id",
                 "residence permit", "id document", "driving licence", "driving license", "driver's license",
                 "driver license", "licence number", "license number", "führerschein")  # fmt: skip


#: A document number of letters and digits alike, in one piece (`LCC4NXVH7`, `C1IEL5EI`).
_LETTERS_AND_DIGITS = re.compile(r"[A-Z0-9]{8,12}")
#: One token holding capitals and digits both.
_MIXED_TOKEN = re.compile(r"(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{6,12}")


def document_number_shape(value: str) -> bool:
    """One token of capitals and digits (single inner spaces or dashes allowed), 6-14 characters
    without them, at least four digits, and not a date; or 8-12 capitals and digits, two of each at
    least, without spaces."""
    compact = value.replace(" ", "").replace("-", "")
    digits = sum(c.isdigit() for c in compact)
    if _LETTERS_AND_DIGITS.fullmatch(value) and digits >= 2 and len(compact) - digits >= 2:
        return True
    if not 6 <= len(compact) <= 18 or digits < 4:
        return False
    if any(c.islower() for c in compact) or _DATE.fullmatch(value) or _YEARS.fullmatch(value):
        return False
    return not (compact.isdigit() and len(set(compact)) == 1)


class LabelledIdDocumentRecognizer(Detector):
    """A document number right after a passport or identity-card label, or in a column headed by one."""

    ENTITY = ENTITY
    CATEGORY = Category.GOVERNMENT_ID
    #: The label says what the value is; no check digit says it is well formed.
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not has_any(lowered, _KEYWORDS):
            return []
        name = self.detector_name
        found: dict[tuple[int, int], Finding] = {}
        for m in _labelled_matches(text, lowered):
            start, end = m.span("value")
            value = m.group("value")
            # A trailing word joined by a space is no part of the number (`X1234567 issued`).
            while " " in value and not document_number_shape(value):
                value = value.rsplit(" ", 1)[0]
            end = start + len(value)
            if m.group("label").lower() == "documento" and not _MIXED_TOKEN.fullmatch(value):
                continue  # "Documento: FAT-2024-00123" is an invoice's; an identity document's is one token
            if document_number_shape(value):
                found[(start, end)] = Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, name)
        for span in _replies(text, lowered):
            found.setdefault(span, Finding(self.ENTITY, self.CATEGORY, *span, self.SCORE, name))
        for table in tables_in(text):
            for span in _column_values(text, table):
                found.setdefault(span, Finding(self.ENTITY, self.CATEGORY, *span, self.SCORE, name))
        return sorted(found.values(), key=lambda f: (f.start, f.end))


#: A chat line asking for a document's number ("necesito tu n.º de pasaporte", "what's your passport
#: number?"): the label last on its line, perhaps before a question mark.
_ASKED = re.compile(r"(?:" + _LABEL + r")(?:[ \t]*" + _NUMBER_WORD + r")?[ \t]*[?!.]*[ \t]*$", re.IGNORECASE)
#: The reply, alone on a later line: "es PA386818", "it's X1234567", "PAA424891".
_REPLY = re.compile(
    r"^[ \t]*(?:(?:es|is|it['’]?s|c['’]est|ist|è|é|hier|here|aquí|aqui|voilà|ecco|het is|é o|e)[ \t:]+)?"
    r"(?P<value>[A-Z0-9]{6,12})[ \t.!]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: A chat's header line between question and reply ("Kwabena 10:27", "[10:27] Kwabena:").
_CHAT_HEADER = re.compile(
    r"^[ \t]*(?:\[[\d:]{4,8}\][ \t]*)?[^\W\d][\w .'-]{0,30}[ \t]+\d{1,2}:\d\d[ \t]*$|^[^\n:]{1,30}:[ \t]*$",
    re.MULTILINE,
)
#: The asking line is a question or a request: "?", "need", "necesito", "brauche", "besoin", "serve".
_REQUEST = re.compile(
    r"\?|(?i:\b(?:need|send|give|what|necesito|necesitamos|manda|mándame|dame|brauche|brauchen|schick|gib|"
    r"besoin|envoie|donne|serve|mandami|dammi|preciso|precisamos|nodig|stuur|geef)\b)"
)


def _replies(text: str, lowered: str) -> list[tuple[int, int]]:
    """Document numbers sent as the reply to a request for one, on the next line or the one after a chat
    header; the number must have the shape of one and be written in capitals."""
    if len(lowered) != len(text):
        return []
    spans = []
    for question_end in _labelled_line_ends(text, lowered):
        line_start = question_end + 1
        for _ in range(2):  # the reply, or a chat header and then the reply
            if line_start > len(text):
                break
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            reply = _REPLY.match(text, line_start, line_end)
            if reply is not None:
                value = reply.group("value")
                if value.upper() == value and document_number_shape(value):
                    spans.append(reply.span("value"))
                break
            if _CHAT_HEADER.match(text, line_start, line_end) is None:
                break
            line_start = line_end + 1
    return spans


def _labelled_line_ends(text: str, lowered: str) -> list[int]:
    """Offsets of the ends of lines that close on a document label (`_ASKED`), looked for only on the
    lines holding a label's core."""
    ends = []
    done = -1  # the end of the last line read: a line with several cores is read once
    for i in _core_hits(lowered):
        if i < done:
            continue
        line_start = lowered.rfind("\n", 0, i) + 1
        line_end = lowered.find("\n", i)
        line_end = len(lowered) if line_end < 0 else line_end
        done = line_end
        # The label closes the line (`_ASKED` ends in `$`): only its last stretch need be searched.
        tail = max(line_start, len(lowered[line_start:line_end].rstrip(" \t?!.")) + line_start - _ASKED_REACH)
        asked = _ASKED.search(text, tail, line_end)
        if asked is not None and _REQUEST.search(text, line_start, line_end) is not None:
            ends.append(line_end)
    return ends


#: The longest label with its number word that `_ASKED` finds at a line's end.
_ASKED_REACH = 80


def _core_hits(lowered: str) -> list[int]:
    """Offsets of the label cores in `lowered`, in order; "pass" only where a passport label may go on
    (`passport`, `passeport`, `passaporto`, `passnummer`, `Reisepass:`), not in "password" or "passwd",
    which config and code are full of."""
    hits: list[int] = []
    for core in _LABEL_CORES:
        i = lowered.find(core)
        while i >= 0:
            if core != "pass" or not lowered[i + 4 : i + 5].isalpha() or lowered[i + 4] in "pean":
                hits.append(i)
            i = lowered.find(core, i + 1)
    hits.sort()
    return hits


# Every label holds one of these; the case-insensitive label regex runs only in windows around them.
_LABEL_CORES = (
    "pass", "pasaport", "identit", "id card", "id-card", "national id", "ausweis", "identidad", "séjour",
    "sejour", "residencia", "soggiorno", "residence permit", "aufenthaltstitel", "travel document", "licen",
    "führerschein", "fuhrerschein", "permis de conduire", "patente di guida", "conducir", "paspoort",
    "identiteit", "id-kaart", "rijbewijs", "cidad", "bilhete de identidade", "condução", "conducao", "cnh",
    "patente", "cni", "documento",
)  # fmt: skip
#: A label's number word may stand before its core (`numéro de passeport`); its value follows it.
_BEFORE, _AFTER = 40, 120


def _labelled_matches(text: str, lowered: str) -> list[re.Match[str]]:
    if len(lowered) != len(text):
        return list(_LABELLED.finditer(text))
    windows: list[list[int]] = []
    for pos in _core_hits(lowered):
        start, end = max(0, pos - _BEFORE), min(len(text), pos + _AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    matches: list[re.Match[str]] = []
    for start, end in windows:
        # Look-behinds see the text before a window; the value may run to the window's end at most.
        matches.extend(_LABELLED.finditer(text, start, end))
    return matches


def _column_values(text: str, table: Table) -> list[tuple[int, int]]:
    columns = [k for k, h in enumerate(table.header) if any(w in h for w in _HEADER_WORDS)]
    if not columns:
        return []
    spans = []
    for row in table.rows:
        cells = table.cells(text, row)
        for k in columns:
            if k < len(cells) and document_number_shape(text[cells[k][0] : cells[k][1]]):
                spans.append(cells[k])
    return spans
