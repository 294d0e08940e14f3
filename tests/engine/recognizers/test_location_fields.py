from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.location_fields import LocationFieldRecognizer
from tests.conftest import spans


def find(text):
    return spans(LocationFieldRecognizer().find(text, text.lower()), text)


def test_city_column_of_a_csv_export():
    text = "id;Name;Standort;Telefon\n1;Anna Roth;Nürnberg;089 123\n2;Ben Ilg;Frankfurt am Main;069 456\n"
    assert find(text) == [("LOCATION", "Nürnberg"), ("LOCATION", "Frankfurt am Main")]


def test_missing_values_and_work_arrangements_in_a_location_column_are_no_places():
    text = "id,name,location\n1,Jacob Okonkwo,Remote\n2,Anna Roe,NaN\n3,Tom Hill,Leeds\n"
    assert find(text) == [("LOCATION", "Leeds")]


def test_quoted_csv_cells_and_other_columns_are_left_alone():
    text = 'name,city,plan\n"Ana Souza","São Paulo",Starter\n"Li Wei","Saint-Étienne",Pro\n'
    assert find(text) == [("LOCATION", "São Paulo"), ("LOCATION", "Saint-Étienne")]


@pytest.mark.parametrize(
    "text, value",
    [
        ('{"customer": 42, "city": "Lyon", "zip": "69001"}', "Lyon"),
        ("billing_city: Rotterdam\n", "Rotterdam"),
        ("ville = Toulouse\n", "Toulouse"),
        ('"ciudad": "Sevilla",', "Sevilla"),
    ],
)
def test_place_fields_in_json_yaml_and_ini(text, value):
    assert find(text) == [("LOCATION", value)]


@pytest.mark.parametrize(
    "text",
    [
        '{"city": "{{ city }}"}',
        "location: /var/lib/app\n",
        'country: "DE"\n',  # a two-letter code reveals little
        "region: eu-west-1\n",
        "city,count\nunknown,3\n",
        "location = s3://bucket/key\n",
    ],
)
def test_templates_paths_and_codes_are_not_places(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("NAME MUSTER\nGEBURTSORT FREIBURG IM BREISGAU\nAUSWEISNUMMER X1", "FREIBURG IM BREISGAU"),
        ("Place of birth  Leeds\nNationality  British", "Leeds"),
        ("LIEU DE NAISSANCE : LYON", "LYON"),
    ],
)
def test_an_ocr_form_line_without_a_colon_gives_the_birthplace(text, value):
    assert find(text) == [("LOCATION", value)]


def test_a_french_table_whose_header_holds_a_number_sign_gives_its_town_column():
    text = "| Nom | N° SS | Ville |\n|---|---|---|\n| PHAM | 2 59 04 | Namur |\n| LEROY | 1 80 11 | Liège |\n"
    assert find(text) == [("LOCATION", "Namur"), ("LOCATION", "Liège")]


def test_a_state_or_office_column_gives_only_well_known_places():
    text = "name,ssn,state,office\nAna,1,North Carolina,Remote\nBo,2,Active,Leeds\n"
    assert find(text) == [("LOCATION", "North Carolina"), ("LOCATION", "Leeds")]


def test_the_state_after_a_location_field_is_found_too():
    text = "Manager: Tom    Location: Seattle, Washington\n"
    assert find(text) == [("LOCATION", "Seattle"), ("LOCATION", "Washington")]


def test_a_birthplace_column_of_an_export_gives_its_towns():
    text = "cognome;nome;comune_nascita;cellulare\nFontana;Fiore;Gallarate;+39 051 3989971\n"
    found = LocationFieldRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == ["Gallarate"]
