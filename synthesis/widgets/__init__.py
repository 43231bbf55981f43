"""Widgets: thin views over the UI-free core."""

from .check_view import CheckView, QueueView
from .coding_view import CodingView
from .textspan import TextSpanWidget
from .theme_board import ThemeBoard

__all__ = ["CodingView", "CheckView", "QueueView", "ThemeBoard", "TextSpanWidget"]
