#!/usr/bin/env python3
# ruff: noqa: E501
"""Blind held-out slice for health records, dates of birth and classification markings (issue 16).

Written before any recognizer for these groups existed, and never adjusted after: scores on it are
not tuned-for. Stdlib only, no randomness beyond fixed checksum inputs, so reruns are byte-identical.

    python tests/corpus/holdout/build_records_holdout.py           # (re)write records_holdout.jsonl
    python tests/corpus/holdout/build_records_holdout.py --check   # fail if the file is stale

Labelling conventions (decided before any code was written):

- health: MEDICAL_CONDITION (diagnosis or symptom tied to a named or identified person),
  MEDICATION (drug with its dose, the whole "metformin 500 mg"), MEDICAL_PROCEDURE, HEALTH_STATUS
  ("HIV positive", "pregnant", "séropositif"), MEDICAL_RECORD_NUMBER (value only, after MRN / Patient ID /
  Fallnummer / dossier patient / patient_id), US_NPI, DEA_NUMBER, US_MBI, DE_KVNR, ICD_CODE (code only,
  only in a record). Negated findings ("denies chest pain", "no history of cancer") are not labelled.
  Health *topics* (articles, dosing guides, budgets, coding questions, endpoints, schemas) are negatives.
- person: PERSON (names, titles excluded) and DATE_OF_BIRTH (the date value only, next to a person).
- classification: CLASSIFICATION_MARKING, the marking words where they stand as a marking (header,
  footer, banner, "Classification:" / "Sensitivity:" value). Prose about classification, NDA clauses,
  e-mail confidentiality disclaimers and non-sensitive labels (Public, General) are negatives.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT_PATH = Path(__file__).resolve().with_name("records_holdout.jsonl")

CATEGORY: dict[str, str] = {
    **dict.fromkeys(
        (
            "MEDICAL_CONDITION",
            "MEDICATION",
            "MEDICAL_PROCEDURE",
            "HEALTH_STATUS",
            "MEDICAL_RECORD_NUMBER",
            "US_NPI",
            "DEA_NUMBER",
            "US_MBI",
            "DE_KVNR",
            "ICD_CODE",
        ),
        "health",
    ),
    "PERSON": "person",
    "DATE_OF_BIRTH": "person",
    "CLASSIFICATION_MARKING": "classification",
}


# ---- checksummed identifiers, computed (never hard-coded) ---------------------------------------


def _luhn_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def npi(base9: str) -> str:
    return base9 + str(_luhn_digit("80840" + base9))


def dea(prefix: str, six: str) -> str:
    d = [int(c) for c in six]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return prefix + six + str(check)


def kvnr(letter: str, eight: str) -> str:
    digits = f"{ord(letter) - 64:02d}" + eight
    total = 0
    for i, ch in enumerate(digits):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return letter + eight + str(total % 10)


# ---- record assembly ---------------------------------------------------------------------------

Part = str | tuple[str, str]


def rec(kind: str, lang: str, *parts: Part) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    for part in parts:
        if isinstance(part, tuple):
            value, etype = part
            start = len(text)
            text += value
            spans.append(
                {"start": start, "end": len(text), "entity_type": etype, "category": CATEGORY[etype]}
            )
            assert text[start : len(text)] == value
        else:
            text += part
    return {"kind": kind, "lang": lang, "negative": not spans, "text": text, "spans": spans}


def P(v: str) -> tuple[str, str]:
    return (v, "PERSON")


def DOB(v: str) -> tuple[str, str]:
    return (v, "DATE_OF_BIRTH")


def C(v: str) -> tuple[str, str]:
    return (v, "MEDICAL_CONDITION")


def M(v: str) -> tuple[str, str]:
    return (v, "MEDICATION")


def PR(v: str) -> tuple[str, str]:
    return (v, "MEDICAL_PROCEDURE")


def ST(v: str) -> tuple[str, str]:
    return (v, "HEALTH_STATUS")


def MRN(v: str) -> tuple[str, str]:
    return (v, "MEDICAL_RECORD_NUMBER")


def ICD(v: str) -> tuple[str, str]:
    return (v, "ICD_CODE")


def MK(v: str) -> tuple[str, str]:
    return (v, "CLASSIFICATION_MARKING")


def positives() -> list[dict[str, object]]:
    return [
        # ---------------- en records ----------------
        rec(
            "discharge_summary",
            "en",
            "DISCHARGE SUMMARY\nPatient: ",
            P("Margaret Okafor"),
            "   DOB: ",
            DOB("04/17/1958"),
            "   MRN: ",
            MRN("A-7730192"),
            "\nAdmitted 02/11 with ",
            C("community-acquired pneumonia"),
            "; history of ",
            C("COPD"),
            " and ",
            C("atrial fibrillation"),
            ". No known drug allergies.\nDischarge meds: ",
            M("apixaban 5 mg"),
            " twice daily, ",
            M("amoxicillin 875 mg"),
            " BID x5 days.\nFollow-up with Dr ",
            P("Rahul Mehta"),
            " in 2 weeks.",
        ),
        rec(
            "hr_note",
            "en",
            "Hi HR team, ",
            P("Daniel Whitfield"),
            " (Finance) will be on sick leave until 28 March for ",
            C("depression"),
            "; his doctor's note is attached. Please keep this between us.\nThanks, ",
            P("Fiona"),
            "",
        ),
        rec(
            "insurance_claim",
            "en",
            "Claim CLM-20931\nInsured: ",
            P("Priya Raman"),
            ", date of birth ",
            DOB("1984-09-02"),
            "\nDiagnosis: ",
            ICD("E11.9"),
            " (",
            C("type 2 diabetes mellitus without complications"),
            ")\nProcedure: ",
            PR("HbA1c test"),
            "\nRendering provider NPI: ",
            (npi("148293057"), "US_NPI"),
            "\nAmount billed: $186.00",
        ),
        rec(
            "ai_chat",
            "en",
            'Can you rewrite this message to sound kinder? "',
            P("Tom"),
            ", since your ",
            ST("HIV positive"),
            " result came back you've missed three standups and I need you to tell me what's going on.\"",
        ),
        rec(
            "slack_thread",
            "en",
            "FYI ",
            P("Sarah Lindqvist"),
            " told me she is ",
            ST("pregnant"),
            " (due in August). Can we plan the handover without telling the team yet?",
        ),
        rec(
            "referral_letter",
            "en",
            "Dear Dr ",
            P("Evans"),
            ",\n\nI am referring Mr ",
            P("Alan Brooks"),
            " (DOB ",
            DOB("12 June 1949"),
            ") for assessment of ",
            C("suspected Parkinson's disease"),
            ". He denies chest pain or falls. He currently takes ",
            M("levodopa/carbidopa 100/25 mg"),
            " three times daily.\n\nKind regards,\nDr ",
            P("Hannah Cole"),
        ),
        rec(
            "prescription",
            "en",
            "Rx for ",
            P("Kevin O'Neill"),
            ": ",
            M("oxycodone 5 mg"),
            " q6h PRN, #20.\nPrescriber: ",
            P("Laura Stein"),
            ", DEA ",
            (dea("BS", "482915"), "DEA_NUMBER"),
            ", NPI ",
            (npi("193857204"), "US_NPI"),
        ),
        rec(
            "csv_export",
            "en",
            "patient_id,name,dob,diagnosis\n",
            MRN("100482"),
            ",",
            P("Ian Fletcher"),
            ",",
            DOB("1979-11-30"),
            ",",
            C("asthma"),
            "\n",
            MRN("100517"),
            ",",
            P("Rosa Quinn"),
            ",",
            DOB("1988-02-14"),
            ",",
            C("migraine"),
            "\n",
            MRN("100533"),
            ",",
            P("Owen Pryce"),
            ",",
            DOB("1962-07-08"),
            ",",
            C("chronic kidney disease"),
            "\n",
        ),
        rec(
            "case_note",
            "en",
            "Member ",
            P("Gloria Estrada"),
            ", Medicare MBI ",
            ("1EK7-RW3-UK52", "US_MBI"),
            ", is scheduled for ",
            PR("cataract surgery"),
            " on 3/14. Transport requested.",
        ),
        rec(
            "business_email",
            "en",
            "Hi ",
            P("Jenna"),
            ",\n\nJust confirming ",
            P("Robert Hale"),
            "'s appointment for his ",
            PR("chemotherapy"),
            " cycle 3 on Tuesday. He mentioned ",
            C("nausea"),
            " after the last ",
            M("ondansetron 8 mg"),
            " dose, so please let the nurse know.\n\nBest,\n",
            P("Amir"),
        ),
        rec(
            "meeting_transcript",
            "en",
            P("Mark"),
            ": ok, next item.\n",
            P("Mark"),
            ": quick heads-up, ",
            P("Olivia"),
            " is out this week, she had a ",
            C("miscarriage"),
            " last week. Please don't schedule anything for her.\n",
            P("Dana"),
            ": understood.",
        ),
        rec(
            "hr_review",
            "en",
            "Performance notes, ",
            P("Greg Tanaka"),
            ": output has dropped since his ",
            C("bipolar disorder"),
            " diagnosis in spring; we agreed on reduced hours until October.",
        ),
        rec(
            "log_lines",
            "en",
            "2025-03-02 10:14:22 INFO lab-results uploaded Patient ID: ",
            MRN("4481-2290"),
            " panel=lipid status=final\n2025-03-02 10:14:23 INFO notify clinician queue=cardiology",
        ),
        rec(
            "clinical_note",
            "en",
            "Patient: ",
            P("Nora Blake"),
            ", 34\nAssessment: ",
            ICD("6A70"),
            " ",
            C("single episode depressive disorder"),
            ", moderate.\nPlan: start ",
            M("sertraline 50 mg"),
            " daily, review in 4 weeks.",
        ),
        rec(
            "business_email",
            "en",
            "We have received the claim for ",
            P("Lucas Grant"),
            " (born ",
            DOB("3 February 1990"),
            ") relating to his ",
            PR("knee arthroscopy"),
            " on 5 January and will reply within 10 working days.",
        ),
        rec(
            "hr_form",
            "en",
            "New starter form\nName: ",
            P("Chloe Barnes"),
            "\nDate of birth: ",
            DOB("22/08/1996"),
            "\nStart date: 01/04/2025\nTeam: Support",
        ),
        rec(
            "markdown_table",
            "en",
            "| Name | DOB | Team |\n|---|---|---|\n| ",
            P("Ian Sutter"),
            " | ",
            DOB("1979-10-30"),
            " | Ops |\n| ",
            P("Rosa Lindgren"),
            " | ",
            DOB("1988-03-14"),
            " | Sales |",
        ),
        rec(
            "docs",
            "en",
            P("Helen Marsh"),
            ", born ",
            DOB("14 March 1967"),
            ", joined the board in 2015 and chairs the audit committee.",
        ),
        rec(
            "hr_note",
            "en",
            "Note to file: ",
            P("Victor Nash"),
            " disclosed that he has ",
            C("epilepsy"),
            " and takes ",
            M("levetiracetam 500 mg"),
            " twice daily. He should not be rostered for solo night shifts.",
        ),
        rec(
            "ai_chat",
            "en",
            "Summarise this for the insurer: MRN ",
            MRN("00918273"),
            ", ",
            P("Beth Carver"),
            ", admitted after a ",
            C("stroke"),
            ", underwent ",
            PR("thrombectomy"),
            ", now on ",
            M("atorvastatin 80 mg"),
            ".",
        ),
        # ---------------- en markings ----------------
        rec(
            "docs",
            "en",
            MK("CONFIDENTIAL"),
            "\n\nQ3 Board Update\nRevenue grew 12% quarter on quarter, driven by the enterprise tier. Churn is flat.",
        ),
        rec(
            "docs",
            "en",
            "Pricing review\n\nWe propose raising the base tier by 8% from January.\n\n",
            MK("Strictly Confidential"),
            " – Page 4 of 11",
        ),
        rec(
            "docs",
            "en",
            "Classification: ",
            MK("Internal Use Only"),
            "\nOwner: Finance\n\nTravel policy update: economy class for flights under 6 hours.",
        ),
        rec(
            "business_email",
            "en",
            "Sensitivity: ",
            MK("Confidential"),
            "\n\nSubject: Reorg plan\n\nTeam leads will be told on Monday; please do not forward.",
        ),
        rec(
            "docs",
            "en",
            "*** ",
            MK("CONFIDENTIAL – INTERNAL USE ONLY"),
            " ***\nDraft pricing for 2025\nEnterprise: $48/seat\nTeam: $19/seat",
        ),
        rec(
            "docs",
            "en",
            "[",
            MK("RESTRICTED"),
            "] Incident post-mortem draft\n\nRoot cause: an expired certificate on the internal load balancer.",
        ),
        rec(
            "docs",
            "en",
            "# Project Falcon: acquisition memo\n\n_",
            MK("Confidential"),
            "_\n\nWe recommend proceeding to a non-binding offer in Q2.",
        ),
        # ---------------- de ----------------
        rec(
            "medical_letter",
            "de",
            "Sehr geehrte Frau Kollegin,\n\nwir berichten über Herrn ",
            P("Sven Albrecht"),
            ", geb. ",
            DOB("03.07.1961"),
            ", der sich vom 12.02. bis 19.02. in stationärer Behandlung befand.\nDiagnosen: ",
            C("Akuter Myokardinfarkt"),
            " (",
            ICD("I21.9"),
            "), ",
            C("arterielle Hypertonie"),
            " (",
            ICD("I10"),
            ")\nMedikation: ",
            M("Ramipril 5 mg"),
            " 1-0-0, ",
            M("ASS 100 mg"),
            " 1-0-0",
        ),
        rec(
            "hr_note",
            "de",
            "Hallo Team, ",
            P("Katrin Vogel"),
            " ist bis Freitag krankgeschrieben (",
            C("Bandscheibenvorfall"),
            "). Bitte übernehmt ihre Tickets.",
        ),
        rec(
            "insurance_form",
            "de",
            "Versicherte: ",
            P("Monika Brandt"),
            "\nKrankenversichertennummer: ",
            (kvnr("T", "48291730"), "DE_KVNR"),
            "\nBehandlung: ",
            PR("Physiotherapie"),
            " nach ",
            C("Kreuzbandriss"),
            "",
        ),
        rec(
            "medical_letter",
            "de",
            "Fallnummer: ",
            MRN("2024-118734"),
            "\nPatient: ",
            P("Jürgen Haas"),
            ", geb. ",
            DOB("17.11.1952"),
            "\nBefund: ",
            C("Verdacht auf Lungenkarzinom"),
            ", kein Hinweis auf Metastasen.",
        ),
        rec(
            "csv_export",
            "de",
            "Name;Geburtsdatum;Abteilung\n",
            P("Lena Krüger"),
            ";",
            DOB("09.04.1991"),
            ";Vertrieb\n",
            P("Tobias Wendt"),
            ";",
            DOB("27.12.1985"),
            ";IT",
        ),
        rec(
            "chat_export",
            "de",
            "Kurze Info: ",
            P("Anna Roth"),
            " ist ",
            ST("schwanger"),
            " und fällt ab Juni in Mutterschutz, bitte noch nicht im Team erwähnen.",
        ),
        rec(
            "hr_note",
            "de",
            P("Markus Lehmann"),
            ": Wiedereingliederung nach ",
            C("Burnout"),
            ", aktuell ",
            M("Sertralin 100 mg"),
            ", max. 4 Stunden täglich.",
        ),
        rec(
            "insurance_form",
            "de",
            "Patient: ",
            P("Heike Schuster"),
            "\nKVNR: ",
            (kvnr("K", "30718264"), "DE_KVNR"),
            "\nDiagnose: ",
            ICD("E10.9"),
            " ",
            C("Diabetes mellitus Typ 1"),
        ),
        rec(
            "docs",
            "de",
            MK("VERTRAULICH"),
            "\n\nProtokoll der Geschäftsführungssitzung vom 14.05.\nTOP 1: Standortstrategie\nTOP 2: Budget 2026",
        ),
        rec(
            "docs",
            "de",
            MK("Streng vertraulich – nur für den internen Gebrauch"),
            "\n\nGehaltsbänder 2025\nBand A: 48.000–56.000 €\nBand B: 56.000–67.000 €",
        ),
        rec(
            "docs",
            "de",
            "Klassifizierung: ",
            MK("Vertraulich"),
            "\nErsteller: Controlling\n\nForecast Q4: Umsatz 12,4 Mio. €",
        ),
        # ---------------- fr ----------------
        rec(
            "medical_letter",
            "fr",
            "Compte rendu de consultation\nPatiente : Mme ",
            P("Élodie Marchand"),
            ", née le ",
            DOB("12 mars 1979"),
            "\nMotif : ",
            C("diabète de type 2"),
            " déséquilibré, pas d'antécédent de cancer.\nTraitement : ",
            M("metformine 1000 mg"),
            " matin et soir.",
        ),
        rec(
            "hr_note",
            "fr",
            "Bonjour, ",
            P("Luc Perrin"),
            " est en arrêt maladie jusqu'au 15 avril pour ",
            C("dépression"),
            ". Merci de réaffecter ses dossiers.",
        ),
        rec(
            "medical_letter",
            "fr",
            "N° de dossier patient : ",
            MRN("DP-0093817"),
            "\nNom : ",
            P("Camille Lefèvre"),
            "\nDate de naissance : ",
            DOB("05/10/1987"),
            "\nAntécédents : ",
            C("asthme"),
            ", ",
            PR("appendicectomie"),
            " en 2009",
        ),
        rec(
            "chat_export",
            "fr",
            P("Julien Moreau"),
            " m'a confié qu'il est ",
            ST("séropositif"),
            " ; il souhaite aménager ses horaires pour ses rendez-vous à l'hôpital.",
        ),
        rec(
            "insurance_form",
            "fr",
            "Assurée : ",
            P("Nathalie Girard"),
            ", née le ",
            DOB("21/06/1975"),
            "\nHospitalisation pour ",
            PR("pose de prothèse de hanche"),
            "\nDurée : 6 jours",
        ),
        rec(
            "hr_note",
            "fr",
            "Pour info, ",
            P("Sophie Renaud"),
            " est ",
            ST("enceinte"),
            " de quatre mois ; elle sera en congé maternité à partir de septembre.",
        ),
        rec(
            "docs",
            "fr",
            MK("CONFIDENTIEL"),
            "\n\nNote au comité de direction : projet de restructuration du site de production.",
        ),
        rec(
            "docs",
            "fr",
            MK("Diffusion restreinte – usage interne uniquement"),
            "\nBudget prévisionnel 2025 : 3,2 M€ de frais de personnel.",
        ),
        rec(
            "docs",
            "fr",
            "Classification : ",
            MK("Confidentiel"),
            "\nAuteur : Direction juridique\n\nObjet : litige fournisseur",
        ),
        # ---------------- es ----------------
        rec(
            "medical_letter",
            "es",
            "Informe médico\nPaciente: ",
            P("Lucía Herrera"),
            "\nFecha de nacimiento: ",
            DOB("23/05/1990"),
            "\nDiagnóstico: ",
            C("hipotiroidismo"),
            "\nTratamiento: ",
            M("levotiroxina 50 mcg"),
            " en ayunas",
        ),
        rec(
            "hr_note",
            "es",
            "Hola, ",
            P("Javier Morales"),
            " estará de baja por ",
            C("ansiedad"),
            " hasta fin de mes.",
        ),
        rec(
            "docs",
            "es",
            MK("CONFIDENCIAL"),
            "\n\nPlan de reestructuración Q2: cierre de la planta norte y traslado de la línea 3.",
        ),
        rec(
            "docs",
            "es",
            "Clasificación: ",
            MK("Uso interno"),
            "\nResponsable: Recursos Humanos\n\nCalendario de vacaciones 2025",
        ),
    ]


def negatives() -> list[dict[str, object]]:
    n = lambda kind, lang, text: rec(kind, lang, text)  # noqa: E731
    return [
        n(
            "article",
            "en",
            "Type 2 diabetes affects about 1 in 10 adults. Metformin is usually the first medicine offered, typically starting at 500 mg once a day, and HbA1c is checked every three to six months.",
        ),
        n(
            "k8s_manifest",
            "en",
            "livenessProbe:\n  httpGet:\n    path: /health\n    port: 8080\nreadinessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080",
        ),
        n("code", "en", "@app.get('/health')\ndef health():\n    return {'status': 'ok', 'db': 'healthy'}"),
        n(
            "spreadsheet",
            "en",
            "Q3 campaign budget\nHealth & Wellness vertical\t$42,000\nDiabetes Awareness Month sponsorship\t$8,500\nFlu season push\t$12,000",
        ),
        n(
            "question",
            "en",
            "What's the difference between ICD-10 E11.9 and E11.65? Our billing team keeps picking the wrong one for type 2 diabetes with hyperglycemia.",
        ),
        n(
            "docs",
            "en",
            "Our app helps people with depression track their mood; next sprint we add a reminder when users log a panic attack.",
        ),
        n(
            "docs",
            "en",
            "Employees on sick leave must send a doctor's note after three days. Pregnant employees can request a risk assessment from HR.",
        ),
        n(
            "article",
            "en",
            "Ibuprofen 400 mg every 6 hours is the usual adult dose; do not exceed 1200 mg a day without medical advice.",
        ),
        n(
            "article",
            "en",
            "The WHO reported a rise in measles cases this year, while HIV prevalence stayed at 0.7% among adults worldwide.",
        ),
        n(
            "code",
            "en",
            "CREATE TABLE patients (\n  id SERIAL PRIMARY KEY,\n  mrn VARCHAR(20) NOT NULL,\n  date_of_birth DATE,\n  diagnosis_code VARCHAR(8)\n);",
        ),
        n(
            "docs",
            "en",
            "Patient name: ____________\nDOB: __/__/____\nMRN: __________\nAllergies: ____________",
        ),
        n("docs", "en", "Acme Logistics was founded on 12 March 1998 and went public in 2007."),
        n(
            "docs",
            "en",
            "The date_of_birth field must be ISO 8601 (YYYY-MM-DD); reject dob values in the future.",
        ),
        n("code", "en", "const maxHeartRate = 220 - age;\nif (bmi > 30) flags.push('obesity risk');"),
        n(
            "docs",
            "en",
            "Our data classification policy has four levels: Public, Internal, Confidential and Strictly Confidential. Documents marked Confidential must not be shared outside the company.",
        ),
        n(
            "question",
            "en",
            "How do I mark a Word document as confidential so that the label shows in the footer?",
        ),
        n(
            "business_email",
            "en",
            "Thanks, see you Monday.\n\n--\nThis e-mail and any attachments are confidential and may be privileged. If you are not the intended recipient, please notify the sender and delete it.",
        ),
        n(
            "code",
            "en",
            "if doc.is_confidential:\n    raise PermissionError('confidential documents cannot be exported')",
        ),
        n(
            "docs",
            "en",
            "Confidential computing on Azure uses AMD SEV-SNP to keep data encrypted while it is in use.",
        ),
        n(
            "release_notes",
            "en",
            "Classification: Public\nRelease notes v2.4.1\n- Fixed pagination on the orders page\n- Faster CSV export",
        ),
        n(
            "contract",
            "en",
            "The Receiving Party shall keep all Confidential Information strictly confidential and use it only for the Purpose.",
        ),
        n(
            "docs",
            "en",
            "MBI format example from CMS: 1EG4-TE5-MK73 (11 characters, never the letters S, L, O, I, B or Z).",
        ),
        n(
            "log_lines",
            "en",
            "2025-01-04T10:00:02Z GET /api/v1/health 200 3ms\n2025-01-04T10:00:05Z GET /api/v1/health 200 2ms\n2025-01-04T10:00:08Z GET /api/v1/health 503 1ms",
        ),
        n(
            "release_notes",
            "en",
            "v3.2: added a health dashboard, fixed a memory leak in the patient-search service, renamed the dob column to birth_date.",
        ),
        n(
            "calendar_invite",
            "en",
            "Team offsite: 9:00 yoga, 10:00 mental health talk by our EAP provider, 12:00 lunch, 14:00 roadmap.",
        ),
        n(
            "question",
            "en",
            "I'm writing a blog post about burnout in tech. Can you suggest a structure covering symptoms, causes and what managers can do?",
        ),
        n(
            "business_email",
            "en",
            "Sensitivity: General\n\nSubject: Friday lunch\n\nPizza or sushi? Reply by noon.",
        ),
        n("docs", "en", "Order number 2847193650 shipped on 03/04 via ground; invoice 88120 attached."),
        n(
            "question",
            "en",
            "Is the DEA number check digit computed from the first six digits? I'm writing a validator for our pharmacy software.",
        ),
        n(
            "docs",
            "en",
            "Confidentiality levels are assigned by the data owner. Internal use only material may be shared with contractors under NDA.",
        ),
        # de
        n(
            "article",
            "de",
            "Diabetes Typ 2 ist eine Volkskrankheit: In Deutschland sind rund 8 Millionen Menschen betroffen. Metformin gilt als Mittel der ersten Wahl.",
        ),
        n(
            "docs",
            "de",
            "Bitte beachten: Vertrauliche Dokumente dürfen nicht in KI-Tools hochgeladen werden. Die Einstufung (öffentlich, intern, vertraulich, streng vertraulich) steht in der Kopfzeile.",
        ),
        n(
            "question",
            "de",
            "Wie lautet der ICD-10-Code für Rückenschmerzen? Ich brauche das für eine Schulung zur Kodierung.",
        ),
        n(
            "docs",
            "de",
            "Krankmeldungen müssen ab dem dritten Tag eingereicht werden; die Krankenversichertennummer steht auf der Gesundheitskarte.",
        ),
        n(
            "docs",
            "de",
            "Der Endpunkt /health liefert 200, sobald die Datenbank erreichbar ist; /health/ready prüft zusätzlich den Cache.",
        ),
        n(
            "business_email",
            "de",
            "Hallo zusammen, das Budget für die Kampagne zur Grippeimpfung liegt bei 18.000 €. Die Plakate zum Thema Rückengesundheit kommen im März.",
        ),
        # fr
        n(
            "article",
            "fr",
            "Le diabète de type 2 touche plus de 4 millions de personnes en France ; l'activité physique reste le premier traitement.",
        ),
        n(
            "docs",
            "fr",
            "Rappel : les documents confidentiels ne doivent pas être partagés sur des outils d'IA publics. Notre politique de classification compte quatre niveaux.",
        ),
        n(
            "business_email",
            "fr",
            "Campagne Octobre rose : budget de 15 000 € pour la sensibilisation au cancer du sein, affiches livrées le 2 octobre.",
        ),
        n(
            "question",
            "fr",
            "Quelle est la posologie habituelle du paracétamol chez l'adulte ? 1 g toutes les 6 heures au maximum ?",
        ),
        # es
        n(
            "article",
            "es",
            "La diabetes tipo 2 es una de las enfermedades crónicas más comunes; la metformina suele ser el primer tratamiento.",
        ),
        n(
            "docs",
            "es",
            "Recuerda: la información confidencial no se debe compartir con herramientas de IA. Consulta la política de clasificación.",
        ),
        n(
            "business_email",
            "es",
            "Presupuesto de la campaña de salud mental: 20.000 € para talleres sobre ansiedad y estrés laboral.",
        ),
    ]


def build() -> list[dict[str, object]]:
    records = positives() + negatives()
    out = []
    for i, r in enumerate(records, 1):
        out.append(
            {
                "id": f"records-{i:04d}",
                "kind": r["kind"],
                "lang": r["lang"],
                "negative": r["negative"],
                "text": r["text"],
                "spans": r["spans"],
            }
        )
    return out


def serialize(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def main(argv: list[str]) -> int:
    data = serialize(build())
    if "--check" in argv:
        if not OUT_PATH.exists() or OUT_PATH.read_text(encoding="utf-8") != data:
            print(f"{OUT_PATH} is stale; rerun without --check", file=sys.stderr)
            return 1
        return 0
    OUT_PATH.write_text(data, encoding="utf-8")
    recs = build()
    neg = sum(1 for r in recs if r["negative"])
    print(f"texts: {len(recs)}  negatives: {neg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
