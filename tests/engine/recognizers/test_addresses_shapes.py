"""Address shapes beyond a plain street line: each is one finding from its first part (a flat, a
residence, a PO box) to its last (postcode, city, state, country), with nothing cut and nothing more."""

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.addresses import StreetAddressRecognizer


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in StreetAddressRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Australia: a unit and a house number, then the state and postcode.
        ("Home address: 12/48 Kent St, Hobart TAS 7000\nNext", "12/48 Kent St, Hobart TAS 7000"),
        ("Deliver to 7/3 George Terrace, Perth WA 6000.", "7/3 George Terrace, Perth WA 6000"),
        # Canada: a province and a postal code.
        ("Office\n88 Queen Street, Toronto, ON M5H 2N2\nT: 416", "88 Queen Street, Toronto, ON M5H 2N2"),
        (
            "1234 rue Sherbrooke Ouest, Montréal (Québec) H3G 1H2",
            "1234 rue Sherbrooke Ouest, Montréal (Québec) H3G 1H2",
        ),
        # Ireland: an Eircode after the town, on the same line or the next.
        ("Address: 14 Quay Street, Cork, T12 X7PK\n\nNotes", "14 Quay Street, Cork, T12 X7PK"),
        ("9 Bridge Road\nSligo\nF91 K2W3\n3 March 2026", "9 Bridge Road\nSligo\nF91 K2W3"),
        # US: a suite straight after the street; a state written out before the ZIP code.
        ("at 410 W Lake Ave Suite 12, Tulsa, OK 74103 (HQ)", "410 W Lake Ave Suite 12, Tulsa, OK 74103"),
        ("Bill to: 77 Pine Road, Dayton, Ohio 45402\nTotal", "77 Pine Road, Dayton, Ohio 45402"),
        # UK letter head: a flat on its own line above the street, the town on the line below.
        ("Flat 9\n31 Orchard Lane\nBath\nBA1 2QT\n4 May 2026", "Flat 9\n31 Orchard Lane\nBath\nBA1 2QT"),
        # A city and its state or country on the line under the street.
        (
            "Ship to:\n    5 Harbour Road\n    Portland, Oregon\n\nThanks",
            "5 Harbour Road\n    Portland, Oregon",
        ),
        # A key and a colon with no space: iCalendar `LOCATION:`.
        (
            "LOCATION:61 Elm Street, Apt 4, Boise, ID 83702\nEND:VEVENT",
            "61 Elm Street, Apt 4, Boise, ID 83702",
        ),
        # Dutch: a street with no street word, a postcode with two letters.
        ("Lisa de Boer\nBreestraat 14\n2311 CS Leiden\n\nBetreft", "Breestraat 14\n2311 CS Leiden"),
        ("Jan Smit\nVoorhout 211\n2514 EB Den Haag\n", "Voorhout 211\n2514 EB Den Haag"),
        # German: a street after a preposition, a back house and a floor inside the address.
        (
            "Anschrift: Auf dem Kamp 7, Hinterhaus, 2. OG, 44787 Bochum\n",
            "Auf dem Kamp 7, Hinterhaus, 2. OG, 44787 Bochum",
        ),
        ("Zum Gutshof 3\nSeitenflügel\n04109 Leipzig", "Zum Gutshof 3\nSeitenflügel\n04109 Leipzig"),
        ("Firma GmbH · Postfach 10 11 · 70173 Stuttgart\n\nHerrn", "Postfach 10 11 · 70173 Stuttgart"),
        # CSV and vCard cells parted by semicolons.
        ("42;Ute Brandt;Ahornweg 8;93047 Regensburg;0941 123", "Ahornweg 8;93047 Regensburg"),
        ("ADR;TYPE=home:;;12 Cedar Road;Leeds;;United Kingdom", "12 Cedar Road;Leeds"),
        # French: a residence or a building before the street; a hyphenated saint in the street name.
        (
            "Résidence Les Pins\n8 rue Victor Hugo\n33000 Bordeaux",
            "Résidence Les Pins\n8 rue Victor Hugo\n33000 Bordeaux",
        ),
        (
            "Bâtiment C, 2e étage\n5 allée des Roses\n44000 Nantes",
            "Bâtiment C, 2e étage\n5 allée des Roses\n44000 Nantes",
        ),
        ("Mme Dupuis\n14, rue Saint-Laurent\n4000 Liège\n\nObjet", "14, rue Saint-Laurent\n4000 Liège"),
        # Street before number in Belgium and Switzerland; Austrian stair and door; two-word Dutch name.
        ("Siège : Avenue Louise 54, 1050 Ixelles", "Avenue Louise 54, 1050 Ixelles"),
        ("Mariahilfer Straße 45/3/12, 1060 Wien", "Mariahilfer Straße 45/3/12, 1060 Wien"),
        ("Lange Voorhout 9\n2514 EA Den Haag", "Lange Voorhout 9\n2514 EA Den Haag"),
        # Portuguese and Polish postcodes.
        ("Morada: Rua Augusta 10, 1100-048 Lisboa", "Rua Augusta 10, 1100-048 Lisboa"),
        ("Adres: ul. Długa 5/7, 80-827 Gdańsk", "ul. Długa 5/7, 80-827 Gdańsk"),
        # Spanish ground floor, Italian regnal number and province.
        ("Domicilio: Calle Ancha 9, bajo, 11001 Cádiz\n", "Calle Ancha 9, bajo, 11001 Cádiz"),
        ("vive in Via Carlo Alberto II 14, 10123 Torino (TO).", "Via Carlo Alberto II 14, 10123 Torino (TO)"),
    ],
)
def test_an_address_shape_is_one_finding_with_exact_bounds(text, expected):
    assert addresses(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Seite 2\n2024 Roadmap",
        "Version 3\n2020 Berlin",
        "Sprint 5, 12000 Punkte erreicht",
        "Kapitel 4, 10115 Seiten",
        "We moved 40 Boxes to 2 Sites",
        "PO Box alone, no town",
        "Kunde Nr. 4411\n80331 München",
        "Meeting 3\n1010 Wien",
    ],
)
def test_a_number_before_a_postcode_like_number_is_not_an_unnamed_street(text):
    assert addresses(text) == []


def test_a_lone_line_under_a_street_is_not_taken_for_a_city_unless_it_is_one():
    text = "12 Main Street\nJohn Smith, Manager\n"
    assert addresses(text) == ["12 Main Street"]
