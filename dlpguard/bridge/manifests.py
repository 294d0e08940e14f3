"""Native-messaging host registration as data: manifest contents, where each browser looks, per OS.

Pure (no I/O): install.py writes what this module describes and doctor_check.py reads it back.
Browsers find a host by name: on Linux and macOS as `<name>.json` in a per-browser folder (per user
or system-wide), on Windows through a registry key whose default value is the manifest's path.
Only our extension may start the host: Chromium-family manifests allow our extension id (derived
from the public key in the extension's manifest `key`), Firefox's allows our add-on id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shlex
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from dlpguard import paths

HOST_NAME = "com.dlpguard.host"
HOST_DESCRIPTION = "DLP Guard: checks text for secrets and personal data before it reaches AI chat sites"
#: The release extension id: extension_id_from_key(extension/key.pub.b64), the public half of the key
#: release CRXs are signed with (the private half is kept outside the repository: docs/admin-guide.md).
RELEASE_EXTENSION_ID = "ggcbdpegolmiapddhbehkhmcikpgpinj"
#: Written into the installed tree by a package build (installers/linux/build_deb.py): the id of the key
#: that packed the shipped CRX, which the package's policies and host manifests name. A test build packs
#: with a throwaway key, so its id differs from the release id; a source checkout has no such file.
PACKAGED_ID_FILE = Path(__file__).with_name("packaged_extension_id.txt")
_EXTENSION_ID = re.compile(r"[a-p]{32}")


def _packaged_extension_id() -> str | None:
    try:
        text = PACKAGED_ID_FILE.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _EXTENSION_ID.fullmatch(text) else None


#: The Chromium extension id this installation's host accepts (doctor checks the manifests against it).
CHROMIUM_EXTENSION_ID = _packaged_extension_id() or RELEASE_EXTENSION_ID
#: Firefox add-on id (`browser_specific_settings.gecko.id` in the extension's Firefox manifest).
FIREFOX_EXTENSION_ID = "dlpguard@dlpguard.org"
LAUNCHER_NAME = "dlpguard-native-host"


class Browser(StrEnum):
    CHROME = "chrome"
    CHROMIUM = "chromium"
    EDGE = "edge"
    BRAVE = "brave"
    FIREFOX = "firefox"

    @property
    def is_chromium(self) -> bool:
        return self is not Browser.FIREFOX


class Scope(StrEnum):
    USER = "user"
    SYSTEM = "system"


class Platform(StrEnum):
    LINUX = "linux"
    MACOS = "macos"
    WINDOWS = "windows"


def current_platform() -> Platform:
    if sys.platform == "win32":
        return Platform.WINDOWS
    if sys.platform == "darwin":
        return Platform.MACOS
    return Platform.LINUX  # the BSDs use the Linux layout too


def extension_id_from_key(public_key_b64: str) -> str:
    """The Chromium extension id for a manifest `key` (base64 DER SubjectPublicKeyInfo): the first 128
    bits of its SHA-256, each hex digit 0-f written as a letter a-p."""
    try:
        der = base64.b64decode("".join(public_key_b64.split()), validate=True)
    except binascii.Error as exc:
        raise ValueError("the extension key is not base64") from exc
    if not der:
        raise ValueError("the extension key is empty")
    digest = hashlib.sha256(der).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def chromium_origin(extension_id: str = CHROMIUM_EXTENSION_ID) -> str:
    return f"chrome-extension://{extension_id}/"


def host_manifest(browser: Browser, launcher: Path, extension_id: str | None = None) -> dict[str, object]:
    """The manifest a browser reads; `path` must be absolute on Linux and macOS. `extension_id`: the id
    of the key a package build signed its CRX with (default: this installation's)."""
    manifest: dict[str, object] = {
        "name": HOST_NAME,
        "description": HOST_DESCRIPTION,
        "path": str(launcher),
        "type": "stdio",
    }
    if browser.is_chromium:
        manifest["allowed_origins"] = [chromium_origin(extension_id or CHROMIUM_EXTENSION_ID)]
    else:
        manifest["allowed_extensions"] = [FIREFOX_EXTENSION_ID]
    return manifest


def manifest_file_name(browser: Browser, platform: Platform) -> str:
    """On Windows one folder holds the manifests for every browser, so they carry the family's name."""
    if platform is Platform.WINDOWS:
        family = "chromium" if browser.is_chromium else "firefox"
        return f"{HOST_NAME}.{family}.json"
    return f"{HOST_NAME}.json"


# Per-user folders, relative to $XDG_CONFIG_HOME (Chromium family on Linux), $HOME (Firefox on Linux)
# or ~/Library/Application Support (macOS).
_LINUX_USER_CONFIG = {
    Browser.CHROME: "google-chrome/NativeMessagingHosts",
    Browser.CHROMIUM: "chromium/NativeMessagingHosts",
    Browser.EDGE: "microsoft-edge/NativeMessagingHosts",
    Browser.BRAVE: "BraveSoftware/Brave-Browser/NativeMessagingHosts",
}
_LINUX_FIREFOX_USER = ".mozilla/native-messaging-hosts"
_LINUX_SYSTEM = {
    Browser.CHROME: "etc/opt/chrome/native-messaging-hosts",
    Browser.CHROMIUM: "etc/chromium/native-messaging-hosts",
    Browser.EDGE: "etc/opt/edge/native-messaging-hosts",
    Browser.BRAVE: "etc/opt/brave/native-messaging-hosts",
    Browser.FIREFOX: "usr/lib/mozilla/native-messaging-hosts",
}
_MACOS_USER = {
    Browser.CHROME: "Google/Chrome/NativeMessagingHosts",
    Browser.CHROMIUM: "Chromium/NativeMessagingHosts",
    Browser.EDGE: "Microsoft Edge/NativeMessagingHosts",
    Browser.BRAVE: "BraveSoftware/Brave-Browser/NativeMessagingHosts",
    Browser.FIREFOX: "Mozilla/NativeMessagingHosts",
}
_MACOS_SYSTEM = {
    Browser.CHROME: "Library/Google/Chrome/NativeMessagingHosts",
    Browser.CHROMIUM: "Library/Application Support/Chromium/NativeMessagingHosts",
    Browser.EDGE: "Library/Microsoft/Edge/NativeMessagingHosts",
    Browser.BRAVE: "Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    Browser.FIREFOX: "Library/Application Support/Mozilla/NativeMessagingHosts",
}
_WINDOWS_REGISTRY = {
    Browser.CHROME: "Software\\Google\\Chrome\\NativeMessagingHosts",
    Browser.CHROMIUM: "Software\\Chromium\\NativeMessagingHosts",
    Browser.EDGE: "Software\\Microsoft\\Edge\\NativeMessagingHosts",
    Browser.BRAVE: "Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts",
    Browser.FIREFOX: "Software\\Mozilla\\NativeMessagingHosts",
}
REGISTRY_HIVES = {Scope.USER: "HKEY_CURRENT_USER", Scope.SYSTEM: "HKEY_LOCAL_MACHINE"}


@dataclass(frozen=True)
class Locations:
    """Where things go for one platform and scope; `home` and `root` (a DESTDIR for packagers and
    tests) default to the real ones."""

    platform: Platform
    scope: Scope
    home: Path
    root: Path
    xdg_config_home: Path

    @classmethod
    def for_scope(
        cls,
        scope: Scope,
        platform: Platform | None = None,
        *,
        home: Path | None = None,
        root: Path | None = None,
    ) -> Locations:
        home = home or Path.home()
        xdg = os.environ.get("XDG_CONFIG_HOME")
        return cls(
            platform or current_platform(),
            scope,
            home,
            root or Path("/"),
            Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".config",
        )

    def manifest_dir(self, browser: Browser) -> Path:
        if self.platform is Platform.WINDOWS:
            return self.host_dir  # the registry points into it
        if self.scope is Scope.SYSTEM:
            table = _LINUX_SYSTEM if self.platform is Platform.LINUX else _MACOS_SYSTEM
            return self.root / table[browser]
        if self.platform is Platform.MACOS:
            return self.home / "Library/Application Support" / _MACOS_USER[browser]
        if browser is Browser.FIREFOX:
            return self.home / _LINUX_FIREFOX_USER
        return self.xdg_config_home / _LINUX_USER_CONFIG[browser]

    def manifest_path(self, browser: Browser) -> Path:
        return self.manifest_dir(browser) / manifest_file_name(browser, self.platform)

    @property
    def host_dir(self) -> Path:
        """Our own folder holding the launcher (and on Windows the manifests)."""
        if self.scope is Scope.USER:
            return paths.user_data_dir() / "native-host"
        if self.platform is Platform.WINDOWS:
            return Path(os.environ.get("PROGRAMDATA", "C:\\ProgramData")) / "DLPGuard" / "native-host"
        if self.platform is Platform.MACOS:
            return self.root / "Library/Application Support/DLPGuard/native-host"
        return self.root / "usr/local/lib/dlpguard/native-host"

    @property
    def launcher_path(self) -> Path:
        name = LAUNCHER_NAME + (".bat" if self.platform is Platform.WINDOWS else "")
        return self.host_dir / name

    def registry_key(self, browser: Browser) -> tuple[str, str]:
        """(hive, key) on Windows; the key's default value names the manifest file."""
        return REGISTRY_HIVES[self.scope], f"{_WINDOWS_REGISTRY[browser]}\\{HOST_NAME}"


def unset_locations(platform: Platform) -> str:
    """A launcher line dropping `paths.LOCATION_VARIABLES` from the environment it was started with.

    The browser's (and the desktop session's) environment is the employee's; the installed app already
    ignores these variables, and the launcher makes sure they never reach it at all.
    """
    if platform is Platform.WINDOWS:
        return f'for %%v in ({" ".join(paths.LOCATION_VARIABLES)}) do set "%%v="\r\n'
    return f"unset {' '.join(paths.LOCATION_VARIABLES)}\n"


def launcher_script(platform: Platform, python: str | None = None, *, keep_locations: bool = False) -> str:
    """A launcher the manifest can point at: browsers start an executable, not `python -m`.

    `-I` (isolated): PYTHONPATH and friends from the browser's environment cannot redirect imports.
    The location variables are unset (`unset_locations`) unless `keep_locations`: a launcher installed
    from a source checkout, where tests point the browser's host at their own folders.
    """
    python = python or sys.executable
    unset = "" if keep_locations else unset_locations(platform)
    if platform is Platform.WINDOWS:
        return f'@echo off\r\n{unset}"{python}" -I -m dlpguard native-host %*\r\n'
    return (
        "#!/bin/sh\n"
        "# DLP Guard native-messaging host, written by `dlpguard install-browser-host`.\n"
        f"{unset}"
        f'exec {shlex.quote(python)} -I -m dlpguard native-host "$@"\n'
    )


def launcher_python(script: str) -> str | None:
    """The interpreter a launcher starts (for doctor: a deleted virtualenv leaves a dead launcher)."""
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("exec "):
            words = shlex.split(line)
            return words[1] if len(words) > 1 else None
        if line.startswith('"') and "-m dlpguard" in line:
            return line[1:].split('"', 1)[0]
    return None
