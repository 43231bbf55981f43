"""The search view in a real JupyterLab, driven in Chromium: search, open a hit in the coding
view (it arrives selected), code it, and find the coding in the reviewer's log."""

from __future__ import annotations

import json

import nbformat
from helpers import create_and_apply, highlight, open_and_run

from conftest import layout_problems

PHRASE = "reciprocity evaporated"
LABEL = "Reciprocity lost"


def write_notebook(path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        'from synthesis import Project\nfrom synthesis.widgets import SearchView\n'
        'project = Project.open("..", reviewer="NT")\nSearchView(project)')]
    nbformat.write(nb, path)


def test_search_open_a_hit_and_code_it(lab, example_copy, page, artifacts):
    write_notebook(example_copy / "notebooks" / "search_lab.ipynb")
    open_and_run(page, lab, "notebooks/search_lab.ipynb", ready=".qs-search-view")

    view = page.locator(".qs-search-view").first
    view.get_by_placeholder("A word, a phrase, trust* or a pattern").fill(PHRASE)
    view.locator("select").first.wait_for()
    page.locator(".qs-search-view .widget-dropdown select").first.select_option(label="Phrase")
    view.locator("button", has_text="Search").first.click()
    results = page.locator(".qs-search-results select")
    page.wait_for_function("() => document.querySelectorAll('.qs-search-results option').length === 1")
    shown = page.locator(".qs-search-results option").first.inner_text().replace("\xa0", " ")  # spaces kept
    assert "[reciprocity evaporated]" in shown and shown.startswith("(McKean et al., 2017; p. 521)")
    assert not layout_problems(page, ".qs-search-view"), layout_problems(page, ".qs-search-view")
    results.select_option(index=0)  # choose the hit, as a click does
    view.locator("button", has_text="Open in coding view").click()

    selected = page.wait_for_selector(".qs-selected")
    assert PHRASE in selected.inner_text()
    create_and_apply(page, LABEL)
    mark = highlight(page, LABEL)
    mark.first.wait_for()
    assert "".join(mark.all_inner_texts()) == PHRASE
    page.screenshot(path=str(artifacts / "search-view.png"), full_page=False)

    log = (example_copy / "codebooks" / "logs" / "NT.jsonl").read_text(encoding="utf-8")
    events = [json.loads(line) for line in log.splitlines()]
    applied = [e for e in events if e["type"] == "coding.apply" and e["data"]["quote"] == PHRASE]
    assert len(applied) == 1 and applied[0]["data"]["source_id"] == "mckean2017-extracts"
