"""Page furniture: running heads, journal banners, footers and page numbers.

Furniture is what repeats at the top or bottom of many pages. The few lines
nearest each page's top and bottom edge (by position when lines have boxes,
else the first and last lines) are compared across pages, as they are and
with every number replaced by ``#`` (so "Page 3 of 12" and "Page 4 of 12",
or "514" and "515", have one shape). A line is furniture when its text recurs
on at least 40% of the pages (and on 2 pages at least), or on half the odd
(or even) pages, as alternating running heads do; a shape that only matches
with numbers masked must recur on 3 pages, unless it is a page number ("514",
"Page 3 of 12", "- 3 -"). A document of one page has no furniture; in one
of two pages a line must be on both.

The first page of an article carries furniture of its own, which does not
repeat: the running head without its "Page N of M", a journal banner such as
"RESEARCH ARTICLE Open Access" above the title, and the licence statement at
its foot ("© 2014 Author et al.; licensee ..."). See :func:`first_page_furniture`.

>>> bodies = ("Trust grew.", "It took time.", "Staff left.", "Funding ended.")
>>> pages = [[Line("Journal of Testing 12 (2024) 514-523"), Line(body), Line(str(n))]
...          for n, body in zip((514, 515, 516, 517), bodies)]
>>> [(f.page, f.text) for f in find_furniture(pages)][:3]
[(0, 'Journal of Testing 12 (2024) 514-523'), (0, '514'), (1, 'Journal of Testing 12 (2024) 514-523')]
>>> len(find_furniture(pages))
8
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from operator import gt, itemgetter

from .layout import Line

ZONE = 3  # lines looked at near each page's top and bottom edge
SHARE = 0.4  # of the pages a line must recur on
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:[-\u2013\u2014(\[]\s*)?(?:pages?\s*|p\.\s*)?#(?:\s*(?:of|/)\s*#)?"
                          r"(?:\s*[-\u2013\u2014)\]])?$", re.I)


# article types journals print above a title, with or without "Open Access" (compared without spaces:
# banners are often letter-spaced, "R E S EAR CH A R TIC L E")
_TYPES = ("(?:original|research|review|systematic|scoping|narrative|literature|short|brief|rapid|case|"
          "clinical|qualitative|empirical|invited|special|study)?(?:research)?(?:article|paper|report|review|"
          "communication|study|studies|protocol|commentary|editorial|letter|perspective|viewpoint|debate|"
          "methodology|essay|research|correspondence|technicaladvance)s?")
_BANNER = re.compile(f"^(?:openaccess)?(?:{_TYPES})?(?:openaccess)?$")
_COPYRIGHT = re.compile(r"^(?:copyright\s*)?(?:\u00a9|\(c\)|copyright\b)\s*(?:\d{4}|the author)", re.I)
# a licence statement in any place on the first page: the sentences of open-access licences
_OPEN_LICENCE = re.compile(r"\bthis is an open[ -]access article\b|\bdistributed under the (?:terms of the )?creative "
                           r"commons\b", re.I)
_LICENCE_WORDS = re.compile(r"\blicen[cs]e|\bcreative commons\b|\bopen[ -]access\b|\ball rights reserved\b", re.I)
_LICENCE_END = re.compile(r"\bproperly cited\.?$|\ball rights reserved\.?$", re.I)  # how such a statement ends
# imprint lines of a journal's masthead: publisher, volume and issue, article number, DOI, ISSN
_IMPRINT = re.compile(r"\bdoi\s*:|\bdoi\.org/|\bissn\b|\bpublish(?:ing|ers?|ed by)\b|\barticle id\b|"
                      r"\bvol(?:ume)?\.?\s*\d+\s*,?\s*(?:\(\d+\)|issue|no\.|number|pp?\.|article|\d+\s*pages)", re.I)
SMALLER = 0.5  # points smaller than the body text's type that make a masthead line
_PAGE_PART = re.compile(r"\bpages?\s*#(?:\s*(?:of|/)\s*#)?|\bp\.\s*#|^#\s|\s#$")
LARGER = 1.2  # type this many times the body text's is a title's, never furniture
LIKE = 0.9  # how alike (0-1) a first-page line and a running head of the other pages must be
LICENCE_LINES = 8  # the most lines a first page's licence statement is followed for


@dataclass(frozen=True)
class Furniture:
    """A line taken out of the text: ``page`` and ``line`` index the input pages and their lines.

    ``first_page`` marks furniture only the first page has (a banner, a licence
    statement, the running head in its first-page form). ``kind`` names what
    is not a running head or the first page's masthead: "history", "editor",
    "correspondence" or "licence" (see :mod:`.front`), "affiliation", "citation" or
    "advertisement" (see :mod:`.back`). ``keep`` is text of the
    line that stays, when the extractor set body text on the furniture's line.
    """

    page: int
    line: int
    text: str
    first_page: bool = False
    kind: str = ""
    keep: str = ""

    @property
    def repeated(self) -> bool:
        """Whether this is a running head, footer or page number (repeated across pages)."""
        return not self.first_page and not self.kind


def key(text: str) -> str:
    """A line's text for comparison: spaces evened out, case folded.

    >>> key("  Journal of  Testing ")
    'journal of testing'
    """
    return " ".join(text.split()).casefold()


def shape(text: str) -> str:
    """A line's key with every number masked.

    >>> shape("Page 3 of 12"), shape("Smith et al. BMC Health (2020) 20:514")
    ('page # of #', 'smith et al. bmc health (#) #:#')
    """
    return _DIGITS.sub("#", key(text))


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number ("12", "Page 3 of 12", "- 4 -").

    >>> [is_page_number(t) for t in ("12", "Page 3 of 12", "- 4 -", "3/12", "Table 2", "2024")]
    [True, True, True, True, False, True]
    """
    return bool(_PAGE_NUMBER.match(shape(text)))


def edge_lines(lines: Sequence[Line], zone: int = ZONE) -> list[int]:
    """Indexes of the lines nearest the page's top and bottom edges.

    >>> edge_lines([Line(str(i)) for i in range(10)])
    [0, 1, 2, 7, 8, 9]
    """
    n = len(lines)
    if n <= 2 * zone:
        return list(range(n))
    if all(map(gt, map(itemgetter(3), lines), map(itemgetter(1), lines))):  # all placed: nearest the edges
        tops = list(map(itemgetter(2), lines))
        order = sorted(range(n), key=tops.__getitem__)
        return sorted(set(order[:zone] + order[-zone:]))
    return list(range(zone)) + list(range(n - zone, n))


def is_banner(text: str) -> bool:
    """Whether a line is only an article type a journal prints above the title ("Research Article").

    >>> [is_banner(t) for t in ("RESEARCH ARTICLE Open Access", "R EVI EW Open Access", "Original Article",
    ...                         "Research Article", "Open Access", "Review", "Short Communication")]
    [True, True, True, True, True, True, True]
    >>> [is_banner(t) for t in ("Results", "Research questions", "A review of trust", "Methods", "")]
    [False, False, False, False, False]
    """
    letters = "".join(text.split()).casefold()
    return bool(letters) and _BANNER.match(letters) is not None


def is_licence(text: str) -> bool:
    """Whether a line starts a copyright or licence statement ("© 2014 Smith et al.; licensee ...").

    >>> is_licence("\u00a9 2014 Agyeman et al.; licensee BioMed Central Ltd."), is_licence("Copyright \u00a9 2010 Tully")
    (True, True)
    >>> is_licence("(c) The Author(s) 2020"), is_licence("Copying the records took time.")
    (True, False)
    """
    return _COPYRIGHT.match(text.strip()) is not None


def core(text: str) -> str:
    """A line's shape without its page number: what a first page's form of a running head keeps.

    >>> core("Smith et al. BMC Health Services Research 2014, 14:1 Page 2 of 10")
    'smith et al. bmc health services research #, #:#'
    >>> core("514 Journal of Testing"), core("Journal of Testing p. 3")
    ('journal of testing', 'journal of testing')
    """
    return _PAGE_PART.sub("", shape(text)).strip(" ,;:|-\u2013\u2014\u00b7")


def first_page_furniture(lines: Sequence[Line], heads: Collection[str], page: int = 0,
                         zone: int = ZONE) -> list[Furniture]:
    """Furniture of an article's first page (``lines``) that the other pages do not repeat.

    ``heads`` are the texts of the furniture found on the other pages. Taken out:

    * a line near the page's top or bottom edge that is a running head of the
      other pages in another form: alike once numbers are masked and page numbers
      ("Page 2 of 10") set aside, and not in type 1.2 times the page's body text
      or larger (the title is never taken);
    * a banner, a line that is only an article type ("RESEARCH ARTICLE Open
      Access", "Review"), among the lines nearest the top edge or above the title;
    * a licence statement near the edges ("© 2014 Smith et al.; licensee ..."),
      or anywhere on the page when it names a licence ("This is an open access
      article distributed under the terms of the Creative Commons ..."), with
      the lines that continue it (same left edge and type, one under another);
    * the journal's masthead: lines above the title (and above the first line in
      body type) set in type smaller than the body text's, or that are imprint
      lines (publisher, volume, article number, DOI) among the lines nearest the
      top edge or above the title.

    >>> page = [Line("RESEARCH ARTICLE Open Access", 60, 94, 530, 105, 12),
    ...         Line("Trust in care", 60, 124, 460, 146, 22), Line("Partnerships grew slowly.", 60, 300, 520, 309, 9),
    ...         Line("Smith et al. Health 2014, 14:1", 57, 34, 260, 42, 7)]
    >>> [f.text for f in first_page_furniture(page, ["Smith et al. Health 2014, 14:1 Page 2 of 10"])]
    ['RESEARCH ARTICLE Open Access', 'Smith et al. Health 2014, 14:1']
    """
    if not lines:
        return []
    edges = set(edge_lines(lines, zone))
    top = set(_top_lines(lines, zone))
    cores = {c for c in map(core, heads) if len(c) >= 8}
    sized = [line.size for line in lines if line.size > 0 for _ in range(max(1, len(line.text) // 10))]
    body = statistics.median(sized) if sized else 0.0
    title_top = _title_top(lines)
    masthead = min(title_top, _body_top(lines, body))
    found: dict[int, Furniture] = {}
    for i, line in enumerate(lines):
        text = line.text
        if not text.strip() or i in found:
            continue
        above_title = line.placed and line.bottom <= masthead
        if is_banner(text) and (i in top or (line.placed and line.top < title_top)):
            found[i] = Furniture(page, i, text, True)
        elif (i in edges and is_licence(text)) or _OPEN_LICENCE.search(text) or _names_licence(lines, i):
            for j in _statement(lines, i):
                found[j] = Furniture(page, j, lines[j].text, True)
        elif above_title and ((body and 0 < line.size <= body - SMALLER) or _IMPRINT.search(text)):
            found[i] = Furniture(page, i, text, True)
        elif i in top and _IMPRINT.search(text) and (not body or line.size < LARGER * body):
            found[i] = Furniture(page, i, text, True)
        elif i in edges and cores and (not body or line.size < LARGER * body) and _alike(core(text), cores):
            found[i] = Furniture(page, i, text, True)
    return [found[i] for i in sorted(found)]


def _top_lines(lines: Sequence[Line], zone: int) -> list[int]:
    """Indexes of the ``zone`` lines nearest the page's top edge (the first ones when lines have no boxes)."""
    if all(line.placed for line in lines):
        return sorted(range(len(lines)), key=lambda i: lines[i].top)[:zone]
    return list(range(min(zone, len(lines))))


def _title_top(lines: Sequence[Line]) -> float:
    """The top of the first line set in the page's largest type that is not a banner (-inf if no sizes)."""
    sized = [line for line in lines if line.size > 0 and line.placed and not is_banner(line.text)]
    if not sized:
        return -math.inf
    largest = max(line.size for line in sized)
    return min(line.top for line in sized if line.size >= largest - 0.5)


def _names_licence(lines: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` starts a statement with a copyright sign that names a licence (anywhere on the page)."""
    text = lines[i].text
    if "\u00a9" not in text or not is_licence(text):
        return False
    return _LICENCE_WORDS.search(" ".join(lines[j].text for j in _statement(lines, i))) is not None


def _body_top(lines: Sequence[Line], body: float) -> float:
    """The top of the first line set in the body text's type (inf if no sizes)."""
    tops = [line.top for line in lines if line.placed and abs(line.size - body) <= SMALLER / 2]
    return min(tops) if body and tops else math.inf


def _alike(text: str, cores: Collection[str]) -> bool:
    if len(text) < 8:
        return False
    return text in cores or any(SequenceMatcher(None, text, other, autojunk=False).ratio() >= LIKE for other in cores)


def _statement(lines: Sequence[Line], i: int) -> list[int]:
    """Line ``i`` and the lines after it that continue its paragraph: same left edge and type, one under another."""
    taken = [i]
    first = lines[i]
    if not first.placed:
        return taken
    for j in range(i + 1, min(len(lines), i + 1 + LICENCE_LINES)):
        line, above = lines[j], lines[taken[-1]]
        if _LICENCE_END.search(above.text.strip()):
            break
        step = line.top - above.bottom
        if (line.placed and abs(line.x0 - first.x0) <= 2 and abs(line.size - first.size) <= 0.5
                and -0.5 <= step <= max(above.height, 1.0)):
            taken.append(j)
        else:
            break
    return taken


def find_furniture(pages: Sequence[Sequence[Line]], *, zone: int = ZONE, share: float = SHARE) -> tuple[Furniture, ...]:
    """The furniture lines of ``pages`` (each a sequence of lines), in page and line order.

    The first page with text is also searched for its own furniture (see :func:`first_page_furniture`).
    """
    found = _repeated(pages, zone, share)
    first = next((p for p, lines in enumerate(pages) if lines), None)
    if first is None or len(pages) < 2:
        return found
    taken = {f.line for f in found if f.page == first}
    heads = {f.text for f in found if f.page != first}
    rest = [f for f in first_page_furniture(pages[first], heads, first, zone) if f.line not in taken]
    if not rest:
        return found
    return tuple(sorted((*found, *rest), key=lambda f: (f.page, f.line)))


def _repeated(pages: Sequence[Sequence[Line]], zone: int, share: float) -> tuple[Furniture, ...]:
    """The lines near the page edges that recur across pages (the module's rule)."""
    with_text = sum(1 for lines in pages if lines)
    if with_text < 2:
        return ()
    need = max(2, math.ceil(share * with_text))
    need_shape = max(3, need)
    exact: defaultdict[str, set[int]] = defaultdict(set)
    masked: defaultdict[str, set[int]] = defaultdict(set)
    candidates: list[tuple[int, int, str, str]] = []
    for p, lines in enumerate(pages):
        for i in edge_lines(lines, zone):
            text = lines[i].text
            if not text.strip():
                continue
            k = key(text)
            s = _DIGITS.sub("#", k)
            exact[k].add(p)
            masked[s].add(p)
            candidates.append((p, i, k, s))
    # alternating heads (authors on even pages, the title on odd ones) need only recur on half their side's pages
    sides = [sum(1 for p in range(side, len(pages), 2) if pages[p]) for side in (0, 1)]

    def enough(where: set[int], least: int, slack: int = 0) -> bool:
        if len(where) >= least:
            return True
        side = {p % 2 for p in where}
        return len(side) == 1 and len(where) >= max(2, least - slack, math.ceil(sides[side.pop()] / 2))

    found = []
    for p, i, k, s in candidates:
        if enough(exact[k], need, 1) or (s != k and enough(masked[s], need if _PAGE_NUMBER.match(s) else need_shape)):
            found.append(Furniture(p, i, pages[p][i].text))
    return tuple(found)
