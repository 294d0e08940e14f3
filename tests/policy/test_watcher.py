"""Live reload with a real watchdog observer on a real folder; waits are for events, never fixed sleeps."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable

import pytest

from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import resolve_policy
from dlpguard.policy.signing import SignatureStatus, sign_file
from dlpguard.policy.watcher import PolicyRejected, PolicyReloaded, PolicyState, PolicyStore
from tests.policy.conftest import policy_text

WAIT_SECONDS = 5.0


class Recorder:
    """A subscriber that lets a test wait for the event it expects."""

    def __init__(self) -> None:
        self.events: list = []
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[object], bool], what: str):
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((e for e in self.events if predicate(e)), None), WAIT_SECONDS
            )
        assert found is not None, f"no event {what} within {WAIT_SECONDS}s; saw {self.events}"
        return found


def reloaded(version: int) -> Callable[[object], bool]:
    return lambda e: isinstance(e, PolicyReloaded) and e.policy.version == version


def rejected(state: PolicyState) -> Callable[[object], bool]:
    return lambda e: isinstance(e, PolicyRejected) and e.status.state is state


@pytest.fixture
def watched(policy_env):
    """Starts a store on policy version 1 and yields (store, recorder); stops it afterwards."""
    policy_env.write_admin(policy_text(1))
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    store.start()
    yield store, recorder
    store.stop()


def test_in_place_edit_is_picked_up(policy_env, watched):
    store, recorder = watched
    assert store.policy.version == 1
    with policy_env.admin_path.open("w", encoding="utf-8") as fh:  # same inode, truncated and rewritten
        fh.write(policy_text(2, "simulation: true\n"))
    recorder.wait_for(reloaded(2), "reloaded(version 2)")
    assert store.policy.simulation
    assert store.status.state is PolicyState.ADMIN and store.last_error is None


def test_atomic_replace_is_picked_up_and_watching_continues(policy_env, watched):
    store, recorder = watched
    tmp = policy_env.admin_path.with_name(".policy.yaml.tmp")
    tmp.write_text(policy_text(2))
    tmp.replace(policy_env.admin_path)  # os.replace: an atomic rename over the old file
    recorder.wait_for(reloaded(2), "reloaded(version 2) after rename")
    policy_env.write_admin(policy_text(3))  # the new inode is watched too
    recorder.wait_for(reloaded(3), "reloaded(version 3) after a later edit")
    assert store.policy.version == 3


def test_delete_with_signing_keeps_the_last_good_policy_then_recreate_loads_again(policy_env):
    key = policy_env.install_key()
    policy_env.write_signed(policy_text(1), key)
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    with store:
        policy_env.admin_path.unlink()
        event = recorder.wait_for(rejected(PolicyState.MISSING), "rejected(missing)")
        assert "policy file missing" in str(event.error)
        assert store.policy.version == 1
        assert store.status.state is PolicyState.MISSING
        assert "policy file missing" in store.status.describe()
        assert "using the last good signed policy v1 from " in store.status.describe()
        policy_env.write_signed(policy_text(3), key)
        recorder.wait_for(reloaded(3), "reloaded(version 3) after re-create")
        assert store.status.state is PolicyState.ADMIN


def test_delete_without_signing_returns_to_the_built_in_default(policy_env, watched):
    """Without a key nothing can vouch for a kept copy: deleting the file removes the admin policy."""
    store, recorder = watched
    policy_env.admin_path.unlink()
    recorder.wait_for(reloaded(0), "reloaded(built-in default)")
    assert store.status.state is PolicyState.DEFAULT and store.loaded.admin_path is None
    policy_env.write_admin(policy_text(3))
    recorder.wait_for(reloaded(3), "reloaded(version 3) after re-create")


def test_bad_file_is_refused_with_file_and_line_and_the_last_good_stays(policy_env, watched, caplog):
    store, recorder = watched
    policy_env.write_admin(policy_text(2, "rules:\n  default: blok\n"))
    event = recorder.wait_for(rejected(PolicyState.REJECTED), "rejected(bad file)")
    assert f"{policy_env.admin_path}:4: rules.default:" in str(event.error)
    assert store.policy.version == 1
    assert store.last_error is event.error
    assert f"{policy_env.admin_path}:4: rules.default" in (store.status.error or "")
    assert any("policy refused" in r.getMessage() for r in caplog.records)
    policy_env.write_admin(policy_text(2))
    recorder.wait_for(reloaded(2), "reloaded(version 2) after the fix")
    assert store.last_error is None


def test_signature_written_after_the_policy_is_picked_up(policy_env):
    key = policy_env.install_key()
    policy_env.write_signed(policy_text(1), key)
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    with store:
        assert store.status.state is PolicyState.ADMIN
        policy_env.write_admin(policy_text(2))  # the old signature no longer matches
        recorder.wait_for(rejected(PolicyState.REJECTED), "rejected(bad signature)")
        assert store.policy.version == 1
        sign_file(policy_env.admin_path, key)
        recorder.wait_for(reloaded(2), "reloaded(version 2) once signed")


def test_replayed_signed_policy_is_refused_live(policy_env):
    key = policy_env.install_key()
    policy_env.write_signed(policy_text(1), key)
    old = policy_env.admin_path.read_bytes(), policy_env.admin_path.with_name("policy.yaml.sig").read_bytes()
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    with store:
        policy_env.write_signed(policy_text(2), key)
        recorder.wait_for(reloaded(2), "reloaded(version 2)")
        policy_env.admin_path.write_bytes(old[0])
        policy_env.admin_path.with_name("policy.yaml.sig").write_bytes(old[1])
        event = recorder.wait_for(
            lambda e: isinstance(e, PolicyRejected) and "older than version 2" in str(e.error),
            "rejected(replay)",
        )
        assert event.status.version == 2 and store.policy.version == 2


def test_preference_changes_are_picked_up(policy_env, watched):
    store, recorder = watched
    policy_env.preferences_path.write_text("notifications: {sound: true}\n")
    recorder.wait_for(
        lambda e: isinstance(e, PolicyReloaded) and e.policy.notifications.sound, "reloaded(sound)"
    )
    assert store.policy.notifications.sound


def test_refused_policy_at_start_leaves_the_default_in_force(policy_env):
    policy_env.write_admin(policy_text(4, "fail_mode: ajar\n"))
    store = PolicyStore(policy_env.sources, ReplayGuard())
    assert store.status.state is PolicyState.REJECTED
    assert store.policy.version == 0
    assert f"{policy_env.admin_path}:3: fail_mode" in str(store.last_error)


def test_no_admin_file_at_start_then_one_appears(policy_env):
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    with store:
        assert store.status.state is PolicyState.DEFAULT
        policy_env.write_admin(policy_text(5))
        recorder.wait_for(reloaded(5), "reloaded(version 5)")
        assert store.status.state is PolicyState.ADMIN


def test_a_failing_subscriber_does_not_stop_the_others_and_unsubscribe_works(policy_env):
    policy_env.write_admin(policy_text(1))
    store = PolicyStore(policy_env.sources, ReplayGuard())

    def broken(event):
        raise RuntimeError("subscriber bug")

    store.subscribe(broken)
    recorder = Recorder()
    unsubscribe = store.subscribe(recorder)
    policy_env.write_admin(policy_text(2))
    event = store.reload()
    assert isinstance(event, PolicyReloaded) and recorder.events == [event]
    unsubscribe()
    store.reload()
    assert len(recorder.events) == 1


def signed(version: int) -> Callable[[object], bool]:
    return lambda e: (
        isinstance(e, PolicyReloaded)
        and e.policy.version == version
        and e.loaded.signature is not None
        and e.loaded.signature.status is SignatureStatus.VALID
    )


def unchecked(version: int) -> Callable[[object], bool]:
    return lambda e: (
        isinstance(e, PolicyReloaded)
        and e.policy.version == version
        and e.loaded.signature is not None
        and e.loaded.signature.status is SignatureStatus.NOT_CHECKED
    )


def test_installing_and_removing_keys_rechecks_the_policy_even_when_keys_appears_later(policy_env):
    policy_env.write_admin(policy_text(1))  # unsigned, and no keys/ folder yet
    store = PolicyStore(policy_env.sources, ReplayGuard(), debounce_seconds=0.1)
    recorder = Recorder()
    store.subscribe(recorder)
    with store:
        assert store.status.state is PolicyState.ADMIN
        key = policy_env.install_key()  # creates keys/ and writes admin.pub into it
        event = recorder.wait_for(
            rejected(PolicyState.REJECTED), "rejected(not signed) once a key is installed"
        )
        assert "not signed" in str(event.error)
        # Once signing is on, only a signed policy counts as good: the unsigned one is not kept.
        assert store.loaded.admin_path is None and store.policy.version == 0
        assert store.status == resolve_policy(policy_env.sources, ReplayGuard()).status
        assert store.status.describe().endswith("; using the built-in default policy")
        sign_file(policy_env.admin_path, key)
        recorder.wait_for(signed(1), "reloaded(version 1, signed)")
        (policy_env.keys_dir / "admin.pub").unlink()
        recorder.wait_for(unchecked(1), "reloaded(version 1, not checked) once the key is removed")
        recorder.events.clear()
        shutil.rmtree(policy_env.keys_dir)  # the folder goes away, then comes back with a key
        policy_env.write_admin(policy_text(2))
        recorder.wait_for(unchecked(2), "reloaded(version 2)")
        policy_env.install_key("second")
        recorder.wait_for(rejected(PolicyState.REJECTED), "rejected(not signed) after keys/ was re-created")
        assert store.status == resolve_policy(policy_env.sources, ReplayGuard()).status


def test_a_file_beside_the_keys_that_is_not_a_key_does_not_reload(policy_env, watched):
    _, recorder = watched
    policy_env.keys_dir.mkdir()
    recorder.wait_for(reloaded(1), "reloaded after keys/ appeared")
    recorder.events.clear()
    (policy_env.keys_dir / "README").write_text("public keys go here\n")
    policy_env.write_admin(policy_text(2))  # a later change proves the watcher is alive
    recorder.wait_for(reloaded(2), "reloaded(version 2)")
    assert len(recorder.events) == 1


def _tamper(policy_env, key) -> None:
    policy_env.admin_path.write_text(policy_text(3, "simulation: true\n"))  # the signature no longer fits


def _roll_back(policy_env, key) -> None:
    policy_env.write_signed(policy_text(1), key)


def _broken_yaml(policy_env, key) -> None:
    policy_env.write_signed(policy_text(3, "rules: [\n"), key)


@pytest.mark.parametrize(
    "refuse, reason",
    [(_tamper, "bad signature"), (_roll_back, "older than version 2"), (_broken_yaml, "not valid YAML")],
    ids=["bad-signature", "rolled-back", "broken-yaml"],
)
def test_after_a_restart_a_refused_policy_gives_way_to_the_last_good_signed_one(policy_env, refuse, reason):
    key = policy_env.install_key()
    policy_env.write_signed(policy_text(2, "rules: {default: block}\n"), key)
    assert PolicyStore(policy_env.sources, ReplayGuard()).status.state is PolicyState.ADMIN  # saves it
    refuse(policy_env, key)
    restarted = PolicyStore(policy_env.sources, ReplayGuard())
    assert restarted.status.state is PolicyState.REJECTED
    assert restarted.policy.version == 2 and restarted.policy.rules.default.value == "block"
    assert restarted.loaded.last_good is not None and restarted.loaded.last_good.version == 2
    described = restarted.status.describe()
    assert described.startswith("admin policy refused (") and reason in described
    assert "; using the last good signed policy v2 from " in described
