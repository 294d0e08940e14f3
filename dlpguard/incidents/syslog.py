"""RFC 5424 syslog messages with `[dlpguard@32473 ...]` structured data, sent over TCP or TLS (RFC 5425)
with octet-counting framing (RFC 6587).

Syslog over TCP has no acknowledgement. To know a batch arrived, each batch goes over a fresh
connection that we half-close; the receiver reading to end-of-stream and closing its side is taken as
receipt (a receiver that closes with data unread sends a reset instead). A reset or an error leaves the
whole batch in the outbox: at-least-once, so the receiver may see a message twice, with the same `idem`.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
from collections.abc import Mapping, Sequence

from dlpguard import __version__
from dlpguard.incidents.outbox import OutboxRow
from dlpguard.incidents.sender import Delivery, Sender
from dlpguard.policy.incident_settings import SyslogTarget

#: 32473 is the private enterprise number RFC 5612 reserves for examples; a registered one can replace it.
SD_ID = "dlpguard@32473"
_BOM = "\ufeff"

# Severity by what happened: a block or an override is worth a warning, the rest is a notice or info.
_SEVERITY_BY_ACTION = {"block": 4, "mask": 5, "warn": 5, "audit": 6, "allow": 6}


def severity(event: Mapping[str, object]) -> int:
    kind = event.get("kind")
    # A lost or altered log, or a queued copy that failed its check, is worth a warning.
    if kind in ("log_recovered", "anchor_mismatch", "outbox_unverified") or event.get("integrity"):
        return 4
    if kind == "decision":
        # An override: the original sent anyway, or restored to the clipboard from the masked copy.
        return 4 if event.get("decision") in ("send_anyway", "restored") else 6
    if kind == "detection":
        return _SEVERITY_BY_ACTION.get(str(event.get("action")), 5)
    return 6


def _header_field(value: object, max_len: int) -> str:
    """HOSTNAME/APP-NAME/PROCID/MSGID: printable US-ASCII without spaces, or the nil value `-`."""
    text = "".join(c for c in str(value or "") if 33 <= ord(c) <= 126)[:max_len]
    return text or "-"


def _param_value(value: object) -> str:
    """SD-PARAM values escape `"`, `\\` and `]` (RFC 5424 6.3.3)."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def _counts(counts: object) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(dict(counts or {}).items()))  # type: ignore[call-overload]


def structured_data(event: Mapping[str, object], idempotency_key: str) -> str:
    chain = dict(event.get("chain") or {})  # type: ignore[call-overload]
    params: dict[str, object] = {
        "id": event.get("id"),
        "idem": idempotency_key,
        "kind": event.get("kind"),
        "ref": event.get("ref_id"),
        "action": event.get("action"),
        "decision": event.get("decision"),
        "outcome": event.get("outcome"),
        "integrity": dict(event.get("integrity") or {}).get("outbox"),  # type: ignore[call-overload]
        "source": event.get("source"),
        "site": event.get("site"),
        "urlHost": event.get("url_host"),
        "event": event.get("event"),
        "categories": _counts(event.get("counts_by_category")) or None,
        "entities": _counts(event.get("counts_by_entity")) or None,
        "user": event.get("user"),
        "policyVersion": event.get("policy_version"),
        "policyHash": event.get("policy_hash"),
        "chainSeq": chain.get("seq"),
        "chainHash": chain.get("hash"),
    }
    body = " ".join(f'{name}="{_param_value(v)}"' for name, v in params.items() if v not in (None, ""))
    origin = (
        f'[origin software="dlpguard" swVersion="{_param_value(event.get("app_version") or __version__)}"]'
    )
    return f"[{SD_ID} {body}]{origin}"


def format_message(
    event: Mapping[str, object], idempotency_key: str, *, app_name: str = "dlpguard", facility: int = 10
) -> bytes:
    """One RFC 5424 message: header, structured data, and the full event as UTF-8 JSON (with BOM)."""
    pri = facility * 8 + severity(event)
    timestamp = str(event.get("time") or "-").replace("+00:00", "Z")
    header = " ".join(
        (
            f"<{pri}>1",
            timestamp,
            _header_field(event.get("host"), 255),
            _header_field(app_name, 48),
            _header_field(os.getpid(), 128),
            _header_field(event.get("kind"), 32),
        )
    )
    msg = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{header} {structured_data(event, idempotency_key)} {_BOM}{msg}".encode()


def frame(message: bytes) -> bytes:
    """Octet-counting framing (RFC 6587 3.4.1): `MSG-LEN SP SYSLOG-MSG`."""
    return str(len(message)).encode("ascii") + b" " + message


class SyslogSender(Sender):
    def __init__(self, target: SyslogTarget, *, timeout: float = 10.0) -> None:
        self.target = target
        self.timeout = timeout
        self._tls: ssl.SSLContext | None = None
        if target.tls:
            self._tls = ssl.create_default_context(cafile=target.ca_file)
            self._tls.minimum_version = ssl.TLSVersion.TLSv1_2

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.target.host, self.target.port), timeout=self.timeout)
        if self._tls is None:
            return sock
        try:
            return self._tls.wrap_socket(sock, server_hostname=self.target.host)
        except BaseException:
            sock.close()
            raise

    def deliver(self, rows: Sequence[OutboxRow]) -> Delivery:
        frames = [
            frame(
                format_message(
                    json.loads(r.payload), r.idempotency_key,
                    app_name=self.target.app_name, facility=self.target.facility,
                )
            )
            for r in rows
        ]  # fmt: skip
        where = f"syslog {self.target.host}:{self.target.port}"
        try:
            sock = self._connect()
        except (OSError, ssl.SSLError) as exc:
            return Delivery(outage=f"{where}: cannot connect: {exc}")
        try:
            try:
                sock.sendall(b"".join(frames))
                self._half_close(sock)
            except (OSError, ssl.SSLError) as exc:  # includes a timeout: not everything went out
                return Delivery(outage=f"{where}: connection failed while sending: {exc}")
            try:
                while sock.recv(4096):  # the receiver closes its side once it has read everything
                    pass
            except TimeoutError:
                pass  # all sent without error but no close seen: delivered, as far as plain syslog knows
            except (OSError, ssl.SSLError) as exc:
                return Delivery(outage=f"{where}: the receiver reset the connection: {exc}")
        finally:
            sock.close()
        return Delivery(delivered=[r.id for r in rows])

    @staticmethod
    def _half_close(sock: socket.socket) -> None:
        """TCP FIN after the last byte. A peer that closes with our data unread answers with a reset,
        one that read it all answers with FIN: that difference is the receipt. (For TLS this ends the
        stream without close_notify; receivers see an early EOF after the last complete message.)"""
        sock.shutdown(socket.SHUT_WR)
