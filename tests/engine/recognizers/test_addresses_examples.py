"""Example addresses of manuals and demo data name nobody's home: they are not findings, and a place NER
reads inside one is set aside as a known test value."""

from __future__ import annotations

import pytest

from dlpguard.engine import filters
from dlpguard.engine.recognizers.addresses import (
    EXAMPLE_ADDRESS_REASON,
    StreetAddressRecognizer,
    example_address_place,
    placeholder_address,
)
from dlpguard.engine.types import Category, Finding


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in StreetAddressRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "Beispieldaten: Erika Muster, Musterweg 5, 12345 Musterhausen, Tel.",
        "Datos ficticios: Calle Falsa 742, Springfield.",
        "Dati di esempio: Via Garibaldi 1, 20100 Milano, tel.",
        "Adresse fictive : 3 rue de l'Exemple, 69000 Lyon.",
        "Demo user\nAddress: 42 Sample Street, Anytown, USA\n",
        "Test fixture: 1 Beispielweg, 00000 Irgendwo",
        "Shipping: 99 Fake Avenue, Springfield, IL 12345",
    ],
)
def test_an_example_address_is_not_a_finding(text):
    assert addresses(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mail it to 1600 Main St, Springfield, IL 62704.", "1600 Main St, Springfield, IL 62704"),
        ("Sede: Via Roma 12, 20121 Milano (MI)", "Via Roma 12, 20121 Milano (MI)"),
        ("Siège : 3 bis rue de la Paix, 75002 Paris", "3 bis rue de la Paix, 75002 Paris"),
        ("Poitiers: 4 rue Carnot, 86000 Poitiers", "4 rue Carnot, 86000 Poitiers"),
    ],
)
def test_a_real_address_that_shares_a_street_or_town_with_examples_is_still_found(text, expected):
    assert addresses(text) == [expected]


@pytest.mark.parametrize(
    "address, expected",
    [
        ("Musterstraße 1, 12345 Musterstadt", True),
        ("123 Main Street, Anytown, USA", True),
        ("Via Roma 1, 00100 Roma", True),
        ("1 rue de l'Exemple, 75000 Paris", True),
        ("Via Roma 1, 00185 Roma", False),
        ("12 rue de la Paix, 75002 Paris", False),
        ("Lindenallee 30, 99152 Nürnberg", False),
    ],
)
def test_placeholder_address(address, expected):
    assert placeholder_address(address) is expected


def _place(text: str, value: str) -> Finding:
    start = text.index(value)
    return Finding("LOCATION", Category.LOCATION, start, start + len(value), 0.85, "SpacyNerRecognizer")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Address: 123 Main Street, Anytown, USA", "Anytown"),
        ("Adresse : 1 rue de l'Exemple, 75000 Paris, N° client", "Paris"),
        ("Max Mustermann, Musterstraße 1, 12345 Musterstadt", "Musterstadt"),
        ("Juan Pérez, Calle Falsa 123, Madrid", "Madrid"),
    ],
)
def test_a_place_inside_an_example_address_is_a_known_test_value(text, value):
    assert example_address_place(_place(text, value), value, text) == EXAMPLE_ADDRESS_REASON


@pytest.mark.parametrize(
    "text, value",
    [
        ("Lieferung an Lindenallee 30, 99152 Nürnberg", "Nürnberg"),
        ("The example shows how our team in Paris works.", "Paris"),
        ("Order 12345 shipped to Berlin", "Berlin"),
    ],
)
def test_a_place_outside_an_example_address_is_kept(text, value):
    assert example_address_place(_place(text, value), value, text) is None


def test_the_example_reason_is_the_one_the_engine_counts_for_its_note():
    assert EXAMPLE_ADDRESS_REASON == filters.KNOWN_EXAMPLE_REASON


def test_an_example_address_reported_whole_is_set_aside_by_the_filter_too():
    text = "Beispiel: Musterstraße 1, 12345 Musterstadt"
    recognizer = StreetAddressRecognizer()
    recognizer.DROP_EXAMPLES = False
    [found] = recognizer.find(text, text.lower())
    value = text[found.start : found.end]
    assert value == "Musterstraße 1, 12345 Musterstadt"
    assert example_address_place(found, value, text) == EXAMPLE_ADDRESS_REASON


@pytest.mark.parametrize(
    "address",
    ["12345 Ventura Blvd, Studio City, CA 91604", "11111 Katy Freeway, Houston, TX 77079"],
)
def test_a_house_number_that_looks_like_a_placeholder_postcode_is_not_one(address):
    assert placeholder_address(address) is False
