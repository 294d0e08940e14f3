"""ConversationTails: bounded in characters, conversations and time; only released texts join."""

from __future__ import annotations

from dlpguard.guard.tails import ConversationTails


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_tail_keeps_only_the_last_characters_joined_without_a_separator():
    tails = ConversationTails(ttl=60, max_chars=8)
    tails.append("c", "abcdef")
    tails.append("c", "ghij")
    assert tails.tail("c") == "cdefghij"
    assert tails.tail("other") == ""


def test_tails_expire_after_the_ttl_and_the_oldest_conversation_goes_first():
    clock = Clock()
    tails = ConversationTails(ttl=60, max_conversations=2, clock=clock)
    tails.append("a", "one")
    clock.now = 30
    tails.append("b", "two")
    tails.append("c", "three")  # over the cap: "a" goes
    assert (tails.tail("a"), tails.tail("b"), tails.tail("c")) == ("", "two", "three")
    clock.now = 91
    assert (tails.tail("b"), tails.tail("c")) == ("", "")
    assert len(tails) == 0


def test_a_held_text_joins_only_when_released_as_sent():
    tails = ConversationTails(ttl=60)
    tails.hold("inc-1", "c", "original", "masked")
    tails.hold("inc-2", "c", "second", None)
    tails.hold("inc-3", "c", "third", None)
    assert tails.tail("c") == ""
    tails.release("inc-1", sent="masked")
    tails.release("inc-2", sent=None)  # cancelled
    tails.release("inc-3", sent="original")
    tails.release("inc-3", sent="original")  # taken once
    tails.release(None, sent="original")
    assert tails.tail("c") == "maskedthird"
