"""The theme stage of thematic synthesis: codes -> descriptive themes -> analytical themes.

Importing this package registers the theme events with the fold
(:mod:`synthesis.themes.events`). Actions are in :mod:`~synthesis.themes.api`,
tidy tables in :mod:`~synthesis.themes.tables`, file exports in
:mod:`~synthesis.themes.export`. Nothing here imports :mod:`synthesis.project`
or pandas at import time, so the project module can import this package cheaply
(``counts``, ``export_table`` and ``render_table`` load the tables on first use).

>>> from synthesis.themes import COMPONENTS
>>> COMPONENTS[-1]
'overall'
"""

from . import events
from .api import (
    assign, create_group, create_theme, delete_group, delete_theme, judge, link, merge_themes, move,
    rename_theme, set_exemplar, set_quote_kind, unassign, unlink, unset_exemplar, update_theme,
)
from .events import COMPONENTS, CONCERNS, CONFIDENCE, KINDS, LEVELS, Element, Group, Judgement, Theme
from .query import (
    Branch, Hierarchy, Tree, codes_of, contributing_studies, descriptive_of, exemplars, find_group,
    find_theme, groups, hierarchy, judgements, parents, problems, quote_kind, stale, supporting_codings,
    themes,
)

_LAZY = {"counts": "tables", "export_table": "export", "render_table": "export"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "events", "Theme", "Group", "Element", "Judgement", "Hierarchy", "Tree", "Branch",
    "LEVELS", "KINDS", "COMPONENTS", "CONCERNS", "CONFIDENCE",
    "create_theme", "update_theme", "rename_theme", "delete_theme", "merge_themes", "assign",
    "unassign", "move", "set_exemplar", "unset_exemplar", "set_quote_kind", "create_group",
    "delete_group", "link", "unlink", "judge",
    "themes", "find_theme", "hierarchy", "codes_of", "descriptive_of", "parents", "supporting_codings",
    "contributing_studies",
    "exemplars", "quote_kind", "groups", "find_group", "judgements", "stale", "problems",
    "counts", "export_table", "render_table",
]
