"""Made-up secret shapes for the recognizer tests.

Built at run time from a seeded generator, so no token-shaped literal sits in the repository (and
no push-protection scanner mistakes a fixture for a leak). Same arguments, same string, every run.
"""

from __future__ import annotations

import random
import string

ALNUM = string.ascii_letters + string.digits
LETTERS = string.ascii_letters
HEX = "0123456789abcdef"
BASE64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"
DIGITS = string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits


def fake(length: int, alphabet: str = ALNUM, seed: int = 0) -> str:
    rng = random.Random(f"{seed}:{length}:{alphabet}")
    return "".join(rng.choice(alphabet) for _ in range(length))


def pem_body(lines: int = 6, seed: int = 0, width: int = 64) -> list[str]:
    return [fake(width, BASE64, seed * 100 + i) for i in range(lines)]


def pem(label: str = "RSA PRIVATE KEY", lines: int = 6, seed: int = 0, newline: str = "\n") -> str:
    body = newline.join(pem_body(lines, seed))
    return f"-----BEGIN {label}-----{newline}{body}{newline}-----END {label}-----"
