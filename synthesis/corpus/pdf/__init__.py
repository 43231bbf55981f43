"""Importing a PDF article as codable text that reads like the article.

:func:`extract_pdf` runs the steps, each a module of pure functions over text
lines that a test can feed by hand:

1. :mod:`.extract`: the text layer, line by line with boxes (pypdfium2), the
   /PageLabels and the metadata title; a password-protected file or one with
   no text at all (a scan) is refused, pages without text are reported;
2. :mod:`.layout`: reading order (two interleaved columns: left, then right);
3. :mod:`.clean`: ligatures, control characters, odd spaces;
4. :mod:`.furniture`: running heads, footers and page numbers come out,
   :mod:`.front` the article's history, editor, correspondence and licence lines,
   and :mod:`.back` the authors' affiliations, how to cite it and a publisher's
   advertisement; :mod:`.floats` finds figures and tables by their captions;
5. :mod:`.labels`: each page's label (/PageLabels, printed numbers, position);
6. :mod:`.paragraphs` and :mod:`.dehyphenate`: lines become paragraphs, across
   columns and pages, with words broken at line ends mended; figures and tables
   go in as paragraphs of their own where they cut no sentence;
7. :mod:`.title`: the metadata title unless it is junk, else page 1's largest type.

:func:`preview_pdf` shows the result with page boundaries marked and the
report, to check an import before making it. See docs/importing-pdfs.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path

from ...errors import InputError, warn_input
from ...log import gc_paused
from ..normalise import normalise_text
from .bullets import has_lone_marks, mark_bullets
from .clean import clean_text
from .dehyphenate import Vocabulary
from .extract import RawPdf, read_pdf
from .floats import find_floats, page_map, place_floats, table_text
from .front import all_furniture
from .furniture import Furniture
from .labels import page_labels, page_of, printed_numbers
from .layout import Line, PdfPage
from .paragraphs import Flow, build
from .title import choose_title

Pages = tuple[tuple[int, str], ...]

__all__ = ["PdfImport", "extract_pdf", "import_raw", "preview_pdf", "Line", "PdfPage"]


@dataclass(frozen=True)
class PdfImport:
    """A PDF as a source: its text, page map, title, and what the importer did.

    ``pages`` is the page map of :class:`~synthesis.records.Source` (start
    offset, label); ``removed`` lists the furniture lines taken out as (page
    label, line); ``pages_without_text`` the positions (1-based) of pages that
    had no text layer; ``report`` says in plain words what was done.
    """

    text: str
    pages: Pages
    title: str
    removed: tuple[tuple[str, str], ...] = ()
    pages_without_text: tuple[int, ...] = ()
    report: tuple[str, ...] = ()


def page_list(numbers: Sequence[int]) -> str:
    """Page numbers with runs shortened: "pages 1-3, 7", "page 4".

    >>> page_list([1, 2, 3, 7]), page_list([4])
    ('pages 1-3, 7', 'page 4')
    """
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return ("pages " if len(numbers) > 1 else "page ") + ", ".join(parts)


def _has(numbers: Sequence[int]) -> str:
    return "have" if len(numbers) > 1 else "has"


def extract_pdf(path: str | Path) -> PdfImport:
    """Read the PDF at ``path`` as codable text (see the module's steps).

    Raises :class:`~synthesis.errors.InputError` when the file is protected,
    unreadable or has no text layer; warns (:func:`~synthesis.errors.warn_input`)
    when some pages have none.
    """
    path = Path(path)
    with gc_paused():
        return import_raw(read_pdf(path), path)


def import_raw(raw: RawPdf, path: str | Path) -> PdfImport:
    """Steps 3-7 on what :func:`~.extract.read_pdf` found (``path`` names the file in messages and titles)."""
    path = Path(path)
    if not raw.pages:
        raise InputError(path, "has no pages")
    empty = [page.number for page in raw.pages if not page.has_text]
    if len(empty) == len(raw.pages):
        raise InputError(path, f"{page_list(empty)} {_has(empty)} no text layer (a scanned document?); "
                         "run OCR (e.g. ocrmypdf) first")
    if empty:
        warn_input(path, f"{page_list(empty)} {_has(empty)} no text layer (scanned?) and "
                   f"{'were' if len(empty) > 1 else 'was'} left out; run OCR (e.g. ocrmypdf) first to include "
                   f"{'them' if len(empty) > 1 else 'it'}")
    pages, everything, ligatures, controls, bullets = _cleaned(raw.pages, raw.stripped)
    furniture = all_furniture(pages)
    gone: list[set[int]] = [set() for _ in pages]
    printed: list[set[int]] = [set() for _ in pages]
    kept: dict[tuple[int, int], str] = {}
    for item in furniture:
        gone[item.page].add(item.line)
        if item.keep:  # body text the extractor set on the furniture's line
            kept[item.page, item.line] = item.keep
        if item.repeated:  # a banner, licence or history line is no page number
            printed[item.page] |= printed_numbers(item.text)
    from_one = any(page_of(item.text) for item in furniture if item.repeated)
    labels = page_labels([page.label for page in raw.pages], printed, from_one)
    body = [_without(lines, gone[p], kept, p) for p, lines in enumerate(pages)]
    vocabulary = Vocabulary(everything)
    running, floats, inside, counts = _without_floats(body, raw.pages, vocabulary)
    flow, extras = place_floats(build(running, vocabulary), floats)
    text, moved = _normalised(flow.text, (*flow.page_starts, *(offset for offset, _ in extras)))
    starts = moved[:len(flow.page_starts)]
    if not text.strip():
        raise InputError(path, "has no text to code (only running heads, footers and page numbers)")
    pages_map = page_map(starts, [(o, p) for o, (_, p) in zip(moved[len(starts):], extras) if o is not None],
                         labels.labels)
    title, origin = choose_title(clean_text(raw.title).text, body[0] if body else (), [f.text for f in furniture])
    report = _report(raw, furniture, flow, ligatures, controls, labels.describe(), origin, empty, counts, len(inside),
                     bullets)
    removed = tuple((labels.labels[f.page], f.text) for f in furniture) + \
        tuple((labels.labels[p], line) for p, line in inside)
    return PdfImport(text, pages_map, title or path.stem, removed, tuple(empty), report)


def _without(lines: Sequence[Line], gone: set[int], kept: dict[tuple[int, int], str], page: int) -> list[Line]:
    """Page ``page``'s ``lines`` without the ``gone`` ones, but with the body text ``kept`` of those that had some.

    >>> [line.text for line in _without([Line("Head"), Line("Trust grew."), Line("12 Staff")], {0, 2}, {(3, 2): "Staff"}, 3)]
    ['Trust grew.', 'Staff']
    """
    out = list(lines)
    for i in sorted(gone, reverse=True):  # a few lines of a page: its furniture
        if (page, i) in kept:
            out[i] = out[i]._replace(text=kept[page, i])
        else:
            del out[i]
    return out


def _without_floats(body: Sequence[Sequence[Line]], pages: Sequence[PdfPage], vocabulary: Vocabulary
                    ) -> tuple[list[list[Line]], list[list[str]], list[tuple[int, str]], dict[str, int]]:
    """Each page's running text without its figures and tables; their texts, page by page; the words
    inside figures (page, line), left out; and how many figures and tables there were."""
    running: list[list[Line]] = []
    texts: list[list[str]] = []
    inside: list[tuple[int, str]] = []
    counts = {"figure": 0, "table": 0}
    for p, lines in enumerate(body):
        found = find_floats(lines, pages[p].width)
        taken = {i for item in found for i in item.lines}
        running.append([line for i, line in enumerate(lines) if i not in taken] if taken else list(lines))
        here = []
        for item in found:
            counts[item.kind] += 1
            caption = build([[lines[i] for i in item.caption]], vocabulary).text.replace("\n\n", " ")
            if item.kind == "table":
                here.append(table_text(lines, item, caption))
            else:
                here.append(caption)
                inside.extend((p, lines[i].text) for i in item.content)
        texts.append(here)
    return running, texts, inside, counts


def _cleaned(pages: Sequence[PdfPage], stripped: bool = False) -> tuple[list[list[Line]], str, int, int, int]:
    """Every page's lines with cleaned text (lines left empty dropped), all their text, and the counts of
    ligatures expanded, control characters dropped and bullets put back (:mod:`.bullets`).
    ``stripped``: no line's text has spaces at its ends.

    The whole text is checked at once; only when cleaning changes something are pages cleaned one by one.
    """
    lines = [list(page.lines) for page in pages]
    everything = "\n".join(map(itemgetter(0), chain.from_iterable(lines)))  # each line's text
    if everything.count("\n") != sum(map(len, lines)) - 1:  # a line with a line break of its own
        lines = [[line._replace(text=line.text.replace("\n", " ")) for line in page] for page in lines]
        everything = "\n".join([line.text for page in lines for line in page])
        stripped = False
    bullets = 0
    if has_lone_marks(everything):  # bullets the text layer gives as lines of their own
        marked = [mark_bullets(page) for page in lines]
        bullets = sum(n for _, n in marked)
        if bullets:
            lines = [page for page, _ in marked]
            everything = "\n".join([line.text for page in lines for line in page])
    whole = clean_text(everything, stripped)
    if whole.text == everything:
        return lines, everything, 0, 0, bullets
    out: list[list[Line]] = []
    for page in lines:
        texts = clean_text("\n".join([line.text for line in page])).text.split("\n") if page else []
        out.append([line if t == line.text else Line(t, *line[1:]) for line, t in zip(page, texts) if t.strip()])
    return out, whole.text, whole.ligatures, whole.controls, bullets


def _normalised(text: str, starts: Sequence[int | None]) -> tuple[str, tuple[int | None, ...]]:
    """The text as stored (NFC...), with page starts moved if normalising changed lengths.

    Cleaning made every line NFC without other line breaks, so this is only a check, unless
    joining two lines made a combination NFC composes.
    """
    if unicodedata.is_normalized("NFC", text) and "\r" not in text and not text.startswith("\ufeff"):
        return text, tuple(starts)
    fixed = normalise_text(text)
    if fixed == text:
        return text, tuple(starts)
    return fixed, tuple(None if s is None else len(normalise_text(text[:s])) for s in starts)


def _report(raw: RawPdf, furniture: Sequence[Furniture], flow: Flow, ligatures: int, controls: int,
            labels: str, origin: str, empty: Sequence[int], floats: dict[str, int] | None = None,
            inside: int = 0, bullets: int = 0) -> tuple[str, ...]:
    """What the import did, in plain words, one thing a line."""
    lines = [f"read {len(raw.pages)} page{'s' if len(raw.pages) != 1 else ''} with pypdfium2"]
    if empty:
        lines.append(f"{page_list(empty)} {_has(empty)} no text layer and {'were' if len(empty) > 1 else 'was'} left out")
    reordered = [page.number for page in raw.pages if page.reordered]
    if reordered:
        lines.append(f"read two interleaved columns left, then right on {page_list(reordered)}")
    first = sum(item.first_page and not item.kind for item in furniture)
    lines.append(f"removed {sum(item.repeated for item in furniture)} running heads/footers")
    if first:
        lines.append(f"removed {first} line{'s' if first != 1 else ''} of first-page furniture "
                     "(banner, licence, journal line)")
    front = sum(item.kind in ("history", "editor", "correspondence") for item in furniture)
    if front:
        lines.append(f"removed {front} line{'s' if front != 1 else ''} of article history, editor and "
                     "correspondence (dates received and published, e-mail, affiliation footnote)")
    affiliations = sum(item.kind == "affiliation" for item in furniture)
    if affiliations:
        lines.append(f"removed {affiliations} line{'s' if affiliations != 1 else ''} of author affiliations "
                     "(under the authors' names and in the author details at the end)")
    back = sum(item.kind in ("citation", "advertisement") for item in furniture)
    if back:
        lines.append(f"removed {back} line{'s' if back != 1 else ''} of back matter (how to cite the article, "
                     "its DOI, the publisher's advertisement)")
    later = sum(item.kind == "licence" for item in furniture)
    if later:
        lines.append(f"removed {later} line{'s' if later != 1 else ''} of a licence statement after page 1")
    floats = floats or {}
    if floats.get("figure") or floats.get("table"):
        what = " and ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(floats.items()) if n)
        lines.append(f"moved {what} out of the sentences they interrupted, to paragraphs of their own "
                     "(captions, and each table's rows one to a line)")
    if inside:
        lines.append(f"left out {inside} line{'s' if inside != 1 else ''} of words inside figures (labels, boxes)")
    lines.append(f"joined {flow.joined} hyphenated words")
    if flow.kept:
        lines.append(f"kept {flow.kept} hyphens of compounds at line ends")
    lines.append(f"replaced {ligatures} ligatures")
    lines.append(f"dropped {controls} control characters")
    if bullets:
        lines.append(f"put back {bullets} list bullet{'s' if bullets != 1 else ''} that the text layer gave as "
                     "unreadable marks on lines of their own")
    lines.append(f"{flow.paragraphs} paragraphs")
    lines.append(labels)
    if origin == "metadata":
        lines.append("title from the PDF's metadata")
    else:
        ignored = f" (metadata title {raw.title!r} ignored)" if raw.title else ""
        lines.append(("title from the largest type on page 1" if origin else "title from the file name") + ignored)
    return tuple(lines)


def preview_pdf(path: str | Path) -> str:
    """The text :func:`extract_pdf` makes of ``path``, page boundaries marked, then the report and removed lines.

    Meant for ``synthesis import --dry-run``: check an import before making it.
    """
    from .preview import render

    return render(extract_pdf(path))

