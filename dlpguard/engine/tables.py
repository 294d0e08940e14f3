"""Pasted tables, read one way: CSV, TSV, semicolon and pipe exports, Markdown and psql tables,
whitespace-aligned printouts (pandas, `column -t`), wiki markup (MediaWiki `{| … |}` tables and
Confluence `||Name||Phone||` tables), and the rows of SQL `INSERT … VALUES (…), (…)` statements
(`sql_inserts`; the column list, when there is one, is their header).

A table is a header row of column names over rows with as many cells. In a pasted table the word that
explains a value sits in the header, often far above it (`Steuer-ID` over 500 rows of 11-digit numbers),
so recognizers ask for the header of a cell (`column_header`) or read the columns they care about
(`tables_in`, `read_table`). Every cell is a span of code-point offsets into the original text, padding
and enclosing quotes left out, so a finding on a cell points exactly at its text. Pure functions.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, wraps
from operator import attrgetter, itemgetter
from typing import TypeVar

#: Cell delimiters, the least likely in prose first: on a tie in a header the earlier one wins.
DELIMITERS = ("\t", ";", "|", ",")
#: Not a character in the text: the delimiter of a whitespace-aligned printout, whose cells stand two or
#: more spaces (or a tab) apart.
ALIGNED = " "
#: Not a delimiter in the text either: a MediaWiki table, from its `{|` line to its `|}` line. Its cells
#: stand after a `|` (data) or `!` (header) at a line start, several to a line apart by `||` (or `!!`
#: among header cells), one to a line, or both; `|-` lines part the rows, and an attribute list before a
#: single `|` (`style="…" | value`) is no part of the cell.
MEDIAWIKI = "{|"
MAX_HEADER_CHARS = 2_000
MAX_COLUMN_NAME_CHARS = 100
MAX_ROWS = 100_000
#: A quoted cell may run over line ends (RFC 4180), but a stray quote must not swallow the paste.
MAX_QUOTED_CHARS = 2_000

Span = tuple[int, int]
_T = TypeVar("_T")


def _by_identity(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    """The parse of each text, remembered for the same string object (per thread, the last few).

    Recognizers ask for the tables of a window thousands of times. `lru_cache` finds an entry by hash
    and then compares the strings: for a window scanned again (a paste checked again when it is sent) the
    text is a new, equal string, and every look-up compared the whole window (about 6 µs per 256 KiB).
    Same results: the parse is a pure function of the text."""
    remembered = threading.local()

    @wraps(parse)
    def by_identity(text: str) -> _T:
        recent: list[tuple[str, _T]] | None = getattr(remembered, "recent", None)
        if recent is None:
            recent = remembered.recent = []
        for seen, result in recent:
            if seen is text:
                return result
        result = parse(text)
        recent.insert(0, (text, result))
        del recent[_RECENT_TEXTS:]
        return result

    return by_identity


#: Texts remembered by identity per thread: a window, and the lines or slices recognizers pass besides.
_RECENT_TEXTS = 4

_PADDING = " \t\r"
# Characters of a header line: code and values (`=`, `:`, `@`, `{`, `<`) stop it at C speed.
_HEADER_LINE = re.compile(r"[\w \t\r.()\[\]/#%&?'\"`+*€$£°|,;-]*")
# A column name starts with a letter, `_` or `#` (`Steuer-ID`, `address_2`, `Phone #`, `Betrag [€]`,
# `Last, First` in a TSV header); a cell that starts with a digit is a value, so its row is data.
_COLUMN_NAME = re.compile(rf"(?:[^\W\d]|#)[\w .,;|()\[\]/#%&?'+*€$£°-]{{0,{MAX_COLUMN_NAME_CHARS - 1}}}")
# Rules under a header: Markdown `|---|:--:|`, psql `-----+-----`.
_RULE = re.compile(r"[ \t|+:=-]*-{3,}[ \t\r|+:=-]*")
_GAP = re.compile(r"[ \t]{2,}|\t")
_INDEX = re.compile(r"\d+")
# A MediaWiki table's opening line, which may be indented (MediaWiki trims table lines).
_MAX_INDENT = 40
_MEDIAWIKI_OPEN = re.compile(rf"[ \t]{{0,{_MAX_INDENT}}}\{{\|")


def _cell_regex(delimiter: str, name: str = "") -> str:
    """One cell, quoted or plain, matched atomically so a row regex cuts a row as `_quoted_cells` does;
    group `text{name}` is the text of a quoted cell. A quoted cell is its quotes, what they enclose (a
    doubled quote stands for one) and padding, up to a delimiter or a line end; otherwise the cell is
    plain, and may hold a quote (`12" pizza`)."""
    d = re.escape(delimiter)
    pad = "[ ]" if delimiter == "\t" else "[ \t]"
    quoted = rf'{pad}*"(?P<text{name}>(?:[^"]|""){{0,{MAX_QUOTED_CHARS}}})"{pad}*\r?(?=[{d}\n]|\Z)'
    return rf"(?P<cell{name}>(?>{quoted}|[^{d}\n]*))"


_CELL = {d: re.compile(_cell_regex(d)) for d in DELIMITERS}
_START = itemgetter(0)


@dataclass(frozen=True, slots=True)
class Table:
    """A header row over data rows of the same shape; `cells` cuts a row into one span per column."""

    delimiter: str  # one of DELIMITERS, ALIGNED or MEDIAWIKI
    header: tuple[str, ...]  # column names, lowercase, no padding or quotes
    header_cells: tuple[Span, ...]  # where each name stands
    #: Data rows, at least one, each from its first character to its line end (past the line ends inside
    #: a quoted cell, or over the lines of a MediaWiki row). Rule lines are not rows.
    rows: tuple[Span, ...]

    @property
    def start(self) -> int:
        """Offset of the first data row."""
        return self.rows[0][0]

    @property
    def end(self) -> int:
        """Offset just past the last row."""
        return self.rows[-1][1]

    def row_at(self, offset: int) -> Span | None:
        """The data row holding `offset`; None for the header, a rule line or outside the table."""
        k = bisect_right(self.rows, offset, key=_START) - 1
        if k < 0 or offset >= self.rows[k][1]:
            return None
        return self.rows[k]

    def cells(self, text: str, row: Span) -> list[Span]:
        """One span per column: the text of each cell of `row`, without padding or enclosing quotes."""
        if self.delimiter == MEDIAWIKI:
            return _mediawiki_rows(text, row[0], row[1])[0][1]
        columns = len(self.header)
        if self.delimiter in _CELL and text.find('"', *row) >= 0:  # one regex, not a loop over cells
            shaped_row = _row_regex(self.delimiter, columns).match(text, row[0])
            if shaped_row is not None:
                spans = shaped_row.regs
                return [_cell_span(text, spans[i], spans[i + 1]) for i in range(1, 2 * columns, 2)]
        cells = _cells(text, row[0], row[1], self.delimiter)[0]
        return cells[1:] if len(cells) > columns else cells  # a DataFrame's index has no column


def split_cells(line: str, delimiter: str) -> list[Span]:
    """Cell spans in one line, as `read_table` cuts them (quotes, pipe edges, alignment gaps, and the
    `|`/`!` marks, `||`/`!!` separators and attributes of a MediaWiki line)."""
    if delimiter == MEDIAWIKI:
        first = len(line) - len(line.lstrip(" \t"))
        return _mediawiki_line_cells(line, first + 1, len(line), line.startswith("!", first))
    return _cells(line, 0, len(line), delimiter)[0]


def read_table(text: str, line_start: int) -> Table | None:
    """The table whose header row starts at `line_start`, or None if that line heads no table.

    A header is a line of two or more column names. Its delimiter is the one that cuts it into the most
    cells (ties go to the earlier in DELIMITERS) and also cuts the next row into as many; a header
    without any is read as an aligned printout. Rows follow while they have the header's number of cells
    (in a printout, or one more when the first is an integer: a printed DataFrame's index); rule lines
    are skipped; a blank line or a row of another shape ends the table.

    A MediaWiki table is read from its `{|` line; a Confluence table is a pipe table whose header cells
    stand between `||`."""
    if _MEDIAWIKI_OPEN.match(text, line_start, line_start + _MAX_INDENT + 2):
        return _mediawiki_table(text, line_start)
    return _delimited_table(text, line_start)


def _delimited_table(text: str, line_start: int) -> Table | None:
    """`read_table` for every format but MediaWiki's (`tables_in` finds those lines apart)."""
    header_end = line_end(text, line_start)
    if header_end - line_start > MAX_HEADER_CHARS or not _HEADER_LINE.fullmatch(text, line_start, header_end):
        return None
    line = text[line_start:header_end]
    candidates = [d for d in DELIMITERS if d in line]
    if not candidates:
        if "  " not in line.strip():
            return None
        candidates = [ALIGNED]
    headers = [_cells(text, line_start, header_end, d) for d in candidates]
    order = sorted(range(len(candidates)), key=lambda i: -len(headers[i][0]))
    for i in order:
        cells, end = headers[i]
        if end != header_end or len(cells) < 2:
            continue
        names = _column_names(text, cells)
        if names is None:
            continue
        rows = _rows(text, header_end + 1, candidates[i], len(cells))
        if rows:
            return Table(candidates[i], names, tuple(cells), rows)
    if "|" in candidates and line.lstrip(_PADDING).startswith("||"):
        return _confluence_table(text, line_start, header_end)
    return None


@_by_identity
@lru_cache(maxsize=8)
def tables_in(text: str) -> tuple[Table, ...]:
    """Every table in `text`, in order: each line that is not in a table is tried as a header row."""
    tables: list[Table] = []
    pos = 0
    # The lines that open MediaWiki tables are found first, so the other lines pay nothing for them.
    for wiki_start in [*_mediawiki_openings(text), len(text)]:
        while pos < wiki_start:
            table = _delimited_table(text, pos)
            if table is None:
                pos = line_end(text, pos) + 1
            else:
                tables.append(table)
                pos = table.end + 1
        if pos == wiki_start < len(text):  # not inside a table read above
            table = _mediawiki_table(text, pos)
            if table is None:
                pos = line_end(text, pos) + 1
            else:
                tables.append(table)
                pos = table.end + 1
    return tuple(tables)


def column_header(text: str, offset: int) -> str | None:
    """The lowercase header of the column holding `offset`, if it sits in a data row of a table (or in
    a row of an SQL insert that names its columns)."""
    located = _locate(text, offset)
    if located is not None:
        return located[0].header[located[2]]
    insert = _insert_at(text, offset)
    if insert is None:
        return None
    k = insert.column_at(offset)
    return insert.header[k] if k is not None and insert.header else None


def cell_at(text: str, offset: int) -> Span | None:
    """The span of the table cell (or SQL value) holding `offset`, without padding or quotes."""
    found = cell_and_header(text, offset)
    return found[0] if found is not None else None


def cell_and_header(text: str, offset: int) -> tuple[Span, str | None] | None:
    """`cell_at` and `column_header` in one look-up (a recognizer asking both for every candidate of
    a large export would otherwise find the row twice)."""
    located = _locate(text, offset)
    if located is not None:
        table, cells, column = located
        return cells[column], table.header[column]
    insert = _insert_at(text, offset)
    row = insert.row_at(offset) if insert is not None else None
    k = insert.column_at(offset) if insert is not None else None
    if insert is None or row is None or k is None:
        return None
    return row[k], insert.header[k] if insert.header else None


def column_cells(text: str, offset: int) -> list[Span]:
    """Every data cell of the column holding `offset`, top to bottom (one per row); [] outside a table.
    A column of values of one kind is context for a value that has no label (the shape of the rows)."""
    located = _locate(text, offset)
    if located is not None:
        table, _, column = located
        return list(_table_column(text, table.start, column))
    insert = _insert_at(text, offset)
    k = insert.column_at(offset) if insert is not None else None
    if insert is None or k is None:
        return []
    return [row[k] for row in insert.rows if len(row) > k]


def row_cells(text: str, offset: int) -> list[Span]:
    """The cells of the table row (or SQL value tuple) holding `offset`; [] outside a table."""
    located = _locate(text, offset)
    if located is not None:
        return located[1]
    insert = _insert_at(text, offset)
    row = insert.row_at(offset) if insert is not None else None
    return list(row) if row is not None else []


@lru_cache(maxsize=32)
def _table_column(text: str, table_start: int, column: int) -> tuple[Span, ...]:
    """Cut once per column (keyed by where the table starts: hashing its rows would cost as much as
    cutting them): a recognizer may ask for the column of every value in it."""
    tables = tables_in(text)
    table = tables[bisect_right(tables, table_start, key=attrgetter("start")) - 1]
    return tuple(cells[column] for row in table.rows if len(cells := table.cells(text, row)) > column)


def _locate(text: str, offset: int) -> tuple[Table, list[Span], int] | None:
    """(table, the row's cells, column index) for an offset in a data row of a delimited table."""
    tables = tables_in(text)
    k = bisect_right(tables, offset, key=attrgetter("start")) - 1
    row = tables[k].row_at(offset) if k >= 0 else None
    if row is None:
        return None
    table = tables[k]
    cells = table.cells(text, row)
    if not cells:
        return None
    column = bisect_right(cells, offset, key=_START) - 1
    if table.delimiter == MEDIAWIKI:
        # Before a cell: its `|` or `!` mark, a separator, attributes, padding; each belongs to the cell.
        if column < 0:
            column = 0
        elif column + 1 < len(cells) and offset >= cells[column][1]:
            between = text[cells[column][1] : offset + 1]
            column += "|" in between or "!" in between
        return table, cells, column
    if column < 0:
        # Before the first cell: its opening quote or padding, or a DataFrame index, which has no column.
        return (table, cells, 0) if not text[offset : cells[0][0]].strip(_PADDING + '"') else None
    if column + 1 < len(cells) and table.delimiter in text[cells[column][1] : offset + 1]:
        column += 1  # past the delimiter: the next cell's opening quote or padding
    return (table, cells, column) if column < len(table.header) else None


def cell_stretches(text: str) -> list[Span]:
    """Where the data rows of tables and the rows of SQL inserts stand, merged, in text order: only an
    offset there has a cell, a column or a header (`cell_at`, `column_header`, `row_cells`), so a
    recognizer that wants one need not look anywhere else."""
    spans = [(t.start, t.end) for t in tables_in(text)] + [(i.start, i.end) for i in sql_inserts(text)]
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def matches_in(
    rx: re.Pattern[str], text: str, stretches: list[Span], reach: int = 64
) -> Iterator[re.Match[str]]:
    """The matches of `rx.finditer(text)` that start inside `stretches`, found by scanning those only.

    Exact when no match runs across a stretch's start (a line start, or an insert row's `(`) and a match
    starting inside, with what its look-ahead reads, ends within `reach` characters past the stretch.
    Look-behinds still see the text before a stretch."""
    for start, end in stretches:
        for match in rx.finditer(text, start, min(len(text), end + reach)):
            if match.start() >= end:
                break
            yield match


def _column_names(text: str, cells: list[Span]) -> tuple[str, ...] | None:
    """The names of a header row's cells, lowercase and unquoted; None unless two or more are column
    names and the rest are empty."""
    names = tuple(text[s:e].strip("'`").strip().lower() for s, e in cells)
    if sum(map(bool, names)) < 2 or not all(not n or _column_name(n) for n in names):
        return None
    return names


# -- wiki markup -----------------------------------------------------------------------------------


def _confluence_table(text: str, line_start: int, header_end: int) -> Table | None:
    """A Confluence table: header cells between `||` (`||Name||Phone||`) over pipe rows (`|Ana|…|`)."""
    cells: list[Span] = []
    pos = line_start
    for piece in text[line_start:header_end].split("||"):
        cells.append(_trim(text, pos, pos + len(piece)))
        pos += len(piece) + 2
    if cells and cells[0][0] == cells[0][1]:
        cells = cells[1:]
    if cells and cells[-1][0] == cells[-1][1]:
        cells = cells[:-1]
    names = _column_names(text, cells) if len(cells) >= 2 else None
    rows = _rows(text, header_end + 1, "|", len(cells)) if names is not None else ()
    return Table("|", names, tuple(cells), rows) if names is not None and rows else None


def _mediawiki_openings(text: str) -> list[int]:
    """The starts of the lines that open MediaWiki tables (a `{|` after indentation at most)."""
    openings: list[int] = []
    found = text.find(MEDIAWIKI)
    while found >= 0:
        start = text.rfind("\n", max(0, found - _MAX_INDENT - 1), found) + 1
        if _MEDIAWIKI_OPEN.fullmatch(text, start, found + 2):
            openings.append(start)
        found = text.find(MEDIAWIKI, found + 2)
    return openings


def _mediawiki_table(text: str, line_start: int) -> Table | None:
    """The MediaWiki table opened on the line at `line_start`. Its first row, of header (`!`) cells only,
    names the columns, and the rows with as many cells are its data rows: a row of another shape (a cell
    spanning columns) has no reading, and a row of header cells only is a heading, not data."""
    groups = _mediawiki_rows(text, line_end(text, line_start) + 1, len(text))
    if not groups or not groups[0][2]:
        return None
    header_cells = groups[0][1]
    names = tuple(text[s:e].strip("'`").strip().lower() for s, e in header_cells)
    if not any(names) or any(len(n) > MAX_COLUMN_NAME_CHARS for n in names):
        return None
    rows = tuple(span for span, cells, heading in groups[1:] if len(cells) == len(names) and not heading)
    return Table(MEDIAWIKI, names, tuple(header_cells), rows) if rows else None


def _mediawiki_rows(text: str, pos: int, stop: int) -> list[tuple[Span, list[Span], bool]]:
    """The rows of a MediaWiki table from `pos` (past its `{|` line) to its `|}` line or `stop`: each
    row's span, its cells, and whether they are all header cells.

    A line without a mark continues the cell above (a cell may run over lines), unless a blank line
    comes between: then the table was cut short and ends there. A nested table ends the reading (it is
    read on its own)."""
    rows: list[tuple[Span, list[Span], bool]] = []
    cells: list[Span] = []
    start = end = pos
    heading = True
    continues: str | None = None  # what a line without a mark continues: "cell", "caption" or nothing
    blank = False
    while pos < stop and len(rows) < MAX_ROWS:
        eol = line_end(text, pos)
        first = pos
        while first < eol and text[first] in " \t":
            first += 1
        if first == eol or (first + 1 == eol and text[first] == "\r"):
            blank = True
            pos = eol + 1
            continue
        mark = text[first : first + 2]
        if mark in ("|}", "{|"):
            break
        if mark in ("|-", "|+"):
            if cells:
                rows.append(((start, end), cells, heading))
            cells, heading = [], True
            continues = "caption" if mark == "|+" else None
        elif mark[0] in "|!":
            if not cells:
                start = pos
            cells.extend(_mediawiki_line_cells(text, first + 1, eol, mark[0] == "!"))
            heading = heading and mark[0] == "!"
            end, continues = eol, "cell"
        elif blank or continues is None:
            break
        elif continues == "cell":
            last_start, last_end = cells[-1]
            line_stop = eol
            while line_stop > first and text[line_stop - 1] in _PADDING:
                line_stop -= 1
            cells[-1] = (last_start if last_end > last_start else first, line_stop)
            end = eol
        blank = False
        pos = eol + 1
    if cells:
        rows.append(((start, end), cells, heading))
    return rows


def _mediawiki_line_cells(text: str, pos: int, end: int, header: bool) -> list[Span]:
    """The cells of one MediaWiki line from `pos` (past its `|` or `!` mark) to `end`: apart by `||`, or
    also `!!` on a header line; an attribute list before a single `|` is left out, as MediaWiki does
    unless a link or template (`[[a|b]]`, `{{a|b}}`) holds that `|`."""
    cells: list[Span] = []
    while True:
        stop = text.find("||", pos, end)
        if header:
            bangs = text.find("!!", pos, end if stop < 0 else stop)
            stop = bangs if bangs >= 0 else stop
        cell_end = end if stop < 0 else stop
        bar = text.find("|", pos, cell_end)
        if bar >= 0 and text.find("[[", pos, bar) < 0 and text.find("{{", pos, bar) < 0:
            cells.append(_trim(text, bar + 1, cell_end))
        else:
            cells.append(_trim(text, pos, cell_end))
        if stop < 0:
            return cells
        pos = stop + 2


# -- SQL inserts -----------------------------------------------------------------------------------

#: `INSERT INTO schema.table (a, "b", `c`) VALUES`: the column list is optional.
_INSERT = re.compile(
    r"\binsert[ \t\r\n]+(?:ignore[ \t\r\n]+)?into[ \t\r\n]+[\w.\"`\[\]]+[ \t\r\n]*"
    r"(?:\((?P<columns>[^()]{1,2000})\)[ \t\r\n]*)?values[ \t\r\n]*(?=\()",
    re.IGNORECASE,
)
_SQL_NAME = re.compile(r"[\w$]+")
MAX_SQL_VALUES = 1_000


@dataclass(frozen=True, slots=True)
class SqlInsert:
    """The rows of one `INSERT … VALUES` statement: each row a tuple of value spans (quotes left out)."""

    header: tuple[str, ...]  # column names, lowercase; () when the statement names none
    rows: tuple[tuple[Span, ...], ...]
    start: int  # the first row's `(`
    end: int  # just past the last row's `)`

    def row_at(self, offset: int) -> tuple[Span, ...] | None:
        k = bisect_right(self.rows, offset + 1, key=_row_start) - 1
        if k < 0:
            return None
        row = self.rows[k]
        return row if offset <= row[-1][1] + 1 else None

    def column_at(self, offset: int) -> int | None:
        row = self.row_at(offset)
        if row is None:
            return None
        for k, (start, end) in enumerate(row):
            if start <= offset < max(end, start + 1):
                return k
        return None


@_by_identity
@lru_cache(maxsize=8)
def sql_inserts(text: str) -> tuple[SqlInsert, ...]:
    """Every `INSERT … VALUES (…), (…)` statement in `text` whose rows read cleanly."""
    if "values" not in text and "VALUES" not in text and "Values" not in text:
        return ()
    found: list[SqlInsert] = []
    for m in _INSERT.finditer(text):
        columns = m.group("columns")
        header = tuple(n.lower() for n in _SQL_NAME.findall(columns)) if columns else ()
        rows, end = _sql_rows(text, m.end())
        if rows and (not header or all(len(r) == len(header) for r in rows)):
            found.append(SqlInsert(header, tuple(rows), m.end(), end))
    return tuple(found)


def _row_start(row: tuple[Span, ...]) -> int:
    return row[0][0] - 1


def _insert_at(text: str, offset: int) -> SqlInsert | None:
    inserts = sql_inserts(text)
    k = bisect_right(inserts, offset, key=attrgetter("start")) - 1
    return inserts[k] if k >= 0 and offset < inserts[k].end else None


#: One piece of a VALUES tuple: a quoted string ('' inside stands for a quote), a bracket, a comma, or
#: a run of anything else. Tokens, not characters, keep a large insert quick to read.
_SQL_TOKEN = re.compile(rf"'(?:[^']|''){{0,{MAX_QUOTED_CHARS}}}'|[(),]|[^'(),]+|'")


def _sql_rows(text: str, pos: int) -> tuple[list[tuple[Span, ...]], int]:
    """The value tuples from `pos` (at a `(`): cells split on commas outside quotes and brackets."""
    rows: list[tuple[Span, ...]] = []
    end = pos
    while pos < len(text) and text[pos] == "(" and len(rows) < MAX_ROWS:
        cells: list[Span] = []
        start, depth, closed = pos + 1, 0, False
        for token in _SQL_TOKEN.finditer(text, pos + 1):
            piece = token.group()
            if piece == "'":
                return rows, end  # an unterminated (or overlong) string: the statement is not read
            if piece == "(":
                depth += 1
            elif piece == ")" and depth:
                depth -= 1
            elif piece in (",", ")") and not depth:
                cells.append(_sql_cell(text, start, token.start()))
                start = token.end()
                if piece == ")":
                    closed = True
                    pos = token.end()
                    break
                if len(cells) >= MAX_SQL_VALUES:
                    return rows, end
        if not closed:
            return rows, end
        rows.append(tuple(cells))
        end = pos
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos < len(text) and text[pos] == ",":
            pos += 1
            while pos < len(text) and text[pos] in " \t\r\n":
                pos += 1
    return rows, end


def _sql_cell(text: str, start: int, end: int) -> Span:
    start, end = _trim(text, start, end)
    while start < end and text[start] in " \n\r\t":
        start += 1
    while end > start and text[end - 1] in " \n\r\t":
        end -= 1
    if end - start >= 2 and text[start] == "'" and text[end - 1] == "'":
        start, end = start + 1, end - 1
    return start, end


def _column_name(name: str) -> bool:
    # Unbalanced brackets are code cut at its commas: `def fetch(session, order_id):`.
    balanced = name.count("(") == name.count(")") and name.count("[") == name.count("]")
    return balanced and _COLUMN_NAME.fullmatch(name) is not None


@lru_cache(maxsize=64)
def _row_regex(delimiter: str, columns: int) -> re.Pattern[str]:
    """A row of exactly `columns` cells, each its own group, as `_quoted_cells` would cut it."""
    cells = re.escape(delimiter).join(_cell_regex(delimiter, str(i)) for i in range(columns))
    return re.compile(rf"{cells}(?=\n|\Z)")


def _rows(text: str, pos: int, delimiter: str, columns: int) -> tuple[Span, ...]:
    # Most rows of a big export are told apart here by counting or one regex, not cut into cells.
    countable = delimiter not in ("|", ALIGNED)
    row_regex = _row_regex(delimiter, columns) if countable else None
    rows: list[Span] = []
    while pos < len(text) and len(rows) < MAX_ROWS:
        end = line_end(text, pos)
        if row_regex is not None:
            if text.find('"', pos, end) < 0:
                shaped = text.count(delimiter, pos, end) == columns - 1
            elif shaped_row := row_regex.match(text, pos):
                end, shaped = shaped_row.end(), True
            else:
                shaped = False
            if shaped:
                rows.append((pos, end))
                pos = end + 1
                continue
        if _RULE.fullmatch(text, pos, end):
            pos = end + 1
            continue
        cells, end = _cells(text, pos, end, delimiter)
        indexed = delimiter == ALIGNED and len(cells) == columns + 1 and _INDEX.fullmatch(text, *cells[0])
        if len(cells) != columns and not indexed:
            break
        rows.append((pos, end))
        pos = end + 1
    return tuple(rows)


def _cells(text: str, start: int, end: int, delimiter: str) -> tuple[list[Span], int]:
    """The cells of the row on the line from `start` to `end`, and where the row ends: at `end`, or past
    it when a quoted cell holds a line end."""
    if delimiter == ALIGNED:
        bounds = [start, *(b for gap in _GAP.finditer(text, start, end) for b in gap.span()), end]
        spans = (_trim(text, bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2))
        return [span for span in spans if span[1] > span[0]], end
    if '"' in text[start:end]:
        cells, end = _quoted_cells(text, start, delimiter)
    else:
        cells, pos = [], start
        for piece in text[start:end].split(delimiter):
            cells.append(_trim(text, pos, pos + len(piece)))
            pos += len(piece) + 1
    if delimiter == "|":  # Markdown and psql rows may start and end with a pipe
        if cells and cells[0][0] == cells[0][1]:
            cells = cells[1:]
        if cells and cells[-1][0] == cells[-1][1]:
            cells = cells[:-1]
    return cells, end


def _quoted_cells(text: str, pos: int, delimiter: str) -> tuple[list[Span], int]:
    pattern = _CELL[delimiter]
    cells: list[Span] = []
    while True:
        cell = pattern.match(text, pos)
        assert cell is not None  # a plain cell may be empty
        cells.append(_cell_span(text, *cell.regs[1:3]))
        pos = cell.end()
        if not text.startswith(delimiter, pos):
            return cells, pos
        pos += 1


def _cell_span(text: str, cell: Span, quoted: Span) -> Span:
    """A cell's text from the spans of the groups of `_cell_regex`: what the quotes enclose, or else
    the plain cell trimmed."""
    return quoted if quoted[0] >= 0 else _trim(text, *cell)


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _PADDING:
        start += 1
    while end > start and text[end - 1] in _PADDING:
        end -= 1
    if end - start >= 2 and text[start] == '"' and text[end - 1] == '"':
        start, end = start + 1, end - 1
    return start, end


def line_end(text: str, pos: int) -> int:
    """Offset of the line end at or after `pos` (the text's end on the last line)."""
    end = text.find("\n", pos)
    return len(text) if end == -1 else end
