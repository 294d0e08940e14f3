"""Host registration as data: the extension id, manifest contents and where each browser looks."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from dlpguard import paths
from dlpguard.bridge.manifests import (
    CHROMIUM_EXTENSION_ID,
    FIREFOX_EXTENSION_ID,
    HOST_NAME,
    Browser,
    Locations,
    Platform,
    Scope,
    extension_id_from_key,
    host_manifest,
    launcher_python,
    launcher_script,
)

KEY_FILE = Path(__file__).resolve().parents[2] / "extension" / "key.pub.b64"


def test_the_extension_id_derives_from_the_committed_public_key():
    key = KEY_FILE.read_text(encoding="ascii")
    assert extension_id_from_key(key) == CHROMIUM_EXTENSION_ID
    # The same rule written another way: sha256 of the DER key, 32 hex digits, 0-f -> a-p.
    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]
    assert digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop")) == CHROMIUM_EXTENSION_ID


def test_only_a_public_key_is_committed():
    der = base64.b64decode(KEY_FILE.read_text(encoding="ascii"))
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    assert load_der_public_key(der).key_size >= 2048
    assert b"PRIVATE" not in KEY_FILE.read_bytes()


@pytest.mark.parametrize("bad", ["", "not base64!", "   "])
def test_an_unusable_key_is_refused(bad):
    with pytest.raises(ValueError):
        extension_id_from_key(bad)


def test_the_host_name_follows_the_browsers_naming_rule():
    assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*", HOST_NAME)


@pytest.mark.parametrize("browser", list(Browser))
def test_each_manifest_lets_in_our_extension_only(browser):
    manifest = json.loads(json.dumps(host_manifest(browser, Path("/opt/dlpguard/dlpguard-native-host"))))
    assert manifest["name"] == HOST_NAME and manifest["type"] == "stdio"
    assert manifest["path"] == "/opt/dlpguard/dlpguard-native-host"
    if browser is Browser.FIREFOX:
        assert manifest["allowed_extensions"] == [FIREFOX_EXTENSION_ID]
        assert "allowed_origins" not in manifest
    else:
        assert manifest["allowed_origins"] == [f"chrome-extension://{CHROMIUM_EXTENSION_ID}/"]
        assert "allowed_extensions" not in manifest


H = "/home/u"
LOCATIONS = [
    (Platform.LINUX, Scope.USER, Browser.CHROME, f"{H}/.config/google-chrome/NativeMessagingHosts"),
    (Platform.LINUX, Scope.USER, Browser.CHROMIUM, f"{H}/.config/chromium/NativeMessagingHosts"),
    (Platform.LINUX, Scope.USER, Browser.EDGE, f"{H}/.config/microsoft-edge/NativeMessagingHosts"),
    (
        Platform.LINUX,
        Scope.USER,
        Browser.BRAVE,
        f"{H}/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ),
    (Platform.LINUX, Scope.USER, Browser.FIREFOX, f"{H}/.mozilla/native-messaging-hosts"),
    (Platform.LINUX, Scope.SYSTEM, Browser.CHROME, "/etc/opt/chrome/native-messaging-hosts"),
    (Platform.LINUX, Scope.SYSTEM, Browser.CHROMIUM, "/etc/chromium/native-messaging-hosts"),
    (Platform.LINUX, Scope.SYSTEM, Browser.EDGE, "/etc/opt/edge/native-messaging-hosts"),
    (Platform.LINUX, Scope.SYSTEM, Browser.BRAVE, "/etc/opt/brave/native-messaging-hosts"),
    (Platform.LINUX, Scope.SYSTEM, Browser.FIREFOX, "/usr/lib/mozilla/native-messaging-hosts"),
    (
        Platform.MACOS,
        Scope.USER,
        Browser.CHROME,
        f"{H}/Library/Application Support/Google/Chrome/NativeMessagingHosts",
    ),
    (
        Platform.MACOS,
        Scope.USER,
        Browser.CHROMIUM,
        f"{H}/Library/Application Support/Chromium/NativeMessagingHosts",
    ),
    (
        Platform.MACOS,
        Scope.USER,
        Browser.EDGE,
        f"{H}/Library/Application Support/Microsoft Edge/NativeMessagingHosts",
    ),
    (
        Platform.MACOS,
        Scope.USER,
        Browser.BRAVE,
        f"{H}/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ),
    (
        Platform.MACOS,
        Scope.USER,
        Browser.FIREFOX,
        f"{H}/Library/Application Support/Mozilla/NativeMessagingHosts",
    ),
    (Platform.MACOS, Scope.SYSTEM, Browser.CHROME, "/Library/Google/Chrome/NativeMessagingHosts"),
    (
        Platform.MACOS,
        Scope.SYSTEM,
        Browser.CHROMIUM,
        "/Library/Application Support/Chromium/NativeMessagingHosts",
    ),
    (Platform.MACOS, Scope.SYSTEM, Browser.EDGE, "/Library/Microsoft/Edge/NativeMessagingHosts"),
    (
        Platform.MACOS,
        Scope.SYSTEM,
        Browser.BRAVE,
        "/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ),
    (
        Platform.MACOS,
        Scope.SYSTEM,
        Browser.FIREFOX,
        "/Library/Application Support/Mozilla/NativeMessagingHosts",
    ),
]


@pytest.mark.parametrize(
    "platform, scope, browser, folder",
    LOCATIONS,
    ids=[f"{p.value}-{s.value}-{b.value}" for p, s, b, _ in LOCATIONS],
)
def test_manifests_go_where_each_browser_looks(monkeypatch, platform, scope, browser, folder):
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    locations = Locations.for_scope(scope, platform, home=Path(H), root=Path("/"))
    assert locations.manifest_path(browser) == Path(folder) / f"{HOST_NAME}.json"


def test_chromium_browsers_on_linux_follow_xdg_config_home_and_firefox_does_not(monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/cfg")
    locations = Locations.for_scope(Scope.USER, Platform.LINUX, home=Path(H))
    assert locations.manifest_dir(Browser.CHROME) == Path("/srv/cfg/google-chrome/NativeMessagingHosts")
    assert locations.manifest_dir(Browser.FIREFOX) == Path(f"{H}/.mozilla/native-messaging-hosts")


def test_system_paths_move_under_a_packaging_root():
    locations = Locations.for_scope(Scope.SYSTEM, Platform.LINUX, root=Path("/tmp/pkg"))
    assert locations.manifest_dir(Browser.CHROME) == Path("/tmp/pkg/etc/opt/chrome/native-messaging-hosts")
    assert locations.launcher_path == Path("/tmp/pkg/usr/local/lib/dlpguard/native-host/dlpguard-native-host")


@pytest.mark.parametrize(
    "scope, browser, hive, key",
    [
        (Scope.USER, Browser.CHROME, "HKEY_CURRENT_USER", "Software\\Google\\Chrome\\NativeMessagingHosts"),
        (Scope.USER, Browser.CHROMIUM, "HKEY_CURRENT_USER", "Software\\Chromium\\NativeMessagingHosts"),
        (Scope.USER, Browser.EDGE, "HKEY_CURRENT_USER", "Software\\Microsoft\\Edge\\NativeMessagingHosts"),
        (
            Scope.USER,
            Browser.BRAVE,
            "HKEY_CURRENT_USER",
            "Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts",
        ),
        (Scope.USER, Browser.FIREFOX, "HKEY_CURRENT_USER", "Software\\Mozilla\\NativeMessagingHosts"),
        (
            Scope.SYSTEM,
            Browser.CHROME,
            "HKEY_LOCAL_MACHINE",
            "Software\\Google\\Chrome\\NativeMessagingHosts",
        ),
        (Scope.SYSTEM, Browser.FIREFOX, "HKEY_LOCAL_MACHINE", "Software\\Mozilla\\NativeMessagingHosts"),
    ],
)
def test_windows_registry_keys_per_browser(scope, browser, hive, key):
    locations = Locations.for_scope(scope, Platform.WINDOWS)
    assert locations.registry_key(browser) == (hive, f"{key}\\{HOST_NAME}")


def test_windows_manifests_share_our_folder_one_per_browser_family():
    locations = Locations.for_scope(Scope.USER, Platform.WINDOWS)
    chromium = {locations.manifest_path(b) for b in Browser if b.is_chromium}
    assert len(chromium) == 1 and next(iter(chromium)).name == f"{HOST_NAME}.chromium.json"
    assert locations.manifest_path(Browser.FIREFOX).name == f"{HOST_NAME}.firefox.json"
    assert locations.launcher_path.name == "dlpguard-native-host.bat"


@pytest.mark.parametrize(
    "platform, python",
    [
        (Platform.LINUX, "/usr/bin/python3"),
        (Platform.MACOS, "/Users/Jane Doe/venv/bin/python"),  # a space must survive the shell
        (Platform.LINUX, "/opt/o'brien/bin/python"),
        (Platform.WINDOWS, "C:\\Program Files\\DLP Guard\\python.exe"),
    ],
)
def test_the_launcher_runs_the_native_host_with_this_python(platform, python):
    script = launcher_script(platform, python)
    assert "-I -m dlpguard native-host" in script
    assert launcher_python(script) == python
    if platform is Platform.WINDOWS:
        assert script.startswith("@echo off\r\n") and "%*" in script
    else:
        assert script.startswith("#!/bin/sh\n") and '"$@"' in script


@pytest.mark.skipif(os.name != "posix", reason="runs the sh launcher")
@pytest.mark.parametrize("keep_locations", [False, True])
def test_the_launcher_unsets_the_location_variables_unless_told_to_keep_them(tmp_path, keep_locations):
    """A stand-in interpreter prints the environment it got from the launcher."""
    fake_python = tmp_path / "python"
    fake_python.write_text('#!/bin/sh\nenv\necho "args: $*"\n', encoding="utf-8")
    fake_python.chmod(0o755)
    launcher = tmp_path / "dlpguard-native-host"
    launcher.write_text(
        launcher_script(Platform.LINUX, str(fake_python), keep_locations=keep_locations), encoding="utf-8"
    )
    launcher.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DLPGUARD_KEY_PASSPHRASE": "kept"}
    env.update({name: str(tmp_path / "mine") for name in paths.LOCATION_VARIABLES})
    out = subprocess.run(
        [str(launcher), "chrome-extension://x/"], env=env, capture_output=True, text=True, check=True
    ).stdout
    received = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert received["HOME"] == str(tmp_path) and received["DLPGUARD_KEY_PASSPHRASE"] == "kept"
    passed = {name for name in paths.LOCATION_VARIABLES if name in received}
    assert passed == (set(paths.LOCATION_VARIABLES) if keep_locations else set())
    assert "args: -I -m dlpguard native-host chrome-extension://x/" in out


def test_the_windows_launcher_clears_the_location_variables_before_python():
    script = launcher_script(Platform.WINDOWS, "C:\\DLPGuard\\python\\python.exe")
    first, clear, run = script.split("\r\n")[:3]
    assert first == "@echo off" and run.startswith('"C:\\DLPGuard\\python\\python.exe" -I -m dlpguard')
    assert clear.startswith("for %%v in (") and clear.endswith(') do set "%%v="')
    assert clear[len("for %%v in (") : -len(') do set "%%v="')].split() == list(paths.LOCATION_VARIABLES)
