"""The detection engine: a pure library the tray app, the native host and the CLI share."""

from __future__ import annotations

from dlpguard.engine.engine import Engine, EngineConfig
from dlpguard.engine.types import Category, Finding, ModelStatus, ScanContext, ScanResult

__all__ = ["Category", "Engine", "EngineConfig", "Finding", "ModelStatus", "ScanContext", "ScanResult"]
