"""Colleagues' work appearing while a project is open.

:func:`watch` gives the one :class:`Watcher` of an open project: it polls the
logs folder (one ``stat`` per log), folds other reviewers' new events in
incrementally through :meth:`synthesis.project.Project.refresh`, and calls the
views that subscribed with a :class:`Change` that says who changed what, in
reviewer words (:func:`describe`).
"""

from .summary import describe, summarise
from .watcher import Change, Watcher, watch

__all__ = ["Change", "Watcher", "describe", "summarise", "watch"]
