"""Cryptocurrency wallet addresses.

Bitcoin, Litecoin and Dogecoin addresses carry a checksum (Base58Check double SHA-256, or
bech32/bech32m), so they are reported alone. An Ethereum address is any 0x + 40 hex digits: without
keccak-256 at hand to check EIP-55 capitalisation, it is reported only next to a wallet word.
"""

from __future__ import annotations

from dlpguard.engine.checksums import altcoin_base58_valid, bitcoin_base58_valid, bitcoin_segwit_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category

_END = r"(?![\w-])"


class BitcoinAddressRecognizer(PatternDetector):
    ENTITY = "CRYPTO"
    CATEGORY = Category.FINANCIAL
    # Three patterns: the segwit ones start with a literal the regex engine finds with a fast scan.
    PATTERNS = (
        Pattern("bitcoin_base58", r"[13](?<![\w/-].)[1-9A-HJ-NP-Za-km-z]{25,34}" + _END, 0.5),
        Pattern("bitcoin_segwit", r"bc1(?<![\w/-]...)[02-9ac-hj-np-z]{11,71}" + _END, 0.5),
        Pattern("bitcoin_segwit_upper", r"BC1(?<![\w/-]...)[02-9AC-HJ-NP-Z]{11,71}" + _END, 0.5),
    )
    CONTEXT = ("bitcoin", "btc", "wallet", "crypto", "krypto", "cripto", "portefeuille", "monedero")

    def validate_result(self, pattern_text: str) -> bool:
        if pattern_text[:3].lower() == "bc1":
            return bitcoin_segwit_valid(pattern_text)
        return bitcoin_base58_valid(pattern_text)


class AltcoinAddressRecognizer(PatternDetector):
    """Litecoin (`L…`, `M…`) and Dogecoin (`D…`) addresses: Base58Check like Bitcoin's, with their own
    version byte, so a valid checksum is as telling."""

    ENTITY = "CRYPTO"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (Pattern("altcoin_base58", r"[LMD](?<![\w/-].)[1-9A-HJ-NP-Za-km-z]{26,33}" + _END, 0.5),)
    CONTEXT = ("litecoin", "ltc", "dogecoin", "doge", "wallet", "crypto", "krypto", "cripto", "portefeuille")

    def validate_result(self, pattern_text: str) -> bool:
        return altcoin_base58_valid(pattern_text)


class EthereumAddressRecognizer(PatternDetector):
    ENTITY = "CRYPTO"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (Pattern("ethereum_address", r"0x(?<![\w/-]..)[0-9a-fA-F]{40}" + _END, 0.5),)
    # 'eth' alone is inside 'method', 'whether' and 'together'.
    CONTEXT = (
        "ethereum",
        "etherscan",
        "eth ",
        "eth:",
        "eth-",
        "eth)",
        "wallet",
        "metamask",
        "erc20",
        "erc-20",
        "usdt",
        "usdc",
        "crypto",
        "krypto",
        "cripto",
        "portefeuille",
        "monedero",
        "billetera",
    )
    # No keyword prefilter: the regex starts with the literal '0x', which the engine finds faster than
    # it could look for eighteen context words.
    REQUIRES_CONTEXT = True
