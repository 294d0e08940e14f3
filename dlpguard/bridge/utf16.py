"""Offsets as JavaScript counts them: Python indexes code points, JS strings count UTF-16 code units.

Every character above U+FFFF (most emoji, 𝕏) is one code point and two code units, so each one
before a finding shifts its JavaScript offsets by one. `Utf16Offsets` remembers where those
characters are and converts any offset with a binary search; text without them converts for free.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """`text.length` in JavaScript."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class Utf16Offsets:
    """Converts offsets into one text between code points and UTF-16 code units."""

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # Where each astral character starts in UTF-16 units: shifted by one per astral before it.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        """Code-point offset -> UTF-16 offset (0 <= offset <= len(text))."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside a text of {self.length} code points")
        if not self._astral_cp:
            return offset
        return offset + bisect.bisect_left(self._astral_cp, offset)

    def to_code_points(self, offset: int) -> int:
        """UTF-16 offset -> code-point offset. An offset between the two halves of a surrogate pair
        does not name a character boundary and is refused."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(f"offset {offset} outside a text of {self.utf16_length} UTF-16 units")
        if not self._astral_u16:
            return offset
        before = bisect.bisect_left(self._astral_u16, offset)
        if before and self._astral_u16[before - 1] + 1 == offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - before
