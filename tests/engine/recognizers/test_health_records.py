from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.health_records import (
    HealthStatusRecognizer,
    IcdCodeRecognizer,
    MedicalConditionRecognizer,
    MedicalProcedureRecognizer,
    MedicationRecognizer,
)
from tests.conftest import spans

ALL = (
    MedicalConditionRecognizer,
    HealthStatusRecognizer,
    MedicalProcedureRecognizer,
    MedicationRecognizer,
    IcdCodeRecognizer,
)


def find(text: str) -> list[tuple[str, str]]:
    return sorted(
        spans([f for cls in ALL for f in cls().find(text, text.lower())], text),
        key=lambda s: text.index(s[1]),
    )


ISSUE = (
    "Patient John Smith, DOB 12/03/1961, MRN 00482913, diagnosed with type 2 diabetes (ICD-10 E11.9) and HIV "
    "positive;\nprescribed metformin 500mg. NHS number 943 476 5919."
)


def test_the_issue_example_is_a_record() -> None:
    assert find(ISSUE) == [
        ("MEDICAL_CONDITION", "type 2 diabetes"),
        ("ICD_CODE", "E11.9"),
        ("HEALTH_STATUS", "HIV positive"),
        ("MEDICATION", "metformin 500mg"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jane Doe is on sick leave until Friday; she has pneumonia.", [("MEDICAL_CONDITION", "pneumonia")]),
        ("Mark Ellis told me he is HIV-positive.", [("HEALTH_STATUS", "HIV-positive")]),
        ("Ms Lee's chemotherapy starts Monday.", [("MEDICAL_PROCEDURE", "chemotherapy")]),
        (
            "Herr Becker ist krankgeschrieben (Depression), nimmt Sertralin 50 mg.",
            [("MEDICAL_CONDITION", "Depression"), ("MEDICATION", "Sertralin 50 mg")],
        ),
        ("Mme Dubois est enceinte de trois mois.", [("HEALTH_STATUS", "enceinte")]),
        ("Sra. Gómez está de baja por migraña.", [("MEDICAL_CONDITION", "migraña")]),
        (
            "Patient: A. Novak\nDiagnose: F32.1 mittelgradige depressive Episode",
            [("ICD_CODE", "F32.1"), ("MEDICAL_CONDITION", "depressive Episode")],
        ),
        (
            "Paciente: Luis Ortega\nTratamiento: amoxicilina 875 mg cada 8 horas",
            [("MEDICATION", "amoxicilina 875 mg")],
        ),
    ],
)
def test_health_about_a_person_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Type 2 diabetes affects 1 in 10 adults; metformin 500 mg is the usual first medicine.",
        "GET /health 200 3ms\nGET /healthz 200 2ms",
        "Budget: Diabetes Awareness Month sponsorship $8,500, flu season push $12,000.",
        "Is E11.9 or E11.65 the right ICD-10 code for type 2 diabetes with hyperglycemia?",
        "Our app helps people with depression track their mood.",
        "Ibuprofen 400 mg every 6 hours is the usual adult dose.",
        "Patient denies chest pain.",
        "Patientin: kein Hinweis auf Diabetes.",
        "Pregnant employees can request a risk assessment.",
        "Result for patient 4411: HIV negative.",
    ],
)
def test_health_topics_and_negations_are_not_findings(text: str) -> None:
    assert find(text) == []


def test_a_medication_needs_its_dose() -> None:
    assert find("Patient Tom Hill takes metformin daily.") == []
    assert find("Patient Tom Hill takes metformin 1000 mg daily.") == [("MEDICATION", "metformin 1000 mg")]


def test_icd_code_needs_a_real_category_or_label() -> None:
    assert find("Patient Ann Roe, diagnosis Q99.9 noted") == [("ICD_CODE", "Q99.9")]
    assert find("Patient Ann Roe, diagnosis U99.9 noted") == []  # not an ICD-10-CM category
