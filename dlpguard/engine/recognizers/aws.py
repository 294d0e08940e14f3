"""AWS access key ids and secret access keys."""

from __future__ import annotations

from presidio_analyzer import Pattern

from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.types import Category


class AwsAccessKeyRecognizer(PatternDetector):
    ENTITY = "AWS_ACCESS_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("akia", "asia", "abia", "acca")
    PATTERNS = (
        Pattern("aws_access_key_id", r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])", 0.9),
    )
    CONTEXT = ("aws", "access_key", "access key", "key id")


class AwsSecretKeyRecognizer(PatternDetector):
    """40-character secrets are too common to report alone: only next to an AWS secret key name."""

    ENTITY = "AWS_SECRET_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("aws", "secret_access_key", "secretaccesskey", "secret access key")
    PATTERNS = (
        Pattern(
            "aws_secret_assignment",
            r"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey|aws secret(?: access)? key)"
            r"[\"']?\s*(?:[:=]|=>|:=)?\s*[\"']?(?P<value>(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))",
            0.95,
        ),
    )
