from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.bank_accounts import BankAccountRecognizer
from tests.conftest import spans


def find(text):
    return [value for _, value in spans(BankAccountRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, values",
    [
        ("Please pay to sort code 20-00-00, account 55779911.", ["20-00-00", "55779911"]),
        ("Sort code: 309634  Account number: 01734562", ["309634", "01734562"]),
        ("- Bank: BSB 062-000 Acc 12785634", ["062-000", "12785634"]),
        ("Kontonummer: 1204567893, BLZ 370 400 44", ["1204567893", "370 400 44"]),
        ("Konto-Nr. 0532013000", ["0532013000"]),
        ("numéro de compte : 00012345678", ["00012345678"]),
        ("número de cuenta 0330123456", ["0330123456"]),
        ("conto corrente n. 000000123456", ["000000123456"]),
        ("rekeningnummer 417164300", ["417164300"]),
        ("Transit number 10482, institution 003, account 1734562", ["10482", "003", "1734562"]),
        ("A/C 88776655", ["88776655"]),
        ("Bank account: 12-3456-0123456-00", ["12-3456-0123456-00"]),
        ('{"sort_code": "20-00-00", "account_number": "55779911"}', ["20-00-00", "55779911"]),
        ("Sort code: 20-00-00\nAccount: 55779911", ["20-00-00", "55779911"]),
        ("Bank: Barclays\nAccount: 55779911", ["55779911"]),
    ],
)
def test_account_numbers_and_bank_codes_beside_their_labels_are_found(text, values):
    assert find(text) == values


@pytest.mark.parametrize(
    "text, values",
    [
        ("RIB : 30002 00550 0000157841Z 25", ["30002 00550 0000157841Z 25"]),
        ("Coordonnées bancaires 10107 00175 00012345678 40", ["10107 00175 00012345678 40"]),
        ("CCC: 2085 0103 95 0330123456", ["2085 0103 95 0330123456"]),
        ("Cuenta bancaria 2085-0103-95-0330123456", ["2085-0103-95-0330123456"]),
        ("CLABE: 002010077777777771", ["002010077777777771"]),
    ],
)
def test_rib_and_ccc_with_valid_check_digits_are_found_whole(text, values):
    assert find(text) == values


@pytest.mark.parametrize(
    "text",
    [
        "Coordonnées bancaires 30002 00550 0000157841Z 26",  # wrong clé, and no RIB label right before
        "CCC: 2085 0103 96 0330123456",  # wrong control digits
        "30002 00550 0000157841Z 25",  # no banking word
        "Account 12345678 was created yesterday",  # an account, but nothing says bank
        "Order 12345678 shipped; 12-34-56 in transit 12345 units",
        "AWS account ID 123456789012",  # 'account ID' is no bank account label
        "sort code 12-34-5678",  # not a sort code's shape
        "Acc 91210495",  # `Acc` alone needs a bank code or word on its line
        "Use sort code 12-34-56 and account 12345678 as placeholders",  # counting placeholders
        "Bank account: 00000000",
        "CLABE: 002010077777777772",  # wrong check digit
    ],
)
def test_unlabelled_or_invalid_numbers_are_ignored(text):
    assert find(text) == []


def test_sort_code_and_account_columns_of_a_payroll_table_are_found():
    text = (
        "Employee\tNI number\tSort code\tAccount\tNet pay\n"
        "Ann Lee\tQQ123456C\t20-00-00\t55779911\t£3,000.00\n"
        "Bo Chan\tQQ123456C\t40-11-62\t31926819\t£2,100.50\n"
    )
    assert find(text) == ["20-00-00", "55779911", "40-11-62", "31926819"]


def test_an_account_column_without_a_bank_column_is_not_a_bank_account():
    text = "Account\tOwner\tOpened\n10023456\tAcme Ltd\t2024-01-02\n10023457\tBeta plc\t2024-02-03\n"
    assert find(text) == []


def test_an_explicit_account_number_column_needs_no_bank_column():
    text = "name,account number,amount\nAnn Lee,55779911,120.00\nBo Chan,31926819,80.00\n"
    assert find(text) == ["55779911", "31926819"]


def test_findings_are_financial_bank_accounts():
    found = BankAccountRecognizer().find("sort code 20-00-00", "sort code 20-00-00")
    assert [(f.entity_type, f.category.value) for f in found] == [("BANK_ACCOUNT", "financial")]


def test_digit_noise_without_a_label_yields_nothing():
    noise = " ".join(str(n) for n in range(0, 5000, 7)) + "\n" + "-".join(str(n) for n in range(10, 99))
    assert BankAccountRecognizer().find(noise, noise) == []


def test_a_banking_word_must_be_a_whole_word():
    assert find("Public account 55779911 was archived") == []


def test_a_bank_details_column_gives_each_national_part():
    text = (
        "emp_no\tname\tbank\tgross\n"
        "E635\tNdiaye, Chinedu\t131226708/1440110502\t5494.00\n"
        "E970\tIyer, Sneha\t024-243 80029849\t8090.00\n"
        "E101\tRoy, Anne\t89549-001-8579840\t4100.00\n"
    )
    assert find(text) == ["131226708", "1440110502", "024-243", "80029849", "89549-001-8579840"]


def test_a_bank_column_of_names_is_not_read():
    assert find("name,bank,city\nAnn Roe,Barclays,Leeds\nTom Hill,HSBC,York\n") == []


def test_a_rib_written_part_by_part_is_four_findings_checked_or_not():
    text = "Net à payer 2484,57\nVirement : banque 46929 guichet 74285 compte 77631693743 clé 20"
    found = BankAccountRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == ["46929", "74285", "77631693743", "20"]
    assert {f.score for f in found} == {BankAccountRecognizer.CHECKED_SCORE}
    # A key that does not check (a RIB retyped from paper): the four labels still say what each part is.
    wrong = text.replace("clé 20", "clé 21")
    found = BankAccountRecognizer().find(wrong, wrong.lower())
    assert [wrong[f.start : f.end] for f in found] == ["46929", "74285", "77631693743", "21"]
    assert {f.score for f in found} == {BankAccountRecognizer.LABEL_SCORE}


def test_an_abbreviated_kto_labels_a_german_account():
    text = "Auszahlung an Kto. 9137886, BLZ 02502698"
    found = [text[f.start : f.end] for f in BankAccountRecognizer().find(text, text.lower())]
    assert found == ["9137886", "02502698"]


@pytest.mark.parametrize(
    "text, values",
    [
        ("i sent him the details twice. my acc is 44-61-65 12794866, thx", ["44-61-65", "12794866"]),
        ("Account: 20-00-00 / 55779911", ["20-00-00", "55779911"]),
        # a scan's digit for a letter: "sort c0de", "acc0unt"
        ("regard1ng your acc0unt ending, sort c0de 57-53-02 account 47239450.", ["57-53-02", "47239450"]),
    ],
)
def test_a_sort_code_and_account_after_an_account_label_or_from_a_scan(text, values):
    assert find(text) == values


@pytest.mark.parametrize(
    "text, values",
    [
        ("Banco: 260 - Nubank\nAgência: 2511   Conta corrente: 1546911-7\n", ["2511", "1546911-7"]),
        ("Banco do Brasil, agencia 0001-9, conta 483920-X", ["0001-9", "483920-X"]),
    ],
)
def test_a_brazilian_branch_and_account_with_its_check_digit(text, values):
    assert find(text) == values


def test_a_branch_word_without_a_bank_is_no_branch():
    assert find("a agência de viagens 2511 abre às 9") == []


@pytest.mark.parametrize(
    "text, values",
    [
        # a bank code and an account under a pair of labels, one per part
        ("Bank: sort code/acc 31-72-58 40917263", ["31-72-58", "40917263"]),
        ("Routing / Account: 021000089 / 7730019485", ["021000089", "7730019485"]),
        ("Pagamento para: ag./conta 3318 / 40276-5", ["3318", "40276-5"]),
        ("BSB/Acc 082-451 51973026", ["082-451", "51973026"]),
        # a bare sort code and account after a word of payment
        ("Net pay £2,310.44\nPaid to   40-28-17 63019457", ["40-28-17", "63019457"]),
        ("we have updated the payee to\nJANE ROE  19-44-02 80316625\nPage 1 of 2", ["19-44-02", "80316625"]),
    ],
)
def test_bank_code_and_account_pairs_are_read(text, values):
    assert find(text) == values


@pytest.mark.parametrize(
    "text, value",
    [
        ("Virement sur le RIB 30004 01234 01234567890 12.\n", "30004 01234 01234567890 12"),
        ("RIB : 30002 00550 0000157841Z 26", "30002 00550 0000157841Z 26"),
    ],
)
def test_a_rib_after_its_name_is_read_whole_even_when_its_key_fails(text, value):
    assert find(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Build 12-05-21 40917263 passed",  # a date and a number, no payment word
        "ticket 31-72-58 40917263",
    ],
)
def test_a_bare_sort_code_shape_needs_a_payment_word(text):
    assert find(text) == []
