"""`fail_mode: open` in Firefox: once the host is gone, text goes in unchecked with a notice, and the
built-in check still keeps out a cloud key."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AWS_KEY, CARD, CARD_MASKED, CLEAN, POLICY_MASK_CARDS, english
from tests.e2e_firefox.conftest import guard_firefox, requires_firefox

pytestmark = [pytest.mark.e2e, requires_firefox]

POLICY_FAIL_OPEN = POLICY_MASK_CARDS.replace("version: 3\n", "version: 4\nfail_mode: open\n")


@pytest.fixture(scope="module")
def browser(page_server, make_profile, firefox_extension_dir):
    """Firefox whose host is installed and whose policy says `fail_mode: open`."""
    profile = make_profile(POLICY_FAIL_OPEN)
    profile.install_host()
    with guard_firefox(profile, firefox_extension_dir) as guard:
        yield guard


def test_fail_open_lets_text_through_unchecked_with_a_notice_once_the_host_is_gone(browser):
    status = browser.wait_for_hello()  # the policy (fail_mode: open) is now cached by the background page
    assert status["config"]["failMode"] == "open"
    chat = browser.open("chatgpt")
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD_MASKED}")  # the host is there: checked and masked

    # DLP Guard is uninstalled and its running host dies: the next check gets no verdict.
    browser.profile.uninstall_host()
    assert browser.profile.host_pids(), "the running host was not found"
    browser.profile.kill_hosts()
    after = browser.open("chatgpt")
    after.paste(CLEAN)
    after.wait_for_editor(CLEAN)
    notice = after.wait_for_overlay(lambda o: bool(o.statuses), "the fail-open notice")
    assert english("banner_failed_open") in notice.statuses[0]

    # The built-in check still keeps out what needs no host to be sure of: a cloud key.
    keyed = browser.open("claude")
    keyed.paste(f"use {AWS_KEY} for the deploy")
    banner = keyed.wait_for_overlay(lambda o: bool(o.alerts), "the built-in check's banner")
    assert english("banner_failed_open_blocked", english("category_secret")) in banner.alerts[0]
    assert keyed.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & keyed.seen_types()
