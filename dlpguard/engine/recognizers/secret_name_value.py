"""Secrets whose name and value are two fields of a record rather than `name = value`:

    {"key": "clientSecret", "value": "x34sQm4e…", "enabled": true}      (Postman environments)
    {"name": "DB_PASSWORD", "value": "Xk9mP2vLq8"}                      (ECS task definitions, Azure)
    - name: API_TOKEN                                                  (Kubernetes and CI `env:` lists)
      value: "ghs-…"
    <add key="StripeSecret" value="…" />                               (.NET appSettings)

The pair is read back as the assignment it stands for and judged by the password and generic-secret
recognizers' own rules, so a name that would not make `name = value` a secret does not make the pair
one either. Only the value is reported, in the text's own offsets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import ClassVar

from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.recognizers.generic_secret import GenericSecretRecognizer
from dlpguard.engine.recognizers.password import PasswordRecognizer
from dlpguard.engine.types import Category, Finding

_PAIRS = (
    re.compile(
        r"[\"'](?:key|name|ParameterKey|Name|Key)[\"'][ \t]*:[ \t]*[\"'](?P<name>[\w.-]{2,80})[\"'][ \t]*,"
        r"[ \t\r\n]*[\"'](?:value|ParameterValue|Value)[\"'][ \t]*:[ \t]*"
        r"[\"'](?P<value>[^\"'\r\n]{1,1000})[\"']"
    ),
    re.compile(
        r"(?m:^(?P<indent>[ \t]*)-[ \t]+name:[ \t]*[\"']?(?P<name>[\w.-]{2,80})[\"']?[ \t]*\r?\n"
        r"(?P=indent)[ \t]+value:[ \t]*(?:(?P<q>[\"'])(?P<value>[^\"'\r\n]{1,1000})(?P=q)"
        r"|(?P<value2>[^\s\"'#][^\s#]{0,999}))[ \t]*$)"
    ),
    re.compile(
        r"<(?:add|setting|param|property)[ \t]+(?:key|name)=[\"'](?P<name>[\w.:-]{2,80})[\"'][ \t]+"
        r"value=[\"'](?P<value>[^\"'\r\n]{1,1000})[\"']"
    ),
)
_KEYWORDS = ("value",)


@cache
def _judges() -> tuple[Detector, ...]:
    """Built once, for every pair of every scan."""
    return (PasswordRecognizer(), GenericSecretRecognizer())


class SecretNameValueRecognizer(Detector):
    ENTITY = "GENERIC_SECRET"
    CATEGORY = Category.SECRET
    ENTITY_CATEGORIES: ClassVar[Mapping[str, Category]] = {
        "PASSWORD": Category.SECRET,
        "GENERIC_SECRET": Category.SECRET,
    }

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not any(k in lowered for k in _KEYWORDS):
            return []
        findings: list[Finding] = []
        for pattern in _PAIRS:
            for match in pattern.finditer(text):
                group = "value" if match.group("value") is not None else "value2"
                findings += self._judged(match.group("name"), *match.span(group), text)
        return findings

    def _judged(self, name: str, start: int, end: int, text: str) -> list[Finding]:
        """The findings `name = "value"` would give, moved onto the value's place in `text`."""
        head = f'{name} = "'
        assignment = f'{head}{text[start:end]}"'
        out = []
        for judge in _judges():
            for f in judge.find(assignment, assignment.lower()):
                if f.start >= len(head) and f.end <= len(head) + end - start:
                    shift = start - len(head)
                    a, b = f.start + shift, f.end + shift
                    out.append(Finding(f.entity_type, f.category, a, b, f.score, self.detector_name))
        return out
