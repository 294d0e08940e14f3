"""`dlpguard doctor` says whether images can be read."""

from __future__ import annotations

from dlpguard.extract import ocr
from dlpguard.guard.doctor import CHECKS, DoctorContext, Status, check_ocr


def test_the_ocr_check_is_in_the_doctor_table():
    assert check_ocr in CHECKS


def test_missing_tesseract_is_reported_as_degraded_with_the_fix(monkeypatch):
    missing = ocr.OcrStatus(False, None, None, (), ocr.WANTED_LANGUAGES, "tesseract is not installed")
    monkeypatch.setattr(ocr, "ocr_status", lambda: missing)
    monkeypatch.setattr("dlpguard.extract.ocr_status", lambda: missing)
    result = check_ocr(DoctorContext())
    assert result.status is Status.DEGRADED
    assert "tesseract is not installed" in result.summary and "files.unreadable" in result.summary


def test_missing_languages_are_named(monkeypatch):
    partial = ocr.OcrStatus(True, "/usr/bin/tesseract", "tesseract 5", ("eng",), ("deu", "fra", "spa"))
    monkeypatch.setattr("dlpguard.extract.ocr_status", lambda: partial)
    result = check_ocr(DoctorContext())
    assert result.status is Status.DEGRADED and "tesseract-ocr-deu" in result.summary
