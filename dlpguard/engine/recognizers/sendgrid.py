"""SendGrid API keys: `SG.` + 22-character key id + `.` + 43-character secret."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class SendGridKeyRecognizer(PatternDetector):
    ENTITY = "SENDGRID_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sg.",)
    PATTERNS = (
        Pattern(
            "sendgrid_key",
            r"SG\.(?<![A-Za-z0-9_.-]SG\.)[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])",
            0.95,
        ),
    )
    CONTEXT = ("sendgrid", "smtp", "mail")
