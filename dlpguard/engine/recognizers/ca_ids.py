"""Canadian social insurance number: nine digits (often 3-3-3), Luhn, never starting with 8 (business
numbers). 0 is not issued either, but the published example `046 454 286` starts with it: it is matched,
and the known-test-value filter sets it aside.

Presidio's context words ('sin', 'nas') are substrings of half the English and French vocabulary
('using', 'business', 'dynastie'); ours are phrases, and required, or the capitalised `SIN` label
right before the number.
"""

from __future__ import annotations

from dlpguard.engine.checksums import luhn_valid, strip_separators
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import cell_at, cell_stretches, column_header, matches_in
from dlpguard.engine.types import Category, Finding


class CaSinRecognizer(PatternDetector):
    ENTITY = "CA_SIN"
    CATEGORY = Category.GOVERNMENT_ID
    PATTERNS = (
        Pattern(
            "ca_sin",
            r"[0-79](?<![\w/+-].)(?<!\d\..)\d\d(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}(?![\w-]|\.\d)",
            0.5,
        ),
        # `SIN 046 454 286`, `<SIN>046 454 286</SIN>`: the bare abbreviation, in capitals, right before the
        # number. It starts on the literal (what stands before it checked behind), which the regex engine
        # finds fast in a big paste.
        Pattern(
            "ca_sin_labelled",
            r"(?P<label>SIN)(?<![\w-]SIN)[ \t]*(?:#|No\.?|:|>|\|)?[ \t]*"
            r"(?P<value>[0-79]\d\d(?P<sep2>[ -]?)\d{3}(?P=sep2)\d{3})(?![\w-]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = (
        "social insurance",
        "sin:",
        "sin #",
        "sin#",
        "sin no",
        "sin number",
        "assurance sociale",
        "nas:",
        "numéro nas",
        "no nas",
    )
    KEYWORDS = ("social insurance", "sin", "assurance sociale", "nas")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        return luhn_valid(strip_separators(pattern_text))

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings = super().find(text, lowered)
        if "sin" in lowered or "nas" in lowered or "tax" in lowered or "tin" in lowered:
            seen = {(f.start, f.end) for f in findings}
            findings += [f for f in self._by_column(text) if (f.start, f.end) not in seen]
        return findings

    def _by_column(self, text: str) -> list[Finding]:
        """Cells of a column headed `SIN` or `NAS`: the bare abbreviation is a label as a header, where
        no prose word can contain it."""
        findings = []
        for match in matches_in(self._compiled[0][1], text, cell_stretches(text)):
            start, end = match.span()
            header = column_header(text, start)
            if header not in _SIN_HEADERS or cell_at(text, start) != (start, end):
                continue
            if self.validate_result(match.group()):
                findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, 1.0, self.detector_name))
        return findings


_SIN_HEADERS = frozenset({
    "sin", "sin #", "sin no", "sin no.", "sin number", "sin_number", "nas", "no nas",
    # a payroll's tax number column: in Canada the SIN (its 3-3-3 shape and Luhn digit decide)
    "tax_id", "tax id", "taxid", "tin", "tax number", "tax_number",
})  # fmt: skip
