"""Words broken at line ends: "partner-" + "ship" -> "partnership", "co-" + "location" -> "co-location".

The document is its own dictionary. At a hyphen that ends a line:

1. if the hyphenated form ("co-location") appears elsewhere in the document
   and the joined one ("colocation") does not, the hyphen stays, and the other
   way round (the more frequent form wins when both appear);
2. else the hyphen stays after a prefix that makes compounds (co, non, pre,
   post, multi, inter, self, well, cross);
3. else the hyphen goes when the next line starts with a lower-case letter
   ("partner-" + "ship"), and stays otherwise ("Anglo-" + "Saxon", "1990-" + "2000").

A soft hyphen (U+00AD) at a line end always goes; U+2010 (HYPHEN) is treated
as "-" and, when it stays, kept as it is.

>>> join_lines(["The partner-", "ship grew, and the co-", "location of teams helped the partnership."])
'The partnership grew, and the co-location of teams helped the partnership.'
>>> join_lines(["Anglo-", "Saxon law from 1990-", "2000 and twice\\u00ad", "over"])
'Anglo-Saxon law from 1990-2000 and twiceover'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SOFT_HYPHEN = "\u00ad"
HYPHENS = "-\u2010"
COMPOUND_PREFIXES = frozenset({"co", "non", "pre", "post", "multi", "inter", "self", "well", "cross"})
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_RIGHT = re.compile(r"[^\W\d_]+")


class Vocabulary:
    """The document as a dictionary: how often a word or hyphenated compound occurs in it.

    Compounds ("co-location") are all counted at once (there are few hyphens);
    a plain word is looked up when asked for, as a whole word, case folded
    (the importer only asks about the few words whose hyphen the rules cannot
    settle otherwise), and remembered.

    >>> vocabulary = Vocabulary.of(["Co-location and co\u2010location; PARTNERSHIP.", "partnerships"])
    >>> vocabulary.count("co-location"), vocabulary.count("partnership"), vocabulary.count("ship")
    (2, 1, 0)
    """

    def __init__(self, text: str) -> None:
        self.text = text.replace("\u2010", "-") if "\u2010" in text else text
        self.compounds = self._compounds(self.text)
        self._lower: str | None = None
        self._words: dict[str, int] = {}

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        """The vocabulary of some lines of text."""
        return cls("\n".join(texts))

    @staticmethod
    def _compounds(text: str) -> Counter[str]:
        compounds: Counter[str] = Counter()
        position = text.find("-")
        while position >= 0:
            if not text[position + 1:position + 2].isalpha():  # a hyphen at a line end, a dash, a range
                position = text.find("-", position + 1)
                continue
            start = position
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            match = _COMPOUND.match(text, start) if start < position else None
            if match is not None:
                compounds[match.group().casefold()] += 1
                position = match.end()
            position = text.find("-", position + 1)
        return compounds

    def count(self, word: str) -> int:
        """How often ``word`` occurs (case folded; a compound as a compound, a word standing alone)."""
        word = word.casefold().replace("\u2010", "-")
        if "-" in word:
            return self.compounds.get(word, 0)
        if word not in self._words:
            self._words[word] = self._count_word(word)
        return self._words[word]

    def _count_word(self, word: str) -> int:
        if self._lower is None:
            self._lower = self.text.casefold()
        text = self._lower
        n, size = 0, len(text)
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            before = text[at - 1] if at else " "
            after = text[end] if end < size else " "
            if not (before.isalpha() or before == "-" or after.isalpha() or after == "-"):
                n += 1
            at = text.find(word, end)
        return n


@dataclass(frozen=True)
class Glue:
    """How two lines join: drop ``cut`` characters from the end of the first, then put ``separator``.

    ``action`` is "joined" (a hyphen dropped), "kept" (a hyphen kept, no space) or "" (a plain join).
    """

    cut: int
    separator: str
    action: str = ""


SPACE = Glue(0, " ")
JOINED = Glue(1, "", "joined")
KEPT = Glue(0, "", "kept")


def glue(left: str, right: str, vocabulary: Vocabulary) -> Glue:
    """How to join line ``left`` to the next line ``right`` of the same paragraph.

    >>> vocabulary = Vocabulary.of(["partnership", "co-location"])
    >>> glue("The partner-", "ship grew", vocabulary), glue("the co-", "location", vocabulary)
    (Glue(cut=1, separator='', action='joined'), Glue(cut=0, separator='', action='kept'))
    >>> glue("Trust grew", "slowly", vocabulary)
    Glue(cut=0, separator=' ', action='')
    """
    if not left:
        return SPACE
    last = left[-1]
    if last == SOFT_HYPHEN:
        return Glue(1, "", "joined")
    if last in "\u2013\u2014":  # a dash ends the line: spaced or not, as written
        return SPACE if len(left) > 1 and left[-2] == " " else Glue(0, "")
    if last not in HYPHENS:
        return SPACE
    start = len(left) - 1
    while start > 0 and left[start - 1].isalpha():
        start -= 1
    first = left[start:-1]
    if not first:  # "1990-", "(-" or a lone dash
        return SPACE if len(left) == 1 or left[-2] == " " else Glue(0, "", "kept")
    after = _RIGHT.match(right)
    if after is None:
        return Glue(0, "", "kept")
    second = after.group()
    # the rules in order, asking the vocabulary only what they need (looking up a plain word reads the text)
    hyphenated = vocabulary.count(f"{first}-{second}")
    if hyphenated:
        return JOINED if vocabulary.count(first + second) >= hyphenated else KEPT
    if first.casefold() in COMPOUND_PREFIXES or not second[0].islower():
        return JOINED if vocabulary.count(first + second) else KEPT
    return JOINED


def join_lines(lines: Sequence[str], vocabulary: Vocabulary | None = None) -> str:
    """The lines of one paragraph as one string (the vocabulary defaults to the lines' own)."""
    if vocabulary is None:
        vocabulary = Vocabulary.of(lines)
    out = lines[0] if lines else ""
    for line in lines[1:]:
        how = glue(out, line, vocabulary)
        out = out[: len(out) - how.cut] + how.separator + line
    return out
