from __future__ import annotations

import pytest

from dlpguard.engine.recognizers import de_ids
from dlpguard.engine.recognizers.de_ids import (
    DeIdCardRecognizer,
    DePassportRecognizer,
    DeTaxIdRecognizer,
    DeTaxIdUnformattedRecognizer,
)
from tests.conftest import spans


def find(text, detectors=(DeTaxIdRecognizer, DeTaxIdUnformattedRecognizer)):
    return spans([f for cls in detectors for f in cls().find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meine Steuer-ID lautet 86 095 742 719.", "86 095 742 719"),
        ("Steueridentifikationsnummer: 86095742719", "86095742719"),
        ("IdNr 29387005162 laut Bescheid", "29387005162"),
        ("Ihre steuerliche Identifikationsnummer 83 059 736 424", "83 059 736 424"),
        ("tax ID (Germany): 58388217648", "58388217648"),
        ("name;steuer_id\nMüller;64 085 721 696\n", "64 085 721 696"),
    ],
)
def test_tax_ids_are_found(text, value):
    assert find(text) == [("DE_TAX_ID", value)]


@pytest.mark.parametrize(
    "text",
    [
        "86095742719",  # plain digits need a label
        "Steuer-ID 86095742718",  # check digit wrong
        "Steuer-ID 48352160978",  # ten distinct leading digits: presidio accepts it, the BZSt never issues it
        "Steuer-ID 11123456786",  # a digit three times in a row
        "Steuer-ID 06095742719",  # leading zero
        "86 095 742 718",
        "1 86 095 742 719",  # part of a longer run of groups
        "Steuer-ID 860957427190",
        "Telefon +49 86095742719",
    ],
)
def test_tax_id_near_misses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Personalausweis-Nr.: L01X00T47", "L01X00T47"),
        ("Ausweisnummer T22000129", "T22000129"),
        ("ID card number CZ6311T47", "CZ6311T47"),
        ("Personalausweis-Nr. (Ersatz): M710ZGCXJ9", "M710ZGCXJ9"),  # with its machine-readable check digit
    ],
)
def test_id_card_numbers_next_to_their_label_are_found(text, value):
    assert find(text, (DeIdCardRecognizer,)) == [("DE_ID_CARD", value)]


@pytest.mark.parametrize(
    "text",
    [
        "L01X00T47",  # no label
        "Ausweisnummer LA1X00T47",  # A is not in the card alphabet
        "Ausweisnummer LZXCVBNMT",  # no digit at all
        "Ausweisnummer L01X00T4",  # eight characters
        "Ausweisnummer M710ZGCXJ8",  # a tenth character that is not the check digit
    ],
)
def test_id_card_near_misses_are_ignored(text):
    assert find(text, (DeIdCardRecognizer,)) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Reisepass Nr. C01X00T47", "C01X00T47"),
        ("Passnummer: F7K2L9MN3", "F7K2L9MN3"),
        ("German passport number C01X00T478 (MRZ)", "C01X00T478"),  # with its ICAO check digit
    ],
)
def test_passport_number_next_to_its_label_is_found(text, value):
    assert spans(DePassportRecognizer().find(text, text.lower()), text) == [("DE_PASSPORT", value)]


@pytest.mark.parametrize(
    "text",
    [
        "C01X00T47",  # no label
        "Reisepass C01X00T470",  # ten characters, wrong check digit
        "Reisepass L01X00T47",  # L starts identity cards, not passports
        "Reisepass CAFEBABE1",  # vowels are not in the alphabet
        "Passwort C01X00T47",  # 'pass' in another word is no label
    ],
)
def test_passport_near_misses_are_ignored(text):
    assert DePassportRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text, values",
    [
        # the column list names it
        ("INSERT INTO p (id, name, steuer_id) VALUES (1, 'Max', '86095742719');", ["86095742719"]),
        # no label anywhere: every row's value in that place passes the checks
        (
            "INSERT INTO p VALUES (1, 'Max', '86095742719'), (2, 'Eva', '47036892816');",
            ["86095742719", "47036892816"],
        ),
        ("id,name,nummer\n1,Max,86095742719\n2,Eva,47036892816", ["86095742719", "47036892816"]),
        ("name;steuer-identnummer\nMax;86095742719", ["86095742719"]),
    ],
)
def test_unlabelled_tax_ids_are_found_by_their_column(text, values):
    assert spans(DeTaxIdUnformattedRecognizer().find(text, text.lower()), text) == [
        ("DE_TAX_ID", v) for v in values
    ]


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO p VALUES (1, 'Max', '86095742719');",  # one row: one passing number is chance
        "INSERT INTO p VALUES (1, 'Max', '86095742719'), (2, 'Eva', '47036892817');",  # one fails
        "id,order\n1,86095742719\n2,12345678901",
    ],
)
def test_a_column_that_is_not_all_tax_ids_vouches_for_none(text):
    assert DeTaxIdUnformattedRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO mitarbeiter VALUES (1, 'Max Mustermann', '1985-03-12', '86095742719');",
        "id;name;nr\n1;Anna-Lena von Berg;86095742719",
    ],
)
def test_a_lone_tax_id_in_a_persons_record_is_found_at_a_lower_score(text):
    [finding] = DeTaxIdUnformattedRecognizer().find(text, text.lower())
    assert text[finding.start : finding.end] == "86095742719"
    assert finding.score == DeTaxIdUnformattedRecognizer.RECORD_SCORE


def test_a_persons_record_does_not_vouch_for_a_number_failing_the_checks():
    text = "INSERT INTO t VALUES (1, 'Max Mustermann', '12345678901');"
    assert DeTaxIdUnformattedRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Some prose 86095742719 first.\nid,name,nummer\n1,Max,86095742719\n2,Eva,47036892816\n"
        "trailing 47036892816 text\n",
        "x INSERT INTO p VALUES (1, 'Max Mustermann', '86095742719'), (2, 'Eva', '47036892816'); 86095742719",
        "id;name;nr\n1;Anna-Lena von Berg;86095742719\n\nid,nummer\n1,47036892816\n2,86095742719\n",
    ],
)
def test_only_tables_and_inserts_are_scanned_for_unlabelled_values_with_the_same_findings(text, monkeypatch):
    """The column scan runs only where tables and insert rows stand; over the whole text it finds the same."""
    scoped = DeTaxIdUnformattedRecognizer().find(text, text.lower())
    assert scoped
    monkeypatch.setattr(de_ids, "cell_stretches", lambda t: [(0, len(t))])
    assert DeTaxIdUnformattedRecognizer().find(text, text.lower()) == scoped


def find_rvnr(text):
    return spans(de_ids.DeSocialSecurityRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Sozialversicherungsnr.: 65 120384 M 044", "65 120384 M 044"),
        ("RVNR 12250790K173", "12250790K173"),
        ("53 030560 S 214", "53 030560 S 214"),  # the printed form is specific enough alone
        ("SV-Nummer 42 010476 W 11 0   Steuer-ID", "42 010476 W 11 0"),  # payslips set the check digit apart
    ],
)
def test_pension_insurance_numbers_are_found(text, value):
    assert find_rvnr(text) == [("DE_SOCIAL_SECURITY", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Sozialversicherungsnr.: 65 120384 M 045",  # check digit
        "RVNR 12251390K173",  # month 13
        "RVNR 12003190K173",  # day 00
        "RVNR 122507901173",  # no letter
        "part 65120384M0441",  # longer run
    ],
)
def test_pension_insurance_near_misses_are_ignored(text):
    assert find_rvnr(text) == []
