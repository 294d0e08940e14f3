"""The install layout table: every browser on every platform, and the same facts the app itself uses."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from dlpguard import paths
from dlpguard.bridge.manifests import (
    FIREFOX_EXTENSION_ID,
    HOST_NAME,
    Browser,
    Locations,
    Platform,
    Scope,
    extension_id_from_key,
)
from installers.layout import (
    AutostartKind,
    PolicyStore,
    chromium_policy_values,
    firefox_policy_values,
    layout,
)

REPO = Path(__file__).resolve().parents[2]

EXPECTED = {
    # platform: (machine dir, policy store, autostart kind)
    Platform.LINUX: ("/etc/dlpguard", PolicyStore.JSON_FILE, AutostartKind.XDG_DESKTOP),
    Platform.MACOS: (
        "/Library/Application Support/DLPGuard", PolicyStore.PROFILE, AutostartKind.LAUNCH_AGENT
    ),
    Platform.WINDOWS: (r"C:\ProgramData\DLPGuard", PolicyStore.REGISTRY, AutostartKind.RUN_KEY),
}


@pytest.mark.parametrize("platform", list(Platform))
def test_every_browser_has_one_host_registration_and_one_policy(platform):
    lay = layout(platform)
    assert sorted(h.browser for h in lay.hosts) == sorted(Browser)
    assert sorted(p.browser for p in lay.policies) == sorted(Browser)


@pytest.mark.parametrize("platform", list(Platform))
def test_machine_folder_policy_store_and_autostart_are_the_platforms_own(platform):
    machine_dir, store, kind = EXPECTED[platform]
    lay = layout(platform)
    assert str(lay.machine_dir) == machine_dir
    assert lay.keys_dir == lay.machine_dir / "keys"
    assert {p.store for p in lay.policies} == {store}
    assert lay.autostart.kind is kind
    assert lay.autostart.command[-1] == "gui"


@pytest.mark.parametrize("platform", list(Platform))
def test_every_path_is_absolute_and_inside_the_app_where_it_belongs(platform):
    lay = layout(platform)
    hosts = [h.manifest for h in lay.hosts]
    for path in (lay.app_dir, lay.python, lay.cli, lay.launcher, lay.machine_dir, *hosts):
        assert path.is_absolute(), path
    assert lay.python.is_relative_to(lay.app_dir)
    assert lay.launcher.is_relative_to(lay.app_dir)


def test_the_linux_machine_folder_is_the_one_the_app_reads(monkeypatch):
    monkeypatch.delenv("DLPGUARD_MACHINE_DIR", raising=False)
    assert Path(str(layout(Platform.LINUX).machine_dir)) == paths.machine_config_dir()


@pytest.mark.parametrize("platform", [Platform.LINUX, Platform.MACOS])
def test_unix_host_manifests_go_where_the_bridge_module_says(platform):
    locations = Locations.for_scope(Scope.SYSTEM, platform, home=Path("/nonexistent"), root=Path("/"))
    for host in layout(platform).hosts:
        assert isinstance(host.manifest, PurePosixPath)
        assert str(host.manifest) == str(locations.manifest_path(host.browser))
        assert host.registry_key is None


def test_windows_hosts_are_registered_machine_wide():
    lay = layout(Platform.WINDOWS)
    locations = Locations.for_scope(Scope.SYSTEM, Platform.WINDOWS, home=Path("/nonexistent"))
    for host in lay.hosts:
        hive, key = locations.registry_key(host.browser)
        assert host.registry_key == f"{hive}\\{key}"
        assert host.registry_key.startswith("HKEY_LOCAL_MACHINE\\")
        assert host.registry_key.endswith("\\" + HOST_NAME)
        assert isinstance(host.manifest, PureWindowsPath)
        assert host.manifest.parent == lay.launcher.parent


def test_chromium_policy_force_installs_our_extension_and_pins_our_host():
    key = (REPO / "extension" / "key.pub.b64").read_text(encoding="ascii")
    values = chromium_policy_values("https://updates.example.org/u.xml")
    assert values == {
        "ExtensionInstallForcelist": [f"{extension_id_from_key(key)};https://updates.example.org/u.xml"],
        "NativeMessagingAllowlist": [HOST_NAME],
        "NativeMessagingUserLevelHosts": False,
    }


def test_firefox_policy_force_installs_the_add_on_named_in_its_manifest():
    manifest = json.loads((REPO / "extension" / "manifest.firefox.json").read_text(encoding="utf-8"))
    gecko_id = manifest["browser_specific_settings"]["gecko"]["id"]
    assert gecko_id == FIREFOX_EXTENSION_ID
    settings = firefox_policy_values("https://updates.example.org/a.xpi")["ExtensionSettings"]
    assert settings == {
        gecko_id: {"installation_mode": "force_installed", "install_url": "https://updates.example.org/a.xpi"}
    }


def test_linux_policy_files_are_each_browsers_managed_folder():
    files = {p.browser: p.location for p in layout(Platform.LINUX).policies}
    assert files == {
        Browser.CHROME: "/etc/opt/chrome/policies/managed/dlpguard.json",
        Browser.CHROMIUM: "/etc/chromium/policies/managed/dlpguard.json",
        Browser.EDGE: "/etc/opt/edge/policies/managed/dlpguard.json",
        Browser.BRAVE: "/etc/brave/policies/managed/dlpguard.json",
        Browser.FIREFOX: "/etc/firefox/policies/policies.json",
    }


def test_each_platform_gets_its_own_layout():
    assert [layout(p).platform for p in Platform] == list(Platform)


def test_the_product_knows_where_packages_put_the_application():
    from pathlib import Path

    from dlpguard.bridge.cli import PACKAGED_APP_DIRS
    from installers.layout import linux_layout, macos_layout

    assert {Path(str(linux_layout().app_dir)), Path(str(macos_layout().app_dir))} == set(PACKAGED_APP_DIRS)


# -- delivering the extension ---------------------------------------------------------------------------


def test_linux_defaults_to_the_packages_own_crx_and_xpi():
    from installers.generate import linux_files
    from installers.layout import LINUX_CRX_UPDATE_URL, LINUX_XPI_URL, UNSIGNED_XPI_PREFERENCES

    files = {str(f.path): f for f in linux_files(extension_id="a" * 32)}
    chromium = json.loads(files["/etc/chromium/policies/managed/dlpguard.json"].content)
    assert chromium["ExtensionInstallForcelist"] == ["a" * 32 + ";" + LINUX_CRX_UPDATE_URL]
    assert LINUX_CRX_UPDATE_URL == "file:///opt/dlpguard/extension/updates.xml"
    firefox = json.loads(files["/etc/firefox/policies/policies.json"].content)["policies"]
    assert firefox["ExtensionSettings"][FIREFOX_EXTENSION_ID]["install_url"] == LINUX_XPI_URL
    assert firefox["Preferences"] == UNSIGNED_XPI_PREFERENCES  # the package's .xpi is unsigned (ESR)


def test_a_hosted_signed_xpi_keeps_firefox_signature_checks_on():
    from installers.generate import linux_files

    files = {str(f.path): f for f in linux_files(install_url="https://example.org/signed.xpi")}
    assert "Preferences" not in json.loads(files["/etc/firefox/policies/policies.json"].content)["policies"]


def test_the_host_manifests_allow_the_id_the_crx_was_signed_with():
    from installers.generate import linux_files

    files = {str(f.path): f for f in linux_files(extension_id="b" * 32)}
    manifest = json.loads(files["/etc/chromium/native-messaging-hosts/com.dlpguard.host.json"].content)
    assert manifest["allowed_origins"] == ["chrome-extension://" + "b" * 32 + "/"]


@pytest.mark.parametrize(
    ("update_url", "install_url", "warned"),
    [
        (None, None, 2),
        ("https://clients2.google.com/service/update2/crx", None, 1),
        ("https://updates.example.org/u.xml", "https://updates.example.org/a.xpi", 0),
    ],
)
def test_windows_and_macos_builders_warn_while_the_urls_are_placeholders(update_url, install_url, warned):
    from installers.layout import delivery_warnings

    assert len(delivery_warnings(update_url, install_url)) == warned
