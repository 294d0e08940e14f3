"""False-positive filters: pure functions that say a matched value is not really sensitive.

Kept apart from the recognizers so every recognizer benefits and each rule is testable alone.
Each filter takes the finding, the matched value and the whole text and returns a reason or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dlpguard.engine.types import Category, Finding

FilterFn = Callable[[Finding, str, str], str | None]

# Values published in vendor docs, RFCs and test suites; pasting them leaks nothing.
KNOWN_EXAMPLE_VALUES = frozenset(
    {
        "akiaiosfodnn7example",
        "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
        "4111111111111111",
        "4242424242424242",
        "5555555555554444",
        "5105105105105100",
        "4012888888881881",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "4000056655665556",
        "123456789",
        "078051120",
        "219099999",
        "de89370400440532013000",
        "gb82west12345698765432",
        "gb29nwbk60161331926819",
        "fr1420041010050500013m02606",
        "qq123456c",
        "ab123456c",
    }
)

_PLACEHOLDER_WORDS = (
    "example",
    "your-",
    "your_",
    "yourkey",
    "placeholder",
    "changeme",
    "redacted",
    "dummy",
    "sample",
    "xxxx",
    "****",
    "••••",
    "<",
    "${",
    "{{",
    "%(",
    "$(",
    "process.env",
    "os.environ",
    "getenv",
)
_SEPARATORS = re.compile(r"[\s\-.:/]")
_HEX_ONLY = re.compile(r"[0-9a-fA-F]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_REPEATED = re.compile(r"(.)\1{5,}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\(?\)?")


def normalized(value: str) -> str:
    return _SEPARATORS.sub("", value).lower()


def known_example_value(finding: Finding, value: str, text: str) -> str | None:
    if normalized(value) in KNOWN_EXAMPLE_VALUES:
        return "documented example value"
    return None


def placeholder(finding: Finding, value: str, text: str) -> str | None:
    """`your-api-key`, `<token>`, `${DB_PASSWORD}`, `xxxx`: templates, not secrets."""
    if finding.category is not Category.SECRET:
        return None
    low = value.lower()
    if any(w in low for w in _PLACEHOLDER_WORDS):
        return "placeholder"
    if _REPEATED.search(value):
        return "repeated characters"
    return None


def secret_is_code_reference(finding: Finding, value: str, text: str) -> str | None:
    """`password = get_password()` or `secret: settings.SECRET`: a name, not a value."""
    if finding.entity_type not in {"PASSWORD", "GENERIC_SECRET"}:
        return None
    end = finding.end
    follows = text[end : end + 1]
    if _IDENTIFIER.fullmatch(value) and (follows == "(" or "." in value or value.isidentifier() and value.isupper()):
        return "code reference"
    if value.lower() in {"true", "false", "null", "none", "nil", "undefined", "required", "optional", "string"}:
        return "keyword"
    return None


def hash_or_uuid(finding: Finding, value: str, text: str) -> str | None:
    """Hex digests, git SHAs and UUIDs look random but are identifiers, unless a pattern vouches otherwise."""
    if finding.entity_type != "GENERIC_SECRET":
        return None
    if _UUID.fullmatch(value):
        return "uuid"
    if _HEX_ONLY.fullmatch(value) and len(value) in (7, 8, 12, 32, 40, 64, 128):
        before = text[max(0, finding.start - 40) : finding.start].lower()
        if any(w in before for w in ("sha", "commit", "digest", "hash", "md5", "checksum", "etag", "@")):
            return "hash"
    return None


FILTERS: tuple[FilterFn, ...] = (known_example_value, placeholder, secret_is_code_reference, hash_or_uuid)


def false_positive_reason(finding: Finding, text: str) -> str | None:
    value = text[finding.start : finding.end]
    for rule in FILTERS:
        reason = rule(finding, value, text)
        if reason:
            return reason
    return None
