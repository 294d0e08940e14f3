"""One error root for the whole product, with a few named children translated at boundaries."""

from __future__ import annotations

import traceback


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


class UnsafePathError(DlpGuardError, PermissionError):
    """A folder we would keep private data or a socket in belongs to, or can be swapped by, another user."""


class EngineUnavailable(DlpGuardError):
    """The scanning engine could not be built (model, recognizers); shells apply the fail mode."""


def describe_exception(exc: BaseException) -> str:
    """Type and where it happened, without the message: messages may quote the text being scanned."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{type(exc).__name__}" + (f" at {where}" if where else "")
