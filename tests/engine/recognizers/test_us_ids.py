from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.us_ids import (
    UsDriverLicenseRecognizer,
    UsItinRecognizer,
    UsItinUnformattedRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
    UsSsnUnformattedRecognizer,
)
from tests.conftest import spans

ALL = (
    UsSsnRecognizer,
    UsSsnUnformattedRecognizer,
    UsItinRecognizer,
    UsItinUnformattedRecognizer,
    UsPassportRecognizer,
    UsDriverLicenseRecognizer,
)


def find(text, detectors=ALL):
    return spans([f for cls in detectors for f in cls().find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("SSN: 536-22-1234", "536-22-1234"),
        ("employee_id,name,ssn\n1042,Jane Doe,536-22-1234\n", "536-22-1234"),
        ('{"ssn": "412 55 0199"}', "412 55 0199"),
        ("Her social security number is 412550199.", "412550199"),
        ("Mi número de seguro social es 536-22-1234", "536-22-1234"),
        ("Die US-Sozialversicherungsnummer lautet 536 22 1234.", "536 22 1234"),
        ("(536-22-1234)", "536-22-1234"),
    ],
)
def test_ssns_are_found(text, value):
    assert find(text, (UsSsnRecognizer, UsSsnUnformattedRecognizer)) == [("US_SSN", value)]


@pytest.mark.parametrize(
    "text",
    [
        "000-12-3456",  # area 000
        "666-12-3456",  # area 666
        "912-34-5678",  # 9xx areas are ITINs, not SSNs
        "536-00-1234",  # group 00
        "536-22-0000",  # serial 0000
        "111-11-1111",  # one digit repeated
        "111-22-3333",  # each group one digit repeated: sample data
        "536-22 1234",  # mixed separators
        "536221234",  # nine plain digits without a label
        "order 536221234",
        "536-22-1234-7",  # part of a longer identifier
        "x536-22-1234",
        "+1 536 22 1234",  # phone-like run
        "call 415-555-0199",  # phone number
        "2024-05-01 12:30:45",  # timestamp
        "version 5.36.22",
        "SSN: 536.22.1234",  # dots are not an SSN separator
    ],
)
def test_ssn_near_misses_are_ignored(text):
    assert find(text, (UsSsnRecognizer, UsSsnUnformattedRecognizer)) == []


def test_ssn_score_rises_next_to_its_label():
    bare = UsSsnRecognizer().find("536-22-1234", "536-22-1234")[0].score
    labelled = UsSsnRecognizer().find("SSN 536-22-1234", "ssn 536-22-1234")[0].score
    assert 0.5 <= bare < labelled


@pytest.mark.parametrize("text", ["SSN 078-05-1120", "SSN: 123-45-6789"])  # Woolworth wallet, textbook
def test_documented_ssn_is_set_aside_by_the_engine_as_a_known_test_value(pattern_engine, text):
    result = pattern_engine.scan(text)
    assert [f for f in result.findings if f.entity_type == "US_SSN"] == []
    assert result.known_test_values == ("ID number example",)


@pytest.mark.parametrize(
    "text, value",
    [
        ("ITIN 912-70-1234", "912-70-1234"),
        ("912 88 1234", "912 88 1234"),
        ("individual taxpayer identification number (ITIN): 900701234", "900701234"),
    ],
)
def test_itins_are_found(text, value):
    assert find(text, (UsItinRecognizer, UsItinUnformattedRecognizer)) == [("US_ITIN", value)]


@pytest.mark.parametrize(
    "text",
    ["912-89-1234", "912-93-1234", "912-49-1234", "912701234", "812-70-1234", "912-70-1234-5"],
)
def test_itin_near_misses_are_ignored(text):
    assert find(text, (UsItinRecognizer, UsItinUnformattedRecognizer)) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Passport No: 512345678", "512345678"),
        ("US passport A12345678, expires 2031", "A12345678"),
        ("Reisepass-Nr. C12345678", "C12345678"),
        ("numéro de passeport 512345678", "512345678"),
    ],
)
def test_passport_numbers_need_and_have_a_label(text, value):
    assert find(text, (UsPassportRecognizer,)) == [("US_PASSPORT", value)]


@pytest.mark.parametrize("text", ["512345678", "A12345678", "invoice A12345678", "passport 5123456789"])
def test_passport_near_misses_are_ignored(text):
    assert find(text, (UsPassportRecognizer,)) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Driver's license: D1234567", "D1234567"),
        ("DL# D400-7836-0001", "D400-7836-0001"),
        ("driver license number 123456789 (NY)", "123456789"),
        ("Driving licence no. WDLABC1234", None),  # letters mixed in: not a shape we know
    ],
)
def test_driver_licenses_need_and_have_a_label(text, value):
    expected = [("US_DRIVER_LICENSE", value)] if value else []
    assert find(text, (UsDriverLicenseRecognizer,)) == expected


@pytest.mark.parametrize(
    "text",
    ["D1234567", "MIT License, Version 2.0 (c) 2024 123456789", "license: Apache-2.0 build 12345678"],
)
def test_driver_license_near_misses_are_ignored(text):
    assert find(text, (UsDriverLicenseRecognizer,)) == []


def test_a_spaced_ssn_is_an_ssn_not_a_phone(pattern_engine):
    text = "employee 536 22 1234 on file"
    assert [(f.entity_type, text[f.start : f.end]) for f in pattern_engine.scan(text).findings] == [
        ("US_SSN", "536 22 1234")
    ]


def test_a_travel_document_label_vouches_for_a_passport_number():
    text = "my travel document is A12803457"
    assert find(text, (UsPassportRecognizer,)) == [("US_PASSPORT", "A12803457")]


def test_nine_digits_after_a_bank_label_are_no_ssn_even_with_ssn_on_the_next_line():
    text = "Routing / Account: 021000089 / 773001948\nSSN (last four only): 4412"
    assert [v for e, v in find(text) if e == "US_SSN"] == []


def test_an_ssn_label_on_the_same_line_still_counts():
    text = "account holder SSN 536224718"
    assert ("US_SSN", "536224718") in find(text)
