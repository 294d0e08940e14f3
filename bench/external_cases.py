"""Scores the engine on other projects' own test strings: gitleaks' rule cases, Presidio's recognizer tests.

    .venv/bin/python bench/external_cases.py                       # score (extracts if the cache is empty)
    .venv/bin/python bench/external_cases.py --extract --gitleaks-git DIR --presidio-git DIR
    .venv/bin/python bench/external_cases.py --json                # also print the figures as JSON

A report, not a test. The strings come from snapshots of github.com/gitleaks/gitleaks and
github.com/microsoft/presidio (bare git directories; `git --git-dir DIR show HEAD:path`), and only the
test strings are kept, in `bench/external/` (git-ignored): nothing fetched is committed, this script
regenerates it.

- gitleaks: each rule in `cmd/generate/config/rules/*.go` builds `tps` and `fps` lists and passes them
  to `utils.Validate`. Go is not needed: a small evaluator runs the subset of Go those functions use
  (string literals and `+`, `append`, `[]string{...}`, `utils.GenerateSampleSecret(s)`, the pattern
  helpers, `secrets.NewSecret(regex)` with a seeded generator, `fmt.Sprintf`, base64). Statements it
  cannot run (loops, closures) are skipped and counted. Where a true positive's secret is known (the
  value passed to GenerateSampleSecret(s)) or the rule's regex finds it, a case counts as caught when a
  finding of category `secret` overlaps the secret; otherwise, any secret finding in the string.
  A false-positive case counts as flagged when any secret finding is made in it.
- Presidio: `presidio-analyzer/tests/test_*_recognizer.py`, every `pytest.mark.parametrize` table whose
  first column is the text and which has `expected_len`; the entity is the module's `entities` fixture
  (or the row's). In scope: entity types our pattern engine reports (`Engine(load_model=False)`), so NER
  recognizers (PERSON, ...) are out. An expected span counts as caught when a finding of that entity
  type overlaps it (without positions: up to `expected_len` findings of the type); a row expecting none
  counts as flagged when one is made. A second recall leaves out the spans that are not findings by our
  conventions (`CONVENTIONS`: names without the NER model, published test values, private and reserved
  IP addresses, fictional phone numbers, values failing the scheme's check, bare values of schemes we
  report only beside a label, lower-case forms of values we read in capitals), and how many spans each
  convention removes (and how many of those were caught anyway) is printed beside it.

Only rule ids, recognizer names and counts are printed, never a test value.
"""

from __future__ import annotations

import argparse
import ast
import base64
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = Path(__file__).resolve().parent / "external"
GITLEAKS_RULES = "cmd/generate/config/rules"
PRESIDIO_TESTS = "presidio-analyzer/tests"
#: Where the `fetch` tool leaves its snapshots; `--gitleaks-git` / `--presidio-git` override.
DEFAULT_GITLEAKS = Path(os.environ.get("DLPGUARD_GITLEAKS_GIT", "/work/.mirror/gitleaks+gitleaks/repo"))
DEFAULT_PRESIDIO = Path(os.environ.get("DLPGUARD_PRESIDIO_GIT", "/work/.mirror/microsoft+presidio/repo"))
SEED = 20261207


# -- reading a bare snapshot -------------------------------------------------------------------------


def git_files(git_dir: Path, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", "HEAD", f"{folder}/"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return sorted(line for line in out.splitlines() if line)


def git_show(git_dir: Path, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"], check=True, capture_output=True, text=True
    ).stdout


def git_head(git_dir: Path) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


# -- a tiny Go evaluator for gitleaks' rule functions ------------------------------------------------

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r]+)|(?P<nl>\n)|(?P<lc>//[^\n]*)|(?P<bc>/\*.*?\*/)|(?P<raw>`[^`]*`)"
    r"|(?P<str>\"(?:[^\"\\\n]|\\.)*\")|(?P<rune>'(?:[^'\\\n]|\\.)+')"
    r"|(?P<num>\d[\w.]*)|(?P<id>[A-Za-z_]\w*)"
    r"|(?P<op>\.\.\.|:=|\+=|==|!=|&&|\|\||<=|>=|[-+*/%&|^<>=!(){}\[\],;:.])",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # id, str, num, op, nl
    value: Any


class GoError(Exception):
    """A construct the evaluator does not run; the statement holding it is skipped."""


def go_tokens(source: str) -> list[Tok]:
    tokens: list[Tok] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise GoError(f"cannot tokenise at {pos}")
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind in ("ws", "lc"):
            continue
        if kind == "bc":
            if "\n" in text:
                tokens.append(Tok("nl", "\n"))
            continue
        if kind == "raw":
            tokens.append(Tok("str", text[1:-1].replace("\r", "")))  # Go drops CRs from raw strings
        elif kind == "str":
            tokens.append(Tok("str", _go_unquote(text)))
        elif kind == "rune":
            tokens.append(Tok("str", _go_unquote('"' + text[1:-1] + '"')))
        elif kind == "nl":
            tokens.append(Tok("nl", "\n"))
        else:
            tokens.append(Tok(kind or "op", text))
    return tokens


def _go_unquote(text: str) -> str:
    body = text[1:-1]
    out: list[str] = []
    i = 0
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
              "f": "\f", "v": "\v"}  # fmt: skip
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        elif nxt == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif nxt == "u":
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        elif nxt == "U":
            out.append(chr(int(body[i + 2 : i + 10], 16)))
            i += 10
        elif nxt.isdigit():
            out.append(chr(int(body[i + 1 : i + 4], 8)))
            i += 4
        else:
            raise GoError(f"unknown escape \\{nxt}")
    return "".join(out)


def _statements(tokens: list[Tok]) -> Iterator[list[Tok]]:
    """Splits a block's tokens into statements by Go's semicolon rule (newline after an operand)."""
    depth = 0
    current: list[Tok] = []
    for tok in tokens:
        if tok.kind == "nl":
            if depth > 0:
                current.append(tok)  # a `var (...)` group splits its own lines
                continue
            if (
                depth == 0
                and current
                and (current[-1].kind in ("id", "str", "num") or current[-1].value in (")", "]", "}"))
            ):
                yield current
                current = []
            continue
        if tok.kind == "op" and tok.value == ";" and depth == 0:
            if current:
                yield current
            current = []
            continue
        if tok.kind == "op" and tok.value in "([{":
            depth += 1
        elif tok.kind == "op" and tok.value in ")]}":
            depth -= 1
        current.append(tok)
    if current:
        yield current


class RandomRegex:
    """Random strings matching a regex, like the `reggen` package gitleaks uses (unbounded repeats add
    at most one more)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def generate(self, regex: str) -> str:
        import re._parser as sre_parse  # type: ignore[import-not-found]

        tree = sre_parse.parse(_go_regex_to_python(regex))
        return self._seq(tree)

    def _seq(self, items: Any) -> str:
        return "".join(self._item(op, av) for op, av in items)

    def _item(self, op: Any, av: Any) -> str:
        import re._constants as c  # type: ignore[import-not-found]

        if op is c.LITERAL:
            return chr(av)
        if op is c.NOT_LITERAL:
            return self.rng.choice([ch for ch in _PRINTABLE if ord(ch) != av])
        if op is c.ANY:
            return self.rng.choice(_PRINTABLE.replace("\n", ""))
        if op is c.IN:
            return self.rng.choice(self._class(av))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            high = low + 1 if high == c.MAXREPEAT else high
            return "".join(self._seq(sub) for _ in range(self.rng.randint(low, high)))
        if op is c.SUBPATTERN:
            return self._seq(av[-1])
        if op is getattr(c, "ATOMIC_GROUP", None):
            return self._seq(av)
        if op is c.BRANCH:
            return self._seq(self.rng.choice(av[1]))
        if op is c.CATEGORY:
            return self.rng.choice(_CATEGORY_CHARS[str(av)])
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return ""
        raise GoError(f"regex op {op} not generated")

    def _class(self, items: Any) -> str:
        import re._constants as c  # type: ignore[import-not-found]

        chars: set[str] = set()
        negate = False
        for op, av in items:
            if op is c.NEGATE:
                negate = True
            elif op is c.LITERAL:
                chars.add(chr(av))
            elif op is c.RANGE:
                chars.update(chr(x) for x in range(av[0], av[1] + 1))
            elif op is c.CATEGORY:
                chars.update(_CATEGORY_CHARS[str(av)])
        if negate:
            return "".join(ch for ch in _PRINTABLE if ch not in chars and ch != "\n")
        return "".join(sorted(chars))


_PRINTABLE = "".join(chr(x) for x in range(32, 127))
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_NOT_DIGIT": "abcdefghijklmnopqrstuvwxyz",
    "CATEGORY_WORD": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "CATEGORY_NOT_WORD": " -.,;:",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "abcdefghijklmnopqrstuvwxyz0123456789",
}
_POSIX = {
    "[:alnum:]": "a-zA-Z0-9", "[:alpha:]": "a-zA-Z", "[:digit:]": "0-9", "[:xdigit:]": "0-9A-Fa-f",
    "[:upper:]": "A-Z", "[:lower:]": "a-z", "[:space:]": r"\s", "[:punct:]": r"!-/:-@\[-`{-~",
    "[:word:]": r"\w",
}  # fmt: skip


def _go_regex_to_python(regex: str) -> str:
    """RE2 syntax to Python's: `\\z`, POSIX classes, `(?P<>`/`(?<name>` groups, `\\Q..\\E` are rare."""
    out = regex.replace(r"\z", r"\Z")
    for posix, py in _POSIX.items():
        out = out.replace(posix, py)
    out = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", out)
    # Go allows flags groups like (?i) mid-pattern; Python only at the start: make them scoped.
    if "(?i)" in out[1:]:
        out = "(?i)" + out.replace("(?i)", "")
    return out


@dataclass
class GoRule:
    """A rule function's test cases as the evaluator could build them."""

    function: str
    rule_id: str
    regex: str | None
    secret_group: int
    tps: list[str] = field(default_factory=list)
    fps: list[str] = field(default_factory=list)
    skipped_statements: int = 0


class GoEvaluator:
    """Runs one rule function's statements over an environment of local variables."""

    def __init__(self, rng: random.Random, known_secrets: set[str]) -> None:
        self.rng = rng
        self.regex_gen = RandomRegex(rng)
        self.known = known_secrets
        self.env: dict[str, Any] = {}
        self.skipped = 0
        self.returned: Any = None

    # statements
    def run(self, body: list[Tok]) -> None:
        for stmt in _statements(body):
            try:
                self.statement(stmt)
            except (GoError, IndexError, KeyError, ValueError, TypeError, re.error, OverflowError):
                self.skipped += 1

    def statement(self, toks: list[Tok]) -> None:
        first = toks[0].value
        if first != "var":
            toks = [t for t in toks if t.kind != "nl"]
        if first in ("for", "if", "switch", "defer", "go"):
            raise GoError(f"{first} not run")
        if first == "return":
            self.returned = self.expr_list(toks[1:])
            return
        if first == "var":
            self.var_decl(toks[1:])
            return
        # `a, b := x, y`, `a = x`, `a += x`
        for i, tok in enumerate(toks):
            if tok.kind == "op" and tok.value in (":=", "=", "+="):
                names = [t.value for t in toks[:i] if t.kind == "id"]
                values = self.expr_list(toks[i + 1 :])
                if len(values) != len(names):
                    raise GoError("assignment shape")
                for name, value in zip(names, values, strict=True):
                    if tok.value == "+=":
                        value = self.env[name] + value
                    self.env[name] = value
                return
        raise GoError("statement not understood")

    def var_decl(self, toks: list[Tok]) -> None:
        if toks and toks[0].value == "(":
            for stmt in _statements(toks[1:-1]):
                try:
                    self.var_decl(stmt)
                except (GoError, IndexError, KeyError, ValueError, TypeError, re.error):
                    self.skipped += 1
            return
        toks = [t for t in toks if t.kind != "nl"]
        name = toks[0].value
        for i, tok in enumerate(toks):
            if tok.kind == "op" and tok.value == "=":
                self.env[name] = self.expr_list(toks[i + 1 :])[0]
                return
        self.env[name] = [] if any(t.value == "[" for t in toks) else ""

    # expressions
    def expr_list(self, toks: list[Tok]) -> list[Any]:
        toks = [t for t in toks if t.kind != "nl"]
        parser = _ExprParser(toks, self)
        values = [parser.expr()]
        while parser.peek(","):
            parser.take()
            values.append(parser.expr())
        if parser.pos != len(toks):
            raise GoError("trailing tokens")
        return values

    def call(self, name: str, args: list[Any], spread: bool) -> Any:
        if name in _CALLS:
            return _CALLS[name](self, args, spread)
        raise GoError(f"call {name}")

    def new_secret(self, regex: str) -> str:
        return self.regex_gen.generate(regex)

    def plausible_secret(self, regex: str) -> str:
        """gitleaks' `newPlausibleSecret`: retried until it holds a digit 1-9 (its stop-word check is not
        repeated here)."""
        for _ in range(100):
            value = self.regex_gen.generate(regex)
            if re.search("[1-9]", value):
                return value
        raise GoError("no plausible secret")


def _sample_secrets(ev: GoEvaluator, args: list[Any], spread: bool) -> list[str]:
    identifier, secret = args
    ev.known.add(secret)
    return [
        template.replace("{i}", identifier).replace("{I}", identifier.upper()).replace("{s}", secret)
        for template in _SAMPLE_TEMPLATES
    ]


def _sample_secret(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
    identifier, secret = args
    ev.known.add(secret)
    return f'{identifier}_api_token = "{secret}"'


def _append(ev: GoEvaluator, args: list[Any], spread: bool) -> list[Any]:
    base = list(args[0] or [])
    rest = args[1:]
    if spread:
        rest = [*rest[:-1], *rest[-1]]
    return base + rest


def _semi_generic(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
    identifiers, secret_regex, insensitive = args
    ids = r"[\w.-]{0,50}?(?:" + "|".join(identifiers) + r")(?:[ \t\w.-]{0,20})[\s'\"]{0,3}"
    head = (
        "(?i)" + ids
        if insensitive
        else r"[\w.-]{0,50}?(?i:" + "|".join(identifiers) + r")(?:[ \t\w.-]{0,20})[\s'\"]{0,3}"
    )
    return (
        head
        + r"(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)"
        + r"[\x60'\"\s=]{0,5}("
        + secret_regex
        + r")(?:[\x60'\"\s;]|\\[nr]|$)"
    )


def _unique_token(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
    secret_regex, insensitive = args
    return ("(?i)" if insensitive else "") + r"\b(" + secret_regex + r")(?:[\x60'\"\s;]|\\[nr]|$)"


def _sprintf(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
    fmt, *rest = args
    if spread:
        rest = [*rest[:-1], *rest[-1]]
    converted = re.sub(
        r"%[-+ #0-9.]*([svdqx])", lambda m: "%" + ("r" if m.group(1) == "q" else m.group(1)), fmt
    )
    converted = converted.replace("%v", "%s")
    return converted % tuple(rest)


def _b64(encoder: Callable[[bytes], bytes], strip: bool) -> Callable[[GoEvaluator, list[Any], bool], str]:
    def encode(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
        data = args[0].encode("utf-8") if isinstance(args[0], str) else bytes(args[0])
        out = encoder(data).decode("ascii")
        return out.rstrip("=") if strip else out

    return encode


_CALLS: dict[str, Callable[[GoEvaluator, list[Any], bool], Any]] = {
    "utils.GenerateSampleSecrets": _sample_secrets,
    "utils.GenerateSampleSecret": _sample_secret,
    "append": _append,
    "secrets.NewSecret": lambda ev, a, s: ev.new_secret(a[0]),
    "newPlausibleSecret": lambda ev, a, s: ev.plausible_secret(a[0]),
    "utils.Numeric": lambda ev, a, s: f"[0-9]{{{a[0]}}}",
    "utils.Hex": lambda ev, a, s: f"[a-f0-9]{{{a[0]}}}",
    "utils.AlphaNumeric": lambda ev, a, s: f"[a-z0-9]{{{a[0]}}}",
    "utils.AlphaNumericExtendedShort": lambda ev, a, s: f"[a-z0-9_-]{{{a[0]}}}",
    "utils.AlphaNumericExtended": lambda ev, a, s: f"[a-z0-9=_\\-]{{{a[0]}}}",
    "utils.AlphaNumericExtendedLong": lambda ev, a, s: f"[a-z0-9\\/=_\\+\\-]{{{a[0]}}}",
    "utils.Hex8_4_4_4_12": lambda ev, a, s: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "utils.GenerateSemiGenericRegex": _semi_generic,
    "utils.GenerateUniqueTokenRegex": _unique_token,
    "utils.MergeRegexps": lambda ev, a, s: "|".join(a),
    "regexp.MustCompile": lambda ev, a, s: a[0],
    "fmt.Sprintf": _sprintf,
    "strings.Repeat": lambda ev, a, s: a[0] * int(a[1]),
    "strings.ToUpper": lambda ev, a, s: a[0].upper(),
    "strings.ToLower": lambda ev, a, s: a[0].lower(),
    "strings.ReplaceAll": lambda ev, a, s: a[0].replace(a[1], a[2]),
    "strings.Join": lambda ev, a, s: a[1].join(a[0]),
    "string": lambda ev, a, s: a[0],
    "base64.StdEncoding.EncodeToString": _b64(base64.b64encode, False),
    "base64.RawStdEncoding.EncodeToString": _b64(base64.b64encode, True),
    "base64.URLEncoding.EncodeToString": _b64(base64.urlsafe_b64encode, False),
    "base64.RawURLEncoding.EncodeToString": _b64(base64.urlsafe_b64encode, True),
    "b64.StdEncoding.EncodeToString": _b64(base64.b64encode, False),
    "b64.RawStdEncoding.EncodeToString": _b64(base64.b64encode, True),
    "b64.URLEncoding.EncodeToString": _b64(base64.urlsafe_b64encode, False),
    "b64.RawURLEncoding.EncodeToString": _b64(base64.urlsafe_b64encode, True),
}

#: utils.GenerateSampleSecrets' templates (cmd/generate/config/utils/generate.go).
_SAMPLE_TEMPLATES = (
    '{i}Token="{s}"', '{i}Token = "{s}"', "{i}Token={s}", "{i}Token = {s}",
    '{\n    "{i}_token": "{s}"\n}', '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
    "<{i}Token>\n    {s}\n</{i}Token>", "{i}_token: {s}", "{i}_token: '{s}'", '{i}_token: "{s}"',
    'string {i}Token = "{s}";', 'var {i}Token string = "{s}"', '{i}Token := "{s}"', "{i}Token := `{s}`",
    'String {i}Token = "{s}";', 'var {i}Token = "{s}"', '${i}Token .= "{s}"', "{i}Token = '{s}'",
    '{i}Token = "{s}"', 'System.setProperty("{I}_TOKEN", "{s}")', '  "{i}Token" => "{s}"',
    '{i}_TOKEN = "{s}"', '{i}_TOKEN := "{s}"', '{i}_TOKEN ::= "{s}"', '{i}_TOKEN :::= "{s}"',
    '{i}_TOKEN ?= "{s}"',
)  # fmt: skip


class _ExprParser:
    """Recursive descent over one expression's tokens: operands, calls, selectors, composite literals, `+`."""

    def __init__(self, toks: list[Tok], ev: GoEvaluator) -> None:
        self.toks = [t for t in toks if t.kind != "nl"]
        self.pos = 0
        self.ev = ev

    def peek(self, value: str) -> bool:
        return (
            self.pos < len(self.toks)
            and self.toks[self.pos].value == value
            and self.toks[self.pos].kind == "op"
        )

    def take(self) -> Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def expect(self, value: str) -> None:
        if not self.peek(value):
            raise GoError(f"expected {value}")
        self.pos += 1

    def expr(self) -> Any:
        value = self.operand()
        while self.peek("+"):
            self.take()
            value = value + self.operand()
        return value

    def operand(self) -> Any:
        if self.peek("&"):
            self.take()
        if self.peek("["):  # []string{...}, []byte(x), [][]string{...}
            self.skip_type()
            return self.after_type()
        if self.pos < len(self.toks) and self.toks[self.pos].value == "map":
            self.skip_type()
            return self.after_type()
        if self.peek("("):
            self.take()
            value = self.expr()
            self.expect(")")
            return value
        tok = self.take()
        if tok.kind == "str":
            return tok.value
        if tok.kind == "num":
            return tok.value
        if tok.kind != "id":
            raise GoError(f"operand {tok.value}")
        if tok.value in ("true", "false"):
            return tok.value == "true"
        if tok.value == "nil":
            return None
        if tok.value == "func":
            raise GoError("closure")
        name = tok.value
        while self.peek(".") and self.pos + 1 < len(self.toks) and self.toks[self.pos + 1].kind == "id":
            self.take()
            name += "." + self.take().value
        if self.peek("("):
            args, spread = self.call_args()
            return self.ev.call(name, args, spread)
        if self.peek("{") and (name[0].isupper() or "." in name):
            return self.composite(name)
        if name in self.ev.env:
            value = self.ev.env[name]
            if self.peek("["):
                self.take()
                index = self.expr()
                self.expect("]")
                return value[int(index) if not isinstance(value, dict) else index]
            return value
        raise GoError(f"unknown name {name}")

    def skip_type(self) -> None:
        while True:
            if self.peek("["):
                self.take()
                while not self.peek("]"):
                    self.take()
                self.take()
                continue
            tok = self.toks[self.pos]
            if tok.value == "map":
                self.take()
                continue
            if tok.value == "*":
                self.take()
                continue
            if tok.kind == "id":
                self.take()
                while self.peek(".") and self.toks[self.pos + 1].kind == "id":
                    self.take()
                    self.take()
                if self.peek("["):  # map[string]string: value type follows
                    continue
                return
            raise GoError("type")

    def after_type(self) -> Any:
        if self.peek("("):  # conversion: []byte(x)
            self.take()
            value = self.expr()
            self.expect(")")
            return value
        return self.composite("[]")

    def composite(self, type_name: str) -> Any:
        self.expect("{")
        items: list[Any] = []
        keyed: dict[str, Any] = {}
        while not self.peek("}"):
            start = self.pos
            depth = 0
            # find this element's extent to evaluate lazily (fields of config.Rule may not evaluate)
            end = start
            while end < len(self.toks):
                tok = self.toks[end]
                if tok.kind == "op" and tok.value in "([{":
                    depth += 1
                elif tok.kind == "op" and tok.value in ")]}":
                    if depth == 0:
                        break
                    depth -= 1
                elif tok.kind == "op" and tok.value == "," and depth == 0:
                    break
                end += 1
            element = self.toks[start:end]
            key: str | None = None
            if len(element) > 2 and element[1].value == ":" and element[0].kind in ("id", "str"):
                key, element = str(element[0].value), element[2:]
            if element and element[0].value == "{":  # the elided type of [][]string{{...}}
                element = [Tok("op", "["), Tok("op", "]"), Tok("id", "string"), *element]
            try:
                value = _ExprParser(element, self.ev).expr() if element else None
            except (GoError, IndexError, KeyError, ValueError, TypeError, re.error):
                if type_name == "[]" or key is None:
                    raise
                value = None  # a config.Rule field the evaluator cannot build: not needed
            if key is not None:
                keyed[key] = value
            items.append(value)
            self.pos = end
            if self.peek(","):
                self.take()
        self.expect("}")
        if type_name == "[]":
            return {"__map__": keyed} if keyed else items
        return keyed

    def call_args(self) -> tuple[list[Any], bool]:
        self.expect("(")
        args: list[Any] = []
        spread = False
        while not self.peek(")"):
            args.append(self.expr())
            if self.peek("..."):
                self.take()
                spread = True
            if self.peek(","):
                self.take()
        self.expect(")")
        return args, spread


def _functions(source: str) -> Iterator[tuple[str, list[Tok]]]:
    """(name, body tokens) of every top-level `func Name() *config.Rule {`."""
    for m in re.finditer(r"^func (\w+)\(\) \*config\.Rule \{\n", source, re.M):
        start = m.end()
        depth = 1
        tokens = go_tokens(source[start:])
        for i, tok in enumerate(tokens):
            if tok.kind == "op" and tok.value == "{":
                depth += 1
            elif tok.kind == "op" and tok.value == "}":
                depth -= 1
                if depth == 0:
                    yield m.group(1), tokens[:i]
                    break


def _package_vars(source: str, known: set[str]) -> dict[str, Any]:
    """Top-level `var name = ...` declarations of a rule file (shared test strings, identifiers)."""
    ev = GoEvaluator(random.Random(SEED), known)
    for m in re.finditer(r"^var \w+ = ", source, re.M):
        end = source.find("\n}\n", m.start())
        line_end = source.find("\n", m.start())
        stop = end + 2 if source[m.end() : line_end].rstrip().endswith("{") and end > 0 else line_end
        try:
            ev.run(go_tokens(source[m.start() : stop]))
        except GoError:
            continue
    return ev.env


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        inner = value.get("__map__", value)
        return [v for v in inner.values() if isinstance(v, str)]
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)]


def extract_gitleaks(git_dir: Path) -> dict[str, Any]:
    rules: list[GoRule] = []
    dropped: list[str] = []  # rule functions whose test lists could not be built
    known: set[str] = set()
    for path in git_files(git_dir, GITLEAKS_RULES):
        if not path.endswith(".go") or path.endswith("_test.go"):
            continue
        source = git_show(git_dir, path)
        package = _package_vars(source, known)
        for name, body in _functions(source):
            ev = GoEvaluator(random.Random(f"{SEED}:{name}"), known)
            ev.env.update(package)
            ev.run(body)
            rule = ev.env.get("r") if isinstance(ev.env.get("r"), dict) else {}
            returned = ev.returned or []
            if not returned or len(returned) != 1:
                continue
            # `return utils.Validate(r, tps, fps)` was evaluated as a call: look at what it was given.
            args = ev.env.get("__validate__")
            if args is None:
                dropped.append(name)
                continue
            tps, fps = args
            regex = rule.get("Regex") if isinstance(rule.get("Regex"), str) else None
            group = rule.get("SecretGroup")
            rules.append(GoRule(
                name, str(rule.get("RuleID") or name), regex, int(group) if group else 0,
                _as_strings(tps), _as_strings(fps), ev.skipped,
            ))  # fmt: skip
    out = []
    for rule in rules:
        cases = []
        for text in rule.tps:
            cases.append({"text": text, "secret": _secret_span(text, rule, known)})
        out.append({
            "rule_id": rule.rule_id, "function": rule.function, "skipped_statements": rule.skipped_statements,
            "tps": cases, "fps": rule.fps,
        })  # fmt: skip
    return {
        "source": "github.com/gitleaks/gitleaks",
        "commit": git_head(git_dir),
        "rules": out,
        "dropped": dropped,
    }


def _validate(ev: GoEvaluator, args: list[Any], spread: bool) -> str:
    ev.env["__validate__"] = (args[1], args[2])
    return "validated"


_CALLS["utils.Validate"] = _validate
_CALLS["utils.ValidateWithPaths"] = _validate


def _secret_span(text: str, rule: GoRule, known: set[str]) -> list[int] | None:
    """Where the secret sits in a true-positive string: a known generated value, else the rule's regex
    (gitleaks' `SecretGroup`, or its first non-empty group), else None (the whole string)."""
    best: tuple[int, int] | None = None
    for secret in known:
        if len(secret) >= 8:
            at = text.find(secret)
            if at >= 0 and (best is None or len(secret) > best[1] - best[0]):
                best = (at, at + len(secret))
    if best is not None:
        return list(best)
    if rule.regex:
        try:
            rx = re.compile(_go_regex_to_python(rule.regex))
        except re.error:
            return None
        m = rx.search(text)
        if m is None:
            return None
        if rule.secret_group and rule.secret_group <= (rx.groups or 0) and m.group(rule.secret_group):
            return list(m.span(rule.secret_group))
        for i in range(1, (rx.groups or 0) + 1):
            if m.group(i):
                return list(m.span(i))
        return list(m.span())
    return None


# -- Presidio's recognizer tests ----------------------------------------------------------------------


def extract_presidio(git_dir: Path) -> dict[str, Any]:
    cases: list[dict[str, Any]] = []
    for path in git_files(git_dir, PRESIDIO_TESTS):
        name = path.rsplit("/", 1)[-1]
        if not (name.startswith("test_") and name.endswith("_recognizer.py")):
            continue
        tree = ast.parse(git_show(git_dir, path))
        module_entities = _fixture_entities(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                table = _parametrize(deco)
                if table is None:
                    continue
                names, rows = table
                if "expected_len" not in names:
                    continue
                for row in rows:
                    try:
                        values = ast.literal_eval(row)
                    except (ValueError, SyntaxError):
                        continue
                    if not isinstance(values, tuple) or len(values) != len(names):
                        continue
                    record = dict(zip(names, values, strict=True))
                    text = values[0]
                    if not isinstance(text, str):
                        continue
                    entities = record.get("entities") or module_entities
                    if not entities:
                        continue
                    cases.append({
                        "file": name, "test": node.name, "text": text, "entities": list(entities),
                        "expected_len": int(record["expected_len"]),
                        "positions": _positions(record),
                    })  # fmt: skip
    return {"source": "github.com/microsoft/presidio", "commit": git_head(git_dir), "cases": cases}


def _fixture_entities(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "entities":
            for stmt in node.body:
                if isinstance(stmt, ast.Return) and stmt.value is not None:
                    try:
                        value = ast.literal_eval(stmt.value)
                    except ValueError:
                        return []
                    return [v for v in value if isinstance(v, str)]
    return []


def _parametrize(deco: ast.expr) -> tuple[list[str], list[ast.expr]] | None:
    if not (
        isinstance(deco, ast.Call)
        and isinstance(deco.func, ast.Attribute)
        and deco.func.attr == "parametrize"
    ):
        return None
    if (
        len(deco.args) < 2
        or not isinstance(deco.args[0], ast.Constant)
        or not isinstance(deco.args[1], ast.List | ast.Tuple)
    ):
        return None
    names = [n.strip() for n in str(deco.args[0].value).split(",")]
    return names, list(deco.args[1].elts)


def _positions(record: dict[str, Any]) -> list[list[int]] | None:
    for key in ("expected_positions", "expected_position", "expected_res"):
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, tuple | list) and len(value) == 2 and all(isinstance(v, int) for v in value):
            return [list(value)]
        spans = [
            list(v)
            for v in value
            if isinstance(v, tuple | list) and len(v) == 2 and all(isinstance(x, int) for x in v)
        ]
        if spans:
            return spans
    return None


# -- scoring ---------------------------------------------------------------------------------------------


def _overlaps(a: Sequence[int], start: int, end: int) -> bool:
    return start < a[1] and a[0] < end


def score_gitleaks(engine: Any, data: dict[str, Any]) -> dict[str, Any]:
    tp_total = tp_caught = fp_total = fp_flagged = cross_total = cross_flagged = 0
    # A string one rule lists as a false positive may be another rule's true positive (the Cloudflare
    # rules list each other's keys): flagging it is right, so it is counted apart as well.
    tp_texts = {case["text"] for rule in data["rules"] for case in rule["tps"]}
    misses: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    per_rule_tp: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_recognizer: Counter[str] = Counter()
    for rule in data["rules"]:
        for case in rule["tps"]:
            text = case["text"]
            found = [f for f in engine.scan(text).findings if f.category.value == "secret"]
            span = case["secret"] or [0, len(text)]
            hit = [f for f in found if _overlaps(span, f.start, f.end)]
            tp_total += 1
            per_rule_tp[rule["rule_id"]][1] += 1
            if hit:
                tp_caught += 1
                per_rule_tp[rule["rule_id"]][0] += 1
                by_recognizer[hit[0].recognizer] += 1
            else:
                misses[rule["rule_id"]] += 1
        for text in rule["fps"]:
            fp_total += 1
            cross = text in tp_texts
            cross_total += cross
            if any(f.category.value == "secret" for f in engine.scan(text).findings):
                fp_flagged += 1
                cross_flagged += cross
                flagged[rule["rule_id"] + (" (another rule's TP)" if cross else "")] += 1
    return {
        "rules": len(data["rules"]),
        "tp_total": tp_total, "tp_caught": tp_caught, "tp_recall": tp_caught / tp_total if tp_total else 0.0,
        "fp_total": fp_total, "fp_flagged": fp_flagged, "fp_rate": fp_flagged / fp_total if fp_total else 0.0,
        "fp_cross_tp": cross_total, "fp_cross_tp_flagged": cross_flagged,
        "fp_rate_own": (fp_flagged - cross_flagged) / max(1, fp_total - cross_total),
        "missed_by_rule": dict(misses.most_common()), "flagged_by_rule": dict(flagged.most_common()),
        "caught_by_recognizer": dict(by_recognizer.most_common()),
        "rules_fully_missed": sorted(r for r, (c, t) in per_rule_tp.items() if c == 0 and t),
    }  # fmt: skip


#: Entities found by the NER model, which this pattern-engine run does not load.
NER_ENTITIES = frozenset({"PERSON", "LOCATION"})

#: Why an expected span is not a finding by our conventions, in the order they are tried (one per span).
CONVENTIONS = (
    "names: NER model not loaded",
    "published test value (known-test-value note)",
    "private/reserved IP address (policy option)",
    "fictional NANP phone number (555-01xx)",
    "fails the scheme's check",
    "bare value of a scheme reported only beside its label",
    "lower-case form of a value read in capitals",
)


def _ip_value(value: str) -> str:
    """`[2001:db8::1]:8080`-free form of an expected IP span: brackets, zone and prefix length dropped."""
    return value.strip("[]'\"(),.").split("%", 1)[0].split("/", 1)[0]


def convention(entity: str, value: str, text: str) -> str | None:
    """The convention under which `value` (an expected `entity` span of a case `text`) is not a finding
    for us, or None when it should be one. Each test reads our own code: the known-test-value list, the
    IP classifier, the fictional-number rule, the detectors' checks, contexts and label requirements."""
    from dlpguard.engine.filters import KNOWN_EXAMPLE_VALUES, normalized
    from dlpguard.engine.recognizers.ip_address import ip_class
    from dlpguard.engine.recognizers.phone_number import FICTIONAL_NANP

    if entity in NER_ENTITIES:
        return CONVENTIONS[0]
    if normalized(value) in KNOWN_EXAMPLE_VALUES:
        return CONVENTIONS[1]
    if entity == "IP_ADDRESS":
        try:
            if ip_class(_ip_value(value)) != "public":
                return CONVENTIONS[2]
        except ValueError:
            pass
    if entity == "PHONE_NUMBER" and FICTIONAL_NANP.search(value):
        return CONVENTIONS[3]
    detectors = _pattern_detectors(entity)
    # Check digits and issued ranges of ID and account numbers; an address's or a phone's validation is
    # no published scheme check, so a value it rejects stays a miss.
    checked = [
        d for d in detectors
        if type(d).validate_result is not _base_validate()
        and d.CATEGORY.value in ("government_id", "financial")
    ]  # fmt: skip
    forms = {value, value.replace(":", "")}
    if checked and all(d.validate_result(v) is False for d in checked for v in forms):
        return CONVENTIONS[4]
    lowered = text.lower()
    if any(w.lower() in lowered for d in detectors for w in d.CONTEXT) or any(
        d.find(text, lowered) for d in detectors
    ):
        return None
    if _found_beside_label(detectors, value):
        return CONVENTIONS[5]
    if value != value.upper() and _found_beside_label(detectors, value.upper(), bare_too=True):
        return CONVENTIONS[6]
    return None


def _found_beside_label(detectors: list[Any], value: str, bare_too: bool = False) -> bool:
    """Whether one of `detectors` reports `value` once one of its own context words stands before it
    (or, with `bare_too`, as it is)."""
    texts = [value] if bare_too else []
    texts += [f"{w} {value}" for d in detectors for w in list(d.CONTEXT)[:3]]
    return any(d.find(t, t.lower()) for d in detectors for t in texts)


def _base_validate() -> Any:
    from dlpguard.engine.recognizers.base import PatternDetector

    return PatternDetector.validate_result


_DETECTORS: dict[str, list[Any]] = {}


def _pattern_detectors(entity: str) -> list[Any]:
    if not _DETECTORS:
        from dlpguard.engine.recognizers.base import PatternDetector
        from dlpguard.engine.registry import build_detectors

        for d in build_detectors():
            if isinstance(d, PatternDetector):
                _DETECTORS.setdefault(d.ENTITY, []).append(d)
    return _DETECTORS.get(entity, [])


def score_presidio(engine: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Recall over every expected span, and again over the spans that are findings by our conventions
    (`convention`): how many each convention removes is reported, so both figures can be quoted."""
    supported = set(engine.entity_types)
    expected = caught = negatives = flagged = 0
    in_scope: set[str] = set()
    out_scope: set[str] = set()
    per_entity: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_entity_conv: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    removed: Counter[str] = Counter()
    removed_caught: Counter[str] = Counter()
    conv_expected = conv_caught = 0
    for case in data["cases"]:
        wanted = [e for e in case["entities"] if e in supported]
        if not wanted:
            out_scope.update(case["entities"])
            continue
        in_scope.update(wanted)
        text = case["text"]
        findings = [f for f in engine.scan(text).findings if f.entity_type in wanted]
        entity = wanted[0]
        if case["expected_len"] == 0:
            negatives += 1
            flagged += bool(findings)
            continue
        spans = case["positions"]
        if spans and len(spans) == case["expected_len"]:
            units = [(text[a:b], any(_overlaps((a, b), f.start, f.end) for f in findings)) for a, b in spans]
        else:
            got = min(len(findings), case["expected_len"])
            units = [(text.strip(), k < got) for k in range(case["expected_len"])]
        for value, hit in units:
            expected += 1
            caught += hit
            per_entity[entity][0] += hit
            per_entity[entity][1] += 1
            why = convention(entity, value, text)
            if why is not None:
                removed[why] += 1
                removed_caught[why] += hit
                continue
            conv_expected += 1
            conv_caught += hit
            per_entity_conv[entity][0] += hit
            per_entity_conv[entity][1] += 1
    return {
        "in_scope_entities": sorted(in_scope), "out_of_scope_entities": sorted(out_scope - in_scope),
        "expected_spans": expected, "caught": caught, "recall": caught / expected if expected else 0.0,
        "negative_rows": negatives, "negatives_flagged": flagged,
        "per_entity": {k: {"caught": v[0], "expected": v[1]} for k, v in sorted(per_entity.items())},
        "by_conventions": {
            "expected_spans": conv_expected, "caught": conv_caught,
            "recall": conv_caught / conv_expected if conv_expected else 0.0,
            "removed": {k: removed[k] for k in CONVENTIONS if removed[k]},
            "removed_but_caught": {k: removed_caught[k] for k in CONVENTIONS if removed_caught[k]},
            "per_entity": {k: {"caught": v[0], "expected": v[1]} for k, v in sorted(per_entity_conv.items())},
        },
    }  # fmt: skip


# -- command line ----------------------------------------------------------------------------------------


def load_or_extract(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    CACHE.mkdir(exist_ok=True)
    gl_path, pr_path = CACHE / "gitleaks_cases.json", CACHE / "presidio_cases.json"
    if args.extract or not gl_path.exists():
        gl_path.write_text(json.dumps(extract_gitleaks(args.gitleaks_git)))
    if args.extract or not pr_path.exists():
        pr_path.write_text(json.dumps(extract_presidio(args.presidio_git)))
    return json.loads(gl_path.read_text()), json.loads(pr_path.read_text())


def _wait_for_vendor_rules() -> None:
    """Scores must not depend on whether Kingfisher's rules finished loading in the background."""
    try:
        from dlpguard.engine.recognizers import kingfisher
    except ImportError:
        return
    kingfisher.wait_until_ready()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", action="store_true", help="re-read the snapshots into bench/external/")
    parser.add_argument("--gitleaks-git", type=Path, default=DEFAULT_GITLEAKS)
    parser.add_argument("--presidio-git", type=Path, default=DEFAULT_PRESIDIO)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--misses", type=int, default=40, help="rule ids listed per table (0: all)")
    args = parser.parse_args(argv)

    gitleaks, presidio = load_or_extract(args)
    from dlpguard.engine.engine import Engine

    engine = Engine(load_model=False)
    _wait_for_vendor_rules()
    started = time.perf_counter()
    gl = score_gitleaks(engine, gitleaks)
    pr = score_presidio(engine, presidio)
    elapsed = time.perf_counter() - started
    skipped = sum(r["skipped_statements"] for r in gitleaks["rules"])
    print(f"gitleaks {gitleaks['commit'][:12]}: {gl['rules']} rules, {gl['tp_total']} TP and "
          f"{gl['fp_total']} FP "
          f"strings ({skipped} Go statements not run; rule functions without cases: "
          f"{', '.join(gitleaks.get('dropped', [])) or 'none'})")  # fmt: skip
    print(f"  TP recall   {gl['tp_recall']:.1%}  ({gl['tp_caught']}/{gl['tp_total']})   aim >= 92%")
    print(f"  FP flagged  {gl['fp_rate']:.1%}  ({gl['fp_flagged']}/{gl['fp_total']})   aim <= 3%")
    print(
        f"  FP flagged, leaving out the {gl['fp_cross_tp']} FP strings that are another rule's TP: "
        f"{gl['fp_rate_own']:.1%}  ({gl['fp_flagged'] - gl['fp_cross_tp_flagged']}/"
        f"{gl['fp_total'] - gl['fp_cross_tp']})"
    )
    limit = args.misses or None
    print(
        "  TP misses by rule:", ", ".join(f"{k}:{v}" for k, v in list(gl["missed_by_rule"].items())[:limit])
    )
    print(
        "  FP flagged by rule:", ", ".join(f"{k}:{v}" for k, v in list(gl["flagged_by_rule"].items())[:limit])
    )
    print("  caught by recognizer:", ", ".join(f"{k}:{v}" for k, v in gl["caught_by_recognizer"].items()))
    print(f"presidio {presidio['commit'][:12]}: in scope {', '.join(pr['in_scope_entities'])}")
    print(f"  recall      {pr['recall']:.1%}  ({pr['caught']}/{pr['expected_spans']} expected spans)")
    print(f"  negatives flagged {pr['negatives_flagged']}/{pr['negative_rows']}")
    print(
        "  per entity:", ", ".join(f"{k}:{v['caught']}/{v['expected']}" for k, v in pr["per_entity"].items())
    )
    conv = pr["by_conventions"]
    print(
        f"  recall by our conventions {conv['recall']:.1%}  ({conv['caught']}/{conv['expected_spans']} "
        f"expected spans; aim >= 90%)"
    )
    print(
        "  spans each convention removes (of which caught anyway):",
        "; ".join(f"{k}: {v} ({conv['removed_but_caught'].get(k, 0)})" for k, v in conv["removed"].items()),
    )
    print(
        "  per entity by conventions:",
        ", ".join(f"{k}:{v['caught']}/{v['expected']}" for k, v in conv["per_entity"].items()),
    )
    print(f"  out of scope: {', '.join(pr['out_of_scope_entities'])}")
    print(f"scored in {elapsed:.1f} s")
    if args.json:
        print(json.dumps({"gitleaks": gl, "presidio": pr}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
