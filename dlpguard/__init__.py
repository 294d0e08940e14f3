"""DLP Guard: stop secrets and personal data before they reach AI chat sites."""

from __future__ import annotations

__version__ = "0.1.0"
