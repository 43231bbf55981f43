"""The pandas views: columns, counts, citations and ordering."""

from __future__ import annotations

import pandas as pd
import pytest

from synthesis import Project, views
from synthesis.corpus.importing import save_studies
from synthesis.records import Study


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "review", reviewer="NT")
    save_studies(p, [Study("green2012", "Green and Dicks, 2012", year=2012, design="qualitative")])
    p.add_text("First page text. Trust grew.\n\nSecond page: respect mattered.", title="Findings",
               source_id="green", study_id="green2012", pages=((0, "9"), (30, "10")))
    yield p
    p.close()


def test_codings_view_has_citation_page_and_reviewer(project):
    trust = project.create_code("Trust")
    respect = project.create_code("Respect")
    project.apply_code("green", 17, 28, trust)
    text = project.text("green")
    start = text.index("respect")
    project.apply_code("green", start, start + 7, [respect, trust])
    frame = views.codings(project)
    assert list(frame["code"]) == ["Trust", "Respect", "Trust"]
    assert list(frame["page"]) == ["9", "10", "10"]
    assert frame.loc[0, "cite"] == "(Green and Dicks, 2012; p. 9)"
    assert set(frame["reviewer"]) == {"NT"}
    assert (frame["quote"] == [text[s:e] for s, e in zip(frame["start"], frame["end"])]).all()


def test_codes_view_counts(project):
    trust = project.create_code("Trust", definition="d")
    project.create_code("Unused")
    project.apply_code("green", 17, 28, trust)
    project.apply_code("green", 0, 16, trust)
    frame = views.codes(project).set_index("label")
    assert frame.loc["Trust", "n_codings"] == 2
    assert frame.loc["Trust", "n_studies"] == 1
    assert frame.loc["Unused", "n_codings"] == 0


def test_studies_sources_segments_memos(project):
    code = project.create_code("Trust")
    project.write_memo("code", code.code_id, "why")
    project.write_memo("source", "green", "a case study")
    assert views.studies(project).loc[0, "n_sources"] == 1
    assert views.studies(project)["year"].dtype == pd.Int64Dtype()
    sources = views.sources(project)
    assert sources.loc[0, "citation"] == "Green and Dicks, 2012"
    assert sources.loc[0, "pages"] == "9-10"
    segs = views.segments(project)
    assert list(segs["text"]) == ["First page text.", "Trust grew.", "Second page: respect mattered."]
    assert list(segs["page"]) == ["9", "9", "10"]
    memos = views.memos(project)
    assert set(memos["about"]) == {"Trust", "Findings"}


def test_events_and_info(project):
    project.create_code("Trust")
    project.undo()
    assert list(views.events(project)["type"]) == ["code.create", "undo"]
    counts = views.info(project)
    assert counts == {"studies": 1, "sources": 1, "segments": 3, "codes": 0, "codings": 0,
                      "reviewers": 1, "memos": 0, "events": 2, "problems": 0,
                      "descriptive_themes": 0, "analytical_themes": 0}


def test_empty_project_views_have_columns(tmp_path):
    p = Project.init(tmp_path / "empty")
    assert list(views.codings(p).columns)[:3] == ["coding_id", "code_id", "code"]
    assert views.codes(p).empty and views.memos(p).empty and views.problems(p).empty
