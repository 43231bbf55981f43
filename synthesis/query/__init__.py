"""Asking the corpus questions: text search, word frequencies, coding from search hits, coding
and matrix queries, code co-occurrence, and saved queries (a saved query is an event holding its parameters, re-run on current data).

>>> from synthesis.query import saved_queries, search
>>> search.__name__, saved_queries.__name__
('search', 'saved_queries')
"""

from . import saved
from .saved import (
    SavedQuery, delete_query, find_query, kinds, register_kind, run_query, run_saved, save_query, saved_queries,
)
from .hits import SPREADS, code_hits, spans_of
from .search import MODES, scope, search, sort_hits
from .words import stop_words, word_frequencies
from .coding_query import coded_and, coded_near, coded_not, coded_or, coding_query
from .cooccurrence import Cooccurrence, cooccurrence, cooccurrence_table, pair_quotations
from .matrix import Matrix, matrix

__all__ = [
    "saved", "SavedQuery", "register_kind", "kinds", "save_query", "delete_query", "find_query",
    "saved_queries", "run_query", "run_saved",
    "search", "MODES", "scope", "sort_hits", "code_hits", "spans_of", "SPREADS",
    "word_frequencies", "stop_words",
    "coding_query", "coded_and", "coded_or", "coded_not", "coded_near",
    "cooccurrence", "cooccurrence_table", "pair_quotations", "Cooccurrence", "matrix", "Matrix",
]
