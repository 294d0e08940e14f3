from __future__ import annotations

import hashlib

import pytest

from dlpguard.engine.hashed_terms import HashedTerms, HashedTermsDetector, hash_term, normalise_term
from dlpguard.engine.types import Category

SALT = "per-policy-salt-0001"
TERMS = ["Maria Keller", "CUST-004711", "José Núñez García", "Bluebird", "O'Brien"]


def detector(terms=TERMS, max_words=5, salt=SALT) -> HashedTermsDetector:
    spec = HashedTerms("staff", salt, frozenset(hash_term(salt, t) for t in terms), max_words, "STAFF_NAME")
    return HashedTermsDetector(spec)


def found(text: str, det: HashedTermsDetector | None = None) -> list[str]:
    det = det or detector()
    return [text[f.start : f.end] for f in det.find(text, text.lower())]


@pytest.mark.parametrize(
    "term, key",
    [
        ("Maria Keller", "maria keller"),
        ("  MARIA\t\nkeller ", "maria keller"),
        ("José Núñez", "jose nunez"),
        ("Jean-Luc Picard", "jean luc picard"),
        ("CUST-004711", "cust004711"),
        ("cust 0047 11", "cust004711"),
        ("ＡＢＣ１２３", "abc123"),  # full-width forms fold to ASCII
        ("Straße", "strasse"),
    ],
)
def test_normalisation(term, key):
    assert normalise_term(term) == key


def test_hash_is_salted_sha256_of_the_normalised_term():
    assert hash_term(SALT, "Maria  KELLER") == hashlib.sha256(f"{SALT}maria keller".encode()).hexdigest()
    assert hash_term("another-salt-0002", "Maria Keller") != hash_term(SALT, "Maria Keller")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Please ask Maria Keller about it", ["Maria Keller"]),
        ("please ask MARIA   keller", ["MARIA   keller"]),
        ("maria\nkeller signed", ["maria\nkeller"]),
        ("Keller, Maria", []),  # word order matters
        ("Maria Kellerman", []),  # whole words only
        ("Customer CUST-004711 called", ["CUST-004711"]),
        ("customer cust 004711 called", ["cust 004711"]),
        ("customer Cust004711 called", ["Cust004711"]),
        ("customer CUST-0047112 called", []),
        ("cc jose nunez garcia", ["jose nunez garcia"]),
        ("cc José Núñez García", ["José Núñez García"]),
        ("the bluebird project and o'brien", ["bluebird", "o'brien"]),
        ("Maria and Keller", []),
        ("Maria   --   Keller", []),  # too far apart to be one name
    ],
)
def test_matches_are_case_space_and_accent_insensitive(text, expected):
    assert found(text) == expected


def test_findings_carry_the_rule_entity_and_category():
    (finding,) = detector().find("hi Maria Keller", "hi maria keller")
    assert (finding.entity_type, finding.category, finding.recognizer) == (
        "STAFF_NAME",
        Category.CUSTOM,
        "custom:staff",
    )
    assert finding.score == 1.0


def test_longest_match_wins_when_terms_overlap():
    det = detector(["Maria", "Maria Keller"])
    assert found("Maria Keller and Maria", det) == ["Maria Keller", "Maria"]


def test_terms_longer_than_max_words_are_not_found():
    assert found("José Núñez García", detector(max_words=2)) == []


def test_the_plaintext_is_nowhere_in_the_detector():
    det = detector()
    blob = repr(det.spec) + repr(vars(det))
    for term in TERMS:
        for word in term.split():
            assert word.lower() not in blob.lower()


def test_empty_list_is_refused():
    with pytest.raises(ValueError, match="empty"):
        HashedTermsDetector(HashedTerms("x", SALT, frozenset()))


def test_a_term_at_the_end_of_a_large_text_is_found():
    det = detector()
    text = "lorem ipsum dolor sit amet 12345, " * 6_000 + "Maria Keller"  # ~200 kB, 36k words
    assert found(text, det) == ["Maria Keller"]
