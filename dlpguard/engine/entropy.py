"""Shannon entropy and character-class helpers: how random a candidate secret looks.

Assignment-based recognizers (passwords, generic secrets) see every `token = ...` in a paste; these
cheap measures separate `token = "Zk3q9...` from `token = "bert-base-uncased"` without a model.
"""

from __future__ import annotations

import math
from collections import Counter

HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def shannon_entropy(value: str) -> float:
    """Bits per character of `value` (0.0 for the empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lowercase, uppercase, digits and other printable characters occur."""
    lower = upper = digit = other = False
    for ch in value:
        if ch.islower():
            lower = True
        elif ch.isupper():
            upper = True
        elif ch.isdigit():
            digit = True
        elif not ch.isspace():
            other = True
    return lower + upper + digit + other


def alnum_classes(value: str) -> int:
    """Lowercase, uppercase and digit classes only: punctuation does not make `my-secret-value` random."""
    return any(c.islower() for c in value) + any(c.isupper() for c in value) + any(c.isdigit() for c in value)


def is_hex(value: str) -> bool:
    return bool(value) and all(c in HEX_DIGITS for c in value)


def entropy_threshold(length: int, hex_only: bool = False) -> float:
    """Entropy a random string of `length` characters comfortably exceeds.

    A random string cannot have more than log2(length) bits per character, so short strings get a
    lower bar; hex has at most 4 bits per character whatever its length.
    """
    ceiling = 4.0 if hex_only else 6.0
    return min(ceiling * 0.75, math.log2(max(length, 2)) * 0.75)


def looks_random(value: str, min_length: int = 16, min_classes: int = 2) -> bool:
    """True for strings that look like generated keys rather than words, names or identifiers."""
    if len(value) < min_length:
        return False
    hex_only = is_hex(value)
    if not hex_only and alnum_classes(value) < min_classes:
        return False
    if hex_only and not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    return shannon_entropy(value) >= entropy_threshold(len(value), hex_only)
