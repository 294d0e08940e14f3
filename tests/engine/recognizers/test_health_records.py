from __future__ import annotations

import pytest

from dlpguard.engine import Engine
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


def test_a_medication_needs_its_dose_or_someone_being_given_it() -> None:
    assert find("Patient Tom Hill, metformin was mentioned.") == []
    assert find("Patient Tom Hill takes metformin 1000 mg daily.") == [("MEDICATION", "metformin 1000 mg")]
    assert find("Patient Tom Hill takes metformin daily.") == [("MEDICATION", "metformin")]


@pytest.mark.parametrize(
    "text, medicine",
    [
        ("Patient Tom Hill: we will start apixaban at a low dose.", "apixaban"),
        ("Patient Tom Hill, discharged on ramipril 5 mg BD and salbutamol inhaler PRN.", "salbutamol"),
        ("Patientin Jana Kühn: verordnet wurde Venlafaxin.", "Venlafaxin"),
    ],
)
def test_a_medicine_being_started_prescribed_or_listed_after_another_is_given(text, medicine):
    assert ("MEDICATION", medicine) in find(text)


@pytest.mark.parametrize(
    "text, condition",
    [
        ("Colleague Tom Hill was diagnosed with Kessler-Lund syndrome last year.", "Kessler-Lund syndrome"),
        ("Paziente: Marta Neri. Le è stata diagnosticata una lussazione della spalla.", "lussazione"),
        ("Patiente : Awa Diop, diagnostiquée avec une tendinite calcifiante depuis mars.", "tendinite"),
    ],
)
def test_what_someone_was_diagnosed_with_is_a_condition_even_unlisted(text, condition):
    found = [value for entity, value in find(text) if entity == "MEDICAL_CONDITION"]
    assert any(value.startswith(condition) for value in found), found


def test_a_question_about_diagnosing_is_no_record():
    assert find("How is sleep apnoea diagnosed with a home test?") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pt: Maria Lopez, 54F. PMH: HTN, T2DM. Meds: lisinopril 10mg daily, metformin 500mg BID.",
            [
                ("MEDICAL_CONDITION", "HTN"),
                ("MEDICAL_CONDITION", "T2DM"),
                ("MEDICATION", "lisinopril 10mg"),
                ("MEDICATION", "metformin 500mg"),
            ],
        ),
        (
            "Frau Schulz leidet an Diabetes mellitus Typ 2 und nimmt Metformin 1000 mg 1-0-1 sowie Ramipril.",
            [
                ("MEDICAL_CONDITION", "Diabetes mellitus Typ 2"),
                ("MEDICATION", "Metformin 1000 mg"),
                ("MEDICATION", "Ramipril"),
            ],
        ),
        (
            "Le patient M. Dupont est suivi pour une insuffisance cardiaque. Traitement : Bisoprolol 2,5 mg, "
            "Kardegic 75 mg.",
            [
                ("MEDICAL_CONDITION", "insuffisance cardiaque"),
                ("MEDICATION", "Bisoprolol 2,5 mg"),
                ("MEDICATION", "Kardegic 75 mg"),
            ],
        ),
        (
            "Paciente: Lucía Martín\nAntecedentes: asma\nMedicación habitual: enalapril 10 mg, Ventolin",
            [("MEDICAL_CONDITION", "asma"), ("MEDICATION", "enalapril 10 mg"), ("MEDICATION", "Ventolin")],
        ),
        (
            "Carla Bianchi ha il morbo di Crohn e prende Humira ogni due settimane.",
            [("MEDICAL_CONDITION", "morbo di Crohn"), ("MEDICATION", "Humira")],
        ),
        (
            "Il sig. Rossi è in malattia per una lombalgia; assume Brufen 600.",
            [("MEDICAL_CONDITION", "lombalgia"), ("MEDICATION", "Brufen 600")],
        ),
        (
            "Giulia in congedo per ernia del disco fino a fine mese.",
            [("MEDICAL_CONDITION", "ernia del disco")],
        ),
        (
            "Kurze Info: Katarzyna Zieliński ist krankgeschrieben (Morbus Crohn, sie bekommt "
            "jetzt Pantoprazol).",
            [("MEDICAL_CONDITION", "Morbus Crohn"), ("MEDICATION", "Pantoprazol")],
        ),
        (
            "Je confirme que Margaux Perrin est en arrêt. Son médecin lui a prescrit de l’Humira.",
            [("MEDICATION", "Humira")],
        ),
        (
            "Bed 4: Ann Roe, MRN 55120, asthma, on methotrexate twice daily.",
            [("MEDICAL_CONDITION", "asthma"), ("MEDICATION", "methotrexate")],
        ),
        (
            "name,dob,diagnosis,medication\nAnn Lee,1980-01-02,asthma,Ventolin\n",
            [("MEDICAL_CONDITION", "asthma"), ("MEDICATION", "Ventolin")],
        ),
        (
            '{"patient": {"name": "Ivan Petrov", "medications": ["tiotropium"]}}',
            [("MEDICATION", "tiotropium")],
        ),
        (
            "Dear Dr Weiss, my patient Anna Kowalski has Hashimoto's thyroiditis and Raynaud's disease.",
            [("MEDICAL_CONDITION", "Hashimoto's thyroiditis"), ("MEDICAL_CONDITION", "Raynaud's disease")],
        ),
    ],
)
def test_medicines_and_conditions_in_five_languages_are_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert find(text) == expected


def test_a_letters_header_makes_the_paragraphs_under_it_a_record() -> None:
    letter = (
        "Discharge summary\n\nPatient: Ann Roe   DOB: 4/12/1999   Hospital no: KH359533\n\n"
        "Diagnosis: coeliac disease. Discharged on sertraline and Venlafaxin. Follow-up in 6 weeks."
    )
    assert find(letter) == [
        ("MEDICAL_CONDITION", "coeliac disease"),
        ("MEDICATION", "sertraline"),
        ("MEDICATION", "Venlafaxin"),
    ]
    note = (
        "HR case note\nEmployee: Ann Roe\n\n"
        "She disclosed that she has been diagnosed with epilepsy and is currently taking lamotrigine."
    )
    assert find(note) == [("MEDICAL_CONDITION", "epilepsy"), ("MEDICATION", "lamotrigine")]


@pytest.mark.parametrize(
    "text",
    [
        "Pfizer's Q3 revenue from Eliquis rose 8%; Humira sales fell after biosimilar entry.",
        "| Product | Stock |\n|---|---|\n| Ibuprofen 400 mg | 120 |\n| Paracetamol 500 mg | 80 |",
        "Patients in the intervention arm will receive metformin 500 mg twice daily for 12 weeks.",
        "Is it safe to take ibuprofen with paracetamol after a flu shot?",
        "Write a blog post about living with Crohn's disease and how Humira changed treatment.",
        "Meeting notes: Laura presented the migraine app roadmap; Tom is taking over the insulin pump work.",
        "Tom is working on Keytruda launch materials; Sara owns the Ozempic account.",
        "Release notes: fixed a crash when the patient name contains an apostrophe (ICD-10 E11.9 lookup).",
        "Terapia: la nostra app aiuta chi soffre di ansia.",
        "Ben is on call this week; ass 100 is not an abbreviation we use.",
    ],
)
def test_medicines_and_conditions_as_a_topic_are_not_findings(text: str) -> None:
    assert find(text) == []


def test_icd_code_needs_a_real_category_or_label() -> None:
    assert find("Patient Ann Roe, diagnosis Q99.9 noted") == [("ICD_CODE", "Q99.9")]
    assert find("Patient Ann Roe, diagnosis U99.9 noted") == []  # not an ICD-10-CM category


@pytest.mark.parametrize(
    "text, value, entity",
    [
        (
            "Patient: Aoife Byrne   DOB: 6 January 1986\n\nDiagnosis: asthma. Discharged on metformin and "
            "Levetiracetam. Follow-up in 6 weeks.",
            "Levetiracetam",
            "MEDICATION",
        ),
        (
            "Arztbrief\nPatient: Marloes de Vries, geb. 14. Februar 1959\n"
            "Diagnosen: Morbus Crohn; Verdacht auf Bluthochdruck\nMedikation: Pantoprazol 5 mg 1-0-0",
            "Morbus Crohn",
            "MEDICAL_CONDITION",
        ),
    ],
)
def test_a_medicine_or_condition_in_a_record_is_not_a_name_or_place(
    engine: Engine, text: str, value: str, entity: str
) -> None:
    found = engine.scan(text).findings
    start = text.index(value)
    overlapping = [
        (f.entity_type, text[f.start : f.end])
        for f in found
        if f.start < start + len(value) and start < f.end
    ]
    assert overlapping and all(kind == entity for kind, _ in overlapping), overlapping


def test_a_long_patient_list_is_read_like_a_short_one() -> None:
    """Past INDEX_CUES_FROM mentions the record cues are indexed once: the findings stay the same."""
    rows = "".join(f"Ann Lee{i},MRN-{480000 + i},asthma,Ventolin\n" for i in range(120))
    records = find("name,mrn,diagnosis,medication\n" + rows)
    assert len(records) == 240
    assert {kind for kind, _ in records} == {"MEDICAL_CONDITION", "MEDICATION"}
    catalogue = "".join(f"Item {i}: Ventolin inhaler, for asthma\n" for i in range(120))
    assert find("Pharmacy catalogue\n" + catalogue) == []


def test_someone_on_a_medicine_is_a_record_but_working_on_one_is_not() -> None:
    assert find("Jane Doe told me she's on Zoloft.") == [("MEDICATION", "Zoloft")]
    assert find("Jane Doe is working on Zoloft.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patient Tom Hill hat ALS.", [("MEDICAL_CONDITION", "ALS")]),
        ("Patient Tom Hill: bitte gern als Tabelle.", []),
        ("Patient Tom Hill needs new hearing aids.", []),
    ],
)
def test_an_acronym_that_is_also_a_word_counts_only_in_capitals(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Madame Léa Moreau, née le 3 mai 1980, est suivie pour une polyarthrite rhumatoide ; elle est "
            "sous méthotrexate 15 mg par semaine.",
            [("MEDICAL_CONDITION", "polyarthrite rhumatoide"), ("MEDICATION", "méthotrexate 15 mg")],
        ),
        (
            "Paciente: Jorge Ruiz. Tiene esclerosis multiple y toma acido folico 5 mg.",
            [("MEDICAL_CONDITION", "esclerosis multiple"), ("MEDICATION", "acido folico 5 mg")],
        ),
        ("Patient: ANNA MÜLLER, SJÖGREN’S SYNDROME", [("MEDICAL_CONDITION", "SJÖGREN’S SYNDROME")]),
        # a capital İ lowers to two characters: the offsets still hold
        ("İlker Şahin ist Patient, er nimmt Méthotrexate.", [("MEDICATION", "Méthotrexate")]),
    ],
)
def test_a_term_is_found_with_or_without_its_accents(text: str, expected: list[tuple[str, str]]) -> None:
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Draft a newsletter item: around 15% of adults in Europe live with asthma. Exercise helps.",
        "Paziente 0607 (anonimizzato) ha ricevuto sertralina; la depressione è migliorata nel 60% dei casi.",
    ],
)
def test_a_condition_beside_a_population_share_is_a_statistic(text):
    assert find(text) == []


def test_a_percentage_in_a_patient_record_does_not_hide_the_condition():
    text = "Patient: Jana Berg, DOB 1.2.1980. Asthma, SpO2 94% of baseline."
    assert ("MEDICAL_CONDITION", "Asthma") in find(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr Dlamini asked us not to mention his heart surgery.", ("MEDICAL_PROCEDURE", "surgery")),
        ("il figlio Tommaso segue una terapia con levetiracetam.", ("MEDICATION", "levetiracetam")),
        ("Phone: 07852 718991\nInjury: torn ACL\nPrescribed: codeine", ("MEDICATION", "codeine")),
        ("Utente Rui Neves. Diagnóstico: hipertensão arterial. Medicação: budesonida.",
         ("MEDICAL_CONDITION", "hipertensão arterial")),
        ("Polizza n. 254799858\nLesioni: trauma cranico lieve; prescritto paracetamolo.",
         ("MEDICAL_CONDITION", "trauma cranico lieve")),
    ],
)  # fmt: skip
def test_discretion_kin_injury_fields_and_portuguese_records_are_health_data(text, expected):
    assert expected in find(text)


def test_a_real_negation_still_hides_the_condition():
    assert find("Patient: Jana Berg. Denies chest pain; no signs of diabetes.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Hi team, my doctor signed me off for two weeks with hypertension. I'm on levetiracetam. Fermín",
            [("MEDICAL_CONDITION", "hypertension"), ("MEDICATION", "levetiracetam")],
        ),
        (
            "Hallo, ich bin für zwei Wochen krankgeschrieben (Migräne). Ich nehme Tramadol. LG Piotr",
            [("MEDICAL_CONDITION", "Migräne"), ("MEDICATION", "Tramadol")],
        ),
        (
            "Bonjour à tous, arrêt de deux semaines pour sclérose en plaques, sous Sintrom. Fenna",
            [("MEDICAL_CONDITION", "sclérose en plaques"), ("MEDICATION", "Sintrom")],
        ),
        (
            "Hola equipo, estoy de baja dos semanas por depresión, tomando Enantyum. Un abrazo, Ximena",
            [("MEDICAL_CONDITION", "depresión"), ("MEDICATION", "Enantyum")],
        ),
        (
            "- Bruno comunica che sarà assente per epilessia fino a gennaio",
            [("MEDICAL_CONDITION", "epilessia")],
        ),
        (
            "[Teams] Sanne: even ter info, Marieke is ziek gemeld, depressie, waarschijnlijk 6 weken",
            [("MEDICAL_CONDITION", "depressie")],
        ),
        (
            "a joana pediu pra avisar q ela ta internada com apendicite, quem quiser",
            [("MEDICAL_CONDITION", "apendicite")],
        ),
    ],
)
def test_someone_off_work_or_in_hospital_in_seven_languages(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[19:02] mum: did piotr take the metformin today\n[19:05] me: yes 2 pills",
            [("MEDICATION", "metformin")],
        ),
        (
            "[19:02] mama: hat jannik heute Sintrom genommen\n[19:05] ich: ärztin sagt Burn-out ist stabil",
            [("MEDICATION", "Sintrom"), ("MEDICAL_CONDITION", "Burn-out")],
        ),
        (
            "[19:02] maman : vesna a pris son Lamotrigin ?\n[19:05] moi : le médecin dit sa maladie de Crohn",
            [("MEDICATION", "Lamotrigin"), ("MEDICAL_CONDITION", "maladie de Crohn")],
        ),
        ("[19:02] mamá: radka se tomó el adalimumab?", [("MEDICATION", "adalimumab")]),
        (
            "[20:03] Lakshmi: sí, por su fibromialgia, vuelve el lunes.",
            [("MEDICAL_CONDITION", "fibromialgia")],
        ),
        (
            '<patient mrn="MRN52417867">\n  <med dose="20mg">amlodipine</med>\n</patient>',
            [("MEDICATION", "amlodipine")],
        ),
    ],
)
def test_a_family_chat_a_possessive_or_a_medication_element_makes_it_someones(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Versicherungsnehmer: Obuya, Hartmut\nDiagnose: Morbus Crohn",
            [("MEDICAL_CONDITION", "Morbus Crohn")],
        ),
        ("Tomador: Chaudhry, Detlef\nDiagnóstico: epilepsia", [("MEDICAL_CONDITION", "epilepsia")]),
        (
            "Kind: Zofia Dreßler\nGeboren: 19/02/2020\nAllergien: Erdnussallergie",
            [("MEDICAL_CONDITION", "Erdnussallergie")],
        ),
        ("BSN kind: 190 514 164\nAllergie: koemelkallergie", [("MEDICAL_CONDITION", "koemelkallergie")]),
        (
            "Patiëntnummer: 1991474\n\nPatiënt is bekend met hoge bloeddruk.",
            [("MEDICAL_CONDITION", "hoge bloeddruk")],
        ),
        (
            "Paciente: Inês Pereira\nHipótese diagnóstica: hipertensão arterial\nConduta: insulina NPH 10 UI",
            [("MEDICAL_CONDITION", "hipertensão arterial"), ("MEDICATION", "insulina")],
        ),
    ],
)
def test_policyholders_birth_labels_and_dutch_and_portuguese_terms(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our webinar on hoge bloeddruk and diabetes type 2 starts at noon.",
        "Patients should manage their asthma with an inhaler.",
        "NATO: 12.03.2020",
        "the app sends a reminder to take the metformin at 8",
    ],
)
def test_the_new_cues_leave_topics_alone(text):
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a patient table: every diagnosis and medication cell is someone's, the vocabulary's or not
        (
            "INSERT INTO patients (id, full_name, birth_date, diagnosis, medication) VALUES\n"
            "  (1, 'Ada Moss', '1980-01-02', 'asthma', 'salbutamol'),\n"
            "  (2, 'Ben Hale', '1971-05-06', 'quartan fever', 'metformin');",
            [
                ("MEDICAL_CONDITION", "asthma"),
                ("MEDICATION", "salbutamol"),
                ("MEDICAL_CONDITION", "quartan fever"),
                ("MEDICATION", "metformin"),
            ],
        ),
        (
            "nominativo\tdata_nascita\tdiagnosi\tfarmaco\n"
            "Pia Neri\t03/04/1966\tdiabete di tipo 2\tmetformina",
            [("MEDICAL_CONDITION", "diabete di tipo 2"), ("MEDICATION", "metformina")],
        ),
        # a chat transcript: a condition someone has, a medicine someone is given
        (
            "[08:10] rosa: mañana pablo no viene, tiene asma y lleva salbutamol en la mochila\n"
            "[08:11] eva: vale",
            [("MEDICAL_CONDITION", "asma"), ("MEDICATION", "salbutamol")],
        ),
        (
            "[08:10] gino: domani Pia resta a casa, ha la celiachia\n[08:12] lia: ok",
            [("MEDICAL_CONDITION", "celiachia")],
        ),
        (
            "[07:00] uwe: Lena darf nicht mit, wegen Asthma, Notfallmedikament Salbutamol ist in der Tasche\n"
            "[07:01] eva: ok",
            [("MEDICAL_CONDITION", "Asthma"), ("MEDICATION", "Salbutamol")],
        ),
        (
            "[1/2/26, 10:00:00] Ada: any news?\n"
            "[1/2/26, 10:01:00] Ben: they're starting infliximab on monday",
            [("MEDICATION", "infliximab")],
        ),
        (
            "rui: a casa nova da mãe\nrui: e ela precisa de renovar a metformina!!",
            [("MEDICATION", "metformina")],
        ),
        ("eva: and she needs her sertraline refilled by monday", [("MEDICATION", "sertraline")]),
        (
            "ana: o rui tem asma e leva salbutamol na mochila\nrita: ok",
            [("MEDICAL_CONDITION", "asma"), ("MEDICATION", "salbutamol")],
        ),
        (
            "Liebe Frau Roth, wegen ihrem Burnout-Syndrom bitte Rückruf.",
            [("MEDICAL_CONDITION", "Burnout-Syndrom")],
        ),
        ("joep: en haar metformine moet morgen herhaald worden", [("MEDICATION", "metformine")]),
        (
            "translate: [08:10] gino: domani Pia resta a casa, ha la celiachia\n[08:12] lia: ok",
            [("MEDICAL_CONDITION", "celiachia")],
        ),
        # an HL7 message's diagnosis segment under its patient segment
        (
            "PID|1||QX-5521907^^^HOSP^MR||Doe^Jane||19700101|F\nDG1|1||quartan fever|||A",
            [("MEDICAL_CONDITION", "quartan fever")],
        ),
        # a pupil's health field, a prescription note, a letter's participles
        (
            "Pupil: Ada Moss  Year 5\nMedical: asthma - salbutamol kept in office",
            [("MEDICAL_CONDITION", "asthma"), ("MEDICATION", "salbutamol")],
        ),
        (
            "Alunno: NERI Pia   nata a Lecco il 3 maggio 2014\nNote: certificazione per epilessia",
            [("MEDICAL_CONDITION", "epilessia")],
        ),
        (
            "Paciente: Ana Ruiz\nJuicio clínico: asma. Se pauta salbutamol 2 inh/día.",
            [("MEDICAL_CONDITION", "asma"), ("MEDICATION", "salbutamol")],
        ),
        (
            "Votre patient(e), suivi(e) pour asthme, traité(e) par salbutamol.",
            [("MEDICAL_CONDITION", "asthme"), ("MEDICATION", "salbutamol")],
        ),
        (
            "Claim form (policyholder)\nName: Ada Moss\nDate of birth: 1980-01-02\nPolicy no: P-1\n"
            "Injury/condition: gout",
            [("MEDICAL_CONDITION", "gout")],
        ),
    ],
)
def test_patient_tables_chats_and_pupil_records_in_seven_languages(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "drug,dose,indication\nmetformin,500 mg,type 2 diabetes\nramipril,5 mg,hypertension",
        "name,diagnosis_code,description\nAsthma,J45,chronic airway disease\nEpilepsy,G40,seizures",
        "INSERT INTO drugs (name, drug_class, condition) VALUES "
        "('Metformin', 'biguanide', 'type 2 diabetes');",
        "[10:01] anna: the article says diabetes is more common now\n[10:02] ben: metformin is cheap though",
        "Student: please answer the quiz on asthma and epilepsy.",
        "Chi ha la celiachia deve evitare il glutine.",
        "Wer Asthma hat, bekommt oft Salbutamol. Notfallmedikament Salbutamol gehört in jede Schultasche.",
        "Quien tiene asma debe llevar su inhalador.",
    ],
)
def test_health_topics_in_tables_chats_and_guides_stay_topics(text):
    assert find(text) == []
