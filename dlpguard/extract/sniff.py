"""What a file is, from its bytes alone: magic numbers, container contents, and a text test.

The name a file carries is never consulted: a DOCX renamed `.txt` is read as DOCX, a text file
renamed `.dat` or without an extension is read as text.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Any

from dlpguard.extract.core import Kind, Unreadable

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 / Compound File Binary: legacy Office, .msg

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", 0),
    (b"\xff\xd8\xff", 0),
    (b"GIF87a", 0),
    (b"GIF89a", 0),
    (b"BM", 0),
    (b"II*\x00", 0),
    (b"MM\x00*", 0),
)
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": Kind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": Kind.ODS,
    b"application/vnd.oasis.opendocument.presentation": Kind.ODP,
}
_EMAIL_HEADERS = (
    b"received:", b"return-path:", b"from:", b"to:", b"subject:", b"date:", b"message-id:",
    b"mime-version:", b"delivered-to:", b"x-", b"cc:", b"reply-to:", b"content-type:",
)


def _zip_kind(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200:
                    kind = _ODF_TYPES.get(zf.read(info).strip())
                    if kind:
                        return kind
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return Kind.DOCX
                if "xl/workbook.xml" in names:
                    return Kind.XLSX
                if "ppt/presentation.xml" in names:
                    return Kind.PPTX
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return Kind.ZIP  # the archive reader says what is wrong with it
    return Kind.ZIP


def open_cfb(data: bytes) -> Any:  # olefile.OleFileIO: the library ships no type information
    """`data` opened as a compound file; `Unreadable` when it is not one (or is damaged)."""
    import olefile

    # Always a file object: olefile takes short `bytes` for a file *name*.
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, struct.error, RecursionError) as exc:
        raise Unreadable("damaged compound file (OLE2)") from exc


def cfb_names(ole: Any) -> set[str]:
    """Every stream and storage of an open compound file, as lower-cased "storage/stream" paths."""
    return {"/".join(p).lower() for p in ole.listdir(streams=True, storages=True)}


def cfb_kind(data: bytes) -> Kind:
    """DOC, XLS, PPT or MSG by the streams a compound file holds; OLE for any other (or a damaged) one."""
    try:
        with open_cfb(data) as ole:
            names = cfb_names(ole)
    except (Unreadable, OSError, ValueError, IndexError, struct.error, RecursionError):
        return Kind.OLE
    top = {n for n in names if "/" not in n}
    if "worddocument" in top:
        return Kind.DOC
    if "workbook" in top or "book" in top:
        return Kind.XLS
    if "powerpoint document" in top:
        return Kind.PPT
    if "__properties_version1.0" in top or any(n.startswith("__substg1.0_") for n in top):
        return Kind.MSG
    return Kind.OLE


def _looks_like_email(head: bytes) -> bool:
    lines = head.split(b"\n", 12)[:10]
    hits = 0
    for line in lines:
        low = line.lower()
        if any(low.startswith(h) for h in _EMAIL_HEADERS) and b":" in low[:40]:
            hits += 1
        elif line.strip() == b"":
            break
    return hits >= 2


def text_encoding(data: bytes) -> str | None:
    """The encoding that reads `data` as text, or None for binary. BOMs first, then strict UTF-8,
    then a Latin-1 reading only if nearly every byte is printable."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:65536]
    if b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4 and len(data) > len(sample):  # cut inside a character
            return "utf-8" if _utf8_ok(data) else _latin1_if_printable(sample)
    return _latin1_if_printable(sample)


def _utf8_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _latin1_if_printable(sample: bytes) -> str | None:
    control = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    return "cp1252" if control <= len(sample) // 100 else None


def sniff(data: bytes) -> Kind:
    """The kind of `data`, by content only."""
    if not data:
        return Kind.EMPTY
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(b"\x1f\x8b"):
        return Kind.GZIP
    if len(data) > 262 and data[257:262] == b"ustar":
        return Kind.TAR
    if head.startswith(CFB_MAGIC):
        return cfb_kind(data)  # which legacy format: by the streams inside, never by the name
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Kind.IMAGE
    if any(head.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        return Kind.IMAGE
    if head.lstrip().startswith(b"{\\rtf"):
        return Kind.RTF
    if head.startswith((b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh", b"\xfd7zXZ\x00")):
        return Kind.UNKNOWN  # archives we do not open
    encoding = text_encoding(data)
    if encoding is None:
        return Kind.UNKNOWN
    if encoding != "utf-16" and _looks_like_email(head.lstrip(b"\xef\xbb\xbf")):
        return Kind.EML
    return Kind.TEXT
