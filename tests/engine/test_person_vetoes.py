"""What NER takes for a person or a place but is not one (issue 11): famous and fictional people,
placeholder names, dishes, medicines, companies, code names and ordinary nouns; and the first names the
model calls places. Real private names beside them must survive."""

from __future__ import annotations

import pytest

from dlpguard.engine.filters import (
    KNOWN_EXAMPLE_REASON,
    _language,
    code_name_or_room,
    example_kind,
    false_positive_reason,
    health_or_eponym,
    named_thing,
    not_a_name_or_place,
    organisation,
    placeholder_name,
    public_figure,
)
from dlpguard.engine.ner import _trim
from dlpguard.engine.types import Category, Finding

_NER = "SpacyNerRecognizer"


def at(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


def guess(text: str, value: str, entity: str = "PERSON", recognizer: str = _NER) -> str | None:
    """The veto reason for NER's (or another recognizer's) finding on `value` inside `text`."""
    start, end = at(text, value)
    category = Category.PERSON if entity == "PERSON" else Category.LOCATION
    return not_a_name_or_place(Finding(entity, category, start, end, 0.85, recognizer), value, text)


def names(engine, text: str, entity: str = "PERSON") -> list[str]:
    return [text[f.start : f.end] for f in engine.scan(text).findings if f.entity_type == entity]


# --- the pure checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("Our keynote opens with a quote from Marie Curie on curiosity.", "Marie Curie"),
        ("Compare the styles of Frédéric Chopin and Claude Debussy.", "Frédéric Chopin"),
        ("Un article sur Simone de Beauvoir et la liberté.", "Simone de Beauvoir"),
        ("The kids voted for Hermione Granger as the best character.", "Hermione Granger"),
        ("Book the Turing room for Friday.", "Turing"),
        ("a detective story in the style of Hercule Poirot", "Poirot"),  # the span without the first name
        ("Schreib einen Absatz über Sherlock Holmes.", "Holmes"),
        ("Explain Schrödinger's cat to a child.", "Schrödinger"),
        ("Summarise: Jensen Huang told analysts that demand stays high.", "Jensen Huang"),
        ("Ein Absatz darüber, warum unser Rechenzentrum nach Lise Meitner benannt ist.", "Lise Meitner"),
        ("Quote J. R. R. Tolkien here.", "J. R. R. Tolkien"),  # initials, as the filter reads them
        ("Quote J.K. Rowling here.", "J.K. Rowling"),
    ],
)
def test_famous_and_fictional_people_are_public_figures(text, value):
    assert public_figure(value, text, *at(text, value))


@pytest.mark.parametrize(
    "text, value",
    [
        ("Please call Mr Holmes back about the invoice.", "Holmes"),  # a common surname alone
        ("Ask Harry about the rota.", "Harry"),
        ("Anna Potter joined the finance team today.", "Anna Potter"),
        ("Invite Grace, the new analyst.", "Grace"),
    ],
)
def test_private_people_with_famous_words_in_their_names_are_not_public_figures(text, value):
    assert not public_figure(value, text, *at(text, value))


@pytest.mark.parametrize(
    "text, value",
    [
        ("Name: Jane Doe", "Jane Doe"),
        ("Kunde: Erika Mustermann, Kundennummer 123", "Erika Mustermann"),
        ("Sample customer: Joe Bloggs", "Joe Bloggs"),
        ("Cliente di esempio: Mario Rossi", "Mario Rossi"),
        ("Datos ficticios: Juan Pérez", "Juan Pérez"),
        ("Formulaire exemple : Nom : DUPONT, Prénom : Jean", "Jean"),  # the halves sit in two fields
        ("Fulano de Tal llenó el formulario", "Fulano de Tal"),
    ],
)
def test_placeholder_persons_are_test_values(text, value):
    assert placeholder_name(value, text, *at(text, value))
    assert example_kind(value) == "placeholder name"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mario Rossi ha chiamato ieri per la fattura.", "Mario Rossi"),  # no word says it is made up
        ("Jean Dupont signe le contrat demain.", "Jean Dupont"),
        ("Nom : MARTIN, Prénom : Jean", "Jean"),
    ],
)
def test_common_real_names_are_placeholders_only_in_example_data(text, value):
    assert not placeholder_name(value, text, *at(text, value))


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("Dinner options: Chicken Tikka Masala or Beef Stroganoff.", "Beef Stroganoff", True),
        ("Brunch: Eggs Florentine and coffee", "Florentine", True),
        ("She ordered a Bloody Mary.", "Bloody Mary", True),
        ("Menu: Pasta Primavera, then Key Lime Pie.", "Pasta Primavera", True),
        ("Mary Stroganoff called about the order.", "Mary Stroganoff", False),
        ("Florentine Meyer called about the order.", "Florentine Meyer", False),
    ],
)
def test_dishes_and_drinks_named_like_people(text, value, expected):
    assert named_thing(value, text, *at(text, value)) is expected


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("She was prescribed Lamotrigine last week.", "Lamotrigine", True),
        ("Diagnose: Morbus Crohn", "Morbus Crohn", True),
        ("He has Hodgkin's lymphoma.", "Hodgkin", True),
        ("We all know Murphy's law.", "Murphy", True),
        ("Plot it on a Lorenz curve.", "Lorenz", True),
        ("Befund: Morbus Bechterew", "Bechterew", True),
        ("Murphy called about the invoice.", "Murphy", False),
    ],
)
def test_medicines_conditions_and_eponyms(text, value, expected):
    assert health_or_eponym(value, text, *at(text, value)) is expected


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("Pago a Construcciones Ibarra S.L. pendiente", "Construcciones Ibarra", True),
        ("Invoice from Marchetti S.p.A.", "Marchetti", True),
        ("Factura de Hermanos Ruiz", "Hermanos Ruiz", True),
        ("Contract with Bellucci & Figli Srl", "Bellucci & Figli Srl", True),
        ("Carlos Ibarra se fue a casa.", "Carlos Ibarra", False),  # "se" is a pronoun, not SE
    ],
)
def test_companies_by_legal_form_or_organisation_word(text, value, expected):
    assert organisation(value, text, *at(text, value)) is expected


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("The Falcon retro moves to Monday.", "Falcon", True),
        ("We booked the Matterhorn room for the offsite.", "Matterhorn", True),
        ("Status of project Lighthouse?", "Lighthouse", True),
        ("Sturmtief Xaver legt den Bahnverkehr lahm.", "Sturmtief Xaver", True),
        ("Damage from Hurricane Ophelia was limited.", "Ophelia", True),
        ("Please call Jonas tomorrow.", "Jonas", False),
    ],
)
def test_code_names_rooms_and_workspaces(text, value, expected):
    assert code_name_or_room(value, text, *at(text, value)) is expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Fattura n. 12/2026 – Totale € 80,00\nPagamento tramite bonifico su IT60X0542811101000000123", "it"),
        ("Rechnung Nr. 77, Zahlung bis Freitag", "de"),
        ("Please send the report by Friday.", "en"),
    ],
)
def test_language_guess_reads_ordinary_words_and_ignores_iban_prefixes(text, lang):
    assert _language(text) == lang


# --- the veto as the engine applies it -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, entity, reason",
    [
        ("Spalte D enthält die Summe, bitte prüfen.", "Spalte D", "PERSON", "common words"),
        ("2020–heute  Sachbearbeiterin Personalwesen, Firma X", "Sachbearbeiterin Personalwesen", "PERSON",
         "job title"),
        ("Bitte um Rückruf wegen meiner Mitgliedschaft.", "Mitgliedschaft", "LOCATION", "common words"),
        ("Leider ist kein Zahlungseingang erfolgt. Bitte prüfen Sie das.", "Zahlungseingang", "LOCATION",
         "common word"),
        ("Dove devo inviare la fattura?\nCosa serve ancora?", "Cosa", "LOCATION", "question word"),
        ("Dashboards live in the Matterhorn workspace.", "Matterhorn", "LOCATION", "code name or room"),
        ("Address: 1 Example Road, Anytown", "Anytown", "LOCATION", KNOWN_EXAMPLE_REASON),
        ("Cast: Sherlock Holmes and Dr Watson", "Sherlock Holmes", "PERSON", "public figure"),
    ],
)  # fmt: skip
def test_guessed_names_and_places_that_are_not_are_vetoed(text, value, entity, reason):
    assert guess(text, value, entity) == reason


@pytest.mark.parametrize(
    "text, value, entity",
    [
        ("Ciao Davide, ti mando il contratto.", "Davide", "PERSON"),
        ("Wir liefern in die Pfalz und nach Halle.", "Pfalz", "LOCATION"),
        ("Kunde Jonas Baumgartner ruft morgen an.", "Jonas Baumgartner", "PERSON"),
        ("Thanks Hope, see you Monday.", "Hope", "PERSON"),
    ],
)
def test_real_names_and_places_are_kept(text, value, entity):
    assert guess(text, value, entity) is None


def test_a_record_field_keeps_a_famous_name_but_not_a_placeholder():
    text = "Employee: Michael Jordan\nManager: John Doe"
    assert guess(text, "Michael Jordan", recognizer="PersonFieldRecognizer") is None
    assert guess(text, "John Doe", recognizer="PersonFieldRecognizer") == KNOWN_EXAMPLE_REASON


# --- with the model ------------------------------------------------------------------------------


def test_famous_people_in_a_prompt_are_dropped_and_the_colleague_is_kept(engine):
    text = (
        "Write a short blog post about what engineers can learn from Grace Hopper and Leonardo da Vinci. "
        "Priya Raman from our platform team will review it."
    )
    assert names(engine, text) == ["Priya Raman"]


def test_placeholder_persons_are_reported_as_known_test_values(engine):
    text = "For the onboarding demo use this sample record:\nName: Joe Bloggs\nCity: Anytown\n"
    result = engine.scan(text)
    assert [f for f in result.findings if f.category in (Category.PERSON, Category.LOCATION)] == []
    assert sorted(result.known_test_values) == ["placeholder name", "placeholder town"]


def test_a_lunch_menu_names_no_one(engine):
    text = "Team lunch vote: Chicken Tikka Masala, Caesar Salad, Eggs Benedict or Spaghetti Carbonara?"
    assert names(engine, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Can you help me write a short reply to Bethany about the leave request?", "Bethany"),
        ("Please check why Kenji's build keeps failing on the main branch.", "Kenji"),
        ("Summary: Wojciech said the cache is cold, Aisha restarted the workers.", "Aisha"),
    ],
)
def test_a_first_name_the_model_calls_a_place_is_a_person(engine, text, expected):
    found = engine.scan(text).findings
    assert expected in [text[f.start : f.end] for f in found if f.entity_type == "PERSON"]
    assert [f for f in found if f.entity_type == "LOCATION"] == []


def test_a_first_name_that_is_also_a_place_is_no_person_without_a_person_cue(engine):
    # an office locates no one, so the place is no finding either (place_anchors.py)
    text = "Last spring we opened a second office in Georgia."
    assert engine.scan(text).findings == ()
    text = "Our new hire lives in Georgia."
    found = engine.scan(text).findings
    assert [(f.entity_type, text[f.start : f.end]) for f in found] == [("LOCATION", "Georgia")]


def test_a_role_noun_closing_a_german_noun_phrase_is_trimmed():
    text = "Betroffener Kunde"
    start, end = _trim(text, 0, len(text))
    assert text[start:end] == "Betroffener"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Indirizzo di esempio per il manuale: Via Verdi 3, 00100 Roma", "example data"),
        ("We tested the rollout in Berlin last week.", None),
    ],
)
def test_a_town_on_a_line_of_made_up_data_is_not_a_finding(text, expected):
    value = "Roma" if "Roma" in text else "Berlin"
    assert guess(text, value, "LOCATION") == expected


def test_a_greeting_keeps_a_famous_surname_but_not_a_famous_full_name():
    text = "Hallo Herr Kant, danke für Ihre Nachricht."
    assert guess(text, "Kant", recognizer="PersonGreetingRecognizer") is None
    text = "Dear Immanuel Kant, your critique arrived."
    assert guess(text, "Immanuel Kant", recognizer="PersonGreetingRecognizer") == "public figure"


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("Reading list: Tolstoy, Chekhov, Gogol and Dostoevsky.", "Gogol", True),
        ("Invite Anna Keller, Tomasz Nowak and Albert Einstein fans.", "Anna Keller", False),
    ],
)
def test_an_item_of_a_list_of_famous_names_is_famous_too(text, value, expected):
    assert (guess(text, value) == "public figure") is expected


def test_a_title_before_a_listed_name_still_completes_it():
    text = "A poster that says 'Reserved for Dr. Seuss fans'"
    assert guess(text, "Seuss", recognizer="PersonGreetingRecognizer") == "public figure"


def test_a_medicine_the_model_calls_a_place_is_not_a_place() -> None:
    from dlpguard.engine.filters import _not_a_place

    reason = _not_a_place("Amoxicillin", "Amoxicillin is an antibiotic.", 0, "", "en")
    assert reason == "medicine or condition"
    assert _not_a_place("Lyon", "She moved to Lyon.", 13, "She moved to ", "en") is None


def test_a_frequent_word_of_another_language_is_no_person_in_english_prose(engine):
    text = "Take the tram to Bahnhof Friedrichstraße, then walk to Unter den Linden."
    assert [f for f in engine.scan(text).findings if f.entity_type == "PERSON"] == []


def test_a_venue_named_for_its_city_is_no_person(engine):
    text = "Conference venue: Messe München, Messegelände, 81823 München."
    assert [f for f in engine.scan(text).findings if f.entity_type == "PERSON"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Arlen Vossberg met reporters in Geneva on Tuesday.",
        "The striker Tomasz Wrzecion scored twice for Lech.",
        "Bundeskanzlerin Hella Marstrand sprach in Bonn.",
        "Presidente Carla Menotti ha parlato ieri.",
    ],
)
def test_someone_named_with_a_public_office_or_role_is_a_public_figure(engine, text):
    assert [f for f in engine.scan(text).findings if f.entity_type == "PERSON"] == []


def test_a_colleague_named_with_an_internal_role_is_still_a_person(engine):
    text = "Our director Anna Roe approved the budget."
    assert "Anna Roe" in [text[f.start : f.end] for f in engine.scan(text).findings]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ciao, Riassumi la policy: i documenti riservati non vanno inviati.", "Riassumi"),
        ("per favore Semplifica: L'ipertensione colpisce molti adulti.", "Semplifica"),
        ("URGENTE: Apunta esto en mi agenda:", "Apunta"),
    ],
)
def test_an_imperative_after_a_polite_opener_is_no_name(text, value):
    assert guess(text, value) == "imperative"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Nom / Prénom : ..........  (ex. : Jean Dupont)", "Jean Dupont"),
        ("Naam: ________ (voorbeeld: Jan Jansen)", "Jan Jansen"),
    ],
)
def test_a_placeholder_name_after_an_example_marker_is_a_known_example(text, value):
    assert guess(text, value) == KNOWN_EXAMPLE_REASON


@pytest.mark.parametrize(
    "text, value",
    [
        ("da Piazza Cavour lungo Via Garibaldi fino a Via Aldo Moro, poi il duomo", "Aldo Moro"),
        ("follow the signs to the Ana Duarte statue, then the harbour", "Ana Duarte"),
        ("Must see: Sagrada Família, then lunch.", "Sagrada Família"),
        ("ho provato l'Alfa Romeo Giulia e la Fiat Panda", "Romeo Giulia"),
        ("el nuevo Seat León llega a los concesionarios", "Seat León"),
        ("Serve with Rose wine from Provence.", "Rose"),
    ],
)
def test_a_name_that_names_a_street_a_landmark_a_car_or_a_drink_is_no_person(text, value):
    assert guess(text, value) in ("named place or thing", "product name", "named dish or thing")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Celtic beat Real Madrid 2-3. Virgil van Dijk scored in the 48th minute.", "Virgil van Dijk"),
        ("le Stade Toulousain bat le Racing 92 29-11, Antoine Dupont élu homme du match.", "Antoine Dupont"),
        ("la Lazio ha vinto 3-1 a Bologna. In tribuna Francesco Totti e altri.", "Francesco Totti"),
        ("Erstelle 3 Quizfragen zu Clara Schumann für unseren Teamabend.", "Clara Schumann"),
        ("AZ–FC Utrecht 5-2. Doelpunten: Joost Kamphuis (18'), Sem Veldkamp (63').", "Sem Veldkamp"),
        ("Porto 4-1 Braga. Golos de Tiago Mendes e Rui Pato. Público: 41 mil.", "Rui Pato"),
        ("Milan-Roma 1-2. Gol di Luca Berti al 29', raddoppio di Ivo Sala.", "Ivo Sala"),
        ("Arsenal 0-0 Spurs. Att: 60,112. Ref: Michael Oakes.", "Michael Oakes"),
    ],
)
def test_full_names_in_a_match_report_or_a_quiz_are_public(text, value):
    assert guess(text, value) == "public figure"


@pytest.mark.parametrize(
    "text, value",
    [
        # Clock times are no score, and "but" is no French goal.
        ("Pemberton, Olivia 8:08 AM\nSure, but the card is wrong.\nJana Berg 8:09 AM", "Jana Berg"),
        ("We won the pitch, 3 of 4 votes. Jana Berg will send the contract.", "Jana Berg"),
    ],
)
def test_a_private_name_near_times_or_results_stays_a_name(text, value):
    assert guess(text, value) is None


def test_a_brand_alone_is_no_name_but_the_same_word_after_a_title_is():
    text = "Shares of Prada rose after Armani and Benetton reported results."
    assert guess(text, "Armani") == "named dish or thing"
    greeting = "Hallo Frau Prada, danke für Ihre Nachricht."
    assert guess(greeting, "Prada", recognizer="PersonGreetingRecognizer") is None


def test_a_county_named_after_co_is_no_person():
    assert guess("Tenant Nguyet Kumar, 5 Orchard Way, Naas, Co. Louth. PPS on file.", "Louth") is not None


def test_a_dutch_question_word_opening_a_message_is_no_name():
    assert guess("[2-9-2024 08:22] Ilse: Wat was het adres ook alweer?", "Wat") == "question word"


@pytest.mark.parametrize(
    "text, value",
    [
        ("We also have an internal bot called Jarvis and a Slack app named Ada.", "Jarvis"),
        ("Our mascot is called Captain Byte.", "Byte"),
        ("Scrivi tre slogan per la nuova linea Bella Vista di caffè", "Bella Vista"),
    ],
)
def test_a_thing_given_a_name_is_no_person(text, value):
    assert guess(text, value) == "product name"


def test_someone_introduced_by_role_stays_a_person():
    assert guess("The landlord's agent is Megan Patel, number is +44 7829 148803", "Megan Patel") is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("Milan-Roma 1-2. Gol di Luca Berti al 29'. Spettatori 48.192 a Milano.", "Milano"),
        ("AZ–NEC 3-3. Doelpunten: Sem Veldkamp (6'). Toeschouwers: 43.000 in Alkmaar.", "Alkmaar"),
    ],
)
def test_a_place_in_a_match_report_locates_no_one(text, value):
    start = text.index(value)
    place = Finding("LOCATION", Category.LOCATION, start, start + len(value), 0.85, "SpacyNerRecognizer")
    assert false_positive_reason(place, text) == "public place"


def test_an_italian_imperative_with_a_pronoun_is_no_name():
    assert guess("Orari 9-18. Scrivici a info@example.it per domande.", "Scrivici") == "imperative"


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Sort by runtime: 'Oppenheimer' (Cillian Murphy), 'Amélie' (Audrey Tautou), 'Volver'",
            "Audrey Tautou",
        ),
        ("Classe par durée : « Amélie » (Audrey Tautou), « Intouchables » (Omar Sy), un film", "Omar Sy"),
        ("Lisbon 2-4 Manchester. Aitana Bonmatí ouvre le score à la 30e minute.", "Aitana Bonmatí"),
    ],
)
def test_the_cast_of_films_and_scorers_in_french_reports_are_public(text, value):
    assert guess(text, value) == "public figure"


def test_one_quoted_title_beside_a_film_word_keeps_the_colleague():
    text = "Our training film 'Onboarding' features Anna Roe from HR."
    assert guess(text, "Anna Roe") is None


@pytest.mark.parametrize(
    "text, value",
    [("- Paul Smith shirt, size M", "Paul Smith"), ("- Karl Weber Parfüm, 50 ml", "Karl Weber")],
)
def test_a_name_before_a_product_noun_is_a_brand(text, value):
    assert guess(text, value) in ("named place or thing", "named dish or thing")


@pytest.mark.parametrize(
    "text, value",
    [
        ("what's the song Billie Jean by Dolores Quintero about?", "Dolores Quintero"),
        ("Di cosa parla la canzone di Ornella Bassi a Sanremo?", "Ornella Bassi"),
    ],
)
def test_a_work_and_its_maker_are_public(text, value):
    assert guess(text, value) == "title or artist"


def test_a_name_enumerated_with_brands_in_a_shop_text_is_a_brand():
    text = "Post per il negozio: nuovi arrivi Giorgio Armani, Luisa Spagnoli e Ferrero! Codice sconto NATALE"
    assert guess(text, "Luisa Spagnoli") == "product name"


def test_colleagues_in_a_list_beside_a_shop_word_stay_people():
    text = "Please add Anna Roe and Peter Kowalski to the shopping list thread, ask Anna for the coupon."
    assert guess(text, "Peter Kowalski") is None
    assert guess("und die nummer von mireille?", "mireille") is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Maak een productomschrijving voor de webshop: Kees Bolk en Peijnenburg in de aanbieding",
            "Kees Bolk",
        ),
        ("Cria uma descrição para o marketplace: Mate Leão e Nescau, caixa com 13 unidades", "Mate Leão"),
    ],
)
def test_a_name_in_sales_copy_is_a_brand(text, value):
    assert guess(text, value) == "product name"


def test_a_customer_on_an_invoice_with_units_stays_a_person():
    text = "FACTURA Nº 2024/333\nCLIENTE\nIker Vidal  NIF: 35307212G\nConcepto Unidades Precio Importe"
    assert guess(text, "Iker Vidal") is None


def test_a_full_name_listed_among_famous_ones_is_famous_whoever_found_it():
    text = "Make a booking table: rooms Nikola Tesla, Marie Curie, Hedy Lamarr on floor 2"
    assert guess(text, "Hedy Lamarr", recognizer="PersonKnownNameRecognizer") == "public figure"


# --- session 8: roles, sites, routes, venues, brands, ordinal dates ------------------------------


@pytest.mark.parametrize(
    "text, role",
    [
        ("09:00:05 Moderator: welcome\n09:01:10 Participante: gracias, empezamos\n", "Participante"),
        ("00:10:02 Host: hello all\n00:11:40 Deelnemer: kan iemand de notulen delen?\n", "Deelnemer"),
        ("00:04:12 Animatrice : bonjour\n00:05:30 Intervenant : merci pour l'invitation\n", "Intervenant"),
    ],
)
def test_a_role_that_speaks_in_a_timed_transcript_is_no_name(engine, text, role):
    assert role not in names(engine, text)


@pytest.mark.parametrize(
    "text, label",
    [
        ("Bureau de Lyon : standard 04 00 00 00 00, accueil@example.fr.", "Bureau de Lyon"),
        ("Escritório de Braga: receção geral@example.pt, ext. 210.", "Escritório de Braga"),
    ],
)
def test_an_office_named_for_its_town_labels_a_directory_line(engine, text, label):
    assert label not in names(engine, text)


def test_a_speaker_with_a_particle_is_still_a_person(engine):
    text = "Maria da Silva: preciso do relatório até amanhã, liga-me depois"
    assert "Maria da Silva" in names(engine, text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Horário: TGV Nantes-Bordeaux sai às 08h10 da linha 3.", "TGV Nantes-Bordeaux"),
        ("ci vediamo allo Stadio Teodoro Ravelli prima della partita", "Stadio Teodoro Ravelli"),
        ("on se retrouve devant la Casa Ernesto Valdrada à midi", "Casa Ernesto Valdrada"),
        ("o jantar é na Rua Benedita Moura, ao lado do mercado", "Rua Benedita Moura"),
    ],
)
def test_routes_and_venues_named_after_people_are_places(text, value):
    assert guess(text, value) == "place name"


def test_a_surname_that_is_also_a_venue_word_stays_a_name():
    text = "Please send the contract to Torre Halvorsen before Friday."
    assert guess(text, "Torre Halvorsen") != "place name"


def test_a_legal_form_the_model_takes_for_a_place_is_the_company_s():
    text = "Solar Norte Imobiliária, Lda., NIPC 500000000. Sede: Rua Nova, Braga."
    assert guess(text, "Lda", "LOCATION") == "organisation"
    assert organisation("Solar Norte Imobiliária", text, *at(text, "Solar Norte Imobiliária"))


@pytest.mark.parametrize(
    "text, value",
    [
        ("mach mir daraus eine Tabelle Gesamtumsatz stieg im Mai um vier Prozent.", "Tabelle Gesamtumsatz"),
        ("Ihre Bestellung ist unterwegs. Sendungsnummer RR000000000DE folgt.", "Sendungsnummer"),
    ],
)
def test_german_nouns_glued_to_a_prompt_are_ordinary_words(text, value):
    assert guess(text, value) == "common words" or guess(text, value) == "common word"


def test_a_german_noun_before_a_full_name_keeps_the_name():
    text = "Bitte für den Steuerberater: Nachlass Henrike Lorbach, Depot bei der Sparkasse, Wallet folgt."
    assert guess(text, "Nachlass Henrike Lorbach") is None


def test_a_name_after_german_um_is_still_a_name():
    text = "Es geht um Henrike Lorbach, die seit Montag krank ist."
    assert guess(text, "Henrike Lorbach") is None


@pytest.mark.parametrize(
    "text, brand",
    [
        ("<item><warehouse>Leeds</warehouse><brand>Jack Daniel's</brand></item>", "Jack Daniel's"),
        ("sku;product;price\nAB-1;Albert Heijn;3,20\nAB-2;Dr. Martens;99,00", "Albert Heijn"),
    ],
)
def test_brands_named_after_people_are_not_persons(engine, text, brand):
    assert brand not in names(engine, text)


def test_a_german_ordinal_date_does_not_end_the_sentence_that_names_a_public_figure(engine):
    text = "Angela Merkel (geboren am 17. Juli 1954 in Hamburg) war Bundeskanzlerin. Schreib was dazu."
    assert names(engine, text, "LOCATION") == []
    private = "Ich habe am 3. Mai gekündigt. Henrike Lorbach wohnt in Hamburg."
    assert "Hamburg" in names(engine, private, "LOCATION")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Our Leeds office: reception 0113 000 0000. Meeting rooms: Curie, Hopper, Lovelace.", "Lovelace"),
        ("Escritório de Faro: salas: Pessoa, Saramago, Amália.", "Amália"),
    ],
)
def test_rooms_listed_after_a_rooms_label_are_rooms(text, value):
    assert guess(text, value) == "code name or room"


def test_a_department_is_an_organisation():
    text = "A equipa passa para a Direção Financeira na segunda-feira."
    assert guess(text, "Direção Financeira") == "organisation"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Liebe Frau Olberg, bitte Rückruf unter 0170 0000000. Gruß, Jörg", "Jörg"),
        ("perfetto, mandala anche a Giulia entro stasera", "Giulia"),
    ],
)
def test_a_known_first_name_the_model_calls_a_place_is_a_person(text, name):
    from dlpguard.engine.ner import _place_or_person

    start = text.index(name)
    assert _place_or_person(text, start, start + len(name), "GPE")[0] == "PERSON"


def test_a_first_name_inside_a_place_s_name_stays_a_place():
    from dlpguard.engine.ner import _place_or_person

    text = "then walk to Unter den Linden."
    start = text.index("Linden")
    assert _place_or_person(text, start, start + 6, "GPE")[0] == "GPE"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Please check the Supplier entries for Brennhold GmbH.", "Supplier"),
        ('Voicemail (0:42) — "hi, calling about the boiler"', "Voicemail"),
        ("- Metadata endpoint must be blocked from the pods", "Metadata"),
    ],
)
def test_a_lone_english_word_the_model_took_for_a_person_is_a_word(text, value):
    assert guess(text, value) == "common word"


def test_a_lone_listed_first_name_stays_a_name():
    text = "Hollis confirmed the order this morning."
    assert guess(text, "Hollis") is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("Met vriendelijke groet,\nWietse Hoekstra\nAccountmanager\nT +31 6 0000 0000", "Accountmanager"),
        ("Saludos,\nNerea Ibarguren\nResponsable RH\n600 000 000", "Responsable RH"),
    ],
)
def test_a_job_title_under_a_signature_is_no_name(text, value):
    assert guess(text, value) == "job title"


def test_a_project_named_in_a_sign_off_is_a_code_name():
    text = "Proposta de aquisição — Projeto Gaivota\nA administração decide em maio."
    assert guess(text, "Projeto Gaivota", recognizer="PersonGreetingRecognizer") == "code name or room"


@pytest.mark.parametrize(
    "text, value",
    [
        ("ik heb het al ingevuld\n\nNaam op kaart: Wietse Hoekstra\nKaartnummer: volgt", "Naam"),
        ("CURRICULUM\nData di nascita: 03/01/1970", "Data"),
    ],
)
def test_the_first_word_of_a_form_label_is_no_name(text, value):
    assert guess(text, value) == "field label"


def test_a_first_name_before_a_lowercase_verb_and_a_colon_stays_a_name():
    text = "Greta schreibt: bin morgen im Büro"
    assert guess(text, "Greta") is None


def test_a_trade_compound_ends_a_company_s_name():
    text = "Kontoinhaber: Brennwald Haustechnik, IBAN folgt."
    assert organisation("Brennwald Haustechnik", text, *at(text, "Brennwald Haustechnik"))


def test_a_brand_wearing_a_title_is_a_product():
    text = "Shopping list:\n- Mr. Muscle\n- bread"
    assert guess(text, "Muscle", recognizer="PersonGreetingRecognizer") == "product name"


@pytest.mark.parametrize(
    "text, value", [("tell Mrs Sow the contract is ready", "Sow"), ("Dear Mr Baker,", "Baker")]
)
def test_a_surname_after_a_title_stays_a_name(text, value):
    assert guess(text, value, recognizer="PersonGreetingRecognizer") is None


@pytest.mark.parametrize(
    "text, value, reason",
    [
        ("Meeting rooms on floor 3: Darwin, Newton, Curie.", "Newton", "code name or room"),
        ("Try the Cobb salad at Joe's Diner near the station.", "Joe", "business"),
        ("Bestel de haring bij Vishandel Piet Hein aan de Hoofdweg.", "Vishandel Piet Hein", "organisation"),
    ],
)
def test_rooms_businesses_and_shops_named_after_people(text, value, reason):
    assert guess(text, value) == reason


def test_a_transit_stop_named_like_a_person_is_a_place():
    text = "La tienda abre de 10 a 21 h. Metro Sevilla, salida 2."
    assert guess(text, "Metro Sevilla", recognizer="PersonKnownNameRecognizer") == "place name"


@pytest.mark.parametrize(
    "value",
    ["Cornelis Schuytstraat", "Johannes Vermeerplein", "Gran Vía", "Friedrich Ebert Allee"],
)
def test_a_street_named_for_someone_is_a_place(value):
    text = f"Straten in het centrum: {value}, Damrak en Rokin."
    assert guess(text, value) == "place name"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Le maire Grégory Fanchon a présenté le plan vélo.", "Grégory Fanchon"),
        ("Burgemeester Femke Ravensloot opende het festival.", "Femke Ravensloot"),
        ("Il sindaco Ottavio Brenta ha inaugurato la linea del tram.", "Ottavio Brenta"),
    ],
)
def test_a_mayor_is_a_public_figure(text, value):
    assert guess(text, value) == "public figure"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Liebe Frau Olberg, Jannik hat heute über Bauchschmerzen geklagt.", "Bauchschmerzen"),
        ('en Wouter Maes, wonende te Dorpsstraat 1, 3500 Hasselt ("Huurder")', "Huurder"),
    ],
)
def test_a_word_the_model_calls_a_place_that_no_gazetteer_knows_is_none(text, value):
    assert guess(text, value, "LOCATION") == "not a known place"


@pytest.mark.parametrize(
    "text, value",
    [("Kundenbeschwerde aus Bensheim, bitte zurückrufen", "Bensheim"), ("She moved to Lyon.", "Lyon")],
)
def test_a_town_after_a_preposition_or_known_to_the_gazetteer_stays_a_place(text, value):
    assert guess(text, value, "LOCATION") is None
