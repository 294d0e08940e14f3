from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.es_ids import (
    EsNieRecognizer,
    EsNifRecognizer,
    EsSocialSecurityLabelledRecognizer,
    EsSocialSecurityRecognizer,
)
from tests.conftest import spans


def find(text):
    detectors = (EsNifRecognizer(), EsNieRecognizer())
    return spans([f for d in detectors for f in d.find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("Mi DNI es 12345678Z.", "ES_NIF", "12345678Z"),
        ("NIF: 93612255-R", "ES_NIF", "93612255-R"),
        ("D.N.I. 12.345.678-Z", "ES_NIF", "12.345.678-Z"),
        ("nombre,dni\nAna,13504318Y\n", "ES_NIF", "13504318Y"),
        ("Mein spanischer Ausweis: 12345678Z", "ES_NIF", "12345678Z"),
        ("NIE X1234567L", "ES_NIE", "X1234567L"),
        ("número de identidad de extranjero: X-1509481-Z", "ES_NIE", "X-1509481-Z"),
        ('{"nie": "X3629587A"}', "ES_NIE", "X3629587A"),
    ],
)
def test_spanish_ids_are_found(text, entity, value):
    assert find(text) == [(entity, value)]


@pytest.mark.parametrize(
    "text",
    [
        "12345678A",  # control letter wrong
        "X1234567A",
        "A1234567L",  # not a NIE series
        "112345678Z",  # nine digits
        "x12345678Z",  # glued to a word
        "12345678z",  # lower-case control letter
        "20240501T120000Z",  # ISO basic timestamp
        "12.34.5678-Z",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []


def find_nss(text):
    detectors = (EsSocialSecurityRecognizer(), EsSocialSecurityLabelledRecognizer())
    return spans([f for d in detectors for f in d.find(text, text.lower())], text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Nº afiliación SS: 28/12345678/40", "28/12345678/40"),
        ("08/40716635/78", "08/40716635/78"),  # slashed: reported alone
        ("46/9981234/35", "46/9981234/35"),  # seven-digit number
        ("Número de la Seguridad Social: 28 12345678 40", "28 12345678 40"),
    ],
)
def test_social_security_numbers_are_found(text, value):
    assert find_nss(text) == [("ES_SOCIAL_SECURITY", value)]


@pytest.mark.parametrize(
    "text",
    [
        "28/12345678/41",  # control digits
        "28 12345678 40",  # spaced digits need the label
        "Ref 2023/12345678/40",
    ],
)
def test_social_security_near_misses_are_ignored(text):
    assert find_nss(text) == []
