from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.labelled_ids import LabelledIdDocumentRecognizer, document_number_shape
from tests.conftest import spans


def find(text):
    return [v for _, v in spans(LabelledIdDocumentRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Passport No.: YA1234567, issued 2020", "YA1234567"),
        ("Número de pasaporte: PAA123456", "PAA123456"),
        ("Passnummer X1234567", "X1234567"),
        ("numero di passaporto YA7654321", "YA7654321"),
        ("Pièce d'identité : passeport 07AB12345.", "07AB12345"),
        ("carta d'identità n. CA12345BD, rilasciata", "CA12345BD"),
        ("Personalausweis: L01X00T47", "L01X00T47"),
        ("Reisepass (Nr.) C01X00T47", "C01X00T47"),
        ("national ID card no. 7501016800081", "7501016800081"),
        ("Residence permit: RP 1234 5678", "RP 1234 5678"),
        ("My passport number is 123 456 789 and it expires soon", "123 456 789"),
        ("Driving licence number: MORGA753116SM9IJ", "MORGA753116SM9IJ"),
        ("Führerschein-Nr.: B072RRE2I55", "B072RRE2I55"),
        ("permis de conduire n° 12AB34567", "12AB34567"),
    ],
)
def test_document_numbers_after_their_label_are_found(text, value):
    assert find(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Please bring your passport and 2 photos",
        "passport photo taken 2024-01-01",
        "Passport expires 2031-05-12",
        "ID card: 1234",  # too short
        "Order ID 12345678",  # a bare `ID` names no document
        "passport: the number is a1234567",  # lower case
        "Passport: 00000000",
        "passports: ABCDEFGH",  # no digits
        "MIT License 2024, Copyright (c) 2024 Example",
        "Identity document 2019-2023 review",
    ],
)
def test_no_document_number_without_label_or_shape(text):
    assert find(text) == []


def test_a_passport_column_vouches_for_its_cells():
    text = "Name\tPassport\tCountry\nAnn Lee\tK12345678\tUK\nBo Chan\tE87654321\tCN\n"
    assert find(text) == ["K12345678", "E87654321"]


@pytest.mark.parametrize(
    "value, ok",
    [
        ("YA1234567", True),
        ("2024-01-01", False),
        ("12 345", False),
        ("AB12cd345", False),
        ("X123456789012345678", False),  # 19 characters
    ],
)
def test_document_number_shape(value, ok):
    assert document_number_shape(value) is ok


def test_digit_noise_without_a_label_yields_nothing():
    noise = " ".join(str(n) for n in range(0, 5000, 7))
    assert LabelledIdDocumentRecognizer().find(noise, noise) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("il sig. Marco Bianchi, patente n. U1A23B456C, ha dichiarato", "U1A23B456C"),
        ("Rijbewijs: 5012345678", "5012345678"),
        ("paspoort NX1234567", "NX1234567"),
        ("Bilhete de identidade: 12345678", "12345678"),
    ],
)
def test_italian_dutch_and_portuguese_document_labels(text, value):
    assert [text[f.start : f.end] for f in LabelledIdDocumentRecognizer().find(text, text.lower())] == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Achternaam: POSTMA\nPaspoortnummer: LCC4NXVH7\nGeboorteplaats: Dronten", "LCC4NXVH7"),
        ("Mis en cause: Hartmut P., né(e) le 22/11/1968, CNI EDW84SBTCGYE\ndemeurant", "EDW84SBTCGYE"),
        ("Hóspede: Rafaela Teixeira\nDocumento: CY44JIMX\nTel: 912", "CY44JIMX"),
        ("e la sig.ra Serena L., documento n. CA95761UB (conduttrice),", "CA95761UB"),
    ],
)
def test_letter_heavy_document_numbers_after_their_label(text, value):
    assert find(text) == [value]


@pytest.mark.parametrize(
    "text", ["Documento: FAT-2024-00123", "Documento: 20240115", "Passport: EXPIRED, renew"]
)
def test_a_bare_documento_label_wants_one_token_of_letters_and_digits(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "para el visado necesito tu n.º de pasaporte\nKwabena 10:27\nes PA386818\nescribe el correo",
            "PA386818",
        ),
        ("what is your passport number?\nX1234567", "X1234567"),
    ],
)
def test_a_document_number_sent_in_reply_to_a_request_for_it(text, value):
    assert find(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "I lost my passport.\nREADME2024",  # no request
        "Passport number?\nyes sure\nAB123456",  # the reply is another line
        "your passport number?\nok thanks",
    ],
)
def test_a_later_line_is_no_reply_without_a_request_or_the_shape(text):
    assert find(text) == []


def test_a_password_is_no_passport_label_but_a_passport_beside_one_is():
    assert find("DB_PASSWORD=hunter2\npassword: X1234567") == []
    assert find("password reset done; Reisepass: C01X00T47") == ["C01X00T47"]


def test_a_request_for_a_passport_number_is_read_at_the_line_s_end_however_long_the_line():
    text = "hi, " + "so many words before the question " * 5 + "can you send your passport number?\nX1234567"
    assert find(text) == ["X1234567"]
