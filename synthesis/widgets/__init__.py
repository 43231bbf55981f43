"""Widgets: thin views over the UI-free core."""

from .check_view import CheckView, QueueView
from .coding_view import CodingView
from .textspan import TextSpanWidget

__all__ = ["CodingView", "CheckView", "QueueView", "TextSpanWidget"]
