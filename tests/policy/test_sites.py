"""Site spellings and patterns. The tables live in site_cases.json, which the extension's
tests/common/sites.test.mjs runs too: the host and the extension read every site the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dlpguard.policy.sites import (
    SiteAddress,
    SiteStatus,
    any_site_matches,
    normalise_site_pattern,
    site_matches,
    site_status,
    split_site,
)

CASES = json.loads((Path(__file__).with_name("site_cases.json")).read_text(encoding="utf-8"))


def ids(rows: list[list], *columns: int) -> list[str]:
    return [" | ".join(ascii(row[c]) for c in columns) for row in rows]


@pytest.mark.parametrize(("site", "host", "path"), CASES["read"]["cases"], ids=ids(CASES["read"]["cases"], 0))
def test_a_site_is_read_once_into_host_and_path(site, host, path):
    expected = None if host is None else SiteAddress(host, path)
    assert split_site(site) == expected


@pytest.mark.parametrize(
    ("pattern", "site", "matches"), CASES["match"]["cases"], ids=ids(CASES["match"]["cases"], 0, 1)
)
def test_site_matches(pattern, site, matches):
    assert site_matches(pattern, site) is matches
    assert site_matches(normalise_site_pattern(pattern), site) is matches
    assert any_site_matches([pattern], site) is matches


@pytest.mark.parametrize(
    ("guarded", "allowlisted", "site", "status"),
    CASES["status"]["cases"],
    ids=ids(CASES["status"]["cases"], 0, 1, 2),
)
def test_the_closest_pattern_decides_and_an_unreadable_site_is_guarded(guarded, allowlisted, site, status):
    got = site_status(guarded, allowlisted, site)
    assert got is SiteStatus(status)
    assert got.guarded is (status in ("guarded", "unreadable"))


@pytest.mark.parametrize(
    ("pattern", "normalised"),
    [
        ("ChatGPT.com", "chatgpt.com"),
        ("ChatGPT.com.:443", "chatgpt.com"),
        ("*.Corp.Example.", "*.corp.example"),
        ("x.com/i/grok", "x.com/i/grok"),
        ("  claude.ai ", "claude.ai"),
    ],
)
def test_patterns_are_normalised_once(pattern, normalised):
    assert normalise_site_pattern(pattern) == normalised


@pytest.mark.parametrize("bad", ["https://chatgpt.com", "chat gpt.com", "*chatgpt.com", "a.*.com", ""])
def test_bad_site_patterns_are_refused(bad):
    with pytest.raises(ValueError, match="not a site pattern"):
        normalise_site_pattern(bad)


def test_every_read_host_is_read_back_unchanged():
    for site, host, path in CASES["read"]["cases"]:
        if host is not None:
            again = split_site(host + (path or ""))
            assert again == SiteAddress(host, path), site
