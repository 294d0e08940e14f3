from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.in_ids import InAadhaarRecognizer, InPanRecognizer
from tests.conftest import spans


def find(text):
    return spans(InAadhaarRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Aadhaar: 2341 2341 2346", "2341 2341 2346"),
        ("aadhar no 597328835098", "597328835098"),
        ("UIDAI number 5682-0775-5873", "5682-0775-5873"),
    ],
)
def test_aadhaar_next_to_its_label_is_found(text, value):
    assert find(text) == [("IN_AADHAAR", value)]


@pytest.mark.parametrize(
    "text",
    [
        "234123412346",  # no label: AWS account ids have this shape
        "Aadhaar: 2341 2341 2347",  # Verhoeff fails
        "Aadhaar: 1341 2341 2346",  # never starts with 1
        "Aadhaar: 2341 2341-2346",  # mixed separators
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("PAN ABCPD1234E", "ABCPD1234E"),
        ("PAN: AAACR5055K", "AAACR5055K"),  # a company (C)
        ("Permanent Account Number ABCPD1234E", "ABCPD1234E"),
        ("pan card no. ABCPD1234E", "ABCPD1234E"),
    ],
)
def test_pan_next_to_its_label_is_found(text, value):
    assert spans(InPanRecognizer().find(text, text.lower()), text) == [("IN_PAN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "ABCPD1234E",  # no label
        "PAN ABCQD1234E",  # Q is no holder kind
        "japan ABCPD1234E",  # 'pan' inside a word is no label
        "company ABCPD1234E",
        "PAN abcpd1234e",  # PANs are written in capitals
    ],
)
def test_pan_near_misses_are_ignored(text):
    assert InPanRecognizer().find(text, text.lower()) == []
