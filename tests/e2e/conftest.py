"""The e2e harness: Debian's Chromium with the real unpacked extension and the real native host.

Each test module gets one browser (a fresh profile under a temp dir, ~1 s to start) and each test a new
tab. Nothing is faked between the page and the engine:

    copied chat page ─ content scripts ─ service worker ─ native messaging ─ `dlpguard native-host`
    (its launcher and manifest written by `dlpguard install-browser-host`)

* The profile lives at `$XDG_CONFIG_HOME/chromium`, Chromium's own default on Linux, with
  XDG_CONFIG_HOME pointed at the temp dir. The product's installer writes the host manifest for
  `--browser chromium` to `$XDG_CONFIG_HOME/chromium/NativeMessagingHosts`, which is where Chromium
  looks for the profile's hosts: the test proves the real per-user install path.
* The host inherits Chromium's environment, so every DLPGUARD_* dir points into the temp dir, and the
  policy is a file written by the module (pattern-only detection, so no spaCy load per host; the
  incident key in a 0600 file since there is no OS keyring here).
* The pages (`pages/*.html`) copy the DOM shapes of the real sites and are served under the real
  addresses by request routing; everything else on the network is refused.
* What the *site* observed is read back from `window.__seen` / `__sent` / `__files` (pages/recorder.js).
  The guard's own UI is a closed shadow root; tests read it through the DevTools protocol (which sees
  closed roots) and operate it with the keyboard only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/lib/chromium/chromium")
REPO = Path(__file__).resolve().parents[2]
EXTENSION_ROOT = REPO / "extension"
DIST = EXTENSION_ROOT / "dist" / "chromium"
PAGES = Path(__file__).resolve().parent / "pages"

#: Known to work with Debian's Chromium in a container; the real binary, not /usr/bin/chromium (a shell
#: wrapper that sources extra flags from /etc/chromium.d).
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")

#: Every wait in the suite is bounded by this (a cold host loads the engine in a few seconds).
WAIT_SECONDS = 30.0

# Planted values: they look real to the recognizers and are not real.
CARD = "4539 1488 0343 6467"
CARD_MASKED = "•••• •••• •••• 6467"
AWS_KEY = "AKIAZ7QXKR4PLM2VN3WD"
AWS_SECRET = "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"
EMAIL = "maria.keller@northwind-traders.net"
CLEAN = "Summarise the meeting notes about the Q3 roadmap in three bullet points."

#: Cards masked (so a paste goes in masked, deterministically, with no dialog); secrets keep the
#: default `block` without override. A long verdict budget: the first scan of a cold host builds the
#: engine, and these tests prove behaviour, not speed (bench/bridge_latency.py measures that).
POLICY_MASK_CARDS = textwrap.dedent(
    """\
    schema_version: 1
    version: 3
    verdict_timeout_ms: 20000
    detection: {ner: false}
    incidents: {keyring_fallback: file}
    rules:
      categories:
        financial: {action: mask}
    """
)


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    page: str
    editor: str
    send: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


SITES = {
    "chatgpt": Site(
        "chatgpt", "https://chatgpt.com/", "chatgpt.html", "#prompt-textarea", "[data-testid=send-button]"
    ),
    "deepseek": Site(
        "deepseek",
        "https://chat.deepseek.com/",
        "deepseek.html",
        "textarea#chat-input",
        "div._7436101[role=button]",
    ),
    "claude": Site(
        "claude",
        "https://claude.ai/new",
        "claude.html",
        "div.ProseMirror[contenteditable=true]",
        "button[aria-label='Send message']",
    ),
}


def english(key: str, *substitutions: object) -> str:
    """A string from the extension's English locale, with $NAME$ placeholders filled in order."""
    messages = json.loads((EXTENSION_ROOT / "_locales" / "en" / "messages.json").read_text(encoding="utf-8"))
    entry = messages[key]
    text = entry["message"]
    for name, spec in (entry.get("placeholders") or {}).items():
        index = int(spec["content"].lstrip("$")) - 1
        text = text.replace(
            f"${name.upper()}$", str(substitutions[index]) if index < len(substitutions) else ""
        )
    return text


# -- the extension build ------------------------------------------------------------------------------


def _build_is_stale() -> bool:
    """dist/chromium is missing, or older than a source it is built from."""
    built = DIST / "manifest.json"
    if not built.exists():
        return True
    sources = [
        EXTENSION_ROOT / name
        for name in ("manifest.chromium.json", "key.pub.b64", "managed_schema.json", "build.mjs")
    ]
    sources.append(REPO / "docs" / "protocol.schema.json")
    for folder in (EXTENSION_ROOT / "src", EXTENSION_ROOT / "_locales"):
        sources += [p for p in folder.rglob("*") if p.is_file()]
    newest = max(p.stat().st_mtime for p in sources if p.exists())
    return newest > built.stat().st_mtime


@pytest.fixture(scope="session")
def extension_dir() -> Path:
    """dist/chromium; `./dev test` builds it first, a bare pytest run builds it here if missing or stale."""
    if _build_is_stale():
        node = shutil.which("node")
        if node is None and not (DIST / "manifest.json").exists():
            pytest.fail("extension/dist/chromium is missing and node is not installed to build it")
        if node is not None:
            subprocess.run(
                [node, "build.mjs", "chromium"], cwd=EXTENSION_ROOT, check=True, capture_output=True
            )
    return DIST


# -- one isolated profile: dirs, policy, host registration ---------------------------------------------


@dataclass
class Profile:
    """Every dir Chromium and DLP Guard may touch, under one temp root."""

    root: Path
    runtime_dir: Path  # short: Unix socket paths are limited to ~100 bytes
    policy_text: str

    def __post_init__(self) -> None:
        for folder in (self.xdg_config, self.xdg_cache, self.data_dir, self.config_dir, self.machine_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.policy_path.write_text(self.policy_text, encoding="utf-8")

    @property
    def xdg_config(self) -> Path:
        return self.root / "xdg-config"

    @property
    def xdg_cache(self) -> Path:
        return self.root / "xdg-cache"

    @property
    def user_data_dir(self) -> Path:
        """Chromium's default profile dir on Linux: `$XDG_CONFIG_HOME/chromium`."""
        return self.xdg_config / "chromium"

    @property
    def data_dir(self) -> Path:
        return self.root / "dlpguard-data"

    @property
    def config_dir(self) -> Path:
        return self.root / "dlpguard-config"

    @property
    def machine_dir(self) -> Path:
        return self.root / "machine"

    @property
    def policy_path(self) -> Path:
        return self.machine_dir / "policy.yaml"

    @property
    def manifest_path(self) -> Path:
        return self.user_data_dir / "NativeMessagingHosts" / "com.dlpguard.host.json"

    @property
    def socket_path(self) -> Path:
        return self.runtime_dir / "bridge.sock"

    def environ(self) -> dict[str, str]:
        """For Chromium (and so for the host it starts) and for CLI calls: nothing from the developer's
        own DLP Guard or browser config leaks in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DLPGUARD_", "XDG_"))}
        env.update(
            HOME=str(self.root),
            XDG_CONFIG_HOME=str(self.xdg_config),
            XDG_CACHE_HOME=str(self.xdg_cache),
            DLPGUARD_DATA_DIR=str(self.data_dir),
            DLPGUARD_CONFIG_DIR=str(self.config_dir),
            DLPGUARD_RUNTIME_DIR=str(self.runtime_dir),
            DLPGUARD_MACHINE_DIR=str(self.machine_dir),
            DLPGUARD_POLICY=str(self.policy_path),
        )
        return env

    def dlpguard(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The real CLI, as an admin or the installer would run it for this user."""
        done = subprocess.run(
            [sys.executable, "-m", "dlpguard", *args],
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"dlpguard {' '.join(args)} exited {done.returncode}: {done.stderr}"
        return done

    def install_host(self) -> None:
        self.dlpguard("install-browser-host", "--browser", "chromium")
        assert self.manifest_path.exists(), f"the installer did not write {self.manifest_path}"

    def uninstall_host(self) -> None:
        self.dlpguard("install-browser-host", "--uninstall", "--browser", "chromium")
        assert not self.manifest_path.exists()

    def host_pids(self) -> list[int]:
        """Native hosts started for this profile: processes whose environment names our data dir."""
        marker = f"DLPGUARD_DATA_DIR={self.data_dir}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if b"native-host" in cmdline and marker in environ.split(b"\0"):
                found.append(int(entry.name))
        return found

    def kill_hosts(self) -> None:
        """Ends this profile's hosts, by pid, as a crash would (SIGKILL)."""
        for pid in self.host_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue


@pytest.fixture(scope="module")
def make_profile() -> Iterator[Callable[[str], Profile]]:
    roots: list[Path] = []

    def make(policy_text: str) -> Profile:
        root = Path(tempfile.mkdtemp(prefix="dg-e2e-", dir="/tmp"))
        roots.append(root)
        return Profile(root, root / "run", policy_text)

    yield make
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


# -- the overlay, seen through the DevTools protocol ----------------------------------------------------


@dataclass(frozen=True)
class Overlay:
    """The text of the guard's UI, by ARIA role: dialogs (warn/block), alerts and status notices."""

    dialogs: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @property
    def everything(self) -> str:
        return "\n".join((*self.dialogs, *self.alerts, *self.statuses))


def _attributes(node: dict[str, Any]) -> dict[str, str]:
    flat = node.get("attributes") or []
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _text(node: dict[str, Any]) -> str:
    if node.get("nodeType") == 3:
        return str(node.get("nodeValue", ""))
    if node.get("nodeName") in ("STYLE", "SCRIPT"):
        return ""
    parts = [_text(child) for child in node.get("children") or []]
    return " ".join(p for p in parts if p.strip())


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in (*(node.get("shadowRoots") or []), *(node.get("children") or [])):
        yield from _walk(child)


def read_overlay(cdp: Any) -> Overlay:
    """The closed shadow root is invisible to page scripts and to Playwright's selectors, but the
    DevTools protocol's piercing DOM snapshot includes it."""
    document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    hosts = [n for n in _walk(document) if n.get("nodeName") == "DLPGUARD-UI"]
    if not hosts:
        return Overlay()
    found: dict[str, list[str]] = {"dialog": [], "alert": [], "status": []}
    for root in hosts[0].get("shadowRoots") or []:
        for node in _walk(root):
            role = _attributes(node).get("role")
            if role in found:
                found[role].append(_text(node))
    return Overlay(tuple(found["dialog"]), tuple(found["alert"]), tuple(found["status"]))


# -- a chat page in a tab ---------------------------------------------------------------------------------


@dataclass
class ChatPage:
    page: Any
    site: Site
    cdp: Any = field(repr=False)

    # what the site saw
    def seen(self) -> list[dict[str, Any]]:
        return list(self.page.evaluate("window.__seen"))

    def seen_types(self) -> set[str]:
        return {event["type"] for event in self.seen()}

    def sent(self) -> list[str]:
        return list(self.page.evaluate("window.__sent"))

    def files(self) -> list[dict[str, str]]:
        return list(self.page.evaluate("window.__files"))

    def editor_text(self) -> str:
        return str(self.page.evaluate("window.__site.text()"))

    def page_observed(self) -> str:
        """Everything the page's script recorded or holds, as one string to search for a leaked value."""
        return json.dumps(
            {"seen": self.seen(), "sent": self.sent(), "files": self.files(), "editor": self.editor_text()},
            ensure_ascii=False,
        )

    def editor_has_focus(self) -> bool:
        return bool(self.page.evaluate("document.activeElement === window.__site.editor"))

    # what the user does
    def focus_editor(self) -> None:
        self.page.click(self.site.editor)

    def paste(self, text: str) -> None:
        """A trusted paste: the text on the system clipboard, then Ctrl+V in the prompt box."""
        self.page.bring_to_front()
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.focus_editor()
        self.page.keyboard.press("Control+V")

    def type(self, text: str) -> None:
        self.focus_editor()
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def click_send(self) -> None:
        self.page.click(self.site.send)

    def drop_file(self, name: str, text: str) -> None:
        """A drop of a file made in the page onto the prompt box (an untrusted event, but the real DOM
        event path: Playwright cannot drag a file from the desktop)."""
        self.page.evaluate(
            """([name, text]) => {
                const editor = window.__site.editor;
                const data = new DataTransfer();
                data.items.add(new File([text], name, {type: ''}));
                const box = editor.getBoundingClientRect();
                const at = {clientX: box.x + 4, clientY: box.y + 4};
                const init = {bubbles: true, cancelable: true, composed: true, dataTransfer: data, ...at};
                editor.dispatchEvent(new DragEvent('dragover', init));
                editor.dispatchEvent(new DragEvent('drop', init));
            }""",
            [name, text],
        )

    # waiting for the guard
    def wait_for_editor(self, expected: str) -> None:
        try:
            self.page.wait_for_function(
                "expected => window.__site.text() === expected", arg=expected, timeout=WAIT_SECONDS * 1000
            )
        except Exception as exc:  # Playwright's TimeoutError: say what the box holds instead
            raise AssertionError(
                f"prompt box never held {expected!r}; it holds {self.editor_text()!r}; "
                f"overlay {self.overlay()}"
            ) from exc

    def wait_for_sent(self, count: int = 1) -> list[str]:
        try:
            self.page.wait_for_function(
                "n => window.__sent.length >= n", arg=count, timeout=WAIT_SECONDS * 1000
            )
        except Exception as exc:
            raise AssertionError(
                f"the page never sent; box {self.editor_text()!r}; overlay {self.overlay()}"
            ) from exc
        return self.sent()

    def wait_for_files(self, count: int = 1) -> list[dict[str, str]]:
        try:
            self.page.wait_for_function(
                "n => window.__files.length >= n", arg=count, timeout=WAIT_SECONDS * 1000
            )
        except Exception as exc:
            raise AssertionError(f"the page never received a file; overlay {self.overlay()}") from exc
        return self.files()

    def overlay(self) -> Overlay:
        return read_overlay(self.cdp)

    def wait_for_overlay(self, predicate: Callable[[Overlay], bool], what: str) -> Overlay:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            overlay = self.overlay()
            if predicate(overlay):
                return overlay
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; overlay {overlay}; box {self.editor_text()!r}")
            self.page.wait_for_timeout(100)

    def wait_for_dialog(self) -> str:
        return self.wait_for_overlay(lambda o: bool(o.dialogs), "a dialog").dialogs[0]

    def wait_for_dialog_closed(self) -> None:
        self.wait_for_overlay(lambda o: not o.dialogs, "the dialog close")


# -- the browser ------------------------------------------------------------------------------------------


@dataclass
class GuardBrowser:
    context: Any
    profile: Profile
    extension_id: str
    pages: list[Any] = field(default_factory=list)

    def open(self, name: str) -> ChatPage:
        site = SITES[name]
        page = self.context.new_page()
        self.pages.append(page)
        page.goto(site.url)
        page.wait_for_function("window.__ready === true")
        return ChatPage(page, site, self.context.new_cdp_session(page))

    def status(self) -> dict[str, Any]:
        """The service worker's own account (the options page's privileged `status` message)."""
        page = self.context.new_page()
        try:
            page.goto(f"chrome-extension://{self.extension_id}/options/options.html")
            return dict(page.evaluate("chrome.runtime.sendMessage({type: 'status'})"))
        finally:
            page.close()

    def wait_for_status(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            status = self.status()
            if predicate(status):
                return status
            if time.monotonic() > deadline:
                raise AssertionError(f"the service worker never reported {what}: {status}")
            time.sleep(0.2)

    def wait_for_hello(self) -> dict[str, Any]:
        """Until the host has answered `hello` (so the policy's verdict budget is in force)."""
        return self.wait_for_status(lambda s: bool(s.get("hello")), "a hello from the native host")

    def close_pages(self) -> None:
        for page in self.pages:
            if not page.is_closed():
                page.close()
        self.pages.clear()


def _serve_pages(context: Any) -> None:
    recorder = (PAGES / "recorder.js").read_text(encoding="utf-8")

    def refuse(route: Any) -> None:
        if route.request.url.startswith(("http://", "https://")):
            route.abort("blockedbyclient")  # hermetic: no request leaves the machine
        else:
            route.continue_()

    def serve(site: Site) -> Callable[[Any], None]:
        html = (PAGES / site.page).read_text(encoding="utf-8")

        def handle(route: Any) -> None:
            if urlsplit(route.request.url).path == "/__e2e/recorder.js":
                route.fulfill(status=200, content_type="text/javascript", body=recorder)
            elif route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.fulfill(status=404, body="")

        return handle

    context.route("**/*", refuse)  # registered first: routes added later take precedence
    for site in SITES.values():
        context.route(f"{site.origin}/**", serve(site))


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    """One Playwright driver per module (its sync API allows one at a time), stopped before the next
    directory's tests run, so its event loop never outlives the e2e modules."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@contextmanager
def guard_browser(playwright: Any, profile: Profile, extension_dir: Path) -> Iterator[GuardBrowser]:
    """Chromium on `profile` with the unpacked extension; the caller installed (or not) the host."""
    from dlpguard.bridge.manifests import CHROMIUM_EXTENSION_ID, extension_id_from_key

    context = playwright.chromium.launch_persistent_context(
        str(profile.user_data_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
            *CHROMIUM_FLAGS,
        ],
        env=profile.environ(),
        locale="en-US",
        viewport={"width": 1280, "height": 800},
    )
    try:
        worker = (
            context.service_workers[0]
            if context.service_workers
            else context.wait_for_event("serviceworker", timeout=WAIT_SECONDS * 1000)
        )
        extension_id = worker.url.split("/")[2]
        key = json.loads((extension_dir / "manifest.json").read_text(encoding="utf-8"))["key"]
        assert extension_id == extension_id_from_key(key) == CHROMIUM_EXTENSION_ID
        for site in SITES.values():
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
        _serve_pages(context)
        yield GuardBrowser(context, profile, extension_id)
    finally:
        context.close()


@pytest.fixture
def tab(request: pytest.FixtureRequest) -> Iterator[Callable[[str], ChatPage]]:
    """`tab("chatgpt")`: a new tab of the module's browser (the module defines the `browser` fixture)."""
    browser: GuardBrowser = request.getfixturevalue("browser")
    yield browser.open
    browser.close_pages()
