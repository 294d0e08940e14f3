from __future__ import annotations

import re

import pytest

from dlpguard.engine.names import NAME_WORD, UPPER
from dlpguard.engine.recognizers._regex_lead import NAME_WORD_AFTER_FIRST, name_word_not_after

_PLAIN = re.compile(NAME_WORD)
_LED = re.compile(rf"[{UPPER}]{NAME_WORD_AFTER_FIRST}")

_WORDS = [
    "Anna", "O'Brien", "O’Neill", "D'Arcy", "McDonald", "MacLeod", "Mcx", "Macdonald", "Jean-Luc", "Ó Briain",
    "Ó briain", "Ní Bhriain", "Nic Aodha", "Uí Néill", "Ní", "Nic", "Ó", "Óscar", "Ulrich", "Nicole", "Níamh",
    "Mac", "Mc", "O'", "D'", "DOnald", "Élise", "Øystein", "Ăn", "Ễn", "AB", "A", "Ab-cd", "Ab-Cd", "O'brien",
    "Mcdonald's", "Ó  Briain", "Ó\tBriain Mór", "Uí", "Ui Neill",
]  # fmt: skip


@pytest.mark.parametrize("text", _WORDS)
def test_the_led_name_word_matches_what_name_word_matches(text):
    for pos in range(len(text)):
        plain, led = _PLAIN.match(text, pos), _LED.match(text, pos)
        assert (plain and plain.span()) == (led and led.span())
        plain, led = _PLAIN.fullmatch(text, pos), _LED.fullmatch(text, pos)
        assert (plain and plain.span()) == (led and led.span())


def test_the_led_name_word_opens_on_a_class_and_keeps_its_lookbehind():
    text = "@Anna xBob Carl, O'Brien;McLeod"
    led = [m.group() for m in re.finditer(name_word_not_after(r"\w@"), text)]
    assert led == re.findall(rf"(?<![\w@]){NAME_WORD}", text) == ["Carl", "O'Brien", "McLeod"]
