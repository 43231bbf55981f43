"""Saving imported studies and sources into a project, all or nothing.

Readers (``studies.py``, ``sources.py``) parse and validate a whole file
into records first; only then do these functions write, so a bad file
changes nothing already saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..records import Source, Study
from . import store

if TYPE_CHECKING:
    from ..project import Project


def save_sources(project: "Project", items: Iterable[tuple[Source, str]]) -> list[Source]:
    """Write sources (text and metadata) and refresh the project."""
    items = list(items)
    for source, text in items:
        store.write_source(project.root, source, text)
    project._corpus_changed()
    return [project.sources[s.source_id] for s, _ in items]


def save_studies(project: "Project", studies: Iterable[Study]) -> list[Study]:
    """Add or replace studies by id and refresh the project."""
    studies = list(studies)
    merged = dict(project.studies)
    merged.update({s.study_id: s for s in studies})
    store.write_studies(project.root, merged)
    project._corpus_changed()
    return [project.studies[s.study_id] for s in studies]
