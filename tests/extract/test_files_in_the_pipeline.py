"""Legacy Office files, Outlook messages and scanned PDFs through the guard's file pipeline
(`assess_file`, what `dlpguard scan` and the browser's uploads use): what was read is judged, what could
not be read raises the verdict to the policy's `files.unreadable`."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpguard.engine.types import Action
from dlpguard.extract import ocr_status
from dlpguard.guard.pipeline import assess_file
from tests.bridge.conftest import bridge_env
from tests.extract import builders as b
from tests.guard.test_pipeline import browser, make_services

__all__ = ["bridge_env", "make_services"]

FIXTURES = Path(__file__).parent / "fixtures"
IBAN = "DE12 5001 0517 0648 4898 90"

needs_ocr = pytest.mark.skipif(
    not ocr_status().available, reason="tesseract is not installed (./dev installs it)"
)


def found(judged) -> set[str]:
    return {d.finding.entity_type for d in judged.assessment.verdict.decisions}


@pytest.mark.parametrize("name", ["doc", "xls", "ppt"])
def test_a_key_and_an_iban_in_a_legacy_office_file_are_found(make_services, name):
    data = (FIXTURES / f"legacy.{name}").read_bytes()
    judged = assess_file(make_services(), data, browser(), name=f"legacy.{name}")
    assert judged.kind == name and judged.readable
    assert {"AWS_ACCESS_KEY", "IBAN_CODE"} <= found(judged)
    assert judged.assessment.verdict.action is Action.BLOCK


def test_a_key_in_a_msg_attachment_is_found(make_services):
    mail = b.msg("notes", "see attached", attachments=[("creds.doc", b.word_doc((b.AWS_LINE, True)))])
    judged = assess_file(make_services(), mail, browser(), name="mail.msg")
    assert judged.kind == "msg" and judged.readable and "AWS_ACCESS_KEY" in found(judged)


def test_an_encrypted_doc_takes_the_unreadable_action(make_services):
    services = make_services("files: {unreadable: block}\n")
    judged = assess_file(services, b.word_doc(("x", True), encrypted=True), browser(), name="locked.doc")
    assert not judged.readable and "password-protected Word document" in judged.unreadable_reason
    assert judged.assessment.verdict.action is Action.BLOCK


@needs_ocr
def test_a_key_and_an_iban_in_a_scanned_pdf_are_found(make_services):
    scan = b.pillow_pdf(b.text_image(["Refund details", b.AWS_LINE, f"IBAN {IBAN}"]))
    roomy = make_services("files: {ocr_timeout_ms: 120000, timeout_ms: 180000}\n")  # a loaded CI machine
    judged = assess_file(roomy, scan, browser(), name="scan.pdf")
    assert judged.kind == "pdf" and judged.readable
    assert {"AWS_ACCESS_KEY", "IBAN_CODE"} <= found(judged)
