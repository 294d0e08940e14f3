"""Layering: built-in default -> admin policy -> user preferences, remembering where each value came from.

Mappings merge key by key; a list or a plain value replaces what the lower layer said (so an admin
extends the built-in `ai_chat` group with `add:` / trims it with `remove:` instead of repeating it).
User preferences apply only under the keys the admin lists in `user_may_change`; anything else in
them is ignored with a note, and preferences that would make the policy invalid are dropped whole.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dlpguard.policy.defaults import default_document
from dlpguard.policy.loader import Document, KeyPath, PolicyValidationError, Problem, format_key, validate
from dlpguard.policy.schema import Policy


class Layer(StrEnum):
    DEFAULT = "default"
    ADMIN = "admin"
    USER = "user"


@dataclass(frozen=True)
class Origin:
    """Where a value of the effective policy was stated."""

    layer: Layer
    source: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{self.layer.value}: {where}"


SCHEMA_DEFAULT = Origin(Layer.DEFAULT, "schema")


@dataclass(frozen=True)
class EffectivePolicy:
    """The policy in force and the origin of each value; `notes` say what was ignored and why."""

    policy: Policy
    origins: Mapping[KeyPath, Origin] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def origin(self, loc: KeyPath) -> Origin:
        for n in range(len(loc), 0, -1):
            found = self.origins.get(loc[:n])
            if found is not None:
                return found
        return SCHEMA_DEFAULT

    def values(self) -> Iterator[tuple[KeyPath, Any, Origin]]:
        """Every leaf value of the policy (lists of plain values count as one), with its origin."""
        for loc, value in _leaves(self.policy.model_dump(mode="json"), ()):
            yield loc, value, self.origin(loc)


def _leaves(value: Any, loc: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from _leaves(child, (*loc, key))
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, child in enumerate(value):
            yield from _leaves(child, (*loc, i))
    else:
        yield loc, value


def _stated(value: Any, loc: KeyPath) -> Iterator[KeyPath]:
    """Paths a document sets: plain values and whole lists (a list replaces the lower layer's)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _stated(child, (*loc, key))
    else:
        yield loc


def merge_data(base: Any, overlay: Any) -> Any:
    """Deep merge of plain data; neither argument is modified."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = dict(base)
        for key, value in overlay.items():
            out[key] = merge_data(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(overlay)


def merge_documents(layers: Sequence[tuple[Layer, Document]]) -> tuple[dict[str, Any], dict[KeyPath, Origin]]:
    data: dict[str, Any] = {}
    origins: dict[KeyPath, Origin] = {}
    for layer, doc in layers:
        data = merge_data(data, doc.data)
        for loc in _stated(doc.data, ()):
            for stale in [k for k in origins if k[: len(loc)] == loc or loc[: len(k)] == k]:
                del origins[stale]
            origins[loc] = Origin(layer, doc.source, doc.lines.get(loc))
    return data, origins


def allowed_for_user(loc: KeyPath, allowed: Sequence[str]) -> bool:
    dotted = ".".join(str(p) for p in loc)
    return any(dotted == a or dotted.startswith(a + ".") for a in allowed)


def filter_user_document(doc: Document, allowed: Sequence[str]) -> tuple[Document, list[str]]:
    """Keeps only the preferences the admin allows; returns the rest as notes."""
    notes = []
    kept: dict[str, Any] = {}
    for loc in _stated(doc.data, ()):
        if not loc:
            continue
        if not allowed_for_user(loc, allowed):
            notes.append(
                f"{doc.source}: preference {format_key(loc)!r} ignored: "
                "the admin policy does not let users change it"
            )
            continue
        target = kept
        for part in loc[:-1]:
            target = target.setdefault(part, {})
        target[loc[-1]] = _get(doc.data, loc)
    return Document(doc.source, kept, doc.lines, doc.path), notes


def _get(data: Any, loc: KeyPath) -> Any:
    for part in loc:
        data = data[part]
    return data


def admin_document_problems(doc: Document) -> list[Problem]:
    """What an admin file must state itself, beyond what the merged policy needs."""
    if "version" not in doc.data:
        return [
            Problem(doc.source, 1, "version", "missing required key 'version' (raise it on every change)")
        ]
    return []


def build_effective(
    admin: Document | None = None, user: Document | None = None, *, default: Document | None = None
) -> EffectivePolicy:
    """Merges and validates the layers; problems in the admin file raise `PolicyValidationError`."""
    default = default or default_document()
    base: list[tuple[Layer, Document]] = [(Layer.DEFAULT, default)]
    if admin is not None:
        base.append((Layer.ADMIN, admin))
    data, origins = merge_documents(base)
    problems = admin_document_problems(admin) if admin is not None else []
    try:
        policy = validate(data, [doc for _, doc in base])
    except PolicyValidationError as exc:
        raise PolicyValidationError([*problems, *exc.problems]) from None
    if problems:
        raise PolicyValidationError(problems)
    if user is None or not user.data:
        return EffectivePolicy(policy, origins)

    user, notes = filter_user_document(user, policy.user_may_change)
    if not user.data:
        return EffectivePolicy(policy, origins, tuple(notes))
    layered = [*base, (Layer.USER, user)]
    user_data, user_origins = merge_documents(layered)
    try:
        with_user = validate(user_data, [doc for _, doc in layered])
    except PolicyValidationError as exc:
        notes += [f"user preferences ignored: {p}" for p in exc.problems]
        return EffectivePolicy(policy, origins, tuple(notes))
    return EffectivePolicy(with_user, user_origins, tuple(notes))
