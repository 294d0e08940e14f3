"""The tray app's local socket: user-only permissions, the peer check, concurrency, a clean stop."""

from __future__ import annotations

import json
import os
import select
import socket
import stat
import threading

import pytest

from dlpguard.bridge.server import BridgeServer
from dlpguard.bridge.transport import connect, peer_uid
from dlpguard.errors import BridgeError
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, HEADER, frame, request, scan_request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets")


@pytest.fixture
def server(bridge_env):
    services = GuardServices()
    srv = BridgeServer(services)
    srv.start()
    yield srv
    srv.stop()
    services.close()


def ask(sock: socket.socket, payload: bytes) -> dict:
    sock.sendall(frame(payload))
    return read_reply(sock)


def read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise AssertionError("connection closed")
        data += chunk
    return data


def read_reply(sock: socket.socket) -> dict:
    (length,) = HEADER.unpack(read_exact(sock, HEADER.size))
    return json.loads(read_exact(sock, length))


def client(path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(60)
    sock.connect(str(path))
    return sock


def test_the_socket_is_user_only_in_a_user_only_folder(server, bridge_env):
    assert server.address == str(bridge_env.socket_path)
    mode = bridge_env.socket_path.stat().st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(bridge_env.runtime_dir.stat().st_mode) == 0o700


def test_the_peer_is_identified_by_uid(server, bridge_env):
    with client(bridge_env.socket_path) as sock:
        assert peer_uid(sock) == os.getuid()
        reply = ask(sock, request(id="h", type="hello", extension_version="1"))
    assert (reply["type"], reply["served_by"]) == ("hello_ok", "app")


def test_one_connection_serves_many_requests(server, bridge_env):
    with client(bridge_env.socket_path) as sock:
        for i in range(20):
            reply = ask(sock, scan_request(f"s{i}", f"card {CARD}"))
            assert (reply["id"], reply["action"], reply["served_by"]) == (f"s{i}", "block", "app")


def test_a_slow_scan_on_one_connection_does_not_delay_another(server, bridge_env):
    big = "lorem ipsum dolor sit amet " * 150_000  # about 4 million characters: seconds of scanning
    with client(bridge_env.socket_path) as slow, client(bridge_env.socket_path) as quick:
        slow.sendall(frame(scan_request("slow", big)))
        reply = ask(quick, request(id="quick", type="hello", extension_version="1"))
        assert reply["id"] == "quick"
        ready, _, _ = select.select([slow], [], [], 0)
        assert ready == [], "the quick reply waited for the slow scan"
        assert read_reply(slow)["id"] == "slow"


def test_a_second_server_cannot_take_over_a_live_socket(server, bridge_env):
    with pytest.raises(BridgeError, match="already serves"):
        BridgeServer(GuardServices(incident_log_factory=None)).start()
    assert connect() is not None  # the first one still serves


def test_a_stale_socket_left_by_a_crash_is_replaced(bridge_env):
    bridge_env.runtime_dir.mkdir(parents=True, mode=0o700)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(bridge_env.socket_path))
    stale.close()  # the file stays, nobody listens
    with BridgeServer(GuardServices(incident_log_factory=None)) as srv, client(srv.address) as sock:
        assert ask(sock, request(id="h", type="hello", extension_version="1"))["type"] == "hello_ok"


def test_a_file_in_the_way_is_not_removed(bridge_env):
    bridge_env.runtime_dir.mkdir(parents=True, mode=0o700)
    bridge_env.socket_path.write_text("not a socket")
    with pytest.raises(BridgeError, match="not a socket"):
        BridgeServer(GuardServices(incident_log_factory=None)).start()
    assert bridge_env.socket_path.read_text() == "not a socket"


def test_stop_closes_connections_and_removes_the_socket(bridge_env):
    srv = BridgeServer(GuardServices(incident_log_factory=None))
    srv.start()
    sock = client(srv.address)
    ask(sock, request(id="h", type="hello", extension_version="1"))
    srv.stop()
    assert sock.recv(1) == b""  # the server ended the connection
    sock.close()
    assert not bridge_env.socket_path.exists()
    assert srv.active_connections == 0
    assert connect() is None


def test_connect_finds_no_app_when_none_runs(bridge_env):
    assert connect() is None


def test_a_socket_path_too_long_for_the_os_is_refused_clearly(bridge_env, tmp_path):
    long_dir = tmp_path / ("d" * 120)
    with pytest.raises(BridgeError, match="too long"):
        BridgeServer(
            GuardServices(incident_log_factory=None), address=str(long_dir / "bridge.sock")
        ).start()


def test_serve_forever_returns_after_request_stop(bridge_env):
    srv = BridgeServer(GuardServices(incident_log_factory=None))
    srv.start()  # serve_forever starts it too (idempotent); started here so the client cannot be early
    thread = threading.Thread(target=srv.serve_forever)
    thread.start()
    try:
        with client(bridge_env.socket_path) as sock:
            assert ask(sock, request(id="h", type="hello", extension_version="1"))["type"] == "hello_ok"
    finally:
        srv.request_stop()
        thread.join(30)
    assert not thread.is_alive() and not bridge_env.socket_path.exists()
