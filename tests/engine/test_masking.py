from __future__ import annotations

import hashlib
import hmac

import pytest

from dlpguard.engine.masking import (
    DEFAULT_OPERATORS,
    PARTIAL,
    PSEUDONYMISE,
    REDACT,
    Hash,
    Partial,
    mask,
    operator_named,
)
from dlpguard.engine.pseudonyms import PseudonymVault
from dlpguard.engine.types import Category, Finding

KEY = b"k" * 32


def finding_of(text, value, entity="EMAIL_ADDRESS", category=Category.CONTACT, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    return Finding(entity, category, start, start + len(value), 0.9, "test")


def test_redact_names_the_entity_type():
    text = "mail john@corp.example now"
    result = mask(text, [finding_of(text, "john@corp.example")], default=REDACT, operators={})
    assert result.text == "mail [EMAIL_ADDRESS] now"


@pytest.mark.parametrize(
    "value, keep, expected",
    [
        ("4242 4242 4242 4242", 4, "•••• •••• •••• 4242"),
        ("4242-4242-4242-4242", 4, "••••-••••-••••-4242"),
        ("DE44 5001 0517 5407 3249 31", 4, "•••• •••• •••• •••• ••49 31"),
        ("078-05-1120", 4, "•••-••-1120"),
        ("078-05-1120", 2, "•••-••-••20"),
        ("AB12345", 4, "•••••••"),  # 7 characters: showing 4 would show most of it
        ("12345678", 4, "••••5678"),
        ("1234", 4, "••••"),
        ("4242 4242 4242 4242", 0, "•••• •••• •••• ••••"),
    ],
)
def test_partial_keeps_the_last_characters_and_separators(value, keep, expected):
    text = f"card {value}."
    card = finding_of(text, value, "CREDIT_CARD", Category.FINANCIAL)
    result = mask(text, [card], {"CREDIT_CARD": Partial(keep)})
    assert result.text == f"card {expected}."


def test_hash_is_a_keyed_hmac_prefix():
    text = "mail john@corp.example now"
    expected = hmac.new(KEY, b"john@corp.example", hashlib.sha256).hexdigest()[:8]
    result = mask(text, [finding_of(text, "john@corp.example")], {"contact": Hash(KEY)})
    assert result.text == f"mail <EMAIL_ADDRESS:{expected}> now"
    other = mask(text, [finding_of(text, "john@corp.example")], {"contact": Hash(b"x" * 32)})
    assert other.text != result.text


@pytest.mark.parametrize("key", [b"", b"short"])
def test_hash_refuses_weak_keys(key):
    with pytest.raises(ValueError):
        Hash(key)


def test_hash_key_is_not_in_repr():
    assert "k" * 32 not in repr(Hash(KEY))


def test_pseudonymise_numbers_values_per_entity_type():
    text = "John Smith <john@corp.example> cc ann@corp.example and john smith"
    findings = [
        finding_of(text, "John Smith", "PERSON", Category.PERSON),
        finding_of(text, "john@corp.example"),
        finding_of(text, "ann@corp.example"),
        finding_of(text, "john smith", "PERSON", Category.PERSON),
    ]
    result = mask(text, findings, {"contact": PSEUDONYMISE, "person": PSEUDONYMISE})
    assert result.text == "<PERSON_1> <<EMAIL_ADDRESS_1>> cc <EMAIL_ADDRESS_2> and <PERSON_1>"


def test_default_table_by_category():
    text = "AKIAZ7QXKR4PLM2VN3WD 4242 4242 4242 4242 John Smith"
    findings = [
        finding_of(text, "AKIAZ7QXKR4PLM2VN3WD", "AWS_ACCESS_KEY", Category.SECRET),
        finding_of(text, "4242 4242 4242 4242", "CREDIT_CARD", Category.FINANCIAL),
        finding_of(text, "John Smith", "PERSON", Category.PERSON),
    ]
    result = mask(text, findings)
    assert result.text == "[AWS_ACCESS_KEY] •••• •••• •••• 4242 <PERSON_1>"
    assert [r.operator for r in result.replacements] == ["redact", "partial", "pseudonymise"]


def test_entity_type_beats_category_and_unnamed_entities_get_the_default():
    text = "4242 4242 4242 4242 / DE44500105175407324931 / a@b.example"
    findings = [
        finding_of(text, "4242 4242 4242 4242", "CREDIT_CARD", Category.FINANCIAL),
        finding_of(text, "DE44500105175407324931", "IBAN_CODE", Category.FINANCIAL),
        finding_of(text, "a@b.example"),
    ]
    result = mask(text, findings, {"financial": PARTIAL, "IBAN_CODE": REDACT})
    assert result.text == "•••• •••• •••• 4242 / [IBAN_CODE] / [EMAIL_ADDRESS]"


def test_every_category_has_a_default_operator():
    assert set(DEFAULT_OPERATORS) == {c.value for c in Category}


def test_replacements_map_original_and_masked_offsets_without_values():
    text = "a john@corp.example b 4242 4242 4242 4242 c"
    findings = [
        finding_of(text, "john@corp.example"),
        finding_of(text, "4242 4242 4242 4242", "CREDIT_CARD", Category.FINANCIAL),
    ]
    result = mask(text, findings, {"EMAIL_ADDRESS": REDACT, "CREDIT_CARD": PARTIAL})
    for r, f in zip(result.replacements, findings, strict=True):
        assert (r.start, r.end) == (f.start, f.end)
        assert result.text[r.masked_start : r.masked_end] in {"[EMAIL_ADDRESS]", "•••• •••• •••• 4242"}
        assert "john" not in str(r.to_dict())


def test_emoji_before_findings_keep_offsets_right():
    text = "👋🏽 hi 𝔘𝔫𝔦 john@corp.example 🎉 and ann@corp.example!"
    findings = [finding_of(text, "john@corp.example"), finding_of(text, "ann@corp.example")]
    result = mask(text, findings, {}, default=REDACT)
    assert result.text == "👋🏽 hi 𝔘𝔫𝔦 [EMAIL_ADDRESS] 🎉 and [EMAIL_ADDRESS]!"
    masked_spans = [result.text[r.masked_start : r.masked_end] for r in result.replacements]
    assert masked_spans == ["[EMAIL_ADDRESS]"] * 2
    assert [(r.start, r.end) for r in result.replacements] == [(f.start, f.end) for f in findings]


def test_overlapping_findings_are_skipped_not_spliced():
    text = "postgres://admin:hunter2@db.corp.example/app"
    outer = Finding("CONNECTION_STRING", Category.SECRET, 0, len(text), 0.9, "t")
    inner = finding_of(text, "admin:hunter2@db.corp.example")
    crossing = Finding("PASSWORD", Category.SECRET, len(text) - 5, len(text), 0.9, "t")
    result = mask(text, [inner, outer, crossing], {}, default=REDACT)
    assert result.text == "[CONNECTION_STRING]"
    assert set(result.skipped) == {inner, crossing}


def test_findings_in_any_order_and_adjacent_findings():
    text = "AAAABBBB"
    a = Finding("A", Category.CUSTOM, 0, 4, 0.9, "t")
    b = Finding("B", Category.CUSTOM, 4, 8, 0.9, "t")
    assert mask(text, [b, a], {}, default=REDACT).text == "[A][B]"


def test_finding_outside_the_text_is_a_bug():
    with pytest.raises(ValueError):
        mask("short", [Finding("X", Category.CUSTOM, 2, 10, 0.9, "t")])


def test_no_findings_leaves_the_text_alone():
    assert mask("nothing here", []).text == "nothing here"


@pytest.mark.parametrize(
    "text",
    [
        "Dear John Smith, mail john@corp.example or call John Smith.",
        "🎉 John Smith\n<john@corp.example>\t**John Smith**",
    ],
)
def test_pseudonymised_text_restores_to_the_original(text):
    vault = PseudonymVault()
    findings = [
        finding_of(text, "John Smith", "PERSON", Category.PERSON),
        finding_of(text, "john@corp.example"),
        finding_of(text, "John Smith", "PERSON", Category.PERSON, occurrence=1),
    ]
    masked = mask(text, findings, vault=vault, conversation_id="conv")
    assert "John" not in masked.text and "john" not in masked.text
    assert vault.restore("conv", masked.text).text == text


def test_pseudonyms_stay_consistent_across_calls_in_one_conversation():
    vault = PseudonymVault()
    first = "John Smith wrote"
    second = "Ann Lee and john smith"
    f1 = [finding_of(first, "John Smith", "PERSON", Category.PERSON)]
    f2 = [finding_of(second, name, "PERSON", Category.PERSON) for name in ("Ann Lee", "john smith")]
    assert mask(first, f1, vault=vault, conversation_id="c").text == "<PERSON_1> wrote"
    assert mask(second, f2, vault=vault, conversation_id="c").text == "<PERSON_2> and <PERSON_1>"
    assert mask(second, f2, vault=vault, conversation_id="other").text == "<PERSON_1> and <PERSON_2>"


@pytest.mark.parametrize("name", ["redact", "partial", "pseudonymise", "hash"])
def test_operators_by_name(name):
    assert operator_named(name, hash_key=KEY).name == name


@pytest.mark.parametrize("name, key", [("hash", None), ("scramble", KEY)])
def test_bad_operator_names_and_missing_keys_are_refused(name, key):
    with pytest.raises(ValueError):
        operator_named(name, hash_key=key)


def test_masks_engine_findings_end_to_end(pattern_engine):
    text = "🔑 key AKIAZ7QXKR4PLM2VN3WD in config"
    result = mask(text, pattern_engine.scan(text).findings)
    assert result.text == "🔑 key [AWS_ACCESS_KEY] in config"
