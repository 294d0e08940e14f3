"""Overlapping windows over a large text or stream, so no entity is lost on a boundary.

Each window sees `overlap` characters of context on both sides of the stretch it owns; a finding
belongs to the window whose owned stretch contains its start. Entities longer than `overlap` (far
beyond any PEM key) are the only thing a boundary can cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

DEFAULT_WINDOW = 256 * 1024
DEFAULT_OVERLAP = 16 * 1024


@dataclass(frozen=True, slots=True)
class Window:
    text: str
    base: int  # offset of text[0] in the whole input
    own_start: int  # owned stretch, in window-local offsets
    own_end: int


def windows_from_stream(
    stream: TextIO, size: int = DEFAULT_WINDOW, overlap: int = DEFAULT_OVERLAP
) -> Iterator[Window]:
    """Reads `stream` a window at a time: memory stays near size + 2 * overlap characters."""
    if size <= 0 or overlap < 0:
        raise ValueError("window size must be positive and overlap non-negative")
    buf = ""
    base = 0  # global offset of buf[0]
    own_from = 0  # global offset where the next owned stretch starts
    eof = False
    while True:
        while not eof and len(buf) - (own_from - base) < size + overlap:
            piece = stream.read(size)
            if not piece:
                eof = True
            buf += piece
        local_start = own_from - base
        remaining = len(buf) - local_start
        if remaining <= 0 and eof:
            return
        own_len = remaining if eof else min(size, remaining)
        yield Window(buf, base, local_start, local_start + own_len)
        own_from += own_len
        if eof and own_from - base >= len(buf):
            return
        keep_from = max(0, own_from - base - overlap)
        buf = buf[keep_from:]
        base += keep_from


def windows_from_text(
    text: str, size: int = DEFAULT_WINDOW, overlap: int = DEFAULT_OVERLAP
) -> Iterator[Window]:
    if len(text) <= size + overlap:
        yield Window(text, 0, 0, len(text))
        return
    for own_start in range(0, len(text), size):
        lo = max(0, own_start - overlap)
        hi = min(len(text), own_start + size + overlap)
        yield Window(text[lo:hi], lo, own_start - lo, min(own_start + size, len(text)) - lo)
