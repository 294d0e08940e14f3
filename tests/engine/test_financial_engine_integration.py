"""The financial and government-id recognizers inside the real engine: filters, overlaps, discovery."""

from __future__ import annotations

import random

import pytest

from dlpguard.engine.recognizers import (
    at_ids,
    au_ids,
    be_ids,
    ca_ids,
    ch_ids,
    credit_card,
    crypto,
    de_ids,
    es_ids,
    fi_ids,
    fr_ids,
    iban,
    ie_ids,
    in_ids,
    it_ids,
    nl_ids,
    pl_ids,
    se_ids,
    sg_ids,
    uk_ids,
    us_bank,
    us_ids,
)
from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.registry import discover
from dlpguard.engine.types import Category

FINANCIAL_MODULES = (credit_card, iban, us_bank, crypto)
GOVERNMENT_MODULES = (us_ids, uk_ids, de_ids, fr_ids, es_ids, it_ids, pl_ids, fi_ids, se_ids, in_ids, sg_ids,
                      au_ids, ca_ids, nl_ids, be_ids, ch_ids, at_ids, ie_ids)  # fmt: skip
MODULES = FINANCIAL_MODULES + GOVERNMENT_MODULES
OURS = {Category.FINANCIAL, Category.GOVERNMENT_ID}


def ours(engine, text):
    return {(f.entity_type, text[f.start : f.end]) for f in engine.scan(text).findings if f.category in OURS}


CSV_EXPORT = """\
id,name,email,card,iban,ssn,note
1,Jane Doe,jane@corp.test,4017 2448 1052 3933,DE44 5001 0517 5407 3249 31,536-22-1234,VIP
2,John Roe,john@corp.test,5122-2862-6276-4449,FR24 3000 4028 3700 0123 4567 H12,412-55-0199,
3,Ana Ruiz,ana@corp.test,345443858109420,ES1020850103950330123456,601-12-3456,"call back, re: refund"
4,Test User,test@corp.test,4111 1111 1111 1111,DE89370400440532013000,078-05-1120,sandbox values
5,Bad Data,bad@corp.test,4017 2448 1052 3934,DE44500105175407324932,666-12-3456,typos
6,Old Row,old@corp.test,,,123-45-6789,placeholder ssn
"""


def test_csv_export_yields_exactly_the_real_cards_ibans_and_ssns(pattern_engine):
    assert ours(pattern_engine, CSV_EXPORT) == {
        ("CREDIT_CARD", "4017 2448 1052 3933"),
        ("CREDIT_CARD", "5122-2862-6276-4449"),
        ("CREDIT_CARD", "345443858109420"),
        ("IBAN_CODE", "DE44 5001 0517 5407 3249 31"),
        ("IBAN_CODE", "FR24 3000 4028 3700 0123 4567 H12"),
        ("IBAN_CODE", "ES1020850103950330123456"),
        ("US_SSN", "536-22-1234"),
        ("US_SSN", "412-55-0199"),
        ("US_SSN", "601-12-3456"),
    }


def _luhn_complete(prefix: str, rnd: random.Random) -> str:
    """A 16-digit number with a card brand's prefix that passes Luhn: the worst case for an order id."""
    from dlpguard.engine.checksums import luhn_valid

    while True:
        candidate = prefix + "".join(rnd.choice("0123456789") for _ in range(16 - len(prefix)))
        if luhn_valid(candidate):
            return candidate


def _log_file() -> str:
    rnd = random.Random(2024)
    lines = []
    for i in range(300):
        order = _luhn_complete(rnd.choice(["4", "51", "6011", "37"]), rnd)
        millis = 1_715_000_000_000 + rnd.randrange(10**9)
        hexid = "".join(rnd.choice("0123456789abcdef") for _ in range(32))
        ups = f"1Z999AA1{rnd.randrange(10**9):09d}"
        usps = f"9400 1000 0000 {rnd.randrange(10**4):04d} {rnd.randrange(10**4):04d} {i % 100:02d}"
        lines += [
            f"2024-05-{i % 28 + 1:02d}T10:{i % 60:02d}:07Z INFO order_id={order} ts={millis} id={hexid}",
            f'{{"orderId": "{order}", "status": "SHIPPED", "tracking": "{ups}"}}',
            f"GET /api/v2/orders/{order}/items?page={i % 9} 200 {rnd.randrange(900)}ms",
            f"USPS {usps}",
            f"DHL JD01460000{rnd.randrange(10**10):010d} FedEx {rnd.randrange(10**12):012d}",
            f"deploy v{i % 7}.{i % 13}.{i} build {rnd.randrange(10**9)} epoch {millis // 1000} "
            f"took {rnd.random():.16f}s",
            f"Bestellung {order} versandt; Ticket #{rnd.randrange(10**6)}; Commande {order} expédiée",
        ]
    return "\n".join(lines)


def test_log_of_order_ids_timestamps_tracking_numbers_and_versions_yields_nothing(pattern_engine):
    assert ours(pattern_engine, _log_file()) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Hallo, meine IBAN lautet DE44 5001 0517 5407 3249 31 und meine Steuer-ID 86 095 742 719.",
            {("IBAN_CODE", "DE44 5001 0517 5407 3249 31"), ("DE_TAX_ID", "86 095 742 719")},
        ),
        (
            "Bonjour, ma carte bancaire 6011 0188 6105 4951 et mon numéro de sécu 2 55 08 14 168 025 38.",
            {("CREDIT_CARD", "6011 0188 6105 4951"), ("FR_NIR", "2 55 08 14 168 025 38")},
        ),
        (
            "Hola, mi DNI es 48302173B y mi tarjeta de crédito 3528-1748-2025-4753.",
            {("ES_NIF", "48302173B"), ("CREDIT_CARD", "3528-1748-2025-4753")},
        ),
        (
            "Hi team, customer SSN 412-55-0199, NINO JG 12 34 56 C, routing number 021000021.",
            {("US_SSN", "412-55-0199"), ("UK_NINO", "JG 12 34 56 C"), ("ABA_ROUTING_NUMBER", "021000021")},
        ),
    ],
)
def test_multilingual_support_tickets(pattern_engine, text, expected):
    assert ours(pattern_engine, text) == expected


EXPECTED_ENTITIES = {
    "CREDIT_CARD", "IBAN_CODE", "ABA_ROUTING_NUMBER", "US_BANK_NUMBER", "CRYPTO",
    "US_SSN", "US_ITIN", "US_PASSPORT", "US_DRIVER_LICENSE", "UK_NINO", "UK_NHS", "DE_TAX_ID", "DE_ID_CARD",
    "FR_NIR", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "PL_PESEL", "FI_PERSONAL_IDENTITY_CODE",
    "SE_PERSONNUMMER", "IN_AADHAAR", "IN_PAN", "SG_NRIC_FIN", "AU_TFN", "AU_ABN", "AU_ACN", "AU_MEDICARE",
    "CA_SIN", "DE_PASSPORT", "DE_SOCIAL_SECURITY", "ES_SOCIAL_SECURITY", "IT_IDENTITY_CARD", "FR_PASSPORT",
    "NL_BSN", "BE_NATIONAL_NUMBER", "CH_AHV", "AT_SOCIAL_SECURITY", "IE_PPSN",
}  # fmt: skip


def _our_detector_classes() -> list[type[PatternDetector]]:
    names = {m.__name__ for m in MODULES}
    return [cls for cls in discover() if cls.__module__ in names]  # type: ignore[misc]


def test_discovery_finds_every_entity_under_its_exact_name():
    assert {cls.ENTITY for cls in _our_detector_classes()} == EXPECTED_ENTITIES


def test_every_recognizer_is_in_the_financial_or_government_id_category():
    financial = {m.__name__ for m in FINANCIAL_MODULES}
    for cls in _our_detector_classes():
        expected = Category.FINANCIAL if cls.__module__ in financial else Category.GOVERNMENT_ID
        assert cls.CATEGORY is expected, cls.__name__


@pytest.mark.parametrize("cls", [c for c in _our_detector_classes() if c.KEYWORDS], ids=lambda c: c.__name__)
def test_every_context_word_contains_a_keyword_so_the_prefilter_never_hides_it(cls):
    keywords = [k.lower() for k in cls.KEYWORDS]
    assert [w for w in cls.CONTEXT if not any(k in w.lower() for k in keywords)] == []


@pytest.mark.parametrize("cls", _our_detector_classes(), ids=lambda c: c.__name__)
def test_every_recognizer_is_silent_on_empty_and_digit_only_noise(cls):
    detector = cls()
    noise = " ".join(str(n) for n in range(0, 5000, 7))
    assert detector.find("", "") == []
    assert [f for f in detector.find(noise, noise) if f.score >= 0.5] == []
