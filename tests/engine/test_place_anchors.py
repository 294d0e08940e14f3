"""A city or country is a finding only where it locates someone (dlpguard/engine/place_anchors.py)."""

from __future__ import annotations

import pytest

from dlpguard.engine import Engine, EngineConfig
from dlpguard.engine.place_anchors import anchored_places, people_over_guessed_places
from dlpguard.engine.types import Category, Finding


def found(text: str, value: str, entity: str, category: Category, recognizer: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return Finding(entity, category, start, start + len(value), 0.85, recognizer)


def place(text: str, value: str, recognizer: str = "SpacyNerRecognizer") -> Finding:
    return found(text, value, "LOCATION", Category.LOCATION, recognizer)


def person(text: str, value: str) -> Finding:
    return found(text, value, "PERSON", Category.PERSON, "SpacyNerRecognizer")


def kept_places(text: str, findings: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in anchored_places(text, findings) if f.category is Category.LOCATION]


def test_a_place_with_nobody_near_it_is_dropped_and_the_other_findings_stay():
    text = "Plan a team offsite: fly into Zurich, then the train.\nMail ops@acme.example for the budget."
    mail = found(text, "ops@acme.example", "EMAIL_ADDRESS", Category.CONTACT, "EmailRecognizer")
    zurich = place(text, "Zurich")
    # the mail on the next line anchors the place; without it the place goes
    assert kept_places(text, [zurich]) == []
    assert anchored_places(text, [zurich, mail]) == [zurich, mail]


@pytest.mark.parametrize("gap, kept", [(0, True), (1, True), (2, False)])
def test_a_name_within_two_lines_anchors_a_place_further_does_not(gap, kept):
    text = "Customer: Anna Keller\n" + "note\n" * gap + "Graz"  # Graz gap + 1 lines below
    assert kept_places(text, [person(text, "Anna Keller"), place(text, "Graz")]) == (["Graz"] if kept else [])


def test_a_blank_line_ends_the_paragraph_an_anchor_reaches():
    text = "Anna Keller called.\n\nWeather in Graz tomorrow?"
    assert kept_places(text, [person(text, "Anna Keller"), place(text, "Graz")]) == []


def test_a_field_place_is_anchored_by_anyone_in_its_record():
    text = "Name: Anna Keller\nDept: Sales\nTeam: B\nGrade: 4\nCity: Graz\n\nRegion revenue\nIberia 4,500"
    anna = person(text, "Anna Keller")
    graz = place(text, "Graz", "LocationFieldRecognizer")
    iberia = place(text, "Iberia", "LocationFieldRecognizer")
    assert kept_places(text, [anna, graz, iberia]) == ["Graz"]
    # the same place found by NER needs its anchor within two lines
    assert kept_places(text, [anna, place(text, "Graz")]) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("She lives in Leeds with two dogs.", "Leeds"),
        ("Der Mitarbeiter ist wohnhaft in Erfurt.", "Erfurt"),
        ("Née à Lyon, elle rejoint l'équipe.", "Lyon"),
        ("Nato/a il 04/04/1979 a Modena (MO)", "Modena"),
        ("currently based in Omaha.", "Omaha"),
    ],
)
def test_words_saying_someone_lives_or_was_born_there_keep_a_place(text, value):
    assert kept_places(text, [place(text, value)]) == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Compare train vs flight from Frankfurt to Nice.", "Frankfurt"),
        ("Organizza una cena di lavoro a Madrid per 40 persone.", "Madrid"),
        ("Our cloud-based fleet runs in Dublin.", "Dublin"),
        ("Our office moved to Dresden last year.", "Dresden"),
    ],
)
def test_travel_and_business_places_are_not_cued(text, value):
    assert kept_places(text, [place(text, value)]) == []


def test_an_address_is_always_a_finding_and_anchors_the_country_after_it():
    text = "SHIP TO:\n3 The Paddocks\nLeicester LE19 4SQ\nUnited Kingdom"
    address = place(text, "3 The Paddocks\nLeicester LE19 4SQ", "StreetAddressRecognizer")
    country = place(text, "United Kingdom")
    assert kept_places(text, [address, country]) == ["3 The Paddocks\nLeicester LE19 4SQ", "United Kingdom"]


def test_an_anchor_that_starts_before_the_scope_but_reaches_into_it_counts():
    text = "Addr:\n1 Long Road\nflat 2\nblock 3\nLeeds LS1 1AA\nnote\nYorkshire"
    address = place(text, "1 Long Road\nflat 2\nblock 3\nLeeds LS1 1AA", "StreetAddressRecognizer")
    assert kept_places(text, [address, place(text, "Yorkshire")])[-1] == "Yorkshire"


TRAVEL = "Quick question for the offsite: is it cheaper to take the train from Berlin to Munich?"
RECORD = "Kunde: Lena Vogt, Tel. +49 171 2345678, wohnt in Erfurt"


def test_the_engine_drops_lone_places_unless_the_policy_wants_all():
    default = Engine(load_model=False)
    every = Engine(EngineConfig(lone_places=True), load_model=False)

    def places(engine: Engine, text: str) -> list[str]:
        return [text[f.start : f.end] for f in engine.scan(text).findings if f.category is Category.LOCATION]

    assert places(every, TRAVEL)  # the gazetteer knows Berlin and Munich after "from" and "to"
    assert places(default, TRAVEL) == []
    assert places(default, RECORD) == ["Erfurt"]


@pytest.mark.parametrize(
    "text",
    [
        "Day 2: start at the Musée d'Orsay, 1 Rue de la Légion d'Honneur, 75007 Paris, then lunch nearby.",
        "Our headquarters are at 1600 Amphitheatre Parkway, Mountain View, CA 94043.",
        "Hotel Adlon Kempinski, Unter den Linden 77, 10117 Berlin – check-in from 3 pm.",
        "Ons kantoor: Lange Voorhout 34, 2514 EE Den Haag. Open ma–vr 9–17 uur.",
        # a company's registration number on the line: a contact page or a footer
        "La nostra sede: Via del Corso 300, 00186 Roma. Orari 9-18. P.IVA 38137117530 — REA MI-9496135.",
        "Musterfirma GmbH, Lindenallee 30, 99152 Nürnberg, HRB 12345, USt-IdNr. DE123456789",
        "To: Holloway Freight Ltd, 1 Canada Square, London E14 5AB",  # a company's legal form before it
        "Aan: Dekker Logistiek B.V., Coolsingel 40, 3011 AD Rotterdam",
        "Grupo Olmeda S.L.\nDomicilio social: Industriestraße 12, 50667 Köln\n",  # a letterhead
        "Heller & Sohn GmbH\nIndustriestraße 12, 50667 Köln\n",
        "Zur Lieferantenliste hinzufügen: Google, Zentrale: Werner-von-Siemens-Straße 1, 80333 München.",
    ],
)
def test_a_venues_address_locates_no_one(text):
    assert Engine(load_model=False).scan(text).findings == ()


def test_a_venues_address_with_someones_data_on_its_line_stays():
    text = "Please ship to Anna Roe (anna.roe@mail.co.uk) at our office, 12 High Street, Oxford OX1 4AA."
    found = Engine(load_model=False).scan(text).findings
    assert "12 High Street, Oxford OX1 4AA" in [text[f.start : f.end] for f in found]


def test_an_address_without_a_venue_is_a_finding_alone():
    text = "Bitte an Lindenallee 30, 99152 Nürnberg schicken."
    found = Engine(load_model=False).scan(text).findings
    assert [text[f.start : f.end] for f in found] == ["Lindenallee 30, 99152 Nürnberg"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Jana Berg, MRN 44. Uno studio dell'Università di Padova ha coinvolto 3831 pazienti.", "Padova"),
        ("Jana Berg: Centro: hospital universitario de Bilbao.", "Bilbao"),
        ("Jana Berg asked about the offices in Milano.", "Milano"),
    ],
)
def test_a_place_that_says_where_a_venue_is_locates_no_one(text, value):
    assert kept_places(text, [person(text, "Jana Berg"), place(text, value)]) == []


def test_a_place_someone_lives_in_beside_a_venue_word_stays():
    text = "Jana Berg lives in Padova and works at the office in Milano."
    assert kept_places(text, [person(text, "Jana Berg"), place(text, "Padova"), place(text, "Milano")]) == [
        "Padova"
    ]


def test_a_place_the_model_guessed_on_a_name_a_structure_reads_yields_to_the_name():
    text = "[21/04/2025, 17:30] Kenji: mum's new number is +44 7857 510308"
    speaker = found(text, "Kenji", "PERSON", Category.PERSON, "PersonChatRecognizer")
    kept = people_over_guessed_places(text, [place(text, "Kenji"), speaker])
    assert kept == [speaker]


def test_a_known_place_a_name_recognizer_also_reads_is_left_to_resolution():
    text = "Florence: see you in Florence"
    speaker = found(text, "Florence", "PERSON", Category.PERSON, "PersonSpeakerRecognizer")
    guessed = place(text, "Florence")
    assert people_over_guessed_places(text, [guessed, speaker]) == [
        guessed,
        speaker,
    ]  # known: resolve decides


def test_a_contracts_governing_law_locates_no_one():
    text = "Recipient: Jana Berg, 92 Mill Lane. Governing law: England and Wales."
    assert kept_places(text, [person(text, "Jana Berg"), place(text, "England"), place(text, "Wales")]) == []


def test_a_public_figure_born_somewhere_is_a_history_lesson_not_a_cue():
    engine = Engine(load_model=False)
    text = "Quiz: Alan Turing was born in Manchester and studied in Cambridge."
    assert engine.scan(text).findings == ()
    text = "Our new colleague Priya Raman was born in Manchester."
    assert "Manchester" in [text[f.start : f.end] for f in engine.scan(text).findings]


def test_an_address_under_a_signatures_role_and_company_stays():
    text = (
        "Best regards,\nLarissa Oliveira\nHead of Procurement | Quantrel Inc.\n"
        "11/90 Wickham Terrace, Adelaide SA 5901\n"
    )
    found = [text[f.start : f.end] for f in Engine(load_model=False).scan(text).findings]
    assert "11/90 Wickham Terrace, Adelaide SA 5901" in found


@pytest.mark.parametrize(
    "text, value",
    [
        ("new hire Ottilie Brandvik starts in the Tromsø office on Monday", "Tromsø"),
        ("For the Ghent contractor: Wouter Maes, paid monthly", "Ghent"),
        ("Supplier: Brennhold GmbH, registered office Leeds, contact Aino Rask", "Leeds"),
        ("Lieferant Brennhold GmbH, Sitz: Bremen. Ansprechpartnerin Aino Rask", "Bremen"),
    ],
)
def test_a_site_or_a_seat_locates_no_one_even_beside_a_name(text, value):
    findings = [place(text, value)]
    name = next(n for n in ("Ottilie Brandvik", "Wouter Maes", "Aino Rask") if n in text)
    findings.append(person(text, name))
    assert kept_places(text, findings) == []


def test_a_town_someone_lives_in_beside_a_name_stays():
    text = "Ottilie Brandvik lives in Tromsø and starts Monday"
    assert kept_places(text, [place(text, "Tromsø"), person(text, "Ottilie Brandvik")]) == ["Tromsø"]


def test_the_model_s_person_inside_a_venue_s_address_neither_anchors_it_nor_stays():
    text = "Our Leeds office: 4 Wharf Approach, Holbeck Quay, Leeds LS1 4BR\nReception opens at nine."
    address = place(text, "4 Wharf Approach, Holbeck Quay, Leeds LS1 4BR", "StreetAddressRecognizer")
    guessed = person(text, "Holbeck Quay")
    kept = anchored_places(text, [address, guessed])
    assert kept == []


@pytest.mark.parametrize(
    "text, address",
    [
        ("Convite: jantar no Coliseu da Ribeira, Rua das Flores 88, às 20h.", "Rua das Flores 88"),
        ("Invito: cena presso Lingotto Fiere, Via Nizza 12, Torino, ore 21.", "Via Nizza 12, Torino"),
    ],
)
def test_an_event_venue_s_address_locates_no_one(text, address):
    assert kept_places(text, [place(text, address, "StreetAddressRecognizer")]) == []


def test_a_shop_s_address_locates_no_one():
    text = "La tienda de la calle Alcalá 45, 28014 Madrid abre de 10 a 21 h."
    address = place(text, "calle Alcalá 45, 28014 Madrid", "StreetAddressRecognizer")
    assert kept_places(text, [address]) == []
