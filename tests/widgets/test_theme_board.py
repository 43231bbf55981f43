"""The theme board driven without a browser."""

from __future__ import annotations

import pytest

from synthesis import Project
from synthesis.corpus.importing import save_studies
from synthesis.records import Study
from synthesis.themes import query
from synthesis.widgets import ThemeBoard


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="AG")
    save_studies(p, [Study("green2012", "Green and Dicks, 2012", design="qualitative"),
                     Study("barlow2013", "Barlow and Coe, 2013", design="mixed methods")])
    p.add_text("Trust grew. Respect was mutual.", title="G", source_id="g", study_id="green2012", pages=((0, "10"),))
    p.add_text("Trust evaporated. Roles were clear.", title="B", source_id="b", study_id="barlow2013")
    for label in ("Trust", "Respect", "Clarity"):
        p.create_code(label)
    p.apply_code("g", 0, 11, "Trust")
    p.apply_code("g", 12, 31, "Respect")
    p.apply_code("b", 0, 17, "Trust")
    yield p
    p.close()


def make(board: ThemeBoard, name: str, level: str, question: str = "") -> str:
    board.new_name.value = name
    board.new_question.value = question
    (board.create_descriptive if level == "descriptive" else board.create_analytical).click()
    return query.find_theme(board.project, name).theme_id


def test_build_a_hierarchy_with_live_counts(project):
    board = ThemeBoard(project)
    relational = make(board, "Relational trust", "descriptive")
    board.codes.value = (project.code("Trust").code_id, project.code("Respect").code_id)
    board.descriptive.value = relational
    board.add_codes.click()
    label = dict((v, k) for k, v in board.descriptive.options)[relational]
    assert label == "Relational trust — 2 codes, 3 quotations, 2 studies, 1 qual / 1 mixed"
    answer = make(board, "Respectful communication", "analytical", question="What makes partnership work?")
    board.descriptive.value = relational
    board.analytical.value = answer
    board.add_descriptive.click()
    assert [t.name for t in query.descriptive_of(project, answer)] == ["Relational trust"]
    assert "What makes partnership work?" in board.page.value
    assert "Green and Dicks, 2012" in board.page.value
    board.free_only.value = True
    assert [label for label, _ in board.codes.options] == ["Clarity (0) · free"]


def test_a_code_in_two_themes_rename_merge_delete_undo(project):
    board = ThemeBoard(project)
    a = make(board, "A", "descriptive")
    b = make(board, "B", "descriptive")
    trust = project.code("Trust").code_id
    for theme in (a, b):
        board.codes.value = (trust,)
        board.descriptive.value = theme
        board.add_codes.click()
    assert trust in query.find_theme(project, a).members and trust in query.find_theme(project, b).members
    board.descriptive.value = a
    board.new_name.value = "Trust between partners"
    board.rename_button.click()
    assert query.find_theme(project, a).name == "Trust between partners"
    board.merge_from.value = (b,)
    board.descriptive.value = a
    board.merge_button.click()
    assert [t.theme_id for t in query.themes(project, "descriptive")] == [a]
    board.descriptive.value = a
    board.delete_button.click()
    assert query.themes(project, "descriptive") == []
    board.undo_button.click()
    assert [t.theme_id for t in query.themes(project, "descriptive")] == [a]


def test_exemplars_and_quotation_kinds_from_the_theme_page(project):
    board = ThemeBoard(project)
    theme = make(board, "Relational trust", "descriptive")
    board.codes.value = (project.code("Trust").code_id,)
    board.descriptive.value = theme
    board.add_codes.click()
    first = board.quotes.options[0][1]
    board.quotes.value = first
    board.exemplar_button.click()
    assert query.find_theme(project, theme).exemplars == (first,)
    board.quotes.value = first
    board.kind.value = "participant"
    assert query.quote_kind(project, project.codings[first]) == "participant"
    board.quotes.value = first
    board.exemplar_button.click()
    assert query.find_theme(project, theme).exemplars == ()


def test_errors_are_shown_not_raised(project):
    board = ThemeBoard(project)
    board.add_codes.click()
    assert "select codes" in board.status.value
    board.create_descriptive.click()  # no name
    assert "Error" in board.status.value
