from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.pl_ids import PlPeselRecognizer
from tests.conftest import spans


def find(text):
    return spans(PlPeselRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [("PESEL: 44051401359", "44051401359"), ("nr PESEL 03810352394 (ur. 2003)", "03810352394")],
)
def test_pesel_next_to_its_label_is_found(text, value):
    assert find(text) == [("PL_PESEL", value)]


@pytest.mark.parametrize(
    "text",
    [
        "44051401359",  # no label: one random 11-digit number in fifty passes
        "PESEL: 44051401358",  # check digit wrong
        "PESEL: 44131401350",  # month 13
        "PESEL: 1715044051401359",  # inside a longer run (presidio's pattern would match here)
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
