from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.be_ids import BeNationalNumberPlainRecognizer, BeNationalNumberRecognizer
from tests.conftest import spans


def find(text):
    detectors = (BeNationalNumberRecognizer(), BeNationalNumberPlainRecognizer())
    return spans([f for d in detectors for f in d.find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("90.04.15-123.16", "90.04.15-123.16"),  # the printed form, alone
        ("Rijksregisternummer: 90041512316", "90041512316"),
        ("Numéro national 02030145662", "02030145662"),  # born in 2002: the check counts a leading 2
    ],
)
def test_national_numbers_are_found(text, value):
    assert find(text) == [("BE_NATIONAL_NUMBER", value)]


@pytest.mark.parametrize("text", ["90.04.15-123.17", "90041512316", "Rijksregisternummer: 90041512317"])
def test_near_misses_are_ignored(text):
    assert find(text) == []
