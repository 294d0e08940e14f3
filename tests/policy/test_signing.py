from __future__ import annotations

import base64
import os
import stat

import pytest

from dlpguard.errors import PolicyError
from dlpguard.policy.signing import (
    SignatureStatus,
    generate_keypair,
    load_private_key,
    load_public_keys,
    sign_file,
    signature_path,
    verify_file,
)
from tests.policy.conftest import policy_text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_keygen_writes_a_private_key_only_the_owner_can_read(tmp_path):
    private, public = generate_keypair(tmp_path / "keys")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in private.read_bytes()
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")


def test_keygen_refuses_to_overwrite_a_key(tmp_path):
    generate_keypair(tmp_path)
    with pytest.raises(PolicyError, match="already exists"):
        generate_keypair(tmp_path)


def test_encrypted_private_key_needs_its_passphrase(tmp_path):
    private, _ = generate_keypair(tmp_path, passphrase=b"correct horse")
    assert load_private_key(private, b"correct horse")
    with pytest.raises(PolicyError, match="not a usable private key"):
        load_private_key(private, b"wrong")
    with pytest.raises(PolicyError):
        load_private_key(private)


def test_signature_file_is_one_line_of_base64(policy_env):
    key = policy_env.install_key()
    path = policy_env.write_signed(policy_text(), key)
    sig = signature_path(path).read_bytes()
    assert sig.endswith(b"\n") and sig.count(b"\n") == 1
    assert len(base64.b64decode(sig.strip(), validate=True)) == 64


def test_signed_policy_verifies_against_the_installed_key(policy_env):
    key = policy_env.install_key()
    path = policy_env.write_signed(policy_text(), key)
    check = verify_file(path, keys_dir=policy_env.keys_dir)
    assert check.status is SignatureStatus.VALID
    assert check.key_path == policy_env.keys_dir / "admin.pub"


def test_any_installed_key_may_verify(policy_env):
    policy_env.install_key("old")
    new = policy_env.install_key("new")
    path = policy_env.write_signed(policy_text(), new)
    assert verify_file(path, keys_dir=policy_env.keys_dir).key_path.name == "new.pub"


def test_without_an_installed_key_signatures_are_not_checked(policy_env):
    path = policy_env.write_admin(policy_text())
    assert verify_file(path, keys_dir=policy_env.keys_dir).status is SignatureStatus.NOT_CHECKED


def _tamper(path):
    path.write_text(path.read_text() + "simulation: true\n")


def _sign_with_other_key(path, root):
    other, _ = generate_keypair(root / "intruder")
    sign_file(path, other)


def _garble(path):
    signature_path(path).write_text("this is not base64 !!\n")


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda path, root: signature_path(path).unlink(), "not signed"),
        (lambda path, root: _tamper(path), "bad signature"),
        (lambda path, root: _sign_with_other_key(path, root), "bad signature"),
        (lambda path, root: _garble(path), "not base64"),
        (lambda path, root: signature_path(path).write_bytes(base64.b64encode(b"x" * 10)), "64-byte"),
    ],
    ids=["unsigned", "tampered", "wrong-key", "garbage", "truncated"],
)
def test_with_a_key_installed_a_bad_or_missing_signature_is_refused(policy_env, spoil, message):
    key = policy_env.install_key()
    path = policy_env.write_signed(policy_text(), key)
    spoil(path, policy_env.root)
    with pytest.raises(PolicyError, match=message):
        verify_file(path, keys_dir=policy_env.keys_dir)


def test_verifies_the_bytes_it_was_given_not_the_file_again(policy_env):
    key = policy_env.install_key()
    path = policy_env.write_signed(policy_text(), key)
    with pytest.raises(PolicyError, match="bad signature"):
        verify_file(path, data=path.read_bytes() + b"# swapped\n", keys_dir=policy_env.keys_dir)


def test_an_unreadable_installed_key_is_an_error_not_skipped(policy_env):
    policy_env.keys_dir.mkdir()
    (policy_env.keys_dir / "broken.pub").write_text("not a key")
    with pytest.raises(PolicyError, match=r"broken\.pub"):
        load_public_keys(policy_env.keys_dir)
