"""Portuguese and Brazilian identity numbers: the NIF (tax number, nine digits, mod-11), the NISS (social
security, eleven digits), the Cartão de Cidadão (`12345678 9 ZZ4`), the SNS utente number (nine digits),
Brazil's CPF (`123.456.789-09`, two mod-11 check digits), RG (`12.345.678-9`) and Cartão SUS (CNS, fifteen
digits, mod 11).

A NIF, a NISS, an utente number or an RG is a run of digits that an order or an account number could
share: each is reported beside its label only. A CPF written with its dots and dash is its own label;
eleven bare digits need "CPF". The CPF of every tutorial (123.456.789-09) is no one's.
"""

from __future__ import annotations

from dlpguard.engine.checksums import (
    br_cns_valid,
    br_cpf_valid,
    pt_nif_valid,
    pt_niss_valid,
    strip_separators,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class PtNifRecognizer(PatternDetector):
    ENTITY = "PT_NIF"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("pt_nif", r"\d(?<![\w/+.,-].)\d{2} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)", 0.5),)
    CONTEXT = ("nif", "contribuinte", "número fiscal", "numero fiscal", "n.º fiscal", "identificação fiscal")
    KEYWORDS = ("nif", "contribuinte", "fiscal")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (40, 10)

    def validate_result(self, pattern_text: str) -> bool:
        return pt_nif_valid(pattern_text.replace(" ", ""))


class PtNissRecognizer(PatternDetector):
    ENTITY = "PT_NISS"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("pt_niss", r"[12](?<![\w/+.,-].)\d{10}(?![\w-]|[.,]\d)", 0.5),)
    CONTEXT = ("niss", "segurança social", "seguranca social", "seg. social")
    KEYWORDS = ("niss", "social")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (40, 10)

    def validate_result(self, pattern_text: str) -> bool:
        return pt_niss_valid(pattern_text)


class BrCpfRecognizer(PatternDetector):
    ENTITY = "BR_CPF"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("br_cpf", r"\d(?<![\w/+.,-].)\d{2}\.\d{3}\.\d{3}-\d{2}(?![\w-]|[.,]\d)", 0.85),)
    CONTEXT = ("cpf", "cadastro de pessoas")

    def validate_result(self, pattern_text: str) -> bool:
        return br_cpf_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return strip_separators(pattern_text) in EXAMPLE_CPFS


#: The CPF every explanation of the check digits uses.
EXAMPLE_CPFS = frozenset({"12345678909"})


class BrCpfPlainRecognizer(PatternDetector):
    """Eleven bare digits: a CPF only beside its label."""

    ENTITY = "BR_CPF"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("br_cpf_plain", r"\d(?<![\w/+.,-].)\d{10}(?![\w-]|[.,]\d)", 0.5),)
    CONTEXT = ("cpf", "cadastro de pessoas")
    KEYWORDS = ("cpf", "cadastro de pessoas")
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (40, 10)

    def validate_result(self, pattern_text: str) -> bool:
        return br_cpf_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text in EXAMPLE_CPFS


class PtCartaoCidadaoRecognizer(PatternDetector):
    """The Cartão de Cidadão number: eight digits, a check digit, two letters and a digit (`12345678 9
    ZZ4`). A shape no other number has, still reported only beside a document word."""

    ENTITY = "PT_CC"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("pt_cc", r"\d(?<![\w/+.,-].)\d{7}[ -]?\d[ -]?[A-Z]{2}\d(?![\w-])", 0.6),)
    CONTEXT = ("cc", "cartão de cidadão", "cartao de cidadao", "cidadão", "documento", "identificação", "bi ")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (40, 10)


class PtUtenteRecognizer(PatternDetector):
    """The SNS utente number (nine digits) after its label: "N.º utente SNS: 703245357"."""

    ENTITY = "PT_SNS_UTENTE"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("pt_utente", r"\d(?<![\w/+.,-].)\d{2} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)", 0.5),)
    CONTEXT = ("utente",)
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (30, 5)


class BrRgRecognizer(PatternDetector):
    """The Brazilian RG as states print it (`12.345.678-9`, `27.683.895-X`), after "RG" or "identidade"."""

    ENTITY = "BR_RG"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (Pattern("br_rg", r"\d(?<![\w/+.,-].)\d\.\d{3}\.\d{3}-[\dXx](?![\w-]|[.,]\d)", 0.6),)
    CONTEXT = ("rg", "registro geral", "identidade")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (20, 5)


class BrCnsRecognizer(PatternDetector):
    """The Cartão Nacional de Saúde (Cartão SUS): fifteen digits, often `898 0012 3456 7890`, mod 11."""

    ENTITY = "BR_CNS"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern("br_cns", r"[12789](?<![\w/+.,-].)(?:\d{14}|\d{2} \d{4} \d{4} \d{4})(?![\w-]|[.,]\d)", 0.5),
    )
    CONTEXT = ("sus", "cns", "cartão nacional de saúde", "cartao nacional de saude")
    KEYWORDS = CONTEXT
    REQUIRES_CONTEXT = True
    CONTEXT_WINDOW = (40, 10)

    def validate_result(self, pattern_text: str) -> bool:
        return br_cns_valid(pattern_text)
