from __future__ import annotations

import pytest

from dlpguard.engine.checksums import br_cns_valid, br_cpf_valid, pt_nif_valid, pt_niss_valid
from dlpguard.engine.recognizers.pt_ids import (
    BrCnsRecognizer,
    BrCpfPlainRecognizer,
    BrCpfRecognizer,
    BrRgRecognizer,
    PtCartaoCidadaoRecognizer,
    PtNifRecognizer,
    PtNissRecognizer,
    PtUtenteRecognizer,
)

ALL = (
    PtNifRecognizer, PtNissRecognizer, BrCpfRecognizer, BrCpfPlainRecognizer, PtCartaoCidadaoRecognizer,
    PtUtenteRecognizer, BrRgRecognizer, BrCnsRecognizer,
)  # fmt: skip


def find(text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for cls in ALL for f in cls().find(text, text.lower())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nome: Ana Reis\nNIF: 273540874\n", [("PT_NIF", "273540874")]),
        ("envio os meus dados: NIF 221 500 529, morada Rua do Comércio", [("PT_NIF", "221 500 529")]),
        ("NISS: 12584756960\n", [("PT_NISS", "12584756960")]),
        ("cpf: 976.254.399-84\n", [("BR_CPF", "976.254.399-84")]),
        ("CPF 97625439984 do titular", [("BR_CPF", "97625439984")]),
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
        "pedido 97625439984 entregue",  # a plain CPF shape needs its label
        "o exemplo 123.456.789-09 de todo tutorial",  # the tutorials' CPF is no one's
        "CPF 12345678909",
    ],
)
def test_wrong_check_digits_and_unlabelled_runs_are_not_found(text):
    assert find(text) == []


def test_check_digit_arithmetic():
    assert pt_nif_valid("103020853") and not pt_nif_valid("103020854")
    assert pt_niss_valid("13040878268") and not pt_niss_valid("33040878268")
    assert br_cpf_valid("123.456.789-09") and not br_cpf_valid("123.456.789-00")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("N.º CC: 70696433 0 YZ7\n", [("PT_CC", "70696433 0 YZ7")]),
        ("Hóspede: Inês Reis\nDocumento: 97310366 1 ZV7\n", [("PT_CC", "97310366 1 ZV7")]),
        ("N.º utente SNS: 703245357\n", [("PT_SNS_UTENTE", "703245357")]),
        (
            "Segue meu CPF 599.660.399-37 e RG 27.683.895-X. Moro",
            [("BR_CPF", "599.660.399-37"), ("BR_RG", "27.683.895-X")],
        ),
        ("Cartão SUS: 834 9437 1863 3954\n", [("BR_CNS", "834 9437 1863 3954")]),
    ],
)
def test_citizen_card_utente_rg_and_sus_numbers_beside_their_label(text, expected):
    assert sorted(find(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Cartão SUS: 834 9437 1863 3955",  # the CNS check fails
        "encomenda 70696433 0 YZ7",  # no document word
        "pedido 27.683.895-X",
        "fatura 703245357",
    ],
)
def test_those_numbers_without_their_label_or_check_are_not_found(text):
    assert find(text) == []


def test_cns_check():
    assert br_cns_valid("898 0012 3456 7890") is br_cns_valid("898001234567890")
    assert br_cns_valid("834943718633954") and not br_cns_valid("834943718633955")
