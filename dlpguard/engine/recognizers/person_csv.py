"""Names in the columns of a pasted table: CSV, TSV, semicolon exports, Markdown and psql tables,
whitespace-aligned printouts (pandas, `column -t`), MediaWiki and Confluence tables and SQL
`INSERT ... VALUES` rows.

A header with a person column (`name`, `first_name`, `Customer Name`, `Nachname`) says what the cells
below it hold; NER skips tables, so without this a pasted customer export would pass unseen. Each cell is
still checked to look like a name, so a `name` column of service names reports nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlpguard.engine.names import (
    AMBIGUOUS_KEYS,
    is_surname,
    looks_like_caps_name,
    looks_like_caps_surname,
    looks_like_name,
    names_people,
    normalized_key,
    person_key_min_words,
    person_key_regex,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import DELIMITERS, MAX_ROWS, MEDIAWIKI, Table, line_end, read_table, tables_in
from dlpguard.engine.types import Category, Finding

# A person column after a delimiter, a newline or an alignment gap: where a header row may be. The scan
# runs on the lowercased text (when lowercasing kept every offset) so the key trie needs no IGNORECASE,
# which would cost several times more; the very start of the text is tried separately with `match`.
_DELIMITERS = re.escape("".join(DELIMITERS))
_CELL_BODY = rf"[ \t]*\"?(?:{person_key_regex()})\"?[ \t]*(?=[{_DELIMITERS}\r\n]|\Z|  )"
# Opens on one class (a delimiter, a newline or the first of two spaces) so `re` skips to those in C.
HEADER_CELL = rf"[\n{_DELIMITERS} ](?:(?<=[\n{_DELIMITERS}])|(?<= ) ){_CELL_BODY}"
_SQL_INSERT = re.compile(
    r"insert\s+into\s+(?P<table>[\w.\"`\[\]]+)\s*\((?P<columns>[^)]{1,1000})\)\s*values\s*", re.IGNORECASE
)
# `INSERT INTO customers VALUES (...)` without a column list: only the table's name says what it holds.
_SQL_INSERT_BARE = re.compile(r"insert\s+into\s+(?P<table>[\w.\"`\[\]]+)\s+values\s*", re.IGNORECASE)
_SQL_VALUE = re.compile(r"\s*(?:'(?P<str>(?:[^'\n]|'')*)'|(?P<bare>[^,()'\s][^,()]*?))\s*(?P<end>[,)])")


class PersonCsvRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("person_column_header", HEADER_CELL, 0.7),)
    SPECIFIC_SCORE = 0.7
    GENERIC_SCORE = 0.65

    def __init__(self) -> None:
        super().__init__()
        self._cell = re.compile(HEADER_CELL)
        self._first_cell = re.compile(_CELL_BODY)
        self._cell_any_case = re.compile(HEADER_CELL, re.IGNORECASE)
        self._first_cell_any_case = re.compile(_CELL_BODY, re.IGNORECASE)

    def find(self, text: str, lowered: str) -> list[Finding]:
        if len(lowered) == len(text):
            haystack, cell, first_cell = lowered, self._cell, self._first_cell
        else:
            haystack, cell, first_cell = text, self._cell_any_case, self._first_cell_any_case
        findings: list[Finding] = []
        done_until = 0
        if first_cell.match(haystack):
            done_until = self._table(text, 0, findings)
        for match in cell.finditer(haystack):
            if match.start() < done_until:
                continue
            line_start = text.rfind("\n", 0, match.start() + 1) + 1
            done_until = max(match.end(), self._table(text, line_start, findings))
        if MEDIAWIKI in text:  # its header cells stand after `!`, where no header cell is looked for
            for table in tables_in(text):
                if table.delimiter == MEDIAWIKI:
                    self._columns(text, table, findings)
        if "insert" in lowered or "INSERT" in text:
            findings.extend(self._sql_inserts(text))
        return findings

    def _score(self, min_words: int) -> float:
        return self.SPECIFIC_SCORE if min_words == 1 else self.GENERIC_SCORE

    def _table(self, text: str, line_start: int, findings: list[Finding]) -> int:
        """Reads the table whose header starts at `line_start`; returns where it ends."""
        table = read_table(text, line_start)
        if table is None or not self._columns(text, table, findings):
            return line_end(text, line_start)
        return table.end

    def _columns(self, text: str, table: Table, findings: list[Finding]) -> bool:
        """Adds the names in the person columns of `table`; False when it has none."""
        columns = _person_columns(list(table.header), list(table.header))
        if not columns:
            return False
        surname_columns = {i for i in columns if normalized_key(table.header[i]) in _SURNAME_KEYS}
        if surname_columns and len(columns) > 1:
            # Beside a surname column, "Nome", "Nombre", "Name" hold first names, and beside a first-name
            # column "Cognome", "Nom" hold surnames: one word is enough in either.
            columns = {i: 1 if i in surname_columns or normalized_key(table.header[i]) in _BARE_NAME_KEYS
                       else w for i, w in columns.items()}  # fmt: skip
        for row in table.rows:
            cells = table.cells(text, row)
            for index, min_words in columns.items():
                s, e = cells[index]
                if e > s and _cell_is_name(text[s:e], min_words, index in surname_columns):
                    findings.append(self._finding(s, e, self._score(min_words)))
        return True

    def _sql_inserts(self, text: str) -> list[Finding]:
        """`INSERT INTO customers (full_name, email) VALUES ('Ana Souza', ...), (...)`: by column position."""
        found: list[Finding] = []
        for insert in _SQL_INSERT.finditer(text):
            columns = [c.strip().strip("\"`[]") for c in insert.group("columns").split(",")]
            wanted = _person_columns(columns, [*columns, insert.group("table")])
            if not wanted:
                continue
            for row in _sql_rows(text, insert.end()):
                if len(row) != len(columns):
                    continue
                for index, min_words in wanted.items():
                    span = row[index]
                    if span and looks_like_name(text[span[0] : span[1]], min_words):
                        found.append(self._finding(span[0], span[1], self._score(min_words)))
        for insert in _SQL_INSERT_BARE.finditer(text):
            if not names_people([insert.group("table").strip("\"`[]")]):
                continue
            for row in _sql_rows(text, insert.end()):
                for span in row:
                    # No column says which string is the name: a full name is needed.
                    if span and looks_like_name(text[span[0] : span[1]], 2):
                        found.append(self._finding(span[0], span[1], self.GENERIC_SCORE))
        return found

    def _finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)


#: Columns of family names, which registers write in capitals ("OKAFOR", "BEN SALEM").
_SURNAME_KEYS = frozenset(
    normalized_key(k)
    for k in ("nom", "nom de famille", "nachname", "familienname", "cognome", "apellido", "apellidos",
              "surname", "last name", "lastname", "family name", "familyname", "sn")
)  # fmt: skip


#: Columns that name a person's name without saying which part.
_BARE_NAME_KEYS = frozenset(normalized_key(k) for k in ("name", "nome", "nombre", "nom", "nm"))


def _cell_is_name(value: str, min_words: int, surname_column: bool) -> bool:
    """A cell of a person column holds a name: one that looks like one, a name with its surname in
    capitals, or a surname alone in capitals in a surname column."""
    if looks_like_name(value, min_words) or looks_like_caps_name(value):
        return True
    return surname_column and (looks_like_caps_surname(value) or (value.isupper() and is_surname(value)))


def _person_columns(columns: list[str], context: list[str]) -> dict[int, int]:
    """Column index -> name words its values need. A bare `name` column counts only in a table that other
    columns (or its SQL name) show to be about people; `customer_name` or `last_name` says so itself."""
    found = {i: w for i, c in enumerate(columns) if (w := person_key_min_words(c))}
    if any(normalized_key(columns[i]) not in AMBIGUOUS_KEYS for i in found):
        return found
    return found if names_people([c for i, c in enumerate(context) if i not in found]) else {}


def _sql_rows(text: str, pos: int) -> Iterator[list[tuple[int, int] | None]]:
    """The value tuples after VALUES: each row is a list with the span of each quoted string (None for
    numbers, NULL and expressions). Stops at the first thing that is not a tuple."""
    for _ in range(MAX_ROWS):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if not text.startswith("(", pos):
            return
        pos += 1
        row: list[tuple[int, int] | None] = []
        while True:
            value = _SQL_VALUE.match(text, pos)
            if value is None:
                return
            row.append(value.span("str") if value.group("str") is not None else None)
            pos = value.end()
            if value.group("end") == ")":
                break
        yield row
