"""The draggable code tree (by parent code) driven with the messages its page sends."""

from __future__ import annotations

import pytest

from synthesis import Project
from synthesis.errors import ActionError
from synthesis.palette import contrast
from synthesis.widgets import CodingView
from synthesis.widgets.code_tree import CodeTree

TEXT = "The case manager met the social worker. Trust grew over time.\n\nBoth partners acted quickly."


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="NT")
    p.add_text(TEXT, title="Green extracts", source_id="green")
    yield p
    p.close()


def moves(p: Project) -> list[dict]:
    return [e.data for e in p.events if e.type == "code.move"]


def test_drop_asks_then_nests_with_one_event(project):
    trust, early = project.create_code("Trust"), project.create_code("Early trust")
    project.apply_code("green", 41, 46, [early])
    tree = CodeTree(project)
    events = len(project.events)
    tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
    assert project.codes[early.code_id].parent == "" and len(project.events) == events  # nothing yet
    assert tree.question["nest"] == "Nest 'Early trust' under 'Trust'"
    assert tree.question["merge"] == "Merge 'Early trust' into 'Trust'"
    assert "1 coding of 'Early trust'" in tree.question["detail"]
    tree.act({"type": "confirm", "choice": "nest"})
    assert len(project.events) == events + 1 and moves(project)[-1]["parent"] == trust.code_id
    assert project.codes[early.code_id].parent == trust.code_id and tree.question == {}
    assert [(r["label"], r["depth"], r["has_children"]) for r in tree.rows] == [
        ("Trust", 0, True), ("Early trust", 1, False)]


def test_drop_then_merge_or_cancel(project):
    trust, faith, early = project.create_code("Trust"), project.create_code("Faith"), project.create_code("Early faith")
    project.nest_code(early, faith)
    project.apply_code("green", 41, 46, [faith])
    tree = CodeTree(project)
    tree.act({"type": "drop", "id": faith.code_id, "target": trust.code_id})
    assert "its 1 code under it go under 'Trust'" in tree.question["detail"]
    tree.act({"type": "cancel"})
    assert tree.question == {} and faith.code_id in project.codes and "nothing changed" in tree.message
    tree.act({"type": "confirm", "choice": "merge"})  # the question is gone: nothing to confirm
    assert faith.code_id in project.codes
    tree.act({"type": "drop", "id": faith.code_id, "target": trust.code_id})
    tree.act({"type": "confirm", "choice": "merge"})
    assert faith.code_id not in project.codes
    assert [c.code_id for c in project.codings.values()] == [trust.code_id]
    assert project.codes[early.code_id].parent == trust.code_id
    assert tree.message == "merged 'Faith' into 'Trust'"
    project.undo()
    assert faith.code_id in project.codes


def test_drop_on_the_top_takes_a_code_out_and_nesting_inside_itself_is_not_offered(project):
    trust, early = project.create_code("Trust"), project.create_code("Early trust")
    project.nest_code(early, trust)
    tree = CodeTree(project)
    tree.act({"type": "drop", "id": trust.code_id, "target": early.code_id})
    assert tree.question["nest"] == "" and tree.question["merge"]  # only a merge is possible there
    tree.act({"type": "confirm", "choice": "nest"})
    assert project.codes[trust.code_id].parent == ""
    tree.act({"type": "drop", "id": early.code_id, "target": early.code_id})
    assert tree.question == {} and "stays where it was" in tree.message
    tree.act({"type": "drop", "id": early.code_id, "target": ""})  # the top: no question, one event
    assert project.codes[early.code_id].parent == "" and moves(project)[-1]["parent"] in ("", None)
    assert tree.message == "'Early trust' is now at the top of the code tree"


def test_bad_messages_are_refused(project):
    tree = CodeTree(project)
    with pytest.raises(ActionError, match="not in the codebook"):
        tree.act({"type": "drop", "id": "nope", "target": ""})
    with pytest.raises(ActionError):
        tree.act({"type": "drop", "id": ["x"], "target": ""})


def test_rows_carry_readable_colours_and_counts(project):
    codes = [project.create_code(f"Code {n:02d}") for n in range(45)]  # beyond the palette: patterns
    project.nest_code(codes[1], codes[0])
    project.apply_code("green", 41, 46, [codes[1]])
    project.apply_code("green", 47, 51, [codes[0]])
    tree = CodeTree(project)
    for row in tree.rows:
        assert contrast(row["colour"], row["ink"]) >= 4.5
    assert any(r["pattern"] for r in tree.rows)
    top = tree.rows[0]
    assert (top["label"], top["codings"], top["branch"]) == ("Code 00", 1, "2 codes, 2 codings")
    assert (top["own"], top["total"]) == ("1 coding", 2)  # the row's counts: its own, and its branch's
    assert [(r["own"], r["total"]) for r in tree.rows[1:3]] == [("1 coding", 1), ("0 codings", 0)]


def test_in_the_coding_view_a_click_chooses_and_a_drop_reports(project):
    trust, early = project.create_code("Trust"), project.create_code("Early trust")
    view = CodingView(project)
    view.tree_by.value = "codes"
    view.code_tree.act({"type": "choose", "id": early.code_id})
    assert view.codebook.value == early.code_id and view.code_tree.chosen == early.code_id
    view.code_tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
    view.memo_text.value = "A note."
    view.memo_target.value = "code"
    view.memo_button.click()  # another action while the drop waits: the question keeps its words
    assert view.code_tree.question and view.code_tree.message == "Dropped 'Early trust' on 'Trust': nest or merge?"
    view.code_tree.act({"type": "confirm", "choice": "nest"})
    assert view.code_tree.message == "'Early trust' is now under 'Trust'"
    assert [r["label"] for r in view.code_tree.rows] == ["Trust", "Early trust"]
    assert view.move_under.value == trust.code_id  # the fallback chooser agrees
    view.codebook.value = trust.code_id
    assert view.code_tree.chosen == trust.code_id


def test_the_tree_says_what_came_of_a_drop_beside_the_row_it_is_about(project):
    trust, early, faith = project.create_code("Trust"), project.create_code("Early trust"), project.create_code("Faith")
    tree = CodeTree(project)
    tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
    assert (tree.message, tree.message_row) == ("Dropped 'Early trust' on 'Trust': nest or merge?", trust.code_id)
    tree.act({"type": "cancel"})
    assert (tree.message, tree.message_row) == ("Cancelled: nothing changed", trust.code_id)
    tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
    tree.act({"type": "confirm", "choice": "nest"})  # under the code that moved, in its new place
    assert (tree.message, tree.message_row) == ("'Early trust' is now under 'Trust'", early.code_id)
    tree.act({"type": "drop", "id": faith.code_id, "target": trust.code_id})
    tree.act({"type": "confirm", "choice": "merge"})  # under the code merged into: the other is gone
    assert (tree.message, tree.message_row) == ("merged 'Faith' into 'Trust'", trust.code_id)
    tree.act({"type": "drop", "id": trust.code_id, "target": ""})
    assert (tree.message, tree.message_row) == ("'Trust' is already at the top of the code tree", trust.code_id)


def test_in_the_coding_view_the_trees_words_stay_by_the_tree_and_undo_takes_the_drop_back(project):
    trust, early = project.create_code("Trust"), project.create_code("Early trust")
    view = CodingView(project)
    view.tree_by.value = "codes"
    view.text.selection = [41, 46]
    view.matches.value = (trust.code_id,)
    view.apply_button.click()
    assert "coded with Trust" in view.status.value
    view.code_tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
    view.code_tree.act({"type": "confirm", "choice": "nest"})
    # the outcome is the tree's to show, beside the moved code's row; the line beside Undo says
    # nothing about it (nor anything older)
    assert (view.code_tree.message_row, view.code_tree.message) == (early.code_id, "'Early trust' is now under 'Trust'")
    assert view.status.value == ""
    assert not view.undo_button.disabled
    view.undo_button.click()
    assert project.codes[early.code_id].parent == ""
    assert [(r["label"], r["depth"]) for r in view.code_tree.rows] == [("Early trust", 0), ("Trust", 0)]
    assert view.code_tree.message == ""  # what the tree said last is no longer so
    assert view.status.value.count("Undid:") == 1 and "Early trust" in view.status.value  # beside Undo
    view.redo_button.click()
    assert project.codes[early.code_id].parent == trust.code_id
