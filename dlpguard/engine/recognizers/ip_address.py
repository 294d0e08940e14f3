"""IPv4 and IPv6 addresses.

Private ranges are reported: 10.0.3.17 in a paste tells an outsider how the internal network is laid out.
Addresses that identify nothing are not: unspecified, loopback, broadcast, netmasks and the documentation
ranges. Dotted runs that are versions (`v1.2.3.4`, `Chrome/120.0.0.0`, `1.2.3.4-beta`) or OIDs are skipped;
colon runs that are times (`12:30:45`), MACs or C++ scopes (`std::`) fail `ipaddress` validation.

The scans start at a literal (`.` after a digit, `::` or a run of colon groups) so a megabyte of logs is
skipped at C speed; a regex that starts with a digit class would be tried at every digit.
"""

from __future__ import annotations

import ipaddress
import re

from dlpguard.engine.recognizers.base import CONTEXT_BOOST, Pattern, PatternDetector, has_context
from dlpguard.engine.types import Category, Finding

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
# The last three octets, from the first dot; the first octet is read backwards in Python.
IPV4_TAIL = rf"\.(?<=[0-9]\.){_OCTET}\.{_OCTET}\.{_OCTET}(?![\w]|\.\w|-[A-Za-z])"
# Where an IPv6 address must be: a "::" between hex digits or boundaries, or three inner colon groups.
IPV6_ANCHOR = r"::(?<![G-Zg-z_]::)(?![G-Zg-z_])|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"

DOCUMENTATION_V4 = ("192.0.2.", "198.51.100.", "203.0.113.")
DOCUMENTATION_V6 = ipaddress.ip_network("2001:db8::/32")
_DIGITS = frozenset("0123456789")
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_V4_TAIL_CHARS = frozenset("0123456789.")
_VERSION_BEFORE = re.compile(r"(?i:\b(?:version|ver|release|build|firmware|v)[\s:=]*)$")
# Changelog entries: "## 5.3.4.5 (2025-03-18)", "## [1.2.3.4] - 2024-01-01".
_HEADING_BEFORE = re.compile(r"(?:^|\n)[ \t]*#+[ \t]*\[?v?$")
_RELEASE_DATE_AFTER = re.compile(r"\]?[ \t]*[(\-–—][ \t]*\d{4}-\d\d-\d\d")


def _ipv4_reportable(value: str) -> bool:
    octets = value.split(".")
    first = octets[0]
    if (len(first) > 1 and first[0] == "0") or int(first) > 255:
        return False
    # "this network", loopback, netmasks and broadcast identify nothing; nor do documentation examples.
    return first not in ("0", "127", "255") and not value.startswith(DOCUMENTATION_V4)


class IpAddressRecognizer(PatternDetector):
    ENTITY = "IP_ADDRESS"
    CATEGORY = Category.NETWORK
    PATTERNS = (Pattern("ipv4_tail", IPV4_TAIL, 0.7), Pattern("ipv6_anchor", IPV6_ANCHOR, 0.7))
    CONTEXT = ("ip", "address", "addr", "host", "server", "gateway", "dns", "subnet", "ssh", "inet", "client")
    SCORE = 0.7

    def find(self, text: str, lowered: str) -> list[Finding]:
        spans = self._ipv4(text)
        if ":" in text:
            spans += self._ipv6(text)
        findings = []
        for start, end in spans:
            score = self.SCORE
            if has_context(text, start, end, self._context_words, self.CONTEXT_WINDOW):
                score = min(1.0, score + CONTEXT_BOOST)
            findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name))
        return findings

    def _ipv4(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for match in self._compiled[0][1].finditer(text):
            dot = match.start()
            start = dot - 1
            while start > dot - 3 and start > 0 and text[start - 1] in _DIGITS:
                start -= 1
            before = text[max(0, start - 2) : start]
            last = before[-1:]
            if last and (last.isalnum() or last in "_." or (last in "/-" and before[:1].isalpha())):
                continue  # glued to a word, a longer dotted run, "Chrome/" or "beta-"
            if not _ipv4_reportable(text[start : match.end()]):
                continue
            if _looks_like_version(text, start, match.end()):
                continue
            spans.append((start, match.end()))
        return spans

    def _ipv6(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        covered = -1
        for match in self._compiled[1][1].finditer(text):
            if match.start() < covered:
                continue
            start, end = match.start(), match.end()
            while start > 0 and text[start - 1] in _HEX_COLON:
                start -= 1
            while end < len(text) and text[end] in _HEX_COLON:
                end += 1
            # An embedded IPv4 tail: ::ffff:10.0.0.5
            while end < len(text) and text[end] in _V4_TAIL_CHARS:
                end += 1
            while end > start and text[end - 1] == ".":
                end -= 1
            covered = end
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            if _ipv6_reportable(text[start:end]):
                spans.append((start, end))
        return spans


def _looks_like_version(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 20) : start]
    if _VERSION_BEFORE.search(before) or _HEADING_BEFORE.search(before):
        return True
    return bool(_RELEASE_DATE_AFTER.match(text, end))


def _ipv6_reportable(value: str) -> bool:
    # "1::2" is a Python slice and "ab::cd" a C++ scope: real addresses have at least three groups.
    if len([g for g in value.split(":") if g]) < 3:
        return False
    try:
        ip = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return not (ip.is_unspecified or ip.is_loopback or ip in DOCUMENTATION_V6)
