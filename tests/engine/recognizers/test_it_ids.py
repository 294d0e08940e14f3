from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.it_ids import ItFiscalCodeRecognizer
from tests.conftest import spans


def find(text):
    return spans(ItFiscalCodeRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Codice fiscale: RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("nome;cf\nMario Rossi;RSSMRA85T10A562S\n", "RSSMRA85T10A562S"),
        ("Steuernummer (Italien) RSSMRA85T10A562S.", "RSSMRA85T10A562S"),
        ("omocodia: RSSMRA85T10A56NH", "RSSMRA85T10A56NH"),  # a digit replaced by its letter
    ],
)
def test_fiscal_codes_are_found(text, value):
    assert find(text) == [("IT_FISCAL_CODE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "RSSMRA85T10A562T",  # check letter wrong: presidio would still report it at low score
        "RSSMRA85T99A562S",  # day 99
        "rssmra85t10a562s",  # lower case
        "XRSSMRA85T10A562S",  # glued to a word
        "ABCDEFGHIJKLMNOP",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
