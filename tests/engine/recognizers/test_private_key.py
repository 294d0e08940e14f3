from __future__ import annotations

import json

import pytest

from dlpguard.engine.recognizers.private_key import PrivateKeyRecognizer, key_body
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import BASE64, fake, pem, pem_body


def find(text):
    return spans(PrivateKeyRecognizer().find(text, text.lower()), text)


LABELS = [
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "OPENSSH PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "PRIVATE KEY",
    "PGP PRIVATE KEY BLOCK",
]


@pytest.mark.parametrize("label", LABELS)
def test_blocks_are_found_whole(label):
    block = pem(label, seed=len(label))
    text = f"here is the key, why does ssh reject it?\n\n{block}\n\nthanks!"
    assert find(text) == [("PRIVATE_KEY", block)]


def test_json_escaped_newlines_are_one_block():
    block = pem("PRIVATE KEY", newline="\\n")
    text = json.dumps({"type": "service_account", "private_key": block.replace("\\n", "\n") + "\n"})
    assert find(text) == [("PRIVATE_KEY", block)]


def test_openssh_key_with_long_zero_runs_is_found_and_kept(pattern_engine):
    body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" + "\n".join(
        pem_body(4, 5, 70)
    )
    block = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    assert spans(pattern_engine.scan(block).findings, block) == [("PRIVATE_KEY", block)]


def test_legacy_encrypted_pem_headers_are_part_of_the_block():
    body = "\n".join(pem_body(4, 9))
    block = (
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n"
        f"{body}\n-----END RSA PRIVATE KEY-----"
    )
    assert find(block) == [("PRIVATE_KEY", block)]


def test_pgp_block_with_headers_and_checksum():
    body = "\n".join(pem_body(3, 11))
    block = (
        f"-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n{body}\n=tQ9Z\n"
        "-----END PGP PRIVATE KEY BLOCK-----"
    )
    assert find(block) == [("PRIVATE_KEY", block)]


def test_yaml_indented_key_is_found():
    lines = "\n".join("    " + line for line in pem_body(4, 12))
    block = f"-----BEGIN EC PRIVATE KEY-----\n{lines}\n    -----END EC PRIVATE KEY-----"
    assert find(f"tls:\n  key: |\n    {block}\n") == [("PRIVATE_KEY", block)]


def test_unterminated_key_reports_header_and_base64_lines_only():
    lines = pem_body(3, 13)
    text = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines) + "\n\ncan you see what is wrong with it?"
    )
    expected = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
    assert find(text) == [("PRIVATE_KEY", expected)]


@pytest.mark.parametrize(
    "body",
    [
        "...",
        "<your key here>",
        "<YOUR_PRIVATE_KEY>",
        "MIIEpAIBAAKCAQEA...",  # truncated to a few characters
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...",
        "x" * 64,
        "REDACTED",
        "",
    ],
)
def test_placeholder_bodies_are_not_reported(body):
    text = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"
    assert find(text) == []


@pytest.mark.parametrize("label", ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "CERTIFICATE REQUEST"])
def test_public_keys_and_certificates_are_not_secrets(label):
    assert find(pem(label)) == []


def test_truncated_body_with_enough_material_is_still_a_leak():
    body = "\n".join(pem_body(3, 14)) + "\n..."
    text = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----"
    assert find(text) == [("PRIVATE_KEY", text)]


def test_key_body_strips_the_armour():
    block = pem("EC PRIVATE KEY", lines=1, newline="\\n")
    assert key_body(block).strip() == pem_body(1)[0]


def test_two_keys_are_two_findings():
    first, second = pem("RSA PRIVATE KEY", seed=1), pem("EC PRIVATE KEY", seed=2)
    assert find(f"{first}\n\n{second}") == [("PRIVATE_KEY", first), ("PRIVATE_KEY", second)]


def test_huge_unterminated_paste_is_fast_enough():
    text = "-----BEGIN RSA PRIVATE KEY-----\n" + ("-" * 3 + fake(61, BASE64) + "\n") * 20_000
    assert isinstance(find(text), list)
