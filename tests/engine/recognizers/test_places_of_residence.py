from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.places_of_residence import PlaceOfResidenceRecognizer


def places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PlaceOfResidenceRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Agent note: customer lives in Dayton, verified by phone.", ["Dayton"]),
        ("la contraseña ya no funciona. Vivo en Torrejón de Ardoz.", ["Torrejón de Ardoz"]),
        ("CURRICULUM VITAE\nNato/a a Barletta il 22 giugno 1978", ["Barletta"]),
        ("Nato/a a: Sondrio il 23/04/2003", ["Sondrio"]),
        ("Javier was born on 22 November 1952 in Kettering and joined us in 1997.", ["Kettering"]),
        ("Né(e) le 17 juin 1991 à Charleville-Mézières", ["Charleville-Mézières"]),
        ("Geburtsort: Husum", ["Husum"]),
        ("Ela mora em Setúbal com a filha.", ["Setúbal"]),
    ],
)
def test_a_town_after_words_of_residence_or_birth_is_a_place(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "our team is based in Engineering",  # a frequent English word
        "Name\tE-Mail\tWohnort\tSteuer-ID\tIBAN",  # a header row: no colon after the label
        "the service lives in the cluster",  # lowercase: no place name
    ],
)
def test_words_and_header_rows_after_the_same_cues_are_not_places(text):
    assert places(text) == []


def test_a_birthplace_after_a_date_alone_is_a_place():
    assert places("Verdachte: Roos Meijer, geboren 19/12/1958 te Heeze") == ["Heeze"]
    assert places("Geboorteplaats: Dronten") == ["Dronten"]


def test_a_public_figures_birthplace_is_a_history_lesson():
    assert places("Alan Turing was born 23 June 1912 in Maida Vale.") == []
