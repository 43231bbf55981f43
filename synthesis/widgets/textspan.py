"""The one piece ipywidgets cannot do: selecting a span of text with the mouse.

:class:`TextSpanWidget` shows a text cut into runs (each run covered by the same
codings), highlights them one colour per code with stacked underlines for
overlaps and a tooltip naming codes and reviewers, and sends back the span the
user selects (code-point offsets), clicks on highlights and key presses.
Beside the text it draws coding stripes (one bar per coding over the lines it
covers, in its code's colour, labelled with the code); hovering a stripe
highlights its span and clicking it comes back as :meth:`on_stripe`. Paragraphs
are numbered in the margin and headings look like headings.
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

HERE = Path(__file__).parent


class TextSpanWidget(anywidget.AnyWidget):
    """A text in which the user selects spans and clicks highlights."""

    _esm = HERE / "textspan.js"
    _css = HERE / "textspan.css"

    text = traitlets.Unicode("").tag(sync=True)
    #: ``[start, end, [coding ids]]`` runs covering the whole text
    runs = traitlets.List().tag(sync=True)
    #: coding id -> {"label", "colour", "reviewer", "start", "end", "ink" (text colour on "colour")}
    legend = traitlets.Dict().tag(sync=True)
    #: ``[start, end]`` of the selection, or ``[]``
    selection = traitlets.List().tag(sync=True)
    #: ``[start, kind]`` of each paragraph, in order; kind ``"h"`` for a heading, ``"p"`` otherwise
    paragraphs = traitlets.List().tag(sync=True)
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
