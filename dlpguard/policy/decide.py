"""What to do with a scanned text: `decide(findings, policy, context) -> Verdict`. Pure: no I/O, no GUI.

Per finding, the first rule that names it sets its action: its custom rule (terms, patterns, hashed
lists), then the per-entity rule, then the per-category rule, then `rules.default`. The minimum score
follows the same order (entity, category, `detection.min_score`). Allowlisted values and patterns
dismiss a finding; allowlisted and unguarded sites let everything through. A text bound for a site
whose group carries its own rules is decided by those (dlpguard/policy/destinations.py); the verdict
names the group. The verdict is the
strongest per-finding action. In simulation mode warn/mask/block become audit, and the verdict keeps
what would have happened (`would_action`) for the incident log.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from dlpguard.engine.filters import normalized
from dlpguard.engine.types import Action, Finding, ScanContext
from dlpguard.policy.destinations import policy_for_site
from dlpguard.policy.schema import MaskingRule, Policy
from dlpguard.policy.sites import SiteStatus, site_status

_INTERRUPTING = frozenset({Action.WARN, Action.MASK, Action.BLOCK})


@dataclass(frozen=True)
class FindingDecision:
    finding: Finding
    action: Action  # what happens (audit in simulation mode)
    would_action: Action  # what the rules say
    rule: str  # "custom:<id>", "entity:<TYPE>", "category:<name>", "default", "allowlist:...", "min_score"


@dataclass(frozen=True)
class Verdict:
    action: Action
    would_action: Action
    simulated: bool
    #: The findings that set the verdict (those whose action equals it); empty for allow.
    findings: tuple[Finding, ...]
    decisions: tuple[FindingDecision, ...]
    override_allowed: bool
    justification_required: bool
    min_justification_chars: int
    #: Masking operator per entity type, for every finding the user is told about (action >= warn).
    masking: Mapping[str, MaskingRule] = field(default_factory=dict)
    policy_version: int = 0
    reason: str = ""
    #: The site group whose rules applied (dlpguard/policy/destinations.py); None without a site.
    group: str | None = None

    @property
    def deciding_rule(self) -> str | None:
        """The rule of the finding that set the verdict (the first of the strongest), for the record."""
        strongest = max(self.decisions, key=lambda d: d.would_action.rank, default=None)
        if strongest is None or strongest.would_action is Action.ALLOW:
            return None
        return strongest.rule

    @property
    def findings_to_mask(self) -> tuple[Finding, ...]:
        return tuple(d.finding for d in self.decisions if d.action in _INTERRUPTING)


@lru_cache(maxsize=64)
def _allow_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@lru_cache(maxsize=64)
def _allow_values(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalized(v) for v in values)


def _allowlisted(finding: Finding, policy: Policy, text: str | None) -> str | None:
    if text is None:
        return None
    value = text[finding.start : finding.end]
    allow = policy.allowlists
    if allow.values and normalized(value) in _allow_values(allow.values):
        return "allowlist:value"
    if any(rx.fullmatch(value) for rx in _allow_patterns(allow.patterns)):
        return "allowlist:pattern"
    return None


def _rule_action(finding: Finding, policy: Policy) -> tuple[Action, str, float, bool | None]:
    """(action, rule name, minimum score, allow_override) for a finding."""
    entity_rule = policy.rules.entities.get(finding.entity_type)
    category_rule = policy.rules.categories.get(finding.category)
    min_score = policy.detection.min_score
    for rule in (category_rule, entity_rule):  # later wins
        if rule is not None and rule.min_score is not None:
            min_score = rule.min_score
    override = next(
        (r.allow_override for r in (entity_rule, category_rule) if r and r.allow_override is not None), None
    )
    if finding.recognizer.startswith("custom:"):
        custom = policy.custom_rule(finding.recognizer.removeprefix("custom:"))
        if custom is not None and custom.action is not None:
            return custom.action, finding.recognizer, 0.0, override
    if entity_rule is not None:
        return entity_rule.action, f"entity:{finding.entity_type}", min_score, override
    if category_rule is not None:
        return category_rule.action, f"category:{finding.category.value}", min_score, override
    return policy.rules.default, "default", min_score, override


def _decide_one(finding: Finding, policy: Policy, text: str | None) -> tuple[FindingDecision, bool | None]:
    allowlisted = _allowlisted(finding, policy, text)
    if allowlisted:
        return FindingDecision(finding, Action.ALLOW, Action.ALLOW, allowlisted), None
    action, rule, min_score, override = _rule_action(finding, policy)
    if finding.score < min_score:
        return FindingDecision(finding, Action.ALLOW, Action.ALLOW, "min_score"), None
    cap = policy.rules.at_most
    if cap is not None and action.rank > cap.rank:
        action, rule = cap, f"{rule}; at_most:{cap.value}"
    effective = Action.AUDIT if policy.simulation and action in _INTERRUPTING else action
    return FindingDecision(finding, effective, action, rule), override


def _strongest(actions: Iterable[Action]) -> Action:
    return max(actions, key=lambda a: a.rank, default=Action.ALLOW)


def site_verdict(policy: Policy, site: str | None) -> str | None:
    """Why a site is exempt ("site allowlisted", "site not guarded"), or None when it is guarded.

    Texts with no site (the CLI, the clipboard) are always checked, and so are sites that cannot be
    read (`sites.site_status`): an odd spelling of a site never makes it exempt.
    """
    if not site:
        return None
    status = site_status(policy.sites.guarded_patterns(), policy.allowlists.sites, site)
    if status is SiteStatus.ALLOWLISTED:
        return "site allowlisted"
    if status is SiteStatus.NOT_GUARDED and not policy.sites.guard_everywhere:
        return "site not guarded"
    return None


def exempt_verdict(policy: Policy, reason: str) -> Verdict:
    """`allow` for a text bound for an exempt site, with the reason (see `site_verdict`)."""
    return Verdict(
        Action.ALLOW, Action.ALLOW, policy.simulation, (), (), True, False, 0,
        policy_version=policy.version, reason=reason,
    )


def decide(
    findings: Iterable[Finding],
    policy: Policy,
    context: ScanContext | None = None,
    *,
    text: str | None = None,
) -> Verdict:
    """The verdict for `findings`; pass the scanned `text` so allowlisted values and patterns apply."""
    context = context or ScanContext()
    exempt = site_verdict(policy, context.site)
    if exempt:
        return exempt_verdict(policy, exempt)
    policy, group = policy_for_site(policy, context.site)
    verdict = VerdictBuilder(policy)
    verdict.add(findings, text)
    built = verdict.build()
    return dataclasses.replace(built, group=group) if group else built


class VerdictBuilder:
    """One verdict for a text judged in parts (a file scanned window by window): each part's findings
    are added with the part's own text, so allowlisted values apply as they would to the whole."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._decided: list[tuple[FindingDecision, bool | None]] = []

    def add(self, findings: Iterable[Finding], text: str | None = None) -> tuple[FindingDecision, ...]:
        """Decides `findings` (offsets into `text`); returns their decisions in order."""
        decided = [_decide_one(f, self.policy, text) for f in findings]
        self._decided += decided
        return tuple(d for d, _ in decided)

    def build(self) -> Verdict:
        policy, decided = self.policy, self._decided
        decisions = tuple(d for d, _ in decided)
        would = _strongest(d.would_action for d in decisions)
        action = _strongest(d.action for d in decisions)
        driving = tuple(
            d.finding for d in decisions if d.would_action is would and would is not Action.ALLOW
        )
        overrides = [o for d, o in decided if d.would_action is would]
        override_allowed, justification = _override(policy, action, overrides)
        masking = {
            d.finding.entity_type: policy.masking.rule_for(d.finding.entity_type, d.finding.category)
            for d in decisions
            if d.action in _INTERRUPTING
        }
        reason = f"simulation: would {would.value}" if policy.simulation and would in _INTERRUPTING else ""
        return Verdict(
            action,
            would,
            policy.simulation,
            driving,
            decisions,
            override_allowed,
            justification,
            policy.override.min_justification_chars if justification else 0,
            masking,
            policy.version,
            reason,
        )


def _override(policy: Policy, action: Action, rule_overrides: list[bool | None]) -> tuple[bool, bool]:
    """(may the user send anyway, must they justify it) for a verdict."""
    if action in (Action.ALLOW, Action.AUDIT, Action.WARN):
        return True, False
    allowed = all(o if o is not None else policy.override.allow for o in rule_overrides)
    return allowed, allowed and policy.override.require_justification
