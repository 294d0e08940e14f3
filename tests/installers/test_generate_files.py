"""Generated package files read back as data: valid JSON, XML and plists carrying the right ids, and
the same managed-policy keys for every browser on every platform."""

from __future__ import annotations

import configparser
import json
import plistlib
import shlex
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from dlpguard.bridge.manifests import (
    CHROMIUM_EXTENSION_ID,
    FIREFOX_EXTENSION_ID,
    HOST_NAME,
    Browser,
    Platform,
    chromium_origin,
    launcher_python,
    unset_locations,
)
from dlpguard.cli import main as cli
from installers import generate
from installers.layout import (
    CHROMIUM_UPDATE_URL,
    FIREFOX_INSTALL_URL,
    PlatformLayout,
    layout,
    linux_layout,
    macos_layout,
    policy_values,
    windows_layout,
)

NS = {"w": generate.WIX_NS}
UPDATE_URL = "https://updates.example.org/chromium.xml"
INSTALL_URL = "https://updates.example.org/dlpguard.xpi"


def _by_path(files: list[generate.GeneratedFile]) -> dict[str, generate.GeneratedFile]:
    return {str(f.path): f for f in files}


def _wix() -> ET.Element:
    return ET.fromstring(generate.windows_wxs("1.2.3", UPDATE_URL, INSTALL_URL))  # noqa: S314 (ours)


def _registry_values(wix: ET.Element) -> list[dict[str, str]]:
    return [v.attrib for v in wix.iter(f"{{{generate.WIX_NS}}}RegistryValue")]


# -- what each platform's artefacts say, extracted the same way for the cross-check -------------------


def _linux_policy_keys() -> dict[Browser, set[str]]:
    files = _by_path(generate.linux_files(UPDATE_URL, INSTALL_URL))
    out = {}
    for policy in linux_layout().policies:
        data = json.loads(files[policy.location].content)
        out[policy.browser] = set(data if policy.browser.is_chromium else data["policies"])
    return out


def _macos_policy_keys() -> dict[Browser, set[str]]:
    profile = plistlib.loads(generate.macos_mobileconfig(UPDATE_URL, INSTALL_URL))
    by_domain = {p["PayloadType"]: p for p in profile["PayloadContent"]}
    return {
        p.browser: {k for k in by_domain[p.location] if not k.startswith("Payload")}
        - {"EnterprisePoliciesEnabled"}
        for p in macos_layout().policies
    }


def _windows_policy_keys() -> dict[Browser, set[str]]:
    values = _registry_values(_wix())
    out: dict[Browser, set[str]] = {}
    for policy in windows_layout().policies:
        key = policy.location.partition("\\")[2]
        names = set()
        for v in values:
            if v["Key"] == key:
                names.add(v["Name"])
            elif v["Key"].startswith(key + "\\"):  # list policies are subkeys
                names.add(v["Key"].rsplit("\\", 1)[1])
        out[policy.browser] = names
    return out


EXTRACTORS = {
    Platform.LINUX: _linux_policy_keys,
    Platform.MACOS: _macos_policy_keys,
    Platform.WINDOWS: _windows_policy_keys,
}


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("browser", list(Browser))
def test_no_policy_key_is_forgotten_on_any_platform(platform, browser):
    assert EXTRACTORS[platform]()[browser] == set(policy_values(browser))


# -- Linux --------------------------------------------------------------------------------------------


def test_linux_files_cover_every_layout_location():
    lay = linux_layout()
    files = _by_path(generate.linux_files())
    expected = {str(lay.cli), str(lay.launcher), lay.autostart.location}
    expected |= {str(h.manifest) for h in lay.hosts} | {p.location for p in lay.policies}
    assert expected <= set(files)
    assert files[str(lay.cli)].mode == files[str(lay.launcher)].mode == 0o755


@pytest.mark.parametrize("browser", list(Browser))
def test_linux_host_manifest_names_our_host_launcher_and_extension(browser):
    lay = linux_layout()
    manifest = json.loads(_by_path(generate.linux_files())[str(lay.host(browser).manifest)].content)
    assert manifest["name"] == HOST_NAME
    assert manifest["path"] == str(lay.launcher)
    assert manifest["type"] == "stdio"
    if browser.is_chromium:
        assert manifest["allowed_origins"] == [chromium_origin(CHROMIUM_EXTENSION_ID)]
    else:
        assert manifest["allowed_extensions"] == [FIREFOX_EXTENSION_ID]


@pytest.mark.parametrize("browser", list(Browser))
def test_linux_policy_file_carries_the_given_urls(browser):
    content = _by_path(generate.linux_files(UPDATE_URL, INSTALL_URL))[linux_layout().policy(browser).location]
    data = json.loads(content.content)
    if browser.is_chromium:
        assert data["ExtensionInstallForcelist"] == [f"{CHROMIUM_EXTENSION_ID};{UPDATE_URL}"]
    else:
        assert data["policies"]["ExtensionSettings"][FIREFOX_EXTENSION_ID]["install_url"] == INSTALL_URL


def test_placeholder_urls_never_resolve():
    assert ".invalid/" in CHROMIUM_UPDATE_URL
    assert ".invalid/" in FIREFOX_INSTALL_URL


def test_linux_launcher_and_cli_run_the_bundled_python_isolated():
    lay = linux_layout()
    files = _by_path(generate.linux_files())
    assert launcher_python(files[str(lay.launcher)].content.decode()) == str(lay.python)
    cli_lines = files[str(lay.cli)].content.decode().splitlines()
    assert shlex.split(cli_lines[-1]) == ["exec", str(lay.python), "-I", "-m", "dlpguard", "$@"]


@pytest.mark.parametrize(
    ("platform", "files"),
    [
        (Platform.LINUX, generate.linux_files),
        (Platform.MACOS, generate.macos_payload),
        (Platform.WINDOWS, generate.windows_files),
    ],
)
def test_packaged_launchers_and_cli_unset_every_location_variable(platform, files):
    """The employee's session must not reach the installed app's locations (paths.LOCATION_VARIABLES);
    the package never ships a launcher that keeps them, even when built from a checkout."""
    lay = layout(platform)
    files = _by_path(files())
    for wrapper in (lay.launcher, lay.cli):
        text = files[str(wrapper)].content.decode()
        assert unset_locations(platform) in text, wrapper
        assert text.index(unset_locations(platform)) < text.index("-m dlpguard")


def test_xdg_autostart_entry_starts_the_tray_app():
    lay = linux_layout()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(_by_path(generate.linux_files())[lay.autostart.location].content.decode())
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert shlex.split(entry["Exec"]) == [str(lay.cli), "gui"]
    assert entry["Terminal"] == "false"


def test_conffiles_are_exactly_the_files_under_etc():
    for f in generate.linux_files():
        assert f.is_conffile == str(f.path).startswith("/etc/")


def test_the_shipped_policy_template_is_a_valid_policy(tmp_path):
    template = _by_path(generate.linux_files())["/etc/dlpguard/policy.yaml.example"].content
    policy = tmp_path / "policy.yaml"
    policy.write_bytes(template)
    result = CliRunner().invoke(cli, ["policy", "validate", str(policy)])
    assert result.exit_code == 0, result.output


# -- macOS --------------------------------------------------------------------------------------------


def test_mobileconfig_has_one_payload_per_browser_with_unique_stable_ids():
    first = plistlib.loads(generate.macos_mobileconfig())
    again = plistlib.loads(generate.macos_mobileconfig())
    assert first == again
    assert first["PayloadType"] == "Configuration"
    payloads = first["PayloadContent"]
    assert sorted(p["PayloadType"] for p in payloads) == sorted(p.location for p in macos_layout().policies)
    ids = [first["PayloadUUID"], *(p["PayloadUUID"] for p in payloads)]
    assert len(set(ids)) == len(ids)


def test_mobileconfig_enables_firefox_enterprise_policies():
    profile = plistlib.loads(generate.macos_mobileconfig(install_url=INSTALL_URL))
    firefox = next(p for p in profile["PayloadContent"] if p["PayloadType"] == "org.mozilla.firefox")
    assert firefox["EnterprisePoliciesEnabled"] is True
    assert firefox["ExtensionSettings"][FIREFOX_EXTENSION_ID]["installation_mode"] == "force_installed"


def test_launch_agent_starts_the_tray_app_at_login():
    lay = macos_layout()
    agent = plistlib.loads(generate.macos_launch_agent())
    assert agent["Label"] == "org.dlpguard.gui"
    assert agent["ProgramArguments"] == list(lay.autostart.command)
    assert agent["RunAtLoad"] is True
    assert Path(lay.autostart.location).name == agent["Label"] + ".plist"


def test_macos_payload_holds_the_agent_and_every_host_manifest():
    lay = macos_layout()
    files = _by_path(generate.macos_payload())
    assert {str(h.manifest) for h in lay.hosts} | {lay.autostart.location, str(lay.launcher)} <= set(files)
    for host in lay.hosts:
        assert json.loads(files[str(host.manifest)].content)["path"] == str(lay.launcher)


def test_macos_postinstall_is_valid_sh():
    subprocess.run(["sh", "-n"], input=generate.macos_postinstall(), text=True, check=True)


# -- Windows ------------------------------------------------------------------------------------------


def test_wxs_is_a_per_machine_package_with_stable_unique_component_guids():
    wix = _wix()
    package = wix.find("w:Product/w:Package", NS)
    assert package is not None and package.get("InstallScope") == "perMachine"
    guids = [c.get("Guid") for c in wix.iter(f"{{{generate.WIX_NS}}}Component")]
    assert len(set(guids)) == len(guids)
    assert generate.windows_wxs("1.2.3") == generate.windows_wxs("1.2.3")


@pytest.mark.parametrize("browser", list(Browser))
def test_wxs_registers_the_host_for_every_browser_in_hklm(browser):
    host = windows_layout().host(browser)
    assert host.registry_key is not None
    key = host.registry_key.partition("\\")[2]
    (value,) = [v for v in _registry_values(_wix()) if v["Key"] == key]
    assert value["Root"] == "HKLM"
    assert value["Value"] == f"[NATIVEHOSTDIR]{host.manifest.name}"


def test_wxs_ships_every_file_it_registers():
    lay = windows_layout()
    sources = {f.get("Source") for f in _wix().iter(f"{{{generate.WIX_NS}}}File")}
    for generated in generate.windows_files():
        assert f"$(var.SourceDir)/{generated.path.relative_to(lay.app_dir).as_posix()}" in sources
    shipped = {f.path for f in generate.windows_files()}
    assert {h.manifest for h in lay.hosts} | {lay.cli, lay.launcher} <= shipped


def test_windows_manifests_point_at_the_launcher_beside_them():
    for generated in generate.windows_files():
        if generated.path.suffix == ".json":
            manifest = json.loads(generated.content)
            assert manifest["name"] == HOST_NAME
            assert manifest["path"] == windows_layout().launcher.name


def test_wxs_autostarts_the_tray_app_and_creates_the_machine_folders():
    wix = _wix()
    (run,) = [v for v in _registry_values(wix) if v["Key"].endswith(r"CurrentVersion\Run")]
    assert run["Name"] == "DLPGuard"
    assert run["Value"].startswith('"[INSTALLDIR]python\\pythonw.exe"') and run["Value"].endswith(" gui")
    folders = {d.get("Id"): d for d in wix.iter(f"{{{generate.WIX_NS}}}Directory")}
    for ident in ("MACHINEDIR", "KEYSDIR"):
        assert folders[ident].find("w:Component/w:CreateFolder", NS) is not None
    assert folders["MACHINEDIR"].get("Name") == windows_layout().machine_dir.name


@pytest.mark.skipif(shutil.which("wixl") is None, reason="wixl (Debian package wixl) not installed")
def test_wixl_builds_an_msi_from_the_wxs(tmp_path):
    lay = windows_layout()
    for generated in generate.windows_files():
        dest = tmp_path / "src" / generated.path.relative_to(lay.app_dir).as_posix()
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(generated.content)
    (tmp_path / "dlpguard.wxs").write_text(generate.windows_wxs("1.2.3"), encoding="utf-8")
    # wixl resolves sources against the .wxs's folder and refuses an absolute SourceDir.
    subprocess.run(
        ["wixl", "-a", "x64", "-D", "SourceDir=src", "-o", "d.msi", "dlpguard.wxs"],
        check=True, capture_output=True, cwd=tmp_path,
    )
    assert (tmp_path / "d.msi").stat().st_size > 0


# -- every platform -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "files"),
    [
        (Platform.LINUX, generate.linux_files),
        (Platform.MACOS, generate.macos_payload),
        (Platform.WINDOWS, generate.windows_files),
    ],
)
def test_every_generated_host_manifest_names_our_host(platform, files):
    lay: PlatformLayout = layout(platform)
    manifests = {
        f.path: json.loads(f.content)
        for f in files()
        if f.path.suffix == ".json" and f.path.name.startswith(HOST_NAME)
    }
    assert {m["name"] for m in manifests.values()} == {HOST_NAME}
    assert {h.manifest for h in lay.hosts} == set(manifests)
