"""Person and location findings from the spaCy NER model, run only on prose and filtered for code.

The small English model tags identifiers (`PersonService`, `JohnsonFilter`), tools ("Jenkins") and
greeting words ("Hi Priya") as people. The filters here trim titles and greetings off a span, split spans
that run across lines, and reject what no person is called; they share their word lists with the
pattern-based person recognizers (`names.py`) so both sides agree.
"""

from __future__ import annotations

import re
from typing import Any

from dlpguard.engine.names import (
    CODE_SUFFIXES,
    FRAME_WORDS,
    FUNCTION_WORDS,
    NAME_WORD,
    NOT_NAME_WORDS,
    PARTICLES,
    PLACEHOLDER_NAMES,
    ROLE_NOUNS,
    TITLE_WORDS,
    is_common_anywhere,
    is_frequent_english,
    is_given_name,
    is_known_place,
    is_surname,
    leading_ordinary_words,
    text_language,
)
from dlpguard.engine.prose import Segment
from dlpguard.engine.types import Category, Finding

NER_SCORE = 0.85
LABELS = {
    "PERSON": ("PERSON", Category.PERSON),
    "GPE": ("LOCATION", Category.LOCATION),
    "LOC": ("LOCATION", Category.LOCATION),
}

_TITLE_WORDS = frozenset(t.lower() for t in TITLE_WORDS)
# What may stand before a name inside an entity: "Hi Priya", "Dr. Okafor", "Customer Ana Souza".
_ROLE_WORDS = frozenset(n for n in ROLE_NOUNS if " " not in n)
_LEADING_JUNK = _TITLE_WORDS | FRAME_WORDS | _ROLE_WORDS
_EDGE_JUNK = " \t\r\n.,;:!?\"'“”‘’()[]{}<>-–—"
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# An inner capital is fine after Mc/Mac or a particle glued on ("McDonald", "DeShawn", "LeBlanc").
_CAMEL = re.compile(r"[a-z][A-Z]")
_GLUED_PREFIX_NAME = re.compile(r"(?:Mc|Mac|De|Di|Da|Le|La|Van)[A-Z][a-z]+")
_CODE_CHARS = frozenset("_/\\@#=<>{}()[]:;|$%^*~`+")
# A company follows its name: "Globex GmbH", "Initech Inc." are organisations, whatever NER says.
_COMPANY_AFTER = re.compile(r"[ \t]+(?:GmbH|AG|KG|UG|Inc|Ltd|LLC|LLP|SA|SAS|SARL|SL|SRL|BV|NV|PLC|Corp|Co)\b")
_PARTICLES = frozenset(PARTICLES)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An entity split at line breaks: "John Smith\\nSenior Engineer" is two candidates, not one name."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drops surrounding punctuation, a possessive, and leading/trailing titles and greeting words."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    m = _POSSESSIVE.search(text, start, end)
    if m and m.end() == end:
        end = m.start()
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    tokens = [(start + a, start + b) for a, b in tokens]

    def word(span: tuple[int, int]) -> str:
        return text[span[0] : span[1]].strip(".,;:!").lower()

    while tokens and (word(tokens[0]) in _LEADING_JUNK):
        tokens.pop(0)
    # "Betroffener Kunde": a role noun closes a German noun phrase, never a name.
    while tokens and (word(tokens[-1]) in _TITLE_WORDS | FRAME_WORDS | _ROLE_WORDS):
        tokens.pop()
    if not tokens:
        return start, start
    return tokens[0][0], tokens[-1][1]


def _glued(text: str, start: int, end: int) -> bool:
    """True when the span is part of a longer token: an e-mail, a path, `Smith.parse(`, `user_Smith`."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before.isalnum() or before in "_@./\\#$":
        return True
    return after.isalnum() or after in "_@/\\(" or (after == "." and (after2.isalnum() or after2 == "_"))


def plausible(label: str, value: str) -> bool:
    """Rejects identifiers, tool names and templates that NER takes for people or places."""
    if len(value) < 2 or any(c.isdigit() or c in _CODE_CHARS for c in value):
        return False
    tokens = value.split()
    if not tokens or not value[0].isupper() or len(tokens) > 5:
        return False
    lowered = [t.lower().strip(".,") for t in tokens]
    if any(_CAMEL.search(t) and not _GLUED_PREFIX_NAME.fullmatch(t) for t in tokens):
        return False
    if any(t in CODE_SUFFIXES for t in lowered):
        return False
    if len(tokens) == 1 and (value.isupper() or lowered[0] in NOT_NAME_WORDS):
        return False
    if label == "PERSON":
        if value.lower() in PLACEHOLDER_NAMES:
            return False
        if any(t in NOT_NAME_WORDS for t in lowered if t not in _PARTICLES):
            return False
        # Every word of a name is capitalised, except particles ("van der", "de la").
        return all(t[0].isupper() or t.lower() in _PARTICLES for t in tokens)
    return not all(t in NOT_NAME_WORDS for t in lowered)


#: spaCy pads every text of a batch to the longest one: small batches of bounded documents keep the
#: NER's memory flat (a 1 MB paste peaked near 300 MB with one batch of long segments).
MAX_DOC_CHARS = 8_000
BATCH_SIZE = 4


def bounded_segments(text: str, segments: list[Segment], limit: int = MAX_DOC_CHARS) -> list[Segment]:
    """Splits long segments at line ends (or hard at `limit` for one huge line) into pieces <= limit."""
    out: list[Segment] = []
    for seg in segments:
        start = seg.start
        while seg.end - start > limit:
            cut = text.rfind("\n", start, start + limit)
            cut = cut + 1 if cut > start else start + limit
            out.append(Segment(start, cut))
            start = cut
        if start < seg.end:
            out.append(Segment(start, seg.end))
    return out


def ner_findings(nlp: Any, text: str, segments: list[Segment]) -> list[Finding]:
    """One `nlp.pipe` pass over the prose segments, each read once; offsets mapped back into `text`."""
    findings: list[Finding] = []
    if not segments:
        return findings
    segments = bounded_segments(text, segments)
    docs = nlp.pipe((text[s.start : s.end] for s in segments), batch_size=BATCH_SIZE)
    for seg, doc in zip(segments, docs, strict=True):
        english = is_english(text[seg.start : seg.end])
        language = None if english else text_language(text[seg.start : seg.end])
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            for piece_start, piece_end in _pieces(text, seg.start + ent.start_char, seg.start + ent.end_char):
                start, end = _trim(text, piece_start, piece_end)
                if language and ent.label_ == "PERSON":
                    # Every noun is capitalised in German: "Bitte Herrn Schulz" is a request, then a name.
                    start = _trim(text, start + leading_ordinary_words(text[start:end], language), end)[0]
                if end <= start or _glued(text, start, end) or not plausible(ent.label_, text[start:end]):
                    continue
                label = ent.label_
                if label == "PERSON":
                    label = _person_or_place(text, start, end, english)
                    if label is None:
                        continue
                else:
                    label, start, end = _place_or_person(text, start, end, label)
                entity, category = LABELS[label]
                findings.append(Finding(entity, category, start, end, NER_SCORE, "SpacyNerRecognizer"))
    return findings


def _person_or_place(text: str, start: int, end: int, english: bool) -> str | None:
    """Second thoughts on a PERSON from the English model: "PERSON", "GPE" (a place after "in"), or None.

    A lone word is the model's weakest guess: field labels ("Betreff:"), two-letter words ("Je", "Se")
    and, outside English text, any capitalised noun. Names in German, French and Spanish text are left
    to the pattern recognizers (greetings, titles, fields) unless NER sees a first and last name.
    """
    value = text[start:end]
    if "  " in value or "\t" in value or _COMPANY_AFTER.match(text, end):
        return None  # a table row or a company ("Globex GmbH")
    if is_known_place(value):
        return "GPE"  # "It left Rotterdam yesterday": the model's person is a well-known place
    if " " in value:
        # Outside English, a particle inside is more likely a noun phrase ("Erstattung des Betrags").
        return "PERSON" if english or all(t[0].isupper() for t in value.split()) else None
    if len(value) <= 2 or _LABEL_AFTER.match(text, end) or not english:
        return None
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return None  # "(Anmeldung)", "(Rotterdam)": an aside, rarely a bare name
    if _DETERMINER_BEFORE.search(text, max(0, start - 12), start):
        return None  # "the Settings page", "our Starter plan": a capitalised noun, not someone
    if _PLACE_BEFORE.search(text, max(0, start - 20), start):
        return "GPE"  # "relocated to Manchester" is the model mistaking a city for a person
    return "PERSON"


def _place_or_person(text: str, start: int, end: int, label: str) -> tuple[str, int, int]:
    """Second thoughts on a place: "reply to Bethany", "danke Magnus", "Trasferimento di Krzysztof",
    "Kenji's request", "Sandrine Dubreuil", "Gruß, Jörg" are people the model calls places. A known first
    name that is not a known place is a PERSON unless it is also an ordinary word, when the words around it
    must say so (many first names are places too: "Georgia", "Victoria", and "in Bethany" stays one); so is
    a word right after a first name. The span takes in the other half."""
    value = text[start:end]
    if is_known_place(value) or _IN_PLACE_BEFORE.search(text, max(0, start - 16), start):
        return label, start, end
    words = value.split()
    if is_given_name(words[0]):
        after = _SURNAME_AFTER.match(text, end)
        surname = after.group(1) if after else ""
        if len(words) == 1 and after and not is_known_place(surname) and not _ordinary(surname):
            return "PERSON", start, after.end()
        cue = (
            _PERSON_BEFORE.search(text, max(0, start - 40), start)
            or _POSSESSIVE_AFTER.match(text, end)
            or _PERSON_VERB_AFTER.match(text, end)
        )
        inside_a_place = _ARTICLE_BEFORE.search(text, max(0, start - 8), start)
        if len(words) > 1 or cue or not (_ordinary(value) or inside_a_place):
            return "PERSON", start, end
        return label, start, end
    if len(words) > 1 and is_surname(words[-1]) and not any(_ordinary(w) for w in words):
        return "PERSON", start, end  # "Bill to: Funmilayo Adeyemi"
    before = _FIRST_NAME_BEFORE.search(text, max(0, start - 30), start)
    if before and len(words) == 1 and is_given_name(before.group(1)) and not _ordinary(value):
        return "PERSON", before.start(1), end
    return label, start, end


def _ordinary(word: str) -> bool:
    """An ordinary word of a language served, or a frequent English one ("Tech", "Station", "Falls")."""
    return is_frequent_english(word) or is_common_anywhere(word)


#: Where a place, not a person, follows: "in Bethany", "nach Magnus" would still be places.
_IN_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|nach|im|bei|à|en|dans|desde|hacia|verso|nella|nel|based in|located in|city of)[ \t]+$",
    re.IGNORECASE,
)
#: Words that put a person, not a place, next: "thanks Magnus", "reply to Bethany", "Trasferimento di".
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:thanks|thank you|danke|merci|grazie|gracias|obrigad[oa]|hi|hello|hey|dear|hallo|ciao|hola|"
    r"bonjour|ask|tell|call|ping|cc|by|with|for|von|für|mit|pour|avec|par|per|con|para|por|di)"
    r"|\b(?:reply|replies|respond|write|talk|speak|send|sent|forward|give|hand|report|e-?mail|mail|"
    r"message|say|said|explain|introduce|assign|assigned|escalate|escalated|delegate)(?:[ \t]+\w+)?[ \t]+to)"
    r"[ \t]+$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
#: What people, not places, do next: "Aisha restarted it", "Kenji said".
_PERSON_VERB_AFTER = re.compile(
    r"[ \t]+(?:said|says|wrote|writes|sent|asked|told|replied|confirmed|restarted|approved|mentioned|"
    r"thinks|noticed|e-?mailed|messaged|pinged|shared|fixed|reviewed|feels|felt|"
    r"(?:is|was|will be) (?:moving|leaving|joining|relocating|off|out|on leave|on holiday|on vacation)|"
    r"has (?:left|joined|resigned|asked)|will (?:join|call|send|reply|check))\b"
)
#: An article or a particle before the word: part of a place's name ("Unter den Linden", "Porta di Roma").
_ARTICLE_BEFORE = re.compile(
    r"(?<![\w])(?:den|der|die|das|dem|des|the|la|le|les|el|los|las|il|lo|de|del|della|di|du|van|von|zu|am|im)"
    r"[ \t]+$"
)
_SURNAME_AFTER = re.compile(rf"[ \t]+({NAME_WORD})(?![\w@])")
_FIRST_NAME_BEFORE = re.compile(rf"(?<![\w.])({NAME_WORD})[ \t]+$")


# "Betreff:", "Bill to:": a field label, not a person.
_LABEL_AFTER = re.compile(r"[ \t]*(?:[a-z]+[ \t]*)?:")
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|our|your|their|its|my|each|every)[ \t]+$", re.IGNORECASE
)
_PLACE_BEFORE = re.compile(r"\b(?:in|near|based in|moved to|relocated to|located in)[ \t]+$")
_LOWER_WORD = re.compile(r"[a-zà-ÿ]+")


def is_english(text: str) -> bool:
    """True when English function words are present and not outnumbered by German, French or Spanish ones.
    A text with none ("Centro de trabajo: Málaga") is not known to be English."""
    words = _LOWER_WORD.findall(text.lower())
    counts = {lang: sum(1 for w in words if w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    return counts["en"] > 0 and counts["en"] >= max(counts["de"], counts["fr"], counts["es"])
