"""Names in structure and the vetoes on what NER takes for names and places (issue 11)."""

from __future__ import annotations

import pytest

from dlpguard.engine.filters import not_a_name_or_place
from dlpguard.engine.names import is_common_word, only_common_words, text_language
from dlpguard.engine.recognizers.location_fields import LocationFieldRecognizer
from dlpguard.engine.recognizers.person_csv import PersonCsvRecognizer
from dlpguard.engine.recognizers.person_fields import PersonFieldRecognizer
from dlpguard.engine.recognizers.person_greetings import PersonGreetingRecognizer
from dlpguard.engine.recognizers.person_speakers import PersonSpeakerRecognizer
from dlpguard.engine.types import Category, Finding


def found(recognizer, text: str) -> list[str]:
    return sorted({text[f.start : f.end] for f in recognizer.find(text, text.lower())})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Incident\n08:10  Agnieszka Bianchi disabled the key", ["Agnieszka Bianchi"]),
        ("00:01:12 Maria Keller\nSo the plan is\n00:01:40 Jean Dupont\nOk", ["Jean Dupont", "Maria Keller"]),
        ("Keller, Maria  10:41 AM\nCan you resend?\nDupont, Jean (External) 10:42 AM\nsure",
         ["Dupont, Jean", "Keller, Maria"]),
        ("[10:41] Keller, Maria: ok\n", ["Keller, Maria"]),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Maria Keller>Hello everyone</v>\n\n"
         "00:00:05.000 --> 00:00:07.000\n<v Dupont, Jean>Next</v>", ["Dupont, Jean", "Maria Keller"]),
        ("[Maria Keller] 10:41:22\nHello\n[Jean Dupont] 10:41:30\nHi", ["Jean Dupont", "Maria Keller"]),
        ("Maria Keller  10:41 AM\nHello there\nJean Dupont  10:42 AM\nhi", ["Jean Dupont", "Maria Keller"]),
    ],
)  # fmt: skip
def test_transcript_and_chat_export_speakers_are_found(text, expected):
    assert found(PersonSpeakerRecognizer(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Paris, France\n",
        "Keller, Maria\nwrote something",
        "Agenda\n09:00 Registration\n09:30 Welcome Coffee\n",
        "Daily Standup 09:30\n",
        "Build Started 10:41 AM\n",
    ],
)
def test_places_and_agenda_items_are_not_speakers(text):
    assert found(PersonSpeakerRecognizer(), text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("*Reporter:* Maria Keller\n*Assignee:* Jean Dupont", ["Jean Dupont", "Maria Keller"]),
        ("**Assignee:** Ana Souza", ["Ana Souza"]),
        ("<Dbtr><Nm>Hans Weber</Nm></Dbtr>", ["Hans Weber"]),
        ("Nome: Giulia Rossi", ["Giulia Rossi"]),
        ("||Reporter||Maria Keller||\n||Assignee|| Jean Dupont ||", ["Jean Dupont", "Maria Keller"]),
        ("| *Owner* | Ana |\n| Status | Open |", ["Ana"]),
        ("From: Keller, Maria <maria.keller@acme.de>\nSent: Monday\nTo: Dupont, Jean; Weber, Hans\n",
         ["Dupont, Jean", "Keller, Maria", "Maria", "Weber, Hans"]),
        ("Von: Keller, Maria\nAn: Team Finance", ["Keller, Maria"]),
        ("De : Jean Dupont [mailto:jd@example.fr]\nÀ : Service Client", ["Jean Dupont"]),
        ("A: Giulia Rossi; Marco Bianchi\nOggetto: fattura", ["Giulia Rossi", "Marco Bianchi"]),
        ("From: Jenkins <ci@example.io>\nTo: All Staff", []),
    ],
)  # fmt: skip
def test_markup_and_xml_name_fields_are_found(text, expected):
    assert found(PersonFieldRecognizer(), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Buongiorno Marco,\nti scrivo per il contratto.\n\nCordiali saluti,\nGiulia Rossi",
         ["Giulia Rossi", "Marco"]),
        ("Gentile Dott.ssa Bianchi,\nla ringrazio", ["Bianchi"]),
        ("Un cordial saludo,\nCarmen Domínguez", ["Carmen Domínguez"]),
        ("Merci pour le retour.\n\nBien à toi,\nLéa", ["Léa"]),
        ("Bonjour,\nmerci.\n\nCordialement,\nJean DUPONT\nResponsable RH", ["Jean DUPONT"]),
        ("Bonjour Madame DUPONT,\nvoici le contrat.", ["DUPONT"]),
        ("Gentile Sig.ra ROSSI,\nle scrivo per la fattura.", ["ROSSI"]),
        ("Hi Team URGENT: Dear Mr API, Hello WORLD", []),
    ],
)  # fmt: skip
def test_italian_french_and_spanish_letters_frame_their_names(text, expected):
    assert found(PersonGreetingRecognizer(), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("INSERT INTO staff (id, first_name, city) VALUES (1, 'Lukas', 'Hamburg'), (2, 'Chloé', 'Lyon');",
         ["Hamburg", "Lyon"]),
        ("<PstlAdr><StrtNm>Lindenallee</StrtNm><TwnNm>Nürnberg</TwnNm></PstlAdr>", ["Nürnberg"]),
        ("<customer><name>Lucia Bianchi</name><city>Torino</city></customer>", ["Torino"]),
        ("<build><status>Running</status><stage>Deploy</stage></build>", []),
    ],
)  # fmt: skip
def test_place_columns_of_sql_inserts_and_place_elements_of_xml_are_locations(text, expected):
    assert found(LocationFieldRecognizer(), text) == expected


def test_sql_rows_without_a_column_list_give_full_names_of_a_people_table():
    text = "INSERT INTO customers VALUES (1, 'Ana Souza', 'ana@x.com'), (2, 'Jean Dupont', 'j@x.fr');"
    assert found(PersonCsvRecognizer(), text) == ["Ana Souza", "Jean Dupont"]
    assert found(PersonCsvRecognizer(), "INSERT INTO products VALUES (1, 'Blue Widget', 3.5);") == []


@pytest.mark.parametrize(
    "word, lang, common",
    [("Termin", "de", True), ("Courriel", "fr", True), ("Buongiorno", "it", True), ("Convert", "en", True),
     ("Smith", "en", False), ("Priya", "en", False), ("Mark", "en", False), ("Paris", "fr", False)],
)  # fmt: skip
def test_ordinary_words_of_a_language_are_told_from_names(word, lang, common):
    assert is_common_word(word, lang) is common


@pytest.mark.parametrize(
    "value, common",
    [("Invalid JWT Signature", True), ("Welcome Coffee", True), ("Access Denied", True),
     ("Maria Keller", False), ("John Smith", False), ("Maria García", False), ("Peter Parker", False)],
)  # fmt: skip
def test_phrases_of_ordinary_words_are_told_from_full_names(value, common):
    assert only_common_words(value) is common


def test_the_language_of_a_text_is_guessed_from_its_function_words():
    assert text_language("Buongiorno Marco, grazie per la mail e per il file") == "it"
    assert text_language("Bitte schicken Sie mir die Rechnung und den Vertrag") == "de"
    assert text_language("Zugang") is None


def _ner(text: str, value: str, label: str = "PERSON") -> Finding:
    start = text.index(value)
    category = Category.PERSON if label == "PERSON" else Category.LOCATION
    return Finding(label, category, start, start + len(value), 0.85, "SpacyNerRecognizer")


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("Summarise the thread below for the team.", "Summarise", "PERSON"),
        ("Map these columns to the new schema please.", "Map", "LOCATION"),
        ("We moved the build to Django last year.", "Django", "PERSON"),
        ("Benchmarks on Sapphire Rapids look good.", "Sapphire Rapids", "LOCATION"),
        ("The API answers Invalid JWT Signature for every call.", "Invalid JWT Signature", "PERSON"),
        ("Zugang fürs Testsystem: Benutzer admin", "Zugang", "LOCATION"),
        ("Termin am Montag, bitte bestätigen Sie den Termin.", "Termin", "LOCATION"),
        ("Courriel : merci de répondre avant lundi.", "Courriel", "PERSON"),
    ],
)
def test_products_imperatives_and_ordinary_words_are_vetoed(text, value, label):
    finding = _ner(text, value, label)
    assert not_a_name_or_place(finding, value, text) is not None


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("Thanks, I spoke to Priya about the invoice.", "Priya", "PERSON"),
        ("Smith approved the refund yesterday.", "Smith", "PERSON"),
        ("She moved to Warsaw in May.", "Warsaw", "LOCATION"),
        ("Die Lieferung kam nach Nürnberg zurück.", "Nürnberg", "LOCATION"),
        ("Mark Hill will join the call.", "Mark Hill", "PERSON"),
        ("Centro de trabajo: Madrid, desde el lunes", "Madrid", "LOCATION"),
    ],
)
def test_names_and_places_survive_the_vetoes(text, value, label):
    finding = _ner(text, value, label)
    assert not_a_name_or_place(finding, value, text) is None


def test_fields_and_greetings_are_trusted_over_the_vetoes():
    text = "Assignee: Ada"
    finding = Finding("PERSON", Category.PERSON, 10, 13, 0.7, "PersonFieldRecognizer")
    assert not_a_name_or_place(finding, "Ada", text) is None


def _scan(engine, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in engine.scan(text).findings]


@pytest.mark.parametrize(
    "text",
    [
        "Summarise this support thread in three bullet points for the changelog.",
        "Polish these release notes:\n\n## Nova Bridge 8.6.4 (build 99555)\n- faster uploads",
        "Convert this CSV to JSON and Map the columns to camelCase.",
        "Our Tekton pipeline on OpenShift fails with Invalid JWT Signature after the Vault upgrade.",
        "Compare Alder Lake and Sapphire Rapids for a build server, focus on compile times.",
        "Is Aurora Serverless v2 cheaper than provisioned Aurora for a spiky workload?",
        "Hudson was the ancestor of Jenkins. What changed after the fork?",
        "In Jupyter, how do I display a pandas DataFrame without the index?",
        "Django admin shows 'CSRF verification failed'. What are the usual causes?",
        "Buongiorno! Puoi spiegarmi la differenza tra una lista e una tupla in Python?",
        "Termin verschoben auf Donnerstag. Bitte die Agenda anpassen und Raum buchen.",
        "Termin: Montag 10 Uhr, Raum 3.12. Bitte Laptop mitbringen.",
        "Vielen Dank, das hat funktioniert.",
        "Liste les étapes pour installer Ubuntu sur un Raspberry Pi.",
        "Résumé : la migration de la base a échoué à cause d'un verrou.",
    ],
)
def test_prompts_products_and_ordinary_foreign_words_report_no_one(engine, text):
    assert _scan(engine, text) == []


def test_a_city_the_model_calls_a_person_is_reported_as_a_place(engine):
    text = "Customer: Where is my order?\nAgent: It left Rotterdam yesterday and should arrive on Monday."
    assert ("PERSON", "Rotterdam") not in _scan(engine, text)
    # where it locates someone, it is a place finding
    text = "Customer: I live in Rotterdam. Where is my order?"
    assert ("LOCATION", "Rotterdam") in _scan(engine, text)
    assert ("PERSON", "Rotterdam") not in _scan(engine, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[09:14] Keller, Maria\nHi team, the invoice for Globex is attached.\n"
         "[09:16] Okafor, Chinedu\nThanks, I'll forward it.",
         [("PERSON", "Keller, Maria"), ("PERSON", "Okafor, Chinedu")]),
        ("h2. Bug report\n*Reporter:* Ingrid Johansson\n*Assignee:* Pierre Lefebvre\n*Priority:* Major",
         [("PERSON", "Ingrid Johansson"), ("PERSON", "Pierre Lefebvre")]),
        ("Buongiorno Marco,\n\nti invio il contratto. Il mio indirizzo è Via Roma 12, 20121 Milano (MI).\n\n"
         "Cordiali saluti,\nGiulia Rossi",
         [("PERSON", "Marco"), ("LOCATION", "Via Roma 12, 20121 Milano (MI)"), ("PERSON", "Giulia Rossi")]),
        ("Hallo Frau Schneider,\n\nTermin am Montag passt. Die Lieferadresse ist Lindenallee 30, 99152 "
         "Nürnberg.\n\nViele Grüße\nJonas Becker",
         [("PERSON", "Schneider"), ("LOCATION", "Lindenallee 30, 99152 Nürnberg"),
          ("PERSON", "Jonas Becker")]),
    ],
)  # fmt: skip
def test_names_and_addresses_in_structure_are_found_whole(engine, text, expected):
    assert _scan(engine, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Klantgegevens\nNaam: Joost de Vries\nWoonplaats: Utrecht\nGeboortedatum: 12-03-1984\n",
            [("PERSON", "Joost de Vries"), ("LOCATION", "Utrecht"), ("DATE_OF_BIRTH", "12-03-1984")],
        ),
        (
            "Beste Sanne,\n\nKun je dit nakijken?\n\nMet vriendelijke groet,\nPieter Bakker",
            [("PERSON", "Sanne"), ("PERSON", "Pieter Bakker")],
        ),
        (
            "Ficha de cliente\nNome: Beatriz Carvalho\nData de nascimento: 03/07/1990\n",
            [("PERSON", "Beatriz Carvalho"), ("DATE_OF_BIRTH", "03/07/1990")],
        ),
        (
            "Olá Gonçalo,\n\nSegue o contrato.\n\nCumprimentos,\nInês Ferreira",
            [("PERSON", "Gonçalo"), ("PERSON", "Inês Ferreira")],
        ),
    ],
)
def test_dutch_and_portuguese_records_and_letters(engine, text, expected):
    assert _scan(engine, text) == expected
