"""First names in the openings of short messages, as chats write them, lowercase or not: a greeting ("hee
joris", "ao vittoria"), a self-introduction ("hi its tendai from flat upstairs", "hola soy gwenaëlle",
"bjr c fenna du 2eme", "Fenna here"), a sign-off ("groet van hidde", "Un abrazo, Ximena").

The greeting recognizer reads letters, whose names are capitalised; a chat message drops the capitals and
the NER model does not read it. A word here counts only when it can be nothing but a first name: listed,
and no ordinary word, role or place; in lowercase, no frequent word of any language served either
(person_chat.first_name_alone).
"""

from __future__ import annotations

import re

from dlpguard.engine.names import is_known_place, is_ordinary_word, trie_regex
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.recognizers.person_chat import GREETED_ZIPF, first_name_alone
from dlpguard.engine.recognizers.person_speakers import DIALOGUE_ROLES
from dlpguard.engine.types import Category, Finding

_GREETINGS = (
    "hi", "hey", "hello", "hiya", "hee", "hoi", "hallo", "moin", "servus", "ciao", "ao", "oi", "ola", "olá",
    "hola", "salut", "coucou", "bjr", "bonjour", "buongiorno", "buenas", "bom dia", "boa tarde",
    "goedemorgen", "dag",
)  # fmt: skip
_INTRODUCTIONS = (
    "its", "it's", "it is", "im", "i'm", "i am", "this is", "soy", "sono", "sou", "c'est", "c", "ik ben",
    "je suis", "ich bin", "hier ist", "hier is", "met", "aqui é", "aqui e", "qui è", "sn", "yo soy",
)  # fmt: skip
_SIGN_OFFS = (
    "groet van", "groetjes van", "groeten van", "un abrazo,", "un beso,", "besos,", "baci,", "bacioni,",
    "un bacio,", "bisous,", "beijos,", "bjs,", "beijinhos,", "xoxo,", "love,", "lg,", "liebe grüße,",
    "abrazos,", "abraços,", "um abraço,", "saludos,", "saluti,", "groetjes,", "cheers,",
)  # fmt: skip
_WORD = r"(?P<value>[^\W\d_][^\W\d_'’-]{1,23}(?:[-'’][^\W\d_]+)?)(?![\w@/-]|\.\w)"
# Each over the lowered text: a greeting and the word after it (where a message opens: `_opens_message`);
# an introduction, the word and where they are from; a sign-off and the word closing its line; "Fenna
# here". No lookbehind before the literals: a pattern opening on them lets `re` skip in C to their first
# letters; the word boundary before a match is checked after (`_word_start`).
_GREETED = re.compile(rf"(?:{trie_regex(_GREETINGS)})[ \t,]+{_WORD}")
_INTRODUCED = re.compile(
    rf"(?:{trie_regex(_INTRODUCTIONS)})[ \t]+{_WORD}[ \t]+(?:from|of|del|de|du|dal|da|van|von|here"
    r"|aqui|qui|hier|ici)\b"
)
_SIGNED = re.compile(rf"(?:{trie_regex(_SIGN_OFFS)})[ \t]*{_WORD}[ \t]*(?=[.!\n\"”]|$)")
_HERE = re.compile(rf"(?:^|(?<=[\n,.!?]))[ \t]*{_WORD}[ \t]+(?:here|hier|aqui|qui|ici)\b")
#: Literals one of which every match of each pattern holds: a pattern runs only where they are.
_HERE_WORDS = (" here", " hier", " aqui", " qui", " ici")
_FROM_WORDS = (" from ", " of ", " del ", " de ", " du ", " dal ", " da ", " van ", " von ", " here", " aqui",
               " qui", " hier", " ici")  # fmt: skip
_SIGN_OFF_WORDS = tuple(sorted({w.rstrip(",") for w in _SIGN_OFFS}))


def _word_start(lowered: str, at: int) -> bool:
    return at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] in "_'’")


def _opens_message(lowered: str, at: int) -> bool:
    """True when a message may open at `at`: a line's start, or after a sentence's end, a colon or a
    quote (spaces, `>` and opening quotes between)."""
    i = at
    while i > 0 and lowered[i - 1] in ' \t>"“':
        i -= 1
    return i == 0 or lowered[i - 1] in "\n.!?:" or (i < at and lowered[i] in '"“')


# Introductions that are no ordinary word too ("im" is German "in the", "met" Dutch "with", "c" a letter).
_SELF_INTRODUCTION = re.compile(
    r"(?:it['’]s|it is|this is|i['’]m|i am|hier ist|ich bin|soy|yo soy|je suis|c['’]est|ik ben|aqui é"
    r"|qui è)[ \t]"
)


def _unlisted_name(word: str) -> bool:
    return (
        len(word) > 2
        and word[0].isupper()
        and word[1:].islower()
        and word.lower() not in DIALOGUE_ROLES
        and not is_ordinary_word(word)
        and not is_known_place(word)
    )


class PersonIntroductionRecognizer(Detector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    SCORE = 0.7

    def find(self, text: str, lowered: str) -> list[Finding]:
        if len(lowered) != len(text) or len(text) > 200_000:
            return []  # offsets of the lowered text must be the text's; a long paste is no chat message
        spans: set[tuple[int, int]] = set()
        matches = [
            m
            for m in _GREETED.finditer(lowered)
            if _word_start(lowered, m.start()) and _opens_message(lowered, m.start())
        ]
        if any(w in lowered for w in _FROM_WORDS):
            introduced = [m for m in _INTRODUCED.finditer(lowered) if _word_start(lowered, m.start())]
            matches += introduced
            # "it's Tamsin from flat 3": the introduction vouches for a capitalised word nobody listed,
            # if it is no ordinary word, role or place of any language served.
            for m in introduced:
                start, end = m.span("value")
                if _SELF_INTRODUCTION.match(lowered, m.start()) and _unlisted_name(text[start:end]):
                    spans.add((start, end))
        if any(w in lowered for w in _SIGN_OFF_WORDS):
            matches += (m for m in _SIGNED.finditer(lowered) if _word_start(lowered, m.start()))
        if any(w in lowered for w in _HERE_WORDS):
            matches += _HERE.finditer(lowered)
        for match in matches:
            start, end = match.span("value")
            if first_name_alone(text[start:end], word_zipf=GREETED_ZIPF):
                spans.add((start, end))
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, self.SCORE, self.detector_name)
            for start, end in sorted(spans)
        ]
