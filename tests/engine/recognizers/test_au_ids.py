from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.au_ids import (
    AuAbnRecognizer,
    AuAcnRecognizer,
    AuMedicareRecognizer,
    AuTfnRecognizer,
)
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


@pytest.mark.parametrize(
    "text, value",
    [
        ("ACN 004 085 616", "004 085 616"),
        ("Australian Company Number: 000000019", "000000019"),
        ("Acme Pty Ltd (ACN 004085616)", "004085616"),
    ],
)
def test_acn_next_to_its_label_is_found(text, value):
    assert find(AuAcnRecognizer, text) == [("AU_ACN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "004 085 616",  # no label
        "ACN 004 085 617",  # check digit fails
        "acne scar 004085616",  # 'acn' inside a word is no label
    ],
)
def test_acn_near_misses_are_ignored(text):
    assert find(AuAcnRecognizer, text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Medicare card 2123 45670 1", "2123 45670 1"),
        ("medicare no: 2123456701", "2123456701"),
    ],
)
def test_medicare_number_next_to_its_label_is_found(text, value):
    assert find(AuMedicareRecognizer, text) == [("AU_MEDICARE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "2123 45670 1",  # no label
        "Medicare 2123 45671 1",  # check digit (ninth) fails
        "Medicare 7123 45670 1",  # first digit 2-6 only
        "Medicare 2123 45670-1",  # mixed separators
    ],
)
def test_medicare_near_misses_are_ignored(text):
    assert find(AuMedicareRecognizer, text) == []


def test_a_number_after_an_account_label_is_the_accounts_not_a_tfn():
    text = "rent for dec: bsb 140-378 acc 439716404 ref flat 12. my tfn is 879 657 042 if u need it"
    assert find(AuTfnRecognizer, text) == [("AU_TFN", "879 657 042")]
