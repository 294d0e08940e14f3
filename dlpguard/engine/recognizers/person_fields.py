"""Names in structured fields: JSON, YAML, INI, log key=value, XML, ticket headers, attendee lists,
`Name <email>` mailboxes, and the same roles in prose ("approved by Elif Gallagher").

NER runs only on prose, so a customer record pasted as JSON would otherwise leak its names unseen. The
key says "this is a person"; the value must still look like one, which keeps `"name": "user-service"`,
`name: nginx` and `name = getUserName()` out. A generic key (`name`, `customer`) needs a first and last
name; a specific one (`first_name`, `assignee`) may hold a single word.

For speed the scan starts at separators followed by a capital letter (rare in code) and only then reads
the key backwards: a key alternation tried at every position of a megabyte costs ten times more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.names import (
    CAPS_SURNAME,
    CODE_SUFFIXES,
    CODE_WORD_KEYS,
    INTRO_PHRASES,
    KEY_LAST_WORDS,
    LOWER,
    NAME,
    NAME_PART_PAIRS,
    NAME_WORD,
    NOT_NAME_WORDS,
    ROLE_NOUNS,
    ROLE_PHRASES,
    TITLE_PREFIX,
    UPPER,
    has_common_word,
    is_common_anywhere,
    is_given_name,
    is_known_place,
    is_list_key,
    is_ordinary_word,
    is_surname,
    is_tech_term,
    looks_like_caps_name,
    looks_like_caps_surname,
    looks_like_name,
    normalized_key,
    person_key_min_words,
    person_key_regex,
)
from dlpguard.engine.recognizers._window_words import has_keyword
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding

# A separator, then the start of a capitalised value, quoted or not.
# Jira and Markdown emphasis may close around the key ("*Reporter:* Ana Souza", "**Assignee:** Ana").
# Jira links the user before the name ("*Reporter:* [~kmensah] Kwame Mensah").
SEPARATOR_BEFORE_CAPITAL = (
    rf"(?P<sep>[:=][=>]?)(?<!==)(?:\*{{1,2}}|_{{1,2}})?[ \t]*(?:\[~[^\]\n]{{1,40}}\][ \t]*)?"
    rf"(?P<quote>[\"']?)(?=[{UPPER}])"
)
# The key before a separator, read on the reversed text: optional spaces, optional closing quote, then
# the key's characters up to 40 back ("Alunno/a", "Contact d'urgence").
_KEY_REVERSED = re.compile(r"[ \t]*([\"'`]?|\*{1,2}|_{1,2})([\w .\-/'’]{1,40})")
# An element's attributes, if any, before its closing `>`.
_XML_ATTRIBUTES = r"(?:[ \t][^<>\n]{0,80})?"
_XML = re.compile(
    rf"<(?P<key>(?i:{person_key_regex()})){_XML_ATTRIBUTES}>[ \t]*(?P<value>[^<\n]{{1,80}}?)[ \t]*</"
)
# HL7 CDA and FHIR write a name as its parts: `<given>Ana</given><family>Souza</family>`, or
# `<family value="Souza"/>`. Alone, "given", "family", "first" and "last" name nothing, so a part counts
# only when its partner element is in the text too.
_XML_NAME_PART = re.compile(
    rf"<(?P<key>(?i:{'|'.join(p for pair in NAME_PART_PAIRS for p in pair)}))"
    rf"(?:[ \t]+value=\"(?P<attribute>[^\"<>\n]{{1,80}})\"[ \t]*/?>|{_XML_ATTRIBUTES}>"
    rf"[ \t]*(?P<value>[^<\n]{{1,80}}?)[ \t]*</)"
)
# Mail headers as Outlook copies them: "From: Keller, Maria <maria.keller@acme.de>", "Von: Keller, Maria",
# "To: Dupont, Jean; Weber, Hans", "De : Jean Dupont [mailto:…]". The key names no person, so the value
# must: "Last, First" or a full name, each ending at a mailbox, a separator or the line's end.
_MAIL_KEYS = (
    "From", "To", "Cc", "Bcc", "Sent by", "Organizer", "Von", "An", "Gesendet von", "Organisator", "De",
    "À", "A", "Para", "Da", "Organisateur", "Organizador", "Organizzatore", "Mittente", "Destinatario",
)  # fmt: skip
_MAIL_HEADER = re.compile(
    rf"^[ \t>*]*(?:{'|'.join(_MAIL_KEYS)})[ \t]*:\**[ \t]*(?P<list>[^\n]{{1,400}})", re.MULTILINE
)
# One recipient: its name, then perhaps a mailbox, a "[mailto:…]" or a note in brackets.
_RECIPIENT = re.compile(
    r"[ \t]*\"?(?P<value>[^;<\[(\"\n]+?)\"?[ \t]*(?:<[^>\n]*>|\[[^\]\n]*\]|\([^)\n]*\))?[ \t]*(?:;|$)"
)
_LAST_FIRST = re.compile(rf"(?:{NAME_WORD}|{CAPS_SURNAME}),[ \t]+{NAME_WORD}(?: {NAME_WORD})?")
#: What may follow a "Last, First" value: the end of its line or of its field.
_LAST_FIRST_END = re.compile(r"[ \t]*(?:[,;|(\r\n]|[ \t][–—-][ \t]|$)|[ \t]{2,}")
# A key/value row of a Confluence or Markdown table: "||Reporter||Maria Keller||", "| *Owner* | Ana |".
_PIPE_FIELD = re.compile(
    rf"\|\|?[ \t]*\*{{0,2}}(?P<key>(?i:{person_key_regex()}))\*{{0,2}}[ \t]*:?[ \t]*\|\|?"
    r"[ \t]*(?P<value>[^|\n]{1,80}?)[ \t]*(?=\|)"
)
#: Keys that name a name without saying which part: the first name where a surname field stands beside
#: them ("Cognome: Zhang / Nome: Mei"), the surname beside a first-name field ("Vorname: Jana / Name:
#: Krüger"). A field is a form's `key:`, an assignment's `key =` (SQL `nome = 'Rocco'`) or an element;
#: a JSON record's "name" beside its "first_name" is the full name.
_BARE_NAME_KEYS = frozenset({"nome", "nombre", "name", "nom", "vorname", "naam"})
_FIELD_AFTER = r"(?![\w])[*_]{0,2}[ \t]*[:=>]"
_SURNAME_FIELD = re.compile(
    r"(?i:(?<![\w/])(?:cognome|apellidos?|nachname|familienname|surname|last[ _]?name|family[ _]?name"
    rf"|nom de famille|achternaam|geslachtsnaam|sobrenome|apelidos?){_FIELD_AFTER})"
)
#: A surname key: its value alone in capitals is a surname ("Nom : HOANG"), as registers write it.
_SURNAME_KEY = re.compile(
    r"(?i:cognome|apellidos?|nachname|familienname|surname|last[ _]?name|family[ _]?name|nom|nom de famille"
    r"|achternaam|geslachtsnaam|sobrenome|apelidos?|geburtsname|nom de naissance)"
)
_VOWEL = re.compile(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ü]")
_GIVEN_NAME_FIELD = re.compile(
    r"(?i:(?<![\w/])(?:vorname|vornamen|prénoms?|prenoms?|first[ _]?names?|given[ _]?names?|forenames?"
    rf"|voornamen|voornaam|nome próprio|primeiro nome){_FIELD_AFTER})"
)
# The rule under a Markdown table's header: `|---|:--:|`.
_HEADER_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}")
_MAILBOX = re.compile(r"<(?P<local>[\w.%+-]{1,64})@[\w-]+(?:\.[\w-]+)+>")
_NAME_BEFORE_MAILBOX = re.compile(rf"(?:^|[\s:,;(])\"?(?P<value>{NAME})\"?[ \t]*$")
_NAME_AT = re.compile(rf"\s?{TITLE_PREFIX}(?P<value>{NAME})(?=[ \t]*(?:[,.;:!?)\r\n]|$)|[ \t]+[a-zß-ÿ(])")
_UNQUOTED_END = re.compile(r"[,;|#<>({\[\]})\n\r]|[ \t]{2,}|[ \t][–—-][ \t]")
_INI_END = re.compile(r"[#;\n\r]|[ \t]{2,}")
_TOKEN_END = re.compile(r"[\s,;&)\]}]")
_LIST_ITEM = re.compile(r"[^,;+&\n\r]+")
_ITEM_NOTE = re.compile(r"[ \t]*\([^()\n]{0,60}\)[ \t]*$")
_LIST_JOINER = re.compile(r"[ \t]+(?:and|und|et|y|e)[ \t]+")
_WORD_BREAK = re.compile(r"[ .]")
_LINE_END = re.compile(r"[\n\r]")
_TITLE = re.compile(TITLE_PREFIX)
# A list key alone at the end of its line (lowercased text), then one item a line: a bullet or a number,
# then a name up to a note ("(PM)", "– chair", ", Legal", "<mail>").
# The scan starts at a colon that ends its line (a literal, fast to find), then reads the key backwards.
_COLON_AT_LINE_END = re.compile(r":[ \t*_]*\r?\n")
_KEY_BEFORE_COLON = re.compile(r"(?:^|[^\w])(?P<key>\w[\w \t]{0,30}?)[ \t*_]*$")
_BLOCK_ITEM = re.compile(
    rf"[ \t]*(?:[-*•·]|\d{{1,2}}[.)])[ \t]+(?:\*\*)?(?P<value>{NAME})(?:\*\*)?"
    r"[ \t]*(?:\([^)\n]{0,40}\)|[–—,:-][^\n]{0,80}|<[^>\n]{0,80}>)?[ \t]*(?:\r?\n|\Z)"
)
_MAX_BLOCK_ITEMS = 50
_BLANKS = (" ", "\t", "\n")


def _role_needles() -> dict[str, list[tuple[str, int, int]]]:
    """Needle -> (phrase, needle's offset in it, name words needed). A phrase's needle is its longest
    word, or a shorter needle already chosen inside that word ("client" serves "la cliente")."""
    table: dict[str, list[tuple[str, int, int]]] = {}
    entries = [(p, 1) for p in ROLE_PHRASES] + [(p, 2) for p in ROLE_NOUNS + INTRO_PHRASES]
    words = sorted({max(p.split(), key=len) for p, _ in entries}, key=len)
    needles: list[str] = []
    for word in words:
        if not any(n in word for n in needles):
            needles.append(word)
    for phrase, min_words in entries:
        needle = next(n for n in needles if n in max(phrase.split(), key=len))
        table.setdefault(needle, []).append((phrase, phrase.index(needle), min_words))
    return table


_ROLE_NEEDLES = _role_needles()


def key_before(text: str, sep_start: int) -> str | None:
    """The person key that ends just before a separator (`"first_name"`, `Reported by`, `user.name`),
    or None. A key glued to a longer identifier (`hostname`, `app_name`) does not count."""
    window = text[max(0, sep_start - 44) : sep_start][::-1]
    match = _KEY_REVERSED.match(window)
    if not match:
        return None
    parts = _WORD_BREAK.split(match.group(2)[::-1].rstrip())[-3:]
    if normalized_key(parts[-1]) not in KEY_LAST_WORDS:
        # A path's last segment, or the last of two labels ("Vorname/Name"): "/" only joins a key's
        # endings ("Alunno/a").
        last = parts[-1].rpartition("/")[2]
        if last == parts[-1] or normalized_key(last) not in KEY_LAST_WORDS:
            return None
        parts = [last]
    return _person_key(" ".join(parts))


@lru_cache(maxsize=1024)
def _person_key(run: str) -> str | None:
    parts = run.split(" ")
    # The longest trailing run of up to three words that is a person key ("Customer Name" before "Name").
    for n in range(min(3, len(parts)), 0, -1):
        candidate = " ".join(parts[-n:])
        if candidate and (person_key_min_words(candidate) or is_list_key(candidate)):
            return candidate
    return None


class PersonFieldRecognizer(PatternDetector):
    ENTITY = "PERSON"
    CATEGORY = Category.PERSON
    PATTERNS = (Pattern("separator_before_capital", SEPARATOR_BEFORE_CAPITAL, 0.7),)
    SPECIFIC_SCORE = 0.7
    GENERIC_SCORE = 0.65
    LIST_SCORE = 0.65
    MAILBOX_SCORE = 0.7
    ROLE_PHRASE_SCORE = 0.65

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings: list[Finding] = []
        siblings = _SiblingFields(text)
        for match in self._compiled[0][1].finditer(text):
            key = key_before(text, match.start())
            if key is None:
                continue
            if is_list_key(key):
                findings.extend(self._list(text, match.end()))
                continue
            span = _value_span(text, match.start(), match.end(), match.group("sep"), match.group("quote"))
            if span:
                self._add(findings, text, span, key, siblings)
        if ":" in text:
            findings.extend(self._mail_headers(text))
            if len(lowered) == len(text):
                findings.extend(self._block_lists(lowered, text))
        if "|" in text:
            for match in _PIPE_FIELD.finditer(text):
                if not _heads_a_table(text, match.end()):
                    self._add(findings, text, match.span("value"), match.group("key"), siblings)
        if "</" in text or "/>" in text:
            for match in _XML.finditer(text):
                self._add(findings, text, match.span("value"), match.group("key"), siblings)
            findings.extend(self._xml_name_parts(text, lowered))
        if "@" in text:
            findings.extend(self._mailboxes(text))
        if len(lowered) == len(text):
            findings.extend(self._role_phrases(text, lowered))
        return list(dict.fromkeys(findings))  # a mail header's "Ana Souza <ana@…>" is a mailbox too

    def _add(
        self, findings: list[Finding], text: str, span: tuple[int, int], key: str, siblings: _SiblingFields
    ) -> None:
        start, end = span
        title = _TITLE.match(text, start, end)
        if title and title.end() < end:
            start = title.end()  # "Medico: Dott.ssa Chiara Rinaldi"
        value = text[start:end]
        if person_key_min_words(value) is not None:
            return  # a header row read as key and value: "| Nom | Prénom |"
        min_words = person_key_min_words(key) or 2
        if min_words == 2 and normalized_key(key) in _BARE_NAME_KEYS and siblings.name_part_fields():
            min_words = 1  # "Cognome: Zhang / Nome: Mei": beside a surname field, "Nome" is the first name
        code_word_key = normalized_key(key) in _CODE_WORD_KEYS
        if is_no_value(value) or (code_word_key and any(map(_is_word_not_name, value.split()))):
            return  # "Mother: unknown", "Child: Node Element", "Signature: Valid"
        score = self.SPECIFIC_SCORE if min_words == 1 else self.GENERIC_SCORE
        caps_known = min_words == 1 and value.isupper() and (is_given_name(value) or is_surname(value))
        if not caps_known and _SURNAME_KEY.fullmatch(key.strip()):
            caps_known = looks_like_caps_surname(value) and _VOWEL.search(value) is not None  # not "SNCF"
        if (
            looks_like_name(value, min_words=min_words)
            or looks_like_caps_name(value)
            or caps_known
            or _caps_name_with_first_name(value)
        ):
            findings.append(self._finding(start, end, score))

    def _xml_name_parts(self, text: str, lowered: str) -> list[Finding]:
        """`<given>Ana</given>` beside `<family>Souza</family>` (or `<first>` beside `<last>`): each part
        is a name of one word, or more ("Mary Ann")."""
        found: list[Finding] = []
        for match in _XML_NAME_PART.finditer(text):
            part = match.group("key").lower()
            partner = next(b if a == part else a for a, b in NAME_PART_PAIRS if part in (a, b))
            if f"<{partner}" not in lowered:
                continue
            start, end = match.span("attribute") if match.group("attribute") else match.span("value")
            value = text[start:end]
            caps_surname = value.isupper() and is_surname(value)
            if is_no_value(value):
                continue
            if looks_like_name(value) or looks_like_caps_name(value) or caps_surname:
                found.append(self._finding(start, end, self.SPECIFIC_SCORE))
        return found

    def _list(self, text: str, pos: int) -> list[Finding]:
        """Each name of an attendee list, up to the end of its line."""
        stop = _LINE_END.search(text, pos)
        end = stop.start() if stop else len(text)
        line = _LIST_JOINER.sub(lambda m: "," + " " * (len(m.group()) - 1), text[pos:end])
        found = []
        for item in _LIST_ITEM.finditer(line):
            # A note after a name is no part of it: "Soo-ah Choi (int. 8)", "Bruno (collegato da remoto)".
            value = _ITEM_NOTE.sub("", item.group()).strip()
            if value and looks_like_name(value):
                start = pos + item.start() + item.group().index(value)
                found.append(self._finding(start, start + len(value), self.LIST_SCORE))
        return found

    def _block_lists(self, lowered: str, text: str) -> list[Finding]:
        """Attendee lists written one name a line under their key ("Attendees:\n- Maria Keller (PM)\n
        - Jing"): each item up to a note in brackets, a dash or a comma, until a blank or other line."""
        found: list[Finding] = []
        for colon in _COLON_AT_LINE_END.finditer(lowered):
            key = _KEY_BEFORE_COLON.search(lowered, max(0, colon.start() - 32), colon.start())
            words = key.group("key").split() if key else []
            if not any(is_list_key(" ".join(words[-n:])) for n in (1, 2)):
                continue
            pos = colon.end()
            for _ in range(_MAX_BLOCK_ITEMS):
                item = _BLOCK_ITEM.match(text, pos)
                if item is None:
                    break
                pos = item.end()
                value = item.group("value").strip()
                min_words = 1 if is_given_name(value) else 2
                if looks_like_name(value, min_words):
                    start = item.start("value")
                    found.append(self._finding(start, start + len(value), self.LIST_SCORE))
        return found

    def _mail_headers(self, text: str) -> list[Finding]:
        """Recipients of a copied mail header: "Keller, Maria" whole, or a full name."""
        found: list[Finding] = []
        for header in _MAIL_HEADER.finditer(text):
            pos, end = header.span("list")
            while pos < end:
                item = _RECIPIENT.match(text, pos, end)
                if item is None or item.end() == pos:
                    break
                pos = item.end()
                start, stop = item.span("value")
                value = text[start:stop]
                if _LAST_FIRST.fullmatch(value):
                    last, _, first = value.partition(",")
                    if looks_like_name(last) and looks_like_name(first.strip()):
                        found.append(self._finding(start, stop, self.MAILBOX_SCORE))
                elif _full_name_item(value) or _lone_first_name(value):
                    found.append(self._finding(start, stop, self.MAILBOX_SCORE))
        return found

    def _mailboxes(self, text: str) -> list[Finding]:
        """`Ana Souza <ana.souza@globex.com>` in mail headers, git trailers and address books."""
        found: list[Finding] = []
        for match in _MAILBOX.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            head = text[max(line_start, match.start() - 80) : match.start()]
            name = _NAME_BEFORE_MAILBOX.search(head)
            if not name:
                continue
            value = name.group("value")
            # A lone first name counts when the address repeats it ("Priya <priya.r@acme.io>").
            single_ok = value.lower() in match.group("local").lower()
            if looks_like_name(value, min_words=1 if single_ok else 2):
                start = match.start() - len(head) + name.start("value")
                found.append(self._finding(start, start + len(value), self.MAILBOX_SCORE))
        return found

    def _role_phrases(self, text: str, lowered: str) -> list[Finding]:
        """ "approved by Elif Gallagher", "Customer Tremaine Washington reports". One `str.find` pass per
        needle (C speed; phrases sharing a word share a pass). After a role noun the name must be a full
        one ("Customer Success" is a team) without ordinary words."""
        found: list[Finding] = []
        for needle, phrases in _ROLE_NEEDLES.items():
            at = lowered.find(needle) if has_keyword(lowered, needle) else -1
            while at != -1:
                for phrase, offset, min_words in phrases:
                    start = at - offset
                    after = start + len(phrase)
                    if start < 0 or not lowered.startswith(phrase, start):
                        continue
                    if text[after : after + 1] not in _BLANKS or (start > 0 and lowered[start - 1].isalnum()):
                        continue
                    name = _NAME_AT.match(text, after + 1)
                    if name is None or not looks_like_name(name.group("value"), min_words):
                        continue
                    if min_words == 2 and has_common_word(name.group("value")):
                        continue  # "the landlord Terms Apply": capitalised words, not a name
                    found.append(self._finding(*name.span("value"), self.ROLE_PHRASE_SCORE))
                at = lowered.find(needle, at + len(needle))
        return found

    def _finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, self.CATEGORY, start, end, score, self.detector_name)


_CAPS_FIELD_VALUE = re.compile(rf"[{UPPER}][{UPPER}{LOWER}'’-]+(?:[ \t][{UPPER}][{UPPER}{LOWER}'’-]+){{1,2}}")


def _caps_name_with_first_name(value: str) -> bool:
    """Under a person key, a name in capitals whose surname is also an ordinary word ("FONTANA ORNELLA",
    "BRIGHT Marnie"): a known first name that is no ordinary word, a word in capitals, at most one
    ordinary word ("NEW YORK TIMES" has two), and no label, company word, product or place."""
    if not _CAPS_FIELD_VALUE.fullmatch(value) or is_tech_term(value) or is_known_place(value):
        return False
    words = value.split()
    ordinary = [w for w in words if is_ordinary_word(w)]
    return (
        any(w.isupper() and len(w) > 2 for w in words)
        and any(is_given_name(w) and w not in ordinary for w in words)
        and len(ordinary) <= 1
        and not any(w.lower() in NOT_NAME_WORDS or w.lower() in CODE_SUFFIXES for w in words)
    )


#: What a form holds where no name was filled in, and what heads a table's summary row.
_NO_VALUE_WORDS = frozenset(
    """
    unknown unbekannt inconnu inconnue desconocido desconocida sconosciuto sconosciuta onbekend desconhecido
    desconhecida none keine keiner kein aucun aucune ninguno ninguna nessuno nessuna geen nenhum nenhuma
    pending ausstehend vacant vakant offen ouvert abierto aperto open closed geschlossen fermé cerrado chiuso
    gesloten fechado redacted geschwärzt anonymisiert anonyme anónimo anonimo anoniem
    average mean sum subtotal durchschnitt mittelwert summe gesamt zwischensumme moyenne somme promedio
    suma subtotal media totale somma gemiddelde totaal média soma
    """.split()  # noqa: SIM905
)


def is_no_value(value: str) -> bool:
    """ "Unbekannt", "Closed", "Durchschnitt": a field left without a name or a table's summary row (many
    names are ordinary words too, "Speranza", "Mia", "Blanc", so only these words say so)."""
    return value.strip().lower() in _NO_VALUE_WORDS


def _is_word_not_name(word: str) -> bool:
    """An ordinary word, a label or a product that is no known name."""
    return is_ordinary_word(word) and not is_given_name(word) and not is_surname(word)


_CODE_WORD_KEYS = frozenset(normalized_key(k) for k in CODE_WORD_KEYS)


class _SiblingFields:
    """Whether the text has a surname or a first-name field, asked at most once per text however many
    bare `name` keys it holds (a JSON export may hold thousands)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: bool | None = None

    def name_part_fields(self) -> bool:
        if self._found is None:
            self._found = bool(_SURNAME_FIELD.search(self._text) or _GIVEN_NAME_FIELD.search(self._text))
        return self._found


def _heads_a_table(text: str, pos: int) -> bool:
    """The line holding `pos` is a Markdown table's header ("| Schüler/in | Mathe |" over `|---|---|`):
    its cells are column names, not a key and its value."""
    eol = text.find("\n", pos)
    return eol >= 0 and _HEADER_RULE.match(text, eol + 1) is not None


def _full_name_item(value: str) -> bool:
    """A full name as a recipient, not a group ("To: Executive Committee")."""
    return looks_like_name(value, min_words=2) and not has_common_word(value)


def _lone_first_name(value: str) -> bool:
    """ "Para: Jordi", "An: Davide": a known first name alone that is no ordinary word ("An: Vertrieb")."""
    return " " not in value and is_given_name(value) and not is_common_anywhere(value)


def _value_span(text: str, sep_start: int, pos: int, sep: str, quote: str) -> tuple[int, int] | None:
    """Where the value starting at `pos` ends: at its closing quote; at the end of a YAML, header or INI
    line (`key: value`, `key = value`); or after one token for a log's `key=value`. None when the quotes
    do not close on the line."""
    if quote:
        close = text.find(quote, pos, pos + 90)
        while quote == "'" and close != -1 and text[close + 1 : close + 2].isalpha():
            close = text.find(quote, close + 1, pos + 90)  # O'Brien inside single quotes
        if close == -1 or "\n" in text[pos:close]:
            return None
        start, end = pos, close
    elif sep == ":":
        stop = _UNQUOTED_END.search(text, pos, pos + 90)
        start, end = pos, stop.start() if stop else min(len(text), pos + 90)
    elif sep == "=" and text[sep_start - 1 : sep_start] in (" ", "\t") and pos > sep_start + 1:
        stop = _INI_END.search(text, pos, pos + 90)  # gitconfig, INI, properties: "name = Ana Souza"
        start, end = pos, stop.start() if stop else min(len(text), pos + 90)
    else:
        stop = _TOKEN_END.search(text, pos, pos + 90)
        start, end = pos, stop.start() if stop else min(len(text), pos + 90)
    while end > start and text[end - 1] in " \t.":
        end -= 1
    # "Name: Krüger, Jana": the comma that ends an unquoted value joins a "Last, First" name instead.
    if not quote and text.startswith(",", end):
        last_first = _LAST_FIRST.match(text, start)
        if last_first and _LAST_FIRST_END.match(text, last_first.end()):
            end = last_first.end()
    return (start, end) if end > start else None
