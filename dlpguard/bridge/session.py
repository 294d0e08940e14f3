"""Serving one stream of frames: a reader that never stops reading, and a bounded queue of work.

The reader answers what it can answer alone (broken frames, oversized frames, `busy` when the queue is
full) and hands every other frame to a sink. `Worker` is the usual sink: one thread answering frames
in arrival order, so replies come back in request order; `busy` replies may overtake them (every
reply carries its request's `id`). Memory stays bounded however fast the peer writes.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from enum import StrEnum

from dlpguard.bridge.framing import (
    ConnectionClosed,
    FrameError,
    FrameReader,
    FrameTooLarge,
    FrameWriter,
    TruncatedFrame,
)
from dlpguard.bridge.protocol import ErrorCode, ServedBy, encode_reply, error_reply, peek_id
from dlpguard.errors import describe_exception

logger = logging.getLogger(__name__)

#: Requests waiting per connection before new ones are answered `busy`.
DEFAULT_MAX_PENDING = 64
#: Bytes of requests waiting per connection before new ones are answered `busy`.
DEFAULT_MAX_PENDING_BYTES = 32 * 1024 * 1024

Sink = Callable[[bytes], bool]  # takes a frame; False means "busy, not taken"


class StreamEnd(StrEnum):
    EOF = "eof"  # the peer closed its end between frames
    TRUNCATED = "truncated"  # the peer closed its end inside a frame
    UNDRAINABLE = "undrainable"  # a length prefix too large to skip: the stream cannot be trusted
    PEER_GONE = "peer_gone"  # replies can no longer be written

    @property
    def clean(self) -> bool:
        return self in (StreamEnd.EOF, StreamEnd.PEER_GONE)


def send_error(
    writer: FrameWriter, code: ErrorCode, message: str, message_id: str | None, served_by: ServedBy
) -> bool:
    """Best effort: False when the peer is gone. Never raises: a reply that cannot be built as asked
    goes out without its id and message rather than not at all."""
    try:
        payload = encode_reply(error_reply(code, message, message_id, served_by))
    except Exception as exc:
        logger.error("error reply could not be encoded: %s", describe_exception(exc))
        payload = encode_reply(error_reply(code, "internal error", None, served_by))
    try:
        writer.write_frame(payload)
    except ConnectionClosed:
        return False
    except FrameError as exc:  # cannot happen for an error reply; never let it end a loop
        logger.error("error reply not sent: %s", describe_exception(exc))
    return True


def pump_frames(reader: FrameReader, writer: FrameWriter, sink: Sink, served_by: ServedBy) -> StreamEnd:
    """Reads frames until the stream ends, feeding `sink`; returns why it stopped. Never raises on input."""
    while True:
        try:
            frame = reader.read_frame()
        except FrameTooLarge as exc:
            message = f"request of {exc.declared} bytes exceeds the limit of {exc.limit} bytes"
            if not send_error(writer, ErrorCode.TOO_LARGE, message, None, served_by):
                return StreamEnd.PEER_GONE
            if not reader.skip(exc.declared):
                logger.warning("closing: a %d-byte length prefix cannot be skipped", exc.declared)
                return StreamEnd.UNDRAINABLE
            continue
        except TruncatedFrame:
            send_error(writer, ErrorCode.BAD_FRAME, "the stream ended inside a frame", None, served_by)
            return StreamEnd.TRUNCATED
        if frame is None:
            return StreamEnd.EOF
        if not sink(frame):
            message = "too many requests waiting; try again"
            if not send_error(writer, ErrorCode.BUSY, message, peek_id(frame), served_by):
                return StreamEnd.PEER_GONE


_STOP = object()


class Worker:
    """One thread answering frames in order with `handle` (frame -> reply payload, never raising)."""

    def __init__(
        self,
        handle: Callable[[bytes], bytes],
        writer: FrameWriter,
        served_by: ServedBy,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_pending_bytes: int = DEFAULT_MAX_PENDING_BYTES,
        name: str = "dlpguard-bridge-worker",
    ) -> None:
        self.handle = handle
        self.writer = writer
        self.served_by: ServedBy = served_by
        self.max_pending = max_pending
        self.max_pending_bytes = max_pending_bytes
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._pending_bytes = 0
        self._closed = False
        self._discard = False
        self.peer_gone = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, frame: bytes) -> bool:
        with self._lock:
            if self._closed:
                return False
            # One oversized request is still taken when nothing waits, so the byte bound never starves it.
            over_bytes = self._pending and self._pending_bytes + len(frame) > self.max_pending_bytes
            if self._pending >= self.max_pending or over_bytes:
                return False
            self._pending += 1
            self._pending_bytes += len(frame)
        self._queue.put(frame)
        return True

    def close(self, *, discard_pending: bool = False, timeout: float | None = None) -> None:
        """Stops taking frames; answers those already taken unless `discard_pending`, then ends."""
        with self._lock:
            self._closed = True
            self._discard = self._discard or discard_pending
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            assert isinstance(item, bytes)
            with self._lock:
                self._pending -= 1
                self._pending_bytes -= len(item)
                skip = self._discard or self.peer_gone.is_set()
            if skip:
                continue
            try:
                self._answer(item)
            except Exception as exc:  # the loop outlives any one message: a dead worker answers nothing
                logger.error("answering a request failed: %s", describe_exception(exc))
                try:
                    self._send_error("internal error", item)
                except Exception as again:
                    logger.error("request not answered: %s", describe_exception(again))

    def _answer(self, frame: bytes) -> None:
        """Writes exactly one reply to `frame`."""
        try:
            reply = self.handle(frame)
        except Exception as exc:  # handle() must not raise; if it does, the connection still lives
            logger.error("request handler raised: %s", describe_exception(exc))
            self._send_error("internal error", frame)
            return
        try:
            self.writer.write_frame(reply)
        except FrameTooLarge:  # handlers keep replies under the limit; never send a frame the browser drops
            logger.error("reply of over %d bytes dropped", self.writer.max_size)
            self._send_error("reply too large", frame)
        except ConnectionClosed:
            self.peer_gone.set()

    def _send_error(self, message: str, frame: bytes) -> None:
        if not send_error(self.writer, ErrorCode.INTERNAL, message, peek_id(frame), self.served_by):
            self.peer_gone.set()
