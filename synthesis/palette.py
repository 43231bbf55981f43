"""Colour-blind-safe colours for codes.

The first eight are Okabe & Ito's palette (2008), distinguishable under the
common colour-vision deficiencies; then Paul Tol's "muted" scheme. Colour is
never the only cue: every view also shows the code's label.

>>> colour_for(0), colour_for(1)
('#E69F00', '#56B4E9')
>>> colour_for(len(PALETTE)) == colour_for(0)
True
"""

from __future__ import annotations

from .names import is_colour

PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)


def colour_for(index: int) -> str:
    """The palette colour for the ``index``-th code."""
    return PALETTE[index % len(PALETTE)]


#: The colour views show for a code whose colour is missing or not a colour.
NEUTRAL = "#999999"


def safe_colour(value: object, fallback: str = NEUTRAL) -> str:
    """``value`` if it is a ``#rrggbb`` or ``#rgb`` colour, else ``fallback``.

    Views put code colours into ``style`` attributes and CSS; a colour read from
    a log or an import is any string, so anything else is never passed on.

    >>> safe_colour("#E69F00"), safe_colour("#abc")
    ('#E69F00', '#abc')
    >>> safe_colour('red" onmouseover="alert(1)'), safe_colour("", "#56B4E9"), safe_colour(None)
    ('#999999', '#56B4E9', '#999999')
    >>> safe_colour("#E69F00\\n"), safe_colour("red")
    ('#999999', '#999999')
    """
    if is_colour(value):
        return value  # type: ignore[return-value]
    if not is_colour(fallback):
        return NEUTRAL  # a fallback from data is checked too
    return fallback
