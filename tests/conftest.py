"""Shared fixtures: one real engine (real spaCy model) per test session, since loading it costs a second."""

from __future__ import annotations

import pytest

from dlpguard.engine import Engine
from dlpguard.engine.recognizers import kingfisher
from dlpguard.engine.types import Finding


@pytest.fixture(scope="session", autouse=True)
def vendor_token_rules() -> None:
    """Kingfisher's rules load on a background thread so a cold host answers at once; an in-process test
    must not depend on whether they are in yet (the host's own cold path is tested through it)."""
    assert kingfisher.wait_until_ready(180), f"Kingfisher's rules did not load: {kingfisher._CATALOGUE.error}"


@pytest.fixture(scope="session")
def engine() -> Engine:
    eng = Engine()
    assert eng.model.mode == "ner", f"tests need the real NER model: {eng.model.reason}"
    return eng


@pytest.fixture(scope="session")
def pattern_engine() -> Engine:
    return Engine(load_model=False)


def spans(findings: tuple[Finding, ...] | list[Finding], text: str) -> list[tuple[str, str]]:
    """(entity_type, matched text) pairs: the readable shape for assertions in tests."""
    return [(f.entity_type, text[f.start : f.end]) for f in findings]
