from __future__ import annotations

import csv
import io
import json

import pytest

from dlpguard.engine.types import Action, UserDecision
from dlpguard.errors import IncidentLogError
from dlpguard.incidents.export import CSV_COLUMNS, ExportFormat, csv_safe, write_export
from dlpguard.incidents.queries import IncidentFilter
from tests.incidents.conftest import make_incident


@pytest.mark.parametrize(
    "cell, written",
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("needed for ticket 42", "needed for ticket 42"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells_that_would_run_as_formulas_are_quoted(cell, written):
    assert csv_safe(cell) == written


@pytest.fixture
def reviewed_log(store):
    for i in range(6):
        store.append(make_incident(i))
    first = store.page(limit=1, descending=False).items[0]
    store.record_decision(first.id, UserDecision.SEND_ANYWAY, "=cmd|' /C calc'!A0")
    store.mark_reviewed(first.id, "@reviewed", reviewer="rev")
    return store


def test_csv_export_round_trips_and_escapes_people_typed_text(reviewed_log):
    out = io.StringIO()
    count = write_export(reviewed_log.iter_all(), out, ExportFormat.CSV)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == 6
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["justification"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["review_note"] == "'@reviewed"
    assert rows[0]["decision"] == "send_anyway"
    assert rows[1]["categories"] == "contact:1;financial:1;secret:1"
    assert rows[1]["previews"] == "sk-proj-…3hJd;•••• 6085;m•••@northwind-example.com"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_jsonl_export_of_a_filtered_view(reviewed_log):
    out = io.StringIO()
    flt = IncidentFilter(action=Action.WARN)
    count = write_export(reviewed_log.iter_all(flt), out, ExportFormat.JSONL)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(lines) == reviewed_log.count(flt) == 2
    assert {line["action"] for line in lines} == {"warn"}
    assert lines[0]["review"]["note"] == "@reviewed"  # JSON needs no formula escaping
    assert lines[0]["chain"]["seq"] == 1


def _read_csv(text: str) -> list[tuple[str, str, int, str]]:
    rows = csv.DictReader(io.StringIO(text))
    return [(r["id"], r["decision"], int(r["chain_seq"]), r["chain_hash"]) for r in rows]


def _read_jsonl(text: str) -> list[tuple[str, str, int, str]]:
    lines = [json.loads(line) for line in text.splitlines()]
    return [(d["id"], d["decision"], d["chain"]["seq"], d["chain"]["hash"]) for d in lines]


# How each format reads back; a format added to the table without a reader here fails the tests below.
READERS = {ExportFormat.CSV: _read_csv, ExportFormat.JSONL: _read_jsonl}


def test_every_registered_format_has_a_reader_here():
    assert set(READERS) == set(ExportFormat)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_round_trips_the_log_by_name(reviewed_log, fmt):
    out = io.StringIO()
    count = write_export(reviewed_log.iter_all(), out, fmt.value)  # by name, as the CLI passes it
    expected = [(i.id, i.decision.value, i.seq, i.hash) for i in reviewed_log.iter_all()]
    assert count == len(expected) == 6
    assert READERS[fmt](out.getvalue()) == expected


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_has_its_own_suffix_and_label(fmt):
    assert fmt.suffix and not fmt.suffix.startswith(".") and fmt.label
    assert [f.suffix for f in ExportFormat].count(fmt.suffix) == 1


def test_an_unknown_format_is_an_error_naming_it_and_the_known_ones(reviewed_log):
    out = io.StringIO()
    with pytest.raises(IncidentLogError, match=r"'xlsx'.*csv, jsonl"):
        write_export(reviewed_log.iter_all(), out, "xlsx")
    assert out.getvalue() == ""
