"""Sensitivity labels (Microsoft Information Protection) read from an Office file's custom properties."""

from __future__ import annotations

import pytest

from dlpguard.extract import SensitivityLabel, extract
from tests.extract import builders as b

DOCUMENTS = {
    "docx": lambda: b.docx("Quarterly notes"),
    "xlsx": lambda: b.xlsx([["Region", "Revenue"], ["North", 1200]]),
    "pptx": lambda: b.pptx("Roadmap"),
}


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_an_enabled_label_is_read_from_docx_xlsx_and_pptx(kind):
    extraction = extract(b.labelled(DOCUMENTS[kind](), "Confidential"), name=f"plan.{kind}")
    assert extraction.labels == (SensitivityLabel(f"plan.{kind}", "Confidential", b.LABEL_ID),)
    assert "Confidential" not in extraction.text  # a property, not the document's text
    assert all(p.readable for p in extraction.parts)


def test_a_disabled_label_is_not_the_documents_label():
    assert extract(b.labelled(b.docx("notes"), "Confidential", enabled=False)).labels == ()


def test_a_sublabel_name_is_kept_whole_and_a_file_without_properties_has_none():
    name = "Highly Confidential \\ All Employees"
    assert [lbl.name for lbl in extract(b.labelled(b.pptx("x"), name)).labels] == [name]
    assert extract(b.docx("no label here")).labels == ()


def test_a_label_in_a_nested_zip_names_its_member():
    inner = b.zip_of({"q3/board.docx": b.labelled(b.docx("Board pack"), "Confidential")})
    extraction = extract(b.zip_of({"bundle.zip": inner}), name="upload.zip")
    assert [(lbl.path, lbl.name) for lbl in extraction.labels] == [
        ("upload.zip/bundle.zip/q3/board.docx", "Confidential")
    ]


def test_damaged_properties_are_unreadable_and_the_text_is_still_read():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(b.docx(b.AWS_LINE))) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("docProps/custom.xml", "<Properties><property name='MSIP_Label_")
    extraction = extract(out.getvalue())
    assert b.AWS_KEY in extraction.text and extraction.labels == ()
    assert "document properties" in extraction.unreadable_reason
