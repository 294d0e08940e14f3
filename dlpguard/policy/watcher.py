"""The policy in force, reloaded live: a thread-safe store fed by a watchdog observer.

The observer watches the *folders* holding the admin policy, its signature and the user preferences,
not the files: an atomic replace (write temp + rename), a delete and a re-create all change the
folder, while a watch on the file itself would die with the old inode. Bursts of events (an editor
writes, truncates, renames) are debounced into one reload. A refused file never replaces the policy
in force: the last good one stays, and subscribers hear `PolicyRejected` with the error.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from dlpguard.errors import PolicyError
from dlpguard.policy.layers import build_effective
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import (
    LoadedPolicy,
    PolicyMissingError,
    PolicySources,
    load_policy,
    read_preferences,
)
from dlpguard.policy.schema import Policy
from dlpguard.policy.signing import signature_path

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.25


class PolicyState(StrEnum):
    ADMIN = "admin"  # the admin policy is in force
    DEFAULT = "default"  # no admin policy installed: the built-in default is in force
    MISSING = "missing"  # the admin file was deleted: the last good policy stays in force
    REJECTED = "rejected"  # the admin file was refused: the last good policy stays in force


@dataclass(frozen=True)
class PolicyStatus:
    state: PolicyState
    version: int
    source: Path
    error: str | None = None

    def describe(self) -> str:
        text = {
            PolicyState.ADMIN: f"admin policy version {self.version} in force ({self.source})",
            PolicyState.DEFAULT: f"no admin policy at {self.source}: built-in default in force",
            PolicyState.MISSING: f"policy file missing ({self.source}): keeping version {self.version}",
            PolicyState.REJECTED: f"policy refused, keeping version {self.version}",
        }[self.state]
        return f"{text}: {self.error}" if self.error and self.state is not PolicyState.MISSING else text


@dataclass(frozen=True)
class PolicyReloaded:
    loaded: LoadedPolicy
    status: PolicyStatus

    @property
    def policy(self) -> Policy:
        return self.loaded.effective.policy


@dataclass(frozen=True)
class PolicyRejected:
    error: PolicyError
    status: PolicyStatus


PolicyEvent = PolicyReloaded | PolicyRejected
Subscriber = Callable[[PolicyEvent], None]


class PolicyStore:
    """Holds the current good policy and the last error; `subscribe` to hear reloads and refusals.

    Callbacks run on the thread that reloaded (the watcher's, or the caller of `reload()`); they must
    not block. A callback that raises is logged and does not stop the others.
    """

    def __init__(
        self,
        sources: PolicySources | None = None,
        replay: ReplayGuard | None = None,
        *,
        debounce_seconds: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.sources = sources or PolicySources.from_environment()
        self.replay = replay or ReplayGuard()
        self._lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._subscribers: list[Subscriber] = []
        self._debouncer = _Debouncer(debounce_seconds, self._reload_quietly)
        self._observer: BaseObserver | None = None
        self._loaded, self._status, self._error = self._initial()

    # -- state -----------------------------------------------------------------------------------

    def _initial(self) -> tuple[LoadedPolicy, PolicyStatus, PolicyError | None]:
        try:
            loaded = load_policy(self.sources, self.replay, record=True)
        except PolicyError as exc:
            logger.error("admin policy refused, built-in default in force: %s", exc)
            loaded = self._default_only()
            return loaded, self._status_for(PolicyState.REJECTED, loaded, exc), exc
        state = PolicyState.ADMIN if loaded.admin_path else PolicyState.DEFAULT
        return loaded, self._status_for(state, loaded), None

    def _default_only(self) -> LoadedPolicy:
        preferences, notes = read_preferences(self.sources.preferences_path)
        effective = build_effective(None, preferences)
        return LoadedPolicy(effective, None, None, notes + effective.notes)

    def _status_for(
        self, state: PolicyState, loaded: LoadedPolicy, error: PolicyError | None = None
    ) -> PolicyStatus:
        return PolicyStatus(state, loaded.version, self.sources.admin_path, str(error) if error else None)

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
        """Re-reads every layer now; on refusal the policy in force does not change."""
        with self._reload_lock:
            event = self._reload_once()
        self._publish(event)
        return event

    def _reload_once(self) -> PolicyEvent:
        try:
            loaded = load_policy(self.sources, self.replay, record=True, allow_missing=False)
        except PolicyMissingError as exc:
            with self._lock:
                had_admin = self._status.state is not PolicyState.DEFAULT
            if not had_admin:  # still none installed: preferences may have changed
                return self._accept(self._default_only(), PolicyState.DEFAULT)
            logger.warning("%s; keeping policy version %s in force", exc, self.loaded.version)
            return self._refuse(exc, PolicyState.MISSING)
        except PolicyError as exc:
            logger.error("policy refused, keeping version %s in force:\n%s", self.loaded.version, exc)
            return self._refuse(exc, PolicyState.REJECTED)
        for note in loaded.notes:
            logger.warning("%s", note)
        return self._accept(loaded, PolicyState.ADMIN)

    def _accept(self, loaded: LoadedPolicy, state: PolicyState) -> PolicyReloaded:
        status = self._status_for(state, loaded)
        with self._lock:
            self._loaded, self._status, self._error = loaded, status, None
        logger.info("%s", status.describe())
        return PolicyReloaded(loaded, status)

    def _refuse(self, error: PolicyError, state: PolicyState) -> PolicyRejected:
        with self._lock:
            status = PolicyStatus(state, self._loaded.version, self.sources.admin_path, str(error))
            self._status, self._error = status, error
        return PolicyRejected(error, status)

    def _reload_quietly(self) -> None:
        self.reload()

    # -- watching --------------------------------------------------------------------------------

    def watched_paths(self) -> set[Path]:
        admin = self.sources.admin_path
        return {p.absolute() for p in (admin, signature_path(admin), self.sources.preferences_path)}

    def start(self) -> None:
        """Starts watching; folders that do not exist yet are skipped with a warning."""
        if self._observer is not None:
            return
        self._debouncer.start()
        handler = _Handler(self.watched_paths(), self._debouncer.trigger)
        observer = Observer()
        for folder in sorted({p.parent for p in self.watched_paths()}):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=False)
            else:
                logger.warning("policy folder %s does not exist: changes there are not watched", folder)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        observer, self._observer = self._observer, None
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

    def __init__(self, watched: set[Path], trigger: Callable[[], None]) -> None:
        self._watched = watched
        self._trigger = trigger

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in self._IGNORED or event.is_directory:
            return
        paths = (event.src_path, getattr(event, "dest_path", "") or "")
        if any(Path(os.fsdecode(p)).absolute() in self._watched for p in paths if p):
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
