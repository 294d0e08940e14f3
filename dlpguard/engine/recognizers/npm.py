"""npm access tokens (`npm_` + 36) and any `_authToken=` line of an `.npmrc`, whatever the token's shape."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class NpmTokenRecognizer(PatternDetector):
    ENTITY = "NPM_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("npm_", "_authtoken")
    PATTERNS = (
        Pattern("npm_token", r"npm_(?<![A-Za-z0-9_-]npm_)[A-Za-z0-9]{36}(?![A-Za-z0-9_-])", 0.95),
        # Older tokens are UUIDs, registry-specific ones anything; `npm_` tokens are the pattern above.
        Pattern(
            "npmrc_auth_token",
            r"//[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?(?:/[^\s:/]{0,100})*/?:_authToken[ \t]*=[ \t]*[\"']?"
            # Tokens with their own shape (npm_, ghp_ for GitHub Packages, glpat- for GitLab) are reported by
            # the recognizer of that shape.
            r"(?!npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])|gh[pousr]_|github_pat_|gl[a-z]{2,4}-)(?P<value>[A-Za-z0-9._~+/=-]{8,512})(?![^\s\"'])",
            0.9,
        ),
    )
    CONTEXT = ("npm", "npmrc", "registry")
