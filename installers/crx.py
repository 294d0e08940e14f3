"""CRX3, the signed package format Chromium-family browsers install extensions from, written in Python.

A browser installs a force-listed extension only as a CRX whose signing key yields the listed id, so
the key that packs the extension decides its id: `SigningKey.extension_id` is the id the package
writes into the browser policies and the native-host manifests (one source of truth).

Layout (Chromium's components/crx_file/crx3.proto):

    "Cr24" | uint32 LE 3 | uint32 LE header size | CrxFileHeader (protobuf) | the zip archive

    CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2; bytes signed_header_data = 10000; }
    AsymmetricKeyProof { bytes public_key = 1;  /* DER SubjectPublicKeyInfo */  bytes signature = 2; }
    SignedData { bytes crx_id = 1;  /* first 16 bytes of sha256(public_key) */ }

The signature is RSA PKCS#1 v1.5 over SHA-256 of
`b"CRX3 SignedData\\x00" + uint32 LE len(signed_header_data) + signed_header_data + zip`.
The few protobuf fields are encoded by hand (length-delimited fields only); `parse_crx3` reads them
back for the tests and for the build's own check of what it wrote.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from dlpguard.bridge.manifests import extension_id_from_key

MAGIC = b"Cr24"
VERSION = 3
SIGNATURE_CONTEXT = b"CRX3 SignedData\x00"
#: Where the release key is read from when no `--extension-key` is given (a PEM file outside the repo).
KEY_ENV = "DLPGUARD_EXTENSION_KEY"

_LEN = 2  # protobuf wire type: length-delimited
_FIELD_PUBLIC_KEY = 1
_FIELD_SIGNATURE = 2
_FIELD_SHA256_WITH_RSA = 2
_FIELD_CRX_ID = 1
_FIELD_SIGNED_HEADER_DATA = 10000
# The zip's entries get this time: the same sources always pack to the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class CrxError(ValueError):
    """A CRX that is not one, or a key that cannot sign one."""


# -- the signing key ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    private_key: rsa.RSAPrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        """A throwaway key for CI and tests: never saved, so its id names nothing outside one build."""
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def load(cls, path: Path) -> SigningKey:
        """The release key: a PEM RSA private key (PKCS#8 or PKCS#1, unencrypted) kept outside the repo."""
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise CrxError(f"{path}: not an unencrypted PEM private key ({exc})") from exc
        if not isinstance(key, rsa.RSAPrivateKey):
            raise CrxError(f"{path}: the CRX key must be RSA (Chromium's sha256_with_rsa proof)")
        return cls(key)

    def pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def public_der(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def public_b64(self) -> str:
        """The value of a manifest's `key` (and of extension/key.pub.b64 for the release key)."""
        return base64.b64encode(self.public_der).decode("ascii")

    @property
    def extension_id(self) -> str:
        return extension_id_from_key(self.public_b64)

    @property
    def crx_id(self) -> bytes:
        return crx_id_of(self.public_der)


def crx_id_of(public_der: bytes) -> bytes:
    return hashlib.sha256(public_der).digest()[:16]


def resolve_key(path: Path | None, *, throwaway: bool) -> SigningKey:
    """`path`, else the file named by $DLPGUARD_EXTENSION_KEY, else a throwaway key if allowed."""
    env = os.environ.get(KEY_ENV)
    if path is None and env:
        path = Path(env)
    if path is not None:
        return SigningKey.load(path)
    if throwaway:
        return SigningKey.generate()
    raise CrxError(
        f"no extension signing key: pass --extension-key PEM (or set {KEY_ENV}) for a release, "
        "or --throwaway-extension-key for a test build"
    )


# -- protobuf, the few length-delimited fields CRX3 uses ----------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | _LEN) + _varint(len(payload)) + payload


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise CrxError("truncated or overlong varint in the CRX header")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _fields(data: bytes) -> list[tuple[int, bytes]]:
    """(field number, payload) of each length-delimited field; other wire types are refused."""
    out = []
    pos = 0
    while pos < len(data):
        tag, pos = _read_varint(data, pos)
        if tag & 7 != _LEN:
            raise CrxError(f"unexpected protobuf wire type {tag & 7} in the CRX header")
        size, pos = _read_varint(data, pos)
        if pos + size > len(data):
            raise CrxError("a CRX header field runs past its end")
        out.append((tag >> 3, data[pos : pos + size]))
        pos += size
    return out


# -- writing and reading ------------------------------------------------------------------------------


def _signed_message(signed_header_data: bytes, archive: bytes) -> bytes:
    return SIGNATURE_CONTEXT + struct.pack("<I", len(signed_header_data)) + signed_header_data + archive


def write_crx3(archive: bytes, key: SigningKey) -> bytes:
    """A CRX3 of the zip `archive`, signed with `key` (one sha256_with_rsa proof)."""
    signed_header_data = _field(_FIELD_CRX_ID, key.crx_id)
    signature = key.private_key.sign(
        _signed_message(signed_header_data, archive), padding.PKCS1v15(), hashes.SHA256()
    )
    proof = _field(_FIELD_PUBLIC_KEY, key.public_der) + _field(_FIELD_SIGNATURE, signature)
    header = _field(_FIELD_SHA256_WITH_RSA, proof) + _field(_FIELD_SIGNED_HEADER_DATA, signed_header_data)
    return MAGIC + struct.pack("<II", VERSION, len(header)) + header + archive


@dataclass(frozen=True)
class Crx3:
    public_keys: tuple[bytes, ...]  # DER, one per sha256_with_rsa proof
    signatures: tuple[bytes, ...]
    crx_id: bytes
    signed_header_data: bytes
    archive: bytes

    @property
    def extension_id(self) -> str:
        """The id of the key whose sha256 starts with crx_id (the browser's rule)."""
        for public in self.public_keys:
            if crx_id_of(public) == self.crx_id:
                return extension_id_from_key(base64.b64encode(public).decode("ascii"))
        raise CrxError("no proof's key matches the header's crx_id")

    def verify(self) -> None:
        """Every proof verifies over the signed header data and the archive; raises CrxError if not."""
        if not self.public_keys:
            raise CrxError("the CRX has no sha256_with_rsa proof")
        message = _signed_message(self.signed_header_data, self.archive)
        for public, signature in zip(self.public_keys, self.signatures, strict=True):
            key = serialization.load_der_public_key(public)
            if not isinstance(key, rsa.RSAPublicKey):
                raise CrxError("a sha256_with_rsa proof holds a non-RSA key")
            try:
                key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            except InvalidSignature as exc:
                raise CrxError("a CRX signature does not verify") from exc
        self.extension_id  # noqa: B018 (raises when no proof's key is the id's key)


def parse_crx3(data: bytes) -> Crx3:
    if data[:4] != MAGIC:
        raise CrxError("not a CRX: the magic is not Cr24")
    if len(data) < 12:
        raise CrxError("truncated CRX")
    version, header_size = struct.unpack_from("<II", data, 4)
    if version != VERSION:
        raise CrxError(f"CRX version {version}, expected {VERSION}")
    header = data[12 : 12 + header_size]
    if len(header) != header_size:
        raise CrxError("the CRX header runs past the file's end")
    keys: list[bytes] = []
    signatures: list[bytes] = []
    signed_header_data = b""
    for number, payload in _fields(header):
        if number == _FIELD_SHA256_WITH_RSA:
            proof = dict(_fields(payload))
            keys.append(proof.get(_FIELD_PUBLIC_KEY, b""))
            signatures.append(proof.get(_FIELD_SIGNATURE, b""))
        elif number == _FIELD_SIGNED_HEADER_DATA:
            signed_header_data = payload
    crx_id = dict(_fields(signed_header_data)).get(_FIELD_CRX_ID, b"")
    if len(crx_id) != 16:
        raise CrxError("the CRX header has no 16-byte crx_id")
    return Crx3(tuple(keys), tuple(signatures), crx_id, signed_header_data, data[12 + header_size :])


# -- the archive and the update manifest --------------------------------------------------------------


def zip_directory(source: Path, replace: Mapping[str, bytes] | None = None) -> bytes:
    """The folder as a deterministic zip (sorted names, fixed times); `replace` swaps files' contents
    by their relative path (the packed manifest.json)."""
    replace = dict(replace or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source).as_posix()
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, replace.pop(name, None) or path.read_bytes())
        for name, content in sorted(replace.items()):
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def update_manifest(extension_id: str, version: str, codebase: str) -> str:
    """The gupdate XML a force-list entry's update URL serves: where the CRX of `version` is."""
    for name, value in (("extension id", extension_id), ("version", version), ("codebase", codebase)):
        if any(c in value for c in "<>&'\""):
            raise CrxError(f"the {name} {value!r} cannot go into the update manifest")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n"
        f"  <app appid='{extension_id}'>\n"
        f"    <updatecheck codebase='{codebase}' version='{version}' />\n"
        "  </app>\n"
        "</gupdate>\n"
    )
