"""Each anywidget's module is its own file with the shared drag module put in place of its import."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from synthesis.widgets.code_tree import CodeTree
from synthesis.widgets.esm import IMPORT, module
from synthesis.widgets.theme_board import BoardWidget


@pytest.mark.parametrize("widget", [CodeTree, BoardWidget])
def test_both_widgets_carry_the_one_shared_drag_module(widget):
    text = str(widget._esm)
    assert text.count("export function mover(") == 1 and text.count("export default { render }") == 1
    assert IMPORT.search(text) is None
    assert "pointerdown" not in text.split("export function mover(")[0]  # no drag code of its own before it
    assert text.count('addEventListener("pointerdown"') == 1  # the shared one, once


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse JavaScript")
@pytest.mark.parametrize("name", ["code_tree.js", "theme_board.js"])
def test_the_built_module_parses(tmp_path, name):
    path = tmp_path / f"{name}.mjs"
    path.write_text(module(name))
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_shared_files_go_in_once_even_in_a_cycle(tmp_path):
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport function a() { return b(); }\n')
    (tmp_path / "b.js").write_text('import { a } from "./a.js";\nexport function b() { return 1; }\n')
    (tmp_path / "w.js").write_text('import { a } from "./a.js";\nimport { b } from "./b.js";\nexport default { a };\n')
    text = module("w.js", tmp_path)
    assert text.count("export function a()") == 1 and text.count("export function b()") == 1
    assert IMPORT.search(text) is None


def test_a_name_the_shared_file_does_not_export_is_an_error(tmp_path):
    (tmp_path / "s.js").write_text("function hidden() {}\n")
    (tmp_path / "w.js").write_text('import { hidden } from "./s.js";\n')
    with pytest.raises(ValueError, match="w.js imports hidden from s.js"):
        module("w.js", tmp_path)
