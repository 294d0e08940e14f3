"""Decides which parts of a text are prose worth running NER on.

NER is the expensive floor of a scan (tens of ms per KB on a laptop core), and on code, logs and tables
it mostly finds identifiers that look like names. So we run it only on lines that read like sentences.
Pure functions: they take text and return spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_CHARS = frozenset("{}()[];=<>|\\`$#@*&^~")
_CODE_START = re.compile(
    r"^\s*(?:def |class |import |from \S+ import|return\b|if\s*\(|for\s*\(|while\s*\(|function\b|const |let |var |"
    r"public |private |protected |static |package |func |#include|SELECT |INSERT |UPDATE |DELETE |CREATE |"
    r"at [\w$.]+\(|File \"|Traceback|Caused by:|\d{4}-\d\d-\d\d[T ]\d\d:|\[\d{4}-|\w+=\S+\s*$|[-\w.]+:\s*$|"
    r"[{}\[\]<]|//|/\*|\*/|#!|\$ |> )",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int


def is_prose_line(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) < 12:
        # Short lines are prose only when they look like a greeting or signature ("Thanks, Maria").
        return bool(stripped) and len(_WORD.findall(stripped)) >= 1 and stripped[:1].isupper() and (
            not any(c in _CODE_CHARS for c in stripped)
        )
    if _CODE_START.match(stripped):
        return False
    words = _WORD.findall(stripped)
    if len(words) < 3:
        return False
    code_chars = sum(1 for c in stripped if c in _CODE_CHARS)
    if code_chars / len(stripped) > 0.04:
        return False
    if stripped.count(",") >= 3 and len(words) / (stripped.count(",") + 1) < 2.0:
        return False  # a CSV row, not a sentence
    letters = sum(len(w) for w in words)
    return letters / len(stripped) >= 0.55


def prose_segments(text: str, limit: int | None = None) -> tuple[list[Segment], int]:
    """Runs of prose lines as spans of `text`, at most `limit` characters in all; returns (segments, skipped)."""
    segments: list[Segment] = []
    budget = limit if limit is not None else len(text)
    skipped = 0
    run_start: int | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if is_prose_line(line):
            if run_start is None:
                run_start = pos
        elif run_start is not None:
            segments.append(Segment(run_start, pos))
            run_start = None
        pos = end
    if run_start is not None:
        segments.append(Segment(run_start, pos))
    kept: list[Segment] = []
    for seg in segments:
        size = seg.end - seg.start
        if budget <= 0:
            skipped += size
            continue
        if size > budget:
            kept.append(Segment(seg.start, seg.start + budget))
            skipped += size - budget
            budget = 0
        else:
            kept.append(seg)
            budget -= size
    return kept, skipped
