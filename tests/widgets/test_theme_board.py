"""The theme board driven without a browser: the actions its page sends, and what it draws."""

from __future__ import annotations

import json
from html import unescape

import pytest

from synthesis import Project
from synthesis.coding.session import CodingSession
from synthesis.corpus.importing import save_studies
from synthesis.errors import ActionError
from synthesis.palette import contrast
from synthesis.records import Study
from synthesis.themes import api, query
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


def move(board: ThemeBoard, what: str, member: str, source: str = "", target: str = "", copy: bool = False) -> None:
    """What the page sends when a card is dropped (by mouse or keyboard)."""
    board.cards.act({"type": "move", "what": what, "id": member, "from": source, "to": target, "copy": copy})


def theme_box(board: ThemeBoard, theme_id: str) -> dict:
    data = board.cards.board
    return next(t for t in data["descriptive"] + data["analytical"] if t["id"] == theme_id)


def test_cards_show_colour_counts_studies_and_their_themes(project):
    board = ThemeBoard(project)
    trust, respect, clarity = (project.code(x).code_id for x in ("Trust", "Respect", "Clarity"))
    data = board.cards.board
    assert data["unthemed"] == [clarity, respect, trust]  # by label
    assert data["codes"][trust] | {"colour": None, "ink": None} == {
        "label": "Trust", "colour": None, "ink": None, "codings": 2, "studies": 2, "themes": []}
    colours = CodingSession(project, remember=False).colours()
    for code_id, shown in data["codes"].items():
        assert shown["colour"] == colours[code_id]  # the coding view's display colours
        assert shown["ink"] in ("#000000", "#FFFFFF") and contrast(shown["ink"], shown["colour"]) >= 4.5
    relational = make(board, "Relational trust", "descriptive")
    move(board, "code", trust, target=relational)
    move(board, "code", respect, target=relational)
    assert theme_box(board, relational)["counts"] == "2 codes · 3 quotations · 2 studies"
    assert board.cards.board["codes"][trust]["themes"] == ["Relational trust"]
    assert board.cards.board["unthemed"] == [clarity]
    assert "added 'Respect' to 'Relational trust'" in unescape(board.status.value)
    assert board.cards.message == "added 'Respect' to 'Relational trust'"


def test_moves_are_events_and_undo_takes_them_back(project):
    board = ThemeBoard(project)
    trust = project.code("Trust").code_id
    a, b = make(board, "A", "descriptive"), make(board, "B", "descriptive")
    move(board, "code", trust, target=a)
    move(board, "code", trust, source=a, target=b)
    assert query.find_theme(project, a).members == () and query.find_theme(project, b).members == (trust,)
    assert project.events[-1].type == "theme.move"
    assert board.cards.board["codes"][trust]["themes"] == ["B"]
    move(board, "code", trust, source=b, target=a, copy=True)  # Ctrl: add, keep it in B
    assert board.cards.board["codes"][trust]["themes"] == ["A", "B"]
    move(board, "code", trust, source=a)  # onto Unthemed codes: out of A only
    assert board.cards.board["codes"][trust]["themes"] == ["B"]
    board.undo_button.click()
    assert board.cards.board["codes"][trust]["themes"] == ["A", "B"]
    move(board, "code", trust, source=b, target=b)
    assert "stays where it was" in board.status.value


def test_descriptive_themes_move_into_analytical_themes(project):
    board = ThemeBoard(project)
    relational = make(board, "Relational trust", "descriptive")
    move(board, "code", project.code("Trust").code_id, target=relational)
    answer = make(board, "Respectful communication", "analytical", question="What makes partnership work?")
    other = make(board, "Clear roles", "analytical")
    assert board.cards.board["loose"] == [relational]
    move(board, "theme", relational, target=answer)
    assert [t.name for t in query.descriptive_of(project, answer)] == ["Relational trust"]
    data = board.cards.board
    assert data["loose"] == [] and theme_box(board, relational)["parents"] == ["Respectful communication"]
    assert theme_box(board, answer) | {"id": None} == {
        "id": None, "name": "Respectful communication", "question": "What makes partnership work?",
        "counts": "1 theme · 2 quotations · 2 studies", "members": [relational]}
    move(board, "theme", relational, source=answer, target=other)
    assert theme_box(board, other)["members"] == [relational] and theme_box(board, answer)["members"] == []
    move(board, "theme", relational, source=other)
    assert board.cards.board["loose"] == [relational]
    board.choose(answer)
    assert "What makes partnership work?" in board.page.value


def test_choose_rename_merge_delete_undo(project):
    board = ThemeBoard(project)
    a, b = make(board, "A", "descriptive"), make(board, "B", "descriptive")
    assert board.chosen == b  # a new theme is chosen
    board.cards.act({"type": "choose", "theme": a})
    assert board.chosen == a and theme_box(board, a)["name"] == "A"
    board.new_name.value = "Trust between partners"
    board.rename_button.click()
    assert query.find_theme(project, a).name == "Trust between partners"
    assert theme_box(board, a)["name"] == "Trust between partners"
    board.merge_from.value = (b,)
    board.merge_button.click()
    assert [t.theme_id for t in query.themes(project, "descriptive")] == [a]
    board.delete_button.click()
    assert query.themes(project, "descriptive") == [] and board.chosen == ""
    assert board.cards.board["descriptive"] == []
    board.undo_button.click()
    assert [t["id"] for t in board.cards.board["descriptive"]] == [a]


def test_exemplars_and_quotation_kinds_from_the_theme_page(project):
    board = ThemeBoard(project)
    theme = make(board, "Relational trust", "descriptive")
    move(board, "code", project.code("Trust").code_id, target=theme)
    board.choose(theme)
    assert "Green and Dicks, 2012" in board.page.value
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
    board.rename_button.click()
    assert "choose a theme first" in board.status.value
    board.create_descriptive.click()  # no name
    assert "Error" in board.status.value
    theme = make(board, "A", "descriptive")
    trust = project.code("Trust").code_id
    move(board, "code", trust, target=theme)
    move(board, "code", trust, target=theme)  # already there
    assert "already in" in board.status.value and board.cards.message.startswith("Error")
    move(board, "code", "no-such-code", target=theme)
    assert "Error" in board.status.value
    with pytest.raises(ActionError):
        board.cards.act({"type": "move", "what": "code", "id": ["x"], "to": theme})
    with pytest.raises(ActionError):
        board.cards.act({"type": "move", "what": "study", "id": "x", "to": theme})


def test_snapshot_for_a_saved_notebook(project):
    board = ThemeBoard(project)
    relational = make(board, "Relational <trust>", "descriptive")
    move(board, "code", project.code("Trust").code_id, target=relational)
    answer = make(board, "Partnership", "analytical")
    move(board, "theme", relational, target=answer)
    bundle = board._repr_mimebundle_()
    assert bundle["text/plain"].splitlines()[:4] == [
        "Theme board", "Partnership (1 theme · 2 quotations · 2 studies)",
        "  · Relational <trust> (1 code · 2 quotations · 2 studies): Trust",
        "Unthemed codes (2): Clarity, Respect"]
    assert "Relational &lt;trust&gt;" in bundle["text/html"] and "<trust>" not in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    json.dumps(board.cards.board)  # what goes to the page is plain JSON


def test_colleagues_events_re_render_the_board(project, tmp_path):
    from synthesis.live import watch

    board = ThemeBoard(project)
    with Project.open(project.root, reviewer="BB") as bb:
        theme = api.create_theme(bb, "Relationships", "descriptive")
        api.assign(bb, theme.theme_id, [bb.code("Clarity").code_id])
    watch(project, start=False).tick()
    assert [t["name"] for t in board.cards.board["descriptive"]] == ["Relationships"]
    assert board.cards.board["codes"][project.code("Clarity").code_id]["themes"] == ["Relationships"]
    assert "BB" in board.status.value
