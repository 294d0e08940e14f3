from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from dlpguard.cli import main
from dlpguard.engine.model import load_manifest, locate_data_dir
from dlpguard.guard.doctor import (
    CheckResult,
    DoctorContext,
    Status,
    check_incident_log,
    check_paths,
    check_policy,
    check_python,
    run_checks,
)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    for name in ("DATA", "CONFIG", "RUNTIME", "MACHINE"):
        monkeypatch.setenv(f"DLPGUARD_{name}_DIR", str(tmp_path / name.lower()))
    for name in ("DLPGUARD_MODELS_DIR", "DLPGUARD_MODEL_DIR", "DLPGUARD_POLICY"):
        monkeypatch.delenv(name, raising=False)


def doctor(*args: str):
    return CliRunner().invoke(main, ["doctor", *args])


@pytest.fixture
def healthy_desktop(tmp_path, monkeypatch):
    """A desktop with an OS keyring and the native host registered for Chrome, in a throwaway HOME."""
    import keyring

    from dlpguard.bridge.install import install, plan_install
    from dlpguard.bridge.manifests import Browser, Locations, Platform, Scope
    from tests.incidents.conftest import MemoryKeyring

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    install(plan_install([Browser.CHROME], Locations.for_scope(Scope.USER, Platform.LINUX)))
    yield home
    keyring.set_keyring(previous)


def test_healthy_install_reports_every_check_and_only_the_stopped_tray_app_degrades_it(healthy_desktop):
    result = doctor("--json")
    report = json.loads(result.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    # The tray app is not running in this test: that alone makes the desktop degraded (exit 1).
    assert checks.pop("tray")["status"] == "degraded"
    assert result.exit_code == 1 and report["status"] == "degraded"
    assert {c["status"] for c in checks.values()} == {"ok"}, checks
    assert list(checks) == [
        "python",
        "dlpguard",
        "model",
        "recognizers",
        "paths",
        "policy",
        "incident_log",
        "ocr",
        "browser_host",
    ]
    assert list(json.loads(result.stdout)["checks"])[-1]["name"] == "tray"
    model = checks["model"]["details"]
    assert model["tree_hash"] == "match"
    assert model["expected_tree_sha256"] == model["actual_tree_sha256"]
    assert (model["verified"], model["loaded"], model["mode"]) == (True, True, "ner")
    assert model["load_ms"] > 0 and model["manifest"].endswith("manifest.json")
    recognizers = checks["recognizers"]["details"]
    assert recognizers["count"] >= 2
    assert recognizers["entity_types"]["AWS_ACCESS_KEY"] == "secret"
    assert recognizers["entity_types"]["PERSON"] == "person"
    assert set(checks["paths"]["details"]) >= {"data", "config", "runtime", "machine", "admin_policy"}


def test_all_checks_passing_means_healthy_and_exit_0(healthy_desktop):
    from dlpguard.cli import doctor_checks
    from dlpguard.gui.doctor_check import check_tray

    report = run_checks([c for c in doctor_checks() if c is not check_tray])
    assert report.status is Status.OK and report.exit_code == 0
    assert report.headline == "healthy: every check passed"


def test_text_report_ends_with_the_overall_status(healthy_desktop):
    result = doctor()
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("status: degraded: tray:")
    assert any(line.split()[:2] == ["[ok]", "model"] for line in lines)
    assert "tree_hash: match" in result.stdout


def test_missing_model_is_degraded(tmp_path, monkeypatch):
    monkeypatch.setenv("DLPGUARD_MODELS_DIR", str(tmp_path))
    result = doctor()
    assert result.exit_code == 1
    assert "[degraded] model" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("status: degraded: model: pattern-only")


def test_tampered_model_fails_its_tree_hash(tmp_path, monkeypatch):
    spec = load_manifest()
    copy = tmp_path / "model"
    shutil.copytree(locate_data_dir(spec), copy)
    with (copy / "meta.json").open("a", encoding="utf-8") as meta:
        meta.write("\n")
    monkeypatch.setenv("DLPGUARD_MODEL_DIR", str(copy))
    result = doctor("--json")
    assert result.exit_code == 1
    model = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "model")
    assert model["status"] == "degraded"
    assert model["details"]["tree_hash"] == "mismatch"
    assert "fails verification" in model["details"]["reason"]


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_user_data_readable_by_others_is_degraded(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    report = run_checks([check_paths])
    assert report.status is Status.DEGRADED
    assert "data" in report.checks[0].summary


def test_a_crashing_check_is_reported_failed_and_the_others_still_run():
    def check_broken(context: DoctorContext) -> CheckResult:
        raise RuntimeError("boom")

    report = run_checks([check_python, check_broken])
    assert [(c.name, c.status) for c in report.checks] == [("python", Status.OK), ("broken", Status.FAILED)]
    assert report.exit_code == 2
    assert "RuntimeError: boom" in report.headline


@pytest.mark.parametrize(
    "statuses, overall, code",
    [
        ([Status.OK, Status.OK], Status.OK, 0),
        ([Status.OK, Status.DEGRADED], Status.DEGRADED, 1),
        ([Status.FAILED, Status.DEGRADED], Status.FAILED, 2),
    ],
)
def test_overall_status_is_the_worst_check(statuses, overall, code):
    checks = [lambda ctx, s=s, i=i: CheckResult(f"c{i}", s, "x") for i, s in enumerate(statuses)]
    report = run_checks(checks)
    assert (report.status, report.exit_code) == (overall, code)


# -- policy: what is in force, said as the tray and `policy show` say it ------------------------------


@pytest.fixture
def signing(tmp_path):
    """A key installed in the machine folder; returns a function that writes and signs a policy."""
    from dlpguard.policy.signing import generate_keypair, sign_file

    machine = tmp_path / "machine"
    private, public = generate_keypair(tmp_path / "admin-keys", "admin")
    (machine / "keys").mkdir(parents=True)
    (machine / "keys" / "admin.pub").write_bytes(public.read_bytes())

    def write(version: int, *, sign: bool = True):
        path = machine / "policy.yaml"
        path.write_text(f"schema_version: 1\nversion: {version}\n", encoding="utf-8")
        if sign:
            sign_file(path, private)
        return path

    return write


def put_in_force() -> None:
    """What the tray app or a native host does on start: the signed policy is recorded and kept."""
    from dlpguard.policy.watcher import PolicyStore

    PolicyStore()


def test_policy_refused_with_a_last_good_copy_is_degraded_and_says_which(signing):
    signing(5)
    put_in_force()
    signing(6, sign=False).write_text("schema_version: 1\nversion: 6\nsimulation: true\n")
    result = check_policy(DoctorContext())
    assert result.status is Status.DEGRADED
    assert result.summary.startswith("admin policy refused (")
    assert "; using the last good signed policy v5 from " in result.summary
    assert result.details["state"] == "rejected" and result.details["last_good"]["version"] == 5


def test_policy_refused_without_a_copy_is_failed_and_says_the_default_applies(signing):
    signing(5, sign=False)
    result = check_policy(DoctorContext())
    assert result.status is Status.FAILED
    assert "not signed" in result.summary and result.summary.endswith("; using the built-in default policy")


def test_policy_file_deleted_while_signing_is_on_keeps_the_copy(signing):
    signing(5).unlink()
    put_in_force()  # nothing yet: the file was never in force
    assert check_policy(DoctorContext()).status is Status.OK
    signing(5)
    put_in_force()
    signing(5).unlink()
    result = check_policy(DoctorContext())
    assert result.status is Status.DEGRADED
    assert "admin policy file missing" in result.summary and "last good signed policy v5" in result.summary


# -- incident log: a refused key file means nothing is recorded ------------------------------------


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends.fail import Keyring as FailingKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(FailingKeyring())
    yield
    keyring.set_keyring(previous)


def write_policy(tmp_path, fallback: str) -> None:
    machine = tmp_path / "machine"
    machine.mkdir(exist_ok=True)
    (machine / "policy.yaml").write_text(
        f"schema_version: 1\nversion: 3\nincidents: {{keyring_fallback: {fallback}}}\n", encoding="utf-8"
    )


def test_no_keyring_and_refuse_fails_with_a_plain_sentence_and_the_fix(tmp_path, no_keyring):
    write_policy(tmp_path, "refuse")
    result = check_incident_log(DoctorContext())
    assert result.status is Status.FAILED
    assert result.summary.startswith("not recording incidents: this machine has no OS keyring")
    assert "Fix: install and unlock a keyring" in result.summary
    assert "incidents.keyring_fallback: file" in result.summary
    assert result.details["recording"] is False
    report = doctor("--json")
    assert report.exit_code == 2
    assert json.loads(report.stdout)["headline"].startswith("failed: incident_log: not recording incidents")


def test_no_keyring_with_the_file_fallback_is_only_degraded(tmp_path, no_keyring):
    write_policy(tmp_path, "file")
    result = check_incident_log(DoctorContext())
    assert result.status is Status.DEGRADED
    assert "kept in a file" in result.summary


def test_paths_names_the_location_variables_an_installed_build_ignores(monkeypatch, tmp_path):
    from dlpguard import paths

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setattr(paths, "development_tree", lambda: None)
    result = check_paths(DoctorContext())
    assert result.status is Status.OK
    assert result.details["overrides"] == "ignored (installed)"
    assert result.details["ignored_overrides"] == ["DLPGUARD_DATA_DIR", "DLPGUARD_CONFIG_DIR",
                                                   "DLPGUARD_RUNTIME_DIR", "DLPGUARD_MACHINE_DIR"]
    assert "ignored: DLPGUARD_DATA_DIR" in result.summary
    assert result.details["machine"]["path"] != str(tmp_path / "machine")


def test_a_deleted_log_whose_anchor_remains_fails_and_an_intact_one_is_checked_with_its_seal(
    tmp_path, no_keyring
):
    """A log with records, then deleted: the anchor beside it says it existed, so this is no fresh start."""
    from dlpguard.engine.types import Action, Category, Finding, Source
    from dlpguard.incidents.log import IncidentLog
    from dlpguard.incidents.store import default_path
    from dlpguard.policy.incident_settings import IncidentSettings, KeyringFallback

    write_policy(tmp_path, "file")
    log = IncidentLog(IncidentSettings(keyring_fallback=KeyringFallback.FILE))
    text = "key AKIAZ7QXKR4PLM2VN3WD"
    for _ in range(3):
        log.record_scan(text, [Finding("AWS_ACCESS_KEY", Category.SECRET, 4, 24, 0.9, "t")], Action.BLOCK,
                        source=Source.CLI)
    log.close()
    intact = check_incident_log(DoctorContext())
    assert intact.status is Status.DEGRADED and intact.details["records"] == 3  # degraded: no OS keyring
    default_path().unlink()
    deleted = check_incident_log(DoctorContext())
    assert deleted.status is Status.FAILED
    assert deleted.summary == "the incident log was deleted (its anchor records it up to seq 3)"
