"""`doctor` on the browser host: not registered, registered and working, registered but broken."""

from __future__ import annotations

import json
import os
import sys

import pytest

from dlpguard.bridge.doctor_check import check_browser_host, inspect_registrations
from dlpguard.bridge.install import install, plan_install
from dlpguard.bridge.manifests import Browser, Locations, Platform, Scope, launcher_script
from dlpguard.guard.doctor import DoctorContext, Status, run_checks

pytestmark = pytest.mark.skipif(os.name != "posix", reason="paths as on Linux and macOS")


@pytest.fixture
def locations(tmp_path, monkeypatch, bridge_env) -> Locations:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return Locations.for_scope(Scope.USER, Platform.LINUX)


def user_registrations():
    return [r for r in inspect_registrations(Platform.LINUX) if r.scope is Scope.USER]


def test_nothing_registered_is_degraded_with_the_fix(locations):
    result = check_browser_host(DoctorContext())
    assert result.status is Status.DEGRADED
    assert "dlpguard install-browser-host" in result.summary


def test_a_working_registration_is_ok_and_named(locations):
    install(plan_install([Browser.CHROME, Browser.FIREFOX], locations))
    result = check_browser_host(DoctorContext())
    assert result.status is Status.OK
    assert result.summary == "registered for chrome (user), firefox (user)"
    registered = {r["browser"] for r in result.details["registrations"]}  # type: ignore[union-attr]
    assert registered == {"chrome", "firefox"}
    assert [r.browser for r in user_registrations() if r.healthy] == [Browser.CHROME, Browser.FIREFOX]


def break_launcher_gone(locations):
    locations.launcher_path.unlink()


def break_not_executable(locations):
    locations.launcher_path.chmod(0o644)


def break_python_gone(locations):
    locations.launcher_path.write_text(launcher_script(Platform.LINUX, "/nonexistent/venv/bin/python"))


def break_other_extension_allowed(locations):
    path = locations.manifest_path(Browser.CHROME)
    manifest = json.loads(path.read_text())
    manifest["allowed_origins"].append("chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
    path.write_text(json.dumps(manifest))


def break_not_json(locations):
    locations.manifest_path(Browser.CHROME).write_text("{")


def break_relative_path(locations):
    path = locations.manifest_path(Browser.CHROME)
    manifest = json.loads(path.read_text())
    manifest["path"] = "dlpguard-native-host"
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "damage, problem",
    [
        (break_launcher_gone, "is missing"),
        (break_not_executable, "is not executable"),
        (break_python_gone, "/nonexistent/venv/bin/python, which no longer exists"),
        (break_other_extension_allowed, "expected only 'chrome-extension://"),
        (break_not_json, "not valid JSON"),
        (break_relative_path, "is not absolute"),
    ],
    ids=lambda v: getattr(v, "__name__", "")[6:],
)
def test_a_broken_registration_fails_and_says_why(locations, damage, problem):
    install(plan_install([Browser.CHROME], locations))
    damage(locations)
    result = check_browser_host(DoctorContext())
    assert result.status is Status.FAILED
    assert result.summary.startswith("chrome (user): ") and problem in result.summary


def test_the_check_fits_the_doctor_report(locations):
    install(plan_install([Browser.BRAVE], locations))
    report = run_checks([check_browser_host])
    assert report.status is Status.OK and report.checks[0].name == "browser_host"
    assert report.to_dict()["checks"][0]["details"]["host"] == "com.dlpguard.host"


def test_the_launcher_python_is_this_interpreter(locations):
    install(plan_install([Browser.CHROME], locations))
    assert sys.executable in locations.launcher_path.read_text()
