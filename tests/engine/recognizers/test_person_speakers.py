from __future__ import annotations

import re

import pytest

from dlpguard.engine.recognizers.person_speakers import PersonSpeakerRecognizer, dialogue_speakers
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonSpeakerRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Standup\n- Jing: finished the retry logic\n- Svetlana: blocked on the migration",
            ["Jing", "Svetlana"],
        ),
        ("2025-12-22 09:12  Wei Ivanova: Reproduced. Invoice goes to the old address.", ["Wei Ivanova"]),
        ("2025-12-22 14:31  Élodie: Closing.", ["Élodie"]),  # a timestamp makes a lone first name a speaker
        ("[15/03/2024, 10:23] Maria Keller: can you resend the invoice?", ["Maria Keller"]),
        ("Diego: wifi for the guest network is on the fridge", ["Diego"]),  # a chat message's first line
        ("- Ingrid Banerjee: L6, base 123k", ["Ingrid Banerjee"]),
        ("@Seo-yeon Girard here's the token for the bot", ["Seo-yeon Girard"]),
    ],
)
def test_names_labelling_a_line_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Action: Svetlana + Rebecca pair after lunch",  # a label, capital after
        "Betreff: Wartungsfenster am 28.01.",
        "Notes: align the L5 band",
        "x\nReturns: the user id",  # a docstring section in the middle of a text
        "Planning Time: 0.296 ms\nExecution Time: 0.194 ms",  # EXPLAIN output
        "  Index Cond: (customer_id = 42)",
        "Post-mortem: leaked credentials",
        "Error: connection refused",
        "@Override\npublic void run()",  # an annotation
        "ana@Globex Corp",
    ],
)
def test_labels_and_annotations_are_not_speakers(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Status\n- Falcon: rollout at 40%, waiting on QA\n- Orion: beta opens Monday",
        "Documento: carta d'identità n. CA00000AA",
    ],
)
def test_project_codenames_and_field_labels_are_not_speakers(text):
    assert names(text) == []


DIALOGUE = (
    "Score this interview.\n\nVIKRAM: Thanks for joining. Tell me about yourself?\n"
    "ROHAN: Sure. I have been at Harbourline for six years.\nVIKRAM: And why move?\nROHAN: Growth, mostly.\n"
)


def test_one_word_speakers_taking_turns_are_people_even_unlisted():
    assert dialogue_speakers(DIALOGUE) == [
        (m.start(), m.end()) for m in re.finditer(r"^(VIKRAM|ROHAN)", DIALOGUE, re.MULTILINE)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Host: db1\nPort: 5432\nHost: db2\nPort: 5433\n",  # fields
        "INFO: start\nWARN: slow\nINFO: done\nWARN: again\n",  # log levels
        "Kafka: lag 4\nRedis: ok\nKafka: lag 2\nRedis: ok\n",  # a status list of products
        "HTTP: 200\nDNS: ok\nHTTP: 500\nDNS: failed\n",  # acronyms
        "VIKRAM: Thanks for joining.\nROHAN: Sure.\n",  # one turn each: a list of labels, not a dialogue
    ],
)
def test_fields_levels_products_and_single_turns_are_no_dialogue(text):
    assert dialogue_speakers(text) == []


def test_three_speakers_taking_one_turn_each_are_a_dialogue():
    text = "Begoña: Vale, el cliente sigue sin pagar.\nItzel: Le llamé ayer.\nPilar: Pues revisa el extracto."
    assert [text[a:b] for a, b in dialogue_speakers(text)] == ["Begoña", "Itzel", "Pilar"]


def test_two_first_names_taking_one_turn_each_are_a_dialogue():
    text = "Note: call back\nAnna: ok, done\nPeter: fine"
    assert [text[a:b] for a, b in dialogue_speakers(text)] == ["Anna", "Peter"]


def test_lowercase_speakers_of_a_quoted_chat_are_people():
    text = "> khalid: anyone seen the invoice?\n> thomas: nope\n> khalid: ok, thanks"
    assert [text[a:b] for a, b in dialogue_speakers(text)] == ["khalid", "thomas", "khalid"]


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Hello\nAnna: ok\n",  # one name
        "VIKRAM: ok\nROHAN: fine\n",  # two labels in capitals, one turn each: headings as likely
        "todo: fix\nfixme: later\ntodo: again\n",  # lowercase labels that are no names
    ],
)
def test_a_single_exchange_or_lowercase_labels_are_no_dialogue(text):
    assert dialogue_speakers(text) == []


def test_lowercase_speakers_with_a_bracketed_time_are_a_dialogue():
    text = "ciaran [15:32]: ok who broke the export\nrachel [15:50]: not me\nciaran [15:57]: thx."
    assert [text[a:b] for a, b in dialogue_speakers(text)] == ["ciaran", "rachel", "ciaran"]


def test_unlisted_names_taking_turns_beside_a_listed_one_are_speakers():
    text = "Aminata: ok so the vendor hasn't paid.\nAva: I emailed them.\nAminata: the refund?\nAva: yes."
    assert [text[a:b] for a, b in dialogue_speakers(text)] == ["Aminata", "Ava", "Aminata", "Ava"]


def test_form_fields_beside_a_name_are_no_speakers():
    text = "Nombre: Guadalupe Etxeberria\nCURP: SZCD700108MDFSNP06\nDomicilio: Av. Chapultepec 2\nCLABE: 0214"
    assert dialogue_speakers(text) == []
