"""Author affiliations and back matter that is no part of an article's text.

Journals print around an article lines a reviewer never codes: the authors'
affiliations under their names on the first page, the same affiliations again
under "Author details" at the end, how to cite the article, and a publisher's
advertisement on the last page ("Submit your next manuscript to ..."). As in
:mod:`.front`, each rule looks at the form of whole lines, never at a word
alone, so body text that names a hospital or a university stays:

* an affiliation is a block of lines in one type, one under another, whose
  text is a list (parts between commas, semicolons and full stops) of at most
  :data:`PART_WORDS` words each, every word capitalised, a number, a footnote
  mark or a joining word ("of", "and", "for"...), one part naming an
  institution ("Department", "University", "Hospital"...). On the first page
  such a block goes wherever it stands;
* after a line that is only "Author details" (or "Author information",
  "Affiliations"), the lines of its block go with it when they are affiliations;
* a line starting "Cite this article as" goes with the lines of its block,
  and a line that is only a DOI on the last page goes;
* on the last page, a line starting "Submit your next manuscript" or "Publish
  with" begins an advertisement when a line starting "Submit your manuscript"
  follows within :data:`AD_LINES` lines; everything from the first to the
  last of these lines goes, with a web address or a name of a word or two
  after it in the same place.

>>> is_affiliation("Division of Population Health Sciences, Royal College of Surgeons in Ireland, Dublin 2, Ireland")
True
>>> is_affiliation("1 Department of Surgery, University of Calgary, Calgary, Canada. 2Department of Surgery,")
True
>>> is_affiliation("Staff were recruited from Kamuzu Central Hospital, Lilongwe, Malawi.")
False
>>> is_affiliation("Three hospitals, two clinics, a school, and a council.")
False
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress
from operator import itemgetter

from .furniture import Furniture
from .layout import Line

PART_WORDS = 8  # the most words of one part of an affiliation ("Royal College of Surgeons in Ireland")
AD_LINES = 20  # the most lines from an advertisement's first line to its "Submit your manuscript" line
BLOCK_LINES = 12  # the most lines of an affiliation block followed
_INSTITUTION = re.compile(r"\b(?:universit(?:y|ies|[\u00e9\u00e4]t?|at|ad|\u00e0)|department|dept|division|school|"
                          r"faculty|college|institut[eo]?|hospital|centre|center|clinic|ministry|laborator(?:y|ies)|"
                          r"directorate|secretariat|foundation|academy|unit|programme|program|trust)\b", re.I)
_JOINING = frozenset({"of", "and", "for", "in", "the", "on", "at", "de", "du", "des", "la", "le", "di", "da", "do",
                      "del", "der", "und", "y", "e", "&", "van", "von", "-", "\u2013"})
_PARTS = re.compile(r"[,;]\s*|\.\s+")
_DETAILS = re.compile(r"^(?:author(?:s['\u2019]?)?\s+(?:details|information|affiliations?)|affiliations?)\s*:?$", re.I)
_CITE = re.compile(r"^cite\s+this\s+article\s+as\b", re.I)
_DOI_ONLY = re.compile(r"^(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,}/\S+$", re.I)
_AD_START = re.compile(r"^(?:submit\s+your\s+next\s+manuscript\b|publish\s+with\s+\w)", re.I)
_AD_END = re.compile(r"^submit\s+your\s+manuscript\b", re.I)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
STARTS = ("Aut", "AUT", "Aff", "AFF", "Cit", "CIT", "doi", "DOI", "Sub", "SUB", "Pub", "PUB", "htt")


def _word_fits(word: str) -> bool:
    """Whether a word may stand in an affiliation: capitalised, a number, a footnote mark or a joining word."""
    bare = word.strip("()[]*\u2020\u2021'\u2019\"!")
    if not bare or bare.casefold() in _JOINING:
        return True
    letters = bare.lstrip("0123456789")  # "2Department": a footnote number set on the word
    if not letters or not any(c.isalpha() for c in letters):
        return True
    return letters[0].isupper() or (len(letters) == 1 and word == letters)  # "a" as a footnote letter


def is_affiliation(text: str) -> bool:
    """Whether ``text`` is a list of affiliations (see the module's rules)."""
    if not _INSTITUTION.search(text):
        return False
    parts = [part for part in _PARTS.split(text.strip().rstrip(".")) if part.strip()]
    if len(parts) < 2:
        return False
    return all(len(words := part.split()) <= PART_WORDS and all(map(_word_fits, words)) for part in parts)


def _block(lines: Sequence[Line], i: int, size: bool = True) -> list[int]:
    """Line ``i`` and the lines that go on under it (or beside it, on its baseline), in its type.

    A line goes on the block when it starts within the block's width and no lower than a line's
    height and a little under the line before. ``size``: the type must be the same.
    """
    first = lines[i]
    if not first.placed:
        return [i]
    taken, right = [i], first.x1
    for j in range(i + 1, min(len(lines), i + 1 + BLOCK_LINES)):
        line, above = lines[j], lines[taken[-1]]
        if not (line.placed and first.x0 - 3 <= line.x0 < right and above.top - 3 <= line.top
                and line.top - above.bottom <= max(line.height, 1.0) + 2.0
                and (not size or abs(line.size - first.size) <= 0.5)):
            break
        taken.append(j)
        right = max(right, line.x1)
    return taken


def back_matter(pages: Sequence[Sequence[Line]], first: int, taken: set[tuple[int, int]],
                candidates: Sequence[tuple[int, int]] | None = None) -> list[Furniture]:
    """The affiliations, citation lines and advertisement of ``pages`` (``first``: the first page with text).

    ``taken`` holds the (page, line) of furniture found already, left alone here. ``candidates``, when
    given, holds (page, line) of every line from page ``first`` on that starts with one of :data:`STARTS`
    (and perhaps others): the lines these rules look at after the first page's affiliations.

    >>> lines = [Line("Trust grew.", 50, 100, 280, 109), Line("Author details", 50, 130, 120, 139),
    ...          Line("1 Department of Nursing, University of Leeds,", 50, 142, 280, 151),
    ...          Line("Leeds, UK.", 50, 154, 110, 163)]
    >>> [(f.line, f.kind) for f in back_matter([lines], 0, set())]
    [(1, 'affiliation'), (2, 'affiliation'), (3, 'affiliation')]
    """
    found: dict[tuple[int, int], Furniture] = {}

    def take(p: int, indices: Sequence[int], kind: str) -> None:
        for j in indices:
            if (p, j) not in taken:
                found.setdefault((p, j), Furniture(p, j, pages[p][j].text, p == first, kind))

    lines = pages[first]
    seen: set[int] = set()
    for i in range(len(lines)):
        if i not in seen and (first, i) not in taken:
            block = _block(lines, i)
            seen.update(block)
            if is_affiliation(" ".join(lines[j].text for j in block)):
                take(first, block, "affiliation")
    last = max((p for p, page in enumerate(pages) if page), default=first)
    for p, i in lines_starting(pages, STARTS, first) if candidates is None else candidates:
        page, text = pages[p], pages[p][i].text
        if (p, i) in taken or not text.startswith(STARTS):
            continue
        if _DETAILS.match(text) and i + 1 < len(page):
            block = _block(page, i + 1, size=False)
            if is_affiliation(" ".join(page[j].text for j in block)):
                take(p, [i, *block], "affiliation")
        elif _CITE.match(text):
            take(p, _block(page, i), "citation")
        elif p == last and _DOI_ONLY.match(text.strip()):
            take(p, [i], "citation")
        elif p == last and _AD_START.match(text):
            take(p, _advertisement(page, i), "advertisement")
    return [found[k] for k in sorted(found)]


def lines_starting(pages: Sequence[Sequence[Line]], starts: Sequence[str], first: int = 0) -> list[tuple[int, int]]:
    """The (page, line) of the lines of ``pages`` from page ``first`` on whose text starts with one of ``starts``.

    This runs over every line of a document, so each line's start is looked up in a set of the
    starts of its length by ``map`` (no Python code runs per line).

    >>> lines_starting([[Line("Received 9 May")], [Line("Trust"), Line("Cite this"), Line("\u00a9 2014")]],
    ...                ("Rec", "Cit", "\u00a9"))
    [(0, 0), (1, 1), (1, 2)]
    """
    by_length: dict[int, set[str]] = {}
    for start in starts:
        by_length.setdefault(len(start), set()).add(start)
    tests = [(itemgetter(slice(0, length)), ones.__contains__) for length, ones in by_length.items()]
    out: list[tuple[int, int]] = []
    for p in range(first, len(pages)):
        texts = list(map(itemgetter(0), pages[p]))
        found: set[int] = set()
        for cut, known in tests:
            found.update(compress(range(len(texts)), map(known, map(cut, texts))))
        out.extend((p, i) for i in sorted(found))
    return out


def _advertisement(lines: Sequence[Line], i: int) -> list[int]:
    """The lines of an advertisement starting on line ``i``, or none when no "Submit your manuscript" follows."""
    end = next((j for j in range(i + 1, min(len(lines), i + 1 + AD_LINES)) if _AD_END.match(lines[j].text)), None)
    if end is None:
        return []
    out = list(range(i, end + 1))
    start = lines[i]
    for j in range(end + 1, len(lines)):
        text, line = lines[j].text.strip(), lines[j]
        near = not start.placed or (line.top >= start.top - 1 and line.x1 > start.x0 - 30)
        if not (near and (_ADDRESS.match(text) or len(text.split()) <= 2)):
            break
        out.append(j)
    return out
