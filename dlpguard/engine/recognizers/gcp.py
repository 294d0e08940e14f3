"""Google Cloud API keys and service-account key ids.

The PEM inside a service-account JSON is the private-key recognizer's; here we report the key id,
which names the key to revoke, and only when the text really is a service-account file.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

#: Keys published in firebase-android-sdk's samples and tests (the list gitleaks allows too): they ship in
#: public code and grant nothing private. Left out in the regex itself, so the recognizer stays a plain
#: pattern (the extension's built-in fallback check takes such patterns as they are).
PUBLISHED_EXAMPLE_KEYS = (
    "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
    "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM", "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
    "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
    "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
    "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY", "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
    "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
    "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
    "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE", "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
)  # fmt: skip
_NOT_PUBLISHED = "(?!(?:" + "|".join(re.escape(k[4:]) for k in PUBLISHED_EXAMPLE_KEYS) + ")(?![A-Za-z0-9_-]))"


class GcpApiKeyRecognizer(PatternDetector):
    ENTITY = "GCP_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("aiza",)
    PATTERNS = (
        Pattern(
            "gcp_api_key",
            r"AIza(?<![A-Za-z0-9_-]AIza)" + _NOT_PUBLISHED + r"[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])",
            0.9,
        ),
    )
    CONTEXT = ("google", "gcp", "api_key", "apikey", "api key", "firebase", "maps")


class GcpServiceAccountKeyRecognizer(PatternDetector):
    """`service_account` as keyword: the prefilter keeps this off texts that are not service-account JSON."""

    ENTITY = "GCP_SERVICE_ACCOUNT_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("service_account",)
    PATTERNS = (
        Pattern(
            "gcp_private_key_id",
            r"private_key_id[\"']?[ \t]*[:=][ \t]*[\"']?(?P<value>[0-9a-f]{40})(?![0-9A-Za-z])",
            0.9,
        ),
    )
    CONTEXT = ("service_account", "client_email", "gserviceaccount")
