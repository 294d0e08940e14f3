"""A signed policy file, judged twice and apart: does its signature verify, and does its content load?

The app reads a policy in one order only: signature first, and content it cannot verify is never
parsed, so what the tray, `policy show` and the logs say about such a file is "bad signature" and no
detail of its content. The admin's own tools (`policy verify`, `policy validate`) need both answers
for the same bytes, to know which step to fix: a file that verifies but does not parse needs its YAML
mended (file:line), one that parses but does not verify was changed after signing or signed with
another key. `diagnose_bytes` gives both, without either one hiding the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlpguard.errors import PolicyError
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_bytes
from dlpguard.policy.signing import PublicKey, SignatureCheck, SignatureError, SignatureStatus, verify_bytes


@dataclass(frozen=True)
class Diagnosis:
    """`signature` or `signature_error`; `version` or `content_error` (the content, whether or not it
    verified: only for the admin's own tools)."""

    signature: SignatureCheck | None
    signature_error: SignatureError | None
    version: int | None
    content_error: PolicyError | None

    @property
    def verified(self) -> bool:
        return self.signature is not None and self.signature.status is SignatureStatus.VALID

    @property
    def loads(self) -> bool:
        return self.content_error is None


def diagnose_bytes(data: bytes, sig_text: bytes | None, keys: tuple[PublicKey, ...], path: Path) -> Diagnosis:
    """Both verdicts on the same bytes (see the module docstring)."""
    signature: SignatureCheck | None = None
    signature_error: SignatureError | None = None
    try:
        signature = verify_bytes(data, sig_text, keys, str(path))
    except SignatureError as exc:
        signature_error = exc
    try:
        version: int | None = build_effective(parse_bytes(data, path)).policy.version
        content_error: PolicyError | None = None
    except PolicyError as exc:
        version, content_error = None, exc
    return Diagnosis(signature, signature_error, version, content_error)
