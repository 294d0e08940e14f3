from __future__ import annotations

import hashlib

import pytest

from dlpguard.engine.recognizers.crypto import (
    AltcoinAddressRecognizer,
    BitcoinAddressRecognizer,
    EthereumAddressRecognizer,
    UncheckedBitcoinAddressRecognizer,
)
from tests.conftest import spans


def find(text):
    detectors = (BitcoinAddressRecognizer(), EthereumAddressRecognizer())
    return spans([f for d in detectors for f in d.find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Send BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 please", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ("P2SH: 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
        ("Adresse bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4.", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
        (
            '{"payout": "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"}',
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ),
        (
            "My ETH wallet: 0x52908400098527886E0F7030069857D2E4169EE7",
            "0x52908400098527886E0F7030069857D2E4169EE7",
        ),
        (
            "Dirección de la billetera: 0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
            "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
        ),
    ],
)
def test_wallet_addresses_are_found(text, value):
    assert find(text) == [("CRYPTO", value)]


@pytest.mark.parametrize(
    "text",
    [
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",  # Base58Check checksum fails
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",  # bech32 checksum fails
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # mixed case
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",  # testnet
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",  # testnet
        "x1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",  # glued to a word
        "commit 0x52908400098527886E0F7030069857D2E4169EE7 in the contract",  # no wallet word
        "def method(): return 0x52908400098527886E0F7030069857D2E4169EE7",  # 'eth' inside a word
        "0x52908400098527886E0F7030069857D2E4169EE7aa wallet",  # too long
        "1715012345678912345678912345678",  # digit run
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(version: int, body: bytes) -> str:
    data = bytes([version]) + body
    data += hashlib.sha256(hashlib.sha256(data).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return out


@pytest.mark.parametrize("version", [0x30, 0x32, 0x1E])  # Litecoin L, Litecoin M, Dogecoin D
def test_litecoin_and_dogecoin_addresses_are_found_by_their_checksum(version):
    address = base58check(version, hashlib.sha256(b"wallet %d" % version).digest()[:20])
    text = f"send the 0.042 to {address} please"
    assert [text[f.start : f.end] for f in AltcoinAddressRecognizer().find(text, text.lower())] == [address]
    broken = address[:-1] + ("a" if address[-1] != "a" else "b")
    assert AltcoinAddressRecognizer().find(broken, broken.lower()) == []


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "kateryna : envoie les 0,05 à 1RuwtwF7d2bnLVR6vyXadZpitxMKtaXpBM stp",
            "1RuwtwF7d2bnLVR6vyXadZpitxMKtaXpBM",
        ),
        (
            "emeka: send the 0.05 to bc1q6g5zu89g5r4edts5jqfm8kr08gna5m6s4t2wek pls",
            "bc1q6g5zu89g5r4edts5jqfm8kr08gna5m6s4t2wek",
        ),
    ],
)
def test_a_payment_request_to_an_address_whose_checksum_fails(text, value):
    found = UncheckedBitcoinAddressRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "bitcoin (bad checksum):   1KXghD4oBF2jVfEiJgUaXYCALcZ4qhU3pN",  # test data said to be broken
        "my wallet 1RuwtwF7d2bnLVR6vyXadZpitxMKtaXpBM",  # a wallet word, no request to pay
        "send the file 356dadd856c1ec1a2b3c4d5e6f708192a3b4",  # a hex digest
        "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",  # valid: BitcoinAddressRecognizer's
    ],
)
def test_unchecked_addresses_need_a_request_and_a_mixed_shape(text):
    assert UncheckedBitcoinAddressRecognizer().find(text, text.lower()) == []


def test_the_genesis_address_is_public():
    text = "The genesis block address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa still receives tiny tributes."
    assert find(text) == []


def test_an_ethereum_address_in_a_payment_request():
    text = "dilnoza: send the 0.05 to 0xdef233d79eaaf550a2228094a68fbe5c788aecc0 pls"
    assert find(text) == [("CRYPTO", "0xdef233d79eaaf550a2228094a68fbe5c788aecc0")]
