"""The per-install fingerprint key: 32 random bytes in the OS keyring, created on first use.

Without a usable keyring (headless Linux with no Secret Service) the policy decides: `refuse` raises
`IncidentLogError` with a message saying what to do; `file` keeps the key in a 0600 file in the user's
data dir and reports a warning that `doctor` shows. The key is never written anywhere in clear silently.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from dlpguard.errors import IncidentLogError
from dlpguard.incidents.locking import file_lock
from dlpguard.paths import private_dir, user_data_dir
from dlpguard.policy.incident_settings import KeyringFallback

logger = logging.getLogger(__name__)

SERVICE = "dlpguard"
USERNAME = "incident-fingerprint-key"
KEY_FILE_NAME = "incident-fingerprint.key"
KEY_BYTES = 32

FILE_FALLBACK_WARNING = (
    "the incident fingerprint key is kept in a file in the user data dir because no OS keyring is "
    "available; anyone who can read the user's files can test guesses against the log's fingerprints"
)


class KeyringUnavailable(IncidentLogError):
    """No keyring backend that can keep a secret (the policy's fallback decides what happens next)."""


@dataclass(frozen=True)
class FingerprintKey:
    key: bytes = field(repr=False)
    source: Literal["keyring", "file"]
    warning: str | None = None


def _decode(stored: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(stored.strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        # Replacing it would silently change every fingerprint; a human must decide.
        raise IncidentLogError(
            f"the incident fingerprint key in {where} is malformed; remove it to start anew"
        )
    return key


def _read_key_file(path: Path) -> bytes | None:
    try:
        stored = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        logger.warning("fingerprint key file %s was readable by others; restricting it to the user", path)
        path.chmod(0o600)
    return _decode(stored, str(path))


def _write_key_file(path: Path, key: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex())
        out.flush()
        os.fsync(out.fileno())


def _keyring_get(backend: KeyringBackend) -> str | None:
    try:
        return backend.get_password(SERVICE, USERNAME)
    except (KeyringError, RuntimeError) as exc:
        raise KeyringUnavailable(f"{type(backend).__name__}: {exc}") from exc


def _keyring_store(backend: KeyringBackend, key: bytes) -> None:
    try:
        backend.set_password(SERVICE, USERNAME, key.hex())
    except (KeyringError, RuntimeError) as exc:
        raise KeyringUnavailable(f"{type(backend).__name__}: {exc}") from exc
    # Some backends (keyring's null backend) accept a write and keep nothing.
    if _keyring_get(backend) != key.hex():
        raise KeyringUnavailable(f"{type(backend).__name__} did not keep the key")


def _from_keyring(backend: KeyringBackend, key_file: Path) -> bytes:
    stored = _keyring_get(backend)
    if stored is not None:
        return _decode(stored, f"the OS keyring ({SERVICE}/{USERNAME})")
    # A key from an earlier file fallback moves into the keyring so fingerprints stay comparable.
    key = _read_key_file(key_file) or os.urandom(KEY_BYTES)
    _keyring_store(backend, key)
    if key_file.exists():
        key_file.unlink()
        logger.info("moved the incident fingerprint key from its fallback file into the OS keyring")
    return key


def load_or_create_key(
    fallback: KeyringFallback,
    *,
    backend: KeyringBackend | None = None,
    data_dir: Path | None = None,
) -> FingerprintKey:
    """The install's key, creating it on first use; `backend` defaults to keyring's chosen backend."""
    directory = private_dir(data_dir or user_data_dir())
    key_file = directory / KEY_FILE_NAME
    chosen = backend if backend is not None else keyring.get_keyring()
    # Two processes starting together must not each create (and one lose) a different key.
    with file_lock(directory / ".fingerprint-key.lock"):
        try:
            return FingerprintKey(_from_keyring(chosen, key_file), "keyring")
        except KeyringUnavailable as exc:
            if fallback is KeyringFallback.REFUSE:
                raise IncidentLogError(
                    f"no usable OS keyring for the incident fingerprint key ({exc}); install or unlock a "
                    "keyring (Secret Service, KWallet, macOS Keychain, Windows Credential Manager), or have "
                    "the admin policy set incidents.keyring_fallback: file"
                ) from exc
            reason = str(exc)
        key = _read_key_file(key_file)
        if key is None:
            key = os.urandom(KEY_BYTES)
            _write_key_file(key_file, key)
        logger.warning("incident fingerprint key kept in %s: no usable OS keyring (%s)", key_file, reason)
        return FingerprintKey(key, "file", warning=FILE_FALLBACK_WARNING)
