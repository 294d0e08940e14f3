"""Names in the fixed places of records that say "a person" by their layout, not by a field name the
generic rules know: an HL7 v2 `PID` segment (`Family^Given` in field 5, `NK1` field 2), a SWIFT MT103
ordering or beneficiary customer (`:50K:/account` then the name line), a support agent named in brackets
("Agent (Jana):"), a CV's name line above its birth line ("ANA SOUZA / born 1 May 1990 in …"), and the
person a report, a tax return, a booking or a ticket is about ("Anzeigenerstatter: JAN KRÜGER, geb. …",
"Dichiarante: ROSSI Mario", "Steuerpflichtige/r: Krüger, Jan", "Laptop von Krüger, Jan", "parte de baja de
Ana Souza Lima").

Every shape is anchored on a literal that code and prose rarely hold (a segment name at a line's start, a
SWIFT tag, a role label with its colon), and the value must still read as a name: capitals alone need a
known first name or surname among them and no ordinary word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.names import (
    CODE_SUFFIXES,
    LOWER,
    NOT_NAME_WORDS,
    PLACEHOLDER_NAMES,
    UPPER,
    is_common_anywhere,
    is_given_name,
    is_ordinary_word,
    is_surname,
    looks_like_caps_name,
    looks_like_name,
    trie_regex,
)
from dlpguard.engine.recognizers._window_words import has_keyword, is_short
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_SEGMENT = re.compile(r"^(?P<seg>PID|NK1)\|(?P<rest>[^\r\n]{0,600})", re.MULTILINE)
#: PID-5 (patient name), NK1-2 (next of kin): the field index after the segment name.
_NAME_FIELD = {"PID": 5, "NK1": 2}
_HL7_PART = re.compile(rf"[{UPPER}][{UPPER}{LOWER}'’ -]{{1,40}}")

# SWIFT MT103/MT202 customer fields: an account line ("/GB29…") may come first, then the name.
_SWIFT = re.compile(
    r"^:(?:50[AFK]|59[AF]?):(?:/[^\r\n]{1,40}\r?\n)?(?P<value>[A-Z][A-Z'’ .-]{2,34})[ \t]*$", re.MULTILINE
)
# A chat role with the person's name in brackets, opening a line: "Agent (Jana): …".
_ROLE_IN_BRACKETS = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,12}\][ \t]*)?"
    r"(?i:agent|agente|agentin|support|operator|operatore|operador|operadora|advisor|adviser|berater|beraterin|conseiller|conseillère|medewerker|atendente|assistente|rep)"
    rf"[ \t]*\((?P<value>[{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+)?)\)[ \t]*:",
    re.MULTILINE,
)
# A CV's name line: capitals or a full name alone on its line, the next line opening on a birth word or
# holding the contact details (an address, a phone and a mailbox).
_BIRTH_WORDS = (
    r"(?:geboren|geb\.|born|b\.|né|née|nacid[oa]|nat[oa]|nascid[oa]|date of birth|fecha de nacimiento"
    r"|data di nascita|data de nascimento|geboortedatum|date de naissance|geburtsdatum)"
)
_CV_NAME = re.compile(
    rf"^[ \t]*(?P<value>[{UPPER}][{UPPER}{LOWER}'’-]+(?:[ ][{UPPER}][{UPPER}{LOWER}'’-]+){{1,3}})[ \t]*\r?\n"
    rf"(?:[ \t]*(?i:{_BIRTH_WORDS})\b|[^\n@]{{0,120}}[\w.+-]@[\w-]+\.[\w.]+[^\n]{{0,60}}(?:\n|\Z))",
    re.MULTILINE,
)
# The person a record is about, after a role label in any of the seven languages. The label ends in a
# colon or is a phrase that ends in a preposition ("Laptop von", "parte de baja de").
_SUBJECT_LABELS = (
    r"comparece|compareciente|denunciante|declarante|dichiarante|denunciante|anzeigenerstatter(?:in)?"
    r"|steuerpflichtige(?:/r|r)?|contribuyente|contribuente|contribuable|belastingplichtige|contribuinte"
    r"|titular|intestatario|intestataria|titulaire|kontoinhaber(?:in)?|rekeninghouder"
    r"|usuario|usuaria|utente|utilisateur|utilisatrice|benutzer(?:in)?|gebruiker|utilizador|usuário"
    r"|aangever|aangeefster|declarant|déclarant|déclarante|queixoso|queixosa"
    r"|paziente|paciente|patient|patiënt|patientin"
    r"|victim|victime|víctima|vittima|opfer|slachtoffer|vítima"
    r"|colaborador|colaboradora|melder|name|nome|nom|nombre|naam|name on card|naam op kaart|nom sur la carte"
)
#: The labels' first letters (five at most, shared by "contribuable" and "contribuyente"), looked for
#: with `str.find` before the label regex runs there.
_SUBJECT_NEEDLES = tuple(
    sorted({w[:5] for w in re.findall(r"[a-zà-ÿ][a-zà-ÿ ]+", _SUBJECT_LABELS) if len(w) > 2})
)
_SUBJECT_LABEL = re.compile(rf"(?i:{_SUBJECT_LABELS})[ \t]*:?[ \t]+(?=[{UPPER}])")
_SUBJECT_PHRASE = re.compile(
    r"(?i:laptop von|rechner von|pc von|notebook von|ordinateur de|portátil de|portatile di"
    r"|laptop de|laptop di|laptop van|parte de baja de|baja médica de|certificado médico de"
    r"|certificato medico di|arbeitsunfähigkeitsbescheinigung von|krankmeldung von|arrêt de travail de"
    r"|ziekmelding van|atestado médico de|payee to|beneficiario|beneficiary|ship to|deliver to|livrer à"
    r"|lieferung an|bezorgen bij|enviar a|spedire a|enviar para)[ \t]*:?[ \t]*\r?\n?[ \t]*"
    rf"(?=[{UPPER}])"
)
# A contact person named by first name only, then their number: "Parent contact: Jana 0176 …".
_CONTACT_FIRST_NAME = re.compile(
    r"(?i:parent contact|emergency contact|contact|parent|guardian|ouder|voogd|responsable légal"
    r"|responsable|encarregad[oa](?:\(a\))? de educação|erziehungsberechtigte?r?|elternteil|genitore"
    r"|tutore|tutor|padre|madre|mutter|vater|contacto|contatto|contato)[ \t]*:[ \t]*"
    rf"(?P<value>[{UPPER}][{LOWER}]+)(?=[ \t]+[+(]?\d)"
)
# A Slack or Teams export line: "jana [9:14 AM]: …", "Jana Krüger [09:14]".
_CLOCK_AFTER_NAME = re.compile(
    rf"^[ \t]*(?P<value>[{UPPER}{LOWER}][{LOWER}]+(?:[ ][{UPPER}][{LOWER}]+)?)[ \t]+"
    r"\[\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[AaPp]\.?[Mm]\.?)?\][ \t]*:?",
    re.MULTILINE,
)
_N = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
_C = rf"[{UPPER}][{UPPER}'’]+(?:-[{UPPER}][{UPPER}'’]+)?"
# Value shapes, longest first: "Krüger Lima, Jan", "KRÜGER Jan", "JAN KRÜGER LIMA", "Jan Krüger Lima".
_SUBJECT_VALUE = re.compile(
    rf"(?P<value>(?:{_N}|{_C})(?:[ ](?:{_N}|{_C}))?,[ \t]+{_N}(?:[ ]{_N})?"
    rf"|{_C}(?:[ ]{_C}){{0,2}}[ ]{_N}(?:[ ]{_N})?"
    rf"|{_C}(?:[ ]{_C}){{1,3}}"
    rf"|{_N}(?:[ ](?:de[ ]|del[ ]|da[ ]|van[ ]|von[ ])?{_N}){{1,3}})"
    rf"(?=[ \t]*(?:[,;·|()\r\n.:]|$|[ \t][–—-][ \t]|[ \t]{{2}}|[ \t][{LOWER}\d]))"
)


def _plain_word_ok(word: str) -> bool:
    low = word.lower()
    if low in NOT_NAME_WORDS or low in CODE_SUFFIXES or low in PLACEHOLDER_NAMES:
        return False
    return is_given_name(word) or is_surname(word) or not is_common_anywhere(word)


def reads_as_name(value: str, *, labelled: bool = False) -> bool:
    """A name in any of the shapes records use: no word that is an ordinary word and no name, and one
    known first name or surname at least unless a label says "person" and the capitals mark the surname."""
    words = [w for w in re.split(r"[ ,]+", value) if w]
    if not 2 <= len(words) <= 5:
        return False
    parts = [p for w in words for p in w.split("-") if p]
    if any(len(p) < 2 for p in parts if p.lower() not in {"de", "del", "da", "van", "von"}):
        return False
    known = any(is_given_name(p) or is_surname(p) for p in parts)
    mixed = not value.isupper() and any(w.isupper() and len(w) > 2 for w in words)
    if not known and not (labelled and (mixed or "," in value)):
        return False
    for p in parts:
        if p.lower() in {"de", "del", "da", "van", "von"}:
            continue
        if not _plain_word_ok(p):
            return False
        if not (is_given_name(p) or is_surname(p)) and is_ordinary_word(p):
            return False
    if value.isupper():
        return looks_like_caps_name(value) or all(is_given_name(p) or is_surname(p) for p in parts)
    return looks_like_name(value, 2) or looks_like_caps_name(value) or mixed or "," in value


_PHRASE_NEEDLES = (
    "laptop", "rechner", "pc von", "notebook", "ordinateur", "portátil", "portatile", "parte de baja",
    "baja médica", "certificado", "certificato", "arbeitsunfähigkeit", "krankmeldung", "arrêt de travail",
    "ziekmelding", "atestado", "payee", "beneficiar", "ship to", "deliver to", "livrer", "lieferung",
    "bezorgen", "enviar", "spedire",
)  # fmt: skip
_CONTACT_NEEDLES = (
    "contact", "parent", "guardian", "ouder", "voogd", "responsable", "encarregad", "erziehungsberechtigt",
    "elternteil", "genitore", "tutor", "padre", "madre", "mutter", "vater", "contat",
)  # fmt: skip


def _labelled(text: str, lowered: str, rx: re.Pattern[str], needles: tuple[str, ...]) -> list[re.Match[str]]:
    """Matches of `rx` tried only where `str.find` sees one of its literals at a word's start: a
    case-blind alternation tried at every offset of a large paste costs more than all the rest."""
    if len(lowered) != len(text):
        return list(rx.finditer(text))
    if is_short(lowered) and _needle_regex(needles).search(lowered) is None:
        return []  # a short paste: one pass for every literal at once
    found: dict[int, re.Match[str]] = {}
    for needle in needles:
        # Most literals are absent: the window's distinct words say so without a pass over the text.
        if not has_keyword(lowered, max(needle.split(), key=len)):
            continue
        at = lowered.find(needle)
        while at != -1:
            if at not in found and (at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] in "_/")):
                match = rx.match(text, at)
                if match:
                    found[at] = match
            at = lowered.find(needle, at + len(needle))
    return [found[at] for at in sorted(found)]


@lru_cache(maxsize=8)
def _needle_regex(needles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(trie_regex(needles))


class PersonRecordRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("subject_label", _SUBJECT_LABEL.pattern, 0.75),)
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        spans: list[tuple[int, int]] = []
        if "|" in text and ("PID|" in text or "NK1|" in text):
            spans += self._hl7(text)
        if ":5" in text:
            spans += [
                m.span("value") for m in _SWIFT.finditer(text) if reads_as_name(m.group("value").strip())
            ]
        if "(" in text:
            spans += [m.span("value") for m in _ROLE_IN_BRACKETS.finditer(text) if _plain_word_ok(m["value"])]
        spans += [m.span("value") for m in _CV_NAME.finditer(text) if reads_as_name(m.group("value"))]
        spans += [
            m.span("value")
            for m in _labelled(text, lowered, _CONTACT_FIRST_NAME, _CONTACT_NEEDLES)
            if is_given_name(m["value"])
        ]
        if "[" in text:
            spans += [
                m.span("value")
                for m in _CLOCK_AFTER_NAME.finditer(text)
                if is_given_name(m["value"].split()[0]) and _plain_word_ok(m["value"].split()[0])
            ]
        for rx, needles in ((_SUBJECT_LABEL, _SUBJECT_NEEDLES), (_SUBJECT_PHRASE, _PHRASE_NEEDLES)):
            for label in _labelled(text, lowered, rx, needles):
                m = _SUBJECT_VALUE.match(text, label.end())
                if m and reads_as_name(m.group("value"), labelled=True):
                    spans.append(m.span("value"))
        seen: set[tuple[int, int]] = set()
        findings: list[Finding] = []
        for start, end in spans:
            value = text[start:end]
            end = start + len(value.rstrip())
            if (start, end) in seen or start >= end:
                continue
            seen.add((start, end))
            findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.detector_name))
        return findings

    @staticmethod
    def _hl7(text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for seg in _SEGMENT.finditer(text):
            fields = seg.group("rest").split("|")
            index = _NAME_FIELD[seg.group("seg")] - 1
            if index >= len(fields):
                continue
            offset = seg.start("rest") + sum(len(f) + 1 for f in fields[:index])
            pos = offset
            for component in fields[index].split("^")[:3]:
                part = component.strip()
                if (
                    part
                    and _HL7_PART.fullmatch(part)
                    and not any(ch.isdigit() for ch in part)
                    and (is_given_name(part) or is_surname(part) or not is_common_anywhere(part))
                    and part.lower() not in NOT_NAME_WORDS
                ):
                    start = pos + component.index(part)
                    spans.append((start, start + len(part)))
                pos += len(component) + 1
        return spans
