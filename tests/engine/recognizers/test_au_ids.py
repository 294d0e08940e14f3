from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.au_ids import AuAbnRecognizer, AuTfnRecognizer
from tests.conftest import spans


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [("Tax file number: 123 456 782", "123 456 782"), ("TFN 429169379", "429169379")],
)
def test_tfn_next_to_its_label_is_found(text, value):
    assert find(AuTfnRecognizer, text) == [("AU_TFN", value)]


@pytest.mark.parametrize("text", ["123 456 782", "TFN 123 456 783", "TFN 123 456-782"])
def test_tfn_near_misses_are_ignored(text):
    assert find(AuTfnRecognizer, text) == []


@pytest.mark.parametrize(
    "text, value",
    [("ABN: 51 824 753 556", "51 824 753 556"), ("Australian Business Number 41393815254", "41393815254")],
)
def test_abn_next_to_its_label_is_found(text, value):
    assert find(AuAbnRecognizer, text) == [("AU_ABN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "51 824 753 556",  # no label
        "ABN: 51 824 753 557",  # mod 89 fails
        "abnormal reading 51824753556",  # 'abn' inside a word is no label
    ],
)
def test_abn_near_misses_are_ignored(text):
    assert find(AuAbnRecognizer, text) == []
