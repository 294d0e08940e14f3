from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.tr_ids import TrNationalIdRecognizer
from tests.conftest import spans


def find(text):
    return spans(TrNationalIdRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [("TC Kimlik No: 10000000146", "10000000146"), ("T.C. kimlik numarası 10000000146", "10000000146")],
)
def test_turkish_ids_next_to_their_label_are_found(text, value):
    assert find(text) == [("TR_NATIONAL_ID", value)]


@pytest.mark.parametrize(
    "text",
    [
        "10000000146",  # no label
        "order 10000000146",
        "TC Kimlik No: 10000000147",  # second check digit fails
        "TC Kimlik No: 10000000156",  # first check digit fails
        "TC Kimlik No: 01000000146",  # leading zero
    ],
)
def test_turkish_id_near_misses_are_ignored(text):
    assert find(text) == []
