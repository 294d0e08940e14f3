"""Reversible pseudonyms: `<PERSON_1>` goes to the AI instead of the name, and comes back as the name.

The mapping lives only in this process's memory, per conversation, for a limited time: it is the one
place where masked values still exist in clear, so it never touches disk or a log. Python cannot zero
memory, so `clear()` and expiry drop every reference and leave the strings to the garbage collector;
that is the strongest promise we can make (no copy is made on purpose, none is written anywhere).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_TTL_SECONDS = 30 * 60
DEFAULT_MAX_CONVERSATIONS = 1000
#: Entity types whose values are compared case- and space-insensitively ("john  SMITH" is "John Smith").
FOLDED_ENTITIES = frozenset({"PERSON"})

Clock = Callable[[], float]

# Placeholders as AI answers write them back: any case, HTML- or markdown-escaped brackets,
# markdown-escaped underscores (`PERSON\_1`). The bare form (no brackets) is matched separately,
# case-sensitively and only for labels the conversation knows, because `person_1` is also an identifier.
_OPENERS = ("<", "\\<", "&lt;", "&#60;", "&#x3c;")
_CLOSERS = (">", "\\>", "&gt;", "&#62;", "&#x3e;")
_PLACEHOLDER = re.compile(
    r"(?i:(?P<open><|\\<|&lt;|&\#0*60;|&\#x0*3c;)"
    r"(?P<token>[A-Za-z][A-Za-z0-9]*(?:\\?_[A-Za-z0-9]+)+)"
    r"(?P<close>>|\\>|&gt;|&\#0*62;|&\#x0*3e;))"
    r"|(?<![A-Za-z0-9_\\])(?P<bare>[A-Z][A-Z0-9]*(?:\\?_[A-Z0-9]+)+)(?![A-Za-z0-9_])"
)
_LABEL = re.compile(r"[A-Z][A-Z0-9_]*_[0-9]+")
_PARTIAL_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_\\]*")
_NOT_BEFORE_BARE = re.compile(r"[A-Za-z0-9_\\]")  # mirrors the bare form's lookbehind


def placeholder(label: str) -> str:
    return f"<{label}>"


def _normalise(entity_type: str, value: str) -> str:
    if entity_type in FOLDED_ENTITIES:
        return " ".join(value.split()).casefold()
    return value


def _label_stem(entity_type: str) -> str:
    """Entity types from an admin policy may hold any character; labels must stay parseable."""
    stem = re.sub(r"[^A-Z0-9]+", "_", entity_type.upper()).strip("_")
    return stem if stem[:1].isalpha() else f"E_{stem}".rstrip("_")


def _label_of(token: str) -> str:
    return token.replace("\\_", "_").upper()


@dataclass(slots=True)
class _Conversation:
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity, normalised value) -> label
    values: dict[str, str] = field(default_factory=dict)  # label -> value as first seen
    counters: dict[str, int] = field(default_factory=dict)  # label stem -> last number handed out


@dataclass(frozen=True, slots=True)
class RestoreResult:
    text: str
    restored: int  # placeholders replaced by their values
    #: Placeholders in brackets the conversation does not know (invented by the AI, or expired).
    unknown: tuple[str, ...] = ()


class PseudonymVault:
    """Per-conversation mappings value <-> placeholder, in memory, expiring `ttl` seconds after last use.

    At most `max_conversations` are kept; the least recently used goes first. Thread-safe: the tray
    app serves several browser tabs at once.
    """

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Clock = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_conversations <= 0:
            raise ValueError("ttl and max_conversations must be positive")
        self.ttl = ttl
        self.max_conversations = max_conversations
        self._clock = clock
        self._conversations: OrderedDict[str, _Conversation] = OrderedDict()
        self._last_used: dict[str, float] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never show values
        return f"PseudonymVault(conversations={len(self)}, ttl={self.ttl})"

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._conversations)

    def __contains__(self, conversation_id: object) -> bool:
        with self._lock:
            self._expire()
            return conversation_id in self._conversations

    # -- mapping ---------------------------------------------------------------------------------

    def pseudonym(self, conversation_id: str, entity_type: str, value: str) -> str:
        """The placeholder for `value` here: the same one every time, the next number for a new value."""
        key = (entity_type, _normalise(entity_type, value))
        with self._lock:
            conv = self._touch(conversation_id, create=True)
            assert conv is not None
            label = conv.labels.get(key)
            if label is None:
                stem = _label_stem(entity_type)
                number = conv.counters.get(stem, 0) + 1
                conv.counters[stem] = number
                label = f"{stem}_{number}"
                conv.labels[key] = label
                conv.values[label] = value
            return placeholder(label)

    def labels(self, conversation_id: str) -> frozenset[str]:
        """The labels (`PERSON_1`, ...) this conversation knows; empty when unknown or expired."""
        with self._lock:
            conv = self._touch(conversation_id, create=False)
            return frozenset(conv.values) if conv else frozenset()

    def clear(self, conversation_id: str) -> None:
        with self._lock:
            self._drop(conversation_id)

    def clear_all(self) -> None:
        with self._lock:
            for conversation_id in list(self._conversations):
                self._drop(conversation_id)

    # -- restoring -------------------------------------------------------------------------------

    def restore(self, conversation_id: str, text: str) -> RestoreResult:
        """Puts the original values back into an AI answer, however the answer wrote the placeholders."""
        return _restore(text, self._values(conversation_id))

    def restorer(self, conversation_id: str) -> Restorer:
        """A restorer for an answer that arrives in pieces (a streamed chat reply)."""
        return Restorer(self, conversation_id)

    def _values(self, conversation_id: str) -> dict[str, str]:
        """A snapshot, so restoring runs outside the lock."""
        with self._lock:
            conv = self._touch(conversation_id, create=False)
            return dict(conv.values) if conv else {}

    # -- bookkeeping (lock held) -------------------------------------------------------------------

    def _touch(self, conversation_id: str, *, create: bool) -> _Conversation | None:
        self._expire()
        conv = self._conversations.get(conversation_id)
        if conv is None:
            if not create:
                return None
            conv = _Conversation()
            self._conversations[conversation_id] = conv
            while len(self._conversations) > self.max_conversations:
                self._drop(next(iter(self._conversations)))
        self._conversations.move_to_end(conversation_id)
        self._last_used[conversation_id] = self._clock()
        return conv

    def _expire(self) -> None:
        # Ordered by last use, so the expired ones are at the front.
        deadline = self._clock() - self.ttl
        while self._conversations:
            oldest = next(iter(self._conversations))
            if self._last_used[oldest] > deadline:
                break
            self._drop(oldest)

    def _drop(self, conversation_id: str) -> None:
        conv = self._conversations.pop(conversation_id, None)
        self._last_used.pop(conversation_id, None)
        if conv is not None:
            conv.labels.clear()
            conv.values.clear()
            conv.counters.clear()


def _restore(text: str, values: dict[str, str]) -> RestoreResult:
    restored = 0
    unknown: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        nonlocal restored
        token = match.group("token") or match.group("bare")
        label = _label_of(token)
        value = values.get(label)
        if value is None:
            if match.group("token") and _LABEL.fullmatch(label) and label not in unknown:
                unknown.append(label)
            return match.group()
        restored += 1
        return value

    return RestoreResult(_PLACEHOLDER.sub(substitute, text), restored, tuple(unknown))


def _may_grow_into_placeholder(tail: str, labels: frozenset[str]) -> bool:
    """True when `tail` (the end of what has arrived) could be the start of a placeholder of `labels`."""
    lowered = tail.lower()
    for opener in ("", *_OPENERS):
        if opener and opener.startswith(lowered) and len(lowered) < len(opener):
            return True  # "&l" may become "&lt;PERSON_1&gt;"
        if not lowered.startswith(opener):
            continue
        body = tail[len(opener) :]
        if not body:
            if opener:
                return True
            continue
        token = _PARTIAL_TOKEN.match(body)
        if token is None:
            continue
        label = token.group().replace("\\", "").upper() if opener else token.group().replace("\\", "")
        rest = body[token.end() :].lower()
        if not rest:
            if any(known.startswith(label) for known in labels):
                return True
            continue
        if opener and label in labels and any(c.startswith(rest) and len(rest) < len(c) for c in _CLOSERS):
            return True  # "<PERSON_1&g"
    return False


class Restorer:
    """Restores a streamed answer: `feed()` each piece and emit what it returns, then emit `flush()`.

    A placeholder cut between two pieces (`<PERS` + `ON_1>`) is held back until it is complete, so it
    is never shown half-restored; text that cannot be part of a placeholder passes through at once.
    """

    def __init__(self, vault: PseudonymVault, conversation_id: str) -> None:
        self._vault = vault
        self._conversation_id = conversation_id
        self._pending = ""
        self.restored = 0
        self.unknown: list[str] = []

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        values = self._vault._values(self._conversation_id)
        cut = self._safe_cut(text, frozenset(values))
        self._pending = text[cut:]
        return self._emit(text[:cut], values)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._emit(text, self._vault._values(self._conversation_id))

    def _emit(self, text: str, values: dict[str, str]) -> str:
        if not text:
            return ""
        result = _restore(text, values)
        self.restored += result.restored
        self.unknown.extend(label for label in result.unknown if label not in self.unknown)
        return result.text

    @staticmethod
    def _safe_cut(text: str, labels: frozenset[str]) -> int:
        """Where to split `text`: everything before is final, everything after may still be a placeholder."""
        if not labels:
            return len(text)
        longest = max(len(label) for label in labels) + 2 * max(len(s) for s in (*_OPENERS, *_CLOSERS)) + 8
        for start in range(max(0, len(text) - longest), len(text)):
            if _may_grow_into_placeholder(text[start:], labels):
                # A bare label must start a word, and its end is only known once a non-word char follows.
                if text[start] not in "<\\&" and start > 0 and _NOT_BEFORE_BARE.match(text[start - 1]):
                    continue
                return start
        return len(text)
