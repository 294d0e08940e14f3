"""Real Chromium, the real extension, the real native host answering in process (no tray app).

What each site saw is read from the page's own listeners (pages/recorder.js): a value the guard
masks or blocks must never appear there, not even in a capture-phase listener on `window`.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    AWS_SECRET,
    CARD,
    CARD_MASKED,
    CLEAN,
    EMAIL,
    POLICY_MASK_CARDS,
    WAIT_SECONDS,
    ChatPage,
    english,
    guard_browser,
    requires_chromium,
)

pytestmark = [pytest.mark.e2e, requires_chromium]

#: The third group of the card: present in the clear value, absent from the masked one.
CARD_MIDDLE = "0343"


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


def assert_never_reached_the_page(chat: ChatPage, *values: str) -> None:
    observed = chat.page_observed()
    for value in values:
        assert value not in observed, "a guarded value reached the page's script"


# -- the wiring -------------------------------------------------------------------------------------------


def test_the_installed_host_answers_the_extension_with_the_policy_in_force(browser):
    manifest = json.loads(browser.profile.manifest_path.read_text(encoding="utf-8"))
    assert manifest["allowed_origins"] == [f"chrome-extension://{browser.extension_id}/"]
    status = browser.status()
    assert status["connected"] is True
    assert status["hello"]["served_by"] == "native-host"  # no tray app in this module
    assert (status["policy"]["version"], status["policy"]["fail_mode"]) == (3, "closed")


# -- paste ------------------------------------------------------------------------------------------------


def test_a_card_pasted_into_chatgpt_is_masked_before_the_page_sees_it(tab):
    chat = tab("chatgpt")
    chat.paste(f"card {CARD} please")
    chat.wait_for_editor(f"card {CARD_MASKED} please")
    assert "paste" not in chat.seen_types()  # the page's paste listeners never ran
    inserted = [e["data"] for e in chat.seen() if e["type"] == "input" and e["phase"] == "document-bubble"]
    assert inserted == [f"card {CARD_MASKED} please"]
    assert_never_reached_the_page(chat, CARD, CARD_MIDDLE)
    notice = chat.wait_for_overlay(lambda o: bool(o.statuses), "the masked notice")
    assert english("notice_masked", 1) in notice.statuses[0]
    # Sending it now sends the masked text: it is clean, so it goes without a dialog.
    chat.click_send()
    assert chat.wait_for_sent() == [f"card {CARD_MASKED} please"]
    assert_never_reached_the_page(chat, CARD_MIDDLE)


def test_an_emoji_before_the_card_still_masks_exactly_the_card_digits(tab):
    chat = tab("chatgpt")
    chat.paste(f"🧑‍💻 card {CARD} ok")
    # 🧑‍💻 is three code points and five UTF-16 units: wrong offsets would cut into it or the digits.
    chat.wait_for_editor(f"🧑‍💻 card {CARD_MASKED} ok")
    assert_never_reached_the_page(chat, CARD, CARD_MIDDLE)


def test_a_card_pasted_into_the_deepseek_textarea_is_masked(tab):
    chat = tab("deepseek")
    chat.paste(f"refund to {CARD}")
    chat.wait_for_editor(f"refund to {CARD_MASKED}")
    assert "paste" not in chat.seen_types()
    assert_never_reached_the_page(chat, CARD, CARD_MIDDLE)


def test_an_aws_key_pasted_into_claude_is_blocked_and_nothing_goes_in(tab):
    chat = tab("claude")
    chat.paste(f"use {AWS_KEY} for the deploy")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    assert AWS_KEY not in dialog  # the overlay previews the value partly masked
    chat.press("Enter")  # OK has the focus: the dialog is keyboard-operable
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert chat.editor_has_focus()
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()
    assert_never_reached_the_page(chat, AWS_KEY)


# -- typed and sent ---------------------------------------------------------------------------------------


def test_an_aws_key_typed_and_submitted_with_enter_is_blocked(tab):
    chat = tab("chatgpt")
    chat.type(f"deploy with {AWS_KEY} please")
    chat.press("Enter")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []
    # The typed text stays for the user to fix; the page's Enter handler never ran.
    assert chat.editor_text() == f"deploy with {AWS_KEY} please"
    assert chat.editor_has_focus()
    enter_seen = [e for e in chat.seen() if e["type"] == "keydown" and e["key"] == "Enter"]
    assert all(e["target"] == "DLPGUARD-UI" for e in enter_seen), "the page saw the blocked Enter"
    assert "submit" not in chat.seen_types()


def test_an_email_typed_into_claude_is_masked_on_send_and_sent_masked_only_when_sent_again(tab):
    chat = tab("claude")
    chat.type(f"mail {EMAIL} today")
    chat.click_send()
    chat.wait_for_editor("mail <EMAIL_ADDRESS_1> today")
    assert chat.sent() == []  # the policy masked it: the user sees the masked message first
    chat.click_send()
    assert chat.wait_for_sent() == ["mail <EMAIL_ADDRESS_1> today"]


@pytest.mark.parametrize(
    "site, how",
    [
        ("chatgpt", "type+enter"),
        ("chatgpt", "paste+button"),
        ("deepseek", "paste+enter"),
        ("deepseek", "type+button"),
        ("claude", "paste+button"),
        ("claude", "type+enter"),
    ],
)
def test_clean_text_passes_untouched(tab, site, how):
    chat = tab(site)
    put, submit = how.split("+")
    if put == "paste":
        chat.paste(CLEAN)
        chat.wait_for_editor(CLEAN)
    else:
        chat.type(CLEAN)
    if submit == "enter":
        chat.press("Enter")
    else:
        chat.click_send()
    assert chat.wait_for_sent() == [CLEAN]
    assert chat.editor_text() == ""
    overlay = chat.overlay()
    assert (overlay.dialogs, overlay.alerts) == ((), ())


# -- files ------------------------------------------------------------------------------------------------

ENV_FILE = f"AWS_ACCESS_KEY_ID={AWS_KEY}\nAWS_SECRET_ACCESS_KEY={AWS_SECRET}\n"
CSV_FILE = f"name,card\nMaria,{CARD}\n"
CSV_MASKED = f"name,card\nMaria,{CARD_MASKED}\n"
NOTES_FILE = f"{CLEAN}\n- item one\n- item two\n"


def test_a_dropped_env_file_with_a_secret_is_blocked_before_the_page_reads_it(tab):
    chat = tab("chatgpt")
    chat.drop_file(".env", ENV_FILE)
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", ".env") in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert "drop" not in chat.seen_types()
    assert chat.files() == []
    assert_never_reached_the_page(chat, AWS_KEY, AWS_SECRET)


@pytest.mark.parametrize(
    "name, content, handed_over",
    [("customers.csv", CSV_FILE, CSV_MASKED), ("notes.txt", NOTES_FILE, NOTES_FILE)],
    ids=["card-masked", "clean-unchanged"],
)
def test_a_dropped_text_file_reaches_the_page_masked_or_unchanged(tab, name, content, handed_over):
    chat = tab("claude")
    chat.drop_file(name, content)
    assert chat.wait_for_files() == [{"via": "drop", "name": name, "text": handed_over}]
    assert_never_reached_the_page(chat, CARD_MIDDLE)


def test_a_csv_chosen_in_the_file_input_is_uploaded_masked(tab):
    chat = tab("chatgpt")
    chat.page.set_input_files(
        "#upload-files",
        files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": CSV_FILE.encode()}],
    )
    assert chat.wait_for_files() == [{"via": "input", "name": "customers.csv", "text": CSV_MASKED}]
    assert_never_reached_the_page(chat, CARD_MIDDLE)


# -- warn: the dialog, by keyboard only ---------------------------------------------------------------------

#: A public IP address: `network` findings warn under the default rules.
WARN_TEXT = "ssh to 8.8.4.4 now"
JUSTIFICATION = "needed for the outage runbook review"


@pytest.mark.parametrize(
    "choice, steps, inserted",
    [
        ("cancel", [("press", "Escape")], ""),
        ("send_masked", [("press", "Tab"), ("press", "Enter")], "ssh to <IP_ADDRESS_1> now"),
        # A warning needs no reason (the engine asks for one only to override a block).
        ("send_anyway", [("press", "Tab"), ("press", "Tab"), ("press", "Enter")], WARN_TEXT),
    ],
    ids=["escape-cancels", "send-masked", "send-anyway"],
)
def test_a_warning_is_answered_with_the_keyboard_and_the_choice_is_recorded(
    browser, tab, choice, steps, inserted
):
    chat = tab("chatgpt")
    chat.paste(WARN_TEXT)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_warn") in dialog
    assert english("button_send_masked") in dialog
    for action, value in steps:
        if action == "press":
            chat.press(value)
        else:
            chat.page.keyboard.type(value)
    chat.wait_for_dialog_closed()
    chat.wait_for_editor(inserted)
    assert chat.editor_has_focus()
    if choice != "send_anyway":
        assert_never_reached_the_page(chat, "8.8.4.4")
    newest = wait_for_incident(
        browser, lambda r: "IP_ADDRESS" in r["counts_by_entity"] and r["decision"] != "none"
    )
    assert newest["decision"] == choice


#: A US SSN: `government_id` blocks under the default rules, and `override.allow` (default true, "the user
#: may send a blocked text anyway") lets the user override it with a justification of 10+ characters.
SSN_TEXT = "my ssn is 536-22-4817 thanks"


def test_a_block_the_policy_lets_users_override_offers_send_anyway_with_a_reason(browser, tab):
    chat = tab("chatgpt")
    chat.paste(SSN_TEXT)
    dialog = chat.wait_for_dialog()
    assert english("button_send_anyway") in dialog  # fails today: the block dialog has only OK
    # Cancel has the focus; Send anyway… is the last button: Shift+Tab wraps to it. It asks why first.
    chat.press("Shift+Tab")
    chat.press("Enter")
    chat.page.keyboard.type(JUSTIFICATION)
    chat.press("Shift+Tab")  # from the reason box, wrapping to the confirm button
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    chat.wait_for_editor(SSN_TEXT)
    assert JUSTIFICATION not in chat.page_observed()  # typed in the guard's UI, never seen by the page
    newest = wait_for_incident(
        browser, lambda r: "US_SSN" in r["counts_by_entity"] and r["decision"] != "none"
    )
    assert (newest["decision"], newest["justification"]) == ("send_anyway", JUSTIFICATION)


# -- the record -------------------------------------------------------------------------------------------


def incidents(browser) -> list[dict]:
    listed = browser.profile.dlpguard("incidents", "list", "--json", "--limit", "500").stdout
    return [json.loads(line) for line in listed.splitlines()]


def wait_for_incident(browser, predicate) -> dict:
    """The newest incident matching `predicate` (decisions are recorded a moment after the choice)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        newest = incidents(browser)[0]
        if predicate(newest):
            return newest
        if time.monotonic() > deadline:
            raise AssertionError(f"the newest incident never matched: {newest}")
        time.sleep(0.2)


def test_blocked_and_masked_texts_are_in_the_incident_log_without_their_values(browser, tab):
    blocked = tab("claude")
    blocked.paste(ENV_FILE)
    blocked.wait_for_dialog()
    masked = tab("deepseek")
    masked.paste(f"mail {EMAIL} card {CARD}")
    masked.wait_for_editor(f"mail <EMAIL_ADDRESS_1> card {CARD_MASKED}")

    records = incidents(browser)
    by_site = {r["site"]: r for r in reversed(records)}  # the newest per site wins
    assert (by_site["claude.ai"]["action"], by_site["claude.ai"]["event"]) == ("block", "paste")
    assert set(by_site["claude.ai"]["counts_by_entity"]) == {"AWS_ACCESS_KEY", "AWS_SECRET_KEY"}
    assert by_site["chat.deepseek.com"]["action"] == "mask"
    assert set(by_site["chat.deepseek.com"]["counts_by_entity"]) == {"EMAIL_ADDRESS", "CREDIT_CARD"}
    assert {r["source"] for r in records} == {"browser"}
    listed = json.dumps(records)
    raw = b"".join(p.read_bytes() for p in browser.profile.data_dir.rglob("*") if p.is_file())
    for value in (AWS_KEY, AWS_SECRET, CARD, CARD.replace(" ", ""), EMAIL):
        assert value not in listed
        assert value.encode() not in raw
    assert browser.profile.dlpguard("incidents", "verify").returncode == 0


def test_each_page_load_of_an_ai_site_is_counted_per_service_without_its_address(browser, tab):
    """The shadow-AI picture: the admin sees which services were opened and how often, nothing else."""

    def visits() -> dict[str, int]:
        listed = browser.profile.dlpguard("incidents", "visits", "--json").stdout
        return {row["service"]: row["visits"] for row in json.loads(listed)}

    before = visits()
    tab("deepseek")
    tab("deepseek")
    tab("claude")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        now = visits()
        grown = {s: now.get(s, 0) - before.get(s, 0) for s in now}
        if grown.get("deepseek") == 2 and grown.get("claude") == 1:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"visits never counted: {before} -> {now}")
        time.sleep(0.2)
    daily = browser.profile.dlpguard("incidents", "visits", "--daily", "--json").stdout
    assert "/new" not in daily and "https" not in daily  # no path, no address
