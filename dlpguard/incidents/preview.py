"""Masked previews: enough for a reviewer to recognise a value class, never enough to use the value.

A preview keeps at most 4 characters of the value's private part, and fewer for short values (a quarter
of its length), so a 9-digit id shows 2 digits and a short password none. What is public by format is
kept as is: a token's well-known prefix (`sk-`, `ghp_`, `AKIA`), a URL scheme, an email's domain.
"""

from __future__ import annotations

import re

from dlpguard.engine.types import Category

MAX_REVEALED = 4
BULLETS = "••••"
ELLIPSIS = "…"

# Prefixes that name the token type in vendors' published formats; longest first so `sk-proj-` wins.
PUBLIC_TOKEN_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
            "sk-proj-", "sk-ant-", "sk_live_", "sk_test_", "rk_live_", "pk_live_", "sk-",
            "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xapp-",
            "AKIA", "ASIA", "ABIA", "ACCA", "AIza", "glpat-", "npm_", "pypi-", "SG.", "eyJ",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip

# Values whose every character is private, whatever their length.
_NOTHING_SHOWN = frozenset({"PASSWORD", "PRIVATE_KEY"})
_SEPARATORS = re.compile(r"[\s\-./:()]+")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]{0,20})://")


def revealed_budget(private_length: int) -> int:
    """How many characters of a private part of this length a preview may show."""
    return min(MAX_REVEALED, private_length // 4)


def _tail(private: str) -> str:
    n = revealed_budget(len(private))
    return private[-n:] if n else ""


def _email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    shown = local[:1] if revealed_budget(len(local)) else ""
    return f"{shown}•••@{domain}"


def _words(value: str) -> str:
    """Names and places: initials only (`J••• S•••`), at most 4 of them."""
    initials = [w[:1] + "•••" for w in value.split()[:MAX_REVEALED] if w]
    return " ".join(initials) or BULLETS


def _secret(value: str) -> str:
    scheme = _URL_SCHEME.match(value)
    if scheme:  # connection strings: the scheme says what it is, the rest holds the credentials
        return f"{scheme.group(1)}://{BULLETS}"
    prefix = next((p for p in PUBLIC_TOKEN_PREFIXES if value.startswith(p)), "")
    tail = _tail(value[len(prefix) :])
    return f"{prefix}{ELLIPSIS}{tail}" if tail else f"{prefix}{BULLETS}"


def masked_preview(value: str, entity_type: str, category: Category) -> str:
    """A short masked form of `value`; see the module docstring for what it may reveal."""
    value = value.strip()
    if not value or entity_type in _NOTHING_SHOWN:
        return BULLETS
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        return _email(value)
    if category in (Category.PERSON, Category.LOCATION):
        return _words(value)
    if category is Category.SECRET:
        return _secret(value)
    tail = _tail(_SEPARATORS.sub("", value))
    return f"{BULLETS} {tail}" if tail else BULLETS
