"""The extractor on real small files built here: chosen by content, bounded, honest about what it
could not read."""

from __future__ import annotations

import io
import zipfile

import pytest

from dlpguard.extract import ExtractLimits, Kind, extract, ocr_status, sniff
from tests.extract import builders as b

KEY = b.AWS_KEY

DOCUMENTS = {
    "docx": (b.docx("Quarterly notes", b.AWS_LINE, header="Internal"), Kind.DOCX),
    "xlsx": (b.xlsx([["name", "value"], ["ci", b.AWS_LINE], ["card", 4111111111111111]]), Kind.XLSX),
    "pptx": (b.pptx("Roadmap", b.AWS_LINE), Kind.PPTX),
    "odt": (b.odf("text", "Minutes", b.AWS_LINE), Kind.ODT),
    "ods": (b.odf("spreadsheet", "Sheet", b.AWS_LINE), Kind.ODS),
    "pdf": (b.pdf("Page one", f"Page two\n{b.AWS_LINE}"), Kind.PDF),
    "rtf": (b.rtf(f"Dear team,\n{b.AWS_LINE}"), Kind.RTF),
    "eml": (b.eml(f"Here it is: {b.AWS_LINE}"), Kind.EML),
    "csv": (f"id,key\n1,{KEY}\n".encode(), Kind.TEXT),
    "json": (f'{{"aws": "{KEY}"}}'.encode(), Kind.TEXT),
    "xml": (f"<cfg><key>{KEY}</key></cfg>".encode(), Kind.TEXT),
    "html": (f"<html><body><p>key</p><img alt='{KEY}'></body></html>".encode(), Kind.TEXT),
    "py": (f'AWS = "{KEY}"\n'.encode(), Kind.TEXT),
    "utf16": (f"key {KEY}".encode("utf-16"), Kind.TEXT),
    "latin1": (f"café {KEY} señor".encode("cp1252"), Kind.TEXT),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_format_gives_its_text(name):
    data, kind = DOCUMENTS[name]
    result = extract(data)
    assert result.kind is kind and result.refused is None
    assert KEY in result.text, result.text
    assert not result.unreadable


def test_numbers_kept_as_numbers_in_a_sheet_are_read():
    assert "4111111111111111" in extract(DOCUMENTS["xlsx"][0]).text


def test_the_docx_header_and_paragraph_breaks_are_kept():
    text = extract(DOCUMENTS["docx"][0]).text
    assert "Quarterly notes\n" in text and "Internal" in text


@pytest.mark.parametrize("name", ["notes.dat", "db.bak", "README", "report.rtf", "x.png"])
def test_a_renamed_text_file_is_still_text(name):
    # The name is a label only: nothing in the result depends on it.
    result = extract(f"password for prod: {KEY}\n".encode(), name=name)
    assert result.kind is Kind.TEXT and KEY in result.text and result.rebuildable


@pytest.mark.parametrize(
    ("data", "kind"), [(DOCUMENTS["docx"][0], Kind.DOCX), (DOCUMENTS["pdf"][0], Kind.PDF)]
)
def test_a_document_renamed_txt_is_read_as_what_it_is(data, kind):
    result = extract(data, name="notes.txt")
    assert result.kind is kind and KEY in result.text and not result.rebuildable


def test_only_a_whole_text_file_is_rebuildable():
    text = extract(b"hello\nworld\n")
    assert (text.rebuildable, text.encoding, text.text) == (True, "utf-8", "hello\nworld\n")
    assert not extract(b.zip_of({"a.txt": b"hello"})).rebuildable


def test_archives_are_read_recursively_with_member_paths():
    inner = b.zip_of({"deploy/creds.txt": b.AWS_LINE.encode(), "doc.docx": DOCUMENTS["docx"][0]})
    tgz = b.tar_of({"bundle/inner.zip": inner, "bundle/readme.md": b"hello"}, gz=True)
    result = extract(tgz)
    assert result.kind is Kind.GZIP and result.text.count(KEY) == 2
    assert any(p.path == "bundle/inner.zip/deploy/creds.txt" for p in result.parts)


def test_a_plain_tar_and_an_eml_attachment_are_read():
    assert KEY in extract(b.tar_of({"a.txt": b.AWS_LINE.encode()})).text
    mail = b.eml("see attachment", ("notes.docx", DOCUMENTS["docx"][0]))
    result = extract(mail)
    assert result.kind is Kind.EML and KEY in result.text and "alice@corp.example" in result.text


def test_a_zip_bomb_is_refused_clearly_without_reading_it_all():
    result = extract(b.zip_bomb(300))
    assert result.refused and "zip bomb" in result.refused and result.text == ""


def test_a_bomb_whose_header_lies_is_caught_while_reading():
    bomb = bytearray(b.zip_bomb(80))
    # Rewrite the declared sizes in both headers to a harmless 1000 bytes: reading must still stop.
    zf = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
    info = zf.infolist()[0]
    local = info.header_offset
    bomb[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    central = bytes(bomb).rindex(b"PK\x01\x02")
    bomb[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    result = extract(bytes(bomb), ExtractLimits(max_member_bytes=8 * 1024 * 1024))
    assert result.refused is not None or result.unreadable  # never read past the bound as clean text
    assert KEY not in result.text and len(result.text) < 9 * 1024 * 1024


def test_a_high_ratio_member_is_a_bomb_even_under_the_size_limit():
    result = extract(b.zip_bomb(20), ExtractLimits(max_ratio=100))
    assert result.refused and "ratio" in result.refused


def test_nesting_beyond_the_depth_limit_is_refused_and_within_it_read():
    assert KEY in extract(b.nested_zip(3, b.AWS_LINE.encode())).text
    deep = extract(b.nested_zip(5, b.AWS_LINE.encode()))
    assert deep.refused and "nested deeper than 3" in deep.refused


def test_too_many_members_is_refused():
    many = b.zip_of({f"f{i}.txt": b"x" for i in range(30)})
    assert "more than 10 files" in extract(many, ExtractLimits(max_members=10)).refused


def test_an_encrypted_pdf_is_unreadable_with_the_reason():
    result = extract(b.pdf(b.AWS_LINE, encrypt="hunter2"))
    assert result.kind is Kind.PDF and KEY not in result.text
    assert result.unreadable_reason == "encrypted PDF (password needed)"


def test_an_encrypted_zip_member_is_unreadable_and_the_rest_is_read():
    data = bytearray(b.zip_of({"secret.txt": b"abc", "open.txt": b.AWS_LINE.encode()}, stored=True))
    data[6] |= 0x1  # the local header's "encrypted" flag of the first member
    central = bytes(data).index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    result = extract(bytes(data))
    assert KEY in result.text and "encrypted archive member" in result.unreadable_reason


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        b"Rar!\x1a\x07\x00" + b"\x00" * 64,
    ],
    ids=["random-binary", "damaged-compound-file", "rar"],
)
def test_unknown_binaries_are_unreadable_not_empty_text(data):
    result = extract(data)
    assert result.text == "" and result.unreadable and not result.refused


def test_a_damaged_document_is_unreadable_not_an_exception():
    broken = DOCUMENTS["docx"][0][:200]
    result = extract(broken)
    assert result.unreadable


def test_a_doctype_in_an_office_part_is_refused():
    zf_bytes = io.BytesIO()
    with zipfile.ZipFile(zf_bytes, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><d>&a;</d>',
        )
    assert "DOCTYPE" in extract(zf_bytes.getvalue()).unreadable_reason


def test_text_beyond_the_character_limit_is_reported_unscanned():
    result = extract(b"a" * 5000, ExtractLimits(max_chars=1000))
    assert len(result.text) == 1000 and "beyond 1000 characters" in result.unreadable_reason
    assert not result.rebuildable


def test_sniffing_never_looks_at_a_name():
    assert sniff(b"%PDF-1.4\n") is Kind.PDF
    assert sniff(b"") is Kind.EMPTY
    assert sniff(b"From: a@b.example\nTo: c@d.example\nSubject: x\n\nbody") is Kind.EML


needs_ocr = pytest.mark.skipif(
    not ocr_status().available, reason="tesseract is not installed (./dev installs it)"
)


@needs_ocr
def test_a_screenshot_with_a_key_is_read_by_ocr():
    image = b.text_image(["$ cat ~/.aws/credentials", b.AWS_LINE])
    result = extract(image, name="screenshot.png")
    assert result.kind is Kind.IMAGE and KEY in result.text.replace(" ", "")


@needs_ocr
def test_an_image_inside_a_zip_is_read_too():
    result = extract(b.zip_of({"shots/a.png": b.text_image([b.AWS_LINE])}))
    assert KEY in result.text.replace(" ", "")


def test_without_ocr_an_image_is_unreadable(monkeypatch):
    from dlpguard.extract import ocr

    missing = ocr.OcrStatus(False, None, None, (), ocr.WANTED_LANGUAGES, "tesseract is not installed")
    monkeypatch.setattr(ocr, "ocr_status", lambda: missing)
    result = extract(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert result.kind is Kind.IMAGE and "OCR unavailable" in result.unreadable_reason


def test_ocr_off_in_the_limits_makes_an_image_unreadable():
    result = extract(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ExtractLimits(ocr=False))
    assert "OCR is off" in result.unreadable_reason


def test_the_time_bound_refuses_a_slow_file():
    result = extract(b.zip_of({f"f{i}.txt": b"x" for i in range(5)}), ExtractLimits(timeout_s=0))
    assert result.refused and "longer than" in result.refused
