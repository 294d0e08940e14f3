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

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES, MAX_OUTBOUND_BYTES
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
    ServedBy,
    VerdictOverride,
    VerdictReply,
    decode_request,
    encode_reply,
    error_reply,
)
from dlpguard.bridge.utf16 import Utf16Offsets
from dlpguard.engine.masking import DEFAULT_CONVERSATION
from dlpguard.engine.types import Action, ScanContext, Source, UserDecision
from dlpguard.errors import EngineUnavailable, describe_exception
from dlpguard.guard.decisions import decide_user_action
from dlpguard.guard.pipeline import Judgement, judge
from dlpguard.guard.services import GuardServices
from dlpguard.policy.decide import site_verdict
from dlpguard.policy.schema import Policy

logger = logging.getLogger(__name__)

Handler = Callable[["Dispatcher", Any], BaseModel]


def handle_hello(dispatcher: Dispatcher, request: HelloRequest) -> HelloOkReply:
    services = dispatcher.services
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
            max_request_bytes=dispatcher.max_request_bytes,
            max_reply_bytes=MAX_OUTBOUND_BYTES,
        ),
    )
    mode = services.engine_mode
    return HelloOkReply(
        id=request.id,
        served_by=dispatcher.served_by,
        engine_mode=mode if mode in ("ner", "pattern-only") else "loading",
        policy=summary,
    )


def handle_scan(dispatcher: Dispatcher, request: ScanRequest) -> VerdictReply:
    started = time.perf_counter()
    max_chars = dispatcher.services.policy.limits.max_scan_chars
    if len(request.text) > max_chars:
        raise ProtocolError(
            ErrorCode.TOO_LARGE,
            f"text of {len(request.text)} characters exceeds the policy limit of {max_chars}",
            request.id,
        )
    where = _destination(dispatcher.services.policy, request)
    try:
        judged = judge(
            dispatcher.services,
            request.text,
            ScanContext(source=Source.BROWSER.value, site=where, event=request.event),
            site=request.site,
            url=request.url,
            conversation_id=request.conversation_id or DEFAULT_CONVERSATION,
        )
    except EngineUnavailable as exc:
        raise ProtocolError(ErrorCode.ENGINE_UNAVAILABLE, str(exc), request.id) from exc
    reply = verdict_reply(request, judged, dispatcher.served_by, time.perf_counter() - started)
    logger.debug(
        "scan %s: %d chars, %d findings, %s in %.1f ms",
        request.event,
        len(request.text),
        reply.finding_count,
        reply.action,
        reply.elapsed_ms,
    )
    return reply


def _destination(policy: Policy, request: ScanRequest) -> str | None:
    """Where the text goes, for the site rules: the URL when known (path-qualified patterns need it),
    but the page's site when the URL would be exempt and the site is not: the stricter of the two."""
    if request.url and request.site and site_verdict(policy, request.url) and not site_verdict(
        policy, request.site
    ):
        return request.site
    return request.url or request.site


def verdict_reply(
    request: ScanRequest, judged: Judgement, served_by: ServedBy, elapsed: float
) -> VerdictReply:
    """The pipeline's judgement in the protocol's terms: offsets in UTF-16 code units."""
    assessment = judged.assessment
    verdict = assessment.verdict
    offsets = Utf16Offsets(request.text)
    masked = assessment.masked
    replacements = [
        ReplacementOut(
            start=offsets.to_utf16(r.start),
            end=offsets.to_utf16(r.end),
            replacement=masked.text[r.masked_start : r.masked_end],
            entity_type=r.entity_type,
            operator=r.operator,
        )
        for r in (masked.replacements if masked else ())
    ]
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
        for d in verdict.decisions
        if d.action is not Action.ALLOW
    ]
    return VerdictReply(
        id=request.id,
        served_by=served_by,
        action="allow" if verdict.action is Action.AUDIT else verdict.action.value,
        would_action=verdict.would_action.value,
        simulated=verdict.simulated,
        reason=verdict.reason,
        findings=findings,
        finding_count=len(findings),
        masked_text=masked.text if masked else None,
        replacements=replacements,
        override=VerdictOverride(
            allowed=verdict.override_allowed,
            justification_required=verdict.justification_required,
            min_justification_chars=verdict.min_justification_chars,
        ),
        incident_id=judged.incident_id,
        policy_version=assessment.policy_version,
        engine_mode=assessment.engine_mode,
        elapsed_ms=round(elapsed * 1000, 2),
    )


def fit_verdict(reply: VerdictReply, max_bytes: int, size: int) -> tuple[VerdictReply, bytes]:
    """Keeps a verdict of `size` bytes under the browser's message limit: first the masked text goes
    (the extension can rebuild it from `replacements`), then findings and replacements are cut, and
    flags say so. Returns the reply and its encoding."""
    payload = b""
    if reply.masked_text is not None:
        reply = reply.model_copy(update={"masked_text": None, "masked_text_omitted": True})
        payload = encode_reply(reply)
        size = len(payload)
    findings, replacements = reply.findings, reply.replacements
    while size > max_bytes and (findings or replacements):
        ratio = max_bytes / size * 0.9
        findings = findings[: int(len(findings) * ratio)]
        replacements = replacements[: int(len(replacements) * ratio)]
        reply = reply.model_copy(
            update={"findings": findings, "replacements": replacements, "findings_truncated": True}
        )
        payload = encode_reply(reply)
        size = len(payload)
    return reply, payload or encode_reply(reply)


def handle_decision(dispatcher: Dispatcher, request: DecisionRequest) -> DecisionRecordedReply:
    outcome = decide_user_action(
        dispatcher.services, request.incident_id, UserDecision(request.user_action), request.justification
    )
    return DecisionRecordedReply(
        id=request.id,
        served_by=dispatcher.served_by,
        incident_id=request.incident_id,
        recorded=outcome.recorded,
        allowed=outcome.allowed,
        reason=outcome.reason,
    )


def handle_restore(dispatcher: Dispatcher, request: RestoreRequest) -> RestoredReply:
    result = dispatcher.services.vault.restore(request.conversation_id, request.text)
    reply = RestoredReply(
        id=request.id,
        served_by=dispatcher.served_by,
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
    """Frame payload in, reply payload out; safe to call from several threads at once. Each reply is
    encoded once (a verdict over the size limit is cut and encoded again, the rare case)."""

    def __init__(
        self,
        services: GuardServices,
        *,
        served_by: ServedBy = "app",
        max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
    ) -> None:
        self.services = services
        self.served_by: ServedBy = served_by
        self.max_request_bytes = max_request_bytes

    def handle(self, payload: bytes) -> bytes:
        try:
            request = decode_request(payload)
        except ProtocolError as exc:
            return self.error(exc.code, str(exc), exc.message_id)
        return self.handle_request(request)

    def handle_request(self, request: Request) -> bytes:
        try:
            reply = self.reply_to(request)
        except ProtocolError as exc:
            return self.error(exc.code, str(exc), request.id)
        except Exception as exc:
            logger.error("%s request failed: %s", request.type, describe_exception(exc))
            return self.error(ErrorCode.INTERNAL, f"internal error ({type(exc).__name__})", request.id)
        payload = encode_reply(reply)
        if len(payload) > MAX_OUTBOUND_BYTES and isinstance(reply, VerdictReply):
            reply, payload = fit_verdict(reply, MAX_OUTBOUND_BYTES, len(payload))
        if len(payload) > MAX_OUTBOUND_BYTES:  # fit_verdict and the restore check make this unreachable
            logger.error("%s reply of %d bytes dropped: over the limit", request.type, len(payload))
            return self.error(ErrorCode.INTERNAL, "reply too large", request.id)
        self.replied(request, reply)
        return payload

    def reply_to(self, request: Request) -> BaseModel:
        """The reply model for a request (shells may answer some requests themselves)."""
        return HANDLERS[request.type](self, request)

    def replied(self, request: Request, reply: BaseModel) -> None:
        """Called with every successful reply before it is sent; a hook for shells (notifications)."""

    def error(self, code: ErrorCode, message: str, message_id: str | None) -> bytes:
        return encode_reply(error_reply(code, message, message_id, self.served_by))
