"""Passenger names in airline form, "SURNAME/GIVEN MR" (recognizers/person_travel_names.py)."""

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_travel_names import PersonTravelNameRecognizer


def find(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PersonTravelNameRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Passenger: LEFÈVRE/QUENTIN MR\nPassport: 242277611", ["LEFÈVRE", "QUENTIN"]),
        ("1. WATANABE/KENJI MR   seat 14C", ["WATANABE", "KENJI"]),
        ("Name: DE LA CRUZ/MARIA ELENA MRS", ["DE LA CRUZ", "MARIA ELENA"]),
        ("Pasajero: OKAFOR/CHIDI", ["OKAFOR", "CHIDI"]),  # a label and a known name, no title
    ],
)
def test_surname_and_given_names_are_two_findings(text, names):
    assert find(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Supports TCP/IP and AND/OR logic in CI/CD",
        "Name: TCP/IP stack",
        "Name: UTF/ASCII conversion",
        "Flight ZRH/LHR MR",  # airport codes
        "Status: OPEN/CLOSED",
        "WOLKE/BLAU",  # no title, no label
    ],
)
def test_acronym_pairs_and_codes_are_not_passengers(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, names",
    [
        ("Pasajero: ORTIZ/CAMILA SR", ["ORTIZ", "CAMILA"]),
        ("Passenger: FERRI/DRAGAN MR", ["FERRI", "DRAGAN"]),  # "ferri" is an Italian word: the title says
    ],
)
def test_spanish_titles_and_word_surnames_with_a_title_are_passengers(text, names):
    assert find(text) == names
