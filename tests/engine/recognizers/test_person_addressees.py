from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_addressees import PersonAddresseeRecognizer


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PersonAddresseeRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Finanzamt München\nJOHANNA POHL\nKastanienallee 41b\n02621 Bautzen\n", ["JOHANNA POHL"]),
        ("CV:\n\nBaptiste LEROY\n137 rue Pasteur, 30100 ALÈS\n06 96 53 74 41", ["Baptiste LEROY"]),
        ("SHIP TO:\nFERNANDO TESFAYE\n76 ELM STREET\nDUNDEE\nMW11 3NR", ["FERNANDO TESFAYE"]),
    ],
)
def test_a_full_name_on_the_line_above_an_address_is_its_addressee(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Visit us:\nAcme Logistics\n12 Harbour Road, Leeds LS1 4AB",  # a company
        "Jana Berg\nwill call you tomorrow about the invoice",  # no address below
        "Customer Support\n12 Harbour Road, Leeds LS1 4AB",  # ordinary words
    ],
)
def test_companies_teams_and_names_above_other_lines_are_not_addressees(text):
    assert names(text) == []


def test_a_name_above_a_labelled_address_is_its_addressee():
    text = "CV:\n\nFEDERICA GUERRINI\nIndirizzo: Via XX Settembre 166, 24157 Bergamo (BG)"
    assert names(text) == ["FEDERICA GUERRINI"]
