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

PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)


def colour_for(index: int) -> str:
    """The palette colour for the ``index``-th code."""
    return PALETTE[index % len(PALETTE)]
