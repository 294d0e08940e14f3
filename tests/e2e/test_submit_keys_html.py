"""Real Chromium, the real extension and native host: Enter with a modifier, and HTML-only clipboards.

The copied chat pages send on any Enter without Shift, whatever the other modifiers (as careless sites
do); the clipboard is written with the async Clipboard API holding only a `text/html` flavour, so the
value is only in the HTML's hidden parts.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    CLEAN,
    POLICY_MASK_CARDS,
    ChatPage,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


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


@pytest.mark.parametrize("keys", ["Control+Enter", "Alt+Enter"])
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


def test_a_clean_html_only_paste_goes_in_as_its_text(tab):
    chat = tab("chatgpt")
    paste_html(chat, '<p>Hello <b>there</b></p><img src="https://example.invalid/c.png" alt="a cat">')
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
