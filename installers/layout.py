"""Where a packaged DLP Guard puts everything, per platform: the one table the package generators read.

Build-time only, so it lives beside the packaging scripts and not in `dlpguard/`: at run time the app
finds its machine folder through `dlpguard.paths` and its host manifests through
`dlpguard.bridge.manifests`. This module reuses both (host names, extension ids, the browsers' own
manifest folders and registry keys) and adds what only a package needs: the app folder, the CLI, the
browsers' managed-policy locations and values, and autostart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from dlpguard.bridge.manifests import (
    CHROMIUM_EXTENSION_ID,
    FIREFOX_EXTENSION_ID,
    HOST_NAME,
    LAUNCHER_NAME,
    Browser,
    Locations,
    Platform,
    Scope,
    manifest_file_name,
)

APP_NAME = "DLP Guard"
PACKAGE_NAME = "dlpguard"
#: Reverse-DNS id for the macOS LaunchAgent, package identifier and configuration profiles.
BUNDLE_ID = "org.dlpguard"
AUTOSTART_NAME = "DLPGuard"

# Placeholders on purpose (`.invalid` never resolves): the organisation's own update server or the
# stores' URLs go here; the generators take the real ones as arguments. Windows and macOS keep these
# defaults (their Chromium browsers refuse a force-listed CRX from outside the store unless the update
# URL is an enterprise-hosted one: docs/admin-guide.md); the .deb defaults to its own copies below.
CHROMIUM_UPDATE_URL = "https://updates.dlpguard.invalid/chromium/updates.xml"
FIREFOX_INSTALL_URL = "https://updates.dlpguard.invalid/firefox/dlpguard.xpi"

#: Store listings' update URLs: a force-list entry `<id>;<store URL>` installs the extension from the store.
CHROME_WEB_STORE_UPDATE_URL = "https://clients2.google.com/service/update2/crx"
EDGE_ADDONS_UPDATE_URL = "https://edge.microsoft.com/extensionwebstorebase/v1/crx"


def delivery_warnings(update_url: str | None, install_url: str | None) -> list[str]:
    """What the Windows and macOS builders print while their policies still name the placeholders:
    there, Chromium browsers install a force-listed extension only from a store or, on managed
    machines, from an enterprise-hosted update URL (no package-local CRX as on Linux)."""
    warnings = []
    if not update_url or update_url == CHROMIUM_UPDATE_URL:
        warnings.append(
            "the Chromium force-list names the placeholder update URL: pass --update-url with the store's "
            f"({CHROME_WEB_STORE_UPDATE_URL}; Edge Add-ons: {EDGE_ADDONS_UPDATE_URL}) or your "
            "enterprise-hosted updates.xml (managed machines only; see docs/admin-guide.md, Deployment)"
        )
    if not install_url or install_url == FIREFOX_INSTALL_URL:
        warnings.append(
            "the Firefox policy names the placeholder install URL: pass --install-url with a Mozilla-signed "
            ".xpi served over https (release Firefox refuses unsigned add-ons)"
        )
    return warnings


#: Package-local delivery on Linux: the .deb ships the signed CRX, its update manifest and the .xpi here,
#: and the browser policies point at them with file:// URLs (no server, no network, no user step).
LINUX_EXTENSION_DIR = PurePosixPath("/opt/dlpguard/extension")
CRX_NAME = "dlpguard.crx"
UPDATE_MANIFEST_NAME = "updates.xml"
XPI_NAME = "dlpguard.xpi"
LINUX_CRX_UPDATE_URL = f"file://{LINUX_EXTENSION_DIR / UPDATE_MANIFEST_NAME}"
LINUX_CRX_URL = f"file://{LINUX_EXTENSION_DIR / CRX_NAME}"
LINUX_XPI_URL = f"file://{LINUX_EXTENSION_DIR / XPI_NAME}"
#: Firefox ESR (and Developer/Nightly) install an unsigned add-on only with this preference off; the
#: policy locks it. Release Firefox ignores it: there the .xpi must be signed by Mozilla (admin guide).
UNSIGNED_XPI_PREFERENCES = {"xpinstall.signatures.required": {"Value": False, "Status": "locked"}}


class PolicyStore(StrEnum):
    """How a browser receives managed policy on a platform."""

    JSON_FILE = "json_file"  # Linux: a JSON file in the browser's managed-policy folder
    REGISTRY = "registry"  # Windows: values under HKLM\SOFTWARE\Policies\...
    PROFILE = "profile"  # macOS: a payload of a .mobileconfig, keyed by the browser's preference domain


class AutostartKind(StrEnum):
    XDG_DESKTOP = "xdg_desktop"
    LAUNCH_AGENT = "launch_agent"
    RUN_KEY = "run_key"


@dataclass(frozen=True)
class HostRegistration:
    """Where a browser finds our native host system-wide: a manifest file, plus a registry key on Windows."""

    browser: Browser
    manifest: PurePath
    registry_key: str | None = None  # full path with the hive, e.g. HKEY_LOCAL_MACHINE\Software\...


@dataclass(frozen=True)
class BrowserPolicy:
    """Where a browser reads the managed policy that force-installs the extension and pins the host."""

    browser: Browser
    store: PolicyStore
    location: str  # a file path, a registry key (with hive) or a preference domain


@dataclass(frozen=True)
class Autostart:
    kind: AutostartKind
    location: str  # a file path, or a registry key + value name
    command: tuple[str, ...]


@dataclass(frozen=True)
class PlatformLayout:
    platform: Platform
    app_dir: PurePath
    python: PurePath  # the interpreter the app runs on (inside app_dir)
    cli: PurePath
    launcher: PurePath  # the native-host launcher every host manifest points at
    machine_dir: PurePath
    hosts: tuple[HostRegistration, ...]
    policies: tuple[BrowserPolicy, ...]
    autostart: Autostart

    @property
    def keys_dir(self) -> PurePath:
        """Public keys that verify the admin policy's signature (see dlpguard.policy.signing)."""
        return self.machine_dir / "keys"

    def host(self, browser: Browser) -> HostRegistration:
        return next(h for h in self.hosts if h.browser is browser)

    def policy(self, browser: Browser) -> BrowserPolicy:
        return next(p for p in self.policies if p.browser is browser)


# -- managed-policy values (the same on every platform) ---------------------------------------------


def chromium_policy_values(
    update_url: str = CHROMIUM_UPDATE_URL, extension_id: str = CHROMIUM_EXTENSION_ID
) -> dict[str, object]:
    """Chrome, Chromium, Edge and Brave: force-install our extension; only our host may be started,
    and only from the system-wide location (a user cannot shadow it with a per-user manifest).
    `extension_id`: the id of the key the CRX is signed with (a test build's throwaway key)."""
    return {
        "ExtensionInstallForcelist": [f"{extension_id};{update_url}"],
        "NativeMessagingAllowlist": [HOST_NAME],
        "NativeMessagingUserLevelHosts": False,
    }


def firefox_policy_values(
    install_url: str = FIREFOX_INSTALL_URL, *, unsigned: bool = False
) -> dict[str, object]:
    """Firefox has no native-messaging allowlist policy; it gets the force-install only. `unsigned`:
    the .xpi is the package's own, not signed by Mozilla, so signature checks are turned off (ESR)."""
    values: dict[str, object] = {
        "ExtensionSettings": {
            FIREFOX_EXTENSION_ID: {"installation_mode": "force_installed", "install_url": install_url}
        }
    }
    if unsigned:
        values["Preferences"] = UNSIGNED_XPI_PREFERENCES
    return values


def policy_values(
    browser: Browser,
    update_url: str = CHROMIUM_UPDATE_URL,
    install_url: str = FIREFOX_INSTALL_URL,
    *,
    extension_id: str = CHROMIUM_EXTENSION_ID,
    unsigned_xpi: bool = False,
) -> dict[str, object]:
    if browser.is_chromium:
        return chromium_policy_values(update_url, extension_id)
    return firefox_policy_values(install_url, unsigned=unsigned_xpi)


# -- Linux --------------------------------------------------------------------------------------------

_LINUX_POLICY_DIRS: Mapping[Browser, str] = {
    Browser.CHROME: "/etc/opt/chrome/policies/managed",
    Browser.CHROMIUM: "/etc/chromium/policies/managed",
    Browser.EDGE: "/etc/opt/edge/policies/managed",
    Browser.BRAVE: "/etc/brave/policies/managed",
}
#: Read by Mozilla's own builds and by Debian's firefox-esr (one file for all policies: see README).
LINUX_FIREFOX_POLICIES = "/etc/firefox/policies/policies.json"


def _linux_policy_file(browser: Browser) -> str:
    if browser is Browser.FIREFOX:
        return LINUX_FIREFOX_POLICIES
    return f"{_LINUX_POLICY_DIRS[browser]}/dlpguard.json"


def _system_manifest_paths(platform: Platform) -> dict[Browser, PurePosixPath]:
    """The browsers' system-wide manifest folders, straight from dlpguard.bridge.manifests."""
    locations = Locations.for_scope(Scope.SYSTEM, platform, home=Path("/nonexistent"), root=Path("/"))
    return {b: PurePosixPath(locations.manifest_path(b).as_posix()) for b in Browser}


def linux_layout() -> PlatformLayout:
    # /opt/<package>: Debian policy keeps packages out of /usr/local, so the launcher is not the one
    # `dlpguard install-browser-host --system` writes for a source install.
    app = PurePosixPath("/opt/dlpguard")
    manifests = _system_manifest_paths(Platform.LINUX)
    return PlatformLayout(
        platform=Platform.LINUX,
        app_dir=app,
        python=app / "venv/bin/python",
        cli=PurePosixPath("/usr/bin/dlpguard"),
        launcher=app / "bin" / LAUNCHER_NAME,
        machine_dir=PurePosixPath("/etc/dlpguard"),
        hosts=tuple(HostRegistration(b, manifests[b]) for b in Browser),
        policies=tuple(BrowserPolicy(b, PolicyStore.JSON_FILE, _linux_policy_file(b)) for b in Browser),
        autostart=Autostart(
            AutostartKind.XDG_DESKTOP, "/etc/xdg/autostart/dlpguard.desktop", ("/usr/bin/dlpguard", "gui")
        ),
    )


# -- macOS --------------------------------------------------------------------------------------------

#: Preference domains: a configuration profile payload of this PayloadType is the browser's policy.
MACOS_POLICY_DOMAINS: Mapping[Browser, str] = {
    Browser.CHROME: "com.google.Chrome",
    Browser.CHROMIUM: "org.chromium.Chromium",
    Browser.EDGE: "com.microsoft.Edge",
    Browser.BRAVE: "com.brave.Browser",
    Browser.FIREFOX: "org.mozilla.firefox",
}


def macos_layout() -> PlatformLayout:
    app = PurePosixPath("/Library/DLPGuard")
    manifests = _system_manifest_paths(Platform.MACOS)
    return PlatformLayout(
        platform=Platform.MACOS,
        app_dir=app,
        python=app / "venv/bin/python",
        cli=PurePosixPath("/usr/local/bin/dlpguard"),
        launcher=app / "bin" / LAUNCHER_NAME,
        machine_dir=PurePosixPath("/Library/Application Support/DLPGuard"),
        hosts=tuple(HostRegistration(b, manifests[b]) for b in Browser),
        policies=tuple(BrowserPolicy(b, PolicyStore.PROFILE, MACOS_POLICY_DOMAINS[b]) for b in Browser),
        autostart=Autostart(
            AutostartKind.LAUNCH_AGENT,
            f"/Library/LaunchAgents/{BUNDLE_ID}.gui.plist",
            ("/usr/local/bin/dlpguard", "gui"),
        ),
    )


# -- Windows ------------------------------------------------------------------------------------------

WINDOWS_POLICY_KEYS: Mapping[Browser, str] = {
    Browser.CHROME: r"SOFTWARE\Policies\Google\Chrome",
    Browser.CHROMIUM: r"SOFTWARE\Policies\Chromium",
    Browser.EDGE: r"SOFTWARE\Policies\Microsoft\Edge",
    Browser.BRAVE: r"SOFTWARE\Policies\BraveSoftware\Brave",
    Browser.FIREFOX: r"SOFTWARE\Policies\Mozilla\Firefox",
}
WINDOWS_RUN_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Run"
HKLM = "HKEY_LOCAL_MACHINE"


def windows_layout() -> PlatformLayout:
    app = PureWindowsPath(r"C:\Program Files\DLPGuard")
    host_dir = app / "native-host"
    locations = Locations.for_scope(Scope.SYSTEM, Platform.WINDOWS, home=Path("/nonexistent"))
    hosts = []
    for browser in Browser:
        hive, key = locations.registry_key(browser)
        hosts.append(
            HostRegistration(
                browser, host_dir / manifest_file_name(browser, Platform.WINDOWS), f"{hive}\\{key}"
            )
        )
    python = app / "python" / "python.exe"
    return PlatformLayout(
        platform=Platform.WINDOWS,
        app_dir=app,
        python=python,
        cli=app / "dlpguard.cmd",
        launcher=host_dir / f"{LAUNCHER_NAME}.bat",
        machine_dir=PureWindowsPath(r"C:\ProgramData\DLPGuard"),
        hosts=tuple(hosts),
        policies=tuple(
            BrowserPolicy(b, PolicyStore.REGISTRY, f"{HKLM}\\{WINDOWS_POLICY_KEYS[b]}") for b in Browser
        ),
        # pythonw: no console window flashes up at logon.
        autostart=Autostart(
            AutostartKind.RUN_KEY,
            f"{HKLM}\\{WINDOWS_RUN_KEY}\\{AUTOSTART_NAME}",
            (str(app / "python" / "pythonw.exe"), "-I", "-m", "dlpguard", "gui"),
        ),
    )


def layout(platform: Platform) -> PlatformLayout:
    return {Platform.LINUX: linux_layout, Platform.MACOS: macos_layout, Platform.WINDOWS: windows_layout}[
        platform
    ]()
