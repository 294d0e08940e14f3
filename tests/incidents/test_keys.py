from __future__ import annotations

import logging
import stat

import pytest
from keyring.backends import fail, null

from dlpguard.errors import IncidentLogError
from dlpguard.incidents.keys import KEY_BYTES, KEY_FILE_NAME, SERVICE, USERNAME, load_or_create_key
from dlpguard.policy.incident_settings import KeyringFallback
from tests.incidents.conftest import MemoryKeyring


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fallback", list(KeyringFallback))
def test_a_key_is_created_in_the_keyring_on_first_use_and_reused(private_home, fallback):
    backend = MemoryKeyring()
    first = load_or_create_key(fallback, backend=backend)
    again = load_or_create_key(fallback, backend=backend)
    assert first.source == "keyring" and first.warning is None
    assert len(first.key) == KEY_BYTES and again.key == first.key
    assert backend.items[(SERVICE, USERNAME)] == first.key.hex()
    assert not (private_home / KEY_FILE_NAME).exists()


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["no-backend", "null-backend"])
def test_without_a_keyring_refuse_is_a_clear_error_and_writes_no_key(private_home, backend):
    with pytest.raises(IncidentLogError, match=r"no usable OS keyring.*keyring_fallback: file"):
        load_or_create_key(KeyringFallback.REFUSE, backend=backend)
    assert not (private_home / KEY_FILE_NAME).exists()


def test_without_a_keyring_the_file_fallback_is_private_and_reported(private_home, caplog):
    with caplog.at_level(logging.WARNING):
        key = load_or_create_key(KeyringFallback.FILE, backend=fail.Keyring())
    key_file = private_home / KEY_FILE_NAME
    assert key.source == "file" and key.warning and "keyring" in key.warning
    assert mode(key_file) == 0o600 and mode(private_home) == 0o700
    assert load_or_create_key(KeyringFallback.FILE, backend=fail.Keyring()).key == key.key
    assert "no usable OS keyring" in caplog.text
    assert key.key.hex() not in caplog.text


def test_a_fallback_key_moves_into_the_keyring_once_one_exists(private_home):
    from_file = load_or_create_key(KeyringFallback.FILE, backend=fail.Keyring())
    backend = MemoryKeyring()
    moved = load_or_create_key(KeyringFallback.REFUSE, backend=backend)
    assert moved.source == "keyring" and moved.key == from_file.key  # fingerprints stay comparable
    assert not (private_home / KEY_FILE_NAME).exists()


def test_a_malformed_key_is_an_error_not_silently_replaced():
    backend = MemoryKeyring()
    backend.set_password(SERVICE, USERNAME, "not-hex")
    with pytest.raises(IncidentLogError, match="malformed"):
        load_or_create_key(KeyringFallback.FILE, backend=backend)
    assert backend.items[(SERVICE, USERNAME)] == "not-hex"


def test_a_key_file_readable_by_others_is_restricted(private_home):
    load_or_create_key(KeyringFallback.FILE, backend=fail.Keyring())
    (private_home / KEY_FILE_NAME).chmod(0o644)
    load_or_create_key(KeyringFallback.FILE, backend=fail.Keyring())
    assert mode(private_home / KEY_FILE_NAME) == 0o600
