"""Text out of documents: plain text (any encoding we can tell), PDF (pypdf), OOXML and ODF (the
standard library's zip and XML readers, members bounded like any archive), RTF and e-mail."""

from __future__ import annotations

import email
import email.policy
import html
import io
import re
import zipfile
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError, XMLPullParser

from dlpguard.extract.core import Budget, Kind, Refused, SensitivityLabel, Unreadable
from dlpguard.extract.sniff import text_encoding

if TYPE_CHECKING:
    from dlpguard.extract.pdf_images import PageImage

# -- plain text ---------------------------------------------------------------------------------------


def read_text(data: bytes, path: str, depth: int, budget: Budget) -> str:
    encoding = text_encoding(data)
    if encoding is None:
        raise Unreadable("not text")
    return data.decode(encoding, errors="replace")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) for a file sniffed as text; what a masked copy is rebuilt from."""
    encoding = text_encoding(data) or "utf-8"
    return data.decode(encoding, errors="replace"), encoding


# -- XML inside zip containers ---------------------------------------------------------------------

_PARAGRAPH_ENDS = {"p", "h", "tr", "br", "cr", "row", "list-item", "table-row"}
_TABS = {"tab", "tc", "c", "table-cell"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(element, out: list[str]) -> None:  # noqa: ANN001
    name = _local(element.tag)
    if name == "s":
        out.append(" " * int(element.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1") or 1))
    elif name in _TABS:
        out.append("\t")
    elif name in ("line-break", "br"):
        out.append("\n")
    if element.text:
        out.append(element.text)
    for child in element:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)


def xml_text(data: bytes, budget: Budget, *, text_tags: frozenset[str] | None = None) -> str:
    """The character data of an XML part, a newline after each paragraph-like element. A DOCTYPE is
    refused (no entity tricks in an office file). `text_tags`: only these elements' text counts
    (OOXML); without, every paragraph's text in document order, and leaf values outside them (ODF)."""
    out: list[str] = []
    open_paragraphs = 0
    open_text = 0
    for event, element in _pull(data, budget):
        name = _local(element.tag)
        if text_tags is None:
            if name in ("p", "h"):
                if event == "start":
                    open_paragraphs += 1
                    continue
                open_paragraphs -= 1
                if open_paragraphs == 0:
                    _walk(element, out)
                    out.append("\n")
                    element.clear()
            elif event == "end" and open_paragraphs == 0:
                if element.text and not len(element) and element.text.strip():
                    out.append(element.text + "\n")
                element.clear()
            continue
        if event == "start":
            if name in text_tags:
                open_text += 1
            continue
        if name in text_tags:
            out.append(element.text or "")
            open_text -= 1
        elif name in _PARAGRAPH_ENDS:
            out.append("\n")
        elif name in _TABS:
            out.append("\t")
        if open_text == 0 and name not in ("t",):
            element.clear()
    return "".join(out)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable("damaged document") from exc


def _member(zf: zipfile.ZipFile, name: str, path: str, budget: Budget) -> bytes:
    from dlpguard.extract.archives import read_member

    return read_member(zf, zf.getinfo(name), path, budget)


def _natural(name: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _parts(zf: zipfile.ZipFile, pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return sorted((n for n in zf.namelist() if rx.fullmatch(n)), key=_natural)


_W_TEXT = frozenset({"t", "delText", "instrText"})


def read_docx(data: bytes, path: str, depth: int, budget: Budget) -> str:
    with _open_zip(data) as zf:
        extra = _parts(zf, r"word/(header|footer|footnotes|endnotes|comments)\d*\.xml")
        names = ["word/document.xml", *extra]
        text = "\n".join(xml_text(_member(zf, n, path, budget), budget, text_tags=_W_TEXT) for n in names)
        read_labels(zf, path, Kind.DOCX, budget)
        return text


def read_pptx(data: bytes, path: str, depth: int, budget: Budget) -> str:
    with _open_zip(data) as zf:
        names = _parts(zf, r"ppt/(slides/slide|notesSlides/notesSlide|comments/comment)\d+\.xml")
        text = "\n".join(xml_text(_member(zf, n, path, budget), budget, text_tags=frozenset({"t", "text"}))
                          for n in names)
        read_labels(zf, path, Kind.PPTX, budget)
        return text


# Microsoft Information Protection writes a label as custom properties `MSIP_Label_<guid>_<Attribute>`
# (Enabled, Name, SiteId, Method, SetDate, ContentBits, ...) in docProps/custom.xml. Only `Enabled`
# = true makes it the document's label; `Name` is the label's name in the tenant ("Confidential").
_CUSTOM_PROPERTIES = "docProps/custom.xml"
_MSIP = re.compile(r"MSIP_Label_([0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})_(\w+)")
_MAX_LABEL_CHARS = 200


def read_labels(zf: zipfile.ZipFile, path: str, kind: Kind, budget: Budget) -> None:
    """The enabled sensitivity labels of an OOXML package, added to `budget.labels`. A damaged
    properties part is an unreadable part of its own: the document's text still counts."""
    if _CUSTOM_PROPERTIES not in zf.namelist():
        return
    attributes: dict[str, dict[str, str]] = {}
    try:
        for event, element in _pull(_member(zf, _CUSTOM_PROPERTIES, path, budget), budget):
            if event != "end" or _local(element.tag) != "property":
                continue
            match = _MSIP.fullmatch(element.get("name", ""))
            if match:
                value = "".join(element.itertext())
                attributes.setdefault(match.group(1).lower(), {})[match.group(2).lower()] = value
            element.clear()
    except Unreadable:
        budget.unreadable(path, kind, "damaged document properties (sensitivity label not read)")
        return
    for label_id, attrs in attributes.items():
        name = " ".join(attrs.get("name", "").split())[:_MAX_LABEL_CHARS]
        if attrs.get("enabled", "").strip().lower() == "true" and name:
            budget.labels.append(SensitivityLabel(path, name, label_id))


def read_xlsx(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """Cells row by row (tab between cells): shared strings looked up, inline strings and numbers as
    stored (a card number kept as a number is still a card number)."""
    with _open_zip(data) as zf:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            shared = _shared_strings(_member(zf, "xl/sharedStrings.xml", path, budget), budget)
        out = []
        for name in _parts(zf, r"xl/worksheets/sheet\d+\.xml"):
            out.append(_sheet_text(_member(zf, name, path, budget), shared, budget))
        for name in _parts(zf, r"xl/(comments\d+|threadedComments/threadedComment\d+)\.xml"):
            out.append(xml_text(_member(zf, name, path, budget), budget, text_tags=frozenset({"t", "text"})))
        read_labels(zf, path, Kind.XLSX, budget)
        return "\n".join(out)


def _pull(data: bytes, budget: Budget):
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise Unreadable("XML with a DOCTYPE")
    parser = XMLPullParser(events=("start", "end"))
    view = memoryview(data)
    try:
        for at in range(0, len(data), 1 << 20):
            parser.feed(bytes(view[at : at + (1 << 20)]))
            yield from parser.read_events()
            budget.check_time()
        parser.close()
        yield from parser.read_events()
    except ParseError as exc:
        raise Unreadable("damaged XML inside the document") from exc


# Spreadsheet parts are the big ones (a 5 MB XLSX holds ~30 MB of XML): they are read with regular
# expressions over the bytes, which is several times faster than building elements, and is exact for
# the fixed shapes SpreadsheetML uses (`<si>` strings, `<c t=…><v>…</v></c>` cells, `</row>` ends).
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_SI = re.compile(rb"<" + _P + rb"si\b[^>]*>(.*?)</" + _P + rb"si>|<" + _P + rb"si\b[^>]*/>", re.S)
_T = re.compile(rb"<" + _P + rb"t\b[^>]*>([^<]*)</" + _P + rb"t>|<" + _P + rb"t\b[^>]*/>")
_RPH = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.S)  # phonetic hints: not the text
_CELL_OR_ROW = re.compile(
    rb"<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)|</" + _P + rb"row>", re.S
)
_V = re.compile(rb"<" + _P + rb"v\b[^>]*>([^<]*)</" + _P + rb"v>")
_TYPE = re.compile(rb"""\bt\s*=\s*["']([A-Za-z]+)["']""")


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return html.unescape(text) if "&" in text else text


def _refuse_doctype(data: bytes) -> None:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise Unreadable("XML with a DOCTYPE")


def _shared_strings(data: bytes, budget: Budget) -> list[str]:
    _refuse_doctype(data)
    out: list[str] = []
    for n, match in enumerate(_SI.finditer(data)):
        body = match.group(1) or b""
        if b"<rPh" in body or b":rPh" in body:
            body = _RPH.sub(b"", body)
        out.append("".join(_unescape(t.group(1) or b"") for t in _T.finditer(body)))
        if n % 50_000 == 0:
            budget.check_time()
    return out


def _sheet_text(data: bytes, shared: list[str], budget: Budget) -> str:
    _refuse_doctype(data)
    lines: list[str] = []
    row: list[str] = []
    for n, match in enumerate(_CELL_OR_ROW.finditer(data)):
        attributes = match.group(1)
        if attributes is None:  # </row>
            lines.append("\t".join(row))
            row = []
            continue
        body = match.group(2) or b""
        kind = _TYPE.search(attributes)
        cell_type = kind.group(1) if kind else b""
        if cell_type == b"inlineStr":
            row.append("".join(_unescape(t.group(1) or b"") for t in _T.finditer(body)))
            continue
        value = _V.search(body)
        raw = value.group(1) if value else b""
        if cell_type == b"s":
            try:
                row.append(shared[int(raw)])
            except (ValueError, IndexError):
                row.append("")
        else:
            row.append(_unescape(raw))
        if n % 100_000 == 0:
            budget.check_time()
    if row:
        lines.append("\t".join(row))
    return "\n".join(lines)


def read_odf(data: bytes, path: str, depth: int, budget: Budget) -> str:
    with _open_zip(data) as zf:
        names = [n for n in ("content.xml", "styles.xml", "meta.xml") if n in zf.namelist()]
        if not names:
            raise Unreadable("OpenDocument without content")
        if "META-INF/manifest.xml" in zf.namelist():
            manifest = _member(zf, "META-INF/manifest.xml", path, budget)
            if b"encryption-data" in manifest:
                raise Unreadable("password-protected OpenDocument")
        return "\n".join(xml_text(_member(zf, n, path, budget), budget) for n in names)


# -- PDF -------------------------------------------------------------------------------------------


#: A page with fewer visible characters than this and an image is a scanned page: its images are OCR'd.
SCANNED_BELOW = 8


def read_pdf(data: bytes, path: str, depth: int, budget: Budget) -> None:
    """Each page's text layer; a page without one that carries images (a scan) is read by OCR within
    the OCR time budget, and the part says which pages were. Scanned pages that could not be OCR'd (no
    Tesseract, OCR off, time spent, an image encoding Tesseract cannot open) are unreadable parts."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings name the file's objects, not content
    scanned: list[int] = []
    ocr = _PageOcr(budget)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner password only: readable without asking
            except (PdfReadError, NotImplementedError, ValueError) as exc:
                raise Unreadable("encrypted PDF") from exc
            if not opened:
                raise Unreadable("encrypted PDF (password needed)")
        pages = reader.pages
        count = len(pages)
        if count > budget.limits.max_pages:
            raise Refused(f"{path or 'PDF'}: more than {budget.limits.max_pages} pages")
        out = []
        for number, page in enumerate(pages, 1):
            text = page.extract_text() or ""
            budget.check_time()
            if len("".join(text.split())) < SCANNED_BELOW:
                try:
                    from dlpguard.extract.pdf_images import page_images

                    images = page_images(page)
                except (PyPdfError, ValueError, TypeError, KeyError, AttributeError) as exc:
                    ocr.failed(number, f"page images not read ({type(exc).__name__})")
                    images = []
                if images:
                    scanned.append(number)
                    text = "\n".join(t for t in (text, ocr.read_page(number, images)) if t.strip())
            out.append(text)
    except (PyPdfError, DependencyError) as exc:  # (pypdf's own limits too: a declared size past them)
        raise Unreadable("damaged PDF") from exc
    text = "\n".join(out)
    if count and not scanned and not ocr.failures and len(text.strip()) < 8:
        raise Unreadable("PDF without a text layer or images (nothing to read)")
    budget.add_text(path, Kind.PDF, text, ocr_pages=tuple(ocr.read))
    for reason, numbers in ocr.failures.items():
        budget.unreadable(path, Kind.PDF, f"{_page_list(numbers)}: scanned, not read: {reason}")


def _page_list(numbers: list[int]) -> str:
    """"page 3" / "pages 2-5, 9": consecutive runs collapsed, so 300 scanned pages make one short line."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


class _PageOcr:
    """OCR of one PDF's scanned pages, sharing one time allowance (`ocr_timeout_s` for the whole file,
    and never past the extraction's own deadline): pages past it are reported, not silently dropped."""

    _MARGIN_S = 0.5  # left for the rest of the file once OCR stops

    def __init__(self, budget: Budget) -> None:
        import time

        self.budget = budget
        self.until = min(time.monotonic() + budget.limits.ocr_timeout_s, budget.deadline - self._MARGIN_S)
        self.read: list[int] = []
        self.failures: dict[str, list[int]] = {}

    def failed(self, number: int, reason: str) -> None:
        pages = self.failures.setdefault(reason, [])
        if number not in pages:
            pages.append(number)

    def read_page(self, number: int, images: list[PageImage]) -> str:
        import time

        from pypdf.errors import DependencyError, PyPdfError

        from dlpguard.extract.ocr import ocr_image, ocr_status
        from dlpguard.extract.pdf_images import tesseract_file

        if not self.budget.limits.ocr:
            self.failed(number, "OCR is off")
            return ""
        status = ocr_status()
        if not status.available:
            self.failed(number, f"OCR unavailable ({status.problem})")
            return ""
        texts: list[str] = []
        for image in images:
            room = self.until - time.monotonic()
            if room < 1.0:
                self.failed(number, f"OCR time budget ({self.budget.limits.ocr_timeout_s:g} s) spent")
                return "\n".join(texts)
            try:
                texts.append(ocr_image(tesseract_file(image, self.budget), room))
            except Unreadable as exc:
                self.failed(number, str(exc).removeprefix("image not read: "))
                return "\n".join(texts)
            except (PyPdfError, DependencyError, ValueError, TypeError, KeyError, AttributeError,
                    NotImplementedError, OSError) as exc:  # (pypdf's decompression limits too)
                self.failed(number, f"page image not decoded ({type(exc).__name__})")
                return "\n".join(texts)
            self.budget.check_time()
        self.read.append(number)
        return "\n".join(texts)


# -- RTF -------------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(
    rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.S
)
_RTF_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"themedata",
             b"datastore", b"xmlnstbl", b"listtable", b"listoverridetable", b"rsidtbl", b"generator"}
_RTF_BREAKS = {b"par": "\n", b"line": "\n", b"tab": "\t", b"cell": "\t", b"row": "\n", b"sect": "\n",
               b"page": "\n"}


def read_rtf(data: bytes, path: str, depth: int, budget: Budget) -> str:
    out: list[str] = []
    stack: list[tuple[bool, int]] = []
    skip = False
    uc = 1  # characters to skip after a \u
    pending_skip = 0
    star = False
    for match in _RTF_TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, text = match.groups()
        if brace == b"{":
            stack.append((skip, uc))
            star = False
            continue
        if brace == b"}":
            skip, uc = stack.pop() if stack else (False, 1)
            continue
        if word is not None:
            if word in _RTF_SKIP or star:
                skip = True
                star = False
            elif word == b"uc" and arg:
                uc = int(arg)
            elif word == b"u" and arg and not skip:
                code = int(arg)
                out.append(chr(code + 65536 if code < 0 else code))
                pending_skip = uc
            elif not skip and word in _RTF_BREAKS:
                out.append(_RTF_BREAKS[word])
            continue
        if symbol is not None:
            if symbol == b"*":
                star = True
            elif not skip and symbol in b"\\{}":
                out.append(symbol.decode())
            elif not skip and symbol == b"~":
                out.append(" ")
            continue
        if skip:
            continue
        if hexbyte is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            out.append(bytes([int(hexbyte, 16)]).decode("cp1252", errors="replace"))
        elif text is not None:
            chunk = text.decode("cp1252", errors="replace")
            if pending_skip:
                cut = min(pending_skip, len(chunk))
                chunk, pending_skip = chunk[cut:], pending_skip - cut
            out.append(chunk)
    return "".join(out)


# -- e-mail ----------------------------------------------------------------------------------------

_MAIL_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date")


def read_eml(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """Headers that name people, every text part decoded (base64, quoted-printable, charsets), and
    attachments read as files of their own (one level deeper, like an archive member)."""
    from dlpguard.extract.archives import _count_member, _deeper, _join

    message = email.message_from_bytes(data, policy=email.policy.default)
    out = [f"{h}: {v}" for h in _MAIL_HEADERS for v in message.get_all(h, [])]
    attachments = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        ctype = part.get_content_type()
        if not filename and ctype in ("text/plain", "text/html"):
            try:
                out.append(str(part.get_content()))
            except (LookupError, UnicodeError):
                payload = part.get_payload(decode=True) or b""
                out.append(payload.decode("utf-8", errors="replace"))
            continue
        payload = part.get_payload(decode=True)
        if not payload:
            continue
        attachments += 1
        name = _join(path, filename or f"attachment-{attachments}")
        _count_member(budget, name)
        budget.read_nested(payload, name, _deeper(depth, path, budget))
    return "\n".join(out)


__all__ = ["Kind", "decode_text"]
