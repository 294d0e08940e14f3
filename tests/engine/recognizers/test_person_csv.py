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
        ('customer_name,amount\n"Souza, Ana",12\n', ["Souza", "Ana"]),  # "Last, First": two fields
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
        # a rota: who is on call and who stands in
        ("{|\n! Week !! Primary !! Backup\n|-\n| W48 || Thanh Pham || Karim\n|}\n", ["Thanh Pham", "Karim"]),
        ("{|\n! Zone !! Primary !! Secondary\n|-\n| example.com || ns1 || Cloudflare\n|}\n", []),
    ],
)
def test_names_in_mediawiki_and_confluence_tables(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "| first | last | mobile | room |\n|---|---|---|---|\n"
            "| Haruto | Pemberton-Hale | +44 7523 123511 | Room 2 |\n"
            "| Eero | Wieczorek | 07374 423 010 | Room 4 |\n",
            ["Haruto", "Pemberton-Hale", "Eero", "Wieczorek"],
        ),
        ("id;first;last;e-mail\n1002;Rowan;Fisher;r@x.nl\n", ["Rowan", "Fisher"]),
        ("given\tfamily\tdob\nNiamh\tCarvajal\t1957-08-15\n", ["Niamh", "Carvajal"]),
    ],
)
def test_first_and_last_columns_side_by_side_hold_names(text, expected):
    assert names(text) == expected


def test_first_and_last_columns_of_anything_but_first_names_are_no_names():
    text = "| host | first | last |\n|---|---|---|\n| web01 | Never | Today |\n| web02 | Monday | Never |\n"
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("First name\tJovana\nSurname\tUrquiza\nSSN\t223-37-5449\n", ["Jovana", "Urquiza"]),
        ("Vorname | Teodor\nNachname | Trautwein\nAnschrift | Weg 5, Bad Tölz\n", ["Teodor", "Trautwein"]),
        ("Prénom | Ngozi\nNom | Trautwein\nIBAN | FR2841016342650430977307615\n", ["Ngozi", "Trautwein"]),
        ("Kunde | Lukas Weber\nIBAN | DE89370400440532013000\n", ["Lukas Weber"]),
    ],
)
def test_a_record_pasted_as_a_two_column_table_reads_as_keys_and_values(text, expected):
    assert names(text) == expected  # the keys ("Nachname", "Anschrift") are no names


def test_a_two_column_list_of_people_is_not_a_record():
    assert names("Name | Team\nAna Souza | Sales\nPriya Raman | Ops\n") == ["Ana Souza", "Priya Raman"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Name\tVorname\tGehalt\nHaddad\tGunnhild\t85000\n", ["Haddad", "Gunnhild"]),  # "Name": surnames
        ("alumno/a\tnac.\tmates\nNakashima, Kalani\t17.12.2009\t2\n", ["Nakashima", "Kalani"]),
        ("Schüler/in\tgeb.\tMathe\nTrautwein, Leire\t10.06.2009\t6\n", ["Trautwein", "Leire"]),
        ("voornaam,achternaam,geboortedatum\nLotte,de Boer,20-10-1959\n", ["Lotte", "de Boer"]),
    ],
)
def test_surname_and_pupil_columns_in_more_shapes(text, expected):
    assert names(text) == expected


def test_a_user_column_holds_people_by_their_first_names_but_not_logins():
    text = (
        "apparaat | mac | ip | gebruiker\nlaptop | CC-E7-3A-35-AD-CB | 10.0.0.7 | Esmee\n"
        "tv | E4-78-56-FC-FB-FE | 10.0.0.8 | Femke\nnas | 00-11-22-33-44-55 | 10.0.0.9 | Admin\n"
    )
    assert names(text) == ["Esmee", "Femke"]
    assert names("host\tuser\nweb01\troot\nweb02\tsvc-backup\n") == []


def test_a_summary_row_or_an_unfilled_value_under_a_name_column_is_no_name():
    grades = "| Schüler/in | Note |\n|---|---|\n| Lea Brandt | 2 |\n| Durchschnitt | 2 |\n"
    assert names(grades) == ["Lea Brandt"]
    assert names("Vorname | Unbekannt\nNachname | Unbekannt\nIBAN | DE89370400440532013000\n") == []
    assert names("Feld | Beschreibung\nVorname | Der Vorname\nNachname | Der Nachname\n") == []


def test_an_unescaped_apostrophe_in_an_sql_name_keeps_its_row():
    text = (
        "INSERT INTO employees (first_name, last_name, ssn) VALUES\n"
        "  ('Daniel', 'O'Connor', '259-74-4211'),\n  ('Joseph', 'Thompson', '849-30-3413'),\n;"
    )
    assert names(text) == ["Daniel", "O'Connor", "Joseph", "Thompson"]


def test_a_rota_column_of_places_is_no_column_of_people():
    text = "| Zone | Primary | Backup |\n|---|---|---|\n| EU | Frankfurt | Paris |\n| US | Virginia | Ohio |"
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "nombre\ttarjeta\timporte\nRosalba Quintero Vidal\t4111\t12.00\n"
            "Henning Brautigam Osorio\t4222\t9.50\n",
            ["Rosalba Quintero Vidal", "Henning Brautigam Osorio"],
        ),
        (
            "INSERT INTO t_export (nombre, codigo) VALUES\n  ('Rosalba Quintero Vidal', 'A1'),\n"
            "  ('Henning Brautigam Osorio', 'B2');",
            ["Rosalba Quintero Vidal", "Henning Brautigam Osorio"],
        ),
    ],
)
def test_bare_name_column_of_full_names(text, expected):
    """No other column says "people", but every value is a full name with a known part."""
    found = PersonCsvRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "name\tprice\nApple Store Berlin\t12\nGreen Tea Latte\t4\n",
        "INSERT INTO products (name, sku) VALUES ('Blue Widget', 'A1'), ('Red Widget', 'B2');",
        "nombre\tcodigo\nRosalba Quintero\t1\n",  # one row is not enough
    ],
)
def test_bare_name_column_of_other_things(text):
    assert PersonCsvRecognizer().find(text, text.lower()) == []


def test_a_roster_column_of_first_names():
    text = (
        "| week | dienst | mobiel |\n|---|---|---|\n"
        "| 3 | Wouter | 06-1 |\n| 4 | Tilly | 06-2 |\n| 5 | Dorian | 06-3 |\n"
    )
    assert names(text) == ["Wouter", "Tilly", "Dorian"]


@pytest.mark.parametrize(
    "text",
    [
        "| week | team | x |\n|---|---|---|\n| 3 | Backend | 1 |\n| 4 | Frontend | 2 |\n"
        "| 5 | Platform | 3 |\n",
        "| week | site | x |\n|---|---|---|\n| 3 | Paris | 1 |\n| 4 | Berlin | 2 |\n| 5 | Madrid | 3 |\n",
        "| week | dienst | x |\n|---|---|---|\n| 3 | Wouter | 1 |\n| 4 | Tilly | 2 |\n",  # two rows
    ],
)
def test_a_column_of_words_or_places_is_no_roster(text):
    assert names(text) == []


def test_a_last_first_cell_is_two_findings():
    text = "pupil\tborn\tmaths\nWexcombe, Tilly\t03.10.2011\t6\nBrautigam, Dorian\t11.12.2012\t3\n"
    assert names(text) == ["Wexcombe", "Tilly", "Brautigam", "Dorian"]
