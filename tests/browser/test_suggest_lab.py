"""Suggested codes in the coding view, in a real JupyterLab driven in Chromium: turn suggestions
on, see the dashed outlines, accept the current sentence's first suggestion with the s key, and
find its highlight in the text and the provenance in the reviewer's log; then list sentences like
the selected one (Find similar) and codings worth a second look (Check codings)."""

from __future__ import annotations

import json

import nbformat
from helpers import highlight, open_and_run

SOURCE = "guide-partnership-working-send-early-years"


def write_notebook(path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        'from synthesis import Project\nfrom synthesis.widgets.coding_view import CodingView\n'
        'project = Project.open("..", reviewer="NT")\nview = CodingView(project)\n'
        f'view.session.go_to("{SOURCE}")\nview.refresh()\nview')]
    nbformat.write(nb, path)


def test_accept_a_suggestion_with_a_key(lab, example_copy, page, artifacts):
    write_notebook(example_copy / "notebooks" / "suggest_lab.ipynb")
    open_and_run(page, lab, "notebooks/suggest_lab.ipynb")

    page.locator(".lm-TabBar-tabLabel, .p-TabBar-tabLabel", has_text="Suggestions").first.click()
    page.locator("button", has_text="Suggest codes").first.click()
    current = page.locator(".qs-suggested-current").first
    current.wait_for(timeout=180_000)  # the model trains in the kernel first
    assert page.locator(".qs-suggested").count() > 0
    # an outline, not a coding: no fill and no stripe
    assert current.evaluate("e => getComputedStyle(e).outlineStyle") == "dashed"
    assert current.evaluate("e => e.classList.contains('qs-coded')") is False
    tip = current.get_attribute("title")
    assert tip.startswith("Suggested: ")
    label = tip.removeprefix("Suggested: ").split(" (")[0]
    words = "".join(page.locator(".qs-suggested-current").all_inner_texts())
    start = current.get_attribute("data-start")
    page.screenshot(path=str(artifacts / "suggest-before.png"), full_page=False)

    page.locator(".qs-text").first.focus()
    page.keyboard.press("s")
    mark = highlight(page, label).and_(page.locator(f'[data-start="{start}"]'))
    mark.wait_for()  # the accepted sentence is now a coding of that code, where the outline was
    assert words.startswith(mark.inner_text())
    assert mark.evaluate("e => e.classList.contains('qs-suggested')") is False
    page.locator(".qs-coding-view", has_text="coded with").first.wait_for()
    page.screenshot(path=str(artifacts / "suggest-accepted.png"), full_page=False)

    # the next sentence (j), then sentences like it
    page.locator(".qs-text").first.focus()
    page.keyboard.press("j")
    page.locator("button", has_text="Find similar").first.click()
    page.locator(".qs-suggest-found", has_text="Sentences like").first.wait_for(timeout=60_000)
    page.locator(".qs-suggest-found-rows button", has_text="Show").first.wait_for()
    page.locator(".qs-suggest-found").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "suggest-similar.png"), full_page=False)

    page.locator("button", has_text="Check codings").first.click()
    page.locator(".qs-suggest-found", has_text="second look").first.wait_for(timeout=120_000)
    page.locator(".qs-coding-view", has_text="unlike the rest of their code").first.wait_for()
    page.locator(".qs-suggest-found").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "suggest-check.png"), full_page=False)

    log = (example_copy / "codebooks" / "logs" / "NT.jsonl").read_text(encoding="utf-8")
    events = [json.loads(line) for line in log.splitlines()]
    accepted = [e for e in events if e["type"] == "coding.apply" and "suggested_by" in e["data"]]
    assert len(accepted) == 1 and accepted[0]["data"]["source_id"] == SOURCE
    assert 0.5 <= accepted[0]["data"]["suggested_by"]["confidence"] <= 1
