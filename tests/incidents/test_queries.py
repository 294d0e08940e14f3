"""The review's new query parts: site search by substring, the fingerprint filter, sorting by severity."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Action, Category
from dlpguard.incidents.build import build_pause
from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter, OrderBy, severity_of, severity_sql
from tests.incidents.conftest import make_incident


@pytest.fixture
def filled(store):
    for i in range(12):
        store.append(make_incident(i))
    store.append(make_incident(20, site="chat.openai.com", url="https://chat.openai.com/c/1"))
    store.append(make_incident(21, site="ChatGPT", url="https://chatgpt.com/x"))
    store.append(build_pause("pause", "paused for 15 minutes"))
    return store


@pytest.mark.parametrize(
    "needle, expected",
    [
        ("openai", {"chat.openai.com"}),  # substring
        ("OPENAI.COM", {"chat.openai.com"}),  # any case
        ("google.com", {"gemini.google.com"}),  # suffix
        ("chatgpt", {"chatgpt.com", "ChatGPT"}),  # the site or the page's host
        ("%", set()),  # LIKE wildcards are literal characters
        ("_", set()),
    ],
)
def test_the_site_search_matches_part_of_a_site_or_host(filled, needle, expected):
    items = list(filled.iter_all(IncidentFilter(site_contains=needle)))
    assert {i.record.site for i in items} == expected


def test_the_fingerprint_filter_finds_every_incident_carrying_that_value(filled):
    first = next(filled.iter_all())
    fingerprint = first.record.findings[0].fingerprint
    items = list(filled.iter_all(IncidentFilter(fingerprint=fingerprint)))
    assert items and all(fingerprint in {f.fingerprint for f in i.record.findings} for i in items)
    others = [i for i in filled.iter_all() if fingerprint not in {f.fingerprint for f in i.record.findings}]
    assert len(items) + len(others) == filled.count()


def test_sorting_by_severity_pages_in_the_same_order_as_severity_of(filled):
    pages, after = [], None
    while True:
        page = filled.page(order_by=OrderBy.SEVERITY, descending=True, limit=4, after=after)
        pages += page.items
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(pages) == filled.count() == len({i.id for i in pages})  # no gaps, no repeats
    ranks = [severity_of(i.record.kind, i.record.action, i.record.counts_by_category) for i in pages]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == 3 and ranks[-1] < 3


@pytest.mark.parametrize(
    "kind, action, categories, expected",
    [
        (RecordKind.DETECTION, Action.AUDIT, [Category.SECRET], 3),  # the data decides...
        (RecordKind.DETECTION, Action.BLOCK, [Category.LOCATION], 3),  # ...or the policy's action
        (RecordKind.DETECTION, Action.MASK, [Category.CONTACT], 2),
        (RecordKind.DETECTION, Action.AUDIT, [Category.LOCATION], 1),
        (RecordKind.PAUSE, Action.ALLOW, [], 2),
        (RecordKind.ANCHOR_MISMATCH, Action.ALLOW, [], 3),
        (RecordKind.RETENTION, Action.ALLOW, [], 1),
    ],
)
def test_severity_takes_the_worse_of_data_and_action(store, kind, action, categories, expected):
    assert severity_of(kind, action, categories) == expected


def test_the_sql_severity_of_every_record_equals_severity_of(filled):
    by_seq = filled.read(
        lambda conn: dict(conn.execute(f"SELECT seq, {severity_sql()} FROM incidents WHERE ref_id IS NULL"))  # noqa: S608
    )
    items = list(filled.iter_all())
    assert len(by_seq) == len(items) and set(by_seq.values()) >= {2, 3}
    for item in items:
        r = item.record
        assert by_seq[item.seq] == severity_of(r.kind, r.action, r.counts_by_category), r.kind
