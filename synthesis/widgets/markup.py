"""The few pieces of HTML the widgets build, with every piece of data escaped.

``ipywidgets.HTML`` puts its value into the page as HTML (``innerHTML``), and
labels, definitions, memos, citations, titles, reviewer names and colours all
come from files a teammate, an import or an editor wrote. So no data string
goes into markup without :func:`esc`, and no colour goes into a ``style``
attribute unless it is a hex colour (:func:`~synthesis.palette.safe_colour`).

>>> esc('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
>>> swatch('red" onmouseover="alert(1)').count('"'), "background:#999999;" in swatch('red" onmouseover="alert(1)')
(2, True)
>>> status("a code labelled '<b>' exists already", error=True)
'<span style="color:#D55E00">Error: a code labelled &#x27;&lt;b&gt;&#x27; exists already</span>'
"""

from __future__ import annotations

import html

from ..palette import NEUTRAL, pattern_css, safe_colour, text_colour

#: The colour of error messages (Okabe & Ito's vermilion).
ERROR = "#D55E00"


def esc(value: object) -> str:
    """``value`` as text that is safe inside HTML elements and quoted attributes.

    >>> esc("Green & Dicks, 2012 ‘p. 8’"), esc(None), esc(3)
    ('Green &amp; Dicks, 2012 ‘p. 8’', 'None', '3')
    >>> esc("it's \\"quoted\\"")
    'it&#x27;s &quot;quoted&quot;'
    """
    return html.escape(str(value), quote=True)


def swatch(colour: object, fallback: str = NEUTRAL) -> str:
    """A small square of ``colour`` (``fallback`` if it is not a hex colour).

    >>> print(swatch("#E69F00").replace(";", ";\\n"))
    <span style="display:inline-block;
    width:10px;
    height:10px;
    background:#E69F00;
    border:1px solid #333;
    vertical-align:middle"></span>
    """
    return (f'<span style="display:inline-block;width:10px;height:10px;background:{safe_colour(colour, fallback)};'
            'border:1px solid #333;vertical-align:middle"></span>')


def pattern_swatch(colour: object, pattern: str = "") -> str:
    """A code's colour with its pattern (:data:`~synthesis.palette.PATTERNS`) as a small square,
    for codes beyond the palette's size; a plain :func:`swatch` when there is no pattern.

    >>> pattern_swatch("#E69F00") == swatch("#E69F00")
    True
    >>> "repeating-linear-gradient(45deg, #000000" in pattern_swatch("#E69F00", "stripes")
    True
    """
    image = pattern_css(pattern, text_colour(safe_colour(colour)))
    if not image:
        return swatch(colour)
    return (f'<span style="display:inline-block;width:12px;height:12px;background-color:{safe_colour(colour)};'
            f'background-image:{image};{"background-size:5px 5px;" if pattern == "dots" else ""}'
            'border:1px solid #333;vertical-align:middle"></span>')


def code_chip(label: str, colour: object, pattern: str = "") -> str:
    """A code's label on its display colour, text black or white (WCAG AA), its pattern as a swatch.

    >>> code_chip("Trust <b>", "#332288")
    '<span style="background:#332288;color:#FFFFFF;padding:1px 6px;border-radius:3px;white-space:normal">Trust &lt;b&gt;</span>'
    """
    colour = safe_colour(colour)
    ink = text_colour(colour)
    mark = pattern_swatch(colour, pattern) + " " if pattern_css(pattern, ink) else ""
    return (f'<span style="background:{colour};color:{ink};padding:1px 6px;border-radius:3px;'
            f'white-space:normal">{mark}{esc(label)}</span>')


def tint(colour: object, share: float) -> str:
    """``colour`` mixed with white, ``share`` of it kept: a light background under dark text.

    >>> tint("#000000", 0.25), tint("red", 0.5)
    ('#BFBFBF', '#CCCCCC')
    """
    hexes = safe_colour(colour)[1:]
    if len(hexes) == 3:
        hexes = "".join(c + c for c in hexes)
    channels = (round(255 - (255 - int(hexes[i:i + 2], 16)) * share) for i in (0, 2, 4))
    return "#" + "".join(f"{c:02X}" for c in channels)


def status(message: str, *, error: bool = False) -> str:
    """A status line: ``message`` escaped, red and "Error: ..." when ``error``.

    >>> status("coded with Trust & respect")
    '<span style="color:#333">coded with Trust &amp; respect</span>'
    >>> status("")
    ''
    """
    if not message and not error:
        return ""
    return f'<span style="color:{ERROR if error else "#333"}">{"Error: " if error else ""}{esc(message)}</span>'
