from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.fi_ids import FiPersonalIdentityCodeRecognizer
from tests.conftest import spans


def find(text):
    return spans(FiPersonalIdentityCodeRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Henkilötunnus: 131052-308T", "131052-308T"),
        ("hetu 131052A308T (born 2052?)", "131052A308T"),
        ("name,hetu\nMatti,131052-308T\n", "131052-308T"),
    ],
)
def test_identity_codes_are_found(text, value):
    assert find(text) == [("FI_PERSONAL_IDENTITY_CODE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "131052-308U",  # check character wrong
        "131352-308T",  # month 13
        "x131052-308T",  # glued to a word
        "131052-308TX",
        "2024-05-01",
        "131052_308T",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
