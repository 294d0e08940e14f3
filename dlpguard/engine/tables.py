"""Column headers as context: in a pasted table the word that explains a value sits in the header row,
often far above it (`Steuer-ID` over 500 rows of 11-digit numbers). Pure functions, one pass per text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

DELIMITERS = ("\t", ";", "|", ",")
MAX_HEADER_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Table:
    start: int  # offset of the first data row
    end: int  # offset just past the last row
    delimiter: str
    header: tuple[str, ...]


def _delimiter_of(line: str) -> tuple[str, int] | None:
    for d in DELIMITERS:
        n = line.count(d)
        if n >= 1:
            return d, n
    return None


def _looks_like_header(line: str) -> bool:
    return (
        0 < len(line) <= MAX_HEADER_CHARS
        and not any(c.isdigit() for c in line)
        and any(c.isalpha() for c in line)
    )


@lru_cache(maxsize=8)
def tables_in(text: str) -> tuple[Table, ...]:
    """Blocks of lines with a digit-free header row and the same delimiter count on every row."""
    if not any(d in text for d in DELIMITERS):
        return ()
    tables: list[Table] = []
    pos = 0
    lines = text.split("\n")
    i = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    while i < len(lines):
        line = lines[i].rstrip("\r")
        shape = _delimiter_of(line) if _looks_like_header(line) else None
        if shape is None:
            i += 1
            continue
        delimiter, count = shape
        j = i + 1
        while j < len(lines) and lines[j].rstrip("\r").count(delimiter) == count:
            j += 1
        if j > i + 1:
            header = tuple(cell.strip().strip("\"'").lower() for cell in line.split(delimiter))
            end = offsets[j - 1] + len(lines[j - 1])
            tables.append(Table(offsets[i + 1], end, delimiter, header))
        i = j
    return tuple(tables)


def column_header(text: str, start: int) -> str | None:
    """The lowercase header of the column holding offset `start`, if it sits in a table."""
    tables = tables_in(text)
    if not tables:
        return None
    k = bisect_right([t.start for t in tables], start) - 1
    if k < 0 or start >= tables[k].end:
        return None
    table = tables[k]
    line_start = text.rfind("\n", 0, start) + 1
    column = text.count(table.delimiter, line_start, start)
    return table.header[column] if column < len(table.header) else None
