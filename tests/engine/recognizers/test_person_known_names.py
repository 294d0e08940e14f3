from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_known_names import PersonKnownNameRecognizer
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonKnownNameRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kurz: Elif Demir ist ab Montag im Urlaub", ["Elif Demir"]),
        ("| Ngozi Adeyemi | Lagos | 3 |", ["Ngozi Adeyemi"]),
        ("soy Lucía Navarro Gil y vivo en Sevilla", ["Lucía Navarro Gil"]),
    ],
)
def test_a_known_first_name_and_surname_are_found_anywhere(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please pay to: Sierra Madre Logistics",  # a company: the run does not end with the name
        "Menu: Caesar Salad, Chicken Tikka, Beef Stroganoff",
        "Flights to Santa Cruz and Costa Rica",
        "Windows Server and Google Chrome",
    ],
)
def test_companies_dishes_places_and_products_are_not(text):
    assert names(text) == []
