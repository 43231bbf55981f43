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
    assert len(writable.codings) == before + len(sentences) and view.text.hints == []
    view.undo_button.click()
    assert len(writable.codings) == before and len(view.text.hints) == len(sentences)
