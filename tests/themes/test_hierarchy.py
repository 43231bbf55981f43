"""The theme hierarchy: create, rename, assign, move, merge, delete, undo, stale references."""

from __future__ import annotations

import pytest

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.state import HANDLERS
from synthesis.themes import api, events, query

from themes_helpers import coding


def names(themes) -> list[str]:
    return [t.name for t in themes]


def labels(codes) -> list[str]:
    return [c.label for c in codes]


@pytest.fixture
def built(project):
    """Two descriptive themes in one analytical theme; Budgets left free."""
    relations = api.create_theme(project, "Relationships", "descriptive", "How partners relate")
    work = api.create_theme(project, "Joint work", "descriptive")
    api.assign(project, relations, ["Trust", "Respect"])
    api.assign(project, work, ["Planning"])
    top = api.create_theme(project, "Partnership takes work", "analytical", question="What works?")
    api.assign(project, top, [relations, work])
    return project


def test_create_and_read_back(built):
    p = built
    assert names(api.themes(p)) == ["Relationships", "Joint work", "Partnership takes work"]
    top = api.find_theme(p, "partnership takes WORK")
    assert top.level == "analytical" and top.question == "What works?" and top.created_by == "AG"
    tree = api.hierarchy(p)
    assert [(t.theme.name, [(b.theme.name, labels(b.codes)) for b in t.branches]) for t in tree.analytical] == [
        ("Partnership takes work", [("Relationships", ["Trust", "Respect"]), ("Joint work", ["Planning"])])]
    assert labels(tree.free_codes) == ["Budgets"] and tree.unplaced == ()
    assert str(tree).splitlines()[:3] == ["Partnership takes work", "  Relationships", "    - Trust"]
    assert p.problems == [] and query.problems(p) == []


def test_validation_names_the_problem(built):
    p = built
    with pytest.raises(ActionError, match="descriptive or analytical"):
        api.create_theme(p, "X", "thematic")
    with pytest.raises(ActionError, match="exists already"):
        api.create_theme(p, "relationships", "descriptive")
    api.create_theme(p, "Relationships", "analytical")  # the same name at the other level is fine
    with pytest.raises(ActionError, match="two themes are named"):
        api.find_theme(p, "Relationships")
    assert api.find_theme(p, "Relationships", "descriptive").members
    with pytest.raises(ActionError, match="review question"):
        api.create_theme(p, "Y", "descriptive", question="Why?")
    with pytest.raises(ActionError, match="holds descriptive themes"):
        api.assign(p, "Partnership takes work", [p.code("Budgets")])
    with pytest.raises(ActionError, match="already in"):  # the name is taken at the level it must have
        api.assign(p, "Partnership takes work", ["Relationships"])
    with pytest.raises(ActionError, match="two themes are named"):
        api.rename_theme(p, "Relationships", "Other")
    with pytest.raises(ActionError, match="no code 'Nope'"):
        api.assign(p, api.find_theme(p, "Joint work"), ["Nope"])
    with pytest.raises(ActionError, match="already in"):
        api.assign(p, api.find_theme(p, "Joint work"), ["Planning"])
    with pytest.raises(ActionError, match="not in theme"):
        api.unassign(p, api.find_theme(p, "Joint work"), ["Trust"])
    with pytest.raises(ActionError, match="no theme"):
        api.rename_theme(p, "Missing", "Other")


def test_rename_update_and_undo(built):
    p = built
    api.rename_theme(p, "Joint work", "Working together")
    api.update_theme(p, "Working together", description="Meeting and planning")
    assert api.find_theme(p, "Working together").description == "Meeting and planning"
    p.undo()
    p.undo()
    assert api.find_theme(p, "Joint work").description == ""
    p.redo()
    assert api.find_theme(p, "Working together").name == "Working together"


def test_a_code_in_two_themes_and_free_codes(built):
    p = built
    api.assign(p, "Joint work", "Trust")
    assert "Joint work" in names(t.theme for t in api.hierarchy(p).analytical[0].branches)
    assert labels(api.codes_of(p, "Joint work")) == ["Planning", "Trust"]
    # the analytical theme counts the code once
    assert labels(api.codes_of(p, "Partnership takes work")) == ["Trust", "Respect", "Planning"]
    api.unassign(p, "Relationships", ["Trust", "Respect"])
    assert labels(api.hierarchy(p).free_codes) == ["Budgets", "Respect"]


def test_move_is_one_undoable_action(built):
    p = built
    api.move(p, "Trust", "Relationships", "Joint work")
    assert labels(api.codes_of(p, "Relationships")) == ["Respect"]
    assert labels(api.codes_of(p, "Joint work")) == ["Planning", "Trust"]
    p.undo()
    assert labels(api.codes_of(p, "Relationships")) == ["Trust", "Respect"]
    assert labels(api.codes_of(p, "Joint work")) == ["Planning"]
    other = api.create_theme(p, "Other ingredient", "analytical")
    api.move(p, "Joint work", "Partnership takes work", other)
    assert [names(b.theme for b in t.branches) for t in api.hierarchy(p).analytical] == [
        ["Relationships"], ["Joint work"]]
    with pytest.raises(ActionError, match="same level"):
        api.move(p, "Trust", "Relationships", other)


def test_merge_descriptive_themes(built):
    p = built
    exemplar = coding(p, "s1", "Staff met every week to plan.", "Planning")
    api.set_exemplar(p, "Joint work", exemplar)
    api.judge(p, "Joint work", "coherence", "minor")
    merged = api.merge_themes(p, ["Joint work"], "Relationships")
    assert merged.members == (p.code("Trust").code_id, p.code("Respect").code_id, p.code("Planning").code_id)
    assert merged.exemplars == (exemplar.coding_id,)
    assert names(api.themes(p)) == ["Relationships", "Partnership takes work"]
    assert api.find_theme(p, "Partnership takes work").members == (merged.theme_id,)
    assert api.judgements(p) == []  # the merged-away finding's judgements go with it
    with pytest.raises(ActionError, match="was merged into 'Relationships'"):
        api.find_theme(p, "T0002")
    p.undo()
    assert names(api.themes(p)) == ["Relationships", "Joint work", "Partnership takes work"]
    with pytest.raises(ActionError, match="same level"):
        api.merge_themes(p, ["Partnership takes work"], "Relationships")
    with pytest.raises(ActionError, match="other than the target"):
        api.merge_themes(p, ["Relationships"], "Relationships")


def test_merge_analytical_themes(built):
    p = built
    second = api.create_theme(p, "Second", "analytical")
    third = api.create_theme(p, "Third", "descriptive")
    api.assign(p, third, "Budgets")
    api.assign(p, second, [third, "Joint work"])
    merged = api.merge_themes(p, [second], "Partnership takes work")
    assert names(api.descriptive_of(p, merged)) == ["Relationships", "Joint work", "Third"]


def test_delete_and_undo(built):
    p = built
    api.delete_theme(p, "Relationships")
    tree = api.hierarchy(p)
    assert names(b.theme for b in tree.analytical[0].branches) == ["Joint work"]
    assert labels(tree.free_codes) == ["Budgets", "Respect", "Trust"]
    p.undo()
    assert names(b.theme for b in api.hierarchy(p).analytical[0].branches) == ["Relationships", "Joint work"]
    api.delete_theme(p, "Partnership takes work")
    assert names(b.theme for b in api.hierarchy(p).unplaced) == ["Relationships", "Joint work"]


def test_undo_of_an_assignment(built):
    p = built
    api.assign(p, "Relationships", "Budgets")
    p.undo()
    assert labels(api.codes_of(p, "Relationships")) == ["Trust", "Respect"]
    assert p.problems == []


def test_a_merged_code_is_followed_and_a_deleted_code_is_reported(built):
    p = built
    p.merge_codes(["Respect"], "Budgets")
    assert labels(api.codes_of(p, "Relationships")) == ["Trust", "Budgets"]
    assert query.stale(p) == []
    p.delete_code("Trust")
    assert labels(api.codes_of(p, "Relationships")) == ["Budgets"]
    [stale] = query.stale(p)
    assert stale.kind == "stale-reference" and "Relationships" in stale.message
    # a stale id can still be unassigned as it stands
    trust_id = next(m for m in api.find_theme(p, "Relationships").members if m not in p.codes
                    and m not in p.state.merged)
    api.unassign(p, "Relationships", trust_id)
    assert query.stale(p) == []
    p.undo()
    p.undo()  # the code deletion: the theme holds Trust again
    assert labels(api.codes_of(p, "Relationships")) == ["Trust", "Budgets"] and query.stale(p) == []


def test_an_event_that_no_longer_fits_is_a_problem_not_a_crash(tmp_path):
    from themes_helpers import make_review

    root = tmp_path / "review"
    first = make_review(root)
    theme = api.create_theme(first, "Relationships", "descriptive")
    with Project(root, "BB") as second:
        api.delete_theme(first, theme)  # AG deletes it while BB still sees it
        api.assign(second, api.find_theme(second, "Relationships"), "Trust")
        second.reload()
        assert names(api.themes(second)) == []
        [problem] = query.problems(second)
        assert problem.kind == "rejected-event" and "does not exist" in problem.message
        assert problem.event_id == "BB:1"
    first.close()


def test_exemplars_must_support_the_theme(built):
    p = built
    budgets = coding(p, "s3", "Shared budgets need trust between leaders.", "Budgets")
    with pytest.raises(ActionError, match="not in 'Relationships'"):
        api.set_exemplar(p, "Relationships", budgets)
    trust = coding(p, "s3", "Shared budgets need trust between leaders.", "Trust")
    api.set_exemplar(p, "Partnership takes work", trust)
    with pytest.raises(ActionError, match="already an exemplar"):
        api.set_exemplar(p, "Partnership takes work", trust)
    assert [c.coding_id for c in query.exemplars(p, "Partnership takes work")] == [trust.coding_id]
    p.remove_coding(trust)
    assert "no longer exists" in query.stale(p)[0].message
    p.undo()
    api.unset_exemplar(p, "Partnership takes work", trust)
    assert query.exemplars(p, "Partnership takes work") == []


def test_quote_kinds_hold_for_spans_inside(built):
    p = built
    outer = coding(p, "s1", "\"We respect each other\" said a teacher.", "Respect")
    api.set_quote_kind(p, outer, "participant")
    same_span = coding(p, "s1", "\"We respect each other\" said a teacher.", "Trust")
    assert query.quote_kind(p, same_span) == "participant"
    start = p.text("s1").index("We respect")
    [inner] = p.apply_code("s1", start, start + len("We respect each other"), "Respect")
    assert query.quote_kind(p, inner) == "participant"
    api.set_quote_kind(p, inner, "author")
    assert query.quote_kind(p, inner) == "author" and query.quote_kind(p, outer) == "participant"
    assert query.quote_kind(p, coding(p, "s2", "Weekly planning stopped.", "Planning")) == ""
    with pytest.raises(ActionError, match="participant or author"):
        api.set_quote_kind(p, outer, "reviewer")


def test_element_groups(built):
    p = built
    group = api.create_group(p, "Figure 3 matrix", kind="matrix")
    api.link(p, group, "Trust", ["Trust"], place="intangible/relational")
    api.link(p, group, "Preparation", ["Joint work", "Partnership takes work"], place="tangible/structural")
    api.link(p, group, "Trust", ["Relationships"])
    group = query.find_group(p, "figure 3 matrix")
    assert [(e.name, e.place, len(e.members)) for e in group.elements] == [
        ("Trust", "intangible/relational", 2), ("Preparation", "tangible/structural", 2)]
    with pytest.raises(ActionError, match="nothing new"):
        api.link(p, group, "Trust", "Trust")
    with pytest.raises(ActionError, match="no code or theme"):
        api.link(p, group, "Trust", "Nothing")
    api.unlink(p, group, "Trust", ["Relationships"])
    api.unlink(p, group, "Preparation")
    assert [(e.name, len(e.members)) for e in query.find_group(p, group).elements] == [("Trust", 1)]
    api.delete_theme(p, "Relationships")  # a deleted theme leaves the groups it was linked to
    p.delete_code("Trust")
    assert "no longer exists" in query.stale(p)[0].message


def test_handlers_registered_late_are_folded_in(tmp_path, monkeypatch):
    from themes_helpers import make_review

    root = tmp_path / "review"
    with make_review(root) as p:
        api.create_theme(p, "Relationships", "descriptive")
    for kind in events.EVENT_TYPES:
        monkeypatch.delitem(HANDLERS, kind)
    p = Project(root)  # folded without the theme handlers
    assert [x.kind for x in p.problems] == ["unknown-event"]
    monkeypatch.undo()
    assert names(api.themes(p)) == ["Relationships"] and p.problems == []
