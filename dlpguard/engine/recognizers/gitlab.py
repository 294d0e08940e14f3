"""GitLab tokens: personal, deploy, runner and pipeline-trigger tokens, each with its own prefix."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_E = r"(?![A-Za-z0-9_-])"


class GitLabTokenRecognizer(PatternDetector):
    ENTITY = "GITLAB_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glsoat-", "glcbt-", "glimt-")
    PATTERNS = (
        Pattern(
            "gitlab_token", r"gl(?<![A-Za-z0-9_-]gl)(?:pat|dt|rt|ft|soat|cbt)-[0-9A-Za-z_-]{20}" + _E, 0.95
        ),
        # Routable tokens (GitLab 17.x+): a longer base64url payload, a dot and a version/CRC suffix.
        Pattern(
            "gitlab_routable_token",
            r"glpat-(?<![A-Za-z0-9_-]glpat-)[0-9A-Za-z_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{7,9}" + _E,
            0.95,
        ),
        Pattern(
            "gitlab_trigger_token",
            r"glptt-(?<![A-Za-z0-9_-]glptt-)(?:[0-9a-f]{40}|[0-9A-Za-z_-]{20})" + _E,
            0.95,
        ),
        Pattern("gitlab_incoming_mail_token", r"glimt-(?<![A-Za-z0-9_-]glimt-)[0-9a-z]{25}" + _E, 0.9),
    )
    CONTEXT = ("gitlab", "token", "private-token")
