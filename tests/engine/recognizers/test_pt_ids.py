from __future__ import annotations

import pytest

from dlpguard.engine.checksums import br_cpf_valid, pt_nif_valid, pt_niss_valid
from dlpguard.engine.recognizers.pt_ids import (
    BrCpfPlainRecognizer,
    BrCpfRecognizer,
    PtNifRecognizer,
    PtNissRecognizer,
)

ALL = (PtNifRecognizer, PtNissRecognizer, BrCpfRecognizer, BrCpfPlainRecognizer)


def find(text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for cls in ALL for f in cls().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nome: Ana Reis\nNIF: 273540874\n", [("PT_NIF", "273540874")]),
        ("envio os meus dados: NIF 221 500 529, morada Rua do Comércio", [("PT_NIF", "221 500 529")]),
        ("NISS: 12584756960\n", [("PT_NISS", "12584756960")]),
        ("cpf: 976.254.399-84\n", [("BR_CPF", "976.254.399-84")]),
        ("CPF 12345678909 do titular", [("BR_CPF", "12345678909")]),
    ],
)
def test_labelled_portuguese_and_brazilian_numbers_with_valid_check_digits_are_found(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NIF: 273540875",  # wrong check digit
        "Encomenda 273540874 enviada",  # a valid NIF shape with no label is an order number
        "NISS: 12584756961",
        "cpf: 111.111.111-11",  # one digit eleven times
        "pedido 12345678909 entregue",  # a plain CPF shape needs its label
    ],
)
def test_wrong_check_digits_and_unlabelled_runs_are_not_found(text):
    assert find(text) == []


def test_check_digit_arithmetic():
    assert pt_nif_valid("103020853") and not pt_nif_valid("103020854")
    assert pt_niss_valid("13040878268") and not pt_niss_valid("33040878268")
    assert br_cpf_valid("123.456.789-09") and not br_cpf_valid("123.456.789-00")
