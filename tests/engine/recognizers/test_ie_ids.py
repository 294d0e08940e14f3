from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.ie_ids import IePpsnRecognizer
from tests.conftest import spans


def find(text):
    return spans(IePpsnRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("text, value", [("PPSN: 8765432S", "8765432S"), ("PPS number 3141592S", "3141592S")])
def test_ppsn_beside_its_label_is_found(text, value):
    assert find(text) == [("IE_PPSN", value)]


@pytest.mark.parametrize("text", ["8765432S", "PPSN: 8765432T", "PPSN: 876543S"])
def test_unlabelled_or_failing_ppsn_is_ignored(text):
    assert find(text) == []


def test_a_pps_number_on_file_is_labelled():
    text = "Tenant Astrid Chua, 84 Oakwood Drive. PPS on file: 5982485D. Contact +353 87 268 2936."
    assert [text[f.start : f.end] for f in IePpsnRecognizer().find(text, text.lower())] == ["5982485D"]
