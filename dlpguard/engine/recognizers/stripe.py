"""Stripe live secret and restricted keys.

Test-mode keys (`sk_test_`) move no money and publishable keys (`pk_`) are public by design, so
neither is reported.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class StripeKeyRecognizer(PatternDetector):
    ENTITY = "STRIPE_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("sk_live_", "rk_live_")
    PATTERNS = (
        Pattern(
            "stripe_live_key",
            r"[sr]k_live_(?<![A-Za-z0-9_][sr]k_live_)[0-9A-Za-z]{24,99}(?![A-Za-z0-9_])",
            0.95,
        ),
    )
    CONTEXT = ("stripe", "secret key", "api key")
