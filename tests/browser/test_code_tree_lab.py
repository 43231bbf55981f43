"""The code tree in a real JupyterLab: codes beyond the palette drawn with patterns, a code moved
under another from the Codebook tab, the tree by parent code (every label whole, a drop's question
and outcome beside the rows they are about, Undo taking a drop back), a merge that asks first, a
colour set."""

from __future__ import annotations

import json
import re

from helpers import coding_button, coding_tab, open_and_run, pick_option

from conftest import layout_problems
from playwright.sync_api import expect

from synthesis.coding import CodingSession
from synthesis.palette import DISPLAY_PALETTE
from synthesis.project import Project

CONTRAST = """() => {
    const lum = (rgb) => {
        const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map(c => c / 255)
            .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return Array.from(document.querySelectorAll('.qs-stripe[class*="qs-pat-"] .qs-stripe-label')).map(e => {
        const s = getComputedStyle(e), [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    });
}"""

LONG = "How partners who had never met learnt to trust one another across services and sectors"

# every row of the code tree: its problems if its label is not shown whole (a long one wraps onto
# more lines inside the tree), its counts are not level with the label's first line and in view,
# or its indent is lost
ROWS = """() => Array.from(document.querySelectorAll('.qs-ctree-row')).map(row => {
    const chip = row.querySelector('.qs-ctree-chip'), counts = row.querySelector('.qs-ctree-counts');
    const r = row.getBoundingClientRect(), h = chip.getBoundingClientRect(), c = counts.getBoundingClientRect();
    const tree = row.closest('.qs-ctree').getBoundingClientRect();
    const label = chip.textContent, lines = Math.round(chip.clientHeight / parseFloat(getComputedStyle(chip).lineHeight));
    const problems = [];
    if (chip.scrollWidth > chip.clientWidth + 1 || chip.scrollHeight > chip.clientHeight + 1) problems.push('label cut');
    if (h.right > tree.right + 1) problems.push('label beyond the tree');
    if (Math.abs(c.top - h.top - parseFloat(getComputedStyle(chip).paddingTop) - 2) > 4) problems.push('counts not on the first line');
    if (c.right > r.right + 1 || c.width < 4 || counts.scrollWidth > counts.clientWidth + 1) problems.push('count cut');
    if (row.scrollWidth > row.clientWidth + 1) problems.push('row overflows');
    const level = Number(row.getAttribute('aria-level'));
    if (parseFloat(getComputedStyle(row).paddingLeft) !== (level - 1) * 18) problems.push('indent lost');
    return {label, lines, problems};
})"""

# where the tree's words after a drop are: beside the row they are about, and not in the coding
# view's line beside Undo
SAID = """(text) => {
    const said = Array.from(document.querySelectorAll('.qs-ctree-said')).find(e => e.textContent === text);
    const status = Array.from(document.querySelectorAll('.qs-coding-view .widget-html-content'))
        .find(e => e.closest('.widget-hbox') && e.closest('.widget-hbox').querySelector('button[title^="Undo"]'));
    if (!said) return null;
    const row = said.closest('li').previousElementSibling, box = said.getBoundingClientRect();
    const chip = row.querySelector('.qs-ctree-chip').getBoundingClientRect();
    return {row: row.querySelector('.qs-ctree-chip').textContent, gap: box.top - chip.bottom,
            beside_undo: status ? status.textContent : null, shown: box.width > 0 && box.height > 0};
}"""


def _more_codes_than_colours(root) -> list[str]:
    """NT makes enough new codes that the palette runs out, and codes the first sentences of the
    first source with the first new code and with the codes beyond the palette; one more code has
    a label far too long for the Codebook column."""
    with Project.open(root, reviewer="NT") as p:
        labels = [f"Extra code {n + 1:02d}" for n in range(max(len(DISPLAY_PALETTE) + 6 - len(p.codes), 3))]
        codes = [p.create_code(label) for label in labels]
        sid = CodingSession(p, remember=False).source_order()[0]
        segments = [s for s in p.segments(sid) if s.end - s.start > 20]
        for code, segment in zip([codes[0], codes[1], *codes[-6:]], segments):
            p.apply_code(sid, segment.start, segment.end, code)
        p.create_code(LONG)
        return labels


def _shot(page, locator, path) -> None:
    """A screenshot of the part of ``locator`` shown in the notebook's scrolling area (the code
    tree is taller than the window)."""
    box, area = locator.bounding_box(), page.locator(".jp-Notebook").first.bounding_box()
    x, y = max(box["x"], area["x"]), max(box["y"], area["y"])
    right = min(box["x"] + box["width"], area["x"] + area["width"])
    bottom = min(box["y"] + box["height"], area["y"] + area["height"])
    page.screenshot(path=str(path), clip={"x": x, "y": y, "width": right - x, "height": bottom - y})


def _choose(page, select_label: str, option: str) -> None:
    """Pick ``option`` in the ipywidgets dropdown or list whose label says ``select_label``."""
    box = page.locator(".qs-coding-view .widget-inline-hbox, .qs-coding-view .widget-select",
                       has=page.locator("label", has_text=select_label)).first
    pick_option(box.locator("select"), option)


def test_patterns_nesting_merge_confirmation_and_colour(lab, example_copy, page, artifacts):
    labels = _more_codes_than_colours(example_copy)
    assert labels
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb", ready=".qs-stripe")

    # codes beyond the palette: a pattern over the highlight and the stripe, labels still readable
    page.wait_for_selector('.qs-stripe[class*="qs-pat-"]')
    assert page.locator('.qs-coded[class*="qs-pat-"]').count() > 0
    images = page.evaluate("""Array.from(document.querySelectorAll('.qs-stripe[class*="qs-pat-"]'))
                              .map(e => getComputedStyle(e).backgroundImage)""")
    assert images and all("gradient" in i for i in images), images
    ratios = page.evaluate(CONTRAST)
    assert ratios and min(ratios) >= 4.5, ratios
    page.locator(".qs-text").first.screenshot(path=str(artifacts / "code-patterns-text.png"))

    # the Codebook tab: nest a code under another, then see the tree by parent code
    coding_tab(page, "Codebook")
    # the "All codes" list: labels with their counts, once the kernel has drawn it
    page.wait_for_function("""(text) => Array.from(document.querySelectorAll('.qs-coding-view select')).some(
        s => Array.from(s.options).some(o => o.textContent.replace(/\u00a0/g, ' ').startsWith(text)))""",
                           arg="Extra code 02 —")
    index = page.evaluate("""(text) => Array.from(document.querySelectorAll('.qs-coding-view select')).findIndex(
        s => Array.from(s.options).some(o => o.textContent.replace(/\u00a0/g, ' ').startsWith(text)))""",
                          "Extra code 02 —")
    pick_option(page.locator(".qs-coding-view select").nth(index), "Extra code 02 —", prefix=True)
    page.locator(".qs-coding-view", has_text=re.compile(r"Extra code 02\s+made by NT")).first.wait_for()
    _choose(page, "Move under", "Extra code 01")
    coding_button(page, "Move").click()
    page.get_by_text("'Extra code 02' is now under 'Extra code 01'").first.wait_for()
    by_parent = page.locator(".qs-coding-view .widget-toggle-button", has_text="Codes by parent code").first
    by_parent.click()
    expect(by_parent).to_have_class(re.compile(r"mod-active"))
    chip = page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 02$")).first
    expect(chip.locator("xpath=ancestor::li[1]")).to_have_attribute("aria-level", "2")
    branch = page.locator(".qs-ctree-row", has=page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 01$")))
    expect(branch.first.locator(".qs-ctree-counts")).to_have_text("1 · 2 in branch")
    expect(branch.first.locator(".qs-ctree-counts")).to_have_attribute(
        "title", "1 coding · branch: 2 codes, 2 codings")
    patterned = page.locator('.qs-ctree-chip[class*="qs-pat-"]')
    expect(patterned.first).to_be_attached()
    swatch = patterned.first.evaluate("e => getComputedStyle(e, '::before').backgroundImage")
    assert "gradient" in swatch, swatch

    # every label whole in the narrow column: a long one wraps onto more lines, the counts stay
    # level with its first line and in view, the indent stays
    rows = page.evaluate(ROWS)
    assert rows and not [r for r in rows if r["problems"]], [r for r in rows if r["problems"]]
    (long,) = [r for r in rows if r["label"] == LONG]
    assert long["lines"] >= 2, long  # the test sees a label that really is too long for one line
    _shot(page, page.locator(".qs-ctree").first, artifacts / "code-tree-rows.png")

    # fold and unfold a branch
    branch.first.locator(".qs-ctree-fold[aria-label='Fold Extra code 01']").click()
    chip.wait_for(state="detached")
    branch.first.locator(".qs-ctree-fold[aria-label='Unfold Extra code 01']").click()
    chip.wait_for()

    # drag 'Extra code 03' onto 'Extra code 01' with the mouse: the tree asks, nesting is one code.move
    moving = page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 03$")).first
    target = page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 01$")).first
    target.scroll_into_view_if_needed()
    moving.scroll_into_view_if_needed()
    start, end = moving.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + 10, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + 10, end["y"] + end["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10)
    expect(target).to_have_class(re.compile(r"qs-over"))  # the target under the pointer is marked
    page.mouse.up()
    nest = page.locator(".qs-ctree-question button", has_text="Nest 'Extra code 03' under 'Extra code 01'")
    nest.wait_for()
    expect(page.locator(".qs-ctree-question button", has_text="Merge 'Extra code 03' into 'Extra code 01'")).to_have_count(1)
    _shot(page, page.locator(".qs-ctree").first, artifacts / "code-tree-drag-question.png")
    # the question is asked under the code dropped on, its words at its head
    asked = page.locator(".qs-ctree-question .qs-ctree-asked")
    expect(asked).to_have_text("Dropped 'Extra code 03' on 'Extra code 01': nest or merge?")
    question_row = page.evaluate("""() => document.querySelector('.qs-ctree-question').closest('li')
        .previousElementSibling.querySelector('.qs-ctree-chip').textContent""")
    assert question_row == "Extra code 01", question_row
    nest.click()
    said = page.locator(".qs-ctree-said", has_text="'Extra code 03' is now under 'Extra code 01'")
    said.wait_for()
    # what came of it shows under the moved code's row, not beside the coding view's Undo
    where = page.evaluate(SAID, "'Extra code 03' is now under 'Extra code 01'")
    assert where and where["shown"] and where["row"] == "Extra code 03" and 0 <= where["gap"] < 12, where
    assert "Extra code 03" not in (where["beside_undo"] or ""), where
    said.scroll_into_view_if_needed()
    _shot(page, page.locator(".qs-ctree").first, artifacts / "code-tree-said.png")
    with Project.open(example_copy) as p:
        extra1, extra3 = p.code("Extra code 01").code_id, p.code("Extra code 03").code_id
    log = [json.loads(line) for line in (example_copy / "codebooks" / "logs" / "NT.jsonl").read_text().splitlines()
           if line.strip()]
    assert log[-1]["type"] == "code.move" and log[-1]["data"]["code_id"] == extra3, log[-1]
    assert log[-1]["data"]["parent"] == extra1
    # Undo (below the text) takes the move back; the tree's words go with it; Redo puts it back
    coding_button(page, "Undo").click()
    page.locator(".qs-coding-view .widget-html-content", has_text="Undid:").first.wait_for()
    expect(page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 03$")).first.locator(
        "xpath=ancestor::li[1]")).to_have_attribute("aria-level", "1")
    expect(page.locator(".qs-ctree-said")).to_have_count(0)
    coding_button(page, "Redo").click()
    page.locator(".qs-coding-view .widget-html-content", has_text="Redid:").first.wait_for()
    moved = page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 03$")).first
    expect(moved.locator("xpath=ancestor::li[1]")).to_have_attribute("aria-level", "2")

    # with the keyboard: Space picks 'Extra code 03' up, arrows to the top of the tree, Enter drops
    moved.focus()
    expect(moved).to_be_focused()
    page.keyboard.press("Space")
    expect(moved).to_have_attribute("aria-pressed", "true")
    page.locator(".qs-ctree-top.qs-over").wait_for()
    expect(page.locator(".qs-ctree-live").first).to_contain_text("over the top of the tree")
    # what is said aloud is shown too, for a reviewer who sees the tree and moves with the keyboard
    expect(page.locator(".qs-ctree-carrying").first).to_be_visible()
    expect(page.locator(".qs-ctree-carrying").first).to_contain_text("over the top of the tree")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".qs-ctree-chip.qs-over")).to_have_text(re.compile(r"^Agreeing goals"))
    # a colleague's new code (first in the tree) redraws it meanwhile: the code is still carried,
    # over the same code as before
    with Project.open(example_copy, reviewer="BB") as colleague:
        colleague.create_code("A colleague's new code")
    page.locator(".qs-ctree-chip", has_text="A colleague's new code").wait_for()
    carried = page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 03$")).first
    expect(carried).to_have_attribute("aria-pressed", "true")
    expect(carried).to_be_focused()
    expect(page.locator(".qs-ctree-chip.qs-over")).to_have_text(re.compile(r"^Agreeing goals"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.locator(".qs-ctree-top.qs-over").wait_for()
    page.keyboard.press("Enter")
    page.locator(".qs-ctree-said", has_text="'Extra code 03' is now at the top of the code tree").wait_for()
    expect(page.locator(".qs-ctree-carrying").first).to_be_hidden()  # the move is over
    expect(page.locator(".qs-ctree-chip", has_text=re.compile(r"^Extra code 03$")).first.locator(
        "xpath=ancestor::li[1]")).to_have_attribute("aria-level", "1")
    _shot(page, page.locator(".qs-coding-view .jupyter-widget-tab, .qs-coding-view .widget-tab").first,
          artifacts / "code-tree-by-parent.png")

    # nothing clipped and no empty scroll bars in the Codebook tab at 1280 px
    problems = layout_problems(page, ".qs-coding-view .widget-tab-contents")
    assert not problems, problems

    # a merge asks first, and Cancel leaves the codes alone
    merge_from = page.locator(".qs-coding-view .widget-select-multiple", has=page.locator("label", has_text="Merge"))
    pick_option(merge_from.locator("select"), "Extra code 03")
    _choose(page, "into", "Extra code 01")
    coding_button(page, "Merge").click()
    question = page.get_by_text("Merge 'Extra code 03' into 'Extra code 01'?").first
    question.wait_for()
    question.scroll_into_view_if_needed()
    _shot(page, page.locator(".qs-coding-view .jupyter-widget-tab, .qs-coding-view .widget-tab").first,
          artifacts / "code-merge-confirmation.png")
    coding_button(page, "Cancel").click()
    page.get_by_text("nothing merged").first.wait_for()

    # a new colour for the chosen code, typed and entered: the code's at once
    typed = page.locator(".qs-coding-view .widget-colorpicker input[type='text']").first
    typed.fill("#123456")
    typed.press("Enter")
    typed.blur()  # (a text field commits its value on Enter or on leaving it)
    page.get_by_text("'Extra code 02' is now shown in #123456").first.wait_for()
    with Project.open(example_copy) as p:
        assert p.code("Extra code 02").colour == "#123456"
        assert p.code("Extra code 02").parent == p.code("Extra code 01").code_id
