"""Check and queue views driven without a browser."""

from __future__ import annotations

import ipywidgets as w
import pytest

from synthesis import Project
from synthesis.review import consensus_codings, disagreements, resolutions
from synthesis.widgets import CheckView, QueueView

TEXT = "Both partners acted. Trust grew over time. Roles were clear."


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text(TEXT, title="Note", source_id="note")
        p.create_code("Trust")
        p.create_code("Clarity")
        p.apply_code("note", 21, 42, "Trust")
        p.apply_code("note", 43, 60, "Clarity")
    return root


def test_check_view_agree_disagree_propose(root):
    with Project.open(root, reviewer="AG") as p:
        view = CheckView(p)
        assert view.of.value == "NT" and "Trust grew over time." in view.coding.value
        view.disagree_button.click()  # no reason yet
        assert "say why" in view.status.value
        view.reason.value = "this is about growth, not trust"
        view.disagree_button.click()
        assert "Roles were clear." in view.coding.value  # moved on
        view.code.value = p.code("Trust").code_id
        view.text.selection = [0, 20]  # the checker selects another span in the source
        view.propose_button.click()
        assert view.summary.value == "2 of 2 checked: 0 agree, 1 disagree, 1 propose"
        (proposal,) = [d for d in disagreements(p) if d.kind == "check" and d.proposed_span]
        assert proposal.proposed_span == (0, 20)
        view.undo_button.click()
        assert view.summary.value == "1 of 2 checked: 0 agree, 1 disagree, 0 propose"


def test_queue_view_resolves_with_a_consensus_coding(root):
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 0, 20, "Trust")
        view = QueueView(p)
        assert "3</b> disagreements" in view.counts.value
        index = next(i for i, d in enumerate(view.items) if d.coding.reviewer == "AG")
        view.list.value = index
        assert "NT</b> gave no matching code" in view.right.value
        view.remove.value = (view.items[index].coding.coding_id,)
        view.consensus_code.value = p.code("Clarity").code_id
        view.resolve_button.click()  # no note: nothing is written
        assert "say why" in view.status.value and len(p.codings) == 3
        view.note.value = "the team agreed it is about clarity of roles"
        view.resolve_button.click()
        assert "Removed 1 coding, added 1 agreed coding; 2 disagreements left" in view.status.value
        (r,) = resolutions(p)
        assert r.method == "discussion" and len(r.add) == 1 and len(r.remove) == 1
        assert "2</b> disagreements" in view.counts.value
        labels = {p.codes[c.code_id].label for c in consensus_codings(p) if c.start == 0}
        assert labels == {"Clarity"}


def _contrast(fore: str, back: str) -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(fore), lum(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_check_view_undo_takes_back_only_a_verdict_and_says_which(root):
    with Project.open(root, reviewer="AG") as p:
        view = CheckView(p)
        view.agree_button.click()
        p.create_code("Roles")  # done elsewhere (the coding view): not the check view's to undo
        assert "Roles were clear." in view.coding.value  # agreeing moved on to the next coding
        view.undo_button.click()
        assert "Undid: you agreed with &#x27;Trust&#x27; by NT (Note)" in view.status.value
        assert "Trust grew over time." in view.coding.value  # back at the coding whose verdict was undone
        assert view.summary.value.startswith("0 of 2 checked") and "Roles" in {c.label for c in p.codes.values()}
        # the message has a line of its own: it never squeezes the buttons
        nav = next(box for box in view.children if isinstance(box, w.HBox) and view.undo_button in box.children)
        assert view.status not in nav.children and nav.layout.flex_flow == "row wrap"
        view.undo_button.click()
        assert "Nothing of yours to undo here." in view.status.value
        assert "Roles" in {c.label for c in p.codes.values()}


def test_queue_keep_and_remove_look_different_and_preview_before_resolving(root):
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 0, 20, "Trust")
        view = QueueView(p)
        keep_box, remove_box = view.children[5].children
        keep_heading, remove_heading = keep_box.children[0].value, remove_box.children[0].value
        assert "✔ Keep" in keep_heading and "✖ Remove" in remove_heading
        assert keep_box.layout.border != remove_box.layout.border
        from synthesis.widgets.check_view import KEEP_STYLE, REMOVE_STYLE
        for style in (KEEP_STYLE, REMOVE_STYLE):
            assert _contrast(style["text"], style["background"]) >= 4.5
            assert _contrast(style["text"], "#FFFFFF") >= 4.5
        index = next(i for i, d in enumerate(view.items) if d.coding.reviewer == "AG")
        view.list.value = index
        mine = view.items[index].coding.coding_id
        view.remove.value = (mine,)
        assert "Resolving will" in view.preview.value and "✖ Remove: Trust by AG" in view.preview.value
        assert len(p.codings) == 3 and not resolutions(p)  # shown, not done
        view.keep.value = (mine,)
        assert "cannot be both kept and removed" in view.preview.value
        view.note.value = "both"
        view.resolve_button.click()
        assert "cannot be both" in view.status.value and not resolutions(p)


def test_queue_undo_takes_back_the_resolution_and_its_agreed_coding_only(root):
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 0, 20, "Trust")
        check = CheckView(p)
        check.agree_button.click()  # a verdict: the queue's Undo leaves it alone
        view = QueueView(p)
        view.undo_button.click()
        assert "Nothing of yours to undo here." in view.status.value
        index = next(i for i, d in enumerate(view.items) if d.coding.reviewer == "AG")
        view.list.value = index
        view.keep.value = (view.items[index].coding.coding_id,)
        view.consensus_code.value = p.code("Clarity").code_id
        view.note.value = "kept, and clarity added"
        view.resolve_button.click()
        assert "Kept 1 coding, added 1 agreed coding; 2 disagreements left" in view.status.value
        assert len(p.codings) == 4
        view.undo_button.click()
        assert "Undid: the resolution (kept 1 coding, added 1 agreed coding)" in view.status.value
        assert not resolutions(p) and len(p.codings) == 3 and "3</b> disagreements" in view.counts.value
        assert check.summary.value.startswith("1 of 2 checked: 1 agree")
        check.reason.value = "not about clarity"
        check.disagree_button.click()  # the queue view in the other cell follows at once
        assert "4</b> disagreements" in view.counts.value
        assert any(label.startswith("Clarity by NT; AG did not agree on checking · “Roles")
                   for label, _ in view.list.options)


def test_saved_views_show_a_summary_instead_of_widget_text(root):
    with Project.open(root, reviewer="AG") as p:
        check, queue = CheckView(p, of="nt"), QueueView(p)  # names ignore case
        assert check.of.value == "NT"
        bundle = check._repr_mimebundle_()
        assert bundle["text/plain"].startswith("Check view: AG: checking NT's codings; 0 of 2 codings checked")
        assert "CheckView(" not in bundle["text/plain"] and "Check view" in bundle["text/html"]
        said = queue._repr_mimebundle_()["text/plain"]
        assert said.startswith("Disagreement queue: 0 disagreements to resolve") and "everyone who codes" in said


def test_queue_compares_only_the_double_coders(root):
    with Project.open(root, reviewer="XY") as p:
        p.apply_code("note", 0, 20, "Clarity")  # a new reviewer tries the coding view
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 21, 42, "Trust")
        view = QueueView(p)
        assert any("XY" in (d.coding.reviewer, d.other_reviewer) for d in view.items)
        view.coders.value = ("AG", "NT")
        view.coders_button.click()
        assert "Comparing the codings of AG, NT" in view.status.value
        assert view.items and not any("XY" in (d.coding.reviewer, d.other_reviewer) for d in view.items)
        view.undo_button.click()
        assert "Undid: setting the double coders to AG, NT" in view.status.value
        assert any("XY" in (d.coding.reviewer, d.other_reviewer) for d in view.items)


def test_views_open_read_only_without_tracebacks(root):
    with Project.open(root) as p:
        check, queue = CheckView(p, of="NT"), QueueView(p)
        assert check.agree_button.disabled and queue.resolve_button.disabled
        assert "Open read-only" in check.status.value and "Open read-only" in queue.status.value
        assert "Trust grew over time." in check.coding.value


def test_queue_shows_both_reviewers_spans_side_by_side_in_display_colours(root):
    from synthesis.coding.session import display_colours

    with Project.open(root, reviewer="AG") as p:
        p.create_code("Growth")
        p.apply_code("note", 27, 42, "Growth")  # "grew over time.": inside NT's "Trust grew over time."
        view = QueueView(p)
        index = next(i for i, d in enumerate(view.items)
                     if d.kind == "double" and d.coding.reviewer == "NT" and d.coding.quote.startswith("Trust"))
        view.list.value = index
        colours = display_colours(p)
        trust, growth = p.code("Trust").code_id, p.code("Growth").code_id
        left, right = view.left.value, view.right.value
        assert "<b>NT</b>" in left and "<b>AG</b>" in right
        # each column: its own code as a chip in its display colour, the shared text around both spans
        assert f"background:{colours[trust]};color:" in left and ">Trust</span>" in left
        assert f"background:{colours[growth]};color:" in right and ">Growth</span>" in right
        for column in (left, right):
            assert "Both partners acted." in column and "Roles were clear." in column
        # NT's span is marked on the left, AG's outlined there; the reverse on the right
        outline = "<span style='outline:1px dashed #595959;outline-offset:1px'>"
        assert f"{outline}<span style='border-bottom:3px solid {colours[trust]}" in left  # "grew over time."
        assert f"{outline}<span style='border-bottom:3px solid {colours[growth]}" in right
        assert f"{outline}Trust" in right and f"{outline}Trust" not in left  # "Trust" only NT marked
        assert "dashed outline: AG's" in left and "dashed outline: NT's" in right


def test_check_view_and_queue_use_the_coding_views_display_colours(root):
    from synthesis.coding.session import display_colours

    with Project.open(root, reviewer="AG") as p:
        clash = p.create_code("Clash", colour=p.code("Trust").colour)  # a stored colour another code has
        p.apply_code("note", 21, 26, clash)
        shown = display_colours(p)
        assert shown[clash.code_id] != p.codes[clash.code_id].colour
        view = CheckView(p, of="NT")
        (entry,) = view.text.legend.values()
        assert entry["colour"] == shown[p.code("Trust").code_id]
        queue = QueueView(p)
        index = next(i for i, d in enumerate(queue.items) if d.coding.code_id == clash.code_id)
        queue.list.value = index
        assert f"background:{shown[clash.code_id]}" in queue.left.value


def test_check_view_draws_markdown_bold_as_the_coding_view_does(tmp_path):
    with Project.init(tmp_path / "b", reviewer="NT") as p:
        p.add_text("**Background:** trust grew.", title="Note", source_id="note")
        p.apply_code("note", 16, 27, p.create_code("Trust"))
    with Project.open(tmp_path / "b", reviewer="AG") as p:
        view = CheckView(p)
        assert view.text.text == "**Background:** trust grew."  # the stored text, asterisks and all
        assert view.text.marks == [[0, 2, "marker"], [2, 13, "bold"], [13, 15, "marker"]]
