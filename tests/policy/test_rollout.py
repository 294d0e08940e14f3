"""The admin guide's staged rollout with the example policies: each stage outranks the last, and a test
machine can start the sequence over with `policy reset-replay --yes` (never without the flag)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlpguard.errors import PolicyError
from dlpguard.policy.cli import policy
from dlpguard.policy.last_good import LastGoodPolicy
from dlpguard.policy.loader import read_document
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import load_policy

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("audit-only.yaml", "balanced.yaml", "strict.yaml")  # the admin guide's order


def publish(policy_env, name: str, key: Path) -> int:
    """Signs the example as the machine's admin policy and puts it in force as the tray app does."""
    policy_env.write_signed((ROOT / "examples" / "policies" / name).read_text(encoding="utf-8"), key)
    loaded = load_policy(policy_env.sources, ReplayGuard(), record=True, last_good=LastGoodPolicy())
    return loaded.version


def test_the_example_policies_are_numbered_in_rollout_order_with_room_between():
    versions = [read_document(ROOT / "examples" / "policies" / n).data["version"] for n in STAGES]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert all(b - a >= 2 for a, b in pairwise(versions))  # room for fixes


def test_a_signed_staged_rollout_is_accepted_stage_after_stage(policy_env):
    key = policy_env.install_key()
    assert [publish(policy_env, name, key) for name in STAGES] == [10, 20, 30]


def test_going_back_to_the_first_stage_is_refused_until_the_replay_state_is_reset(policy_env):
    key = policy_env.install_key()
    for name in STAGES:
        publish(policy_env, name, key)
    with pytest.raises(PolicyError, match="older than version 30"):
        publish(policy_env, STAGES[0], key)

    refused = CliRunner().invoke(policy, ["reset-replay"])
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert ReplayGuard().highest == 30  # nothing forgotten without the flag

    done = CliRunner().invoke(policy, ["reset-replay", "--yes"])
    assert done.exit_code == 0, done.output
    assert "v30 forgotten" in done.output and "removed" in done.output
    assert ReplayGuard().highest == 0 and not LastGoodPolicy().path.exists()
    assert publish(policy_env, STAGES[0], key) == 10


def test_reset_on_a_machine_without_state_says_so(policy_env):
    done = CliRunner().invoke(policy, ["reset-replay", "--yes"])
    assert done.exit_code == 0 and "was not set" in done.output and "was not kept" in done.output


def test_the_guard_reset_reports_whether_a_floor_was_kept(tmp_path):
    guard = ReplayGuard(tmp_path / "policy-state.json")
    assert guard.reset() is False
    guard.record(30)
    assert guard.reset() is True and guard.highest == 0
    guard.check(10, "policy.yaml")  # accepted again
