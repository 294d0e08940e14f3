"""`extract`, the one entry point, and the table kind -> reader. Every reader adds text or an unreadable
part to the shared budget; nested files (archive members, attachments) come back through `read_part`."""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from functools import partial

from dlpguard.extract.archives import read_gzip, read_tar, read_zip
from dlpguard.extract.core import (
    Budget,
    Extraction,
    ExtractLimits,
    Kind,
    Part,
    Refused,
    Unreadable,
)
from dlpguard.extract.documents import (
    read_docx,
    read_eml,
    read_odf,
    read_pdf,
    read_pptx,
    read_rtf,
    read_text,
    read_xlsx,
)
from dlpguard.extract.ocr import read_image
from dlpguard.extract.ole import read_doc, read_msg, read_ole, read_ppt, read_xls
from dlpguard.extract.sniff import sniff, text_encoding

Reader = Callable[[bytes, str, int, Budget], str | None]

#: One row per kind: a reader returns the part's text, or None when it added its parts itself.
READERS: dict[Kind, Reader] = {
    Kind.TEXT: read_text,
    Kind.PDF: read_pdf,
    Kind.DOCX: read_docx,
    Kind.XLSX: read_xlsx,
    Kind.PPTX: read_pptx,
    Kind.ODT: read_odf,
    Kind.ODS: read_odf,
    Kind.ODP: read_odf,
    Kind.RTF: read_rtf,
    Kind.EML: read_eml,
    Kind.ZIP: read_zip,
    Kind.TAR: read_tar,
    Kind.GZIP: read_gzip,
    Kind.IMAGE: read_image,
    Kind.DOC: read_doc,
    Kind.XLS: read_xls,
    Kind.PPT: read_ppt,
    Kind.MSG: read_msg,
    Kind.OLE: read_ole,
}

_WHY_NOT = {
    Kind.UNKNOWN: "unknown binary format",
}


def extract(data: bytes, limits: ExtractLimits | None = None, *, name: str = "") -> Extraction:
    """The text of `data`, chosen by content. `name` only labels parts in reasons."""
    limits = limits or ExtractLimits()
    started = time.monotonic()
    budget = Budget(limits, started + limits.timeout_s)
    budget.recurse = partial(_read_nested, budget=budget)
    kind = sniff(data)
    refused = None
    try:
        read_part(data, kind, name, 0, budget)
    except Refused as exc:
        refused = str(exc)
    elapsed = round((time.monotonic() - started) * 1000, 1)
    if refused:
        return Extraction(
            kind, "", tuple(budget.parts), refused=refused, elapsed_ms=elapsed, labels=tuple(budget.labels)
        )
    text = "\n\n".join(t for t in budget.texts if t)
    rebuildable = kind is Kind.TEXT and all(p.readable for p in budget.parts)
    encoding = text_encoding(data) if kind is Kind.TEXT else None
    return Extraction(
        kind, text, tuple(budget.parts), None, rebuildable, encoding, elapsed, labels=tuple(budget.labels)
    )


def _read_nested(data: bytes, path: str, depth: int, *, budget: Budget) -> None:
    read_part(data, sniff(data), path, depth, budget)


def read_part(data: bytes, kind: Kind, path: str, depth: int, budget: Budget) -> None:
    budget.check_time()
    if kind is Kind.EMPTY:
        budget.parts.append(Part(path, Kind.EMPTY, True))
        return
    reader = READERS.get(kind)
    if reader is None:
        budget.unreadable(path, kind, _WHY_NOT.get(kind, "not readable"))
        return
    try:
        text = reader(data, path, depth, budget)
    except Refused:
        raise
    except Unreadable as exc:
        budget.unreadable(path, kind, str(exc))
        return
    except (ValueError, KeyError, IndexError, TypeError, OSError, EOFError, AttributeError,
            RecursionError, UnicodeError, NotImplementedError, AssertionError, struct.error) as exc:
        # A damaged file (or one a library cannot parse): named by type only, never its content.
        budget.unreadable(path, kind, f"damaged or unsupported {kind.value} ({type(exc).__name__})")
        return
    if text is not None:
        budget.add_text(path, kind, text)
