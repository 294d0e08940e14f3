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
    ],
)
def test_other_dates_and_templates_are_ignored(text: str) -> None:
    assert find(text) == []
