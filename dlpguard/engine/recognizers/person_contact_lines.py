"""Names that head a line of contact details: rotas, phone lists and team pages.

    Mon: Kwame Mensah – 0171 5550101
    - **Tomás Herrera** — [tomas@example.es](mailto:tomas@example.es), tel: +34 600 000 000
    Sunita Rao, +91 98450 00000

A full name just before a dash, colon or comma that introduces a phone number or a mail address names
the person the number reaches; NER skips such lists. A team or a service heads such lines too ("Customer
Support – 0800 …"), so one word must be a known first name or surname and none an ordinary word.

The same holds for a full name before where the person lives or was born ("… and Ingrid Larsen,
residing at …", "Chiara Rinaldi, nata a Roma", a record's "Okonkwo, Emeka, geb. 23.05.1963") and for
the name heading a CV.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import (
    NAME,
    NAME_WORD,
    TITLE_PREFIX,
    has_common_word,
    is_given_name,
    is_surname,
    looks_like_name,
)
from dlpguard.engine.recognizers._window_words import has_any
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

# The separator before the contact: the scan starts at these few characters (a leading class the regex
# engine looks for quickly); `find` then wants a name's last letter before it.
_CONTACT_AFTER = (
    r"[–—:,|-][ \t]*(?:\*\*)?[ \t]*"
    r"(?=\[?[\w.+-]{1,64}@[\w-]+\.|\[[^\]\n]{1,80}\]\(mailto:"
    r"|(?:(?i:tel|phone|mobile|mob|cell|handy|tél|móvil|cellulare)[.:]?[ \t]*)?\+?\(?\d[\d \t/().-]{5,18}\d)"
)
_NAME_BEFORE = re.compile(rf"(?:^|(?<=[\s:*•>(\[]))(?P<value>{NAME})(?:\*\*|__)?[ \t]*$")
_TITLE = re.compile(TITLE_PREFIX)
# A record's "Last, First" before a date of birth: "Betreff: Okonkwo, Emeka, geb. 23. Mai 1963".
_LAST_FIRST_BEFORE = re.compile(
    rf"(?:^|(?<=[\s:*•>(\[]))(?P<value>{NAME_WORD},[ \t]+{NAME_WORD}(?: {NAME_WORD})?)[ \t]*$"
)
# A party to a contract or a form, then where they live or when they were born: "… and Ingrid
# Larsen, residing at 12 Mill Road", "Chiara Rinaldi, nata a Roma il …".
_RESIDENCE = (
    r"residing at|resident at|living at|domiciled at|wohnhaft in|wohnhaft|demeurant(?: à| au)?|"
    r"domicilié(?:e)? à|domiciliad[oa] en|con domicilio en|residente in|residente a|nat[oa] a|nat[oa] il|"
    r"born on|born in|geboren am|geboren in|né(?:e)? le|né(?:e)? à|nacid[oa] el|nacid[oa] en|"
    # a date of birth by its abbreviation: "Okonkwo, Emeka, geb. 23.05.1963", "Ana Souza, DOB 1990-01-02"
    r"geb\.|DOB:?|d\.o\.b\.|n[ée]\(?e?\)? le"
)
# Anchored on the phrase (rare) rather than on the name (any capital); the name is then read backwards.
_RESIDENCE_AFTER = rf"[, \t][ \t]*(?:{_RESIDENCE})(?!\w)"
# The name heading a CV: "Lebenslauf\n\nTobias Brandt\nMühlweg 3".
_CV_TITLE = (
    r"(?:Curriculum[ \t]+Vitae|CV|Lebenslauf|Résumé|Resume|Currículum(?:[ \t]+Vitae)?)"
    r"[ \t*]*\r?\n"
    rf"(?:[ \t]*\r?\n)*[ \t#*]*(?P<value>{NAME})[ \t*]*\r?$"
)


class PersonContactLineRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (
        Pattern("name_before_contact", _CONTACT_AFTER, 0.7),
        Pattern("name_before_residence", _RESIDENCE_AFTER, 0.7),
        Pattern("name_heading_cv", _CV_TITLE, 0.8),
    )
    SCORE = 0.7
    _RESIDENCE_STEMS = (
        "residing", "resident", "living at", "domicil", "wohnhaft", "demeurant", "nato", "nata", "born ",
        "geboren", "né le", "née le", "né à", "née à", "nacid", "geb.", "dob", "d.o.b.",
    )  # fmt: skip
    _CV_STEMS = ("curriculum", "cv", "lebenslauf", "résumé", "resume", "currículum")

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings: list[Finding] = []
        if has_any(lowered, self._RESIDENCE_STEMS):
            for match in self._compiled[1][1].finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                head_start = max(line_start, match.start() - 80)
                name = _LAST_FIRST_BEFORE.search(text, head_start, match.start())
                name = name or _NAME_BEFORE.search(text, head_start, match.start())
                if name is None:
                    continue
                start, end = name.span("value")
                title = _TITLE.match(text, start, end)  # may match nothing
                title_end = title.end() if title else start
                titled = start < title_end < end
                if titled:
                    start = title_end  # "Herr Müller, geb. …": the title says a person, and is no name
                value = text[start:end]
                if looks_like_name(value, 1 if titled else 2) and not has_common_word(value):
                    findings.append(self._finding(start, end, self.SCORE))
        if has_any(lowered, self._CV_STEMS):
            for match in self._compiled[2][1].finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                if text[line_start : match.start()].strip(" \t#*"):
                    continue  # the title must stand alone on its line
                if looks_like_name(match.group("value"), 2) and not has_common_word(match.group("value")):
                    findings.append(self._finding(*match.span("value"), 0.8))
        for match in self._compiled[0][1].finditer(text):
            before = text[max(0, match.start() - 6) : match.start()].rstrip(" \t*_")
            if not before or not before[-1].islower():
                continue  # the commas and colons of code and JSON
            line_start = text.rfind("\n", 0, match.start()) + 1
            head_start = max(line_start, match.start() - 80)
            name = _NAME_BEFORE.search(text, head_start, match.start())
            if name is None:
                continue
            value = name.group("value")
            words = value.split()
            if (
                looks_like_name(value, 2)
                and not has_common_word(value)
                and (is_given_name(words[0]) or is_surname(words[-1]))
            ):
                findings.append(self._finding(*name.span("value"), self.SCORE))
        return findings

    def _finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)
