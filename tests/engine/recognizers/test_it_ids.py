from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.it_ids import ItFiscalCodeRecognizer, ItIdentityCardRecognizer
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


def find_id_card(text):
    return spans(ItIdentityCardRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Documento: carta d'identità n. CA12345BD, rilasciata dal Comune", "CA12345BD"),
        ("Carta di identità AX 1234567", "AX 1234567"),
        ("CIE: CB98765ZZ", "CB98765ZZ"),
    ],
)
def test_identity_card_numbers_beside_their_label_are_found(text, value):
    assert find_id_card(text) == [("IT_IDENTITY_CARD", value)]


@pytest.mark.parametrize("text", ["CA12345BD", "Ordine CA12345BD spedito", "carta d'identità n. CA1234BD"])
def test_identity_card_without_label_or_shape_is_ignored(text):
    assert find_id_card(text) == []
