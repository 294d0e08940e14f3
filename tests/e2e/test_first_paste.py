"""The first paste after a browser start is never lost (issue 12, "Never drop").

Each test starts its own Chromium, so the native host is cold: the service worker spawns it when the
browser starts, and there is no tray app to relay to. The policy is the default one (NER on, fail
closed, the default 1.5 s verdict budget), so the host may still be loading when the user pastes.
Before the fix a clean paste 1.5 s after the page loaded was dropped with "DLP Guard did not answer in
time"; now the extension holds it ("checking…", then "still checking — Cancel / Wait" past the budget)
and inserts it when the verdict comes. A paste with a key is held all the same and never goes in. A send
is held the same way: a clean message sent 1 s after the page loaded is sent once, when the verdict comes.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CLEAN,
    GuardBrowser,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

#: The built-in defaults (NER on, `fail_mode: closed`, `verdict_timeout_ms: 1500`); only the incident
#: key goes to a file (no OS keyring here).
POLICY_DEFAULTS = textwrap.dedent(
    """\
    schema_version: 1
    version: 5
    incidents: {keyring_fallback: file}
    """
)


@pytest.fixture
def cold_browser(
    playwright, make_profile, extension_dir
) -> Iterator[Callable[[], AbstractContextManager[GuardBrowser]]]:
    """`with cold_browser() as guard:` a fresh profile and a fresh Chromium, the host installed but not
    running (the browser's start spawns it)."""

    def start() -> AbstractContextManager[GuardBrowser]:
        profile = make_profile(POLICY_DEFAULTS)
        profile.install_host()
        assert not profile.host_pids(), "a host for this profile is already running"
        return guard_browser(playwright, profile, extension_dir)

    yield start


def no_timeout_banner(chat) -> None:
    overlay = chat.overlay()
    assert english("banner_timeout") not in overlay.everything, f"a paste was dropped: {overlay}"


def test_first_clean_paste_one_second_after_page_load_arrives(cold_browser):
    with cold_browser() as guard:
        chat = guard.open("chatgpt")
        chat.page.wait_for_timeout(1000)
        pasted = time.monotonic()
        chat.paste(CLEAN)
        chat.wait_for_editor(CLEAN)
        arrived = time.monotonic() - pasted
        no_timeout_banner(chat)
        inserted = [
            e["data"] for e in chat.seen() if e["type"] == "input" and e["phase"] == "document-bubble"
        ]
        assert inserted == [CLEAN]  # one ordinary edit, after the verdict
        assert "paste" not in chat.seen_types()  # the page's paste listeners never ran
        chat.wait_for_overlay(
            lambda o: english("notice_holding") not in o.everything, "the checking state to go"
        )

        status = guard.status()
        assert status["hello"]["served_by"] == "native-host"  # no tray app: the host answered itself
        print(
            f"\nfirst clean paste, 1 s after page load, cold host: in the box after {arrived * 1000:.0f} ms"
        )

        # A paste with a key is still held and blocked: nothing of it reaches the page.
        chat.paste(f"deploy with {AWS_KEY}")
        dialog = chat.wait_for_dialog()
        assert english("overlay_title_block") in dialog
        assert chat.editor_text() == CLEAN
        assert AWS_KEY not in chat.page_observed()
        chat.press("Escape")
        chat.wait_for_dialog_closed()
        assert chat.editor_text() == CLEAN


def test_a_key_pasted_on_a_cold_host_is_held_then_blocked_and_a_clean_paste_arrives(cold_browser):
    with cold_browser() as guard:
        chat = guard.open("claude")
        chat.page.wait_for_timeout(1000)
        pasted = time.monotonic()
        chat.paste(f"the key is {AWS_KEY}")
        saw_still_checking = False
        deadline = time.monotonic() + 30
        while True:  # held: never in the box, whatever the budget says; then the late block
            overlay = chat.overlay()
            assert AWS_KEY not in chat.page_observed()
            assert english("banner_timeout") not in overlay.everything
            saw_still_checking |= english("notice_still_checking") in overlay.everything
            if overlay.dialogs:
                break
            assert time.monotonic() < deadline, f"never judged; overlay {overlay}"
            chat.page.wait_for_timeout(50)
        judged = time.monotonic() - pasted
        assert english("overlay_title_block") in overlay.dialogs[0]
        assert chat.editor_text() == ""
        chat.press("Escape")
        chat.wait_for_dialog_closed()

        chat.paste(CLEAN)
        chat.wait_for_editor(CLEAN)
        no_timeout_banner(chat)
        assert AWS_KEY not in chat.page_observed()
        print(
            f"\ncold key paste blocked after {judged * 1000:.0f} ms"
            f" ({'past' if saw_still_checking else 'within'} the budget)"
        )


def test_first_clean_message_sent_one_second_after_page_load_is_sent(cold_browser):
    with cold_browser() as guard:
        chat = guard.open("chatgpt")
        loaded = time.monotonic()
        chat.type(CLEAN)  # typed text is only checked when sent
        chat.page.wait_for_timeout(max(0, 1000 - (time.monotonic() - loaded) * 1000))
        pressed = time.monotonic()
        chat.press("Enter")
        assert chat.wait_for_sent() == [CLEAN]
        sent_after = time.monotonic() - pressed
        chat.page.wait_for_timeout(300)
        assert chat.sent() == [CLEAN]  # sent once
        no_timeout_banner(chat)
        chat.wait_for_overlay(
            lambda o: english("notice_holding_send") not in o.everything, "the checking state to go"
        )
        assert guard.status()["hello"]["served_by"] == "native-host"
        print(f"\nfirst clean send, 1 s after page load, cold host: sent after {sent_after * 1000:.0f} ms")
