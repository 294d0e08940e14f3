from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_csv import PersonCsvRecognizer
from dlpguard.engine.tables import split_cells
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonCsvRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "id,name,email,city\n1,Ana Souza,ana@globex.com,Berlin\n2,Priya Raman,priya@acme.io,London\n",
            ["Ana Souza", "Priya Raman"],
        ),
        (
            'first_name;last_name;city\nJürgen;Weiß;Berlin\n"Marie-Claire";"Dubois";Paris',
            ["Jürgen", "Weiß", "Marie-Claire", "Dubois"],
        ),
        ("Vorname\tNachname\tAbteilung\nSabine\tWagner\tHR\n", ["Sabine", "Wagner"]),
        ('"Customer Name","Amount"\n"Lukas Becker","30.00"\n', ["Lukas Becker"]),
        ("Name,NI number,Mobile\nAnjali Rossi,BL 19 73 73 B,0161 982 5283\n", ["Anjali Rossi"]),
        ("hostname,ip,owner,os\nLT-6707,172.25.28.242,Nadia Kowalski,Windows 11\n", ["Nadia Kowalski"]),
        (
            "| Name | Team |\n|------|:----:|\n| Ana Souza | Sales |\n| Priya Raman | Ops |",
            ["Ana Souza", "Priya Raman"],
        ),
        (
            "  id   | name | email\n-------+------+-------\n  1832 | Kwame Farouk | kf@free.fr\n(1 row)",
            ["Kwame Farouk"],
        ),
        (
            ">>> df.head()\n           name                  email      city\n"
            "0   Sunita Eze   se@live.co.uk   Helsinki\n"
            "1   Diego Kovács   dk@web.de   Kraków\n",
            ["Sunita Eze", "Diego Kovács"],
        ),
        (
            "INSERT INTO customers (full_name, email, phone) VALUES\n"
            "  ('Svetlana Abdullah', 'sa@web.de', NULL),\n"
            "  ('Omar Lindqvist', 'ol@web.de', '+254 760 360 669');",
            ["Svetlana Abdullah", "Omar Lindqvist"],
        ),
        ('customer_name,amount\n"Souza, Ana",12\n', ["Souza, Ana"]),  # "Last, First", as exports write it
    ],
)
def test_values_under_a_person_column_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "id,name,price\n1,order-service,9.99\n2,Widget,1.00\n",  # a name column of products
        "name,value\nfoo,bar\n",
        "id,name,email\n1,John Doe,jd@example.com\n",  # a placeholder
        "x = {'name': 1}\nprint(name, value)",  # code, not a header
        "the name  of the game is fine\nAna Souza  was here",
        "INSERT INTO products (name, sku) VALUES ('Blue Widget', 'B-1');",
    ],
)
def test_tables_without_person_values_report_nothing(text):
    assert names(text) == []


def test_a_table_ends_at_a_blank_line_or_a_row_of_another_shape():
    text = "name,email\nAna Souza,a@globex.com\n\nPriya Raman,p@acme.io\n"
    assert names(text) == ["Ana Souza"]


@pytest.mark.parametrize(
    "line, delimiter, cells",
    [
        ('1,"Souza, Ana",x', ",", ["1", "Souza, Ana", "x"]),
        ("| a | b |", "|", ["a", "b"]),
        ("0   Ana Souza   Berlin", " ", ["0", "Ana Souza", "Berlin"]),
    ],
)
def test_cells_are_split_with_quotes_pipes_and_alignment_gaps(line, delimiter, cells):
    assert [line[s:e] for s, e in split_cells(line, delimiter)] == cells


def test_surnames_in_capitals_are_names_in_a_surname_column():
    text = (
        "| Nom | Prénom | Ville |\n|---|---|---|\n| OKAFOR | Chidi | Lyon |\n| EL AMRANI | Yasmine | Metz |\n"
    )
    assert names(text) == ["OKAFOR", "Chidi", "EL AMRANI", "Yasmine"]


def test_capitals_in_a_first_name_column_need_a_known_first_name():
    text = "first_name,last_name,city\nN/A,TBD,Lyon\nCHIDI,OKAFOR,Lyon\n"
    assert "N/A" not in names(text) and "TBD" not in names(text)


def test_irish_surnames_with_their_particle_are_whole_names():
    text = "Employee\tNINO\nOisín Ó Briain\tGZ044558B\n"
    assert names(text) == ["Oisín Ó Briain"]


def test_a_bare_name_column_beside_a_surname_column_holds_first_names():
    text = "| Cognome | Nome | Codice fiscale |\n|---|---|---|\n| ESPOSITO | Gennaro | SPSGNR80A01F839X |\n"
    assert names(text) == ["ESPOSITO", "Gennaro"]
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '{| class="wikitable"\n! Team !! Name !! Mobile\n|-\n'
            "| Identity || Soo-ah Choi || +1-308-212-8962\n"
            "|-\n| Storage || Declan McAllister || +1 355 911 4431\n|}\n",
            ["Soo-ah Choi", "Declan McAllister"],
        ),
        ("{|\n! Owner\n! Host\n|-\n| Nadia Kowalski\n| LT-6707\n|}\n", ["Nadia Kowalski"]),
        (
            "||Name||Phone||\n|Soo-ah Choi|+44 7840 622225|\n|Ana Souza|+49 30 1234567|\n",
            ["Soo-ah Choi", "Ana Souza"],
        ),
        ("{|\n! Week !! Primary !! Backup\n|-\n| W48 || Thanh Pham || Karim\n|}\n", []),  # no person column
    ],
)
def test_names_in_mediawiki_and_confluence_tables(text, expected):
    assert names(text) == expected
