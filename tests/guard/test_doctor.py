from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from dlpguard.cli import main
from dlpguard.engine.model import load_manifest, locate_data_dir
from dlpguard.guard.doctor import CheckResult, DoctorContext, Status, check_paths, check_python, run_checks


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
