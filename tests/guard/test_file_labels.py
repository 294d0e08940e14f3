"""An Office file's sensitivity label through the file pipeline: a `classification` finding judged like
a marking, decided by the policy, recorded like any other finding (type and masked preview only)."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Action, Category
from dlpguard.guard.pipeline import LABEL_ENTITY, assess_file, judge_file
from tests.extract import builders as b
from tests.guard.test_pipeline import GUARDED, browser, make_services

__all__ = ["make_services"]

DOCUMENTS = {
    "docx": lambda: b.docx("Quarterly notes for the team"),
    "xlsx": lambda: b.xlsx([["Region", "Revenue"], ["North", 1200]]),
    "pptx": lambda: b.pptx("Roadmap 2027"),
}


def labels_of(judged) -> list[tuple[str, str, str]]:
    text = judged.assessment.text
    return [
        (d.finding.entity_type, text[d.finding.start : d.finding.end], d.action.value)
        for d in judged.assessment.verdict.decisions
        if d.finding.category is Category.CLASSIFICATION
    ]


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_a_confidential_label_warns_by_default_in_docx_xlsx_and_pptx(make_services, kind):
    services = make_services()
    judged = assess_file(services, b.labelled(DOCUMENTS[kind](), "Confidential"), browser(), name=f"f.{kind}")
    assert labels_of(judged) == [(LABEL_ENTITY, "Confidential", "warn")]
    assert judged.assessment.verdict.action is Action.WARN
    assert judged.readable and judged.kind == kind


def test_the_policys_classification_action_applies(make_services):
    services = make_services("rules: {categories: {classification: {action: block}}}\n")
    name = "Highly Confidential \\ All Employees"
    judged = assess_file(services, b.labelled(b.docx("notes"), name), browser())
    assert labels_of(judged) == [(LABEL_ENTITY, name, "block")]
    assert judged.assessment.verdict.action is Action.BLOCK


@pytest.mark.parametrize("name", ["General", "Public", "General \\ Anyone (unrestricted)"])
def test_a_general_or_public_label_is_not_a_finding(make_services, name):
    judged = assess_file(make_services(), b.labelled(b.docx("Lunch menu"), name), browser())
    assert labels_of(judged) == [] and judged.assessment.verdict.action is Action.ALLOW


def test_a_disabled_label_is_not_a_finding(make_services):
    disabled = b.labelled(b.xlsx([["a"]]), "Confidential", enabled=False)
    judged = assess_file(make_services(), disabled, browser())
    assert labels_of(judged) == [] and judged.assessment.verdict.action is Action.ALLOW


def test_a_label_in_a_nested_zip_is_found_beside_the_text_findings(make_services):
    inner = b.zip_of({"board.pptx": b.labelled(b.pptx("Board pack"), "Confidential")})
    upload = b.zip_of({"bundle.zip": inner, "keys.txt": b.AWS_LINE.encode()})
    judged = assess_file(make_services(), upload, browser(), name="upload.zip")
    assert labels_of(judged) == [(LABEL_ENTITY, "Confidential", "warn")]
    kinds = {d.finding.entity_type for d in judged.assessment.verdict.decisions}
    assert kinds == {LABEL_ENTITY, "AWS_ACCESS_KEY"}
    assert judged.assessment.verdict.action is Action.BLOCK  # the key's block wins


def test_the_admins_marking_words_judge_label_names_too(make_services):
    services = make_services("custom: {marking_words: [Eyes Only]}\n")
    judged = assess_file(services, b.labelled(b.docx("memo"), "Eyes Only"), browser())
    assert labels_of(judged) == [(LABEL_ENTITY, "Eyes Only", "warn")]


def test_an_exempt_site_reads_no_label(make_services):
    judged = assess_file(make_services(), b.labelled(b.docx("notes"), "Confidential"), browser("example.org"))
    assert judged.assessment.verdict.decisions == ()


def test_the_incident_keeps_the_type_and_a_masked_preview_never_the_label(make_services):
    services = make_services()
    name = "Strictly Confidential"
    judged = judge_file(services, b.labelled(b.docx("notes"), name), browser(), site=GUARDED)
    assert judged.incident_id is not None
    log = services.incident_log()
    assert log is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None
    dumped = stored.model_dump_json()
    assert LABEL_ENTITY in dumped and name not in dumped and "Confidential" not in dumped
