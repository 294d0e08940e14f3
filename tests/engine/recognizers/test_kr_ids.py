from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.kr_ids import KrRrnRecognizer
from tests.conftest import spans


def find(text):
    return spans(KrRrnRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("id 900101-1234568 ok", "900101-1234568"),  # dashed with a valid check digit: alone
        ("RRN: 9001011234568", "9001011234568"),
        ("주민등록번호 900101-1234567", "900101-1234567"),  # post-2020 numbers: no check digit, labelled
    ],
)
def test_rrns_are_found(text, value):
    assert find(text) == [("KR_RRN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "900101-1234567",  # check digit fails, no label
        "9001011234568",  # plain, no label
        "RRN 901301-1234568",  # month 13
        "RRN 900101-9234568",  # gender digit 9
        "tracking 900101-12345689",  # longer run
    ],
)
def test_rrn_near_misses_are_ignored(text):
    assert find(text) == []
