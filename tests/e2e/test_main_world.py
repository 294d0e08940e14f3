"""Real Chromium, the real extension and native host: the main-world tripwire on the chat API.

`pages/chatgpt_api.html` is the copied ChatGPT page whose send goes through ChatGPT's chat API
(`POST /backend-api/conversation`, a streamed answer), plus a page script that calls that API itself from
a button outside the composer, bypassing every event the interceptor holds: the path "we did not
foresee". The API is answered by a route handler here, which records every body that reaches it: a
blocked request must never arrive there.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

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

SITE = Site(
    "chatgpt-api", "https://chatgpt.com/", "chatgpt_api.html", "#prompt-textarea", "[data-testid=send-button]"
)
API_PATH = "/backend-api/conversation"
#: What the copied API streams back (server-sent events, as ChatGPT's does).
ANSWER = 'data: {"message": "first part"}\n\ndata: {"message": "second part"}\n\ndata: [DONE]\n\n'
#: A public IP address: `network` findings warn under the default rules.
WARN_TEXT = "ssh to 8.8.4.4 now"


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        recorder = (PAGES / "recorder.js").read_text(encoding="utf-8")
        html = (PAGES / SITE.page).read_text(encoding="utf-8")
        guard.api_bodies = []  # type: ignore[attr-defined]

        def serve(route: Any) -> None:
            path = urlsplit(route.request.url).path
            if path == "/__e2e/recorder.js":
                route.fulfill(status=200, content_type="text/javascript", body=recorder)
            elif path == API_PATH and route.request.method == "POST":
                guard.api_bodies.append(route.request.post_data or "")  # type: ignore[attr-defined]
                route.fulfill(status=200, content_type="text/event-stream", body=ANSWER)
            elif route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.fulfill(status=404, body="")

        guard.context.route(f"{SITE.origin}/**", serve)  # after conftest's: takes precedence
        guard.wait_for_hello()
        yield guard


@pytest.fixture
def chat(browser):
    page = browser.context.new_page()
    page.goto(SITE.url)
    page.wait_for_function("window.__ready === true")
    browser.api_bodies.clear()
    yield ChatPage(page, SITE, browser.context.new_cdp_session(page))
    page.close()


def api_messages(browser) -> list[str]:
    """The user messages of every request that reached the chat API."""
    return [json.loads(body)["messages"][0]["content"]["parts"][0] for body in browser.api_bodies]


def wait_for_api_outcome(chat: ChatPage, count: int = 1) -> list[dict[str, Any]]:
    """The page's own record of its API calls (sent with the answer read, or the error it got)."""
    try:
        chat.page.wait_for_function("n => window.__api.length >= n", arg=count, timeout=WAIT_SECONDS * 1000)
    except Exception as exc:
        raise AssertionError(f"the page's API call never ended; overlay {chat.overlay()}") from exc
    return list(chat.page.evaluate("window.__api"))


def send_through_the_api(chat: ChatPage, text: str, via: str = "fetch") -> None:
    """The page's script calls the chat API itself (a click on a button outside the composer)."""
    chat.page.evaluate("([text, via]) => { window.__apiText = text; window.__apiVia = via; }", [text, via])
    chat.page.click("#api-send")


def incident_count(browser, entity: str) -> int:
    listed = browser.profile.dlpguard("incidents", "list", "--json", "--limit", "500").stdout
    return sum(1 for line in listed.splitlines() if entity in json.loads(line)["counts_by_entity"])


@pytest.mark.parametrize("via, failure", [("fetch", "TypeError"), ("xhr", "error")])
def test_a_key_the_page_sends_through_the_chat_api_itself_is_blocked(browser, chat, via, failure):
    text = f"deploy with {AWS_KEY} please"
    send_through_the_api(chat, text, via)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    chat.press("Enter")  # OK
    chat.wait_for_dialog_closed()
    (outcome,) = wait_for_api_outcome(chat)
    assert outcome["outcome"] == failure  # as a network error looks to the page
    assert browser.api_bodies == [], "the blocked request reached the API"
    assert chat.sent() == []


def test_clean_text_the_page_sends_itself_goes_through_with_its_streamed_answer(browser, chat):
    send_through_the_api(chat, CLEAN)
    (outcome,) = wait_for_api_outcome(chat)
    assert outcome == {"text": CLEAN, "outcome": "sent", "answer": ANSWER}
    assert api_messages(browser) == [CLEAN]
    assert not chat.overlay().dialogs


def test_a_typed_send_is_checked_once_by_the_composer_and_its_api_request_goes_unasked(browser, chat):
    """A warning answered "Send anyway" in the composer: were the API request checked again, a second
    dialog would hold it and a second incident would be recorded."""
    before = incident_count(browser, "IP_ADDRESS")
    chat.type(WARN_TEXT)
    chat.press("Enter")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_warn") in dialog
    chat.press("Tab")
    chat.press("Tab")
    chat.press("Enter")  # Send anyway (a warning needs no reason)
    chat.wait_for_dialog_closed()
    (outcome,) = wait_for_api_outcome(chat)
    assert outcome == {"text": WARN_TEXT, "outcome": "sent", "answer": ANSWER}
    assert chat.sent() == [WARN_TEXT]
    assert api_messages(browser) == [WARN_TEXT]
    assert not chat.overlay().dialogs
    assert incident_count(browser, "IP_ADDRESS") == before + 1


def test_clean_text_typed_and_sent_reaches_the_api_once(browser, chat):
    chat.type(CLEAN)
    chat.press("Enter")
    (outcome,) = wait_for_api_outcome(chat)
    assert outcome["outcome"] == "sent"
    assert api_messages(browser) == [CLEAN]
    assert chat.sent() == [CLEAN]
