"""Real loopback receivers for forwarding tests: a syslog TCP/TLS server and a HEC-style HTTP collector.

Both can be stopped and started again on the same port, to play a SIEM outage.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import re
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (IP SAN) and its key, as PEM files: (cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dlpguard test collector")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "collector.pem", directory / "collector.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


# -- syslog ---------------------------------------------------------------------------------------


def read_octet_counted(stream: bytes) -> list[bytes]:
    """Splits an RFC 6587 octet-counted stream into messages; raises on a malformed frame."""
    messages = []
    rest = stream
    while rest:
        length, sep, rest = rest.partition(b" ")
        if not sep or not length.isdigit():
            raise ValueError(f"bad frame header {length[:20]!r}")
        n = int(length)
        if len(rest) < n:
            raise ValueError("truncated frame")
        messages.append(rest[:n])
        rest = rest[n:]
    return messages


@dataclass
class SyslogReceiver:
    """Accepts connections, reads each to end-of-stream, and keeps the octet-counted messages."""

    tls_files: tuple[Path, Path] | None = None
    port: int = field(default_factory=free_port)
    messages: list[bytes] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        self._server: _Server | None = None
        self._lock = threading.Lock()

    def _handler(self) -> type[socketserver.BaseRequestHandler]:
        receiver = self
        context = None
        if self.tls_files:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*map(str, self.tls_files))

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn = self.request
                if context is not None:
                    conn = context.wrap_socket(conn, server_side=True, suppress_ragged_eofs=True)
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
                with receiver._lock:
                    receiver.connections += 1
                    receiver.messages.extend(read_octet_counted(b"".join(chunks)))

        return Handler

    def start(self) -> SyslogReceiver:
        self._server = _Server(("127.0.0.1", self.port), self._handler())
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


# RFC 5424 section 6: HEADER SP STRUCTURED-DATA [SP MSG]
HEADER = re.compile(
    r"^<(?P<pri>\d{1,3})>1 (?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)) "
    r"(?P<host>[!-~]{1,255}) (?P<app>[!-~]{1,48}) (?P<procid>[!-~]{1,128}) (?P<msgid>[!-~]{1,32}) "
)
SD_ELEMENT = re.compile(
    r'\[(?P<id>[^ =\]"]{1,32})(?P<params>(?: [^ =\]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*")*)\]'
)
SD_PARAM = re.compile(r'([^ =\]"]{1,32})="((?:[^"\\\]]|\\["\\\]])*)"')


def parse_rfc5424(message: bytes) -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, object]]:
    """(header, structured data, JSON body); fails the test on anything RFC 5424 does not allow."""
    text = message.decode("utf-8")
    header = HEADER.match(text)
    assert header, text[:120]
    rest = text[header.end() :]
    elements: dict[str, dict[str, str]] = {}
    while rest.startswith("["):
        element = SD_ELEMENT.match(rest)
        assert element, rest[:120]
        unescape = lambda v: re.sub(r"\\([\"\\\]])", r"\1", v)  # noqa: E731
        elements[element["id"]] = {k: unescape(v) for k, v in SD_PARAM.findall(element["params"])}
        rest = rest[element.end() :]
    assert rest.startswith(" \ufeff"), "MSG must be UTF-8 with a BOM"
    return header.groupdict(), elements, json.loads(rest[2:])


# -- HTTP (Splunk HEC shape) ---------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: dict[str, object]


@dataclass
class HecReceiver:
    """An HTTP collector on loopback; `fail_next(n)` answers the next n requests with `status`."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)  # accepted requests only
    refused: int = 0
    _failures: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server: http.server.ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/services/collector/event"

    def fail_next(self, n: int, status: int = 503) -> None:
        with self._lock:
            self._failures.extend([status] * n)

    def start(self) -> HecReceiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    status = receiver._failures.pop(0) if receiver._failures else 200
                    if status == 200:
                        headers = {
                            k.lower(): v for k, v in self.headers.items()
                        }  # names are case-insensitive
                        receiver.received.append(Received(self.path, headers, json.loads(body)))
                    else:
                        receiver.refused += 1
                reply = json.dumps(
                    {"text": "Success" if status == 200 else "Unavailable", "code": 0}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def keys(self) -> list[str]:
        return [r.headers["x-dlpguard-idempotency-key"] for r in self.received]
