"""What `dlpguard scan` reads: bytes in, checked text out, with the byte offset in every refusal.

Input is read in binary and decoded incrementally, so a NUL byte or invalid UTF-8 is reported at its
exact byte offset however large the input, and so that a large input never has to fit in memory.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import select
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dlpguard.errors import InputError

CHUNK_BYTES = 64 * 1024
#: How long `dlpguard scan FIFO` waits for a program to open a named pipe for writing.
FIFO_WRITER_WAIT_SECONDS = 5.0
_PIPE_IT = "scan a file, or pipe it: ... | dlpguard scan -"
#: Inputs above this many bytes are scanned window by window instead of as one string.
STREAM_ABOVE_BYTES = 8 * 1024 * 1024
#: Longest line `--jsonl` accepts; longer lines are refused (and skipped) without being held in memory.
MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024
ERROR_MODES = ("strict", "replace")


class CheckedTextReader(io.TextIOBase):
    """A text stream over `raw` that refuses NUL bytes and, with `errors="strict"`, invalid UTF-8."""

    def __init__(self, raw: BinaryIO, *, errors: str = "strict", chunk_bytes: int = CHUNK_BYTES) -> None:
        if errors not in ERROR_MODES:
            raise ValueError(f"errors must be one of {ERROR_MODES}")
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors)
        self._chunk_bytes = chunk_bytes
        self._pending = ""
        self._eof = False
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> str:
        if size is None or size < 0:
            parts = [self._pending]
            while not self._eof:
                parts.append(self._next_chunk())
            self._pending = ""
            return "".join(parts)
        parts = [self._pending]
        have = len(self._pending)
        while have < size and not self._eof:
            piece = self._next_chunk()
            parts.append(piece)
            have += len(piece)
        joined = "".join(parts)
        self._pending = joined[size:]
        return joined[:size]

    def push_back(self, text: str) -> None:
        """Makes `text` the next thing `read` returns (after deciding an input is too large to hold)."""
        self._pending = text + self._pending

    def _next_chunk(self) -> str:
        data = self._raw.read(self._chunk_bytes)
        if not data:
            self._eof = True
            return self._decode(b"", final=True)
        nul = data.find(b"\0")
        if nul >= 0:
            raise InputError(f"binary input (NUL byte at offset {self.bytes_read + nul})")
        text = self._decode(data, final=False)
        self.bytes_read += len(data)
        return text

    def _decode(self, data: bytes, *, final: bool) -> str:
        held = len(self._decoder.getstate()[0])  # bytes of an incomplete sequence from the last chunk
        try:
            return self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            offset = self.bytes_read - held + exc.start
            raise InputError(
                f"invalid UTF-8 at byte offset {offset} (use --errors replace to scan anyway)"
            ) from exc


# -- opening a file named on the command line ------------------------------------------------------


def open_input_file(path: str, *, fifo_wait: float | None = None) -> BinaryIO:
    """Opens `path` for `dlpguard scan` without ever blocking forever on the open itself.

    A regular file, a character device (a terminal, `/dev/null`) and a pipe are read: `/dev/stdin`
    when stdin is piped, `<(command)`, and a named FIFO once a program writes to it. A named FIFO that
    nothing opens for writing within `fifo_wait` seconds (opening one blocks until a writer comes) is
    refused with an `InputError` that says so; so are directories, sockets and block devices.
    """
    wait = FIFO_WRITER_WAIT_SECONDS if fifo_wait is None else fifo_wait
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX: opening a FIFO then returns at once
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {_why(path, exc)}") from exc
    try:
        mode = os.fstat(fd).st_mode
        kind = _refused_kind(mode)
        if kind:
            raise InputError(f"cannot read {path}: it is {kind}; {_PIPE_IT}")
        prefix = _wait_for_writer(fd, path, wait) if stat.S_ISFIFO(mode) and nonblocking else b""
        if nonblocking:
            os.set_blocking(fd, True)
        raw = open(fd, "rb", buffering=0, closefd=True)  # noqa: SIM115 - the caller closes it
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Prefixed(prefix, raw)) if prefix else io.BufferedReader(raw)


def _refused_kind(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device (a whole disk or partition)"
    return None


def _why(path: str, exc: OSError) -> str:
    if exc.errno == errno.ENXIO:  # POSIX: what opening a Unix socket file fails with
        try:
            if stat.S_ISSOCK(Path(path).stat().st_mode):
                return f"it is a socket; {_PIPE_IT}"
        except OSError:
            pass
    return exc.strerror or str(exc)


def _wait_for_writer(fd: int, path: str, wait: float) -> bytes:
    """For a FIFO opened non-blocking: returns once a writer has written or closed, or holds it open
    (then reading blocks like reading any slow pipe); refuses one nobody opened within `wait` seconds.
    Returns bytes it had to read to find out, which come first in the input."""
    ready, _, _ = select.select([fd], [], [], wait)
    if ready:
        return b""
    try:
        first = os.read(fd, CHUNK_BYTES)
    except BlockingIOError:
        return b""  # a writer holds the pipe open and has not written yet
    if not first:  # end of file without any writer since the open: nobody is writing to it
        raise InputError(
            f"cannot read {path}: it is a named pipe that nothing opened for writing within {wait:g} s; "
            f"start the writer first, {_PIPE_IT}"
        )
    return first


class _Prefixed(io.RawIOBase):
    """`prefix`, then the rest of `raw`."""

    def __init__(self, prefix: bytes, raw: io.RawIOBase) -> None:
        super().__init__()
        self._prefix = prefix
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._raw.readinto(buffer)

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()
        super().close()


# -- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedInput:
    """Either the whole text (small inputs) or a stream positioned at the start (large ones)."""

    text: str | None
    stream: CheckedTextReader


def load_input(
    raw: BinaryIO, *, errors: str = "strict", stream_above: int = STREAM_ABOVE_BYTES
) -> LoadedInput:
    """Reads up to `stream_above` bytes; if the input is longer, hands back a stream instead."""
    reader = CheckedTextReader(raw, errors=errors)
    parts: list[str] = []
    while True:
        piece = reader.read(CHUNK_BYTES)
        if not piece:
            break
        parts.append(piece)
        if reader.bytes_read > stream_above:
            reader.push_back("".join(parts))
            return LoadedInput(None, reader)
    if reader.bytes_read == 0:
        raise InputError("empty input")
    return LoadedInput("".join(parts), reader)


# -- JSON Lines -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JsonlRequest:
    id: str | int | float | None
    text: str


@dataclass(frozen=True, slots=True)
class JsonlError:
    """One line that cannot be scanned; the batch goes on."""

    id: str | int | float | None
    code: str
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "error": {"code": self.code, "message": self.message}}


def _read_line(raw: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """One line without holding more than `limit` bytes: (line, too_long)."""
    line = raw.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while line and not line.endswith(b"\n"):
        line = raw.readline(CHUNK_BYTES)
    return b"", True


def parse_jsonl_line(line: bytes, number: int, *, errors: str = "strict") -> JsonlRequest | JsonlError:
    try:
        decoded = line.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        return JsonlError(None, "invalid_utf8", f"line {number}: invalid UTF-8 at byte offset {exc.start}")
    try:
        data = json.loads(decoded)
    except ValueError as exc:
        return JsonlError(None, "invalid_json", f"line {number}: not JSON: {exc}")
    if not isinstance(data, dict):
        return JsonlError(None, "invalid_request", f"line {number}: expected an object with id and text")
    ident = data.get("id")
    if not isinstance(ident, str | int | float) or isinstance(ident, bool):
        ident = None
    text = data.get("text")
    if not isinstance(text, str):
        return JsonlError(ident, "invalid_request", f"line {number}: 'text' must be a string")
    nul = text.find("\0")
    if nul >= 0:
        return JsonlError(
            ident, "binary_input", f"line {number}: binary input (NUL character at offset {nul})"
        )
    return JsonlRequest(ident, text)


def iter_jsonl(
    raw: BinaryIO, *, errors: str = "strict", max_line_bytes: int = MAX_JSONL_LINE_BYTES
) -> Iterator[JsonlRequest | JsonlError]:
    """One request or error per non-blank line, read lazily so results can be written as they come."""
    number = 0
    while True:
        line, too_long = _read_line(raw, max_line_bytes)
        number += 1
        if too_long:
            yield JsonlError(None, "line_too_long", f"line {number}: longer than {max_line_bytes} bytes")
            continue
        if not line:
            return
        if line.strip():
            yield parse_jsonl_line(line, number, errors=errors)
