"""Issue 10's remaining rows in real Chromium, under `fail_mode: open` (where an evasion would pay off):
a secret split across two messages, a 5 MiB paste, and a service worker the browser stopped.

* Split: the host judges each `submit` with the tail of what the same conversation (tab and site) sent
  before (dlpguard/guard/tails.py); the halves sent from two tabs are two conversations and both go.
* 5 MiB: above the policy's `limits.max_scan_chars` (5,000,000) the host pattern-scans the text whole
  instead of refusing it, so a key in the middle is blocked by the host (its dialog, not the built-in
  check's banner) and clean text goes in unchanged.
* Service worker: MV3 stops idle workers; a content script's message starts it again, and the restarted
  worker checks with the host as before (no unchecked window).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CLEAN,
    PAGES,
    POLICY_MASK_CARDS,
    WAIT_SECONDS,
    ChatPage,
    Site,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

RICH = Site("rich", "https://chat.z.ai/", "richeditor.html", "#editor", "#send")


def serve_rich_editor(guard: Any) -> None:
    recorder = (PAGES / "recorder.js").read_text(encoding="utf-8")
    html = (PAGES / RICH.page).read_text(encoding="utf-8")

    def serve(route: Any) -> None:
        if route.request.url.split("?")[0].endswith("/__e2e/recorder.js"):
            route.fulfill(status=200, content_type="text/javascript", body=recorder)
        elif route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.fulfill(status=404, body="")

    guard.context.route(f"{RICH.origin}/**", serve)
    guard.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=RICH.origin)


POLICY_FAIL_OPEN = POLICY_MASK_CARDS.replace("version: 3\n", "version: 5\nfail_mode: open\n")


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_FAIL_OPEN)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        serve_rich_editor(guard)
        status = guard.wait_for_hello()
        assert status["config"]["failMode"] == "open"
        yield guard


# -- a secret split across two messages ----------------------------------------------------------------

FIRST_HALF = "here is the first part: " + AWS_KEY[:9]
SECOND_HALF = AWS_KEY[9:] + " and that is all"


def send_typed(chat: ChatPage, text: str) -> None:
    chat.type(text)
    chat.press("Enter")


def test_a_key_split_across_two_messages_blocks_the_second(tab):
    chat = tab("chatgpt")
    send_typed(chat, FIRST_HALF)
    assert chat.wait_for_sent() == [FIRST_HALF]  # alone it is clean
    send_typed(chat, SECOND_HALF)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == [FIRST_HALF]
    assert chat.editor_text() == SECOND_HALF


def test_the_same_halves_sent_in_two_tabs_are_two_conversations_and_both_go(tab):
    first = tab("deepseek")
    send_typed(first, FIRST_HALF)
    assert first.wait_for_sent() == [FIRST_HALF]
    second = tab("deepseek")
    send_typed(second, SECOND_HALF)
    assert second.wait_for_sent() == [SECOND_HALF]


# -- a 5 MiB paste ------------------------------------------------------------------------------------------

FIVE_MIB = 5 * 1024 * 1024


def big_text(middle: str) -> str:
    line = CLEAN + "\n"
    half = line * (FIVE_MIB // len(line) // 2)
    return half + middle + "\n" + half


def paste_big(chat: ChatPage, text: str) -> None:
    chat.page.bring_to_front()
    chat.page.evaluate("text => navigator.clipboard.writeText(text)", text)
    # The recorder would copy the 5 MiB box into every record: it keeps none here.
    chat.page.evaluate("window.__seen = {push() {}}")
    chat.focus_editor()
    chat.press("Control+V")


def test_a_5_mib_paste_with_a_key_in_the_middle_is_blocked_by_the_host(tab):
    chat = tab("deepseek")
    text = big_text(f"aws_access_key_id = {AWS_KEY}")
    assert len(text) > FIVE_MIB - 1024
    paste_big(chat, text)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.page.evaluate("window.__site.text().length") == 0


def test_a_clean_5_mib_paste_goes_in_unchanged(tab):
    chat = tab("deepseek")
    text = big_text("and nothing else")
    paste_big(chat, text)
    chat.page.wait_for_function(
        "n => window.__site.text().length === n", arg=len(text), timeout=WAIT_SECONDS * 1000
    )
    digest = chat.page.evaluate(
        """async () => {
            const bytes = new TextEncoder().encode(window.__site.text());
            const hash = await crypto.subtle.digest('SHA-256', bytes);
            return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
        }"""
    )
    assert digest == hashlib.sha256(text.encode()).hexdigest()
    overlay = chat.overlay()
    assert (overlay.dialogs, overlay.alerts) == ((), ())


def test_a_clean_1_mib_paste_goes_into_a_rich_editor_whole(browser):
    """A rich editor takes a large approved text as a paste event of its own (Chromium's insertText is
    quadratic in a contenteditable: 64 KiB took ~13 s, a MiB would hang the tab)."""
    page = browser.context.new_page()
    try:
        page.goto(RICH.url)
        page.wait_for_function("window.__ready === true")
        chat = ChatPage(page, RICH, browser.context.new_cdp_session(page))
        text = big_text("and nothing else")[: 1024 * 1024]
        paste_big(chat, text)
        page.wait_for_function(
            "n => window.__site.text().length === n", arg=len(text), timeout=WAIT_SECONDS * 1000
        )
        assert page.evaluate("window.__site.text().slice(-200)") == text[-200:]
        assert chat.overlay().dialogs == ()
    finally:
        page.close()


# -- the service worker stopped --------------------------------------------------------------------------


def _extension_workers(cdp, extension_id: str) -> list[dict]:
    targets = cdp.send("Target.getTargets")["targetInfos"]
    return [t for t in targets if t["type"] == "service_worker" and extension_id in t["url"]]


def test_a_stopped_service_worker_restarts_and_still_checks_with_the_host(browser, tab):
    chat = tab("claude")
    [before] = _extension_workers(chat.cdp, browser.extension_id)
    # As the browser stops an idle worker (or it crashes).
    chat.cdp.send("Target.closeTarget", {"targetId": before["targetId"]})
    for _ in range(int(WAIT_SECONDS * 10)):
        if not _extension_workers(chat.cdp, browser.extension_id):
            break
        chat.page.wait_for_timeout(100)
    assert not _extension_workers(chat.cdp, browser.extension_id), "the service worker did not stop"

    chat.paste(f"use {AWS_KEY} for the deploy")
    dialog = chat.wait_for_dialog()  # the host's block dialog, not the built-in check's banner
    assert english("overlay_title_block") in dialog
    assert _extension_workers(chat.cdp, browser.extension_id), "the paste did not start the worker again"
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert AWS_KEY not in chat.page_observed()
    clean = tab("claude")
    clean.paste(CLEAN)
    clean.wait_for_editor(CLEAN)
    assert clean.overlay().alerts == ()
