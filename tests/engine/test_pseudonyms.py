from __future__ import annotations

import pytest

from dlpguard.engine.pseudonyms import PseudonymVault


class FakeClock:
    """Time that moves only when a test says so: TTL tests without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def vault(clock) -> PseudonymVault:
    v = PseudonymVault(ttl=60, max_conversations=3, clock=clock)
    v.pseudonym("c1", "PERSON", "John Smith")
    v.pseudonym("c1", "EMAIL_ADDRESS", "john@corp.example")
    v.pseudonym("c1", "EMAIL_ADDRESS", "ann@corp.example")
    return v


def test_same_value_gets_the_same_placeholder_and_new_values_the_next_number():
    v = PseudonymVault()
    assert v.pseudonym("c", "PERSON", "John Smith") == "<PERSON_1>"
    assert v.pseudonym("c", "PERSON", "Ann Lee") == "<PERSON_2>"
    assert v.pseudonym("c", "PERSON", "John Smith") == "<PERSON_1>"
    assert v.pseudonym("c", "EMAIL_ADDRESS", "a@b.example") == "<EMAIL_ADDRESS_1>"


@pytest.mark.parametrize(
    "entity, first, again, same",
    [
        ("PERSON", "John Smith", "john  SMITH", True),
        ("PERSON", "John Smith", "John\nSmith", True),
        ("PERSON", "John Smith", "Jon Smith", False),
        ("EMAIL_ADDRESS", "john@corp.example", "John@corp.example", False),
        ("IBAN_CODE", "DE44 5001 0517 5407 3249 31", "DE44500105175407324931", False),
    ],
)
def test_names_compare_without_case_and_spacing_other_values_exactly(entity, first, again, same):
    v = PseudonymVault()
    assert (v.pseudonym("c", entity, first) == v.pseudonym("c", entity, again)) is same


def test_conversations_are_separate():
    v = PseudonymVault()
    v.pseudonym("a", "PERSON", "Ann Lee")
    assert v.pseudonym("b", "PERSON", "John Smith") == "<PERSON_1>"
    assert v.restore("a", "<PERSON_1>").text == "Ann Lee"
    assert v.restore("b", "<PERSON_1>").text == "John Smith"


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("Dear <PERSON_1>,", "Dear John Smith,"),
        ("Dear <person_1>,", "Dear John Smith,"),
        ("**<PERSON_1>** wrote", "**John Smith** wrote"),
        ("`<PERSON_1>`", "`John Smith`"),
        ("&lt;PERSON_1&gt; said", "John Smith said"),
        ("&#60;PERSON_1&#62;", "John Smith"),
        (r"\<PERSON_1\> said", "John Smith said"),
        (r"<PERSON\_1>", "John Smith"),
        ("mail <EMAIL_ADDRESS_2> or <Email_Address_1>", "mail ann@corp.example or john@corp.example"),
        ("Hi PERSON_1, thanks", "Hi John Smith, thanks"),
        ("**PERSON_1**", "**John Smith**"),
        ("(PERSON_1)", "(John Smith)"),
    ],
)
def test_restore_tolerates_how_answers_write_placeholders(vault, answer, expected):
    assert vault.restore("c1", answer).text == expected


@pytest.mark.parametrize(
    "answer",
    [
        "person_1 = load()",  # lowercase without brackets: an identifier, not our placeholder
        "MY_PERSON_1 and PERSON_12",  # not whole words of a known label
        "PERSON_1x",
        "<PERSON_9> is new",  # brackets, but the conversation never issued it
    ],
)
def test_restore_leaves_lookalikes_alone(vault, answer):
    assert vault.restore("c1", answer).text == answer


def test_restore_reports_unknown_placeholders(vault):
    result = vault.restore("c1", "<PERSON_1> and <PERSON_7>")
    assert (result.text, result.restored, result.unknown) == ("John Smith and <PERSON_7>", 1, ("PERSON_7",))


def test_a_value_that_looks_like_a_placeholder_is_not_restored_twice():
    v = PseudonymVault()
    v.pseudonym("c", "PERSON", "<PERSON_2>")
    v.pseudonym("c", "PERSON", "Ann")
    assert v.restore("c", "<PERSON_1> <PERSON_2>").text == "<PERSON_2> Ann"


def test_conversations_expire_after_ttl_since_last_use(vault, clock):
    clock.advance(59)
    assert vault.restore("c1", "<PERSON_1>").text == "John Smith"  # use refreshes the deadline
    clock.advance(59)
    assert "c1" in vault
    clock.advance(1)
    assert "c1" not in vault
    assert vault.restore("c1", "<PERSON_1>").unknown == ("PERSON_1",)
    assert vault.pseudonym("c1", "PERSON", "Ann Lee") == "<PERSON_1>"  # numbering starts afresh


def test_least_recently_used_conversation_goes_when_full(vault, clock):
    for cid in ("c2", "c3"):
        vault.pseudonym(cid, "PERSON", "Ann Lee")
    vault.restore("c1", "x")  # c1 is now the most recent; c2 the least
    vault.pseudonym("c4", "PERSON", "Ann Lee")
    assert len(vault) == 3
    assert "c2" not in vault
    assert "c1" in vault


def test_clear_forgets_one_conversation(vault):
    vault.pseudonym("c2", "PERSON", "Ann Lee")
    vault.clear("c1")
    assert vault.labels("c1") == frozenset()
    assert vault.labels("c2") == {"PERSON_1"}
    vault.clear_all()
    assert len(vault) == 0


@pytest.mark.parametrize(
    "entity, expected",
    [
        ("project-code name", "<PROJECT_CODE_NAME_1>"),
        ("ipv4", "<IPV4_1>"),
        ("9lives", "<E_9LIVES_1>"),
        ("--", "<E_1>"),
    ],
)
def test_odd_entity_types_still_give_restorable_placeholders(entity, expected):
    v = PseudonymVault()
    assert v.pseudonym("c", entity, "Atlas") == expected
    assert v.restore("c", f"about {expected}.").text == "about Atlas."


def test_repr_shows_no_values(vault):
    assert "John" not in repr(vault)


@pytest.mark.parametrize("bad", [{"ttl": 0}, {"max_conversations": 0}])
def test_nonsense_limits_are_refused(bad):
    with pytest.raises(ValueError):
        PseudonymVault(**bad)


# -- streaming -----------------------------------------------------------------------------------

STREAMED = (
    "Dear <PERSON_1>, x\\PERSON_1 write to **&lt;EMAIL_ADDRESS_2&gt;** or PERSON_1 "
    "about <div> & more <PERSON_1>"
)
RESTORED = (
    "Dear John Smith, x\\PERSON_1 write to **ann@corp.example** or John Smith about <div> & more John Smith"
)


def stream(vault, pieces):
    restorer = vault.restorer("c1")
    out = [restorer.feed(p) for p in pieces]
    return out, restorer.flush()


@pytest.mark.parametrize("cut", range(len(STREAMED) + 1))
def test_streamed_answer_is_restored_wherever_it_is_cut(vault, cut):
    out, rest = stream(vault, [STREAMED[:cut], STREAMED[cut:]])
    assert "".join(out) + rest == RESTORED
    # Nothing half-restored is ever shown: each emitted prefix is a prefix of the final answer.
    assert RESTORED.startswith(out[0])


@pytest.mark.parametrize("cut", range(len("<EMAIL_ADDRESS_2>") + 1))
def test_placeholder_split_across_chunks_is_held_back_until_complete(vault, cut):
    placeholder = "<EMAIL_ADDRESS_2>"
    restorer = vault.restorer("c1")
    first = restorer.feed("to " + placeholder[:cut])
    assert "EMAIL" not in first and "<" not in first.removeprefix("to ")
    assert first + restorer.feed(placeholder[cut:] + " now") + restorer.flush() == "to ann@corp.example now"


def test_streaming_character_by_character(vault):
    out, rest = stream(vault, list(STREAMED))
    assert "".join(out) + rest == RESTORED


def test_streaming_passes_plain_text_through_at_once(vault):
    restorer = vault.restorer("c1")
    assert restorer.feed("Hello there, ") == "Hello there, "
    assert restorer.feed("a <b>bold</b> word") == "a <b>bold</b> word"


def test_bare_label_at_the_end_of_a_chunk_waits_for_the_next_character(vault):
    vault.pseudonym("c1", "PERSON", "P2")
    for _ in range(10):
        vault.pseudonym("c1", "PERSON", f"filler {_}")
    restorer = vault.restorer("c1")
    assert restorer.feed("see PERSON_1") == "see "
    assert restorer.feed("2 too") == vault.restore("c1", "PERSON_12 too").text
    assert restorer.flush() == ""


def test_flush_emits_an_incomplete_tail_as_it_is(vault):
    restorer = vault.restorer("c1")
    assert restorer.feed("end <PERS") == "end "
    assert restorer.flush() == "<PERS"
