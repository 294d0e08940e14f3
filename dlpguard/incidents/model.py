"""What one incident-log record holds: counts, keyed fingerprints and masked previews, never the value."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dlpguard.engine.types import Action, Category, Source, UserDecision

#: Longest justification or review note kept; longer text is cut so one paste cannot flood the log.
MAX_NOTE_CHARS = 1000


class RecordKind(StrEnum):
    """Every chained record has a kind; annotations refer to an earlier incident through `ref_id`."""

    DETECTION = "detection"  # the guard found something in a text
    DECISION = "decision"  # annotation: what the employee chose after a warning
    REVIEW = "review"  # annotation: a reviewer marked an incident as reviewed
    LOG_RECOVERED = "log_recovered"  # the log was unreadable, moved aside and restarted
    RETENTION = "retention"  # old records were deleted by the retention rule
    #: The log no longer matched its anchor file when DLP Guard next wrote to it: it had been deleted,
    #: emptied, cut short, rolled back or replaced outside DLP Guard (`anchor.py`).
    ANCHOR_MISMATCH = "anchor_mismatch"
    #: The user paused protection or resumed it (`event` says which): a gap in the guard, not a finding.
    #: Logs written before this kind existed hold pauses as app detections (`is_pause` reads both).
    PAUSE = "pause"

    @property
    def is_annotation(self) -> bool:
        return self in (RecordKind.DECISION, RecordKind.REVIEW)


#: Kinds a reviewer sees as rows of their own (annotations are folded into the incident they refer to).
LISTED_KINDS: tuple[RecordKind, ...] = (
    RecordKind.DETECTION,
    RecordKind.LOG_RECOVERED,
    RecordKind.RETENTION,
    RecordKind.ANCHOR_MISMATCH,
    RecordKind.PAUSE,
)

#: `event` of a pause record.
PAUSE_EVENTS = ("pause", "resume")


def is_pause(record: Incident) -> bool:
    """A pause or resume: the own kind, or an old log's app "detection" without findings."""
    if record.kind is RecordKind.PAUSE:
        return True
    return (
        record.kind is RecordKind.DETECTION
        and record.source is Source.APP
        and record.event in PAUSE_EVENTS
        and not record.findings
    )


class Outcome(StrEnum):
    """What happened to the text, kept apart from what the user chose (`UserDecision`).

    A user may choose "send anyway" and be refused by the policy: the choice is `send_anyway`, the
    outcome `refused`, and nothing was sent.
    """

    UNKNOWN = "unknown"  # not recorded: records written before outcomes were kept, and system records
    # (also a clipboard `restored` decision: the original is back on the clipboard, where it went is unknown)
    PENDING = "pending"  # the user was asked and no answer was recorded
    SENT = "sent"  # let through unchanged (allowed, audited, or an allowed override)
    SENT_MASKED = "sent_masked"  # let through with the findings masked
    NOT_SENT = "not_sent"  # blocked, or the user cancelled
    REFUSED = "refused"  # the user chose to send anyway and the policy refused: not sent

    @property
    def label(self) -> str:
        """How people read it (lower case): `refused` says that nothing was sent."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.UNKNOWN: "unknown",
    Outcome.PENDING: "no answer",
    Outcome.SENT: "sent",
    Outcome.SENT_MASKED: "sent masked",
    Outcome.NOT_SENT: "not sent",
    Outcome.REFUSED: "refused, not sent",
}


_OUTCOME_BY_ACTION = {
    Action.ALLOW: Outcome.SENT,
    Action.AUDIT: Outcome.SENT,
    Action.MASK: Outcome.SENT_MASKED,
    Action.BLOCK: Outcome.NOT_SENT,
    Action.WARN: Outcome.PENDING,
}


def outcome_for_action(action: Action) -> Outcome:
    """The outcome of a verdict before the user answers: a warning waits for the answer."""
    return _OUTCOME_BY_ACTION.get(action, Outcome.UNKNOWN)


def outcome_for_decision(decision: UserDecision, *, allowed: bool) -> Outcome:
    """The outcome of the user's answer; `allowed` is whether the policy let them do what they chose."""
    if decision is UserDecision.CANCEL:
        return Outcome.NOT_SENT
    if decision is UserDecision.SEND_MASKED:
        return Outcome.SENT_MASKED
    if decision is UserDecision.SEND_ANYWAY:
        return Outcome.SENT if allowed else Outcome.REFUSED
    return Outcome.UNKNOWN


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FindingSummary(_Frozen):
    """One finding as the log keeps it: enough to correlate, nothing to reconstruct the value."""

    entity_type: str
    category: Category
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")  # HMAC-SHA256 under the per-install key
    preview: str | None = None  # at most 4 characters of the value, or None when previews are off


def utc_now() -> datetime:
    return datetime.now(UTC)


class Incident(_Frozen):
    """The immutable record that is hash-chained; mutable review state lives beside it in the store."""

    id: str
    kind: RecordKind = RecordKind.DETECTION
    ref_id: str | None = None  # for annotations: the incident they refer to
    time: datetime = Field(default_factory=utc_now)
    source: Source = Source.CLI
    site: str | None = None
    #: The policy's site group whose rules decided (per-destination rules); None without a site or
    #: in records from before groups were kept (their hashed JSON has no such key).
    group: str | None = None
    #: The policy rule that set the action ("category:secret", "entity:CREDIT_CARD", "custom:<id>", …);
    #: None in records from before rules were kept.
    rule: str | None = Field(None, max_length=200)
    url_host: str | None = None
    event: str | None = None
    action: Action = Action.ALLOW
    decision: UserDecision = UserDecision.NONE
    justification: str | None = Field(None, max_length=MAX_NOTE_CHARS)
    #: Records from before outcomes were kept have no such key in their hashed JSON: they read as unknown.
    outcome: Outcome = Outcome.UNKNOWN
    counts_by_entity: dict[str, int] = Field(default_factory=dict)
    counts_by_category: dict[Category, int] = Field(default_factory=dict)
    findings: tuple[FindingSummary, ...] = ()
    policy_version: str | None = None
    policy_hash: str | None = None
    app_version: str = ""
    #: System records and reviews: what happened; decisions: why the policy refused the user's choice.
    note: str | None = Field(None, max_length=MAX_NOTE_CHARS)
    actor: str | None = None  # annotations: the OS user who decided or reviewed

    @field_validator("time")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("incident time must carry a timezone")
        return value.astimezone(UTC)

    @model_validator(mode="after")
    def _annotations_and_only_annotations_refer(self) -> Incident:
        # The store's listed view is "ref_id IS NULL": it relies on this rule.
        if self.kind.is_annotation != (self.ref_id is not None):
            raise ValueError(
                f"a {self.kind.value} record {'needs' if self.kind.is_annotation else 'has no'} ref_id"
            )
        return self

    def chained_fields(self) -> dict[str, object]:
        """The JSON-ready fields the hash chain covers (all of them: the record is immutable)."""
        return self.model_dump(mode="json")


class StoredIncident(_Frozen):
    """An incident as read back from the store: the record, its place in the chain and its review state."""

    seq: int
    hash: str
    record: Incident
    decision: UserDecision  # the latest decision (the record's own, or a later decision annotation)
    justification: str | None
    outcome: Outcome = Outcome.UNKNOWN  # the latest outcome, the same way
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_note: str | None = None

    @property
    def id(self) -> str:
        return self.record.id

    def to_json_dict(self) -> dict[str, object]:
        """The shape `show --json` and the JSON Lines export emit."""
        data = self.record.model_dump(mode="json")
        data["decision"] = self.decision.value
        data["justification"] = self.justification
        data["outcome"] = self.outcome.value
        data["chain"] = {"seq": self.seq, "hash": self.hash}
        data["review"] = (
            {
                "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
                "reviewed_by": self.reviewed_by,
                "note": self.review_note,
            }
            if self.reviewed_at
            else None
        )
        return data
