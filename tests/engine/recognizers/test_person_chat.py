from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_chat import PersonChatRecognizer
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonChatRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ana Souza — 09:12\ncan someone share the staging key?\n", ["Ana Souza"]),
        ("Kwame Mensah  14:03\nlooking now\n", ["Kwame Mensah"]),
        ("Priya  16:32\nthat works\n", ["Priya"]),  # one word: a known first name
        ("[3/2/25, 08:14] Tomás Herrera: 👍\n", ["Tomás Herrera"]),  # emoji after the colon
        ("[3/2/25 08:15] Ingrid: X9921773B\n", ["Ingrid"]),  # an ID after the colon
        ("03/02/2025, 08:16 - Sunita Rao: sent\n", ["Sunita Rao"]),  # WhatsApp on Android
        ("[10:02] Lars Eriksson: danke Henrik!\n", ["Lars Eriksson", "Henrik"]),
        ("ok, thanks Ingrid!", ["Ingrid"]),
        ("merci Rosalie 🙏", ["Rosalie"]),
        ("gracias Iñigo", ["Iñigo"]),
        ("grazie mille Chiara!", ["Chiara"]),
    ],
)
def test_chat_speakers_and_thanked_first_names_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Lunch  12:30\n",  # an agenda entry, a word and a time
        "Keynote — 09:00\n",
        "thanks Copilot! thanks Team, thanks Jenkins.",
        "Thanks Everyone!",
        "merci Beaucoup",
        "Deploy window — 22:00\n",
    ],
)
def test_agenda_lines_and_thanked_tools_are_not_names(text):
    assert names(text) == []


def test_an_unknown_single_word_speaker_needs_several_header_lines():
    text = "Xochitlan  09:01\nhi\nKwame Mensah  09:02\nhey\n"
    assert names(text) == ["Xochitlan", "Kwame Mensah"]
    assert names("Xochitlan  09:01\nhi\n") == []


def test_discord_headers_and_zoom_chat_files_name_their_speakers():
    assert names("Kwame Mensah — Today at 10:35 AM\nhi all\n") == ["Kwame Mensah"]
    text = (
        "10:35:22 From Kwame Mensah to Everyone:\thi\n"
        "10:36:01 From Ana Souza to Kwame Mensah(privately) : ok\n"
    )
    assert names(text) == ["Kwame Mensah", "Ana Souza", "Kwame Mensah"]


def test_a_reply_opening_with_a_first_name_names_that_person():
    assert names("Subject: RE: portal\n\nTomasz, the login for the portal is below.") == ["Tomasz"]
    assert names("However, the build failed.\nWill, the deploy is late.\nThanks, see you") == []


def test_a_slack_header_with_the_time_in_brackets_names_its_speaker():
    text = "Adrián [14:15]\nos dejo el token de gitlab\nRubén [08:45]\ny el servidor de staging"
    assert names(text) == ["Adrián", "Rubén"]
