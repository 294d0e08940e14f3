"""Policy -> engine settings: what the engine must detect for `decide()` to apply the policy.

Thresholds: the engine drops findings below its per-category threshold before `decide()` sees them,
so each category's engine threshold is the lowest score any rule could still act on: the category's
own minimum, lowered by the per-entity minimums of that category's entities (of every category when
the entity is not one the engine knows). `decide()` then applies the exact minimums.
"""

from __future__ import annotations

import logging

from dlpguard.engine.custom import CustomPattern, CustomTerms
from dlpguard.engine.engine import EngineConfig
from dlpguard.engine.hashed_terms import HashedTerms, HashedTermsDetector
from dlpguard.engine.masking import REDACT, Hash, Operator, Partial, operator_named
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.recognizers.classification import ClassificationMarkingRecognizer
from dlpguard.engine.registry import discover
from dlpguard.engine.types import Category
from dlpguard.policy.schema import IpAddressScope, MaskingRule, MaskOperator, PlaceScope, Policy

logger = logging.getLogger(__name__)

#: Entities found by the NER model rather than by a recognizer class.
NER_ENTITIES = {"PERSON": Category.PERSON, "LOCATION": Category.LOCATION}


def known_entity_categories(policy: Policy) -> dict[str, Category]:
    known = dict(NER_ENTITIES)
    known.update({cls.ENTITY: cls.CATEGORY for cls in discover() if cls.ENTITY})
    known.update({rule.entity_type: rule.category for rule in policy.custom.all_rules()})
    return known


def category_thresholds(policy: Policy) -> dict[Category, float]:
    base = policy.detection.min_score
    out = {}
    for category in Category:
        rule = policy.rules.categories.get(category)
        out[category] = rule.min_score if rule is not None and rule.min_score is not None else base
    known = known_entity_categories(policy)
    for entity, rule in policy.rules.entities.items():
        if rule.min_score is None:
            continue
        for category in [known[entity]] if entity in known else list(Category):
            out[category] = min(out[category], rule.min_score)
    return out


#: `detection.ip_addresses` -> the address classes the engine reports.
IP_CLASSES_BY_SCOPE = {
    IpAddressScope.PUBLIC: frozenset({"public"}),
    IpAddressScope.PUBLIC_AND_PRIVATE: frozenset({"public", "private"}),
    IpAddressScope.ALL: frozenset({"public", "private", "reserved"}),
}


def engine_config(policy: Policy) -> EngineConfig:
    return EngineConfig(
        min_score=policy.detection.min_score,
        min_score_by_category=category_thresholds(policy),
        ner=policy.detection.ner,
        max_ner_chars=policy.limits.max_ner_chars,
        custom_terms=tuple(
            CustomTerms(t.id, t.terms, t.entity_type, t.category, t.case_sensitive, t.score)
            for t in policy.custom.terms
        ),
        custom_patterns=tuple(
            CustomPattern(p.id, p.regex, p.entity_type, p.category, p.score, p.context)
            for p in policy.custom.patterns
        ),
        allow_values=frozenset(policy.allowlists.values),
        ip_classes=IP_CLASSES_BY_SCOPE[policy.detection.ip_addresses],
        lone_places=policy.detection.places is PlaceScope.ALL,
        extra_detectors=(*hashed_term_detectors(policy), *marking_detectors(policy)),
    )


def hashed_term_detectors(policy: Policy) -> list[Detector]:
    """Exact-data-match detectors; the engine adds them beside its recognizers."""
    return [
        HashedTermsDetector(
            HashedTerms(h.id, h.salt, frozenset(h.hashes), h.max_words, h.entity_type, h.category, h.score)
        )
        for h in policy.custom.hashed_terms
    ]


def marking_detectors(policy: Policy) -> list[Detector]:
    """The admin's own classification markings, matched by the same rules as the built-in ones."""
    words = policy.custom.marking_words
    return [ClassificationMarkingRecognizer(words, name="marking_words")] if words else []


def masking_operator(rule: MaskingRule, hash_key: bytes | None = None) -> Operator:
    """The masking module's operator for a policy rule; `hash` without a key falls back to redaction
    (which reveals less), with a warning."""
    if rule.operator is MaskOperator.PARTIAL:
        return Partial(rule.keep, rule.mask_char)
    if rule.operator is MaskOperator.HASH:
        if hash_key is None:
            logger.warning("masking operator 'hash' needs the install key: redacting instead")
            return REDACT
        return Hash(hash_key)
    return operator_named(rule.operator.value)


def masking_operators(policy: Policy, hash_key: bytes | None = None) -> tuple[dict[str, Operator], Operator]:
    """(operators by entity type and category value, default operator) for `engine.masking.mask`."""
    table = {c.value: masking_operator(r, hash_key) for c, r in policy.masking.categories.items()}
    table.update({e: masking_operator(r, hash_key) for e, r in policy.masking.entities.items()})
    return table, masking_operator(policy.masking.default, hash_key)
