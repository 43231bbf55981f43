"""Notebook 01 in a real JupyterLab: a PDF's preview shows its text page by page with what the
importer did and took out, a folder of PDFs imports under a progress bar and ends with a table
per file; nothing is cut off and no error shows."""

from __future__ import annotations

from helpers import open_and_run

from conftest import layout_problems


def test_preview_progress_and_per_file_table(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/01_import_corpus.ipynb", ready=".qs-import-preview")
    preview = page.locator(".qs-import-preview").first
    words = preview.inner_text()
    # the printed page numbers (101-103) label the pages; the running head is taken out of the text
    assert "page 101" in words and "page 103" in words
    assert "What the importer did" in words and "joined 1 hyphenated words" in words
    assert "partnership grew" in words and "partner-" not in words.split("What the importer did")[0]
    preview.locator("summary").click()  # what was taken out, line by line
    preview.get_by_text("Journal of Partnership Studies 7 (2021) 101–103").first.wait_for()
    assert not layout_problems(page, ".qs-import-preview"), layout_problems(page, ".qs-import-preview")
    preview.scroll_into_view_if_needed()
    preview.screenshot(path=str(artifacts / "import-preview.png"))

    # the folder's progress bar ran to the end, and a table says what each file gave
    bar = page.locator(".jp-OutputArea-output .widget-html-content", has_text="2/2").first
    bar.wait_for(timeout=300_000)
    table = page.locator(".jp-OutputArea-output table", has_text="Reyes 2019.pdf").first
    table.wait_for()
    assert "Okafor 2021.pdf" in table.inner_text()
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "import-folder.png"))
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert not [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
