"""What each conversation sent last, so a secret split over two messages is judged as one.

A bounded tail (the last `TAIL_CHARS` characters) per conversation, in memory only (never on disk),
forgotten `ttl` seconds after its last use (the pseudonym vault's TTL), at most `max_conversations`
held (the least recently used go first). Only text that was sent joins a tail: the shell appends it
when the verdict let it through (`append`), or holds it under the incident id until the user's
decision says it went out (`hold` / `release`: the original after "send anyway", the masked text after
"send masked"). Tails are joined without a separator, as the page would see the halves of a cut value.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: Characters of what a conversation sent that the next message is judged with.
TAIL_CHARS = 4096
#: Conversations held at once.
MAX_CONVERSATIONS = 256
#: Verdicts awaiting the user's decision whose text may still join a tail.
MAX_HELD = 256


@dataclass(frozen=True)
class _Held:
    conversation_id: str
    original: str
    masked: str | None
    at: float


class ConversationTails:
    def __init__(
        self,
        *,
        ttl: float,
        max_chars: int = TAIL_CHARS,
        max_conversations: int = MAX_CONVERSATIONS,
        max_held: int = MAX_HELD,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_chars <= 0 or max_conversations <= 0 or max_held <= 0:
            raise ValueError("ttl and bounds must be positive")
        self.ttl = ttl
        self.max_chars = max_chars
        self._max_conversations = max_conversations
        self._max_held = max_held
        self._clock = clock
        self._tails: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._held: OrderedDict[str, _Held] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._tails)

    def tail(self, conversation_id: str) -> str:
        """What this conversation sent last (at most `max_chars`), or ""."""
        with self._lock:
            self._expire()
            entry = self._tails.get(conversation_id)
            return entry[0] if entry else ""

    def append(self, conversation_id: str, text: str) -> None:
        """`text` was sent in this conversation."""
        if not text:
            return
        with self._lock:
            self._expire()
            old = self._tails.pop(conversation_id, ("", 0.0))[0]
            self._tails[conversation_id] = ((old + text[-self.max_chars :])[-self.max_chars :], self._clock())
            while len(self._tails) > self._max_conversations:
                self._tails.popitem(last=False)

    def hold(self, key: str, conversation_id: str, original: str, masked: str | None) -> None:
        """A text that goes out only if the user says so (`release`); kept as tails are, bounded."""
        with self._lock:
            self._expire()
            self._held.pop(key, None)
            self._held[key] = _Held(
                conversation_id,
                original[-self.max_chars :],
                masked[-self.max_chars :] if masked is not None else None,
                self._clock(),
            )
            while len(self._held) > self._max_held:
                self._held.popitem(last=False)

    def release(self, key: str | None, *, sent: str | None) -> None:
        """The user's decision on a held text: `sent` is `original`, `masked`, or None (not sent)."""
        if key is None:
            return
        with self._lock:
            held = self._held.pop(key, None)
        if held is None or sent is None:
            return
        text = held.masked if sent == "masked" else held.original
        if text:
            self.append(held.conversation_id, text)

    def clear(self) -> None:
        with self._lock:
            self._tails.clear()
            self._held.clear()

    def _expire(self) -> None:
        deadline = self._clock() - self.ttl
        while self._tails:
            key, (_, at) = next(iter(self._tails.items()))
            if at >= deadline:
                break
            del self._tails[key]
        while self._held:
            key, held = next(iter(self._held.items()))
            if held.at >= deadline:
                break
            del self._held[key]
