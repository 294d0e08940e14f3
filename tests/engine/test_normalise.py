"""normalise(text): what recognizers read, and the offset map that brings every span back to the original."""

from __future__ import annotations

import base64
import json
import unicodedata

import pytest

from dlpguard.engine.normalise import (
    MAX_DECODED_RUNS,
    MAX_RUN_CHARS,
    NormalisedText,
    OffsetMap,
    normalise,
)
from dlpguard.engine.types import Category, Finding

KEY = "AKIAZ7QXKR4PLM2VN3WD"  # the shape of an AWS access key id, not a real one
EMAIL = "maria.keller@northwind-traders.net"
CARD = "4539148803436467"  # Luhn-valid test number

#: Every format character (category Cf) people use to break a value apart, and the soft hyphen.
FORMAT_CHARS = [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM / zero-width no-break space
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # left-to-right embedding
    "\u202c",  # pop directional formatting
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u180e",  # Mongolian vowel separator
    "\U000e0041",  # tag letter A
]


def fullwidth(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


def located(normalised: NormalisedText, value: str) -> tuple[int, int]:
    """The original span the normalised `value` came from."""
    start = normalised.text.index(value)
    return normalised.span_in_original(start, start + len(value))


def test_plain_ascii_comes_back_as_it_is():
    text = "Deploy on Friday; ping me at the usual place. Version 1.2.3, build 4521, ip 10.0.0.1"
    normalised = normalise(text)
    assert not normalised.changed
    assert normalised.text is text and normalised.body == text and normalised.segments == ""
    assert normalised.span_in_original(7, 13) == (7, 13)


@pytest.mark.parametrize(
    "text",
    [
        "Привет, как дела? Сорока сидит на заборе.",  # Russian prose: no look-alike folding
        "Η εταιρεία στέλνει τα έγγραφα αύριο.",
        "Grüße aus Köln — schöne Tage, Ünal & Zoë",
    ],
)
def test_prose_in_other_scripts_is_left_alone(text):
    assert normalise(text).text == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("char", FORMAT_CHARS, ids=[f"U+{ord(c):04X}" for c in FORMAT_CHARS])
def test_each_format_character_inside_a_key_and_an_email_is_removed(char):
    text = f"key {KEY[:4]}{char}{KEY[4:12]}{char}{KEY[12:]} mail {EMAIL[:5]}{char}{EMAIL[5:]} end"
    normalised = normalise(text)
    assert f"key {KEY} mail {EMAIL} end" == normalised.text
    key_start = text.index(KEY[:4])
    assert located(normalised, KEY) == (key_start, key_start + len(KEY) + 2)
    mail_start = text.index(EMAIL[:5])
    assert located(normalised, EMAIL) == (mail_start, mail_start + len(EMAIL) + 1)


def test_an_address_of_look_alikes_alone_is_folded_and_a_greek_article_is_not():
    assert normalise("јое@ехаԁ.ӏу").text == "joe@exad.ly"
    assert normalise("Η ΕΤΑΙΡΕΙΑ").text == "Η ΕΤΑΙΡΕΙΑ"


def test_look_alike_letters_are_folded_in_mixed_words_only():
    cyrillic_key = "АКІА" + KEY[4:]  # Cyrillic А, К, І, А
    greek_mail = "mαriα.kellεr@northwind-trαders.net".replace("ε", "е")  # Greek alpha, Cyrillic ie
    text = f"ключ {cyrillic_key} почта {greek_mail}"
    normalised = normalise(text)
    assert normalised.text == f"ключ {KEY} почта {EMAIL}"
    assert located(normalised, KEY) == (5, 25)
    assert normalised.text[: len("ключ")] == "ключ"


def test_full_width_digits_and_letters_and_mathematical_alphanumerics():
    text = f"card {fullwidth('4539 1488 0343 6467')} key 𝐀𝐊𝐈𝐀{KEY[4:]}"
    normalised = normalise(text)
    assert normalised.text == f"card 4539 1488 0343 6467 key {KEY}"
    assert located(normalised, "4539 1488 0343 6467") == (5, 24)
    key_start = text.index("𝐀")
    assert located(normalised, KEY) == (key_start, len(text))


def test_circled_letters_read_as_letters_and_an_emoji_keeps_its_selector():
    text = f"ⒶⓀⒾⒶ{KEY[4:]} ✅\ufe0f"
    assert normalise(text).text == f"{KEY} ✅\ufe0f"


def test_other_scripts_decimal_digits_read_as_digits():
    text = "card ٤٥٣٩١٤٨٨٠٣٤٣٦٤٦٧"  # Arabic-Indic digits
    assert normalise(text).text == f"card {CARD}"


def test_a_mark_left_on_an_ascii_letter_goes_and_a_composed_letter_stays():
    assert normalise("A\u0332KIA").text == "AKIA"
    assert normalise("cafe\u0301").text == "café"


@pytest.mark.parametrize(
    ("spelled", "read"),
    [
        ("4539.1488.0343.6467", "4539 1488 0343 6467"),
        ("4539\u00a01488\u00a00343\u00a06467", "4539 1488 0343 6467"),  # NBSP
        ("4539\u20091488\u20090343\u20096467", "4539 1488 0343 6467"),  # thin space
        ("4539\u202f1488\u202f0343\u202f6467", "4539 1488 0343 6467"),  # narrow NBSP
        ("4539\u20131488\u20130343\u20136467", "4539 1488 0343 6467"),  # en dash
        ("4539 - 1488 - 0343 - 6467", "4539 1488 0343 6467"),
        ("4539_1488_0343_6467", "4539 1488 0343 6467"),
        ("4539·1488·0343·6467", "4539 1488 0343 6467"),
        ("4539-1488-0343-6467", "4539-1488-0343-6467"),  # already readable: untouched
        ("x4539148803436467", "x 4539148803436467"),  # a letter glued before
        ("4539148803436467y", "4539148803436467 y"),
    ],
)
def test_digit_groups_of_card_length_read_as_one_number(spelled, read):
    text = f"pay {spelled} now"
    normalised = normalise(text)
    assert normalised.text == f"pay {read} now"
    digits = read.strip("xy ")
    assert located(normalised, digits) == (
        text.index(spelled.strip("xy")),
        text.index(spelled.strip("xy")) + len(spelled.strip("xy")),
    )


@pytest.mark.parametrize(
    "text",
    [
        "on 2024.01.15 at 10.0.0.1 and 192.168.100.200",
        "call +44 20 7183 0958 or 030-1234-5678",
        "version 1.22.333.4444",
        "order ORD1234567890123456 shipped",  # glued but not Luhn-valid: left alone
        "sha a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4",
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    assert normalise(text).text == text


def _b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


@pytest.mark.parametrize(
    ("kind", "encode"),
    [
        ("base64", _b64),
        ("base64url", lambda v: base64.urlsafe_b64encode(v.encode()).decode().rstrip("=")),
        ("hex", lambda v: v.encode().hex()),
        ("percent", lambda v: "".join(f"%{b:02X}" for b in v.encode())),
    ],
)
def test_encoded_runs_are_decoded_into_segments_that_map_to_the_whole_run(kind, encode):
    encoded = encode(f"aws_access_key_id = {KEY} ??>")
    text = f"config: {encoded} (see above)"
    normalised = normalise(text)
    assert normalised.body == text
    assert KEY in normalised.segments and normalised.segments.startswith("\n")
    run = (text.index(encoded), text.index(encoded) + len(encoded))
    assert normalised.decoded_runs == (run,)
    assert located(normalised, KEY) == run


def test_a_percent_encoded_email_inside_a_url():
    text = "see https://crm.example.org/find?who=maria.keller%40northwind-traders.net&x=1 ok"
    normalised = normalise(text)
    assert EMAIL in normalised.segments
    url = text.split()[1]
    assert located(normalised, EMAIL) == (text.index(url), text.index(url) + len(url))


def test_base64_of_a_jwt_decodes_and_its_parts_decode_again():
    def part(doc: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")

    jwt = f"{part({'alg': 'HS256'})}.{part({'email': EMAIL, 'sub': 'u-1'})}.c2lnbmF0dXJlLWJ5dGVz"
    text = f"token {_b64('Authorization: Bearer ' + jwt)}"
    normalised = normalise(text)
    assert jwt in normalised.segments and EMAIL in normalised.segments  # two levels deep
    assert located(normalised, EMAIL) == (6, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # binary when decoded
        "img data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA",
        "names like SomeVeryLongClassNameForTests and some_snake_case_identifier_name",
        "aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    ],
)
def test_binary_and_ordinary_words_are_not_decoded(text):
    assert normalise(text).segments == ""


def test_decoding_is_bounded_in_count_and_run_size_and_says_so():
    few = normalise(" ".join(_b64(f"value number {i} here") for i in range(3)))
    assert len(few.decoded_runs) == 3 and not few.decoding_limited
    many = normalise(" ".join(_b64(f"value number {i} here") for i in range(MAX_DECODED_RUNS + 10)))
    assert len(many.decoded_runs) == MAX_DECODED_RUNS and many.decoding_limited
    huge = normalise(f"blob {_b64(f'key {KEY} ' + 'x' * MAX_RUN_CHARS)}")  # only its start is decoded
    assert huge.decoding_limited and KEY in huge.segments
    assert len(huge.segments) <= MAX_RUN_CHARS * 3 // 4 + 1


def test_a_key_in_base64_after_many_long_identifiers_is_still_decoded():
    identifiers = " ".join(f"SomeLongIdentifierName{i}With_Mixed_Case" for i in range(2000))
    normalised = normalise(f"{identifiers} {_b64('key ' + KEY)}")
    assert KEY in normalised.segments and not normalised.decoding_limited


def test_findings_move_back_onto_the_original_and_the_most_harmful_keeps_a_shared_run():
    inner = f"{EMAIL} {KEY}"
    text = f"x {_b64(inner)} y"
    normalised = normalise(text)
    base = normalised.text.index(inner)
    email = Finding("EMAIL_ADDRESS", Category.CONTACT, base, base + len(EMAIL), 1.0, "email")
    key_at = base + len(EMAIL) + 1
    key = Finding("AWS_ACCESS_KEY", Category.SECRET, key_at, key_at + len(KEY), 0.9, "aws")
    assert normalised.findings_in_original([email, key]) == (
        Finding("AWS_ACCESS_KEY", Category.SECRET, 2, len(text) - 2, 0.9, "aws"),
    )


def test_the_offset_map_covers_expansions_and_removals():
    text = "a\ufb01b\u200bc"  # ligature fi expands to two letters; the zero-width space goes
    normalised = normalise(text)
    assert normalised.text == "afibc"
    assert [normalised.span_in_original(i, i + 1) for i in range(5)] == [
        (0, 1),
        (1, 2),
        (1, 2),
        (2, 3),
        (4, 5),
    ]
    assert normalised.span_in_original(3, 5) == (2, 5)  # "bc" covers the removed character between
    assert OffsetMap.identity(3).span(1, 1) == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "🚀🔥 déployé ✅\ufe0f – merci Inés! 👨\u200d👩\u200d👧 👍🏽",  # emoji sequences stay whole
        "NEW HIRE – Ayumi Yılmaz",  # an en dash in prose and a Turkish dotless i are not disguises
        "Tariq;AT447140367374349105;6360,00",  # an IBAN is not a letter glued before a card
    ],
)
def test_what_hides_no_value_is_not_rewritten(text):
    assert normalise(text).text == text


def test_every_normalised_character_maps_inside_the_original_in_order():
    import random

    rng = random.Random(10)
    alphabet = "aAК0 9.-@\u200b\u00ad\ufeff\u0301\u0332ﬁ４𝐀٤\u00a0\u2013é😀\ufe0f\u200d%4Q=+/_" + KEY
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        text += rng.choice(["", " " + base64.b64encode(text.encode()).decode(), " x4539148803436467"])
        normalised = normalise(text)
        spans = [normalised.span_in_original(i, i + 1) for i in range(normalised.body_end)]
        assert all(0 <= a <= b <= len(text) for a, b in spans), text  # a == b: an inserted space
        assert [a for a, _ in spans] == sorted(a for a, _ in spans), text
        for start, end in normalised.decoded_runs:
            assert 0 <= start < end <= len(text)
        findings = [
            Finding("X", Category.SECRET, i, min(i + 5, len(normalised.text)), 0.9, "r")
            for i in range(0, len(normalised.text) - 1, 7)
        ]
        for f in normalised.findings_in_original(findings):
            assert 0 <= f.start < f.end <= len(text)


def test_the_quick_test_for_invisible_characters_knows_every_format_character():
    from dlpguard.engine.normalise import _INVISIBLE, _MAYBE_INVISIBLE

    format_chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert [c for c in [*format_chars, *_INVISIBLE] if not _MAYBE_INVISIBLE.match(c)] == []
