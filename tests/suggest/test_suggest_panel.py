"""Suggestions in the coding view, driven as a reviewer would (buttons and keys), without a browser."""

from __future__ import annotations

import shutil

from synthesis.suggest import provenance, rejections
from synthesis.widgets.coding_view import CodingView

SOURCE = "guide-partnership-working-send-early-years"


def _view(writable, example_root, trained) -> CodingView:
    # the model trained on the same codings is reused from the shared copy (its key matches)
    shutil.copytree(example_root / ".synthesis" / "suggest", writable.root / ".synthesis" / "suggest")
    view = CodingView(writable)
    view.session.go_to(SOURCE)
    view.refresh()
    return view


def _key(view: CodingView, key: str) -> None:
    view.text._handle(view.text, {"type": "key", "key": key}, [])


def test_suggestions_are_off_until_asked_for(writable, example_root, trained) -> None:
    view = _view(writable, example_root, trained)
    assert view.tabs.get_title(len(view.tabs.children) - 1) == "Suggestions"
    assert view.text.hints == [] and "nothing is sent anywhere" in view.suggestions.info.value
    before = len(writable.events)
    _key(view, "s")  # no model yet: the key does nothing
    assert len(writable.events) == before


def test_turn_on_accept_with_a_key_reject_and_undo(writable, example_root, trained) -> None:
    _, model = trained
    view = _view(writable, example_root, trained)
    view.suggestions.turn_on.click()
    assert view.suggestions.model.key == model.key
    hints = view.text.hints
    assert hints and sum(h[3] for h in hints) == 1  # one sentence is the current one
    assert all(h[2].startswith("Suggested: ") for h in hints)
    assert "need more coded sentences" in view.suggestions.more.value
    first = view.suggestions.current()
    assert [h[3] for h in hints if (h[0], h[1]) == (first.start, first.end)] == [True]
    # no coding covers a suggested sentence, so it is outlined, not highlighted
    assert not any(r[2] for r in view.text.runs if r[0] < first.end and r[1] > first.start)

    _key(view, "s")
    coding = next(c for c in writable.codings_of(SOURCE) if (c.start, c.end) == (first.start, first.end))
    assert coding.code_id == first.code_id and coding.coding_id in provenance(writable)
    assert any(r[2] == [coding.coding_id] or coding.coding_id in r[2] for r in view.text.runs)
    assert all((h[0], h[1]) != (first.start, first.end) for h in view.text.hints)
    assert "coded with" in view.status.value

    second = view.suggestions.current()
    _key(view, "x")
    assert (second.source_id, second.start, second.end, second.code_id) in rejections(writable)
    assert all(s != second for s in view.suggestions.found)

    _key(view, "u")  # undo the rejection
    assert any(s == second for s in view.suggestions.found)


def test_the_selection_chooses_the_sentence_and_accept_all(writable, example_root, trained) -> None:
    view = _view(writable, example_root, trained)
    view.suggestions.turn_on.click()
    last = view.suggestions.found[-1]
    view.text.selection = [last.start, last.start + 1]
    assert view.suggestions.current().start == last.start
    assert [h[3] for h in view.text.hints if h[0] == last.start] == [True]
    sentences = {(s.start, s.end) for s in view.suggestions.found}
    before = len(writable.codings)
    _key(view, "S")
    assert len(writable.codings) == before + len(sentences)
    # the accepted sentences are coded now, so no longer outlined; the model learned from them,
    # so other sentences may now be suggested
    assert not any((h[0], h[1]) in sentences for h in view.text.hints)
    assert view.suggestions.model.updates == 1
    view.undo_button.click()
    assert len(writable.codings) == before and {(h[0], h[1]) for h in view.text.hints} == sentences
    assert view.suggestions.model.updates == 0


def test_a_decision_moves_the_model_and_undo_takes_it_back(writable, example_root, trained) -> None:
    _, model = trained
    view = _view(writable, example_root, trained)
    view.suggestions.turn_on.click()
    first = view.suggestions.current()
    _key(view, "s")
    moved = view.suggestions.model
    assert moved.updates == 1 and moved.model_id == f"{model.key[:12]}+1" and moved.key == model.key
    # the next suggestions come from the moved model, and say so in their provenance
    assert all(s.model == moved.model_id for s in view.suggestions.found)
    second = view.suggestions.current()
    _key(view, "s")
    accepted = [c for c in writable.codings_of(SOURCE) if (c.start, c.end) == (second.start, second.end)]
    assert provenance(writable)[accepted[0].coding_id]["model"] == moved.model_id
    assert view.suggestions.model.updates == 2
    view.undo_button.click()
    assert view.suggestions.model is moved
    view.undo_button.click()
    assert view.suggestions.model.updates == 0 and view.suggestions.model.model_id == model.model_id
    assert any((s.start, s.end) == (first.start, first.end) for s in view.suggestions.found)
    # redoing the decisions moves the model forward again, to the very models they made
    assert accepted[0].coding_id not in writable.codings
    view.redo_button.click()
    assert view.suggestions.model is moved
    view.redo_button.click()
    assert view.suggestions.model.updates == 2
    assert all(s.model == view.suggestions.model.model_id for s in view.suggestions.found)
    # a new decision after an undo cannot be redone past: the model follows the new decision
    view.undo_button.click()
    assert view.suggestions.model is moved
    _key(view, "x")
    assert view.suggestions.model.updates == 2 and view.suggestions.model is not moved
    assert not view.project.can_redo() and view.suggestions._unlearned == []


def test_a_rejection_undone_and_redone_moves_the_model_each_time(writable, example_root, trained) -> None:
    view = _view(writable, example_root, trained)
    view.suggestions.turn_on.click()
    start = view.suggestions.model
    _key(view, "x")
    rejected = view.suggestions.model
    assert rejected.updates == 1 and len(rejections(writable)) == 1
    view.undo_button.click()
    assert view.suggestions.model is start and not rejections(writable)
    view.redo_button.click()
    assert view.suggestions.model is rejected and len(rejections(writable)) == 1


def test_find_similar_to_a_coding_then_apply_its_code_from_the_list(writable, example_root, trained) -> None:
    view = _view(writable, example_root, trained)
    coding = writable.codings_of(SOURCE)[0]
    view.select_coding(coding.coding_id)
    view.suggestions.similar_button.click()
    panel = view.suggestions
    label = writable.codes[coding.code_id].label
    assert "Sentences like the coding" in panel.found_title.value and label in panel.found_title.value
    assert "sentences like the coding you chose" in view.status.value
    rows = panel.found_rows.children
    assert 0 < len(rows) <= 10
    show, apply = rows[0].children[0], rows[0].children[1]
    assert (show.description, apply.description) == ("Show", "Apply")
    show.click()  # the passage opens in the text, selected
    start, end = view.session.selection
    target = view.session.source_id
    assert not any(c.code_id == coding.code_id and c.start < end and c.end > start
                   for c in writable.codings_of(target))
    apply.click()
    assert any(c.code_id == coding.code_id and (c.start, c.end) == (start, end) for c in writable.codings_of(target))


def test_find_similar_to_the_selected_text_and_check(writable, example_root, trained) -> None:
    view = _view(writable, example_root, trained)
    panel = view.suggestions
    view.chosen_coding = None
    view.session.selection = None
    panel.similar_button.click()
    assert "select some text first" in view.status.value and panel.found_rows.children == ()
    sentence = writable.segments(SOURCE)[3]
    view.text.selection = [sentence.start, sentence.end]
    view.chosen_coding = None
    panel.similar_button.click()
    assert "Sentences like “" in panel.found_title.value
    rows = panel.found_rows.children
    assert 0 < len(rows) <= 10 and all(r.children[0].description == "Show" for r in rows)
    assert all(len(r.children) == 2 for r in rows)  # no code to apply for a plain selection
    rows[0].children[0].click()
    assert view.session.selection != (sentence.start, sentence.end)  # never the selected sentence itself

    panel.check_button.click()  # trains (or reads) the model first if suggestions are off
    assert panel.model is not None and "second look" in panel.found_title.value
    assert "unlike the rest of their code" in view.status.value
    assert panel.found_rows.children and ("unlike its code" in panel.found_rows.children[0].children[1].value
                                          or "like this code" in panel.found_rows.children[0].children[1].value)
