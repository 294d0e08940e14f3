"""Bridge protocol version 1 as pydantic models: what a frame may carry, in each direction.

docs/protocol.md explains the messages; docs/protocol.schema.json is generated from these models
(`python -m dlpguard.bridge.regenerate`; a test fails while it is stale) and is what the extension's
tests and its service worker check messages against. Requests
are strict (unknown fields, wrong types and coercions are refused, so a typo in the extension fails
loudly instead of being ignored). Offsets in replies are UTF-16 code units, as JavaScript indexes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from dlpguard import __version__
from dlpguard.engine.types import Category
from dlpguard.errors import BridgeError
from dlpguard.policy.schema import MaskOperator

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = (PROTOCOL_VERSION,)

MAX_ID_CHARS = 128
MessageId = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS)]  # see readable_id
ServedBy = Literal["app", "native-host"]
ScanEvent = Literal["paste", "drop", "submit", "upload"]
UserAction = Literal["cancel", "send_masked", "send_anyway"]
#: The verdict the extension acts on (an audit-only verdict reaches it as `allow`).
VerdictAction = Literal["allow", "warn", "mask", "block"]
FindingAction = Literal["allow", "audit", "warn", "mask", "block"]


class ErrorCode(StrEnum):
    """Why a request got no answer; the extension applies the policy's fail mode to all of them."""

    BAD_FRAME = "bad_frame"  # the frame itself is broken (empty, cut short)
    TOO_LARGE = "too_large"  # a request above the frame limit, or a text above the policy's limit
    BAD_UTF8 = "bad_utf8"
    BAD_JSON = "bad_json"
    UNKNOWN_TYPE = "unknown_type"
    UNSUPPORTED_VERSION = "unsupported_version"
    INVALID_MESSAGE = "invalid_message"  # valid JSON, wrong shape: missing or mistyped fields
    BUSY = "busy"  # too many requests waiting; nothing was done with this one
    ENGINE_UNAVAILABLE = "engine_unavailable"  # the scan could not run: never read as "allow"
    INTERNAL = "internal"


class ProtocolError(BridgeError):
    """A request that gets an `error` reply; `message_id` is echoed when it could be read."""

    def __init__(self, code: ErrorCode, message: str, message_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message_id = message_id


# -- requests --------------------------------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    v: Literal[1]
    id: MessageId


class HelloRequest(_Request):
    """Sent once per connection: who is asking; answered with the policy summary."""

    type: Literal["hello"]
    extension_version: Annotated[str, StringConstraints(max_length=64)]
    browser: Annotated[str, StringConstraints(max_length=64)] | None = None


class ScanRequest(_Request):
    """A text about to reach a site (pasted, dropped, uploaded or sent): what should happen to it."""

    type: Literal["scan"]
    text: str
    site: Annotated[str, StringConstraints(max_length=2048)] | None = None
    url: Annotated[str, StringConstraints(max_length=8192)] | None = None
    event: ScanEvent
    #: Pseudonyms are consistent (and restorable) within one conversation: the extension names it.
    conversation_id: Annotated[str, StringConstraints(min_length=1, max_length=256)] | None = None


class DecisionRequest(_Request):
    """The user's answer to a verdict that asked them (cancel, send masked, send anyway)."""

    type: Literal["decision"]
    incident_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None
    user_action: UserAction
    justification: Annotated[str, StringConstraints(max_length=4000)] | None = None


class RestoreRequest(_Request):
    """An AI answer holding placeholders (`<PERSON_1>`) -> the answer with the original values."""

    type: Literal["restore"]
    conversation_id: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    text: str


#: Files travel as base64 in pieces of at most this many characters (3 MiB of file each), so every
#: request stays well under the host's request limit (8 MiB) whatever the file's size.
MAX_FILE_CHUNK_CHARS = 4 * 1024 * 1024
UploadId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Base64Chunk = Annotated[str, StringConstraints(min_length=1, max_length=MAX_FILE_CHUNK_CHARS)]
FileEvent = Literal["paste", "drop", "upload"]


class UploadChunkRequest(_Request):
    """One piece of a file's bytes (base64), in order: `offset` is the count of bytes sent before it.
    The host keeps the pieces until `scan_file` names the upload (or they expire)."""

    type: Literal["upload_chunk"]
    upload_id: UploadId
    offset: int = Field(ge=0)
    data: Base64Chunk


class ScanFileRequest(_Request):
    """A file about to reach a site: its bytes inline (`data`, small files) or sent before as
    `upload_chunk`s (`upload_id`), exactly one of the two. `name` labels it in messages only: the host
    reads the file by its content, never by its name."""

    type: Literal["scan_file"]
    upload_id: UploadId | None = None
    data: Base64Chunk | None = None
    size: int = Field(ge=0)
    name: Annotated[str, StringConstraints(max_length=255)] | None = None
    event: FileEvent
    site: Annotated[str, StringConstraints(max_length=2048)] | None = None
    url: Annotated[str, StringConstraints(max_length=8192)] | None = None
    conversation_id: Annotated[str, StringConstraints(min_length=1, max_length=256)] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ScanFileRequest:
        if (self.upload_id is None) == (self.data is None):
            raise ValueError("exactly one of upload_id and data")
        return self


class VisitRequest(_Request):
    """A guarded AI site was opened in a tab: counted per service and day (the shadow-AI picture). Only
    the site's host travels: no path, title or content."""

    type: Literal["visit"]
    site: Annotated[str, StringConstraints(min_length=1, max_length=2048)]


Request = (
    HelloRequest
    | ScanRequest
    | DecisionRequest
    | RestoreRequest
    | UploadChunkRequest
    | ScanFileRequest
    | VisitRequest
)

#: Request `type` -> model. The handler table (handlers.HANDLERS) has exactly these keys.
REQUEST_MODELS: Mapping[str, type[_Request]] = {
    "hello": HelloRequest,
    "scan": ScanRequest,
    "decision": DecisionRequest,
    "restore": RestoreRequest,
    "upload_chunk": UploadChunkRequest,
    "scan_file": ScanFileRequest,
    "visit": VisitRequest,
}


# -- replies ---------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Reply(_Strict):
    v: Literal[1] = PROTOCOL_VERSION
    id: MessageId
    served_by: ServedBy


NonNegative = Annotated[int, Field(ge=0)]


class Limits(_Strict):
    """What the extension may send and will receive."""

    max_scan_chars: NonNegative
    max_request_bytes: NonNegative
    max_reply_bytes: NonNegative


class OverrideRules(_Strict):
    """Whether the user may send a blocked text anyway, and with what justification."""

    allow: bool
    require_justification: bool
    min_justification_chars: NonNegative


class PolicySummary(_Strict):
    """The part of the policy in force that the extension acts on."""

    version: NonNegative
    fail_mode: Literal["closed", "open"]
    verdict_timeout_ms: int = Field(ge=1)
    simulation: bool
    guarded_sites: list[str]
    allowlisted_sites: list[str]
    #: `sites.guard_everywhere`: every https site not allowlisted is guarded, listed or not.
    guard_everywhere: bool = False
    override: OverrideRules
    limits: Limits


class HelloOkReply(_Reply):
    """The answer to `hello`: versions, the engine's state and the policy summary."""

    type: Literal["hello_ok"] = "hello_ok"
    protocol_versions: list[int] = Field(default_factory=lambda: list(SUPPORTED_VERSIONS), min_length=1)
    app_version: str = __version__
    #: "ner", "pattern-only" (names and places are not detected), or "loading".
    engine_mode: Literal["ner", "pattern-only", "loading"]
    #: The NER model is still loading: verdicts until it is in are pattern-only with `ner_pending`.
    ner_pending: bool = False
    policy: PolicySummary


class FindingOut(_Strict):
    """One finding the policy acts on; never the value itself."""

    entity_type: str
    category: Category
    start: int = Field(ge=0)  # UTF-16 code units
    end: int = Field(ge=0)
    score: float = Field(ge=0, le=1)
    recognizer: str
    action: FindingAction


class ReplacementOut(_Strict):
    """Where the masked text replaces a finding: `text[start:end]` (UTF-16) becomes `replacement`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str
    entity_type: str
    operator: MaskOperator


class VerdictOverride(_Strict):
    """Whether this verdict may be overridden, and with what justification."""

    allowed: bool
    justification_required: bool
    min_justification_chars: NonNegative


class VerdictReply(_Reply):
    """The answer to `scan`: what to do with the text, why, and the masked text when masking."""

    type: Literal["verdict"] = "verdict"
    action: VerdictAction
    #: What the rules say; differs from `action` in simulation mode.
    would_action: FindingAction
    simulated: bool
    reason: str = ""
    findings: list[FindingOut]
    finding_count: NonNegative  # before any truncation
    findings_truncated: bool = False
    masked_text: str | None = None
    masked_text_omitted: bool = False
    replacements: list[ReplacementOut] = Field(default_factory=list)
    override: VerdictOverride
    incident_id: str | None = None
    policy_version: NonNegative
    #: The policy's site group whose rules decided (per-destination rules); None when none applied.
    group: str | None = Field(None, max_length=64)
    engine_mode: Literal["ner", "pattern-only"] | None = None
    #: The NER model was still loading: names and places in this text are not checked yet. Scan the
    #: same text again before it is sent (e.g. on submit); a verdict with NER says false.
    ner_pending: bool = False
    #: Prose characters NER did not read (over the per-scan NER budget): pattern-scanned only.
    ner_skipped_chars: NonNegative = 0
    #: NER was not run: under the policy, names and places could not change this verdict (its
    #: findings may lack them).
    ner_gated: bool = False
    elapsed_ms: float = Field(ge=0)


class DecisionRecordedReply(_Reply):
    """The answer to `decision`: whether the user's choice is allowed and was recorded."""

    type: Literal["decision_recorded"] = "decision_recorded"
    incident_id: str | None
    recorded: bool  # written to the incident log
    allowed: bool  # the policy lets the user do what they chose
    reason: str = ""


class RestoredReply(_Reply):
    """The answer to `restore`: the text with the original values put back where known."""

    type: Literal["restored"] = "restored"
    text: str
    restored: NonNegative
    unknown: list[str]


class UploadAckReply(_Reply):
    """The answer to `upload_chunk`: the bytes the host holds for this upload so far."""

    type: Literal["upload_ack"] = "upload_ack"
    upload_id: str
    received: NonNegative


class VisitCountedReply(_Reply):
    """The answer to `visit`: the service it was counted under, or None (not guarded, or no log)."""

    type: Literal["visit_counted"] = "visit_counted"
    service: str | None = None


class FileOut(_Strict):
    """How a file was read: its kind by content, and what could not be read."""

    #: text, pdf, docx, xlsx, pptx, odt, ods, odp, rtf, eml, doc, xls, ppt, msg, zip, tar, gzip, image, ole,
    #: unknown, empty
    kind: str
    readable: bool  # every part was read
    unreadable_reason: str  # the first part that was not, and why ("a.zip/b.pdf: encrypted PDF")
    refused: str | None  # why the file was not read at all (a zip bomb, nesting too deep): blocked
    #: `masked_text` is the whole file's text, masked: the extension may write it back as the file.
    rebuildable: bool
    encoding: str | None  # of a text file, as read
    extract_ms: float = Field(ge=0)


class FileVerdictReply(VerdictReply):
    """The answer to `scan_file`: a verdict on the file's text (offsets into the extracted text, which
    the extension does not have), and how it was read. `masked_text` only for a rebuildable file."""

    type: Literal["file_verdict"] = "file_verdict"  # type: ignore[assignment]
    file: FileOut


class ErrorReply(_Strict):
    """Why a request got no answer; the extension applies the policy's fail mode."""

    v: Literal[1] = PROTOCOL_VERSION
    id: MessageId | None
    served_by: ServedBy
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    supported_versions: list[int] = Field(default_factory=lambda: list(SUPPORTED_VERSIONS))


Reply = (
    HelloOkReply
    | VerdictReply
    | DecisionRecordedReply
    | RestoredReply
    | UploadAckReply
    | FileVerdictReply
    | VisitCountedReply
    | ErrorReply
)


# -- decoding and encoding -------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ProtocolError(ErrorCode.INVALID_MESSAGE, f"duplicate key {key[:64]!r}")
        out[key] = value
    return out


def readable_id(value: object) -> str | None:
    """`value` if a reply can carry it back as this request's `id`, else None (the reply's `id` is then
    null). A lone surrogate (JSON can spell one, `"\\ud800"`) is a valid JSON string but not text: it
    cannot be UTF-8 and the id model refuses it, so such an id is unreadable. The relay (`peek_id`) and
    the app (`decode_request`, `error_reply`) all judge ids here, so both ends agree which reply is whose."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _readable_id(obj: Mapping[str, Any]) -> str | None:
    return readable_id(obj.get("id"))


def peek_id(payload: bytes) -> str | None:
    """The request's `id` if the frame is a readable JSON object; for replies the host makes itself."""
    try:
        obj = json.loads(
            payload.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
        )
    except (UnicodeDecodeError, ValueError, RecursionError, ProtocolError):
        return None
    return _readable_id(obj) if isinstance(obj, dict) else None


def decode_request(payload: bytes) -> Request:
    """Frame payload -> request model, or `ProtocolError` with the code the reply must carry."""
    if not payload:
        raise ProtocolError(ErrorCode.BAD_FRAME, "empty frame")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_UTF8, f"not UTF-8 at byte {exc.start}") from None
    try:
        obj = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except ProtocolError:
        raise
    except json.JSONDecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"not valid JSON: {exc.msg} at char {exc.pos}") from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ProtocolError(ErrorCode.BAD_JSON, f"not valid JSON: {reason}") from None
    if not isinstance(obj, dict):
        raise ProtocolError(
            ErrorCode.INVALID_MESSAGE, f"a message is a JSON object, not {type(obj).__name__}"
        )
    message_id = _readable_id(obj)
    version = obj.get("v")
    if "v" not in obj:
        raise ProtocolError(ErrorCode.INVALID_MESSAGE, "missing field 'v'", message_id)
    if type(version) is not int:  # true and 1.0 are not 1 here
        raise ProtocolError(ErrorCode.INVALID_MESSAGE, "field 'v' must be an integer", message_id)
    if version not in SUPPORTED_VERSIONS:
        raise ProtocolError(
            ErrorCode.UNSUPPORTED_VERSION,
            f"protocol version {version} is not supported (supported: {list(SUPPORTED_VERSIONS)})",
            message_id,
        )
    kind = obj.get("type")
    if not isinstance(kind, str):
        problem = "missing field 'type'" if "type" not in obj else "field 'type' must be a string"
        raise ProtocolError(ErrorCode.INVALID_MESSAGE, problem, message_id)
    model = REQUEST_MODELS.get(kind)
    if model is None:
        raise ProtocolError(ErrorCode.UNKNOWN_TYPE, f"unknown message type {kind[:64]!r}", message_id)
    try:
        return model.model_validate(obj)  # type: ignore[return-value]
    except ValidationError as exc:
        raise ProtocolError(ErrorCode.INVALID_MESSAGE, describe_validation(exc), message_id) from None


def describe_validation(exc: ValidationError) -> str:
    """Field paths and reasons, never the offending values (they may be the user's text)."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        where = ".".join(str(p) for p in error["loc"]) or "message"
        reason = "missing required field" if error["type"] == "missing" else error["msg"]
        if error["type"] == "extra_forbidden":
            reason = "unknown field"
        elif error["type"] == "string_unicode":
            reason = "not text (holds a lone surrogate)"
        parts.append(f"{where}: {reason}")
    return "; ".join(parts[:5]) + (f"; and {len(parts) - 5} more" if len(parts) > 5 else "")


def encode_reply(reply: BaseModel) -> bytes:
    """Reply model -> frame payload. A text holding lone surrogates (which JavaScript strings may carry)
    cannot be UTF-8; such replies are escaped to ASCII, which JSON parsers read back identically."""
    data = reply.model_dump(mode="json")
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def error_reply(code: ErrorCode, message: str, message_id: str | None, served_by: ServedBy) -> ErrorReply:
    """Never raises: an id no reply can carry becomes null (see `readable_id`)."""
    return ErrorReply(id=readable_id(message_id), served_by=served_by, code=code, message=message)
