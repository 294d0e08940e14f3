from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.ch_ids import ChAhvRecognizer
from tests.conftest import spans


def find(text):
    return spans(ChAhvRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value", [("AHV-Nr. 756.9876.5432.17", "756.9876.5432.17"), ("7569876543217", "7569876543217")]
)
def test_ahv_numbers_are_found_alone(text, value):
    assert find(text) == [("CH_AHV", value)]


@pytest.mark.parametrize("text", ["756.9876.5432.18", "7559876543217", "756.9876.543217", "x7569876543217"])
def test_near_misses_are_ignored(text):
    assert find(text) == []
