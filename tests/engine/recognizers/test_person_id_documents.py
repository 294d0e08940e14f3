from __future__ import annotations

from dlpguard.engine.recognizers.person_id_documents import PersonIdDocumentRecognizer
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonIdDocumentRecognizer().find(text, text.lower()), text)]


def test_ocr_id_card_surname_and_given_names_are_found():
    text = "Personalausweis (OCR):\nNAME BRANDT\nVORNAMEN KATHARINA\nGEBURTSTAG 01.02.1980\nGEBURTSORT KIEL"
    assert names(text) == ["BRANDT", "KATHARINA"]


def test_bilingual_labels_with_the_value_on_the_next_line():
    text = "PASSPORT\nSURNAME / NOM\nOKAFOR\nGIVEN NAMES / PRÉNOMS\nCHIDI EMEKA\nNATIONALITY NIGERIAN"
    assert names(text) == ["OKAFOR", "CHIDI EMEKA"]


def test_capitalised_words_that_are_no_names_are_not_reported():
    text = "FIRST NAME\nNONE\nNAME STATUS\nVORNAMEN UNBEKANNT"
    assert names(text) == []


def test_a_row_of_labels_is_not_a_name():
    assert names("NOM PRENOM\nNAME VORNAMEN\n") == []
