from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.person_fields import PersonFieldRecognizer, key_before
from tests.conftest import spans


def find(text):
    return spans(PersonFieldRecognizer().find(text, text.lower()), text)


def names(text):
    return [value for _, value in find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # JSON, YAML, logs, INI, XML: the value only
        ('{"id": 4821, "name": "Ana Souza", "email": "ana@globex.com"}', ["Ana Souza"]),
        ('{"first_name": "Ana", "last_name": "Souza"}', ["Ana", "Souza"]),
        ('{"firstName":"Jürgen","lastName":"Weiß"}', ["Jürgen", "Weiß"]),
        ("customer:\n  full_name: Jürgen Weiß\n  city: Berlin", ["Jürgen Weiß"]),
        ("  - name: Ana Souza\n    role: admin", ["Ana Souza"]),
        ('2024-03-15 INFO refund approved customer="Priya Raman" amount=12.00', ["Priya Raman"]),
        ("reported_by=Lukas status=open", ["Lukas"]),
        (
            "[user]\n    name = Francesca Fernández\n    email = f.fernandez@polaris.io",
            ["Francesca Fernández"],
        ),
        ("<contact><firstName>Ana</firstName><lastName>Souza</lastName></contact>", ["Ana", "Souza"]),
        ("contact_name: 'Siobhán O'Brien'", ["Siobhán O'Brien"]),
        ("user.name: Ana Souza", ["Ana Souza"]),
        # ticket and HR headers in four languages
        ("Ticket #4821\nName: Ana Souza (HR)\nPriority: high", ["Ana Souza"]),
        ("Reporter: Lukas Becker\nAssignee: Priya", ["Lukas Becker", "Priya"]),
        ("Customer Name: Ana Souza", ["Ana Souza"]),
        ("Reported by: Priya Raman", ["Priya Raman"]),
        ("Kontoinhaber: Greta Braun\nKunde: Sabine Wagner, Berlin", ["Greta Braun", "Sabine Wagner"]),
        ("Nom : Dupont\nPrénom : Jean", ["Dupont", "Jean"]),
        ("Nouvelle salariée : Théo Durand, NIR 2 59 08", ["Théo Durand"]),
        ("Nombre: Carlos\nApellidos: Ruiz García", ["Carlos", "Ruiz García"]),
        # lists of people
        (
            "Attendees: Jing Schneider, Svetlana O'Brien and Abigail Sato",
            ["Jing Schneider", "Svetlana O'Brien", "Abigail Sato"],
        ),
        ("Teilnehmende: Lukas Becker, Lukas Fischer", ["Lukas Becker", "Lukas Fischer"]),
        ("- Enable push protection on all repos (owner: Agnieszka)", ["Agnieszka"]),
        # mailboxes
        ("From: Ana Souza <ana.souza@globex.com>", ["Ana Souza"]),
        ("Signed-off-by: Priya Raman <priya@acme.io>", ["Priya Raman"]),
        ("Cc: Priya <priya.r@acme.io>", ["Priya"]),  # a first name the address repeats
        # roles in prose
        ("Approved by Elif Gallagher.", ["Elif Gallagher"]),
        ("Escalado a Pablo Díaz. Respuesta al cliente por correo.", ["Pablo Díaz"]),
        ("Pris en charge par Sophie Bernard.", ["Sophie Bernard"]),
        ("Customer Tremaine Washington reports that invoices are late.", ["Tremaine Washington"]),
        ("Kunde Lukas Weber aus Bremen bittet um Rückruf.", ["Lukas Weber"]),
        ("el cliente Carmen Domínguez de Barcelona no recibe los SMS", ["Carmen Domínguez"]),
    ],
)
def test_person_fields_report_the_value_only(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "name = getUserName()",
        '"name": "user-service"',
        "name: nginx",
        "- name: Checkout",  # a CI step: a generic key needs first and last name
        "- name: Build And Test",
        "metadata:\n  name: Order Service",
        "customer: ACME Corp",
        '"author": "Dependabot"',
        "hostname: Web Server",  # a key glued into a longer identifier
        "app_name: Foo Bar",
        "name: John Doe",  # a placeholder
        'name: "${USER_NAME}"',
        "customer=Ana action=refund",  # a generic key with a single word
        "Beneficiary: Ferrox Materials",  # a company
        "To: Support <support@acme.io>",
        "assigned to Backend Team",
        "the Customer Success team",
        'if name == "Ana Souza":',
    ],
)
def test_identifiers_services_and_placeholders_are_not_names(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, key",
    [
        ('{"first_name": ', "first_name"),
        ("Customer Name: ", "Customer Name"),
        ("the customer name: ", "customer name"),
        ("user.name: ", "name"),
        ("hostname: ", None),
        ("app_name = ", None),
    ],
)
def test_the_key_is_read_backwards_from_the_separator(text, key):
    sep = text.rstrip().rindex(":") if ":" in text else text.rstrip().rindex("=")
    assert key_before(text, sep) == key


def test_specific_keys_score_higher_than_generic_ones():
    found = PersonFieldRecognizer().find('{"name": "Ana Souza", "first_name": "Ana"}', "")
    assert [f.score for f in found] == [0.65, 0.7]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("*Reporter:* [~kmensah] Kwame Mensah\n*Environment:* prod", ["Kwame Mensah"]),  # Jira user link
        ("Cognome e nome: RINALDI CHIARA\nCodice fiscale: X", ["RINALDI CHIARA"]),  # surname first, capitals
        ("Patient: EL AMRANI Yasmine   DOB: 1 May 1990", ["EL AMRANI Yasmine"]),
        ("Medico: Dott.ssa Chiara Rinaldi\n", ["Chiara Rinaldi"]),  # the title is left out
        ("Trabajador: Lucía Navarro\nDNI: 1", ["Lucía Navarro"]),
        ("Presenti: Ingrid Larsen, Tomás Herrera, Kwame Mensah\n",
         ["Ingrid Larsen", "Tomás Herrera", "Kwame Mensah"]),
        ("La carta è intestata a Chiara Rinaldi, nata il 1/2/1990.", ["Chiara Rinaldi"]),
        ("Call log – spoke with Kwame Mensah re: balance", ["Kwame Mensah"]),
    ],
)  # fmt: skip
def test_names_in_forms_registers_and_introductions_are_found(text, expected):
    assert [value for _, value in find(text)] == expected


def test_a_header_row_is_not_read_as_a_key_and_its_value():
    assert find("| Nom | Prénom | Ville |\n|---|---|---|\n") == []


def test_attendees_listed_one_a_line_under_their_key_are_found():
    text = "Sync\nAttendees:\n- Ingrid Larsen (PM)\n- Priya\n- Tomás Herrera – Legal\n\nAgenda:\n- Budget\n"
    assert [value for _, value in find(text)] == ["Ingrid Larsen", "Priya", "Tomás Herrera"]


def test_teams_listed_under_a_list_key_are_not_names():
    assert find("Participants:\n* Team Alpha\n* Release\n") == []


def test_a_known_name_in_capitals_under_a_specific_key_is_found():
    text = '{"first_name": "INGRID", "last_name": "LARSEN", "status": "ACTIVE"}'
    assert [value for _, value in find(text)] == ["INGRID", "LARSEN"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("STRENG VERTRAULICH\nName: Krüger, Jana\nGeburtsdatum: 21.05.1991\n", ["Krüger, Jana"]),
        ("Employee: Yilmaz, Zeynep\nDOB: 6 August 1975\n", ["Yilmaz, Zeynep"]),
        ("Patient: Wendland, Uwe, geb. 18.11.1961", ["Wendland, Uwe"]),
        ("Cognome: Zhang\nNome: Mei\nPassaporto: QC3782832\n", ["Zhang", "Mei"]),
    ],
)
def test_last_first_values_and_first_names_beside_a_surname_field_are_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", ["Location: Berlin, Germany\n", "Nome: Mei\nRuolo: admin\n"])
def test_a_place_pair_or_a_lone_nome_without_a_surname_field_is_no_name(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Name: KAMAU, Sakura   Hosp No: T0850440", ["KAMAU, Sakura"]),
        ("Caller: Bouzid, Vincenzo\nShort description: Cannot access payroll", ["Bouzid, Vincenzo"]),
        ("Assicurato: Negri Annalisa (C.F. su richiesta)", ["Negri Annalisa"]),
        ("Versicherungsnehmer: Jana Berg", ["Jana Berg"]),
    ],
)
def test_insured_callers_and_caps_last_first_values_are_names(text, expected):
    assert names(text) == expected


def test_a_generic_role_key_with_one_word_is_no_name():
    assert names("caller: Handler\ntenant: Acme\n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("OPS-0697 Accesso negato\nSegnalato da: Tommaso Mazza\nDettagli: x", ["Tommaso Mazza"]),
        ("Claimant: Ingrid Barone  Cost centre: 7541", ["Ingrid Barone"]),
        ("Explica: Utente Vinícius Pereira, nº processo 03420192.", ["Vinícius Pereira"]),
    ],
)
def test_reporter_claimant_and_utente_name_people(text, expected):
    assert names(text) == expected


def test_a_group_as_a_mail_recipient_is_no_name():
    assert names("MEMORANDUM\nTo: Executive Committee\nFrom: Chidi Mensah <c.mensah@acme.example>") == [
        "Chidi Mensah"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<patient><given>Fermín</given><family>Nakashima</family></patient>", ["Fermín", "Nakashima"]),
        ('<name><family value="Chalmers"/><given value="Peter"/></name>', ["Chalmers", "Peter"]),
        ("<Anagrafica><Nome>Serena</Nome><Cognome>Bruno</Cognome></Anagrafica>", ["Serena", "Bruno"]),
    ],
)
def test_names_written_as_their_parts_in_xml_are_found(text, expected):
    assert names(text) == expected


def test_a_lone_given_or_family_element_names_no_one():
    assert names("<product><family>Xeon</family></product>") == []


def test_a_first_name_beside_a_surname_field_in_sql_is_a_name():
    text = "SELECT * FROM pazienti WHERE (cognome = 'Moretti' AND nome = 'Rocco')"
    assert names(text) == ["Moretti", "Rocco"]


def test_a_bare_name_field_beside_a_first_name_field_holds_the_surname():
    assert names("Vorname: Jana\nName: Krüger\n") == ["Jana", "Krüger"]
    assert names("Name: Krüger\n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Child: Dilnoza McAlister\nKind: Priyanka Petrossian\nNiño/a: Gunnhild Gruber", None),
        ("Alunno/a: Benedetta Moretti\nGenitore: Nunzio — tel. 333-5781620", ["Benedetta Moretti", "Nunzio"]),
        ("Naam kind: Lotte de Graaf\nOuder 1: Bram — 06 28 28 03 62", ["Lotte de Graaf", "Bram"]),
        ("Voornamen: Chinedu\nAanmelder: Postma, Yara", ["Chinedu", "Postma, Yara"]),
        ("Contact d'urgence: Radka (maman) 07 33 15 93 88", ["Radka"]),
        ("Contacto de emergencia: Nuno (madre) 676 806 753", ["Nuno"]),
        ("Encarregado de educação: Luz (+351 936 300 922)", ["Luz"]),
        ("INC3327646 | Anrufer: Winter, Björn | VPN bricht ab", ["Winter, Björn"]),
        ("nome no cartão: FILIPA TEIXEIRA", ["FILIPA TEIXEIRA"]),
    ],
)
def test_child_parent_emergency_and_caller_labels_name_people(text, expected):
    if expected is None:
        expected = ["Dilnoza McAlister", "Priyanka Petrossian", "Gunnhild Gruber"]
    assert names(text) == expected


def test_child_kind_and_parent_in_config_are_no_names():
    assert names("kind: Service\nkind: Pod\nparent: Node\nchild: Widget\n") == []


def test_a_name_in_capitals_under_a_person_key_may_have_an_ordinary_word_for_a_surname():
    assert names("Dipendente: FONTANA ORNELLA") == ["FONTANA ORNELLA"]
    assert names("Customer: NEW YORK TIMES") == []


def test_a_party_to_a_lease_is_named_after_its_role_noun():
    assert names("§ 1 Vermieter Leonie Castellví vermietet die Wohnung") == ["Leonie Castellví"]


@pytest.mark.parametrize(
    "text", ["Child: Node Element\nParent: Root Element\n", "Signature: Valid\n", "Mutter: Unbekannt\n"]
)
def test_code_words_and_unfilled_values_under_person_keys_are_no_names(text):
    assert names(text) == []


def test_ordinary_words_after_a_role_noun_are_no_name():
    assert names("The landlord Terms Apply to all tenants.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Member: Megan Pemberton   Member ID: W828469087", ["Megan Pemberton"]),
        ("Nom : HOANG\nPrénom : Linh", ["HOANG", "Linh"]),  # a surname key: capitals alone are a surname
        ("Presenti: Soo-ah Choi (int. 8), Matteo Esposito (int. 10)", ["Soo-ah Choi", "Matteo Esposito"]),
    ],
)
def test_members_surnames_in_capitals_and_list_items_with_notes_are_names(text, expected):
    assert names(text) == expected


def test_a_markdown_header_row_is_no_key_and_value():
    assert names("| Schüler/in | Mathe |\n|---|---|\n| Klasse 5a | 2,1 |\n") == []
