"""The tray's state machine, without Qt: events in, facts out, and what the icon, tooltip and menu show.

`reduce(facts, event)` is the only way facts change; `tray_status(facts, now)` and `menu_items(...)`
are pure views of them. The Qt shell (tray.py) feeds events from the engine loader, the policy store
and the menu, and draws what these functions return, so every rule here is tested without a display.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dlpguard.policy.schema import Policy


class TrayState(StrEnum):
    STARTING = "starting"  # the engine is loading
    PROTECTED = "protected"
    AUDIT_ONLY = "audit_only"  # the policy's simulation mode: findings are recorded, nothing is blocked
    DEGRADED = "degraded"  # pattern-only: no NER model, names and places are not detected
    PAUSED = "paused"  # the user paused protection (only where the policy allows it)
    POLICY_ERROR = "policy_error"  # the admin policy was refused or removed; the last good one is in force
    NOT_RECORDING = "not_recording"  # scanning works but no incident is recorded: the audit trail is lost
    FAILED = "failed"  # the engine could not start: nothing is scanned here


class EngineMode(StrEnum):
    LOADING = "loading"
    NER = "ner"
    PATTERN_ONLY = "pattern-only"
    FAILED = "failed"


# -- events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineLoaded:
    mode: EngineMode
    reason: str | None = None  # why pattern-only


@dataclass(frozen=True)
class EngineFailed:
    reason: str


@dataclass(frozen=True)
class PolicyChanged:
    state: str  # dlpguard.policy.resolve.PolicyState value
    version: int
    error: str | None = None
    allows_pause: bool = False
    allows_quit: bool = False
    kept: str | None = None  # what is in force instead of a refused or missing admin file, in words
    simulation: bool = False  # audit only: the policy records what it would do and blocks nothing


@dataclass(frozen=True)
class IncidentLogStatus:
    problem: str | None  # why incidents are not recorded (GuardServices.incident_log_problem), or None


@dataclass(frozen=True)
class Paused:
    until: float  # epoch seconds


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class BridgeStatus:
    serving: bool
    reason: str | None = None


Event = EngineLoaded | EngineFailed | PolicyChanged | Paused | Resumed | BridgeStatus | IncidentLogStatus


@dataclass(frozen=True)
class Facts:
    engine: EngineMode = EngineMode.LOADING
    engine_reason: str | None = None
    policy_state: str = "default"
    policy_version: int = 0
    policy_error: str | None = None
    policy_kept: str | None = None
    simulation: bool = False
    allows_pause: bool = False
    allows_quit: bool = False
    paused_until: float | None = None
    bridge_serving: bool = False
    bridge_reason: str | None = None
    incidents_problem: str | None = None


def facts_for_policy(
    policy: Policy, state: str, error: str | None = None, kept: str | None = None
) -> PolicyChanged:
    return PolicyChanged(
        state, policy.version, error, policy.user_may_pause, policy.user_may_quit, kept, policy.simulation
    )


def reduce(facts: Facts, event: Event) -> Facts:
    """The next facts after `event`. A policy that stops allowing pauses ends a running pause."""
    replace = dataclasses.replace
    match event:
        case EngineLoaded(mode, reason):
            return replace(facts, engine=mode, engine_reason=reason)
        case EngineFailed(reason):
            return replace(facts, engine=EngineMode.FAILED, engine_reason=reason)
        case PolicyChanged(state, version, error, allows_pause, allows_quit, kept, simulation):
            paused = facts.paused_until if allows_pause else None
            return replace(
                facts,
                policy_state=state,
                policy_version=version,
                policy_error=error,
                policy_kept=kept,
                simulation=simulation,
                allows_pause=allows_pause,
                allows_quit=allows_quit,
                paused_until=paused,
            )
        case Paused(until):
            return replace(facts, paused_until=until) if facts.allows_pause else facts
        case Resumed():
            return replace(facts, paused_until=None)
        case BridgeStatus(serving, reason):
            return replace(facts, bridge_serving=serving, bridge_reason=reason)
        case IncidentLogStatus(problem):
            return replace(facts, incidents_problem=problem)
    raise TypeError(f"unknown tray event {event!r}")


def is_paused(facts: Facts, now: float) -> bool:
    return facts.paused_until is not None and now < facts.paused_until


# -- what the tray shows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrayStatus:
    state: TrayState
    headline: str  # the menu's status line
    tooltip: str  # may span lines
    #: At most two short lines under the headline in the menu; long detail (a refused policy's error)
    #: stays in the tooltip and the policy window, so the menu keeps its width.
    menu_lines: tuple[str, ...] = ()

    @property
    def protecting(self) -> bool:
        return self.state in (
            TrayState.PROTECTED,
            TrayState.DEGRADED,
            TrayState.POLICY_ERROR,
            TrayState.NOT_RECORDING,
        )


def _clock(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%H:%M")


#: What the user reads when incidents are not recorded: the plain sentence, then the fix.
NOT_RECORDING_SENTENCE = (
    "Pastes are still checked, but nothing is written to the incident log, so your administrator "
    "has no record of what was blocked or sent anyway."
)
KEYRING_FIX = (
    "Fix: unlock or install the desktop keyring (GNOME Keyring, KWallet), or ask your administrator "
    "to allow a key file (incidents.keyring_fallback: file)."
)
OTHER_FIX = "Fix: run `dlpguard doctor` and show the result to your administrator."
AUDIT_ONLY_HEADLINE = "Audit only — nothing is blocked"
AUDIT_ONLY_SENTENCE = "Findings are recorded for your administrator."
POLICY_DETAILS_LINE = "Details in the policy window (Policy…)"
#: The longest policy-error line the tooltip carries; the whole error is in the policy window.
TOOLTIP_ERROR_CHARS = 100


def not_recording_lines(problem: str) -> list[str]:
    fix = KEYRING_FIX if "keyring" in problem.lower() else OTHER_FIX
    return [NOT_RECORDING_SENTENCE, fix]


def _policy_line(facts: Facts) -> str:
    if facts.policy_state in ("rejected", "missing"):
        return f"in force: {facts.policy_kept or f'version {facts.policy_version}'}"
    policy = "built-in default policy" if facts.policy_state == "default" else "admin policy"
    return f"{policy}, version {facts.policy_version}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tray_status(facts: Facts, now: float) -> TrayStatus:
    """Pause first (the user must see they are unprotected), then an engine failure, a lost audit
    trail, a refused policy, loading, audit-only (so a simulation never looks like green protection),
    and the model's absence."""
    if is_paused(facts, now):
        assert facts.paused_until is not None
        state, headline = TrayState.PAUSED, f"Protection paused until {_clock(facts.paused_until)}"
    elif facts.engine is EngineMode.FAILED:
        state, headline = TrayState.FAILED, "Not protecting: the scanning engine could not start"
    elif facts.incidents_problem:
        state, headline = TrayState.NOT_RECORDING, "Not recording incidents (pastes are still checked)"
    elif facts.policy_state in ("rejected", "missing"):
        which = "refused" if facts.policy_state == "rejected" else "missing"
        state, headline = TrayState.POLICY_ERROR, f"Admin policy {which}"
    elif facts.engine is EngineMode.LOADING:
        state, headline = TrayState.STARTING, "Starting protection…"
    elif facts.simulation:
        state, headline = TrayState.AUDIT_ONLY, AUDIT_ONLY_HEADLINE
    elif facts.engine is EngineMode.PATTERN_ONLY:
        state, headline = TrayState.DEGRADED, "Protected (patterns only: names and places not detected)"
    else:
        state, headline = TrayState.PROTECTED, "Protected"
    lines = [f"DLP Guard: {headline}"]
    if state is TrayState.NOT_RECORDING and facts.incidents_problem:  # the sentence and the fix first
        lines += not_recording_lines(facts.incidents_problem)
    if state is TrayState.AUDIT_ONLY:
        lines.append(AUDIT_ONLY_SENTENCE)
    lines.append(_policy_line(facts))
    if facts.incidents_problem:
        lines.append(f"incidents: {facts.incidents_problem}")
    if facts.engine_reason and facts.engine in (EngineMode.FAILED, EngineMode.PATTERN_ONLY):
        lines.append(f"engine: {facts.engine_reason}")
    if facts.policy_error:
        lines.append(f"policy: {_clip(facts.policy_error.splitlines()[0], TOOLTIP_ERROR_CHARS)}")
    if not facts.bridge_serving and facts.bridge_reason:
        lines.append(f"browsers: {facts.bridge_reason}")
    if state is TrayState.POLICY_ERROR:  # what is in force, and where the reason is
        kept = facts.policy_kept or f"version {facts.policy_version}"
        menu_lines: tuple[str, ...] = (f"Using {kept}", POLICY_DETAILS_LINE)
    else:  # never the admin's raw error: it can be a paragraph
        menu_lines = tuple(line for line in lines[1:] if not line.startswith("policy: "))[:2]
    return TrayStatus(state, headline, "\n".join(lines), menu_lines)


# -- the menu --------------------------------------------------------------------------------------


class MenuAction(StrEnum):
    PAUSE_15 = "pause_15"
    PAUSE_60 = "pause_60"
    RESUME = "resume"
    RESTORE_CLIPBOARD = "restore_clipboard"
    REVIEW = "review"
    CHECK_TEXT = "check_text"
    POLICY = "policy"
    ABOUT = "about"
    QUIT = "quit"


#: Pause lengths offered, in seconds.
PAUSE_SECONDS = {MenuAction.PAUSE_15: 15 * 60, MenuAction.PAUSE_60: 60 * 60}


@dataclass(frozen=True)
class MenuItem:
    label: str
    action: MenuAction | None = None  # None: the status line (shown, not clickable)
    enabled: bool = True
    separator_before: bool = False


def restore_label(seconds_left: int | None) -> str:
    """`Restore original clipboard (42 s left)`: the entry counts down the restore window."""
    if seconds_left is None:
        return "Restore original clipboard"
    return f"Restore original clipboard ({seconds_left} s left)"


def menu_items(
    facts: Facts, now: float, *, restore_available: bool = False, restore_seconds_left: int | None = None
) -> tuple[MenuItem, ...]:
    """The tray menu, top to bottom. Pause and Quit appear only when the policy allows them; the
    clipboard restore only while the original may be put back (`restore_seconds_left` counts down)."""
    status = tray_status(facts, now)
    items = [MenuItem(status.headline, None, enabled=False)]
    if facts.allows_pause:
        if is_paused(facts, now):
            items.append(MenuItem("Resume protection", MenuAction.RESUME, separator_before=True))
        else:
            items.append(
                MenuItem("Pause protection for 15 minutes", MenuAction.PAUSE_15, separator_before=True)
            )
            items.append(MenuItem("Pause protection for 1 hour", MenuAction.PAUSE_60))
    if restore_available:
        items.append(
            MenuItem(restore_label(restore_seconds_left), MenuAction.RESTORE_CLIPBOARD, separator_before=True)
        )
    items += [
        MenuItem("Open incident review…", MenuAction.REVIEW, separator_before=True),
        MenuItem("Check text…", MenuAction.CHECK_TEXT),
        MenuItem("Policy…", MenuAction.POLICY),
        MenuItem("About DLP Guard", MenuAction.ABOUT),
    ]
    if facts.allows_quit:
        items.append(MenuItem("Quit DLP Guard", MenuAction.QUIT, separator_before=True))
    return tuple(items)
