"""Scan → decide → mask for the desktop shells (clipboard guard, Check text), on the bridge's services.

The tray app builds one `BridgeServices` (engine, policy, pseudonym vault, incident log) and shares it
with the bridge server, so browsers, the clipboard and the scratch window see one engine and one log.
No Qt here: it runs on worker threads and in tests as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlpguard.bridge.services import BridgeServices, describe_exception, engine_modules
from dlpguard.engine.decide import Verdict, decide
from dlpguard.engine.masking import MaskResult, mask
from dlpguard.engine.types import Action, Finding, ScanContext, ScanResult, Source
from dlpguard.errors import DlpGuardError
from dlpguard.policy.schema import MaskOperator

if TYPE_CHECKING:
    import logging

    from dlpguard.policy.schema import Policy


@dataclass(frozen=True)
class Assessment:
    """What the guard would do with `text` (the part that was scanned, when the input was cut)."""

    text: str
    result: ScanResult
    verdict: Verdict
    masked: MaskResult | None
    truncated_from: int | None = None  # the full length, when only a prefix was scanned
    policy_version: int = 0
    policy_hash: str | None = None

    @property
    def acted(self) -> tuple[Finding, ...]:
        """Findings the policy does something about (audit and stronger)."""
        return tuple(d.finding for d in self.verdict.decisions if d.action is not Action.ALLOW)


def _hash_key_if_needed(services: BridgeServices, policy: Policy) -> bytes | None:
    rules = [policy.masking.default, *policy.masking.categories.values(), *policy.masking.entities.values()]
    return services.hash_key() if any(r.operator is MaskOperator.HASH for r in rules) else None


def assess(
    services: BridgeServices,
    text: str,
    context: ScanContext,
    *,
    max_chars: int | None = None,
    conversation_id: str = "desktop",
) -> Assessment:
    """Scans at most `max_chars` (and the policy's limit) of `text`, decides, and masks what must be."""
    loaded = services.loaded_policy
    policy = loaded.effective.policy
    limit = min(policy.limits.max_scan_chars, max_chars or policy.limits.max_scan_chars)
    truncated_from = len(text) if len(text) > limit else None
    scanned = text[:limit]
    engine = services.engine()
    result = engine.scan(scanned, context)
    verdict = decide(result.findings, policy, context, text=scanned)
    masked = None
    if verdict.findings_to_mask:
        table, default = engine_modules()[1].masking_operators(policy, _hash_key_if_needed(services, policy))
        masked = mask(
            scanned,
            verdict.findings_to_mask,
            table,
            default=default,
            vault=services.vault,
            conversation_id=conversation_id,
        )
    return Assessment(scanned, result, verdict, masked, truncated_from, loaded.version, loaded.digest)


def record(
    services: BridgeServices,
    assessment: Assessment,
    action: Action,
    *,
    source: Source,
    site: str | None,
    event: str,
    logger: logging.Logger,
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
            event=event,
            policy_version=str(assessment.policy_version),
            policy_hash=assessment.policy_hash,
        )
    except (DlpGuardError, ValueError) as exc:
        logger.warning("incident not recorded: %s", describe_exception(exc))
        return None
    return stored.id
