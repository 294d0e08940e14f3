"""Package contents generated from `layout.py`: every file a package installs besides the app itself.

Pure functions returning data (paths, bytes, modes); the package builders write them into their
staging trees and the tests read them back as JSON, XML and plists. Nothing here knows a path or a
value that `layout.py` (or `dlpguard.bridge.manifests` underneath it) does not state.
"""

from __future__ import annotations

import json
import plistlib
import shlex
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from xml.etree import ElementTree as ET

from dlpguard.bridge.manifests import (
    CHROMIUM_EXTENSION_ID,
    LAUNCHER_NAME,
    Browser,
    Platform,
    host_manifest,
    launcher_script,
    unset_locations,
)
from installers.layout import (
    APP_NAME,
    BUNDLE_ID,
    CHROMIUM_UPDATE_URL,
    FIREFOX_INSTALL_URL,
    LINUX_CRX_UPDATE_URL,
    LINUX_XPI_URL,
    PlatformLayout,
    linux_layout,
    macos_layout,
    policy_values,
    windows_layout,
)

#: Fixed for the product's lifetime: MSI major upgrades find the installed version by it.
WINDOWS_UPGRADE_CODE = "3B6F2C1E-5A4D-4E8B-9C7A-2D1F0E6B8A94"
_UUID_NAMESPACE = uuid.UUID("9a1c6f0e-2b7d-4c3e-8f5a-d0b1e2c3a4f5")

POLICY_TEMPLATE = """\
# DLP Guard admin policy template. Copy to policy.yaml (same folder) and edit; the app reloads it live.
# Reference: `dlpguard policy schema` and the admin guide. Validate with `dlpguard policy validate`.
# Once any *.pub file is in keys/, only a policy signed with its private key is accepted.
schema_version: 1
version: 1                 # raise on every change: older signed versions are refused
name: Organisation policy
simulation: true           # start by recording only; set to false to enforce
fail_mode: closed
"""

MACHINE_README = """\
DLP Guard machine-wide configuration (writable by administrators only).

policy.yaml           the admin policy (not shipped: copy policy.yaml.example to start)
policy.yaml.sig       its detached Ed25519 signature (`dlpguard policy sign`)
keys/*.pub            public keys; once one is here, an unsigned or badly signed policy is refused

Incident logs are not here: each user's log lives in that user's data folder and is never removed
by the package.
"""


@dataclass(frozen=True)
class GeneratedFile:
    path: PurePath  # absolute, on the target machine
    content: bytes
    mode: int = 0o644

    @property
    def is_conffile(self) -> bool:
        """Debian treats files under /etc as the admin's: upgrades never overwrite local edits."""
        return PurePosixPath(self.path.as_posix()).is_relative_to("/etc")


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def _uuid(name: str) -> str:
    """Stable per name: regenerating a package never changes a component's or payload's identity."""
    return str(uuid.uuid5(_UUID_NAMESPACE, name)).upper()


def cli_wrapper(python: PurePath) -> str:
    """`-I`: PYTHONPATH and the current folder cannot change what the installed CLI imports; the
    location variables of a development tree are unset (the autostarted tray app runs through here)."""
    return (
        f"#!/bin/sh\n{unset_locations(Platform.LINUX)}"  # the same sh line on macOS
        f'exec {shlex.quote(str(python))} -I -m dlpguard "$@"\n'
    )


def _unix_common(layout: PlatformLayout, extension_id: str | None = None) -> list[GeneratedFile]:
    launcher = Path(str(layout.launcher))
    files = [
        GeneratedFile(layout.cli, cli_wrapper(layout.python).encode(), 0o755),
        GeneratedFile(layout.launcher, launcher_script(layout.platform, str(layout.python)).encode(), 0o755),
        GeneratedFile(layout.machine_dir / "README", MACHINE_README.encode()),
        GeneratedFile(layout.machine_dir / "policy.yaml.example", POLICY_TEMPLATE.encode()),
    ]
    seen: set[PurePath] = set()
    for host in layout.hosts:
        if host.manifest not in seen:
            seen.add(host.manifest)
            manifest = host_manifest(host.browser, launcher, extension_id)
            files.append(GeneratedFile(host.manifest, _json(manifest)))
    return files


# -- Linux --------------------------------------------------------------------------------------------


def xdg_autostart_entry(layout: PlatformLayout) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Warns before secrets and personal data reach AI chat sites\n"
        f"Exec={shlex.join(layout.autostart.command)}\n"
        "Icon=security-high\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def linux_files(
    update_url: str | None = None, install_url: str | None = None, *, extension_id: str | None = None
) -> list[GeneratedFile]:
    """Without URLs the policies point at the package's own CRX update manifest and .xpi under
    LINUX_EXTENSION_DIR (file://); the package's .xpi is unsigned, so Firefox's policy also turns
    signature checks off (honoured by ESR). `extension_id`: the id of the key that signed the CRX."""
    layout = linux_layout()
    extension_id = extension_id or CHROMIUM_EXTENSION_ID
    files = _unix_common(layout, extension_id)
    for policy in layout.policies:
        values = policy_values(
            policy.browser,
            update_url or LINUX_CRX_UPDATE_URL,
            install_url or LINUX_XPI_URL,
            extension_id=extension_id,
            unsigned_xpi=install_url is None,
        )
        data = values if policy.browser.is_chromium else {"policies": values}
        files.append(GeneratedFile(PurePosixPath(policy.location), _json(data)))
    files.append(
        GeneratedFile(PurePosixPath(layout.autostart.location), xdg_autostart_entry(layout).encode())
    )
    return files


# -- macOS --------------------------------------------------------------------------------------------


def macos_launch_agent(layout: PlatformLayout | None = None) -> bytes:
    layout = layout or macos_layout()
    agent = {
        "Label": f"{BUNDLE_ID}.gui",
        "ProgramArguments": list(layout.autostart.command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a crash, not after the user quits
        "LimitLoadToSessionType": ["Aqua"],
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=True)


def macos_mobileconfig(
    update_url: str = CHROMIUM_UPDATE_URL, install_url: str = FIREFOX_INSTALL_URL
) -> bytes:
    """One configuration profile carrying every browser's managed policy (deploy it with the MDM)."""
    layout = macos_layout()
    payloads = []
    for policy in layout.policies:
        values: dict[str, object] = dict(policy_values(policy.browser, update_url, install_url))
        if policy.browser is Browser.FIREFOX:
            values["EnterprisePoliciesEnabled"] = True
        payloads.append(
            {
                "PayloadType": policy.location,
                "PayloadIdentifier": f"{BUNDLE_ID}.policy.{policy.browser.value}",
                "PayloadUUID": _uuid(f"mobileconfig/{policy.browser.value}"),
                "PayloadVersion": 1,
                "PayloadDisplayName": f"{APP_NAME}: {policy.browser.value}",
                **values,
            }
        )
    profile = {
        "PayloadType": "Configuration",
        "PayloadIdentifier": f"{BUNDLE_ID}.policy",
        "PayloadUUID": _uuid("mobileconfig"),
        "PayloadVersion": 1,
        "PayloadDisplayName": f"{APP_NAME} browser policy",
        "PayloadScope": "System",
        "PayloadContent": payloads,
    }
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=True)


def macos_postinstall(layout: PlatformLayout | None = None) -> str:
    """pkgbuild's postinstall: the machine folder (admins only) and the agent for whoever is logged in."""
    layout = layout or macos_layout()
    machine = shlex.quote(str(layout.machine_dir))
    keys = shlex.quote(str(layout.keys_dir))
    agent = shlex.quote(layout.autostart.location)
    return (
        "#!/bin/sh\n"
        "set -e\n"
        f"mkdir -p {keys}\n"
        f"chown -R root:wheel {machine}\n"
        f"chmod 755 {machine} {keys}\n"
        'user_id=$(stat -f %u /dev/console 2>/dev/null || echo 0)\n'
        'if [ "$user_id" -ne 0 ]; then\n'
        f'  launchctl bootstrap "gui/$user_id" {agent} 2>/dev/null || true\n'
        "fi\n"
        "exit 0\n"
    )


def macos_payload() -> list[GeneratedFile]:
    """Everything pkgbuild's --root tree holds besides the app's venv (which build scripts add)."""
    layout = macos_layout()
    return [
        *_unix_common(layout),
        GeneratedFile(PurePosixPath(layout.autostart.location), macos_launch_agent(layout)),
    ]


# -- Windows ------------------------------------------------------------------------------------------

WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"


def windows_files() -> list[GeneratedFile]:
    """The launcher and manifests, paths relative to the install folder (both browsers resolve a
    relative `path` against the manifest's folder, so a custom install folder still works)."""
    layout = windows_layout()
    python = "%~dp0..\\python\\python.exe"
    cli = f'@echo off\r\n{unset_locations(Platform.WINDOWS)}"%~dp0python\\python.exe" -I -m dlpguard %*\r\n'
    files = [
        GeneratedFile(layout.cli, cli.encode()),
        GeneratedFile(layout.launcher, launcher_script(Platform.WINDOWS, python).encode()),
    ]
    seen: set[PurePath] = set()
    for host in layout.hosts:
        if host.manifest not in seen:
            seen.add(host.manifest)
            manifest = host_manifest(host.browser, Path(f"{LAUNCHER_NAME}.bat"))
            files.append(GeneratedFile(host.manifest, _json(manifest)))
    return files


def _split_hive(key: str) -> tuple[str, str]:
    hive, _, rest = key.partition("\\")
    return {"HKEY_LOCAL_MACHINE": "HKLM", "HKEY_CURRENT_USER": "HKCU"}[hive], rest


def _component(parent: ET.Element, ident: str) -> ET.Element:
    return ET.SubElement(parent, "Component", Id=ident, Guid=_uuid(f"wix/{ident}"), Win64="yes")


def _reg(parent: ET.Element, key: str, *, name: str | None, value: str, kind: str = "string",
         keypath: bool = False) -> None:
    root, sub = _split_hive(key)
    attrs = {"Root": root, "Key": sub, "Type": kind, "Value": value}
    if name is not None:
        attrs["Name"] = name
    if keypath:
        attrs["KeyPath"] = "yes"
    ET.SubElement(parent, "RegistryValue", attrs)


def windows_wxs(
    version: str,
    update_url: str = CHROMIUM_UPDATE_URL,
    install_url: str = FIREFOX_INSTALL_URL,
    *,
    app_component_group: str | None = None,
) -> str:
    """A WiX v3 source (wixl and candle/light both read it) for a per-machine MSI.

    Files come from `$(var.SourceDir)` laid out like the install folder. The app itself (embedded
    Python + site-packages) is harvested separately into `app_component_group` when given.
    """
    layout = windows_layout()
    wix = ET.Element("Wix", xmlns=WIX_NS)
    product = ET.SubElement(
        wix, "Product", Id="*", Name=APP_NAME, Language="1033", Version=version,
        Manufacturer="DLP Guard contributors", UpgradeCode=WINDOWS_UPGRADE_CODE,
    )
    # The architecture (x64) is the build tool's flag: `wixl -a x64`, `candle -arch x64`.
    ET.SubElement(product, "Package", InstallerVersion="500", Compressed="yes", InstallScope="perMachine",
                  Description=f"{APP_NAME} {version}")
    ET.SubElement(product, "MajorUpgrade", DowngradeErrorMessage="A newer DLP Guard is already installed.")
    ET.SubElement(product, "Media", Id="1", Cabinet="dlpguard.cab", EmbedCab="yes")

    target = ET.SubElement(product, "Directory", Id="TARGETDIR", Name="SourceDir")
    pf = ET.SubElement(target, "Directory", Id="ProgramFiles64Folder")
    install = ET.SubElement(pf, "Directory", Id="INSTALLDIR", Name=layout.app_dir.name)
    host_dir = ET.SubElement(install, "Directory", Id="NATIVEHOSTDIR", Name=layout.launcher.parent.name)
    data = ET.SubElement(target, "Directory", Id="CommonAppDataFolder")
    machine = ET.SubElement(data, "Directory", Id="MACHINEDIR", Name=layout.machine_dir.name)
    keys = ET.SubElement(machine, "Directory", Id="KEYSDIR", Name=layout.keys_dir.name)

    components: list[str] = []

    # One component per folder, its first file the key path.
    folders = {layout.app_dir: (install, "CliFiles"), layout.launcher.parent: (host_dir, "NativeHostFiles")}
    by_folder: dict[str, ET.Element] = {}
    for i, generated in enumerate(windows_files()):
        folder, ident = folders[generated.path.parent]
        component = by_folder.get(ident)
        if component is None:
            component = by_folder[ident] = _component(folder, ident)
            components.append(ident)
        rel = generated.path.relative_to(layout.app_dir).as_posix()
        attrs = {"Id": f"File{i}", "Source": f"$(var.SourceDir)/{rel}"}
        if len(component) == 0:
            attrs["KeyPath"] = "yes"
        ET.SubElement(component, "File", attrs)

    for folder, ident in ((machine, "MachineDir"), (keys, "KeysDir")):
        component = _component(folder, ident)
        ET.SubElement(component, "CreateFolder")
        components.append(ident)

    registry = _component(install, "Registry")
    components.append("Registry")
    for h in layout.hosts:
        assert h.registry_key is not None
        _reg(registry, h.registry_key, name=None, value=f"[NATIVEHOSTDIR]{h.manifest.name}")
    for policy in layout.policies:
        values = policy_values(policy.browser, update_url, install_url)
        for name, value in values.items():
            if isinstance(value, list):  # Chromium list policies: a subkey with values "1", "2", ...
                for n, item in enumerate(value, 1):
                    _reg(registry, f"{policy.location}\\{name}", name=str(n), value=str(item))
            elif isinstance(value, bool):
                _reg(registry, policy.location, name=name, value=str(int(value)), kind="integer")
            else:  # Firefox reads dictionary policies as a JSON string
                _reg(registry, policy.location, name=name, value=json.dumps(value))
    run_key, _, run_name = layout.autostart.location.rpartition("\\")
    command = " ".join(f'"{a}"' if " " in a else a for a in layout.autostart.command)
    command = command.replace(str(layout.app_dir) + "\\", "[INSTALLDIR]")
    _reg(registry, run_key, name=run_name, value=command, keypath=True)

    feature = ET.SubElement(product, "Feature", Id="Main", Title=APP_NAME, Level="1")
    for ident in components:
        ET.SubElement(feature, "ComponentRef", Id=ident)
    if app_component_group:
        ET.SubElement(feature, "ComponentGroupRef", Id=app_component_group)
    ET.indent(wix)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(wix, encoding="unicode") + "\n"
