"""Measuring and wrapping text by its rendered size.

Diagrams are laid out in points (1/72 inch) at final size: :class:`Measure` gives the
width and height of a text in points as matplotlib will draw it, and :func:`wrap`
breaks a label into lines no wider than a width in points (not a number of characters).

>>> from synthesis.figures.style import new_figure
>>> measure = Measure(new_figure("single", 40))
>>> lines = wrap("Regular, open, clear communication between stakeholders", 60, measure, 7)
>>> all(measure.width(line, 7) <= 60 for line in lines), len(lines) > 1
(True, True)
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import FONT

LINESPACING = 1.2


class Measure:
    """Sizes of texts in points, as ``fig``'s renderer draws them (cached)."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self._scale = 72.0 / fig.dpi
        self._cache: dict[tuple, tuple[float, float]] = {}

    def size(self, text: str, fontsize: float, weight: str = "normal",
             linespacing: float = LINESPACING) -> tuple[float, float]:
        """(width, height) of ``text`` (one or more lines) in points."""
        key = (text, fontsize, weight, linespacing)
        if key not in self._cache:
            artist = Text(0, 0, text, fontsize=fontsize, fontweight=weight, fontfamily=FONT,
                          linespacing=linespacing)
            artist.set_figure(self.fig)
            box = artist.get_window_extent(self.renderer)
            self._cache[key] = (box.width * self._scale, box.height * self._scale)
        return self._cache[key]

    def width(self, text: str, fontsize: float, weight: str = "normal") -> float:
        return self.size(text, fontsize, weight)[0]

    def height(self, text: str, fontsize: float, weight: str = "normal",
               linespacing: float = LINESPACING) -> float:
        return self.size(text, fontsize, weight, linespacing)[1]


def wrap(text: str, width: float, measure: Measure, fontsize: float, weight: str = "normal") -> list[str]:
    """Break ``text`` at spaces into lines at most ``width`` points wide.

    A single word wider than ``width`` stays whole on its own line. Non-breaking spaces
    (U+00A0) hold words together.
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in (w for w in paragraph.split(" ") if w):
            candidate = f"{line} {word}" if line else word
            if line and measure.width(candidate, fontsize, weight) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines
