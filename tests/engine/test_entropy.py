from __future__ import annotations

import math

import pytest

from dlpguard.engine.entropy import (
    alnum_classes,
    char_classes,
    entropy_threshold,
    is_hex,
    looks_random,
    shannon_entropy,
)
from tests.engine.recognizers.fake_secrets import ALNUM, BASE64, HEX, fake


@pytest.mark.parametrize(
    "value, bits",
    [("", 0.0), ("aaaa", 0.0), ("ab", 1.0), ("abcd", 2.0), ("0123456789abcdef", 4.0)],
)
def test_shannon_entropy(value, bits):
    assert math.isclose(shannon_entropy(value), bits)


@pytest.mark.parametrize(
    "value, classes, alnum",
    [("abc", 1, 1), ("aB3", 3, 3), ("aB3!", 4, 3), ("my-secret-value", 2, 1), ("", 0, 0)],
)
def test_character_classes(value, classes, alnum):
    assert char_classes(value) == classes
    assert alnum_classes(value) == alnum


def test_is_hex():
    assert is_hex("deadBEEF09")
    assert not is_hex("deadbeefg")
    assert not is_hex("")


def test_threshold_grows_with_length_and_is_capped_for_hex():
    assert entropy_threshold(16) < entropy_threshold(64)
    assert entropy_threshold(64, hex_only=True) <= 3.0


@pytest.mark.parametrize(
    "value",
    [
        fake(16, ALNUM),
        fake(32, ALNUM, 1),
        fake(40, BASE64, 2),
        fake(32, HEX, 3),
        fake(64, HEX, 4),
        fake(100, BASE64, 5),
    ],
)
def test_generated_keys_look_random(value):
    assert looks_random(value)


@pytest.mark.parametrize(
    "value",
    [
        "short1A",  # too short
        "bert-base-uncased-model",  # words, one class
        "thisisnotrandomatall",
        "aaaaaaaaaaaaaaaaaaaaaaaa",
        "abababababababab1212",
        "0000000000000000000000000000000000000000",
        "deadbeefdeadbeefdeadbeefdeadbeef",
        "12345678901234567890",  # digits only
    ],
)
def test_words_repetition_and_single_class_strings_do_not(value):
    assert not looks_random(value)
