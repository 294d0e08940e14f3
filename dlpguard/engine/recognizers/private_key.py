"""PEM and PGP private key blocks, reported whole from `-----BEGIN` to `-----END ...-----`.

Keys pasted out of JSON (a GCP service-account file) carry literal `\\n` escapes instead of line
breaks; the body pattern accepts both. Bodies that are placeholders (`...`, `<your key>`, a
truncated `MIIE...`) are not secrets, and neither are public keys or certificates (no PRIVATE in
their label). A block whose END was cut off is still reported, header and base64 lines only.
"""

from __future__ import annotations

import re

from dlpguard.engine.entropy import shannon_entropy
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_LABEL = r"(?:[A-Z0-9]{2,10} ){0,3}PRIVATE KEY(?: BLOCK)?"
_BEGIN = r"-----BEGIN " + _LABEL + r"-----"
_NEWLINE = r"(?:\r?\n|\\r?\\n)"

_ESCAPED_NEWLINE = re.compile(r"\\[rn]")
_HEADER_LINE = re.compile(r"^[A-Za-z-]+:.*$", re.MULTILINE)
_NON_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
_TEMPLATE = re.compile(r"<|>|(?i:your[ _-]|placeholder|redacted|replace[ _-]?(?:me|with))")

MIN_BODY_CHARS = 40
#: A body marked as cut short must still hold this much key material to count.
MIN_TRUNCATED_BODY_CHARS = 100
MIN_BODY_ENTROPY = 4.0


def key_body(block: str) -> str:
    """The text between the BEGIN line and the END line, escapes turned back into line breaks."""
    body = block.split("-----", 2)[-1]
    body = body.split("-----END", 1)[0]
    return _ESCAPED_NEWLINE.sub("\n", body)


class PrivateKeyRecognizer(PatternDetector):
    ENTITY = "PRIVATE_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("private key",)
    PATTERNS = (
        Pattern(
            "pem_private_key",
            # The body runs to the next "-----" (possessive, so no backtracking on a long paste).
            _BEGIN + r"[^-]*+(?:-(?!----)[^-]*+)*+-----END " + _LABEL + r"-----",
            0.95,
        ),
        Pattern(
            "pem_private_key_unterminated",
            # ... and runs out without an END shortly after (a "..." line may stand before the END).
            _BEGIN
            + r"(?:(?:[ \t]*"
            + _NEWLINE
            + r")++[ \t]*[A-Za-z0-9+/=]{16,200})++(?![^-]{0,100}-----END)",
            0.9,
        ),
    )
    CONTEXT = ("key", "ssh", "pem", "rsa")

    def validate_result(self, pattern_text: str) -> bool | None:
        body = key_body(pattern_text)
        if _TEMPLATE.search(body):
            return False
        truncated = "..." in body or "\u2026" in body
        material = _NON_BASE64.sub("", _HEADER_LINE.sub("", body))
        needed = MIN_TRUNCATED_BODY_CHARS if truncated else MIN_BODY_CHARS
        return len(material) >= needed and shannon_entropy(material) >= MIN_BODY_ENTROPY
