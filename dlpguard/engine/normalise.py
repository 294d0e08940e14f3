"""Normalisation before detection: a disguised value read the way its reader (a person, a model) reads it.

`normalise(text)` returns the text recognizers should see and a map back to the original, so that every
finding lands on the exact characters the sender typed and masking stays exact:

- Unicode NFKC (full-width forms, mathematical alphanumerics, ligatures, NBSP and thin spaces), every
  format character (category Cf: zero-width space/joiner/non-joiner, word joiner, BOM, bidi marks, soft
  hyphen) and variation selectors removed (except inside emoji sequences, which hide nothing), combining
  marks left on an ASCII letter dropped, other scripts' decimal digits read as ASCII digits;
- look-alike letters (Cyrillic, Greek, a few Latin variants) folded to Latin, only in words that mix them
  with ASCII letters or digits, or are built like a value (an address) from look-alikes alone, so Russian
  or Greek prose stays as it is;
- a card-length run of digit groups (13 to 19 digits) with dots, underscores, odd dashes or several
  spaces between its groups rewritten with single spaces, and letters glued to a valid card number (brand,
  length, Luhn; not the tail of an IBAN) split off with a space;
- base64, base64url, hex and percent-encoded runs decoded (bounded in count and size, only when the bytes
  are mostly printable UTF-8; two levels deep) and appended after the body as extra segments. A finding
  in a segment maps to the whole encoded run. Shells scan the body with the whole engine and the segments
  pattern-only: NER reads the sender's prose, never decoded blobs.

Plain ASCII text with nothing to rewrite or decode comes back as it is (`changed` is False).
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from dlpguard.engine.resolve import PRIORITY, resolve_overlaps
from dlpguard.engine.types import Finding

#: Decoding bounds: how many runs are decoded, how much decoded text is appended, how much of one run
#: is decoded (the start of a longer one: a file's worth of base64) and how many candidates are tried
#: (about 15 µs each; 200 KB of code and configuration holds some 1,700). Past a bound the rest is not
#: decoded and `NormalisedText.decoding_limited` says so.
MAX_DECODED_RUNS = 256
MAX_DECODED_CHARS = 256 * 1024
MAX_RUN_CHARS = 64 * 1024
MAX_DECODE_ATTEMPTS = 8192
#: Decoding inside decoded text (base64 of a percent-encoded URL) goes this deep at most.
DECODE_DEPTH = 2
#: Share of printable characters decoded text needs to count as text rather than binary.
MIN_PRINTABLE = 0.9
MIN_DECODED_CHARS = 6

SEGMENT_SEPARATOR = "\n"

# -- the offset map ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where each character of a normalised text came from, as pieces of the normalised text.

    A *positional* piece maps character for character onto a stretch of the original (kept or replaced
    one for one); a *lumped* piece (an expansion, a group of marks, a decoded segment, an inserted space)
    maps each of its characters onto the whole original span it replaced. Removed characters belong to
    no piece: a finding around them covers them.
    """

    length: int
    original_length: int
    starts: tuple[int, ...]  # normalised offset where each piece starts
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]
    positional: tuple[bool, ...]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(length, length, (0,), (0,), (length,), (True,))

    def _piece(self, index: int) -> int:
        if not 0 <= index < self.length:
            raise IndexError(f"offset {index} outside 0..{self.length}")
        return bisect_right(self.starts, index) - 1

    def start_of(self, index: int) -> int:
        """Original offset where normalised character `index` starts."""
        p = self._piece(index)
        return self.orig_starts[p] + (index - self.starts[p]) if self.positional[p] else self.orig_starts[p]

    def end_of(self, index: int) -> int:
        """Original offset where normalised character `index` ends."""
        p = self._piece(index)
        return self.orig_starts[p] + (index - self.starts[p]) + 1 if self.positional[p] else self.orig_ends[p]

    def position(self, index: int) -> int:
        """Original offset of the gap before normalised character `index` (or of the end)."""
        return self.original_length if index >= self.length else self.start_of(index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that normalised `start..end` came from (an empty span: the gap there)."""
        if end <= start:
            at = self.position(start)
            return at, at
        return self.start_of(start), self.end_of(end - 1)

    def pieces(self, start: int, end: int) -> Iterable[tuple[int, int, int, bool]]:
        """(length, original start, original end, positional) for normalised `start..end`."""
        if end <= start:
            return
        p = self._piece(start)
        while p < len(self.starts) and self.starts[p] < end:
            lo = max(start, self.starts[p])
            hi = min(end, self.starts[p + 1] if p + 1 < len(self.starts) else self.length)
            if self.positional[p]:
                base = self.orig_starts[p] - self.starts[p]
                yield hi - lo, base + lo, base + hi, True
            else:
                yield hi - lo, self.orig_starts[p], self.orig_ends[p], False
            p += 1


class _Builder:
    """Builds the next text from `source` (itself mapped by `base`), edit by edit, left to right."""

    def __init__(self, source: str, base: OffsetMap) -> None:
        self.source = source
        self.base = base
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        self.positional: list[bool] = []

    def _add(self, length: int, orig_start: int, orig_end: int, positional: bool) -> None:
        if length <= 0:
            return
        if self.starts and self.positional[-1] and positional and self.orig_ends[-1] == orig_start:
            self.orig_ends[-1] = orig_end
        elif (
            self.starts
            and not self.positional[-1]
            and not positional
            and (
                self.orig_starts[-1],
                self.orig_ends[-1],
            )
            == (orig_start, orig_end)
        ):
            pass  # the same original span continues
        else:
            self.starts.append(self.length)
            self.orig_starts.append(orig_start)
            self.orig_ends.append(orig_end)
            self.positional.append(positional)
        self.length += length

    def keep(self, start: int, end: int, chars: str | None = None) -> None:
        """Source `start..end` as it is, or as `chars` of the same length (one for one)."""
        if end <= start:
            return
        self.parts.append(self.source[start:end] if chars is None else chars)
        for length, a, b, positional in self.base.pieces(start, end):
            self._add(length, a, b, positional)

    def replace(self, start: int, end: int, new: str) -> None:
        """Source `start..end` (empty: an insertion) becomes `new`, every character of it mapped to the
        whole original span."""
        if not new:
            return
        self.parts.append(new)
        a, b = self.base.span(start, end)
        self._add(len(new), a, b, False)

    def append_lumped(self, new: str, orig_start: int, orig_end: int) -> None:
        if new:
            self.parts.append(new)
            self._add(len(new), orig_start, orig_end, False)

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self.parts)
        assert len(text) == self.length
        offsets = OffsetMap(
            self.length,
            self.base.original_length,
            tuple(self.starts),
            tuple(self.orig_starts),
            tuple(self.orig_ends),
            tuple(self.positional),
        )
        return text, offsets


# -- characters: NFKC, format characters, digits, marks -------------------------------------------

# Invisible beyond category Cf: variation selectors, the combining grapheme joiner, Hangul fillers.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0xFE00, 0xFE10)]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]
    + ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"]
)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """What one character reads as: removed (""), itself, or its NFKC form with digits made ASCII."""
    if char in _INVISIBLE or unicodedata.category(char) == "Cf":
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        if not c.isascii() and unicodedata.category(c) == "Nd":
            out.append(str(unicodedata.decimal(c)))
        elif c in _INVISIBLE or unicodedata.category(c) == "Cf":
            continue
        else:
            out.append(c)
    return "".join(out)


def _fold_group(group: str) -> str:
    """A base character with the marks after it: NFKC together (e + U+0301 is é), then per character;
    a mark still left on an ASCII letter or digit (A + U+0332) is a disguise and goes."""
    out: list[str] = []
    for c in unicodedata.normalize("NFKC", group):
        if (
            unicodedata.category(c).startswith("M")
            and out
            and out[-1][-1:].isascii()
            and out[-1][-1:].isalnum()
        ):
            continue
        out.append(_fold_char(c))
    return "".join(out)


_SYMBOLS = frozenset(("So", "Sk"))


def _in_emoji(text: str, start: int, end: int) -> bool:
    """An emoji with its presentation selector or skin tone, or the joiner between two emoji: these
    invisible characters hide no value, and dropping them only changes what NER reads."""
    if unicodedata.category(text[start]) in _SYMBOLS:
        return unicodedata.is_normalized("NFKC", text[start])  # Ⓐ is a letter in disguise, 😀 is not
    return (
        text[start:end] == "\u200d"
        and start > 0
        and end < len(text)
        and unicodedata.category(text[start - 1]) in (*_SYMBOLS, "Mn")
        and unicodedata.category(text[end]) in _SYMBOLS
    )


# A non-ASCII stretch, with the ASCII character before it (a mark may sit on it).
_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
# Every format character (category Cf, Unicode 15) and the other invisibles: a quick test per stretch,
# so prose in other scripts is not walked character by character (tests check it against unicodedata).
_MAYBE_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\ufe00-\ufe0f\U000e0100-\U000e01ef\u034f\u115f\u1160\u3164\uffa0]"
)
_ANY_DIGIT = re.compile(r"\d")  # a str pattern: every script's decimal digits


def _reads_as_it_is(run: str) -> bool:
    """True when stage one would change nothing in a non-ASCII stretch (the common case, checked in C)."""
    first = 1 if run[0].isascii() else 0
    if first and unicodedata.category(run[1])[0] == "M":
        return False  # a mark on an ASCII character
    return (
        unicodedata.is_normalized("NFKC", run)
        and _MAYBE_INVISIBLE.search(run) is None
        and _ANY_DIGIT.search(run, first) is None
    )


def _fold_characters(text: str) -> tuple[str, OffsetMap] | None:
    """Stage one; None when no character changes."""
    if text.isascii():
        return None
    builder: _Builder | None = None
    unchanged_from = 0  # start of the stretch copied as it is
    for m in _NON_ASCII.finditer(text):
        if _reads_as_it_is(m.group()):
            continue
        i, end = m.start(), m.end()
        while i < end:
            j = i + 1
            while j < end and unicodedata.category(text[j])[0] == "M":
                j += 1
            group = text[i:j]
            if _in_emoji(text, i, j):
                i = j
                continue
            new = _fold_char(group) if j == i + 1 else _fold_group(group)
            if new != group:
                builder = builder or _Builder(text, OffsetMap.identity(len(text)))
                builder.keep(unchanged_from, i)
                if len(new) == 1 and j == i + 1:
                    builder.keep(i, j, new)
                else:
                    builder.replace(i, j, new)
                unchanged_from = j
            i = j
    if builder is None:
        return None
    builder.keep(unchanged_from, len(text))
    return builder.build()


# -- look-alike letters ----------------------------------------------------------------------------

#: Letters drawn like a Latin letter (Unicode's confusables, the ones used to slip a value past a filter).
CONFUSABLES: dict[str, str] = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ү": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "Ꙅ": "S", "Ζ": "Z",
    "а": "a", "в": "b", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "ɡ": "g", "ȷ": "j",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "α": "a", "ρ": "p", "κ": "k",
    "υ": "u", "ϲ": "c", "ϳ": "j", "Ϲ": "C", "Ϳ": "J",
    # Armenian and Latin variants
    "օ": "o", "ո": "n", "ս": "u", "ց": "g", "ɑ": "a", "ʟ": "L", "ɪ": "I", "ᴏ": "o", "ᴠ": "v", "ᴡ": "w",
    "ᴢ": "z", "ꜱ": "s",
}  # fmt: skip
_CONFUSABLE_CLASS = re.compile("[" + re.escape("".join(CONFUSABLES)) + "]")
_VALUE_PUNCTUATION = frozenset("@._-:/+=#")
# A word with a look-alike and an ASCII letter, digit or value punctuation: found in C, checked in Python.
_SUSPECT_WORD = re.compile(r"(?<!\S)(?=\S*" + _CONFUSABLE_CLASS.pattern + r")(?=\S*[A-Za-z0-9@._:/+=#-])\S+")
_EDGE_PUNCTUATION = ".,;:!?\"'()[]{}<>«»“”‘’"


def _fold_confusables(text: str) -> str:
    """Same length, one for one: the offset map stays as it is."""
    out: list[str] = []
    pos = 0
    for m in _SUSPECT_WORD.finditer(text):
        word = m.group()
        letters = [c for c in word if c.isalnum()]
        mixed = any(c.isascii() for c in letters)
        # A word of look-alikes alone counts when it is built like a value (an address, a host name),
        # not when it is a Greek or Cyrillic word that happens to use only those letters ("Η", "ТОР").
        value_like = all(c.isascii() or c in CONFUSABLES for c in letters) and any(
            c in _VALUE_PUNCTUATION for c in word.strip(_EDGE_PUNCTUATION)
        )
        if mixed or value_like:
            out.append(text[pos : m.start()])
            out.append("".join(CONFUSABLES.get(c, c) for c in word))
            pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


# -- digit groups ------------------------------------------------------------------------------------

# Between digit groups: spaces (NBSP and thin spaces are spaces after NFKC), dots, underscores, slashes,
# and the dashes word processors put there (hyphen, non-breaking hyphen, figure and en dash, minus).
_GROUP_SEP = "[ \t._/·•\u2010-\u2013\u2212-]"
_DIGIT_RUN = re.compile(r"(?<!\d)(?:\d{3,6}(?:" + _GROUP_SEP + r"{1,3}\d{3,6}){2,5}|\d{13,19})(?!\d)")
_GLUED_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,12}$")
_GLUED_AFTER = re.compile(r"[A-Za-z]{1,12}(?![A-Za-z0-9])")
_SEPARATOR_RUN = re.compile(_GROUP_SEP + "+")


def _card_number(digits: str) -> bool:
    from dlpguard.engine.recognizers.credit_card import card_number_valid

    return card_number_valid(digits)


def _iban(m: re.Match[str], text: str) -> bool:
    """Country letters glued to check digits and a BBAN: an IBAN, not a letter before a card."""
    from dlpguard.engine.recognizers.iban import iban_valid

    return m.start() >= 2 and iban_valid(text[m.start() - 2 : m.end()])


def _digit_edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits that make card-length digit groups read as one number."""
    edits: list[tuple[int, int, str]] = []
    for m in _DIGIT_RUN.finditer(text):
        run = m.group()
        digits = re.sub(r"\D", "", run)
        if not 13 <= len(digits) <= 19:
            continue
        before = (
            m.start() > 0
            and text[m.start() - 1].isalpha()
            and _GLUED_BEFORE.search(text, max(0, m.start() - 12), m.start())
        )
        after = m.end() < len(text) and text[m.end()].isalpha() and _GLUED_AFTER.match(text, m.end())
        glued = (before or after) and _card_number(digits) and not _iban(m, text)
        if glued and before:
            edits.append((m.start(), m.start(), " "))
        seps = list(_SEPARATOR_RUN.finditer(run))
        uniform = len({s.group() for s in seps}) <= 1 and all(s.group() in (" ", "-") for s in seps)
        if not uniform:
            edits += [(m.start() + s.start(), m.start() + s.end(), " ") for s in seps if s.group() != " "]
        if glued and after:
            edits.append((m.end(), m.end(), " "))
    return edits


def _apply_edits(text: str, offsets: OffsetMap, edits: list[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    builder = _Builder(text, offsets)
    pos = 0
    for start, end, new in edits:
        builder.keep(pos, start)
        if end - start == len(new) == 1:
            builder.keep(start, end, new)
        else:
            builder.replace(start, end, new)
        pos = end
    builder.keep(pos, len(text))
    return builder.build()


# -- encoded runs ------------------------------------------------------------------------------------

_HEX_RUN = re.compile(r"(?<![0-9A-Za-z])(?:0[xX])?(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Za-z])")
_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_TOKEN_END = re.compile(r"[\s\"'<>]")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _decode_hex(run: str) -> bytes | None:
    body = run[2:] if run[:2] in ("0x", "0X") else run
    try:
        return bytes.fromhex(body)
    except ValueError:
        return None


def _decode_base64(run: str) -> bytes | None:
    body = run.rstrip("=")
    if len(body) % 4 == 1:
        return None
    if not (any(c.isupper() for c in body) and any(c.islower() or c.isdigit() for c in body)):
        return None  # snake_case and kebab-case words, not base64
    urlsafe = "-" in body or "_" in body
    if urlsafe and ("+" in body or "/" in body):
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _decode_percent(run: str) -> bytes | None:
    return unquote_to_bytes(run)


def _as_text(data: bytes | None) -> str | None:
    """Decoded bytes that read as text: valid UTF-8, long enough, mostly printable."""
    if data is None or len(data) < MIN_DECODED_CHARS:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    if printable < MIN_PRINTABLE * len(text) or not any(c.isalnum() for c in text):
        return None
    return text


def _percent_runs(text: str) -> list[tuple[int, int, str]]:
    """The words around percent escapes (found from the escapes: a regex over every word is slow)."""
    runs: list[tuple[int, int, str]] = []
    for m in _PERCENT_ESCAPE.finditer(text):
        if runs and m.start() < runs[-1][1]:
            continue
        start = m.start()
        while start > 0 and not _TOKEN_END.match(text, start - 1):
            start -= 1
        end_match = _TOKEN_END.search(text, m.end())
        runs.append((start, end_match.start() if end_match else len(text), "percent"))
    return runs


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every possible encoded run, longest first where they start together."""
    found: list[tuple[int, int, str]] = []
    if "%" in text:
        found += _percent_runs(text)
    found += [(m.start(), m.end(), "hex") for m in _HEX_RUN.finditer(text)]
    found += [(m.start(), m.end(), "base64") for m in _BASE64_RUN.finditer(text)]
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    return found


_DECODERS = {"hex": _decode_hex, "base64": _decode_base64, "percent": _decode_percent}


def _decoded_runs(text: str, depth: int) -> tuple[list[tuple[int, int, str]], bool]:
    """(start, end, decoded text) for the encoded runs of `text` that decode to text, and whether a bound
    stopped the decoding."""
    if depth <= 0:
        return [], False
    runs: list[tuple[int, int, str]] = []
    covered_to = attempts = total = 0
    limited = False
    for start, end, kind in _candidates(text):
        if start < covered_to:
            continue
        if attempts >= MAX_DECODE_ATTEMPTS or len(runs) >= MAX_DECODED_RUNS or total >= MAX_DECODED_CHARS:
            return runs, True
        attempts += 1
        run = text[start:end]
        if len(run) > MAX_RUN_CHARS:
            run = run[:MAX_RUN_CHARS]  # a multiple of 4 and of 2: base64 and hex decode the start
            limited = True
        decoded = _as_text(_DECODERS[kind](run))
        if decoded is None and kind == "base64" and len(run) % 2 == 0 and set(run) <= _HEX_DIGITS:
            decoded = _as_text(_decode_hex(run))
        if decoded is None or decoded == run:
            continue
        inner = normalise(decoded, decode_depth=depth - 1)
        limited = limited or inner.decoding_limited
        decoded = inner.text[: MAX_DECODED_CHARS - total]
        total += len(decoded)
        runs.append((start, end, decoded))
        covered_to = end
    return runs, limited


# -- the whole ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """`text` is the body (the original, normalised) followed by decoded segments from `body_end` on."""

    original: str
    text: str
    body_end: int
    offsets: OffsetMap
    #: Original spans of the encoded runs whose decoded text was appended.
    decoded_runs: tuple[tuple[int, int], ...] = ()
    #: A bound (count, size, attempts) stopped the decoding: later or longer runs were not all read.
    decoding_limited: bool = False

    @property
    def changed(self) -> bool:
        return self.text is not self.original

    @property
    def body(self) -> str:
        return self.text[: self.body_end]

    @property
    def segments(self) -> str:
        """The decoded segments (with the separator before each), to be scanned pattern-only."""
        return self.text[self.body_end :]

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)

    def findings_in_original(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """Findings on `text` moved onto the original. Several findings may land on one encoded run: the
        most harmful stays (then the surest), and overlaps are resolved as the engine resolves them."""
        if not self.changed:
            return tuple(findings)
        body: list[Finding] = []
        decoded: list[Finding] = []
        for f in findings:
            start, end = self.offsets.span(f.start, f.end)
            if end > start:
                (body if f.start < self.body_end else decoded).append(replace(f, start=start, end=end))
        # What the body already shows exactly, a decoded segment only repeats over its whole run.
        decoded = [
            d
            for d in decoded
            if not any(
                b.start < d.end and d.start < b.end and PRIORITY[b.category] <= PRIORITY[d.category]
                for b in body
            )
        ]
        best: dict[tuple[int, int], Finding] = {}
        for moved in [*body, *decoded]:
            start, end = moved.start, moved.end
            held = best.get((start, end))
            if held is None or (PRIORITY[moved.category], -moved.score) < (
                PRIORITY[held.category],
                -held.score,
            ):
                best[(start, end)] = moved
        return tuple(resolve_overlaps(best.values()))


def normalise(text: str, *, decode_depth: int = DECODE_DEPTH) -> NormalisedText:
    """The text recognizers should read, with its offset map back to `text` (see the module's doc)."""
    folded = _fold_characters(text)
    body, offsets = folded if folded is not None else (text, OffsetMap.identity(len(text)))
    if not body.isascii():
        body = _fold_confusables(body)  # one for one: the map stays
    edits = _digit_edits(body)
    if edits:
        body, offsets = _apply_edits(body, offsets, edits)
    runs, limited = _decoded_runs(body, decode_depth)
    if not runs:
        if body == text:
            return NormalisedText(text, text, len(text), OffsetMap.identity(len(text)), (), limited)
        return NormalisedText(text, body, len(body), offsets, (), limited)
    builder = _Builder(body, offsets)
    builder.keep(0, len(body))
    spans = []
    for start, end, decoded in runs:
        orig_start, orig_end = offsets.span(start, end)
        builder.append_lumped(SEGMENT_SEPARATOR + decoded, orig_start, orig_end)
        spans.append((orig_start, orig_end))
    full, full_offsets = builder.build()
    return NormalisedText(text, full, len(body), full_offsets, tuple(spans), limited)
