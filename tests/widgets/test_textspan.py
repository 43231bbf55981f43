"""The text widget's JavaScript puts data into the page only as text, and colours only
when they are hex colours."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from synthesis.widgets.textspan import HERE

SOURCE = (HERE / "textspan.js").read_text(encoding="utf-8")


SINKS = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
         "setAttribute(\"style\"", "style.cssText", "createContextualFragment"]


@pytest.mark.parametrize("sink", SINKS)
def test_no_markup_sinks(sink):
    assert sink not in SOURCE


def test_data_goes_in_as_text():
    assert "span.textContent = " in SOURCE and "span.title = " in SOURCE
    # every colour that reaches CSS passes safeColour (tint calls it too)
    for line in SOURCE.splitlines():
        if "colour" in line and ("style" in line or "px 0" in line):
            assert "safeColour(" in line or "tint(" in line, line


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_safe_colour_in_javascript():
    function = re.search(r"const NEUTRAL = .*?\n\nfunction safeColour\(value\) \{.*?\n\}\n", SOURCE, re.S).group(0)
    colours = ["#E69F00", "#abc", 'red" onmouseover="x', "#fff;background:url(x)", "", None, 7, "#E69F00\n"]
    script = f"{function}\nconsole.log(JSON.stringify({json.dumps(colours)}.map(safeColour)));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(out) == ["#E69F00", "#aabbcc", "#999999", "#999999", "#999999", "#999999", "#999999", "#999999"]


def _functions(*names: str) -> str:
    """The source of pure functions of textspan.js, to run under Node."""
    found = []
    for name in names:
        match = re.search(rf"\nfunction {name}\(.*?\n\}}\n", SOURCE, re.S)
        assert match, name
        found.append(match.group(0))
    return "\n".join(found)


def _node(script: str):
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout
    return json.loads(out)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_pieces_are_cut_at_selection_and_paragraph_starts():
    runs = [[0, 10, []], [10, 30, ["K1"]], [30, 40, []]]
    script = (f"{_functions('cut')}\nconsole.log(JSON.stringify(cut({json.dumps(runs)}, [5, 12], [0, 20, 35])"
              ".map(p => [p.start, p.end, p.ids, p.selected, p.para])));")
    assert _node(script) == [
        [0, 5, [], False, 0], [5, 10, [], True, 0], [10, 12, ["K1"], True, 0], [12, 20, ["K1"], False, 0],
        [20, 30, ["K1"], False, 1], [30, 35, [], False, 1], [35, 40, [], False, 2]]
    # no paragraphs: one block, and the pieces still cover the text in order
    script = f"{_functions('cut')}\nconsole.log(JSON.stringify(cut({json.dumps(runs)}, [], []).map(p => p.para)));"
    assert _node(script) == [-1, -1, -1]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_stripes_that_overlap_get_different_columns():
    stripes = [[0, 50, "A"], [10, 20, "B"], [15, 30, "C"], [20, 25, "D"], [60, 70, "E"]]
    placed = _node(f"{_functions('columns')}\nconsole.log(JSON.stringify(columns({json.dumps(stripes)})));")
    assert placed == {"A": 0, "B": 1, "C": 2, "D": 1, "E": 0}
    for a, b in [(p, q) for p in stripes for q in stripes if p < q]:
        if a[0] < b[1] and b[0] < a[1]:
            assert placed[a[2]] != placed[b[2]]


def test_stripe_clicks_and_jumps_come_through_python():
    from synthesis.widgets.textspan import TextSpanWidget

    widget = TextSpanWidget(text="Trust grew.")
    picked = []
    widget.on_stripe(picked.append)
    widget._handle(widget, {"type": "stripe", "coding": "K7"}, [])
    assert picked == ["K7"]
    widget.scroll_to(0, 5)
    widget.scroll_to(0, 5)
    assert widget.jump == [0, 5, 2]  # a second jump to the same place is a change, so it scrolls


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_markdown_bold_is_cut_into_pieces_of_its_own_that_keep_the_texts_offsets():
    from synthesis.coding.emphasis import marks

    text = "- **Background:** partners met. **Trust** grew."
    found = [list(m) for m in marks(text)]
    runs = [[0, 8, []], [8, len(text), ["K1"]]]  # a coding that starts inside the first run ("Back|ground")
    script = (f"{_functions('markAt', 'cut')}\nconst marks = {json.dumps(found)};\n"
              f"console.log(JSON.stringify(cut({json.dumps(runs)}, [], [], marks.flatMap(m => [m[0], m[1]]))"
              ".map(p => [p.start, p.end, markAt(marks, p.start, p.end)])));")
    pieces = _node(script)
    assert "".join(text[a:b] for a, b, _ in pieces) == text  # every character, in order, once
    assert [a for a, _, _ in pieces] == sorted({0, 8, *(x for m in found for x in m[:2])} - {len(text)})
    assert [(text[a:b], kind) for a, b, kind in pieces if kind] == [
        ("**", "marker"), ("Back", "bold"), ("ground:", "bold"), ("**", "marker"),
        ("**", "marker"), ("Trust", "bold"), ("**", "marker")]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_stripe_labels_sit_level_with_their_stripes_or_just_under_the_label_above():
    constants = re.search(r"const LABEL_MIN = [^;]*;", SOURCE).group(0) + "\n"
    items = [{"top": 0, "height": 30}, {"top": 0, "height": 16}, {"top": 60, "height": 16}, {"top": 62, "height": 44}]
    script = (f"{constants}{_functions('stack', 'labelCap')}\n"
              f"console.log(JSON.stringify([stack({json.dumps(items)}, 2), stack([], 2), "
              "[200, 495, 900].map(labelCap)]));")
    placed, empty, caps = _node(script)
    assert placed == {"tops": [0, 32, 60, 78], "bottom": 122}
    assert empty == {"tops": [], "bottom": 0}
    assert caps == [96, 134, 176]  # a share of the text's width, never too narrow nor too wide
