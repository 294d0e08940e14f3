"""Names that label a line: chat transcripts, stand-up notes, ticket comment threads.

    [15/03/2024, 10:23] Maria Keller: can you resend the invoice?
    2025-12-22 09:12  Wei Ivanova: Reproduced.
    - Jing: finished the retry logic

Logs and ticket threads start lines with a timestamp, which keeps NER off them, and the small model
misses a lone first name before a colon. A label is a name when it looks like one; a single word needs
a timestamp before it, or a lowercase statement after it in a list item or at the start of a message
("- Jing: finished ..."), since "Action: Svetlana" and "Returns: the id" are field labels.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import NAME, looks_like_name
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
# "@Seo-yeon Girard here's the token": a chat mention of a display name (two words or more, since a
# single capitalised word after "@" is a Java annotation or a handle).
_MENTION = rf"@(?<![\w@.]@)(?P<value>{NAME})(?=[ \t]*(?:[,.;:!?)\r\n]|$)|[ \t]+[a-z])"


def _lone_name_ok(match: re.Match[str], first: re.Match[str] | None) -> bool:
    """A single word before a colon is a speaker only before a lowercase statement, and only in a list
    item or at the very start of a chat message: "Returns: the id" in a docstring is a label."""
    return match.group("next").islower() and (bool(match.group("bullet")) or match is first)


class PersonSpeakerRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("speaker_label", r"\n" + _BODY, 0.7), Pattern("mention", _MENTION, 0.7))
    SCORE = 0.7

    def __init__(self) -> None:
        super().__init__()
        self._at_start = re.compile(_BODY, self.FLAGS)

    def find(self, text: str, lowered: str) -> list[Finding]:
        first = self._at_start.match(text)
        matches = ([first] if first else []) + list(self._compiled[0][1].finditer(text))
        findings: list[Finding] = []
        for match in matches:
            value = match.group("value")
            if " " not in value and not match.group("stamp") and not _lone_name_ok(match, first):
                continue
            if looks_like_name(value):
                findings.append(self._finding(*match.span("value")))
        if "@" in text:
            for match in self._compiled[1][1].finditer(text):
                if looks_like_name(match.group("value"), min_words=2):
                    findings.append(self._finding(*match.span("value")))
        return findings

    def _finding(self, start: int, end: int) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.detector_name)
