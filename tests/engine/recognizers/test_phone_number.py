from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.phone_number import (
    INVALID,
    POSSIBLE,
    VALID,
    PhoneNumberRecognizer,
    phone_validity,
)
from tests.conftest import spans


def find(text):
    return spans(PhoneNumberRecognizer().find(text, text.lower()), text)


def scores(text):
    return [round(f.score, 2) for f in PhoneNumberRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, value",
    [
        # international, with the + and country code in the span
        ("Call me at +1 (415) 867-5309.", "+1 (415) 867-5309"),
        ("Kunde: Lukas Weber, Tel.: +49 30 12345678", "+49 30 12345678"),
        ('{"phone": "+44 20 7183 0018", "name": "Ana"}', "+44 20 7183 0018"),
        ("tel:+4915123456789", "+4915123456789"),
        ("Bitte zurückrufen unter +49 (0)30 1234567.", "+49 (0)30 1234567"),
        ("Rappelez-moi au +33 6 12 34 56 78, merci.", "+33 6 12 34 56 78"),
        ("0044 20 7183 0018 (UK office)", "0044 20 7183 0018"),
        ('params.SetTo("+13129310112")', "+13129310112"),
        # national, in a phone-like grouping
        ("Rückruf unter 030 12345678 erbeten", "030 12345678"),
        ("Mein Handy: 0151 23456789", "0151 23456789"),
        ("téléphone : 01 23 45 67 89", "01 23 45 67 89"),
        ("Pour toute question : 01.55.79.25.35", "01.55.79.25.35"),
        ("Mi móvil es 612 34 56 78", "612 34 56 78"),
        ("Office (415) 867-5309, ask for Priya", "(415) 867-5309"),
        ("reach me on (11) 99375-8531 while I'm in Austria", "(11) 99375-8531"),
        ("Name,NI number,Mobile\nAnjali Rossi,BL 19 73 73 B,0161 982 5283", "0161 982 5283"),
        # a bare digit run only next to a phone word
        ("whatsapp 4158675309", "4158675309"),
        # Italian mobiles: the 3-7 grouping alone, or beside the Italian word
        ("Cellulare: 347 1234567", "347 1234567"),
        ("Giulia Bruno\ngiulia@azienda.example · 347 1234567", "347 1234567"),
    ],
)
def test_phone_numbers_in_realistic_contexts_are_found(text, value):
    assert find(text) == [("PHONE_NUMBER", value)]


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-15 10:23:45,123 INFO started in 1234567 ms",  # timestamp and a duration
        "Termin am 15.03.2024 um 10:30",  # date
        "connect to 192.168.100.200 failed",  # IP
        "upgrade to v1.2.3.4567 or 10.0.19041.1",  # versions
        "Order 100-2345-6789 shipped; order #4155552671 too",  # order ids
        "card 4111 1111 1111 1111 and amex 3782 822463 10005",  # card numbers
        "IBAN DE89 3704 0044 0532 0130 00",  # IBAN digits
        "GB82 WEST 1234 5698 7654 32",
        "SSN 536-22-1234",  # US SSN
        "employee 536 22 1234 on file",  # the SSN's spaced 3-2-4 grouping
        "pointer 0x7ffe12345678",  # hex
        "ZIP 94105-1234, PLZ 10115",  # postcodes
        "Total: $1,234,567.89 or EUR 1.234.567,00",  # prices
        "request id=4158675309 took 12ms",  # ids
        "the value was 4158675309",  # a bare run with no phone word
        "Invoice 030-1234567 is overdue",  # an invoice number in a phone shape
        "(415) 555-0123 is a fictional number",  # 555-01xx is reserved for fiction
        "epoch 1710498000123",
        "SIREN de la société : 047 848 895",  # a company's registry number
        "P.IVA 0348 7650 963",
        "Auftragsnummer 006678542518. Lohnt sich der Sparpreis?",  # an order number in a German ticket
        "numéro de commande 0612345678 expédié",
    ],
)
def test_digit_runs_that_are_not_phones_are_ignored(text):
    assert find(text) == []


def test_a_phone_word_raises_the_score():
    assert scores("030 12345678") == [0.6]
    assert scores("Tel. 030 12345678") == [0.85]
    assert scores("+49 30 12345678") == [0.75]
    assert scores("Telefon: +49 30 12345678") == [0.95]


def test_an_international_number_in_an_unallocated_range_scores_lower_but_is_kept():
    # +31 6 0... is not allocated (phonenumbers says invalid) but has a Dutch mobile's length.
    assert phone_validity("+31 6 07797881") == POSSIBLE
    assert scores("mobile: +31 6 07797881") == [0.8]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("+49 30 12345678", VALID),
        ("030 12345678", VALID),
        ("(415) 867-5309", VALID),
        ("111 111 1111", INVALID),  # no North American area code starts with 1
        ("+1 123 456 7890", INVALID),
    ],
)
def test_validity_uses_phonenumbers_over_the_configured_regions(value, expected):
    assert phone_validity(value) == expected


def test_numbers_in_a_csv_column_are_found_one_by_one():
    text = "name,phone\nAna,+49 30 12345678\nLukas,+44 20 7183 0018\n"
    assert [v for _, v in find(text)] == ["+49 30 12345678", "+44 20 7183 0018"]


@pytest.mark.parametrize(
    "text, values",
    [
        ("name,phone,age\nAnna,+49 30 1234567,42\nBob,030 98765432,7", ["+49 30 1234567", "030 98765432"]),
        ("id,mobile_phone,score\n1,0151 23456789,3", ["0151 23456789"]),
        ('name,tel,zip\n"Anna","(415) 555-2671",94107', ["(415) 555-2671"]),
    ],
)
def test_a_phone_in_a_csv_cell_before_a_numeric_cell_is_found(text, values):
    assert [v for _, v in find(text)] == values


def test_the_header_of_a_csv_phone_column_counts_as_the_label():
    text = "name,phone,age\nBob,030 98765432,7"
    [finding] = PhoneNumberRecognizer().find(text, text.lower())
    assert finding.score == PhoneNumberRecognizer.CONTEXT_SCORE


@pytest.mark.parametrize(
    "text",
    [
        "the value 030 1234567,42 is odd",  # a decimal comma outside a table
        "id,amount,qty\n1,1234567,42\n2,7654321,5",  # amounts in a table
    ],
)
def test_a_number_before_a_comma_and_digit_outside_a_phone_cell_is_ignored(text):
    assert find(text) == []


def test_a_number_labelled_as_an_account_or_order_is_no_phone_even_beside_a_phone_word():
    text = "Routing number 071096221, account 9458183021 at Chase. Call me at 07598 274845"
    assert find(text) == [("PHONE_NUMBER", "07598 274845")]
    text = "Order 4155552671 is late, call me at +49 151 23456789"
    assert find(text) == [("PHONE_NUMBER", "+49 151 23456789")]


def test_a_postcode_with_a_dash_is_no_phone():
    assert find("01304-001 São Paulo - SP, 4000-447 Porto") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("estoy en casa. llamame al 653403587", "653403587"),
        ("Com os melhores cumprimentos,\nThiago Vieira\nTlm. 912310002", "912310002"),
        ("Per qualsiasi cosa mi chiami al 339-0744340.", "339-0744340"),
        ("Meu celular é 35 963231422.", "35 963231422"),
        ("[16:43] vesna: and bogdan's number?\n[17:07] gaëtan: 07304664199 thx", "07304664199"),
        ("| first | last | mobile |\n|---|---|---|\n| Mehmet | Pfaff | 07836361944 |", "07836361944"),
        ("first,last,email,phone,city\nTeodor,Quigley,tq@gmail.com,07123933093,Beloit", "07123933093"),
        ("Jefa de proyecto\n07689659617 | nuno.ndiaye@example.org", "07689659617"),
    ],
)
def test_call_me_words_a_question_for_the_number_a_phone_column_and_unbroken_mobiles(text, value):
    assert find(text) == [("PHONE_NUMBER", value)]


@pytest.mark.parametrize(
    "text",
    [
        "my acc is 44-61-65 12794866, he can also txt me later",  # a sort code and account
        "invoice 653403587 is due",
        "order no 07304664199",
    ],
)
def test_bank_details_and_labelled_numbers_stay_no_phones(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        # Belgian mobiles written with a slash and dots
        ("Mobiel: 0476/31.58.20", "0476/31.58.20"),
        ("Wonende Dorpstraat 3, 9000 Gent. Tel. 0473/88.12.45.", "0473/88.12.45"),
        # a French signature's "Port." (portable)
        ("Bien cordialement,\nJeanne Roux\nPort. 06.14.52.37.80 — j.roux@atelier.fr", "06.14.52.37.80"),
        # beside an e-mail address on a contact line
        ("Rua das Flores 12\n912345670 / ana.lopes@mail.pt", "912345670"),
        # a Brazilian mobile under a phone label, in a range the metadata does not list
        ("Tel: (72) 91234-5678", "(72) 91234-5678"),
        # a call in the past tense, a country code in parentheses
        ("Brayan: Le llamé al 93 412 77 05 y dice que ya pagó.", "93 412 77 05"),
        ("hay que llamarla al (+34) 91 412 77 05. Gracias", "(+34) 91 412 77 05"),
    ],
)
def test_more_phone_shapes_beside_their_cues_are_found(text, value):
    assert find(text) == [("PHONE_NUMBER", value)]


@pytest.mark.parametrize(
    "text",
    [
        # ARCEP's range for fiction
        "Bureau de Lyon : accueil 01 99 00 41 27, contact@exemple.fr",
        "tel +33 1 99 00 41 27",
        # an amount in a table cell beside an address is no contact line
        "| INV-5521 | 48213.77 | buyer@example.org |",
        "port. 8080",
    ],
)
def test_fictional_ranges_and_amounts_are_not_phones(text):
    assert find(text) == []


def test_a_header_holding_tel_inside_a_word_is_no_phone_column():
    text = "nome\tn_cartella\tdiagnosi\nAna Roe\t03412265\tasma\n"
    assert find(text) == []
    assert find("nome\ttel\nAna Roe\t0341 226 5123\n") == [("PHONE_NUMBER", "0341 226 5123")]


@pytest.mark.parametrize(
    "text", ["Reception: +44 20 7946 0321", "call 0161 496 0123 for the box office", "mobile 07700 900123"]
)
def test_ofcom_drama_numbers_ring_no_one(text):
    assert find(text) == []


def test_a_london_number_outside_the_drama_range_is_a_phone():
    assert [v for _, v in find("Reception: +44 20 7183 0321")] == ["+44 20 7183 0321"]
