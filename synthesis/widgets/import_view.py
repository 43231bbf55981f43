"""A file shown as it would be imported, for checking before the import (notebook 01).

The same content as ``synthesis import --dry-run FILE`` (:mod:`synthesis.corpus.preview`),
as HTML: the text page by page under its page labels, then, for a PDF, what the
importer changed and the running heads, footers and page numbers it took out of
the flow. Every piece of the file's text is escaped (:func:`~.markup.esc`).

>>> import pathlib, tempfile
>>> notes = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> _ = notes.write_text("[p. 3] Trust <b>grew</b>.\\n[p. 4] Then it went.")
>>> page = preview_html(notes)
>>> "page 3" in page and "Trust &lt;b&gt;grew&lt;/b&gt;." in page and "<b>grew" not in page
True
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import ipywidgets as w

from ..corpus.preview import preview
from ..corpus.sources import DOCUMENT_SUFFIXES, read_source
from ..errors import InputWarning
from .markup import esc

_BOX = "max-height:28em;overflow:auto;border:1px solid #ccc;padding:4px 8px"
_PAGE = "margin:6px 0 2px 0;padding:1px 4px;background:#eee;font-size:85%;color:#333"
_TEXT = "white-space:pre-wrap;font-family:serif;margin:0"


def _pages_html(text: str, pages: tuple[tuple[int, str], ...]) -> str:
    bounds = [*pages, (len(text), "")] if pages else [(0, ""), (len(text), "")]
    out = []
    if pages and pages[0][0] > 0:
        out.append(f'<p style="{_TEXT}">{esc(text[:pages[0][0]].strip())}</p>')
    for (start, label), (end, _) in zip(bounds, bounds[1:]):
        if pages:
            out.append(f'<div style="{_PAGE}">page {esc(label)}</div>')
        out.append(f'<p style="{_TEXT}">{esc(text[start:end].strip())}</p>')
    return f'<div style="{_BOX}">{"".join(out)}</div>'


def preview_html(path: str | os.PathLike[str], *, kind: str | None = None, encoding: str | None = None) -> str:
    """HTML of what importing ``path`` would bring in (nothing is written).

    Documents show their text page by page; a PDF also what the importer changed and
    removed; a table (``kind`` "studies" or "extracts") the records it holds.
    """
    path = Path(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        if kind in (None, "sources") and path.suffix.lower() in DOCUMENT_SUFFIXES:
            if path.suffix.lower() == ".pdf":
                from ..corpus.pdf import extract_pdf

                done = extract_pdf(path)
                text, pages, title = done.text, done.pages, done.title
                report, removed = done.report, done.removed
            else:
                source, text = read_source(path, encoding=encoding)
                pages, title, report, removed = source.pages, source.title, (), ()
            body = _pages_html(text, pages)
        else:
            body = f'<pre style="{_BOX}">{esc(preview(path, kind=kind, encoding=encoding))}</pre>'
            text, pages, title, report, removed = "", (), "", (), ()
    said = [str(warning.message) for warning in caught if issubclass(warning.category, InputWarning)]
    n_pages = len(pages) or 1
    head = f"<b>{esc(path.name)}</b>"
    if title:
        head += (f": &lsquo;{esc(title)}&rsquo;, {n_pages} page{'' if n_pages == 1 else 's'}, "
                 f"{len(text):,} characters")
    parts = [f"<div>{head}</div>", body]
    if report:
        items = "".join(f"<li>{esc(line)}</li>" for line in report)
        parts.append(f"<div><b>What the importer did</b><ul>{items}</ul></div>")
    if removed:
        left = 'style="text-align:left"'  # lines of text read from the left (notebooks right-align cells)
        rows = "".join(f"<tr><td {left}>{esc(label)}</td><td {left}>{esc(line)}</td></tr>" for label, line in removed)
        parts.append(f'<details><summary><b>Taken out of the text</b>: {len(removed)} running heads, footers '
                     f'and page numbers</summary><table><tr><th {left}>page</th><th {left}>line</th></tr>{rows}'
                     '</table></details>')
    for message in said:
        parts.append(f'<div style="color:#D55E00">Warning: {esc(message)}</div>')
    return '<div class="qs-import-preview">' + "\n".join(parts) + "</div>"


def preview_view(path: str | os.PathLike[str], *, kind: str | None = None,
                 encoding: str | None = None) -> w.HTML:
    """:func:`preview_html` as a widget."""
    return w.HTML(preview_html(path, kind=kind, encoding=encoding))
