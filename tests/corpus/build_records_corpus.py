#!/usr/bin/env python3
# ruff: noqa: E501
"""Tuning cases for health records, dates of birth and classification markings (issue 16).

Unlike the blind slice in holdout/records_holdout.jsonl, these texts are for tuning: the recognizers
were adjusted with them in view. Same record format and labelling conventions as the blind slice (see
holdout/build_records_holdout.py); stdlib only, byte-identical on every run.

    python tests/corpus/build_records_corpus.py           # (re)write records.jsonl
    python tests/corpus/build_records_corpus.py --check   # fail if the file is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT_PATH = Path(__file__).resolve().with_name("records.jsonl")
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


def rec(kind: str, lang: str, *parts: str | tuple[str, str]) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    for part in parts:
        if isinstance(part, tuple):
            value, etype = part
            spans.append(
                {
                    "start": len(text),
                    "end": len(text) + len(value),
                    "entity_type": etype,
                    "category": CATEGORY[etype],
                }
            )
            text += value
        else:
            text += part
    return {"kind": kind, "lang": lang, "negative": not spans, "text": text, "spans": spans}


def P(v: str) -> tuple[str, str]:
    return (v, "PERSON")


def D(v: str) -> tuple[str, str]:
    return (v, "DATE_OF_BIRTH")


def C(v: str) -> tuple[str, str]:
    return (v, "MEDICAL_CONDITION")


def M(v: str) -> tuple[str, str]:
    return (v, "MEDICATION")


def PR(v: str) -> tuple[str, str]:
    return (v, "MEDICAL_PROCEDURE")


def ST(v: str) -> tuple[str, str]:
    return (v, "HEALTH_STATUS")


def K(v: str) -> tuple[str, str]:
    return (v, "CLASSIFICATION_MARKING")


def records() -> list[dict[str, object]]:
    return [
        rec(
            "soap_note",
            "en",
            "S: ",
            P("Dylan Harper"),
            ", 52M, c/o chest tightness on exertion.\nO: BP 158/96.\nA: ",
            C("hypertension"),
            ", r/o angina.\nP: start ",
            M("amlodipine 5 mg"),
            " daily; MRN ",
            ("7730-1185", "MEDICAL_RECORD_NUMBER"),
            ".",
        ),
        rec(
            "hr_note",
            "en",
            "Manager note: ",
            P("Keisha Ward"),
            " returned from leave after her ",
            PR("hysterectomy"),
            "; she asked for a phased return.",
        ),
        rec(
            "support_ticket",
            "en",
            "Customer ",
            P("Brian Cole"),
            " (DOB ",
            D("07/22/1971"),
            ") says the pharmacy refused his ",
            M("insulin glargine 100 units"),
            " refill.",
        ),
        rec(
            "chat_message",
            "en",
            "hey, can you cover for ",
            P("Priyanka"),
            " tomorrow? she's got her ",
            PR("IVF"),
            " appointment, don't tell anyone",
        ),
        rec(
            "ai_chat",
            "en",
            "Draft a reply to ",
            P("Martin Cho"),
            " who told me he was diagnosed with ",
            C("multiple sclerosis"),
            " and wants to work from home.",
        ),
        rec(
            "csv_export",
            "en",
            "employee,dob,absence_reason\n",
            P("Gail Porter"),
            ",",
            D("1983-06-19"),
            ",",
            C("migraine"),
            "\n",
            P("Hugo Lam"),
            ",",
            D("1990-12-02"),
            ",",
            C("back pain"),
            "\n",
        ),
        rec(
            "insurance_claim",
            "en",
            "Claimant: ",
            P("Ruth Benson"),
            "\nDiagnosis code: ",
            ("M54.5", "ICD_CODE"),
            "\nTreating physician NPI: ",
            ("1245319599", "US_NPI"),
            "\nRequested: 12 sessions of ",
            PR("physiotherapy"),
        ),
        rec(
            "email",
            "en",
            "Hi all, ",
            P("Sam Ortiz"),
            " is in hospital after a ",
            C("heart attack"),
            ". He is stable. Please send cards to the office.",
        ),
        rec(
            "hr_note",
            "en",
            P("Lena Fox"),
            " disclosed she is ",
            ST("pregnant"),
            " and has ",
            C("gestational diabetes"),
            "; adjust her travel schedule.",
        ),
        rec(
            "pharmacy_note",
            "en",
            "Patient: ",
            P("Carl Mendez"),
            "\nDEA of prescriber: ",
            ("FM1234563", "DEA_NUMBER"),
            "\nDispensed: ",
            M("tramadol 50 mg"),
            " x 30",
        ),
        rec(
            "medicare_form",
            "en",
            "Beneficiary: ",
            P("Dorothy Lane"),
            "\nMedicare Beneficiary Identifier: ",
            ("3AN2-WE7-YK19", "US_MBI"),
            "\nPlan: Part B",
        ),
        rec(
            "medical_letter",
            "de",
            "Patientin: ",
            P("Ursula Meier"),
            ", geb. ",
            D("21.01.1948"),
            "\nKVNR: ",
            ("A123456780", "DE_KVNR"),
            "\nDiagnose: ",
            ("E11.9", "ICD_CODE"),
            " ",
            C("Diabetes mellitus Typ 2"),
            "\nTherapie: ",
            M("Metformin 850 mg"),
            " 1-0-1",
        ),
        rec(
            "hr_note",
            "de",
            "Info an die Teamleitung: ",
            P("Jonas Keller"),
            " hat einen ",
            C("Bandscheibenvorfall"),
            " und ist sechs Wochen krankgeschrieben.",
        ),
        rec(
            "chat_export",
            "de",
            "Herr ",
            P("Wagner"),
            " hatte letzte Woche eine ",
            PR("Darmspiegelung"),
            ", Befund folgt.",
        ),
        rec(
            "medical_letter",
            "fr",
            "Patient : M. ",
            P("Karim Benali"),
            ", né le ",
            D("4 juin 1966"),
            "\nAntécédents : ",
            C("infarctus du myocarde"),
            " en 2019\nTraitement : ",
            M("bisoprolol 5 mg"),
            ", ",
            M("atorvastatine 40 mg"),
        ),
        rec(
            "hr_note",
            "fr",
            P("Claire Dumas"),
            " m'a confié qu'elle souffre d'",
            C("endométriose"),
            " ; elle sera absente lors de ses crises.",
        ),
        rec(
            "medical_letter",
            "es",
            "Paciente: ",
            P("Rosa Jiménez"),
            "\nFecha de nacimiento: ",
            D("02/11/1979"),
            "\nDiagnóstico: ",
            C("asma"),
            "\nTratamiento: ",
            M("salbutamol 100 mcg"),
            " a demanda",
        ),
        rec("hr_note", "es", P("Diego Navarro"), " está de baja por ", C("depresión"), " desde el lunes."),
        rec(
            "form",
            "en",
            "Employee: ",
            P("Nina Park"),
            "\nDate of Birth: ",
            D("March 3, 1992"),
            "\nEmergency contact: spouse",
        ),
        rec("docs", "en", K("STRICTLY CONFIDENTIAL"), "\n\nProject Atlas: term sheet v3"),
        rec("docs", "en", "Data classification: ", K("Confidential"), "\nRetention: 7 years"),
        rec(
            "email",
            "en",
            "Subject: [",
            K("CONFIDENTIAL"),
            "] Layoff list draft\n\nPlease review before Friday.",
        ),
        rec("docs", "en", "Roadmap 2026\n\n", K("For internal use only"), " | Page 2 of 9"),
        rec("docs", "de", "Einstufung: ", K("Streng vertraulich"), "\nVerteiler: Vorstand"),
        rec("docs", "fr", "Projet de fusion\n\n", K("STRICTEMENT CONFIDENTIEL"), " – ne pas diffuser"),
        rec(
            "docs", "es", K("ESTRICTAMENTE CONFIDENCIAL"), "\n\nResultados preliminares del tercer trimestre"
        ),
        # topics beside a name: the name is a finding, the health words are not
        rec(
            "jira_ticket",
            "en",
            "Feature request from ",
            P("Sarah Collins"),
            ": add a depression screening questionnaire to the app.",
        ),
        rec(
            "email",
            "de",
            "Bitte Herrn ",
            P("Schulz"),
            " informieren: die Schulung zum Thema Diabetes findet am Montag statt.",
        ),
        rec(
            "meeting_transcript",
            "en",
            P("Mark"),
            ": ok, next item.\n",
            P("Mark"),
            ": quick heads-up, ",
            P("Nina"),
            " is out this week, she had a ",
            C("stroke"),
            ". Please don't schedule anything.",
        ),
    ]


def negatives() -> list[dict[str, object]]:
    n = lambda kind, lang, text: rec(kind, lang, text)  # noqa: E731
    return [
        n(
            "docs",
            "en",
            "Hypertension guidelines: start amlodipine 5 mg or lisinopril 10 mg; recheck blood pressure in 4 weeks.",
        ),
        n("code", "en", "def is_pregnant(record):\n    return record.get('pregnancy_status') == 'confirmed'"),
        n(
            "k8s_manifest",
            "en",
            "readinessProbe:\n  httpGet:\n    path: /api/health\n    port: 9000\n  periodSeconds: 10",
        ),
        n(
            "question",
            "en",
            "Which ICD-10 code should a clinic use for migraine without aura, G43.0 or G43.1?",
        ),
        n(
            "docs",
            "en",
            "The HR wellbeing budget covers flu shots, a mental health day and a cancer screening campaign.",
        ),
        n("email", "en", "Reminder: anyone on sick leave should send a fit note after seven days."),
        n(
            "docs",
            "en",
            "Patients with asthma should carry their inhaler; salbutamol 100 mcg is the usual reliever dose.",
        ),
        n(
            "release_notes",
            "en",
            "v5.1: new field date_of_birth in the patient form; MRN search is now case-insensitive.",
        ),
        n(
            "docs",
            "en",
            "Mark documents as Confidential only when they contain customer data; otherwise use Internal.",
        ),
        n("email", "en", "Please treat this as confidential until the announcement on Monday. Thanks!"),
        n(
            "docs",
            "de",
            "Diabetes Typ 2 lässt sich oft mit Bewegung und Metformin 500 mg behandeln; Studien zeigen gute Ergebnisse.",
        ),
        n(
            "docs",
            "de",
            "Vertraulichkeitsstufen im Unternehmen: öffentlich, intern, vertraulich und streng vertraulich.",
        ),
        n(
            "docs",
            "fr",
            "La dépression touche une personne sur cinq au cours de sa vie ; la psychothérapie est efficace.",
        ),
        n("docs", "fr", "Les informations confidentielles ne doivent jamais être envoyées à un outil d'IA."),
        n(
            "docs",
            "es",
            "La ansiedad es frecuente en el trabajo; la empresa ofrece sesiones de fisioterapia y psicoterapia.",
        ),
        n("shell", "en", '$ curl -s localhost:8080/health\n{"status":"UP","diskSpace":{"status":"UP"}}'),
        n(
            "docs",
            "en",
            "A patient with diabetes should check his feet daily and take metformin 500 mg with meals.",
        ),
        n("docs", "en", "When an employee is pregnant, her manager must do a risk assessment."),
        n("docs", "en", "This is about diabetes. It is common; metformin 500 mg helps most people."),
        n("docs", "en", "Diabetes is common. Anxiety is too, and both are covered by the wellbeing plan."),
    ]


def build() -> list[dict[str, object]]:
    out = []
    for i, r in enumerate(records() + negatives(), 1):
        out.append(
            {
                "id": f"records-tune-{i:04d}",
                "kind": r["kind"],
                "lang": r["lang"],
                "negative": r["negative"],
                "text": r["text"],
                "spans": r["spans"],
            }
        )
    return out


def serialize(records_: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records_)


def main(argv: list[str]) -> int:
    data = serialize(build())
    if "--check" in argv:
        if not OUT_PATH.exists() or OUT_PATH.read_text(encoding="utf-8") != data:
            print(f"{OUT_PATH} is stale; rerun without --check", file=sys.stderr)
            return 1
        return 0
    OUT_PATH.write_text(data, encoding="utf-8")
    built = build()
    print(f"texts: {len(built)}  negatives: {sum(1 for r in built if r['negative'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
