"""The employee install, for real: `apt-get install ./dlpguard.deb`, Debian's Chromium on a fresh profile
gets the extension from the package's managed policy alone (no extension flags), the extension holds a
pasted key through the packaged native host, an upgrade to N+1 keeps the admin's policy and keys and
the user's incident log and replay state and updates the extension in the running browser, and purge
leaves only the admin's own files.

Everything runs in a copy-on-write view of this machine (tests/installers/overlay.py: apt, dpkg, the
maintainer scripts, Chromium and the host see one ordinary system; the real /etc is never touched).
Root only; skipped with the reason without dpkg, apt, Chromium, node or mount namespaces. The N package is
the session's one full build (conftest.py), N+1 a second build with `version=` one patch higher.
Figures (build, install, upgrade, purge times; sizes) go to stdout (`-s`) and to `--junitxml`.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from installers.layout import CRX_NAME, LINUX_EXTENSION_DIR, UPDATE_MANIFEST_NAME, XPI_NAME
from tests.installers import overlay
from tests.installers.conftest import FullBuild, build_full, full_build_missing

CHROMIUM = Path("/usr/lib/chromium/chromium")
FIREFOX = Path("/usr/bin/firefox-esr")
WAIT_SECONDS = 90.0  # a cold packaged host loads the NER model; a forced install waits for policy load
APT_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"}
UPGRADE_VERSION = "0.1.1"  # N+1; N is dlpguard.__version__ (0.1.0)
DEVTOOLS_POLICY = "/etc/chromium/policies/managed/zz-test-devtools.json"


def _missing() -> str | None:
    reason = full_build_missing()
    if reason:
        return reason
    for tool in ("apt-get", "dpkg-query"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if not CHROMIUM.exists():
        return f"needs Debian's Chromium ({CHROMIUM})"
    return overlay.unavailable()


_MISSING = _missing()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")]


@dataclass
class Machine:
    """The view with the package installed, the employee's fresh home, and the measured times."""

    view: overlay.SystemView
    home: Path
    n: FullBuild
    times: dict[str, float] = field(default_factory=dict)

    def user_env(self) -> dict[str, str]:
        """A new user's desktop session: nothing from this process's environment (no DLPGUARD_*)."""
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
        }

    def dlpguard(self, *args: str, check: bool = True) -> str:
        return self.view.run(["/usr/bin/dlpguard", *args], env=self.user_env(), check=check).stdout.decode()

    def apt(self, *args: str) -> float:
        started = time.monotonic()
        self.view.run(["apt-get", "-y", "--no-install-recommends", *args], env=APT_ENV)
        return time.monotonic() - started

    def installed_version(self) -> str | None:
        done = self.view.run(["dpkg-query", "-W", "-f", "${Status} ${Version}", "dlpguard"], check=False)
        words = done.stdout.decode().split()
        return words[-1] if done.returncode == 0 and "installed" in words[:3] else None

    @property
    def data_dir(self) -> Path:
        return self.home / ".local/share/dlpguard"


@pytest.fixture(scope="module")
def machine(full_build: FullBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Machine]:
    if _MISSING:
        pytest.skip(_MISSING)
    base = tmp_path_factory.mktemp("apt-view")
    view = overlay.SystemView(base / "view")
    home = base / "home"
    home.mkdir()
    found = Machine(view, home, full_build)
    try:
        found.times["apt_install_s"] = found.apt("install", str(full_build.deb))
        yield found
    finally:
        view.close()


# -- the browser, inside the view -------------------------------------------------------------------------


@dataclass
class PolicyBrowser:
    browser: Any  # Playwright's Browser, connected over the DevTools protocol
    process: subprocess.Popen[bytes]
    extension_id: str

    @property
    def context(self) -> Any:
        return self.browser.contexts[0]

    def extension_page(self, script: str) -> Any:
        """Runs `script` in the extension's own options page (privileged messages, its manifest)."""
        page = self.context.new_page()
        try:
            page.goto(f"chrome-extension://{self.extension_id}/options/options.html")
            return page.evaluate(script)
        finally:
            page.close()

    def version(self) -> str:
        return str(self.extension_page("chrome.runtime.getManifest().version"))

    def wait_for_version(self, expected: str) -> str | None:
        """Until the extension answers with `expected` (installing or updating takes a moment)."""
        deadline = time.monotonic() + WAIT_SECONDS
        version = None
        while time.monotonic() < deadline:
            try:
                version = self.version()
            except Exception:  # not installed yet, or being replaced: its page does not load
                version = None
            if version == expected:
                break
            time.sleep(0.5)
        return version

    def close(self) -> None:
        if self.process.poll() is None:
            self.browser.close()
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    """Chromium writes the port it chose for --remote-debugging-port=0 into the profile."""
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if active.is_file() and active.read_text().strip():
            return int(active.read_text().split()[0])
        time.sleep(0.1)
    raise AssertionError(f"Chromium exited ({process.poll()}) or never opened its DevTools port")


@pytest.fixture(scope="module")
def browser(machine: Machine, playwright: Any) -> Iterator[PolicyBrowser]:
    """Debian's Chromium started inside the view, as the employee's session would, on a fresh profile
    and with NO extension flags: the extension can only come from /etc/chromium/policies/managed.
    Started by hand and driven over the DevTools protocol: Playwright's own launch adds switches
    (--disable-extensions, --disable-background-networking, ...) under which a forced install never
    runs. The e2e flags stay, less --disable-background-networking (it stops the extension updater,
    which performs forced installs and updates). One test-only policy is added beside the package's:
    DeveloperToolsAvailability 1, since by default Chromium refuses DevTools (so the test's driver) on
    extensions installed by policy; it is removed with the browser."""
    from tests.e2e.conftest import CHROMIUM_FLAGS

    machine.view.path(DEVTOOLS_POLICY).write_text('{"DeveloperToolsAvailability": 1}\n')
    profile = machine.home / ".config/chromium"
    flags = [f for f in CHROMIUM_FLAGS if f != "--disable-background-networking"]
    log = (machine.home.parent / "chromium.log").open("wb")
    started = time.monotonic()
    process = subprocess.Popen(
        machine.view.command([str(CHROMIUM), "--headless", *flags, f"--user-data-dir={profile}",
                              "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                              "about:blank"]),
        env=machine.user_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
    )
    try:
        port = _devtools_port(profile, process)
        guard = PolicyBrowser(playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}"), process,
                              machine.n.key.extension_id)
        guard.wait_for_version(machine.n.version.rsplit("-", 1)[0])
        machine.times["forced_install_s"] = time.monotonic() - started
        yield guard
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        log.close()
        machine.view.path(DEVTOOLS_POLICY).unlink(missing_ok=True)


# -- install -----------------------------------------------------------------------------------------------


def test_apt_installs_the_package_with_the_extension_files(machine):
    assert machine.installed_version() == machine.n.version
    for name in (CRX_NAME, UPDATE_MANIFEST_NAME, XPI_NAME):
        assert machine.view.path(LINUX_EXTENSION_DIR / name).is_file(), name
    forcelist = json.loads(machine.view.path("/etc/chromium/policies/managed/dlpguard.json").read_text())
    assert forcelist["ExtensionInstallForcelist"] == [
        f"{machine.n.key.extension_id};file://{LINUX_EXTENSION_DIR}/{UPDATE_MANIFEST_NAME}"
    ]
    assert not Path("/etc/chromium/policies/managed/dlpguard.json").exists()  # the real /etc is untouched


def test_doctor_as_a_new_user_agrees_with_the_installed_host_manifests(machine):
    report = json.loads(machine.dlpguard("doctor", "--json", check=False))
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["browser_host"]["status"] == "ok", checks["browser_host"]
    registrations = checks["browser_host"]["details"]["registrations"]
    assert {r["browser"] for r in registrations if r["scope"] == "system"} >= {"chromium", "firefox"}


def test_policy_force_installs_the_signed_extension_into_a_fresh_profile(machine, browser):
    assert browser.version() == machine.n.version.rsplit("-", 1)[0]
    installed = machine.home / ".config/chromium/Default/Extensions" / machine.n.key.extension_id
    assert installed.is_dir()
    assert _install_location(machine) == POLICY_DOWNLOAD  # installed by policy, not loaded by a flag


#: Chromium's mojom::ManifestLocation::kExternalPolicyDownload, as the profile's Preferences record it.
POLICY_DOWNLOAD = 7


def _install_location(machine: Machine) -> int | None:
    """The profile's record of where the extension came from (Chromium writes Preferences lazily)."""
    preferences = machine.home / ".config/chromium/Default/Preferences"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            settings = json.loads(preferences.read_text(encoding="utf-8"))["extensions"]["settings"]
            return int(settings[machine.n.key.extension_id]["location"])
        except (OSError, ValueError, KeyError):
            time.sleep(0.5)
    return None


def test_a_pasted_key_is_held_by_the_packaged_native_host(machine, browser):
    from tests.e2e.conftest import AWS_KEY, SITES, ChatPage, _serve_pages, english

    site = SITES["chatgpt"]
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
    _serve_pages(browser.context)
    page = browser.context.new_page()
    try:
        page.goto(site.url)
        page.wait_for_function("window.__ready === true")
        chat = ChatPage(page, site, browser.context.new_cdp_session(page))
        chat.paste(f"the deploy key is {AWS_KEY}")
        dialog = chat.wait_for_overlay(lambda o: bool(o.dialogs), "the block dialog").dialogs[0]
        assert english("overlay_title_block") in dialog
        assert chat.editor_text() == ""
        assert AWS_KEY not in chat.page_observed()
    finally:
        page.close()
        # Playwright's routes also catch the browser's own extension-updater requests (the CRX
        # download of the upgrade test then never completes): only the pages need them.
        browser.context.unroute_all(behavior="ignoreErrors")
    status = browser.extension_page("chrome.runtime.sendMessage({type: 'status'})")
    assert status["hello"]["served_by"] == "native-host"
    hosts = [p for p in _processes() if b"native-host" in p and b"/opt/dlpguard/venv/bin/python" in p]
    assert hosts, "no native host runs from the package's interpreter"


def _processes() -> list[bytes]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found.append((entry / "cmdline").read_bytes())
            except OSError:
                continue
    return found


@pytest.mark.skipif(not FIREFOX.exists(), reason="firefox-esr is not installed")
def test_firefox_esr_installs_the_unsigned_add_on_from_the_package_policy(machine):
    """A minimal check: the add-on is in a fresh profile's extensions.json, active, from the policy."""
    profile = machine.home / "firefox-profile"
    profile.mkdir()
    process = subprocess.Popen(
        machine.view.command([str(FIREFOX), "--headless", "--no-remote", "--profile", str(profile),
                              "about:blank"]),
        env={**machine.user_env(), "MOZ_CRASHREPORTER_DISABLE": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    addon: dict[str, Any] | None = None
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            addon = _firefox_addon(profile / "extensions.json")
            if addon is not None and addon.get("active"):
                break
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert addon is not None and addon.get("active"), f"the add-on never became active: {addon}"
    assert addon["version"] == machine.n.version.rsplit("-", 1)[0]
    assert addon["location"] == "app-profile" and addon["userDisabled"] is False


def _firefox_addon(extensions_json: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(extensions_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for addon in data.get("addons", []):
        if addon.get("id") == "dlpguard@dlpguard.org":
            return dict(addon)
    return None


# -- upgrade N -> N+1 -----------------------------------------------------------------------------------


POLICY = """\
schema_version: 1
version: 7
name: Upgrade test
incidents: {keyring_fallback: file}
"""


@dataclass(frozen=True)
class State:
    machine_files: dict[str, bytes]
    replay: bytes
    incidents: list[dict[str, Any]]


def _admin_and_user_state(machine: Machine) -> State:
    etc = machine.view.path("/etc/dlpguard")
    files = {
        str(p.relative_to(etc)): p.read_bytes()
        for p in sorted(etc.rglob("*"))
        if p.is_file() and p.name not in ("README", "policy.yaml.example")
    }
    incidents = [json.loads(line) for line in machine.dlpguard("incidents", "list", "--json").splitlines()]
    return State(files, (machine.data_dir / "policy-state.json").read_bytes(), incidents)


@pytest.fixture(scope="module")
def upgraded(machine, browser, tmp_path_factory) -> tuple[State, State]:
    """The admin signs a policy and installs its key, the employee gets an incident (through the packaged
    host, as the browser would), then N+1 is built and installed over N with the browser running."""
    from tests.e2e.conftest import AWS_KEY

    signing = machine.home.parent / "signing"
    machine.view.run(["/usr/bin/dlpguard", "policy", "keygen", "--out", str(signing), "--name", "acme"])
    (signing / "policy.yaml").write_text(POLICY, encoding="utf-8")
    machine.view.run(["/usr/bin/dlpguard", "policy", "sign", "--key", str(signing / "acme.key"),
                      str(signing / "policy.yaml")])
    machine.view.run(["install", "-m", "0644", str(signing / "acme.pub"), "/etc/dlpguard/keys/acme.pub"])
    for name in ("policy.yaml", "policy.yaml.sig"):
        machine.view.run(["install", "-m", "0644", str(signing / name), f"/etc/dlpguard/{name}"])
    body = json.dumps({"v": 1, "id": "u", "type": "scan", "text": f"key {AWS_KEY}", "site": "chatgpt.com",
                       "event": "paste"}).encode()
    reply = machine.view.run(["/opt/dlpguard/bin/dlpguard-native-host"], env=machine.user_env(),
                             input=len(body).to_bytes(4, sys.byteorder) + body).stdout
    assert json.loads(reply[4:])["action"] == "block"
    before = _admin_and_user_state(machine)
    assert before.incidents
    assert set(before.machine_files) >= {"policy.yaml", "policy.yaml.sig", "keys/acme.pub"}

    started = time.monotonic()
    n1 = build_full(tmp_path_factory.mktemp("full-deb-n1"), machine.n.key, UPGRADE_VERSION)
    machine.times["build_n1_s"] = time.monotonic() - started
    try:
        machine.times["apt_upgrade_s"] = machine.apt("install", str(n1.deb))
    finally:
        n1.deb.unlink(missing_ok=True)
    return before, _admin_and_user_state(machine)


def test_upgrade_installs_n_plus_1(machine, upgraded):
    assert machine.installed_version() == f"{UPGRADE_VERSION}-1"
    offered = machine.view.path(LINUX_EXTENSION_DIR / UPDATE_MANIFEST_NAME).read_text()
    assert f"version='{UPGRADE_VERSION}'" in offered


def test_upgrade_keeps_the_admins_signed_policy_and_keys(machine, upgraded):
    before, after = upgraded
    assert after.machine_files == before.machine_files
    shown = json.loads(machine.dlpguard("policy", "show", "--json"))
    assert json.dumps(shown).count('"Upgrade test"') >= 1  # the signed admin policy is in force


def test_upgrade_keeps_the_incident_log_and_replay_state(machine, upgraded):
    before, after = upgraded
    assert after.incidents == before.incidents
    assert after.replay == before.replay
    assert json.loads(after.replay)["highest_version"] == 7
    machine.dlpguard("incidents", "verify")  # exit 0: the hash chain is intact


def test_the_running_browser_updates_the_extension_to_n_plus_1(machine, browser, upgraded):
    """The upgraded package's update manifest offers N+1 and the running browser fetches it: the update
    check is the one the browser's updater runs on its own schedule (asked for now through the
    extension's API). An employee's browser then applies it when the extension goes idle; the test's
    DevTools attachment keeps it from idling, so it applies the downloaded update with
    `chrome.runtime.reload()`, the call an onUpdateAvailable handler makes. No restart, no user step."""
    started = time.monotonic()
    check = browser.extension_page("chrome.runtime.requestUpdateCheck()")
    assert check == {"status": "update_available", "version": UPGRADE_VERSION}
    downloaded = machine.home / ".config/chromium/Default/Extensions" / machine.n.key.extension_id
    deadline = time.monotonic() + WAIT_SECONDS
    while not list(downloaded.glob(f"{UPGRADE_VERSION}_*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(downloaded.glob(f"{UPGRADE_VERSION}_*")), "the browser never unpacked the update"
    with contextlib.suppress(Exception):  # the page goes away with the extension it belongs to
        browser.extension_page("chrome.runtime.reload()")
    version = browser.wait_for_version(UPGRADE_VERSION)
    machine.times["extension_update_s"] = time.monotonic() - started
    assert version == UPGRADE_VERSION


# -- purge ------------------------------------------------------------------------------------------------


def test_purge_leaves_only_the_admins_own_files(machine, browser, upgraded, record_testsuite_property):
    browser.close()  # its native host holds files under /opt open
    machine.view.path(DEVTOOLS_POLICY).unlink(missing_ok=True)
    machine.times["apt_purge_s"] = machine.apt("purge", "dlpguard")
    assert machine.installed_version() is None
    assert machine.view.left_behind("/opt") == []
    assert machine.view.left_behind("/usr") == []
    # dpkg removed every conffile; the admin's policy, signature and key are theirs to remove.
    assert machine.view.left_behind("/etc") == [
        "/etc/dlpguard/keys/acme.pub", "/etc/dlpguard/policy.yaml", "/etc/dlpguard/policy.yaml.sig"
    ]
    assert (machine.data_dir / "policy-state.json").exists()  # users' data is never the package's
    figures = {"deb_mb": round(machine.n.deb.stat().st_size / 1e6, 1), "build_s": round(machine.n.build_s, 1)}
    figures |= {k: round(v, 1) for k, v in machine.times.items()}
    for name, value in figures.items():
        record_testsuite_property(name, value)
    print(f"\napt install / upgrade / purge: {figures}")
