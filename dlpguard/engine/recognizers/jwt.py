"""JSON Web Tokens: header and payload are base64url JSON (`eyJ` = `{"`), then a signature.

The header must decode to JSON with an `alg`; anything else shaped like a JWT is dropped.
Unsigned tokens (`alg: none`, empty signature) grant nothing and are not matched.
"""

from __future__ import annotations

import base64
import binascii
import json

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


def _b64url_json(part: str) -> object:
    padded = part + "=" * (-len(part) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError):
        return None


class JwtRecognizer(PatternDetector):
    ENTITY = "JWT"
    CATEGORY = Category.SECRET
    KEYWORDS = ("eyj",)
    PATTERNS = (
        Pattern(
            "jwt",
            r"eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{5,4000}\.eyJ[A-Za-z0-9_-]{5,20000}\.[A-Za-z0-9_-]{10,4000}"
            r"(?![A-Za-z0-9_-])",
            0.85,
        ),
    )
    CONTEXT = ("bearer", "jwt", "token", "authorization")

    def validate_result(self, pattern_text: str) -> bool | None:
        header = _b64url_json(pattern_text.split(".", 1)[0])
        return isinstance(header, dict) and "alg" in header
