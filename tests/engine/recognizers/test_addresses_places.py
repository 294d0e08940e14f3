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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Betroffener Kunde (Kundennr. 4411, Standort Winterthur).", ["Winterthur"]),
        ("geb. am 02.03.1980 in Osnabrück", ["Osnabrück"]),
        ("Último acceso desde la oficina en Vitoria-Gasteiz.", ["Vitoria-Gasteiz"]),
        ("Customer complaint (account 77, Lancashire).", ["Lancashire"]),
        ("Reported by a caller (Mrs Hale, Cornwall) on Monday.", ["Cornwall"]),
    ],
)
def test_places_of_the_countries_served_and_a_place_closing_a_parenthesis_are_found(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mario Rossi, Via Roma 1, 00100 Roma, codice fiscale",
        "Erika Muster, 12345 Berlin",
        "(see the Paris office)",
    ],
)
def test_a_street_named_after_a_city_and_an_example_address_are_not_places(text):
    assert places(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("geb. am 16.02.1977 in Quakenbrück\n", ["Quakenbrück"]),
        ("geboren in Bad Tölz, wohnhaft in Garmisch-Partenkirchen.", ["Bad Tölz", "Garmisch-Partenkirchen"]),
        ("née le 3 mai 1980 à Quimperlé", ["Quimperlé"]),
        ("nato a Cefalù il 3/4/1990", ["Cefalù"]),
        ("nacida en Tordesillas", ["Tordesillas"]),
    ],
)
def test_a_birthplace_or_home_phrase_gives_a_place_outside_the_gazetteer(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text", ["geboren in Armut und Not", "wohnhaft in Familie Müllers Haus"])
def test_an_ordinary_noun_after_a_birthplace_phrase_is_not_a_place(text):
    assert places(text) == []
