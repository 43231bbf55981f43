"""The coding view driven as a user drives it, without a browser:
set widget values, click buttons, send the messages the front end sends."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis import Project
from synthesis.coding.wording import local_time
from synthesis.palette import contrast
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
    assert "in paragraph 1, p. 10:" in view.selected.value and "41" not in view.selected.value  # no offsets
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
    view.merge_button.click()  # asks first
    assert b.code_id in project.codes and view.merge_confirm.layout.display == "flex"
    assert "1 coding will move to 'Trust and reciprocity'" in view.merge_question.value
    view.merge_yes.click()
    assert b.code_id not in project.codes and view.merge_confirm.layout.display == "none"
    assert [c.code_id for c in project.codings.values()] == [a.code_id]


def test_merge_can_be_cancelled_and_says_where_child_codes_go(project):
    a, b, child = project.create_code("Trust"), project.create_code("Faith"), project.create_code("Early faith")
    project.nest_code(child, b)
    view = CodingView(project)
    view.merge_from.value = (b.code_id,)
    view.merge_into.value = a.code_id
    view.merge_button.click()
    assert "1 code under them (Early faith) will sit under 'Trust'" in view.merge_question.value
    view.merge_no.click()
    assert b.code_id in project.codes and view.merge_confirm.layout.display == "none"
    view.merge_button.click()
    view.merge_yes.click()
    assert project.codes[child.code_id].parent == a.code_id


def test_move_a_code_under_another_and_see_the_tree_by_parent_code(project):
    trust, early, late = project.create_code("Trust"), project.create_code("Early trust"), project.create_code("Late")
    project.apply_code("green", 41, 46, [early])
    project.apply_code("green", 47, 51, [trust])
    view = CodingView(project)
    view.codebook.value = early.code_id
    assert ("Trust", trust.code_id) in view.move_under.options
    assert early.code_id not in [v for _, v in view.move_under.options]  # not under itself
    view.move_under.value = trust.code_id
    view.move_button.click()
    assert project.codes[early.code_id].parent == trust.code_id
    assert "is now under &#x27;Trust&#x27;" in view.status.value
    view.codebook.value = trust.code_id  # a code cannot go under a code inside it
    assert early.code_id not in [v for _, v in view.move_under.options]
    view.tree_by.value = "codes"
    assert view.code_tree.layout.display is None and view.theme_tree.layout.display == "none"
    rows = {r["label"]: r for r in view.code_tree.rows}
    assert [r["label"] for r in view.code_tree.rows] == ["Late", "Trust", "Early trust"]
    assert (rows["Trust"]["depth"], rows["Early trust"]["depth"], rows["Early trust"]["parent"]) == (0, 1, trust.code_id)
    assert rows["Trust"]["branch"] == "2 codes, 2 codings"  # its codings and those of the codes under it
    assert rows["Trust"]["codings"] == 1 and rows["Late"]["codings"] == 0
    view.codebook.value = early.code_id
    view.move_under.value = ""
    view.move_button.click()
    assert project.codes[early.code_id].parent == "" and "top of the code tree" in view.status.value
    assert [r["depth"] for r in view.code_tree.rows] == [0, 0, 0]  # the shown tree follows the move
    shown = view.theme_tree.children
    view.tree_by.value = "themes"  # back by theme: the other tree is shown, drawn as the codes are now
    assert view.code_tree.layout.display == "none" and view.theme_tree.layout.display is None
    assert view.theme_tree.children != shown


def test_change_a_codes_colour(project):
    trust, time = project.create_code("Trust"), project.create_code("Time")
    view = CodingView(project)
    assert view.colour_picker.disabled  # no code chosen
    view.codebook.value = trust.code_id
    assert view.colour_picker.value == view._colour(trust) and not view.colour_picker.disabled
    before = len(project.events)
    view.colour_picker.value = "#123456"  # picked: the code's colour at once
    assert project.codes[trust.code_id].colour == "#123456"
    assert view.session.colours()[trust.code_id] == "#123456"
    assert "#123456" in view.code_info.value and "&#x27;Trust&#x27; is now shown in #123456" in view.status.value
    assert len(project.events) == before + 1
    # choosing another code puts its colour in the picker, which changes no code
    view.codebook.value = time.code_id
    assert view.colour_picker.value == view._colour(time)
    assert len(project.events) == before + 1 and project.codes[trust.code_id].colour == "#123456"
    view.undo_button.click()  # undo takes the colour back, and the picker follows
    view.codebook.value = trust.code_id
    assert view.colour_picker.value == view._colour(project.codes[trust.code_id]) != "#123456"


def test_a_colour_picked_in_the_example_review_shows_and_leaves_the_other_codes_as_they_were(tmp_path):
    """The example's 33 codes were given 17 colours between them; picking one for a code shows it,
    and the other codes keep the colours the reviewer knows them by."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "query"))
    from text_fixtures import copy_example

    with Project.open(copy_example(tmp_path / "example"), reviewer="AG", checkpoint=False) as example:
        view = CodingView(example)
        before = dict(view.session.colours())
        code = next(c for c in example.codes.values() if c.label.startswith("Benefits for children"))
        view.codebook.value = code.code_id
        view.colour_picker.value = "#e69f00"  # an older code has it too
        after = view.session.colours()
        assert after[code.code_id] == "#E69F00" and "#E69F00" in view.code_info.value.upper()
        assert {c for c in after if after[c] != before[c]} == {code.code_id}
        assert view.session.patterns()[code.code_id]  # told apart from the older code by a pattern
        view.undo_button.click()
        assert view.session.colours() == before


def test_sources_named_by_a_file_name_are_listed_by_their_citation(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "query"))
    from text_fixtures import copy_example

    with Project.open(copy_example(tmp_path / "example"), reviewer="AG", checkpoint=False) as example:
        view = CodingView(example)
        labels = dict((sid, label) for label, sid in view.source.options)
        assert labels["guide-partnership-working-send-early-years"] == "Care Learning, n.d."
        assert labels["barlow2013-extracts"] == "Barlow and Coe, 2013: Extracts: barlow2013"
        assert not any(sid in label for sid, label in labels.items() if not sid.endswith("-extracts"))
        view.source.value = "guide-partnership-working-send-early-years"
        view.memo_target.value = "source"
        assert "Memo on source <b>Care Learning, n.d.</b>" in view.memo_about.value


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
    # every memo is listed, newest first, saying what it is about; Show goes there
    assert "All memos</b> (3 memos)" in view.memo_index_info.value
    rows = [row.children[1].value for row in view.memo_index.children]
    assert "on code &#x27;Meeting&#x27;" in rows[0] and "Meetings of any kind." in rows[0]
    assert "on &#x27;Meeting&#x27; on “" in rows[1] and "(Green and Dicks, 2012; p. 10)" in rows[1]
    assert "((" not in rows[1] and "))" not in rows[1]  # the citation brings its own brackets
    assert "on source Green and Dicks, 2012: Green extracts" in rows[2]
    view.source.value = "guide"
    view.memo_index.children[1].children[0].click()  # the coding memo: its source opens, the coding chosen
    assert view.session.source_id == "green" and view.chosen_coding == coding.coding_id
    assert view.tabs.selected_index == 2 and view.memo_text.value == "Face to face."
    assert "Memo on coding <b>&#x27;Meeting&#x27; on “" in view.memo_about.value
    view.source.value = "guide"
    view.memo_index.children[2].children[0].click()  # the source memo
    assert view.session.source_id == "green" and view.memo_text.value == "A rich case study."
    view.memo_index.children[0].children[0].click()  # the code memo: the code is chosen in the codebook
    assert view.codebook.value == coding.code_id and view.memo_text.value == "Meetings of any kind."


def test_retrieval_tab_lists_quotations_with_citations(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    view.retrieve_code.value = project.code("Trust").code_id
    listed = " ".join(row.children[1].value for row in view.quote_rows.children)
    assert "(Green and Dicks, 2012; p. 10)" in listed
    assert "Trust grew over time." in listed


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


def test_a_memo_typed_before_clicking_a_highlight_is_kept(project):
    view = CodingView(project)
    select(view, 0, 39)
    view.search.value = "Meeting"
    view.create_button.click()
    view.memo_target.value = "coding"
    assert "click a highlight" in view.memo_about.value
    view.memo_text.value = "Face to face matters here."
    view.text._handle(view.text, {"type": "click", "offset": 3}, [])  # as the message says
    assert view.memo_text.value == "Face to face matters here."
    view.memo_button.click()
    coding = next(iter(project.codings.values()))
    assert project.memos_on("coding", coding.coding_id)[0].text == "Face to face matters here."
    # an unchanged memo is replaced by the next target's memo, as before
    view.memo_target.value = "source"
    assert view.memo_text.value == ""


def test_next_uncoded_goes_to_the_next_uncoded_sentence(project):
    view = CodingView(project)
    select(view, 0, 39)
    view.search.value = "Meeting"
    view.create_button.click()
    view.session.selection = None
    view.uncoded_button.click()
    assert view.session.source_id == "green"
    assert view.session.selected_text == "Trust grew over time."
    assert "next sentence you have not coded" in view.status.value


def test_undo_and_redo_say_what_they_did_in_words(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    view.undo_button.click()
    assert "Undid: applied &#x27;Trust&#x27; to “Trust grew over time.”" in view.status.value
    assert "coding.apply" not in view.status.value
    view.redo_button.click()
    assert "Redid: applied &#x27;Trust&#x27;" in view.status.value
    view.text._handle(view.text, {"type": "click", "offset": 45}, [])
    view.at_point.children[0].children[-1].click()  # remove
    view.undo_button.click()
    assert "Undid: removed &#x27;Trust&#x27; from “Trust grew over time.”" in view.status.value


def test_memo_times_are_local_and_counts_have_plurals(project):
    view = CodingView(project)
    view.memo_text.value = "A rich case study."
    view.memo_button.click()
    memo = project.memos_on("source", "green")[0]
    assert memo.time not in view.memo_list.value
    assert local_time(memo.time) in view.memo_list.value
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    assert view.coding_list.get_title(0) == "1 coding on this source"
    assert "Trust — 1 coding" in [label for label, _ in view.codebook.options]
    view.retrieve_code.value = project.code("Trust").code_id
    assert "1 quotation<" in view.quotes.value and len(view.quote_rows.children) == 1


def test_chips_are_readable_and_codes_on_one_span_differ_in_colour(project):
    dark = project.create_code("Dark purple", colour="#332288")
    twin = project.create_code("Same colour", colour="#332288")  # e.g. a palette that wrapped round
    view = CodingView(project)
    select(view, 41, 61)
    view.matches.value = (dark.code_id, twin.code_id)
    view.apply_button.click()
    for chip in view.recent.children:
        assert contrast(chip.style.text_color, chip.style.button_color) >= 4.5
        assert chip.description in ("Dark purple", "Same colour") and "…" not in chip.description
    colours = {entry["label"]: entry["colour"] for entry in view.text.legend.values()}
    assert colours["Dark purple"] == "#332288" and colours["Same colour"] != "#332288"


def test_long_labels_are_not_cut_in_buttons(project):
    label = "Benefits for children and young people with SEND"
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = label
    assert label in view.create_button.description
    view.create_button.click()
    assert view.last_button.description == f"Apply last: {label}" and label in view.last_button.tooltip
    assert all("qs-wrap" in b._dom_classes for b in (view.last_button, *view.recent.children))


def test_the_codes_apply_would_add_are_named_in_full_under_the_narrow_list(project):
    long = project.create_code("Creative solutions outside standard provision for children",
                               definition="Partners find <ways> round the rules. " * 10)
    short = project.create_code("Trust")
    view = CodingView(project)
    assert view.chosen_codes.value == ""  # nothing chosen, nothing named
    view.matches.value = (long.code_id,)
    shown = view.chosen_codes.value
    assert "Creative solutions outside standard provision for children" in shown
    assert "&lt;ways&gt;" in shown and "<ways>" not in shown  # the definition, escaped
    assert "…" in shown and len(shown) < 1000  # a long definition is cut
    view.matches.value = (long.code_id, short.code_id)
    assert "<b>Trust</b>" in view.chosen_codes.value
    view.matches.value = ()
    view.search.value = "trus"  # one match left and none chosen: Apply would take it, so it is named
    assert view.matches.value == () and "<b>Trust</b>" in view.chosen_codes.value
    assert "Creative" not in view.chosen_codes.value
    view.search.value = "nothing like it"
    assert view.chosen_codes.value == ""


def test_stripes_filter_by_reviewer_and_code_and_a_click_selects_the_coding(project):
    view = CodingView(project)
    select(view, 0, 39)
    view.search.value = "Meeting"
    view.create_button.click()
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    meeting, trust = sorted(project.codings.values(), key=lambda c: c.start)
    assert sorted(view.text.stripes) == sorted([meeting.coding_id, trust.coding_id])
    assert view.text.legend[trust.coding_id]["start"] == trust.start
    assert view.text.legend[trust.coding_id]["end"] == trust.end
    assert contrast(view.text.legend[trust.coding_id]["ink"], view.text.legend[trust.coding_id]["colour"]) >= 4.5
    view.stripe_code.value = trust.code_id
    assert view.text.stripes == [trust.coding_id]
    view.stripe_code.value = ""
    view.stripe_reviewer.value = "NT"
    assert len(view.text.stripes) == 2
    assert [label for label, _ in view.stripe_reviewer.options] == ["everyone shown", "NT"]
    view.session.selection = None
    view.text._handle(view.text, {"type": "stripe", "coding": trust.coding_id}, [])
    assert view.session.selection == (trust.start, trust.end)
    assert view.text.selection == [trust.start, trust.end]
    assert view.text.jump[:2] == [trust.start, trust.end]
    assert "Trust" in view.at_point.children[0].children[0].value
    assert view.memo_target.value == "coding" and "Trust grew" in view.memo_about.value


def test_paragraph_numbers_and_headings_go_to_the_text(project):
    project.add_text("Findings\n\nTrust grew over time.\n\nIt took years.", title="Doc", source_id="doc")
    view = CodingView(project)
    view.source.value = "doc"
    assert view.text.paragraphs == [[0, "h"], [10, "p"], [33, "p"]]


MARKDOWN = ("**Regional workshops on\npartnership working**\n\n"
            "- **Background and context:** partners met. **Trust** grew over time.")


def test_markdown_bold_is_drawn_bold_and_a_selection_across_it_keeps_the_stored_offsets(project):
    project.add_text(MARKDOWN, title="Workshops", source_id="lga")
    view = CodingView(project)
    view.source.value = "lga"
    # the paragraph all in bold is a heading; the words between ** are drawn bold, the ** out of sight
    assert view.text.paragraphs == [[0, "h"], [47, "p"]]
    shown = [(MARKDOWN[a:b], kind) for a, b, kind in view.text.marks]
    assert shown[:3] == [("**", "marker"), ("Regional workshops on\npartnership working", "bold"), ("**", "marker")]
    assert shown[3:] == [("**", "marker"), ("Background and context:", "bold"), ("**", "marker"),
                         ("**", "marker"), ("Trust", "bold"), ("**", "marker")]
    # the text itself is the stored text: a selection from "context" to "met" (as the page sends
    # it, in offsets of the stored text) is coded with the ** inside it, where they are stored
    start, end = MARKDOWN.index("context"), MARKDOWN.index("met") + 3
    select(view, start, end)
    assert view.session.selection == (start, end)
    view.search.value = "Background"
    view.create_button.click()
    (coding,) = project.codings.values()
    assert (coding.start, coding.end, coding.quote) == (start, end, "context:** partners met")
    assert project.text("lga") == MARKDOWN


def test_documents_list_counts_and_opens_a_source(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    docs = view.session.documents()
    assert [(d.source_id, d.codings, d.sentences_coded, d.sentences) for d in docs] == [
        ("green", {"NT": 1}, {"NT": 1}, 3), ("guide", {}, {}, 2)]
    first, second = view.documents.children
    assert "Green and Dicks, 2012: Green extracts" in first.children[0].description
    assert "1 coding (NT 1)" in first.children[1].value and "coded 1 of 3 sentences (33%)" in first.children[1].value
    assert "0 codings (none yet)" in second.children[1].value
    second.children[0].click()
    assert view.session.source_id == "guide" and view.text.text.startswith("Second source")
    # a colleague's progress is shown beside yours, by sentence
    with Project.open(project.root, reviewer="AG", checkpoint=False) as colleague:
        colleague.apply_code("green", 0, 10, colleague.codes[next(iter(colleague.codes))].code_id)
    project.refresh()
    view.refresh()
    first = view.documents.children[0]
    assert "NT coded 1 of 3 sentences (33%) · AG coded 1 of 3 sentences (33%)" in first.children[1].value


def test_codings_and_quotations_jump_to_their_place(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust"
    view.create_button.click()
    (coding,) = project.codings.values()
    view.source.value = "guide"
    view.retrieve_code.value = coding.code_id
    view.quote_rows.children[0].children[0].click()  # "Show" beside the quotation
    assert view.session.source_id == "green" and view.text.text.startswith("The case manager")
    assert view.text.selection == [coding.start, coding.end] and view.text.jump[:2] == [coding.start, coding.end]
    assert view.chosen_coding == coding.coding_id
    view.session.selection = None
    view._refresh_text()
    assert view.coding_list.get_title(0) == "1 coding on this source"
    assert view.coding_rows.options[0] == ("Trust · NT · “Trust grew over time.”", coding.coding_id)
    view.coding_rows.value = None
    view.coding_rows.value = coding.coding_id  # choosing a coding in the list jumps to it
    assert view.text.selection == [coding.start, coding.end] and view.text.jump[2] == 2


def test_code_tree_groups_codes_by_theme_with_counts_and_keeps_branches_open(project):
    from synthesis.themes import api as themes

    trust, respect, loose = project.create_code("Trust"), project.create_code("Respect"), project.create_code("Loose")
    relations = themes.create_theme(project, "Relationships", "descriptive")
    themes.assign(project, relations, [trust, respect])
    ingredient = themes.create_theme(project, "Partnership rests on relationships", "analytical")
    themes.assign(project, ingredient, [relations])
    project.apply_code("green", 41, 61, [trust, respect])
    view = CodingView(project)
    top, free = view.theme_tree.children
    assert top.get_title(0) == "Partnership rests on relationships — 2 codes, 2 codings"
    assert free.get_title(0) == "Not in a theme — 1 code, 0 codings"
    (inner,) = top.children[0].children
    assert inner.get_title(0) == "Relationships — 2 codes, 2 codings"
    assert [b.description for b in inner.children[0].children] == ["Respect (1)", "Trust (1)"]
    assert top.selected_index is None  # folded until opened
    top.selected_index = 0
    inner.children[0].children[1].click()
    assert view.codebook.value == trust.code_id and "Trust" in view.code_info.value
    select(view, 0, 39)
    view.matches.value = (loose.code_id,)
    view.apply_button.click()  # the tree is drawn again with new counts, the open branch stays open
    top, free = view.theme_tree.children
    assert top.selected_index == 0 and free.get_title(0) == "Not in a theme — 1 code, 1 coding"


def test_a_saved_notebook_shows_a_readable_snapshot(project):
    view = CodingView(project)
    select(view, 41, 61)
    view.search.value = "Trust <b>"
    view.create_button.click()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the live view is still there
    text = bundle["text/plain"]
    assert "CodingView(" not in text and "children=" not in text
    assert text.startswith("Coding view: NT is coding Green and Dicks, 2012")
    assert "1 of 5 sentences" in text and "1 coding on this source: Trust <b>" in text
    assert "Trust &lt;b&gt;" in bundle["text/html"] and "<b>Trust" not in bundle["text/html"]


def test_codes_beyond_the_palette_get_patterns_in_text_stripes_and_chips(project):
    from synthesis.palette import DISPLAY_PALETTE

    codes = [project.create_code(f"Code {i:02d}") for i in range(len(DISPLAY_PALETTE) + 3)]
    late = codes[-1]
    project.apply_code("green", 41, 46, [late])
    view = CodingView(project)
    pattern = view.session.patterns()[late.code_id]
    assert pattern and view.session.patterns()[codes[0].code_id] == ""
    (entry,) = view.text.legend.values()
    assert entry["pattern"] == pattern
    pairs = {(view.session.colours()[c.code_id], view.session.patterns()[c.code_id]) for c in codes}
    assert len(pairs) == len(codes)
    view.codebook.value = late.code_id
    assert "gradient(" in view.code_info.value
    buttons = view.tree_buttons[late.code_id]
    assert buttons and all(f"qs-pat-{pattern}" in b._dom_classes for b in buttons)


def test_a_coding_with_a_memo_carries_it_to_the_text_for_its_marker(project):
    trust = project.create_code("Trust")
    (coding,) = project.apply_code("green", 41, 46, [trust])
    (plain,) = project.apply_code("green", 47, 51, [trust])
    project.write_memo("coding", coding.coding_id, "Participants' word, not the authors'.")
    view = CodingView(project)
    assert view.text.legend[coding.coding_id]["memo"] == "NT: Participants' word, not the authors'."
    assert "memo" not in view.text.legend[plain.coding_id]


def test_recently_used_is_headed_only_once_there_are_codes_and_keys_keep_their_meaning(project):
    view = CodingView(project)
    assert view.recent_heading.layout.display == "none" and not view.recent.children
    trust = project.create_code("Trust")
    select(view, 0, 5)
    view.session.apply(trust.code_id)
    view.refresh()
    assert view.recent.children and view.recent_heading.layout.display is None
    from synthesis.widgets.coding_view import HELP

    assert "<span style='white-space:nowrap'>Esc clear</span>" in HELP  # never "Esc" at a line's end, "clear" below
