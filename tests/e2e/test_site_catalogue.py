"""Every AI destination, in real Chromium: the catalogue's sites with their other domains and subdomains,
sites that were not on the old hand-kept list, and chat boxes inside iframes (same-origin, about:srcdoc,
and a chat embedded in an unlisted page). The manifests' matches come from the generated catalogue, so a
guard that runs here runs because the catalogue says so.

Pages are served under the real addresses by request routing (conftest's `_serve_pages`); this module adds
routes of its own, registered later so they take precedence, for the extra addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import (
    CARD,
    CARD_MASKED,
    CLEAN,
    PAGES,
    POLICY_MASK_CARDS,
    WAIT_SECONDS,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

CARD_MIDDLE = "0343"

#: A page on a site no catalogue row names, embedding a chat from one that does.
NEWS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>News</title></head><body>
<h1>Today</h1><textarea id="comment"></textarea>
<iframe id="chat" src="https://chat.qwen.ai/embed" width="700" height="300"></iframe>
<script>window.__ready = true;</script></body></html>"""

#: A chat page whose composer is a same-origin iframe (src) and a second one written inline (srcdoc).
IFRAME_HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>ChatGPT</title></head><body>
<iframe id="composer" src="/c/framed" width="800" height="260"></iframe>
<iframe id="inline" width="800" height="200"
        srcdoc="&lt;textarea id=&quot;box&quot;&gt;&lt;/textarea&gt;"></iframe>
<script>window.__ready = true;</script></body></html>"""


def _route_page(context: Any, url_glob: str, html_for: Callable[[str], str]) -> None:
    recorder = (PAGES / "recorder.js").read_text(encoding="utf-8")

    def handle(route: Any) -> None:
        url = route.request.url
        if url.split("?")[0].endswith("/__e2e/recorder.js"):
            route.fulfill(status=200, content_type="text/javascript", body=recorder)
        elif route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html_for(url))
        else:
            route.fulfill(status=404, body="")

    context.route(url_glob, handle)


#: Other domains of listed services (the catalogue matches a domain with its subdomains).
OTHER_DOMAINS = ("www.claude.ai", "deepseek.com", "www.deepseek.com", "chat.openai.com", "kimi.com")

#: AI sites that were not on the old hand-kept list; each is a catalogue row now.
NEW_AI_SITES = (
    "kimi.moonshot.cn",
    "www.doubao.com",
    "chatglm.cn",
    "yiyan.baidu.com",
    "you.com",
    "duck.ai",
    "aistudio.google.com",
    "notebooklm.google.com",
    "chat.z.ai",
)


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        context = guard.context
        chatgpt = (PAGES / "chatgpt.html").read_text(encoding="utf-8")
        textarea_chat = (PAGES / "deepseek.html").read_text(encoding="utf-8")  # a plain textarea composer
        _route_page(context, "https://www.chatgpt.com/**", lambda _url: chatgpt)
        _route_page(context, "https://chat.qwen.ai/**", lambda _url: textarea_chat)
        for host in (*OTHER_DOMAINS, *NEW_AI_SITES):
            _route_page(context, f"https://{host}/**", lambda _url: textarea_chat)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"https://{host}")
        _route_page(context, "https://news.example/**", lambda _url: NEWS_PAGE)
        _route_page(
            context,
            "https://chatgpt.com/**",
            lambda url: IFRAME_HOST_PAGE if "/__e2e/iframe-host" in url else chatgpt,
        )
        for origin in (
            "https://www.chatgpt.com",
            "https://chat.qwen.ai",
            "https://news.example",
            "https://chatgpt.com",
        ):
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        guard.wait_for_hello()
        yield guard


@pytest.fixture
def open_page(browser):
    pages: list[Any] = []

    def open_(url: str) -> Any:
        page = browser.context.new_page()
        pages.append(page)
        page.goto(url)
        page.wait_for_function("window.__ready === true")
        return page

    yield open_
    for page in pages:
        page.close()


def _paste_into(page: Any, frame: Any, selector: str, text: str) -> None:
    """A trusted Ctrl+V into `selector` of `frame` (the top page writes the clipboard)."""
    page.bring_to_front()
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    frame.click(selector)
    page.keyboard.press("Control+V")


def _wait_for_value(frame: Any, selector: str, expected: str) -> None:
    script = """([selector, expected]) => {
        const el = document.querySelector(selector);
        const text = el && (el.value ?? el.innerText.replace(/\\n$/, ''));
        return text === expected;
    }"""
    try:
        frame.wait_for_function(script, arg=[selector, expected], timeout=WAIT_SECONDS * 1000)
    except Exception as exc:
        got = frame.evaluate(
            "s => { const el = document.querySelector(s); return el && (el.value ?? el.innerText); }",
            selector,
        )
        raise AssertionError(f"{selector} never held {expected!r}; it holds {got!r}") from exc


def _assert_stays(page: Any, frame: Any, selector: str, expected: str) -> None:
    """Still exactly `expected` a moment later: one guard acted on the paste, once."""
    page.wait_for_timeout(400)
    _wait_for_value(frame, selector, expected)


def _child(page: Any, predicate: Callable[[Any], bool]) -> Any:
    for frame in page.frames:
        if frame is not page.main_frame and predicate(frame):
            return frame
    raise AssertionError(f"no such frame among {[f.url for f in page.frames]}")


def test_www_chatgpt_is_guarded(open_page):
    page = open_page("https://www.chatgpt.com/")
    _paste_into(page, page.main_frame, "#prompt-textarea", f"card {CARD} please")
    _wait_for_value(page.main_frame, "#prompt-textarea", f"card {CARD_MASKED} please")
    assert CARD_MIDDLE not in page.evaluate("JSON.stringify(window.__seen)")


def test_a_site_missing_from_the_old_list_is_guarded_and_clean_text_passes(open_page):
    page = open_page("https://chat.qwen.ai/")
    _paste_into(page, page.main_frame, "#chat-input", f"card {CARD}")
    _wait_for_value(page.main_frame, "#chat-input", f"card {CARD_MASKED}")
    page.evaluate("window.__site.clear()")
    _paste_into(page, page.main_frame, "#chat-input", CLEAN)
    _wait_for_value(page.main_frame, "#chat-input", CLEAN)
    page.keyboard.press("Enter")
    page.wait_for_function("window.__sent.length >= 1", timeout=WAIT_SECONDS * 1000)
    assert page.evaluate("window.__sent") == [CLEAN]
    assert CARD_MIDDLE not in page.evaluate("JSON.stringify(window.__seen)")


def test_a_chat_box_in_a_same_origin_iframe_is_guarded(open_page):
    page = open_page("https://chatgpt.com/__e2e/iframe-host")
    frame = _child(page, lambda f: f.url.endswith("/c/framed"))
    frame.wait_for_function("window.__ready === true")
    _paste_into(page, frame, "#prompt-textarea", f"card {CARD} please")
    _wait_for_value(frame, "#prompt-textarea", f"card {CARD_MASKED} please")
    _assert_stays(page, frame, "#prompt-textarea", f"card {CARD_MASKED} please")
    assert CARD_MIDDLE not in frame.evaluate("JSON.stringify(window.__seen)")
    # Sent from the frame: the masked text, once (the send path works from a subframe too).
    frame.click("[data-testid=send-button]")
    frame.wait_for_function("window.__sent.length >= 1", timeout=WAIT_SECONDS * 1000)
    assert frame.evaluate("window.__sent") == [f"card {CARD_MASKED} please"]


def test_a_textarea_in_an_inline_srcdoc_frame_of_a_guarded_page_is_guarded(open_page):
    page = open_page("https://chatgpt.com/__e2e/iframe-host")
    frame = _child(page, lambda f: f.url == "about:srcdoc")
    _paste_into(page, frame, "#box", f"card {CARD}")
    _wait_for_value(frame, "#box", f"card {CARD_MASKED}")
    _assert_stays(page, frame, "#box", f"card {CARD_MASKED}")


def test_a_catalogue_chat_embedded_in_an_unlisted_page_is_guarded_and_the_page_is_not(open_page):
    page = open_page("https://news.example/")
    frame = _child(page, lambda f: f.url.startswith("https://chat.qwen.ai/"))
    frame.wait_for_function("window.__ready === true")
    _paste_into(page, frame, "#chat-input", f"card {CARD}")
    _wait_for_value(frame, "#chat-input", f"card {CARD_MASKED}")
    assert CARD_MIDDLE not in frame.evaluate("JSON.stringify(window.__seen)")
    # The unlisted page around it gets no guard: its own box takes the paste unchanged.
    _paste_into(page, page.main_frame, "#comment", f"card {CARD}")
    _wait_for_value(page.main_frame, "#comment", f"card {CARD}")


@pytest.mark.parametrize("host", [*OTHER_DOMAINS, *NEW_AI_SITES])
def test_every_domain_of_a_catalogue_service_is_guarded_and_clean_text_passes(open_page, host):
    """A plain textarea composer (the generic adapter where the site has none of its own)."""
    page = open_page(f"https://{host}/")
    _paste_into(page, page.main_frame, "#chat-input", f"card {CARD}")
    _wait_for_value(page.main_frame, "#chat-input", f"card {CARD_MASKED}")
    assert CARD_MIDDLE not in page.evaluate("JSON.stringify(window.__seen)")
    page.evaluate("window.__site.clear()")
    _paste_into(page, page.main_frame, "#chat-input", CLEAN)
    _wait_for_value(page.main_frame, "#chat-input", CLEAN)
