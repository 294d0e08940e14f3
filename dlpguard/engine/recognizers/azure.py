"""Azure storage account keys and connection strings (storage, Service Bus, Event Hubs, IoT Hub).

A connection string is reported whole, so the AccountKey inside it is swallowed by the longer
finding at overlap resolution. The Azurite emulator's account key is published and never reported.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers._scoped import AnchoredDetector
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

#: The storage emulator's fixed, documented key (Azurite / Azure Storage Emulator).
EMULATOR_ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

_SECRET_FIELD = re.compile(
    r"(?i)(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*([^;]+)"
)


class AzureStorageKeyRecognizer(AnchoredDetector):
    """88-character base64 strings are common (digests, blobs): a storage-key name must come first."""

    ENTITY = "AZURE_STORAGE_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = (
        "accountkey",
        "account_key",
        "account key",
        "storagekey",
        "storage_key",
        "storage key",
        "storage",
        "azure",
    )
    PATTERNS = (
        Pattern(
            "azure_storage_key",
            r"(?i:accountkey|account_key|account key|storage|azure)[\s\S]{0,80}?"
            r"(?<![A-Za-z0-9+/])(?P<value>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])",
            0.85,
        ),
    )
    CONTEXT = ("key",)

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if pattern_text == EMULATOR_ACCOUNT_KEY else None


class AzureConnectionStringRecognizer(PatternDetector):
    ENTITY = "AZURE_CONNECTION_STRING"
    CATEGORY = Category.SECRET
    KEYWORDS = ("defaultendpointsprotocol", "sharedaccesskey", "sharedaccesssignature", "accountkey")
    PATTERNS = (
        Pattern(
            "azure_storage_connection_string",
            r"(?<![A-Za-z0-9])(?:DefaultEndpointsProtocol|BlobEndpoint|AccountName)=[^\s\"'`<>]{7,2000}[^\s\"'`<>.,)]",
            0.9,
        ),
        Pattern(
            "azure_sas_connection_string",
            r"(?<![A-Za-z0-9])(?:Endpoint=sb://|HostName=)[^\s\"'`<>]{7,2000}[^\s\"'`<>.,)]",
            0.9,
        ),
    )
    CONTEXT = ("azure", "connection", "storage", "servicebus", "eventhub", "iothub")

    def validate_result(self, pattern_text: str) -> bool | None:
        """Only a string carrying a key or SAS is a secret; the emulator's well-known string is not."""
        secrets = [m.group(1).strip() for m in _SECRET_FIELD.finditer(pattern_text)]
        if not secrets or EMULATOR_ACCOUNT_KEY in secrets:
            return False
        return any(len(s) >= 20 for s in secrets)
