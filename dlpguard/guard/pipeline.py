"""The one path from a text to a verdict: normalise → scan → decide → mask → record, for every shell.

The native host, the tray's bridge server, the clipboard guard and the Check-text window all call
`assess` (what the policy says, with the masked text) and `record` (the incident for what the shell
did), or `judge` (both, as the browser bridge needs them). Shells only translate their input and
output: protocol frames, Qt widgets, clipboard contents. No Qt and no protocol types here.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlpguard.engine.masking import DEFAULT_CONVERSATION, MaskResult, mask
from dlpguard.engine.normalise import NormalisedText, normalise
from dlpguard.engine.types import Action, Finding, ScanContext, ScanResult, Source
from dlpguard.errors import DlpGuardError, describe_exception
from dlpguard.guard.services import GuardServices, OverrideInfo, engine_modules
from dlpguard.policy.decide import (
    FindingDecision,
    Verdict,
    VerdictBuilder,
    decide,
    exempt_verdict,
    site_verdict,
)
from dlpguard.policy.schema import MaskOperator, Policy

if TYPE_CHECKING:
    from dlpguard.engine.engine import Engine
    from dlpguard.extract import ExtractLimits

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assessment:
    """What the guard would do with `text` (the part that was scanned, when the input was cut)."""

    text: str
    verdict: Verdict
    masked: MaskResult | None
    truncated_from: int | None = None  # the full length, when only a prefix was scanned
    policy_version: int = 0
    policy_hash: str | None = None
    #: `ner` or `pattern-only` for the engine that scanned; None when nothing was scanned (exempt site).
    engine_mode: str | None = None
    #: The engine's result (every finding, model status, stats); None when nothing was scanned.
    result: ScanResult | None = None

    @property
    def acted(self) -> tuple[Finding, ...]:
        """Findings the policy does something about (audit and stronger)."""
        return tuple(d.finding for d in self.verdict.decisions if d.action is not Action.ALLOW)


@dataclass(frozen=True)
class Judgement:
    """An assessment and the incident recorded for it (None: nothing acted on, or the log is down)."""

    assessment: Assessment
    incident_id: str | None


_PATTERN_TWINS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_TWINS_LOCK = threading.Lock()


def _pattern_only(engine: Engine) -> Engine:
    """The same detectors without NER, for decoded segments: NER reads what the sender wrote, not
    base64 blobs turned back into text. Built once per engine (detectors are cheap to rebuild)."""
    if not engine.config.ner:
        return engine
    with _TWINS_LOCK:
        twin = _PATTERN_TWINS.get(engine)
        if twin is None:
            twin = type(engine)(dataclasses.replace(engine.config, ner=False), load_model=False)
            _PATTERN_TWINS[engine] = twin
    return twin


def _with_decoding_note(result: ScanResult, normalised: NormalisedText) -> ScanResult:
    if not normalised.decoding_limited:
        return result
    note = "decoding limit reached: some encoded runs were not decoded and scanned"
    return dataclasses.replace(result, notes=(*result.notes, note))


def scan_text(
    engine: Engine, text: str, context: ScanContext, *, normalised: NormalisedText | None = None
) -> ScanResult:
    """normalise → scan → findings on `text`: the body (look-alikes folded, invisible characters gone,
    digit groups unified) with the whole engine, decoded segments pattern-only; every finding is moved
    back onto `text` (one in a decoded segment covers its whole encoded run). Plain text that needs no
    normalising is scanned as it is."""
    normalised = normalised or normalise(text)
    if not normalised.changed:
        result = engine.scan(text, context)
        return _with_decoding_note(result, normalised)
    result = _with_decoding_note(engine.scan(normalised.body, context), normalised)
    findings = list(result.findings)
    if normalised.segments:
        decoded = _pattern_only(engine).scan(normalised.segments, context)
        findings += [
            dataclasses.replace(f, start=f.start + normalised.body_end, end=f.end + normalised.body_end)
            for f in decoded.findings
        ]
    return dataclasses.replace(result, findings=normalised.findings_in_original(findings))


def _hash_key_if_needed(services: GuardServices, policy: Policy) -> bytes | None:
    rules = [policy.masking.default, *policy.masking.categories.values(), *policy.masking.entities.values()]
    return services.hash_key() if any(r.operator is MaskOperator.HASH for r in rules) else None


def assess(
    services: GuardServices,
    text: str,
    context: ScanContext,
    *,
    max_chars: int | None = None,
    conversation_id: str = DEFAULT_CONVERSATION,
    policy_limit: bool = True,
    mask_text: bool = True,
) -> Assessment:
    """Scans at most `max_chars` (and, with `policy_limit`, the policy's limit) of `text`, decides, and
    masks what must be (unless the shell masks by its own rules: `mask_text=False`).

    A text bound for an exempt site (allowlisted, or not guarded) is not scanned at all.
    """
    loaded = services.loaded_policy
    policy = loaded.effective.policy
    exempt = site_verdict(policy, context.site)
    if exempt:
        return Assessment(text, exempt_verdict(policy, exempt), None, None, loaded.version, loaded.digest)
    limits = [n for n in (max_chars, policy.limits.max_scan_chars if policy_limit else None) if n]
    limit = min(limits) if limits else len(text)
    truncated_from = len(text) if len(text) > limit else None
    scanned = text[:limit] if truncated_from else text
    engine = services.engine()
    result = scan_text(engine, scanned, context)
    verdict = decide(result.findings, policy, context, text=scanned)
    masked = None
    if mask_text and verdict.findings_to_mask:
        table, default = engine_modules()[1].masking_operators(policy, _hash_key_if_needed(services, policy))
        masked = mask(
            scanned,
            verdict.findings_to_mask,
            table,
            default=default,
            vault=services.vault,
            conversation_id=conversation_id,
        )
    mode = engine.model.mode if engine.model.mode in ("ner", "pattern-only") else None
    return Assessment(
        scanned,
        verdict,
        masked,
        truncated_from,
        loaded.version,
        loaded.digest,
        engine_mode=mode,
        result=result,
    )


class PartsAssessment:
    """The verdict for a text scanned in parts (a file too large to hold, which the CLI streams window
    by window): each part is decided with its own text as it passes; the verdict comes at the end."""

    def __init__(self, services: GuardServices) -> None:
        self._builder = VerdictBuilder(services.policy)

    def add(self, text: str, findings: Sequence[Finding]) -> tuple[FindingDecision, ...]:
        return self._builder.add(findings, text)

    def verdict(self) -> Verdict:
        return self._builder.build()


def record(
    services: GuardServices,
    assessment: Assessment,
    action: Action,
    *,
    source: Source,
    site: str | None,
    event: str,
    url: str | None = None,
) -> str | None:
    """Logs an incident for what the shell did; None when nothing was acted on or the log is down."""
    findings = assessment.acted
    if not findings:
        return None
    log = services.incident_log()
    if log is None:
        return None
    try:
        stored = log.record_scan(
            assessment.text,
            findings,
            action,
            source=source,
            site=site,
            url=url,
            event=event,
            policy_version=str(assessment.policy_version),
            policy_hash=assessment.policy_hash,
        )
    except (DlpGuardError, ValueError) as exc:  # ValueError: e.g. a lone surrogate cannot be fingerprinted
        logger.warning("incident not recorded: %s", describe_exception(exc))
        return None
    return stored.id


def judge(
    services: GuardServices,
    text: str,
    context: ScanContext,
    *,
    site: str | None,
    url: str | None = None,
    conversation_id: str = DEFAULT_CONVERSATION,
) -> Judgement:
    """Assess and record at once, the verdict's action as the incident's; the override rules are kept
    for the user's `decision` that may follow."""
    assessment = assess(services, text, context, conversation_id=conversation_id)
    verdict = assessment.verdict
    incident_id = record(
        services, assessment, verdict.action, source=Source(context.source), site=site, url=url,
        event=context.event or "scan",
    )
    if incident_id is not None:
        services.remember_verdict(
            incident_id,
            OverrideInfo(
                verdict.override_allowed, verdict.justification_required, verdict.min_justification_chars
            ),
        )
    return Judgement(assessment, incident_id)


# -- files: extract → the same scan, decide, mask → the file's own rules ----------------------------


@dataclass(frozen=True)
class FileJudgement:
    """A file's judgement: the assessment of its text (verdict adjusted for what could not be read or
    masked), how it was read, and the masked file's text when it can be rebuilt (text files)."""

    assessment: Assessment
    incident_id: str | None
    kind: str
    readable: bool  # every part was read
    unreadable_reason: str
    refused: str | None
    rebuildable: bool
    encoding: str | None
    extract_ms: float


def file_limits(policy: Policy) -> ExtractLimits:
    """The extractor's bounds from the policy's `files` section (text up to `limits.max_scan_chars`)."""
    from dlpguard.extract import ExtractLimits

    files = policy.files
    return ExtractLimits(
        max_depth=files.max_depth,
        max_members=files.max_members,
        max_expanded_bytes=files.max_expanded_bytes,
        max_ratio=files.max_ratio,
        max_chars=policy.limits.max_scan_chars,
        timeout_s=files.timeout_ms / 1000,
        ocr=files.ocr,
        ocr_timeout_s=files.ocr_timeout_ms / 1000,
    )


def _raise_to(
    verdict: Verdict, floor: Action, reason: str, policy: Policy, *, override: bool | None = None
) -> Verdict:
    """`verdict` made at least `floor` (what the rules say; the action too unless simulating). A verdict
    raised to block takes the policy's override rules (or `override` when given)."""
    from dataclasses import replace

    would = max(verdict.would_action, floor, key=lambda a: a.rank)
    action = verdict.action
    if verdict.simulated:
        action = max(action, Action.AUDIT, key=lambda a: a.rank)
    else:
        action = max(action, floor, key=lambda a: a.rank)
    if action is verdict.action and would is verdict.would_action and override is None:
        return verdict
    update: dict[str, object] = {"action": action, "would_action": would}
    update["reason"] = reason if not verdict.simulated else f"simulation: would {would.value}: {reason}"
    if action is Action.BLOCK and (verdict.action is not Action.BLOCK or override is not None):
        allowed = policy.override.allow if override is None else override
        required = allowed and policy.override.require_justification
        update["override_allowed"] = allowed
        update["justification_required"] = required
        update["min_justification_chars"] = policy.override.min_justification_chars if required else 0
    return replace(verdict, **update)


def assess_file(
    services: GuardServices,
    data: bytes,
    context: ScanContext,
    *,
    name: str = "",
    conversation_id: str = DEFAULT_CONVERSATION,
) -> FileJudgement:
    """Reads `data` by its content (never `name`, used only to label parts), then judges its text as
    `assess` would. What the file's kind changes: a part that could not be read raises the verdict to
    `files.unreadable`; an archive past the limits (a zip bomb) is blocked and not overridable; a
    verdict to mask a file that cannot be rebuilt masked (anything but text) becomes `files.unmaskable`."""
    import time

    from dlpguard.extract import extract

    loaded = services.loaded_policy
    policy = loaded.effective.policy
    exempt = site_verdict(policy, context.site)
    if exempt:
        assessment = Assessment("", exempt_verdict(policy, exempt), None, None, loaded.version, loaded.digest)
        return FileJudgement(assessment, None, "unknown", True, "", None, False, None, 0.0)
    started = time.perf_counter()
    extraction = extract(data, file_limits(policy), name=name)
    extract_ms = round((time.perf_counter() - started) * 1000, 1)
    rebuildable = extraction.rebuildable
    assessment = assess(
        services, extraction.text, context, conversation_id=conversation_id, mask_text=rebuildable
    )
    verdict = assessment.verdict
    files = policy.files
    if extraction.refused:
        verdict = _raise_to(
            verdict, Action.BLOCK, f"file not read: {extraction.refused}", policy, override=False
        )
    else:
        if extraction.unreadable and files.unreadable != "allow":
            verdict = _raise_to(
                verdict, Action(files.unreadable), f"could not read {extraction.unreadable_reason}", policy
            )
        if verdict.action is Action.MASK and not rebuildable:
            verdict = _raise_to(
                verdict, Action(files.unmaskable), "this kind of file cannot be sent masked", policy
            )
    from dataclasses import replace

    assessment = replace(assessment, verdict=verdict, masked=assessment.masked if rebuildable else None)
    return FileJudgement(
        assessment,
        None,
        extraction.kind.value,
        not extraction.unreadable and not extraction.refused,
        extraction.unreadable_reason,
        extraction.refused,
        rebuildable,
        extraction.encoding,
        extract_ms,
    )


def judge_file(
    services: GuardServices,
    data: bytes,
    context: ScanContext,
    *,
    site: str | None,
    url: str | None = None,
    name: str = "",
    conversation_id: str = DEFAULT_CONVERSATION,
) -> FileJudgement:
    """`assess_file` and the incident, as `judge` does for a text."""
    from dataclasses import replace

    judged = assess_file(services, data, context, name=name, conversation_id=conversation_id)
    verdict = judged.assessment.verdict
    incident_id = record(
        services, judged.assessment, verdict.action, source=Source(context.source), site=site, url=url,
        event=context.event or "upload",
    )
    if incident_id is not None:
        services.remember_verdict(
            incident_id,
            OverrideInfo(
                verdict.override_allowed, verdict.justification_required, verdict.min_justification_chars
            ),
        )
    return replace(judged, incident_id=incident_id)
