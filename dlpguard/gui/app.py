"""The tray app: one process per user holding the engine, the policy, the log and every desktop shell.

`GuardApp` wires the parts together and owns no logic of its own: the policy store (reloaded live),
one `GuardServices` shared by the bridge server (browsers' native hosts), the clipboard guard and the
Check-text window; the tray state machine (state.py) fed by their events; the windows. The engine loads
on the worker pool, so the icon appears at once and says "starting" until it is ready.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from dlpguard import __version__
from dlpguard.bridge.server import BridgeServer
from dlpguard.bridge.transport import default_address
from dlpguard.errors import DlpGuardError, describe_exception
from dlpguard.guard.services import GuardServices
from dlpguard.gui import state as st
from dlpguard.gui.bridge_host import guard_bridge_server
from dlpguard.gui.clipboard_shell import ClipboardGuard
from dlpguard.gui.focus import FocusProbe, focus_probe
from dlpguard.gui.icons import app_icon
from dlpguard.gui.instance import InstanceServer
from dlpguard.gui.notices import NOTICE_RESTORE, Notice, notice_for_pause
from dlpguard.gui.notifications import Notifier
from dlpguard.gui.tray import Tray
from dlpguard.gui.worker import Background
from dlpguard.incidents.build import build_pause
from dlpguard.policy.watcher import PolicyEvent, PolicyRejected, PolicyStore

logger = logging.getLogger(__name__)

NO_TRAY_MESSAGE = "no system tray on this desktop: {instead}; {active} active"
#: How to reach the windows without a tray icon (logged, and printed by `./dev run`).
WINDOWS_HINT = (
    "open the windows with `dlpguard gui --show-review` (incident review) or `dlpguard gui --check-text` "
    "(Check text); `dlpguard gui` shows the status window again"
)
#: Without a display no window can open: what to use instead.
HEADLESS_HINT = (
    "no display: no windows can open here; use `dlpguard incidents list`, `dlpguard scan FILE|-` and "
    "`dlpguard doctor`, or start `dlpguard gui` in a desktop session for the windows"
)
#: While a clipboard restore is on offer, how often its menu entry's countdown is redrawn.
RESTORE_TICK_MS = 1000
#: While incidents cannot be recorded, how often the app tries the log again (a keyring may be unlocked).
INCIDENT_LOG_RETRY_MS = 60_000


class GuardApp(QObject):
    factsChanged = Signal(object)  # st.Facts
    _policyEvent = Signal(object)  # from the watcher thread
    _verdict = Signal(str, list, object)  # from bridge threads: action, [(category, entity)], site

    def __init__(
        self,
        *,
        policy_store: PolicyStore | None = None,
        services: GuardServices | None = None,
        clipboard: QClipboard | None = None,
        tray_available: bool | None = None,
        status_window: bool | None = None,
        focus: FocusProbe | None = None,
        bridge_address: str | None = None,
        serve_bridge: bool = True,
        guard_clipboard: bool = True,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        if status_window is None:  # stands in for a missing tray where a window can be seen
            status_window = QGuiApplication.platformName() not in ("offscreen", "minimal")
        self._status_window = status_window
        self.store = policy_store or PolicyStore()
        self.services = services or GuardServices(lambda: self.store.loaded)
        self.background = Background(parent=self)
        self.tray = Tray(available=tray_available, clock=clock, parent=self)
        self.notifier = Notifier(self.tray.icon, self)
        self.notifier.actionTriggered.connect(self._notice_action)
        self.facts = st.Facts()
        self.bridge: BridgeServer | None = None
        self._serve_bridge = serve_bridge
        self._bridge_address = bridge_address
        self.clipboard_guard: ClipboardGuard | None = None
        if guard_clipboard:
            board = clipboard or QGuiApplication.clipboard()
            self.clipboard_guard = ClipboardGuard(
                self.services,
                board,
                self.background,
                notify=self.notify,
                paused=self.paused,
                focus=focus or focus_probe(),
                clock=clock,
                parent=self,
            )
            self.clipboard_guard.restoreAvailable.connect(self._restore_changed)
        self.windows: dict[str, QWidget] = {}
        self._pause_timer = QTimer(self)
        self._pause_timer.setSingleShot(True)
        self._pause_timer.timeout.connect(self._pause_ended)
        self._log_retry_timer = QTimer(self)
        self._log_retry_timer.setInterval(INCIDENT_LOG_RETRY_MS)
        self._log_retry_timer.timeout.connect(self.check_incident_log)
        self._restore_tick = QTimer(self)  # runs only while a clipboard restore is on offer
        self._restore_tick.setInterval(RESTORE_TICK_MS)
        self._restore_tick.timeout.connect(self._render)
        self._unsubscribe: Callable[[], None] | None = None
        self._policyEvent.connect(self._on_policy_event)
        self._verdict.connect(self._on_verdict)
        self.tray.actionTriggered.connect(self.handle_action)
        self.instance: InstanceServer | None = None
        self.browser_verdicts = 0  # warn / mask / block verdicts given to browsers since start
        self.engine_model: Any = None  # the engine's ModelStatus once loaded (About shows it)

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        status = self.store.status
        self._apply(st.facts_for_policy(self.store.policy, status.state.value, status.error, status.kept))
        self.notifier.enabled = self.store.policy.notifications.enabled
        self._unsubscribe = self.store.subscribe(self._policyEvent.emit)
        self.store.start()
        self.tray.show()
        if self._serve_bridge:
            self._start_bridge()
        if not self.tray.available:
            self._without_tray()
        if self.clipboard_guard is not None:
            self.clipboard_guard.start()
        self.load_engine()
        self.check_incident_log()

    def _without_tray(self) -> None:
        """No icon: say what runs and how to reach the windows, and show the status window where a
        window can be seen (nothing on screen at all would look like nothing running)."""
        bridge = self.bridge
        serving = f"the bridge server (serving at {bridge.address})" if bridge else "no bridge server"
        active = f"{serving} and the clipboard guard are" if self.clipboard_guard else f"{serving} is"
        instead = "running without an icon"
        if self._status_window:
            instead = "a status window stands in for the icon"
        logger.warning("%s", NO_TRAY_MESSAGE.format(instead=instead, active=active))
        logger.warning("%s", WINDOWS_HINT if self._status_window else HEADLESS_HINT)
        if self._status_window:
            self.open_status()

    def _start_bridge(self) -> None:
        server = guard_bridge_server(
            self.services,
            address=self._bridge_address,
            paused=self.paused,
            on_verdict=lambda action, entities, site: self._verdict.emit(action, entities, site),
        )
        try:
            server.start()
        except (DlpGuardError, OSError) as exc:
            reason = f"bridge not served here: {exc}"
            logger.warning("%s", reason)
            self._apply(st.BridgeStatus(False, reason))
            return
        self.bridge = server
        self._apply(st.BridgeStatus(True))

    def stop(self) -> None:
        self._log_retry_timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.clipboard_guard is not None:
            self.clipboard_guard.stop()
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        self.store.stop()
        self.background.wait()
        for window in list(self.windows.values()):
            window.close()
        self.tray.hide()
        if self.instance is not None:
            self.instance.close()
        self.services.close()

    def load_engine(self) -> None:
        """Builds (or rebuilds, after a policy change) the engine on the pool."""

        def done(engine: Any) -> None:
            self.engine_model = engine.model
            mode = st.EngineMode(engine.model.mode)
            self._apply(st.EngineLoaded(mode, engine.model.reason if mode is not st.EngineMode.NER else None))

        def failed(exc: Exception) -> None:
            logger.error("engine failed to start: %s", describe_exception(exc))
            self._apply(st.EngineFailed(str(exc) if isinstance(exc, DlpGuardError) else type(exc).__name__))

        self.background.run(self.services.engine, done, failed)

    def check_incident_log(self) -> None:
        """Opens the incident log on the pool (fingerprint key included) and shows whether incidents are
        being recorded: a log that is down must not look like a green tray."""
        self.background.run(self.services.incident_log, lambda _: self._incident_log_checked())

    def _incident_log_checked(self) -> None:
        problem = self.services.incident_log_problem
        if problem is not None:
            self._log_retry_timer.start()
        else:
            self._log_retry_timer.stop()
        if problem != self.facts.incidents_problem:
            if problem is not None:
                logger.error("not recording incidents: %s", problem)
            self._apply(st.IncidentLogStatus(problem))

    # -- state -------------------------------------------------------------------------------------

    def _apply(self, event: st.Event) -> None:
        self.facts = st.reduce(self.facts, event)
        self._render()
        self.factsChanged.emit(self.facts)

    def _render(self) -> None:
        guard = self.clipboard_guard
        restore = guard.restore_available if guard else False
        seconds = guard.restore_seconds_left() if guard else None
        self.tray.render(self.facts, restore_available=restore, restore_seconds_left=seconds)

    def _restore_changed(self, available: bool) -> None:
        """The menu's restore entry counts down while it is offered, and goes when the window ends."""
        if available:
            self._restore_tick.start()
        else:
            self._restore_tick.stop()
            dialog = self.windows.pop("restore", None)
            if dialog is not None:
                dialog.close()  # nothing left to restore
        self._render()

    @property
    def status(self) -> st.TrayStatus:
        return st.tray_status(self.facts, self.clock())

    def paused(self) -> bool:
        """Thread-safe read (bridge threads ask on every scan)."""
        return st.is_paused(self.facts, self.clock())

    def _on_policy_event(self, event: PolicyEvent) -> None:
        status = event.status
        error = str(event.error) if isinstance(event, PolicyRejected) else None
        self._apply(st.facts_for_policy(self.store.policy, status.state.value, error, status.kept))
        self.notifier.enabled = self.store.policy.notifications.enabled
        # Also after a refusal: what is in force may have changed (a key installed refuses an unsigned
        # policy). The engine is rebuilt only if the policy changed what it detects.
        self.load_engine()
        self.check_incident_log()  # the incident settings (keyring fallback) may have changed

    # -- actions -----------------------------------------------------------------------------------

    def handle_action(self, key: str) -> None:
        action = st.MenuAction(key)
        if action in st.PAUSE_SECONDS:
            self.pause(st.PAUSE_SECONDS[action])
        elif action is st.MenuAction.RESUME:
            self.resume()
        elif action is st.MenuAction.RESTORE_CLIPBOARD:
            self.ask_restore()
        elif action is st.MenuAction.REVIEW:
            self.open_review()
        elif action is st.MenuAction.CHECK_TEXT:
            self.open_check_text()
        elif action is st.MenuAction.POLICY:
            self.open_policy()
        elif action is st.MenuAction.ABOUT:
            self.open_about()
        elif action is st.MenuAction.QUIT:
            self.quit()

    def pause(self, seconds: int) -> bool:
        if not self.store.policy.user_may_pause:
            return False
        self._apply(st.Paused(self.clock() + seconds))
        self._pause_timer.start(seconds * 1000)
        self._record_event("pause", f"protection paused by the user for {seconds // 60} minutes")
        self.notify(notice_for_pause(seconds // 60))
        return True

    def resume(self) -> None:
        if self.facts.paused_until is None:
            return
        self._pause_timer.stop()
        self._apply(st.Resumed())
        self._record_event("resume", "protection resumed by the user")

    def _pause_ended(self) -> None:
        self._apply(st.Resumed())

    def _record_event(self, event: str, note: str) -> None:
        """A pause or resume as an incident of its own (no findings), so reviewers see the gap."""
        loaded = self.store.loaded
        try:
            actor: str | None = getpass.getuser()
        except (OSError, KeyError):
            actor = None
        incident = build_pause(
            event, note, actor=actor, policy_version=str(loaded.version), policy_hash=loaded.digest
        )

        def work() -> None:
            log = self.services.incident_log()
            if log is not None:
                log.store.append(incident)

        self.background.run(work)

    def restore_clipboard(self, justification: str | None = None) -> bool:
        """Puts the original back if the policy's override rules allow it with `justification`."""
        return self.clipboard_guard.restore(justification) if self.clipboard_guard else False

    def restore_refusal(self, justification: str | None = None) -> str:
        """Why `restore_clipboard(justification)` would not restore now; "" when it would."""
        if self.clipboard_guard is None:
            return "the clipboard is not guarded here"
        return self.clipboard_guard.restore_refusal(justification)

    def ask_restore(self) -> bool:
        """The user asked for the original (menu or notice): restores at once, or first asks why where
        the policy wants a justification. False when nothing is on offer."""
        guard = self.clipboard_guard
        rules = guard.restore_rules if guard else None
        if rules is None:
            return False
        if not rules.justification_required:
            return self.restore_clipboard()
        from dlpguard.gui.restore_dialog import RestoreJustificationDialog

        def build() -> QWidget:
            dialog = RestoreJustificationDialog(rules.min_justification_chars)
            dialog.justified.connect(self.restore_clipboard)
            return dialog

        open_one = self.windows.get("restore")
        if open_one is None or not open_one.isVisible():  # one closed or closing: a new one
            self.windows.pop("restore", None)
        self._show("restore", build)
        return True

    def quit(self) -> bool:
        if not self.store.policy.user_may_quit:
            return False
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return True

    def notify(self, notice: object) -> None:
        assert isinstance(notice, Notice)
        self.notifier.notify(notice)

    def _notice_action(self, key: str) -> None:
        if key == NOTICE_RESTORE:
            self.ask_restore()

    def _on_verdict(self, action: str, entities: list[tuple[str, str]], site: object) -> None:
        """A browser verdict that acted. No desktop notice: the extension already shows its own dialog
        in the page, where the user is; a second one on the desktop for the same paste is noise."""
        self.browser_verdicts += 1
        if self.services.incident_log_problem != self.facts.incidents_problem:  # found by a scan's record
            self._incident_log_checked()

    # -- windows -----------------------------------------------------------------------------------

    def _show(self, name: str, build: Callable[[], QWidget]) -> QWidget:
        window = self.windows.get(name)
        if window is None:
            window = build()
            self.windows[name] = window
            window.destroyed.connect(lambda *_: self.windows.pop(name, None))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_review(self) -> QWidget:
        from dlpguard.gui.review_data import own_log
        from dlpguard.gui.review_window import ReviewWindow

        def build() -> QWidget:
            log = self.services.incident_log()
            source = own_log(log.store if log is not None else None)
            window = ReviewWindow(source, self.background)
            window.destroyed.connect(lambda *_: source.close())
            return window

        return self._show("review", build)

    def open_check_text(self) -> QWidget:
        from dlpguard.gui.check_text import CheckTextWindow

        return self._show("check_text", lambda: CheckTextWindow(self.services, self.background))

    def open_status(self) -> QWidget:
        """The status window that stands in for a missing tray icon (status_window.py)."""
        from dlpguard.gui.status_window import StatusWindow

        def build() -> QWidget:
            window = StatusWindow(self.tray)
            window.actionTriggered.connect(self.handle_action)
            return window

        return self._show("status", build)

    def open_policy(self) -> QWidget:
        from dlpguard.gui.policy_view import PolicyWindow

        self.windows.pop("policy", None)  # always the policy in force now
        return self._show("policy", lambda: PolicyWindow(self.store.loaded, self.store.status))

    def open_about(self) -> QWidget:
        from dlpguard.gui.about import AboutDialog, AboutInfo

        def build() -> QWidget:
            model = self.engine_model
            if model is not None and model.mode == "ner":
                described = f"{model.name} {model.version} (verified)"
            elif model is not None:
                described = f"none: pattern-only ({model.reason})"
            else:
                described = "loading…"
            loaded = self.store.loaded
            if loaded.last_good is not None:
                source = f"last good signed copy of {loaded.last_good.original}"
            else:
                source = str(loaded.admin_path) if loaded.admin_path else "built-in default"
            bridge = self.bridge.address if self.bridge else (self.facts.bridge_reason or "not served")
            return AboutDialog(AboutInfo(described, loaded.version, source, bridge))

        self.windows.pop("about", None)
        return self._show("about", build)

    # -- the single-instance socket ----------------------------------------------------------------

    def command(self, command: str) -> dict[str, Any]:
        """A later `dlpguard gui`, the doctor, tests and the benchmark talk to the app through this."""
        if command == "ping":
            return {"ok": True}
        if command == "show":  # a plain `dlpguard gui`: the status window where it stands in for the tray
            if not self.tray.available and self._status_window:
                self.open_status()
            else:
                self.open_review()
            return {"ok": True}
        if command == "review":
            self.open_review()
            return {"ok": True}
        if command == "check-text":
            self.open_check_text()
            return {"ok": True}
        name, _, justification = command.partition(" ")
        if name == "restore-clipboard":  # `restore-clipboard [justification]`
            refusal = self.restore_refusal(justification or None)
            if refusal:
                return {"ok": False, "error": refusal}
            return {"ok": self.restore_clipboard(justification or None)}
        if command == "status":
            return self.describe()
        return {"ok": False, "error": f"unknown command {command!r}"}

    def describe(self) -> dict[str, Any]:
        status = self.status
        guard = self.clipboard_guard
        return {
            "ok": True,
            "pid": os.getpid(),
            "version": __version__,
            "state": status.state.value,
            "headline": status.headline,
            "engine": self.facts.engine.value,
            "tray_available": self.tray.available,
            "platform": QGuiApplication.platformName(),
            "policy_version": self.facts.policy_version,
            "policy_status": self.store.status.describe(),
            "recording_incidents": self.facts.incidents_problem is None,
            "incidents_problem": self.facts.incidents_problem,
            "paused_until": self.facts.paused_until,
            "bridge": self.bridge.address if self.bridge else None,
            "bridge_reason": self.facts.bridge_reason,
            "browser_verdicts": self.browser_verdicts,
            "background_pending": self.background.pending,
            "windows": sorted(name for name, w in self.windows.items() if w.isVisible()),
            "clipboard": None
            if guard is None
            else {
                "changes": guard.generation,
                "handled": guard.outcomes,
                "writes": guard.writes,
                "last_latency_ms": guard.last_latency_ms,
                "restore_available": guard.restore_available,
                "restore_seconds_left": guard.restore_seconds_left(),
            },
        }


def _quit_on_signals(app: QApplication) -> QSocketNotifier | None:
    """SIGTERM / SIGINT end the event loop cleanly, without a polling timer: the signal wakes a socket."""
    if sys.platform == "win32":
        return None
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        app.quit()

    notifier.activated.connect(woken)
    notifier._sockets = (reader, writer)  # type: ignore[attr-defined]  # keep them open
    return notifier


def headless_platform() -> str | None:
    """Qt's platform for a session with no display (a server, CI, an SSH login): offscreen, so the app
    still serves the bridge instead of aborting; None where a display exists or one was chosen."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return "offscreen"
    return None


def run(argv: Sequence[str] | None = None, *, command: str = "show") -> int:
    """`dlpguard gui`: hands `command` to a running app, or becomes the app."""
    from dlpguard.gui.instance import ask_running_app

    if ask_running_app(command) is not None:
        logger.info("DLP Guard is already running: handed over (%s)", command)
        return 0
    platform = headless_platform()
    if platform is not None:
        logger.warning("no display: running headless (bridge server only, no clipboard guard)")
        os.environ["QT_QPA_PLATFORM"] = platform
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("DLP Guard")
    app.setOrganizationName("DLP Guard")
    app.setDesktopFileName("dlpguard")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    # Without a display server there is no system clipboard to guard.
    guard = GuardApp(guard_clipboard=app.platformName() not in ("offscreen", "minimal"))
    instance = InstanceServer(guard.command, parent=guard)
    if not instance.listen():
        logger.info("another DLP Guard took over while starting")
        return 0
    guard.instance = instance
    signals = _quit_on_signals(app)
    guard.start()
    if guard.bridge is not None:
        logger.warning(
            "DLP Guard %s started: the browser bridge is serving at %s", __version__, guard.bridge.address
        )
    else:
        reason = guard.facts.bridge_reason or "not started"
        logger.warning(
            "DLP Guard %s started: the browser bridge is NOT serving at %s (%s)",
            __version__,
            default_address(),
            reason,
        )
    if command == "check-text":
        guard.open_check_text()
    elif command == "review":
        guard.open_review()
    try:
        return app.exec()
    finally:
        guard.stop()
        del signals
