"""A widget's front end as the one ES module anywidget loads.

anywidget sends each widget's ``_esm`` to the page as a single module, so a module there cannot
import a file beside it. A widget's ``.js`` file may still name what it uses from a shared file
in this folder with an import line, ``import { el, mover } from "./drag.js";``, which keeps
both files ordinary ES modules to read and check; :func:`module` puts the shared file's text in
place of that line. Only such lines, at the start of a line, naming files of this folder, are
replaced, and each shared file goes in once.

>>> text = module("theme_board.js")
>>> "export function mover(" in text and "export default { render }" in text
True
>>> IMPORT.search(text) is None
True
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent

#: ``import { a, b } from "./name.js";`` on a line of its own
IMPORT = re.compile(r'^import\s*\{(?P<names>[\w\s,]*)\}\s*from\s*"\./(?P<file>[\w-]+\.js)";[ \t]*$', re.M)


def module(name: str, folder: Path = HERE) -> str:
    """The text of ``folder/name`` with each relative import line replaced by the imported
    file's text (its own imports replaced the same way, each file once). A name the
    imported file does not export is an error, so a typo fails here and not in the page.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "shared.js").write_text("export function twice(x) { return 2 * x; }\\n")
    >>> _ = (d / "w.js").write_text('import { twice } from "./shared.js";\\nexport default { twice };\\n')
    >>> print(module("w.js", d))
    export function twice(x) { return 2 * x; }
    export default { twice };
    <BLANKLINE>
    >>> _ = (d / "bad.js").write_text('import { thrice } from "./shared.js";\\n')
    >>> module("bad.js", d)
    Traceback (most recent call last):
    ...
    ValueError: bad.js imports thrice from shared.js, which does not export it
    """
    return _inline(name, folder, {name})


def _inline(name: str, folder: Path, done: set[str]) -> str:
    text = (folder / name).read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        shared = match["file"]
        inner = ""
        if shared not in done:
            done.add(shared)
            inner = _inline(shared, folder, done)
        exported = set(re.findall(r"^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)",
                                  (folder / shared).read_text(encoding="utf-8"), re.M))
        for wanted in (n.strip() for n in match["names"].split(",") if n.strip()):
            if wanted not in exported:
                raise ValueError(f"{name} imports {wanted} from {shared}, which does not export it")
        return inner.rstrip("\n")

    return IMPORT.sub(replace, text)
