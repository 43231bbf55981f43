"""The coding view driven as a user drives it, without a browser:
set widget values, click buttons, send the messages the front end sends."""

from __future__ import annotations

import pytest

from synthesis import Project
from synthesis.corpus.importing import save_studies
from synthesis.records import Study
from synthesis.widgets import CodingView

TEXT = "The case manager met the social worker. Trust grew over time.\n\nBoth partners acted quickly."


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="NT")
    save_studies(p, [Study("green2012", "Green and Dicks, 2012")])
    p.add_text(TEXT, title="Green extracts", source_id="green", study_id="green2012", pages=((0, "10"),))
    p.add_text("Second source text. Another sentence.", title="Guide", source_id="guide")
    yield p
    p.close()


def select(view: CodingView, start: int, end: int) -> None:
    view.text.selection = [start, end]  # what the front end sets on mouse-up


def test_select_create_apply_and_highlight(project):
    view = CodingView(project)
    select(view, 41, 46)
    assert "Trust" in view.selected.value
    view.search.value = "Trust building"
    view.definition.value = "Trust grows between partners"
    view.create_button.click()
    (coding,) = project.codings.values()
    assert coding.quote == "Trust" and project.codes[coding.code_id].definition == "Trust grows between partners"
    assert [r for r in view.text.runs if r[2]] == [[40, 45, ["" + coding.coding_id]]] or \
        any(r[2] == [coding.coding_id] for r in view.text.runs)
    assert view.text.legend[coding.coding_id]["label"] == "Trust building"
    assert view.search.value == ""  # ready for the next code
    assert view.progress.value == 1


def test_palette_typeahead_and_apply_several(project):
    project.create_code("Trust")
    project.create_code("Time for partnership")
    project.create_code("Respect", definition="valuing each other's expertise")
    view = CodingView(project)
    view.search.value = "expert"
    assert [label for label, _ in view.matches.options] == ["Respect (0)"]
    view.search.value = ""
    select(view, 0, 39)
    ids = [project.code("Trust").code_id, project.code("Time for partnership").code_id]
    view.matches.value = tuple(ids)
    view.apply_button.click()
    assert sorted(c.code_id for c in project.codings.values()) == sorted(ids)
    assert len(view.recent.children) == 2
    select(view, 47, 61)
    view.recent.children[0].click()  # a recently used code, one click
    assert len(project.codings) == 3


def test_create_existing_label_is_disabled_and_errors_are_shown(project):
    project.create_code("Trust")
    view = CodingView(project)
    view.search.value = "trust"
    assert view.create_button.disabled
    view.search.value = "New code"
    view.create_button.click()  # no selection yet
    assert "select some text" in view.status.value
    assert "New code" not in {c.label for c in project.codes.values()}


def test_click_highlight_then_remove_and_undo_redo(project):
    view = CodingView(project)
    select(view, 0, 39)
    view.search.value = "Meeting"
    view.create_button.click()
    view.text._handle(view.text, {"type": "click", "offset": 5}, [])
    (row,) = view.at_point.children
    remove = row.children[-1]
    remove.click()
    assert not project.codings
    view.undo_button.click()
    assert len(project.codings) == 1
    view.redo_button.click()
    assert not project.codings


def test_keyboard_shortcuts(project):
    view = CodingView(project)
    key = lambda k, **kw: view.text._handle(view.text, {"type": "key", "key": k, **kw}, [])
    key("j")
    assert view.session.selected_text == "The case manager met the social worker."
    view.search.value = "Meeting"
    view.create_button.click()
    key("j")
    key("a")  # apply last code to the next sentence
    assert [c.quote for c in sorted(project.codings.values(), key=lambda c: c.start)] == [
        "The case manager met the social worker.", "Trust grew over time."]
    key("u")
    assert len(project.codings) == 1
    key("z", ctrl=True, shift=True)
    assert len(project.codings) == 2
    key("]")
    assert view.session.source_id == "guide" and view.source.value == "guide"
    key("[")
    assert view.session.source_id == "green"


def test_navigation_widgets(project):
    view = CodingView(project)
    view.source.value = "guide"
    assert view.session.source_id == "guide"
    assert "Guide" in view.heading.value
    view.next_button.click()
    assert view.session.source_id == "green"
    assert "Green and Dicks, 2012" in view.heading.value
    view.show.value = "mine"
    assert view.session.show == "mine"


def test_rename_and_merge_from_the_codebook_tab(project):
    a = project.create_code("Trust")
    b = project.create_code("Mutual trust")
    view = CodingView(project)
    select(view, 41, 46)
    view.matches.value = (b.code_id,)
    view.apply_button.click()
    view.codebook.value = a.code_id
    view.rename_text.value = "Trust and reciprocity"
    view.rename_button.click()
    assert project.codes[a.code_id].label == "Trust and reciprocity"
    view.merge_from.value = (b.code_id,)
    view.merge_into.value = a.code_id
    view.merge_button.click()
    assert b.code_id not in project.codes
    assert [c.code_id for c in project.codings.values()] == [a.code_id]


def test_memos_on_source_code_and_coding(project):
    view = CodingView(project)
    view.memo_text.value = "A rich case study."
    view.memo_button.click()
    assert project.memos_on("source", "green")[0].text == "A rich case study."
    select(view, 0, 39)
    view.search.value = "Meeting"
    view.create_button.click()
    view.text._handle(view.text, {"type": "click", "offset": 3}, [])
    assert view.memo_target.value == "coding"
    view.memo_text.value = "Face to face."
    view.memo_button.click()
    coding = next(iter(project.codings.values()))
    assert project.memos_on("coding", coding.coding_id)[0].text == "Face to face."
    view.memo_target.value = "code"
    view.codebook.value = coding.code_id
    view.memo_text.value = "Meetings of any kind."
    view.memo_button.click()
    assert project.memos_on("code", coding.code_id)[0].text == "Meetings of any kind."


def test_retrieval_tab_lists_quotations_with_citations(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    view.retrieve_code.value = project.code("Trust").code_id
    assert "(Green and Dicks, 2012; p. 10)" in view.quotes.value
    assert "Trust grew over time." in view.quotes.value


def test_restart_gives_the_same_view(project):
    view = CodingView(project)
    view.source.value = "guide"
    select(view, 0, 6)
    view.search.value = "Documents"
    view.create_button.click()
    before = (view.text.text, view.text.runs, view.text.legend, view.session.source_id)
    root = project.root
    project.close()
    with Project.open(root, reviewer="NT") as again:
        after_view = CodingView(again)
        after = (after_view.text.text, after_view.text.runs, after_view.text.legend, after_view.session.source_id)
    assert after == before
