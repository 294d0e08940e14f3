"""The last good signed policy through the real entry points: a restart of the browser's native host
and `dlpguard policy show` both use it when the admin file is later refused, and say so."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dlpguard.policy.signing import generate_keypair, sign_file
from tests.bridge.conftest import POLICY, bridge_env, scan_request, start_host

__all__ = ["bridge_env", "start_host"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and Unix sockets as on Linux and macOS")

IP_TEXT = "the build server ip 81.2.69.160 is down again"

#: The signed policy that was once in force: it blocks IP addresses, which the built-in default only warns on.
STRICT = POLICY.replace("version: 7", "version: 8") + "rules:\n  entities:\n    IP_ADDRESS: {action: block}\n"
#: An older signed policy put back later (a replay): it lets IP addresses through.
OLD = POLICY + "rules:\n  entities:\n    IP_ADDRESS: {action: allow}\n"


@pytest.fixture
def signed_env(bridge_env):
    """Signing on: a key installed in the machine folder, the strict policy v8 signed and in place."""
    private, public = generate_keypair(bridge_env.root / "admin-keys", "admin")
    keys = bridge_env.policy_path.parent / "keys"
    keys.mkdir()
    (keys / "admin.pub").write_bytes(public.read_bytes())
    bridge_env.policy_path.write_text(STRICT, encoding="utf-8")
    sign_file(bridge_env.policy_path, private)
    bridge_env.private_key = private
    return bridge_env


def scan(host, message_id: str) -> dict:
    reply = host.ask(scan_request(message_id, IP_TEXT))
    assert reply["type"] == "verdict", reply
    return reply


def show(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlpguard", "policy", "show", *args],
        capture_output=True,
        text=True,
        env=env.environ(),
        timeout=120,
        check=False,
    )


def test_a_restarted_native_host_keeps_blocking_with_the_last_good_policy_after_a_rollback(
    signed_env, start_host
):
    first = start_host()
    assert scan(first, "a")["action"] == "block"  # v8 in force: recorded, and kept as the last good copy
    first.close_stdin()
    assert first.wait() == 0

    signed_env.policy_path.write_text(OLD, encoding="utf-8")  # v7, properly signed, put back
    sign_file(signed_env.policy_path, signed_env.private_key)
    second = start_host()
    reply = scan(second, "b")
    assert (reply["action"], reply["served_by"]) == ("block", "native-host")

    done = show(signed_env, "--effective")
    assert done.returncode == 1
    status = next(line for line in done.stdout.splitlines() if line.startswith("# status: "))
    assert status.startswith("# status: admin policy refused (")
    assert "older than version 8" in status
    assert "; using the last good signed policy v8 from " in status
    assert "admin policy refused (" in done.stderr
    assert "last good signed copy of" in done.stdout
    ip_rule = next(
        line for line in done.stdout.splitlines() if line.startswith("rules.entities.IP_ADDRESS.action")
    )
    assert '"block"' in ip_rule and "(last good copy)" in ip_rule


def test_without_the_copy_the_same_rollback_leaves_only_the_default_which_warns(signed_env, start_host):
    first = start_host()
    assert scan(first, "a")["action"] == "block"
    first.close_stdin()
    first.wait()
    (signed_env.data_dir / "policy-last-good.json").unlink()  # what a user could do to their own copy
    signed_env.policy_path.write_text(OLD, encoding="utf-8")
    sign_file(signed_env.policy_path, signed_env.private_key)
    done = show(signed_env, "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["state"] == "rejected" and out["version"] == 0
    assert out["status"].endswith("; using the built-in default policy")


def test_show_json_names_the_copy_in_force(signed_env, start_host):
    first = start_host()
    scan(first, "a")
    first.close_stdin()
    first.wait()
    signed_env.policy_path.unlink()  # the admin deleted the file; signing stays on
    done = show(signed_env, "--effective", "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert (out["state"], out["version"]) == ("missing", 8)
    assert out["policy"]["rules"]["entities"]["IP_ADDRESS"]["action"] == "block"
    assert "admin policy file missing" in out["status"]
    assert out["signature"].startswith("signed, verified with key")
