"""Names in the fixed places of records: HL7 PID, SWIFT customer fields, agents in brackets, CV name lines,
subject labels, contact persons and chat export clocks (recognizers/person_records.py)."""

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_records import PersonRecordRecognizer


def find(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PersonRecordRecognizer().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, names",
    [
        # HL7 v2: PID-5 is Family^Given, NK1-2 the next of kin
        (
            "MSH|^~\\&|APP|WARD|LAB|HOSP|20260101||ADT^A01|1|P|2.5\nPID|1||X-1^^^HOSP^MR||Wexcombe^Dorian||19700101|M",
            ["Wexcombe", "Dorian"],
        ),
        ("NK1|1|Wexcombe^Odile|SPO", ["Wexcombe", "Odile"]),
        # SWIFT MT103: ordering and beneficiary customers under their account lines
        (
            ":50K:/DE00 1234\nWALTER PENHALIGON\n:59:/FR00 9876\nGRETA FALKNER\n:70:RENT",
            ["WALTER PENHALIGON", "GRETA FALKNER"],
        ),
        ("Customer: refund me\nAgent (Rosalind): checking now", ["Rosalind"]),
        ("LEBENSLAUF\nHENNING BRAUTIGAM\ngeboren am 01.02.1980 in Hof", ["HENNING BRAUTIGAM"]),
        ("ROSALBA QUINTERO VIDAL\nNacida en Soria el 3/4/1970", ["ROSALBA QUINTERO VIDAL"]),
        ("Anzeigenerstatter: HENNING BRAUTIGAM, geb. 07.07.1959", ["HENNING BRAUTIGAM"]),
        ("ELSTER – Steuerpflichtige/r: Brautigam, Henning, Steuer-ID 1", ["Brautigam, Henning"]),
        ("Modello 730 – Dichiarante: FALCONIERI Ottone · C.F. X", ["FALCONIERI Ottone"]),
        ("Ticket 12 – Laptop von Brautigam, Henning meldet sich", ["Brautigam, Henning"]),
        ("Te adjunto el parte de baja de Íñigo Larrañeta Osorio. Diagnóstico", ["Íñigo Larrañeta Osorio"]),
        ("Usuario: Larrañeta Osorio, Íñigo\nEquipo", ["Larrañeta Osorio, Íñigo"]),
        ("Patient: WEXCOMBE Dorian   DOB: 1 May 1990", ["WEXCOMBE Dorian"]),
        ("SHIP TO:\nGUSTAV WALLENBERG\n14 ORCHARD RISE", ["GUSTAV WALLENBERG"]),
        ("Kaart 4924 geldig tot 03/28, naam SANNE KORTHALS. Waarom", ["SANNE KORTHALS"]),
        ("Parent contact: Tobias +44 7000 000000", ["Tobias"]),
        ("Responsable légal : Mathis 06.00.00.00.00", ["Mathis"]),
        ("wilhelmina [9:14 AM]: new iban\ngustav [9:20 AM]: done", ["wilhelmina", "gustav"]),
    ],
)
def test_names_in_record_layouts(text, names):
    assert find(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "PID|1||X-1^^^HOSP^MR||UNKNOWN^^||19700101|M",  # no name in the field
        ":70:RENT DECEMBER\n:59:/FR00 9876\nINVOICE PAYMENT",  # ordinary words on the name line
        "Agent (Support): checking",
        "Patient: Stable Condition   DOB: unknown",
        "Usuario: Acceso Remoto\nEquipo",
        "Parent contact: Please 0176 000",
        "build [9:14 AM]: deploy finished",
        "SHIP TO:\nWAREHOUSE RECEIVING DOCK\n14 MAIN ST",
    ],
)
def test_layout_without_a_name_is_quiet(text):
    assert find(text) == []
