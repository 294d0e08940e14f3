"""Exports of a filtered view for reviewers: CSV for spreadsheets, JSON Lines for tools.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab / carriage
return) get a leading quote: justifications and review notes are typed by people.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import TextIO

from dlpguard.incidents.model import StoredIncident

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = (
    "id", "time", "kind", "source", "site", "url_host", "event", "action", "decision", "justification",
    "categories", "entities", "fingerprints", "previews", "policy_version", "policy_hash", "app_version",
    "reviewed_at", "reviewed_by", "review_note", "note", "chain_seq", "chain_hash",
)  # fmt: skip


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


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


def write_export(items: Iterable[StoredIncident], out: TextIO, fmt: ExportFormat) -> int:
    """Writes `items` to `out` and returns how many; streams, so a large log needs little memory."""
    return (write_csv if fmt is ExportFormat.CSV else write_jsonl)(items, out)
