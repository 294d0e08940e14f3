"""Pattern pieces written to open on a character class, so `re` can skip through a long text in C.

`re` looks for a match at every offset of the text unless the pattern opens on a literal or a character
class: then its search loop jumps to the next offset holding one of those characters before trying the
pattern. A pattern opening on a lookbehind (`(?<![\\w@])Name`), an optional group (`(?:Mc)?Name`) or an
anchor (`(?:\\A|\\n)`) is tried at every offset, which costs a full-text pass several times over.

The pieces here match exactly what the plain spelling matches, in the same order of alternatives (so the
same match wins): the first character is consumed by a class, and what the plain spelling would do with
it is said after it with lookbehinds (`[UPPER](?<=M)ac…` for `Mac…`).
"""

from __future__ import annotations

from dlpguard.engine.names import LOWER, UPPER

_REST = rf"[{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*"
_AFTER_IRISH = rf"(?:Mc|Mac|O['’]|D['’])?[{UPPER}]{_REST}"
#: What follows the first letter of `names.NAME_WORD`: `[UPPER]` + this matches what NAME_WORD matches,
#: trying the Irish prefixes (Ó, Ní, Nic, Uí), then Mc/Mac/O'/D', then a plain word, as NAME_WORD does.
NAME_WORD_AFTER_FIRST = (
    rf"(?:(?<=Ó)[ \t]{_AFTER_IRISH}|(?<=N)í[ \t]{_AFTER_IRISH}|(?<=N)ic[ \t]{_AFTER_IRISH}"
    rf"|(?<=U)í[ \t]{_AFTER_IRISH}|(?<=M)c[{UPPER}]{_REST}|(?<=M)ac[{UPPER}]{_REST}"
    rf"|(?<=O)['’][{UPPER}]{_REST}|(?<=D)['’][{UPPER}]{_REST}|{_REST})"
)


def name_word_not_after(not_after: str) -> str:
    """`(?<![not_after])` + `names.NAME_WORD`, opening on the word's capital."""
    return rf"[{UPPER}](?<![{not_after}].){NAME_WORD_AFTER_FIRST}"
