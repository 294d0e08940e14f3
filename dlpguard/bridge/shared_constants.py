"""extension/src/common/generated.js: the values the extension shares with Python, taken from Python.

The extension runs without Python, so it cannot ask for these at run time before the host answers, and
`node build.mjs` must work with Node alone: the module is committed, and a test fails while it is stale.
Each value is read from the place Python itself reads it (protocol models, framing limits, the default
policy, the engine's category priority, the host registration), never restated here.

Regenerate with `python -m dlpguard.bridge.regenerate`.
"""

from __future__ import annotations

import re
import textwrap
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES, MAX_OUTBOUND_BYTES
from dlpguard.bridge.manifests import HOST_NAME
from dlpguard.bridge.protocol import PROTOCOL_VERSION, REQUEST_MODELS, ScanEvent, UserAction, VerdictAction
from dlpguard.bridge.schema_export import message_type, protocol_schema, reply_models
from dlpguard.engine.fallback import fallback_known_values, fallback_rules
from dlpguard.engine.resolve import PRIORITY
from dlpguard.engine.types import Category
from dlpguard.policy.catalogue import catalogue
from dlpguard.policy.defaults import default_policy
from dlpguard.policy.schema import FailMode
from dlpguard.policy.sites import split_site

JS_MODULE = "extension/src/common/generated.js"
#: The same values for the content scripts, which are classic scripts (a manifest cannot declare modules).
CONTENT_SCRIPT = "extension/src/content/shared.js"
REGENERATE = "python -m dlpguard.bridge.regenerate"
_LINE = 110  # the repository's line length (ruff's, and the extension's own style)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")

JsValue = bool | int | str | tuple["JsValue", ...] | list["JsValue"] | Mapping[str, "JsValue"]


@dataclass(frozen=True, slots=True)
class SharedConstant:
    """One `export const` of the generated module: what it is, and where Python keeps it."""

    name: str
    value: JsValue
    doc: str
    source: str


def category_order() -> tuple[str, ...]:
    """Categories from the most to the least harmful: the engine's overlap priority."""
    missing = set(Category) - set(PRIORITY)
    if missing:
        raise ValueError(f"dlpguard/engine/resolve.py PRIORITY lacks categories {sorted(missing)}")
    return tuple(str(c) for c in sorted(PRIORITY, key=PRIORITY.__getitem__))


def request_field_max_lengths() -> dict[str, int]:
    """Field name -> the longest string a request may carry there, as the models say (same for every
    request that has the field; a field that differed between requests would need a per-type table)."""
    defs = protocol_schema()["$defs"]
    limits: dict[str, int] = {}
    for kind in REQUEST_MODELS:
        for field, spec in defs[kind]["properties"].items():
            lengths = {s["maxLength"] for s in (spec, *spec.get("anyOf", ())) if "maxLength" in s}
            for length in lengths:
                if limits.setdefault(field, length) != length:
                    raise ValueError(f"request field {field!r} has the limits {limits[field]} and {length}")
    return limits


def ai_services() -> tuple[dict[str, JsValue], ...]:
    """The AI site catalogue's rows as the extension reads them (notes stay in the YAML)."""
    return tuple(
        {
            "id": s.id,
            "name": s.name,
            "domains": s.domains,
            "vendor": s.vendor,
            "jurisdiction": s.jurisdiction,
        }
        for s in catalogue().services
    )


def content_script_matches() -> tuple[str, ...]:
    """Browser match patterns for every catalogue host and the hosts under it (`https://chatgpt.com/*`,
    `https://*.chatgpt.com/*`): the manifests' content-script `matches` and `host_permissions`. Always
    the whole host: a path-qualified domain (`x.com/i/grok`) is checked per event by the service worker,
    as single-page apps change path without loading a page."""
    out: dict[str, None] = {}
    for domain in catalogue().domains():
        address = split_site(domain)
        if address is None:  # a validated catalogue domain always reads
            raise ValueError(f"catalogue domain {domain!r} cannot be read")
        out[f"https://{address.host}/*"] = None
        out[f"https://*.{address.host}/*"] = None
    return tuple(out)


def shared_constants() -> tuple[SharedConstant, ...]:
    policy = default_policy()
    protocol = "dlpguard/bridge/protocol.py"
    return (
        SharedConstant("PROTOCOL_VERSION", PROTOCOL_VERSION, "Bridge protocol version", protocol),
        SharedConstant("REQUEST_TYPES", tuple(REQUEST_MODELS), "Request types", f"{protocol} REQUEST_MODELS"),
        SharedConstant(
            "REPLY_TYPES", tuple(message_type(m) for m in reply_models()), "Reply types", f"{protocol} Reply"
        ),
        SharedConstant(
            "SCAN_EVENTS",
            typing.get_args(ScanEvent),
            "How a text is about to leave the page (`scan.event`)",
            protocol,
        ),
        SharedConstant(
            "USER_ACTIONS",
            typing.get_args(UserAction),
            "What the user chose after a verdict (`decision.user_action`)",
            protocol,
        ),
        SharedConstant(
            "VERDICT_ACTIONS",
            typing.get_args(VerdictAction),
            "What a verdict tells the extension to do (`verdict.action`)",
            protocol,
        ),
        SharedConstant(
            "FIELD_MAX_LENGTH",
            request_field_max_lengths(),
            "Longest string (in code points) each request field may carry; the host refuses longer",
            f"{protocol} request models",
        ),
        SharedConstant(
            "MAX_REQUEST_BYTES",
            DEFAULT_MAX_INBOUND_BYTES,
            "Largest request frame the host reads by default (`hello_ok` says the limit in force)",
            "dlpguard/bridge/framing.py",
        ),
        SharedConstant(
            "MAX_REPLY_BYTES",
            MAX_OUTBOUND_BYTES,
            "Largest reply frame the host sends: the browsers' limit for a message from a host",
            "dlpguard/bridge/framing.py",
        ),
        SharedConstant(
            "NATIVE_HOST_NAME",
            HOST_NAME,
            "The native-messaging host's registered name",
            "dlpguard/bridge/manifests.py",
        ),
        SharedConstant(
            "CATEGORY_ORDER",
            category_order(),
            "Categories from the most to the least harmful (the engine's overlap priority): the overlay "
            "lists them in this order",
            "dlpguard/engine/resolve.py PRIORITY",
        ),
        SharedConstant(
            "FAIL_MODES", tuple(str(m) for m in FailMode), "Policy fail modes", "dlpguard/policy/schema.py"
        ),
        SharedConstant(
            "DEFAULT_FAIL_MODE",
            str(policy.fail_mode),
            "Fail mode until the host names the policy's",
            "dlpguard/policy/default_policy.yaml",
        ),
        SharedConstant(
            "DEFAULT_VERDICT_TIMEOUT_MS",
            policy.verdict_timeout_ms,
            "Verdict time budget until the host names the policy's",
            "dlpguard/policy/default_policy.yaml",
        ),
        SharedConstant(
            "BUILTIN_GUARDED_SITES",
            policy.sites.guarded_patterns(),
            "Sites guarded until the host names the policy's: the default policy's guarded groups",
            "dlpguard/policy/default_policy.yaml",
        ),
        SharedConstant(
            "AI_SERVICES",
            ai_services(),
            "The AI site catalogue: one row per service (id, name, domains matched with their subdomains, "
            "vendor, jurisdiction)",
            "dlpguard/policy/catalogue.yaml",
        ),
        SharedConstant(
            "CONTENT_SCRIPT_MATCHES",
            content_script_matches(),
            "Where the manifests' content scripts run and what host access they ask for: every catalogue "
            "host and the hosts under it (build.mjs writes them into the built manifests)",
            "dlpguard/policy/catalogue.yaml",
        ),
        SharedConstant(
            "FALLBACK_RULES",
            tuple(r.as_js() for r in fallback_rules()),
            "The built-in check when no host answers under fail_mode open: the engine's high-confidence "
            "secret patterns as JavaScript regex sources (Luhn-valid cards are checked in code)",
            "dlpguard/engine/fallback.py",
        ),
        SharedConstant(
            "FALLBACK_KNOWN_VALUES",
            fallback_known_values(),
            "Published example values (lower case, no separators) the built-in check never reports",
            "dlpguard/engine/filters.py KNOWN_EXAMPLE_VALUES",
        ),
    )


# -- rendering -------------------------------------------------------------------------------------


def _js_string(value: str) -> str:
    if any(ord(c) < 0x20 or ord(c) > 0x7E for c in value):
        raise ValueError(f"only printable ASCII is written into generated.js, not {value!r}")
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _js_key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else _js_string(key)


def _container(value: JsValue) -> tuple[str, str, list[str]] | None:
    """(opening bracket, closing bracket, item texts) of a list or mapping; None for a scalar."""
    if isinstance(value, Mapping):
        return "{", "}", [f"{_js_key(k)}: {js_literal(v)}" for k, v in value.items()]
    if isinstance(value, list | tuple):
        return "[", "]", [js_literal(v) for v in value]
    return None


def js_literal(value: JsValue) -> str:
    """A JavaScript expression for `value`; containers are frozen, as the hand-written modules freeze them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _js_string(value)
    container = _container(value)
    if container is None:
        raise TypeError(f"cannot write {type(value).__name__} into generated.js")
    opening, closing, parts = container
    pad = " " if opening == "{" and parts else ""
    return f"Object.freeze({opening}{pad}{', '.join(parts)}{pad}{closing})"


def _pretty(value: JsValue, indent: int, used: int | None = None) -> str:
    """`js_literal(value)` when it fits on a line of which `used` characters (default: `indent`) are taken
    already; else one item per line at `indent` + 2, each item written the same way (a catalogue row too
    long for one line is broken up too)."""
    one_line = js_literal(value)
    container = _container(value)
    taken = indent if used is None else used
    if isinstance(value, str) and taken + len(one_line) + 2 > _LINE:
        return _split_string(value, taken, indent + 2)
    if taken + len(one_line) + 2 <= _LINE or container is None:
        return one_line
    opening, closing, _ = container
    pad = " " * (indent + 2)
    if isinstance(value, Mapping):
        items = [
            f"{_js_key(k)}: {_pretty(v, indent + 2, indent + 4 + len(_js_key(k)))}" for k, v in value.items()
        ]
    else:
        items = [_pretty(v, indent + 2) for v in value]
    body = "".join(f"{pad}{item},\n" for item in items)
    return f"Object.freeze({opening}\n{body}{' ' * indent}{closing})"


def _split_string(value: str, used: int, indent: int) -> str:
    """A string too long for the line as `'…' +` pieces, the first after `used` characters, the rest on
    lines of their own at `indent` (a regex source, say): every line fits, the value is unchanged."""
    pieces: list[str] = []
    room = max(_LINE - used - 5, 16)  # quotes, " +" and a trailing comma
    current = ""
    for char in value:
        if len(_js_string(current + char)) > room and current:
            pieces.append(_js_string(current))
            current, room = "", _LINE - indent - 5
        current += char
    pieces.append(_js_string(current))
    return f" +\n{' ' * indent}".join(pieces)


def _declaration(constant: SharedConstant) -> str:
    head = f"export const {constant.name} = "
    one_line = head + js_literal(constant.value) + ";"
    if len(one_line) <= _LINE or _container(constant.value) is None:
        return one_line
    return f"{head}{_pretty(constant.value, 0, len(head))};"


def _doc_comment(constant: SharedConstant) -> str:
    text = f"{constant.doc} ({constant.source})."
    if len(text) + 7 <= _LINE:
        return f"/** {text} */"
    lines = textwrap.wrap(text, _LINE - 3, break_on_hyphens=False)
    return "/**\n" + "".join(f" * {line}\n" for line in lines) + " */"


def render_js_module(constants: Iterable[SharedConstant] | None = None) -> str:
    """The text of extension/src/common/generated.js."""
    blocks = [
        "/**\n"
        " * Values the extension shares with DLP Guard's Python side. Generated from Python by\n"
        f" * `{REGENERATE}` (dlpguard/bridge/shared_constants.py); do not edit:\n"
        " * change the Python source and regenerate (tests/bridge/test_regenerate.py fails while it is\n"
        " * stale).\n"
        " */\n"
    ]
    for constant in constants if constants is not None else shared_constants():
        blocks.append(f"{_doc_comment(constant)}\n{_declaration(constant)}\n")
    return "\n".join(blocks)


def render_content_script(constants: Iterable[SharedConstant] | None = None) -> str:
    """The text of extension/src/content/shared.js: the same values as `DLPG.shared`, for the content
    scripts (the first script the manifest lists)."""
    entries = []
    for constant in constants if constants is not None else shared_constants():
        entries.append(f"    {_doc_comment(constant)}".replace("\n", "\n    "))
        entries.append(f"    {constant.name}: {_pretty(constant.value, 4, 6 + len(constant.name))},")
    return (
        "/**\n"
        " * The values of common/generated.js for the content scripts, as `globalThis.DLPG.shared`.\n"
        f" * Generated from Python by `{REGENERATE}` (dlpguard/bridge/shared_constants.py);\n"
        " * do not edit: change the Python source and regenerate.\n"
        " */\n"
        "(function () {\n"
        "  'use strict';\n"
        "  const ns = (globalThis.DLPG ??= {});\n"
        "  ns.shared ??= Object.freeze({\n"
        + "\n".join(entries)
        + "\n  });\n})();\n"
    )
