"""The per-user copy of the last good signed policy: kept privately, and trusted for nothing on load."""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat

import pytest

from dlpguard.policy.last_good import CACHE_FILE, LastGoodPolicy
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import PolicyState, resolve_policy
from dlpguard.policy.signing import generate_keypair, load_private_key, sign_bytes
from tests.policy.conftest import policy_text

STRICT = "rules: {default: block}\n"


def put_in_force(policy_env):
    """What the tray app or a native host does at start: resolve, record, keep the signed copy."""
    return resolve_policy(policy_env.sources, ReplayGuard(), record=True)


def cache_path(policy_env):
    return policy_env.data_dir / CACHE_FILE


def refuse_admin_file(policy_env) -> None:
    policy_env.admin_path.write_text(policy_text(9, "simulation: true\n"))  # not what was signed


@pytest.fixture
def key(policy_env):
    return policy_env.install_key()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_copy_holds_the_exact_signed_bytes_readable_by_the_user_only(policy_env, key):
    path = policy_env.write_signed(policy_text(4, STRICT), key)
    put_in_force(policy_env)
    saved = json.loads(cache_path(policy_env).read_text())
    assert base64.b64decode(saved["policy"]) == path.read_bytes()
    assert saved["signature"].encode() == path.with_name("policy.yaml.sig").read_bytes()
    assert (saved["version"], saved["original"]) == (4, str(path))
    assert stat.S_IMODE(cache_path(policy_env).stat().st_mode) == 0o600
    assert stat.S_IMODE(policy_env.data_dir.stat().st_mode) == 0o700
    assert cache_path(policy_env).parent == ReplayGuard().state_path.parent  # beside the replay state


def test_only_signed_policies_are_kept(policy_env):
    policy_env.write_admin(policy_text(4, STRICT))
    assert put_in_force(policy_env).status.state is PolicyState.ADMIN
    assert not cache_path(policy_env).exists()


def test_a_newer_signed_policy_replaces_the_copy_and_reading_does_not_write(policy_env, key):
    policy_env.write_signed(policy_text(4), key)
    put_in_force(policy_env)
    policy_env.write_signed(policy_text(5, STRICT), key)
    resolve_policy(policy_env.sources, ReplayGuard())  # `policy show`, doctor: read only
    assert json.loads(cache_path(policy_env).read_text())["version"] == 4
    put_in_force(policy_env)
    assert json.loads(cache_path(policy_env).read_text())["version"] == 5


def test_a_refused_admin_file_gives_way_to_the_copy(policy_env, key):
    policy_env.write_signed(policy_text(4, STRICT), key)
    put_in_force(policy_env)
    refuse_admin_file(policy_env)
    result = resolve_policy(policy_env.sources, ReplayGuard())
    assert result.status.state is PolicyState.REJECTED
    assert result.loaded.version == 4 and result.loaded.effective.policy.rules.default.value == "block"
    assert result.loaded.last_good is not None
    assert result.loaded.digest == json.loads(cache_path(policy_env).read_text())["digest"]


def test_a_deleted_admin_file_keeps_the_copy_while_a_key_is_installed(policy_env, key):
    policy_env.write_signed(policy_text(4, STRICT), key)
    put_in_force(policy_env)
    policy_env.admin_path.unlink()
    result = resolve_policy(policy_env.sources, ReplayGuard())
    assert (result.status.state, result.loaded.version) == (PolicyState.MISSING, 4)
    assert "admin policy file missing" in result.status.describe()
    assert "using the last good signed policy v4 from " in result.status.describe()


def test_without_keys_the_copy_is_never_used(policy_env, key):
    policy_env.write_signed(policy_text(4, STRICT), key)
    put_in_force(policy_env)
    shutil.rmtree(policy_env.keys_dir)
    policy_env.admin_path.unlink()
    assert resolve_policy(policy_env.sources, ReplayGuard()).status.state is PolicyState.DEFAULT
    policy_env.write_admin("version: [\n")
    result = resolve_policy(policy_env.sources, ReplayGuard())
    assert (result.status.state, result.loaded.version) == (PolicyState.REJECTED, 0)
    assert result.status.describe().endswith("; using the built-in default policy")


def _plant_own_signature(policy_env, saved: dict) -> None:
    """The user signs a weaker policy with a key of their own (not installed) and plants it."""
    private, _ = generate_keypair(policy_env.root / "user-keys", "mine")
    weak = policy_text(99, "rules: {default: allow}\n").encode()
    saved["policy"] = base64.b64encode(weak).decode()
    saved["signature"] = sign_bytes(weak, load_private_key(private)).decode()


def _edit_bytes(policy_env, saved: dict) -> None:
    weak = base64.b64decode(saved["policy"]).replace(b"default: block", b"default: allow")
    saved["policy"] = base64.b64encode(weak).decode()


def _older_than_the_floor(policy_env, saved: dict) -> None:
    ReplayGuard().record(6)  # a newer signed policy was in force since (its copy was then lost)


def _damaged(policy_env, saved: dict) -> None:
    saved["policy"] = "not base64!"


@pytest.mark.parametrize(
    "tamper, reason",
    [
        (_plant_own_signature, "bad signature"),
        (_edit_bytes, "bad signature"),
        (_older_than_the_floor, "older than version 6"),
        (_damaged, "damaged"),
    ],
    ids=["planted", "edited", "below-replay-floor", "damaged"],
)
def test_a_copy_that_fails_any_check_is_not_used_and_the_reason_is_noted(policy_env, key, tamper, reason):
    policy_env.write_signed(policy_text(4, STRICT), key)
    put_in_force(policy_env)
    saved = json.loads(cache_path(policy_env).read_text())
    tamper(policy_env, saved)
    cache_path(policy_env).write_text(json.dumps(saved))
    refuse_admin_file(policy_env)
    result = resolve_policy(policy_env.sources, ReplayGuard())
    assert result.status.state is PolicyState.REJECTED
    assert result.loaded.admin_path is None and result.loaded.version == 0  # the built-in default
    [note] = [n for n in result.loaded.notes if "last good" in n]
    assert note.startswith("the saved last good policy was not used: ") and reason in note


def test_an_unreadable_copy_does_not_stop_the_admin_file_from_loading(policy_env, key):
    cache_path(policy_env).parent.mkdir(parents=True)
    cache_path(policy_env).write_text("{garbage")
    policy_env.write_signed(policy_text(4), key)
    result = put_in_force(policy_env)
    assert result.status.state is PolicyState.ADMIN
    assert LastGoodPolicy(cache_path(policy_env)).load(policy_env.keys_dir, ReplayGuard()) is not None
