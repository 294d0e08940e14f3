"""Small real files built in memory: OOXML and ODF by hand (zip + XML, as Word and LibreOffice write
them), PDF by hand (one text object per page), images rendered with Pillow, archives with the stdlib."""

from __future__ import annotations

import io
import itertools
import tarfile
import zipfile
from xml.sax.saxutils import escape

AWS_KEY = "AKIAQWERTYUIOPASDFGH"
AWS_LINE = f"aws_access_key_id = {AWS_KEY}"

_CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _zip(files: dict[str, bytes | str], *, first: tuple[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if first:
            zf.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, as ODF wants its mimetype
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def docx(*paragraphs: str, header: str | None = None) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": _CT,
        "word/document.xml": f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>',
    }
    if header:
        files["word/header1.xml"] = f'<w:hdr {w}><w:p><w:r><w:t>{escape(header)}</w:t></w:r></w:p></w:hdr>'
    return _zip(files)


def xlsx(rows: list[list[str | int]]) -> bytes:
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, int):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                strings.append(value)
                out.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return _zip({
        "[Content_Types].xml": _CT,
        "xl/workbook.xml": f"<workbook {ns}/>",
        "xl/sharedStrings.xml": f'<sst {ns} count="{len(strings)}">{sst}</sst>',
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData>{''.join(cells)}</sheetData></worksheet>",
    })


def pptx(*slides: str) -> bytes:
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    files: dict[str, bytes | str] = {"[Content_Types].xml": _CT, "ppt/presentation.xml": "<p/>"}
    for i, text in enumerate(slides, 1):
        files[f"ppt/slides/slide{i}.xml"] = f"<sld {a}><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></sld>"
    return _zip(files)


LABEL_ID = "f42aa342-8706-4288-bd11-ebb85995028c"
SITE_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def labelled(document: bytes, name: str, *, enabled: bool = True, label_id: str = LABEL_ID) -> bytes:
    """`document` (DOCX/XLSX/PPTX) with a Microsoft Information Protection label in docProps/custom.xml,
    the properties Office writes for it."""
    prefix = f"MSIP_Label_{label_id}_"
    values = {
        "Enabled": "true" if enabled else "false", "SetDate": "2026-11-02T09:14:03Z", "Method": "Privileged",
        "Name": name, "SiteId": SITE_ID, "ActionId": "3c2f1a7e-0b4d-4a8e-9f61-5d2e7c9b0a14",
        "ContentBits": "0",
    }
    properties = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{prefix}{key}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (key, value) in enumerate(values.items(), 2)
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{properties}</Properties>"
    )
    with zipfile.ZipFile(io.BytesIO(document)) as zf:
        files: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    files["docProps/custom.xml"] = custom
    return _zip(files)


def odf(kind: str, *paragraphs: str) -> bytes:
    t = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    return _zip(
        {"content.xml": f'<?xml version="1.0"?><office:document-content {t} '
                        f'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
                        f"<office:body>{body}</office:body></office:document-content>"},
        first=("mimetype", f"application/vnd.oasis.opendocument.{kind}"),
    )


def pdf(*pages: str, encrypt: str | None = None) -> bytes:
    """A PDF with one line of Helvetica text per page (hand-written objects); pypdf encrypts it."""
    objects: list[bytes] = []
    kids = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream
    for i in range(n_pages):
        page_no = 4 + 2 * i
        kids.append(f"{page_no} 0 R")
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        lines = text.split("\n")
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            f" /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    data = out.getvalue()
    if encrypt is None:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=encrypt, owner_password=encrypt + "-owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def rtf(text: str) -> bytes:
    body = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("\n", "\\par\n")
    head = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}{\\*\\generator Test;}\\f0 "
    return (head + body + "}").encode()


def eml(body: str, attachment: tuple[str, bytes] | None = None) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Alice Example <alice@corp.example>"
    msg["To"] = "bob@corp.example"
    msg["Subject"] = "keys"
    msg.set_content(body, cte="base64")
    if attachment:
        name, content = attachment
        msg.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def zip_of(files: dict[str, bytes], *, stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def tar_of(files: dict[str, bytes], *, gz: bool = False) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz" if gz else "w") as tf:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tf.addfile(info, io.BytesIO(content))
    return out.getvalue()


def zip_bomb(expanded_mib: int = 300) -> bytes:
    """One member of `expanded_mib` MiB of zeros: a few hundred KB compressed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("zeros.txt", "w") as member,
    ):
        block = b"0" * (1024 * 1024)
        for _ in range(expanded_mib):
            member.write(block)
    return out.getvalue()


def nested_zip(depth: int, inner: bytes, name: str = "secret.txt") -> bytes:
    data = zip_of({name: inner})
    for level in range(depth - 1):
        data = zip_of({f"level{level}.zip": data})
    return data


def text_image(lines: list[str], *, size: tuple[int, int] | None = None, font_size: int = 28) -> bytes:
    """A PNG with `lines` in black DejaVu Sans Mono on white (what a screenshot of a terminal looks like)."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", font_size)
    except OSError:
        font = ImageFont.load_default(size=font_size)
    width = size[0] if size else 60 + font_size * max(len(line) for line in lines) * 2 // 3
    height = size[1] if size else 60 + int(font_size * 1.6) * len(lines)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * int(font_size * 1.6)), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# -- OLE2 / Compound File Binary (legacy Office, Outlook .msg) ---------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding `streams` ("storage/sub/stream" paths; the
    storages are implied), written as MS-CFB says: streams under 4096 bytes in the mini stream, the rest
    in sectors, FAT and mini FAT chains. olefile can only read, so the tests write their own."""
    import struct

    # the tree: storage path -> child names, in insertion order
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "children": [], "data": b""}]
    index: dict[tuple[str, ...], int] = {(): 0}
    for full, data in streams.items():
        parts = tuple(full.split("/"))
        for depth in range(1, len(parts) + 1):
            key = parts[:depth]
            if key in index:
                continue
            is_stream = depth == len(parts)
            index[key] = len(entries)
            entries.append({"name": parts[depth - 1], "type": 2 if is_stream else 1, "children": [],
                            "data": data if is_stream else b""})
            entries[index[key[:-1]]]["children"].append(index[key])  # type: ignore[union-attr]

    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes, size: int, table: list[int], store: list[bytes]) -> int:
        if not data:
            return _END
        first = len(store)
        count = (len(data) + size - 1) // size
        for i in range(count):
            store.append(data[i * size : (i + 1) * size].ljust(size, b"\x00"))
            table.append(first + i + 1 if i < count - 1 else _END)
        return first

    mini: list[bytes] = []
    minifat: list[int] = []
    for entry in entries[1:]:
        data = entry["data"]
        assert isinstance(data, bytes)
        if entry["type"] == 2:
            table, store, size = (minifat, mini, 64) if len(data) < 4096 else (fat, sectors, 512)
            entry["start"] = chain(data, size, table, store)
    ministream = b"".join(mini)
    entries[0]["start"] = chain(ministream, 512, fat, sectors)
    entries[0]["size"] = len(ministream)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    first_minifat = chain(minifat_bytes, 512, fat, sectors) if minifat else _END
    minifat_count = (len(minifat_bytes) + 511) // 512

    def name_of(entry: dict[str, object]) -> str:
        return str(entry["name"])

    directory = bytearray()
    # children: a degenerate red-black tree (each child's right sibling is the next), all black
    rights: dict[int, int] = {}
    childs: dict[int, int] = {}
    for number, entry in enumerate(entries):
        children: list[int] = entry["children"]  # type: ignore[assignment]
        kids = sorted(children, key=lambda k: (len(name_of(entries[k])), name_of(entries[k]).upper()))
        if kids:
            childs[number] = kids[0]
            for a, c in itertools.pairwise(kids):
                rights[a] = c
    for number, entry in enumerate(entries):
        name = name_of(entry).encode("utf-16-le") + b"\x00\x00"
        data = entry["data"]
        assert isinstance(data, bytes)
        size = int(entry.get("size", len(data)))  # type: ignore[call-overload]
        start = int(entry.get("start", _END)) if entry["type"] != 1 else 0  # type: ignore[call-overload]
        directory += name.ljust(64, b"\x00") + struct.pack(
            "<HBBIII16sIQQIQ", len(name), entry["type"], 1, _NOSTREAM, rights.get(number, _NOSTREAM),
            childs.get(number, _NOSTREAM), b"\x00" * 16, 0, 0, 0, start, size,
        )
    while len(directory) % 512:
        directory += b"\x00" * 64 + struct.pack("<HBBIII16sIQQIQ", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM,
                                                b"\x00" * 16, 0, 0, 0, 0, 0)
    first_dir = chain(bytes(directory), 512, fat, sectors)

    fat_count = 1
    while fat_count * 128 < len(sectors) + fat_count:
        fat_count += 1
    assert fat_count <= 109, "test files stay small"
    fat_start = len(sectors)
    fat += [_FATSECT] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    difat = [fat_start + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\x00" * 6, 0, fat_count, first_dir, 0, 4096, first_minifat, minifat_count, _END, 0,
    ) + b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors) + fat_bytes


def cfb_streams(data: bytes) -> dict[str, bytes]:
    """Every stream of a compound file, by path: to repack one (see fixtures/README.md)."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}


def word_doc(*pieces: tuple[str, bool], encrypted: bool = False, table: str = "1Table") -> bytes:
    """A Word 97-2003 file as Word lays one out: a FIB, the text in `pieces` (text, compressed: 8-bit
    cp1252 or UTF-16), the piece table (a Prc, then the PlcPcd) in the table stream the FIB names."""
    import struct

    fib = bytearray(1024)
    flags = (0x0200 if table == "1Table" else 0) | (0x0100 if encrypted else 0)
    struct.pack_into("<HHHHHH", fib, 0, 0xA5EC, 0xC1, 0, 0, 0, flags)
    text = bytearray()
    cps = [0]
    pcds = []
    for piece, compressed in pieces:
        at = len(fib) + len(text)
        if compressed:
            text += piece.encode("cp1252")
            pcds.append(struct.pack("<HIH", 0, (at * 2) | 0x40000000, 0))
        else:
            text += piece.encode("utf-16-le")
            pcds.append(struct.pack("<HIH", 0, at, 0))
        cps.append(cps[-1] + len(piece))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(pcds)
    clx = b"\x01" + struct.pack("<h", 2) + b"\x08\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table_stream = b"\x00" * 64 + clx
    struct.pack_into("<I", fib, 0x4C, cps[-1])  # ccpText
    struct.pack_into("<II", fib, 0x01A2, 64, len(clx))  # fcClx, lcbClx
    return cfb({"WordDocument": bytes(fib + text), table: table_stream})


def _record(kind: int, body: bytes) -> bytes:
    import struct

    return struct.pack("<HH", kind, len(body)) + body


def xls_biff8(rows: list[list[str | int | float]], *, sheet: str = "Sheet1", encrypted: bool = False,
              split_sst_at: int | None = None) -> bytes:
    """An Excel 97-2003 workbook (BIFF8 records): strings in the SST (cut into a CONTINUE record at byte
    `split_sst_at` of its string data, the way Excel splits long tables, the rest of the string going on
    in UTF-16 after a new flags byte), integers as RK, other numbers as NUMBER; FILEPASS when encrypted."""
    import struct

    strings = [v for row in rows for v in row if isinstance(v, str)]
    globals_ = [_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))]
    if encrypted:
        globals_.append(_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x00" * 48))
    name = sheet.encode("latin-1")
    globals_.append(_record(0x0085, struct.pack("<IBBBB", 0, 0, 0, len(name), 0) + name))
    data = bytearray()
    encoded = [struct.pack("<HB", len(s), 0) + s.encode("latin-1") for s in strings]
    for one in encoded:
        data += one
    head = struct.pack("<II", len(strings), len(strings))
    if split_sst_at is None:  # records of at most 8224 bytes, cut between strings
        chunks = [bytearray(head)]
        for one in encoded:
            if len(chunks[-1]) + len(one) > 8224:
                chunks.append(bytearray())
            chunks[-1] += one
        globals_ += [_record(0x00FC if i == 0 else 0x003C, bytes(c)) for i, c in enumerate(chunks)]
    else:  # cut inside a string's characters: the CONTINUE starts with the flags of the rest (UTF-16)
        first = bytes(data[:split_sst_at])
        rest = bytes(data[split_sst_at:]).decode("latin-1")
        # the remaining characters of the cut string, then the following strings as they were
        cut_len = 0
        at = 0
        for s in strings:
            end = at + 3 + len(s)
            if at + 3 <= split_sst_at < end:
                cut_len = end - split_sst_at
                break
            at = end
        tail = b"\x01" + rest[:cut_len].encode("utf-16-le") + rest[cut_len:].encode("latin-1")
        globals_ += [_record(0x00FC, head + first), _record(0x003C, tail)]
    globals_.append(_record(0x000A, b""))
    cells = [_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))]
    index = 0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                cells.append(_record(0x00FD, struct.pack("<HHHI", r, c, 15, index)))
                index += 1
            elif isinstance(value, int) and -(2**29) <= value < 2**29:
                cells.append(_record(0x027E, struct.pack("<HHHI", r, c, 15, ((value << 2) | 2) & 0xFFFFFFFF)))
            else:
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, 15, float(value))))
    cells.append(_record(0x000A, b""))
    return cfb({"Workbook": b"".join(globals_) + b"".join(cells)})


def _props(header: int, codepage: int | None = 1252) -> bytes:
    import struct

    out = b"\x00" * header
    if codepage is not None:  # PR_MESSAGE_CODEPAGE (PT_LONG), readable and writable
        out += struct.pack("<HHIi4x", 0x0003, 0x3FFD, 6, codepage)
    return out


def _message_streams(prefix: str, subject: str, body: str, sender: tuple[str, str], to: list[tuple[str, str]],
                     attachments: list[tuple[str, bytes | dict[str, bytes]]], header: int,
                     eight_bit_subject: bool = False, rtf: bytes | None = None) -> dict[str, bytes]:
    def u(text: str) -> bytes:
        return text.encode("utf-16-le")

    out: dict[str, bytes] = {f"{prefix}__properties_version1.0": _props(header)}
    if eight_bit_subject:
        out[f"{prefix}__substg1.0_0037001E"] = subject.encode("cp1252")
    else:
        out[f"{prefix}__substg1.0_0037001F"] = u(subject)
    if body:
        out[f"{prefix}__substg1.0_1000001F"] = u(body)
    if rtf is not None:  # PR_RTF_COMPRESSED
        out[f"{prefix}__substg1.0_10090102"] = rtf
    out[f"{prefix}__substg1.0_0C1A001F"] = u(sender[0])
    out[f"{prefix}__substg1.0_0C1F001F"] = u(sender[1])
    out[f"{prefix}__substg1.0_0E04001F"] = u("; ".join(name for name, _ in to))
    for i, (name, address) in enumerate(to):
        recip = f"{prefix}__recip_version1.0_#{i:08X}/"
        out[f"{recip}__properties_version1.0"] = _props(8, None)
        out[f"{recip}__substg1.0_3001001F"] = u(name)
        out[f"{recip}__substg1.0_3003001F"] = u(address)
    for i, (filename, content) in enumerate(attachments):
        attach = f"{prefix}__attach_version1.0_#{i:08X}/"
        out[f"{attach}__properties_version1.0"] = _props(8, None)
        out[f"{attach}__substg1.0_3707001F"] = u(filename)
        if isinstance(content, dict):  # an attached message: its streams under 3701000D
            for name, data in content.items():
                out[f"{attach}__substg1.0_3701000D/{name}"] = data
        else:
            out[f"{attach}__substg1.0_37010102"] = content
    return out


def msg(subject: str, body: str, *, sender: tuple[str, str] = ("Alice Example", "alice@corp.example"),
        to: list[tuple[str, str]] | None = None,
        attachments: list[tuple[str, bytes | dict[str, bytes]]] | None = None,
        eight_bit_subject: bool = False, rtf: bytes | None = None) -> bytes:
    """An Outlook .msg (MS-OXMSG): property streams for the subject, body, sender and display names,
    one storage per recipient and per attachment (file data in 3701, or an attached message from
    `attached_message`)."""
    to = to if to is not None else [("Bob Example", "bob@corp.example")]
    return cfb(_message_streams("", subject, body, sender, to, attachments or [], 32, eight_bit_subject, rtf))


def compressed_rtf(rtf: bytes) -> bytes:
    """`rtf` in the compressed-RTF container of MS-OXRTFCP: LZFu with literals only (a valid stream that
    any reader must decode), ended by the reference to the write position that marks the end."""
    import struct

    body = bytearray()
    for at in range(0, len(rtf), 8):
        chunk = rtf[at : at + 8]
        body += b"\x00" + chunk
    write = (207 + len(rtf)) % 4096  # the window starts with a 207-byte prologue
    if len(rtf) % 8 == 0:
        body += b"\x01"
    else:
        body[-1 - len(rtf) % 8] |= 1 << (len(rtf) % 8)
    body += struct.pack(">H", write << 4)
    return struct.pack("<IIII", len(body) + 12, len(rtf), 0x75465A4C, 0) + bytes(body)


def attached_message(
    subject: str, body: str, attachments: list[tuple[str, bytes | dict[str, bytes]]] | None = None
) -> dict[str, bytes]:
    """The streams of a message attached to another (an Outlook item), for `msg(attachments=[...])`."""
    return _message_streams("", subject, body, ("Carol Example", "carol@corp.example"),
                            [("Dan Example", "dan@corp.example")], attachments or [], 24)


def _image_xobject(png: bytes, encoding: str) -> tuple[bytes, bytes]:
    """(dictionary entries, stream data) of an image XObject for `png`, encoded as a scanner would."""
    import zlib

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    size = f"/Width {image.width} /Height {image.height}".encode()
    if encoding == "jpeg":
        out = io.BytesIO()
        image.convert("L").save(out, "JPEG", quality=90)
        return size + b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", out.getvalue()
    if encoding == "gray":
        raw = image.convert("L").tobytes()
        return size + b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(raw)
    if encoding == "rgb":
        raw = image.convert("RGB").tobytes()
        return size + b" /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(raw)
    if encoding == "bilevel":  # PIL "1": 1 is white, as PDF's DeviceGray reads it
        raw = image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1").tobytes()
        return size + b" /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode", zlib.compress(raw)
    if encoding == "indexed":
        pal = image.convert("RGB").quantize(colors=16)
        palette = bytes(pal.getpalette()[: 3 * 16])
        space = b"/ColorSpace [/Indexed /DeviceRGB 15 <" + palette.hex().encode() + b">]"
        entries = size + b" " + space + b" /BitsPerComponent 8 /Filter /FlateDecode"
        return entries, zlib.compress(pal.tobytes())
    if encoding == "jbig2":
        return size + b" /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", b"\x00" * 64
    raise ValueError(encoding)


def scanned_pdf(*pages: str | bytes, encoding: str = "jpeg") -> bytes:
    """A PDF whose `bytes` pages are scans (the PNG drawn full-page as one image XObject, no text layer)
    and whose `str` pages carry a text layer, hand-written like `pdf`."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    kids = []
    for page in pages:
        page_no = len(objects) + 1
        kids.append(f"{page_no} 0 R")
        if isinstance(page, str):
            safe = page.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            content = f"BT /F1 11 Tf 50 780 Td ({safe}) Tj ET".encode("latin-1")
            resources = b"<< /Font << /F1 3 0 R >> >>"
        else:
            entries, data = _image_xobject(page, encoding)
            content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
            resources = f"<< /XObject << /Im0 {page_no + 2} 0 R >> >>".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
            + f" /Contents {page_no + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        if not isinstance(page, str):
            head = b"<< /Type /XObject /Subtype /Image " + entries + b" /Length %d >>\nstream\n" % len(data)
            objects.append(head + data + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pillow_pdf(png: bytes, mode: str = "RGB") -> bytes:
    """The PDF Pillow writes for an image (what "print to PDF" of a scan gives): JPEG for RGB and L,
    CCITT group 4 fax for 1-bit."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert(mode).save(out, "PDF")
    return out.getvalue()
