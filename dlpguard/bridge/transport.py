"""The local link between native hosts and the tray app, behind one small platform factory.

POSIX: a Unix socket `bridge.sock` in the user's runtime dir (`paths.user_runtime_dir`: never a name
another user could create first); the dir is 0700 and the user's own (else the server refuses to
listen), the socket 0600, and the server checks the peer's uid (SO_PEERCRED on Linux, LOCAL_PEERCRED on
macOS) before it reads a byte; the client checks the server's. Windows: a byte-mode named pipe whose
DACL grants access to the current user only, refusing remote clients; it uses overlapped I/O because
a synchronous pipe handle serialises a blocked read and a write on the same handle (the relay reads
and writes at once). The Windows path is not exercised by the Linux test suite.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import socket
import stat
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from dlpguard import paths
from dlpguard.bridge.framing import (
    DEFAULT_MAX_INBOUND_BYTES,
    MAX_OUTBOUND_BYTES,
    FrameReader,
    FrameWriter,
    Readable,
    Writable,
)
from dlpguard.errors import BridgeError, UnsafePathError

logger = logging.getLogger(__name__)

SOCKET_NAME = "bridge.sock"
PIPE_PREFIX = "\\\\.\\pipe\\dlpguard-bridge-"
CONNECT_TIMEOUT_SECONDS = 0.5
#: sockaddr_un holds 108 bytes on Linux and 104 on macOS, terminator included.
MAX_SOCKET_PATH_BYTES = 103


class ListenerClosed(BridgeError):
    """accept() on a listener that was closed."""


@dataclass(eq=False)  # identity: connections are keys of the server's table
class Connection:
    """One end of a link: frames in, frames out."""

    reader: FrameReader
    writer: FrameWriter
    closer: Callable[[], None]
    peer: str = ""
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        """Ends the link; a thread blocked reading from it sees the end of stream."""
        if not self._closed:
            self._closed = True
            self.closer()


class Listener(Protocol):
    address: str

    def accept(self) -> Connection | None:
        """The next connection; None when a peer was refused; `ListenerClosed` once closed."""
        ...

    def wake(self) -> None:
        """Unblocks a thread waiting in accept() (it returns, and sees the server stopping)."""
        ...

    def close(self) -> None: ...


def default_address() -> str:
    if sys.platform == "win32":
        return PIPE_PREFIX + "".join(c for c in getpass.getuser() if c.isalnum() or c in "-_.")
    return str(paths.user_runtime_dir() / SOCKET_NAME)


def listen(address: str | None = None, *, max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES) -> Listener:
    """The server side, for this platform."""
    address = address or default_address()
    if sys.platform == "win32":
        return _WindowsPipeListener(address, max_request_bytes)
    return UnixListener(Path(address), max_request_bytes)


def connect(
    address: str | None = None,
    *,
    timeout: float = CONNECT_TIMEOUT_SECONDS,
    max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
) -> Connection | None:
    """The client side: a connection to the app, or None when it is not running (or not ours)."""
    address = address or default_address()
    try:
        if sys.platform == "win32":
            return _windows_pipe_connect(address, timeout, max_request_bytes)
        return _unix_connect(Path(address), timeout, max_request_bytes)
    except OSError as exc:
        logger.debug("no app at %s: %s", address, type(exc).__name__)
        return None


# -- POSIX ------------------------------------------------------------------------------------------


class _SocketWriter:
    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def write(self, data: bytes) -> int:
        self._sock.sendall(data)
        return len(data)


def _socket_connection(sock: socket.socket, read_max: int, write_max: int, peer: str) -> Connection:
    rfile = sock.makefile("rb")

    def close() -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes a reader blocked in recv()
        with contextlib.suppress(OSError):
            rfile.close()
        sock.close()

    return Connection(
        FrameReader(rfile, max_size=read_max),
        FrameWriter(_SocketWriter(sock), max_size=write_max),
        close,
        peer,
    )


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end of a Unix socket; None where the OS cannot say."""
    if hasattr(socket, "SO_PEERCRED"):  # Linux: struct ucred {pid_t pid; uid_t uid; gid_t gid;}
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("iII"))
        return int(struct.unpack("iII", creds)[1])
    if sys.platform == "darwin":  # struct xucred {u_int cr_version; uid_t cr_uid; short cr_ngroups; ...}
        sol_local, local_peercred = 0, 1
        creds = sock.getsockopt(sol_local, local_peercred, struct.calcsize("IIh16I"))
        return int(struct.unpack_from("II", creds)[1])
    return None


def _check_path_length(path: Path) -> None:
    if len(os.fsencode(path)) > MAX_SOCKET_PATH_BYTES:
        raise BridgeError(f"socket path too long for this OS ({len(os.fsencode(path))} bytes): {path}")


class UnixListener:
    def __init__(self, path: Path, max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES) -> None:
        _check_path_length(path)
        self.path = path
        self.address = str(path)
        self.max_request_bytes = max_request_bytes
        try:
            paths.private_dir(path.parent)
        except UnsafePathError as exc:
            # Another local user got there first: serving here would hand them the socket. The native
            # hosts find no app and serve with their own engine; the tray says why the bridge is off.
            raise BridgeError(f"not serving the bridge: {exc}") from exc
        self._claim()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(str(path))
            # The 0700 dir already keeps others out; 0600 keeps them out if the dir is ever widened.
            path.chmod(0o600)
            sock.listen(16)
        except OSError as exc:
            sock.close()
            raise BridgeError(f"cannot listen on {path}: {exc.strerror or exc}") from exc
        self._sock = sock
        self._inode = path.stat().st_ino
        self._uid = os.getuid()

    def _claim(self) -> None:
        """Removes a stale socket left by a crashed app; refuses to take over a live one."""
        try:
            mode = self.path.lstat().st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISSOCK(mode):
            raise BridgeError(f"{self.path} exists and is not a socket")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(CONNECT_TIMEOUT_SECONDS)
        try:
            probe.connect(str(self.path))
        except OSError:
            self.path.unlink(missing_ok=True)
            return
        finally:
            probe.close()
        raise BridgeError(f"another DLP Guard app already serves {self.path}")

    def accept(self) -> Connection | None:
        try:
            sock, _ = self._sock.accept()
        except OSError as exc:
            raise ListenerClosed(str(self.path)) from exc
        try:
            uid = peer_uid(sock)
        except OSError:
            uid = -1
        if uid is not None and uid != self._uid:
            logger.warning("refused a bridge connection from uid %s", uid)
            sock.close()
            return None
        return _socket_connection(sock, self.max_request_bytes, MAX_OUTBOUND_BYTES, f"uid {uid}")

    def wake(self) -> None:
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(CONNECT_TIMEOUT_SECONDS)
            s.connect(self.address)

    def close(self) -> None:
        self._sock.close()
        with contextlib.suppress(OSError):
            if self.path.stat().st_ino == self._inode:  # never remove a newer server's socket
                self.path.unlink()


def _unix_connect(path: Path, timeout: float, max_request_bytes: int) -> Connection | None:
    if not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.settimeout(None)
        uid = peer_uid(sock)
        if uid is not None and uid != os.getuid():
            logger.warning("the bridge socket %s belongs to uid %s, not us: not using it", path, uid)
            sock.close()
            return None
    except OSError:
        sock.close()
        raise
    return _socket_connection(sock, MAX_OUTBOUND_BYTES, max_request_bytes, str(path))


# -- Windows (not exercised by the Linux test suite) ------------------------------------------------

_PIPE_REJECT_REMOTE_CLIENTS = 0x8
_PIPE_BUFFER = 64 * 1024


class _WindowsPipeStream:
    """An overlapped pipe handle as a binary stream: reads and writes may run in two threads at once."""

    def __init__(self, handle: int) -> None:
        self.handle = handle

    def read(self, size: int = -1) -> bytes:
        import _winapi  # type: ignore[import-not-found]

        ov, err = _winapi.ReadFile(self.handle, max(size, 1), overlapped=True)
        try:
            if err == _winapi.ERROR_IO_PENDING:
                _winapi.WaitForMultipleObjects([ov.event], False, _winapi.INFINITE)
        except BaseException:
            ov.cancel()
            raise
        nread, err = ov.GetOverlappedResult(True)
        return bytes(ov.getbuffer()[:nread]) if err == 0 else b""

    def write(self, data: bytes) -> int:
        import _winapi  # type: ignore[import-not-found]

        ov, err = _winapi.WriteFile(self.handle, data, overlapped=True)
        try:
            if err == _winapi.ERROR_IO_PENDING:
                _winapi.WaitForMultipleObjects([ov.event], False, _winapi.INFINITE)
        except BaseException:
            ov.cancel()
            raise
        written, err = ov.GetOverlappedResult(True)
        if err != 0 or written != len(data):
            raise BrokenPipeError("pipe write failed")
        return written

    def close(self) -> None:
        import _winapi  # type: ignore[import-not-found]
        import ctypes

        kernel32: Any = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.CancelIoEx(self.handle, None)  # wakes the other thread's pending read
        with contextlib.suppress(OSError):
            _winapi.CloseHandle(self.handle)


def _pipe_connection(handle: int, read_max: int, write_max: int, peer: str) -> Connection:
    stream = _WindowsPipeStream(handle)
    reader: Readable = stream
    writer: Writable = stream
    return Connection(
        FrameReader(reader, max_size=read_max), FrameWriter(writer, max_size=write_max), stream.close, peer
    )


def _user_only_security_attributes() -> Any:
    """SECURITY_ATTRIBUTES whose DACL grants the current user (and nobody else) full access."""
    import ctypes
    from ctypes import wintypes

    advapi32: Any = ctypes.windll.advapi32  # type: ignore[attr-defined]
    kernel32: Any = ctypes.windll.kernel32  # type: ignore[attr-defined]
    token = wintypes.HANDLE()
    token_query, token_user = 0x0008, 1
    if not advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), token_query, ctypes.byref(token)):
        raise BridgeError("cannot open the process token")
    try:
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, token_user, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(token, token_user, buffer, size, ctypes.byref(size)):
            raise BridgeError("cannot read the current user's SID")
    finally:
        kernel32.CloseHandle(token)
    sid_pointer = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]
    sid_text = wintypes.LPWSTR()
    if not advapi32.ConvertSidToStringSidW(ctypes.c_void_p(sid_pointer), ctypes.byref(sid_text)):
        raise BridgeError("cannot format the current user's SID")
    sddl = f"D:P(A;;GA;;;{sid_text.value})"
    kernel32.LocalFree(sid_text)

    class SecurityAttributes(ctypes.Structure):
        _fields_ = [
            ("nLength", wintypes.DWORD),
            ("lpSecurityDescriptor", ctypes.c_void_p),
            ("bInheritHandle", wintypes.BOOL),
        ]

    descriptor = ctypes.c_void_p()
    if not advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
        sddl, 1, ctypes.byref(descriptor), None
    ):
        raise BridgeError("cannot build the pipe's security descriptor")
    return SecurityAttributes(ctypes.sizeof(SecurityAttributes), descriptor, False)


class _WindowsPipeListener:
    def __init__(self, address: str, max_request_bytes: int) -> None:
        self.address = address
        self.max_request_bytes = max_request_bytes
        self._attributes = _user_only_security_attributes()
        self._closed = False
        self._next = self._new_instance(first=True)

    def _new_instance(self, *, first: bool = False) -> int:
        import _winapi  # type: ignore[import-not-found]
        import ctypes

        kernel32: Any = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.CreateNamedPipeW.restype = ctypes.c_void_p
        open_mode = _winapi.PIPE_ACCESS_DUPLEX | _winapi.FILE_FLAG_OVERLAPPED
        if first:  # fails if someone else already created a pipe of this name (squatting)
            open_mode |= _winapi.FILE_FLAG_FIRST_PIPE_INSTANCE
        pipe_mode = _winapi.PIPE_WAIT | _PIPE_REJECT_REMOTE_CLIENTS  # byte type, byte read mode
        handle = kernel32.CreateNamedPipeW(
            self.address,
            open_mode,
            pipe_mode,
            _winapi.PIPE_UNLIMITED_INSTANCES,
            _PIPE_BUFFER,
            _PIPE_BUFFER,
            0,
            ctypes.byref(self._attributes),
        )
        if handle in (None, ctypes.c_void_p(-1).value):
            raise BridgeError(f"cannot create the pipe {self.address} (error {kernel32.GetLastError()})")
        return int(handle)

    def accept(self) -> Connection | None:
        import _winapi  # type: ignore[import-not-found]

        if self._closed:
            raise ListenerClosed(self.address)
        handle = self._next
        try:
            try:
                ov = _winapi.ConnectNamedPipe(handle, overlapped=True)
            except OSError as exc:
                if exc.winerror != _winapi.ERROR_NO_DATA:  # NO_DATA: a client came and went already
                    raise
            else:
                try:
                    _winapi.WaitForMultipleObjects([ov.event], False, _winapi.INFINITE)
                except BaseException:
                    ov.cancel()
                    raise
                ov.GetOverlappedResult(True)  # raises when the connect failed or the handle was closed
        except OSError as exc:
            with contextlib.suppress(OSError):
                _winapi.CloseHandle(handle)
            if self._closed:
                raise ListenerClosed(self.address) from exc
            logger.warning("bridge pipe connect failed (error %s)", getattr(exc, "winerror", None))
            self._next = self._new_instance()
            return None
        if self._closed:
            with contextlib.suppress(OSError):
                _winapi.CloseHandle(handle)
            raise ListenerClosed(self.address)
        self._next = self._new_instance()
        return _pipe_connection(handle, self.max_request_bytes, MAX_OUTBOUND_BYTES, self.address)

    def wake(self) -> None:
        connection = connect(self.address)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        import _winapi  # type: ignore[import-not-found]

        self._closed = True
        with contextlib.suppress(OSError):
            _winapi.CloseHandle(self._next)


def _windows_pipe_connect(address: str, timeout: float, max_request_bytes: int) -> Connection | None:
    import _winapi  # type: ignore[import-not-found]

    for attempt in range(2):
        try:
            handle = _winapi.CreateFile(
                address,
                _winapi.GENERIC_READ | _winapi.GENERIC_WRITE,
                0,
                _winapi.NULL,
                _winapi.OPEN_EXISTING,
                _winapi.FILE_FLAG_OVERLAPPED,
                _winapi.NULL,
            )
        except OSError as exc:
            if exc.winerror == _winapi.ERROR_PIPE_BUSY and attempt == 0:
                _winapi.WaitNamedPipe(address, int(timeout * 1000))
                continue
            raise
        return _pipe_connection(handle, MAX_OUTBOUND_BYTES, max_request_bytes, address)
    return None
