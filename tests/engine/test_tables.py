from __future__ import annotations

import pytest

from dlpguard.engine.tables import column_header, tables_in

CSV = "id;Name;Steuer-ID;Ort\n1;Anna Roth;12345678901;Köln\n2;Ben Ilg;98765432109;Bonn\n"


@pytest.mark.parametrize(
    "value, header",
    [("12345678901", "steuer-id"), ("98765432109", "steuer-id"), ("Bonn", "ort"), ("Anna Roth", "name")],
)
def test_a_cell_knows_its_column_header(value, header):
    assert column_header(CSV, CSV.index(value)) == header


def test_header_applies_far_below_the_header_row():
    rows = "".join(f"{i}\t{10_000_000_000 + i}\n" for i in range(2_000))
    text = "row\tssn number\n" + rows
    last = text.rindex("10000001999")
    assert column_header(text, last) == "ssn number"


@pytest.mark.parametrize(
    "text",
    [
        "just prose, with commas, nothing tabular 12345678901",
        "a;b\n",  # a header with no rows is not a table
        "1;2;3\n4;5;6\n",  # no digit-free header row
    ],
)
def test_no_table_no_header(text):
    assert column_header(text, len(text) - 3) is None


def test_a_row_with_another_shape_ends_the_table():
    text = "name,phone\nAna,1\nBen,2\nplain line after the table 555\n"
    (table,) = tables_in(text)
    assert table.header == ("name", "phone")
    assert column_header(text, text.index("555")) is None


def test_tab_separated_table_is_found_before_commas_inside_cells():
    text = "name\tnote\nAna\tcalls, emails\n"
    assert column_header(text, text.index("calls")) == "note"
