"""Value types shared by the engine, its shells and its tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    """The level at which policies and reports speak (DESIGN.md, Entities)."""

    SECRET = "secret"  # noqa: S105 - a category name
    FINANCIAL = "financial"
    GOVERNMENT_ID = "government_id"
    CONTACT = "contact"
    PERSON = "person"
    LOCATION = "location"
    NETWORK = "network"
    HEALTH = "health"
    CLASSIFICATION = "classification"  # document markings: "Confidential", "Vertraulich"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected entity. Offsets are Python code points into the scanned text."""

    entity_type: str
    category: Category
    start: int
    end: int
    score: float
    recognizer: str
    #: A finer class where the entity has one the policy can tell apart (IP addresses: `public`,
    #: `private`, `reserved`); None for most.
    subtype: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.entity_type}")

    @property
    def length(self) -> int:
        return self.end - self.start

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "entity_type": self.entity_type,
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
            "recognizer": self.recognizer,
        }
        if self.subtype is not None:
            out["subtype"] = self.subtype
        return out


@dataclass(frozen=True, slots=True)
class ScanContext:
    """Where a text comes from; recognizers and the NER gate may use it, never to skip secrets."""

    source: str = "cli"
    site: str | None = None
    event: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class ModelStatus:
    """What the engine knows about its NER model; shown by `doctor` and in scan metadata."""

    name: str | None
    version: str | None
    loaded: bool
    verified: bool
    mode: str  # "ner" or "pattern-only"
    reason: str | None = None
    #: The model is still loading (in the background): scans are pattern-only until it is in.
    pending: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "version": self.version,
            "loaded": self.loaded,
            "verified": self.verified,
            "mode": self.mode,
            "reason": self.reason,
            "pending": self.pending,
        }


@dataclass(frozen=True, slots=True)
class ScanStats:
    chars: int
    ner_chars: int
    #: Characters NER did not read for its budgets: prose, and text not examined for prose at all.
    ner_skipped_chars: int
    chunks: int
    elapsed_ms: float
    #: NER would have read prose of this text but the model was still loading: scan it again later.
    ner_pending: bool = False
    #: NER was not run because, by the shell's gate (`Engine.ner_gate`), it could not change the outcome.
    ner_gated: bool = False


@dataclass(frozen=True, slots=True)
class ScanResult:
    findings: tuple[Finding, ...]
    model: ModelStatus
    stats: ScanStats
    notes: tuple[str, ...] = field(default=())
    #: Published test values (card test numbers, documentation IBANs and keys) set aside rather than
    #: reported: one kind per value (`card test number`), never the value, so a shell can say why a
    #: pasted test number raised nothing.
    known_test_values: tuple[str, ...] = field(default=())

    @property
    def categories(self) -> set[Category]:
        return {f.category for f in self.findings}


class Action(StrEnum):
    """What the guard does with a text, weakest first (policy actions and verdicts share these)."""

    ALLOW = "allow"
    AUDIT = "audit"  # let it through silently, record an incident
    WARN = "warn"
    MASK = "mask"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return list(Action).index(self)


class UserDecision(StrEnum):
    """What the employee chose when the guard asked (bridge `decision` message)."""

    NONE = "none"
    CANCEL = "cancel"
    SEND_MASKED = "send_masked"
    SEND_ANYWAY = "send_anyway"
    #: The clipboard guard's masked copy replaced by the original again (never a bridge answer).
    RESTORED = "restored"


class Source(StrEnum):
    BROWSER = "browser"
    CLIPBOARD = "clipboard"
    CLI = "cli"
    #: The guard itself: a pause or resume of protection, so reviewers see the gap.
    APP = "app"
