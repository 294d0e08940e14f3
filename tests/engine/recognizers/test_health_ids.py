from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.health_ids import (
    DeaNumberRecognizer,
    DeKvnrRecognizer,
    MedicalRecordNumberRecognizer,
    MedicareMbiRecognizer,
    UsNpiRecognizer,
    dea_valid,
    kvnr_valid,
    npi_valid,
)
from tests.conftest import spans

ALL = (
    UsNpiRecognizer,
    DeaNumberRecognizer,
    MedicareMbiRecognizer,
    DeKvnrRecognizer,
    MedicalRecordNumberRecognizer,
)


def find(text: str) -> list[tuple[str, str]]:
    return spans([f for cls in ALL for f in cls().find(text, text.lower())], text)


def test_checksums() -> None:
    assert npi_valid("1234567893")  # CMS's worked example
    assert not npi_valid("1234567890")
    assert dea_valid("AB1234563") and not dea_valid("AB1234564")
    assert kvnr_valid("A123456780") and not kvnr_valid("A123456781")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rendering provider NPI: 1234567893", [("US_NPI", "1234567893")]),
        ("Prescriber DEA AB1234563, refills 0", [("DEA_NUMBER", "AB1234563")]),
        ("Medicare MBI 1EK7-RW3-UK52 on file", [("US_MBI", "1EK7-RW3-UK52")]),
        ("Krankenversichertennummer: A123456780", [("DE_KVNR", "A123456780")]),
        ("MRN: 00482913", [("MEDICAL_RECORD_NUMBER", "00482913")]),
        ("Patient ID 4481-2290 uploaded", [("MEDICAL_RECORD_NUMBER", "4481-2290")]),
        ("Fallnummer: 2024-118734", [("MEDICAL_RECORD_NUMBER", "2024-118734")]),
        ("N° de dossier patient : DP-0093817", [("MEDICAL_RECORD_NUMBER", "DP-0093817")]),
        ("patient_id,name\n100482,Ann Lee\n", [("MEDICAL_RECORD_NUMBER", "100482")]),
    ],
)
def test_identifiers_next_to_their_label_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Order 1234567893 shipped",  # valid NPI shape, no label
        "NPI: 1234567890",  # Luhn fails
        "DEA AB1234564",  # check digit wrong
        "MBI format example from CMS: 1EG4-TE5-MK73",  # CMS's documentation example
        "KVNR A123456781",
        "Ticket 00482913 closed",
        "MRN: __________",
    ],
)
def test_near_misses_are_ignored(text: str) -> None:
    assert find(text) == []
