"""Opening a project as one reviewer, the way notebooks and apps do: one reviewer, one session.

A reviewer's log can be open for writing in one notebook or app at a time. When
it is open elsewhere, :func:`open_as` opens the project read-only and says so in
a sentence, instead of failing with a traceback; names are matched to the
existing reviewers ignoring case (``ag`` is ``AG``: one file on macOS and Windows).
Running the cell again in the same notebook (Run All twice, say) is not "elsewhere":
the new opening takes the log over from the earlier one, which is closed.

>>> import tempfile
>>> from synthesis import Project
>>> root = tempfile.mkdtemp()
>>> Project.init(root, reviewer="AG").close()
>>> first = open_as(root, "AG")
Working as AG.
>>> again = open_as(root, "AG")    # the same cell, run again
Working as AG.
>>> first.writing, again.writing
(False, True)
>>> again.close()
>>> elsewhere = Project.open(root, reviewer="AG")    # as another notebook holds it
>>> second = open_as(root, "AG")
AG's log is open in another notebook or app: this one opens read-only. Close the other one and run this cell again, or open this notebook as another reviewer.
>>> second.reviewer is None
True
>>> elsewhere.close(); second.close()
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path

from .errors import LogLockedError
from .hub import IdentityError, session_reviewer
from .log import check_reviewer
from .names import known_reviewer
from .project import Project


@dataclass(frozen=True)
class SignIn:
    """Who a session acts as, and what to tell the reviewer about it."""

    reviewer: str | None     # None: read-only
    message: str
    read_only: bool = False


#: The projects this process opened for writing through :func:`sign_in`, by (root, reviewer).
_OPENED: dict[tuple[Path, str], weakref.ref[Project]] = {}


def _take_over(root: str | os.PathLike[str], name: str) -> tuple[Path, str]:
    """Close an earlier opening of ``root`` as ``name`` in this process; returns its key.

    A notebook's cells run again in the same kernel (Run All twice, or the opening cell
    run again) must not find the reviewer's log held by their own earlier run."""
    key = (Path(root).resolve(), name)
    earlier = _OPENED.pop(key, None)
    project = earlier() if earlier is not None else None
    if project is not None and project.writing:
        project.close()
    return key


def log_reviewers(root: str | os.PathLike[str]) -> list[str]:
    """The reviewers who have a log in the project at ``root``."""
    return sorted(p.name[:-len(".jsonl")] for p in (Path(root) / "codebooks" / "logs").glob("*.jsonl"))


def sign_in(root: str | os.PathLike[str], reviewer: str) -> tuple[Project, SignIn]:
    """Open ``root`` as ``reviewer`` (matched ignoring case), read-only if the log is open elsewhere.

    Raises :class:`~synthesis.errors.ActionError` for a name that cannot be a reviewer id.
    Under JupyterHub the reviewer is the hub user (:mod:`synthesis.hub`): asking for
    anyone else opens the project read-only and says why.
    """
    try:
        reviewer = session_reviewer(root, reviewer) or ""
    except IdentityError as exc:
        return Project.open(root), SignIn(None, f"{exc} This notebook opens read-only.", read_only=True)
    name = check_reviewer(reviewer.strip())
    existing = known_reviewer(name, log_reviewers(root))
    note = ""
    if existing is not None and existing != name:
        note = f" ('{name}' is the existing reviewer {existing}: names ignore case)"
        name = existing
    key = _take_over(root, name)
    try:
        project = Project.open(root, reviewer=name)
    except LogLockedError:
        message = (f"{name}'s log is open in another notebook or app: this one opens read-only. Close the other "
                   "one and run this cell again, or open this notebook as another reviewer.")
        return Project.open(root), SignIn(None, message + note, read_only=True)
    _OPENED[key] = weakref.ref(project)
    return project, SignIn(name, f"Working as {name}.{note}")


def open_as(root: str | os.PathLike[str], reviewer: str) -> Project:
    """:func:`sign_in` for notebooks: prints the one-line message and returns the project."""
    project, signed = sign_in(root, reviewer)
    print(signed.message)
    return project
