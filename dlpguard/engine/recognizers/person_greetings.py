"""Names framed by a letter: greetings, sign-offs, signatures and courtesy titles ("Hi Priya,",
"Liebe Frau Schneider", "Cordialement,\\nJean Dupont", "-- Florian Castillo", "Dr. Okafor").

The NER model reads sentences and often misses a lone first name on a short line; the letter's frame says
plainly that a person is named there. Titles are left out of the span; teams ("Hi all", "Hallo zusammen")
and tools ("Hey Jenkins") are not names.
"""

from __future__ import annotations

import re

from dlpguard.engine.names import (
    CAPS_SURNAME,
    IMPERATIVES,
    NAME,
    NAME_WORD,
    TITLE_PREFIX,
    TITLE_WORDS,
    is_common_anywhere,
    is_given_name,
    looks_like_caps_name,
    looks_like_caps_surname,
    looks_like_name,
    trie_regex,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

_GREETINGS = (
    "hi", "hello", "hey", "hiya", "dear", "good morning", "good afternoon", "good evening",
    "hallo", "liebe", "lieber", "liebes", "sehr geehrte", "sehr geehrter", "guten Morgen", "guten Tag",
    "moin", "servus", "bonjour", "bonsoir", "salut", "cher", "chère", "coucou", "hola", "estimado",
    "estimada", "querido", "querida", "buenos días", "buenas tardes", "buenas noches", "buenas",
    "ciao", "buongiorno", "buonasera", "salve", "gentile", "gentilissimo", "gentilissima", "egregio",
    "egregia", "caro", "cara", "hallo liebe", "hallo lieber", "grüß dich", "bonjour à", "coucou",
    "beste", "goedemorgen", "goedemiddag", "olá", "ola", "prezado", "prezada", "bom dia", "boa tarde",
    "hoi", "hey", "oi", "goedenavond", "lieve", "caríssimo", "caríssima", "querido", "queridos",
    # both genders at once, as forms and mail merges write them
    "liebe/r", "lieber/liebe", "liebe*r", "liebe:r", "caro/a", "cara/o", "querido/a", "querida/o",
    "estimado/a", "estimada/o", "estimado(a)", "cher/chère", "chère/cher", "cher·e", "prezado/a",
    "prezado(a)", "prezada/o", "gentile sig./sig.ra",
)  # fmt: skip
# Gratitude may run straight into the name ("Thanks Maria"); other sign-offs need a comma or a new line,
# or "Best Practices" would be a person.
_THANKS = ("thanks", "thank you", "many thanks", "thanks again", "danke", "vielen Dank", "merci",
           "merci beaucoup", "gracias", "muchas gracias", "grazie", "grazie mille",
           "mille grazie", "bedankt", "dank je", "dank u", "obrigado", "obrigada", "muito obrigado",
           "muito obrigada")  # fmt: skip
_SIGN_OFFS = (
    *_THANKS,
    "cheers", "best", "best regards", "kind regards", "warm regards", "warmest regards", "regards",
    "best wishes", "all the best", "sincerely", "yours sincerely", "yours truly", "yours faithfully",
    "respectfully", "take care", "talk soon",
    "viele Grüße", "viele Grüsse", "beste Grüße", "liebe Grüße", "herzliche Grüße", "mit freundlichen Grüßen",
    "mit freundlichen Grüssen", "freundliche Grüße", "schöne Grüße", "Grüße", "Gruß", "LG", "VG", "MfG",
    "cordialement", "bien cordialement", "bien à vous", "amicalement", "bonne journée", "salutations",
    "sincères salutations", "bisous", "à bientôt",
    "saludos", "un saludo", "saludos cordiales", "atentamente", "un abrazo", "abrazos", "cordialmente",
    "un cordial saludo", "reciba un cordial saludo", "quedo atento", "quedo atenta", "quedo a la espera",
    "atte.", "besos", "hasta pronto", "muchos saludos",
    "bien à toi", "belle journée", "bonne soirée", "respectueusement", "meilleures salutations",
    "cdlt", "merci d'avance", "très cordialement", "bien amicalement",
    "cordiali saluti", "distinti saluti", "saluti", "un saluto", "un caro saluto", "a presto",
    "buona giornata", "buon lavoro", "cordialità", "un abbraccio",
    "mit besten Grüßen", "beste Grüsse", "liebe Grüsse", "herzliche Grüsse", "bis bald",
    "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
    "groeten", "groetjes", "hartelijke groet", "cumprimentos", "com os melhores cumprimentos",
    "melhores cumprimentos", "atenciosamente", "um abraço", "abraços", "beijinhos",
)  # fmt: skip


def _alternation(words: tuple[str, ...]) -> str:
    """The words as written at the start of a line ("hi", "Hi", "HI", "Good Morning"), as one trie.
    Spelled-out case variants are several times faster than IGNORECASE on a large text."""
    variants = {v for w in words for v in (w, w.lower(), w[:1].upper() + w[1:], w.title(), w.upper())}
    return trie_regex(sorted(variants), space=r"[ \t]+")


# Each pattern starts at a literal (a newline, sentence punctuation, a dash, a title's capital) so the
# regex engine can skip ahead; the very start of the text is tried separately with `match`.
_LINE_START = r"\n[ \t>]*(?:[-*•][ \t]+)?"
_AFTER_GREETING = r"(?=[ \t]*(?:[,!:;.?)\r]|[–—-]|$)|[ \t]+(?:[a-zß-ÿ]|[^\w\s]))"
_AFTER_SIGN_OFF = r"(?=[ \t]*(?:$|[\r,.!|(–—]|-[ \t]))"
# "Madame DUPONT": a title vouches for capitals; "M. OKAFOR Chidi": surname first, in capitals.
_TITLED_NAME = rf"(?P<value>{NAME}|{CAPS_SURNAME}(?:[ \t]+{CAPS_SURNAME}){{0,2}}(?:[ \t]+{NAME_WORD})?)"
_GREETING = rf"(?:{_alternation(_GREETINGS)}),?[ \t]+{TITLE_PREFIX}{_TITLED_NAME}{_AFTER_GREETING}"
# "Thanks Maria" / "Thanks, Maria Keller" / "Cordialement, Jean": one pass for both shapes.
_SIGN_OFF_SAME_LINE = (
    rf"(?:(?:{_alternation(_THANKS)})[ \t]+|(?:{_alternation(_SIGN_OFFS)})[ \t]*,[ \t]*)"
    rf"{TITLE_PREFIX}(?P<value>{NAME}){_AFTER_SIGN_OFF}"
)
# The name alone on the next line, perhaps after a blank line or a "--" separator.
_SIGN_OFF_NEXT_LINE = (
    rf"(?:{_alternation(_SIGN_OFFS)})[ \t]*[,!.]?[ \t]*\r?\n(?:[ \t]*(?:--)?[ \t]*\r?\n)?"
    rf"[ \t>]*(?P<value>{NAME}){_AFTER_SIGN_OFF}"
)
# "-- Florian Castillo, Tier 1 Support", "—\nJohn Smith": a signature after a dash.
_DASH_SIGNATURE = rf"(?:--|—|–)[ \t]*(?:\r?\n[ \t]*)?(?P<value>{NAME}){_AFTER_SIGN_OFF}"
# "Tremaine,\n\nPlease use ..." : a letter that opens with the bare name.
_NAME_OPENER = rf"(?P<value>{NAME})[ \t]*,[ \t]*\r?\n"
# A message quoted in a prompt opens like a letter: „Hallo Nakamura, …", "Caleb, I've now called …";
# the quote opens a line or follows a prompt's colon (not a JSON key's: `"city": "Paris, France"`).
# The pattern starts on the quote (a character class the regex engine scans for) and looks behind it.
_QUOTE_START = r"[\"„“«‘](?:(?<=[^\"'\s]: .)|(?<=[^\"'\s]:.)|(?<=\n.))[ \t]*"
_QUOTED_OPENER = rf"(?P<value>{NAME_WORD})[ \t]*,[ \t]+(?=[a-zß-ÿ]|I[ '’])"
_BODIES = (
    ("greeting", _LINE_START, _GREETING),
    ("quoted_greeting", _QUOTE_START, _GREETING),
    ("quoted_opener", _QUOTE_START, _QUOTED_OPENER),
    ("sign_off_same_line", _LINE_START, _SIGN_OFF_SAME_LINE),
    ("sign_off_next_line", _LINE_START, _SIGN_OFF_NEXT_LINE),
    ("dash_signature", _LINE_START, _DASH_SIGNATURE),
    ("name_opener", r"\n[ \t]*\r?\n[ \t]*", _NAME_OPENER),
)
# Inside a line a sign-off follows the end of a sentence or a dash ("Ok. Thanks, Priya.", "– merci Inés!").
# Only gratitude is looked for there, by `str.find` on these stems: a regex that starts at every "." of
# a megabyte of code costs more than the whole rest of this recognizer.
_MID_LINE_STEMS = ("thank", "merci", "danke", "gracias", "cheers", "gruß", "grüße", "grüsse", "saludos",
                   "saluti", "regards", "groet", "cumprimentos", "cordialement", "abrazo",
                   "abraço")  # fmt: skip
_SENTENCE_END_BEFORE = re.compile(r"[.!?–—][ \t]+$")
# "… – Chloé MacLeod" closing a chat line: a full name only, since headings end the same way
# ("Ticket #4923 – Rückrufbitte").
_TRAILING_DASH_NAME = rf"[—–][ \t]+(?P<value>{NAME})[ \t]*(?=\r?\n|\Z)"
# "Dr. Okafor", "Frau Schneider", "Hr. Krüger", "M. Dupont", "Sra. García", "il sig. Rossi" anywhere: a
# title says a person follows.
_TITLED = (
    r"[MDPHFSs](?<![\w.][MDPHFSs])(?P<title>(?<=M)(?:rs|r|s|x|me|lle|onsieur|adame)?|(?<=D)(?:ra|r|oña)"
    r"|(?<=P)rof|(?<=H)(?:errn?|r(?=\.))|(?<=F)(?:rau|r(?=\.))|(?<=S)(?:eñora|eñor|ra|r|rta|ig(?:\.ra|nora|ra)?)"
    r"|(?<=s)ig(?:\.ra|nora|ra)?(?=\.|[ \t]))(?P<dot>\.?)[ \t]+"
    rf"{TITLE_PREFIX}{_TITLED_NAME}(?=[ \t]*(?:[,.;:!?)'’\r\n]|$)|[ \t]+(?:[a-zß-ÿ(]|[^\w\s]))"
)


# Titles of a letter's address block and of professions, which the courtesy titles above do not cover:
# "Spett.le Chiara Rinaldi", "Praxis Dr. med. Femke Jansen", "Herrn\nTobias Brandt".
# Written to open on the first letter of a title or the blank before it, each branch then saying which
# letter it needs (`(?<=S)pett`): a pattern opening on a lookbehind or `^` is tried at every offset of
# the text. The same alternatives, in the same order, as "(?<![\w.])(?:Spett…|Egr…|Gent…|Dr. med.…|Prof.
# Dr.…)[ \t]+" or "^[ \t]*(?:Herrn|Frau|Monsieur|Madame|Mme|Sig.(ra)|Señor(a)|Sra.|Sr.)" and a new line.
_HOME_TITLES = r"(?:Herrn|Frau|Monsieur|Madame|Mme|Sig\.(?:ra)?|Señora?|Sra\.|Sr\.)"
_ADDRESSEE = (
    r"[SEGDP \tHFM](?:(?<![\w.].)(?:(?<=S)pett(?:\.[ \t]?le|abile)"
    r"|(?<=E)gr(?:\.|egio)[ \t]+(?:Sig|Dott)\.?(?:ra|ssa)?|"
    r"(?<=G)ent(?:\.|ile)(?:mo|ma)?[ \t]+(?:Sig|Dott)\.?(?:ra|ssa)?|"
    r"(?<=D)r\.[ \t]+(?:med|rer\.[ \t]?nat|phil|jur)\.(?:[ \t]+(?:dent|vet)\.)?"
    r"|(?<=P)rof\.[ \t]+Dr\.(?:[ \t]+med\.)?)[ \t]+"
    rf"|(?<=^.)(?:(?<=[ \t])[ \t]*{_HOME_TITLES}|(?<=H)errn|(?<=F)rau|(?<=M)onsieur|(?<=M)adame|(?<=M)me"
    r"|(?<=S)ig\.(?:ra)?|(?<=S)eñora?|(?<=S)ra\.|(?<=S)r\.)[ \t]*\r?\n[ \t]*)"
    rf"{_TITLED_NAME}(?=[ \t]*(?:[,.;:!?)·|\r\n–—-]|$))"
)

# After the greeting of a short letter, on the same line, a first name opening the first sentence: the
# person the letter is about ("Liebe Frau Keller, Jonas hat heute …", "Dear Ms Ward, Tilly was …").
_NAMED_AFTER_GREETING = re.compile(rf"[ \t]*,[ \t]+(?P<value>{NAME_WORD})[ \t]+(?=[a-zß-ÿ])")

_TITLE_BEFORE = re.compile(rf"(?:{'|'.join(re.escape(t) for t in TITLE_WORDS)})\.?[ \t]+$")


def _first_name_only(word: str) -> bool:
    return is_given_name(word) and not is_common_anywhere(word) and word.split()[0].lower() not in IMPERATIVES


def _titled(text: str, start: int) -> bool:
    """True when a courtesy title stands just before `start` ("Madame DUPONT")."""
    return _TITLE_BEFORE.search(text, max(0, start - 14), start) is not None


def _matches(rx: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Every match, where one whose value is a frame word does not hide the next: in "merci.\n\n
    Cordialement,\nJean Dupont" the thanks takes "Cordialement" for a name, and the sign-off that
    starts on that word's line must still be tried."""
    found: list[re.Match[str]] = []
    pos = 0
    while (match := rx.search(text, pos)) is not None:
        found.append(match)
        value_start = match.start("value")
        if looks_like_name(match.group("value")) or value_start < 0:
            pos = max(match.end(), match.start() + 1)
        else:
            pos = max(match.start() + 1, value_start - 1)
    return found


# A prompt asks for a message to someone: "Write a polite reminder to Jacob:", "Schreib Minh eine
# Erinnerung", "Scrivi a Ingrid un promemoria", "Reply to Priya about the invoice". Read only at the
# start of a paste, where the request to the assistant stands.
_ADDRESS_VERBS = (
    "write", "send", "draft", "compose", "reply", "respond", "answer", "email", "e-mail", "message", "remind",
    "ping", "text", "schreib", "schreibe", "antworte", "erinnere", "scrivi", "rispondi", "ricorda", "écris",
    "réponds", "rappelle", "escribe", "responde", "recuerda", "redacta", "redige", "rédige",
)  # fmt: skip
_ADDRESS_FILLERS = (
    "a", "an", "the", "ein", "eine", "einen", "un", "una", "uno", "une", "polite", "short", "friendly",
    "quick", "formal", "brief", "kurze", "kurzen", "nette", "freundliche", "reminder", "message", "note",
    "mail", "e-mail", "email", "reply", "answer", "promemoria", "messaggio", "nachricht", "erinnerung",
    "mensaje", "recordatorio", "rappel", "courriel", "mot", "breve", "cortese",
)  # fmt: skip
_ADDRESSED = re.compile(
    rf"(?<![\w-])(?i:{'|'.join(_ADDRESS_VERBS)})(?:[ \t]+(?i:{'|'.join(_ADDRESS_FILLERS)})){{0,4}}"
    rf"[ \t]+(?:(?i:to|an|a|à|al|ad)[ \t]+)?(?P<value>{NAME})"
    r"(?=[ \t]*[:,.!?]|[ \t]+(?i:eine?n?|un[ao]?|une|about|that|re|wegen|per|pour|para|su|sulla|che|dass"
    r"|que)(?![\w-]))"
)
_ADDRESS_REACH = 1500


def _addressees(text: str) -> list[tuple[int, int]]:
    """Who a prompt at the start of the text asks to write to: a first name someone gives, or a full name."""
    found = []
    for match in _ADDRESSED.finditer(text, 0, min(len(text), _ADDRESS_REACH)):
        value = match.group("value")
        if (" " not in value and is_given_name(value)) or looks_like_name(value, min_words=2):
            found.append(match.span("value"))
    return found


#: Roles a letter greets instead of a name ("Sehr geehrter Herr Kollege", "Chère collègue").
_ROLE_ADDRESSES = frozenset(
    """kollegin kollege kolleginnen kollegen doktor doktorin professor professorin direktor direktorin chef
    chefin colleague colleagues collègue collègues collega colleghi colega colegas collega's dokter
    customer customers kunde kundin client cliente clienti clients sir madam madame team""".split()  # noqa: SIM905
)


class PersonGreetingRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    ADDRESSEE_SCORE = 0.75
    PATTERNS = (
        # A letter's frame is surer evidence than the NER model, which reads "Hi Rebecca" as a place.
        *(Pattern(name, lead + body, 0.9) for name, lead, body in _BODIES),
        Pattern("trailing_dash_name", _TRAILING_DASH_NAME, 0.6),
        Pattern("courtesy_title", _TITLED, 0.85),
        Pattern("addressee_title", _ADDRESSEE, 0.85),
    )

    def __init__(self) -> None:
        super().__init__()
        self._at_start = [re.compile(r"[ \t>]*" + body, self.FLAGS) for _, _, body in _BODIES]
        self._same_line = re.compile(_SIGN_OFF_SAME_LINE, self.FLAGS)

    def find(self, text: str, lowered: str) -> list[Finding]:
        best: dict[tuple[int, int], float] = {}
        framed = len(_BODIES)
        for i, (pattern, rx) in enumerate(self._compiled):
            first = self._at_start[i].match(text) if i < framed else None
            matches = [first] if first else []
            if pattern.name == "sign_off_same_line":
                matches += self._mid_line_sign_offs(text, lowered)
            for match in matches + _matches(rx, text):
                if pattern.name == "courtesy_title" and match.group("title") == "" and not match.group("dot"):
                    continue  # a bare "M" is an initial unless it has its dot ("M. Dupont")
                start, end = match.span("value")
                min_words = 2 if pattern.name == "trailing_dash_name" else 1
                value = text[start:end]
                if pattern.name == "quoted_opener" and not is_given_name(value):
                    continue  # '"Paris, France"': only a first name opens a quoted message
                titles = pattern.name in ("courtesy_title", "addressee_title") or _titled(text, start)
                if not titles and " " not in value and not is_given_name(value) and is_common_anywhere(value):
                    continue  # "Kind regards,\nFacilities", "Hi Team": a team or an ordinary word
                if value.split()[0].lower() in IMPERATIVES:
                    continue  # "Ciao, Riassumi la policy": the request after the greeting
                if value.lower() in _ROLE_ADDRESSES:
                    continue  # "Sehr geehrte Frau Kollegin", "Dear Colleague": a role, not a name
                titled = pattern.name == "addressee_title" or (
                    pattern.name in ("greeting", "quoted_greeting", "courtesy_title") and _titled(text, start)
                )
                if (
                    looks_like_name(value, min_words)
                    or (titled and looks_like_caps_surname(value))
                    or (titled and looks_like_caps_name(value))
                ):
                    best[(start, end)] = max(best.get((start, end), 0.0), pattern.score)
                    if pattern.name in ("greeting", "quoted_greeting"):
                        after = _NAMED_AFTER_GREETING.match(text, end)
                        if after and _first_name_only(after.group("value")):
                            best[after.span("value")] = max(best.get(after.span("value"), 0.0), 0.75)
        for start, end in _addressees(text):
            best[(start, end)] = max(best.get((start, end), 0.0), self.ADDRESSEE_SCORE)
        return [
            Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)
            for (start, end), score in sorted(best.items())
        ]

    def _mid_line_sign_offs(self, text: str, lowered: str) -> list[re.Match[str]]:
        """Gratitude after the end of a sentence inside a line ("Ok. Thanks, Priya.")."""
        if len(lowered) != len(text):
            return []
        found = []
        for stem in _MID_LINE_STEMS:
            at = lowered.find(stem)
            while at != -1:
                if _SENTENCE_END_BEFORE.search(text, max(0, at - 8), at):
                    match = self._same_line.match(text, at)
                    if match:
                        found.append(match)
                at = lowered.find(stem, at + len(stem))
        return found
