from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_greetings import PersonGreetingRecognizer
from tests.conftest import spans


def find(text):
    return spans(PersonGreetingRecognizer().find(text, text.lower()), text)


def names(text):
    return [value for _, value in find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # greetings, title left out of the span
        ("Hi Priya,\nthe build is red again.", ["Priya"]),
        ("Dear Mr. Okafor,\n\nplease find attached", ["Okafor"]),
        ("hey Raj, quick question", ["Raj"]),
        ("> Hi Maria, thanks for the update.", ["Maria"]),
        ("Good Morning Priya,", ["Priya"]),
        ("Hallo Herr Müller,\nanbei die Rechnung.", ["Müller"]),
        ("Liebe Frau Schneider,", ["Schneider"]),
        ("Sehr geehrte Frau Dr. Schneider,", ["Schneider"]),
        ("Bonjour Camille,\nvoici le devis.", ["Camille"]),
        ("Hola Lucía:\nte envío el contrato.", ["Lucía"]),
        ("Hola Álvaro 👋 la contraseña del wifi", ["Álvaro"]),
        # sign-offs, same line or next line
        ("Thanks, Maria Keller", ["Maria Keller"]),
        ("Ok. Thanks, Priya. I'll check tomorrow.", ["Priya"]),
        ("Thanks Maria!", ["Maria"]),
        ("deployed ✅ – merci Inés!", ["Inés"]),
        ("Best regards,\nJohn Smith\nSenior Support Engineer", ["John Smith"]),
        ("Best,\n\nAna Souza", ["Ana Souza"]),
        ("Mit freundlichen Grüßen\nSabine Wagner\nFriedrichstraße 12", ["Sabine Wagner"]),
        ("Cordialement,\nJean Dupont", ["Jean Dupont"]),
        ("Saludos,\nCarlos Ruiz", ["Carlos Ruiz"]),
        ("Saludos cordiales,\nMaría José García", ["María José García"]),
        ("Kind regards,\n--\nJean-Luc van der Berg | CTO", ["Jean-Luc van der Berg"]),
        ("Thanks,\r\nSiobhán O'Brien\r\n", ["Siobhán O'Brien"]),
        # signatures and openers without a greeting word
        ("asked for a call back.\n\n-- Florian Castillo, Tier 1 Support", ["Florian Castillo"]),
        ("Subject: Wire instructions\n\nTremaine,\n\nPlease use the following details", ["Tremaine"]),
        ("IBAN: BE23 3360 5095 1091 — Chloé MacLeod", ["Chloé MacLeod"]),
        # courtesy titles anywhere
        ("I asked Dr. Okafor from IT security to check.", ["Okafor"]),
        ("M. Dupont a appelé ce matin.", ["Dupont"]),
        ("La Sra. García llamó dos veces.", ["García"]),
        ("Prof. Dr. Ana Souza leads the study.", ["Ana Souza"]),
    ],
)
def test_names_framed_by_greetings_sign_offs_and_titles_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hi all,",
        "Hi team, the deploy is done.",
        "Hello World",
        "print('Hello World')",
        "Dear Sir or Madam,",
        "Dear Hiring Manager,",
        "Sehr geehrte Damen und Herren,",
        "Hallo zusammen,",
        "Bonjour à tous,",
        "Hola a todos,",
        "Hey Jenkins, rebuild main",  # a tool
        "Best Practices for logging",  # "best" without a comma is a heading, not a sign-off
        "Thanks. Will do.",
        "Regards,\nThe Support Team",
        "Viele Grüße\nEuer Plattform-Team",
        "Hi John Doe,",  # a placeholder name
        "Sure,\nI will send it.",
        "Ticket #4923 – Rückrufbitte",  # a single word after a dash is a title, not a signature
        "Sr. Software Engineer",
        "M Dupont",  # "M" without its dot is an initial
    ],
)
def test_teams_tools_headings_and_placeholders_are_not_names(text):
    assert find(text) == []


def test_framed_names_outrank_the_ner_model():
    # the model reads "Hi Rebecca" as a place; the letter's frame must win the overlap
    [finding] = PersonGreetingRecognizer().find("Hi Rebecca,\n", "hi rebecca,\n")
    assert finding.score > 0.85


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Spett.le Chiara Rinaldi\nVia Roma 41\n", ["Chiara Rinaldi"]),
        ("Praxis Dr. med. Femke Jansen · Innere Medizin", ["Femke Jansen"]),
        ("Postfach 12\n\nHerrn\nTobias Brandt\nBergstraße 1", ["Tobias Brandt"]),
        ("M. OKAFOR Chidi\n12 rue des Lilas", ["OKAFOR Chidi"]),  # surname first, in capitals
    ],
)
def test_addressees_of_letters_are_found(text, expected):
    assert [value for _, value in find(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mach das höflicher: „Hallo Nakamura, zum dritten Mal: die Rechnung", ["Nakamura"]),
        ('make this sound less angry: "Caleb, I have now called you three times"', ["Caleb"]),
        ("Write a polite reminder to Jacob: the invoice is overdue", ["Jacob"]),
        ("Schreib Minh eine Erinnerung: die Rechnung bitte bis Freitag", ["Minh"]),
        ("Scrivi a Ingrid un promemoria: la fattura scade", ["Ingrid"]),
        ("Tel. mit Hr. Dietrich (0157-26234937) – will kündigen", ["Dietrich"]),
        ("1. Morosità: il sig. Choi deve € 1.240,00", ["Choi"]),
        ("Ha chiamato la sig.ra Francesca Esposito da Torino", ["Francesca Esposito"]),
    ],
)
def test_quoted_messages_prompts_to_someone_and_abbreviated_titles_name_people(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'print("Paris, the capital")',
        '{"city": "Paris, the capital"}',
        "Write a reminder to Finance: budget due",
        "Send the report to Berlin.",
        "Write a Loki query that finds the errors",
        "Termin Fr. 12.03. um 10 Uhr",
        "the sig. figures are wrong",
    ],
)
def test_code_strings_teams_places_and_dates_are_not_addressees(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Your VPN works now.\nKind regards,\nFacilities", []),
        ("Cheers,\nPayroll", []),
        ("Thanks Rose!", ["Rose"]),  # a first name that is a word too
        ("Hi Will, see you at ten", ["Will"]),
        ("Tel. mit Hr. Krüger wegen Vertrag", ["Krüger"]),  # a title vouches for a word-like surname
    ],
)
def test_a_team_signing_off_is_no_person_but_a_first_name_that_is_a_word_is(text, expected):
    assert names(text) == expected


def test_a_comma_after_the_greeting_still_greets_a_name_but_not_a_request():
    found = lambda t: [t[f.start : f.end] for f in PersonGreetingRecognizer().find(t, t.lower())]  # noqa: E731
    assert found("\nMoin, Sönke hat sich krankgemeldet") == ["Sönke"]
    assert found("\nCiao, Riassumi la policy") == []
    assert found("\nHello, World!") == []


def test_a_greeted_role_is_no_name():
    text = "\nSehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,\nwir berichten"
    assert PersonGreetingRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Liebe Frau Wexcombe, Wiebke hat heute gefehlt. Gruß, Jörg\n", ["Wexcombe", "Wiebke", "Jörg"]),
        ("Dear Ms Wexcombe, Tilly was unwell today. Regards, Dorian", ["Wexcombe", "Tilly", "Dorian"]),
    ],
)
def test_parent_letter_names_the_child_and_signs_mid_line(text, expected):
    found = PersonGreetingRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == expected


def test_an_ordinary_word_after_the_greeting_is_no_child():
    text = "Liebe Frau Wexcombe, Morgen ist frei."
    found = PersonGreetingRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == ["Wexcombe"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Liebe/r Henrike, danke für die Rückmeldung.", "Henrike"),
        ("Caro/a Ottavio, grazie.", "Ottavio"),
        ("Prezado(a) Thiago, segue o contrato.", "Thiago"),
    ],
)
def test_a_greeting_written_for_both_genders_names_who_follows(text, name):
    assert names(text) == [name]
