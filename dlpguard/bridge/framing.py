"""Length-prefixed frames: a 4-byte native-endian length, then that many bytes of UTF-8 JSON.

The same frames travel on the native-messaging pipe (the browser's format) and on the local socket,
so the host can relay bytes without re-encoding them. The reader never trusts the length prefix: a
frame above the inbound limit is refused before a byte of it is buffered. Outbound frames are capped
at the browser's limit for messages from a host (1 MiB in Chrome and Firefox).
"""

from __future__ import annotations

import os
import struct
import sys
import threading
from typing import Protocol

from dlpguard.errors import BridgeError

HEADER = struct.Struct("=I")  # native byte order, standard 4-byte size, as the browsers write it
#: Largest request accepted; a larger prefix gets a `too_large` reply. Texts are UTF-8 inside JSON, so
#: this covers about 2 million characters of worst-case (4-byte) text and 8 million of ASCII.
DEFAULT_MAX_INBOUND_BYTES = 8 * 1024 * 1024
#: Browsers drop a host's message above 1 MiB (and Chrome closes the port): replies stay below.
MAX_OUTBOUND_BYTES = 1024 * 1024
#: A declared length above the inbound limit but below this is skipped, so the stream stays in step
#: and the next frame is served; above it the prefix is taken for garbage and the connection ends.
DEFAULT_DRAIN_LIMIT_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


class FrameError(BridgeError):
    """A frame that cannot be read or written as a frame (below the level of JSON)."""


class TruncatedFrame(FrameError):
    """The stream ended inside a frame: the peer went away mid-message."""


class FrameTooLarge(FrameError):
    def __init__(self, declared: int, limit: int) -> None:
        super().__init__(f"frame of {declared} bytes exceeds the limit of {limit} bytes")
        self.declared = declared
        self.limit = limit


class ConnectionClosed(FrameError):
    """Writing failed because the peer closed its end."""


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes | None: ...


class Writable(Protocol):
    def write(self, data: bytes, /) -> int | None: ...


def encode_frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


class FrameReader:
    """Reads whole frames from a binary stream (a pipe, a socket file); one reader per stream."""

    def __init__(
        self,
        stream: Readable,
        *,
        max_size: int = DEFAULT_MAX_INBOUND_BYTES,
        drain_limit: int = DEFAULT_DRAIN_LIMIT_BYTES,
    ) -> None:
        self.stream = stream
        self.max_size = max_size
        self.drain_limit = max(drain_limit, max_size)

    def read_frame(self) -> bytes | None:
        """The next frame's payload, or None at a clean end of stream (between frames).

        Raises `TruncatedFrame` when the stream ends inside a frame and `FrameTooLarge` when the
        prefix exceeds `max_size` (nothing of the body has been read then: see `skip`).
        """
        header = self._read_exact(HEADER.size, at_boundary=True)
        if header is None:
            return None
        (length,) = HEADER.unpack(header)
        if length > self.max_size:
            raise FrameTooLarge(length, self.max_size)
        body = self._read_exact(length, at_boundary=False)
        assert body is not None
        return body

    def skip(self, size: int) -> bool:
        """Discards the body of a refused frame; False when it is too large to drain or the stream ends."""
        if size > self.drain_limit:
            return False
        remaining = size
        while remaining:
            chunk = self._read_some(min(remaining, _CHUNK))
            if not chunk:
                return False
            remaining -= len(chunk)
        return True

    def _read_some(self, size: int) -> bytes:
        try:
            data = self.stream.read(size)
        except (ConnectionError, OSError):
            return b""  # a reset is an end of stream like any other
        return data or b""

    def _read_exact(self, size: int, *, at_boundary: bool) -> bytes | None:
        if size == 0:
            return b""
        pieces: list[bytes] = []
        got = 0
        while got < size:
            chunk = self._read_some(size - got)
            if not chunk:
                if at_boundary and got == 0:
                    return None
                raise TruncatedFrame(f"stream ended after {got} of {size} bytes")
            pieces.append(chunk)
            got += len(chunk)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class FrameWriter:
    """Writes whole frames; thread-safe, so a reader thread and a worker can both reply."""

    def __init__(self, stream: Writable, *, max_size: int = MAX_OUTBOUND_BYTES) -> None:
        self.stream = stream
        self.max_size = max_size
        self._lock = threading.Lock()

    def write_frame(self, payload: bytes) -> None:
        if len(payload) > self.max_size:
            raise FrameTooLarge(len(payload), self.max_size)
        data = encode_frame(payload)
        with self._lock:
            try:
                self.stream.write(data)
                flush = getattr(self.stream, "flush", None)
                if flush is not None:
                    flush()
            except (BrokenPipeError, ConnectionError, ValueError) as exc:  # ValueError: closed file
                raise ConnectionClosed(f"peer closed the connection: {type(exc).__name__}") from exc
            except OSError as exc:
                raise ConnectionClosed(f"write failed: {exc.strerror or type(exc).__name__}") from exc


def set_binary_mode(fd: int) -> None:
    """On Windows the C runtime turns \\n into \\r\\n on text-mode descriptors; frames are binary."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.setmode(fd, os.O_BINARY)
