"""Work off the UI thread: engine loading, scans, incident writes and log queries.

`Background.run(fn, on_done, on_error)` runs `fn` on a `QThreadPool` and calls back on the UI thread
(a queued signal), so the UI never waits for the engine, the model or SQLite. The pool is small: a
scan is CPU-bound and the machine's other work (browsers' scans on the bridge threads) shares it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from dlpguard.errors import describe_exception

logger = logging.getLogger(__name__)

MAX_THREADS = 2


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from a pool thread are queued to it."""

    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the caller's on_error, never lost
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


class Background(QObject):
    """One per app; `pending` counts jobs not yet called back (tests wait on it)."""

    def __init__(self, max_threads: int = MAX_THREADS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    @property
    def pending(self) -> int:
        return len(self._relays)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if callback is not None:
                callback(value)

        def failed(exc: Exception) -> None:
            if on_error is None:
                logger.error("background job failed: %s", describe_exception(exc))
            finish(on_error, exc)

        relay.done.connect(lambda value: finish(on_done, value))
        relay.failed.connect(failed)
        self.pool.start(_Task(fn, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Waits for the running jobs (shutdown and tests); callbacks still need the event loop."""
        return self.pool.waitForDone(msecs)
