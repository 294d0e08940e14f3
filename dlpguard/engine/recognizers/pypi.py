"""PyPI (and TestPyPI) upload tokens: macaroons whose base64 prefix names the index."""

from __future__ import annotations

from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category


class PypiTokenRecognizer(PatternDetector):
    ENTITY = "PYPI_TOKEN"
    CATEGORY = Category.SECRET
    KEYWORDS = ("pypi-ag",)
    PATTERNS = (
        Pattern(
            "pypi_token",
            # AgEIcHlwaS5vcmc = "pypi.org", AgENdGVzdC5weXBpLm9yZw = "test.pypi.org"
            r"pypi-(?<![A-Za-z0-9_-]pypi-)(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])",
            0.95,
        ),
    )
    CONTEXT = ("pypi", "twine", "password", "__token__")
