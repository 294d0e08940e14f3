"""Another local user cannot take the bridge's folder first: the server refuses clearly or picks a
folder of the user's own, never crashes, and the browser's native host still answers.

"Someone else" is uid 65534 (nobody): these tests chown, so they need root (CI runs as root).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlpguard.bridge.transport import UnixListener, connect
from dlpguard.errors import BridgeError
from tests.bridge.conftest import CARD, BridgeEnv, HostProcess, scan_request

NOBODY = 65534
pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs root to make a folder owned by another user"
)


def squat(folder: Path, mode: int = 0o777) -> Path:
    """What another local user would leave there: their own folder, open to everyone."""
    folder.mkdir(parents=True)
    folder.chmod(mode)
    os.chown(folder, NOBODY, NOBODY)
    return folder


def test_a_folder_someone_else_created_is_refused_with_a_reason(tmp_path):
    squatted = squat(tmp_path / "runtime-1000" / "dlpguard")
    with pytest.raises(BridgeError, match=r"not serving the bridge: .*belongs to uid 65534") as caught:
        UnixListener(squatted / "bridge.sock")
    assert "another user may have created it first" in str(caught.value)
    assert not (squatted / "bridge.sock").exists()
    assert stat.S_IMODE(squatted.stat().st_mode) == 0o777  # not touched


def test_the_client_finds_no_app_in_a_squatted_folder(tmp_path):
    squatted = squat(tmp_path / "dlpguard")
    assert connect(str(squatted / "bridge.sock")) is None


@dataclass
class Session:
    """A login session without a private runtime folder: the env a host and a server get."""

    env: dict[str, str]
    data_dir: Path

    def environ(self) -> dict[str, str]:  # what conftest.HostProcess asks for
        return self.env


@pytest.fixture
def squatted_session(bridge_env: BridgeEnv) -> Iterator[Session]:
    """XDG_RUNTIME_DIR names a folder another user made (with `dlpguard/` in it); no runtime override.
    The data dir is short, since the socket falls back into it."""
    short = Path(tempfile.mkdtemp(prefix="dg-", dir="/tmp"))
    squat(short / "xdg-run" / "dlpguard")
    (short / "xdg-run").chmod(0o777)
    os.chown(short / "xdg-run", NOBODY, NOBODY)
    env = {k: v for k, v in bridge_env.environ().items() if k != "DLPGUARD_RUNTIME_DIR"}
    env.update(DLPGUARD_DATA_DIR=str(short / "data"), XDG_RUNTIME_DIR=str(short / "xdg-run"))
    yield Session(env, short / "data")
    shutil.rmtree(short, ignore_errors=True)


def _start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dlpguard", "bridge-server"], stderr=subprocess.PIPE, env=env
    )


def test_a_squatted_runtime_dir_is_passed_over_and_the_host_relays_to_the_app(squatted_session):
    server = _start_server(squatted_session.env)
    host = None
    try:
        assert server.stderr is not None
        line = server.stderr.readline().decode().strip()
        socket_path = squatted_session.data_dir / "run" / "bridge.sock"
        assert line == f"dlpguard: bridge listening at {socket_path}"
        assert stat.S_IMODE(socket_path.parent.stat().st_mode) == 0o700
        assert socket_path.parent.stat().st_uid == os.getuid()
        host = HostProcess(squatted_session)  # the same session finds the same folder
        reply = host.ask(scan_request("s", f"card {CARD}"))
        assert (reply["action"], reply["served_by"]) == ("block", "app")
    finally:
        if host is not None:
            host.stop()
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        if server.stderr:
            server.stderr.close()


def test_when_no_safe_folder_is_left_the_server_says_so_and_the_host_serves_itself(squatted_session):
    squat(squatted_session.data_dir / "run")  # even the fallback, in a data dir gone wrong
    proc = subprocess.run(
        [sys.executable, "-m", "dlpguard", "bridge-server"],
        capture_output=True,
        env=squatted_session.env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    message = proc.stderr.decode().strip()
    assert message.startswith("dlpguard: error: not serving the bridge: ")
    assert "belongs to uid 65534" in message and "Traceback" not in message
    host = HostProcess(squatted_session)
    try:
        reply = host.ask(scan_request("s", f"card {CARD}"))
        assert (reply["action"], reply["served_by"]) == ("block", "native-host")
    finally:
        host.stop()
