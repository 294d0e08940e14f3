"""No verdict, no entry, in Firefox: without a native host the policy's fail mode decides. `closed` (the
default) lets nothing through; `open` lets text through unchecked with a notice, except what the built-in
check is sure of (a cloud key, a card number)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import CLEAN, POLICY_MASK_CARDS, english
from tests.e2e_firefox.conftest import guard_firefox, requires_firefox

pytestmark = [pytest.mark.e2e, requires_firefox]

#: Where Firefox also looks for hosts, machine-wide on Linux: a host there would make "absent" untrue.
SYSTEM_MANIFESTS = [
    Path(folder) / "com.dlpguard.host.json"
    for folder in ("/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts")
]


@pytest.fixture(scope="module")
def browser(page_server, make_profile, firefox_extension_dir):
    """Firefox with the add-on and no host registered anywhere."""
    present = [str(p) for p in SYSTEM_MANIFESTS if p.exists()]
    assert not present, f"{present} exist: the host is not absent on this machine"
    profile = make_profile(POLICY_MASK_CARDS)
    with guard_firefox(profile, firefox_extension_dir) as guard:
        yield guard


def test_without_a_host_the_extension_reports_it_unreachable(browser):
    status = browser.wait_for_status(lambda s: s["last_error"] is not None, "a connection failure")
    assert status["connected"] is False
    assert status["hello"] is None
    # Firefox's own words (Chromium says "Specified native messaging host not found.").
    assert status["last_error"] == "No such native application com.dlpguard.host"
    assert status["config"]["failMode"] == "closed"


def test_without_a_host_a_clean_paste_is_blocked_with_a_banner_saying_why(tab):
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
