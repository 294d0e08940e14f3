"""Google Cloud API keys and service-account key ids.

The PEM inside a service-account JSON is the private-key recognizer's; here we report the key id,
which names the key to revoke, and only when the text really is a service-account file.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class GcpApiKeyRecognizer(PatternDetector):
    ENTITY = "GCP_API_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("aiza",)
    PATTERNS = (Pattern("gcp_api_key", r"AIza(?<![A-Za-z0-9_-]AIza)[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", 0.9),)
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
