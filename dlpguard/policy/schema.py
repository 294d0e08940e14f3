"""The admin policy as pydantic models: the single source of truth for validation and the JSON Schema.

Every model forbids unknown keys (a misspelled key is an error, never silently ignored) and is frozen.
Checks that need more than a type (regexes compile, rule ids are unique, guarded groups exist) run
here too, so `policy validate`, the loader and the editor schema agree on what a valid policy is.
Regenerate the committed schema with `dlpguard policy schema > docs/policy.schema.json`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from dlpguard.engine.types import Action, Category
from dlpguard.policy.catalogue import ALL_SERVICES, CountryCode, ServiceId, catalogue
from dlpguard.policy.incident_settings import IncidentSettings
from dlpguard.policy.sites import SITE_PATTERN_REGEX, normalise_site_pattern

SCHEMA_VERSION = 1
SCHEMA_ID = "https://dlpguard.example/schemas/policy-v1.json"

#: Keys a user preference may never change, whatever the admin lists.
NEVER_USER_CHANGEABLE = frozenset({"schema_version", "version", "user_may_change"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(value: str) -> str:
    try:
        rx = re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    if rx.fullmatch(""):
        raise ValueError("regex matches the empty string")
    return value


EntityName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=64)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
GroupName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
SitePattern = Annotated[
    str, StringConstraints(pattern=SITE_PATTERN_REGEX, max_length=253), AfterValidator(normalise_site_pattern)
]
Regex = Annotated[str, StringConstraints(min_length=1, max_length=4096), AfterValidator(_compiles)]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


class FailMode(StrEnum):
    """What shells do when the engine gives no verdict in time or cannot run."""

    CLOSED = "closed"  # block submission on guarded sites and say why
    OPEN = "open"  # let it through with a banner, record that it was not checked


class ClipboardMode(StrEnum):
    IGNORE = "ignore"
    NOTIFY = "notify"
    MASK = "mask"


class MaskOperator(StrEnum):
    """How a masked value is written in the text that is sent (dlpguard/engine/masking.py)."""

    REDACT = "redact"  # [EMAIL_ADDRESS]: nothing of the value survives
    PARTIAL = "partial"  # •••• •••• •••• 4242: keeps the last `keep` letters/digits
    HASH = "hash"  # <EMAIL_ADDRESS:3f9a1c2b>: a keyed fingerprint, equal values give equal tags
    PSEUDONYMISE = "pseudonymise"  # <PERSON_1>: consistent in a conversation, restorable locally


# -- limits and detection --------------------------------------------------------------------------


class Limits(_Strict):
    max_scan_chars: int = Field(5_000_000, ge=1_000, le=100_000_000, description="Largest text scanned.")
    max_ner_chars: int = Field(50_000, ge=0, le=5_000_000, description="Prose read by NER per scan.")


class IpAddressScope(StrEnum):
    """Which IP addresses are findings (classes: dlpguard/engine/recognizers/ip_address.py)."""

    PUBLIC = "public"  # globally routable addresses only
    PUBLIC_AND_PRIVATE = "public_and_private"  # also RFC 1918 / unique-local (10.0.3.17, fd12::1)
    ALL = "all"  # also loopback, link-local, CGNAT, documentation, multicast, unspecified


class PlaceScope(StrEnum):
    """Which places are findings (dlpguard/engine/place_anchors.py)."""

    PERSONAL = "personal"  # addresses, and cities or countries near someone's data or after "lives in"
    ALL = "all"  # every place recognised, also in travel plans, news and weather


class Detection(_Strict):
    min_score: Score = Field(
        0.5, description="Findings below this score are ignored unless a rule says otherwise."
    )
    ner: bool = Field(True, description="Detect names and places with the NER model.")
    ip_addresses: IpAddressScope = Field(
        IpAddressScope.PUBLIC,
        description="Which IP addresses are findings: `public` (default) only globally routable ones; "
        "`public_and_private` also RFC 1918 and unique-local ranges (10.x, 172.16-31.x, 192.168.x, "
        "fc00::/7); `all` also reserved ones (loopback, link-local incl. 169.254.169.254, CGNAT "
        "100.64/10, documentation, multicast, unspecified). Findings carry the class as `subtype`.",
    )
    places: PlaceScope = Field(
        PlaceScope.PERSONAL,
        description="Which places are findings: `personal` (default) postal addresses (not a venue's: a "
        "museum, hotel or office named before the address on its line), and a city, region "
        "or country only near a name, contact, ID, bank or health finding (same or the two lines either "
        "side within its paragraph; the whole record for a `city` field or column) or after words like "
        "'lives in', 'born in', 'wohnhaft in'; `all` every place recognised, also in travel plans, news "
        "and weather.",
    )


# -- sites -----------------------------------------------------------------------------------------


class CatalogueSelection(_Strict):
    """Rows of the AI site catalogue (dlpguard/policy/catalogue.yaml) a site group takes its domains from."""

    services: tuple[ServiceId | Literal["*"], ...] = Field(
        default=("*",), description="Service ids from the catalogue; '*' takes every service."
    )
    jurisdictions: tuple[CountryCode, ...] = Field(
        default=(), description="Only services under these countries (ISO 3166-1 alpha-2); empty: any."
    )

    @field_validator("services")
    @classmethod
    def _known_services(cls, services: tuple[str, ...]) -> tuple[str, ...]:
        known = set(catalogue().ids())
        unknown = [s for s in services if s != ALL_SERVICES and s not in known]
        if unknown:
            raise ValueError(f"unknown catalogue service(s) {unknown} (see dlpguard/policy/catalogue.yaml)")
        return services

    def domains(self) -> tuple[str, ...]:
        cat = catalogue()
        return cat.domains(cat.select(self.services, self.jurisdictions))


class SiteGroup(_Strict):
    """A named set of sites: catalogue services (by id or jurisdiction) plus `domains` and `add`, minus
    `remove`. The built-in `ai_chat` group takes the whole catalogue; extend it with `add`, trim it with
    `remove`, or set `catalogue: null` and list `domains` to replace it."""

    description: str = ""
    catalogue: CatalogueSelection | None = Field(
        None, description="Take the domains of these AI site catalogue services."
    )
    domains: tuple[SitePattern, ...] = ()
    add: tuple[SitePattern, ...] = ()
    remove: tuple[SitePattern, ...] = ()
    rules: GroupRules | None = Field(
        None,
        description="Rules for text bound for this group's sites, over the policy's `rules`: a category or "
        "entity named here wins, `default` (when set) replaces. See dlpguard/policy/destinations.py.",
    )
    masking: GroupMasking | None = Field(
        None, description="Masking for this group's sites, over the policy's `masking` in the same way."
    )

    def effective(self) -> tuple[str, ...]:
        removed = set(self.remove)
        listed = self.catalogue.domains() if self.catalogue is not None else ()
        out: dict[str, None] = {}
        for site in (*listed, *self.domains, *self.add):
            if site not in removed:
                out[site] = None
        return tuple(out)


class Sites(_Strict):
    groups: dict[GroupName, SiteGroup] = Field(default_factory=dict)
    guarded: tuple[GroupName, ...] = Field(default=(), description="Names of the groups the guard watches.")
    guard_everywhere: bool = Field(
        False,
        description="Guard text fields on every site, not only the guarded groups' (allowlists.sites still "
        "exempts). The browser extension needs access to all sites for this: see the admin guide.",
    )

    @model_validator(mode="after")
    def _guarded_groups_exist(self) -> Sites:
        unknown = [g for g in self.guarded if g not in self.groups]
        if unknown:
            raise ValueError(f"guarded: unknown group(s) {unknown}; defined: {sorted(self.groups)}")
        return self

    def guarded_patterns(self) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for name in self.guarded:
            out.update(dict.fromkeys(self.groups[name].effective()))
        return tuple(out)


# -- rules and masking -----------------------------------------------------------------------------


class Rule(_Strict):
    action: Action
    min_score: Score | None = Field(None, description="Overrides detection.min_score for these findings.")
    allow_override: bool | None = Field(
        None, description="False: the user may never send anyway, whatever `override.allow` says."
    )


class Rules(_Strict):
    default: Action = Field(Action.WARN, description="Action for a finding no rule names.")
    categories: dict[Category, Rule] = Field(default_factory=dict)
    entities: dict[EntityName, Rule] = Field(default_factory=dict, description="Wins over the category rule.")
    at_most: Action | None = Field(
        None,
        description="No finding's action goes above this, whatever rule named it (custom rules too); "
        "e.g. `warn` in a site group for an approved enterprise service.",
    )


class MaskingRule(_Strict):
    operator: MaskOperator = MaskOperator.REDACT
    keep: int = Field(4, ge=0, le=8, description="partial: letters/digits kept at the end.")
    mask_char: str = Field("•", min_length=1, max_length=1, description="partial: the hiding character.")


class Masking(_Strict):
    default: MaskingRule = MaskingRule()
    categories: dict[Category, MaskingRule] = Field(default_factory=dict)
    entities: dict[EntityName, MaskingRule] = Field(default_factory=dict)

    def rule_for(self, entity_type: str, category: Category) -> MaskingRule:
        return self.entities.get(entity_type) or self.categories.get(category) or self.default


class GroupRules(_Strict):
    """A site group's own rules (per-destination rules): what it names wins over the policy's `rules`."""

    default: Action | None = Field(None, description="Replaces rules.default for this group's sites.")
    categories: dict[Category, Rule] = Field(default_factory=dict)
    entities: dict[EntityName, Rule] = Field(default_factory=dict)
    at_most: Action | None = Field(None, description="Caps every finding's action for this group's sites.")


class GroupMasking(_Strict):
    """A site group's own masking: what it names wins over the policy's `masking`."""

    default: MaskingRule | None = None
    categories: dict[Category, MaskingRule] = Field(default_factory=dict)
    entities: dict[EntityName, MaskingRule] = Field(default_factory=dict)


SiteGroup.model_rebuild()
Sites.model_rebuild()


# -- custom detection ------------------------------------------------------------------------------


class _CustomRule(_Strict):
    id: RuleId
    description: str = ""
    category: Category = Category.CUSTOM
    action: Action | None = Field(None, description="Wins over entity and category rules for these findings.")


class TermList(_CustomRule):
    """Literal terms or a dictionary (project code names): matched on word boundaries."""

    entity_type: EntityName = "CUSTOM_TERM"
    terms: tuple[Annotated[str, StringConstraints(min_length=1, max_length=256)], ...] = Field(min_length=1)
    case_sensitive: bool = False
    score: Score = 0.9

    @field_validator("terms")
    @classmethod
    def _no_blank_terms(cls, terms: tuple[str, ...]) -> tuple[str, ...]:
        blank = [i for i, t in enumerate(terms) if not t.strip()]
        if blank:
            raise ValueError(f"blank term(s) at position(s) {blank}")
        return terms


class PatternRule(_CustomRule):
    """A regex; a named group `value` narrows the reported span."""

    entity_type: EntityName = "CUSTOM_PATTERN"
    regex: Regex
    context: tuple[str, ...] = ()
    score: Score = 0.8


class HashedTermList(_CustomRule):
    """Exact-data-match: salted SHA-256 hashes of values the policy must not carry in clear.

    Produce with `dlpguard policy hash-terms --salt SALT FILE`; the engine hashes candidate words of
    the text the same way (see dlpguard/engine/hashed_terms.py for the normalisation).
    """

    entity_type: EntityName = "HASHED_TERM"
    algorithm: Literal["sha256"] = "sha256"
    salt: str = Field(min_length=16, max_length=256)
    hashes: tuple[Sha256Hex, ...] = Field(min_length=1)
    max_words: int = Field(4, ge=1, le=8, description="Longest term, in normalised words.")
    score: Score = 1.0


class Custom(_Strict):
    terms: tuple[TermList, ...] = ()
    patterns: tuple[PatternRule, ...] = ()
    hashed_terms: tuple[HashedTermList, ...] = ()
    marking_words: tuple[Annotated[str, StringConstraints(min_length=2, max_length=80)], ...] = Field(
        default=(),
        description="The organisation's own classification markings (\"Eyes only\", \"Projekt Geheim\"), "
        "reported as `classification` findings where they stand as a marking (header, footer, banner, "
        "'Classification:' line), like the built-in ones.",
    )

    @field_validator("marking_words")
    @classmethod
    def _no_blank_marking_words(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        blank = [i for i, w in enumerate(words) if not w.strip()]
        if blank:
            raise ValueError(f"blank marking word(s) at position(s) {blank}")
        return words

    @model_validator(mode="after")
    def _unique_ids(self) -> Custom:
        seen: set[str] = set()
        dupes: list[str] = []
        for rule in self.all_rules():
            if rule.id in seen:
                dupes.append(rule.id)
            seen.add(rule.id)
        if dupes:
            raise ValueError(
                f"duplicate rule id(s) {sorted(set(dupes))}: ids must be unique across custom rules"
            )
        return self

    def all_rules(self) -> tuple[TermList | PatternRule | HashedTermList, ...]:
        return (*self.terms, *self.patterns, *self.hashed_terms)


class Allowlists(_Strict):
    values: tuple[str, ...] = Field(
        default=(), description="Never reported (compared without separators, any case)."
    )
    patterns: tuple[Regex, ...] = Field(
        default=(), description="A finding whose whole value matches is dismissed."
    )
    sites: tuple[SitePattern, ...] = Field(default=(), description="Sites where nothing is interrupted.")


# -- user-facing behaviour -------------------------------------------------------------------------


class Override(_Strict):
    allow: bool = Field(True, description="The user may send a blocked text anyway.")
    require_justification: bool = True
    min_justification_chars: int = Field(10, ge=0, le=1000)


class Clipboard(_Strict):
    mode: ClipboardMode = ClipboardMode.NOTIFY
    restore_seconds: int = Field(60, ge=0, le=3600)
    only_ai_apps: bool = True
    ai_apps: tuple[Annotated[str, StringConstraints(min_length=1, max_length=128)], ...] = ()


class Notifications(_Strict):
    enabled: bool = True
    sound: bool = False


# -- files (uploads, drops, pasted images) -------------------------------------------------------


class Files(_Strict):
    """Files bound for a site: read by content (dlpguard/extract), their text judged like any text."""

    unreadable: Literal["allow", "warn", "block"] = Field(
        "warn", description="What cannot be read: encrypted PDF, unknown binary, image without OCR."
    )
    unmaskable: Literal["warn", "block"] = Field(
        "block", description="A file to be masked that cannot be rebuilt masked (anything but text)."
    )
    max_bytes: int = Field(20 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024, description="Largest file read.")
    max_depth: int = Field(3, ge=0, le=10, description="Archives inside archives.")
    max_members: int = Field(1000, ge=1, le=100_000, description="Files inside archives, in total.")
    max_expanded_bytes: int = Field(
        200 * 1024 * 1024, ge=1024 * 1024, le=4 * 1024 * 1024 * 1024, description="Decompressed, in total."
    )
    max_ratio: int = Field(
        100, ge=10, le=10_000, description="Compression ratio beyond which a member is a bomb."
    )
    ocr: bool = Field(True, description="Read text in images with Tesseract.")
    ocr_timeout_ms: int = Field(20_000, ge=1000, le=120_000)
    timeout_ms: int = Field(30_000, ge=1000, le=300_000, description="Reading one file, archives included.")


class Policy(_Strict):
    """A complete policy: the built-in default, the admin file and allowed user preferences merged."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="DLP Guard policy",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID},
    )

    schema_version: Literal[1] = Field(description="Format of this file; this DLP Guard reads version 1.")
    version: int = Field(ge=0, description="Policy revision: raise it on every change (replay protection).")
    name: str = ""
    simulation: bool = Field(False, description="Detect and record, never interrupt (staged rollout).")
    fail_mode: FailMode = FailMode.CLOSED
    verdict_timeout_ms: int = Field(1500, ge=100, le=60_000)
    limits: Limits = Limits()
    detection: Detection = Detection()
    sites: Sites = Sites()
    rules: Rules = Rules()
    masking: Masking = Masking()
    custom: Custom = Custom()
    allowlists: Allowlists = Allowlists()
    override: Override = Override()
    clipboard: Clipboard = Clipboard()
    notifications: Notifications = Notifications()
    files: Files = Files()
    user_may_pause: bool = False
    user_may_quit: bool = False
    user_may_change: tuple[str, ...] = Field(
        default=("notifications",),
        description="Dotted keys a user's preferences may set, e.g. 'clipboard.mode'.",
    )
    incidents: IncidentSettings = IncidentSettings()

    @field_validator("user_may_change")
    @classmethod
    def _changeable_keys_exist(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        bad = [k for k in keys if k.split(".")[0] in NEVER_USER_CHANGEABLE or not key_path_exists(cls, k)]
        if bad:
            raise ValueError(f"not a key users may change: {bad}")
        return keys

    def custom_rule(self, rule_id: str) -> TermList | PatternRule | HashedTermList | None:
        for rule in self.custom.all_rules():
            if rule.id == rule_id:
                return rule
        return None


def key_path_exists(model: type[BaseModel], dotted: str) -> bool:
    """True when `dotted` names a field (or an entry of a mapping field) of `model`."""
    current: Any = model
    for part in dotted.split("."):
        if current is None:
            return True  # inside a mapping: any key is a valid entry name
        if (
            not (isinstance(current, type) and issubclass(current, BaseModel))
            or part not in current.model_fields
        ):
            return False
        annotation = current.model_fields[part].annotation
        origin = getattr(annotation, "__origin__", None)
        current = None if origin is dict else annotation
    return True


def json_schema() -> dict[str, Any]:
    """The JSON Schema admins point their editor at (committed as docs/policy.schema.json)."""
    return Policy.model_json_schema()
