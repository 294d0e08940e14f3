"""Indian Aadhaar number (twelve digits, often 4-4-4, Verhoeff check) and PAN (tax account number).

Twelve-digit numbers are common (AWS account ids, order numbers) and one in ten passes Verhoeff, so
the word is needed. A PAN has no check character; its fourth letter names the holder's kind (P person,
C company, H family, F firm, A/B associations, G government, J juridical, L local authority, T trust),
and it too needs its label.
"""

from __future__ import annotations

from dlpguard.engine.checksums import in_aadhaar_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class InAadhaarRecognizer(PatternDetector):
    ENTITY = "IN_AADHAAR"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "in_aadhaar",
            r"[2-9](?<![\w/+-].)(?<!\d\..)\d{3}(?P<sep>[ -]?)\d{4}(?P=sep)\d{4}(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("aadhaar", "aadhar", "uidai", "आधार")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return in_aadhaar_valid(strip_separators(pattern_text))


class InPanRecognizer(PatternDetector):
    """`ABCPD1234E`: five letters, four digits, a letter."""

    ENTITY = "IN_PAN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("in_pan", r"[A-Z](?<![\w-].)[A-Z]{2}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?![\w-])", 0.5),
        Pattern(
            "in_pan_labelled",
            r"(?<![\w-])(?P<label>PAN)[ \t]*(?:#|No\.?|:)?[ \t]*"
            r"(?P<value>[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z])(?![\w-])",
            0.5,
        ),
    )
    CONTEXT = (
        "permanent account number",
        "pan card",
        "pan no",
        "pan number",
        "pan:",
        "pan #",
        "pan#",
        "(pan)",
        "income tax",
        "स्थायी खाता संख्या",
    )
    KEYWORDS = ("pan", "permanent account", "income tax", "स्थायी खाता")
    REQUIRES_CONTEXT = True
