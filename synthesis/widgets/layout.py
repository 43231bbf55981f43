"""Layouts the widgets share.

ipywidgets gives every widget 2 px margins at each side, so a widget ``100%`` wide is 4 px wider
than its box, which then shows a horizontal scroll bar with nothing to scroll to.
:func:`full_width` is as wide as the box and no wider.

>>> layout = full_width(height="8em")
>>> layout.width, layout.margin, layout.height
('100%', '2px 0px', '8em')
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w


def full_width(**more: Any) -> w.Layout:
    """A layout as wide as the box around it, without the side margins that would overflow it."""
    return w.Layout(width="100%", margin="2px 0px", **more)
