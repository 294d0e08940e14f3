from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.sg_ids import SgNricFinRecognizer
from tests.conftest import spans


def find(text):
    return spans(SgNricFinRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("NRIC: S1234567D", "S1234567D"),
        ("FIN G5327339X issued 2019", "G5327339X"),
        ("name,nric\nTan,T8911490F\n", "T8911490F"),
        ("M-series FIN M2980913W", "M2980913W"),
    ],
)
def test_nric_and_fin_are_found(text, value):
    assert find(text) == [("SG_NRIC_FIN", value)]


@pytest.mark.parametrize(
    "text",
    ["S1234567A", "A1234567D", "s1234567d", "XS1234567D", "S12345678D", "S1234567DX"],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
