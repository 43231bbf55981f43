"""The coding notebook in a real JupyterLab, driven with the mouse in Chromium:
select a span, create a code, apply it, restart the kernel, find the highlight again; coding
stripes with their labels readable beside the text; Markdown bold drawn bold, its offsets kept."""

from __future__ import annotations

import json
import os
import re

from helpers import create_and_apply, highlight, open_and_run, restart_and_run_all, select_phrase
from playwright.sync_api import expect

from conftest import ROOT, axe_violations, contrast_ratios, layout_problems

PHRASE = "increased levels of confidence and personal development"
LABEL = "Confidence gained by families"

# every coding stripe on show: its code's label, whether three lines hold it, and its problems if
# it is cut without a tooltip holding it whole, lies over the text, or is not beside the
# paragraph where its stripe starts
STRIPE_LABELS = """() => Array.from(document.querySelectorAll('.qs-text .qs-stripe')).map(bar => {
    const label = bar.querySelector('.qs-stripe-label') || bar.querySelector('span');
    if (!label) return {text: '', cut: true, problems: ['no label']};
    const text = label.textContent, r = label.getBoundingClientRect(), b = bar.getBoundingClientRect();
    const body = bar.closest('.qs-text').querySelector('.qs-body').getBoundingClientRect();
    const span = document.querySelector(`.qs-text .qs-coded[data-codings~="${CSS.escape(bar.dataset.coding)}"]`);
    const para = span.closest('.qs-para').getBoundingClientRect();
    const cut = label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1;
    const problems = [];
    if (cut && !(label.closest('[title]') || {title: ''}).title.startsWith(text + ' (')) problems.push('cut, no tooltip');
    if (r.left < body.right || r.left < b.right) problems.push('over the text or the stripes');
    if (r.top < b.top - 1 || r.bottom > para.bottom + 1) problems.push('not beside its paragraph');
    return {text, cut, rect: [r.left, r.top, r.right, r.bottom], problems};
})"""


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

    # every stripe's label readable beside the stripes: whole (at 1280 px every label of the
    # example fits its lines), never over the text or another label, beside its own paragraph
    labels = page.evaluate(STRIPE_LABELS)
    assert labels and not [x["text"] for x in labels if x["cut"]], [x["text"] for x in labels if x["cut"]]
    assert not [x for x in labels if x["problems"]], [x for x in labels if x["problems"]]
    for i, x in enumerate(labels):
        for y in labels[i + 1:]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = x["rect"], y["rect"]
            assert a2 <= b0 or b2 <= a0 or a3 <= b1 or b3 <= a1, ("labels overlap", x, y)

    # clicking it selects that coding's span, in Python and on the page
    bar.click()
    selected = page.wait_for_selector(".qs-selected")
    assert coding in (selected.get_attribute("data-codings") or "").split()
    page.locator("button", has_text="Remove").first.wait_for()

    # nothing clipped and no empty horizontal scroll bars in the coding view
    problems = layout_problems(page, ".qs-coding-view", skip=".qs-stripe")
    assert not problems, problems

    # every label's text is readable on its code's colour (WCAG AA)
    ratios = contrast_ratios(page, ".qs-stripe-label")
    assert ratios and min(ratios) >= 4.5, ratios
    page.screenshot(path=str(artifacts / "coding-view-stripes.png"), full_page=False)

    # axe-core over the coding view's output area (our widgets, not JupyterLab's own chrome)
    problems = axe_violations(page, ".jp-OutputArea-output:has(.qs-coding-view)")
    assert not problems, json.dumps(problems, indent=1)


LGA = "lga-send-ehc-partnership-workshops-2020"

# the pieces of the text as drawn: each Markdown marker's and bold run's text, size and weight
DRAWN_MARKS = """() => Array.from(document.querySelectorAll('.qs-text .qs-markup, .qs-text .qs-bold')).map(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return {kind: e.classList.contains('qs-markup') ? 'marker' : 'bold', text: e.textContent,
            width: r.width, weight: Number(s.fontWeight), start: Number(e.dataset.start)};
})"""


def _drag_between(page, first: str, last: str) -> None:
    """Drag the mouse from the start of ``first`` to the end of ``last``, each found in one piece of
    the text (the drag may cross pieces and paragraphs between them)."""
    box = page.evaluate("""([first, last]) => {
        const root = document.querySelector('.qs-text');
        const find = (phrase) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) { const at = node.data.indexOf(phrase); if (at >= 0) return [node, at]; }
            return null;
        };
        const a = find(first), b = find(last);
        if (!a || !b) return null;
        a[0].parentElement.scrollIntoView({block: 'center'});
        const range = document.createRange();
        range.setStart(a[0], a[1]); range.setEnd(a[0], a[1] + 1);
        const one = range.getBoundingClientRect();
        range.setStart(b[0], b[1] + last.length - 1); range.setEnd(b[0], b[1] + last.length);
        const two = range.getBoundingClientRect();
        return {x0: one.left + 1, y0: one.top + one.height / 2, x1: two.right - 1, y1: two.top + two.height / 2};
    }""", [first, last])
    assert box, (first, last)
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def test_markdown_bold_shows_bold_and_a_selection_across_it_keeps_the_stored_offsets(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb")
    source = page.locator(".qs-coding-view .widget-inline-hbox", has=page.locator("label", has_text="Source"))
    source.locator("select").select_option(label="LGA, 2020")
    page.locator(".qs-coding-view h3", has_text="LGA").first.wait_for()
    page.locator(".qs-text .qs-bold").first.wait_for()
    text = (example_copy / "corpus" / "sources" / f"{LGA}.txt").read_text(encoding="utf-8")

    # every ** in the text is a marker out of sight, and the words between them are bold
    drawn = page.evaluate(DRAWN_MARKS)
    markers = [d for d in drawn if d["kind"] == "marker"]
    assert len(markers) == text.count("**") and all(d["text"] == "**" and d["width"] == 0 for d in markers)
    assert all(d["weight"] >= 700 and "*" not in d["text"] for d in drawn if d["kind"] == "bold")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.qs-text span[data-start]'))
        .filter(e => !e.classList.contains('qs-markup')).map(e => e.textContent).join('')""")
    assert "**" not in shown
    # the title, a paragraph all in bold over two lines, is a heading
    title = text.index("**Regional workshops")
    heading = page.locator(f'.qs-text .qs-heading span[data-start="{title + 2}"]')
    expect(heading).to_have_class(re.compile(r"qs-bold"))
    page.locator(".qs-text").first.evaluate("e => e.scrollTop = 0")
    page.locator(".qs-text").first.screenshot(path=str(artifacts / "coding-markdown-title.png"))

    # a drag from the heading above across "- **Background and context:**" to "Education": the
    # selection, the coding and its quote are those of the stored text, asterisks and all
    _drag_between(page, "the project", "Education")
    start = text.index("the project", text.index("Introduction and background"))
    end = text.index("Education", start) + len("Education")
    quote = text[start:end]
    assert quote == "the project\n\n- **Background and context:** Education"
    page.locator(".qs-coding-view .widget-html-content", has_text="context:** Education").first.wait_for()
    # drawn again with the selection, the text stays where it was scrolled to
    seen = page.evaluate("""() => {
        const root = document.querySelector('.qs-text').getBoundingClientRect();
        const marked = Array.from(document.querySelectorAll('.qs-text .qs-selected')).map(e => e.getBoundingClientRect());
        return marked.length > 0 && marked.every(r => r.width === 0 || (r.top >= root.top && r.bottom <= root.bottom));
    }""")
    assert seen, "the selection is out of sight after the text was drawn again"
    page.locator(".qs-text").first.screenshot(path=str(artifacts / "coding-markdown-bold.png"))
    create_and_apply(page, "Across a bold run")
    highlight(page, "Across a bold run").first.wait_for()
    log = (example_copy / "codebooks" / "logs" / "NT.jsonl").read_text(encoding="utf-8")
    applied = [json.loads(line)["data"] for line in log.splitlines() if '"coding.apply"' in line]
    assert (applied[-1]["start"], applied[-1]["end"], applied[-1]["quote"]) == (start, end, quote), applied[-1]
