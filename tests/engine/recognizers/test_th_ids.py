from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.th_ids import ThTninPlainRecognizer, ThTninRecognizer
from tests.conftest import spans


def find(text):
    found = [*ThTninRecognizer().find(text, text.lower()), *ThTninPlainRecognizer().find(text, text.lower())]
    return spans(found, text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1-1017-00230-70-8", "1-1017-00230-70-8"),  # the printed form is reported alone
        ("Thai ID 1101700230708", "1101700230708"),
        ("เลขประจำตัวประชาชน 1 1017 00230 70 8", "1 1017 00230 70 8"),
    ],
)
def test_thai_ids_are_found(text, value):
    assert find(text) == [("TH_TNIN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "1-1017-00230-70-9",  # check digit fails
        "1101700230708",  # plain, no label
        "Thai ID 1101700230709",
        "1-1017 00230-70-8",  # mixed separators
    ],
)
def test_thai_id_near_misses_are_ignored(text):
    assert find(text) == []
