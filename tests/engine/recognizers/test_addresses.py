from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.addresses import StreetAddressRecognizer


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in StreetAddressRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bitte an Lindenallee 30, 99152 Nürnberg schicken.", "Lindenallee 30, 99152 Nürnberg"),
        ("Karl-Marx-Str. 5\n10115 Berlin", "Karl-Marx-Str. 5\n10115 Berlin"),
        ("Berliner Straße 12a, 60311 Frankfurt am Main", "Berliner Straße 12a, 60311 Frankfurt am Main"),
        ("Envoyez au 12 avenue Jean Jaurès, 69007 Lyon avant lundi.", "12 avenue Jean Jaurès, 69007 Lyon"),
        ("Siège : 3 bis rue de la Paix, 75002 Paris CEDEX 02", "3 bis rue de la Paix, 75002 Paris CEDEX 02"),
        ("Dirección: Calle Mayor 5, 3º B, 28013 Madrid", "Calle Mayor 5, 3º B, 28013 Madrid"),
        ("vive en la calle de Alcalá 120, Madrid.", "calle de Alcalá 120, Madrid"),
        ("C/ Gran Via 28, 28013 Madrid", "C/ Gran Via 28, 28013 Madrid"),
        ("Sede: Via Roma 12, 20121 Milano (MI)", "Via Roma 12, 20121 Milano (MI)"),
        ("Piazza della Signoria 1, Firenze", "Piazza della Signoria 1, Firenze"),
        ("Ship to 221B Baker Street, London NW1 6XE, UK", "221B Baker Street, London NW1 6XE, UK"),
        ("Flat 3, 12 High Street, Oxford OX1 4AA", "Flat 3, 12 High Street, Oxford OX1 4AA"),
        ("Mail it to 1600 Main St, Springfield, IL 62704.", "1600 Main St, Springfield, IL 62704"),
        ("1600 Pennsylvania Ave NW, Washington, DC 20500", "1600 Pennsylvania Ave NW, Washington, DC 20500"),
        ("Home: 34 Willow Cres, Apt 4B\nChicago, IL 60614", "34 Willow Cres, Apt 4B\nChicago, IL 60614"),
        ("Bill to: T. Diallo\n32 Station Approach, Bristol BS8 6HB", "32 Station Approach, Bristol BS8 6HB"),
        ('"address": "14 The Paddocks, Leicester LE5 8EF",', "14 The Paddocks, Leicester LE5 8EF"),
    ],
)
def test_a_street_address_is_one_finding_from_street_to_city(text, expected):
    assert addresses(text) == [expected]


def test_a_letter_head_address_runs_over_its_lines_but_not_into_the_name_or_greeting():
    text = "Maria Keller\nLindenallee 30\n99152 Nürnberg\nDeutschland\n\nHallo Frau Keller,"
    assert addresses(text) == ["Lindenallee 30\n99152 Nürnberg\nDeutschland"]


def test_an_address_column_gives_its_cells():
    text = 'name,address,email\nAna,"Rua Augusta 10, Lisboa",ana@x.pt\n'
    assert addresses(text) == ["Rua Augusta 10, Lisboa"]


@pytest.mark.parametrize(
    "text",
    [
        "the 3 Best Practices for teams",
        "version 3.2 Main Street",
        "via Slack 3 times a day",
        "Im Jahr 2024 haben wir 5 Termine",
        "We shipped 12 features in Q3, see Notes.",
        "listen on port 8080 Street",
    ],
)
def test_numbers_before_capitalised_words_are_not_addresses(text):
    assert addresses(text) == []


def test_a_street_named_after_a_person_is_an_address_not_a_person(engine):
    text = "Please send the contract to 12 avenue Jean Jaurès, 69007 Lyon by Friday."
    found = [(f.entity_type, text[f.start : f.end]) for f in engine.scan(text).findings]
    assert found == [("LOCATION", "12 avenue Jean Jaurès, 69007 Lyon")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SHIP TO:\nFERNANDO TESFAYE\n76 ELM STREET\nDUNDEE\nMW11 3NR\nTEL +1 (773) 421-6279",
         "76 ELM STREET\nDUNDEE\nMW11 3NR"),
        ("DOMlClLIO: CALLE NUEVA, 71, 2º A, 03432 ASTORGA\nFECHA", "CALLE NUEVA, 71, 2º A, 03432 ASTORGA"),
        ("Client :\nNathalie Arnaud\n89b allée des Peupliers\n61000 ALENÇON\n",
         "89b allée des Peupliers\n61000 ALENÇON"),
        ("Adresse de livraison : 97b rue de la République, 82000 Montauban\n",
         "97b rue de la République, 82000 Montauban"),
    ],
)  # fmt: skip
def test_addresses_in_capitals_and_house_numbers_with_a_letter_are_found(text, expected):
    found = [text[f.start : f.end] for f in StreetAddressRecognizer().find(text, text.lower())]
    assert found == [expected]


def test_a_notice_in_capitals_with_a_street_word_is_no_address():
    text = "WARNING: DO NOT PARK ON THIS STREET 24 HOURS"
    assert StreetAddressRecognizer().find(text, text.lower()) == []


def test_a_brazilian_address_with_its_flat_district_and_cep_is_one_finding():
    text = "endereço Rua Augusta, 1500, apto 42, Consolação, 01304-001 São Paulo - SP, celular (11) 9876"
    found = [text[f.start : f.end] for f in StreetAddressRecognizer().find(text, text.lower())]
    assert found == ["Rua Augusta, 1500, apto 42, Consolação, 01304-001 São Paulo - SP"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Adres: Beukenrode 75-A, 1825 ZX Medemblik", "Beukenrode 75-A, 1825 ZX Medemblik"),
        ("een busje bij Molenlaan 45bis, 4587 SG Harderwijk", "Molenlaan 45bis, 4587 SG Harderwijk"),
        ("Jelle Kuipers\nZuiderdiep 47 II\n8846 HN Harderwijk\n", "Zuiderdiep 47 II\n8846 HN Harderwijk"),
        (
            "residente na Travessa do Carmo, 91, 3.º Esq., 4772-979 Tomar. O reembolso",
            "Travessa do Carmo, 91, 3.º Esq., 4772-979 Tomar",
        ),
        (
            "Exm.º Sr.\nLargo do Pelourinho, 163, 1.º A\n3545-532 Fafe\n",
            "Largo do Pelourinho, 163, 1.º A\n3545-532 Fafe",
        ),
    ],
)
def test_dutch_and_portuguese_addresses_with_suffixes_and_floors_are_whole(text, expected):
    assert expected in addresses(text)


@pytest.mark.parametrize(
    "text, address",
    [
        ("Adresse : 8 bis, allée des Tilleuls, 44300 Nantes.", "8 bis, allée des Tilleuls, 44300 Nantes"),
        ("Nieuw adres: Kastanjelaan 12-bis, 3521 AB Utrecht.", "Kastanjelaan 12-bis, 3521 AB Utrecht"),
        ("Indirizzo: Via dei Mille 41/B, 35122 Padova PD.", "Via dei Mille 41/B, 35122 Padova PD"),
    ],
)
def test_house_numbers_with_bis_or_a_letter_after_a_slash_keep_their_address_whole(text, address):
    assert addresses(text) == [address]
