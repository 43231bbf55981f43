"""Widgets: thin views over the UI-free core."""

from .coding_view import CodingView
from .textspan import TextSpanWidget

__all__ = ["CodingView", "TextSpanWidget"]
