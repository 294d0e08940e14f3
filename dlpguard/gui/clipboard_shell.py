"""The clipboard guard's Qt shell: watches QClipboard, scans off the UI thread, masks in place, restores.

Event-driven only: `QClipboard.dataChanged` starts the work, a single-shot timer forgets the original
when the restore window closes, and the focus watcher (a streaming `xprop -spy`) runs only while a
mask waits for an AI app to get the focus. A change that arrives while a scan runs makes the older
result stale: it is dropped, so the guard never writes over something newer.

A restore follows the policy's override rules (`guard.decisions.restore_rules`): the original is kept
only where the user may have it back, a justification is asked for where the policy wants one, and
the restore is recorded as the decision `restored` (never as "send anyway").
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QObject, QProcess, QTimer, Signal
from PySide6.QtGui import QClipboard

from dlpguard.engine.types import Action, ScanContext, Source
from dlpguard.errors import DlpGuardError
from dlpguard.guard.decisions import RestoreRules, record_restore
from dlpguard.guard.pipeline import Assessment, assess, record
from dlpguard.guard.services import GuardServices
from dlpguard.gui.clipboard_guard import (
    ClipboardAction,
    ClipboardContent,
    ClipboardDecision,
    ScanPlan,
    Skip,
    decide_clipboard,
    prepare,
)
from dlpguard.gui.focus import FocusedApp, FocusProbe, NullFocusProbe, is_ai_app
from dlpguard.gui.notices import notice_for_clipboard
from dlpguard.gui.worker import Background

logger = logging.getLogger(__name__)

EVENT = "copy"


@dataclass
class ClipboardOutcome:
    """What happened to one clipboard change (for tests, the status command and the benchmark)."""

    generation: int
    skipped: Skip | None = None
    decision: ClipboardDecision | None = None
    stale: bool = False
    error: str | None = None
    latency_ms: float | None = None  # change seen -> masked text written
    incident_id: str | None = None


@dataclass
class _Restore:
    text: str
    html: str | None
    rules: RestoreRules
    incident_id: str | None = None
    expires_at: float = field(default=0.0)
    #: Restored before its incident was written: the justification waits for the id (see `_record`).
    restored: bool = False
    justification: str | None = None


class ClipboardGuard(QObject):
    handled = Signal(object)  # ClipboardOutcome, once per clipboard change
    recorded = Signal(str)  # the incident id ("" when the log is unavailable), after a handled change
    restoreAvailable = Signal(bool)

    def __init__(
        self,
        services: GuardServices,
        clipboard: QClipboard,
        background: Background,
        *,
        notify: Callable[[object], None] | None = None,
        paused: Callable[[], bool] = lambda: False,
        focus: FocusProbe | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.services = services
        self.clipboard = clipboard
        self.background = background
        self._notify = notify
        self._paused = paused
        self.focus = focus or NullFocusProbe()
        self.generation = 0
        self.writes = 0
        self.outcomes = 0
        self.last_latency_ms: float | None = None
        self._last_written: str | None = None
        self._restore: _Restore | None = None
        self._armed: tuple[int, ClipboardContent, ClipboardDecision, Assessment] | None = None
        self._watcher: QProcess | None = None
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.forget_original)
        self._started = False

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        if not self._started:
            self.clipboard.dataChanged.connect(self._on_changed)
            self._started = True

    def stop(self) -> None:
        if self._started:
            self.clipboard.dataChanged.disconnect(self._on_changed)
            self._started = False
        self._stop_watcher()
        self.forget_original()

    # -- reading a change --------------------------------------------------------------------------

    def _read(self) -> ClipboardContent:
        data = self.clipboard.mimeData()
        if data is None:
            return ClipboardContent(None)
        formats = tuple(data.formats())
        text = data.text() if data.hasText() else None
        owned = self.clipboard.ownsClipboard() or (text is not None and text == self._last_written)
        if owned:
            self._last_written = None  # consumed: the same text copied later by another app is scanned
        html = data.html() if data.hasHtml() and not owned else None
        return ClipboardContent(text, html, formats, owned)

    def _on_changed(self) -> None:
        self.generation += 1
        generation = self.generation
        seen = time.perf_counter()
        self._disarm()
        content = self._read()
        if not content.owned and self._restore is not None:
            self.forget_original()  # something else was copied: the masked copy is gone
        policy = self.services.policy
        plan = prepare(content, policy, paused=self._paused())
        if isinstance(plan, Skip):
            if plan is Skip.CONCEALED:
                logger.debug("clipboard: concealed entry left alone")
            self._finish(ClipboardOutcome(generation, skipped=plan))
            return
        self.background.run(
            lambda: self._assess(content, plan),
            lambda result: self._apply(generation, content, result, seen),
            lambda exc: self._failed(generation, exc),
        )

    def _assess(self, content: ClipboardContent, plan: ScanPlan) -> tuple[ClipboardDecision, Assessment]:
        """Worker thread: the focused app, the scan and the decision."""
        app = self.focus.current() if self.focus.supported else None
        context = ScanContext(source=Source.CLIPBOARD.value, event=EVENT)
        assessment = assess(
            self.services, plan.text, context, max_chars=plan.max_chars, conversation_id="clipboard"
        )
        decision = decide_clipboard(
            assessment, content, self.services.policy, focus_supported=self.focus.supported, app=app
        )
        return decision, assessment

    def _failed(self, generation: int, exc: Exception) -> None:
        reason = str(exc) if isinstance(exc, DlpGuardError) else type(exc).__name__
        logger.error("clipboard scan failed: %s", reason)
        self._finish(ClipboardOutcome(generation, error=reason))

    # -- acting ------------------------------------------------------------------------------------

    def _apply(
        self,
        generation: int,
        content: ClipboardContent,
        result: tuple[ClipboardDecision, Assessment],
        seen: float,
    ) -> None:
        decision, assessment = result
        if generation != self.generation:  # the clipboard changed while we scanned
            self._finish(ClipboardOutcome(generation, decision=decision, stale=True))
            return
        outcome = ClipboardOutcome(generation, decision=decision)
        if decision.action is ClipboardAction.MASK:
            self._write_masked(content, decision)
            outcome.latency_ms = (time.perf_counter() - seen) * 1000
            self.last_latency_ms = outcome.latency_ms
        elif decision.action is ClipboardAction.ARM:
            self._arm(generation, content, decision, assessment)
        self._tell(decision)
        if decision.record_as is not None:
            self._record(assessment, decision, decision.record_as)
        self._finish(outcome)

    def _write_masked(self, content: ClipboardContent, decision: ClipboardDecision) -> None:
        """Writes the masked copy; keeps the original for the restore window only where the policy lets
        the user have it back (otherwise it is not kept at all)."""
        assert decision.masked_text is not None
        restore_seconds = self.services.policy.clipboard.restore_seconds
        self._write(decision.masked_text, decision.masked_html)
        rules = decision.restore
        if restore_seconds and content.text is not None and rules is not None and rules.allowed:
            expires_at = self.clock() + restore_seconds
            self._restore = _Restore(content.text, content.html, rules, expires_at=expires_at)
            self._expiry.start(restore_seconds * 1000)
            self.restoreAvailable.emit(True)

    def _write(self, text: str, html: str | None) -> None:
        data = QMimeData()
        data.setText(text)
        if html is not None:
            data.setHtml(html)
        self._last_written = text
        self.writes += 1
        self.clipboard.setMimeData(data)

    def _tell(self, decision: ClipboardDecision) -> None:
        if self._notify is None or not self.services.policy.notifications.enabled:
            return
        notice = notice_for_clipboard(decision, self.services.policy.clipboard.restore_seconds)
        if notice is not None:
            self._notify(notice)

    def _record(self, assessment: Assessment, decision: ClipboardDecision, action: Action) -> None:
        site = decision.app.describe() if decision.app else None
        restore = self._restore

        def work() -> str | None:
            return record(
                self.services,
                assessment,
                action,
                source=Source.CLIPBOARD,
                site=site,
                event=EVENT,
            )

        def done(incident_id: str | None) -> None:
            if restore is not None and restore.incident_id is None:
                restore.incident_id = incident_id
                if restore.restored and incident_id is not None:  # restored while this was written
                    self._record_restore(incident_id, restore.justification)
            self.recorded.emit(incident_id or "")

        self.background.run(work, done)

    def _finish(self, outcome: ClipboardOutcome) -> None:
        self.outcomes += 1
        self.handled.emit(outcome)

    # -- restore -----------------------------------------------------------------------------------

    @property
    def restore_available(self) -> bool:
        # Any change not ours drops the original (`_on_changed`), so a slot means our copy is current.
        return self._restore is not None

    @property
    def restore_rules(self) -> RestoreRules | None:
        """The rules for the restore on offer (a justification to ask for?); None when none is."""
        return self._restore.rules if self._restore is not None else None

    def restore_seconds_left(self) -> int | None:
        """Whole seconds until the original is forgotten (rounded up); None when no restore is on offer."""
        slot = self._restore
        if slot is None:
            return None
        return max(0, math.ceil(slot.expires_at - self.clock()))

    def restore_refusal(self, justification: str | None = None) -> str:
        """Why a restore with `justification` would not happen now; "" when it would."""
        slot = self._restore
        if slot is None:
            return "nothing to restore: the masked copy was replaced, or the restore window closed"
        return slot.rules.refusal(justification)

    def restore(self, justification: str | None = None) -> bool:
        """Puts the original back while the clipboard still holds our masked copy, if the policy's
        override rules allow it with `justification`; recorded as the decision `restored`."""
        slot = self._restore
        if slot is None or self.restore_refusal(justification):
            return False
        self._restore = None
        self._expiry.stop()
        self._write(slot.text, slot.html)
        slot.text, slot.html = "", None  # the original is the clipboard's again, not ours to hold
        self.restoreAvailable.emit(False)
        given = (justification or "").strip() or None
        if slot.incident_id is not None:
            self._record_restore(slot.incident_id, given)
        else:  # the incident is still being written: `_record` records the restore once it has the id
            slot.restored, slot.justification = True, given
        return True

    def _record_restore(self, incident_id: str, justification: str | None) -> None:
        services = self.services
        self.background.run(lambda: record_restore(services, incident_id, justification))

    def forget_original(self) -> None:
        """Drops the original text from memory (the restore window closed, or something newer came)."""
        had = self._restore is not None
        self._restore = None
        self._expiry.stop()
        if had:
            self.restoreAvailable.emit(False)

    # -- masking once an AI app has the focus ------------------------------------------------------

    def _arm(
        self, generation: int, content: ClipboardContent, decision: ClipboardDecision, a: Assessment
    ) -> None:
        self._armed = (generation, content, decision, a)
        command = self.focus.watch_command()
        if command and self._watcher is None:
            watcher = QProcess(self)
            watcher.setProgram(command[0])
            watcher.setArguments(command[1:])
            watcher.readyReadStandardOutput.connect(self._focus_moved)
            watcher.start()
            self._watcher = watcher

    def _disarm(self) -> None:
        self._armed = None
        self._stop_watcher()

    def _stop_watcher(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.kill()
            watcher.waitForFinished(1000)
            watcher.deleteLater()

    def _focus_moved(self) -> None:
        if self._watcher is not None:
            self._watcher.readAllStandardOutput()
        if self._armed is None:
            return
        armed_generation = self._armed[0]
        self.background.run(self.focus.current, lambda app: self._maybe_mask(armed_generation, app))

    def _maybe_mask(self, generation: int, app: FocusedApp | None) -> None:
        armed = self._armed
        if armed is None or armed[0] != generation or generation != self.generation or app is None:
            return
        policy = self.services.policy
        if not is_ai_app(app, policy.clipboard.ai_apps, policy.sites.guarded_patterns()):
            return
        _, content, pending, assessment = armed
        self._disarm()
        decision = dataclasses.replace(pending, action=ClipboardAction.MASK, record_as=Action.MASK, app=app)
        self._write_masked(content, decision)
        self._tell(decision)
        self._record(assessment, decision, Action.MASK)
