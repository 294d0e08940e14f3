"""The Firefox e2e harness: Debian's Firefox ESR with the real extension and the real native host.

Each test module gets one browser (a fresh profile under a temp dir, ~3 s to start); each test loads
its chat page afresh in the browser's tab. Nothing is faked between the page and the engine:

    copied chat page ─ content scripts ─ background page ─ native messaging ─ `dlpguard native-host`
    (served over local TLS)                                 (manifest by `dlpguard install-browser-host`)

* The extension is `extension/dist/firefox` zipped as `<profile>/extensions/dlpguard@dlpguard.org.xpi`.
  Unsigned, so the profile's user.js lets it load (`xpinstall.signatures.required`) and enables the
  profile scope (`extensions.autoDisableScopes`, `extensions.enabledScopes`).
* HOME points into the temp dir: `dlpguard install-browser-host --browser firefox` writes the host
  manifest to `~/.mozilla/native-messaging-hosts/`, where Firefox looks for per-user hosts. The DLPGUARD_*
  dirs and the policy come from the Chromium harness's `Profile` (tests/e2e/conftest.py).
* The pages are the Chromium suite's copies (tests/e2e/pages), served by a TLS server on 127.0.0.1:443
  with a throwaway self-signed certificate; `network.dns.forceResolve` sends every host name Firefox
  looks up to 127.0.0.1, so `https://chatgpt.com/` is the copy and nothing else leaves the machine (the
  browser's own background requests reach the same server and get 404s).
* Firefox is driven over Marionette (`marionette_driver`, no geckodriver): `-remote-allow-system-access`
  lets the tests put text on the clipboard and ask the add-on manager from the browser's chrome. The
  guard's closed shadow root is read from a system-principal sandbox of the page
  (`openOrClosedShadowRoot`, chrome-only). Keys are real key events (Marionette actions), so Ctrl+V is
  Firefox's own paste.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import (
    EXTENSION_ROOT,
    PAGES,
    SITES,
    WAIT_SECONDS,
    Overlay,
    Profile,
    Site,
)

FIREFOX = shutil.which("firefox-esr")
DIST = EXTENSION_ROOT / "dist" / "firefox"
ADDON_ID = "dlpguard@dlpguard.org"
#: A fixed internal UUID for the add-on (Firefox picks a random one per profile otherwise), so the
#: options page has a known address: moz-extension://<uuid>/options/options.html.
ADDON_UUID = "3d6c1f0e-7f1b-4a5e-9c2d-0d1e2f3a4b5c"
TLS_PORT = 443

requires_firefox = pytest.mark.skipif(
    FIREFOX is None, reason="firefox-esr is not installed (./dev test installs it with apt)"
)

#: The profile's user.js. Beyond loading the unsigned add-on: Marionette on a free port (written to
#: MarionetteActivePort), every host name resolved to the local page server, and the background
#: services that would poll the network or pop up first-run pages turned off.
PREFS: dict[str, object] = {
    "xpinstall.signatures.required": False,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "extensions.webextensions.uuids": json.dumps({ADDON_ID: ADDON_UUID}),
    "marionette.port": 0,
    "network.dns.forceResolve": "127.0.0.1",
    "network.dns.disablePrefetch": True,
    "network.predictor.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.aboutwelcome.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "focusmanager.testmode": True,
    "intl.locale.requested": "en-US",
    "intl.accept_languages": "en-US",
}


# -- the pages, over local TLS ------------------------------------------------------------------------------


def _self_signed(folder: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A throwaway certificate for the copied sites (Firefox is told to accept it, not to trust it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dlpguard e2e pages")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


class _PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Firefox's own background requests fail the handshake or get a 404: not the tests' business."""


def _page_handler(pages: dict[str, bytes], recorder: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """The copied page for each chat site's host, its recorder script, and 404 for everything else."""

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            path = urlsplit(self.path).path
            if host in pages and path == "/__e2e/recorder.js":
                self._reply(200, "text/javascript", recorder)
            elif host in pages and not path.startswith("/__") and path != "/favicon.ico":
                self._reply(200, "text/html; charset=utf-8", pages[host])
            else:
                self._reply(404, "text/plain", b"")

        def _reply(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: request lines are no test output."""

    return Handler


@contextmanager
def serve_pages() -> Iterator[None]:
    """The chat pages at their real addresses, on 127.0.0.1:443 with a self-signed certificate."""
    hosts = sorted({urlsplit(site.url).hostname or "" for site in SITES.values()})
    pages = {urlsplit(site.url).hostname or "": (PAGES / site.page).read_bytes() for site in SITES.values()}
    recorder = (PAGES / "recorder.js").read_bytes()
    folder = Path(tempfile.mkdtemp(prefix="dg-ff-tls-", dir="/tmp"))
    try:
        cert_path, key_path = _self_signed(folder, hosts)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        try:
            server = _PageServer(("127.0.0.1", TLS_PORT), _page_handler(pages, recorder))
        except OSError as exc:
            raise RuntimeError(
                f"cannot serve the chat pages on 127.0.0.1:{TLS_PORT} (needs root and the port free): {exc}"
            ) from exc
        server.socket = context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, name="e2e-firefox-pages", daemon=True)
        thread.start()
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def page_server() -> Iterator[None]:
    """One page server for the whole Firefox suite (modules run one after another)."""
    with serve_pages():
        yield


# -- the extension build and the profile ---------------------------------------------------------------


def _build_is_stale() -> bool:
    built = DIST / "manifest.json"
    if not built.exists():
        return True
    sources = [EXTENSION_ROOT / n for n in ("manifest.firefox.json", "managed_schema.json", "build.mjs")]
    for folder in (EXTENSION_ROOT / "src", EXTENSION_ROOT / "_locales"):
        sources += [p for p in folder.rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in sources if p.exists()) > built.stat().st_mtime


def built_extension() -> Path:
    """dist/firefox, built here when missing or older than its sources (`./dev test` builds it first)."""
    if _build_is_stale():
        node = shutil.which("node")
        if node is None and not (DIST / "manifest.json").exists():
            raise RuntimeError("extension/dist/firefox is missing and node is not installed to build it")
        if node is not None:
            subprocess.run(
                [node, "build.mjs", "firefox"], cwd=EXTENSION_ROOT, check=True, capture_output=True
            )
    return DIST


@pytest.fixture(scope="session")
def firefox_extension_dir() -> Path:
    return built_extension()


@dataclass
class FirefoxProfile(Profile):
    """The Chromium harness's isolated dirs, with Firefox's host registration and profile folder."""

    @property
    def firefox_dir(self) -> Path:
        return self.root / "firefox-profile"

    @property
    def manifest_path(self) -> Path:
        """Firefox's per-user host folder on Linux: `~/.mozilla/native-messaging-hosts`."""
        return self.root / ".mozilla" / "native-messaging-hosts" / "com.dlpguard.host.json"

    def install_host(self) -> None:
        self.dlpguard("install-browser-host", "--browser", "firefox")
        assert self.manifest_path.exists(), f"the installer did not write {self.manifest_path}"

    def uninstall_host(self) -> None:
        self.dlpguard("install-browser-host", "--uninstall", "--browser", "firefox")
        assert not self.manifest_path.exists()

    def write_firefox_profile(self, extension_dir: Path) -> None:
        """user.js and the add-on, zipped from the build, where Firefox installs profile add-ons from."""
        addons = self.firefox_dir / "extensions"
        addons.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(addons / f"{ADDON_ID}.xpi", "w", zipfile.ZIP_DEFLATED) as xpi:
            for path in sorted(extension_dir.rglob("*")):
                if path.is_file():
                    xpi.write(path, path.relative_to(extension_dir).as_posix())
        lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()]
        (self.firefox_dir / "user.js").write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def make_profile() -> Iterator[Callable[[str], FirefoxProfile]]:
    roots: list[Path] = []

    def make(policy_text: str) -> FirefoxProfile:
        root = Path(tempfile.mkdtemp(prefix="dg-ff-", dir="/tmp"))
        roots.append(root)
        return FirefoxProfile(root, root / "run", policy_text)

    yield make
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


# -- the guard's overlay and a chat page, over Marionette ----------------------------------------------

#: Runs in a system-principal sandbox of the page: it may open the closed shadow root, as a page may not.
_READ_OVERLAY = """
const host = document.querySelector('dlpguard-ui');
const found = {dialog: [], alert: [], status: []};
const root = host ? host.openOrClosedShadowRoot : null;
if (!root) return found;
for (const node of root.querySelectorAll('[role]')) {
  const role = node.getAttribute('role');
  if (!(role in found)) continue;
  // One line per text node, so a stray node (a "null" once) stands on a line of its own.
  const texts = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) texts.push(text.nodeValue);
  found[role].push(texts.join('\\n'));
}
return found;
"""

_SET_CLIPBOARD = """
Cc['@mozilla.org/widget/clipboardhelper;1'].getService(Ci.nsIClipboardHelper).copyString(arguments[0]);
"""

KEYS = {"Enter": "\ue007", "Escape": "\ue00c", "Tab": "\ue004", "Control": "\ue009", "Shift": "\ue008"}


@dataclass
class ChatPage:
    marionette: Any = field(repr=False)
    site: Site

    def _page(self, script: str, *args: object) -> Any:
        """A script in the page's own global (what the site's scripts see), its answer as JSON."""
        return json.loads(self.marionette.execute_script(script, script_args=list(args), sandbox=None))

    # what the site saw
    def seen(self) -> list[dict[str, Any]]:
        return list(self._page("return JSON.stringify(window.__seen)"))

    def seen_types(self) -> set[str]:
        return {event["type"] for event in self.seen()}

    def sent(self) -> list[str]:
        return list(self._page("return JSON.stringify(window.__sent)"))

    def files(self) -> list[dict[str, str]]:
        return list(self._page("return JSON.stringify(window.__files)"))

    def editor_text(self) -> str:
        return str(self._page("return JSON.stringify(window.__site.text())"))

    def page_observed(self) -> str:
        """Everything the page's script recorded or holds, as one string to search for a leaked value."""
        return json.dumps(
            {"seen": self.seen(), "sent": self.sent(), "files": self.files(), "editor": self.editor_text()},
            ensure_ascii=False,
        )

    def editor_has_focus(self) -> bool:
        return bool(self._page("return JSON.stringify(document.activeElement === window.__site.editor)"))

    # what the user does
    def focus_editor(self) -> None:
        from marionette_driver.by import By

        self.marionette.find_element(By.CSS_SELECTOR, self.site.editor).click()

    def _keys(self, *chord: str) -> None:
        """Real key events: every key of `chord` down in order, then up in reverse."""
        codes = [KEYS.get(key, key) for key in chord]
        sequence = self.marionette.actions.sequence("key", "keyboard")
        for code in codes:
            sequence.key_down(code)
        for code in reversed(codes):
            sequence.key_up(code)
        sequence.perform()

    def paste(self, text: str) -> None:
        """The text on the system clipboard (from the browser's chrome), then Ctrl+V in the prompt box."""
        with self.marionette.using_context("chrome"):
            self.marionette.execute_script(_SET_CLIPBOARD, script_args=[text])
        self.focus_editor()
        self._keys("Control", "v")

    def type(self, text: str) -> None:
        self.focus_editor()
        sequence = self.marionette.actions.sequence("key", "keyboard")
        for char in text:
            sequence.key_down(char).key_up(char)
        sequence.perform()

    def press(self, key: str) -> None:
        self._keys(key)

    def click_send(self) -> None:
        from marionette_driver.by import By

        self.marionette.find_element(By.CSS_SELECTOR, self.site.send).click()

    def choose_file(self, selector: str, path: Path) -> None:
        """A file picked in the page's file input (WebDriver's file upload: sets the files, fires the
        input and change events as the file picker does)."""
        from marionette_driver.by import By

        self.marionette.find_element(By.CSS_SELECTOR, selector).send_keys(str(path))

    def drop_file(self, name: str, text: str) -> None:
        """A drop of a file made in the page onto the prompt box (an untrusted event, but the real DOM
        event path, as in the Chromium suite: Marionette cannot drag a file from the desktop)."""
        self.marionette.execute_script(
            """const [name, text] = arguments;
               const editor = window.__site.editor;
               const data = new DataTransfer();
               data.items.add(new File([text], name, {type: ''}));
               const box = editor.getBoundingClientRect();
               const init = {bubbles: true, cancelable: true, composed: true, dataTransfer: data,
                             clientX: box.x + 4, clientY: box.y + 4};
               editor.dispatchEvent(new DragEvent('dragover', init));
               editor.dispatchEvent(new DragEvent('drop', init));""",
            script_args=[name, text],
            sandbox=None,
        )

    # waiting for the guard
    def _wait(self, predicate: Callable[[], Any], what: str) -> Any:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"never saw {what}; box {self.editor_text()!r}; overlay {self.overlay()}"
                )
            time.sleep(0.05)

    def wait_for_editor(self, expected: str) -> None:
        self._wait(lambda: self.editor_text() == expected, f"the prompt box holding {expected!r}")

    def wait_for_sent(self, count: int = 1) -> list[str]:
        return self._wait(lambda: (lambda s: s if len(s) >= count else None)(self.sent()), "the page send")

    def wait_for_files(self, count: int = 1) -> list[dict[str, str]]:
        return self._wait(lambda: (lambda f: f if len(f) >= count else None)(self.files()), "a file")

    def overlay(self) -> Overlay:
        found = self.marionette.execute_script(_READ_OVERLAY, sandbox="system")
        return Overlay(tuple(found["dialog"]), tuple(found["alert"]), tuple(found["status"]))

    def wait_for_overlay(self, predicate: Callable[[Overlay], bool], what: str) -> Overlay:
        return self._wait(lambda: (lambda o: o if predicate(o) else None)(self.overlay()), what)

    def wait_for_dialog(self) -> str:
        return self.wait_for_overlay(lambda o: bool(o.dialogs), "a dialog").dialogs[0]

    def wait_for_dialog_closed(self) -> None:
        self.wait_for_overlay(lambda o: not o.dialogs, "the dialog close")


# -- the browser -------------------------------------------------------------------------------------------


@dataclass
class GuardFirefox:
    marionette: Any = field(repr=False)
    profile: FirefoxProfile
    process: subprocess.Popen[bytes] = field(repr=False)
    started_at: float
    session_at: float

    def open(self, name: str) -> ChatPage:
        """The site's copied page, loaded afresh in the browser's tab."""
        site = SITES[name]
        self.marionette.navigate(site.url)
        page = ChatPage(self.marionette, site)
        page._wait(lambda: page._page("return JSON.stringify(window.__ready === true)"), "the page ready")
        return page

    def addon(self) -> dict[str, Any]:
        """What Firefox's add-on manager says of the installed extension."""
        script = """
            const done = arguments[arguments.length - 1];
            const {AddonManager} = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
            AddonManager.getAddonByID(arguments[0]).then((a) => done(a && {
              id: a.id, version: a.version, isActive: a.isActive, userDisabled: a.userDisabled,
              signedState: a.signedState, temporarilyInstalled: a.temporarilyInstalled,
            }));
        """
        with self.marionette.using_context("chrome"):
            return dict(self.marionette.execute_async_script(script, script_args=[ADDON_ID]) or {})

    def status(self) -> dict[str, Any]:
        """The background page's own account (the options page's privileged `status` message)."""
        self.marionette.navigate(f"moz-extension://{ADDON_UUID}/options/options.html")
        answer = self.marionette.execute_async_script(
            """const done = arguments[arguments.length - 1];
               browser.runtime.sendMessage({type: 'status'}).then((s) => done(JSON.stringify(s)),
                 (e) => done(JSON.stringify({error: String(e)})));""",
            sandbox=None,
        )
        self.marionette.navigate("about:blank")
        return dict(json.loads(answer))

    def wait_for_status(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            status = self.status()
            if predicate(status):
                return status
            if time.monotonic() > deadline:
                raise AssertionError(f"the background page never reported {what}: {status}")
            time.sleep(0.2)

    def wait_for_hello(self) -> dict[str, Any]:
        """Until the host has answered `hello` (so the policy's verdict budget is in force)."""
        return self.wait_for_status(lambda s: bool(s.get("hello")), "a hello from the native host")


def _marionette_port(profile_dir: Path, process: subprocess.Popen[bytes]) -> int:
    """Firefox writes the port it listens on (marionette.port 0: any free one) into the profile."""
    port_file = profile_dir / "MarionetteActivePort"
    deadline = time.monotonic() + WAIT_SECONDS
    while not port_file.exists() or not port_file.read_text(encoding="utf-8").strip():
        if process.poll() is not None:
            raise AssertionError(f"firefox-esr exited with {process.returncode} before Marionette listened")
        if time.monotonic() > deadline:
            raise AssertionError("Marionette never listened")
        time.sleep(0.05)
    return int(port_file.read_text(encoding="utf-8").strip())


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ends the Firefox this harness started (its own process group: content processes included)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


@contextmanager
def guard_firefox(profile: FirefoxProfile, extension_dir: Path) -> Iterator[GuardFirefox]:
    """Firefox ESR, headless, on `profile` with the add-on; the caller installed (or not) the host."""
    with warnings.catch_warnings():
        # marionette_driver pulls in mozrunner and mozinfo, which use deprecated stdlib parts on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        from marionette_driver.errors import MarionetteException
        from marionette_driver.marionette import Marionette

    assert FIREFOX is not None
    profile.write_firefox_profile(extension_dir)
    env = profile.environ()
    env.update(MOZ_CRASHREPORTER_DISABLE="1", MOZ_HEADLESS="1", LANG="en_US.UTF-8")
    log = (profile.root / "firefox.log").open("wb")
    started_at = time.monotonic()
    process = subprocess.Popen(
        [
            FIREFOX,
            "--headless",
            "--marionette",
            "-remote-allow-system-access",
            "--no-remote",
            "--profile",
            str(profile.firefox_dir),
            "about:blank",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    marionette = None
    try:
        marionette = Marionette(host="127.0.0.1", port=_marionette_port(profile.firefox_dir, process))
        marionette.start_session({"acceptInsecureCerts": True})
        yield GuardFirefox(marionette, profile, process, started_at, time.monotonic())
    finally:
        if marionette is not None and marionette.session is not None:
            # A browser that already went away has no session to end.
            with suppress(MarionetteException, OSError):
                marionette.delete_session()
        _stop(process)
        log.close()
        profile.kill_hosts()


@pytest.fixture
def tab(request: pytest.FixtureRequest) -> Iterator[Callable[[str], ChatPage]]:
    """`tab("chatgpt")`: the page loaded afresh in the module's browser (the module defines `browser`)."""
    browser: GuardFirefox = request.getfixturevalue("browser")
    yield browser.open
    browser.marionette.navigate("about:blank")
