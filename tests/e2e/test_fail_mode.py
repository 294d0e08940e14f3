"""No verdict, no entry: without a native host the policy's fail mode decides, and `closed` (the default)
lets nothing through. `open` lets text through unchecked, with a notice that says so."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CARD,
    CARD_MASKED,
    CLEAN,
    POLICY_MASK_CARDS,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

#: Where Chromium also looks for hosts, machine-wide: a host there would make "absent" untrue.
SYSTEM_MANIFEST = Path("/etc/chromium/native-messaging-hosts/com.dlpguard.host.json")

POLICY_FAIL_OPEN = POLICY_MASK_CARDS.replace("version: 3\n", "version: 4\nfail_mode: open\n")


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    """Chromium with the extension and no host registered anywhere."""
    assert not SYSTEM_MANIFEST.exists(), f"{SYSTEM_MANIFEST} exists: the host is not absent on this machine"
    profile = make_profile(POLICY_MASK_CARDS)
    with guard_browser(playwright, profile, extension_dir) as guard:
        yield guard


@pytest.fixture(scope="module")
def fail_open_browser(playwright, make_profile, extension_dir):
    """Chromium whose host is installed and whose policy says `fail_mode: open`."""
    profile = make_profile(POLICY_FAIL_OPEN)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        yield guard


def test_without_a_host_the_extension_reports_it_unreachable(browser):
    status = browser.wait_for_status(lambda s: s["last_error"] is not None, "a connection failure")
    assert status["connected"] is False
    assert "not found" in (status["last_error"] or "").lower()
    assert status["config"]["failMode"] == "closed"


def test_without_a_host_a_paste_is_blocked_with_a_banner_saying_why(tab):
    chat = tab("chatgpt")
    chat.paste(CLEAN)  # even clean text: nothing unchecked goes in
    banner = chat.wait_for_overlay(lambda o: bool(o.alerts), "the fail-closed banner")
    assert english("banner_unavailable") in banner.alerts[0]
    assert chat.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()


def test_without_a_host_typed_text_is_not_sent(tab):
    chat = tab("deepseek")
    chat.type(CLEAN)
    chat.press("Enter")
    banner = chat.wait_for_overlay(lambda o: bool(o.alerts), "the fail-closed banner")
    assert english("banner_unavailable") in banner.alerts[0]
    assert chat.sent() == []
    assert chat.editor_text() == CLEAN  # kept for the user to send once DLP Guard runs


def test_fail_open_lets_text_through_unchecked_with_a_notice_once_the_host_is_gone(fail_open_browser):
    guard = fail_open_browser
    status = guard.wait_for_hello()  # the policy (fail_mode: open) is now cached by the service worker
    assert status["config"]["failMode"] == "open"
    chat = guard.open("chatgpt")
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD_MASKED}")  # the host is there: checked and masked

    # DLP Guard is uninstalled and its running host dies: the next check gets no verdict.
    guard.profile.uninstall_host()
    assert guard.profile.host_pids(), "the running host was not found"
    guard.profile.kill_hosts()
    after = guard.open("chatgpt")
    after.paste(CLEAN)
    after.wait_for_editor(CLEAN)
    notice = after.wait_for_overlay(lambda o: bool(o.statuses), "the fail-open notice")
    assert english("banner_failed_open") in notice.statuses[0]
    assert textwrap.shorten(after.editor_text(), 200) == CLEAN

    # The built-in check still keeps out what needs no host to be sure of: a cloud key, a card number.
    keyed = guard.open("chatgpt")
    keyed.paste(f"use {AWS_KEY} for the deploy")
    banner = keyed.wait_for_overlay(lambda o: bool(o.alerts), "the built-in check's banner")
    assert english("banner_failed_open_blocked", english("category_secret")) in banner.alerts[0]
    assert keyed.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & keyed.seen_types()

    typed = guard.open("deepseek")
    typed.type(f"card {CARD} please")
    typed.press("Enter")
    banner = typed.wait_for_overlay(lambda o: bool(o.alerts), "the built-in check's banner on send")
    assert english("banner_failed_open_blocked", english("category_financial")) in banner.alerts[0]
    assert typed.sent() == []
