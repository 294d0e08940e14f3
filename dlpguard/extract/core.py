"""The extractor's types and its one entry point, `extract`.

Bounds: nesting depth, members per file, bytes expanded in total, expansion ratio, characters of
text, wall time. Crossing a bound of size or depth in an archive is a *refusal* (the guard blocks and
says why: a zip bomb is never half read); a part that cannot be read (encrypted, unknown binary, no
OCR) is *unreadable* and the policy's `files.unreadable` applies to it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    EMPTY = "empty"
    TEXT = "text"  # plain text, CSV, JSON, XML, HTML, source code, logs, keys…
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"
    RTF = "rtf"
    EML = "eml"
    ZIP = "zip"
    TAR = "tar"
    GZIP = "gzip"
    IMAGE = "image"
    DOC = "doc"  # Word 97-2003 (OLE2 compound file)
    XLS = "xls"  # Excel 97-2003 (BIFF8)
    PPT = "ppt"  # PowerPoint 97-2003
    MSG = "msg"  # Outlook message
    OLE = "ole"  # any other compound file (an encrypted DOCX, Excel 95, …): not read
    UNKNOWN = "unknown"


class Refused(Exception):
    """The file crosses a bound (zip bomb, too deep, too many members): it is not read at all."""


class Unreadable(Exception):
    """This part cannot be read (encrypted, damaged, unknown binary, OCR missing)."""


@dataclass(frozen=True)
class ExtractLimits:
    max_depth: int = 3  # archives (and mails) inside archives
    max_members: int = 1000  # files inside all archives together
    max_expanded_bytes: int = 200 * 1024 * 1024  # bytes decompressed in total
    max_member_bytes: int = 64 * 1024 * 1024  # one member, decompressed
    max_ratio: int = 100  # decompressed / compressed, for members above 1 MiB
    max_chars: int = 5_000_000  # text returned; the rest is reported unscanned
    max_pages: int = 2000  # PDF pages
    timeout_s: float = 30.0  # the whole extraction
    ocr: bool = True
    ocr_timeout_s: float = 20.0


@dataclass(frozen=True)
class Part:
    """One piece of the file: the file itself, or a member of an archive (`path` is for display)."""

    path: str
    kind: Kind
    readable: bool
    reason: str = ""
    chars: int = 0
    #: PDF pages (1-based) whose text was read by OCR from their images (scanned pages).
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class SensitivityLabel:
    """An enabled Microsoft Information Protection label found in an Office file's custom properties
    (`MSIP_Label_<guid>_Enabled` = true, `_Name`): `path` is the file or archive member it came from."""

    path: str
    name: str
    label_id: str


@dataclass(frozen=True)
class Extraction:
    kind: Kind
    text: str
    parts: tuple[Part, ...] = ()
    refused: str | None = None  # why the file was not read at all
    #: The file is text and its text is `text` in full: a masked copy can be written back as a file.
    rebuildable: bool = False
    encoding: str | None = None
    elapsed_ms: float = 0.0
    #: Enabled sensitivity labels of the Office files read (nested ones included); not part of `text`.
    labels: tuple[SensitivityLabel, ...] = ()

    @property
    def unreadable(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if not p.readable)

    @property
    def ocr_pages(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """(part path, its PDF pages read by OCR) for every PDF with scanned pages that were read."""
        return tuple((p.path, p.ocr_pages) for p in self.parts if p.ocr_pages)

    @property
    def unreadable_reason(self) -> str:
        parts = self.unreadable
        if not parts:
            return ""
        first = parts[0]
        where = f"{first.path}: " if first.path else ""
        more = f" (and {len(parts) - 1} more)" if len(parts) > 1 else ""
        return f"{where}{first.reason}{more}"


@dataclass
class Budget:
    """What an extraction may still spend; shared by every nested part."""

    limits: ExtractLimits
    deadline: float
    members: int = 0
    expanded: int = 0
    chars: int = 0
    texts: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    labels: list[SensitivityLabel] = field(default_factory=list)
    #: Reads a nested file (an archive member, an attachment) by its content: set by `extract`.
    recurse: Callable[[bytes, str, int], None] | None = None

    def read_nested(self, data: bytes, path: str, depth: int) -> None:
        assert self.recurse is not None
        self.recurse(data, path, depth)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise Refused(f"took longer than {self.limits.timeout_s:g} s to read")

    def add_text(self, path: str, kind: Kind, text: str, *, ocr_pages: tuple[int, ...] = ()) -> None:
        room = self.limits.max_chars - self.chars
        if len(text) > room:
            self.texts.append(text[: max(room, 0)])
            self.chars = self.limits.max_chars
            self.parts.append(Part(path, kind, True, chars=max(room, 0), ocr_pages=ocr_pages))
            self.parts.append(
                Part(path, kind, False, f"text beyond {self.limits.max_chars} characters not scanned")
            )
            return
        self.texts.append(text)
        self.chars += len(text)
        self.parts.append(Part(path, kind, True, chars=len(text), ocr_pages=ocr_pages))

    def unreadable(self, path: str, kind: Kind, reason: str) -> None:
        self.parts.append(Part(path, kind, False, reason))
