"""The policy in force, reloaded live: a thread-safe store fed by a watchdog observer.

The observer watches the *folders* holding the admin policy, its signature, the user preferences and
the installed public keys (`keys/`, also when it is created later), not the files: an atomic replace
(write temp + rename), a delete and a re-create all change the folder, while a watch on the file itself
would die with the old inode. Bursts of events (an editor writes, truncates, renames) are debounced
into one reload. What is in force after each reload is what `resolve.resolve_policy` says, so the tray,
a native host, `policy show` and `doctor` agree: a refused file never replaces the policy in force with
itself, subscribers hear `PolicyRejected` with the error, and the status says what is used instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from dlpguard.errors import PolicyError
from dlpguard.policy.last_good import CACHE_FILE, LastGoodPolicy
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import (
    LoadedPolicy,
    PolicySources,
    PolicyState,
    PolicyStatus,
    Resolution,
    resolve_policy,
)
from dlpguard.policy.schema import Policy
from dlpguard.policy.signing import signature_path

__all__ = [
    "PolicyEvent",
    "PolicyRejected",
    "PolicyReloaded",
    "PolicyState",
    "PolicyStatus",
    "PolicyStore",
]

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.25


@dataclass(frozen=True)
class PolicyReloaded:
    loaded: LoadedPolicy
    status: PolicyStatus

    @property
    def policy(self) -> Policy:
        return self.loaded.effective.policy


@dataclass(frozen=True)
class PolicyRejected:
    """The admin file was refused or is missing; `status.kept` says what is in force instead (the store's
    `loaded`), which may have changed, e.g. when a newly installed key refuses an unsigned policy."""

    error: PolicyError
    status: PolicyStatus


PolicyEvent = PolicyReloaded | PolicyRejected
Subscriber = Callable[[PolicyEvent], None]


class PolicyStore:
    """Holds the policy in force and the last error; `subscribe` to hear reloads and refusals.

    Callbacks run on the thread that reloaded (the watcher's, or the caller of `reload()`); they must
    not block. A callback that raises is logged and does not stop the others.
    """

    def __init__(
        self,
        sources: PolicySources | None = None,
        replay: ReplayGuard | None = None,
        *,
        last_good: LastGoodPolicy | None = None,
        debounce_seconds: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.sources = sources or PolicySources.from_environment()
        self.replay = replay or ReplayGuard()
        self.last_good = last_good or LastGoodPolicy(self.replay.state_path.with_name(CACHE_FILE))
        self._lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._subscribers: list[Subscriber] = []
        self._debouncer = _Debouncer(debounce_seconds, self._reload_quietly)
        self._observer: BaseObserver | None = None
        self._handler: _Handler | None = None
        self._keys_watch: ObservedWatch | None = None
        resolution = self._resolve(None)
        if resolution.error is not None:
            logger.error("%s", resolution.status.describe())
        self._loaded, self._status, self._error = resolution.loaded, resolution.status, resolution.error

    # -- state -----------------------------------------------------------------------------------

    def _resolve(self, current: LoadedPolicy | None) -> Resolution:
        return resolve_policy(self.sources, self.replay, self.last_good, record=True, current=current)

    @property
    def loaded(self) -> LoadedPolicy:
        with self._lock:
            return self._loaded

    @property
    def policy(self) -> Policy:
        return self.loaded.effective.policy

    @property
    def status(self) -> PolicyStatus:
        with self._lock:
            return self._status

    @property
    def last_error(self) -> PolicyError | None:
        with self._lock:
            return self._error

    # -- events ----------------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Adds `callback`; returns a function that removes it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def _publish(self, event: PolicyEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:
                logger.exception("policy subscriber %r failed", callback)

    # -- reloading -------------------------------------------------------------------------------

    def reload(self) -> PolicyEvent:
        """Re-reads every layer (and the installed keys) now; a refused file never goes into force."""
        with self._reload_lock:
            event = self._reload_once()
        self._publish(event)
        return event

    def _reload_once(self) -> PolicyEvent:
        resolution = self._resolve(self.loaded)
        loaded, status, error = resolution.loaded, resolution.status, resolution.error
        with self._lock:
            self._loaded, self._status, self._error = loaded, status, error
        if error is None:
            for note in loaded.notes:
                logger.warning("%s", note)
            logger.info("%s", status.describe())
            return PolicyReloaded(loaded, status)
        if status.state is PolicyState.MISSING:
            logger.warning("%s", status.describe())
        else:
            logger.error("policy refused, using %s:\n%s", status.kept, error)
        return PolicyRejected(error, status)

    def _reload_quietly(self) -> None:
        self._sync_keys_watch()
        self.reload()

    # -- watching --------------------------------------------------------------------------------

    def watched_paths(self) -> set[Path]:
        admin = self.sources.admin_path
        return {p.absolute() for p in (admin, signature_path(admin), self.sources.preferences_path)}

    def start(self) -> None:
        """Starts watching; folders that do not exist yet are skipped with a warning (except `keys/`,
        which is watched from the moment it appears)."""
        if self._observer is not None:
            return
        self._debouncer.start()
        keys_dir = self.sources.keys_dir.absolute()
        handler = _Handler(self.watched_paths(), keys_dir, self._debouncer.trigger)
        observer = Observer()
        folders = {p.parent for p in self.watched_paths()} | {keys_dir.parent}
        for folder in sorted(folders):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=False)
            else:
                logger.warning("policy folder %s does not exist: changes there are not watched", folder)
        observer.daemon = True
        observer.start()
        self._observer, self._handler = observer, handler
        self._sync_keys_watch()

    def _sync_keys_watch(self) -> None:
        """Watches `keys/` while it exists: it may be created after the app started, or removed."""
        observer, handler = self._observer, self._handler
        if observer is None or handler is None:
            return
        keys_dir = self.sources.keys_dir.absolute()
        exists = keys_dir.is_dir()
        if exists and self._keys_watch is None:
            self._keys_watch = observer.schedule(handler, str(keys_dir), recursive=False)
        elif not exists and self._keys_watch is not None:
            watch, self._keys_watch = self._keys_watch, None
            with contextlib.suppress(KeyError):  # already gone with the folder
                observer.unschedule(watch)

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        self._handler, self._keys_watch = None, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        self._debouncer.stop()

    def __enter__(self) -> PolicyStore:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class _Handler(FileSystemEventHandler):
    _IGNORED = frozenset({"opened", "closed_no_write"})
    _FOLDER_EVENTS = frozenset({"created", "deleted", "moved"})

    def __init__(self, watched: set[Path], keys_dir: Path, trigger: Callable[[], None]) -> None:
        self._watched = watched
        self._keys_dir = keys_dir
        self._trigger = trigger

    def _relevant(self, path: Path, is_directory: bool, event_type: str) -> bool:
        if is_directory:  # only `keys/` itself appearing or going away (then it is watched, or not)
            return path == self._keys_dir and event_type in self._FOLDER_EVENTS
        return path in self._watched or (path.parent == self._keys_dir and path.suffix == ".pub")

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in self._IGNORED:
            return
        paths = (event.src_path, getattr(event, "dest_path", "") or "")
        if any(
            self._relevant(Path(os.fsdecode(p)).absolute(), event.is_directory, event.event_type)
            for p in paths
            if p
        ):
            self._trigger()


class _Debouncer:
    """Runs `action` once, `delay` seconds after the last `trigger()`, on one worker thread."""

    def __init__(self, delay: float, action: Callable[[], None]) -> None:
        self._delay = delay
        self._action = action
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._cond:
            self._stopped = False
        self._thread = threading.Thread(target=self._run, name="dlpguard-policy-reload", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        with self._cond:
            self._deadline = time.monotonic() + self._delay
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and self._deadline is None:
                    self._cond.wait()
                if self._stopped:
                    return
                remaining = self._deadline - time.monotonic() if self._deadline is not None else 0.0
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                self._deadline = None
            try:
                self._action()
            except Exception:
                logger.exception("policy reload failed")
