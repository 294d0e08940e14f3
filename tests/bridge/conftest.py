"""Fixtures for the bridge: private dirs per test, a pattern-only policy, and a real native host process.

Every path DLP Guard could touch points into the test's own dirs. The runtime dir (which holds the
socket) lives under a short /tmp path, since Unix socket paths are limited to about 100 bytes.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

HEADER = struct.Struct("=I")
READ_TIMEOUT = 60.0

#: Pattern-only (no spaCy load per process), and the incident log keeps its key in a file, since the
#: test machine has no OS keyring.
POLICY = textwrap.dedent(
    """\
    schema_version: 1
    version: 7
    detection: {ner: false}
    incidents: {keyring_fallback: file}
    """
)

# Planted values: they look real to the recognizers and are not real.
CARD = "4539 1488 0343 6467"
EMAIL = "maria.keller@northwind-traders.net"


def frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def request(**fields: object) -> bytes:
    return json.dumps({"v": 1, **fields}).encode()


def scan_request(message_id: str, text: str, **extra: object) -> bytes:
    return request(id=message_id, type="scan", text=text, site="chatgpt.com", event="paste", **extra)


@dataclass
class BridgeEnv:
    root: Path
    runtime_dir: Path
    data_dir: Path
    policy_path: Path

    @property
    def socket_path(self) -> Path:
        return self.runtime_dir / "bridge.sock"

    def environ(self) -> dict[str, str]:
        """For subprocesses: our dirs, nothing DLPGUARD_* from the developer's shell."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
        base.update(
            DLPGUARD_DATA_DIR=str(self.data_dir),
            DLPGUARD_CONFIG_DIR=str(self.root / "config"),
            DLPGUARD_RUNTIME_DIR=str(self.runtime_dir),
            DLPGUARD_MACHINE_DIR=str(self.root / "machine"),
            DLPGUARD_POLICY=str(self.policy_path),
        )
        return base


@pytest.fixture
def bridge_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    short = Path(tempfile.mkdtemp(prefix="dg-", dir="/tmp"))
    env = BridgeEnv(tmp_path, short / "run", tmp_path / "data", tmp_path / "machine" / "policy.yaml")
    env.policy_path.parent.mkdir()
    env.policy_path.write_text(POLICY, encoding="utf-8")
    for name, value in env.environ().items():
        if name.startswith("DLPGUARD_"):
            monkeypatch.setenv(name, value)
    yield env
    shutil.rmtree(short, ignore_errors=True)


class HostProcess:
    """A real `native-host` process with pipes; every read has a timeout, so a hang fails the test."""

    def __init__(self, env: BridgeEnv, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dlpguard", "native-host", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env.environ(),
        )
        self._frames: queue.Queue[bytes | None] = queue.Queue()
        self.stray_bytes = b""
        self._stderr = b""
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        self._err_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._err_reader.start()

    def _read_stdout(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            header = out.read(HEADER.size)
            if len(header) < HEADER.size:
                self.stray_bytes += header
                break
            (length,) = HEADER.unpack(header)
            body = out.read(length)
            if len(body) < length:
                self.stray_bytes += header + body
                break
            self._frames.put(body)
        self._frames.put(None)

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        self._stderr = self.proc.stderr.read()

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, payload: bytes) -> None:
        self.write(frame(payload))

    def recv(self, timeout: float = READ_TIMEOUT) -> dict:
        try:
            body = self._frames.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no reply within {timeout} s: the host hangs") from None
        assert body is not None, f"the host closed stdout; stderr: {self.stderr_text()}"
        return json.loads(body)

    def ask(self, payload: bytes) -> dict:
        self.send(payload)
        return self.recv()

    def close_stdin(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def wait(self, timeout: float = READ_TIMEOUT) -> int:
        return self.proc.wait(timeout)

    def remaining_replies(self, timeout: float = READ_TIMEOUT) -> list[dict]:
        """Every reply until the host closes stdout."""
        out = []
        while True:
            try:
                body = self._frames.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("the host neither answered nor closed stdout") from None
            if body is None:
                return out
            out.append(json.loads(body))

    def stderr_text(self) -> str:
        self._err_reader.join(timeout=5)
        return self._stderr.decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            if self.proc.stdin and not self.proc.stdin.closed:
                self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        self._err_reader.join(timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


@pytest.fixture
def start_host(bridge_env: BridgeEnv):
    hosts: list[HostProcess] = []

    def start(*args: str) -> HostProcess:
        host = HostProcess(bridge_env, *args)
        hosts.append(host)
        return host

    yield start
    for host in hosts:
        host.stop()


SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(schema: dict, message: dict, kind: str | None = None) -> list[str]:
    """Why `message` does not validate (against `$defs/<kind>` when given); empty when it does."""
    from jsonschema import Draft202012Validator

    target = schema if kind is None else {**schema, "$ref": f"#/$defs/{kind}"}
    if kind is not None:
        target = {k: v for k, v in target.items() if k != "oneOf"}
    return [e.message for e in Draft202012Validator(target).iter_errors(message)]
