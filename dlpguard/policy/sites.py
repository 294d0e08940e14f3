"""Site patterns: how an admin names the sites the guard watches, and how a visited site is matched.

A pattern is a host, optionally with a leading `*.` (any subdomain, not the bare domain: list both
when both are meant) and optionally a path prefix (`x.com/i/grok`). Hosts are compared lowercase,
without port, trailing dot or `www.`-magic: `perplexity.ai` and `www.perplexity.ai` are two entries.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SITE_PATTERN_REGEX = r"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?(:[0-9]{1,5})?(/[^\s]*)?$"
_SITE_RX = re.compile(SITE_PATTERN_REGEX)


def normalise_site_pattern(value: str) -> str:
    """Lowercases the host, drops the port and a trailing dot, keeps the path prefix as written."""
    value = value.strip()
    if not _SITE_RX.match(value):
        raise ValueError(
            f"not a site pattern: {value!r} (expected a host such as 'chat.example.com', "
            "'*.example.com' or 'example.com/path')"
        )
    host, _, path = value.partition("/")
    return _clean_host(host) + (f"/{path}" if path else "")


def _clean_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if ":" in host:
        host = host.split(":", 1)[0]
    return host


def split_site(site: str) -> tuple[str, str | None]:
    """(host, path) of a bare host, `host/path` or a full URL, as shells report it; path None if unknown."""
    site = site.strip()
    if "://" in site:
        parts = urlsplit(site)
        return _clean_host(parts.hostname or ""), parts.path or "/"
    host, sep, path = site.partition("/")
    return _clean_host(host), (f"/{path}" if sep else None)


def site_matches(pattern: str, site: str) -> bool:
    """True when `site` falls under `pattern` (both as described in the module docstring).

    When the shell only knows the host, a path-qualified pattern (`x.com/i/grok`) matches the whole
    host: guarding a little too much is the safe side.
    """
    host, path = split_site(site)
    if not host:
        return False
    p_host, _, p_path = pattern.partition("/")
    if p_host.startswith("*."):
        suffix = p_host[1:]  # ".example.com"
        if not (host.endswith(suffix) and len(host) > len(suffix)):
            return False
    elif host != p_host:
        return False
    if not p_path or path is None:
        return True
    prefix = "/" + p_path.rstrip("/")
    return path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?")


def any_site_matches(patterns: tuple[str, ...] | list[str], site: str) -> bool:
    return any(site_matches(p, site) for p in patterns)
