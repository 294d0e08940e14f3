from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.email_address import EmailRecognizer
from tests.conftest import spans


def find(text):
    return spans(EmailRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Reporter: maria.keller@globex.de (Finance)", "maria.keller@globex.de"),
        ('{"email": "ana.souza+billing@globex.com.br",', "ana.souza+billing@globex.com.br"),
        ("2024-03-15 10:23:45 WARN login failed for user=o.okafor@acme.io ip=10.0.3.17", "o.okafor@acme.io"),
        ("id,name,email\n7,Lukas Becker,lukas_becker@web.de\n", "lukas_becker@web.de"),
        ("Schreiben Sie bitte an jürgen.weiß@firma.de, danke.", "jürgen.weiß@firma.de"),
        ("Écrivez-moi à camille.durand@orange.fr.", "camille.durand@orange.fr"),
        ("Mi correo es lucia.garcia@telefonica.es", "lucia.garcia@telefonica.es"),
        ("From: Maria Keller <maria@globex.berlin>", "maria@globex.berlin"),
        ("noreply@stripe.com sent the receipt", "noreply@stripe.com"),  # a real company's address
        ("mailto:support@acme.io?subject=Hi", "support@acme.io"),
        ("contact: dev@xn--mnchen-3ya.de", "dev@xn--mnchen-3ya.de"),
    ],
)
def test_addresses_in_realistic_contexts_are_found_without_surrounding_punctuation(text, value):
    assert find(text) == [("EMAIL_ADDRESS", value)]


def test_two_adjacent_addresses_are_two_findings():
    assert find("cc: a.b@acme.de,c.d@acme.fr") == [
        ("EMAIL_ADDRESS", "a.b@acme.de"),
        ("EMAIL_ADDRESS", "c.d@acme.fr"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "git clone git@github.com:acme/billing.git",  # a technical account, not a person's contact
        "ssh://git@gitlab.acme.io/org/repo.git",
        "scp build.tgz deploy@build01.acme.io:/srv/releases/",  # scp target, host then path
        "npm i @types/node @acme/ui@4.2.1",  # npm scopes and versions
        "image: registry.acme.io/api@sha256:9f86d081884c7d659a2feaa0c55ad015",  # docker digest
        '<img src="logo@2x.png"> and icon@3x.webp',  # retina assets
        "@app.route('/users')\ndef users(): ...",  # decorator
        "y = weights@inputs.transpose",  # numpy matrix product
        "lodash@4.17.21 and react@latest",
        "user@localhost",
    ],
)
def test_at_signs_that_are_not_addresses_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "jane@example.com",
        "ops@mail.example.org",
        "test@example.net",
        "someone@test.com",
        "bob@host.test",
        "alice@corp.invalid",
        "printer@office.local",
        "user@domain.com",
        "firstname.lastname@company.com",
        "your.name@yourcompany.com",
    ],
)
def test_documentation_and_placeholder_addresses_are_not_reported(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Author: renovate[bot] <bot@renovateapp.com>",
        "Author: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
    ],
)
def test_code_host_bots_contact_no_one(text):
    assert find(text) == []


def test_a_mail_word_nearby_raises_the_score():
    text = "email: ana@globex.com"
    assert EmailRecognizer().find(text, text.lower())[0].score == 1.0
    bare = "ana@globex.com"
    assert EmailRecognizer().find(bare, bare.lower())[0].score < 1.0


def test_a_large_paste_without_at_signs_costs_nothing():
    assert find("no address here " * 10_000) == []


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "reset link: https://portal.example-shop.com/reset?email=jo.tanner%40mailbox.org&lang=en",
            "jo.tanner%40mailbox.org",
        ),
        ("GET /unsubscribe?u=k_vries77%40ziggo.nl HTTP/1.1", "k_vries77%40ziggo.nl"),
    ],
)
def test_percent_encoded_addresses_in_urls_are_found(text, value):
    assert find(text) == [("EMAIL_ADDRESS", value)]


def test_percent_encoded_file_names_are_not_addresses():
    assert find("GET /static/icon%402x.png") == []
