"""The contact, network and person recognizers inside the real engine: discovery, filters, overlaps, NER."""

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers import (
    email_address,
    ip_address,
    mac_address,
    person_csv,
    person_fields,
    person_greetings,
    person_speakers,
    phone_number,
)
from dlpguard.engine.registry import discover
from dlpguard.engine.types import Category

MODULES = (email_address, phone_number, ip_address, mac_address, person_greetings, person_fields, person_csv,
           person_speakers)  # fmt: skip
OURS = {Category.CONTACT, Category.NETWORK, Category.PERSON, Category.LOCATION}

TICKET = """\
Ticket #48213 - VPN login fails after update
Reporter: Lukas Becker <lukas.becker@globex.de>
Assignee: Priya
Customer phone: +49 30 12345678 (office), mobile 0151 23456789

Hi Priya,

since the client update to v2.4.1.7 on 2024-03-15 10:23:45 the VPN gateway at 10.20.4.1 rejects
Lukas' laptop (MAC 3c:22:fb:1a:9e:04, last seen from 2a01:4f8:1c1c:9b2e::1). The docs still point to
vpn@example.com and 192.0.2.10, and the repo is git@github.com:globex/vpn-config.git.
His manager Thomas Okafor approved the exception in Munich last week.
Please call him back on +1 (415) 867-5309 or write to it-support@globex.de.

Thanks,
Sabine Wagner
"""

PATTERN_FINDINGS = {
    ("PERSON", "Lukas Becker"),
    ("EMAIL_ADDRESS", "lukas.becker@globex.de"),
    ("PERSON", "Priya"),
    ("PHONE_NUMBER", "+49 30 12345678"),
    ("PHONE_NUMBER", "0151 23456789"),
    ("MAC_ADDRESS", "3c:22:fb:1a:9e:04"),
    ("IP_ADDRESS", "2a01:4f8:1c1c:9b2e::1"),
    ("PHONE_NUMBER", "+1 (415) 867-5309"),
    ("EMAIL_ADDRESS", "it-support@globex.de"),
    ("PERSON", "Sabine Wagner"),
    ("PERSON", "Lukas"),  # "Lukas' laptop": Lukas Becker again (engine/name_propagation.py)
}


def ours(engine, text):
    return {(f.entity_type, text[f.start : f.end]) for f in engine.scan(text).findings if f.category in OURS}


def test_every_recognizer_is_found_by_discovery():
    found = {cls.__module__ for cls in discover()}
    assert {m.__name__ for m in MODULES} <= found


def test_the_ticket_yields_exactly_its_contacts_addresses_and_names_without_the_model(pattern_engine):
    # not the version, the timestamp, the documentation e-mail and IP, the private gateway address
    # (only public addresses by default), nor the git account; "in Munich" is a well-known place after a
    # preposition (recognizers/addresses_places.py); "Thomas Okafor" is a known first name and surname
    # (recognizers/person_known_names.py)
    expected = PATTERN_FINDINGS | {("LOCATION", "Munich"), ("PERSON", "Thomas Okafor")}
    assert ours(pattern_engine, TICKET) == expected


def test_with_the_model_the_names_in_sentences_and_places_are_added(engine):
    assert ours(engine, TICKET) == PATTERN_FINDINGS | {("PERSON", "Thomas Okafor"), ("LOCATION", "Munich")}


def test_a_name_is_reported_once_even_when_several_recognizers_and_ner_agree(engine):
    text = (
        "From: Maria Keller <maria.keller@globex.de>\n\nHi Priya,\n\nthanks.\n\nBest regards,\nMaria Keller\n"
    )
    findings = [f for f in engine.scan(text).findings if f.entity_type == "PERSON"]
    spans = [(f.start, f.end) for f in findings]
    assert len(spans) == len(set(spans)) == 3


def test_a_framed_name_wins_over_the_models_place_reading(engine):
    text = "Hi Rebecca,\n\nas discussed, we will renew for another year.\n"
    assert ("PERSON", "Rebecca") in ours(engine, text)
    assert ("LOCATION", "Rebecca") not in ours(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "see jane@example.com and 192.0.2.44, call (415) 555-0123",
        "Chrome/120.0.0.0 on 127.0.0.1, build 2024.0315.1200",
        'name = getUserName()\n"name": "user-service"\nname: nginx',
        "git clone git@github.com:acme/billing.git",
    ],
)
def test_placeholders_and_look_alikes_yield_nothing(pattern_engine, text):
    assert ours(pattern_engine, text) == set()


def test_a_customer_export_yields_names_emails_and_phones(pattern_engine):
    text = (
        "id;full_name;email;phone\n"
        "1080;Matteo Okonkwo;mokonkwo@icloud.com;+39 312 345 6789\n"
        "1099;Giulia Morales;g.morales@web.de;+49 151 23456789\n"
    )
    assert ours(pattern_engine, text) == {
        ("PERSON", "Matteo Okonkwo"),
        ("EMAIL_ADDRESS", "mokonkwo@icloud.com"),
        ("PHONE_NUMBER", "+39 312 345 6789"),
        ("PERSON", "Giulia Morales"),
        ("EMAIL_ADDRESS", "g.morales@web.de"),
        ("PHONE_NUMBER", "+49 151 23456789"),
    }
