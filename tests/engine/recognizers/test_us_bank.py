from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.us_bank import AbaRoutingRecognizer, UsBankNumberRecognizer
from tests.conftest import spans


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Routing number: 021000021", "021000021"),
        ("ABA: 011000015, account 12345678", "011000015"),
        ("Wire to Chase, RTN 021000021.", "021000021"),
        ("routing,account\n121000358,000123456789", "121000358"),
        ("ABA/routing 0260-0959-3", "0260-0959-3"),
        ("Número de ruta (ABA) 026009593", "026009593"),
    ],
)
def test_routing_numbers_next_to_their_label_are_found(text, value):
    assert find(AbaRoutingRecognizer, text) == [("ABA_ROUTING_NUMBER", value)]


@pytest.mark.parametrize(
    "text",
    [
        "021000021",  # no label
        "customer_id = 021000021",
        "routing number 021000022",  # checksum fails
        "transit 131000021",  # checksum passes, no Federal Reserve prefix, and no routing label right before
        "routing 0210000210",  # ten digits
        "the database row 021000021 was updated",  # 'aba' inside a word is no label
    ],
)
def test_routing_near_misses_are_ignored(text):
    assert find(AbaRoutingRecognizer, text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Account number: 000123456789", "000123456789"),
        ("Checking account 12345678 at Chase", "12345678"),
        ("acct# 9876543210123", "9876543210123"),
        ("Meine Kontonummer ist 0123456789.", "0123456789"),
        ("Número de cuenta: 20385778983000760236", None),  # 20 digits: longer than a US account
    ],
)
def test_account_numbers_next_to_their_label_are_found(text, value):
    expected = [("US_BANK_NUMBER", value)] if value else []
    assert find(UsBankNumberRecognizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Order 12345678 shipped",  # no label
        "account created at 1715012345678",  # 'account' alone is not a label
        "account number: 1234567",  # seven digits
        "account number 12345678.50",  # an amount
    ],
)
def test_account_near_misses_are_ignored(text):
    assert find(UsBankNumberRecognizer, text) == []


def test_routing_number_wins_over_account_number_in_the_engine(pattern_engine):
    text = "Routing: 021000021\nAccount number: 4099312345"
    found = {(f.entity_type, text[f.start : f.end]) for f in pattern_engine.scan(text).findings}
    assert {("ABA_ROUTING_NUMBER", "021000021"), ("US_BANK_NUMBER", "4099312345")} <= found
    assert ("US_BANK_NUMBER", "021000021") not in found


@pytest.mark.parametrize(
    "text, value",
    [
        ("routing number 131000021", "131000021"),
        ("Payee: Fenna Roe\nRouting: 334625368\nAccount: 3220692613", "334625368"),
        ("| Routing no. | 744183186 |\n| Account no. | 593679415 |", "744183186"),
    ],
)
def test_a_routing_label_right_before_vouches_for_a_checksum_without_a_federal_reserve_prefix(text, value):
    assert find(AbaRoutingRecognizer, text) == [("ABA_ROUTING_NUMBER", value)]
