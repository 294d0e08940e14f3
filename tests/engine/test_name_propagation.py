"""A full name found once makes its first name or surname alone, later in the same text, a finding too."""

from __future__ import annotations

from dlpguard.engine.name_propagation import propagated_names
from dlpguard.engine.types import Category, Finding


def person(text: str, value: str, score: float = 0.85) -> Finding:
    start = text.index(value)
    return Finding("PERSON", Category.PERSON, start, start + len(value), score, "Test")


def values(text: str, findings: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in propagated_names(text, findings)]


def test_later_first_names_and_surnames_of_a_full_name_are_found():
    text = "Presenti: Salvatore Ricci, Ingrid Larsen\n1. Salvatore va a Verona.\n2. Larsen in ferie."
    found = [person(text, "Salvatore Ricci"), person(text, "Ingrid Larsen")]
    assert sorted(values(text, found)) == ["Larsen", "Salvatore"]


def test_unsure_sources_single_words_and_other_categories_spread_nothing():
    text = "Kwame Mensah wrote. Kwame agreed. Ingrid said hi to Ingrid."
    weak = [person(text, "Kwame Mensah", score=0.5), person(text, "Ingrid")]
    assert values(text, weak) == []
    place = Finding("LOCATION", Category.LOCATION, 0, 12, 0.9, "Test")
    assert values(text, [place]) == []


def test_words_that_are_also_ordinary_words_and_titles_are_not_spread():
    text = "Will Turner called. Will you call back? Frau Brandt? Frau Weber."
    found = [person(text, "Will Turner"), person(text, "Frau Brandt")]
    assert values(text, found) == []


def test_a_part_inside_a_longer_word_or_an_address_is_not_a_mention():
    text = "Kwame Mensah; see kwame.mensah@example.com and KwameBot and Mensah-Tools"
    assert values(text, [person(text, "Kwame Mensah")]) == []


def test_the_engine_reports_a_lone_later_mention_of_a_listed_attendee(engine):
    text = "Presenti: Salvatore Ricci, Ingrid Larsen\n1. Trasferimento di Salvatore nella sede di Bari."
    result = engine.scan(text)
    people = {text[f.start : f.end] for f in result.findings if f.category is Category.PERSON}
    assert {"Salvatore Ricci", "Ingrid Larsen", "Salvatore"} <= people


def test_a_later_mention_the_model_takes_for_a_place_stays_a_person(engine):
    text = "Asistentes: Marta Ruiz, Pablo Ortega\n- Marta presenta el presupuesto."
    result = engine.scan(text)
    second = text.rindex("Marta")
    assert any(f.start == second and f.category is Category.PERSON for f in result.findings)
