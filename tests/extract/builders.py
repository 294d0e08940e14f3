"""Small real files built in memory: OOXML and ODF by hand (zip + XML, as Word and LibreOffice write
them), PDF by hand (one text object per page), images rendered with Pillow, archives with the stdlib."""

from __future__ import annotations

import io
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
