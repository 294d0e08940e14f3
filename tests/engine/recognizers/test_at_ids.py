from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.at_ids import AtSvnrRecognizer
from tests.conftest import spans


def find(text):
    return spans(AtSvnrRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [("Sozialversicherungsnummer: 7318 150385", "7318 150385"), ("SV-Nr. 7318150385", "7318150385")],
)
def test_social_insurance_numbers_beside_their_label_are_found(text, value):
    assert find(text) == [("AT_SOCIAL_SECURITY", value)]


@pytest.mark.parametrize("text", ["7318 150385", "SV-Nr. 7319 150385", "SV-Nr. 7318 153385"])
def test_unlabelled_or_failing_numbers_are_ignored(text):
    assert find(text) == []
