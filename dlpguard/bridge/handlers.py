"""Every request type is one row in `HANDLERS`; `Dispatcher` turns a frame payload into a reply payload.

The dispatcher never raises and never answers "allow" because something failed: a handler that cannot
do its work replies `error` (engine_unavailable, internal, ...) and the extension applies the
policy's fail mode. Nothing here logs the text or a matched value: only types, counts and timings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from dlpguard.bridge.framing import MAX_OUTBOUND_BYTES
from dlpguard.bridge.protocol import (
    DecisionRecordedReply,
    DecisionRequest,
    ErrorCode,
    FindingOut,
    HelloOkReply,
    HelloRequest,
    Limits,
    OverrideRules,
    PolicySummary,
    ProtocolError,
    ReplacementOut,
    Request,
    RestoredReply,
    RestoreRequest,
    ScanRequest,
    VerdictOverride,
    VerdictReply,
    decode_request,
    encode_reply,
    error_reply,
)
from dlpguard.bridge.services import BridgeServices, OverrideInfo, describe_exception, engine_modules
from dlpguard.bridge.utf16 import Utf16Offsets
from dlpguard.engine.decide import decide, site_verdict
from dlpguard.engine.masking import DEFAULT_CONVERSATION, mask
from dlpguard.engine.types import Action, ScanContext, Source, UserDecision
from dlpguard.errors import DlpGuardError
from dlpguard.policy.schema import MaskOperator

logger = logging.getLogger(__name__)

Handler = Callable[[BridgeServices, Any], BaseModel]


def handle_hello(services: BridgeServices, request: HelloRequest) -> HelloOkReply:
    policy = services.policy
    summary = PolicySummary(
        version=policy.version,
        fail_mode=policy.fail_mode.value,
        verdict_timeout_ms=policy.verdict_timeout_ms,
        simulation=policy.simulation,
        guarded_sites=list(policy.sites.guarded_patterns()),
        allowlisted_sites=list(policy.allowlists.sites),
        override=OverrideRules(
            allow=policy.override.allow,
            require_justification=policy.override.require_justification,
            min_justification_chars=policy.override.min_justification_chars,
        ),
        limits=Limits(
            max_scan_chars=policy.limits.max_scan_chars,
            max_request_bytes=services.max_request_bytes,
            max_reply_bytes=MAX_OUTBOUND_BYTES,
        ),
    )
    mode = services.engine_mode
    return HelloOkReply(
        id=request.id,
        served_by=services.served_by,
        engine_mode=mode if mode in ("ner", "pattern-only") else "loading",
        policy=summary,
    )


def _allow(request: ScanRequest, services: BridgeServices, reason: str, started: float) -> VerdictReply:
    return VerdictReply(
        id=request.id,
        served_by=services.served_by,
        action="allow",
        would_action="allow",
        simulated=services.policy.simulation,
        reason=reason,
        findings=[],
        finding_count=0,
        override=VerdictOverride(allowed=True, justification_required=False, min_justification_chars=0),
        policy_version=services.policy.version,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
    )


def handle_scan(services: BridgeServices, request: ScanRequest) -> VerdictReply:
    started = time.perf_counter()
    loaded = services.loaded_policy
    policy = loaded.effective.policy
    if len(request.text) > policy.limits.max_scan_chars:
        raise ProtocolError(
            ErrorCode.TOO_LARGE,
            f"text of {len(request.text)} characters exceeds the policy limit "
            f"of {policy.limits.max_scan_chars}",
            request.id,
        )
    where = request.url or request.site  # the URL, when known, lets path-qualified site patterns match
    exempt = site_verdict(policy, where)
    if exempt:
        return _allow(request, services, exempt, started)

    engine = services.engine()
    context = ScanContext(source=Source.BROWSER.value, site=where, event=request.event)
    result = engine.scan(request.text, context)
    verdict = decide(result.findings, policy, context, text=request.text)
    acted = [d for d in verdict.decisions if d.action is not Action.ALLOW]
    offsets = Utf16Offsets(request.text)

    masked_text: str | None = None
    replacements: list[ReplacementOut] = []
    to_mask = verdict.findings_to_mask
    if to_mask:
        rules = [
            policy.masking.default,
            *policy.masking.categories.values(),
            *policy.masking.entities.values(),
        ]
        key = services.hash_key() if any(r.operator is MaskOperator.HASH for r in rules) else None
        table, default = engine_modules()[1].masking_operators(policy, key)
        masked = mask(
            request.text,
            to_mask,
            table,
            default=default,
            vault=services.vault,
            conversation_id=request.conversation_id or DEFAULT_CONVERSATION,
        )
        masked_text = masked.text
        replacements = [
            ReplacementOut(
                start=offsets.to_utf16(r.start),
                end=offsets.to_utf16(r.end),
                replacement=masked.text[r.masked_start : r.masked_end],
                entity_type=r.entity_type,
                operator=r.operator,
            )
            for r in masked.replacements
        ]

    incident_id = _record(services, request, [d.finding for d in acted], verdict.action, loaded)
    override = VerdictOverride(
        allowed=verdict.override_allowed,
        justification_required=verdict.justification_required,
        min_justification_chars=verdict.min_justification_chars,
    )
    if incident_id is not None:
        services.remember_verdict(
            incident_id,
            OverrideInfo(
                verdict.override_allowed, verdict.justification_required, verdict.min_justification_chars
            ),
        )
    findings = [
        FindingOut(
            entity_type=d.finding.entity_type,
            category=d.finding.category.value,
            start=offsets.to_utf16(d.finding.start),
            end=offsets.to_utf16(d.finding.end),
            score=round(d.finding.score, 3),
            recognizer=d.finding.recognizer,
            action=d.action.value,
        )
        for d in acted
    ]
    reply = VerdictReply(
        id=request.id,
        served_by=services.served_by,
        action="allow" if verdict.action is Action.AUDIT else verdict.action.value,
        would_action=verdict.would_action.value,
        simulated=verdict.simulated,
        reason=verdict.reason,
        findings=findings,
        finding_count=len(findings),
        masked_text=masked_text,
        replacements=replacements,
        override=override,
        incident_id=incident_id,
        policy_version=policy.version,
        engine_mode=engine.model.mode if engine.model.mode in ("ner", "pattern-only") else None,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    logger.debug(
        "scan %s: %d chars, %d findings, %s in %.1f ms",
        request.event,
        len(request.text),
        len(findings),
        reply.action,
        reply.elapsed_ms,
    )
    return fit_verdict(reply, MAX_OUTBOUND_BYTES)


def _record(
    services: BridgeServices, request: ScanRequest, findings: list[Any], action: Action, loaded: Any
) -> str | None:
    if not findings:
        return None
    log = services.incident_log()
    if log is None:
        return None
    try:
        stored = log.record_scan(
            request.text,
            findings,
            action,
            source=Source.BROWSER,
            site=request.site,
            url=request.url,
            event=request.event,
            policy_version=str(loaded.version),
            policy_hash=loaded.digest,
        )
    except (DlpGuardError, ValueError) as exc:  # ValueError: e.g. a lone surrogate cannot be fingerprinted
        logger.warning("incident not recorded: %s", describe_exception(exc))
        return None
    return stored.id


def fit_verdict(reply: VerdictReply, max_bytes: int) -> VerdictReply:
    """Keeps a verdict under the browser's message limit: first the masked text goes (the extension can
    rebuild it from `replacements`), then findings and replacements are cut, and flags say so."""
    size = len(encode_reply(reply))
    if size <= max_bytes:
        return reply
    if reply.masked_text is not None:
        reply = reply.model_copy(update={"masked_text": None, "masked_text_omitted": True})
        size = len(encode_reply(reply))
    findings, replacements = reply.findings, reply.replacements
    while size > max_bytes and (findings or replacements):
        ratio = max_bytes / size * 0.9
        findings = findings[: int(len(findings) * ratio)]
        replacements = replacements[: int(len(replacements) * ratio)]
        reply = reply.model_copy(
            update={"findings": findings, "replacements": replacements, "findings_truncated": True}
        )
        size = len(encode_reply(reply))
    return reply


def handle_decision(services: BridgeServices, request: DecisionRequest) -> DecisionRecordedReply:
    allowed, reason = True, ""
    if request.user_action == "send_anyway":
        info = services.remembered_verdict(request.incident_id)
        if info is None:  # a verdict from another process, or an old one: judge by the policy alone
            rules = services.policy.override
            info = OverrideInfo(
                rules.allow, rules.allow and rules.require_justification, rules.min_justification_chars
            )
        given = len((request.justification or "").strip())
        if not info.allowed:
            allowed, reason = False, "the policy does not let the user send this anyway"
        elif info.justification_required and given < info.min_justification_chars:
            allowed, reason = (
                False,
                f"a justification of at least {info.min_justification_chars} characters is required",
            )
    recorded = False
    if request.incident_id is not None:
        log = services.incident_log()
        if log is None:
            reason = reason or "the incident log is unavailable"
        else:
            try:
                log.record_decision(
                    request.incident_id, UserDecision(request.user_action), request.justification
                )
                recorded = True
            except DlpGuardError as exc:
                logger.warning("decision not recorded: %s", describe_exception(exc))
                reason = reason or "the decision could not be recorded"
    return DecisionRecordedReply(
        id=request.id,
        served_by=services.served_by,
        incident_id=request.incident_id,
        recorded=recorded,
        allowed=allowed,
        reason=reason,
    )


def handle_restore(services: BridgeServices, request: RestoreRequest) -> RestoredReply:
    result = services.vault.restore(request.conversation_id, request.text)
    reply = RestoredReply(
        id=request.id,
        served_by=services.served_by,
        text=result.text,
        restored=result.restored,
        unknown=list(result.unknown),
    )
    if len(encode_reply(reply)) > MAX_OUTBOUND_BYTES:
        raise ProtocolError(
            ErrorCode.TOO_LARGE, "restored answer too large for one reply: send it in pieces", request.id
        )
    return reply


#: The one table: request `type` -> handler (protocol.REQUEST_MODELS names the same types).
HANDLERS: Mapping[str, Handler] = {
    "hello": handle_hello,
    "scan": handle_scan,
    "decision": handle_decision,
    "restore": handle_restore,
}


class Dispatcher:
    """Frame payload in, reply payload out; safe to call from several threads at once."""

    def __init__(self, services: BridgeServices) -> None:
        self.services = services

    def handle(self, payload: bytes) -> bytes:
        try:
            request = decode_request(payload)
        except ProtocolError as exc:
            return self.error(exc.code, str(exc), exc.message_id)
        return self.handle_request(request)

    def handle_request(self, request: Request) -> bytes:
        try:
            reply = HANDLERS[request.type](self.services, request)
        except ProtocolError as exc:
            return self.error(exc.code, str(exc), request.id)
        except Exception as exc:
            logger.error("%s request failed: %s", request.type, describe_exception(exc))
            return self.error(ErrorCode.INTERNAL, f"internal error ({type(exc).__name__})", request.id)
        payload = encode_reply(reply)
        if len(payload) > MAX_OUTBOUND_BYTES:  # fit_verdict and the restore check make this unreachable
            logger.error("%s reply of %d bytes dropped: over the limit", request.type, len(payload))
            return self.error(ErrorCode.INTERNAL, "reply too large", request.id)
        return payload

    def error(self, code: ErrorCode, message: str, message_id: str | None) -> bytes:
        return encode_reply(error_reply(code, message, message_id, self.services.served_by))
