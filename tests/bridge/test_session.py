"""The serving loop: broken frames answered by the reader, a bounded queue, `busy`, replies in order."""

from __future__ import annotations

import io
import json
import threading

import pytest

from dlpguard.bridge.framing import FrameReader, FrameWriter, encode_frame
from dlpguard.bridge.session import StreamEnd, Worker, pump_frames


def replies(out: io.BytesIO) -> list[dict]:
    reader = FrameReader(io.BytesIO(out.getvalue()))
    found = []
    while (payload := reader.read_frame()) is not None:
        found.append(json.loads(payload))
    return found


def pump(data: bytes, sink=lambda frame: True, max_size: int = 1024, drain_limit: int = 4096):
    out = io.BytesIO()
    end = pump_frames(
        FrameReader(io.BytesIO(data), max_size=max_size, drain_limit=drain_limit),
        FrameWriter(out),
        sink,
        "app",
    )
    return end, replies(out)


def test_frames_reach_the_sink_in_order_and_a_clean_end_is_eof():
    taken = []
    end, sent = pump(b"".join(encode_frame(p) for p in (b"a", b"b", b"c")), lambda f: taken.append(f) or True)
    assert (end, taken, sent) == (StreamEnd.EOF, [b"a", b"b", b"c"], [])


def test_an_oversized_frame_is_answered_too_large_and_skipped():
    taken = []
    data = encode_frame(b"x" * 2000) + encode_frame(b"after")
    end, sent = pump(data, lambda f: taken.append(f) or True)
    assert end is StreamEnd.EOF and taken == [b"after"]
    [error] = sent
    assert (error["type"], error["code"], error["id"]) == ("error", "too_large", None)
    assert "2000 bytes" in error["message"]


def test_a_prefix_too_large_to_skip_ends_the_stream_after_saying_why():
    end, sent = pump(b"\xff\xff\xff\xff" + b"junk" * 10)
    assert end is StreamEnd.UNDRAINABLE and not end.clean
    assert [e["code"] for e in sent] == ["too_large"]


@pytest.mark.parametrize("data", [b"\x10\x00", encode_frame(b"complete") + encode_frame(b"cut")[:-1]])
def test_a_stream_ending_inside_a_frame_gets_bad_frame_and_ends(data):
    end, sent = pump(data)
    assert end is StreamEnd.TRUNCATED
    assert [e["code"] for e in sent] == ["bad_frame"]


def test_a_full_sink_is_answered_busy_with_the_request_id():
    frames = [json.dumps({"v": 1, "id": f"r{i}", "type": "hello"}).encode() for i in range(3)]
    end, sent = pump(b"".join(encode_frame(f) for f in frames), lambda f: False)
    assert end is StreamEnd.EOF
    assert [(e["code"], e["id"]) for e in sent] == [("busy", "r0"), ("busy", "r1"), ("busy", "r2")]


class Gate:
    """A handler that holds its first request until released, so the queue fills deterministically."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, frame: bytes) -> bytes:
        self.entered.set()
        assert self.release.wait(30)
        return json.dumps({"echo": frame.decode()}).encode()


def test_the_worker_queue_is_bounded_and_answers_in_order():
    out = io.BytesIO()
    gate = Gate()
    worker = Worker(gate, FrameWriter(out), "app", max_pending=3)
    assert worker.submit(b"0")
    assert gate.entered.wait(30)  # "0" is being handled; the queue is empty again
    assert [worker.submit(str(i).encode()) for i in range(1, 6)] == [True, True, True, False, False]
    gate.release.set()
    worker.close()
    assert [r["echo"] for r in replies(out)] == ["0", "1", "2", "3"]
    assert worker.submit(b"late") is False  # closed


def test_the_worker_queue_is_bounded_in_bytes_but_takes_one_large_request():
    gate = Gate()
    worker = Worker(gate, FrameWriter(io.BytesIO()), "app", max_pending=100, max_pending_bytes=1000)
    assert worker.submit(b"x")
    assert gate.entered.wait(30)
    assert worker.submit(b"y" * 5000)  # alone in the queue: taken
    assert worker.submit(b"z") is False
    gate.release.set()
    worker.close()


def test_a_raising_handler_costs_one_internal_error_not_the_worker():
    out = io.BytesIO()

    def handle(frame: bytes) -> bytes:
        if frame.startswith(b'{"v": 1, "id": "bad"'):
            raise RuntimeError("bug")
        return b'{"ok": true}'

    worker = Worker(handle, FrameWriter(out), "native-host")
    worker.submit(b'{"v": 1, "id": "bad"}')
    worker.submit(b'{"v": 1, "id": "good"}')
    worker.close()
    first, second = replies(out)
    assert (first["code"], first["id"], first["served_by"]) == ("internal", "bad", "native-host")
    assert second == {"ok": True}


def test_closing_with_discard_drops_what_was_queued():
    out = io.BytesIO()
    gate = Gate()
    worker = Worker(gate, FrameWriter(out), "app")
    worker.submit(b"0")
    assert gate.entered.wait(30)
    worker.submit(b"1")
    worker.close(discard_pending=True, timeout=0)  # returns at once: "0" is still being handled
    gate.release.set()
    worker.close(timeout=30)
    assert [r["echo"] for r in replies(out)] == ["0"]


def test_a_raising_handler_on_a_request_whose_id_no_reply_can_carry_still_costs_one_reply():
    """Issue 13 item 2: the error reply for such an id raised inside the worker and ended it."""
    out = io.BytesIO()

    def handle(frame: bytes) -> bytes:
        if b"\\ud800" in frame:
            raise RuntimeError("bug")
        return b'{"ok": true}'

    worker = Worker(handle, FrameWriter(out), "app")
    worker.submit(b'{"v": 1, "id": "\\ud800"}')
    worker.submit(b'{"v": 1, "id": "good"}')
    worker.close(timeout=30)
    first, second = replies(out)
    assert (first["code"], first["id"]) == ("internal", None)
    assert second == {"ok": True}


class FlakyWriter(FrameWriter):
    """Fails one write with an error nobody planned for."""

    def __init__(self, out: io.BytesIO) -> None:
        super().__init__(out)
        self.failed = False

    def write_frame(self, payload: bytes) -> None:
        if not self.failed:
            self.failed = True
            raise RuntimeError("unforeseen")
        super().write_frame(payload)


def test_the_worker_outlives_an_unforeseen_failure_while_answering():
    out = io.BytesIO()
    worker = Worker(lambda frame: b'{"echo": "%s"}' % frame, FlakyWriter(out), "app")
    worker.submit(b"0")
    worker.submit(b"1")
    worker.close(timeout=30)
    first, second = replies(out)
    assert (first["type"], first["code"], first["id"]) == ("error", "internal", None)  # still one reply
    assert second == {"echo": "1"}
