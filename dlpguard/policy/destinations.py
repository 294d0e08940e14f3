"""Per-destination rules: the policy that applies to a text bound for one site, and the group that said so.

A site group may carry its own `rules` and `masking` (e.g. a `foreign_jurisdiction` group that blocks
names and contact data too, an `approved_enterprise` group that only warns). The group of a site is the
guarded group whose patterns name it most closely (the same closeness as guarded vs. allowlisted); on a
tie a group with rules of its own wins over one without, then the earlier in `sites.guarded`. Its rules
are merged over the policy's: an entity the group names wins; a category the group names wins too, also
over the policy's rules for single entities of that category (a group that blocks `financial` blocks
cards even where the policy masks `CREDIT_CARD`); its `default` (when set) replaces. Everything else
(detection, overrides, limits) stays the policy's. Texts with no site (the clipboard, the CLI) get the
policy as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from dlpguard.engine.registry import entity_categories
from dlpguard.engine.types import Category
from dlpguard.policy.schema import Masking, Policy, Rules, SiteGroup
from dlpguard.policy.sites import closeness

_R = TypeVar("_R")


def group_of(policy: Policy, site: str | None) -> str | None:
    """The name of the guarded group `site` belongs to (see the module docstring), or None."""
    if not site:
        return None
    best: tuple[tuple[int, int, int], bool, int] | None = None
    name = None
    for index, candidate in enumerate(policy.sites.guarded):
        group = policy.sites.groups[candidate]
        near = closeness(group.effective(), site)
        if near is None:
            continue
        key = (near, _has_own_rules(group), -index)
        if best is None or key > best:
            best, name = key, candidate
    return name


def _has_own_rules(group: SiteGroup) -> bool:
    return group.rules is not None or group.masking is not None


def policy_for_site(policy: Policy, site: str | None) -> tuple[Policy, str | None]:
    """The policy for a text bound for `site` (its group's rules and masking merged in) and the group."""
    name = group_of(policy, site)
    if name is None:
        return policy, None
    group = policy.sites.groups[name]
    if not _has_own_rules(group):
        return policy, name
    update: dict[str, object] = {}
    if group.rules is not None:
        base = policy.rules
        update["rules"] = Rules(
            default=group.rules.default or base.default,
            categories={**base.categories, **group.rules.categories},
            entities=_entities(base.entities, group.rules.categories, group.rules.entities),
            at_most=group.rules.at_most or base.at_most,
        )
    if group.masking is not None:
        mask = policy.masking
        update["masking"] = Masking(
            default=group.masking.default or mask.default,
            categories={**mask.categories, **group.masking.categories},
            entities=_entities(mask.entities, group.masking.categories, group.masking.entities),
        )
    return policy.model_copy(update=update), name


def _entities(
    base: Mapping[str, _R], group_categories: Mapping[Category, object], group_entities: Mapping[str, _R]
) -> dict[str, _R]:
    """The policy's entity rules minus those of a category the group names, then the group's own."""
    categories = entity_categories()
    kept = {e: r for e, r in base.items() if categories.get(e) not in group_categories}
    return {**kept, **group_entities}
