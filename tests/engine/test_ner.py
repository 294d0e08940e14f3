"""NER on prose with the real spaCy model, and the filters that reject identifiers taken for names."""

from __future__ import annotations

import itertools

import pytest

from dlpguard.engine.ner import _trim, is_english, ner_findings, plausible
from dlpguard.engine.prose import prose_segments


def ner(engine, text):
    segments, _ = prose_segments(text)
    return [(f.entity_type, text[f.start : f.end]) for f in ner_findings(engine._nlp, text, segments)]


def persons(engine, text):
    return {text[f.start : f.end] for f in engine.scan(text).findings if f.entity_type == "PERSON"}


EMAIL = """\
From: Maria Keller <maria.keller@globex.de>
Subject: Invoice export fails

Hi Priya,

thanks for the quick call yesterday. Our accountant Thomas Becker reported that the invoice export fails
since the update on Monday. Could you ask Jean Dupont from the Paris office to look into it?

Best regards,
Maria Keller
Head of Finance, Globex GmbH
"""

TICKET = """\
Customer Ana Souza cannot log in since Tuesday. She says the MFA prompt never arrives.
I asked Dr. Okafor from IT security to check the audit log; he confirmed the account was locked.
Sabine Wagner from HR will call her back tomorrow.

Thanks, Maria
"""

MEETING = """\
Meeting notes, 15 March
John will send the revised budget to Carlos Ruiz by Friday.
Priya and Ana discussed the migration to Frankfurt with Sabine Wagner.
"""

TRACE = """\
Traceback (most recent call last):
  File "/srv/app/person_service.py", line 88, in process
    name = PersonService(client).getUserName(user_id)
ValueError: invalid literal for int() with base 10: 'Smith'
java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null
\tat com.acme.billing.JohnsonFilter.doFilter(JohnsonFilter.java:57)
\tat com.acme.billing.Smith_Parser.parse(Smith_Parser.java:12)
"""

CODE = """\
class PersonService:
    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self.parser = Smith_Parser()

    def get_user_name(self, user_id: int) -> str:
        return JohnsonFilter(self.client).getUserName(user_id)
"""

# Prose that talks about code: the model tags JohnsonFilter, Jenkins and Grafana as people here.
PROSE_ABOUT_CODE = """\
The PersonService calls getUserName and then JohnsonFilter before Smith_Parser runs.
After that Jenkins deploys the build to Kubernetes and Grafana shows a NullPointerException.
"""


def test_names_in_an_email_are_found_with_exact_spans(engine):
    found = ner(engine, EMAIL)
    assert ("PERSON", "Thomas Becker") in found
    assert ("PERSON", "Jean Dupont") in found
    assert ("LOCATION", "Paris") in found
    # the signature entity "Maria Keller\nHead of" is split at the line break; the company is dropped
    assert found.count(("PERSON", "Maria Keller")) == 2
    assert not any(value.startswith(("Head", "Globex")) for _, value in found)


def test_titles_role_nouns_and_sign_off_words_are_trimmed_from_entities(engine):
    found = ner(engine, TICKET)
    assert ("PERSON", "Ana Souza") in found  # the model's span is "Customer Ana Souza"
    assert ("PERSON", "Okafor") in found
    assert ("PERSON", "Sabine Wagner") in found
    assert all("\n" not in value and value == value.strip() for _, value in found)


def test_the_engine_finds_every_name_of_the_samples(engine):
    assert persons(engine, EMAIL) == {"Maria Keller", "Priya", "Thomas Becker", "Jean Dupont"}
    assert persons(engine, TICKET) == {"Ana Souza", "Okafor", "Sabine Wagner", "Maria"}
    assert {"Carlos Ruiz", "Sabine Wagner"} <= persons(engine, MEETING)


@pytest.mark.parametrize("text", [TRACE, CODE, PROSE_ABOUT_CODE])
def test_stack_traces_code_and_identifiers_yield_no_person(engine, text):
    assert persons(engine, text) == set()


@pytest.mark.parametrize(
    "label, value",
    [
        ("PERSON", "PersonService"),
        ("PERSON", "getUserName"),
        ("PERSON", "Smith_Parser"),
        ("PERSON", "JohnsonFilter"),
        ("PERSON", "Johnson Filter"),
        ("PERSON", "NullPointerException"),
        ("PERSON", "Jenkins"),
        ("PERSON", "Grafana"),
        ("PERSON", "John Doe"),
        ("PERSON", "Ana Souza 2"),
        ("PERSON", "ana souza"),
        ("PERSON", "Keystone Fintech"),
        ("GPE", "US"),
        ("GPE", "Slack"),
    ],
)
def test_identifiers_tools_and_templates_are_not_plausible(label, value):
    assert not plausible(label, value)


@pytest.mark.parametrize(
    "label, value",
    [
        ("PERSON", "Maria Keller"),
        ("PERSON", "Jean-Luc van der Berg"),
        ("PERSON", "McDonald"),
        ("GPE", "New York"),
    ],
)
def test_names_and_places_are_plausible(label, value):
    assert plausible(label, value)


@pytest.mark.parametrize(
    "text, expected",
    [("Hi Priya", "Priya"), ("Dr. Okafor", "Okafor"), ("Maria's", "Maria"), ("(Ana Souza)", "Ana Souza")],
)
def test_trim_keeps_the_name_only(text, expected):
    start, end = _trim(text, 0, len(text))
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "text, english",
    [
        ("Could you ask Jean to look into it?", True),
        ("Ich bitte um Erstattung des Betrags auf folgendes Konto.", False),
        ("Je vous contacte au sujet de ma commande.", False),
        ("Se ha comprobado que el número es correcto.", False),
        ("Centro de trabajo: Málaga", False),  # no function words: not known to be English
    ],
)
def test_language_guess(text, english):
    assert is_english(text) is english


def test_outside_english_a_lone_capitalised_word_is_not_taken_for_a_name(engine):
    text = (
        "Betreff: Wartungsfenster am 28.01.2024\n\nIch bitte um Erstattung des Betrags auf folgendes Konto.\n"
    )
    assert persons(engine, text) == set()


def test_a_city_the_model_calls_a_person_becomes_a_location(engine):
    text = "Effective from the April payroll run. Employee relocated to Manchester; update the allocation.\n"
    found = {(f.entity_type, text[f.start : f.end]) for f in engine.scan(text).findings}
    assert ("PERSON", "Manchester") not in found


def test_long_prose_is_read_in_bounded_pieces_cut_at_line_ends():
    from dlpguard.engine.ner import bounded_segments
    from dlpguard.engine.prose import Segment

    text = "".join(f"Line {i} of the minutes, read aloud by the chair.\n" for i in range(400))
    pieces = bounded_segments(text, [Segment(0, len(text))], limit=1_000)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    assert all(p.end - p.start <= 1_000 and text[p.end - 1] == "\n" for p in pieces)


def test_one_huge_line_is_cut_hard_at_the_limit():
    from dlpguard.engine.ner import bounded_segments
    from dlpguard.engine.prose import Segment

    text = "word " * 1_000
    pieces = bounded_segments(text, [Segment(0, len(text))], limit=1_000)
    assert [p.end - p.start for p in pieces] == [1_000] * 5


@pytest.mark.parametrize(
    "text, word",
    [
        ("Upgrade from the Settings page; the migration runs in the background.", "Settings"),
        ("Churn in our Starter plan is still above target after the price change.", "Starter"),
    ],
)
def test_a_capitalised_noun_after_a_determiner_is_not_a_person(engine, text, word):
    assert [text[f.start : f.end] for f in engine.scan(text).findings if f.entity_type == "PERSON"] == []


def test_a_name_after_a_verb_is_still_a_person(engine):
    text = "Please ask Miguel whether the invoice went out before the weekend."
    names = [text[f.start : f.end] for f in engine.scan(text).findings if f.entity_type == "PERSON"]
    assert names == ["Miguel"]
