"""The one piece ipywidgets cannot do: selecting a span of text with the mouse.

:class:`TextSpanWidget` shows a text cut into runs (each run covered by the same
codings), highlights every code on a run (:mod:`synthesis.highlight`: a slice of
tint per code behind the text, with the code's pattern, and an underline band per
code) with a tooltip naming codes and reviewers, and sends back the span the
user selects (code-point offsets), clicks on highlights and key presses.
Beside the text it draws coding stripes (one bar per coding over the lines it
covers, in its code's colour) and each stripe's code as a label beside the bars,
level with the stripe's first line, wrapped onto up to three lines in a gutter
as wide as the labels need (up to about a quarter of the widget); a paragraph
whose labels need more height than its text gets room below it. Hovering a
stripe or its label highlights its span and clicking it comes back as
:meth:`on_stripe`. Paragraphs are numbered in the margin, headings look like
headings, and Markdown bold (``**…**``) is drawn bold (:attr:`marks`).
It knows nothing about projects; :class:`~synthesis.widgets.coding_view.CodingView`
feeds it.

>>> w = TextSpanWidget(text="Trust grew.")
>>> clicks = []
>>> w.on_click(clicks.append)
>>> w._handle(w, {"type": "click", "offset": 3}, [])
>>> clicks
[3]
>>> picked = []
>>> w.on_stripe(picked.append)
>>> w._handle(w, {"type": "stripe", "coding": "K0001"}, [])
>>> picked
['K0001']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..highlight import highlight_look

HERE = Path(__file__).parent


class TextSpanWidget(anywidget.AnyWidget):
    """A text in which the user selects spans and clicks highlights."""

    _esm = HERE / "textspan.js"
    _css = HERE / "textspan.css"

    text = traitlets.Unicode("").tag(sync=True)
    #: ``[start, end, [coding ids]]`` runs covering the whole text
    runs = traitlets.List().tag(sync=True)
    #: coding id -> {"label", "colour", "reviewer", "start", "end", "ink" (text colour on "colour"), "pattern"}
    legend = traitlets.Dict().tag(sync=True)
    #: how runs are drawn (:meth:`synthesis.highlight.Look.as_json`), by the label, colour and pattern of
    #: their codings (:func:`look_key`); kept up to date from ``runs`` and ``legend``
    looks = traitlets.Dict().tag(sync=True)
    #: ``[start, end]`` of the selection, or ``[]``
    selection = traitlets.List().tag(sync=True)
    #: ``[start, kind]`` of each paragraph, in order; kind ``"h"`` for a heading, ``"p"`` otherwise
    paragraphs = traitlets.List().tag(sync=True)
    #: ``[start, end, kind]`` of Markdown bold in the text, in order: kind ``"bold"`` for words drawn
    #: bold, ``"marker"`` for the ``**`` around them, drawn out of sight (still in the text, so
    #: selections and highlights keep the offsets of the stored text)
    marks = traitlets.List().tag(sync=True)
    #: ids of the codings (keys of ``legend``) drawn as stripes beside the text
    stripes = traitlets.List().tag(sync=True)
    #: ``[start, end, n]``: scroll the text to this span (``n`` counts the jumps, so a
    #: second jump to the same place still scrolls)
    jump = traitlets.List().tag(sync=True)
    #: ``[start, end, words, current]`` of each sentence with suggested codes: outlined with a dashed
    #: line (never filled like a coding), ``words`` as its tooltip, ``current`` for the one keys act on
    hints = traitlets.List().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._click: list[Callable[[int], None]] = []
        self._key: list[Callable[[dict], None]] = []
        self._stripe: list[Callable[[str], None]] = []
        self.on_msg(self._handle)

    @traitlets.observe("runs", "legend")
    def _relook(self, _change: Any) -> None:
        self.looks = run_looks(self.runs, self.legend)

    def on_click(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(offset)`` when the user clicks a highlight."""
        self._click.append(callback)

    def on_stripe(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(coding_id)`` when the user clicks a coding stripe."""
        self._stripe.append(callback)

    def scroll_to(self, start: int, end: int) -> None:
        """Scroll the text so that ``[start, end)`` is in view."""
        count = self.jump[2] + 1 if len(self.jump) == 3 else 1
        self.jump = [int(start), int(end), count]

    def on_key(self, callback: Callable[[dict], None]) -> None:
        """Call ``callback({"key", "ctrl", "shift"})`` on a shortcut key."""
        self._key.append(callback)

    def _handle(self, _widget: Any, content: dict, _buffers: list) -> None:
        if content.get("type") == "click":
            for callback in self._click:
                callback(int(content["offset"]))
        elif content.get("type") == "stripe":
            for callback in self._stripe:
                callback(str(content["coding"]))
        elif content.get("type") == "key":
            for callback in self._key:
                callback(content)


def look_key(entries: list[dict]) -> str:
    r"""The key of a run's look: label, colour and pattern of each of its codings' entries in ``legend``,
    as ``textspan.js`` builds it (codings of the same codes share one look).

    >>> look_key([{"label": "Trust", "colour": "#E69F00"}, {"label": "Speed", "colour": "#E69F00", "pattern": "dots"}])
    'Trust\t#E69F00\t\nSpeed\t#E69F00\tdots'
    """
    return "\n".join(_key_part(e) for e in entries)


def _key_part(entry: dict) -> str:
    return f"{entry.get('label', '')}\t{entry.get('colour', '')}\t{entry.get('pattern') or ''}"


def run_looks(runs: list, legend: dict) -> dict[str, dict]:
    """How each coded run is drawn, by :func:`look_key`: every code on it
    (:func:`~synthesis.highlight.highlight_look`, codings missing from ``legend`` left out).

    >>> legend = {"K1": {"label": "Trust", "colour": "#E69F00", "pattern": ""},
    ...           "K2": {"label": "Speed", "colour": "#E69F00", "pattern": "dots"}}
    >>> looks = run_looks([[0, 5, ["K1", "K2"]], [5, 9, []], [9, 12, ["K2", "K9"]], [12, 15, ["K2"]]], legend)
    >>> [[layer[0] for layer in look["layers"]] for look in looks.values()]
    [['Trust', 'Speed'], ['Speed']]
    """
    looks: dict[str, dict] = {}
    parts = {coding_id: _key_part(entry) for coding_id, entry in legend.items()}
    for _start, _end, ids in runs:
        key = "\n".join(parts[i] for i in ids if i in parts)
        if key and key not in looks:
            looks[key] = highlight_look((e.get("label", ""), e.get("colour", ""), e.get("pattern", ""))
                                        for e in (legend[i] for i in ids if i in legend)).as_json()
    return looks
