"""A place name is personal data only where it locates someone: keep a city or country near a person.

"Berlin" in a travel plan, a weather question or a news item names no one's home, and reporting every
place the NER model or the gazetteer sees interrupted one benign paste in four in the blind evaluations
(the authors label a place only when it locates a person or customer). A postal address is always a
finding; any other place is kept only when it is *anchored*:

* another finding about someone lies near it: a name, a date of birth, a contact, an identity number,
  bank or health data, or an address. "Near" is the same line or the two lines either side of it,
  within its paragraph (a blank line ends one); for a place taken from a labelled field or a table
  column ("City: Graz", a CRM export's `city`), the whole paragraph, which is the record;
* or a word just before it says someone lives, was born or is based there ("wohnhaft in", "née à",
  "residente a", "based in").

A policy that wants every place (`detection.places: all`) turns this off (`EngineConfig.lone_places`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from dlpguard.engine.types import Category, Finding

#: Recognizers whose places are whole postal addresses: findings on their own, and anchors.
ADDRESS_RECOGNIZERS = frozenset({"StreetAddressRecognizer"})
#: Recognizers whose places come from a labelled field or a column: anchored by their whole record.
FIELD_RECOGNIZERS = frozenset({"LocationFieldRecognizer"})
#: Categories of findings that say a place belongs to someone.
ANCHOR_CATEGORIES = frozenset(
    {Category.PERSON, Category.CONTACT, Category.GOVERNMENT_ID, Category.FINANCIAL, Category.HEALTH}
)
#: Lines either side of a place that may hold its anchor.
NEAR_LINES = 2

# Words saying someone lives, was born, or is based at the place that follows (within a few words).
_CUE = re.compile(
    r"(?<![\w-])(?:lives?|living|resides?|residing|resident|residence|based|born|birthplace|hometown"
    r"|home\s+town|wohnt|wohnen|wohnhaft|wohnort|geboren|gebürtig|geburtsort|lebt"
    r"|heimatort|habite|habitant|domicilié|domiciliée|né|née|nés|nées|résid\w*|vit|vive|viven|vivo"
    r"|reside|residen|domicilio|domiciliad[oa]|nacid[oa]|natural|abita|residenza|domiciliat[oa]"
    r"|nat[oa](?:/[ao])?)(?![\w-])[^\n]{0,24}$",
    re.IGNORECASE,
)
_CUE_REACH = 64
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def anchored_places(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """`findings` without the places that locate no one (module docstring); order kept."""
    places = [
        f for f in findings
        if f.category is Category.LOCATION and f.recognizer not in ADDRESS_RECOGNIZERS
    ]  # fmt: skip
    if not places:
        return list(findings)
    anchors = sorted(
        (f.start, f.end)
        for f in findings
        if f.category in ANCHOR_CATEGORIES or f.recognizer in ADDRESS_RECOGNIZERS
    )
    starts = [a for a, _ in anchors]
    reach: list[int] = []  # reach[i]: the furthest end among anchors[0..i]
    for _, end in anchors:
        reach.append(max(end, reach[-1]) if reach else end)
    lines = _Lines(text)
    dropped: set[int] = set()
    for place in places:
        if _cued(text, place.start):
            continue
        lo, hi = lines.scope(place, whole_paragraph=place.recognizer in FIELD_RECOGNIZERS)
        i = bisect.bisect_left(starts, lo)
        if (i < len(starts) and starts[i] < hi) or (i > 0 and reach[i - 1] > lo):
            continue
        dropped.add(id(place))
    return [f for f in findings if id(f) not in dropped]


def _cued(text: str, start: int) -> bool:
    return _CUE.search(text, max(0, start - _CUE_REACH), start) is not None


class _Lines:
    """Line and paragraph bounds of one text, computed once for all its places."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._paragraph_starts = [0] + [m.end() for m in _BLANK_LINE.finditer(text)]

    def scope(self, place: Finding, *, whole_paragraph: bool) -> tuple[int, int]:
        """[lo, hi) in which an anchor keeps `place`."""
        p = bisect.bisect_right(self._paragraph_starts, place.start) - 1
        para_lo = self._paragraph_starts[p]
        para_hi = self._paragraph_starts[p + 1] if p + 1 < len(self._paragraph_starts) else len(self._text)
        if whole_paragraph:
            return para_lo, para_hi
        first = bisect.bisect_right(self._starts, place.start) - 1
        last = bisect.bisect_right(self._starts, max(place.start, place.end - 1)) - 1
        lo = self._starts[max(0, first - NEAR_LINES)]
        stop = last + NEAR_LINES + 1
        hi = self._starts[stop] if stop < len(self._starts) else len(self._text)
        return max(lo, para_lo), min(hi, para_hi)
