"""Names that label a line: chat transcripts, stand-up notes, ticket comment threads, meeting transcripts
and chat exports that write the speaker "Last, First".

    [15/03/2024, 10:23] Maria Keller: can you resend the invoice?
    2025-12-22 09:12  Wei Ivanova: Reproduced.
    - Jing: finished the retry logic
    00:01:12 Maria Keller                      (a transcript: the speaker alone, or before a statement)
    08:10  Agnieszka Bianchi disabled the key
    Keller, Maria  10:41 AM                    (Teams / Outlook: "Last, First", then the time)
    [10:41] Keller, Maria (External): ok

Logs and ticket threads start lines with a timestamp, which keeps NER off them, and the small model
misses a lone first name before a colon. A label is a name when it looks like one; a single word needs
a timestamp before it, or a lowercase statement after it in a list item or at the start of a message
("- Jing: finished ..."), since "Action: Svetlana" and "Returns: the id" are field labels.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.names import (
    NAME,
    NAME_WORD,
    UPPER,
    has_common_word,
    is_common_anywhere,
    is_frequent_english,
    is_given_name,
    is_known_place,
    is_ordinary_word,
    is_tech_term,
    looks_like_name,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_STAMP = (
    r"(?:\[[^\]\n]{4,32}\][ \t]*"  # [15/03/2024, 10:23:45]
    r"|\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?Z?[ \t]+"  # 2025-12-22 09:12
    r"|\d\d?:\d\d(?::\d\d)?(?:[ \t]?[AaPp][Mm])?[ \t]+)"  # 09:12, 9:12 PM
)
_BODY = (
    rf"[ \t>]*(?P<bullet>[-*•][ \t]+)?(?P<stamp>{_STAMP})?(?:[-–—][ \t]+)?(?P<value>{NAME})[ \t]*:[ \t]+"
    r"(?P<next>[^\W\d_\"'“‘¿¡])"
)
# A transcript line: a timestamp, then the speaker alone on the line, or before a colon or a lowercase
# statement ("08:10  Agnieszka Bianchi disabled the key").
_TRANSCRIPT = (
    rf"^[ \t>]*(?:[-*•][ \t]+)?(?:\[[ \t]*)?\d\d?:\d\d(?::\d\d)?(?:[.,]\d+)?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
    rf"(?:[ \t]*\])?[ \t]*(?:[-–—|][ \t]*)?(?P<value>{NAME})"
    r"(?=[ \t]*(?:\r?$|:|\([^)\n]{1,30}\)[ \t]*(?:\r?$|:))|[ \t]+[a-z])"
)
# "Keller, Maria" as chat exports write the speaker: the whole line, perhaps with a note in brackets
# and a time before or after it.
CLOCK = r"\d\d?:\d\d(?::\d\d)?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
_STAMP_AFTER = rf"(?:\[[^\]\n]{{4,32}}\]|[-–,]?[ \t]*(?:\d{{1,4}}[./-]\d\d?[./-]\d{{2,4}},?[ \t]*)?{CLOCK})"


def _last_first(group: str) -> str:
    return rf"(?P<{group}>{NAME_WORD},[ \t]+{NAME_WORD}(?:[ \t]+{NAME_WORD})?)(?:[ \t]+\([^)\n]{{1,30}}\))?"


# The time is required, before or after: "Lyon, France" alone on a line is an address.
_LAST_FIRST = (
    rf"^[ \t>]*(?:(?:\[[^\]\n]{{4,32}}\][ \t]*|{CLOCK}[ \t]+){_last_first('value')}"
    rf"|{_last_first('value2')}[ \t]*{_STAMP_AFTER})[ \t]*(?::[ \t]|:?\r?$)"
)
# WebVTT voices (Teams and Zoom transcripts: "<v Maria Keller>text", "<v Keller, Maria>"), Zoom's
# "[Maria Keller] 10:41:22" and Slack's "Maria Keller  10:41 AM" header lines.
_VOICE = rf"<v(?:\.[\w.-]+)?[ \t]+(?P<value>{NAME}|{_last_first('comma')})>"
_NAME_AND_TIME = (
    rf"^[ \t]*(?:\[(?P<bracketed>{NAME})\]|(?P<value>{NAME}))[ \t]+(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}},?[ \t]*)?"
    rf"{CLOCK}[ \t]*\r?$"
)
# "@Seo-yeon Girard here's the token": a chat mention of a display name (two words or more, since a
# single capitalised word after "@" is a Java annotation or a handle).
_MENTION = rf"@(?<![\w@.]@)(?P<value>{NAME})(?=[ \t]*(?:[,.;:!?)\r\n]|$)|[ \t]+[a-z])"


_SITE_JOINERS = frozenset(
    {"de", "di", "da", "do", "du", "van", "von", "of", "del", "della", "in", "te", "em"}
)


def _site_label(value: str) -> bool:
    """ "Bureau de Paris :", "Escritório de Coimbra:", "Office of Leeds:": an office named for its town
    labels a directory line; a person's particle names no known place ("Maria da Silva")."""
    words = value.split()
    return (
        len(words) >= 3
        and words[-2].lower() in _SITE_JOINERS
        and (words[0].lower() in _SITE_WORDS or (is_known_place(words[-1]) and not is_given_name(words[0])))
    )


_SITE_WORDS = frozenset(
    """
    office offices bureau bureaux büro escritório escritorio oficina ufficio kantoor filiale sede siège
    agence agencia agenzia agência branch vestiging loja store shop magasin tienda negozio winkel
    delegación delegação delegazione niederlassung standort campus site sucursal succursale
    """.split()  # noqa: SIM905
)


def _lone_name_ok(match: re.Match[str], first: re.Match[str] | None) -> bool:
    """A single word before a colon is a speaker only before a lowercase statement, and only in a list
    item or at the very start of a chat message: "Returns: the id" in a docstring is a label. It must
    be a known first name too: "- Falcon: rollout …" and "Documento: carta …" label a project or a
    field."""
    return (
        match.group("next").islower()
        and (bool(match.group("bullet")) or match is first)
        and is_given_name(match.group("value"))
    )


# A dialogue transcript: lines opening with a one-word speaker, often in capitals ("VIKRAM: Thanks for
# joining.", "Rohan: Sure."). Unknown first names count here when the labels take turns like speakers.
_DIALOGUE_LABEL = re.compile(
    rf"^[ \t>]*(?P<value>{NAME_WORD}|[{UPPER}][{UPPER}'’-]+|[a-zà-ÿ][a-zà-ÿ'’-]{{2,}})"
    rf"(?:[ \t]+\[\d\d?:\d\d(?::\d\d)?\])?[ \t]*:[ \t]+\S",
    re.MULTILINE,
)
#: Labels that name a role, a field or a log level, not a person.
DIALOGUE_ROLES = frozenset(
    """
    agent customer client cliente kunde kundin user assistant interviewer interviewee candidate candidat
    candidata candidato bewerber bewerberin host guest moderator speaker system bot admin support operator
    caller doctor patient nurse teacher student staff team note notes todo fixme warning warn error info
    debug trace fatal question answer frage antwort pregunta respuesta domanda risposta réponse human
    chatgpt claude gemini copilot ai gpt me you sender recipient from to cc bcc subject date re fw fwd
    participant participante participantes participants teilnehmer teilnehmerin deelnemer deelneemster
    partecipante attendee attendees presenter presentator presentador presentadora presentatore
    presentatrice présentateur présentatrice organizer organiser organisateur organisatrice organizador
    organizadora organizzatore organizzatrice organisator chair chairperson facilitator panelist panellist
    narrator narrador narradora narratore narrateur erzähler verteller interpreter interprète intérprete
    interprete dolmetscher dolmetscherin tolk translator traducteur traductor traduttore vertaler
    anfitrião anfitriã anfitrión anfitriona gastgeber gastgeberin gastheer gastvrouw hôte hôtesse
    invité invitée invitado invitada ospite convidado convidada gast orador oradora oratore oratrice
    spreker sprecher sprecherin locuteur locutrice intervenant intervenante interlocutor interlocutora
    animateur animatrice moderador moderadora moderatore moderatrice moderatorin relatore relatrice
    ponente conferenciante conférencier conférencière redner rednerin referent referentin
    entrevistador entrevistadora intervistatore intervistatrice interviewé interviewée entrevistado
    entrevistada intervistato intervistata agente agentin opérateur opératrice operador operadora
    operatore operatrice médico médica medico médecin arzt ärztin arts paciente paziente patiënt
    unknown inconnu inconnue desconocido desconocida sconosciuto sconosciuta onbekend desconhecido
    desconhecida unbekannt audience public público pubblico publiek publikum
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_MIN_TURNS = 2


def _caps_name_shape(label: str) -> bool:
    """ "VIKRAM", "ADEBAYO": a name in capitals, not an acronym ("HTTP", "API", "JSON")."""
    return label.isupper() and len(label) >= 4 and sum(c in _VOWELS for c in label.lower()) >= 2


_VOWELS = frozenset("aeiouyàáâäãåèéêëìíîïòóôöõùúûüý")


def _ordinary(label: str) -> bool:
    return is_ordinary_word(label) or is_frequent_english(label)


def dialogue_speakers(text: str) -> list[tuple[int, int]]:
    """Spans of one-word speakers of a dialogue: at least two labels that each open two lines or more,
    known first names or written in capitals (as transcripts write speakers). A label that is an
    ordinary word or a product ("Host:", "Redis:") says the lines are fields or a status list, not turns;
    role labels ("Agent:") may take part."""
    labels: dict[str, list[tuple[int, int]]] = {}
    for match in _DIALOGUE_LABEL.finditer(text):
        labels.setdefault(match.group("value"), []).append(match.span("value"))
    speakers: list[tuple[int, int]] = []
    unlisted: list[tuple[int, int]] = []
    names = repeated = shouted = strangers = 0
    for label, spans in labels.items():
        if label.lower() in DIALOGUE_ROLES:
            continue
        if len(label) < 3 or is_tech_term(label) or is_common_anywhere(label.capitalize()):
            if len(spans) >= _MIN_TURNS and not label.islower():
                return []  # a label opening several lines that is no name: fields or a status list
            continue  # "Subject: …" once, or a lowercase "todo: …", beside the speakers
        if not (is_given_name(label) or (_caps_name_shape(label) and len(spans) >= _MIN_TURNS)):
            # "Aminata:", "Chipo:": a name no list holds, a speaker only beside listed ones
            turns = len(spans) >= _MIN_TURNS  # as a form's fields ("Nombre:", "Domicilio:") do not
            if turns and label[:1].isupper() and not label.isupper() and not _ordinary(label):
                strangers += 1
                unlisted += spans
            elif len(spans) >= _MIN_TURNS and _ordinary(label):
                return []  # "Invoice:", "Case:", "Status:": the fields of a record
            continue
        names += 1
        repeated += len(spans) >= _MIN_TURNS
        shouted += label.isupper()
        speakers += spans
    if names and strangers:
        speakers += unlisted
        names += strangers
        repeated += any(len(v) >= _MIN_TURNS for v in labels.values())
    return sorted(speakers) if names >= 2 and (repeated or names >= 3 or not shouted) else []


_CLOCK_ANCHOR = re.compile(r"\d:[0-5]\d")
_LINE_END = re.compile(r"[ \t]*\r?(?:\n|$)")
_NEXT_LINE_TIMED = re.compile(r"\r?\n[ \t]*\[?\d\d?:\d\d")
_TIMED_LINE = re.compile(r"[ \t]*\[?\d\d?:\d\d")
_MAX_CLOCK_OFFSET = 90


def _in_timed_list(text: str, start: int, end: int) -> bool:
    """True when the line [start, end) sits between lines that open with a time too: alone on its line,
    a speaker is followed by what they said, an agenda item by the next time ("09:30 Welcome Coffee")."""
    before = text.rfind("\n", 0, max(0, start - 1)) + 1
    return bool(_NEXT_LINE_TIMED.match(text, end) or (start and _TIMED_LINE.match(text, before, start)))


def clock_lines(text: str, *, skip_dated: bool = True) -> list[tuple[int, int]]:
    """The lines that hold a time of day near their start, each once: a timed speaker or a chat header
    can only stand on one of them, and reading just these keeps the line patterns off the rest of a
    large paste. `skip_dated` leaves out lines that open with a date (a log's, for the speaker label)."""
    lines: list[tuple[int, int]] = []
    for hit_start, hit_end in _clock_hits(text):
        if lines and hit_start < lines[-1][1]:
            continue
        start = text.rfind("\n", 0, hit_start) + 1
        end = text.find("\n", hit_end)
        end = len(text) if end < 0 else end
        # A speaker's time opens the line or follows a name of at most a few words; a line that opens
        # with a date ("2025-12-22 09:12 INFO …", a log) is left to the speaker-label pattern.
        opens_with_date = text[start : start + 1].isdigit() and hit_start - 1 > start
        if hit_start - start <= _MAX_CLOCK_OFFSET and not (skip_dated and opens_with_date):
            lines.append((start, end))
    return lines


@lru_cache(maxsize=4)
def _clock_hits(text: str) -> tuple[tuple[int, int], ...]:
    """Every time of day in `text`: one pass over a window, shared by the speaker and chat recognizers."""
    return tuple(hit.span() for hit in _CLOCK_ANCHOR.finditer(text))


class PersonSpeakerRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (
        Pattern("speaker_label", r"\n" + _BODY, 0.7),
        Pattern("mention", _MENTION, 0.7),
        Pattern("transcript_speaker", _TRANSCRIPT, 0.7),
        Pattern("last_first_speaker", _LAST_FIRST, 0.75),
        Pattern("vtt_voice", _VOICE, 0.8),
        Pattern("name_and_time", _NAME_AND_TIME, 0.7),
    )
    SCORE = 0.7

    def __init__(self) -> None:
        super().__init__()
        self._at_start = re.compile(_BODY, self.FLAGS)

    def find(self, text: str, lowered: str) -> list[Finding]:
        first = self._at_start.match(text)
        matches = ([first] if first else []) + list(self._compiled[0][1].finditer(text))
        findings: list[Finding] = []
        lone: list[Finding] = []
        codenames = False
        for match in matches:
            value = match.group("value")
            if value.lower() in DIALOGUE_ROLES:
                continue  # "00:23:34 Participant:", "[10:02] Anfitrião:": a role, not a name
            if " " not in value and not match.group("stamp"):
                if _lone_name_ok(match, first) and looks_like_name(value):
                    lone.append(self._finding(*match.span("value")))
                elif match.group("bullet"):
                    codenames = True
                continue
            if looks_like_name(value) and not _site_label(value):
                findings.append(self._finding(*match.span("value")))
        # One bullet labelled by a word that is no first name ("- Falcon:") says the list's labels are
        # code names, "- Atlas:" and "- Orion:" too, though some locale gives them as first names.
        if not codenames:
            findings.extend(lone)
        if ":" in text:
            findings.extend(self._finding(*span) for span in dialogue_speakers(text))
        if "@" in text:
            for match in self._compiled[1][1].finditer(text):
                if looks_like_name(match.group("value"), min_words=2):
                    findings.append(self._finding(*match.span("value")))
        for start, end in clock_lines(text):
            findings.extend(self._timed_speakers(text, start, end))
        if "<v" in text:
            for match in self._compiled[4][1].finditer(text):
                group = "value" if match.group("value") else "comma"
                if looks_like_name(match.group(group).replace(",", "")):
                    findings.append(self._finding(*match.span(group), 0.8))
        return findings

    def _timed_speakers(self, text: str, start: int, end: int) -> list[Finding]:
        """Transcript, chat-export and Slack speakers on the line [start, end), which holds a time. Each
        pattern is anchored at the line's start, so one `match` per pattern reads the line."""
        found: list[Finding] = []
        transcript, last_first, name_and_time = (self._compiled[i][1] for i in (2, 3, 5))
        match = transcript.match(text, start, end)
        # One word after a time is as often an agenda item ("10:00 Keynote") as a speaker, and so
        # are ordinary words ("09:30 Welcome Coffee").
        value = match.group("value") if match else ""
        if (
            match
            and looks_like_name(value, min_words=2)
            and not has_common_word(value)
            and not (_LINE_END.match(text, match.end()) and _in_timed_list(text, start, end))
        ):
            found.append(self._finding(*match.span("value")))
        match = last_first.match(text, start, end)
        if match:
            span = match.span("value") if match.group("value") else match.span("value2")
            last, _, first = text[span[0] : span[1]].partition(",")
            if looks_like_name(last) and looks_like_name(first.strip()):
                found.append(self._finding(*span, 0.75))
        match = name_and_time.match(text, start, end)
        if match:
            group = "value" if match.group("value") else "bracketed"
            value = match.group(group)
            if looks_like_name(value, min_words=2) and not has_common_word(value):
                found.append(self._finding(*match.span(group)))
        return found

    def _finding(self, start: int, end: int, score: float | None = None) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score or self.SCORE, self.detector_name)
