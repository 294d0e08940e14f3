"""YAML or JSON text to a validated `Policy`, with every problem reported as file:line: key: message.

Parsing keeps the line of every key and list item (from the YAML node marks), so a pydantic error
`loc` such as ('custom', 'patterns', 0, 'regex') becomes `policy.yaml:14: custom.patterns[0].regex:
invalid regex: ...`. All problems are collected, not just the first. Anchors and aliases are refused:
they can expand a small file into an exponentially large document.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from dlpguard.errors import PolicyError
from dlpguard.policy.schema import Policy

#: A policy holding a few hundred thousand hashes stays far below this; anything larger is refused unread.
MAX_POLICY_BYTES = 32 * 1024 * 1024

KeyPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a policy file, located as precisely as the file allows."""

    source: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class PolicyValidationError(PolicyError):
    """A policy with one or more problems; `problems` lists them all, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.source, p.line or 0, p.key)))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Document:
    """A parsed policy layer: its data and the line of each key and list item."""

    source: str
    data: dict[str, Any]
    lines: Mapping[KeyPath, int] = field(default_factory=dict)
    path: Path | None = None

    def line_of(self, loc: KeyPath) -> int | None:
        """Line of `loc`, or of its nearest ancestor the file states."""
        for n in range(len(loc), 0, -1):
            line = self.lines.get(loc[:n])
            if line is not None:
                return line
        return None

    def depth_of(self, loc: KeyPath) -> int:
        """How much of `loc` this document states (0: none of it)."""
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.lines:
                return n
        return 0


def format_key(loc: Sequence[str | int]) -> str:
    """('custom', 'patterns', 0, 'regex') -> 'custom.patterns[0].regex'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- parsing ---------------------------------------------------------------------------------------


class _Walker:
    """Builds plain data from YAML nodes while recording lines; refuses aliases and duplicate keys."""

    def __init__(self, loader: yaml.SafeLoader, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self._seen:  # an alias: its marks point at the anchor, so use the line of its key
            line = self.lines.get(path, node.start_mark.line + 1)
            message = "anchors and aliases (&name / *name) are not supported in policy files"
            self.problems.append(Problem(self.source, line, format_key(path), message))
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.value(item, (*path, i)))
            return items
        if node.tag == _STR_TAG:  # the common case, and much faster than the constructor
            return node.value
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, path, "merge keys (<<) are not supported in policy files")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, "keys must be plain names")
                continue
            key = self.loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            child = (*path, key)
            if key in out:
                self._problem(key_node, child, f"duplicate key {key!r} (first at line {self.lines[child]})")
                continue
            self.lines[child] = key_node.start_mark.line + 1
            out[key] = self.value(value_node, child)
        return out

    def _problem(self, node: yaml.Node, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.source, node.start_mark.line + 1, format_key(path), message))


def _compose(text: str, source: str) -> tuple[Any, dict[KeyPath, int], list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, []
        walker = _Walker(loader, source)
        return walker.value(node, ()), walker.lines, walker.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "syntax error"
        raise PolicyValidationError([Problem(source, line, "", f"not valid YAML: {reason}")]) from exc
    except yaml.YAMLError as exc:
        raise PolicyValidationError([Problem(source, None, "", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()


def _parse_json(text: str, source: str) -> tuple[Any, dict[KeyPath, int], list[Problem]]:
    problems: list[Problem] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                problems.append(Problem(source, None, key, f"duplicate key {key!r}"))
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise PolicyValidationError([Problem(source, exc.lineno, "", f"not valid JSON: {exc.msg}")]) from exc
    try:  # JSON is (nearly) YAML: borrow the node marks for line numbers when YAML can read it
        _, lines, _ = _compose(text, source)
    except PolicyValidationError:
        lines = {}
    return data, lines, problems


def parse_document(
    text: str, source: str, *, json_format: bool = False, path: Path | None = None
) -> Document:
    """Parses one layer; syntax errors, duplicate keys and a non-mapping top level are problems."""
    data, lines, problems = (_parse_json if json_format else _compose)(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(
            Problem(source, 1, "", f"the top level must be a mapping of keys, not {type(data).__name__}")
        )
    if problems:
        raise PolicyValidationError(problems)
    return Document(source, data, lines, path)


def decode_policy_bytes(raw: bytes, source: str) -> str:
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyValidationError([Problem(source, None, "", f"larger than {MAX_POLICY_BYTES} bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyValidationError([Problem(source, line, "", "not UTF-8 text")]) from exc


def parse_bytes(raw: bytes, path: Path) -> Document:
    text = decode_policy_bytes(raw, str(path))
    return parse_document(text, str(path), json_format=path.suffix.lower() == ".json", path=path)


def read_document(path: Path) -> Document:
    """Reads and parses a policy or preferences file (YAML, or JSON when it ends in `.json`)."""
    try:
        size = path.stat().st_size
        if size > MAX_POLICY_BYTES:
            raise PolicyValidationError(
                [Problem(str(path), None, "", f"larger than {MAX_POLICY_BYTES} bytes")]
            )
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PolicyError(f"{path}: policy file missing") from exc
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_bytes(raw, path)


# -- validation ------------------------------------------------------------------------------------


def validate(data: Mapping[str, Any], documents: Sequence[Document]) -> Policy:
    """Validates merged data; problems are located in whichever document (top layer first) states them."""
    problems = _duplicate_rule_ids(data, documents)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += [p for p in validation_problems(exc, documents) if not (problems and _is_duplicate_id(p))]
    if problems:
        raise PolicyValidationError(problems)
    return policy


def _is_duplicate_id(problem: Problem) -> bool:
    return problem.key == "custom" and "duplicate rule id" in problem.message


def validation_problems(exc: ValidationError, documents: Sequence[Document]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False, include_input=False):
        loc: KeyPath = tuple(p for p in error["loc"] if p != "[key]")
        message = _message(error, loc, is_key="[key]" in error["loc"])
        field_name, _, rest = message.partition(": ")
        if rest and field_name in _field_names(loc):  # a model check naming one of its fields
            loc, message = (*loc, field_name), rest
        owner = _owner(loc, documents)
        problems.append(
            Problem(
                owner.source if owner else "policy",
                owner.line_of(loc) if owner else None,
                format_key(loc),
                message,
            )
        )
    return problems


def _owner(loc: KeyPath, documents: Sequence[Document]) -> Document | None:
    """The document stating the most of `loc`; on a tie the higher layer (later in the list)."""
    best: Document | None = None
    best_depth = -1
    for doc in documents:
        depth = doc.depth_of(loc)
        if depth >= best_depth:
            best, best_depth = doc, depth
    return best


def _message(error: Any, loc: KeyPath, *, is_key: bool = False) -> str:
    kind = error["type"]
    if is_key and loc:
        return f"invalid name {loc[-1]!r}: {error['msg']}"
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        hint = difflib.get_close_matches(key, _field_names(loc[:-1]), n=1)
        return f"unknown key {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
    if kind == "missing" and loc:
        return f"missing required key {loc[-1]!r}"
    msg: str = error["msg"]
    return msg.removeprefix("Value error, ")


def _field_names(loc: KeyPath) -> list[str]:
    """Field names of the model found at `loc` inside Policy, for 'did you mean' hints."""
    current: Any = Policy
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return []
            current = current.model_fields[part].annotation
            continue
        args = typing.get_args(current)
        if typing.get_origin(current) in (tuple, list) and args:
            current = args[0]
        elif typing.get_origin(current) is dict and len(args) == 2:
            current = args[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X; Annotated[X, ...] -> X."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return _unwrap(rest[0])
    return annotation


def _duplicate_rule_ids(data: Mapping[str, Any], documents: Sequence[Document]) -> list[Problem]:
    """Duplicate custom rule ids, each at the line of its second use (checked on raw data, so it is
    reported even when the same rules have other problems)."""
    custom = data.get("custom")
    if not isinstance(custom, Mapping):
        return []
    first: dict[str, KeyPath] = {}
    problems = []
    for kind in ("terms", "patterns", "hashed_terms"):
        rules = custom.get(kind)
        if not isinstance(rules, list):
            continue
        for i, rule in enumerate(rules):
            rule_id = rule.get("id") if isinstance(rule, Mapping) else None
            if not isinstance(rule_id, str):
                continue
            loc: KeyPath = ("custom", kind, i, "id")
            if rule_id in first:
                owner = _owner(loc, documents)
                earlier = format_key(first[rule_id][:-1])
                problems.append(
                    Problem(
                        owner.source if owner else "policy",
                        owner.line_of(loc) if owner else None,
                        format_key(loc),
                        f"duplicate rule id {rule_id!r} (already used by {earlier})",
                    )
                )
            else:
                first[rule_id] = loc
    return problems
