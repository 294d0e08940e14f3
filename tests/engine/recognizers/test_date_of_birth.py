from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.date_of_birth import DateOfBirthRecognizer
from tests.conftest import spans


def find(text: str) -> list[tuple[str, str]]:
    return spans(DateOfBirthRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Patient John Smith, DOB 12/03/1961, MRN 00482913", "12/03/1961"),
        ("Ana Lima (D.O.B. 1984-09-02)", "1984-09-02"),
        ("Date of birth: June 12, 1949", "June 12, 1949"),
        ("Helen Marsh, born 14 March 1967, joined the board", "14 March 1967"),
        ("Herr Albrecht, geb. 03.07.1961, wurde", "03.07.1961"),
        ("Geburtsdatum: 3. Februar 1990", "3. Februar 1990"),
        ("Mme Marchand, née le 12 mars 1979", "12 mars 1979"),
        ("Fecha de nacimiento: 23 de mayo de 1990", "23 de mayo de 1990"),
        ("Paziente: Ilaria Ricci   Nato/a il: 23 maggio 1972", "23 maggio 1972"),
        ("intestata a Marco Bruno, nata/o il 17/08/2003. Wallet", "17/08/2003"),
        ("Nata il 28/01/1959 a Genova", "28/01/1959"),
        ("Marco Rossi, nato a Roma il 12/03/1980, residente a Milano", "12/03/1980"),
        ("Luogo e data di nascita: Roma, 12/03/1961", "12/03/1961"),
        ("Née à Saint-Étienne le 3 mars 1980", "3 mars 1980"),
        ("José Ortega, nacido en Sevilla el 4 de abril de 1970", "4 de abril de 1970"),
        ("Herr Yilmaz, geboren am 7. Juni 1966 in Ankara", "7. Juni 1966"),
        ("NAME DRESSLER\nVORNAMEN MATTHIAS\nGEBURTSTAG 17.09.1955\nGEBURTSORT KASSEL", "17.09.1955"),
        ("GEBURTSDATUM\n17.09.1955", "17.09.1955"),
        ("Date of Birth (DD/MM/YYYY): 12/03/1961", "12/03/1961"),
        ('    "date_of_birth": "2003-01-05",', "2003-01-05"),
        ("birthDate: 1990-01-02", "1990-01-02"),
        ("fecha_nac=1990-01-02", "1990-01-02"),
    ],
)
def test_dates_after_their_label_are_found(text: str, value: str) -> None:
    assert find(text) == [("DATE_OF_BIRTH", value)]


@pytest.mark.parametrize(
    "text, values",
    [
        ("name,dob,team\nAnn Lee,1980-01-02,Ops\nBo Li,1990-03-04,IT\n", ["1980-01-02", "1990-03-04"]),
        ("| Name | Geburtsdatum |\n|---|---|\n| Lena Krüger | 09.04.1991 |\n", ["09.04.1991"]),
        ("Nom;Date de naissance\nLuc Perrin;05/10/1987\n", ["05/10/1987"]),
        ("| Nome | Data di nascita |\n|---|---|\n| Lena Conti | 09.04.1991 |\n", ["09.04.1991"]),
    ],
)
def test_dates_in_a_birth_date_column_are_found(text: str, values: list[str]) -> None:
    assert find(text) == [("DATE_OF_BIRTH", v) for v in values]


@pytest.mark.parametrize(
    "text",
    [
        "DOB: __/__/____",
        "born in 1972 in a small town",
        "The date_of_birth field must be ISO 8601 (YYYY-MM-DD).",
        "Acme was founded on 12 March 1998.",
        "CREATE TABLE p (date_of_birth DATE);",
        "name,start_date\nAnn Lee,2024-01-02\n",
        "Anna feiert Geburtstag am 12.03.2099, bitte Kuchen bestellen.",
        "'date_of_birth': '16/14/1983'",
        "dob: 1984-13-02",
        "Sample data: Name: John Doe, DOB: 01/01/1970",
        "date_of_birth: 1900-01-01  # default when unknown",
        "The company was founded on 12 March 1998.",
    ],
)
def test_other_dates_and_templates_are_ignored(text: str) -> None:
    assert find(text) == []


def test_a_birth_date_column_of_an_sql_insert_is_read_by_position():
    text = (
        "INSERT INTO kunden (id, full_name, birth_date, signup) VALUES\n"
        "  (41239, 'Lukas Hübner', '1957-06-09', '2024-01-02'),\n"
        "  (48717, 'Henrik Krüger', '1996-03-11', '2024-02-03');"
    )
    assert [v for _, v in find(text)] == ["1957-06-09", "1996-03-11"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("| Field | Value |\n|---|---|\n| Date of birth | 1988-06-21 |\n", "1988-06-21"),
        ("| DOB | August 8, 1994 |\n| SSN | on file |", "August 8, 1994"),
    ],
)
def test_a_birth_date_in_a_two_column_table_row_is_found(text, value):
    assert find(text) == [("DATE_OF_BIRTH", value)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Nato/a a: Barletta il 22/01/1985", "22/01/1985"),
        ("Nato/a a Bassano del Grappa il 23 ottobre 1955", "23 ottobre 1955"),
        ("Pasaporte: VBF182046  Nacimiento: 21/03/2002", "21/03/2002"),
        ("Naam: Fleur Visser\nGeboortedatum: 20 januari 1982", "20 januari 1982"),
        ("Data de nascimento: 3 de março de 1990", "3 de março de 1990"),
        ("N:Berg;Jana\nBDAY:1999-09-08\nEND:VCARD", "1999-09-08"),
        ("verified, refunding. Customer DOB on file 1987-07-19.", "1987-07-19"),
    ],
)
def test_birth_dates_after_a_birthplace_a_vcard_key_or_in_dutch_and_portuguese(text, value):
    found = DateOfBirthRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ("  <birthDate>1974-10-06</birthDate>", "1974-10-06"),
        ("Niño/a: Eero Dunleavy\nNacido/a: 12/09/2019\nAlergias: asma", "12/09/2019"),
        ("Né(e) : 3 mars 1980", "3 mars 1980"),
        ("Nata: 12.03.1990", "12.03.1990"),
        ("Data de nasc.: 1983-07-22", "1983-07-22"),
        ("Agente: e a data de nascimento?\nCliente: 10.10.2006", "10.10.2006"),
        ("What is your date of birth?\nCaller: 4 June 1977", "4 June 1977"),
    ],
)
def test_an_xml_element_a_participle_label_or_the_answer_to_the_question(text, value):
    assert find(text) == [("DATE_OF_BIRTH", value)]


@pytest.mark.parametrize(
    "text, values",
    [
        (
            "alumno/a\tnac.\tmates\nMäkelä, Thandiwe\t17.04.2013\t6\nObuya, Iñaki\t24.12.2013\t1\n",
            ["17.04.2013", "24.12.2013"],
        ),
        (
            "pupil\tborn\tmaths\nVogel, Sigrun\t03.08.2012\t4\nMoss, Hartmut\t19.07.2011\t4\n",
            ["03.08.2012", "19.07.2011"],
        ),
        (
            "Nome\tNascimento\tCidade\nAna Lima\t20 de agosto de 1968\tCrato\nRui Melo\t02.02.1960\tAssis\n",
            ["20 de agosto de 1968", "02.02.1960"],
        ),
    ],
)
def test_short_birth_headers_of_a_class_list_or_a_customer_sheet(text, values):
    assert find(text) == [("DATE_OF_BIRTH", v) for v in values]


def test_dated_names_on_a_line_listing_birthdays():
    text = "[Teams] Heather: birthdays for the cake rota — Keisha 4 June 2006, Marnie 08/02/1955"
    assert find(text) == [("DATE_OF_BIRTH", "4 June 2006"), ("DATE_OF_BIRTH", "08/02/1955")]


@pytest.mark.parametrize(
    "text",
    [
        "NATO: 12.03.2020 summit in Brussels",
        "Birthday party on Saturday 12 June 2025 at the office",
        "Geburtstage feiern wir am 3.5.2099, Anna 4.5.2099",
        "ship date?\nCustomer: 12.03.2021",
    ],
)
def test_an_alliance_a_party_a_future_year_or_another_question_are_no_birth_dates(text):
    assert find(text) == []


def test_a_birth_date_older_than_anyone_alive_is_history():
    assert find("Alan Turing was born 23 June 1912 in Maida Vale.") == []
    assert find("Helen Marsh, born 14 March 1937, joined the board") == [("DATE_OF_BIRTH", "14 March 1937")]


def test_the_birth_date_field_of_an_hl7_patient_segment_is_found():
    text = (
        "MSH|^~\\&|EPIC|WARD|LAB|HOSP|202401021030||ADT^A01|1234|P|2.5\n"
        "PID|1||MRN-0042^^^HOSP^MR||Roe^Jane||19740519|F\nDG1|1||asthma|||A"
    )
    assert find(text) == [("DATE_OF_BIRTH", "19740519")]


def test_a_scanned_label_with_l_for_i_still_labels_a_birth_date():
    assert find("D.N.I.: x\nFECHA DE NAClMIENTO: 04/05/1971\nFlRMA: ___") == [("DATE_OF_BIRTH", "04/05/1971")]


def test_the_portuguese_abbreviation_nasc_labels_a_birth_date():
    assert find("Assunto: Ana Roe, nasc. 05/06/1977, Processo 2021/1") == [("DATE_OF_BIRTH", "05/06/1977")]
