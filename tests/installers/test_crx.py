"""The CRX3 writer, read back: magic, version, header, the crx_id and extension id of the signing key,
and a signature that cryptography verifies over exactly the bytes Chromium signs."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding

from dlpguard.bridge.manifests import RELEASE_EXTENSION_ID, extension_id_from_key
from installers import crx
from installers.crx import CrxError, SigningKey, parse_crx3, write_crx3, zip_directory
from installers.extension_package import extension_version

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("manifest.json", '{"manifest_version": 3, "name": "t", "version": "1.0"}')
    return buffer.getvalue()


@pytest.fixture(scope="module")
def packed(key, archive) -> bytes:
    return write_crx3(archive, key)


def test_the_file_starts_with_the_magic_version_and_header_size(packed, archive):
    assert packed[:4] == b"Cr24"
    version, header_size = struct.unpack_from("<II", packed, 4)
    assert version == 3
    assert packed[12 + header_size :] == archive  # the zip follows the header untouched


def test_the_header_holds_the_keys_crx_id_and_public_key(packed, key):
    parsed = parse_crx3(packed)
    assert parsed.public_keys == (key.public_der,)
    assert parsed.crx_id == hashlib.sha256(key.public_der).digest()[:16]
    assert parsed.signed_header_data == b"\x0a\x10" + parsed.crx_id  # SignedData{crx_id = 1}


def test_signed_header_data_is_field_10000_with_a_three_byte_tag(packed):
    header = packed[12:]
    assert b"\x82\xf1\x04\x12\x0a\x10" in header  # tag 10000/LEN, length 18, then crx_id's tag, length 16


def test_the_extension_id_is_the_one_the_bridge_derives_from_the_key(packed, key):
    expected = extension_id_from_key(base64.b64encode(key.public_der).decode())
    assert parse_crx3(packed).extension_id == key.extension_id == expected
    assert len(expected) == 32 and set(expected) <= set("abcdefghijklmnop")


def test_the_signature_verifies_with_cryptography_over_what_chromium_signs(packed, key):
    parsed = parse_crx3(packed)
    message = (
        b"CRX3 SignedData\x00"
        + struct.pack("<I", len(parsed.signed_header_data))
        + parsed.signed_header_data
        + parsed.archive
    )
    public = serialization.load_der_public_key(parsed.public_keys[0])
    public.verify(parsed.signatures[0], message, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]
    parsed.verify()


def test_a_changed_archive_byte_breaks_the_signature(packed):
    tampered = bytearray(packed)
    tampered[-30] ^= 0x01
    with pytest.raises(CrxError, match="does not verify"):
        parse_crx3(bytes(tampered)).verify()
    parsed = parse_crx3(bytes(tampered))
    public = serialization.load_der_public_key(parsed.public_keys[0])
    with pytest.raises(InvalidSignature):
        message = b"CRX3 SignedData\x00" + struct.pack("<I", 18) + parsed.signed_header_data + parsed.archive
        public.verify(parsed.signatures[0], message, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]


def test_a_crx_id_of_another_key_is_refused(key, archive):
    other = SigningKey.generate()
    packed = bytearray(write_crx3(archive, key))
    packed[packed.index(key.crx_id) : packed.index(key.crx_id) + 16] = other.crx_id
    with pytest.raises(CrxError):
        parse_crx3(bytes(packed)).verify()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04" + b"\0" * 20, "magic"),
        (b"Cr24" + struct.pack("<II", 2, 0), "version 2"),
        (b"Cr24" + struct.pack("<II", 3, 100) + b"\x12", "past the file"),
        (b"Cr24" + struct.pack("<II", 3, 0), "crx_id"),
    ],
)
def test_what_is_not_a_crx3_is_refused(data, message):
    with pytest.raises(CrxError, match=message):
        parse_crx3(data)


def test_a_release_key_loads_from_pem_and_keeps_its_id(tmp_path, key):
    pem = tmp_path / "release.pem"
    pem.write_bytes(key.pem())
    assert SigningKey.load(pem).extension_id == key.extension_id


def test_a_non_rsa_key_is_refused(tmp_path):
    pem = tmp_path / "ed.pem"
    pem.write_bytes(
        ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(CrxError, match="must be RSA"):
        SigningKey.load(pem)


def test_the_key_comes_from_the_environment_or_must_be_asked_for_as_throwaway(tmp_path, key, monkeypatch):
    monkeypatch.delenv(crx.KEY_ENV, raising=False)
    with pytest.raises(CrxError, match="no extension signing key"):
        crx.resolve_key(None, throwaway=False)
    assert crx.resolve_key(None, throwaway=True).extension_id != key.extension_id
    pem = tmp_path / "k.pem"
    pem.write_bytes(key.pem())
    monkeypatch.setenv(crx.KEY_ENV, str(pem))
    assert crx.resolve_key(None, throwaway=False).extension_id == key.extension_id


def test_the_release_id_is_the_id_of_the_committed_public_key():
    public = (REPO / "extension" / "key.pub.b64").read_text(encoding="ascii")
    assert extension_id_from_key(public) == RELEASE_EXTENSION_ID


def test_zipping_a_folder_is_deterministic_and_replaces_the_manifest(tmp_path):
    (tmp_path / "src/sub").mkdir(parents=True)
    (tmp_path / "src/manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "src/sub/a.js").write_text("1", encoding="utf-8")
    first = zip_directory(tmp_path / "src", {"manifest.json": b'{"version": "2"}'})
    assert first == zip_directory(tmp_path / "src", {"manifest.json": b'{"version": "2"}'})
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert sorted(z.namelist()) == ["manifest.json", "sub/a.js"]
        assert z.read("manifest.json") == b'{"version": "2"}'


def test_the_update_manifest_names_the_id_version_and_codebase():
    xml = crx.update_manifest("a" * 32, "1.2.3", "file:///opt/dlpguard/extension/dlpguard.crx")
    assert "appid='" + "a" * 32 + "'" in xml
    assert "codebase='file:///opt/dlpguard/extension/dlpguard.crx' version='1.2.3'" in xml
    with pytest.raises(CrxError):
        crx.update_manifest("a" * 32, "1.2.3'/><x", "file:///x")


@pytest.mark.parametrize(
    ("package", "extension"), [("0.1.0-1", "0.1.0"), ("0.1.1", "0.1.1"), ("1:2.3-4", "2.3"), ("5", "5")]
)
def test_the_extension_version_is_the_packages_upstream_version(package, extension):
    assert extension_version(package) == extension


@pytest.mark.parametrize("package", ["0.1.0~rc1-1", "1.2.3.4.5", "99999.0", "v1"])
def test_versions_a_browser_cannot_compare_are_refused(package):
    with pytest.raises(CrxError):
        extension_version(package)
