from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.fr_ids import FrNirRecognizer, FrPassportRecognizer
from tests.conftest import spans


def find(text):
    return spans(FrNirRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mon numéro de sécurité sociale est le 2 55 08 14 168 025 38.", "2 55 08 14 168 025 38"),
        ("NIR : 255081416802538", "255081416802538"),
        ("n° de sécu 2550814168025 38", "2550814168025 38"),
        ("nom;nir\nDupont;178059933010817\n", "178059933010817"),
        ("Né en Corse, INSEE 2 10 07 2A 346 383 80", "2 10 07 2A 346 383 80"),
        ("Sozialversicherungsnummer (Frankreich): 287084720138809", "287084720138809"),
    ],
)
def test_nirs_are_found(text, value):
    assert find(text) == [("FR_NIR", value)]


@pytest.mark.parametrize(
    "text",
    [
        "255081416802539",  # key wrong
        "2 55 08 14 168 025 39",
        "1 85 05 78 006 084 36",  # key should be 91
        "255131416802538",  # month 13
        "555081416802538",  # no sex digit 5
        "255081416800038",  # order 000
        "2255081416802538",  # inside a longer run
        "2 55 08 14 168 025 38 12",
        "IMEI 355081416802538",
        "2 55 08-14 168 025 38",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def find_passport(text):
    return spans(FrPassportRecognizer().find(text, text.lower()), text)


def test_passport_number_beside_its_label_is_found():
    assert find_passport("Pièce d'identité : passeport 07AB12345.") == [("FR_PASSPORT", "07AB12345")]


@pytest.mark.parametrize("text", ["07AB12345", "passeport 07AB1234", "réf. 07AB12345 du dossier"])
def test_passport_without_label_or_shape_is_ignored(text):
    assert find_passport(text) == []
