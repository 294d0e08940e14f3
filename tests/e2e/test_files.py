"""Files of every kind go through the host (real Chromium, extension, host): DOCX, PDF, XLSX, PPTX and ZIP
chosen in a file input or dropped, plain text under names that do not say text (.dat, .bak, .rtf, none),
and screenshots pasted or uploaded. One with an AWS key is blocked before the page reads it; a clean one
reaches the page byte for byte."""

from __future__ import annotations

import base64

import pytest

from tests.e2e.conftest import (
    AWS_KEY,
    POLICY_MASK_CARDS,
    ChatPage,
    english,
    guard_browser,
    requires_chromium,
)
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


# -- every document kind, chosen or dropped --------------------------------------------------------------

KEY_LINE = f"aws_access_key_id = {AWS_KEY}"

#: name, MIME type, a builder for a file holding `text`. Named after what they are; the host reads them
#: by content.
DOCUMENTS = {
    "docx": ("deploy.docx", DOCX_MIME, lambda text: builders.docx("Deployment notes", text)),
    "pdf": ("deploy.pdf", "application/pdf", lambda text: builders.pdf(text)),
    "xlsx": (
        "deploy.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda text: builders.xlsx([["note"], [text]]),
    ),
    "pptx": (
        "deploy.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        lambda text: builders.pptx("Deployment", text),
    ),
    "zip": ("deploy.zip", "application/zip", lambda text: builders.zip_of({"notes/a.txt": text.encode()})),
}

#: Plain text under names that do not say text: read by content, never by name.
TEXT_NAMES = ["deploy.dat", "deploy.bak", "deploy.rtf", "deploy"]

CLEAN_LINE = "Soup on Friday, salad on Monday."


def choose(chat: ChatPage, name: str, mime: str, data: bytes) -> None:
    chat.page.set_input_files("#upload-files", files=[{"name": name, "mimeType": mime, "buffer": data}])


def drop_bytes(chat: ChatPage, name: str, mime: str, data: bytes) -> None:
    """A drop of a file with these exact bytes onto the prompt box (see ChatPage.drop_file)."""
    chat.page.evaluate(
        """([name, mime, b64]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], name, {type: mime}));
            const editor = window.__site.editor;
            const box = editor.getBoundingClientRect();
            const init = {bubbles: true, cancelable: true, composed: true, dataTransfer: data,
                          clientX: box.x + 4, clientY: box.y + 4};
            editor.dispatchEvent(new DragEvent('dragover', init));
            editor.dispatchEvent(new DragEvent('drop', init));
        }""",
        [name, mime, base64.b64encode(data).decode()],
    )


def assert_blocked(chat: ChatPage, name: str) -> None:
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", name) in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.files() == [], f"the page read the blocked {name}"
    assert "drop" not in chat.seen_types()
    assert AWS_KEY not in chat.page_observed()


def assert_handed_over(chat: ChatPage, via: str, name: str, data: bytes) -> None:
    [handed] = chat.wait_for_files()
    assert (handed["via"], handed["name"]) == (via, name)
    assert handed["text"] == data.decode("utf-8", "replace")  # the very bytes chosen
    assert chat.overlay().dialogs == ()


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("via", ["input", "drop"])
def test_a_document_with_a_key_is_blocked_and_a_clean_one_passes_unchanged(tab, kind, via):
    name, mime, build = DOCUMENTS[kind]
    hand = choose if via == "input" else drop_bytes
    chat = tab("chatgpt" if via == "input" else "claude")
    hand(chat, name, mime, build(KEY_LINE))
    assert_blocked(chat, name)
    clean = build(CLEAN_LINE)
    hand(chat, f"menu.{kind}", mime, clean)
    assert_handed_over(chat, via, f"menu.{kind}", clean)


@pytest.mark.parametrize("name", TEXT_NAMES)
def test_plain_text_under_any_name_is_read_by_content(tab, name):
    chat = tab("claude")
    drop_bytes(chat, name, "application/octet-stream", f"{KEY_LINE}\n".encode())
    assert_blocked(chat, name)
    clean = f"{CLEAN_LINE}\n".encode()
    drop_bytes(chat, name, "application/octet-stream", clean)
    assert_handed_over(chat, "drop", name, clean)


# -- screenshots --------------------------------------------------------------------------------------------


#: A terminal screenshot: the host reads it with OCR (Tesseract).
SCREENSHOT_OF_A_KEY = builders.text_image(["$ cat ~/.aws/credentials", builders.AWS_LINE])


def paste_image(chat: ChatPage, png: bytes) -> None:
    """A trusted Ctrl+V of a clipboard holding only an image (a screenshot)."""
    chat.page.bring_to_front()
    chat.page.evaluate(
        """async (b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const blob = new Blob([bytes], {type: 'image/png'});
            await navigator.clipboard.write([new ClipboardItem({'image/png': blob})]);
        }""",
        base64.b64encode(png).decode(),
    )
    chat.focus_editor()
    chat.page.keyboard.press("Control+V")


def test_a_screenshot_of_a_key_pasted_is_blocked_and_a_clean_one_goes_in(tab):
    chat = tab("claude")
    paste_image(chat, SCREENSHOT_OF_A_KEY)
    dialog = chat.wait_for_dialog()
    assert english("overlay_title_block") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.files() == [] and "paste" not in chat.seen_types()
    paste_image(chat, builders.text_image(["Lunch menu: soup on Friday"]))
    [handed] = chat.wait_for_files()
    assert handed["via"] == "paste"


def test_a_screenshot_of_a_key_uploaded_is_blocked_and_a_clean_one_passes_unchanged(tab):
    chat = tab("chatgpt")
    choose(chat, "shot.png", "image/png", SCREENSHOT_OF_A_KEY)
    dialog = chat.wait_for_dialog()
    assert english("overlay_intro_block_file", "shot.png") in dialog
    chat.press("Escape")
    chat.wait_for_dialog_closed()
    assert chat.files() == []
    clean = builders.text_image(["Lunch menu: soup on Friday"])
    choose(chat, "menu.png", "image/png", clean)
    assert_handed_over(chat, "input", "menu.png", clean)
