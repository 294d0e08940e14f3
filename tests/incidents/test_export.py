from __future__ import annotations

import csv
import io
import json

import pytest

from dlpguard.engine.types import Action, UserDecision
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
