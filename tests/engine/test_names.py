from __future__ import annotations

import re

import pytest

from dlpguard.engine.names import (
    is_list_key,
    looks_like_caps_name,
    looks_like_name,
    names_people,
    person_key_min_words,
    person_key_regex,
    trie_regex,
)


@pytest.mark.parametrize(
    "value",
    ["Ana Souza", "Müller", "Jean-Luc van der Berg", "María de la Cruz", "Siobhán O'Brien", "John F. Kennedy",
     "Seo-yeon Girard", "Nguyễn Văn Minh", "Agnieszka Wiśniewska", "De Jong", "McDonald"],
)  # fmt: skip
def test_names_in_many_spellings_look_like_names(value):
    assert looks_like_name(value)


@pytest.mark.parametrize(
    "value",
    ["PersonService", "getUserName", "Smith_Parser", "user-service", "nginx", "ACME", "Person Service",
     "Johnson Filter", "Support Team", "Jenkins", "Monday", "John Doe", "Max Mustermann", "Ferrox Materials",
     "Kingfisher Road", "Post-mortem", "Ana Souza 2", "Hi Priya", "a" * 90, ""],
)  # fmt: skip
def test_identifiers_teams_tools_places_and_placeholders_do_not(value):
    assert not looks_like_name(value)


def test_min_words_asks_for_a_full_name():
    assert looks_like_name("Ana", min_words=1)
    assert not looks_like_name("Ana", min_words=2)


@pytest.mark.parametrize(
    "key, words",
    [("name", 2), ("Full Name", 2), ("first_name", 1), ("firstName", 1), ("last-name", 1), ('"Nachname"', 1),
     ("reported by", 1), ("hostname", None), ("username", None), ("file_name", None)],
)  # fmt: skip
def test_person_keys_in_any_spelling_say_how_many_words_they_need(key, words):
    assert person_key_min_words(key) == words


def test_attendee_keys_hold_lists():
    assert is_list_key("Attendees") and is_list_key("teilnehmende") and not is_list_key("name")


def test_the_key_trie_matches_exactly_the_keys():
    rx = re.compile(f"(?:{person_key_regex()})")
    assert rx.fullmatch("customer_name") and rx.fullmatch("nom de famille") and not rx.fullmatch("names")


def test_trie_regex_matches_each_word_and_nothing_else():
    rx = re.compile(f"(?:{trie_regex(['hi', 'hello', 'help me'], space=' +')})")
    assert [bool(rx.fullmatch(w)) for w in ("hi", "hello", "help  me", "hel", "hellos")] == [
        True, True, True, False, False,
    ]  # fmt: skip


@pytest.mark.parametrize(
    "headers, people",
    [(["id", "name", "work_email"], True), (["name", "sku", "price"], False), (["customers"], True)],
)
def test_table_hints_tell_people_from_products(headers, people):
    assert names_people(headers) is people


@pytest.mark.parametrize("value", ["EL AMRANI Yasmine", "RINALDI CHIARA", "Jean DUPONT", "OKAFOR Chidi"])
def test_names_with_the_surname_in_capitals_look_like_caps_names(value):
    assert looks_like_caps_name(value)


@pytest.mark.parametrize(
    "value", ["URGENT Mark", "API Gateway", "PAYMENT DUE", "IMPORTANT NOTICE", "NOTE Anna"]
)
def test_labels_in_capitals_do_not(value):
    assert not looks_like_caps_name(value)
