from __future__ import annotations

import pytest

from dlpguard.engine.recognizers._window_words import has_any, has_keyword

_FILLER = "filler text, key=value; http://host:8080/path\tand\u00a0more\n" * 400
_TEXT = (
    _FILLER + "the passport number, mot de passe: x\nwohnort=Köln sk-ant-api kontonummer\u2028end"
).lower()


@pytest.mark.parametrize(
    "keyword",
    [
        "passport", "pass", "mot de passe", "de passe", "wohnort=", "=köln", "sk-", "sk-ant-", "://", "8080/",
        "kontonummer", "nummer\u2028end", "end", "missing", "fill er", "value;", "and\u00a0more", "t\nw",
        "passport number", "", "x\nwohnort", "ortx",
    ],
)  # fmt: skip
def test_a_keyword_is_found_exactly_when_it_occurs(keyword):
    assert len(_TEXT) > 16 * 1024
    for _ in range(30):  # asked directly at first, then from the text's words
        assert has_keyword(_TEXT, keyword) is (keyword in _TEXT)
    assert has_keyword(_TEXT[-200:], keyword) is (keyword in _TEXT[-200:])


def test_any_keyword():
    assert has_any(_TEXT, ("missing", "absent", "kontonummer"))
    assert not has_any(_TEXT, ("missing", "absent", "sk-x"))
    assert has_any(_TEXT, ("missing", "mot de passe"))
    assert not has_any(_TEXT, ())
