"""Colour-blind-safe colours for codes, and text that stays readable on them.

The first eight are Okabe & Ito's palette (2008), distinguishable under the
common colour-vision deficiencies; then Paul Tol's "muted" scheme. Colour is
never the only cue: every view also shows the code's label.

Views show codes in :data:`DISPLAY_PALETTE` (these 17, then more of Paul Tol's
colours, each at least 14 CIELAB units from every other), through
:func:`code_colours`: a colour a reviewer chose for a code is shown as chosen; the
other codes are shared out by the colours they were made with: a code keeps its colour
unless an older code was made with it; then it gets a colour no
other code has, and once the palette is used up, one that no code sharing a span with it
has. A new code is given a colour no code has (:func:`unused_colour`). Text on a colour is black or white, whichever
contrasts more (:func:`text_colour`); that is always at least 4.5:1 (WCAG AA).

>>> colour_for(0), colour_for(1)
('#E69F00', '#56B4E9')
>>> colour_for(len(PALETTE)) == colour_for(0)
True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from .names import is_colour

PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)


#: The colours views give codes: :data:`PALETTE`, then colours from Paul Tol's bright,
#: vibrant, dark, light and rainbow schemes that stay apart from every earlier one.
DISPLAY_PALETTE: tuple[str, ...] = PALETTE + (
    "#CCBB44", "#EE3377", "#CC3311", "#BBCC33", "#EE8866", "#FFAABB", "#222255", "#225555", "#225522",
    "#666633", "#663333", "#BBCCEE", "#CCDDAA", "#004488", "#994455", "#997700", "#F1932D", "#F6C141",
    "#90C987", "#4EB265", "#72190E", "#A5170E",
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


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` or ``#rgb`` colour (0 black, 1 white).

    >>> luminance("#000000"), luminance("#fff")
    (0.0, 1.0)
    """
    hexes = safe_colour(colour)[1:]
    if len(hexes) == 3:
        hexes = "".join(c + c for c in hexes)
    r, g, b = (_linear(int(hexes[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white).

    >>> round(contrast("#000000", "#FFFFFF"), 1), round(contrast("#000000", "#332288"), 2)
    (21.0, 1.73)
    """
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever is more readable on ``background``.

    >>> text_colour("#332288"), text_colour("#F0E442")
    ('#FFFFFF', '#000000')
    """
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def code_colours(codes: list[tuple[str, str]], overlaps: Iterable[tuple[str, str]] = (),
                 chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """The colour each code is shown in: the colour a reviewer chose for it; otherwise distinct
    up to the palette's size, and never shared with a code it overlaps while any other colour is left.

    ``codes`` are ``(code id, the colour it was made with)`` oldest first; ``overlaps`` are
    pairs of codes applied to overlapping spans; ``chosen`` maps codes to the colours
    reviewers chose for them. A chosen colour is shown as it is, even when another code has
    it (:func:`code_patterns` then draws a pattern over the newer one), and moves no other
    code: the others are shared out by the colours they were made with. A code keeps that
    colour unless an older code has it; then it gets a :data:`DISPLAY_PALETTE` colour nobody
    has, looked for from a place in the palette of its own (worked out from its id), so that
    merging or deleting a code moves at most the few codes near it, never all.

    >>> code_colours([("a", "#E69F00"), ("b", "#E69F00"), ("c", "#56B4E9")])
    {'a': '#E69F00', 'b': '#009E73', 'c': '#56B4E9'}
    >>> code_colours([("a", "#E69F00"), ("b", "#56B4E9")], chosen={"b": "#e69f00"})
    {'a': '#E69F00', 'b': '#E69F00'}
    >>> many = [(str(i), "#E69F00") for i in range(len(DISPLAY_PALETTE) + 1)]
    >>> shown = code_colours(many, [("0", str(len(DISPLAY_PALETTE)))])
    >>> len(set(shown.values())), shown["0"] != shown[str(len(DISPLAY_PALETTE))]
    (39, True)
    """
    neighbours: dict[str, set[str]] = {}
    for a, b in overlaps:
        if a != b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    shown: dict[str, str] = {}
    taken: set[str] = set()
    for code_id, own in codes:  # the oldest code made with a colour keeps it
        colour = safe_colour(own, "").upper()
        if is_colour(colour) and colour not in taken:
            shown[code_id] = colour
            taken.add(colour)
    uses: dict[str, int] = {}
    for colour in shown.values():
        uses[colour] = uses.get(colour, 0) + 1
    size = len(DISPLAY_PALETTE)
    for code_id, _ in codes:
        if code_id in shown:
            continue
        start = zlib.crc32(code_id.encode("utf-8")) % size
        colour = next((c for c in DISPLAY_PALETTE[start:] + DISPLAY_PALETTE[:start] if c not in taken), "")
        if not colour:  # the palette is used up: avoid every colour a neighbour has, then the least used
            near = {shown[n] for n in neighbours.get(code_id, ()) if n in shown}
            colour = min(DISPLAY_PALETTE, key=lambda c: (c in near, uses.get(c, 0)))
        shown[code_id] = colour
        taken.add(colour)
        uses[colour] = uses.get(colour, 0) + 1
    for code_id, colour in (chosen or {}).items():
        if code_id in shown and is_colour(safe_colour(colour, "")):
            shown[code_id] = colour.upper()
    return {code_id: shown[code_id] for code_id, _ in codes}


def unused_colour(owned: Iterable[str], index: int) -> str:
    """A colour for a new code: the first of :data:`DISPLAY_PALETTE` no code has (``owned``:
    the codes' colours), or :func:`colour_for` ``index`` once every one is taken.

    >>> unused_colour([], 0), unused_colour(["#e69f00"], 1), unused_colour(DISPLAY_PALETTE, 40) == colour_for(40)
    ('#E69F00', '#56B4E9', True)
    """
    have = {str(c).upper() for c in owned}
    return next((c for c in DISPLAY_PALETTE if c not in have), colour_for(index))


#: Patterns drawn over a code's colour once the palette is used up, so that two codes of one
#: colour still look different: "" (plain), then stripes, dots and cross-hatching. Views draw
#: them with CSS gradients (class ``qs-pat-<name>``), never with images from data.
PATTERNS: tuple[str, ...] = ("", "stripes", "dots", "cross", "back-stripes", "grid")


def code_patterns(shown: dict[str, str]) -> dict[str, str]:
    """The pattern each code is drawn with: plain for the first code of each colour, then the
    next pattern for each further code of that colour (``shown``: code id -> display colour,
    oldest first, as :func:`code_colours` gives), so every code has its own colour and pattern
    up to ``len(DISPLAY_PALETTE) * len(PATTERNS)`` codes.

    >>> code_patterns({"a": "#E69F00", "b": "#56B4E9", "c": "#E69F00", "d": "#e69f00"})
    {'a': '', 'b': '', 'c': 'stripes', 'd': 'dots'}
    """
    uses: dict[str, int] = {}
    found = {}
    for code_id, colour in shown.items():
        key = colour.upper()
        found[code_id] = PATTERNS[uses.get(key, 0) % len(PATTERNS)]
        uses[key] = uses.get(key, 0) + 1
    return found


def pattern_css(pattern: str, ink: str) -> str:
    """A CSS ``background-image`` drawing ``pattern`` in ``ink`` ("" for none or an unknown pattern).

    >>> pattern_css("", "#000000"), pattern_css("stripes", "#000000")[:26]
    ('', 'repeating-linear-gradient(')
    >>> pattern_css("stripes", 'red" onclick="x')
    'repeating-linear-gradient(45deg, #999999 0 2px, transparent 2px 6px)'
    """
    ink = safe_colour(ink)
    forms = {
        "stripes": f"repeating-linear-gradient(45deg, {ink} 0 2px, transparent 2px 6px)",
        "back-stripes": f"repeating-linear-gradient(-45deg, {ink} 0 2px, transparent 2px 6px)",
        "dots": f"radial-gradient({ink} 1.5px, transparent 1.6px)",
        "cross": (f"repeating-linear-gradient(45deg, {ink} 0 1px, transparent 1px 5px), "
                  f"repeating-linear-gradient(-45deg, {ink} 0 1px, transparent 1px 5px)"),
        "grid": (f"repeating-linear-gradient(0deg, {ink} 0 1px, transparent 1px 5px), "
                 f"repeating-linear-gradient(90deg, {ink} 0 1px, transparent 1px 5px)"),
    }
    return forms.get(pattern, "")
