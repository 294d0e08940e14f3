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

from dlpguard.engine.names import (
    NAME,
    NAME_WORD,
    WORDLIKE_NAMES,
    has_common_word,
    is_given_name,
    is_ordinary_word,
    looks_like_name,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.recognizers.person_speakers import CLOCK, clock_lines
from dlpguard.engine.types import Category, Finding

_DAY = (
    r"(?:(?:Today|Yesterday|Heute|Gestern|Aujourd['’]hui|Hier|Hoy|Ayer|Oggi|Ieri)"
    r"(?:[ \t]+(?:at|um|à|a[ \t]las|alle))?[ \t]+)"
)
# "Name  16:32", "Name — 11:45", "Name - 9:05 AM", "Name, 11:45", Discord's "Name — Today at 10:35 AM":
# the whole line.
_HEADER = (
    rf"^[ \t]*(?P<value>{NAME})(?:[ \t]{{2,}}|[ \t]*[—–][ \t]*|[ \t]+-[ \t]+|,[ \t]+|[ \t]+(?=\[))"
    rf"(?P<open>\[)?(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?[ \t]*|{_DAY})?{CLOCK}(?(open)\])[ \t]*\r?$"
)
# Zoom's chat file: "10:35:22 From Kwame Mensah to Everyone:", "… From Ana Souza to Kwame Mensah(privately):".
_ZOOM = (
    rf"^[ \t]*\d\d?:\d\d(?::\d\d)?[ \t]+From[ \t]+(?P<value>{NAME})[ \t]+to[ \t]+"
    rf"(?:(?P<to>{NAME})|[Ee]veryone)[ \t]*(?:\([^)\n]{{1,20}}\))?[ \t]*:"
)
# "[19/4/26, 15:51] Name: …", "[09:42] Name: …", "19/04/2026, 15:51 - Name: …".
_STAMPED = (
    r"^[ \t]*(?:\[[^\]\n]{0,24}\d:[0-5]\d[^\]\n]{0,12}\][ \t]*(?:[-–][ \t]*)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+\d\d?:\d\d(?::\d\d)?(?:[ \t]?[AaPp][Mm])?[ \t]+[-–][ \t]+)"
    rf"(?P<value>{NAME})[ \t]*:"
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
        findings: list[Finding] = []
        lines = clock_lines(text, skip_dated=False)
        if lines:
            header, stamped, zoom = (self._compiled[i][1] for i in (0, 1, 3))
            headers = [m for start, end in lines if (m := header.match(text, start, end))]
            for match in headers:
                value = match.group("value")
                if " " in value:
                    if looks_like_name(value, 2) and not has_common_word(value):
                        findings.append(self._finding(*match.span("value"), 0.75))
                elif looks_like_name(value) and (
                    is_given_name(value) or (len(headers) > 1 and not is_ordinary_word(value))
                ):
                    findings.append(self._finding(*match.span("value"), 0.75))
            for match in (m for start, end in lines if (m := stamped.match(text, start, end))):
                value = match.group("value")
                single_ok = " " in value or is_given_name(value) or not is_ordinary_word(value)
                if single_ok and looks_like_name(value):
                    findings.append(self._finding(*match.span("value"), 0.75))
            if "From " in text:
                for match in (m for start, end in lines if (m := zoom.match(text, start, end))):
                    for group in ("value", "to"):
                        if match.group(group) and looks_like_name(match.group(group)):
                            findings.append(self._finding(*match.span(group), 0.8))
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
