"""The coding notebook in a real JupyterLab, driven with the mouse in Chromium:
select a span, create a code, apply it, restart the kernel, find the highlight again."""

from __future__ import annotations

import json
import os

from helpers import create_and_apply, highlight, open_and_run, restart_and_run_all, select_phrase

from conftest import ROOT, axe_violations, contrast_ratios

PHRASE = "increased levels of confidence and personal development"
LABEL = "Confidence gained by families"


def test_code_a_span_and_find_it_after_a_kernel_restart(lab, example_copy, page, artifacts):
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb")

    select_phrase(page, PHRASE)
    selected = page.wait_for_selector(".qs-selected")
    assert "confidence" in selected.inner_text()
    create_and_apply(page, LABEL)
    mark = highlight(page, LABEL)
    mark.first.wait_for()
    assert PHRASE in "".join(mark.all_inner_texts())
    assert "(NT)" in mark.first.get_attribute("title")

    # on disk before the view showed it
    log = (example_copy / "codebooks" / "logs" / "NT.jsonl").read_text(encoding="utf-8")
    events = [json.loads(line) for line in log.splitlines()]
    assert any(e["type"] == "code.create" and e["data"]["label"] == LABEL for e in events)
    applied = [e for e in events if e["type"] == "coding.apply" and e["data"]["quote"] == PHRASE]
    assert applied, "the coding of the dragged span is not in the log"

    page.locator(".qs-text").first.screenshot(path=str(artifacts / "coding-text.png"))
    page.screenshot(path=str(artifacts / "coding-view.png"), full_page=False)
    if os.environ.get("SYNTHESIS_UPDATE_SCREENSHOTS") == "1":  # the README's picture: stripes and the code tree
        tabs = page.locator(".qs-coding-view .lm-TabBar-tab")
        tabs.filter(has_text="Codebook").first.click()
        page.get_by_text("Codes by parent code").first.wait_for()
        page.screenshot(path=str(ROOT / "docs" / "coding-view.png"), full_page=False)
        tabs.filter(has_text="Code").first.click()

    # hover shows the codes and who applied them; clicking a highlight lists them with Remove
    mark.first.click()
    page.locator("button", has_text="Remove").first.wait_for()

    # the keyboard alone: clear, select the first sentence with j, apply the last code with a
    text = page.locator(".qs-text").first
    text.focus()
    page.keyboard.press("Escape")
    page.wait_for_selector(".qs-selected", state="detached")
    page.keyboard.press("j")
    first = page.wait_for_selector(".qs-selected")
    assert first.inner_text().startswith("despite these differences")
    before = highlight(page, LABEL).count()
    page.keyboard.press("a")
    page.wait_for_function(
        "([label, n]) => document.querySelectorAll(`.qs-coded[data-codes*='${label}']`).length > n",
        arg=[LABEL, before])

    # restart the kernel and run everything again: the highlight comes back from the logs
    page.evaluate("document.querySelectorAll('.qs-text').forEach(e => e.dataset.old = '1')")
    restart_and_run_all(page)
    page.wait_for_selector(".qs-text:not([data-old])", timeout=120_000)
    again = page.locator(f'.qs-text:not([data-old]) .qs-coded[data-codes*="{LABEL}"]')
    again.first.wait_for()
    assert PHRASE in "".join(again.all_inner_texts())


def test_coding_stripes_hover_and_click_and_nothing_clipped(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb", ready=".qs-stripe")
    stripes = page.locator(".qs-stripe")
    assert stripes.count() > 0
    numbers = page.evaluate("Array.from(document.querySelectorAll('.qs-para[data-n]')).length")
    assert numbers > 0, "no paragraph numbers"

    # hovering a stripe highlights its span, and only its span
    bar = stripes.first
    coding = bar.get_attribute("data-coding")
    bar.hover()
    page.wait_for_selector(".qs-hovered")
    hovered = page.evaluate("Array.from(document.querySelectorAll('.qs-hovered')).map(e => e.dataset.codings)")
    assert hovered and all(coding in ids.split() for ids in hovered)
    box, mark = bar.bounding_box(), page.locator(".qs-hovered").first.bounding_box()
    assert box["y"] <= mark["y"] + mark["height"] and mark["y"] <= box["y"] + box["height"], "stripe beside its span"
    page.locator(".qs-text").first.screenshot(path=str(artifacts / "coding-stripes.png"))

    # clicking it selects that coding's span, in Python and on the page
    bar.click()
    selected = page.wait_for_selector(".qs-selected")
    assert coding in (selected.get_attribute("data-codings") or "").split()
    page.locator("button", has_text="Remove").first.wait_for()

    # nothing clipped and no empty horizontal scroll bars in the coding view
    problems = page.evaluate("""() => {
        const view = document.querySelector('.qs-coding-view');
        const out = [];
        for (const e of view.querySelectorAll('button, label, .widget-label, .widget-html-content, .qs-stripe')) {
            if (!e.offsetParent || e.classList.contains('qs-stripe')) continue;
            if (e.scrollWidth > e.clientWidth + 1) out.push('clipped: ' + (e.textContent || '').trim().slice(0, 60));
        }
        for (const e of [view, ...view.querySelectorAll('*')]) {
            const style = getComputedStyle(e);
            const scrolls = ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1;
            if (style.overflowX === 'scroll' || scrolls) out.push('scroll bar: ' + e.className);
        }
        return out;
    }""")
    assert not problems, problems

    # every chip's text is readable on its colour (WCAG AA)
    ratios = contrast_ratios(page, ".qs-stripe")
    assert ratios and min(ratios) >= 4.5, ratios
    page.screenshot(path=str(artifacts / "coding-view-stripes.png"), full_page=False)

    # axe-core over the coding view's output area (our widgets, not JupyterLab's own chrome)
    problems = axe_violations(page, ".jp-OutputArea-output:has(.qs-coding-view)")
    assert not problems, json.dumps(problems, indent=1)
