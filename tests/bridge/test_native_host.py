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

import pytest

from dlpguard.bridge.server import BridgeServer
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, EMAIL, HEADER, frame, request, scan_request

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
