from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_mentions import PersonMentionRecognizer


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PersonMentionRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("send it before Friday, and confirm to Kofi.", ["Kofi"]),
        ("ping Hamish re the Q4 numbers", ["Hamish"]),
        ("y avisa a Jorge cuando esté", ["Jorge"]),
        ("il figlio Tommaso segue una terapia", ["Tommaso"]),
        ("Shreya's daughter Priya will attend", ["Priya"]),
        ("> thomas: nope, ask yannis, she had it last", ["yannis"]),
        ("please contact Afonso Haile for the data room", ["Afonso Haile"]),
        ("Notes: Aisha was born on 3 May 1980 in Leeds.", ["Aisha"]),
    ],
)
def test_a_first_name_a_request_or_a_kin_word_points_at_is_a_person(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ask Will about it",  # a name that is a word too
        "tell Alexa to play some music",  # a product
        "call Support, ping Jenkins",  # teams and tools
        "ask questions, tell stories, let it be",  # ordinary words
        "the son of the house, la figlia del re",
    ],
)
def test_words_products_and_teams_after_the_same_cues_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Schillerstraße 34, 57473 Olpe, klingeln bei Scholz", ["Scholz"]),
        ("12/03  VIR SEPA SEO-YEON SZABÓ  719,83\n01/12  VIR SEPA LOÏC FONTAINE  771,49",
         ["SEO-YEON SZABÓ", "LOÏC FONTAINE"]),
        ("Hi, this is Priya. Our bank changed", ["Priya"]),
    ],
)  # fmt: skip
def test_doorbells_transfer_counterparties_and_introductions_name_people(text, expected):
    assert names(text) == expected


def test_a_transfer_to_an_authority_names_no_one():
    assert names("Bizum de Hacienda 300 EUR, transfer to Customer Support") == []


def test_a_keyword_in_capitals_after_a_cue_word_is_no_name():
    assert names("CREATE TABLE people (\n  email TEXT UNIQUE,\n  dob DATE\n);") == []


def test_a_lowercase_full_name_in_a_lowercase_chat_line_is_a_person():
    assert names("y el de sergio garcía es pilar.moreno@example.it") == ["sergio garcía"]
    assert names("panic: invalid memory address or nil pointer dereference on mobile safari") == []


def test_an_action_item_opening_with_a_first_name_and_a_verb_names_a_person():
    text = "- Federica segue il fornitore\n- Emily to check with finance\n- Peer public address: 203.0.113.9"
    assert names(text) == ["Federica", "Emily"]
