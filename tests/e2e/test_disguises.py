"""Disguised values in real Chromium: the extension, the real native host, the guard's normalisation.

Issue 10's row "zero-width characters other than U+200B, soft hyphen, look-alike letters, base64,
full-width digits, dotted card number, a letter glued before a card": each pasted value is held (a key
blocked, a card masked on exactly the characters the user pasted), and none reaches the page. Clean text
written the same ways (a soft hyphen, an emoji's joiner, Cyrillic words, base64 of prose, full-width and
dotted numbers that are no card) goes in unchanged.
"""

from __future__ import annotations

import base64

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    POLICY_MASK_CARDS,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

DISGUISED_KEYS = {
    "word-joiner": AWS_KEY[:4] + "\u2060" + AWS_KEY[4:12] + "\u200c" + AWS_KEY[12:],
    "zero-width-joiner-and-bom": AWS_KEY[:6] + "\u200d" + AWS_KEY[6:14] + "\ufeff" + AWS_KEY[14:],
    "soft-hyphen": AWS_KEY[:8] + "\u00ad" + AWS_KEY[8:],
    "cyrillic": "АКІА" + AWS_KEY[4:],
    "base64": base64.b64encode(f"aws_access_key_id={AWS_KEY}".encode()).decode(),
}

#: (pasted card, what the page gets): the partial mask keeps the separators the user typed.
DISGUISED_CARDS = {
    "dotted": ("4539.1488.0343.6467", "••••.••••.••••.6467"),
    "full-width": ("４５３９ １４８８ ０３４３ ６４６７", "•••• •••• •••• ６４６７"),
    "glued-letter": ("x4539148803436467", "x••••••••••••6467"),
}


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


@pytest.mark.parametrize("name", DISGUISED_KEYS)
def test_a_disguised_key_pasted_into_claude_is_blocked(tab, name):
    chat = tab("claude")
    chat.paste(f"use {DISGUISED_KEYS[name]} for the deploy")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    observed = chat.page_observed()
    assert DISGUISED_KEYS[name] not in observed and AWS_KEY[4:12] not in observed


@pytest.mark.parametrize("name", DISGUISED_CARDS)
def test_a_disguised_card_pasted_into_chatgpt_is_masked_on_what_was_pasted(tab, name):
    pasted, masked = DISGUISED_CARDS[name]
    chat = tab("chatgpt")
    chat.paste(f"card {pasted} please")
    chat.wait_for_editor(f"card {masked} please")
    assert pasted not in chat.page_observed()


#: Clean text with the same tricks: nothing in it may be held or changed.
CLEAN_LOOKALIKES = {
    "soft-hyphen": "Please re\u00adview the quar\u00adterly plan.",
    "emoji-joiner": "Great work 👩\u200d💻 on the release!",
    "cyrillic-prose": "Привет, как дела? Summarise this in English.",
    "base64-prose": "decode " + base64.b64encode(b"the meeting is at noon on Friday").decode(),
    "full-width-number": "Room ４０２, floor ３, order ＃１２３４５",
    "dotted-version": "release 2024.11.3, build 10.0.19045",
    "glued-letter": "ticket x41 and build b2024",
}


@pytest.mark.parametrize("name", CLEAN_LOOKALIKES)
def test_clean_text_written_the_same_ways_goes_in_unchanged(tab, name):
    chat = tab("deepseek")
    chat.paste(CLEAN_LOOKALIKES[name])
    chat.wait_for_editor(CLEAN_LOOKALIKES[name])
    overlay = chat.overlay()
    assert (overlay.dialogs, overlay.alerts) == ((), ())
