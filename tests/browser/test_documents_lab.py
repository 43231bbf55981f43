"""The coding view's ways to a place in the text, in a real JupyterLab: the Documents tab lists
every source with its codings and each reviewer's progress by sentence and opens the one clicked;
Show on a quotation and on a memo opens its source with the span selected and in view."""

from __future__ import annotations

import re

from helpers import coding_button, coding_tab, open_and_run, pick_option

# what the example review holds (reviewer NT opens notebook 02)
TOOGOOD = "Toogood, n.d."
TOOGOOD_PROGRESS = "NT coded 5 of 22 sentences (23%) · AG coded 5 of 22 sentences (23%)"
MEMO_QUOTE = "should not be confused with rigidity or with entirely non-overlapping role delineation"
MEMO_START = "Role clarity without rigidity"

SELECTED_SOURCE = """() => {
    const box = Array.from(document.querySelectorAll('.qs-coding-view .widget-dropdown'))
        .find(b => (b.querySelector('label') || {}).textContent === 'Source');
    const select = box.querySelector('select');
    return select.options[select.selectedIndex].textContent.replace(/\\u00a0/g, ' ');
}"""

# the selection on the page: its text, and whether it lies within the visible part of the notebook
SELECTION = """() => {
    const marks = Array.from(document.querySelectorAll('.qs-coding-view .qs-selected'));
    if (!marks.length) return null;
    const area = document.querySelector('.jp-WindowedPanel-outer, .jp-Notebook').getBoundingClientRect();
    const box = marks[0].getBoundingClientRect();
    return {text: marks.map(m => m.textContent).join(''),
            visible: box.top >= area.top && box.bottom <= area.bottom};
}"""


def _selected_in_view(page, text: str) -> None:
    """Wait until ``text`` is the selection and lies within the visible part of the notebook."""
    page.wait_for_function(f"() => {{ const s = ({SELECTION})(); return s && s.text === {text!r} && s.visible; }}")


def test_documents_quotations_and_memos_go_to_their_place(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb")
    view = page.locator(".qs-coding-view").first

    # Documents: every source, its codings by reviewer and every reviewer's progress by sentence
    coding_tab(page, "Documents")
    listing = view.locator(".widget-html-content", has_text="sources;").first
    listing.wait_for()
    assert re.search(r"7 sources; NT has coded \d+ of 665 sentences", listing.inner_text())
    named = page.locator("button").filter(has_text=re.compile(rf"^\s*{re.escape(TOOGOOD)}\s*$"))
    row = view.locator(".widget-vbox", has=named).last
    row.locator("small", has_text="NT coded").wait_for()
    assert TOOGOOD_PROGRESS in row.inner_text().replace("\xa0", " ")
    assert "12 codings (AG 6, NT 6)" in row.inner_text()
    page.screenshot(path=str(artifacts / "documents-tab.png"), full_page=False)
    # the open source is scrolled down; the one clicked opens at its top
    page.evaluate("() => { const t = document.querySelector('.qs-coding-view .qs-text'); t.scrollTop = t.scrollHeight; }")
    page.wait_for_function("() => document.querySelector('.qs-coding-view .qs-text').scrollTop > 0")
    coding_button(page, TOOGOOD).click()
    page.wait_for_function(f"() => ({SELECTED_SOURCE})().startsWith({TOOGOOD!r})")
    page.wait_for_function("() => document.querySelector('.qs-coding-view .qs-text').textContent.includes('Sandy Toogood')")
    assert page.evaluate("() => document.querySelector('.qs-coding-view .qs-text').scrollTop") == 0
    page.wait_for_function("""(name) => Array.from(document.querySelectorAll('.qs-coding-view button.mod-info'))
        .some(b => b.textContent.trim() === name)""", arg=TOOGOOD)

    # Quotations: Show opens the quotation's source with its span selected, in view
    coding_tab(page, "Quotations")
    box = view.locator(".widget-dropdown:visible", has=page.locator("label", has_text=re.compile(r"^Code$"))).first
    select = box.locator("select")
    pick_option(select, "Flexible hierarchies")
    show = page.get_by_title("Open this quotation's source, scroll to it and select it")
    quotation = view.locator(".widget-hbox:visible", has=show, has_text=MEMO_QUOTE[:40]).last  # its row
    quotation.wait_for()
    quotation.locator("button").click()
    _selected_in_view(page, MEMO_QUOTE)
    assert page.evaluate(SELECTED_SOURCE).startswith("McKean et al., 2017")

    # Memos: every memo is listed with what it is about; Show goes to a coding's memo's place
    coding_tab(page, "Memos")
    index = view.locator(".widget-html-content", has_text="All memos").first
    index.wait_for()
    assert "12 memos" in index.inner_text()
    memo = view.locator(".widget-hbox", has=page.get_by_title("Go to what this memo is about"),
                        has_text=MEMO_START).last  # its row
    memo.wait_for()
    words = memo.inner_text().replace("\xa0", " ")
    assert "on 'Flexible hierarchies' on “" in words and "(McKean et al., 2017; p. 523)" in words, words
    assert "((" not in words, words
    # go somewhere else first, so that Show has to move the view
    coding_tab(page, "Documents")
    coding_button(page, TOOGOOD).click()
    page.wait_for_function(f"() => ({SELECTED_SOURCE})().startsWith({TOOGOOD!r})")
    coding_tab(page, "Memos")
    memo.locator("button").click()
    page.wait_for_function(f"() => ({SELECTED_SOURCE})().startsWith('McKean et al., 2017')")
    _selected_in_view(page, MEMO_QUOTE)
    page.wait_for_function("(start) => Array.from(document.querySelectorAll('.qs-coding-view .widget-html-content'))"
                           ".some(e => e.offsetParent && e.textContent.includes(start))", arg=MEMO_START)
    page.screenshot(path=str(artifacts / "memo-show.png"), full_page=False)
