"""IPv4 and IPv6 addresses, each with its class (`Finding.subtype`), which the policy reports or not
(`detection.ip_addresses`; the engine's `EngineConfig.ip_classes`):

- `public`: a globally routable address, a machine anyone may reach (52.14.1.9, 2a00:1450::1);
- `private`: RFC 1918 and unique-local ranges (10.0.3.17, 192.168.1.20, fd12::1), which tell an outsider
  at most how an internal network is laid out;
- `reserved`: addresses that name no machine of the sender's: loopback, link-local (incl. the cloud
  metadata address 169.254.169.254), carrier-grade NAT (100.64/10), the documentation ranges, multicast,
  unspecified, benchmarking and the rest of the IANA special-purpose registry.

Netmasks and broadcast (255.x) are never addresses. The host of a URL or DSN (`postgres://u@52.14.1.9`,
`http://34.201.1.2/`) is context enough for the highest score. Dotted runs that are versions
(`v1.2.3.4`, `Chrome/120.0.0.0`, `1.2.3.4-beta`) or OIDs are skipped; colon runs that are times
(`12:30:45`), MACs or C++ scopes (`std::`) fail `ipaddress` validation.

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

PUBLIC = "public"
PRIVATE = "private"
RESERVED = "reserved"
#: Every class, widest last: what `detection.ip_addresses` picks from.
IP_CLASSES = (PUBLIC, PRIVATE, RESERVED)
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
# The URL's scheme separator or userinfo `@` right before an address: it is a host, not a version.
_URL_HOST_BEFORE = re.compile(r"(?:://|@)\[?$")
_DIGITS = frozenset("0123456789")
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_V4_TAIL_CHARS = frozenset("0123456789.")
_VERSION_BEFORE = re.compile(r"(?i:\b(?:version|ver|release|build|firmware|v)[\s:=]*)$")
# Changelog entries: "## 5.3.4.5 (2025-03-18)", "## [1.2.3.4] - 2024-01-01".
_HEADING_BEFORE = re.compile(r"(?:^|\n)[ \t]*#+[ \t]*\[?v?$")
_RELEASE_DATE_AFTER = re.compile(r"\]?[ \t]*[(\-–—][ \t]*\d{4}-\d\d-\d\d")


def _ipv4_reportable(value: str) -> bool:
    first = value.split(".", 1)[0]
    if (len(first) > 1 and first[0] == "0") or int(first) > 255:
        return False
    return first != "255"  # netmasks and broadcast


def ip_class(value: str) -> str:
    """`public`, `private` or `reserved` (module docstring) for a valid IPv4 or IPv6 address."""
    ip = ipaddress.ip_address(value)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    elif isinstance(ip, ipaddress.IPv6Address) and int(ip) >> 32 == 0 and int(ip) > 1:
        ip = ipaddress.IPv4Address(int(ip))  # deprecated IPv4-compatible `::192.168.1.1`: its IPv4 address
    if any(ip in net for net in _PRIVATE_NETWORKS if net.version == ip.version):
        return PRIVATE
    return PUBLIC if ip.is_global and not ip.is_multicast else RESERVED


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
            if _URL_HOST_BEFORE.search(text, max(0, start - 4), start) or has_context(
                text, start, end, self._context_words, self.CONTEXT_WINDOW
            ):
                score = min(1.0, score + CONTEXT_BOOST)
            try:
                kind = ip_class(text[start:end])
            except ValueError:  # the scans validate what they report; never let one odd span end a scan
                continue
            findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name, kind))
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
    groups = [g for g in value.split(":") if g]
    if len(groups) < 3:
        return False
    if len(groups) >= 6 and "::" not in value and all(len(g) == 2 for g in groups):
        return False  # "5B:02:D5:87:33:E9:DD:CE": a fingerprint or an EUI-64, written byte by byte
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True
