"""Secrets in router and switch configurations (Cisco IOS and the many CLIs that copy it): the enable
secret, local users' passwords, SNMP communities, pre-shared keys and line passwords.

    enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0      username netadmin privilege 15 password 0 Xk9#pz
    snmp-server community gLR1eYclXX7JQ2Ix RO           crypto isakmp key Tr0ub4dor address 0.0.0.0
    pre-shared-key ascii-text Ahk3-ppq                   key-string 7 0822455D0A16

A pasted `show running-config` holds these unnamed by any `password=` key the other recognizers read. An
encryption type (0 plain, 5/8/9 hashed, 7 reversible) may stand before the value; hashes are reported
too, since type 7 is reversed by anyone and the others can be cracked offline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_TYPE = r"(?:[0-9][ \t]+)?"
_VALUE = r"(?P<value>[^\s]{4,200})"
_PASSWORD_LINES = re.compile(
    r"(?m:^[ \t]*(?:enable[ \t]+(?:secret|password)(?:[ \t]+level[ \t]+[0-9]+)?"
    r"|username[ \t]+\S+(?:[ \t]+privilege[ \t]+[0-9]+)?[ \t]+(?:secret|password)"
    r"|password)[ \t]+" + _TYPE + _VALUE + r"[ \t]*$)"
)
_KEY_LINES = re.compile(
    r"(?m:^[ \t]*(?:snmp-server[ \t]+community|crypto[ \t]+isakmp[ \t]+key|key-string"
    r"|pre-shared-key(?:[ \t]+(?:ascii-text|hex|local|remote))?|wpa-psk[ \t]+ascii|tacacs-server[ \t]+key"
    r"|radius-server[ \t]+key|ntp[ \t]+authentication-key[ \t]+[0-9]+[ \t]+md5)[ \t]+" + _TYPE + _VALUE + ")"
)
#: A device configuration shows itself by its separators and sections; prose that opens a line with
#: "password" ("password combination.") does not.
_CONFIG = re.compile(
    r"(?m:^(?:!|hostname[ \t]|interface[ \t]|line[ \t]+(?:vty|con|aux)[ \t]|router[ \t]|ip[ \t]+route[ \t]"
    r"|enable[ \t]+secret[ \t]|snmp-server[ \t]|crypto[ \t]|aaa[ \t]|service[ \t]+password-encryption))"
)
_KEYWORDS = ("enable", "username", "snmp-server", "isakmp", "key-string", "pre-shared-key", "wpa-psk",
             "tacacs", "radius-server", "ntp authentication", "password")  # fmt: skip


class NetworkDeviceSecretRecognizer(PatternDetector):
    ENTITY = "PASSWORD"
    CATEGORY = Category.SECRET
    ENTITY_CATEGORIES: ClassVar[Mapping[str, Category]] = {
        "PASSWORD": Category.SECRET,
        "GENERIC_SECRET": Category.SECRET,
    }
    PATTERNS = (
        Pattern("device_password", _PASSWORD_LINES.pattern, 0.8),
        Pattern("device_key", _KEY_LINES.pattern, 0.8),
    )

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not any(k in lowered for k in _KEYWORDS) or "\n" not in text or not _CONFIG.search(text):
            return []
        findings = [self._finding(m, "PASSWORD") for m in _PASSWORD_LINES.finditer(text)]
        findings += [self._finding(m, "GENERIC_SECRET") for m in _KEY_LINES.finditer(text)]
        return findings

    def _finding(self, match: re.Match[str], entity: str) -> Finding:
        start, end = match.span("value")
        return Finding(entity, self.CATEGORY, start, end, 0.8, self.detector_name)
