"""Decoding requests into codes, and the pydantic models agreeing with docs/protocol.schema.json."""

from __future__ import annotations

import json
import typing

import pytest

from dlpguard.bridge.handlers import HANDLERS
from dlpguard.bridge.protocol import (
    REQUEST_MODELS,
    DecisionRecordedReply,
    ErrorCode,
    ErrorReply,
    FileVerdictReply,
    HelloOkReply,
    ProtocolError,
    RestoredReply,
    UploadAckReply,
    VerdictReply,
    VisitCountedReply,
    decode_request,
    encode_reply,
    error_reply,
    peek_id,
    readable_id,
)
from tests.bridge.conftest import schema_errors

VALID_REQUESTS = [
    {"v": 1, "id": "h1", "type": "hello", "extension_version": "0.1.0"},
    {"v": 1, "id": "h2", "type": "hello", "extension_version": "0.1.0", "browser": "firefox"},
    {"v": 1, "id": "s1", "type": "scan", "text": "hi", "event": "paste"},
    {
        "v": 1,
        "id": "s2",
        "type": "scan",
        "text": "🧑‍💻 𝕏",
        "site": "chatgpt.com",
        "url": "https://chatgpt.com/c/1",
        "event": "submit",
        "conversation_id": "tab-7",
    },
    {"v": 1, "id": "s3", "type": "scan", "text": "", "site": None, "event": "upload"},
    {"v": 1, "id": "d1", "type": "decision", "incident_id": "abc", "user_action": "cancel"},
    {
        "v": 1,
        "id": "d2",
        "type": "decision",
        "incident_id": None,
        "user_action": "send_anyway",
        "justification": "customer asked for it",
    },
    {"v": 1, "id": "r1", "type": "restore", "conversation_id": "tab-7", "text": "Dear <PERSON_1>"},
]


@pytest.mark.parametrize("message", VALID_REQUESTS, ids=lambda m: m["id"])
def test_valid_requests_decode_and_match_the_schema(message, schema):
    decoded = decode_request(json.dumps(message).encode())
    assert decoded.type == message["type"] and decoded.id == message["id"]
    assert schema_errors(schema, message, "request") == []


INVALID_JSON_LEVEL = [
    ("not-an-object", [1, 2], ErrorCode.INVALID_MESSAGE),
    ("missing-v", {"id": "x", "type": "hello", "extension_version": "1"}, ErrorCode.INVALID_MESSAGE),
    (
        "v-as-string",
        {"v": "1", "id": "x", "type": "hello", "extension_version": "1"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "v-as-bool",
        {"v": True, "id": "x", "type": "hello", "extension_version": "1"},
        ErrorCode.INVALID_MESSAGE,
    ),
    ("v2", {"v": 2, "id": "x", "type": "hello", "extension_version": "1"}, ErrorCode.UNSUPPORTED_VERSION),
    ("v0", {"v": 0, "id": "x", "type": "scan"}, ErrorCode.UNSUPPORTED_VERSION),
    ("missing-type", {"v": 1, "id": "x"}, ErrorCode.INVALID_MESSAGE),
    ("type-not-string", {"v": 1, "id": "x", "type": 3}, ErrorCode.INVALID_MESSAGE),
    ("unknown-type", {"v": 1, "id": "x", "type": "exfiltrate"}, ErrorCode.UNKNOWN_TYPE),
    ("reply-type-as-request", {"v": 1, "id": "x", "type": "verdict"}, ErrorCode.UNKNOWN_TYPE),
    ("missing-id", {"v": 1, "type": "hello", "extension_version": "1"}, ErrorCode.INVALID_MESSAGE),
    ("empty-id", {"v": 1, "id": "", "type": "hello", "extension_version": "1"}, ErrorCode.INVALID_MESSAGE),
    ("numeric-id", {"v": 1, "id": 5, "type": "hello", "extension_version": "1"}, ErrorCode.INVALID_MESSAGE),
    (
        "long-id",
        {"v": 1, "id": "i" * 129, "type": "hello", "extension_version": "1"},
        ErrorCode.INVALID_MESSAGE,
    ),
    ("scan-missing-text", {"v": 1, "id": "x", "type": "scan", "event": "paste"}, ErrorCode.INVALID_MESSAGE),
    ("scan-missing-event", {"v": 1, "id": "x", "type": "scan", "text": "t"}, ErrorCode.INVALID_MESSAGE),
    (
        "scan-bad-event",
        {"v": 1, "id": "x", "type": "scan", "text": "t", "event": "type"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "scan-text-number",
        {"v": 1, "id": "x", "type": "scan", "text": 5, "event": "paste"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "scan-unknown-field",
        {"v": 1, "id": "x", "type": "scan", "text": "t", "event": "paste", "txet": "t"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "decision-bad-action",
        {"v": 1, "id": "x", "type": "decision", "incident_id": "i", "user_action": "ignore"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "decision-missing-incident",
        {"v": 1, "id": "x", "type": "decision", "user_action": "cancel"},
        ErrorCode.INVALID_MESSAGE,
    ),
    (
        "restore-missing-conversation",
        {"v": 1, "id": "x", "type": "restore", "text": "t"},
        ErrorCode.INVALID_MESSAGE,
    ),
    ("hello-missing-version", {"v": 1, "id": "x", "type": "hello"}, ErrorCode.INVALID_MESSAGE),
]


@pytest.mark.parametrize(
    "message, code", [c[1:] for c in INVALID_JSON_LEVEL], ids=[c[0] for c in INVALID_JSON_LEVEL]
)
def test_malformed_messages_get_their_code_and_fail_the_schema(message, code, schema):
    with pytest.raises(ProtocolError) as caught:
        decode_request(json.dumps(message).encode())
    assert caught.value.code is code
    assert schema_errors(schema, message, "request") != []


@pytest.mark.parametrize(
    "payload, code",
    [
        (b"", ErrorCode.BAD_FRAME),
        (b"\xff\xfe{}", ErrorCode.BAD_UTF8),
        (b'{"v":1,"text":"caf' + b"\xe9" + b'"}', ErrorCode.BAD_UTF8),  # Latin-1, not UTF-8
        (b"\xef\xbb\xbf{}", ErrorCode.BAD_JSON),  # a BOM is not JSON
        (b"{nope", ErrorCode.BAD_JSON),
        (b'{"v": 1, "id": "x"', ErrorCode.BAD_JSON),
        (b'{"v": NaN}', ErrorCode.BAD_JSON),
        (b"[" * 100_000 + b"]" * 100_000, ErrorCode.BAD_JSON),  # nested too deeply
        (
            b'{"v": 1, "v": 1, "id": "x", "type": "hello", "extension_version": "1"}',
            ErrorCode.INVALID_MESSAGE,
        ),
        (b'{"v":1,"id":"x","type":"scan","text":"\\ud83d","event":"paste"}', None),
    ],
    ids=[
        "empty",
        "bad-utf8",
        "latin1",
        "bom",
        "garbage",
        "cut-short",
        "nan",
        "deep",
        "duplicate-key",
        "lone-surrogate",
    ],
)
def test_bytes_level_problems_get_their_code(payload, code):
    if code is None:  # a lone surrogate escaped in JSON is a valid JavaScript string: accepted
        assert decode_request(payload).type == "scan"
        return
    with pytest.raises(ProtocolError) as caught:
        decode_request(payload)
    assert caught.value.code is code


def test_error_messages_name_fields_never_values():
    secret = "sk-proj-Q7vX2mKp9LwR4tYz8NcB3hJd"
    with pytest.raises(ProtocolError) as caught:
        decode_request(
            json.dumps({"v": 1, "id": "x", "type": "scan", "text": [secret], "event": secret}).encode()
        )
    message = str(caught.value)
    assert "text" in message and "event" in message
    assert secret not in message


def test_the_id_is_echoed_whenever_it_can_be_read():
    with pytest.raises(ProtocolError) as caught:
        decode_request(b'{"v": 3, "id": "keep-me", "type": "scan"}')
    assert caught.value.message_id == "keep-me"
    assert peek_id(b'{"v": 1, "id": "keep-me"}') == "keep-me"
    assert peek_id(b"\xff") is None and peek_id(b"[]") is None


def test_one_table_serves_exactly_the_request_types_the_schema_defines(schema):
    in_schema = {ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["request"]["oneOf"]}
    assert set(HANDLERS) == set(REQUEST_MODELS) == in_schema


def test_every_reply_model_has_its_definition_in_the_schema(schema):
    in_schema = {ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["reply"]["oneOf"]}
    models = [
        HelloOkReply,
        VerdictReply,
        DecisionRecordedReply,
        RestoredReply,
        UploadAckReply,
        FileVerdictReply,
        VisitCountedReply,
        ErrorReply,
    ]
    kinds = {typing.get_args(m.model_fields["type"].annotation)[0] for m in models}
    assert kinds == in_schema
    assert set(ErrorCode) == set(schema["$defs"]["error"]["properties"]["code"]["enum"])


def test_replies_with_lone_surrogates_are_sent_as_ascii_json():
    reply = RestoredReply(id="r", served_by="app", text="half \ud83d of a pair", restored=0, unknown=[])
    payload = encode_reply(reply)
    payload.decode("ascii")
    assert json.loads(payload)["text"] == "half \ud83d of a pair"


def test_replies_are_utf8_json_not_escaped():
    reply = RestoredReply(id="r", served_by="app", text="🧑‍💻 café", restored=0, unknown=[])
    assert "🧑‍💻 café".encode() in encode_reply(reply)


@pytest.mark.parametrize(
    ("value", "readable"),
    [
        ("a", True),
        ("i" * 128, True),
        ("a\x00b", True),
        ("🧑‍💻", True),
        ("\ud800", False),  # a lone surrogate: JSON can spell it, UTF-8 cannot carry it back
        ("x\udfff", False),
        ("", False),
        ("i" * 129, False),
        (7, False),
        (None, False),
    ],
)
def test_an_id_is_echoed_only_when_a_reply_can_carry_it(value, readable):
    assert readable_id(value) == (value if readable else None)


def test_a_request_whose_id_holds_a_lone_surrogate_is_refused_with_a_null_id():
    payload = b'{"v":1,"id":"\\ud800","type":"hello","extension_version":"1"}'
    assert peek_id(payload) is None
    with pytest.raises(ProtocolError) as caught:
        decode_request(payload)
    assert (caught.value.code, caught.value.message_id) == (ErrorCode.INVALID_MESSAGE, None)
    assert "lone surrogate" in str(caught.value)
    reply = error_reply(ErrorCode.INTERNAL, "x", "\ud800", "app")  # never raises, whatever the id
    assert json.loads(encode_reply(reply))["id"] is None
