"""The user's answer to a verdict (cancel, send masked, send anyway): may they, and the incident's record.

Whether "send anyway" is allowed is judged from the override rules the verdict carried (remembered by
`pipeline.judge`); for a verdict this process did not give, from the policy in force. The answer is
recorded on the incident either way, with what came of it kept apart from the choice: a refused
"send anyway" is recorded as the choice `send_anyway` with the outcome `refused` and the reason, so
no list, export, SIEM event or review window can read it as sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dlpguard.engine.types import UserDecision
from dlpguard.errors import DlpGuardError, describe_exception
from dlpguard.guard.services import GuardServices, OverrideInfo
from dlpguard.incidents.model import Outcome, outcome_for_decision

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
