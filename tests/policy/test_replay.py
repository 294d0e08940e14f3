from __future__ import annotations

import os
import stat

import pytest

from dlpguard.errors import PolicyError
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import load_policy
from tests.policy.conftest import policy_text


def test_high_water_mark_only_rises(tmp_path):
    guard = ReplayGuard(tmp_path / "state" / "policy-state.json")
    assert guard.highest == 0
    guard.record(5)
    guard.record(3)
    assert guard.highest == 5


@pytest.mark.parametrize("version, refused", [(4, True), (5, False), (6, False)])
def test_older_versions_are_refused(tmp_path, version, refused):
    guard = ReplayGuard(tmp_path / "policy-state.json")
    guard.record(5)
    if refused:
        with pytest.raises(PolicyError, match="older than version 5"):
            guard.check(version, "policy.yaml")
    else:
        guard.check(version, "policy.yaml")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_state_is_private_to_the_user(tmp_path):
    guard = ReplayGuard(tmp_path / "data" / "policy-state.json")
    guard.record(2)
    assert stat.S_IMODE(guard.state_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(guard.state_path.parent.stat().st_mode) == 0o700


def test_unreadable_state_starts_from_zero(tmp_path):
    path = tmp_path / "policy-state.json"
    path.write_text("{not json")
    assert ReplayGuard(path).highest == 0


def test_default_location_is_the_user_data_dir(policy_env):
    assert ReplayGuard().state_path.parent == policy_env.data_dir


def test_a_replayed_older_signed_policy_is_refused(policy_env):
    key = policy_env.install_key()
    guard = ReplayGuard()
    policy_env.write_signed(policy_text(5), key)
    assert load_policy(policy_env.sources, guard, record=True).version == 5
    policy_env.write_signed(policy_text(4), key)
    with pytest.raises(PolicyError, match="version 4 is older than version 5"):
        load_policy(policy_env.sources, guard, record=True)


def test_replay_check_applies_only_to_signed_policies(policy_env):
    guard = ReplayGuard()
    guard.record(5)
    policy_env.write_admin(policy_text(4))
    assert load_policy(policy_env.sources, guard, record=True).version == 4
    assert guard.highest == 5
