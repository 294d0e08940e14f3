from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.pypi import PypiTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import URLSAFE, fake

TOKEN = "pypi-" + "AgEIcHlwaS5vcmc" + fake(70, URLSAFE)
TEST_INDEX = "pypi-" + "AgENdGVzdC5weXBpLm9yZw" + fake(70, URLSAFE, 1)


def find(text):
    return spans(PypiTokenRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("token", [TOKEN, TEST_INDEX])
@pytest.mark.parametrize(
    "template",
    [
        "[pypi]\n  username = __token__\n  password = {}\n",
        "TWINE_PASSWORD={}",
        "twine upload -u __token__ -p {} dist/*",
    ],
)
def test_tokens_are_found(template, token):
    assert find(template.format(token)) == [("PYPI_TOKEN", token)]


@pytest.mark.parametrize(
    "text",
    [
        "pypi-AgEIcHlwaS5vcmc" + fake(49, URLSAFE),  # too short for a macaroon
        "pypi-" + fake(70, URLSAFE),  # not a pypi.org macaroon
        "pypi-AgEIcHlwaS5vcmc...",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []
