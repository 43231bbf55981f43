"""Saved queries: a named question a team can run again on the current data.

A saved query is an event (``query.save``) holding its name, its kind and its
parameters, never its results; ``query.delete`` retires it. Saving under a name
in use replaces that query (the latest save is in force); undo works as for any
action. Each kind of query registers how it runs with :func:`register_kind`.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust matters. Trust was built.", title="Note", source_id="note")
>>> _ = save_query(p, "the trust search", "search", {"query": "trust"})
>>> saved_queries(p)[["name", "kind", "saved_by"]]
               name    kind saved_by
0  the trust search  search       AG
>>> len(run_saved(p, "The trust search"))
2
>>> delete_query(p, "the trust search")
>>> len(saved_queries(p))
0
>>> p.close()
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ActionError
from ..names import problem_with_text
from ..records import Event
from ..state import Rejected, State, handles

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

Runner = Callable[["Project", Mapping[str, Any]], "pd.DataFrame"]
_KINDS: dict[str, Runner] = {}
COLUMNS = ["name", "kind", "params", "saved_by", "saved_at", "event_id"]


@dataclass(frozen=True)
class SavedQuery:
    """A query as saved: its name, kind and parameters (a JSON object)."""

    name: str
    kind: str
    params: Mapping[str, Any]
    saved_by: str = ""
    saved_at: str = ""
    event_id: str = ""


def register_kind(kind: str, run: Runner) -> None:
    """Say how queries of ``kind`` run: ``run(project, params) -> DataFrame``.

    >>> register_kind("nothing", lambda project, params: None)
    >>> "nothing" in kinds()
    True
    >>> _ = _KINDS.pop("nothing")
    """
    if not isinstance(kind, str) or not kind.strip():
        raise ValueError("a query kind is a non-empty name")
    if not callable(run):
        raise TypeError(f"the runner of query kind {kind!r} must be callable")
    _KINDS[kind] = run


def kinds() -> list[str]:
    """The kinds of query that can be saved and run, sorted."""
    _load_kinds()
    return sorted(_KINDS)


def _load_kinds() -> None:
    from importlib import import_module

    import_module("synthesis.query")  # its modules register their kinds on import


# ------------------------------------------------------------------ events
def _queries(state: State) -> dict[str, SavedQuery]:
    return state.extra.setdefault("queries", {})


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@handles("query.save")
def _query_save(state: State, event: Event) -> None:
    d = event.data
    name, kind, params = d["name"], d["kind"], d["params"]
    if not isinstance(name, str) or not name.strip():
        raise Rejected("query.save: a saved query needs a name")
    if not isinstance(kind, str) or not isinstance(params, dict):
        raise Rejected("query.save: the kind must be text and the parameters an object")
    _queries(state)[_key(name)] = SavedQuery(" ".join(name.split()), kind, params,
                                             event.reviewer, event.time, event.id)


@handles("query.delete")
def _query_delete(state: State, event: Event) -> None:
    key = _key(str(event.data["name"]))
    if key not in _queries(state):
        raise Rejected(f"query.delete: no saved query named {event.data['name']!r}")
    del _queries(state)[key]


# ------------------------------------------------------------------ actions
def find_query(project: "Project", name: str) -> SavedQuery:
    """A saved query by name (case and spacing ignored)."""
    found = project.state.extra.get("queries", {}).get(_key(str(name)))
    if found is None:
        names = ", ".join(repr(q.name) for q in project.state.extra.get("queries", {}).values()) or "none"
        raise ActionError(f"no saved query named {name!r} (saved queries: {names})")
    return found


def save_query(project: "Project", name: str, kind: str, params: Mapping[str, Any]) -> SavedQuery:
    """Save (or replace) the query ``name``: its kind and parameters, not its results."""
    name = " ".join(str(name).split())
    if not name:
        raise ActionError("a saved query needs a name")
    problem = problem_with_text(name, "a query name")
    if problem:
        raise ActionError(problem)
    if kind not in kinds():
        raise ActionError(f"unknown kind of query {kind!r}; known kinds: {', '.join(kinds())}")
    try:
        plain = json.loads(json.dumps(dict(params), sort_keys=True))
    except (TypeError, ValueError) as exc:
        raise ActionError(f"the parameters of query {name!r} must be plain values (text, numbers, "
                          f"lists): {exc}") from None
    project.record("query.save", {"name": name, "kind": kind, "params": plain})
    return find_query(project, name)


def delete_query(project: "Project", name: str) -> None:
    """Retire a saved query (undo brings it back)."""
    project.record("query.delete", {"name": find_query(project, name).name})


def saved_queries(project: "Project") -> "pd.DataFrame":
    """One row per saved query in force, sorted by name; ``params`` as JSON text."""
    import pandas as pd

    rows = [{"name": q.name, "kind": q.kind, "params": json.dumps(q.params, sort_keys=True),
             "saved_by": q.saved_by, "saved_at": q.saved_at, "event_id": q.event_id}
            for q in sorted(project.state.extra.get("queries", {}).values(), key=lambda q: q.name.casefold())]
    return pd.DataFrame(rows, columns=COLUMNS)


def run_query(project: "Project", kind: str, params: Mapping[str, Any]) -> "pd.DataFrame":
    """Run a query of ``kind`` with ``params`` on the project's current data."""
    _load_kinds()
    run = _KINDS.get(kind)
    if run is None:
        raise ActionError(f"unknown kind of query {kind!r}; known kinds: {', '.join(sorted(_KINDS))}")
    return run(project, params)


def run_saved(project: "Project", name: str) -> "pd.DataFrame":
    """Run the saved query ``name`` again on the current data."""
    query = find_query(project, name)
    return run_query(project, query.kind, query.params)
