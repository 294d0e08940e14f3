from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.nl_ids import NlBsnRecognizer
from tests.conftest import spans


def find(text):
    return spans(NlBsnRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [("BSN: 318472661", "318472661"), ("Burgerservicenummer 3184.72.661", "3184.72.661")],  # printed 4.2.3
)
def test_bsn_beside_its_label_is_found(text, value):
    assert find(text) == [("NL_BSN", value)]


@pytest.mark.parametrize("text", ["318472661", "BSN: 318472662", "Order 318472661", "bsn 318 47 2661"])
def test_unlabelled_or_failing_bsn_is_ignored(text):
    assert find(text) == []


def test_a_bsn_column_counts_as_the_label():
    assert find("naam,bsn\nJan de Vries,318472661\n") == [("NL_BSN", "318472661")]


@pytest.mark.parametrize(
    "text, value", [("BSN kind: 190 514 164", "190 514 164"), ("BSN 599.108.745", "599.108.745")]
)
def test_a_bsn_grouped_in_threes(text, value):
    assert find(text) == [("NL_BSN", value)]
