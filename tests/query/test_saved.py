"""Saved queries: events holding a name, a kind and parameters, re-run on current data."""

from __future__ import annotations

import json

import pytest

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query import (
    delete_query, find_query, kinds, register_kind, run_query, run_saved, save_query, saved_queries,
)
from synthesis.query.saved import COLUMNS


@pytest.fixture
def project(tmp_path):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.add_text("Trust matters. Partners trusted each other.", title="Note", source_id="note")
        yield p


def test_text_kinds_are_registered():
    assert {"search", "words"} <= set(kinds())


def test_save_run_and_rerun_on_current_data(project):
    saved = save_query(project, "The trust search", "search", {"query": "trust*", "mode": "wildcard"})
    assert saved.params == {"mode": "wildcard", "query": "trust*"} and saved.saved_by == "AG"
    assert len(run_saved(project, "the TRUST  search")) == 2
    event = project.events[-1]
    assert event.type == "query.save" and set(event.data) == {"name", "kind", "params"}  # never results
    project.add_text("No trust left. Trust gone.", title="Later", source_id="later")
    assert len(run_saved(project, "The trust search")) == 4  # runs on today's corpus
    frame = saved_queries(project)
    assert list(frame.columns) == COLUMNS and frame["name"].tolist() == ["The trust search"]
    assert json.loads(frame["params"][0]) == {"mode": "wildcard", "query": "trust*"}


def test_words_query_and_replacing_a_saved_query(project):
    save_query(project, "Top words", "words", {"top": 2, "by": "word"})
    assert run_saved(project, "Top words")["word"].tolist() == ["matters", "partners"]  # ties: a to z
    save_query(project, "top words", "words", {"top": 1})
    assert len(saved_queries(project)) == 1 and len(run_saved(project, "Top words")) == 1


def test_saved_queries_survive_reopening_and_undo(project):
    save_query(project, "Trust", "search", {"query": "trust"})
    save_query(project, "Partners", "search", {"query": "partner", "mode": "lemma"})
    delete_query(project, "Trust")
    assert saved_queries(project)["name"].tolist() == ["Partners"]
    project.undo()
    assert saved_queries(project)["name"].tolist() == ["Partners", "Trust"]
    root = project.root
    project.close()
    with Project.open(root) as again:
        assert saved_queries(again)["name"].tolist() == ["Partners", "Trust"]
        assert len(run_saved(again, "Partners")) == 1
        assert not again.problems


def test_clear_errors(project):
    with pytest.raises(ActionError, match="unknown kind of query 'telepathy'"):
        save_query(project, "X", "telepathy", {})
    with pytest.raises(ActionError, match="plain values"):
        save_query(project, "X", "search", {"query": object()})
    with pytest.raises(ActionError, match="needs a name"):
        save_query(project, "  ", "search", {"query": "x"})
    with pytest.raises(ActionError, match="no saved query named 'Nothing'"):
        run_saved(project, "Nothing")
    with pytest.raises(ActionError, match="no saved query"):
        delete_query(project, "Nothing")
    with pytest.raises(ActionError, match="takes only"):
        run_query(project, "search", {"query": "x", "colour": "red"})
    with pytest.raises(ActionError, match="takes only"):
        run_query(project, "words", {"size": 3})
    with pytest.raises(ActionError, match="needs 'query'"):
        run_query(project, "search", {})


def test_a_registered_kind_runs(project):
    import pandas as pd

    register_kind("count-sources", lambda p, params: pd.DataFrame({"n": [len(p.sources) * params["times"]]}))
    try:
        save_query(project, "How many", "count-sources", {"times": 2})
        assert run_saved(project, "How many")["n"].tolist() == [2]
        assert find_query(project, "how many").kind == "count-sources"
    finally:
        from synthesis.query import saved

        saved._KINDS.pop("count-sources")
    with pytest.raises(ActionError, match="unknown kind of query 'count-sources'"):
        run_saved(project, "How many")
    with pytest.raises(ValueError):
        register_kind("", lambda p, q: None)


def test_read_only_project_cannot_save(tmp_path, project):
    with Project.open(project.root) as reader:
        with pytest.raises(ActionError, match="read-only"):
            save_query(reader, "X", "search", {"query": "x"})
