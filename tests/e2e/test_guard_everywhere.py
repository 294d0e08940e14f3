"""`sites.guard_everywhere: true` in real Chromium: a page no catalogue row names is guarded, an allowlisted
one is not.

The extension is the all-sites build (`node build.mjs --all-sites`, what a fleet force-installs: access
to every https site is a required permission, granted at install), built into a temp dir so the shared
`dist/chromium` stays the normal build. After the host's `hello` says `guard_everywhere`, the service
worker registers the content scripts on `https://*/*` at run time (background/policy_sites.js); pages
opened after that get them. The intranet pages are a plain textarea in a form, served under their own
addresses by request routing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CARD,
    CARD_MASKED,
    CLEAN,
    EXTENSION_ROOT,
    PAGES,
    POLICY_MASK_CARDS,
    ChatPage,
    Site,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

GUARDED = "https://intranet.acme.example/"
ALLOWLISTED = "https://wiki.acme.example/"

POLICY_EVERYWHERE = (
    POLICY_MASK_CARDS + "sites: {guard_everywhere: true}\nallowlists: {sites: [wiki.acme.example]}\n"
)

#: An ordinary intranet form: a textarea, a submit button; the form's submit is the page's "send".
INTRANET_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tickets</title></head>
<body><form id="ticket"><textarea id="body" rows="4" cols="60"></textarea>
<button type="submit" id="send">Submit</button></form>
<script>
  const editor = document.getElementById('body');
  window.__site = {editor, text: () => editor.value, clear: () => { editor.value = ''; }};
</script>
<script src="/__e2e/recorder.js"></script>
<script>
  document.getElementById('ticket').addEventListener('submit', (e) => {
    e.preventDefault();
    window.__send();
  });
  window.__ready = true;
</script></body></html>"""


@pytest.fixture(scope="module")
def all_sites_extension(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `--all-sites` build of the current sources, in a temp dir."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to make the all-sites build")
    out = tmp_path_factory.mktemp("all-sites")
    script = (
        f"import({str(EXTENSION_ROOT / 'build.mjs')!r})"
        f".then((m) => console.log(m.build('chromium', {str(out)!r}, {{ allSites: true }})))"
    )
    subprocess.run([node, "--input-type=module", "-e", script], check=True, capture_output=True, timeout=60)
    yield out / "chromium"


@pytest.fixture(scope="module")
def browser(playwright, make_profile, all_sites_extension):
    profile = make_profile(POLICY_EVERYWHERE)
    profile.install_host()
    with guard_browser(playwright, profile, all_sites_extension) as guard:
        recorder = (PAGES / "recorder.js").read_text(encoding="utf-8")

        def handle(route: Any) -> None:
            if route.request.url.split("?")[0].endswith("/__e2e/recorder.js"):
                route.fulfill(status=200, content_type="text/javascript", body=recorder)
            elif route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=INTRANET_PAGE)
            else:
                route.fulfill(status=404, body="")

        for origin in (GUARDED, ALLOWLISTED):
            guard.context.route(f"{origin}**", handle)
            guard.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin.rstrip("/"))
        status = guard.wait_for_status(
            lambda s: "https://*/*" in ((s.get("sites") or {}).get("registered") or []),
            "the content scripts registered on every https site",
        )
        assert status["config"]["guardEverywhere"] is True
        yield guard


@pytest.fixture
def intranet(browser) -> Iterator[Callable[[str], ChatPage]]:
    pages: list[Any] = []

    def open_(url: str) -> ChatPage:
        page = browser.context.new_page()
        pages.append(page)
        page.goto(url)
        page.wait_for_function("window.__ready === true")
        site = Site("intranet", url, "", "#body", "#send")
        return ChatPage(page, site, browser.context.new_cdp_session(page))

    yield open_
    for page in pages:
        page.close()


def test_the_all_sites_build_holds_the_permission_and_the_policy_switch_registers_everywhere(browser):
    status = browser.status()
    assert status["sites"]["missing"] == []
    assert status["policy"]["guard_everywhere"] is True


def test_a_key_pasted_on_an_unlisted_intranet_page_is_held_and_blocked(intranet):
    chat = intranet(GUARDED)
    chat.paste(f"use {AWS_KEY} for the deploy")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()
    assert AWS_KEY not in chat.page_observed()


def test_a_card_on_the_intranet_page_goes_in_masked_and_clean_text_is_sent_unchanged(intranet):
    chat = intranet(GUARDED)
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD_MASKED}")
    chat.page.evaluate("window.__site.clear()")
    chat.paste(CLEAN)
    chat.wait_for_editor(CLEAN)
    chat.click_send()
    assert chat.wait_for_sent() == [CLEAN]
    assert "0343" not in chat.page_observed()


def test_an_allowlisted_site_is_not_interrupted(intranet):
    chat = intranet(ALLOWLISTED)
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD}")  # unchanged: nothing asked, nothing masked
    assert "paste" in chat.seen_types()  # the page got the user's own paste event
    chat.click_send()
    assert chat.wait_for_sent() == [f"card {CARD}"]
