"""The one place to change how figures look, and how they are saved.

Everything is applied through :func:`style` (a :func:`matplotlib.rc_context`), never by
changing matplotlib's global state. Sizes are journal sizes: figures are 85 mm
(single column) or 175 mm (double column) wide and the text is set in points at
final size. Colours are Okabe & Ito's colour-blind-safe palette (see
:mod:`synthesis.palette`).

Saving is deterministic: the same figure gives the same bytes (SVG keeps its text as
text with a fixed hash salt and no date; PDF embeds TrueType fonts and has no date).

>>> width_inches("single"), round(width_inches("double"), 3)
(3.3464566929133857, 6.89)
>>> RC["svg.fonttype"], RC["pdf.fonttype"]
('none', 42)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import matplotlib
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from ..palette import PALETTE

MM = 1 / 25.4
"""Inches per millimetre."""
WIDTHS_MM = {"single": 85.0, "double": 175.0}
"""Journal column widths (Elsevier, Frontiers, BMC and most others are within a few mm)."""
FORMATS = ("svg", "pdf", "png")
DPI = 300
CREATOR = "synthesis workbench (matplotlib)"

FONT = "DejaVu Sans"
"""Shipped with matplotlib, so the same text has the same metrics on every machine."""
BASE = 7.0
"""Body text size in points at final size (journals ask for 6-8 pt)."""
SMALL = 6.0
TITLE = 8.0

INK = "#222222"
MUTED = "#555555"
FAINT = "#BBBBBB"
WARN = "#D55E00"
"""Okabe-Ito vermillion: used for discrepancy notes."""

OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000",
}
THEME_COLOURS: tuple[str, ...] = PALETTE
"""One colour per theme, in order (Okabe-Ito first, then Paul Tol's muted scheme)."""
SEQUENTIAL = "Blues"
"""Colour map for counts (single hue: readable in grey scale and under colour-vision deficiencies)."""
LIKERT = {
    "strongly agree": "#0072B2", "agree": "#56B4E9",
    "disagree": "#E69F00", "strongly disagree": "#D55E00", "cannot say": "#BBBBBB",
}

RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": BASE,
    "axes.titlesize": TITLE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": BASE,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(PALETTE[:8])),
    "xtick.labelsize": SMALL + 0.5,
    "ytick.labelsize": SMALL + 0.5,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "legend.fontsize": SMALL + 0.5,
    "legend.frameon": False,
    "text.color": INK,
    "lines.linewidth": 1.0,
    "patch.linewidth": 0.6,
    "figure.dpi": 150,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": DPI,
    "savefig.bbox": None,          # keep the exact journal width
    "svg.fonttype": "none",        # text stays text (editable, searchable)
    "svg.hashsalt": "synthesis-figures",
    "svg.image_inline": True,
    "pdf.fonttype": 42,            # embed TrueType fonts
    "ps.fonttype": 42,
    "pdf.compression": 6,
    "path.simplify": False,
}


@contextlib.contextmanager
def style(**overrides: object) -> Iterator[None]:
    """The house style as a context: ``with style(): ...`` (overrides win)."""
    with matplotlib.rc_context({**RC, **overrides}):
        yield


def width_inches(width: str | float) -> float:
    """A figure width in inches: "single", "double" or a number of millimetres."""
    if isinstance(width, str):
        if width not in WIDTHS_MM:
            raise ValueError(f"width must be 'single', 'double' or millimetres, not {width!r}")
        return WIDTHS_MM[width] * MM
    if not 20 <= float(width) <= 300:
        raise ValueError(f"a figure width of {width} mm is not plausible (20-300 mm)")
    return float(width) * MM


def new_figure(width: str | float, height_mm: float) -> Figure:
    """A figure with an Agg canvas (no pyplot, no global state) at journal size."""
    with style():
        fig = Figure(figsize=(width_inches(width), height_mm * MM), dpi=float(RC["figure.dpi"]))  # type: ignore[arg-type]
    FigureCanvasAgg(fig)
    return fig


def text_colour_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.22 else "#FFFFFF"


def save(fig: Figure, stem: str | os.PathLike[str], formats: Sequence[str] = FORMATS,
         alt_text: str | None = None, caption: str | None = None) -> list[Path]:
    """Write ``fig`` as ``stem.svg``/``.pdf``/``.png`` (and ``stem.txt`` alt text, ``stem.caption.txt``
    the caption for the paper); same data, same bytes.

    Returns the paths written, in the order of ``formats`` (alt text, then caption, last).
    """
    stem = Path(stem)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown figure format {unknown[0]!r}: use {', '.join(FORMATS)}")
    stem.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "svg": {"Date": None, "Creator": CREATOR},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": CREATOR, "Producer": "matplotlib"},
        "png": {"Software": CREATOR},
    }
    written = []
    with style():
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            tmp = path.with_name(path.name + ".tmp")
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=metadata[fmt])
            os.replace(tmp, path)
            written.append(path)
    if alt_text is not None:
        path = stem.with_suffix(".txt")
        path.write_text(alt_text.strip() + "\n", encoding="utf-8", newline="\n")
        written.append(path)
    if caption is not None:
        path = stem.with_name(stem.name + ".caption.txt")
        path.write_text(caption.strip() + "\n", encoding="utf-8", newline="\n")
        written.append(path)
    return written
