#!/usr/bin/env python3
"""Write dlpguard/engine/data/given_names.txt and surnames.txt from Faker's person providers.

    python tests/engine/build_names.py           # rewrite both files
    python tests/engine/build_names.py --check   # exit 1 if either is stale

The structure recognizers ask of a single capitalised word in a speaker, greeting or table slot: is it a
first name, is it a surname? Faker (MIT, a dev dependency: the app never imports it) holds first and last
names for some eighty locales; every Latin-script entry of every locale is kept (Japanese and Chinese
through their romanised lists, Greek and Cyrillic ones transliterated), lowercased, one a line.

Dropped: words of one or two letters, and ordinary words (common_words.txt, made by build_common_words.py:
"Church", "Little", "Per", "Pero") unless they are overwhelmingly names: the hand-kept WORDLIKE_NAMES of
names.py ("Mark", "Grace", "Baker"), names of locales of two languages or more that are not among the
commonest words ("Jean", "Carlos"), and names of a locale's own language that are frequent there because
they are names ("Giuseppe", "García", "Müller"). `--dropped` prints what was left out.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import unicodedata
from pathlib import Path

from dlpguard.engine.names import WORDLIKE_NAMES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "dlpguard" / "engine" / "data"
GIVEN_OUT = DATA / "given_names.txt"
SURNAME_OUT = DATA / "surnames.txt"
COMMON_WORDS = DATA / "common_words.txt"

#: Names that are also common words, kept on purpose ("Mark", "Grace", "Rosa", "Baker"): names.py holds
#: the list, since its common-word veto spares exactly these. Each goes to the list Faker puts it in, or to
#: given names when Faker has neither.
WORDLIKE = sorted(WORDLIKE_NAMES)

_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’-]+")
_GIVEN_ATTRS = re.compile(r"first_(?:romanized_)?names(?:_(?:male|female|nonbinary))?")
_SURNAME_ATTRS = re.compile(r"last_(?:romanized_)?names(?:_(?:male|female))?")


# Greek and Cyrillic names are written in Latin letters abroad ("Dimitrios Papadopoulos", "Dmitriy
# Ivanov"): a plain transliteration (ELOT 743 for Greek, BGN/PCGN-like for Cyrillic) adds those spellings.
_GREEK_PAIRS = {"ου": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "μπ": "mp", "ντ": "nt", "γκ": "gk"}


def _table(letters: str, latin: str) -> dict[str, str]:
    return dict(zip(letters, latin.split(" "), strict=True))


_GREEK = _table("αβγδεζηθικλμνξοπρσςτυφχψω", "a v g d e z i th i k l m n x o p r s s t y f ch ps o")
_CYRILLIC = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґјљњћџѓќѕ",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya ye i yi g j lj nj c dz"
    " gj kj dz",
)


def _transliterate(name: str) -> set[str]:
    """Latin spellings of a Greek or Cyrillic name; empty for other scripts."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(c))
    if all(c in _GREEK or c in "-' " for c in plain):
        for pair, latin in _GREEK_PAIRS.items():
            plain = plain.replace(pair, latin)
        return {"".join(_GREEK.get(c, c) for c in plain)}
    low = name.lower()  # not decomposed: "й" and "ё" are letters of their own
    if all(c in _CYRILLIC or c in "-' " for c in low):
        latin = "".join(_CYRILLIC.get(c, c) for c in low).replace("-", "")
        return {latin, latin.replace("kh", "h"), re.sub("iy$", "y", latin)}
    return set()


def _entries(provider: type, attr_re: re.Pattern[str]) -> set[str]:
    names: set[str] = set()
    for attr in dir(provider):
        if not attr_re.fullmatch(attr):
            continue
        value = getattr(provider, attr)
        if not isinstance(value, (dict, list, tuple)):
            continue
        for name in value.keys() if isinstance(value, dict) else value:
            if not isinstance(name, str):
                continue
            name = name.strip()
            if _LATIN.fullmatch(name):
                names.add(name.lower())
            else:
                names |= {n for n in _transliterate(name) if _LATIN.fullmatch(n)}
    return names


def _language_specific_words() -> dict[str, dict[str, float]]:
    """word -> {language: Zipf} for the ordinary words of one language (not the `en+` and `en~` rows, which
    hold "John" and "Paris" too)."""
    words: dict[str, dict[str, float]] = {}
    for line in COMMON_WORDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        lang, zipf, listed = line.split("\t")
        if lang not in ("en+", "en~"):
            for word in listed.split(" "):
                words.setdefault(word, {})[lang] = int(zipf) / 10
    return words


#: wordfreq folds case, so it cannot tell "allen" the name from "church" the word; frequency can, roughly:
#: an English word or a word of another language is ordinary from ten per million words ("Church",
#: "Little", "Bruder"), while names of a locale's own language are frequent there ("Giuseppe", "García",
#: "Müller") and only the commonest words are dropped ("Pero", "Mayo").
FOREIGN_ZIPF = 4.0
#: A name in the lists of locales of this many languages is a name first ("Jean", "Carlos", "Hans"),
#: unless it is one of the commonest words of some language ("Per", "Che", "Said", "Little").
WIDESPREAD_LANGUAGES = 2
WIDESPREAD_MAX_ZIPF = 5.6
OWN_LANGUAGE_ZIPF = 5.0


#: Countries of several languages: a Swiss locale's first names are German, French and Italian first
#: names alike (Faker's de_CH lists "Davide" and "Tommaso", which its it_IT lacks).
_COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "CH": ("de", "fr", "it"),
}


def _is_ordinary(name: str, languages: set[str], common: dict[str, dict[str, float]]) -> bool:
    """True when `name` is an ordinary word: of English, of a language none of its locales speaks, or
    very frequent in its own (wordfreq cannot tell "giuseppe" the name from "pero" the word by case)."""
    for lang, zipf in common.get(name, {}).items():
        own = lang in languages and lang != "en"
        if zipf >= (OWN_LANGUAGE_ZIPF if own else FOREIGN_ZIPF):
            return True
    return False


def collect() -> tuple[set[str], set[str], set[str]]:
    """(given names, surnames, dropped words) from every Faker person provider."""
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    languages: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        lang, _, country = module.name.partition("_")
        first, last = _entries(provider, _GIVEN_ATTRS), _entries(provider, _SURNAME_ATTRS)
        for name in last:
            languages.setdefault(name, set()).add(lang)
        for name in first:  # a first name crosses a country's language borders; a surname stays a word
            languages.setdefault(name, set()).update({lang, *_COUNTRY_LANGUAGES.get(country, ())})
        given |= first
        surnames |= last
    common = _language_specific_words()
    keep = set(WORDLIKE)

    def wanted(name: str) -> bool:
        if name in keep:
            return True
        zipf = max(common.get(name, {}).values(), default=0.0)
        english = common.get(name, {}).get("en", 0.0) >= FOREIGN_ZIPF  # "North", "Field", "Sales"
        widespread = (
            len(languages[name]) >= WIDESPREAD_LANGUAGES and zipf < WIDESPREAD_MAX_ZIPF and not english
        )
        return len(name) > 2 and (widespread or not _is_ordinary(name, languages[name], common))

    dropped = {n for n in given | surnames if not wanted(n)}
    given = {n for n in given if wanted(n)}
    surnames = {n for n in surnames if wanted(n)}
    given |= {n for n in keep if n not in given and n not in surnames}
    return given, surnames, dropped


def _render(names: set[str], what: str, faker_version: str) -> str:
    head = [
        f"# {what}: generated by tests/engine/build_names.py from Faker {faker_version} (MIT), every",
        "# Latin-script locale; lowercase, one a line. Ordinary words are left out unless they are",
        "# overwhelmingly names (its WORDLIKE list). Do not edit: rebuild.",
    ]
    return "\n".join(head + sorted(names)) + "\n"


def build() -> tuple[str, str]:
    from importlib.metadata import version

    given, surnames, _ = collect()
    faker_version = version("faker")
    return (
        _render(given, "First names", faker_version),
        _render(surnames, "Surnames", faker_version),
    )


def main(argv: list[str]) -> int:
    given, surnames = build()
    if "--check" in argv:
        fresh = GIVEN_OUT.read_text(encoding="utf-8") == given
        fresh = fresh and SURNAME_OUT.read_text(encoding="utf-8") == surnames
        print("name lists are up to date" if fresh else "name lists are stale: rebuild them")
        return 0 if fresh else 1
    if "--dropped" in argv:
        print(" ".join(sorted(collect()[2])))
        return 0
    GIVEN_OUT.write_text(given, encoding="utf-8")
    SURNAME_OUT.write_text(surnames, encoding="utf-8")
    lines = f"{given.count(chr(10))} and {surnames.count(chr(10))} lines"
    print(f"wrote {GIVEN_OUT.name} and {SURNAME_OUT.name} ({lines})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
