"""The ordinary-word list the name filters read is what tests/engine/build_common_words.py makes."""

from __future__ import annotations

from tests.engine.build_common_words import OUT, build


def test_the_common_words_file_is_fresh_from_wordfreq():
    assert OUT.read_text(encoding="utf-8") == build(), "run: python tests/engine/build_common_words.py"
