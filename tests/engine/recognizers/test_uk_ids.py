from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.uk_ids import UkNhsRecognizer, UkNinoRecognizer
from tests.conftest import spans


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("National Insurance number: JG 12 34 56 C", "JG 12 34 56 C"),
        ("NINO,name\nJH123456A,John Hay\n", "JH123456A"),
        ('{"ni_number": "AB 123456 D"}', "AB 123456 D"),
        ("Her NI number is PE 77 12 09 B.", "PE 77 12 09 B"),
        ("Sozialversicherungsnummer (UK): ZY123456C", "ZY123456C"),
    ],
)
def test_ninos_are_found(text, value):
    assert find(UkNinoRecognizer, text) == [("UK_NINO", value)]


@pytest.mark.parametrize(
    "text",
    [
        "QQ 12 34 56 C",  # HMRC's specimen: Q never starts a NINO
        "DA123456C",  # nor does D
        "FA123456C",
        "QU123456C",  # U never second
        "AO123456C",  # O never second
        "BG123456C",  # administrative prefixes never issued
        "GB123456C",
        "NK123456C",
        "TN123456C",
        "ZZ123456C",
        "JH123456E",  # suffix beyond D
        "JH12345A",  # five digits
        "jh123456a",  # lower case
        "XJH123456A",  # glued to a word
        "JH 12 3456 A",  # pairs spaced inconsistently
    ],
)
def test_nino_near_misses_are_ignored(text):
    assert find(UkNinoRecognizer, text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("NHS number: 943 476 5919", "943 476 5919"),
        ("nhs_no=9434765919", "9434765919"),
        ("Patient (NHS 401-023-2137) was discharged", "401-023-2137"),
    ],
)
def test_nhs_numbers_next_to_their_label_are_found(text, value):
    assert find(UkNhsRecognizer, text) == [("UK_NHS", value)]


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5919",  # no label
        "NHS number: 943 476 5918",  # mod 11 fails
        "NHS number: 943 476-5919",  # mixed separators
        "NHS trust phone 0943476591",
    ],
)
def test_nhs_near_misses_are_ignored(text):
    assert find(UkNhsRecognizer, text) == []
