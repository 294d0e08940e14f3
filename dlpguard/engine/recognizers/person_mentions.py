"""First names that a verb, a kinship word or a birth points at: "ping Hamish re the Q4 numbers", "cc
Vitale from legal", "confirm to Kofi", "avisa a Jorge", "il figlio Tommaso", "Shreya's daughter Lerato",
"Aminata was born on 20 April 1979", and in chats written in lowercase "ask yannis, she had it" and
"also ananya doherty called".

NER reads whole sentences and misses a lone first name in a terse request or a chat line; the word before
it says a person follows. Only a known first name (dlpguard/engine/data/given_names.txt) that is no
ordinary word of any language served, nor a name that is a word too, counts ("ask Will", "tell Frank"
may be words; "tell Alexa" is a product), with a surname after it when one follows ("contact Afonso Haile").
"""

from __future__ import annotations

import re

from dlpguard.engine.names import (
    FUNCTION_WORDS,
    WORDLIKE_NAMES,
    is_common_anywhere,
    is_given_name,
    is_surname,
    is_tech_term,
    looks_like_caps_name,
    looks_like_name,
    trie_regex,
)
from dlpguard.engine.recognizers._scoped import after_words
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

#: Words after which a person is named: requests to reach someone, and kin.
_CUES = (
    # en
    "ping", "cc", "ask", "tell", "remind", "call", "thank", "confirm to",
    "confirm with", "check with", "talk to", "speak to", "loop in", "reach out to", "forward it to",
    "send it to", "hand over to", "contact", "please contact", "daughter", "son", "wife",
    "husband", "partner", "mother", "father", "brother", "sister", "fiancé", "fiancée", "grandson",
    "granddaughter",
    # de
    "frag", "frage", "sag", "schreib", "informiere", "tochter", "sohn", "ehefrau", "ehemann", "bruder",
    "schwester", "geschenk für",
    # fr
    "demande à", "dis à", "préviens", "écris à", "appelle", "confirme à", "cadeau pour", "cadeau de",
    "fils", "fille", "épouse", "mari", "frère", "sœur",
    # es
    "avisa a", "avísale a", "dile a", "pregunta a", "escribe a", "llama a", "confirma a", "regalo de",
    "regalo para", "cumpleaños de", "hablado con", "habla con", "hija", "hijo", "esposa", "marido",
    "hermano", "hermana",
    # it
    "avvisa", "chiedi a", "di' a", "scrivi a", "chiama", "conferma a", "regalo per", "regalo di",
    "compleanno di", "parlato con", "figlio", "figlia", "moglie", "marito", "fratello", "sorella",
    # pt
    "avisa o", "avisa a", "pergunta ao", "pergunta à", "fala com", "falei com", "diz ao", "diz à",
    "liga ao", "liga à", "presente para", "filho", "filha", "irmão", "irmã",
    # nl
    "vraag", "zeg tegen", "dochter", "zoon", "broer", "zus", "cadeau voor",
)  # fmt: skip
#: Words after which a surname alone names someone: a doorbell, a c/o line, an attention line.
_SURNAME_CUES = (
    "klingeln bei", "klingel", "c/o", "care of", "chez", "z. hd.", "z.hd.", "zu händen", "attn", "attn:",
    "à l'attention de", "a la atención de", "all'attenzione di", "ter attentie van", "t.a.v.",
)  # fmt: skip
#: Words of a bank statement or a transfer before its counterparty, often in capitals ("VIR SEPA BRIGITTE
#: CARON", "Gutschrift von Jana Berg", "BIZUM DE PABLO RUIZ").
_TRANSFER_CUES = (
    "vir sepa", "virement de", "virement à", "virement", "prlv sepa", "sepa-überweisung", "überweisung an",
    "überweisung von", "gutschrift von", "gutschrift", "transfer from", "transfer to", "payment from",
    "payment to", "bizum de", "bizum a", "transferencia de", "transferencia a", "bonifico a", "bonifico da",
    "bonifico di", "transferência para", "transferência de", "overboeking naar", "overboeking van",
)  # fmt: skip
_WORD = r"[^\W\d_][\w'’-]*"


def _cue_regex(cues: tuple[str, ...]) -> re.Pattern[str]:
    """The cues as one trie, run over the lowered text: a case-blind alternation tried at every position
    of the original costs several times more."""
    return re.compile(trie_regex(cues))


_CUE = _cue_regex(_CUES)
_NAME_AFTER = re.compile(rf"[ \t]+(?P<value>{_WORD}(?:[ \t]+{_WORD})?)")
_SURNAME_CUE = _cue_regex(_SURNAME_CUES)
_SURNAME_AFTER = re.compile(rf"[ \t]*(?P<value>{_WORD})")
_TRANSFER_CUE = _cue_regex(_TRANSFER_CUES)
_COUNTERPARTY_AFTER = re.compile(rf"[ \t]+(?P<value>{_WORD}(?:[ \t]+{_WORD}){{1,3}})")
#: "Hi, it's Olive", "this is Priya", "c'est Mathis", "sono Giulia", "aqui é a Ana", "hier ist Jonas".
_INTRO_CUE = _cue_regex(("it's", "it’s", "this is", "c'est", "c’est", "ici", "sono", "aqui é a", "aqui é o",
                         "aqui é", "hier ist", "hier spricht", "soy"))  # fmt: skip
_INTRODUCED_AFTER = re.compile(rf"[ \t]+(?P<value>{_WORD})(?=[ \t]*[,.!;:\n]|[ \t]+(?:here|hier|aqui|qui)\b)")
#: "Aminata was born on …", "Íñigo nació en …": the name before a birth.
_BORN_CUE = _cue_regex(("was born", "est né", "est née", "nació", "è nato", "è nata", "nacque", "nasceu",
                        "is geboren", "werd geboren", "wurde"))  # fmt: skip
_NAME_BEFORE = re.compile(rf"(?P<value>{_WORD})(?:['’]s)?[ \t]+$")
_GEBOREN_AFTER = re.compile(r"[^.\n]{0,30}geboren\b")


#: An action item opening with someone's first name and a verb: "- Federica segue il fornitore",
#: "* Soo-ah schickt die Prognose", "- Emily to check with finance".
_ACTION_ITEM = re.compile(
    r"^[ \t]*(?:[-*•·–]|\d{1,2}[.)])[ \t]+(?P<value>[^\W\d_][\w'’-]*)(?=[ \t]+(?:to[ \t]+)?[a-zà-ÿ]{3,}\b)",
    re.MULTILINE,
)
#: A first name and a surname written in lowercase: "also ananya doherty called", "el de sergio garcía es".
_LOWER_PAIR = re.compile(r"(?<![\w@.-])([a-zà-ÿ]{3,}) ([a-zà-ÿ][a-zà-ÿ'’-]{2,})(?![\w@.-])")
#: Lowercase lines are read in pastes up to this size: a chat, not a corpus.
_LOWERCASE_LIMIT = 50_000


def _plain(word: str) -> bool:
    """No ordinary word, function word, word-like name or product: a word a name alone may be."""
    proper = word[:1].upper() + word[1:]
    lowered = word.lower()
    return (
        lowered not in WORDLIKE_NAMES
        and not any(lowered in words for words in FUNCTION_WORDS.values())
        and not is_common_anywhere(proper)
        and not is_tech_term(proper)
    )


def _lowercase_names(text: str) -> list[tuple[int, int]]:
    """Full names in lines written wholly in lowercase (chats): a known first name, then a known surname,
    neither an ordinary word ("nil pointer", "mobile safari" and "link rel" are words)."""
    if len(text) > _LOWERCASE_LIMIT:
        return []
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line and not any(c.isupper() for c in line):
            for m in _LOWER_PAIR.finditer(line):
                first, last = m.group(1), m.group(2)
                if _plain(first) and _plain(last) and _first_name(first) and is_surname(last):
                    spans.append((pos + m.start(), pos + m.end()))
        pos += len(line) + 1
    return spans


SCORE = 0.7


def _first_name(word: str) -> bool:
    """A known first name that is no word too: "ask Will", "tell Frank" may be the verb's object. A
    hyphenated one counts when its parts are first names ("Soo-ah", "Jean-Luc")."""
    if "-" in word.strip("-"):
        return all(_first_name(part) or len(part) <= 3 for part in word.split("-")) and _first_name(
            word.split("-")[0]
        )
    return len(word) >= 3 and is_given_name(word) and _plain(word)


def _surname(word: str) -> bool:
    proper = word[:1].upper() + word[1:]
    if word[:1].islower():
        return is_surname(word) and not is_common_anywhere(proper)
    return looks_like_name(word) and not is_common_anywhere(proper) and not is_tech_term(word)


def _counterparty(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The name after a transfer word: a first name and surname, perhaps in capitals, and no more words
    than the name has ("VIR SEPA BRIGITTE CARON  855,02")."""
    start = match.start("value")
    words = match.group("value").split()
    for n in range(len(words), 1, -1):
        value = " ".join(words[:n])
        if text.startswith(value, start) and (
            looks_like_caps_name(value)
            or (looks_like_name(value, 2) and _first_name(words[0]) and not is_common_anywhere(words[n - 1]))
        ):
            return start, start + len(value)
    return None


class PersonMentionRecognizer(Detector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON

    def find(self, text: str, lowered: str) -> list[Finding]:
        spans: list[tuple[int, int]] = []
        for match in after_words(text, lowered, _CUE, _NAME_AFTER):
            span = self._name(text, match)
            if span:
                spans.append(span)
        for match in after_words(text, lowered, _SURNAME_CUE, _SURNAME_AFTER):
            value = match.group("value")
            if value[:1].isupper() and (_first_name(value) or _surname(value)):
                spans.append(match.span("value"))
        for match in after_words(text, lowered, _TRANSFER_CUE, _COUNTERPARTY_AFTER):
            span = _counterparty(text, match)
            if span:
                spans.append(span)
        for match in after_words(text, lowered, _INTRO_CUE, _INTRODUCED_AFTER):
            if match.group("value")[:1].isupper() and _first_name(match.group("value")):
                spans.append(match.span("value"))
        spans += _lowercase_names(text)
        if "\n" in text:
            for match in _ACTION_ITEM.finditer(text):
                value = match.group("value")
                line_end = text.find("\n", match.end())
                head = text[
                    match.end() : match.end() + 40 if line_end < 0 else min(line_end, match.end() + 40)
                ]
                # "- Peer public address: 203.0.113.9": a label, not someone doing something
                if value[:1].isupper() and not value.isupper() and ":" not in head and _first_name(value):
                    spans.append(match.span("value"))
        if len(lowered) == len(text):
            for cue in _BORN_CUE.finditer(lowered):
                if cue.group() == "wurde" and not _GEBOREN_AFTER.match(lowered, cue.end()):
                    continue
                name = _NAME_BEFORE.search(text, max(0, cue.start() - 40), cue.start())
                if name and name.group("value")[:1].isupper() and _first_name(name.group("value")):
                    spans.append(name.span("value"))
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, SCORE, self.detector_name)
            for start, end in sorted(set(spans))
        ]

    @staticmethod
    def _name(text: str, match: re.Match[str]) -> tuple[int, int] | None:
        first, _, rest = match.group("value").partition(" ")
        rest = rest.strip()
        if first.isupper() or not _first_name(first):
            return None  # "email TEXT UNIQUE": a word in capitals after a cue is a keyword, not a name
        start = match.start("value")
        end = start + len(first)
        # A surname after the first name, in the same case: "Afonso Haile", "sanjay cherkaoui".
        if rest and rest[:1].isupper() == first[:1].isupper() and _surname(rest):
            end = match.end("value")
        return start, end
