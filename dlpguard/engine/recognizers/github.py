"""GitHub tokens: classic prefixed tokens and fine-grained personal access tokens.

The CRC32 checksum in the last six characters of classic tokens is not checked: made-up tokens in
tickets and chats are as sensitive to report as they are cheap to make, and checksums reject them.
"""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class GitHubTokenRecognizer(PatternDetector):
    ENTITY = "GITHUB_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
    PATTERNS = (
        Pattern("github_classic", r"gh(?<![A-Za-z0-9_]gh)[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", 0.95),
        Pattern(
            "github_fine_grained",
            r"github_pat_(?<![A-Za-z0-9_]github_pat_)[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])",
            0.95,
        ),
    )
    CONTEXT = ("github", "token", "gh_token")
