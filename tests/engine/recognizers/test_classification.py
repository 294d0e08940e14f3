from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.classification import ClassificationMarkingRecognizer
from tests.conftest import spans


def find(text: str, words: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    return spans(ClassificationMarkingRecognizer(words).find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("CONFIDENTIAL\n\nQ3 board update: revenue grew 12%.", "CONFIDENTIAL"),
        ("Pricing review\n\nStrictly Confidential – Page 4 of 11", "Strictly Confidential"),
        ("*** CONFIDENTIAL – INTERNAL USE ONLY ***\nDraft pricing", "CONFIDENTIAL – INTERNAL USE ONLY"),
        ("Classification: Internal\nOwner: Finance", "Internal"),
        ("Sensitivity: Confidential\n\nSubject: reorg", "Confidential"),
        ("[RESTRICTED] Incident post-mortem", "RESTRICTED"),
        ("Board pack (Confidential)\n\nAgenda", "Confidential"),
        ("# Memo\n\n_Confidential_\n\nWe recommend...", "Confidential"),
        ("CONFIDENTIAL: Q3 numbers attached", "CONFIDENTIAL"),
        ("VERTRAULICH\n\nProtokoll der Sitzung", "VERTRAULICH"),
        (
            "Streng vertraulich – nur für den internen Gebrauch\nGehaltsbänder",
            "Streng vertraulich – nur für den internen Gebrauch",
        ),
        ("Klassifizierung: Vertraulich\nErsteller: Controlling", "Vertraulich"),
        ("Note au comité\n\nCONFIDENTIEL", "CONFIDENTIEL"),
        ("Classification : Diffusion restreinte\nAuteur : DJ", "Diffusion restreinte"),
        ("Clasificación: Uso interno\nResponsable: RR. HH.", "Uso interno"),
        ("CONFIDENCIAL\n\nPlan de despidos", "CONFIDENCIAL"),
        ("CONFIDENZIALE\nScheda anagrafica dipendente", "CONFIDENZIALE"),
        ("STRETTAMENTE RISERVATO\nScheda anagrafica", "STRETTAMENTE RISERVATO"),
        ("RISERVATO - USO INTERNO\nScheda anagrafica", "RISERVATO - USO INTERNO"),
        ("Classificazione: Riservato\nAutore: Ufficio legale", "Riservato"),
        ("Uso interno exclusivo\nNÓMINA – AGOSTO 2026", "Uso interno exclusivo"),
        ("Vertraulich – nur intern\nPraxis Dr. med. Weber", "Vertraulich – nur intern"),
        ("VS-NUR FÜR DEN DIENSTGEBRAUCH\nLagebericht", "VS-NUR FÜR DEN DIENSTGEBRAUCH"),
        ("TLP:RED — payroll export October 2026\nEmployee\tNINO", "TLP:RED"),
        ("Subject: [TLP:AMBER] phishing wave", "TLP:AMBER"),
        ("SECRET//NOFORN\nDischarge summary", "SECRET//NOFORN"),
        ("TOP SECRET//SI//NOFORN\nMemo", "TOP SECRET//SI//NOFORN"),
        ("OFFICIAL-SENSITIVE\nMemo to the board", "OFFICIAL-SENSITIVE"),
        ("PRIVILEGED & CONFIDENTIAL — payroll export March 2026", "PRIVILEGED & CONFIDENTIAL"),
        ("Subject: RE: CONFIDENTIAL - Q3 numbers\n\nHi all", "CONFIDENTIAL"),
        ("Diffusion : Restreinte\nRédacteur : DJ", "Restreinte"),
        ("VERTROUWELIJK\n\nNotulen van het overleg op 3 maart.", "VERTROUWELIJK"),
        ("Classificatie: Departementaal Vertrouwelijk\nInhoud", "Departementaal Vertrouwelijk"),
        ("Classificação: USO INTERNO\n\nRelatório", "USO INTERNO"),
    ],
)
def test_markings_are_found(text: str, value: str) -> None:
    assert find(text) == [("CLASSIFICATION_MARKING", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Our policy has four levels: Public, Internal, Confidential and Strictly Confidential.",
        "Documents marked Confidential must not be shared outside the company.",
        "This e-mail and any attachments are confidential and may be privileged.",
        "The Receiving Party shall keep all Confidential Information strictly confidential.",
        "if doc.is_confidential:\n    raise PermissionError('confidential')",
        "Classification: Public\nRelease notes v2.4.1",
        "Sensitivity: General\n\nFriday lunch",
        "[internal]\nrepository = https://pypi.example.com/simple/",
        " => [internal] load metadata for docker.io/library/python:3.12-slim",
        "Internal\n- refactored the cache",
        "Vertrauliche Dokumente dürfen nicht in KI-Tools hochgeladen werden.",
        "Confidential computing keeps data encrypted in use.",
        "Reports marked TLP:RED must not leave the incident team.",
        "Documents marked SECRET//NOFORN are out of scope for this tool.",
        "TLP:CLEAR\nPublic advisory",
        "Il posto riservato è in prima fila.",
        "Subject: Confidential computing webinar",
        "// TODO: parse https://example.com//path\nconst s = a // b;",
        "Diffusion: the spread of particles from high to low concentration.",
        "Alle documenten moeten vertrouwelijk behandeld worden volgens het beleid.",
        "O relatório deve ser tratado como confidencial segundo a política.",
    ],
)
def test_prose_about_classification_is_not_a_marking(text: str) -> None:
    assert find(text) == []


def test_admin_words_replace_the_built_in_ones_in_their_own_recognizer() -> None:
    words = ("Eyes Only", "Projekt Falke – intern")
    assert find("EYES ONLY\n\nAcquisition memo", words) == [("CLASSIFICATION_MARKING", "EYES ONLY")]
    assert find("Classification: Eyes only", words) == [("CLASSIFICATION_MARKING", "Eyes only")]
    assert find("CONFIDENTIAL\n\nmemo", words) == []  # the built-in recognizer reports that one
    assert find("for your eyes only, as they say", words) == []


@pytest.mark.parametrize(
    "text, value",
    [
        # a title in capitals closed by a marking
        ("PRONTO SOCCORSO – STRETTAMENTE RISERVATO\nPaziente: x", "STRETTAMENTE RISERVATO"),
        ("EMERGENCY DEPARTMENT – TLP:RED\nPatient: x", "TLP:RED"),
        # a marking ending the request it was pasted behind
        ("¿me lo resumes? ESTRICTAMENTE CONFIDENCIAL\nPaciente: x", "ESTRICTAMENTE CONFIDENCIAL"),
        ("bitte übersetzen: TLP:AMBER\nPatient: x", "TLP:AMBER"),
        ("hazme una tabla con esto USO INTERNO\nPaciente: x", "USO INTERNO"),
        ("traduci questa mail: REPARTO CARDIOLOGIA – RISERVATO\nPaziente: x", "RISERVATO"),
        # a banner between dashes
        ("Item 3: closure.\n— SECRET//NOFORN —", "SECRET//NOFORN"),
        ('"""\nUSO INTERNO RESTRITO\n\nNOTA - x', "USO INTERNO RESTRITO"),
        # a marking for a department, or for its addressee only
        ("Résume :\n\nCONFIDENTIEL RH\nCompte rendu", "CONFIDENTIEL RH"),
        ("Resume:\n\nConfidencial – RR. HH.\nNómina", "Confidencial – RR. HH"),
        ("Stammblatt\nVertraulich – nur für den Empfänger\nName: x", "Vertraulich – nur für den Empfänger"),
    ],
)
def test_markings_after_a_title_or_a_request_are_found(text, value):
    assert find(text) == [("CLASSIFICATION_MARKING", value)]


@pytest.mark.parametrize(
    "text",
    [
        "the file is marked confidential\nok",
        "PROJECT PLAN – DRAFT\nx",
        "Quarterly report for the INTERNAL\nx",
    ],
)
def test_prose_and_titles_without_markings_are_not_markings(text):
    assert find(text) == []
