"""The user's answer to a verdict (cancel, send masked, send anyway): may they, and the incident's record.

Whether "send anyway" is allowed is judged from the override rules the verdict carried (remembered by
`pipeline.judge`); for a verdict this process did not give, from the policy in force. The answer is
recorded on the incident either way, with what came of it kept apart from the choice: a refused
"send anyway" is recorded as the choice `send_anyway` with the outcome `refused` and the reason, so
no list, export, SIEM event or review window can read it as sent.

The clipboard guard's restore (the masked copy replaced by the original) is the same kind of override
and follows the same rules, per finding (`restore_rules`): where a masked finding's rule allows no
override, there is no restore; where the policy wants a justification, the user gives one. It is
recorded as its own decision, `restored`, with the user's justification or none (`record_restore`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from dlpguard.engine.types import Action, Finding, UserDecision
from dlpguard.errors import DlpGuardError, describe_exception
from dlpguard.guard.services import GuardServices, OverrideInfo
from dlpguard.incidents.model import Outcome, outcome_for_decision
from dlpguard.policy.decide import decide
from dlpguard.policy.schema import Policy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecisionOutcome:
    allowed: bool
    recorded: bool
    reason: str = ""
    #: What came of the choice: `refused` when the policy did not let the user do it.
    outcome: Outcome = Outcome.UNKNOWN


def override_refusal(services: GuardServices, incident_id: str | None, justification: str | None) -> str:
    """Why the user may not send this anyway; "" when they may."""
    info = services.remembered_verdict(incident_id)
    if info is None:  # a verdict from another process, or an old one: judge by the policy alone
        rules = services.policy.override
        info = OverrideInfo(
            rules.allow, rules.allow and rules.require_justification, rules.min_justification_chars
        )
    given = len((justification or "").strip())
    if not info.allowed:
        return "the policy does not let the user send this anyway"
    if info.justification_required and given < info.min_justification_chars:
        return f"a justification of at least {info.min_justification_chars} characters is required"
    return ""


def decide_user_action(
    services: GuardServices, incident_id: str | None, user_action: UserDecision, justification: str | None
) -> DecisionOutcome:
    """Judges the user's action and records it, with its outcome, on the incident (when there is one)."""
    refusal = ""
    if user_action is UserDecision.SEND_ANYWAY:
        refusal = override_refusal(services, incident_id, justification)
    allowed = not refusal
    outcome = outcome_for_decision(user_action, allowed=allowed)
    # A held submitted text joins its conversation's tail only if it went out (`pipeline.judge`).
    sent = None
    if user_action is UserDecision.SEND_MASKED:
        sent = "masked"
    elif user_action is UserDecision.SEND_ANYWAY and allowed:
        sent = "original"
    services.tails.release(incident_id, sent=sent)
    reason = refusal
    recorded = False
    if incident_id is not None:
        log = services.incident_log()
        if log is None:
            reason = reason or "the incident log is unavailable"
        else:
            try:
                log.record_decision(
                    incident_id, user_action, justification, outcome=outcome, reason=refusal or None
                )
                recorded = True
            except DlpGuardError as exc:
                logger.warning("decision not recorded: %s", describe_exception(exc))
                reason = reason or "the decision could not be recorded"
    return DecisionOutcome(allowed, recorded, reason, outcome)


# -- the clipboard guard's restore ---------------------------------------------------------------------

#: Why a restore is refused when a masked finding's rule allows no override (the notice says it).
RESTORE_NOT_ALLOWED = "your organisation's policy does not allow restoring the original"


@dataclass(frozen=True)
class RestoreRules:
    """May the user put the unmasked original back, and must they say why."""

    allowed: bool
    justification_required: bool = False
    min_justification_chars: int = 0
    reason: str = ""  # why not, when not allowed

    def refusal(self, justification: str | None) -> str:
        """Why this restore may not happen with `justification`; "" when it may."""
        if not self.allowed:
            return self.reason or RESTORE_NOT_ALLOWED
        given = len((justification or "").strip())
        if self.justification_required and given < self.min_justification_chars:
            return f"a justification of at least {self.min_justification_chars} characters is required"
        return ""


def restore_rules(policy: Policy, masked: Iterable[Finding]) -> RestoreRules:
    """The override rules for un-masking `masked`, judged per finding: a restore reveals every one of
    them, so one finding whose rule allows no override refuses it (a verdict's own override rules speak
    only for the findings at its strongest action). A finding that only warns needs no justification,
    as a warning needs none in the browser."""
    allowed, justify = True, False
    for finding in masked:
        verdict = decide((finding,), policy)
        if verdict.action not in (Action.MASK, Action.BLOCK):
            continue
        allowed = allowed and verdict.override_allowed
        justify = justify or verdict.justification_required
    if not allowed:
        return RestoreRules(False, reason=RESTORE_NOT_ALLOWED)
    minimum = policy.override.min_justification_chars if justify else 0
    return RestoreRules(True, justify and minimum > 0, minimum)


def record_restore(services: GuardServices, incident_id: str, justification: str | None) -> bool:
    """Records a restore on its incident as the decision `restored`, with the user's own justification
    (None when none was asked for). The outcome is `unknown`: the original is on the clipboard again,
    and whether it was pasted anywhere is not known. False when the log is down or refused the write."""
    log = services.incident_log()
    if log is None:
        return False
    text = (justification or "").strip() or None
    try:
        log.record_decision(incident_id, UserDecision.RESTORED, text, outcome=Outcome.UNKNOWN)
    except DlpGuardError as exc:
        logger.warning("restore not recorded: %s", describe_exception(exc))
        return False
    return True
