"""The pattern pass of a large text's windows in worker processes (`EngineConfig.workers`).

Windows are independent in the pattern pass: each is scanned and filtered on its own, and a finding
belongs to the window that owns its start. So a text of `EngineConfig.parallel_min_chars` or more has
its windows shared between the scanning thread and a small pool of worker processes:

- The pool starts lazily, at the first large scan (its start, 1.5 s on a busy 2-core box, is paid by
  that scan, while the scanning thread works on),
  and lives as long as the engine; it is shut down with the engine (`Engine.close`), when the engine is
  collected, or at exit. Workers are *spawned*, never forked: a host has threads (the NER load,
  Kingfisher's, a tray app's UI) that a fork would copy mid-flight.
- Each worker builds `Engine(config, load_model=False)` once and waits for Kingfisher's rules; the
  pool is used only while the scanning process has them too, so both sides run the same detectors.
- A window goes out as plain data (text, base, owned stretch) and comes back as plain data (the
  `WindowPass`); results are put back in window order, so a parallel scan's findings are the
  sequential scan's, in the same order.
- The scanning thread works too: it takes windows from the back, one at a time, while the workers take
  them from the front, two queued each. With `workers` = 2 the pool has one process. No future is ever
  cancelled mid-scan (in Python 3.11 that races a broken pool's manager thread).
- Any pool error (a worker that dies, a config that does not pickle, a worker that cannot build its
  engine) is logged once, the pool is shut down for good, and the scan is done sequentially.
- A shell that changes `Engine.detectors` after building the engine, or scans before Kingfisher's rules
  are in, gets a sequential scan (a worker could not build the same detectors).
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dlpguard.engine.chunking import Window

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

#: What `Engine._window_pass` returns (engine.py's `WindowPass`): named here without importing the engine,
#: which imports this module.
WindowPass = Any

logger = logging.getLogger(__name__)

#: `EngineConfig.workers` None: this many at most (the scanning thread included), and no more than the
#: machine has cores. Each worker holds a full engine (about 75 MB), so a 32-core box does not get 32.
MAX_AUTO_WORKERS = 4
#: Windows queued per worker process: one running, the next ready when it is done.
_QUEUED_PER_WORKER = 2


def effective_workers(workers: int | None) -> int:
    """Processes that scan a large text's windows, the scanning one included (1: sequential)."""
    if workers is None:
        return max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))
    return max(1, workers)


def vendor_rules_ready() -> bool:
    """Whether Kingfisher's rules are in (or Kingfisher is not installed: nothing to wait for)."""
    try:
        from dlpguard.engine.recognizers import kingfisher
    except ImportError:  # pragma: no cover - a build without the wheel
        return True
    return kingfisher.ready()


class WindowPool:
    """A lazily started process pool for one engine's window passes (module docstring)."""

    def __init__(self, config: Any, processes: int, engine_class: type) -> None:
        """`config` is the engine's `EngineConfig`; `engine_class` the `Engine` each worker builds from it
        (passed in, since the engine imports this module)."""
        self._config = config
        self._engine_class = engine_class
        self._processes = processes
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        #: Done once the workers have built their engines: until then the scanning thread works alone.
        self._ready: Future[None] | None = None
        self.broken = False
        #: Scans that asked the pool, and windows its workers scanned (tests and benchmarks read them).
        self.scans = 0
        self.worker_windows = 0

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _get(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self.broken:
                return None
            if self._executor is None:
                try:
                    blob = pickle.dumps(self._config)
                except Exception as exc:  # e.g. an extra detector holding a lock or a native handle
                    self._fail(f"engine config cannot be sent to workers: {exc!r}")
                    return None
                # Imported here: multiprocessing is no part of a small paste's path (a native host's start).
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                self._executor = ProcessPoolExecutor(
                    max_workers=self._processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(blob, self._engine_class),
                )
                self._ready = self._executor.submit(_ready)
            return self._executor

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Starts the pool and waits until a worker is ready (tests, benchmarks, a host warming up)."""
        if self._get() is None or self._ready is None:
            return False
        try:
            self._ready.result(timeout)
        except Exception:
            return False
        return True

    def _fail(self, reason: str, cancel: bool = True) -> None:
        logger.warning("parallel window scan disabled, scanning sequentially: %s", reason)
        self.broken = True
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=cancel)

    def run(
        self, windows: Sequence[Window], keep: bool, local: Callable[[Window], WindowPass]
    ) -> list[WindowPass] | None:
        """Every window's pass, in window order; None when the pool failed (the caller scans
        sequentially). `local` scans a window in this process."""
        executor = self._get()
        ready = self._ready
        if executor is None or ready is None:
            return None
        from concurrent.futures import BrokenExecutor

        results: list[Any] = [None] * len(windows)
        pending: dict[int, Future[WindowPass]] = {}
        front, back = 0, len(windows)  # windows[front:back] are not taken yet
        workers = self._processes
        try:
            # The workers take windows from the front, a few queued each, so none waits for this thread;
            # this thread takes them from the back, one at a time, topping the queue up in between. No
            # window is queued before the workers are ready: a window never waits for a starting pool.
            while True:
                # Two queued per worker while many windows are left, one near the end: at the end this
                # thread waits for what is queued.
                depth = workers * (_QUEUED_PER_WORKER if back - front > 3 * workers else 1)
                while _started(ready) and len(pending) < depth and front < back:
                    w = windows[front]
                    job = (w.text, w.base, w.own_start, w.own_end)
                    pending[front] = executor.submit(_worker_pass, job, keep)
                    front += 1
                for i in [i for i, f in pending.items() if f.done()]:
                    results[i] = pending.pop(i).result()
                if front >= back:
                    break
                back -= 1
                results[back] = local(windows[back])
            for i, future in pending.items():
                results[i] = future.result()
        except Exception as exc:
            # A broken pool fails its futures itself: cancelling them would race its manager thread.
            with self._lock:
                self._fail(f"{type(exc).__name__}: {exc}", cancel=not isinstance(exc, BrokenExecutor))
            return None
        self.scans += 1
        self.worker_windows += front
        if ready.done() and ready.exception() is not None:  # all windows were scanned here meanwhile
            with self._lock:
                self._fail(f"workers did not start: {ready.exception()!r}", cancel=False)
        return results

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
            self.broken = True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


# -- in the worker process ------------------------------------------------------------------------

_WORKER_ENGINE: Any = None
#: Scanned once by a new worker, so its first windows do not pay for its caches and lazy patterns.
_WARM_UP = (
    "Hi Priya,\nplease call +44 20 7183 0958 or mail priya.raman@contoso.com.\n"
    "Name,Email,Phone,Address\nJane Doe,jane@example.org,555-0100,12 Main Street, Springfield\n"
    "IBAN GB82 WEST 1234 5698 7654 32, card 4539 1488 0343 6467, SSN 536-22-8815, DOB 1980-02-03\n"
    "password=hunter2 token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 host 81.2.69.160\n"
    "Diagnosis: type 2 diabetes; taking metformin 500 mg twice daily. Kind regards, Tomasz\n"
) * 20


def _start_worker(blob: bytes, engine_class: type) -> None:
    global _WORKER_ENGINE  # one engine per worker process, built once
    # A native-messaging host's stdout is the browser's channel: nothing a worker prints may reach it.
    os.dup2(2, 1)
    config = pickle.loads(blob)  # noqa: S301 - our own config, from the parent process
    engine = engine_class(config, load_model=False)
    engine.close()  # a worker never starts a pool of its own
    for detector in engine.detectors:  # compiled now, not in the first windows the worker is sent
        getattr(detector, "_compiled", None)
    engine.scan(_WARM_UP)
    _WORKER_ENGINE = engine
    try:
        from dlpguard.engine.recognizers import kingfisher
    except ImportError:  # pragma: no cover - a build without the wheel
        return
    if not kingfisher.wait_until_ready():
        raise RuntimeError("Kingfisher rules did not load in a worker")


def _started(ready: Future[None]) -> bool:
    return ready.done() and ready.exception() is None


def _ready() -> None:
    """Run once the initializer has built the worker's engine."""


def _worker_pass(window: tuple[str, int, int, int], keep: bool) -> WindowPass:
    if _WORKER_ENGINE is None:  # pragma: no cover - the initializer failed and the pool is broken
        raise RuntimeError("worker engine not built")
    return _WORKER_ENGINE._window_pass(Window(*window), keep)
