"""Frames on a byte stream: round trips, the native-endian prefix, and every way a frame can be broken."""

from __future__ import annotations

import io
import struct
import sys
import threading

import pytest

from dlpguard.bridge.framing import (
    DEFAULT_MAX_INBOUND_BYTES,
    MAX_OUTBOUND_BYTES,
    ConnectionClosed,
    FrameReader,
    FrameTooLarge,
    FrameWriter,
    TruncatedFrame,
    encode_frame,
)


@pytest.mark.parametrize(
    "payload",
    [b"", b"{}", '{"text": "🧑‍💻 𝕏 é"}'.encode(), b"\x00\xff" * 1000, b"x" * MAX_OUTBOUND_BYTES],
    ids=["empty", "tiny", "utf8", "binary", "one-mebibyte"],
)
def test_frames_round_trip(payload):
    out = io.BytesIO()
    FrameWriter(out).write_frame(payload)
    reader = FrameReader(io.BytesIO(out.getvalue()))
    assert reader.read_frame() == payload
    assert reader.read_frame() is None


def test_the_length_prefix_is_four_bytes_in_native_byte_order():
    encoded = encode_frame(b"abc")
    assert encoded[:4] == (3).to_bytes(4, sys.byteorder)
    assert struct.unpack("=I", encoded[:4]) == (3,)


def test_consecutive_frames_are_read_one_by_one():
    stream = io.BytesIO(b"".join(encode_frame(p) for p in (b"one", b"", b"three")))
    reader = FrameReader(stream)
    assert [reader.read_frame() for _ in range(4)] == [b"one", b"", b"three", None]


class Trickle(io.RawIOBase):
    """A stream that hands out one byte per read, like a slow pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = self.data[:1], self.data[1:]
        return chunk


def test_frames_arriving_byte_by_byte_are_reassembled():
    reader = FrameReader(Trickle(encode_frame(b'{"v":1}') + encode_frame(b"x")))
    assert reader.read_frame() == b'{"v":1}'
    assert reader.read_frame() == b"x"
    assert reader.read_frame() is None


@pytest.mark.parametrize(
    "data",
    [b"\x05", b"\x05\x00\x00", encode_frame(b"hello")[:6], encode_frame(b"hello")[:-1]],
    ids=["one-header-byte", "three-header-bytes", "one-body-byte", "body-short-by-one"],
)
def test_a_stream_ending_inside_a_frame_is_truncated(data):
    with pytest.raises(TruncatedFrame):
        FrameReader(io.BytesIO(data)).read_frame()


def test_a_prefix_over_the_limit_is_refused_before_reading_the_body():
    stream = io.BytesIO(encode_frame(b"y" * 2000) + encode_frame(b"next"))
    reader = FrameReader(stream, max_size=1024)
    with pytest.raises(FrameTooLarge) as caught:
        reader.read_frame()
    assert (caught.value.declared, caught.value.limit) == (2000, 1024)
    assert stream.tell() == 4  # only the prefix was consumed
    assert reader.skip(caught.value.declared)
    assert reader.read_frame() == b"next"  # still in step


def test_the_default_inbound_limit_is_eight_mebibytes():
    assert DEFAULT_MAX_INBOUND_BYTES == 8 * 1024 * 1024
    assert MAX_OUTBOUND_BYTES == 1024 * 1024


@pytest.mark.parametrize(
    "declared, drain_limit, expected",
    [(2000, 4096, True), (5000, 4096, False), (0xFFFFFFFF, 64 * 1024 * 1024, False)],
    ids=["drainable", "over-drain-limit", "garbage-prefix"],
)
def test_skipping_stops_at_the_drain_limit(declared, drain_limit, expected):
    reader = FrameReader(io.BytesIO(b"z" * 5000), max_size=1024, drain_limit=drain_limit)
    assert reader.skip(declared) is expected


def test_skipping_past_the_end_of_stream_reports_it():
    assert FrameReader(io.BytesIO(b"z" * 10), max_size=4).skip(100) is False


def test_the_writer_refuses_replies_over_the_browser_limit():
    out = io.BytesIO()
    with pytest.raises(FrameTooLarge):
        FrameWriter(out).write_frame(b"x" * (MAX_OUTBOUND_BYTES + 1))
    assert out.getvalue() == b""


class Closed(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_writing_to_a_closed_peer_is_connection_closed():
    with pytest.raises(ConnectionClosed):
        FrameWriter(Closed()).write_frame(b"{}")


def test_frames_written_from_several_threads_never_interleave():
    out = io.BytesIO()
    writer = FrameWriter(out)
    payloads = [bytes([65 + t]) * (1000 + t) for t in range(8)]

    def write_many(payload: bytes) -> None:
        for _ in range(50):
            writer.write_frame(payload)

    threads = [threading.Thread(target=write_many, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reader = FrameReader(io.BytesIO(out.getvalue()))
    seen = []
    while (got := reader.read_frame()) is not None:
        seen.append(got)
    assert len(seen) == 400
    assert set(seen) == set(payloads)
