from __future__ import annotations

import pytest

from dlpguard.engine.recognizers import health_ids
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
        ("DOB: 4/12/1999   Hospital no: KH359533", [("MEDICAL_RECORD_NUMBER", "KH359533")]),
        ("Hospital Number: RXH 481516", [("MEDICAL_RECORD_NUMBER", "RXH 481516")]),
        ("Versichertennr.: I608082018", [("MEDICAL_RECORD_NUMBER", "I608082018")]),  # checksum fails
        ("Versichertennr.: A123456780", [("DE_KVNR", "A123456780")]),  # a valid KVNR stays one
        ("N. cartella: 415-872-67", [("MEDICAL_RECORD_NUMBER", "415-872-67")]),
        ("Cartella clinica n. 2023-44812", [("MEDICAL_RECORD_NUMBER", "2023-44812")]),
        ("NHC: 902-729-84", [("MEDICAL_RECORD_NUMBER", "902-729-84")]),
        ("Bed 4: Ann Roe, MRN 913-359-52, asthma", [("MEDICAL_RECORD_NUMBER", "913-359-52")]),
        ('{"name": "Ivan Petrov", "mrn": "A-5561234"}', [("MEDICAL_RECORD_NUMBER", "A-5561234")]),
        ("Nombre;NHC;Cita\nAna;4471223;lunes\n", [("MEDICAL_RECORD_NUMBER", "4471223")]),
        ("N° dossier : 2019-447120", [("MEDICAL_RECORD_NUMBER", "2019-447120")]),
        ("cartella clinica n. 2022/781204", [("MEDICAL_RECORD_NUMBER", "2022/781204")]),
        ("Patiente : Awa Diop, IPP 804417263", [("MEDICAL_RECORD_NUMBER", "804417263")]),
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
        "Case no: 00012345 (Salesforce)",
        "MRN is 1234",
        "Demo patient: MRN 123456",
        "MRN: 000000",
        "Aufnahme-Nr. 12/03/2024",  # a date after the label
    ],
)
def test_near_misses_are_ignored(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Patient list\nname,mrn,room\nAnna,A-123456,12\nBen,B-7654321,14\nnote: call 555-1234 re patient\n",
        "INSERT INTO visits (id, patient_id, ward) VALUES (1, 'MR-20481', 'B2'), (2, 'MR-99120', 'C1');\n"
        "mrn of the patient 12345678 is in the ticket 4711-0815\n",
        "patient_id\tname\n00123456\tAnna\n00654321\tBen\n\nLater: MRN: 7777777 and 123-456-789 elsewhere\n",
    ],
)
def test_record_number_cells_are_read_only_in_tables_and_inserts_with_the_same_findings(text, monkeypatch):
    """A column header exists only inside a table or an insert: scanning just those finds the same."""
    scoped = MedicalRecordNumberRecognizer().find(text, text.lower())
    assert scoped
    monkeypatch.setattr(health_ids, "cell_stretches", lambda t: [(0, len(t))])
    assert MedicalRecordNumberRecognizer().find(text, text.lower()) == scoped


@pytest.mark.parametrize(
    "text",
    [
        "Ticket 1\nMRN: 7777777 for the patient\nno label 1234567 here\n"
        "Patient ID 00123456; Fallnummer 20240815\n",
        "Patientennummer: AB-123456\n\nN° de dossier patient : 2024-0001\n"
        "Historia clínica 556677\nNHC 4455667\n",
        "the patient is fine\nMedical Record Number # 9988776 (old: MRN-1234)\n",
        "PATİENT ID 4815162 and MRN 7654321\n",  # lowering moves offsets: the whole text is read
        "doſſier and Patient No. 4815162\nmrn 5550123\n",  # IGNORECASE reads ſ as s: the whole text is read
    ],
)
def test_labelled_record_numbers_are_looked_for_on_keyword_lines_with_the_same_findings(text, monkeypatch):
    """Labels all hold a keyword and never span lines: reading only those lines finds the same."""
    scoped = MedicalRecordNumberRecognizer().find(text, text.lower())
    assert scoped
    monkeypatch.setattr(MedicalRecordNumberRecognizer, "_label_lines", lambda self, t, low: [(0, len(t))])
    assert MedicalRecordNumberRecognizer().find(text, text.lower()) == scoped


@pytest.mark.parametrize(
    "text, value",
    [
        ("Paziente: Fiore Irene  Cartella n. 2025/127447", "2025/127447"),
        ("Utente Rui Neves, nº processo 13897446.", "13897446"),
    ],
)
def test_italian_and_portuguese_record_labels_introduce_a_record_number(text, value):
    found = MedicalRecordNumberRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ('<patient id="26842">\n  <mrn>H8848063</mrn>\n  <given>Ann</given>', "H8848063"),
        ("Re: Gaëtan Köhnlein, DOB 01/11/1995, MRN 357 926 4939\n", "357 926 4939"),
        ("Paciente: Inês Pereira   Prontuário: 7818848\n", "7818848"),
        ("Betreft: dhr. Hendriks, BSN 425 778 411\nPatiëntnummer: 1991474\n", "1991474"),
    ],
)
def test_an_mrn_element_a_grouped_number_and_portuguese_and_dutch_labels(text, value):
    found = MedicalRecordNumberRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == [value]


def test_an_xml_elements_own_id_attribute_is_no_record_number():
    text = '<patient id="26842">\n  <given>Ann</given>\n</patient>'
    assert MedicalRecordNumberRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a patient table's record-number column, however it is called, in SQL and TSV
        (
            "INSERT INTO pacientes (nombre, fecha_nacimiento, n_historia, diagnostico, medicacion) VALUES\n"
            "  ('Ana Ruiz', '01/02/1990', 'HX-7730145', 'asma', 'salbutamol');",
            [("MEDICAL_RECORD_NUMBER", "HX-7730145")],
        ),
        (
            "nominativo\tdata_nascita\tn_cartella\tdiagnosi\tfarmaco\n"
            "Pia Neri\t03/04/1966\tQT0914432\tasma\tsalbutamolo",
            [("MEDICAL_RECORD_NUMBER", "QT0914432")],
        ),
        (
            "INSERT INTO patienten (full_name, birth_date, record_no, diagnosis, medication) VALUES\n"
            "  ('Mia Bos', '1990-01-02', '7712094', 'astma', 'salbutamol');",
            [("MEDICAL_RECORD_NUMBER", "7712094")],
        ),
        (
            "INSERT INTO utentes (id, full_name, birth_date, record_no, diagnosis) VALUES\n"
            "  (7, 'Rui Sá', '1990-01-02', '2020/55109', 'asma');",
            [("MEDICAL_RECORD_NUMBER", "2020/55109")],
        ),
        ("PID|1||QX-5521907^^^HOSP^MR||Doe^Jane||19700101|F", [("MEDICAL_RECORD_NUMBER", "QX-5521907")]),
        (
            "Receta — Paciente Ana Ruiz (CIP QRT-771209). ibuprofeno 600 mg",
            [("MEDICAL_RECORD_NUMBER", "QRT-771209")],
        ),
        (
            "Prenotazione: paziente NERI Pia, n. pratica 09187345, visita",
            [("MEDICAL_RECORD_NUMBER", "09187345")],
        ),
        (
            "Paziente: Pia Neri\nN. accesso QT-8812094 – Diagnosi: asma",
            [("MEDICAL_RECORD_NUMBER", "QT-8812094")],
        ),
        ("Betreft: mevr. Mia Bos, dossiernr. 6620195", [("MEDICAL_RECORD_NUMBER", "6620195")]),
        ("Dossier médical n° 5520981, patiente Léa Roy", [("MEDICAL_RECORD_NUMBER", "5520981")]),
        ("Nº de paciente: 8812073", [("MEDICAL_RECORD_NUMBER", "8812073")]),
        ("Seen today, MRN-7730145, stable", [("MEDICAL_RECORD_NUMBER", "MRN-7730145")]),  # its own prefix
    ],
)
def test_record_numbers_of_patient_tables_hl7_and_weak_labels(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ticket_id,record_no,status\n1,7712094,open\n",  # a record number of no patient table
        "Le code CIP 3400935558790 identifie la boîte.",  # a medicine's CIP, no patient
        "n. pratica 09187345 del comune, pagamento TARI",
    ],
)
def test_weak_record_labels_need_a_patient(text: str) -> None:
    assert find(text) == []
