"""Portuguese and Brazilian identity numbers: the NIF (tax number, nine digits, mod-11), the NISS (social
security, eleven digits), and Brazil's CPF (`123.456.789-09`, two mod-11 check digits).

A NIF or a NISS is a bare run of digits that an order or an account number could share: each is reported
beside its label only. A CPF written with its dots and dash is its own label; eleven bare digits need "CPF".
"""

from __future__ import annotations

from dlpguard.engine.checksums import br_cpf_valid, pt_nif_valid, pt_niss_valid
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
