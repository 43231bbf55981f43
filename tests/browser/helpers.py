"""Mouse and keyboard helpers shared by the browser tests."""

from __future__ import annotations


def drag_select(page, phrase: str) -> None:
    """Select ``phrase`` in the coding view's text by dragging the mouse across it."""
    box = page.evaluate(
        """(phrase) => {
            const root = document.querySelector('.qs-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(phrase);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + 1);
                range.startContainer.parentElement.scrollIntoView({block: 'center'});
                const first = range.getBoundingClientRect();
                range.setStart(node, at + phrase.length - 1); range.setEnd(node, at + phrase.length);
                const last = range.getBoundingClientRect();
                return {x0: first.left + 1, y0: first.top + first.height / 2,
                        x1: last.right - 1, y1: last.top + last.height / 2};
            }
            return null;
        }""",
        phrase,
    )
    assert box, f"phrase not found in the text: {phrase!r}"
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def create_and_apply(page, label: str) -> None:
    """Type a new code's label in the palette and press its Create & apply button."""
    search = page.get_by_placeholder("Search codes, or type a new code's label")
    search.fill(label)
    search.press("Tab")
    page.locator("button", has_text=f"Create “{label[:24]}” & apply").click()


def highlight(page, label: str):
    return page.locator(f'.qs-coded[data-codes*="{label}"]')
