"""Files on disk to the policy in force: read, verify the signature, parse, layer, validate, replay-check.

The bytes whose signature is checked are the bytes parsed (read once), so a file swapped between the
two steps cannot slip through.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from dlpguard.errors import PolicyError
from dlpguard.paths import admin_policy_path, user_config_dir
from dlpguard.policy.layers import EffectivePolicy, build_effective
from dlpguard.policy.loader import MAX_POLICY_BYTES, Document, parse_bytes, read_document
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.signing import SignatureCheck, SignatureStatus, installed_keys_dir, verify_file

PREFERENCES_FILE = "preferences.yaml"


class PolicyMissingError(PolicyError):
    """The admin policy file does not exist (never installed, or deleted)."""


@dataclass(frozen=True)
class PolicySources:
    """Where the layers live; `from_environment()` honours the DLPGUARD_* overrides."""

    admin_path: Path
    keys_dir: Path
    preferences_path: Path

    @classmethod
    def from_environment(cls) -> PolicySources:
        return cls(admin_policy_path(), installed_keys_dir(), user_config_dir() / PREFERENCES_FILE)


@dataclass(frozen=True)
class LoadedPolicy:
    effective: EffectivePolicy
    admin_path: Path | None
    signature: SignatureCheck | None
    notes: tuple[str, ...] = field(default=())
    #: SHA-256 of the admin file's bytes (None without one): incidents record which policy applied.
    digest: str | None = None

    @property
    def version(self) -> int:
        return self.effective.policy.version


def read_admin(path: Path, keys_dir: Path) -> tuple[Document, SignatureCheck, str]:
    """Reads, verifies and parses the admin file (-> document, signature, digest of its bytes);
    `PolicyMissingError` when it is absent."""
    try:
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise PolicyError(f"{path}: larger than {MAX_POLICY_BYTES} bytes")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PolicyMissingError(f"{path}: policy file missing") from exc
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read: {exc.strerror}") from exc
    check = verify_file(path, raw, keys_dir)
    return parse_bytes(raw, path), check, hashlib.sha256(raw).hexdigest()


def read_preferences(path: Path) -> tuple[Document | None, tuple[str, ...]]:
    """User preferences never stop the policy from loading: a broken file is a note, not an error."""
    if not path.exists():
        return None, ()
    try:
        return read_document(path), ()
    except PolicyError as exc:
        return None, (f"user preferences ignored: {exc}",)


def load_policy(
    sources: PolicySources | None = None,
    replay: ReplayGuard | None = None,
    *,
    record: bool = False,
    allow_missing: bool = True,
) -> LoadedPolicy:
    """The effective policy from the three layers.

    Raises `PolicyError` (a `PolicyValidationError` listing every problem) when the admin file is
    refused, and `PolicyMissingError` when it is absent and `allow_missing` is false. `record` stores
    the version of a signed policy as the new replay high-water mark.
    """
    sources = sources or PolicySources.from_environment()
    preferences, notes = read_preferences(sources.preferences_path)
    try:
        admin, check, digest = read_admin(sources.admin_path, sources.keys_dir)
    except PolicyMissingError:
        if not allow_missing:
            raise
        effective = build_effective(None, preferences)
        return LoadedPolicy(effective, None, None, notes + effective.notes)
    effective = build_effective(admin, preferences)
    if check.status is SignatureStatus.VALID and replay is not None:
        replay.check(effective.policy.version, str(sources.admin_path))
        if record:
            replay.record(effective.policy.version)
    return LoadedPolicy(effective, sources.admin_path, check, notes + effective.notes, digest)
