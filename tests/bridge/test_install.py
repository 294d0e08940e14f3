"""Installing and removing the host registration in a throwaway HOME (and a packaging root for --system)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlpguard.bridge.cli import install_browser_host
from dlpguard.bridge.install import install, plan_install, reg_file, uninstall, write_reg_file
from dlpguard.bridge.manifests import HOST_NAME, Browser, Locations, Platform, Scope, host_manifest
from tests.bridge.conftest import frame, request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and paths as on Linux and macOS")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path, monkeypatch, bridge_env) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


def user_locations() -> Locations:
    return Locations.for_scope(Scope.USER, Platform.LINUX)


def test_a_user_install_writes_a_manifest_per_browser_and_one_launcher(home, bridge_env):
    locations = user_locations()
    done = install(plan_install(list(Browser), locations))
    assert len(done) == 1 + len(Browser)
    launcher = bridge_env.data_dir / "native-host" / "dlpguard-native-host"
    assert locations.launcher_path == launcher
    assert mode(launcher) == 0o755 and mode(launcher.parent) == 0o700
    for browser in Browser:
        path = locations.manifest_path(browser)
        assert path.is_relative_to(home)
        assert json.loads(path.read_text()) == host_manifest(browser, launcher)
        assert mode(path) == 0o644
    assert mode(home / ".config" / "google-chrome") == 0o700  # folders we create are the user's only
    assert mode(home / ".mozilla") == 0o700


def test_installing_twice_leaves_the_same_files_and_no_temporaries(home):
    locations = user_locations()
    install(plan_install(list(Browser), locations))
    first = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    install(plan_install(list(Browser), locations))
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == first


def test_an_existing_browser_folder_keeps_its_mode(home):
    chrome = home / ".config" / "google-chrome"
    chrome.mkdir(parents=True, mode=0o755)
    chrome.chmod(0o755)
    install(plan_install([Browser.CHROME], user_locations()))
    assert mode(chrome) == 0o755


def test_uninstall_removes_ours_and_leaves_the_browsers_folders(home, bridge_env):
    locations = user_locations()
    install(plan_install(list(Browser), locations))
    done = uninstall(list(Browser), locations)
    assert len(done) == len(Browser) + 1
    assert not any(locations.manifest_path(b).exists() for b in Browser)
    assert not locations.launcher_path.exists() and not locations.host_dir.exists()
    assert (home / ".config" / "google-chrome" / "NativeMessagingHosts").is_dir()
    assert uninstall(list(Browser), locations) == []


def test_uninstalling_one_browser_keeps_the_launcher_for_the_rest(home):
    locations = user_locations()
    install(plan_install(list(Browser), locations))
    uninstall([Browser.EDGE], locations)
    assert not locations.manifest_path(Browser.EDGE).exists()
    assert locations.manifest_path(Browser.CHROME).exists() and locations.launcher_path.exists()


def test_a_system_install_is_readable_by_everyone_and_writable_by_no_one_else(tmp_path):
    root = tmp_path / "root"
    locations = Locations.for_scope(Scope.SYSTEM, Platform.LINUX, root=root)
    install(plan_install(list(Browser), locations))
    launcher = root / "usr/local/lib/dlpguard/native-host/dlpguard-native-host"
    assert mode(launcher) == 0o755 and mode(launcher.parent) == 0o755
    chrome = root / "etc/opt/chrome/native-messaging-hosts" / f"{HOST_NAME}.json"
    firefox = root / "usr/lib/mozilla/native-messaging-hosts" / f"{HOST_NAME}.json"
    assert mode(chrome) == 0o644 and mode(chrome.parent) == 0o755
    assert json.loads(firefox.read_text())["path"] == str(launcher)


def test_the_dry_run_writes_nothing(home, bridge_env):
    result = CliRunner().invoke(install_browser_host, ["--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would write manifest" in result.output and "chrome-extension://" in result.output
    assert not any(p.is_file() for p in home.rglob("*"))
    assert not (bridge_env.data_dir / "native-host").exists()


def test_the_command_installs_only_the_chosen_browsers_and_uninstalls_them(home):
    runner = CliRunner()
    result = runner.invoke(install_browser_host, ["--browser", "firefox", "--browser", "brave"])
    assert result.exit_code == 0, result.output
    locations = user_locations()
    installed = {b for b in Browser if locations.manifest_path(b).exists()}
    assert installed == {Browser.FIREFOX, Browser.BRAVE}
    result = runner.invoke(install_browser_host, ["--uninstall"])
    assert result.exit_code == 0 and "removed launcher" in result.output
    assert not any(locations.manifest_path(b).exists() for b in Browser)


def test_the_command_installs_system_wide_under_a_packaging_root(tmp_path, home):
    root = tmp_path / "pkg"
    result = CliRunner().invoke(
        install_browser_host, ["--system", "--root", str(root), "--browser", "chrome"]
    )
    assert result.exit_code == 0, result.output
    assert (root / "etc/opt/chrome/native-messaging-hosts" / f"{HOST_NAME}.json").is_file()
    assert not any(p.is_file() for p in home.rglob("*"))


def test_reg_file_is_refused_outside_windows(home):
    result = CliRunner().invoke(install_browser_host, ["--reg-file", str(home / "x.reg")])
    assert result.exit_code == 2 and "Windows only" in result.output


def test_the_windows_plan_registers_each_browser_and_renders_as_a_reg_file(tmp_path):
    locations = Locations.for_scope(Scope.USER, Platform.WINDOWS)
    plan = plan_install(list(Browser), locations, python="C:\\Python311\\python.exe")
    assert len(plan.manifests) == 2  # one for the Chromium family, one for Firefox
    assert {entry.browser for entry in plan.registry} == set(Browser)
    text = reg_file(plan.registry)
    assert text.startswith("Windows Registry Editor Version 5.00\r\n")
    chrome = next(e for e in plan.registry if e.browser is Browser.CHROME)
    escaped = chrome.value.replace("\\", "\\\\")
    assert (
        f'[HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\{HOST_NAME}]\r\n@="{escaped}"'
        in text
    )
    assert f"[-HKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\{HOST_NAME}]" in reg_file(
        plan.registry, remove=True
    )
    path = tmp_path / "dlpguard.reg"
    write_reg_file(path, text)
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff") and path.read_bytes().decode("utf-16") == text
    assert (
        plan.launcher.content == '@echo off\r\n"C:\\Python311\\python.exe" -I -m dlpguard native-host %*\r\n'
    )


def test_the_installed_launcher_starts_a_working_host(home, bridge_env):
    locations = user_locations()
    install(plan_install([Browser.CHROME], locations))
    manifest = json.loads(locations.manifest_path(Browser.CHROME).read_text())
    proc = subprocess.run(
        [manifest["path"], f"chrome-extension://{manifest['allowed_origins'][0].split('/')[2]}/"],
        input=frame(request(id="h", type="hello", extension_version="1")),
        capture_output=True,
        env={**bridge_env.environ(), "HOME": str(home)},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout[4:])["type"] == "hello_ok"
