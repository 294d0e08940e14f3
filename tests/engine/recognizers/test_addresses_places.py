from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.addresses_places import KnownPlaceRecognizer


def places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in KnownPlaceRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ma commande livrée à Marseille le 16/03 est arrivée cassée.", ["Marseille"]),
        ("Kunde Lukas Weber aus Bremen bittet um Rückruf.", ["Bremen"]),
        ("La contraseña del wifi de la oficina de Bilbao es otra.", ["Bilbao"]),
        ("Eintritt: 10.08.2024, Standort Dresden\nBemerkung: Probezeit", ["Dresden"]),
        ("Booked on the flight from Munich to Buenos Aires (ref CBM94A).", ["Munich", "Buenos Aires"]),
        ("Name: Inés Murphy    Location: Austin, Texas", ["Austin", "Texas"]),
        ("Sede legale a Torino, ufficio in Milano.", ["Torino", "Milano"]),
        ("Offsite venue: Milan (Italy) or Pune", ["Milan", "Italy"]),
        ("Lieferadresse:\nMaria Keller\n99152 Nürnberg", ["Nürnberg"]),
    ],
)
def test_a_well_known_place_after_a_place_word_is_found(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sprint review – Team Phoenix shipped the login flow.",
        "Austin approved the pull request.",
        "Paris Hilton was trending.",
        "Rotterdam",
        "Order 12345 Paris shipped",
        "see AmsterdamConfig and Berliner Weiße",
    ],
)
def test_a_place_name_without_a_place_word_is_left_to_ner(text):
    assert places(text) == []


def test_a_huge_paste_yields_a_bounded_number_of_places():
    text = "Priya asked Tomasz in Denver to check the numbers. " * 5_000
    assert len(places(text)) == KnownPlaceRecognizer.MAX_FINDINGS
