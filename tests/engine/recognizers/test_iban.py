from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.iban import IBAN_LENGTHS, IbanLowercaseRecognizer, IbanRecognizer, iban_valid
from tests.conftest import spans


def find(text):
    found = IbanRecognizer().find(text, text.lower()) + IbanLowercaseRecognizer().find(text, text.lower())
    return spans(found, text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meine IBAN lautet DE44 5001 0517 5407 3249 31.", "DE44 5001 0517 5407 3249 31"),
        ("Bankverbindung: DE44500105175407324931 (Sparkasse)", "DE44500105175407324931"),
        ("Mon RIB : FR14 2004 1010 0505 0001 3M02 606, merci.", "FR14 2004 1010 0505 0001 3M02 606"),
        ("Mi cuenta es ES91 2100 0418 4502 0005 1332 en La Caixa.", "ES91 2100 0418 4502 0005 1332"),
        ("name,iban\nAcme Ltd,GB82WEST12345698765432\n", "GB82WEST12345698765432"),
        ('{"iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}', "NL91ABNA0417164300"),
        ("Konto CH93 0076 2011 6238 5295 7 bei der UBS", "CH93 0076 2011 6238 5295 7"),
        ("NO93 8601 1117 947 is the shortest", "NO93 8601 1117 947"),
        ("Saudi account SA03 8000 0000 6080 1016 7519", "SA03 8000 0000 6080 1016 7519"),
        ("AE070331234567890123456", "AE070331234567890123456"),
        ("TR33 0006 1005 1978 6457 8413 26", "TR33 0006 1005 1978 6457 8413 26"),
        ("Malta: MT84 MALT 0110 0001 2345 MTLC AST0 01S.", "MT84 MALT 0110 0001 2345 MTLC AST0 01S"),
        ("Please wire to IT60X0542811101000000123456 by Friday", "IT60X0542811101000000123456"),
        # Not the ISO print form, but a valid IBAN however grouped is still the account.
        ("IBAN DE44-5001-0517-5407-3249-31.", "DE44-5001-0517-5407-3249-31"),
    ],
)
def test_ibans_in_realistic_text_are_found_whole(text, value):
    assert find(text) == [("IBAN_CODE", value)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("BE68 5390 0754 7034 1234 is the amount", "BE68 5390 0754 7034"),  # a group too many
        ("BE68 5390 0754 7034 GEBABEBB", "BE68 5390 0754 7034"),  # BIC right after
        ("DE44 5001 0517 5407 3249 31 2 days ago", "DE44 5001 0517 5407 3249 31"),
    ],
)
def test_grouped_iban_stops_at_the_country_length(text, value):
    assert find(text) == [("IBAN_CODE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "DE44 5001 0517 5407 3249 32",  # mod 97 fails
        "DE44500105175407324932",
        "DE4450010517540732493",  # one character short for Germany
        "DE445001051754073249311",  # one too many
        "XX44500105175407324931",  # no such country
        "xDE44500105175407324931",  # glued to a word
        "DE44500105175407324931abc",
        "DE44-5001 0517-5407-3249-31",  # mixed separators
        "De44500105175407324931",  # mixed case
        "de44 5001 0517 5407 3249 31",  # lower case is accepted compact only
        "sha256: AB12CDEF34567890ABCDEF1234",
        "build ID3456789012345678 done",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def test_lowercase_compact_iban_is_found_next_to_an_iban_word():
    assert find("meine iban: de44500105175407324931") == [("IBAN_CODE", "de44500105175407324931")]


def test_lowercase_compact_iban_without_an_iban_word_is_ignored():
    assert find("ref de44500105175407324931") == []


SEPA_AND_MAJOR = (
    "DE", "FR", "ES", "IT", "NL", "BE", "AT", "PT", "IE", "FI", "LU", "GR", "SK", "SI",
    "EE", "LV", "LT", "MT", "CY", "HR", "PL", "CZ", "HU", "RO", "BG", "SE", "DK", "IS",
    "LI", "NO", "CH", "MC", "SM", "VA", "AD", "GB", "GI", "TR", "SA", "AE",
)  # fmt: skip


@pytest.mark.parametrize("country", SEPA_AND_MAJOR)
def test_every_sepa_country_and_the_big_non_sepa_issuers_have_a_length(country):
    assert 15 <= IBAN_LENGTHS[country] <= 34


def test_iban_valid_ignores_spaces_and_case():
    assert iban_valid("gb82 west 1234 5698 7654 32")
    assert not iban_valid("GB82 WEST 1234 5698 7654 3")


def test_documented_example_ibans_are_dismissed_by_the_engine(pattern_engine):
    text = "Example: DE89 3704 0044 0532 0130 00 and GB82 WEST 1234 5698 7654 32"
    assert [f for f in pattern_engine.scan(text).findings if f.entity_type == "IBAN_CODE"] == []
