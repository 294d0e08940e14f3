"""One tray app per user: a local socket in the user's runtime dir that a second start talks to.

A second `dlpguard gui` connects, sends a command ("show" opens the review window) and exits. The same
socket answers "status" (JSON) for `dlpguard doctor`, the tests and the benchmark. One line in, one
JSON line out. POSIX clients need no Qt (`ask_running_app` uses a plain Unix socket), so the doctor
can ask without starting a GUI toolkit.
"""

from __future__ import annotations

import getpass
import json
import logging
import socket
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from dlpguard import paths
from dlpguard.errors import UnsafePathError

logger = logging.getLogger(__name__)

SOCKET_NAME = "gui.sock"
MAX_LINE = 4096
Handler = Callable[[str], dict[str, Any]]


def instance_address() -> str:
    if sys.platform == "win32":
        return "dlpguard-gui-" + "".join(c for c in getpass.getuser() if c.isalnum() or c in "-_.")
    return str(paths.user_runtime_dir() / SOCKET_NAME)


def ask_running_app(
    command: str, *, address: str | None = None, timeout: float = 3.0
) -> dict[str, Any] | None:
    """The running app's reply to `command`, or None when no app answers."""
    address = address or instance_address()
    line = (command.strip() + "\n").encode()
    try:
        if sys.platform == "win32":
            return _ask_qt(address, line, timeout)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
            sock.sendall(line)
            data = b""
            while not data.endswith(b"\n") and len(data) < 1 << 20:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None
    try:
        reply = json.loads(data)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) else None


def _ask_qt(address: str, line: bytes, timeout: float) -> dict[str, Any] | None:
    client = QLocalSocket()
    client.connectToServer(address)
    if not client.waitForConnected(int(timeout * 1000)):
        return None
    client.write(line)
    client.waitForBytesWritten(int(timeout * 1000))
    data = b""
    while not data.endswith(b"\n") and client.waitForReadyRead(int(timeout * 1000)):
        data += bytes(client.readAll().data())
    client.disconnectFromServer()
    try:
        reply = json.loads(data)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) else None


class InstanceServer(QObject):
    """Listens for commands from later starts; `handler(command) -> reply` runs on the UI thread."""

    def __init__(
        self, handler: Handler, *, address: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.address = address or instance_address()
        self.handler = handler
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """True when this process is now the instance; False when another one answers."""
        if sys.platform != "win32":
            try:
                paths.private_dir(paths.user_runtime_dir())
            except UnsafePathError as exc:  # someone else's folder: run, but answer no second start
                logger.error("no single-instance socket: %s", exc)
                return True
        if self.server.listen(self.address):
            return True
        if ask_running_app("ping", address=self.address) is not None:
            return False
        QLocalServer.removeServer(self.address)  # a socket left behind by a crash
        if self.server.listen(self.address):
            return True
        logger.error("cannot listen at %s: %s", self.address, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(connection: QLocalSocket = connection, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(connection.readAll().data()))
                if b"\n" not in buffer and len(buffer) < MAX_LINE:
                    return
                command = bytes(buffer).split(b"\n", 1)[0].decode("utf-8", "replace").strip()
                try:
                    reply = self.handler(command)
                except Exception as exc:
                    logger.exception("instance command %r failed", command)
                    reply = {"ok": False, "error": type(exc).__name__}
                connection.write((json.dumps(reply) + "\n").encode())
                connection.flush()
                connection.disconnectFromServer()

            connection.readyRead.connect(read)
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():  # arrived before the slot was connected
                read()
