"""The real native host process, as a browser drives it: pipes, bad input, a flood, relay and fallback.

Every read has a timeout (conftest.HostProcess), so a host that hangs fails the test instead of
stalling the suite. The tests tell relay from fallback by `served_by`: the app stamps "app".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from dlpguard.bridge.native_host import run_native_host
from dlpguard.bridge.server import BridgeServer
from dlpguard.engine.engine import Engine
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, EMAIL, HEADER, POLICY, frame, request, scan_request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and Unix sockets as on Linux and macOS")


def hello(message_id: str = "h") -> bytes:
    return request(id=message_id, type="hello", extension_version="0.1.0")


def test_without_the_app_the_host_scans_in_process_at_javascript_offsets(start_host):
    host = start_host()
    assert host.ask(hello())["served_by"] == "native-host"
    text = f"🧑‍💻 card {CARD}"
    reply = host.ask(scan_request("s", text))
    assert (reply["type"], reply["action"], reply["served_by"]) == ("verdict", "block", "native-host")
    [finding] = reply["findings"]
    start = text.index(CARD)
    expected = len(text[:start].encode("utf-16-le")) // 2
    assert (finding["entity_type"], finding["start"], finding["end"]) == (
        "CREDIT_CARD",
        expected,
        expected + 19,
    )
    assert expected == 11
    host.close_stdin()
    assert host.wait() == 0
    assert host.stray_bytes == b""


@pytest.mark.parametrize(
    "args",
    [
        ("chrome-extension://ggcbdpegolmiapddhbehkhmcikpgpinj/",),
        ("chrome-extension://ggcbdpegolmiapddhbehkhmcikpgpinj/", "--parent-window=1234"),
        ("/home/u/.mozilla/native-messaging-hosts/com.dlpguard.host.json", "dlpguard@dlpguard.org"),
    ],
    ids=["chrome", "chrome-windows", "firefox"],
)
def test_the_arguments_browsers_pass_are_accepted(start_host, args):
    host = start_host(*args)
    assert host.ask(hello())["type"] == "hello_ok"


BAD_INPUTS = [
    ("empty-frame", b"", "bad_frame", None),
    ("not-utf8", b"\xff\xfe\xfd", "bad_utf8", None),
    ("not-json", b"{nope", "bad_json", None),
    ("unknown-type", request(id="t", type="format_disk"), "unknown_type", "t"),
    ("version-2", json.dumps({"v": 2, "id": "w", "type": "scan"}).encode(), "unsupported_version", "w"),
    ("missing-fields", request(id="m", type="scan", text="card"), "invalid_message", "m"),
    ("array", b"[1]", "invalid_message", None),
]


def test_each_bad_input_gets_its_error_code_and_the_host_lives_on(start_host):
    host = start_host()
    for name, payload, code, message_id in BAD_INPUTS:
        reply = host.ask(payload)
        assert (reply["type"], reply["code"], reply["id"]) == ("error", code, message_id), name
    assert host.ask(hello())["type"] == "hello_ok"
    host.close_stdin()
    assert host.wait() == 0


def test_a_request_over_the_limit_is_refused_skipped_and_the_next_one_served(start_host):
    host = start_host()
    size = 9 * 1024 * 1024  # over the default 8 MiB
    body = json.dumps(
        {"v": 1, "id": "big", "type": "scan", "event": "paste", "text": "x" * (size - 100)}
    ).encode()
    writer = threading.Thread(target=host.write, args=(frame(body),))
    writer.start()
    reply = host.recv()
    assert (reply["code"], reply["id"]) == ("too_large", None)
    writer.join(60)
    assert host.ask(hello("after"))["id"] == "after"


def test_a_garbage_length_prefix_is_answered_and_the_host_exits(start_host):
    host = start_host()
    host.write(b"\xff\xff\xff\xff{}")
    assert host.recv()["code"] == "too_large"
    assert host.wait() == 2
    assert host.stray_bytes == b""


@pytest.mark.parametrize(
    "data",
    [b"\x07\x00", frame(hello())[:-3]],
    ids=["eof-inside-the-length", "eof-inside-the-body"],
)
def test_a_stream_cut_inside_a_frame_ends_the_host_cleanly(start_host, data):
    host = start_host()
    host.write(data)
    host.close_stdin()
    assert [r["code"] for r in host.remaining_replies()] == ["bad_frame"]
    assert host.wait() == 2
    assert "Traceback" not in host.stderr_text()


def test_a_clean_end_of_input_exits_zero_after_answering_what_was_asked(start_host):
    host = start_host()
    for i in range(5):
        host.send(scan_request(f"s{i}", f"card {CARD}"))
    host.close_stdin()
    assert [r["id"] for r in host.remaining_replies()] == [f"s{i}" for i in range(5)]
    assert host.wait() == 0


def test_a_flood_is_answered_in_order_or_busy_and_the_host_survives(start_host):
    host = start_host()
    count = 2000
    data = b"".join(frame(scan_request(f"f{i}", f"note {i}: card {CARD}")) for i in range(count))
    writer = threading.Thread(target=lambda: (host.write(data), host.close_stdin()))
    writer.start()
    replies = host.remaining_replies()
    writer.join(60)
    assert host.wait() == 0
    assert sorted(r["id"] for r in replies) == sorted(f"f{i}" for i in range(count))  # each exactly once
    served = [int(r["id"][1:]) for r in replies if r["type"] == "verdict"]
    busy = [r for r in replies if r["type"] == "error"]
    assert served == sorted(served) and served  # in request order
    assert all(r["code"] == "busy" for r in busy)


def test_nothing_is_logged_in_clear_even_at_debug_level(bridge_env):
    proc = subprocess.run(
        [sys.executable, "-m", "dlpguard", "-vv", "native-host"],  # -vv: the most it can log
        input=b"".join(
            frame(p)
            for p in (
                scan_request("a", f"card {CARD} mail {EMAIL}", conversation_id="c"),
                request(id="b", type="restore", conversation_id="c", text="to <EMAIL_ADDRESS_1>"),
                request(
                    id="c",
                    type="decision",
                    incident_id="nope",
                    user_action="send_anyway",
                    justification=EMAIL,
                ),
                request(id="d", type="scan", text=CARD, event="typing"),
            )
        ),
        capture_output=True,
        env=bridge_env.environ(),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0
    log = proc.stderr.decode()
    assert "DEBUG" in log
    for value in (CARD, CARD.replace(" ", ""), EMAIL):
        assert value not in log
    assert EMAIL.encode() in proc.stdout  # restored for the user: it is the reply, not a log


@pytest.fixture
def app(bridge_env):
    services = GuardServices()
    server = BridgeServer(services)
    server.start()
    yield server
    server.stop()
    services.close()


def test_with_the_app_running_the_host_relays_to_it(app, start_host):
    host = start_host()
    assert host.ask(hello())["served_by"] == "app"
    reply = host.ask(scan_request("s", f"🧑‍💻 card {CARD}"))
    assert (reply["served_by"], reply["action"], reply["findings"][0]["start"]) == ("app", "block", 11)
    bad = host.ask(b"\xff")  # errors from the app come back unchanged
    assert (bad["code"], bad["served_by"]) == ("bad_utf8", "app")
    assert app.active_connections == 1  # one connection, reused for every request
    host.close_stdin()
    assert host.wait() == 0


def test_frame_level_problems_are_answered_by_the_host_itself_while_relaying(app, start_host):
    host = start_host()
    assert host.ask(hello())["served_by"] == "app"
    host.write(HEADER.pack(0xFFFFFFF0))
    reply = host.recv()
    assert (reply["code"], reply["served_by"]) == ("too_large", "native-host")
    assert host.wait() == 2


def test_when_the_app_goes_away_the_host_answers_in_process(app, start_host):
    host = start_host()
    assert host.ask(hello())["served_by"] == "app"
    app.stop()
    reply = host.ask(scan_request("after", f"card {CARD}"))
    assert (reply["id"], reply["served_by"], reply["action"]) == ("after", "native-host", "block")


def test_a_flood_through_the_relay_is_answered_in_order_or_busy(app, start_host):
    host = start_host()
    count = 2000
    data = b"".join(frame(scan_request(f"f{i}", f"note {i}: card {CARD}")) for i in range(count))
    writer = threading.Thread(target=lambda: (host.write(data), host.close_stdin()))
    writer.start()
    replies = host.remaining_replies()
    writer.join(60)
    assert host.wait() == 0
    assert sorted(r["id"] for r in replies) == sorted(f"f{i}" for i in range(count))
    served = [int(r["id"][1:]) for r in replies if r["type"] == "verdict"]
    assert served == sorted(served) and served
    assert {r["code"] for r in replies if r["type"] == "error"} <= {"busy"}


# -- cold start: pattern-only verdicts before the NER model is in, then NER ----------------------------


class InProcessHost:
    """`run_native_host` on OS pipes in a thread of this process, so a test can hold the model's load."""

    def __init__(self, address: str) -> None:
        in_read, self._in_write = os.pipe()
        self._out_read, out_write = os.pipe()
        self._stdin = os.fdopen(in_read, "rb")
        self._stdout = os.fdopen(out_write, "wb", buffering=0)
        self._replies = os.fdopen(self._out_read, "rb")
        self.thread = threading.Thread(
            target=lambda: run_native_host(self._stdin, self._stdout, address=address), daemon=True
        )
        self.thread.start()

    def ask(self, payload: bytes) -> dict:
        os.write(self._in_write, frame(payload))
        (length,) = HEADER.unpack(self._replies.read(HEADER.size))
        return json.loads(self._replies.read(length))

    def close(self) -> None:
        os.close(self._in_write)
        self.thread.join(60)
        self._stdout.close()
        self._replies.close()
        self._stdin.close()


@pytest.fixture
def ner_host(bridge_env, monkeypatch):
    """A host without the app, NER on, whose model load waits for `release`."""
    bridge_env.policy_path.write_text(POLICY.replace("detection: {ner: false}", "detection: {ner: true}"))
    release = threading.Event()
    original = Engine.load_model

    def held(self):
        release.wait(60)
        return original(self)

    monkeypatch.setattr(Engine, "load_model", held)
    host = InProcessHost(str(bridge_env.socket_path))
    host.release = release
    yield host
    release.set()
    host.close()


def test_a_cold_host_answers_pattern_only_before_the_model_and_says_ner_is_pending(ner_host):
    assert ner_host.ask(hello())["ner_pending"] is True
    text = f"Hi team, Priya Raman will pay Tomasz Nowak on Monday with card {CARD}.\n"
    first = ner_host.ask(scan_request("cold", text))
    assert (first["action"], first["engine_mode"], first["ner_pending"]) == ("block", "pattern-only", True)
    # before the model: the card, and names only from the pattern side (listed first and last names)
    assert "CREDIT_CARD" in {f["entity_type"] for f in first["findings"]}
    assert {f["entity_type"] for f in first["findings"]} <= {"CREDIT_CARD", "PERSON"}
    ner_host.release.set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        later = ner_host.ask(scan_request("later", text))
        if not later["ner_pending"]:
            break
        time.sleep(0.05)
    assert (later["action"], later["engine_mode"], later["ner_pending"]) == ("block", "ner", False)
    assert "PERSON" in {f["entity_type"] for f in later["findings"]}
    assert ner_host.ask(hello())["ner_pending"] is False


def test_a_one_mib_paste_gets_a_verdict_that_says_what_ner_did_not_read(ner_host):
    ner_host.release.set()
    sentence = "Priya Raman asked Tomasz Nowak in Denver to check the numbers before Friday. "
    text = ((sentence * 14 + "\n") * 1000)[: 1024 * 1024 - 60] + f"\nemail {EMAIL}\n"
    deadline = time.monotonic() + 60
    while ner_host.ask(scan_request("w", "Hi Priya, see you in Denver."))["ner_pending"]:
        assert time.monotonic() < deadline, "the model never loaded"
        time.sleep(0.05)
    reply = ner_host.ask(scan_request("big", text))
    assert (reply["type"], reply["engine_mode"], reply["ner_pending"]) == ("verdict", "ner", False)
    assert reply["action"] == "mask"
    assert reply["ner_skipped_chars"] > 900_000
    assert any(f["entity_type"] == "EMAIL_ADDRESS" for f in reply["findings"])  # the end was scanned
