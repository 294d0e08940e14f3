"""Names in copied chat exports: the speaker header lines of Slack, WhatsApp and Teams, and the lone first
name a reply thanks ("ok, thanks Ingrid!", "merci Rosalie 🙏", "gracias Iñigo", "grazie Chiara").

    Ana Souza — 09:12                  (Slack, copied: the name, a dash or a gap, the time, alone on a line)
    Priya  16:32
    Adrián [14:15]                     (Slack copied as text: the time in brackets)
    Kwame Mensah — Today at 10:35 AM        (Discord)
    10:35:22 From Kwame Mensah to Everyone: (Zoom's saved chat)
    [3/2/25, 08:14] Tomás Herrera: 👍         (WhatsApp: any message after the colon, emoji and IDs too)
    03/02/2025, 08:16 - Sunita: ok           (WhatsApp on Android)

A reply may also open with the name of whom it answers ("Tomás, the login is …"): a known first name
that is no ordinary word ("However, the …", "Will, the …" are not).

A single word is a speaker when it is a known first name (dlpguard/engine/data/given_names.txt) or the
text holds several such header lines; a word after thanks must be a known first name, or at least a
name-shaped word that is no ordinary word of any language (a lower score then).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from dlpguard.engine.names import (
    NAME,
    NAME_WORD,
    WORDLIKE_NAMES,
    has_common_word,
    is_given_name,
    is_known_place,
    is_ordinary_word,
    looks_like_name,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.recognizers.person_speakers import CLOCK, DIALOGUE_ROLES, clock_lines, dialogue_speakers
from dlpguard.engine.types import Category, Finding

_DAY = (
    r"(?:(?:Today|Yesterday|Heute|Gestern|Aujourd['’]hui|Hier|Hoy|Ayer|Oggi|Ieri)"
    r"(?:[ \t]+(?:at|um|à|a[ \t]las|alle))?[ \t]+)"
)
# "Name  16:32", "Name — 11:45", "Name - 9:05 AM", "Name, 11:45", Discord's "Name — Today at 10:35 AM":
# the whole line. Teams copies "Name 09:12" with one space (`single`), as agendas write too ("Lunch 12:30").
_HEADER = (
    rf"^[ \t]*(?P<value>{NAME})"
    r"(?:[ \t]{2,}|[ \t]*[—–][ \t]*|[ \t]+-[ \t]+|,[ \t]+|[ \t]+(?=\[)|(?P<single>[ \t]))"
    rf"(?P<open>\[)?(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?[ \t]*|{_DAY})?{CLOCK}(?(open)\])[ \t]*\r?$"
)
# Zoom's chat file: "10:35:22 From Kwame Mensah to Everyone:", "… From Ana Souza to Kwame Mensah(privately):".
_ZOOM = (
    rf"^[ \t]*\d\d?:\d\d(?::\d\d)?[ \t]+From[ \t]+(?P<value>{NAME})[ \t]+to[ \t]+"
    rf"(?:(?P<to>{NAME})|[Ee]veryone)[ \t]*(?:\([^)\n]{{1,20}}\))?[ \t]*:"
)
# "[19/4/26, 15:51] Name: …", "[09:42] Name: …", "19/04/2026, 15:51 - Name: …", "4-11-26 19:02 - Name: …";
# chats write their speakers in lowercase too ("[10:00] gonçalo: mano c ja fez o pix?").
_LOWER_SPEAKER = r"[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{1,24}"
_STAMPED = (
    r"^[ \t]*(?:\[[^\]\n]{0,24}\d:[0-5]\d[^\]\n]{0,12}\][ \t]*(?:[-–][ \t]*)?"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?[ \t]+\d\d?:\d\d(?::\d\d)?(?:[ \t]?[AaPp][Mm])?[ \t]+[-–][ \t]+)"
    rf"(?:(?P<value>{NAME})|(?P<lower>{_LOWER_SPEAKER}(?:[ \t]{_LOWER_SPEAKER})?))[ \t]*:"
)
_THANKS = (
    "thanks", "thank you", "thx", "ty", "cheers", "merci", "danke", "gracias", "grazie", "obrigado",
    "obrigada", "dank je", "dank u", "tak", "dzięki", "dziękuję",
)  # fmt: skip
#: Where each of _THANKS starts: one `str.find` pass per stem.
_THANKS_STEMS = ("than", "thx", "ty ", "cheers", "merci", "gracias", "grazie", "obrigad", "dank", "tak",
                 "dzi")  # fmt: skip
_THANKED = re.compile(
    r"(?i:" + "|".join(re.escape(t) for t in sorted(_THANKS, key=len, reverse=True)) + r")"
    rf"(?:[ \t]+(?i:so much|a lot|again|mille|beaucoup|sehr|muchas|muito))?[ \t]*,?[ \t]+"
    rf"(?P<value>{NAME_WORD})(?=[ \t]*(?:[!.,?;:)…]|\r?$|[^\w\s])|[ \t]+(?:for|pour|für|por|per)\b)",
    re.MULTILINE,
)


# A reply that opens by naming whom it answers: "Tomás, the login for the portal is …", "Rosalie, peux-tu …".
# An opener after a newline, or at the very start: two patterns, since `(?:\A|\n)` would make `re` try
# every offset of the text instead of skipping to newlines.
_OPENER_BODY = rf"[ \t>]*(?P<value>{NAME_WORD}),[ \t]+(?=[a-zà-ÿ])"
_OPENER = re.compile(rf"\n{_OPENER_BODY}")
_OPENER_AT_START = re.compile(_OPENER_BODY)


_DATA = Path(__file__).resolve().parent.parent / "data"
_CLOCK_AT_END = re.compile(rf"{CLOCK}[ \t]*\r?$")


def _teams_header(text: str, match: re.Match[str], headers: list[re.Match[str]]) -> bool:
    """ "Raimundo 09:12" with one space is a speaker's header when the next line is what was said (not
    the next item of an agenda: "Keynote 09:30") and the name is a known first name or more than one
    such header takes turns; "Lunch 12:30" and "Deadline 17:00" are ordinary words."""
    value = match.group("value")
    after = text.find("\n", match.end())
    if after < 0:
        return False
    next_end = text.find("\n", after + 1)
    next_line = text[after + 1 : len(text) if next_end < 0 else next_end]
    if not next_line.strip() or _CLOCK_AT_END.search(next_line):
        return False
    if any(is_ordinary_word(word) for word in value.split()):
        return False
    names = {m.group("value") for m in headers if m.group("single")}
    return is_given_name(value.split()[0]) or len(names) > 1


def _lowercase_speakers(speakers: list[re.Match[str]]) -> set[str]:
    """Lowercase labels of stamped chat lines that are speakers: known first names, or unlisted words
    when two labels or more take turns and none is an ordinary word ("me", "mum", "todo" are not)."""
    labels = {m.group("lower").lower() for m in speakers if m.group("lower")}
    known = {label for label in labels if all(is_given_name(w) for w in label.split())}
    others = labels - known
    if len(labels) >= 2 and not any(_ordinary_label(label) for label in others):
        return labels
    return {label for label in known if not _ordinary_label(label)}


# A lowercase chat line with no stamp: "hartmut: send the 0.05 to …", "blanche: can u book the hotel"; not
# indented, as a YAML key is ("  geo: Leeds").
_LOWER_LABEL = re.compile(
    r"^>?[ \t]?(?P<lower>[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{2,24})[ \t]*:[ \t]+(?=[^\W\d_])", re.MULTILINE
)
# The same with a capital, opening its line: "Giulia: per il rimborso usa …"; the message starts lowercase,
# as a label's value seldom does ("Note: The …").
_NAMED_LABEL = re.compile(
    r"^>?[ \t]?(?P<value>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{2,24})[ \t]?:[ \t]+(?=[a-zß-öø-ÿ])", re.MULTILINE
)
# A prompt and the chat it asks about on one line: "Traduce esto: javier: te hago …", "cosa ne pensi? [19:02]
# gianluca: …". The blank after the prompt is read as a line break (same length: offsets hold).
_PROMPT_THEN_CHAT = re.compile(
    r"(?<=[:?!.])[ \t](?=[ \t]*(?:\[\d{1,2}:\d\d\][ \t]*)?[^\W\d_][\w'’-]{2,24}[ \t]?:[ \t]+[^\W\d_])"
)
_MESSAGE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _name_words() -> dict[str, float]:
    """First names that are also frequent words somewhere, with their highest Zipf frequency
    (data/name_words.txt, from wordfreq)."""
    out: dict[str, float] = {}
    for line in (_DATA / "name_words.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, zipf = line.split("\t")
            out[word] = int(zipf) / 10
    return out


#: After a greeting a lowercase word may be a name that is a rarer word too ("hee joris", "ao vittoria"),
#: never a frequent one ("hey man", "ciao bella").
GREETED_ZIPF = 5.0


def first_name_alone(word: str, lowercase: bool = True, word_zipf: float = 0.0) -> bool:
    """A word that can only be someone's first name: listed, and no ordinary word, role or place; in
    lowercase, no frequent word of any language served either ("con", "del", "mano", "mandi"): none at all
    by default, none above `word_zipf` where the context vouches for a name."""
    low = word.lower()
    return (
        len(word) > 2
        and not (lowercase and word.islower() and _name_words().get(low, 0.0) > word_zipf)
        and not word.isupper()
        and (word.islower() or word[0].isupper())
        and low not in WORDLIKE_NAMES
        and low not in DIALOGUE_ROLES
        and is_given_name(word)
        and not is_ordinary_word(word)
        and not is_known_place(word)
    )


_HANDLE_BEFORE = re.compile(
    r"(?i:\b(?:user(?:name)?|login|account|handle|usuario|utente|benutzer(?:name)?|gebruiker|utilisateur"
    r"|usuário|id)[ \t]*[:=]?[ \t]*$)"
)
_GLUED = frozenset(".@/\\_-#:0123456789")
_GLUED_AFTER = frozenset("@/\\_0123456789")


def _named_in_messages(
    text: str, heads: list[tuple[int, int]], speakers: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """First names in what a chat's speakers wrote ("[02:29] Rose: empezamos, Cosima no viene", "[19:02]
    mum: did vesna take …"): between colleagues or family, a first name names one of them. `heads` are
    the ends of the speaker labels; the message runs to the end of the line. A word that is one of the
    chat's `speakers` (lowercased) names that speaker, even if it is a word too ("scusa arianna")."""
    found = []
    for _, head_end in heads:
        end = text.find("\n", head_end)
        end = len(text) if end < 0 else end
        for word in _MESSAGE_WORD.finditer(text, head_end, end):
            if text[word.start() - 1] in _GLUED or text[word.end() : word.end() + 1] in _GLUED_AFTER:
                continue  # part of an address, a path, a hash or an identifier ("jane.doe@…")
            if _HANDLE_BEFORE.search(text, max(head_end, word.start() - 16), word.start()):
                continue  # "vpn user moira": a login
            value = word.group()
            if value[-2:] in ("'s", "’s"):  # "and bogdan's number?"
                value = value[:-2]
            if first_name_alone(value) or (len(value) > 2 and value.lower() in speakers):
                found.append((word.start(), word.start() + len(value)))
    return found


# "[Teams] Mirjam: even ter info", "[Slack] thijs: oei": a tag in brackets, the same on two lines or more.
_TAGGED = re.compile(
    rf"^[ \t]*\[(?P<tag>[^\W\d_][\w .-]{{1,20}})\][ \t]*"
    rf"(?:(?P<value>{NAME})|(?P<lower>{_LOWER_SPEAKER}))[ \t]*:",
    re.MULTILINE,
)


def _tagged_group(match: re.Match[str], lowercase: set[str]) -> str | None:
    """The group of a tagged chat line that names its speaker, or None; `lowercase` holds the lowercase
    labels that are speakers (`_lowercase_speakers` of all the tagged lines)."""
    value = match.group("value")
    if value is not None:
        single_ok = " " in value or is_given_name(value) or not is_ordinary_word(value)
        return "value" if single_ok and looks_like_name(value) else None
    return "lower" if match.group("lower").lower() in lowercase else None


def _ordinary_label(label: str) -> bool:
    return any(
        w.lower() in DIALOGUE_ROLES or (is_ordinary_word(w) and not is_given_name(w)) for w in label.split()
    )


class PersonChatRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (
        Pattern("chat_header", _HEADER, 0.75),
        Pattern("chat_stamped_speaker", _STAMPED, 0.75),
        Pattern("thanked_first_name", _THANKED.pattern, 0.8),
        Pattern("zoom_chat_speaker", _ZOOM, 0.8),
    )
    UNKNOWN_WORD_SCORE = 0.6

    def find(self, text: str, lowered: str) -> list[Finding]:
        first_end = text.find("\n")
        first_end = len(text) if first_end < 0 else first_end
        if ":" in text[:first_end]:
            head = _PROMPT_THEN_CHAT.sub("\n", text[:first_end], count=1)
            text = head + text[first_end:]
        findings: list[Finding] = []
        heads: list[tuple[int, int]] = []
        lines = clock_lines(text, skip_dated=False)
        if lines:
            header, stamped, zoom = (self._compiled[i][1] for i in (0, 1, 3))
            headers = [m for start, end in lines if (m := header.match(text, start, end))]
            for match in headers:
                value = match.group("value")
                if match.group("single") and not _teams_header(text, match, headers):
                    continue
                if " " in value:
                    if looks_like_name(value, 2) and not has_common_word(value):
                        findings.append(self._finding(*match.span("value"), 0.75))
                elif (
                    looks_like_name(value)
                    and value.lower() not in DIALOGUE_ROLES
                    and (is_given_name(value) or (len(headers) > 1 and not is_ordinary_word(value)))
                ):
                    findings.append(self._finding(*match.span("value"), 0.75))
            speakers = [m for start, end in lines if (m := stamped.match(text, start, end))]
            heads += [m.span() for m in speakers]
            lowercase = _lowercase_speakers(speakers)
            for match in speakers:
                value = match.group("value")
                if value is None:
                    if match.group("lower").lower() in lowercase:
                        findings.append(self._finding(*match.span("lower"), 0.7))
                    continue
                single_ok = " " in value or is_given_name(value) or not is_ordinary_word(value)
                if single_ok and looks_like_name(value) and value.lower() not in DIALOGUE_ROLES:
                    findings.append(self._finding(*match.span("value"), 0.75))
            if "From " in text:
                for match in (m for start, end in lines if (m := zoom.match(text, start, end))):
                    for group in ("value", "to"):
                        if match.group(group) and looks_like_name(match.group(group)):
                            findings.append(self._finding(*match.span(group), 0.8))
        if ":" in text:
            labels = list(_LOWER_LABEL.finditer(text))
            named = [m for m in labels if first_name_alone(m.group("lower"), lowercase=False)]
            heads += [m.span() for m in labels]
            findings.extend(self._finding(*m.span("lower"), 0.7) for m in named)
            findings.extend(
                self._finding(*m.span("value"), 0.7)
                for m in _NAMED_LABEL.finditer(text)
                if first_name_alone(m.group("value"), lowercase=False)
            )
            heads += dialogue_speakers(text)  # "Matteo: io sono via dal 22", "rocco: io dal 27, ma Letizia …"
            if "[" in text:
                tagged = self._tagged(text)
                heads += [m.span() for m in tagged]
                lowercase = _lowercase_speakers(tagged)
                findings += [
                    self._finding(*m.span(g), 0.7) for m in tagged if (g := _tagged_group(m, lowercase))
                ]
        if len(heads) >= 2:
            speakers = frozenset(
                word
                for f in findings
                if " " not in (word := text[f.start : f.end].lower()) and word not in DIALOGUE_ROLES
            )
            findings.extend(self._finding(*span, 0.7) for span in _named_in_messages(text, heads, speakers))
        first = _OPENER_AT_START.match(text)  # holds no newline: no later opener overlaps it
        for match in [first, *_OPENER.finditer(text)] if first else _OPENER.finditer(text):
            value = match.group("value")
            if is_given_name(value) and value.lower() not in WORDLIKE_NAMES and not is_ordinary_word(value):
                findings.append(self._finding(*match.span("value"), 0.75))
        for match in self._thanks(text, lowered):
            value = match.group("value")
            if not looks_like_name(value):
                continue
            if is_given_name(value):
                findings.append(self._finding(*match.span("value"), 0.8))
            elif not is_ordinary_word(value):
                findings.append(self._finding(*match.span("value"), self.UNKNOWN_WORD_SCORE))
        return findings

    def _tagged(self, text: str) -> list[re.Match[str]]:
        """Chat lines that open with the same tag in brackets, two or more."""
        matches = list(_TAGGED.finditer(text))
        tags = [m.group("tag").lower() for m in matches]
        return [m for m, tag in zip(matches, tags, strict=True) if tags.count(tag) >= 2]

    def _thanks(self, text: str, lowered: str) -> list[re.Match[str]]:
        """Thanks and the word after them, tried only where `str.find` sees a stem (C speed) and not
        inside a longer word."""
        if len(lowered) != len(text):
            return []
        found: dict[int, re.Match[str]] = {}
        for stem in _THANKS_STEMS:
            at = lowered.find(stem)
            while at != -1:
                if at == 0 or not lowered[at - 1].isalnum():
                    match = _THANKED.match(text, at)
                    if match:
                        found[at] = match
                at = lowered.find(stem, at + len(stem))
        return [found[at] for at in sorted(found)]

    def _finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)
