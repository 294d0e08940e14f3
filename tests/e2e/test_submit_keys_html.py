"""Real Chromium, the real extension and native host: Enter with a modifier, sends that come from
`beforeinput` or keyup rather than keydown, and HTML-only clipboards.

The copied chat pages send on any Enter without Shift, whatever the other modifiers (as careless sites
do); `pages/richeditor.html` (served at a catalogue site with no adapter of its own) sends from
`beforeinput` insertParagraph, or with `?send=keyup` on Enter's keyup. The clipboard is written with the
async Clipboard API holding only a `text/html` flavour, so the value is only in the HTML's hidden parts.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CLEAN,
    PAGES,
    POLICY_MASK_CARDS,
    ChatPage,
    Site,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

RICH = Site("rich", "https://chat.z.ai/", "richeditor.html", "#editor", "#send")


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
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
        guard.wait_for_hello()
        yield guard


@pytest.fixture
def rich(browser):
    """`rich(query)`: the rich-editor page in a new tab."""
    pages: list[Any] = []

    def open_(query: str = "") -> ChatPage:
        page = browser.context.new_page()
        pages.append(page)
        page.goto(RICH.url + query)
        page.wait_for_function("window.__ready === true")
        return ChatPage(page, RICH, browser.context.new_cdp_session(page))

    yield open_
    for page in pages:
        page.close()


def paste_html(chat: ChatPage, html: str) -> None:
    """A trusted Ctrl+V of a clipboard that holds only text/html."""
    chat.page.bring_to_front()
    chat.page.evaluate(
        "html => navigator.clipboard.write("
        "[new ClipboardItem({'text/html': new Blob([html], {type: 'text/html'})})])",
        html,
    )
    chat.focus_editor()
    chat.page.keyboard.press("Control+V")


@pytest.mark.parametrize("keys", ["Control+Enter", "Meta+Enter", "Alt+Enter"])
def test_an_aws_key_sent_with_a_modified_enter_is_blocked(tab, keys):
    chat = tab("chatgpt")
    chat.type(f"deploy with {AWS_KEY} please")
    chat.press(keys)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []
    assert chat.editor_text() == f"deploy with {AWS_KEY} please"


def test_clean_text_sent_with_ctrl_enter_goes_once(tab):
    chat = tab("claude")
    chat.type(CLEAN)
    chat.press("Control+Enter")
    assert chat.wait_for_sent() == [CLEAN]
    chat.page.wait_for_timeout(300)
    assert chat.sent() == [CLEAN]


def test_an_html_only_paste_with_a_key_in_img_alt_is_blocked(tab):
    chat = tab("claude")
    paste_html(chat, f'<p>see the diagram</p><img src="https://example.invalid/d.png" alt="{AWS_KEY}">')
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()


#: HTML whose visible text is clean and whose hidden parts hold the key.
HIDDEN_IN_HTML = {
    "empty-a-href": f'<p>see <a href="https://deploy.example/?key={AWS_KEY}"></a>the runbook</p>',
    "style": f"<style>/* {AWS_KEY} */ p {{ color: red }}</style><p>see the runbook</p>",
    "title": f"<html><head><title>{AWS_KEY}</title></head><body><p>see the runbook</p></body></html>",
}


@pytest.mark.parametrize("where", HIDDEN_IN_HTML)
def test_an_html_only_paste_with_a_key_in_a_hidden_part_is_blocked(tab, where):
    chat = tab("chatgpt")
    paste_html(chat, HIDDEN_IN_HTML[where])
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()
    assert AWS_KEY not in chat.page_observed()


def test_a_clean_html_only_paste_goes_in_as_its_text(tab):
    chat = tab("chatgpt")
    paste_html(
        chat,
        '<html><head><title>Notes</title><style>p { color: red }</style></head><body><p>Hello <b>there</b>'
        '<a href="https://example.invalid/menu"></a></p><img src="https://example.invalid/c.png" alt="cat">',
    )
    chat.wait_for_editor("Hello there")
    assert "paste" not in chat.seen_types()  # only the approved text, never the original event


def test_an_ime_confirming_enter_neither_sends_nor_is_blocked_and_the_next_enter_is_held(tab):
    """The input method's own Enter (keyCode 229 while composing, through the DevTools protocol as an
    IME delivers it) confirms the word; the careless page, which sends on any Enter, never sees it."""
    chat = tab("chatgpt")
    chat.type(f"key {AWS_KEY} ")
    chat.cdp.send("Input.imeSetComposition", {"text": "にほん", "selectionStart": 3, "selectionEnd": 3})
    chat.cdp.send(
        "Input.dispatchKeyEvent",
        {"type": "rawKeyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229},
    )
    chat.cdp.send("Input.insertText", {"text": "日本"})  # the IME commits its candidate
    chat.cdp.send(
        "Input.dispatchKeyEvent",
        {"type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13},
    )
    chat.wait_for_editor(f"key {AWS_KEY} 日本")
    chat.page.wait_for_timeout(300)
    assert chat.sent() == []
    assert chat.overlay().dialogs == ()
    composing = [e for e in chat.seen() if e["type"] == "keydown" and e["key"] == "Enter"]
    assert composing == [], "the page saw the IME's Enter"
    chat.press("Enter")  # an ordinary Enter now: held and checked
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []


# -- sends from beforeinput and keyup --------------------------------------------------------------------


def android_enter(chat: ChatPage) -> None:
    """Enter as a virtual keyboard sends it (keyCode 229, with the text it types): the keydown tells
    nothing, the editor's `beforeinput` insertParagraph is the send."""
    for kind in ("keyDown", "keyUp"):
        params = {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229}
        chat.cdp.send("Input.dispatchKeyEvent", {**params, "text": "\r"} if kind == "keyDown" else params)


def test_a_rich_editor_sending_from_beforeinput_is_held_with_a_key_and_sends_clean_text_once(rich):
    chat = rich()
    chat.type(f"deploy with {AWS_KEY} please")
    android_enter(chat)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []
    assert "insertParagraph" not in {e["inputType"] for e in chat.seen()}, "the editor saw the new line"
    assert chat.editor_text() == f"deploy with {AWS_KEY} please"

    clean = rich()
    clean.type(CLEAN)
    android_enter(clean)
    assert clean.wait_for_sent() == [CLEAN]
    again = rich()
    again.type(CLEAN)
    again.press("Enter")  # a real Enter: held at keydown, its replay reaches the editor's beforeinput
    assert again.wait_for_sent() == [CLEAN]
    again.page.wait_for_timeout(300)
    assert again.sent() == [CLEAN]


def test_a_site_sending_on_keyup_never_sees_the_keyup_of_a_held_enter(rich):
    chat = rich("?send=keyup")
    chat.type(f"deploy with {AWS_KEY} please")
    chat.press("Enter")
    chat.wait_for_dialog()
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []
    keyups = [e for e in chat.seen() if e["type"] == "keyup" and e["key"] == "Enter"]
    assert all(e["target"] == "DLPGUARD-UI" for e in keyups), "the page saw the held Enter's keyup"

    clean = rich("?send=keyup")
    clean.type(CLEAN)
    clean.press("Enter")
    assert clean.wait_for_sent() == [CLEAN]
    clean.page.wait_for_timeout(300)
    assert clean.sent() == [CLEAN]
