from __future__ import annotations

import pytest

from dlpguard.engine.tables import (
    ALIGNED,
    MAX_QUOTED_CHARS,
    MEDIAWIKI,
    cell_at,
    cell_stretches,
    column_cells,
    column_header,
    matches_in,
    read_table,
    split_cells,
    sql_inserts,
    tables_in,
)


def cell_texts(text, table):
    return [[text[s:e] for s, e in table.cells(text, row)] for row in table.rows]


def only_table(text):
    (table,) = tables_in(text)
    return table


@pytest.mark.parametrize(
    "line, delimiter, cells",
    [
        ("a,b,c", ",", ["a", "b", "c"]),
        ("a; b ;c", ";", ["a", "b", "c"]),
        ("a\tb\t c", "\t", ["a", "b", "c"]),
        ("| a | b |", "|", ["a", "b"]),
        ("a | b", "|", ["a", "b"]),
        ('1,"Souza, Ana",x', ",", ["1", "Souza, Ana", "x"]),
        ('"say ""hi"", Ana",2', ",", ['say ""hi"", Ana', "2"]),  # doubled quotes stay as written
        ('"",x,', ",", ["", "x", ""]),
        (' "a" ; b ', ";", ["a", "b"]),
        ('12" pizza,3', ",", ['12" pizza', "3"]),  # a quote inside a cell is a character
        ('"abc,def', ",", ['"abc', "def"]),  # so is a quote that never closes
        ('"a"b,c', ",", ['"a"b', "c"]),  # text after the closing quote: not a quoted cell
        ('a\t\t"x"', "\t", ["a", "", "x"]),  # padding before a quote is not the delimiter
        ("a,b\r", ",", ["a", "b"]),
        ("0   Ana Souza   Berlin", ALIGNED, ["0", "Ana Souza", "Berlin"]),
        ("   name\temail  city", ALIGNED, ["name", "email", "city"]),
        ("| W48 || Ana Souza || +1 208-700-2300", MEDIAWIKI, ["W48", "Ana Souza", "+1 208-700-2300"]),
        ("! Week !! Primary || Phone", MEDIAWIKI, ["Week", "Primary", "Phone"]),
        ('  ! scope="col" | Name', MEDIAWIKI, ["Name"]),  # attributes before a single pipe
        ("| [[Ana Souza|Ana]] || x!!y", MEDIAWIKI, ["[[Ana Souza|Ana]]", "x!!y"]),  # a link's |; !! in data
        ("|  || b", MEDIAWIKI, ["", "b"]),
    ],
)
def test_cells_are_cut_at_delimiters_outside_quotes(line, delimiter, cells):
    assert [line[s:e] for s, e in split_cells(line, delimiter)] == cells


@pytest.mark.parametrize(
    "text, delimiter, header, rows",
    [
        (
            "id,name,city\n1,Ana Souza,Berlin\n2,Ben Ilg,Bonn\n",
            ",",
            ["id", "name", "city"],
            [["1", "Ana Souza", "Berlin"], ["2", "Ben Ilg", "Bonn"]],
        ),
        (
            "Vorname;Nachname;Ort\nJürgen;Weiß;Köln",
            ";",
            ["vorname", "nachname", "ort"],
            [["Jürgen", "Weiß", "Köln"]],
        ),
        ("name\tnote\nAna\tcalls, emails\n", "\t", ["name", "note"], [["Ana", "calls, emails"]]),
        (
            "| Name | Team |\n|------|:----:|\n| Ana Souza | Sales |\n| Priya |  |\n",
            "|",
            ["name", "team"],
            [["Ana Souza", "Sales"], ["Priya", ""]],
        ),
        (
            "  id   | name\n-------+------\n  1832 | Kwame Farouk\n(1 row)\n",
            "|",
            ["id", "name"],
            [["1832", "Kwame Farouk"]],
        ),
        (
            "      name         city\n0   Sunita Eze   Helsinki\n1   Diego Kovács   Kraków\n",
            ALIGNED,
            ["name", "city"],
            [["Sunita Eze", "Helsinki"], ["Diego Kovács", "Kraków"]],
        ),
        (
            '"Customer Name","Note","Amount"\n"Souza, Ana","says ""hi""; ok",30\n',
            ",",
            ["customer name", "note", "amount"],
            [["Souza, Ana", 'says ""hi""; ok', "30"]],
        ),
        (
            'name,address,city\nAna,"Rua A, 12\nApto 3",Lisboa\nBen,Main St,Leeds\n',
            ",",
            ["name", "address", "city"],
            [["Ana", "Rua A, 12\nApto 3", "Lisboa"], ["Ben", "Main St", "Leeds"]],
        ),
        (
            "name,address_2,Phone #,Amount (€),Gewicht [kg]\nAna,Apt 4,555 0101,3.50,61\n",
            ",",
            ["name", "address_2", "phone #", "amount (€)", "gewicht [kg]"],
            [["Ana", "Apt 4", "555 0101", "3.50", "61"]],
        ),
        (",name,city\n0,Ana,Lyon\n", ",", ["", "name", "city"], [["0", "Ana", "Lyon"]]),  # pandas to_csv
        ("name,city\r\nAna,Lyon\r\nBen,Nice\r\n", ",", ["name", "city"], [["Ana", "Lyon"], ["Ben", "Nice"]]),
        ("name;note,more\nAna;x,y\n", ";", ["name", "note,more"], [["Ana", "x,y"]]),  # most cells: ;
        (
            "Last, First\tEmail\nSouza, Ana\tana@globex.com\n",
            "\t",
            ["last, first", "email"],
            [["Souza, Ana", "ana@globex.com"]],
        ),  # a tie goes to the tab
        ("name;first,last\nAna,Souza\n", ",", ["name;first", "last"], [["Ana", "Souza"]]),  # ; cuts no row
    ],
)
def test_a_table_is_its_header_and_the_rows_of_the_same_shape(text, delimiter, header, rows):
    table = only_table(text)
    assert (table.delimiter, list(table.header), cell_texts(text, table)) == (delimiter, header, rows)


@pytest.mark.parametrize(
    "text, rows",
    [
        ("a,b,c\n1,2,3\n4,5\n6,7,8\n", [["1", "2", "3"]]),  # a ragged row ends the table
        ("a,b,c\n1,2,3\n4,5,6,7\n8,9,0\n", [["1", "2", "3"]]),  # so does one with more cells
        ("a,b\n1,2\n\n3,4\n", [["1", "2"]]),  # and a blank line
        ("a,b\n1,2\n  \t\n3,4\n", [["1", "2"]]),
        ("a,b\n1,2\nplain line after the table 555\n", [["1", "2"]]),
    ],
)
def test_the_first_row_of_another_shape_ends_the_table(text, rows):
    assert cell_texts(text, only_table(text)) == rows


def test_a_table_embedded_in_prose_is_found_with_its_offsets():
    text = (
        "Hi Ben,\nhere is the export you asked for:\n\n"
        "name;city;phone\nAna Souza;São Paulo;+55 11 5555 0101\n🙂 Li Wei;Lyon;+33 4 55 55 01 02\n\n"
        "Thanks, Ana\n"
    )
    table = only_table(text)
    assert table.header == ("name", "city", "phone")
    assert table.header_cells[1] == (text.index("city"), text.index("city") + len("city"))
    second = table.cells(text, table.rows[1])
    # Code-point offsets: the emoji before the name counts as one character.
    assert second[1] == (text.index("Lyon"), text.index("Lyon") + 4)
    assert table.start == text.index("Ana Souza")
    assert table.end == text.index("\n\nThanks")


@pytest.mark.parametrize(
    "text",
    [
        "just prose, with commas, nothing tabular 12345678901",
        "a;b\n",  # a header with no rows is not a table
        "1;2;3\n4;5;6\n",  # no header: cells that start with a digit are values
        "ana@globex.com,Ana\nben@globex.com,Ben\n",  # an @ makes a value
        "def fetch(session, order_id):\n    resp = session.get(url, timeout=5)\n",  # code, not a header
        "print(name, city)\nprint(a, b)\n",
        "rows[name, city]\nrows[a, b]\n",
        "x = {'name': 1, 'city': 2}\ny = {'name': 3, 'city': 4}\n",
        ",,\n1,2,3\n",  # an empty header
        "only one column\nAna\n",
    ],
)
def test_text_without_a_table(text):
    assert tables_in(text) == ()


def test_an_unterminated_quote_does_not_swallow_the_rows_below():
    text = 'name,note\n"Ana,x\nBen,y\nCid,z\n'
    assert cell_texts(text, only_table(text)) == [['"Ana', "x"], ["Ben", "y"], ["Cid", "z"]]


def test_a_quoted_cell_longer_than_the_limit_is_not_one_cell():
    long_note = "x," * MAX_QUOTED_CHARS
    text = f'name,note\nAna,"{long_note}"\nBen,y\n'
    assert read_table(text, 0) is None


def test_tables_one_after_another():
    text = "name,email\nAna,a@globex.com\n\nid;city;zip\n1;Lyon;69001\n2;Nice;06000\n"
    first, second = tables_in(text)
    assert (first.header, second.header) == (("name", "email"), ("id", "city", "zip"))
    assert cell_texts(text, second) == [["1", "Lyon", "69001"], ["2", "Nice", "06000"]]


def test_read_table_reads_the_table_under_a_given_header_line():
    text = "report\nname,city\nAna,Lyon\n"
    assert read_table(text, 0) is None
    table = read_table(text, text.index("name"))
    assert table is not None and cell_texts(text, table) == [["Ana", "Lyon"]]


CSV = "id;Name;Steuer-ID;Ort\n1;Anna Roth;12345678901;Köln\n2;Ben Ilg;98765432109;Bonn\n"


@pytest.mark.parametrize(
    "value, header",
    [("12345678901", "steuer-id"), ("98765432109", "steuer-id"), ("Bonn", "ort"), ("Anna Roth", "name")],
)
def test_a_cell_knows_its_column_header(value, header):
    assert column_header(CSV, CSV.index(value)) == header


@pytest.mark.parametrize(
    "text, needle, header",
    [
        ('name,note,ssn\n"Souza, Ana","a, b",123-45-6789\n', "123-45-6789", "ssn"),  # quoted delimiters
        ('name,ssn\nAna,"123-45-6789"\n', '"123', "ssn"),  # the opening quote belongs to its cell
        ("| name | iban |\n|---|---|\n| Ana | DE89370400440532013000 |\n", "DE89", "iban"),
        ("        name     iban\n0   Ana Souza   DE89370400440532013000\n", "DE89", "iban"),
        ("name,ssn\n\tAna ,  123-45-6789\n", "123", "ssn"),
    ],
)
def test_column_header_follows_the_reader(text, needle, header):
    assert column_header(text, text.index(needle)) == header


@pytest.mark.parametrize(
    "text, needle",
    [
        ("name,ssn\nAna,123-45-6789\n", "ssn"),  # the header row itself
        ("| name | ssn |\n|-----|-----|\n| Ana | 1 |\n", "-----|\n"),  # a rule line
        ("        name     ssn\n7   Ana Souza   123-45-6789\n", "7 "),  # a DataFrame's index
        ("name,ssn\nAna,123\n\nafter 555\n", "555"),
    ],
)
def test_no_column_header_outside_the_data_cells(text, needle):
    assert column_header(text, text.index(needle)) is None


def test_header_applies_far_below_the_header_row():
    rows = "".join(f"{i}\t{10_000_000_000 + i}\n" for i in range(2_000))
    text = "row\tssn number\n" + rows
    last = text.rindex("10000001999")
    assert column_header(text, last) == "ssn number"


# -- cells, columns and SQL inserts ----------------------------------------------------------------

PHONES_CSV = 'name,phone,age\nAnna,"+49 30 1234567",42\nBob,030 98765432,7\n'


def test_cell_at_gives_the_cell_without_quotes_and_none_outside_a_table():
    offset = PHONES_CSV.index("+49")
    assert PHONES_CSV[slice(*cell_at(PHONES_CSV, offset))] == "+49 30 1234567"
    assert PHONES_CSV[slice(*cell_at(PHONES_CSV, PHONES_CSV.index("42")))] == "42"
    assert cell_at(PHONES_CSV, PHONES_CSV.index("phone")) is None  # the header is no data cell
    assert cell_at("just prose, 42 of it", 12) is None


def test_column_cells_lists_the_column_top_to_bottom():
    cells = column_cells(PHONES_CSV, PHONES_CSV.index("030"))
    assert [PHONES_CSV[s:e] for s, e in cells] == ["+49 30 1234567", "030 98765432"]
    assert column_cells("no table here", 3) == []


SQL = (
    "INSERT INTO people (id, name, steuer_id) VALUES\n"
    "  (1, 'O''Brien, Pat', '86095742719'),\n"
    "  (2, 'Eva (HR)', '47036892816');\n"
    "INSERT INTO audit VALUES (7, now(), 'x');"
)


def test_sql_inserts_are_read_as_rows_with_their_column_list_as_header():
    first, second = sql_inserts(SQL)
    assert first.header == ("id", "name", "steuer_id")
    assert [[SQL[s:e] for s, e in row] for row in first.rows] == [
        ["1", "O''Brien, Pat", "86095742719"],  # a quoted comma and a doubled quote stay in the value
        ["2", "Eva (HR)", "47036892816"],
    ]
    assert second.header == () and [[SQL[s:e] for s, e in row] for row in second.rows] == [
        ["7", "now()", "x"]
    ]


def test_a_value_in_an_sql_insert_has_its_column_header_cell_and_column():
    offset = SQL.index("47036892816")
    assert column_header(SQL, offset) == "steuer_id"
    assert SQL[slice(*cell_at(SQL, offset))] == "47036892816"
    assert [SQL[s:e] for s, e in column_cells(SQL, offset)] == ["86095742719", "47036892816"]
    assert column_header(SQL, SQL.index("now()")) is None  # no column list


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO t (a, b) VALUES (1, 2, 3);",  # more values than columns
        "INSERT INTO t VALUES (1, 'unterminated);",
        "the values (1, 2) of x",  # no INSERT
    ],
)
def test_malformed_or_absent_inserts_yield_no_rows(text):
    assert sql_inserts(text) == ()


def test_an_equal_new_string_reads_the_same_tables_after_other_texts():
    """Tables are remembered by the string object first: an equal copy (a paste scanned again) and a
    text pushed out by others are still read right."""
    text = "name,phone\nAnna,+49 30 1234567\nBen,+44 20 7183 0958\n"
    first = tables_in(text)
    for i in range(10):
        tables_in(f"id;n\n{i};x\n")
    copy = "".join(list(text))
    assert copy is not text
    assert tables_in(copy) == first and [t.header for t in first] == [("name", "phone")]


def test_tables_are_remembered_per_thread_without_mixing_texts():
    import threading

    texts = [f"col_a,col_b\n{i},x\n{i + 1},y\n" for i in range(4)]
    wrong: list[int] = []

    def read(i: int) -> None:
        for _ in range(200):
            (table,) = tables_in(texts[i])
            if texts[i][table.start : table.end] != texts[i][12:].rstrip("\n"):
                wrong.append(i)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_cell_stretches_cover_table_rows_and_insert_rows_in_text_order():
    text = (
        "intro 12345 line\nid,mrn\n1,A-12345\n2,B-67890\n\n"
        "INSERT INTO p (id, mrn) VALUES (1, 'C-11111'), (2, 'D-22222');\nafter 99999\n"
    )
    stretches = cell_stretches(text)
    assert [text[s:e] for s, e in stretches] == [
        "1,A-12345\n2,B-67890",
        "(1, 'C-11111'), (2, 'D-22222')",
    ]


@pytest.mark.parametrize(
    "pattern",
    [r"(?<![\w-])[A-Z]{0,3}-?\d[\d-]{2,14}\d(?![\w-])", r"\d(?<![\w/+-].)\d{4}(?![\w-]|\.\d)"],
)
def test_matches_in_stretches_are_the_whole_text_matches_that_start_there(pattern):
    import re

    rx = re.compile(pattern)
    text = (
        "x 12345 y\nid;code\n1;AB-12345\n2;77777-1\n3;4444\n"
        "VALUES (9, '55555'), (10, 'Q-123456');12345\nend 67890"
    )
    stretches = cell_stretches(text)
    expected = [m.span() for m in rx.finditer(text) if any(s <= m.start() < e for s, e in stretches)]
    assert expected
    assert [m.span() for m in matches_in(rx, text, stretches)] == expected


# -- wiki markup -----------------------------------------------------------------------------------

ROTA = """Convert this MediaWiki table to Markdown:

{| class="wikitable"
! Week !! Primary !! Phone !! Backup
|-
| W48 || Dmytro Petrenko || +1 (204) 380 5968 || Karim
|-
| W49 || Thanh Pham || +1 208-700-2300 || Amina
|}
Thanks
"""


def test_a_mediawiki_table_is_read_with_inline_cells():
    table = only_table(ROTA)
    assert (table.delimiter, table.header) == (MEDIAWIKI, ("week", "primary", "phone", "backup"))
    assert [ROTA[s:e] for s, e in table.header_cells] == ["Week", "Primary", "Phone", "Backup"]
    assert cell_texts(ROTA, table) == [
        ["W48", "Dmytro Petrenko", "+1 (204) 380 5968", "Karim"],
        ["W49", "Thanh Pham", "+1 208-700-2300", "Amina"],
    ]
    assert ROTA[table.start : table.end] == ROTA[ROTA.index("| W48") : ROTA.index("\n|}")]


@pytest.mark.parametrize(
    "needle, header, cell",
    [
        ("Thanh", "primary", "Thanh Pham"),
        ("+1 208", "phone", "+1 208-700-2300"),
        ("| W49", "week", "W49"),  # a row's opening mark belongs to its first cell
        ("|| Thanh", "primary", "Thanh Pham"),  # a separator, to the cell after it
        (" || Amina", "phone", "+1 208-700-2300"),  # padding, to the cell before it
    ],
)
def test_a_mediawiki_cell_knows_its_column_header(needle, header, cell):
    offset = ROTA.index(needle)
    assert column_header(ROTA, offset) == header
    assert ROTA[slice(*cell_at(ROTA, offset))] == cell


@pytest.mark.parametrize("needle", ["! Week", "Primary", "|-\n| W49", "|}", "Thanks", "class"])
def test_no_column_header_outside_mediawiki_data_cells(needle):
    assert column_header(ROTA, ROTA.index(needle)) is None


ONE_PER_LINE = """  {| class="wikitable sortable"
|+ On call, December
|-
! scope="col" | Name
! scope="col" style="width: 30%" | '''Phone'''
! City
|-
| style="color: red" | [[Ana Souza|Ana]]
|
 +49 30 1234567
 ext. 12
| Berlin
|-
| colspan="3" | ''Holidays''
|-
! Ben Ilg
| +44 20 7183 0958 || Leeds
|-
! Q1 !! Q2 !! Q3
|}
"""


def test_a_mediawiki_table_with_a_cell_a_line_attributes_and_cells_over_lines():
    table = only_table(ONE_PER_LINE)
    assert table.header == ("name", "phone", "city")  # bold markup is no part of a name
    # A cell spanning columns has no column, and a row of header cells only is a heading: no rows.
    assert cell_texts(ONE_PER_LINE, table) == [
        ["[[Ana Souza|Ana]]", "+49 30 1234567\n ext. 12", "Berlin"],
        ["Ben Ilg", "+44 20 7183 0958", "Leeds"],  # a row header is the row's first cell
    ]
    assert column_header(ONE_PER_LINE, ONE_PER_LINE.index("ext.")) == "phone"
    assert column_header(ONE_PER_LINE, ONE_PER_LINE.index("color")) == "name"  # attributes: their cell's
    leeds = ONE_PER_LINE.index("Leeds")
    assert [ONE_PER_LINE[s:e] for s, e in column_cells(ONE_PER_LINE, leeds)] == ["Berlin", "Leeds"]


@pytest.mark.parametrize(
    "text",
    [
        "{|\n| W48 || Ana Souza\n|-\n| W49 || Ben Ilg\n|}\n",  # no header row
        "{| class=wikitable\n! Name !! Phone\n|}\n",  # no data row
        "{|\n! Name !! Phone\n|-\n| Ana || 1 || 2\n|}\n",  # no row of the header's shape
        "let f = {|x| x + 1};\n{|y| y}\n| a || b\n",  # code
        "{| class=wikitable\n\nplain prose\n! Name !! Phone\n|-\n| Ana || 1\n|}\n",
        "x {|\n! Name !! Phone\n|-\n| Ana || 1\n|}\n",  # `{|` after text opens no table
    ],
)
def test_mediawiki_markup_without_a_table(text):
    assert tables_in(text) == ()


def test_a_mediawiki_table_cut_short_ends_at_a_blank_line_before_prose():
    text = "{|\n! Name !! Phone\n|-\n| Ana Souza || +49 30 1234567\n\nThanks, Ben 555 0101\n"
    assert cell_texts(text, only_table(text)) == [["Ana Souza", "+49 30 1234567"]]
    assert column_header(text, text.index("555")) is None


def test_a_nested_mediawiki_table_is_read_on_its_own():
    text = "{|\n! Team !! Members\n|-\n| Sales ||\n{|\n! Name !! City\n|-\n| Ana || Lyon\n|}\n|}\n"
    outer, inner = tables_in(text)  # the outer table is read up to the nested one
    assert cell_texts(text, outer) == [["Sales", ""]]
    assert inner.header == ("name", "city") and cell_texts(text, inner) == [["Ana", "Lyon"]]


def test_mediawiki_tables_among_other_tables_in_text_order():
    text = "id,city\n1,Lyon\n\n   {|\n! Name !! Phone\n|-\n| Ana || 555 0101\n|}\nname;zip\nBen;69001\n"
    tables = tables_in(text)
    assert [t.header for t in tables] == [("id", "city"), ("name", "phone"), ("name", "zip")]
    assert [text[s:e] for s, e in cell_stretches(text)] == ["1,Lyon", "| Ana || 555 0101", "Ben;69001"]
    assert read_table(text, text.index("   {|")) == tables[1]


CONFLUENCE = (
    "Contacts:\n||Name||Phone||City||\n|Ana Souza|+44 20 7183 0958|Leeds|\n| Ben Ilg | 030 98765432 | |\n"
)


def test_a_confluence_table_has_its_header_between_double_pipes():
    table = only_table(CONFLUENCE)
    assert (table.delimiter, table.header) == ("|", ("name", "phone", "city"))
    assert [CONFLUENCE[s:e] for s, e in table.header_cells] == ["Name", "Phone", "City"]
    assert cell_texts(CONFLUENCE, table) == [
        ["Ana Souza", "+44 20 7183 0958", "Leeds"],
        ["Ben Ilg", "030 98765432", ""],
    ]
    assert column_header(CONFLUENCE, CONFLUENCE.index("030")) == "phone"
    assert read_table(CONFLUENCE, CONFLUENCE.index("||Name")) == table


@pytest.mark.parametrize(
    "text",
    [
        "||Name||\n|Ana|\n",  # one column
        "|| Name || Phone ||\n|Ana|1|2|\n",  # no row of the header's shape
        "if a || b || c\nx | y\n",  # code: no header
    ],
)
def test_double_pipes_without_a_confluence_table(text):
    assert tables_in(text) == ()


def test_a_markdown_header_with_an_empty_first_column_stays_markdown():
    text = "|| Name | Phone |\n|---|---|---|\n| 1 | Ana | 555 |\n"
    table = only_table(text)
    assert table.header == ("", "name", "phone") and cell_texts(text, table) == [["1", "Ana", "555"]]
