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
    NAME_PART_PAIRS,
    NAME_WORD,
    PARTICLES,
    USER_COLUMN_KEYS,
    has_common_word,
    is_common_anywhere,
    is_given_name,
    is_known_place,
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
from dlpguard.engine.recognizers.person_fields import is_no_value
from dlpguard.engine.tables import DELIMITERS, MAX_ROWS, Table, line_end, read_table, tables_in
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
# A quote between two letters is an apostrophe left unescaped ('O'Connor'): part of the string, as the
# writer meant it (the very syntax error such a paste often asks about).
_SQL_VALUE = re.compile(
    r"\s*(?:'(?P<str>(?:[^'\n]|''|(?<=\w)'(?=\w))*)'|(?P<bare>[^,()'\s][^,()]*?))\s*(?P<end>[,)])"
)


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
        read: list[tuple[int, int]] = []  # the tables read from a person key in their header
        if first_cell.match(haystack):
            done_until = self._table(text, 0, findings, read)
        for match in cell.finditer(haystack):
            if match.start() < done_until:
                continue
            line_start = text.rfind("\n", 0, match.start() + 1) + 1
            done_until = max(match.end(), self._table(text, line_start, findings, read))
        # The other tables: MediaWiki's, whose header cells stand after `!`, where no header cell is
        # looked for, and those whose header names people only with column pairs (`first | last`) or a
        # user column, which the key scan above does not look for.
        k, reach = 0, -1  # how far the tables read above that start before this one's end reach
        for table in tables_in(text):
            while k < len(read) and read[k][0] < table.end:
                reach = max(reach, read[k][1])
                k += 1
            if reach <= table.start:
                self._columns(text, table, findings)
        if "insert" in lowered or "INSERT" in text:
            findings.extend(self._sql_inserts(text))
        return findings

    def _score(self, min_words: int) -> float:
        return self.SPECIFIC_SCORE if min_words == 1 else self.GENERIC_SCORE

    def _table(self, text: str, line_start: int, findings: list[Finding], read: list[tuple[int, int]]) -> int:
        """Reads the table whose header starts at `line_start`; returns where it ends."""
        table = read_table(text, line_start)
        if table is None:
            return line_end(text, line_start)
        read.append((line_start, table.end))
        if not self._columns(text, table, findings):
            return line_end(text, line_start)
        return table.end

    def _columns(self, text: str, table: Table, findings: list[Finding]) -> bool:
        """Adds the names in the person columns of `table`; False when it has none."""
        if _is_key_value(text, table):
            self._key_values(text, table, findings)
            return True
        header = table.header
        columns = _person_columns(list(header), list(header))
        keys = [normalized_key(name) for name in header]
        if not columns:
            rows = [table.cells(text, row) for row in table.rows]
            columns = _full_name_columns(keys, [[text[s:e] for s, e in cells] for cells in rows])
        for pair in NAME_PART_PAIRS:  # `first | last`: each names a part only beside the other
            if all(part in keys for part in pair) and _holds_first_names(text, table, keys.index(pair[0])):
                columns.update({keys.index(part): 1 for part in pair})
        users = {i for i, key in enumerate(keys) if key in _USER_KEYS and i not in columns}
        if not columns and not users:
            return False
        surname_columns = {i for i in columns if keys[i] in _SURNAME_KEYS}
        given_column = any(keys[i] in _GIVEN_KEYS for i in columns)
        if len(columns) > 1 and (surname_columns or given_column):
            # Beside a surname column, "Nome", "Nombre", "Name" hold first names, and beside a first-name
            # column "Name", "Nom", "Naam" hold surnames: one word is enough in either.
            columns = {i: 1 if i in surname_columns or keys[i] in _BARE_NAME_KEYS else w
                       for i, w in columns.items()}  # fmt: skip
            if not surname_columns:
                surname_columns = {i for i in columns if keys[i] in _BARE_NAME_KEYS}
        for row in table.rows:
            cells = table.cells(text, row)
            for index, min_words in columns.items():
                s, e = cells[index]
                if e > s and _cell_is_name(text[s:e], min_words, index in surname_columns):
                    score = self._score(min_words)
                    findings.extend(self._finding(a, b, score) for a, b in _name_parts(text, s, e))
        for index in users:
            people = _people_in_user_column(text, table, index)
            findings.extend(self._finding(s, e, self.GENERIC_SCORE) for s, e in people)
        return True

    def _key_values(self, text: str, table: Table, findings: list[Finding]) -> None:
        """A record pasted as a two-column table ("Vorname | Teodor", "Nachname | Trautwein"): each line is
        a key and its value, the header line too."""
        lines = [list(table.header_cells)] + [table.cells(text, row) for row in table.rows]
        keys = [normalized_key(text[s:e]) if e > s else "" for (s, e), _ in lines]
        surname_field = any(key in _SURNAME_KEYS for key in keys)
        given_field = any(key in _GIVEN_KEYS for key in keys)
        for ((ks, ke), (s, e)), key in zip(lines, keys, strict=True):
            min_words = person_key_min_words(text[ks:ke]) if ke > ks else None
            if min_words is None or e <= s:
                continue
            if key in _BARE_NAME_KEYS and (surname_field or given_field):
                min_words = 1
            surname = key in _SURNAME_KEYS or (key in _BARE_NAME_KEYS and given_field and not surname_field)
            value = text[s:e]
            if _names_a_field(value):
                continue  # "Assignee | Closed", "Vorname | Der Vorname": no name filled in
            caps_given_name = min_words == 1 and value.isupper() and is_given_name(value)
            if _cell_is_name(value, min_words, surname) or caps_given_name:
                findings.append(self._finding(s, e, self._score(min_words)))

    def _sql_inserts(self, text: str) -> list[Finding]:
        """`INSERT INTO customers (full_name, email) VALUES ('Ana Souza', ...), (...)`: by column position."""
        found: list[Finding] = []
        for insert in _SQL_INSERT.finditer(text):
            columns = [c.strip().strip('"`[]') for c in insert.group("columns").split(",")]
            wanted = _person_columns(columns, [*columns, insert.group("table")])
            rows = [row for row in _sql_rows(text, insert.end()) if len(row) == len(columns)]
            if not wanted:
                keys = [normalized_key(c) for c in columns]
                values = [[text[c[0] : c[1]] if c else "" for c in row] for row in rows]
                wanted = _full_name_columns(keys, values)
            if not wanted:
                continue
            for row in rows:
                if len(row) != len(columns):
                    continue
                for index, min_words in wanted.items():
                    span = row[index]
                    if span and looks_like_name(text[span[0] : span[1]], min_words):
                        found.append(self._finding(span[0], span[1], self._score(min_words)))
        for insert in _SQL_INSERT_BARE.finditer(text):
            if not names_people([insert.group("table").strip('"`[]')]):
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
              "surname", "last name", "lastname", "family name", "familyname", "sn", "achternaam",
              "geslachtsnaam", "sobrenome", "apelido", "apelidos", "geburtsname", "nom de naissance",
              "primer apellido", "segundo apellido", "surnames", "last names", "last", "family")
)  # fmt: skip


#: Columns of first names.
_GIVEN_KEYS = frozenset(
    normalized_key(k)
    for k in ("vorname", "vornamen", "prénom", "prenom", "prénoms", "first name", "firstname", "given name",
              "given names", "forename", "voornaam", "voornamen", "roepnaam", "nome próprio", "primeiro nome",
              "first", "given")
)  # fmt: skip

#: Columns that name a person's name without saying which part.
_BARE_NAME_KEYS = frozenset(normalized_key(k) for k in ("name", "nome", "nombre", "nom", "nm", "naam"))

_USER_KEYS = frozenset(normalized_key(k) for k in USER_COLUMN_KEYS)

#: A surname after its particles, as Dutch registers write it in its own column ("de Vries", "van der Berg").
_PARTICLE_SURNAME = re.compile(rf"(?:(?:{'|'.join(PARTICLES)})[ \t]+){{1,3}}{NAME_WORD}")


def _cell_is_name(value: str, min_words: int, surname_column: bool) -> bool:
    """A cell of a person column holds a name: one that looks like one, a name with its surname in
    capitals, or a surname alone in capitals (or after its particles) in a surname column; not a word
    that says no name is there ("Unbekannt", "Durchschnitt")."""
    if is_no_value(value):
        return False
    if looks_like_name(value, min_words) or looks_like_caps_name(value):
        return True
    if not surname_column:
        return False
    if _PARTICLE_SURNAME.fullmatch(value):
        return looks_like_name(value.split()[-1])
    return looks_like_caps_surname(value) or (value.isupper() and is_surname(value))


def _names_a_field(value: str) -> bool:
    """A value with a person key among its words describes a field ("Der Vorname", "Last name of the
    payee") rather than filling it in."""
    return any(person_key_min_words(word) is not None for word in value.split())


#: Rows enough to tell what a column holds.
_SAMPLE_ROWS = 50


def _holds_first_names(text: str, table: Table, column: int) -> bool:
    """Most cells of the column are known first names: `first | last` over people, not over timestamps,
    counts or words ("first seen | last seen")."""
    spans = [table.cells(text, row)[column] for row in table.rows[:_SAMPLE_ROWS]]
    cells = [text[s:e] for s, e in spans if e > s]
    return 2 * sum(map(is_given_name, cells)) >= len(cells) > 0


def _people_in_user_column(text: str, table: Table, column: int) -> list[tuple[int, int]]:
    """The cells of a user column that name people: a known first name that is no ordinary word ("Esmee",
    not "Admin" or "Guest"), or a full name without ordinary words; logins ("jdoe", "svc-backup") are not.
    Only a column that is more than half people counts, and then a first name that is also a word ("Rose")
    too."""
    cells = [span for row in table.rows if (span := table.cells(text, row)[column])[1] > span[0]]
    people = [span for span in cells if _user_is_person(text[slice(*span)])]
    if 2 * len(people) <= len(cells):
        return []  # logins, teams or regions ("Frankfurt", "Virginia", "Sydney") with a name among them
    if len(people) < 2:
        return people
    known = set(people)
    return [span for span in cells if span in known or _is_first_name(text[slice(*span)])]


def _user_is_person(value: str) -> bool:
    if " " not in value:
        return _is_first_name(value) and not is_common_anywhere(value)
    return looks_like_name(value, 2) and not has_common_word(value) and not is_known_place(value)


def _is_first_name(value: str) -> bool:
    """A known first name that is not a place: a rota's "Primary" column may list regions ("Paris",
    "Virginia", "Sydney")."""
    return looks_like_name(value) and is_given_name(value) and not is_known_place(value)


#: The most lines a record pasted as a two-column table has: a longer two-column table is a list.
_MAX_RECORD_LINES = 40


def _is_key_value(text: str, table: Table) -> bool:
    """A two-column table whose first column holds field names, not values: two or more of them (the
    header's first cell included) name a person's name or say what a person record holds (`Vorname`,
    `Nachname`; `Name`, `IBAN`), at least one is a person key, and the header's second cell is not a
    column name of a person table (`Name | Email` heads a list of people)."""
    if len(table.header) != 2 or len(table.rows) >= _MAX_RECORD_LINES:
        return False
    if person_key_min_words(table.header[1]) is not None or names_people([table.header[1]]):
        return False
    person_keys = labels = 0
    for label in [table.header[0]] + [text[slice(*table.cells(text, row)[0])] for row in table.rows]:
        if person_key_min_words(label) is not None:
            person_keys += 1
        elif names_people([label]):
            labels += 1
    return person_keys >= 1 and person_keys + labels >= 2


def _name_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A cell's name as a register writes it: "Leclercq, Maëlle" is a surname and a first name, two
    findings as two fields would be; any other value is one."""
    value = text[start:end]
    last, comma, first = value.partition(", ")
    if not comma or "," in first or not last.strip() or not first.strip():
        return [(start, end)]
    first_start = start + len(last) + 2
    return [(start, start + len(last.rstrip())), (first_start, end)]


def _known_part(value: str) -> bool:
    return any(is_given_name(w) or is_surname(w) for w in value.split())


def _full_name(value: str) -> bool:
    """A full name with a known first name or surname and no frequent word ("Ana Souza Lima")."""
    return looks_like_name(value, 2) and _known_part(value) and not has_common_word(value)


def _roster_name(value: str) -> bool:
    if " " in value:
        return _full_name(value)
    return (
        looks_like_name(value)
        and is_given_name(value)
        and not is_common_anywhere(value)
        and not is_known_place(value)
    )


def _full_name_columns(keys: list[str], rows: list[list[str]]) -> dict[int, int]:
    """A bare `name` column no other column shows to be about people still holds people when every
    value in it, two rows at least, is a full name with a known first name or surname ("Ana Souza Lima")
    and no frequent word: products, hosts and places are not."""
    found: dict[int, int] = {}
    for index, key in enumerate(keys):
        values = [row[index] for row in rows if index < len(row) and row[index]]
        if key not in AMBIGUOUS_KEYS and key not in _BARE_NAME_KEYS:
            # Any other column: a roster of first names and full names ("| 36 | Wouter | 06-… |"), three
            # rows at least, each a listed first name that is no word or place, or a full name.
            if len(values) >= 3 and all(_roster_name(v) for v in values):
                found[index] = 1
            continue
        if len(values) >= 2 and all(map(_full_name, values)):
            found[index] = 2
    return found


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
