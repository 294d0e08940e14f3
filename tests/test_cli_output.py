from __future__ import annotations

import pytest

from dlpguard.cli_output import (
    Tally,
    highlight,
    ignored_dicts,
    ignored_notes,
    model_warning,
    summary,
    terminal_safe,
)
from dlpguard.engine.types import Category, Finding, ModelStatus

NER = ModelStatus("en_core_web_sm", "3.8.0", loaded=True, verified=True, mode="ner")
MISSING = ModelStatus(None, None, loaded=False, verified=False, mode="pattern-only", reason="no manifest")


def f(entity, category, start, end):
    return Finding(entity, category, start, end, 0.9, "t")


def test_plain_highlight_brackets_each_finding():
    text = "key SECRETVALUE for Ann"
    out = highlight(
        text, [f("AWS", Category.SECRET, 4, 15), f("PERSON", Category.PERSON, 20, 23)], colour=False
    )
    assert out == "key ⟦SECRET:AWS SECRETVALUE⟧ for ⟦PERSON:PERSON Ann⟧"


def test_colour_highlight_colours_each_line_of_a_multiline_value_separately():
    text = "-----BEGIN-----\nabc\n-----END-----"
    out = highlight(text, [f("PRIVATE_KEY", Category.SECRET, 0, len(text))], colour=True)
    lines = out.split("\n")
    assert len(lines) == 3
    assert all(line.startswith("\x1b[1;41;97m") and "\x1b[0m" in line for line in lines)


def test_overlapping_findings_are_not_spliced_into_each_other():
    out = highlight("abcdef", [f("A", Category.SECRET, 0, 4), f("B", Category.SECRET, 2, 6)], colour=False)
    assert out == "⟦SECRET:A abcd⟧ef"


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("\x1b[31m", "␛[31m"),
        ("bell\x07", "bell␇"),
        ("tab\tnewline\nok\r\n", "tab\tnewline\nok\r\n"),
        ("\x9b", "\\x9b"),
        ("\u202eevil", "\\u202eevil"),
        ("🎉 ünïcödé", "🎉 ünïcödé"),
    ],
)
def test_terminal_safe(raw, shown):
    assert terminal_safe(raw) == shown


def test_summary_counts_by_category_most_harmful_first():
    tally = Tally()
    tally.add([f("PERSON", Category.PERSON, 0, 1), f("AWS_ACCESS_KEY", Category.SECRET, 0, 1)])
    tally.add([f("JWT", Category.SECRET, 0, 1), f("PERSON", Category.PERSON, 0, 1)])
    lines = summary(tally, 1234, NER, ["a note"]).splitlines()
    assert lines[0] == "dlpguard: 4 findings in 1,234 characters (model: ner, en_core_web_sm 3.8.0)"
    assert lines[1].split() == ["secret", "2", "AWS_ACCESS_KEY", "1,", "JWT", "1"]
    assert lines[2].split() == ["person", "2", "PERSON", "2"]
    assert lines[3] == "note: a note"


def test_summary_without_findings():
    assert (
        summary(Tally(), 5, MISSING)
        == "dlpguard: no findings in 5 characters (model: pattern-only: no manifest)"
    )


def test_model_warning_only_when_ner_is_missing():
    assert model_warning(NER) is None
    assert model_warning(MISSING) == (
        "dlpguard: warning: NER model unavailable (no manifest): names and places are not detected"
    )


def test_no_test_values_no_note():
    assert ignored_notes(()) == [] and ignored_dicts(()) == []


def test_test_values_are_counted_by_kind_most_common_first():
    kinds = ("IBAN example", "card test number", "card test number")
    assert ignored_notes(kinds) == [
        "known_test_value: Ignored: 3 known test values (e.g. card test number); not findings, no action"
    ]
    assert ignored_dicts(kinds) == [
        {"note": "known_test_value", "kind": "card test number", "count": 2},
        {"note": "known_test_value", "kind": "IBAN example", "count": 1},
    ]
