"""docs/protocol.schema.json is built from the protocol models: requests as the host accepts them,
replies as it writes them, one `$defs` entry per message type."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from dlpguard.bridge.protocol import (
    REQUEST_MODELS,
    DecisionRecordedReply,
    ErrorCode,
    ErrorReply,
    FindingOut,
    HelloOkReply,
    Limits,
    OverrideRules,
    PolicySummary,
    ReplacementOut,
    RestoredReply,
    VerdictOverride,
    VerdictReply,
    encode_reply,
)
from dlpguard.bridge.schema_export import message_type, protocol_schema, render_protocol_schema, reply_models
from tests.bridge.conftest import schema_errors

SUMMARY = PolicySummary(
    version=3,
    fail_mode="closed",
    verdict_timeout_ms=1500,
    simulation=False,
    guarded_sites=["chatgpt.com"],
    allowlisted_sites=[],
    override=OverrideRules(allow=True, require_justification=True, min_justification_chars=10),
    limits=Limits(max_scan_chars=5_000_000, max_request_bytes=8 << 20, max_reply_bytes=1 << 20),
)
#: The smallest reply of each type: every field left at its default is still written on the wire.
REPLIES: list[BaseModel] = [
    HelloOkReply(id="1", served_by="app", engine_mode="loading", policy=SUMMARY),
    VerdictReply(
        id="2",
        served_by="native-host",
        action="mask",
        would_action="mask",
        simulated=False,
        findings=[
            FindingOut(
                entity_type="EMAIL_ADDRESS",
                category="contact",
                start=3,
                end=9,
                score=1.0,
                recognizer="EmailRecognizer",
                action="mask",
            )
        ],
        finding_count=1,
        replacements=[
            ReplacementOut(
                start=3, end=9, replacement="<EMAIL_1>", entity_type="EMAIL_ADDRESS", operator="pseudonymise"
            )
        ],
        override=VerdictOverride(allowed=True, justification_required=False, min_justification_chars=0),
        policy_version=3,
        elapsed_ms=1.5,
    ),
    DecisionRecordedReply(id="3", served_by="app", incident_id=None, recorded=False, allowed=True),
    RestoredReply(id="4", served_by="app", text="Dear Ann", restored=1, unknown=[]),
    ErrorReply(id=None, served_by="native-host", code=ErrorCode.BAD_JSON, message="not JSON"),
]


@pytest.fixture(scope="module")
def generated() -> dict:
    return protocol_schema()


def test_the_schema_is_a_valid_draft_2020_12_schema(generated):
    Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_each_message_is_one_definition_named_by_its_type(generated):
    defs = generated["$defs"]
    listed = {
        kind: [r["$ref"].removeprefix("#/$defs/") for r in defs[kind]["oneOf"]]
        for kind in ("request", "reply")
    }
    assert listed["request"] == list(REQUEST_MODELS)
    assert listed["reply"] == [message_type(m) for m in reply_models()]
    for kind, model in REQUEST_MODELS.items():
        assert defs[kind]["properties"]["type"]["const"] == kind
        assert defs[kind]["additionalProperties"] is False, f"{model.__name__} must refuse unknown fields"


def test_requests_require_exactly_the_fields_without_a_default(generated):
    for kind, model in REQUEST_MODELS.items():
        required = [name for name, field in model.model_fields.items() if field.is_required()]
        assert generated["$defs"][kind]["required"] == required


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: type(r).__name__)
def test_replies_require_every_field_the_host_writes(reply, generated):
    written = json.loads(encode_reply(reply))
    assert generated["$defs"][written["type"]]["required"] == list(written)
    assert schema_errors(generated, written, "reply") == []
    for field in written:
        assert schema_errors(generated, {k: v for k, v in written.items() if k != field}, "reply") != []


def test_reply_defaults_are_left_out_so_a_release_does_not_change_the_schema():
    assert '"default"' not in json.dumps(protocol_schema()["$defs"]["hello_ok"])


def test_enums_are_written_inline():
    schema = protocol_schema()
    assert schema["$defs"]["error"]["properties"]["code"]["enum"] == [c.value for c in ErrorCode]
    assert not any(name[0].isupper() for name in schema["$defs"]), "every definition has a wire name"


def test_parts_of_replies_get_wire_names(generated):
    assert generated["$defs"]["verdict"]["properties"]["findings"]["items"] == {"$ref": "#/$defs/finding"}
    assert generated["$defs"]["hello_ok"]["properties"]["policy"] == {"$ref": "#/$defs/policy_summary"}


def test_the_rendered_file_is_stable_indented_json():
    text = render_protocol_schema()
    assert text == render_protocol_schema()
    assert text.endswith("}\n") and json.loads(text) == protocol_schema()
