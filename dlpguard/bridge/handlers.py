"""Every request type is one row in `HANDLERS`; `Dispatcher` turns a frame payload into a reply payload.

The dispatcher never raises and never answers "allow" because something failed: a handler that cannot
do its work replies `error` (engine_unavailable, internal, ...) and the extension applies the
policy's fail mode. Nothing here logs the text or a matched value: only types, counts and timings.
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES, MAX_OUTBOUND_BYTES
from dlpguard.bridge.protocol import (
    DecisionRecordedReply,
    DecisionRequest,
    ErrorCode,
    FileOut,
    FileVerdictReply,
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
    ScanFileRequest,
    ScanRequest,
    ServedBy,
    UploadAckReply,
    UploadChunkRequest,
    VerdictOverride,
    VerdictReply,
    VisitCountedReply,
    VisitRequest,
    decode_request,
    encode_reply,
    error_reply,
)
from dlpguard.bridge.uploads import UploadError, UploadStore
from dlpguard.bridge.utf16 import Utf16Offsets
from dlpguard.engine.masking import DEFAULT_CONVERSATION
from dlpguard.engine.types import Action, ScanContext, Source, UserDecision
from dlpguard.errors import EngineUnavailable, describe_exception
from dlpguard.guard.decisions import decide_user_action
from dlpguard.guard.pipeline import Judgement, judge, judge_file
from dlpguard.guard.services import GuardServices
from dlpguard.guard.visits import record_visit
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
        guard_everywhere=policy.sites.guard_everywhere,
        override=OverrideRules(
            allow=policy.override.allow,
            require_justification=policy.override.require_justification,
            min_justification_chars=policy.override.min_justification_chars,
        ),
        limits=Limits(
            # Texts up to the frame limit are scanned (over the policy's limit by patterns alone), so
            # the extension must not refuse one below it: a text's characters never outnumber its bytes.
            max_scan_chars=max(policy.limits.max_scan_chars, dispatcher.max_request_bytes),
            max_request_bytes=dispatcher.max_request_bytes,
            max_reply_bytes=MAX_OUTBOUND_BYTES,
        ),
    )
    mode = services.engine_mode
    return HelloOkReply(
        id=request.id,
        served_by=dispatcher.served_by,
        engine_mode=mode if mode in ("ner", "pattern-only") else "loading",
        ner_pending=services.ner_pending,
        policy=summary,
    )


def handle_scan(dispatcher: Dispatcher, request: ScanRequest) -> VerdictReply:
    """A text over the policy's `max_scan_chars` is pattern-scanned whole, not refused (refusing it
    would let `fail_mode: open` pass it unread); only the frame limit refuses a text. A `submit` or
    `paste` is judged with what its conversation sent before (`pipeline.judge`)."""
    started = time.perf_counter()
    where = _destination(dispatcher.services.policy, request)
    try:
        judged = judge(
            dispatcher.services,
            request.text,
            ScanContext(source=Source.BROWSER.value, site=where, event=request.event),
            site=request.site,
            url=request.url,
            conversation_id=request.conversation_id or DEFAULT_CONVERSATION,
            conversation_context=True,
            patterns_above_limit=True,
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
    stats = assessment.result.stats if assessment.result else None
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
        group=verdict.group,
        engine_mode=assessment.engine_mode,
        ner_pending=stats.ner_pending if stats else False,
        ner_skipped_chars=stats.ner_skipped_chars if stats else 0,
        ner_gated=stats.ner_gated if stats else False,
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
        findings = _first_of_each_kind(findings, int(len(findings) * ratio))
        replacements = replacements[: int(len(replacements) * ratio)]
        reply = reply.model_copy(
            update={"findings": findings, "replacements": replacements, "findings_truncated": True}
        )
        payload = encode_reply(reply)
        size = len(payload)
    return reply, payload or encode_reply(reply)


def _first_of_each_kind(findings: list[FindingOut], keep: int) -> list[FindingOut]:
    """The first `keep` findings, plus the first of every entity type after them, in order: a cut list
    still shows every kind of data found (an e-mail after 20,000 names in a 1 MiB paste)."""
    seen: set[str] = set()
    kept = []
    for index, finding in enumerate(findings):
        first = finding.entity_type not in seen
        seen.add(finding.entity_type)
        if index < keep or first:
            kept.append(finding)
    return kept


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


def _base64(data: str, request_id: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError(ErrorCode.INVALID_MESSAGE, "data: not base64", request_id) from None


def handle_upload_chunk(dispatcher: Dispatcher, request: UploadChunkRequest) -> UploadAckReply:
    chunk = _base64(request.data, request.id)
    try:
        received = dispatcher.uploads.add(
            request.upload_id, request.offset, chunk, dispatcher.services.policy.files.max_bytes
        )
    except UploadError as exc:
        code = ErrorCode.TOO_LARGE if exc.too_large else ErrorCode.INVALID_MESSAGE
        raise ProtocolError(code, str(exc), request.id) from None
    return UploadAckReply(
        id=request.id, served_by=dispatcher.served_by, upload_id=request.upload_id, received=received
    )


def handle_scan_file(dispatcher: Dispatcher, request: ScanFileRequest) -> FileVerdictReply:
    """The file's bytes (inline or from its chunks) through `guard.pipeline.judge_file`."""
    started = time.perf_counter()
    policy = dispatcher.services.policy
    if request.upload_id is not None:
        try:
            data = dispatcher.uploads.take(request.upload_id)
        except UploadError as exc:
            raise ProtocolError(ErrorCode.INVALID_MESSAGE, str(exc), request.id) from None
    else:
        data = _base64(request.data or "", request.id)
    if len(data) != request.size:
        raise ProtocolError(
            ErrorCode.INVALID_MESSAGE,
            f"size: {request.size} announced, {len(data)} bytes received",
            request.id,
        )
    if len(data) > policy.files.max_bytes:
        raise ProtocolError(
            ErrorCode.TOO_LARGE,
            f"file of {len(data)} bytes exceeds the policy limit of {policy.files.max_bytes}",
            request.id,
        )
    where = _destination(policy, request)  # type: ignore[arg-type]
    try:
        judged = judge_file(
            dispatcher.services,
            data,
            ScanContext(source=Source.BROWSER.value, site=where, event=request.event),
            site=request.site,
            url=request.url,
            name=request.name or "",
            conversation_id=request.conversation_id or DEFAULT_CONVERSATION,
        )
    except EngineUnavailable as exc:
        raise ProtocolError(ErrorCode.ENGINE_UNAVAILABLE, str(exc), request.id) from exc
    as_text = SimpleNamespace(id=request.id, text=judged.assessment.text)
    reply = verdict_reply(
        as_text,  # type: ignore[arg-type]
        Judgement(judged.assessment, judged.incident_id),
        dispatcher.served_by,
        time.perf_counter() - started,
    )
    fields = reply.model_dump(exclude={"type"})
    file_reply = FileVerdictReply(
        **fields,
        file=FileOut(
            kind=judged.kind,
            readable=judged.readable,
            unreadable_reason=judged.unreadable_reason,
            refused=judged.refused,
            rebuildable=judged.rebuildable,
            encoding=judged.encoding,
            extract_ms=judged.extract_ms,
        ),
    )
    logger.debug(
        "scan_file %s: %d bytes, %s, %d findings, %s in %.1f ms",
        request.event,
        len(data),
        judged.kind,
        file_reply.finding_count,
        file_reply.action,
        file_reply.elapsed_ms,
    )
    return file_reply


def handle_visit(dispatcher: Dispatcher, request: VisitRequest) -> VisitCountedReply:
    service = record_visit(dispatcher.services, request.site)
    return VisitCountedReply(id=request.id, served_by=dispatcher.served_by, service=service)


#: The one table: request `type` -> handler (protocol.REQUEST_MODELS names the same types).
HANDLERS: Mapping[str, Handler] = {
    "hello": handle_hello,
    "scan": handle_scan,
    "decision": handle_decision,
    "restore": handle_restore,
    "upload_chunk": handle_upload_chunk,
    "scan_file": handle_scan_file,
    "visit": handle_visit,
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
        self.uploads = UploadStore()

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
