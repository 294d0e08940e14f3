"""Hostile frames, each followed by a good request on the same connection, over every real transport.

Whatever a frame holds, it gets exactly one reply and the connection keeps serving: the next, good
request is answered. The table runs through the native host answering in process, through the host
relaying to the app's `BridgeServer`, and straight into the app's socket. Issue 13 item 2: a lone
surrogate in `id` once killed the worker, so every later request went unanswered while the link
looked alive and the host never fell back.

A frame cut short by the end of the stream cannot be followed by anything (the stream is over); the
table holds frames whose JSON is cut short, and `test_a_stream_cut_inside_a_frame_*` covers the rest.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import pytest

from dlpguard.bridge.server import BridgeServer
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, HEADER, READ_TIMEOUT, frame, request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and Unix sockets as on Linux and macOS")


def raw(text: str) -> bytes:
    """JSON written by hand (escapes such as \\ud800 kept as written), as UTF-8."""
    return text.encode("utf-8")


HELLO = '"type":"hello","extension_version":"0.1.0"'
DEEP = 100_000


@dataclass(frozen=True)
class Hostile:
    name: str
    payload: bytes
    code: str | None  # the error code; None: the request is well formed and answered
    reply_id: str | None  # the id the reply must carry

    @property
    def reply_type(self) -> str:
        return (
            "error"
            if self.code
            else {"hello": "hello_ok", "scan": "verdict"}[json.loads(self.payload)["type"]]
        )


def bad(name: str, payload: str | bytes, code: str, reply_id: str | None = None) -> Hostile:
    return Hostile(name, raw(payload) if isinstance(payload, str) else payload, code, reply_id)


def fine(name: str, payload: str, reply_id: str) -> Hostile:
    return Hostile(name, raw(payload), None, reply_id)


def scan(message_id: str, **fields: str) -> str:
    """A scan request as JSON text, fields spliced in as written (escapes kept)."""
    body = {"text": f'"card {CARD}"', "site": '"chatgpt.com"', **fields}
    parts = "".join(f',"{k}":{v}' for k, v in body.items())
    return f'{{"v":1,"id":"{message_id}","type":"scan","event":"paste"{parts}}}'


INVALID = "invalid_message"
HOSTILE = [
    # lone surrogates: valid JSON escapes, not text
    bad("id-lone-high-surrogate", f'{{"v":1,"id":"\\ud800",{HELLO}}}', INVALID),
    bad("id-lone-low-surrogate", scan("x\\udfff"), INVALID),
    bad("id-reversed-pair", f'{{"v":1,"id":"\\udc00\\ud800",{HELLO}}}', INVALID),
    bad("id-surrogate-bad-version", '{"v":9,"id":"\\ud800","type":"hello"}', "unsupported_version"),
    bad("id-surrogate-unknown-type", '{"v":1,"id":"\\ud800","type":"x"}', "unknown_type"),
    fine("text-lone-surrogate", scan("t", text=f'"\\ud83d card {CARD}"'), "t"),
    bad("site-lone-surrogate", scan("s", site='"chatgpt\\ud800.com"'), INVALID, "s"),
    bad("url-lone-surrogate", scan("u", url='"https://chatgpt.com/\\udc00"'), INVALID, "u"),
    bad("conversation-lone-surrogate", scan("c", conversation_id='"\\ud800"'), INVALID, "c"),
    bad(
        "version-lone-surrogate",
        '{"v":1,"id":"e","type":"hello","extension_version":"\\ud800"}',
        INVALID,
        "e",
    ),
    bad("key-lone-surrogate", f'{{"v":1,"id":"k","\\ud800":1,{HELLO}}}', INVALID, "k"),
    fine("id-with-nul", f'{{"v":1,"id":"a\\u0000b",{HELLO}}}', "a\x00b"),
    # nesting
    bad("deep-arrays", b"[" * DEEP + b"]" * DEEP, "bad_json"),
    bad("deep-objects", b'{"a":' * DEEP + b"1" + b"}" * DEEP, "bad_json"),
    bad("deep-in-a-field", scan("n", text="[" * 500 + "]" * 500), INVALID, "n"),
    # numbers JSON does not have, or too large for anyone
    bad("nan", f'{{"v":NaN,"id":"x",{HELLO}}}', "bad_json"),
    bad("infinity", f'{{"v":Infinity,"id":"x",{HELLO}}}', "bad_json"),
    bad("minus-infinity", f'{{"v":-Infinity,"id":"x",{HELLO}}}', "bad_json"),
    bad("nan-in-a-field", scan("x", text="NaN"), "bad_json"),
    bad("overflowing-float", f'{{"v":1e999,"id":"f",{HELLO}}}', INVALID, "f"),
    bad("huge-integer-digits", f'{{"v":{"9" * 5000},"id":"x",{HELLO}}}', "bad_json"),
    bad("huge-integer-version", f'{{"v":{"9" * 300},"id":"h",{HELLO}}}', "unsupported_version", "h"),
    bad("huge-integer-id", f'{{"v":1,"id":{"9" * 4000},{HELLO}}}', INVALID),
    bad("huge-integer-text", scan("i", text="9" * 4000), INVALID, "i"),
    # duplicate keys
    bad("duplicate-id", f'{{"v":1,"id":"a","id":"b",{HELLO}}}', INVALID),
    bad("duplicate-v", f'{{"v":1,"v":1,"id":"a",{HELLO}}}', INVALID),
    bad("duplicate-nested", f'{{"v":1,"id":"a",{HELLO},"browser":{{"x":1,"x":2}}}}', INVALID),
    bad("duplicate-site", scan("d", site='"chatgpt.com","site":"example.org"'), INVALID),
    # wrong types
    bad("id-number", f'{{"v":1,"id":7,{HELLO}}}', INVALID),
    bad("id-null", f'{{"v":1,"id":null,{HELLO}}}', INVALID),
    bad("id-empty", f'{{"v":1,"id":"",{HELLO}}}', INVALID),
    bad("id-too-long", f'{{"v":1,"id":"{"i" * 129}",{HELLO}}}', INVALID),
    bad("id-object", f'{{"v":1,"id":{{"id":"x"}},{HELLO}}}', INVALID),
    bad("v-string", f'{{"v":"1","id":"w",{HELLO}}}', INVALID, "w"),
    bad("v-true", f'{{"v":true,"id":"w",{HELLO}}}', INVALID, "w"),
    bad("v-float", f'{{"v":1.0,"id":"w",{HELLO}}}', INVALID, "w"),
    bad("type-list", '{"v":1,"id":"w","type":["scan"]}', INVALID, "w"),
    bad("text-number", scan("w", text="4539148803436467"), INVALID, "w"),
    bad("site-object", scan("w", site="{}"), INVALID, "w"),
    bad("event-unknown", '{"v":1,"id":"w","type":"scan","event":"typing","text":"x"}', INVALID, "w"),
    bad("duplicate-event", scan("w", event='"typing"'), INVALID),
    bad("unknown-field", f'{{"v":1,"id":"w",{HELLO},"admin":true}}', INVALID, "w"),
    bad("unknown-type", '{"v":1,"id":"w","type":"__proto__"}', "unknown_type", "w"),
    bad("missing-type", '{"v":1,"id":"w"}', INVALID, "w"),
    # not an object
    bad("array", "[1,2]", INVALID),
    bad("string", '"hello"', INVALID),
    bad("number", "1", INVALID),
    bad("null", "null", INVALID),
    bad("true", "true", INVALID),
    # bytes that are not UTF-8 JSON
    bad("invalid-utf8", b"\xff\xfe\xfd", "bad_utf8"),
    bad("overlong-utf8", b'{"v":1,"id":"\xc0\x80"}', "bad_utf8"),
    bad("utf8-encoded-surrogate", b'{"v":1,"id":"\xed\xa0\x80"}', "bad_utf8"),
    bad("utf16", '{"v":1}'.encode("utf-16"), "bad_utf8"),
    bad("bom", b"\xef\xbb\xbf" + raw(f'{{"v":1,"id":"x",{HELLO}}}'), "bad_json"),
    bad("empty-frame", b"", "bad_frame"),
    bad("whitespace", " \n\t", "bad_json"),
    bad("truncated-json", '{"v":1,"id":"x","type":"hel', "bad_json"),
    bad("truncated-escape", '{"v":1,"id":"\\ud8', "bad_json"),
    bad("two-objects", f'{{"v":1,"id":"a",{HELLO}}}{{"v":1,"id":"b",{HELLO}}}', "bad_json"),
    bad("trailing-garbage", f'{{"v":1,"id":"a",{HELLO}}} x', "bad_json"),
    bad("nul-byte", b'{"v":1,\x00"id":"a"}', "bad_json"),
]


def good_scan(message_id: str) -> bytes:
    return request(id=message_id, type="scan", text=f"card {CARD}", site="chatgpt.com", event="paste")


class Link(Protocol):
    def ask(self, payload: bytes) -> dict: ...

    def recv(self, timeout: float = READ_TIMEOUT) -> dict: ...


class SocketLink:
    """A client of the app's socket, as a native host is."""

    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(READ_TIMEOUT)
        self.sock.connect(path)

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            try:
                chunk = self.sock.recv(size - len(data))
            except TimeoutError:
                raise AssertionError("no reply in time: the connection hangs") from None
            if not chunk:
                raise AssertionError("the app closed the connection")
            data += chunk
        return data

    def recv(self, timeout: float = READ_TIMEOUT) -> dict:
        (length,) = HEADER.unpack(self._read(HEADER.size))
        return json.loads(self._read(length))

    def ask(self, payload: bytes) -> dict:
        self.sock.sendall(frame(payload))
        return self.recv()


@pytest.fixture
def app(bridge_env) -> Iterator[BridgeServer]:
    services = GuardServices()
    server = BridgeServer(services)
    server.start()
    yield server
    server.stop()
    services.close()


class TestHostileFramesThenAGoodRequest:
    """One connection per transport carries the whole table; a reply out of step fails the test."""

    def run_table(self, link: Link, served_by: str) -> None:
        for n, case in enumerate(HOSTILE):
            reply = link.ask(case.payload)
            got = (reply["type"], reply.get("code"), reply["id"], reply["served_by"])
            assert got == (case.reply_type, case.code, case.reply_id, served_by), case.name
            good_id = f"good-{n}"
            reply = link.ask(good_scan(good_id))  # an extra reply to the hostile frame would come first
            got = (reply["type"], reply["id"], reply.get("action"), reply["served_by"])
            assert got == ("verdict", good_id, "block", served_by), f"after {case.name}"

    def test_through_the_native_host_answering_in_process(self, start_host):
        host = start_host()
        self.run_table(host, "native-host")
        host.close_stdin()
        assert host.remaining_replies() == []  # nothing owed, nothing extra
        assert host.wait() == 0
        assert host.stray_bytes == b""
        assert "Traceback" not in host.stderr_text()

    def test_through_the_native_host_relaying_to_the_app(self, app, start_host):
        host = start_host()
        self.run_table(host, "app")
        assert app.active_connections == 1  # the same link carried everything: it never broke
        host.close_stdin()
        assert host.remaining_replies() == []
        assert host.wait() == 0
        assert "Traceback" not in host.stderr_text()

    def test_straight_into_the_app_socket(self, app):
        link = SocketLink(app.address)
        try:
            self.run_table(link, "app")
        finally:
            link.sock.close()

    def test_a_burst_of_the_whole_table_gets_one_reply_per_frame(self, app, start_host):
        host = start_host()
        payloads = [p for n, case in enumerate(HOSTILE) for p in (case.payload, good_scan(f"good-{n}"))]
        host.write(b"".join(frame(p) for p in payloads))
        host.close_stdin()
        replies = host.remaining_replies()
        assert host.wait() == 0
        expected = [x for n, case in enumerate(HOSTILE) for x in (case.reply_id, f"good-{n}")]
        assert sorted(map(str, (r["id"] for r in replies))) == sorted(map(str, expected))  # one each
        served = [r["id"] for r in replies if r.get("code") != "busy"]  # `busy` may overtake
        rest = iter(expected)
        assert all(any(x == y for y in rest) for x in served), "replies out of request order"
        assert "good-0" in served

    def test_a_stream_cut_inside_a_frame_while_relaying_answers_what_came_before(self, app, start_host):
        host = start_host()
        host.send(raw('{"v":1,"id":"\\ud800","type":"hello","extension_version":"1"}'))
        host.send(good_scan("before"))
        host.write(frame(good_scan("cut"))[:-5])
        host.close_stdin()
        replies = host.remaining_replies()
        # the reader answers the cut frame at once: that reply may overtake the others
        got = sorted((str(r["id"]), str(r.get("code"))) for r in replies)
        assert got == [("None", "bad_frame"), ("None", "invalid_message"), ("before", "None")]
        assert host.wait() == 2
