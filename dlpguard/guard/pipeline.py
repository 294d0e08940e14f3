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
from dlpguard.engine.types import Action, Category, Finding, ScanContext, ScanResult, Source
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
from dlpguard.policy.destinations import policy_for_site
from dlpguard.policy.schema import MaskOperator, Policy

if TYPE_CHECKING:
    from dlpguard.engine.engine import Engine
    from dlpguard.extract import ExtractLimits, SensitivityLabel

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


#: Characters of a message's start judged together with the conversation's tail (a private key split
#: over two messages fits; the rest of the message was judged on its own).
JOIN_HEAD_CHARS = 8192
#: Events judged together with what the conversation sent before; `submit` verdicts that let the
#: text through add it to that tail.
JOINED_EVENTS = frozenset({"submit", "paste"})
#: A text over the policy's `limits.max_scan_chars` that the shell asked to have pattern-scanned.
SIZE_REASON = "too large for names and places: checked by patterns only"


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def join_tail(
    engine: Engine, text: str, tail: str, context: ScanContext, own: Sequence[Finding]
) -> list[Finding]:
    """`own` (the findings of `text` alone) with what `tail` + the start of `text`, read as one text
    (patterns only), adds: a finding that crosses the boundary, clipped to `text` (it replaces what it
    overlaps), or one in `text` found only thanks to the tail (a keyword before the value), unless it
    overlaps a finding of `text` alone. A finding wholly in the tail was judged when it was sent."""
    if not tail or not text:
        return list(own)
    head = text[:JOIN_HEAD_CHARS]
    joined = tail + head
    boundary = len(tail)
    cut = len(head) < len(text)
    crossing: list[Finding] = []
    inside: list[Finding] = []
    for f in scan_text(_pattern_only(engine), joined, context).findings:
        if f.end <= boundary or (cut and f.end >= len(joined)):  # the tail's own; a value cut short
            continue
        moved = dataclasses.replace(f, start=max(f.start - boundary, 0), end=f.end - boundary)
        (crossing if f.start < boundary else inside).append(moved)
    if not crossing and not inside:
        return list(own)
    kept = [f for f in own if not any(_overlaps(f, c) for c in crossing)]
    kept += crossing
    kept += [f for f in inside if not any(_overlaps(f, k) for k in kept)]
    return sorted(kept, key=lambda f: (f.start, f.end))


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
    tail: str = "",
    patterns_above_limit: bool = False,
) -> Assessment:
    """Scans at most `max_chars` (and, with `policy_limit`, the policy's limit) of `text`, decides, and
    masks what must be (unless the shell masks by its own rules: `mask_text=False`).

    With `patterns_above_limit` a text over the policy's limit is not cut: all of it is scanned by the
    patterns alone (no NER; the result counts it as `ner_skipped_chars`, the verdict's reason says so).
    With a `tail` (what the conversation sent before) the text is judged together with it
    (`join_tail`); every finding stays within `text`.
    A text bound for an exempt site (allowlisted, or not guarded) is not scanned at all.
    """
    loaded = services.loaded_policy
    policy = loaded.effective.policy
    exempt = site_verdict(policy, context.site)
    if exempt:
        return Assessment(text, exempt_verdict(policy, exempt), None, None, loaded.version, loaded.digest)
    oversize = (
        patterns_above_limit and policy_limit and max_chars is None
        and len(text) > policy.limits.max_scan_chars
    )
    limits = [n for n in (max_chars, policy.limits.max_scan_chars if policy_limit else None) if n]
    limit = min(limits) if limits and not oversize else len(text)
    truncated_from = len(text) if len(text) > limit else None
    scanned = text[:limit] if truncated_from else text
    engine = services.engine()
    result = scan_text(_pattern_only(engine) if oversize else engine, scanned, context)
    if oversize:
        note = f"text over limits.max_scan_chars ({policy.limits.max_scan_chars}): patterns only, no NER"
        skipped = len(scanned) if policy.detection.ner else 0
        result = dataclasses.replace(
            result,
            stats=dataclasses.replace(result.stats, ner_skipped_chars=skipped),
            notes=(*result.notes, note),
        )
    if tail:
        joined = join_tail(engine, scanned, tail, context, result.findings)
        if joined != list(result.findings):
            result = dataclasses.replace(result, findings=tuple(joined))
    verdict = decide(result.findings, policy, context, text=scanned)
    if oversize:
        reason = f"{verdict.reason}; {SIZE_REASON}" if verdict.reason else SIZE_REASON
        verdict = dataclasses.replace(verdict, reason=reason)
    masked = None
    if mask_text and verdict.findings_to_mask:
        # decide() applied the site group's rules; its masking applies here the same way.
        site_policy, _ = policy_for_site(policy, context.site)
        table, default = engine_modules()[1].masking_operators(
            site_policy, _hash_key_if_needed(services, site_policy)
        )
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
    """Logs an incident for what the shell did; None when nothing was acted on or the log is down.
    A verdict that interrupts without findings (a file that could not be read, an archive refused as a
    bomb) is recorded too, with the reason as its note, so a reviewer sees the blocked upload."""
    findings = assessment.acted
    unexplained = not findings and action in (Action.WARN, Action.BLOCK) and bool(assessment.verdict.reason)
    if not findings and not unexplained:
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
            group=assessment.verdict.group,
            rule=assessment.verdict.deciding_rule,
            note=assessment.verdict.reason if unexplained else None,
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
    conversation_context: bool = False,
    patterns_above_limit: bool = False,
) -> Judgement:
    """Assess and record at once, the verdict's action as the incident's; the override rules are kept
    for the user's `decision` that may follow.

    With `conversation_context` (the browser bridge) a `submit` or `paste` is judged together with the
    tail of what the conversation sent before (`services.tails`), and a `submit` whose verdict lets the
    text through joins that tail (the masked text when masked; after a warn or block, the user's
    decision says what went out). `patterns_above_limit`: see `assess`."""
    tails = services.tails
    joined = conversation_context and context.event in JOINED_EVENTS
    assessment = assess(
        services,
        text,
        context,
        conversation_id=conversation_id,
        tail=tails.tail(conversation_id) if joined else "",
        patterns_above_limit=patterns_above_limit,
    )
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
    if conversation_context and context.event == "submit" and assessment.result is not None:
        _note_sent(services, assessment, conversation_id, incident_id)
    return Judgement(assessment, incident_id)


def _note_sent(
    services: GuardServices, assessment: Assessment, conversation_id: str, incident_id: str | None
) -> None:
    """A submitted text joins its conversation's tail once it goes out: at once when the verdict lets
    it through (allow, audit; masked), else when the user's decision on the incident says so."""
    action = assessment.verdict.action
    masked = assessment.masked.text if assessment.masked else None
    if action in (Action.ALLOW, Action.AUDIT):
        services.tails.append(conversation_id, assessment.text)
    elif action is Action.MASK and masked is not None:
        services.tails.append(conversation_id, masked)
    elif incident_id is not None:
        services.tails.hold(incident_id, conversation_id, assessment.text, masked)


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


#: The finding a document's sensitivity label (Microsoft Information Protection) becomes.
LABEL_ENTITY = "SENSITIVITY_LABEL"
_LABEL_LINE = "Sensitivity label: "


def _with_labels(
    services: GuardServices,
    assessment: Assessment,
    labels: Sequence[SensitivityLabel],
    policy: Policy,
    context: ScanContext,
) -> Assessment:
    """`assessment` with a `classification` finding (`SENSITIVITY_LABEL`) for each label whose name
    reads as a marking. The name is judged on a `Sensitivity label: <name>` line by the engine's own
    detectors, pattern-only (the built-in markings, the admin's `marking_words`, thresholds and
    allowlists): "Confidential" or "Highly Confidential \\ All Employees" is a marking, "General" or
    "Public" is not. Each label that counts is appended to the assessed text as that line, the finding
    over the name, so the verdict, the reply's offsets and the incident's fingerprint and masked preview
    treat it like any other value."""
    engine = _pattern_only(services.engine())
    text = assessment.text
    found: list[Finding] = []
    for label in labels:
        line = _LABEL_LINE + label.name
        marks = [
            f for f in scan_text(engine, line, context).findings if f.category is Category.CLASSIFICATION
        ]
        if not marks:
            continue
        text = f"{text}\n\n{line}" if text else line
        found.append(
            Finding(
                LABEL_ENTITY, Category.CLASSIFICATION, len(text) - len(label.name), len(text),
                max(f.score for f in marks), "SensitivityLabel",
            )
        )
    if not found or assessment.result is None:
        return assessment
    findings = (*assessment.result.findings, *found)
    return dataclasses.replace(
        assessment,
        text=text,
        verdict=decide(findings, policy, context, text=text),
        result=dataclasses.replace(assessment.result, findings=findings),
    )


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
    verdict to mask a file that cannot be rebuilt masked (anything but text) becomes `files.unmaskable`.
    An Office file's sensitivity label that reads as a marking is a `classification` finding."""
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
    if extraction.labels and not extraction.refused:
        assessment = _with_labels(services, assessment, extraction.labels, policy, context)
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
