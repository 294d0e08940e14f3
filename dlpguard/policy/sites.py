"""Site patterns: how an admin names the sites the guard watches, and how a visited site is matched.

A pattern is a host, optionally with a leading `*.` and optionally a path prefix (`x.com/i/grok`).
`chatgpt.com` guards that host and every host under it, label by label (`www.chatgpt.com`,
`a.b.chatgpt.com`, never `evilchatgpt.com`); `*.corp.example` guards the hosts under it, not
`corp.example` itself. A path prefix matches whole segments, case-insensitively.

A visited site (a URL, a bare host, or `host/path`, as shells report it) is read once, here, into a
`SiteAddress`: host lowercased, IDNA (UTS #46, as browsers read URLs) turned into punycode, userinfo,
port and one trailing dot dropped; path with dot segments resolved, repeated slashes collapsed and
escaped unreserved characters decoded. A site that cannot be read that way (control characters, lone
surrogates, a backslash, empty labels, a bad port, a host IDNA refuses) is *unreadable*: guarded, never
allowlisted, so an odd spelling never earns an "allow".

`extension/src/common/sites.js` reads sites and patterns exactly so; both test suites run the one
table in `tests/policy/site_cases.json`, so the two cannot drift.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import idna

SITE_PATTERN_REGEX = r"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?(:[0-9]{1,5})?(/[^\s]*)?$"
_SITE_RX = re.compile(SITE_PATTERN_REGEX)

#: C0 and C1 controls, space, DEL, line and paragraph separators, and surrogates (a lone one is not text).
_REFUSED_RX = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SCHEME_RX = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_HOST_RX = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
_IPV6_RX = re.compile(r"^\[[0-9a-f:.]+\]$")
_PORT_RX = re.compile(r"^[0-9]{0,5}$")
_ESCAPE_RX = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


@dataclass(frozen=True)
class SiteAddress:
    """A site as read: `path` is None when only the host is known (a bare host)."""

    host: str
    path: str | None


class SiteStatus(StrEnum):
    GUARDED = "guarded"
    ALLOWLISTED = "allowlisted"
    NOT_GUARDED = "not_guarded"
    UNREADABLE = "unreadable"  # treated as guarded: an odd spelling never earns an "allow"

    @property
    def guarded(self) -> bool:
        return self in (SiteStatus.GUARDED, SiteStatus.UNREADABLE)


def normalise_site_pattern(value: str) -> str:
    """Lowercases the host, drops the port and a trailing dot, keeps the path prefix as written."""
    value = value.strip()
    if not _SITE_RX.match(value):
        raise ValueError(
            f"not a site pattern: {value!r} (expected a host such as 'chat.example.com', "
            "'*.example.com' or 'example.com/path')"
        )
    host, _, path = value.partition("/")
    return _pattern_host(host) + (f"/{path}" if path else "")


def _pattern_host(host: str) -> str:
    wildcard = host.startswith("*.")
    host = host.removeprefix("*.").lower().partition(":")[0].removesuffix(".")
    return ("*." if wildcard else "") + host


def read_host(host: str) -> str | None:
    """A host as browsers read it (lowercase, punycode, one trailing dot dropped), or None."""
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True, transitional=False, std3_rules=False).decode("ascii")
        except ValueError:  # idna.IDNAError and UnicodeError both are
            return None
    host = host.lower()
    if _IPV6_RX.match(host):
        return host
    host = host.removesuffix(".")
    return host if _HOST_RX.match(host) else None


def _read_authority(authority: str) -> str | None:
    host_port = authority.rpartition("@")[2]  # userinfo goes, as browsers drop it
    if host_port.startswith("["):
        host, sep, port = host_port.partition("]")
        host += sep
        if port and not port.startswith(":"):
            return None
        port = port[1:]
    else:
        host, _, port = host_port.partition(":")
    if not _PORT_RX.match(port) or (port and int(port) > 65535):
        return None
    return read_host(host)


def read_path(path: str) -> str:
    """`/a/./b//c/../d` -> `/a/b/d`, `%7E` -> `~`, lowercase: the spellings that name one path."""
    path = _ESCAPE_RX.sub(lambda m: chr(int(m[1], 16)) if chr(int(m[1], 16)) in _UNRESERVED else m[0], path)
    segments: list[str] = []
    for segment in path.lower().split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    return "/" + "/".join(segments)


def split_site(site: str) -> SiteAddress | None:
    """A URL, a bare host or `host/path`, read once (see the module docstring); None when unreadable."""
    site = site.strip(" ")
    if not site or _REFUSED_RX.search(site) or "\\" in site:
        return None
    scheme, sep, rest = site.partition("://")
    if sep:
        if not _SCHEME_RX.match(scheme):
            return None
        site = rest
    end = next((i for i, c in enumerate(site) if c in "/?#"), len(site))
    host = _read_authority(site[:end])
    if host is None:
        return None
    tail = site[end:]
    if not tail:
        return SiteAddress(host, "/" if sep else None)
    return SiteAddress(host, read_path(re.split(r"[?#]", tail, maxsplit=1)[0]))


@dataclass(frozen=True)
class _Pattern:
    wildcard: bool
    host: str
    path: str | None

    @staticmethod
    @functools.lru_cache(maxsize=1024)
    def read(pattern: str) -> _Pattern:
        host, _, path = pattern.strip(" ").partition("/")
        host = _pattern_host(host)
        prefix = read_path(path)
        return _Pattern(host.startswith("*."), host.removeprefix("*."), None if prefix == "/" else prefix)

    def specificity(self, address: SiteAddress, *, unknown_path_matches: bool) -> tuple[int, int, int] | None:
        """How closely this pattern names `address` (more is closer), or None when it does not."""
        host = address.host
        under = host.endswith("." + self.host)
        if not (under if self.wildcard else host == self.host or under):
            return None
        if self.path is not None:
            if address.path is None:
                if not unknown_path_matches:
                    return None
            elif not (address.path == self.path or address.path.startswith(self.path + "/")):
                return None
        path_depth = 0 if self.path is None else self.path.count("/")
        return (self.host.count(".") + 1, 0 if self.wildcard else 1, path_depth)


def _closest(
    patterns: Iterable[str], address: SiteAddress, *, unknown_path_matches: bool
) -> tuple[int, int, int] | None:
    scores = [
        s
        for p in patterns
        if (s := _Pattern.read(p).specificity(address, unknown_path_matches=unknown_path_matches))
    ]
    return max(scores, default=None)


def site_status(guarded: Iterable[str], allowlisted: Iterable[str], site: str) -> SiteStatus:
    """Whether `site` is guarded. When a guarded and an allowlisted pattern both name it, the closer one
    wins (more host labels, then an exact host over `*.`, then a deeper path); a tie goes to the
    allowlist. Knowing only the host, a path-qualified guarded pattern guards the whole host (guarding a
    little too much is the safe side) while a path-qualified allowlisted one exempts nothing."""
    address = split_site(site)
    if address is None:
        return SiteStatus.UNREADABLE
    guard = _closest(guarded, address, unknown_path_matches=True)
    allow = _closest(allowlisted, address, unknown_path_matches=False)
    if allow is not None and (guard is None or allow >= guard):
        return SiteStatus.ALLOWLISTED
    return SiteStatus.GUARDED if guard is not None else SiteStatus.NOT_GUARDED


def closeness(patterns: Iterable[str], site: str) -> tuple[int, int, int] | None:
    """How closely the nearest of `patterns` names `site` (comparable; larger is closer), or None when
    none does or the site cannot be read. A host-only site matches a path-qualified pattern."""
    address = split_site(site)
    return None if address is None else _closest(patterns, address, unknown_path_matches=True)


def site_matches(pattern: str, site: str) -> bool:
    """True when `site` is readable and falls under `pattern` (a host-only site matches a
    path-qualified pattern: guarding a little too much is the safe side)."""
    address = split_site(site)
    return address is not None and (
        _Pattern.read(pattern).specificity(address, unknown_path_matches=True) is not None
    )


def any_site_matches(patterns: Iterable[str], site: str) -> bool:
    return any(site_matches(p, site) for p in patterns)
