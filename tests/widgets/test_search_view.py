"""The search view driven as a user drives it, without a browser: type, choose, click."""

from __future__ import annotations

import pytest

from synthesis import Project
from synthesis.corpus.importing import save_studies
from synthesis.records import Study
from synthesis.widgets import CodingView, SearchView
from synthesis.widgets.search_view import SHOWN

TEXT = ("The case manager met the social worker. Trust grew over time.\n\n"
        "Both partners trusted the <b>plan</b> & each other.")


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="NT")
    save_studies(p, [Study("green2012", "Green & Dicks, 2012"), Study("other", "Other <i>et al.</i>, 2020")])
    p.add_text(TEXT, title="Green extracts", source_id="green", study_id="green2012", pages=((0, "10"), (63, "11")))
    p.add_text("Nothing to find in this one. Trust me.", title="Other", source_id="other", study_id="other")
    p.create_code("Trust")
    yield p
    p.close()


def searched(project, query: str, mode: str = "words", **choices) -> SearchView:
    view = SearchView(project)
    view.query.value, view.mode.value = query, mode
    for name, value in choices.items():
        setattr(getattr(view, name), "value", value)
    view.search_button.click()
    return view


def test_search_lists_hits_in_context_with_citation(project):
    view = searched(project, "trust*", "wildcard")
    assert len(view.hits) == 3
    first = view.results.options[0][0]
    assert "[Trust]" in first and first.startswith("(Green & Dicks, 2012; p. 10)")
    # the citations are padded to one width, so every match starts in one column
    assert len({label.index("[") for label, _ in view.results.options}) == 1
    assert "3 hits</b> in 2 sources" in view.summary.value
    view.results.value = (1,)
    assert "<b>trusted</b>" in view.preview.value and "p. 11" in view.preview.value
    assert "&lt;b&gt;plan&lt;/b&gt; &amp;" in view.preview.value  # data is escaped, never markup


def test_scope_by_study_and_code(project):
    view = searched(project, "trust*", "wildcard", studies=("other",))
    assert view.hits["source_id"].tolist() == ["other"]
    view.studies.value = ()
    trust = project.code("Trust")
    project.apply_code("green", 40, 61, trust)
    view.refresh()
    view.within.value = trust.code_id
    view.search_button.click()
    assert view.hits[["source_id", "start"]].values.tolist() == [["green", 40]]


def test_code_chosen_hits_spread_to_sentences_and_undo_as_one(project):
    view = searched(project, "trust*", "wildcard")
    view.results.value = (0, 1)
    view.code.label = "Trust"
    view.spread.value = "sentence"
    view.code_button.click()
    quotes = sorted(c.quote for c in project.codings.values())
    assert quotes == ["Both partners trusted the <b>plan</b> & each other.", "Trust grew over time."]
    assert "coded 2 spans with Trust" in view.status.value
    view.undo_button.click()
    assert not project.codings and "undone" in view.status.value


def test_select_all_takes_every_hit_even_unlisted(project):
    text = " ".join(["trust."] * (SHOWN + 20))
    project.add_text(text, title="Many", source_id="many")
    view = searched(project, "trust")
    assert len(view.hits) == SHOWN + 22 and len(view.results.options) == SHOWN
    assert "the first 500 are listed" in view.summary.value
    view.select_all.click()
    assert len(view.chosen()) == SHOWN + 22
    view.results.value = (0,)
    assert view.chosen() == [0]
    view.clear.click()
    assert view.chosen() == []


def test_errors_show_in_the_status_line(project):
    view = searched(project, "tru(st", "regex")
    assert "Error: the regular expression" in view.status.value and view.hits is None
    view = searched(project, "trust")
    view.code_button.click()
    assert "choose the hits to code first" in view.status.value
    view.results.value = (0,)
    view.code_button.click()
    assert "choose a code first" in view.status.value


def test_a_hit_opens_in_the_coding_view_selected(project):
    coding = CodingView(project)
    coding.session.go_to("other")
    view = SearchView(project, coding_view=coding)
    view.query.value, view.mode.value = "trusted", "words"
    view.search_button.click()
    view.results.value = (0,)  # a click on the hit
    assert coding.session.source_id == "green"
    at = TEXT.index("trusted")  # 77
    assert coding.session.selection == (at, at + 7) and coding.text.selection == [at, at + 7]
    assert coding.text.jump[:2] == [at, at + 7]  # scrolled to it
    coding.search.value = "Trust"
    coding.apply_button.click()
    (made,) = project.codings.values()
    assert (made.source_id, made.start, made.end, made.quote) == ("green", at, at + 7, "trusted")


def test_open_button_makes_a_coding_view_when_there_is_none(project):
    view = searched(project, "trust")
    view.results.value = (0,)
    assert view.coding_view is None  # a click alone opens nothing when no view is attached
    view.open_button.click()
    assert view.coding_view is not None and view.viewer.children == (view.coding_view,)
    assert view.coding_view.session.selection == (40, 45)


def test_read_only_project_searches_but_offers_no_coding(project):
    with Project.open(project.root) as reader:
        view = searched(reader, "trust")
        assert len(view.hits) == 2
        assert view.code_button not in [c for box in view.children for c in getattr(box, "children", ())]


def test_a_code_made_meanwhile_is_offered_at_the_next_search(project):
    view = searched(project, "trust")
    project.create_code("Made in the coding view")
    view.search_button.click()
    assert "Made in the coding view" in [label for label, _ in view.code.options]


def test_read_only_the_view_says_so_reads_hits_in_context_and_has_a_snapshot(project):
    reader = Project.open(project.root)
    view = SearchView(reader)
    assert view.open_button not in view.children[5].children and "reviewer initials" in view.status.value
    view.query.value, view.mode.value = "trust*", "wildcard"
    view.search_button.click()
    view.results.value = (0,)
    assert "<b>Trust</b>" in view.preview.value  # read where it is, here
    bundle = view._repr_mimebundle_()
    assert "SearchView(" not in bundle["text/plain"] and "3 hits for “trust*” in 2 sources" in bundle["text/html"]
    assert "Run this cell" in bundle["text/plain"]
    mine = SearchView(project)._repr_mimebundle_()
    assert "NT codes the hits" in mine["text/html"]
