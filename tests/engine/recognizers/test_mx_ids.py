"""Mexico's CURP with its check digit (recognizers/mx_ids.py)."""

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.mx_ids import _ALPHABET, MxCurpRecognizer, curp_valid


def with_check_digit(first17: str) -> str:
    total = sum(_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first17))
    return first17 + str((10 - total % 10) % 10)


CURP = with_check_digit("BEML920313HMCLNS0")


def find(text: str) -> list[str]:
    return [text[f.start : f.end] for f in MxCurpRecognizer().find(text, text.lower())]


@pytest.mark.parametrize("template", ["CURP: {}", "Alta de proveedor\nNombre: Ana Ruiz\nCURP {}\n", "{}"])
def test_a_curp_with_its_check_digit_is_found_labelled_or_not(template):
    assert find(template.format(CURP)) == [CURP]


@pytest.mark.parametrize(
    "value",
    [
        CURP[:-1] + str((int(CURP[-1]) + 1) % 10),  # wrong check digit
        CURP[:11] + "QQ" + CURP[13:],  # no such state
        "X" + CURP,  # glued to a longer code
    ],
)
def test_a_broken_curp_is_not_one(value):
    assert find(f"CURP: {value}") == []
    assert not curp_valid(value[-18:]) or value.startswith("X")
