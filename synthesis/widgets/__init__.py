"""Widgets: thin views over the UI-free core."""

from .check_view import CheckView, QueueView
from .code_tree import CodeTree
from .coding_view import CodingView
from .cooccurrence_view import CooccurrenceView
from .matrix_view import MatrixView
from .search_view import SearchView
from .textspan import TextSpanWidget
from .theme_board import ThemeBoard

__all__ = ["CodingView", "SearchView", "CheckView", "QueueView", "ThemeBoard", "TextSpanWidget",
           "MatrixView", "CooccurrenceView", "CodeTree"]
