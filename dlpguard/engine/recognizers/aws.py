"""AWS access key ids and secret access keys."""

from __future__ import annotations

from dlpguard.engine.recognizers._scoped import AnchoredDetector
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class AwsAccessKeyRecognizer(PatternDetector):
    ENTITY = "AWS_ACCESS_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("akia", "asia", "abia", "acca")
    PATTERNS = (
        # The lookbehind sits after the first letter so `re` can skip to candidate `A`s in C.
        Pattern(
            "aws_access_key_id",
            r"A(?<![A-Za-z0-9]A)(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
            0.9,
        ),
    )
    CONTEXT = ("aws", "access_key", "access key", "key id")


class AwsSecretKeyRecognizer(AnchoredDetector):
    """40-character secrets are too common to report alone: only next to an AWS secret key name."""

    ENTITY = "AWS_SECRET_KEY"
    CATEGORY = Category.SECRET
    # Every match starts on one of these (anchored scan).
    KEYWORDS = ("aws", "secret")
    PATTERNS = (
        Pattern(
            "aws_secret_assignment",
            r"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key|aws secret(?: access)? key)"
            r"[\"']?\s*(?:[:=]|=>|:=|is|was)?\s*[\"']?(?P<value>(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))",
            0.95,
        ),
    )


class AwsSecretKeyInContextRecognizer(AnchoredDetector):
    """`secret_key`, `secret-key`, `secretKey` hold an AWS secret only in an AWS setting: a Terraform
    `provider "aws"` block, Spring's `cloud.aws.credentials`, an `aws configure` transcript."""

    ENTITY = "AWS_SECRET_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("secret",)
    PATTERNS = (
        Pattern(
            "aws_generic_secret_name",
            # `aws configure` prompts: "AWS Secret Access Key [None]: ..."
            r"(?<![A-Za-z0-9])(?i:secret[_-]?(?:access[_-]?)?key|secret access key)"
            r"(?:[ \t]*\[[^\]\r\n]{0,20}\])?"
            r"[\"']?[ \t]*(?:[:=]|=>|:=)[ \t]*[\"']?"
            r"(?P<value>(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))",
            0.6,
        ),
    )
    CONTEXT = ("aws", "amazon", "s3", "access_key", "access-key", "accesskey", "akia", "asia")
    CONTEXT_WINDOW = (300, 80)
    REQUIRES_CONTEXT = True
