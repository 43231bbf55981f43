"""Names checked at the edge: reviewer ids, source ids, study ids and code labels.

Reviewer and source ids name files (``codebooks/logs/NT.jsonl``,
``corpus/sources/green2012.txt``), so they are letters, digits, ``.``, ``_`` and
``-`` only, and never a name Windows reserves for a device. Study ids and code
labels are shown and cited, so they may hold any printable text, but no control
characters, no characters that reorder text on screen, and (for study ids) no path
separators. Every check runs before anything is written.

>>> problem_with_id("NT", REVIEWER)
>>> problem_with_id("NT\\n", REVIEWER)
"must be letters, digits, '.', '_' or '-' (at most 64)"
>>> problem_with_id("con", SOURCE)
"may not be 'con', a name Windows keeps for a device"
>>> problem_with_text("Trust\\x1b[31m", "a code label")
'a code label may not contain control characters (found U+001B)'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Reviewer ids: they name each reviewer's log file.
REVIEWER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
#: Source ids: they name the source's text and metadata files.
SOURCE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,99}\Z")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


RULES = {REVIEWER: "letters, digits, '.', '_' or '-' (at most 64)",
         SOURCE: "lower-case letters, digits, '.', '_' or '-' (at most 100, starting with a letter or digit)"}


def problem_with_id(value: object, pattern: re.Pattern[str]) -> str | None:
    """What is wrong with ``value`` as an id matching ``pattern`` (None: nothing)."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        return f"must be {RULES[pattern]}"
    if value.split(".")[0].lower() in _RESERVED:
        return f"may not be {value.split('.')[0]!r}, a name Windows keeps for a device"
    return None


def known_reviewer(name: str, reviewers: Iterable[str]) -> str | None:
    """The existing reviewer ``name`` stands for, ignoring case (None: a new reviewer).

    Reviewer ids name log files, and macOS and Windows file systems ignore case,
    so ``xy`` and ``XY`` are one reviewer everywhere.

    >>> known_reviewer("ag", ["AG", "NT"]), known_reviewer("NT", ["AG", "NT"]), known_reviewer("XY", ["AG"])
    ('AG', 'NT', None)
    """
    folded = name.casefold()
    return next((r for r in sorted(reviewers) if r.casefold() == folded), None)


def case_clash(name: str, reviewers: Iterable[str]) -> str | None:
    """What is wrong with ``name`` as a reviewer id beside ``reviewers``: only its case differs.

    >>> case_clash("ag", ["AG"])
    "reviewer 'ag' is the existing reviewer 'AG' (names ignore case): open the project as 'AG'"
    >>> case_clash("AG", ["AG"]), case_clash("XY", ["AG"])
    (None, None)
    """
    found = known_reviewer(name, reviewers)
    if found is None or found == name:
        return None
    return f"reviewer {name!r} is the existing reviewer {found!r} (names ignore case): open the project as {found!r}"


def problem_with_text(value: object, what: str, *, longest: int = 200, paths: bool = False) -> str | None:
    """What is wrong with ``value`` as a shown name (a label, a study id); None if nothing."""
    if not isinstance(value, str) or not value.strip():
        return f"{what} is empty"
    if len(value) > longest:
        return f"{what} is {len(value)} characters long (at most {longest})"
    for char in value:
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cs", "Co"):
            return f"{what} may not contain control characters (found U+{ord(char):04X})"
    if paths and ("/" in value or "\\" in value):
        return f"{what} may not contain '/' or '\\'"
    return None


#: A code colour: ``#rrggbb`` or ``#rgb``; anything else would reach HTML ``style`` attributes.
COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


def is_colour(value: object) -> bool:
    """Whether ``value`` is a colour a code may have.

    >>> is_colour("#E69F00"), is_colour("red"), is_colour('#fff" onmouseover="x')
    (True, False, False)
    """
    return isinstance(value, str) and COLOUR.fullmatch(value) is not None


def check_colour(value: str) -> str:
    """``value`` if it is a colour (:func:`is_colour`), else an ActionError."""
    from .errors import ActionError

    if not is_colour(value):
        raise ActionError(f"a code colour is written #rrggbb, e.g. #E69F00; {str(value)[:40]!r} is not one")
    return value
