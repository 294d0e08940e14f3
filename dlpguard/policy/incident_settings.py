"""Incident-log settings as the admin policy states them: retention, key storage, SIEM forwarding.

They are part of the policy (the schema embeds `IncidentSettings`), so they live in the policy layer;
the incident log reads them from here.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, HttpUrl


class KeyringFallback(StrEnum):
    """What to do when no OS keyring holds the fingerprint key (headless Linux without a secret service)."""

    REFUSE = "refuse"  # no incident log until a keyring exists; a clear error in doctor and the log
    #: The default: a 0600 key file in the user's data dir, with a warning in the log and doctor. A
    #: desktop without a keyring still keeps its audit trail; admins who prefer none choose `refuse`.
    FILE = "file"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SyslogTarget(_Strict):
    """RFC 5424 syslog over TCP (octet-counted framing, RFC 6587), optionally TLS (RFC 5425)."""

    host: str
    port: int = Field(6514, ge=1, le=65535)
    tls: bool = True
    ca_file: str | None = None
    app_name: str = "dlpguard"
    facility: int = Field(10, ge=0, le=23)  # authpriv


class HttpTarget(_Strict):
    """An HTTP JSON collector (Splunk HEC compatible: `Authorization: Splunk <token>`)."""

    url: HttpUrl
    token_env: str | None = None  # name of an env var holding the token; never the token itself
    verify_tls: bool = True
    ca_file: str | None = None
    timeout_seconds: float = Field(5.0, gt=0, le=60)


class ForwardingConfig(_Strict):
    syslog: SyslogTarget | None = None
    http: HttpTarget | None = None
    max_attempts: int = Field(0, ge=0)  # 0 = retry forever (with backoff); nothing is dropped
    backoff_max_seconds: float = Field(300.0, gt=0)


class IncidentSettings(_Strict):
    retention_days: int = Field(180, ge=1, le=3650)
    keyring_fallback: KeyringFallback = KeyringFallback.FILE
    forwarding: ForwardingConfig = ForwardingConfig()
    store_masked_previews: bool = True
