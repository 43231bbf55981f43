"""A span coded with several codes in a real JupyterLab: every code shows on the highlight (a
tinted slice behind the text and an underline band each, patterns included), the tooltip names them
all, and the text keeps WCAG AA contrast on the pixels actually drawn."""

from __future__ import annotations

import io
import json

import numpy as np
from helpers import open_and_run
from PIL import Image

from conftest import axe_violations
from synthesis.coding import CodingSession
from synthesis.coding.session import display_patterns
from synthesis.palette import DISPLAY_PALETTE
from synthesis.project import Project


def _crowded_span(root) -> tuple[list[str], list[str]]:
    """NT makes codes until the palette runs out and codes one sentence of the first source with
    an old code and three codes beyond the palette; returns their labels and patterns."""
    with Project.open(root, reviewer="NT") as p:
        made = [p.create_code(f"Layer code {n + 1:02d}")
                for n in range(max(len(DISPLAY_PALETTE) + 4 - len(p.codes), 4))]
        sid = CodingSession(p, remember=False).source_order()[0]
        segment = next(s for s in p.segments(sid) if 60 < s.end - s.start < 200)
        codes = [next(iter(p.codes.values())), *made[-3:]]
        p.apply_code(sid, segment.start, segment.end, codes)
        patterns = display_patterns(p)
        return [c.label for c in codes], [patterns[c.code_id] for c in codes]


SPAN = """() => Array.from(document.querySelectorAll('.qs-text .qs-coded'))
    .filter(e => (e.dataset.codings || '').split(' ').length >= 4)
    .map(e => { const s = getComputedStyle(e);
        return {title: e.title, image: s.backgroundImage, padding: parseFloat(s.paddingBottom),
                classes: Array.from(e.classList), start: e.dataset.start, color: s.color,
                rects: Array.from(e.getClientRects()).map(r => [r.left, r.top, r.right, r.bottom])}; })"""


def _luminance(rgb: tuple[int, ...]) -> float:
    r, g, b = ((c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_code_on_a_span_shows_and_the_text_stays_readable(lab, example_copy, page, artifacts):
    labels, patterns = _crowded_span(example_copy)
    assert sum(bool(p) for p in patterns[1:]) >= 1, patterns  # codes beyond the palette have patterns
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb", ready=".qs-stripe")
    page.wait_for_function(f"() => ({SPAN})().length > 0")
    spans = page.evaluate(SPAN)
    span = spans[0]
    # the tooltip names every code, its reviewer and its pattern
    for label, pattern in zip(labels, patterns):
        assert any(line.startswith(f"{label} (NT)") for line in span["title"].split("\n")), span["title"]
    assert span["title"].count("\n") >= len(labels) - 1
    # every code drawn: a solid band and a tinted slice each, and every pattern, not only the first
    assert span["image"].count("linear-gradient(rgb(") >= len(labels)  # solid bands
    assert span["image"].count("linear-gradient(rgba(") >= len(labels)  # tinted slices
    for pattern in filter(None, patterns):
        assert f"qs-pat-{pattern}" in span["classes"], span["classes"]
    drawn = span["image"].count("repeating-linear-gradient(") + span["image"].count("radial-gradient(")
    wanted = sum({"": 0, "stripes": 1, "back-stripes": 1, "dots": 1, "cross": 2, "grid": 2}[p] for p in patterns)
    assert drawn == 2 * wanted, (drawn, patterns)  # each pattern behind the text and on its band
    assert span["padding"] >= 2 * len(labels)

    # the whole text box (a screenshot of an element scrolls the page to it: taken before the span
    # is measured where it is on screen)
    page.locator(".qs-text").first.screenshot(path=str(artifacts / "highlight-several-codes-text.png"))

    # scroll it into view and look at it
    page.evaluate("""(start) => document.querySelector(`.qs-text .qs-coded[data-start="${start}"]`)
                     .scrollIntoView({block: 'center'})""", span["start"])
    page.wait_for_function("""(start) => {  // in view, and no longer moving
        const box = document.querySelector(`.qs-text .qs-coded[data-start="${start}"]`).getBoundingClientRect();
        const still = window.__lastTop === box.top;
        window.__lastTop = box.top;
        return still && box.top >= 0 && box.bottom <= window.innerHeight;
    }""", arg=span["start"], polling=100)
    span = next(s for s in page.evaluate(SPAN) if s["start"] == span["start"])
    left = min(r[0] for r in span["rects"]) - 40
    top = min(r[1] for r in span["rects"]) - 30
    width = max(r[2] for r in span["rects"]) - left + 40
    height = max(r[3] for r in span["rects"]) - top + 30
    clip = {"x": max(left, 0), "y": max(top, 0), "width": width, "height": height}
    page.screenshot(path=str(artifacts / "highlight-several-codes.png"), clip=clip)

    # axe-core over the coding view's output area
    problems = axe_violations(page, ".jp-OutputArea-output:has(.qs-coding-view)")
    assert not problems, json.dumps(problems, indent=1)

    # the pixels behind the text, with the text itself hidden: the darkest still gives the text 4.5:1
    page.add_style_tag(content=".qs-text, .qs-text *, .qs-text *::before, .qs-text *::after "
                               "{ color: transparent !important; outline: none !important; }")
    page.wait_for_function("""(start) => getComputedStyle(document.querySelector(
        `.qs-text .qs-coded[data-start="${start}"]`)).color === 'rgba(0, 0, 0, 0)'""", arg=span["start"])
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # painted
    picture = np.asarray(Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB"), dtype=float) / 255
    linear = np.where(picture <= 0.04045, picture / 12.92, ((picture + 0.055) / 1.055) ** 2.4)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    text = tuple(int(c) for c in span["color"][span["color"].index("(") + 1:-1].split(",")[:3])
    darkest = 1.0
    for x0, y0, x1, y1 in span["rects"]:
        left, right = round(x0 - clip["x"]) + 1, round(x1 - clip["x"]) - 1
        top, bottom = round(y0 - clip["y"]) + 1, round(y1 - span["padding"] - clip["y"]) - 1
        if right > left and bottom > top:
            darkest = min(darkest, float(luminance[top:bottom, left:right].min()))
    ratio = (max(darkest, _luminance(text)) + 0.05) / (min(darkest, _luminance(text)) + 0.05)
    assert darkest < 0.95, "nothing drawn behind the text"
    assert ratio >= 4.5, (ratio, darkest, text)
    (artifacts / "highlight-several-codes.json").write_text(json.dumps(
        {"codes": labels, "patterns": patterns, "darkest_luminance": darkest, "text_contrast": ratio}, indent=1))
