"""Exports of a filtered view for reviewers: CSV for spreadsheets, JSON Lines for tools.

`ExportFormat` is the table of formats: one member per format, with its writer, file suffix and the
label people see. The CLI's `--format` choices come from it, so adding a format is a writer and a member.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab / carriage
return) get a leading quote: justifications and review notes are typed by people.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TextIO

from dlpguard.errors import IncidentLogError
from dlpguard.incidents.model import StoredIncident

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = (
    "id", "time", "kind", "source", "site", "url_host", "event", "action", "decision", "outcome",
    "justification", "categories", "entities", "fingerprints", "previews", "policy_version", "policy_hash",
    "app_version", "reviewed_at", "reviewed_by", "review_note", "note", "chain_seq", "chain_hash",
)  # fmt: skip


def csv_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _counts(counts: dict[str, int]) -> str:
    return ";".join(f"{k}:{v}" for k, v in sorted(counts.items()))


def csv_row(item: StoredIncident) -> list[str]:
    r = item.record
    cells: dict[str, object] = {
        "id": r.id,
        "time": r.time.isoformat(),
        "kind": r.kind.value,
        "source": r.source.value,
        "site": r.site,
        "url_host": r.url_host,
        "event": r.event,
        "action": r.action.value,
        "decision": item.decision.value,
        "outcome": item.outcome.value,
        "justification": item.justification,
        "categories": _counts({c.value: n for c, n in r.counts_by_category.items()}),
        "entities": _counts(r.counts_by_entity),
        "fingerprints": ";".join(f"{f.entity_type}:{f.fingerprint}" for f in r.findings),
        "previews": ";".join(f.preview for f in r.findings if f.preview),
        "policy_version": r.policy_version,
        "policy_hash": r.policy_hash,
        "app_version": r.app_version,
        "reviewed_at": item.reviewed_at.isoformat() if item.reviewed_at else None,
        "reviewed_by": item.reviewed_by,
        "review_note": item.review_note,
        "note": r.note,
        "chain_seq": item.seq,
        "chain_hash": item.hash,
    }
    return [csv_safe(cells[c]) for c in CSV_COLUMNS]


def write_csv(items: Iterable[StoredIncident], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for item in items:
        writer.writerow(csv_row(item))
        count += 1
    return count


def write_jsonl(items: Iterable[StoredIncident], out: TextIO) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(item.to_json_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


Writer = Callable[[Iterable[StoredIncident], TextIO], int]


class ExportFormat(StrEnum):
    """The export formats: the member's value is the name on the command line."""

    suffix: str  # file name suffix, without the dot
    label: str  # what a person picks in a menu
    writer: Writer

    def __new__(cls, name: str, suffix: str, label: str, writer: Writer) -> ExportFormat:
        member = str.__new__(cls, name)
        member._value_ = name
        member.suffix, member.label, member.writer = suffix, label, writer
        return member

    CSV = "csv", "csv", "CSV (spreadsheets)", write_csv
    JSONL = "jsonl", "jsonl", "JSON Lines (tools)", write_jsonl

    @classmethod
    def named(cls, name: str) -> ExportFormat:
        """The format called `name`; an unknown name is an `IncidentLogError` listing the known ones."""
        try:
            return cls(name)
        except ValueError:
            known = ", ".join(member.value for member in cls)
            raise IncidentLogError(f"unknown export format {name!r}; known formats: {known}") from None


def write_export(items: Iterable[StoredIncident], out: TextIO, fmt: ExportFormat | str) -> int:
    """Writes `items` to `out` and returns how many; streams, so a large log needs little memory."""
    return ExportFormat.named(fmt).writer(items, out)
