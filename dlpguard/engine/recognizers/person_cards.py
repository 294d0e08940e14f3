"""Names in contact cards and calendar invitations: vCard `N:` and `FN:` lines, iCalendar `CN=` parameters.

    N:Okafor;Chidi;;;                           (family; given; additional; prefix; suffix)
    FN:Chidi Okafor
    ORGANIZER;CN=Ines Moreau:mailto:ines@example.fr
    ATTENDEE;CN="Keller, Maria";RSVP=TRUE:mailto:maria@example.de

The property says the value is a person's name, so single words count (each part of `N:` is reported on
its own, as an address book splits it); the value must still look like a name, not a room or a group
("CN=Room 4.12", "FN:Sales Team").
"""

from __future__ import annotations

from dlpguard.engine.names import looks_like_caps_surname, looks_like_name
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_PARAMS = r"(?:;[A-Za-z-]+=(?:\"[^\"\n]*\"|[^:;\n]*))*"
_N = rf"^(?:item\d+\.)?N{_PARAMS}:(?P<parts>[^\r\n]{{1,200}})"
_FN = rf"^(?:item\d+\.)?FN{_PARAMS}:[ \t]*(?P<value>[^\r\n]{{1,100}}?)[ \t]*\r?$"
_CN = r";CN=(?:\"(?P<quoted>[^\"\n]{1,100})\"|(?P<value>[^:;\"\n]{1,100}))[;:]"


def _name_ok(value: str) -> bool:
    return looks_like_name(value) or looks_like_caps_surname(value)


class PersonCardRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (
        Pattern("vcard_n", _N, 0.8),
        Pattern("vcard_fn", _FN, 0.8),
        Pattern("ical_cn", _CN, 0.8),
    )
    KEYWORDS = ("n:", "n;", "cn=")
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            return []
        findings: list[Finding] = []
        if "vcard" in lowered or "\nfn" in lowered:
            for match in self._compiled[0][1].finditer(text):
                pos = match.start("parts")
                for part in match.group("parts").split(";")[:3]:
                    for word in part.split(","):
                        value = word.strip()
                        if value and _name_ok(value):
                            start = pos + part.index(word) + word.index(value)
                            findings.append(self._finding(start, start + len(value)))
                    pos += len(part) + 1
            for match in self._compiled[1][1].finditer(text):
                if _name_ok(match.group("value")):
                    findings.append(self._finding(*match.span("value")))
        if "cn=" in lowered:
            for match in self._compiled[2][1].finditer(text):
                group = "quoted" if match.group("quoted") is not None else "value"
                value = match.group(group).strip()
                last, comma, first = value.partition(", ")
                if (comma and _name_ok(last) and _name_ok(first)) or looks_like_name(value):
                    start = match.start(group) + match.group(group).index(value)
                    findings.append(self._finding(start, start + len(value)))
        return findings

    def _finding(self, start: int, end: int) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.detector_name)
