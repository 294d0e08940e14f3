from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.credit_card import CreditCardRecognizer, card_brand_matches
from dlpguard.engine.types import Category
from tests.conftest import spans


def find(text):
    return spans(CreditCardRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1042,Jane Doe,4017244810523933,12/27,active", "4017244810523933"),
        ('{"card_number": "5122-2862-6276-4449", "exp": "11/26"}', "5122-2862-6276-4449"),
        ("Hi, please charge my Amex 3454 438581 09420 for the renewal.", "3454 438581 09420"),
        ("Bitte buchen Sie von meiner Kreditkarte 2221 4427 2297 9773 ab.", "2221 4427 2297 9773"),
        ("Numéro de carte bancaire : 6011 0188 6105 4951, expiration 09/26.", "6011 0188 6105 4951"),
        ("Mi tarjeta de crédito es 3528-1748-2025-4753.", "3528-1748-2025-4753"),
        ("Ticket #88123: customer says card 6596844114425653 was declined", "6596844114425653"),
        ("Diners Club 3616 015115 2022", "3616 015115 2022"),
        ("old visa 4283857943490 expired", "4283857943490"),  # 13-digit Visa
        ("UnionPay 6203 2316 8850 5636 800", "6203 2316 8850 5636 800"),  # 19 digits, 4-4-4-4-3
        ("Maestro: 675955160090637501", "675955160090637501"),
        ("card=2720804722329992&amount=10", "2720804722329992"),
        ("JCB\t3589268196670166\n", "3589268196670166"),
        ("(4017244810523933)", "4017244810523933"),
    ],
)
def test_cards_in_realistic_text_are_found_with_their_separators(text, value):
    assert find(text) == [("CREDIT_CARD", value)]


def test_cvv_after_a_grouped_card_is_not_part_of_the_card():
    assert find("4017 2448 1052 3933 737") == [("CREDIT_CARD", "4017 2448 1052 3933")]


@pytest.mark.parametrize(
    "text",
    [
        "4017244810523934",  # Luhn fails
        "4017 2448 1052 3934",
        "3437964596586168",  # Luhn passes but Amex numbers have 15 digits
        "439762851416178",  # Luhn passes but no 15-digit Visa exists
        "1234567812345670",  # Luhn passes, no brand starts with 1
        "7489235700123456",  # no brand starts with 7 (tracking-number shape)
        "4017 2448-1052 3933",  # separators not used consistently
        "4017  2448 1052 3933",  # double space
        "94017244810523933",  # inside a longer digit run
        "401724481052393312345",
        "1234 4017 2448 1052 3933",  # continues a longer run of groups
        "session=a3f04017244810523933b",  # inside a hex identifier
        "user_4017244810523933",
        "ORD-4017244810523933",
        "/api/v2/orders/4630628486395062?page=2",  # a path segment
        "price 0.4017244810523933",  # decimal fraction
        "value=4017244810523933.25",
        "ts=1715012345678 us=1715012345678901",  # epoch millis and micros
        "2024-05-01T12:30:45.123456Z",
        "+1 415 555 0199, +49 30 12345678",
        "uuid 40172448-1052-3933-a1b2-c3d4e5f6a7b8",
        "version 4.0172448.1052",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "order_id=4630628486395062 status=shipped",
        "Order #4523236813928405 was delivered",
        '{"transaction_id": "4717015066824800", "amount": 12.5}',
        "INFO req_id=5118131262135826 latency=20ms",
        "Ihre Bestellnummer: 5503241393314050",
        "tracking no. 4630628486395062",
        "rng = np.random.default_rng(2435908729190400)",
    ],
)
def test_luhn_valid_numbers_labelled_as_identifiers_are_ignored(text):
    assert find(text) == []


def test_a_card_word_overrides_the_identifier_label():
    text = "Paid by Visa card, payment ref: 4630628486395062"
    assert find(text) == [("CREDIT_CARD", "4630628486395062")]


def test_valid_cards_score_as_certain():
    [finding] = CreditCardRecognizer().find("4017244810523933", "4017244810523933")
    assert finding.score == 1.0
    assert finding.category is Category.FINANCIAL


@pytest.mark.parametrize(
    "digits, expected",
    [
        ("4017244810523933", True),
        ("5122286262764449", True),
        ("2221442722979773", True),
        ("2720804722329992", True),
        ("2721000000000000", False),  # just past the Mastercard 2-series
        ("345443858109420", True),
        ("3454438581094200", False),
        ("6446433555083080", True),
        ("3528174820254753", True),
        ("3527000000000000", False),
        ("30072260372316", True),
        ("5018423323093", True),  # Maestro, 13 digits
        ("5018423323093000000", True),
        ("8018423323093", False),
    ],
)
def test_brand_table(digits, expected):
    assert card_brand_matches(digits) is expected


def test_documented_test_cards_are_dismissed_by_the_engine(pattern_engine):
    text = "use 4111 1111 1111 1111 or 4242424242424242 in the sandbox"
    assert [f for f in pattern_engine.scan(text).findings if f.entity_type == "CREDIT_CARD"] == []


def test_presidio_entry_point_reports_the_same_card():
    text = "card 4017-2448-1052-3933"
    [result] = CreditCardRecognizer().analyze(text, ["CREDIT_CARD"])
    assert text[result.start : result.end] == "4017-2448-1052-3933"


def test_luhn_valid_barcodes_in_an_ean_column_are_not_cards():
    text = "sku,ean,name\nSKU-1,4025287211471,Laptop stand\nSKU-2,4033093879846,Desk lamp\n"
    assert find(text) == []
