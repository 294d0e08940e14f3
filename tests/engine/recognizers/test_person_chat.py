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


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[10:00] gonçalo: mano c ja fez o pix?\n[10:10] graça: vo fazer hj\n[10:11] gonçalo: blz",
            ["gonçalo", "graça", "gonçalo"],
        ),
        ("[10:00] sarah: did you send it?\n[10:10] tom: yes", ["sarah", "tom"]),
        ("[08:25] leonie: hey did u send the adress?", ["leonie"]),  # a known first name alone
        (  # WhatsApp on Android with a dashed date
            "4-11-26 19:02 - Stijn: er staat een busje\n4-11-26 19:12 - mehmet: ja idd",
            ["Stijn", "mehmet"],
        ),
    ],
)
def test_lowercase_chat_speakers_after_a_stamp_are_names(text, expected):
    assert names(text) == expected


def test_lowercase_labels_that_are_roles_or_words_are_no_speakers():
    assert names("[19:02] mum: did you take the pills\n[19:05] me: yes") == []
    assert names("[10:00] todo: fix the build\n[10:05] note: done") == []


def test_a_teams_header_with_one_space_names_its_speaker():
    text = "Raimundo 09:12\nbom dia! a password mudou\nEdvaldo 09:14\nobg, e o IP fixo?\nRaimundo 09:15\nsim."
    assert names(text) == ["Raimundo", "Edvaldo", "Raimundo"]


def test_an_agenda_with_one_space_before_its_times_names_no_one():
    assert names("Agenda\nKeynote 09:30\nLunch 12:30\nWorkshop 14:00\nDrinks 17:00") == []
    assert names("Deadline 17:00\nplease send the slides before then") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[02:29] Rose: empezamos, Cosima no viene otra vez.\n[03:10] Duncan: sí",
            ["Rose", "Cosima", "Duncan"],
        ),
        ("[19:02] mum: did vesna take the pills today\n[19:05] me: yes", ["vesna"]),
        (
            "[16:43] vesna: and bogdan's number?\n[17:07] gaëtan: 07304664199 thx",
            ["vesna", "bogdan", "gaëtan"],
        ),
    ],
)
def test_a_first_name_in_a_chat_message_names_a_person(text, expected):
    assert sorted(names(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "[10:00] ana: mano c ja fez o pix?\n[10:10] rui: blz, amanha sem falta",  # words that are names too
        "[12:45] Sara: ciao! mi mandi l'iban per la quota del regalo?\n[12:50] Dario: ok",
        "[09:00] ana: mail it to jane.doe@example.org\n[09:01] rui: ok",  # a name inside an address
    ],
)
def test_words_that_are_also_first_names_in_chat_messages_are_no_names(text):
    assert [v for v in names(text) if v not in ("ana", "rui", "Sara", "Dario")] == []


def test_a_lowercase_first_name_opening_a_chat_line_is_its_speaker():
    assert names("hartmut: send the 0.05 to my wallet") == ["hartmut"]
    assert names("blanche: can u book the hotel on my card?") == ["blanche"]


def test_indented_lowercase_keys_are_no_speakers():
    assert names("user:\n  geo: Leeds\n  example: jane.doe@example.com\n") == []


def test_tagged_chat_lines_name_their_speakers_and_the_people_they_mention():
    text = "[Teams] Mirjam: even ter info, Sem is ziek gemeld\n[Teams] thijs: oei, wie neemt het over?\n"
    assert sorted(names(text)) == ["Mirjam", "Sem", "thijs"]
    assert names("[INFO] Server: started\n[INFO] Worker: ready\n") == []


def test_a_first_name_in_a_dialogue_message_names_a_person_but_a_login_does_not():
    text = "Matteo: io sono via dal 22 al 3\nrocco: io dal 27, ma Letizia è in malattia\n"
    assert "Letizia" in names(text)
    text = "Moira: and the VPN one?\nJames: vpn user moira, password violet-falcon-maple\n"
    assert "moira" not in names(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a prompt, then the chat on the same line
        (
            "Traduci per favore: [19:02] gianluca: domani Lorenzo non viene\n[19:05] rosalba: ok",
            ["gianluca", "Lorenzo", "rosalba"],
        ),
        ("Translate this: wilhelmina: send it to my wallet pls\ngustav: ok", ["wilhelmina", "gustav"]),
        # a capitalised first name opening the pasted line
        ("what do you think?\nRosalba: per il rimborso usa il mio wallet", ["Rosalba"]),
    ],
)
def test_chat_after_a_prompt(text, expected):
    assert sorted(names(text)) == sorted(expected)


def test_a_speaker_named_in_lowercase_in_a_message():
    text = "[08:12] Rosalba: chi ha parcheggiato?\n[08:15] Ottavio: scusa rosalba sposto subito"
    assert "rosalba" in names(text)


@pytest.mark.parametrize("text", ["Note: this is fine", "Summary: the build failed\nStatus: done"])
def test_labels_are_not_speakers(text):
    assert names(text) == []


def test_roles_that_speak_after_a_stamp_are_no_names():
    text = "[09:00] Moderatore: benvenuti\n[09:01] Relatore: grazie, iniziamo\n[09:05] Pubblico: si sente?"
    assert names(text) == []
