"""Words broken at line ends: "partner-" + "ship" -> "partnership", "co-" + "location" -> "co-location".

The document is its own dictionary. At a hyphen that ends a line:

1. if the hyphenated form ("co-location") appears elsewhere in the document
   and the joined one ("colocation") does not, the hyphen stays, and the other
   way round (the more frequent form wins when both appear);
2. else, if the document writes another form of the word (another ending:
   "meta-" + "analysis" where "meta-analyses" appears, "work-" + "force"
   where "workforces" does), hyphenated or as one word, it is written so (the
   more frequent way wins); the word list comes only after this evidence;
3. else the hyphen stays after a prefix that makes compounds (co, non, pre,
   post, multi, inter, self, well, cross);
4. else, when the next line starts with a lower-case letter, the hyphen stays
   if both parts are words of their own in the document (the second perhaps
   with an ending: "resourced" where "resource" appears) ("under-" +
   "resourced", "short-" + "stay"), unless the joined form is an English word
   (a closed compound broken at its seam: "work-" + "force", "health-" +
   "care"; see :mod:`.words`); otherwise it goes ("partner-" + "ships",
   "trian-" + "gulated");
5. else it stays ("Anglo-" + "Saxon", "1990-" + "2000").

Before the line "and" or "or", a hyphen waits for a later word ("first- and
second-line"): it stays, and so does the space.

A soft hyphen (U+00AD) at a line end always goes; U+2010 (HYPHEN) is treated
as "-" and, when it stays, kept as it is.

>>> join_lines(["The partner-", "ship grew, and the co-", "location of teams helped the partnership."])
'The partnership grew, and the co-location of teams helped the partnership.'
>>> join_lines(["Anglo-", "Saxon law from 1990-", "2000 and twice\\u00ad", "over"])
'Anglo-Saxon law from 1990-2000 and twiceover'
>>> join_lines(["Wards were under-", "resourced: under a plan, every resource was short."])
'Wards were under-resourced: under a plan, every resource was short.'
>>> join_lines(["The work-", "force left: work was hard and the force of it told."])
'The workforce left: work was hard and the force of it told.'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .words import is_english

SOFT_HYPHEN = "\u00ad"
HYPHENS = "-\u2010"
COMPOUND_PREFIXES = frozenset({"co", "non", "pre", "post", "multi", "inter", "self", "well", "cross"})
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_RIGHT = re.compile(r"[^\W\d_]+")
_AROUND = ".,;:!?()[]{}<>\"'\u201c\u201d\u2018\u2019\u00ab\u00bb*\u2020\u2021"  # around a word, not hyphens
ENDINGS = ("s", "es", "d", "ed", "ing")  # a word "of its own" may carry one ("resourced": "resource")
_CONTINUED = re.compile(r"-\n\S+")  # a line-end hyphen and the rest of the word on the next line
PART = 3  # the least letters of each part of a compound kept for being two words
STEM = 4  # the least letters two forms of a word share ("analys": "analysis", "analyses")


def alike(one: str, other: str) -> bool:
    """Whether two words look like forms of one word: the same, or sharing a start of at least
    :data:`STEM` letters that leaves at most three of the shorter one's last letters.

    >>> alike("analysis", "analyses"), alike("care", "carers"), alike("ship", "ships"), alike("stay", "staff")
    (True, True, True, False)
    >>> alike("location", "local"), alike("based", "basis")
    (True, False)
    """
    if one == other:
        return True
    common = 0
    for a, b in zip(one, other):
        if a != b:
            break
        common += 1
    return common >= STEM and common >= min(len(one), len(other)) - 3


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
        self._alone: frozenset[str] | None = None
        self._sorted: list[str] | None = None
        self._pairs: dict[str, list[tuple[str, int]]] | None = None
        self.decided: dict[tuple[str, str], Glue] = {}  # the hyphens :func:`glue` decided, by their two parts

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

    def stands_alone(self, word: str, endings: bool = False) -> bool:
        """Whether ``word`` occurs as a word of its own (between spaces or punctuation, not hyphens).

        With ``endings``, a form of it without one of :data:`ENDINGS` counts too.
        The words are gathered once, when first asked for (one split of the text);
        the start of a line after a hyphen is a word's second half, not a word.

        >>> vocabulary = Vocabulary("Human resource shortages, under-staffed wards (over) and a part-\\nner")
        >>> [vocabulary.stands_alone(w) for w in ("resource", "over", "staffed", "under", "part", "ner")]
        [True, True, False, False, False, False]
        >>> vocabulary.stands_alone("resourced"), vocabulary.stands_alone("resourced", endings=True)
        (False, True)
        """
        if self._alone is None and self._in_text(word):
            return True
        alone = self._words_alone()
        word = word.casefold()
        if word in alone:
            return True
        return endings and any(word.endswith(end) and len(word) - len(end) >= PART and word[:-len(end)] in alone
                               for end in ENDINGS)

    def _in_text(self, word: str, tries: int = 4) -> bool:
        """Whether ``word``, as written, stands alone at one of its first ``tries`` places in the text.

        A quick look that answers most questions about words the document uses often without
        splitting all of it into words; False means "not found so", and the words are split then.
        """
        text, n, at = self.text, len(self.text), self.text.find(word)
        while at >= 0 and tries:
            start, end = at, at + len(word)
            while start and text[start - 1] in _AROUND:
                start -= 1
            while end < n and text[end] in _AROUND:
                end += 1
            if ((not start or text[start - 1].isspace()) and (end == n or text[end].isspace())
                    and not (start >= 2 and text[start - 2:start] == "-\n")):  # not the end of a broken word
                return True
            at, tries = text.find(word, at + 1), tries - 1
        return False

    def _words_alone(self) -> frozenset[str]:
        if self._alone is None:
            around = _AROUND
            tokens = set(_CONTINUED.sub("-", self.text).split())
            self._alone = frozenset({bare.casefold() for token in tokens if (bare := token.strip(around)).isalpha()})
        return self._alone

    def written(self, first: str, second: str) -> tuple[int, int]:
        """How often the document writes ``first`` and a form of ``second`` hyphenated, and as one word.

        A form is the word with another ending ("analysis", "analyses"; "care", "carers"): see
        :func:`alike`. Words standing alone count once each, compounds as often as they occur.

        >>> vocabulary = Vocabulary("Meta-analyses and a meta-regression; the workforces and teamwork")
        >>> vocabulary.written("meta", "analysis"), vocabulary.written("work", "force")
        ((1, 0), (0, 1))
        """
        first, second = first.casefold(), second.casefold()
        if self._pairs is None:
            pairs: dict[str, list[tuple[str, int]]] = {}
            for compound, n in self.compounds.items():
                parts = compound.split("-")
                for left, right in zip(parts, parts[1:]):
                    pairs.setdefault(left, []).append((right, n))
            self._pairs = pairs
        hyphenated = sum(n for rest, n in self._pairs.get(first, ()) if alike(rest, second))
        if self._sorted is None:
            self._sorted = sorted(self._words_alone())
        words, joined = self._sorted, 0
        k = bisect_left(words, first)
        while k < len(words) and words[k].startswith(first):
            joined += alike(words[k][len(first):], second)
            k += 1
        return hyphenated, joined

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
SUSPENDED = Glue(0, " ", "kept")
SUSPENDING = frozenset({"and", "or", "nor"})  # words after a hyphen that waits ("first- and second-line")


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
    if second in SUSPENDING and right[after.end():after.end() + 1] in ("", " ", "\t"):
        return SUSPENDED  # "first-" + "and second-line": the hyphen waits for the compound's second part
    pair = (first, second)
    how = vocabulary.decided.get(pair)
    if how is None:  # the same word broken at the same place is decided once
        how = vocabulary.decided[pair] = _decide(first, second, vocabulary)
    return how


def _decide(first: str, second: str, vocabulary: Vocabulary) -> Glue:
    """Joined or kept: the hyphen between ``first`` and ``second`` (letters both), as the rules say."""
    # the rules in order, asking the vocabulary only what they need (looking up a plain word reads the text)
    hyphenated = vocabulary.count(f"{first}-{second}")
    if hyphenated:
        return JOINED if vocabulary.count(first + second) >= hyphenated else KEPT
    if vocabulary.stands_alone(first + second):
        return JOINED
    hyphenated, joined = vocabulary.written(first, second)  # other forms: "meta-analyses", "workforces"
    if hyphenated or joined:
        return KEPT if hyphenated > joined else JOINED
    if first.casefold() in COMPOUND_PREFIXES or not second[0].islower():
        return KEPT
    if (len(first) >= PART and len(second) >= PART and vocabulary.stands_alone(first)
            and vocabulary.stands_alone(second, endings=True)
            and not vocabulary.stands_alone(first + second, endings=True)):
        if is_english(first + second):
            return JOINED  # a closed compound of the language broken at its seam ("work-" + "force")
        return KEPT  # two words of the document, never written as one: a compound ("under-resourced")
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
