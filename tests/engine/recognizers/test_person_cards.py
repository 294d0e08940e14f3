from __future__ import annotations

from dlpguard.engine.recognizers.person_cards import PersonCardRecognizer
from tests.conftest import spans


def names(text):
    return [value for _, value in spans(PersonCardRecognizer().find(text, text.lower()), text)]


def test_vcard_family_and_given_names_are_found_each_on_its_own():
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Okafor;Chidi;;Dr.;\nFN:Chidi Okafor\nORG:Acme\nEND:VCARD"
    assert names(text) == ["Okafor", "Chidi", "Chidi Okafor"]


def test_icalendar_organizer_and_attendees_are_found():
    text = (
        "BEGIN:VEVENT\nORGANIZER;CN=Ines Moreau:mailto:ines@example.fr\n"
        'ATTENDEE;CN="Keller, Maria";RSVP=TRUE:mailto:maria@example.de\nEND:VEVENT'
    )
    assert names(text) == ["Ines Moreau", "Keller, Maria"]


def test_rooms_and_groups_in_cards_are_not_names():
    text = (
        "BEGIN:VCARD\nFN:Sales Team\nEND:VCARD\n"
        "ATTENDEE;CUTYPE=ROOM;CN=Room 4.12:mailto:room@example.com\n"
        "ATTENDEE;CN=Platform Team:mailto:team@example.com"
    )
    assert names(text) == []
