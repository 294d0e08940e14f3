"""The health vocabulary shared by the health recognizers: terms by kind, ICD-10 categories, and what
makes a mention a *record* (someone's health) rather than a *topic* (health in general).

Data files sit in `dlpguard/engine/data/`: `health_terms.txt` (curated, en/de/fr/es/it),
`medications.txt` (INN generics in five spellings and common brands) and `icd10cm_categories.tsv`
(ICD-10-CM three-character categories, public domain). They are read once, on first use, so importing
the recognizers stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
from pathlib import Path

from dlpguard.engine.names import LOWER, UPPER, is_ordinary_word, looks_like_name
from dlpguard.engine.tables import column_header, sql_inserts, tables_in

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
    by_kind["medication"].update(_medications()[0])
    by_kind["medication"].update(_medications()[1])
    for code, title in icd10_categories().items():
        # Chapters V-Y are external causes ("Flood", "Terrorism"), not anyone's condition.
        if code[0] not in "VWXY" and len(title.split()) <= 4 and not _QUALIFIED_TITLE.search(title):
            by_kind["condition"].add(title.lower())
    return {k: tuple(sorted(v)) for k, v in by_kind.items()}


@cache
def _medications() -> tuple[frozenset[str], frozenset[str]]:
    """(medicines, medicines that are also ordinary words or first names and need their dose)."""
    sections: dict[str, set[str]] = {"medication": set(), "dose_only": set()}
    section = "medication"
    for raw in (DATA / "medications.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        sections[section].add(line.lower())
    return frozenset(sections["medication"]), frozenset(sections["dose_only"])


#: A dose after a medicine, in lowered text: a strength ("500 mg", "100/25 mg", "10 i.e.", "1 g") or a
#: count ("1 cp/die", "2 Tbl."). The strength belongs to the finding; a count only confirms it.
_STRENGTH_UNIT = r"(?:mg|mcg|µg|μg|g|ml|iu|i\.e\.|ui|units?|einheiten|unidades|unités|unità|%)"
_COUNT_UNIT = (
    r"(?:cp|cpr|compress[ae]|tabs?|tablets?|tabletten?|tbl|comprimés?|comprimidos?|caps|capsules?|kapseln?|"
    r"gélules?|puffs?|hübe|gtt|tropfen|gouttes|gotas|gocce|drops|sachets?|ampoules?|amp)"
)
_AMOUNT = r"[ \t]?\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)?[ \t]?"
DOSE = rf"{_AMOUNT}{_STRENGTH_UNIT}(?!\w)"
_COUNT = rf"{_AMOUNT}{_COUNT_UNIT}(?!\w)"
#: A dosing schedule ("1-0-1", "½-0-0") or a bare strength ("Ibuprofen 800"; not a year).
_SCHEDULE = r"[ \t]?[\d½¼]-[\d½¼]-[\d½¼](?:-[\d½¼])?(?![\w-])"
_STRENGTH = r"[ \t](?!19\d\d|20\d\d)\d{2,4}(?![\w%/-]|[.,]\d)"


@cache
def term_kinds() -> dict[str, str]:
    """Term -> kind; a term listed under two kinds keeps the first in KINDS order."""
    out: dict[str, str] = {}
    for kind in reversed(KINDS):
        out.update(dict.fromkeys(terms()[kind], kind))
    return out


_WORD_RUN = re.compile(r"\w+")
_BLANKS = re.compile(r"[ \t]+")
#: What may not follow a term: more of a word ("hivx"), or a hyphen joining another word ("covid-free").
_NOT_TERM_END = re.compile(r"\w|-\w")


def _accent_folds() -> dict[str, str]:
    """Each accented Latin letter -> its base letter ("é" -> "e", "ñ" -> "n", "ü" -> "u"), and the
    typographic apostrophe -> "'": one character for one, so offsets into a folded text stay the text's.
    Letters with no base letter in Unicode ("ß", "ø", "œ") keep their own spelling."""
    folds = {"’": "'"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha():
            folds[letter] = parts[0]
    return folds


_FOLDS = _accent_folds()
_FOLDABLE_RUN = re.compile("[" + "".join(sorted(_FOLDS)) + "]+")
_FOLD_TABLE = str.maketrans(_FOLDS)


def fold_accents(text: str) -> str:
    """`text` with its accents dropped, character for character: "méthotrexate" -> "methotrexate".
    Only the runs of accented letters are translated: in prose (a few in a hundred characters) that
    costs a quarter of `str.translate` over every character. Past one run in 16 characters the whole
    text is translated instead, so a text dense with accents costs at most about two translations."""
    if text.isascii():
        return text
    limit = len(text) // 16 + 1
    folded, runs = _FOLDABLE_RUN.subn(lambda run: run.group().translate(_FOLD_TABLE), text, count=limit)
    return text.translate(_FOLD_TABLE) if runs == limit else folded


@cache
def _terms_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Each term's first run of word characters ("crohn" of "crohn's disease"), accents folded ->
    (its space-separated parts folded, the terms spelled so), longest first. A set lookup per word of
    the text: one alternation of every term cost a cold host 0.1 s to build and compile, and read a text
    no faster. "Diabète" and "diabete" are one entry: either spelling finds both."""
    index: dict[str, dict[str, list[str]]] = {}
    for term in term_kinds():
        folded = fold_accents(term)
        first = _WORD_RUN.match(folded)
        if first is not None:  # every term starts with a letter or digit (tests/engine/recognizers)
            index.setdefault(first.group(), {}).setdefault(folded, []).append(term)
    return {
        word: tuple(
            (tuple(folded.split(" ")), tuple(sorted(spellings)))
            for folded, spellings in sorted(found.items(), key=lambda item: len(item[0]), reverse=True)
        )
        for word, found in index.items()
    }


def _term_end(lowered: str, start: int, parts: tuple[str, ...]) -> int:
    """Where `parts` end when they stand at `start`, one or more blanks between two; -1 if they do not."""
    pos = start
    for i, part in enumerate(parts):
        if i:
            blanks = _BLANKS.match(lowered, pos)
            if blanks is None:
                return -1
            pos = blanks.end()
        if not lowered.startswith(part, pos):
            return -1
        pos += len(part)
    return pos


def _spelled(spellings: tuple[str, ...], written: str, one_word: bool) -> str | None:
    """Of the terms that fold alike, the one written (blanks evened out), else the first; None for a word
    that differs from every listed spelling and is an ordinary word as written: French "goût" (taste)
    is not "gout", nor "fatigué" (tired) "fatigue"."""
    if len(spellings) == 1 and written == spellings[0]:
        return written
    if not one_word:
        written = _BLANKS.sub(" ", written)
    if written in spellings:
        return written
    return None if one_word and is_ordinary_word(written) else spellings[0]


def term_spans(lowered: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of each vocabulary term in lowered text, left to right and never overlapping:
    at the start of each word (not after `/`, `.` or `-`), the longest term that stands there whole
    (followed by no letter or digit, nor by a hyphen and one); a term's words may be separated by several
    spaces or tabs. Accents do not count ("méthotrexate" is the listed "methotrexate", "rhumatoide" the
    listed "rhumatoïde"), except in one word that is an ordinary word as written ("goût"); the span is
    the text's own characters and the term the one listed (the text's spelling when both are listed)."""
    index = _terms_by_first_word()
    folded = fold_accents(lowered)
    out = []
    taken = 0
    for word in _WORD_RUN.finditer(folded):
        start = word.start()
        if start < taken:
            continue
        candidates = index.get(word.group())
        if candidates is None or (start and folded[start - 1] in "/.-"):
            continue
        for parts, spellings in candidates:
            end = _term_end(folded, start, parts)
            if end >= 0 and _NOT_TERM_END.match(folded, end) is None:
                term = _spelled(spellings, lowered[start:end], len(parts) == 1)
                if term is not None:
                    out.append((term, start, end))
                    taken = end
                break
    return out


_UNIT_DOSE_AFTER = re.compile(rf"(?:[/+][a-zà-ÿ]+)?(?:{DOSE}|{_COUNT}|{_SCHEDULE})")
#: The span covers the medicine and its strength; a count or a schedule confirms it but is left out.
_DOSE_AFTER = re.compile(rf"(?:[/+][a-zà-ÿ]+)?(?:{DOSE}|{_STRENGTH}|(?={_COUNT}|{_SCHEDULE}))")

#: Someone is being given the medicine named next: "taking", "Discharged on", "bekommt jetzt",
#: "prescrit du", "en tratamiento con", "in terapia con" (lowered; ends where the name starts).
_THERAPY_BEFORE = re.compile(
    r"(?:\b(?:taking|takes|take|took|started|restarted|start|starting|begin|beginning|commence|"
    r"switched to|changed to|continued?|"
    r"prescribed|prescription for|(?:was|were|been|is|be)[ \t]+given|treated with|"
    r"treatment with|course of|dose of|injects|injecting|"
    # "on metformin" only after what puts someone on it: "is on", "Discharged on", ", on" (not "working on")
    r"(?:is|was|be|been|being|are|am|['’][smr]e?|stays?|remain(?:s|ed)?|kept|started|put|discharged|continued?|"
    r"currently|"
    r"still|now|already|also|maintained|back)[ \t]+on(?:to)?|"
    r"nimmt|nehme|nahm|bekommt|bekam|erhält|erhielt|verordnet|verschrieben|eingestellt auf|"
    r"umgestellt auf|unter|therapie mit|behandlung mit|"
    r"prend|prends|prenait|sous|prescrit|prescrite|traitée? par|traitement par|"
    r"toma|tomo|tomaba|recibe|tratamiento con|tratad[oa] con|recetaron|receta de|pauta de|"
    r"assume|assumo|prende|prendo|terapia con|trattat[oa] con|prescritt[oa]|"
    # past and progressive forms ("a pris son", "se tomó el", "tomando"), carrying an auto-injector,
    # Dutch and Portuguese ("neemt", "gestart met", "toma", "tomou", "em uso de")
    r"pris|prise|tomó|tomando|tomaron|preso|presa|prendendo|assunto|carries|carrying|carry|"
    r"neemt|nam|slikt|gebruikt|gestart met|begonnen met|behandeld met|voorgeschreven|"
    r"tomou|tomando|toma|usa|usando|em uso de|tratad[oa] com|tratamento com|receitad[oa]|iniciad[oa]|"
    # "Se pauta", "traité(e) par", "medicado(a) com", a refill ("needs her X refilled", "renovar a",
    # "renouveler son"), carrying it ("lleva X en la mochila"), a rescue medicine ("Notfallmedikament")
    r"se pauta|pauto|se inicia|se prescribe|traité\(e\) par|suivie? par|medicad[oa](?:\([oa]\))? com|"
    r"medicad[oa] con|refill|refills|renew|renovar|renouveler|renouvelle|rinnovare|herhalen|leva|levo|"
    r"nachbestellen|verlängern|lleva|llevo|porta|notfallmedikament|notfallmedikation|bedarfsmedikation|"
    # someone's own medicine: "her metformin", "haar metformine", "son Ventoline", "ihr Ramipril"
    r"(?<![\w'’])(?:her|his|haar|zijn|son|sein|seine|seinen|ihr|ihre|ihren|suo|sua|seu|dele|dela))|"
    r"[,;:(][ \t]*on)"
    r"(?:[ \t]+(?:currently|now|also|daily|regularly|jetzt|seit kurzem|auch|täglich|wurde|wird|wurden|"
    r"actuellement|"
    r"aussi|actualmente|también|attualmente|anche|ora|du|de la|des|del|della|il|lo|la|el|le|"
    r"some|her|his|their|him|ihr|ihm|"
    # an article or a possessive before the name: "take the Ritalin", "a pris son", "se tomó el"
    r"the|a|an|son|sa|ses|su|sus|suo|sua|seu|o|os|die|den|das|sein|seine|seinen|ihre|ihren|het|zijn|"
    r"haar|een|um|uma|se|hoy|today|heute|vandaag|hoje|oggi|aujourd['’]hui))*"
    r"(?:[ \t]+(?:de[ \t]+)?l['’]|[ \t]+d['’]|[ \t]+)$"
)
#: A medication field: "Medication:", "Medikation:", "Traitement :", "Tratamiento:", "Terapia:", "Rx:".
_THERAPY_LABEL = re.compile(
    r"(?:^|\n|(?<=[.;] ))[ \t]*(?:[-*•][ \t]*)?(?:current[ \t]+|home[ \t]+|regular[ \t]+)?"
    r"(?:medications?|meds|medicines?|rx|treatment|therapy|discharge medications?|medikation|medikamente|"
    r"dauermedikation|therapie|"
    r"entlassmedikation|traitements?|médicaments?|medicación|medicamentos?|tratamiento|terapia|farmaci|farmaco|"
    r"prescribed|prescription|prescrição|medicação|prescrizione|medicatie|voorschrift|verordnung|"
    r"conduta|medicamentos em uso|medicijnen|geneesmiddelen|"
    # a pupil's health field: "Medical:", "Medisch:", "Saúde:", "PAI :", "SEN notes:", "Gesundheit:"
    r"medical|medisch|saúde|santé|salud|salute|gesundheit|pai|sen|health|gezondheid)"
    r"(?:[ \t]+[a-zäöüßà-ÿ]+){0,3}[ \t]*:[^\n]*$|"
    r"[\"'](?:medications?|meds|drugs?|prescriptions?|medikation|medikamente|medicamentos?|médicaments?|"
    r"traitements?|tratamiento|farmaci|terapia)[\"'][ \t]*:[^\n}]*$"
)
#: A medicine as an element's text: `<med dose="20mg">amlodipine</med>`, `<medication>…`, `<farmaco>…`.
_THERAPY_TAG = re.compile(
    r"<(?:meds?|medications?|medicines?|drugs?|medikament|medikation|médicament|medicamento|medicação|"
    r"farmaco|medicatie|geneesmiddel)\b[^<>\n]{0,60}>[ \t]*$"
)
#: Taken, said after the name: "hat er heute Sintrom genommen", "heeft zijn metformine ingenomen".
_THERAPY_AFTER = re.compile(
    r"[ \t]+(?:genommen|eingenommen|bekommen|verschrieben|verordnet|ingenomen|genomen|gekregen|"
    r"voorgeschreven|refilled|renewed|(?:moet[ \t]+)?(?:[a-z]+[ \t]+){0,2}herhaald)\b"
)
_CELL_DELIMITERS = re.compile(r"[\t,;|]")
#: Column headers over medicines: "medication", "current_meds", "Medikation", "traitement", "farmaco".
_THERAPY_COLUMNS = (
    "medication", "meds", "drug", "prescription", "medikament", "medikation", "médicament", "traitement",
    "medicamento", "medicación", "tratamiento", "farmac", "terapia", "therapy", "therapie", "treatment",
)  # fmt: skip
#: A second medicine in a list after the first: "metformin and escitalopram", "ASS 100, Ramipril 5 mg".
_LIST_JOIN = re.compile(
    rf"(?:{_SCHEDULE})?(?:[ \t]+(?:once|twice|daily|bid|tid|qid|qd|od|bd|tds|qds|prn|nocte|mane|täglich|"
    r"morgens|abends|"
    r"par jour|al giorno|al día|cp/die|/die|/d))*"
    r"[ \t]*(?:,|;|\+|/|and|und|et|y|e|plus|sowie|ainsi que|as well as)[ \t]*"
)


#: An item of a list: "- Lisinopril", "2) Ramipril", "• Eutirox" (only the marker before the name).
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•·–]|\d{1,2}[.)])[ \t]*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _under_therapy_heading(lowered: str, line_start: int) -> bool:
    """The list item's block opens with a medication heading ("Current medications:" on its own line)."""
    block_start = max(0, line_start - 600)
    for blank in _BLANK_LINE.finditer(lowered, block_start, line_start):
        block_start = blank.end()
    for line in reversed(lowered[block_start : max(block_start, line_start - 1)].split("\n")):
        if not _LIST_ITEM.match(line):
            return _THERAPY_LABEL.fullmatch("\n" + line.rstrip()) is not None and line.rstrip().endswith(":")
    return False


def _given(lowered: str, start: int, previous_end: int, end: int = -1) -> bool:
    """A therapy cue, a medication field or a list of medicines stands right before `start` (or a
    participle of taking right after `end`, as German and Dutch put it)."""
    if end >= 0 and _THERAPY_AFTER.match(lowered, end):
        return True
    line_start = lowered.rfind("\n", 0, start) + 1
    before = lowered[max(line_start, start - 60) : start]
    if _THERAPY_BEFORE.search(before) or _THERAPY_TAG.search(before):
        return True
    listed = previous_end >= 0 and 0 <= start - previous_end <= 40
    if listed and _LIST_JOIN.fullmatch(lowered, previous_end, start):
        return True
    if _THERAPY_LABEL.search(lowered, max(0, line_start - 1), start) is not None:
        return True
    if _LIST_ITEM.match(lowered, line_start, start) and _under_therapy_heading(lowered, line_start):
        return True
    header = column_header(lowered, start) if _CELL_DELIMITERS.search(lowered, line_start, start) else None
    return header is not None and any(word in header for word in _THERAPY_COLUMNS)


def term_mentions(lowered: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each term in lowered text. A medication needs its dose (the span then covers
    both) or someone being given it ("taking", "Medikation:", a list after another medicine); a name that
    is also an ordinary word ("ass", "lithium") needs its dose."""
    kinds = term_kinds()
    dose_only = _medications()[1]
    out = []
    last_medication_end = -1
    for term, start, end in term_spans(lowered):
        kind = kinds.get(term, "")
        if kind == "medication":
            dose = _DOSE_AFTER.match(lowered, end)
            if dose is not None and term in dose_only and _UNIT_DOSE_AFTER.match(lowered, end) is None:
                # "ass 100" is a medicine by a bare number only where medicines are listed: "ASS 100 mg" is
                dose = dose if _given(lowered, start, last_medication_end) else None
            if dose is not None:
                end = dose.end()
            elif term in dose_only or not _given(lowered, start, last_medication_end, end):
                continue
            last_medication_end = end
        if kind:
            out.append((kind, start, end))
    return out


# -- record or topic -----------------------------------------------------------------------------

#: Someone's health is being written about: a record label or an identifier. "A patient", "an
#: employee" (a generic one) does not count: see `_GENERIC_CUE`.
_RECORD_CUES = re.compile(
    r"(?i:\bpatient(?:e|in)?\b(?![-s]|[ \t_]+(?:names?|portals?|data|records?|lists?|apps?|tables?|fields?|"
    r"models?|management|safety|experience|journey|engagement|education|information|satisfaction|"
    r"flow|volume|outcomes?|privacy)\b)|\bpatient_id|\bpaciente\b|\bmrn\b|\bdob\b|d\.o\.b\.|date of birth|"
    r"\bborn\b|geburtsdatum|\bgeb\.|\bgeboren\b|\bnée? le\b|\bné\(e\) le\b|date de naissance|"
    r"fecha de nacimiento|\bnacid[oa] el\b|\binsured\b|\bmember\b|\bversicherte[rn]?\b|\bassurée?\b|"
    r"\basegurad[oa]\b|\brx for\b|\bfallnummer\b|dossier patient|\bkvnr\b|krankenversichertennummer|"
    r"medicare|historia clínica|\bbeneficiary\b|"
    r"\b(?:employee|claimant|policyholder|applicant|mitarbeiter(?:in)?|bewerber(?:in)?|salariée?|"
    r"emplead[oa]|solicitante)[ \t]*:|m'a confié|m’a confié|told me (?:that )?(?:he|she)|"
    r"hat mir (?:erzählt|gesagt|anvertraut)|me (?:ha )?contó|"
    r"\bpazient[ei]\b|\bnat[oa](?:/[oa])?[ \t]+il\b|data di nascita|cartella clinica|\bn\.[ \t]*cartella|"
    r"\bassistit[oa]\b|\b(?:dipendente|lavorator[ei]|richiedente)[ \t]*:|hospital (?:no|number)|"
    r"\bnhs (?:no|number)|\bversichertennr|dossier salarié|\bsalarié(?:e)?[ \t]*:|\btrabajador(?:a)?[ \t]*:|"
    r"\bnhc\b|\bpt[ \t]*:|\bpmh\b|\bhpi\b|\banamnes[ei]\b|\bantecedentes\b|\banamnesi\b|\bantécédents\b|"
    r"\b(?:injury|injuries|prescribed|lesioni|lesiones|lesões|verletzung(?:en)?|blessures?)[ \t]*:|"
    r"\butente\b|\bn\.?[ºo°]?[ \t]*(?:de[ \t]+)?processo\b|processo clínico|"
    r"\bpatiënte?\b|\bpatiëntnummer|\bprontuário\b|\bgeboortedatum\b|\bdata[ \t]+de[ \t]+nasc|"
    r"\bnacid[oa](?:/[oa])?[ \t]*:|\bnascid[oa](?:/[oa])?\b|\bbsn\b|"
    # a pupil's record ("Alunno:", "Élève :", "Leerling:") and an Italian birth line ("nato a Sulmona il")
    rf"\b(?:pupil|student|alunn[oa]|alumn[oa]|aluno(?:\(a\))?|aluna|élève|schüler(?:in)?|leerling)[ \t]*:"
    rf"[ \t]*(?-i:[{UPPER}][{UPPER}{LOWER}'’-]+[ \t]+[{UPPER}])|"
    r"\bnat[oa](?:/[oa])?[ \t]+a[ \t]+[^\W\d_][\w'’-]*(?:[ \t]+[\w'’-]+){0,2}?[ \t]+il\b|"
    # a policyholder or an insured person: "Versicherungsnehmer:", "Tomador:", "Verzekerde:", "Segurado:"
    r"\b(?:versicherungsnehmer(?:in)?|tomador(?:a)?|titular|souscripteur|contraente|assicurat[oa]|"
    r"verzekerde|verzekeringnemer|segurad[oa]|bénéficiaire|beneficiari[oa]|beneficiári[oa])[ \t]*:|"
    # a parent writing in a family chat ("[19:02] mama: hat jannik heute …", "maman : …")
    r"(?<![^\n])[ \t]*(?:\[[^\]\n]{1,20}\][ \t]*)?(?:mum|mom|mummy|mama|mamá|maman|mamma|mãe|mamãe|"
    r"dad|daddy|papa|papá|papà|pai|vader|moeder|grandma|grandpa|oma|opa|abuela|abuelo|nonna|nonno|mamie|"
    r"papi|avó|avô)[ \t]*:|"
    # Someone off work or in hospital for it: "signed me off for two weeks with", "krankgeschrieben",
    # "arrêt maladie", "estoy de baja por", "assente per", "ziek gemeld", "internada com".
    r"\bsigned[ \t]+(?:me|him|her|them)[ \t]+off\b|\boff[ \t]+sick\b|\bon[ \t]+sick[ \t]+leave\b|"
    r"\badmitted[ \t]+(?:to[ \t]+hospital[ \t]+)?(?:with|for)\b|\bhospitali[sz]ed\b|"
    r"\bkrankgeschrieben\b|\bkrank[ \t]*gemeldet\b|\barbeitsunfähig\b|\bim[ \t]+krankenhaus\b|"
    r"\barrêt[ \t]+(?:maladie|de[ \t]+travail|de[ \t]+\S+[ \t]+(?:jours?|semaines?|mois))\b|"
    r"\ben[ \t]+arrêt\b|\bhospitalisée?\b|"
    r"\b(?:estoy|está|estás|estaré|estará|sigue|seguirá)[ \t]+de[ \t]+baja\b|\bbaja[ \t]+(?:médica|por)\b|"
    r"\bingresad[oa]\b|\bhospitalizad[oa]\b|"
    r"\bin[ \t]+malattia\b|\bassente[ \t]+per\b|\bricoverat[oa]\b|"
    r"\bziek[ \t]*gemeld\b|\bbekend[ \t]+met\b|\bopgenomen[ \t]+(?:met|in|voor)\b|"
    r"\binternad[oa]\b|\b(?:de|em)[ \t]+atestado\b|\bafastad[oa]\b|"
    r"\b(?:estou|está|esteve|ficou)[ \t]+de[ \t]+baixa\b)"
)
#: A literal inside every cue above (lowercase): a window holding none of them is not read by the regex,
#: a case-blind alternation slow to try at every position.
_CUE_LITERALS = (
    "patient", "pacient", "pazient", "mrn", "dob", "d.o.b", "birth", "born", "geb", "née", "né", "naissance",
    "nacimiento", "nacid", "insured", "member", "versichert", "assuré", "asegurad", "rx for", "fallnummer",
    "dossier", "kvnr", "medicare", "historia", "beneficiary", "employee", "claimant", "policyholder",
    "applicant", "mitarbeiter", "bewerber", "salarié", "emplead", "solicitante", "confié", "told me",
    "hat mir", "contó", "nato", "nata", "nascita", "cartella", "assistit", "dipendente", "lavorat",
    "richiedente", "hospital", "nhs", "trabajador", "nhc", "pt:", "pt :", "pmh", "hpi", "anamnes",
    "antecedentes", "injur", "prescribed", "lesion", "lesõ", "verletzung", "blessure", "utente", "processo",
    "antécédents", "patiënt", "prontuário", "signed", "off sick", "sick leave", "admitted", "hospitali",
    "krank", "arbeitsunfähig", "arrêt", "hospitalis", "baja", "ingresad", "malattia", "assente", "ricoverat",
    "ziek", "bekend met", "opgenomen", "internad", "atestado", "afastad", "baixa", "geboorte", "nasc", "bsn",
    "nacid", "tomador", "titular", "souscripteur", "contraente", "assicurat", "verzeker", "segurad",
    "bénéficiaire", "beneficiari", "beneficiári", "versicherungsnehmer", "mum", "mom", "mama", "mamá",
    "maman", "mãe", "dad", "papa", "papá", "papà", "pai", "vader", "moeder", "grand", "oma", "opa", "abuel",
    "nonn", "mamie", "papi", "avó", "avô", "pupil", "student", "alunn", "alumn", "alun", "élève", "schüler",
    "leerling",
)  # fmt: skip
_GENERIC_CUE = re.compile(
    r"(?i:(?:\ba|\ban|\bany|\beach|\bevery|\bein|\beine[nm]?|\bjede[rnms]?|\bun|\bune|\bchaque|\bcada|\btodo)"
    r"[ \t]+$)"
)

# Latin letters with their Extended blocks ("Zieliński", "Dvořák"), as names.py reads names.
_UPPER = UPPER
_LOWER = LOWER
_NAME_PAIR = (
    rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?[ \t]"
    rf"(?:O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
)
#: A name doing something (or owning something) right after it, or a title before it.
_NAMED_PERSON = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Herr|Herrn|Frau|Mme|Mlle|Sr|Sra|Srta|Monsieur|Madame|Sig|Sig\.ra|Sig\.na|Signor|"
    rf"Signora|Dott|Dott\.ssa|Don|Doña)\.?[ \t]+[{_UPPER}][{_LOWER}]+)|"
    rf"(?:\b{_NAME_PAIR}(?:['’]s\b|[ \t]*[(:]|,[ \t]|[ \t]+(?:is|was|has|had|will|told|takes|disclosed|"
    rf"mentioned|needs|says|asked|ist|war|hat|wird|nimmt|fällt|est|a|sera|prend|était|está|estará|tiene|toma|ha|"
    rf"[a-z]{{2,}}ed)\b))"
)
#: "Olivia is out", "Jonas's": one capitalised word acting or owning, checked with `looks_like_name`.
#: (A speaker label "Mark:" is not enough: "Labels:" and "Components:" open lines of a ticket.)
_SINGLE_NAME = re.compile(
    rf"(?:^|(?<=[\s,;(]))(?P<name>[{_UPPER}][{_LOWER}]{{2,}})"
    rf"(?:[ \t]+(?:is|was|has|had|told|disclosed|mentioned|said|ist|hat|war|est|a|está|estará|tiene|"
    rf"è|ha|era|sarà|in congedo|in malattia|fehlt|falta|manca|ontbreekt|no[ \t]+viene|non[ \t]+viene|"
    rf"ne[ \t]+vient[ \t]+pas|komt[ \t]+niet|não[ \t]+vem)(?![{_LOWER}])|['’]s\b)",
    re.MULTILINE,
)
#: "il figlio Tommaso", "her daughter Priya", "la hija Carmen": a relative named.
_KIN_NAMED = re.compile(
    rf"\b(?:figli[oa]|moglie|marito|hij[oa]|esposa|marido|filh[oa]|mulher|son|daughter|wife|husband|sohn|tochter"
    rf"|ehefrau|ehemann|fils|fille|épouse|mari|zoon|dochter|echtgeno(?:ot|te))[ \t]+[{UPPER}][{LOWER}]{{2,}}"
)
#: "Tom, since your ..." : someone addressed by name.
_ADDRESSED = re.compile(rf"(?:^|[\"“„«(]|\n)[ \t]*[{_UPPER}][{_LOWER}]{{2,}},[ \t][^\n]*\b(?:your|you)\b")

_NEGATION_BEFORE = re.compile(
    r"(?i:(?:\bno|\bnot|\bdenies|\bdenied|\bwithout|negative for|ruled? out|\br/o|no history of|no signs? of|"
    r"\bkein(?:e[nmrs]?)?(?: hinweis auf)?|\bohne|ausgeschlossen|\bpas d[e'’]|\bsans|\baucune?|"
    r"\bsin|\bniega|descartad[oa]|\bni|\bnon|\bnessun[ao]?|\bsenza|esclus[oa]|negativ[oa] per)\b"
    r"[^.;\n]{0,25})$"
)
#: "asked us not to mention his heart surgery": a request for discretion, not a negative finding.
_NOT_TO_MENTION = re.compile(
    r"(?i:\b(?:mention|tell|share|disclose|bring up|talk about|erwähne\w*|ansprechen|mentionner|parler de"
    r"|mencionar|decir|menzionare|dire|parlare|contar|dizer|falar)\b)"
)
_NEGATION_AFTER = re.compile(
    r"(?i:^[ \t]*(?:negative|negativ|négati(?:f|ve)|negativ[oa]|ausgeschlossen|ruled out)\b)"
)
#: A term naming a subject, not a person's state: "Diabetes Awareness Month", "a talk about burnout".
_TOPIC_AFTER = re.compile(
    r"(?i:^[ \t-]*(?:awareness|screening|research|campaign|month|week|day|prevention|programm?e?|study|"
    r"studies|trial|clinic|ward|unit|app|questionnaire|guidelines?|webinar|training|schulung|kampagne|"
    r"forschung|monat|vorsorge|campagne|recherche|prévention|campaña|investigación|prevención|campagna|"
    r"prevenzione|ricerca|studio)\b)"
)
_TOPIC_BEFORE = re.compile(
    r"(?i:(?:\babout|\btopic|\bthema|zum thema|\büber|\bsur|\bsobre|\bbook on|\btalk on|\bawareness of)"
    r"[ \t]+(?:(?:living|life|coping|dealing|people|patients|children|adults)[ \t]+with[ \t]+|"
    r"the[ \t]+|le[ \t]+|la[ \t]+|el[ \t]+)?$)"
)
_GENERIC_BEFORE = re.compile(
    r"(?i:(?:people|patients|those|adults|children|users|employees|menschen|patienten|personnes|patients|"
    r"personas|pacientes|enfants|kinder|persone|pazienti|bambini)\s+"
    r"(?:with|living with|mit|atteint(?:e?s)? d[e'’]|avec|con|affett[ie] da)\s*$|"
    # whoever has it: "Wer Asthma hat", "Chi ha la celiachia", "Quien tiene asma", "Quem tem"
    r"\b(?:wer|chi|quien|quienes|quem|whoever)[ \t]+(?:[^\W\d_]+[ \t]+){0,2}$)"
)


#: A share of a population in the sentence: "15% of adults live with asthma", "il 25% degli adulti",
#: "mejoró en el 60% de los casos". A statistic, not anyone's record.
_POPULATION_SHARE = re.compile(
    r"(?i:\d(?:[.,]\d+)?[ \t]?(?:%|per ?cent\b|prozent\b|pour ?cent\b|por ?ciento\b|per ?cento\b|por ?cento\b"
    r"|procent\b)[ \t]+(?:of|der|des|de|du|di|dei|degli|delle|del|della|van|dos|das|da|do|nos|nas)[ \t]+"
    r"(?:(?:the|all|los|las|les|la|le|gli|i|die|alle|de|het|os|as|todos|tutti)[ \t]+)?(?:[^\W\d_]+[ \t]+)?"
    r"(?:adults?|people|persons|patients|cases|population|respondents|participants|employees|workers"
    r"|children|women|men|users|over-\w+|erwachsenen|menschen|patienten|patientinnen|fälle|bevölkerung"
    r"|beschäftigten|befragten|adultes|personnes|cas|salariés|enfants|femmes|hommes|adultos|personas"
    r"|pacientes|casos|población|encuestados|niños|mujeres|hombres|adulti|persone|pazienti|casi"
    r"|popolazione|bambini|donne|uomini|intervistati|volwassenen|mensen|patiënten|gevallen|bevolking"
    r"|werknemers|kinderen|pessoas|doentes|população|inquiridos|crianças|mulheres|homens)\b)"
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _share_of_population(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """A population share stands in the mention's sentence (module docstring of `_POPULATION_SHARE`)."""
    begin = line_start
    for m in _SENTENCE_END.finditer(text, line_start, start):
        begin = m.end()
    stop = _SENTENCE_END.search(text, end, line_end)
    return _POPULATION_SHARE.search(text, begin, stop.start() if stop else line_end) is not None


#: A product being sold, not a person being treated: "Humira 40 mg list price", "Ozempic pens shipped".
_COMMERCIAL = re.compile(
    r"(?i:\b(?:sales|revenue|list price|pricing|priced|market share|units sold|shipped|inventory|stock level|"
    r"sku|wholesale|rebates?|tender|forecast|marketing|campaign|umsatz|verkaufszahlen|absatz|listenpreis|"
    r"lagerbestand|chiffre d['’]affaires|ventes|prix|ventas|precio|facturación|vendite|prezzo|fatturato)\b)"
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


@lru_cache(maxsize=8)
def _paragraph_starts(text: str) -> tuple[int, ...]:
    return tuple(a for a, _ in paragraph_bounds(text))


def record_window(text: str, start: int, end: int, back: int = 400, ahead: int = 200) -> tuple[int, int]:
    """The span of text whose cues make a mention personal: its paragraph, trimmed to a few lines (the
    header paragraphs above are read by `is_record`)."""
    bounds = paragraph_bounds(text)
    i = bisect_right(_paragraph_starts(text), start) - 1
    if i >= 0 and bounds[i][0] <= start <= bounds[i][1]:
        a, b = bounds[i]
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
        "wer",
        "chi",
        "quien",
        "quem",
    )
)


_CAPITALISED = re.compile(rf"[{_UPPER}][{_LOWER}]+")


def _named(window: str) -> bool:
    if _ADDRESSED.search(window) or _KIN_NAMED.search(window):
        return True
    # A pair naming a condition is no one ("Wer Asthma hat", "Morbus Bechterew ist").
    kinds = term_kinds()
    if any(
        not any(w.lower() in kinds or w.lower() in _FUNCTION_WORDS for w in _CAPITALISED.findall(m.group()))
        for m in _NAMED_PERSON.finditer(window)
    ):
        return True
    return any(
        looks_like_name(name) and name.lower() not in _FUNCTION_WORDS and name.lower() not in term_kinds()
        for name in (m.group("name") for m in _SINGLE_NAME.finditer(window))
    )


def _labelled(window: str) -> bool:
    """A record cue in the window, not a generic one ("a patient"). The cue regex is tried only around
    the literals every cue holds: run over whole windows it cost a millisecond a mention."""
    lowered = window.lower()
    if len(lowered) != len(window):
        return any(not _generic(window, m) for m in _RECORD_CUES.finditer(window))
    searched = -1
    for pos in sorted({p for literal in _CUE_LITERALS for p in _occurrences(lowered, literal)}):
        begin = max(0, pos - 16)  # not from `searched`: a cue may start before it
        searched = min(len(window), pos + 48)
        if any(not _generic(window, m) for m in _RECORD_CUES.finditer(window, begin, searched)):
            return True
    return False


def _generic(window: str, m: re.Match[str]) -> bool:
    return _GENERIC_CUE.search(window[max(0, m.start() - 8) : m.start()]) is not None


def _occurrences(lowered: str, literal: str) -> list[int]:
    found = []
    pos = lowered.find(literal)
    while pos >= 0:
        found.append(pos)
        pos = lowered.find(literal, pos + 1)
    return found


#: Above this many mentions in one text, its record cues are indexed once instead of read per window.
INDEX_CUES_FROM = 100


@lru_cache(maxsize=4)
def cue_starts(text: str) -> tuple[int, ...]:
    """Start of every (non-generic) record cue in the text, for texts with many mentions: a patient
    list of 20,000 rows would otherwise read the same cues 600 characters at a time for each row."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return tuple(m.start() for m in _RECORD_CUES.finditer(text) if not _generic(text, m))
    starts: set[int] = set()
    searched = -1
    for pos in sorted({p for literal in _CUE_LITERALS for p in _occurrences(lowered, literal)}):
        begin = max(0, pos - 16)  # not from `searched`: a cue may start before it
        searched = min(len(text), pos + 48)
        starts.update(
            m.start() for m in _RECORD_CUES.finditer(text, begin, searched) if not _generic(text, m)
        )
    return tuple(sorted(starts))


def _cue_between(cues: tuple[int, ...], a: int, b: int) -> bool:
    i = bisect_right(cues, a - 1)
    return i < len(cues) and cues[i] < b


#: Someone's own condition or medicine: "por su diabetes", "sa maladie de Crohn", "his asthma".
_POSSESSIVE_BEFORE = re.compile(
    r"(?i:\b(?:his|her|sein(?:e[mnrs]?)?|ihr(?:e[mnrs]?)?|son|sa|ses|su|suo|sua|seu|zijn|haar|dele|dela)"
    r"[ \t]+$)"
)


_LINE_REACH = 600


def is_record(text: str, start: int, end: int, cues: tuple[int, ...] | None = None) -> bool:
    """True when the mention at [start, end) is about an identified person and not negated. `cues`:
    the text's `cue_starts`, when the caller has many mentions to test."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 20]
    negation = _NEGATION_BEFORE.search(before)
    if (negation and not _NOT_TO_MENTION.search(negation.group())) or _NEGATION_AFTER.match(after):
        return False
    if _GENERIC_BEFORE.search(before) or _TOPIC_BEFORE.search(before) or _TOPIC_AFTER.match(after):
        return False
    # The mention's line, at most a few sentences either side: a text on one line of 30,000 characters
    # would otherwise be read whole for each of its mentions.
    line_start = max(text.rfind("\n", 0, start) + 1, start - _LINE_REACH)
    line_end = text.find("\n", end)
    line_end = min(len(text) if line_end < 0 else line_end, end + _LINE_REACH)
    if _COMMERCIAL.search(text, line_start, line_end):
        return False
    if _share_of_population(text, start, end, line_start, line_end):
        return False
    if _POSSESSIVE_BEFORE.search(before):
        return True
    a, b = record_window(text, start, end)
    # The mention itself names no one: "Crohn's disease", "Morbus Bechterew" are blanked out.
    window = text[a:start] + " " * (end - start) + text[end:b]
    labelled = _cue_between(cues, a, b) if cues is not None else _labelled(window)
    if labelled or _named(window):
        return True
    # A letter's or a form's header ("Patient: …  DOB: …", "Employee: …") speaks for the paragraphs
    # under it: record labels (not a name alone) count a few paragraphs back.
    if cues is not None:
        return a > 0 and _cue_between(cues, max(0, start - 600), a)
    return a > 0 and _labelled(text[max(0, start - 600) : a])


# -- patient tables ------------------------------------------------------------------------------

#: A column naming the person a row is about: "full_name", "nominativo", "paciente", "birth_date".
_PERSON_COLUMN = re.compile(
    r"(?:full|first|last|given|family|sur|patient|pt|pupil|student)[ _-]?names?|"
    r"nombre[ _-]?(?:completo|y[ _]apellidos|paciente)|apellidos?|nom[ _-]?(?:complet|prénom|patient)|prénom|"
    r"volledige[ _]naam|achternaam|voornaam|nome[ _-]?(?:completo|cognome|paziente)|cognome|nominativo|"
    r"patient|patiente|paciente|paziente|patiënt|utente|doente|assistito"
)
#: A birth date column: with it, a bare "name" column ("nombre", "naam") is a person's.
_BIRTH_COLUMN = re.compile(
    r".*(?:birth|nascita|nacimiento|naissance|geboorte|nascimento|geburt).*|dob|geb[ _.-]?datum"
)
_BARE_NAME_COLUMN = re.compile(r"names?|nombre|nom|naam|nome|name_?surname")
#: Columns whose cells are someone's diagnosis or medicine in such a table.
_DIAGNOSIS_COLUMN = re.compile(
    r".*(?:diagnos|diagnós|condition|maladie|pathologi|patolog|erkrankung|krankheit|enfermedad|"
    r"aandoening|doença|malattia).*"
)
_MEDICATION_COLUMN = re.compile(
    r".*(?:medica|medika|médica|medicij|geneesmiddel|farmac|fármaco|drug|meds|traitement|tratamiento|"
    r"terapia|therap|treatment|prescri).*"
)
#: Words in a table that may hold patient columns: below none of them, tables are not read.
_TABLE_HINTS = (
    "diagnos", "diagnós", "medica", "medika", "médica", "medicij", "farmac", "fármaco", "drug", "condition",
    "traitement", "tratamiento", "terapia", "therap", "treatment", "patolog",
)  # fmt: skip


def _roles(header: tuple[str, ...]) -> list[str] | None:
    """Per column: "condition", "medication" or ""; None unless a column names the person and another
    holds a diagnosis or a medicine (a drug catalogue has no person column)."""
    names = [name.strip() for name in header]
    birth = any(_BIRTH_COLUMN.fullmatch(name) for name in names)
    if not (
        any(_PERSON_COLUMN.fullmatch(name) for name in names)
        or (birth and any(_BARE_NAME_COLUMN.fullmatch(name) for name in names))
    ):
        return None
    roles = [
        "condition" if _DIAGNOSIS_COLUMN.fullmatch(name) else
        "medication" if _MEDICATION_COLUMN.fullmatch(name) else ""
        for name in header
    ]  # fmt: skip
    return roles if any(roles) else None


@lru_cache(maxsize=4)
def patient_table_cells(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int, str], ...]]:
    """(rows, cells) of the tables and SQL inserts about patients: a column names the person and another
    holds a diagnosis or a medicine ("nominativo | data_nascita | diagnosi | farmaco"). `rows` are the
    spans of their data rows, where every health term is someone's; `cells` are (start, end, kind) of
    each non-empty diagnosis or medication cell."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _TABLE_HINTS):
        return (), ()
    rows: list[tuple[int, int]] = []
    cells: list[tuple[int, int, str]] = []
    for table in tables_in(text):
        roles = _roles(table.header)
        if roles is None:
            continue
        for row in table.rows:
            rows.append(row)
            spans = table.cells(text, row)
            cells.extend((a, b, role) for (a, b), role in zip(spans, roles, strict=False) if role and b > a)
    for insert in sql_inserts(text):
        roles = _roles(insert.header) if insert.header else None
        if roles is None:
            continue
        for row in insert.rows:
            rows.append((row[0][0], row[-1][1]))
            cells.extend((a, b, role) for (a, b), role in zip(row, roles, strict=False) if role and b > a)
    return tuple(sorted(rows)), tuple(sorted(cells))


def in_spans(spans: tuple[tuple[int, int], ...], a: int, b: int) -> bool:
    """Whether [a, b) lies inside one of `spans` (sorted by start)."""
    i = bisect_right(spans, (a, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= a and b <= spans[i][1]


# -- chats -----------------------------------------------------------------------------------------

#: A chat message's opening: a timestamp and a speaker ("[19:02] chiara:", "[12/11/26, 19:03:02] Desmond:")
#: or a lowercase first name as exported chats write it ("caio: …", "maëlys : …"). A form's "Note:" is
#: capitalised and has no timestamp.
_CHAT_LINE = re.compile(
    rf"(?m:(?:(?:^|(?<=[\s\"'“«]))\[[^\]\n]{{1,25}}\][ \t]*[{UPPER}{LOWER}][\w.'’-]{{1,24}}"
    rf"(?:[ \t][\w.'’-]{{1,24}})?|^[ \t]*[{LOWER}][{LOWER}'’-]{{1,24}})[ \t]?:[ \t])"
)
#: Someone has the condition named next: "tiene", "ha la", "hat", "has", "heeft", "tem", "a une",
#: "souffre de", "wegen", "because of" (in a chat message, where people write about their own).
_HAVING_BEFORE = re.compile(
    r"(?i:\b(?:tiene|tengo|ha|ho|hat|habe|has|have|got|heeft|heb|tem|tenho|a|ai|souffre[ \t]+d[e'’]|"
    r"sufre[ \t]+de|soffre[ \t]+di|leidet[ \t]+an|suffers[ \t]+from|wegen|vanwege|because[ \t]+of|"
    r"por[ \t]+causa[ \t]+d[aeo]|a[ \t]+causa[ \t]+d[ie]|à[ \t]+cause[ \t]+d[e'’]|per[ \t]+via[ \t]+d[i'’])"
    r"(?:[ \t]+(?:la|il|lo|l['’]|una|un|une|le|el|een|eine|einen|ein|a|an|uma|um|o|de|del|des|du|della|"
    r"dello|der))?[ \t]*$)"
)


@lru_cache(maxsize=4)
def _chat_lines(text: str) -> tuple[int, ...]:
    """Starts of the chat message lines of a transcript (two or more), else ()."""
    starts = tuple(m.start() for m in _CHAT_LINE.finditer(text)) if ":" in text else ()
    return starts if len(starts) >= 2 else ()


def chat_record(text: str, start: int, end: int, kind: str) -> bool:
    """In a chat transcript, a medicine someone is given (the caller checked the cue) or a condition
    someone has ("tiene epilepsia", "ha la celiachia", "wegen Asthma") is a family member's or a friend's."""
    starts = _chat_lines(text)
    if not starts:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    i = bisect_right(starts, start) - 1
    if i < 0 or starts[i] < line_start - 1:  # the message opens on the mention's line
        return False
    if kind == "medication":
        return True
    having = _HAVING_BEFORE.search(text[max(line_start, start - 40) : start])
    return kind == "condition" and having is not None


#: An HL7 v2 message's diagnosis segment under a patient segment: DG1-3 is the diagnosis, a code with its
#: text ("I10^Hypertension^I10") or the text alone ("DG1|1||Crohn's disease|||A").
_HL7_DG1 = re.compile(r"(?m:^DG1\|[^|\n]*\|[^|\n]*\|(?:[^|^\n]*\^)?(?P<value>[^|^\n]+))")


def hl7_diagnoses(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, "condition") of each DG1 diagnosis text of an HL7 message that has a PID segment."""
    if "DG1|" not in text or "PID|" not in text:
        return ()
    return tuple((*m.span("value"), "condition") for m in _HL7_DG1.finditer(text))
