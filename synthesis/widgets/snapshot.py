"""What a saved notebook shows for a view before it is run again.

A widget's output is a live view of a model in the kernel; a notebook opened later
(or on a web page) has no kernel, and shows the output's ``text/plain`` fallback,
which ipywidgets fills with the widget's ``repr`` (``CodingView(children=(...``).
:func:`mimebundle` keeps the live view and puts a readable summary in its place,
with an HTML snapshot for viewers that show HTML.

>>> import ipywidgets as w
>>> bundle = mimebundle(w.VBox(), "Coding view: 3 codes", "<p>Coding view</p>")
>>> bundle["text/plain"], bundle["text/html"]
('Coding view: 3 codes', '<p>Coding view</p>')
>>> "application/vnd.jupyter.widget-view+json" in bundle
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .markup import esc

#: The line a snapshot ends with.
RUN_AGAIN = "Run this cell to open the live view."


def mimebundle(widget: w.Widget, text: str, html: str, **kwargs: Any) -> dict[str, Any]:
    """``widget``'s display data with ``text`` and ``html`` (markup built with
    :func:`~synthesis.widgets.markup.esc`) as what shows without a kernel."""
    bundle = dict(w.DOMWidget._repr_mimebundle_(widget, **kwargs) or {})
    bundle["text/plain"] = text
    bundle["text/html"] = html
    return bundle


def card(title: str, lines: list[str]) -> str:
    """A snapshot as HTML: ``title`` and ``lines`` (plain text, escaped here).

    >>> card("Coding view <NT>", ["58 of 642 sentences coded"])
    '<div class="qs-snapshot" style="border:1px solid #ccc;padding:6px 10px"><b>Coding view &lt;NT&gt;</b><br>58 of 642 sentences coded<br><small>Run this cell to open the live view.</small></div>'
    """
    body = "".join(f"{esc(line)}<br>" for line in lines)
    return (f'<div class="qs-snapshot" style="border:1px solid #ccc;padding:6px 10px"><b>{esc(title)}</b><br>'
            f"{body}<small>{RUN_AGAIN}</small></div>")
