"""`upload_chunk` + `scan_file`: files through the handler table with the real engine and extractor."""

from __future__ import annotations

import base64
import textwrap

import pytest

from dlpguard.extract import ocr_status
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import POLICY, request
from tests.bridge.test_handlers import caller
from tests.extract import builders


@pytest.fixture
def dispatch_with_policy(bridge_env, schema):
    built = []

    def make(extra: str = ""):
        bridge_env.policy_path.write_text(POLICY + textwrap.dedent(extra), encoding="utf-8")
        built.append(GuardServices())
        return caller(built[-1], schema)

    yield make
    for services in built:
        services.close()


@pytest.fixture
def dispatch(dispatch_with_policy):
    return dispatch_with_policy()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def scan_file(message_id: str, data: bytes, **extra: object) -> bytes:
    fields = {"site": "chatgpt.com", "event": "upload", "name": "report.docx", "size": len(data), **extra}
    return request(id=message_id, type="scan_file", data=b64(data), **fields)


def test_a_docx_with_an_aws_key_is_blocked_and_the_reply_says_how_it_was_read(dispatch):
    reply = dispatch(scan_file("f", builders.docx("Quarterly notes", builders.AWS_LINE)))
    assert (reply["type"], reply["action"]) == ("file_verdict", "block")
    assert [f["entity_type"] for f in reply["findings"]] == ["AWS_ACCESS_KEY"]
    assert reply["file"]["kind"] == "docx" and reply["file"]["readable"] is True
    assert reply["file"]["rebuildable"] is False and reply["masked_text"] is None
    assert reply["incident_id"]


def test_a_clean_pdf_is_allowed(dispatch):
    reply = dispatch(scan_file("c", builders.pdf("Lunch menu for Friday", "Soup and bread")))
    assert (reply["action"], reply["findings"], reply["file"]["kind"]) == ("allow", [], "pdf")


def test_a_text_file_named_like_a_document_is_read_as_text_and_masked_in_place(dispatch_with_policy):
    dispatch = dispatch_with_policy("rules: {default: mask, categories: {secret: {action: mask}}}\n")
    data = f"notes\n{builders.AWS_LINE}\n".encode()
    reply = dispatch(scan_file("t", data, name="backup.dat"))
    assert (reply["action"], reply["file"]["kind"], reply["file"]["rebuildable"]) == ("mask", "text", True)
    assert builders.AWS_KEY not in reply["masked_text"] and reply["masked_text"].startswith("notes\n")


def test_a_document_to_be_masked_is_blocked_since_it_cannot_be_rebuilt(dispatch_with_policy):
    dispatch = dispatch_with_policy("rules: {categories: {secret: {action: mask}}}\n")
    reply = dispatch(scan_file("m", builders.docx(builders.AWS_LINE)))
    assert reply["action"] == "block" and "cannot be sent masked" in reply["reason"]


def test_chunks_in_order_make_the_file(dispatch):
    data = builders.xlsx([["name", "key"], ["ci", builders.AWS_LINE]])
    half = len(data) // 2
    first = dispatch(request(id="1", type="upload_chunk", upload_id="u1", offset=0, data=b64(data[:half])))
    assert (first["type"], first["received"]) == ("upload_ack", half)
    second = dispatch(
        request(id="2", type="upload_chunk", upload_id="u1", offset=half, data=b64(data[half:]))
    )
    assert second["received"] == len(data)
    reply = dispatch(
        request(id="3", type="scan_file", upload_id="u1", size=len(data), site="chatgpt.com", event="drop")
    )
    assert (reply["action"], reply["file"]["kind"]) == ("block", "xlsx")
    again = dispatch(
        request(id="4", type="scan_file", upload_id="u1", size=len(data), site="chatgpt.com", event="drop")
    )
    assert (again["type"], again["code"]) == ("error", "invalid_message")  # taken once


def test_a_chunk_out_of_order_or_a_wrong_size_is_refused_never_allowed(dispatch):
    out_of_order = dispatch(request(id="1", type="upload_chunk", upload_id="u2", offset=5, data="QUJD"))
    assert out_of_order["code"] == "invalid_message"
    wrong_size = dispatch(scan_file("2", b"hello", size=99))
    assert wrong_size["code"] == "invalid_message"
    not_base64 = dispatch(request(id="3", type="scan_file", data="**", size=1, event="upload"))
    assert not_base64["code"] == "invalid_message"
    both = dispatch(request(id="4", type="scan_file", data="QUJD", upload_id="x", size=3, event="upload"))
    assert both["code"] == "invalid_message"


@pytest.mark.parametrize(("setting", "action"), [("allow", "allow"), ("warn", "warn"), ("block", "block")])
def test_an_encrypted_pdf_follows_files_unreadable(dispatch_with_policy, setting, action):
    dispatch = dispatch_with_policy(f"files: {{unreadable: {setting}}}\n")
    reply = dispatch(scan_file("e", builders.pdf(builders.AWS_LINE, encrypt="secret")))
    assert reply["action"] == action
    assert reply["file"]["readable"] is False and "encrypted PDF" in reply["file"]["unreadable_reason"]


def test_a_zip_bomb_is_refused_with_a_reason_and_no_override(dispatch):
    reply = dispatch(scan_file("z", builders.zip_bomb(120)))
    assert reply["action"] == "block" and reply["override"]["allowed"] is False
    assert "zip bomb" in reply["file"]["refused"] and "zip bomb" in reply["reason"]


def test_a_file_over_the_policy_limit_is_too_large(dispatch_with_policy):
    dispatch = dispatch_with_policy("files: {max_bytes: 2048}\n")
    reply = dispatch(scan_file("big", b"x" * 4096))
    assert (reply["type"], reply["code"]) == ("error", "too_large")


def test_an_unguarded_site_gets_the_file_through_unread(dispatch):
    reply = dispatch(scan_file("u", builders.docx(builders.AWS_LINE), site="example.org"))
    assert (reply["action"], reply["reason"]) == ("allow", "site not guarded")


@pytest.mark.skipif(not ocr_status().available, reason="tesseract is not installed (./dev installs it)")
def test_a_screenshot_with_a_key_is_handled_like_text(dispatch):
    image = builders.text_image(["$ cat ~/.aws/credentials", builders.AWS_LINE])
    reply = dispatch(scan_file("img", image, name="Screenshot.png", event="paste"))
    assert (reply["action"], reply["file"]["kind"]) == ("block", "image")
    assert [f["entity_type"] for f in reply["findings"]] == ["AWS_ACCESS_KEY"]


def test_an_unknown_binary_warns_by_default_and_says_why(dispatch):
    reply = dispatch(scan_file("bin", bytes(range(256)) * 8, name="blob.dat"))
    assert reply["action"] == "warn" and "unknown binary format" in reply["reason"]
    assert reply["override"]["allowed"] is True
