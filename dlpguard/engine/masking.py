"""Masking: replaces each finding with what its operator renders, keeping a map of where things moved.

Pure core (no I/O): `mask(text, findings, operators)` is shared by the browser verdicts, the clipboard
guard and `dlpguard scan --mask`. Replacements record offsets and operator names, never the values.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, Protocol

from dlpguard.engine.pseudonyms import PseudonymVault
from dlpguard.engine.types import Category, Finding

DEFAULT_CONVERSATION = "default"
MASK_CHAR = "•"


@dataclass(frozen=True, slots=True)
class MaskContext:
    """What an operator may need beyond the value: where pseudonyms are kept."""

    vault: PseudonymVault
    conversation_id: str


class Operator(Protocol):
    name: ClassVar[str]

    def apply(self, value: str, finding: Finding, context: MaskContext) -> str:
        """The text that replaces `value`."""
        ...


@dataclass(frozen=True, slots=True)
class Redact:
    """`[EMAIL_ADDRESS]`: nothing of the value survives, not even its length."""

    name: ClassVar[str] = "redact"

    def apply(self, value: str, finding: Finding, context: MaskContext) -> str:
        return f"[{finding.entity_type}]"


@dataclass(frozen=True, slots=True)
class Partial:
    """`•••• •••• •••• 4242`: keeps the last `keep` letters/digits and every separator.

    A value is only partly shown when at least as many characters are hidden as shown; shorter
    values are masked completely, since their last four would be most of the value.
    """

    keep: int = 4
    mask_char: str = MASK_CHAR
    name: ClassVar[str] = "partial"

    def __post_init__(self) -> None:
        if self.keep < 0 or len(self.mask_char) != 1:
            raise ValueError("partial: keep must be >= 0 and mask_char one character")

    def apply(self, value: str, finding: Finding, context: MaskContext) -> str:
        alnum = sum(1 for c in value if c.isalnum())
        keep = self.keep if alnum >= 2 * self.keep else 0
        hide = alnum - keep
        out = []
        for c in value:
            if c.isalnum():
                out.append(self.mask_char if hide > 0 else c)
                hide -= 1
            else:
                out.append(c)
        return "".join(out)


@dataclass(frozen=True, slots=True)
class Hash:
    """`<EMAIL_ADDRESS:3f9a1c2b>`: the same value gives the same tag under one key, and the tag reveals
    nothing without the key (HMAC-SHA256, so short values such as card numbers cannot be brute-forced
    from the tag by someone who lacks the per-install key)."""

    key: bytes = field(repr=False)
    digits: int = 8
    name: ClassVar[str] = "hash"

    def __post_init__(self) -> None:
        if len(self.key) < 16:
            raise ValueError("hash: the key must be at least 16 bytes")
        if not 4 <= self.digits <= 64:
            raise ValueError("hash: digits must be between 4 and 64")

    def apply(self, value: str, finding: Finding, context: MaskContext) -> str:
        digest = hmac.new(self.key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
        return f"<{finding.entity_type}:{digest[: self.digits]}>"


@dataclass(frozen=True, slots=True)
class Pseudonymise:
    """`<PERSON_1>`: reversible through the vault, consistent within one conversation."""

    name: ClassVar[str] = "pseudonymise"

    def apply(self, value: str, finding: Finding, context: MaskContext) -> str:
        return context.vault.pseudonym(context.conversation_id, finding.entity_type, value)


REDACT = Redact()
PARTIAL = Partial()
PSEUDONYMISE = Pseudonymise()

#: Per-category defaults, keyed by category value. Secrets and health data leave no trace; numbers
#: people need to tell apart keep their last digits; what an answer talks about becomes a pseudonym
#: so the answer can be restored.
DEFAULT_OPERATORS: Mapping[str, Operator] = MappingProxyType(
    {
        Category.SECRET.value: REDACT,
        Category.FINANCIAL.value: PARTIAL,
        Category.GOVERNMENT_ID.value: PARTIAL,
        Category.HEALTH.value: REDACT,
        Category.CLASSIFICATION.value: REDACT,
        Category.CONTACT.value: PSEUDONYMISE,
        Category.PERSON.value: PSEUDONYMISE,
        Category.LOCATION.value: PSEUDONYMISE,
        Category.NETWORK.value: PSEUDONYMISE,
        Category.CUSTOM.value: PSEUDONYMISE,
    }
)

OPERATOR_NAMES = ("redact", "partial", "hash", "pseudonymise")


def operator_named(name: str, *, hash_key: bytes | None = None) -> Operator:
    """The operator for a name from a policy or the command line; `hash` needs its key."""
    if name == "redact":
        return REDACT
    if name == "partial":
        return PARTIAL
    if name == "pseudonymise":
        return PSEUDONYMISE
    if name == "hash":
        if hash_key is None:
            raise ValueError("the hash operator needs a key")
        return Hash(hash_key)
    raise ValueError(f"unknown masking operator {name!r} (expected one of {', '.join(OPERATOR_NAMES)})")


@dataclass(frozen=True, slots=True)
class Replacement:
    """Where one finding was replaced: offsets in the original and in the masked text, no value."""

    entity_type: str
    category: Category
    start: int
    end: int
    masked_start: int
    masked_end: int
    operator: str

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_type": self.entity_type,
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "masked_start": self.masked_start,
            "masked_end": self.masked_end,
            "operator": self.operator,
        }


@dataclass(frozen=True, slots=True)
class MaskResult:
    text: str
    replacements: tuple[Replacement, ...]
    #: Findings left unmasked because they overlapped one already replaced (the engine should have
    #: resolved them; reported so a caller can notice).
    skipped: tuple[Finding, ...] = ()


def operator_for(finding: Finding, operators: Mapping[str, Operator], default: Operator) -> Operator:
    """Entity type first, then category, then `default`."""
    return operators.get(finding.entity_type) or operators.get(finding.category.value) or default


def mask(
    text: str,
    findings: Sequence[Finding],
    operators: Mapping[str, Operator] | None = None,
    *,
    default: Operator = REDACT,
    vault: PseudonymVault | None = None,
    conversation_id: str = DEFAULT_CONVERSATION,
) -> MaskResult:
    """Replaces every finding in `text`.

    `operators` maps entity types (`EMAIL_ADDRESS`) or category values (`financial`) to operators;
    None means `DEFAULT_OPERATORS`. A given mapping replaces the defaults entirely, so anything it does
    not name gets `default` (redaction): merge with `DEFAULT_OPERATORS` to override a few entries.
    Without a `vault`, pseudonyms are consistent within this call only and cannot be restored.
    """
    table = DEFAULT_OPERATORS if operators is None else operators
    context = MaskContext(vault if vault is not None else PseudonymVault(), conversation_id)
    pieces: list[str] = []
    replacements: list[Replacement] = []
    skipped: list[Finding] = []
    cursor = 0  # in the original
    out_len = 0  # length of the masked text so far
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.end > len(text):
            raise ValueError(f"{finding.entity_type} at {finding.start}..{finding.end} is outside the text")
        if finding.start < cursor:
            skipped.append(finding)
            continue
        operator = operator_for(finding, table, default)
        rendered = operator.apply(text[finding.start : finding.end], finding, context)
        before = text[cursor : finding.start]
        pieces += (before, rendered)
        out_len += len(before)
        replacements.append(
            Replacement(
                finding.entity_type,
                finding.category,
                finding.start,
                finding.end,
                out_len,
                out_len + len(rendered),
                operator.name,
            )
        )
        out_len += len(rendered)
        cursor = finding.end
    pieces.append(text[cursor:])
    return MaskResult("".join(pieces), tuple(replacements), tuple(skipped))
