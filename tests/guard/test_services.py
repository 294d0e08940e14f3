"""Shared services: the engine follows the live policy without reloading needlessly; the incident log is
best effort and never costs a verdict."""

from __future__ import annotations

import json
import textwrap
import threading
import time
from types import SimpleNamespace

import pytest
from keyring.backends.fail import Keyring as FailingKeyring

from dlpguard.bridge.handlers import Dispatcher
from dlpguard.engine.engine import Engine
from dlpguard.engine.types import Category, Finding, ScanContext
from dlpguard.guard.services import GuardServices, build_engine_deferred, ner_gate
from dlpguard.incidents.log import IncidentLog
from dlpguard.policy.watcher import PolicyStore
from tests.bridge.conftest import CARD, POLICY, scan_request


def write_policy(bridge_env, version: int, extra: str = "") -> None:
    text = POLICY.replace("version: 7", f"version: {version}") + textwrap.dedent(extra)
    bridge_env.policy_path.write_text(text, encoding="utf-8")


def test_the_engine_is_kept_across_reloads_that_do_not_change_detection(bridge_env):
    write_policy(bridge_env, 7)
    store = PolicyStore()
    services = GuardServices(lambda: store.loaded, incident_log_factory=None)
    first = services.engine()
    write_policy(bridge_env, 8, "rules: {default: block}\n")
    store.reload()
    assert services.policy.version == 8
    assert services.engine() is first
    write_policy(bridge_env, 9, "rules: {default: block}\n")
    bridge_env.policy_path.write_text(
        bridge_env.policy_path.read_text().replace(
            "detection: {ner: false}", "detection: {ner: false, min_score: 0.9}"
        )
    )
    store.reload()
    rebuilt = services.engine()
    assert rebuilt is not first and rebuilt.config.min_score == 0.9
    services.close()


def test_preload_builds_the_engine_in_the_background(bridge_env):
    services = GuardServices(incident_log_factory=None)
    assert services.engine_mode == "loading"
    services.preload().join(120)
    assert services.engine_mode == "pattern-only"
    services.close()


def test_without_a_keyring_the_verdict_still_blocks_with_no_incident(bridge_env):
    bridge_env.policy_path.write_text(POLICY.replace("keyring_fallback: file", "keyring_fallback: refuse"))
    services = GuardServices(
        incident_log_factory=lambda settings: IncidentLog(settings, keyring_backend=FailingKeyring()),
    )
    reply = json.loads(Dispatcher(services).handle(scan_request("k", f"card {CARD}")))
    assert (reply["type"], reply["action"], reply["incident_id"]) == ("verdict", "block", None)
    assert "no usable OS keyring" in services.incident_log_problem
    services.close()


def test_a_log_without_its_key_is_reported_tried_again_later_and_cleared_when_it_works(
    bridge_env, monkeypatch
):
    from dlpguard.guard import services as services_module

    bridge_env.policy_path.write_text(POLICY.replace("keyring_fallback: file", "keyring_fallback: refuse"))
    store = PolicyStore()
    opened: list[str] = []
    now = [1000.0]
    monkeypatch.setattr(services_module, "time", SimpleNamespace(monotonic=lambda: now[0]))

    def factory(settings):
        opened.append(settings.keyring_fallback.value)
        return IncidentLog(settings, keyring_backend=FailingKeyring())

    services = GuardServices(lambda: store.loaded, incident_log_factory=factory)
    assert services.incident_log_problem is None  # nothing tried yet
    assert services.incident_log() is None
    assert "keyring_fallback: file" in services.incident_log_problem  # the fix is in the sentence
    assert services.incident_log() is None and opened == ["refuse"]  # not reopened for every scan
    now[0] += services_module.LOG_RETRY_SECONDS
    services.incident_log()
    assert opened == ["refuse", "refuse"]
    bridge_env.policy_path.write_text(POLICY.replace("version: 7", "version: 8"))
    store.reload()  # the admin allows a key file: a changed setting is tried at once
    assert services.incident_log() is not None and opened[-1] == "file"
    assert services.incident_log_problem is None
    services.close()


def test_verdicts_awaiting_a_decision_are_bounded(bridge_env):
    from dlpguard.guard.services import MAX_REMEMBERED_VERDICTS, OverrideInfo

    services = GuardServices(incident_log_factory=None)
    for i in range(MAX_REMEMBERED_VERDICTS + 10):
        services.remember_verdict(f"i{i}", OverrideInfo(True, False, 0))
    assert services.remembered_verdict("i0") is None
    assert services.remembered_verdict(f"i{MAX_REMEMBERED_VERDICTS + 9}") is not None
    services.close()


# -- the NER gate: NER runs only when names and places could change what is done with the text --------

KEY = "AKIAQ3EGRQWERTY7ZX2N"
SECRET = Finding("AWS_ACCESS_KEY", Category.SECRET, 0, 20, 1.0, "AwsAccessKeyRecognizer")
CARD_FINDING = Finding("CREDIT_CARD", Category.FINANCIAL, 0, 19, 1.0, "CreditCardRecognizer")
MAIL = Finding("EMAIL_ADDRESS", Category.CONTACT, 0, 20, 1.0, "EmailRecognizer")
NET = Finding("IP_ADDRESS", Category.NETWORK, 0, 20, 1.0, "IpRecognizer")


def gate_for(bridge_env, extra: str):
    write_policy(bridge_env, 7, extra)
    return ner_gate(PolicyStore().loaded.effective.policy)


@pytest.mark.parametrize(
    ("rules", "findings", "needed"),
    [
        # Built-in rules: person warn, location audit, secret block without override, financial block.
        ("", [], True),  # clean text: a name would raise allow to warn
        ("", [SECRET], False),  # a block nobody may override: names change nothing the user sees
        ("", [CARD_FINDING], True),  # an overridable block offers "send masked": names must be masked
        ("", [MAIL], True),  # mask: the masked text must hide names too
        ("", [NET], True),  # warn offers "send masked"
        ("rules: {categories: {person: {action: allow}, location: {action: allow}}}\n", [], False),
        ("rules: {categories: {person: {action: audit}, location: {action: allow}}}\n", [], True),
        ("rules: {categories: {person: {action: audit}, location: {action: allow}}}\n", [MAIL], False),
        ("simulation: true\n", [MAIL], False),  # nothing is masked in simulation, warn < mask
        ("simulation: true\n", [], True),  # the incident's would-action would change
        ("rules: {categories: {person: {action: block, allow_override: false}}}\n", [SECRET], False),
    ],
    ids=[
        "clean", "secret", "card", "email", "ip", "names-allowed", "names-audited-clean",
        "names-audited-email", "simulation-email", "simulation-clean", "names-blocked-secret",
    ],
)  # fmt: skip
def test_ner_is_needed_only_when_its_findings_could_change_the_outcome(bridge_env, rules, findings, needed):
    gate = gate_for(bridge_env, rules)
    assert gate(findings, ScanContext(source="browser", site="chatgpt.com"), "x" * 40) is needed


def test_the_gate_follows_a_reload_that_changes_only_actions(bridge_env):
    write_policy(bridge_env, 7)
    store = PolicyStore()
    services = GuardServices(lambda: store.loaded, incident_log_factory=None, gate_ner=True)
    engine = services.engine()
    assert engine.ner_gate([], None, "") is True
    write_policy(bridge_env, 8, "rules: {categories: {person: {action: allow}, location: {action: allow}}}\n")
    store.reload()
    assert services.engine() is engine
    assert engine.ner_gate([], None, "") is False
    services.close()


@pytest.mark.parametrize("source", ["check", "cli"])
def test_shells_that_show_every_finding_always_get_ner_through_the_gate(bridge_env, source):
    write_policy(bridge_env, 7)
    services = GuardServices(incident_log_factory=None)
    gate = services.engine().ner_gate
    assert gate is not None  # one gate for every shell: the tray's services have it too
    assert gate([SECRET], ScanContext(source=source), "x" * 40) is True
    assert gate([SECRET], ScanContext(source="browser", site="chatgpt.com"), "x" * 40) is False
    services.close()


@pytest.mark.parametrize(("mode", "needed"), [("mask", True), ("notify", False)])
def test_the_clipboard_in_mask_mode_needs_names_even_under_a_block(bridge_env, mode, needed):
    """The clipboard writes the masked text for a block too: names in it must be masked."""
    gate = gate_for(bridge_env, f"clipboard: {{mode: {mode}}}\n")
    assert gate([SECRET], ScanContext(source="clipboard", event="copy"), "x" * 40) is needed


def test_the_gate_can_be_turned_off_for_comparison(bridge_env):
    services = GuardServices(incident_log_factory=None, gate_ner=False)
    assert services.engine().ner_gate is None
    services.close()


def test_a_deferred_model_loads_in_the_background_and_ner_pending_clears(bridge_env, monkeypatch):
    bridge_env.policy_path.write_text(POLICY.replace("detection: {ner: false}", "detection: {ner: true}"))
    release = threading.Event()
    original = Engine.load_model

    def held(self):
        release.wait(60)
        return original(self)

    monkeypatch.setattr(Engine, "load_model", held)
    services = GuardServices(engine_factory=build_engine_deferred, incident_log_factory=None, gate_ner=True)
    dispatcher = Dispatcher(services)
    # An overridable block (a card) offers "send masked": names matter, so NER is still to come.
    text = f"Hi team, Priya Raman will pay Tomasz Nowak on Monday with card {CARD}.\n"
    first = json.loads(dispatcher.handle(scan_request("a", text)))
    assert (first["action"], first["engine_mode"], first["ner_pending"]) == ("block", "pattern-only", True)
    assert services.ner_pending
    release.set()
    deadline = time.monotonic() + 60
    while services.ner_pending and time.monotonic() < deadline:
        time.sleep(0.05)
    second = json.loads(dispatcher.handle(scan_request("b", text)))
    assert (second["action"], second["engine_mode"], second["ner_pending"]) == ("block", "ner", False)
    services.close()
