"""A span coded with several codes shows every code: the looks the coding view sends to the text,
and what the text widget's JavaScript draws from them (run under Node, without a browser)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from test_textspan import _functions as pure_functions
from test_textspan import _node

from synthesis import Project
from synthesis.highlight import PAGES, blend
from synthesis.palette import DISPLAY_PALETTE, contrast
from synthesis.widgets import CodingView
from synthesis.widgets.textspan import HERE, look_key

SOURCE = (HERE / "textspan.js").read_text(encoding="utf-8")
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")


@pytest.fixture()
def crowded(tmp_path):
    """A span coded with two codes beyond the palette's size (drawn with patterns) and an old plain
    code: whatever order the span lists them in, a patterned code is not the first."""
    p = Project.init(tmp_path / "r", reviewer="NT")
    p.add_text("Trust grew over time. Both partners acted quickly.", title="Note", source_id="note")
    codes = [p.create_code(f"Code {n:02d}") for n in range(len(DISPLAY_PALETTE) + 2)]
    p.apply_code("note", 0, 21, [codes[0], codes[-2], codes[-1]])
    view = CodingView(p)
    yield p, view, (codes[0], codes[-2], codes[-1])
    p.close()


def test_the_text_gets_every_code_of_a_span_with_its_pattern(crowded):
    project, view, (plain, *late) = crowded
    patterns = view.session.patterns()
    assert patterns[plain.code_id] == "" and all(patterns[c.code_id] for c in late)
    runs = [r for r in view.text.runs if len(r[2]) == 3]
    assert runs, view.text.runs
    look = view.text.looks[look_key([view.text.legend[i] for i in runs[0][2]])]
    drawn = {layer[0]: layer for layer in look["layers"]}
    assert set(drawn) == {plain.label, *(c.label for c in late)}
    assert {c.label: drawn[c.label][2] for c in (plain, *late)} == {c.label: patterns[c.code_id] for c in (plain, *late)}
    assert [layer[2] for layer in look["layers"]][1:].count("") < 2  # not only the first code's pattern
    for _label, colour, _pattern, _ink, tint, shade in look["layers"]:
        for page, text in PAGES:
            assert contrast(text, blend(blend(page, colour, tint), colour, shade)) >= 4.5
    # a run of one of those codes alone has a look of its own
    project.apply_code("note", 22, 50, [late[0]])
    view.refresh()
    alone = [r for r in view.text.runs if len(r[2]) == 1]
    key = look_key([view.text.legend[alone[0][2][0]]])
    assert [layer[0] for layer in view.text.looks[key]["layers"]] == [late[0].label]


def test_looks_follow_the_runs_and_legend_they_are_drawn_from():
    from synthesis.widgets.textspan import TextSpanWidget

    widget = TextSpanWidget(text="Trust grew.")
    widget.legend = {"K1": {"label": "Trust", "colour": "#E69F00", "pattern": "grid"}}
    widget.runs = [[0, 5, ["K1"]], [5, 11, []]]
    assert list(widget.looks) == ["Trust\t#E69F00\tgrid"] and widget.looks["Trust\t#E69F00\tgrid"]["layers"][0][2] == "grid"
    widget.runs = [[0, 11, []]]
    assert widget.looks == {}


def _functions(*names: str) -> str:
    """The source of pure functions of textspan.js, after the constants they use."""
    constants = [re.search(r"const NEUTRAL = .*?;\n", SOURCE).group(0),
                 re.search(r"const PATTERNS = .*?;\n", SOURCE).group(0),
                 re.search(r"const PATTERN_WORDS = .*?};\n", SOURCE, re.S).group(0)]
    return "\n".join([*constants, pure_functions(*names)])


PAINT = """
const node = { style: {}, classes: [], classList: { add(c) { node.classes.push(c); } } };
paint(node, LOOK);
console.log(JSON.stringify({ style: node.style, classes: node.classes }));
"""


@needs_node
def test_every_code_is_drawn_behind_and_under_the_text():
    from synthesis.highlight import highlight_look

    look = highlight_look([("Trust", "#E69F00", ""), ("Speed", "#E69F00", "stripes"),
                           ("Pace", "#332288", "dots")]).as_json()
    script = _functions("safeColour", "tint", "images", "paint") + PAINT.replace("LOOK", json.dumps(look))
    out = _node(script)
    style = out["style"]
    layers = [i.strip() for i in re.split(r",\s*(?=(?:repeating-)?(?:linear|radial)-gradient)", style["backgroundImage"])]
    sizes, positions, repeats = (style[k].split(", ") for k in ("backgroundSize", "backgroundPosition",
                                                                   "backgroundRepeat"))
    assert len(layers) == len(sizes) == len(positions) == len(repeats)
    # each code: a solid band under the text and a tinted slice behind it; the patterned codes'
    # patterns on both (black on the orange band, white on the dark blue one)
    assert sum(i == "linear-gradient(#E69F00, #E69F00)" for i in layers) == 2
    assert "linear-gradient(#332288, #332288)" in layers
    assert "repeating-linear-gradient(45deg, #000000 0 2px, transparent 2px 6px)" in layers
    assert "radial-gradient(#FFFFFF 1.5px, transparent 1.6px)" in layers
    assert sum(i.startswith("repeating-linear-gradient(45deg, rgba(230, 159, 0, 0.") for i in layers) == 1
    assert sum(i.startswith("radial-gradient(rgba(51, 34, 136, 0.") for i in layers) == 1
    assert sum(i.startswith("linear-gradient(rgba(") for i in layers) == 3
    assert style["paddingBottom"] == f"{3 * look['band']}px"
    assert "calc((100% - 9px) / 3)" in style["backgroundSize"]  # three slices above three 3px bands
    assert sorted(out["classes"]) == ["qs-pat-dots", "qs-pat-stripes"]


@needs_node
def test_bad_looks_draw_nothing_from_data():
    look = {"layers": [["X", 'red;background:url(x)', "url(x)", "#000;x", "1; x", "2"]], "band": "99"}
    script = _functions("safeColour", "tint", "images", "paint") + PAINT.replace("LOOK", json.dumps(look))
    style = _node(script)["style"]
    assert "url" not in json.dumps(style) and "red" not in json.dumps(style)
    assert style["paddingBottom"] == "8px"  # the band is at most 8 pixels


@needs_node
def test_the_tooltip_lists_every_code_with_its_reviewer_and_pattern():
    entries = [{"label": "Trust", "reviewer": "NT", "pattern": ""},
               {"label": "Speed", "reviewer": "AG", "pattern": "cross"},
               {"label": "Pace", "reviewer": "NT", "pattern": "<b>"}]
    script = _functions("describe") + f"console.log(JSON.stringify(describe({json.dumps(entries)})));"
    assert _node(script) == "Trust (NT)\nSpeed (AG), cross-hatched\nPace (NT)"
