"""One error root for the whole product, with a few named children translated at boundaries."""

from __future__ import annotations


class DlpGuardError(Exception):
    """Root of every error DLP Guard raises on purpose."""


class InputError(DlpGuardError):
    """Input that cannot be scanned: binary data, NUL bytes, invalid encoding, too large."""


class ModelError(DlpGuardError):
    """The NER model is missing, fails verification or cannot be loaded."""


class PolicyError(DlpGuardError):
    """A policy file that cannot be parsed, validated or verified."""


class IncidentLogError(DlpGuardError):
    """The incident log cannot be opened, written or verified."""


class BridgeError(DlpGuardError):
    """A malformed or oversized bridge message, or a broken connection."""
