from __future__ import annotations

import hashlib

import pytest

from dlpguard.errors import PolicyError
from dlpguard.policy.layers import Layer
from dlpguard.policy.resolve import PolicyMissingError, PolicySources, load_policy
from dlpguard.policy.signing import SignatureStatus
from tests.policy.conftest import policy_text


def test_sources_follow_the_environment_overrides(policy_env):
    assert PolicySources.from_environment() == policy_env.sources


def test_without_an_admin_file_the_built_in_default_is_in_force(policy_env):
    loaded = load_policy()
    assert loaded.admin_path is None and loaded.version == 0 and loaded.digest is None


def test_missing_admin_file_can_be_an_error(policy_env):
    with pytest.raises(PolicyMissingError):
        load_policy(allow_missing=False)


def test_admin_file_is_layered_and_fingerprinted(policy_env):
    path = policy_env.write_admin(policy_text(3, "simulation: true\n"))
    loaded = load_policy()
    assert loaded.effective.policy.simulation
    assert loaded.effective.origin(("simulation",)).layer is Layer.ADMIN
    assert loaded.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.signature.status is SignatureStatus.NOT_CHECKED


def test_signed_admin_file_reports_its_key(policy_env):
    policy_env.write_signed(policy_text(3), policy_env.install_key())
    assert load_policy().signature.status is SignatureStatus.VALID


def test_unsigned_admin_file_is_refused_once_a_key_is_installed(policy_env):
    policy_env.install_key()
    policy_env.write_admin(policy_text(3))
    with pytest.raises(PolicyError, match="not signed"):
        load_policy()


def test_broken_preferences_are_a_note_not_a_failure(policy_env):
    policy_env.write_admin(policy_text(3))
    policy_env.preferences_path.write_text("notifications: [\n")
    loaded = load_policy()
    assert loaded.version == 3
    assert any("user preferences ignored" in n and "not valid YAML" in n for n in loaded.notes)
