"""Addresses and places inside the real engine (NER on): an address is one LOCATION from its first part
to its last, however NER reads the city inside it, and a place of a form or table is found."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Category


def locations(engine, text: str) -> list[str]:
    result = engine.scan(text)
    return [text[f.start : f.end] for f in result.findings if f.category is Category.LOCATION]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Hi team, new starter checklist:\n- [ ] Home address: 22/90 Rundle St, Adelaide SA 5000\nThanks",
            "22/90 Rundle St, Adelaide SA 5000",
        ),
        (
            "BEGIN:VEVENT\nSUMMARY:Visit\nLOCATION:71 Oak Street, Apt 2B, Pittsburgh, PA 15213\nEND:VEVENT",
            "71 Oak Street, Apt 2B, Pittsburgh, PA 15213",
        ),
        (
            "Sehr geehrte Damen und Herren,\nmeine Anschrift: Am Lindenplatz 4, Hinterhaus, 2. OG, "
            "99084 Erfurt\nMit freundlichen Grüßen",
            "Am Lindenplatz 4, Hinterhaus, 2. OG, 99084 Erfurt",
        ),
        (
            "INVOICE\nBill to:\nAnna Visser\nOudegracht 120\n3511 AX Utrecht\n\nConsulting, 10 hours",
            "Oudegracht 120\n3511 AX Utrecht",
        ),
    ],
)
def test_an_address_is_one_location_whatever_ner_reads_inside_it(engine, text, expected):
    assert expected in locations(engine, text)
    assert all(expected.find(v) < 0 or v == expected for v in locations(engine, text))


def test_an_ocr_birthplace_and_a_town_column_are_locations(engine):
    text = "GEBURTSTAG 01.02.1990\nGEBURTSORT REGENSBURG\nAUSWEISNUMMER T22000129\n"
    assert "REGENSBURG" in locations(engine, text)
    table = "| Nom | Prénom | Ville |\n|---|---|---|\n| MARTIN | Lucie | Namur |\n"
    assert "Namur" in locations(engine, table)
    # a town column with no one in its record locates no one (place_anchors.py)
    sales = "| Ville | CA T3 |\n|---|---|\n| Namur | 4 500 |\n"
    assert locations(engine, sales) == []


def test_an_example_address_is_not_reported_as_an_address(engine):
    text = "Für die Doku brauche ich Beispieldaten: Max Mustermann, Musterstraße 1, 12345 Musterstadt."
    assert not any("Musterstraße" in v for v in locations(engine, text))


def test_a_dutch_example_address_is_not_reported_as_an_address(engine):
    text = "Voorbeeld voor de handleiding: Jan Jansen, Voorbeeldstraat 1, 1234 AB Voorbeeldstad."
    assert not any("Voorbeeldstraat" in v for v in locations(engine, text))
