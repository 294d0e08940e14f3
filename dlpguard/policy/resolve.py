"""Files on disk to the policy in force: read, verify the signature, parse, layer, validate, replay-check.

The bytes whose signature is checked are the bytes parsed (read once), so a file swapped between the
two steps cannot slip through.

`load_policy` is the strict loader: the admin file or an error. `resolve_policy` says what is in force
whatever happens, and why, for every process alike (the tray's store, a native host, `policy show`,
`doctor`): the admin file when it is good; when it is refused, or deleted while signing is on, the last
good signed policy kept per user (`last_good.py`, verified again on every load); otherwise the built-in
default.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from dlpguard.errors import PolicyError
from dlpguard.paths import admin_policy_path, user_config_dir
from dlpguard.policy.last_good import LastGoodInfo, LastGoodPolicy, keys_installed
from dlpguard.policy.layers import EffectivePolicy, build_effective
from dlpguard.policy.loader import MAX_POLICY_BYTES, Document, parse_bytes, read_document
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.signing import SignatureCheck, SignatureStatus, installed_keys_dir, verify_file

logger = logging.getLogger(__name__)

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
    #: Set when the admin layer is the saved last good copy, not the admin file on disk.
    last_good: LastGoodInfo | None = None

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
    last_good: LastGoodPolicy | None = None,
) -> LoadedPolicy:
    """The effective policy from the three layers.

    Raises `PolicyError` (a `PolicyValidationError` listing every problem) when the admin file is
    refused, and `PolicyMissingError` when it is absent and `allow_missing` is false. `record` stores
    the version of a signed policy as the new replay high-water mark and, given `last_good`, keeps the
    signed file as the last good copy.
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
            if last_good is not None:
                last_good.remember(sources.admin_path, sources.keys_dir, digest, effective.policy.version)
    return LoadedPolicy(effective, sources.admin_path, check, notes + effective.notes, digest)


def default_policy(sources: PolicySources, notes: tuple[str, ...] = ()) -> LoadedPolicy:
    """The built-in default with the user's preferences: what applies when no admin policy does."""
    preferences, pref_notes = read_preferences(sources.preferences_path)
    effective = build_effective(None, preferences)
    return LoadedPolicy(effective, None, None, pref_notes + effective.notes + notes)


def load_last_good(
    sources: PolicySources, replay: ReplayGuard | None, last_good: LastGoodPolicy
) -> tuple[LoadedPolicy | None, str | None]:
    """The saved last good copy layered with today's preferences, verified again (signature against the
    installed keys, replay floor, schema): (policy, None), (None, why it was not used), or (None, None)
    when there is no copy."""
    try:
        saved = last_good.load(sources.keys_dir, replay)
        if saved is None:
            return None, None
        preferences, notes = read_preferences(sources.preferences_path)
        effective = build_effective(saved.document, preferences)
    except PolicyError as exc:
        logger.warning("the saved last good policy was not used: %s", exc)
        return None, f"the saved last good policy was not used: {exc}"
    return (
        LoadedPolicy(
            effective,
            saved.info.path,
            saved.signature,
            notes + effective.notes,
            saved.digest,
            last_good=saved.info,
        ),
        None,
    )


# -- what is in force, and why ---------------------------------------------------------------------


class PolicyState(StrEnum):
    ADMIN = "admin"  # the admin policy is in force
    DEFAULT = "default"  # no admin policy installed: the built-in default is in force
    MISSING = "missing"  # the admin file was deleted: the last good policy stays in force
    REJECTED = "rejected"  # the admin file was refused: the last good policy, else the default, is in force


def kept_description(loaded: LoadedPolicy) -> str:
    """What is in force instead of the admin file, in words."""
    if loaded.last_good is not None:
        return loaded.last_good.describe()
    if loaded.admin_path is None:
        return "the built-in default policy"
    return f"the last good policy v{loaded.version} until DLP Guard restarts"  # unsigned: not kept on disk


@dataclass(frozen=True)
class PolicyStatus:
    state: PolicyState
    version: int
    source: Path
    error: str | None = None
    #: What is in force instead of the admin file (MISSING, REJECTED), in words.
    kept: str | None = None

    def describe(self) -> str:
        """One plain sentence: the same in the tray, the policy window, `policy show` and `doctor`."""
        kept = self.kept or f"version {self.version}"
        if self.state is PolicyState.ADMIN:
            return f"admin policy version {self.version} in force ({self.source})"
        if self.state is PolicyState.DEFAULT:
            return f"no admin policy at {self.source}: built-in default in force"
        if self.state is PolicyState.MISSING:
            return f"admin policy file missing ({self.source}); using {kept}"
        reason = "; ".join(line.strip() for line in (self.error or "unknown reason").splitlines())
        return f"admin policy refused ({reason}); using {kept}"


@dataclass(frozen=True)
class Resolution:
    loaded: LoadedPolicy
    status: PolicyStatus
    error: PolicyError | None = None


def _resolution(
    sources: PolicySources, state: PolicyState, loaded: LoadedPolicy, error: PolicyError | None = None
) -> Resolution:
    kept = kept_description(loaded) if state in (PolicyState.MISSING, PolicyState.REJECTED) else None
    status = PolicyStatus(state, loaded.version, sources.admin_path, str(error) if error else None, kept)
    return Resolution(loaded, status, error)


def resolve_policy(
    sources: PolicySources | None = None,
    replay: ReplayGuard | None = None,
    last_good: LastGoodPolicy | None = None,
    *,
    record: bool = False,
    current: LoadedPolicy | None = None,
) -> Resolution:
    """The policy in force and why, never an exception for a bad admin file.

    - The admin file is good: it is in force (with `record`, its version raises the replay floor and a
      signed file becomes the last good copy).
    - It is refused: with a signing key installed, the last good signed copy (verified again), else the
      built-in default. Without a key, a running app keeps `current` (its policy before the refusal),
      since nothing could verify a copy kept on disk.
    - It is missing: with a signing key installed the last good signed copy stays until a new valid
      policy arrives (deleting the file is not a way to relax a signed policy); without one the admin
      has removed the policy and the built-in default applies.
    """
    sources = sources or PolicySources.from_environment()
    if last_good is None:
        last_good = LastGoodPolicy()
    try:
        loaded = load_policy(
            sources, replay, record=record, allow_missing=False, last_good=last_good if record else None
        )
    except PolicyMissingError as exc:
        if keys_installed(sources.keys_dir):
            kept, problem = load_last_good(sources, replay, last_good)
            if kept is not None:
                return _resolution(sources, PolicyState.MISSING, kept, exc)
            notes = (problem,) if problem else ()
            return _resolution(sources, PolicyState.DEFAULT, default_policy(sources, notes))
        return _resolution(sources, PolicyState.DEFAULT, default_policy(sources))
    except PolicyError as exc:
        if keys_installed(sources.keys_dir):
            kept, problem = load_last_good(sources, replay, last_good)
            fallback = kept or default_policy(sources, (problem,) if problem else ())
        else:
            fallback = current or default_policy(sources)
        return _resolution(sources, PolicyState.REJECTED, fallback, exc)
    return _resolution(sources, PolicyState.ADMIN, loaded)
