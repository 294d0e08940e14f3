"""Cryptocurrency wallet addresses.

Bitcoin, Litecoin and Dogecoin addresses carry a checksum (Base58Check double SHA-256, or
bech32/bech32m), so they are reported alone. An Ethereum address is any 0x + 40 hex digits: without
keccak-256 at hand to check EIP-55 capitalisation, it is reported only next to a wallet word or a request
to send or pay. A Bitcoin-shaped address whose checksum fails (mistyped, or cut and pasted from a chat)
is reported only beside such a word too. The genesis block's address, quoted in every news story about
Bitcoin, is public and is not reported.
"""

from __future__ import annotations

import re

from dlpguard.engine.checksums import altcoin_base58_valid, bitcoin_base58_valid, bitcoin_segwit_valid
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_END = r"(?![\w-])"

#: Addresses quoted in news and tutorials that belong to no one a paste could expose.
PUBLIC_ADDRESSES = frozenset({"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"})  # the genesis block's coinbase

#: Someone asked to send or pay to the address that follows (en de fr es it nl pt).
_PAYMENT_REQUEST = (
    "send", "sent ", "pay ", "pay to", "paid", "transfer", "deposit", "withdraw",
    "schick", "sende", "überweis", "envoie", "envoyer", "versez", "virez",
    "envía", "envia", "mánda", "manda ", "mandame", "invia", "inviato", "stuur", "overmaken", "transfira",
)  # fmt: skip
#: A wallet word, an address word, or a payment request.
_PAYMENT_CONTEXT = (
    "bitcoin", "btc", "wallet", "crypto", "krypto", "cripto", "portefeuille", "monedero", "billetera",
    "carteira", "cartera", "portafoglio", "portemonnee", "usdt", "usdc", "address", "adresse", "dirección",
    "direccion", "indirizzo", "adres", "endereço", *_PAYMENT_REQUEST,
)  # fmt: skip
#: A line that says the address is broken ("bitcoin (bad checksum): 1KX…"): test data, not a payee.
_SAID_INVALID = re.compile(
    r"(?i:checksum|prüfsumme|somme de contrôle|suma de verificación|checksom|invalid|ungültig|invalide|"
    r"inválid|non valid|ongeldig|broken|kaputt|cassé|roto)"
)


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
        return _bitcoin_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text in PUBLIC_ADDRESSES


def _bitcoin_valid(value: str) -> bool:
    if value[:3].lower() == "bc1":
        return bitcoin_segwit_valid(value)
    return bitcoin_base58_valid(value)


class UncheckedBitcoinAddressRecognizer(PatternDetector):
    """A Bitcoin address of the right shape whose checksum fails, beside a wallet word or a payment
    request ("send the 0.05 to 1Ruwtw…"; a wallet word alone is not enough, nor a line that calls it broken):
    a segwit address of a real length (42 or 62 characters), or a
    Base58 one mixing capitals, small letters and digits (a hex digest or a word run does not)."""

    ENTITY = "CRYPTO"
    CATEGORY = Category.FINANCIAL
    PATTERNS = (
        Pattern("bitcoin_base58", r"[13](?<![\w/-].)[1-9A-HJ-NP-Za-km-z]{25,34}" + _END, 0.4),
        Pattern(
            "bitcoin_segwit",
            r"bc1(?<![\w/-]...)[qp][02-9ac-hj-np-z]{38}(?:[02-9ac-hj-np-z]{20})?" + _END,
            0.4,
        ),
    )
    CONTEXT = _PAYMENT_REQUEST
    REQUIRES_CONTEXT = True

    def score_match(self, text: str, match: re.Match[str], pattern: Pattern) -> Finding | None:
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _SAID_INVALID.search(text, line_start, match.start()):
            return None
        return super().score_match(text, match, pattern)

    def validate_result(self, pattern_text: str) -> bool | None:
        if _bitcoin_valid(pattern_text):
            return False  # BitcoinAddressRecognizer's finding
        if pattern_text.startswith("bc1"):
            return None
        mixed = (
            any(c.isupper() for c in pattern_text[1:])
            and any(c.islower() for c in pattern_text)
            and sum(c.isdigit() for c in pattern_text) >= 2
        )
        return None if mixed else False


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
        "metamask",
        "erc20",
        "erc-20",
        *_PAYMENT_CONTEXT,
    )
    # No keyword prefilter: the regex starts with the literal '0x', which the engine finds faster than
    # it could look for eighteen context words.
    REQUIRES_CONTEXT = True
