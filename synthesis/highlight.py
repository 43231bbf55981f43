"""How a span coded with several codes is drawn: every code shows, and its text stays readable.

A highlighted span is drawn in layers, one per code on it, in the order given:

- behind the text the span is cut into as many horizontal slices as it has codes; each slice
  is tinted with its code's colour and, for a code drawn with a pattern
  (:data:`~synthesis.palette.PATTERNS`), carries that pattern in the same colour, faint
  enough that the text keeps WCAG AA contrast (4.5:1) on the darkest pixel, on JupyterLab's
  light and dark backgrounds alike;
- under the text, one underline band per code in its full colour, its pattern drawn in
  black or white, whichever contrasts more with the colour, as on the coding stripes.

So two codes of one colour on one span still look different, and a code's pattern shows
whichever place it has in the span's list.

>>> look = highlight_look([("Trust", "#E69F00", ""), ("Speed", "#E69F00", "stripes")])
>>> [(l.label, l.pattern, l.ink) for l in look.layers], look.band
([('Trust', '', '#000000'), ('Speed', 'stripes', '#000000')], 4)
>>> look.layers[1].shade > 0 and min(text_contrast(l.colour, l.darkest) for l in look.layers) >= AA
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .palette import PATTERNS, contrast, safe_colour, text_colour

#: (background, text) of the pages a text is shown on: JupyterLab's light and dark themes
PAGES: tuple[tuple[str, str], ...] = (("#FFFFFF", "#111111"), ("#111111", "#FFFFFF"))

#: the contrast the text keeps on every pixel of a highlight: WCAG AA (4.5:1), with a little to
#: spare for the blending a browser rounds
AA = 4.6

#: how strongly a code's colour tints the text behind it, at most
TINT = 0.22

#: how strongly tint and pattern together cover the text behind it, at most
DARKEST = 0.45


def blend(under: str, over: str, alpha: float) -> str:
    """``over`` laid on ``under`` with opacity ``alpha``, as a browser composites colours.

    >>> blend("#FFFFFF", "#000000", 0.5), blend("#FFFFFF", "#E69F00", 0)
    ('#808080', '#FFFFFF')
    """
    a, b = safe_colour(under), safe_colour(over)
    channels = (round(int(a[i:i + 2], 16) * (1 - alpha) + int(b[i:i + 2], 16) * alpha) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02X}" for c in channels)


def text_contrast(colour: str, alpha: float) -> float:
    """The lowest contrast of the text on ``colour`` laid over the page with opacity ``alpha``,
    over every page in :data:`PAGES`.

    >>> round(text_contrast("#332288", 0), 1), text_contrast("#332288", 0.9) < 4.5
    (18.9, True)
    """
    return min(contrast(text, blend(page, colour, alpha)) for page, text in PAGES)


def strongest(colour: str, most: float) -> float:
    """The largest opacity up to ``most`` (in hundredths) at which ``colour`` keeps the text at
    :data:`AA` contrast on every page.

    >>> strongest("#F0E442", 0.22), strongest("#F0E442", 0.9), strongest("#222255", 0.9)
    (0.22, 0.48, 0.59)
    """
    alpha = round(most, 2)
    while alpha > 0 and text_contrast(colour, alpha) < AA:
        alpha = round(alpha - 0.01, 2)
    return max(alpha, 0.0)


@dataclass(frozen=True)
class Layer:
    """One code on a highlighted span."""

    label: str
    colour: str   #: the code's display colour
    pattern: str  #: "" or one of :data:`~synthesis.palette.PATTERNS`
    ink: str      #: black or white on ``colour``: the pattern on the underline band
    tint: float   #: opacity of ``colour`` behind the text
    shade: float  #: opacity of the pattern, in ``colour``, over the tint (0 without a pattern)

    @property
    def darkest(self) -> float:
        """The opacity of ``colour`` where the pattern lies on the tint."""
        return 1 - (1 - self.tint) * (1 - self.shade)

    def as_json(self) -> list:
        return [self.label, self.colour, self.pattern, self.ink, self.tint, self.shade]


@dataclass(frozen=True)
class Look:
    """How one span is drawn: its codes' layers, and the height of each underline band in pixels."""

    layers: tuple[Layer, ...]
    band: int

    def as_json(self) -> dict:
        """The look as the text widget's page reads it."""
        return {"layers": [layer.as_json() for layer in self.layers], "band": self.band}


@lru_cache(maxsize=4096)
def layer(label: str, colour: str, pattern: str = "") -> Layer:
    """A code's layer: its tint and pattern as strong as the text's contrast allows.

    >>> layer("Trust", "#E69F00")
    Layer(label='Trust', colour='#E69F00', pattern='', ink='#000000', tint=0.22, shade=0.0)
    >>> dark = layer("Late", "#222255", "cross")
    >>> dark.ink, dark.shade > 0, text_contrast(dark.colour, dark.darkest) >= AA
    ('#FFFFFF', True, True)
    """
    colour = safe_colour(colour)
    pattern = pattern if pattern in PATTERNS else ""
    tint = strongest(colour, TINT)
    shade = 0.0
    if pattern:
        darkest = strongest(colour, DARKEST)
        shade = max(0.0, round(1 - (1 - darkest) / (1 - tint) - 0.005, 2))  # rounded down
    return Layer(label, colour, pattern, text_colour(colour), tint, shade)


def highlight_look(codes: Iterable[tuple[str, str, str]]) -> Look:
    """The look of a span coded with ``codes`` (label, display colour, pattern), first code first;
    a code given twice (applied by two reviewers) is drawn once.

    >>> highlight_look([("A", "#E69F00", ""), ("A", "#E69F00", "")]).layers == (layer("A", "#E69F00"),)
    True
    >>> [highlight_look([(str(n), "#E69F00", "") for n in range(k)]).band for k in (1, 3, 6)]
    [4, 3, 2]
    """
    seen: dict[tuple[str, str, str], Layer] = {}
    for label, colour, pattern in codes:
        key = (str(label), safe_colour(colour).upper(), pattern)
        if key not in seen:
            seen[key] = layer(str(label), colour, pattern)
    layers = tuple(seen.values())
    return Look(layers, 4 if len(layers) <= 2 else 3 if len(layers) <= 4 else 2)
