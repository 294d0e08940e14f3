"""Code points <-> UTF-16 code units: the JavaScript view of offsets, with emoji and astral characters."""

from __future__ import annotations

import pytest

from dlpguard.bridge.utf16 import Utf16Offsets, utf16_length


def js_offset(text: str, code_points: int) -> int:
    """What JavaScript's indexing says: count UTF-16 code units of the prefix."""
    return len(text[:code_points].encode("utf-16-le", "surrogatepass")) // 2


TEXTS = [
    "",
    "plain ascii",
    "café naïve",  # BMP only: offsets do not move
    "🧑‍💻 card 4539 1488 0343 6467",  # ZWJ sequence: two astral characters and a joiner
    "𝕏 handle",  # mathematical double-struck X (U+1D54F)
    "a😀b😀c",
    "😀😀😀",
    "mixed 🇩🇪 flags and 𝄞 music",
    "lone surrogate \ud83d here",  # JavaScript strings may carry these, JSON escapes keep them
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_offset_matches_javascript(text):
    offsets = Utf16Offsets(text)
    assert offsets.utf16_length == utf16_length(text) == js_offset(text, len(text))
    for cp in range(len(text) + 1):
        assert offsets.to_utf16(cp) == js_offset(text, cp)
        assert offsets.to_code_points(js_offset(text, cp)) == cp


@pytest.mark.parametrize(
    "text, value, expected_start",
    [
        ("🧑‍💻 card 4539 1488 0343 6467", "4539 1488 0343 6467", 11),
        ("𝕏 4539 1488 0343 6467", "4539 1488 0343 6467", 3),
        ("🧑‍💻𝕏4539", "4539", 7),  # right after both
    ],
)
def test_a_finding_right_after_astral_characters_moves_by_one_per_character(text, value, expected_start):
    start = text.index(value)
    offsets = Utf16Offsets(text)
    assert offsets.to_utf16(start) == expected_start == js_offset(text, start)
    assert offsets.to_utf16(start + len(value)) == expected_start + len(value)


def test_an_offset_inside_a_surrogate_pair_is_refused():
    offsets = Utf16Offsets("a😀b")
    assert offsets.to_code_points(1) == 1
    with pytest.raises(ValueError, match="inside a surrogate pair"):
        offsets.to_code_points(2)
    assert offsets.to_code_points(3) == 2


@pytest.mark.parametrize("offset", [-1, 4])
def test_offsets_outside_the_text_are_refused(offset):
    with pytest.raises(ValueError):
        Utf16Offsets("abc").to_utf16(offset)
