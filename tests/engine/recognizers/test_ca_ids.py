from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.ca_ids import CaSinRecognizer
from tests.conftest import spans


def find(text):
    return spans(CaSinRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Social Insurance Number: 480 184 514", "480 184 514"),
        ("SIN: 132-677-360", "132-677-360"),
        ("Numéro d'assurance sociale 500978820", "500978820"),
        ("SIN 480 184 514", "480 184 514"),  # the bare capitalised abbreviation
        ("employee SIN # 132-677-360", "132-677-360"),
    ],
)
def test_sin_next_to_its_label_is_found(text, value):
    assert find(text) == [("CA_SIN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "480 184 514",  # no label
        "using 480184514 as the seed",  # 'sin' inside a word is no label (presidio's context word)
        "SIN: 480 184 515",  # Luhn fails
        "SIN: 880 184 510",  # 8 is never issued
        "SIN: 480 184-514",  # mixed separators
        "sin 480 184 514",  # lowercase 'sin' is a word (Spanish 'without'), not the label
        "COSIN 480 184 514",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def test_the_textbook_sin_is_set_aside_by_the_engine_as_a_known_test_value(pattern_engine):
    result = pattern_engine.scan("SIN 046 454 286")
    assert result.findings == () and result.known_test_values == ("ID number example",)


def test_sin_inside_an_xml_element_is_found():
    text = "<Employee>\n  <Name>Ann Lee</Name>\n  <SIN>480 184 514</SIN>\n</Employee>"
    assert find(text) == [("CA_SIN", "480 184 514")]


def test_sins_in_a_column_headed_sin_are_found():
    text = "Name,SIN,Province\nAnn Lee,480 184 514,MB\nBo Chan,132-677-360,NS\n"
    assert find(text) == [("CA_SIN", "480 184 514"), ("CA_SIN", "132-677-360")]


def test_a_payroll_tax_id_column_gives_its_sins():
    text = "emp_no\tname\ttax_id\tgross\nE1\tLee, Ann\t480-184-514\t56.0\nE2\tChan, Bo\t132 677 360\t10.0\n"
    assert find(text) == [("CA_SIN", "480-184-514"), ("CA_SIN", "132 677 360")]


def test_a_sin_column_does_not_vouch_for_a_number_failing_luhn():
    assert find("Name,SIN\nAnn Lee,480 184 515\n") == []


def test_a_sin_in_a_two_column_table_row():
    assert find("Surname | Rakotomalala\nSIN | 799 803 440\nHome address | x") == [("CA_SIN", "799 803 440")]
