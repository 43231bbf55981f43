"""The code tree in a real JupyterLab: codes beyond the palette drawn with patterns, a code moved
under another from the Codebook tab, the tree by parent code, a merge that asks first, a colour set."""

from __future__ import annotations

import re

from helpers import open_and_run

from synthesis.coding import CodingSession
from synthesis.palette import DISPLAY_PALETTE
from synthesis.project import Project

CONTRAST = """() => {
    const lum = (rgb) => {
        const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map(c => c / 255)
            .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return Array.from(document.querySelectorAll('.qs-stripe[class*="qs-pat-"] span')).map(e => {
        const s = getComputedStyle(e), [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    });
}"""


def _more_codes_than_colours(root) -> list[str]:
    """NT makes enough new codes that the palette runs out, and codes the first sentences of the
    first source with the first new code and with the codes beyond the palette."""
    with Project.open(root, reviewer="NT") as p:
        labels = [f"Extra code {n + 1:02d}" for n in range(max(len(DISPLAY_PALETTE) + 6 - len(p.codes), 3))]
        codes = [p.create_code(label) for label in labels]
        sid = CodingSession(p, remember=False).source_order()[0]
        segments = [s for s in p.segments(sid) if s.end - s.start > 20]
        for code, segment in zip([codes[0], codes[1], *codes[-6:]], segments):
            p.apply_code(sid, segment.start, segment.end, code)
        return labels


def _button(page, name: str):
    """The visible button of the coding view named exactly ``name``."""
    return page.locator(".qs-coding-view button:visible").filter(
        has_text=re.compile(rf"^\s*{name}\s*$")).first


def _tab(page, title: str) -> None:
    page.locator(".qs-coding-view .lm-TabBar-tab .lm-TabBar-tabLabel", has_text=title).first.click()


def _pick(select, text: str, *, prefix: bool = False) -> None:
    """Choose the option reading ``text`` (or starting with it) in ``select``; ipywidgets writes
    option labels with no-break spaces, so labels are compared with plain spaces."""
    label = select.evaluate("""(s, [text, prefix]) => Array.from(s.options).map(o => o.textContent)
        .find(t => { const plain = t.replace(/\u00a0/g, ' '); return prefix ? plain.startsWith(text) : plain === text; })""",
                            [text, prefix])
    assert label, f"no option {text!r}"
    select.select_option(label=label)


def _choose(page, select_label: str, option: str) -> None:
    """Pick ``option`` in the ipywidgets dropdown or list whose label says ``select_label``."""
    box = page.locator(".qs-coding-view .widget-inline-hbox, .qs-coding-view .widget-select",
                       has=page.locator("label", has_text=select_label)).first
    _pick(box.locator("select"), option)


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
    _tab(page, "Codebook")
    index = page.evaluate("""(text) => Array.from(document.querySelectorAll('.qs-coding-view select')).findIndex(
        s => Array.from(s.options).some(o => o.textContent.replace(/\u00a0/g, ' ').startsWith(text)))""",
                          "Extra code 02 —")  # the "All codes" list: labels with their counts
    assert index >= 0
    _pick(page.locator(".qs-coding-view select").nth(index), "Extra code 02 —", prefix=True)
    _choose(page, "Move under", "Extra code 01")
    _button(page, "Move").click()
    page.get_by_text("'Extra code 02' is now under 'Extra code 01'").first.wait_for()
    page.locator(".qs-coding-view .widget-toggle-button", has_text="Codes by parent code").click()
    top = page.locator(".qs-coding-view .lm-AccordionPanel-title, .qs-coding-view .p-Collapse-header, "
                       ".qs-coding-view .jupyter-widget-Collapse-header", has_text="Codes —").first
    top.wait_for()
    top.click()
    branch = page.locator(".qs-coding-view .jupyter-widget-Collapse-header, .qs-coding-view .p-Collapse-header",
                          has_text="Extra code 01 — 2 codes").first
    branch.wait_for()
    branch.click()
    page.locator(".qs-coding-view button", has_text="Extra code 02 (1)").first.wait_for()
    patterned = page.locator('.qs-coding-view button[class*="qs-pat-"]')
    assert patterned.count() > 0
    swatch = patterned.first.evaluate("e => getComputedStyle(e, '::before').backgroundImage")
    assert "gradient" in swatch, swatch
    branch.scroll_into_view_if_needed()
    page.locator(".qs-coding-view .jupyter-widget-tab, .qs-coding-view .widget-tab").first.screenshot(
        path=str(artifacts / "code-tree-by-parent.png"))

    # nothing clipped in the Codebook tab at 1280 px
    problems = page.evaluate("""() => {
        const out = [];
        for (const e of document.querySelectorAll('.qs-coding-view .widget-tab-contents button, '
                + '.qs-coding-view .widget-tab-contents label, .qs-coding-view .widget-tab-contents .widget-label')) {
            if (!e.offsetParent) continue;
            if (e.scrollWidth > e.clientWidth + 1) out.push('clipped: ' + (e.textContent || '').trim().slice(0, 60));
        }
        return out;
    }""")
    assert not problems, problems

    # a merge asks first, and Cancel leaves the codes alone
    merge_from = page.locator(".qs-coding-view .widget-select-multiple", has=page.locator("label", has_text="Merge"))
    _pick(merge_from.locator("select"), "Extra code 03")
    _choose(page, "into", "Extra code 01")
    _button(page, "Merge").click()
    question = page.get_by_text("Merge 'Extra code 03' into 'Extra code 01'?").first
    question.wait_for()
    question.scroll_into_view_if_needed()
    page.locator(".qs-coding-view .jupyter-widget-tab, .qs-coding-view .widget-tab").first.screenshot(
        path=str(artifacts / "code-merge-confirmation.png"))
    _button(page, "Cancel").click()
    page.get_by_text("nothing merged").first.wait_for()

    # a new colour for the chosen code
    page.locator(".qs-coding-view .widget-colorpicker input[type='text']").first.fill("#123456")
    page.locator(".qs-coding-view .widget-colorpicker input[type='text']").first.press("Enter")
    _button(page, "Set colour").click()
    page.get_by_text("'Extra code 02' is now shown in #123456").first.wait_for()
    with Project.open(example_copy) as p:
        assert p.code("Extra code 02").colour == "#123456"
        assert p.code("Extra code 02").parent == p.code("Extra code 01").code_id
