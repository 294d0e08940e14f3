"""Ed25519 detached signatures for policy files.

`FILE.sig` holds the base64 (standard alphabet) of the raw 64-byte Ed25519 signature over the exact
bytes of FILE, on one line. Public keys are PEM (SubjectPublicKeyInfo) files named `*.pub` in
`<machine config dir>/keys/`, installed with the app. When at least one key is installed, a policy
must carry a signature that one of them verifies; with no key installed, signatures are not checked.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dlpguard.errors import PolicyError
from dlpguard.paths import machine_config_dir

SIGNATURE_SUFFIX = ".sig"
MAX_SIGNATURE_BYTES = 1024


class SignatureStatus(StrEnum):
    VALID = "valid"  # verified by an installed key
    NOT_CHECKED = "not-checked"  # no key installed: signatures are not enforced


@dataclass(frozen=True)
class SignatureCheck:
    status: SignatureStatus
    key_id: str | None = None
    key_path: Path | None = None

    def describe(self) -> str:
        if self.status is SignatureStatus.VALID:
            return f"signed, verified with key {self.key_id} ({self.key_path})"
        return "not checked (no signing key installed)"


@dataclass(frozen=True)
class PublicKey:
    path: Path
    key: Ed25519PublicKey
    key_id: str


def key_id(key: Ed25519PublicKey) -> str:
    """Short, stable name for a key: the first 16 hex digits of SHA-256 over its raw 32 bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def installed_keys_dir() -> Path:
    return machine_config_dir() / "keys"


def signature_path(policy_path: Path) -> Path:
    return policy_path.with_name(policy_path.name + SIGNATURE_SUFFIX)


# -- admin side: keys and signing ------------------------------------------------------------------


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def generate_keypair(
    out_dir: Path, name: str = "policy-signing", passphrase: bytes | None = None
) -> tuple[Path, Path]:
    """Writes `<name>.key` (PKCS#8 PEM, 0600, encrypted when a passphrase is given) and `<name>.pub`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / f"{name}.key", out_dir / f"{name}.pub"
    for existing in (private_path, public_path):
        if existing.exists():
            raise PolicyError(f"{existing}: already exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    encryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    _write_private(
        private_path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption),
    )
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path


def private_key_is_encrypted(path: Path) -> bool:
    return b"ENCRYPTED" in path.read_bytes()[:64]


def load_private_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=passphrase or None)
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read key: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise PolicyError(f"{path}: not a usable private key (wrong passphrase or format): {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PolicyError(f"{path}: not an Ed25519 private key")
    return key


def sign_bytes(data: bytes, key: Ed25519PrivateKey) -> bytes:
    """The signature file's content for `data`."""
    return base64.b64encode(key.sign(data)) + b"\n"


def sign_file(policy_path: Path, key_path: Path, passphrase: bytes | None = None) -> Path:
    key = load_private_key(key_path, passphrase)
    sig_path = signature_path(policy_path)
    tmp = sig_path.with_name(sig_path.name + ".tmp")
    tmp.write_bytes(sign_bytes(policy_path.read_bytes(), key))
    tmp.replace(sig_path)  # a watcher never sees a half-written signature
    return sig_path


# -- app side: verification ------------------------------------------------------------------------


def load_public_key(path: Path) -> PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise PolicyError(f"{path}: policy key cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise PolicyError(f"{path}: policy key is not an Ed25519 public key")
    return PublicKey(path, key, key_id(key))


def load_public_keys(keys_dir: Path | None = None) -> tuple[PublicKey, ...]:
    """Every `*.pub` in the keys folder; an unreadable or foreign key is an error, not skipped."""
    keys_dir = keys_dir or installed_keys_dir()
    if not keys_dir.is_dir():
        return ()
    return tuple(load_public_key(path) for path in sorted(keys_dir.glob("*.pub")))


class SignatureError(PolicyError):
    """A policy refused for its signature (missing, malformed, or verified by no installed key).

    Content that does not verify is never parsed, so the message says nothing of it (it reaches the
    tray and the logs); the admin's own tools (`policy verify`, `policy validate`) say what the
    content holds, with `problem` (the reason without the file name and that note)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}; the policy's content was not read")
        self.source = source
        self.problem = problem


def decode_signature(sig_text: bytes, source: str) -> bytes:
    try:
        raw = base64.b64decode(sig_text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(source, "signature file is not base64") from exc
    if len(raw) != 64:
        raise SignatureError(source, "signature file does not hold a 64-byte Ed25519 signature")
    return raw


def verify_bytes(
    data: bytes, sig_text: bytes | None, keys: tuple[PublicKey, ...], source: str
) -> SignatureCheck:
    """Checks `data` against its signature; `SignatureError` when keys are installed and none verifies."""
    if not keys:
        return SignatureCheck(SignatureStatus.NOT_CHECKED)
    if sig_text is None:
        missing = f"{source}{SIGNATURE_SUFFIX} missing"
        raise SignatureError(source, f"policy is not signed ({missing}) but a signing key is installed")
    signature = decode_signature(sig_text, f"{source}{SIGNATURE_SUFFIX}")
    for key in keys:
        try:
            key.key.verify(signature, data)
        except InvalidSignature:
            continue
        return SignatureCheck(SignatureStatus.VALID, key.key_id, key.path)
    names = ", ".join(k.key_id for k in keys)
    raise SignatureError(
        source,
        f"bad signature: no installed key ({names}) verifies this policy "
        "(it changed after it was signed, or was signed with another key)",
    )


def read_signature(policy_path: Path) -> bytes | None:
    path = signature_path(policy_path)
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_SIGNATURE_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read signature: {exc.strerror}") from exc


def verify_file(policy_path: Path, data: bytes | None = None, keys_dir: Path | None = None) -> SignatureCheck:
    """Verifies `policy_path` (or `data` already read from it, so the bytes checked are the bytes used)."""
    keys = load_public_keys(keys_dir)
    if data is None:
        try:
            data = policy_path.read_bytes()
        except OSError as exc:
            raise PolicyError(f"{policy_path}: cannot read: {exc.strerror}") from exc
    sig = read_signature(policy_path) if keys else None
    return verify_bytes(data, sig, keys, str(policy_path))
