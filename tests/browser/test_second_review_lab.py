"""Second review in a real JupyterLab: Keep and Remove look different, and a second notebook
opening the same reviewer's log says so in a sentence instead of a traceback."""

from __future__ import annotations

from helpers import open_and_run, reveal

from conftest import layout_problems

LOCKED = "AG's log is open in another notebook or app"


def test_queue_sides_differ_and_a_locked_log_opens_read_only(lab, example_copy, page, artifacts):
    open_and_run(page, lab, "notebooks/03_second_review.ipynb", ready=".widget-button:has-text('Resolve')")
    reveal(page.get_by_text("Working as AG.").first)
    keep = page.get_by_text("✔ Keep").first
    remove = page.get_by_text("✖ Remove").first
    keep.scroll_into_view_if_needed()
    colours = [h.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
               for h in (keep, remove)]
    assert colours[0] != colours[1], colours
    page.screenshot(path=str(artifacts / "queue-keep-remove.png"))
    # the disagreement side by side: two columns over the same text, each with its reviewer's codes
    sides = page.locator(".qs-side")
    assert sides.count() >= 2
    chips = page.locator(".qs-side span[style*='border-radius']")
    assert chips.count() >= 1
    chip = chips.first.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert chip[0] != chip[1], chip
    texts = [sides.nth(i).locator("div[style*='pre-wrap']").first.inner_text() for i in range(2)]
    assert texts[0] and texts[0] == texts[1]  # the same stretch of text on both sides
    sides.first.scroll_into_view_if_needed()
    page.locator(".widget-hbox:has(> .qs-side)").first.screenshot(
        path=str(artifacts / "queue-side-by-side.png"))
    assert not layout_problems(page, ".qs-queue-view, .qs-check-view"), layout_problems(page, ".qs-queue-view, .qs-check-view")
    # notebook 04 also works as AG, and 03's kernel still holds AG's log
    open_and_run(page, lab, "notebooks/04_build_themes.ipynb",
                 ready=".widget-button:has-text('New descriptive theme')")
    message = page.get_by_text(LOCKED).first
    reveal(message)
    assert "opens read-only" in (message.text_content() or "")
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
    message.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "locked-log-read-only.png"))
