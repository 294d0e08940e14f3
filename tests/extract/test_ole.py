"""Legacy Office files and Outlook messages (OLE2 compound files): read by the streams inside, text out
of real files (LibreOffice's, in fixtures/) and of files built here field by field, encrypted ones
unreadable with the reason, attachments bounded like archive members."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from dlpguard.extract import ExtractLimits, Kind, extract, sniff
from tests.extract import builders as b

KEY = b.AWS_KEY
IBAN = "DE12 5001 0517 0648 4898 90"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("name", "kind"), [("doc", Kind.DOC), ("xls", Kind.XLS), ("ppt", Kind.PPT)])
def test_libreoffice_legacy_files_give_their_text(name, kind):
    result = extract((FIXTURES / f"legacy.{name}").read_bytes(), name=f"legacy.{name}")
    assert result.kind is kind and not result.unreadable and result.refused is None
    assert KEY in result.text and IBAN in result.text
    assert "Zürich" in result.text or kind is Kind.XLS  # (the sheet came from a CSV without it)


def test_the_legacy_sheet_keeps_a_card_stored_as_a_number_and_its_rows():
    text = extract((FIXTURES / "legacy.xls").read_bytes()).text
    assert "card\t4111111111111111" in text.splitlines()
    assert "count\t42" in text and "ratio\t0.25" in text and "legacy" in text.splitlines()  # the sheet's name


def test_master_slide_prompts_are_not_read_as_the_presentations_text():
    text = extract((FIXTURES / "legacy.ppt").read_bytes()).text
    assert "Click to edit" not in text and "Roadmap — Zürich rollout" in text


@pytest.mark.parametrize("name", ["doc", "xls", "ppt"])
def test_a_legacy_file_is_known_by_its_streams_not_its_name(name):
    data = (FIXTURES / f"legacy.{name}").read_bytes()
    assert extract(data, name="notes.txt").kind is Kind(name)
    inside = extract(b.zip_of({"old/report.bin": data}))
    assert KEY in inside.text and any(p.kind is Kind(name) for p in inside.parts)


def test_a_doc_mixes_8_bit_and_utf16_pieces_in_order_and_maps_word_controls():
    data = b.word_doc(
        ("Caf\u00e9 \u2013 notes: ", True),  # cp1252 holds é and the en dash
        ("Zürich \u20ac \u4e2d\u6587 " + b.AWS_LINE + "\r", False),
        ("a\x07b\x07\x13 HYPERLINK \"https://x.example\" \x14link\x15\r", True),
    )
    text = extract(data).text
    assert text == (
        "Café – notes: Zürich € 中文 " + b.AWS_LINE + "\n"
        'a\tb\t  HYPERLINK "https://x.example"  link \n'
    )


def test_a_doc_whose_fib_names_the_0table_is_read_from_it():
    assert KEY in extract(b.word_doc((b.AWS_LINE, True), table="0Table")).text


def test_an_encrypted_doc_is_unreadable_with_the_reason():
    result = extract(b.word_doc((b.AWS_LINE, True), encrypted=True), name="secret.doc")
    assert result.kind is Kind.DOC and KEY not in result.text
    assert result.unreadable_reason == "secret.doc: password-protected Word document (.doc)"


def test_a_doc_without_its_table_stream_is_unreadable_not_an_error():
    streams = b.cfb_streams(b.word_doc((b.AWS_LINE, True)))
    del streams["1Table"]
    assert "no 1Table stream" in extract(b.cfb(streams)).unreadable_reason


def test_an_xls_string_cut_across_a_continue_record_is_whole():
    rows: list[list[str | int | float]] = [["name", "value"], ["ci", b.AWS_LINE], ["card", 4111111111111111]]
    whole = extract(b.xls_biff8(rows)).text
    for cut in (12, 30, 40):  # inside "ci"'s header, inside the key line's characters, near its end
        assert extract(b.xls_biff8(rows, split_sst_at=cut)).text == whole
    assert f"ci\t{b.AWS_LINE}" in whole.splitlines() and "card\t4111111111111111" in whole


def test_xls_numbers_read_as_rk_and_float_cells():
    text = extract(b.xls_biff8([["n", 42, -7, 0.5, 1234567.25]])).text
    assert text.splitlines()[-1] == "n\t42\t-7\t0.5\t1234567.25"


def test_an_encrypted_xls_is_unreadable_with_the_reason():
    result = extract(b.xls_biff8([["ci", b.AWS_LINE]], encrypted=True))
    assert result.kind is Kind.XLS and KEY not in result.text
    assert result.unreadable_reason == "password-protected Excel workbook (.xls)"


def _ppt_record(kind: int, body: bytes, *, container: bool = False) -> bytes:
    return struct.pack("<HHI", 0x000F if container else 0, kind, len(body)) + body


def test_ppt_text_atoms_are_read_in_both_encodings():
    atoms = _ppt_record(0x0FA8, b"Caf\xe9 roadmap\r" + b.AWS_LINE.encode())
    atoms += _ppt_record(0x0FA0, "Zürich €".encode("utf-16-le"))
    slide = _ppt_record(0x03EE, atoms, container=True)
    text = extract(b.cfb({"PowerPoint Document": slide, "Current User": b"\x00" * 16})).text
    assert text == f"Café roadmap\n{b.AWS_LINE}\nZürich €"


def test_an_encrypted_ppt_is_unreadable_with_the_reason():
    user = struct.pack("<HHII", 0, 0x0FF6, 20, 20) + struct.pack("<I", 0xF3D1C4DF) + b"\x00" * 8
    data = b.cfb({"PowerPoint Document": _ppt_record(0x0FA8, b.AWS_LINE.encode()), "Current User": user})
    result = extract(data)
    assert result.kind is Kind.PPT and KEY not in result.text
    assert result.unreadable_reason == "password-protected PowerPoint presentation (.ppt)"


def test_an_encrypted_docx_is_unreadable_as_what_it_is():
    data = b.cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 60, "EncryptedPackage": b"\x00" * 5000})
    result = extract(data, name="board.docx")
    assert result.kind is Kind.OLE
    reason = "board.docx: password-protected Office document (encrypted DOCX/XLSX/PPTX)"
    assert result.unreadable_reason == reason


def test_an_unknown_compound_file_is_unreadable():
    result = extract(b.cfb({"Contents": b"x" * 100}))
    assert result.kind is Kind.OLE and "unknown kind" in result.unreadable_reason


def test_a_msg_gives_sender_recipients_subject_and_body():
    to = [("Bob Example", "bob@corp.example"), ("Eve", "eve@corp.example")]
    data = b.msg("Café keys", f"Here: {b.AWS_LINE}", to=to, eight_bit_subject=True)
    result = extract(data, name="mail.msg")
    assert result.kind is Kind.MSG and not result.unreadable
    lines = result.text.splitlines()
    assert "From: Alice Example <alice@corp.example>" in lines
    assert "Subject: Café keys" in lines  # 8-bit, read in the message's code page
    assert "Recipients: Bob Example bob@corp.example; Eve eve@corp.example" in lines
    assert f"Here: {b.AWS_LINE}" in lines


def test_msg_attachments_are_read_recursively_with_member_paths():
    inner = b.attached_message("fwd", f"IBAN {IBAN}", [("deep.txt", b.AWS_LINE.encode())])
    data = b.msg("bundle", "see attached", attachments=[
        ("notes.docx", b.docx("doc " + b.AWS_LINE)),
        ("creds.zip", b.zip_of({"prod.env": b.AWS_LINE.encode()})),
        ("fwd.msg", inner),
    ])
    result = extract(data, name="mail.msg")
    assert result.text.count(KEY) == 3 and IBAN in result.text and "dan@corp.example" in result.text
    paths = {p.path: p.kind for p in result.parts}
    assert paths["mail.msg/notes.docx"] is Kind.DOCX
    assert paths["mail.msg/creds.zip/prod.env"] is Kind.TEXT
    assert paths["mail.msg/fwd.msg/deep.txt"] is Kind.TEXT and paths["mail.msg/fwd.msg"] is Kind.MSG


def test_an_unreadable_attachment_makes_the_msg_partly_unreadable():
    data = b.msg("x", b.AWS_LINE, attachments=[("locked.doc", b.word_doc(("s", True), encrypted=True))])
    result = extract(data, name="mail.msg")
    assert KEY in result.text
    assert result.unreadable_reason == "mail.msg/locked.doc: password-protected Word document (.doc)"


def test_messages_attached_deeper_than_the_depth_limit_are_refused():
    nested = b.attached_message("level 3", b.AWS_LINE)
    for level in (2, 1):
        nested = b.attached_message(f"level {level}", "fwd", [(f"l{level + 1}.msg", nested)])
    data = b.msg("top", "fwd", attachments=[("l1.msg", nested)])
    assert KEY in extract(data, ExtractLimits(max_depth=3)).text
    refused = extract(data, ExtractLimits(max_depth=2)).refused
    assert refused and "nested deeper than 2" in refused


def test_msg_attachments_count_against_the_member_and_size_budget():
    many = b.msg("x", "y", attachments=[(f"f{i}.txt", b"hello") for i in range(12)])
    assert "more than 10 files" in (extract(many, ExtractLimits(max_members=10)).refused or "")
    big = b.msg("x", "y", attachments=[(f"f{i}.txt", b"a" * 60_000) for i in range(5)])
    refused = extract(big, ExtractLimits(max_expanded_bytes=200_000)).refused
    assert refused and "expands beyond" in refused


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        ({"WordDocument": b"x" * 10}, Kind.DOC),
        ({"Workbook": b"x" * 10}, Kind.XLS),
        ({"PowerPoint Document": b"x" * 10}, Kind.PPT),
        ({"__substg1.0_0037001F": b"x\x00"}, Kind.MSG),
        ({"Other": b"x"}, Kind.OLE),
    ],
)
def test_sniffing_a_compound_file_looks_at_its_streams(streams, kind):
    assert sniff(b.cfb(streams)) is kind


@pytest.mark.parametrize("name", ["doc", "xls", "ppt"])
def test_a_truncated_legacy_file_is_unreadable_not_an_exception(name):
    data = (FIXTURES / f"legacy.{name}").read_bytes()
    assert extract(data[:600]).unreadable  # the header and no more
    for cut in range(1000, len(data), 512):  # whatever is cut, a result, never an exception or a refusal
        assert extract(data[:cut]).refused is None


def test_fixtures_stay_small():
    assert all(f.stat().st_size < 50_000 for f in FIXTURES.iterdir())


def test_a_large_shared_string_table_spread_over_many_continue_records_is_read():
    rows: list[list[str | int | float]] = [[f"customer {n:05d}", n] for n in range(3000)]
    rows.append(["ci", b.AWS_LINE])
    text = extract(b.xls_biff8(rows)).text.splitlines()
    assert len(text) == 3002 and text[1] == "customer 00000\t0" and text[-1] == f"ci\t{b.AWS_LINE}"


#: MS-OXRTFCP's own example: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n", compressed.
SPEC_RTF = bytes.fromhex(
    "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0"
)


def test_compressed_rtf_decodes_the_specifications_example():
    from dlpguard.extract.ole import decompress_rtf

    assert decompress_rtf(SPEC_RTF, 1 << 20) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"


def test_a_msg_whose_body_is_only_compressed_rtf_is_read():
    rtf = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Dear Bob,\\par " + b.AWS_LINE.encode() + b"\\par}"
    result = extract(b.msg("rtf only", "", rtf=b.compressed_rtf(rtf)))
    assert not result.unreadable and f"Dear Bob,\n{b.AWS_LINE}" in result.text
    assert "hello world" in extract(b.msg("spec", "", rtf=SPEC_RTF)).text


def test_a_damaged_rtf_body_is_unreadable_and_the_headers_still_read():
    result = extract(b.msg("subject line", "", rtf=b"\x10\x00\x00\x00junk-not-lzfu--"), name="m.msg")
    assert "Subject: subject line" in result.text
    assert result.unreadable_reason == "m.msg: damaged compressed RTF body"


def test_a_cell_comment_in_an_xls_is_read():
    text = extract((FIXTURES / "comment.xls").read_bytes()).text
    assert f"deploy key: {b.AWS_LINE}" in text.splitlines() and "Region\t1200" in text


def test_an_exchange_senders_smtp_address_is_preferred_to_its_x500_name():
    x500 = "/O=CORP/OU=EXCHANGE/CN=RECIPIENTS/CN=ALICE"
    streams = b.cfb_streams(b.msg("x", "y", sender=("Alice Example", x500)))
    streams["__substg1.0_5D01001F"] = "alice@corp.example".encode("utf-16-le")
    assert "From: Alice Example <alice@corp.example>" in extract(b.cfb(streams)).text.splitlines()


def test_word_95_and_excel_95_files_are_unreadable_by_name():
    streams = b.cfb_streams(b.word_doc((b.AWS_LINE, True)))
    fib = streams["WordDocument"]
    streams["WordDocument"] = fib[:2] + struct.pack("<H", 0x65) + fib[4:]  # nFib of Word 6.0
    assert extract(b.cfb(streams)).unreadable_reason == "Word 6.0/95 document: not readable"
    biff5 = struct.pack("<HHHH", 0x0809, 8, 0x0500, 0x0005) + b"\x00" * 4
    result = extract(b.cfb({"Book": biff5 + b"\x00" * 100}))
    assert result.kind is Kind.XLS and result.unreadable_reason == "Excel 5.0/95 workbook: not readable"
