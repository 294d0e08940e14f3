"""Real Firefox ESR, the real add-on, the real native host answering in process (no tray app).

What each site saw is read from the page's own listeners (tests/e2e/pages/recorder.js): a value the
guard masks or blocks must never appear there, not even in a capture-phase listener on `window`.
"""

from __future__ import annotations

import json

import pytest

from dlpguard.bridge.manifests import FIREFOX_EXTENSION_ID
from tests.e2e.conftest import (
    AWS_KEY,
    AWS_SECRET,
    CARD,
    CARD_MASKED,
    CLEAN,
    POLICY_MASK_CARDS,
    english,
)
from tests.e2e_firefox.conftest import ADDON_ID, ChatPage, guard_firefox, requires_firefox

pytestmark = [pytest.mark.e2e, requires_firefox]

#: The third group of the card: present in the clear value, absent from the masked one.
CARD_MIDDLE = "0343"


@pytest.fixture(scope="module")
def browser(page_server, make_profile, firefox_extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_firefox(profile, firefox_extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


def assert_never_reached_the_page(chat: ChatPage, *values: str) -> None:
    observed = chat.page_observed()
    for value in values:
        assert value not in observed, "a guarded value reached the page's script"


def assert_no_empty_field_words(text: str) -> None:
    """The host sends `reason: ""`: a dialog once showed it as a line reading "null"."""
    words = set(text.split())
    assert not {"null", "undefined"} & words, text


# -- the wiring -------------------------------------------------------------------------------------------


def test_the_unsigned_addon_is_installed_enabled_and_its_host_answers_with_the_policy(browser):
    addon = browser.addon()
    assert (addon["id"], addon["isActive"], addon["userDisabled"]) == (ADDON_ID, True, False)
    assert ADDON_ID == FIREFOX_EXTENSION_ID
    manifest = json.loads(browser.profile.manifest_path.read_text(encoding="utf-8"))
    assert manifest["allowed_extensions"] == [ADDON_ID]
    assert "allowed_origins" not in manifest  # Firefox's manifest names add-ons, not origins
    status = browser.status()
    assert status["connected"] is True
    assert status["hello"]["served_by"] == "native-host"  # no tray app in this module
    assert (status["policy"]["version"], status["policy"]["fail_mode"]) == (3, "closed")


# -- paste ------------------------------------------------------------------------------------------------


def test_an_aws_key_pasted_into_claude_is_held_blocked_and_the_page_gets_nothing(tab):
    chat = tab("claude")
    chat.paste(f"use {AWS_KEY} for the deploy")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    assert AWS_KEY not in dialog  # the overlay previews the value partly masked
    assert_no_empty_field_words(dialog)
    chat.press("Enter")  # OK has the focus: the dialog is keyboard-operable
    chat.wait_for_dialog_closed()
    assert chat.editor_text() == ""
    assert chat.editor_has_focus()
    assert not {"paste", "input", "beforeinput"} & chat.seen_types()
    assert_never_reached_the_page(chat, AWS_KEY)


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
    chat.click_send()
    assert chat.wait_for_sent() == [f"card {CARD_MASKED} please"]
    assert_never_reached_the_page(chat, CARD_MIDDLE)


@pytest.mark.parametrize("site", ["chatgpt", "deepseek"])
def test_a_clean_paste_arrives_unchanged_and_is_sent(tab, site):
    chat = tab(site)
    chat.paste(CLEAN)
    chat.wait_for_editor(CLEAN)
    chat.press("Enter")
    assert chat.wait_for_sent() == [CLEAN]
    overlay = chat.overlay()
    assert (overlay.dialogs, overlay.alerts) == ((), ())


# -- typed and sent ---------------------------------------------------------------------------------------


def test_an_aws_key_typed_and_submitted_with_enter_is_blocked(tab):
    chat = tab("chatgpt")
    chat.type(f"deploy with {AWS_KEY} please")
    chat.press("Enter")
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    assert "aws access key" in dialog
    assert_no_empty_field_words(dialog)
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.sent() == []
    # The typed text stays for the user to fix; the page's Enter handler never ran.
    assert chat.editor_text() == f"deploy with {AWS_KEY} please"
    assert chat.editor_has_focus()
    enter_seen = [e for e in chat.seen() if e["type"] == "keydown" and e["key"] == "Enter"]
    assert all(e["target"] == "DLPGUARD-UI" for e in enter_seen), "the page saw the blocked Enter"
    assert "submit" not in chat.seen_types()


def test_clean_text_typed_into_claude_is_sent_with_the_send_button(tab):
    chat = tab("claude")
    chat.type(CLEAN)
    chat.click_send()
    assert chat.wait_for_sent() == [CLEAN]
    assert chat.editor_text() == ""


# -- files ------------------------------------------------------------------------------------------------

ENV_FILE = f"AWS_ACCESS_KEY_ID={AWS_KEY}\nAWS_SECRET_ACCESS_KEY={AWS_SECRET}\n"
CSV_FILE = f"name,card\nMaria,{CARD}\n"
CSV_MASKED = f"name,card\nMaria,{CARD_MASKED}\n"


def test_a_text_file_with_a_key_chosen_in_the_file_input_is_blocked_before_the_page_reads_it(tab, tmp_path):
    chat = tab("chatgpt")
    keys = tmp_path / "deploy.txt"
    keys.write_text(ENV_FILE, encoding="utf-8")
    chat.choose_file("#upload-files", keys)
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", "deploy.txt") in dialog
    assert_no_empty_field_words(dialog)
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert chat.files() == []
    assert "change" not in chat.seen_types()
    assert_never_reached_the_page(chat, AWS_KEY, AWS_SECRET)


def test_a_csv_chosen_in_the_file_input_is_uploaded_masked(tab, tmp_path):
    chat = tab("chatgpt")
    customers = tmp_path / "customers.csv"
    customers.write_text(CSV_FILE, encoding="utf-8")
    chat.choose_file("#upload-files", customers)
    assert chat.wait_for_files() == [{"via": "input", "name": "customers.csv", "text": CSV_MASKED}]
    assert_never_reached_the_page(chat, CARD_MIDDLE)


def test_a_dropped_env_file_with_a_secret_is_blocked_before_the_page_reads_it(tab):
    chat = tab("claude")
    chat.drop_file(".env", ENV_FILE)
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", ".env") in dialog
    chat.press("Enter")
    chat.wait_for_dialog_closed()
    assert "drop" not in chat.seen_types()
    assert chat.files() == []
    assert_never_reached_the_page(chat, AWS_KEY, AWS_SECRET)


# -- the incident log -------------------------------------------------------------------------------------


def test_a_block_in_firefox_is_in_the_incident_log_without_its_values(browser, tab):
    chat = tab("claude")
    chat.paste(ENV_FILE)
    chat.wait_for_dialog()
    listed = browser.profile.dlpguard("incidents", "list", "--json", "--limit", "500").stdout
    records = [json.loads(line) for line in listed.splitlines()]
    newest = next(r for r in records if r["site"] == "claude.ai")
    assert (newest["source"], newest["event"], newest["action"]) == ("browser", "paste", "block")
    assert set(newest["counts_by_entity"]) == {"AWS_ACCESS_KEY", "AWS_SECRET_KEY"}
    raw = b"".join(p.read_bytes() for p in browser.profile.data_dir.rglob("*") if p.is_file())
    for value in (AWS_KEY, AWS_SECRET):
        assert value not in listed
        assert value.encode() not in raw
    assert browser.profile.dlpguard("incidents", "verify").returncode == 0
