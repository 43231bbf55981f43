"""A PDF's title: its metadata, unless that is junk, else the largest type on page 1.

Metadata titles are often left by the software that made the file ("Microsoft
Word - draft.docx", "doi:10.1000/xyz", "JOT_2024_514.indd"); those are ignored.
The title is then the line(s) of page 1 in the largest font, when that font
is clearly larger than the body text's, the lines hold 3-40 words and are not
a journal banner (all capitals, or text that runs along the top of other pages).
Failing both, the caller uses the file name. An article type printed above the
title in the same type ("Research Article", "RESEARCH ARTICLE Open Access",
"Original Article", "Review") is not part of it: such a line is left out of
the run of title lines, and such words before a colon or in capitals are taken
off the front of any title (:func:`strip_banner`).

>>> is_junk("Microsoft Word - draft.docx"), is_junk("doi:10.1000/182"), is_junk("JOT_2024_514")
(True, True, True)
>>> is_junk("Trust and partnership in community health services")
False
>>> lines = [Line("JOURNAL OF TESTING", 50, 40, 300, 58, 20), Line("Trust and partnership in", 50, 80, 400, 96, 16),
...          Line("community health services", 50, 100, 380, 116, 16), Line("Anna Author", 50, 130, 140, 140, 10),
...          Line("Partnerships in health care are hard to build and slow to grow.", 50, 160, 540, 169, 9.5)]
>>> title_from_lines(lines)
'Trust and partnership in community health services'
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Sequence

from .dehyphenate import join_lines
from .furniture import is_banner, key
from .layout import Line

_JUNK_START = re.compile(r"^(?:doi\s*:|https?://|microsoft (?:word|powerpoint) -|untitled\b|slide \d|pii\s*:)", re.I)
_FILE_END = re.compile(r"\.(?:docx?|pdf|indd|tex|dvi|rtf|odt|qxd|qxp|p65|fm|ps|eps|txt|html?|xml)$", re.I)
_IDENTIFIER = re.compile(r"^[\w.:/\\-]*$")
_GENERIC = {"title", "document", "manuscript", "article", "paper", "draft", "presentation", "report", "main", "pdf"}
LARGER = 1.2  # a title's font is at least this many times the body text's
MIN_WORDS, MAX_WORDS = 3, 40
_SEPARATORS = ":|\u2013\u2014-\u00b7"


def is_junk(title: str) -> bool:
    """Whether a metadata title is a left-over of the software rather than a title."""
    title = title.strip()
    if not title or _JUNK_START.match(title) or _FILE_END.search(title):
        return True
    if _IDENTIFIER.match(title) and (any(ch.isdigit() for ch in title) or "_" in title
                                     or title.casefold() in _GENERIC):
        return True
    return sum(ch.isalpha() for ch in title) < 3


def strip_banner(title: str) -> str:
    """The title without an article type before it: "Original Article: Trust..." -> "Trust...".

    The type is taken off when a colon, bar or dash follows it, or when it is set
    in capitals (or letter-spaced capitals) and the title is not, and at least
    :data:`MIN_WORDS` words are left.

    >>> strip_banner("Original Article: Trust in care homes"), strip_banner("RESEARCH ARTICLE Open Access Trust in care")
    ('Trust in care homes', 'Trust in care')
    >>> strip_banner("R E S EAR CH A R TIC L E Open Access Trust in care")
    'Trust in care'
    >>> strip_banner("Review of trust in care homes"), strip_banner("Research Article")
    ('Review of trust in care homes', 'Research Article')
    """
    words = title.split()
    for k in range(min(len(words) - MIN_WORDS, 16), 0, -1):  # the longest type first
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        bare = head.rstrip(_SEPARATORS + " ")
        if not is_banner(bare):
            continue
        marked = bare != head or rest[:1] in _SEPARATORS
        capitals = (any(word.isupper() for word in words[:k]) and not rest.isupper()
                    and rest.lstrip(_SEPARATORS + " ")[:1].isupper())
        if marked or capitals:
            return strip_banner(rest.lstrip(_SEPARATORS + " "))
    return title


def title_from_lines(lines: Sequence[Line], furniture: Collection[str] = ()) -> str:
    """The title set in page 1's largest type, or '' (``lines`` are page 1's, ``furniture`` the removed lines' texts)."""
    sized = [line for line in lines if line.size > 0 and line.text.strip()]
    if not sized:
        return ""
    body = statistics.median(line.size for line in sized for _ in range(max(1, len(line.text) // 10)))
    banners = [key(text) for text in furniture]
    tried: set[float] = set()
    for line in sorted(sized, key=lambda line: -line.size):
        size = round(line.size, 1)
        if size in tried or size < LARGER * body:
            continue
        tried.add(size)
        if len(tried) > 3:
            break
        title = _run_of_size(sized, line.size)
        k = key(title)
        words = len(title.split())
        if (MIN_WORDS <= words <= MAX_WORDS and not title.isupper()
                and not any(k in banner for banner in banners)):
            return title
    return ""


def _run_of_size(lines: Sequence[Line], size: float) -> str:
    """The first run of consecutive lines set in ``size`` (within half a point), joined as a paragraph.

    A line that is only an article type ("Research Article") is left out of it.
    """
    run: list[str] = []
    for line in lines:
        if abs(line.size - size) <= 0.5:
            if not is_banner(line.text):
                run.append(line.text.strip())
        elif run:
            break
    return join_lines(run) if run else ""


def choose_title(metadata: str, first_page: Sequence[Line], furniture: Collection[str] = ()) -> tuple[str, str]:
    """The title and where it came from ("metadata", "page 1" or "" when neither gives one)."""
    if not is_junk(metadata):
        return strip_banner(" ".join(metadata.split())), "metadata"
    found = strip_banner(title_from_lines(first_page, furniture))
    return (found, "page 1") if found else ("", "")
