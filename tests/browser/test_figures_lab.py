"""The figures notebook in a real JupyterLab: every figure of the paper is drawn from the example
review, shown whole at the default width (none cut off or squeezed), with no error, and the
captions kept for the paper are printed as text under their figures, not drawn into them."""

from __future__ import annotations

from helpers import open_and_run

#: the figures notebook 05 draws, in order (PRISMA flow, ingredients, 2x2 matrix, coverage,
#: codings per theme, agreement, journey, self-evaluation)
FIGURES = 8

IMAGES = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')).map(img => {
    const area = img.closest('.jp-OutputArea-output').getBoundingClientRect(), box = img.getBoundingClientRect();
    return {loaded: img.complete && img.naturalWidth > 0, natural: img.naturalWidth, shown: box.width,
            inside: box.left >= area.left - 1 && box.right <= area.right + 1};
})"""


def test_every_figure_is_drawn_whole_with_captions_as_text(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/05_figures.ipynb", ready=".jp-OutputArea-output img")
    page.wait_for_function(f"""() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img').length
        >= {FIGURES} && Array.from(document.querySelectorAll('.jp-InputPrompt')).every(p => !p.innerText.includes('*'))""",
                           timeout=300_000)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert not [t for t in errors.all_inner_texts() if "Error" in t or "Traceback" in t]

    images = page.evaluate(IMAGES)
    assert len(images) == FIGURES, images
    for n, image in enumerate(images):
        assert image["loaded"], f"figure {n + 1} did not load"
        assert image["inside"], f"figure {n + 1} reaches past its output area"
        # shown at no less than 60% of its size: a figure made for a page stays readable on screen
        assert image["shown"] >= 0.6 * image["natural"], (n + 1, image)

    # the journey chart's caption is printed for the paper as text, whole words on each line
    caption = page.locator(".jp-OutputArea-output", has_text="Share of local areas at each stage").last
    caption.wait_for()
    lines = [line for line in caption.inner_text().splitlines() if line.strip()]
    assert lines and all(len(line) <= 100 for line in lines), lines

    for n in range(FIGURES):
        image = page.locator(".jp-Notebook .jp-OutputArea-output img").nth(n)
        image.scroll_into_view_if_needed()
        image.screenshot(path=str(artifacts / f"figure-{n + 1}.png"))
