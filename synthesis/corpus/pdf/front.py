"""Front and back matter that is no part of an article's text: history, editor, correspondence, licence.

Journals print beside the text of an article lines a reviewer never codes:
its history ("Received 9 November 2010; Accepted 25 December 2010"), its
editor ("Academic Editor: K. S. Sunnerhagen"), where to write to its authors
("* Correspondence: name@example.org", with the affiliation footnote under
it) and, on a later page or at its end, its licence statement. The rules
look at the form of a whole line, never at a word alone, so a sentence of the
text that mentions a date, an editor or correspondence stays:

* a history line is nothing but history entries, each a word ("Received",
  "Revised", "Accepted", "Published", "Submitted", "Available online") and a
  date, on any page;
* an editor line, on the first page, is an editor's title, a colon and names;
* a correspondence line, on the first page, starts with "Correspondence",
  "Corresponding author", "E-mail" or a footnote's ``*`` and gives an e-mail
  address (on it or the line that continues it); the footnote lines that
  continue it in the same small type go with it. When the extractor set the
  end of a text line on the same line (a footnote at a column's foot), the
  text before the ``*`` stays;
* a licence statement after the first page starts a line with "©" and names a
  licence, or with "This is an open access article" or "This article is
  licensed under", and names a licence or Creative Commons.

>>> is_history("Received 9 November 2010; Accepted 25 December 2010")
True
>>> is_history("Received: 4 September 2013 Accepted: 27 December 2013"), is_history("Published: 2 January 2014")
(True, True)
>>> is_history("Received 12 March 2010, the letter was filed."), is_history("Accepted practice in 2010")
(False, False)
>>> is_editor("Academic Editor: K. S. Sunnerhagen"), is_editor("Editor: the one who decides what is printed")
(True, False)
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from .back import STARTS, back_matter, lines_starting
from .furniture import LICENCE_LINES, SMALLER, Furniture, _statement, find_furniture, is_licence
from .layout import Line

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
         rf"{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})")
_EVENT = (r"(?:received|revised|accepted|published(?:\s+online)?|(?:re-?)?submitted|available\s+online|"
          r"first\s+published(?:\s+online)?|online\s+publication\s+date|date\s+of\s+publication)")
_ENTRY = rf"{_EVENT}\s*(?:in\s+revised\s+form\s*)?(?::|on)?\s*{_DATE}"
_HISTORY = re.compile(rf"^\s*{_ENTRY}(?:\s*[;,./|\u00b7\u2022]?\s*{_ENTRY})*\s*[;,.]?\s*$", re.I)
_NAME = r"[A-Z\u00c0-\u00de][\w.'\u2019\u00c0-\u024f-]*"  # a name or initial, capitalised
_NAMES = rf"{_NAME}(?:[ ,]+(?:and\s+|&\s*)?{_NAME}){{0,8}}"
_EDITOR = re.compile(rf"^(?:(?:Academic|Handling|Associate|Section|Guest|Responsible|Managing|Scientific)\s+)?"
                     rf"(?:Editors?|Edited\s+by|Reviewed\s+by)\s*:?\s*{_NAMES}\.?$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# where a correspondence footnote starts: a line's start, or a footnote mark after text the extractor joined to it
_CORRESPONDENCE = re.compile(r"(?:^|(?<=\s))(?:\*\s*)?(?:(?:address\s+for\s+)?correspondence"
                             r"|corresponding\s+authors?|e-?mail(?:\s+address(?:es)?)?)\b", re.I)
_MARKED = re.compile(r"\s\*\s*(?:Correspondence|Corresponding\s+authors?|E-?mail)\b")
_ONLY_EMAILS = re.compile(r"^(?:\s*\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?\s*[,;]?)+$")
_LICENCE_START = re.compile(r"^(?:open\s+access[.:]?\s*)?(?:this\s+is\s+an\s+open[ -]access\s+article"
                            r"|this\s+article\s+is\s+(?:licensed|distributed|published)\s+under)\b", re.I)
_NAMES_LICENCE = re.compile(r"\blicen[cs]e\b|\bcreative\s+commons\b|\bcc[ -]by\b", re.I)
FOOTNOTE_GAP = 2.0  # points between a footnote's lines, more than their height
# how a history line or a licence statement's first line starts (in lower, capitalised or upper case): on the
# pages after the first only the few lines that start so go through the rules
_STARTS = tuple(sorted({form for start in ("rec", "rev", "acc", "pub", "sub", "res", "re-", "ava", "fir", "onl", "dat",
                                           "\u00a9", "(c)", "cop", "ope", "thi")
                         for form in (start, start.capitalize(), start.upper())}))


def is_history(text: str) -> bool:
    """Whether a line is nothing but an article's history: received, accepted, published... dates.

    >>> is_history("Submitted: 3 May 2019 Published: July 9, 2019"), is_history("Received: 2 June 2009")
    (True, True)
    """
    return _HISTORY.match(text) is not None


def is_editor(text: str) -> bool:
    """Whether a line is only an editor's title and names ("Academic Editor: K. S. Sunnerhagen").

    >>> is_editor("Edited by: Anna Author, Ben Writer"), is_editor("editor: K. S. Sunnerhagen")
    (True, False)
    """
    return _EDITOR.match(text.strip()) is not None


def correspondence_start(text: str) -> int | None:
    """Where a line's correspondence note starts (0: the whole line), or None when it has none.

    >>> correspondence_start("* Correspondence: jossey.ach@gmail.com")
    0
    >>> correspondence_start("included all * Correspondence: ball.chad@gmail.com")
    13
    >>> correspondence_start("the correspondence between staff and parents was read") is None
    True
    """
    found = _CORRESPONDENCE.match(text.lstrip())
    if found:
        return 0
    marked = _MARKED.search(text)
    return marked.start() + 1 if marked else None


def front_matter(pages: Sequence[Sequence[Line]], first: int, taken: set[tuple[int, int]],
                 later: Sequence[tuple[int, int]] | None = None) -> list[Furniture]:
    """The history, editor, correspondence and later licence lines of ``pages`` (``first``: the first page with text).

    ``taken`` holds the (page, line) of furniture found already, left alone here. ``later``, when given,
    holds (page, line) of every line after the first page that starts as :data:`_STARTS` do (and perhaps
    others): the only lines after the first page the rules look at.
    """
    found: dict[tuple[int, int], Furniture] = {}
    if later is None:
        later = lines_starting(pages, _STARTS, first + 1)
    for p, i in [(first, i) for i in range(len(pages[first]))] + [(p, i) for p, i in later if p > first]:
        lines = pages[p]
        line = lines[i]
        if (p, i) not in taken and (p, i) not in found:
            text = line.text
            if is_history(text):
                found[p, i] = Furniture(p, i, text, p == first, "history")
            elif p == first:
                if is_editor(text):
                    found[p, i] = Furniture(p, i, text, True, "editor")
                else:
                    for item in _correspondence(lines, i, p, taken):
                        found[p, item.line] = item
            elif text.startswith(_STARTS) and _later_licence(lines, i):
                for j in _statement(lines, i):
                    if (p, j) not in taken:
                        found[p, j] = Furniture(p, j, lines[j].text, False, "licence")
    return [found[k] for k in sorted(found)]


def _correspondence(lines: Sequence[Line], i: int, page: int, taken: set[tuple[int, int]]) -> list[Furniture]:
    """The correspondence note starting on line ``i`` and the footnote lines under it, if it gives an e-mail address."""
    text = lines[i].text
    if _ONLY_EMAILS.match(text):
        return [Furniture(page, i, text, True, "correspondence")]
    start = correspondence_start(text)
    if start is None:
        return []
    block = [j for j in _block(lines, i, footnote=True) if (page, j) not in taken]
    if not _EMAIL.search(text[start:]) and not (len(block) > 1 and _EMAIL.search(lines[block[1]].text)):
        return []
    keep = text[:start].rstrip()
    head = Furniture(page, i, text[start:], True, "correspondence", keep)
    return [head, *(Furniture(page, j, lines[j].text, True, "correspondence") for j in block[1:])]


def _later_licence(lines: Sequence[Line], i: int) -> bool:
    text = lines[i].text.strip()
    if not (_LICENCE_START.match(text) or ("\u00a9" in text and is_licence(text))):
        return False
    return _NAMES_LICENCE.search(" ".join(lines[j].text for j in _statement(lines, i))) is not None


def _block(lines: Sequence[Line], i: int, footnote: bool = False) -> list[int]:
    """Line ``i`` and the lines after it that continue it: same left edge, one under another, in like type.

    A footnote's lines continue it in type smaller than the page's body text (the first line may be
    set in another size, when the extractor joined text to it); other blocks keep the first line's type.
    """
    first = lines[i]
    if not first.placed:
        return [i]
    sizes = [line.size for line in lines if line.size > 0]
    body = statistics.median(sizes) if sizes else 0.0
    taken = [i]
    for j in range(i + 1, min(len(lines), i + 1 + LICENCE_LINES)):
        line, above = lines[j], lines[taken[-1]]
        step = line.top - above.bottom
        if footnote:
            alike = not body or not line.size or line.size <= body - SMALLER
        else:
            alike = abs(line.size - first.size) <= 0.5
        if not (line.placed and abs(line.x0 - first.x0) <= 2 and alike
                and -0.5 <= step <= max(line.height, 1.0) + FOOTNOTE_GAP):
            break
        if is_licence(line.text) or is_history(line.text):
            break
        taken.append(j)
    return taken


def all_furniture(pages: Sequence[Sequence[Line]]) -> tuple[Furniture, ...]:
    """The furniture of :func:`~.furniture.find_furniture`, the front matter of :func:`front_matter` and the
    affiliations and back matter of :func:`~.back.back_matter`.

    >>> pages = [[Line("Trust grew."), Line("Received 9 May 2010; Accepted 1 June 2010")], [Line("Staff left.")]]
    >>> [(f.page, f.kind, f.text) for f in all_furniture(pages)]
    [(0, 'history', 'Received 9 May 2010; Accepted 1 June 2010')]
    """
    found = find_furniture(pages)
    first = next((p for p, lines in enumerate(pages) if lines), None)
    if first is None:
        return found
    taken = {(f.page, f.line) for f in found}
    later = lines_starting(pages, (*_STARTS, *STARTS), first)  # one look at every line for both
    more = front_matter(pages, first, taken, later)
    more += back_matter(pages, first, taken | {(f.page, f.line) for f in more}, later)
    if not more:
        return found
    return tuple(sorted((*found, *more), key=lambda f: (f.page, f.line)))
