from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_introductions import PersonIntroductionRecognizer
from tests.conftest import spans


def names(text: str) -> list[str]:
    return [value for _, value in spans(PersonIntroductionRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hola soy gwenaëlle del 2º, el paquete fue a otra direccion", ["gwenaëlle"]),
        ("bjr c fenna du 2eme, le colis est parti", ["fenna"]),
        ("Hi team, Fenna here - my doctor signed me off", ["Fenna"]),
        ("tomando Enantyum. Un abrazo, Ximena", ["Ximena"]),
        ("wat was het ookalweer? groet van hidde", ["hidde"]),
        ("hee joris ik heb je nieuwe nummer", ["joris"]),  # a name that is a rarer word too, after a greeting
        ("ao vittoria ma quando mi ridai i soldi", ["vittoria"]),
    ],
)
def test_first_names_in_chat_openings_and_sign_offs_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hi team, im new here",
        "hola soy nuevo aqui",
        "hey man, ciao bella",
        "hi there, it is late",
        "hey guys",
    ],
)
def test_words_after_greetings_and_introductions_are_no_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Voicemail — \"hi it's Wexlyn from flat 3, calling about the boiler", ["Wexlyn"]),
        ("hallo, hier ist Wexlyn von oben", ["Wexlyn"]),
    ],
)
def test_an_introduction_vouches_for_an_unlisted_capitalised_name(text, expected):
    found = PersonIntroductionRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Worum geht es im Lied von Wexlyn?",  # German "im": no introduction
        "Serveer met Grolsch of Spa rood.",  # Dutch "met": "with"
        "this is Google from the US",  # a product
        "it is Monday from now on",
    ],
)
def test_no_unlisted_name_without_a_self_introduction(text):
    assert PersonIntroductionRecognizer().find(text, text.lower()) == []
