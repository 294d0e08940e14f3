"""Defaults of secret-named Terraform variables: `variable "db_password" { default = "..." }`.

The value sits two lines below its name, behind a key (`default`) that says nothing about secrets, so
neither the password nor the generic-secret assignment patterns see it. Only the value is reported:
`PASSWORD` for password names, `GENERIC_SECRET` for tokens, keys and secrets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.recognizers.generic_secret import generic_value_ok
from dlpguard.engine.recognizers.password import PasswordRecognizer
from dlpguard.engine.types import Category, Finding

_SECRET_WORD = (
    r"(?:password|passwd|passphrase|pwd|secret|token|api_?key|access_?key|private_?key|credentials?)"  # noqa: S105
)
# Names that describe a secret rather than hold one: `db_password_length`, `api_key_secret_name`.
_DESCRIPTIVE = re.compile(
    r"(?i).*(?:_|-)(?:length|len|min|max|count|name|id|arn|path|file|enabled|version|ttl|days|type|policy"
    r"|url|uri|rotation|special|upper|lower|numeric|expiry|expiration|prefix|suffix|kms_key|key_id)$"
)
_PASSWORD_NAME = re.compile(r"(?i)pass|pwd")
_PASSWORD_RULES = PasswordRecognizer()


class TerraformSecretDefaultRecognizer(PatternDetector):
    ENTITY = "GENERIC_SECRET"
    CATEGORY = Category.SECRET
    ENTITY_CATEGORIES: ClassVar[Mapping[str, Category]] = {"PASSWORD": Category.SECRET}
    KEYWORDS = ("variable",)
    PATTERNS = (
        Pattern(
            "terraform_secret_default",
            r"(?<![\w.-])variable[ \t]+\"(?P<name>[\w-]{0,60}?(?i:"
            + _SECRET_WORD
            + r")[\w-]{0,40})\"[ \t]*\{"
            # attributes before `default`, none of them a nested block
            r"(?P<body>[^{}]{0,1000}?)(?<![\w-])default[ \t]*=[ \t]*\"(?P<value>[^\"\r\n$]{1,200})\"",
            0.8,
        ),
    )

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        name = match.group("name")
        if _DESCRIPTIVE.fullmatch(name):
            return None
        start, end = match.span("value")
        value = text[start:end]
        if _PASSWORD_NAME.search(name):
            if _PASSWORD_RULES.validate_result(value) is False:
                return None
            return Finding("PASSWORD", self.CATEGORY, start, end, pattern.score, self.detector_name)
        if generic_value_ok(value) is False:
            return None
        return Finding(self.ENTITY, self.CATEGORY, start, end, pattern.score, self.detector_name)
