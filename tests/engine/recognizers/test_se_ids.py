from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.se_ids import SePersonnummerRecognizer
from tests.conftest import spans


def find(text):
    return spans(SePersonnummerRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Personnummer: 811218-9876", "811218-9876"),
        ("personnummer 19811218-9876", "19811218-9876"),
        ("Samordningsnummer 811278-9873", "811278-9873"),
        ("personnummer 8112189876", "8112189876"),
    ],
)
def test_personnummer_next_to_its_label_is_found(text, value):
    assert find(text) == [("SE_PERSONNUMMER", value)]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",  # no label
        "Ring 0701234567",  # a phone number
        "personnummer 811218-9877",  # Luhn fails
        "personnummer 811318-9876",  # month 13
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
