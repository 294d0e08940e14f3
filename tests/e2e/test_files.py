"""Files of every kind go through the host: a DOCX with an AWS key chosen in a file input is blocked
before the page reads it; a clean DOCX reaches the page byte for byte (real Chromium, extension, host)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AWS_KEY, POLICY_MASK_CARDS, english, guard_browser, requires_chromium
from tests.extract import builders

pytestmark = [pytest.mark.e2e, requires_chromium]


@pytest.fixture(scope="module")
def browser(playwright, make_profile, extension_dir):
    profile = make_profile(POLICY_MASK_CARDS)
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_docx_with_an_aws_key_is_blocked_and_a_clean_one_passes_unchanged(tab):
    chat = tab("chatgpt")
    secret = builders.docx("Deployment notes", f"aws_access_key_id = {AWS_KEY}")
    chat.page.set_input_files(
        "#upload-files", files=[{"name": "deploy.docx", "mimeType": DOCX_MIME, "buffer": secret}]
    )
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", "deploy.docx") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.files() == [], "the page read the blocked document"
    assert AWS_KEY not in chat.page_observed()

    clean = builders.docx("Lunch menu", "Soup on Friday")
    chat.page.set_input_files(
        "#upload-files", files=[{"name": "menu.docx", "mimeType": DOCX_MIME, "buffer": clean}]
    )
    [handed] = chat.wait_for_files()
    assert (handed["via"], handed["name"]) == ("input", "menu.docx")
    # The page read the very bytes chosen (the recorder reads them as UTF-8 text, as a page might).
    assert handed["text"] == clean.decode("utf-8", "replace")
