from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.za_ids import ZaIdNumberRecognizer
from tests.conftest import spans


def find(text):
    return spans(ZaIdNumberRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("My South African ID is 9202201234088.", "9202201234088"),
        ("RSA ID: 0002294321191", "0002294321191"),
        ("ID number 800101 5009 087", "800101 5009 087"),
    ],
)
def test_za_ids_next_to_their_label_are_found(text, value):
    assert find(text) == [("ZA_ID_NUMBER", value)]


@pytest.mark.parametrize(
    "text",
    [
        "8001015009087",  # no label
        "ID number 8001015009086",  # Luhn fails
        "ID number 9913326789285",  # month 13
        "ID number 8001015009377",  # citizenship digit 3
        "ID number 80010150090870",  # longer run
    ],
)
def test_za_id_near_misses_are_ignored(text):
    assert find(text) == []
