"""docs/protocol.schema.json, built from the pydantic models in protocol.py (the one source of the contract).

The extension checks every host reply against this schema, and both test suites validate real messages
with it, so it must say what the models say. Requests are described as the host *accepts* them
(validation mode: optional fields may be absent); replies as the host *writes* them (serialization mode:
`encode_reply` dumps every field, so every field is required). Each message is one `$defs` entry named
by its `type`, and `$defs/request` / `$defs/reply` list them; enums are written inline.

Regenerate the committed file with `python -m dlpguard.bridge.regenerate`.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, models_json_schema
from pydantic_core import CoreSchema, core_schema

from dlpguard.bridge.protocol import PROTOCOL_VERSION, REQUEST_MODELS, Reply

SCHEMA_ID = f"https://dlpguard.example/schemas/bridge-v{PROTOCOL_VERSION}.json"
_REF_PREFIX = "#/$defs/"


class _WireSchema(GenerateJsonSchema):
    """Pydantic's generator, adjusted to the wire: replies carry every field, fields need no titles."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        return True if self.mode == "serialization" else super().field_is_required(field, total)

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        # A default in a reply is the sender's business (and `app_version`'s would change every release).
        if self.mode == "serialization":
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)

    def field_title_should_be_set(self, schema: CoreSchema | Any) -> bool:
        return False


def message_type(model: type[BaseModel]) -> str:
    """The `type` a message model carries: its `Literal` annotation's one value."""
    (value,) = typing.get_args(model.model_fields["type"].annotation)
    return str(value)


def reply_models() -> tuple[type[BaseModel], ...]:
    return typing.get_args(Reply)


def _def_name(model_name: str, message_names: dict[str, str]) -> str:
    """`HelloOkReply` -> `hello_ok` (its type); a part such as `FindingOut` -> `finding`."""
    if model_name in message_names:
        return message_names[model_name]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model_name.removesuffix("Out")).lower()


def _rewrite_refs(node: Any, renamed: dict[str, str], enums: dict[str, JsonSchemaValue]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
            name = ref.removeprefix(_REF_PREFIX)
            if name in enums:  # an enum inline: `error.properties.code.enum` reads as the list it is
                return {**enums[name], **{k: v for k, v in node.items() if k != "$ref"}}
            node = {**node, "$ref": _REF_PREFIX + renamed[name]}
        return {key: _rewrite_refs(value, renamed, enums) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(item, renamed, enums) for item in node]
    return node


def _one_of(names: Iterable[str]) -> JsonSchemaValue:
    return {"oneOf": [{"$ref": _REF_PREFIX + name} for name in names]}


def protocol_schema() -> dict[str, Any]:
    """The bridge protocol as a JSON Schema (draft 2020-12): requests and replies, one `$defs` entry each."""
    requests = list(REQUEST_MODELS.values())
    replies = list(reply_models())
    modes: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        *((model, "validation") for model in requests),
        *((model, "serialization") for model in replies),
    ]
    _, generated = models_json_schema(
        modes, ref_template=_REF_PREFIX + "{model}", schema_generator=_WireSchema
    )
    defs: dict[str, JsonSchemaValue] = generated["$defs"]
    message_names = {model.__name__: message_type(model) for model in (*requests, *replies)}
    enums = {name: {k: v for k, v in d.items() if k != "title"} for name, d in defs.items() if "enum" in d}
    renamed = {name: _def_name(name, message_names) for name in defs if name not in enums}
    if len(set(renamed.values())) != len(renamed):
        raise ValueError(f"two protocol models map to one schema name: {sorted(renamed.items())}")
    if {"request", "reply"} & set(renamed.values()):
        raise ValueError("a protocol model may not be called Request or Reply: those names list the messages")

    ordered = [message_names[m.__name__] for m in (*requests, *replies)]
    parts = sorted(name for name in renamed.values() if name not in ordered)
    by_name = {renamed[name]: _rewrite_refs(d, renamed, enums) for name, d in defs.items() if name in renamed}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": "Generated from dlpguard/bridge/protocol.py by `python -m dlpguard.bridge.regenerate`; "
        "do not edit.",
        "title": f"DLP Guard bridge protocol, version {PROTOCOL_VERSION}",
        "description": "Every message on the native-messaging pipe and the local socket (docs/protocol.md). "
        "Requests go from the extension to the host, replies back. Offsets are UTF-16 code units.",
        "oneOf": [{"$ref": _REF_PREFIX + kind} for kind in ("request", "reply")],
        "$defs": {
            "request": _one_of(message_type(m) for m in requests),
            "reply": _one_of(message_type(m) for m in replies),
            **{name: by_name[name] for name in (*ordered, *parts)},
        },
    }


def render_protocol_schema() -> str:
    """The committed file's text: the schema as indented JSON, non-ASCII kept, with a final newline."""
    return json.dumps(protocol_schema(), indent=2, ensure_ascii=False) + "\n"
