"""Regular expressions that start with a word, searched from where that word occurs.

Python's ``re`` tries a case-insensitive pattern, or one that opens with ``\\b``,
at every character of a text (about 80 ms over 5 million characters), however
plain the word it starts with. Most patterns a reviewer types do start with a
word (``\\btrust\\w*``, ``partner(ship|s)?``, ``famil(y|ies)``), or with one of a
few (``(trust|respect)\\w*``): every match then begins where one of those words
occurs. :func:`starts` finds such words, and :func:`matches` looks for them in
the lowercased text with ``str.find`` and tries the pattern only there (``Pattern.match`` at that place, which sees the
characters before it, so ``\\b`` is judged as ``finditer`` judges it). The
matches are the ones ``finditer`` gives, in the same order; any pattern this
cannot vouch for is searched with ``finditer`` as before.

>>> import re
>>> pattern = re.compile(r"\\btrust\\w*", re.IGNORECASE)
>>> text = "Trust, distrust and trustworthiness; TRUSTED."
>>> [m.group() for m in matches(pattern, text, text.lower(), starts(pattern.pattern))]
['Trust', 'trustworthiness', 'TRUSTED']
>>> [m.group() for m in pattern.finditer(text)]
['Trust', 'trustworthiness', 'TRUSTED']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: The characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter
#: (the dotted and dotless i, the long s and the Kelvin sign); lowercasing does not
#: turn them into those letters, so a text holding one is searched the plain way.
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
#: The shortest word worth looking for first.
SHORTEST = 3

_WORD = re.compile(r"(?:\\b)?([A-Za-z0-9]+)")


def leading_words(query: str) -> tuple[str, ...] | None:
    """The words (ASCII letters and digits, lowercased) one of which every match of ``query``
    starts with, or None when some match may start otherwise.

    >>> leading_words(r"\\btrust\\w*"), leading_words("Partner(ship|s)?"), leading_words("trusts?")
    (('trust',), ('partner',), ('trust',))
    >>> leading_words(r"(trust|respect)\\w*"), leading_words(r"\\b(?:co-?produc|partner)"), leading_words("trust|care")
    (('trust', 'respect'), ('co', 'partner'), ('trust', 'care'))
    >>> leading_words("tr.st"), leading_words(r"\\w+ship"), leading_words("(?x)trust"), leading_words("(trust)?x")
    (('tr',), None, None, None)
    """
    branches = _split(query)
    if branches is None:
        return None
    if len(branches) > 1:  # alternatives: each must start with words of its own
        found: list[str] = []
        for branch in branches:
            words = leading_words(branch)
            if words is None:
                return None
            found += [w for w in words if w not in found]
        return tuple(found)
    body = query[2:] if query.startswith("\\b") else query
    group = _group(body)
    if group is not None:  # (a|b)... or (?:a|b)...: the words the group starts with
        inner, rest = group
        if rest[:1] in ("*", "?", "+", "{"):  # the group may be missing or repeated
            return None
        return leading_words(inner)
    found_word = _WORD.match(body)
    if found_word is None:
        return None
    word, rest = found_word.group(1), body[found_word.end():]
    if rest[:1] in ("*", "?", "+", "{"):  # a quantifier: the last letter may be missing or repeated
        word = word[:-1]
    return (word.lower(),) if len(word) >= 2 else None


def _skip(text: str, i: int) -> int:
    """The index after the escape or character class at ``text[i]`` (or after ``text[i]``)."""
    n = len(text)
    if text[i] == "\\":
        return i + 2
    if text[i] == "[":  # a class: up to its closing bracket (a "]" first in it is a member)
        i += 1
        if i < n and text[i] == "^":
            i += 1
        if i < n and text[i] == "]":
            i += 1
        while i < n and text[i] != "]":
            i += 2 if text[i] == "\\" else 1
    return i + 1


def _marks(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each ``(``, ``)`` and ``|`` of ``pattern`` outside escapes and classes, with the depth of
    groups it leaves (after a bracket; at a ``|``, the depth it stands at)."""
    depth, i = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "\\[":
            i = _skip(pattern, i)
            continue
        if ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _split(pattern: str) -> list[str] | None:
    """``pattern`` cut at each ``|`` outside every group and class; None if its brackets do not pair."""
    out, start, depth = [], 0, 0
    for i, ch, depth in _marks(pattern):
        if depth < 0:
            return None
        if ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return None if depth else out + [pattern[start:]]


def _group(body: str) -> tuple[str, str] | None:
    """``(inner, rest)`` when ``body`` opens with a plain group ``(...)`` or ``(?:...)``, else None."""
    if body.startswith("(?:"):
        first = 3
    elif body.startswith("(") and not body.startswith("(?"):
        first = 1
    else:
        return None
    end = next((i for i, ch, depth in _marks(body) if ch == ")" and depth == 0), None)
    return None if end is None else (body[first:end], body[end + 1:])


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


def starts(query: str) -> tuple[str, ...] | None:
    """The words to look for first when searching for ``query``: :func:`leading_words`, when each
    is :data:`SHORTEST` letters or more (shorter ones occur too often to save anything).

    >>> starts(r"(trust|respect)\\w*"), starts(r"\\b(?:co-?produc|partner)")
    (('trust', 'respect'), None)
    """
    words = leading_words(query)
    return words if words and all(len(w) >= SHORTEST for w in words) else None


def matches(pattern: "re.Pattern[str]", text: str, lower: str | None,
            words: str | tuple[str, ...] | None) -> Iterator["re.Match[str]"]:
    """The matches ``pattern.finditer(text)`` gives; found from each place one of ``words`` (see
    :func:`starts`) occurs in ``lower`` (:func:`folded` ``text``) when both are given."""
    if not words or lower is None or not pattern.flags & re.IGNORECASE:
        yield from pattern.finditer(text)
        return
    if isinstance(words, str):
        words = (words,)
    match = pattern.match
    if len(words) == 1:
        places: Iterable[int] = _places(lower, words[0])
    else:  # every place any of them occurs, in order (a place two words share, once)
        places = sorted({at for word in words for at in _places(lower, word)})
    end = 0
    for at in places:
        if at < end:  # inside the last match: finditer goes on from its end
            continue
        found = match(text, at)
        if found is not None:
            yield found
            end = max(found.end(), at + 1)


def _places(lower: str, word: str) -> Iterator[int]:
    find = lower.find
    at = find(word)
    while at >= 0:
        yield at
        at = find(word, at + 1)
