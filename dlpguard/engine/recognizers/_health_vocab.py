"""The health vocabulary shared by the health recognizers: terms by kind, ICD-10 categories, and what
makes a mention a *record* (someone's health) rather than a *topic* (health in general).

Data files sit in `dlpguard/engine/data/`: `health_terms.txt` (curated, en/de/fr/es) and
`icd10cm_categories.tsv` (ICD-10-CM three-character categories, public domain). They are read once,
on first use, so importing the recognizers stays cheap.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from dlpguard.engine.names import looks_like_name, trie_regex

DATA = Path(__file__).resolve().parent.parent / "data"
#: In the order the combined regex tries them: "hiv positive" is a status before "hiv" is a condition.
KINDS = ("status", "medication", "procedure", "condition")

# Short ICD-10-CM titles that read like free text ("Measles", "Rheumatic fever"); long titles with
# qualifiers ("..., unspecified", "... due to ...") never occur verbatim in a note.
_QUALIFIED_TITLE = re.compile(
    r"[,()\[\]/;:]|\b(?:other|unspecified|and|of|to|with|in|due|for|without|not|by|on|from|at|or)\b",
    re.IGNORECASE,
)


@cache
def icd10_categories() -> dict[str, str]:
    """ICD-10 three-character category -> title."""
    out: dict[str, str] = {}
    for line in (DATA / "icd10cm_categories.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, title = line.partition("\t")
            out[code] = title
    return out


@cache
def terms() -> dict[str, tuple[str, ...]]:
    """Lowercase terms by kind (condition, status, procedure, medication)."""
    by_kind: dict[str, set[str]] = {k: set() for k in KINDS}
    kind = ""
    for raw in (DATA / "health_terms.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            continue
        by_kind[kind].add(line.lower())
    for code, title in icd10_categories().items():
        # Chapters V-Y are external causes ("Flood", "Terrorism"), not anyone's condition.
        if code[0] not in "VWXY" and len(title.split()) <= 4 and not _QUALIFIED_TITLE.search(title):
            by_kind["condition"].add(title.lower())
    return {k: tuple(sorted(v)) for k, v in by_kind.items()}


#: A dose after a medicine, in lowered text ("500 mg", "100/25 mg", "10 i.e.", "1 g").
_UNIT = r"(?:mg|mcg|µg|μg|g|ml|iu|i\.e\.|ui|units?|einheiten|unidades|unités|%)"
DOSE = rf"[ \t]?\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)?[ \t]?{_UNIT}(?!\w)"


@cache
def term_kinds() -> dict[str, str]:
    """Term -> kind; a term listed under two kinds keeps the first in KINDS order."""
    out: dict[str, str] = {}
    for kind in reversed(KINDS):
        out.update(dict.fromkeys(terms()[kind], kind))
    return out


@cache
def term_regex() -> re.Pattern[str]:
    """Every term in one trie-shaped alternation (a few branches tried per position, not 1,000)."""
    return re.compile(r"\b(?<![/._-])" + trie_regex(list(term_kinds()), space="[ \t]+") + r"(?!\w|-\w)")


_DOSE_AFTER = re.compile(rf"(?:[/+][a-zà-ÿ]+)?{DOSE}")


def term_mentions(lowered: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each term in lowered text; a medication only with its dose, spanning both."""
    kinds = term_kinds()
    out = []
    for m in term_regex().finditer(lowered):
        kind = kinds.get(re.sub(r"[ \t]+", " ", m.group()), "")
        end = m.end()
        if kind == "medication":
            dose = _DOSE_AFTER.match(lowered, end)
            if dose is None:
                continue
            end = dose.end()
        if kind:
            out.append((kind, m.start(), end))
    return out


# -- record or topic -----------------------------------------------------------------------------

#: Someone's health is being written about: a record label or an identifier. "A patient", "an
#: employee" (a generic one) does not count: see `_GENERIC_CUE`.
_RECORD_CUES = re.compile(
    r"(?i:\bpatient(?:e|in)?\b(?![-s])|\bpatient_id|\bpaciente\b|\bmrn\b|\bdob\b|d\.o\.b\.|date of birth|"
    r"\bborn\b|geburtsdatum|\bgeb\.|\bgeboren\b|\bnée? le\b|\bné\(e\) le\b|date de naissance|"
    r"fecha de nacimiento|\bnacid[oa] el\b|\binsured\b|\bmember\b|\bversicherte[rn]?\b|\bassurée?\b|"
    r"\basegurad[oa]\b|\brx for\b|\bfallnummer\b|dossier patient|\bkvnr\b|krankenversichertennummer|"
    r"medicare|historia clínica|\bbeneficiary\b|"
    r"\b(?:employee|claimant|policyholder|applicant|mitarbeiter(?:in)?|bewerber(?:in)?|salariée?|"
    r"emplead[oa]|solicitante)[ \t]*:|m'a confié|m’a confié|told me (?:that )?(?:he|she)|"
    r"hat mir (?:erzählt|gesagt|anvertraut)|me (?:ha )?contó)"
)
_GENERIC_CUE = re.compile(
    r"(?i:(?:\ba|\ban|\bany|\beach|\bevery|\bein|\beine[nm]?|\bjede[rnms]?|\bun|\bune|\bchaque|\bcada|\btodo)"
    r"[ \t]+$)"
)

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_PAIR = (
    rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?[ \t]"
    rf"(?:O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
)
#: A name doing something (or owning something) right after it, or a title before it.
_NAMED_PERSON = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Herr|Herrn|Frau|Mme|Mlle|Sr|Sra|Monsieur|Madame)\.?[ \t]+[{_UPPER}][{_LOWER}]+)|"
    rf"(?:\b{_NAME_PAIR}(?:['’]s\b|[ \t]*[(:]|,[ \t]|[ \t]+(?:is|was|has|had|will|told|takes|disclosed|"
    rf"mentioned|needs|says|asked|ist|war|hat|wird|nimmt|fällt|est|a|sera|prend|était|está|estará|tiene|toma|ha|"
    rf"[a-z]{{2,}}ed)\b))"
)
#: "Olivia is out", "Jonas's": one capitalised word acting or owning, checked with `looks_like_name`.
#: (A speaker label "Mark:" is not enough: "Labels:" and "Components:" open lines of a ticket.)
_SINGLE_NAME = re.compile(
    rf"(?:^|(?<=[\s,;(]))(?P<name>[{_UPPER}][{_LOWER}]{{2,}})"
    rf"(?:[ \t]+(?:is|was|has|had|told|ist|hat|war|est|a|está|estará|tiene)\b|['’]s\b)",
    re.MULTILINE,
)
#: "Tom, since your ..." : someone addressed by name.
_ADDRESSED = re.compile(rf"(?:^|[\"“„«(]|\n)[ \t]*[{_UPPER}][{_LOWER}]{{2,}},[ \t][^\n]*\b(?:your|you)\b")

_NEGATION_BEFORE = re.compile(
    r"(?i:(?:\bno|\bnot|\bdenies|\bdenied|\bwithout|negative for|ruled? out|\br/o|no history of|no signs? of|"
    r"\bkein(?:e[nmrs]?)?(?: hinweis auf)?|\bohne|ausgeschlossen|\bpas d[e'’]|\bsans|\baucune?|"
    r"\bsin|\bniega|descartad[oa]|\bni)\b[^.;\n]{0,25})$"
)
_NEGATION_AFTER = re.compile(
    r"(?i:^[ \t]*(?:negative|negativ|négati(?:f|ve)|negativ[oa]|ausgeschlossen|ruled out)\b)"
)
#: A term naming a subject, not a person's state: "Diabetes Awareness Month", "a talk about burnout".
_TOPIC_AFTER = re.compile(
    r"(?i:^[ \t-]*(?:awareness|screening|research|campaign|month|week|day|prevention|programm?e?|study|"
    r"studies|trial|clinic|ward|unit|app|questionnaire|guidelines?|webinar|training|schulung|kampagne|"
    r"forschung|monat|vorsorge|campagne|recherche|prévention|campaña|investigación|prevención)\b)"
)
_TOPIC_BEFORE = re.compile(
    r"(?i:(?:\babout|\btopic|\bthema|zum thema|\büber|\bsur|\bsobre|\bbook on|\btalk on|\bawareness of)"
    r"[ \t]+(?:the[ \t]+|le[ \t]+|la[ \t]+|el[ \t]+)?$)"
)
_GENERIC_BEFORE = re.compile(
    r"(?i:(?:people|patients|those|adults|children|users|employees|menschen|patienten|personnes|patients|"
    r"personas|pacientes|enfants|kinder)\s+(?:with|living with|mit|atteint(?:e?s)? d[e'’]|avec|con)\s*$)"
)


@lru_cache(maxsize=8)
def paragraph_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each block of text between blank lines."""
    out = []
    start = 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return tuple(out)


def record_window(text: str, start: int, end: int, back: int = 400, ahead: int = 200) -> tuple[int, int]:
    """The span of text whose cues make a mention personal: its paragraph, trimmed to a few lines.
    A letter's header paragraph (Patient:, DOB:) counts too when the mention's paragraph is short."""
    for a, b in paragraph_bounds(text):
        if a <= start <= b:
            return max(a, start - back), min(b, end + ahead)
    return max(0, start - back), min(len(text), end + ahead)


_FUNCTION_WORDS = frozenset(
    (
        "this",
        "that",
        "there",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "here",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "nobody",
        "something",
        "nothing",
        "each",
        "every",
        "our",
        "your",
        "their",
        "its",
        "his",
        "her",
        "she",
        "they",
        "the",
        "das",
        "dies",
        "dieser",
        "diese",
        "dieses",
        "man",
        "jemand",
        "niemand",
        "cela",
        "ceci",
        "celui",
        "celle",
        "tout",
        "personne",
        "esto",
        "eso",
        "esta",
        "este",
        "ello",
        "nadie",
        "alguien",
        "todo",
        "today",
        "tomorrow",
        "yesterday",
        "heute",
        "morgen",
        "gestern",
        "aujourd",
        "demain",
        "hoy",
        "mañana",
        "ayer",
    )
)


def _named(window: str) -> bool:
    if _NAMED_PERSON.search(window) or _ADDRESSED.search(window):
        return True
    return any(
        looks_like_name(name) and name.lower() not in _FUNCTION_WORDS and name.lower() not in term_kinds()
        for name in (m.group("name") for m in _SINGLE_NAME.finditer(window))
    )


def _labelled(window: str) -> bool:
    return any(
        not _GENERIC_CUE.search(window[max(0, m.start() - 8) : m.start()])
        for m in _RECORD_CUES.finditer(window)
    )


def is_record(text: str, start: int, end: int) -> bool:
    """True when the mention at [start, end) is about an identified person and not negated."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 20]
    if _NEGATION_BEFORE.search(before) or _NEGATION_AFTER.match(after):
        return False
    if _GENERIC_BEFORE.search(before) or _TOPIC_BEFORE.search(before) or _TOPIC_AFTER.match(after):
        return False
    a, b = record_window(text, start, end)
    window = text[a:b]
    return _labelled(window) or _named(window)
