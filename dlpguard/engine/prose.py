"""Decides which parts of a text are prose worth running NER on.

NER is the expensive floor of a scan (tens of ms per KB on a laptop core), and on code, logs and tables
it mostly finds identifiers that look like names. So we run it only on lines that read like sentences,
and on the short lines that frame a letter ("Hi Priya,", "Thanks, Maria", a signature). Structured data
(JSON, YAML, CSV, .env, logs) is left to the pattern recognizers, which read its keys and columns.
Pure functions: they take text and return spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROSE, COMMENT, CODE, BLANK = "prose", "comment", "code", "blank"

# List bullets, e-mail quote marks and heading marks: the text after them is judged on its own.
_LEADER = re.compile(r"(?:(?:[-*•‣◦>+]|\d{1,2}[.)]|#{1,6})\s+)+")
# Comment and docstring openers. The text after them is judged too, but kept only next to real prose,
# so a comment inside code ("# ask Johnson about retries") is not read while a note in an e-mail is.
_COMMENT = re.compile(r"(?://+|/\*+|\*+(?=\s)|--(?=\s)|;+|\"\"\"|'''|#+(?=\s*[a-z]|\s*(?:TODO|FIXME|XXX)))\s*")
_DOC_CLOSE = re.compile(r"\s*(?:\"\"\"|'''|\*/)$")
# A word as prose writes it: letters, inner apostrophes and hyphens, ordinary punctuation around it.
_WORD_TOKEN = re.compile(
    r"[(\[\"'“‘«¿¡]*(?:[^\W\d_]+(?:['’\-][^\W\d_]+)*|(?:[^\W\d_]\.){2,})[)\]\"'”’».,;:!?…]*"
)
# Numbers, times, amounts and percentages are neutral: prose has them, so does everything else.
_NUMBER_TOKEN = re.compile(r"[(\[+$€£#]*\d[\d.,:/%\-]*[)\]%.,;:!?]*(?:h|ms|s|am|pm|kb|mb|gb|k|m)?")
_CAMEL = re.compile(r"[a-z][A-Z]")
# Dashes and bars separate parts of a signature line ("John Smith | Senior Engineer | Acme GmbH").
_NEUTRAL_TOKENS = frozenset("|-–—·•/&+")
# Statements whose first word is also English ("return the laptop", "let me know", "export fails") count
# as code only in a code-shaped form.
_CODE_LINE = re.compile(
    r"""
    def\s+\w+\s*\( | class\s+\w+\s*[(:{<] | (?:async\s+)?function\s*\*?\s*\w*\s*\( | (?:func|fn)\s+\w+\s*[(<]
    | import\s+(?:[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*;?$|[{*]|\w+\s+from\s) | from\s+[\w.]+\s+import\b
    | (?:const|let|var|val|auto)\s+[\w{\[]+\s*[=:;] | (?:return|yield|await)\b\s*(?:\S+\s*)?;?$
    | (?:return|yield|await|raise|throw)\s+(?:new\s+)?[\w.]+[(\[.{] | (?:elif|except|else|try|finally)\b.*:$
    | (?:public|private|protected|internal|static|final|abstract|override)\s+[\w<>\[\],\s]*[(;={]
    | (?:package|using)\s+[\w.]+\s*;?$ | namespace\s+[\w\\.]+
    | (?:struct|enum|interface|trait|impl)\s+\w+\s*[{;<(:]
    | (?:pass|break|continue|end|fi|done|esac|default|begin)\s*[:;]?$ | lambda\b[^:]*:
    | export\s+\w+= | (?:unset|sudo|echo|cd|ls|cat|git|npm|pip|docker|kubectl|curl)\s+[-$'"\w./~]
    | (?:if|for|while|switch|catch|foreach)\s*\( | (?:if|for|while|with)\b.*:$ | case\b.*:$
    | \#(?:include|define|import|pragma|!) | @[A-Za-z_][\w.]*(?:\(|$)
    | (?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|FROM|WHERE|JOIN|VALUES|GROUP\ BY|ORDER\ BY)\b
    | [{}\[\]<|] | //|/\*|\*/ | \$\s | >>>\s | \.\.\.\s | In\s\[\d+\]:
    | [\w.]+\s*(?:[-+*/|&]|\?\?|\|\|)?=(?!=) | [A-Za-z_][\w.]*\s*\(.*\)\s*;?$        # assignments, calls
    | "[^"\n]*"\s*: | [a-z_][\w.\-]*:(?:\s|$)                                          # JSON and YAML keys
    """,
    re.VERBOSE,
)
_LOG_OR_TRACE = re.compile(
    r"""
    \d{4}-\d\d-\d\d | \d\d:\d\d:\d\d | \d{10,13}\b | [A-Z][a-z]{2}\s+\d{1,2}\s+\d\d:\d\d:\d\d
    | \[?(?:ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|SEVERE|NOTICE)\b | [IWEF]\d{4}\s
    | at\s+[\w$.<>]+\s*\( | at\s+[\w$.]+\.\w+ | File\s" | Traceback\b | Caused\ by: | \.\.\.\s\d+\ more
    | [\w$]*(?:Exception|Error|Throwable|Panic)\b[:\s] | [a-z][\w$]*(?:\.[\w$]+){2,}
    | goroutine\s\d+ | thread\s'.*'\spanicked | \#\d+\s+0x | [\w.\-]+\s+\|\s
    """,
    re.VERBOSE,
)
# A date or a time to the second opening a line: a log line, unless a speaker's name follows
# ("2025-12-22 09:12  Wei Ivanova: Fixed."). "10:30 budget review" is an agenda, judged as prose.
_STAMP = re.compile(
    r"(?:\[[^\]\n]{4,32}\]|\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?Z?)?"
    r"|\d\d?:\d\d:\d\d(?:[.,]\d+)?)[ \t]+"
)
_SPEAKER = re.compile(r"[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þ][\w'’.\-]*){0,3}:\s")
# Columns aligned with runs of spaces (a printed DataFrame, `ls -l`, `kubectl get`): a table.
_ALIGNED = re.compile(r"\S(?: {3,}|\t)\S.*?\S(?: {3,}|\t)\S")
_RULE = re.compile(r"--|-{3,}|_{3,}|\*{3,}|={3,}")
_CODE_ENDING = re.compile(r"(?:[;{(\[]|\)\s*:|=>|->|\\)\s*$")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int


def line_kind(line: str) -> str:
    """PROSE for a sentence, a greeting or sign-off, or a signature line; COMMENT for the same behind a
    comment or docstring opener; CODE for code, logs, traces and tables; BLANK for an empty line."""
    stripped = line.strip()
    if not stripped or _RULE.fullmatch(stripped):
        return BLANK  # a signature delimiter ("-- ") or a horizontal rule keeps a letter together
    stamp = _STAMP.match(stripped)
    if stamp:
        if not _SPEAKER.match(stripped, stamp.end()):
            return CODE
        stripped = stripped[stamp.end() :]
    if _LOG_OR_TRACE.match(stripped) or _CODE_ENDING.search(stripped) or _ALIGNED.search(stripped):
        return CODE
    comment = _COMMENT.match(stripped)
    body = stripped[comment.end() :] if comment else stripped
    body = _DOC_CLOSE.sub("", body)
    leader = _LEADER.match(body)
    body = body[leader.end() :] if leader else body
    if not body or _CODE_LINE.match(body) or _LOG_OR_TRACE.match(body) or not _reads_as_prose(body, stripped):
        return CODE
    return COMMENT if comment else PROSE


def _reads_as_prose(body: str, stripped: str) -> bool:
    tokens = body.split()
    words = neutral = 0
    for token in tokens:
        if _WORD_TOKEN.fullmatch(token) and not _CAMEL.search(token):
            words += 1
        elif token in _NEUTRAL_TOKENS or _NUMBER_TOKEN.fullmatch(token):
            neutral += 1
    if len(tokens) <= 4 and words == len(tokens):
        # "Thanks, Maria", "Best regards,", "John Smith": short, all words, starts like a sentence.
        return body[:1].isupper() and not stripped.endswith(":")
    others = len(tokens) - neutral
    return words >= 3 and words / max(others, 1) >= 0.6


def is_prose_line(line: str) -> bool:
    """True when the line, read alone, is prose or a prose comment."""
    return line_kind(line) in (PROSE, COMMENT)


def prose_segments(text: str, limit: int | None = None) -> tuple[list[Segment], int]:
    """Runs of prose lines as spans of `text`, at most `limit` characters in all; returns (segments, skipped).

    Blank lines inside a run stay in it, so a signature after "Best regards," is read with its letter.
    Comment lines count only next to real prose. Segments never overlap, so no character is read by NER
    twice; the limit cuts at a line end.
    """
    lines: list[tuple[int, int]] = []
    kinds: list[str] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line)))
        kinds.append(line_kind(line))
        pos += len(line)
    kinds = _settle_comments(kinds)
    runs: list[Segment] = []
    run_start: int | None = None
    run_end = 0
    for (start, end), kind in zip(lines, kinds, strict=True):
        if kind == PROSE:
            if run_start is None:
                run_start = start
            run_end = end
        elif kind != BLANK and run_start is not None:
            runs.append(Segment(run_start, run_end))
            run_start = None
    if run_start is not None:
        runs.append(Segment(run_start, run_end))
    return _within_budget(text, runs, len(text) if limit is None else limit)


def _settle_comments(kinds: list[str]) -> list[str]:
    """A comment line becomes prose when the nearest non-blank, non-comment line above or below is prose,
    and code otherwise (a comment among code)."""
    settled = list(kinds)
    for i, kind in enumerate(kinds):
        if kind == COMMENT:
            settled[i] = PROSE if PROSE in (_nearest(kinds, i, -1), _nearest(kinds, i, 1)) else CODE
    return settled


def _nearest(kinds: list[str], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(kinds) and kinds[j] in (BLANK, COMMENT):
        j += step
    return kinds[j] if 0 <= j < len(kinds) else None


def _within_budget(text: str, runs: list[Segment], budget: int) -> tuple[list[Segment], int]:
    kept: list[Segment] = []
    skipped = 0
    for seg in runs:
        size = seg.end - seg.start
        if size <= budget:
            kept.append(seg)
            budget -= size
            continue
        cut = _cut_point(text, seg.start, seg.start + budget) if budget > 0 else seg.start
        if cut > seg.start:
            kept.append(Segment(seg.start, cut))
            skipped += seg.end - cut
        else:
            skipped += size
        budget = 0
    return kept, skipped


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to stop inside [start, limit): after a line, else after a sentence or word, else at the limit."""
    for sep in ("\n", ". ", " "):
        at = text.rfind(sep, start, limit)
        if at >= start:
            return at + len(sep)
    return limit


#: Pieces NER reads when a text holds more prose than it can read in time: small enough that the budget
#: is spent where names are likely, large enough to keep a paragraph's context.
PIECE_CHARS = 2_000
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’\-]+")
_SENTENCE_END = frozenset('.!?:;\n"“')


def cut_point(text: str, start: int, limit: int) -> int:
    """Where to stop reading inside [start, limit): after a line, a sentence or a word; start if none."""
    for sep in ("\n", ". ", " "):
        at = text.rfind(sep, start, limit)
        if at >= start:
            return at + len(sep)
    return start


def prose_pieces(text: str, segments: list[Segment], size: int = PIECE_CHARS) -> list[Segment]:
    """The segments cut into paragraphs, and paragraphs into pieces of at most `size` characters, at a
    line end, else after a sentence or a word."""
    out: list[Segment] = []
    for seg in _paragraphs(text, segments):
        start = seg.start
        while seg.end - start > size:
            cut = _cut_point(text, start, start + size)
            if cut <= start:
                cut = start + size
            out.append(Segment(start, cut))
            start = cut
        if start < seg.end:
            out.append(Segment(start, seg.end))
    return out


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraphs(text: str, segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        start = seg.start
        for m in _BLANK_LINE.finditer(text, seg.start, seg.end):
            if m.start() + 1 > start:
                out.append(Segment(start, m.start() + 1))
            start = m.end()
        if start < seg.end:
            out.append(Segment(start, seg.end))
    return out


def name_likelihood(text: str, seg: Segment) -> float:
    """How likely a piece is to hold a name, for ordering NER's reading: capitalised words per 100
    characters, a word that opens a sentence counting a third. 0.0 when no word is capitalised: NER's
    findings must start with a capital (`ner.plausible`), so such a piece cannot yield one."""
    weight = 0.0
    for m in _CAPITALISED.finditer(text, seg.start, seg.end):
        before = text[max(seg.start, m.start() - 2) : m.start()].rstrip(" \t")
        weight += 0.33 if not before or before[-1] in _SENTENCE_END else 1.0
    return 100.0 * weight / max(seg.end - seg.start, 1)


def prioritised(text: str, pieces: list[Segment]) -> tuple[list[Segment], int]:
    """Pieces in reading order for NER, most name-like first (ties: text order), and the characters left
    out because no word in them is capitalised."""
    scored = [(name_likelihood(text, p), p) for p in pieces]
    hopeless = sum(p.end - p.start for s, p in scored if s == 0.0)
    ranked = sorted(((s, p) for s, p in scored if s > 0.0), key=lambda sp: (-sp[0], sp[1].start))
    return [p for _, p in ranked], hopeless
