"""The list of first names that are also words is what tests/engine/build_name_words.py makes."""

from __future__ import annotations

from tests.engine.build_name_words import OUT, build


def test_the_name_words_file_is_fresh_from_wordfreq_and_the_name_list():
    assert OUT.read_text(encoding="utf-8") == build(), "run: python tests/engine/build_name_words.py"
