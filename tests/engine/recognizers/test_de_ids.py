from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.de_ids import (
    DeIdCardRecognizer,
    DeTaxIdRecognizer,
    DeTaxIdUnformattedRecognizer,
)
from tests.conftest import spans


def find(text, detectors=(DeTaxIdRecognizer, DeTaxIdUnformattedRecognizer)):
    return spans([f for cls in detectors for f in cls().find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meine Steuer-ID lautet 86 095 742 719.", "86 095 742 719"),
        ("Steueridentifikationsnummer: 86095742719", "86095742719"),
        ("IdNr 29387005162 laut Bescheid", "29387005162"),
        ("Ihre steuerliche Identifikationsnummer 83 059 736 424", "83 059 736 424"),
        ("tax ID (Germany): 58388217648", "58388217648"),
        ("name;steuer_id\nMüller;64 085 721 696\n", "64 085 721 696"),
    ],
)
def test_tax_ids_are_found(text, value):
    assert find(text) == [("DE_TAX_ID", value)]


@pytest.mark.parametrize(
    "text",
    [
        "86095742719",  # plain digits need a label
        "Steuer-ID 86095742718",  # check digit wrong
        "Steuer-ID 48352160978",  # ten distinct leading digits: presidio accepts it, the BZSt never issues it
        "Steuer-ID 11123456786",  # a digit three times in a row
        "Steuer-ID 06095742719",  # leading zero
        "86 095 742 718",
        "1 86 095 742 719",  # part of a longer run of groups
        "Steuer-ID 860957427190",
        "Telefon +49 86095742719",
    ],
)
def test_tax_id_near_misses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Personalausweis-Nr.: L01X00T47", "L01X00T47"),
        ("Ausweisnummer T22000129", "T22000129"),
        ("ID card number CZ6311T47", "CZ6311T47"),
    ],
)
def test_id_card_numbers_next_to_their_label_are_found(text, value):
    assert find(text, (DeIdCardRecognizer,)) == [("DE_ID_CARD", value)]


@pytest.mark.parametrize(
    "text",
    [
        "L01X00T47",  # no label
        "Ausweisnummer LA1X00T47",  # A is not in the card alphabet
        "Ausweisnummer LZXCVBNMT",  # no digit at all
        "Ausweisnummer L01X00T4",  # eight characters
    ],
)
def test_id_card_near_misses_are_ignored(text):
    assert find(text, (DeIdCardRecognizer,)) == []
