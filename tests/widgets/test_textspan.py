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
