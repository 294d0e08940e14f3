"""Scanned PDF pages: their images turned into files Tesseract opens (checked pixel for pixel against the
source, no OCR needed), OCR'd within the OCR budget, the pages read named in the extraction, and the
pages that could not be read reported as unreadable parts."""

from __future__ import annotations

import io

import pytest

from dlpguard.extract import ExtractLimits, Kind, extract, ocr_status
from dlpguard.extract.core import Budget
from dlpguard.extract.documents import _page_list
from dlpguard.extract.pdf_images import page_images, tesseract_file
from tests.extract import builders as b

KEY = b.AWS_KEY
IBAN = "DE12 5001 0517 0648 4898 90"
LINES = ["Refund details", b.AWS_LINE, f"IBAN {IBAN}"]

needs_ocr = pytest.mark.skipif(
    not ocr_status().available, reason="tesseract is not installed (./dev installs it)"
)
#: Room for OCR on a loaded CI machine: these tests prove what is read, not how fast (bench/ does that).
ROOMY = ExtractLimits(timeout_s=180, ocr_timeout_s=120)


def _first_page_images(data: bytes) -> list:
    from pypdf import PdfReader

    return page_images(PdfReader(io.BytesIO(data)).pages[-1])


def _budget() -> Budget:
    return Budget(ExtractLimits(), deadline=float("inf"))


@pytest.mark.parametrize("encoding", ["gray", "rgb", "bilevel", "indexed"])
def test_raw_page_images_become_pnm_files_with_the_same_pixels(encoding):
    from PIL import Image

    png = b.text_image(["a dark line of text"], font_size=20)
    source = Image.open(io.BytesIO(png)).convert("L")
    if encoding == "bilevel":
        source = source.point(lambda v: 255 if v > 128 else 0)
    [image] = _first_page_images(b.scanned_pdf(png, encoding=encoding))
    pnm = Image.open(io.BytesIO(tesseract_file(image, _budget()))).convert("L")
    assert pnm.size == source.size
    # the same picture: black text stays black (no inverted scan), up to palette and colour rounding
    ours, theirs = pnm.tobytes(), source.tobytes()
    diff = sum(abs(p - q) for p, q in zip(ours, theirs, strict=True)) / len(ours)
    assert diff < (12 if encoding == "indexed" else 1)


def test_jpeg_and_fax_images_are_passed_on_as_files():
    png = b.text_image(["x" * 10])
    [jpeg] = _first_page_images(b.scanned_pdf(png, encoding="jpeg"))
    assert tesseract_file(jpeg, _budget()).startswith(b"\xff\xd8\xff")
    [fax] = _first_page_images(b.pillow_pdf(png, "1"))
    assert tesseract_file(fax, _budget()).startswith(b"II*\x00")  # the TIFF pypdf wraps group 4 data in


def test_icons_and_rules_are_not_taken_for_scanned_text():
    tiny = b.text_image(["x"], size=(24, 24))
    assert _first_page_images(b.scanned_pdf(tiny, encoding="gray")) == []
    result = extract(b.scanned_pdf("Cover page with some text", tiny, encoding="gray"))
    assert result.kind is Kind.PDF and not result.unreadable and result.ocr_pages == ()


@needs_ocr
@pytest.mark.parametrize("mode", ["RGB", "1"], ids=["jpeg", "ccitt-fax"])
def test_a_scan_saved_as_pdf_by_pillow_is_read_by_ocr(mode):
    result = extract(b.pillow_pdf(b.text_image(LINES), mode), ROOMY, name="scan.pdf")
    assert result.kind is Kind.PDF and not result.unreadable
    assert KEY in result.text.replace(" ", "") and IBAN in result.text
    assert result.ocr_pages == (("scan.pdf", (1,)),)


@needs_ocr
def test_only_the_scanned_page_of_a_mixed_pdf_is_ocrd():
    scan = b.text_image(LINES)
    data = b.scanned_pdf("Cover page: quarterly refunds", scan, "Closing page", encoding="bilevel")
    result = extract(data, ROOMY, name="mixed.pdf")
    assert result.ocr_pages == (("mixed.pdf", (2,)),) and not result.unreadable
    assert "Cover page" in result.text and KEY in result.text.replace(" ", "")


@needs_ocr
def test_a_scan_inside_a_zip_names_its_ocrd_pages_by_member():
    result = extract(b.zip_of({"scans/refund.pdf": b.pillow_pdf(b.text_image(LINES))}), ROOMY)
    assert result.ocr_pages == (("scans/refund.pdf", (1,)),) and KEY in result.text.replace(" ", "")


def test_without_ocr_scanned_pages_are_unreadable_and_text_pages_still_read(monkeypatch):
    from dlpguard.extract import ocr

    missing = ocr.OcrStatus(False, None, None, (), ocr.WANTED_LANGUAGES, "tesseract is not installed")
    monkeypatch.setattr(ocr, "ocr_status", lambda: missing)
    scan = b.text_image(LINES)
    data = b.scanned_pdf("Cover page text", scan, scan, "Text again", scan, encoding="gray")
    result = extract(data, name="s.pdf")
    assert "Cover page text" in result.text and KEY not in result.text and result.ocr_pages == ()
    assert result.unreadable_reason == (
        "s.pdf: pages 2-3, 5: scanned, not read: OCR unavailable (tesseract is not installed)"
    )


def test_ocr_off_makes_scanned_pages_unreadable():
    result = extract(b.scanned_pdf(b.text_image(LINES), encoding="gray"), ExtractLimits(ocr=False))
    assert result.unreadable_reason == "page 1: scanned, not read: OCR is off"


@needs_ocr
def test_scanned_pages_past_the_ocr_budget_are_unreadable_not_dropped():
    data = b.scanned_pdf(b.text_image(LINES), encoding="gray")
    result = extract(data, ExtractLimits(ocr_timeout_s=0.5))
    assert result.unreadable_reason == "page 1: scanned, not read: OCR time budget (0.5 s) spent"
    assert result.refused is None


@needs_ocr
def test_an_image_encoding_tesseract_cannot_open_is_named():
    result = extract(b.scanned_pdf("Cover page text", b.text_image(LINES), encoding="jbig2"))
    assert result.unreadable_reason == "page 2: scanned, not read: a JBIG2-encoded image (not readable)"


def test_a_pdf_with_neither_text_nor_images_is_still_unreadable():
    assert "without a text layer" in extract(b.pdf("")).unreadable_reason


@pytest.mark.parametrize(
    ("pages", "text"), [([3], "page 3"), ([1, 2, 3, 7], "pages 1-3, 7"), ([9, 4, 5], "pages 4-5, 9")]
)
def test_page_lists_collapse_runs(pages, text):
    assert _page_list(pages) == text


def test_a_pdf_past_pypdfs_own_limits_is_unreadable_not_an_exception():
    import re

    lying = re.sub(rb"xref\n0 (\d+)", b"xref\n0 960000000000", b.pdf("hello there world"))
    assert extract(lying).unreadable_reason == "damaged PDF"
