"""The clipboard guard's rules, without Qt: what to scan, and what to do with the verdict.

Desktop AI apps (ChatGPT, Claude, DeepSeek clients, IDE assistants) are out of the browser
extension's reach, but what reaches them mostly travels through the clipboard. The shell
(clipboard_shell.py) reads the clipboard on every change and calls:

1. `prepare(content, policy, paused=...)`: skip (nothing to read, a password manager's concealed
   entry, our own write, the policy ignores the clipboard, paused) or a bounded `ScanPlan`;
2. `assess(...)` on a worker thread (gui/assess.py);
3. `decide_clipboard(assessment, content, policy, ...)`: nothing, notify, mask now, or mask once an AI
   app has the focus (`arm`), with the masked plain text and HTML, and whether the policy lets the user
   restore the original (`guard.decisions.restore_rules`: the override rules, per masked finding).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dlpguard.engine.types import Action, Finding
from dlpguard.guard.decisions import RestoreRules, restore_rules
from dlpguard.guard.pipeline import Assessment
from dlpguard.gui.focus import FocusedApp, is_ai_app
from dlpguard.policy.schema import ClipboardMode, Policy

#: At most this much of a clipboard text is scanned (the policy's own limit may be lower); the rest
#: is left as it is and the notice says so. Keeps a huge copy from holding a worker for long.
MAX_CLIPBOARD_SCAN_CHARS = 1_000_000

#: Formats password managers set on what they copy (KDE/KeePassXC, macOS NSPasteboard convention,
#: Windows clipboard-history exclusion); content carrying any of them is never read or logged.
CONCEALED_MARKERS = (
    "x-kde-passwordManagerHint",
    "org.nspasteboard.ConcealedType",
    "ExcludeClipboardContentFromMonitorProcessing",
)


class Skip(StrEnum):
    NO_TEXT = "no text on the clipboard"
    CONCEALED = "marked as a password by the app that copied it"
    OWN_WRITE = "written by the guard itself"
    IGNORED = "the policy ignores the clipboard"
    PAUSED = "protection is paused"


@dataclass(frozen=True)
class ClipboardContent:
    text: str | None
    html: str | None = None
    formats: tuple[str, ...] = ()
    owned: bool = False  # the guard wrote it (the shell knows from the platform or its last write)

    @property
    def concealed(self) -> bool:
        return any(marker in fmt for fmt in self.formats for marker in CONCEALED_MARKERS)


@dataclass(frozen=True)
class ScanPlan:
    text: str
    max_chars: int


def prepare(content: ClipboardContent, policy: Policy, *, paused: bool) -> Skip | ScanPlan:
    """Whether a clipboard change is scanned. Order matters: a concealed entry is skipped before
    anything else looks at it, and our own writes never come back round (no loops)."""
    if content.concealed:
        return Skip.CONCEALED
    if content.owned:
        return Skip.OWN_WRITE
    if not content.text or not content.text.strip():
        return Skip.NO_TEXT
    if policy.clipboard.mode is ClipboardMode.IGNORE:
        return Skip.IGNORED
    if paused:
        return Skip.PAUSED
    return ScanPlan(content.text, min(MAX_CLIPBOARD_SCAN_CHARS, policy.limits.max_scan_chars))


class ClipboardAction(StrEnum):
    NONE = "none"
    NOTIFY = "notify"
    MASK = "mask"
    ARM = "arm"  # mask when an AI app gets the focus (the copy happened in another app)


@dataclass(frozen=True)
class ClipboardDecision:
    action: ClipboardAction
    #: What the incident log records now; None: no incident (nothing found, or armed and waiting).
    record_as: Action | None
    findings: tuple[Finding, ...] = ()  # what the notice describes
    masked_text: str | None = None
    masked_html: str | None = None
    app: FocusedApp | None = None
    truncated_from: int | None = None
    #: For a mask (now or armed): may the user put the original back (None: nothing is masked).
    restore: RestoreRules | None = None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({f.category.value for f in self.findings}))


def _value_pairs(assessment: Assessment) -> list[tuple[str, str]]:
    masked = assessment.masked
    if masked is None:
        return []
    return [
        (assessment.text[r.start : r.end], masked.text[r.masked_start : r.masked_end])
        for r in masked.replacements
    ]


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def mask_html(source: str, pairs: Sequence[tuple[str, str]]) -> str | None:
    """`source` with every value replaced as in the plain text; None when that cannot be done
    consistently (a value split by markup), so the caller drops the HTML rather than leak it."""
    out = source
    for value, replacement in sorted(set(pairs), key=lambda p: -len(p[0])):
        rendered = html.escape(replacement, quote=True)
        for form in dict.fromkeys((value, html.escape(value, quote=False), html.escape(value, quote=True))):
            out = out.replace(form, rendered)
    decoded = html.unescape(out)
    visible = _SPACE.sub(" ", html.unescape(_TAG.sub("", out)))
    for value, _ in pairs:
        if value in decoded or _SPACE.sub(" ", value) in visible:
            return None
    return out


def decide_clipboard(
    assessment: Assessment,
    content: ClipboardContent,
    policy: Policy,
    *,
    focus_supported: bool,
    app: FocusedApp | None,
) -> ClipboardDecision:
    """What the guard does with a scanned clipboard text (see the module docstring)."""
    verdict = assessment.verdict
    if verdict.action is Action.ALLOW:
        return ClipboardDecision(ClipboardAction.NONE, None, app=app)
    outside = outside_ai_apps(policy, focus_supported=focus_supported, app=app)
    if verdict.action is Action.AUDIT:  # simulation, or rules that only record
        # An audit records what enforcement would act on, and a copy outside AI apps is acted on
        # only once it reaches one (mask mode arms, which records nothing until then).
        record_as = None if outside else Action.AUDIT
        return ClipboardDecision(ClipboardAction.NONE, record_as, assessment.acted, app=app)
    findings = verdict.findings_to_mask
    common: dict[str, object] = {
        "findings": findings,
        "app": app,
        "truncated_from": assessment.truncated_from,
    }
    masks = policy.clipboard.mode is ClipboardMode.MASK and assessment.masked is not None
    if outside and not masks:  # a copy in an editor or terminal is the user's own business
        return ClipboardDecision(ClipboardAction.NONE, None, app=app)
    if not masks:
        return ClipboardDecision(ClipboardAction.NOTIFY, Action.WARN, **common)  # type: ignore[arg-type]
    assert assessment.masked is not None
    original = content.text or ""
    masked_text = assessment.masked.text + original[len(assessment.text) :]
    masked_html = mask_html(content.html, _value_pairs(assessment)) if content.html else None
    common["restore"] = restore_rules(policy, findings)
    if outside:
        return ClipboardDecision(
            ClipboardAction.ARM, None, masked_text=masked_text, masked_html=masked_html, **common
        )  # type: ignore[arg-type]
    return ClipboardDecision(
        ClipboardAction.MASK, Action.MASK, masked_text=masked_text, masked_html=masked_html, **common
    )  # type: ignore[arg-type]


def outside_ai_apps(policy: Policy, *, focus_supported: bool, app: FocusedApp | None) -> bool:
    """Whether `only_ai_apps` keeps the guard out of this copy, in every clipboard mode. When the
    platform cannot tell which app has the focus, or the probe failed, the guard applies everywhere:
    an unknown app is not proof of a harmless one."""
    if not policy.clipboard.only_ai_apps or not focus_supported or app is None:
        return False
    return not is_ai_app(app, policy.clipboard.ai_apps, _ai_sites(policy))


def _ai_sites(policy: Policy) -> Iterable[str]:
    return policy.sites.guarded_patterns()
