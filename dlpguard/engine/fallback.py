"""High-confidence engine rules a browser can run: the extension's last line when no host answers.

Under `fail_mode: open` a dead or missing host used to mean "everything goes through". The extension now
runs a small built-in check first: the vendor-prefixed secret patterns the engine itself scores >= 0.9
with no post-check of their own (a prefix and a length say enough), a private-key header, and
Luhn-valid card numbers (the Luhn part is code in the extension). This module picks those rules from the
recognizer registry, so a new token recognizer reaches the extension by regenerating, never by copying a
regex by hand; a pattern that does not translate to a JavaScript regex is left out (and a test names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dlpguard.engine.filters import KNOWN_EXAMPLE_VALUES
from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.registry import discover
from dlpguard.engine.types import Category

#: A pattern must score at least this to be trusted without the engine's context and filters.
MIN_SCORE = 0.9
#: Python-only syntax: inline flags (scoped or global), possessive quantifiers and atomic groups,
#: `\A`/`\Z`, comments, conditionals. Each either fails in a browser or means something else there.
_UNPORTABLE = re.compile(r"\(\?[aiLmsux-]+[:)]|[*+?}]\+|\(\?>|\\[AZ]|\(\?#|\(\?\(")
#: The hooks that make a detector's matches depend on more than its regex.
_HOOKS = ("validate_result", "invalidate_result", "score_match", "find", "span_of", "applies")

#: A private key's armour line is a secret on its own; the engine's own PEM patterns use possessive
#: quantifiers (not portable), so the header is stated here as the one extra rule.
_PRIVATE_KEY_HEADER = r"-----BEGIN (?:[A-Z0-9]{2,10} ){0,3}PRIVATE KEY(?: BLOCK)?-----"


@dataclass(frozen=True, slots=True)
class FallbackRule:
    """One browser-side rule: the entity and category it reports and a JavaScript regex source."""

    entity: str
    category: str
    rule: str
    source: str

    def as_js(self) -> dict[str, str]:
        return {"entity": self.entity, "category": self.category, "rule": self.rule, "source": self.source}


def portable(regex: str) -> str | None:
    """`regex` as JavaScript source (named groups respelled), or None when it uses Python-only syntax."""
    if _UNPORTABLE.search(regex):
        return None
    return regex.replace("(?P<", "(?<")


def _plain(cls: type[PatternDetector]) -> bool:
    """True when the detector's matches are exactly its regexes' (no hook of its own)."""
    return not cls.REQUIRES_CONTEXT and all(getattr(cls, h) is getattr(PatternDetector, h) for h in _HOOKS)


def candidates() -> list[tuple[type[PatternDetector], str, str]]:
    """(detector, pattern name, regex) for every secret pattern scored >= MIN_SCORE by a plain detector."""
    out = []
    for cls in discover():
        if not issubclass(cls, PatternDetector) or cls.CATEGORY != Category.SECRET or not _plain(cls):
            continue
        if cls.FLAGS & ~(re.MULTILINE | re.UNICODE):
            continue  # IGNORECASE, DOTALL, VERBOSE: not worth translating for a last line
        out.extend((cls, p.name, p.regex) for p in cls.PATTERNS if p.score >= MIN_SCORE)
    return out


@cache
def fallback_rules() -> tuple[FallbackRule, ...]:
    """The rules the extension runs when no host answers, in registry order."""
    rules = [
        FallbackRule(cls.ENTITY, str(cls.CATEGORY), name, js)
        for cls, name, regex in candidates()
        if (js := portable(regex)) is not None
    ]
    rules.append(FallbackRule("PRIVATE_KEY", str(Category.SECRET), "private_key_header", _PRIVATE_KEY_HEADER))
    return tuple(rules)


def fallback_known_values() -> tuple[str, ...]:
    """Published example values (lower case, separators removed) the built-in check never reports."""
    return tuple(sorted(KNOWN_EXAMPLE_VALUES))
