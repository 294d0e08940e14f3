"""The last good signed admin policy, kept per user so a restart does not fall back to the built-in default.

When the admin file is later refused (bad signature, rolled-back version, broken YAML) or deleted while
signing is on, the policy in force is this copy instead of the built-in default. The copy lives beside
the replay state (`policy-state.json`) in the user's data dir (0700), in one 0600 JSON file holding the
exact bytes of the policy and of its signature. The user can write that folder, so the copy is trusted
for nothing: every load verifies it again, signature against the keys installed in the machine folder
(admin-only) and version against the replay floor. A copy the user planted, edited or rolled back is
refused with a reason, and the built-in default applies instead.

Only signed policies are kept: with no key installed there is nothing to check a copy against.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dlpguard.errors import PolicyError
from dlpguard.paths import private_dir, user_data_dir
from dlpguard.policy.loader import MAX_POLICY_BYTES, Document, decode_policy_bytes, parse_document
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.signing import (
    SignatureCheck,
    SignatureStatus,
    load_public_keys,
    read_signature,
    verify_bytes,
)

logger = logging.getLogger(__name__)

CACHE_FILE = "policy-last-good.json"
FORMAT = 1
#: base64 of the largest policy plus a little JSON around it.
MAX_CACHE_BYTES = MAX_POLICY_BYTES * 4 // 3 + 64 * 1024


def keys_installed(keys_dir: Path) -> bool:
    """Whether signing is on (any `*.pub` in the keys folder), without reading the keys."""
    try:
        return keys_dir.is_dir() and any(keys_dir.glob("*.pub"))
    except OSError:
        return False


def format_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class LastGoodInfo:
    """Which saved copy is in force, for people: its version and when it was first put in force here."""

    version: int
    saved_at: float
    original: str  # the admin file it was copied from
    path: Path  # the cache file

    def describe(self) -> str:
        return f"the last good signed policy v{self.version} from {format_time(self.saved_at)}"


@dataclass(frozen=True)
class SavedPolicy:
    """A copy that passed every check on load: parsed, its signature verified, not below the floor."""

    document: Document
    signature: SignatureCheck
    digest: str
    info: LastGoodInfo


class LastGoodPolicy:
    """Reads and writes the per-user copy of the last good signed admin policy."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / CACHE_FILE
        self._lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------------------

    def _holds(self, digest: str) -> bool:
        """Whether the saved copy's bytes are those with `digest` (the stored digest alone is not trusted)."""
        try:
            with self.path.open("rb") as fh:
                state = json.loads(fh.read(MAX_CACHE_BYTES + 1))
            raw = base64.b64decode(state["policy"], validate=True)
        except (OSError, ValueError, KeyError, TypeError, binascii.Error):
            return False
        return hashlib.sha256(raw).hexdigest() == digest

    def remember(self, admin_path: Path, keys_dir: Path, digest: str, version: int) -> bool:
        """Keeps the admin file as the last good copy, if its bytes are still those just put in force
        (`digest`) and its signature verifies; False (and a log line) when it was not kept."""
        with self._lock:
            if self._holds(digest):
                return True  # the common case: the same policy reloaded
            try:
                raw = admin_path.read_bytes()
                sig = read_signature(admin_path)
                if hashlib.sha256(raw).hexdigest() != digest:
                    return False  # changed since it was loaded: the reload it triggers will decide
                check = verify_bytes(raw, sig, load_public_keys(keys_dir), str(admin_path))
                if check.status is not SignatureStatus.VALID or sig is None:
                    return False
                self._write(
                    {
                        "format": FORMAT,
                        "original": str(admin_path),
                        "name": admin_path.name,
                        "version": version,
                        "digest": digest,
                        "key_id": check.key_id,
                        "saved_at": datetime.now().timestamp(),
                        "policy": base64.b64encode(raw).decode("ascii"),
                        "signature": sig.decode("ascii", "replace"),
                    }
                )
            except (OSError, PolicyError) as exc:
                logger.warning("last good policy not saved to %s: %s", self.path, exc)
                return False
        logger.info("policy version %s saved as the last good signed policy (%s)", version, self.path)
        return True

    def _write(self, state: dict[str, object]) -> None:
        directory = private_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".policy-last-good-", dir=directory)  # created 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(state, fh)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- reading ---------------------------------------------------------------------------------

    def load(self, keys_dir: Path, replay: ReplayGuard | None) -> SavedPolicy | None:
        """The saved copy, verified again; None when there is none. Raises `PolicyError` saying why a
        copy that exists cannot be used (no key installed, bad signature, below the replay floor...)."""
        source = f"{self.path} (last good copy)"
        try:
            with self.path.open("rb") as fh:
                data = fh.read(MAX_CACHE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PolicyError(f"{source}: cannot read: {exc.strerror}") from exc
        if len(data) > MAX_CACHE_BYTES:
            raise PolicyError(f"{source}: larger than any policy could be")
        try:
            state = json.loads(data)
            if not isinstance(state, dict) or state.get("format") != FORMAT:
                raise ValueError("unknown format")
            raw = base64.b64decode(state["policy"], validate=True)
            sig = str(state["signature"]).encode("ascii")
            name = str(state["name"])
            original = str(state["original"])
            saved_at = float(state["saved_at"])
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise PolicyError(f"{source}: damaged ({exc})") from exc
        keys = load_public_keys(keys_dir)
        if not keys:
            raise PolicyError(f"{source}: no signing key is installed in {keys_dir} to verify it")
        check = verify_bytes(raw, sig, keys, source)
        document = parse_document(
            decode_policy_bytes(raw, source),
            f"{original} (last good copy)",
            json_format=name.lower().endswith(".json"),
            path=self.path,
        )
        version = document.data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise PolicyError(f"{source}: version: missing or not a number")
        if replay is not None:
            replay.check(version, source)
        digest = hashlib.sha256(raw).hexdigest()
        return SavedPolicy(document, check, digest, LastGoodInfo(version, saved_at, original, self.path))
