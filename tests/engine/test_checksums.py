from __future__ import annotations

import random

import pytest
from presidio_analyzer.predefined_recognizers import (
    AuAbnRecognizer,
    AuAcnRecognizer,
    AuMedicareRecognizer,
    AuTfnRecognizer,
    CreditCardRecognizer,
    EsNieRecognizer,
    EsNifRecognizer,
    FiPersonalIdentityCodeRecognizer,
    InAadhaarRecognizer,
    ItFiscalCodeRecognizer,
    KrRrnRecognizer,
    NhsRecognizer,
    PlPeselRecognizer,
    SePersonnummerRecognizer,
    ThTninRecognizer,
    TrNationalIdRecognizer,
    ZaIdNumberRecognizer,
)

from dlpguard.engine import checksums as c


@pytest.mark.parametrize(
    "value, expected",
    [
        ("4111 1111-1111.1111", "4111111111111111"),
        ("DE44 5001 0517 5407 3249 31", "DE44500105175407324931"),
        ("12/34", "1234"),
    ],
)
def test_strip_separators_removes_spaces_dashes_dots_and_slashes(value, expected):
    assert c.strip_separators(value) == expected


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("4111111111111111", True),
        ("5555555555554444", True),
        ("378282246310005", True),
        ("30569309025904", True),
        ("4111111111111112", False),
        ("4111111111111121", False),  # adjacent digits swapped
        ("0", False),
        ("", False),
        ("4111a11111111111", False),
        ("４１１１１１１１１１１１１１１１", False),  # full-width digits are not ASCII digits
    ],
)
def test_luhn(digits, valid):
    assert c.luhn_valid(digits) is valid


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "DE44500105175407324931",
        "GB82WEST12345698765432",
        "FR1420041010050500013M02606",
        "NL91ABNA0417164300",
        "BE68539007547034",
        "CH9300762011623852957",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "AT611904300234573201",
        "NO9386011117947",
        "SA0380000000608010167519",
        "AE070331234567890123456",
        "TR330006100519786457841326",
        "PL61109010140000071219812874",
        "PT50000201231234567890154",
        "MT84MALT011000012345MTLCAST001S",
    ],
)
def test_published_ibans_pass_mod97(iban):
    assert c.iban_checksum_valid(iban)
    assert c.iban_checksum_valid(iban.lower())


@pytest.mark.parametrize(
    "iban",
    [
        "DE44500105175407324932",  # last digit changed
        "DE44500105175407329431",  # two digits swapped
        "DE45500105175407324931",  # check digits changed
        "DE4X500105175407324931",
        "DE44",
        "DE44 5001 0517 5407 3249 31",  # callers strip spaces first
    ],
)
def test_altered_ibans_fail_mod97(iban):
    assert not c.iban_checksum_valid(iban)


def test_mod97_counts_letters_from_ten():
    assert c.mod97("A") == 10
    assert c.mod97("Z") == 35
    assert c.mod97("3214282912345698765432161182") == 1  # GB82WEST… rearranged by hand


@pytest.mark.parametrize(
    "digits, valid",
    [("86095742719", True), ("29387005162", True), ("86095742718", False), ("8609574271x", False)],
)
def test_iso7064_mod11_10(digits, valid):
    assert c.iso7064_mod11_10_valid(digits) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("86095742719", True),  # one digit (7) twice
        ("58388217648", True),  # one digit (8) three times, never three in a row
        ("48352160978", False),  # ten distinct digits: accepted by presidio, never issued
        ("11123456789", False),  # three in a row
        ("11223456789", False),  # two digits repeated
        ("15161718199", False),  # one digit four times
        ("06095742719", False),  # leading zero
        ("8609574271", False),
    ],
)
def test_de_tax_id_digit_frequency_rule(digits, valid):
    assert c.de_tax_id_digits_valid(digits) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("021000021", True),
        ("011000015", True),
        ("121000358", True),
        ("021000022", False),
        ("131000021", False),  # passes 3-7-1 but 13 is no Federal Reserve prefix
        ("02100002", False),
    ],
)
def test_aba_routing(digits, valid):
    assert c.aba_routing_valid(digits) is valid


@pytest.mark.parametrize(
    "value, valid",
    [("12345678Z", True), ("93612255R", True), ("12345678A", False), ("1234567Z", False)],
)
def test_es_nif(value, valid):
    assert c.es_nif_valid(value) is valid


@pytest.mark.parametrize(
    "value, valid",
    [("X1234567L", True), ("X1509481Z", True), ("X1234567A", False), ("A1234567L", False)],
)
def test_es_nie(value, valid):
    assert c.es_nie_valid(value) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("123456789", False)],
)
def test_uk_nhs(digits, valid):
    assert c.uk_nhs_valid(digits) is valid


def test_uk_nhs_rejects_numbers_whose_check_would_be_ten():
    # weighted sum of 000000006 is 12, 11 - 12 % 11 = 10: no valid check digit exists
    assert not any(c.uk_nhs_valid(f"000000006{d}") for d in range(10))


@pytest.mark.parametrize(
    "nir, valid",
    [
        ("255081416802538", True),
        ("178059933010817", True),
        ("210072A34638380", True),  # Corsica: 2A read as 19
        ("255081416802539", False),
        ("210072B34638380", False),  # same digits, 2B reads as 18
        ("25508141680253", False),
    ],
)
def test_fr_nir_key(nir, valid):
    assert c.fr_nir_valid(nir) is valid


def test_fr_nir_key_is_97_minus_remainder():
    assert c.fr_nir_key("2550814168025") == 38


@pytest.mark.parametrize(
    "code, valid",
    [
        ("RSSMRA85T10A562S", True),
        ("rssmra85t10a562s", True),
        ("RSSMRA85T10A562T", False),
        ("RSSMRA85T10A56", False),
    ],
)
def test_it_fiscal_code(code, valid):
    assert c.it_fiscal_code_valid(code) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [("44051401359", True), ("03810352394", True), ("44051401358", False), ("44131401350", False)],
)
def test_pl_pesel(digits, valid):
    assert c.pl_pesel_valid(digits) is valid


@pytest.mark.parametrize(
    "hetu, valid",
    [
        ("131052-308T", True),
        ("131052A308T", True),
        ("131052-308U", False),
        ("131352-308T", False),
        ("310289-211C", False),  # 31 February, with the check character that would otherwise fit
    ],
)
def test_fi_hetu(hetu, valid):
    assert c.fi_hetu_valid(hetu) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("8112189876", True),
        ("198112189876", True),
        ("8112789873", True),  # samordningsnummer: day + 60
        ("8112189877", False),
        ("8113189876", False),
    ],
)
def test_se_personnummer(digits, valid):
    assert c.se_personnummer_valid(digits) is valid


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("2363", True),
        ("234123412346", True),
        ("234123412347", False),
        ("123412341234", False),  # Aadhaar never starts with 0 or 1
    ],
)
def test_verhoeff_and_aadhaar(digits, valid):
    check = c.verhoeff_valid if len(digits) < 12 else c.in_aadhaar_valid
    assert check(digits) is valid


def test_aadhaar_rejects_palindromes():
    palindrome = "234566665432"
    assert palindrome == palindrome[::-1]
    assert not c.in_aadhaar_valid(palindrome)


@pytest.mark.parametrize(
    "nric, valid",
    [
        ("S1234567D", True),
        ("T8911490F", True),
        ("F0351851P", True),
        ("G5327339X", True),
        ("M2980913W", True),
        ("S1234567A", False),
        ("A1234567D", False),
    ],
)
def test_sg_nric(nric, valid):
    assert c.sg_nric_valid(nric) is valid


@pytest.mark.parametrize(
    "check, value, valid",
    [
        (c.au_tfn_valid, "123456782", True),
        (c.au_tfn_valid, "123456783", False),
        (c.au_abn_valid, "51824753556", True),
        (c.au_abn_valid, "51824753557", False),
    ],
)
def test_australian_numbers(check, value, valid):
    assert check(value) is valid


@pytest.mark.parametrize(
    "document, check",
    [("L01X00T47", 1), ("T22000129", 3), ("L01X00T4<", 4)],  # specimen cards' machine-readable zones
)
def test_icao_check_digit(document, check):
    assert c.icao_check_digit(document) == check


def test_icao_check_digit_refuses_foreign_characters():
    assert c.icao_check_digit("L01X-00T4") is None


@pytest.mark.parametrize(
    "address, valid",
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", True),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", True),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", True),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", False),  # checksum broken
        ("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", False),  # valid Base58Check, but a testnet version byte
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", False),  # 0 is not a Base58 character
    ],
)
def test_bitcoin_base58(address, valid):
    assert c.bitcoin_base58_valid(address) is valid


def test_base58check_payload_keeps_the_version_byte():
    assert c.base58check_payload("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn")[0] == 0x6F


@pytest.mark.parametrize(
    "address, valid",
    [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", True),  # BIP-173 v0, upper case
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", True),
        ("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", True),  # 32-byte v0
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", True),  # BIP-350 taproot
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", False),  # checksum broken
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", False),  # v0 with a bech32m checksum
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", False),  # v1 with bech32
        ("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", False),  # mixed case
        ("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", False),  # testnet
    ],
)
def test_bitcoin_segwit(address, valid):
    assert c.bitcoin_segwit_valid(address) is valid


def _pesel_date(digits: str) -> bool:
    """Presidio checks PESEL dates in its regex, not in validate_result."""
    return 1 <= int(digits[2:4]) % 20 <= 12 and 1 <= int(digits[4:6]) <= 31


def _medicare(digits: str) -> bool:
    """Presidio checks the first digit (2-6) in its regex."""
    return digits[0] in "23456" and AuMedicareRecognizer().validate_result(digits)


def _rrn_shape(digits: str) -> bool:
    return 1 <= int(digits[2:4]) <= 12 and 1 <= int(digits[4:6]) <= 31 and digits[6] in "12345678"


# Presidio ships the same algorithms inside its recognizers; on random input ours must agree with
# theirs wherever theirs is right (the cases where presidio is looser are tested above).
_ORACLE_CASES = [
    ("luhn", 16, c.luhn_valid, lambda v: CreditCardRecognizer().validate_result(v)),
    ("nhs", 10, c.uk_nhs_valid, lambda v: NhsRecognizer().validate_result(v)),
    ("aadhaar", 12, c.in_aadhaar_valid, lambda v: InAadhaarRecognizer().validate_result(v)),
    ("tfn", 9, c.au_tfn_valid, lambda v: AuTfnRecognizer().validate_result(v)),
    ("abn", 11, c.au_abn_valid, lambda v: v[0] != "0" and AuAbnRecognizer().validate_result(v)),
    ("pesel", 11, c.pl_pesel_valid, lambda v: PlPeselRecognizer().validate_result(v) and _pesel_date(v)),
    ("personnummer", 10, c.se_personnummer_valid, lambda v: SePersonnummerRecognizer().validate_result(v)),
    ("acn", 9, c.au_acn_valid, lambda v: AuAcnRecognizer().validate_result(v)),
    ("medicare", 10, c.au_medicare_valid, lambda v: _medicare(v)),
    ("tnin", 13, c.th_tnin_valid, lambda v: v[0] != "0" and ThTninRecognizer().validate_result(v)),
    ("tckn", 11, c.tr_national_id_valid, lambda v: TrNationalIdRecognizer().validate_result(v)),
    # presidio checks the date and gender digit in its regex and answers None for a failed check digit
    ("rrn", 13, c.kr_rrn_valid, lambda v: _rrn_shape(v) and KrRrnRecognizer().validate_result(v) is True),
]  # fmt: skip


@pytest.mark.parametrize("name, length, ours, theirs", _ORACLE_CASES, ids=[case[0] for case in _ORACLE_CASES])
def test_checksums_agree_with_presidio_on_random_numbers(name, length, ours, theirs):
    rnd = random.Random(name)
    values = ["".join(rnd.choice("0123456789") for _ in range(length)) for _ in range(3000)]
    disagreements = [v for v in values if bool(ours(v)) != bool(theirs(v))]
    assert disagreements == []
    assert any(ours(v) for v in values), "the sample should contain valid numbers"


def test_letter_checks_agree_with_presidio_on_random_codes():
    rnd = random.Random(7)
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    nifs = ["".join(rnd.choice("0123456789") for _ in range(8)) + rnd.choice(letters) for _ in range(500)]
    nies = [rnd.choice("XYZ") + n[1:] for n in nifs]
    assert [c.es_nif_valid(v) for v in nifs] == [EsNifRecognizer().validate_result(v) for v in nifs]
    assert [c.es_nie_valid(v) for v in nies] == [EsNieRecognizer().validate_result(v) for v in nies]
    hetus = [
        f"{rnd.randint(1, 28):02d}{rnd.randint(1, 12):02d}{rnd.randint(0, 99):02d}-{rnd.randint(2, 899):03d}"
        + rnd.choice("0123456789ABCDEFHJKLMNPRSTUVWXY")
        for _ in range(500)
    ]
    presidio_hetu = FiPersonalIdentityCodeRecognizer()
    assert [c.fi_hetu_valid(v) for v in hetus] == [presidio_hetu.validate_result(v) for v in hetus]
    codes = ["RSSMRA85T10A562" + ch for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    # presidio answers None, not False, for a wrong check letter
    presidio_it = ItFiscalCodeRecognizer()
    assert [c.it_fiscal_code_valid(v) for v in codes] == [bool(presidio_it.validate_result(v)) for v in codes]


@pytest.mark.parametrize(
    "value",
    [
        "8001015009087", "8001015000086", "9202201234088", "0002294321191",  # valid
        "8001015009086", "9913326789285", "9902294321191", "8001015000076", "8001015009176",  # not
        "9610127023007",  # legacy digit 0: not issued
    ],
)  # fmt: skip
def test_za_id_check_agrees_with_presidio(value):
    assert c.za_id_valid(value) is bool(ZaIdNumberRecognizer().validate_result(value))


@pytest.mark.parametrize(
    "rib, valid",
    [
        ("300020055000001578412Z25", False),  # 24 characters
        ("30002005500000157841Z25", True),
        ("30002005500000157841Z26", False),
        ("20041010050500013M02606", True),  # the account part of the published French IBAN example
        ("1010700175000123456784O", False),  # letters in the clé
    ],
)
def test_fr_rib_key(rib, valid):
    assert c.fr_rib_valid(rib) is valid


@pytest.mark.parametrize(
    "ccc, valid",
    [
        ("20850103950330123456", True),
        ("21000418450200051332", True),  # the account part of the published Spanish IBAN example
        ("20850103940330123456", False),
        ("20850103590330123456", False),
        ("00000000000000000000", False),
    ],
)
def test_es_ccc_control_digits(ccc, valid):
    assert c.es_ccc_valid(ccc) is valid


@pytest.mark.parametrize(
    "nss, valid",
    [("281234567840", True), ("281234567841", False), ("460998123435", True), ("2812345678", False)],
)
def test_es_social_security_control_digits(nss, valid):
    assert c.es_social_security_valid(nss) is valid


@pytest.mark.parametrize(
    "rvnr, valid",
    [
        ("65120384M044", True),
        ("65120384m044", True),
        ("65120384M045", False),
        ("65121384M044", False),  # month 13
        ("65000384M044", False),  # day 00
        ("651203841044", False),  # no letter
        ("65520384M04", False),
    ],
)
def test_de_pension_insurance_number(rvnr, valid):
    assert c.de_rvnr_valid(rvnr) is valid


@pytest.mark.parametrize(
    "check, value, valid",
    [
        (c.nl_bsn_valid, "318472661", True),
        (c.nl_bsn_valid, "318472662", False),
        (c.nl_bsn_valid, "000000000", False),
        (c.be_national_number_valid, "90041512316", True),
        (c.be_national_number_valid, "02030145662", True),  # born 2002: a 2 before the nine digits
        (c.be_national_number_valid, "90041512317", False),
        (c.ch_ahv_valid, "7569876543217", True),
        (c.ch_ahv_valid, "7569876543218", False),
        (c.ch_ahv_valid, "7559876543217", False),  # not the Swiss prefix
        (c.at_svnr_valid, "7318150385", True),
        (c.at_svnr_valid, "7319150385", False),
        (c.at_svnr_valid, "7318400385", False),  # day 40
        (c.ie_ppsn_valid, "8765432S", True),
        (c.ie_ppsn_valid, "8765432T", False),
        (c.ie_ppsn_valid, "1234567TW", True),
    ],
)
def test_european_id_check_digits(check, value, valid):
    assert check(value) is valid


def test_aba_checksum_without_and_routing_with_a_federal_reserve_prefix():
    from dlpguard.engine.checksums import aba_checksum_valid, aba_routing_valid

    assert aba_checksum_valid("334625368") and not aba_routing_valid("334625368")
    assert aba_checksum_valid("021000021") and aba_routing_valid("021000021")
    assert not aba_checksum_valid("021000022")


def test_brazilian_cns():
    from dlpguard.engine.checksums import br_cns_valid

    assert br_cns_valid("834 9437 1863 3954") and not br_cns_valid("834 9437 1863 3955")
    assert not br_cns_valid("334943718633954")  # no CNS series starts with 3
