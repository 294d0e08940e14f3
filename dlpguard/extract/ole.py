"""Legacy Office files and Outlook messages: the OLE2 / Compound File Binary formats, read with olefile.

A compound file is a small file system; which streams it holds says what it is (`sniff.cfb_kind`): Word
97-2003 (`WordDocument`, text through the piece table in `0Table`/`1Table`), Excel 97-2003 (`Workbook`,
BIFF8 records: shared strings and cells), PowerPoint 97-2003 (`PowerPoint Document`, text atoms) and
Outlook `.msg` (`__substg1.0_` property streams; attachments are read like archive members, within the
same depth, count and size budget). Password-protected files (the Word `fEncrypted` flag, the Excel
FILEPASS record, the PowerPoint encrypted-user token, an encrypted OOXML package) are unreadable with
that reason: the policy's `files.unreadable` applies. Every stream read counts against the expansion
budget, so a crafted file whose streams share sectors cannot multiply itself.
"""

from __future__ import annotations

import codecs
import struct
from collections.abc import Iterator
from typing import Any

from dlpguard.extract.core import Budget, Kind, Refused, Unreadable
from dlpguard.extract.sniff import cfb_names as _names
from dlpguard.extract.sniff import open_cfb as _open

OleFile = Any  # olefile.OleFileIO: the library ships no type information


def _stream(ole: OleFile, name: str | list[str], budget: Budget, path: str) -> bytes:
    """A stream's bytes, counted against the budget before they are read."""
    size = ole.get_size(name)
    limits = budget.limits
    # A size beyond the file's own is damage; streams that share sectors to multiply themselves are
    # caught by the expansion budget below.
    if size > (getattr(ole, "_filesize", None) or size):
        raise Unreadable("damaged compound file (a stream larger than the file)")
    if size > limits.max_member_bytes:
        mib = limits.max_member_bytes // (1024 * 1024)
        raise Refused(f"{path or 'file'}: a stream larger than {mib} MiB")
    budget.expanded += size
    if budget.expanded > limits.max_expanded_bytes:
        raise Refused(f"{path or 'file'}: expands beyond {limits.max_expanded_bytes // (1024 * 1024)} MiB")
    with ole.openstream(name) as stream:
        out = stream.read()
    budget.check_time()
    return out


def read_ole(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """A compound file that is none of the kinds read here: say what it is, as precisely as we can."""
    with _open(data) as ole:
        names = _names(ole)
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise Unreadable("password-protected Office document (encrypted DOCX/XLSX/PPTX)")
    raise Unreadable("compound file (OLE2) of an unknown kind: not readable")


# -- Word 97-2003 ----------------------------------------------------------------------------------

_W_IDENT = 0xA5EC
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_F_OBFUSCATED = 0x8000
_FC_CLX = 0x01A2  # FibRgFcLcb97.fcClx / lcbClx: the piece table's place in the table stream
# Word's control characters: paragraph and cell marks become line breaks and tabs, field marks spaces
# (a field's code and its result both stay: a HYPERLINK's address is text too), the rest go.
_WORD_CONTROLS = {
    0x0D: "\n", 0x07: "\t", 0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x13: " ", 0x14: " ", 0x15: " ",
    0x1E: "-", 0xA0: " ",
}
_WORD_TABLE = {c: _WORD_CONTROLS.get(c, "") for c in range(32) if c not in (9, 10)} | {0xA0: " "}


def read_doc(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """The text of a Word 97-2003 document: every piece of the piece table (main text, footnotes,
    headers, comments, text boxes), 8-bit (cp1252) or UTF-16 as each piece says."""
    with _open(data) as ole:
        word = _stream(ole, "WordDocument", budget, path)
        if len(word) < _FC_CLX + 8:
            raise Unreadable("damaged Word document (FIB too short)")
        ident, n_fib = struct.unpack_from("<HH", word, 0)
        (flags,) = struct.unpack_from("<H", word, 0x0A)
        if ident != _W_IDENT:
            raise Unreadable("damaged Word document (no FIB)")
        if flags & (_F_ENCRYPTED | _F_OBFUSCATED):
            raise Unreadable("password-protected Word document (.doc)")
        if n_fib < 0x6A:
            raise Unreadable("Word 6.0/95 document: not readable")
        table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise Unreadable(f"damaged Word document (no {table_name} stream)")
        table = _stream(ole, table_name, budget, path)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FC_CLX)
    clx = table[fc_clx : fc_clx + lcb_clx]
    if len(clx) != lcb_clx or not lcb_clx:
        raise Unreadable("damaged Word document (no piece table)")
    out = [_piece_text(word, start, end, fc, compressed) for start, end, fc, compressed in _pieces(clx)]
    return "".join(out).translate(_WORD_TABLE)


def _pieces(clx: bytes) -> Iterator[tuple[int, int, int, bool]]:
    """(cp start, cp end, fc, compressed) of each piece: the Clx is Prc records (skipped), then the Pcdt."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: a grpprl of property modifiers
        (size,) = struct.unpack_from("<h", clx, at + 1)
        at += 3 + max(size, 0)
    if at >= len(clx) or clx[at] != 0x02:
        raise Unreadable("damaged Word document (piece table)")
    (lcb,) = struct.unpack_from("<I", clx, at + 1)
    plc = clx[at + 5 : at + 5 + lcb]
    if len(plc) != lcb or (lcb - 4) % 12:
        raise Unreadable("damaged Word document (piece table)")
    count = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    for i in range(count):
        (fc_compressed,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        compressed = bool(fc_compressed & 0x40000000)
        fc = fc_compressed & 0x3FFFFFFF
        yield cps[i], cps[i + 1], (fc // 2 if compressed else fc), compressed


# In an 8-bit piece these bytes stand for Unicode characters (MS-DOC 2.4.1): cp1252 maps them the same.
def _piece_text(word: bytes, cp_start: int, cp_end: int, fc: int, compressed: bool) -> str:
    count = max(cp_end - cp_start, 0)
    if compressed:
        raw = word[fc : fc + count]
        return raw.decode("cp1252", errors="replace")
    raw = word[fc : fc + 2 * count]
    return raw.decode("utf-16-le", errors="replace")


# -- Excel 97-2003 (BIFF8) ---------------------------------------------------------------------------

_BOF, _EOF, _FILEPASS, _SST, _CONTINUE = 0x0809, 0x000A, 0x002F, 0x00FC, 0x003C
_LABELSST, _LABEL, _NUMBER, _RK, _MULRK, _STRING, _BOUNDSHEET, _FORMULA, _TXO = (
    0x00FD, 0x0204, 0x0203, 0x027E, 0x00BD, 0x0207, 0x0085, 0x0006, 0x01B6,
)


def _records(stream: bytes) -> Iterator[tuple[int, bytes]]:
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4 : at + 4 + size]
        at += 4 + size


def read_xls(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """Sheet names and cells of an Excel 97-2003 workbook, row by row (tab between cells): shared strings
    looked up, inline labels, numbers (a card number kept as a number is still a card number), the
    cached results of formulas, and the text of cell comments and text boxes."""
    with _open(data) as ole:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        stream = _stream(ole, name, budget, path)
    first = next(_records(stream), None)
    biff8 = first is not None and first[0] == _BOF and first[1][:2] == b"\x00\x06"
    if not biff8:
        if name == "Book":
            raise Unreadable("Excel 5.0/95 workbook: not readable")
        raise Unreadable("damaged Excel workbook (no BIFF8 header)")
    shared: list[str] = []
    lines: list[str] = []
    row: list[str] = []
    row_no: int | None = None
    records = list(_records(stream))
    for n, (kind, body) in enumerate(records):
        if kind == _FILEPASS:
            raise Unreadable("password-protected Excel workbook (.xls)")
        if n % 50_000 == 0:
            budget.check_time()
        cell: str | None = None
        if kind == _SST:
            shared = _sst([body, *_continues(records, n + 1)])
        elif kind == _BOUNDSHEET and len(body) > 8:
            lines.append(_short_string(body, 6))
        elif kind == _BOF:
            if row:
                lines.append("\t".join(row))
            row, row_no = [], None
            continue
        elif kind == _LABELSST and len(body) >= 10:
            (index,) = struct.unpack_from("<I", body, 6)
            cell = shared[index] if index < len(shared) else ""
        elif kind == _LABEL and len(body) >= 9:
            cell = _unicode_string(body, 6)[0]
        elif kind == _NUMBER and len(body) >= 14:
            cell = _number(struct.unpack_from("<d", body, 6)[0])
        elif kind == _RK and len(body) >= 10:
            cell = _number(_rk(struct.unpack_from("<I", body, 6)[0]))
        elif kind == _MULRK and len(body) >= 12:
            count = (len(body) - 6) // 6
            cell = "\t".join(_number(_rk(struct.unpack_from("<I", body, 6 + 6 * i)[0])) for i in range(count))
        elif kind == _FORMULA and len(body) >= 14 and body[12:14] != b"\xff\xff":
            cell = _number(struct.unpack_from("<d", body, 6)[0])  # a cached number (0xFFFF: not a number)
        elif kind == _TXO and len(body) >= 12:  # a cell comment or text box: its text follows
            if row:
                lines.append("\t".join(row))
                row, row_no = [], None
            lines.append(_txo_text(body, records, n + 1))
            continue
        elif kind == _STRING and len(body) >= 3:
            row.append(_unicode_string(body, 0)[0])  # a formula's string result: after its FORMULA
            continue
        if cell is None:
            continue
        (cell_row,) = struct.unpack_from("<H", body, 0)
        if row_no is not None and cell_row != row_no and row:
            lines.append("\t".join(row))
            row = []
        row_no = cell_row
        row.append(cell)
    if row:
        lines.append("\t".join(row))
    return "\n".join(lines)


def _txo_text(body: bytes, records: list[tuple[int, bytes]], at: int) -> str:
    """The text of a TXO record: `cchText` characters in the CONTINUE records after it, each starting
    with its own flags byte (8-bit or UTF-16)."""
    (count,) = struct.unpack_from("<H", body, 10)
    chunks = list(_continues(records, at))
    if not count or not chunks or not chunks[0]:
        return ""
    reader = _Chunks(chunks)
    try:
        wide = bool(reader.take(1)[0] & 1)
        return reader.chars(count, wide).replace("\r", "\n")
    except (IndexError, struct.error):
        return ""


def _continues(records: list[tuple[int, bytes]], at: int) -> Iterator[bytes]:
    while at < len(records) and records[at][0] == _CONTINUE:
        yield records[at][1]
        at += 1


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e17:
        return str(int(value))
    return repr(value)


def _rk(rk: int) -> float:
    if rk & 0x02:
        value = float(struct.unpack("<i", struct.pack("<I", rk & 0xFFFFFFFC))[0] >> 2)
    else:
        value = struct.unpack("<d", struct.pack("<Q", (rk & 0xFFFFFFFC) << 32))[0]
    return value / 100 if rk & 0x01 else value


def _short_string(body: bytes, at: int) -> str:
    """A ShortXLUnicodeString: 1-byte count, flags, characters."""
    count, flags = body[at], body[at + 1]
    raw = body[at + 2 : at + 2 + (2 * count if flags & 1 else count)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")


def _unicode_string(body: bytes, at: int) -> tuple[str, int]:
    """An XLUnicodeString inside one record: 2-byte count, flags, characters."""
    (count,) = struct.unpack_from("<H", body, at)
    flags = body[at + 2]
    wide = bool(flags & 1)
    end = at + 3 + (2 * count if wide else count)
    return body[at + 3 : end].decode("utf-16-le" if wide else "latin-1", errors="replace"), end


class _Chunks:
    """The SST and its CONTINUE records as one byte sequence that knows where the record breaks are:
    a string's characters that cross a break start again with a flags byte (8-bit or UTF-16)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.index = 0
        self.at = 0

    def _next_chunk(self) -> None:
        self.index += 1
        self.at = 0
        if self.index >= len(self.chunks):
            raise IndexError("SST ends inside a string")

    def take(self, size: int) -> bytes:
        out = bytearray()
        while size:
            chunk = self.chunks[self.index]
            if self.at >= len(chunk):
                self._next_chunk()
                continue
            piece = chunk[self.at : self.at + size]
            out += piece
            self.at += len(piece)
            size -= len(piece)
        return bytes(out)

    def chars(self, count: int, wide: bool) -> str:
        parts: list[str] = []
        while count:
            chunk = self.chunks[self.index]
            if self.at >= len(chunk):
                self._next_chunk()
                wide = bool(self.take(1)[0] & 1)  # the continued characters carry their own width
                continue
            width = 2 if wide else 1
            room = (len(chunk) - self.at) // width
            n = min(count, max(room, 0))
            if n == 0:
                raise IndexError("SST character split across records")
            raw = chunk[self.at : self.at + n * width]
            self.at += n * width
            parts.append(raw.decode("utf-16-le" if wide else "latin-1", errors="replace"))
            count -= n
        return "".join(parts)

    def done(self) -> bool:
        return self.index >= len(self.chunks) - 1 and self.at >= len(self.chunks[self.index])


def _sst(chunks: list[bytes]) -> list[str]:
    reader = _Chunks(chunks)
    (_total, unique) = struct.unpack("<II", reader.take(8))
    out: list[str] = []
    try:
        for _ in range(unique):
            if reader.done():
                break
            (count,) = struct.unpack("<H", reader.take(2))
            flags = reader.take(1)[0]
            runs = struct.unpack("<H", reader.take(2))[0] if flags & 0x08 else 0
            ext = struct.unpack("<I", reader.take(4))[0] if flags & 0x04 else 0
            out.append(reader.chars(count, bool(flags & 0x01)))
            reader.take(4 * runs + ext)
    except (IndexError, struct.error):
        pass  # a truncated table: the strings read so far still count
    return out


# -- PowerPoint 97-2003 --------------------------------------------------------------------------------

_TEXT_CHARS, _TEXT_BYTES, _CSTRING = 0x0FA0, 0x0FA8, 0x0FBA
_MASTERS = frozenset({0x03F8, 0x0FC9})  # MainMaster, Handout: layouts' prompts, not content
_ENCRYPTED_TOKEN = 0xF3D1C4DF  # CurrentUserAtom.headerToken of an encrypted presentation


def read_ppt(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """The text atoms of a PowerPoint 97-2003 presentation (slides, notes, masters), in stream order."""
    with _open(data) as ole:
        if ole.exists("Current User"):
            user = _stream(ole, "Current User", budget, path)
            if len(user) >= 16 and struct.unpack_from("<I", user, 12)[0] == _ENCRYPTED_TOKEN:
                raise Unreadable("password-protected PowerPoint presentation (.ppt)")
        if ole.exists("EncryptedSummary"):
            raise Unreadable("password-protected PowerPoint presentation (.ppt)")
        stream = _stream(ole, "PowerPoint Document", budget, path)
    out: list[str] = []
    at = 0
    steps = 0
    skip_until = -1  # the end of a master's container: its placeholder prompts are not the user's text
    while at + 8 <= len(stream):
        ver_instance, kind, size = struct.unpack_from("<HHI", stream, at)
        steps += 1
        if steps % 100_000 == 0:
            budget.check_time()
        if ver_instance & 0x0F == 0x0F:  # a container: its records follow its header
            if kind in _MASTERS and at >= skip_until:
                skip_until = at + 8 + size
            at += 8
            continue
        body = stream[at + 8 : at + 8 + size]
        if at < skip_until:
            pass
        elif kind == _TEXT_CHARS:
            out.append(body.decode("utf-16-le", errors="replace"))
        elif kind == _TEXT_BYTES:
            out.append(body.decode("latin-1"))
        at += 8 + size
    return "\n".join(t.replace("\r", "\n").replace("\x0b", "\n") for t in out)


# -- Outlook .msg ---------------------------------------------------------------------------------------

_SUBJECT, _BODY, _HTML, _RTF = "0037", "1000", "1013", "1009"
_SENDER = ("0C1A", "0042")  # sender name, sent-representing name
#: SMTP addresses first: an Exchange sender's 0C1F is an X.500 name ("/O=…/CN=…"), not an address
_SENDER_ADDRESS = ("5D01", "0C1F", "5D02", "0065")
_DISPLAY = (("To", "0E04"), ("Cc", "0E03"), ("Bcc", "0E02"))
_RECIPIENT = ("3001", "39FE", "3003")  # display name, SMTP address, address (X.500 on Exchange)
_ATTACH_NAME = ("3707", "3704", "3001")  # long file name, file name, display name
_ATTACH_DATA = "3701"
_CODEPAGE = 0x3FFD


class _Storage:
    """One storage of a message: the message itself, a recipient, an attachment, an attached message."""

    def __init__(
        self, ole: OleFile, listing: list[list[str]], prefix: list[str], budget: Budget, path: str,
        codepage: str,
    ) -> None:
        self.ole = ole
        self.listing = listing
        self.prefix = prefix
        self.budget = budget
        self.path = path
        self.codepage = codepage
        depth = len(prefix)
        wanted = [p.lower() for p in prefix]
        #: entries directly under this storage, by lower-cased name
        self.entries: dict[str, list[str]] = {
            entry[-1].lower(): entry
            for entry in listing
            if len(entry) == depth + 1 and [e.lower() for e in entry[:depth]] == wanted
        }

    def child(self, entry: list[str]) -> _Storage:
        return _Storage(self.ole, self.listing, entry, self.budget, self.path, self.codepage)

    def string(self, *props: str) -> str:
        """The first of `props` that is set, as text (Unicode, 8-bit in the message's code page, or a
        binary HTML body read as UTF-8)."""
        for prop in props:
            base = f"__substg1.0_{prop}".lower()
            for suffix, encoding in (("001f", "utf-16-le"), ("001e", self.codepage), ("0102", "utf-8")):
                entry = self.entries.get(base + suffix)
                if entry is None:
                    continue
                value = _stream(self.ole, entry, self.budget, self.path).decode(encoding, errors="replace")
                value = value.rstrip("\x00")
                if value:
                    return value
        return ""


def _codepage(ole: OleFile, prefix: list[str], budget: Budget, path: str, header: int) -> str:
    """The message's PR_MESSAGE_CODEPAGE from its fixed-size property stream; cp1252 when unset."""
    name = [*prefix, "__properties_version1.0"]
    if not ole.exists("/".join(name)):
        return "cp1252"
    props = _stream(ole, name, budget, path)
    for at in range(header, len(props) - 15, 16):
        ptype, pid = struct.unpack_from("<HH", props, at)
        if pid == _CODEPAGE and ptype == 0x0003:
            (page,) = struct.unpack_from("<i", props, at + 8)
            try:
                return codecs.lookup(f"cp{page}").name
            except LookupError:
                return "cp1252"
    return "cp1252"


def read_msg(data: bytes, path: str, depth: int, budget: Budget) -> str:
    """An Outlook message: sender and recipients (names and addresses), subject, body (the HTML body when
    there is no plain one), and attachments read as files of their own, one level deeper, like an
    archive's members; an attached message is read the same way, recursively."""
    with _open(data) as ole:
        listing = ole.listdir(streams=True, storages=True)
        return _read_message(ole, listing, [], path, depth, budget, header=32)


def _read_message(
    ole: OleFile, listing: list[list[str]], prefix: list[str], path: str, depth: int, budget: Budget, *,
    header: int,
) -> str:
    from dlpguard.extract.archives import _count_member, _deeper, _join

    budget.check_time()
    message = _Storage(ole, listing, prefix, budget, path, _codepage(ole, prefix, budget, path, header))
    out: list[str] = []
    sender = message.string(*_SENDER)
    address = message.string(*_SENDER_ADDRESS)
    if sender and address and sender != address:
        out.append(f"From: {sender} <{address}>")
    elif sender or address:
        out.append(f"From: {sender or address}")
    for header_name, prop in _DISPLAY:
        value = message.string(prop)
        if value:
            out.append(f"{header_name}: {value}")
    subject = message.string(_SUBJECT)
    if subject:
        out.append(f"Subject: {subject}")
    recipients: list[str] = []
    attachments: list[list[str]] = []
    for name, entry in sorted(message.entries.items()):
        if name.startswith("__recip_version1.0_#"):
            recipient = message.child(entry)
            values = [recipient.string(p) for p in _RECIPIENT]
            recipients.append(" ".join(dict.fromkeys(v for v in values if v)))
        elif name.startswith("__attach_version1.0_#"):
            attachments.append(entry)
    if any(recipients):
        out.append("Recipients: " + "; ".join(r for r in recipients if r))
    body = message.string(_BODY) or message.string(_HTML) or _rtf_body(message)
    if body:
        out += ["", body]
    for number, entry in enumerate(attachments, 1):
        attachment = message.child(entry)
        filename = attachment.string(*_ATTACH_NAME).replace("/", "_")
        member = _join(path, filename or f"attachment-{number}")
        _count_member(budget, member)
        inner = _deeper(depth, path, budget)
        embedded = attachment.entries.get(f"__substg1.0_{_ATTACH_DATA}000d".lower())
        if embedded is not None:  # an attached Outlook item: a message storage of its own
            budget.check_time()
            text = _read_message(ole, listing, embedded, member, inner, budget, header=24)
            budget.add_text(member, Kind.MSG, text)
            continue
        blob = attachment.entries.get(f"__substg1.0_{_ATTACH_DATA}0102".lower())
        if blob is not None:  # (a link or an OLE object without data: nothing to read)
            budget.read_nested(_stream(ole, blob, budget, member), member, inner)
    return "\n".join(out)


def _rtf_body(message: _Storage) -> str:
    """The body kept only as compressed RTF (PR_RTF_COMPRESSED), decompressed and read as RTF."""
    from dlpguard.extract.documents import read_rtf

    entry = message.entries.get(f"__substg1.0_{_RTF}0102".lower())
    if entry is None:
        return ""
    raw = _stream(message.ole, entry, message.budget, message.path)
    try:
        rtf = decompress_rtf(raw, message.budget.limits.max_member_bytes)
    except Unreadable as exc:  # the rest of the message still counts
        message.budget.unreadable(message.path, Kind.MSG, str(exc))
        return ""
    message.budget.expanded += len(rtf)
    return read_rtf(rtf, message.path, 0, message.budget)


# MS-OXRTFCP: LZ77 over a 4 KiB window that starts out holding this RTF prologue.
_RTF_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_LZFU, _MELA = 0x75465A4C, 0x414C454D


def decompress_rtf(data: bytes, limit: int) -> bytes:
    """Compressed RTF (MS-OXRTFCP) back to RTF, at most `limit` bytes; `Unreadable` if it is not."""
    if len(data) < 16:
        raise Unreadable("damaged compressed RTF body")
    comp_size, raw_size, kind, _crc = struct.unpack_from("<IIII", data, 0)
    if kind == _MELA:
        return data[16 : 16 + min(raw_size, limit)]
    if kind != _LZFU:
        raise Unreadable("damaged compressed RTF body")
    window = bytearray(4096)
    window[: len(_RTF_PREBUF)] = _RTF_PREBUF
    write = len(_RTF_PREBUF)
    out = bytearray()
    at, end = 16, min(len(data), comp_size + 4)
    cap = min(raw_size, limit)
    while at < end and len(out) < cap:
        control = data[at]
        at += 1
        for bit in range(8):
            if at >= end:
                break
            if control & (1 << bit):  # a reference: 12-bit window offset, 4-bit length - 2
                if at + 1 >= end:
                    break
                ref = (data[at] << 8) | data[at + 1]
                at += 2
                offset, length = ref >> 4, (ref & 0x0F) + 2
                if offset == write:  # the end marker
                    return bytes(out[:cap])
                for i in range(length):
                    byte = window[(offset + i) % 4096]
                    out.append(byte)
                    window[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = data[at]
                at += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:cap])
