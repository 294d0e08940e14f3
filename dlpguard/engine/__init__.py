"""The detection engine: a pure library the tray app, the native host and the CLI share.

Names are resolved lazily so that importing `dlpguard.engine.types` (incident log, policy schema)
does not pay for presidio and spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlpguard.engine.engine import Engine, EngineConfig
    from dlpguard.engine.types import Category, Finding, ModelStatus, ScanContext, ScanResult

__all__ = ["Category", "Engine", "EngineConfig", "Finding", "ModelStatus", "ScanContext", "ScanResult"]


def __getattr__(name: str) -> Any:
    if name in ("Engine", "EngineConfig"):
        from dlpguard.engine import engine

        return getattr(engine, name)
    if name in __all__:
        from dlpguard.engine import types

        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
