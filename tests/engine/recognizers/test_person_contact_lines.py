from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_contact_lines import PersonContactLineRecognizer
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonContactLineRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On call\nWeek 1: Kwame Mensah – +44 7700 900123\nWeek 2: Ingrid Larsen – 0171/5550101",
         ["Kwame Mensah", "Ingrid Larsen"]),
        ("- **Tomás Herrera** — [tomas@example.es](mailto:tomas@example.es)", ["Tomás Herrera"]),
        ("Sunita Rao, sunita.rao@example.in", ["Sunita Rao"]),
    ],
)  # fmt: skip
def test_a_name_heading_a_phone_or_mail_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Customer Support – 0800 123 456", "Head Office: +44 20 7946 0000", "Ticket 2024-01-02: 12345678"],
)
def test_teams_and_offices_heading_a_number_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ('between Acme GmbH ("Company") and Ingrid Larsen, residing at 12 Mill Road', ["Ingrid Larsen"]),
        ("Chiara Rinaldi, nata a Roma il 1/2/1980", ["Chiara Rinaldi"]),
        ("Lebenslauf\n\nNikos Antonopoulos\nMühlweg 3", ["Nikos Antonopoulos"]),
    ],
)
def test_a_party_before_where_they_live_and_the_name_heading_a_cv_are_found(text, expected):
    assert names(text) == expected


def test_a_company_before_where_it_sits_is_not_a_name():
    assert names("The Company, residing at 1 Main Street") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Betreff: Okonkwo, Emeka, geb. 23. Mai 1963, Fall-Nr. PID-710760", ["Okonkwo, Emeka"]),
        ("Patient: Ana Souza, DOB 1990-01-02", ["Ana Souza"]),
        ("Frau Dr. Anna Berg, geboren am 1.2.1990", ["Anna Berg"]),  # the titles are no part of the name
    ],
)
def test_a_name_before_a_date_of_birth_abbreviation_is_found(text, expected):
    assert names(text) == expected
