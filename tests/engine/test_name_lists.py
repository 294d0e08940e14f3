"""The first-name and surname lists the person recognizers read are what tests/engine/build_names.py makes
from Faker, and `is_given_name` / `is_surname` answer from them."""

from __future__ import annotations

import pytest

from dlpguard.engine.names import is_given_name, is_known_name, is_surname
from tests.engine.build_names import GIVEN_OUT, SURNAME_OUT, build


def test_the_name_lists_are_fresh_from_faker():
    given, surnames = build()
    assert GIVEN_OUT.read_text(encoding="utf-8") == given, "run: python tests/engine/build_names.py"
    assert SURNAME_OUT.read_text(encoding="utf-8") == surnames, "run: python tests/engine/build_names.py"


@pytest.mark.parametrize(
    "token", ["Priya", "Ngozi", "Iñaki", "Giuseppe", "Jean-Luc", "NGOZI", "Chukwuemeka", "Grace", "Mark"]
)
def test_first_names_of_many_locales_are_given_names(token):
    assert is_given_name(token)


@pytest.mark.parametrize("token", ["Okonkwo", "NGUYEN", "García", "Müller", "McCarthy", "O'Brien", "Nyström"])
def test_family_names_of_many_locales_are_surnames(token):
    assert is_surname(token)


@pytest.mark.parametrize("token", ["Sequoia", "Documento", "Church", "Little", "Per", "Pero", "Webhook", ""])
def test_ordinary_words_and_codenames_are_not_names(token):
    assert not is_known_name(token)
