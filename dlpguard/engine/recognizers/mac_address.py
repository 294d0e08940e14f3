"""MAC addresses in the three usual spellings: `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff`.

A MAC identifies one machine (and often its owner) for its whole life. All-zero and broadcast addresses
identify nothing. Longer colon runs (SSH fingerprints, EUI-64, WWNs) are not MACs and are skipped whole.
The scans start at the first separator, a literal, and look back for the first group.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import CONTEXT_BOOST, Pattern, PatternDetector, has_context
from dlpguard.engine.types import Category, Finding

_H2 = "[0-9A-Fa-f]{2}"
_H4 = "[0-9A-Fa-f]{4}"
_END = r"(?![\w]|[:.-]\w)"


class MacAddressRecognizer(PatternDetector):
    ENTITY = "MAC_ADDRESS"
    CATEGORY = Category.NETWORK
    PATTERNS = (
        # From the first separator; the first group sits in the lookbehinds (span starts 2 earlier).
        Pattern(
            "mac_colon_or_dash",
            rf"([:-])(?<={_H2}[:-])(?<![\w:.-]{_H2}[:-]){_H2}(?:\1{_H2}){{4}}{_END}",
            0.7,
        ),
        Pattern("mac_cisco_dotted", rf"\.(?<={_H4}\.)(?<![\w:.-]{_H4}\.){_H4}\.{_H4}{_END}", 0.6),
    )
    CONTEXT = ("mac", "hwaddr", "ether", "bssid", "hardware address", "physical address", "adresse mac")

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings = []
        for (pattern, rx), back in zip(self._compiled, (2, 4), strict=True):
            for match in rx.finditer(text):
                start, end = match.start() - back, match.end()
                if self.validate_result(text[start:end]) is False:
                    continue
                score = pattern.score
                if has_context(text, start, end, self._context_words, self.CONTEXT_WINDOW):
                    score = min(1.0, score + CONTEXT_BOOST)
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name))
        return findings

    def validate_result(self, pattern_text: str) -> bool | None:
        hex_digits = "".join(c for c in pattern_text.lower() if c not in ":-.")
        if hex_digits in ("000000000000", "ffffffffffff"):
            return False
        if "." in pattern_text and hex_digits.isdigit():
            return False  # 2024.0315.1200 is a build stamp, not a Cisco-style MAC
        return None
