"""The one path from a text to a verdict: scan → decide → mask → record, for every shell.

The native host, the tray's bridge server, the clipboard guard and the Check-text window all call
`assess` (what the policy says, with the masked text) and `record` (the incident for what the shell
did), or `judge` (both, as the browser bridge needs them). Shells only translate their input and
output: protocol frames, Qt widgets, clipboard contents. No Qt and no protocol types here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from dlpguard.engine.masking import DEFAULT_CONVERSATION, MaskResult, mask
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
    result = engine.scan(scanned, context)
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
