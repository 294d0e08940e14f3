"""The built-in default policy (default_policy.yaml beside this module): the base layer of every policy."""

from __future__ import annotations

from functools import cache
from importlib import resources

from dlpguard.policy.loader import Document, parse_document
from dlpguard.policy.schema import Policy

DEFAULT_SOURCE = "built-in default_policy.yaml"
_RESOURCE = "default_policy.yaml"


@cache
def default_document() -> Document:
    text = resources.files(__package__).joinpath(_RESOURCE).read_text(encoding="utf-8")
    return parse_document(text, DEFAULT_SOURCE)


@cache
def default_policy() -> Policy:
    return Policy.model_validate(default_document().data)


AI_CHAT_GROUP = "ai_chat"
