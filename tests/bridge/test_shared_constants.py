"""extension/src/common/generated.js: each value as Python uses it, written as JavaScript."""

from __future__ import annotations

import itertools
import json

import pytest

from dlpguard.bridge.protocol import ErrorCode, ProtocolError, decode_request
from dlpguard.bridge.schema_export import protocol_schema
from dlpguard.bridge.shared_constants import (
    SharedConstant,
    category_order,
    js_literal,
    render_js_module,
    request_field_max_lengths,
    shared_constants,
)
from dlpguard.engine.resolve import resolve_overlaps
from dlpguard.engine.types import Category, Finding
from dlpguard.policy.sites import normalise_site_pattern

#: The smallest valid request of each type, to stretch one field at a time.
MINIMAL_REQUESTS = {
    "hello": {"v": 1, "id": "1", "type": "hello", "extension_version": "0.1.0"},
    "scan": {"v": 1, "id": "1", "type": "scan", "text": "", "event": "paste"},
    "decision": {"v": 1, "id": "1", "type": "decision", "incident_id": None, "user_action": "cancel"},
    "restore": {"v": 1, "id": "1", "type": "restore", "conversation_id": "c", "text": ""},
}


def constants() -> dict[str, object]:
    return {c.name: c.value for c in shared_constants()}


@pytest.mark.parametrize("harmful, milder", list(itertools.pairwise(category_order())))
def test_the_category_order_is_the_one_overlap_resolution_uses(harmful, milder):
    """Of two findings on the same span with the same score, the engine keeps the more harmful one."""
    findings = [
        Finding("A", Category(milder), 0, 5, 0.8, "r1"),
        Finding("B", Category(harmful), 0, 5, 0.8, "r2"),
    ]
    assert [f.category for f in resolve_overlaps(findings)] == [harmful]


def test_every_category_has_its_place():
    assert sorted(category_order()) == sorted(c.value for c in Category)


LIMITED_FIELDS = [
    (kind, name)
    for kind in MINIMAL_REQUESTS
    for name in protocol_schema()["$defs"][kind]["properties"]
    if name in request_field_max_lengths()
]


@pytest.mark.parametrize("kind, name", LIMITED_FIELDS)
def test_field_limits_are_the_ones_the_host_enforces(kind, name):
    """At the limit a request decodes; one character more is `invalid_message`."""
    limit = request_field_max_lengths()[name]
    at_limit = {**MINIMAL_REQUESTS[kind], name: "x" * limit}
    decode_request(json.dumps(at_limit).encode())
    with pytest.raises(ProtocolError) as caught:
        decode_request(json.dumps({**at_limit, name: "x" * (limit + 1)}).encode())
    assert caught.value.code is ErrorCode.INVALID_MESSAGE


def test_every_limited_request_field_is_listed():
    assert set(request_field_max_lengths()) == {
        "id",
        "extension_version",
        "browser",
        "site",
        "url",
        "conversation_id",
        "incident_id",
        "justification",
        "data",
        "name",
    }


def test_built_in_sites_are_site_patterns_as_the_policy_writes_them():
    sites = constants()["BUILTIN_GUARDED_SITES"]
    assert sites and all(normalise_site_pattern(s) == s for s in sites)
    assert len(set(sites)) == len(sites)


def test_defaults_are_values_the_protocol_can_carry():
    values = constants()
    assert values["DEFAULT_FAIL_MODE"] in values["FAIL_MODES"]
    assert isinstance(values["DEFAULT_VERDICT_TIMEOUT_MS"], int) and values["DEFAULT_VERDICT_TIMEOUT_MS"] > 0
    assert values["MAX_REPLY_BYTES"] < values["MAX_REQUEST_BYTES"]


@pytest.mark.parametrize(
    "value, js",
    [
        (True, "true"),
        (7, "7"),
        ("com.dlpguard.host", "'com.dlpguard.host'"),
        ("it's a\\b", "'it\\'s a\\\\b'"),
        (("a", "b"), "Object.freeze(['a', 'b'])"),
        ({"id": 1, "two-words": 2}, "Object.freeze({ id: 1, 'two-words': 2 })"),
        ({}, "Object.freeze({})"),
    ],
)
def test_values_become_frozen_javascript_literals(value, js):
    assert js_literal(value) == js


@pytest.mark.parametrize("value", ["caf\u00e9", "line\nbreak", 1.5, None])
def test_values_javascript_could_misread_are_refused(value):
    with pytest.raises((ValueError, TypeError)):
        js_literal(value)


def test_the_module_exports_each_constant_once_with_its_source_and_fits_the_line_length():
    text = render_js_module()
    names = [c.name for c in shared_constants()]
    assert len(set(names)) == len(names)
    for name in names:
        assert text.count(f"export const {name} = ") == 1
    assert "do not edit" in text.split("*/", 1)[0]
    assert max(len(line) for line in text.splitlines()) <= 110


def test_a_long_list_is_written_one_item_a_line():
    constant = SharedConstant("SITES", tuple(f"site-{i}.example" for i in range(12)), "Sites", "here")
    text = render_js_module([constant])
    assert "export const SITES = Object.freeze([\n  'site-0.example',\n" in text
    assert text.endswith("  'site-11.example',\n]);\n")
