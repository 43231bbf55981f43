"""Regular expressions that start with a word, searched from where that word occurs.

Python's ``re`` tries a case-insensitive pattern, or one that opens with ``\\b``,
at every character of a text (about 80 ms over 5 million characters), however
plain the word it starts with. Most patterns a reviewer types do start with a
word (``\\btrust\\w*``, ``partner(ship|s)?``, ``famil(y|ies)``): every match then
begins where that word occurs. :func:`leading_word` finds such a word, and
:func:`matches` looks for it in the lowercased text with ``str.find`` and tries
the pattern only there (``Pattern.match`` at that place, which sees the
characters before it, so ``\\b`` is judged as ``finditer`` judges it). The
matches are the ones ``finditer`` gives, in the same order; any pattern this
cannot vouch for is searched with ``finditer`` as before.

>>> import re
>>> pattern = re.compile(r"\\btrust\\w*", re.IGNORECASE)
>>> text = "Trust, distrust and trustworthiness; TRUSTED."
>>> [m.group() for m in matches(pattern, text, text.lower(), leading_word(pattern.pattern))]
['Trust', 'trustworthiness', 'TRUSTED']
>>> [m.group() for m in pattern.finditer(text)]
['Trust', 'trustworthiness', 'TRUSTED']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: The characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter
#: (the dotted and dotless i, the long s and the Kelvin sign); lowercasing does not
#: turn them into those letters, so a text holding one is searched the plain way.
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
#: The shortest word worth looking for first.
SHORTEST = 3

_WORD = re.compile(r"(?:\\b)?([A-Za-z0-9]+)")


def leading_word(query: str) -> str | None:
    """The word (ASCII letters and digits, lowercased) every match of ``query`` starts with, or None.

    >>> leading_word(r"\\btrust\\w*"), leading_word("Partner(ship|s)?"), leading_word("trusts?")
    ('trust', 'partner', 'trust')
    >>> leading_word("trust|respect"), leading_word(r"\\w+ship"), leading_word("tr.st"), leading_word("(?x)trust")
    (None, None, None, None)
    """
    found = _WORD.match(query)
    if found is None:
        return None
    word, rest = found.group(1), query[found.end():]
    if rest[:1] in ("*", "?", "+", "{"):  # a quantifier: the last letter may be missing or repeated
        word = word[:-1]
    if len(word) < SHORTEST or _alternatives(rest):
        return None
    return word.lower()


def _alternatives(rest: str) -> bool:
    """Whether the pattern's tail ``rest`` has a ``|`` outside every group and character class
    (then a match may start with the other alternative)."""
    depth, i, n = 0, 0, len(rest)
    while i < n:
        ch = rest[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: up to its closing bracket (a "]" first in it is a member)
            i += 1
            if i < n and rest[i] == "^":
                i += 1
            if i < n and rest[i] == "]":
                i += 1
            while i < n and rest[i] != "]":
                i += 2 if rest[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


def folded(text: str) -> str | None:
    """``text`` lowercased, when its offsets stay the same and case-insensitive matching of ASCII
    letters in it is matching its lowercase; else None.

    >>> folded("Trust Grew"), folded("K\u212aelvin"), folded("\u0130stanbul")
    ('trust grew', None, None)
    """
    if not text.isascii() and any(ch in text for ch in FOLDS_TO_ASCII):
        return None
    lower = text.lower()
    return lower if len(lower) == len(text) else None


def matches(pattern: "re.Pattern[str]", text: str, lower: str | None, word: str | None) -> Iterator["re.Match[str]"]:
    """The matches ``pattern.finditer(text)`` gives; found from each place ``word`` (see
    :func:`leading_word`) occurs in ``lower`` (:func:`folded` ``text``) when both are given."""
    if word is None or lower is None or not pattern.flags & re.IGNORECASE:
        yield from pattern.finditer(text)
        return
    find, match = lower.find, pattern.match
    at = find(word)
    while at >= 0:
        found = match(text, at)
        if found is not None:
            yield found
            at = find(word, max(found.end(), at + 1))
        else:
            at = find(word, at + 1)
