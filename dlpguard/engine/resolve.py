"""Overlap resolution: one finding per stretch of text, the most certain and most specific wins."""

from __future__ import annotations

from collections.abc import Iterable

from dlpguard.engine.types import Category, Finding

# When two findings compete, the more harmful category keeps the span.
PRIORITY = {
    Category.SECRET: 0,
    Category.FINANCIAL: 1,
    Category.GOVERNMENT_ID: 2,
    Category.HEALTH: 3,
    Category.CUSTOM: 4,
    Category.CONTACT: 5,
    Category.NETWORK: 6,
    Category.PERSON: 7,
    Category.LOCATION: 8,
    Category.CLASSIFICATION: 9,
}


def _contains(outer: Finding, inner: Finding) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer.length > inner.length


def _resolve_cluster(items: list[Finding]) -> list[Finding]:
    items = [
        f
        for f in items
        if not any(_contains(o, f) and PRIORITY[o.category] <= PRIORITY[f.category] for o in items)
    ]
    ranked = sorted(
        items,
        key=lambda f: (
            -round(f.score, 3),
            PRIORITY[f.category],
            -f.length,
            f.start,
            f.entity_type,
            f.recognizer,
        ),
    )
    kept: list[Finding] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Drop findings swallowed by a longer, at-least-as-harmful one (the email inside a connection
    string), then keep the highest score, most harmful, longest of whatever still overlaps.
    Works cluster by cluster of overlapping findings, so a paste with 10,000 findings stays linear."""
    ordered = sorted(set(findings), key=lambda f: (f.start, -f.end, f.entity_type, f.recognizer))
    kept: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for f in ordered:
        if cluster and f.start >= cluster_end:
            kept.extend(_resolve_cluster(cluster) if len(cluster) > 1 else cluster)
            cluster = []
        cluster.append(f)
        cluster_end = max(cluster_end, f.end) if len(cluster) > 1 else f.end
    if cluster:
        kept.extend(_resolve_cluster(cluster) if len(cluster) > 1 else cluster)
    kept.sort(key=lambda f: (f.start, f.end))
    return kept
