"""Text normalisation, decoding and page markers.

Stored text is NFC-normalised UTF-8 with ``\\n`` newlines and no byte-order
mark; offsets count code points of that text.

>>> normalise_text("Cafe\\u0301\\r\\nline two\\rthree")
'Café\\nline two\\nthree'
>>> text, pages = strip_page_markers("[p. 7] First page.\\n[pp. 8-9] Second page.")
>>> text
'First page.\\nSecond page.'
>>> pages
((0, '7'), (12, '8-9'))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
# "[p. 10]", "[pp. 8-10]", "[page 3]" anywhere; a form feed also starts a page.
PAGE_MARKER = re.compile(r"\[(?:pp?\.|pages?)\s*([0-9ivxlcdm]+(?:\s*[-\u2013]\s*[0-9ivxlcdm]+)?)\]\s?", re.I)


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no byte-order mark."""
    text = text.lstrip("\ufeff")  # every leading mark, so that normalising twice changes nothing
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))


def decode(raw: bytes, file: str | Path, encoding: str | None = None) -> str:
    """Decode bytes as UTF-8 (or ``encoding``), naming the line of a bad byte."""
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(file, f"cannot be read as {encoding}: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise InputError(
            file,
            f"is not UTF-8 (byte 0x{byte:02x} cannot be decoded; the file was probably "
            "saved as Windows-1252/cp1252). Save it as UTF-8, or import it with "
            "encoding='cp1252' (--encoding cp1252)",
            line=line,
            unit="line",
        ) from None


def strip_page_markers(text: str, first_page: str | None = None) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Remove ``[p. N]`` markers and form feeds; return the text and its page map.

    A form feed starts the next page number after the previous numeric page.
    """
    pages: list[tuple[int, str]] = []
    if first_page is not None:
        pages.append((0, first_page))
    out: list[str] = []
    length = 0
    pos = 0
    pattern = re.compile(PAGE_MARKER.pattern + r"|\f", re.I)
    for match in pattern.finditer(text):
        chunk = text[pos : match.start()]
        out.append(chunk)
        length += len(chunk)
        if match.group(0) == "\f":
            label = _next_page(pages)
        else:
            label = re.sub(r"\s*[-\u2013]\s*", "-", match.group(1))
        if pages and pages[-1][0] == length:
            pages[-1] = (length, label)
        else:
            pages.append((length, label))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), tuple(pages)


def _next_page(pages: list[tuple[int, str]]) -> str:
    if not pages:
        return "2"
    last = pages[-1][1].split("-")[-1]
    return str(int(last) + 1) if last.isdigit() else ""


def page_at(pages: tuple[tuple[int, str], ...], offset: int) -> str:
    """The page label of the character at ``offset`` ('' when unknown).

    >>> page_at(((0, "7"), (12, "8")), 12)
    '8'
    """
    label = ""
    for start, name in pages:
        if start > offset:
            break
        label = name
    return label


def page_range(pages: tuple[tuple[int, str], ...], start: int, end: int) -> str:
    """The page label(s) a span covers, "8" or "8-10".

    >>> page_range(((0, "8"), (20, "9"), (40, "10")), 5, 45)
    '8-10'

    A table printed on page 5 may follow the end of a sentence that ran on to page 7:
    the range goes from the lower page to the higher.

    >>> page_range(((0, "4"), (20, "7"), (40, "5")), 25, 45)
    '5-7'
    """
    first = page_at(pages, start)
    last = page_at(pages, max(start, end - 1))
    if not first or first == last:
        return first
    low, high = first.split('-')[0], last.split('-')[-1]
    if low.isdigit() and high.isdigit() and int(low) > int(high):
        low, high = high, low
    return f"{low}-{high}"


def cite_pages(label: str) -> str:
    """'p. 10' or 'pp. 8-10' for a page label.

    >>> cite_pages("10"), cite_pages("8-10"), cite_pages("")
    ('p. 10', 'pp. 8-10', '')
    """
    if not label:
        return ""
    return f"pp. {label}" if "-" in label else f"p. {label}"


def page_runs(labels: Iterable[str]) -> list[str]:
    """Page labels in order, each once: numbers sorted with runs joined ("40-41") and ranges such as
    "521-522" spread; other labels ("ii", "A3") after them in their own order; blanks left out.

    >>> page_runs(["514", "521", "", "521-522", "524", "523"])
    ['514', '521-524']
    >>> page_runs(["36", "41", "40", "ii", "36"])
    ['36', '40-41', 'ii']
    """
    numbers: set[int] = set()
    others: list[str] = []
    for label in labels:
        label = label.strip()
        parts = [part.strip() for part in label.split("-")]
        if len(parts) <= 2 and all(part.isdigit() for part in parts) and int(parts[0]) <= int(parts[-1]) \
                and int(parts[-1]) - int(parts[0]) < 10_000:
            numbers.update(range(int(parts[0]), int(parts[-1]) + 1))
        elif label and label not in others:
            others.append(label)
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs] + others


def pages_covered(labels: Iterable[str]) -> str:
    """The pages a source covers, for its heading: "p. 36", "pp. 36, 40-41" (see :func:`page_runs`).

    >>> pages_covered(["514", "521", "", "521-522", "524", "523"])
    'pp. 514, 521-524'
    >>> pages_covered(["36", "41", "40"]), pages_covered(["7"]), pages_covered(["ii", "iii", "1"]), pages_covered([])
    ('pp. 36, 40-41', 'p. 7', 'pp. 1, ii, iii', '')
    """
    shown = page_runs(labels)
    if not shown:
        return ""
    return f"p. {shown[0]}" if len(shown) == 1 and "-" not in shown[0] else f"pp. {', '.join(shown)}"
