"""The guard's tests use the bridge's private-dirs environment and its pattern-only policy."""

from __future__ import annotations

from tests.bridge.conftest import bridge_env

__all__ = ["bridge_env"]
