"""Fixtures for the incident log: a private data dir per test, a fixed key, an in-memory keyring."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

from dlpguard.engine.types import Action, Category, Finding, Source
from dlpguard.incidents.build import build_incident
from dlpguard.incidents.model import Incident
from dlpguard.incidents.store import DB_NAME, Store

KEY = bytes(range(32))
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

# Raw values planted in test texts. Tests assert that none of them ever reaches a file, an export,
# a forwarded message or a log line; they look real enough for the recognizers and are not real.
RAW_VALUES = {
    "secret": "sk-proj-Q7vX2mKp9LwR4tYz8NcB3hJd",
    "card": "4929 1871 2253 6085",
    "email": "maria.keller@northwind-example.com",
}
TEXT = (
    f"please debug: OPENAI_API_KEY={RAW_VALUES['secret']}\n"
    f"customer paid with {RAW_VALUES['card']}, contact {RAW_VALUES['email']}\n"
)


class MemoryKeyring(KeyringBackend):
    """The one allowed stand-in: an OS keychain daemon cannot run in the test machine.

    Used only where a test passes it explicitly: its priority says "not viable", so keyring's own
    backend detection (in this or anyone else's test) never picks it up.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test keyring: only used when passed explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every path DLP Guard could touch points into this test's tmp dir."""
    data = tmp_path / "data"
    monkeypatch.setenv("DLPGUARD_DATA_DIR", str(data))
    monkeypatch.setenv("DLPGUARD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DLPGUARD_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("DLPGUARD_MACHINE_DIR", str(tmp_path / "machine"))
    monkeypatch.setenv("DLPGUARD_POLICY", str(tmp_path / "machine" / "policy.yaml"))
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    return data


@pytest.fixture
def db_path(private_home: Path) -> Path:
    return private_home / DB_NAME


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as s:
        yield s


def findings_in(text: str) -> list[Finding]:
    """Findings for the planted values, located the way the engine reports them (code-point spans)."""
    spans = [
        ("OPENAI_API_KEY", Category.SECRET, RAW_VALUES["secret"]),
        ("CREDIT_CARD", Category.FINANCIAL, RAW_VALUES["card"]),
        ("EMAIL_ADDRESS", Category.CONTACT, RAW_VALUES["email"]),
    ]
    found = []
    for entity, category, value in spans:
        for m in re.finditer(re.escape(value), text):
            found.append(Finding(entity, category, m.start(), m.end(), 0.9, "test"))
    return found


def outbox_rows(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Every outbox row as the forwarder left it (attempts, schedule, lease, last error), not the payload."""
    cursor = conn.execute(
        "SELECT id, target, incident_id, idempotency_key, attempts, next_attempt, lease_owner, last_error, "
        "dead FROM outbox ORDER BY id"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


SITES = ("chatgpt.com", "claude.ai", "gemini.google.com", "copilot.microsoft.com")
ACTIONS = (Action.WARN, Action.MASK, Action.BLOCK, Action.AUDIT)


def make_incident(i: int = 0, *, when: datetime | None = None, **overrides: object) -> Incident:
    """The i-th of a varied, deterministic series of incidents (site, action, categories vary with i)."""
    text = TEXT if i % 3 else f"card {RAW_VALUES['card']}"
    params: dict[str, object] = {
        "source": Source.BROWSER if i % 5 else Source.CLIPBOARD,
        "site": SITES[i % len(SITES)],
        "url": f"https://{SITES[i % len(SITES)]}/c/{i}?draft=private",
        "event": "paste",
        "policy_version": "7",
        "policy_hash": "ab" * 32,
        "now": when or T0 + timedelta(minutes=i),
    }
    params.update(overrides)
    action = params.pop("action", ACTIONS[i % len(ACTIONS)])
    return build_incident(text, findings_in(text), action, key=KEY, **params)  # type: ignore[arg-type]
